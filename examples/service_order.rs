//! A service order from opening to sign-off: the SOP checklist, an inspection
//! that fails and gets a concession, approval stages with a rejection, the
//! signed completion, and the follow-up it schedules on the service request.
//!
//! Run it with `cargo run --example service_order`.
#![allow(clippy::print_stdout)]

use std::error::Error;

use casework::case::{self, Case, CaseKind, Intake};
use casework::delivery::{
    Command, Criterion, CustomerAcknowledgement, InspectionNo, InspectionPlan, Order, Reading,
    ServiceOrder,
};

use casework::{
    Actor, ActorId, Aggregate, CaseId, Channel, Ctx, CustomerRef, NonConformanceId, Policy,
    Reference, Role, ServiceOrderId,
};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use uuid::Uuid;

fn main() -> Result<(), Box<dyn Error>> {
    let policy = Policy::sop_default()?;
    let person = |n, role| Actor::new(ActorId::from_uuid(Uuid::from_u128(n)), [role]);
    let (csr, manager) = (
        person(1, Role::CustomerServiceRepresentative),
        person(2, Role::CustomerServiceManager),
    );
    let (inspector, reviewer) = (person(3, Role::QaSpecialist), person(5, Role::QaSpecialist));
    let owner = person(4, Role::ProcessOwner);
    let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let mut now = monday;
    let mut next = |minutes| {
        now += TimeDelta::minutes(minutes);
        now
    };

    // The service request the order delivers.
    let case_id = CaseId::from_uuid(Uuid::from_u128(0x42));
    let mut request = Case::default();
    request.record(
        &case::Command::Log {
            intake: Intake::new(
                case_id,
                Reference::new("SR", 2026, 42)?,
                CaseKind::ServiceRequest,
                Channel::Phone,
                CustomerRef::from_uuid(Uuid::from_u128(7)),
                monday,
            )
            .about("service", "Annual boiler service")
            .description("Service due in November.")
            .follow_up_by(Channel::Email),
            first_contact_resolution: None,
        },
        &Ctx::new(monday, csr, &policy),
    )?;

    let mut order = ServiceOrder::default();
    let run =
        |order: &mut ServiceOrder, actor: Actor, command: Command, at: DateTime<Utc>| match order
            .record(&command, &Ctx::new(at, actor, &policy))
        {
            Ok(events) => {
                for e in events {
                    println!(
                        "  v{:<2} {:<12} {}",
                        e.version.get(),
                        e.at.format("%a %H:%M"),
                        e.event.name()
                    );
                }
            }
            Err(refused) => println!(
                "  refused `{}` ({}): {refused}",
                command.kind(),
                refused.rule()
            ),
        };
    println!("1. Open the order with the SOP checklist, and do the work.");
    let open = Command::Open {
        order: Order::new(
            ServiceOrderId::from_uuid(Uuid::from_u128(0x50)),
            Reference::new("SO", 2026, 120)?,
            CustomerRef::from_uuid(Uuid::from_u128(7)),
            "Annual boiler service",
        )
        .for_case(case_id),
    };
    run(&mut order, manager, open, next(0));
    for (item, evidence) in [
        ("engagement.requirements", Some("Work order WO-881")),
        ("planning.plan", None),
        ("resources.allocated", None),
        ("execution.delivered", None),
        ("execution.delivered", Some("Service report SR-120")),
        ("execution.monitored", None),
    ] {
        let tick = Command::TickItem {
            item: item.into(),
            evidence: evidence.map(Into::into),
        };
        run(&mut order, csr, tick, next(30));
    }
    run(
        &mut order,
        csr,
        Command::TickItem {
            item: "quality.checked".into(),
            evidence: Some("QC photo".into()),
        },
        next(5),
    );
    run(
        &mut order,
        inspector,
        Command::TickItem {
            item: "quality.checked".into(),
            evidence: Some("QC photo".into()),
        },
        next(5),
    );

    println!("\n2. Inspect: the flue reading fails; a concession by someone else.");
    let plan = InspectionPlan {
        name: "final inspection".into(),
        criteria: vec![
            Criterion::PassFail {
                name: "no leaks".into(),
            },
            Criterion::Measured {
                name: "flue CO".into(),
                unit: "ppm".into(),
                min: 0,
                max: 100,
            },
        ],
        sample_size: 1,
    };
    run(
        &mut order,
        manager,
        Command::PlanInspection { plan },
        next(10),
    );
    let readings = vec![Reading::Pass(true), Reading::Value(112)];
    run(
        &mut order,
        inspector,
        Command::RecordInspection {
            inspection: InspectionNo(1),
            readings,
            defects: Vec::new(),
        },
        next(20),
    );
    let result = order
        .inspection(InspectionNo(1))
        .and_then(|i| i.result.as_ref())
        .ok_or("not recorded")?;
    println!(
        "  outcome: passed {}, failed {:?}",
        result.outcome.passed, result.outcome.failed
    );
    let ncr = NonConformanceId::from_uuid(Uuid::from_u128(0x4e));
    run(
        &mut order,
        manager,
        Command::LinkNonConformance {
            inspection: InspectionNo(1),
            non_conformance: ncr,
        },
        next(5),
    );
    run(
        &mut order,
        owner,
        Command::ApproveConcession {
            inspection: InspectionNo(1),
            reason: "Within the manufacturer's tolerance after re-test".into(),
        },
        next(30),
    );

    println!("\n3. Approval stages, in order; a rejection sends the work back.");
    run(
        &mut order,
        owner,
        Command::ApproveStage {
            stage: "process_owner".into(),
        },
        next(5),
    );
    run(
        &mut order,
        inspector,
        Command::ApproveStage {
            stage: "quality".into(),
        },
        next(5),
    );
    run(
        &mut order,
        reviewer,
        Command::ApproveStage {
            stage: "quality".into(),
        },
        next(5),
    );
    run(
        &mut order,
        owner,
        Command::RejectStage {
            stage: "process_owner".into(),
            reason: "Attach the re-test sheet".into(),
        },
        next(5),
    );
    run(
        &mut order,
        reviewer,
        Command::ApproveStage {
            stage: "quality".into(),
        },
        next(5),
    );
    run(
        &mut order,
        csr,
        Command::TickItem {
            item: "evaluation.review".into(),
            evidence: Some("Re-test sheet RT-3".into()),
        },
        next(30),
    );
    run(
        &mut order,
        reviewer,
        Command::ApproveStage {
            stage: "quality".into(),
        },
        next(60),
    );
    run(
        &mut order,
        owner,
        Command::ApproveStage {
            stage: "process_owner".into(),
        },
        next(5),
    );

    println!("\n4. Sign-off: signed as completed, with the customer's acknowledgement.");
    run(
        &mut order,
        manager,
        Command::SignOff {
            acknowledgement: None,
        },
        next(5),
    );
    let at = next(5);
    let ack = CustomerAcknowledgement {
        by: "J. Doe, homeowner".into(),
        at,
    };
    run(
        &mut order,
        manager,
        Command::SignOff {
            acknowledgement: Some(ack),
        },
        at,
    );
    let (signature, _) = order.sign_off().ok_or("not signed off")?;
    println!(
        "  signed {} by {} over {}",
        signature.meaning, signature.signer, signature.content
    );

    println!("\n5. The service request's follow-up clock starts.");
    let system = Actor::system(ActorId::from_uuid(Uuid::from_u128(9)));
    let order_id = order.id().ok_or("no id")?;
    request.record(
        &case::Command::RecordServiceDelivered { order: order_id },
        &Ctx::new(at, system, &policy),
    )?;
    let clocks = request.sla_status(&policy, at)?;
    if let Some(follow_up) = clocks.iter().find(|c| c.metric == "follow_up") {
        println!(
            "  follow-up {:?}, due {:?} (the order says {:?})",
            follow_up.state,
            follow_up.due_at,
            order.follow_up_due()
        );
    }
    Ok(())
}
