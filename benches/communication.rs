//! Rendering a customer message against its target: one acknowledgement email,
//! from the SOP default policy's templates, for a logged complaint, within a
//! few microseconds; and checking and parsing the SOP default's templates,
//! which compiling a policy does once.
#![allow(
    missing_docs,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;

use casework::case::{Case, CaseKind, Command, Intake};
use casework::communication::{CommunicationPolicy, Outgoing, Recipient, TemplateId, render};
use casework::{
    Actor, ActorId, Aggregate, CaseId, Channel, Ctx, CustomerRef, Policy, Reference, Role,
};
use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use uuid::Uuid;

fn communication(c: &mut Criterion) {
    let policy = Policy::sop_default().unwrap();
    let csr = Actor::new(
        ActorId::from_uuid(Uuid::from_u128(1)),
        [Role::CustomerServiceRepresentative],
    );
    let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let ctx = Ctx::new(monday, csr, &policy);
    let mut case = Case::default();
    let intake = Intake::new(
        CaseId::from_uuid(Uuid::from_u128(42)),
        Reference::new("CMP", 2026, 42).unwrap(),
        CaseKind::Complaint,
        Channel::Email,
        CustomerRef::from_uuid(Uuid::from_u128(7)),
        monday,
    )
    .about("delivery/late", "Parcel two weeks late")
    .description("Ordered on the 2nd, still not here.");
    case.record(
        &Command::Log {
            intake,
            first_contact_resolution: None,
        },
        &ctx,
    )
    .unwrap();
    let outgoing = Outgoing {
        template: TemplateId::ACKNOWLEDGEMENT,
        channel: &Channel::Email,
        to: Recipient {
            name: "Ann Smith",
            zone: "Europe/London".parse().unwrap(),
            locale: "en-GB",
        },
        agent_name: "Sam",
    };
    let mut group = c.benchmark_group("communication");
    group.bench_function("render/acknowledgement_email", |b| {
        b.iter(|| render(black_box(&ctx), black_box(&case), black_box(&outgoing)).unwrap());
    });
    let templates = CommunicationPolicy::default();
    group.bench_function("compile/sop_default", |b| {
        b.iter(|| black_box(&templates).problems(black_box(&["resolution"])));
    });
    group.finish();
}

criterion_group!(benches, communication);
criterion_main!(benches);
