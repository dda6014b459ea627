//! Business calendars: table tests, DST, bad specs, and properties against a naive
//! minute-stepping model.

mod bad_specs;
mod model;
mod properties;
mod tables;

use casework::calendar::{BusinessCalendar, CalendarSpec, Holiday, TimeRange};
use chrono::{DateTime, NaiveDate, TimeZone, Utc, Weekday};

/// Mon–Fri 09:00–12:00 and 13:00–17:00 in Berlin, with the national holidays, a
/// half day on Dec 24 and Dec 31: the calendar the benches use.
pub fn berlin_office_spec() -> CalendarSpec {
    let office = || vec![TimeRange::new("09:00", "12:00"), TimeRange::new("13:00", "17:00")];
    let mut spec = CalendarSpec::new("Europe/Berlin");
    for day in [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri] {
        spec = spec.with_hours(day, office());
    }
    let fixed = |month, day, name: &str| Holiday::Fixed {
        month,
        day,
        observed: casework::calendar::Observed::OnTheDay,
        name: Some(name.into()),
    };
    let easter = |offset, name: &str| Holiday::Easter {
        offset,
        name: Some(name.into()),
    };
    for holiday in [
        fixed(1, 1, "New Year"),
        easter(-2, "Good Friday"),
        easter(1, "Easter Monday"),
        fixed(5, 1, "Labour Day"),
        easter(39, "Ascension"),
        easter(50, "Whit Monday"),
        fixed(10, 3, "German Unity Day"),
        fixed(12, 25, "Christmas Day"),
        fixed(12, 26, "Boxing Day"),
    ] {
        spec = spec.with_holiday(holiday);
    }
    for year in 2000..2100 {
        for day in [24, 31] {
            if let Some(date) = NaiveDate::from_ymd_opt(year, 12, day) {
                if !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
                    spec = spec.with_date_hours(date, vec![TimeRange::new("09:00", "12:00")]);
                }
            }
        }
    }
    spec
}

pub fn berlin_office() -> BusinessCalendar {
    berlin_office_spec().compile().unwrap()
}

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

use chrono::Datelike;
