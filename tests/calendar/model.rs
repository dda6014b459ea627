//! A naive reference model of a calendar spec: resolves each wall-clock bound to an
//! instant with chrono-tz's `LocalResult` by the "compatible" rule, and asks, for one
//! instant, whether it falls in one of those intervals. It shares no code with the
//! compiled calendar, and counts business time minute by minute.

use casework::calendar::{CalendarSpec, Holiday, Observed};
use chrono::offset::LocalResult;
use chrono::{
    DateTime, Datelike, Days, NaiveDate, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;

/// The instant a local reading in `tz` stands for, by the compatible rule: the one
/// instant; the earlier of two; in a gap, the reading taken with the offset in force
/// before the gap (that of the last minute before it that exists).
pub fn resolve(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(earlier, _) => earlier.with_timezone(&Utc),
        LocalResult::None => {
            let before = (1..=24 * 60)
                .find_map(|m| {
                    tz.from_local_datetime(&(local - TimeDelta::minutes(m)))
                        .latest()
                })
                .unwrap();
            let offset = i64::from(before.offset().fix().local_minus_utc());
            (local - TimeDelta::seconds(offset)).and_utc()
        }
    }
}

pub struct Model<'a> {
    spec: &'a CalendarSpec,
    tz: Tz,
}

fn secs(hhmm: &str) -> i64 {
    let (h, m) = hhmm.split_once(':').unwrap();
    h.parse::<i64>().unwrap() * 3600 + m.parse::<i64>().unwrap() * 60
}

/// Independent holiday arithmetic, for the rules the generators use.
fn is_holiday(rule: &Holiday, d: NaiveDate) -> bool {
    let matches_fixed = |month, day, x: NaiveDate| x.month() == month && x.day() == day;
    match rule {
        Holiday::Date { date, .. } => *date == d,
        Holiday::Fixed {
            month,
            day,
            observed,
            ..
        } => match observed {
            Observed::OnTheDay => matches_fixed(*month, *day, d),
            Observed::NearestWeekday => match d.weekday() {
                Weekday::Sat | Weekday::Sun => false,
                Weekday::Fri => {
                    matches_fixed(*month, *day, d) || matches_fixed(*month, *day, d + Days::new(1))
                }
                Weekday::Mon => {
                    matches_fixed(*month, *day, d) || matches_fixed(*month, *day, d - Days::new(1))
                }
                _ => matches_fixed(*month, *day, d),
            },
            Observed::FollowingMonday => match d.weekday() {
                Weekday::Sat | Weekday::Sun => false,
                Weekday::Mon => (0..3).any(|k| matches_fixed(*month, *day, d - Days::new(k))),
                _ => matches_fixed(*month, *day, d),
            },
            _ => unreachable!(),
        },
        Holiday::NthWeekday {
            month, weekday, n, ..
        } => {
            d.month() == *month && d.weekday() == *weekday && (d.day() - 1) / 7 + 1 == u32::from(*n)
        }
        Holiday::LastWeekday { month, weekday, .. } => {
            d.month() == *month && d.weekday() == *weekday && (d + Days::new(7)).month() != *month
        }
        Holiday::Easter { offset, .. } => {
            // Western Easter Sundays, from published tables.
            [(2025, 4, 20), (2026, 4, 5), (2027, 3, 28)]
                .iter()
                .any(|&(y, m, day)| {
                    NaiveDate::from_ymd_opt(y, m, day).unwrap()
                        + TimeDelta::days(i64::from(*offset))
                        == d
                })
        }
        _ => unreachable!(),
    }
}

impl<'a> Model<'a> {
    pub fn new(spec: &'a CalendarSpec) -> Self {
        Self {
            spec,
            tz: spec.time_zone.parse().unwrap(),
        }
    }

    /// The non-empty intervals of `date`, as instants.
    pub fn day(&self, date: NaiveDate) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        let ranges = match self.spec.date_hours.get(&date) {
            Some(r) => r.clone(),
            None if self.spec.holidays.iter().any(|h| is_holiday(h, date)) => vec![],
            None => self.spec.hours.day(date.weekday()).to_vec(),
        };
        let midnight = date.and_hms_opt(0, 0, 0).unwrap();
        ranges
            .iter()
            .map(|r| {
                let open = secs(&r.0);
                let mut close = secs(&r.1);
                if close <= open {
                    close += 86_400;
                }
                (
                    resolve(self.tz, midnight + TimeDelta::seconds(open)),
                    resolve(self.tz, midnight + TimeDelta::seconds(close)),
                )
            })
            .filter(|(open, close)| open < close)
            .collect()
    }

    pub fn is_open(&self, t: DateTime<Utc>) -> bool {
        let date = t.with_timezone(&self.tz).date_naive();
        let in_hours = [
            date - Days::new(2),
            date - Days::new(1),
            date,
            date + Days::new(1),
        ]
        .iter()
        .flat_map(|d| self.day(*d))
        .any(|(a, b)| a <= t && t < b);
        let in_break = self.spec.breaks.iter().any(|b| {
            let start = DateTime::parse_from_rfc3339(&b.start).unwrap();
            let end = DateTime::parse_from_rfc3339(&b.end).unwrap();
            start <= t && t < end
        });
        in_hours && !in_break
    }

    /// Business time in `[a, b)`, for minute-aligned `a ≤ b`.
    pub fn between(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> TimeDelta {
        let mut t = a;
        let mut open = 0;
        while t < b {
            if self.is_open(t) {
                open += 1;
            }
            t += TimeDelta::minutes(1);
        }
        TimeDelta::minutes(open)
    }

    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        !self.day(date).is_empty()
    }
}
