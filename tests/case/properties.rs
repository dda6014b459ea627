//! The case lifecycle's invariants over random command sequences by random actors:
//! the spec the SOPs give, checked against every history `decide` can produce.
#![cfg(feature = "proptest")]

use casework::Aggregate as _;
use casework::case::{Case, CaseKind, Command, Event, FollowUpStatus, Status, Target};
use casework::strategy::{case_actor, case_command, policy_spec};
use casework::{Actor, CaseCommandKind, Policy, Recorded};
use chrono::TimeDelta;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};

use super::fixtures::{Desk, case_id, monday};

/// One step: who, what, and how many minutes after the previous step (sometimes
/// negative: a clock that went back must be refused).
pub(crate) fn steps(len: usize) -> impl Strategy<Value = Vec<(Actor, Command, i64)>> {
    let minutes = prop_oneof![
        12 => 0i64..600,
        3 => 600i64..4_320,
        1 => 10_000i64..40_000,
        1 => -120i64..0,
    ];
    proptest::collection::vec(
        (case_actor(), case_command(case_id(), monday()), minutes),
        1..len,
    )
}

/// The command kind an event records a status change for.
fn kind_of(event: &Event) -> Option<CaseCommandKind> {
    Some(match event {
        Event::Acknowledged { .. } => CaseCommandKind::Acknowledge,
        Event::InvestigationStarted { .. } => CaseCommandKind::StartInvestigation,
        Event::WaitStarted {
            status: Status::WaitingOnCustomer,
            ..
        } => CaseCommandKind::WaitOnCustomer,
        Event::WaitStarted { .. } => CaseCommandKind::WaitOnThirdParty,
        Event::Resumed { .. } => CaseCommandKind::Resume,
        Event::ResolutionProposed { .. } => CaseCommandKind::ProposeResolution,
        Event::Resolved { .. } => CaseCommandKind::Resolve,
        Event::Closed { .. } => CaseCommandKind::Close,
        Event::Reopened { .. } => CaseCommandKind::Reopen,
        Event::Withdrawn { .. } => CaseCommandKind::Withdraw,
        Event::Rejected { .. } => CaseCommandKind::Reject,
        Event::Merged { .. } => CaseCommandKind::Merge,
        Event::Unmerged { .. } => CaseCommandKind::Unmerge,
        _ => return None,
    })
}

/// Runs the steps, checking every invariant after each; returns the statuses seen.
fn check_history(
    policy: Policy,
    steps: &[(Actor, Command, i64)],
) -> Result<(Vec<Status>, Vec<Recorded<Event>>), TestCaseError> {
    let mut desk = Desk::with_policy(policy);
    let mut seen = Vec::new();
    for (actor, command, minutes) in steps {
        let before = desk.case.clone();
        let at = desk.now + TimeDelta::minutes(*minutes);
        match desk.run_at(at, *actor, command.clone()) {
            Err(refusal) => {
                // A refusal emits nothing and says which rule refused.
                prop_assert_eq!(&desk.case, &before);
                prop_assert_eq!(desk.history.len() as u64, before.version().get());
                prop_assert!(!refusal.rule().is_empty());
                prop_assert!(!refusal.to_string().is_empty());
                let logged_again =
                    matches!(command, Command::Log { .. }) && before.status().is_some();
                if before.updated_at().is_some_and(|last| at < last) && !logged_again {
                    prop_assert_eq!(refusal.rule(), "clock_went_backwards");
                }
            }
            Ok(events) => {
                // Only the scheduler's call may find nothing due.
                prop_assert!(
                    !events.is_empty() || matches!(command, Command::RecordDeadline),
                    "{:?} emitted nothing",
                    command
                );
                // Terminal statuses accept only reopen or unmerge, the
                // commands on the case's records (holds, erasure and
                // disposal), and the scheduler's call, which may still record a breach reached
                // before the case finished).
                if let Some(from) = before.status().filter(|s| s.is_terminal()) {
                    prop_assert!(
                        matches!(
                            command.kind(),
                            CaseCommandKind::Reopen
                                | CaseCommandKind::Unmerge
                                | CaseCommandKind::PlaceLegalHold
                                | CaseCommandKind::ReleaseLegalHold
                                | CaseCommandKind::ErasePersonalData
                                | CaseCommandKind::DisposeFeedback
                        ) || (matches!(command, Command::RecordDeadline)
                            && events.iter().all(|e| matches!(
                                e,
                                Event::SlaWarning { .. }
                                    | Event::SlaBreached { .. }
                                    | Event::Escalated { due: Some(_), .. }
                            ))),
                        "{from} accepted {:?}",
                        command.kind()
                    );
                }
                check_transitions(&desk, events.len())?;
                // The scheduler's call is idempotent: called again at once, it
                // finds nothing more due.
                if matches!(command, Command::RecordDeadline) {
                    let again = desk.run_at(at, *actor, Command::RecordDeadline);
                    prop_assert_eq!(again, Ok(Vec::new()));
                }
            }
        }
        check_state(&desk)?;
        seen.extend(desk.case.status());
    }
    Ok((seen, desk.history))
}

/// Every status reached by the last `new` events is allowed by the lifecycle table.
/// A `previous` target is checked against the history: a resume returns to the
/// status the wait began in, an unmerge to the status the merge began in.
fn check_transitions(desk: &Desk, new: usize) -> Result<(), TestCaseError> {
    let lifecycle = desk.policy.lifecycle();
    let first_new = desk.history.len() - new;
    let (mut status, mut before_wait, mut before_merge) = (None, None, None);
    for (i, recorded) in desk.history.iter().enumerate() {
        let event = &recorded.event;
        let Some(to) = event.status() else { continue };
        if i >= first_new {
            match (status, kind_of(event)) {
                (None, None) => {
                    let logged = matches!(event, Event::Logged { .. });
                    prop_assert!(
                        logged,
                        "{:?} changed the status of a case not logged",
                        event
                    );
                }
                (Some(from), Some(kind)) => {
                    let target = lifecycle.transition(from, kind).map(|row| row.to);
                    let previous = match kind {
                        CaseCommandKind::Resume => before_wait,
                        CaseCommandKind::Unmerge => before_merge,
                        _ => None,
                    };
                    prop_assert!(
                        target == Some(Target::Status(to))
                            || (target == Some(Target::Previous) && previous == Some(to)),
                        "{from} --{kind}--> {to}, but the table says {target:?}"
                    );
                }
                other => prop_assert!(false, "unexpected status change {other:?} by {event:?}"),
            }
        }
        match event {
            Event::WaitStarted { .. } => before_wait = status,
            Event::Merged { .. } => before_merge = status,
            _ => {}
        }
        status = Some(to);
    }
    Ok(())
}

/// The invariants of any state a history can reach.
fn check_state(desk: &Desk) -> Result<(), TestCaseError> {
    let case = &desk.case;
    let policy = desk.policy.case();
    // The version equals the number of events, and replay gives the same state.
    prop_assert_eq!(case.version().get(), desk.history.len() as u64);
    prop_assert_eq!(&Case::replay(&desk.history).unwrap(), case);
    // Event times never go backwards; versions count up from 1.
    for (i, pair) in desk.history.windows(2).enumerate() {
        prop_assert!(
            pair[0].at <= pair[1].at,
            "event {} is older than event {}",
            i + 1,
            i
        );
    }
    for (i, recorded) in desk.history.iter().enumerate() {
        prop_assert_eq!(recorded.version.get(), i as u64 + 1);
    }
    check_personal_data(desk)?;
    check_communication(desk)?;
    prop_assert!(case.escalation_level() <= policy.escalation_levels);
    let reopens = count(&desk.history, |e| matches!(e, Event::Reopened { .. }));
    prop_assert_eq!(u64::from(case.reopen_count()), reopens);
    // Investigation only after acknowledgement.
    if case.status() == Some(Status::Investigating) {
        prop_assert!(case.acknowledged_at().is_some());
    }
    if case.status() == Some(Status::Merged) {
        prop_assert!(
            case.merged_into()
                .is_some_and(|into| Some(into) != case.id())
        );
    }
    if case.status() != Some(Status::Closed) || case.kind() != Some(CaseKind::Complaint) {
        return Ok(());
    }
    // Every closed complaint has a resolution with a root cause, ...
    let resolution = case.resolution();
    let complete = resolution.is_some_and(|r| {
        r.resolution.as_ref().is_some_and(|text| !text.is_blank()) && r.root_cause.is_some()
    });
    prop_assert!(complete, "closed complaint without a full resolution");
    let resolver = resolution.map(|r| r.by);
    // ... the review its severity requires, by someone other than the resolver, ...
    if policy.qa_review.contains(&case.severity()) {
        let review = case.review();
        prop_assert!(review.is_some_and(|r| r.approved && Some(r.by) != resolver));
    }
    // ... a follow-up or a waiver, ...
    prop_assert!(!matches!(case.follow_up(), FollowUpStatus::Pending));
    // ... and a CAPA link or an approved reason for none.
    if policy.capa_decision.contains(&case.severity()) {
        prop_assert!(!case.quality_records().is_empty() || case.no_capa().is_some());
    }
    Ok(())
}

/// A promise is made only at or after the acknowledgement, never for a time
/// before it was made; messages are queued once each; and the update clock
/// does not run while the case waits on the customer.
fn check_communication(desk: &Desk) -> Result<(), TestCaseError> {
    let case = &desk.case;
    let mut promises = 0;
    for recorded in &desk.history {
        if let Event::Promised { due } = recorded.event {
            promises += 1;
            let acknowledged = case.acknowledged_at();
            prop_assert!(acknowledged.is_some_and(|ack| ack <= recorded.at));
            prop_assert!(due >= recorded.at, "promised {due} at {}", recorded.at);
        }
    }
    prop_assert_eq!(case.promise().map_or(0, |p| p.number), promises);
    let mut ids: Vec<_> = case.messages().iter().map(|m| m.id).collect();
    let queued = count(&desk.history, |e| matches!(e, Event::MessageQueued { .. }));
    prop_assert_eq!(ids.len() as u64, queued);
    ids.sort_unstable();
    ids.dedup();
    prop_assert_eq!(ids.len() as u64, queued, "a message id queued twice");

    if case.status() != Some(Status::WaitingOnCustomer) {
        return Ok(());
    }
    // Waiting since the last event that led there: the update clock stands
    // still from then to now.
    let since = desk
        .history
        .iter()
        .rev()
        .find(|r| r.event.status().is_some())
        .map(|r| r.at);
    let update = |at| {
        case.sla_status(&desk.policy, at).ok().and_then(|statuses| {
            statuses
                .into_iter()
                .filter(|s| s.metric == casework::sla::CUSTOMER_UPDATE)
                .max_by_key(|s| s.cycle)
                .map(|s| {
                    (
                        s.cycle,
                        s.target.clone(),
                        s.elapsed,
                        s.stopped_at,
                        s.paused_since,
                        s.started_at,
                    )
                })
        })
    };
    // A refused step may have set the desk's clock back; the case is read no
    // earlier than its last event.
    let now = desk.history.last().map_or(desk.now, |r| r.at.max(desk.now));
    if let (Some(since), Some((cycle, target, elapsed, None, paused_since, started_at))) =
        (since, update(now))
    {
        // Paused since the wait began, or since its cycle began if a word to
        // the customer restarted it during the wait.
        prop_assert!(
            paused_since.is_some_and(|at| at <= since.max(started_at)),
            "not paused while waiting"
        );
        // Measured against the same target (a new priority may count on
        // another calendar), it stood still.
        if let Some((then_cycle, then_target, then_elapsed, ..)) = update(since) {
            if then_cycle == cycle && then_target == target {
                prop_assert_eq!(then_elapsed, elapsed, "the update clock ran while waiting");
            }
        }
    }
    Ok(())
}

/// Nothing is erased while a legal hold is in force, an erasure on request
/// comes only once the case is finished, and the personal data the case
/// lists is what the history recorded and did not erase since.
fn check_personal_data(desk: &Desk) -> Result<(), TestCaseError> {
    let mut holds = casework::records::LegalHolds::default();
    let mut kept = Vec::new();
    let mut finished = false;
    for recorded in &desk.history {
        match &recorded.event {
            Event::LegalHoldPlaced { reason } => holds.place(reason, recorded.at).unwrap(),
            Event::LegalHoldReleased { reason } => holds.release(reason, recorded.at).unwrap(),
            Event::PersonalDataErased { versions, basis } => {
                prop_assert!(!holds.in_force(recorded.at), "erased under a legal hold");
                let on_request = matches!(basis, casework::case::ErasureBasis::Request { .. });
                prop_assert!(!on_request || finished, "erased on request while open");
                prop_assert!(versions.iter().all(|v| kept.contains(v)));
                kept.retain(|v| !versions.contains(v));
            }
            event if event.holds_personal_data() => kept.push(recorded.version),
            _ => {}
        }
        finished = recorded
            .event
            .status()
            .map_or(finished, Status::is_terminal);
    }
    let listed: Vec<_> = desk
        .case
        .personal_data()
        .iter()
        .map(|p| p.version)
        .collect();
    prop_assert_eq!(listed, kept);
    Ok(())
}

/// Stored, each event keeps a personal part exactly when it holds personal
/// data and no later erasure named it, its payload never holds that text, the
/// chain verifies, and every event not erased reads back as it was written.
fn check_stored(history: &[Recorded<Event>]) -> Result<(), TestCaseError> {
    use casework::store::{CaseStore, ERASED, ExpectedVersion, InMemoryStore, verify_history};
    let Some(first) = history.first() else {
        return Ok(());
    };
    let mut store = InMemoryStore::new();
    store
        .append(first.stream, ExpectedVersion::NoStream, history)
        .unwrap();
    let rows = store
        .load_rows(first.stream, casework::Version::ZERO)
        .unwrap();
    let verified = verify_history(first.stream, &rows);
    prop_assert!(verified.is_ok(), "{:?}", verified);
    let erased: Vec<_> = history
        .iter()
        .flat_map(|r| r.event.erases().to_vec())
        .collect();
    for (row, recorded) in rows.iter().zip(history) {
        let personal = recorded.event.holds_personal_data();
        let kept = personal && !erased.contains(&recorded.version);
        prop_assert_eq!(row.personal.is_some(), kept);
        if personal {
            prop_assert!(String::from_utf8_lossy(&row.payload).contains(ERASED));
        }
        if kept || !personal {
            prop_assert_eq!(&row.decode::<Event, ()>().unwrap(), recorded);
        }
    }
    Ok(())
}

fn count(history: &[Recorded<Event>], pred: impl Fn(&Event) -> bool) -> u64 {
    history.iter().filter(|r| pred(&r.event)).count() as u64
}

proptest! {
    #[test]
    fn sop_default_lifecycle_invariants(steps in steps(80)) {
        let (_, history) = check_history(Desk::new().policy, &steps)?;
        check_stored(&history)?;
    }

    #[test]
    fn varied_policy_lifecycle_invariants(spec in policy_spec(), steps in steps(80)) {
        check_history(spec.compile().unwrap(), &steps)?;
    }

    #[test]
    fn a_refused_command_leaves_a_replayed_case_unchanged(steps in steps(40), last in case_command(case_id(), monday()), actor in case_actor()) {
        let mut desk = Desk::new();
        for (actor, command, minutes) in &steps {
            let at = desk.now + TimeDelta::minutes((*minutes).max(0));
            let _ = desk.run_at(at, *actor, command.clone());
        }
        let ctx = casework::Ctx::new(desk.now, actor, &desk.policy);
        let decided = casework::Aggregate::decide(&desk.case, &last, &ctx);
        let again = casework::Aggregate::decide(&Case::replay(&desk.history).unwrap(), &last, &ctx);
        prop_assert_eq!(decided, again, "decide is a function of the replayed state");
    }
}

/// The generators are not vacuous: over a few hundred random histories, every
/// status is reached, and complaints get closed.
#[test]
fn random_histories_reach_every_status() {
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    );
    let mut reached = std::collections::BTreeSet::new();
    let mut erased = 0;
    let strategy = steps(120);
    for _ in 0..400 {
        let steps = strategy.new_tree(&mut runner).unwrap().current();
        let (seen, history) = check_history(Desk::new().policy, &steps).unwrap();
        reached.extend(seen);
        erased += count(&history, |e| matches!(e, Event::PersonalDataErased { .. }));
    }
    assert!(erased > 0, "no history erased personal data");
    let missing: Vec<Status> = Status::ALL
        .into_iter()
        .filter(|s| !reached.contains(s))
        .collect();
    assert!(missing.is_empty(), "never reached: {missing:?}");
}
