//! Feedback items: feedback that no survey asked for. A customer's
//! compliment, suggestion or complaint about the process (a complaint about a
//! service delivered is a case), or a member of staff's feedback on the
//! process: the SOPs gather feedback "from both customers and service
//! representatives".
//!
//! One aggregate in the crate's parts:
//! - [`FeedbackItem`], the state: plain data with getters;
//! - [`Command`], what a user asks, and [`Feedback`], what is logged;
//! - [`Event`], what happened: a stable, snapshot-tested wire form;
//! - [`decide`](FeedbackItem#method.decide), where every rule lives, and
//!   [`apply`](crate::Aggregate::apply), which folds events into the state.
//!
//! The lifecycle: logged, with its source (a customer, known or not, or a
//! member of staff), kind, channel, text and, if given, a category and a
//! rating → linked to the case it is about or the improvement it led to (a
//! CAPA, a non-conformance, a review meeting's action item) → reviewed, with a
//! note, by someone other than the member of staff who gave it. Its review is
//! due by the second review meeting after it was logged; the scheduler
//! records it overdue when it is not
//! ([`next_deadline`](crate::Aggregate::next_deadline) and
//! [`Command::RecordDeadline`]). Its text is personal data: erased on
//! request, or disposed of once the feedback log's retention has run (12
//! months by the SOP), never while a legal hold is in force; its kind,
//! source, rating and links stay for the figures.
//!
//! The feedback log lists the items beside the follow-ups' answers
//! ([`feedback_log_with_items`](super::feedback_log_with_items)); the monthly
//! review counts them by source and kind (`Kpis::monthly_feedback` in the kpi
//! module).
//!
//! This module knows the policy, the calendar and the actors, and the ids of
//! the records it links; it knows nothing of storage, nor of their state.
//!
//! # Example
//! A customer writes in to say the refund form is impossible to find; a
//! representative logs it. A CAPA is raised from it, and QA reviews it. A
//! year on, its text is disposed of, but not while a legal hold is in force.
//! ```
//! use casework::feedback::item::{Command, Feedback, FeedbackItem, FeedbackKind, Link, Status};
//! use casework::{Actor, ActorId, Aggregate, CapaId, Channel, Ctx, CustomerRef, FeedbackItemId, Policy, Role};
//! use casework::records::ERASED;
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use uuid::Uuid;
//!
//! let policy = Policy::sop_default()?;
//! let person = |n, role| Actor::new(ActorId::from_uuid(Uuid::from_u128(n)), [role]);
//! let (csr, qa) = (person(1, Role::CustomerServiceRepresentative), person(2, Role::QaSpecialist));
//! let (owner, system) = (person(3, Role::ProcessOwner), person(9, Role::System));
//! let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
//! let at = |actor, days| Ctx::new(monday + TimeDelta::days(days), actor, &policy);
//!
//! let mut item = FeedbackItem::default();
//! item.record(&Command::RecordCustomerFeedback {
//!     feedback: Feedback::new(
//!         FeedbackItemId::from_uuid(Uuid::from_u128(5)),
//!         FeedbackKind::ProcessComplaint,
//!         Channel::WebForm,
//!         "I looked for the refund form for an hour.",
//!         monday - TimeDelta::hours(2),
//!     )
//!     .category("billing/refund"),
//!     customer: Some(CustomerRef::from_uuid(Uuid::from_u128(7))),
//! }, &at(csr, 0))?;
//! // Due by the second monthly review after it was logged (the 1st of each
//! // month at opening): 1 January 2027.
//! assert_eq!(item.review_due(), Some(Utc.with_ymd_and_hms(2027, 1, 1, 9, 0, 0).unwrap()));
//!
//! let capa = Link::Capa { id: CapaId::from_uuid(Uuid::from_u128(9)) };
//! item.record(&Command::Link { link: capa }, &at(qa, 8))?;
//! let twice = item.record(&Command::Link { link: capa }, &at(qa, 8)).unwrap_err();
//! assert_eq!(twice.rule(), "already_linked");
//! item.record(&Command::Review { note: "CAPA raised: link the form from every answer".into() }, &at(qa, 8))?;
//! assert_eq!(item.status(), Some(Status::Reviewed));
//! assert_eq!(item.next_deadline(&policy)?, None);
//!
//! // Not before the feedback log's 12 months, and not under a legal hold.
//! let early = item.record(&Command::DisposeText, &at(system, 300)).unwrap_err();
//! assert_eq!(early.rule(), "feedback_not_due");
//! item.record(&Command::PlaceLegalHold { reason: "Claim 2027-003".into() }, &at(owner, 300))?;
//! let held = item.record(&Command::DisposeText, &at(system, 400)).unwrap_err();
//! assert_eq!(held.rule(), "legal_hold");
//! item.record(&Command::ReleaseLegalHold { reason: "Claim 2027-003".into() }, &at(owner, 400))?;
//! item.record(&Command::DisposeText, &at(system, 400))?;
//! assert_eq!(item.feedback().map(|f| f.text.as_str()), Some(ERASED));
//! // What the figures need stays.
//! assert_eq!((item.feedback().map(|f| f.kind), item.links()), (Some(FeedbackKind::ProcessComplaint), &[capa][..]));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod command;
mod decide;
mod error;
mod event;
mod state;

pub use command::{Command, Feedback};
pub use error::FeedbackItemError;
pub use event::Event;
pub use state::{Erasure, FeedbackItem, FeedbackKind, Link, Origin, Review, Source, Status};
