//! What every kind of record shares, below the aggregates that keep records:
//! - electronic [`Signature`]s, as 21 CFR Part 11 describes them, over a
//!   [`ContentHash`] of the content signed: the non-conformance, the CAPA, the
//!   service order and the controlled document sign with them;
//! - retention: how long a record is kept ([`Retention`], the policy's
//!   [`RetentionClass`]es), the [`LegalHolds`] that suspend disposal, and the
//!   records [`due_for_disposal`]: the feedback log and the governance records
//!   are kept by them.
//!
//! This module knows actors and ids. It knows nothing of any aggregate, nor of
//! the policy: each record documents which of its fields it signs, and the
//! caller describes each record's dates with [`RecordDates`].

mod retention;
mod signature;

pub use retention::{
    HOLD_ROLES, HoldError, LegalHold, LegalHolds, RecordDates, Retention, RetentionClass,
    RetentionRule, due_for_disposal,
};
pub(crate) use signature::ContentHasher;
pub use signature::{ContentHash, Signature, SignatureMeaning};
