//! Feedback items: logging one (decide and apply of the record command, the
//! review due by the policy's review meetings included), linking one, and the
//! monthly figures over ten thousand items.
//!
//! Command benches run one command on a fresh or cloned item (SOP default
//! policy); building the item, and the drop of the item and its events, are
//! not measured.
#![allow(
    missing_docs,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;

use casework::feedback::item::{Command, Feedback, FeedbackItem, FeedbackKind, Link};
use casework::kpi::Kpis;
use casework::{Aggregate, CapaId, Channel, Ctx, FeedbackItemId};
use chrono::{NaiveDate, TimeDelta};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use uuid::Uuid;

#[path = "../tests/feedback/item/fixtures.rs"]
#[allow(dead_code)]
mod fixtures;

use fixtures::{Item, csr, from_customer, from_staff, monday, policy};

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("feedback");
    g.throughput(Throughput::Elements(1));

    let ctx = Ctx::new(monday(), csr(), policy());
    let customer = from_customer(FeedbackKind::ProcessComplaint);
    FeedbackItem::default().record(&customer, &ctx).unwrap();
    g.bench_function("command/record_customer_feedback", |b| {
        b.iter_batched(
            FeedbackItem::default,
            |mut item| {
                let recorded = item.record(black_box(&customer), black_box(&ctx));
                (item, recorded)
            },
            BatchSize::SmallInput,
        )
    });
    let staff = from_staff(FeedbackKind::Suggestion, &csr());
    g.bench_function("command/record_staff_feedback", |b| {
        b.iter_batched(
            FeedbackItem::default,
            |mut item| {
                let recorded = item.record(black_box(&staff), black_box(&ctx));
                (item, recorded)
            },
            BatchSize::SmallInput,
        )
    });

    let logged = Item::logged();
    let link = Command::Link {
        link: Link::Capa {
            id: CapaId::from_uuid(Uuid::from_u128(0xCA)),
        },
    };
    let later = Ctx::new(monday() + TimeDelta::hours(1), csr(), policy());
    logged.item.clone().record(&link, &later).unwrap();
    g.bench_function("command/link_feedback", |b| {
        b.iter_batched(
            || logged.item.clone(),
            |mut item| {
                let recorded = item.record(black_box(&link), black_box(&later));
                (item, recorded)
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();

    // Ten thousand items over a year, of every kind, from both origins.
    let mut kpis = Kpis::new();
    for n in 0..10_000u32 {
        let at = monday() - TimeDelta::hours(i64::from(n % 8_760));
        let kind = FeedbackKind::ALL[n as usize % FeedbackKind::ALL.len()];
        let feedback = Feedback::new(
            FeedbackItemId::from_uuid(Uuid::from_u128(u128::from(n) + 1)),
            kind,
            Channel::Email,
            "Feedback",
            at,
        );
        let command = if n % 3 == 0 {
            Command::RecordStaffFeedback {
                feedback,
                member: csr().id,
            }
        } else {
            Command::RecordCustomerFeedback {
                feedback: feedback.rating(u8::try_from(n % 5).unwrap() + 1),
                customer: None,
            }
        };
        let events = FeedbackItem::default()
            .record(&command, &Ctx::new(at, csr(), policy()))
            .unwrap();
        kpis.fold_all_feedback(&events);
    }
    let november = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let mut g = c.benchmark_group("kpi");
    g.throughput(Throughput::Elements(10_000));
    g.bench_function("monthly_feedback_10k_items", |b| {
        b.iter(|| {
            black_box(&kpis)
                .monthly_feedback(policy(), black_box(november))
                .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
