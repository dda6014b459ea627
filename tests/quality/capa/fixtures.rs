//! People, an opening, and a CAPA walked to any status under the SOP default
//! policy. Shared by the CAPA tests and `benches/capa.rs` (included by `#[path]`).

use std::sync::OnceLock;

use casework::Aggregate as _;
use casework::quality::capa::{
    ActionKind, ActionNo, Capa, CapaError, Command, Event, Opening, PlannedAction, Source, Status,
};
use casework::quality::{Rating, RiskAssessment};
use casework::{Actor, ActorId, CapaId, CaseId, Ctx, Policy, Recorded, Reference, Role};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use uuid::Uuid;

/// Monday 2026-11-23 09:00 UTC.
pub fn monday() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

pub fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| Policy::sop_default().unwrap())
}

pub fn person(n: u128, role: Role) -> Actor {
    Actor::new(ActorId::from_uuid(Uuid::from_u128(n)), [role])
}

/// Writes the plan (a manager).
pub fn author() -> Actor {
    person(1, Role::CustomerServiceManager)
}

/// Owns the first action (a manager).
pub fn owner() -> Actor {
    person(2, Role::CustomerServiceManager)
}

/// Approves plans and closes (a process owner).
pub fn approver() -> Actor {
    person(3, Role::ProcessOwner)
}

/// Verifies and checks effectiveness (a QA specialist).
pub fn qa() -> Actor {
    person(4, Role::QaSpecialist)
}

pub fn system() -> Actor {
    Actor::system(ActorId::from_uuid(Uuid::from_u128(9)))
}

pub fn capa_id() -> CapaId {
    CapaId::from_uuid(Uuid::from_u128(0xCA))
}

pub fn risk(severity: u8, occurrence: u8, detection: u8) -> RiskAssessment {
    RiskAssessment {
        severity: Rating(severity),
        occurrence: Rating(occurrence),
        detection: Rating(detection),
    }
}

pub fn opening() -> Opening {
    Opening {
        capa: capa_id(),
        reference: Reference::new("CAPA", 2026, 7).unwrap(),
        title: "Late parcels from the north depot".to_owned(),
        problem: "Picking lists print after the carrier's cut-off".to_owned(),
        sources: vec![Source::Case {
            id: CaseId::from_uuid(Uuid::from_u128(0x42)),
        }],
        risk: risk(5, 4, 3),
    }
}

pub fn action(kind: ActionKind, owner: &Actor, due: DateTime<Utc>) -> Command {
    Command::PlanAction {
        action: PlannedAction {
            kind,
            description: "Print picking lists hourly".to_owned(),
            owner: owner.id,
            due,
        },
    }
}

/// A CAPA with its history, and a clock.
pub struct Record {
    pub capa: Capa,
    pub history: Vec<Recorded<Event>>,
    pub now: DateTime<Utc>,
}

impl Record {
    pub fn new() -> Self {
        Self {
            capa: Capa::default(),
            history: Vec::new(),
            now: monday(),
        }
    }

    pub fn ctx(&self, actor: Actor) -> Ctx<'static> {
        Ctx::new(self.now, actor, policy())
    }

    /// Decides and records at the current time.
    pub fn try_run(&mut self, actor: Actor, command: &Command) -> Result<Vec<Event>, CapaError> {
        let ctx = self.ctx(actor);
        let recorded = self.capa.record(command, &ctx)?;
        let events = recorded.iter().map(|r| r.event.clone()).collect();
        self.history.extend(recorded);
        Ok(events)
    }

    /// Records, or fails the test naming the refusal.
    pub fn run(&mut self, actor: Actor, command: Command) -> &mut Self {
        if let Err(e) = self.try_run(actor, &command) {
            panic!(
                "{:?} refused at {:?}: {e}",
                command.kind(),
                self.capa.status()
            );
        }
        self
    }

    /// Moves the clock on.
    pub fn after(&mut self, delta: TimeDelta) -> &mut Self {
        self.now += delta;
        self
    }

    /// A CAPA walked to `status` along the main path, with one corrective action
    /// owned by [`owner`].
    pub fn at(status: Status) -> Self {
        let mut r = Self::new();
        r.run(author(), Command::Open { opening: opening() });
        if status == Status::Cancelled {
            r.run(
                approver(),
                Command::Cancel {
                    reason: "Raised twice".to_owned(),
                },
            );
            return r;
        }
        let due = r.now + TimeDelta::days(14);
        r.run(author(), action(ActionKind::Corrective, &owner(), due));
        if status == Status::Planning {
            return r;
        }
        r.run(author(), Command::SubmitPlan);
        if status == Status::PlanSubmitted {
            return r;
        }
        r.after(TimeDelta::hours(2))
            .run(approver(), Command::ApprovePlan);
        if status == Status::Implementing {
            return r;
        }
        r.run(
            owner(),
            Command::StartAction {
                action: ActionNo(1),
            },
        );
        r.after(TimeDelta::days(3)).run(
            owner(),
            Command::CompleteAction {
                action: ActionNo(1),
                evidence: "Hourly print job live since Thursday".to_owned(),
            },
        );
        r.run(qa(), Command::VerifyImplementation);
        if status == Status::Verified {
            return r;
        }
        let due = r.capa.effectiveness_due().unwrap();
        r.now = due;
        r.run(
            qa(),
            Command::CheckEffectiveness {
                effective: true,
                evidence: "No late parcels in 30 business days".to_owned(),
            },
        );
        if status == Status::Effective {
            return r;
        }
        r.run(approver(), Command::Close);
        r
    }
}
