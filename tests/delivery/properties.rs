//! The service order's invariants over random command sequences by random
//! people.
#![cfg(feature = "proptest")]

use casework::Aggregate as _;
use casework::Severity;
use casework::delivery::{
    Command, CustomerAcknowledgement, Defect, Event, InspectionNo, ItemState, Reading,
    ServiceOrder, Status,
};
use casework::{Actor, Role};
use proptest::prelude::*;

use super::{Shop, csr, inspector, manager, open, owner, person, plan, reviewer};

pub(super) fn people() -> impl Strategy<Value = Actor> {
    prop_oneof![
        Just(csr()),
        Just(manager()),
        Just(inspector()),
        Just(reviewer()),
        Just(owner()),
        Just(person(6, &[Role::QaSpecialist, Role::ProcessOwner])),
    ]
}

pub(super) fn command() -> impl Strategy<Value = Command> {
    let items = casework::delivery::ChecklistTemplate::sop_default()
        .items
        .into_iter()
        .map(|i| i.code)
        .collect::<Vec<_>>();
    let item = proptest::sample::select(items);
    let stage = proptest::sample::select(vec!["quality".to_owned(), "process_owner".to_owned()]);
    let no = (1u32..=3).prop_map(InspectionNo);
    let severity = proptest::sample::select(vec![
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ]);
    let reading = prop_oneof![
        any::<bool>().prop_map(Reading::Pass),
        (-20i64..200).prop_map(Reading::Value),
        (0u32..3).prop_map(Reading::Defects),
    ];
    prop_oneof![
        1 => Just(open()),
        8 => (item.clone(), proptest::option::of(Just("evidence ref".to_owned())))
            .prop_map(|(item, evidence)| Command::TickItem { item, evidence }),
        1 => item.clone().prop_map(|item| Command::MarkNotApplicable { item, reason: "n/a".to_owned() }),
        1 => item.prop_map(|item| Command::UntickItem { item, reason: "redo".to_owned() }),
        2 => Just(Command::PlanInspection { plan: plan() }),
        3 => (no.clone(), proptest::collection::vec(reading, 3), proptest::collection::vec(severity, 0..2))
            .prop_map(|(inspection, readings, severities)| Command::RecordInspection {
                inspection,
                readings,
                defects: severities
                    .into_iter()
                    .map(|severity| Defect { description: "scratch".to_owned(), severity })
                    .collect(),
            }),
        1 => no.clone().prop_map(|inspection| Command::WithdrawInspection { inspection, reason: "mistyped".to_owned() }),
        1 => no.clone().prop_map(|inspection| Command::ApproveConcession { inspection, reason: "accepted".to_owned() }),
        4 => stage.clone().prop_map(|stage| Command::ApproveStage { stage }),
        1 => stage.prop_map(|stage| Command::RejectStage { stage, reason: "redo".to_owned() }),
        3 => proptest::bool::ANY.prop_map(|ack| Command::SignOff {
            acknowledgement: ack.then(|| CustomerAcknowledgement { by: "customer".to_owned(), at: super::monday() }),
        }),
        1 => Just(Command::Cancel { reason: "called off".to_owned() }),
    ]
}

fn check(before: &ServiceOrder, shop: &Shop, events: &[Event]) -> Result<(), TestCaseError> {
    let order = &shop.order;
    prop_assert_eq!(
        &ServiceOrder::replay(&shop.history).unwrap(),
        order,
        "replay differs"
    );
    for event in events {
        if let Event::StageApproved { .. } | Event::StageRejected { .. } = event {
            let by = shop.history.last().map(|r| r.actor).unwrap();
            prop_assert!(
                before.inspectors().all(|i| i != by),
                "an inspector approved or rejected"
            );
        }
    }
    for inspection in order.inspections() {
        if let Some(result) = &inspection.result {
            prop_assert_eq!(
                &inspection
                    .plan
                    .outcome(&result.readings, &result.defects)
                    .unwrap(),
                &result.outcome,
                "the outcome is not the plan's verdict on the readings"
            );
        }
    }
    if order.status() == Some(Status::SignedOff) {
        prop_assert!(
            order
                .items()
                .iter()
                .all(|i| !i.item.required || i.state != ItemState::Open)
        );
        prop_assert!(order.inspections().iter().all(|i| i.is_settled()));
        let work = order.work_hash();
        prop_assert!(order.stages().iter().all(|s| s.is_approved(work)));
        prop_assert!(
            order
                .stages()
                .iter()
                .flat_map(|s| s.current(work))
                .all(|a| order.inspectors().all(|i| i != a.by)),
            "signed off on an inspector's approval"
        );
        prop_assert!(
            order
                .sign_off()
                .is_some_and(|(s, _)| s.is_current(order.completion_hash()))
        );
    }
    if before.status().is_some_and(|s| s != Status::InProgress) {
        prop_assert_eq!(before, order, "a finished order changed");
    }
    Ok(())
}

proptest! {
    #[test]
    fn every_history_keeps_the_sign_off_rules(
        steps in proptest::collection::vec((people(), command()), 1..120),
        ready in any::<bool>(),
    ) {
        // Half the histories start ready to sign off, so that sign-off and
        // what follows it are reached.
        let mut shop = if ready { Shop::ready() } else { Shop::new() };
        for (actor, command) in &steps {
            let before = shop.order.clone();
            match shop.try_run(*actor, command) {
                Ok(events) => check(&before, &shop, &events)?,
                Err(_) => prop_assert_eq!(&before, &shop.order, "a refusal changed the order"),
            }
        }
    }
}
