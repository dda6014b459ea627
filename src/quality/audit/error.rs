//! [`AuditError`]: why an audit refused a command.

use chrono::{DateTime, Utc};

use crate::actor::AuditCommandKind;
use crate::authority::GateError;
use crate::id::{ActorId, NonConformanceId};

/// Why an audit refused a command. [`AuditError::rule`] gives a stable name
/// for each rule. A criterion's code is shown cut to 64 characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuditError {
    /// The audit is not opened yet.
    #[error("the audit is not opened yet, so it cannot take `{command}`")]
    NotOpened {
        /// What was asked.
        command: AuditCommandKind,
    },
    /// The audit is opened already.
    #[error("the audit is opened already")]
    AlreadyOpened,
    /// The context's `now` is before the audit's last event.
    #[error("now ({now}) is before the audit's last event ({last})")]
    ClockWentBackwards {
        /// When the last event was recorded.
        last: DateTime<Utc>,
        /// The context's now.
        now: DateTime<Utc>,
    },
    /// Refused by a gate every aggregate shares: the permission table, a
    /// competency gate, or the command's own content.
    #[error(transparent)]
    Gate(#[from] GateError<AuditCommandKind>),
    /// `now` lies outside the range of the policy's business calendar.
    #[error(transparent)]
    Calendar(#[from] crate::calendar::CalendarError),
    /// The audit is scored already: its score never changes.
    #[error("the audit was scored at {at}: its score does not change")]
    AlreadyScored {
        /// When.
        at: DateTime<Utc>,
    },
    /// The audit is not scored yet, so it has no findings to raise.
    #[error("the audit is not scored yet, so it has no findings")]
    NotScored,
    /// The audit was withdrawn.
    #[error("the audit was withdrawn at {at}")]
    Withdrawn {
        /// When.
        at: DateTime<Utc>,
    },
    /// Whoever resolved the case scores its audit: someone else does.
    #[error("{scorer} resolved the audited case, and may not score its audit")]
    ScorerIsResolver {
        /// Who asked to score it.
        scorer: ActorId,
    },
    /// The agent whose handling is audited scores the audit: someone else
    /// does.
    #[error("{scorer} is the agent audited, and may not score the audit")]
    ScorerIsAgent {
        /// Who asked to score it.
        scorer: ActorId,
    },
    /// A score names a criterion the scorecard does not have.
    #[error("`{code}` is not a criterion of the policy's scorecard")]
    UnknownCriterion {
        /// The code given.
        code: String,
    },
    /// A criterion is scored twice.
    #[error("the criterion `{code}` is scored twice")]
    CriterionScoredTwice {
        /// The criterion.
        code: String,
    },
    /// A score is outside the policy's scale.
    #[error("the criterion `{code}` is scored {score}, outside the scale's 0 to {max}")]
    ScoreOutOfScale {
        /// The criterion.
        code: String,
        /// The score given.
        score: u8,
        /// The most the scale allows.
        max: u8,
    },
    /// A criterion of the scorecard is not scored.
    #[error("the criterion `{code}` of the scorecard is not scored")]
    UnscoredCriterion {
        /// The criterion.
        code: String,
    },
    /// The audit has no finding of that number.
    #[error("the audit has no finding {finding}: it has {findings}")]
    UnknownFinding {
        /// The number given.
        finding: u32,
        /// How many findings the audit has, numbered from 1.
        findings: usize,
    },
    /// The finding was raised as a non-conformance already.
    #[error("finding {finding} was raised as non-conformance {ncr} already")]
    FindingAlreadyRaised {
        /// The finding.
        finding: u32,
        /// The non-conformance it was raised as.
        ncr: NonConformanceId,
    },
}

impl AuditError {
    /// A stable snake_case name of the rule that refused.
    #[must_use]
    pub const fn rule(&self) -> &'static str {
        match self {
            AuditError::NotOpened { .. } => "not_opened",
            AuditError::AlreadyOpened => "already_opened",
            AuditError::ClockWentBackwards { .. } => "clock_went_backwards",
            AuditError::Gate(gate) => gate.rule(),
            AuditError::Calendar(_) => "calendar",
            AuditError::AlreadyScored { .. } => "already_scored",
            AuditError::NotScored => "not_scored",
            AuditError::Withdrawn { .. } => "withdrawn",
            AuditError::ScorerIsResolver { .. } => "scorer_is_resolver",
            AuditError::ScorerIsAgent { .. } => "scorer_is_agent",
            AuditError::UnknownCriterion { .. } => "unknown_criterion",
            AuditError::CriterionScoredTwice { .. } => "criterion_scored_twice",
            AuditError::ScoreOutOfScale { .. } => "score_out_of_scale",
            AuditError::UnscoredCriterion { .. } => "unscored_criterion",
            AuditError::UnknownFinding { .. } => "unknown_finding",
            AuditError::FindingAlreadyRaised { .. } => "finding_already_raised",
        }
    }
}

crate::problem::rule_by_inherent!(AuditError);

crate::authority::gate_error!(AuditError, crate::actor::AuditCommandKind);
