//! [`Command`]: what a user asks of a controlled document.

use chrono::{DateTime, Utc};

use super::state::Sections;
use crate::actor::DocumentCommandKind;
use crate::id::DocumentId;

/// The outcome of a periodic review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ReviewOutcome {
    /// The document stands as it is.
    NoChange,
    /// A new revision is needed.
    RevisionNeeded,
}

/// What a user asks of a controlled document. On the wire, the `command` tag
/// is the [`DocumentCommandKind`] name.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "command", rename_all = "snake_case", deny_unknown_fields)
)]
#[non_exhaustive]
pub enum Command {
    /// Create the document.
    #[cfg_attr(feature = "serde", serde(rename = "create_document"))]
    Create {
        /// Its id, chosen by the caller.
        document: DocumentId,
        /// Its title.
        title: String,
    },
    /// Draft the next revision; one revision is worked on at a time.
    DraftRevision {
        /// What changes, for the revision history.
        description: String,
        /// The content.
        sections: Sections,
    },
    /// Submit the draft for review.
    SubmitRevision,
    /// Return the revision in review to draft.
    ReturnRevision {
        /// What to change.
        comments: String,
    },
    /// Approve the revision in review, signing its content.
    ApproveRevision,
    /// Make the approved revision effective from `from`; the revision effective
    /// until then is superseded from that instant.
    #[cfg_attr(feature = "serde", serde(rename = "make_revision_effective"))]
    MakeEffective {
        /// From when; not before now, nor before the current revision's date.
        from: DateTime<Utc>,
    },
    /// Record the periodic review.
    #[cfg_attr(feature = "serde", serde(rename = "record_document_review"))]
    RecordReview {
        /// What the review found.
        outcome: ReviewOutcome,
        /// The reviewer's notes.
        notes: String,
    },
    /// Record what came due: the periodic review.
    RecordDeadline,
}

impl Command {
    /// The command's kind, which the permission table grants.
    #[must_use]
    pub const fn kind(&self) -> DocumentCommandKind {
        match self {
            Command::Create { .. } => DocumentCommandKind::CreateDocument,
            Command::DraftRevision { .. } => DocumentCommandKind::DraftRevision,
            Command::SubmitRevision => DocumentCommandKind::SubmitRevision,
            Command::ReturnRevision { .. } => DocumentCommandKind::ReturnRevision,
            Command::ApproveRevision => DocumentCommandKind::ApproveRevision,
            Command::MakeEffective { .. } => DocumentCommandKind::MakeRevisionEffective,
            Command::RecordReview { .. } => DocumentCommandKind::RecordDocumentReview,
            Command::RecordDeadline => DocumentCommandKind::RecordDeadline,
        }
    }
}
