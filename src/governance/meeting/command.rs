//! [`Command`]: what a user asks of a review meeting.

use chrono::{DateTime, Utc};

use super::agenda::Agenda;
use crate::actor::MeetingCommandKind;
use crate::id::{ActorId, MeetingId};

/// What a user asks of a review meeting. On the wire, the `command` tag is
/// the [`MeetingCommandKind`] name.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "command", rename_all = "snake_case", deny_unknown_fields)
)]
#[non_exhaustive]
pub enum Command {
    /// Schedule the meeting, with its agenda.
    #[cfg_attr(feature = "serde", serde(rename = "schedule_review_meeting"))]
    Schedule {
        /// Its id, chosen by the caller.
        meeting: MeetingId,
        /// Its title, such as `Monthly quality review, November 2026`.
        title: String,
        /// When it is held; not before now.
        at: DateTime<Utc>,
        /// What it reviews, usually built by [`Agenda`]'s methods from data.
        agenda: Agenda,
    },
    /// Move the meeting to another time before it is held.
    #[cfg_attr(feature = "serde", serde(rename = "reschedule_review_meeting"))]
    Reschedule {
        /// The new time; not before now.
        at: DateTime<Utc>,
        /// Why.
        reason: String,
    },
    /// Replace the agenda before the meeting, when the data changed.
    #[cfg_attr(feature = "serde", serde(rename = "set_meeting_agenda"))]
    SetAgenda {
        /// The new agenda.
        agenda: Agenda,
    },
    /// Cancel the meeting before it is held.
    #[cfg_attr(feature = "serde", serde(rename = "cancel_review_meeting"))]
    Cancel {
        /// Why.
        reason: String,
    },
    /// Record the minutes: who attended, what was discussed, what was decided.
    RecordMinutes {
        /// Who attended; at least one, each once.
        attendees: Vec<ActorId>,
        /// The minutes.
        minutes: String,
        /// The decisions, each a line.
        decisions: Vec<String>,
    },
    /// Add an action item to the meeting's improvement action plan.
    #[cfg_attr(feature = "serde", serde(rename = "add_meeting_action"))]
    AddActionItem {
        /// What is to be done.
        description: String,
        /// Who is responsible, if already known.
        owner: Option<ActorId>,
        /// When it is due; not before now.
        due: DateTime<Utc>,
    },
    /// Give an open action item an owner and a due date.
    #[cfg_attr(feature = "serde", serde(rename = "assign_meeting_action"))]
    AssignActionItem {
        /// Its number.
        item: u32,
        /// Who is responsible.
        owner: ActorId,
        /// When it is due; not before now.
        due: DateTime<Utc>,
    },
    /// Mark an owned action item done, with evidence.
    #[cfg_attr(feature = "serde", serde(rename = "complete_meeting_action"))]
    CompleteActionItem {
        /// Its number.
        item: u32,
        /// What shows it is done.
        evidence: String,
    },
    /// Cancel an owned action item, with a reason.
    #[cfg_attr(feature = "serde", serde(rename = "cancel_meeting_action"))]
    CancelActionItem {
        /// Its number.
        item: u32,
        /// Why.
        reason: String,
    },
    /// Close the meeting, documenting its outcome: every action item is owned
    /// and done or cancelled with a reason.
    #[cfg_attr(feature = "serde", serde(rename = "close_review_meeting"))]
    Close {
        /// The outcome.
        outcome: String,
    },
    /// Mark the meeting's improvement action plan superseded by a later
    /// meeting's.
    #[cfg_attr(feature = "serde", serde(rename = "supersede_action_plan"))]
    SupersedePlan {
        /// The meeting whose plan supersedes this one's.
        by: MeetingId,
    },
    /// Record what came due: overdue action items.
    RecordDeadline,
}

impl Command {
    /// The command's kind, which the permission table grants.
    #[must_use]
    pub const fn kind(&self) -> MeetingCommandKind {
        match self {
            Command::Schedule { .. } => MeetingCommandKind::ScheduleReviewMeeting,
            Command::Reschedule { .. } => MeetingCommandKind::RescheduleReviewMeeting,
            Command::SetAgenda { .. } => MeetingCommandKind::SetMeetingAgenda,
            Command::Cancel { .. } => MeetingCommandKind::CancelReviewMeeting,
            Command::RecordMinutes { .. } => MeetingCommandKind::RecordMinutes,
            Command::AddActionItem { .. } => MeetingCommandKind::AddMeetingAction,
            Command::AssignActionItem { .. } => MeetingCommandKind::AssignMeetingAction,
            Command::CompleteActionItem { .. } => MeetingCommandKind::CompleteMeetingAction,
            Command::CancelActionItem { .. } => MeetingCommandKind::CancelMeetingAction,
            Command::Close { .. } => MeetingCommandKind::CloseReviewMeeting,
            Command::SupersedePlan { .. } => MeetingCommandKind::SupersedeActionPlan,
            Command::RecordDeadline => MeetingCommandKind::RecordDeadline,
        }
    }
}
