//! Holiday rules: checking them, and finding the dates they fall on.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::spec::{Holiday, Observed};

/// Why a holiday rule can never be right, in words; `Ok` when it is fine.
pub(crate) fn check(holiday: &Holiday) -> Result<(), String> {
    let month_ok = |month: u32| {
        if (1..=12).contains(&month) {
            Ok(())
        } else {
            Err(format!("month {month} is not 1 to 12"))
        }
    };
    match holiday {
        Holiday::Date { .. } => Ok(()),
        Holiday::Fixed { month, day, .. } => {
            month_ok(*month)?;
            // 2000 is a leap year, so February 29 passes.
            if NaiveDate::from_ymd_opt(2000, *month, *day).is_none() {
                return Err(format!("{month:02}-{day:02} is not a day of the year"));
            }
            Ok(())
        }
        Holiday::NthWeekday { month, n, .. } => {
            month_ok(*month)?;
            if !(1..=5).contains(n) {
                return Err(format!("n {n} is not 1 to 5"));
            }
            Ok(())
        }
        Holiday::LastWeekday { month, .. } => month_ok(*month),
        Holiday::Easter { offset, .. } => {
            if (-366..=366).contains(offset) {
                Ok(())
            } else {
                Err(format!(
                    "Easter offset {offset} is not within -366 to 366 days"
                ))
            }
        }
    }
}

/// The date a checked rule falls on in `year`, if any.
pub(crate) fn date_in(holiday: &Holiday, year: i32) -> Option<NaiveDate> {
    match holiday {
        Holiday::Date { date, .. } => (date.year() == year).then_some(*date),
        Holiday::Fixed {
            month,
            day,
            observed,
            ..
        } => {
            let date = NaiveDate::from_ymd_opt(year, *month, *day)?;
            match (observed, date.weekday()) {
                (Observed::NearestWeekday, Weekday::Sat) => date.pred_opt(),
                (Observed::NearestWeekday | Observed::FollowingMonday, Weekday::Sun) => {
                    date.succ_opt()
                }
                (Observed::FollowingMonday, Weekday::Sat) => date.checked_add_days(Days::new(2)),
                _ => Some(date),
            }
        }
        Holiday::NthWeekday {
            month, weekday, n, ..
        } => NaiveDate::from_weekday_of_month_opt(year, *month, *weekday, *n),
        Holiday::LastWeekday { month, weekday, .. } => {
            let next_month = if *month == 12 {
                NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(year, month.checked_add(1)?, 1)
            }?;
            let last = next_month.pred_opt()?;
            let back =
                (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
            last.checked_sub_days(Days::new(u64::from(back)))
        }
        Holiday::Easter { offset, .. } => {
            let easter = easter_sunday(year)?;
            if *offset >= 0 {
                easter.checked_add_days(Days::new(u64::from(offset.unsigned_abs())))
            } else {
                easter.checked_sub_days(Days::new(u64::from(offset.unsigned_abs())))
            }
        }
    }
}

/// Western Easter Sunday (Gregorian calendar), by the anonymous Gregorian algorithm
/// (Meeus/Jones/Butcher).
pub(crate) fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The holiday dates of `[first, until)`, as a bit per day.
pub(crate) struct HolidayDates {
    first: NaiveDate,
    days: Vec<bool>,
}

impl HolidayDates {
    pub(crate) fn new(holidays: &[Holiday], first: NaiveDate, until: NaiveDate) -> Self {
        let len = usize::try_from((until - first).num_days()).unwrap_or(0);
        let mut days = vec![false; len];
        // A rule's date can move a day or two across a year boundary (observed
        // shifts, Easter offsets up to a year), so look one year further each way.
        for year in first.year() - 1..=until.year() + 1 {
            for holiday in holidays {
                let Some(date) = date_in(holiday, year) else {
                    continue;
                };
                let offset = (date - first).num_days();
                if let Some(slot) = usize::try_from(offset).ok().and_then(|i| days.get_mut(i)) {
                    *slot = true;
                }
            }
        }
        Self { first, days }
    }

    pub(crate) fn contains(&self, date: NaiveDate) -> bool {
        usize::try_from((date - self.first).num_days())
            .ok()
            .and_then(|i| self.days.get(i))
            .copied()
            .unwrap_or(false)
    }
}
