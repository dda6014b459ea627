//! Follow-up and feedback: the rating scale a survey asks on, the rules that
//! keep customers from being surveyed too often, the customer feedback log as a
//! fold over case events, and its retention with legal holds (the
//! [`records`](crate::records) module's, re-exported here).
//!
//! Feedback that no survey asked for (a customer's compliment, suggestion or
//! complaint about the process, and staff's feedback on the process) is a
//! [`FeedbackItem`](item::FeedbackItem) of its own, the [`item`] module's
//! aggregate: logged with its source, linked to the case it is about or the
//! improvement it led to, reviewed, and its text disposed of after the log's
//! retention. [`feedback_log_with_items`] lists the items beside the
//! follow-ups' answers, each with its [`FeedbackSource`].
//!
//! The follow-up itself is a case command
//! ([`RecordFollowUp`](crate::case::Command::RecordFollowUp)); when it falls
//! due, and that it is overdue, is the policy's `follow_up` SLA metric
//! (2 business days from resolution by default), which the case's
//! `next_deadline` includes. A service delivered owes a follow-up too,
//! whatever the case's status. An unresolved concern at follow-up stays open
//! and starts the `concern_escalation` clock (24 hours by the SOP): the desk
//! resolves it ([`ResolveConcern`](crate::case::Command::ResolveConcern)) or
//! escalates it before then, or the deadline command escalates it to the
//! department the policy names. A case with an open concern cannot close.
//!
//! This module reads case events and keeps feedback items; it knows nothing
//! of storage, of the KPIs that count its entries, nor of the meetings that
//! review them.
//!
//! # Example
//! A complaint resolved on Monday is followed up on Tuesday by phone, the
//! customer's preferred channel: they rate it 2 of 5, and their concern is not
//! resolved. Nobody acts on it, so the scheduler, running late on Thursday,
//! escalates the concern as of its due instant. The feedback log, folded over
//! the case's events, shows the answer and the action it led to:
//! ```
//! use casework::case::{Case, CaseKind, Command, Intake, Resolution};
//! use casework::feedback::{Response, feedback_log};
//! use casework::{Actor, ActorId, Aggregate, CaseId, Channel, Ctx, CustomerRef, Policy, Reference, Role};
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use uuid::Uuid;
//!
//! let policy = Policy::sop_default()?;
//! let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
//! let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
//! let at = |hours| Ctx::new(monday + TimeDelta::hours(hours), csr, &policy);
//! let intake = Intake::new(
//!     CaseId::from_uuid(Uuid::from_u128(42)),
//!     Reference::new("CMP", 2026, 42)?,
//!     CaseKind::Complaint,
//!     Channel::Email,
//!     CustomerRef::from_uuid(Uuid::from_u128(7)),
//!     monday,
//! )
//! .about("delivery/late", "Parcel two weeks late")
//! .description("Ordered on the 2nd, still not here.")
//! .follow_up_by(Channel::Phone);
//!
//! let mut case = Case::default();
//! let mut history = case.record(&Command::Log { intake, first_contact_resolution: None }, &at(0))?;
//! history.extend(case.record(&Command::Acknowledge { channel: Channel::Email }, &at(1))?);
//! history.extend(case.record(&Command::Resolve {
//!     resolution: Some(Resolution::text("Reshipped by courier")),
//!     root_cause: Some("supplier".into()),
//! }, &at(2))?);
//!
//! // The follow-up asks for a rating: a survey, on the policy's 1 to 5 scale.
//! assert!(policy.feedback().scale.check(6).is_err());
//! history.extend(case.record(&Command::RecordFollowUp {
//!     channel: Channel::Phone,
//!     other_channel_reason: None,
//!     rating: Some(2),
//!     comments: "Arrived, but damaged".into(),
//!     concern_resolved: false,
//!     answers: vec![],
//!     last_surveyed_at: None,
//!     survey_override: None,
//! }, &at(26))?);
//! assert!(case.open_concern().is_some());
//!
//! // Thursday: the scheduler records everything that came due, each as of its
//! // own due instant: the concern escalated 24 hours after the follow-up.
//! let scheduler = Actor::new(ActorId::from_uuid(Uuid::from_u128(9)), [Role::System]);
//! let due = case.record_due(&Ctx::new(monday + TimeDelta::days(3), scheduler, &policy))?;
//! let escalated = due.iter().find(|r| r.event.name() == "escalated").unwrap();
//! assert_eq!(Case::came_due(&escalated.event), Some(monday + TimeDelta::hours(26 + 24)));
//! history.extend(due);
//!
//! let log = feedback_log(&history, policy.feedback().retention);
//! assert_eq!(log.len(), 1);
//! assert!(matches!(log[0].response, Response::Answered { rating: Some(2), concern_resolved: false, .. }));
//! assert_eq!(log[0].actions_taken, ["escalated"]);
//! // The log is kept as long as the policy says (12 months by the SOP).
//! assert_eq!(log[0].disposal_at, Some(Utc.with_ymd_and_hms(2027, 11, 24, 11, 0, 0).unwrap()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod item;
mod log;

pub use crate::policy::feedback::{
    FeedbackPolicy, RatingOutOfScale, RatingScale, SurveyRefusal, SurveyRules,
};
/// Retention and legal holds: they live in [`records`](crate::records), which
/// every kind of record shares; re-exported here, where they were first.
pub use crate::records::{LegalHold, Retention};
pub use log::{
    FeedbackEntry, FeedbackSource, ItemEntry, LogEntry, Response, feedback_log,
    feedback_log_with_items,
};
