//! [`Event`]: what happened to a service order. The serde form is a public
//! wire contract, snapshot-tested. The opening records the checklist and the
//! stages it was opened with, and the recorded inspection its computed
//! outcome, so that replay never needs the policy.

use chrono::{DateTime, Utc};

use super::command::Order;
use super::inspection::{Defect, InspectionPlan, Outcome, Reading};
use super::state::{CustomerAcknowledgement, InspectionNo, Status};
use crate::actor::Role;
use crate::id::NonConformanceId;
use crate::policy::delivery::{ApprovalStage, ChecklistTemplate, Milestone};
use crate::records::{ContentHash, Signature};

/// What happened to a service order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Event {
    /// The order was opened.
    Opened {
        /// What was given.
        order: Box<Order>,
        /// The checklist it was opened with.
        checklist: ChecklistTemplate,
        /// The approval stages, in order.
        stages: Vec<ApprovalStage>,
        /// The status it led to.
        status: Status,
    },
    /// A checklist item was ticked.
    ItemTicked {
        /// Its code.
        item: String,
        /// The evidence reference.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        evidence: Option<String>,
    },
    /// A checklist item was marked not applicable.
    ItemNotApplicable {
        /// Its code.
        item: String,
        /// Why.
        reason: String,
    },
    /// A checklist item was unticked.
    ItemUnticked {
        /// Its code.
        item: String,
        /// Why.
        reason: String,
    },
    /// An inspection was planned.
    InspectionPlanned {
        /// Its number.
        inspection: InspectionNo,
        /// Its plan.
        plan: InspectionPlan,
    },
    /// An inspection's results were recorded.
    InspectionRecorded {
        /// Which.
        inspection: InspectionNo,
        /// The readings.
        readings: Vec<Reading>,
        /// The defects found.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
        defects: Vec<Defect>,
        /// The outcome, computed from the plan and the readings.
        outcome: Outcome,
    },
    /// A planned inspection was withdrawn.
    InspectionWithdrawn {
        /// Which.
        inspection: InspectionNo,
        /// Why.
        reason: String,
    },
    /// A non-conformance was linked to a failed inspection.
    NonConformanceLinked {
        /// Which inspection.
        inspection: InspectionNo,
        /// The NCR.
        non_conformance: NonConformanceId,
    },
    /// A concession was approved for a failed inspection.
    ConcessionApproved {
        /// Which inspection.
        inspection: InspectionNo,
        /// Why it is acceptable.
        reason: String,
    },
    /// The order was approved at a stage.
    StageApproved {
        /// The stage.
        stage: String,
        /// The work approved: its hash.
        work: ContentHash,
    },
    /// The order was rejected at a stage; every approval is withdrawn.
    StageRejected {
        /// The stage.
        stage: String,
        /// Why.
        reason: String,
        /// The work rejected: its hash.
        work: ContentHash,
    },
    /// The order was signed off.
    SignedOff {
        /// The completion signature over the completion record, with the
        /// acknowledgement.
        signature: Signature,
        /// The customer's acknowledgement.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        acknowledgement: Option<CustomerAcknowledgement>,
        /// When the follow-up falls due.
        follow_up_due: DateTime<Utc>,
        /// The status it led to.
        status: Status,
    },
    /// The order was cancelled.
    Cancelled {
        /// Why.
        reason: String,
        /// The status it led to.
        status: Status,
    },
    /// A milestone came due unreached: the escalation to `notify`. Recorded by
    /// [`Command::RecordDeadline`](super::Command::RecordDeadline), once per
    /// milestone at most; the envelope's `at` is when it was recorded, which a
    /// late scheduler makes later than `due`.
    MilestoneOverdue {
        /// The milestone.
        milestone: Milestone,
        /// When it came due.
        due: DateTime<Utc>,
        /// Who is to be told, from the policy's rule for the milestone.
        notify: Role,
    },
}

impl Event {
    /// The event's snake_case name, its `type` tag on the wire.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        match self {
            Event::Opened { .. } => "opened",
            Event::ItemTicked { .. } => "item_ticked",
            Event::ItemNotApplicable { .. } => "item_not_applicable",
            Event::ItemUnticked { .. } => "item_unticked",
            Event::InspectionPlanned { .. } => "inspection_planned",
            Event::InspectionRecorded { .. } => "inspection_recorded",
            Event::InspectionWithdrawn { .. } => "inspection_withdrawn",
            Event::NonConformanceLinked { .. } => "non_conformance_linked",
            Event::ConcessionApproved { .. } => "concession_approved",
            Event::StageApproved { .. } => "stage_approved",
            Event::StageRejected { .. } => "stage_rejected",
            Event::SignedOff { .. } => "signed_off",
            Event::Cancelled { .. } => "cancelled",
            Event::MilestoneOverdue { .. } => "milestone_overdue",
        }
    }

    /// The status the event led to, for those that change it.
    #[must_use]
    pub const fn status(&self) -> Option<Status> {
        match self {
            Event::Opened { status, .. }
            | Event::SignedOff { status, .. }
            | Event::Cancelled { status, .. } => Some(*status),
            Event::ItemTicked { .. }
            | Event::ItemNotApplicable { .. }
            | Event::ItemUnticked { .. }
            | Event::InspectionPlanned { .. }
            | Event::InspectionRecorded { .. }
            | Event::InspectionWithdrawn { .. }
            | Event::NonConformanceLinked { .. }
            | Event::ConcessionApproved { .. }
            | Event::StageApproved { .. }
            | Event::StageRejected { .. }
            | Event::MilestoneOverdue { .. } => None,
        }
    }
}
