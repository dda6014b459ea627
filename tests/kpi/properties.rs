//! The fold's algebra: any split of the events, folded apart and merged in any
//! order and grouping, equals one fold over them all, in any order; so do the
//! reports made from them.
#![cfg(feature = "proptest")]

use std::collections::BTreeMap;

use casework::case::{Assignee, CaseKind, Command, Event};
use casework::kpi::{Dimension, Kpis, Ratio};
use casework::strategy::{case_actor, case_command};
use casework::{Actor, ActorId, CaseId, Recorded, Severity, StreamId};
use chrono::TimeDelta;
use proptest::prelude::*;
use uuid::Uuid;

use crate::case::fixtures::{Desk, csr, intake, monday};

/// Up to four cases, each logged and then given random commands by random
/// people: the events they recorded.
fn histories() -> impl Strategy<Value = Vec<Recorded<Event>>> {
    let case = |n: u128| {
        let id = CaseId::from_uuid(Uuid::from_u128(n));
        proptest::collection::vec(
            (case_actor(), case_command(id, monday()), 0i64..3_000),
            0..25,
        )
        .prop_map(move |steps| run(id, &steps))
    };
    (1usize..=4)
        .prop_flat_map(move |n| (1..=n as u128).map(case).collect::<Vec<_>>())
        .prop_map(|histories| histories.concat())
}

fn run(id: CaseId, steps: &[(Actor, Command, i64)]) -> Vec<Recorded<Event>> {
    let mut desk = Desk::new();
    let mut intake = intake(CaseKind::Complaint, Severity::Medium);
    intake.case = id;
    desk.run_at(
        monday(),
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

proptest! {
    #[test]
    fn merging_any_split_equals_one_fold(
        events in histories(),
        shards in proptest::collection::vec(0usize..3, 64),
        order in proptest::collection::vec(any::<u32>(), 64),
    ) {
        let whole = Kpis::from_events(&events);
        let mut parts = [Kpis::new(), Kpis::new(), Kpis::new()];
        for (i, event) in events.iter().enumerate() {
            parts[shards[i % shards.len()]].fold(event);
        }
        let [a, b, c] = parts;
        let merged = |x: &Kpis, y: &Kpis| {
            let mut m = x.clone();
            m.merge(y);
            m
        };
        // Associative, commutative, and the fold of everything.
        let left = merged(&merged(&a, &b), &c);
        let right = merged(&a, &merged(&b, &c));
        prop_assert_eq!(&left, &right);
        prop_assert_eq!(&merged(&a, &b), &merged(&b, &a));
        prop_assert_eq!(&left, &whole);

        // The order of the events does not matter either.
        let mut shuffled: Vec<(u32, &Recorded<Event>)> =
            events.iter().enumerate().map(|(i, e)| (order[i % order.len()], e)).collect();
        shuffled.sort_by_key(|(key, _)| *key);
        prop_assert_eq!(&Kpis::from_events(shuffled.into_iter().map(|(_, e)| e)), &whole);

        // Incremental, one event at a time, is the same as all at once.
        let mut incremental = Kpis::new();
        for event in &events {
            incremental.fold(event);
        }
        prop_assert_eq!(&incremental, &whole);

        let policy = Desk::new().policy;
        prop_assert_eq!(left.report(&policy).unwrap(), whole.report(&policy).unwrap());
        prop_assert_eq!(
            left.report_by(Dimension::Agent, &policy).unwrap(),
            whole.report_by(Dimension::Agent, &policy).unwrap()
        );
    }

    #[test]
    fn the_per_agent_fold_equals_a_recount(
        events in prop_oneof![histories(), agent_histories()],
        shards in proptest::collection::vec(0usize..3, 64),
    ) {
        let policy = Desk::new().policy;
        let expected = recount(&events);
        // Folded in shards and merged, in reverse order: the same figures.
        let mut parts = [Kpis::new(), Kpis::new(), Kpis::new()];
        for (i, event) in events.iter().enumerate().rev() {
            parts[shards[i % shards.len()]].fold(event);
        }
        let [mut a, b, c] = parts;
        a.merge(&c);
        a.merge(&b);
        for kpis in [Kpis::from_events(&events), a] {
            let found: BTreeMap<String, Figures> = kpis
                .report_by(Dimension::Agent, &policy)
                .unwrap()
                .into_iter()
                .map(|(agent, report)| {
                    (agent, Figures {
                        cases: report.cases,
                        resolved: report.resolved,
                        reopens_caused: report.reopens_caused,
                        ratings: report.csat.average,
                    })
                })
                .collect();
            prop_assert_eq!(&found, &expected);
        }
    }
}

/// What an agent does to a case, in [`agent_histories`].
#[derive(Debug, Clone)]
enum Step {
    /// Assign it to representative `n`, or to a team.
    Assign(Option<u128>),
    /// Representative `n` acknowledges, investigates and resolves it, as far
    /// as its status asks.
    Resolve(u128),
    /// The desk reopens it.
    Reopen,
    /// The desk follows it up, with or without a rating.
    FollowUp(Option<u8>),
}

/// Up to four cases, each worked by up to four representatives in turn:
/// assigned, resolved, reopened, resolved again by another, followed up.
/// Steps the case refuses are skipped.
fn agent_histories() -> impl Strategy<Value = Vec<Recorded<Event>>> {
    let step = prop_oneof![
        2 => proptest::option::of(11u128..15).prop_map(Step::Assign),
        3 => (11u128..15).prop_map(Step::Resolve),
        2 => Just(Step::Reopen),
        1 => proptest::option::of(1u8..=5).prop_map(Step::FollowUp),
    ];
    let case = move |n: u128| {
        proptest::collection::vec(step.clone(), 0..12).prop_map(move |steps| work(n, &steps))
    };
    (1usize..=4)
        .prop_flat_map(move |n| (1..=n as u128).map(case.clone()).collect::<Vec<_>>())
        .prop_map(|histories| histories.concat())
}

fn work(n: u128, steps: &[Step]) -> Vec<Recorded<Event>> {
    use casework::case::Resolution;
    use casework::{Channel, Role, TeamId};

    let representative =
        |n| crate::case::fixtures::actor(n, &[Role::CustomerServiceRepresentative]);
    let mut desk = Desk::new();
    let mut intake = intake(CaseKind::Complaint, Severity::Medium);
    intake.case = CaseId::from_uuid(Uuid::from_u128(n));
    desk.run_at(
        monday(),
        csr(),
        Command::Log {
            intake,
            first_contact_resolution: None,
        },
    )
    .unwrap();
    for step in steps {
        match step {
            Step::Assign(to) => {
                let to = to.map_or(Assignee::Team(TeamId::from_uuid(Uuid::from_u128(5))), |n| {
                    Assignee::Person(representative(n).id)
                });
                let _ = desk.run(csr(), Command::Assign { to });
            }
            Step::Resolve(n) => {
                let agent = representative(*n);
                let _ = desk.run(
                    agent,
                    Command::Acknowledge {
                        channel: Channel::Email,
                    },
                );
                let _ = desk.run(agent, Command::StartInvestigation);
                let _ = desk.run(
                    agent,
                    Command::Resolve {
                        resolution: Some(Resolution::text("Reshipped")),
                        root_cause: Some("supplier".to_owned()),
                    },
                );
            }
            Step::Reopen => {
                let _ = desk.run(
                    csr(),
                    Command::Reopen {
                        reason: "Not fixed".to_owned(),
                    },
                );
            }
            Step::FollowUp(rating) => {
                let _ = desk.run(
                    csr(),
                    Command::RecordFollowUp {
                        channel: Channel::Phone,
                        other_channel_reason: None,
                        rating: *rating,
                        comments: String::new(),
                        concern_resolved: true,
                        answers: Vec::new(),
                        last_surveyed_at: None,
                        survey_override: None,
                    },
                );
            }
        }
    }
    desk.history
}

/// What the per-agent recount checks of each agent's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Figures {
    cases: u64,
    resolved: Ratio,
    reopens_caused: u64,
    ratings: Ratio,
}

/// The per-agent figures counted again from the events, case by case in
/// version order, without the fold: a case is its first resolver's, else the
/// person it is assigned to, else `unassigned`; a reopen is the resolver's
/// of the latest resolution before it.
fn recount(events: &[Recorded<Event>]) -> BTreeMap<String, Figures> {
    let mut streams: BTreeMap<StreamId, Vec<&Recorded<Event>>> = BTreeMap::new();
    for event in events {
        streams.entry(event.stream).or_default().push(event);
    }
    let mut figures: BTreeMap<String, Figures> = BTreeMap::new();
    for mut history in streams.into_values() {
        history.sort_by_key(|e| e.version);
        if !history
            .iter()
            .any(|e| matches!(e.event, Event::Logged { .. }))
        {
            continue;
        }
        let (mut first_resolver, mut last_resolver) = (None::<ActorId>, None::<ActorId>);
        let mut assignee = None;
        let mut rating = None;
        for recorded in &history {
            match &recorded.event {
                Event::Resolved { .. } => {
                    first_resolver.get_or_insert(recorded.actor);
                    last_resolver = Some(recorded.actor);
                }
                Event::Reopened { .. } => {
                    if let Some(resolver) = last_resolver {
                        figures
                            .entry(resolver.to_string())
                            .or_default()
                            .reopens_caused += 1;
                    }
                }
                Event::Assigned { to } => assignee = Some(*to),
                Event::Transferred { to, .. } | Event::HandedOver { to, .. } => {
                    assignee = to.assignee;
                }
                Event::Routed { routing } => {
                    if let Some(person) = routing.to.assignee {
                        assignee = Some(Assignee::Person(person));
                    }
                }
                Event::FollowUpRecorded { rating: given, .. } => rating = *given,
                Event::FollowUpUnanswered { last: true, .. } => rating = None,
                _ => {}
            }
        }
        let agent = first_resolver.or(match assignee {
            Some(Assignee::Person(person)) => Some(person),
            _ => None,
        });
        let key = agent.map_or_else(|| "unassigned".to_owned(), |a| a.to_string());
        let row = figures.entry(key).or_default();
        row.cases += 1;
        row.resolved.whole += 1;
        row.resolved.part += u64::from(first_resolver.is_some());
        if let Some(rating) = rating {
            row.ratings.part += u64::from(rating);
            row.ratings.whole += 1;
        }
    }
    figures
}
