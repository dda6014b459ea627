//! Continuous-improvement review meetings: scheduled by a recurrence
//! ([`MeetingPolicy`]), with an [`Agenda`] filled from data (the period's
//! KPIs, monthly trends, open CAPAs, overdue actions); minutes and decisions
//! recorded; action items, each with an owner and a due date, tracked to done
//! or cancelled with a reason; closed with the outcome documented; and the
//! meeting's improvement action plan superseded by the next one's.
//!
//! # Example
//! ```
//! use casework::governance::meeting::{Agenda, Command, ReviewMeeting};
//! use casework::{Actor, ActorId, Aggregate, Ctx, MeetingId, Policy, Role};
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use uuid::Uuid;
//!
//! let policy = Policy::sop_default()?;
//! let owner = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::ProcessOwner]);
//! let manager = Actor::new(ActorId::from_uuid(Uuid::from_u128(2)), [Role::CustomerServiceManager]);
//! let at = policy.governance().review_meetings.next_meeting(
//!     Utc.with_ymd_and_hms(2026, 11, 15, 0, 0, 0).unwrap(), policy.calendar())?;
//! let ctx = |actor, now| Ctx::new(now, actor, &policy);
//! let week = TimeDelta::days(7);
//!
//! let mut review = ReviewMeeting::default();
//! review.record(&Command::Schedule {
//!     meeting: MeetingId::from_uuid(Uuid::from_u128(7)),
//!     title: "Monthly quality review".into(), at, agenda: Agenda::new().with_topic("CSAT"),
//! }, &ctx(owner, at - week))?;
//! review.record(&Command::RecordMinutes {
//!     attendees: vec![owner.id, manager.id], minutes: "CSAT fell in billing.".into(),
//!     decisions: vec!["Retrain billing agents".into()],
//! }, &ctx(owner, at))?;
//! review.record(&Command::AddActionItem {
//!     description: "Billing refresher".into(), owner: None, due: at + week,
//! }, &ctx(owner, at))?;
//! // An owner-less item blocks closure.
//! let refused = review.record(&Command::Close { outcome: "Done".into() }, &ctx(owner, at)).unwrap_err();
//! assert_eq!(refused.rule(), "not_ready_to_close");
//! review.record(&Command::AssignActionItem { item: 1, owner: manager.id, due: at + week }, &ctx(owner, at))?;
//! review.record(&Command::CompleteActionItem { item: 1, evidence: "Session held".into() }, &ctx(manager, at + week))?;
//! review.record(&Command::Close { outcome: "Plan carried out".into() }, &ctx(owner, at + week))?;
//! assert!(review.outcome().is_some());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod agenda;
mod command;
mod decide;
mod error;
mod event;
mod state;

pub use crate::policy::governance::MeetingPolicy;
pub use agenda::{ActionSource, Agenda, AgendaItem, Performance};
pub use command::Command;
pub use error::MeetingError;
pub use event::Event;
pub use state::{
    ActionItem, ItemStatus, MeetingStatus, Minutes, ReviewMeeting, Settlement, Supersession,
};
