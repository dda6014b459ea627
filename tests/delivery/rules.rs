//! The service order's rules, one at a time.

use casework::Aggregate as _;
use casework::Role;
use casework::delivery::{
    Command, CustomerAcknowledgement, DeliveryError, InspectionNo, ItemState, Reading,
    ServiceOrder, SignOffRequirement, Status,
};
use casework::quality::SignatureMeaning;
use chrono::TimeDelta;

use super::{Shop, csr, inspector, manager, open, owner, person, plan, record, reviewer, tick};

fn acknowledged(shop: &Shop) -> Command {
    Command::SignOff {
        acknowledgement: Some(CustomerAcknowledgement {
            by: "J. Doe, site manager".to_owned(),
            at: shop.now,
        }),
    }
}

#[test]
fn the_main_path_signs_off_with_a_completed_signature_and_a_follow_up() {
    let mut shop = Shop::ready();
    let sign = acknowledged(&shop);
    shop.run(manager(), sign);
    let order = &shop.order;
    assert_eq!(order.status(), Some(Status::SignedOff));
    let (signature, ack) = order.sign_off().unwrap();
    assert_eq!(
        (signature.meaning, signature.signer),
        (SignatureMeaning::Completed, manager().id)
    );
    assert!(signature.is_current(order.completion_hash()));
    assert!(ack.is_some());
    // Signed Monday: the follow-up falls due at Wednesday's close.
    assert_eq!(
        order.follow_up_due(),
        Some(super::monday() + TimeDelta::days(2) + TimeDelta::hours(8))
    );
    assert_eq!(ServiceOrder::replay(&shop.history).unwrap(), shop.order);
}

#[test]
fn sign_off_lists_everything_missing() {
    let mut shop = Shop::new();
    shop.run(manager(), open());
    shop.run(
        csr(),
        Command::MarkNotApplicable {
            item: "resources.allocated".to_owned(),
            reason: "Customer's own parts".to_owned(),
        },
    );
    shop.run(manager(), Command::PlanInspection { plan: plan() });
    let refused = shop
        .try_run(
            manager(),
            &Command::SignOff {
                acknowledgement: None,
            },
        )
        .unwrap_err();
    let DeliveryError::NotReadyToSignOff { missing } = &refused else {
        panic!("{refused}")
    };
    let item = |code: &str| SignOffRequirement::Item(code.to_owned());
    assert_eq!(
        *missing,
        [
            item("engagement.requirements"),
            item("planning.plan"),
            item("execution.delivered"),
            item("execution.monitored"),
            item("quality.checked"),
            SignOffRequirement::Inspection(InspectionNo(1)),
            SignOffRequirement::Stage("quality".to_owned()),
            SignOffRequirement::Stage("process_owner".to_owned()),
            SignOffRequirement::Inspected,
            SignOffRequirement::CustomerAcknowledgement,
        ]
    );
}

/// A setup, who asks, what, and the rule that refuses.
type Row = (fn() -> Shop, casework::Actor, Command, &'static str);

#[test]
fn refusals_name_their_rule_and_change_nothing() {
    let qa_owner = person(3, &[Role::QaSpecialist, Role::ProcessOwner]);
    let table: Vec<Row> = vec![
        (
            Shop::new,
            manager(),
            Command::PlanInspection { plan: plan() },
            "not_opened",
        ),
        (Shop::ready, manager(), open(), "already_opened"),
        (
            Shop::ready,
            csr(),
            Command::PlanInspection { plan: plan() },
            "not_permitted",
        ),
        (Shop::ready, csr(), tick("nope", None), "unknown_item"),
        (
            Shop::ready,
            csr(),
            tick("planning.plan", None),
            "item_settled",
        ),
        (
            Shop::ready,
            csr(),
            Command::UntickItem {
                item: "quality.checked".to_owned(),
                reason: "x".to_owned(),
            },
            "item_role",
        ),
        (
            Shop::ready,
            csr(),
            Command::UntickItem {
                item: "feedback.requested".to_owned(),
                reason: "x".to_owned(),
            },
            "item_open",
        ),
        (
            Shop::ready,
            csr(),
            Command::UntickItem {
                item: "planning.plan".to_owned(),
                reason: " ".to_owned(),
            },
            "invalid_command",
        ),
        (
            Shop::ready,
            inspector(),
            record(1, 40),
            "inspection_recorded",
        ),
        (
            Shop::ready,
            inspector(),
            record(2, 40),
            "unknown_inspection",
        ),
        (
            Shop::ready,
            owner(),
            Command::ApproveConcession {
                inspection: InspectionNo(1),
                reason: "ok".to_owned(),
            },
            "inspection_not_failed",
        ),
        (
            Shop::ready,
            reviewer(),
            Command::ApproveStage {
                stage: "quality".to_owned(),
            },
            "stage_approved",
        ),
        (
            Shop::ready,
            reviewer(),
            Command::ApproveStage {
                stage: "finance".to_owned(),
            },
            "unknown_stage",
        ),
        (
            Shop::ready,
            qa_owner,
            Command::RejectStage {
                stage: "process_owner".to_owned(),
                reason: "x".to_owned(),
            },
            "approver_is_inspector",
        ),
        (
            Shop::ready,
            manager(),
            Command::SignOff {
                acknowledgement: None,
            },
            "not_ready_to_sign_off",
        ),
    ];
    for (setup, actor, command, rule) in table {
        let mut shop = setup();
        let before = shop.order.clone();
        let refused = shop.try_run(actor, &command).unwrap_err();
        assert_eq!(refused.rule(), rule, "{:?}: {refused}", command.kind());
        assert_eq!(shop.order, before);
    }
}

#[test]
fn ticking_needs_the_items_role_and_evidence() {
    let mut shop = Shop::new();
    shop.run(manager(), open());
    let refused = shop
        .try_run(csr(), &tick("quality.checked", Some("photo")))
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "item `quality.checked` is ticked by a qa_specialist"
    );
    let refused = shop
        .try_run(csr(), &tick("execution.delivered", None))
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "invalid `tick_item`: evidence: this item is ticked with evidence"
    );
    // Unticking is kept: the item is open again, and counted.
    shop.run(csr(), tick("planning.plan", None));
    shop.run(
        csr(),
        Command::UntickItem {
            item: "planning.plan".to_owned(),
            reason: "Plan changed".to_owned(),
        },
    );
    let item = shop.order.item("planning.plan").unwrap();
    assert_eq!((&item.state, item.unticked), (&ItemState::Open, 1));
}

#[test]
fn a_failed_inspection_needs_a_concession_from_someone_else() {
    let mut shop = Shop::new();
    shop.run(manager(), open());
    shop.run(manager(), Command::PlanInspection { plan: plan() });
    let events = shop.try_run(inspector(), &record(1, 180)).unwrap();
    let casework::delivery::Event::InspectionRecorded { outcome, .. } = &events[0] else {
        panic!()
    };
    assert_eq!(
        (outcome.passed, outcome.failed.as_slice()),
        (false, ["flue CO".to_owned()].as_slice())
    );
    // A reading of the wrong kind is refused, not judged.
    shop.run(manager(), Command::PlanInspection { plan: plan() });
    let wrong = Command::RecordInspection {
        inspection: InspectionNo(2),
        readings: vec![Reading::Value(1), Reading::Value(40), Reading::Defects(0)],
        defects: Vec::new(),
    };
    assert_eq!(
        shop.try_run(inspector(), &wrong).unwrap_err().rule(),
        "invalid_command"
    );
    shop.run(
        manager(),
        Command::LinkNonConformance {
            inspection: InspectionNo(1),
            non_conformance: casework::NonConformanceId::from_uuid(uuid::Uuid::from_u128(9)),
        },
    );
    let inspector_owner = person(3, &[Role::ProcessOwner]);
    let concession = Command::ApproveConcession {
        inspection: InspectionNo(1),
        reason: "Within the manufacturer's tolerance".to_owned(),
    };
    assert_eq!(
        shop.try_run(inspector_owner, &concession)
            .unwrap_err()
            .rule(),
        "concession_by_inspector"
    );
    shop.run(owner(), concession);
    assert!(shop.order.inspection(InspectionNo(1)).unwrap().is_settled());
}

#[test]
fn stages_go_in_order_and_a_rejection_withdraws_every_approval() {
    let mut shop = Shop::ready();
    // Undo the approvals with a rejection at the second stage.
    shop.run(
        owner(),
        Command::RejectStage {
            stage: "process_owner".to_owned(),
            reason: "Flue photo missing".to_owned(),
        },
    );
    assert!(shop.order.stages().iter().all(|s| s.approvals.is_empty()));
    assert_eq!(shop.order.rejections()[0].reason, "Flue photo missing");
    // Nothing is approved again until the work changes.
    let refused = shop
        .try_run(
            reviewer(),
            &Command::ApproveStage {
                stage: "quality".to_owned(),
            },
        )
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "the work is unchanged since stage `process_owner` rejected it: Flue photo missing"
    );
    shop.run(
        csr(),
        Command::UntickItem {
            item: "execution.delivered".to_owned(),
            reason: "Add the flue photo".to_owned(),
        },
    );
    shop.run(
        csr(),
        tick(
            "execution.delivered",
            Some("Service report SR-120 with flue photo"),
        ),
    );
    let refused = shop
        .try_run(
            owner(),
            &Command::ApproveStage {
                stage: "process_owner".to_owned(),
            },
        )
        .unwrap_err();
    assert_eq!(refused.to_string(), "approval stage `quality` comes first");
    let refused = shop
        .try_run(
            owner(),
            &Command::ApproveStage {
                stage: "quality".to_owned(),
            },
        )
        .unwrap_err();
    assert_eq!(refused.rule(), "stage_role");
    let refused = shop
        .try_run(
            inspector(),
            &Command::ApproveStage {
                stage: "quality".to_owned(),
            },
        )
        .unwrap_err();
    assert_eq!(refused.rule(), "approver_is_inspector");
    shop.run(
        reviewer(),
        Command::ApproveStage {
            stage: "quality".to_owned(),
        },
    );
    shop.run(
        owner(),
        Command::ApproveStage {
            stage: "process_owner".to_owned(),
        },
    );
    let sign = acknowledged(&shop);
    shop.run(owner(), sign);
    assert_eq!(shop.order.status(), Some(Status::SignedOff));
    assert_eq!(
        shop.try_run(
            manager(),
            &Command::Cancel {
                reason: "x".to_owned()
            }
        )
        .unwrap_err()
        .rule(),
        "invalid_transition"
    );
}

#[test]
fn a_change_to_the_work_leaves_every_approval_stale() {
    let mut shop = Shop::ready();
    // QA's check is quietly marked not applicable after the approvals.
    shop.run(
        inspector(),
        Command::UntickItem {
            item: "quality.checked".to_owned(),
            reason: "redo".to_owned(),
        },
    );
    shop.run(
        inspector(),
        Command::MarkNotApplicable {
            item: "quality.checked".to_owned(),
            reason: "skip".to_owned(),
        },
    );
    let sign = acknowledged(&shop);
    let refused = shop.try_run(manager(), &sign).unwrap_err();
    let DeliveryError::NotReadyToSignOff { missing } = refused else {
        panic!()
    };
    assert_eq!(
        missing,
        [
            SignOffRequirement::Stage("quality".to_owned()),
            SignOffRequirement::Stage("process_owner".to_owned())
        ]
    );
    // The approvals are kept, stale; the same people approve the new work.
    assert_eq!(shop.order.stages()[0].approvals.len(), 1);
    shop.run(
        reviewer(),
        Command::ApproveStage {
            stage: "quality".to_owned(),
        },
    );
    shop.run(
        owner(),
        Command::ApproveStage {
            stage: "process_owner".to_owned(),
        },
    );
    let sign = acknowledged(&shop);
    shop.run(manager(), sign);
}

#[test]
fn an_approver_who_inspects_later_can_approve_no_more() {
    let mut shop = Shop::ready();
    shop.run(manager(), Command::PlanInspection { plan: plan() });
    shop.run(reviewer(), record(2, 40));
    let refused = shop
        .try_run(
            reviewer(),
            &Command::ApproveStage {
                stage: "quality".to_owned(),
            },
        )
        .unwrap_err();
    assert_eq!(refused.rule(), "approver_is_inspector");
    let refused = shop.try_run(manager(), &acknowledged(&shop)).unwrap_err();
    assert_eq!(refused.rule(), "not_ready_to_sign_off");
}

#[test]
fn a_critical_defect_fails_the_inspection_and_a_plan_can_be_withdrawn() {
    use casework::Severity;
    use casework::delivery::Defect;
    let mut shop = Shop::new();
    shop.run(manager(), open());
    shop.run(manager(), Command::PlanInspection { plan: plan() });
    let gas = Defect {
        description: "gas smell at the valve".to_owned(),
        severity: Severity::Critical,
    };
    let readings = vec![Reading::Pass(true), Reading::Value(40), Reading::Defects(0)];
    let refused = shop
        .try_run(
            inspector(),
            &Command::RecordInspection {
                inspection: InspectionNo(1),
                readings: readings.clone(),
                defects: vec![gas.clone()],
            },
        )
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "invalid `record_inspection`: readings[2]: 0 defects counted, 1 listed"
    );
    let readings = vec![Reading::Pass(true), Reading::Value(40), Reading::Defects(1)];
    shop.run(
        inspector(),
        Command::RecordInspection {
            inspection: InspectionNo(1),
            readings,
            defects: vec![gas],
        },
    );
    let outcome = &shop
        .order
        .inspection(InspectionNo(1))
        .unwrap()
        .result
        .as_ref()
        .unwrap()
        .outcome;
    assert_eq!(
        outcome.failed,
        ["loose fittings", "critical defect: gas smell at the valve"]
    );
    shop.run(manager(), Command::PlanInspection { plan: plan() });
    shop.run(
        manager(),
        Command::WithdrawInspection {
            inspection: InspectionNo(2),
            reason: "Planned twice".to_owned(),
        },
    );
    assert!(shop.order.inspection(InspectionNo(2)).unwrap().is_settled());
    assert_eq!(
        shop.try_run(inspector(), &record(2, 40))
            .unwrap_err()
            .rule(),
        "inspection_withdrawn"
    );
}
