use casework::calendar::{
    Break, CalendarError, CalendarRange, CalendarSpec, Holiday, Observed, TimeRange,
};
use chrono::{NaiveDate, TimeDelta, Weekday};
use chrono_tz::Tz;

use super::fixtures::berlin_office_spec_over;
use super::{at, berlin_office, local};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn hours(h: i64) -> TimeDelta {
    TimeDelta::hours(h)
}

#[test]
fn berlin_office_is_open() {
    let cal = berlin_office();
    // (instant, open?) — Berlin is UTC+1 in winter, UTC+2 in summer.
    let table = [
        ("2026-11-23T07:59:59Z", false), // Mon 08:59:59
        ("2026-11-23T08:00:00Z", true),  // Mon 09:00 opens
        ("2026-11-23T10:59:59Z", true),
        ("2026-11-23T11:00:00Z", false), // 12:00 lunch
        ("2026-11-23T12:00:00Z", true),  // 13:00
        ("2026-11-23T15:59:59.999Z", true),
        ("2026-11-23T16:00:00Z", false), // 17:00 closes
        ("2026-11-28T10:00:00Z", false), // Saturday
        ("2026-12-25T10:00:00Z", false), // Christmas (Friday)
        ("2026-12-24T10:00:00Z", true),  // Dec 24, 11:00: half day
        ("2026-12-24T11:00:00Z", false), // Dec 24, 12:00: closed for the day
        ("2026-12-24T13:00:00Z", false),
        ("2026-04-03T08:00:00Z", false), // Good Friday 2026
        ("2026-04-06T08:00:00Z", false), // Easter Monday 2026
        ("2026-05-14T08:00:00Z", false), // Ascension 2026
        ("2026-05-25T08:00:00Z", false), // Whit Monday 2026
        ("2026-07-01T07:00:00Z", true),  // Wed 09:00 CEST
        ("2026-07-01T06:59:59Z", false),
    ];
    for (t, open) in table {
        assert_eq!(cal.is_open(at(t)).unwrap(), open, "{t}");
    }
}

#[test]
fn berlin_office_arithmetic() {
    let cal = berlin_office();
    // add: (start, duration, expected)
    let adds = [
        ("2026-11-23T08:00:00Z", hours(1), "2026-11-23T09:00:00Z"),
        ("2026-11-23T10:00:00Z", hours(1), "2026-11-23T11:00:00Z"), // ends at lunch: earliest
        ("2026-11-23T10:00:00Z", hours(2), "2026-11-23T13:00:00Z"),
        ("2026-11-23T15:00:00Z", hours(1), "2026-11-23T16:00:00Z"), // ends at the close
        ("2026-11-23T15:00:00Z", hours(2), "2026-11-24T09:00:00Z"),
        (
            "2026-11-23T20:00:00Z",
            TimeDelta::zero(),
            "2026-11-23T20:00:00Z",
        ),
        (
            "2026-11-23T20:00:00Z",
            TimeDelta::seconds(1),
            "2026-11-24T08:00:01Z",
        ),
        ("2026-11-27T15:00:00Z", hours(2), "2026-11-30T09:00:00Z"), // over the weekend
        ("2026-11-23T08:00:00Z", hours(7 * 5), "2026-11-27T16:00:00Z"), // a whole week
        ("2026-12-23T15:00:00Z", hours(2), "2026-12-24T09:00:00Z"), // into the Dec 24 half day
        ("2026-12-23T15:00:00Z", hours(5), "2026-12-28T09:00:00Z"), // Dec 24 half day, 25-27 shut
        // Summer time: 09:00 CEST is 07:00 UTC.
        ("2026-07-01T07:00:00Z", hours(3), "2026-07-01T10:00:00Z"),
        // Across the spring-forward weekend (2026-03-29).
        ("2026-03-27T15:00:00Z", hours(1), "2026-03-27T16:00:00Z"),
        ("2026-03-27T15:30:00Z", hours(1), "2026-03-30T07:30:00Z"),
        ("2026-11-23T15:00:00.5Z", hours(1), "2026-11-24T08:00:00.5Z"),
    ];
    for (t, d, expected) in adds {
        let got = cal.add(at(t), d).unwrap();
        assert_eq!(got, at(expected), "add({t}, {d})");
        assert_eq!(cal.between(at(t), got).unwrap(), d, "between({t}, add)");
        assert_eq!(cal.sub(at(t), -d).unwrap(), got, "sub({t}, -{d})");
    }
    // sub: (end, duration, expected)
    let subs = [
        ("2026-11-23T09:00:00Z", hours(1), "2026-11-23T08:00:00Z"), // ends at the open: latest
        ("2026-11-23T13:00:00Z", hours(1), "2026-11-23T12:00:00Z"), // back to 13:00, not 12:00
        ("2026-11-24T09:00:00Z", hours(2), "2026-11-23T15:00:00Z"),
        ("2026-11-30T08:00:00Z", hours(1), "2026-11-27T15:00:00Z"),
        (
            "2026-11-28T12:00:00Z",
            TimeDelta::zero(),
            "2026-11-28T12:00:00Z",
        ),
    ];
    for (t, d, expected) in subs {
        let got = cal.sub(at(t), d).unwrap();
        assert_eq!(got, at(expected), "sub({t}, {d})");
        assert_eq!(cal.between(got, at(t)).unwrap(), d, "between(sub, {t})");
        assert_eq!(cal.add(at(t), -d).unwrap(), got, "add({t}, -{d})");
    }
    // between: sign and closed periods.
    let a = at("2026-11-23T08:00:00Z");
    let b = at("2026-11-24T16:00:00Z");
    assert_eq!(cal.between(a, b).unwrap(), hours(14));
    assert_eq!(cal.between(b, a).unwrap(), -hours(14));
    assert_eq!(
        cal.between(at("2026-11-28T00:00:00Z"), at("2026-11-29T23:00:00Z"))
            .unwrap(),
        TimeDelta::zero()
    );
}

#[test]
fn next_open_and_next_close() {
    let cal = berlin_office();
    let table = [
        // (t, next_open, next_close)
        (
            "2026-11-23T07:00:00Z",
            "2026-11-23T08:00:00Z",
            "2026-11-23T11:00:00Z",
        ),
        (
            "2026-11-23T08:00:00Z",
            "2026-11-23T08:00:00Z",
            "2026-11-23T11:00:00Z",
        ),
        (
            "2026-11-23T11:00:00Z",
            "2026-11-23T12:00:00Z",
            "2026-11-23T16:00:00Z",
        ),
        (
            "2026-11-27T16:00:00Z",
            "2026-11-30T08:00:00Z",
            "2026-11-30T11:00:00Z",
        ),
        (
            "2026-12-24T10:30:00Z",
            "2026-12-24T10:30:00Z",
            "2026-12-24T11:00:00Z",
        ),
    ];
    for (t, open, close) in table {
        assert_eq!(cal.next_open(at(t)).unwrap(), at(open), "next_open({t})");
        assert_eq!(cal.next_close(at(t)).unwrap(), at(close), "next_close({t})");
    }
    let always = CalendarSpec::twenty_four_seven("UTC").compile().unwrap();
    assert!(matches!(
        always.next_close(at("2026-01-01T00:00:00Z")),
        Err(CalendarError::OutOfRange { .. })
    ));
}

#[test]
fn business_days_both_readings() {
    let cal = berlin_office();
    let table = [
        // (t, n, business_days_after, business_days_later)
        (
            "2026-11-23T09:00:00Z",
            2,
            "2026-11-25T16:00:00Z",
            "2026-11-25T09:00:00Z",
        ), // Mon → Wed
        (
            "2026-11-27T15:00:00Z",
            1,
            "2026-11-30T16:00:00Z",
            "2026-11-30T15:00:00Z",
        ), // Fri → Mon
        (
            "2026-11-28T10:00:00Z",
            1,
            "2026-11-30T16:00:00Z",
            "2026-11-30T10:00:00Z",
        ), // Sat → Mon
        (
            "2026-11-28T10:00:00Z",
            0,
            "2026-11-30T16:00:00Z",
            "2026-11-30T10:00:00Z",
        ),
        (
            "2026-11-23T20:00:00Z",
            0,
            "2026-11-23T16:00:00Z",
            "2026-11-23T20:00:00Z",
        ),
        (
            "2026-12-22T10:00:00Z",
            2,
            "2026-12-24T11:00:00Z",
            "2026-12-24T10:00:00Z",
        ), // half day
        (
            "2026-04-02T14:30:00Z",
            1,
            "2026-04-07T15:00:00Z",
            "2026-04-07T14:30:00Z",
        ), // Easter
        // Friday before the spring-forward: Monday 10:00 CEST is 08:00 UTC.
        (
            "2026-03-27T09:00:00Z",
            1,
            "2026-03-30T15:00:00Z",
            "2026-03-30T08:00:00Z",
        ),
        // Nanoseconds are kept by the same time of day.
        (
            "2026-11-23T10:00:00.25Z",
            2,
            "2026-11-25T16:00:00Z",
            "2026-11-25T10:00:00.25Z",
        ),
    ];
    for (t, n, after, later) in table {
        assert_eq!(
            cal.business_days_after(at(t), n).unwrap(),
            at(after),
            "after({t}, {n})"
        );
        assert_eq!(
            cal.business_days_later(at(t), n).unwrap(),
            at(later),
            "later({t}, {n})"
        );
    }
    assert!(cal.is_business_day(date(2026, 11, 23)).unwrap());
    assert!(!cal.is_business_day(date(2026, 11, 28)).unwrap());
    assert!(!cal.is_business_day(date(2026, 10, 3)).unwrap()); // Saturday anyway
    assert!(!cal.is_business_day(date(2025, 10, 3)).unwrap()); // German Unity Day, Friday
    assert!(cal.is_business_day(date(2026, 12, 24)).unwrap()); // half day
    assert_eq!(
        cal.next_business_day(date(2026, 12, 24)).unwrap(),
        date(2026, 12, 28)
    );
    // From a business day, until one: the first listed, the last not.
    let listed: Vec<NaiveDate> = cal
        .business_days(date(2026, 12, 21), date(2026, 12, 28))
        .collect();
    assert_eq!(
        listed,
        [21, 22, 23, 24].map(|day| date(2026, 12, day)),
        "Christmas week"
    );
}

#[test]
fn holiday_rules_fall_on_the_right_dates() {
    // (rule, year, the date it closes)
    let nth = |month, weekday, n| Holiday::NthWeekday {
        month,
        weekday,
        n,
        name: None,
    };
    let fixed = |month, day, observed| Holiday::Fixed {
        month,
        day,
        observed,
        name: None,
    };
    let table = [
        (nth(11, Weekday::Thu, 4), date(2026, 11, 26)), // Thanksgiving
        (nth(11, Weekday::Thu, 4), date(2027, 11, 25)),
        (nth(1, Weekday::Mon, 3), date(2026, 1, 19)), // MLK day
        (nth(9, Weekday::Tue, 5), date(2026, 9, 29)),
        (
            Holiday::LastWeekday {
                month: 5,
                weekday: Weekday::Mon,
                name: None,
            },
            date(2026, 5, 25),
        ),
        (
            Holiday::LastWeekday {
                month: 12,
                weekday: Weekday::Thu,
                name: None,
            },
            date(2026, 12, 31),
        ),
        (fixed(7, 4, Observed::NearestWeekday), date(2026, 7, 3)), // Saturday → Friday
        (fixed(7, 4, Observed::NearestWeekday), date(2027, 7, 5)), // Sunday → Monday
        (fixed(12, 26, Observed::FollowingMonday), date(2026, 12, 28)), // Saturday → Monday
        (fixed(2, 29, Observed::OnTheDay), date(2028, 2, 29)),
        (
            Holiday::Easter {
                offset: 0,
                name: None,
            },
            date(2026, 4, 5),
        ),
        (
            Holiday::Easter {
                offset: -2,
                name: None,
            },
            date(2025, 4, 18),
        ),
        (
            Holiday::Easter {
                offset: 1,
                name: None,
            },
            date(2024, 4, 1),
        ),
        (
            Holiday::Easter {
                offset: 39,
                name: None,
            },
            date(2027, 5, 6),
        ),
        (
            Holiday::Easter {
                offset: 0,
                name: None,
            },
            date(2038, 4, 25),
        ),
        (
            Holiday::Easter {
                offset: 0,
                name: None,
            },
            date(2000, 4, 23),
        ),
        (
            Holiday::Easter {
                offset: 0,
                name: None,
            },
            date(2008, 3, 23),
        ),
    ];
    for (rule, day) in table {
        let spec = CalendarSpec::twenty_four_seven("UTC").with_holiday(rule.clone());
        let cal = spec.compile().unwrap();
        assert!(!cal.is_business_day(day).unwrap(), "{rule:?} on {day}");
        assert!(
            cal.is_business_day(day.pred_opt().unwrap()).unwrap(),
            "{rule:?} before {day}"
        );
        assert!(
            cal.is_business_day(day.succ_opt().unwrap()).unwrap(),
            "{rule:?} after {day}"
        );
    }
    // Feb 29 rule in a common year closes nothing.
    let cal = CalendarSpec::new("UTC")
        .with_hours(Weekday::Sat, vec![TimeRange::new("00:00", "24:00")])
        .with_holiday(fixed(2, 29, Observed::OnTheDay))
        .compile()
        .unwrap();
    assert!(cal.is_business_day(date(2025, 3, 1)).unwrap());
}

/// One shift on one date, compiled; the date's weekly hours are closed.
fn one_shift(
    zone: &str,
    on: NaiveDate,
    open: &str,
    close: &str,
) -> casework::calendar::BusinessCalendar {
    CalendarSpec::new(zone)
        .with_date_hours(on, vec![TimeRange::new(open, close)])
        .compile()
        .unwrap()
}

/// The instants a lone shift opens and closes at, from two days before it, and
/// whether it is one unbroken interval.
fn opens_and_closes(
    cal: &casework::calendar::BusinessCalendar,
    around: &str,
) -> (String, String, TimeDelta) {
    let before = at(around) - TimeDelta::days(2);
    let open = cal.next_open(before).unwrap();
    let close = cal.next_close(open).unwrap();
    let total = cal.between(before, before + TimeDelta::days(4)).unwrap();
    assert_eq!(
        total,
        close - open,
        "the shift is split or has a second piece"
    );
    (open.to_rfc3339(), close.to_rfc3339(), total)
}

#[test]
fn dst_bounds_resolve_by_the_compatible_rule() {
    let m = TimeDelta::minutes;
    // (zone, date, open, close, opens at, closes at (UTC), length)
    let table = [
        // Europe/Berlin, 2026-03-29: 02:00 CET jumps to 03:00 CEST.
        // 00:00 to 06:00 spans the jump: 5 real hours.
        (
            "Europe/Berlin",
            date(2026, 3, 29),
            "00:00",
            "06:00",
            "2026-03-28T23:00:00+00:00",
            "2026-03-29T04:00:00+00:00",
            hours(5),
        ),
        // A close in the gap (02:30) moves one gap later, to 03:30 CEST.
        (
            "Europe/Berlin",
            date(2026, 3, 29),
            "01:00",
            "02:30",
            "2026-03-29T00:00:00+00:00",
            "2026-03-29T01:30:00+00:00",
            m(90),
        ),
        // An open in the gap (02:30) opens at 03:30 CEST, not at the jump.
        (
            "Europe/Berlin",
            date(2026, 3, 29),
            "02:30",
            "04:00",
            "2026-03-29T01:30:00+00:00",
            "2026-03-29T02:00:00+00:00",
            m(30),
        ),
        // Europe/Berlin, 2026-10-25: 03:00 CEST falls back to 02:00 CET. Both bounds in
        // the repeated hour: the first pass only, met once.
        (
            "Europe/Berlin",
            date(2026, 10, 25),
            "01:00",
            "02:30",
            "2026-10-24T23:00:00+00:00",
            "2026-10-25T00:30:00+00:00",
            m(90),
        ),
        // An open in the repeated hour opens at its first occurrence, so the second
        // pass is open too.
        (
            "Europe/Berlin",
            date(2026, 10, 25),
            "02:30",
            "04:00",
            "2026-10-25T00:30:00+00:00",
            "2026-10-25T03:00:00+00:00",
            m(150),
        ),
        // Europe/London, 2026-10-25: 02:00 BST falls back to 01:00 GMT. 01:30 to 04:00
        // lasts 3.5 real hours.
        (
            "Europe/London",
            date(2026, 10, 25),
            "01:30",
            "04:00",
            "2026-10-25T00:30:00+00:00",
            "2026-10-25T04:00:00+00:00",
            m(210),
        ),
        // Pacific/Chatham, 2026-04-05: 03:45 (+13:45) falls back to 02:45 (+12:45).
        // Sunday 03:00 to 06:00 opens at the first 03:00: 4 real hours.
        (
            "Pacific/Chatham",
            date(2026, 4, 5),
            "03:00",
            "06:00",
            "2026-04-04T13:15:00+00:00",
            "2026-04-04T17:15:00+00:00",
            hours(4),
        ),
        // Pacific/Chatham, 2026-09-27: 02:45 (+12:45) jumps to 03:45 (+13:45). 03:00 is
        // skipped and opens at 04:00 +13:45: 2 real hours.
        (
            "Pacific/Chatham",
            date(2026, 9, 27),
            "03:00",
            "06:00",
            "2026-09-26T14:15:00+00:00",
            "2026-09-26T16:15:00+00:00",
            hours(2),
        ),
        // Overnight across the fall-back: Saturday 22:00 to Sunday 06:00 is 9 hours.
        (
            "Europe/Berlin",
            date(2026, 10, 24),
            "22:00",
            "06:00",
            "2026-10-24T20:00:00+00:00",
            "2026-10-25T05:00:00+00:00",
            hours(9),
        ),
    ];
    for (zone, on, open, close, opens, closes, length) in table {
        let cal = one_shift(zone, on, open, close);
        let what = format!("{zone} {on} {open}-{close}");
        let (got_open, got_close, got_length) = opens_and_closes(&cal, opens);
        assert_eq!(
            (got_open.as_str(), got_close.as_str()),
            (opens, closes),
            "{what}"
        );
        assert_eq!(got_length, length, "{what}");
        // The public resolve agrees with the compiled bounds.
        let midnight = on.and_hms_opt(0, 0, 0).unwrap();
        let open_time = midnight + TimeDelta::seconds(secs_of(open));
        assert_eq!(cal.resolve(open_time).unwrap(), at(opens), "{what}");
    }
}

fn secs_of(hhmm: &str) -> i64 {
    let (h, m) = hhmm.split_once(':').unwrap();
    h.parse::<i64>().unwrap() * 3600 + m.parse::<i64>().unwrap() * 60
}

#[test]
fn an_interval_whose_bounds_resolve_out_of_order_is_empty() {
    // Berlin, 2026-03-29: 02:30 resolves to 03:30 CEST, after 03:15 CEST.
    let spec = CalendarSpec::new("Europe/Berlin")
        .with_date_hours(date(2026, 3, 29), vec![TimeRange::new("02:30", "03:15")]);
    assert!(matches!(
        spec.compile(),
        Err(CalendarError::InvalidSpec { .. })
    ));
    // Beside weekly hours, the date is then no business day.
    let spec = spec.with_hours(Weekday::Mon, vec![TimeRange::new("09:00", "17:00")]);
    let cal = spec.compile().unwrap();
    assert!(!cal.is_business_day(date(2026, 3, 29)).unwrap());
    assert!(!cal.is_open(at("2026-03-29T01:20:00Z")).unwrap());
}

#[test]
fn dst_weekly_hours_count_real_time() {
    let tz = Tz::Europe__Berlin;
    let night = CalendarSpec::new("Europe/Berlin")
        .with_hours(Weekday::Sun, vec![TimeRange::new("00:00", "06:00")])
        .compile()
        .unwrap();
    let start = local(tz, 2026, 3, 29, 0, 0);
    assert_eq!(
        night.add(start, hours(5)).unwrap(),
        local(tz, 2026, 3, 29, 6, 0)
    );
    let shift = CalendarSpec::new("Europe/Berlin")
        .with_hours(Weekday::Sat, vec![TimeRange::new("22:00", "06:00")])
        .compile()
        .unwrap();
    let start = local(tz, 2026, 10, 24, 22, 0);
    let end = shift.next_close(start).unwrap();
    assert_eq!(end, at("2026-10-25T05:00:00Z"));
    assert_eq!(shift.add(start, hours(9)).unwrap(), end);
}

#[test]
fn resolve_is_refused_outside_the_range() {
    let cal = berlin_office();
    let inside = date(2026, 3, 29).and_hms_opt(2, 30, 0).unwrap();
    assert_eq!(cal.resolve(inside).unwrap(), at("2026-03-29T01:30:00Z"));
    let outside = date(2150, 1, 1).and_hms_opt(9, 0, 0).unwrap();
    assert!(matches!(
        cal.resolve(outside),
        Err(CalendarError::OutOfRange { .. })
    ));
    let coverage = cal.coverage();
    assert_eq!(*coverage.start(), at("1999-12-31T23:00:00Z"));
    assert_eq!(*coverage.end(), at("2099-12-31T23:00:00Z"));
    assert!(cal.covers(*coverage.start()) && cal.covers(*coverage.end()));
    assert!(!cal.covers(*coverage.start() - TimeDelta::nanoseconds(1)));
    assert!(!cal.covers(*coverage.end() + TimeDelta::nanoseconds(1)));
}

#[test]
fn overnight_shift_belongs_to_the_day_it_starts() {
    // Fri and Sat nights 22:00–06:00 UTC; Saturday 2026-11-28 is a holiday.
    let cal = CalendarSpec::new("UTC")
        .with_hours(Weekday::Fri, vec![TimeRange::new("22:00", "06:00")])
        .with_hours(Weekday::Sat, vec![TimeRange::new("22:00", "06:00")])
        .with_holiday(Holiday::Date {
            date: date(2026, 11, 28),
            name: None,
        })
        .compile()
        .unwrap();
    let table = [
        ("2026-11-27T21:59:59Z", false),
        ("2026-11-27T22:00:00Z", true),
        ("2026-11-28T05:59:59Z", true), // Friday's shift, on the holiday morning
        ("2026-11-28T06:00:00Z", false),
        ("2026-11-28T23:00:00Z", false), // the holiday's own shift is off
        ("2026-11-29T03:00:00Z", false), // including its Sunday-morning part
        ("2026-12-05T23:00:00Z", true),
    ];
    for (t, open) in table {
        assert_eq!(cal.is_open(at(t)).unwrap(), open, "{t}");
    }
    assert!(!cal.is_business_day(date(2026, 11, 28)).unwrap());
    assert_eq!(
        cal.business_days_after(at("2026-11-25T12:00:00Z"), 1)
            .unwrap(),
        at("2026-11-28T06:00:00Z")
    );
}

#[test]
fn santiago_switches_at_midnight() {
    // America/Santiago: 2026-09-06 00:00 (-04) jumps to 01:00 (-03); 2026-04-05
    // 00:00 (-03) falls back to 2026-04-04 23:00 (-04).
    let cal = CalendarSpec::twenty_four_seven("America/Santiago")
        .compile()
        .unwrap();
    let tz = Tz::America__Santiago;
    // Sunday 2026-09-06 starts at 01:00 local: 11 real hours until noon.
    let sunday = CalendarSpec::new("America/Santiago")
        .with_hours(Weekday::Sun, vec![TimeRange::new("00:00", "12:00")])
        .compile()
        .unwrap();
    let first = sunday.next_open(at("2026-09-05T12:00:00Z")).unwrap();
    assert_eq!(first, at("2026-09-06T04:00:00Z")); // 01:00 -03, the first instant of the day
    assert_eq!(
        sunday
            .between(first, sunday.next_close(first).unwrap())
            .unwrap(),
        hours(11)
    );
    assert!(sunday.is_business_day(date(2026, 9, 6)).unwrap());
    // Fall back: Sunday 2026-04-05 runs 00:00 -04 to 12:00 -04 = 12 hours; Saturday's
    // last hour repeats but belongs to Saturday.
    let april = sunday.next_open(at("2026-04-04T12:00:00Z")).unwrap();
    assert_eq!(april, at("2026-04-05T04:00:00Z"));
    assert_eq!(
        sunday
            .between(april, sunday.next_close(april).unwrap())
            .unwrap(),
        hours(12)
    );
    // The 24/7 variant never loses or gains time across the switches.
    let a = local(tz, 2026, 9, 5, 12, 0);
    assert_eq!(cal.between(a, a + hours(48)).unwrap(), hours(48));
}

#[test]
fn breaks_close_what_hours_open() {
    let cal = CalendarSpec::new("Europe/Berlin")
        .with_hours(Weekday::Wed, vec![TimeRange::new("09:00", "17:00")])
        .with_break(Break::new("2026-07-01T12:00", "2026-07-01T14:00")) // local
        .with_break(Break::new("2026-07-08T07:00:00Z", "2026-07-08T09:00:00Z")) // absolute
        .compile()
        .unwrap();
    assert_eq!(
        cal.between(at("2026-07-01T00:00:00Z"), at("2026-07-02T00:00:00Z"))
            .unwrap(),
        hours(6)
    );
    assert!(!cal.is_open(at("2026-07-01T10:30:00Z")).unwrap());
    assert!(cal.is_open(at("2026-07-01T12:00:00Z")).unwrap());
    assert_eq!(
        cal.next_open(at("2026-07-08T06:00:00Z")).unwrap(),
        at("2026-07-08T09:00:00Z")
    );
    assert!(cal.is_business_day(date(2026, 7, 8)).unwrap());
}

#[test]
fn date_hours_open_a_holiday_and_close_a_weekday() {
    let cal = CalendarSpec::new("UTC")
        .with_hours(Weekday::Mon, vec![TimeRange::new("09:00", "17:00")])
        .with_holiday(Holiday::Date {
            date: date(2026, 11, 23),
            name: None,
        })
        .with_date_hours(date(2026, 11, 23), vec![TimeRange::new("10:00", "11:00")])
        .with_date_hours(date(2026, 11, 30), vec![])
        .compile()
        .unwrap();
    assert_eq!(
        cal.between(at("2026-11-23T00:00:00Z"), at("2026-11-24T00:00:00Z"))
            .unwrap(),
        hours(1)
    );
    assert!(!cal.is_business_day(date(2026, 11, 30)).unwrap());
    assert!(cal.is_business_day(date(2026, 11, 23)).unwrap());
}

#[test]
fn queries_outside_the_range_are_refused() {
    let cal = CalendarSpec::new("UTC")
        .with_hours(Weekday::Mon, vec![TimeRange::new("09:00", "17:00")])
        .with_range(CalendarRange {
            from: date(2026, 1, 1),
            until: date(2027, 1, 1),
        })
        .compile()
        .unwrap();
    let out = |r: Result<_, CalendarError>| matches!(r, Err(CalendarError::OutOfRange { .. }));
    assert!(out(cal.is_open(at("2025-12-31T23:59:59Z")).map(|_| ())));
    assert!(out(cal.is_open(at("2027-01-01T00:00:01Z")).map(|_| ())));
    assert!(cal.is_open(at("2027-01-01T00:00:00Z")).is_ok());
    assert!(out(cal
        .add(at("2026-12-28T09:00:00Z"), hours(9))
        .map(|_| ())));
    assert!(out(cal
        .sub(at("2026-01-05T10:00:00Z"), hours(2))
        .map(|_| ())));
    assert!(out(cal
        .add(at("2026-06-01T09:00:00Z"), TimeDelta::MAX)
        .map(|_| ())));
    assert!(out(cal.next_open(at("2026-12-29T00:00:00Z")).map(|_| ())));
    assert!(out(cal
        .business_days_after(at("2026-12-20T00:00:00Z"), 3)
        .map(|_| ())));
    assert!(out(cal.is_business_day(date(2027, 1, 4)).map(|_| ())));
    let err = cal.is_open(at("2030-01-01T00:00:00Z")).unwrap_err();
    let named = cal.clone().with_name("business");
    assert_eq!((cal.name(), named.name()), ("", "business"));
    assert!(
        named
            .is_business_day(date(2027, 1, 4))
            .unwrap_err()
            .to_string()
            .starts_with("calendar `business`: no answer for local date 2027-01-04 within")
    );
    assert_eq!(
        err.to_string(),
        "the calendar: no answer for 2030-01-01T00:00:00+00:00 within its compiled range \
         2026-01-01 00:00:00 UTC to 2027-01-01 00:00:00 UTC"
    );
}

#[test]
fn a_range_that_begins_or_ends_by_a_dst_change_reads_each_day_in_its_offset() {
    // Berlin, open 09:00–17:00 every day; summer time begins on Sunday
    // 2026-03-29. Compiled from the Saturday before, or until the Monday
    // after: Saturday is UTC+1 and Sunday UTC+2 either way.
    let spec =
        CalendarSpec::new("Europe/Berlin").with_daily_hours(vec![TimeRange::new("09:00", "17:00")]);
    let ranges = [
        (date(2026, 3, 28), date(2026, 4, 30)),
        (date(2026, 3, 1), date(2026, 3, 30)),
    ];
    for (from, until) in ranges {
        let cal = spec
            .clone()
            .with_range(CalendarRange { from, until })
            .compile()
            .unwrap();
        assert!(!cal.is_open(at("2026-03-28T07:30:00Z")).unwrap());
        assert!(cal.is_open(at("2026-03-28T08:00:00Z")).unwrap());
        assert_eq!(
            cal.next_open(at("2026-03-28T00:00:00Z")).unwrap(),
            at("2026-03-28T08:00:00Z")
        );
        assert_eq!(
            cal.next_open(at("2026-03-28T16:00:00Z")).unwrap(),
            at("2026-03-29T07:00:00Z")
        );
    }
}

#[test]
fn a_range_bounded_by_a_midnight_switch_begins_and_ends_at_local_midnight() {
    let around_the_clock = |zone: &str, from, until| {
        CalendarSpec::twenty_four_seven(zone)
            .with_range(CalendarRange { from, until })
            .compile()
            .unwrap()
    };
    // Beirut moves from 00:00 (UTC+2) to 01:00 (UTC+3) on 2026-03-29: a
    // range from that day begins at the switch, 22:00 UTC the day before.
    let beirut = around_the_clock("Asia/Beirut", date(2026, 3, 29), date(2026, 4, 30));
    assert!(beirut.is_open(at("2026-03-28T21:30:00Z")).is_err());
    assert!(beirut.is_open(at("2026-03-28T22:00:00Z")).unwrap());
    // Santiago goes back from 24:00 (UTC-3) to 23:00 (UTC-4) on 2026-04-04:
    // a range until 2026-04-05 ends at its one midnight, 04:00 UTC.
    let santiago = around_the_clock("America/Santiago", date(2026, 3, 1), date(2026, 4, 5));
    assert!(santiago.is_open(at("2026-04-05T03:30:00Z")).unwrap());
    assert!(santiago.is_open(at("2026-04-05T04:30:00Z")).is_err());
}

#[test]
fn hours_that_fall_wholly_in_a_dst_gap_make_no_business_day() {
    // Open 02:00–03:00 on Sundays in Berlin: on 2026-03-29 that hour does
    // not exist, so the day has no business time and is no business day.
    let cal = CalendarSpec::new("Europe/Berlin")
        .with_hours(Weekday::Sun, vec![TimeRange::new("02:00", "03:00")])
        .with_range(CalendarRange {
            from: date(2026, 3, 1),
            until: date(2026, 5, 1),
        })
        .compile()
        .unwrap();
    assert!(cal.is_business_day(date(2026, 3, 22)).unwrap());
    assert!(!cal.is_business_day(date(2026, 3, 29)).unwrap());
    assert_eq!(
        cal.next_business_day(date(2026, 3, 22)).unwrap(),
        date(2026, 4, 5)
    );
}

#[test]
fn a_calendar_may_compile_to_the_most_opening_intervals_and_no_more() {
    // 80 short intervals a day, every day. Compiling counts from the day
    // before the range to the day after it, whose hours reach into the
    // range: 12,500 days make exactly the most intervals, 12,501 one day's
    // worth too many. The calendar keeps those of the range itself.
    let minutes = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
    let day: Vec<TimeRange> = (0..80)
        .map(|i| TimeRange::new(minutes(18 * i), minutes(18 * i + 9)))
        .collect();
    let spec = CalendarSpec::new("UTC").with_daily_hours(day);
    let from = date(2000, 1, 1);
    let compiled = |days: u64| {
        spec.clone()
            .with_range(CalendarRange {
                from,
                until: from + chrono::Days::new(days - 2),
            })
            .compile()
    };
    let most = compiled(12_500).unwrap();
    assert_eq!(
        most.interval_count(),
        CalendarSpec::MAX_OPENING_INTERVALS - 2 * 80
    );
    let refused = compiled(12_501).unwrap_err().to_string();
    assert!(
        refused.contains("more than 1000000 opening intervals"),
        "{refused}"
    );
}

#[test]
fn hours_that_touch_join_and_hours_at_the_range_edges_are_clipped_away() {
    // Open 18:00 to 06:00 every night, as two ranges that meet at midnight:
    // each night is one interval. The nights before and after the range
    // reach into it; the evening after it does not.
    let ranges = vec![
        TimeRange::new("00:00", "06:00"),
        TimeRange::new("18:00", "24:00"),
    ];
    let cal = CalendarSpec::new("UTC")
        .with_daily_hours(ranges)
        .with_range(CalendarRange {
            from: date(2026, 1, 1),
            until: date(2026, 1, 11),
        })
        .compile()
        .unwrap();
    // The night into 1 January, nine whole nights, and the evening of the
    // 10th up to the range's end.
    assert_eq!(cal.interval_count(), 11);
    assert!(cal.is_open(at("2026-01-01T00:00:00Z")).unwrap());
    assert!(cal.is_open(at("2026-01-10T23:59:59Z")).unwrap());
    // Open at its very end, as the night goes on.
    assert!(cal.is_open(at("2026-01-11T00:00:00Z")).unwrap());

    // Evenings only, 18:00 to 24:00: the evening before the range ends as
    // it begins and leaves nothing in it; so does its last, at its end.
    let evenings = CalendarSpec::new("UTC")
        .with_daily_hours(vec![TimeRange::new("18:00", "24:00")])
        .with_range(CalendarRange {
            from: date(2026, 1, 1),
            until: date(2026, 1, 11),
        })
        .compile()
        .unwrap();
    assert_eq!(evenings.interval_count(), 10);
    assert!(!evenings.is_open(at("2026-01-01T00:00:00Z")).unwrap());
    assert!(!evenings.is_open(at("2026-01-11T00:00:00Z")).unwrap());
}

#[test]
fn a_break_from_the_opening_leaves_one_interval_from_its_end() {
    let cal = CalendarSpec::new("UTC")
        .with_weekday_hours(vec![TimeRange::new("09:00", "17:00")])
        .with_break(Break::new("2026-11-23T09:00", "2026-11-23T10:00"))
        .with_range(CalendarRange {
            from: date(2026, 11, 23),
            until: date(2026, 11, 24),
        })
        .compile()
        .unwrap();
    assert_eq!(cal.interval_count(), 1);
    assert!(!cal.is_open(at("2026-11-23T09:30:00Z")).unwrap());
    assert_eq!(
        cal.next_open(at("2026-11-23T08:00:00Z")).unwrap(),
        at("2026-11-23T10:00:00Z")
    );
}

#[test]
fn a_holiday_on_one_date_closes_it_in_a_range_within_its_year() {
    let cal = CalendarSpec::new("UTC")
        .with_daily_hours(vec![TimeRange::new("09:00", "17:00")])
        .with_holiday(Holiday::Date {
            date: date(2026, 6, 15),
            name: None,
        })
        .with_range(CalendarRange {
            from: date(2026, 3, 2),
            until: date(2026, 9, 30),
        })
        .compile()
        .unwrap();
    assert!(!cal.is_business_day(date(2026, 6, 15)).unwrap());
    assert!(cal.is_business_day(date(2026, 6, 16)).unwrap());
}

/// Western Easter Sunday by Oudin's algorithm (as Tøndering gives it), an
/// independent check on the library's Meeus/Jones/Butcher.
fn oudin_easter(year: i32) -> NaiveDate {
    let g = year % 19;
    let c = year / 100;
    let h = (c - c / 4 - (8 * c + 13) / 25 + 19 * g + 15) % 30;
    let i = h - (h / 28) * (1 - (29 / (h + 1)) * ((21 - g) / 11));
    let j = (year + year / 4 + i + 2 - c + c / 4) % 7;
    let l = i - j;
    let month = 3 + (l + 40) / 44;
    let day = l + 28 - 31 * (month / 4);
    date(year, month.try_into().unwrap(), day.try_into().unwrap())
}

#[test]
fn easter_falls_where_an_independent_algorithm_puts_it_in_every_year_a_calendar_may_cover() {
    assert_eq!(oudin_easter(2026), date(2026, 4, 5));
    assert_eq!(oudin_easter(2100), date(2100, 3, 28));
    for (from, until) in [(1900, 2100), (2100, 2200)] {
        let cal = CalendarSpec::new("UTC")
            .with_daily_hours(vec![TimeRange::new("09:00", "17:00")])
            .with_holiday(Holiday::Easter {
                offset: 0,
                name: None,
            })
            .with_range(CalendarRange {
                from: date(from, 1, 1),
                until: date(until, 1, 1),
            })
            .compile()
            .unwrap();
        for year in from..until {
            let easter = oudin_easter(year);
            assert!(!cal.is_business_day(easter).unwrap(), "{easter}");
            let next = cal.next_business_day(easter.pred_opt().unwrap()).unwrap();
            assert_eq!(next, easter.succ_opt().unwrap(), "{year}");
        }
    }
}

#[test]
fn hours_read_in_a_dst_gap_land_after_hours_that_follow_them() {
    // Berlin skips 02:00–03:00 on 2026-03-29. Hours at 02:40–02:50 are read
    // with the offset before the jump, landing at 03:40–03:50 CEST (01:40Z),
    // after the hours at 03:00 that follow them in local time. Placed in
    // time order, the later ones join only what they touch.
    let on_the_day = |third: &str| {
        let ranges = vec![
            TimeRange::new("01:00", "01:30"),
            TimeRange::new("02:40", "02:50"),
            TimeRange::new("03:00", third),
        ];
        CalendarSpec::new("Europe/Berlin")
            .with_date_hours(date(2026, 3, 29), ranges)
            .with_range(CalendarRange {
                from: date(2026, 3, 28),
                until: date(2026, 3, 31),
            })
            .compile()
            .unwrap()
    };
    // 03:00–03:30 CEST is 01:00–01:30Z: apart from 01:40–01:50Z.
    let apart = on_the_day("03:30");
    assert_eq!(apart.interval_count(), 3);
    assert!(apart.is_open(at("2026-03-29T01:20:00Z")).unwrap());
    assert!(!apart.is_open(at("2026-03-29T01:35:00Z")).unwrap());
    assert!(apart.is_open(at("2026-03-29T01:45:00Z")).unwrap());
    // 03:00–03:40 CEST ends where 01:40Z begins: one interval.
    let touching = on_the_day("03:40");
    assert_eq!(touching.interval_count(), 2);
    assert!(touching.is_open(at("2026-03-29T01:40:00Z")).unwrap());
}

#[test]
fn a_calendar_of_years_before_1970_answers_like_any_other() {
    // Local seconds before the Unix epoch are negative; the business-day
    // index must still cover the range.
    let cal = berlin_office_spec_over(CalendarRange {
        from: date(1961, 1, 1),
        until: date(1962, 1, 1),
    })
    .compile()
    .unwrap();
    // Friday 1961-06-30; Monday 1961-07-03. Berlin kept no summer time then.
    assert!(cal.is_business_day(date(1961, 6, 30)).unwrap());
    assert_eq!(
        cal.next_business_day(date(1961, 6, 30)).unwrap(),
        date(1961, 7, 3)
    );
    assert_eq!(
        cal.business_days_after(at("1961-06-30T10:00:00Z"), 1)
            .unwrap(),
        at("1961-07-03T16:00:00Z")
    );
    assert_eq!(
        cal.add(at("1961-06-30T15:00:00Z"), hours(2)).unwrap(),
        at("1961-07-03T09:00:00Z")
    );
    // Easter Monday, 1961-04-03, is a holiday.
    assert!(!cal.is_business_day(date(1961, 4, 3)).unwrap());

    // A calendar that begins at the epoch itself, in UTC.
    let epoch = CalendarSpec::new("UTC")
        .with_weekday_hours(vec![TimeRange::new("09:00", "17:00")])
        .with_range(CalendarRange {
            from: date(1970, 1, 1),
            until: date(1970, 2, 1),
        })
        .compile()
        .unwrap();
    assert!(!epoch.is_open(at("1970-01-01T00:00:00Z")).unwrap());
    assert_eq!(
        epoch.next_open(at("1970-01-02T17:00:00Z")).unwrap(),
        at("1970-01-05T09:00:00Z")
    );
}

#[test]
fn a_calendar_zone_names_itself_and_its_offsets() {
    use casework::calendar::Zone;
    use chrono::TimeZone as _;

    let zone = CalendarSpec::twenty_four_seven("Europe/Berlin")
        .compile()
        .unwrap()
        .time_zone();
    assert_eq!(zone.name(), "Europe/Berlin");
    assert_eq!(format!("[{zone:>15}]"), "[  Europe/Berlin]");
    assert_eq!("Europe/Berlin".parse::<Zone>(), Ok(zone));
    let offset = |text: &str| {
        zone.from_utc_datetime(&at(text).naive_utc())
            .offset()
            .to_string()
    };
    assert_eq!(offset("2026-01-15T12:00:00Z"), "CET");
    assert_eq!(offset("2026-07-15T12:00:00Z"), "CEST");
}
