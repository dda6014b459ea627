//! What the desk tells the customer, and when: a promised time, the standard
//! messages on the customer's channel, the update cadence, and a failed
//! delivery that falls back to email.
//!
//! Run it with `cargo run --example communication`.
//!
//! A complaint comes in from a customer in Vienna who writes German and
//! prefers SMS. The acknowledgement records the time promised and is rendered
//! from the policy's template on SMS. Then nobody writes to the customer: the
//! update clock (every 24 business hours for this priority) warns and
//! breaches through the scheduler's deadline command. The apology for the
//! breach bounces on SMS; the failure names the policy's fallback, email,
//! and the retry goes out there, with the reason on record.
#![allow(clippy::print_stdout)]

use casework::case::{Case, CaseKind, Command, DeliveryOutcome, Event, Intake};
use casework::communication::{Message, Outgoing, Recipient, TemplateId, owed, render};
use casework::sla::CUSTOMER_UPDATE;
use casework::{
    Actor, ActorId, Aggregate, CaseId, Channel, Ctx, CustomerRef, MessageId, Policy, Reference,
    Role,
};
use chrono::{TimeDelta, TimeZone, Utc};
use uuid::Uuid;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let policy = Policy::sop_default()?;
    let csr = Actor::new(
        ActorId::from_uuid(Uuid::from_u128(1)),
        [Role::CustomerServiceRepresentative],
    );
    let scheduler = Actor::system(ActorId::from_uuid(Uuid::from_u128(9)));
    let monday = Utc
        .with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
        .single()
        .ok_or("no such instant")?;
    let at = |hours: i64, minutes: i64| monday + TimeDelta::minutes(hours * 60 + minutes);
    let customer = Recipient {
        name: "Anna Gruber",
        zone: "Europe/Vienna".parse()?,
        locale: "de-AT",
    };
    let message_id = |n: u128| MessageId::from_uuid(Uuid::from_u128(0x3e55_0000 + n));

    // 1. Logged at 09:00 UTC; the customer prefers SMS.
    let mut case = Case::default();
    let intake = Intake::new(
        CaseId::from_uuid(Uuid::from_u128(42)),
        Reference::new("CMP", 2026, 42)?,
        CaseKind::Complaint,
        Channel::Email,
        CustomerRef::from_uuid(Uuid::from_u128(7)),
        monday,
    )
    .about("delivery/late", "Paket zwei Wochen verspätet")
    .description("Am 2. bestellt, immer noch nicht da.")
    .follow_up_by(Channel::Sms);
    let ctx = Ctx::new(at(0, 0), csr, &policy);
    case.record(
        &Command::Log {
            intake,
            first_contact_resolution: None,
        },
        &ctx,
    )?;

    // 2. Acknowledged at 09:30: the case promises the resolution target's
    //    due instant, and the acknowledgement goes out on SMS, in German.
    let ctx = Ctx::new(at(0, 30), csr, &policy);
    case.record(
        &Command::Acknowledge {
            channel: Channel::Sms,
        },
        &ctx,
    )?;
    let promised = case
        .promised_at()
        .ok_or("the acknowledgement promises a time")?;
    println!("promised: an answer by {promised}");
    let acknowledgement = render(
        &ctx,
        &case,
        &Outgoing {
            template: TemplateId::ACKNOWLEDGEMENT,
            channel: case.follow_up_channel().ok_or("logged")?,
            to: customer,
            agent_name: "Sam",
        },
    )?;
    show("acknowledgement", &acknowledgement);
    case.record(&acknowledgement.queue(message_id(1), None), &ctx)?;
    case.record(
        &Command::StartInvestigation,
        &Ctx::new(at(1, 0), csr, &policy),
    )?;

    // 3. Nobody writes to the customer. The scheduler runs at each deadline
    //    the case names, until the update clock has breached.
    println!("\nthe update clock ({CUSTOMER_UPDATE}), unanswered:");
    let breached_at = loop {
        let due = case
            .next_deadline(&policy)
            .map_err(casework::Error::from)?
            .ok_or("a running clock has a deadline")?;
        let recorded = case.record(&Command::RecordDeadline, &Ctx::new(due, scheduler, &policy))?;
        let mut breach = None;
        for event in recorded.iter().map(|r| &r.event) {
            match event {
                Event::SlaWarning {
                    metric,
                    percent,
                    reached_at,
                    ..
                } if metric == CUSTOMER_UPDATE => println!("  {reached_at}: {percent} % used"),
                Event::SlaBreached {
                    metric, reached_at, ..
                } if metric == CUSTOMER_UPDATE => {
                    println!("  {reached_at}: breached");
                    breach = Some(*reached_at);
                }
                Event::Escalated { .. } => println!("  escalated: {event:?}"),
                _ => {}
            }
        }
        if let Some(at) = breach {
            break at;
        }
    };

    // 4. The breach owes the customer an apology, on their channel. It
    //    bounces; the failure names the fallback, and the retry is owed.
    show_owed(&case, &policy);
    let ctx = Ctx::new(breached_at + TimeDelta::minutes(10), csr, &policy);
    let apology = write(&ctx, &case, &Channel::Sms, customer)?;
    show("apology", &apology);
    case.record(&apology.queue(message_id(2), None), &ctx)?;
    let ctx = Ctx::new(breached_at + TimeDelta::minutes(11), scheduler, &policy);
    let failed = case.record(
        &Command::RecordDelivery {
            message: message_id(2),
            outcome: DeliveryOutcome::Failed {
                reason: "number unreachable".to_owned(),
            },
        },
        &ctx,
    )?;
    println!("\ndelivery: {:?}", failed.first().map(|r| &r.event));
    show_owed(&case, &policy);

    // 5. The retry on email says why it is not the customer's channel.
    let ctx = Ctx::new(breached_at + TimeDelta::minutes(15), csr, &policy);
    let retry = write(&ctx, &case, &Channel::Email, customer)?;
    show("apology by email", &retry);
    case.record(
        &retry.queue(message_id(3), Some("SMS bounced".to_owned())),
        &ctx,
    )?;
    case.record(
        &Command::RecordDelivery {
            message: message_id(3),
            outcome: DeliveryOutcome::Delivered,
        },
        &Ctx::new(breached_at + TimeDelta::minutes(16), scheduler, &policy),
    )?;
    assert!(owed(&case, &policy).is_empty());

    println!("\nwhat the customer was told:");
    for message in case.messages() {
        println!(
            "  {} `{}` on {}: {:?}",
            message.queued_at, message.template, message.channel, message.delivery
        );
    }
    Ok(())
}

/// The breach apology for `case`, on `channel`.
fn write(
    ctx: &Ctx<'_>,
    case: &Case,
    channel: &Channel,
    to: Recipient<'_>,
) -> Result<Message, casework::Error> {
    Ok(render(
        ctx,
        case,
        &Outgoing {
            template: TemplateId::BREACH_APOLOGY,
            channel,
            to,
            agent_name: "Sam",
        },
    )?)
}

/// Prints what the case owes its customer.
fn show_owed(case: &Case, policy: &Policy) {
    for owed in owed(case, policy) {
        println!(
            "owed since {}: `{}` on {} ({:?})",
            owed.since, owed.template, owed.channel, owed.because
        );
    }
}

/// Prints a rendered message.
fn show(what: &str, message: &Message) {
    println!("\n{what} ({}, {}):", message.channel, message.locale);
    if let Some(subject) = &message.subject {
        println!("  subject: {subject}");
    }
    println!("  {}", message.body.replace('\n', "\n  "));
    println!("  content hash: {}", message.content);
}
