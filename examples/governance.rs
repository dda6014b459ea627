//! The SOPs as controlled documents, the people trained on them, and the
//! monthly review meeting: the governance loop of the quality SOP, end to end.
//!
//! Run it with `cargo run --example governance`.
//!
//! It shows a policy that lets only a QA specialist trained on the complaint
//! SOP's current revision review resolutions: a new revision takes effect, the
//! old training lapses after its grace days, `training_due` lists the
//! retraining, and the gate refuses until it is done. Then a review meeting is
//! scheduled by the recurrence, held, and closed once its action items are
//! owned and settled; its plan is superseded by the next meeting's, which
//! starts the plan's retention.
#![allow(clippy::print_stdout)]

use std::error::Error;

use casework::governance::document::{self, Document, Sections};
use casework::governance::meeting::{self, Agenda, ReviewMeeting};
use casework::governance::{
    Assessment, AssessmentResult, CompetencyGate, RetentionClass, Subject, TrainingFile,
    TrainingRecord, TrainingRequirement, training_due,
};
use casework::kpi::KpiReport;
use casework::{
    Actor, ActorId, Aggregate, CaseCommandKind, Ctx, DocumentId, MeetingId, PolicySpec, Role,
};
use chrono::{TimeDelta, TimeZone, Utc};
use uuid::Uuid;

fn main() -> Result<(), Box<dyn Error>> {
    let person = |n, role| Actor::new(ActorId::from_uuid(Uuid::from_u128(n)), [role]);
    let (owner, head, qa) = (
        person(1, Role::ProcessOwner),
        person(2, Role::Management),
        person(3, Role::QaSpecialist),
    );
    let sop_id = DocumentId::from_uuid(Uuid::from_u128(10));

    // The policy: QA reviews need training on the complaint SOP in effect.
    let mut spec = PolicySpec::sop_default();
    spec.governance.training.push(TrainingRequirement {
        name: "complaint_sop".into(),
        role: Role::QaSpecialist,
        subject: Subject::Document { document: sop_id },
        assessment: Assessment::Quiz { pass_score: 80 },
        renewal_months: 12,
        grace_days: 30,
    });
    spec.governance.competency_gates.push(CompetencyGate {
        command: CaseCommandKind::ReviewResolution.into(),
        requirement: "complaint_sop".into(),
    });
    let policy = spec.compile()?;

    // Revision 1 of the complaint SOP, effective from 1 December 2026.
    let mut now = Utc
        .with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
        .single()
        .ok_or("date")?;
    let mut sop = Document::default();
    let sections = |procedure: &str| Sections {
        purpose: "Handle complaints consistently".into(),
        scope: "Every channel".into(),
        definitions: "Complaint: an expression of dissatisfaction".into(),
        responsibilities: "CSR logs; manager escalates; QA reviews".into(),
        procedure: procedure.into(),
        records: "Case file, feedback log".into(),
        references: "ISO 10002".into(),
    };
    let publish = |sop: &mut Document, now, from, text: &str| -> Result<(), Box<dyn Error>> {
        let ctx = |actor| Ctx::new(now, actor, &policy);
        sop.record(
            &document::Command::DraftRevision {
                description: text.into(),
                sections: sections(text),
            },
            &ctx(owner),
        )?;
        sop.record(&document::Command::SubmitRevision, &ctx(owner))?;
        sop.record(&document::Command::ApproveRevision, &ctx(head))?;
        sop.record(&document::Command::MakeEffective { from }, &ctx(head))?;
        Ok(())
    };
    sop.record(
        &document::Command::Create {
            document: sop_id,
            title: "Complaint handling".into(),
        },
        &Ctx::new(now, owner, &policy),
    )?;
    let first = Utc
        .with_ymd_and_hms(2026, 12, 1, 0, 0, 0)
        .single()
        .ok_or("date")?;
    publish(&mut sop, now, first, "Acknowledge within 24 hours")?;

    // The QA specialist passes the quiz on revision 1.
    let mut file = TrainingFile::new();
    file.add_document(sop.clone());
    file.add_record(TrainingRecord {
        person: qa.id,
        requirement: "complaint_sop".into(),
        completed_at: first + TimeDelta::days(2),
        revision: Some(1),
        result: AssessmentResult::Score { percent: 92 },
    });
    now = first + TimeDelta::days(10);
    let gate = |now, file: &TrainingFile| {
        Ctx::new(now, qa, &policy)
            .with_training(file)
            .competence(CaseCommandKind::ReviewResolution)
    };
    println!("{now}: QA review allowed: {:?}", gate(now, &file).is_ok());

    // Revision 2 takes effect on 1 February; training on revision 1 counts
    // for 30 days more.
    let second = Utc
        .with_ymd_and_hms(2027, 2, 1, 0, 0, 0)
        .single()
        .ok_or("date")?;
    publish(&mut sop, now, second, "Acknowledge within 4 business hours")?;
    file.add_document(sop.clone());
    for line in sop.history() {
        println!(
            "history: revision {} from {}: {}",
            line.revision, line.date, line.description
        );
    }
    for due in training_due(&[qa], &policy, &file, second, TimeDelta::days(45)) {
        println!(
            "retraining due: {} on {}: {:?}",
            due.person, due.requirement, due.until
        );
    }
    let lapsed = second + TimeDelta::days(30);
    match gate(lapsed, &file) {
        Ok(()) => return Err("the gate let lapsed training through".into()),
        Err(refused) => println!("{lapsed}: refused: {refused}"),
    }
    file.add_record(TrainingRecord {
        person: qa.id,
        requirement: "complaint_sop".into(),
        completed_at: lapsed + TimeDelta::days(1),
        revision: Some(2),
        result: AssessmentResult::Score { percent: 88 },
    });
    println!(
        "after retraining: QA review allowed: {:?}",
        gate(lapsed + TimeDelta::days(2), &file).is_ok()
    );

    // The monthly review meeting, scheduled by the recurrence.
    let at = policy
        .governance()
        .review_meetings
        .next_meeting(lapsed, policy.calendar())?;
    let ctx = |actor, now| Ctx::new(now, actor, &policy);
    let mut review = ReviewMeeting::default();
    let agenda = Agenda::new()
        .with_performance(at - TimeDelta::days(31), at, &KpiReport::default())
        .with_topic("Training on revision 2 of the complaint SOP");
    review.record(
        &meeting::Command::Schedule {
            meeting: MeetingId::from_uuid(Uuid::from_u128(20)),
            title: "Monthly quality review".into(),
            at,
            agenda,
        },
        &ctx(owner, lapsed),
    )?;
    println!("meeting scheduled for {at}");
    review.record(
        &meeting::Command::RecordMinutes {
            attendees: vec![owner.id, head.id, qa.id],
            minutes: "Retraining completed late; reminders needed.".into(),
            decisions: vec!["Send reminders 45 days before training lapses".into()],
        },
        &ctx(owner, at),
    )?;
    let due = at + TimeDelta::days(14);
    review.record(
        &meeting::Command::AddActionItem {
            description: "Schedule training_due reminders".into(),
            owner: None,
            due,
        },
        &ctx(owner, at),
    )?;
    let close = meeting::Command::Close {
        outcome: "Reminders in place".into(),
    };
    if let Err(refused) = review.record(&close, &ctx(owner, at)) {
        println!("close refused: {refused}");
    }
    review.record(
        &meeting::Command::AssignActionItem {
            item: 1,
            owner: qa.id,
            due,
        },
        &ctx(owner, at),
    )?;
    review.record(
        &meeting::Command::CompleteActionItem {
            item: 1,
            evidence: "Weekly job lists training due in 45 days".into(),
        },
        &ctx(owner, due),
    )?;
    review.record(&close, &ctx(owner, due))?;
    let next = policy
        .governance()
        .review_meetings
        .next_meeting(at, policy.calendar())?;
    review.record(
        &meeting::Command::SupersedePlan {
            by: MeetingId::from_uuid(Uuid::from_u128(21)),
        },
        &ctx(owner, next),
    )?;
    let plan = RetentionClass::sop_defaults()
        .into_iter()
        .find(|c| c.name == "improvement_action_plan")
        .ok_or("no plan class")?;
    let dates = review.record_dates().ok_or("not scheduled")?;
    println!(
        "meeting {:?}; its plan may be disposed of from {:?}",
        review.status(),
        plan.disposal_date(&dates)
    );
    Ok(())
}
