//! The CAPA rules, one refusal or walk at a time.

use casework::Aggregate as _;
use casework::calendar::BusinessDayReading;
use casework::quality::capa::{
    ActionKind, ActionNo, ActionStatus, Capa, CapaError, CloseRequirement, Command, Event, Opening,
    Source, Status,
};
use casework::quality::{ContentHash, Rating, Signature, SignatureMeaning};
use casework::{Ctx, PolicySpec, Recorded, Role, Version};
use chrono::TimeDelta;

use super::fixtures::{
    Record, action, approver, author, monday, opening, owner, person, policy, qa, risk, system,
};

fn complete(r: &mut Record, who: casework::Actor, no: u32) {
    r.run(
        who,
        Command::StartAction {
            action: ActionNo(no),
        },
    );
    r.run(
        who,
        Command::CompleteAction {
            action: ActionNo(no),
            evidence: format!("action {no} done"),
        },
    );
}

#[test]
fn the_main_path_closes_with_every_signature_current() {
    let r = Record::at(Status::Closed);
    let capa = &r.capa;
    assert_eq!(capa.status(), Some(Status::Closed));
    assert!(capa.plan_approval_is_current());
    assert!(capa.verification_is_current());
    let signatures = [
        (
            capa.plan_authored().unwrap(),
            SignatureMeaning::Authored,
            author(),
        ),
        (
            capa.plan_approval().unwrap(),
            SignatureMeaning::Approved,
            approver(),
        ),
        (
            capa.verification().unwrap(),
            SignatureMeaning::Verified,
            qa(),
        ),
        (
            &capa.effectiveness().unwrap().signature,
            SignatureMeaning::Reviewed,
            qa(),
        ),
        (
            capa.closure().unwrap(),
            SignatureMeaning::Approved,
            approver(),
        ),
    ];
    for (signature, meaning, signer) in signatures {
        assert_eq!((signature.meaning, signature.signer), (meaning, signer.id));
    }
    assert!(capa.closure().unwrap().is_current(capa.record_hash()));
    assert_eq!(Capa::replay(&r.history).unwrap(), r.capa);
    assert_eq!(capa.next_deadline(super::fixtures::policy()).unwrap(), None);
}

/// Each case: the CAPA's status, who asks, what, and the rule that refuses.
#[test]
fn refusals_name_their_rule_and_change_nothing() {
    let csr = person(20, Role::CustomerServiceRepresentative);
    let author_as_approver = person(1, Role::ProcessOwner);
    let owner_as_qa = person(2, Role::QaSpecialist);
    let author_as_qa = person(1, Role::QaSpecialist);
    let author_as_owner = person(1, Role::ProcessOwner);
    let table: Vec<(Status, casework::Actor, Command, &str)> = vec![
        (
            Status::Planning,
            author(),
            Command::Open { opening: opening() },
            "already_opened",
        ),
        (Status::Planning, csr, Command::SubmitPlan, "not_permitted"),
        (
            Status::Planning,
            approver(),
            Command::ApprovePlan,
            "invalid_transition",
        ),
        (
            Status::Planning,
            owner(),
            Command::StartAction {
                action: ActionNo(1),
            },
            "invalid_transition",
        ),
        (
            Status::Planning,
            author(),
            Command::CancelAction {
                action: ActionNo(7),
                reason: "x".into(),
            },
            "unknown_action",
        ),
        (
            Status::Planning,
            author(),
            Command::CancelAction {
                action: ActionNo(1),
                reason: " ".into(),
            },
            "invalid_command",
        ),
        (
            Status::Planning,
            author(),
            Command::ReviseAction {
                action: ActionNo(1),
                description: None,
                owner: None,
                due: None,
            },
            "invalid_command",
        ),
        (
            Status::PlanSubmitted,
            author_as_approver,
            Command::ApprovePlan,
            "approver_is_author",
        ),
        (
            Status::PlanSubmitted,
            author(),
            action(
                ActionKind::Preventive,
                &owner(),
                monday() + TimeDelta::days(9),
            ),
            "invalid_transition",
        ),
        (
            Status::PlanSubmitted,
            approver(),
            Command::ReturnPlan {
                comments: "".into(),
            },
            "invalid_command",
        ),
        (
            Status::Implementing,
            approver(),
            Command::ApprovePlan,
            "plan_already_approved",
        ),
        (
            Status::Implementing,
            author(),
            Command::SubmitPlan,
            "plan_already_approved",
        ),
        (
            Status::Implementing,
            owner(),
            Command::CompleteAction {
                action: ActionNo(1),
                evidence: "done".into(),
            },
            "action_not_allowed",
        ),
        (
            Status::Implementing,
            qa(),
            Command::VerifyImplementation,
            "actions_unfinished",
        ),
        (
            Status::Verified,
            owner_as_qa,
            Command::CheckEffectiveness {
                effective: true,
                evidence: "ok".into(),
            },
            "effectiveness_not_due",
        ),
        (
            Status::Verified,
            qa(),
            Command::CheckEffectiveness {
                effective: true,
                evidence: "ok".into(),
            },
            "effectiveness_not_due",
        ),
        (
            Status::Verified,
            author(),
            action(
                ActionKind::Corrective,
                &owner(),
                monday() + TimeDelta::days(90),
            ),
            "invalid_transition",
        ),
        (
            Status::Effective,
            author_as_owner,
            Command::Close,
            "closer_is_author",
        ),
        (
            Status::Closed,
            approver(),
            Command::Cancel {
                reason: "late".into(),
            },
            "invalid_transition",
        ),
        (
            Status::Cancelled,
            author(),
            Command::SubmitPlan,
            "invalid_transition",
        ),
        (
            Status::Implementing,
            author_as_qa,
            Command::LinkSource {
                source: opening().sources[0].clone(),
            },
            "already_linked",
        ),
    ];
    for (status, actor, command, rule) in table {
        let mut r = Record::at(status);
        let before = r.capa.clone();
        let refused = r.try_run(actor, &command).unwrap_err();
        assert_eq!(
            refused.rule(),
            rule,
            "{status} {:?}: {refused}",
            command.kind()
        );
        assert_eq!(r.capa, before, "a refusal changed the CAPA");
    }
}

#[test]
fn a_scheduler_that_comes_after_the_close_records_nothing() {
    for status in [Status::Closed, Status::Cancelled] {
        let mut r = Record::at(status);
        let before = r.capa.clone();
        let recorded = r.try_run(system(), &Command::RecordDeadline).unwrap();
        assert_eq!(recorded, [], "{status}");
        assert_eq!(r.capa, before, "{status}");
    }
}

#[test]
fn an_opening_reports_every_problem_at_once() {
    let mut r = Record::new();
    let opening = Opening {
        title: " ".into(),
        sources: vec![],
        risk: risk(0, 11, 5),
        ..opening()
    };
    let refused = r.try_run(author(), &Command::Open { opening }).unwrap_err();
    let CapaError::Gate(casework::authority::GateError::Invalid { problems, .. }) = &refused else {
        panic!("{refused}")
    };
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "opening.title",
            "opening.sources",
            "opening.risk.severity",
            "opening.risk.occurrence"
        ]
    );
    assert_eq!(r.capa.status(), None);

    let case = super::fixtures::opening().sources[0].clone();
    let sources = vec![
        Source::AuditFinding {
            finding: " ".into(),
        },
        case.clone(),
        Source::AuditFinding {
            finding: "A-12".into(),
        },
        case,
    ];
    let opening = Opening {
        sources,
        ..super::fixtures::opening()
    };
    let refused = r.try_run(author(), &Command::Open { opening }).unwrap_err();
    let CapaError::Gate(casework::authority::GateError::Invalid { problems, .. }) = &refused else {
        panic!("{refused}")
    };
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["opening.sources[0].finding", "opening.sources[3]"]);
    assert_eq!(problems[1].message, "is listed twice");
    assert_eq!(r.capa.status(), None);
}

/// A source linked later is checked as an opening's is.
#[test]
fn a_blank_audit_finding_is_not_linked() {
    let mut r = Record::at(Status::Planning);
    let blank = Command::LinkSource {
        source: Source::AuditFinding {
            finding: " ".into(),
        },
    };
    let refused = r.try_run(author(), &blank).unwrap_err();
    assert_eq!(refused.rule(), "invalid_command");
    assert!(refused.to_string().contains("source.finding"), "{refused}");
}

/// An action falls due after it is planned: a due date at the instant of
/// planning or revising, or before it, is refused; a second later is not.
#[test]
fn an_action_falls_due_after_now() {
    let mut r = Record::at(Status::Planning);
    let now = r.now;
    let refused = r
        .try_run(author(), &action(ActionKind::Corrective, &owner(), now))
        .unwrap_err();
    assert_eq!(refused.rule(), "invalid_command");
    assert!(refused.to_string().contains("action.due"), "{refused}");
    let refused = r
        .try_run(
            author(),
            &revise(None, None, Some(now - TimeDelta::days(1))),
        )
        .unwrap_err();
    assert_eq!(refused.rule(), "invalid_command");
    assert!(refused.to_string().contains("due"), "{refused}");
    let next = now + TimeDelta::seconds(1);
    r.run(author(), action(ActionKind::Corrective, &owner(), next));
    r.run(author(), revise(None, None, Some(next)));
}

#[test]
fn the_verifier_and_the_checker_own_no_action_and_the_checker_did_not_author() {
    let mut r = Record::at(Status::Implementing);
    complete(&mut r, owner(), 1);
    let owner_as_qa = person(2, Role::QaSpecialist);
    let refused = r
        .try_run(owner_as_qa, &Command::VerifyImplementation)
        .unwrap_err();
    assert_eq!(refused.rule(), "verifier_owns_action");
    assert_eq!(
        refused.to_string(),
        format!(
            "{} owns action 1 and cannot verify the implementation",
            owner().id
        )
    );
    r.run(qa(), Command::VerifyImplementation);
    r.now = r.capa.effectiveness_due().unwrap();
    let check = Command::CheckEffectiveness {
        effective: true,
        evidence: "ok".into(),
    };
    for (who, rule) in [
        (person(2, Role::ProcessOwner), "checker_owns_action"),
        (person(1, Role::ProcessOwner), "checker_is_author"),
    ] {
        assert_eq!(r.try_run(who, &check).unwrap_err().rule(), rule);
    }
    r.run(approver(), check);
    assert_eq!(r.capa.status(), Some(Status::Effective));
}

#[test]
fn the_effectiveness_wait_may_be_read_as_the_same_time_of_day() {
    let mut spec = PolicySpec::sop_default();
    spec.quality.effectiveness_wait_reading = BusinessDayReading::SameTimeOfDay;
    let same_time = spec.compile().unwrap();
    // The history up to the verification, verified again under the policy.
    let r = Record::at(Status::Verified);
    let (verified, before) = r.history.split_last().unwrap();
    assert!(matches!(
        verified.event,
        Event::ImplementationVerified { .. }
    ));
    let mut capa = Capa::replay(before).unwrap();
    let ctx = Ctx::new(verified.at, qa(), &same_time);
    let recorded = capa.record(&Command::VerifyImplementation, &ctx).unwrap();
    assert!(
        matches!(
            recorded[0].event,
            Event::ImplementationVerified { effectiveness_due, .. }
                if effectiveness_due == verified.at + TimeDelta::weeks(6)
        ),
        "{:?}",
        recorded[0].event
    );
}

#[test]
fn the_effectiveness_check_waits_the_policys_business_days_to_the_second() {
    let mut r = Record::at(Status::Verified);
    let verified_at = r.capa.verification().unwrap().at;
    let due = r.capa.effectiveness_due().unwrap();
    // 30 business days on a Monday-to-Friday calendar, read as every "n
    // business days" of the library: by the close of the 30th, six weeks on.
    let calendar = policy().calendar();
    assert_eq!(due, calendar.business_days_after(verified_at, 30).unwrap());
    assert!(due - verified_at > TimeDelta::weeks(6));
    assert!(due - verified_at < TimeDelta::weeks(6) + TimeDelta::days(1));
    r.now = due - TimeDelta::seconds(1);
    let check = Command::CheckEffectiveness {
        effective: true,
        evidence: "ok".into(),
    };
    let refused = r.try_run(qa(), &check).unwrap_err();
    assert_eq!(
        refused.to_string(),
        format!("the effectiveness check is due at {due}, not before")
    );
    r.now = due;
    r.run(qa(), check);
}

#[test]
fn not_effective_starts_a_new_cycle_that_keeps_the_old_one() {
    let mut r = Record::at(Status::Verified);
    r.now = r.capa.effectiveness_due().unwrap();
    r.run(
        qa(),
        Command::CheckEffectiveness {
            effective: false,
            evidence: "Two late parcels".into(),
        },
    );
    assert_eq!(
        (r.capa.status(), r.capa.cycle()),
        (Some(Status::Planning), 2)
    );
    assert!(r.capa.actions().is_empty());
    assert_eq!(r.capa.plan_approval(), None);
    let earlier = &r.capa.earlier_cycles()[0];
    assert_eq!((earlier.number, earlier.actions.len()), (1, 1));
    assert!(!earlier.check.as_ref().unwrap().effective);
    // The new cycle numbers its actions on from the old.
    let due = r.now + TimeDelta::days(10);
    let events = r
        .try_run(author(), &action(ActionKind::Preventive, &owner(), due))
        .unwrap();
    assert!(matches!(
        events[0],
        Event::ActionPlanned {
            action: ActionNo(2),
            ..
        }
    ));
    assert_eq!(Capa::replay(&r.history).unwrap(), r.capa);
}

#[test]
fn a_plan_changed_after_approval_must_be_approved_again() {
    let mut r = Record::at(Status::Implementing);
    let due = r.now + TimeDelta::days(20);
    r.run(author(), action(ActionKind::Preventive, &owner(), due));
    assert!(
        !r.capa.plan_approval_is_current(),
        "the approval signs the old plan"
    );
    assert!(
        !r.capa
            .plan_approval()
            .unwrap()
            .is_current(r.capa.plan_hash())
    );
    complete(&mut r, owner(), 1);
    complete(&mut r, owner(), 2);
    let refused = r.try_run(qa(), &Command::VerifyImplementation).unwrap_err();
    assert_eq!(refused.rule(), "stale_plan_approval");
    // Re-submitted by someone else, the old approver may approve it again.
    r.run(owner(), Command::SubmitPlan);
    assert_eq!(r.capa.plan_approval(), None);
    r.run(approver(), Command::ApprovePlan);
    r.run(qa(), Command::VerifyImplementation);
    assert_eq!(r.capa.status(), Some(Status::Verified));
}

#[test]
fn cancelled_actions_never_count_as_done() {
    // Cancelling the only action leaves nothing to re-submit.
    let mut r = Record::at(Status::Implementing);
    r.run(
        author(),
        Command::CancelAction {
            action: ActionNo(1),
            reason: "Supplier changed".into(),
        },
    );
    assert_eq!(
        r.capa.action(ActionNo(1)).unwrap().status,
        ActionStatus::Cancelled
    );
    assert_eq!(
        r.try_run(qa(), &Command::VerifyImplementation)
            .unwrap_err()
            .rule(),
        "stale_plan_approval"
    );
    assert_eq!(
        r.try_run(author(), &Command::SubmitPlan)
            .unwrap_err()
            .rule(),
        "nothing_planned"
    );

    // One done and one cancelled closes: the cancelled one is finished, not done.
    let mut r = Record::at(Status::Planning);
    let due = r.now + TimeDelta::days(5);
    r.run(author(), action(ActionKind::Preventive, &owner(), due));
    r.run(
        author(),
        Command::CancelAction {
            action: ActionNo(2),
            reason: "Covered by 1".into(),
        },
    );
    r.run(author(), Command::SubmitPlan)
        .run(approver(), Command::ApprovePlan);
    complete(&mut r, owner(), 1);
    r.run(qa(), Command::VerifyImplementation);
    assert_eq!(
        r.capa
            .actions()
            .iter()
            .filter(|a| a.status == ActionStatus::Done)
            .count(),
        1
    );
}

#[test]
fn a_high_rpn_needs_a_preventive_action() {
    let mut r = Record::at(Status::Planning);
    r.run(
        author(),
        Command::AssessRisk {
            risk: risk(5, 5, 4),
        },
    );
    assert_eq!(r.capa.risk().unwrap().rpn(), 100);
    let refused = r.try_run(author(), &Command::SubmitPlan).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "an RPN of 100 (threshold 100) needs at least one preventive action"
    );
    r.run(
        author(),
        Command::AssessRisk {
            risk: risk(5, 5, 3),
        },
    );
    r.run(author(), Command::SubmitPlan);
    assert_eq!(r.capa.status(), Some(Status::PlanSubmitted));
    let bad = r
        .try_run(
            author(),
            &Command::AssessRisk {
                risk: risk(5, 5, 3),
            },
        )
        .unwrap_err();
    assert_eq!(
        bad.rule(),
        "invalid_transition",
        "a submitted plan is frozen"
    );
    assert_eq!(risk(10, 10, 10).rpn(), 1000);
    assert!(!Rating(0).is_valid() && !Rating(11).is_valid());
}

#[test]
fn deadlines_come_due_once_each() {
    let mut r = Record::at(Status::Implementing);
    let due = r.capa.action(ActionNo(1)).unwrap().due;
    assert_eq!(
        r.capa.next_deadline(super::fixtures::policy()).unwrap(),
        Some(due)
    );
    r.now = due - TimeDelta::seconds(1);
    assert_eq!(
        r.try_run(system(), &Command::RecordDeadline).unwrap(),
        vec![]
    );
    r.now = due;
    let events = r.try_run(system(), &Command::RecordDeadline).unwrap();
    assert_eq!(
        events,
        vec![Event::ActionOverdue {
            action: ActionNo(1),
            due
        }]
    );
    assert_eq!(
        r.try_run(system(), &Command::RecordDeadline).unwrap(),
        vec![]
    );
    assert_eq!(
        r.capa.next_deadline(super::fixtures::policy()).unwrap(),
        None
    );
    // A new due date makes the action overdue again when it passes.
    let later = due + TimeDelta::days(7);
    r.run(
        author(),
        Command::ReviseAction {
            action: ActionNo(1),
            description: None,
            owner: None,
            due: Some(later),
        },
    );
    assert_eq!(
        r.capa.next_deadline(super::fixtures::policy()).unwrap(),
        Some(later)
    );
    complete(&mut r, owner(), 1);
    assert_eq!(
        r.capa.next_deadline(super::fixtures::policy()).unwrap(),
        None,
        "a done action is not overdue"
    );
    // The revision made the approval stale.
    r.run(owner(), Command::SubmitPlan)
        .run(approver(), Command::ApprovePlan);
    r.run(qa(), Command::VerifyImplementation);
    let check_due = r.capa.effectiveness_due().unwrap();
    assert_eq!(
        r.capa.next_deadline(super::fixtures::policy()).unwrap(),
        Some(check_due)
    );
    r.now = check_due + TimeDelta::hours(1);
    let events = r.try_run(system(), &Command::RecordDeadline).unwrap();
    assert_eq!(
        events,
        vec![Event::EffectivenessCheckDue { due: check_due }]
    );
    assert_eq!(
        r.capa.next_deadline(super::fixtures::policy()).unwrap(),
        None
    );
    assert_eq!(Capa::replay(&r.history).unwrap(), r.capa);
}

#[test]
fn a_source_linked_late_leaves_the_signatures_current() {
    let mut r = Record::at(Status::Effective);
    let finding = Source::AuditFinding {
        finding: "A-12".into(),
    };
    r.run(author(), Command::LinkSource { source: finding });
    assert!(r.capa.effectiveness_is_current());
    r.run(approver(), Command::Close);
    assert_eq!(r.capa.sources().len(), 2);
}

#[test]
fn closing_checks_the_signatures_whatever_the_status_says() {
    // A history no `decide` writes: effective without a plan approved, an action
    // done, or a verification. Closing lists everything missing.
    let mut history = Record::at(Status::Planning).history;
    let forged = Signature {
        signer: qa().id,
        at: monday(),
        meaning: SignatureMeaning::Reviewed,
        content: ContentHash::ZERO,
    };
    let event = Event::EffectivenessChecked {
        effective: true,
        evidence: "trust me".into(),
        signature: forged,
        status: Status::Effective,
    };
    history.push(Recorded::new(
        history[0].stream,
        Version::new(3),
        monday(),
        qa().id,
        event,
    ));
    let capa = Capa::replay(&history).unwrap();
    let ctx = Ctx::new(monday() + TimeDelta::days(1), approver(), policy());
    let refused = casework::Aggregate::decide(&capa, &Command::Close, &ctx).unwrap_err();
    assert_eq!(
        refused,
        CapaError::NotReadyToClose {
            missing: vec![
                CloseRequirement::ActionsFinished,
                CloseRequirement::ActionDone,
                CloseRequirement::CurrentPlanApproval,
                CloseRequirement::CurrentVerification,
                CloseRequirement::Effective,
            ]
        }
    );
    assert_eq!(
        refused.to_string(),
        "the CAPA cannot be closed without every action done or cancelled, at least one \
         action done, a current plan approval, a current verification and a current \
         finding that the actions were effective"
    );
}

fn revise(
    description: Option<&str>,
    owner: Option<casework::ActorId>,
    due: Option<chrono::DateTime<chrono::Utc>>,
) -> Command {
    Command::ReviseAction {
        action: ActionNo(1),
        description: description.map(str::to_owned),
        owner,
        due,
    }
}

/// A revision is refused only when it changes nothing: restating every field
/// is refused, and a new description, owner or due date alone is a change.
#[test]
fn a_revision_must_change_something_and_any_one_field_will_do() {
    let current = Record::at(Status::Planning)
        .capa
        .action(ActionNo(1))
        .unwrap()
        .clone();
    let restated = revise(
        Some(&current.description),
        Some(current.owner),
        Some(current.due),
    );
    let refused = Record::at(Status::Planning)
        .try_run(author(), &restated)
        .unwrap_err();
    assert_eq!(refused.rule(), "invalid_command");
    assert!(refused.to_string().contains("changes nothing"), "{refused}");
    for change in [
        revise(
            Some("Print picking lists every half hour"),
            Some(current.owner),
            Some(current.due),
        ),
        revise(
            Some(&current.description),
            Some(approver().id),
            Some(current.due),
        ),
        revise(
            Some(&current.description),
            Some(current.owner),
            Some(current.due + TimeDelta::days(1)),
        ),
    ] {
        Record::at(Status::Planning).run(author(), change);
    }
}

/// A due date the business calendar does not cover is refused with the
/// calendar rule, whether it is planned or revised.
#[test]
fn a_due_date_outside_the_calendars_range_is_refused() {
    use chrono::TimeZone as _;
    let far = chrono::Utc.with_ymd_and_hms(2150, 1, 1, 9, 0, 0).unwrap();
    let mut r = Record::at(Status::Planning);
    let planned = action(ActionKind::Corrective, &owner(), far);
    let refused = r.try_run(author(), &planned).unwrap_err();
    assert_eq!(refused.rule(), "calendar");
    let refused = r
        .try_run(author(), &revise(None, None, Some(far)))
        .unwrap_err();
    assert_eq!(refused.rule(), "calendar");
    assert!(
        refused.to_string().contains("2150-01-01T09:00:00"),
        "{refused}"
    );
}

#[test]
fn the_clock_cannot_go_back() {
    let mut r = Record::at(Status::Planning);
    r.now -= TimeDelta::seconds(1);
    let refused = r.try_run(author(), &Command::SubmitPlan).unwrap_err();
    assert_eq!(refused.rule(), "clock_went_backwards");
}

#[test]
fn a_re_submission_does_not_free_the_first_author() {
    // The author's plan is approved, then changed and re-submitted by the
    // approver: the first author is still an author of this cycle's plan.
    let author_po = person(1, Role::ProcessOwner);
    let mut r = Record::at(Status::Implementing);
    let due = r.capa.action(ActionNo(1)).unwrap().due + TimeDelta::seconds(1);
    r.run(
        author(),
        Command::ReviseAction {
            action: ActionNo(1),
            description: None,
            owner: None,
            due: Some(due),
        },
    );
    r.run(person(3, Role::CustomerServiceManager), Command::SubmitPlan);
    assert_eq!(r.capa.plan_authors(), [author().id, approver().id]);
    let refused = r.try_run(author_po, &Command::ApprovePlan).unwrap_err();
    assert_eq!(refused.rule(), "approver_is_author");
    let refused = r.try_run(approver(), &Command::ApprovePlan).unwrap_err();
    assert_eq!(refused.rule(), "approver_is_author");
    r.run(person(6, Role::Management), Command::ApprovePlan);
    complete(&mut r, owner(), 1);
    r.run(qa(), Command::VerifyImplementation);
    r.now = r.capa.effectiveness_due().unwrap();
    let check = Command::CheckEffectiveness {
        effective: true,
        evidence: "ok".into(),
    };
    assert_eq!(
        r.try_run(author_po, &check).unwrap_err().rule(),
        "checker_is_author"
    );
    r.run(qa(), check);
    assert_eq!(
        r.try_run(author_po, &Command::Close).unwrap_err().rule(),
        "closer_is_author"
    );
    assert_eq!(
        r.try_run(approver(), &Command::Close).unwrap_err().rule(),
        "closer_is_author"
    );
    r.run(person(6, Role::Management), Command::Close);
}

#[test]
fn who_completed_an_action_neither_verifies_nor_checks_it() {
    let mut r = Record::at(Status::Implementing);
    complete(&mut r, qa(), 1);
    let refused = r.try_run(qa(), &Command::VerifyImplementation).unwrap_err();
    assert_eq!(refused.rule(), "verifier_completed_action");
    assert_eq!(
        refused.to_string(),
        format!(
            "{} completed action 1 and cannot verify the implementation",
            qa().id
        )
    );
    r.run(person(5, Role::QaSpecialist), Command::VerifyImplementation);
    r.now = r.capa.effectiveness_due().unwrap();
    let check = Command::CheckEffectiveness {
        effective: true,
        evidence: "ok".into(),
    };
    assert_eq!(
        r.try_run(qa(), &check).unwrap_err().rule(),
        "checker_completed_action"
    );
}

#[test]
fn a_risk_assessment_that_changes_nothing_is_refused() {
    let mut r = Record::at(Status::Implementing);
    let same = *r.capa.risk().unwrap();
    let refused = r
        .try_run(author(), &Command::AssessRisk { risk: same })
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "invalid `assess_risk`: risk: changes nothing"
    );
    assert!(r.capa.plan_approval_is_current());
}
