//! The calendar as a user writes it: [`CalendarSpec`], in JSON, TOML or Rust.
//!
//! Times of day and instants stay strings here, so that [`CalendarSpec::compile`] can
//! report every bad value with its path instead of stopping at the first.

use std::collections::BTreeMap;

use chrono::{NaiveDate, Weekday};

/// A business calendar as written by a user: a time zone, weekly opening hours,
/// holidays, per-date overrides and absolute breaks.
///
/// Compile it with [`CalendarSpec::compile`] into a [`BusinessCalendar`], which
/// answers every query.
///
/// # Example
/// ```
/// # #[cfg(feature = "serde")] {
/// use casework::calendar::CalendarSpec;
///
/// let spec: CalendarSpec = serde_json::from_str(r#"{
///     "time_zone": "Europe/Berlin",
///     "hours": {
///         "mon": [["09:00", "12:00"], ["13:00", "17:00"]],
///         "tue": [["09:00", "17:00"]],
///         "fri": [["09:00", "15:00"]],
///         "sat": [["22:00", "06:00"]]
///     },
///     "holidays": [
///         { "rule": "date", "date": "2026-06-01", "name": "Company day" },
///         { "rule": "fixed", "month": 12, "day": 25, "name": "Christmas" },
///         { "rule": "easter", "offset": -2, "name": "Good Friday" },
///         { "rule": "nth_weekday", "month": 11, "weekday": "thu", "n": 4 },
///         { "rule": "last_weekday", "month": 5, "weekday": "mon" }
///     ],
///     "date_hours": { "2026-12-24": [["09:00", "12:00"]] },
///     "breaks": [{ "start": "2026-07-01T12:00", "end": "2026-07-01T14:00", "name": "Outage" }]
/// }"#).unwrap();
/// let calendar = spec.compile().unwrap();
/// # let _ = calendar;
/// # }
/// ```
///
/// [`BusinessCalendar`]: super::BusinessCalendar
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct CalendarSpec {
    /// The IANA time zone the hours are written in, such as `Europe/Berlin`.
    pub time_zone: String,
    /// Opening hours for each weekday, in local wall-clock time.
    #[cfg_attr(feature = "serde", serde(default))]
    pub hours: WeekHours,
    /// Days on which the weekly hours do not apply: the calendar is closed.
    #[cfg_attr(feature = "serde", serde(default))]
    pub holidays: Vec<Holiday>,
    /// Per-date hours that replace that date's weekly hours, holiday or not: a half
    /// day on Dec 24, or an opening on a holiday. An empty list closes the date.
    #[cfg_attr(feature = "serde", serde(default))]
    pub date_hours: BTreeMap<NaiveDate, Vec<TimeRange>>,
    /// Absolute closed intervals, such as an outage or a company event.
    #[cfg_attr(feature = "serde", serde(default))]
    pub breaks: Vec<Break>,
    /// The local dates the compiled calendar covers; by default
    /// [`CalendarRange::DEFAULT`], 2000-01-01 to 2100-01-01.
    #[cfg_attr(feature = "serde", serde(default))]
    pub range: Option<CalendarRange>,
}

impl CalendarSpec {
    /// The longest [`range`](Self::range) a calendar may cover, in years. Within it,
    /// every business-time sum fits in nanoseconds without overflow.
    pub const MAX_RANGE_YEARS: u32 = 200;
    /// The most intervals one weekday or one `date_hours` date may list.
    pub const MAX_INTERVALS_PER_DAY: usize = 96;
    /// The most holiday rules a calendar may have.
    pub const MAX_HOLIDAY_RULES: usize = 1_000;
    /// The most breaks a calendar may have.
    pub const MAX_BREAKS: usize = 10_000;
    /// The most opening intervals a calendar may compile to, after joining those that
    /// touch or overlap, counted over its range and the day either side (whose
    /// hours may reach into it): about 40 MB of compiled calendar.
    pub const MAX_OPENING_INTERVALS: usize = 1_000_000;

    /// A calendar in `time_zone` with no hours yet.
    #[must_use]
    pub fn new(time_zone: impl Into<String>) -> Self {
        Self {
            time_zone: time_zone.into(),
            ..Self::default()
        }
    }

    /// A calendar that is always open: "within 24 hours" targets use it.
    ///
    /// # Example
    /// ```
    /// use casework::calendar::CalendarSpec;
    /// use chrono::{TimeDelta, TimeZone, Utc};
    ///
    /// let always = CalendarSpec::twenty_four_seven("UTC").compile().unwrap();
    /// let t = Utc.with_ymd_and_hms(2026, 3, 29, 0, 30, 0).unwrap();
    /// assert_eq!(always.add(t, TimeDelta::hours(24)).unwrap(), t + TimeDelta::hours(24));
    /// ```
    #[must_use]
    pub fn twenty_four_seven(time_zone: impl Into<String>) -> Self {
        Self::new(time_zone).with_daily_hours(vec![TimeRange::new("00:00", "24:00")])
    }

    /// Sets the hours of one weekday.
    #[must_use]
    pub fn with_hours(mut self, weekday: Weekday, ranges: Vec<TimeRange>) -> Self {
        *self.hours.day_mut(weekday) = ranges;
        self
    }

    /// Sets the same hours on Monday to Friday: the common office week.
    ///
    /// # Example
    /// ```
    /// use casework::calendar::{CalendarSpec, TimeRange};
    /// use chrono::Weekday;
    ///
    /// let spec = CalendarSpec::new("Europe/Paris").with_weekday_hours(vec![TimeRange::new("09:00", "17:00")]);
    /// assert_eq!(spec.hours.day(Weekday::Fri), spec.hours.day(Weekday::Mon));
    /// assert!(spec.hours.day(Weekday::Sat).is_empty());
    /// ```
    #[must_use]
    pub fn with_weekday_hours(mut self, ranges: Vec<TimeRange>) -> Self {
        for weekday in [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ] {
            self = self.with_hours(weekday, ranges.clone());
        }
        self
    }

    /// Sets the same hours on every day of the week.
    ///
    /// # Example
    /// ```
    /// use casework::calendar::{CalendarSpec, TimeRange};
    /// use chrono::Weekday;
    ///
    /// let spec = CalendarSpec::new("Australia/Sydney").with_daily_hours(vec![TimeRange::new("08:00", "20:00")]);
    /// assert_eq!(spec.hours.day(Weekday::Sun), spec.hours.day(Weekday::Mon));
    /// ```
    #[must_use]
    pub fn with_daily_hours(mut self, ranges: Vec<TimeRange>) -> Self {
        for weekday in [Weekday::Sat, Weekday::Sun] {
            self = self.with_hours(weekday, ranges.clone());
        }
        self.with_weekday_hours(ranges)
    }

    /// Adds a holiday.
    #[must_use]
    pub fn with_holiday(mut self, holiday: Holiday) -> Self {
        self.holidays.push(holiday);
        self
    }

    /// Replaces one date's hours.
    #[must_use]
    pub fn with_date_hours(mut self, date: NaiveDate, ranges: Vec<TimeRange>) -> Self {
        self.date_hours.insert(date, ranges);
        self
    }

    /// Adds a break.
    #[must_use]
    pub fn with_break(mut self, closed: Break) -> Self {
        self.breaks.push(closed);
        self
    }

    /// Sets the compiled range.
    #[must_use]
    pub fn with_range(mut self, range: CalendarRange) -> Self {
        self.range = Some(range);
        self
    }
}

/// The opening hours of each weekday. A weekday left out is closed.
///
/// Serialized as `{ "mon": [["09:00", "17:00"]], "tue": [...], ... }`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct WeekHours {
    /// Monday.
    pub mon: Vec<TimeRange>,
    /// Tuesday.
    pub tue: Vec<TimeRange>,
    /// Wednesday.
    pub wed: Vec<TimeRange>,
    /// Thursday.
    pub thu: Vec<TimeRange>,
    /// Friday.
    pub fri: Vec<TimeRange>,
    /// Saturday.
    pub sat: Vec<TimeRange>,
    /// Sunday.
    pub sun: Vec<TimeRange>,
}

impl WeekHours {
    /// The hours of one weekday.
    #[must_use]
    pub fn day(&self, weekday: Weekday) -> &[TimeRange] {
        match weekday {
            Weekday::Mon => &self.mon,
            Weekday::Tue => &self.tue,
            Weekday::Wed => &self.wed,
            Weekday::Thu => &self.thu,
            Weekday::Fri => &self.fri,
            Weekday::Sat => &self.sat,
            Weekday::Sun => &self.sun,
        }
    }

    /// The hours of one weekday, to change them.
    pub fn day_mut(&mut self, weekday: Weekday) -> &mut Vec<TimeRange> {
        match weekday {
            Weekday::Mon => &mut self.mon,
            Weekday::Tue => &mut self.tue,
            Weekday::Wed => &mut self.wed,
            Weekday::Thu => &mut self.thu,
            Weekday::Fri => &mut self.fri,
            Weekday::Sat => &mut self.sat,
            Weekday::Sun => &mut self.sun,
        }
    }
}

/// An opening interval in local wall-clock time, `[open, close)`, written
/// `["09:00", "17:00"]`.
///
/// - Times are `HH:MM` or `HH:MM:SS`; `"24:00"` is allowed as a close.
/// - A close earlier than the open, such as `["22:00", "06:00"]`, is an overnight
///   interval: it runs into the next day and belongs to the day it starts on (a
///   holiday on that day closes it; a holiday on the next day does not).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct TimeRange(
    /// The opening time, `HH:MM[:SS]`.
    pub String,
    /// The closing time, `HH:MM[:SS]` or `24:00`.
    pub String,
);

impl TimeRange {
    /// An interval from `open` to `close`.
    #[must_use]
    pub fn new(open: impl Into<String>, close: impl Into<String>) -> Self {
        Self(open.into(), close.into())
    }
}

/// How a fixed-date holiday that falls on a weekend is observed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Observed {
    /// On the day itself, weekend or not.
    #[default]
    OnTheDay,
    /// A Saturday holiday is observed on the Friday before, a Sunday one on the
    /// Monday after (the US federal rule).
    NearestWeekday,
    /// A Saturday or Sunday holiday is observed on the Monday after.
    FollowingMonday,
}

/// A day on which the calendar is closed, unless `date_hours` opens it.
///
/// Serialized with a `rule` tag:
/// - `{ "rule": "date", "date": "2026-06-01" }`;
/// - `{ "rule": "fixed", "month": 7, "day": 4, "observed": "nearest_weekday" }`;
/// - `{ "rule": "nth_weekday", "month": 11, "weekday": "thu", "n": 4 }`;
/// - `{ "rule": "last_weekday", "month": 5, "weekday": "mon" }`;
/// - `{ "rule": "easter", "offset": -2 }` (Good Friday; Western Easter);
///
/// each with an optional `"name"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Holiday {
    /// One explicit date.
    Date {
        /// The date.
        date: NaiveDate,
        /// What the day is called.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        name: Option<String>,
    },
    /// The same month and day every year. February 29 is a holiday in leap years only.
    Fixed {
        /// The month, 1 to 12.
        month: u32,
        /// The day of the month.
        day: u32,
        /// How a weekend occurrence is observed.
        #[cfg_attr(feature = "serde", serde(default))]
        observed: Observed,
        /// What the day is called.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        name: Option<String>,
    },
    /// The nth given weekday of a month, such as the 4th Thursday of November. In a
    /// year where the month has no nth such weekday (n = 5), there is no holiday.
    NthWeekday {
        /// The month, 1 to 12.
        month: u32,
        /// The weekday.
        #[cfg_attr(feature = "schemars", schemars(with = "String"))]
        weekday: Weekday,
        /// Which one, 1 to 5.
        n: u8,
        /// What the day is called.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        name: Option<String>,
    },
    /// The last given weekday of a month, such as the last Monday of May.
    LastWeekday {
        /// The month, 1 to 12.
        month: u32,
        /// The weekday.
        #[cfg_attr(feature = "schemars", schemars(with = "String"))]
        weekday: Weekday,
        /// What the day is called.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        name: Option<String>,
    },
    /// A number of days from Western (Gregorian) Easter Sunday: Good Friday is -2,
    /// Easter Monday 1, Ascension 39, Whit Monday 50.
    Easter {
        /// Days from Easter Sunday, -366 to 366.
        offset: i32,
        /// What the day is called.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        name: Option<String>,
    },
}

/// An absolute closed interval `[start, end)`, such as an outage.
///
/// Each bound is RFC 3339 with an offset (`2026-07-01T12:00:00+02:00`) or a local
/// date-time in the calendar's zone (`2026-07-01T12:00` or `2026-07-01T12:00:00`).
/// A local date-time resolves to an instant like every wall-clock time of the
/// calendar: in a DST gap it lands later by the gap's length, in a repeated hour it is
/// the earlier instant (see [`BusinessCalendar::resolve`](super::BusinessCalendar::resolve)).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Break {
    /// When the break starts.
    pub start: String,
    /// When it ends.
    pub end: String,
    /// What it is.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub name: Option<String>,
}

impl Break {
    /// A break from `start` to `end`.
    #[must_use]
    pub fn new(start: impl Into<String>, end: impl Into<String>) -> Self {
        Self {
            start: start.into(),
            end: end.into(),
            name: None,
        }
    }
}

/// The local dates a compiled calendar covers: `[from, until)`, within the years
/// 1900 to 2200.
///
/// Queries about instants outside it return
/// [`CalendarError::OutOfRange`](super::CalendarError::OutOfRange). Its size bounds
/// compile time and memory: about 24 bytes per opening interval plus 28 bytes per
/// day, so roughly 2.3 MB for the default century of a five-day week with a lunch
/// break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct CalendarRange {
    /// The first local date covered.
    pub from: NaiveDate,
    /// The first local date no longer covered.
    pub until: NaiveDate,
}

impl CalendarRange {
    /// 2000-01-01 to 2100-01-01.
    pub const DEFAULT: CalendarRange = CalendarRange {
        from: match NaiveDate::from_ymd_opt(2000, 1, 1) {
            Some(d) => d,
            None => NaiveDate::MIN,
        },
        until: match NaiveDate::from_ymd_opt(2100, 1, 1) {
            Some(d) => d,
            None => NaiveDate::MAX,
        },
    };
}
