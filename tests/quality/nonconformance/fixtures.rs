//! Actors, reports and a quality desk that runs non-conformance commands against
//! the SOP default policy.

use casework::Aggregate as _;
use casework::quality::RootCauseAnalysis;
use casework::quality::nonconformance::{
    Command, Disposition, Event, NonConformance, NonConformanceError, Report, Source,
};
use casework::{
    Actor, CapaId, CaseId, Ctx, NonConformanceId, Policy, PolicySpec, Recorded, Reference, Role,
    Severity,
};
use chrono::{DateTime, TimeDelta, Utc};
use uuid::Uuid;

// Monday 09:00 UTC, the CSR (1), the manager (2), the QA specialist (3) and the
// scheduler (9) are the case tests' own.
pub use crate::case::fixtures::{actor, csr, manager, monday, qa, system};

/// Quality work, and approves dispositions and no-CAPA reasons, and closes.
pub fn owner() -> Actor {
    actor(4, &[Role::ProcessOwner])
}

/// Approves and closes.
pub fn management() -> Actor {
    actor(5, &[Role::Management])
}

pub fn ncr_id() -> NonConformanceId {
    NonConformanceId::from_uuid(Uuid::from_u128(0x9C))
}

pub fn other_ncr(n: u128) -> NonConformanceId {
    NonConformanceId::from_uuid(Uuid::from_u128(0x9C00 + n))
}

pub fn capa_id() -> CapaId {
    CapaId::from_uuid(Uuid::from_u128(0xCA9A))
}

pub fn case_id(n: u128) -> CaseId {
    CaseId::from_uuid(Uuid::from_u128(0x4200 + n))
}

pub fn supplier() -> Source {
    Source::Supplier {
        supplier: "Parcel carrier".to_owned(),
    }
}

pub fn report_of(source: Source, severity: Severity) -> Report {
    Report::new(
        ncr_id(),
        Reference::new("NCR", 2026, 156).unwrap(),
        source,
        severity,
        monday() - TimeDelta::hours(2),
    )
    .titled("Parcels left the depot unsealed")
    .description("Three parcels arrived with broken seals.")
}

pub fn report(severity: Severity) -> Command {
    Command::Report {
        report: report_of(supplier(), severity),
    }
}

pub fn analysis(category: &str) -> RootCauseAnalysis {
    RootCauseAnalysis {
        whys: vec![
            "The sealing machine was down".to_owned(),
            "No spare part was in stock".to_owned(),
        ],
        fishbone: Vec::new(),
        category: category.to_owned(),
    }
}

pub fn root_cause() -> Command {
    Command::RecordRootCause {
        analysis: analysis("supplier"),
    }
}

pub fn disposition(disposition: Disposition) -> Command {
    Command::Disposition {
        disposition,
        rationale: "Reseal and reship.".to_owned(),
    }
}

pub fn propose_no_capa() -> Command {
    Command::ProposeNoCapa {
        reason: "One-off machine failure, now repaired.".to_owned(),
    }
}

pub fn close() -> Command {
    Command::Close {
        reason: "Parcels reshipped.".to_owned(),
    }
}

pub fn policy_with(change: impl FnOnce(&mut PolicySpec)) -> Policy {
    let mut spec = PolicySpec::sop_default();
    change(&mut spec);
    spec.compile().unwrap()
}

/// A non-conformance with its history, a policy and a clock that moves forward a
/// minute per command.
#[derive(Clone)]
pub struct Desk {
    pub policy: Policy,
    pub ncr: NonConformance,
    pub history: Vec<Recorded<Event>>,
    pub now: DateTime<Utc>,
}

impl Desk {
    /// A desk on the SOP default policy.
    pub fn new() -> Self {
        static SOP: std::sync::OnceLock<Policy> = std::sync::OnceLock::new();
        Self::with_policy(SOP.get_or_init(|| Policy::sop_default().unwrap()).clone())
    }

    pub fn with_policy(policy: Policy) -> Self {
        Self {
            policy,
            ncr: NonConformance::default(),
            history: Vec::new(),
            now: monday(),
        }
    }

    /// Runs `command` as `actor` one minute after the last one.
    pub fn run(
        &mut self,
        actor: Actor,
        command: Command,
    ) -> Result<Vec<Event>, NonConformanceError> {
        self.run_at(self.now + TimeDelta::minutes(1), actor, command)
    }

    /// Runs `command` as `actor` at `now`.
    pub fn run_at(
        &mut self,
        now: DateTime<Utc>,
        actor: Actor,
        command: Command,
    ) -> Result<Vec<Event>, NonConformanceError> {
        self.now = now;
        let ctx = Ctx::new(now, actor, &self.policy);
        let recorded = self.ncr.record(&command, &ctx)?;
        let events = recorded.iter().map(|r| r.event.clone()).collect();
        self.history.extend(recorded);
        Ok(events)
    }

    /// Runs `command` and panics with the refusal if refused.
    pub fn ok(&mut self, actor: Actor, command: Command) -> Vec<Event> {
        match self.run(actor, command.clone()) {
            Err(e) => panic!("{command:?} refused: {e}"),
            Ok(events) => events,
        }
    }

    /// Runs `command`, expects a refusal, and checks that nothing changed.
    pub fn refused(&mut self, actor: Actor, command: Command) -> NonConformanceError {
        let before = self.ncr.clone();
        let history = self.history.len();
        let Err(error) = self.run(actor, command.clone()) else {
            panic!("{command:?} was not refused");
        };
        assert_eq!(self.ncr, before, "{command:?} changed the state");
        assert_eq!(self.history.len(), history, "{command:?} recorded events");
        error
    }

    /// Reported by the CSR.
    pub fn reported(severity: Severity) -> Self {
        let mut desk = Desk::new();
        desk.ok(csr(), report(severity));
        desk
    }

    /// Reported, and under investigation by the manager.
    pub fn investigating(severity: Severity) -> Self {
        let mut desk = Desk::reported(severity);
        desk.ok(manager(), Command::StartInvestigation);
        desk
    }

    /// Under investigation, with the root cause recorded.
    pub fn root_caused(severity: Severity) -> Self {
        let mut desk = Desk::investigating(severity);
        desk.ok(manager(), root_cause());
        desk
    }

    /// Dispositioned by the manager.
    pub fn dispositioned(severity: Severity, with: Disposition) -> Self {
        let mut desk = Desk::root_caused(severity);
        desk.ok(manager(), disposition(with));
        desk
    }

    /// Dispositioned for rework, with a no-CAPA reason proposed by the manager.
    pub fn no_capa_proposed(severity: Severity) -> Self {
        let mut desk = Desk::dispositioned(severity, Disposition::Rework);
        desk.ok(manager(), propose_no_capa());
        desk
    }

    /// Dispositioned for rework, with a CAPA raised.
    pub fn capa_raised(severity: Severity) -> Self {
        let mut desk = Desk::dispositioned(severity, Disposition::Rework);
        desk.ok(manager(), Command::RaiseCapa { capa: capa_id() });
        desk
    }

    /// Closed on the no-CAPA path.
    pub fn closed() -> Self {
        let mut desk = Desk::no_capa_proposed(Severity::Medium);
        desk.ok(owner(), Command::ApproveNoCapa);
        desk.ok(owner(), close());
        desk
    }
}
