//! The KPI fold and the feedback log against their target: a fold over 1
//! million case events at 10 million events a second or more; and the report
//! over the cases folded.
//!
//! The events are 100,000 complaints, each the ten events of the SOP main path
//! (log to close), on their own streams, in stream order.
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
use casework::feedback::{Retention, feedback_log};
use casework::kpi::{Dimension, Kpis};
use casework::{Channel, Recorded, Severity, StreamId};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use uuid::Uuid;

#[path = "../tests/case/fixtures.rs"]
#[allow(dead_code)]
mod fixtures;

use fixtures::{Desk, csr, manager};

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

fn events(cases: u128) -> Vec<Recorded<Event>> {
    let template = template();
    (0..cases)
        .flat_map(|n| {
            let stream = StreamId::from_uuid(Uuid::from_u128(n + 1));
            template.iter().map(move |r| {
                let mut r = r.clone();
                r.stream = stream;
                r
            })
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let policy = Desk::new().policy;
    let events = events(1_000_000 / template().len() as u128);
    let mut g = c.benchmark_group("kpi");
    g.sample_size(10);
    g.throughput(Throughput::Elements(events.len() as u64));
    g.bench_function("fold_1m_events", |b| {
        b.iter(|| Kpis::from_events(black_box(&events)))
    });
    g.bench_function("feedback_log_1m_events", |b| {
        b.iter(|| feedback_log(black_box(&events), Retention::FEEDBACK_LOG))
    });
    let kpis = Kpis::from_events(&events);
    g.bench_function("report", |b| {
        b.iter(|| black_box(&kpis).report(&policy).unwrap())
    });
    g.bench_function("report_by_month", |b| {
        b.iter(|| {
            black_box(&kpis)
                .report_by(Dimension::Month, &policy)
                .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
