//! Governance records: controlled documents, such as the SOPs themselves, with
//! their revisions, approvals and periodic review; training and competency,
//! with commands gated on it; review meetings with their minutes and action
//! plans; and retention classes with legal holds.
//!
//! This module knows the policy and the actors; it knows nothing of storage.

mod competence;
pub mod document;
pub mod meeting;
mod policy;
mod retention;
mod training;

pub use competence::{
    CompetencyGap, CompetencyGate, NotCompetent, TrainingDue, TrainingFile, training_due,
};
pub use policy::GovernancePolicy;
pub use retention::{
    HOLD_ROLES, HoldError, LegalHolds, RecordDates, RetentionClass, RetentionRule, due_for_disposal,
};
pub use training::{
    Assessment, AssessmentResult, Subject, TrainingRecord, TrainingRequirement, is_competent,
    training_expires,
};
