//! Each KPI of a month's cases against the month before's.

use casework::kpi::{Indicator, KpiChange, Kpis, Movement, Ratio, Reading};
use chrono::{NaiveDate, TimeZone, Utc};

use super::complaint;
use crate::case::fixtures::Desk;

fn row<'a>(rows: &'a [KpiChange], kpi: &Indicator) -> &'a KpiChange {
    rows.iter().find(|r| r.kpi == *kpi).unwrap()
}

#[test]
fn a_month_against_the_month_before() {
    let policy = Desk::new().policy;
    let day = |m: u32, d: u32| Utc.with_ymd_and_hms(2026, m, d, 10, 0, 0).unwrap();
    let mut events = Vec::new();
    // October: one resolved and rated 5, one never resolved.
    events.extend(complaint(1, day(10, 5), "delivery/late", Some(5)));
    events.extend(complaint(2, day(10, 6), "delivery/late", None));
    // November: three resolved, rated 4, 4 and 1.
    events.extend(complaint(3, day(11, 2), "delivery/late", Some(4)));
    events.extend(complaint(4, day(11, 3), "billing/refund", Some(4)));
    events.extend(complaint(5, day(11, 4), "billing/refund", Some(1)));
    // September and December: not counted in November's review.
    events.extend(complaint(6, day(9, 30), "delivery/late", None));
    events.extend(complaint(7, day(12, 1), "delivery/late", None));
    let kpis = Kpis::from_events(&events);

    let rows = kpis
        .monthly_kpis(&policy, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap())
        .unwrap();
    let cases = row(&rows, &Indicator::Cases);
    assert_eq!(
        (cases.this_month, cases.last_month),
        (Reading::Count(3), Reading::Count(2))
    );
    assert_eq!(
        (cases.movement(), cases.change(), cases.improved()),
        (Movement::Up, Some(1.0), None)
    );

    let resolution = row(&rows, &Indicator::ResolutionRate);
    assert_eq!(
        (resolution.this_month, resolution.last_month),
        (
            Reading::Rate(Ratio { part: 3, whole: 3 }),
            Reading::Rate(Ratio { part: 1, whole: 2 })
        )
    );
    assert_eq!(resolution.change(), Some(50.0));
    assert_eq!(resolution.improved(), Some(true));

    let csat = row(&rows, &Indicator::CsatAverage);
    assert_eq!(
        (csat.this_month, csat.last_month),
        (
            Reading::Average(Ratio { part: 9, whole: 3 }),
            Reading::Average(Ratio { part: 5, whole: 1 })
        )
    );
    assert_eq!(csat.change(), Some(-2.0));
    assert_eq!(
        (csat.movement(), csat.improved()),
        (Movement::Down, Some(false))
    );

    // Every case acknowledged was acknowledged a minute after its receipt,
    // in business hours: no change.
    let acknowledge = row(&rows, &Indicator::MedianBusinessTimeToAcknowledge);
    assert_eq!(acknowledge.this_month, Reading::Seconds(Some(60)));
    assert_eq!(
        (acknowledge.movement(), acknowledge.improved()),
        (Movement::Unchanged, None)
    );

    // Nothing was reopened either month: 0 of 3 against 0 of 1.
    let reopens = row(&rows, &Indicator::ReopenRate);
    assert_eq!(reopens.movement(), Movement::Unchanged);
    // Each SLA metric of the policy has a row, after the fixed ones.
    assert!(
        rows.iter()
            .any(|r| r.kpi == Indicator::SlaMet("resolution".to_owned()))
    );
    assert_eq!(rows[0].kpi, Indicator::Cases);

    // January against December: one case in December, none in January.
    let january = kpis
        .monthly_kpis(&policy, NaiveDate::from_ymd_opt(2027, 1, 1).unwrap())
        .unwrap();
    let cases = row(&january, &Indicator::Cases);
    assert_eq!(
        (cases.this_month, cases.last_month),
        (Reading::Count(0), Reading::Count(1))
    );
    let resolution = row(&january, &Indicator::ResolutionRate);
    assert_eq!(resolution.movement(), Movement::NoData);
    assert_eq!(resolution.change(), None);
}
