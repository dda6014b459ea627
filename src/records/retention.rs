//! Retention: how long a record is kept ([`Retention`], and the named
//! [`RetentionClass`]es a policy lists), the first instant it may be disposed
//! of, the legal holds that suspend disposal, placed and released by an
//! authorised role, and the records due for disposal. A hold always blocks
//! disposal.
//!
//! This module knows nothing of the records themselves: the caller describes
//! each with [`RecordDates`].

use chrono::{DateTime, Months, Utc};

use crate::actor::{Actor, Role};
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
#[cfg_attr(
    feature = "serde",
    serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)
)]
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
    /// The actor holds none of the roles that may place or release holds.
    #[error("only {roles:?} may place or release legal holds")]
    NotAuthorised {
        /// The roles that may.
        roles: Vec<Role>,
    },
    /// The reason is blank.
    #[error("a legal hold needs a reason")]
    ReasonRequired,
    /// No hold in force has that reason.
    #[error("no legal hold in force is for `{reason}`")]
    NoSuchHold {
        /// The reason given.
        reason: String,
    },
}

/// The legal holds on a record, placed and released by authorised roles.
///
/// # Example
/// ```
/// use casework::records::LegalHolds;
/// use casework::{Actor, ActorId, Role};
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use uuid::Uuid;
///
/// let counsel = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::Management]);
/// let now = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
/// let mut holds = LegalHolds::default();
/// holds.place(&counsel, "Claim 2026-114", now)?;
/// assert!(holds.in_force(now));
/// holds.release(&counsel, "Claim 2026-114", now + TimeDelta::days(90))?;
/// assert!(!holds.in_force(now + TimeDelta::days(90)));
/// # Ok::<(), casework::records::HoldError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LegalHolds {
    holds: Vec<LegalHold>,
}

/// The roles that may place and release legal holds.
pub const HOLD_ROLES: [Role; 2] = [Role::Management, Role::ProcessOwner];

impl LegalHolds {
    /// Places a hold from `now`.
    ///
    /// # Errors
    /// [`HoldError::NotAuthorised`] unless the actor holds one of
    /// [`HOLD_ROLES`]; [`HoldError::ReasonRequired`] for a blank reason.
    pub fn place(
        &mut self,
        actor: &Actor,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(), HoldError> {
        authorised(actor)?;
        if reason.trim().is_empty() {
            return Err(HoldError::ReasonRequired);
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
    /// [`HoldError::NotAuthorised`] as for [`place`](Self::place);
    /// [`HoldError::NoSuchHold`] when no hold in force has that reason.
    pub fn release(
        &mut self,
        actor: &Actor,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(), HoldError> {
        authorised(actor)?;
        let hold = self
            .holds
            .iter_mut()
            .find(|h| h.reason == reason && h.covers(now))
            .ok_or_else(|| HoldError::NoSuchHold {
                reason: reason.to_owned(),
            })?;
        hold.until = Some(now);
        Ok(())
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
}

fn authorised(actor: &Actor) -> Result<(), HoldError> {
    if HOLD_ROLES.iter().any(|r| actor.has_role(*r)) {
        Ok(())
    } else {
        Err(HoldError::NotAuthorised {
            roles: HOLD_ROLES.to_vec(),
        })
    }
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
