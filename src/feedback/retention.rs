//! Retention: when a record may be disposed of, and the legal holds that
//! suspend disposal. The feedback log is kept 12 months.

use chrono::{DateTime, Months, Utc};

/// How long a class of records is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Retention {
    /// Calendar months from the record's time, from 1.
    pub months: u32,
}

impl Retention {
    /// The feedback log's: 12 months.
    pub const FEEDBACK_LOG: Retention = Retention { months: 12 };

    /// The first instant the record made at `at` may be disposed of: the same
    /// time `months` calendar months later (the last day of the month where
    /// the day does not exist: 29 February plus 12 months is 28 February).
    /// `None` past the end of time that chrono can represent: never.
    ///
    /// # Example
    /// ```
    /// use casework::feedback::Retention;
    /// use chrono::{TimeZone, Utc};
    ///
    /// let at = Utc.with_ymd_and_hms(2028, 2, 29, 12, 0, 0).unwrap();
    /// let due = Retention::FEEDBACK_LOG.disposal_at(at).unwrap();
    /// assert_eq!(due, Utc.with_ymd_and_hms(2029, 2, 28, 12, 0, 0).unwrap());
    /// ```
    #[must_use]
    pub fn disposal_at(self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        at.checked_add_months(Months::new(self.months.max(1)))
    }

    /// Whether the record made at `at` may be disposed of at `now`: its
    /// retention has run, and no legal hold in `holds` covers `now`.
    #[must_use]
    pub fn may_dispose(self, at: DateTime<Utc>, now: DateTime<Utc>, holds: &[LegalHold]) -> bool {
        self.disposal_at(at).is_some_and(|due| now >= due)
            && !holds.iter().any(|hold| hold.covers(now))
    }
}

/// A legal hold: while it lasts, nothing it covers is disposed of, whatever
/// the retention says.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct LegalHold {
    /// Why: the matter, such as a claim's reference.
    pub reason: String,
    /// When it started.
    pub from: DateTime<Utc>,
    /// When it was lifted; `None` while it lasts.
    pub until: Option<DateTime<Utc>>,
}

impl LegalHold {
    /// Whether the hold is in force at `at`: started, and not lifted by then.
    #[must_use]
    pub fn covers(&self, at: DateTime<Utc>) -> bool {
        self.from <= at && self.until.is_none_or(|until| at < until)
    }
}
