//! The quality records: a non-conformance from report to closure, and the CAPA
//! aggregate: the whole main path from opening to closure, the signing commands
//! (which hash the content they sign), the content hashes on their own, and
//! replay.
//!
//! Command benches run one command on a clone of a prepared CAPA (SOP default
//! policy); the clone, and the drop of the CAPA and its events, are not
//! measured.
#![allow(
    missing_docs,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;

use casework::quality::RootCauseAnalysis;
use casework::quality::capa::{ActionKind, ActionNo, Capa, Command, Status};
use casework::quality::nonconformance::{self, Disposition, NonConformance, Report, Source};
use casework::{Aggregate, NonConformanceId, Reference, Severity};
use chrono::TimeDelta;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use uuid::Uuid;

#[path = "../tests/quality/capa/fixtures.rs"]
#[allow(dead_code)]
mod fixtures;

use fixtures::{Record, action, approver, author, owner, qa};

/// A CAPA in implementing with `n` actions, all done.
fn implemented(n: u32) -> Record {
    let mut r = Record::at(Status::Planning);
    for _ in 1..n {
        let due = r.now + TimeDelta::days(30);
        r.run(author(), action(ActionKind::Preventive, &owner(), due));
    }
    r.run(author(), Command::SubmitPlan);
    r.run(approver(), Command::ApprovePlan);
    for no in 1..=n {
        r.run(
            owner(),
            Command::StartAction {
                action: ActionNo(no),
            },
        );
        r.run(
            owner(),
            Command::CompleteAction {
                action: ActionNo(no),
                evidence: format!("Evidence for action {no}: the change is live"),
            },
        );
    }
    r
}

/// A non-conformance from report to closure without a CAPA: seven commands.
fn non_conformance() -> NonConformance {
    use nonconformance::Command as C;
    let mut ncr = NonConformance::default();
    let report = Report::new(
        NonConformanceId::from_uuid(Uuid::from_u128(0x9c)),
        Reference::new("NCR", 2026, 11).unwrap(),
        Source::Supplier {
            supplier: "Acme Seals".to_owned(),
        },
        Severity::Medium,
        fixtures::monday(),
    )
    .titled("Seals leak at 2 bar")
    .description("Batch 7 fails the pressure test.");
    let analysis = RootCauseAnalysis {
        whys: vec![
            "The seal is too thin".to_owned(),
            "The supplier changed the mould".to_owned(),
        ],
        fishbone: Vec::new(),
        category: "supplier".to_owned(),
    };
    let steps = [
        (author(), C::Report { report }),
        (author(), C::StartInvestigation),
        (author(), C::RecordRootCause { analysis }),
        (
            author(),
            C::Disposition {
                disposition: Disposition::Return,
                rationale: "Back to the supplier".to_owned(),
            },
        ),
        (
            author(),
            C::ProposeNoCapa {
                reason: "The supplier's own CAPA covers it".to_owned(),
            },
        ),
        (approver(), C::ApproveNoCapa),
        (
            approver(),
            C::Close {
                reason: "Returned; supplier CAPA on file".to_owned(),
            },
        ),
    ];
    for (i, (actor, command)) in steps.into_iter().enumerate() {
        let now = fixtures::monday() + TimeDelta::hours(i as i64);
        ncr.record(
            &command,
            &casework::Ctx::new(now, actor, fixtures::policy()),
        )
        .unwrap();
    }
    ncr
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("quality");
    g.throughput(Throughput::Elements(7));
    g.bench_function("ncr_lifecycle", |b| b.iter(non_conformance));
    g.finish();

    let mut g = c.benchmark_group("capa");

    let closed = Record::at(Status::Closed);
    g.throughput(Throughput::Elements(closed.history.len() as u64));
    g.bench_function("lifecycle", |b| {
        b.iter(|| Record::at(black_box(Status::Closed)))
    });

    let ten = implemented(10);
    g.throughput(Throughput::Elements(1));
    let ctx = ten.ctx(qa());
    ten.capa
        .clone()
        .record(&Command::VerifyImplementation, &ctx)
        .unwrap();
    g.bench_function("verify_10_actions", |b| {
        b.iter_batched(
            || ten.capa.clone(),
            |mut capa| {
                let recorded =
                    capa.record(black_box(&Command::VerifyImplementation), black_box(&ctx));
                (capa, recorded)
            },
            BatchSize::SmallInput,
        )
    });
    g.bench_function("plan_hash_10_actions", |b| {
        b.iter(|| black_box(&ten.capa).plan_hash())
    });
    g.bench_function("implementation_hash_10_actions", |b| {
        b.iter(|| black_box(&ten.capa).implementation_hash())
    });

    let long = implemented(100);
    g.throughput(Throughput::Elements(long.history.len() as u64));
    g.bench_function("replay_100_actions", |b| {
        b.iter(|| Capa::replay(black_box(&long.history)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
