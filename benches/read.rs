//! The read side against its targets: building the work queues and the
//! deadline index from 1 million case events at 5 million events a second or
//! more, on one core; and asking the index what is due among 1 million
//! streams at 1 µs or less per stream returned.
//!
//! The events are 100,000 complaints on their own streams, in stream order,
//! as in the KPI bench: each the ten events of the SOP main path (log to
//! close), but one in five stops short of closing, after 3 to 9 events, so
//! that the queues hold about 20,000 open cases.
#![allow(
    missing_docs,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;

use casework::case::{CaseKind, Command, Event, Resolution};
use casework::read::{
    CustomerHistory, DeadlineIndex, Deadlines, Projection, RecordKind, Replica, WorkQueues,
};
use casework::{CaseId, Channel, Recorded, Severity, StreamId};
use chrono::TimeDelta;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use uuid::Uuid;

#[path = "../tests/case/fixtures.rs"]
#[allow(dead_code)]
mod fixtures;

use fixtures::{Desk, csr, manager, monday};

/// One complaint from log to close.
fn template() -> Vec<Recorded<Event>> {
    let mut desk = Desk::new();
    desk.ok(csr(), fixtures::log(CaseKind::Complaint, Severity::Medium));
    desk.ok(
        csr(),
        Command::Acknowledge {
            channel: Channel::Email,
        },
    );
    desk.ok(csr(), Command::StartInvestigation);
    desk.ok(
        csr(),
        Command::Resolve {
            resolution: Some(Resolution::text("Reshipped")),
            root_cause: Some("supplier".to_owned()),
        },
    );
    desk.ok(
        csr(),
        Command::RecordFollowUp {
            channel: Channel::Phone,
            other_channel_reason: None,
            rating: Some(5),
            comments: String::new(),
            concern_resolved: true,
            answers: Vec::new(),
            last_surveyed_at: None,
            survey_override: None,
        },
    );
    desk.ok(
        csr(),
        Command::ProposeNoCapa {
            reason: "One-off".to_owned(),
        },
    );
    desk.ok(manager(), Command::ApproveNoCapa);
    desk.ok(manager(), Command::Close);
    desk.history
}

/// At least `count` events: complaints, each a prefix of the template.
fn events(count: usize) -> Vec<Recorded<Event>> {
    let template = template();
    let mut events = Vec::with_capacity(count + template.len());
    let mut n = 0u128;
    while events.len() < count {
        n += 1;
        let stream = StreamId::from_uuid(Uuid::from_u128(n));
        let take = if n % 5 == 0 {
            3 + (n as usize / 5 % (template.len() - 3))
        } else {
            template.len()
        };
        events.extend(template[..take].iter().map(|r| {
            let mut r = r.clone();
            r.stream = stream;
            if let Event::Logged { intake, .. } = &mut r.event {
                intake.case = CaseId::from_uuid(Uuid::from_u128(n));
            }
            r
        }));
    }
    events
}

fn bench(c: &mut Criterion) {
    let policy = Desk::new().policy;
    let events = events(1_000_000);
    let mut g = c.benchmark_group("read");
    g.sample_size(10);
    g.throughput(Throughput::Elements(events.len() as u64));
    g.bench_function("work_queues_from_1m_events", |b| {
        b.iter_with_large_drop(|| {
            let mut queues = WorkQueues::new(&policy);
            queues.fold_all(black_box(&events)).unwrap();
            queues
        })
    });
    g.bench_function("deadline_index_from_1m_events", |b| {
        b.iter_with_large_drop(|| {
            let mut deadlines = Deadlines::new(&policy);
            deadlines.fold_all(black_box(&events)).unwrap();
            deadlines
        })
    });
    g.bench_function("case_replica_from_1m_events", |b| {
        b.iter_with_large_drop(|| {
            let mut replica = Replica::<casework::case::Case>::new();
            replica.fold_all(black_box(&events)).unwrap();
            replica
        })
    });
    g.bench_function("customer_history_from_1m_events", |b| {
        b.iter_with_large_drop(|| {
            let mut history = CustomerHistory::new();
            history.fold_all(black_box(&events)).unwrap();
            history
        })
    });
    g.finish();

    // What the deadline index asks of each case it rebuilds.
    let mut g = c.benchmark_group("read_next_deadline");
    let template = template();
    for (name, events) in [
        ("closed_case", &template[..]),
        ("open_case", &template[..3]),
    ] {
        let case = <casework::case::Case as casework::Aggregate>::replay(events).unwrap();
        g.bench_function(name, |b| {
            b.iter(|| casework::Aggregate::next_deadline(black_box(&case), &policy).unwrap())
        });
    }
    g.finish();

    // 1 million streams due a second apart; what is due in the first
    // thousand seconds, and in the first hundred thousand.
    let mut index = DeadlineIndex::new();
    for n in 0..1_000_000u32 {
        let stream =
            StreamId::from_uuid(Uuid::from_u128(u128::from(n.wrapping_mul(2_654_435_761))));
        index.set(
            stream,
            RecordKind::Case,
            Some(monday() + TimeDelta::seconds(i64::from(n))),
        );
    }
    let mut g = c.benchmark_group("read_due");
    for returned in [1_000u32, 100_000] {
        let before = monday() + TimeDelta::seconds(i64::from(returned) - 1);
        g.throughput(Throughput::Elements(u64::from(returned)));
        g.bench_function(format!("due_{returned}_of_1m_streams"), |b| {
            b.iter(|| black_box(&index).due(black_box(before)).count())
        });
    }
    g.bench_function("set_in_1m_streams", |b| {
        let stream = StreamId::from_uuid(Uuid::from_u128(7));
        let mut at = monday();
        b.iter(|| {
            at += TimeDelta::seconds(1);
            index.set(black_box(stream), RecordKind::Case, Some(at));
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
