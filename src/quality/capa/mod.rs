//! CAPA: corrective and preventive action, from plan to closure, with electronic
//! signatures and the four-eyes rules enforced.
//!
//! One aggregate in the crate's four parts:
//! - [`Capa`], the state: plain data with getters, and the content hashes its
//!   signatures sign ([`Capa::plan_hash`], [`Capa::implementation_hash`],
//!   [`Capa::effectiveness_hash`], [`Capa::record_hash`]);
//! - [`Command`], what a user asks;
//! - [`Event`], what happened: a stable, snapshot-tested wire form;
//! - [`decide`](Capa#method.decide), where every rule lives, and
//!   [`apply`](crate::Aggregate::apply), which folds events into
//!   the state.
//!
//! The lifecycle: open (from non-conformances, cases or audit findings, with a
//! risk assessment) → plan actions → submit (the author signs) → approve (someone
//! else signs) → implement (each action planned → in progress → done, or
//! cancelled with a reason) → verify (someone who owns no action signs) → after
//! the policy's business days, check effectiveness (someone who neither owns an
//! action nor authored the plan signs) → close (an approver signs). Not effective
//! starts a new cycle in planning; the earlier one is kept.
//!
//! A signature signs a hash of the content as it was. When the content changes
//! (an action added or cancelled after approval, say), the signature no longer
//! matches: it is stale, stays in the trail, and counts for nothing, so the plan
//! must be submitted and approved again.
//!
//! [`Capa::next_deadline`](crate::Aggregate::next_deadline) and [`Command::RecordDeadline`] are the scheduler pair
//! for overdue actions and the effectiveness check coming due.
//!
//! This module knows the policy, the calendar and the actors, and the ids of the
//! records it links; it knows nothing of storage, nor of their state.
//!
//! # Example
//! ```
//! use casework::quality::capa::{ActionKind, Capa, Command, Opening, PlannedAction, Source, Status};
//! use casework::quality::{Rating, RiskAssessment};
//! use casework::{Actor, ActorId, Aggregate, CapaId, CaseId, Ctx, Policy, Reference, Role};
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use uuid::Uuid;
//!
//! let policy = Policy::sop_default()?;
//! let person = |n, role| Actor::new(ActorId::from_uuid(Uuid::from_u128(n)), [role]);
//! let (author, owner) = (person(1, Role::CustomerServiceManager), person(2, Role::CustomerServiceManager));
//! let (approver, qa) = (person(3, Role::ProcessOwner), person(4, Role::QaSpecialist));
//! let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
//! let day = |n| monday + TimeDelta::days(n);
//!
//! let mut capa = Capa::default();
//! capa.record(&Command::Open { opening: Opening {
//!     capa: CapaId::from_uuid(Uuid::from_u128(9)),
//!     reference: Reference::new("CAPA", 2026, 9)?,
//!     title: "Late parcels from the north depot".into(),
//!     problem: "Picking lists print after the carrier's cut-off".into(),
//!     sources: vec![Source::Case { id: CaseId::from_uuid(Uuid::from_u128(42)) }],
//!     risk: RiskAssessment { severity: Rating(5), occurrence: Rating(4), detection: Rating(3) },
//! } }, &Ctx::new(day(0), author, &policy))?;
//! capa.record(&Command::PlanAction { action: PlannedAction {
//!     kind: ActionKind::Corrective,
//!     description: "Print picking lists hourly".into(),
//!     owner: owner.id,
//!     due: day(14),
//! } }, &Ctx::new(day(0), author, &policy))?;
//! capa.record(&Command::SubmitPlan, &Ctx::new(day(1), author, &policy))?;
//!
//! // The author cannot approve their own plan.
//! let refused = capa.record(&Command::ApprovePlan, &Ctx::new(day(1), person(1, Role::ProcessOwner), &policy));
//! assert_eq!(refused.unwrap_err().rule(), "approver_is_author");
//! capa.record(&Command::ApprovePlan, &Ctx::new(day(1), approver, &policy))?;
//! assert_eq!(capa.status(), Some(Status::Implementing));
//! assert!(capa.plan_approval_is_current());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod command;
mod decide;
mod error;
mod event;
mod state;

pub use command::{Command, Opening, PlannedAction};
pub use error::{CapaError, CloseRequirement};
pub use event::Event;
pub use state::{
    Action, ActionKind, ActionNo, ActionRecord, ActionStatus, Capa, Cycle, EffectivenessCheck,
    Source, Status,
};
