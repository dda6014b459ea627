//! The invariants a run must keep, checked after it against independent
//! recounts from the stored rows.

use std::collections::{HashMap, HashSet};

use casework::case::{Case, Event};
use casework::kpi::Kpis;
use casework::quality::capa::Capa;
use casework::quality::nonconformance::NonConformance;
use casework::read::RecordKind;
use casework::sla::Within;
use casework::store::{CaseStore, verify_history};
use casework::{Aggregate, Ctx, Recorded, StreamId, Version};
use chrono::{DateTime, TimeDelta, Utc};

use crate::book::Simulated;
use crate::driver::Driver;
use crate::model::{Model, resolve_spec};
use crate::report::{Failure, Report};

/// Counts per invariant, in the order they are reported.
#[derive(Default, Clone)]
struct Tally(Vec<crate::report::Checked>);

impl Tally {
    fn add(&mut self, invariant: &'static str, n: u64) {
        match self.0.iter_mut().find(|c| c.invariant == invariant) {
            Some(c) => c.count += n,
            None => self.0.push(crate::report::Checked {
                invariant,
                count: n,
            }),
        }
    }
}

const CHAIN: &str = "every chain verifies (streams)";
const LEDGER: &str = "no event lost or duplicated (events)";
const ONCE: &str = "each deadline recorded once, when due (events)";
const CAUGHT_UP: &str = "nothing due is left unrecorded (streams)";
const PENDING: &str = "finished, or a deadline pending (streams)";
const KPI: &str = "KPIs equal a recount (figures)";
const MODEL: &str = "SLA clocks equal the minute model (clocks)";

/// A stream as checked: its state and history.
type Checked<A> = (A, Vec<Recorded<<A as casework::Aggregate>::Event>>);

/// The running checks: streams are checked as their shard retires, and the
/// KPIs and their recount are folded as they go.
#[derive(Default)]
pub(crate) struct Checker {
    tally: Tally,
    kpis: Kpis,
    recount: HashMap<StreamId, Recount>,
    finished: u64,
    open: u64,
    digest: u64,
    checked: u64,
}

/// One case, recounted from its raw events.
#[derive(Default, Clone, Copy)]
struct Recount {
    resolved: bool,
    reopened: bool,
    escalated: bool,
    finished: bool,
    /// The metrics breached, as bits of the last policy's metric list.
    breached: u64,
    /// The latest follow-up's rating: what the CSAT counts.
    rated: bool,
}

impl Driver {
    /// Checks each of `streams` as of `at`: its chain, its ledger, its
    /// deadlines, whether anything due is left, whether it is finished or
    /// has a deadline pending, and, for a sample, its SLA clocks against the
    /// model; folds it into the KPIs and their recount.
    ///
    /// # Errors
    /// The first [`Failure`], with the stream's history.
    pub(crate) fn check_streams(
        &mut self,
        streams: &[(StreamId, RecordKind)],
        at: DateTime<Utc>,
    ) -> Result<(), Failure> {
        if let Some(violation) = self.stats.violations.first() {
            return Err(Failure::setup(&self.config, violation.clone()));
        }
        let sample_every = (self.config.cases / u64::from(self.config.model_sample.max(1))).max(1);
        for &(stream, kind) in streams {
            match kind {
                RecordKind::NonConformance => {
                    self.check_stream::<NonConformance>(stream, at)?;
                    continue;
                }
                RecordKind::Capa => {
                    self.check_stream::<Capa>(stream, at)?;
                    continue;
                }
                _ => {}
            }
            let (case, history) = self.check_stream::<Case>(stream, at)?;
            let checker = &mut self.checker;
            checker.checked += 1;
            if checker.checked % sample_every == 0 {
                let clocks = model(self, &case, &history, at)
                    .map_err(|what| self.failure::<Case>(stream, what))?;
                self.checker.tally.add(MODEL, clocks);
            }
            let metrics = &self.desk.last_spec().sla.metrics;
            let checker = &mut self.checker;
            checker.kpis.fold_all(&history);
            let recount = checker.recount.entry(stream).or_default();
            for r in &history {
                recount.fold(&r.event, metrics);
            }
        }
        Ok(())
    }

    /// The checks of one stream; returns its state and history.
    fn check_stream<A: Simulated>(
        &mut self,
        stream: StreamId,
        at: DateTime<Utc>,
    ) -> Result<Checked<A>, Failure> {
        let store = &mut A::book(&mut self.books).store;
        let rows = store.load_rows(stream, Version::ZERO);
        let history = store.load(stream, Version::ZERO);
        let (rows, history) = match (rows, history) {
            (Ok(rows), Ok(history)) => (rows, history),
            (Err(e), _) | (_, Err(e)) => {
                return Err(self.failure::<A>(stream, format!("load: {e}")));
            }
        };
        if let Err(e) = verify_history(stream, &rows) {
            return Err(self.failure::<A>(stream, format!("the chain does not verify: {e}")));
        }
        self.checker.tally.add(CHAIN, 1);
        let digest = &mut self.checker.digest;
        for row in &rows {
            for byte in row.hash.as_deref().unwrap_or_default().bytes() {
                *digest = (*digest ^ u64::from(byte)).wrapping_mul(0x0100_0000_01B3);
            }
        }
        let book = A::book(&mut self.books);
        let told = book.ledger.remove(&stream).unwrap_or_default();
        let unacknowledged = book.store.unacknowledged.get(&stream).copied().unwrap_or(0);
        ledger::<A>(&told, unacknowledged, &history)
            .map_err(|what| self.failure::<A>(stream, what))?;
        self.checker.tally.add(LEDGER, history.len() as u64);
        let deadlines = once::<A>(&history).map_err(|what| self.failure::<A>(stream, what))?;
        self.checker.tally.add(ONCE, deadlines);

        let mut state =
            A::replay(&history).map_err(|e| self.failure::<A>(stream, format!("replay: {e}")))?;
        // Under the policy in force when it settled (or now, if open).
        let settled = self.settled.remove(&stream).unwrap_or(at);
        let policy = std::sync::Arc::clone(self.desk.policy_at(settled));
        let next = state
            .next_deadline(&policy)
            .map_err(|e| self.failure::<A>(stream, format!("next deadline: {e}")))?;
        let left = state
            .record_due(&Ctx::new(at, self.desk.scheduler, &policy))
            .map_err(|e| self.failure::<A>(stream, format!("record_due: {e}")))?;
        if !left.is_empty() || next.is_some_and(|due| due <= at) {
            return Err(self.failure::<A>(
                stream,
                format!(
                    "due by {at} but not recorded: {} events, next {next:?}",
                    left.len()
                ),
            ));
        }
        self.checker.tally.add(CAUGHT_UP, 1);
        if state.finished() {
            self.checker.finished += 1;
        } else if next.is_some() || self.capa_pending(state.waits_on(), &policy) {
            self.checker.open += 1;
        } else {
            return Err(self.failure::<A>(
                stream,
                "open, with no deadline pending: nothing will ever bring it back".into(),
            ));
        }
        self.checker.tally.add(PENDING, 1);
        Ok((state, history))
    }

    /// Whether `capa` is open with a deadline pending, or finished: what a
    /// non-conformance waiting on it waits for.
    fn capa_pending(&mut self, capa: Option<StreamId>, policy: &casework::Policy) -> bool {
        let Some(capa) = capa else {
            return false;
        };
        let history = self
            .books
            .capas
            .store
            .load(capa, Version::ZERO)
            .unwrap_or_default();
        Capa::replay(&history).is_ok_and(|state| {
            state.finished() || matches!(state.next_deadline(policy), Ok(Some(_)))
        })
    }

    /// The report, once every stream is checked: the KPIs against their recount.
    ///
    /// # Errors
    /// A [`Failure`] when a KPI differs from its recount.
    pub(crate) fn report(&mut self) -> Result<Report, Failure> {
        let policy = std::sync::Arc::clone(self.desk.last_policy());
        let figures = kpis(&self.checker, &policy, &self.desk.last_spec().sla.metrics)
            .map_err(|what| Failure::setup(&self.config, what))?;
        self.checker.tally.add(KPI, figures);
        Ok(Report {
            config: self.config,
            stats: self.stats.clone(),
            checked: self.checker.tally.0.clone(),
            finished: self.checker.finished,
            open: self.checker.open,
            digest: self.checker.digest,
        })
    }
}

impl Recount {
    fn fold(&mut self, event: &Event, metrics: &[casework::sla::MetricSpec]) {
        match event {
            Event::Resolved { .. } => self.resolved = true,
            Event::Reopened { .. } => self.reopened |= self.resolved,
            Event::Escalated { .. } => self.escalated = true,
            Event::SlaBreached { metric, .. } => {
                if let Some(bit) = metrics.iter().position(|m| m.name == *metric) {
                    self.breached |= 1 << bit;
                }
            }
            Event::FollowUpRecorded { rating, .. } => self.rated = rating.is_some(),
            Event::FollowUpUnanswered { last: true, .. } => self.rated = false,
            _ => {}
        }
        if let Some(status) = event.status() {
            self.finished = status.is_terminal();
        }
    }
}

/// The store holds exactly the events the desk was told were recorded, each
/// once, plus those whose acknowledgement was lost.
fn ledger<A: Simulated>(
    told: &[(u64, &'static str)],
    unacknowledged: usize,
    history: &[Recorded<A::Event>],
) -> Result<(), String> {
    let mut seen = HashSet::new();
    for (version, name) in told {
        if !seen.insert(*version) {
            return Err(format!("event {version} was acknowledged twice"));
        }
        let stored = usize::try_from(*version)
            .ok()
            .and_then(|v| history.get(v.wrapping_sub(1)));
        match stored {
            Some(r) if A::event_name(&r.event) == *name => {}
            Some(r) => {
                return Err(format!(
                    "event {version} was told as {name} but is stored as {}",
                    A::event_name(&r.event)
                ));
            }
            None => {
                return Err(format!(
                    "event {version} ({name}) was acknowledged and is lost"
                ));
            }
        }
    }
    if told.len() + unacknowledged != history.len() {
        return Err(format!(
            "{} events stored, {} acknowledged and {unacknowledged} written unacknowledged",
            history.len(),
            told.len()
        ));
    }
    Ok(())
}

/// Each deadline event is recorded once, and not before it came due.
fn once<A: Simulated>(history: &[Recorded<A::Event>]) -> Result<u64, String> {
    let mut seen = HashSet::new();
    let mut n = 0;
    for r in history {
        let Some(due) = A::came_due(&r.event) else {
            continue;
        };
        n += 1;
        if due > r.at {
            return Err(format!(
                "v{} {} recorded at {} before it came due at {due}",
                r.version.get(),
                A::event_name(&r.event),
                r.at
            ));
        }
        if !seen.insert(format!("{:?}", r.event)) {
            return Err(format!(
                "v{} {} recorded twice",
                r.version.get(),
                A::event_name(&r.event)
            ));
        }
    }
    Ok(n)
}

/// The KPIs of the whole log equal its recount; returns the number of
/// figures compared.
fn kpis(
    checker: &Checker,
    policy: &casework::Policy,
    metrics: &[casework::sla::MetricSpec],
) -> Result<u64, String> {
    let report = checker.kpis.report(policy).map_err(|e| e.to_string())?;
    let cases = &checker.recount;
    let count = |f: &dyn Fn(&Recount) -> bool| cases.values().filter(|c| f(c)).count() as u64;
    let mut figures = vec![
        ("cases", report.cases, cases.len() as u64),
        ("resolved", report.resolved.part, count(&|c| c.resolved)),
        ("escalated", report.escalated.part, count(&|c| c.escalated)),
        (
            "reopened",
            report.reopened.part,
            count(&|c| c.resolved && c.reopened),
        ),
        ("ratings", report.csat.responses, count(&|c| c.rated)),
    ];
    for (bit, metric) in metrics.iter().enumerate() {
        let compliance = report.sla.get(&metric.name).copied().unwrap_or_default();
        let breached = |c: &Recount| c.breached & (1 << bit) != 0;
        figures.push(("breached", compliance.breached, count(&|c| breached(c))));
        figures.push(("finished", compliance.met.whole, count(&|c| c.finished)));
        figures.push((
            "met",
            compliance.met.part,
            count(&|c| c.finished && !breached(c)),
        ));
    }
    for (what, reported, recounted) in &figures {
        if reported != recounted {
            return Err(format!(
                "KPI {what}: reported {reported}, recounted {recounted}"
            ));
        }
    }
    Ok(figures.len() as u64)
}

/// The first response and resolution clocks of a case never reopened, as the
/// library reads them at the end, against the minute-stepping model; returns
/// the number of clocks compared.
fn model(
    driver: &Driver,
    case: &Case,
    history: &[Recorded<Event>],
    end: DateTime<Utc>,
) -> Result<u64, String> {
    if case.reopen_count() > 0 {
        return Ok(0);
    }
    let policy = driver.desk.last_policy();
    let statuses = case.sla_status(policy, end).map_err(|e| e.to_string())?;
    let mut n = 0;
    for status in statuses.iter().filter(|s| s.cycle == 0) {
        let stop = match status.metric {
            "first_response" => first(history, |e| matches!(e, Event::Acknowledged { .. })),
            "resolution" => first(history, |e| matches!(e, Event::Resolved { .. })),
            _ => continue,
        };
        let Some(spec) = resolve_spec(driver.desk.last_spec(), &status.target.calendar) else {
            continue;
        };
        let received = case.intake().map(|i| i.received_at).ok_or("no intake")?;
        if status.started_at != received {
            return Err(format!(
                "{} started at {}, received at {received}",
                status.metric, status.started_at
            ));
        }
        let paused = driver.desk.pauses(status.metric);
        let model = Model::new(spec);
        let until = stop.unwrap_or(end).min(end);
        let mut minute = received;
        let mut elapsed = 0_i64;
        let mut reached = None;
        let limit = match status.target.within {
            Within::Minutes(m) => Some(i64::from(m)),
            _ => None,
        };
        while minute < until {
            if model.is_open(minute) && !paused_at(history, &paused, minute) {
                elapsed += 1;
                if limit == Some(elapsed) && reached.is_none() {
                    reached = Some(minute + TimeDelta::minutes(1));
                }
            }
            minute += TimeDelta::minutes(1);
        }
        if status.elapsed != TimeDelta::minutes(elapsed) {
            return Err(format!(
                "{}: elapsed {} by the library, {elapsed} min by the model",
                status.metric,
                status.elapsed.num_minutes()
            ));
        }
        let breached = history.iter().find_map(|r| match &r.event {
            Event::SlaBreached {
                metric,
                cycle: 0,
                reached_at,
                ..
            } if metric == status.metric => Some(*reached_at),
            _ => None,
        });
        // A breach recorded under the policy before a change counted against
        // that policy's target: compared only under one policy throughout.
        let one_policy = driver
            .desk
            .change
            .as_ref()
            .is_none_or(|(from, _)| received >= *from);
        if one_policy && limit.is_some() && breached.is_some() && breached != reached {
            return Err(format!(
                "{}: breach recorded as reached at {breached:?}, the model says {reached:?}",
                status.metric
            ));
        }
        n += 1;
    }
    Ok(n)
}

/// When the first event `is` was recorded.
fn first(history: &[Recorded<Event>], is: impl Fn(&Event) -> bool) -> Option<DateTime<Utc>> {
    history.iter().find(|r| is(&r.event)).map(|r| r.at)
}

/// Whether the case was in one of `paused` statuses at `at`.
fn paused_at(history: &[Recorded<Event>], paused: &[String], at: DateTime<Utc>) -> bool {
    history
        .iter()
        .take_while(|r| r.at <= at)
        .filter_map(|r| r.event.status())
        .last()
        .is_some_and(|s| paused.iter().any(|p| p == s.as_str()))
}
