//! Calendars shared by the tests and the benches (which include this file by path).

use casework::calendar::{
    BusinessCalendar, CalendarRange, CalendarSpec, Holiday, Observed, TimeRange,
};
use chrono::{Datelike, NaiveDate, Weekday};

/// Mon–Fri 09:00–12:00 and 13:00–17:00 in Berlin, with the national holidays, a
/// half day on Dec 24 and Dec 31: the calendar the benches use, over the default
/// range.
pub fn berlin_office_spec() -> CalendarSpec {
    berlin_office_spec_over(CalendarRange::DEFAULT)
}

/// [`berlin_office_spec`] over `range`, with its half days inside it.
pub fn berlin_office_spec_over(range: CalendarRange) -> CalendarSpec {
    let office = || {
        vec![
            TimeRange::new("09:00", "12:00"),
            TimeRange::new("13:00", "17:00"),
        ]
    };
    let mut spec = CalendarSpec::new("Europe/Berlin");
    spec = spec.with_weekday_hours(office());
    let fixed = |month, day, name: &str| Holiday::Fixed {
        month,
        day,
        observed: Observed::OnTheDay,
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
    for year in range.from.year()..range.until.year() {
        for day in [24, 31] {
            if let Some(date) = NaiveDate::from_ymd_opt(year, 12, day) {
                if !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
                    spec = spec.with_date_hours(date, vec![TimeRange::new("09:00", "12:00")]);
                }
            }
        }
    }
    spec.with_range(range)
}

pub fn berlin_office() -> BusinessCalendar {
    berlin_office_spec().compile().unwrap()
}
