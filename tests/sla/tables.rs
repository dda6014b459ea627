//! SLA clocks by example, each figure worked out by hand.

use casework::calendar::{BusinessCalendar, CalendarSpec, TimeRange};
use casework::priority::Priority;
use casework::sla::{
    Change, ClockState, Entry, Scope, Signal, SlaPolicy, SlaStatus, TargetSpec, Threshold,
    Timeline, Within,
};
use casework::{Policy, PolicySpec};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};

/// Monday 2026-11-23 at `h:m` UTC.
fn mon(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
}

fn hours(h: i64) -> TimeDelta {
    TimeDelta::hours(h)
}

fn policy() -> Policy {
    PolicySpec::sop_default().compile().unwrap()
}

const SCOPE: Scope<'static> = Scope {
    category: "delivery/late",
    channel: "email",
    tier: None,
};

fn timeline(entries: &[(DateTime<Utc>, Change<'static>)]) -> Timeline<'static> {
    Timeline::new(entries.iter().map(|(at, change)| Entry {
        at: *at,
        change: *change,
    }))
}

fn evaluate<'p>(
    policy: &'p Policy,
    entries: &[(DateTime<Utc>, Change<'static>)],
    now: DateTime<Utc>,
) -> Vec<SlaStatus<'p>> {
    policy
        .sla()
        .evaluate(
            |name| policy.calendar_named(name),
            SCOPE,
            &timeline(entries),
            now,
        )
        .unwrap()
}

fn find<'a, 'p>(statuses: &'a [SlaStatus<'p>], metric: &str, cycle: u32) -> &'a SlaStatus<'p> {
    statuses
        .iter()
        .find(|s| s.metric == metric && s.cycle == cycle)
        .unwrap_or_else(|| panic!("no {metric} cycle {cycle} in {statuses:#?}"))
}

use Change::{Priority as Prio, Signal as Sig, Status};

#[test]
fn first_response_within_24_hours_around_the_clock() {
    let policy = policy();
    let entries = [
        (mon(9, 0), Prio(Priority(5))),
        (mon(9, 0), Sig(Signal::Received)),
        (mon(9, 0), Status("received")),
    ];
    // 18 hours in: past the 75 % warning, the 90 % one next at 21.6 hours.
    let at_risk = evaluate(&policy, &entries, mon(9, 0) + hours(18));
    let first = find(&at_risk, "first_response", 0);
    assert_eq!(first.state, ClockState::AtRisk);
    assert_eq!(
        first.passed,
        [(Threshold::Warning(75), mon(9, 0) + hours(18))]
    );
    assert_eq!(
        first.next,
        Some((Threshold::Warning(90), mon(9, 0) + TimeDelta::minutes(1296)))
    );
    assert_eq!(first.due_at, Some(mon(9, 0) + hours(24)));
    // 25 hours in, still no acknowledgement: breached by an hour.
    let late = evaluate(&policy, &entries, mon(9, 0) + hours(25));
    let first = find(&late, "first_response", 0);
    assert_eq!(
        (first.state, first.remaining, first.next),
        (ClockState::Breached, -hours(1), None)
    );
    // Acknowledged after 90 minutes: met, and met it stays.
    let mut acknowledged = entries.to_vec();
    acknowledged.push((mon(10, 30), Sig(Signal::Acknowledged)));
    for now in [mon(10, 30), mon(10, 30) + hours(100)] {
        let statuses = evaluate(&policy, &acknowledged, now);
        let first = find(&statuses, "first_response", 0);
        assert_eq!(
            (first.state, first.elapsed),
            (ClockState::Met, TimeDelta::minutes(90))
        );
    }
}

#[test]
fn resolution_pauses_while_waiting_and_counts_business_days() {
    let policy = policy();
    // P3: 5 business days on Mon–Fri 09:00–17:00 UTC.
    let day = TimeDelta::days(1);
    let entries = [
        (mon(9, 0), Prio(Priority(3))),
        (mon(9, 0), Sig(Signal::Received)),
        (mon(9, 0), Status("investigating")),
        (mon(9, 0) + day, Status("waiting_on_customer")),
        (mon(9, 0) + day * 2, Status("investigating")),
    ];
    let statuses = evaluate(&policy, &entries, mon(9, 0) + day * 3);
    let resolution = find(&statuses, "resolution", 0);
    // Allowed: Monday 09:00 to the close of the 5th business day after (Monday
    // 30 November, 17:00): 6 days of 8 hours.
    assert_eq!(resolution.allowed, hours(48));
    assert_eq!(resolution.paused, hours(8), "Tuesday, waiting");
    assert_eq!(resolution.elapsed, hours(16), "Monday and Wednesday");
    // Due a day later than without the pause: Tuesday 1 December, 17:00.
    assert_eq!(
        resolution.due_at,
        Some(Utc.with_ymd_and_hms(2026, 12, 1, 17, 0, 0).unwrap())
    );
    assert_eq!(resolution.state, ClockState::Running);
}

#[test]
fn a_priority_change_retargets_without_losing_time() {
    let policy = policy();
    let before = [
        (mon(9, 0), Prio(Priority(4))),
        (mon(9, 0), Sig(Signal::Received)),
        (mon(9, 0), Status("investigating")),
        (mon(10, 0), Status("waiting_on_third_party")),
        (mon(11, 0), Status("investigating")),
    ];
    let now = mon(18, 0);
    let retargeted = |priority| {
        let mut after = before.to_vec();
        after.push((mon(12, 0), Prio(Priority(priority))));
        evaluate(&policy, &after, now)
    };
    let p4 = evaluate(&policy, &before, now);
    let p4 = find(&p4, "resolution", 0);
    let p3 = retargeted(3);
    let p3 = find(&p3, "resolution", 0);
    // Same calendar: the same elapsed and paused time, a tighter target.
    assert_eq!((p4.elapsed, p4.paused), (hours(7), hours(1)));
    assert_eq!((p3.elapsed, p3.paused), (p4.elapsed, p4.paused));
    assert_eq!(
        (p4.target.within, p3.target.within),
        (Within::BusinessDays(10), Within::BusinessDays(5))
    );
    assert!(p3.due_at < p4.due_at);
    // P1 counts around the clock, and the whole cycle is measured on the new
    // target's calendar: 9 hours less the hour waiting is exactly the 8 allowed,
    // so 18:00 is the breach instant.
    let p1 = retargeted(1);
    let p1 = find(&p1, "resolution", 0);
    assert_eq!((p1.elapsed, p1.paused), (hours(8), hours(1)));
    assert_eq!((p1.state, p1.due_at), (ClockState::Breached, Some(now)));
}

#[test]
fn a_breach_stays_a_breach_when_the_priority_drops() {
    let policy = policy();
    let entries = [
        (mon(9, 0), Prio(Priority(1))),
        (mon(9, 0), Sig(Signal::Received)),
        // P1 resolution: 8 hours around the clock, breached at 17:00 ...
        (mon(17, 1), Prio(Priority(3))),
        // ... and dropping to P3 (5 business days) a minute later does not undo it.
    ];
    let statuses = evaluate(&policy, &entries, mon(18, 0));
    let resolution = find(&statuses, "resolution", 0);
    assert_eq!(resolution.target.within, Within::BusinessDays(5));
    assert_eq!(resolution.state, ClockState::Breached);
    assert_eq!(resolution.next, None);
}

#[test]
fn a_breach_under_an_earlier_target_leaves_out_the_time_spent_waiting() {
    let policy = policy();
    let entries = [
        (mon(9, 0), Prio(Priority(1))),
        (mon(9, 0), Sig(Signal::Received)),
        (mon(10, 0), Status("waiting_on_customer")),
        (mon(12, 0), Status("investigating")),
        // P1 resolution: 8 hours around the clock, less the two waiting, so
        // breached at 19:00; dropping to P3 a minute later does not undo it.
        (mon(19, 1), Prio(Priority(3))),
    ];
    let statuses = evaluate(&policy, &entries, mon(20, 0));
    let resolution = find(&statuses, "resolution", 0);
    assert_eq!(resolution.state, ClockState::Breached);
    assert_eq!(
        resolution.passed.last(),
        Some(&(Threshold::Breach, mon(19, 0)))
    );
}

#[test]
fn the_target_for_a_channel_or_a_tier_applies_to_it_alone() {
    let mut sla = SlaPolicy::sop_default();
    let narrowed =
        |within: u32| TargetSpec::new("first_response", Within::Minutes(within), "always");
    sla.targets.push(TargetSpec {
        channel: Some("phone".into()),
        ..narrowed(60)
    });
    sla.targets.push(TargetSpec {
        tier: Some("gold".into()),
        ..narrowed(30)
    });
    let within = |channel: &str, tier: Option<&str>| {
        let scope = Scope {
            channel,
            tier,
            ..SCOPE
        };
        sla.target("first_response", Some(Priority(5)), scope)
            .map(|t| t.within)
    };
    let day = Some(Within::Minutes(24 * 60));
    assert_eq!(within("email", None), day);
    assert_eq!(within("phone", None), Some(Within::Minutes(60)));
    assert_eq!(within("email", Some("gold")), Some(Within::Minutes(30)));
    assert_eq!(within("email", Some("silver")), day);
    // Both apply, as specific as each other: the first listed wins.
    assert_eq!(within("phone", Some("gold")), Some(Within::Minutes(60)));
}

#[test]
fn a_breach_under_an_earlier_target_is_listed_with_the_warnings_of_the_later_one() {
    let policy = policy();
    let tomorrow = |h: u32| mon(h, 0) + TimeDelta::days(1);
    let entries = [
        (mon(9, 0), Prio(Priority(1))),
        (mon(9, 0), Sig(Signal::Received)),
        // Breached at 17:00 as P1 (8 hours); P2 allows 24, warned at 75 %
        // (03:00 tomorrow).
        (mon(17, 1), Prio(Priority(2))),
    ];
    let statuses = evaluate(&policy, &entries, tomorrow(4));
    let resolution = find(&statuses, "resolution", 0);
    assert_eq!(resolution.state, ClockState::Breached);
    assert_eq!(
        resolution.passed,
        [
            (Threshold::Breach, mon(17, 0)),
            (Threshold::Warning(75), tomorrow(3)),
        ]
    );
}

#[test]
fn next_response_runs_a_cycle_per_customer_message() {
    let policy = policy();
    let entries = [
        (mon(9, 0), Prio(Priority(4))),
        (mon(9, 0), Sig(Signal::Received)),
        (mon(10, 0), Sig(Signal::CustomerMessage)),
        (mon(11, 0), Sig(Signal::Responded)),
        (mon(14, 0), Sig(Signal::CustomerMessage)),
        // A second message while the clock runs does not restart it.
        (mon(15, 0), Sig(Signal::CustomerMessage)),
        (
            mon(9, 0) + TimeDelta::days(1) + hours(1),
            Sig(Signal::Responded),
        ),
    ];
    let statuses = evaluate(&policy, &entries, mon(9, 0) + TimeDelta::days(2));
    let cycles: Vec<_> = statuses
        .iter()
        .filter(|s| s.metric == "next_response")
        .collect();
    assert_eq!(cycles.len(), 2);
    assert_eq!(
        (cycles[0].elapsed, cycles[0].state),
        (hours(1), ClockState::Met)
    );
    // 14:00–17:00 Monday and 09:00–10:00 Tuesday: 4 of the 8 business hours.
    assert_eq!(
        (cycles[1].elapsed, cycles[1].state),
        (hours(4), ClockState::Met)
    );
}

#[test]
fn a_reopen_resumes_the_resolution_clock_and_restarts_follow_up() {
    let policy = policy();
    let wednesday = mon(9, 0) + TimeDelta::days(2);
    let entries = [
        (mon(9, 0), Prio(Priority(3))),
        (mon(9, 0), Sig(Signal::Received)),
        (mon(12, 0), Sig(Signal::Resolved)),
        (wednesday, Sig(Signal::Reopened)),
        (wednesday + hours(1), Sig(Signal::Resolved)),
    ];
    let statuses = evaluate(&policy, &entries, wednesday + hours(2));
    let resolution: Vec<_> = statuses
        .iter()
        .filter(|s| s.metric == "resolution")
        .collect();
    assert_eq!(resolution.len(), 1, "resumed, not restarted");
    assert_eq!(resolution[0].elapsed, hours(4));
    assert_eq!(
        resolution[0].paused,
        hours(13),
        "Monday 12:00–17:00 and Tuesday"
    );
    assert_eq!(resolution[0].state, ClockState::Met);
    // The follow-up clock started at the first resolution and, with no follow-up
    // yet, still runs: the second resolution does not start another cycle.
    let follow_ups: Vec<_> = statuses
        .iter()
        .filter(|s| s.metric == "follow_up")
        .collect();
    assert_eq!(follow_ups.len(), 1);
    assert_eq!(follow_ups[0].started_at, mon(12, 0));
}

#[test]
fn late_entries_give_the_same_answer_as_entries_in_order() {
    let policy = policy();
    let entries = [
        (mon(9, 0), Prio(Priority(3))),
        (mon(9, 0), Sig(Signal::Received)),
        (mon(9, 0), Status("investigating")),
        (mon(10, 0), Status("waiting_on_customer")),
        (mon(13, 0), Status("investigating")),
        (mon(15, 0), Sig(Signal::Acknowledged)),
    ];
    let now = mon(16, 0);
    let in_order = evaluate(&policy, &entries, now);
    let mut late = Timeline::default();
    for (at, change) in entries.iter().rev() {
        late.push(*at, *change);
    }
    let instants: Vec<_> = late.entries().iter().map(|e| e.at).collect();
    assert_eq!(instants.len(), entries.len());
    assert!(instants.is_sorted(), "{instants:?}");
    // Pushed in reverse, same-instant entries keep the reverse order: status
    // before signal at 09:00 does not matter to any clock.
    let out_of_order = policy
        .sla()
        .evaluate(|name| policy.calendar_named(name), SCOPE, &late, now)
        .unwrap();
    assert_eq!(in_order, out_of_order);
}

fn calendar(spec: CalendarSpec) -> BusinessCalendar {
    spec.compile().unwrap()
}

#[test]
fn dst_and_overnight_hours_count_real_time() {
    // A night desk in Berlin, 22:00–06:00 every day. On the night DST ends
    // (25 October 2026) the shift is 9 real hours.
    let mut spec = CalendarSpec::new("Europe/Berlin")
        .with_weekday_hours(vec![TimeRange::new("22:00", "06:00")]);
    for day in [chrono::Weekday::Sat, chrono::Weekday::Sun] {
        spec = spec.with_hours(day, vec![TimeRange::new("22:00", "06:00")]);
    }
    let nights = calendar(spec);
    let sla = SlaPolicy {
        targets: vec![TargetSpec::new(
            "first_response",
            Within::Minutes(8 * 60),
            "nights",
        )],
        ..SlaPolicy::sop_default()
    };
    // Saturday 22:00 CEST = 20:00 UTC.
    let received = Utc.with_ymd_and_hms(2026, 10, 24, 20, 0, 0).unwrap();
    let line = Timeline::new([Entry {
        at: received,
        change: Sig(Signal::Received),
    }]);
    let lookup = |name: &str| (name == "nights").then_some(&nights);
    let statuses = sla
        .evaluate(lookup, SCOPE, &line, received + hours(10))
        .unwrap();
    let first = find(&statuses, "first_response", 0);
    // 8 real hours later: 04:00 UTC, 05:00 CET, inside the long night.
    assert_eq!(first.due_at, Some(received + hours(8)));
    assert_eq!(
        first.elapsed,
        hours(9),
        "the whole 9-hour night has passed by 06:00 CET"
    );
    assert_eq!(first.state, ClockState::Breached);
}

#[test]
fn a_target_on_an_unknown_calendar_is_an_error() {
    let sla = SlaPolicy::sop_default();
    let line = Timeline::new([Entry {
        at: mon(9, 0),
        change: Sig(Signal::Received),
    }]);
    let error = sla
        .evaluate(|_| None, SCOPE, &line, mon(10, 0))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the target of `first_response` counts on calendar `always`, which is not known"
    );
}

#[test]
fn an_sla_policy_is_checked_alone_against_the_names_it_uses() {
    let sla = SlaPolicy::sop_default();
    let statuses = ["waiting_on_customer", "waiting_on_third_party"];
    assert!(
        sla.problems(&["business", "always"], &statuses, 5)
            .is_empty()
    );
    let problems: Vec<String> = sla
        .problems(&["business"], &statuses, 5)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(!problems.is_empty());
    assert!(
        problems
            .iter()
            .all(|p| p.starts_with("targets[") && p.contains("`always`")),
        "{problems:?}"
    );
}

#[test]
fn targets_pick_the_most_specific() {
    let mut sla = SlaPolicy::sop_default();
    let mut billing =
        TargetSpec::new("first_response", Within::Minutes(30), "always").for_priority(Priority(2));
    billing.category = Some("billing".into());
    sla.targets.push(billing);
    let refund = Scope {
        category: "billing/refund",
        ..SCOPE
    };
    let picked = |scope, priority| {
        sla.target("first_response", Some(Priority(priority)), scope)
            .map(|t| t.within)
    };
    assert_eq!(picked(refund, 2), Some(Within::Minutes(30)));
    assert_eq!(picked(SCOPE, 2), Some(Within::Minutes(4 * 60)));
    assert_eq!(picked(refund, 3), Some(Within::Minutes(24 * 60)));
}

#[test]
fn bad_sla_configs_are_reported_with_their_paths() {
    type Change = fn(&mut PolicySpec);
    let cases: Vec<(Change, &str)> = vec![
        (
            |s| s.sla.pause_on.push("on_hold".into()),
            "sla.pause_on[2]: `on_hold` is not a status",
        ),
        (
            |s| s.sla.metrics[1].name = "first_response".into(),
            "sla.metrics[1].name: `first_response` is used by an earlier metric",
        ),
        (
            |s| s.sla.metrics[0].start.clear(),
            "sla.metrics[0].start: a metric needs a start signal",
        ),
        (
            |s| s.sla.metrics[0].stop.clear(),
            "sla.metrics[0].stop: a metric needs a stop signal",
        ),
        (
            |s| s.sla.metrics[0].stop.push(Signal::Received),
            "sla.metrics[0].stop: `Received` both starts and stops the clock, which does not \
             repeat: it would never run",
        ),
        (
            |s| s.sla.targets[0].metric = "frist_response".into(),
            "sla.targets[0].metric: `frist_response` is not a metric",
        ),
        (
            |s| s.sla.targets[0].calendar = "weekdays".into(),
            "sla.targets[0].calendar: `weekdays` is not a calendar of the policy (business, always)",
        ),
        (
            |s| s.sla.targets[0].within = Within::Minutes(0),
            "sla.targets[0].within: 0 minutes is not a positive duration",
        ),
        (
            |s| {
                s.sla.targets.push(TargetSpec::new(
                    "first_response",
                    Within::Minutes(5),
                    "always",
                ))
            },
            "sla.targets[16]: an earlier target has the same metric and scope, so this one never applies",
        ),
        (
            |s| s.sla.warnings = vec![90, 75],
            "sla.warnings[1]: 75% is not above 90%; thresholds must increase",
        ),
        (
            |s| s.sla.warnings = vec![100],
            "sla.warnings[0]: 100% is not between 1% and 99%",
        ),
        (
            |s| s.sla.targets[0].within = Within::Minutes(600_000),
            "sla.targets[0].within: 600000 minutes is more than a year (525600)",
        ),
        (
            |s| s.sla.targets[0].tier = Some(" ".into()),
            "sla.targets[0].tier: must not be blank; leave it out instead",
        ),
        (
            |s| s.sla.targets[1].priority = Some(Priority(7)),
            "sla.targets[1].priority: P7 is not a priority of the matrix (P1 to P5)",
        ),
        (
            |s| s.sla.metrics[2].stop.push(Signal::Reopened),
            "sla.metrics[2].stop: `reopened` cannot stop a metric whose `on_reopen` acts on it",
        ),
    ];
    for (change, expected) in cases {
        let mut spec = PolicySpec::sop_default();
        change(&mut spec);
        let found: Vec<String> = match spec.compile() {
            Ok(_) => Vec::new(),
            Err(e) => e.problems.iter().map(ToString::to_string).collect(),
        };
        assert!(
            found.iter().any(|p| p == expected),
            "expected {expected:?} among {found:?}"
        );
    }
}

#[test]
fn a_clock_summary_takes_40_bytes() {
    assert_eq!(std::mem::size_of::<casework::sla::ClockSummary>(), 40);
}

#[test]
fn a_case_timeline_entry_takes_16_bytes() {
    assert_eq!(std::mem::size_of::<casework::case::SlaMark>(), 16);
}

#[test]
fn a_breach_under_an_earlier_target_survives_a_priority_without_one() {
    let mut sla = SlaPolicy::sop_default();
    sla.targets.retain(|t| t.metric != "first_response");
    sla.targets.push(
        TargetSpec::new("first_response", Within::Minutes(60), "always").for_priority(Priority(1)),
    );
    let always = CalendarSpec::twenty_four_seven("UTC").compile().unwrap();
    let line = timeline(&[
        (mon(9, 0), Prio(Priority(1))),
        (mon(9, 0), Sig(Signal::Received)),
        (mon(11, 0), Prio(Priority(3))),
    ]);
    let statuses = sla
        .evaluate(|_| Some(&always), SCOPE, &line, mon(12, 0))
        .unwrap();
    let first = find(&statuses, "first_response", 0);
    assert_eq!(first.state, ClockState::Breached);
    assert_eq!(first.due_at, Some(mon(10, 0)));
    assert_eq!(first.passed.last(), Some(&(Threshold::Breach, mon(10, 0))));
}

#[test]
fn batch_and_full_evaluation_agree_to_the_nanosecond() {
    let policy = policy();
    let start = mon(9, 0) + TimeDelta::milliseconds(900);
    let entries = [(start, Prio(Priority(1))), (start, Sig(Signal::Received))];
    let t1 = start + TimeDelta::minutes(10);
    let t2 = start + hours(1) - TimeDelta::milliseconds(500);
    let always = policy.calendar_named("always").unwrap();
    let first = evaluate(&policy, &entries, t1)
        .into_iter()
        .find(|s| s.metric == "first_response")
        .unwrap();
    let summary = casework::sla::ClockSummary::of(&first, always, 0)
        .unwrap()
        .unwrap();
    let batch = casework::sla::evaluate_batch(&[summary], &[always], policy.sla(), t2).unwrap();
    let full = evaluate(&policy, &entries, t2)
        .into_iter()
        .find(|s| s.metric == "first_response")
        .unwrap();
    assert_eq!(
        (batch[0].state, batch[0].remaining),
        (full.state, full.remaining)
    );
    assert_eq!(full.state, ClockState::AtRisk);
    assert_eq!(full.remaining, TimeDelta::milliseconds(500));
}

#[test]
fn met_cancelled_and_breached_are_the_final_states() {
    let states = [
        (ClockState::Running, false),
        (ClockState::Paused, false),
        (ClockState::AtRisk, false),
        (ClockState::Met, true),
        (ClockState::Cancelled, true),
        (ClockState::Breached, true),
    ];
    for (state, last) in states {
        assert_eq!(state.is_final(), last, "{state:?}");
    }
}

#[test]
fn a_reopen_starts_a_new_cycle_of_a_clock_that_never_ran() {
    // The update clock starts on the desk's word; a case resolved without a
    // word to the customer never ran it. Reopened, it owes the customer
    // updates all the same: a new cycle starts at the reopen.
    let policy = policy();
    let entries = [
        (mon(9, 0), Prio(Priority(3))),
        (mon(9, 0), Sig(Signal::Received)),
        (mon(10, 0), Sig(Signal::Resolved)),
        (mon(11, 0), Sig(Signal::Reopened)),
    ];
    let updates: Vec<_> = evaluate(&policy, &entries, mon(12, 0))
        .into_iter()
        .filter(|s| s.metric == casework::sla::CUSTOMER_UPDATE)
        .map(|s| (s.cycle, s.started_at, s.state))
        .collect();
    assert_eq!(updates, [(0, mon(11, 0), ClockState::Running)]);
}

#[test]
fn a_target_allows_one_minute_to_a_year_or_one_to_365_business_days() {
    let max = casework::sla::MAX_MINUTES;
    let allowances = [
        (Within::Minutes(0), false),
        (Within::Minutes(1), true),
        (Within::Minutes(max), true),
        (Within::Minutes(max + 1), false),
        (Within::BusinessDays(0), false),
        (Within::BusinessDays(1), true),
        (Within::BusinessDays(365), true),
        (Within::BusinessDays(366), false),
    ];
    for (within, allowed) in allowances {
        let mut spec = PolicySpec::sop_default();
        spec.sla.targets[0].within = within;
        assert_eq!(spec.compile().is_ok(), allowed, "{within:?}");
    }
}

#[test]
fn a_running_clock_due_beyond_its_calendars_range_is_an_error() {
    // The calendars end with 2099. A P1 received at 20:00 on its last day
    // is due to be resolved at 04:00 in 2100: the status cannot be told.
    let policy = policy();
    let received = Utc.with_ymd_and_hms(2099, 12, 31, 20, 0, 0).unwrap();
    let entries = [
        (received, Prio(Priority(1))),
        (received, Sig(Signal::Received)),
    ];
    let result = policy.sla().evaluate(
        |name| policy.calendar_named(name),
        SCOPE,
        &timeline(&entries),
        received + TimeDelta::minutes(30),
    );
    assert!(
        matches!(result, Err(casework::sla::SlaError::Calendar(_))),
        "{result:?}"
    );
}

#[test]
fn a_metric_that_starts_a_new_cycle_on_reopen_needs_no_start_signal() {
    // The time to resolve a reopened case, and nothing before a reopen.
    let mut spec = PolicySpec::sop_default();
    let metric = &mut spec.sla.metrics[0];
    metric.start.clear();
    metric.on_reopen = casework::sla::OnReopen::NewCycle;
    assert!(spec.compile().is_ok());
}

#[test]
fn a_metric_with_a_list_past_its_limit_is_one_problem() {
    // More start signals than there are signals: that is the problem, and
    // the rest of the metric is not looked at, its empty stop list included.
    let limit = Signal::ALL.len();
    let mut spec = PolicySpec::sop_default();
    spec.sla.metrics[0].start = vec![Signal::Received; limit + 1];
    spec.sla.metrics[0].stop.clear();
    let problems: Vec<String> = spec
        .sla
        .problems(
            &["business", "always"],
            &["waiting_on_customer", "waiting_on_third_party"],
            5,
        )
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        [format!(
            "metrics[0].start: {} entries; there may be at most {limit}",
            limit + 1
        )]
    );
}
