//! Hostile inputs: one row per input that once panicked, answered wrongly or was
//! accepted when it should have been refused. Each row runs under `catch_unwind`, so
//! a panic is a failed row, not an aborted test; a new hostile input is one line.
//!
//! A row is `(what, run, expect)`: `run` returns `Ok(answer)` or `Err(error text)`,
//! both as text; `expect` is [`Refused`] with a fragment the error must contain
//! (usually its path), or [`Answer`] with the exact answer.

mod calendar;

use std::panic::{AssertUnwindSafe, catch_unwind};

use self::Expect::{Answer, Refused};

/// What a row must give.
#[derive(Debug, Clone, Copy)]
pub enum Expect {
    /// An error whose text contains this.
    Refused(&'static str),
    /// This answer.
    Answer(&'static str),
}

type Row = (&'static str, fn() -> Result<String, String>, Expect);

/// Every hostile input, by area.
fn rows() -> Vec<Row> {
    use calendar::{query, spec};
    vec![
        // -- calendars --
        (
            "range over 292 years (i64 nanoseconds overflow)",
            || {
                spec(
                    r#"{"time_zone":"UTC","hours":{"mon":[["09:00","17:00"]]},"range":{"from":"1900-01-01","until":"2200-12-31"}}"#,
                )
            },
            Refused("range"),
        ),
        (
            "24/7 over 200 years: between at the extremes",
            || {
                query(
                    r#"{"time_zone":"UTC","hours":{"mon":[["00:00","24:00"]],"tue":[["00:00","24:00"]],"wed":[["00:00","24:00"]],"thu":[["00:00","24:00"]],"fri":[["00:00","24:00"]],"sat":[["00:00","24:00"]],"sun":[["00:00","24:00"]]},"range":{"from":"1901-01-01","until":"2101-01-01"}}"#,
                    "between 1901-01-01T00:00:00Z 2100-12-31T00:00:00Z",
                )
            },
            Answer("6311347200s"),
        ),
    ]
}

#[test]
fn every_hostile_input_is_refused_or_answered_right() {
    let mut failures = Vec::new();
    let rows = rows();
    for (what, run, expect) in &rows {
        let got = catch_unwind(AssertUnwindSafe(run));
        let ok = match (&got, expect) {
            (Ok(Err(error)), Refused(fragment)) => error.contains(fragment),
            (Ok(Ok(answer)), Answer(expected)) => answer == expected,
            _ => false,
        };
        if !ok {
            let got = match got {
                Ok(result) => format!("{result:?}"),
                Err(_) => "a panic".to_owned(),
            };
            failures.push(format!("{what}: expected {expect:?}, got {got}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} hostile inputs failed:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}
