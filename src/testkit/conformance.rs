//! The storage port's conformance suite.

use core::fmt::Debug;
use std::collections::BTreeSet;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use uuid::Uuid;

use crate::Aggregate;
use crate::actor::{Actor, Role};
use crate::case::{Case, CaseKind, Command, Event, Intake, NoteVisibility};
use crate::channel::Channel;
use crate::envelope::{Recorded, Version};
use crate::id::{ActorId, CaseId, CustomerRef, Reference, StreamId};
use crate::policy::{Ctx, Policy};
use crate::priority::{Impact, SeverityFacts, Urgency};
use crate::store::{CaseStore, ExpectedVersion, StoreError, execute, verify_chain};

/// A check of the conformance suite that a store failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{check}: {message}")]
pub struct ConformanceFailure {
    /// The check: `round_trip`, `expected_version`, `conflict_leaves_stream`,
    /// `atomic_append`, `load_after`, `many_streams`, `concurrent_appenders` or
    /// `audit_chain`.
    pub check: &'static str,
    /// What went wrong.
    pub message: String,
}

fn fail(check: &'static str, message: impl Into<String>) -> ConformanceFailure {
    ConformanceFailure {
        check,
        message: message.into(),
    }
}

fn ensure(
    check: &'static str,
    ok: bool,
    message: impl FnOnce() -> String,
) -> Result<(), ConformanceFailure> {
    if ok {
        Ok(())
    } else {
        Err(fail(check, message()))
    }
}

/// Runs the storage port's conformance suite against the store that `make`
/// opens.
///
/// `make` must return handles to one and the same storage (a connection to one
/// database, a clone of one in-memory store): the concurrency check opens one per
/// thread. Every check uses streams whose ids start from `namespace`, so that runs
/// with different namespaces can share a database.
///
/// The checks: append and load round trips; all three [`ExpectedVersion`]s; a
/// conflict leaves the stream unchanged; multi-event appends are all or nothing;
/// loading after a version; many streams kept apart; eight threads racing on one
/// stream, where exactly one append wins per version and nothing is lost or
/// duplicated; and a real case recorded through [`execute`] whose audit chain
/// verifies after the round trip.
///
/// # Errors
/// The first [`ConformanceFailure`]: the check and what went wrong.
///
/// # Example
/// ```
/// use casework::store::InMemoryStore;
/// use casework::testkit::store_conformance;
///
/// let store = InMemoryStore::new();
/// store_conformance(|| store.clone(), 1).unwrap();
/// ```
pub fn store_conformance<S, F>(make: F, namespace: u128) -> Result<(), ConformanceFailure>
where
    F: Fn() -> S + Sync,
    S: CaseStore<Event>,
    S::Error: Debug,
{
    // Ids that differ in both 64-bit halves, so that a store keying on part of the
    // id shows.
    let stream = |n: u128| {
        let mix = |x: u128| {
            let mut z = (x as u64) ^ ((x >> 64) as u64);
            z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        StreamId::from_uuid(Uuid::from_u64_pair(
            mix(namespace ^ (n << 1)),
            mix(namespace ^ ((n << 1) | 1)),
        ))
    };
    round_trip(&mut make(), stream(1), stream(11))?;
    expected_versions(&mut make(), stream(2), stream(12))?;
    conflict_leaves_stream(&mut make(), stream(3))?;
    atomic_append(&mut make(), stream(4), stream(14))?;
    load_after(&mut make(), stream(5))?;
    many_streams(&mut make(), &|n| stream(100 + n))?;
    concurrent_appenders(&make, stream(6))?;
    audit_chain(&mut make(), stream(7))?;
    Ok(())
}

/// A time `minutes` after the suite's epoch, with odd nanoseconds, so that a store
/// that cuts times to microseconds or seconds shows.
fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
        + TimeDelta::minutes(minutes)
        + TimeDelta::nanoseconds(123_456_789)
}

fn note(stream: StreamId, version: u64, text: String) -> Recorded<Event> {
    Recorded::new(
        stream,
        Version::new(version),
        at(i64::try_from(version).unwrap_or(0)),
        ActorId::from_uuid(Uuid::from_u128(7)),
        Event::NoteAdded {
            text,
            visibility: NoteVisibility::Internal,
        },
    )
}

fn notes(stream: StreamId, versions: core::ops::RangeInclusive<u64>) -> Vec<Recorded<Event>> {
    versions
        .map(|v| note(stream, v, format!("note {v}")))
        .collect()
}

fn store_error<E: Debug>(check: &'static str) -> impl Fn(StoreError<E>) -> ConformanceFailure {
    move |e| fail(check, format!("store error: {e:?}"))
}

/// Appends and checks that the store answers with the stream's new version.
fn append_expecting<S: CaseStore<Event>>(
    store: &mut S,
    check: &'static str,
    stream: StreamId,
    expected: ExpectedVersion,
    events: &[Recorded<Event>],
) -> Result<(), ConformanceFailure>
where
    S::Error: Debug,
{
    let version = store
        .append(stream, expected, events)
        .map_err(store_error(check))?;
    let new = events.last().map(|r| r.version);
    ensure(check, Some(version) == new || events.is_empty(), || {
        format!("append returned {version}, but the stream is now at {new:?}")
    })
}

fn round_trip<S: CaseStore<Event>>(
    store: &mut S,
    stream: StreamId,
    never_written: StreamId,
) -> Result<(), ConformanceFailure>
where
    S::Error: Debug,
{
    const CHECK: &str = "round_trip";
    let events = notes(stream, 1..=5);
    let (first, rest) = events.split_at(3);
    append_expecting(store, CHECK, stream, ExpectedVersion::NoStream, first)?;
    append_expecting(
        store,
        CHECK,
        stream,
        ExpectedVersion::Exactly(Version::new(3)),
        rest,
    )?;
    let loaded = store
        .load(stream, Version::ZERO)
        .map_err(store_error(CHECK))?;
    ensure(CHECK, loaded == events, || {
        format!("loaded {loaded:?}, appended {events:?}")
    })?;
    let version = store.version(stream).map_err(store_error(CHECK))?;
    ensure(CHECK, version == Version::new(5), || {
        format!("version is {version}, not v5")
    })?;
    let none = store
        .load(never_written, Version::ZERO)
        .map_err(store_error(CHECK))?;
    ensure(CHECK, none.is_empty(), || {
        "a stream never written loads events".to_owned()
    })?;
    let version = store.version(never_written).map_err(store_error(CHECK))?;
    ensure(CHECK, version == Version::ZERO, || {
        format!("a stream never written is at {version}")
    })
}

fn expected_versions<S: CaseStore<Event>>(
    store: &mut S,
    stream: StreamId,
    fresh: StreamId,
) -> Result<(), ConformanceFailure>
where
    S::Error: Debug,
{
    const CHECK: &str = "expected_version";
    append_expecting(
        store,
        CHECK,
        stream,
        ExpectedVersion::Any,
        &notes(stream, 1..=1),
    )?;
    let second = notes(stream, 2..=2);
    append_expecting(
        store,
        CHECK,
        stream,
        ExpectedVersion::Exactly(Version::new(1)),
        &second,
    )?;
    append_expecting(
        store,
        CHECK,
        stream,
        ExpectedVersion::Any,
        &notes(stream, 3..=3),
    )?;
    for expected in [
        ExpectedVersion::NoStream,
        ExpectedVersion::Exactly(Version::ZERO),
        ExpectedVersion::Exactly(Version::new(2)),
        ExpectedVersion::Exactly(Version::new(4)),
        ExpectedVersion::Exactly(Version::new(9)),
    ] {
        let refused = store.append(stream, expected, &notes(stream, 4..=4));
        let conflict = matches!(
            refused,
            Err(StoreError::Conflict { expected: e, actual }) if e == expected && actual == Version::new(3)
        );
        ensure(CHECK, conflict, || {
            format!("appending with {expected} to a stream at v3 gave {refused:?}")
        })?;
    }
    let version = store.version(stream).map_err(store_error(CHECK))?;
    ensure(CHECK, version == Version::new(3), || {
        format!("refused appends moved the stream to {version}")
    })?;
    // A stream that does not exist is at v0: expecting exactly v0 writes its first
    // event.
    let first = notes(fresh, 1..=1);
    append_expecting(
        store,
        CHECK,
        fresh,
        ExpectedVersion::Exactly(Version::ZERO),
        &first,
    )
}

fn conflict_leaves_stream<S: CaseStore<Event>>(
    store: &mut S,
    stream: StreamId,
) -> Result<(), ConformanceFailure>
where
    S::Error: Debug,
{
    const CHECK: &str = "conflict_leaves_stream";
    append_expecting(
        store,
        CHECK,
        stream,
        ExpectedVersion::NoStream,
        &notes(stream, 1..=2),
    )?;
    let before = store
        .load(stream, Version::ZERO)
        .map_err(store_error(CHECK))?;
    let refused = store.append(
        stream,
        ExpectedVersion::Exactly(Version::new(1)),
        &notes(stream, 2..=4),
    );
    ensure(
        CHECK,
        matches!(refused, Err(StoreError::Conflict { .. })),
        || format!("a stale append gave {refused:?}"),
    )?;
    let after = store
        .load(stream, Version::ZERO)
        .map_err(store_error(CHECK))?;
    ensure(CHECK, before == after, || {
        "a refused append changed the stream".to_owned()
    })
}

fn atomic_append<S: CaseStore<Event>>(
    store: &mut S,
    stream: StreamId,
    elsewhere: StreamId,
) -> Result<(), ConformanceFailure>
where
    S::Error: Debug,
{
    const CHECK: &str = "atomic_append";
    append_expecting(
        store,
        CHECK,
        stream,
        ExpectedVersion::NoStream,
        &notes(stream, 1..=5),
    )?;
    // Batches that cannot be stored whole: none of each may be.
    let mut repeated = notes(stream, 6..=7);
    repeated.push(note(stream, 7, "again".to_owned()));
    let mut gap = notes(stream, 6..=6);
    gap.extend(notes(stream, 8..=8));
    let mut foreign = notes(stream, 6..=6);
    foreign.push(note(elsewhere, 7, "elsewhere".to_owned()));
    let before = store
        .load(stream, Version::ZERO)
        .map_err(store_error(CHECK))?;
    for (what, batch) in [
        ("a repeated version", repeated),
        ("a gap", gap),
        ("another stream's event", foreign),
    ] {
        let refused = store.append(stream, ExpectedVersion::Exactly(Version::new(5)), &batch);
        ensure(CHECK, refused.is_err(), || {
            format!("a batch with {what} was stored")
        })?;
        let after = store
            .load(stream, Version::ZERO)
            .map_err(store_error(CHECK))?;
        ensure(CHECK, after == before, || {
            format!("a refused batch with {what} changed the stream")
        })?;
    }
    let stray = store
        .load(elsewhere, Version::ZERO)
        .map_err(store_error(CHECK))?;
    ensure(CHECK, stray.is_empty(), || {
        "a refused batch wrote to another stream".to_owned()
    })
}

fn load_after<S: CaseStore<Event>>(
    store: &mut S,
    stream: StreamId,
) -> Result<(), ConformanceFailure>
where
    S::Error: Debug,
{
    const CHECK: &str = "load_after";
    let events = notes(stream, 1..=6);
    append_expecting(store, CHECK, stream, ExpectedVersion::NoStream, &events)?;
    for after in 0..=7_u64 {
        let loaded = store
            .load(stream, Version::new(after))
            .map_err(store_error(CHECK))?;
        let expected: Vec<_> = events
            .iter()
            .filter(|r| r.version.get() > after)
            .cloned()
            .collect();
        ensure(CHECK, loaded == expected, || {
            format!("loading after v{after} gave {} events", loaded.len())
        })?;
    }
    Ok(())
}

fn many_streams<S: CaseStore<Event>>(
    store: &mut S,
    stream: &dyn Fn(u128) -> StreamId,
) -> Result<(), ConformanceFailure>
where
    S::Error: Debug,
{
    const CHECK: &str = "many_streams";
    for round in 1..=3_u64 {
        for n in 0..20_u128 {
            let id = stream(n);
            let expected = if round == 1 {
                ExpectedVersion::NoStream
            } else {
                ExpectedVersion::Exactly(Version::new(round - 1))
            };
            let event = note(id, round, format!("stream {n} event {round}"));
            append_expecting(store, CHECK, id, expected, &[event])?;
        }
    }
    for n in 0..20_u128 {
        let loaded = store
            .load(stream(n), Version::ZERO)
            .map_err(store_error(CHECK))?;
        let texts: Vec<String> = loaded
            .iter()
            .map(|r| match &r.event {
                Event::NoteAdded { text, .. } => text.clone(),
                other => format!("{other:?}"),
            })
            .collect();
        let expected: Vec<String> = (1..=3).map(|r| format!("stream {n} event {r}")).collect();
        ensure(CHECK, texts == expected, || {
            format!("stream {n} holds {texts:?}")
        })?;
    }
    Ok(())
}

const THREADS: u64 = 8;
const PER_THREAD: u64 = 25;
const MAX_ATTEMPTS: u32 = 1000;

fn concurrent_appenders<S, F>(make: &F, stream: StreamId) -> Result<(), ConformanceFailure>
where
    F: Fn() -> S + Sync,
    S: CaseStore<Event>,
    S::Error: Debug,
{
    const CHECK: &str = "concurrent_appenders";
    let appender = |thread: u64| -> Result<(), ConformanceFailure> {
        let mut store = make();
        for seq in 0..PER_THREAD {
            let mut attempts = 0_u32;
            loop {
                attempts += 1;
                if attempts > MAX_ATTEMPTS {
                    return Err(fail(
                        CHECK,
                        format!(
                            "thread {thread} could not append after {MAX_ATTEMPTS} conflicts: \
                             does `version` lag behind `append`?"
                        ),
                    ));
                }
                let actual = store.version(stream).map_err(store_error(CHECK))?;
                let expected = if actual == Version::ZERO {
                    ExpectedVersion::NoStream
                } else {
                    ExpectedVersion::Exactly(actual)
                };
                let event = note(stream, actual.get() + 1, format!("{thread}/{seq}"));
                match store.append(stream, expected, &[event]) {
                    Ok(_) => break,
                    Err(StoreError::Conflict { .. }) => {}
                    Err(e) => return Err(fail(CHECK, format!("store error: {e:?}"))),
                }
            }
        }
        Ok(())
    };
    let results: Vec<Result<(), ConformanceFailure>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS)
            .map(|thread| scope.spawn(move || appender(thread)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(fail(CHECK, "an appender thread panicked")))
            })
            .collect()
    });
    for result in results {
        result?;
    }
    let loaded = make()
        .load(stream, Version::ZERO)
        .map_err(store_error(CHECK))?;
    let total = THREADS * PER_THREAD;
    ensure(CHECK, loaded.len() as u64 == total, || {
        format!("{} events stored, {total} appended", loaded.len())
    })?;
    let in_order = loaded
        .iter()
        .zip(1_u64..)
        .all(|(r, v)| r.version.get() == v);
    ensure(CHECK, in_order, || {
        "versions are not 1, 2, 3, … without gaps".to_owned()
    })?;
    let payloads: BTreeSet<String> = loaded
        .iter()
        .filter_map(|r| match &r.event {
            Event::NoteAdded { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    ensure(CHECK, payloads.len() as u64 == total, || {
        format!(
            "{} distinct events among {total}: some lost or duplicated",
            payloads.len()
        )
    })
}

fn audit_chain<S: CaseStore<Event>>(
    store: &mut S,
    stream: StreamId,
) -> Result<(), ConformanceFailure>
where
    S::Error: Debug,
{
    const CHECK: &str = "audit_chain";
    let policy = Policy::sop_default().map_err(|e| fail(CHECK, e.to_string()))?;
    let csr = Actor::new(
        ActorId::from_uuid(Uuid::from_u128(1)),
        [Role::CustomerServiceRepresentative],
    );
    let case = CaseId::from_uuid(stream.as_uuid());
    let reference = Reference::new("CMP", 2026, 1).map_err(|e| fail(CHECK, e.to_string()))?;
    let commands = [
        Command::Log {
            intake: Intake {
                case,
                reference,
                kind: CaseKind::Complaint,
                channel: Channel::Email,
                category: "delivery/late".to_owned(),
                subject: "Late parcel".to_owned(),
                description: "Two weeks late.".to_owned(),
                customer: CustomerRef::from_uuid(Uuid::from_u128(9)),
                follow_up_channel: Channel::Phone,
                // A safety issue makes it critical: intake records two events at
                // once, in one append.
                facts: SeverityFacts {
                    safety_issue: true,
                    ..SeverityFacts::default()
                },
                impact: Impact(2),
                urgency: Urgency(2),
                occurred_at: None,
                received_at: at(0),
                aware_at: None,
                related_to: None,
            },
            first_contact_resolution: None,
        },
        Command::Acknowledge {
            channel: Channel::Email,
        },
        Command::StartInvestigation,
        Command::AddNote {
            text: "Carrier contacted".to_owned(),
            visibility: NoteVisibility::Customer,
        },
    ];
    for (minutes, command) in (1..).zip(&commands) {
        let ctx = Ctx::new(at(minutes), csr, &policy);
        execute::<Case, _>(store, stream, command, &ctx, 0).map_err(|e| {
            fail(
                CHECK,
                format!("{:?} was not recorded: {e:?}", command.kind()),
            )
        })?;
    }
    let loaded = store
        .load(stream, Version::ZERO)
        .map_err(store_error(CHECK))?;
    ensure(CHECK, loaded.len() == 5, || {
        format!("{} events recorded, 5 expected", loaded.len())
    })?;
    verify_chain(&loaded).map_err(|e| {
        fail(
            CHECK,
            format!("the chain does not verify after the round trip: {e}"),
        )
    })?;
    let case = Case::replay(&loaded).map_err(|e| {
        fail(
            CHECK,
            format!("the history does not replay after the round trip: {e}"),
        )
    })?;
    ensure(CHECK, case.version() == Version::new(5), || {
        "the replayed case is not at v5".to_owned()
    })
}
