//! [`Document`]: a controlled document and its revisions, as plain data with
//! getters. No rule lives here: rules live in `decide`.

use core::fmt;

use chrono::{DateTime, Utc};

use crate::envelope::Version;
use crate::id::{ActorId, DocumentId};
use crate::records::{ContentHash, ContentHasher, Signature};

/// The sections of an SOP.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct Sections {
    /// Why the procedure exists.
    pub purpose: String,
    /// What it covers.
    pub scope: String,
    /// The terms it uses.
    pub definitions: String,
    /// Who does what.
    pub responsibilities: String,
    /// The procedure itself.
    pub procedure: String,
    /// The records it keeps.
    pub records: String,
    /// What it refers to.
    pub references: String,
}

impl Sections {
    /// The sections by name, in order.
    #[must_use]
    pub fn named(&self) -> [(&'static str, &str); 7] {
        [
            ("purpose", &self.purpose),
            ("scope", &self.scope),
            ("definitions", &self.definitions),
            ("responsibilities", &self.responsibilities),
            ("procedure", &self.procedure),
            ("records", &self.records),
            ("references", &self.references),
        ]
    }
}

/// Where a revision stands: draft → in review → approved → effective →
/// superseded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum RevisionStatus {
    /// Being written.
    Draft,
    /// Submitted for review.
    InReview,
    /// Approved and signed; not effective yet.
    Approved,
    /// Effective from its date (which may be ahead).
    Effective,
    /// Replaced by a later revision from that one's effective date.
    Superseded,
}

impl fmt::Display for RevisionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            RevisionStatus::Draft => "draft",
            RevisionStatus::InReview => "in_review",
            RevisionStatus::Approved => "approved",
            RevisionStatus::Effective => "effective",
            RevisionStatus::Superseded => "superseded",
        })
    }
}

/// One revision of a document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Revision {
    /// Its number: 1, 2, 3, … in the order drafted.
    pub number: u32,
    /// What changed, for the revision history.
    pub description: String,
    /// Its content.
    pub sections: Sections,
    /// Who drafted it.
    pub author: ActorId,
    /// When.
    pub drafted_at: DateTime<Utc>,
    /// Where it stands.
    pub status: RevisionStatus,
    /// The approver's signature over [`Revision::content_hash`].
    pub approval: Option<Signature>,
    /// From when it is effective.
    pub effective_from: Option<DateTime<Utc>>,
    /// From when a later revision replaces it.
    pub superseded_from: Option<DateTime<Utc>>,
}

impl Revision {
    /// The hash of the revision's content: what its approver signs. Under the
    /// domain `casework/document/revision/v1`: the document id, the number, the
    /// description and each section.
    #[must_use]
    pub fn content_hash(&self, document: DocumentId) -> ContentHash {
        let mut h = ContentHasher::new("casework/document/revision/v1");
        h.uuid(document.as_uuid())
            .number(u64::from(self.number))
            .text(&self.description);
        for (name, text) in self.sections.named() {
            h.text(name).text(text);
        }
        h.finish()
    }

    /// Whether it is the effective revision at `at`.
    #[must_use]
    pub fn is_effective_at(&self, at: DateTime<Utc>) -> bool {
        self.effective_from.is_some_and(|from| from <= at)
            && self.superseded_from.is_none_or(|until| at < until)
    }
}

/// One line of the revision history table, derived from the events.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HistoryLine {
    /// The revision number.
    pub revision: u32,
    /// The date it took effect.
    pub date: DateTime<Utc>,
    /// What changed.
    pub description: String,
    /// Who wrote it.
    pub author: ActorId,
    /// Who approved it.
    pub approver: Option<ActorId>,
}

/// A controlled document: plain data with getters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    pub(super) id: Option<DocumentId>,
    pub(super) title: String,
    pub(super) revisions: Vec<Revision>,
    pub(super) last_review: Option<DateTime<Utc>>,
    pub(super) review_due_recorded: Option<DateTime<Utc>>,
    pub(super) version: Version,
    pub(super) updated_at: Option<DateTime<Utc>>,
}

impl Document {
    /// Its id, once created.
    #[must_use]
    pub const fn id(&self) -> Option<DocumentId> {
        self.id
    }

    /// Its title.
    #[must_use]
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Its revisions, in the order drafted.
    #[must_use]
    pub fn revisions(&self) -> &[Revision] {
        &self.revisions
    }

    /// A revision by number.
    #[must_use]
    pub fn revision(&self, number: u32) -> Option<&Revision> {
        self.revisions.iter().find(|r| r.number == number)
    }

    /// The revision effective at `at`: at most one is.
    #[must_use]
    pub fn effective_revision(&self, at: DateTime<Utc>) -> Option<&Revision> {
        self.revisions.iter().find(|r| r.is_effective_at(at))
    }

    /// The revision being worked on (draft, in review or approved), if any.
    #[must_use]
    pub fn in_flight(&self) -> Option<&Revision> {
        self.revisions.iter().find(|r| {
            matches!(
                r.status,
                RevisionStatus::Draft | RevisionStatus::InReview | RevisionStatus::Approved
            )
        })
    }

    /// When the document was last reviewed.
    #[must_use]
    pub const fn last_review(&self) -> Option<DateTime<Utc>> {
        self.last_review
    }

    /// The revision history table: one line per revision that took effect,
    /// oldest first, derived from the events.
    #[must_use]
    pub fn history(&self) -> Vec<HistoryLine> {
        let mut lines: Vec<HistoryLine> = self
            .revisions
            .iter()
            .filter_map(|r| {
                r.effective_from.map(|date| HistoryLine {
                    revision: r.number,
                    date,
                    description: r.description.clone(),
                    author: r.author,
                    approver: r.approval.map(|s| s.signer),
                })
            })
            .collect();
        lines.sort_by_key(|l| (l.date, l.revision));
        lines
    }
}
