//! Training and competency: requirements per role, records of training and
//! assessment, and [`is_competent`], a pure function of them and the time. A
//! new revision of a required SOP invalidates training on the old one after a
//! grace period.
//!
//! This module reads documents' revisions; it stores nothing.

use chrono::{DateTime, Months, TimeDelta, Utc};

use super::document::Document;
use crate::id::ActorId;
use crate::policy::governance::{Assessment, Subject, TrainingRequirement};

/// The result of an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "result", rename_all = "snake_case"))]
pub enum AssessmentResult {
    /// A quiz score, in percent.
    Score {
        /// The score.
        percent: u8,
    },
    /// Observed practice: competent or not.
    Observed {
        /// The judgement.
        competent: bool,
    },
    /// Signed off by someone.
    SignedOff {
        /// Who signed.
        by: ActorId,
    },
}

/// One person's training against a requirement.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TrainingRecord {
    /// Who was trained.
    pub person: ActorId,
    /// The requirement's name.
    pub requirement: String,
    /// When the training and assessment were completed.
    pub completed_at: DateTime<Utc>,
    /// For a document: the revision trained on.
    pub revision: Option<u32>,
    /// The assessment's result.
    pub result: AssessmentResult,
}

impl TrainingRequirement {
    /// Whether a record's assessment passes this requirement's method.
    #[must_use]
    pub fn passes(&self, record: &TrainingRecord) -> bool {
        match (self.assessment, record.result) {
            (Assessment::Quiz { pass_score }, AssessmentResult::Score { percent }) => {
                percent >= pass_score
            }
            (Assessment::ObservedPractice, AssessmentResult::Observed { competent }) => competent,
            (Assessment::SignOff, AssessmentResult::SignedOff { by }) => by != record.person,
            _ => false,
        }
    }

    /// Until when `record` makes its person competent: its renewal, or, for a
    /// document whose later revision took effect, that revision's date plus
    /// the grace days, whichever is earlier. `None` if it never did: it did
    /// not pass, is for another requirement, or, for a document, names no
    /// revision, or one the document does not have approved, or the document
    /// is not given.
    #[must_use]
    pub fn valid_until(
        &self,
        record: &TrainingRecord,
        document: Option<&Document>,
    ) -> Option<DateTime<Utc>> {
        if record.requirement != self.name || !self.passes(record) {
            return None;
        }
        let renewal = record
            .completed_at
            .checked_add_months(Months::new(self.renewal_months.max(1)))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        let superseded = match (&self.subject, document, record.revision) {
            (Subject::Document { document: id }, Some(document), Some(trained)) => {
                // Training counts on an approved revision of this document only.
                let approved = document.id() == Some(*id)
                    && document
                        .revision(trained)
                        .is_some_and(|r| r.approval.is_some());
                if !approved {
                    return None;
                }
                document
                    .revisions()
                    .iter()
                    .filter(|r| r.number > trained)
                    .filter_map(|r| r.effective_from)
                    .min()
                    .map(|from| {
                        from.checked_add_signed(TimeDelta::days(i64::from(self.grace_days)))
                            .unwrap_or(DateTime::<Utc>::MAX_UTC)
                    })
            }
            // Training on a document needs the document, to know its revisions,
            // and the revision trained on.
            (Subject::Document { .. }, _, _) => return None,
            (Subject::Skill { .. }, _, _) => None,
        };
        Some(superseded.map_or(renewal, |s| s.min(renewal)))
    }
}

/// Whether `person` is competent in `requirement` at `at`: a record of theirs
/// completed by then passes it and is still valid at `at` (not past its
/// renewal, nor past the grace period after a newer revision of its document).
///
/// # Example
/// ```
/// use casework::governance::{
///     Assessment, AssessmentResult, Subject, TrainingRecord, TrainingRequirement, is_competent,
/// };
/// use casework::{ActorId, Role};
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use uuid::Uuid;
///
/// let de_escalation = TrainingRequirement {
///     name: "de_escalation".into(),
///     role: Role::CustomerServiceRepresentative,
///     subject: Subject::Skill { name: "de-escalation".into() },
///     assessment: Assessment::Quiz { pass_score: 80 },
///     renewal_months: 12,
///     grace_days: 0,
/// };
/// let csr = ActorId::from_uuid(Uuid::from_u128(1));
/// let trained = Utc.with_ymd_and_hms(2026, 1, 15, 9, 0, 0).unwrap();
/// let record = TrainingRecord {
///     person: csr, requirement: "de_escalation".into(), completed_at: trained,
///     revision: None, result: AssessmentResult::Score { percent: 85 },
/// };
/// assert!(is_competent(csr, &de_escalation, &[record.clone()], None, trained + TimeDelta::days(300)));
/// assert!(!is_competent(csr, &de_escalation, &[record], None, trained + TimeDelta::days(400)));
/// ```
#[must_use]
pub fn is_competent(
    person: ActorId,
    requirement: &TrainingRequirement,
    records: &[TrainingRecord],
    document: Option<&Document>,
    at: DateTime<Utc>,
) -> bool {
    latest_validity(person, requirement, records, document, at).is_some_and(|until| at < until)
}

/// When `person`'s competency in `requirement` lapses, as of `at`: the latest
/// validity of their records completed by then, if it is still ahead. The
/// deadline for retraining.
#[must_use]
pub fn training_expires(
    person: ActorId,
    requirement: &TrainingRequirement,
    records: &[TrainingRecord],
    document: Option<&Document>,
    at: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    latest_validity(person, requirement, records, document, at).filter(|until| at < *until)
}

/// The latest validity of `person`'s records completed by `at` that pass
/// `requirement`, past or ahead.
pub(crate) fn latest_validity(
    person: ActorId,
    requirement: &TrainingRequirement,
    records: &[TrainingRecord],
    document: Option<&Document>,
    at: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    records
        .iter()
        .filter(|r| r.person == person && r.completed_at <= at)
        .filter_map(|r| requirement.valid_until(r, document))
        .max()
}
