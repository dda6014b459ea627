//! SLA clocks on a case: its events feed the timeline, and the scheduler records
//! warnings and breaches exactly once.

use casework::Aggregate as _;
use casework::case::{CaseKind, Command, Event, NoteVisibility};
use casework::priority::{EscalationTrigger, Priority};
use casework::sla::{ClockState, Threshold};
use casework::{Channel, Severity};
use chrono::TimeDelta;

use crate::case::fixtures::{Desk, csr, log, monday, system};

#[test]
fn the_scheduler_records_warnings_and_breaches_once() {
    let mut desk = Desk::new();
    desk.ok(csr(), log(CaseKind::Complaint, Severity::Low));
    assert_eq!(desk.case.priority(), Some(Priority(5)));
    // First response within 24 hours, around the clock: the 75 % warning is next.
    let warning = monday() + TimeDelta::hours(18);
    assert_eq!(
        desk.case.next_deadline(&desk.policy).unwrap(),
        Some(warning)
    );
    let events = desk
        .run_at(warning, system(), Command::RecordDeadline)
        .unwrap();
    assert_eq!(
        events,
        [Event::SlaWarning {
            metric: "first_response".into(),
            cycle: 0,
            percent: 75,
            reached_at: warning
        }]
    );
    assert_eq!(
        desk.run_at(warning, system(), Command::RecordDeadline)
            .unwrap(),
        [],
        "recorded once"
    );

    // A scheduler that wakes late records what it missed, and the breach escalates.
    let late = monday() + TimeDelta::hours(30);
    let events = desk
        .run_at(late, system(), Command::RecordDeadline)
        .unwrap();
    let names: Vec<&str> = events.iter().map(Event::name).collect();
    assert_eq!(names, ["sla_warning", "sla_breached", "escalated"]);
    assert!(matches!(
        &events[1],
        Event::SlaBreached { metric, reached_at, .. } if metric == "first_response" && *reached_at == monday() + TimeDelta::hours(24)
    ));
    assert!(matches!(
        &events[2],
        Event::Escalated {
            level: 1,
            trigger: EscalationTrigger::SlaBreach,
            ..
        }
    ));
    assert_eq!(
        desk.run_at(late, system(), Command::RecordDeadline)
            .unwrap(),
        []
    );

    // Acknowledging now does not undo the breach.
    desk.run_at(
        late,
        csr(),
        Command::Acknowledge {
            channel: Channel::Phone,
        },
    )
    .unwrap();
    let statuses = desk.case.sla_status(&desk.policy, late).unwrap();
    let first = statuses
        .iter()
        .find(|s| s.metric == "first_response")
        .unwrap();
    assert_eq!(first.state, ClockState::Breached);
    assert_eq!(
        first.passed.last().map(|(t, _)| *t),
        Some(Threshold::Breach)
    );
}

/// A low complaint, acknowledged and under investigation.
fn investigating() -> Desk {
    let mut desk = Desk::new();
    desk.ok(csr(), log(CaseKind::Complaint, Severity::Low));
    desk.ok(
        csr(),
        Command::Acknowledge {
            channel: Channel::Email,
        },
    );
    desk.ok(csr(), Command::StartInvestigation);
    desk
}

#[test]
fn waiting_on_the_customer_pauses_the_resolution_clock() {
    let mut desk = investigating();
    let asked = desk.now + TimeDelta::minutes(1);
    desk.run_at(
        asked,
        csr(),
        Command::WaitOnCustomer {
            reason: "Photos of the damage".into(),
        },
    )
    .unwrap();
    let answered = asked + TimeDelta::days(3);
    desk.run_at(
        answered,
        system(),
        Command::RecordCustomerMessage {
            channel: Channel::Email,
        },
    )
    .unwrap();
    // The answer resumes the case on its own.
    assert_eq!(
        desk.case.status(),
        Some(casework::case::Status::Investigating)
    );
    let statuses = desk.case.sla_status(&desk.policy, answered).unwrap();
    let resolution = statuses.iter().find(|s| s.metric == "resolution").unwrap();
    // Monday 09:00–09:04 counted; the rest of Monday to Thursday 09:04 paused.
    assert_eq!(resolution.elapsed, TimeDelta::minutes(4));
    assert_eq!(resolution.state, ClockState::Running);
    // The customer's message started a next-response clock; a reply to the
    // customer stops it.
    let next = statuses
        .iter()
        .find(|s| s.metric == "next_response")
        .unwrap();
    assert_eq!(next.stopped_at, None);
    desk.run_at(
        answered + TimeDelta::hours(1),
        csr(),
        Command::AddNote {
            text: "Thanks, replacing it".into(),
            visibility: NoteVisibility::Customer,
        },
    )
    .unwrap();
    let statuses = desk.case.sla_status(&desk.policy, desk.now).unwrap();
    let next = statuses
        .iter()
        .find(|s| s.metric == "next_response")
        .unwrap();
    assert_eq!(
        (next.state, next.elapsed),
        (ClockState::Met, TimeDelta::hours(1))
    );
}

#[test]
fn an_unresolved_concern_is_escalated_within_the_target_at_once() {
    let mut desk = investigating();
    desk.ok(
        csr(),
        Command::Resolve {
            resolution: Some(casework::case::Resolution::text("Refunded")),
            root_cause: Some("process".into()),
        },
    );
    desk.ok(
        csr(),
        Command::RecordFollowUp {
            channel: Channel::Phone,
            rating: Some(2),
            comments: "Still unhappy".into(),
            concern_resolved: false,
            answers: Vec::new(),
        },
    );
    let statuses = desk.case.sla_status(&desk.policy, desk.now).unwrap();
    let concern = statuses
        .iter()
        .find(|s| s.metric == "concern_escalation")
        .unwrap();
    assert_eq!(
        (concern.state, concern.elapsed),
        (ClockState::Met, TimeDelta::zero())
    );
    let follow_up = statuses.iter().find(|s| s.metric == "follow_up").unwrap();
    assert_eq!(follow_up.state, ClockState::Met);
}

#[test]
fn a_case_that_leaves_the_desk_cancels_its_clocks_but_keeps_its_breaches() {
    let mut desk = Desk::new();
    desk.ok(csr(), log(CaseKind::Complaint, Severity::Low));
    // Withdrawn after 30 hours: first response breached at 24 hours, unrecorded.
    let withdrawn = monday() + TimeDelta::hours(30);
    desk.run_at(
        withdrawn,
        csr(),
        Command::Withdraw {
            reason: "Sorted it out".into(),
        },
    )
    .unwrap();
    let statuses = desk
        .case
        .sla_status(&desk.policy, withdrawn + TimeDelta::days(30))
        .unwrap();
    let state = |metric: &str| {
        statuses
            .iter()
            .find(|s| s.metric == metric)
            .map(|s| s.state)
    };
    assert_eq!(state("first_response"), Some(ClockState::Breached));
    assert_eq!(state("resolution"), Some(ClockState::Cancelled));
    // The late scheduler still records the warning and the breach, each as of
    // the instant it was reached, while the case was open.
    assert_eq!(
        desk.case.next_deadline(&desk.policy).unwrap(),
        Some(monday() + TimeDelta::hours(18))
    );
    let events = desk
        .run_at(
            withdrawn + TimeDelta::hours(1),
            system(),
            Command::RecordDeadline,
        )
        .unwrap();
    let names: Vec<&str> = events.iter().map(Event::name).collect();
    assert_eq!(
        names,
        ["sla_warning", "sla_warning", "sla_breached", "escalated"]
    );
    assert_eq!(desk.case.next_deadline(&desk.policy).unwrap(), None);
}

#[test]
fn an_unresolved_concern_at_the_top_level_is_referred_to_the_top_again() {
    let mut desk = investigating();
    for _ in 0..3 {
        desk.ok(
            csr(),
            Command::Escalate {
                reason: "Press".into(),
            },
        );
    }
    desk.ok(
        csr(),
        Command::Resolve {
            resolution: Some(casework::case::Resolution::text("Refunded")),
            root_cause: Some("process".into()),
        },
    );
    let events = desk.ok(
        csr(),
        Command::RecordFollowUp {
            channel: Channel::Phone,
            rating: Some(1),
            comments: "No".into(),
            concern_resolved: false,
            answers: Vec::new(),
        },
    );
    assert!(matches!(
        events.as_slice(),
        [
            _,
            Event::Escalated {
                level: 3,
                trigger: EscalationTrigger::UnresolvedConcern,
                ..
            }
        ]
    ));
    let statuses = desk
        .case
        .sla_status(&desk.policy, desk.now + TimeDelta::days(2))
        .unwrap();
    let concern = statuses
        .iter()
        .find(|s| s.metric == "concern_escalation")
        .unwrap();
    assert_eq!(concern.state, ClockState::Met);
}

#[test]
fn a_clock_out_of_its_calendars_range_is_a_calendar_refusal() {
    let mut desk = Desk::new();
    desk.ok(csr(), log(CaseKind::Complaint, Severity::Low));
    let far = monday() + TimeDelta::days(125 * 365);
    let refused = desk.case.sla_status(&desk.policy, far).unwrap_err();
    assert!(
        matches!(refused, casework::case::CaseError::Calendar(_)),
        "{refused:?}"
    );
    assert_eq!(refused.rule(), "calendar");
}
