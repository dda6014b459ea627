//! Business calendars: table tests, DST, bad specs, and properties against a naive
//! minute-stepping model.

mod bad_specs;
pub mod fixtures;
pub(crate) mod model;
mod properties;
mod tables;
#[cfg(feature = "serde")]
mod vectors;

use chrono::{DateTime, TimeZone, Utc};

pub use fixtures::berlin_office;

/// A UTC instant from its RFC 3339 text.
pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .with_timezone(&Utc)
}

/// A local wall-clock instant in `tz`, the earlier one when ambiguous.
pub fn local(tz: chrono_tz::Tz, y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    tz.with_ymd_and_hms(y, m, d, h, min, 0)
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}
