//! Actors, intakes and a desk that runs commands against the SOP default policy.
//! Shared by the case tests and `benches/case.rs` (included there by `#[path]`).

use casework::Aggregate as _;
use casework::case::{Case, CaseError, CaseKind, Command, Event, Intake};

use casework::{
    Actor, ActorId, CaseId, Channel, Ctx, CustomerRef, Policy, Recorded, Reference, Role, Severity,
};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use uuid::Uuid;

/// Monday 2026-11-23 09:00 UTC: inside the default calendar's hours.
pub fn monday() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

pub fn actor(n: u128, roles: &[Role]) -> Actor {
    Actor::new(
        ActorId::from_uuid(Uuid::from_u128(n)),
        roles.iter().copied(),
    )
}

pub fn csr() -> Actor {
    actor(1, &[Role::CustomerServiceRepresentative])
}

pub fn manager() -> Actor {
    actor(2, &[Role::CustomerServiceManager])
}

pub fn qa() -> Actor {
    actor(3, &[Role::QaSpecialist])
}

pub fn system() -> Actor {
    Actor::system(ActorId::from_uuid(Uuid::from_u128(9)))
}

pub fn case_id() -> CaseId {
    CaseId::from_uuid(Uuid::from_u128(0x42))
}

pub fn intake(kind: CaseKind, severity: Severity) -> Intake {
    Intake::new(
        case_id(),
        Reference::new("CMP", 2026, 42).unwrap(),
        kind,
        Channel::Email,
        CustomerRef::from_uuid(Uuid::from_u128(7)),
        monday(),
    )
    .about("delivery/late", "Parcel two weeks late")
    .description("Ordered on the 2nd, still not here.")
    .follow_up_by(Channel::Phone)
    .assessed(severity)
}

pub fn log(kind: CaseKind, severity: Severity) -> Command {
    Command::Log {
        intake: intake(kind, severity),
        first_contact_resolution: None,
    }
}

/// A case with its history, a policy and a clock that moves forward a minute per
/// command.
pub struct Desk {
    pub policy: Policy,
    pub case: Case,
    pub history: Vec<Recorded<Event>>,
    pub now: DateTime<Utc>,
}

impl Desk {
    /// A desk on the SOP default policy, compiled once per test binary.
    pub fn new() -> Self {
        static SOP: std::sync::OnceLock<Policy> = std::sync::OnceLock::new();
        Self::with_policy(SOP.get_or_init(|| Policy::sop_default().unwrap()).clone())
    }

    /// A desk on the SOP policy without SLA targets: only the escalation ladder
    /// sets deadlines.
    pub fn without_sla() -> Self {
        let mut spec = casework::PolicySpec::sop_default();
        spec.sla.targets.clear();
        Self::with_policy(spec.compile().unwrap())
    }

    pub fn with_policy(policy: Policy) -> Self {
        Self {
            policy,
            case: Case::default(),
            history: Vec::new(),
            now: monday(),
        }
    }

    /// Runs `command` as `actor` one minute after the last one.
    pub fn run(&mut self, actor: Actor, command: Command) -> Result<Vec<Event>, CaseError> {
        self.run_at(self.now + TimeDelta::minutes(1), actor, command)
    }

    /// Runs `command` as `actor` at `now`.
    pub fn run_at(
        &mut self,
        now: DateTime<Utc>,
        actor: Actor,
        command: Command,
    ) -> Result<Vec<Event>, CaseError> {
        self.now = now;
        let ctx = Ctx::new(now, actor, &self.policy);
        let recorded = self.case.record(&command, &ctx)?;
        let events = recorded.iter().map(|r| r.event.clone()).collect();
        self.history.extend(recorded);
        Ok(events)
    }

    /// Runs `command` and panics with the refusal if refused.
    pub fn ok(&mut self, actor: Actor, command: Command) -> Vec<Event> {
        match self.run(actor, command.clone()) {
            Ok(events) => events,
            Err(e) => panic!("{command:?} refused: {e}"),
        }
    }
}

/// The thresholds of `metric` that `events` record, in order: a warning's
/// percent, or `None` for the breach, with the instant it was reached.
pub fn thresholds_recorded(events: &[Event], metric: &str) -> Vec<(Option<u8>, DateTime<Utc>)> {
    events
        .iter()
        .filter_map(|event| match event {
            Event::SlaWarning {
                metric: m,
                percent,
                reached_at,
                ..
            } if m == metric => Some((Some(*percent), *reached_at)),
            Event::SlaBreached {
                metric: m,
                reached_at,
                ..
            } if m == metric => Some((None, *reached_at)),
            _ => None,
        })
        .collect()
}
