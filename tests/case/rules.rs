//! The case rules one by one: each gate and guard refuses with its own rule, and
//! lets through what it should.

use casework::Aggregate as _;
use casework::case::{
    Assignee, CaseError, CaseKind, CloseRequirement, Command, EscalationTrigger, Event,
    FirstContactResolution, FollowUpStatus, LifecycleSpec, QualityRecord, ReopenPolicy, Resolution,
    Status,
};
use casework::priority::{Impact, LadderStep, SeverityFacts, Urgency};
use casework::{
    Actor, CaseCommandKind, CaseId, Channel, NonConformanceId, PolicySpec, Role, Severity,
};
use chrono::{TimeDelta, TimeZone, Utc};
use uuid::Uuid;

use super::fixtures::{Desk, actor, csr, intake, log, manager, monday, qa, system};

fn reason(command: fn(String) -> Command) -> Command {
    command("because".to_owned())
}

fn resolve(root_cause: Option<&str>) -> Command {
    Command::Resolve {
        resolution: Some(Resolution::text("Reshipped by courier")),
        root_cause: root_cause.map(str::to_owned),
    }
}

fn follow_up(concern_resolved: bool) -> Command {
    Command::RecordFollowUp {
        channel: Channel::Phone,
        other_channel_reason: None,
        rating: Some(4),
        comments: "fine now".to_owned(),
        concern_resolved,
        answers: Vec::new(),
        last_surveyed_at: None,
        survey_override: None,
    }
}

fn with_policy(change: impl FnOnce(&mut PolicySpec)) -> Desk {
    let mut spec = PolicySpec::sop_default();
    change(&mut spec);
    Desk::with_policy(spec.compile().unwrap())
}

/// A case of `kind` and `severity`, logged, acknowledged and being investigated.
fn investigating(mut desk: Desk, kind: CaseKind, severity: Severity) -> Desk {
    desk.ok(csr(), log(kind, severity));
    desk.ok(
        csr(),
        Command::Acknowledge {
            channel: Channel::Email,
        },
    );
    desk.ok(csr(), Command::StartInvestigation);
    desk
}

/// A complaint resolved by the CSR.
fn resolved(severity: Severity) -> Desk {
    let mut desk = investigating(Desk::new(), CaseKind::Complaint, severity);
    desk.ok(csr(), resolve(Some("supplier")));
    desk
}

/// A complaint with everything closing needs.
fn ready_to_close(severity: Severity) -> Desk {
    let mut desk = resolved(severity);
    desk.ok(
        qa(),
        Command::ReviewResolution {
            approved: true,
            comments: String::new(),
        },
    );
    desk.ok(csr(), follow_up(true));
    desk.ok(csr(), reason(|reason| Command::ProposeNoCapa { reason }));
    desk.ok(manager(), Command::ApproveNoCapa);
    desk
}

fn refusal(desk: &mut Desk, actor: Actor, command: Command) -> CaseError {
    let before = desk.case.clone();
    let refused = desk.run(actor, command).unwrap_err();
    assert_eq!(desk.case, before, "a refusal changed the case");
    refused
}

#[test]
fn each_gate_refuses_with_its_rule() {
    let auditor = actor(7, &[Role::Auditor]);
    // (what, the desk it starts from, who asks, what, the rule that refuses)
    type Case = (&'static str, fn() -> Desk, Actor, Command, &'static str);
    let cases: Vec<Case> = vec![
        (
            "acknowledge before logging",
            || Desk::new(),
            csr(),
            Command::Acknowledge {
                channel: Channel::Phone,
            },
            "not_logged",
        ),
        (
            "log twice",
            || resolved(Severity::Low),
            csr(),
            log(CaseKind::Complaint, Severity::Low),
            "already_logged",
        ),
        (
            "CSR closes",
            || ready_to_close(Severity::Low),
            csr(),
            Command::Close,
            "not_permitted",
        ),
        (
            "auditor adds a note",
            || resolved(Severity::Low),
            auditor,
            Command::AddNote {
                text: "x".into(),
                visibility: casework::case::NoteVisibility::Internal,
            },
            "not_permitted",
        ),
        (
            "resolve before investigating",
            || {
                let mut d = Desk::new();
                d.ok(csr(), log(CaseKind::Complaint, Severity::Low));
                d
            },
            csr(),
            resolve(Some("people")),
            "invalid_transition",
        ),
        (
            "close while investigating",
            || investigating(Desk::new(), CaseKind::Inquiry, Severity::Low),
            manager(),
            Command::Close,
            "invalid_transition",
        ),
        (
            "review before resolution",
            || investigating(Desk::new(), CaseKind::Complaint, Severity::Low),
            qa(),
            Command::ReviewResolution {
                approved: true,
                comments: String::new(),
            },
            "invalid_transition",
        ),
        (
            "complaint without root cause",
            || investigating(Desk::new(), CaseKind::Complaint, Severity::Low),
            csr(),
            resolve(None),
            "root_cause_required",
        ),
        (
            "complaint without resolution",
            || investigating(Desk::new(), CaseKind::Complaint, Severity::Low),
            csr(),
            Command::Resolve {
                resolution: None,
                root_cause: Some("people".into()),
            },
            "resolution_required",
        ),
        (
            "unknown root cause",
            || investigating(Desk::new(), CaseKind::Complaint, Severity::Low),
            csr(),
            resolve(Some("gremlins")),
            "invalid_command",
        ),
        (
            "resolver reviews",
            || resolved(Severity::High),
            actor(
                1,
                &[Role::CustomerServiceRepresentative, Role::QaSpecialist],
            ),
            Command::ReviewResolution {
                approved: true,
                comments: String::new(),
            },
            "reviewer_is_resolver",
        ),
        (
            "rejection without comments",
            || resolved(Severity::High),
            qa(),
            Command::ReviewResolution {
                approved: false,
                comments: " ".into(),
            },
            "invalid_command",
        ),
        (
            "close without anything",
            || resolved(Severity::High),
            manager(),
            Command::Close,
            "not_ready_to_close",
        ),
        (
            "manual escalation without reason",
            || resolved(Severity::Low),
            csr(),
            Command::Escalate {
                reason: String::new(),
            },
            "invalid_command",
        ),
        (
            "de-escalate an unescalated case",
            || resolved(Severity::Low),
            manager(),
            reason(|reason| Command::Deescalate { reason }),
            "not_escalated",
        ),
        (
            "no-CAPA for an inquiry",
            || investigating(Desk::new(), CaseKind::Inquiry, Severity::Low),
            manager(),
            reason(|reason| Command::ProposeNoCapa { reason }),
            "not_a_complaint",
        ),
        (
            "merge into itself",
            || investigating(Desk::new(), CaseKind::Inquiry, Severity::Low),
            manager(),
            Command::Merge {
                into: super::fixtures::case_id(),
            },
            "merge_into_self",
        ),
        (
            "rating out of range",
            || resolved(Severity::Low),
            csr(),
            Command::RecordFollowUp {
                channel: Channel::Sms,
                other_channel_reason: None,
                rating: Some(6),
                comments: String::new(),
                concern_resolved: true,
                answers: Vec::new(),
                last_surveyed_at: None,
                survey_override: None,
            },
            "invalid_command",
        ),
        (
            "CSR reopens a closed case",
            || {
                let mut d = ready_to_close(Severity::Low);
                d.ok(manager(), Command::Close);
                d
            },
            csr(),
            reason(|reason| Command::Reopen { reason }),
            "transition_not_permitted",
        ),
    ];
    // Each desk is made as its case runs, so that the list stays small.
    for (name, desk, actor, command, rule) in cases {
        let refused = refusal(&mut desk(), actor, command);
        assert_eq!(refused.rule(), rule, "{name}: {refused}");
    }
}

#[test]
fn intake_reports_every_problem_at_once() {
    let mut desk = Desk::new();
    let mut bad = intake(CaseKind::Complaint, Severity::Low);
    bad.subject = "  ".into();
    bad.description = String::new();
    bad.category = "delivery/lost".into();
    bad.received_at = monday() + TimeDelta::hours(2);
    bad.occurred_at = Some(monday() + TimeDelta::hours(3));
    let refused = refusal(
        &mut desk,
        csr(),
        Command::Log {
            intake: bad,
            first_contact_resolution: None,
        },
    );
    let CaseError::Gate(casework::authority::GateError::Invalid { command, problems }) = refused
    else {
        panic!("expected invalid intake, got {refused}");
    };
    assert_eq!(command, CaseCommandKind::Log);
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "intake.subject",
            "intake.description",
            "intake.category",
            "intake.received_at",
            "intake.occurred_at"
        ]
    );
    assert_eq!(
        problems[2].to_string(),
        "intake.category: `delivery/lost` is not a category of the policy"
    );
}

/// A subject is counted in characters, not bytes, and its longest length is
/// allowed.
#[test]
fn a_subject_may_be_as_long_as_the_longest_and_no_longer() {
    let log = |chars: usize| {
        let mut intake = intake(CaseKind::Complaint, Severity::Low);
        intake.subject = "é".repeat(chars);
        Command::Log {
            intake,
            first_contact_resolution: None,
        }
    };
    let longest = casework::case::MAX_SUBJECT_CHARS;
    Desk::new().ok(csr(), log(longest));
    let refused = refusal(&mut Desk::new(), csr(), log(longest + 1));
    assert_eq!(refused.rule(), "invalid_command");
    assert!(
        refused
            .to_string()
            .contains("intake.subject: 201 characters is longer than 200"),
        "{refused}"
    );
}

#[test]
fn the_clock_may_not_go_back() {
    let mut desk = resolved(Severity::Low);
    let last = desk.case.updated_at().unwrap();
    let refused = desk
        .run_at(last - TimeDelta::seconds(1), csr(), follow_up(true))
        .unwrap_err();
    assert_eq!(
        refused,
        CaseError::ClockWentBackwards {
            last,
            now: last - TimeDelta::seconds(1)
        }
    );
    // The same instant is fine: several commands may share a second.
    assert!(desk.run_at(last, csr(), follow_up(true)).is_ok());
}

#[test]
fn acknowledgement_comes_before_investigation_whatever_the_table() {
    let mut desk = with_policy(|spec| {
        spec.case.lifecycle = LifecycleSpec::sop_default().allow(
            Status::Received,
            CaseCommandKind::StartInvestigation,
            Status::Investigating,
            [],
        );
    });
    desk.ok(csr(), log(CaseKind::Complaint, Severity::Low));
    let refused = refusal(&mut desk, csr(), Command::StartInvestigation);
    assert_eq!(refused, CaseError::NotAcknowledged);
}

#[test]
fn whoever_proposed_the_resolution_may_not_review_it() {
    // R proposes, another CSR records the customer's acceptance, R reviews.
    let proposer = actor(
        1,
        &[Role::CustomerServiceRepresentative, Role::QaSpecialist],
    );
    let other = actor(7, &[Role::CustomerServiceRepresentative]);
    let mut desk = investigating(Desk::new(), CaseKind::Complaint, Severity::High);
    desk.ok(
        proposer,
        Command::ProposeResolution {
            resolution: Resolution::reference("REFUND-9"),
        },
    );
    desk.ok(
        other,
        Command::Resolve {
            resolution: None,
            root_cause: Some("supplier".into()),
        },
    );
    let review = Command::ReviewResolution {
        approved: true,
        comments: String::new(),
    };
    assert_eq!(
        refusal(&mut desk, proposer, review.clone()),
        CaseError::ReviewerIsResolver {
            reviewer: proposer.id
        }
    );
    let record = desk.case.resolution().unwrap();
    assert!(record.is_authored_by(proposer.id) && record.is_authored_by(other.id));
    assert!(!record.is_authored_by(qa().id));
    desk.ok(qa(), review);
}

#[test]
fn closing_does_not_count_a_review_by_the_resolver() {
    // A stored history in which the resolver approved their own resolution
    // (decide refuses that; a history may still hold it): closing asks for a review.
    let mut desk = ready_to_close(Severity::High);
    let review = desk
        .history
        .iter()
        .position(|r| matches!(r.event, Event::ResolutionReviewed { .. }))
        .unwrap();
    desk.history[review].actor = csr().id;
    desk.case = casework::case::Case::replay(&desk.history).unwrap();
    assert_eq!(
        refusal(&mut desk, manager(), Command::Close),
        CaseError::NotReadyToClose {
            missing: vec![CloseRequirement::QaReview],
        }
    );
}

#[test]
fn requests_resolve_without_root_cause_and_with_the_proposed_resolution() {
    let mut desk = investigating(Desk::new(), CaseKind::ServiceRequest, Severity::Low);
    desk.ok(
        csr(),
        Command::ProposeResolution {
            resolution: Resolution::reference("WO-17"),
        },
    );
    let events = desk.ok(
        csr(),
        Command::Resolve {
            resolution: None,
            root_cause: None,
        },
    );
    assert_eq!(
        events,
        [Event::Resolved {
            resolution: Some(Resolution::reference("WO-17")),
            root_cause: None,
            first_contact: false,
            status: Status::Resolved,
        }]
    );
}

#[test]
fn closing_lists_everything_missing_then_closes() {
    let mut desk = resolved(Severity::High);
    let refused = refusal(&mut desk, manager(), Command::Close);
    assert_eq!(
        refused,
        CaseError::NotReadyToClose {
            missing: vec![
                CloseRequirement::QaReview,
                CloseRequirement::FollowUp,
                CloseRequirement::CapaDecision
            ],
        }
    );
    desk.ok(
        qa(),
        Command::ReviewResolution {
            approved: false,
            comments: "no apology".into(),
        },
    );
    desk.ok(csr(), reason(|reason| Command::WaiveFollowUp { reason }));
    desk.ok(
        csr(),
        Command::LinkQualityRecord {
            record: QualityRecord::NonConformance(NonConformanceId::from_uuid(Uuid::from_u128(5))),
        },
    );
    // A rejected review does not count.
    let refused = refusal(&mut desk, manager(), Command::Close);
    assert_eq!(
        refused,
        CaseError::NotReadyToClose {
            missing: vec![CloseRequirement::QaReview]
        }
    );
    desk.ok(
        qa(),
        Command::ReviewResolution {
            approved: true,
            comments: String::new(),
        },
    );
    assert_eq!(
        desk.ok(manager(), Command::Close),
        [Event::Closed {
            status: Status::Closed
        }]
    );
}

#[test]
fn policy_severities_decide_what_closing_needs() {
    // Low complaints need no QA review by default; with no CAPA severities, no CAPA decision.
    let mut desk = with_policy(|spec| spec.case.capa_decision.clear());
    desk = investigating(desk, CaseKind::Complaint, Severity::Low);
    desk.ok(csr(), resolve(Some("people")));
    desk.ok(csr(), follow_up(true));
    assert!(desk.run(manager(), Command::Close).is_ok());
}

#[test]
fn severity_at_intake_escalates_at_once_as_high_as_the_policy_says() {
    // Critical goes straight to level 2, to the P1 ladder's second step.
    let mut desk = Desk::new();
    let events = desk.ok(csr(), log(CaseKind::Complaint, Severity::Critical));
    assert!(
        matches!(
            events.as_slice(),
            [
                Event::Logged { .. },
                Event::Escalated {
                    level: 2,
                    trigger: EscalationTrigger::Severity,
                    to: Some(LadderStep {
                        role: Role::Management,
                        ..
                    }),
                    ..
                }
            ]
        ),
        "{events:?}"
    );
    assert_eq!(desk.case.escalation_level(), 2);
    // The ladder continues above it: level 3 (hand over to management) at
    // +8 hours, on the always-open calendar.
    let next = desk.case.next_deadline(&desk.policy).unwrap();
    let events = desk
        .run_at(next.unwrap(), system(), Command::RecordDeadline)
        .unwrap();
    assert!(
        events
            .iter()
            .all(|e| !matches!(e, Event::Escalated { level: 1 | 2, .. })),
        "{events:?}"
    );

    // High goes to level 1.
    let mut desk = Desk::new();
    let events = desk.ok(csr(), log(CaseKind::Complaint, Severity::High));
    assert!(matches!(
        events.as_slice(),
        [Event::Logged { .. }, Event::Escalated { level: 1, .. }]
    ));
    // A reassessment to critical takes the case higher, to level 2.
    let events = desk.ok(csr(), reassess(Severity::Critical));
    assert!(
        matches!(
            events.as_slice(),
            [
                Event::Reassessed { .. },
                Event::Escalated {
                    level: 2,
                    trigger: EscalationTrigger::Severity,
                    ..
                }
            ]
        ),
        "{events:?}"
    );
    // Back to high: nothing escalates, and nothing de-escalates by itself.
    let events = desk.ok(csr(), reassess(Severity::High));
    assert!(matches!(events.as_slice(), [Event::Reassessed { .. }]));
    assert_eq!(desk.case.escalation_level(), 2);
    // Critical again: the case is at critical's level already.
    let events = desk.ok(csr(), reassess(Severity::Critical));
    assert!(
        matches!(events.as_slice(), [Event::Reassessed { .. }]),
        "{events:?}"
    );

    // Medium is below the default threshold; a reassessment that reaches it
    // escalates too.
    let mut desk = Desk::new();
    assert_eq!(
        desk.ok(csr(), log(CaseKind::Complaint, Severity::Medium))
            .len(),
        1
    );
    let events = desk.ok(csr(), reassess(Severity::High));
    assert!(matches!(
        events.as_slice(),
        [Event::Reassessed { .. }, Event::Escalated { level: 1, .. }]
    ));
}

fn reassess(severity: Severity) -> Command {
    Command::Reassess {
        facts: SeverityFacts {
            assessed: Some(severity),
            ..SeverityFacts::default()
        },
        impact: Impact(3),
        urgency: Urgency(3),
        reason: "press".into(),
    }
}

#[test]
fn immediate_levels_are_checked_by_the_policy() {
    let mut spec = PolicySpec::sop_default();
    spec.case.immediate_levels = [(Severity::Medium, 2), (Severity::Critical, 11)].into();
    let problems = spec.compile().unwrap_err().to_string();
    assert!(
        problems.contains("case.immediate_levels.medium: never applies: medium is below `immediate_escalation` (high)"),
        "{problems}"
    );
    assert!(
        problems.contains("case.immediate_levels.critical: 11 is not between 1 and 10"),
        "{problems}"
    );
    // A level above the policy's escalation levels is capped by them.
    let mut spec = PolicySpec::sop_default();
    spec.case.escalation_levels = 1;
    spec.priority
        .ladders
        .iter_mut()
        .for_each(|l| l.levels.truncate(1));
    let policy = spec.compile().unwrap();
    assert_eq!(policy.case().immediate_level(Severity::Critical), Some(1));
}

#[test]
fn escalation_is_a_level_within_the_policy() {
    let mut desk = investigating(Desk::new(), CaseKind::Complaint, Severity::Low);
    for level in 1..=3 {
        let events = desk.ok(csr(), reason(|reason| Command::Escalate { reason }));
        assert!(
            matches!(events.as_slice(), [Event::Escalated { level: l, trigger: EscalationTrigger::Manual, .. }] if *l == level)
        );
    }
    assert_eq!(
        desk.case.status(),
        Some(Status::Investigating),
        "escalation is not a status"
    );
    let refused = refusal(
        &mut desk,
        csr(),
        reason(|reason| Command::Escalate { reason }),
    );
    assert_eq!(refused, CaseError::EscalationAtTop { level: 3 });
    desk.ok(manager(), reason(|reason| Command::Deescalate { reason }));
    assert_eq!(desk.case.escalation_level(), 2);
}

#[test]
fn an_unresolved_concern_at_follow_up_opens_a_concern() {
    let mut desk = resolved(Severity::Low);
    let events = desk.ok(csr(), follow_up(false));
    assert!(matches!(
        events.as_slice(),
        [Event::FollowUpRecorded {
            concern_resolved: false,
            ..
        }]
    ));
    assert_eq!(
        desk.case
            .open_concern()
            .map(|c| (c.raised_at, c.escalated_at)),
        Some((desk.now, None))
    );
    // Once recorded, the follow-up cannot be waived.
    let refused = refusal(
        &mut desk,
        csr(),
        reason(|reason| Command::WaiveFollowUp { reason }),
    );
    assert_eq!(refused, CaseError::FollowUpAlreadyRecorded);
}

#[test]
fn first_contact_resolution_where_the_policy_permits() {
    let fcr = |root_cause: Option<&str>| FirstContactResolution {
        resolution: Resolution::text("Explained the invoice"),
        root_cause: root_cause.map(str::to_owned),
    };
    let mut desk = Desk::new();
    let events = desk.ok(
        csr(),
        Command::Log {
            intake: intake(CaseKind::Complaint, Severity::Low),
            first_contact_resolution: Some(fcr(Some("communication"))),
        },
    );
    let names: Vec<&str> = events.iter().map(Event::name).collect();
    assert_eq!(names, ["logged", "acknowledged", "resolved"]);
    assert!(desk.case.is_first_contact_resolution());
    assert_eq!(desk.case.acknowledged_at(), desk.case.logged_at());

    let cases = [
        (
            Severity::High,
            Some("communication"),
            "first_contact_resolution_not_allowed",
        ),
        (Severity::Low, None, "root_cause_required"),
    ];
    for (severity, root_cause, rule) in cases {
        let mut desk = Desk::new();
        let refused = refusal(
            &mut desk,
            csr(),
            Command::Log {
                intake: intake(CaseKind::Complaint, severity),
                first_contact_resolution: Some(fcr(root_cause)),
            },
        );
        assert_eq!(refused.rule(), rule);
    }
}

#[test]
fn reopen_within_the_window_of_business_days() {
    let resolved_at = resolved(Severity::Low).case.resolution().unwrap().at;
    assert_eq!(resolved_at, monday() + TimeDelta::minutes(4));
    // 10 business days on Mon–Fri 09:00–17:00 UTC: until the close of Monday 7 December.
    let until = Utc.with_ymd_and_hms(2026, 12, 7, 17, 0, 0).unwrap();
    let mut desk = resolved(Severity::Low);
    let refused = desk
        .run_at(
            until + TimeDelta::seconds(1),
            csr(),
            reason(|reason| Command::Reopen { reason }),
        )
        .unwrap_err();
    assert_eq!(refused, CaseError::ReopenWindowExpired { until });

    let mut desk = resolved(Severity::Low);
    desk.ok(csr(), follow_up(true));
    let events = desk
        .run_at(until, csr(), reason(|reason| Command::Reopen { reason }))
        .unwrap();
    assert!(matches!(
        events.as_slice(),
        [Event::Reopened {
            rework: false,
            status: Status::Investigating,
            ..
        }]
    ));
    assert_eq!(desk.case.reopen_count(), 1);
    assert!(desk.case.resolution().is_none());
    assert_eq!(desk.case.follow_up(), &FollowUpStatus::Pending);
}

#[test]
fn reopen_never_unless_reworking_a_rejected_resolution() {
    let mut desk = with_policy(|spec| spec.case.reopen = ReopenPolicy::Never);
    desk = investigating(desk, CaseKind::Complaint, Severity::High);
    desk.ok(csr(), resolve(Some("people")));
    let refused = refusal(
        &mut desk,
        csr(),
        reason(|reason| Command::Reopen { reason }),
    );
    assert_eq!(refused, CaseError::ReopenNotAllowed);
    desk.ok(
        qa(),
        Command::ReviewResolution {
            approved: false,
            comments: "root cause is wrong".into(),
        },
    );
    let events = desk.ok(csr(), reason(|reason| Command::Reopen { reason }));
    assert!(matches!(
        events.as_slice(),
        [Event::Reopened { rework: true, .. }]
    ));
}

#[test]
fn merge_refuses_everything_until_unmerged_to_the_previous_status() {
    let mut desk = investigating(Desk::new(), CaseKind::Complaint, Severity::Low);
    desk.ok(csr(), reason(|reason| Command::WaitOnThirdParty { reason }));
    let primary = CaseId::from_uuid(Uuid::from_u128(0x99));
    desk.ok(manager(), Command::Merge { into: primary });
    assert_eq!(desk.case.merged_into(), Some(primary));
    for command in [
        Command::Resume,
        Command::AddNote {
            text: "x".into(),
            visibility: casework::case::NoteVisibility::Internal,
        },
        reason(|reason| Command::Escalate { reason }),
    ] {
        let refused = refusal(&mut desk, manager(), command);
        assert_eq!(refused.rule(), "invalid_transition");
    }
    desk.ok(manager(), Command::Unmerge);
    assert_eq!(desk.case.status(), Some(Status::WaitingOnThirdParty));
    assert_eq!(desk.case.merged_into(), None);
    // Resume returns to where the wait began.
    desk.ok(csr(), Command::Resume);
    assert_eq!(desk.case.status(), Some(Status::Investigating));
}

#[test]
fn quality_records_link_once() {
    let mut desk = resolved(Severity::Low);
    let record = QualityRecord::NonConformance(NonConformanceId::from_uuid(Uuid::from_u128(5)));
    desk.ok(qa(), Command::LinkQualityRecord { record });
    let refused = refusal(&mut desk, qa(), Command::LinkQualityRecord { record });
    assert_eq!(refused, CaseError::AlreadyLinked { record });
    assert_eq!(
        refused.to_string(),
        "non-conformance 00000000-0000-0000-0000-000000000005 is already linked to the case"
    );
}

#[test]
fn a_review_that_did_not_approve_blocks_closing_whatever_the_severity() {
    let mut desk = investigating(Desk::new(), CaseKind::ServiceRequest, Severity::Low);
    desk.ok(
        csr(),
        Command::Resolve {
            resolution: Some(Resolution::text("Swapped the router")),
            root_cause: None,
        },
    );
    desk.ok(
        qa(),
        Command::ReviewResolution {
            approved: false,
            comments: "Not tested with the customer".into(),
        },
    );
    desk.ok(csr(), reason(|reason| Command::WaiveFollowUp { reason }));
    let refused = refusal(&mut desk, manager(), Command::Close);
    assert_eq!(
        refused,
        CaseError::NotReadyToClose {
            missing: vec![CloseRequirement::QaReview]
        }
    );
}

#[test]
fn a_reassessment_after_resolution_cannot_lower_what_closing_needs() {
    let mut desk = resolved(Severity::High);
    desk.ok(csr(), follow_up(true));
    desk.ok(csr(), reason(|reason| Command::ProposeNoCapa { reason }));
    desk.ok(manager(), Command::ApproveNoCapa);
    desk.ok(
        csr(),
        Command::Reassess {
            facts: SeverityFacts::default(),
            impact: Impact(3),
            urgency: Urgency(3),
            reason: "on reflection, minor".into(),
        },
    );
    assert_eq!(desk.case.severity(), Severity::Low);
    let refused = refusal(&mut desk, manager(), Command::Close);
    assert_eq!(
        refused,
        CaseError::NotReadyToClose {
            missing: vec![CloseRequirement::QaReview]
        }
    );
}

#[test]
fn a_declined_proposal_is_not_the_resolution() {
    let mut desk = investigating(Desk::new(), CaseKind::ServiceRequest, Severity::Low);
    desk.ok(
        csr(),
        Command::ProposeResolution {
            resolution: Resolution::text("Refund 10%"),
        },
    );
    desk.ok(csr(), Command::StartInvestigation);
    let events = desk.ok(
        csr(),
        Command::Resolve {
            resolution: None,
            root_cause: None,
        },
    );
    assert!(matches!(
        events.as_slice(),
        [Event::Resolved {
            resolution: None,
            ..
        }]
    ));
}

#[test]
fn an_acknowledge_row_may_lead_straight_to_investigating() {
    // Waiting on the customer for details before the first response, then
    // acknowledging straight into the investigation.
    let mut desk = with_policy(|spec| {
        spec.case.lifecycle = LifecycleSpec::sop_default()
            .allow(
                Status::Received,
                CaseCommandKind::WaitOnCustomer,
                Status::WaitingOnCustomer,
                [],
            )
            .allow(
                Status::WaitingOnCustomer,
                CaseCommandKind::Acknowledge,
                Status::Investigating,
                [],
            );
    });
    desk.ok(csr(), log(CaseKind::Complaint, Severity::Low));
    desk.ok(csr(), reason(|reason| Command::WaitOnCustomer { reason }));
    desk.ok(
        csr(),
        Command::Acknowledge {
            channel: Channel::Email,
        },
    );
    assert_eq!(desk.case.status(), Some(Status::Investigating));
    assert!(desk.case.acknowledged_at().is_some());
}

#[test]
fn a_closed_case_is_reopened_only_within_the_window_even_after_a_rejected_review() {
    let mut desk = resolved(Severity::Low);
    desk.ok(
        qa(),
        Command::ReviewResolution {
            approved: false,
            comments: "Tone".into(),
        },
    );
    desk.ok(
        qa(),
        Command::ReviewResolution {
            approved: true,
            comments: "Fixed in a call".into(),
        },
    );
    desk.ok(csr(), follow_up(true));
    desk.ok(csr(), reason(|reason| Command::ProposeNoCapa { reason }));
    desk.ok(manager(), Command::ApproveNoCapa);
    desk.ok(manager(), Command::Close);
    let late = monday() + TimeDelta::days(400);
    let refused = desk
        .run_at(late, manager(), reason(|reason| Command::Reopen { reason }))
        .unwrap_err();
    assert_eq!(refused.rule(), "reopen_window_expired");
}

#[test]
fn intake_at_the_edge_of_time_does_not_panic() {
    let mut desk = Desk::new();
    let mut ancient = intake(CaseKind::Complaint, Severity::Low);
    ancient.received_at = chrono::DateTime::<Utc>::MIN_UTC;
    ancient.facts.earlier_complaints = vec![chrono::DateTime::<Utc>::MIN_UTC];
    // Whatever the answer, it is an answer.
    let _ = desk.run(
        csr(),
        Command::Log {
            intake: ancient,
            first_contact_resolution: None,
        },
    );
}

#[test]
fn the_scheduler_finds_nothing_due_on_a_finished_case() {
    let mut desk = investigating(Desk::new(), CaseKind::Complaint, Severity::Low);
    desk.ok(csr(), reason(|reason| Command::Withdraw { reason }));
    let events = desk
        .run(super::fixtures::system(), Command::RecordDeadline)
        .unwrap();
    assert_eq!(events, []);
}

#[test]
fn closing_needs_what_either_the_current_or_the_resolved_severity_requires() {
    // The policy asks a CAPA decision of low complaints only. A high complaint,
    // resolved, then reassessed low, needs one: its severity now is low.
    let mut desk = with_policy(|spec| spec.case.capa_decision = vec![Severity::Low]);
    desk = investigating(desk, CaseKind::Complaint, Severity::High);
    desk.ok(csr(), resolve(Some("people")));
    desk.ok(
        csr(),
        Command::Reassess {
            facts: SeverityFacts::default(),
            impact: Impact(3),
            urgency: Urgency(3),
            reason: "minor after all".into(),
        },
    );
    desk.ok(
        qa(),
        Command::ReviewResolution {
            approved: true,
            comments: String::new(),
        },
    );
    desk.ok(csr(), follow_up(true));
    let refused = refusal(&mut desk, manager(), Command::Close);
    assert_eq!(
        refused,
        CaseError::NotReadyToClose {
            missing: vec![CloseRequirement::CapaDecision]
        }
    );
}

/// A case's instants must be covered by every calendar its clocks count on:
/// here the `always` calendar of the SLA targets and ladders ends before the
/// business calendar does, and refuses by its name.
#[test]
fn instants_are_refused_outside_any_calendar_the_case_counts_on() {
    use casework::calendar::{CalendarRange, CalendarSpec};
    use chrono::NaiveDate;

    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let mut desk = with_policy(|spec| {
        spec.calendars.insert(
            "always".to_owned(),
            CalendarSpec::twenty_four_seven("UTC").with_range(CalendarRange {
                from: date(2026, 1, 1),
                until: date(2027, 1, 1),
            }),
        );
    });
    desk.ok(csr(), log(CaseKind::Complaint, Severity::Medium));
    let after = Utc.with_ymd_and_hms(2027, 1, 2, 9, 0, 0).unwrap();
    let refused = desk
        .run_at(
            after,
            manager(),
            reason(|reason| Command::Escalate { reason }),
        )
        .unwrap_err();
    assert_eq!(refused.rule(), "calendar");
    assert!(
        refused
            .to_string()
            .starts_with("calendar `always`: no answer for 2027-01-02T09:00:00+00:00"),
        "{refused}"
    );
    // A received time before the range is refused at intake, by name.
    let mut fresh = Desk::with_policy(desk.policy.clone());
    let mut early = intake(CaseKind::Complaint, Severity::Medium);
    early.received_at = Utc.with_ymd_and_hms(2025, 12, 31, 9, 0, 0).unwrap();
    let refused = fresh
        .run(
            csr(),
            Command::Log {
                intake: early,
                first_contact_resolution: None,
            },
        )
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .starts_with("calendar `always`: no answer for 2025-12-31T09:00:00+00:00"),
        "{refused}"
    );
    assert!(fresh.history.is_empty());
}

#[test]
fn a_delivered_service_owes_a_follow_up_whatever_the_status() {
    let mut desk = investigating(Desk::new(), CaseKind::ServiceRequest, Severity::Low);
    // Neither resolved nor delivered: no follow-up is owed yet.
    assert!(matches!(
        refusal(&mut desk, csr(), follow_up(true)),
        CaseError::InvalidTransition { .. }
    ));
    desk.ok(
        system(),
        Command::RecordServiceDelivered {
            order: casework::ServiceOrderId::from_uuid(Uuid::from_u128(0x5e)),
        },
    );
    let delivered = desk.now;
    assert_eq!(desk.case.service_delivered_at(), Some(delivered));
    assert_eq!(desk.case.status(), Some(Status::Investigating));
    // The follow-up SOP: quality assurance collects the feedback too.
    desk.ok(qa(), follow_up(true));
    assert!(matches!(
        desk.case.follow_up(),
        FollowUpStatus::Recorded { .. }
    ));
    let statuses = desk.case.sla_status(&desk.policy, desk.now).unwrap();
    let clock = statuses.iter().find(|s| s.metric == "follow_up").unwrap();
    assert_eq!(clock.state, casework::sla::ClockState::Met);
    assert_eq!(clock.elapsed, desk.now - delivered);
}

#[test]
fn a_follow_up_takes_the_preferred_channel_or_says_why_not() {
    let mut desk = resolved(Severity::Low);
    assert_eq!(desk.case.follow_up_channel(), Some(&Channel::Phone));
    let by = |channel: Channel, reason: Option<&str>| Command::RecordFollowUp {
        channel,
        other_channel_reason: reason.map(str::to_owned),
        rating: Some(4),
        comments: "fine".into(),
        concern_resolved: true,
        answers: Vec::new(),
        last_surveyed_at: None,
        survey_override: None,
    };
    let problems = |error: CaseError| match error {
        CaseError::Gate(casework::authority::GateError::Invalid { problems, .. }) => {
            problems.iter().map(ToString::to_string).collect::<Vec<_>>()
        }
        other => panic!("{other}"),
    };
    assert_eq!(
        problems(refusal(&mut desk, csr(), by(Channel::Email, None))),
        [
            "other_channel_reason: `email` is not the customer's preferred channel `phone`: say why it was used"
        ]
    );
    assert_eq!(
        problems(refusal(&mut desk, csr(), by(Channel::Phone, Some("habit")))),
        ["other_channel_reason: `phone` is the customer's preferred channel: no reason is needed"]
    );
    assert_eq!(
        problems(refusal(&mut desk, csr(), by(Channel::Email, Some(" ")))),
        ["other_channel_reason: must not be blank"]
    );
    let no_answer = |channel: Channel| Command::RecordNoAnswer {
        channel,
        other_channel_reason: None,
    };
    assert_eq!(
        problems(refusal(&mut desk, csr(), no_answer(Channel::Sms))),
        [
            "other_channel_reason: `sms` is not the customer's preferred channel `phone`: say why it was used"
        ]
    );
    desk.ok(csr(), no_answer(Channel::Phone));
    let events = desk.ok(
        csr(),
        by(
            Channel::Email,
            Some("the customer's phone is out of service"),
        ),
    );
    assert!(matches!(
        events.as_slice(),
        [Event::FollowUpRecorded {
            other_channel_reason: Some(_),
            ..
        }]
    ));
}

#[test]
fn no_capa_needs_a_proposal_and_a_second_person() {
    let mut desk = resolved(Severity::Low);
    assert_eq!(
        refusal(&mut desk, manager(), Command::ApproveNoCapa),
        CaseError::NoCapaNotProposed
    );
    // A manager who proposes cannot approve their own proposal, whatever
    // their roles.
    desk.ok(
        manager(),
        Command::ProposeNoCapa {
            reason: "A one-off courier error; the courier was replaced".into(),
        },
    );
    assert_eq!(
        desk.case.no_capa_proposal().map(|p| p.by),
        Some(manager().id)
    );
    assert_eq!(
        refusal(&mut desk, manager(), Command::ApproveNoCapa),
        CaseError::ApproverIsProposer {
            approver: manager().id
        }
    );
    let owner = actor(77, &[Role::ProcessOwner]);
    let events = desk.ok(owner, Command::ApproveNoCapa);
    assert_eq!(
        events,
        [Event::NoCapaApproved {
            reason: "A one-off courier error; the courier was replaced".into()
        }]
    );
    let approval = desk.case.no_capa().unwrap();
    assert_eq!(
        (approval.by, approval.proposed_by),
        (owner.id, Some(manager().id))
    );
    assert_eq!(desk.case.no_capa_proposal(), None);
    assert_eq!(
        refusal(
            &mut desk,
            csr(),
            Command::ProposeNoCapa {
                reason: "again".into()
            }
        ),
        CaseError::NoCapaAlreadyApproved
    );
}

#[test]
fn legal_holds_and_erasure_refuse_with_their_rules() {
    let owner = actor(9, &[Role::ProcessOwner]);
    let hold = |reason: &str| Command::PlaceLegalHold {
        reason: reason.to_owned(),
    };
    let erase = || Command::ErasePersonalData {
        reason: "Erasure request ER-7".to_owned(),
    };
    let open = || investigating(Desk::new(), CaseKind::Complaint, Severity::Low);
    let withdrawn = || {
        let mut desk = open();
        desk.ok(csr(), reason(|reason| Command::Withdraw { reason }));
        desk
    };
    let mut open = open();
    let rule = |desk: &mut Desk, actor, command| refusal(desk, actor, command).rule();
    assert_eq!(rule(&mut open, csr(), hold("Claim")), "not_permitted");
    assert_eq!(rule(&mut open, owner, hold(" ")), "reason_required");
    assert_eq!(rule(&mut open, owner, erase()), "case_not_finished");
    assert_eq!(
        rule(
            &mut open,
            owner,
            Command::ReleaseLegalHold {
                reason: "Claim".into()
            }
        ),
        "no_such_hold"
    );
    let mut desk = withdrawn();
    desk.ok(owner, hold("Claim"));
    assert_eq!(
        rule(&mut desk, owner, hold("Claim")),
        "hold_already_in_force"
    );
    let held = refusal(&mut desk, owner, erase());
    assert_eq!(
        held.to_string(),
        "the case is under legal hold (Claim): nothing of it is erased"
    );
    assert_eq!(
        rule(&mut desk, owner, Command::DisposeFeedback),
        "legal_hold"
    );
    desk.ok(
        owner,
        Command::ReleaseLegalHold {
            reason: "Claim".into(),
        },
    );
    assert_eq!(
        rule(
            &mut desk,
            owner,
            Command::ErasePersonalData {
                reason: String::new()
            }
        ),
        "invalid_command"
    );
    // The intake's subject and description: the one event with personal data.
    assert_eq!(desk.case.personal_data().len(), 1);
    let erased = desk.ok(owner, erase());
    assert!(
        matches!(&erased[..], [Event::PersonalDataErased { versions, .. }] if versions == &[casework::Version::new(1)])
    );
    assert!(desk.case.personal_data().is_empty());
    assert_eq!(
        desk.case.intake().unwrap().subject,
        casework::records::ERASED
    );
    assert_eq!(rule(&mut desk, owner, erase()), "nothing_to_erase");
}

/// A command submitted twice (a double click, a client that retries) is
/// refused the second time, with its own rule, where recording it again
/// would put the same fact twice on the record. Found by the simulator
/// (`crates/casework-sim`), which submits commands twice.
#[test]
fn a_step_given_twice_is_refused_the_second_time() {
    let assign = Command::Assign {
        to: Assignee::Person(csr().id),
    };
    let review = Command::ReviewResolution {
        approved: true,
        comments: String::new(),
    };
    let propose = reason(|reason| Command::ProposeNoCapa { reason });
    let mut desk = resolved(Severity::Medium);
    desk.ok(manager(), assign.clone());
    let steps = [
        (manager(), assign, "already_assigned"),
        (qa(), review, "already_reviewed"),
        (csr(), follow_up(true), "follow_up_already_recorded"),
        (csr(), propose, "no_capa_already_proposed"),
    ];
    for (actor, command, rule) in steps {
        if rule != "already_assigned" {
            desk.ok(actor, command.clone());
        }
        assert_eq!(refusal(&mut desk, actor, command).rule(), rule);
    }
    // A new resolution owes a new review and a new follow-up.
    desk.ok(manager(), reason(|reason| Command::Reopen { reason }));
    desk.ok(csr(), resolve(Some("supplier")));
    desk.ok(
        qa(),
        Command::ReviewResolution {
            approved: true,
            comments: String::new(),
        },
    );
    let mut unrated = follow_up(true);
    if let Command::RecordFollowUp { rating, .. } = &mut unrated {
        *rating = None;
    }
    desk.ok(csr(), unrated);
}
