//! [`Event`]: what happened to a controlled document. Snapshot-tested.

use chrono::{DateTime, Utc};

use super::command::ReviewOutcome;
use super::state::Sections;
use crate::id::DocumentId;
use crate::records::Signature;

/// What happened to a controlled document.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Event {
    /// The document was created.
    Created {
        /// Its id.
        document: DocumentId,
        /// Its title.
        title: String,
    },
    /// A revision was drafted.
    RevisionDrafted {
        /// Its number.
        revision: u32,
        /// What changes.
        description: String,
        /// The content.
        sections: Sections,
    },
    /// The draft was submitted for review.
    RevisionSubmitted {
        /// Which.
        revision: u32,
    },
    /// The revision went back to draft.
    RevisionReturned {
        /// Which.
        revision: u32,
        /// What to change.
        comments: String,
    },
    /// The revision was approved.
    RevisionApproved {
        /// Which.
        revision: u32,
        /// The approver's signature over its content.
        signature: Signature,
    },
    /// The revision takes effect; the one before is superseded from then.
    RevisionEffective {
        /// Which.
        revision: u32,
        /// From when.
        from: DateTime<Utc>,
        /// The revision it supersedes.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        supersedes: Option<u32>,
    },
    /// The periodic review was recorded.
    Reviewed {
        /// What it found.
        outcome: ReviewOutcome,
        /// The notes.
        notes: String,
    },
    /// The periodic review came due.
    ReviewDue {
        /// When it was due.
        due: DateTime<Utc>,
    },
}

impl Event {
    /// The event's snake_case name, its `type` tag on the wire.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        match self {
            Event::Created { .. } => "created",
            Event::RevisionDrafted { .. } => "revision_drafted",
            Event::RevisionSubmitted { .. } => "revision_submitted",
            Event::RevisionReturned { .. } => "revision_returned",
            Event::RevisionApproved { .. } => "revision_approved",
            Event::RevisionEffective { .. } => "revision_effective",
            Event::Reviewed { .. } => "reviewed",
            Event::ReviewDue { .. } => "review_due",
        }
    }
}
