//! Non-conformances raised from complaints, and their CAPAs: the quality
//! SOP's path, walked by the desk's managers, QA and the process owner, each
//! step derived from the record's state.

use casework::case::{Case, Command as CaseCommand, QualityRecord};
use casework::quality::capa::{self, ActionKind, ActionStatus, Capa, Opening, PlannedAction};
use casework::quality::nonconformance::{self, Containment, Disposition, NonConformance, Report};
use casework::quality::{
    FishboneCategory, FishboneCause, Rating, RiskAssessment, RootCauseAnalysis,
};
use casework::read::RecordKind;
use casework::{Actor, CapaId, CaseId, NonConformanceId, Reference, Severity, StreamId};
use chrono::{Datelike, TimeDelta};
use uuid::Uuid;

use crate::book::{Outcome, Simulated};
use crate::driver::{Action, Driver};
use crate::report::Failure;
use crate::store::Crash;

/// The desk's plan for one quality record.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// The manager who owns it.
    pub(crate) manager: Actor,
    /// The complaint it came from.
    pub(crate) case: CaseId,
    /// For a non-conformance, its CAPA once raised; for a CAPA, its
    /// non-conformance.
    pub(crate) other: Option<StreamId>,
    /// For a non-conformance: its CAPA is closed.
    pub(crate) capa_closed: bool,
}

impl Driver {
    /// A manager reports a non-conformance found in the complaint `case`,
    /// and the case is linked to it.
    pub(crate) fn raise_non_conformance(
        &mut self,
        case: &Case,
        manager: Actor,
        agent: Actor,
        shard: u32,
    ) -> Result<(), Failure> {
        let Some(case_id) = case.id() else {
            return Ok(());
        };
        self.stats.non_conformances += 1;
        let n = self.stats.non_conformances;
        let id = NonConformanceId::from_uuid(Uuid::from_u128(0x9C5E_0000_0000 + u128::from(n)));
        let stream = StreamId::from(id);
        let year = self.now.year().clamp(1, 9999) as u16;
        let reference = Reference::new("NCR", year, n)
            .map_err(|e| Failure::setup(&self.config, e.to_string()))?;
        let report = Report::new(
            id,
            reference,
            nonconformance::Source::Complaint { case: case_id },
            Severity::Medium,
            self.now,
        )
        .titled("Orders leave after the carrier's cut-off")
        .description("Found while investigating a complaint.");
        self.books.ncrs.store.assign(stream, shard);
        self.join(stream, RecordKind::NonConformance, shard);
        self.quality.insert(
            stream,
            Plan {
                manager,
                case: case_id,
                other: None,
                capa_closed: false,
            },
        );
        let report = nonconformance::Command::Report { report };
        self.create::<NonConformance>(stream, manager, &report)?;
        let link = CaseCommand::LinkQualityRecord {
            record: QualityRecord::NonConformance(id),
        };
        // A link given twice is refused as already linked.
        if let Outcome::Refused(refusal) =
            self.exec::<Case>(StreamId::from(case_id), agent, &link)?
        {
            if refusal.rule() != "already_linked" {
                return Err(self
                    .failure::<Case>(StreamId::from(case_id), format!("link refused: {refusal}")));
            }
        }
        self.schedule_quality(stream, RecordKind::NonConformance, 60);
        Ok(())
    }

    /// Gives the command that creates a record, again after a crash before
    /// the append; a crash after it means it was created.
    fn create<A: Simulated>(
        &mut self,
        stream: StreamId,
        actor: Actor,
        command: &A::Command,
    ) -> Result<(), Failure> {
        loop {
            match self.exec::<A>(stream, actor, command)? {
                Outcome::Crashed(Crash::BeforeAppend) => {}
                Outcome::Recorded | Outcome::Crashed(Crash::AfterAppend) => return Ok(()),
                Outcome::Refused(refusal) => {
                    return Err(
                        self.failure::<A>(stream, format!("{command:?} refused: {refusal}"))
                    );
                }
            }
        }
    }

    /// Schedules the record's next step in about `minutes`, give or take a day.
    pub(crate) fn schedule_quality(&mut self, stream: StreamId, kind: RecordKind, minutes: i64) {
        let jitter = self.rng.between(0, 24 * 60);
        self.schedule(
            self.now + TimeDelta::minutes(minutes + jitter),
            Action::Quality(stream, kind),
        );
    }

    /// The desk's next step on a non-conformance or CAPA.
    pub(crate) fn quality_step(
        &mut self,
        stream: StreamId,
        kind: RecordKind,
    ) -> Result<(), Failure> {
        let Some(plan) = self.quality.get(&stream).cloned() else {
            return Ok(());
        };
        match kind {
            RecordKind::NonConformance => self.ncr_step(stream, plan),
            _ => self.capa_step(stream, plan),
        }
    }

    fn ncr_step(&mut self, stream: StreamId, plan: Plan) -> Result<(), Failure> {
        use nonconformance::Command as C;
        use nonconformance::Status as S;
        self.load::<NonConformance>(stream)?;
        let Some(ncr) = self.books.ncrs.states.get(&stream) else {
            return Ok(());
        };
        let manager = plan.manager;
        let (actor, command) = match ncr.status() {
            None => return Err(self.failure::<NonConformance>(stream, "never reported".into())),
            Some(S::Reported) if ncr.containments().is_empty() => (
                manager,
                C::RecordContainment {
                    containment: Containment {
                        action: "Afternoon orders moved to the other depot".into(),
                        done_by: manager.id,
                        done_at: self.now,
                    },
                },
            ),
            Some(S::Reported) => (manager, C::StartInvestigation),
            Some(S::UnderInvestigation) if ncr.root_cause().is_none() => (
                manager,
                C::RecordRootCause {
                    analysis: RootCauseAnalysis {
                        whys: vec![
                            "Parcels miss the collection".into(),
                            "Picking lists print once a day".into(),
                        ],
                        fishbone: vec![FishboneCause {
                            category: FishboneCategory::Method,
                            cause: "One print run a day".into(),
                        }],
                        category: "process".into(),
                    },
                },
            ),
            Some(S::UnderInvestigation) => (
                manager,
                C::Disposition {
                    disposition: Disposition::Rework,
                    rationale: "Reship the open orders".into(),
                },
            ),
            Some(S::Dispositioned) if ncr.capa().is_none() => {
                self.capa_ids += 1;
                let n = self.capa_ids;
                let capa = CapaId::from_uuid(Uuid::from_u128(0xCA9A_0000_0000 + u128::from(n)));
                (manager, C::RaiseCapa { capa })
            }
            Some(S::CapaRaised) if plan.capa_closed => match ncr.capa() {
                Some(record) if record.closed_at.is_none() => (
                    self.desk.scheduler,
                    C::RecordCapaClosed { capa: record.capa },
                ),
                _ => (
                    self.desk.process_owner,
                    C::Close {
                        reason: "The CAPA closed effective".into(),
                    },
                ),
            },
            // The CAPA was raised, but the acknowledgement was lost before
            // the desk opened it: open it now.
            Some(S::CapaRaised) if plan.other.is_none() => {
                if let Some(record) = ncr.capa() {
                    let capa = record.capa;
                    return self.open_capa(capa, stream, &plan);
                }
                return Err(self.failure::<NonConformance>(stream, "raised no CAPA".into()));
            }
            // Waiting for its CAPA, which schedules this step when it closes.
            Some(S::CapaRaised | S::Dispositioned) => return Ok(()),
            Some(S::Closed) => {
                self.quality.remove(&stream);
                self.settle::<NonConformance>(stream);
                return Ok(());
            }
        };
        let raised = match &command {
            C::RaiseCapa { capa } => Some(*capa),
            _ => None,
        };
        match self.exec::<NonConformance>(stream, actor, &command)? {
            Outcome::Recorded => {
                if let Some(capa) = raised {
                    self.open_capa(capa, stream, &plan)?;
                    return Ok(());
                }
            }
            Outcome::Crashed(_) => {}
            Outcome::Refused(refusal) => {
                return Err(self.failure::<NonConformance>(
                    stream,
                    format!("the quality walk's {command:?} was refused: {refusal}"),
                ));
            }
        }
        self.schedule_quality(stream, RecordKind::NonConformance, 60);
        Ok(())
    }

    /// The CAPA a non-conformance raised is opened, from it and its complaint.
    fn open_capa(&mut self, capa: CapaId, ncr: StreamId, plan: &Plan) -> Result<(), Failure> {
        let stream = StreamId::from(capa);
        if let Some(ncr_plan) = self.quality.get_mut(&ncr) {
            ncr_plan.other = Some(stream);
        }
        if self.unsettled.contains_key(&stream) || self.quality.contains_key(&stream) {
            return Ok(());
        }
        self.stats.capas += 1;
        let shard = self.shard_of(ncr);
        self.books.capas.store.assign(stream, shard);
        self.join(stream, RecordKind::Capa, shard);
        self.quality.insert(
            stream,
            Plan {
                other: Some(ncr),
                ..plan.clone()
            },
        );
        let ncr_id = self
            .books
            .ncrs
            .states
            .get(&ncr)
            .and_then(NonConformance::id);
        let year = self.now.year().clamp(1, 9999) as u16;
        let reference = Reference::new("CAPA", year, self.stats.capas)
            .map_err(|e| Failure::setup(&self.config, e.to_string()))?;
        let open = capa::Command::Open {
            opening: Opening {
                capa,
                reference,
                title: "Print picking lists in time for collection".into(),
                problem: "Orders leave after the carrier's cut-off".into(),
                sources: ncr_id
                    .map(|id| capa::Source::NonConformance { id })
                    .into_iter()
                    .chain([capa::Source::Case { id: plan.case }])
                    .collect(),
                risk: RiskAssessment {
                    severity: Rating(5),
                    occurrence: Rating(6),
                    detection: Rating(4),
                },
            },
        };
        self.create::<Capa>(stream, plan.manager, &open)?;
        self.schedule_quality(stream, RecordKind::Capa, 60);
        Ok(())
    }

    fn capa_step(&mut self, stream: StreamId, plan: Plan) -> Result<(), Failure> {
        use capa::Command as C;
        use capa::Status as S;
        self.load::<Capa>(stream)?;
        let Some(capa) = self.books.capas.states.get(&stream) else {
            return Ok(());
        };
        let manager = plan.manager;
        let qa = *self.desk.qa.first().unwrap_or(&manager);
        let planned = |kind, days| C::PlanAction {
            action: PlannedAction {
                kind,
                description: "Print picking lists every hour".into(),
                owner: manager.id,
                due: self.now + TimeDelta::days(days),
            },
        };
        let mut wait = 60;
        let (actor, command) = match capa.status() {
            None => return Err(self.failure::<Capa>(stream, "never opened".into())),
            Some(S::Planning) => match capa.actions().len() {
                0 => (manager, planned(ActionKind::Corrective, 14)),
                1 => (manager, planned(ActionKind::Preventive, 21)),
                _ => (manager, C::SubmitPlan),
            },
            Some(S::PlanSubmitted) => (self.desk.process_owner, C::ApprovePlan),
            Some(S::Implementing) => {
                let open = capa.actions().iter().find(|a| !a.status.is_finished());
                match open {
                    Some(a) if a.status == ActionStatus::Planned => {
                        (manager, C::StartAction { action: a.no })
                    }
                    Some(a) => (
                        manager,
                        C::CompleteAction {
                            action: a.no,
                            evidence: "Change live, screenshot attached".into(),
                        },
                    ),
                    None => (qa, C::VerifyImplementation),
                }
            }
            Some(S::Verified) => match capa.effectiveness_due() {
                Some(due) if due > self.now => {
                    let minutes = (due - self.now).num_minutes();
                    self.schedule(
                        self.now + TimeDelta::minutes(minutes),
                        crate::driver::Action::Quality(stream, RecordKind::Capa),
                    );
                    return Ok(());
                }
                _ => (
                    qa,
                    C::CheckEffectiveness {
                        effective: true,
                        evidence: "No late parcels in six weeks".into(),
                    },
                ),
            },
            Some(S::Effective) => (self.desk.management, C::Close),
            Some(S::Closed | S::Cancelled) => {
                self.quality.remove(&stream);
                self.settle::<Capa>(stream);
                // The non-conformance hears that its CAPA closed.
                if let Some(ncr) = plan.other {
                    if let Some(ncr_plan) = self.quality.get_mut(&ncr) {
                        ncr_plan.capa_closed = true;
                    }
                    self.schedule_quality(ncr, RecordKind::NonConformance, 10);
                }
                return Ok(());
            }
        };
        if matches!(command, C::StartAction { .. }) {
            wait = 3 * 24 * 60;
        }
        if let Outcome::Refused(refusal) = self.exec::<Capa>(stream, actor, &command)? {
            return Err(self.failure::<Capa>(
                stream,
                format!("the CAPA walk's {command:?} was refused: {refusal}"),
            ));
        }
        self.schedule_quality(stream, RecordKind::Capa, wait);
        Ok(())
    }
}
