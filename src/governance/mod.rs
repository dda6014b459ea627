//! Governance records: controlled documents, such as the SOPs themselves, with
//! their revisions, approvals and periodic review; training and competency,
//! with commands gated on it; and review meetings with their minutes and
//! action plans. Retention classes and legal holds are the
//! [`records`](crate::records) module's, and the refusal of a gated command
//! the [`authority`](crate::authority) module's: both are re-exported here.
//!
//! This module knows the policy, the actors, and what a review meeting's
//! agenda draws on: KPI reports and CAPA actions. It knows nothing of storage.

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
    HOLD_ROLES, HoldError, LegalHolds, RecordDates, RetentionClass, RetentionRule, due_for_disposal,
};
pub use competence::{TrainingDue, TrainingFile, training_due};
pub use training::{AssessmentResult, TrainingRecord, is_competent, training_expires};
