//! The wire contract: the serde form of every CAPA event, taken from real
//! histories so that the signatures' content hashes are snapshot too (a change
//! to the canonical encoding shows here), and every command round-trips.

#![cfg(feature = "serde")]

use std::collections::BTreeMap;

use casework::CapaCommandKind;
use casework::quality::capa::{ActionKind, ActionNo, Command, Event, Source, Status};
use chrono::TimeDelta;

use super::fixtures::{Record, action, approver, author, opening, owner, qa, risk, system};
use crate::case::wire::round_trip;

/// Every event name, in declaration order.
const EVENT_NAMES: [&str; 17] = [
    "opened",
    "source_linked",
    "risk_assessed",
    "action_planned",
    "action_revised",
    "action_cancelled",
    "plan_submitted",
    "plan_approved",
    "plan_returned",
    "action_started",
    "action_completed",
    "implementation_verified",
    "effectiveness_checked",
    "closed",
    "cancelled",
    "action_overdue",
    "effectiveness_check_due",
];

/// Histories that between them record every event: the main path to closure,
/// and a side path through a returned plan, a revision, a cancellation, the
/// deadlines and a cancelled CAPA.
fn histories() -> Vec<Event> {
    let mut side = Record::at(Status::PlanSubmitted);
    side.run(
        approver(),
        Command::ReturnPlan {
            comments: "Add a preventive action".into(),
        },
    );
    side.run(
        author(),
        Command::AssessRisk {
            risk: risk(6, 4, 4),
        },
    );
    side.run(
        author(),
        Command::LinkSource {
            source: Source::AuditFinding {
                finding: "IA-2026-03".into(),
            },
        },
    );
    let due = side.now + TimeDelta::days(3);
    side.run(author(), action(ActionKind::Preventive, &owner(), due));
    side.run(
        author(),
        Command::ReviseAction {
            action: ActionNo(2),
            description: Some("Alert when a print job is late".into()),
            owner: None,
            due: Some(due + TimeDelta::days(1)),
        },
    );
    side.run(author(), action(ActionKind::Corrective, &owner(), due));
    side.run(
        author(),
        Command::CancelAction {
            action: ActionNo(3),
            reason: "Same as action 1".into(),
        },
    );
    side.after(TimeDelta::days(30))
        .run(system(), Command::RecordDeadline);
    side.run(
        approver(),
        Command::Cancel {
            reason: "Merged into CAPA-2026-000008".into(),
        },
    );

    let mut main = Record::at(Status::Verified);
    main.now = main.capa.effectiveness_due().unwrap();
    main.run(system(), Command::RecordDeadline);
    main.run(
        qa(),
        Command::CheckEffectiveness {
            effective: true,
            evidence: "No late parcels in six weeks".into(),
        },
    );
    main.run(approver(), Command::Close);
    main.history
        .iter()
        .chain(&side.history)
        .map(|r| r.event.clone())
        .collect()
}

#[test]
fn every_event_has_a_snapshot() {
    let mut first = BTreeMap::new();
    for event in histories() {
        first.entry(event.name()).or_insert(event);
    }
    let names: Vec<&str> = EVENT_NAMES
        .iter()
        .copied()
        .filter(|n| first.contains_key(n))
        .collect();
    assert_eq!(names, EVENT_NAMES, "the histories record every event");
    for name in EVENT_NAMES {
        let event = &first[name];
        let json = round_trip(event);
        assert_eq!(json["type"], name);
        insta::assert_json_snapshot!(format!("capa_event_{name}"), event);
    }
}

#[test]
fn every_command_round_trips() {
    let commands = vec![
        Command::Open { opening: opening() },
        Command::LinkSource {
            source: Source::AuditFinding {
                finding: "IA-2026-03".into(),
            },
        },
        Command::AssessRisk {
            risk: risk(6, 4, 4),
        },
        action(ActionKind::Preventive, &owner(), super::fixtures::monday()),
        Command::ReviseAction {
            action: ActionNo(1),
            description: None,
            owner: Some(qa().id),
            due: None,
        },
        Command::CancelAction {
            action: ActionNo(1),
            reason: "Not needed".into(),
        },
        Command::SubmitPlan,
        Command::ApprovePlan,
        Command::ReturnPlan {
            comments: "More".into(),
        },
        Command::StartAction {
            action: ActionNo(1),
        },
        Command::CompleteAction {
            action: ActionNo(1),
            evidence: "Done".into(),
        },
        Command::VerifyImplementation,
        Command::CheckEffectiveness {
            effective: false,
            evidence: "Recurred".into(),
        },
        Command::Close,
        Command::Cancel {
            reason: "Duplicate".into(),
        },
        Command::RecordDeadline,
    ];
    let kinds: Vec<CapaCommandKind> = commands.iter().map(Command::kind).collect();
    let expected = CapaCommandKind::ALL.to_vec();
    assert_eq!(
        kinds, expected,
        "one command per CAPA kind, in declaration order"
    );
    for command in &commands {
        let json = round_trip(command);
        assert_eq!(json["command"], command.kind().as_str());
    }
}
