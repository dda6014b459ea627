//! The invariants a run must keep, checked after it against independent
//! recounts from the stored rows.

use std::collections::{BTreeMap, HashSet};

use casework::case::{Case, Event};
use casework::kpi::Kpis;
use casework::sla::Within;
use casework::store::{CaseStore, verify_history};
use casework::{Aggregate, Ctx, Recorded, StreamId, Version};
use chrono::{DateTime, TimeDelta, Utc};

use crate::driver::Driver;
use crate::model::{Model, resolve_spec};
use crate::report::{Checked, Failure, Report};

/// Counts per invariant, in the order they are reported.
#[derive(Default)]
struct Tally(Vec<Checked>);

impl Tally {
    fn add(&mut self, invariant: &'static str, n: u64) {
        match self.0.iter_mut().find(|c| c.invariant == invariant) {
            Some(c) => c.count += n,
            None => self.0.push(Checked {
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

/// Checks every invariant over the run's store.
///
/// # Errors
/// The first [`Failure`], with the stream's history.
pub(crate) fn check(driver: &mut Driver) -> Result<Report, Failure> {
    if let Some(violation) = driver.stats.violations.first() {
        return Err(Failure::setup(&driver.config, violation.clone()));
    }
    let mut tally = Tally::default();
    let end = driver.end;
    let policy = driver.desk.last_policy().clone();
    let scheduler = driver.desk.scheduler;
    let sample_every =
        (driver.streams().len() as u64 / u64::from(driver.config.model_sample.max(1))).max(1);
    let mut all = Vec::new();
    let (mut finished, mut open, mut digest) = (0, 0, 0xCBF2_9CE4_8422_2325_u64);
    for (n, stream) in driver.streams().into_iter().enumerate() {
        let rows = CaseStore::<Event>::load_rows(driver.store.inner(), stream, Version::ZERO)
            .map_err(|e| driver.failure(stream, format!("load: {e}")))?;
        if let Err(e) = verify_history(stream, &rows) {
            return Err(driver.failure(stream, format!("the chain does not verify: {e}")));
        }
        tally.add(CHAIN, 1);
        for row in &rows {
            for byte in row.hash.as_deref().unwrap_or_default().bytes() {
                digest = (digest ^ u64::from(byte)).wrapping_mul(0x0100_0000_01B3);
            }
        }
        let history = CaseStore::<Event>::load(driver.store.inner(), stream, Version::ZERO)
            .map_err(|e| driver.failure(stream, format!("load: {e}")))?;
        ledger(driver, stream, &history).map_err(|what| driver.failure(stream, what))?;
        tally.add(LEDGER, history.len() as u64);
        tally.add(
            ONCE,
            once(&history).map_err(|what| driver.failure(stream, what))?,
        );

        let mut case =
            Case::replay(&history).map_err(|e| driver.failure(stream, format!("replay: {e}")))?;
        let next = case
            .next_deadline(&policy)
            .map_err(|e| driver.failure(stream, format!("next deadline: {e}")))?;
        let left = case
            .record_due(&Ctx::new(end, scheduler, &policy))
            .map_err(|e| driver.failure(stream, format!("record_due at the end: {e}")))?;
        if !left.is_empty() || next.is_some_and(|at| at <= end) {
            return Err(driver.failure(
                stream,
                format!(
                    "due by the end but not recorded: {} events, next {next:?}",
                    left.len()
                ),
            ));
        }
        tally.add(CAUGHT_UP, 1);
        if case.status().is_some_and(|s| s.is_terminal()) {
            finished += 1;
        } else if next.is_some() {
            open += 1;
        } else {
            return Err(driver.failure(
                stream,
                "open, with no deadline pending: nothing will ever bring it back".into(),
            ));
        }
        tally.add(PENDING, 1);
        if n as u64 % sample_every == 0 {
            let clocks =
                model(driver, &case, &history, end).map_err(|what| driver.failure(stream, what))?;
            tally.add(MODEL, clocks);
        }
        all.extend(history);
    }
    tally.add(
        KPI,
        kpis(&all, &policy).map_err(|what| Failure::setup(&driver.config, what))?,
    );
    Ok(Report {
        config: driver.config,
        stats: driver.stats.clone(),
        checked: tally.0,
        finished,
        open,
        digest,
    })
}

/// The store holds exactly the events the desk was told were recorded, each
/// once, plus those whose acknowledgement was lost.
fn ledger(driver: &Driver, stream: StreamId, history: &[Recorded<Event>]) -> Result<(), String> {
    let told = driver.ledger.get(&stream).map_or(&[][..], Vec::as_slice);
    let mut seen = HashSet::new();
    for (version, name) in told {
        if !seen.insert(*version) {
            return Err(format!("event {version} was acknowledged twice"));
        }
        let stored = usize::try_from(*version)
            .ok()
            .and_then(|v| history.get(v.wrapping_sub(1)));
        match stored {
            Some(r) if r.event.name() == *name => {}
            Some(r) => {
                return Err(format!(
                    "event {version} was told as {name} but is stored as {}",
                    r.event.name()
                ));
            }
            None => {
                return Err(format!(
                    "event {version} ({name}) was acknowledged and is lost"
                ));
            }
        }
    }
    let unacknowledged: usize = driver
        .store
        .unacknowledged
        .iter()
        .filter(|(s, ..)| *s == stream)
        .map(|(.., n)| *n)
        .sum();
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
fn once(history: &[Recorded<Event>]) -> Result<u64, String> {
    let mut seen = HashSet::new();
    let mut n = 0;
    for r in history {
        let Some(due) = Case::came_due(&r.event) else {
            continue;
        };
        n += 1;
        if due > r.at {
            return Err(format!(
                "v{} {} recorded at {} before it came due at {due}",
                r.version.get(),
                r.event.name(),
                r.at
            ));
        }
        if !seen.insert(format!("{:?}", r.event)) {
            return Err(format!(
                "v{} {} recorded twice",
                r.version.get(),
                r.event.name()
            ));
        }
    }
    Ok(n)
}

/// The KPIs of the whole log equal a recount from the raw events; returns the
/// number of figures compared.
fn kpis(all: &[Recorded<Event>], policy: &casework::Policy) -> Result<u64, String> {
    let report = Kpis::from_events(all)
        .report(policy)
        .map_err(|e| e.to_string())?;
    #[derive(Default)]
    struct Recount {
        resolved: bool,
        reopened: bool,
        escalated: bool,
        finished: bool,
        breached: HashSet<String>,
        /// The latest follow-up's rating: what the CSAT counts.
        rated: bool,
    }
    let mut cases: BTreeMap<StreamId, Recount> = BTreeMap::new();
    for r in all {
        let c = cases.entry(r.stream).or_default();
        match &r.event {
            Event::Resolved { .. } => c.resolved = true,
            Event::Reopened { .. } => c.reopened |= c.resolved,
            Event::Escalated { .. } => c.escalated = true,
            Event::SlaBreached { metric, .. } => {
                c.breached.insert(metric.clone());
            }
            Event::FollowUpRecorded { rating, .. } => c.rated = rating.is_some(),
            Event::FollowUpUnanswered { last: true, .. } => c.rated = false,
            _ => {}
        }
        if let Some(status) = r.event.status() {
            c.finished = status.is_terminal();
        }
    }
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
    for (metric, compliance) in &report.sla {
        figures.push((
            "breached",
            compliance.breached,
            count(&|c| c.breached.contains(metric)),
        ));
        figures.push(("finished", compliance.met.whole, count(&|c| c.finished)));
        figures.push((
            "met",
            compliance.met.part,
            count(&|c| c.finished && !c.breached.contains(metric)),
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
