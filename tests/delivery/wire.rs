//! The wire form: every event from real histories, snapshot-tested (the
//! completion signature's hash included), and every command round-trips.

use std::collections::BTreeMap;

use casework::ServiceOrderCommandKind;
use casework::delivery::{Command, CustomerAcknowledgement, Event, InspectionNo};

use super::{Shop, csr, inspector, manager, open, owner, plan, record, tick};
use crate::case::wire::round_trip;

const EVENT_NAMES: [&str; 14] = [
    "opened",
    "item_ticked",
    "item_not_applicable",
    "item_unticked",
    "inspection_planned",
    "inspection_recorded",
    "inspection_withdrawn",
    "non_conformance_linked",
    "concession_approved",
    "stage_approved",
    "stage_rejected",
    "signed_off",
    "cancelled",
    "milestone_overdue",
];

fn commands() -> Vec<Command> {
    vec![
        open(),
        tick("planning.plan", Some("Plan P-1")),
        Command::MarkNotApplicable {
            item: "resources.allocated".into(),
            reason: "Own parts".into(),
        },
        Command::UntickItem {
            item: "planning.plan".into(),
            reason: "Plan changed".into(),
        },
        Command::PlanInspection { plan: plan() },
        record(1, 180),
        Command::WithdrawInspection {
            inspection: InspectionNo(2),
            reason: "Planned twice".into(),
        },
        Command::LinkNonConformance {
            inspection: InspectionNo(1),
            non_conformance: casework::NonConformanceId::from_uuid(uuid::Uuid::from_u128(9)),
        },
        Command::ApproveConcession {
            inspection: InspectionNo(1),
            reason: "Within tolerance".into(),
        },
        Command::ApproveStage {
            stage: "quality".into(),
        },
        Command::RejectStage {
            stage: "process_owner".into(),
            reason: "Photo missing".into(),
        },
        Command::SignOff {
            acknowledgement: Some(CustomerAcknowledgement {
                by: "J. Doe".into(),
                at: super::monday(),
            }),
        },
        Command::Cancel {
            reason: "Called off".into(),
        },
        Command::RecordDeadline,
    ]
}

#[test]
fn every_event_has_a_snapshot() {
    let mut main = Shop::ready();
    main.run(
        owner(),
        Command::RejectStage {
            stage: "process_owner".into(),
            reason: "Photo missing".into(),
        },
    );
    main.run(csr(), tick("feedback.requested", None));
    main.run(
        super::reviewer(),
        Command::ApproveStage {
            stage: "quality".into(),
        },
    );
    main.run(
        owner(),
        Command::ApproveStage {
            stage: "process_owner".into(),
        },
    );
    let at = main.now;
    main.run(
        manager(),
        Command::SignOff {
            acknowledgement: Some(CustomerAcknowledgement {
                by: "J. Doe".into(),
                at,
            }),
        },
    );
    let mut side = Shop::new();
    side.run(manager(), open());
    side.run(
        csr(),
        Command::MarkNotApplicable {
            item: "resources.allocated".into(),
            reason: "Own parts".into(),
        },
    );
    side.run(csr(), tick("planning.plan", None));
    side.run(
        csr(),
        Command::UntickItem {
            item: "planning.plan".into(),
            reason: "Plan changed".into(),
        },
    );
    side.run(manager(), Command::PlanInspection { plan: plan() });
    side.run(inspector(), record(1, 180));
    side.run(
        manager(),
        Command::LinkNonConformance {
            inspection: InspectionNo(1),
            non_conformance: casework::NonConformanceId::from_uuid(uuid::Uuid::from_u128(9)),
        },
    );
    side.run(
        owner(),
        Command::ApproveConcession {
            inspection: InspectionNo(1),
            reason: "Within tolerance".into(),
        },
    );
    side.run(manager(), Command::PlanInspection { plan: plan() });
    side.run(
        manager(),
        Command::WithdrawInspection {
            inspection: InspectionNo(2),
            reason: "Planned twice".into(),
        },
    );
    // The sign-off is not done by the close of the 10th business day.
    side.try_run_at(
        side.now + chrono::TimeDelta::days(15),
        super::scheduler(),
        &Command::RecordDeadline,
    )
    .unwrap();
    side.run(
        manager(),
        Command::Cancel {
            reason: "Called off".into(),
        },
    );
    let mut first: BTreeMap<&str, Event> = BTreeMap::new();
    for r in main.history.iter().chain(&side.history) {
        first
            .entry(r.event.name())
            .or_insert_with(|| r.event.clone());
    }
    assert_eq!(
        first.len(),
        EVENT_NAMES.len(),
        "the histories record every event"
    );
    for name in EVENT_NAMES {
        let event = &first[name];
        let json = round_trip(event);
        assert_eq!(json["type"], name);
        insta::assert_json_snapshot!(format!("service_order_event_{name}"), event);
    }
}

#[test]
fn every_command_round_trips_with_its_kind_as_tag() {
    let commands = commands();
    let kinds: Vec<ServiceOrderCommandKind> = commands.iter().map(Command::kind).collect();
    let expected = ServiceOrderCommandKind::ALL.to_vec();
    assert_eq!(kinds, expected);
    for command in &commands {
        let json = round_trip(command);
        assert_eq!(json["command"], command.kind().as_str());
    }
}
