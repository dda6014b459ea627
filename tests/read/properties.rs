//! The projections against a recount from scratch: on random histories of
//! several cases, interleaved in any order, delivered at least once, folded
//! one event at a time or all at once, and built in shards that are merged
//! in any order, each projection answers what replaying each case alone and
//! asking it answers.
#![cfg(feature = "proptest")]

use std::collections::BTreeMap;

use casework::case::{Case, CaseKind, Command, Event};
use casework::read::{CustomerHistory, Deadlines, Merge, Projection, QueueKey, WorkQueues};
use casework::strategy::{case_actor, case_command};
use casework::{Actor, Aggregate, CaseId, CustomerRef, Policy, Recorded, Severity, StreamId};
use chrono::{DateTime, TimeDelta, Utc};
use proptest::prelude::*;
use uuid::Uuid;

use crate::case::fixtures::{Desk, csr, intake, monday};

/// Up to five cases of two customers, each logged and then given random
/// commands by random people: each case's history.
fn histories() -> impl Strategy<Value = Vec<Vec<Recorded<Event>>>> {
    let case = |n: u128| {
        let id = CaseId::from_uuid(Uuid::from_u128(n));
        proptest::collection::vec(
            (case_actor(), case_command(id, monday()), 0i64..3_000),
            0..25,
        )
        .prop_map(move |steps| run(n, id, &steps))
    };
    (1usize..=5).prop_flat_map(move |n| (1..=n as u128).map(case).collect::<Vec<_>>())
}

fn run(n: u128, id: CaseId, steps: &[(Actor, Command, i64)]) -> Vec<Recorded<Event>> {
    let mut desk = Desk::new();
    let mut intake = intake(CaseKind::Complaint, Severity::Medium);
    intake.case = id;
    intake.customer = CustomerRef::from_uuid(Uuid::from_u128(n % 2));
    intake.received_at = monday() + TimeDelta::minutes(n as i64);
    desk.run_at(
        intake.received_at,
        csr(),
        Command::Log {
            intake,
            first_contact_resolution: None,
        },
    )
    .unwrap();
    for (actor, command, minutes) in steps {
        let _ = desk.run_at(
            desk.now + TimeDelta::minutes(*minutes),
            *actor,
            command.clone(),
        );
    }
    desk.history
}

/// The events of every history, interleaved by `picks` (each the stream to
/// take the next event of, modulo those left), each stream's in order.
fn interleave(histories: &[Vec<Recorded<Event>>], picks: &[usize]) -> Vec<Recorded<Event>> {
    let mut next = vec![0; histories.len()];
    let mut events = Vec::new();
    for pick in picks.iter().cycle() {
        let left: Vec<usize> = (0..histories.len())
            .filter(|&h| next[h] < histories[h].len())
            .collect();
        if left.is_empty() {
            break;
        }
        let h = left[pick % left.len()];
        events.push(histories[h][next[h]].clone());
        next[h] += 1;
    }
    events
}

/// What the projections answer, as plain values.
#[derive(Debug, PartialEq)]
struct Answers {
    due: Vec<(DateTime<Utc>, StreamId)>,
    queues: BTreeMap<QueueKey, Vec<StreamId>>,
    counts: BTreeMap<String, u64>,
}

fn answers(deadlines: &Deadlines<'_>, queues: &WorkQueues<'_>) -> Answers {
    Answers {
        due: deadlines
            .index()
            .iter()
            .map(|due| (due.at, due.stream))
            .collect(),
        queues: queues
            .queues()
            .map(|(key, _)| (key, queues.queue(key).map(|entry| entry.stream).collect()))
            .collect(),
        counts: queues
            .status_counts()
            .iter()
            .map(|(s, n)| (s.to_string(), *n))
            .collect(),
    }
}

/// The recount: each case replayed alone and asked.
fn recount(histories: &[Vec<Recorded<Event>>], policy: &Policy) -> Answers {
    let cases: Vec<Case> = histories.iter().map(|h| Case::replay(h).unwrap()).collect();
    let mut due: Vec<_> = cases
        .iter()
        .filter_map(|case| Some((case.next_deadline(policy).unwrap()?, case.stream()?)))
        .collect();
    due.sort();
    // Each open case in its assignee's queue and its unit's, most urgent first.
    let mut queued: BTreeMap<QueueKey, Vec<(u8, DateTime<Utc>, StreamId)>> = BTreeMap::new();
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for case in &cases {
        let status = case.status().unwrap();
        *counts.entry(status.to_string()).or_default() += 1;
        if status.is_terminal() {
            continue;
        }
        let at = case.updated_at().unwrap();
        let sla_due = case
            .sla_status(policy, at)
            .unwrap()
            .iter()
            .filter(|c| c.stopped_at.is_none() && c.paused_since.is_none())
            .filter_map(|c| c.due_at)
            .min()
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        let order = (case.priority().unwrap().0, sla_due, case.stream().unwrap());
        let assignment = case.assignment();
        let person_or_team = match assignment.assignee {
            Some(casework::case::Assignee::Person(p)) => QueueKey::Person(p),
            Some(casework::case::Assignee::Team(t)) => QueueKey::Team(t),
            None => QueueKey::Unassigned,
        };
        queued.entry(person_or_team).or_default().push(order);
        if let Some(unit) = assignment.unit {
            queued.entry(QueueKey::Unit(unit)).or_default().push(order);
        }
    }
    Answers {
        due,
        queues: queued
            .into_iter()
            .map(|(key, mut orders)| {
                orders.sort();
                (key, orders.into_iter().map(|(_, _, s)| s).collect())
            })
            .collect(),
        counts,
    }
}

/// The customer history's record of each case against the case replayed.
fn check_history(
    history: &CustomerHistory,
    histories: &[Vec<Recorded<Event>>],
) -> Result<(), TestCaseError> {
    prop_assert_eq!(history.len(), histories.len());
    for events in histories {
        let case = Case::replay(events).unwrap();
        let line = history.case(case.stream().unwrap()).unwrap();
        prop_assert_eq!(Some(line.status), case.status());
        prop_assert_eq!(line.reopens, case.reopen_count());
        prop_assert_eq!(line.open_concern, case.open_concern().map(|c| c.raised_at));
        let rating = events.iter().rev().find_map(|e| match &e.event {
            Event::FollowUpRecorded { rating, .. } => Some(*rating),
            _ => None,
        });
        prop_assert_eq!(line.rating, rating.flatten());
        prop_assert_eq!(line.version, case.version());
        prop_assert!(
            history
                .cases_of(case.customer().unwrap())
                .any(|c| c.stream == line.stream)
        );
    }
    for customer in [0, 1].map(|n| CustomerRef::from_uuid(Uuid::from_u128(n))) {
        let received: Vec<_> = history.cases_of(customer).map(|c| c.received_at).collect();
        prop_assert!(received.is_sorted());
        prop_assert_eq!(
            history.earlier_complaints(customer, DateTime::<Utc>::MAX_UTC),
            received
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_projections_equal_a_recount_however_the_events_come(
        histories in histories(),
        picks in proptest::collection::vec(any::<usize>(), 1..64),
        shard_of in proptest::collection::vec(0usize..3, 5),
        cut in proptest::collection::vec(any::<usize>(), 5),
    ) {
        let policy = Desk::new().policy;
        let expected = recount(&histories, &policy);
        let events = interleave(&histories, &picks);

        // One event at a time, each delivered twice.
        let (mut deadlines, mut queues, mut history) = (Deadlines::new(&policy), WorkQueues::new(&policy), CustomerHistory::new());
        for event in &events {
            for _ in 0..2 {
                deadlines.fold(event).unwrap();
                queues.fold(event).unwrap();
                history.fold(event).unwrap();
            }
        }
        prop_assert_eq!(&answers(&deadlines, &queues), &expected);
        check_history(&history, &histories)?;

        // All at once.
        let (mut deadlines, mut queues, mut bulk_history) = (Deadlines::new(&policy), WorkQueues::new(&policy), CustomerHistory::new());
        deadlines.fold_all(&events).unwrap();
        queues.fold_all(&events).unwrap();
        bulk_history.fold_all(&events).unwrap();
        prop_assert_eq!(&answers(&deadlines, &queues), &expected);
        prop_assert_eq!(&bulk_history, &history);

        // In three shards by stream, one of which has also seen a prefix of
        // every other stream, merged in two orders.
        let shard = |k: usize| {
            let (mut d, mut q, mut h) = (Deadlines::new(&policy), WorkQueues::new(&policy), CustomerHistory::new());
            for (i, events) in histories.iter().enumerate() {
                let take = if shard_of[i] == k { events.len() } else if k == 0 { cut[i] % (events.len() + 1) } else { 0 };
                d.fold_all(&events[..take]).unwrap();
                q.fold_all(&events[..take]).unwrap();
                h.fold_all(&events[..take]).unwrap();
            }
            (d, q, h)
        };
        for order in [[0, 1, 2], [2, 0, 1]] {
            let [first, second, third] = order.map(shard);
            let (mut d, mut q, mut h) = first;
            for (d2, q2, h2) in [second, third] {
                d.merge(d2);
                q.merge(q2);
                h.merge(h2);
            }
            prop_assert_eq!(&answers(&d, &q), &expected);
            prop_assert_eq!(&h, &history);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Replayed under the policy it was recorded under, a log brought up to
    /// date re-derives exactly what came due, each at its instant: what the
    /// what-if comparison rests on.
    #[test]
    fn a_log_replayed_under_its_own_policy_comes_due_as_recorded(histories in histories()) {
        let policy = Desk::new().policy;
        let scheduler = crate::case::fixtures::system();
        let until = histories.iter().flatten().map(|e| e.at).max().unwrap() + TimeDelta::days(3);
        let mut log = Vec::new();
        for history in &histories {
            let mut case = Case::replay(history).unwrap();
            let mut history = history.clone();
            history.extend(case.record_due(&casework::Ctx::new(until, scheduler, &policy)).unwrap());
            // Brought up to date, the case has recorded every threshold its
            // clocks passed, as their statuses tell without its deadline.
            for status in case.sla_status(&policy, until).unwrap() {
                for (threshold, _) in &status.passed {
                    prop_assert!(
                        case.sla_recorded().iter().any(|r| r.metric == status.metric && r.cycle == status.cycle && r.threshold == *threshold),
                        "{} cycle {} passed {:?} unrecorded", status.metric, status.cycle, threshold
                    );
                }
            }
            log.extend(history);
        }
        let comparison = casework::read::replay(&log, &policy, &policy, until, scheduler).unwrap();
        prop_assert_eq!(comparison.differing().count(), 0);
        prop_assert_eq!(&comparison.actual, &comparison.replayed);
        let came_due = |events: &[Recorded<Event>], stream| {
            events.iter().filter(|e| e.stream == stream)
                .filter_map(|e| Some((e.event.name(), Case::came_due(&e.event)?)))
                .collect::<Vec<_>>()
        };
        for case in &comparison.cases {
            prop_assert_eq!(came_due(&comparison.events, case.stream), came_due(&log, case.stream));
        }
    }
}
