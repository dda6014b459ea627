//! Running hostile histories and commands against a case: its replay, `record` on
//! a state built by `apply`, the storage port's `execute`, the KPI folds and the
//! feedback log.
//!
//! Histories and commands are JSON arrays. An element that is a string names a
//! fixture: `"logged"` is the logged event, and `"log"` the `Log` command, of the
//! case tests' complaint (received Monday 2026-11-23 09:00 UTC). An object with
//! the single key `logged` or `log` is that fixture with the intake fields it
//! gives replaced. Any other object is an event or a command in its wire form.

use casework::Aggregate as _;
use casework::case::{self, Case, Command, Event};
use casework::feedback::{Retention, feedback_log};
use casework::kpi::{Kpis, TrendRule};
use casework::store::{CaseStore, DEFAULT_RETRIES, ExpectedVersion, InMemoryStore, execute};
use casework::{Actor, Ctx, Policy, Recorded, Role, Severity, StreamId, Version};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde_json::Value;

use crate::case::fixtures::{actor, case_id, csr, log, monday};

static POLICY: std::sync::LazyLock<Policy> =
    std::sync::LazyLock::new(|| Policy::sop_default().unwrap());

/// A desk hand who may log, acknowledge, investigate and resolve.
fn agent() -> Actor {
    actor(
        5,
        &[
            Role::CustomerServiceRepresentative,
            Role::CustomerServiceManager,
        ],
    )
}

fn stream() -> StreamId {
    StreamId::from(case_id())
}

/// `n` minutes after the fixture's Monday 09:00.
fn minute(n: usize) -> DateTime<Utc> {
    monday() + TimeDelta::minutes(i64::try_from(n).unwrap())
}

fn parse(json: &str) -> Result<Vec<Value>, String> {
    serde_json::from_str(json).map_err(|e| format!("{json}: {e}"))
}

/// The fixture `name` in wire form: the `Log` command, or the `logged` event
/// that recording it on the SOP desk gives.
fn named(name: &str) -> Value {
    let log = log(case::CaseKind::Complaint, Severity::High);
    if name == "log" {
        return serde_json::to_value(&log).unwrap();
    }
    let ctx = Ctx::new(monday(), agent(), &POLICY);
    let recorded = Case::default().record(&log, &ctx).unwrap();
    serde_json::to_value(&recorded[0].event).unwrap()
}

/// The fixture named by `element` (`name`), with the intake fields it gives
/// replaced, or `None` when `element` is an event or a command in wire form.
fn fixture(element: &Value, name: &str) -> Result<Option<Value>, String> {
    let changes = match element {
        Value::String(named) if named == name => serde_json::Map::new(),
        Value::Object(fields) if fields.len() == 1 && fields.contains_key(name) => {
            match &fields[name] {
                Value::Object(changes) => changes.clone(),
                other => return Err(format!("{other}: intake changes are an object")),
            }
        }
        Value::String(other) => return Err(format!("no fixture named {other:?}")),
        _ => return Ok(None),
    };
    let mut value = named(name);
    if let Some(Value::Object(intake)) = value.get_mut("intake") {
        intake.extend(changes);
    }
    Ok(Some(value))
}

fn event(element: &Value) -> Result<Event, String> {
    let value = fixture(element, "logged")?.unwrap_or_else(|| element.clone());
    serde_json::from_value(value).map_err(|e| format!("{element}: {e}"))
}

fn command(element: &Value) -> Result<Command, String> {
    let value = fixture(element, "log")?.unwrap_or_else(|| element.clone());
    serde_json::from_value(value).map_err(|e| format!("{element}: {e}"))
}

/// The events of `json` as the fixture case's stream: versions 1, 2, ...,
/// recorded a minute apart from Monday 09:00 by the CSR. An element
/// `{"event": ..., "version": n, "at": t, "stream": id}` sets its envelope's
/// fields (each but `event` may be left out).
fn history(json: &str) -> Result<Vec<Recorded<Event>>, String> {
    parse(json)?
        .iter()
        .enumerate()
        .map(|(i, element)| {
            let envelope = |field: &str| element.get("event").and(element.get(field));
            let version = match envelope("version") {
                Some(v) => v.as_u64().ok_or_else(|| format!("{v}: not a version"))?,
                None => u64::try_from(i).unwrap() + 1,
            };
            let at = match envelope("at") {
                Some(t) => serde_json::from_value(t.clone()).map_err(|e| format!("{t}: {e}"))?,
                None => minute(i),
            };
            let stream = match envelope("stream") {
                Some(id) => serde_json::from_value(id.clone()).map_err(|e| format!("{id}: {e}"))?,
                None => stream(),
            };
            let event = event(element.get("event").unwrap_or(element))?;
            Ok(Recorded::new(
                stream,
                Version::new(version),
                at,
                csr().id,
                event,
            ))
        })
        .collect()
}

/// Replays a history: the case's status and version, or the refusal.
pub fn replay(json: &str) -> Result<String, String> {
    let case = Case::replay(&history(json)?).map_err(|e| e.to_string())?;
    Ok(format!(
        "{} at {}",
        case.status().map_or("nothing", |s| s.as_str()),
        case.version()
    ))
}

/// Folds a history into the KPIs and asks for `figure`: `report`,
/// `report_by_month`, or `monthly_trends` (November 2026, the default rule).
pub fn kpis(json: &str, figure: &str) -> Result<String, String> {
    let kpis = Kpis::from_events(&history(json)?);
    let policy = &*POLICY;
    let error = |e: casework::kpi::KpiError| e.to_string();
    match figure {
        "report" => kpis
            .report(policy)
            .map(|r| format!("{} cases", r.cases))
            .map_err(error),
        "report_by_month" => kpis
            .report_by(casework::kpi::Dimension::Month, policy)
            .map(|r| format!("{:?}", r.keys().collect::<Vec<_>>()))
            .map_err(error),
        "monthly_trends" => kpis
            .monthly_trends(
                policy,
                NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
                &TrendRule::default(),
            )
            .map(|t| format!("{} trends", t.len()))
            .map_err(error),
        _ => Err(format!("unknown figure {figure:?}")),
    }
}

/// Records the commands of `json` on a new case, a minute apart from Monday
/// 09:00: the names of the last command's events, or the first refusal.
pub fn commands(json: &str) -> Result<String, String> {
    let policy = &*POLICY;
    let mut case = Case::default();
    let mut last = Vec::new();
    for (i, element) in parse(json)?.iter().enumerate() {
        let ctx = Ctx::new(minute(i), agent(), policy);
        last = case
            .record(&command(element)?, &ctx)
            .map_err(|e| e.to_string())?;
    }
    Ok(names(&last))
}

/// Folds a history into a case with `apply` alone (no replay checks), then
/// records `command`: what `record` stamps, or its refusal.
pub fn record_after_apply(history_json: &str, command_json: &str) -> Result<String, String> {
    let policy = &*POLICY;
    let history = history(history_json)?;
    let mut case = Case::default();
    for recorded in &history {
        casework::Aggregate::apply(&mut case, recorded);
    }
    let command = command(&serde_json::from_str(command_json).map_err(|e| e.to_string())?)?;
    let ctx = Ctx::new(minute(history.len()), agent(), policy);
    case.record(&command, &ctx)
        .map(|recorded| names(&recorded))
        .map_err(|e| e.to_string())
}

/// Stores a history (linked into its audit chain) and executes `command_json`
/// on it through the storage port: the names of the events recorded, or the
/// refusal.
pub fn execute_on(history_json: &str, command_json: &str) -> Result<String, String> {
    let policy = &*POLICY;
    let history = history(history_json)?;
    let mut store = InMemoryStore::new();
    store
        .append(stream(), ExpectedVersion::NoStream, &history)
        .map_err(|e| e.to_string())?;
    let command = command(&serde_json::from_str(command_json).map_err(|e| e.to_string())?)?;
    let ctx = Ctx::new(minute(history.len()), agent(), policy);
    execute::<Case, _>(&mut store, stream(), &command, &ctx, DEFAULT_RETRIES)
        .map(|recorded| names(&recorded))
        .map_err(|e| e.to_string())
}

/// The feedback log of a history, each entry as `version response [actions]`.
pub fn feedback(json: &str) -> Result<String, String> {
    let log = feedback_log(&history(json)?, Retention::FEEDBACK_LOG);
    Ok(log
        .iter()
        .map(|entry| {
            let response = match entry.response {
                casework::feedback::Response::Answered { .. } => "answered",
                casework::feedback::Response::Waived { .. } => "waived",
                _ => "no_answer",
            };
            format!("{} {response} {:?}", entry.version, entry.actions_taken)
        })
        .collect::<Vec<_>>()
        .join("; "))
}

fn names(recorded: &[Recorded<Event>]) -> String {
    let names: Vec<&str> = recorded.iter().map(|r| r.event.name()).collect();
    names.join(", ")
}

/// Replays `json` and asks the case for its next deadline: the deadline, or the
/// refusal.
pub fn next_deadline(json: &str) -> Result<String, String> {
    let history = history(json)?;
    let case = Case::replay(&history).map_err(|e| e.to_string())?;
    case.next_deadline(&POLICY)
        .map(|due| format!("{due:?}"))
        .map_err(|e| e.to_string())
}
