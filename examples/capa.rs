//! A complaint leads to a non-conformance, the non-conformance to a CAPA, and the
//! CAPA to closure: the quality loop of the SOPs, end to end, on three event
//! streams kept by the storage port.
//!
//! Run it with `cargo run --example capa`.
//!
//! On the way it shows the rules no permission table can switch off: the plan's
//! author cannot approve it, a plan changed after approval needs approving again
//! (the old signature goes stale), the verifier owns no action, the effectiveness
//! check waits its business days, and the complaint closes only with its quality
//! record linked.
#![allow(clippy::print_stdout)]

use std::error::Error;

use casework::case::{self, Case, CaseKind, Intake, QualityRecord, Resolution};
use casework::priority::{Impact, Urgency};
use casework::quality::capa::{self, ActionKind, ActionNo, Capa, Opening, PlannedAction};
use casework::quality::nonconformance::{
    self, Containment, Disposition, NonConformance, Report, Source,
};
use casework::quality::{
    FishboneCategory, FishboneCause, Rating, RiskAssessment, RootCauseAnalysis,
};
use casework::store::{CaseStore, InMemoryStore, verify_chain};
use casework::{
    Actor, ActorId, Aggregate, CapaId, CaseId, Channel, Ctx, CustomerRef, NonConformanceId, Policy,
    Reference, Role, Severity, StreamId, Version,
};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use uuid::Uuid;

/// Runs `command` as `actor` at `now` against the aggregate stored as `stream`,
/// printing what was recorded, or the refusal.
fn run<A>(
    store: &mut InMemoryStore<A::Event>,
    stream: StreamId,
    command: &A::Command,
    now: DateTime<Utc>,
    actor: Actor,
    policy: &Policy,
) -> Result<(), Box<dyn Error>>
where
    A: Aggregate,
    A::Event: casework::store::Payload + Clone,
    A::Error: Error + 'static,
{
    let ctx = Ctx::new(now, actor, policy);
    match store.execute::<A>(stream, command, &ctx) {
        Ok(recorded) => {
            for r in recorded {
                println!(
                    "  {} v{} {}",
                    r.at.format("%a %d %b %H:%M"),
                    r.version.get(),
                    A::event_name(&r.event)
                );
            }
            Ok(())
        }
        Err(error) => Err(error.to_string().into()),
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let policy = Policy::sop_default()?;
    let person = |n, role| Actor::new(ActorId::from_uuid(Uuid::from_u128(n)), [role]);
    let csr = person(1, Role::CustomerServiceRepresentative);
    let manager = person(2, Role::CustomerServiceManager);
    let depot_lead = person(3, Role::CustomerServiceManager);
    let process_owner = person(4, Role::ProcessOwner);
    let qa = person(5, Role::QaSpecialist);
    let head_of_quality = person(6, Role::Management);
    let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let at = |days: i64, hours: i64| monday + TimeDelta::days(days) + TimeDelta::hours(hours);

    let case_id = CaseId::from_uuid(Uuid::from_u128(0x42));
    let ncr_id = NonConformanceId::from_uuid(Uuid::from_u128(0x4e));
    let capa_id = CapaId::from_uuid(Uuid::from_u128(0xca));
    let mut cases = InMemoryStore::<case::Event>::new();
    let mut ncrs = InMemoryStore::<nonconformance::Event>::new();
    let mut capas = InMemoryStore::<capa::Event>::new();
    let (case_stream, ncr_stream, capa_stream) = (
        StreamId::from(case_id),
        StreamId::from(ncr_id),
        StreamId::from(capa_id),
    );

    println!("1. A customer complains: the third late parcel this month.");
    let complaint = |command: case::Command, now, actor, cases: &mut InMemoryStore<case::Event>| {
        run::<Case>(cases, case_stream, &command, now, actor, &policy)
    };
    complaint(
        case::Command::Log {
            intake: Intake::new(
                case_id,
                Reference::new("CMP", 2026, 42)?,
                CaseKind::Complaint,
                Channel::Email,
                CustomerRef::from_uuid(Uuid::from_u128(7)),
                monday,
            )
            .about("delivery/late", "Third late parcel this month")
            .description("Every order from the north depot arrives two days late.")
            .follow_up_by(Channel::Phone)
            .assessed(Severity::Medium)
            .impact(Impact(2))
            .urgency(Urgency(2)),
            first_contact_resolution: None,
        },
        at(0, 0),
        csr,
        &mut cases,
    )?;
    complaint(
        case::Command::Acknowledge {
            channel: Channel::Email,
        },
        at(0, 1),
        csr,
        &mut cases,
    )?;
    complaint(case::Command::StartInvestigation, at(0, 2), csr, &mut cases)?;

    println!("\n2. The investigation finds a process failure: a non-conformance is reported.");
    let ncr = |command: nonconformance::Command,
               now,
               actor,
               ncrs: &mut InMemoryStore<nonconformance::Event>| {
        run::<NonConformance>(ncrs, ncr_stream, &command, now, actor, &policy)
    };
    ncr(
        nonconformance::Command::Report {
            report: Report::new(
                ncr_id,
                Reference::new("NCR", 2026, 11)?,
                Source::Complaint { case: case_id },
                Severity::Medium,
                at(0, 2),
            )
            .titled("North depot misses the carrier's cut-off")
            .description("Parcels leave a day after picking."),
        },
        at(0, 3),
        manager,
        &mut ncrs,
    )?;
    ncr(
        nonconformance::Command::RecordContainment {
            containment: Containment {
                action: "Afternoon orders moved to the south depot".into(),
                done_by: depot_lead.id,
                done_at: at(0, 4),
            },
        },
        at(0, 5),
        manager,
        &mut ncrs,
    )?;
    ncr(
        nonconformance::Command::StartInvestigation,
        at(1, 0),
        manager,
        &mut ncrs,
    )?;
    ncr(
        nonconformance::Command::RecordRootCause {
            analysis: RootCauseAnalysis {
                whys: vec![
                    "Parcels miss the 15:00 collection".into(),
                    "Picking lists reach the floor at 14:30".into(),
                    "Lists print once, after the nightly batch and the noon import".into(),
                ],
                fishbone: vec![FishboneCause {
                    category: FishboneCategory::Method,
                    cause: "One print run a day".into(),
                }],
                category: "process".into(),
            },
        },
        at(1, 2),
        manager,
        &mut ncrs,
    )?;
    ncr(
        nonconformance::Command::Disposition {
            disposition: Disposition::Rework,
            rationale: "Reship the open orders by express".into(),
        },
        at(1, 3),
        manager,
        &mut ncrs,
    )?;
    ncr(
        nonconformance::Command::RaiseCapa { capa: capa_id },
        at(1, 4),
        manager,
        &mut ncrs,
    )?;
    complaint(
        case::Command::LinkQualityRecord {
            record: QualityRecord::NonConformance(ncr_id),
        },
        at(1, 4),
        csr,
        &mut cases,
    )?;

    println!("\n3. The CAPA: a plan, its approval, and the four-eyes rules.");
    let corrective =
        |capas: &mut InMemoryStore<capa::Event>, command: capa::Command, now, actor| {
            run::<Capa>(capas, capa_stream, &command, now, actor, &policy)
        };
    corrective(
        &mut capas,
        capa::Command::Open {
            opening: Opening {
                capa: capa_id,
                reference: Reference::new("CAPA", 2026, 9)?,
                title: "Print picking lists in time for collection".into(),
                problem: "Picking lists print after the carrier's cut-off".into(),
                sources: vec![
                    capa::Source::NonConformance { id: ncr_id },
                    capa::Source::Case { id: case_id },
                ],
                risk: RiskAssessment {
                    severity: Rating(5),
                    occurrence: Rating(6),
                    detection: Rating(4),
                },
            },
        },
        at(1, 5),
        manager,
    )?;
    corrective(
        &mut capas,
        capa::Command::PlanAction {
            action: PlannedAction {
                kind: ActionKind::Corrective,
                description: "Print picking lists every hour".into(),
                owner: depot_lead.id,
                due: at(14, 0),
            },
        },
        at(2, 0),
        manager,
    )?;
    // An RPN of 120 is at the policy's threshold: the plan needs a preventive action.
    if let Err(refused) = corrective(&mut capas, capa::Command::SubmitPlan, at(2, 1), manager) {
        println!("  {refused}");
    }
    corrective(
        &mut capas,
        capa::Command::PlanAction {
            action: PlannedAction {
                kind: ActionKind::Preventive,
                description: "Alert the depot lead when a print run is late".into(),
                owner: depot_lead.id,
                due: at(21, 0),
            },
        },
        at(2, 2),
        manager,
    )?;
    corrective(&mut capas, capa::Command::SubmitPlan, at(2, 3), manager)?;
    corrective(
        &mut capas,
        capa::Command::ApprovePlan,
        at(2, 5),
        process_owner,
    )?;

    // The second action turns out to need the IT team: cancelling it changes the
    // plan, so the approval no longer signs it.
    corrective(
        &mut capas,
        capa::Command::CancelAction {
            action: ActionNo(2),
            reason: "Replaced by a system-wide alert".into(),
        },
        at(3, 0),
        manager,
    )?;
    corrective(
        &mut capas,
        capa::Command::PlanAction {
            action: PlannedAction {
                kind: ActionKind::Preventive,
                description: "Monitor every scheduled print job in the warehouse system".into(),
                owner: manager.id,
                due: at(21, 0),
            },
        },
        at(3, 1),
        manager,
    )?;
    let capa_now = Capa::replay(&capas.load(capa_stream, Version::ZERO)?)?;
    println!(
        "  plan approval still current? {}",
        capa_now.plan_approval_is_current()
    );
    corrective(&mut capas, capa::Command::SubmitPlan, at(3, 2), manager)?;
    let self_approval = Actor::new(
        manager.id,
        [Role::CustomerServiceManager, Role::ProcessOwner],
    );
    if let Err(refused) = corrective(
        &mut capas,
        capa::Command::ApprovePlan,
        at(3, 3),
        self_approval,
    ) {
        println!("  {refused}");
    }
    corrective(
        &mut capas,
        capa::Command::ApprovePlan,
        at(3, 4),
        process_owner,
    )?;

    println!("\n4. Implementation, verification, and the effectiveness wait.");
    for (no, owner, day) in [(1, depot_lead, 9), (3, manager, 16)] {
        let action = ActionNo(no);
        corrective(
            &mut capas,
            capa::Command::StartAction { action },
            at(day, 0),
            owner,
        )?;
        corrective(
            &mut capas,
            capa::Command::CompleteAction {
                action,
                evidence: format!("Change {no} live, screenshot attached"),
            },
            at(day + 1, 0),
            owner,
        )?;
    }
    let owner_verifies = Actor::new(depot_lead.id, [Role::QaSpecialist]);
    if let Err(refused) = corrective(
        &mut capas,
        capa::Command::VerifyImplementation,
        at(18, 0),
        owner_verifies,
    ) {
        println!("  {refused}");
    }
    corrective(
        &mut capas,
        capa::Command::VerifyImplementation,
        at(18, 1),
        qa,
    )?;
    let capa_now = Capa::replay(&capas.load(capa_stream, Version::ZERO)?)?;
    let due = capa_now
        .effectiveness_due()
        .ok_or("verified without a due date")?;
    println!(
        "  effectiveness check due {due} (30 business days); next deadline {:?}",
        capa_now.next_deadline(&policy)?
    );
    let check = capa::Command::CheckEffectiveness {
        effective: true,
        evidence: "No late parcels from the north depot in six weeks".into(),
    };
    if let Err(refused) = corrective(&mut capas, check.clone(), due - TimeDelta::days(1), qa) {
        println!("  {refused}");
    }
    corrective(&mut capas, check, due, qa)?;
    corrective(
        &mut capas,
        capa::Command::Close,
        due + TimeDelta::hours(2),
        head_of_quality,
    )?;

    println!("\n5. The CAPA's closure closes the non-conformance, and the complaint.");
    let later = due + TimeDelta::hours(3);
    let system = Actor::system(ActorId::from_uuid(Uuid::from_u128(9)));
    ncr(
        nonconformance::Command::RecordCapaClosed { capa: capa_id },
        later,
        system,
        &mut ncrs,
    )?;
    ncr(
        nonconformance::Command::Close {
            reason: "CAPA-2026-000009 closed effective".into(),
        },
        later,
        process_owner,
        &mut ncrs,
    )?;
    complaint(
        case::Command::Resolve {
            resolution: Some(Resolution::text(
                "Parcels reshipped; the depot now prints hourly",
            )),
            root_cause: Some("process".into()),
        },
        later,
        csr,
        &mut cases,
    )?;
    complaint(
        case::Command::RecordFollowUp {
            channel: Channel::Phone,
            other_channel_reason: None,
            rating: Some(4),
            comments: "Deliveries on time since".into(),
            concern_resolved: true,
            answers: Vec::new(),
            last_surveyed_at: None,
            survey_override: None,
        },
        later + TimeDelta::hours(1),
        csr,
        &mut cases,
    )?;
    complaint(
        case::Command::Close,
        later + TimeDelta::hours(2),
        manager,
        &mut cases,
    )?;

    println!("\n6. Three audit trails, each hash-chained.");
    for (name, head) in [
        (
            "complaint",
            verify_chain(case_stream, &cases.load_rows(case_stream, Version::ZERO)?)?,
        ),
        (
            "non-conformance",
            verify_chain(ncr_stream, &ncrs.load_rows(ncr_stream, Version::ZERO)?)?,
        ),
        (
            "CAPA",
            verify_chain(capa_stream, &capas.load_rows(capa_stream, Version::ZERO)?)?,
        ),
    ] {
        println!("  {name:<16} head {}", head.head);
    }
    let capa_final = Capa::replay(&capas.load(capa_stream, Version::ZERO)?)?;
    for signature in [
        capa_final.plan_authored(),
        capa_final.plan_approval(),
        capa_final.verification(),
        capa_final.closure(),
    ]
    .into_iter()
    .flatten()
    {
        println!(
            "  signed {:<8} by {} at {} over {}",
            signature.meaning, signature.signer, signature.at, signature.content
        );
    }
    Ok(())
}
