//! [`Command`]: what a user asks of a CAPA. Each variant carries what the rule
//! needs and nothing about "now" or the actor: those come from the context, and
//! a signing command signs as the context's actor at the context's time.

use chrono::{DateTime, Utc};

use super::state::{ActionKind, ActionNo, Source};
use crate::actor::CapaCommandKind;
use crate::id::{ActorId, CapaId, Reference};
use crate::quality::RiskAssessment;

/// What is given when a CAPA is opened.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Opening {
    /// The CAPA's id, chosen by the caller.
    pub capa: CapaId,
    /// The human reference number, chosen by the caller, such as `CAPA-2026-000007`.
    pub reference: Reference,
    /// One line: what it is about.
    pub title: String,
    /// The problem to correct and prevent.
    pub problem: String,
    /// What it was raised from: at least one non-conformance, case or audit
    /// finding.
    pub sources: Vec<Source>,
    /// The risk as first assessed.
    pub risk: RiskAssessment,
}

/// An action to add to the plan. Its number is given by the CAPA.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PlannedAction {
    /// Corrective or preventive.
    pub kind: ActionKind,
    /// What is to be done.
    pub description: String,
    /// Who is responsible.
    pub owner: ActorId,
    /// When it is due: after now.
    pub due: DateTime<Utc>,
}

/// What a user asks of a CAPA. On the wire, the `command` tag is the
/// [`CapaCommandKind`] name, such as `open_capa`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "command", rename_all = "snake_case", deny_unknown_fields)
)]
#[non_exhaustive]
pub enum Command {
    /// Open the CAPA, in planning.
    #[cfg_attr(feature = "serde", serde(rename = "open_capa"))]
    Open {
        /// What it is about and where it came from.
        opening: Opening,
    },
    /// Link one more source.
    #[cfg_attr(feature = "serde", serde(rename = "link_capa_source"))]
    LinkSource {
        /// The source.
        source: Source,
    },
    /// Assess the risk again (in planning or implementing; the plan changes).
    AssessRisk {
        /// The new ratings.
        risk: RiskAssessment,
    },
    /// Add an action to the plan (in planning or implementing).
    PlanAction {
        /// The action.
        action: PlannedAction,
    },
    /// Change an open action's description, owner or due date (in planning or
    /// implementing). At least one must be given and differ.
    ReviseAction {
        /// Which action.
        action: ActionNo,
        /// The new description.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        description: Option<String>,
        /// The new owner.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        owner: Option<ActorId>,
        /// The new due instant, after now.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        due: Option<DateTime<Utc>>,
    },
    /// Cancel an open action, with a reason (in planning or implementing).
    CancelAction {
        /// Which action.
        action: ActionNo,
        /// Why.
        reason: String,
    },
    /// Submit the plan for approval, signing it as its author; in implementing,
    /// re-submit a plan changed since its approval.
    SubmitPlan,
    /// Approve the submitted plan, signing it.
    ApprovePlan,
    /// Return the submitted plan to planning.
    ReturnPlan {
        /// What to change.
        comments: String,
    },
    /// Start a planned action.
    StartAction {
        /// Which action.
        action: ActionNo,
    },
    /// Record an action in progress as done.
    CompleteAction {
        /// Which action.
        action: ActionNo,
        /// What shows it is done.
        evidence: String,
    },
    /// Verify the implementation, signing it.
    VerifyImplementation,
    /// Record whether the actions were effective, signing the finding. Not
    /// effective starts a new cycle in planning.
    CheckEffectiveness {
        /// Whether they were.
        effective: bool,
        /// What the check found.
        evidence: String,
    },
    /// Close the CAPA, signing the closure as its approver.
    #[cfg_attr(feature = "serde", serde(rename = "close_capa"))]
    Close,
    /// Cancel the CAPA.
    #[cfg_attr(feature = "serde", serde(rename = "cancel_capa"))]
    Cancel {
        /// Why.
        reason: String,
    },
    /// Record the deadlines that came due: overdue actions, and the
    /// effectiveness check becoming due. The caller's scheduler gives it at or
    /// after [`Capa::next_deadline`](crate::Aggregate::next_deadline).
    RecordDeadline,
}

impl Command {
    /// The command's kind, which the permission table grants.
    #[must_use]
    pub const fn kind(&self) -> CapaCommandKind {
        match self {
            Command::Open { .. } => CapaCommandKind::OpenCapa,
            Command::LinkSource { .. } => CapaCommandKind::LinkCapaSource,
            Command::AssessRisk { .. } => CapaCommandKind::AssessRisk,
            Command::PlanAction { .. } => CapaCommandKind::PlanAction,
            Command::ReviseAction { .. } => CapaCommandKind::ReviseAction,
            Command::CancelAction { .. } => CapaCommandKind::CancelAction,
            Command::SubmitPlan => CapaCommandKind::SubmitPlan,
            Command::ApprovePlan => CapaCommandKind::ApprovePlan,
            Command::ReturnPlan { .. } => CapaCommandKind::ReturnPlan,
            Command::StartAction { .. } => CapaCommandKind::StartAction,
            Command::CompleteAction { .. } => CapaCommandKind::CompleteAction,
            Command::VerifyImplementation => CapaCommandKind::VerifyImplementation,
            Command::CheckEffectiveness { .. } => CapaCommandKind::CheckEffectiveness,
            Command::Close => CapaCommandKind::CloseCapa,
            Command::Cancel { .. } => CapaCommandKind::CancelCapa,
            Command::RecordDeadline => CapaCommandKind::RecordDeadline,
        }
    }
}
