//! Governance records: controlled documents, such as the SOPs themselves, with
//! their revisions, approvals and periodic review.
//!
//! This module knows the policy and the actors; it knows nothing of storage.

pub mod document;
mod policy;

pub use policy::GovernancePolicy;
