//! [`execute`] and [`run_due`], and their async forms: load, replay, decide,
//! link, append, and retry on a conflict. One loop for every aggregate.

use core::ops::ControlFlow;

use super::chain::{ChainError, link};
use super::payload::Payload;
use super::port::{AsyncCaseStore, CaseStore, ExpectedVersion, StoreError};
use super::row::StoredRow;
use crate::aggregate::Aggregate;
use crate::envelope::{ChainHash, Recorded, ReplayError, Version};
use crate::id::StreamId;
use crate::policy::Ctx;
use crate::problem::Rule;

/// Why [`execute`] did not record a command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExecuteError<R, E> {
    /// The aggregate refused the command; or the stored history has an instant
    /// that the calendars the aggregate counts on do not cover, refused with
    /// the aggregate's calendar error before anything is decided.
    #[error("refused: {0}")]
    Refused(R),
    /// The stored history is not one that deciding and storing could have
    /// produced, or is another stream's: no command is decided on it.
    #[error("the stored history cannot be replayed: {0}")]
    Replay(ReplayError),
    /// The store refused or failed; a conflict after the last retry is reported
    /// here.
    #[error(transparent)]
    Store(StoreError<E>),
    /// The events could not be encoded and linked into the audit chain, or
    /// the stored row they link to cannot be read.
    #[error(transparent)]
    Chain(ChainError),
    /// The command creates the aggregate under another id than the stream it
    /// was executed on: one id, one stream. Nothing is written.
    #[error("the command creates stream {created}, not stream {stream} where it was executed")]
    OtherStream {
        /// The stream the command was executed on.
        stream: StreamId,
        /// The stream its creation names.
        created: StreamId,
    },
}

impl<R: Rule, E> Rule for ExecuteError<R, E> {
    /// The refusal's own rule; `replay` (with the history's rule behind it in
    /// the error), the store's (`conflict`, `corrupt`, ...), the chain's, or
    /// `other_stream`.
    fn rule(&self) -> &'static str {
        match self {
            ExecuteError::Refused(refused) => refused.rule(),
            ExecuteError::Replay(replay) => replay.rule(),
            ExecuteError::Store(store) => store.rule(),
            ExecuteError::Chain(chain) => chain.rule(),
            ExecuteError::OtherStream { .. } => "other_stream",
        }
    }
}

/// What [`execute`] returns: the events recorded, or why none were.
pub type Executed<A, E> =
    Result<Vec<Recorded<<A as Aggregate>::Event>>, ExecuteError<<A as Aggregate>::Error, E>>;

/// How many times [`execute`] decides again after a conflict, by default.
pub const DEFAULT_RETRIES: u32 = 3;

/// Runs `command` against the aggregate stored as `stream`:
/// 1. loads the stream and replays it, refusing a history that is not the
///    stream's, or not one deciding and storing could have produced, and one
///    with an instant the calendars the aggregate counts on do not cover;
/// 2. decides;
/// 3. stamps the events (next versions, `ctx.now()`, the actor), encodes each
///    once and links the rows to the stream's audit chain ([`link`]);
/// 4. appends the rows expecting exactly the loaded version;
/// 5. on a conflict, goes back to 1, at most `retries` more times.
///
/// Returns the events recorded: none when the command had nothing to record.
///
/// # Errors
/// [`ExecuteError::Refused`] with the aggregate's refusal, or its calendar
/// error for a stored instant out of range (nothing is written);
/// [`ExecuteError::Replay`] when the stored history cannot be replayed;
/// [`ExecuteError::Store`] when the store fails, or still conflicts after the
/// retries, and [`StoreError::Corrupt`] when a stored row does not decode;
/// [`ExecuteError::Chain`] when an event cannot be encoded;
/// [`ExecuteError::OtherStream`] when the command creates another stream.
///
/// # Example
/// ```
/// use casework::case::{Case, Command};
/// use casework::store::{execute, verify_chain, CaseStore, InMemoryStore, DEFAULT_RETRIES};
/// use casework::case::Event;
/// use casework::{Actor, ActorId, Ctx, Policy, Role, StreamId, Version};
/// use chrono::{TimeZone, Utc};
/// use uuid::Uuid;
///
/// let policy = Policy::sop_default()?;
/// let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
/// let ctx = Ctx::new(Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap(), csr, &policy);
/// let mut store = InMemoryStore::new();
/// let stream = StreamId::from_uuid(Uuid::from_u128(42));
///
/// // A case that is not logged refuses, and the store stays empty.
/// let refused = execute::<Case, _>(&mut store, stream, &Command::StartInvestigation, &ctx, DEFAULT_RETRIES);
/// assert!(refused.is_err());
/// assert_eq!(store.version(stream)?, Version::ZERO);
/// let rows = CaseStore::<Event>::load_rows(&mut store, stream, Version::ZERO)?;
/// assert_eq!(verify_chain(stream, &rows)?.version, Version::ZERO);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn execute<A, S>(
    store: &mut S,
    stream: StreamId,
    command: &A::Command,
    ctx: &Ctx<'_>,
    retries: u32,
) -> Executed<A, S::Error>
where
    A: Aggregate,
    A::Event: Payload,
    S: CaseStore<A::Event> + ?Sized,
{
    run::<A, S>(store, stream, Decision::Command(command), ctx, retries)
}

/// Records everything that came due by `ctx.now()` in the aggregate stored as
/// `stream`: the scheduler's one call per stream. Loads and replays the stream
/// as [`execute`] does, asks the aggregate for everything due
/// ([`Aggregate::record_due`], which keeps the deadline contract), and appends
/// it with the same concurrency check and retries. A command recorded between
/// the load and the append makes it decide again on the new history, so that
/// nothing is recorded twice.
///
/// Returns the events recorded: none when nothing was due, when the aggregate
/// has no deadlines, and for a stream that does not exist.
///
/// # Errors
/// As [`execute`]; [`ExecuteError::Refused`] also when a due instant falls
/// outside its calendar.
///
/// # Example
/// ```
/// use casework::case::{Case, CaseKind, Command, Event, Intake};
/// use casework::priority::{Impact, SeverityFacts, Urgency};
/// use casework::store::{CaseStore, InMemoryStore};
/// use casework::{Actor, ActorId, Aggregate, CaseId, Channel, Ctx, CustomerRef, Policy, Reference, Role, StreamId};
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use uuid::Uuid;
///
/// let policy = Policy::sop_default()?;
/// let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
/// let scheduler = Actor::new(ActorId::from_uuid(Uuid::from_u128(9)), [Role::System]);
/// let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
/// let case = CaseId::from_uuid(Uuid::from_u128(42));
/// let mut store = InMemoryStore::new();
/// let log = Command::Log {
///     intake: Intake::new(
///         case,
///         Reference::new("CMP", 2026, 42)?,
///         CaseKind::Complaint,
///         Channel::Email,
///         CustomerRef::from_uuid(Uuid::from_u128(7)),
///         monday,
///     )
///     .about("billing/overcharge", "Charged twice")
///     .description("Two debits for one invoice."),
///     first_contact_resolution: None,
/// };
/// let stream = StreamId::from(case);
/// store.execute::<Case>(stream, &log, &Ctx::new(monday, csr, &policy))?;
///
/// // Nobody acknowledged it. A scheduler that was down for a week catches up
/// // in one call, each deadline as of the instant it came due...
/// let week = Ctx::new(monday + TimeDelta::days(7), scheduler, &policy);
/// let due = store.run_due::<Case>(stream, &week)?;
/// assert!(due.iter().any(|r| matches!(r.event, Event::SlaBreached { .. })));
/// // ... and a second call records nothing.
/// assert!(store.run_due::<Case>(stream, &week)?.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run_due<A, S>(
    store: &mut S,
    stream: StreamId,
    ctx: &Ctx<'_>,
    retries: u32,
) -> Executed<A, S::Error>
where
    A: Aggregate,
    A::Event: Payload,
    S: CaseStore<A::Event> + ?Sized,
{
    run::<A, S>(store, stream, Decision::Due, ctx, retries)
}

/// [`execute`] over an [`AsyncCaseStore`].
///
/// # Errors
/// As [`execute`].
pub async fn execute_async<A, S>(
    store: &mut S,
    stream: StreamId,
    command: &A::Command,
    ctx: &Ctx<'_>,
    retries: u32,
) -> Executed<A, S::Error>
where
    A: Aggregate,
    A::Event: Payload + Send + Sync,
    S: AsyncCaseStore<A::Event>,
{
    run_async::<A, S>(store, stream, Decision::Command(command), ctx, retries).await
}

/// [`run_due`] over an [`AsyncCaseStore`].
///
/// # Errors
/// As [`run_due`].
pub async fn run_due_async<A, S>(
    store: &mut S,
    stream: StreamId,
    ctx: &Ctx<'_>,
    retries: u32,
) -> Executed<A, S::Error>
where
    A: Aggregate,
    A::Event: Payload + Send + Sync,
    S: AsyncCaseStore<A::Event>,
{
    run_async::<A, S>(store, stream, Decision::Due, ctx, retries).await
}

/// The loop of [`execute`] and [`run_due`].
fn run<A, S>(
    store: &mut S,
    stream: StreamId,
    decision: Decision<'_, A>,
    ctx: &Ctx<'_>,
    retries: u32,
) -> Executed<A, S::Error>
where
    A: Aggregate,
    A::Event: Payload,
    S: CaseStore<A::Event> + ?Sized,
{
    let mut attempt = 0;
    loop {
        let (history, head) = store.load_with_head(stream).map_err(ExecuteError::Store)?;
        let (expected, events, rows) = prepare::<A, _>(&history, head, stream, decision, ctx)?;
        if events.is_empty() {
            return Ok(events);
        }
        let appended = store.append_rows(stream, expected, &rows);
        if let ControlFlow::Break(done) = settle::<A, _>(appended, events, &mut attempt, retries) {
            return done;
        }
    }
}

/// The loop of [`execute_async`] and [`run_due_async`].
async fn run_async<A, S>(
    store: &mut S,
    stream: StreamId,
    decision: Decision<'_, A>,
    ctx: &Ctx<'_>,
    retries: u32,
) -> Executed<A, S::Error>
where
    A: Aggregate,
    A::Event: Payload + Send + Sync,
    S: AsyncCaseStore<A::Event>,
{
    let mut attempt = 0;
    loop {
        let (history, head) = store
            .load_with_head(stream)
            .await
            .map_err(ExecuteError::Store)?;
        let (expected, events, rows) = prepare::<A, _>(&history, head, stream, decision, ctx)?;
        if events.is_empty() {
            return Ok(events);
        }
        let appended = store.append_rows(stream, expected, &rows).await;
        if let ControlFlow::Break(done) = settle::<A, _>(appended, events, &mut attempt, retries) {
            return done;
        }
    }
}

/// What the loops of [`run`] and [`run_async`] make of an append of `events`:
/// done, with the events recorded or the store's error; or, on a conflict
/// while `attempt` is below `retries`, another pass (counted in `attempt`).
fn settle<A: Aggregate, E>(
    appended: Result<Version, StoreError<E>>,
    events: Vec<Recorded<A::Event>>,
    attempt: &mut u32,
    retries: u32,
) -> ControlFlow<Executed<A, E>> {
    match appended {
        Ok(_) => ControlFlow::Break(Ok(events)),
        Err(StoreError::Conflict { .. }) if *attempt < retries => {
            *attempt += 1;
            ControlFlow::Continue(())
        }
        Err(error) => ControlFlow::Break(Err(ExecuteError::Store(error))),
    }
}

/// What the stored aggregate is asked.
enum Decision<'c, A: Aggregate> {
    /// A command.
    Command(&'c A::Command),
    /// Everything due by `ctx.now()`.
    Due,
}

impl<A: Aggregate> Clone for Decision<'_, A> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<A: Aggregate> Copy for Decision<'_, A> {}

/// Replays the stored history (checked, and covered by the aggregate's
/// calendars), decides, and stamps, encodes and links the events to append
/// to `head`: the version the stream must still be at, the events, and their
/// rows.
#[allow(clippy::type_complexity, reason = "one private helper's return")]
fn prepare<A: Aggregate<Event: Payload>, E>(
    history: &[Recorded<A::Event>],
    head: ChainHash,
    stream: StreamId,
    decision: Decision<'_, A>,
    ctx: &Ctx<'_>,
) -> Result<(ExpectedVersion, Vec<Recorded<A::Event>>, Vec<StoredRow>), ExecuteError<A::Error, E>> {
    // Replay checks that every event is of the first one's stream.
    if let Some(other) = history.first().filter(|r| r.stream != stream) {
        return Err(ExecuteError::Replay(ReplayError::OtherStream {
            version: other.version,
            expected: stream,
            found: other.stream,
        }));
    }
    let mut state = A::replay(history).map_err(ExecuteError::Replay)?;
    A::ensure_covered(history, ctx.policy()).map_err(ExecuteError::Refused)?;
    let events = match decision {
        Decision::Command(command) => state.decide(command, ctx),
        Decision::Due => state
            .record_due(ctx)
            .map(|due| due.into_iter().map(|r| r.event).collect()),
    }
    .map_err(ExecuteError::Refused)?;
    // A creation names its stream: one id, one stream.
    if let Some(created) = events.iter().find_map(A::creates) {
        if created != stream {
            return Err(ExecuteError::OtherStream { stream, created });
        }
    }
    let loaded = history.last().map_or(Version::ZERO, |r| r.version);
    let mut version = loaded;
    let recorded: Vec<Recorded<A::Event>> = events
        .into_iter()
        .map(|event| {
            version = version.next();
            Recorded::new(stream, version, ctx.now(), ctx.actor().id, event)
        })
        .collect();
    let rows = link(head, &recorded).map_err(ExecuteError::Chain)?;
    let expected = if loaded == Version::ZERO {
        ExpectedVersion::NoStream
    } else {
        ExpectedVersion::Exactly(loaded)
    };
    Ok((expected, recorded, rows))
}
