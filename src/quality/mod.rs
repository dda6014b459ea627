//! Quality records: non-conformances and CAPA (corrective and preventive action),
//! with the pieces they share: electronic [`Signature`]s over a [`ContentHash`]
//! (the [`records`](crate::records) module's, re-exported here),
//! [`RiskAssessment`] and its RPN, [`RootCauseAnalysis`], and the
//! [`QualityPolicy`].
//!
//! Each record is an aggregate of its own, in the crate's four parts:
//! - [`nonconformance`]: report, contain, investigate, disposition, decide on a
//!   CAPA, close;
//! - [`capa`]: plan actions, approve, implement, verify, check effectiveness,
//!   close.
//!
//! Where open-source quality systems keep the status as an editable field (and
//! count a cancelled action as done), here every move is a command that `decide`
//! checks: the four-eyes rules and the closure rules hold whatever the
//! permission table grants.
//!
//! This module knows the policy, the calendar, the actors and the ids of cases;
//! it knows nothing of storage, nor of a case's state.

pub mod capa;
pub mod nonconformance;
mod risk;
mod root_cause;

pub use crate::policy::quality::QualityPolicy;
/// Electronic signatures: they live in [`records`](crate::records), which
/// every kind of record shares; re-exported here, where they were first.
pub use crate::records::{ContentHash, Signature, SignatureMeaning};
pub use risk::{Rating, RiskAssessment};
pub use root_cause::{FishboneCategory, FishboneCause, MAX_WHYS, RootCauseAnalysis};
