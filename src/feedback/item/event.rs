//! [`Event`]: what happened to a feedback item. The serde form is a public
//! wire contract, snapshot-tested: change it only on purpose.
//!
//! The logging carries the instant the review comes due, so that replaying a
//! history never needs the policy that was in force.

use chrono::{DateTime, Utc};

use super::command::Feedback;
use super::state::{Link, Source};
use crate::envelope::Version;
use crate::records::ErasureBasis;

/// What happened to a feedback item. `decide` returns them; the envelope
/// ([`Recorded`](crate::Recorded)) adds when, by whom and the version.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Event {
    /// The feedback was logged in the feedback log.
    Logged {
        /// The feedback as given.
        feedback: Box<Feedback>,
        /// Who gave it.
        source: Source,
        /// By when it is to be reviewed.
        review_due: DateTime<Utc>,
    },
    /// The item was linked.
    Linked {
        /// To what.
        link: Link,
    },
    /// A link was taken off.
    Unlinked {
        /// The link.
        link: Link,
        /// Why.
        reason: String,
    },
    /// The item was reviewed.
    Reviewed {
        /// The reviewer's note.
        note: String,
    },
    /// The item was still open when its review came due.
    ReviewOverdue {
        /// When the review was due.
        due: DateTime<Utc>,
    },
    /// A legal hold was placed on the item: while it is in force, its text is
    /// neither erased nor disposed of.
    LegalHoldPlaced {
        /// The matter, such as a claim's reference.
        reason: String,
    },
    /// The legal hold for `reason` was released.
    LegalHoldReleased {
        /// The matter the hold was placed for.
        reason: String,
    },
    /// The item's text was erased from the stored history: the logging event
    /// stays, its text reads [`ERASED`](crate::records::ERASED), and the
    /// chain still verifies.
    PersonalDataErased {
        /// The events whose personal parts were erased: the logging's.
        versions: Vec<Version>,
        /// On what grounds.
        basis: ErasureBasis,
    },
}

impl Event {
    /// The event's snake_case name, its `type` tag on the wire.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        match self {
            Event::Logged { .. } => "logged",
            Event::Linked { .. } => "linked",
            Event::Unlinked { .. } => "unlinked",
            Event::Reviewed { .. } => "reviewed",
            Event::ReviewOverdue { .. } => "review_overdue",
            Event::LegalHoldPlaced { .. } => "legal_hold_placed",
            Event::LegalHoldReleased { .. } => "legal_hold_released",
            Event::PersonalDataErased { .. } => "personal_data_erased",
        }
    }

    /// The event's personal fields, as JSON pointers into its serde form: the
    /// feedback's text. A store keeps them apart so that they can be erased
    /// while the audit chain still verifies (`Payload::personal_fields` in
    /// the store module).
    ///
    /// The customer is a reference to the caller's own record
    /// ([`CustomerRef`](crate::CustomerRef)), erased there; a member of staff
    /// is an actor. The notes and reasons are the desk's own record, and stay.
    #[must_use]
    pub const fn personal_fields(&self) -> &'static [&'static str] {
        match self {
            Event::Logged { .. } => &["/feedback/text"],
            _ => &[],
        }
    }

    /// Whether the event holds personal data: text, not empty, in one of its
    /// [`personal_fields`](Self::personal_fields).
    #[must_use]
    pub fn holds_personal_data(&self) -> bool {
        match self {
            Event::Logged { feedback, .. } => !feedback.text.is_empty(),
            _ => false,
        }
    }

    /// The versions whose personal parts this event erases: those of a
    /// [`PersonalDataErased`](Event::PersonalDataErased), none for any other.
    #[must_use]
    pub fn erases(&self) -> &[Version] {
        match self {
            Event::PersonalDataErased { versions, .. } => versions,
            _ => &[],
        }
    }
}
