//! The desk the SOP walks share: the SOP-default policy, one in-memory store
//! per kind of record (cases, service orders, non-conformances, CAPAs), the
//! people of the SOPs, and the caller's scheduler as one `run_due` call per
//! stream.

use casework::case::{Case, CaseKind, Intake};
use casework::delivery::{
    Command as OrderCommand, Criterion, InspectionNo, InspectionPlan, Order, Reading, ServiceOrder,
};

use casework::quality::capa::Capa;
use casework::quality::nonconformance::NonConformance;
use casework::store::{CaseStore, ExecuteError, InMemoryStore};
use casework::{
    Actor, ActorId, Aggregate, CapaId, CaseId, Channel, Ctx, CustomerRef, NonConformanceId, Policy,
    Recorded, Reference, Role, ServiceOrderId, StreamId, Version,
};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use uuid::Uuid;

pub fn person(n: u128, role: Role) -> Actor {
    Actor::new(ActorId::from_uuid(Uuid::from_u128(n)), [role])
}

/// Logs, acknowledges, investigates, resolves, follows up; ticks delivery
/// items.
pub fn csr() -> Actor {
    person(1, Role::CustomerServiceRepresentative)
}

/// Handles escalations, closes cases; opens, plans and signs off service
/// orders.
pub fn manager() -> Actor {
    person(2, Role::CustomerServiceManager)
}

/// Inspects the service, reviews resolutions, verifies CAPAs.
pub fn qa() -> Actor {
    person(3, Role::QaSpecialist)
}

/// Approves the delivery's quality stage: a QA specialist who did not inspect.
pub fn qa_reviewer() -> Actor {
    person(5, Role::QaSpecialist)
}

/// Approves stages, concessions, dispositions, CAPA plans; closes CAPAs.
pub fn owner() -> Actor {
    person(4, Role::ProcessOwner)
}

/// The caller's scheduler and process manager.
pub fn system() -> Actor {
    person(9, Role::System)
}

/// Monday 23 November 2026, 09:00 UTC, plus `hours`.
pub fn at(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap() + TimeDelta::hours(hours)
}

pub fn case_id(n: u128) -> CaseId {
    CaseId::from_uuid(Uuid::from_u128(n))
}

pub fn order_id(n: u128) -> ServiceOrderId {
    ServiceOrderId::from_uuid(Uuid::from_u128(0x5000 + n))
}

pub fn ncr_id(n: u128) -> NonConformanceId {
    NonConformanceId::from_uuid(Uuid::from_u128(0x9C00 + n))
}

pub fn capa_id(n: u128) -> CapaId {
    CapaId::from_uuid(Uuid::from_u128(0xCA00 + n))
}

/// A case of `kind` received by email at `received`, to be followed up by
/// phone: impact and urgency 3 (P5), no severity facts.
pub fn intake(n: u128, kind: CaseKind, received: DateTime<Utc>) -> Intake {
    let prefix = match kind {
        CaseKind::Complaint => "CMP",
        CaseKind::ServiceRequest => "SR",
        _ => "INQ",
    };
    Intake::new(
        case_id(n),
        Reference::new(prefix, 2026, u64::try_from(n).unwrap()).unwrap(),
        kind,
        Channel::Email,
        CustomerRef::from_uuid(Uuid::from_u128(7)),
        received,
    )
    .about("delivery/late", "Parcel two weeks late")
    .description("Ordered on the 2nd, still not here.")
    .follow_up_by(Channel::Phone)
}

/// A service order for the customer of [`intake`], delivering `case`.
pub fn open_order(n: u128, case: Option<CaseId>) -> OrderCommand {
    let mut order = Order::new(
        order_id(n),
        Reference::new("SO", 2026, u64::try_from(n).unwrap()).unwrap(),
        CustomerRef::from_uuid(Uuid::from_u128(7)),
        "Annual boiler service",
    );
    order.case = case;
    OrderCommand::Open { order }
}

/// The final inspection: no leaks, flue CO within 0 to 100 ppm, no loose
/// fittings.
pub fn inspection_plan() -> InspectionPlan {
    InspectionPlan {
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
            Criterion::DefectCount {
                name: "loose fittings".into(),
                max: 0,
            },
        ],
        sample_size: 1,
    }
}

/// Inspection `no` recorded with a flue CO reading of `co` ppm.
pub fn inspect(no: u32, co: i64) -> OrderCommand {
    OrderCommand::RecordInspection {
        inspection: InspectionNo(no),
        readings: vec![Reading::Pass(true), Reading::Value(co), Reading::Defects(0)],
        defects: Vec::new(),
    }
}

pub fn tick(item: &str, evidence: Option<&str>) -> OrderCommand {
    OrderCommand::TickItem {
        item: item.into(),
        evidence: evidence.map(Into::into),
    }
}

pub fn approve(stage: &str) -> OrderCommand {
    OrderCommand::ApproveStage {
        stage: stage.into(),
    }
}

/// The delivery items of the SOP checklist a CSR ticks, with their evidence.
pub const DELIVERY_ITEMS: [(&str, Option<&str>); 5] = [
    ("engagement.requirements", Some("Work order WO-881")),
    ("planning.plan", None),
    ("resources.allocated", None),
    ("execution.delivered", Some("Service report SR-120")),
    ("execution.monitored", None),
];

/// One desk: the policy and the stores.
pub struct Desk {
    pub policy: Policy,
    pub cases: InMemoryStore<casework::case::Event>,
    pub orders: InMemoryStore<casework::delivery::Event>,
    pub ncrs: InMemoryStore<casework::quality::nonconformance::Event>,
    pub capas: InMemoryStore<casework::quality::capa::Event>,
}

/// Runs `command` on `stream` through the store: the events recorded, or the
/// aggregate's refusal. Anything else fails the test.
fn execute<A>(
    store: &mut InMemoryStore<A::Event>,
    stream: StreamId,
    command: &A::Command,
    ctx: &Ctx<'_>,
) -> Result<Vec<A::Event>, A::Error>
where
    A: Aggregate,
    A::Event: Clone + casework::store::Payload,
    A::Error: core::fmt::Debug,
{
    match store.execute::<A>(stream, command, ctx) {
        Ok(recorded) => Ok(recorded.into_iter().map(|r| r.event).collect()),
        Err(ExecuteError::Refused(refused)) => Err(refused),
        Err(other) => panic!("{other:?}"),
    }
}

/// The caller's scheduler, once, at `now`, on `stream`.
fn due<A>(store: &mut InMemoryStore<A::Event>, stream: StreamId, ctx: &Ctx<'_>) -> Vec<A::Event>
where
    A: Aggregate,
    A::Event: Clone + casework::store::Payload,
    A::Error: core::fmt::Debug,
{
    store
        .run_due::<A>(stream, ctx)
        .unwrap()
        .into_iter()
        .map(|r| r.event)
        .collect()
}

fn replay<A: Aggregate>(store: &mut InMemoryStore<A::Event>, stream: StreamId) -> A
where
    A::Event: Clone + casework::store::Payload,
{
    A::replay(&store.load(stream, Version::ZERO).unwrap()).unwrap()
}

impl Desk {
    pub fn new() -> Self {
        Desk {
            policy: Policy::sop_default().unwrap(),
            cases: InMemoryStore::new(),
            orders: InMemoryStore::new(),
            ncrs: InMemoryStore::new(),
            capas: InMemoryStore::new(),
        }
    }

    pub fn case(
        &mut self,
        n: u128,
        actor: Actor,
        command: &casework::case::Command,
        now: DateTime<Utc>,
    ) -> Result<Vec<casework::case::Event>, casework::CaseError> {
        let ctx = Ctx::new(now, actor, &self.policy);
        execute::<Case>(&mut self.cases, case_id(n).into(), command, &ctx)
    }

    pub fn case_ok(
        &mut self,
        n: u128,
        actor: Actor,
        command: casework::case::Command,
        now: DateTime<Utc>,
    ) -> Vec<casework::case::Event> {
        self.case(n, actor, &command, now)
            .unwrap_or_else(|e| panic!("{:?} refused: {e}", command.kind()))
    }

    pub fn case_due(&mut self, n: u128, now: DateTime<Utc>) -> Vec<casework::case::Event> {
        let ctx = Ctx::new(now, system(), &self.policy);
        due::<Case>(&mut self.cases, case_id(n).into(), &ctx)
    }

    pub fn case_state(&mut self, n: u128) -> Case {
        replay(&mut self.cases, case_id(n).into())
    }

    pub fn case_history(&mut self, n: u128) -> Vec<Recorded<casework::case::Event>> {
        self.cases.load(case_id(n).into(), Version::ZERO).unwrap()
    }

    pub fn order(
        &mut self,
        n: u128,
        actor: Actor,
        command: &casework::delivery::Command,
        now: DateTime<Utc>,
    ) -> Result<Vec<casework::delivery::Event>, casework::delivery::DeliveryError> {
        let ctx = Ctx::new(now, actor, &self.policy);
        execute::<ServiceOrder>(&mut self.orders, order_id(n).into(), command, &ctx)
    }

    pub fn order_ok(
        &mut self,
        n: u128,
        actor: Actor,
        command: casework::delivery::Command,
        now: DateTime<Utc>,
    ) -> Vec<casework::delivery::Event> {
        self.order(n, actor, &command, now)
            .unwrap_or_else(|e| panic!("{:?} refused: {e}", command.kind()))
    }

    pub fn order_due(&mut self, n: u128, now: DateTime<Utc>) -> Vec<casework::delivery::Event> {
        let ctx = Ctx::new(now, system(), &self.policy);
        due::<ServiceOrder>(&mut self.orders, order_id(n).into(), &ctx)
    }

    pub fn order_state(&mut self, n: u128) -> ServiceOrder {
        replay(&mut self.orders, order_id(n).into())
    }

    pub fn ncr(
        &mut self,
        n: u128,
        actor: Actor,
        command: &casework::quality::nonconformance::Command,
        now: DateTime<Utc>,
    ) -> Result<
        Vec<casework::quality::nonconformance::Event>,
        casework::quality::nonconformance::NonConformanceError,
    > {
        let ctx = Ctx::new(now, actor, &self.policy);
        execute::<NonConformance>(&mut self.ncrs, ncr_id(n).into(), command, &ctx)
    }

    pub fn ncr_ok(
        &mut self,
        n: u128,
        actor: Actor,
        command: casework::quality::nonconformance::Command,
        now: DateTime<Utc>,
    ) -> Vec<casework::quality::nonconformance::Event> {
        self.ncr(n, actor, &command, now)
            .unwrap_or_else(|e| panic!("{:?} refused: {e}", command.kind()))
    }

    pub fn ncr_state(&mut self, n: u128) -> NonConformance {
        replay(&mut self.ncrs, ncr_id(n).into())
    }

    pub fn capa(
        &mut self,
        n: u128,
        actor: Actor,
        command: &casework::quality::capa::Command,
        now: DateTime<Utc>,
    ) -> Result<Vec<casework::quality::capa::Event>, casework::quality::capa::CapaError> {
        let ctx = Ctx::new(now, actor, &self.policy);
        execute::<Capa>(&mut self.capas, capa_id(n).into(), command, &ctx)
    }

    pub fn capa_ok(
        &mut self,
        n: u128,
        actor: Actor,
        command: casework::quality::capa::Command,
        now: DateTime<Utc>,
    ) -> Vec<casework::quality::capa::Event> {
        self.capa(n, actor, &command, now)
            .unwrap_or_else(|e| panic!("{:?} refused: {e}", command.kind()))
    }

    pub fn capa_state(&mut self, n: u128) -> Capa {
        replay(&mut self.capas, capa_id(n).into())
    }

    /// Service order `n` opened at `from`, every checklist item ticked, its
    /// inspection passed and both stages approved, a minute apart: ready to
    /// sign off. Returns the instant of the last approval.
    pub fn ready_order(
        &mut self,
        n: u128,
        case: Option<CaseId>,
        from: DateTime<Utc>,
    ) -> DateTime<Utc> {
        let mut now = from;
        let mut step = |desk: &mut Desk, actor: Actor, command: OrderCommand| {
            desk.order_ok(n, actor, command, now);
            now += TimeDelta::minutes(1);
        };
        step(self, manager(), open_order(n, case));
        for (item, evidence) in DELIVERY_ITEMS {
            step(self, csr(), tick(item, evidence));
        }
        step(
            self,
            qa(),
            tick("quality.checked", Some("Checklist photo QC-7")),
        );
        step(
            self,
            manager(),
            OrderCommand::PlanInspection {
                plan: inspection_plan(),
            },
        );
        step(self, qa(), inspect(1, 40));
        step(self, qa_reviewer(), approve("quality"));
        step(self, owner(), approve("process_owner"));
        now - TimeDelta::minutes(1)
    }
}
