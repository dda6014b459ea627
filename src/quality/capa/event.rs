//! [`Event`]: what happened to a CAPA. The serde form is a public wire contract,
//! snapshot-tested: change it only on purpose.
//!
//! Every event that changes the status carries the status it led to, and the
//! verification carries the instant the effectiveness check becomes due, so that
//! replaying a history never needs the policy that was in force.

use chrono::{DateTime, Utc};

use super::command::{Opening, PlannedAction};
use super::state::{ActionNo, Source, Status};
use crate::id::ActorId;
use crate::quality::RiskAssessment;
use crate::records::Signature;

/// What happened to a CAPA. `decide` returns them; the envelope
/// ([`Recorded`](crate::Recorded)) adds when, by whom and the version.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Event {
    /// The CAPA was opened.
    Opened {
        /// What was given.
        opening: Box<Opening>,
        /// The status it led to.
        status: Status,
    },
    /// A source was linked.
    SourceLinked {
        /// The source.
        source: Source,
    },
    /// The risk was assessed again.
    RiskAssessed {
        /// The new ratings.
        risk: RiskAssessment,
    },
    /// An action was added to the plan.
    ActionPlanned {
        /// Its number.
        action: ActionNo,
        /// What it is.
        planned: PlannedAction,
    },
    /// An action was revised; only the fields given changed.
    ActionRevised {
        /// Which.
        action: ActionNo,
        /// The new description.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        description: Option<String>,
        /// The new owner.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        owner: Option<ActorId>,
        /// The new due instant.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        due: Option<DateTime<Utc>>,
    },
    /// An action was cancelled.
    ActionCancelled {
        /// Which.
        action: ActionNo,
        /// Why.
        reason: String,
    },
    /// The plan was submitted, signed by its author.
    PlanSubmitted {
        /// The author's signature over the plan.
        signature: Signature,
        /// The status it led to.
        status: Status,
    },
    /// The plan was approved.
    PlanApproved {
        /// The approver's signature over the plan.
        signature: Signature,
        /// The status it led to.
        status: Status,
    },
    /// The plan went back to planning.
    PlanReturned {
        /// What to change.
        comments: String,
        /// The status it led to.
        status: Status,
    },
    /// An action was started.
    ActionStarted {
        /// Which.
        action: ActionNo,
    },
    /// An action was done.
    ActionCompleted {
        /// Which.
        action: ActionNo,
        /// What shows it.
        evidence: String,
    },
    /// The implementation was verified.
    ImplementationVerified {
        /// The verifier's signature over the implementation.
        signature: Signature,
        /// When the effectiveness check may be recorded.
        effectiveness_due: DateTime<Utc>,
        /// The status it led to.
        status: Status,
    },
    /// The effectiveness check was recorded. Not effective: the cycle ends and a
    /// new one starts in planning.
    EffectivenessChecked {
        /// Whether the actions were effective.
        effective: bool,
        /// What the check found.
        evidence: String,
        /// The checker's signature over the finding.
        signature: Signature,
        /// The status it led to.
        status: Status,
    },
    /// The CAPA was closed.
    Closed {
        /// The approver's signature over the record.
        signature: Signature,
        /// The status it led to.
        status: Status,
    },
    /// The CAPA was cancelled.
    Cancelled {
        /// Why.
        reason: String,
        /// The status it led to.
        status: Status,
    },
    /// An action passed its due instant unfinished.
    ActionOverdue {
        /// Which.
        action: ActionNo,
        /// Its due instant.
        due: DateTime<Utc>,
    },
    /// The effectiveness check became due.
    EffectivenessCheckDue {
        /// The instant.
        due: DateTime<Utc>,
    },
}

impl Event {
    /// The event's snake_case name, its `type` tag on the wire.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        match self {
            Event::Opened { .. } => "opened",
            Event::SourceLinked { .. } => "source_linked",
            Event::RiskAssessed { .. } => "risk_assessed",
            Event::ActionPlanned { .. } => "action_planned",
            Event::ActionRevised { .. } => "action_revised",
            Event::ActionCancelled { .. } => "action_cancelled",
            Event::PlanSubmitted { .. } => "plan_submitted",
            Event::PlanApproved { .. } => "plan_approved",
            Event::PlanReturned { .. } => "plan_returned",
            Event::ActionStarted { .. } => "action_started",
            Event::ActionCompleted { .. } => "action_completed",
            Event::ImplementationVerified { .. } => "implementation_verified",
            Event::EffectivenessChecked { .. } => "effectiveness_checked",
            Event::Closed { .. } => "closed",
            Event::Cancelled { .. } => "cancelled",
            Event::ActionOverdue { .. } => "action_overdue",
            Event::EffectivenessCheckDue { .. } => "effectiveness_check_due",
        }
    }

    /// The status the event led to, for those that change it.
    #[must_use]
    pub const fn status(&self) -> Option<Status> {
        match self {
            Event::Opened { status, .. }
            | Event::PlanSubmitted { status, .. }
            | Event::PlanApproved { status, .. }
            | Event::PlanReturned { status, .. }
            | Event::ImplementationVerified { status, .. }
            | Event::EffectivenessChecked { status, .. }
            | Event::Closed { status, .. }
            | Event::Cancelled { status, .. } => Some(*status),
            Event::SourceLinked { .. }
            | Event::RiskAssessed { .. }
            | Event::ActionPlanned { .. }
            | Event::ActionRevised { .. }
            | Event::ActionCancelled { .. }
            | Event::ActionStarted { .. }
            | Event::ActionCompleted { .. }
            | Event::ActionOverdue { .. }
            | Event::EffectivenessCheckDue { .. } => None,
        }
    }
}
