//! [`ReviewMeeting`]: a review meeting, its minutes and its improvement action
//! plan, as plain data with getters. No rule lives here: rules live in
//! `decide`.

use chrono::{DateTime, Utc};

use super::agenda::Agenda;
use crate::envelope::Version;
use crate::governance::RecordDates;
use crate::id::{ActorId, MeetingId};

/// Where a meeting stands: scheduled → held → closed, or cancelled before it
/// is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum MeetingStatus {
    /// Scheduled, with an agenda.
    Scheduled,
    /// Held: the minutes are recorded; action items are being worked.
    Held,
    /// Closed with its outcome; every action item settled. Terminal.
    Closed,
    /// Cancelled before it was held. Terminal.
    Cancelled,
}

impl MeetingStatus {
    /// The snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            MeetingStatus::Scheduled => "scheduled",
            MeetingStatus::Held => "held",
            MeetingStatus::Closed => "closed",
            MeetingStatus::Cancelled => "cancelled",
        }
    }
}

crate::name::display_by_name!(MeetingStatus);

/// The minutes of a held meeting.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Minutes {
    /// Who attended.
    pub attendees: Vec<ActorId>,
    /// What was discussed.
    pub text: String,
    /// What was decided.
    pub decisions: Vec<String>,
    /// Who recorded them.
    pub recorded_by: ActorId,
    /// When.
    pub recorded_at: DateTime<Utc>,
}

/// Where an action item stands: open → done, or cancelled with a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ItemStatus {
    /// Being worked.
    Open,
    /// Done, with evidence.
    Done,
    /// Cancelled, with a reason.
    Cancelled,
}

/// Who settled an action item, when, and the text they gave (evidence when
/// done, a reason when cancelled).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Settlement {
    /// Who.
    pub by: ActorId,
    /// When.
    pub at: DateTime<Utc>,
    /// The evidence or reason.
    pub text: String,
}

/// One action item of a meeting's improvement action plan.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ActionItem {
    /// Its number, from 1.
    pub number: u32,
    /// What is to be done.
    pub description: String,
    /// Who is responsible.
    pub owner: Option<ActorId>,
    /// When it is due.
    pub due: DateTime<Utc>,
    /// Where it stands.
    pub status: ItemStatus,
    /// How it was settled.
    pub settled: Option<Settlement>,
    /// The due date whose passing was recorded.
    pub overdue_recorded: Option<DateTime<Utc>>,
}

impl ActionItem {
    /// Whether it is open and past due at `at`.
    #[must_use]
    pub fn is_overdue(&self, at: DateTime<Utc>) -> bool {
        self.status == ItemStatus::Open && self.due <= at
    }
}

/// How a meeting's plan was superseded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Supersession {
    /// The meeting whose plan supersedes it.
    pub by: MeetingId,
    /// When.
    pub at: DateTime<Utc>,
}

/// A review meeting: plain data with getters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReviewMeeting {
    pub(super) id: Option<MeetingId>,
    pub(super) title: String,
    pub(super) status: Option<MeetingStatus>,
    pub(super) scheduled_at: Option<DateTime<Utc>>,
    pub(super) scheduled_for: Option<DateTime<Utc>>,
    pub(super) agenda: Agenda,
    pub(super) minutes: Option<Minutes>,
    pub(super) items: Vec<ActionItem>,
    pub(super) outcome: Option<Settlement>,
    pub(super) cancellation: Option<Settlement>,
    pub(super) superseded: Option<Supersession>,
    pub(super) version: Version,
    pub(super) updated_at: Option<DateTime<Utc>>,
}

impl ReviewMeeting {
    /// Its id, once scheduled.
    #[must_use]
    pub const fn id(&self) -> Option<MeetingId> {
        self.id
    }

    /// Its title.
    #[must_use]
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Where it stands; `None` before it is scheduled.
    #[must_use]
    pub const fn status(&self) -> Option<MeetingStatus> {
        self.status
    }

    /// When it is (or was) held.
    #[must_use]
    pub const fn scheduled_for(&self) -> Option<DateTime<Utc>> {
        self.scheduled_for
    }

    /// Its agenda.
    #[must_use]
    pub const fn agenda(&self) -> &Agenda {
        &self.agenda
    }

    /// Its minutes, once held.
    #[must_use]
    pub const fn minutes(&self) -> Option<&Minutes> {
        self.minutes.as_ref()
    }

    /// Its action items, the improvement action plan, in the order added.
    #[must_use]
    pub fn action_items(&self) -> &[ActionItem] {
        &self.items
    }

    /// One action item.
    #[must_use]
    pub fn action_item(&self, number: u32) -> Option<&ActionItem> {
        self.items.iter().find(|i| i.number == number)
    }

    /// Its documented outcome, once closed: who closed it, when, and the text.
    #[must_use]
    pub const fn outcome(&self) -> Option<&Settlement> {
        self.outcome.as_ref()
    }

    /// Its cancellation, if it was cancelled.
    #[must_use]
    pub const fn cancellation(&self) -> Option<&Settlement> {
        self.cancellation.as_ref()
    }

    /// Whether, and by which meeting, its action plan was superseded.
    #[must_use]
    pub const fn superseded(&self) -> Option<&Supersession> {
        self.superseded.as_ref()
    }

    /// The dates a retention class reads: entered when scheduled, closed when
    /// closed or cancelled, superseded when a later plan replaced this one's.
    /// `None` before it is scheduled.
    #[must_use]
    pub fn record_dates(&self) -> Option<RecordDates> {
        Some(RecordDates {
            entered_at: self.scheduled_at?,
            closed_at: self
                .outcome
                .as_ref()
                .or(self.cancellation.as_ref())
                .map(|s| s.at),
            superseded_at: self.superseded.map(|s| s.at),
        })
    }
}
