//! Retention: how long a record is kept ([`Retention`], and the named
//! [`RetentionClass`]es a policy lists), the first instant it may be disposed
//! of, the legal holds that suspend disposal, the grounds of an erasure, and
//! the records due for disposal. A hold always blocks disposal.
//!
//! This module knows nothing of the records themselves: the caller describes
//! each with [`RecordDates`].

use chrono::{DateTime, Months, Utc};

use crate::problem::{Problem, not_blank};

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
    /// use casework::records::Retention;
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

/// From which event a retention period runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum RetentionRule {
    /// `months` calendar months after the record was entered.
    AfterEntry {
        /// The months: 1 to 1200 (a hundred years).
        months: u32,
    },
    /// `months` calendar months after the record was closed; kept while open.
    AfterClosure {
        /// The months: 1 to 1200 (a hundred years).
        months: u32,
    },
    /// Kept until a newer record supersedes it (an improvement action plan).
    UntilSuperseded,
}

/// A named retention class.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct RetentionClass {
    /// Its name, such as `customer_feedback_log`.
    pub name: String,
    /// When its records may go.
    pub rule: RetentionRule,
}

impl RetentionClass {
    /// The SOP's classes: the customer feedback log, 12 months after entry;
    /// the improvement action plan, until superseded; case files, 5 years
    /// after closure; CAPA records, 10 years after closure.
    #[must_use]
    pub fn sop_defaults() -> Vec<RetentionClass> {
        let class = |name: &str, rule| RetentionClass {
            name: name.to_owned(),
            rule,
        };
        vec![
            class(
                "customer_feedback_log",
                RetentionRule::AfterEntry { months: 12 },
            ),
            class("improvement_action_plan", RetentionRule::UntilSuperseded),
            class("case_file", RetentionRule::AfterClosure { months: 60 }),
            class("capa_record", RetentionRule::AfterClosure { months: 120 }),
        ]
    }

    /// Every problem of a list of classes, by path: blank or repeated names,
    /// and months outside 1 to 1200.
    #[must_use]
    pub fn problems(classes: &[RetentionClass]) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (i, class) in classes.iter().enumerate() {
            not_blank(&mut problems, &format!("[{i}].name"), &class.name);
            if classes.iter().take(i).any(|c| c.name == class.name) {
                problems.push(Problem::new(
                    format!("[{i}].name"),
                    format!("`{}` is listed twice", class.name),
                ));
            }
            if let RetentionRule::AfterEntry { months } | RetentionRule::AfterClosure { months } =
                class.rule
            {
                if !(1..=1200).contains(&months) {
                    problems.push(Problem::new(
                        format!("[{i}].rule.months"),
                        format!("{months} is not from 1 to 1200"),
                    ));
                }
            }
        }
        problems
    }

    /// The first instant a record with these dates may be disposed of, legal
    /// holds aside: `None` while its trigger has not happened (open, or not
    /// superseded), or past the end of representable time.
    ///
    /// # Example
    /// ```
    /// use casework::records::{RecordDates, RetentionClass, RetentionRule};
    /// use chrono::{TimeZone, Utc};
    ///
    /// let entered = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
    /// let log = RetentionClass { name: "log".into(), rule: RetentionRule::AfterEntry { months: 12 } };
    /// let dates = RecordDates { entered_at: entered, closed_at: None, superseded_at: None };
    /// assert_eq!(log.disposal_date(&dates), Some(Utc.with_ymd_and_hms(2027, 11, 25, 9, 0, 0).unwrap()));
    /// let plan = RetentionClass { name: "plan".into(), rule: RetentionRule::UntilSuperseded };
    /// assert_eq!(plan.disposal_date(&dates), None);
    /// ```
    #[must_use]
    pub fn disposal_date(&self, dates: &RecordDates) -> Option<DateTime<Utc>> {
        match self.rule {
            RetentionRule::AfterEntry { months } => {
                Retention { months }.disposal_at(dates.entered_at)
            }
            RetentionRule::AfterClosure { months } => dates
                .closed_at
                .and_then(|closed| Retention { months }.disposal_at(closed)),
            RetentionRule::UntilSuperseded => dates.superseded_at,
        }
    }
}

/// The dates of a record that retention reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RecordDates {
    /// When it was entered.
    pub entered_at: DateTime<Utc>,
    /// When it was closed, if it was.
    pub closed_at: Option<DateTime<Utc>>,
    /// When a newer record superseded it, if one did.
    pub superseded_at: Option<DateTime<Utc>>,
}

/// Why a legal hold could not be placed or released.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HoldError {
    /// The reason is blank.
    #[error("a legal hold needs a reason")]
    ReasonRequired,
    /// A hold for that reason is already in force.
    #[error("a legal hold for `{reason}` is already in force")]
    AlreadyInForce {
        /// The reason given.
        reason: String,
    },
    /// No hold in force has that reason.
    #[error("no legal hold in force is for `{reason}`")]
    NoSuchHold {
        /// The reason given.
        reason: String,
    },
}

impl HoldError {
    /// A stable snake_case name of the rule that refused.
    #[must_use]
    pub const fn rule(&self) -> &'static str {
        match self {
            HoldError::ReasonRequired => "reason_required",
            HoldError::AlreadyInForce { .. } => "hold_already_in_force",
            HoldError::NoSuchHold { .. } => "no_such_hold",
        }
    }
}

/// The legal holds on a record: one per matter, placed and released. Who
/// may place and release them is the permission table's (a case's
/// `place_legal_hold` and `release_legal_hold` commands record each as an
/// event); this type keeps the holds and their rules.
///
/// # Example
/// ```
/// use casework::records::{HoldError, LegalHolds};
/// use chrono::{TimeDelta, TimeZone, Utc};
///
/// let now = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
/// let mut holds = LegalHolds::default();
/// holds.place("Claim 2026-114", now)?;
/// assert!(holds.in_force(now));
/// assert_eq!(
///     holds.place("Claim 2026-114", now),
///     Err(HoldError::AlreadyInForce { reason: "Claim 2026-114".into() })
/// );
/// holds.release("Claim 2026-114", now + TimeDelta::days(90))?;
/// assert!(!holds.in_force(now + TimeDelta::days(90)));
/// # Ok::<(), HoldError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct LegalHolds {
    holds: Vec<LegalHold>,
}

impl LegalHolds {
    /// Places a hold for `reason` from `now`.
    ///
    /// # Errors
    /// [`HoldError::ReasonRequired`] for a blank reason;
    /// [`HoldError::AlreadyInForce`] when a hold for it is in force at `now`.
    pub fn place(&mut self, reason: &str, now: DateTime<Utc>) -> Result<(), HoldError> {
        if reason.trim().is_empty() {
            return Err(HoldError::ReasonRequired);
        }
        if self.find(reason, now).is_some() {
            return Err(HoldError::AlreadyInForce {
                reason: reason.to_owned(),
            });
        }
        self.holds.push(LegalHold {
            reason: reason.to_owned(),
            from: now,
            until: None,
        });
        Ok(())
    }

    /// Releases the hold in force for `reason` at `now`.
    ///
    /// # Errors
    /// [`HoldError::NoSuchHold`] when no hold in force has that reason.
    pub fn release(&mut self, reason: &str, now: DateTime<Utc>) -> Result<(), HoldError> {
        let index = self
            .find(reason, now)
            .ok_or_else(|| HoldError::NoSuchHold {
                reason: reason.to_owned(),
            })?;
        if let Some(hold) = self.holds.get_mut(index) {
            hold.until = Some(now);
        }
        Ok(())
    }

    /// Where the hold in force at `at` for `reason` is.
    fn find(&self, reason: &str, at: DateTime<Utc>) -> Option<usize> {
        self.holds
            .iter()
            .position(|h| h.reason == reason && h.covers(at))
    }

    /// Whether a hold is in force at `at`.
    #[must_use]
    pub fn in_force(&self, at: DateTime<Utc>) -> bool {
        self.holds.iter().any(|h| h.covers(at))
    }

    /// Every hold, placed or released.
    #[must_use]
    pub fn holds(&self) -> &[LegalHold] {
        &self.holds
    }

    /// `Ok` when no hold is in force at `at`; else the reasons of those that
    /// are, for a refusal to erase or dispose of anything to name.
    pub(crate) fn none_in_force(&self, at: DateTime<Utc>) -> Result<(), Vec<String>> {
        if self.in_force(at) {
            Err(self.reasons_in_force(at).map(str::to_owned).collect())
        } else {
            Ok(())
        }
    }

    /// The reasons of the holds in force at `at`.
    pub fn reasons_in_force(&self, at: DateTime<Utc>) -> impl Iterator<Item = &str> {
        self.holds
            .iter()
            .filter(move |h| h.covers(at))
            .map(|h| h.reason.as_str())
    }

    /// Whether no hold was ever placed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.holds.is_empty()
    }
}

/// What a personal field reads once it was erased from a record's history
/// (`Payload::personal_fields` in the store module).
pub const ERASED: &str = "[erased]";

/// On what grounds personal data was erased from a record's history.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields))]
#[non_exhaustive]
pub enum ErasureBasis {
    /// On request: a data subject's request to erase (GDPR Art. 17), say.
    Request {
        /// The request and why it is granted, such as its reference.
        reason: String,
    },
    /// The retention of the erased entries ran out: the feedback log's, for
    /// the comments of follow-ups.
    Retention {
        /// The retention that ran out.
        retention: Retention,
    },
}

/// The records due for disposal at `now`: their class's disposal date has
/// come, and no legal hold on them is in force. A record whose class is not
/// in `classes` is kept.
pub fn due_for_disposal<'r, R>(
    records: impl IntoIterator<Item = (&'r R, &'r str, RecordDates, &'r LegalHolds)>,
    classes: &[RetentionClass],
    now: DateTime<Utc>,
) -> Vec<&'r R> {
    records
        .into_iter()
        .filter(|(_, class, dates, holds)| {
            classes
                .iter()
                .find(|c| c.name == *class)
                .and_then(|c| c.disposal_date(dates))
                .is_some_and(|due| now >= due)
                && !holds.in_force(now)
        })
        .map(|(record, ..)| record)
        .collect()
}
crate::problem::rule_by_inherent!(HoldError);
