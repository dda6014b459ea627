//! [`Command`]: what a user asks of an audit of a handled case. Nothing about
//! "now" or the actor: those come from the context.

use super::state::{AuditedCase, CriterionScore, Finding};
use crate::actor::AuditCommandKind;
use crate::id::{ActorId, AuditId, NonConformanceId};

/// What a user asks of an audit. On the wire, the `command` tag is the
/// [`AuditCommandKind`] name, such as `score_audit`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "command", rename_all = "snake_case", deny_unknown_fields)
)]
#[non_exhaustive]
pub enum Command {
    /// Open the audit of a handled case sampled for a period (see
    /// [`sample`](super::sample)). [`Command::open`] builds it.
    #[cfg_attr(feature = "serde", serde(rename = "open_audit"))]
    Open {
        /// The audit's id, chosen by the caller: the stream the audit is
        /// stored in must be this id's.
        audit: AuditId,
        /// The case audited.
        case: AuditedCase,
        /// The agent whose handling is audited: the one the case is
        /// attributed to in the sample, usually its resolver.
        agent: ActorId,
        /// The period it was sampled for, such as `2026-11`: not blank, at
        /// most [`CaseAudit::MAX_PERIOD_CHARS`](super::CaseAudit::MAX_PERIOD_CHARS)
        /// characters.
        period: String,
    },
    /// Score the audit on the policy's scorecard: every criterion once, on
    /// the policy's scale, with the findings and comments. Only by someone
    /// who neither resolved the case nor is the agent audited.
    #[cfg_attr(feature = "serde", serde(rename = "score_audit"))]
    Score {
        /// A score for every criterion of the scorecard, each once, in any
        /// order.
        scores: Vec<CriterionScore>,
        /// What was found: at most
        /// [`CaseAudit::MAX_FINDINGS`](super::CaseAudit::MAX_FINDINGS),
        /// numbered from 1 in this order.
        #[cfg_attr(feature = "serde", serde(default))]
        findings: Vec<Finding>,
        /// The auditor's comments; may be empty, at most
        /// [`CaseAudit::MAX_COMMENTS_CHARS`](super::CaseAudit::MAX_COMMENTS_CHARS)
        /// characters.
        #[cfg_attr(feature = "serde", serde(default))]
        comments: String,
    },
    /// Link a finding of the scored audit to the non-conformance the caller
    /// raised from it; each finding once.
    #[cfg_attr(feature = "serde", serde(rename = "raise_audit_non_conformance"))]
    RaiseNonConformance {
        /// The finding's number, from 1.
        finding: u32,
        /// The non-conformance raised from it.
        ncr: NonConformanceId,
    },
    /// Withdraw the audit before it is scored, with a reason (the case was
    /// sampled in error, say).
    #[cfg_attr(feature = "serde", serde(rename = "withdraw_audit"))]
    Withdraw {
        /// Why.
        reason: String,
    },
    /// Record what came due: the audit not scored in time. The caller's
    /// scheduler gives it at or after
    /// [`CaseAudit::next_deadline`](crate::Aggregate::next_deadline).
    RecordDeadline,
}

impl Command {
    /// The command that opens the audit `audit` of `case`, attributed to
    /// `agent`, sampled for `period`.
    #[must_use]
    pub fn open(
        audit: AuditId,
        case: AuditedCase,
        agent: ActorId,
        period: impl Into<String>,
    ) -> Self {
        Command::Open {
            audit,
            case,
            agent,
            period: period.into(),
        }
    }

    /// The command's kind, which the permission table grants.
    #[must_use]
    pub const fn kind(&self) -> AuditCommandKind {
        match self {
            Command::Open { .. } => AuditCommandKind::OpenAudit,
            Command::Score { .. } => AuditCommandKind::ScoreAudit,
            Command::RaiseNonConformance { .. } => AuditCommandKind::RaiseAuditNonConformance,
            Command::Withdraw { .. } => AuditCommandKind::WithdrawAudit,
            Command::RecordDeadline => AuditCommandKind::RecordDeadline,
        }
    }
}
