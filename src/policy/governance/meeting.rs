//! [`MeetingPolicy`]: when review meetings recur, as data.

use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveTime, Utc};

use crate::calendar::{Asked, BusinessCalendar, CalendarError};
use crate::problem::Problem;

/// When review meetings recur: every `every_months` months (counted from
/// January, so 3 means January, April, July and October), on day
/// `day_of_month` (a day past the month's end means its last day), moved
/// forward to the next business day when that is not one, at the business
/// calendar's first opening that day.
///
/// # Example
/// ```
/// use casework::Policy;
/// use chrono::{TimeZone, Utc};
///
/// let policy = Policy::sop_default()?; // monthly on the 1st, Monday to Friday 09:00 to 17:00 UTC
/// let meetings = &policy.governance().review_meetings;
/// let after = Utc.with_ymd_and_hms(2026, 10, 15, 0, 0, 0).unwrap();
/// // 1 November 2026 is a Sunday: the meeting moves to Monday the 2nd, at opening.
/// assert_eq!(
///     meetings.next_meeting(after, policy.calendar())?,
///     Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap(),
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct MeetingPolicy {
    /// Months between meetings: 1, 2, 3, 4, 6 or 12, so that every year has
    /// the same months.
    pub every_months: u32,
    /// The day of the month, 1 to 31.
    pub day_of_month: u32,
}

impl Default for MeetingPolicy {
    /// Monthly, on the 1st.
    fn default() -> Self {
        Self {
            every_months: 1,
            day_of_month: 1,
        }
    }
}

impl MeetingPolicy {
    /// Every problem, with its path from this policy.
    #[must_use]
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if ![1, 2, 3, 4, 6, 12].contains(&self.every_months) {
            problems.push(Problem::new(
                "every_months",
                format!(
                    "{} does not divide the year: 1, 2, 3, 4, 6 or 12",
                    self.every_months
                ),
            ));
        }
        if !(1..=31).contains(&self.day_of_month) {
            problems.push(Problem::new(
                "day_of_month",
                format!("{} is not from 1 to 31", self.day_of_month),
            ));
        }
        problems
    }

    /// The first meeting strictly after `after`, on `calendar`.
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] when `after`, or the meeting day, falls
    /// outside the calendar's compiled range.
    pub fn next_meeting(
        &self,
        after: DateTime<Utc>,
        calendar: &BusinessCalendar,
    ) -> Result<DateTime<Utc>, CalendarError> {
        self.nth_meeting(after, 1, calendar)
    }

    /// The `n`-th meeting strictly after `after` (from 1), each strictly
    /// after the one before: `next_meeting` taken `n` times, in one pass.
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] when `after`, or a meeting day, falls
    /// outside the calendar's compiled range.
    pub(crate) fn nth_meeting(
        &self,
        after: DateTime<Utc>,
        n: u32,
        calendar: &BusinessCalendar,
    ) -> Result<DateTime<Utc>, CalendarError> {
        // Inside the calendar's range, local dates exist: no overflow below.
        calendar.is_open(after)?;
        let zone = calendar.time_zone();
        let local = after.with_timezone(&zone).date_naive();
        let every = self.every_months.clamp(1, 12);
        // A meeting moved forward from the month before may still be ahead.
        // A month that begins before the calendar's range is skipped when its
        // meeting day cannot be answered.
        let mut month = first_of_month(local)
            .checked_sub_months(Months::new(1))
            .unwrap_or(local);
        let range_from = calendar.range().from;
        let (mut last, mut found) = (after, 0);
        let months = every.saturating_add(2).saturating_mul(n.max(1));
        for _ in 0..=months {
            if month.month0() % every == 0 {
                match self.meeting_in(month, calendar) {
                    Ok(meeting) if meeting > last => {
                        found += 1;
                        if found >= n {
                            return Ok(meeting);
                        }
                        last = meeting;
                    }
                    Ok(_) => {}
                    Err(_) if month < range_from => {}
                    Err(e) => return Err(e),
                }
            }
            month = month
                .checked_add_months(Months::new(1))
                .ok_or_else(|| calendar.out_of_range(Asked::Instant(after)))?;
        }
        // Unreachable: a month with a meeting after `after` comes within
        // `every + 2` months, and each next one as soon. Refused rather than
        // panicking.
        Err(calendar.out_of_range(Asked::Instant(after)))
    }

    /// The meeting of the month starting `month`.
    fn meeting_in(
        &self,
        month: NaiveDate,
        calendar: &BusinessCalendar,
    ) -> Result<DateTime<Utc>, CalendarError> {
        let last = month
            .checked_add_months(Months::new(1))
            .and_then(|next| next.pred_opt())
            .unwrap_or(month);
        let nominal = month
            .with_day(self.day_of_month.clamp(1, 31).min(last.day()))
            .unwrap_or(last);
        let day = if calendar.is_business_day(nominal)? {
            nominal
        } else {
            calendar.next_business_day(nominal)?
        };
        // The day's first instant: a midnight skipped for DST resolves to the jump.
        let start = calendar.resolve(day.and_time(NaiveTime::MIN))?;
        calendar.next_open(start)
    }
}

fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}
