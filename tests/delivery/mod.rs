//! Service orders: the main path, the rules one by one, properties and the
//! wire form.

pub(crate) mod deadlines;
mod properties;
mod rules;
#[cfg(feature = "serde")]
mod wire;

use casework::Aggregate as _;
use casework::delivery::{
    Command, Criterion, DeliveryError, Event, InspectionNo, InspectionPlan, Order, Reading,
    ServiceOrder,
};
use casework::{
    Actor, ActorId, Ctx, CustomerRef, Policy, Recorded, Reference, Role, ServiceOrderId,
};
use chrono::{DateTime, TimeDelta, Utc};
use uuid::Uuid;

pub use crate::case::fixtures::monday;

pub fn policy() -> &'static Policy {
    static POLICY: std::sync::OnceLock<Policy> = std::sync::OnceLock::new();
    POLICY.get_or_init(|| Policy::sop_default().unwrap())
}

pub fn person(n: u128, roles: &[Role]) -> Actor {
    Actor::new(
        ActorId::from_uuid(Uuid::from_u128(n)),
        roles.iter().copied(),
    )
}

/// Ticks the delivery items.
pub fn csr() -> Actor {
    person(1, &[Role::CustomerServiceRepresentative])
}

/// Opens, plans inspections, signs off.
pub fn manager() -> Actor {
    person(2, &[Role::CustomerServiceManager])
}

/// Ticks the quality item and inspects.
pub fn inspector() -> Actor {
    person(3, &[Role::QaSpecialist])
}

/// Approves the quality stage.
pub fn reviewer() -> Actor {
    person(5, &[Role::QaSpecialist])
}

/// Approves the process-owner stage and concessions.
pub fn owner() -> Actor {
    person(4, &[Role::ProcessOwner])
}

/// The caller's scheduler: records deadlines.
pub fn scheduler() -> Actor {
    Actor::system(ActorId::from_uuid(Uuid::from_u128(9)))
}

pub fn open() -> Command {
    Command::Open {
        order: Order::new(
            ServiceOrderId::from_uuid(Uuid::from_u128(0x50)),
            Reference::new("SO", 2026, 120).unwrap(),
            CustomerRef::from_uuid(Uuid::from_u128(7)),
            "Annual boiler service",
        ),
    }
}

pub fn plan() -> InspectionPlan {
    InspectionPlan {
        name: "final inspection".to_owned(),
        criteria: vec![
            Criterion::PassFail {
                name: "no leaks".to_owned(),
            },
            Criterion::Measured {
                name: "flue CO".to_owned(),
                unit: "ppm".to_owned(),
                min: 0,
                max: 100,
            },
            Criterion::DefectCount {
                name: "loose fittings".to_owned(),
                max: 0,
            },
        ],
        sample_size: 1,
    }
}

pub fn record(no: u32, co: i64) -> Command {
    Command::RecordInspection {
        inspection: InspectionNo(no),
        readings: vec![Reading::Pass(true), Reading::Value(co), Reading::Defects(0)],
        defects: Vec::new(),
    }
}

pub fn tick(item: &str, evidence: Option<&str>) -> Command {
    Command::TickItem {
        item: item.to_owned(),
        evidence: evidence.map(str::to_owned),
    }
}

/// A service order with its history and a clock.
pub struct Shop {
    pub order: ServiceOrder,
    pub history: Vec<Recorded<Event>>,
    pub now: DateTime<Utc>,
}

impl Shop {
    pub fn new() -> Self {
        Self {
            order: ServiceOrder::default(),
            history: Vec::new(),
            now: monday(),
        }
    }

    pub fn try_run(
        &mut self,
        actor: Actor,
        command: &Command,
    ) -> Result<Vec<Event>, DeliveryError> {
        self.try_run_at(self.now + TimeDelta::minutes(10), actor, command)
    }

    /// Runs `command` as `actor` at `now`, on the SOP policy.
    pub fn try_run_at(
        &mut self,
        now: DateTime<Utc>,
        actor: Actor,
        command: &Command,
    ) -> Result<Vec<Event>, DeliveryError> {
        self.try_run_on(policy(), now, actor, command)
    }

    /// Runs `command` as `actor` at `now`, on `policy`.
    pub fn try_run_on(
        &mut self,
        policy: &Policy,
        now: DateTime<Utc>,
        actor: Actor,
        command: &Command,
    ) -> Result<Vec<Event>, DeliveryError> {
        self.now = now;
        let recorded = self
            .order
            .record(command, &Ctx::new(self.now, actor, policy))?;
        let events = recorded.iter().map(|r| r.event.clone()).collect();
        self.history.extend(recorded);
        Ok(events)
    }

    pub fn run(&mut self, actor: Actor, command: Command) -> &mut Self {
        if let Err(e) = self.try_run(actor, &command) {
            panic!("{:?} refused: {e}", command.kind());
        }
        self
    }

    /// Opened, every required item ticked, one inspection passed, and both
    /// stages approved: ready to sign off.
    pub fn ready() -> Self {
        let mut shop = Self::new();
        shop.run(manager(), open());
        for (item, evidence) in [
            ("engagement.requirements", Some("Work order WO-881")),
            ("planning.plan", None),
            ("resources.allocated", None),
            ("execution.delivered", Some("Service report SR-120")),
            ("execution.monitored", None),
        ] {
            shop.run(csr(), tick(item, evidence));
        }
        shop.run(
            inspector(),
            tick("quality.checked", Some("Checklist photo QC-7")),
        );
        shop.run(manager(), Command::PlanInspection { plan: plan() });
        shop.run(inspector(), record(1, 40));
        shop.run(
            reviewer(),
            Command::ApproveStage {
                stage: "quality".to_owned(),
            },
        );
        shop.run(
            owner(),
            Command::ApproveStage {
                stage: "process_owner".to_owned(),
            },
        );
        shop
    }
}
