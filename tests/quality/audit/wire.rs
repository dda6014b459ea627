//! The wire contract: the serde form of every audit event, taken from real
//! histories, and every command round-trips with its kind as its tag.

use std::collections::BTreeMap;

use casework::quality::audit::{Command, CriterionScore, Event, Finding};
use casework::{AuditCommandKind, NonConformanceId, Severity};
use chrono::TimeDelta;
use uuid::Uuid;

use super::{Aud, manager, open, qa, score, scores_by, system};
use crate::case::wire::round_trip;

/// Every event name, in declaration order.
const EVENT_NAMES: [&str; 5] = [
    "opened",
    "scored",
    "non_conformance_raised",
    "withdrawn",
    "audit_overdue",
];

fn ncr() -> NonConformanceId {
    NonConformanceId::from_uuid(Uuid::from_u128(0x5E))
}

fn finding() -> Finding {
    Finding::new("No follow-up call was made")
        .severity(Severity::Medium)
        .criterion("followed_up")
}

/// Two histories that record every event: one left past its due date, then
/// scored with a finding raised; one withdrawn.
fn histories() -> Vec<Event> {
    let mut scored = Aud::opened();
    let due = scored.audit.score_due().unwrap();
    scored
        .run_at(due, system(), Command::RecordDeadline)
        .unwrap();
    scored.ok(
        qa(),
        score(scores_by(&[("followed_up", 0)]), vec![finding()]),
    );
    scored.ok(
        qa(),
        Command::RaiseNonConformance {
            finding: 1,
            ncr: ncr(),
        },
    );
    let mut withdrawn = Aud::opened();
    withdrawn.after(TimeDelta::hours(1)).ok(
        manager(),
        Command::Withdraw {
            reason: "Sampled in error: a duplicate".into(),
        },
    );
    scored
        .history
        .iter()
        .chain(&withdrawn.history)
        .map(|r| r.event.clone())
        .collect()
}

#[test]
fn every_audit_event_has_a_snapshot() {
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
        insta::assert_json_snapshot!(format!("audit_event_{name}"), event);
    }
}

#[test]
fn every_command_round_trips_with_its_kind_as_its_tag() {
    let commands = vec![
        open(),
        Command::Score {
            scores: vec![CriterionScore::new("followed_up", 0)],
            findings: vec![finding()],
            comments: "Checked against the record".into(),
        },
        Command::RaiseNonConformance {
            finding: 1,
            ncr: ncr(),
        },
        Command::Withdraw {
            reason: "Sampled in error".into(),
        },
        Command::RecordDeadline,
    ];
    let kinds: Vec<AuditCommandKind> = commands.iter().map(Command::kind).collect();
    assert_eq!(
        kinds,
        AuditCommandKind::ALL,
        "one command per kind, in declaration order"
    );
    for command in &commands {
        let json = round_trip(command);
        assert_eq!(json["command"], command.kind().as_str());
    }
    insta::assert_json_snapshot!("audit_commands", commands);
    // A field the command does not have is refused, not dropped.
    let unknown = serde_json::from_str::<Command>(
        r#"{"command":"withdraw_audit","reason":"x","when":"now"}"#,
    );
    assert!(unknown.is_err());
    // Findings and comments may be left out.
    let bare: Command = serde_json::from_str(r#"{"command":"score_audit","scores":[]}"#).unwrap();
    assert_eq!(
        bare,
        Command::Score {
            scores: vec![],
            findings: vec![],
            comments: String::new()
        }
    );
}
