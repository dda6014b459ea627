//! Retention classes as policy data, the disposal date of a record, legal
//! holds placed and released by an authorised role, and the records due for
//! disposal. A hold always blocks disposal.
//!
//! This module knows nothing of the records themselves: the caller describes
//! each with [`RecordDates`].

use chrono::{DateTime, Utc};

use crate::actor::{Actor, Role};
use crate::feedback::{LegalHold, Retention};
use crate::problem::{Problem, not_blank};

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
    /// use casework::governance::{RecordDates, RetentionClass, RetentionRule};
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
/// use casework::governance::LegalHolds;
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
/// # Ok::<(), casework::governance::HoldError>(())
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
