//! The non-conformance rules one by one: each gate and guard refuses with its own
//! rule, and nothing is emitted.

use casework::quality::nonconformance::{
    CloseRequirement, Command, Containment, Disposition, NonConformanceError, RepeatKey, Source,
    SourceKind, Status,
};
use casework::{CapaId, NonConformanceCommandKind, Role, Severity};
use chrono::TimeDelta;
use uuid::Uuid;

use super::fixtures::{
    Desk, actor, analysis, capa_id, case_id, close, csr, disposition, management, manager, monday,
    ncr_id, other_ncr, owner, propose_no_capa, qa, report, report_of, root_cause, supplier, system,
};

/// An earlier supplier non-conformance with the same root cause, `days` before.
fn earlier(n: u128, days: i64) -> RepeatKey {
    RepeatKey {
        id: other_ncr(n),
        source: SourceKind::Supplier,
        root_cause: "supplier".to_owned(),
        reported_at: monday() - TimeDelta::days(days),
    }
}

/// Builds the state a table row starts from.
type Setup = fn() -> Desk;

fn flag(keys: Vec<RepeatKey>) -> Command {
    Command::FlagRepeat { earlier: keys }
}

fn fresh() -> Desk {
    Desk::new()
}
fn reported() -> Desk {
    Desk::reported(Severity::Medium)
}
fn reported_by_qa() -> Desk {
    let mut desk = Desk::new();
    desk.ok(qa(), report(Severity::Medium));
    desk.ok(qa(), Command::StartInvestigation);
    desk.ok(qa(), root_cause());
    desk.ok(manager(), disposition(Disposition::AcceptAsIs));
    desk
}
fn investigating() -> Desk {
    Desk::investigating(Severity::Medium)
}
fn root_caused() -> Desk {
    Desk::root_caused(Severity::Medium)
}
fn rework() -> Desk {
    Desk::dispositioned(Severity::Medium, Disposition::Rework)
}
fn accept_as_is() -> Desk {
    Desk::dispositioned(Severity::Medium, Disposition::AcceptAsIs)
}
fn accept_as_is_approved() -> Desk {
    let mut desk = accept_as_is();
    desk.ok(qa(), Command::ApproveDisposition);
    desk
}
fn high_rework() -> Desk {
    Desk::dispositioned(Severity::High, Disposition::Rework)
}
fn repeat_rework() -> Desk {
    let mut desk = root_caused();
    desk.ok(manager(), flag(vec![earlier(1, 30)]));
    desk.ok(manager(), disposition(Disposition::Rework));
    desk
}
fn flagged() -> Desk {
    let mut desk = root_caused();
    desk.ok(manager(), flag(vec![earlier(1, 30)]));
    desk
}
fn proposed() -> Desk {
    Desk::no_capa_proposed(Severity::Medium)
}
fn no_capa_approved() -> Desk {
    let mut desk = proposed();
    desk.ok(owner(), Command::ApproveNoCapa);
    desk
}
fn capa_raised() -> Desk {
    Desk::capa_raised(Severity::High)
}
fn capa_closed() -> Desk {
    let mut desk = capa_raised();
    desk.ok(system(), Command::RecordCapaClosed { capa: capa_id() });
    desk
}
fn closed() -> Desk {
    Desk::closed()
}
fn complaint() -> Desk {
    let mut desk = Desk::new();
    desk.ok(
        csr(),
        Command::Report {
            report: report_of(Source::Complaint { case: case_id(1) }, Severity::Medium),
        },
    );
    desk
}

fn containment(action: &str, hours_after: i64) -> Command {
    containment_done_at(action, monday() + TimeDelta::hours(hours_after))
}

fn containment_done_at(action: &str, done_at: chrono::DateTime<chrono::Utc>) -> Command {
    Command::RecordContainment {
        containment: Containment {
            action: action.to_owned(),
            done_by: csr().id,
            done_at,
        },
    }
}

fn reclassify(severity: Severity, reason: &str) -> Command {
    Command::Reclassify {
        severity,
        reason: reason.to_owned(),
    }
}

/// Every rule, with a state, an actor and a command it refuses.
#[test]
fn each_rule_refuses_and_emits_nothing() {
    let other_capa = CapaId::from_uuid(Uuid::from_u128(0xCA9B));
    let table: Vec<(&str, Setup, _, Command)> = vec![
        (
            "not_reported",
            fresh,
            manager(),
            Command::StartInvestigation,
        ),
        ("not_reported", fresh, owner(), close()),
        ("already_reported", reported, csr(), report(Severity::Low)),
        ("not_permitted", fresh, management(), report(Severity::Low)),
        (
            "not_permitted",
            reported,
            csr(),
            Command::StartInvestigation,
        ),
        ("not_permitted", proposed, manager(), close()),
        (
            "not_permitted",
            capa_raised,
            manager(),
            Command::RecordCapaClosed { capa: capa_id() },
        ),
        (
            "not_permitted",
            accept_as_is,
            manager(),
            Command::ApproveDisposition,
        ),
        (
            "invalid_transition",
            investigating,
            manager(),
            Command::StartInvestigation,
        ),
        ("invalid_transition", reported, manager(), root_cause()),
        ("invalid_transition", rework, manager(), root_cause()),
        (
            "invalid_transition",
            reported,
            manager(),
            disposition(Disposition::Rework),
        ),
        (
            "invalid_transition",
            root_caused,
            qa(),
            Command::ApproveDisposition,
        ),
        (
            "invalid_transition",
            root_caused,
            manager(),
            Command::RaiseCapa { capa: capa_id() },
        ),
        (
            "invalid_transition",
            root_caused,
            manager(),
            propose_no_capa(),
        ),
        (
            "invalid_transition",
            capa_raised,
            manager(),
            propose_no_capa(),
        ),
        (
            "invalid_transition",
            root_caused,
            owner(),
            Command::ApproveNoCapa,
        ),
        (
            "invalid_transition",
            rework,
            system(),
            Command::RecordCapaClosed { capa: capa_id() },
        ),
        ("invalid_transition", root_caused, owner(), close()),
        ("invalid_transition", closed, owner(), close()),
        (
            "invalid_transition",
            closed,
            csr(),
            containment("Quarantined stock", 0),
        ),
        (
            "invalid_transition",
            closed,
            manager(),
            reclassify(Severity::High, "worse"),
        ),
        (
            "invalid_transition",
            closed,
            manager(),
            Command::LinkCase { case: case_id(2) },
        ),
        (
            "invalid_transition",
            closed,
            manager(),
            flag(vec![earlier(1, 30)]),
        ),
        ("invalid_command", reported, csr(), containment(" ", 0)),
        (
            "invalid_command",
            reported,
            csr(),
            containment("Quarantined stock", 1),
        ),
        (
            "invalid_command",
            investigating,
            manager(),
            Command::RecordRootCause {
                analysis: analysis("weather"),
            },
        ),
        (
            "invalid_command",
            reported,
            manager(),
            reclassify(Severity::High, ""),
        ),
        ("invalid_command", root_caused, manager(), flag(Vec::new())),
        (
            "invalid_command",
            root_caused,
            manager(),
            Command::Disposition {
                disposition: Disposition::Rework,
                rationale: "\t".to_owned(),
            },
        ),
        (
            "invalid_command",
            rework,
            manager(),
            Command::ProposeNoCapa {
                reason: String::new(),
            },
        ),
        (
            "invalid_command",
            no_capa_approved,
            owner(),
            Command::Close {
                reason: " ".to_owned(),
            },
        ),
        (
            "root_cause_required",
            investigating,
            manager(),
            disposition(Disposition::Rework),
        ),
        (
            "root_cause_required",
            investigating,
            manager(),
            flag(vec![earlier(1, 30)]),
        ),
        (
            "root_cause_required",
            reported,
            manager(),
            flag(vec![earlier(1, 30)]),
        ),
        (
            "severity_unchanged",
            reported,
            manager(),
            reclassify(Severity::Medium, "same"),
        ),
        (
            "not_a_repeat",
            root_caused,
            manager(),
            flag(vec![earlier(1, 181)]),
        ),
        (
            "not_a_repeat",
            root_caused,
            manager(),
            flag(vec![RepeatKey {
                id: ncr_id(),
                ..earlier(1, 1)
            }]),
        ),
        (
            "repeat_already_flagged",
            flagged,
            manager(),
            flag(vec![earlier(1, 30)]),
        ),
        (
            "case_already_linked",
            complaint,
            manager(),
            Command::LinkCase { case: case_id(1) },
        ),
        (
            "not_accept_as_is",
            rework,
            qa(),
            Command::ApproveDisposition,
        ),
        (
            "disposition_already_approved",
            accept_as_is_approved,
            owner(),
            Command::ApproveDisposition,
        ),
        (
            "approver_is_reporter",
            reported_by_qa,
            qa(),
            Command::ApproveDisposition,
        ),
        (
            "approver_is_dispositioner",
            accept_as_is,
            actor(2, &[Role::CustomerServiceManager, Role::ProcessOwner]),
            Command::ApproveDisposition,
        ),
        (
            "disposition_not_approved",
            accept_as_is,
            manager(),
            Command::RaiseCapa { capa: capa_id() },
        ),
        (
            "capa_required_by_severity",
            high_rework,
            manager(),
            propose_no_capa(),
        ),
        (
            "capa_required_for_repeat",
            repeat_rework,
            manager(),
            propose_no_capa(),
        ),
        (
            "no_capa_already_approved",
            no_capa_approved,
            manager(),
            propose_no_capa(),
        ),
        (
            "no_capa_already_approved",
            no_capa_approved,
            management(),
            Command::ApproveNoCapa,
        ),
        (
            "no_capa_not_proposed",
            rework,
            owner(),
            Command::ApproveNoCapa,
        ),
        (
            "capa_mismatch",
            capa_raised,
            system(),
            Command::RecordCapaClosed { capa: other_capa },
        ),
        (
            "capa_closure_already_recorded",
            capa_closed,
            system(),
            Command::RecordCapaClosed { capa: capa_id() },
        ),
        ("not_ready_to_close", rework, owner(), close()),
        ("not_ready_to_close", proposed, owner(), close()),
        ("not_ready_to_close", accept_as_is, owner(), close()),
        ("not_ready_to_close", capa_raised, owner(), close()),
    ];
    for (rule, desk, who, command) in table {
        let mut desk = desk();
        let error = desk.refused(who, command.clone());
        assert_eq!(error.rule(), rule, "{command:?} by {who:?}: {error}");
        assert!(!error.to_string().is_empty());
    }
}

#[test]
fn the_proposer_cannot_approve_their_own_no_capa_reason() {
    // A process owner may propose and approve, but not both for one reason.
    let mut desk = Desk::dispositioned(Severity::Medium, Disposition::Rework);
    desk.ok(owner(), propose_no_capa());
    let error = desk.refused(owner(), Command::ApproveNoCapa);
    assert_eq!(
        error,
        NonConformanceError::ApproverIsProposer {
            approver: owner().id
        }
    );
    // Someone else may.
    desk.ok(management(), Command::ApproveNoCapa);
    assert_eq!(
        desk.ncr.no_capa().unwrap().approved_by,
        Some(management().id)
    );
}

#[test]
fn the_reporter_cannot_approve_accepting_it_as_is() {
    let mut desk = reported_by_qa();
    let error = desk.refused(qa(), Command::ApproveDisposition);
    assert_eq!(
        error,
        NonConformanceError::ApproverIsReporter { approver: qa().id }
    );
    // A second QA specialist may.
    let second = actor(33, &[Role::QaSpecialist]);
    desk.ok(second, Command::ApproveDisposition);
    assert_eq!(desk.ncr.disposition().unwrap().approved_by, Some(second.id));
}

#[test]
fn the_clock_cannot_go_back() {
    let mut desk = reported();
    let error = desk
        .run_at(
            monday() - TimeDelta::minutes(1),
            manager(),
            Command::StartInvestigation,
        )
        .unwrap_err();
    assert_eq!(error.rule(), "clock_went_backwards");
    // The same instant is fine.
    desk.run_at(
        desk.ncr.updated_at().unwrap(),
        manager(),
        Command::StartInvestigation,
    )
    .unwrap();
}

#[test]
fn a_report_lists_every_problem_at_once() {
    let mut desk = Desk::new();
    let mut bad = report_of(
        Source::InternalAudit {
            finding: " ".to_owned(),
        },
        Severity::Low,
    );
    bad.title = "x".repeat(201);
    bad.description = String::new();
    bad.detected_at = monday() + TimeDelta::hours(1);
    let error = desk.refused(csr(), Command::Report { report: bad });
    let NonConformanceError::Gate(casework::authority::GateError::Invalid { command, problems }) =
        error
    else {
        panic!("{error:?}");
    };
    assert_eq!(command, NonConformanceCommandKind::ReportNonConformance);
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "report.title",
            "report.description",
            "report.detected_at",
            "report.source.finding"
        ]
    );
}

/// The limits are inclusive: a title of exactly the longest length (counted
/// in characters, not bytes), detected at the instant it is reported, and a
/// containment done at the instant it is recorded, are all accepted.
#[test]
fn a_report_and_a_containment_at_their_limits_are_accepted() {
    let mut desk = Desk::new();
    let mut report = report_of(supplier(), Severity::Low);
    report.title = "é".repeat(casework::quality::nonconformance::MAX_TITLE_CHARS);
    report.detected_at = desk.now + TimeDelta::minutes(1);
    desk.ok(csr(), Command::Report { report });

    let done_now = desk.now + TimeDelta::minutes(1);
    desk.ok(csr(), containment_done_at("quarantine the batch", done_now));
}

#[test]
fn source_details_must_not_be_blank() {
    for (source, path) in [
        (
            Source::Supplier {
                supplier: String::new(),
            },
            "report.source.supplier",
        ),
        (
            Source::FeedbackTrend {
                trend: " ".to_owned(),
            },
            "report.source.trend",
        ),
        (
            Source::Other {
                description: String::new(),
            },
            "report.source.description",
        ),
    ] {
        let mut desk = Desk::new();
        let error = desk.refused(
            csr(),
            Command::Report {
                report: report_of(source, Severity::Low),
            },
        );
        let NonConformanceError::Gate(casework::authority::GateError::Invalid { problems, .. }) =
            error
        else {
            panic!("{error:?}");
        };
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, path);
    }
    // Sources without text are fine as they are.
    for source in [
        Source::Inspection { order: None },
        Source::Complaint { case: case_id(1) },
        supplier(),
    ] {
        let mut desk = Desk::new();
        desk.ok(
            csr(),
            Command::Report {
                report: report_of(source, Severity::Low),
            },
        );
    }
}

#[test]
fn a_root_cause_lists_its_problems_under_analysis() {
    let mut desk = investigating();
    let mut bad = analysis("weather");
    bad.whys.push(" ".to_owned());
    let error = desk.refused(manager(), Command::RecordRootCause { analysis: bad });
    let NonConformanceError::Gate(casework::authority::GateError::Invalid { problems, .. }) = error
    else {
        panic!("{error:?}");
    };
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["analysis.whys[2]", "analysis.category"]);
}

#[test]
fn a_root_cause_may_be_replaced_during_the_investigation() {
    let mut desk = root_caused();
    desk.ok(
        manager(),
        Command::RecordRootCause {
            analysis: analysis("process"),
        },
    );
    assert_eq!(desk.ncr.root_cause().unwrap().category, "process");
    assert_eq!(desk.ncr.root_cause_record().unwrap().by, manager().id);
}

#[test]
fn not_ready_to_close_lists_everything_missing() {
    use CloseRequirement as R;
    let cases: Vec<(Setup, Vec<R>)> = vec![
        (rework, vec![R::NoCapaApproval]),
        (proposed, vec![R::NoCapaApproval]),
        (
            accept_as_is,
            vec![R::DispositionApproval, R::NoCapaApproval],
        ),
        (high_rework, vec![R::Capa]),
        (repeat_rework, vec![R::Capa]),
        (capa_raised, vec![R::CapaClosure]),
    ];
    for (desk, missing) in cases {
        let mut desk = desk();
        let error = desk.refused(owner(), close());
        assert_eq!(
            error,
            NonConformanceError::NotReadyToClose {
                missing: missing.clone()
            }
        );
    }
    let mut desk = accept_as_is();
    let error = desk.refused(owner(), close());
    assert_eq!(
        error.to_string(),
        "the non-conformance cannot be closed without an approved accept-as-is disposition \
         and an approved no-CAPA reason"
    );
}

/// A no-CAPA approval stops counting when a reclassification or a repeat flag
/// later makes a CAPA required.
#[test]
fn an_approved_no_capa_no_longer_closes_once_a_capa_is_required() {
    let mut desk = no_capa_approved();
    desk.ok(
        manager(),
        reclassify(Severity::High, "Customers were harmed"),
    );
    let error = desk.refused(owner(), close());
    assert_eq!(
        error,
        NonConformanceError::NotReadyToClose {
            missing: vec![CloseRequirement::Capa]
        }
    );
    // Raising the CAPA is the way out.
    desk.ok(manager(), Command::RaiseCapa { capa: capa_id() });
    assert_eq!(desk.ncr.status(), Some(Status::CapaRaised));

    let mut desk = no_capa_approved();
    desk.ok(manager(), flag(vec![earlier(1, 10)]));
    assert_eq!(desk.refused(owner(), close()).rule(), "not_ready_to_close");

    // And a proposal cannot be approved once a CAPA is required.
    let mut desk = proposed();
    desk.ok(manager(), reclassify(Severity::Critical, "Regulatory"));
    assert_eq!(
        desk.refused(owner(), Command::ApproveNoCapa).rule(),
        "capa_required_by_severity"
    );
}

#[test]
fn the_policy_switches_the_capa_requirements() {
    use super::fixtures::policy_with;
    let policy = policy_with(|spec| {
        spec.quality.capa_required_from = None;
        spec.quality.capa_required_for_repeats = false;
    });
    let mut desk = Desk::with_policy(policy);
    desk.ok(csr(), report(Severity::Critical));
    desk.ok(manager(), Command::StartInvestigation);
    desk.ok(manager(), root_cause());
    desk.ok(manager(), flag(vec![earlier(1, 30)]));
    desk.ok(manager(), disposition(Disposition::Reject));
    desk.ok(manager(), propose_no_capa());
    desk.ok(owner(), Command::ApproveNoCapa);
    desk.ok(owner(), close());
    assert_eq!(desk.ncr.status(), Some(Status::Closed));
}

/// `now` and the detection time must be covered by the business calendar;
/// and `record` on a state built by `apply` without its `reported` event
/// refuses rather than stamping into the nil stream.
#[test]
fn instants_outside_the_business_calendar_and_never_reported_states_are_refused() {
    use casework::Aggregate as _;
    use casework::quality::nonconformance::{Event as NcrEvent, NonConformance};
    use casework::{Ctx, Recorded, StreamId, Version};
    use chrono::{TimeZone, Utc};

    let mut desk = Desk::reported(Severity::Medium);
    let later = Utc.with_ymd_and_hms(2150, 1, 1, 9, 0, 0).unwrap();
    let refused = desk
        .run_at(later, manager(), Command::StartInvestigation)
        .unwrap_err();
    assert_eq!(refused.rule(), "calendar");
    assert!(
        refused
            .to_string()
            .starts_with("calendar `business`: no answer for 2150-01-01T09:00:00+00:00"),
        "{refused}"
    );

    let mut early = Desk::new();
    let Command::Report { mut report } = report(Severity::Low) else {
        unreachable!()
    };
    report.detected_at = Utc.with_ymd_and_hms(1999, 12, 31, 9, 0, 0).unwrap();
    let refused = early.refused(csr(), Command::Report { report });
    assert_eq!(refused.rule(), "calendar");

    let long_ago = Utc.with_ymd_and_hms(1999, 12, 31, 9, 0, 0).unwrap();
    let refused = Desk::reported(Severity::Medium)
        .refused(csr(), containment_done_at("quarantine the batch", long_ago));
    assert_eq!(refused.rule(), "calendar");
    assert!(
        refused.to_string().contains("1999-12-31T09:00:00"),
        "{refused}"
    );

    let now = monday() + TimeDelta::hours(1);
    let mut ncr = NonConformance::default();
    casework::Aggregate::apply(
        &mut ncr,
        &Recorded::new(
            StreamId::from_uuid(Uuid::from_u128(1)),
            Version::new(1),
            now,
            csr().id,
            NcrEvent::InvestigationStarted {
                status: Status::UnderInvestigation,
            },
        ),
    );
    let ctx = Ctx::new(now, manager(), &desk.policy);
    let refused = ncr.record(&root_cause(), &ctx).unwrap_err();
    assert_eq!(refused.rule(), "not_reported");
}
