//! Fuzz check `calendar`: a calendar spec built from the input's bytes (a
//! zone, weekly hours on a one-minute grid, holidays of every rule, per-date
//! hours and breaks), compiled, then asked the queries the rest of the input
//! names. Compiling may refuse, never panic. Every answer is checked against
//! the calendar's own algebra (`between` additive and never more than
//! wall-clock time, `add` and `sub` exact and earliest, `next_open` open) and,
//! over spans of at most a day, against the naive minute-by-minute model of
//! `tests/calendar/model.rs`.

use casework::calendar::{
    Break, BusinessCalendar, CalendarRange, CalendarSpec, Holiday, Observed, TimeRange,
};
use chrono::{DateTime, Days, NaiveDate, TimeDelta, TimeZone, Utc, Weekday};

use super::calendar_model::{Model, resolve};
use super::input::Input;

/// The zones a spec is written in: no DST, northern and southern DST, a
/// midnight switch, half-hour switches and a 02:45 switch.
const ZONES: &[&str] = &[
    "UTC",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "America/St_Johns",
    "Pacific/Chatham",
    "Asia/Kathmandu",
];

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// The most queries one input asks.
const MAX_QUERIES: usize = 24;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

/// The start of 2026, UTC.
fn start_2026() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
}

fn hh_mm(minute: i64) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// One day's hours: up to three intervals on a one-minute grid, overnight ones
/// included, a close of `24:00` sometimes.
fn day_hours(input: &mut Input<'_>) -> Vec<TimeRange> {
    let n = input.choose(4);
    (0..n)
        .map(|_| {
            let open = input.in_range(0, 1439);
            let close = match input.choose(4) {
                0 => 1440,
                1 => input.in_range(0, 1439),
                _ => (open + input.in_range(1, 720)).min(1440),
            };
            TimeRange::new(hh_mm(open), hh_mm(close))
        })
        .collect()
}

fn holiday(input: &mut Input<'_>) -> Holiday {
    let weekday = *input.pick(&WEEKDAYS);
    let month = u32::try_from(input.in_range(0, 13)).unwrap_or(1);
    let observed = *input.pick(&[
        Observed::OnTheDay,
        Observed::NearestWeekday,
        Observed::FollowingMonday,
    ]);
    match input.choose(5) {
        0 => Holiday::Date {
            date: date(2026, 1, 1) + Days::new(input.in_range(0, 364) as u64),
            name: None,
        },
        1 => Holiday::Fixed {
            month,
            day: u32::try_from(input.in_range(0, 32)).unwrap_or(1),
            observed,
            name: None,
        },
        2 => Holiday::NthWeekday {
            month,
            weekday,
            n: u8::try_from(input.in_range(0, 6)).unwrap_or(1),
            name: None,
        },
        3 => Holiday::LastWeekday {
            month,
            weekday,
            name: None,
        },
        _ => Holiday::Easter {
            offset: i32::try_from(input.in_range(-400, 400)).unwrap_or(0),
            name: None,
        },
    }
}

/// A spec over 2026, which the model knows.
fn spec(input: &mut Input<'_>) -> CalendarSpec {
    let zone = *input.pick(ZONES);
    let mut spec = CalendarSpec::new(zone).with_range(CalendarRange {
        from: date(2026, 1, 1),
        until: date(2027, 1, 1),
    });
    for day in WEEKDAYS {
        spec = spec.with_hours(day, day_hours(input));
    }
    for _ in 0..input.choose(4) {
        spec = spec.with_holiday(holiday(input));
    }
    for _ in 0..input.choose(3) {
        let day = date(2026, 1, 1) + Days::new(input.in_range(0, 364) as u64);
        spec = spec.with_date_hours(day, day_hours(input));
    }
    for _ in 0..input.choose(3) {
        let start = start_2026() + TimeDelta::minutes(input.in_range(0, 365 * 1440));
        let end = start + TimeDelta::minutes(input.in_range(-10, 3000));
        spec = spec.with_break(Break::new(start.to_rfc3339(), end.to_rfc3339()));
    }
    spec
}

/// An instant: mostly on the minute in 2026 (what the model can check), with
/// nanoseconds sometimes, and sometimes anywhere chrono can hold.
fn instant(input: &mut Input<'_>) -> (DateTime<Utc>, bool) {
    match input.choose(8) {
        0 => {
            let secs = input.i64();
            let t = DateTime::from_timestamp(secs % 8_000_000_000_000, input.u32() % 1_000_000_000);
            (t.unwrap_or_else(start_2026), false)
        }
        1 => {
            let t = start_2026()
                + TimeDelta::minutes(input.in_range(-2 * 1440, 367 * 1440))
                + TimeDelta::nanoseconds(input.in_range(0, 999_999_999));
            (t, false)
        }
        _ => (
            start_2026() + TimeDelta::minutes(input.in_range(2 * 1440, 362 * 1440)),
            true,
        ),
    }
}

fn duration(input: &mut Input<'_>) -> TimeDelta {
    match input.choose(4) {
        0 => TimeDelta::nanoseconds(input.in_range(-1_000_000_000, 1_000_000_000)),
        1 => TimeDelta::seconds(input.in_range(-400 * 86_400, 400 * 86_400)),
        2 => TimeDelta::nanoseconds(input.i64()),
        _ => TimeDelta::minutes(input.in_range(0, 14 * 1440)),
    }
}

/// Runs one input.
pub fn check(data: &[u8]) {
    let mut input = Input::new(data);
    let spec = spec(&mut input);
    let Ok(cal) = spec.compile() else {
        return;
    };
    let model = Model::new(&spec);
    let tz: chrono_tz::Tz = spec.time_zone.parse().expect("a zone of the list");
    let mut model_minutes = 0i64;
    for _ in 0..MAX_QUERIES {
        if input.is_empty() {
            break;
        }
        let (t, on_minute) = instant(&mut input);
        query(
            &cal,
            &model,
            tz,
            &mut input,
            t,
            on_minute,
            &mut model_minutes,
        );
    }
}

/// One query about `t`; `on_minute` when `t` is a minute of 2026 the model
/// answers for. The model is asked about at most a day of minutes per input.
fn query(
    cal: &BusinessCalendar,
    model: &Model<'_>,
    tz: chrono_tz::Tz,
    input: &mut Input<'_>,
    t: DateTime<Utc>,
    on_minute: bool,
    model_minutes: &mut i64,
) {
    let covered = cal.covers(t);
    match input.choose(9) {
        0 => {
            let open = cal.is_open(t);
            assert_eq!(open.is_ok(), covered, "is_open({t}) and covers disagree");
            if on_minute {
                assert_eq!(open.ok(), Some(model.is_open(t)), "is_open({t})");
            }
        }
        1 => {
            let minutes = input.in_range(0, 1440);
            let b = t + TimeDelta::minutes(minutes);
            let between = cal.between(t, b);
            if let (Ok(ab), Ok(ba)) = (&between, cal.between(b, t)) {
                assert_eq!(*ab, -ba, "between({t}, {b}) is not antisymmetric");
                assert!(
                    *ab >= TimeDelta::zero() && *ab <= b - t,
                    "between({t}, {b}) = {ab}"
                );
                let (oa, ob) = (cal.offset(t).unwrap(), cal.offset(b).unwrap());
                assert_eq!(
                    ob - oa,
                    *ab,
                    "between({t}, {b}) is not the offsets' difference"
                );
            }
            if on_minute && *model_minutes + minutes <= 1440 {
                *model_minutes += minutes;
                assert_eq!(between.ok(), Some(model.between(t, b)), "between({t}, {b})");
            }
        }
        2 => {
            let d = duration(input);
            match cal.add(t, d) {
                Ok(end) if d >= TimeDelta::zero() => {
                    assert!(end >= t);
                    assert_eq!(cal.between(t, end).unwrap(), d, "add({t}, {d}) = {end}");
                    if end > t {
                        let before = end - TimeDelta::nanoseconds(1);
                        let short = cal.between(t, before).unwrap();
                        assert!(short < d, "add({t}, {d}) is not the earliest");
                    }
                }
                Ok(start) => {
                    assert!(start <= t);
                    assert_eq!(
                        cal.between(start, t).unwrap(),
                        -d,
                        "add({t}, {d}) = {start}"
                    );
                }
                Err(_) => {}
            }
        }
        3 => {
            let d = duration(input).abs();
            if let Ok(start) = cal.sub(t, d) {
                assert!(start <= t);
                assert_eq!(cal.between(start, t).unwrap(), d, "sub({t}, {d}) = {start}");
                if start < t {
                    let after = start + TimeDelta::nanoseconds(1);
                    assert!(
                        cal.between(after, t).unwrap() < d,
                        "sub({t}, {d}) is not the latest"
                    );
                }
                assert_eq!(
                    cal.add(t, -d).ok(),
                    Some(start),
                    "add({t}, -{d}) is not sub"
                );
            }
        }
        4 => {
            if let Ok(open) = cal.next_open(t) {
                assert!(open >= t);
                assert!(
                    cal.is_open(open).unwrap(),
                    "next_open({t}) = {open} is closed"
                );
                assert_eq!(cal.between(t, open).unwrap(), TimeDelta::zero());
                if let Ok(close) = cal.next_close(open) {
                    assert!(close > open, "next_close({open}) = {close}");
                    assert!(
                        !cal.is_open(close).unwrap(),
                        "next_close({open}) = {close} is open"
                    );
                    assert_eq!(cal.between(open, close).unwrap(), close - open);
                }
            } else {
                assert!(
                    !covered || !cal.is_open(t).unwrap(),
                    "next_open({t}) refused, open"
                );
            }
        }
        5 => {
            let n = u32::try_from(input.in_range(0, 400)).unwrap_or(0);
            let due = cal.business_days_after(t, n);
            let later = cal.business_days_later(t, n);
            if !covered {
                assert!(
                    due.is_err() && later.is_err(),
                    "n business days after {t}, outside"
                );
            }
            if let Ok(due) = due {
                assert!(n == 0 || due > t, "{n} business days after {t} is {due}");
                assert!(cal.covers(due));
            }
            if let Ok(later) = later {
                assert!(cal.covers(later));
            }
        }
        6 => {
            let day = t.with_timezone(&tz).date_naive();
            let business = cal.is_business_day(day);
            let in_range = day >= date(2026, 1, 1) && day < date(2027, 1, 1);
            assert_eq!(business.is_ok(), in_range, "is_business_day({day})");
            if on_minute {
                assert_eq!(
                    business.ok(),
                    Some(model.is_business_day(day)),
                    "is_business_day({day})"
                );
            }
            if let Ok(next) = cal.next_business_day(day) {
                assert!(next > day && cal.is_business_day(next).unwrap());
            }
            let listed: Vec<NaiveDate> = cal.business_days(day, day + Days::new(10)).collect();
            for d in &listed {
                assert!(
                    cal.is_business_day(*d).unwrap(),
                    "{d} listed, not a business day"
                );
            }
        }
        7 => {
            let local = t.with_timezone(&Utc).naive_utc();
            let resolved = cal.resolve(local);
            if on_minute {
                let expected = resolve(tz, local);
                if cal.covers(expected) {
                    assert_eq!(resolved.ok(), Some(expected), "resolve({local})");
                }
            }
        }
        _ => {
            let (b, _) = instant(input);
            let (c, _) = instant(input);
            if let (Ok(ab), Ok(bc), Ok(ac)) =
                (cal.between(t, b), cal.between(b, c), cal.between(t, c))
            {
                assert_eq!(ab + bc, ac, "between({t}, {b}) + between({b}, {c})");
                assert!(ab.abs() <= (b - t).abs());
            }
        }
    }
}
