//! [`CaseError`]: why a case refused a command, naming the rule that refused.

use core::fmt;

use chrono::{DateTime, Utc};

use super::state::{Assignee, QualityRecord};
use crate::actor::{CaseCommandKind, RoleSet};
use crate::authority::GateError;
use crate::calendar::CalendarError;
use crate::id::ActorId;
use crate::policy::case::Status;
use crate::priority::{Priority, Severity};
use crate::problem::Listed;
use crate::records::HoldError;
use crate::sla::SlaError;

/// What closing a case still needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum CloseRequirement {
    /// A QA specialist's approval of the resolution, which the policy requires for
    /// the case's severity.
    QaReview,
    /// The follow-up, recorded or waived.
    FollowUp,
    /// For complaints of the policy's severities: a linked non-conformance or CAPA,
    /// or an approved "no CAPA needed" reason.
    CapaDecision,
    /// The concern the customer raised at follow-up, resolved.
    ConcernResolved,
}

impl fmt::Display for CloseRequirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CloseRequirement::QaReview => "an approved QA review",
            CloseRequirement::FollowUp => "a follow-up recorded or waived",
            CloseRequirement::CapaDecision => {
                "a linked non-conformance or CAPA, or an approved no-CAPA reason"
            }
            CloseRequirement::ConcernResolved => "the customer's concern resolved",
        })
    }
}

/// Why a case refused a command. Each variant names one rule, in words a person
/// can be shown; [`CaseError::rule`] gives a stable name for it.
///
/// A refusal never changes anything: `decide` returns either all its events or
/// this.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CaseError {
    /// The case has not been logged, and the command needs a logged case.
    #[error("the case is not logged yet, so it cannot take `{command}`")]
    NotLogged {
        /// What was asked.
        command: CaseCommandKind,
    },
    /// `Log` was given to a case already logged.
    #[error("the case is already logged")]
    AlreadyLogged,
    /// The context's `now` is before the case's last event.
    #[error(
        "now ({now}) is before the case's last event ({last}): a case's history cannot go back in time"
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
    Gate(#[from] GateError<CaseCommandKind>),
    /// The lifecycle table lets only some roles make this move, and the actor holds
    /// none of them.
    #[error("`{command}` from `{from}` is allowed only to {roles}")]
    TransitionNotPermitted {
        /// The case's status.
        from: Status,
        /// What was asked.
        command: CaseCommandKind,
        /// The roles the table allows (boxed: a refusal stays small to return).
        roles: Box<RoleSet>,
    },
    /// The command is not allowed in the case's status.
    #[error("`{command}` is not allowed while the case is `{from}`")]
    InvalidTransition {
        /// The case's status.
        from: Status,
        /// What was asked.
        command: CaseCommandKind,
    },
    /// Investigation needs the case to be acknowledged first.
    #[error("the case must be acknowledged before it is investigated")]
    NotAcknowledged,
    /// A complaint needs a resolution (text or reference) to be resolved.
    #[error("a complaint cannot be resolved without a resolution (a text or a reference)")]
    ResolutionRequired,
    /// A complaint needs a root-cause category to be resolved.
    #[error("a complaint cannot be resolved without a root-cause category")]
    RootCauseRequired,
    /// The policy does not permit resolution at first contact for this severity.
    #[error("severity `{severity}` may not be resolved at first contact")]
    FirstContactResolutionNotAllowed {
        /// The case's severity.
        severity: Severity,
    },
    /// The reviewer resolved the case: a review needs a second pair of eyes.
    #[error("{reviewer} resolved the case and cannot also review the resolution")]
    ReviewerIsResolver {
        /// The would-be reviewer.
        reviewer: ActorId,
    },
    /// A follow-up was recorded for the current resolution or delivery:
    /// there is nothing left to record or waive.
    #[error("the follow-up is already recorded")]
    FollowUpAlreadyRecorded,
    /// `ApproveNoCapa` was given with no proposal to approve.
    #[error("no one proposed that the complaint needs no CAPA: propose it first")]
    NoCapaNotProposed,
    /// `ProposeNoCapa` was given to a complaint whose no-CAPA reason is
    /// approved already.
    #[error("the complaint's no-CAPA reason is approved already")]
    NoCapaAlreadyApproved,
    /// The proposer of "no CAPA needed" tried to approve it: four eyes.
    #[error("{approver} proposed that the complaint needs no CAPA, so cannot approve it")]
    ApproverIsProposer {
        /// Who tried to approve.
        approver: ActorId,
    },
    /// The feedback policy's anti-fatigue rule: the customer was surveyed
    /// within its period, and no override says why to survey again.
    #[error(
        "the customer was surveyed at {last}; the next survey may go out at {next}, or say why not to wait"
    )]
    SurveyTooSoon {
        /// The last survey, the caller's or the case's own.
        last: DateTime<Utc>,
        /// The first instant the next may go out.
        next: DateTime<Utc>,
    },
    /// `ResolveConcern` was given to a case with no open concern.
    #[error("the case has no open concern to resolve")]
    NoOpenConcern,
    /// The follow-up is recorded, waived or given up unanswered: no more
    /// attempts are recorded.
    #[error("the follow-up is settled; no more attempts are recorded")]
    FollowUpSettled,
    /// The current resolution was approved at review: one approval is its
    /// record. A rejected one may be reviewed again; a new resolution needs
    /// a new review.
    #[error("the resolution was already approved at review at {at}")]
    AlreadyReviewed {
        /// When it was reviewed.
        at: DateTime<Utc>,
    },
    /// A proposal that the complaint needs no CAPA awaits its approval.
    #[error("{by} already proposed that the complaint needs no CAPA")]
    NoCapaAlreadyProposed {
        /// Who proposed it.
        by: ActorId,
    },
    /// The case is already assigned there: assigning it again would record
    /// the same assignment twice (a double submit, say).
    #[error("the case is already assigned to {to}")]
    AlreadyAssigned {
        /// Where it is assigned.
        to: Assignee,
    },
    /// The quality record is already linked to the case.
    #[error("{record} is already linked to the case")]
    AlreadyLinked {
        /// The record.
        record: QualityRecord,
    },
    /// The command applies to complaints only.
    #[error("`{command}` applies to complaints only")]
    NotAComplaint {
        /// What was asked.
        command: CaseCommandKind,
    },
    /// Closing needs things the case does not have yet.
    #[error("the case cannot be closed without {}", Listed(missing))]
    NotReadyToClose {
        /// Everything still missing.
        missing: Vec<CloseRequirement>,
    },
    /// The policy's reopen window has passed: open a new case linked to this one.
    #[error("the reopen window ended at {until}; open a new case linked to this one")]
    ReopenWindowExpired {
        /// When the window ended.
        until: DateTime<Utc>,
    },
    /// The policy never reopens cases: open a new case linked to this one.
    #[error("the policy does not reopen cases; open a new case linked to this one")]
    ReopenNotAllowed,
    /// A case cannot be merged into itself.
    #[error("a case cannot be merged into itself")]
    MergeIntoSelf,
    /// The case is at the policy's top escalation level.
    #[error("the case is already at the top escalation level, {level}")]
    EscalationAtTop {
        /// The level.
        level: u8,
    },
    /// The case is not escalated, so it cannot be de-escalated.
    #[error("the case is not escalated")]
    NotEscalated,
    /// The policy's calendar cannot answer for the case's dates.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// A level of the case's escalation ladder falls outside the ladder's calendar:
    /// the case was received too close to the end of its range.
    #[error("{priority} ladder level {level} cannot be timed: {source}")]
    LadderOutOfRange {
        /// The case's priority, whose ladder it is.
        priority: Priority,
        /// The level, from 1.
        level: u8,
        /// The calendar's refusal, naming the calendar and the instant.
        source: CalendarError,
    },
    /// A legal hold could not be placed or released.
    #[error(transparent)]
    Hold(#[from] HoldError),
    /// A legal hold is in force: nothing of the case is erased or disposed
    /// of while it lasts.
    #[error("the case is under legal hold ({reasons}): nothing of it is erased", reasons = .reasons.join(", "))]
    UnderLegalHold {
        /// The matters of the holds in force.
        reasons: Vec<String>,
    },
    /// Personal data is erased on request only once the case is finished
    /// (closed, withdrawn, rejected or merged): a case still worked keeps
    /// what it needs.
    #[error("the case is {status}: close, withdraw or reject it before erasing its personal data")]
    NotFinished {
        /// Its status.
        status: Status,
    },
    /// The history holds no personal data left to erase.
    #[error("the case's history holds no personal data left to erase")]
    NothingToErase,
    /// No follow-up's comments have reached the end of their retention.
    #[error("no feedback is due for disposal{}", .due_at.map(|at| format!(" before {at}")).unwrap_or_default())]
    FeedbackNotDue {
        /// When the next follow-up's comments come due, if any are kept.
        due_at: Option<DateTime<Utc>>,
    },
    /// The case's SLA clocks cannot be evaluated for a reason other than a
    /// calendar's range: a calendar out of range is [`CaseError::Calendar`],
    /// as everywhere else.
    #[error(transparent)]
    Sla(SlaError),
}

impl From<SlaError> for CaseError {
    /// One shape for one refusal: a clock's calendar that does not cover an
    /// instant is [`CaseError::Calendar`], as it is for the case's other
    /// calendars; any other failure is [`CaseError::Sla`].
    fn from(error: SlaError) -> Self {
        match error {
            SlaError::Calendar(calendar) => CaseError::Calendar(calendar),
            other => CaseError::Sla(other),
        }
    }
}

impl CaseError {
    /// A stable snake_case name of the rule that refused, for programs: to pick a
    /// translated message, or to count refusals by rule.
    #[must_use]
    pub const fn rule(&self) -> &'static str {
        match self {
            CaseError::NotLogged { .. } => "not_logged",
            CaseError::AlreadyLogged => "already_logged",
            CaseError::ClockWentBackwards { .. } => "clock_went_backwards",
            CaseError::Gate(gate) => gate.rule(),
            CaseError::TransitionNotPermitted { .. } => "transition_not_permitted",
            CaseError::InvalidTransition { .. } => "invalid_transition",
            CaseError::NotAcknowledged => "not_acknowledged",
            CaseError::ResolutionRequired => "resolution_required",
            CaseError::RootCauseRequired => "root_cause_required",
            CaseError::FirstContactResolutionNotAllowed { .. } => {
                "first_contact_resolution_not_allowed"
            }
            CaseError::ReviewerIsResolver { .. } => "reviewer_is_resolver",
            CaseError::FollowUpAlreadyRecorded => "follow_up_already_recorded",
            CaseError::NoOpenConcern => "no_open_concern",
            CaseError::SurveyTooSoon { .. } => "survey_too_soon",
            CaseError::NoCapaNotProposed => "no_capa_not_proposed",
            CaseError::NoCapaAlreadyApproved => "no_capa_already_approved",
            CaseError::ApproverIsProposer { .. } => "approver_is_proposer",
            CaseError::FollowUpSettled => "follow_up_settled",
            CaseError::AlreadyAssigned { .. } => "already_assigned",
            CaseError::NoCapaAlreadyProposed { .. } => "no_capa_already_proposed",
            CaseError::AlreadyReviewed { .. } => "already_reviewed",
            CaseError::AlreadyLinked { .. } => "already_linked",
            CaseError::NotAComplaint { .. } => "not_a_complaint",
            CaseError::NotReadyToClose { .. } => "not_ready_to_close",
            CaseError::ReopenWindowExpired { .. } => "reopen_window_expired",
            CaseError::ReopenNotAllowed => "reopen_not_allowed",
            CaseError::MergeIntoSelf => "merge_into_self",
            CaseError::EscalationAtTop { .. } => "escalation_at_top",
            CaseError::NotEscalated => "not_escalated",
            CaseError::Calendar(_) => "calendar",
            CaseError::LadderOutOfRange { .. } => "ladder_out_of_range",
            CaseError::Sla(_) => "sla",
            CaseError::Hold(hold) => hold.rule(),
            CaseError::UnderLegalHold { .. } => "legal_hold",
            CaseError::NotFinished { .. } => "case_not_finished",
            CaseError::NothingToErase => "nothing_to_erase",
            CaseError::FeedbackNotDue { .. } => "feedback_not_due",
        }
    }
}

crate::problem::rule_by_inherent!(CaseError);

impl fmt::Display for QualityRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QualityRecord::NonConformance(id) => write!(f, "non-conformance {id}"),
            QualityRecord::Capa(id) => write!(f, "CAPA {id}"),
        }
    }
}

crate::authority::gate_error!(CaseError, crate::actor::CaseCommandKind);
