//! KPIs per agent: whom a case counts for, the resolution rate, the reopens
//! each resolution caused, and each agent's CSAT, from known histories.

use casework::case::{Assignee, CaseKind, Command, FirstContactResolution, Resolution};
use casework::kpi::{Dimension, Kpis, Ratio};
use casework::{
    Actor, ActorId, CaseId, Channel, Recorded, Role, Severity, StreamId, TeamId, case::Event,
};
use chrono::TimeDelta;
use uuid::Uuid;

use super::{follow_up, logged};
use crate::case::fixtures::{Desk, actor, csr, intake, monday};

fn alice() -> Actor {
    actor(11, &[Role::CustomerServiceRepresentative])
}

fn bob() -> Actor {
    actor(12, &[Role::CustomerServiceRepresentative])
}

fn team() -> TeamId {
    TeamId::from_uuid(Uuid::from_u128(77))
}

fn assign(desk: &mut Desk, to: Assignee) {
    desk.ok(csr(), Command::Assign { to });
}

fn person(agent: Actor) -> Assignee {
    Assignee::Person(agent.id)
}

fn resolve_as(desk: &mut Desk, agent: Actor) {
    // As far as the case's status asks: acknowledged, then investigated.
    let _ = desk.run(
        agent,
        Command::Acknowledge {
            channel: Channel::Email,
        },
    );
    let _ = desk.run(agent, Command::StartInvestigation);
    desk.ok(
        agent,
        Command::Resolve {
            resolution: Some(Resolution::text("Reshipped")),
            root_cause: Some("supplier".to_owned()),
        },
    );
}

fn reopen(desk: &mut Desk) {
    desk.ok(
        csr(),
        Command::Reopen {
            reason: "Still not here".to_owned(),
        },
    );
}

/// Five complaints:
/// - 21, assigned to Alice: Alice resolves it, rated 2; reopened; Bob
///   resolves it again. It counts for Alice, its first resolver; the reopen
///   is Alice's.
/// - 22, assigned to Bob: Bob resolves it, rated 5; reopened; Alice resolves
///   it; reopened again. It counts for Bob; the first reopen is Bob's, the
///   second Alice's.
/// - 23, assigned to Alice, never resolved: it counts for Alice, unresolved.
/// - 24, assigned to Bob, then to a team: unassigned, and the team's.
/// - 25, resolved at first contact by the representative who logged it.
fn histories() -> Vec<Recorded<Event>> {
    let at = |h: i64| monday() + TimeDelta::hours(h);
    let mut events = Vec::new();

    let mut one = logged(21, at(0), "delivery/late", Channel::Email);
    assign(&mut one, person(alice()));
    resolve_as(&mut one, alice());
    follow_up(&mut one, Some(2));
    reopen(&mut one);
    resolve_as(&mut one, bob());
    events.extend(one.history);

    let mut two = logged(22, at(1), "delivery/late", Channel::Email);
    assign(&mut two, person(bob()));
    resolve_as(&mut two, bob());
    follow_up(&mut two, Some(5));
    reopen(&mut two);
    resolve_as(&mut two, alice());
    reopen(&mut two);
    events.extend(two.history);

    let mut three = logged(23, at(2), "billing/refund", Channel::Phone);
    assign(&mut three, person(alice()));
    events.extend(three.history);

    let mut four = logged(24, at(3), "billing/refund", Channel::Phone);
    assign(&mut four, person(bob()));
    assign(&mut four, Assignee::Team(team()));
    events.extend(four.history);

    let mut five = Desk::new();
    let mut intake = intake(CaseKind::Complaint, Severity::Low);
    intake.case = CaseId::from_uuid(Uuid::from_u128(25));
    intake.received_at = at(4);
    five.run_at(
        at(4),
        csr(),
        Command::Log {
            intake,
            first_contact_resolution: Some(FirstContactResolution {
                resolution: Resolution::text("Explained the tracking page"),
                root_cause: Some("communication".to_owned()),
            }),
        },
    )
    .unwrap();
    events.extend(five.history);
    events
}

fn key(agent: Actor) -> String {
    agent.id.to_string()
}

#[test]
fn each_agent_has_the_cases_they_resolved_or_hold() {
    let policy = Desk::new().policy;
    let kpis = Kpis::from_events(&histories());
    let by_agent = kpis.report_by(Dimension::Agent, &policy).unwrap();
    assert_eq!(by_agent.keys().cloned().collect::<Vec<_>>(), {
        let mut keys = vec![
            key(csr()),
            key(alice()),
            key(bob()),
            "unassigned".to_owned(),
        ];
        keys.sort();
        keys
    });
    let alice = &by_agent[&key(alice())];
    // Handled 21 and 23; resolved 21: a resolution rate of one in two.
    assert_eq!(alice.cases, 2);
    assert_eq!(alice.resolved, Ratio { part: 1, whole: 2 });
    // 21's reopen undid Alice's resolution, and so did 22's second.
    assert_eq!(alice.reopens_caused, 2);
    assert_eq!(alice.reopened, Ratio { part: 1, whole: 1 });
    // Her cases' CSAT: 21 rated 2.
    assert_eq!(alice.csat.average, Ratio { part: 2, whole: 1 });

    let bob = &by_agent[&key(bob())];
    assert_eq!((bob.cases, bob.resolved), (1, Ratio { part: 1, whole: 1 }));
    assert_eq!(bob.reopens_caused, 1);
    assert_eq!(bob.csat.average, Ratio { part: 5, whole: 1 });

    let desk = &by_agent[&key(csr())];
    assert_eq!(desk.cases, 1);
    assert_eq!(desk.first_contact_resolution, Ratio { part: 1, whole: 1 });
    assert_eq!(desk.reopens_caused, 0);

    let unassigned = &by_agent["unassigned"];
    assert_eq!(
        (unassigned.cases, unassigned.resolved),
        (1, Ratio { part: 0, whole: 1 })
    );

    // The whole desk: three reopens, each caused by a resolution.
    let report = kpis.report(&policy).unwrap();
    assert_eq!(report.reopens_caused, 3);
    assert_eq!(report.resolved, Ratio { part: 3, whole: 5 });

    // By team: 24 is the team's; the rest are no team's.
    let by_team = kpis.report_by(Dimension::Team, &policy).unwrap();
    assert_eq!(by_team[&team().to_string()].cases, 1);
    assert_eq!(by_team["unassigned"].cases, 4);
}

#[test]
fn an_agent_whose_resolution_was_reopened_has_a_report_without_cases() {
    let policy = Desk::new().policy;
    // Only case 22's events: Bob's case, Alice's resolution reopened.
    let events: Vec<_> = histories()
        .into_iter()
        .filter(|e| e.stream == StreamId::from_uuid(Uuid::from_u128(22)))
        .collect();
    let by_agent = Kpis::from_events(&events)
        .report_by(Dimension::Agent, &policy)
        .unwrap();
    let alice = &by_agent[&key(alice())];
    assert_eq!((alice.cases, alice.reopens_caused), (0, 1));
    assert_eq!(alice.resolved, Ratio { part: 0, whole: 0 });
    assert_eq!(by_agent[&key(bob())].reopens_caused, 1);
}

#[test]
fn the_split_of_a_case_across_shards_does_not_move_it_between_agents() {
    let policy = Desk::new().policy;
    let events = histories();
    let whole = Kpis::from_events(&events)
        .report_by(Dimension::Agent, &policy)
        .unwrap();
    // Every other event in each shard, merged the other way round.
    let (mut a, mut b) = (Kpis::new(), Kpis::new());
    for (i, event) in events.iter().enumerate() {
        if i % 2 == 0 {
            a.fold(event)
        } else {
            b.fold(event)
        }
    }
    b.merge(&a);
    assert_eq!(b.report_by(Dimension::Agent, &policy).unwrap(), whole);
    // A reopen folded before the resolution it undid is still charged to it.
    let mut reversed = Kpis::new();
    for event in events.iter().rev() {
        reversed.fold(event);
    }
    assert_eq!(
        reversed.report_by(Dimension::Agent, &policy).unwrap(),
        whole
    );
}

#[test]
fn the_agent_key_is_the_actor_ids_string_form() {
    let id = ActorId::from_uuid(Uuid::from_u128(11));
    assert_eq!(key(alice()), id.to_string());
    assert_eq!(key(alice()), "00000000-0000-0000-0000-00000000000b");
}
