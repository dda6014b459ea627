//! The case aggregate against its targets: `decide` + `apply` (one `Case::record`)
//! within 1 µs per command, and replay at 10 million typical events a second or more.
//!
//! Command benches run one command on a clone of a prepared complaint (Medium, SOP
//! default policy); the clone, and the drop of the case and its events, are not
//! measured. `case/lifecycle` runs the ten commands from log to close and reports per
//! command. Replay benches fold a recorded history into a fresh case.
#![allow(
    missing_docs,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;

use casework::case::{Case, CaseKind, Command, NoteVisibility, Resolution};
use casework::{Actor, Aggregate, Channel, Ctx, Policy, Recorded, Severity, TeamId};
use chrono::{DateTime, TimeDelta, Utc};
use criterion::measurement::WallTime;
use criterion::{
    BatchSize, BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main,
};
use uuid::Uuid;

#[path = "../tests/case/fixtures.rs"]
#[allow(dead_code)]
mod fixtures;

use fixtures::{Desk, csr, manager, qa};

fn note(n: usize) -> Command {
    Command::AddNote {
        text: format!("Called the carrier again ({n}); tracking shows the parcel in the hub."),
        visibility: NoteVisibility::Internal,
    }
}

fn resolve() -> Command {
    Command::Resolve {
        resolution: Some(Resolution::text("Reshipped by express, refunded shipping")),
        root_cause: Some("supplier".to_owned()),
    }
}

fn follow_up() -> Command {
    Command::RecordFollowUp {
        channel: Channel::Phone,
        other_channel_reason: None,
        rating: Some(5),
        comments: "Happy with the replacement.".to_owned(),
        concern_resolved: true,
        answers: Vec::new(),
        last_surveyed_at: None,
        survey_override: None,
    }
}

fn propose_no_capa() -> Command {
    Command::ProposeNoCapa {
        reason: "One-off carrier delay; no systemic cause.".to_owned(),
    }
}

/// The main path of a complaint, from log to close: ten commands, each by the role
/// the SOPs give it.
fn lifecycle() -> Vec<(&'static str, Actor, Command)> {
    vec![
        (
            "log",
            csr(),
            fixtures::log(CaseKind::Complaint, Severity::Medium),
        ),
        (
            "acknowledge",
            csr(),
            Command::Acknowledge {
                channel: Channel::Email,
            },
        ),
        ("start_investigation", csr(), Command::StartInvestigation),
        ("add_note", csr(), note(0)),
        (
            "propose_resolution",
            csr(),
            Command::ProposeResolution {
                resolution: Resolution::text("Reship by express and refund the shipping"),
            },
        ),
        ("resolve", csr(), resolve()),
        (
            "review_resolution",
            qa(),
            Command::ReviewResolution {
                approved: true,
                comments: "Meets the standard.".to_owned(),
            },
        ),
        ("record_follow_up", csr(), follow_up()),
        ("propose_no_capa", csr(), propose_no_capa()),
        ("approve_no_capa", manager(), Command::ApproveNoCapa),
        ("close", manager(), Command::Close),
    ]
}

/// The time of the `i`-th command: a minute apart, as the desk runs them.
fn at(i: usize) -> DateTime<Utc> {
    fixtures::monday() + TimeDelta::minutes(i as i64 + 1)
}

/// A desk that has run the first `steps` commands of the lifecycle.
fn prepared(steps: usize) -> Desk {
    let mut desk = Desk::new();
    for (_, actor, command) in lifecycle().into_iter().take(steps) {
        desk.ok(actor, command);
    }
    desk
}

/// Benches `command` by `actor`, a minute after the desk's last command, on clones of
/// the desk's case.
fn bench_command(
    g: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    desk: &Desk,
    actor: Actor,
    command: &Command,
) {
    let ctx = Ctx::new(desk.now + TimeDelta::minutes(1), actor, &desk.policy);
    // A refused command would measure the wrong thing.
    desk.case.clone().record(command, &ctx).unwrap();
    g.bench_function(name, |b| {
        b.iter_batched(
            || desk.case.clone(),
            |mut case| {
                let recorded = case.record(black_box(command), black_box(&ctx));
                (case, recorded)
            },
            BatchSize::SmallInput,
        )
    });
}

fn commands(c: &mut Criterion) {
    let mut g = c.benchmark_group("case/command");
    g.throughput(Throughput::Elements(1));
    for (steps, (name, actor, command)) in lifecycle().into_iter().enumerate() {
        bench_command(&mut g, name, &prepared(steps), actor, &command);
    }
    let investigating = prepared(3);
    let assign = Command::Assign {
        to: casework::case::Assignee::Team(TeamId::from_uuid(Uuid::from_u128(0x7ea))),
    };
    bench_command(&mut g, "assign", &investigating, csr(), &assign);
    let escalate = Command::Escalate {
        reason: "The customer threatens to go to the press.".to_owned(),
    };
    bench_command(&mut g, "escalate", &investigating, csr(), &escalate);
    record_deadline(&mut g, &investigating);
    let reassess = Command::Reassess {
        facts: casework::priority::SeverityFacts::default(),
        impact: casework::priority::Impact(1),
        urgency: casework::priority::Urgency(2),
        reason: "A whole shop's stock is missing".to_owned(),
    };
    bench_command(
        &mut g,
        "reassess_and_promise",
        &investigating,
        csr(),
        &reassess,
    );
    let message = casework::MessageId::from_uuid(Uuid::from_u128(0x3e55));
    let queue = Command::QueueMessage {
        message,
        template: casework::communication::TemplateId::STATUS_UPDATE,
        channel: Channel::Email,
        locale: "en".to_owned(),
        content: casework::records::ContentHash::from_bytes([7; 32]),
        other_channel_reason: (investigating.case.follow_up_channel() != Some(&Channel::Email))
            .then(|| "The customer asked for the details in writing".to_owned()),
    };
    bench_command(&mut g, "queue_message", &investigating, csr(), &queue);
    let mut queued = prepared(3);
    queued.ok(csr(), queue);
    let failed = Command::RecordDelivery {
        message,
        outcome: casework::case::DeliveryOutcome::Failed {
            reason: "number unreachable".to_owned(),
        },
    };
    bench_command(
        &mut g,
        "record_delivery",
        &queued,
        fixtures::system(),
        &failed,
    );
    g.finish();
}

/// Benches the scheduler's deadline command at the case's next deadline, when one SLA
/// threshold comes due there, on clones of the desk's case.
fn record_deadline(g: &mut BenchmarkGroup<'_, WallTime>, desk: &Desk) {
    let due = desk.case.next_deadline(&desk.policy).unwrap().unwrap();
    let ctx = Ctx::new(due, fixtures::system(), &desk.policy);
    let command = Command::RecordDeadline;
    // Exactly one threshold, or the bench would measure the wrong thing.
    let recorded = desk.case.clone().record(&command, &ctx).unwrap();
    assert!(
        matches!(
            recorded.iter().map(|r| &r.event).collect::<Vec<_>>()[..],
            [casework::case::Event::SlaWarning { .. }]
        ),
        "one SLA warning comes due at the next deadline: {recorded:?}"
    );
    g.bench_function("record_deadline", |b| {
        b.iter_batched(
            || desk.case.clone(),
            |mut case| {
                let recorded = case.record(black_box(&command), black_box(&ctx));
                (case, recorded)
            },
            BatchSize::SmallInput,
        )
    });
}

fn whole_lifecycle(c: &mut Criterion) {
    let policy = Policy::sop_default().unwrap();
    let steps: Vec<(Command, Ctx<'_>)> = lifecycle()
        .into_iter()
        .enumerate()
        .map(|(i, (_, actor, command))| (command, Ctx::new(at(i), actor, &policy)))
        .collect();
    let run = |outputs: &mut Vec<Vec<Recorded<casework::case::Event>>>| {
        let mut case = Case::default();
        for (command, ctx) in &steps {
            outputs.push(case.record(black_box(command), black_box(ctx)).unwrap());
        }
        case
    };
    let mut check = Vec::new();
    let closed = run(&mut check);
    assert_eq!(
        closed.status(),
        Some(casework::case::Status::Closed),
        "the lifecycle closes the case"
    );
    let mut g = c.benchmark_group("case/lifecycle");
    g.throughput(Throughput::Elements(steps.len() as u64));
    g.bench_function("log_to_close", |b| {
        b.iter_batched(
            || Vec::with_capacity(steps.len()),
            |mut outputs| {
                let case = run(&mut outputs);
                (case, outputs)
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

/// One complaint's full history with the everyday traffic around it: assignments,
/// notes, escalations, waits. `kind`, `severity` and `notes` vary it.
fn history(
    kind: CaseKind,
    severity: Severity,
    notes: usize,
) -> Vec<Recorded<casework::case::Event>> {
    let mut desk = Desk::new();
    let team = |n| casework::case::Assignee::Team(TeamId::from_uuid(Uuid::from_u128(n)));
    let person = casework::case::Assignee::Person(csr().id);
    let reason = |s: &str| s.to_owned();
    desk.ok(csr(), fixtures::log(kind, severity));
    desk.ok(csr(), Command::Assign { to: team(0x7ea) });
    desk.ok(
        csr(),
        Command::Acknowledge {
            channel: Channel::Email,
        },
    );
    desk.ok(csr(), Command::Assign { to: person });
    desk.ok(csr(), Command::StartInvestigation);
    let mut n = 0;
    let mut notes_now = |desk: &mut Desk, count: usize| {
        for _ in 0..count {
            desk.ok(csr(), note(n));
            n += 1;
        }
    };
    notes_now(&mut desk, notes / 3);
    desk.ok(
        csr(),
        Command::Escalate {
            reason: reason("Second reminder from the customer."),
        },
    );
    desk.ok(
        csr(),
        Command::WaitOnThirdParty {
            reason: reason("Carrier to confirm the parcel's whereabouts."),
        },
    );
    desk.ok(csr(), Command::Resume);
    notes_now(&mut desk, notes / 3);
    desk.ok(
        csr(),
        Command::WaitOnCustomer {
            reason: reason("Asked for the order confirmation."),
        },
    );
    desk.ok(csr(), Command::Resume);
    desk.ok(
        manager(),
        Command::Deescalate {
            reason: reason("The carrier found the parcel."),
        },
    );
    notes_now(&mut desk, notes - 2 * (notes / 3));
    desk.ok(
        csr(),
        Command::ProposeResolution {
            resolution: Resolution::text("Reship by express and refund the shipping"),
        },
    );
    desk.ok(csr(), resolve());
    desk.ok(
        qa(),
        Command::ReviewResolution {
            approved: true,
            comments: reason("Meets the standard."),
        },
    );
    desk.ok(csr(), follow_up());
    if kind == CaseKind::Complaint {
        desk.ok(csr(), propose_no_capa());
        desk.ok(manager(), Command::ApproveNoCapa);
    }
    desk.ok(manager(), Command::Close);
    desk.history
}

fn replay(c: &mut Criterion) {
    let mut g = c.benchmark_group("case/replay");

    let one = history(CaseKind::Complaint, Severity::Medium, 14);
    let closed = Case::replay(&one).unwrap();
    assert_eq!(closed.status(), Some(casework::case::Status::Closed));
    g.throughput(Throughput::Elements(one.len() as u64));
    g.bench_function(format!("complaint/{}_events", one.len()), |b| {
        b.iter(|| Case::replay(black_box(&one)).unwrap())
    });

    // Many cases of every kind and severity, of 21 to 34 events each.
    let kinds = [
        CaseKind::Complaint,
        CaseKind::ServiceRequest,
        CaseKind::Inquiry,
    ];
    let severities = [
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];
    let many: Vec<_> = (0..120)
        .map(|i| history(kinds[i % 3], severities[i % 4], i % 15))
        .collect();
    let events: usize = many.iter().map(Vec::len).sum();
    g.throughput(Throughput::Elements(events as u64));
    g.bench_function(format!("{}_cases/{events}_events", many.len()), |b| {
        b.iter(|| {
            for history in black_box(&many) {
                black_box(Case::replay(history).unwrap());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, commands, whole_lifecycle, replay);
criterion_main!(benches);
