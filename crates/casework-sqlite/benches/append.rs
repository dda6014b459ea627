//! SQLite appends in batched transactions: case notes, 100 to a transaction.
#![allow(missing_docs, clippy::unwrap_used)]

use casework::case::{Event, NoteVisibility};
use casework::envelope::Recorded;
use casework::store::{CaseStore, ExpectedVersion};
use casework::{ActorId, StreamId, Version};
use casework_sqlite::SqliteStore;
use chrono::{TimeDelta, TimeZone, Utc};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use uuid::Uuid;

fn note(stream: StreamId, version: u64) -> Recorded<Event> {
    let at = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
        + TimeDelta::seconds(i64::try_from(version).unwrap());
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

fn sqlite(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("casework-bench-sqlite-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut store = SqliteStore::open(&dir.join("events.sqlite")).unwrap();
    let mut group = c.benchmark_group("store/sqlite");
    group.sample_size(20);
    let batch = 100_u64;
    group.throughput(Throughput::Elements(batch));
    let mut next_stream = 0_u128;
    group.bench_function("append_batches_of_100", |b| {
        b.iter_batched(
            || {
                next_stream += 1;
                let stream = StreamId::from_uuid(Uuid::from_u128(next_stream));
                (
                    stream,
                    (1..=batch).map(|v| note(stream, v)).collect::<Vec<_>>(),
                )
            },
            |(stream, events)| {
                store
                    .append(stream, ExpectedVersion::NoStream, &events)
                    .unwrap()
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, sqlite);
criterion_main!(benches);
