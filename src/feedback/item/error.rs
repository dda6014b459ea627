//! [`FeedbackItemError`]: why a feedback item refused a command.

use chrono::{DateTime, Utc};

use super::state::Link;
use crate::actor::FeedbackCommandKind;
use crate::authority::GateError;
use crate::id::ActorId;
use crate::records::HoldError;

/// Why a feedback item refused a command. [`FeedbackItemError::rule`] gives a
/// stable name for each rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FeedbackItemError {
    /// The item is not logged yet.
    #[error("the feedback item is not logged yet, so it cannot take `{command}`")]
    NotLogged {
        /// What was asked.
        command: FeedbackCommandKind,
    },
    /// The item is already logged.
    #[error("the feedback item is already logged")]
    AlreadyLogged,
    /// The context's `now` is before the item's last event.
    #[error("now ({now}) is before the feedback item's last event ({last})")]
    ClockWentBackwards {
        /// When the last event was recorded.
        last: DateTime<Utc>,
        /// The context's now.
        now: DateTime<Utc>,
    },
    /// Refused by a gate every aggregate shares: the permission table, a
    /// competency gate, or the command's own content.
    #[error(transparent)]
    Gate(#[from] GateError<FeedbackCommandKind>),
    /// An instant the command brings in, `now`, or the review meetings it
    /// counts to, lies outside the range of the policy's business calendar.
    #[error(transparent)]
    Calendar(#[from] crate::calendar::CalendarError),
    /// The item is linked to that already.
    #[error("the feedback item is linked to {link} already")]
    AlreadyLinked {
        /// The link.
        link: Link,
    },
    /// The item is not linked to that.
    #[error("the feedback item is not linked to {link}")]
    NotLinked {
        /// The link.
        link: Link,
    },
    /// The item has as many links as it may.
    #[error("the feedback item has {max} links, as many as it may")]
    TooManyLinks {
        /// The most it may have.
        max: usize,
    },
    /// The item is reviewed already.
    #[error("the feedback item was reviewed at {at}")]
    AlreadyReviewed {
        /// When.
        at: DateTime<Utc>,
    },
    /// The member of staff who gave the feedback reviews it: someone else
    /// does.
    #[error("{reviewer} gave this feedback, and may not review it")]
    ReviewerIsSource {
        /// Who asked to review it.
        reviewer: ActorId,
    },
    /// A legal hold could not be placed or released.
    #[error(transparent)]
    Hold(#[from] HoldError),
    /// A legal hold is in force: the item's text is neither erased nor
    /// disposed of while it lasts.
    #[error("the feedback item is under legal hold ({reasons}): its text is not erased", reasons = .reasons.join(", "))]
    UnderLegalHold {
        /// The matters of the holds in force.
        reasons: Vec<String>,
    },
    /// The text is erased already.
    #[error("the feedback item's text is erased already")]
    NothingToErase,
    /// The feedback log's retention has not run yet.
    #[error("the feedback item's text is not due for disposal{}", .due_at.map(|at| format!(" before {at}")).unwrap_or_default())]
    FeedbackNotDue {
        /// When it comes due; `None` past the end of representable time.
        due_at: Option<DateTime<Utc>>,
    },
}

impl FeedbackItemError {
    /// A stable snake_case name of the rule that refused.
    #[must_use]
    pub const fn rule(&self) -> &'static str {
        match self {
            FeedbackItemError::NotLogged { .. } => "not_logged",
            FeedbackItemError::AlreadyLogged => "already_logged",
            FeedbackItemError::ClockWentBackwards { .. } => "clock_went_backwards",
            FeedbackItemError::Gate(gate) => gate.rule(),
            FeedbackItemError::Calendar(_) => "calendar",
            FeedbackItemError::AlreadyLinked { .. } => "already_linked",
            FeedbackItemError::NotLinked { .. } => "not_linked",
            FeedbackItemError::TooManyLinks { .. } => "too_many_links",
            FeedbackItemError::AlreadyReviewed { .. } => "already_reviewed",
            FeedbackItemError::ReviewerIsSource { .. } => "reviewer_is_source",
            FeedbackItemError::Hold(hold) => hold.rule(),
            FeedbackItemError::UnderLegalHold { .. } => "legal_hold",
            FeedbackItemError::NothingToErase => "nothing_to_erase",
            FeedbackItemError::FeedbackNotDue { .. } => "feedback_not_due",
        }
    }
}

crate::problem::rule_by_inherent!(FeedbackItemError);

crate::authority::gate_error!(FeedbackItemError, crate::actor::FeedbackCommandKind);
