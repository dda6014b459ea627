//! The case's deadlines in the shapes the contract test reaches only by
//! chance: a ladder acknowledged between two levels' due instants, and a
//! reassessment that moves an SLA target past thresholds already recorded.

use casework::case::{Case, CaseKind, Command, Event};
use casework::priority::{Impact, SeverityFacts, Urgency};
use casework::{Aggregate, Channel, Ctx, Policy, PolicySpec, Severity};
use chrono::{DateTime, TimeDelta, Utc};

use crate::case::fixtures::{csr, log, monday, system, thresholds_recorded};

fn hours(h: i64) -> DateTime<Utc> {
    monday() + TimeDelta::hours(h)
}

/// A critical complaint (P1), logged at 09:00 on the SOP policy.
fn logged(policy: &Policy) -> Case {
    let mut case = Case::default();
    case.record(
        &log(CaseKind::Complaint, Severity::Critical),
        &Ctx::new(monday(), csr(), policy),
    )
    .unwrap();
    case
}

fn acknowledge(case: &mut Case, policy: &Policy, at: DateTime<Utc>) {
    let acknowledge = Command::Acknowledge {
        channel: Channel::Email,
    };
    case.record(&acknowledge, &Ctx::new(at, csr(), policy))
        .unwrap();
}

/// The ladder levels recorded, as (level, due).
fn levels(recorded: &[Event]) -> Vec<(u8, DateTime<Utc>)> {
    recorded
        .iter()
        .filter_map(|event| match event {
            Event::Escalated {
                level,
                due: Some(due),
                ..
            } => Some((*level, *due)),
            _ => None,
        })
        .collect()
}

fn due(case: &mut Case, policy: &Policy, at: DateTime<Utc>) -> Vec<Event> {
    case.record_due(&Ctx::new(at, system(), policy))
        .unwrap()
        .into_iter()
        .map(|r| r.event)
        .collect()
}

/// The SOP's P1 ladder cut to two levels, level 1 unless acknowledged within
/// an hour and level 2 unless resolved within four, round the clock. Neither
/// the severity at intake nor an SLA breach escalates, so that only the ladder
/// does.
fn two_level_ladder() -> Policy {
    two_level_ladder_spec().compile().unwrap()
}

fn two_level_ladder_spec() -> PolicySpec {
    let mut spec = PolicySpec::sop_default();
    let ladder = &mut spec.priority.ladders[0];
    assert_eq!(ladder.priority, casework::priority::Priority(1));
    ladder.levels.truncate(2);
    spec.sla.escalate_on_breach = false;
    spec.case.immediate_escalation = None;
    spec
}

/// A manual escalation given after a ladder level came due, unrecorded, first
/// records that level as of its due instant. With no SLA target, nothing
/// else can have come due: the ladder alone must tell `decide` to look.
#[test]
fn a_manual_escalation_first_records_the_ladder_level_that_came_due() {
    let mut spec = two_level_ladder_spec();
    spec.sla.targets.clear();
    let policy = spec.compile().unwrap();
    let escalated_at = |at| {
        let escalate = Command::Escalate {
            reason: "The customer called again".to_owned(),
        };
        logged(&policy)
            .record(&escalate, &Ctx::new(at, csr(), &policy))
            .unwrap()
            .into_iter()
            .map(|r| r.event)
            .collect::<Vec<Event>>()
    };
    let events = escalated_at(hours(2));
    assert_eq!(levels(&events), [(1, hours(1))], "{events:#?}");
    assert_eq!(events.len(), 2, "{events:#?}");
    assert!(matches!(
        events[1],
        Event::Escalated {
            level: 2,
            due: None,
            ..
        }
    ));

    // Given after both levels came due, it records both first.
    let events = escalated_at(hours(5));
    assert_eq!(
        levels(&events),
        [(1, hours(1)), (2, hours(4))],
        "{events:#?}"
    );
    assert!(matches!(
        events.last(),
        Some(Event::Escalated { due: None, .. })
    ));
}

/// The on-time scheduler: at each deadline up to `until`, in turn.
fn on_time(case: &mut Case, policy: &Policy, until: DateTime<Utc>) -> Vec<Event> {
    let mut recorded = Vec::new();
    while let Some(next) = case.next_deadline(policy).unwrap().filter(|n| *n <= until) {
        let events = due(case, policy, next);
        assert!(!events.is_empty(), "nothing recorded at {next}");
        recorded.extend(events);
    }
    recorded
}

#[test]
fn a_late_scheduler_records_a_ladder_acknowledged_between_its_levels_as_an_on_time_one() {
    let policy = two_level_ladder();

    // On time: level 1 at 10:00, the acknowledgement at 11:00, level 2 at 13:00.
    let mut case = logged(&policy);
    let mut recorded = on_time(&mut case, &policy, hours(2));
    acknowledge(&mut case, &policy, hours(2));
    recorded.extend(on_time(&mut case, &policy, hours(5)));
    assert_eq!(levels(&recorded), [(1, hours(1)), (2, hours(4))]);

    // Late: the acknowledgement at 11:00 comes first; the scheduler runs at
    // 14:00 only. Level 1 was due while the case was unacknowledged, and is
    // recorded as of its due instant all the same.
    let mut late = logged(&policy);
    acknowledge(&mut late, &policy, hours(2));
    let late_recorded = due(&mut late, &policy, hours(5));
    assert_eq!(
        late_recorded, recorded,
        "the late scheduler recorded other deadlines"
    );
    assert_eq!(late.escalation_level(), case.escalation_level());
}

#[test]
fn each_ladder_level_names_the_milestone_it_waited_for() {
    let policy = two_level_ladder();
    let mut case = logged(&policy);
    let reasons: Vec<String> = due(&mut case, &policy, hours(5))
        .into_iter()
        .filter_map(|event| match event {
            Event::Escalated { reason, .. } => Some(reason),
            _ => None,
        })
        .collect();
    assert_eq!(
        reasons,
        [
            format!(
                "P1 ladder level 1 came due at {} without acknowledgement",
                hours(1)
            ),
            format!(
                "P1 ladder level 2 came due at {} without resolution",
                hours(4)
            ),
        ]
    );
}

#[test]
fn an_acknowledgement_before_the_first_level_leaves_only_the_second() {
    let policy = two_level_ladder();
    let mut case = logged(&policy);
    acknowledge(&mut case, &policy, hours(0) + TimeDelta::minutes(30));
    assert_eq!(levels(&due(&mut case, &policy, hours(5))), [(2, hours(4))]);
}

#[test]
fn a_reassessment_to_a_longer_target_records_each_threshold_of_a_cycle_once() {
    let policy = Policy::sop_default().unwrap();
    let mut case = logged(&policy);
    // P1 resolution within 8 hours: its warnings at 15:00 and 16:12.
    let mut recorded = on_time(&mut case, &policy, hours(7) + TimeDelta::minutes(15));
    // Reassessed to P2 at 16:24: a day to resolve, so 75 % lies at 03:00
    // tomorrow, a threshold this cycle has already recorded.
    let reassess = Command::Reassess {
        facts: SeverityFacts::default(),
        impact: Impact(2),
        urgency: Urgency(1),
        reason: "Only one customer affected".into(),
    };
    case.record(
        &reassess,
        &Ctx::new(hours(7) + TimeDelta::minutes(24), csr(), &policy),
    )
    .unwrap();
    // The breach, under the new target at 09:00 tomorrow, comes due then.
    recorded.extend(on_time(&mut case, &policy, hours(24)));
    assert!(
        recorded
            .iter()
            .any(|e| matches!(e, Event::SlaBreached { metric, .. } if metric == "resolution")),
        "{recorded:#?}"
    );
    recorded.extend(on_time(&mut case, &policy, hours(24 * 30)));
    assert_eq!(case.next_deadline(&policy).unwrap(), None);
    let resolution = thresholds_recorded(&recorded, "resolution");
    assert_eq!(
        resolution,
        [
            (Some(75), hours(6)),
            (Some(90), hours(7) + TimeDelta::minutes(12)),
            (None, hours(24)),
        ],
        "each threshold of the cycle once, the breach under the new target"
    );
}
