//! A case worked from logging to resolution under a policy whose calendars
//! cover one year: small enough for Miri, which interprets the compile of the
//! default century's calendars too slowly (see docs/reliability.md).

#![cfg(feature = "serde")]

use casework::calendar::CalendarRange;
use casework::case::{Case, Command};
use casework::{Actor, ActorId, Aggregate, Ctx, Policy, PolicySpec, Role};
use chrono::{NaiveDate, TimeDelta};
use uuid::Uuid;

use super::fixtures::monday;

/// The SOP policy with every calendar compiled for `year` alone.
fn covering_the_year(year: i32) -> Policy {
    let range = CalendarRange {
        from: NaiveDate::from_ymd_opt(year, 1, 1).unwrap(),
        until: NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap(),
    };
    let mut spec = PolicySpec::sop_default();
    spec.calendar.range = Some(range);
    for calendar in spec.calendars.values_mut() {
        calendar.range = Some(range);
    }
    spec.compile().unwrap()
}

#[test]
fn a_case_is_worked_under_a_policy_whose_calendars_cover_one_year() {
    let policy = covering_the_year(2026);
    let csr = Actor::new(
        ActorId::from_uuid(Uuid::from_u128(1)),
        [Role::CustomerServiceRepresentative],
    );
    let auditor = Actor::new(ActorId::from_uuid(Uuid::from_u128(2)), [Role::Auditor]);
    let steps = [
        r#"{"command":"log","intake":{"case":"00000000-0000-0000-0000-000000000042","category":"delivery/late","channel":"email","customer":"00000000-0000-0000-0000-000000000007","description":"Ordered on the 2nd, still not here.","follow_up_channel":"phone","impact":3,"kind":"complaint","received_at":"2026-11-23T09:00:00Z","reference":"CMP-2026-000042","subject":"Parcel two weeks late","urgency":3}}"#,
        r#"{"command":"acknowledge","channel":"email"}"#,
        r#"{"command":"add_note","text":"Carrier asked","visibility":"internal"}"#,
        r#"{"command":"start_investigation"}"#,
        r#"{"command":"resolve","resolution":{"summary":"Parcel re-sent"},"root_cause":"customer_misunderstanding"}"#,
    ];
    let mut case = Case::default();
    let mut history = Vec::new();
    for (i, json) in steps.iter().enumerate() {
        let command: Command = serde_json::from_str(json).unwrap();
        let at = monday() + TimeDelta::minutes(10 * i as i64);
        // Refused for want of permission first, changing nothing...
        let before = case.clone();
        assert!(
            case.record(&command, &Ctx::new(at, auditor, &policy))
                .is_err()
        );
        assert_eq!(case, before, "{json}");
        // ... then recorded.
        let recorded = case
            .record(&command, &Ctx::new(at, csr, &policy))
            .unwrap_or_else(|e| panic!("{json}: {e}"));
        history.extend(recorded);
    }
    assert_eq!(Case::replay(&history).unwrap(), case);
    assert!(case.next_deadline(&policy).unwrap().is_some());

    // The stored history is covered by this year's calendars, and refused by
    // a policy whose calendars begin the year after, naming its first instant.
    assert!(Case::ensure_covered(&history, &policy).is_ok());
    let refused = Case::ensure_covered(&history, &covering_the_year(2027)).unwrap_err();
    assert_eq!(refused.rule(), "calendar");
    assert!(
        refused.to_string().contains("2026-11-23T09:00:00"),
        "{refused}"
    );
}
