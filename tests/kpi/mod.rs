//! KPIs: figures from known histories, and the fold's algebra over random ones.

use casework::case::{CaseKind, Command, FirstContactResolution, Resolution};
use casework::kpi::{Dimension, Kpis, Ratio};
use casework::{CaseId, Channel, Recorded, Severity, case::Event};
use chrono::{DateTime, TimeDelta, Utc};
use uuid::Uuid;

use crate::case::fixtures::{Desk, csr, intake, manager, monday, qa};

mod agents;
mod monthly;
mod properties;
mod targets;

/// A desk with case `n` logged at `received`, in `category`, on `channel`.
fn logged(n: u128, received: DateTime<Utc>, category: &str, channel: Channel) -> Desk {
    let mut desk = Desk::new();
    desk.now = received;
    let mut intake = intake(CaseKind::Complaint, Severity::Medium);
    intake.case = CaseId::from_uuid(Uuid::from_u128(n));
    intake.category = category.to_owned();
    intake.channel = channel;
    intake.received_at = received;
    desk.run_at(
        received,
        csr(),
        Command::Log {
            intake,
            first_contact_resolution: None,
        },
    )
    .unwrap();
    desk
}

fn resolve(desk: &mut Desk, at: DateTime<Utc>) {
    desk.run_at(at, csr(), Command::StartInvestigation).unwrap();
    desk.run_at(
        at,
        csr(),
        Command::Resolve {
            resolution: Some(Resolution::text("Reshipped")),
            root_cause: Some("supplier".to_owned()),
        },
    )
    .unwrap();
}

fn follow_up(desk: &mut Desk, rating: Option<u8>) {
    desk.ok(
        csr(),
        Command::RecordFollowUp {
            channel: Channel::Phone,
            other_channel_reason: None,
            rating,
            comments: String::new(),
            concern_resolved: true,
            answers: Vec::new(),
            last_surveyed_at: None,
            survey_override: None,
        },
    );
}

/// Three complaints on Monday 2026-11-23:
/// - 1, email, `delivery/late`, 09:00: acknowledged at 09:30, resolved at
///   11:00, rated 4, closed;
/// - 2, phone, `billing/refund`, 10:00: acknowledged at 11:00, escalated,
///   resolved at 10:00 the next day, rated 2, reopened;
/// - 3, email, `delivery/late`, 16:00: resolved at first contact, follow-up
///   without a rating.
fn histories() -> Vec<Vec<Recorded<Event>>> {
    let at = |h: i64, m: i64| monday() + TimeDelta::hours(h) + TimeDelta::minutes(m);
    let mut one = logged(1, at(0, 0), "delivery/late", Channel::Email);
    one.run_at(
        at(0, 30),
        csr(),
        Command::Acknowledge {
            channel: Channel::Email,
        },
    )
    .unwrap();
    resolve(&mut one, at(2, 0));
    one.run_at(
        at(2, 10),
        qa(),
        Command::ReviewResolution {
            approved: true,
            comments: String::new(),
        },
    )
    .unwrap();
    follow_up(&mut one, Some(4));
    one.ok(
        csr(),
        Command::ProposeNoCapa {
            reason: "One-off".to_owned(),
        },
    );
    one.ok(manager(), Command::ApproveNoCapa);
    one.ok(manager(), Command::Close);

    let mut two = logged(2, at(1, 0), "billing/refund", Channel::Phone);
    two.run_at(
        at(2, 0),
        csr(),
        Command::Acknowledge {
            channel: Channel::Phone,
        },
    )
    .unwrap();
    two.ok(
        csr(),
        Command::Escalate {
            reason: "Customer asked for a manager".to_owned(),
        },
    );
    resolve(&mut two, at(25, 0));
    follow_up(&mut two, Some(2));
    two.ok(
        csr(),
        Command::Reopen {
            reason: "Refund did not arrive".to_owned(),
        },
    );

    let mut three = Desk::new();
    let mut intake = intake(CaseKind::Complaint, Severity::Low);
    intake.case = CaseId::from_uuid(Uuid::from_u128(3));
    intake.received_at = at(7, 0);
    three
        .run_at(
            at(7, 0),
            csr(),
            Command::Log {
                intake,
                first_contact_resolution: Some(FirstContactResolution {
                    resolution: Resolution::text("Explained the tracking page"),
                    root_cause: Some("communication".to_owned()),
                }),
            },
        )
        .unwrap();
    follow_up(&mut three, None);
    vec![one.history, two.history, three.history]
}

#[test]
fn a_report_from_known_histories() {
    let policy = Desk::new().policy;
    let kpis = Kpis::from_events(histories().iter().flatten());
    let report = kpis.report(&policy).unwrap();
    assert_eq!(report.cases, 3);
    // Acknowledged after 30 min, 60 min, and at once (first contact).
    let ack = report.time_to_acknowledge;
    assert_eq!(
        (ack.count, ack.median, ack.p90),
        (
            3,
            Some(TimeDelta::minutes(30)),
            Some(TimeDelta::minutes(60))
        )
    );
    assert_eq!(ack.mean, Some(TimeDelta::minutes(30)));
    // Resolved after 2 h, 24 h and at once; in business hours (09:00–17:00 on
    // weekdays) the second took 7 h on Monday and 1 h on Tuesday.
    assert_eq!(report.time_to_resolve.median, Some(TimeDelta::hours(2)));
    assert_eq!(report.time_to_resolve.p90, Some(TimeDelta::hours(24)));
    assert_eq!(
        report.business_time_to_resolve.p90,
        Some(TimeDelta::hours(8))
    );
    assert_eq!(report.resolved, Ratio { part: 3, whole: 3 });
    assert_eq!(report.first_contact_resolution, Ratio { part: 1, whole: 3 });
    assert_eq!(report.reopened, Ratio { part: 1, whole: 3 });
    assert_eq!(report.escalated.part, 1);
    assert_eq!(report.csat.responses, 2);
    assert_eq!(report.csat.average, Ratio { part: 6, whole: 2 });
    assert_eq!(
        report.csat.distribution.into_iter().collect::<Vec<_>>(),
        [(2, 1), (4, 1)]
    );
    assert_eq!(report.response_rate, Ratio { part: 2, whole: 3 });
    // Only case 1 finished; it breached nothing.
    assert_eq!(report.sla["resolution"].met, Ratio { part: 1, whole: 1 });

    let by_category = kpis.report_by(Dimension::Category, &policy).unwrap();
    assert_eq!(
        by_category.keys().collect::<Vec<_>>(),
        ["billing/refund", "delivery/late"]
    );
    assert_eq!(by_category["delivery/late"].cases, 2);
    let by_channel = kpis.report_by(Dimension::Channel, &policy).unwrap();
    assert_eq!(by_channel["phone"].escalated, Ratio { part: 1, whole: 1 });
    let by_team = kpis.report_by(Dimension::Team, &policy).unwrap();
    assert_eq!(by_team["unassigned"].cases, 3);
}

#[test]
fn a_first_contact_resolution_reopened_is_not_one() {
    let policy = Desk::new().policy;
    let mut histories = histories();
    let three = histories.pop().unwrap();
    let mut desk = Desk::new();
    desk.history = three;
    desk.case = <casework::case::Case as casework::Aggregate>::replay(&desk.history).unwrap();
    desk.now = desk.history.last().unwrap().at;
    desk.ok(
        csr(),
        Command::Reopen {
            reason: "The tracking page still shows nothing".to_owned(),
        },
    );
    let reopened = desk.history;
    let kpis = Kpis::from_events(histories.iter().flatten().chain(&reopened));
    let report = kpis.report(&policy).unwrap();
    assert_eq!(report.first_contact_resolution, Ratio { part: 0, whole: 3 });
    assert_eq!(report.reopened, Ratio { part: 2, whole: 3 });
    // Merged from two parts, the resolution at first contact in one and the
    // reopen in the other, the answer is the same.
    let (resolved, reopen) = reopened.split_at(reopened.len() - 1);
    let mut parts = Kpis::from_events(histories.iter().flatten().chain(resolved));
    parts.merge(&Kpis::from_events(reopen));
    assert_eq!(
        parts.report(&policy).unwrap().first_contact_resolution,
        report.first_contact_resolution
    );
}

#[test]
fn the_backlog_at_an_instant() {
    let kpis = Kpis::from_events(histories().iter().flatten());
    let at = |h: i64| monday() + TimeDelta::hours(h);
    assert_eq!(kpis.backlog_at(at(0) - TimeDelta::seconds(1)), 0);
    assert_eq!(kpis.backlog_at(at(1)), 2);
    // Case 1 closed on Monday; 2 and 3 never closed (2 was reopened).
    assert_eq!(kpis.backlog_at(at(48)), 2);
}

/// Complaint `n` received at `received` in `category`; with a rating, also
/// acknowledged, resolved and followed up with it.
fn complaint(
    n: u128,
    received: DateTime<Utc>,
    category: &str,
    rating: Option<u8>,
) -> Vec<Recorded<Event>> {
    let mut desk = logged(n, received, category, Channel::Email);
    if rating.is_some() {
        desk.ok(
            csr(),
            Command::Acknowledge {
                channel: Channel::Email,
            },
        );
        let later = desk.now + TimeDelta::hours(1);
        resolve(&mut desk, later);
        follow_up(&mut desk, rating);
    }
    desk.history
}

#[test]
fn monthly_trends_flag_volume_and_csat_moves_by_category() {
    use casework::kpi::{TrendKind, TrendRule};
    use chrono::{NaiveDate, TimeZone};
    let policy = Desk::new().policy;
    let day = |m: u32, d: u32| Utc.with_ymd_and_hms(2026, m, d, 10, 0, 0).unwrap();
    let mut events = Vec::new();
    let mut n = 0u128;
    let mut add = |received, category: &str, rating| {
        n += 1;
        events.extend(complaint(n, received, category, rating));
    };
    for month in [8, 9, 10] {
        // Late deliveries: two a month, rated 5; refunds: six a month.
        for d in [3, 4] {
            add(day(month, d), "delivery/late", Some(5));
        }
        for d in 5..11 {
            add(day(month, d), "billing/refund", None);
        }
        add(day(month, 12), "service", None);
    }
    for d in 2..8 {
        add(day(11, d), "delivery/late", Some(2));
    }
    add(day(11, 9), "billing/refund", None);
    add(day(11, 10), "service", None);
    // Before the baseline: not counted.
    add(day(7, 1), "service", None);

    let kpis = Kpis::from_events(&events);
    let trends = kpis
        .monthly_trends(
            &policy,
            NaiveDate::from_ymd_opt(2026, 11, 15).unwrap(),
            &TrendRule::default(),
        )
        .unwrap();
    let found: Vec<(&str, TrendKind)> = trends
        .iter()
        .map(|t| (t.category.as_str(), t.kind))
        .collect();
    assert_eq!(
        found,
        [
            ("billing/refund", TrendKind::VolumeDown),
            ("delivery/late", TrendKind::VolumeUp),
            ("delivery/late", TrendKind::CsatDown),
        ]
    );
    let up = &trends[1];
    assert_eq!(
        (up.current, up.baseline),
        (Ratio { part: 6, whole: 1 }, Ratio { part: 6, whole: 3 })
    );
    assert_eq!(
        (trends[2].current, trends[2].baseline),
        (Ratio { part: 12, whole: 6 }, Ratio { part: 30, whole: 6 })
    );
    // A stricter rule flags less.
    let strict = TrendRule {
        volume_change_percent: 90,
        csat_change_tenths: 40,
        ..TrendRule::default()
    };
    let strict = kpis
        .monthly_trends(
            &policy,
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            &strict,
        )
        .unwrap();
    assert_eq!(
        strict.iter().map(|t| t.kind).collect::<Vec<_>>(),
        [TrendKind::VolumeUp]
    );
}
