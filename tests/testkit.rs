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
        matches!(refused, ExecuteError::Refused(CaseError::NotPermitted(_))),
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
