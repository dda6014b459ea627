//! Checking a [`CalendarSpec`] and compiling it into sorted UTC opening intervals
//! with cumulative business-time sums.
//!
//! Every problem is collected with its path; nothing is compiled from a spec that has
//! one. Local wall-clock intervals become UTC intervals through the zone's offset
//! periods, found once per compile (see [`Offsets`]).

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveDateTime, Offset, TimeZone, Weekday};
use chrono_tz::Tz;

use super::holiday::HolidayDates;
use super::query::{BusinessCalendar, BusinessDay, Parts};
use super::spec::{Break, CalendarRange, CalendarSpec, TimeRange};
use super::{CalendarError, DAY_SECS, NANOS_PER_SEC};
use crate::problem::{Problem, too_many};

/// One opening interval of a day, in seconds from that day's local midnight. `close`
/// is above [`DAY_SECS`] for an overnight interval.
#[derive(Debug, Clone, Copy)]
struct DayRange {
    open: i64,
    close: i64,
}

/// A spec whose every value parsed.
struct Checked {
    tz: Tz,
    range: CalendarRange,
    week: [Vec<DayRange>; 7],
    date_hours: BTreeMap<NaiveDate, Vec<DayRange>>,
    /// Each break's index in the spec and its bounds.
    breaks: Vec<(usize, BoundSpec, BoundSpec)>,
}

/// A break bound: an absolute instant, or a local date-time in the calendar's zone.
#[derive(Debug, Clone, Copy)]
enum BoundSpec {
    Absolute(i64),
    Local(i64),
}

impl BoundSpec {
    /// The UTC second the bound stands for: a local date-time is resolved like every
    /// other wall-clock time ([`Offsets::resolve`]).
    fn instant(self, offsets: &Offsets) -> i64 {
        match self {
            BoundSpec::Absolute(t) => t,
            BoundSpec::Local(x) => offsets.resolve(x),
        }
    }
}

const WEEKDAYS: [(Weekday, &str); 7] = [
    (Weekday::Mon, "mon"),
    (Weekday::Tue, "tue"),
    (Weekday::Wed, "wed"),
    (Weekday::Thu, "thu"),
    (Weekday::Fri, "fri"),
    (Weekday::Sat, "sat"),
    (Weekday::Sun, "sun"),
];

impl CalendarSpec {
    /// Checks the spec and compiles it into a [`BusinessCalendar`].
    ///
    /// Compiling costs time and memory in proportion to the range: about 0.1 ms and
    /// 25 KB per year of a five-day week with a lunch break. The limits
    /// ([`MAX_RANGE_YEARS`](Self::MAX_RANGE_YEARS),
    /// [`MAX_INTERVALS_PER_DAY`](Self::MAX_INTERVALS_PER_DAY),
    /// [`MAX_HOLIDAY_RULES`](Self::MAX_HOLIDAY_RULES), [`MAX_BREAKS`](Self::MAX_BREAKS)
    /// and [`MAX_OPENING_INTERVALS`](Self::MAX_OPENING_INTERVALS)) bound the worst
    /// case: any spec within them compiles in well under a second and 200 MB.
    ///
    /// # Errors
    /// [`CalendarError::InvalidSpec`] with **every** problem found, each with its path:
    /// - `time_zone`: not an IANA zone name;
    /// - `hours.mon[0][1]`, `date_hours.2026-12-24[1][0]`: a close (`[1]`) or open
    ///   (`[0]`) that is not `HH:MM` or `HH:MM:SS` from `00:00` to `24:00`, or `24:00`
    ///   as an open;
    /// - `hours.mon[0]`, `date_hours.2026-12-24[1]`: an empty interval, or intervals
    ///   that overlap (including an overnight interval that runs into the next
    ///   weekday's first one);
    /// - `hours.mon`, `date_hours.2026-12-24`: more than
    ///   [`MAX_INTERVALS_PER_DAY`](Self::MAX_INTERVALS_PER_DAY) intervals; a
    ///   `date_hours` date outside the range;
    /// - `holidays[3]`: a month or day that never exists (`13`, `02-30`), `n` outside
    ///   1 to 5, an Easter offset beyond a year, a one-off date outside the range;
    ///   `holidays`: more than [`MAX_HOLIDAY_RULES`](Self::MAX_HOLIDAY_RULES) rules;
    /// - `breaks[0]`: a bound that is not RFC 3339 or a local date-time, an end not
    ///   after its start (compared as instants, whichever way each bound is
    ///   written), or a break wholly outside the range; `breaks`: more than
    ///   [`MAX_BREAKS`](Self::MAX_BREAKS);
    /// - `range`: `from` not before `until`, years outside 1900 to 2200, or longer
    ///   than [`MAX_RANGE_YEARS`](Self::MAX_RANGE_YEARS);
    /// - `hours`: more than [`MAX_OPENING_INTERVALS`](Self::MAX_OPENING_INTERVALS)
    ///   opening intervals in the range;
    /// - the calendar is never open in its range, at the path of the cause: `hours`
    ///   when no date has hours, `holidays` or `date_hours` when they close every
    ///   date that has, `breaks` when the breaks close every opening.
    pub fn compile(&self) -> Result<BusinessCalendar, CalendarError> {
        let checked = self.check()?;
        build(&checked, self).map_err(|problems| CalendarError::InvalidSpec { problems })
    }

    /// An upper bound of the wall-clock intervals compiling resolves: the range's
    /// days times the most intervals a weekday lists, plus every `date_hours`
    /// interval. Compile time grows with it; a policy bounds the sum over its
    /// calendars.
    #[must_use]
    pub fn listed_intervals(&self) -> u64 {
        let range = self.range.unwrap_or(CalendarRange::DEFAULT);
        let days = u64::try_from((range.until - range.from).num_days()).unwrap_or(0);
        let per_day = WEEKDAYS
            .iter()
            .map(|(weekday, _)| self.hours.day(*weekday).len())
            .max()
            .unwrap_or(0);
        let overrides: usize = self.date_hours.values().map(Vec::len).sum();
        days.saturating_mul(per_day as u64)
            .saturating_add(overrides as u64)
    }

    /// Checks the spec without compiling it.
    ///
    /// # Errors
    /// As [`CalendarSpec::compile`], but for the problems that need the compiled
    /// intervals: the never-open check, breaks compared as instants, and the
    /// number of opening intervals.
    pub fn validate(&self) -> Result<(), CalendarError> {
        self.check().map(drop)
    }

    fn check(&self) -> Result<Checked, CalendarError> {
        let mut problems = Vec::new();
        let tz = Tz::from_str(&self.time_zone)
            .map_err(|_| {
                problems.push(Problem::new(
                    "time_zone",
                    format!("{:?} is not an IANA time zone name", self.time_zone),
                ));
            })
            .ok();

        let mut week: [Vec<DayRange>; 7] = Default::default();
        for ((weekday, name), slot) in WEEKDAYS.iter().zip(week.iter_mut()) {
            *slot = check_ranges(
                self.hours.day(*weekday),
                &format!("hours.{name}"),
                &mut problems,
            );
        }
        check_overnight_into_next_weekday(&week, &mut problems);

        let mut date_hours = BTreeMap::new();
        for (date, ranges) in &self.date_hours {
            let parsed = check_ranges(ranges, &format!("date_hours.{date}"), &mut problems);
            date_hours.insert(*date, parsed);
        }

        for (i, holiday) in self.holidays.iter().enumerate() {
            if let Err(message) = super::holiday::check(holiday) {
                problems.push(Problem::new(format!("holidays[{i}]"), message));
            }
        }

        too_many(
            &mut problems,
            "holidays",
            self.holidays.len(),
            Self::MAX_HOLIDAY_RULES,
        );
        too_many(&mut problems, "breaks", self.breaks.len(), Self::MAX_BREAKS);

        let mut breaks = Vec::new();
        for (i, closed) in self.breaks.iter().enumerate() {
            if let Some((start, end)) = check_break(closed, &format!("breaks[{i}]"), &mut problems)
            {
                breaks.push((i, start, end));
            }
        }

        let range = self.range.unwrap_or(CalendarRange::DEFAULT);
        if range.from >= range.until {
            problems.push(Problem::new(
                "range",
                format!("from {} is not before until {}", range.from, range.until),
            ));
        } else if range
            .from
            .checked_add_months(Months::new(12 * Self::MAX_RANGE_YEARS))
            .is_some_and(|limit| range.until > limit)
        {
            problems.push(Problem::new(
                "range",
                format!(
                    "{} to {} is longer than {} years",
                    range.from,
                    range.until,
                    Self::MAX_RANGE_YEARS
                ),
            ));
        }
        let in_range = |date: &NaiveDate| (range.from..range.until).contains(date);
        for date in self.date_hours.keys().filter(|d| !in_range(d)) {
            problems.push(Problem::new(
                format!("date_hours.{date}"),
                format!(
                    "{date} is outside the range {} to {}",
                    range.from, range.until
                ),
            ));
        }
        for (i, holiday) in self.holidays.iter().enumerate() {
            if let super::spec::Holiday::Date { date, .. } = holiday {
                if !in_range(date) {
                    problems.push(Problem::new(
                        format!("holidays[{i}]"),
                        format!(
                            "{date} is outside the range {} to {}",
                            range.from, range.until
                        ),
                    ));
                }
            }
        }
        for (name, date) in [("from", range.from), ("until", range.until)] {
            if !(1900..=2200).contains(&date.year()) {
                problems.push(Problem::new(
                    format!("range.{name}"),
                    format!("{date} is outside the years 1900 to 2200"),
                ));
            }
        }

        match tz {
            Some(tz) if problems.is_empty() => Ok(Checked {
                tz,
                range,
                week,
                date_hours,
                breaks,
            }),
            _ => Err(CalendarError::InvalidSpec { problems }),
        }
    }
}

/// Parses `HH:MM` or `HH:MM:SS` into seconds from midnight, 0 to 86 400 (`24:00`).
pub(crate) fn parse_time_of_day(s: &str) -> Option<i64> {
    let mut parts = s.split(':');
    let field = |p: Option<&str>| -> Option<i64> {
        let p = p?;
        if p.len() != 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        p.parse().ok()
    };
    let h = field(parts.next())?;
    let m = field(parts.next())?;
    let sec = match parts.next() {
        None => 0,
        some => field(some)?,
    };
    if parts.next().is_some() || m > 59 || sec > 59 {
        return None;
    }
    match h {
        0..=23 => Some(h * 3600 + m * 60 + sec),
        24 if m == 0 && sec == 0 => Some(DAY_SECS),
        _ => None,
    }
}

const TIME_HINT: &str = "is not a time of day (HH:MM or HH:MM:SS, 00:00 to 24:00)";

fn check_ranges(ranges: &[TimeRange], path: &str, problems: &mut Vec<Problem>) -> Vec<DayRange> {
    if too_many(
        problems,
        path,
        ranges.len(),
        CalendarSpec::MAX_INTERVALS_PER_DAY,
    ) {
        return Vec::new();
    }
    let mut parsed: Vec<(usize, DayRange)> = Vec::new();
    for (i, TimeRange(open, close)) in ranges.iter().enumerate() {
        let at = format!("{path}[{i}]");
        let open_secs = parse_time_of_day(open);
        let close_secs = parse_time_of_day(close);
        if open_secs.is_none() {
            problems.push(Problem::new(
                format!("{at}[0]"),
                format!("open {open:?} {TIME_HINT}"),
            ));
        }
        if close_secs.is_none() {
            problems.push(Problem::new(
                format!("{at}[1]"),
                format!("close {close:?} {TIME_HINT}"),
            ));
        }
        let (Some(o), Some(c)) = (open_secs, close_secs) else {
            continue;
        };
        if o == DAY_SECS {
            problems.push(Problem::new(
                format!("{at}[0]"),
                "24:00 is allowed as a close only",
            ));
        } else if o == c {
            problems.push(Problem::new(
                &at,
                format!("[{open:?}, {close:?}] is empty: open and close are the same time"),
            ));
        } else {
            let close = if c < o { c + DAY_SECS } else { c };
            parsed.push((i, DayRange { open: o, close }));
        }
    }
    parsed.sort_by_key(|(_, r)| r.open);
    for pair in parsed.windows(2) {
        if let [(i, a), (j, b)] = pair {
            if b.open < a.close {
                problems.push(Problem::new(
                    format!("{path}[{j}]"),
                    format!("overlaps {path}[{i}]"),
                ));
            }
        }
    }
    parsed.into_iter().map(|(_, r)| r).collect()
}

/// An overnight interval must end before the next weekday's hours begin.
fn check_overnight_into_next_weekday(week: &[Vec<DayRange>; 7], problems: &mut Vec<Problem>) {
    for (day, (_, name)) in WEEKDAYS.iter().enumerate() {
        let next = (day + 1) % 7;
        let (Some(ranges), Some(next_ranges), Some((_, next_name))) =
            (week.get(day), week.get(next), WEEKDAYS.get(next))
        else {
            continue;
        };
        let Some(tail_end) = ranges.iter().map(|r| r.close - DAY_SECS).max() else {
            continue;
        };
        if let Some(first) = next_ranges.iter().map(|r| r.open).min() {
            if tail_end > first {
                problems.push(Problem::new(
                    format!("hours.{name}"),
                    format!("an overnight interval runs into {next_name} and overlaps its hours"),
                ));
            }
        }
    }
}

fn check_break(
    closed: &Break,
    path: &str,
    problems: &mut Vec<Problem>,
) -> Option<(BoundSpec, BoundSpec)> {
    let parse = |s: &str, which: &str, problems: &mut Vec<Problem>| {
        let bound = parse_bound(s);
        if bound.is_none() {
            problems.push(Problem::new(
                path,
                format!(
                    "{which} {s:?} is neither RFC 3339 nor a local date-time (YYYY-MM-DDTHH:MM[:SS])"
                ),
            ));
        }
        bound
    };
    let start = parse(&closed.start, "start", problems);
    let end = parse(&closed.end, "end", problems);
    let (start, end) = (start?, end?);
    let comparable = match (start, end) {
        (BoundSpec::Absolute(a), BoundSpec::Absolute(b))
        | (BoundSpec::Local(a), BoundSpec::Local(b)) => Some(b > a),
        _ => None,
    };
    if comparable == Some(false) {
        problems.push(Problem::new(path, "end is not after start"));
        return None;
    }
    Some((start, end))
}

fn parse_bound(s: &str) -> Option<BoundSpec> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(BoundSpec::Absolute(t.timestamp()));
    }
    ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .map(|t| BoundSpec::Local(t.and_utc().timestamp()))
}

/// The zone's UTC offset over the compiled window, as periods of constant offset.
///
/// chrono-tz does not expose its transition table, so the periods are found by
/// probing the offset every six hours and bisecting to the second where it changes.
/// No zone changes its offset twice within six hours.
#[derive(Debug, Clone)]
pub(crate) struct Offsets {
    /// `(first UTC second of the period, offset in seconds)`, sorted; the first period
    /// starts at `i64::MIN`.
    periods: Vec<(i64, i64)>,
}

const PROBE_STEP: i64 = 6 * 3600;

/// No zone's offset is more than 26 hours from UTC.
const MAX_OFFSET: i64 = 26 * 3600;

impl Offsets {
    pub(crate) fn new(tz: Tz, lo: i64, hi: i64) -> Self {
        let offset_at = |t: i64| -> i64 {
            DateTime::from_timestamp(t, 0).map_or(0, |utc| {
                i64::from(
                    tz.offset_from_utc_datetime(&utc.naive_utc())
                        .fix()
                        .local_minus_utc(),
                )
            })
        };
        let mut periods = vec![(i64::MIN, offset_at(lo))];
        let mut t = lo;
        let mut current = offset_at(lo);
        while t < hi {
            let next = t + PROBE_STEP;
            let offset = offset_at(next);
            if offset != current {
                // The change lies in (t, next]: bisect to its first second.
                let (mut before, mut after) = (t, next);
                while after - before > 1 {
                    let mid = before + (after - before) / 2;
                    if offset_at(mid) == current {
                        before = mid;
                    } else {
                        after = mid;
                    }
                }
                periods.push((after, offset));
                current = offset;
            }
            t = next;
        }
        Self { periods }
    }

    /// The local reading, in seconds from the local epoch, of UTC second `t`.
    pub(crate) fn local(&self, t: i64) -> i64 {
        let k = self.periods.partition_point(|(start, _)| *start <= t);
        let offset = k
            .checked_sub(1)
            .and_then(|k| self.periods.get(k))
            .map_or(0, |(_, offset)| *offset);
        t + offset
    }

    /// The one instant (UTC seconds) that the local reading `local` stands for, by the
    /// "compatible" rule of RFC 9557 and Temporal:
    /// - a reading that occurs once: that instant;
    /// - a reading that occurs twice (a backward jump): the earlier instant;
    /// - a reading skipped by a forward jump: read with the offset in force before the
    ///   jump, which lands it later by the gap's length.
    ///
    /// Periods are tried in order; the first that ends after `local - offset` decides.
    /// If the reading falls before that period's start, the reading lies in the gap
    /// that opens the period, and the previous period's offset reads it.
    pub(crate) fn resolve(&self, local: i64) -> i64 {
        let first = self
            .periods
            .partition_point(|(start, _)| *start <= local - MAX_OFFSET)
            .saturating_sub(1);
        let mut before_jump = None;
        for (k, &(start, offset)) in self.periods.iter().enumerate().skip(first) {
            let end = self.periods.get(k + 1).map_or(i64::MAX, |(next, _)| *next);
            let t = local - offset;
            if t < end {
                return match before_jump {
                    Some(earlier) if t < start => local - earlier,
                    _ => t,
                };
            }
            before_jump = Some(offset);
        }
        local
    }
}

pub(crate) fn local_secs(date: NaiveDate) -> i64 {
    date.and_time(chrono::NaiveTime::MIN).and_utc().timestamp()
}

fn build(spec: &Checked, written: &CalendarSpec) -> Result<BusinessCalendar, Vec<Problem>> {
    let from = spec.range.from;
    let until = spec.range.until;
    let local_lo = local_secs(from);
    let local_hi = local_secs(until);
    let offsets = Offsets::new(spec.tz, local_lo - 2 * DAY_SECS, local_hi + 2 * DAY_SECS);
    let lo = offsets.resolve(local_lo);
    let hi = offsets.resolve(local_hi);

    let first_day = from.pred_opt().unwrap_or(from);
    let holiday_dates = HolidayDates::new(
        &written.holidays,
        first_day,
        until.succ_opt().unwrap_or(until),
    );

    // Merged as they are made, so that memory follows the merged result.
    let mut intervals = Intervals::default();
    let mut business_days = Vec::new();
    // From the day before the range (its overnight hours reach in) to the day after
    // it (to know whether the calendar is open at the range's last instant).
    let mut date = first_day;
    while date <= until {
        let ranges: &[DayRange] = match spec.date_hours.get(&date) {
            Some(ranges) => ranges,
            None if holiday_dates.contains(date) => &[],
            None => spec
                .week
                .get(date.weekday().num_days_from_monday() as usize)
                .map_or(&[], Vec::as_slice),
        };
        let midnight = local_secs(date);
        let mut last_close = None;
        for r in ranges {
            let open = offsets.resolve(midnight + r.open);
            let close = offsets.resolve(midnight + r.close);
            if open < close {
                intervals.push(open, close);
                last_close = last_close.max(Some(close));
            }
        }
        if intervals.len() > CalendarSpec::MAX_OPENING_INTERVALS {
            return Err(vec![Problem::new(
                "hours",
                format!(
                    "more than {} opening intervals in the range {from} to {until}: \
                     shorten the range or join intervals",
                    CalendarSpec::MAX_OPENING_INTERVALS
                ),
            )]);
        }
        if date >= from && date < until {
            if let Some(close) = last_close {
                business_days.push(BusinessDay {
                    date,
                    midnight,
                    close,
                });
            }
        }
        let Some(next) = date.succ_opt() else { break };
        date = next;
    }

    let mut problems = Vec::new();
    let mut closed = Intervals::default();
    for (i, start, end) in &spec.breaks {
        let (a, b) = (start.instant(&offsets), end.instant(&offsets));
        let path = format!("breaks[{i}]");
        if a >= b {
            problems.push(Problem::new(
                path,
                "end is not after start, as instants in the calendar's zone",
            ));
        } else if b <= lo || a >= hi {
            problems.push(Problem::new(
                path,
                format!("lies wholly outside the range {from} to {until}"),
            ));
        } else {
            closed.push(a, b);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let hours = intervals.into_vec();
    let open = subtract(&hours, &closed.into_vec());
    // Whether the hours go on past the end of the range, so that the calendar is open
    // at its last instant.
    let open_at_end = open.iter().any(|(a, b)| *a <= hi && hi < *b);
    let clipped: Vec<(i64, i64)> = open
        .into_iter()
        .filter_map(|(a, b)| {
            let (a, b) = (a.max(lo), b.min(hi));
            (a < b).then_some((a, b))
        })
        .collect();
    if clipped.is_empty() {
        let opened = hours.iter().any(|(a, b)| *a < hi && lo < *b);
        return Err(vec![never_open(written, opened)]);
    }

    Ok(BusinessCalendar::from_parts(Parts {
        tz: spec.tz,
        range: spec.range,
        lo: lo * NANOS_PER_SEC,
        hi: hi * NANOS_PER_SEC,
        intervals: clipped,
        open_at_end,
        business_days,
        offsets,
    }))
}

/// Why a calendar is never open in its range, at the path of the cause. `opened`
/// tells whether its hours opened anything before the breaks were taken out.
fn never_open(spec: &CalendarSpec, opened: bool) -> Problem {
    let has_weekly_hours = WEEKDAYS
        .iter()
        .any(|(weekday, _)| !spec.hours.day(*weekday).is_empty());
    let (path, cause) = if opened {
        ("breaks", "the breaks close every opening")
    } else if has_weekly_hours && !spec.holidays.is_empty() {
        (
            "holidays",
            "the holidays (and any date_hours) close every date that has hours",
        )
    } else if (has_weekly_hours && !spec.date_hours.is_empty())
        || spec.date_hours.values().any(|r| !r.is_empty())
    {
        (
            "date_hours",
            "the date_hours entries close every date that has hours, or its hours resolve empty in a DST gap",
        )
    } else if has_weekly_hours {
        (
            "hours",
            "no date of the range falls on a weekday with hours, or their hours resolve empty in a DST gap",
        )
    } else {
        (
            "hours",
            "no weekday has hours and no date_hours entry opens a date",
        )
    };
    Problem::new(
        path,
        format!("the calendar is never open in its range: {cause}"),
    )
}

/// Sorted, disjoint opening intervals, merged as they are pushed. Intervals come
/// almost in order (a date's own, then the next date's); one that starts before the
/// last is placed by a short search back from the end.
#[derive(Default)]
struct Intervals(Vec<(i64, i64)>);

impl Intervals {
    fn len(&self) -> usize {
        self.0.len()
    }

    /// Adds `[a, b)`, joining it with every interval it overlaps or touches.
    fn push(&mut self, a: i64, b: i64) {
        let list = &mut self.0;
        // The first interval that ends at or after `a`: everything before it stays.
        let mut at = list.len();
        while at > 0 && list.get(at - 1).is_some_and(|last| last.1 >= a) {
            at -= 1;
        }
        // Everything from `at` that starts at or before `b` joins the new interval.
        let mut joined = (a, b);
        let mut end = at;
        while let Some(&(x, y)) = list.get(end) {
            if x > joined.1 {
                break;
            }
            joined = (joined.0.min(x), joined.1.max(y));
            end += 1;
        }
        list.splice(at..end, [joined]);
    }

    fn into_vec(self) -> Vec<(i64, i64)> {
        self.0
    }
}

/// `open` minus `closed`, both sorted and merged.
fn subtract(open: &[(i64, i64)], closed: &[(i64, i64)]) -> Vec<(i64, i64)> {
    if closed.is_empty() {
        return open.to_vec();
    }
    let mut out = Vec::with_capacity(open.len());
    let mut k = 0;
    for &(mut a, b) in open {
        while closed.get(k).is_some_and(|c| c.1 <= a) {
            k += 1;
        }
        let mut j = k;
        while let Some(&(ca, cb)) = closed.get(j) {
            if ca >= b {
                break;
            }
            if ca > a {
                out.push((a, ca));
            }
            a = a.max(cb);
            j += 1;
        }
        if a < b {
            out.push((a, b));
        }
    }
    out
}
