//! [`NonConformanceError`]: why a non-conformance refused a command, naming the
//! rule that refused.

use core::fmt;

use chrono::{DateTime, Utc};

use super::state::{Disposition, Status};
use crate::actor::NonConformanceCommandKind;
use crate::authority::GateError;
use crate::id::{ActorId, CapaId, CaseId};
use crate::priority::Severity;
use crate::problem::Listed;

/// What closing a non-conformance still needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum CloseRequirement {
    /// An accept-as-is disposition's approval by someone other than the
    /// reporter.
    DispositionApproval,
    /// An approved reason why no CAPA is needed.
    NoCapaApproval,
    /// A CAPA: the severity or a repeat now requires one, so a no-CAPA decision
    /// does not count.
    Capa,
    /// The raised CAPA's closure.
    CapaClosure,
}

impl fmt::Display for CloseRequirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CloseRequirement::DispositionApproval => "an approved accept-as-is disposition",
            CloseRequirement::NoCapaApproval => "an approved no-CAPA reason",
            CloseRequirement::Capa => "a CAPA, which its severity or a repeat requires",
            CloseRequirement::CapaClosure => "the closure of its CAPA",
        })
    }
}

/// Why a non-conformance refused a command. Each variant names one rule, in
/// words a person can be shown; [`NonConformanceError::rule`] gives a stable name
/// for it.
///
/// A refusal never changes anything: `decide` returns either all its events or
/// this.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NonConformanceError {
    /// The non-conformance has not been reported, and the command needs one.
    #[error("the non-conformance is not reported yet, so it cannot take `{command}`")]
    NotReported {
        /// What was asked.
        command: NonConformanceCommandKind,
    },
    /// `Report` was given to a non-conformance already reported.
    #[error("the non-conformance is already reported")]
    AlreadyReported,
    /// The context's `now` is before the non-conformance's last event.
    #[error(
        "now ({now}) is before the non-conformance's last event ({last}): its history cannot go back in time"
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
    Gate(#[from] GateError<NonConformanceCommandKind>),
    /// An instant the command brings in, or `now`, lies outside the range of
    /// the policy's business calendar or of a calendar a stage's due date
    /// counts on; or a due date falls outside its calendar.
    #[error(transparent)]
    Calendar(#[from] crate::calendar::CalendarError),
    /// The command is not allowed in the non-conformance's status.
    #[error("`{command}` is not allowed while the non-conformance is `{from}`")]
    InvalidTransition {
        /// The status.
        from: Status,
        /// What was asked.
        command: NonConformanceCommandKind,
    },
    /// The command needs the root cause recorded first.
    #[error("`{command}` needs the root cause recorded first")]
    RootCauseRequired {
        /// What was asked.
        command: NonConformanceCommandKind,
    },
    /// A reclassification to the severity the non-conformance already has.
    #[error("the non-conformance is already of severity `{severity}`")]
    SeverityUnchanged {
        /// The severity.
        severity: Severity,
    },
    /// None of the earlier non-conformances given is repeated by this one.
    #[error(
        "none of the earlier non-conformances has the same source and root cause within {window_days} days before this one"
    )]
    NotARepeat {
        /// The policy's window, in days.
        window_days: u32,
    },
    /// Every repeat found is already flagged.
    #[error("every repeat found is already flagged")]
    RepeatAlreadyFlagged,
    /// The case is already linked.
    #[error("case {case} is already linked to the non-conformance")]
    CaseAlreadyLinked {
        /// The case.
        case: CaseId,
    },
    /// Only an accept-as-is disposition is approved.
    #[error("a `{disposition}` disposition needs no approval; only accept-as-is does")]
    NotAcceptAsIs {
        /// The disposition recorded.
        disposition: Disposition,
    },
    /// The disposition is already approved.
    #[error("the disposition is already approved")]
    DispositionAlreadyApproved,
    /// The reporter cannot approve an accept-as-is disposition: four eyes.
    #[error("{approver} reported the non-conformance and cannot also approve accepting it as is")]
    ApproverIsReporter {
        /// The would-be approver.
        approver: ActorId,
    },
    /// Who recorded an accept-as-is disposition cannot also approve it: four eyes.
    #[error("{approver} recorded the accept-as-is disposition and cannot also approve it")]
    ApproverIsDispositioner {
        /// The would-be approver.
        approver: ActorId,
    },
    /// An accept-as-is disposition must be approved before a CAPA is raised.
    #[error("the accept-as-is disposition must be approved first")]
    DispositionNotApproved,
    /// The severity requires a CAPA, so no-CAPA is refused.
    #[error("severity `{severity}` requires a CAPA (the policy requires one from `{from}`)")]
    CapaRequiredBySeverity {
        /// The non-conformance's severity.
        severity: Severity,
        /// The policy's threshold.
        from: Severity,
    },
    /// The non-conformance repeats earlier ones, and the policy requires a CAPA
    /// for repeats.
    #[error("a repeat non-conformance requires a CAPA")]
    CapaRequiredForRepeat,
    /// A no-CAPA reason is already approved.
    #[error("a no-CAPA reason is already approved")]
    NoCapaAlreadyApproved,
    /// There is no no-CAPA proposal to approve.
    #[error("no reason why no CAPA is needed has been proposed")]
    NoCapaNotProposed,
    /// The proposer cannot approve their own no-CAPA reason: four eyes.
    #[error("{approver} proposed the no-CAPA reason and cannot also approve it")]
    ApproverIsProposer {
        /// The would-be approver.
        approver: ActorId,
    },
    /// The CAPA named is not the one raised for this non-conformance.
    #[error("CAPA {given} is not the one raised for this non-conformance ({raised})")]
    CapaMismatch {
        /// The CAPA raised.
        raised: CapaId,
        /// The CAPA named.
        given: CapaId,
    },
    /// The CAPA's closure is already recorded.
    #[error("the CAPA's closure is already recorded")]
    CapaClosureAlreadyRecorded,
    /// Closing needs things the non-conformance does not have yet.
    #[error("the non-conformance cannot be closed without {}", Listed(missing))]
    NotReadyToClose {
        /// Everything still missing.
        missing: Vec<CloseRequirement>,
    },
}

impl NonConformanceError {
    /// A stable snake_case name of the rule that refused, for programs: to pick a
    /// translated message, or to count refusals by rule.
    #[must_use]
    pub const fn rule(&self) -> &'static str {
        match self {
            NonConformanceError::NotReported { .. } => "not_reported",
            NonConformanceError::AlreadyReported => "already_reported",
            NonConformanceError::ClockWentBackwards { .. } => "clock_went_backwards",
            NonConformanceError::Gate(gate) => gate.rule(),
            NonConformanceError::Calendar(_) => "calendar",
            NonConformanceError::InvalidTransition { .. } => "invalid_transition",
            NonConformanceError::RootCauseRequired { .. } => "root_cause_required",
            NonConformanceError::SeverityUnchanged { .. } => "severity_unchanged",
            NonConformanceError::NotARepeat { .. } => "not_a_repeat",
            NonConformanceError::RepeatAlreadyFlagged => "repeat_already_flagged",
            NonConformanceError::CaseAlreadyLinked { .. } => "case_already_linked",
            NonConformanceError::NotAcceptAsIs { .. } => "not_accept_as_is",
            NonConformanceError::DispositionAlreadyApproved => "disposition_already_approved",
            NonConformanceError::ApproverIsReporter { .. } => "approver_is_reporter",
            NonConformanceError::ApproverIsDispositioner { .. } => "approver_is_dispositioner",
            NonConformanceError::DispositionNotApproved => "disposition_not_approved",
            NonConformanceError::CapaRequiredBySeverity { .. } => "capa_required_by_severity",
            NonConformanceError::CapaRequiredForRepeat => "capa_required_for_repeat",
            NonConformanceError::NoCapaAlreadyApproved => "no_capa_already_approved",
            NonConformanceError::NoCapaNotProposed => "no_capa_not_proposed",
            NonConformanceError::ApproverIsProposer { .. } => "approver_is_proposer",
            NonConformanceError::CapaMismatch { .. } => "capa_mismatch",
            NonConformanceError::CapaClosureAlreadyRecorded => "capa_closure_already_recorded",
            NonConformanceError::NotReadyToClose { .. } => "not_ready_to_close",
        }
    }
}

crate::problem::rule_by_inherent!(NonConformanceError);

crate::authority::gate_error!(NonConformanceError, crate::actor::NonConformanceCommandKind);
