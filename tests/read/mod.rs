//! The read side: projections kept current from recorded events, walked as a
//! desk uses them.

mod properties;

use casework::case::{Assignee, Case, CaseKind, Command, Event, Status};
use casework::read::{CustomerHistory, Deadlines, Projection, QueueKey, RecordKind, WorkQueues};
use casework::{Aggregate, Ctx, Recorded, StreamId, Version};
use chrono::TimeDelta;

use crate::case::fixtures::{Desk, csr, intake, manager, monday, system};
use casework::Severity;
use uuid::Uuid;

/// A complaint logged on its own desk, `minutes` after Monday 09:00.
fn logged(n: u128, minutes: i64, severity: Severity) -> Desk {
    let mut desk = Desk::new();
    let mut intake = intake(CaseKind::Complaint, severity);
    intake.case = casework::CaseId::from_uuid(Uuid::from_u128(n));
    intake.received_at = monday() + TimeDelta::minutes(minutes);
    desk.run_at(
        intake.received_at,
        csr(),
        Command::Log {
            intake,
            first_contact_resolution: None,
        },
    )
    .unwrap();
    desk
}

fn stream(n: u128) -> StreamId {
    StreamId::from_uuid(Uuid::from_u128(n))
}

#[test]
fn a_scheduler_driven_by_the_index_records_what_came_due_and_never_spins() {
    let mut desks: Vec<Desk> = (1..=3)
        .map(|n| logged(n, n as i64 * 10, Severity::Medium))
        .collect();
    let policy = desks[0].policy.clone();
    let mut deadlines = Deadlines::new(&policy);
    for desk in &desks {
        deadlines.fold_all(&desk.history).unwrap();
    }
    assert_eq!(deadlines.index().len(), 3);

    // A scheduler that wakes three days late runs only what the index says
    // is due, and folds what it records back in.
    let late = monday() + TimeDelta::days(3);
    let mut rounds = 0;
    loop {
        let next = deadlines.due(late).next();
        let Some(due) = next else { break };
        rounds += 1;
        assert!(rounds < 100, "the scheduler spins on {due:?}");
        assert_eq!(due.kind, RecordKind::Case);
        let mut case = deadlines.cases().get(due.stream).unwrap().clone();
        let recorded = case
            .record(&Command::RecordDeadline, &Ctx::new(late, system(), &policy))
            .unwrap();
        assert!(!recorded.is_empty(), "{due:?} was due but recorded nothing");
        deadlines.fold_all(&recorded).unwrap();
        let desk = desks
            .iter_mut()
            .find(|d| d.case.stream() == Some(due.stream))
            .unwrap();
        desk.history.extend(recorded);
    }
    // Once a round per case: each recorded everything due by then at once.
    assert_eq!(rounds, 3);
    for desk in &desks {
        // What the index holds is what the case, replayed, answers; and what
        // was recorded is what a scheduler that loads the stream records.
        let case = Case::replay(&desk.history).unwrap();
        let next = case.next_deadline(&policy).unwrap();
        assert_eq!(deadlines.index().get(case.stream().unwrap()), next);
        assert!(next.is_none_or(|next| next > late));
        let mut on_its_own = desk.case.clone();
        let expected = on_its_own
            .record_due(&Ctx::new(late, system(), &policy))
            .unwrap();
        let names =
            |events: &[Recorded<Event>]| events.iter().map(|e| e.event.name()).collect::<Vec<_>>();
        assert_eq!(names(&desk.history[1..]), names(&expected));
        assert!(names(&expected).contains(&"escalated"));
    }
}

#[test]
fn an_event_out_of_sequence_is_refused_naming_the_stream_and_changes_nothing() {
    let mut desk = logged(1, 0, Severity::Medium);
    desk.ok(
        csr(),
        Command::Acknowledge {
            channel: casework::Channel::Email,
        },
    );
    desk.ok(csr(), Command::StartInvestigation);
    let policy = desk.policy.clone();
    let mut queues = WorkQueues::new(&policy);
    let mut history = CustomerHistory::new();
    queues.fold(&desk.history[0]).unwrap();
    history.fold(&desk.history[0]).unwrap();

    // v3 before v2: a gap.
    let refused = queues.fold(&desk.history[2]).unwrap_err();
    assert_eq!(
        (refused.stream, refused.rule()),
        (stream(1), "out_of_sequence")
    );
    assert_eq!(history.fold(&desk.history[2]).unwrap_err(), refused);
    assert_eq!(queues.entry(stream(1)).unwrap().status, Status::Received);
    assert_eq!(history.case(stream(1)).unwrap().version, Version::new(1));
    assert_eq!(queues.cases().version(stream(1)), Version::new(1));

    // A stream that does not start with its creation.
    let mut other = desk.history[1].clone();
    other.stream = stream(9);
    other.version = Version::new(1);
    let refused = queues.fold(&other).unwrap_err();
    assert_eq!(
        (refused.stream, refused.rule()),
        (stream(9), "not_created_first")
    );
    assert!(queues.cases().get(stream(9)).is_none());

    // In order, and then again from the start, it folds once.
    queues.fold_all(&desk.history).unwrap();
    queues.fold_all(&desk.history).unwrap();
    assert_eq!(
        queues.entry(stream(1)).unwrap().status,
        Status::Investigating
    );
    assert_eq!(queues.status_counts().values().sum::<u64>(), 1);
}

#[test]
fn a_queue_puts_the_most_urgent_first_and_follows_each_case_to_its_holder() {
    // Two medium complaints, the later received first in line after the
    // critical one: priority first, then the nearest SLA due instant.
    let mut early = logged(1, 0, Severity::Medium);
    let late = logged(2, 90, Severity::Medium);
    let critical = logged(3, 120, Severity::Critical);
    let policy = early.policy.clone();
    let mut queues = WorkQueues::new(&policy);
    for desk in [&early, &late, &critical] {
        queues.fold_all(&desk.history).unwrap();
    }
    let order =
        |queues: &WorkQueues<'_>, key| queues.queue(key).map(|e| e.stream).collect::<Vec<_>>();
    assert_eq!(
        order(&queues, QueueKey::Unassigned),
        [stream(3), stream(1), stream(2)]
    );
    let (first, second) = (
        queues.entry(stream(1)).unwrap(),
        queues.entry(stream(2)).unwrap(),
    );
    assert!(first.sla_due.unwrap() < second.sla_due.unwrap());

    // Assigned to a person, the case moves to their queue.
    let agent = crate::case::fixtures::actor(77, &[casework::Role::CustomerServiceRepresentative]);
    let from = early.history.len();
    early.ok(
        manager(),
        Command::Assign {
            to: Assignee::Person(agent.id),
        },
    );
    queues.fold_all(&early.history[from..]).unwrap();
    assert_eq!(order(&queues, QueueKey::Unassigned), [stream(3), stream(2)]);
    assert_eq!(order(&queues, QueueKey::Person(agent.id)), [stream(1)]);

    // Withdrawn, it leaves every queue, and the counts follow.
    let from = early.history.len();
    early.ok(
        csr(),
        Command::Withdraw {
            reason: "Arrived after all".into(),
        },
    );
    queues.fold_all(&early.history[from..]).unwrap();
    assert_eq!(order(&queues, QueueKey::Person(agent.id)), []);
    assert!(queues.entry(stream(1)).is_none());
    assert_eq!(queues.status_counts()[&Status::Withdrawn], 1);
    assert_eq!(queues.status_counts()[&Status::Received], 2);
    assert_eq!(queues.queues().map(|(_, n)| n).sum::<usize>(), 2);
}

/// The SOP path the history serves: before a follow-up asks a customer for a
/// rating, the desk reads when they were last surveyed on any case; before a
/// complaint is assessed, how many they made before.
#[cfg(feature = "testkit")]
#[test]
fn the_customer_history_feeds_the_anti_fatigue_rule_and_the_repeat_rule() {
    use casework::store::ExecuteError;
    use casework::testkit::{self, Refusal};

    let mut desk = testkit::Desk::sop_default().unwrap();
    let mut events: Vec<Recorded<Event>> = Vec::new();
    let first = desk.complaint().unwrap();
    let customer = first.customer;
    let mut walk = desk.log(first).unwrap();
    walk.acknowledge()
        .unwrap()
        .investigate()
        .unwrap()
        .resolve("Parcel re-sent", "supplier")
        .unwrap();
    walk.after(TimeDelta::days(1))
        .unwrap()
        .follow_up(4, "Arrived, thanks")
        .unwrap();
    events.extend(walk.history().unwrap());

    desk.advance(TimeDelta::days(3)).unwrap();
    let second = desk.complaint().unwrap();
    let mut walk = desk.log(second).unwrap();
    walk.acknowledge()
        .unwrap()
        .investigate()
        .unwrap()
        .resolve("Refunded", "supplier")
        .unwrap();
    walk.after(TimeDelta::days(1)).unwrap();
    let mut history = CustomerHistory::new();
    history.fold_all(&events).unwrap();
    history.fold_all(&walk.history().unwrap()).unwrap();
    let surveyed = history.last_surveyed_at(customer).unwrap();
    assert_eq!(history.cases_of(customer).count(), 2);
    assert_eq!(history.open_cases(customer).count(), 2);

    // The second case alone has never surveyed anyone; the history knows
    // the customer was surveyed four days ago, and the rule refuses.
    let follow_up = |last_surveyed_at| Command::RecordFollowUp {
        channel: casework::Channel::Phone,
        other_channel_reason: None,
        rating: Some(5),
        comments: "Fine".into(),
        concern_resolved: false,
        answers: Vec::new(),
        last_surveyed_at,
        survey_override: None,
    };
    let refused: Refusal = walk
        .by(testkit::Desk::csr(), follow_up(Some(surveyed)))
        .unwrap_err();
    let ExecuteError::Refused(refused) = refused else {
        panic!("{refused:?}")
    };
    assert_eq!(refused.rule(), "survey_too_soon");
    // Without the history the case would have surveyed again.
    walk.by(testkit::Desk::csr(), follow_up(None)).unwrap();
    history.fold_all(&walk.history().unwrap()).unwrap();
    let second = history.cases_of(customer).nth(1).unwrap();
    assert!(second.open_concern.is_some());
    assert_eq!(history.open_concerns(customer).count(), 1);
    assert!(history.last_surveyed_at(customer).unwrap() > surveyed);

    // A third complaint: two earlier in 90 days fire the repeat rule.
    let mut third = desk.complaint().unwrap();
    third.facts.earlier_complaints = history.earlier_complaints(customer, third.received_at);
    assert_eq!(third.facts.earlier_complaints.len(), 2);
    let walk = desk.log(third).unwrap();
    let case = walk.state().unwrap();
    assert!(
        case.severity_assessment()
            .fired
            .iter()
            .any(|rule| rule == "repeat_complaint")
    );
}

/// A closed complaint reopened: the history shows it open again, counts the
/// reopen, forgets the resolution until the next, and keeps the rating given.
#[cfg(feature = "testkit")]
#[test]
fn a_reopened_case_is_open_again_in_the_customer_history() {
    use casework::testkit;

    let mut desk = testkit::Desk::sop_default().unwrap();
    let intake = desk.complaint().unwrap();
    let customer = intake.customer;
    let mut walk = desk.log(intake).unwrap();
    walk.acknowledge()
        .unwrap()
        .investigate()
        .unwrap()
        .resolve("Parcel re-sent", "supplier")
        .unwrap();
    walk.after(TimeDelta::days(1))
        .unwrap()
        .follow_up(2, "Still broken")
        .unwrap();
    walk.no_capa("One-off").unwrap().close().unwrap();
    let mut history = CustomerHistory::new();
    history.fold_all(&walk.history().unwrap()).unwrap();
    let closed = history.cases_of(customer).next().unwrap().clone();
    assert_eq!(
        (closed.status, closed.reopens, closed.rating),
        (Status::Closed, 0, Some(2))
    );
    assert!(closed.resolved_at.is_some() && !closed.is_open());

    walk.after(TimeDelta::days(2)).unwrap();
    walk.by(
        testkit::Desk::manager(),
        Command::Reopen {
            reason: "It broke again".into(),
        },
    )
    .unwrap();
    history.fold_all(&walk.history().unwrap()).unwrap();
    let reopened = history.cases_of(customer).next().unwrap();
    assert_eq!(
        (reopened.reopens, reopened.resolved_at, reopened.rating),
        (1, None, Some(2))
    );
    assert!(reopened.is_open());
    assert_eq!(history.open_cases(customer).count(), 1);
    assert_eq!(Some(reopened.status), walk.state().unwrap().status());
}
