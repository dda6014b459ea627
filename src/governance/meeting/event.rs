//! [`Event`]: what happened to a review meeting. Snapshot-tested.

use chrono::{DateTime, Utc};

use super::agenda::Agenda;
use crate::id::{ActorId, MeetingId};

/// What happened to a review meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Event {
    /// The meeting was scheduled.
    Scheduled {
        /// Its id.
        meeting: MeetingId,
        /// Its title.
        title: String,
        /// When it is held.
        at: DateTime<Utc>,
        /// What it reviews.
        agenda: Agenda,
    },
    /// The meeting was moved.
    Rescheduled {
        /// When it is held now.
        at: DateTime<Utc>,
        /// Why.
        reason: String,
    },
    /// The agenda was replaced.
    AgendaSet {
        /// The new agenda.
        agenda: Agenda,
    },
    /// The meeting was cancelled before it was held.
    Cancelled {
        /// Why.
        reason: String,
    },
    /// The minutes were recorded: the meeting was held.
    MinutesRecorded {
        /// Who attended.
        attendees: Vec<ActorId>,
        /// The minutes.
        minutes: String,
        /// The decisions.
        decisions: Vec<String>,
    },
    /// An action item was added.
    ActionItemAdded {
        /// Its number, from 1.
        item: u32,
        /// What is to be done.
        description: String,
        /// Who is responsible, if known.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        owner: Option<ActorId>,
        /// When it is due.
        due: DateTime<Utc>,
    },
    /// An action item was given an owner and a due date.
    ActionItemAssigned {
        /// Which.
        item: u32,
        /// Who is responsible.
        owner: ActorId,
        /// When it is due.
        due: DateTime<Utc>,
    },
    /// An action item was done.
    ActionItemDone {
        /// Which.
        item: u32,
        /// The evidence.
        evidence: String,
    },
    /// An action item was cancelled.
    ActionItemCancelled {
        /// Which.
        item: u32,
        /// Why.
        reason: String,
    },
    /// An open action item passed its due date.
    ActionItemOverdue {
        /// Which.
        item: u32,
        /// Its due date.
        due: DateTime<Utc>,
    },
    /// The meeting was closed with its outcome.
    Closed {
        /// The outcome.
        outcome: String,
    },
    /// The meeting's improvement action plan was superseded.
    PlanSuperseded {
        /// The meeting whose plan supersedes it.
        by: MeetingId,
    },
}

impl Event {
    /// The event's snake_case name, its `type` tag on the wire.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        match self {
            Event::Scheduled { .. } => "scheduled",
            Event::Rescheduled { .. } => "rescheduled",
            Event::AgendaSet { .. } => "agenda_set",
            Event::Cancelled { .. } => "cancelled",
            Event::MinutesRecorded { .. } => "minutes_recorded",
            Event::ActionItemAdded { .. } => "action_item_added",
            Event::ActionItemAssigned { .. } => "action_item_assigned",
            Event::ActionItemDone { .. } => "action_item_done",
            Event::ActionItemCancelled { .. } => "action_item_cancelled",
            Event::ActionItemOverdue { .. } => "action_item_overdue",
            Event::Closed { .. } => "closed",
            Event::PlanSuperseded { .. } => "plan_superseded",
        }
    }
}
