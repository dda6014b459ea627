use casework::calendar::{
    Break, CalendarError, CalendarRange, CalendarSpec, Holiday, Observed, TimeRange,
};
use chrono::{NaiveDate, Weekday};

fn problems(spec: &CalendarSpec) -> Vec<String> {
    match spec.compile() {
        Err(CalendarError::InvalidSpec { problems }) => {
            problems.iter().map(ToString::to_string).collect()
        }
        other => panic!("expected InvalidSpec, got {other:?}"),
    }
}

fn with_mon(ranges: &[(&str, &str)]) -> CalendarSpec {
    CalendarSpec::new("UTC").with_hours(
        Weekday::Mon,
        ranges.iter().map(|(a, b)| TimeRange::new(*a, *b)).collect(),
    )
}

#[test]
fn each_bad_value_is_reported_with_its_path() {
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let ok = || with_mon(&[("09:00", "17:00")]);
    let table: Vec<(CalendarSpec, &str)> = vec![
        (
            CalendarSpec::new("Europe/Berln")
                .with_hours(Weekday::Mon, vec![TimeRange::new("09:00", "17:00")]),
            "time_zone: \"Europe/Berln\" is not an IANA time zone name",
        ),
        (
            with_mon(&[("25:00", "26:00")]),
            "hours.mon[0][0]: open \"25:00\" is not a time of day",
        ),
        (
            with_mon(&[("09:00", "17:60")]),
            "hours.mon[0][1]: close \"17:60\" is not a time of day",
        ),
        (
            with_mon(&[("9:00", "17:00")]),
            "hours.mon[0][0]: open \"9:00\" is not a time of day",
        ),
        (
            with_mon(&[("09:00", "24:01")]),
            "hours.mon[0][1]: close \"24:01\" is not a time of day",
        ),
        (
            with_mon(&[("09:00:60", "17:00")]),
            "hours.mon[0][0]: open \"09:00:60\"",
        ),
        (
            with_mon(&[("24:00", "06:00")]),
            "hours.mon[0][0]: 24:00 is allowed as a close only",
        ),
        (
            with_mon(&[("09:00", "09:00")]),
            "hours.mon[0]: [\"09:00\", \"09:00\"] is empty",
        ),
        (
            with_mon(&[("09:00", "13:00"), ("12:00", "17:00")]),
            "hours.mon[1]: overlaps hours.mon[0]",
        ),
        (
            with_mon(&[("13:00", "17:00"), ("09:00", "13:30")]),
            "hours.mon[0]: overlaps hours.mon[1]",
        ),
        (
            with_mon(&[("22:00", "06:00"), ("23:00", "23:30")]),
            "hours.mon[1]: overlaps hours.mon[0]",
        ),
        (
            with_mon(&[("22:00", "06:00")])
                .with_hours(Weekday::Tue, vec![TimeRange::new("05:00", "09:00")]),
            "hours.mon: an overnight interval runs into tue and overlaps its hours",
        ),
        (
            CalendarSpec::new("UTC")
                .with_hours(Weekday::Sun, vec![TimeRange::new("20:00", "02:00")])
                .with_hours(Weekday::Mon, vec![TimeRange::new("01:00", "03:00")]),
            "hours.sun: an overnight interval runs into mon and overlaps its hours",
        ),
        (
            ok().with_date_hours(date(2026, 12, 24), vec![TimeRange::new("12:00", "x")]),
            "date_hours.2026-12-24[0][1]: close \"x\" is not a time of day",
        ),
        (
            ok().with_holiday(Holiday::Fixed {
                month: 13,
                day: 1,
                observed: Observed::OnTheDay,
                name: None,
            }),
            "holidays[0]: month 13 is not 1 to 12",
        ),
        (
            ok().with_holiday(Holiday::Fixed {
                month: 2,
                day: 30,
                observed: Observed::OnTheDay,
                name: None,
            }),
            "holidays[0]: 02-30 is not a day of the year",
        ),
        (
            ok().with_holiday(Holiday::NthWeekday {
                month: 11,
                weekday: Weekday::Thu,
                n: 0,
                name: None,
            }),
            "holidays[0]: n 0 is not 1 to 5",
        ),
        (
            ok().with_holiday(Holiday::NthWeekday {
                month: 11,
                weekday: Weekday::Thu,
                n: 6,
                name: None,
            }),
            "holidays[0]: n 6 is not 1 to 5",
        ),
        (
            ok().with_holiday(Holiday::LastWeekday {
                month: 0,
                weekday: Weekday::Mon,
                name: None,
            }),
            "holidays[0]: month 0 is not 1 to 12",
        ),
        (
            ok().with_holiday(Holiday::Easter {
                offset: 400,
                name: None,
            }),
            "holidays[0]: Easter offset 400 is not within -366 to 366 days",
        ),
        (
            ok().with_break(Break::new("tomorrow", "2026-07-01T14:00")),
            "breaks[0]: start \"tomorrow\" is neither RFC 3339 nor a local date-time",
        ),
        (
            ok().with_break(Break::new("2026-07-01T14:00", "2026-07-01T12:00")),
            "breaks[0]: end is not after start",
        ),
        (
            ok().with_range(CalendarRange {
                from: date(2027, 1, 1),
                until: date(2026, 1, 1),
            }),
            "range: from 2027-01-01 is not before until 2026-01-01",
        ),
        (
            ok().with_range(CalendarRange {
                from: date(1800, 1, 1),
                until: date(2026, 1, 1),
            }),
            "range.from: 1800-01-01 is outside the years 1900 to 2200",
        ),
        (
            CalendarSpec::new("UTC"),
            "hours: the calendar is never open in its range",
        ),
        (
            CalendarSpec::new("UTC").with_hours(Weekday::Mon, vec![]),
            "hours: the calendar is never open",
        ),
    ];
    for (spec, expected) in table {
        let found = problems(&spec);
        assert!(
            found.iter().any(|p| p.starts_with(expected)),
            "expected a problem starting {expected:?}, got {found:?}"
        );
    }
}

#[test]
fn a_break_that_ends_as_it_starts_is_refused_as_written() {
    // Both bounds in local time: refused on their reading, before either is
    // placed in the zone.
    let spec = with_mon(&[("09:00", "17:00")])
        .with_break(Break::new("2026-07-01T14:00", "2026-07-01T14:00"));
    assert_eq!(problems(&spec), ["breaks[0]: end is not after start"]);
}

#[test]
fn the_last_minute_and_second_of_an_hour_are_times_of_day() {
    let spec = with_mon(&[("09:59:59", "17:59")]);
    let calendar = spec.compile().unwrap();
    let at = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    assert!(!calendar.is_open(at("2026-11-23T09:59:58Z")).unwrap());
    assert!(calendar.is_open(at("2026-11-23T09:59:59Z")).unwrap());
    assert!(calendar.is_open(at("2026-11-23T17:58:59Z")).unwrap());
    assert!(!calendar.is_open(at("2026-11-23T17:59:00Z")).unwrap());
}

#[test]
fn every_problem_is_reported_at_once() {
    let spec = CalendarSpec::new("Mars/Olympus")
        .with_hours(Weekday::Mon, vec![TimeRange::new("25:00", "17:00")])
        .with_hours(Weekday::Fri, vec![TimeRange::new("09:00", "09:00")])
        .with_holiday(Holiday::Fixed {
            month: 4,
            day: 31,
            observed: Observed::OnTheDay,
            name: None,
        })
        .with_break(Break::new("2026-01-01T10:00", "2026-01-01T09:00"));
    let found = problems(&spec);
    let paths: Vec<&str> = found.iter().map(|p| p.split(':').next().unwrap()).collect();
    assert_eq!(
        paths,
        [
            "time_zone",
            "hours.mon[0][0]",
            "hours.fri[0]",
            "holidays[0]",
            "breaks[0]"
        ]
    );
    let message = spec.compile().unwrap_err().to_string();
    assert!(
        message.starts_with("invalid calendar: time_zone: "),
        "{message}"
    );
    assert_eq!(spec.validate().unwrap_err().to_string(), message);
}

#[cfg(feature = "serde")]
#[test]
fn specs_read_from_json_and_refuse_unknown_fields() {
    let spec: CalendarSpec = serde_json::from_str(
        r#"{ "time_zone": "America/New_York",
             "hours": { "mon": [["09:00", "17:00"]], "sat": [["22:00", "06:00"]] },
             "holidays": [
                { "rule": "fixed", "month": 7, "day": 4, "observed": "nearest_weekday", "name": "Independence Day" },
                { "rule": "nth_weekday", "month": 11, "weekday": "thu", "n": 4 },
                { "rule": "last_weekday", "month": 5, "weekday": "Monday" },
                { "rule": "easter", "offset": -2 },
                { "rule": "date", "date": "2026-12-24" } ],
             "date_hours": { "2026-12-31": [["09:00", "12:00"]] },
             "breaks": [ { "start": "2026-07-01T12:00:00-04:00", "end": "2026-07-01T13:00", "name": "drill" } ],
             "range": { "from": "2026-01-01", "until": "2028-01-01" } }"#,
    )
    .unwrap();
    let cal = spec.compile().unwrap();
    assert!(cal.interval_count() > 100, "{}", cal.interval_count());
    let back: CalendarSpec = serde_json::from_str(&serde_json::to_string(&spec).unwrap()).unwrap();
    assert_eq!(back, spec);
    for bad in [
        r#"{ "time_zone": "UTC", "hourz": {} }"#,
        r#"{ "time_zone": "UTC", "hours": { "monday": [] } }"#,
        r#"{ "time_zone": "UTC", "holidays": [ { "rule": "full_moon" } ] }"#,
        r#"{ "time_zone": "UTC", "holidays": [ { "rule": "date", "date": "2026-02-30" } ] }"#,
    ] {
        assert!(serde_json::from_str::<CalendarSpec>(bad).is_err(), "{bad}");
    }
}

#[test]
fn a_calendar_never_open_is_told_why() {
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let year = |spec: CalendarSpec| {
        spec.with_range(CalendarRange {
            from: date(2026, 1, 1),
            until: date(2027, 1, 1),
        })
    };
    let night = |open: &str, close: &str| vec![TimeRange::new(open, close)];
    let cases = [
        // A holiday, and no hours at all.
        (
            year(CalendarSpec::new("UTC").with_holiday(Holiday::Date {
                date: date(2026, 12, 25),
                name: None,
            })),
            "hours: the calendar is never open in its range: no weekday has hours",
        ),
        // Hours on one date only, in the hour Berlin skips in spring.
        (
            year(
                CalendarSpec::new("Europe/Berlin")
                    .with_date_hours(date(2026, 3, 29), night("02:00", "03:00")),
            ),
            "date_hours: the calendar is never open in its range: the date_hours entries",
        ),
        // A Thursday alone, with hours on Wednesday evening that end as it
        // begins and on Friday morning that begin as it ends.
        (
            CalendarSpec::new("UTC")
                .with_hours(Weekday::Wed, night("18:00", "24:00"))
                .with_hours(Weekday::Fri, night("00:00", "06:00"))
                .with_range(CalendarRange {
                    from: date(2026, 1, 1),
                    until: date(2026, 1, 2),
                }),
            "hours: the calendar is never open in its range: no date of the range falls on a weekday",
        ),
    ];
    for (spec, why) in cases {
        let found = problems(&spec);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with(why), "{found:?}");
    }
}
