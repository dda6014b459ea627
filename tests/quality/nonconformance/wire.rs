//! The wire contract: the serde form of every non-conformance event,
//! snapshot-tested; every event, command and source round-trips.

#![cfg(feature = "serde")]

use std::collections::BTreeSet;

use casework::quality::nonconformance::{
    Command, Containment, Disposition, Event, RepeatKey, Report, Source, SourceKind, Stage, Status,
};
use casework::quality::{FishboneCategory, FishboneCause, RootCauseAnalysis};
use casework::{
    CapaId, NonConformanceCommandKind, Recorded, Role, ServiceOrderId, Severity, StreamId, Version,
};
use chrono::TimeDelta;
use uuid::Uuid;

use crate::case::wire::round_trip;

use super::fixtures::{
    analysis, capa_id, case_id, csr, monday, ncr_id, other_ncr, report_of, supplier,
};

/// The `type` tag of every event variant. A variant added to [`Event`] must be
/// added here, to [`events`], and get a snapshot.
const EVENT_NAMES: [&str; 17] = [
    "reported",
    "containment_recorded",
    "investigation_started",
    "root_cause_recorded",
    "reclassified",
    "escalated_to_management",
    "repeat_flagged",
    "case_linked",
    "dispositioned",
    "disposition_approved",
    "capa_raised",
    "no_capa_proposed",
    "no_capa_approved",
    "capa_closure_recorded",
    "capa_cancelled",
    "closed",
    "stage_overdue",
];

fn full_analysis() -> RootCauseAnalysis {
    RootCauseAnalysis {
        fishbone: vec![FishboneCause {
            category: FishboneCategory::Machine,
            cause: "Sealing machine without preventive maintenance".to_owned(),
        }],
        ..analysis("supplier")
    }
}

/// One realistic value of every event variant, in declaration order.
fn events() -> Vec<Event> {
    vec![
        Event::Reported {
            report: Box::new(report_of(supplier(), Severity::High)),
            status: Status::Reported,
        },
        Event::ContainmentRecorded {
            containment: Containment {
                action: "Held the remaining parcels at the depot".to_owned(),
                done_by: csr().id,
                done_at: monday() - TimeDelta::hours(1),
            },
        },
        Event::InvestigationStarted {
            status: Status::UnderInvestigation,
        },
        Event::RootCauseRecorded {
            analysis: full_analysis(),
        },
        Event::Reclassified {
            from: Severity::Medium,
            to: Severity::High,
            reason: "Twelve customers affected, not three.".to_owned(),
        },
        Event::EscalatedToManagement {
            severity: Severity::High,
        },
        Event::RepeatFlagged {
            repeats: vec![other_ncr(1), other_ncr(2)],
            window_days: 180,
        },
        Event::CaseLinked { case: case_id(1) },
        Event::Dispositioned {
            disposition: Disposition::AcceptAsIs,
            rationale: "Seals are cosmetic; contents verified intact.".to_owned(),
            status: Status::Dispositioned,
        },
        Event::DispositionApproved {
            disposition: Disposition::AcceptAsIs,
        },
        Event::CapaRaised {
            capa: capa_id(),
            status: Status::CapaRaised,
        },
        Event::NoCapaProposed {
            reason: "One-off machine failure, now repaired.".to_owned(),
        },
        Event::NoCapaApproved {
            reason: "One-off machine failure, now repaired.".to_owned(),
        },
        Event::CapaClosureRecorded { capa: capa_id() },
        Event::CapaCancelled {
            capa: capa_id(),
            reason: "Raised twice".to_owned(),
            status: Status::Dispositioned,
        },
        Event::Closed {
            reason: "CAPA effective; no recurrence in 90 days.".to_owned(),
            status: Status::Closed,
        },
        Event::StageOverdue {
            stage: Stage::Containment,
            due: monday() + TimeDelta::hours(24),
            notify: Role::ProcessOwner,
        },
    ]
}

fn sources() -> Vec<Source> {
    vec![
        Source::Complaint { case: case_id(1) },
        Source::InternalAudit {
            finding: "AUD-2026-07 finding 3".to_owned(),
        },
        Source::Inspection {
            order: Some(ServiceOrderId::from_uuid(Uuid::from_u128(0x5E))),
        },
        Source::Inspection { order: None },
        supplier(),
        Source::FeedbackTrend {
            trend: "Late-delivery ratings up 40% in October".to_owned(),
        },
        Source::Other {
            description: "Found by a courier".to_owned(),
        },
    ]
}

/// One value of every command variant, in declaration order.
fn commands() -> Vec<Command> {
    vec![
        Command::Report {
            report: report_of(Source::Inspection { order: None }, Severity::Low),
        },
        Command::RecordContainment {
            containment: Containment {
                action: "Quarantined the batch".to_owned(),
                done_by: csr().id,
                done_at: monday(),
            },
        },
        Command::StartInvestigation,
        Command::RecordRootCause {
            analysis: full_analysis(),
        },
        Command::Reclassify {
            severity: Severity::Critical,
            reason: "Safety".to_owned(),
        },
        Command::FlagRepeat {
            earlier: vec![RepeatKey {
                id: other_ncr(1),
                source: SourceKind::Supplier,
                root_cause: "supplier".to_owned(),
                reported_at: monday() - TimeDelta::days(30),
            }],
        },
        Command::LinkCase { case: case_id(2) },
        Command::Disposition {
            disposition: Disposition::Rework,
            rationale: "Reseal".to_owned(),
        },
        Command::ApproveDisposition,
        Command::RaiseCapa { capa: capa_id() },
        Command::ProposeNoCapa {
            reason: "One-off".to_owned(),
        },
        Command::ApproveNoCapa,
        Command::RecordCapaClosed {
            capa: CapaId::from_uuid(Uuid::from_u128(0xCA9B)),
        },
        Command::RecordCapaCancelled {
            capa: CapaId::from_uuid(Uuid::from_u128(0xCA9B)),
            reason: "Raised twice".to_owned(),
        },
        Command::Close {
            reason: "Done".to_owned(),
        },
        Command::RecordDeadline,
    ]
}

#[test]
fn the_event_table_has_every_variant_once() {
    let names: Vec<&str> = events().iter().map(Event::name).collect();
    assert_eq!(
        names, EVENT_NAMES,
        "one event per variant, in declaration order"
    );
    let unique: BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), EVENT_NAMES.len(), "no variant twice");
}

#[test]
fn every_event_has_a_snapshot() {
    for event in events() {
        let name = format!("event_{}", event.name());
        insta::assert_json_snapshot!(name, event);
    }
}

#[test]
fn the_envelope_has_a_snapshot() {
    let recorded = Recorded::new(
        StreamId::from(ncr_id()),
        Version::new(1),
        monday(),
        csr().id,
        Event::Reported {
            report: Box::new(report_of(supplier(), Severity::Medium)),
            status: Status::Reported,
        },
    );
    insta::assert_json_snapshot!("recorded_reported", recorded);
    round_trip(&recorded);
}

#[test]
fn the_type_tag_is_the_event_name_and_status_events_carry_their_status() {
    for event in events() {
        let json = round_trip(&event);
        assert_eq!(json["type"], event.name(), "{json}");
        match event.status() {
            Some(status) => assert_eq!(json["status"], status.as_str(), "{json}"),
            None => assert!(json.get("status").is_none(), "{json}"),
        }
    }
}

#[test]
fn every_command_round_trips() {
    use NonConformanceCommandKind as K;
    let commands = commands();
    let kinds: Vec<K> = commands.iter().map(Command::kind).collect();
    assert_eq!(
        kinds,
        [
            K::ReportNonConformance,
            K::RecordContainment,
            K::InvestigateNonConformance,
            K::RecordRootCause,
            K::ReclassifyNonConformance,
            K::FlagRepeat,
            K::LinkCase,
            K::DispositionNonConformance,
            K::ApproveDisposition,
            K::RaiseCapa,
            K::ProposeNoCapa,
            K::ApproveNoCapa,
            K::RecordCapaClosed,
            K::RecordCapaCancelled,
            K::CloseNonConformance,
            K::RecordDeadline,
        ],
        "one command per variant, in declaration order"
    );
    for command in &commands {
        round_trip(command);
    }
    let json = serde_json::to_value(Command::StartInvestigation).unwrap();
    assert_eq!(
        json,
        serde_json::json!({ "command": "start_investigation" })
    );
    let json = serde_json::to_value(Command::RecordDeadline).unwrap();
    assert_eq!(json, serde_json::json!({ "command": "record_deadline" }));
    for stage in Stage::ALL {
        assert_eq!(round_trip(&stage), stage.as_str());
        assert_eq!(stage.to_string(), stage.as_str());
    }
}

#[test]
fn every_source_round_trips_with_its_kind_tag() {
    let mut kinds = BTreeSet::new();
    for source in sources() {
        let json = round_trip(&source);
        assert_eq!(json["kind"], source.kind().as_str(), "{json}");
        kinds.insert(source.kind());
        let kind = round_trip(&source.kind());
        assert_eq!(kind, source.kind().as_str());
    }
    assert_eq!(kinds, SourceKind::ALL.into_iter().collect());
    let report: Report = serde_json::from_value(serde_json::json!({
        "id": ncr_id(),
        "reference": "NCR-2026-000001",
        "source": { "kind": "internal_audit", "finding": "F-3" },
        "title": "t",
        "description": "d",
        "severity": "low",
        "detected_at": "2026-11-23T08:00:00Z",
    }))
    .unwrap();
    assert_eq!(report.source.kind(), SourceKind::InternalAudit);
}

#[test]
fn statuses_and_dispositions_have_stable_names() {
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(
        statuses,
        [
            "reported",
            "under_investigation",
            "dispositioned",
            "capa_raised",
            "closed"
        ]
    );
    for status in Status::ALL {
        assert_eq!(round_trip(&status), status.as_str());
        assert_eq!(status.to_string(), status.as_str());
    }
    for disposition in [
        Disposition::Rework,
        Disposition::AcceptAsIs,
        Disposition::Reject,
        Disposition::Return,
    ] {
        assert_eq!(round_trip(&disposition), disposition.as_str());
    }
}
