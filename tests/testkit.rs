//! The test desk of `testkit`: its clock runs the scheduler as an on-time one
//! would, and a refused step records nothing.

use casework::case::{CaseError, Command, Event, Status};
use casework::store::ExecuteError;
use casework::testkit::Desk;
use chrono::TimeDelta;

#[test]
fn the_desk_clock_records_each_deadline_at_the_instant_it_came_due() {
    let mut desk = Desk::sop_default().unwrap();
    let complaint = desk.complaint().unwrap();
    let mut case = desk.log(complaint).unwrap();
    // Nobody acknowledges it for three days.
    case.after(TimeDelta::days(3)).unwrap();
    let history = case.history().unwrap();
    let came_due: Vec<_> = history
        .iter()
        .filter_map(|recorded| match &recorded.event {
            Event::SlaWarning { reached_at, .. } | Event::SlaBreached { reached_at, .. } => {
                Some((recorded.at, *reached_at))
            }
            _ => None,
        })
        .collect();
    assert!(
        history
            .iter()
            .any(|r| matches!(r.event, Event::SlaBreached { .. })),
        "the first response breaches: {history:#?}"
    );
    for (recorded, reached) in came_due {
        assert_eq!(recorded, reached, "recorded when it came due, not later");
    }
    assert_eq!(desk.now(), Desk::start() + TimeDelta::days(3));
}

#[test]
fn a_refused_step_records_nothing_and_the_walk_goes_on() {
    let mut desk = Desk::sop_default().unwrap();
    let complaint = desk.complaint().unwrap();
    let mut case = desk.log(complaint).unwrap();
    let before = case.history().unwrap().len();
    let refused = case.by(Desk::csr(), Command::Close).unwrap_err();
    assert!(
        matches!(
            refused,
            ExecuteError::Refused(CaseError::Gate(
                casework::authority::GateError::NotPermitted(_)
            ))
        ),
        "{refused:?}"
    );
    assert_eq!(case.history().unwrap().len(), before);
    case.acknowledge().unwrap().investigate().unwrap();
    assert_eq!(case.state().unwrap().status(), Some(Status::Investigating));
}

#[test]
fn a_refusal_keeps_its_rule_behind_the_crate_error() {
    use casework::Rule;
    let mut desk = Desk::sop_default().unwrap();
    let complaint = desk.complaint().unwrap();
    let mut case = desk.log(complaint).unwrap();
    let ExecuteError::Refused(refused) = case.investigate().unwrap_err() else {
        panic!("the case refuses")
    };
    assert_eq!(refused.rule(), "invalid_transition");
    let any: casework::Error = refused.into();
    assert_eq!(any.rule(), "invalid_transition");
}

#[test]
fn an_execute_store_or_chain_error_converts_into_the_crate_error_with_its_rule() {
    use casework::envelope::ChainHash;
    use casework::store::{ChainError, ExpectedVersion, StoreError, link, verify_chain};
    use casework::{Rule, Version};
    let mut desk = Desk::sop_default().unwrap();
    let complaint = desk.complaint().unwrap();
    let mut case = desk.log(complaint).unwrap();
    // A whole execute error, as `?` gives it: the gate's rule survives.
    let refused = case.by(Desk::csr(), Command::Close).unwrap_err();
    assert_eq!(refused.rule(), "not_permitted");
    let any: casework::Error = refused.into();
    assert_eq!(any.rule(), "not_permitted");
    // A store's conflict, with its backend error as text.
    let conflict = StoreError::<std::io::Error>::Conflict {
        expected: ExpectedVersion::NoStream,
        actual: Version::new(3),
    };
    let any: casework::Error = conflict.into();
    assert_eq!(
        (any.rule(), any.to_string().as_str()),
        ("conflict", "expected no stream, but the stream is at v3")
    );
    // A chain that does not verify.
    let history = case.history().unwrap();
    let stream = history[0].stream;
    let mut rows = link(ChainHash::ZERO, &history).unwrap();
    rows[0].at_nanos += 1;
    let edited = verify_chain(stream, &rows).unwrap_err();
    assert_eq!(
        edited,
        ChainError::Edited {
            version: Version::new(1)
        }
    );
    let any: casework::Error = edited.into();
    assert_eq!(any.rule(), "edited");
}
