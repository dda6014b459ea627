//! [`CapaError`]: why a CAPA refused a command, naming the rule that refused.

use core::fmt;

use chrono::{DateTime, Utc};

use super::state::{ActionNo, ActionStatus, Status};
use crate::actor::CapaCommandKind;
use crate::authority::GateError;
use crate::calendar::CalendarError;
use crate::id::ActorId;
use crate::problem::Listed;

/// What closing a CAPA still needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum CloseRequirement {
    /// Every action of the cycle done or cancelled.
    ActionsFinished,
    /// At least one action done: cancelled actions do not count.
    ActionDone,
    /// A plan approval that signs the plan as it is.
    CurrentPlanApproval,
    /// A verification that signs the implementation as it is.
    CurrentVerification,
    /// An effectiveness check that found the actions effective, signing the
    /// record as it is.
    Effective,
}

impl fmt::Display for CloseRequirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CloseRequirement::ActionsFinished => "every action done or cancelled",
            CloseRequirement::ActionDone => "at least one action done",
            CloseRequirement::CurrentPlanApproval => "a current plan approval",
            CloseRequirement::CurrentVerification => "a current verification",
            CloseRequirement::Effective => "a current finding that the actions were effective",
        })
    }
}

/// Why a CAPA refused a command. Each variant names one rule, in words a person
/// can be shown; [`CapaError::rule`] gives a stable name for it.
///
/// A refusal never changes anything: `decide` returns either all its events or
/// this.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CapaError {
    /// The CAPA is not open yet, and the command needs it.
    #[error("the CAPA is not open yet, so it cannot take `{command}`")]
    NotOpened {
        /// What was asked.
        command: CapaCommandKind,
    },
    /// `Open` was given to a CAPA already open.
    #[error("the CAPA is already open")]
    AlreadyOpened,
    /// The context's `now` is before the CAPA's last event.
    #[error(
        "now ({now}) is before the CAPA's last event ({last}): a record's history cannot go back in time"
    )]
    ClockWentBackwards {
        /// When the last event was recorded.
        last: DateTime<Utc>,
        /// The context's now.
        now: DateTime<Utc>,
    },
    /// Refused by a gate every aggregate shares: the permission table, a
    /// competency gate, or the command's own content.
    #[error(transparent)]
    Gate(#[from] GateError<CapaCommandKind>),
    /// The command is not allowed in the CAPA's status.
    #[error("`{command}` is not allowed while the CAPA is `{from}`")]
    InvalidTransition {
        /// The CAPA's status.
        from: Status,
        /// What was asked.
        command: CapaCommandKind,
    },
    /// No action of the current cycle has this number.
    #[error("the current cycle has no {action}")]
    UnknownAction {
        /// The number given.
        action: ActionNo,
    },
    /// The action's own lifecycle does not allow the command.
    #[error("{action} is `{status}`, so it cannot take `{command}`")]
    ActionNotAllowed {
        /// The action.
        action: ActionNo,
        /// Where it stands.
        status: ActionStatus,
        /// What was asked.
        command: CapaCommandKind,
    },
    /// A plan needs at least one action that is not cancelled.
    #[error("the plan has no action that is not cancelled")]
    NothingPlanned,
    /// The risk is at or above the policy's threshold, and the plan has no
    /// preventive action.
    #[error("an RPN of {rpn} (threshold {threshold}) needs at least one preventive action")]
    PreventiveActionRequired {
        /// The RPN.
        rpn: u32,
        /// The policy's threshold.
        threshold: u16,
    },
    /// In implementing, the plan is unchanged since its approval: there is
    /// nothing to submit or approve again.
    #[error("the plan is unchanged since its approval")]
    PlanAlreadyApproved,
    /// The plan changed after its author signed it: it must be submitted again.
    #[error("the plan changed after its author signed it; submit it again")]
    PlanChangedSinceSubmission,
    /// The approver signed the plan as an author in this cycle.
    #[error("{approver} authored the plan and cannot also approve it")]
    ApproverIsAuthor {
        /// The would-be approver.
        approver: ActorId,
    },
    /// Verification needs every action done or cancelled.
    #[error("{} still open", Actions(actions))]
    ActionsUnfinished {
        /// The open actions.
        actions: Vec<ActionNo>,
    },
    /// Verification needs at least one action done: cancelled actions do not
    /// count.
    #[error("no action is done: cancelled actions do not count as done")]
    NoActionDone,
    /// The plan changed after its approval: it must be approved again.
    #[error("the plan changed after its approval; it must be approved again")]
    StalePlanApproval,
    /// The verifier owns an action: a second pair of eyes is needed.
    #[error("{verifier} owns {action} and cannot verify the implementation")]
    VerifierOwnsAction {
        /// The would-be verifier.
        verifier: ActorId,
        /// An action they own.
        action: ActionNo,
    },
    /// The verifier completed an action: a second pair of eyes is needed.
    #[error("{verifier} completed {action} and cannot verify the implementation")]
    VerifierCompletedAction {
        /// The would-be verifier.
        verifier: ActorId,
        /// An action they completed.
        action: ActionNo,
    },
    /// The effectiveness check is not due yet.
    #[error("the effectiveness check is due at {due}, not before")]
    EffectivenessNotDue {
        /// When it is due.
        due: DateTime<Utc>,
    },
    /// The checker owns an action.
    #[error("{checker} owns {action} and cannot check effectiveness")]
    CheckerOwnsAction {
        /// The would-be checker.
        checker: ActorId,
        /// An action they own.
        action: ActionNo,
    },
    /// The checker completed an action.
    #[error("{checker} completed {action} and cannot check effectiveness")]
    CheckerCompletedAction {
        /// The would-be checker.
        checker: ActorId,
        /// An action they completed.
        action: ActionNo,
    },
    /// The checker authored the plan.
    #[error("{checker} authored the plan and cannot check its effectiveness")]
    CheckerIsAuthor {
        /// The would-be checker.
        checker: ActorId,
    },
    /// The closing approver authored the plan.
    #[error("{approver} authored the plan and cannot approve the closure")]
    CloserIsAuthor {
        /// The would-be approver.
        approver: ActorId,
    },
    /// Closing needs things the CAPA does not have.
    #[error("the CAPA cannot be closed without {}", Listed(missing))]
    NotReadyToClose {
        /// Everything still missing.
        missing: Vec<CloseRequirement>,
    },
    /// The source is already linked.
    #[error("the source is already linked")]
    AlreadyLinked,
    /// The policy's calendar cannot answer for the CAPA's dates.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
}

impl CapaError {
    /// A stable snake_case name of the rule that refused, for programs: to pick a
    /// translated message, or to count refusals by rule.
    #[must_use]
    pub const fn rule(&self) -> &'static str {
        match self {
            CapaError::NotOpened { .. } => "not_opened",
            CapaError::AlreadyOpened => "already_opened",
            CapaError::ClockWentBackwards { .. } => "clock_went_backwards",
            CapaError::Gate(gate) => gate.rule(),
            CapaError::InvalidTransition { .. } => "invalid_transition",
            CapaError::UnknownAction { .. } => "unknown_action",
            CapaError::ActionNotAllowed { .. } => "action_not_allowed",
            CapaError::NothingPlanned => "nothing_planned",
            CapaError::PreventiveActionRequired { .. } => "preventive_action_required",
            CapaError::PlanAlreadyApproved => "plan_already_approved",
            CapaError::PlanChangedSinceSubmission => "plan_changed_since_submission",
            CapaError::ApproverIsAuthor { .. } => "approver_is_author",
            CapaError::ActionsUnfinished { .. } => "actions_unfinished",
            CapaError::NoActionDone => "no_action_done",
            CapaError::StalePlanApproval => "stale_plan_approval",
            CapaError::VerifierOwnsAction { .. } => "verifier_owns_action",
            CapaError::VerifierCompletedAction { .. } => "verifier_completed_action",
            CapaError::EffectivenessNotDue { .. } => "effectiveness_not_due",
            CapaError::CheckerOwnsAction { .. } => "checker_owns_action",
            CapaError::CheckerCompletedAction { .. } => "checker_completed_action",
            CapaError::CheckerIsAuthor { .. } => "checker_is_author",
            CapaError::CloserIsAuthor { .. } => "closer_is_author",
            CapaError::NotReadyToClose { .. } => "not_ready_to_close",
            CapaError::AlreadyLinked => "already_linked",
            CapaError::Calendar(_) => "calendar",
        }
    }
}

crate::problem::rule_by_inherent!(CapaError);

struct Actions<'a>(&'a [ActionNo]);

impl fmt::Display for Actions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::problem::write_list(f, self.0)?;
        f.write_str(if self.0.len() == 1 { " is" } else { " are" })
    }
}

crate::authority::gate_error!(CapaError, crate::actor::CapaCommandKind);
