//! Governance: a review meeting from scheduling to closure, an agenda filled
//! from a hundred open CAPAs and meetings, the competency gate on a command
//! against a training file of ten thousand people, the training deadlines of
//! a thousand people, and the next meeting of a recurrence.
#![allow(
    missing_docs,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;

use casework::governance::meeting::{Agenda, Command, ReviewMeeting};
use casework::governance::{
    Assessment, AssessmentResult, CompetencyGate, Subject, TrainingFile, TrainingRecord,
    TrainingRequirement, training_due,
};
use casework::kpi::KpiReport;
use casework::quality::capa::{self, ActionKind, Capa, Opening, Status};
use casework::{
    Actor, ActorId, Aggregate, CapaId, CaseCommandKind, Ctx, MeetingId, Policy, PolicySpec, Role,
};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use uuid::Uuid;

#[path = "../tests/quality/capa/fixtures.rs"]
#[allow(dead_code)]
mod fixtures;

fn monday() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

fn person(n: u128, role: Role) -> Actor {
    Actor::new(ActorId::from_uuid(Uuid::from_u128(n)), [role])
}

fn requirement(name: &str) -> TrainingRequirement {
    TrainingRequirement {
        name: name.to_owned(),
        role: Role::CustomerServiceRepresentative,
        subject: Subject::Skill {
            name: name.to_owned(),
        },
        assessment: Assessment::Quiz { pass_score: 80 },
        renewal_months: 12,
        grace_days: 0,
    }
}

const REQUIREMENTS: [&str; 5] = [
    "complaint_sop",
    "de_escalation",
    "data_protection",
    "escalation",
    "follow_up",
];

/// `people` CSRs, each with a passing record for every requirement, completed
/// on a day spread over the past year.
fn file(people: u128) -> TrainingFile {
    let mut file = TrainingFile::new();
    for n in 0..people {
        for (i, name) in REQUIREMENTS.iter().enumerate() {
            let days = i64::try_from((n * 7 + i as u128 * 31) % 365).unwrap();
            file.add_record(TrainingRecord {
                person: ActorId::from_uuid(Uuid::from_u128(n)),
                requirement: (*name).to_owned(),
                completed_at: monday() - TimeDelta::days(days),
                revision: None,
                result: AssessmentResult::Score { percent: 90 },
            });
        }
    }
    file
}

fn meeting_lifecycle(c: &mut Criterion) {
    let policy = Policy::sop_default().unwrap();
    let owner = person(1, Role::ProcessOwner);
    let manager = person(2, Role::CustomerServiceManager);
    let at = monday() + TimeDelta::days(7);
    let due = at + TimeDelta::days(14);
    let commands: Vec<(Actor, DateTime<Utc>, Command)> = [
        (
            owner,
            monday(),
            Command::Schedule {
                meeting: MeetingId::from_uuid(Uuid::from_u128(1)),
                title: "Monthly quality review".into(),
                at,
                agenda: Agenda::new().with_topic("CSAT"),
            },
        ),
        (
            manager,
            at,
            Command::RecordMinutes {
                attendees: vec![owner.id, manager.id],
                minutes: "CSAT fell in billing".into(),
                decisions: vec!["Retrain billing agents".into()],
            },
        ),
    ]
    .into_iter()
    .chain((1..=3).flat_map(|item| {
        [
            (
                owner,
                at,
                Command::AddActionItem {
                    description: format!("Action {item}"),
                    owner: Some(manager.id),
                    due,
                },
            ),
            (
                manager,
                due,
                Command::CompleteActionItem {
                    item,
                    evidence: "Done".into(),
                },
            ),
        ]
    }))
    .chain([(
        owner,
        due,
        Command::Close {
            outcome: "Plan carried out".into(),
        },
    )])
    .collect();
    // Items are added before any is completed.
    let mut ordered = commands.clone();
    ordered.sort_by_key(|(_, at, _)| *at);
    c.bench_function("meeting/schedule_to_close_9_commands", |b| {
        b.iter(|| {
            let mut meeting = ReviewMeeting::default();
            for (actor, now, command) in &ordered {
                meeting
                    .record(command, &Ctx::new(*now, *actor, &policy))
                    .unwrap();
            }
            black_box(meeting)
        });
    });
}

fn agenda(c: &mut Criterion) {
    // A hundred CAPAs, each with its own id, implementing one action.
    let capas: Vec<Capa> = (0..100u128)
        .map(|n| {
            let mut r = fixtures::Record::new();
            let opening = Opening {
                capa: CapaId::from_uuid(Uuid::from_u128(1_000 + n)),
                ..fixtures::opening()
            };
            r.run(fixtures::author(), capa::Command::Open { opening });
            let due = r.now + TimeDelta::days(14);
            r.run(
                fixtures::author(),
                fixtures::action(ActionKind::Corrective, &fixtures::owner(), due),
            );
            r.run(fixtures::author(), capa::Command::SubmitPlan);
            r.run(fixtures::approver(), capa::Command::ApprovePlan);
            assert_eq!(r.capa.status(), Some(Status::Implementing));
            r.capa
        })
        .collect();
    let report = KpiReport::default();
    let at = monday() + TimeDelta::days(60);
    let agenda = Agenda::new().with_capas(&capas, at);
    assert_eq!(agenda.items.len(), 200);
    c.bench_function("agenda/100_open_capas_100_overdue_actions", |b| {
        b.iter(|| {
            black_box(
                Agenda::new()
                    .with_performance(monday(), at, &report)
                    .with_capas(black_box(&capas), at),
            )
        });
    });
}

fn competence(c: &mut Criterion) {
    let mut spec = PolicySpec::sop_default();
    spec.governance.training = REQUIREMENTS.iter().map(|n| requirement(n)).collect();
    spec.governance.competency_gates = REQUIREMENTS
        .iter()
        .map(|n| CompetencyGate {
            command: CaseCommandKind::Acknowledge.into(),
            requirement: (*n).to_owned(),
        })
        .collect();
    let policy = spec.compile().unwrap();
    let file = file(10_000);
    let csr = person(4_321, Role::CustomerServiceRepresentative);
    c.bench_function("competence/gate_5_requirements_10k_people", |b| {
        b.iter(|| {
            let ctx = Ctx::new(monday(), csr, &policy).with_training(&file);
            black_box(ctx.competence(black_box(CaseCommandKind::Acknowledge))).unwrap();
        });
    });

    let small = self::file(1_000);
    let roster: Vec<Actor> = (0..1_000)
        .map(|n| person(n, Role::CustomerServiceRepresentative))
        .collect();
    c.bench_function("competence/training_due_1k_people_5_requirements", |b| {
        b.iter(|| {
            black_box(training_due(
                &roster,
                &policy,
                &small,
                monday(),
                TimeDelta::days(30),
            ))
        });
    });
}

fn recurrence(c: &mut Criterion) {
    let policy = Policy::sop_default().unwrap();
    let meetings = policy.governance().review_meetings;
    c.bench_function("meeting/next_meeting", |b| {
        b.iter_batched(
            monday,
            |after| black_box(meetings.next_meeting(after, policy.calendar()).unwrap()),
            BatchSize::SmallInput,
        );
    });
}

criterion_group!(benches, meeting_lifecycle, agenda, competence, recurrence);
criterion_main!(benches);
