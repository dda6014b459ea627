//! Business-calendar queries and compilation on the `berlin-office` calendar
//! (Mon–Fri 09:00–12:00 and 13:00–17:00, Europe/Berlin, German national holidays,
//! half days on Dec 24 and 31).
//!
//! Each query bench cycles through 1,024 instants spread over ten years, so that a
//! figure is the cost of one query on varied input, not of one cached answer.
#![allow(
    missing_docs,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::indexing_slicing
)]

use std::hint::black_box;

use casework::calendar::{BusinessCalendar, CalendarRange, CalendarSpec, Holiday};
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
    let mut spec = fixtures::berlin_office_spec().with_range(ten_years());
    let first = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    for k in 0..count {
        let date = first + TimeDelta::days((k as i64 * 3_653) / count as i64);
        spec = spec.with_holiday(Holiday::Date { date, name: None });
    }
    spec.compile().unwrap()
}

fn queries(c: &mut Criterion) {
    let cal = fixtures::berlin_office_spec()
        .with_range(ten_years())
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
    for count in [10, 1_000] {
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
    let spec: CalendarSpec = fixtures::berlin_office_spec().with_range(ten_years());
    c.bench_function("calendar/compile/10y", |b| {
        b.iter(|| black_box(&spec).compile())
    });
    let century = fixtures::berlin_office_spec();
    c.bench_function("calendar/compile/100y", |b| {
        b.iter(|| black_box(&century).compile())
    });
}

criterion_group!(benches, queries, compile);
criterion_main!(benches);
