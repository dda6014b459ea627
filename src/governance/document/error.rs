//! [`DocumentError`]: why a controlled document refused a command.

use chrono::{DateTime, Utc};

use super::state::RevisionStatus;
use crate::actor::DocumentCommandKind;
use crate::authority::GateError;
use crate::id::ActorId;

/// Why a controlled document refused a command. [`DocumentError::rule`] gives
/// a stable name for each rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// The document is not created yet.
    #[error("the document is not created yet, so it cannot take `{command}`")]
    NotCreated {
        /// What was asked.
        command: DocumentCommandKind,
    },
    /// The document already exists.
    #[error("the document already exists")]
    AlreadyCreated,
    /// The context's `now` is before the document's last event.
    #[error("now ({now}) is before the document's last event ({last})")]
    ClockWentBackwards {
        /// When the last event was recorded.
        last: DateTime<Utc>,
        /// The context's now.
        now: DateTime<Utc>,
    },
    /// Refused by a gate every aggregate shares: the permission table, a
    /// competency gate, or the command's own content.
    #[error(transparent)]
    Gate(#[from] GateError<DocumentCommandKind>),
    /// An instant the command brings in, or `now`, lies outside the range of
    /// the policy's business calendar.
    #[error(transparent)]
    Calendar(#[from] crate::calendar::CalendarError),
    /// A revision is already being worked on.
    #[error("revision {revision} is still {status}; one revision is worked on at a time")]
    RevisionInFlight {
        /// Its number.
        revision: u32,
        /// Where it stands.
        status: RevisionStatus,
    },
    /// No revision is where the command needs one.
    #[error("no revision is {needed}")]
    NoRevision {
        /// The status the command needs.
        needed: RevisionStatus,
    },
    /// The approver wrote the revision.
    #[error("{approver} wrote the revision and cannot also approve it")]
    ApproverIsAuthor {
        /// The would-be approver.
        approver: ActorId,
    },
    /// The effective date is before now or before the current revision's.
    #[error("a revision cannot take effect at {from}: not before {earliest}")]
    EffectiveTooEarly {
        /// The date given.
        from: DateTime<Utc>,
        /// The earliest allowed.
        earliest: DateTime<Utc>,
    },
    /// There is no effective revision to review.
    #[error("the document has no effective revision to review")]
    NothingToReview,
}

impl DocumentError {
    /// A stable snake_case name of the rule that refused.
    #[must_use]
    pub const fn rule(&self) -> &'static str {
        match self {
            DocumentError::NotCreated { .. } => "not_created",
            DocumentError::AlreadyCreated => "already_created",
            DocumentError::ClockWentBackwards { .. } => "clock_went_backwards",
            DocumentError::Gate(gate) => gate.rule(),
            DocumentError::Calendar(_) => "calendar",
            DocumentError::RevisionInFlight { .. } => "revision_in_flight",
            DocumentError::NoRevision { .. } => "no_revision",
            DocumentError::ApproverIsAuthor { .. } => "approver_is_author",
            DocumentError::EffectiveTooEarly { .. } => "effective_too_early",
            DocumentError::NothingToReview => "nothing_to_review",
        }
    }
}

crate::problem::rule_by_inherent!(DocumentError);

crate::authority::gate_error!(DocumentError, crate::actor::DocumentCommandKind);
