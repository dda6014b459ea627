//! The storage port's conformance suite: sync and async, for any event type.
//!
//! Every check is written once, as a future over the private `Port` trait. The
//! sync suite wraps a [`CaseStore`] in futures that are ready at once and polls
//! each check once, on the caller's thread; the async suite awaits an
//! [`AsyncCaseStore`]'s own futures, and hands its future to the caller to drive.
//! The suite knows no runtime and never sleeps; only the sync suite's
//! concurrency check starts threads.
//!
//! The checks know nothing of the events they store but what the caller's
//! `sample` gives; only the case wrappers ([`store_conformance`] and
//! [`store_conformance_async`]) add a case recorded through `execute`.

use core::fmt::Debug;
use core::future::{Future, poll_fn, ready};
use core::ops::RangeInclusive;
use core::pin::{Pin, pin};
use core::task::{Context, Poll, Waker};

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use uuid::Uuid;

use crate::Aggregate;
use crate::actor::{Actor, Role};
use crate::case::{self, Case, CaseKind, Command, Intake, NoteVisibility};
use crate::channel::Channel;
use crate::envelope::{ChainHash, Recorded, Version};
use crate::id::{ActorId, CaseId, CustomerRef, Reference, StreamId};
use crate::policy::{Ctx, Policy};
use crate::priority::{Impact, SeverityFacts, Urgency};
use crate::records::ERASED;
use crate::store::{
    AsyncCaseStore, CaseStore, ChainError, Executed, ExpectedVersion, Loaded, Payload, StoreError,
    StoredRow, execute, execute_async, hash_row, link, verify_against, verify_chain,
    verify_history,
};

/// A check of the conformance suite that a store failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{check}: {message}")]
pub struct ConformanceFailure {
    /// The check: `sample_events` (the caller's sample, not the store),
    /// `round_trip`, `expected_version`, `conflict_leaves_stream`,
    /// `atomic_append`, `load_after`, `many_streams`, `concurrent_appenders`,
    /// `audit_chain` or, for case events, `case_history` and
    /// `personal_data_erasure` (and `suite` for a bug
    /// in the suite itself).
    pub check: &'static str,
    /// What went wrong.
    pub message: String,
}

/// Runs the storage port's conformance suite, with case events, against the
/// store that `make` opens.
///
/// [`store_conformance_with`] with case notes as the sample events, then one
/// more check, `case_history`: a real case recorded through
/// [`execute`](crate::store::execute), intake storing two events in one
/// append, whose audit chain verifies and whose history replays after the
/// round trip; and then `personal_data_erasure`: the case withdrawn, its
/// personal data erased after a legal hold refused it and was released, and
/// no personal text left in the rows the store holds, while the chain still
/// verifies and reports the erased events.
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
    S: CaseStore<case::Event>,
    S::Error: Debug,
{
    store_conformance_with(&make, namespace, case_note)?;
    let stream = Streams(namespace).id(9);
    now(case_history(&mut Blocking(make()), stream))?;
    now(personal_data_erasure(&mut Blocking(make()), stream))
}

/// Runs the storage port's conformance suite against the store that `make`
/// opens, storing the events that `sample` gives: the suite for stores of any
/// event type.
///
/// `make` must return handles to one and the same storage (a connection to one
/// database, a clone of one in-memory store): the concurrency check opens
/// several. Every check uses streams whose ids derive from `namespace`, so that
/// runs with different namespaces can share a database; give each run its own.
///
/// `sample(n)` for `n` in `0..256` must give 256 distinct events, the same ones
/// on every call, each reading back from its own payload as itself (the
/// `sample_events` check says so when it does not).
///
/// The checks, each on streams of its own:
/// - `round_trip`: appends and loads return the events exactly as appended
///   (times to the nanosecond, actors), every column of the stored rows
///   comes back byte for byte (payloads, hashes), `load_with_head` gives the
///   same events and the last row's hash, and a stream never written is
///   empty at [`Version::ZERO`];
/// - `expected_version`: all three [`ExpectedVersion`]s, and every stale
///   expectation refused as a [`StoreError::Conflict`] with the actual version;
/// - `conflict_leaves_stream`: a refused append writes nothing;
/// - `atomic_append`: a batch with a repeated version, a gap or another
///   stream's event is refused whole, in this stream and the other;
/// - `load_after`: loading after each version, past the end included;
/// - `many_streams`: twenty streams written in turns, each kept apart;
/// - `concurrent_appenders`: eight handles read the stream's version and then
///   all append one event expecting it, eight rounds: exactly one append wins
///   each round, every other is a conflict reporting the winner's version, and
///   the stream holds the winners' events only. Then eight threads race on one
///   stream, 25 events each, retrying on conflicts: nothing is lost or
///   duplicated, the versions run 1, 2, 3, … without gaps, and the chain
///   the racers linked verifies;
/// - `audit_chain`: rows linked into a hash chain ([`link`]), appended in
///   two batches, verify after the round trip ([`verify_chain`]) with the same
///   head; and on the rows as loaded, an edited v4 is reported as v4, and a
///   deleted or rewritten last event is caught by the [`Checkpoint`](crate::store::Checkpoint)
///   ([`verify_against`]).
///
/// Appends go through the port's typed [`CaseStore::append`], which links
/// each batch to the row before it, except in `audit_chain`, which links
/// and appends the rows itself.
///
/// # Errors
/// The first [`ConformanceFailure`]: the check and what went wrong.
///
/// # Example
/// A store of plain strings, and one of the CAPA's events:
/// ```
/// use casework::quality::capa::{ActionNo, Event};
/// use casework::store::InMemoryStore;
/// use casework::testkit::store_conformance_with;
///
/// let words = InMemoryStore::<String>::new();
/// store_conformance_with(|| words.clone(), 1, |n| format!("event {n}")).unwrap();
///
/// let capas = InMemoryStore::<Event>::new();
/// let started = |n| Event::ActionStarted { action: ActionNo(n) };
/// store_conformance_with(|| capas.clone(), 2, started).unwrap();
/// ```
pub fn store_conformance_with<Ev, S, F, G>(
    make: F,
    namespace: u128,
    sample: G,
) -> Result<(), ConformanceFailure>
where
    Ev: Clone + PartialEq + Debug + Payload,
    F: Fn() -> S + Sync,
    S: CaseStore<Ev>,
    S::Error: Debug,
    G: Fn(u32) -> Ev + Sync,
{
    let streams = Streams(namespace);
    now(checks(&|| Blocking(make()), &sample, streams))?;
    racing_threads(&make, &sample, streams.id(6))
}

/// Runs the storage port's conformance suite, with case events, against the
/// async store that `make` opens: [`store_conformance_async_with`] with case
/// notes as the sample events, then the `case_history` check of
/// [`store_conformance`], through [`execute_async`](crate::store::execute_async).
///
/// The future is `Send` and needs no runtime: drive it with the executor of
/// your choice, or any `block_on`.
///
/// # Errors
/// The first [`ConformanceFailure`]: the check and what went wrong.
///
/// # Example
/// ```
/// use std::future::Future;
/// use std::pin::pin;
/// use std::task::{Context, Poll, Waker};
///
/// use casework::store::InMemoryStore;
/// use casework::testkit::store_conformance_async;
///
/// /// Polls a future until it is ready. Enough for a store whose futures never
/// /// wait on anything outside them; use your runtime's for one that does.
/// fn block_on<F: Future>(future: F) -> F::Output {
///     let mut future = pin!(future);
///     let mut cx = Context::from_waker(Waker::noop());
///     loop {
///         if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
///             return out;
///         }
///     }
/// }
///
/// let store = InMemoryStore::new();
/// block_on(store_conformance_async(|| store.clone(), 1)).unwrap();
/// ```
#[allow(
    clippy::manual_async_fn,
    reason = "`+ Send` in the signature is a promise, checked here; `async fn` would leave it to inference"
)]
pub fn store_conformance_async<S, F>(
    make: F,
    namespace: u128,
) -> impl Future<Output = Result<(), ConformanceFailure>> + Send
where
    F: Fn() -> S + Send + Sync,
    S: AsyncCaseStore<case::Event>,
    S::Error: Debug,
{
    async move {
        store_conformance_async_with(&make, namespace, case_note).await?;
        let stream = Streams(namespace).id(9);
        case_history(&mut Async(make()), stream).await?;
        personal_data_erasure(&mut Async(make()), stream).await
    }
}

/// Runs the storage port's conformance suite against the async store that
/// `make` opens, storing the events that `sample` gives: the checks of
/// [`store_conformance_with`], with the same requirements on `make`,
/// `namespace` and `sample`, awaiting the store's own futures.
///
/// The future is `Send` and needs no runtime: drive it with the executor of
/// your choice, or any `block_on`.
///
/// # What the concurrency check proves
/// There are no threads here. In each of eight rounds, eight handles read the
/// stream's version, and then their eight appends, all expecting that version,
/// are polled together on the one task driving the suite, so that their I/O
/// overlaps. Whatever order the store completes them in, exactly one must win,
/// every other must be a [`StoreError::Conflict`] reporting the winner's
/// version, and the stream must hold the winner's event and nothing else.
///
/// That proves that an append's version check sees what other handles wrote,
/// and that a stale append is refused as a conflict and writes nothing. Over a
/// store whose futures wait on a database, the appends race there. Over a store
/// whose futures are ready at once (the in-memory store), they complete one
/// after another, and the check proves nothing about an append's check and
/// write being atomic under parallel writers. For that, run the sync suite
/// over the same storage too: its threads race on one stream.
///
/// # Errors
/// The first [`ConformanceFailure`]: the check and what went wrong.
///
/// # Example
/// ```
/// use std::future::Future;
/// use std::pin::pin;
/// use std::task::{Context, Poll, Waker};
///
/// use casework::store::InMemoryStore;
/// use casework::testkit::store_conformance_async_with;
///
/// /// Polls a future until it is ready.
/// fn block_on<F: Future>(future: F) -> F::Output {
///     let mut future = pin!(future);
///     let mut cx = Context::from_waker(Waker::noop());
///     loop {
///         if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
///             return out;
///         }
///     }
/// }
///
/// let store = InMemoryStore::<u64>::new();
/// // The future is `Send`: it may run on another thread.
/// let suite = store_conformance_async_with(move || store.clone(), 1, |n| u64::from(n) * 7);
/// std::thread::spawn(move || block_on(suite)).join().unwrap().unwrap();
/// ```
#[allow(
    clippy::manual_async_fn,
    reason = "`+ Send` in the signature is a promise, checked here; `async fn` would leave it to inference"
)]
pub fn store_conformance_async_with<Ev, S, F, G>(
    make: F,
    namespace: u128,
    sample: G,
) -> impl Future<Output = Result<(), ConformanceFailure>> + Send
where
    Ev: Clone + PartialEq + Debug + Payload + Send + Sync,
    F: Fn() -> S + Send + Sync,
    S: AsyncCaseStore<Ev>,
    S::Error: Debug,
    G: Fn(u32) -> Ev + Send + Sync,
{
    async move { checks(&|| Async(make()), &sample, Streams(namespace)).await }
}

// ---------------------------------------------------------------------------
// The port as the checks see it.

/// The storage port with every method a future: a sync store's are ready at
/// once.
trait Port<Ev> {
    /// The backend's error.
    type Error: Debug;

    fn append(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        events: &[Recorded<Ev>],
    ) -> impl Future<Output = Result<Version, StoreError<Self::Error>>>;

    fn load(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> impl Future<Output = Result<Vec<Recorded<Ev>>, StoreError<Self::Error>>>;

    fn load_rows(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> impl Future<Output = Result<Vec<StoredRow>, StoreError<Self::Error>>>;

    fn append_rows(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        rows: &[StoredRow],
    ) -> impl Future<Output = Result<Version, StoreError<Self::Error>>>;

    fn load_with_head(&mut self, stream: StreamId)
    -> impl Future<Output = Loaded<Ev, Self::Error>>;

    fn version(
        &mut self,
        stream: StreamId,
    ) -> impl Future<Output = Result<Version, StoreError<Self::Error>>>;

    /// `execute` (or `execute_async`) without retries.
    fn execute<A>(
        &mut self,
        stream: StreamId,
        command: &A::Command,
        ctx: &Ctx<'_>,
    ) -> impl Future<Output = Executed<A, Self::Error>>
    where
        A: Aggregate<Event = Ev>,
        A::Command: Sync,
        Ev: Payload + Send + Sync;
}

/// A [`CaseStore`] as a [`Port`].
struct Blocking<S>(S);

impl<Ev, S> Port<Ev> for Blocking<S>
where
    Ev: Payload,
    S: CaseStore<Ev>,
    S::Error: Debug,
{
    type Error = S::Error;

    fn append(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        events: &[Recorded<Ev>],
    ) -> impl Future<Output = Result<Version, StoreError<Self::Error>>> {
        ready(CaseStore::append(&mut self.0, stream, expected, events))
    }

    fn load(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> impl Future<Output = Result<Vec<Recorded<Ev>>, StoreError<Self::Error>>> {
        ready(CaseStore::load(&mut self.0, stream, after))
    }

    fn load_rows(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> impl Future<Output = Result<Vec<StoredRow>, StoreError<Self::Error>>> {
        ready(CaseStore::load_rows(&mut self.0, stream, after))
    }

    fn append_rows(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        rows: &[StoredRow],
    ) -> impl Future<Output = Result<Version, StoreError<Self::Error>>> {
        ready(CaseStore::append_rows(&mut self.0, stream, expected, rows))
    }

    fn load_with_head(
        &mut self,
        stream: StreamId,
    ) -> impl Future<Output = Loaded<Ev, Self::Error>> {
        ready(CaseStore::load_with_head(&mut self.0, stream))
    }

    fn version(
        &mut self,
        stream: StreamId,
    ) -> impl Future<Output = Result<Version, StoreError<Self::Error>>> {
        ready(CaseStore::version(&mut self.0, stream))
    }

    fn execute<A>(
        &mut self,
        stream: StreamId,
        command: &A::Command,
        ctx: &Ctx<'_>,
    ) -> impl Future<Output = Executed<A, Self::Error>>
    where
        A: Aggregate<Event = Ev>,
        A::Command: Sync,
        Ev: Payload + Send + Sync,
    {
        ready(execute::<A, S>(&mut self.0, stream, command, ctx, 0))
    }
}

/// An [`AsyncCaseStore`] as a [`Port`].
struct Async<S>(S);

impl<Ev, S> Port<Ev> for Async<S>
where
    Ev: Payload + Send + Sync,
    S: AsyncCaseStore<Ev>,
    S::Error: Debug,
{
    type Error = S::Error;

    fn append(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        events: &[Recorded<Ev>],
    ) -> impl Future<Output = Result<Version, StoreError<Self::Error>>> {
        AsyncCaseStore::append(&mut self.0, stream, expected, events)
    }

    fn load(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> impl Future<Output = Result<Vec<Recorded<Ev>>, StoreError<Self::Error>>> {
        AsyncCaseStore::load(&mut self.0, stream, after)
    }

    fn load_rows(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> impl Future<Output = Result<Vec<StoredRow>, StoreError<Self::Error>>> {
        AsyncCaseStore::load_rows(&mut self.0, stream, after)
    }

    fn append_rows(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        rows: &[StoredRow],
    ) -> impl Future<Output = Result<Version, StoreError<Self::Error>>> {
        AsyncCaseStore::append_rows(&mut self.0, stream, expected, rows)
    }

    fn load_with_head(
        &mut self,
        stream: StreamId,
    ) -> impl Future<Output = Loaded<Ev, Self::Error>> {
        AsyncCaseStore::load_with_head(&mut self.0, stream)
    }

    fn version(
        &mut self,
        stream: StreamId,
    ) -> impl Future<Output = Result<Version, StoreError<Self::Error>>> {
        AsyncCaseStore::version(&mut self.0, stream)
    }

    fn execute<A>(
        &mut self,
        stream: StreamId,
        command: &A::Command,
        ctx: &Ctx<'_>,
    ) -> impl Future<Output = Executed<A, Self::Error>>
    where
        A: Aggregate<Event = Ev>,
        A::Command: Sync,
        Ev: Payload + Send + Sync,
    {
        execute_async::<A, S>(&mut self.0, stream, command, ctx, 0)
    }
}

/// What the suite needs of the events it stores.
trait SuiteEvent: Clone + PartialEq + Debug + Payload {}

impl<T: Clone + PartialEq + Debug + Payload> SuiteEvent for T {}

/// The caller's sample events.
type Sample<'s, Ev> = &'s (dyn Fn(u32) -> Ev + Sync);

/// How many sample events the suite asks for: `sample(0)` to `sample(255)`.
const SAMPLES: u32 = 256;

/// Polls a check over a sync store: its futures are ready at once, so one poll
/// finishes it.
fn now<T>(
    check: impl Future<Output = Result<T, ConformanceFailure>>,
) -> Result<T, ConformanceFailure> {
    let mut check = pin!(check);
    match check.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(out) => out,
        Poll::Pending => Err(fail(
            "suite",
            "a check over a sync store waited, which it never should: a bug in the suite",
        )),
    }
}

/// Polls `futures` together on the task driving the caller, each in turn every
/// time the task is woken, until all are done; their outputs in their order.
async fn join_all<F: Future>(futures: Vec<F>) -> Vec<F::Output> {
    let mut futures: Vec<Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    poll_fn(|cx| {
        let mut done = true;
        for (future, output) in futures.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    Poll::Ready(out) => *output = Some(out),
                    Poll::Pending => done = false,
                }
            }
        }
        if done { Poll::Ready(()) } else { Poll::Pending }
    })
    .await;
    outputs.into_iter().flatten().collect()
}

// ---------------------------------------------------------------------------
// Fixtures.

/// The suite's stream ids.
#[derive(Debug, Clone, Copy)]
struct Streams(u128);

impl Streams {
    /// Stream `n` of the namespace: ids that differ in both 64-bit halves, so
    /// that a store keying on part of the id shows.
    fn id(self, n: u128) -> StreamId {
        let mix = |x: u128| {
            let mut z = (x as u64) ^ ((x >> 64) as u64);
            z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        StreamId::from_uuid(Uuid::from_u64_pair(
            mix(self.0 ^ (n << 1)),
            mix(self.0 ^ ((n << 1) | 1)),
        ))
    }
}

/// The personal texts of the case that `case_history` records.
const PERSONAL_TEXTS: [&str; 3] = ["Late parcel", "Two weeks late.", "Carrier contacted"];

/// Erases the personal data of the case `case_history` recorded, once the
/// case is withdrawn and a legal hold released: the store must remove the
/// texts from the rows it holds, in the append of the erasure, and the chain
/// must still verify, reporting them erased.
async fn personal_data_erasure<P: Port<case::Event>>(
    store: &mut P,
    stream: StreamId,
) -> Result<(), ConformanceFailure> {
    const CHECK: &str = "personal_data_erasure";
    let policy = Policy::sop_default().map_err(|e| fail(CHECK, e.to_string()))?;
    let person = |n, role| Actor::new(ActorId::from_uuid(Uuid::from_u128(n)), [role]);
    let csr = person(1, Role::CustomerServiceRepresentative);
    let owner = person(2, Role::ProcessOwner);
    let hold = "Claim 2026-114".to_owned();
    let erase = Command::ErasePersonalData {
        reason: "Erasure request ER-7".to_owned(),
    };
    let steps = [
        (
            csr,
            Command::Withdraw {
                reason: "Customer withdrew".to_owned(),
            },
        ),
        (
            owner,
            Command::PlaceLegalHold {
                reason: hold.clone(),
            },
        ),
        (owner, erase.clone()),
        (owner, Command::ReleaseLegalHold { reason: hold }),
        (owner, erase),
    ];
    for (minutes, (actor, command)) in (10..).zip(&steps) {
        let ctx = Ctx::new(at(minutes), *actor, &policy);
        let executed = store.execute::<Case>(stream, command, &ctx).await;
        // The erasure under the hold is refused, and stores nothing.
        let held = minutes == 12;
        ensure(CHECK, executed.is_err() == held, || match held {
            true => format!("{:?} was not refused under a legal hold", command.kind()),
            false => format!("{:?} was refused: {executed:?}", command.kind()),
        })?;
    }
    let rows = store
        .load_rows(stream, Version::ZERO)
        .await
        .map_err(store_error(CHECK))?;
    for row in &rows {
        let stored = [
            row.payload.as_slice(),
            row.personal.as_deref().unwrap_or_default(),
        ];
        for text in PERSONAL_TEXTS {
            let found = stored
                .iter()
                .any(|bytes| bytes.windows(text.len()).any(|w| w == text.as_bytes()));
            ensure(CHECK, !found, || {
                format!(
                    "event v{} still holds `{text}` after the erasure",
                    row.version
                )
            })?;
        }
    }
    let verified = verify_history(stream, &rows).map_err(|e| {
        fail(
            CHECK,
            format!("the chain does not verify after the erasure: {e}"),
        )
    })?;
    let erased: Vec<String> = verified.erased.iter().map(ToString::to_string).collect();
    ensure(
        CHECK,
        erased == ["v1 erased by v10", "v6 erased by v10"],
        || format!("the verifier reports {erased:?}, not v1 and v6 erased by v10"),
    )?;
    let loaded = store
        .load(stream, Version::ZERO)
        .await
        .map_err(store_error(CHECK))?;
    let case = Case::replay(&loaded).map_err(|e| {
        fail(
            CHECK,
            format!("the history does not replay after the erasure: {e}"),
        )
    })?;
    ensure(
        CHECK,
        case.personal_data().is_empty() && case.intake().is_some_and(|i| i.subject == ERASED),
        || "the replayed case still holds personal data".to_owned(),
    )
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

/// Event `version` of `stream`, carrying sample event `index`: its time and
/// actor vary with the version.
fn recorded<Ev>(
    sample: Sample<'_, Ev>,
    stream: StreamId,
    version: u64,
    index: u32,
) -> Recorded<Ev> {
    Recorded::new(
        stream,
        Version::new(version),
        at(i64::try_from(version).unwrap_or(0)),
        ActorId::from_uuid(Uuid::from_u128(7 + u128::from(version % 3))),
        sample(index),
    )
}

/// Events `versions` of `stream`, carrying sample events `offset + version`.
fn events<Ev>(
    sample: Sample<'_, Ev>,
    stream: StreamId,
    versions: RangeInclusive<u64>,
    offset: u32,
) -> Vec<Recorded<Ev>> {
    versions
        .map(|v| {
            let index = u32::try_from(v).map_or(0, |v| offset.saturating_add(v));
            recorded(sample, stream, v, index)
        })
        .collect()
}

/// The case event the case suites store.
fn case_note(n: u32) -> case::Event {
    case::Event::NoteAdded {
        text: format!("note {n}"),
        visibility: NoteVisibility::Internal,
    }
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

fn store_error<E: Debug>(check: &'static str) -> impl Fn(StoreError<E>) -> ConformanceFailure {
    move |e| fail(check, format!("store error: {e:?}"))
}

/// The expectation of a writer that saw the stream at `version`.
fn expecting(version: Version) -> ExpectedVersion {
    if version == Version::ZERO {
        ExpectedVersion::NoStream
    } else {
        ExpectedVersion::Exactly(version)
    }
}

// ---------------------------------------------------------------------------
// The checks.

/// Every check but the threads of the sync suite, in order.
async fn checks<Ev: SuiteEvent, P: Port<Ev>>(
    make: &(dyn Fn() -> P + Sync),
    sample: Sample<'_, Ev>,
    streams: Streams,
) -> Result<(), ConformanceFailure> {
    sample_events(sample)?;
    round_trip(&mut make(), sample, streams.id(1), streams.id(11)).await?;
    expected_versions(&mut make(), sample, streams.id(2), streams.id(12)).await?;
    conflict_leaves_stream(&mut make(), sample, streams.id(3)).await?;
    atomic_append(&mut make(), sample, streams.id(4), streams.id(14)).await?;
    load_after(&mut make(), sample, streams.id(5)).await?;
    many_streams(&mut make(), sample, streams).await?;
    let mut handles: Vec<P> = (0..HANDLES).map(|_| make()).collect();
    stale_appenders(&mut handles, sample, streams.id(8)).await?;
    audit_chain(&mut make(), sample, streams.id(7)).await
}

fn sample_events<Ev: SuiteEvent>(sample: Sample<'_, Ev>) -> Result<(), ConformanceFailure> {
    const CHECK: &str = "sample_events";
    let events: Vec<Ev> = (0..SAMPLES).map(sample).collect();
    for (i, event) in (0_u32..).zip(&events) {
        let again = sample(i);
        ensure(CHECK, again == *event, || {
            format!("sample({i}) gave {event:?}, then {again:?}: it must give the same event")
        })?;
        let decoded = event
            .encode()
            .and_then(|payload| Ev::decode(Ev::ENCODING, &payload));
        ensure(CHECK, decoded.as_ref() == Ok(event), || {
            format!("sample({i}), {event:?}, reads back from its payload as {decoded:?}")
        })?;
        if let Some((j, _)) = (0_u32..)
            .zip(&events)
            .take_while(|(j, _)| *j < i)
            .find(|(_, e)| *e == event)
        {
            return Err(fail(
                CHECK,
                format!(
                    "sample({j}) and sample({i}) are both {event:?}: the suite needs {SAMPLES} \
                     distinct events"
                ),
            ));
        }
    }
    Ok(())
}

/// Appends and checks that the store answers with the stream's new version.
async fn append_expecting<Ev, P: Port<Ev>>(
    store: &mut P,
    check: &'static str,
    stream: StreamId,
    expected: ExpectedVersion,
    events: &[Recorded<Ev>],
) -> Result<(), ConformanceFailure> {
    let version = store
        .append(stream, expected, events)
        .await
        .map_err(store_error(check))?;
    let new = events.last().map(|r| r.version);
    ensure(check, Some(version) == new || events.is_empty(), || {
        format!("append returned {version}, but the stream is now at {new:?}")
    })
}

/// Appends rows and checks that the store answers with the stream's new
/// version.
async fn append_rows_expecting<Ev, P: Port<Ev>>(
    store: &mut P,
    check: &'static str,
    stream: StreamId,
    expected: ExpectedVersion,
    rows: &[StoredRow],
) -> Result<(), ConformanceFailure> {
    let version = store
        .append_rows(stream, expected, rows)
        .await
        .map_err(store_error(check))?;
    let new = rows.last().map(|r| r.version);
    ensure(
        check,
        new.is_some_and(|new| u64::try_from(new).ok() == Some(version.get())),
        || format!("append returned {version}, but the stream is now at v{new:?}"),
    )
}

async fn round_trip<Ev: SuiteEvent, P: Port<Ev>>(
    store: &mut P,
    sample: Sample<'_, Ev>,
    stream: StreamId,
    never_written: StreamId,
) -> Result<(), ConformanceFailure> {
    const CHECK: &str = "round_trip";
    let events = events(sample, stream, 1..=5, 0);
    let (first, rest) = events.split_at(3);
    append_expecting(store, CHECK, stream, ExpectedVersion::NoStream, first).await?;
    let three = ExpectedVersion::Exactly(Version::new(3));
    append_expecting(store, CHECK, stream, three, rest).await?;
    let loaded = store
        .load(stream, Version::ZERO)
        .await
        .map_err(store_error(CHECK))?;
    ensure(CHECK, loaded == events, || {
        format!("loaded {loaded:?}, appended {events:?}")
    })?;
    // The rows as stored, every column: the payload bytes as written, and the
    // chain the appends linked, each batch to the row before it.
    let rows = link(ChainHash::ZERO, &events)
        .map_err(|e| fail(CHECK, format!("the sample events cannot be linked: {e}")))?;
    let stored = store
        .load_rows(stream, Version::ZERO)
        .await
        .map_err(store_error(CHECK))?;
    if let Some((row, expected)) = stored
        .iter()
        .zip(&rows)
        .find(|(row, expected)| row != expected)
    {
        return Err(fail(
            CHECK,
            format!("stored row {row:?}, appended {expected:?}"),
        ));
    }
    ensure(CHECK, stored.len() == rows.len(), || {
        format!("{} rows stored, {} appended", stored.len(), rows.len())
    })?;
    // What `execute` reads: the same events, and the last row's hash.
    let (with_head, head) = store
        .load_with_head(stream)
        .await
        .map_err(store_error(CHECK))?;
    let last = rows.last().and_then(|row| row.hash.clone());
    ensure(
        CHECK,
        with_head == events && Some(head.to_string()) == last,
        || {
            format!(
                "load_with_head gave {with_head:?} and head {head}, not the events and {last:?}"
            )
        },
    )?;
    let version = store.version(stream).await.map_err(store_error(CHECK))?;
    ensure(CHECK, version == Version::new(5), || {
        format!("version is {version}, not v5")
    })?;
    let none = store
        .load(never_written, Version::ZERO)
        .await
        .map_err(store_error(CHECK))?;
    ensure(CHECK, none.is_empty(), || {
        "a stream never written loads events".to_owned()
    })?;
    let version = store
        .version(never_written)
        .await
        .map_err(store_error(CHECK))?;
    ensure(CHECK, version == Version::ZERO, || {
        format!("a stream never written is at {version}")
    })
}

async fn expected_versions<Ev: SuiteEvent, P: Port<Ev>>(
    store: &mut P,
    sample: Sample<'_, Ev>,
    stream: StreamId,
    fresh: StreamId,
) -> Result<(), ConformanceFailure> {
    const CHECK: &str = "expected_version";
    let batch = |versions| events(sample, stream, versions, 10);
    let any = ExpectedVersion::Any;
    append_expecting(store, CHECK, stream, any, &batch(1..=1)).await?;
    let one = ExpectedVersion::Exactly(Version::new(1));
    append_expecting(store, CHECK, stream, one, &batch(2..=2)).await?;
    append_expecting(store, CHECK, stream, any, &batch(3..=3)).await?;
    for expected in [
        ExpectedVersion::NoStream,
        ExpectedVersion::Exactly(Version::ZERO),
        ExpectedVersion::Exactly(Version::new(2)),
        ExpectedVersion::Exactly(Version::new(4)),
        ExpectedVersion::Exactly(Version::new(9)),
    ] {
        let refused = store.append(stream, expected, &batch(4..=4)).await;
        let conflict = matches!(
            refused,
            Err(StoreError::Conflict { expected: e, actual }) if e == expected && actual == Version::new(3)
        );
        ensure(CHECK, conflict, || {
            format!("appending with {expected} to a stream at v3 gave {refused:?}")
        })?;
    }
    let version = store.version(stream).await.map_err(store_error(CHECK))?;
    ensure(CHECK, version == Version::new(3), || {
        format!("refused appends moved the stream to {version}")
    })?;
    // A stream that does not exist is at v0: expecting exactly v0 writes its first
    // event.
    let first = events(sample, fresh, 1..=1, 15);
    let zero = ExpectedVersion::Exactly(Version::ZERO);
    append_expecting(store, CHECK, fresh, zero, &first).await
}

async fn conflict_leaves_stream<Ev: SuiteEvent, P: Port<Ev>>(
    store: &mut P,
    sample: Sample<'_, Ev>,
    stream: StreamId,
) -> Result<(), ConformanceFailure> {
    const CHECK: &str = "conflict_leaves_stream";
    let first = events(sample, stream, 1..=2, 20);
    append_expecting(store, CHECK, stream, ExpectedVersion::NoStream, &first).await?;
    let before = store
        .load(stream, Version::ZERO)
        .await
        .map_err(store_error(CHECK))?;
    let stale = ExpectedVersion::Exactly(Version::new(1));
    let refused = store
        .append(stream, stale, &events(sample, stream, 2..=4, 25))
        .await;
    ensure(
        CHECK,
        matches!(refused, Err(StoreError::Conflict { .. })),
        || format!("a stale append gave {refused:?}"),
    )?;
    let after = store
        .load(stream, Version::ZERO)
        .await
        .map_err(store_error(CHECK))?;
    ensure(CHECK, before == after, || {
        "a refused append changed the stream".to_owned()
    })
}

async fn atomic_append<Ev: SuiteEvent, P: Port<Ev>>(
    store: &mut P,
    sample: Sample<'_, Ev>,
    stream: StreamId,
    elsewhere: StreamId,
) -> Result<(), ConformanceFailure> {
    const CHECK: &str = "atomic_append";
    let first = events(sample, stream, 1..=5, 30);
    append_expecting(store, CHECK, stream, ExpectedVersion::NoStream, &first).await?;
    // Batches that cannot be stored whole: none of each may be.
    let mut repeated = events(sample, stream, 6..=7, 30);
    repeated.push(recorded(sample, stream, 7, 40));
    let mut gap = events(sample, stream, 6..=6, 30);
    gap.extend(events(sample, stream, 8..=8, 30));
    let mut foreign = events(sample, stream, 6..=6, 30);
    foreign.push(recorded(sample, elsewhere, 7, 41));
    let before = store
        .load(stream, Version::ZERO)
        .await
        .map_err(store_error(CHECK))?;
    for (what, batch) in [
        ("a repeated version", repeated),
        ("a gap", gap),
        ("another stream's event", foreign),
    ] {
        let five = ExpectedVersion::Exactly(Version::new(5));
        let refused = store.append(stream, five, &batch).await;
        ensure(CHECK, refused.is_err(), || {
            format!("a batch with {what} was stored")
        })?;
        let after = store
            .load(stream, Version::ZERO)
            .await
            .map_err(store_error(CHECK))?;
        ensure(CHECK, after == before, || {
            format!("a refused batch with {what} changed the stream")
        })?;
    }
    let stray = store
        .load(elsewhere, Version::ZERO)
        .await
        .map_err(store_error(CHECK))?;
    ensure(CHECK, stray.is_empty(), || {
        "a refused batch wrote to another stream".to_owned()
    })
}

async fn load_after<Ev: SuiteEvent, P: Port<Ev>>(
    store: &mut P,
    sample: Sample<'_, Ev>,
    stream: StreamId,
) -> Result<(), ConformanceFailure> {
    const CHECK: &str = "load_after";
    let events = events(sample, stream, 1..=6, 50);
    append_expecting(store, CHECK, stream, ExpectedVersion::NoStream, &events).await?;
    for after in 0..=7_u64 {
        let loaded = store
            .load(stream, Version::new(after))
            .await
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

/// How many streams `many_streams` writes, and how many events each.
const MANY: u32 = 20;
const ROUNDS: u32 = 3;

async fn many_streams<Ev: SuiteEvent, P: Port<Ev>>(
    store: &mut P,
    sample: Sample<'_, Ev>,
    streams: Streams,
) -> Result<(), ConformanceFailure> {
    const CHECK: &str = "many_streams";
    let stream = |n: u32| streams.id(100 + u128::from(n));
    // Every event of every stream distinct: stream `n`'s event `round` is
    // sample `60 + n * ROUNDS + round - 1`.
    let event = |n: u32, round: u32| {
        recorded(
            sample,
            stream(n),
            u64::from(round),
            60 + n * ROUNDS + round - 1,
        )
    };
    for round in 1..=ROUNDS {
        for n in 0..MANY {
            let expected = expecting(Version::new(u64::from(round - 1)));
            append_expecting(store, CHECK, stream(n), expected, &[event(n, round)]).await?;
        }
    }
    for n in 0..MANY {
        let loaded = store
            .load(stream(n), Version::ZERO)
            .await
            .map_err(store_error(CHECK))?;
        let expected: Vec<_> = (1..=ROUNDS).map(|round| event(n, round)).collect();
        ensure(CHECK, loaded == expected, || {
            format!("stream {n} holds {loaded:?}, not {expected:?}")
        })?;
    }
    Ok(())
}

/// How many handles race in each round of `stale_appenders`, and how many
/// rounds.
const HANDLES: u32 = 8;
const RACES: u32 = 8;

/// The deterministic half of `concurrent_appenders`: each round, every handle
/// reads the version, then all append expecting it, polled together. Exactly
/// one may win, whatever order the store completes them in.
async fn stale_appenders<Ev: SuiteEvent, P: Port<Ev>>(
    handles: &mut [P],
    sample: Sample<'_, Ev>,
    stream: StreamId,
) -> Result<(), ConformanceFailure> {
    const CHECK: &str = "concurrent_appenders";
    let mut winners = Vec::new();
    for race in 0..RACES {
        let seen = Version::new(u64::from(race));
        let next = seen.next();
        for (h, handle) in handles.iter_mut().enumerate() {
            let read = handle.version(stream).await.map_err(store_error(CHECK))?;
            ensure(CHECK, read == seen, || {
                format!("handle {h} reads {read}, but the stream is at {seen}")
            })?;
        }
        let expected = expecting(seen);
        let batches: Vec<[Recorded<Ev>; 1]> = (0..HANDLES)
            .map(|h| {
                [recorded(
                    sample,
                    stream,
                    next.get(),
                    100 + race * HANDLES + h,
                )]
            })
            .collect();
        let appends: Vec<_> = handles
            .iter_mut()
            .zip(&batches)
            .map(|(handle, batch)| handle.append(stream, expected, batch))
            .collect();
        let mut winner = None;
        for ((h, result), batch) in join_all(appends)
            .await
            .into_iter()
            .enumerate()
            .zip(&batches)
        {
            match result {
                Ok(version) if version != next => {
                    return Err(fail(
                        CHECK,
                        format!("round {race}: handle {h}'s append returned {version}, not {next}"),
                    ));
                }
                Ok(_) if winner.is_some() => {
                    return Err(fail(
                        CHECK,
                        format!(
                            "round {race}: handle {h}'s append expecting {expected} won too: \
                             two appends expecting one version were both stored"
                        ),
                    ));
                }
                Ok(_) => winner = Some(batch),
                Err(StoreError::Conflict {
                    expected: e,
                    actual,
                }) if e == expected && actual == next => {}
                Err(other) => {
                    return Err(fail(
                        CHECK,
                        format!(
                            "round {race}: handle {h}'s stale append gave {other:?}, not a \
                             conflict at {next}"
                        ),
                    ));
                }
            }
        }
        let Some([won]) = winner else {
            return Err(fail(
                CHECK,
                format!("round {race}: none of {HANDLES} appends expecting {expected} won"),
            ));
        };
        winners.push(won.clone());
    }
    let Some(reader) = handles.first_mut() else {
        return Ok(());
    };
    let loaded = reader
        .load(stream, Version::ZERO)
        .await
        .map_err(store_error(CHECK))?;
    ensure(CHECK, loaded == winners, || {
        format!("the stream holds {loaded:?}, but the winners appended {winners:?}")
    })
}

/// How many threads race in `racing_threads`, and how many events each
/// appends.
const THREADS: u32 = 8;
const PER_THREAD: u32 = 25;
const MAX_ATTEMPTS: u32 = 1000;

/// The parallel half of `concurrent_appenders`, for sync stores: threads race
/// on one stream, retrying on conflicts.
fn racing_threads<Ev, S, F>(
    make: &F,
    sample: Sample<'_, Ev>,
    stream: StreamId,
) -> Result<(), ConformanceFailure>
where
    Ev: SuiteEvent,
    F: Fn() -> S + Sync,
    S: CaseStore<Ev>,
    S::Error: Debug,
{
    const CHECK: &str = "concurrent_appenders";
    let appender = |thread: u32| -> Result<(), ConformanceFailure> {
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
                let event = recorded(sample, stream, actual.get() + 1, thread * PER_THREAD + seq);
                match store.append(stream, expecting(actual), &[event]) {
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
    ensure(CHECK, loaded.len() == total as usize, || {
        format!("{} events stored, {total} appended", loaded.len())
    })?;
    let in_order = loaded
        .iter()
        .zip(1_u64..)
        .all(|(r, v)| r.version.get() == v);
    ensure(CHECK, in_order, || {
        "versions are not 1, 2, 3, … without gaps".to_owned()
    })?;
    // Every appended event stored once: the events are distinct, so a count
    // per sample shows a lost or duplicated one.
    let appended: Vec<Ev> = (0..total).map(sample).collect();
    let mut stored = vec![0_u32; appended.len()];
    for r in &loaded {
        let Some(count) = appended
            .iter()
            .position(|e| *e == r.event)
            .and_then(|i| stored.get_mut(i))
        else {
            return Err(fail(
                CHECK,
                format!(
                    "event {} is {:?}, which no thread appended",
                    r.version, r.event
                ),
            ));
        };
        *count += 1;
    }
    let once = stored.iter().filter(|&&n| n == 1).count();
    ensure(CHECK, once == appended.len(), || {
        format!("{once} of {total} appended events stored exactly once: some lost or duplicated")
    })?;
    // Every racer linked its event to the row it loaded before it: the winners
    // make one chain.
    let rows = make()
        .load_rows(stream, Version::ZERO)
        .map_err(store_error(CHECK))?;
    verify_chain(stream, &rows)
        .map(|_| ())
        .map_err(|e| fail(CHECK, format!("the racers' chain does not verify: {e}")))
}

async fn audit_chain<Ev: SuiteEvent, P: Port<Ev>>(
    store: &mut P,
    sample: Sample<'_, Ev>,
    stream: StreamId,
) -> Result<(), ConformanceFailure> {
    const CHECK: &str = "audit_chain";
    let unhashable =
        |e: ChainError| fail(CHECK, format!("the sample events cannot be linked: {e}"));
    let events = events(sample, stream, 1..=5, 180);
    let (first, rest) = events.split_at(2);
    let first = link(ChainHash::ZERO, first).map_err(unhashable)?;
    append_rows_expecting(store, CHECK, stream, ExpectedVersion::NoStream, &first).await?;
    // The writer of the second batch links it to the last row as loaded.
    let loaded = store
        .load_rows(stream, Version::ZERO)
        .await
        .map_err(store_error(CHECK))?;
    let middle = loaded
        .last()
        .map(hash_row)
        .transpose()
        .map_err(|e| fail(CHECK, format!("the last row loaded cannot be read: {e}")))?
        .unwrap_or(ChainHash::ZERO);
    let rest = link(middle, rest).map_err(unhashable)?;
    let two = ExpectedVersion::Exactly(Version::new(2));
    append_rows_expecting(store, CHECK, stream, two, &rest).await?;
    let loaded = store
        .load_rows(stream, Version::ZERO)
        .await
        .map_err(store_error(CHECK))?;
    let checkpoint = verify_chain(stream, &loaded).map_err(|e| {
        fail(
            CHECK,
            format!("the chain does not verify after the round trip: {e}"),
        )
    })?;
    let head = rest.last().and_then(|row| row.hash.clone());
    ensure(
        CHECK,
        Some(checkpoint.head.to_string()) == head && checkpoint.version == Version::new(5),
        || format!("the chain's head is {checkpoint:?} after the round trip, {head:?} before"),
    )?;
    // What the chain guarantees, on the rows as this store gives them back:
    // an edited v4 is named as v4; a deleted or rewritten tail is caught by a
    // checkpoint.
    let tampered = |what: &str, rows: &[StoredRow], found: Result<_, ChainError>, expected| {
        ensure(CHECK, found == Err(expected), || {
            format!("{what} in the stored rows {rows:?} gave {found:?}")
        })
    };
    let mut edited = loaded.clone();
    if let Some(byte) = edited.get_mut(3).and_then(|row| row.payload.first_mut()) {
        *byte ^= 1;
    }
    let v4 = ChainError::Edited {
        version: Version::new(4),
    };
    tampered("an edited v4", &edited, verify_chain(stream, &edited), v4)?;
    let truncated = loaded.get(..4).unwrap_or_default();
    let deleted = ChainError::Truncated {
        checkpoint: Version::new(5),
        stored: Version::new(4),
    };
    let found = verify_against(truncated, &checkpoint);
    tampered("a deleted last event", truncated, found, deleted)?;
    let mut rewritten = loaded.clone();
    if let Some(last) = rewritten.last_mut() {
        last.payload = edited
            .get(3)
            .map(|row| row.payload.clone())
            .unwrap_or_default();
        last.hash = Some(hash_row(last).map_err(unhashable)?.to_string());
    }
    let differs = ChainError::DiffersFromCheckpoint {
        version: Version::new(5),
    };
    let found = verify_against(&rewritten, &checkpoint);
    tampered(
        "a last event rewritten with its hash",
        &rewritten,
        found,
        differs,
    )
}

/// A real case recorded through `execute`: the case suites' last check.
async fn case_history<P: Port<case::Event>>(
    store: &mut P,
    stream: StreamId,
) -> Result<(), ConformanceFailure> {
    const CHECK: &str = "case_history";
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
                language: None,
                product: None,
                tags: Vec::new(),
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
        store
            .execute::<Case>(stream, command, &ctx)
            .await
            .map_err(|e| {
                fail(
                    CHECK,
                    format!("{:?} was not recorded: {e:?}", command.kind()),
                )
            })?;
    }
    let loaded = store
        .load(stream, Version::ZERO)
        .await
        .map_err(store_error(CHECK))?;
    // The acknowledgement records its promise too.
    ensure(CHECK, loaded.len() == 6, || {
        format!("{} events recorded, 6 expected", loaded.len())
    })?;
    let rows = store
        .load_rows(stream, Version::ZERO)
        .await
        .map_err(store_error(CHECK))?;
    verify_chain(stream, &rows).map_err(|e| {
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
    ensure(CHECK, case.version() == Version::new(6), || {
        "the replayed case is not at v6".to_owned()
    })
}
