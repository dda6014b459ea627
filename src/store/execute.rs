//! [`execute`] and [`execute_async`]: load, replay, decide, link, append, and
//! retry on a conflict. One loop for every aggregate.

use super::chain::{ChainError, hash_recorded, link};
use super::port::{AsyncCaseStore, CaseStore, ExpectedVersion, StoreError};
use crate::aggregate::Aggregate;
use crate::envelope::{ChainHash, Recorded, ReplayError, Version};
use crate::id::StreamId;
use crate::policy::Ctx;

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
    /// The events could not be hashed into the audit chain.
    #[error(transparent)]
    Chain(ChainError),
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
/// 3. stamps the events (next versions, `ctx.now`, the actor) and links them to
///    the stream's audit chain;
/// 4. appends them expecting exactly the loaded version;
/// 5. on a conflict, goes back to 1, at most `retries` more times.
///
/// Returns the events recorded: none when the command had nothing to record.
///
/// # Errors
/// [`ExecuteError::Refused`] with the aggregate's refusal, or its calendar
/// error for a stored instant out of range (nothing is written);
/// [`ExecuteError::Replay`] when the stored history cannot be replayed;
/// [`ExecuteError::Store`] when the store fails, or still conflicts after the
/// retries; [`ExecuteError::Chain`] when an event cannot be hashed.
///
/// # Example
/// ```
/// use casework::case::{Case, Command};
/// use casework::store::{execute, verify_chain, CaseStore, InMemoryStore, DEFAULT_RETRIES};
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
/// assert!(verify_chain(&store.load(stream, Version::ZERO)?).is_ok());
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
    A::Event: serde::Serialize,
    S: CaseStore<A::Event> + ?Sized,
{
    let mut attempt = 0;
    loop {
        let history = store
            .load(stream, Version::ZERO)
            .map_err(ExecuteError::Store)?;
        let (expected, events) = prepare::<A, _>(&history, stream, command, ctx)?;
        if events.is_empty() {
            return Ok(events);
        }
        match store.append(stream, expected, &events) {
            Ok(_) => return Ok(events),
            Err(StoreError::Conflict { .. }) if attempt < retries => attempt += 1,
            Err(error) => return Err(ExecuteError::Store(error)),
        }
    }
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
    A::Event: serde::Serialize + Send + Sync,
    S: AsyncCaseStore<A::Event>,
{
    let mut attempt = 0;
    loop {
        let history = store
            .load(stream, Version::ZERO)
            .await
            .map_err(ExecuteError::Store)?;
        let (expected, events) = prepare::<A, _>(&history, stream, command, ctx)?;
        if events.is_empty() {
            return Ok(events);
        }
        match store.append(stream, expected, &events).await {
            Ok(_) => return Ok(events),
            Err(StoreError::Conflict { .. }) if attempt < retries => attempt += 1,
            Err(error) => return Err(ExecuteError::Store(error)),
        }
    }
}

/// Replays `history` (checked, and covered by the aggregate's calendars),
/// decides, and stamps and links the events to append, with the version the
/// stream must still be at.
#[allow(clippy::type_complexity, reason = "one private helper's return")]
fn prepare<A: Aggregate<Event: serde::Serialize>, E>(
    history: &[Recorded<A::Event>],
    stream: StreamId,
    command: &A::Command,
    ctx: &Ctx<'_>,
) -> Result<(ExpectedVersion, Vec<Recorded<A::Event>>), ExecuteError<A::Error, E>> {
    // Replay checks that every event is of the first one's stream.
    if let Some(other) = history.first().filter(|r| r.stream != stream) {
        return Err(ExecuteError::Replay(ReplayError::OtherStream {
            version: other.version,
            expected: stream,
            found: other.stream,
        }));
    }
    let state = A::replay(history).map_err(ExecuteError::Replay)?;
    A::ensure_covered(history, ctx.policy).map_err(ExecuteError::Refused)?;
    let events = state.decide(command, ctx).map_err(ExecuteError::Refused)?;
    let last = history.last();
    let loaded = last.map_or(Version::ZERO, |r| r.version);
    let mut version = loaded;
    let mut recorded: Vec<Recorded<A::Event>> = events
        .into_iter()
        .map(|event| {
            version = version.next();
            Recorded::new(stream, version, ctx.now, ctx.actor.id, event)
        })
        .collect();
    let prev = match last {
        Some(last) => hash_recorded(last).map_err(ExecuteError::Chain)?,
        None => ChainHash::ZERO,
    };
    link(prev, &mut recorded).map_err(ExecuteError::Chain)?;
    let expected = if loaded == Version::ZERO {
        ExpectedVersion::NoStream
    } else {
        ExpectedVersion::Exactly(loaded)
    };
    Ok((expected, recorded))
}
