//! [`DeliveryError`]: why a service order refused a command, naming the rule.

use core::fmt;

use chrono::{DateTime, Utc};

use super::state::{InspectionNo, Status};
use crate::actor::{Role, ServiceOrderCommandKind};
use crate::authority::GateError;
use crate::calendar::CalendarError;
use crate::id::ActorId;
use crate::problem::Listed;

/// What signing off still needs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "requirement", content = "of", rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum SignOffRequirement {
    /// A required checklist item, ticked or justified not applicable.
    Item(String),
    /// An inspection passed, or failed with an approved concession.
    Inspection(InspectionNo),
    /// An approval stage's approvals.
    Stage(String),
    /// The customer's acknowledgement, which the policy requires.
    CustomerAcknowledgement,
    /// An inspection recorded, which the policy requires.
    Inspected,
}

impl fmt::Display for SignOffRequirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignOffRequirement::Item(code) => write!(f, "item `{code}`"),
            SignOffRequirement::Inspection(no) => write!(f, "{no} passed or conceded"),
            SignOffRequirement::Stage(name) => write!(f, "approval stage `{name}`"),
            SignOffRequirement::CustomerAcknowledgement => {
                f.write_str("the customer's acknowledgement")
            }
            SignOffRequirement::Inspected => f.write_str("an inspection recorded"),
        }
    }
}

/// Why a service order refused a command. [`DeliveryError::rule`] gives a
/// stable name for each rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DeliveryError {
    /// The order is not open yet.
    #[error("the service order is not open yet, so it cannot take `{command}`")]
    NotOpened {
        /// What was asked.
        command: ServiceOrderCommandKind,
    },
    /// `Open` was given to an order already open.
    #[error("the service order is already open")]
    AlreadyOpened,
    /// The context's `now` is before the order's last event.
    #[error("now ({now}) is before the service order's last event ({last})")]
    ClockWentBackwards {
        /// When the last event was recorded.
        last: DateTime<Utc>,
        /// The context's now.
        now: DateTime<Utc>,
    },
    /// Refused by a gate every aggregate shares: the permission table, a
    /// competency gate, or the command's own content.
    #[error(transparent)]
    Gate(#[from] GateError<ServiceOrderCommandKind>),
    /// The order is signed off or cancelled.
    #[error("`{command}` is not allowed while the service order is `{from}`")]
    InvalidTransition {
        /// The order's status.
        from: Status,
        /// What was asked.
        command: ServiceOrderCommandKind,
    },
    /// The checklist has no item with this code.
    #[error("the checklist has no item `{item}`")]
    UnknownItem {
        /// The code given.
        item: String,
    },
    /// The item may be ticked only by its role.
    #[error("item `{item}` is ticked by a {role}")]
    ItemRole {
        /// The item.
        item: String,
        /// Its role.
        role: Role,
    },
    /// The item is already ticked or not applicable; untick it first.
    #[error("item `{item}` is already settled; untick it first")]
    ItemSettled {
        /// The item.
        item: String,
    },
    /// The item is not ticked, so it cannot be unticked.
    #[error("item `{item}` is open")]
    ItemOpen {
        /// The item.
        item: String,
    },
    /// The order has no inspection with this number.
    #[error("the service order has no {inspection}")]
    UnknownInspection {
        /// The number given.
        inspection: InspectionNo,
    },
    /// The inspection's results are already recorded.
    #[error("{inspection} is already recorded")]
    InspectionRecorded {
        /// The inspection.
        inspection: InspectionNo,
    },
    /// The inspection did not fail (or is not recorded), so it needs no
    /// non-conformance or concession.
    #[error("{inspection} has not failed")]
    InspectionNotFailed {
        /// The inspection.
        inspection: InspectionNo,
    },
    /// A concession or link is already recorded.
    #[error("{inspection} already has one")]
    AlreadyRecorded {
        /// The inspection.
        inspection: InspectionNo,
    },
    /// The concession's approver inspected it.
    #[error("{approver} inspected {inspection} and cannot approve a concession for it")]
    ConcessionByInspector {
        /// The would-be approver.
        approver: ActorId,
        /// The inspection.
        inspection: InspectionNo,
    },
    /// The policy has no approval stage of this name.
    #[error("there is no approval stage `{stage}`")]
    UnknownStage {
        /// The name given.
        stage: String,
    },
    /// An earlier stage still needs its approvals.
    #[error("approval stage `{waiting}` comes first")]
    EarlierStagePending {
        /// The earliest stage not approved.
        waiting: String,
    },
    /// The stage already has its approvals.
    #[error("approval stage `{stage}` is already approved")]
    StageApproved {
        /// The stage.
        stage: String,
    },
    /// The approver already approved at this stage.
    #[error("{approver} already approved at stage `{stage}`")]
    AlreadyApproved {
        /// The approver.
        approver: ActorId,
        /// The stage.
        stage: String,
    },
    /// The approver lacks the stage's role.
    #[error("stage `{stage}` is approved by a {role}")]
    StageRole {
        /// The stage.
        stage: String,
        /// Its role.
        role: Role,
    },
    /// The work is as it was when a stage rejected it: it must change first.
    #[error("the work is unchanged since stage `{stage}` rejected it: {reason}")]
    RejectedWorkUnchanged {
        /// The rejecting stage.
        stage: String,
        /// Its reason.
        reason: String,
    },
    /// The inspection was withdrawn.
    #[error("{inspection} was withdrawn")]
    InspectionWithdrawn {
        /// The inspection.
        inspection: InspectionNo,
    },
    /// The approver inspected the order.
    #[error("{approver} inspected the service order and cannot approve or reject it")]
    ApproverIsInspector {
        /// The would-be approver.
        approver: ActorId,
    },
    /// Signing off needs things the order does not have.
    #[error("the service order cannot be signed off without {}", Listed(missing))]
    NotReadyToSignOff {
        /// Everything still missing.
        missing: Vec<SignOffRequirement>,
    },
    /// An instant the command brings in, or `now`, lies outside the range of
    /// the policy's business calendar or of a calendar a milestone's due date
    /// counts on; or the follow-up or a due date falls outside its calendar.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
}

impl DeliveryError {
    /// A stable snake_case name of the rule that refused.
    #[must_use]
    pub const fn rule(&self) -> &'static str {
        match self {
            DeliveryError::NotOpened { .. } => "not_opened",
            DeliveryError::AlreadyOpened => "already_opened",
            DeliveryError::ClockWentBackwards { .. } => "clock_went_backwards",
            DeliveryError::Gate(gate) => gate.rule(),
            DeliveryError::InvalidTransition { .. } => "invalid_transition",
            DeliveryError::UnknownItem { .. } => "unknown_item",
            DeliveryError::ItemRole { .. } => "item_role",
            DeliveryError::ItemSettled { .. } => "item_settled",
            DeliveryError::ItemOpen { .. } => "item_open",
            DeliveryError::UnknownInspection { .. } => "unknown_inspection",
            DeliveryError::InspectionRecorded { .. } => "inspection_recorded",
            DeliveryError::InspectionNotFailed { .. } => "inspection_not_failed",
            DeliveryError::AlreadyRecorded { .. } => "already_recorded",
            DeliveryError::ConcessionByInspector { .. } => "concession_by_inspector",
            DeliveryError::UnknownStage { .. } => "unknown_stage",
            DeliveryError::EarlierStagePending { .. } => "earlier_stage_pending",
            DeliveryError::StageApproved { .. } => "stage_approved",
            DeliveryError::AlreadyApproved { .. } => "already_approved",
            DeliveryError::StageRole { .. } => "stage_role",
            DeliveryError::ApproverIsInspector { .. } => "approver_is_inspector",
            DeliveryError::RejectedWorkUnchanged { .. } => "rejected_work_unchanged",
            DeliveryError::InspectionWithdrawn { .. } => "inspection_withdrawn",
            DeliveryError::NotReadyToSignOff { .. } => "not_ready_to_sign_off",
            DeliveryError::Calendar(_) => "calendar",
        }
    }
}

crate::problem::rule_by_inherent!(DeliveryError);

crate::authority::gate_error!(DeliveryError, crate::actor::ServiceOrderCommandKind);
