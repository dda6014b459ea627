//! Governance records: controlled documents, such as the SOPs themselves, with
//! their revisions, approvals and periodic review; and retention classes with
//! legal holds.
//!
//! This module knows the policy and the actors; it knows nothing of storage.

pub mod document;
mod policy;
mod retention;

pub use policy::GovernancePolicy;
pub use retention::{
    HOLD_ROLES, HoldError, LegalHolds, RecordDates, RetentionClass, RetentionRule, due_for_disposal,
};
