//! The wire contract: the serde form of every feedback-item event, taken from
//! real histories, and every command round-trips with its kind as its tag.

use std::collections::BTreeMap;

use casework::FeedbackCommandKind;
use casework::feedback::item::{Command, Event, FeedbackKind, Link};
use casework::{CapaId, MeetingId};
use chrono::TimeDelta;
use uuid::Uuid;

use super::{Item, csr, from_customer, from_staff, management, owner, qa, system};
use crate::case::wire::round_trip;

/// Every event name, in declaration order.
const EVENT_NAMES: [&str; 8] = [
    "logged",
    "linked",
    "unlinked",
    "reviewed",
    "review_overdue",
    "legal_hold_placed",
    "legal_hold_released",
    "personal_data_erased",
];

fn capa() -> Link {
    Link::Capa {
        id: CapaId::from_uuid(Uuid::from_u128(0xCA)),
    }
}

fn action() -> Link {
    Link::MeetingAction {
        meeting: MeetingId::from_uuid(Uuid::from_u128(3)),
        item: 2,
    }
}

/// A history that records every event: logged, linked twice and unlinked
/// once, left past its review, reviewed, held and released, and disposed of.
fn history() -> Vec<Event> {
    let mut item = Item::logged();
    item.ok(csr(), Command::Link { link: capa() });
    item.ok(csr(), Command::Link { link: action() });
    item.ok(
        csr(),
        Command::Unlink {
            link: action(),
            reason: "The action item was cancelled".into(),
        },
    );
    let due = item.item.review_due().unwrap();
    item.run_at(due, system(), Command::RecordDeadline).unwrap();
    item.ok(
        qa(),
        Command::Review {
            note: "CAPA raised".into(),
        },
    );
    item.ok(
        owner(),
        Command::PlaceLegalHold {
            reason: "Claim 2027-003".into(),
        },
    );
    item.ok(
        owner(),
        Command::ReleaseLegalHold {
            reason: "Claim 2027-003".into(),
        },
    );
    item.after(TimeDelta::days(365))
        .ok(system(), Command::DisposeText);
    item.history.iter().map(|r| r.event.clone()).collect()
}

#[test]
fn every_feedback_item_event_has_a_snapshot() {
    let mut first = BTreeMap::new();
    for event in history() {
        first.entry(event.name()).or_insert(event);
    }
    let names: Vec<&str> = EVENT_NAMES
        .iter()
        .copied()
        .filter(|n| first.contains_key(n))
        .collect();
    assert_eq!(names, EVENT_NAMES, "the history records every event");
    for name in EVENT_NAMES {
        let event = &first[name];
        let json = round_trip(event);
        assert_eq!(json["type"], name);
        insta::assert_json_snapshot!(format!("feedback_item_event_{name}"), event);
    }
}

#[test]
fn a_staff_members_feedback_has_a_snapshot() {
    let mut item = Item::new();
    let events = item
        .run(csr(), from_staff(FeedbackKind::Suggestion, &csr()))
        .unwrap();
    insta::assert_json_snapshot!("feedback_item_event_logged_from_staff", events[0]);
}

#[test]
fn every_command_round_trips_with_its_kind_as_its_tag() {
    let commands = vec![
        from_customer(FeedbackKind::ProcessComplaint),
        from_staff(FeedbackKind::Suggestion, &management()),
        Command::Link { link: action() },
        Command::Unlink {
            link: capa(),
            reason: "Wrong CAPA".into(),
        },
        Command::Review {
            note: "Noted".into(),
        },
        Command::PlaceLegalHold {
            reason: "Claim".into(),
        },
        Command::ReleaseLegalHold {
            reason: "Claim".into(),
        },
        Command::EraseText {
            reason: "Erasure request ER-7".into(),
        },
        Command::DisposeText,
        Command::RecordDeadline,
    ];
    let kinds: Vec<FeedbackCommandKind> = commands.iter().map(Command::kind).collect();
    assert_eq!(
        kinds,
        FeedbackCommandKind::ALL,
        "one command per kind, in declaration order"
    );
    for command in &commands {
        let json = round_trip(command);
        assert_eq!(json["command"], command.kind().as_str());
    }
    insta::assert_json_snapshot!(
        "feedback_item_command_record_customer_feedback",
        commands[0]
    );
    insta::assert_json_snapshot!("feedback_item_commands", commands[1..]);
    // A field the command does not have is refused, not dropped.
    let unknown = serde_json::from_str::<Command>(
        r#"{"command":"review_feedback","note":"Noted","when":"now"}"#,
    );
    assert!(unknown.is_err());
}
