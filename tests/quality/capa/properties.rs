//! The CAPA invariants over random command sequences by random people: the
//! spec, checked against every history `decide` can produce.

use casework::Aggregate as _;
use casework::quality::capa::{
    ActionKind, ActionNo, ActionStatus, Capa, Command, Event, PlannedAction, Source, Status,
};
use casework::{Actor, ActorId, CaseId, Recorded, Role};
use chrono::{DateTime, TimeDelta, Utc};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use uuid::Uuid;

use super::fixtures::{Record, monday, opening, person, risk, system};

/// The people: two managers, a process owner, a QA specialist, someone who is
/// both a QA specialist and a process owner, and the scheduler.
fn people() -> impl Strategy<Value = Actor> {
    prop_oneof![
        Just(person(1, Role::CustomerServiceManager)),
        Just(person(2, Role::CustomerServiceManager)),
        Just(person(3, Role::ProcessOwner)),
        Just(person(4, Role::QaSpecialist)),
        Just(Actor::new(
            ActorId::from_uuid(Uuid::from_u128(5)),
            [Role::QaSpecialist, Role::ProcessOwner]
        )),
        Just(system()),
    ]
}

/// Mostly the managers; sometimes someone who could verify or approve.
fn owner() -> impl Strategy<Value = ActorId> {
    prop_oneof![4 => 1u128..=2, 1 => 3u128..=5].prop_map(|n| ActorId::from_uuid(Uuid::from_u128(n)))
}

/// Mostly years ahead, so that plans stay valid as the clock runs; sometimes
/// within weeks, so that actions fall overdue.
fn due() -> impl Strategy<Value = DateTime<Utc>> {
    prop_oneof![1 => 1i64..60, 3 => 60i64..3_000].prop_map(|days| monday() + TimeDelta::days(days))
}

fn action_no() -> impl Strategy<Value = ActionNo> {
    (1u32..=4).prop_map(ActionNo)
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![9 => Just("noted".to_owned()), 1 => Just(" ".to_owned())]
}

fn command() -> impl Strategy<Value = Command> {
    let kind = prop_oneof![Just(ActionKind::Corrective), Just(ActionKind::Preventive)];
    prop_oneof![
        5 => Just(Command::Open { opening: opening() }),
        5 => (1u8..=10, 1u8..=10, 0u8..=10)
            .prop_map(|(s, o, d)| Command::AssessRisk { risk: risk(s, o, d) }),
        5 => (1u128..4).prop_map(|n| Command::LinkSource {
            source: Source::Case { id: CaseId::from_uuid(Uuid::from_u128(0x40 + n)) }
        }),
        15 => (kind, owner(), due()).prop_map(|(kind, owner, due)| Command::PlanAction {
            action: PlannedAction { kind, description: "Fix it".to_owned(), owner, due }
        }),
        5 => (action_no(), proptest::option::of(owner()), proptest::option::of(due()))
            .prop_map(|(action, owner, due)| Command::ReviseAction {
                action, description: None, owner, due
            }),
        5 => (action_no(), text()).prop_map(|(action, reason)| Command::CancelAction { action, reason }),
        20 => Just(Command::SubmitPlan),
        20 => Just(Command::ApprovePlan),
        5 => text().prop_map(|comments| Command::ReturnPlan { comments }),
        25 => action_no().prop_map(|action| Command::StartAction { action }),
        25 => (action_no(), text()).prop_map(|(action, evidence)| Command::CompleteAction { action, evidence }),
        20 => Just(Command::VerifyImplementation),
        20 => (prop::bool::weighted(0.8), text())
            .prop_map(|(effective, evidence)| Command::CheckEffectiveness { effective, evidence }),
        20 => Just(Command::Close),
        1 => Just(Command::Cancel { reason: "Raised in error".to_owned() }),
        10 => Just(Command::RecordDeadline),
    ]
}

pub(crate) type Step = (Actor, Command, i64);

/// Minutes between steps: mostly within a day, sometimes weeks (so that
/// effectiveness checks and due dates come), sometimes negative (a clock that
/// went back must be refused).
fn minutes() -> impl Strategy<Value = i64> {
    prop_oneof![
        20 => 0i64..600,
        4 => 10_000i64..70_000,
        1 => -120i64..0,
    ]
}

fn open() -> impl Strategy<Value = Step> {
    Just((
        person(1, Role::CustomerServiceManager),
        Command::Open { opening: opening() },
        0,
    ))
}

/// Any commands, by anyone, in any order, most often after an opening.
fn random_steps() -> impl Strategy<Value = Vec<Step>> {
    let steps = proptest::collection::vec((people(), command(), minutes()), 1..160);
    (open(), steps).prop_map(|(open, mut steps)| {
        if steps.len() % 8 != 0 {
            steps.insert(0, open);
        }
        steps
    })
}

/// A phase: mostly the given commands, a fifth of the time any command.
fn phase(
    commands: impl Strategy<Value = Command> + 'static,
    len: core::ops::Range<usize>,
    minutes: impl Strategy<Value = i64> + 'static,
) -> impl Strategy<Value = Vec<Step>> {
    let command = prop_oneof![4 => commands, 1 => command()];
    proptest::collection::vec((people(), command, minutes), len)
}

/// Someone who may approve and close: mostly the process owners, sometimes
/// anyone.
fn approvers() -> impl Strategy<Value = Actor> {
    prop_oneof![
        2 => Just(person(3, Role::ProcessOwner)),
        2 => Just(Actor::new(
            ActorId::from_uuid(Uuid::from_u128(5)),
            [Role::QaSpecialist, Role::ProcessOwner]
        )),
        1 => people(),
    ]
}

/// Histories in the lifecycle's order, twice over (an ineffective check starts
/// a second cycle), with noise in every phase: these reach closure.
fn phased_steps() -> impl Strategy<Value = Vec<Step>> {
    let kind = prop_oneof![Just(ActionKind::Corrective), Just(ActionKind::Preventive)];
    let planning = (kind, owner(), due()).prop_map(|(kind, owner, due)| Command::PlanAction {
        action: PlannedAction {
            kind,
            description: "Fix it".to_owned(),
            owner,
            due,
        },
    });
    let planning = prop_oneof![3 => planning, 1 => Just(Command::SubmitPlan)];
    let approval = prop_oneof![
        6 => Just(Command::ApprovePlan),
        1 => Just(Command::SubmitPlan),
        1 => Just(Command::ReturnPlan { comments: "Add a preventive action".to_owned() }),
    ];
    let by_approvers = |command: BoxedStrategy<Command>| {
        proptest::collection::vec((approvers(), command, 0i64..600), 1..5)
    };
    let by_qa = |command: BoxedStrategy<Command>| {
        let qa = prop_oneof![2 => Just(person(4, Role::QaSpecialist)), 1 => approvers()];
        proptest::collection::vec((qa, command, 0i64..600), 1..5)
    };
    // Each action started and completed in turn, by whoever comes.
    let implementing: Vec<Command> = (1..=6)
        .flat_map(|n| {
            let action = ActionNo(n);
            [
                Command::StartAction { action },
                Command::CompleteAction {
                    action,
                    evidence: "done".to_owned(),
                },
            ]
        })
        .collect();
    let implementing = proptest::collection::vec((people(), 0i64..3_000), implementing.len())
        .prop_map(move |who| {
            who.into_iter()
                .zip(implementing.clone())
                .map(|((actor, minutes), command)| (actor, command, minutes))
                .collect::<Vec<Step>>()
        });
    let verifying = Just(Command::VerifyImplementation);
    let waiting = Just(Command::RecordDeadline);
    let checking = prop::bool::weighted(0.7).prop_map(|effective| Command::CheckEffectiveness {
        effective,
        evidence: "seen".to_owned(),
    });
    let cycle = (
        phase(planning, 1..6, 0i64..600),
        by_approvers(approval.boxed()),
        implementing,
        by_qa(verifying.boxed()),
        phase(waiting, 2..6, 15_000i64..40_000),
        by_qa(checking.boxed()),
        by_approvers(Just(Command::Close).boxed()),
    )
        .prop_map(|(a, b, c, d, e, f, g)| [a, b, c, d, e, f, g].concat())
        .boxed();
    (open(), cycle.clone(), cycle).prop_map(|(open, first, second)| {
        let mut steps = vec![open];
        steps.extend(first);
        steps.extend(second);
        steps
    })
}

pub(crate) fn steps() -> impl Strategy<Value = Vec<Step>> {
    prop_oneof![random_steps(), phased_steps()]
}

/// Whether `who` completed one of the cycle's actions.
fn completed_by(capa: &Capa, who: ActorId) -> bool {
    capa.actions()
        .iter()
        .any(|a| a.completed.as_ref().is_some_and(|c| c.by == who))
}

/// The invariants that hold of every state.
fn check_state(capa: &Capa, history: &[Recorded<Event>]) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        &Capa::replay(history).unwrap(),
        capa,
        "replay differs from the state"
    );
    if let Some(approved) = capa.plan_approval() {
        prop_assert!(
            !capa.plan_authors().contains(&approved.signer),
            "a plan approved by one of its authors"
        );
    }
    if let Some(verified) = capa.verification() {
        prop_assert!(
            capa.owners().all(|o| o != verified.signer),
            "an action owner verified the implementation"
        );
        prop_assert!(
            !completed_by(capa, verified.signer),
            "who completed an action verified it"
        );
    }
    if capa.status() == Some(Status::Closed) {
        let actions = capa.actions();
        prop_assert!(
            actions.iter().all(|a| a.status.is_finished()),
            "closed with an action open"
        );
        prop_assert!(
            actions.iter().any(|a| a.status == ActionStatus::Done),
            "closed with no action done (only cancelled ones, or none)"
        );
        prop_assert!(
            capa.plan_approval_is_current(),
            "closed on a stale plan approval"
        );
        prop_assert!(
            capa.verification_is_current(),
            "closed on a stale verification"
        );
        prop_assert!(
            capa.effectiveness_is_current(),
            "closed without a current effective finding"
        );
        prop_assert!(
            capa.closure()
                .is_some_and(|s| s.is_current(capa.record_hash()))
        );
    }
    Ok(())
}

/// What must hold of one decision, comparing the state before and after.
fn check_step(before: &Capa, after: &Capa, events: &[Event]) -> Result<(), TestCaseError> {
    for event in events {
        match event {
            Event::EffectivenessChecked { signature, .. } => {
                let due = before.effectiveness_due();
                prop_assert!(
                    due.is_some_and(|due| signature.at >= due),
                    "checked before due"
                );
                prop_assert!(
                    before.owners().all(|o| o != signature.signer),
                    "checked by an owner"
                );
                prop_assert!(
                    !before.plan_authors().contains(&signature.signer),
                    "checked by an author of the plan"
                );
                prop_assert!(
                    !completed_by(before, signature.signer),
                    "checked by who completed an action"
                );
            }
            Event::PlanApproved { signature, .. } => {
                let by_other_author = !before.plan_authors().contains(&signature.signer)
                    && before
                        .plan_authored()
                        .is_some_and(|a| a.is_current(before.plan_hash()));
                prop_assert!(by_other_author, "approved by an author, or a changed plan");
            }
            Event::Closed { signature, .. } => {
                prop_assert!(
                    !before.plan_authors().contains(&signature.signer),
                    "closed by an author of the plan"
                );
            }
            _ => {}
        }
    }
    if before.status().is_some_and(Status::is_terminal) {
        prop_assert_eq!(before, after, "a closed or cancelled CAPA changed");
    }
    Ok(())
}

/// Runs the steps, checking every invariant after each; returns the statuses
/// reached.
fn check_history(steps: &[Step]) -> Result<Vec<Status>, TestCaseError> {
    let mut r = Record::new();
    let mut seen = Vec::new();
    for (actor, command, minutes) in steps {
        r.now += TimeDelta::minutes(*minutes);
        let before = r.capa.clone();
        match r.try_run(*actor, command) {
            Ok(events) => check_step(&before, &r.capa, &events)?,
            Err(_) => prop_assert_eq!(&before, &r.capa, "a refusal changed the CAPA"),
        }
        check_state(&r.capa, &r.history)?;
        seen.extend(r.capa.status());
    }
    Ok(seen)
}

proptest! {
    #[test]
    fn every_history_keeps_the_capa_rules(steps in steps()) {
        check_history(&steps)?;
    }
}

/// The generator is only as good as the statuses it reaches: a fixed-seed run of
/// 512 histories must close, cancel, and start a second cycle at least once each.
#[test]
fn the_generator_reaches_every_status() {
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    );
    let strategy = steps();
    let mut reached = std::collections::BTreeSet::new();
    let mut second_cycle = false;
    for _ in 0..512 {
        let steps = strategy.new_tree(&mut runner).unwrap().current();
        reached.extend(check_history(&steps).unwrap());
        let mut r = Record::new();
        for (actor, command, minutes) in &steps {
            r.now += TimeDelta::minutes(*minutes);
            let _ = r.try_run(*actor, command);
        }
        second_cycle |= r.capa.cycle() > 1;
    }
    for status in Status::ALL {
        assert!(
            reached.contains(&status),
            "never reached {status}: {reached:?}"
        );
    }
    assert!(second_cycle, "no history found its actions not effective");
}
