//! Non-conformances: a non-conformance report (NCR), from the report to its
//! closure.
//!
//! One aggregate in the crate's four parts:
//! - [`NonConformance`], the state: plain data with getters;
//! - [`Command`], what a user asks;
//! - [`Event`], what happened: a stable, snapshot-tested wire form;
//! - [`decide`](NonConformance#method.decide), where every rule lives, and
//!   [`apply`](crate::Aggregate::apply), which folds events into
//!   the state.
//!
//! The lifecycle follows the SOP: report (with its [`Source`]: a complaint, an
//! audit finding, an inspection, a supplier, a feedback trend), contain,
//! investigate, record the root cause, disposition the non-conforming output
//! (rework, accept as is, reject, return), then decide on a CAPA: raise one, and
//! close when it closes; or propose that none is needed, have someone else
//! approve it, and close. Severity escalates to management from the policy's
//! threshold, and [`repeats`] finds earlier non-conformances with the same
//! source and root cause, which may require a CAPA.
//!
//! Each stage has a due date from the policy ([`StageDue`] in
//! [`QualityPolicy`](crate::quality::QualityPolicy)): containment, the
//! investigation (its root cause) and the disposition, counted from the report
//! on a named calendar, by severity. [`NonConformance::next_deadline`](crate::Aggregate::next_deadline) and
//! [`Command::RecordDeadline`] are the scheduler pair: a stage not done by its
//! due instant is recorded overdue ([`Event::StageOverdue`]), naming the role
//! to tell, once, and judged as of its due instant, so that a scheduler that
//! runs late records exactly what one that ran on time would have.
//!
//! This module knows the policy, the actors and the ids of cases and CAPAs; it
//! knows nothing of storage, nor of a case's or a CAPA's state: the caller's
//! process manager tells a non-conformance when its CAPA closed
//! ([`Command::RecordCapaClosed`]).
//!
//! # Example
//! ```
//! use casework::quality::nonconformance::{
//!     Command, Disposition, NonConformance, Report, Source, Status,
//! };
//! use casework::quality::RootCauseAnalysis;
//! use casework::{Actor, ActorId, Aggregate, Ctx, NonConformanceId, Policy, Reference, Role, Severity};
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use uuid::Uuid;
//!
//! let policy = Policy::sop_default()?;
//! let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
//! let manager = Actor::new(ActorId::from_uuid(Uuid::from_u128(2)), [Role::CustomerServiceManager]);
//! let owner = Actor::new(ActorId::from_uuid(Uuid::from_u128(3)), [Role::ProcessOwner]);
//! let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
//! let at = |hours, actor| Ctx::new(monday + TimeDelta::hours(hours), actor, &policy);
//!
//! let mut ncr = NonConformance::default();
//! ncr.record(&Command::Report {
//!     report: Report::new(
//!         NonConformanceId::from_uuid(Uuid::from_u128(42)),
//!         Reference::new("NCR", 2026, 42)?,
//!         Source::Supplier { supplier: "Parcel carrier".into() },
//!         Severity::Medium,
//!         monday,
//!     )
//!     .titled("Parcels left the depot unsealed")
//!     .description("Three parcels arrived with broken seals."),
//! }, &at(0, csr))?;
//! ncr.record(&Command::StartInvestigation, &at(1, manager))?;
//! ncr.record(&Command::RecordRootCause {
//!     analysis: RootCauseAnalysis {
//!         whys: vec!["The sealing machine was down".into(), "No spare part in stock".into()],
//!         fishbone: vec![],
//!         category: "supplier".into(),
//!     },
//! }, &at(2, manager))?;
//! ncr.record(&Command::Disposition {
//!     disposition: Disposition::Rework,
//!     rationale: "Reseal and reship the three parcels.".into(),
//! }, &at(3, manager))?;
//! ncr.record(&Command::ProposeNoCapa { reason: "One-off machine failure, now repaired.".into() }, &at(4, manager))?;
//!
//! // A manager may propose no CAPA, but not approve it.
//! let refused = ncr.record(&Command::ApproveNoCapa, &at(5, manager)).unwrap_err();
//! assert_eq!(refused.rule(), "not_permitted");
//! // Four eyes: the proposer cannot approve their own no-CAPA reason, even
//! // holding a role that may approve one.
//! let also_owner = Actor::new(manager.id, [Role::CustomerServiceManager, Role::ProcessOwner]);
//! let refused = ncr.record(&Command::ApproveNoCapa, &at(5, also_owner)).unwrap_err();
//! assert_eq!(refused.rule(), "approver_is_proposer");
//!
//! ncr.record(&Command::ApproveNoCapa, &at(5, owner))?;
//! let events = ncr.record(&Command::Close { reason: "Parcels reshipped.".into() }, &at(6, owner))?;
//! assert_eq!(events[0].event.name(), "closed");
//! assert_eq!(ncr.status(), Some(Status::Closed));
//! assert_eq!(ncr.version().get(), 7);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod command;
mod deadline;
mod decide;
mod error;
mod event;
mod repeat;
mod state;

pub use crate::policy::quality::{SeverityAllowance, Stage, StageDue};
pub use command::{Command, Report};
pub use decide::MAX_TITLE_CHARS;
pub use error::{CloseRequirement, NonConformanceError};
pub use event::Event;
pub use repeat::{RepeatKey, repeats};
pub use state::{
    CapaRecord, Containment, Disposition, DispositionRecord, NoCapaDecision, NonConformance,
    RootCauseRecord, Source, SourceKind, Status,
};
