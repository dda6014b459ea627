//! The independent calendar model the SLA check steps through minute by
//! minute. It is the calendar tests' own reference model (a naive reading of
//! a spec with chrono-tz, sharing no code with the compiled calendar), used
//! here as it is.

#[allow(unreachable_pub, dead_code, clippy::unwrap_used, clippy::panic, missing_docs)]
#[path = "../../../tests/calendar/model.rs"]
mod calendar;

pub(crate) use calendar::Model;

use casework::PolicySpec;
use casework::calendar::CalendarSpec;

/// The spec of the calendar a target names in `spec`.
pub(crate) fn resolve_spec<'a>(spec: &'a PolicySpec, name: &str) -> Option<&'a CalendarSpec> {
    if name == "business" {
        Some(&spec.calendar)
    } else {
        spec.calendars.get(name)
    }
}
