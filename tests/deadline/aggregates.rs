//! The deadline contract run for each aggregate, on the histories its own
//! property tests generate.

use casework::case::{Case, CaseKind};
use casework::delivery::ServiceOrder;
use casework::feedback::item::FeedbackItem;
use casework::governance::document::{Command as DocumentCommand, Document};
use casework::governance::meeting::{Agenda, Command as MeetingCommand, ReviewMeeting};
use casework::quality::audit::CaseAudit;
use casework::quality::capa::Capa;
use casework::quality::nonconformance::NonConformance;
use casework::strategy::policy_spec;
use casework::{Actor, ActorId, DocumentId, Policy, Role, Severity};
use chrono::TimeDelta;
use proptest::prelude::*;
use uuid::Uuid;

use super::{Step, check_contract, late_points};
use crate::case::fixtures::{csr, log, monday};

/// The caller's scheduler: granted every command.
fn scheduler() -> Actor {
    Actor::new(ActorId::from_uuid(Uuid::from_u128(0x5c4e)), Role::SOP)
}

fn minutes<C>(steps: Vec<(Actor, C, i64)>) -> Vec<Step<C>> {
    steps
        .into_iter()
        .map(|(actor, command, m)| (actor, command, TimeDelta::minutes(m.max(0))))
        .collect()
}

fn days<C>(steps: Vec<(Actor, C, i64)>) -> Vec<Step<C>> {
    steps
        .into_iter()
        .map(|(actor, command, d)| (actor, command, TimeDelta::days(d.max(0))))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_case_keeps_the_deadline_contract(
        spec in policy_spec(),
        severity in prop_oneof![Just(Severity::Low), Just(Severity::High), Just(Severity::Critical)],
        steps in crate::case::properties::steps(60),
        late in late_points(),
    ) {
        let policy = spec.compile().unwrap();
        let mut steps = minutes(steps);
        steps.insert(0, (csr(), log(CaseKind::Complaint, severity), TimeDelta::zero()));
        check_contract::<Case>(&policy, scheduler(), monday(), &steps, &late)?;
    }

    #[test]
    fn a_case_on_the_sop_policy_keeps_the_deadline_contract(
        steps in crate::case::properties::steps(60),
        late in late_points(),
    ) {
        let policy = Policy::sop_default().unwrap();
        let mut steps = minutes(steps);
        steps.insert(0, (csr(), log(CaseKind::Complaint, Severity::High), TimeDelta::zero()));
        check_contract::<Case>(&policy, scheduler(), monday(), &steps, &late)?;
    }

    #[test]
    fn a_capa_keeps_the_deadline_contract(
        steps in crate::quality::capa::properties::steps(),
        late in late_points(),
    ) {
        let policy = Policy::sop_default().unwrap();
        check_contract::<Capa>(&policy, scheduler(), monday(), &minutes(steps), &late)?;
    }

    #[test]
    fn a_document_keeps_the_deadline_contract(
        steps in proptest::collection::vec(
            (prop_oneof![Just(crate::governance::owner()), Just(crate::governance::head())],
             crate::governance::command(),
             prop_oneof![4 => 0i64..20, 1 => 200i64..400]),
            1..60),
        late in late_points(),
    ) {
        let create = DocumentCommand::Create { document: DocumentId::from_uuid(Uuid::from_u128(9)), title: "SOP".into() };
        let mut steps = days(steps);
        // Effective dates count from the step's time, so that revisions do take effect.
        let mut at = monday();
        for (_, command, after) in &mut steps {
            at += *after;
            if let DocumentCommand::MakeEffective { from } = command {
                *from = at + (*from - monday());
            }
        }
        steps.insert(0, (crate::governance::owner(), create, TimeDelta::zero()));
        check_contract::<Document>(crate::governance::policy(), scheduler(), monday(), &steps, &late)?;
    }

    #[test]
    fn a_review_meeting_keeps_the_deadline_contract(
        steps in proptest::collection::vec(
            (prop_oneof![Just(crate::governance::meeting::owner()), Just(crate::governance::meeting::manager()), Just(crate::governance::meeting::csr())],
             crate::governance::meeting::command(),
             0i64..3),
            1..60),
        late in late_points(),
    ) {
        use crate::governance::meeting::{held_at, meeting_id, owner};
        let schedule = MeetingCommand::Schedule {
            meeting: meeting_id(1),
            title: "Monthly quality review".into(),
            at: held_at(),
            agenda: Agenda::new().with_topic("CSAT in billing"),
        };
        let mut steps = days(steps);
        steps.insert(0, (owner(), schedule, TimeDelta::zero()));
        check_contract::<ReviewMeeting>(crate::governance::policy(), scheduler(), monday(), &steps, &late)?;
    }

    #[test]
    fn a_feedback_item_keeps_the_deadline_contract(
        steps in crate::feedback::item::properties::steps(),
        late in late_points(),
    ) {
        let policy = crate::feedback::item::policy();
        check_contract::<FeedbackItem>(policy, scheduler(), monday(), &minutes(steps), &late)?;
    }

    #[test]
    fn an_audit_keeps_the_deadline_contract(
        steps in crate::quality::audit::properties::steps(),
        late in late_points(),
    ) {
        let policy = crate::quality::audit::policy();
        check_contract::<CaseAudit>(policy, scheduler(), monday(), &minutes(steps), &late)?;
    }

    #[test]
    fn a_non_conformance_keeps_the_deadline_contract(
        policy in crate::quality::nonconformance::deadlines::policies(),
        steps in crate::quality::nonconformance::deadlines::deadline_steps(),
        late in late_points(),
    ) {
        check_contract::<NonConformance>(&policy, scheduler(), monday(), &minutes(steps), &late)?;
    }

    #[test]
    fn a_service_order_keeps_the_deadline_contract(
        policy in crate::delivery::deadlines::contract::policies(),
        steps in crate::delivery::deadlines::contract::steps(),
        late in late_points(),
    ) {
        check_contract::<ServiceOrder>(&policy, scheduler(), monday(), &minutes(steps), &late)?;
    }
}
