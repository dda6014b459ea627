//! Hostile inputs: one row per input that once panicked, answered wrongly or was
//! accepted when it should have been refused. Each row runs under `catch_unwind`, so
//! a panic is a failed row, not an aborted test; a new hostile input is one line.
//!
//! A row is `(what, run, expect)`: `run` returns `Ok(answer)` or `Err(error text)`,
//! both as text; `expect` is [`Refused`] with a fragment the error must contain
//! (usually its path), or [`Answer`] with the exact answer.

mod calendar;
mod chain;
pub mod fuzz;
mod policy;
mod replay;

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

/// Every hostile input, by area. One line a row: rustfmt leaves the table alone.
#[rustfmt::skip]
fn rows() -> Vec<Row> {
    use calendar::{crowded, many_holidays, query, resolve, spec};
    use policy::{policy_json, policy_toml, sop_with, with_calendars};
    use replay::{commands, execute_on, feedback, kpis, next_deadline, record_after_apply, replay};
    const ALWAYS_200Y: &str = r#"{"time_zone":"UTC","hours":{"mon":[["00:00","24:00"]],"tue":[["00:00","24:00"]],"wed":[["00:00","24:00"]],"thu":[["00:00","24:00"]],"fri":[["00:00","24:00"]],"sat":[["00:00","24:00"]],"sun":[["00:00","24:00"]]},"range":{"from":"1901-01-01","until":"2101-01-01"}}"#;
    const OFFICE: &str = r#"{"time_zone":"UTC","hours":{"mon":[["09:00","17:00"]]}}"#;
    const RESOLVED: &str = r#"{"type":"resolved","resolution":null,"root_cause":null,"first_contact":false,"status":"resolved"}"#;
    const REOPENED: &str = r#"{"type":"reopened","reason":"The refund never arrived.","rework":false,"status":"investigating"}"#;
    const CLOSED: &str = r#"{"type":"closed","status":"closed"}"#;
    const RECEIVED_AT_MAX: &str = r#"[{"logged":{"received_at":"+262142-12-31T23:59:59.999999999Z"}}]"#;
    const ACKNOWLEDGE: &str = r#"{"command":"acknowledge","channel":"email"}"#;
    const FOLLOW_UP_AT_MAX: &str = r#"[{"version":18446744073709551615,"event":{"type":"follow_up_recorded","channel":"phone","rating":2,"comments":"Still waiting.","concern_resolved":false}},{"version":18446744073709551615,"event":{"type":"reopened","reason":"unresolved at follow-up","rework":false,"status":"investigating"}}]"#;
    vec![
        // -- calendars --
        ("range over 292 years (i64 nanoseconds overflow)", || spec(r#"{"time_zone":"UTC","hours":{"mon":[["09:00","17:00"]]},"range":{"from":"1900-01-01","until":"2200-12-31"}}"#), Refused("range: 1900-01-01 to 2200-12-31 is longer than 200 years")),
        ("24/7 over 200 years: between at the extremes", || query(ALWAYS_200Y, "between 1901-01-01T00:00:00Z 2100-12-31T00:00:00Z"), Answer("6311347200s")),
        ("24/7 over 200 years: between the range's ends", || query(ALWAYS_200Y, "between 1901-01-01T00:00:00Z 2101-01-01T00:00:00Z"), Answer("6311433600s")),
        ("24/7 over 200 years: add up to the range's end", || query(ALWAYS_200Y, "add 1901-01-01T00:00:00Z 6311433600"), Answer("2101-01-01T00:00:00+00:00")),
        ("24/7 over 200 years: add one second past the end", || query(ALWAYS_200Y, "add 1901-01-01T00:00:00Z 6311433601"), Refused("no answer for 1901-01-01T00:00:00+00:00")),
        ("24/7 over 200 years: sub back to the range's start", || query(ALWAYS_200Y, "sub 2101-01-01T00:00:00Z 6311433600"), Answer("1901-01-01T00:00:00+00:00")),
        ("add of the largest duration", || query(ALWAYS_200Y, "add 1950-01-01T00:00:00Z 9223372036854775"), Refused("no answer for 1950-01-01")),
        ("an instant far outside the range names it", || query(OFFICE, "is_open 2150-06-01T00:00:00Z"), Refused("the calendar: no answer for 2150-06-01T00:00:00+00:00 within its compiled range")),
        ("resolve at the largest local time", || resolve("+262142-12-31T23:59:59"), Refused("no answer for local time")),
        ("resolve in the Berlin gap", || resolve("2026-03-29T02:30:00"), Answer("2026-03-29T01:30:00+00:00")),
        ("break with an RFC 3339 start after its local end", || spec(r#"{"time_zone":"Europe/Berlin","hours":{"mon":[["09:00","17:00"]]},"breaks":[{"start":"2026-07-01T12:00:00+00:00","end":"2026-07-01T13:00"}]}"#), Refused("breaks[0]: end is not after start")),
        ("break wholly outside the range", || spec(r#"{"time_zone":"UTC","hours":{"mon":[["09:00","17:00"]]},"breaks":[{"start":"2150-07-01T12:00:00Z","end":"2150-07-01T13:00:00Z"}]}"#), Refused("breaks[0]: lies wholly outside the range")),
        ("date_hours outside the range", || spec(r#"{"time_zone":"UTC","hours":{"mon":[["09:00","17:00"]]},"date_hours":{"2150-01-01":[["09:00","12:00"]]}}"#), Refused("date_hours.2150-01-01: 2150-01-01 is outside the range")),
        ("a one-off holiday outside the range", || spec(r#"{"time_zone":"UTC","hours":{"mon":[["09:00","17:00"]]},"holidays":[{"rule":"date","date":"1999-12-31"}]}"#), Refused("holidays[0]: 1999-12-31 is outside the range")),
        ("a bad close names the close", || spec(r#"{"time_zone":"UTC","hours":{"mon":[["09:00","25:00"]]}}"#), Refused("hours.mon[0][1]: close \"25:00\"")),
        ("a bad open names the open", || spec(r#"{"time_zone":"UTC","hours":{"mon":[["9am","17:00"]]}}"#), Refused("hours.mon[0][0]: open \"9am\"")),
        ("97 intervals in a day", || spec(&crowded(97, 60, 600, 10)), Refused("hours.mon: 97 entries; there may be at most 96")),
        ("1,001 holiday rules", || spec(&many_holidays(1_001)), Refused("holidays: 1001 entries; there may be at most 1000")),
        ("96 touching one-second intervals a day for 200 years join", || spec(&crowded(96, 1, 1, 200)), Answer("compiled")),
        ("96 intervals a day for 200 years are too many", || spec(&crowded(96, 60, 600, 200)), Refused("hours: more than 1000000 opening intervals")),
        ("never open: the breaks close everything", || spec(r#"{"time_zone":"UTC","date_hours":{"2026-07-01":[["09:00","10:00"]]},"breaks":[{"start":"2026-07-01T09:00:00Z","end":"2026-07-01T10:00:00Z"}]}"#), Refused("breaks: the calendar is never open")),
        ("never open: the holidays close every date with hours", || spec(r#"{"time_zone":"UTC","hours":{"mon":[["09:00","17:00"]]},"holidays":[{"rule":"nth_weekday","month":1,"weekday":"mon","n":1},{"rule":"nth_weekday","month":1,"weekday":"mon","n":2},{"rule":"nth_weekday","month":1,"weekday":"mon","n":3},{"rule":"nth_weekday","month":1,"weekday":"mon","n":4},{"rule":"nth_weekday","month":1,"weekday":"mon","n":5}],"range":{"from":"2026-01-01","until":"2026-02-01"}}"#), Refused("holidays: the calendar is never open")),
        ("never open: no hours at all", || spec(r#"{"time_zone":"UTC"}"#), Refused("hours: the calendar is never open")),
        // -- replay and folds --
        ("a history without its logged event: [resolved, reopened]", || replay(&format!("[{RESOLVED},{REOPENED}]")), Refused("v1 is `resolved`: a history starts with the `logged` that creates it")),
        ("logged twice: [logged, logged]", || replay(r#"["logged","logged"]"#), Refused("v2 is a second `logged`: a stream is created once")),
        ("closed before logged: [closed, logged]", || replay(&format!("[{CLOSED},\"logged\"]")), Refused("v1 is `closed`: a history starts with the `logged`")),
        ("a logged history replays", || replay(r#"["logged"]"#), Answer("received at v1")),
        ("a version skipped", || replay(r#"["logged",{"event":{"type":"closed","status":"closed"},"version":3}]"#), Refused("v3 where v2 was next")),
        ("an event of another stream", || replay(r#"["logged",{"event":{"type":"closed","status":"closed"},"stream":"00000000-0000-0000-0000-000000000043"}]"#), Refused("v2 belongs to stream 00000000-0000-0000-0000-000000000043")),
        ("an event recorded before the one before it", || replay(r#"["logged",{"event":{"type":"closed","status":"closed"},"at":"2026-11-23T08:00:00Z"}]"#), Refused("v2 was recorded at 2026-11-23 08:00:00 UTC, before the event before it")),
        ("stored logged received at chrono's maximum: monthly_trends", || kpis(RECEIVED_AT_MAX, "monthly_trends"), Refused("case 00000000-0000-0000-0000-000000000042: calendar `business`: no answer for +262142-12-31T23:59:59.999999999+00:00")),
        ("stored logged received at chrono's maximum: report", || kpis(RECEIVED_AT_MAX, "report"), Refused("case 00000000-0000-0000-0000-000000000042: calendar `business`: no answer for +262142-12-31T23:59:59.999999999+00:00")),
        ("stored logged received at chrono's maximum: report by month", || kpis(RECEIVED_AT_MAX, "report_by_month"), Refused("case 00000000-0000-0000-0000-000000000042: calendar `business`: no answer for +262142")),
        ("stored logged received at chrono's maximum: execute", || execute_on(RECEIVED_AT_MAX, ACKNOWLEDGE), Refused("refused: calendar `business`: no answer for +262142-12-31T23:59:59.999999999+00:00")),
        ("Log received in 1999", || commands(r#"[{"log":{"received_at":"1999-06-01T09:00:00Z"}}]"#), Refused("calendar `business`: no answer for 1999-06-01T09:00:00+00:00 within its compiled range")),
        ("Log received at chrono's minimum", || commands(r#"[{"log":{"received_at":"-262143-01-01T00:00:00Z"}}]"#), Refused("calendar `business`: no answer for -262143-01-01T00:00:00+00:00 within its compiled range")),
        ("Log occurred at chrono's minimum", || commands(r#"[{"log":{"occurred_at":"-262143-01-01T00:00:00Z"}}]"#), Refused("calendar `business`: no answer for -262143-01-01T00:00:00+00:00")),
        ("feedback_log at version u64::MAX", || feedback(FOLLOW_UP_AT_MAX), Answer("v18446744073709551615 answered []")),
        ("Resolve on a never-logged case built by apply", || record_after_apply(&format!("[{RESOLVED},{REOPENED}]"), r#"{"command":"resolve"}"#), Refused("the case is not logged yet, so it cannot take `resolve`")),
        ("Resolve on a stored history without its logged event", || execute_on(&format!("[{RESOLVED},{REOPENED}]"), r#"{"command":"resolve"}"#), Refused("the stored history cannot be replayed: v1 is `resolved`")),
        ("a ladder level past the calendar's end names the level", || next_deadline(r#"[{"logged":{"received_at":"2099-12-31T22:00:00Z"}}]"#), Refused("ladder level 1 cannot be timed: calendar `always`: no answer for 2099-12-31T22:00:00+00:00")),
        ("Resolve on a never-logged case", || commands(r#"[{"command":"resolve"}]"#), Refused("the case is not logged yet, so it cannot take `resolve`")),
        // -- policies --
        ("three calendars of 96 intervals a day for 200 years", || sop_with(|p| for name in ["c1", "c2", "c3"] { p.calendars.insert(name.into(), serde_json::from_str(&calendar::crowded(96, 1, 1, 200)).unwrap()); }), Refused("calendars: the calendars list 21")),
        ("32 round-the-clock calendars over the default range compile", || policy_json(&with_calendars(32)), Answer("compiled")),
        (
            "a bad date in date_hours names its path",
            || {
                policy_json(
                    r#"{"calendar":{"time_zone":"UTC","date_hours":{"2026-02-30":[["09:00","12:00"]]}}}"#,
                )
            },
            Refused("calendar.date_hours.2026-02-30: "),
        ),
        (
            "a bad date in date_hours, in TOML, names its path",
            || {
                policy_toml(
                    "[calendar]\ntime_zone = \"UTC\"\n[calendar.date_hours]\n\"2026-13-01\" = []\n",
                )
            },
            Refused("calendar.date_hours.2026-13-01: "),
        ),
        (
            "a misspelt command kind suggests the right one",
            || policy_json(r#"{"permissions":{"management":["add_note","escalte"]}}"#),
            Refused(
                "permissions.management[1]: unknown command kind `escalte`: did you mean `escalate`?",
            ),
        ),
        (
            "a misspelt command kind, in TOML, suggests the right one at its path",
            || policy_toml("[permissions]\nsystem = [\"escalate\", \"record_deadlne\"]\n"),
            Refused("permissions.system[1]: "),
        ),
        (
            "a calendar named with the empty string",
            || policy_json(r#"{"calendars":{"":{"time_zone":"UTC"}}}"#),
            Refused("calendars: a calendar has an empty name"),
        ),
        (
            "a calendar name with a dot",
            || policy_json(r#"{"calendars":{"eu.berlin":{"time_zone":"Europe/Berlin"}}}"#),
            Refused("calendars.eu.berlin: `eu.berlin` is not a calendar name"),
        ),
        (
            "a calendar name with brackets",
            || policy_json(r#"{"calendars":{"always[0]":{"time_zone":"UTC"}}}"#),
            Refused("calendars.always[0]: `always[0]` is not a calendar name"),
        ),
        (
            "33 calendars, one more than the limit",
            || policy_json(&with_calendars(33)),
            Refused("calendars: 33 entries; there may be at most 32"),
        ),
        (
            "a hundred thousand calendars",
            || policy_json(&with_calendars(100_000)),
            Refused("calendars: 100000 entries; there may be at most 32"),
        ),
        (
            "32 calendars, the limit",
            || policy_json(&with_calendars(32)),
            Answer("compiled"),
        ),
        (
            "a ladder level after u32::MAX minutes",
            || sop_with(|p| p.priority.ladders[0].levels[2].after_minutes = u32::MAX),
            Refused(
                "priority.ladders[0].levels[2].after_minutes: 4294967295 minutes is more than a year",
            ),
        ),
        (
            "a ladder level after exactly a year, the limit",
            || sop_with(|p| p.priority.ladders[0].levels[2].after_minutes = 365 * 24 * 60),
            Answer("compiled"),
        ),
        (
            "a ladder of a million levels",
            || {
                sop_with(|p| {
                    let level = p.priority.ladders[0].levels[0];
                    p.priority.ladders[0].levels = vec![level; 1_000_000];
                })
            },
            Refused("priority.ladders[0].levels: 1000000 levels"),
        ),
        (
            "a survey interval of u32::MAX days",
            || policy_json(r#"{"feedback":{"survey":{"min_days_between":4294967295}}}"#),
            Refused("feedback.survey.min_days_between: 4294967295 is not from 0 to 365"),
        ),
        (
            "a financial threshold past what JSON keeps exactly",
            || {
                sop_with(|p| {
                    p.priority.severity.rules[2].when =
                        casework::priority::Condition::FinancialImpactAbove { amount: u64::MAX };
                })
            },
            Refused("priority.severity.rules[2].when.amount: 18446744073709551615 is more than"),
        ),
        (
            "a command kind granted ten thousand times is granted once",
            || {
                let json = format!(
                    r#"{{"auditor":[{}]}}"#,
                    vec![r#""add_note""#; 10_000].join(",")
                );
                let table: casework::Permissions = serde_json::from_str(&json).unwrap();
                Ok(table
                    .granted(casework::Role::Auditor)
                    .map(|k| k.to_string())
                    .collect::<Vec<_>>()
                    .join(","))
            },
            Answer("add_note"),
        ),
        (
            "a priority matrix of a thousand rows",
            || sop_with(|p| p.priority.matrix.cells = vec![vec![1, 2, 3]; 1000]),
            Refused("priority.matrix.cells: more than 5 × 5 cells"),
        ),
        (
            "a thousand SLA targets",
            || {
                sop_with(|p| {
                    let target = p.sla.targets[0].clone();
                    p.sla.targets = vec![target; 1000];
                })
            },
            Refused("sla.targets: 1000 entries; there may be at most 256"),
        ),
        (
            "a case category list of a hundred thousand",
            || {
                sop_with(|p| {
                    let category = p.case.categories[0].clone();
                    p.case.categories = vec![category; 100_000];
                })
            },
            Refused("case.categories: 100000 entries; there may be at most 1000"),
        ),
        (
            "a lifecycle table of a thousand rows",
            || {
                sop_with(|p| {
                    let row = p.case.lifecycle.transitions[0].clone();
                    p.case.lifecycle.transitions = vec![row; 1000];
                })
            },
            Refused("case.lifecycle.transitions: 1000 entries; there may be at most 256"),
        ),
        (
            "a checklist of ten thousand items",
            || {
                sop_with(|p| {
                    let item = p.delivery.checklist.items[0].clone();
                    p.delivery.checklist.items = vec![item; 10_000];
                })
            },
            Refused("delivery.checklist.items: 10000 entries; there may be at most 200"),
        ),
        (
            "a thousand retention classes",
            || {
                sop_with(|p| {
                    let class = p.governance.retention[0].clone();
                    p.governance.retention = vec![class; 1000];
                })
            },
            Refused("governance.retention: 1000 entries; there may be at most 64"),
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
