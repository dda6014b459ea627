//! Business calendars: working hours, holidays, time zones, and exact, fast
//! business-time arithmetic.
//!
//! Every SLA clock and deadline rests on this module, and nothing in it knows that
//! cases exist. A user writes a [`CalendarSpec`] (in JSON, TOML or Rust) and compiles
//! it once into a [`BusinessCalendar`], which answers:
//!
//! | query | answer |
//! |---|---|
//! | [`is_open(t)`](BusinessCalendar::is_open) | whether `t` is in an opening interval `[open, close)` |
//! | [`next_open(t)`](BusinessCalendar::next_open) | `t` when open, else the next opening |
//! | [`next_close(t)`](BusinessCalendar::next_close) | the next closing at or after `t` |
//! | [`add(t, d)`](BusinessCalendar::add) | the **earliest** `t' ≥ t` with `between(t, t') == d` |
//! | [`sub(t, d)`](BusinessCalendar::sub) | the **latest** `t' ≤ t` with `between(t', t) == d` |
//! | [`between(a, b)`](BusinessCalendar::between) | business time in `[a, b]`, negative when `b < a` |
//! | [`is_business_day(date)`](BusinessCalendar::is_business_day) | whether a local date has hours and is no holiday |
//! | [`business_days_after(t, n)`](BusinessCalendar::business_days_after) | the close of the nth business day after `t`'s date |
//! | [`business_days_later(t, n)`](BusinessCalendar::business_days_later) | the same time of day, n business days later |
//!
//! # Conventions
//! - **Half-open intervals.** A calendar open 09:00–17:00 is open at 09:00:00 and
//!   closed at 17:00:00.
//! - **`add` is earliest, `sub` is latest.** A 1-hour `add` from 16:00 on a day that
//!   closes at 17:00 returns 17:00 (not the next morning's 09:00), and `add(t, 0)`
//!   is `t` even when closed. A 1-hour `sub` from 10:00 on a day that opens at 09:00
//!   returns 09:00.
//! - **Overnight hours** such as `["22:00", "06:00"]` belong to the day they start
//!   on: a holiday on Saturday closes Saturday night's shift, including its hours on
//!   Sunday morning.
//! - **Precedence.** A `date_hours` entry replaces the date's weekly hours, holiday
//!   or not. Breaks close what the hours open. Where a date's overnight interval and
//!   the next date's override overlap, the calendar is open in their union.
//!
//! # Time zones and DST
//! Hours are local wall-clock time: the calendar is open at instant `t` when the
//! local reading of `t` falls in an interval of the day it belongs to.
//! - **Spring forward.** A local time that does not exist opens nothing: an interval
//!   `["01:00", "02:30"]` on a day when 02:00 jumps to 03:00 is open from 01:00 to
//!   the jump, one real hour. An interval **end in the gap** closes at the instant of
//!   the jump (03:00 new time); an interval **start in the gap** opens at that
//!   instant.
//! - **Fall back.** A repeated hour counts the real time that elapses: a shift
//!   `["22:00", "06:00"]` across the night when 03:00 falls back to 02:00 is nine
//!   hours long. An interval bound inside the repeated hour is met twice, and the
//!   calendar is open whenever the clock reads inside the interval, so
//!   `["01:00", "02:30"]` on that night is open 01:00–02:30 (first pass) and again
//!   02:00–02:30 (second pass).
//! - **Midnight switches.** Zones that change at midnight, such as
//!   America/Santiago, work the same way: a local date may start at 01:00.
//!
//! # Range
//! A compiled calendar covers the local dates of its [`CalendarRange`]
//! (2000-01-01 to 2100-01-01 by default). Any query about an instant outside it, or
//! whose answer lies outside it, returns [`CalendarError::OutOfRange`]; none panics.
//!
//! # Performance
//! Compiling turns the spec into sorted, disjoint UTC opening intervals with
//! cumulative business-time sums and a per-day index. Every query is then an index
//! lookup, a search within one day and O(1) arithmetic (`add` and `sub` search
//! outward from the start for the end), so its cost does not grow with the span or
//! the number of holidays. A calendar of a century of five-day weeks with a lunch
//! break takes about 2 MB.
//!
//! # Example
//! ```
//! use casework::calendar::{CalendarSpec, Holiday, TimeRange};
//! use chrono::{NaiveDate, TimeDelta, TimeZone, Utc, Weekday};
//!
//! let office = || vec![TimeRange::new("09:00", "12:00"), TimeRange::new("13:00", "17:00")];
//! let mut spec = CalendarSpec::new("Europe/Berlin");
//! for day in [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri] {
//!     spec = spec.with_hours(day, office());
//! }
//! let spec = spec.with_holiday(Holiday::Easter { offset: -2, name: Some("Good Friday".into()) });
//! let berlin = spec.compile()?;
//!
//! // Logged Thursday before Easter 2026 at 16:30 Berlin (14:30 UTC).
//! let logged = Utc.with_ymd_and_hms(2026, 4, 2, 14, 30, 0).unwrap();
//! // "Follow up within 2 business days": Friday is a holiday, so the two business
//! // days are Monday and Tuesday, and the follow-up is due at Tuesday's close.
//! let due = berlin.business_days_after(logged, 2)?;
//! assert_eq!(due, Utc.with_ymd_and_hms(2026, 4, 7, 15, 0, 0).unwrap());
//! assert!(!berlin.is_business_day(NaiveDate::from_ymd_opt(2026, 4, 3).unwrap())?);
//!
//! // "Acknowledge within 8 business hours": the lunch break and the holiday don't count.
//! let ack_due = berlin.add(logged, TimeDelta::hours(8))?;
//! // 30 min on Thursday, 7 h on Monday, 30 min on Tuesday: 09:30 Berlin.
//! assert_eq!(ack_due, Utc.with_ymd_and_hms(2026, 4, 7, 7, 30, 0).unwrap());
//! # Ok::<(), casework::calendar::CalendarError>(())
//! ```

mod compile;
mod holiday;
mod query;
mod spec;

use chrono::{DateTime, Utc};

pub use query::BusinessCalendar;
pub use spec::{Break, CalendarRange, CalendarSpec, Holiday, Observed, TimeRange, WeekHours};

use crate::problem::Problem;

const DAY_SECS: i64 = 86_400;
const NANOS_PER_SEC: i64 = 1_000_000_000;

/// Why a calendar could not be compiled, or a query could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// The spec has problems; every one is listed, with its path.
    #[error("invalid calendar: {}", DisplayProblems(problems))]
    InvalidSpec {
        /// Every problem found.
        problems: Vec<Problem>,
    },
    /// The query's instant, or its answer, lies outside the compiled range. Compile
    /// with a wider [`CalendarRange`] to answer it.
    #[error("outside the calendar's compiled range {from} to {until}")]
    OutOfRange {
        /// The first instant of the range.
        from: DateTime<Utc>,
        /// The instant the range ends.
        until: DateTime<Utc>,
    },
}

struct DisplayProblems<'a>(&'a [Problem]);

impl core::fmt::Display for DisplayProblems<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        crate::problem::write_all(f, self.0)
    }
}
