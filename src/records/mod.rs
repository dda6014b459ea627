//! What every kind of record shares, below the aggregates that keep records:
//! - electronic [`Signature`]s binding a signer, a meaning and a time to a
//!   [`ContentHash`] of the content signed (a change makes them stale): the non-conformance, the CAPA, the
//!   service order and the controlled document sign with them;
//! - retention: how long a record is kept ([`Retention`], the policy's
//!   [`RetentionClass`]es), the [`LegalHolds`] that suspend disposal, and the
//!   records [`due_for_disposal`]: the feedback log and the governance records
//!   are kept by them.
//!
//! This module knows actors and ids. It knows nothing of any aggregate, nor of
//! the policy: each record documents which of its fields it signs, and the
//! caller describes each record's dates with [`RecordDates`].
//!
//! # Example
//! The SOP keeps a case file 5 years after its closure. A records clerk asks
//! which files are due for disposal; the one under a legal hold is kept,
//! whatever its retention says:
//! ```
//! use casework::records::{LegalHolds, RecordDates, RetentionClass, due_for_disposal};
//! use chrono::{TimeZone, Utc};
//!
//! let classes = RetentionClass::sop_defaults();
//! let closed = Utc.with_ymd_and_hms(2020, 3, 2, 12, 0, 0).unwrap();
//! let dates = RecordDates { entered_at: closed, closed_at: Some(closed), superseded_at: None };
//! let open = RecordDates { closed_at: None, ..dates };
//! let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
//!
//! let none = LegalHolds::default();
//! let mut held = LegalHolds::default();
//! held.place("Claim 2026-114", now)?;
//! let files = [("CMP-2020-000011", dates, &none), ("CMP-2020-000012", dates, &held), ("CMP-2020-000013", open, &none)];
//!
//! let due = due_for_disposal(
//!     files.iter().map(|(file, dates, holds)| (file, "case_file", *dates, *holds)),
//!     &classes,
//!     now,
//! );
//! // Closed over 5 years ago and not held: due. Held, or still open: kept.
//! assert_eq!(due, [&"CMP-2020-000011"]);
//! # Ok::<(), casework::records::HoldError>(())
//! ```

mod retention;
mod signature;

pub use retention::{
    ERASED, ErasureBasis, HoldError, LegalHold, LegalHolds, RecordDates, Retention, RetentionClass,
    RetentionRule, due_for_disposal,
};
pub(crate) use signature::ContentHasher;
pub use signature::{ContentHash, Signature, SignatureMeaning};
