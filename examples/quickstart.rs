//! The main job of `casework`, walked through end to end.
//!
//! Run it with `cargo run --example quickstart`.
//!
//! It shows ids that the caller supplies, the SOP roles and who may do what, human
//! reference numbers, the business calendar that every deadline is computed on, and
//! one complaint walked through the whole SOP path, with a refusal on the way and
//! the audit trail its events make.
#![allow(clippy::print_stdout)]

use casework::calendar::{CalendarSpec, Holiday, Observed, TimeRange};
use casework::case::{Case, CaseKind, Command, Event, Intake, QualityRecord, Resolution};
use casework::kpi::{Kpis, Ratio};
use casework::priority::{SeverityFacts, Urgency};
use casework::{
    Actor, ActorId, Aggregate, CaseCommandKind, CaseId, Channel, Ctx, CustomerRef,
    NonConformanceId, Permissions, PolicySpec, Reference, Role, Severity,
};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use uuid::Uuid;

/// A business duration as `2h05m`.
fn hours_minutes(d: TimeDelta) -> String {
    format!("{}h{:02}m", d.num_hours(), d.num_minutes() % 60)
}

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
    let system = Actor::system(ActorId::from_uuid(Uuid::from_u128(9)));

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
            CaseCommandKind::Log,
            CaseCommandKind::ReviewResolution,
            CaseCommandKind::Close,
        ] {
            let verdict = match permissions.check(actor, kind) {
                Ok(()) => "allowed".to_owned(),
                Err(refused) => format!("refused ({refused})"),
            };
            println!("  {who:<8} {kind:<18} {verdict}");
        }
    }

    // 4. The SOP's deadlines, on business calendars compiled once from data.
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
    spec = spec.with_weekday_hours(office());
    let berlin = spec.compile()?;
    let policy = PolicySpec {
        calendar: spec.clone(),
        ..PolicySpec::sop_default()
    }
    .compile()?;
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

    // 5. One complaint through the whole SOP path. Each command is decided against
    //    the policy at a time the caller gives; the events are the audit trail.
    let start = Utc
        .with_ymd_and_hms(2026, 11, 23, 8, 15, 0)
        .single()
        .unwrap_or_default();
    let mut minutes = 0;
    let mut at = |step: i64| {
        minutes += step;
        start + TimeDelta::minutes(minutes)
    };
    let mut complaint = Case::default();
    let mut trail = Vec::new();
    let steps: Vec<(Actor, Command, i64)> = vec![
        (
            csr,
            Command::Log {
                intake: Intake::new(
                    case,
                    reference.clone(),
                    CaseKind::Complaint,
                    Channel::Email,
                    CustomerRef::from_uuid(Uuid::from_u128(0xC0FFEE)),
                    start,
                )
                .about("product/damaged", "Espresso machine arrived cracked")
                .description("Box was dented; the water tank is cracked and leaks.")
                .follow_up_by(Channel::Phone)
                // The CSR judged it medium; the leak makes it a safety issue.
                .facts(SeverityFacts {
                    assessed: Some(Severity::Medium),
                    safety_issue: true,
                    ..SeverityFacts::default()
                })
                .urgency(Urgency(2)),
                first_contact_resolution: None,
            },
            0,
        ),
        (
            csr,
            Command::Acknowledge {
                channel: Channel::Email,
            },
            25,
        ),
        (csr, Command::StartInvestigation, 10),
        (
            csr,
            Command::WaitOnThirdParty {
                reason: "Carrier damage report requested".into(),
            },
            20,
        ),
        // The caller's scheduler wakes at the case's next deadline.
        (system, Command::RecordDeadline, 185),
        (system, Command::RecordDeadline, 240),
        (csr, Command::Resume, 24 * 60 - 425),
        (
            csr,
            Command::ProposeResolution {
                resolution: Resolution::text(
                    "Replacement machine, collected and delivered by courier",
                ),
            },
            30,
        ),
        (
            csr,
            Command::Resolve {
                resolution: None,
                root_cause: Some("supplier".into()),
            },
            180,
        ),
        (manager, Command::Close, 5),
        (
            qa,
            Command::ReviewResolution {
                approved: true,
                comments: "Apology and remedy meet the standard".into(),
            },
            60,
        ),
        (
            csr,
            Command::RecordFollowUp {
                channel: Channel::Phone,
                other_channel_reason: None,
                rating: Some(5),
                comments: "Replacement works".into(),
                concern_resolved: true,
                answers: Vec::new(),
                last_surveyed_at: None,
                survey_override: None,
            },
            2 * 24 * 60,
        ),
        (
            qa,
            Command::LinkQualityRecord {
                record: QualityRecord::NonConformance(NonConformanceId::from_uuid(
                    Uuid::from_u128(0x0C),
                )),
            },
            10,
        ),
        (manager, Command::Close, 15),
    ];
    println!("\n{reference}: one complaint, step by step:");
    for (actor, command, step) in steps {
        let ctx = Ctx::new(at(step), actor, &policy);
        match complaint.record(&command, &ctx) {
            Ok(events) => trail.extend(events),
            Err(refused) => println!(
                "  refused `{}` ({}): {refused}",
                command.kind(),
                refused.rule()
            ),
        }
        let deadline = complaint
            .next_deadline(&policy)?
            .map_or("none".to_owned(), local);
        println!(
            "  {:<20} severity {}, {}, escalation level {}, next deadline {deadline}",
            command.kind().as_str(),
            complaint.severity_assessment().explain(),
            complaint
                .priority()
                .map_or("-".to_owned(), |p| p.to_string()),
            complaint.escalation_level(),
        );
        let clocks: Vec<String> = complaint
            .sla_status(&policy, ctx.now())?
            .iter()
            .map(|clock| {
                format!(
                    "{} {:?} {}/{}",
                    clock.metric,
                    clock.state,
                    hours_minutes(clock.elapsed),
                    hours_minutes(clock.allowed)
                )
            })
            .collect();
        if !clocks.is_empty() {
            println!("  {:<20} SLA: {}", "", clocks.join(", "));
        }
    }
    let who = |id| match id {
        id if id == csr.id => "CSR",
        id if id == manager.id => "manager",
        id if id == qa.id => "QA",
        id if id == system.id => "system",
        _ => "someone",
    };
    println!("\naudit trail of {reference}:");
    for r in &trail {
        let status = r.event.status().map_or(String::new(), |s| {
            format!(" -> {}", policy.lifecycle().label(s))
        });
        let detail = match &r.event {
            Event::Escalated {
                level, trigger, to, ..
            } => format!(
                " to level {level} ({trigger:?}{})",
                to.map_or(String::new(), |to| format!(", {:?} {}", to.action, to.role))
            ),
            _ => String::new(),
        };
        println!(
            "  {:>4} {} {:<8} {}{detail}{status}",
            r.version.to_string(),
            local(r.at),
            who(r.actor),
            r.event.name()
        );
    }
    println!(
        "\n{reference} is {}, escalation level {}, reopened {} times",
        complaint
            .status()
            .map_or("not logged", |s| policy.lifecycle().label(s)),
        complaint.escalation_level(),
        complaint.reopen_count()
    );

    // 7. KPIs are a fold over the events: mergeable, so a desk folds per shard or
    //    per month and combines. Here, the one complaint's report.
    let report = Kpis::from_events(&trail).report(&policy)?;
    let span = |d: Option<TimeDelta>| d.map_or("-".to_owned(), hours_minutes);
    println!(
        "
KPIs over {} case(s):",
        report.cases
    );
    println!(
        "  time to acknowledge {} ({} business), to resolve {} ({} business)",
        span(report.time_to_acknowledge.median),
        span(report.business_time_to_acknowledge.median),
        span(report.time_to_resolve.median),
        span(report.business_time_to_resolve.median),
    );
    let rate = |r: Ratio| {
        r.value()
            .map_or("-".to_owned(), |v| format!("{:.0}%", v * 100.0))
    };
    println!(
        "  CSAT {} from {} response(s); escalated {}, reopened {}, first contact {}",
        report
            .csat
            .average
            .value()
            .map_or("-".to_owned(), |v| format!("{v:.1}")),
        report.csat.responses,
        rate(report.escalated),
        rate(report.reopened),
        rate(report.first_contact_resolution),
    );
    for (metric, compliance) in &report.sla {
        println!(
            "  SLA {metric:<20} met in {} of finished cases, breached {} time(s)",
            rate(compliance.met),
            compliance.breached
        );
    }
    Ok(())
}
