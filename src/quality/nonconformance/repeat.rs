//! Repeat detection: a non-conformance repeats an earlier one when both have the
//! same kind of source and root-cause category, and the earlier one was reported
//! within the policy's window before it.
//!
//! Pure: the caller finds the candidates (a query over its own store) and passes
//! their [`RepeatKey`]s in; this module knows nothing of storage.

use chrono::{DateTime, TimeDelta, Utc};

use super::state::{NonConformance, SourceKind};
use crate::id::NonConformanceId;

/// What repeat detection compares of a non-conformance.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RepeatKey {
    /// The non-conformance.
    pub id: NonConformanceId,
    /// The kind of its source.
    pub source: SourceKind,
    /// Its root-cause category.
    pub root_cause: String,
    /// When it was reported.
    pub reported_at: DateTime<Utc>,
}

impl NonConformance {
    /// The non-conformance's [`RepeatKey`]: `None` before the report, or before a
    /// root cause is recorded.
    #[must_use]
    pub fn repeat_key(&self) -> Option<RepeatKey> {
        Some(RepeatKey {
            id: self.id()?,
            source: self.source()?.kind(),
            root_cause: self.root_cause()?.category.clone(),
            reported_at: self.reported_at?,
        })
    }
}

/// The ids among `earlier` that `candidate` repeats, in the order given and each
/// once: those with another id, the same source kind and root-cause category,
/// reported at most `window_days` days before the candidate (a day is 24 hours;
/// the same instant counts, a later one does not).
///
/// # Example
/// ```
/// use casework::quality::nonconformance::{RepeatKey, SourceKind, repeats};
/// use casework::NonConformanceId;
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use uuid::Uuid;
///
/// let now = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
/// let key = |n, source, days| RepeatKey {
///     id: NonConformanceId::from_uuid(Uuid::from_u128(n)),
///     source,
///     root_cause: "supplier".into(),
///     reported_at: now - TimeDelta::days(days),
/// };
/// let candidate = key(1, SourceKind::Supplier, 0);
/// let earlier = [
///     key(2, SourceKind::Supplier, 30),       // a repeat
///     key(3, SourceKind::Supplier, 200),      // outside a 180-day window
///     key(4, SourceKind::InternalAudit, 30),  // another source
/// ];
/// assert_eq!(repeats(&candidate, &earlier, 180), [earlier[0].id]);
/// ```
#[must_use]
pub fn repeats<'a>(
    candidate: &RepeatKey,
    earlier: impl IntoIterator<Item = &'a RepeatKey>,
    window_days: u32,
) -> Vec<NonConformanceId> {
    let window = TimeDelta::try_days(i64::from(window_days)).unwrap_or(TimeDelta::MAX);
    let mut found: Vec<NonConformanceId> = Vec::new();
    for key in earlier {
        let before = candidate.reported_at.signed_duration_since(key.reported_at);
        let repeat = key.id != candidate.id
            && key.source == candidate.source
            && key.root_cause == candidate.root_cause
            && before >= TimeDelta::zero()
            && before <= window;
        if repeat && !found.contains(&key.id) {
            found.push(key.id);
        }
    }
    found
}
