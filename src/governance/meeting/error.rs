//! [`MeetingError`]: why a review meeting refused a command.

use chrono::{DateTime, Utc};

use super::state::MeetingStatus;
use crate::actor::MeetingCommandKind;
use crate::authority::GateError;
use crate::id::MeetingId;

/// Why a review meeting refused a command. [`MeetingError::rule`] gives a
/// stable name for each rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MeetingError {
    /// The meeting is not scheduled yet.
    #[error("the meeting is not scheduled yet, so it cannot take `{command}`")]
    NotScheduled {
        /// What was asked.
        command: MeetingCommandKind,
    },
    /// The meeting is already scheduled.
    #[error("the meeting is already scheduled")]
    AlreadyScheduled,
    /// The context's `now` is before the meeting's last event.
    #[error("now ({now}) is before the meeting's last event ({last})")]
    ClockWentBackwards {
        /// When the last event was recorded.
        last: DateTime<Utc>,
        /// The context's now.
        now: DateTime<Utc>,
    },
    /// Refused by a gate every aggregate shares: the permission table, a
    /// competency gate, or the command's own content.
    #[error(transparent)]
    Gate(#[from] GateError<MeetingCommandKind>),
    /// An instant the command brings in, or `now`, lies outside the range of
    /// the policy's business calendar.
    #[error(transparent)]
    Calendar(#[from] crate::calendar::CalendarError),
    /// The meeting is not where the command needs it.
    #[error("the meeting is {status}, so it cannot take `{command}`")]
    WrongStatus {
        /// Where it stands.
        status: MeetingStatus,
        /// What was asked.
        command: MeetingCommandKind,
    },
    /// A meeting is scheduled, or moved, to a time not before now.
    #[error("a meeting cannot be scheduled at {at}, before now ({now})")]
    ScheduledInPast {
        /// The time given.
        at: DateTime<Utc>,
        /// Now.
        now: DateTime<Utc>,
    },
    /// The meeting has as many action items as can be numbered.
    #[error("the meeting has as many action items as can be numbered")]
    TooManyItems,
    /// Minutes are recorded only once the meeting's time has come.
    #[error("the meeting is at {at}; its minutes cannot be recorded before then")]
    NotYetHeld {
        /// When it is.
        at: DateTime<Utc>,
    },
    /// No action item has that number.
    #[error("no action item {item}")]
    UnknownItem {
        /// The number given.
        item: u32,
    },
    /// The action item is already done or cancelled.
    #[error("action item {item} is already settled")]
    ItemSettled {
        /// Which.
        item: u32,
    },
    /// An action item is settled only once it has an owner.
    #[error("action item {item} has no owner; assign it first")]
    ItemHasNoOwner {
        /// Which.
        item: u32,
    },
    /// A due date is before now.
    #[error("a due date of {due} is before now ({now})")]
    DueInPast {
        /// The date given.
        due: DateTime<Utc>,
        /// Now.
        now: DateTime<Utc>,
    },
    /// The meeting cannot close: some action items are open or owner-less.
    #[error(
        "the meeting cannot close: action items still open {open:?}, without an owner {unowned:?}"
    )]
    NotReadyToClose {
        /// The open items.
        open: Vec<u32>,
        /// The items without an owner.
        unowned: Vec<u32>,
    },
    /// The action plan is already superseded.
    #[error("the action plan is already superseded by meeting {by}")]
    AlreadySuperseded {
        /// By which meeting.
        by: MeetingId,
    },
}

impl MeetingError {
    /// A stable snake_case name of the rule that refused.
    #[must_use]
    pub const fn rule(&self) -> &'static str {
        match self {
            MeetingError::NotScheduled { .. } => "not_scheduled",
            MeetingError::AlreadyScheduled => "already_scheduled",
            MeetingError::ClockWentBackwards { .. } => "clock_went_backwards",
            MeetingError::Gate(gate) => gate.rule(),
            MeetingError::Calendar(_) => "calendar",
            MeetingError::WrongStatus { .. } => "wrong_status",
            MeetingError::ScheduledInPast { .. } => "scheduled_in_past",
            MeetingError::TooManyItems => "too_many_items",
            MeetingError::NotYetHeld { .. } => "not_yet_held",
            MeetingError::UnknownItem { .. } => "unknown_item",
            MeetingError::ItemSettled { .. } => "item_settled",
            MeetingError::ItemHasNoOwner { .. } => "item_has_no_owner",
            MeetingError::DueInPast { .. } => "due_in_past",
            MeetingError::NotReadyToClose { .. } => "not_ready_to_close",
            MeetingError::AlreadySuperseded { .. } => "already_superseded",
        }
    }
}

crate::problem::rule_by_inherent!(MeetingError);

crate::authority::gate_error!(MeetingError, crate::actor::MeetingCommandKind);
