//! The fold's algebra: any split of the events, folded apart and merged in any
//! order and grouping, equals one fold over them all, in any order; so do the
//! reports made from them.
#![cfg(feature = "proptest")]

use casework::case::{CaseKind, Command, Event};
use casework::kpi::Kpis;
use casework::strategy::{case_actor, case_command};
use casework::{Actor, CaseId, Recorded, Severity};
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
    }
}
