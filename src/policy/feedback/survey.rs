//! Whether a customer may be surveyed now: the anti-fatigue rules the caller
//! asks before contacting anyone.

use chrono::{DateTime, TimeDelta, Utc};

use crate::policy::case::Status;

/// The anti-fatigue rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct SurveyRules {
    /// At most one survey per customer per this many days; 0 for no limit. At
    /// most `PolicySpec::MAX_SURVEY_INTERVAL_DAYS` (365), checked when the
    /// policy compiles.
    pub min_days_between: u32,
}

impl Default for SurveyRules {
    /// One survey per customer per 30 days.
    fn default() -> Self {
        Self {
            min_days_between: 30,
        }
    }
}

/// Why a survey may not go out now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SurveyRefusal {
    /// A withdrawn, rejected or merged case is never surveyed.
    #[error("a `{status}` case is never surveyed")]
    NotSurveyed {
        /// The case's status.
        status: Status,
    },
    /// The customer was surveyed too recently.
    #[error("the customer was surveyed at {last}; the next survey may go out at {next}")]
    TooSoon {
        /// The last survey.
        last: DateTime<Utc>,
        /// The first instant the next may go out.
        next: DateTime<Utc>,
    },
}

impl SurveyRules {
    /// The first instant the next survey may go out, the last having gone out
    /// at `last`: the period after it (the latest instant there is, past it).
    #[must_use]
    pub fn next_survey_at(&self, last: DateTime<Utc>) -> DateTime<Utc> {
        last.checked_add_signed(TimeDelta::days(i64::from(self.min_days_between)))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    /// Whether a case in `status` may be surveyed at `now`, the customer's last
    /// survey having gone out at `last_survey`.
    ///
    /// # Errors
    /// [`SurveyRefusal`] naming the rule.
    ///
    /// # Example
    /// ```
    /// use casework::case::Status;
    /// use casework::feedback::SurveyRules;
    /// use chrono::{TimeDelta, TimeZone, Utc};
    ///
    /// let now = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
    /// let rules = SurveyRules::default();
    /// assert!(rules.may_survey(Status::Resolved, None, now).is_ok());
    /// assert!(rules.may_survey(Status::Withdrawn, None, now).is_err());
    /// assert!(rules.may_survey(Status::Resolved, Some(now - TimeDelta::days(10)), now).is_err());
    /// ```
    pub fn may_survey(
        &self,
        status: Status,
        last_survey: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<(), SurveyRefusal> {
        if matches!(
            status,
            Status::Withdrawn | Status::Rejected | Status::Merged
        ) {
            return Err(SurveyRefusal::NotSurveyed { status });
        }
        if let Some(last) = last_survey {
            let next = self.next_survey_at(last);
            if now < next {
                return Err(SurveyRefusal::TooSoon { last, next });
            }
        }
        Ok(())
    }
}
