//! Running hostile calendar specs and queries.

use casework::calendar::{BusinessCalendar, CalendarSpec};
use chrono::{DateTime, Utc};

/// Compiles a spec from JSON: `Ok("compiled")` or the error's text.
pub fn spec(json: &str) -> Result<String, String> {
    compiled(json).map(|_| "compiled".to_owned())
}

fn compiled(json: &str) -> Result<BusinessCalendar, String> {
    let spec: CalendarSpec = serde_json::from_str(json).map_err(|e| e.to_string())?;
    spec.compile().map_err(|e| e.to_string())
}

fn instant(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{text}: {e}"))
}

/// Compiles a spec and asks one query, written `op arg...`: `between A B`,
/// `add T SECONDS`, `sub T SECONDS`, `is_open T`, `next_open T`. Instants answer in
/// RFC 3339, durations in whole seconds (`3600s`).
pub fn query(json: &str, query: &str) -> Result<String, String> {
    let cal = compiled(json)?;
    let words: Vec<&str> = query.split_whitespace().collect();
    let seconds = |text: &str| text.parse::<i64>().map_err(|e| e.to_string());
    let error = |e: casework::calendar::CalendarError| e.to_string();
    match words.as_slice() {
        ["between", a, b] => cal
            .between(instant(a)?, instant(b)?)
            .map(|d| format!("{}s", d.num_seconds()))
            .map_err(error),
        ["add", t, s] => cal
            .add(instant(t)?, chrono::TimeDelta::seconds(seconds(s)?))
            .map(|t| t.to_rfc3339())
            .map_err(error),
        ["sub", t, s] => cal
            .sub(instant(t)?, chrono::TimeDelta::seconds(seconds(s)?))
            .map(|t| t.to_rfc3339())
            .map_err(error),
        ["is_open", t] => cal
            .is_open(instant(t)?)
            .map(|open| open.to_string())
            .map_err(error),
        ["next_open", t] => cal
            .next_open(instant(t)?)
            .map(|t| t.to_rfc3339())
            .map_err(error),
        _ => Err(format!("unknown query {query:?}")),
    }
}

/// A spec with `per_day` intervals every day of the week over `years` years from
/// 1901, each `length` seconds long and `step` seconds apart.
pub fn crowded(per_day: usize, length: u32, step: u32, years: u32) -> String {
    let hms = |s: u32| format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    let day: Vec<String> = (0..per_day as u32)
        .map(|k| format!(r#"["{}","{}"]"#, hms(k * step), hms(k * step + length)))
        .collect();
    let day = day.join(",");
    let week: Vec<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .map(|d| format!(r#""{d}":[{day}]"#))
        .collect();
    format!(
        r#"{{"time_zone":"Europe/Berlin","hours":{{{}}},"range":{{"from":"1901-01-01","until":"{}-01-01"}}}}"#,
        week.join(","),
        1901 + years
    )
}

/// A spec with `count` one-off holidays inside its range.
pub fn many_holidays(count: usize) -> String {
    let holidays: Vec<String> = (0..count)
        .map(|k| format!(r#"{{"rule":"easter","offset":{}}}"#, k % 300))
        .collect();
    format!(
        r#"{{"time_zone":"UTC","hours":{{"mon":[["09:00","17:00"]]}},"holidays":[{}]}}"#,
        holidays.join(",")
    )
}

/// Resolves a local date-time on a Berlin calendar over the default range.
pub fn resolve(local: &str) -> Result<String, String> {
    let cal = compiled(r#"{"time_zone":"Europe/Berlin","hours":{"mon":[["09:00","17:00"]]}}"#)?;
    let local: chrono::NaiveDateTime = local.parse().map_err(|e| format!("{local}: {e}"))?;
    cal.resolve(local)
        .map(|t| t.to_rfc3339())
        .map_err(|e| e.to_string())
}
