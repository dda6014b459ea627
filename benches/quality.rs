//! The quality records: a non-conformance from report to closure; the CAPA
//! aggregate: the whole main path from opening to closure, the signing commands
//! (which hash the content they sign), the content hashes on their own, and
//! replay; and an audit's commands.
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
use casework::quality::audit;
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

    audits(c);
}

/// An audit's commands: opening one, and scoring the SOP's seven criteria
/// with a finding.
fn audits(c: &mut Criterion) {
    let policy = casework::Policy::sop_default().unwrap();
    let id = |n| Uuid::from_u128(n);
    let qa = casework::Actor::new(
        casework::ActorId::from_uuid(id(3)),
        [casework::Role::QaSpecialist],
    );
    let agent = casework::ActorId::from_uuid(id(1));
    let now = fixtures::monday() + TimeDelta::days(8);
    let ctx = casework::Ctx::new(now, qa, &policy);
    let case = audit::AuditedCase::new(
        casework::CaseId::from_uuid(id(42)),
        Reference::new("CMP", 2026, 42).unwrap(),
        Some(agent),
    );
    let open = audit::Command::open(casework::AuditId::from_uuid(id(7)), case, agent, "2026-11");
    let mut opened = audit::CaseAudit::default();
    opened.record(&open, &ctx).unwrap();
    let score = audit::Command::Score {
        scores: policy
            .quality()
            .audit
            .scorecard
            .iter()
            .map(|c| audit::CriterionScore::new(c.code.clone(), 3))
            .collect(),
        findings: vec![
            audit::Finding::new("The customer was not called back").criterion("followed_up"),
        ],
        comments: "Sound handling otherwise.".into(),
    };
    let mut g = c.benchmark_group("audit");
    g.throughput(Throughput::Elements(1));
    g.bench_function("open", |b| {
        b.iter_batched(
            audit::CaseAudit::default,
            |mut record| {
                let recorded = record.record(black_box(&open), black_box(&ctx));
                (record, recorded)
            },
            BatchSize::SmallInput,
        )
    });
    g.bench_function("score_7_criteria", |b| {
        b.iter_batched(
            || opened.clone(),
            |mut record| {
                let recorded = record.record(black_box(&score), black_box(&ctx));
                (record, recorded)
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
