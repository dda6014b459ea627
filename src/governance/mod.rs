//! Governance records: controlled documents, such as the SOPs themselves, with
//! their revisions, approvals and periodic review; training and competency,
//! with commands gated on it; and review meetings with their minutes and
//! action plans. Retention classes and legal holds are the
//! [`records`](crate::records) module's, and the refusal of a gated command
//! the [`authority`](crate::authority) module's: both are re-exported here.
//!
//! This module knows the policy, the actors, and what a review meeting's
//! agenda draws on: KPI reports and CAPA actions. It knows nothing of storage.
//!
//! # Example
//! The SOP says that only trained staff log complaints. The desk writes that
//! as a training requirement for CSRs and a competency gate on `log`; a CSR
//! who was never trained is refused, one trained is not, and the roster shows
//! when each person's training lapses:
//! ```
//! use casework::case::{Case, CaseKind, Command, Intake};
//! use casework::governance::{
//!     Assessment, AssessmentResult, CompetencyGate, Subject, TrainingFile, TrainingRecord,
//!     TrainingRequirement, training_due,
//! };
//! use casework::{Actor, ActorId, Aggregate, CaseCommandKind, CaseId, Channel, Ctx, CustomerRef, PolicySpec, Reference, Role};
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use uuid::Uuid;
//!
//! let mut spec = PolicySpec::sop_default();
//! spec.governance.training.push(TrainingRequirement {
//!     name: "complaint_handling".into(),
//!     role: Role::CustomerServiceRepresentative,
//!     subject: Subject::Skill { name: "complaint handling".into() },
//!     assessment: Assessment::Quiz { pass_score: 80 },
//!     renewal_months: 12,
//!     grace_days: 0,
//! });
//! spec.governance.competency_gates.push(CompetencyGate {
//!     command: CaseCommandKind::Log.into(),
//!     requirement: "complaint_handling".into(),
//! });
//! let policy = spec.compile()?;
//! let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
//! let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
//! let log = Command::Log {
//!     intake: Intake::new(
//!         CaseId::from_uuid(Uuid::from_u128(42)),
//!         Reference::new("CMP", 2026, 42)?,
//!         CaseKind::Complaint,
//!         Channel::Email,
//!         CustomerRef::from_uuid(Uuid::from_u128(7)),
//!         now,
//!     )
//!     .about("delivery/late", "Parcel two weeks late")
//!     .description("Ordered on the 2nd, still not here."),
//!     first_contact_resolution: None,
//! };
//!
//! let mut file = TrainingFile::new();
//! let refused = Case::default().record(&log, &Ctx::new(now, csr, &policy).with_training(&file)).unwrap_err();
//! assert_eq!(refused.rule(), "not_competent");
//!
//! // Trained and assessed in January: 85 % passes the quiz.
//! let trained = Utc.with_ymd_and_hms(2026, 1, 15, 9, 0, 0).unwrap();
//! file.add_record(TrainingRecord {
//!     person: csr.id,
//!     requirement: "complaint_handling".into(),
//!     completed_at: trained,
//!     revision: None,
//!     result: AssessmentResult::Score { percent: 85 },
//! });
//! let ctx = Ctx::new(now, csr, &policy).with_training(&file);
//! assert_eq!(Case::default().record(&log, &ctx)?.len(), 1);
//!
//! // Renewal is yearly: within the next 90 days, the CSR's training lapses.
//! let due = training_due(&[csr], &policy, &file, now, TimeDelta::days(90));
//! assert_eq!(due.len(), 1);
//! assert_eq!(due[0].until, Ok(Utc.with_ymd_and_hms(2027, 1, 15, 9, 0, 0).unwrap()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod competence;
pub mod document;
pub mod meeting;
mod training;

/// The refusal of a gated command: it lives in [`authority`](crate::authority),
/// below the aggregates that refuse with it; re-exported here, where it was
/// first.
pub use crate::authority::{CompetencyGap, NotCompetent};
pub use crate::policy::governance::{
    Assessment, CompetencyGate, GovernancePolicy, Subject, TrainingRequirement,
};
/// Retention classes and legal holds: they live in [`records`](crate::records),
/// which every kind of record shares; re-exported here, where they were first.
pub use crate::records::{
    HoldError, LegalHolds, RecordDates, RetentionClass, RetentionRule, due_for_disposal,
};
pub use competence::{TrainingDue, TrainingFile, training_due};
pub use training::{AssessmentResult, TrainingRecord, is_competent, training_expires};
