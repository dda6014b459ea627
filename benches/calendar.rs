//! Business-calendar queries and compilation on the `berlin-office` calendar
//! (Mon–Fri 09:00–12:00 and 13:00–17:00, Europe/Berlin, German national holidays,
//! half days on Dec 24 and 31).
//!
//! Each query bench cycles through 1,024 instants spread over ten years, so that a
//! figure is the cost of one query on varied input, not of one cached answer.
#![allow(missing_docs, unreachable_pub, clippy::unwrap_used, clippy::indexing_slicing)]

use std::hint::black_box;

use casework::calendar::{
    Break, BusinessCalendar, CalendarRange, CalendarSpec, Holiday, Observed, TimeRange,
};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

#[path = "../tests/calendar/fixtures.rs"]
#[allow(dead_code)]
mod fixtures;

fn ten_years() -> CalendarRange {
    CalendarRange {
        from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        until: NaiveDate::from_ymd_opt(2036, 1, 1).unwrap(),
    }
}

/// 1,024 instants spread over 2026–2035 by a fixed linear congruential sequence.
fn instants() -> Vec<DateTime<Utc>> {
    let start = DateTime::parse_from_rfc3339("2026-01-02T00:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let span = 9 * 365 * 86_400_i64;
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    (0..1024)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            start + TimeDelta::seconds((x >> 11) as i64 % span)
        })
        .collect()
}

fn with_holidays(count: usize) -> BusinessCalendar {
    let mut spec = fixtures::berlin_office_spec_over(ten_years());
    let first = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    for k in 0..count {
        let date = first + TimeDelta::days((k as i64 * 3_653) / count as i64);
        spec = spec.with_holiday(Holiday::Date { date, name: None });
    }
    spec.compile().unwrap()
}

fn queries(c: &mut Criterion) {
    let cal = fixtures::berlin_office_spec_over(ten_years())
        .compile()
        .unwrap();
    let ts = instants();
    let mut g = c.benchmark_group("calendar");
    let mut i = 0usize;
    let mut next = || {
        i = (i + 1) & 1023;
        ts[i]
    };
    g.bench_function("is_open", |b| b.iter(|| cal.is_open(black_box(next()))));
    g.bench_function("next_open", |b| b.iter(|| cal.next_open(black_box(next()))));
    g.bench_function("add/4h", |b| {
        b.iter(|| cal.add(black_box(next()), TimeDelta::hours(4)))
    });
    g.bench_function("add/3d", |b| {
        b.iter(|| cal.add(black_box(next()), TimeDelta::hours(72)))
    });
    g.bench_function("next_close", |b| {
        b.iter(|| cal.next_close(black_box(next())))
    });
    g.bench_function("sub/4h", |b| {
        b.iter(|| cal.sub(black_box(next()), TimeDelta::hours(4)))
    });
    g.bench_function("sub/3d", |b| {
        b.iter(|| cal.sub(black_box(next()), TimeDelta::hours(72)))
    });
    g.bench_function("between/1d", |b| {
        b.iter(|| {
            let t = next();
            cal.between(black_box(t), black_box(t + TimeDelta::days(1)))
        })
    });
    let start = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    g.bench_function("between/10y", |b| {
        b.iter(|| {
            let t = next();
            let (a, z) = if t.timestamp() % 2 == 0 {
                (start, t)
            } else {
                (t, start + TimeDelta::days(3_650))
            };
            cal.between(black_box(a), black_box(z))
        })
    });
    g.bench_function("business_days_after/2", |b| {
        b.iter(|| cal.business_days_after(black_box(next()), 2))
    });
    g.bench_function("business_days_later/2", |b| {
        b.iter(|| cal.business_days_later(black_box(next()), 2))
    });
    g.bench_function("is_business_day", |b| {
        b.iter(|| cal.is_business_day(black_box(next()).date_naive()))
    });
    g.bench_function("resolve", |b| {
        b.iter(|| cal.resolve(black_box(next()).naive_utc()))
    });
    g.finish();

    let mut g = c.benchmark_group("calendar/holidays");
    for count in [10, 990] {
        let cal = with_holidays(count);
        g.bench_with_input(BenchmarkId::new("between/1d", count), &cal, |b, cal| {
            b.iter(|| {
                let t = next();
                cal.between(black_box(t), black_box(t + TimeDelta::days(1)))
            })
        });
        g.bench_with_input(BenchmarkId::new("add/4h", count), &cal, |b, cal| {
            b.iter(|| cal.add(black_box(next()), TimeDelta::hours(4)))
        });
    }
    g.finish();
}

fn compile(c: &mut Criterion) {
    let spec: CalendarSpec = fixtures::berlin_office_spec_over(ten_years());
    c.bench_function("calendar/compile/10y", |b| {
        b.iter(|| black_box(&spec).compile())
    });
    let century = fixtures::berlin_office_spec();
    c.bench_function("calendar/compile/100y", |b| {
        b.iter(|| black_box(&century).compile())
    });
    let mut g = c.benchmark_group("calendar/compile/limits");
    g.sample_size(10);
    let largest = largest_spec();
    assert!(largest.compile().unwrap().interval_count() > 900_000);
    g.bench_function("largest", |b| b.iter(|| black_box(&largest).compile()));
    let touching = touching_spec();
    assert_eq!(touching.compile().unwrap().interval_count(), 1);
    g.bench_function("touching", |b| b.iter(|| black_box(&touching).compile()));
    let policy = policy_at_the_limits();
    policy.compile().unwrap();
    g.bench_function("policy", |b| b.iter(|| black_box(&policy).compile()));
    g.finish();
}

/// A policy at its limits: 32 calendars of 200 years, one of them the touching
/// spec, one the largest, and 29 open on Mondays with 1,000 holiday rules and
/// 10,000 breaks each.
fn policy_at_the_limits() -> casework::PolicySpec {
    let mut policy = casework::PolicySpec::sop_default();
    let largest = largest_spec();
    let mut weekly = CalendarSpec::new("America/New_York")
        .with_range(limits_range())
        .with_hours(chrono::Weekday::Mon, vec![TimeRange::new("09:00", "17:00")]);
    weekly.holidays.clone_from(&largest.holidays);
    weekly.breaks.clone_from(&largest.breaks);
    policy.calendars.insert("touching".into(), touching_spec());
    policy.calendars.insert("largest".into(), largest);
    for k in 0..29 {
        policy
            .calendars
            .insert(format!("weekly-{k}"), weekly.clone());
    }
    policy
}

fn hms(s: u32) -> String {
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

fn limits_range() -> CalendarRange {
    CalendarRange {
        from: NaiveDate::from_ymd_opt(1950, 1, 1).unwrap(),
        until: NaiveDate::from_ymd_opt(2150, 1, 1).unwrap(),
    }
}

/// The largest spec within the limits: 200 years in a DST zone, 15 intervals every
/// day (just under the cap of a million compiled intervals), 1,000 holiday rules
/// (closing 60 dates a year) and 10,000 breaks.
pub fn largest_spec() -> CalendarSpec {
    let day: Vec<TimeRange> = (0..15)
        .map(|k| TimeRange::new(hms(k * 5_700), hms(k * 5_700 + 3_600)))
        .collect();
    let mut spec = CalendarSpec::new("Europe/Berlin")
        .with_range(limits_range())
        .with_daily_hours(day);
    for k in 0..u32::try_from(CalendarSpec::MAX_HOLIDAY_RULES).unwrap() {
        spec = spec.with_holiday(Holiday::Fixed {
            month: k % 12 + 1,
            day: k / 12 % 5 + 1,
            observed: Observed::FollowingMonday,
            name: None,
        });
    }
    let start = DateTime::parse_from_rfc3339("1950-01-02T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    for k in 0..CalendarSpec::MAX_BREAKS {
        let at = start + TimeDelta::hours(i64::try_from(k).unwrap() * 175);
        let end = at + TimeDelta::minutes(30);
        spec = spec.with_break(Break::new(at.to_rfc3339(), end.to_rfc3339()));
    }
    spec
}

/// The most intervals a day can list, each touching the next, every day for 200
/// years: they join into one a day.
pub fn touching_spec() -> CalendarSpec {
    let per_day = u32::try_from(CalendarSpec::MAX_INTERVALS_PER_DAY).unwrap();
    let day: Vec<TimeRange> = (0..per_day)
        .map(|k| TimeRange::new(hms(k * 900), hms((k + 1) * 900 % 86_400)))
        .collect();
    CalendarSpec::new("Europe/Berlin")
        .with_range(limits_range())
        .with_daily_hours(day)
}

criterion_group!(benches, queries, compile);
criterion_main!(benches);
