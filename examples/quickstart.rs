//! The main job of `casework`, walked through end to end.
//!
//! Run it with `cargo run --example quickstart`.
//!
//! For now it shows the vocabulary every later part builds on: ids that the caller
//! supplies, the SOP roles and who may do what, contact channels, human reference
//! numbers, the envelope that turns events into an audit trail, and the business
//! calendar that every SLA deadline is computed on.
#![allow(clippy::print_stdout)]

use casework::calendar::{CalendarSpec, Holiday, Observed, TimeRange};
use casework::{
    Actor, ActorId, CaseId, Channel, CommandKind, Permissions, Recorded, Reference, Role, StreamId,
    Version,
};
use chrono::{DateTime, TimeDelta, TimeZone, Utc, Weekday};
use uuid::Uuid;

fn main() -> Result<(), casework::Error> {
    // 1. Ids come from the caller: from a database sequence, uuid v7, or here, constants.
    let case = CaseId::from_uuid(Uuid::from_u128(0x0192_0000_0000_7000_8000_0000_0000_0042));
    let csr = Actor::new(
        ActorId::from_uuid(Uuid::from_u128(1)),
        [Role::CustomerServiceRepresentative],
    );
    let manager = Actor::new(
        ActorId::from_uuid(Uuid::from_u128(2)),
        [Role::CustomerServiceManager],
    );
    let qa = Actor::new(ActorId::from_uuid(Uuid::from_u128(3)), [Role::QaSpecialist]);

    // 2. The number the customer hears on the phone.
    let reference = Reference::new("CMP", 2026, 42)?;
    let parsed: Reference = "CMP-2026-000042".parse()?;
    assert_eq!(parsed, reference);
    println!("case {case} is {reference}, received by {}", Channel::Email);

    // 3. Who may do what: the SOP's permission table, as data.
    let permissions = Permissions::sop_default();
    println!("\npermissions (SOP default):");
    for (who, actor) in [("CSR", &csr), ("manager", &manager), ("QA", &qa)] {
        for kind in [
            CommandKind::Log,
            CommandKind::ReviewResolution,
            CommandKind::Close,
        ] {
            let verdict = match permissions.check(actor, kind) {
                Ok(()) => "allowed".to_owned(),
                Err(refused) => format!("refused ({refused})"),
            };
            println!("  {who:<8} {kind:<18} {verdict}");
        }
    }

    // 4. Every event is recorded in an envelope: stream, version, when and by whom.
    //    That log is the audit trail.
    let at: DateTime<Utc> = Utc
        .with_ymd_and_hms(2026, 11, 25, 9, 0, 0)
        .single()
        .unwrap_or_default();
    let trail = [
        Recorded::new(StreamId::from(case), Version::new(1), at, csr.id, "logged"),
        Recorded::new(
            StreamId::from(case),
            Version::new(2),
            at + chrono::TimeDelta::minutes(20),
            csr.id,
            "acknowledged",
        ),
    ];
    println!("\naudit trail of {reference}:");
    for r in &trail {
        println!(
            "  {} {} by {}: {}",
            r.version,
            r.at.to_rfc3339(),
            r.actor,
            r.event
        );
    }
    // 5. The SOP's deadlines, on business calendars compiled once from data.
    let office = || {
        vec![
            TimeRange::new("09:00", "12:00"),
            TimeRange::new("13:00", "17:00"),
        ]
    };
    let christmas = |day, name: &str| Holiday::Fixed {
        month: 12,
        day,
        observed: Observed::OnTheDay,
        name: Some(name.into()),
    };
    let mut spec = CalendarSpec::new("Europe/Berlin")
        .with_holiday(christmas(25, "Christmas Day"))
        .with_holiday(christmas(26, "Boxing Day"));
    for day in [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ] {
        spec = spec.with_hours(day, office());
    }
    let berlin = spec.compile()?;
    let always = CalendarSpec::twenty_four_seven("UTC").compile()?;

    let received = Utc
        .with_ymd_and_hms(2026, 12, 23, 15, 30, 0)
        .single()
        .unwrap_or_default();
    let local = |t: DateTime<Utc>| {
        t.with_timezone(&berlin.time_zone())
            .format("%a %d %b %H:%M %Z")
            .to_string()
    };
    let follow_up = berlin.business_days_after(received, 2)?;
    println!("\ndeadlines for a complaint received {}:", local(received));
    println!(
        "  acknowledge within 24 h:          {}",
        local(always.add(received, TimeDelta::hours(24))?)
    );
    println!(
        "  respond within 8 business hours:  {}",
        local(berlin.add(received, TimeDelta::hours(8))?)
    );
    println!("  follow up within 2 business days: {}", local(follow_up));
    println!(
        "  business time until the follow-up: {} min",
        berlin.between(received, follow_up)?.num_minutes()
    );
    Ok(())
}
