//! People, the audited case and an audit walked through commands under the
//! SOP default policy. Shared by the audit tests and the deadline contract.

use std::sync::OnceLock;

use casework::Aggregate as _;
use casework::quality::audit::{
    AuditError, AuditedCase, CaseAudit, Command, CriterionScore, Event, Finding,
};
use casework::{Actor, ActorId, AuditId, CaseId, Ctx, Policy, Recorded, Reference, Role};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use uuid::Uuid;

/// Tuesday 2026-12-01 09:00 UTC: November's audits are opened.
pub fn december() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

pub fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| Policy::sop_default().unwrap())
}

pub fn person(n: u128, role: Role) -> Actor {
    Actor::new(ActorId::from_uuid(Uuid::from_u128(n)), [role])
}

/// The agent audited, who resolved the case.
pub fn csr() -> Actor {
    person(1, Role::CustomerServiceRepresentative)
}

pub fn manager() -> Actor {
    person(2, Role::CustomerServiceManager)
}

pub fn qa() -> Actor {
    person(3, Role::QaSpecialist)
}

pub fn owner() -> Actor {
    person(4, Role::ProcessOwner)
}

pub fn auditor() -> Actor {
    person(6, Role::Auditor)
}

pub fn system() -> Actor {
    Actor::system(ActorId::from_uuid(Uuid::from_u128(9)))
}

pub fn audit_id() -> AuditId {
    AuditId::from_uuid(Uuid::from_u128(0xA0D1))
}

pub fn case_id() -> CaseId {
    CaseId::from_uuid(Uuid::from_u128(0x42))
}

pub fn audited(resolver: Option<ActorId>) -> AuditedCase {
    AuditedCase::new(
        case_id(),
        Reference::new("CMP", 2026, 42).unwrap(),
        resolver,
    )
}

/// The audit of CSR 1's case, which CSR 1 resolved, for November.
pub fn open() -> Command {
    Command::open(audit_id(), audited(Some(csr().id)), csr().id, "2026-11")
}

/// Every criterion of the SOP scorecard scored `score`.
pub fn scores(score: u8) -> Vec<CriterionScore> {
    policy()
        .quality()
        .audit
        .scorecard
        .iter()
        .map(|c| CriterionScore::new(c.code.clone(), score))
        .collect()
}

/// Every criterion scored as `by` says, by code, else 4.
pub fn scores_by(by: &[(&str, u8)]) -> Vec<CriterionScore> {
    scores(4)
        .into_iter()
        .map(|s| {
            let score = by
                .iter()
                .find(|(code, _)| *code == s.code)
                .map_or(s.score, |(_, score)| *score);
            CriterionScore::new(s.code, score)
        })
        .collect()
}

pub fn score(scores: Vec<CriterionScore>, findings: Vec<Finding>) -> Command {
    Command::Score {
        scores,
        findings,
        comments: "Checked against the record".into(),
    }
}

/// An audit with its history and a clock that moves forward a minute per
/// command.
pub struct Aud {
    pub audit: CaseAudit,
    pub history: Vec<Recorded<Event>>,
    pub now: DateTime<Utc>,
}

impl Aud {
    pub fn new() -> Self {
        Self {
            audit: CaseAudit::default(),
            history: Vec::new(),
            now: december(),
        }
    }

    /// CSR 1's case opened for audit by QA on 1 December.
    pub fn opened() -> Self {
        let mut audit = Self::new();
        audit.run_at(december(), qa(), open()).unwrap();
        audit
    }

    /// Moves the clock on.
    pub fn after(&mut self, delta: TimeDelta) -> &mut Self {
        self.now += delta;
        self
    }

    pub fn run(&mut self, actor: Actor, command: Command) -> Result<Vec<Event>, AuditError> {
        self.run_at(self.now + TimeDelta::minutes(1), actor, command)
    }

    pub fn run_at(
        &mut self,
        now: DateTime<Utc>,
        actor: Actor,
        command: Command,
    ) -> Result<Vec<Event>, AuditError> {
        self.now = now;
        let recorded = self
            .audit
            .record(&command, &Ctx::new(now, actor, policy()))?;
        let events = recorded.iter().map(|r| r.event.clone()).collect();
        self.history.extend(recorded);
        Ok(events)
    }

    pub fn ok(&mut self, actor: Actor, command: Command) -> Vec<Event> {
        match self.run(actor, command.clone()) {
            Ok(events) => events,
            Err(e) => panic!("{command:?} refused: {e}"),
        }
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.history.iter().map(|r| r.event.name()).collect()
    }
}
