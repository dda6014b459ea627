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
//! | [`resolve(local)`](BusinessCalendar::resolve) | the instant a local wall-clock time stands for, by the calendar's DST rule |
//! | [`covers(t)`](BusinessCalendar::covers) | whether `t` is inside the compiled range |
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
//! Hours are local wall-clock times in the calendar's IANA zone. Compiling turns them
//! into instants by one rule, the "compatible" disambiguation of RFC 9557 and
//! Temporal, which `java.time.ZonedDateTime.of`, jiff and the `biz` gem use too:
//!
//! 1. For every local date `D`: `date_hours[D]` if present, else nothing on a
//!    holiday, else the weekday's hours.
//! 2. Each interval `[open, close]` of `D` becomes the instant interval
//!    `[resolve(D, open), resolve(D, close))`. `24:00` is `00:00` of `D + 1`; an
//!    overnight close (`["22:00", "06:00"]`) is that time on `D + 1`. If the
//!    resolved open is not before the resolved close, the interval is empty.
//! 3. `resolve` turns a local time into one instant
//!    ([`BusinessCalendar::resolve`] is the same function, for a caller's own local
//!    times):
//!    - a time that exists once is that instant;
//!    - a time **skipped** by a forward jump is read with the UTC offset in force
//!      before the jump, so it lands later by the gap's length;
//!    - a time that occurs **twice** (a backward jump) is the earlier instant.
//! 4. Breaks close what the intervals open; a break bound written as a local
//!    date-time resolves the same way.
//! 5. The open set is the union of what remains. Intervals that touch join: the
//!    touching instant is open.
//!
//! Worked examples, in Europe/Berlin (2026-03-29 02:00 CET jumps to 03:00 CEST;
//! 2026-10-25 03:00 CEST falls back to 02:00 CET) unless said otherwise:
//! - **An interval spanning a forward jump is shorter by the gap.** `00:00`–`06:00`
//!   on 2026-03-29 lasts 5 real hours; a full day `00:00`–`24:00` lasts 23.
//! - **A close in the gap moves later by the gap.** `01:00`–`02:30` on 2026-03-29 is
//!   open from 01:00 CET to 03:30 CEST: 90 minutes.
//! - **An open in the gap opens one gap later.** `02:30`–`04:00` on 2026-03-29 opens
//!   at 03:30 CEST and lasts 30 minutes. Pacific/Chatham's Sunday `03:00`–`06:00` on
//!   2026-09-27 (02:45 jumps to 03:45) opens at 04:00 +13:45 and lasts 2 hours, so
//!   03:50 +13:45 is still closed.
//! - **An interval whose bounds resolve out of order is empty.** `02:30`–`03:15` on
//!   2026-03-29 resolves to 03:30–03:15 CEST and opens nothing.
//! - **An interval spanning a backward jump is longer by the repeat.** Saturday
//!   `22:00`–`06:00` into 2026-10-25 lasts 9 hours; Europe/London's `01:30`–`04:00`
//!   on 2026-10-25 lasts 3.5 hours.
//! - **A bound in the repeated hour is met once, at its first occurrence.**
//!   `01:00`–`02:30` on 2026-10-25 closes at 02:30 CEST (90 minutes) and does not
//!   open again at 02:00 CET; `02:30`–`04:00` opens at 02:30 CEST, so the whole
//!   second pass through the repeated hour is open (150 minutes).
//! - **Midnight switches.** In America/Santiago, which switches at local midnight, a
//!   `24:00` close before a skipped midnight is the instant of the jump, which is
//!   also where the next day's `00:00` opens: the two days join without a gap. A
//!   Saturday `00:00`–`24:00` before the April switch lasts 25 hours.
//!
//! The golden vectors in `tests/data/calendar/` (from an independent implementation,
//! with their conventions in `CONVENTIONS.md` there) and the project's own generated
//! vectors check every part of this rule.
//!
//! # Range
//! A compiled calendar covers the local dates of its [`CalendarRange`]
//! (2000-01-01 to 2100-01-01 by default): the instants from the resolved first
//! midnight to the resolved midnight that ends the range, both included
//! ([`BusinessCalendar::coverage`]). Any query about an instant outside it, or whose
//! answer lies outside it, returns [`CalendarError::OutOfRange`]; none panics. Ask
//! [`BusinessCalendar::covers`] before recording an instant that deadlines will be
//! computed from, so that it is refused at once rather than at its first deadline.
//!
//! # Performance
//! Compiling turns the spec into sorted, disjoint UTC opening intervals with
//! cumulative business-time sums, a per-day index, the business days with a per-date
//! index, and the zone's offset periods. Every query is then an index lookup, a
//! search within one day and O(1) arithmetic (`add` and `sub` search outward from the
//! start for the end), so its cost does not grow with the span or the number of
//! holidays; each answers in under 100 ns. A calendar of a century of five-day weeks
//! with a lunch break takes about 2.3 MB.
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
mod zone;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

pub use query::BusinessCalendar;
pub use zone::{UnknownZone, Zone, ZoneOffset};

/// What "n business days after" an instant means, where a policy lets the
/// reader choose. The library reads it as [`CloseOfDay`](Self::CloseOfDay)
/// everywhere by default: "within 2 business days" as SOPs mean it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum BusinessDayReading {
    /// By the close of the nth business day after the instant's local date:
    /// logged on Monday at any hour, 2 business days after is Wednesday's
    /// close ([`BusinessCalendar::business_days_after`]).
    #[default]
    CloseOfDay,
    /// At the same local time of day on the nth business day: Monday 10:00
    /// and 2 business days is Wednesday 10:00
    /// ([`BusinessCalendar::business_days_later`]).
    SameTimeOfDay,
}
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
    /// The query's instant or date, or its answer, lies outside the compiled range.
    /// Compile with a wider [`CalendarRange`] to answer it.
    #[error(
        "{}: no answer for {asked} within its compiled range {from} to {until}",
        DisplayName(calendar)
    )]
    OutOfRange {
        /// The calendar's [`name`](BusinessCalendar::name): its name in the policy, or
        /// empty when it has none.
        calendar: String,
        /// What the query was about.
        asked: Asked,
        /// The first instant of the range.
        from: DateTime<Utc>,
        /// The instant the range ends.
        until: DateTime<Utc>,
    },
}

/// What a refused calendar query was about: an instant, or a local date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Asked {
    /// An instant: the one the query started from.
    Instant(DateTime<Utc>),
    /// A local date in the calendar's zone.
    Date(NaiveDate),
    /// A local date and time in the calendar's zone, to [resolve](BusinessCalendar::resolve).
    LocalTime(NaiveDateTime),
}

impl core::fmt::Display for Asked {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Asked::Instant(t) => write!(f, "{}", t.to_rfc3339()),
            Asked::Date(d) => write!(f, "local date {d}"),
            Asked::LocalTime(t) => write!(f, "local time {t}"),
        }
    }
}

struct DisplayName<'a>(&'a str);

impl core::fmt::Display for DisplayName<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        if self.0.is_empty() {
            f.write_str("the calendar")
        } else {
            write!(f, "calendar `{}`", self.0)
        }
    }
}

struct DisplayProblems<'a>(&'a [Problem]);

impl core::fmt::Display for DisplayProblems<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        crate::problem::write_all(f, self.0)
    }
}
