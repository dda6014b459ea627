//! The happy paths end to end, management escalation, linked cases, and the
//! storage port running a non-conformance.

use casework::Aggregate as _;
use casework::quality::nonconformance::{
    Command, Containment, Disposition, Event, NonConformance, Source, Status,
};
use casework::{CapaId, Severity};
use chrono::TimeDelta;
use uuid::Uuid;

use super::fixtures::{
    Desk, capa_id, case_id, close, csr, disposition, management, manager, monday, ncr_id, owner,
    policy_with, propose_no_capa, qa, report, report_of, root_cause, system,
};

fn names(events: &[Event]) -> Vec<&'static str> {
    events.iter().map(Event::name).collect()
}

#[test]
fn the_no_capa_path() {
    let mut desk = Desk::new();
    assert_eq!(
        names(&desk.ok(csr(), report(Severity::Medium))),
        ["reported"]
    );
    desk.ok(
        csr(),
        Command::RecordContainment {
            containment: Containment {
                action: "Held the remaining parcels at the depot".to_owned(),
                done_by: csr().id,
                done_at: monday(),
            },
        },
    );
    desk.ok(manager(), Command::StartInvestigation);
    desk.ok(manager(), root_cause());
    desk.ok(manager(), disposition(Disposition::Rework));
    desk.ok(manager(), propose_no_capa());
    desk.ok(owner(), Command::ApproveNoCapa);
    let events = desk.ok(owner(), close());
    assert_eq!(
        events,
        [Event::Closed {
            reason: "Parcels reshipped.".to_owned(),
            status: Status::Closed
        }]
    );

    let ncr = &desk.ncr;
    assert_eq!(ncr.status(), Some(Status::Closed));
    assert_eq!(ncr.id(), Some(ncr_id()));
    assert_eq!(ncr.reference().unwrap().to_string(), "NCR-2026-000156");
    assert_eq!(ncr.severity(), Some(Severity::Medium));
    assert_eq!(ncr.reported_by(), Some(csr().id));
    assert_eq!(ncr.reported_at(), Some(monday() + TimeDelta::minutes(1)));
    assert_eq!(ncr.containments().len(), 1);
    assert_eq!(ncr.root_cause().unwrap().category, "supplier");
    let disposition = ncr.disposition().unwrap();
    assert_eq!(
        (
            disposition.disposition,
            disposition.by,
            disposition.approved_by
        ),
        (Disposition::Rework, manager().id, None)
    );
    let no_capa = ncr.no_capa().unwrap();
    assert_eq!(
        (no_capa.proposed_by, no_capa.approved_by),
        (manager().id, Some(owner().id))
    );
    assert!(ncr.capa().is_none());
    assert!(!ncr.escalated_to_management());
    assert_eq!(ncr.closed_reason(), Some("Parcels reshipped."));
    assert_eq!(ncr.version().get(), 8);
    assert_eq!(ncr.updated_at(), Some(desk.now));
    assert_eq!(NonConformance::replay(&desk.history).unwrap(), desk.ncr);
}

#[test]
fn the_capa_path() {
    let mut desk = Desk::new();
    let events = desk.ok(csr(), report(Severity::High));
    assert_eq!(names(&events), ["reported", "escalated_to_management"]);
    desk.ok(manager(), Command::StartInvestigation);
    desk.ok(manager(), root_cause());
    desk.ok(manager(), disposition(Disposition::Return));
    let events = desk.ok(manager(), Command::RaiseCapa { capa: capa_id() });
    assert_eq!(
        events,
        [Event::CapaRaised {
            capa: capa_id(),
            status: Status::CapaRaised
        }]
    );
    // The CAPA's process manager reports its closure; then the NCR may close.
    desk.ok(system(), Command::RecordCapaClosed { capa: capa_id() });
    desk.ok(management(), close());
    let capa = desk.ncr.capa().unwrap();
    assert_eq!(capa.capa, capa_id());
    assert_eq!(capa.raised_by, manager().id);
    assert!(capa.closed_at.is_some());
    assert_eq!(desk.ncr.status(), Some(Status::Closed));
    assert_eq!(NonConformance::replay(&desk.history).unwrap(), desk.ncr);
}

#[test]
fn an_accept_as_is_disposition_is_approved_before_the_capa() {
    let mut desk = Desk::dispositioned(Severity::High, Disposition::AcceptAsIs);
    assert_eq!(
        desk.refused(manager(), Command::RaiseCapa { capa: capa_id() })
            .rule(),
        "disposition_not_approved"
    );
    let events = desk.ok(qa(), Command::ApproveDisposition);
    assert_eq!(
        events,
        [Event::DispositionApproved {
            disposition: Disposition::AcceptAsIs
        }]
    );
    desk.ok(manager(), Command::RaiseCapa { capa: capa_id() });
    desk.ok(system(), Command::RecordCapaClosed { capa: capa_id() });
    desk.ok(owner(), close());
    assert_eq!(desk.ncr.status(), Some(Status::Closed));
}

#[test]
fn management_escalation_by_severity() {
    // (reported at, reclassified to, whether each step escalates)
    let cases = [
        (Severity::Low, vec![], vec![false]),
        (Severity::Medium, vec![], vec![false]),
        (Severity::High, vec![], vec![true]),
        (Severity::Critical, vec![], vec![true]),
        (Severity::Medium, vec![Severity::High], vec![false, true]),
        (
            Severity::Medium,
            vec![Severity::High, Severity::Critical],
            vec![false, true, false],
        ),
        (
            Severity::Critical,
            vec![Severity::Low, Severity::High],
            vec![true, false, false],
        ),
        (Severity::Low, vec![Severity::Medium], vec![false, false]),
    ];
    for (at_report, reclassified, escalates) in cases {
        let mut desk = Desk::new();
        let mut steps = vec![desk.ok(csr(), report(at_report))];
        for severity in &reclassified {
            steps.push(desk.ok(
                manager(),
                Command::Reclassify {
                    severity: *severity,
                    reason: "New facts".to_owned(),
                },
            ));
        }
        let seen: Vec<bool> = steps
            .iter()
            .map(|events| {
                events
                    .iter()
                    .any(|e| matches!(e, Event::EscalatedToManagement { .. }))
            })
            .collect();
        assert_eq!(seen, escalates, "{at_report:?} then {reclassified:?}");
        let last = reclassified.last().copied().unwrap_or(at_report);
        assert_eq!(desk.ncr.severity(), Some(last));
        assert_eq!(
            desk.ncr.escalated_to_management(),
            escalates.contains(&true)
        );
    }
    // The escalation carries the severity that reached the threshold.
    let mut desk = Desk::reported(Severity::Low);
    let events = desk.ok(
        manager(),
        Command::Reclassify {
            severity: Severity::Critical,
            reason: "Safety".to_owned(),
        },
    );
    assert_eq!(
        events,
        [
            Event::Reclassified {
                from: Severity::Low,
                to: Severity::Critical,
                reason: "Safety".to_owned()
            },
            Event::EscalatedToManagement {
                severity: Severity::Critical
            }
        ]
    );
}

#[test]
fn the_policy_sets_the_escalation_threshold() {
    let never = policy_with(|spec| spec.quality.management_escalation_from = None);
    let mut desk = Desk::with_policy(never);
    assert_eq!(
        names(&desk.ok(csr(), report(Severity::Critical))),
        ["reported"]
    );

    let from_low =
        policy_with(|spec| spec.quality.management_escalation_from = Some(Severity::Low));
    let mut desk = Desk::with_policy(from_low);
    assert_eq!(
        names(&desk.ok(csr(), report(Severity::Low))),
        ["reported", "escalated_to_management"]
    );
}

#[test]
fn a_complaint_source_links_its_case_and_more_may_be_linked() {
    let mut desk = Desk::new();
    desk.ok(
        csr(),
        Command::Report {
            report: report_of(Source::Complaint { case: case_id(1) }, Severity::Low),
        },
    );
    assert_eq!(desk.ncr.linked_cases(), [case_id(1)]);
    assert_eq!(
        desk.ok(manager(), Command::LinkCase { case: case_id(2) }),
        [Event::CaseLinked { case: case_id(2) }]
    );
    assert_eq!(desk.ncr.linked_cases(), [case_id(1), case_id(2)]);
    assert_eq!(
        desk.refused(manager(), Command::LinkCase { case: case_id(2) })
            .rule(),
        "case_already_linked"
    );
}

#[cfg(feature = "serde")]
#[test]
fn execute_runs_a_non_conformance_against_a_store() {
    use casework::store::{CaseStore, DEFAULT_RETRIES, InMemoryStore, execute, verify_chain};
    use casework::{Ctx, StreamId, Version};

    let policy = casework::Policy::sop_default().unwrap();
    let mut store = InMemoryStore::new();
    let stream = StreamId::from(ncr_id());
    let steps = [
        (csr(), report(Severity::High)),
        (manager(), Command::StartInvestigation),
        (manager(), root_cause()),
        (manager(), disposition(Disposition::Rework)),
        (manager(), Command::RaiseCapa { capa: capa_id() }),
        (system(), Command::RecordCapaClosed { capa: capa_id() }),
        (owner(), close()),
    ];
    for (i, (actor, command)) in steps.into_iter().enumerate() {
        let ctx = Ctx::new(monday() + TimeDelta::hours(i as i64), actor, &policy);
        execute::<NonConformance, _>(&mut store, stream, &command, &ctx, DEFAULT_RETRIES).unwrap();
    }
    // A refusal writes nothing.
    let ctx = Ctx::new(monday() + TimeDelta::days(1), owner(), &policy);
    let refused = execute::<NonConformance, _>(&mut store, stream, &close(), &ctx, DEFAULT_RETRIES);
    assert!(refused.is_err());
    let history = store.load(stream, Version::ZERO).unwrap();
    assert_eq!(history.len(), 8, "seven commands, one escalation");
    verify_chain(stream, &store.load_rows(stream, Version::ZERO).unwrap()).unwrap();
    assert!(history.iter().all(|r| r.stream == stream));
    let ncr = NonConformance::replay(&history).unwrap();
    assert_eq!(ncr.status(), Some(Status::Closed));

    // The crate-level error wraps the refusal.
    let error: casework::Error =
        casework::quality::nonconformance::NonConformanceError::AlreadyReported.into();
    assert_eq!(error.to_string(), "the non-conformance is already reported");
}

#[test]
fn a_cancelled_capa_sends_the_non_conformance_back_to_decide_again() {
    let mut desk = Desk::capa_raised(Severity::High);
    let other = CapaId::from_uuid(Uuid::from_u128(0xCB));
    let cancel = |capa| Command::RecordCapaCancelled {
        capa,
        reason: "Raised twice".to_owned(),
    };
    assert_eq!(
        desk.refused(system(), cancel(other)).rule(),
        "capa_mismatch"
    );
    desk.ok(system(), cancel(capa_id()));
    assert_eq!(desk.ncr.status(), Some(Status::Dispositioned));
    assert_eq!(desk.ncr.capa(), None);
    assert_eq!(desk.ncr.cancelled_capas()[0].capa, capa_id());
    // High severity still needs a CAPA: another is raised.
    assert_eq!(
        desk.refused(manager(), propose_no_capa()).rule(),
        "capa_required_by_severity"
    );
    desk.ok(manager(), Command::RaiseCapa { capa: other });
    assert_eq!(desk.ncr.capa().map(|c| c.capa), Some(other));
    assert_eq!(NonConformance::replay(&desk.history).unwrap(), desk.ncr);
}
