//! SLA clocks on a case: its events feed the timeline, and the scheduler records
//! warnings and breaches exactly once.

use casework::Aggregate as _;
use casework::Recorded;
use casework::case::{Case, CaseError, CaseKind, CloseRequirement, Command, Event, NoteVisibility};
use casework::priority::{EscalationAction, EscalationTrigger, LadderStep, Priority};
use casework::sla::{ClockState, Threshold};
use casework::{Channel, Role, Severity};
use chrono::TimeDelta;

use crate::case::fixtures::{Desk, csr, log, manager, monday, system, thresholds_recorded};

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
    under_investigation(Desk::new())
}

/// `desk`'s low complaint, logged, acknowledged and under investigation.
fn under_investigation(mut desk: Desk) -> Desk {
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

    // The timeline the case gives a caller, evaluated by the SLA policy in the
    // case's scope, gives the same clocks.
    let scope = casework::sla::Scope {
        category: "delivery/late",
        channel: "email",
        tier: None,
    };
    let policy = &desk.policy;
    let timeline = desk.case.sla_timeline();
    let evaluated = policy
        .sla()
        .evaluate(
            |name| policy.calendar_named(name),
            scope,
            &timeline,
            desk.now,
        )
        .unwrap();
    assert_eq!(evaluated, statuses);
    assert!(evaluated.iter().any(|s| s.metric == "resolution"));
}

/// `desk`'s case resolved and followed up with the concern unresolved:
/// returns when the concern was raised.
fn concern_raised(desk: &mut Desk) -> chrono::DateTime<chrono::Utc> {
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
            other_channel_reason: None,
            rating: Some(2),
            comments: "Still unhappy".into(),
            concern_resolved: false,
            answers: Vec::new(),
            last_surveyed_at: None,
            survey_override: None,
        },
    );
    // The follow-up opens the concern; it escalates nothing by itself.
    assert_eq!(events.len(), 1, "{events:?}");
    desk.now
}

/// The concern clock's status at `at`.
fn concern_clock(desk: &Desk, at: chrono::DateTime<chrono::Utc>) -> (ClockState, TimeDelta) {
    let statuses = desk.case.sla_status(&desk.policy, at).unwrap();
    let concern = statuses
        .iter()
        .find(|s| s.metric == "concern_escalation")
        .unwrap();
    (concern.state, concern.elapsed)
}

#[test]
fn an_unresolved_concern_left_for_24_hours_escalates_to_the_policys_department() {
    let mut desk = investigating();
    let raised = concern_raised(&mut desk);
    let due = raised + TimeDelta::hours(24);
    assert_eq!(
        concern_clock(&desk, raised + TimeDelta::hours(23)),
        (ClockState::AtRisk, TimeDelta::hours(23))
    );
    let level = desk.case.escalation_level();
    // A scheduler that comes late records the escalation as of the breach.
    let events = desk
        .run_at(due + TimeDelta::hours(5), system(), Command::RecordDeadline)
        .unwrap();
    let escalation = events
        .iter()
        .find(|e| matches!(e, Event::Escalated { .. }))
        .cloned();
    assert_eq!(
        escalation,
        Some(Event::Escalated {
            level: level + 1,
            trigger: EscalationTrigger::UnresolvedConcern,
            to: Some(LadderStep::new(
                Role::CustomerServiceManager,
                EscalationAction::HandOver
            )),
            due: Some(due),
            reason: format!(
                "the customer's concern was neither resolved nor escalated within \
                 `concern_escalation`'s target, by {due}"
            ),
        })
    );
    assert_eq!(
        desk.case.open_concern().map(|c| c.escalated_at),
        Some(Some(due))
    );
    // Escalated, the concern is still open: the case cannot close.
    let refused = desk.run(manager(), Command::Close).unwrap_err();
    assert!(
        matches!(&refused, CaseError::NotReadyToClose { missing } if missing.contains(&CloseRequirement::ConcernResolved)),
        "{refused}"
    );
    desk.ok(
        manager(),
        Command::ResolveConcern {
            resolution: "Replaced the item and called back".into(),
        },
    );
    assert_eq!(desk.case.open_concern(), None);
    assert_eq!(
        desk.run(
            csr(),
            Command::ResolveConcern {
                resolution: "again".into()
            }
        )
        .unwrap_err(),
        CaseError::NoOpenConcern
    );
}

#[test]
fn a_concern_resolved_in_time_stops_its_clock_and_escalates_nothing() {
    let mut desk = investigating();
    let raised = concern_raised(&mut desk);
    desk.run_at(
        raised + TimeDelta::hours(3),
        csr(),
        Command::ResolveConcern {
            resolution: "Refund confirmed on the phone".into(),
        },
    )
    .unwrap();
    assert_eq!(
        concern_clock(&desk, raised + TimeDelta::days(3)),
        (ClockState::Met, TimeDelta::hours(3))
    );
    let events = desk
        .run_at(
            raised + TimeDelta::days(3),
            system(),
            Command::RecordDeadline,
        )
        .unwrap();
    assert!(
        !events.iter().any(|e| matches!(
            e,
            Event::Escalated {
                trigger: EscalationTrigger::UnresolvedConcern,
                ..
            }
        )),
        "{events:?}"
    );
}

#[test]
fn a_concern_escalated_by_a_person_in_time_is_not_escalated_again() {
    let mut desk = investigating();
    let raised = concern_raised(&mut desk);
    desk.run_at(
        raised + TimeDelta::hours(2),
        csr(),
        Command::Escalate {
            reason: "Customer still unhappy: to the service manager".into(),
        },
    )
    .unwrap();
    assert_eq!(
        concern_clock(&desk, raised + TimeDelta::days(3)),
        (ClockState::Met, TimeDelta::hours(2))
    );
    assert!(desk.case.open_concern().is_some());
}

/// The escalations `events` record for an unresolved concern.
fn concern_escalations(events: &[Event]) -> usize {
    events
        .iter()
        .filter(|e| {
            matches!(
                e,
                Event::Escalated {
                    trigger: EscalationTrigger::UnresolvedConcern,
                    ..
                }
            )
        })
        .count()
}

/// A desk on the SOP policy with the concern clock changed by `change`.
fn concern_clock_changed(change: impl FnOnce(&mut casework::PolicySpec)) -> Desk {
    let mut spec = casework::PolicySpec::sop_default();
    change(&mut spec);
    under_investigation(Desk::with_policy(spec.compile().unwrap()))
}

/// A desk whose concern clock stops only when the concern is resolved, not
/// when it is escalated.
fn concern_clock_runs_until_resolved() -> Desk {
    concern_clock_changed(|spec| {
        let metric = spec
            .sla
            .metrics
            .iter_mut()
            .find(|m| m.name == "concern_escalation")
            .unwrap();
        metric.stop = vec![casework::sla::Signal::ConcernResolved];
    })
}

/// `events` record a breach of `metric` that raised the case from `level`
/// as any breach does, and escalated no concern.
fn escalated_as_a_breach(events: &[Event], metric: &str, level: u8) {
    assert!(
        events.iter().any(|e| matches!(
            e,
            Event::SlaBreached { metric: m, .. } if m == metric
        )),
        "{events:?}"
    );
    assert_eq!(concern_escalations(events), 0, "{events:?}");
    assert!(
        events.iter().any(|e| matches!(
            e,
            Event::Escalated { level: l, trigger: EscalationTrigger::SlaBreach, .. } if *l == level + 1
        )),
        "{events:?}"
    );
}

#[test]
fn a_persons_escalation_at_the_concerns_deadline_comes_after_the_breach() {
    // A deadline at an instant is recorded before a command at it, as an
    // on-time scheduler would have: the breach escalates the concern, and the
    // person's escalation goes a level higher.
    let mut desk = investigating();
    let raised = concern_raised(&mut desk);
    let due = raised + TimeDelta::hours(24);
    let level = desk.case.escalation_level();
    let events = desk
        .run_at(
            due,
            manager(),
            Command::Escalate {
                reason: "Taken up by the manager".into(),
            },
        )
        .unwrap();
    let escalations: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::Escalated { level, trigger, .. } => Some((*level, *trigger)),
            _ => None,
        })
        .collect();
    assert_eq!(
        escalations,
        [
            (level + 1, EscalationTrigger::UnresolvedConcern),
            (level + 2, EscalationTrigger::Manual)
        ]
    );
    assert_eq!(
        desk.case.open_concern().map(|c| c.escalated_at),
        Some(Some(due))
    );
    let later = desk
        .run_at(due + TimeDelta::days(1), system(), Command::RecordDeadline)
        .unwrap();
    assert_eq!(concern_escalations(&later), 0, "{later:?}");
}

#[test]
fn a_concern_clock_that_runs_on_after_a_persons_escalation_breaches_without_escalating_the_concern_again()
 {
    // Under a policy whose concern clock stops only when the concern is
    // resolved, the concern escalated by a person still breaches: the breach
    // escalates as any breach does, not as an unresolved concern.
    let mut desk = concern_clock_runs_until_resolved();
    let raised = concern_raised(&mut desk);
    let escalated = raised + TimeDelta::hours(2);
    desk.run_at(
        escalated,
        csr(),
        Command::Escalate {
            reason: "Customer still unhappy: to the service manager".into(),
        },
    )
    .unwrap();
    let level = desk.case.escalation_level();
    let events = desk
        .run_at(
            raised + TimeDelta::hours(25),
            system(),
            Command::RecordDeadline,
        )
        .unwrap();
    escalated_as_a_breach(&events, "concern_escalation", level);
    assert_eq!(
        desk.case.open_concern().map(|c| c.escalated_at),
        Some(Some(escalated))
    );
}

/// Makes `desk`'s case a history that never recorded the deadlines that came
/// due before its command at `at`: one imported from another desk, or stored
/// by a caller that wrote only its own commands.
fn forget_deadlines_recorded_at(desk: &mut Desk, at: chrono::DateTime<chrono::Utc>) {
    desk.history = desk
        .history
        .iter()
        .filter(|r| r.at != at || Case::came_due(&r.event).is_none())
        .enumerate()
        .map(|(i, r)| {
            let version = casework::Version::new(u64::try_from(i + 1).unwrap());
            Recorded::new(r.stream, version, r.at, r.actor, r.event.clone())
        })
        .collect();
    desk.case = Case::replay(&desk.history).unwrap();
}

/// A person escalated the concern at `escalated`, and the history does not
/// hold the breach that came due before: the case's escalation level, and
/// the scheduler's events at `now`.
fn escalated_by_a_person_in_a_history_without_the_breach(
    mut desk: Desk,
    escalated: TimeDelta,
    now: TimeDelta,
) -> (u8, Vec<Event>) {
    let raised = concern_raised(&mut desk);
    desk.run_at(
        raised + escalated,
        csr(),
        Command::Escalate {
            reason: "Customer still unhappy".into(),
        },
    )
    .unwrap();
    forget_deadlines_recorded_at(&mut desk, raised + escalated);
    assert_eq!(
        desk.case.open_concern().map(|c| c.escalated_at),
        Some(Some(raised + escalated))
    );
    let level = desk.case.escalation_level();
    let events = desk
        .run_at(raised + now, system(), Command::RecordDeadline)
        .unwrap();
    (level, events)
}

#[test]
fn a_concern_escalated_by_a_person_after_its_deadline_still_records_its_escalation() {
    // Escalated six hours late, the concern was not escalated in time: the
    // scheduler records the escalation as of its deadline.
    let (_, events) = escalated_by_a_person_in_a_history_without_the_breach(
        investigating(),
        TimeDelta::hours(30),
        TimeDelta::hours(31),
    );
    assert_eq!(concern_escalations(&events), 1, "{events:?}");

    // Escalated at the very instant of its deadline, under a policy whose
    // concern clock runs until the concern is resolved, it was: the breach
    // escalates as any breach does.
    let (level, events) = escalated_by_a_person_in_a_history_without_the_breach(
        concern_clock_runs_until_resolved(),
        TimeDelta::hours(24),
        TimeDelta::hours(25),
    );
    escalated_as_a_breach(&events, "concern_escalation", level);
}

#[test]
fn another_clocks_breach_while_a_concern_is_open_does_not_escalate_the_concern() {
    // The concern has three days; the customer writes again after the
    // follow-up and the desk does not answer within its 8 business hours.
    let mut desk = concern_clock_changed(|spec| {
        let target = spec
            .sla
            .targets
            .iter_mut()
            .find(|t| t.metric == "concern_escalation")
            .unwrap();
        target.within = casework::sla::Within::Minutes(72 * 60);
    });
    let raised = concern_raised(&mut desk);
    desk.run_at(
        raised + TimeDelta::minutes(10),
        csr(),
        Command::RecordCustomerMessage {
            channel: Channel::Email,
        },
    )
    .unwrap();
    let level = desk.case.escalation_level();
    let events = desk
        .run_at(
            raised + TimeDelta::hours(36),
            system(),
            Command::RecordDeadline,
        )
        .unwrap();
    escalated_as_a_breach(&events, "next_response", level);
    assert_eq!(desk.case.open_concern().map(|c| c.escalated_at), Some(None));
    // Its own clock still escalates it, after its three days.
    let events = desk
        .run_at(
            raised + TimeDelta::hours(73),
            system(),
            Command::RecordDeadline,
        )
        .unwrap();
    assert_eq!(concern_escalations(&events), 1, "{events:?}");
}

#[test]
fn a_concern_resolved_late_first_records_its_escalation() {
    // Nobody ran the scheduler; the concern is resolved after its 24 hours:
    // the escalation that came due is recorded first, as of its due instant.
    let mut desk = investigating();
    let raised = concern_raised(&mut desk);
    let events = desk
        .run_at(
            raised + TimeDelta::hours(30),
            csr(),
            Command::ResolveConcern {
                resolution: "Called back".into(),
            },
        )
        .unwrap();
    let names: Vec<&str> = events.iter().map(Event::name).collect();
    assert_eq!(
        names[names.len() - 3..],
        ["sla_breached", "escalated", "concern_resolved"],
        "{names:?}"
    );
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Escalated {
            trigger: EscalationTrigger::UnresolvedConcern,
            due: Some(due),
            ..
        } if *due == raised + TimeDelta::hours(24)
    )));
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
    let raised = concern_raised(&mut desk);
    let events = desk
        .run_at(
            raised + TimeDelta::hours(25),
            system(),
            Command::RecordDeadline,
        )
        .unwrap();
    assert!(
        events.iter().any(|e| matches!(
            e,
            Event::Escalated {
                level: 3,
                trigger: EscalationTrigger::UnresolvedConcern,
                ..
            }
        )),
        "{events:?}"
    );
    assert_eq!(
        concern_clock(&desk, raised + TimeDelta::days(2)).0,
        ClockState::Breached
    );
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

#[test]
fn a_target_for_the_cases_category_or_channel_sets_its_clock() {
    // First response within two hours for late deliveries, or for email,
    // rather than the SOP's day: the 75 % warning comes due at 90 minutes.
    type Narrow = fn(casework::sla::TargetSpec) -> casework::sla::TargetSpec;
    let narrowings: [Narrow; 2] = [
        |target| casework::sla::TargetSpec {
            category: Some("delivery/late".into()),
            ..target
        },
        |target| casework::sla::TargetSpec {
            channel: Some("email".into()),
            ..target
        },
    ];
    for narrow in narrowings {
        let mut spec = casework::PolicySpec::sop_default();
        let target = casework::sla::TargetSpec::new(
            "first_response",
            casework::sla::Within::Minutes(120),
            "always",
        );
        spec.sla.targets.push(narrow(target));
        let mut desk = Desk::with_policy(spec.compile().unwrap());
        desk.ok(csr(), log(CaseKind::Complaint, Severity::Low));
        assert_eq!(
            desk.case.next_deadline(&desk.policy).unwrap(),
            Some(monday() + TimeDelta::minutes(90))
        );
    }
}

/// Reassesses the case's impact and urgency, its severity kept.
fn reassess(impact: u8, urgency: u8) -> Command {
    Command::Reassess {
        facts: casework::priority::SeverityFacts::default(),
        impact: casework::priority::Impact(impact),
        urgency: casework::priority::Urgency(urgency),
        reason: "New facts".into(),
    }
}

#[test]
fn the_time_promised_after_a_reassessment_leaves_out_the_time_spent_waiting() {
    // Waiting on the customer from 10:00 to 12:00, then found to be P1:
    // resolution within eight hours of receipt, around the clock, and two
    // more for the wait.
    let mut desk = investigating();
    desk.run_at(
        monday() + TimeDelta::hours(1),
        csr(),
        Command::WaitOnCustomer {
            reason: "The order number".into(),
        },
    )
    .unwrap();
    desk.run_at(monday() + TimeDelta::hours(3), csr(), Command::Resume)
        .unwrap();
    let events = desk
        .run_at(monday() + TimeDelta::hours(4), csr(), reassess(1, 1))
        .unwrap();
    assert_eq!(desk.case.priority(), Some(Priority(1)));
    assert_eq!(
        events.last(),
        Some(&Event::Promised {
            due: monday() + TimeDelta::hours(10)
        }),
        "{events:?}"
    );
}

#[test]
fn an_acknowledgement_at_the_very_instant_of_a_warning_beats_it() {
    // First response within 24 hours: the 75 % warning at 18 hours. The
    // acknowledgement at that instant stops the clock first.
    let mut desk = Desk::new();
    desk.ok(csr(), log(CaseKind::Complaint, Severity::Low));
    let warning = monday() + TimeDelta::hours(18);
    desk.run_at(
        warning,
        csr(),
        Command::Acknowledge {
            channel: Channel::Email,
        },
    )
    .unwrap();
    // Met, with no threshold passed, and due when it would have been.
    let statuses = desk
        .case
        .sla_status(&desk.policy, warning + TimeDelta::hours(12))
        .unwrap();
    let first = statuses
        .iter()
        .find(|s| s.metric == "first_response")
        .unwrap();
    assert_eq!(
        (first.state, first.passed.as_slice(), first.due_at),
        (
            ClockState::Met,
            &[][..],
            Some(monday() + TimeDelta::hours(24))
        )
    );
    let events = desk
        .run_at(
            warning + TimeDelta::hours(12),
            system(),
            Command::RecordDeadline,
        )
        .unwrap();
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::SlaWarning { metric, .. } if metric == "first_response")),
        "{events:?}"
    );
}

#[test]
fn a_breach_before_the_priority_dropped_is_recorded_after_the_case_is_resolved() {
    // Found P1 after ten minutes: resolution within 8 hours. Found P2 (24
    // hours) a minute after they passed, in a history that holds no breach.
    // Resolved an hour later, or after the P2 warning at 18 hours, the
    // scheduler still records the P1 breach, and the warning it passed.
    let breach = (None, monday() + TimeDelta::hours(8));
    let warning = (Some(75), monday() + TimeDelta::hours(18));
    for (resolved, expected) in [(9, vec![breach]), (19, vec![breach, warning])] {
        let mut desk = investigating();
        desk.run_at(monday() + TimeDelta::minutes(10), csr(), reassess(1, 1))
            .unwrap();
        let dropped = monday() + TimeDelta::hours(8) + TimeDelta::minutes(1);
        desk.run_at(dropped, csr(), reassess(2, 1)).unwrap();
        assert_eq!(desk.case.priority(), Some(Priority(2)));
        forget_deadlines_recorded_at(&mut desk, dropped);
        let resolved = monday() + TimeDelta::hours(resolved);
        desk.run_at(
            resolved,
            csr(),
            Command::Resolve {
                resolution: Some(casework::case::Resolution::text("Refunded")),
                root_cause: Some("process".into()),
            },
        )
        .unwrap();
        let events = desk
            .run_at(
                resolved + TimeDelta::hours(1),
                system(),
                Command::RecordDeadline,
            )
            .unwrap();
        let resolution = thresholds_recorded(&events, "resolution");
        assert_eq!(resolution, expected);
    }
}

#[test]
fn a_withdrawn_case_still_owes_the_breach_of_its_second_reply() {
    // Two customer messages: the first answered the next morning, within
    // the eight business hours; the second the day after next, late. The
    // case is then withdrawn with every clock stopped and nothing recorded:
    // the breach is still to be recorded, each cycle measured on its own.
    let mut desk = investigating();
    let day = |d: i64, h: i64, m: i64| {
        monday() + TimeDelta::days(d) + TimeDelta::hours(h - 9) + TimeDelta::minutes(m)
    };
    let message = |desk: &mut Desk, at| {
        desk.run_at(
            at,
            system(),
            Command::RecordCustomerMessage {
                channel: Channel::Email,
            },
        )
        .unwrap();
    };
    let reply = |desk: &mut Desk, at| {
        desk.run_at(
            at,
            csr(),
            Command::AddNote {
                text: "Here is where your parcel is".into(),
                visibility: NoteVisibility::Customer,
            },
        )
        .unwrap();
    };
    message(&mut desk, day(0, 16, 30));
    reply(&mut desk, day(1, 9, 15));
    message(&mut desk, day(1, 10, 0));
    reply(&mut desk, day(2, 12, 0));
    desk.run_at(
        day(2, 13, 0),
        csr(),
        Command::Withdraw {
            reason: "The customer found the parcel".into(),
        },
    )
    .unwrap();
    let due = desk.case.next_deadline(&desk.policy).unwrap();
    assert!(due.is_some_and(|due| due < day(2, 12, 0)), "{due:?}");
    let events = desk
        .run_at(day(2, 14, 0), system(), Command::RecordDeadline)
        .unwrap();
    assert!(
        events.iter().any(|e| matches!(
            e,
            Event::SlaBreached { metric, cycle: 1, .. } if metric == "next_response"
        )),
        "{events:?}"
    );
    assert!(
        !events.iter().any(|e| matches!(
            e,
            Event::SlaWarning { metric, cycle: 0, .. } if metric == "next_response"
        )),
        "{events:?}"
    );
}
