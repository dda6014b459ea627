//! The storage port: in-memory appends and loads, and replay end to end (load
//! from the store, fold into a case). The SQLite adapter's bench is in
//! `crates/casework-sqlite`.
#![allow(
    missing_docs,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;

use casework::case::{Case, Event, NoteVisibility};
use casework::envelope::Recorded;
use casework::store::{CaseStore, ExpectedVersion, InMemoryStore};
use casework::{ActorId, Aggregate, StreamId, Version};
use chrono::{TimeDelta, TimeZone, Utc};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use uuid::Uuid;

#[path = "../tests/case/fixtures.rs"]
#[allow(dead_code)]
mod fixtures;

/// A complaint's history: a full lifecycle by the desk fixture, then notes, to
/// `len` events (the store links them into the audit chain).
fn history(stream: StreamId, len: usize) -> Vec<Recorded<Event>> {
    use casework::case::Command;
    use casework::{Channel, Severity};
    let mut desk = fixtures::Desk::new();
    desk.ok(
        fixtures::csr(),
        fixtures::log(casework::case::CaseKind::Complaint, Severity::Medium),
    );
    desk.ok(
        fixtures::csr(),
        Command::Acknowledge {
            channel: Channel::Email,
        },
    );
    desk.ok(fixtures::csr(), Command::StartInvestigation);
    while desk.history.len() < len {
        desk.ok(
            fixtures::csr(),
            Command::AddNote {
                text: format!("note {}", desk.history.len()),
                visibility: NoteVisibility::Internal,
            },
        );
    }
    desk.history
        .into_iter()
        .map(|r| Recorded::new(stream, r.version, r.at, r.actor, r.event))
        .collect()
}

fn note(stream: StreamId, version: u64) -> Recorded<Event> {
    let at =
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap() + TimeDelta::seconds(version as i64);
    Recorded::new(
        stream,
        Version::new(version),
        at,
        ActorId::from_uuid(Uuid::from_u128(1)),
        Event::NoteAdded {
            text: format!("note {version}"),
            visibility: NoteVisibility::Internal,
        },
    )
}

fn in_memory(c: &mut Criterion) {
    // The fixture's complaint names its own id: one id, one stream.
    let stream = StreamId::from(fixtures::case_id());
    let mut group = c.benchmark_group("store/memory");
    group.throughput(Throughput::Elements(1));
    group.bench_function("append_one", |b| {
        // The store is built, and dropped, outside the measurement.
        b.iter_batched_ref(
            || {
                let mut store = InMemoryStore::new();
                store
                    .append(stream, ExpectedVersion::NoStream, &history(stream, 100))
                    .unwrap();
                (store, note(stream, 101))
            },
            |(store, event)| {
                let next = std::slice::from_ref(event);
                store
                    .append(stream, ExpectedVersion::Exactly(Version::new(100)), next)
                    .unwrap()
            },
            BatchSize::SmallInput,
        )
    });
    let events = history(stream, 1000);
    let mut store = InMemoryStore::new();
    store
        .append(stream, ExpectedVersion::NoStream, &events)
        .unwrap();
    group.throughput(Throughput::Elements(events.len() as u64));
    group.bench_function("load_1000", |b| {
        b.iter(|| store.load(black_box(stream), Version::ZERO).unwrap())
    });
    group.bench_function("replay_1000_end_to_end", |b| {
        b.iter(|| Case::replay(&store.load(black_box(stream), Version::ZERO).unwrap()).unwrap())
    });
    group.finish();
}

/// `execute` end to end on a stored complaint of 100 events: load, decode,
/// replay, decide a note, encode, link and append.
fn execute(c: &mut Criterion) {
    use casework::case::Command;
    let stream = StreamId::from(fixtures::case_id());
    let events = history(stream, 100);
    let desk = fixtures::Desk::new();
    let now = events.last().unwrap().at + TimeDelta::minutes(1);
    let ctx = casework::Ctx::new(now, fixtures::csr(), &desk.policy);
    let note = Command::AddNote {
        text: "one more".to_owned(),
        visibility: NoteVisibility::Internal,
    };
    let mut group = c.benchmark_group("store/memory");
    group.throughput(Throughput::Elements(1));
    group.bench_function("execute_on_100", |b| {
        b.iter_batched_ref(
            || {
                let mut store = InMemoryStore::new();
                store
                    .append(stream, ExpectedVersion::NoStream, &events)
                    .unwrap();
                store
            },
            |store| store.execute::<Case>(stream, &note, &ctx).unwrap(),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group!(benches, in_memory, execute);
criterion_main!(benches);
