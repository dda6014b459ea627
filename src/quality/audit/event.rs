//! [`Event`]: what happened to an audit. The serde form is a public wire
//! contract, snapshot-tested: change it only on purpose.
//!
//! The opening carries the instant the score comes due, and the scoring each
//! criterion's weight and the outcome, so that replaying a history never
//! needs the policy that was in force.

use chrono::{DateTime, Utc};

use super::state::{AuditedCase, Finding, Outcome, ScoredCriterion};
use crate::id::{ActorId, AuditId, NonConformanceId};

/// What happened to an audit. `decide` returns them; the envelope
/// ([`Recorded`](crate::Recorded)) adds when, by whom and the version.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Event {
    /// The audit was opened.
    Opened {
        /// The audit.
        audit: AuditId,
        /// The case audited.
        case: AuditedCase,
        /// The agent whose handling is audited.
        agent: ActorId,
        /// The period it was sampled for.
        period: String,
        /// By when it is to be scored.
        score_due: DateTime<Utc>,
    },
    /// The audit was scored.
    Scored {
        /// Each criterion of the scorecard, in its order, with its weight.
        scores: Vec<ScoredCriterion>,
        /// What was found, numbered from 1 in this order.
        findings: Vec<Finding>,
        /// The auditor's comments.
        comments: String,
        /// The weighted score and the verdict.
        outcome: Outcome,
    },
    /// A finding was raised as a non-conformance.
    NonConformanceRaised {
        /// The finding's number, from 1.
        finding: u32,
        /// The non-conformance.
        ncr: NonConformanceId,
    },
    /// The audit was withdrawn before it was scored.
    Withdrawn {
        /// Why.
        reason: String,
    },
    /// The audit was still not scored when its score came due.
    AuditOverdue {
        /// When it was due.
        due: DateTime<Utc>,
    },
}

impl Event {
    /// The event's snake_case name, its `type` tag on the wire.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        match self {
            Event::Opened { .. } => "opened",
            Event::Scored { .. } => "scored",
            Event::NonConformanceRaised { .. } => "non_conformance_raised",
            Event::Withdrawn { .. } => "withdrawn",
            Event::AuditOverdue { .. } => "audit_overdue",
        }
    }
}
