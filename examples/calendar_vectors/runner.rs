//! Reads calendar test vectors (JSON Lines) and checks a compiled calendar against
//! each. Shared by `examples/calendar_vectors` and the integration tests.
//!
//! Two formats are read, and may be mixed in one file. Blank lines and lines starting
//! with `#` are skipped.
//!
//! # The golden format
//! The format of `tests/data/calendar/CONVENTIONS.md` (a copy of the shared vectors'
//! README), whose files come from an independent implementation:
//! - line 1 defines the calendar: `{"calendar": {"name": …, "time_zone": …, "hours":
//!   {…}, "holidays": ["2024-01-01", …], "date_hours": {…}, "breaks": [[start, end],
//!   …]}}`; every query after it is about that calendar;
//! - queries: `{"op": "add", "start": …, "seconds": 3600, "expect": …}`, `sub` alike,
//!   `{"op": "between", "start": …, "end": …, "expect_seconds": …}`,
//!   `{"op": "is_open", "at": …, "expect": true}` and
//!   `{"op": "next_open", "at": …, "expect": …}`.
//!
//! # The project's format
//! - A **definition**: `{"calendar": "berlin-office", "spec": { ...CalendarSpec... }}`.
//!   Later lines refer to the calendar by name.
//! - A **query**: `{"calendar": "berlin-office", "op": "add", "t": "...", "seconds": 3600,
//!   "expect": "2026-11-24T09:00:00Z"}`. Operations and their arguments:
//!
//! | op | arguments | expect |
//! |---|---|---|
//! | `is_open` | `t` | `true` / `false` |
//! | `next_open`, `next_close` | `t` | an RFC 3339 instant |
//! | `add`, `sub` | `t`, `seconds` | an RFC 3339 instant |
//! | `between` | `a`, `b` | seconds (may be negative) |
//! | `is_business_day` | `date` | `true` / `false` |
//! | `business_days_after`, `business_days_later` | `t`, `n` | an RFC 3339 instant |
//!
//! Any `expect` may instead be `"out_of_range"`: the query must be refused with
//! `CalendarError::OutOfRange`.
//!
//! The argument names of both formats are accepted for every op (`t`, `start` or
//! `at` for the instant; `a`/`b` or `start`/`end` for `between`; `expect` or
//! `expect_seconds` for its answer); a query without a `calendar` name is about the
//! calendar defined last in the file.

use std::collections::HashMap;
use std::time::Duration;

use casework::calendar::{BusinessCalendar, CalendarError, CalendarSpec};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde_json::{Value, json};

/// What a run of vector files found.
#[derive(Debug, Default)]
pub struct Outcome {
    pub passed: usize,
    pub failures: Vec<String>,
    /// Time spent in each operation, per query.
    pub timings: HashMap<String, Vec<Duration>>,
}

/// The calendars one file defined, and the one defined last.
#[derive(Default)]
struct Calendars {
    by_name: HashMap<String, BusinessCalendar>,
    last: Option<String>,
}

/// Runs every vector of one file's text, naming failures by `source:line`.
pub fn run(source: &str, text: &str, outcome: &mut Outcome) {
    let mut calendars = Calendars::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = format!("{source}:{}", n + 1);
        match check(line, &mut calendars, outcome) {
            Ok(()) => {}
            Err(why) => outcome.failures.push(format!("{at}: {why}")),
        }
    }
}

fn check(line: &str, calendars: &mut Calendars, outcome: &mut Outcome) -> Result<(), String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    if let Some((name, spec)) = definition(&v)? {
        let calendar = spec
            .compile()
            .map_err(|e| format!("spec does not compile: {e}"))?;
        calendars.by_name.insert(name.clone(), calendar);
        calendars.last = Some(name);
        return Ok(());
    }
    let name = match v.get("calendar") {
        Some(name) => name.as_str().ok_or("\"calendar\" is not a name")?,
        None => calendars
            .last
            .as_deref()
            .ok_or("a query before any calendar")?,
    };
    let cal = calendars
        .by_name
        .get(name)
        .ok_or_else(|| format!("calendar {name:?} is not defined above"))?;
    let op = str_arg(&v, "op")?;
    let expect = v
        .get("expect")
        .or_else(|| v.get("expect_seconds"))
        .ok_or("no expect")?;
    let t = || instant(&v, &["t", "start", "at"]);
    let query: Box<dyn Fn() -> Result<Answer, CalendarError>> = match op {
        "is_open" => {
            let t = t()?;
            Box::new(move || cal.is_open(t).map(Answer::Bool))
        }
        "next_open" => {
            let t = t()?;
            Box::new(move || cal.next_open(t).map(Answer::Instant))
        }
        "next_close" => {
            let t = t()?;
            Box::new(move || cal.next_close(t).map(Answer::Instant))
        }
        "add" | "sub" => {
            let (t, d) = (t()?, seconds(&v)?);
            if op == "add" {
                Box::new(move || cal.add(t, d).map(Answer::Instant))
            } else {
                Box::new(move || cal.sub(t, d).map(Answer::Instant))
            }
        }
        "between" => {
            let (a, b) = (instant(&v, &["a", "start"])?, instant(&v, &["b", "end"])?);
            Box::new(move || cal.between(a, b).map(Answer::Duration))
        }
        "is_business_day" => {
            let date: NaiveDate = str_arg(&v, "date")?
                .parse()
                .map_err(|e| format!("bad date: {e}"))?;
            Box::new(move || cal.is_business_day(date).map(Answer::Bool))
        }
        "business_days_after" | "business_days_later" => {
            let (t, n) = (t()?, count(&v)?);
            if op == "business_days_after" {
                Box::new(move || cal.business_days_after(t, n).map(Answer::Instant))
            } else {
                Box::new(move || cal.business_days_later(t, n).map(Answer::Instant))
            }
        }
        other => return Err(format!("unknown op {other:?}")),
    };
    let got = query();
    // The clock is read here, in test tooling, to time queries; the library never does.
    #[allow(clippy::disallowed_methods)]
    let started = std::time::Instant::now();
    for _ in 0..REPEAT {
        let _ = std::hint::black_box(query());
    }
    outcome
        .timings
        .entry(op.to_owned())
        .or_default()
        .push(started.elapsed() / REPEAT);
    let matches = match (&got, expect) {
        (Err(CalendarError::OutOfRange { .. }), Value::String(s)) => s == "out_of_range",
        (Ok(Answer::Bool(g)), Value::Bool(e)) => g == e,
        (Ok(Answer::Instant(g)), Value::String(e)) => {
            DateTime::parse_from_rfc3339(e).is_ok_and(|e| e == *g)
        }
        (Ok(Answer::Duration(g)), Value::Number(e)) => e
            .as_f64()
            .is_some_and(|e| TimeDelta::milliseconds((e * 1000.0).round() as i64) == *g),
        _ => false,
    };
    if matches {
        outcome.passed += 1;
        Ok(())
    } else {
        Err(format!("{op}: expected {expect}, got {got:?}"))
    }
}

/// The calendar a definition line defines, in either format; `None` for a query.
fn definition(v: &Value) -> Result<Option<(String, CalendarSpec)>, String> {
    let spec = match (v.get("calendar"), v.get("spec")) {
        (Some(Value::String(name)), Some(spec)) => Some((name.clone(), spec.clone())),
        (Some(golden @ Value::Object(_)), None) => {
            Some((str_arg(golden, "name")?.to_owned(), golden_spec(golden)?))
        }
        _ => None,
    };
    spec.map(|(name, spec)| {
        serde_json::from_value(spec)
            .map(|spec| (name, spec))
            .map_err(|e| format!("bad spec: {e}"))
    })
    .transpose()
}

/// A [`CalendarSpec`] in JSON from a golden-format calendar: its holidays are dates,
/// its breaks `[start, end]` pairs. The default range covers every query.
fn golden_spec(golden: &Value) -> Result<Value, String> {
    let list = |key: &str| golden.get(key).and_then(Value::as_array).cloned();
    let holidays: Vec<Value> = list("holidays")
        .unwrap_or_default()
        .into_iter()
        .map(|date| json!({ "rule": "date", "date": date }))
        .collect();
    let breaks = list("breaks")
        .unwrap_or_default()
        .into_iter()
        .map(|pair| match pair.as_array().map(Vec::as_slice) {
            Some([start, end]) => Ok(json!({ "start": start, "end": end })),
            _ => Err(format!("break {pair} is not a [start, end] pair")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(json!({
        "time_zone": golden.get("time_zone"),
        "hours": golden.get("hours").cloned().unwrap_or_else(|| json!({})),
        "holidays": holidays,
        "date_hours": golden.get("date_hours").cloned().unwrap_or_else(|| json!({})),
        "breaks": breaks,
    }))
}

fn str_arg<'a>(v: &'a Value, key: &str) -> Result<&'a str, String> {
    v.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("missing string {key:?}"))
}

/// The instant under the first of `keys` that the line has.
fn instant(v: &Value, keys: &[&str]) -> Result<DateTime<Utc>, String> {
    let key = keys
        .iter()
        .find(|k| v.get(**k).is_some())
        .ok_or_else(|| format!("missing instant {}", keys.join(" or ")))?;
    let s = str_arg(v, key)?;
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{key} {s:?}: {e}"))
}

fn seconds(v: &Value) -> Result<TimeDelta, String> {
    let s = v
        .get("seconds")
        .and_then(Value::as_f64)
        .ok_or("missing number \"seconds\"")?;
    Ok(TimeDelta::milliseconds((s * 1000.0).round() as i64))
}

fn count(v: &Value) -> Result<u32, String> {
    v.get("n")
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| "missing count \"n\"".to_owned())
}

/// How many times each query is repeated to time it.
const REPEAT: u32 = 64;

/// A query's answer.
#[derive(Debug)]
enum Answer {
    Bool(bool),
    Instant(DateTime<Utc>),
    Duration(TimeDelta),
}
