//! Service delivery: a service order with the SOP's checklist, inspections
//! with computed outcomes, ordered approval stages, and a signed completion.
//!
//! One aggregate in the crate's four parts: [`ServiceOrder`], [`Command`],
//! [`Event`], and [`decide`](ServiceOrder#method.decide) with [`apply`](crate::Aggregate::apply). The checklist template and the
//! approval stages are policy ([`DeliveryPolicy`]); an order records the ones
//! it was opened with. Sign-off carries an electronic [`Signature`] with the
//! meaning `completed` over the [`ServiceOrder::completion_hash`], and the
//! instant the follow-up falls due.
//!
//! The first inspection and the sign-off have due dates from the policy
//! ([`OrderDue`]), counted from the opening on a named calendar.
//! [`ServiceOrder::next_deadline`](crate::Aggregate::next_deadline) and [`Command::RecordDeadline`] are the
//! scheduler pair: a milestone unreached by its due instant is recorded
//! overdue ([`Event::MilestoneOverdue`]), naming the role to tell, once, and
//! judged as of its due instant, so that a scheduler that runs late records
//! exactly what one that ran on time would have.
//!
//! This module knows the policy, the calendar and the actors, and the ids of
//! the non-conformances and cases it links; it knows nothing of storage.
//!
//! [`Signature`]: crate::records::Signature
//!
//! # Example
//! ```
//! use casework::delivery::{Command, Order, ServiceOrder, Status};
//! use casework::{Actor, ActorId, Aggregate, CustomerRef, Ctx, Policy, Reference, Role, ServiceOrderId};
//! use chrono::{TimeZone, Utc};
//! use uuid::Uuid;
//!
//! let policy = Policy::sop_default()?;
//! let manager = Actor::new(ActorId::from_uuid(Uuid::from_u128(2)), [Role::CustomerServiceManager]);
//! let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
//! let ctx = Ctx::new(now, manager, &policy);
//! let mut order = ServiceOrder::default();
//! order.record(&Command::Open { order: Order::new(
//!     ServiceOrderId::from_uuid(Uuid::from_u128(120)),
//!     Reference::new("SO", 2026, 120)?,
//!     CustomerRef::from_uuid(Uuid::from_u128(7)),
//!     "Boiler service",
//! ) }, &ctx)?;
//! assert_eq!(order.status(), Some(Status::InProgress));
//! // Nothing is ticked: sign-off lists everything missing.
//! let refused = order.record(&Command::SignOff { acknowledgement: None }, &ctx).unwrap_err();
//! assert_eq!(refused.rule(), "not_ready_to_sign_off");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod command;
mod deadline;
mod decide;
mod error;
mod event;
mod inspection;
mod state;

pub use crate::policy::delivery::{
    ApprovalStage, ChecklistItem, ChecklistTemplate, DeliveryPolicy, Milestone, OrderDue,
};
pub use command::{Command, Order};
pub use error::{DeliveryError, SignOffRequirement};
pub use event::Event;
pub use inspection::{Criterion, Defect, InspectionPlan, Outcome, Reading};
pub use state::{
    Approval, CustomerAcknowledgement, Inspection, InspectionNo, InspectionResult, Item, ItemState,
    Rejection, ServiceOrder, Stage, Status,
};
