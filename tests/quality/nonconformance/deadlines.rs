//! Stage due dates: containment, investigation and disposition, from the
//! quality policy; `next_deadline` and `RecordDeadline`, judged as of each due
//! instant; the policy's checks; and the deadline contract over random
//! histories.

use casework::calendar::CalendarSpec;
use casework::quality::nonconformance::{
    Command, Containment, Disposition, Event, NonConformance, SeverityAllowance, Stage, StageDue,
    Status,
};
use casework::sla::Within;
use casework::{Actor, Aggregate, Policy, PolicySpec, Role, Severity};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use proptest::prelude::*;

use super::fixtures::{
    Desk, close, csr, disposition, manager, monday, owner, policy_with, propose_no_capa, qa,
    root_cause, system,
};

fn at(y: i32, mo: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, 0, 0).unwrap()
}

fn containment(desk: &Desk) -> Command {
    Command::RecordContainment {
        containment: Containment {
            action: "Held the remaining parcels".to_owned(),
            done_by: csr().id,
            done_at: desk.now,
        },
    }
}

/// The stage-overdue events among `events`, as (stage, due, notify).
fn overdue(events: &[Event]) -> Vec<(Stage, DateTime<Utc>, Role)> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::StageOverdue { stage, due, notify } => Some((*stage, *due, *notify)),
            _ => None,
        })
        .collect()
}

/// The scheduler's deadline command at `now`.
fn tick(desk: &mut Desk, now: DateTime<Utc>) -> Vec<Event> {
    desk.run_at(now, system(), Command::RecordDeadline).unwrap()
}

// Reported Monday 2026-11-23 09:01 (the desk's clock moves a minute a command)
// on the SOP policy: containment 24 h round the clock, the investigation by
// the close of the 5th business day (Monday 30th, 17:00), the disposition by
// the 10th's (Monday 7 December, 17:00).
fn reported_at() -> DateTime<Utc> {
    monday() + TimeDelta::minutes(1)
}

#[test]
fn the_sop_due_dates_follow_the_policy_and_the_severity() {
    let policy = Policy::sop_default().unwrap();
    let desk = Desk::reported(Severity::Medium);
    let due = |stage| desk.ncr.stage_due(stage, &policy).unwrap();
    assert_eq!(
        due(Stage::Containment),
        Some(reported_at() + TimeDelta::hours(24))
    );
    assert_eq!(due(Stage::Investigation), Some(at(2026, 11, 30, 17)));
    assert_eq!(due(Stage::Disposition), Some(at(2026, 12, 7, 17)));
    assert_eq!(
        desk.ncr.next_deadline(&policy).unwrap(),
        Some(reported_at() + TimeDelta::hours(24))
    );
    // Critical: 4 hours, 2 and 5 business days.
    let critical = Desk::reported(Severity::Critical);
    let due = |stage| critical.ncr.stage_due(stage, &policy).unwrap();
    assert_eq!(
        due(Stage::Containment),
        Some(reported_at() + TimeDelta::hours(4))
    );
    assert_eq!(due(Stage::Investigation), Some(at(2026, 11, 25, 17)));
    assert_eq!(due(Stage::Disposition), Some(at(2026, 11, 30, 17)));
    // Nothing before the report.
    assert_eq!(NonConformance::default().next_deadline(&policy), Ok(None));
}

#[test]
fn on_time_the_scheduler_records_each_stage_at_its_due_instant() {
    let mut desk = Desk::reported(Severity::Medium);
    let policy = desk.policy.clone();
    let containment_due = reported_at() + TimeDelta::hours(24);
    // Before the due instant, nothing.
    assert!(tick(&mut desk, containment_due - TimeDelta::seconds(1)).is_empty());
    assert_eq!(
        overdue(&tick(&mut desk, containment_due)),
        [(Stage::Containment, containment_due, Role::ProcessOwner)]
    );
    assert_eq!(desk.ncr.overdue_stages(), [Stage::Containment]);
    assert_eq!(
        desk.ncr.next_deadline(&policy).unwrap(),
        Some(at(2026, 11, 30, 17))
    );
    assert_eq!(
        overdue(&tick(&mut desk, at(2026, 11, 30, 17))),
        [(
            Stage::Investigation,
            at(2026, 11, 30, 17),
            Role::ProcessOwner
        )]
    );
    assert_eq!(
        overdue(&tick(&mut desk, at(2026, 12, 7, 17))),
        [(Stage::Disposition, at(2026, 12, 7, 17), Role::Management)]
    );
    assert_eq!(desk.ncr.next_deadline(&policy).unwrap(), None);
    assert!(tick(&mut desk, at(2027, 1, 1, 0)).is_empty());
    assert_eq!(NonConformance::replay(&desk.history).unwrap(), desk.ncr);
}

#[test]
fn stages_done_in_time_come_due_never() {
    let mut desk = Desk::reported(Severity::Medium);
    desk.ok(csr(), containment(&desk));
    desk.ok(manager(), Command::StartInvestigation);
    desk.ok(manager(), root_cause());
    let policy = desk.policy.clone();
    assert_eq!(
        desk.ncr.stage_done_at(Stage::Containment),
        Some(reported_at() + TimeDelta::minutes(1))
    );
    // Only the disposition is left.
    assert_eq!(
        desk.ncr.next_deadline(&policy).unwrap(),
        Some(at(2026, 12, 7, 17))
    );
    desk.ok(manager(), disposition(Disposition::Rework));
    assert_eq!(desk.ncr.next_deadline(&policy).unwrap(), None);
    assert!(tick(&mut desk, at(2027, 1, 1, 0)).is_empty());
}

/// A late scheduler records what an on-time one would have: a stage done after
/// its due instant, but before the scheduler ran, is still overdue, with the
/// due instant it came due at; one done a second before is not.
#[test]
fn a_late_scheduler_judges_each_stage_as_of_its_due_instant() {
    let containment_due = reported_at() + TimeDelta::hours(24);
    let rows: [(&str, TimeDelta, bool); 4] = [
        ("a second early", -TimeDelta::seconds(1), false),
        ("at the due instant", TimeDelta::zero(), true),
        ("an hour late", TimeDelta::hours(1), true),
        ("days late", TimeDelta::days(3), true),
    ];
    for (name, when, late) in rows {
        let mut desk = Desk::reported(Severity::Medium);
        let done_at = containment_due + when;
        let contain = containment(&desk);
        desk.run_at(done_at, csr(), contain).unwrap();
        // The scheduler was down until Friday.
        let events = tick(&mut desk, at(2026, 11, 27, 12));
        let expected = if late {
            vec![(Stage::Containment, containment_due, Role::ProcessOwner)]
        } else {
            Vec::new()
        };
        assert_eq!(overdue(&events), expected, "{name}");
    }
}

#[test]
fn a_scheduler_down_for_weeks_records_every_stage_in_due_order() {
    let mut desk = Desk::reported(Severity::Medium);
    let policy = desk.policy.clone();
    // Everything done late, before the scheduler comes back.
    let contain = containment(&desk);
    desk.run_at(at(2026, 11, 25, 9), csr(), contain).unwrap();
    desk.run_at(at(2026, 12, 1, 9), manager(), Command::StartInvestigation)
        .unwrap();
    desk.run_at(at(2026, 12, 1, 10), manager(), root_cause())
        .unwrap();
    desk.run_at(
        at(2026, 12, 9, 9),
        manager(),
        disposition(Disposition::Rework),
    )
    .unwrap();
    assert_eq!(
        desk.ncr.next_deadline(&policy).unwrap(),
        Some(reported_at() + TimeDelta::hours(24)),
        "a due instant in the past is still the next deadline"
    );
    let events = tick(&mut desk, at(2026, 12, 20, 9));
    assert_eq!(
        overdue(&events),
        [
            (
                Stage::Containment,
                reported_at() + TimeDelta::hours(24),
                Role::ProcessOwner
            ),
            (
                Stage::Investigation,
                at(2026, 11, 30, 17),
                Role::ProcessOwner
            ),
            (Stage::Disposition, at(2026, 12, 7, 17), Role::Management),
        ]
    );
    assert_eq!(desk.ncr.next_deadline(&policy).unwrap(), None);
}

#[test]
fn twice_at_one_instant_records_nothing_the_second_time() {
    let mut desk = Desk::reported(Severity::Critical);
    let now = at(2026, 12, 1, 0);
    assert_eq!(overdue(&tick(&mut desk, now)).len(), 3);
    let version = desk.ncr.version();
    assert_eq!(tick(&mut desk, now), []);
    assert_eq!(desk.ncr.version(), version);
}

#[test]
fn a_closed_non_conformance_records_what_came_due_before_it_closed_only() {
    // Contained never; dispositioned and closed on Wednesday, after the
    // containment's due instant (Tuesday 09:01) and before the others'.
    let mut desk = Desk::reported(Severity::Medium);
    let policy = desk.policy.clone();
    let wednesday = at(2026, 11, 25, 9);
    for (i, (actor, command)) in [
        (manager(), Command::StartInvestigation),
        (manager(), root_cause()),
        (manager(), disposition(Disposition::Rework)),
        (manager(), propose_no_capa()),
        (owner(), Command::ApproveNoCapa),
        (owner(), close()),
    ]
    .into_iter()
    .enumerate()
    {
        desk.run_at(wednesday + TimeDelta::minutes(i as i64), actor, command)
            .unwrap();
    }
    assert_eq!(desk.ncr.status(), Some(Status::Closed));
    assert_eq!(
        desk.ncr.next_deadline(&policy).unwrap(),
        Some(reported_at() + TimeDelta::hours(24))
    );
    let events = tick(&mut desk, at(2027, 1, 4, 9));
    assert_eq!(
        overdue(&events),
        [(
            Stage::Containment,
            reported_at() + TimeDelta::hours(24),
            Role::ProcessOwner
        )]
    );
    assert_eq!(desk.ncr.next_deadline(&policy).unwrap(), None);
    assert!(tick(&mut desk, at(2027, 2, 1, 9)).is_empty());
    // Closed before anything came due: nothing, ever.
    let mut closed = Desk::closed();
    assert_eq!(closed.ncr.next_deadline(&policy).unwrap(), None);
    assert!(tick(&mut closed, at(2027, 1, 4, 9)).is_empty());
}

#[test]
fn a_reclassification_records_what_came_due_first_and_never_backdates_a_due_date() {
    let mut desk = Desk::reported(Severity::Medium);
    let policy = desk.policy.clone();
    let containment_due = reported_at() + TimeDelta::hours(24);
    // The scheduler is down. On Wednesday the severity goes to critical, which
    // would have made every stage due by now: what came due under medium is
    // recorded first, in the same decision.
    let wednesday = at(2026, 11, 25, 18);
    let events = desk
        .run_at(
            wednesday,
            manager(),
            Command::Reclassify {
                severity: Severity::Critical,
                reason: "A child's car seat among the parcels".to_owned(),
            },
        )
        .unwrap();
    assert_eq!(
        overdue(&events),
        [(Stage::Containment, containment_due, Role::ProcessOwner)]
    );
    assert!(matches!(events[1], Event::Reclassified { .. }));
    assert!(matches!(events[2], Event::EscalatedToManagement { .. }));
    // Critical's 2 business days passed on Wednesday at 17:00, before it was
    // known: the investigation is due now, not in hindsight.
    assert_eq!(
        desk.ncr.stage_due(Stage::Investigation, &policy).unwrap(),
        Some(wednesday)
    );
    assert_eq!(desk.ncr.reclassified_at(), Some(wednesday));
    assert_eq!(desk.ncr.next_deadline(&policy).unwrap(), Some(wednesday));
    assert_eq!(
        overdue(&tick(&mut desk, wednesday)),
        [(Stage::Investigation, wednesday, Role::ProcessOwner)]
    );
    // The disposition: critical's 5 business days, Monday 30th, 17:00.
    assert_eq!(
        desk.ncr.next_deadline(&policy).unwrap(),
        Some(at(2026, 11, 30, 17))
    );
}

#[test]
fn a_reclassification_before_anything_came_due_moves_the_due_dates() {
    let mut desk = Desk::reported(Severity::Medium);
    let policy = desk.policy.clone();
    let events = desk.ok(
        manager(),
        Command::Reclassify {
            severity: Severity::Critical,
            reason: "Safety".to_owned(),
        },
    );
    assert!(overdue(&events).is_empty());
    assert_eq!(
        desk.ncr.next_deadline(&policy).unwrap(),
        Some(reported_at() + TimeDelta::hours(4))
    );
}

#[test]
fn a_stage_without_a_due_date_never_comes_due() {
    let policy = policy_with(|spec| {
        spec.quality.containment_due = None;
        spec.quality.investigation_due = None;
    });
    let mut desk = Desk::with_policy(policy.clone());
    desk.ok(csr(), super::fixtures::report(Severity::Medium));
    assert_eq!(
        desk.ncr.next_deadline(&policy).unwrap(),
        Some(at(2026, 12, 7, 17))
    );
    assert_eq!(desk.ncr.stage_due(Stage::Containment, &policy), Ok(None));
}

#[test]
fn the_deadline_command_is_the_schedulers_and_needs_a_report() {
    let mut desk = Desk::new();
    let refused = desk.run(system(), Command::RecordDeadline).unwrap_err();
    assert_eq!(refused.rule(), "not_reported");
    let mut desk = Desk::reported(Severity::Medium);
    assert_eq!(
        desk.refused(qa(), Command::RecordDeadline).rule(),
        "not_permitted"
    );
    // The clock never goes back, for the scheduler either.
    let refused = desk
        .run_at(
            monday() - TimeDelta::hours(1),
            system(),
            Command::RecordDeadline,
        )
        .unwrap_err();
    assert_eq!(refused.rule(), "clock_went_backwards");
}

/// A stage counted on a named calendar: `now` outside it is refused, and a
/// due instant beyond it is a `Calendar` error, not a panic.
#[test]
fn a_stage_calendar_covers_the_instants_and_its_errors_are_calendar_errors() {
    use casework::calendar::CalendarRange;
    use chrono::NaiveDate;
    let policy = policy_with(|spec| {
        let mut site = CalendarSpec::twenty_four_seven("UTC");
        site.range = Some(CalendarRange {
            from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            until: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        });
        spec.calendars.insert("site".to_owned(), site);
        spec.quality.containment_due = Some(StageDue::new(
            Within::Minutes(48 * 60),
            "site",
            Role::ProcessOwner,
        ));
    });
    let mut desk = Desk::with_policy(policy.clone());
    desk.ok(csr(), super::fixtures::report(Severity::Medium));
    // Reported on the 23rd: 48 hours later is beyond the site calendar.
    let refused = desk.ncr.next_deadline(&policy).unwrap_err();
    assert_eq!(refused.rule(), "calendar");
    // And an instant after the 23rd is refused as it comes in.
    let refused = desk
        .run_at(at(2026, 11, 25, 9), system(), Command::RecordDeadline)
        .unwrap_err();
    assert_eq!(refused.rule(), "calendar");
}

#[test]
fn the_policy_checks_the_due_dates_with_their_paths() {
    let problems = |change: fn(&mut PolicySpec)| -> Vec<String> {
        let mut spec = PolicySpec::sop_default();
        change(&mut spec);
        spec.compile()
            .unwrap_err()
            .problems
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    assert_eq!(
        problems(|s| {
            if let Some(rule) = s.quality.containment_due.as_mut() {
                rule.calendar = "site".to_owned();
            }
        }),
        [
            "quality.containment_due.calendar: `site` is not a calendar of the policy (business, always)"
        ]
    );
    assert_eq!(
        problems(|s| {
            s.quality.investigation_due = Some(StageDue {
                within: Within::Minutes(0),
                by_severity: vec![
                    SeverityAllowance {
                        severity: Severity::High,
                        within: Within::BusinessDays(400),
                    },
                    SeverityAllowance {
                        severity: Severity::High,
                        within: Within::BusinessDays(1),
                    },
                ],
                calendar: "business".to_owned(),
                notify: Role::System,
            });
        }),
        [
            "quality.investigation_due.within: 0 minutes is not a positive duration",
            "quality.investigation_due.by_severity[0].within: 400 is not between 1 and 365 business days",
            "quality.investigation_due.by_severity[1].severity: `high` is listed twice",
            "quality.investigation_due.notify: `system` cannot be told of an overdue deadline",
        ]
    );
    assert_eq!(
        problems(|s| {
            if let Some(rule) = s.quality.disposition_due.as_mut() {
                rule.within = Within::Minutes(600_000);
                rule.notify = Role::Auditor;
            }
        }),
        [
            "quality.disposition_due.within: 600000 minutes is more than a year (525600)",
            "quality.disposition_due.notify: `auditor` cannot be told of an overdue deadline",
        ]
    );
}

#[cfg(feature = "serde")]
#[test]
fn a_policy_file_without_due_dates_takes_the_defaults_and_null_has_none() {
    let spec = PolicySpec::from_json(r#"{ "quality": { "rpn_action_threshold": 80 } }"#).unwrap();
    assert_eq!(
        spec.quality.containment_due,
        PolicySpec::sop_default().quality.containment_due
    );
    let spec = PolicySpec::from_json(
        r#"{ "quality": { "containment_due": null,
             "investigation_due": { "within": { "business_days": 3 }, "calendar": "always",
                                    "notify": "management" } } }"#,
    )
    .unwrap();
    assert_eq!(spec.quality.containment_due, None);
    assert_eq!(
        spec.quality.investigation_due,
        Some(StageDue::new(
            Within::BusinessDays(3),
            "always",
            Role::Management
        ))
    );
    assert!(spec.compile().is_ok());
    // What is written reads back the same, `null` included.
    let json = serde_json::to_string(&spec).unwrap();
    assert_eq!(PolicySpec::from_json(&json).unwrap(), spec);
}

// ---------------------------------------------------------------------------
// The deadline contract over random histories.

/// Quality policies whose stage allowances depend on the severity in every
/// way, on either calendar, so that reclassifications move due dates both
/// ways.
fn deadline_policy() -> impl Strategy<Value = Policy> {
    let within = prop_oneof![
        (1u32..3000).prop_map(Within::Minutes),
        (1u32..12).prop_map(Within::BusinessDays),
    ];
    let rule = (
        within.clone(),
        prop::collection::vec((prop::sample::select(Severity::ALL.to_vec()), within), 0..3),
        prop::sample::select(vec!["business", "always"]),
    )
        .prop_map(|(within, by_severity, calendar)| {
            let mut rule = StageDue::new(within, calendar, Role::ProcessOwner);
            for (severity, within) in by_severity {
                rule = rule.for_severity(severity, within);
            }
            rule
        });
    (
        prop::option::weighted(0.9, rule.clone()),
        prop::option::weighted(0.9, rule.clone()),
        prop::option::weighted(0.9, rule),
    )
        .prop_map(|(containment, investigation, disposition)| {
            policy_with(|spec| {
                spec.quality.containment_due = containment;
                spec.quality.investigation_due = investigation;
                spec.quality.disposition_due = disposition;
            })
        })
}

pub(crate) fn policies() -> impl Strategy<Value = Policy> {
    prop_oneof![1 => Just(Desk::new().policy), 3 => deadline_policy()]
}

/// Minutes between steps, never back: mostly within a day, sometimes days.
fn gaps() -> impl Strategy<Value = i64> {
    prop_oneof![10 => 0i64..600, 3 => 600i64..6000, 1 => 6000i64..30_000]
}

/// The non-conformance's commands, with more reclassifications (which move
/// due dates) and deadline commands than the invariants' generator has.
fn commands() -> impl Strategy<Value = Command> {
    let reclassify =
        prop::sample::select(Severity::ALL.to_vec()).prop_map(|severity| Command::Reclassify {
            severity,
            reason: "New facts".to_owned(),
        });
    prop_oneof![
        6 => super::properties::command(),
        1 => reclassify,
        1 => Just(Command::RecordDeadline),
    ]
}

type Step = (Actor, Command, i64);

/// A report first, then random steps by random people; or a path towards
/// closing with random steps between, stretched so that it reaches due dates.
pub(crate) fn deadline_steps() -> impl Strategy<Value = Vec<Step>> {
    let report = prop::sample::select(Severity::ALL.to_vec())
        .prop_map(|severity| (csr(), super::fixtures::report(severity), 0));
    let steps = prop::collection::vec((super::properties::any_actor(), commands(), gaps()), 1..50);
    let random = (report, steps).prop_map(|(report, mut steps)| {
        steps.insert(0, report);
        steps
    });
    let guided = (super::properties::guided_steps(), 1i64..40).prop_map(|(steps, stretch)| {
        steps
            .into_iter()
            .map(|(actor, command, gap)| (actor, command, gap.max(0) * stretch))
            .collect()
    });
    prop_oneof![random, guided]
}

/// The stage-overdue events of a history, as (stage, due, notify), sorted.
fn recorded_overdue(desk: &Desk) -> Vec<(Stage, DateTime<Utc>, Role)> {
    let events: Vec<Event> = desk.history.iter().map(|r| r.event.clone()).collect();
    let mut found = overdue(&events);
    found.sort();
    found
}

/// Runs the deadline command at `now`, checking the contract: afterwards the
/// next deadline is `None` or after `now` (and after the one before, when that
/// had come); before the previous deadline nothing is recorded; a second run
/// records nothing.
fn checked_tick(desk: &mut Desk, now: DateTime<Utc>) -> Result<Vec<Event>, TestCaseError> {
    let before = desk.ncr.next_deadline(&desk.policy).unwrap();
    let state = desk.ncr.clone();
    let events = match desk.run_at(now, system(), Command::RecordDeadline) {
        Ok(events) => events,
        Err(refusal) => {
            prop_assert_eq!(refusal.rule(), "clock_went_backwards");
            prop_assert_eq!(&desk.ncr, &state);
            return Ok(Vec::new());
        }
    };
    let after = desk.ncr.next_deadline(&desk.policy).unwrap();
    prop_assert!(
        after.is_none_or(|next| next > now),
        "{after:?} not after {now}"
    );
    match before {
        Some(previous) if previous <= now => {
            prop_assert!(
                !events.is_empty(),
                "nothing recorded at {now}, due {previous}"
            );
            prop_assert!(
                after.is_none_or(|next| next > previous),
                "the deadline repeated"
            );
        }
        _ => {
            prop_assert!(
                events.is_empty(),
                "{events:?} recorded before anything came due"
            );
            prop_assert_eq!(after, before);
        }
    }
    for event in &events {
        let Event::StageOverdue { due, .. } = event else {
            return Err(TestCaseError::fail(format!(
                "{event:?} from RecordDeadline"
            )));
        };
        prop_assert!(*due <= now);
        // A closed non-conformance records only what came due before it closed.
        if let Some(closed) = state.closed_at() {
            prop_assert!(*due <= closed, "{due} came due after closing at {closed}");
        }
    }
    let version = desk.ncr.version();
    prop_assert_eq!(
        desk.run_at(now, system(), Command::RecordDeadline).unwrap(),
        Vec::<Event>::new()
    );
    prop_assert_eq!(desk.ncr.version(), version);
    Ok(events)
}

/// The on-time scheduler: runs the deadline command at each deadline up to
/// `until`, at the deadline's instant.
fn drain(desk: &mut Desk, until: DateTime<Utc>) -> Result<(), TestCaseError> {
    for _ in 0..10 {
        match desk.ncr.next_deadline(&desk.policy).unwrap() {
            Some(due) if due <= until => {
                prop_assert!(
                    desk.ncr.updated_at().is_none_or(|last| due >= last),
                    "a deadline at {due} before the last event"
                );
                checked_tick(desk, due)?;
            }
            _ => return Ok(()),
        }
    }
    Err(TestCaseError::fail("the deadlines never ran out"))
}

/// Runs the steps. On time, the scheduler runs at each deadline as it comes,
/// before the step that follows it; otherwise only when a step says so. At
/// the end both run once, 60 days after the last step.
fn run(policy: &Policy, steps: &[Step], on_time: bool) -> Result<Desk, TestCaseError> {
    let mut desk = Desk::with_policy(policy.clone());
    for (actor, command, gap) in steps {
        let now = desk.now + TimeDelta::minutes(*gap);
        if on_time {
            drain(&mut desk, now)?;
        }
        if let Command::RecordDeadline = command {
            if desk.ncr.status().is_some() {
                checked_tick(&mut desk, now)?;
            }
        } else {
            let before = desk.ncr.clone();
            match desk.run_at(now, *actor, command.clone()) {
                Ok(events) => {
                    // Only a reclassification records overdue stages first.
                    if !matches!(command, Command::Reclassify { .. }) {
                        prop_assert!(overdue(&events).is_empty(), "{command:?}: {events:?}");
                    }
                }
                Err(_) => prop_assert_eq!(&desk.ncr, &before),
            }
        }
    }
    let end = desk.now + TimeDelta::days(60);
    if on_time {
        drain(&mut desk, end)?;
    }
    checked_tick(&mut desk, end)?;
    prop_assert_eq!(desk.ncr.next_deadline(&desk.policy).unwrap(), None);
    prop_assert_eq!(&NonConformance::replay(&desk.history).unwrap(), &desk.ncr);
    Ok(desk)
}

/// The generator reaches what the contract is about: overdue stages recorded
/// late, by a reclassification, and on a closed non-conformance.
#[test]
fn the_deadline_histories_are_not_vacuous() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        ProptestConfig::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let strategy = (policies(), deadline_steps());
    let (mut late, mut by_reclassification, mut after_closing) = (0, 0, 0);
    for _ in 0..200 {
        let (policy, steps) = strategy.new_tree(&mut runner).unwrap().current();
        let desk = run(&policy, &steps, false).unwrap();
        let mut closed_at = None;
        for (i, recorded) in desk.history.iter().enumerate() {
            if let Event::Closed { .. } = recorded.event {
                closed_at = Some(recorded.at);
            }
            if let Event::StageOverdue { due, .. } = recorded.event {
                late += u32::from(recorded.at > due);
                after_closing += u32::from(closed_at.is_some());
                let next = desk.history.get(i + 1).map(|r| &r.event);
                by_reclassification += u32::from(matches!(next, Some(Event::Reclassified { .. })));
            }
        }
    }
    assert!(
        late > 0 && by_reclassification > 0 && after_closing > 0,
        "late {late}, by reclassification {by_reclassification}, after closing {after_closing}"
    );
}
