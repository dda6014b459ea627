//! Cases: a customer complaint, service request or inquiry, from intake to closure.
//!
//! One aggregate in the crate's four parts:
//! - [`Case`], the state: plain data with getters;
//! - [`Command`], what a user asks;
//! - [`Event`], what happened: a stable, snapshot-tested wire form;
//! - [`decide`](Case#method.decide), where every rule lives, and
//!   [`apply`](crate::Aggregate::apply), which folds events into
//!   the state.
//!
//! The lifecycle follows the SOP: log, assess severity (escalating at once where it
//! calls for it), acknowledge, investigate, propose a resolution, resolve, review
//! (QA), follow up, close. Which command leads from which status to which, and who
//! may give it, is the [`LifecycleSpec`] table in the policy; the rules that no
//! table can switch off are listed on [`decide`](Case#method.decide).
//!
//! This module knows the policy, the calendar and the actors; it knows nothing of
//! storage. Severity and priority are assessed by the policy's
//! [`priority`](crate::priority) rules at intake and on reassessment, and the
//! priority's escalation ladder gives the case its [`Case::next_deadline`](crate::Aggregate::next_deadline).
//!
//! # Example
//! ```
//! use casework::case::{Case, CaseKind, Command, Intake, Resolution, Status};
//! use casework::priority::{Impact, SeverityFacts, Urgency};
//! use casework::{Actor, ActorId, Aggregate, CaseId, Channel, Ctx, CustomerRef, Policy, Reference, Role, Severity};
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use uuid::Uuid;
//!
//! let policy = Policy::sop_default()?;
//! let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
//! let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
//! let manager = Actor::new(ActorId::from_uuid(Uuid::from_u128(2)), [Role::CustomerServiceManager]);
//! let at = |minutes| Ctx::new(monday + TimeDelta::minutes(minutes), csr, &policy);
//!
//! let mut case = Case::default();
//! case.record(&Command::Log {
//!     intake: Intake::new(
//!         CaseId::from_uuid(Uuid::from_u128(42)),
//!         Reference::new("CMP", 2026, 42)?,
//!         CaseKind::Complaint,
//!         Channel::Email,
//!         CustomerRef::from_uuid(Uuid::from_u128(7)),
//!         monday,
//!     )
//!     .about("delivery/late", "Parcel two weeks late")
//!     .description("Ordered on the 2nd, still not here.")
//!     .follow_up_by(Channel::Phone)
//!     .assessed(Severity::Medium)
//!     .impact(Impact(2))
//!     .urgency(Urgency(2)),
//!     first_contact_resolution: None,
//! }, &at(0))?;
//! case.record(&Command::Acknowledge { channel: Channel::Email }, &at(20))?;
//! case.record(&Command::StartInvestigation, &at(30))?;
//!
//! // A complaint is not resolved without a root cause: the refusal names the rule.
//! let refused = case
//!     .record(&Command::Resolve { resolution: Some(Resolution::text("Reshipped")), root_cause: None }, &at(90))
//!     .unwrap_err();
//! assert_eq!(refused.rule(), "root_cause_required");
//!
//! let events = case.record(
//!     &Command::Resolve { resolution: Some(Resolution::text("Reshipped")), root_cause: Some("supplier".into()) },
//!     &at(90),
//! )?;
//! assert_eq!(case.status(), Some(Status::Resolved));
//! // Logged, acknowledged with the time promised, investigated, resolved.
//! assert_eq!(case.version().get(), 5);
//! assert_eq!(events[0].event.name(), "resolved");
//!
//! // Closing still needs the follow-up and a CAPA decision.
//! let refused = case
//!     .record(&Command::Close, &Ctx::new(monday + TimeDelta::minutes(100), manager, &policy))
//!     .unwrap_err();
//! assert_eq!(
//!     refused.to_string(),
//!     "the case cannot be closed without a follow-up recorded or waived and \
//!      a linked non-conformance or CAPA, or an approved no-CAPA reason"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod command;
mod deadline;
mod decide;
mod error;
mod event;
mod state;

pub use crate::policy::case::{
    CasePolicy, Category, Lifecycle, LifecycleSpec, ReopenPolicy, Status, Target, Transition,
    TransitionSpec,
};
pub use crate::priority::EscalationTrigger;
pub use crate::records::ErasureBasis;
pub use command::{Command, DeliveryOutcome, FirstContactResolution, Intake};
pub use decide::MAX_SUBJECT_CHARS;
pub(crate) use decide::is_survey;
pub use error::{CaseError, CloseRequirement};
pub use event::Event;
pub use state::{
    Assignee, Assignment, Case, CaseKind, Delivery, FollowUpStatus, MessageRecord, NoCapaApproval,
    NoCapaProposal, NoteVisibility, OpenConcern, PersonalPart, Promise, QualityRecord, Resolution,
    ResolutionRecord, Review, SlaChange, SlaMark, SlaRecorded, SurveyAnswer,
};
