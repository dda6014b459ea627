//! The people's training, for the competency gates: the policy may require
//! that whoever gives a command is competent in a training requirement at that
//! instant, such as "only a QA specialist trained on the current complaint SOP
//! reviews a resolution". The caller passes the people's [`TrainingFile`] in
//! [`Ctx`](crate::Ctx), and every aggregate's `decide` checks the gates with
//! the permissions; the context reads the file as a
//! [`Competence`](crate::policy::Competence).
//!
//! Also [`training_due`]: whose training lapses within a horizon, the
//! deadlines for retraining.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};

use super::document::Document;
use super::training::{TrainingRecord, latest_validity};
use crate::actor::Actor;
use crate::authority::CompetencyGap;
use crate::id::{ActorId, DocumentId};
use crate::policy::governance::{Subject, TrainingRequirement};
use crate::policy::{Competence, Policy};

/// The people's training: their records, and the controlled documents the
/// requirements train on, so that a newer revision can invalidate training
/// on an older one. The caller builds it from its stores and passes it in
/// [`Ctx::with_training`](crate::Ctx::with_training).
///
/// # Example
/// ```
/// use casework::governance::{
///     AssessmentResult, CompetencyGap, CompetencyGate, TrainingFile,
///     TrainingRecord, TrainingRequirement, Assessment, Subject,
/// };
/// use casework::{Actor, ActorId, CaseCommandKind, Ctx, PolicySpec, Role};
/// use chrono::{TimeZone, Utc};
/// use uuid::Uuid;
///
/// let mut spec = PolicySpec::sop_default();
/// spec.governance.training.push(TrainingRequirement {
///     name: "resolution_review".into(),
///     role: Role::QaSpecialist,
///     subject: Subject::Skill { name: "resolution review".into() },
///     assessment: Assessment::ObservedPractice,
///     renewal_months: 12,
///     grace_days: 0,
/// });
/// spec.governance.competency_gates.push(CompetencyGate {
///     command: CaseCommandKind::ReviewResolution.into(),
///     requirement: "resolution_review".into(),
/// });
/// let policy = spec.compile()?;
/// let qa = Actor::new(ActorId::from_uuid(Uuid::from_u128(3)), [Role::QaSpecialist]);
/// let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
///
/// let mut file = TrainingFile::new();
/// let ctx = Ctx::new(now, qa, &policy).with_training(&file);
/// let refused = ctx.competence(CaseCommandKind::ReviewResolution).unwrap_err();
/// assert_eq!(refused.gap, CompetencyGap::NeverTrained);
///
/// file.add_record(TrainingRecord {
///     person: qa.id, requirement: "resolution_review".into(),
///     completed_at: Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap(),
///     revision: None, result: AssessmentResult::Observed { competent: true },
/// });
/// let ctx = Ctx::new(now, qa, &policy).with_training(&file);
/// assert!(ctx.competence(CaseCommandKind::ReviewResolution).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TrainingFile {
    /// By person, so that a gate reads one person's records only.
    records: BTreeMap<ActorId, Vec<TrainingRecord>>,
    documents: BTreeMap<DocumentId, Document>,
}

impl TrainingFile {
    /// An empty file.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a record of training and assessment.
    pub fn add_record(&mut self, record: TrainingRecord) {
        self.records.entry(record.person).or_default().push(record);
    }

    /// Adds, or replaces, a controlled document that requirements train on.
    /// A document not created yet is ignored.
    pub fn add_document(&mut self, document: Document) {
        if let Some(id) = document.id() {
            self.documents.insert(id, document);
        }
    }

    /// Every record: by person, and in the order added for each.
    pub fn records(&self) -> impl Iterator<Item = &TrainingRecord> {
        self.records.values().flatten()
    }

    /// One person's records, in the order added.
    #[must_use]
    pub fn records_of(&self, person: ActorId) -> &[TrainingRecord] {
        self.records.get(&person).map_or(&[], Vec::as_slice)
    }

    /// The document a requirement trains on, if it has one and it is in the file.
    #[must_use]
    pub fn document_for(&self, requirement: &TrainingRequirement) -> Option<&Document> {
        match &requirement.subject {
            Subject::Document { document } => self.documents.get(document),
            Subject::Skill { .. } => None,
        }
    }

    /// Until when `person` is competent in `requirement`, as of `at`: `Ok`
    /// with the instant it lapses, or the [`CompetencyGap`].
    ///
    /// # Errors
    /// [`CompetencyGap::DocumentNotInFile`] when the requirement trains on a
    /// document the file lacks, so its revisions cannot be read;
    /// [`CompetencyGap::NeverTrained`] when no record of theirs completed by
    /// `at` passes the requirement (for a document: on a revision of it that
    /// was approved); [`CompetencyGap::Lapsed`] with the instant their latest
    /// valid training lapsed.
    pub fn competent_until(
        &self,
        person: ActorId,
        requirement: &TrainingRequirement,
        at: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, CompetencyGap> {
        let document = self.document_for(requirement);
        if let (Subject::Document { document: id }, None) = (&requirement.subject, document) {
            return Err(CompetencyGap::DocumentNotInFile { document: *id });
        }
        let latest = latest_validity(person, requirement, self.records_of(person), document, at)
            .ok_or(CompetencyGap::NeverTrained)?;
        if at < latest {
            Ok(latest)
        } else {
            Err(CompetencyGap::Lapsed { at: latest })
        }
    }
}

impl Competence for TrainingFile {
    fn competent_until(
        &self,
        person: ActorId,
        requirement: &TrainingRequirement,
        at: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, CompetencyGap> {
        TrainingFile::competent_until(self, person, requirement, at)
    }
}

/// One person's training that lapses soon, or has.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct TrainingDue {
    /// Who.
    pub person: ActorId,
    /// The requirement's name.
    pub requirement: String,
    /// When their competency lapses, if they are competent now; otherwise why not.
    pub until: Result<DateTime<Utc>, CompetencyGap>,
}

/// The training deadlines at `at`: for every person on the `roster` and every
/// requirement they need, the ones not competent now, then the ones whose
/// competency lapses before `at + horizon`, soonest first. A person needs a
/// requirement of one of their roles, and one that gates a command one of
/// their roles is granted.
///
/// # Example
/// ```
/// use casework::governance::{training_due, Assessment, Subject, TrainingFile, TrainingRequirement};
/// use casework::{Actor, ActorId, PolicySpec, Role};
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use uuid::Uuid;
///
/// let mut spec = PolicySpec::sop_default();
/// spec.governance.training.push(TrainingRequirement {
///     name: "de_escalation".into(), role: Role::CustomerServiceRepresentative,
///     subject: Subject::Skill { name: "de-escalation".into() },
///     assessment: Assessment::Quiz { pass_score: 80 }, renewal_months: 12, grace_days: 0,
/// });
/// let policy = spec.compile()?;
/// let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
/// let qa = Actor::new(ActorId::from_uuid(Uuid::from_u128(2)), [Role::QaSpecialist]);
/// let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
/// let due = training_due(&[csr, qa], &policy, &TrainingFile::new(), now, TimeDelta::days(30));
/// assert_eq!(due.len(), 1); // the CSR was never trained; the QA specialist needs none
/// assert_eq!(due[0].person, csr.id);
/// assert!(due[0].until.is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn training_due(
    roster: &[Actor],
    policy: &Policy,
    file: &TrainingFile,
    at: DateTime<Utc>,
    horizon: TimeDelta,
) -> Vec<TrainingDue> {
    let governance = policy.governance();
    let needs = |person: &Actor, requirement: &TrainingRequirement| {
        person.has_role(requirement.role)
            || governance.competency_gates.iter().any(|gate| {
                gate.requirement == requirement.name
                    && person
                        .roles
                        .iter()
                        .any(|role| policy.permissions().allows(role, gate.command))
            })
    };
    let cutoff = at
        .checked_add_signed(horizon)
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    let mut due: Vec<TrainingDue> = roster
        .iter()
        .flat_map(|person| {
            governance
                .training
                .iter()
                .filter(move |r| needs(person, r))
                .map(move |r| (person.id, r))
        })
        .filter_map(
            |(person, requirement)| match file.competent_until(person, requirement, at) {
                Ok(until) if until >= cutoff => None,
                until => Some(TrainingDue {
                    person,
                    requirement: requirement.name.clone(),
                    until,
                }),
            },
        )
        .collect();
    due.sort_by(|a, b| {
        (a.until.is_ok(), a.until.ok(), a.person, &a.requirement).cmp(&(
            b.until.is_ok(),
            b.until.ok(),
            b.person,
            &b.requirement,
        ))
    });
    due.dedup();
    due
}
