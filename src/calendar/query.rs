//! The compiled calendar and its queries.
//!
//! The calendar is a sorted list of disjoint UTC opening intervals, each with the
//! business time accumulated up to its end, plus a per-UTC-day index into that list.
//! Finding an instant is an index lookup and a short search within one day; every
//! query is one or two of those plus O(1) arithmetic, whatever the span or the number
//! of holidays.

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, TimeDelta, Utc};
use chrono_tz::Tz;

use super::compile::{Offsets, local_secs};
use super::spec::CalendarRange;
use super::{Asked, BusinessDayReading, CalendarError, DAY_SECS, NANOS_PER_SEC};

const DAY_NANOS: i64 = DAY_SECS * NANOS_PER_SEC;

/// A business day of the calendar and the instant its last interval closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BusinessDay {
    pub(crate) date: NaiveDate,
    /// Its local midnight, in local seconds.
    pub(crate) midnight: i64,
    /// UTC seconds.
    pub(crate) close: i64,
}

/// The local date of an instant, as a day number from the range's first date, and its
/// seconds from local midnight.
#[derive(Debug, Clone, Copy)]
struct LocalDay {
    day: i64,
    secs: i64,
}

/// What compiling produced, before indexing.
pub(crate) struct Parts {
    pub(crate) tz: Tz,
    pub(crate) range: CalendarRange,
    /// The range as UTC nanoseconds.
    pub(crate) lo: i64,
    pub(crate) hi: i64,
    /// Sorted, disjoint, non-touching opening intervals in UTC seconds.
    pub(crate) intervals: Vec<(i64, i64)>,
    pub(crate) open_at_end: bool,
    pub(crate) business_days: Vec<BusinessDay>,
    pub(crate) offsets: Offsets,
}

/// A compiled business calendar: answers `is_open`, `next_open`, `next_close`,
/// `add`, `sub`, `between` and the business-day questions, each in O(1) plus a
/// search within one day.
///
/// Build it with [`CalendarSpec::compile`](super::CalendarSpec::compile). It is
/// immutable, `Send` and `Sync`: compile once, share it (for example in an `Arc`).
///
/// # Conventions
/// - Opening intervals are half-open, `[open, close)`: open at 09:00:00, closed at
///   17:00:00.
/// - [`between(a, b)`](Self::between) is the business time in `[a, b]`; it is
///   negative when `b < a`, so that `between(a, b) == -between(b, a)`.
/// - [`add(t, d)`](Self::add) is the **earliest** `t' ≥ t` with
///   `between(t, t') == d`: a duration that ends exactly at a close returns the close
///   (17:00), not the next open, and `add(t, 0) == t`.
/// - [`sub(t, d)`](Self::sub) is the **latest** `t' ≤ t` with `between(t', t) == d`:
///   a duration that ends exactly at an open returns the open.
/// - Instants keep their nanoseconds; every figure is exact.
///
/// # Example
/// ```
/// use casework::calendar::{CalendarSpec, TimeRange};
/// use chrono::{TimeDelta, TimeZone, Utc, Weekday};
///
/// let nine_to_five = || vec![TimeRange::new("09:00", "17:00")];
/// let calendar = CalendarSpec::new("Europe/Berlin")
///     .with_hours(Weekday::Mon, nine_to_five())
///     .with_hours(Weekday::Tue, nine_to_five())
///     .compile()?;
///
/// // Monday 2026-11-23 16:00 Berlin (15:00 UTC): 3 business hours later is Tuesday 11:00.
/// let logged = Utc.with_ymd_and_hms(2026, 11, 23, 15, 0, 0).unwrap();
/// let due = calendar.add(logged, TimeDelta::hours(3))?;
/// assert_eq!(due, Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap());
/// assert_eq!(calendar.between(logged, due)?, TimeDelta::hours(3));
///
/// // A duration that ends at the close returns the close.
/// assert_eq!(
///     calendar.add(logged, TimeDelta::hours(1))?,
///     Utc.with_ymd_and_hms(2026, 11, 23, 16, 0, 0).unwrap(),
/// );
/// # Ok::<(), casework::calendar::CalendarError>(())
/// ```
#[derive(Debug, Clone)]
pub struct BusinessCalendar {
    name: String,
    tz: Tz,
    range: CalendarRange,
    /// The range as UTC nanoseconds, `[lo, hi]`.
    lo: i64,
    hi: i64,
    /// Opening intervals `[starts[i], ends[i])`, UTC nanoseconds, sorted, disjoint
    /// and not touching.
    starts: Box<[i64]>,
    ends: Box<[i64]>,
    /// Business nanoseconds from `lo` to `ends[i]`.
    cum_end: Box<[i64]>,
    /// For UTC day `k` from `lo`, the index of the first interval ending after that
    /// day's start.
    day_index: Box<[u32]>,
    /// Whether the hours go on past the end of the range (the last interval was cut
    /// there), so that the calendar is open at its last instant and does not close
    /// within the range.
    open_at_end: bool,
    business_days: Box<[BusinessDay]>,
    /// For local day `k` from the range's first date (`k` up to one past the range),
    /// the index of the first business day on or after it.
    business_day_index: Box<[u32]>,
    /// The range's first local midnight, in local seconds.
    local_from: i64,
    offsets: Offsets,
}

/// Where an instant falls: the index of the first interval that ends after it.
#[derive(Debug, Clone, Copy)]
struct Position {
    ns: i64,
    index: usize,
}

impl BusinessCalendar {
    pub(crate) fn from_parts(parts: Parts) -> Self {
        let Parts {
            tz,
            range,
            lo,
            hi,
            intervals,
            open_at_end,
            business_days,
            offsets,
        } = parts;
        let starts: Box<[i64]> = intervals.iter().map(|(a, _)| a * NANOS_PER_SEC).collect();
        let ends: Box<[i64]> = intervals.iter().map(|(_, b)| b * NANOS_PER_SEC).collect();
        let mut total = 0;
        let cum_end = intervals
            .iter()
            .map(|(a, b)| {
                total += (b - a) * NANOS_PER_SEC;
                total
            })
            .collect();
        let local_from = local_secs(range.from);
        let local_days = (local_secs(range.until) - local_from) / DAY_SECS + 2;
        let mut business_day_index = Vec::new();
        let mut first = 0usize;
        for k in 0..local_days {
            let date = range
                .from
                .checked_add_days(Days::new(u64::try_from(k).unwrap_or(0)))
                .unwrap_or(range.until);
            while business_days.get(first).is_some_and(|d| d.date < date) {
                first += 1;
            }
            business_day_index.push(u32::try_from(first).unwrap_or(u32::MAX));
        }
        let days = (hi - lo) / DAY_NANOS + 2;
        let mut day_index = Vec::with_capacity(usize::try_from(days).unwrap_or(0));
        let mut i = 0usize;
        for k in 0..days {
            let day_start = lo + k * DAY_NANOS;
            while ends.get(i).is_some_and(|e| *e <= day_start) {
                i += 1;
            }
            day_index.push(u32::try_from(i).unwrap_or(u32::MAX));
        }
        Self {
            name: String::new(),
            tz,
            range,
            lo,
            hi,
            starts,
            ends,
            cum_end,
            day_index: day_index.into(),
            open_at_end,
            business_days: business_days.into(),
            business_day_index: business_day_index.into(),
            local_from,
            offsets,
        }
    }

    /// The calendar's time zone: chrono's `TimeZone`, for the local time the
    /// calendar reads.
    #[must_use]
    pub const fn time_zone(&self) -> super::Zone {
        super::Zone::new(self.tz)
    }

    /// The local dates the calendar covers.
    #[must_use]
    pub fn range(&self) -> CalendarRange {
        self.range
    }

    /// The number of compiled opening intervals (after merging, DST and breaks).
    #[must_use]
    pub fn interval_count(&self) -> usize {
        self.starts.len()
    }

    /// The calendar's name: its name in the policy that compiled it, or what
    /// [`with_name`](Self::with_name) set; empty by default. Errors name it.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The same calendar, named `name`, so that its errors say which calendar
    /// refused.
    #[must_use]
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// The refusal of a query about `asked`, with the calendar's name and range.
    pub(crate) fn out_of_range(&self, asked: Asked) -> CalendarError {
        CalendarError::OutOfRange {
            calendar: self.name.clone(),
            asked,
            from: DateTime::from_timestamp_nanos(self.lo),
            until: DateTime::from_timestamp_nanos(self.hi),
        }
    }

    fn beyond(&self, t: DateTime<Utc>) -> CalendarError {
        self.out_of_range(Asked::Instant(t))
    }

    fn nanos(&self, t: DateTime<Utc>) -> Result<i64, CalendarError> {
        t.timestamp_nanos_opt()
            .filter(|ns| (self.lo..=self.hi).contains(ns))
            .ok_or_else(|| self.beyond(t))
    }

    fn position(&self, t: DateTime<Utc>) -> Result<Position, CalendarError> {
        let ns = self.nanos(t)?;
        let day = usize::try_from((ns - self.lo) / DAY_NANOS).unwrap_or(usize::MAX);
        let from = self.day_index.get(day).map_or(0, |i| *i as usize);
        let to = self
            .day_index
            .get(day + 1)
            .map_or(self.ends.len(), |i| (*i as usize + 1).min(self.ends.len()));
        let within = self
            .ends
            .get(from..to)
            .map_or(0, |ends| ends.partition_point(|e| *e <= ns));
        Ok(Position {
            ns,
            index: from + within,
        })
    }

    /// Business nanoseconds from `lo` to the position.
    fn cumulative(&self, p: Position) -> i64 {
        match (
            self.starts.get(p.index),
            self.ends.get(p.index),
            self.cum_end.get(p.index),
        ) {
            (Some(start), Some(end), Some(cum)) => cum - (end - p.ns.max(*start)),
            _ => self.total(),
        }
    }

    fn total(&self) -> i64 {
        self.cum_end.last().copied().unwrap_or(0)
    }

    fn is_open_at(&self, p: Position) -> bool {
        if p.ns == self.hi {
            // The intervals stop at the range's end; whether the hours go on is kept.
            return self.open_at_end;
        }
        self.starts.get(p.index).is_some_and(|s| *s <= p.ns)
    }

    /// Whether the calendar is open at `t`. Intervals are half-open: open at the
    /// opening instant, closed at the closing one.
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] when `t` is outside the compiled range.
    pub fn is_open(&self, t: DateTime<Utc>) -> Result<bool, CalendarError> {
        Ok(self.is_open_at(self.position(t)?))
    }

    /// The first instant at or after `t` when the calendar is open: `t` itself when
    /// it is open.
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] when `t` is outside the compiled range, or the
    /// calendar does not open again before its end.
    pub fn next_open(&self, t: DateTime<Utc>) -> Result<DateTime<Utc>, CalendarError> {
        let p = self.position(t)?;
        match self.starts.get(p.index) {
            Some(start) => Ok(DateTime::from_timestamp_nanos(p.ns.max(*start))),
            None if self.is_open_at(p) => Ok(t),
            None => Err(self.beyond(t)),
        }
    }

    /// The first instant at or after `t` when the calendar closes: the end of the
    /// interval `t` is in, or of the next one when `t` is closed.
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] when `t` is outside the compiled range, or the
    /// calendar does not close before its end (a 24/7 calendar never does).
    pub fn next_close(&self, t: DateTime<Utc>) -> Result<DateTime<Utc>, CalendarError> {
        let p = self.position(t)?;
        match self.ends.get(p.index) {
            Some(end) if !(self.open_at_end && p.index + 1 == self.ends.len()) => {
                Ok(DateTime::from_timestamp_nanos(*end))
            }
            _ => Err(self.beyond(t)),
        }
    }

    /// The business time from the start of the compiled range to `t`: a running
    /// total, so that `between(a, b) == offset(b) - offset(a)`.
    ///
    /// Batch work uses it: compute the offset of `now` once, keep offsets of the
    /// other instants, and every business duration is a subtraction. Offsets are
    /// only comparable within one compiled calendar.
    ///
    /// # Example
    /// ```
    /// use casework::calendar::CalendarSpec;
    /// use chrono::{TimeDelta, TimeZone, Utc};
    ///
    /// let always = CalendarSpec::twenty_four_seven("UTC").compile().unwrap();
    /// let a = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    /// let b = a + TimeDelta::hours(30);
    /// assert_eq!(always.offset(b).unwrap() - always.offset(a).unwrap(), always.between(a, b).unwrap());
    /// ```
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] when `t` is outside the compiled range.
    pub fn offset(&self, t: DateTime<Utc>) -> Result<TimeDelta, CalendarError> {
        self.offset_nanos(t).map(TimeDelta::nanoseconds)
    }

    /// [`offset`](Self::offset) in nanoseconds.
    pub(crate) fn offset_nanos(&self, t: DateTime<Utc>) -> Result<i64, CalendarError> {
        Ok(self.cumulative(self.position(t)?))
    }

    /// The business time in `[a, b]`; negative when `b < a`.
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] when `a` or `b` is outside the compiled range.
    pub fn between(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> Result<TimeDelta, CalendarError> {
        let from = self.cumulative(self.position(a)?);
        let to = self.cumulative(self.position(b)?);
        Ok(TimeDelta::nanoseconds(to - from))
    }

    /// The earliest instant `t' ≥ t` with `between(t, t') == d`. A negative `d` is
    /// [`sub`](Self::sub) of its magnitude.
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] when `t` is outside the compiled range, or the
    /// answer lies beyond its end.
    pub fn add(&self, t: DateTime<Utc>, d: TimeDelta) -> Result<DateTime<Utc>, CalendarError> {
        if d < TimeDelta::zero() {
            return self.sub(t, d.abs());
        }
        let p = self.position(t)?;
        let d = d.num_nanoseconds().ok_or_else(|| self.beyond(t))?;
        if d == 0 {
            return Ok(t);
        }
        let target = self.cumulative(p).saturating_add(d);
        // The first interval whose accumulated end reaches the target.
        let j = gallop(&self.cum_end, p.index, |cum| *cum < target);
        self.instant_at(j, target).ok_or_else(|| self.beyond(t))
    }

    /// The latest instant `t' ≤ t` with `between(t', t) == d`. A negative `d` is
    /// [`add`](Self::add) of its magnitude.
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] when `t` is outside the compiled range, or the
    /// answer lies before its start.
    pub fn sub(&self, t: DateTime<Utc>, d: TimeDelta) -> Result<DateTime<Utc>, CalendarError> {
        if d < TimeDelta::zero() {
            return self.add(t, d.abs());
        }
        let p = self.position(t)?;
        let d = d.num_nanoseconds().ok_or_else(|| self.beyond(t))?;
        if d == 0 {
            return Ok(t);
        }
        let target = self.cumulative(p) - d;
        if target < 0 {
            return Err(self.beyond(t));
        }
        // The first interval whose accumulated end passes the target; the answer is
        // inside it, or at its start. It is at or before the start's interval.
        let k = gallop_back(&self.cum_end, p.index, |cum| *cum <= target);
        self.instant_at(k, target).ok_or_else(|| self.beyond(t))
    }

    /// The instant in interval `k` at which `target` business nanoseconds have
    /// accumulated since the range's start.
    fn instant_at(&self, k: usize, target: i64) -> Option<DateTime<Utc>> {
        match (self.ends.get(k), self.cum_end.get(k)) {
            (Some(end), Some(cum)) => Some(DateTime::from_timestamp_nanos(end - (cum - target))),
            _ => None,
        }
    }

    /// Whether `date` (local to the calendar's zone) is a business day: it has
    /// opening hours of its own, by weekday or by a `date_hours` entry, that resolve
    /// to a non-empty interval, and is not a holiday. Breaks do not change it.
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] when `date` is outside the compiled range.
    pub fn is_business_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        if date < self.range.from || date >= self.range.until {
            return Err(self.out_of_range(Asked::Date(date)));
        }
        let day = (date - self.range.from).num_days();
        Ok(self.first_business_day(day + 1) > self.first_business_day(day))
    }

    /// The close of the `n`th business day after `t`'s local date: "within 2
    /// business days" as SOPs mean it. Logged on Monday at any hour, 2 business days
    /// later is Wednesday's close.
    ///
    /// `n = 0` is the close of `t`'s own date when it is a business day, else of the
    /// next business day. The other reading of "n business days", the same time of
    /// day n business days later, is [`business_days_later`](Self::business_days_later).
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] when `t` is outside the compiled range, or the
    /// nth business day is beyond its end.
    pub fn business_days_after(
        &self,
        t: DateTime<Utc>,
        n: u32,
    ) -> Result<DateTime<Utc>, CalendarError> {
        let day = self.nth_business_day(t, self.local_day(t)?, n)?;
        Ok(DateTime::from_timestamp_nanos(day.close * NANOS_PER_SEC))
    }

    /// The same local time of day as `t`, on the `n`th business day after `t`'s local
    /// date: logged Monday 10:00, 2 business days later is Wednesday 10:00. The local
    /// time is resolved like every wall-clock time of the calendar
    /// ([`resolve`](Self::resolve)): where it does not exist (a DST gap) it lands later
    /// by the gap's length; where it exists twice, it is the earlier.
    ///
    /// This is the elapsed reading of "n business days"; the SOP reading, by the end
    /// of the nth business day, is [`business_days_after`](Self::business_days_after).
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] when `t` is outside the compiled range, or the
    /// nth business day is beyond its end.
    pub fn business_days_later(
        &self,
        t: DateTime<Utc>,
        n: u32,
    ) -> Result<DateTime<Utc>, CalendarError> {
        let at = self.local_day(t)?;
        let day = self.nth_business_day(t, at, n)?;
        let local = day.midnight + at.secs;
        let instant =
            self.offsets.resolve(local) * NANOS_PER_SEC + i64::from(t.timestamp_subsec_nanos());
        let instant = DateTime::from_timestamp_nanos(instant);
        self.nanos(instant)?;
        Ok(instant)
    }

    /// `n` business days after `t`, in the reading `reading` names: the close of
    /// the `n`th business day ([`business_days_after`](Self::business_days_after))
    /// or the same time of day on it
    /// ([`business_days_later`](Self::business_days_later)).
    ///
    /// # Errors
    /// As the two readings.
    pub fn business_days_by(
        &self,
        t: DateTime<Utc>,
        n: u32,
        reading: BusinessDayReading,
    ) -> Result<DateTime<Utc>, CalendarError> {
        match reading {
            BusinessDayReading::CloseOfDay => self.business_days_after(t, n),
            BusinessDayReading::SameTimeOfDay => self.business_days_later(t, n),
        }
    }

    /// The one instant a local wall-clock time in the calendar's zone stands for,
    /// resolved by the same rule as every opening, closing and break bound of the
    /// calendar: the "compatible" rule of RFC 9557, Temporal and `java.time`.
    ///
    /// - A time that exists once is that instant.
    /// - A time skipped by a forward DST jump is read with the offset in force before
    ///   the jump, so it lands later by the gap's length: in Berlin on 2026-03-29,
    ///   02:30 is 03:30 CEST.
    /// - A time that occurs twice (a backward jump) is the earlier instant: in Berlin
    ///   on 2026-10-25, 02:30 is 02:30 CEST, not CET.
    ///
    /// Use it for a caller's own local times, such as "due by 17:00 local": they then
    /// agree with the calendar's own hours. Midnight at the end of a day (`24:00`) is
    /// `00:00` of the next date.
    ///
    /// # Example
    /// ```
    /// use casework::calendar::CalendarSpec;
    /// use chrono::{NaiveDate, TimeZone, Utc};
    ///
    /// let berlin = CalendarSpec::twenty_four_seven("Europe/Berlin").compile()?;
    /// let local = |d, h, m| NaiveDate::from_ymd_opt(2026, 3, d).unwrap().and_hms_opt(h, m, 0).unwrap();
    /// // Skipped: 02:30 does not exist on 2026-03-29, and lands at 03:30 CEST (01:30 UTC).
    /// assert_eq!(berlin.resolve(local(29, 2, 30))?, Utc.with_ymd_and_hms(2026, 3, 29, 1, 30, 0).unwrap());
    /// // An ordinary time.
    /// assert_eq!(berlin.resolve(local(30, 17, 0))?, Utc.with_ymd_and_hms(2026, 3, 30, 15, 0, 0).unwrap());
    /// # Ok::<(), casework::calendar::CalendarError>(())
    /// ```
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] when the instant lies outside the compiled range.
    pub fn resolve(&self, local: NaiveDateTime) -> Result<DateTime<Utc>, CalendarError> {
        let secs = local.and_utc().timestamp();
        self.offsets
            .resolve(secs)
            .checked_mul(NANOS_PER_SEC)
            .and_then(|ns| ns.checked_add(i64::from(local.and_utc().timestamp_subsec_nanos())))
            .filter(|ns| (self.lo..=self.hi).contains(ns))
            .map(DateTime::from_timestamp_nanos)
            .ok_or_else(|| self.out_of_range(Asked::LocalTime(local)))
    }

    /// `Ok` when the calendar [`covers`](Self::covers) `t`; else the
    /// [`CalendarError::OutOfRange`] that any query about `t` would give. Aggregates
    /// call it on the instants a command brings in, so that an instant no deadline
    /// could be computed from is refused before it is recorded.
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] when `t` is outside the compiled range, naming
    /// the calendar and `t`.
    pub fn ensure_covers(&self, t: DateTime<Utc>) -> Result<(), CalendarError> {
        self.nanos(t).map(drop)
    }

    /// Whether the calendar covers `t`: every query about an instant inside
    /// [`coverage`](Self::coverage) is answered, and every query about one outside it
    /// is refused with [`CalendarError::OutOfRange`]. Check it before recording an
    /// instant that deadlines will be computed from.
    #[must_use]
    pub fn covers(&self, t: DateTime<Utc>) -> bool {
        self.nanos(t).is_ok()
    }

    /// The instants the calendar covers, both ends included: from the first local
    /// midnight of its [`range`](Self::range) to the local midnight that ends it, each
    /// resolved in the calendar's zone.
    #[must_use]
    pub fn coverage(&self) -> core::ops::RangeInclusive<DateTime<Utc>> {
        DateTime::from_timestamp_nanos(self.lo)..=DateTime::from_timestamp_nanos(self.hi)
    }

    /// The local day of `t`, refused outside the range.
    fn local_day(&self, t: DateTime<Utc>) -> Result<LocalDay, CalendarError> {
        let local = self.offsets.local(self.nanos(t)?.div_euclid(NANOS_PER_SEC)) - self.local_from;
        Ok(LocalDay {
            day: local.div_euclid(DAY_SECS),
            secs: local.rem_euclid(DAY_SECS),
        })
    }

    /// The index of the first business day on or after local day `day` of the range.
    fn first_business_day(&self, day: i64) -> usize {
        usize::try_from(day)
            .ok()
            .and_then(|day| self.business_day_index.get(day))
            .map_or(self.business_days.len(), |i| *i as usize)
    }

    /// The `n`th business day after local day `at` (for `n = 0`, that day itself or
    /// the next business day).
    fn nth_business_day(
        &self,
        t: DateTime<Utc>,
        at: LocalDay,
        n: u32,
    ) -> Result<BusinessDay, CalendarError> {
        let first = match n {
            0 => self.first_business_day(at.day),
            n => self
                .first_business_day(at.day + 1)
                .saturating_add(n as usize - 1),
        };
        self.business_days
            .get(first)
            .copied()
            .ok_or_else(|| self.beyond(t))
    }

    /// The business days in `[from, until)`, local dates, in order.
    ///
    /// # Example
    /// ```
    /// use casework::calendar::{CalendarSpec, TimeRange};
    /// use chrono::{NaiveDate, Weekday};
    ///
    /// let calendar = CalendarSpec::new("UTC")
    ///     .with_hours(Weekday::Mon, vec![TimeRange::new("09:00", "17:00")])
    ///     .compile()
    ///     .unwrap();
    /// let d = |day| NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
    /// let mondays: Vec<_> = calendar.business_days(d(1), d(30)).collect();
    /// assert_eq!(mondays, [d(2), d(9), d(16), d(23)]);
    /// ```
    pub fn business_days(
        &self,
        from: NaiveDate,
        until: NaiveDate,
    ) -> impl Iterator<Item = NaiveDate> + '_ {
        let first = self.business_days.partition_point(|d| d.date < from);
        self.business_days
            .iter()
            .skip(first)
            .take_while(move |d| d.date < until)
            .map(|d| d.date)
    }

    /// The first local date after `date` that is a business day.
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] when there is none within the compiled range.
    pub fn next_business_day(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let next = date.checked_add_days(Days::new(1)).unwrap_or(date);
        self.business_days(next, self.range.until)
            .next()
            .ok_or_else(|| self.out_of_range(Asked::Date(date)))
    }
}

/// The first index at or after `from` where `before` turns false, searching outward
/// from `from` in doubling steps: O(log distance).
fn gallop(slice: &[i64], from: usize, before: impl Fn(&i64) -> bool) -> usize {
    let from = from.min(slice.len());
    let mut lo = from;
    let mut step = 1usize;
    let mut hi = from;
    while slice.get(hi).is_some_and(&before) {
        lo = hi + 1;
        hi = hi.saturating_add(step).min(slice.len());
        step = step.saturating_mul(2);
    }
    lo + slice
        .get(lo..hi)
        .map_or(0, |window| window.partition_point(&before))
}

/// The first index at or before `from` where `before` turns false, given that it is
/// false from `from` on, searching back from `from` in doubling steps: O(log distance).
fn gallop_back(slice: &[i64], from: usize, before: impl Fn(&i64) -> bool) -> usize {
    let mut hi = from.min(slice.len());
    let mut step = 1usize;
    let mut lo = hi.saturating_sub(step);
    while lo > 0 && !slice.get(lo).is_some_and(&before) {
        hi = lo;
        step = step.saturating_mul(2);
        lo = hi.saturating_sub(step);
    }
    lo + slice
        .get(lo..hi)
        .map_or(0, |window| window.partition_point(&before))
}
