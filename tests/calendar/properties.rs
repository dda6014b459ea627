//! Properties of compiled calendars over random specs, across DST zones.

use casework::calendar::{
    Break, BusinessCalendar, CalendarRange, CalendarSpec, Holiday, Observed, TimeRange,
};
use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, TimeZone, Utc, Weekday};
use proptest::prelude::*;

use super::model::{Model, resolve};

const ZONES: &[&str] = &[
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "America/St_Johns",
    "Pacific/Chatham",
];

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

fn hhmm(quarter: u32) -> String {
    format!("{:02}:{:02}", quarter / 4, (quarter % 4) * 15)
}

/// One weekday's hours: closed, one or two intervals on a quarter-hour grid, or an
/// overnight shift.
fn day_hours() -> impl Strategy<Value = Vec<TimeRange>> {
    prop_oneof![
        1 => Just(vec![]),
        2 => (0u32..96, 1u32..=96).prop_map(|(a, len)| {
            let b = (a + len).min(96);
            if a == b { vec![] } else { vec![TimeRange::new(hhmm(a), hhmm(b))] }
        }),
        2 => proptest::sample::subsequence((0u32..=96).collect::<Vec<_>>(), 4).prop_map(|q| {
            vec![TimeRange::new(hhmm(q[0]), hhmm(q[1])), TimeRange::new(hhmm(q[2]), hhmm(q[3]))]
        }),
        1 => (72u32..96, 0u32..24).prop_map(|(a, b)| vec![TimeRange::new(hhmm(a), hhmm(b))]),
    ]
}

fn holiday() -> impl Strategy<Value = Holiday> {
    let weekday = proptest::sample::select(WEEKDAYS.to_vec());
    let observed = proptest::sample::select(vec![
        Observed::OnTheDay,
        Observed::NearestWeekday,
        Observed::FollowingMonday,
    ]);
    prop_oneof![
        (1u32..=365).prop_map(|d| Holiday::Date {
            date: NaiveDate::from_yo_opt(2026, d).unwrap(),
            name: None
        }),
        (1u32..=12, 1u32..=28, observed).prop_map(|(month, day, observed)| Holiday::Fixed {
            month,
            day,
            observed,
            name: None
        }),
        (1u32..=12, weekday.clone(), 1u8..=5).prop_map(|(month, weekday, n)| Holiday::NthWeekday {
            month,
            weekday,
            n,
            name: None
        }),
        (1u32..=12, weekday).prop_map(|(month, weekday)| Holiday::LastWeekday {
            month,
            weekday,
            name: None
        }),
        (-60i32..=60).prop_map(|offset| Holiday::Easter { offset, name: None }),
    ]
}

/// A UTC instant in 2026, on the minute.
fn minute_2026() -> impl Strategy<Value = DateTime<Utc>> {
    let start = DateTime::parse_from_rfc3339("2026-01-03T00:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    (0i64..355 * 24 * 60).prop_map(move |m| start + TimeDelta::minutes(m))
}

prop_compose! {
    fn spec()(
        zone in proptest::sample::select(ZONES.to_vec()),
        week in proptest::collection::vec(day_hours(), 7),
        holidays in proptest::collection::vec(holiday(), 0..4),
        overrides in proptest::collection::vec((1u32..=365, day_hours()), 0..3),
        breaks in proptest::collection::vec((minute_2026(), 1i64..3000), 0..2),
    ) -> CalendarSpec {
        let mut spec = CalendarSpec::new(zone).with_range(CalendarRange {
            from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            until: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
        });
        for (day, hours) in WEEKDAYS.iter().zip(week) {
            spec = spec.with_hours(*day, hours);
        }
        for h in holidays {
            spec = spec.with_holiday(h);
        }
        for (ordinal, hours) in overrides {
            spec = spec.with_date_hours(NaiveDate::from_yo_opt(2026, ordinal).unwrap(), hours);
        }
        for (start, minutes) in breaks {
            let end = start + TimeDelta::minutes(minutes);
            spec = spec.with_break(Break::new(start.to_rfc3339(), end.to_rfc3339()));
        }
        spec
    }
}

/// Specs that compile: overlapping random hours are refused, and retried.
fn calendar() -> impl Strategy<Value = (CalendarSpec, BusinessCalendar)> {
    spec().prop_filter_map("spec compiles", |spec| {
        let cal = spec.compile().ok()?;
        Some((spec, cal))
    })
}

fn duration() -> impl Strategy<Value = TimeDelta> {
    prop_oneof![
        (0i64..=3 * 86_400).prop_map(TimeDelta::seconds),
        (0i64..=40 * 86_400).prop_map(TimeDelta::seconds),
        (0i64..1_000_000_000).prop_map(TimeDelta::nanoseconds),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { max_global_rejects: 100_000, ..ProptestConfig::default() })]

    #[test]
    fn add_lands_exactly_and_earliest((_, cal) in calendar(), t in minute_2026(), d in duration(), nanos in 0i64..1_000_000_000) {
        let t = t + TimeDelta::nanoseconds(nanos);
        if let Ok(end) = cal.add(t, d) {
            prop_assert!(end >= t);
            prop_assert_eq!(cal.between(t, end).unwrap(), d);
            if end > t {
                let just_before = end - TimeDelta::nanoseconds(1);
                prop_assert!(cal.between(t, just_before).unwrap() < d, "not the earliest");
            }
        }
    }

    #[test]
    fn sub_mirrors_add((_, cal) in calendar(), t in minute_2026(), d in duration()) {
        if let Ok(start) = cal.sub(t, d) {
            prop_assert!(start <= t);
            prop_assert_eq!(cal.between(start, t).unwrap(), d);
            if start < t {
                let just_after = start + TimeDelta::nanoseconds(1);
                prop_assert!(cal.between(just_after, t).unwrap() < d, "not the latest");
            }
            prop_assert_eq!(cal.add(t, -d).unwrap(), start);
        }
    }

    #[test]
    fn between_is_additive_and_antisymmetric((_, cal) in calendar(), a in minute_2026(), b in minute_2026(), c in minute_2026()) {
        let ab = cal.between(a, b).unwrap();
        let bc = cal.between(b, c).unwrap();
        prop_assert_eq!(cal.between(a, c).unwrap(), ab + bc);
        prop_assert_eq!(cal.between(b, a).unwrap(), -ab);
        // Business time never exceeds wall-clock time.
        prop_assert!(ab.abs() <= (b - a).abs());
    }

    #[test]
    fn next_open_is_open_and_nothing_opens_before_it((spec, cal) in calendar(), t in minute_2026()) {
        if let Ok(open) = cal.next_open(t) {
            prop_assert!(open >= t);
            prop_assert!(cal.is_open(open).unwrap());
            prop_assert_eq!(cal.between(t, open).unwrap(), TimeDelta::zero());
            if open - t < TimeDelta::days(3) {
                prop_assert_eq!(Model::new(&spec).between(t, open), TimeDelta::zero());
            }
            if let Ok(close) = cal.next_close(open) {
                prop_assert!(close > open);
                prop_assert!(!cal.is_open(close).unwrap());
                prop_assert_eq!(cal.between(open, close).unwrap(), close - open);
            }
        }
    }

    #[test]
    fn compiled_calendar_agrees_with_the_minute_model((spec, cal) in calendar(), a in minute_2026(), span in 0i64..(4 * 24 * 60)) {
        let model = Model::new(&spec);
        let b = a + TimeDelta::minutes(span);
        prop_assert_eq!(cal.between(a, b).unwrap(), model.between(a, b), "between({}, {}) in {}", a, b, spec.time_zone);
        let mut t = a;
        while t < b {
            prop_assert_eq!(cal.is_open(t).unwrap(), model.is_open(t), "is_open({}) in {}", t, spec.time_zone);
            t += TimeDelta::minutes(37);
        }
        let date = t.with_timezone(&cal.time_zone()).date_naive();
        prop_assert_eq!(cal.is_business_day(date).unwrap(), model.is_business_day(date), "{}", date);
    }

    #[test]
    fn business_days_after_is_the_close_of_a_business_day((_, cal) in calendar(), t in minute_2026(), n in 1u32..5) {
        if let Ok(due) = cal.business_days_after(t, n) {
            let tz = cal.time_zone();
            let from = t.with_timezone(&tz).date_naive();
            let days: Vec<NaiveDate> = cal.business_days(from.succ_opt().unwrap(), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()).take(n as usize).collect();
            prop_assert_eq!(days.len(), n as usize);
            prop_assert!(due > t);
            // The due instant ends that day's business: nothing more is open that day.
            let last = *days.last().unwrap();
            prop_assert!(cal.is_business_day(last).unwrap());
            let day_end = tz.from_local_datetime(&last.succ_opt().unwrap().and_hms_opt(0, 0, 0).unwrap()).earliest();
            if let Some(day_end) = day_end {
                let day_end = day_end.with_timezone(&Utc);
                if due <= day_end {
                    prop_assert_eq!(cal.between(due, day_end).unwrap(), TimeDelta::zero());
                }
            }
        }
    }
}

/// The zones whose transitions the DST properties walk: a midnight switch
/// (Santiago), half-hour switches (Lord Howe) and a 02:45 switch (Chatham).
const DST_ZONES: [&str; 4] = [
    "Europe/London",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
];

/// The instants in 2026 at which `zone`'s UTC offset changes, found by scanning.
fn transitions_2026(zone: &str) -> Vec<DateTime<Utc>> {
    let tz: chrono_tz::Tz = zone.parse().unwrap();
    let offset = |t: DateTime<Utc>| {
        use chrono::Offset;
        t.with_timezone(&tz).offset().fix()
    };
    let mut found = Vec::new();
    let mut t = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    while t.year_ce().1 == 2026 {
        let next = t + TimeDelta::minutes(15);
        if offset(next) != offset(t) {
            found.push(next);
        }
        t = next;
    }
    found
}

/// One shift of a date next to a DST switch: its zone, the local date, and its
/// open and close in seconds from that date's midnight (the close up to a day later).
fn shift_near_a_switch() -> impl Strategy<Value = (String, NaiveDate, i64, i64)> {
    (
        proptest::sample::select(DST_ZONES.to_vec()),
        0usize..2,
        0u64..2,
        -48i64..=48,
        1i64..288,
    )
        .prop_filter_map(
            "the shift opens on its date",
            |(zone, which, days_before, delta, length)| {
                let tz: chrono_tz::Tz = zone.parse().unwrap();
                let switch = *transitions_2026(zone).get(which)?;
                let reading = (switch - TimeDelta::seconds(1))
                    .with_timezone(&tz)
                    .naive_local();
                let date = reading.date() - chrono::Days::new(days_before);
                let from_midnight =
                    (reading - date.and_hms_opt(0, 0, 0).unwrap()).num_seconds() + 1;
                // On a five-minute grid around the switch's wall-clock time.
                let open = from_midnight / 300 * 300 + delta * 300;
                let close = open + length * 300;
                ((0..86_400).contains(&open)).then(|| (zone.to_owned(), date, open, close))
            },
        )
}

fn hh_mm(secs: i64) -> String {
    format!("{:02}:{:02}", secs / 3600, secs % 3600 / 60)
}

proptest! {
    /// A shift next to a DST switch lasts exactly as long as its two bounds resolved by
    /// the compatible rule, opens once at the resolved open and closes once at the
    /// resolved close: a bound in a repeated hour is met once, and a bound in a gap
    /// moves later by the gap. An interval whose bounds resolve out of order is empty.
    #[test]
    fn a_shift_across_a_switch_is_its_resolved_bounds((zone, date, open, close) in shift_near_a_switch()) {
        let tz: chrono_tz::Tz = zone.parse().unwrap();
        let midnight = date.and_hms_opt(0, 0, 0).unwrap();
        let a = resolve(tz, midnight + TimeDelta::seconds(open));
        let b = resolve(tz, midnight + TimeDelta::seconds(close));
        let close_text = if close == 86_400 { "24:00".to_owned() } else { hh_mm(close % 86_400) };
        let spec = CalendarSpec::new(zone.as_str())
            .with_range(CalendarRange {
                from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                until: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            })
            .with_date_hours(date, vec![TimeRange::new(hh_mm(open), close_text)]);
        let compiled = spec.compile();
        if a < b {
            let cal = compiled.unwrap();
            let (before, after) = (a - TimeDelta::days(2), b + TimeDelta::days(2));
            prop_assert_eq!(cal.between(before, after).unwrap(), b - a, "length of {:?} on {}", spec.date_hours, date);
            prop_assert_eq!(cal.next_open(before).unwrap(), a);
            prop_assert_eq!(cal.next_close(a).unwrap(), b, "the shift is split");
            prop_assert!(!cal.is_open(b).unwrap());
            prop_assert!(cal.is_business_day(date).unwrap());
            prop_assert_eq!(cal.business_days_after(before, 0).unwrap(), b);
        } else {
            prop_assert!(compiled.is_err(), "{:?} resolves empty but compiled", spec.date_hours);
        }
    }

    /// On weekly hours in DST zones, the compiled calendar agrees minute by minute with
    /// the naive model in the days around each switch.
    #[test]
    fn dst_nights_agree_with_the_minute_model(
        zone in proptest::sample::select(DST_ZONES.to_vec()),
        week in proptest::collection::vec(day_hours(), 7),
        which in 0usize..2,
        from in -36i64..12,
    ) {
        let mut spec = CalendarSpec::new(zone).with_range(CalendarRange {
            from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            until: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
        });
        for (day, hours) in WEEKDAYS.iter().zip(week) {
            spec = spec.with_hours(*day, hours);
        }
        let Ok(cal) = spec.compile() else { return Ok(()) };
        let model = Model::new(&spec);
        let switch = transitions_2026(zone)[which];
        let a = switch + TimeDelta::hours(from);
        let b = a + TimeDelta::hours(24);
        prop_assert_eq!(cal.between(a, b).unwrap(), model.between(a, b), "between({}, {}) in {}", a, b, zone);
        let mut t = a;
        while t < b {
            prop_assert_eq!(cal.is_open(t).unwrap(), model.is_open(t), "is_open({}) in {}", t, zone);
            t += TimeDelta::minutes(5);
        }
    }
}

/// Business seconds of a UTC Mon–Fri 09:00–17:00 week from 1900-01-01T00:00Z (a
/// Monday) to `t`, by week arithmetic in 128 bits: the reference at the range's
/// extremes.
fn office_seconds_since_1900(t: DateTime<Utc>) -> i128 {
    let since = i128::from(t.timestamp())
        - i128::from(
            Utc.with_ymd_and_hms(1900, 1, 1, 0, 0, 0)
                .unwrap()
                .timestamp(),
        );
    let (days, secs) = (since.div_euclid(86_400), since.rem_euclid(86_400));
    let (weeks, weekday) = (days.div_euclid(7), days.rem_euclid(7));
    let day = 8 * 3_600;
    weeks * 5 * day
        + weekday.min(5) * day
        + if weekday < 5 {
            (secs - 9 * 3_600).clamp(0, day)
        } else {
            0
        }
}

/// The longest range allowed, compiled once: a UTC office week and a 24/7 Berlin
/// calendar over 1900-01-01 to 2100-01-01.
fn longest_calendars() -> &'static (BusinessCalendar, BusinessCalendar) {
    static CALENDARS: std::sync::OnceLock<(BusinessCalendar, BusinessCalendar)> =
        std::sync::OnceLock::new();
    CALENDARS.get_or_init(|| {
        let range = CalendarRange {
            from: NaiveDate::from_ymd_opt(1900, 1, 1).unwrap(),
            until: NaiveDate::from_ymd_opt(2100, 1, 1).unwrap(),
        };
        let office = CalendarSpec::new("UTC")
            .with_weekday_hours(vec![TimeRange::new("09:00", "17:00")])
            .with_range(range)
            .compile()
            .unwrap();
        let always = CalendarSpec::twenty_four_seven("Europe/Berlin")
            .with_range(range)
            .compile()
            .unwrap();
        (office, always)
    })
}

/// An instant in the longest range, half of them within a year of either end.
fn anywhere_in_200_years() -> impl Strategy<Value = DateTime<Utc>> {
    let start = Utc.with_ymd_and_hms(1900, 1, 1, 0, 0, 0).unwrap();
    let end = Utc.with_ymd_and_hms(2099, 12, 31, 23, 0, 0).unwrap();
    let span = (end - start).num_seconds();
    let year: i64 = 366 * 86_400;
    prop_oneof![
        (0..span).prop_map(move |s| start + TimeDelta::seconds(s)),
        (0..year).prop_map(move |s| start + TimeDelta::seconds(s)),
        (0..year).prop_map(move |s| end - TimeDelta::seconds(s)),
    ]
}

proptest! {
    /// At the extremes of the longest range, every figure fits and agrees with week
    /// arithmetic in 128 bits (a release build wraps silently where a debug one
    /// panics, so the values themselves are compared).
    #[test]
    fn the_longest_range_answers_exactly(a in anywhere_in_200_years(), b in anywhere_in_200_years()) {
        let (office, always) = longest_calendars();
        let expected = office_seconds_since_1900(b) - office_seconds_since_1900(a);
        prop_assert_eq!(i128::from(office.between(a, b).unwrap().num_seconds()), expected);
        prop_assert_eq!(always.between(a, b).unwrap(), b - a);
        let (early, late) = if a <= b { (a, b) } else { (b, a) };
        let d = office.between(early, late).unwrap();
        let end = office.add(early, d).unwrap();
        prop_assert!(end <= late);
        prop_assert_eq!(office.between(early, end).unwrap(), d);
        prop_assert_eq!(office.between(office.sub(late, d).unwrap(), late).unwrap(), d);
        prop_assert_eq!(always.add(early, late - early).unwrap(), late);
    }
}
