//! Competency gates: a gated command needs a training file in the context and
//! current training, through every aggregate's `decide`; the policy checks its
//! requirements and gates; and `training_due` lists the retraining deadlines.

use casework::case::{CaseError, CaseKind, Command as CaseCommand, Resolution};
use casework::governance::{
    Assessment, AssessmentResult, CompetencyGap, CompetencyGate, NotCompetent, Subject,
    TrainingFile, TrainingRecord, TrainingRequirement, is_competent, training_due,
};
use casework::{
    Actor, ActorId, CaseCommandKind, Channel, Ctx, DocumentCommandKind, DocumentId, Policy,
    PolicySpec, Role, Severity,
};
use chrono::{DateTime, Months, TimeDelta, Utc};
use proptest::prelude::*;
use uuid::Uuid;

use super::Binder;
use crate::case::fixtures::{Desk, csr, log, monday, qa};

fn complaint_sop() -> TrainingRequirement {
    TrainingRequirement {
        name: "complaint_sop".into(),
        role: Role::QaSpecialist,
        subject: Subject::Document {
            document: DocumentId::from_uuid(Uuid::from_u128(9)),
        },
        assessment: Assessment::Quiz { pass_score: 80 },
        renewal_months: 12,
        grace_days: 30,
    }
}

/// The SOP policy, with QA reviews gated on training on the complaint SOP.
fn gated() -> Policy {
    let mut spec = PolicySpec::sop_default();
    spec.governance.training.push(complaint_sop());
    spec.governance.competency_gates.push(CompetencyGate {
        command: CaseCommandKind::ReviewResolution.into(),
        requirement: "complaint_sop".into(),
    });
    spec.compile().unwrap()
}

fn quiz(person: ActorId, at: DateTime<Utc>, revision: u32, percent: u8) -> TrainingRecord {
    TrainingRecord {
        person,
        requirement: "complaint_sop".into(),
        completed_at: at,
        revision: Some(revision),
        result: AssessmentResult::Score { percent },
    }
}

fn review() -> CaseCommand {
    CaseCommand::ReviewResolution {
        approved: true,
        comments: String::new(),
    }
}

fn gap(refused: CaseError) -> CompetencyGap {
    match refused {
        CaseError::Gate(casework::authority::GateError::NotCompetent(NotCompetent {
            requirement,
            command,
            gap,
            ..
        })) => {
            assert_eq!(requirement, "complaint_sop");
            assert_eq!(command, CaseCommandKind::ReviewResolution);
            gap
        }
        other => panic!("expected not_competent, got {other}"),
    }
}

#[test]
fn only_a_qa_specialist_trained_on_the_current_complaint_sop_reviews_a_resolution() {
    let policy = gated();
    let mut desk = Desk::with_policy(policy.clone());
    desk.ok(csr(), log(CaseKind::Complaint, Severity::Critical));
    desk.ok(
        csr(),
        CaseCommand::Acknowledge {
            channel: Channel::Email,
        },
    );
    desk.ok(csr(), CaseCommand::StartInvestigation);
    desk.ok(
        csr(),
        CaseCommand::Resolve {
            resolution: Some(Resolution::text("Reshipped by courier")),
            root_cause: Some("supplier".into()),
        },
    );
    let case = desk.case.clone();
    let decide = |at: DateTime<Utc>, file: Option<&TrainingFile>| {
        let ctx = Ctx::new(at, qa(), &policy);
        let ctx = match file {
            Some(file) => ctx.with_training(file),
            None => ctx,
        };
        casework::Aggregate::decide(&case, &review(), &ctx)
    };
    let now = desk.now + TimeDelta::minutes(1);

    // No training file in the context: refused, not waved through.
    let refused = decide(now, None).unwrap_err();
    assert_eq!(refused.rule(), "not_competent");
    assert_eq!(gap(refused), CompetencyGap::NoTrainingFile);

    // The SOP's revision 1 is in effect; the QA specialist has not trained on it.
    let mut sop = Binder::issued();
    let mut file = TrainingFile::new();
    file.add_document(sop.document.clone());
    assert_eq!(
        gap(decide(now, Some(&file)).unwrap_err()),
        CompetencyGap::NeverTrained
    );

    // A failed quiz does not count; a passed one does.
    file.add_record(quiz(qa().id, monday(), 1, 60));
    assert_eq!(
        gap(decide(now, Some(&file)).unwrap_err()),
        CompetencyGap::NeverTrained
    );
    file.add_record(quiz(qa().id, monday(), 1, 90));
    assert!(decide(now, Some(&file)).is_ok());

    // Revision 2 takes effect in ten days: training on revision 1 counts for
    // 30 days more, then lapses.
    sop.now = now;
    let effective = now + TimeDelta::days(10);
    sop.publish("Acknowledge within 24 hours", effective);
    file.add_document(sop.document.clone());
    let lapse = effective + TimeDelta::days(30);
    assert!(decide(lapse - TimeDelta::seconds(1), Some(&file)).is_ok());
    assert_eq!(
        gap(decide(lapse, Some(&file)).unwrap_err()),
        CompetencyGap::Lapsed { at: lapse }
    );

    // Training on a revision the document does not have approved counts for
    // nothing; nor does a file that lacks the document.
    let mut forged = TrainingFile::new();
    forged.add_document(sop.document.clone());
    forged.add_record(quiz(qa().id, monday(), 99, 100));
    assert_eq!(
        gap(decide(now, Some(&forged)).unwrap_err()),
        CompetencyGap::NeverTrained
    );
    let mut without = TrainingFile::new();
    without.add_record(quiz(qa().id, monday(), 1, 90));
    assert_eq!(
        gap(decide(now, Some(&without)).unwrap_err()),
        CompetencyGap::DocumentNotInFile {
            document: DocumentId::from_uuid(Uuid::from_u128(9))
        }
    );
    // A document record that names no revision counts for nothing.
    let mut unnamed = TrainingFile::new();
    unnamed.add_document(sop.document.clone());
    unnamed.add_record(TrainingRecord {
        revision: None,
        ..quiz(qa().id, monday(), 1, 90)
    });
    assert_eq!(
        gap(decide(now, Some(&unnamed)).unwrap_err()),
        CompetencyGap::NeverTrained
    );

    // Ungated commands need no training file.
    let ctx = Ctx::new(now, csr(), &policy);
    assert!(ctx.competence(CaseCommandKind::AddNote).is_ok());
}

#[test]
fn gates_apply_to_every_aggregate() {
    use casework::governance::document::{Command, Document};
    let mut spec = PolicySpec::sop_default();
    spec.governance.training.push(TrainingRequirement {
        name: "document_control".into(),
        role: Role::ProcessOwner,
        subject: Subject::Skill {
            name: "document control".into(),
        },
        assessment: Assessment::ObservedPractice,
        renewal_months: 24,
        grace_days: 0,
    });
    spec.governance.competency_gates.push(CompetencyGate {
        command: DocumentCommandKind::CreateDocument.into(),
        requirement: "document_control".into(),
    });
    let policy = spec.compile().unwrap();
    let owner = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::ProcessOwner]);
    let create = Command::Create {
        document: DocumentId::from_uuid(Uuid::from_u128(9)),
        title: "Complaint handling".into(),
    };
    let refused = casework::Aggregate::decide(
        &Document::default(),
        &create,
        &Ctx::new(monday(), owner, &policy),
    )
    .unwrap_err();
    assert_eq!(refused.rule(), "not_competent");
    let mut file = TrainingFile::new();
    file.add_record(TrainingRecord {
        person: owner.id,
        requirement: "document_control".into(),
        completed_at: monday() - TimeDelta::days(1),
        revision: None,
        result: AssessmentResult::Observed { competent: true },
    });
    let ctx = Ctx::new(monday(), owner, &policy).with_training(&file);
    assert!(casework::Aggregate::decide(&Document::default(), &create, &ctx).is_ok());
}

#[test]
fn the_policy_checks_requirements_and_gates() {
    let mut spec = PolicySpec::sop_default();
    let mut bad = complaint_sop();
    bad.renewal_months = 0;
    bad.grace_days = 400;
    bad.assessment = Assessment::Quiz { pass_score: 101 };
    spec.governance.training = vec![
        complaint_sop(),
        bad,
        TrainingRequirement {
            name: " ".into(),
            subject: Subject::Skill {
                name: String::new(),
            },
            ..complaint_sop()
        },
    ];
    spec.governance.competency_gates = vec![
        CompetencyGate {
            command: CaseCommandKind::ReviewResolution.into(),
            requirement: "complaint_sop".into(),
        },
        CompetencyGate {
            command: CaseCommandKind::ReviewResolution.into(),
            requirement: "complaint_sop".into(),
        },
        CompetencyGate {
            command: CaseCommandKind::Close.into(),
            requirement: "closing".into(),
        },
        CompetencyGate {
            command: CaseCommandKind::RecordDeadline.into(),
            requirement: "complaint_sop".into(),
        },
    ];
    let problems = spec.compile().unwrap_err().to_string();
    for path in [
        "governance.training[1].name",
        "governance.training[1].renewal_months",
        "governance.training[1].grace_days",
        "governance.training[1].assessment.pass_score",
        "governance.training[2].name",
        "governance.training[2].subject.name",
        "governance.competency_gates[1]",
        "governance.competency_gates[2].requirement",
        "governance.competency_gates[3].command",
    ] {
        assert!(problems.contains(path), "{path} missing from {problems}");
    }
    assert!(
        !problems.contains("governance.competency_gates[0]"),
        "{problems}"
    );
}

#[test]
fn training_due_lists_the_untrained_then_the_soonest_to_lapse() {
    let skill = TrainingRequirement {
        name: "de_escalation".into(),
        role: Role::CustomerServiceRepresentative,
        subject: Subject::Skill {
            name: "de-escalation".into(),
        },
        assessment: Assessment::Quiz { pass_score: 70 },
        renewal_months: 12,
        grace_days: 0,
    };
    let person = |n| {
        Actor::new(
            ActorId::from_uuid(Uuid::from_u128(n)),
            [Role::CustomerServiceRepresentative],
        )
    };
    let (never, soon, later, fresh) = (person(11), person(12), person(13), person(14));
    let now = monday();
    let trained = |who: Actor, days_ago: i64| TrainingRecord {
        person: who.id,
        requirement: "de_escalation".into(),
        completed_at: now - TimeDelta::days(days_ago),
        revision: None,
        result: AssessmentResult::Score { percent: 90 },
    };
    let mut file = TrainingFile::new();
    file.add_record(trained(soon, 355));
    file.add_record(trained(later, 340));
    file.add_record(trained(fresh, 30));
    let roster = [fresh, later, soon, never, qa()];
    let mut spec = PolicySpec::sop_default();
    spec.governance.training.push(skill);
    let policy = spec.compile().unwrap();
    let due = training_due(&roster, &policy, &file, now, TimeDelta::days(30));
    let people: Vec<ActorId> = due.iter().map(|d| d.person).collect();
    assert_eq!(people, [never.id, soon.id, later.id]);
    assert_eq!(due[0].until, Err(CompetencyGap::NeverTrained));
    let expiry = (now - TimeDelta::days(355))
        .checked_add_months(Months::new(12))
        .unwrap();
    assert_eq!(due[1].until, Ok(expiry));
    // A shorter horizon leaves the later one out.
    let due = training_due(&roster, &policy, &file, now, TimeDelta::days(15));
    assert_eq!(due.len(), 2);
    // Gating a command the QA specialist is granted makes them need the
    // requirement too, whatever its role.
    spec.governance.competency_gates.push(CompetencyGate {
        command: CaseCommandKind::ReviewResolution.into(),
        requirement: "de_escalation".into(),
    });
    let gated = spec.compile().unwrap();
    let due = training_due(&[qa()], &gated, &file, now, TimeDelta::days(15));
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].person, qa().id);
}

proptest! {
    /// The gate lets a QA review through exactly when the quiz passed, was
    /// taken by then on a revision the SOP has, and neither its renewal nor
    /// the grace period after a newer revision took effect has run out; and
    /// `is_competent` says the same.
    #[test]
    fn the_gate_agrees_with_is_competent(
        trained in -400i64..400,
        percent in 0u8..=100,
        revision in 1u32..=3,
        second_in in -50i64..200,
        probe in -100i64..500,
    ) {
        let policy = gated();
        let mut sop = Binder::issued();
        let second = (second_in >= 0).then(|| monday() + TimeDelta::days(1 + second_in));
        if let Some(from) = second {
            sop.now = monday() + TimeDelta::days(1);
            sop.publish("Second issue", from);
        }
        let mut file = TrainingFile::new();
        file.add_document(sop.document.clone());
        let completed = monday() + TimeDelta::days(trained);
        file.add_record(quiz(qa().id, completed, revision, percent));
        let at = monday() + TimeDelta::days(probe);

        let has_revision = revision == 1 || (revision == 2 && second.is_some());
        let renewal = completed.checked_add_months(Months::new(12)).unwrap();
        let end = match (revision, second) {
            (1, Some(from)) => renewal.min(from + TimeDelta::days(30)),
            _ => renewal,
        };
        let expected = percent >= 80 && has_revision && completed <= at && at < end;

        let ctx = Ctx::new(at, qa(), &policy).with_training(&file);
        prop_assert_eq!(ctx.competence(CaseCommandKind::ReviewResolution).is_ok(), expected);
        prop_assert_eq!(
            is_competent(qa().id, &complaint_sop(), file.records_of(qa().id), Some(&sop.document), at),
            expected
        );
    }
}
