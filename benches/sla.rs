//! SLA clocks: a batch of a million running clocks at one instant, the full
//! evaluation of one case's clocks from its timeline, and the same on an
//! overnight desk across the DST change.
#![allow(missing_docs, unreachable_pub, clippy::unwrap_used, clippy::indexing_slicing)]

use std::hint::black_box;

use casework::calendar::{CalendarRange, CalendarSpec, TimeRange};
use casework::priority::Priority;
use casework::sla::{
    Change, ClockSummary, Entry, Scope, Signal, SlaPolicy, TargetSpec, Timeline, Within,
    evaluate_batch,
};
use casework::{Policy, PolicySpec};
use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const SCOPE: Scope<'static> = Scope {
    category: "delivery/late",
    channel: "email",
    tier: None,
};

fn range() -> CalendarRange {
    CalendarRange {
        from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        until: NaiveDate::from_ymd_opt(2031, 1, 1).unwrap(),
    }
}

/// The SOP policy on a Berlin office calendar (and the 24/7 one), 2026–2030.
fn policy() -> Policy {
    let mut spec = PolicySpec::sop_default();
    spec.calendar = CalendarSpec::new("Europe/Berlin")
        .with_weekday_hours(vec![
            TimeRange::new("09:00", "12:00"),
            TimeRange::new("13:00", "17:00"),
        ])
        .with_range(range());
    for calendar in spec.calendars.values_mut() {
        calendar.range = Some(range());
    }
    spec.compile().unwrap()
}

/// A complaint's timeline: received, acknowledged, waiting on the customer for a
/// day, a customer message, a reply, and the priority raised.
fn timeline(received: DateTime<Utc>, priority: u8) -> Timeline<'static> {
    let h = TimeDelta::hours;
    Timeline::new([
        Entry {
            at: received,
            change: Change::Priority(Priority(priority)),
        },
        Entry {
            at: received,
            change: Change::Signal(Signal::Received),
        },
        Entry {
            at: received,
            change: Change::Status("received"),
        },
        Entry {
            at: received + h(2),
            change: Change::Signal(Signal::Acknowledged),
        },
        Entry {
            at: received + h(2),
            change: Change::Status("investigating"),
        },
        Entry {
            at: received + h(3),
            change: Change::Status("waiting_on_customer"),
        },
        Entry {
            at: received + h(27),
            change: Change::Signal(Signal::CustomerMessage),
        },
        Entry {
            at: received + h(27),
            change: Change::Status("investigating"),
        },
        Entry {
            at: received + h(29),
            change: Change::Signal(Signal::Responded),
        },
        Entry {
            at: received + h(30),
            change: Change::Priority(Priority(priority.saturating_sub(1).max(1))),
        },
    ])
}

fn batch(c: &mut Criterion) {
    let policy = policy();
    let names = ["business", "always"];
    let calendars: Vec<_> = names
        .iter()
        .map(|n| policy.calendar_named(n).unwrap())
        .collect();
    let start = Utc.with_ymd_and_hms(2027, 1, 4, 8, 0, 0).unwrap();
    // 4,096 distinct running clocks (received minutes to weeks apart, priorities 1
    // to 5, paused or not), tiled to a million.
    let mut distinct = Vec::new();
    for i in 0..4096_i64 {
        let received = start + TimeDelta::minutes(i * 37);
        let line = timeline(received, (i % 5 + 1) as u8);
        let at = received + TimeDelta::hours(28 + i % 40);
        for status in policy
            .sla()
            .evaluate(|n| policy.calendar_named(n), SCOPE, &line, at)
            .unwrap()
        {
            let index = names
                .iter()
                .position(|n| *n == status.target.calendar)
                .unwrap();
            if let Some(summary) =
                ClockSummary::of(&status, calendars[index], index as u16).unwrap()
            {
                distinct.push(summary);
            }
        }
    }
    let clocks: Vec<ClockSummary> = distinct.iter().copied().cycle().take(1_000_000).collect();
    let now = start + TimeDelta::days(200);
    let mut group = c.benchmark_group("sla/batch");
    group.sample_size(20);
    group.throughput(Throughput::Elements(clocks.len() as u64));
    group.bench_function("1M_running_clocks", |b| {
        b.iter(|| {
            evaluate_batch(black_box(&clocks), &calendars, policy.sla(), black_box(now)).unwrap()
        })
    });
    group.finish();
}

fn full(c: &mut Criterion) {
    let policy = policy();
    let received = Utc.with_ymd_and_hms(2027, 3, 1, 8, 0, 0).unwrap();
    let line = timeline(received, 3);
    let now = received + TimeDelta::hours(50);
    c.bench_function("sla/evaluate/one_case_all_metrics", |b| {
        b.iter(|| {
            policy
                .sla()
                .evaluate(
                    |n| policy.calendar_named(n),
                    SCOPE,
                    black_box(&line),
                    black_box(now),
                )
                .unwrap()
        })
    });

    // A night desk in Berlin, 22:00–06:00 every day, across the DST change of
    // 25 October 2026.
    let mut nights = CalendarSpec::new("Europe/Berlin").with_range(range());
    for day in [
        chrono::Weekday::Mon,
        chrono::Weekday::Tue,
        chrono::Weekday::Wed,
        chrono::Weekday::Thu,
        chrono::Weekday::Fri,
        chrono::Weekday::Sat,
        chrono::Weekday::Sun,
    ] {
        nights = nights.with_hours(day, vec![TimeRange::new("22:00", "06:00")]);
    }
    let nights = nights.compile().unwrap();
    let sla = SlaPolicy {
        targets: vec![
            TargetSpec::new("first_response", Within::Minutes(4 * 60), "nights"),
            TargetSpec::new("resolution", Within::BusinessDays(3), "nights"),
        ],
        ..SlaPolicy::sop_default()
    };
    let received = Utc.with_ymd_and_hms(2026, 10, 24, 19, 0, 0).unwrap();
    let line = timeline(received, 3);
    let now = received + TimeDelta::hours(40);
    c.bench_function("sla/evaluate/overnight_dst", |b| {
        b.iter(|| {
            sla.evaluate(
                |n| (n == "nights").then_some(&nights),
                SCOPE,
                black_box(&line),
                black_box(now),
            )
            .unwrap()
        })
    });
}

criterion_group!(benches, batch, full);
criterion_main!(benches);
