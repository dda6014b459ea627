//! The port a caller implements: [`CaseStore`] (sync) and [`AsyncCaseStore`],
//! over [`StoredRow`]s, with typed methods on top.

use core::future::Future;

use crate::aggregate::Aggregate;
use crate::envelope::{ChainHash, Recorded, Version};
use crate::id::StreamId;
use crate::policy::Ctx;

use super::chain::{hash_row, link};
use super::execute::{DEFAULT_RETRIES, Executed};
use super::payload::Payload;
use super::row::StoredRow;

/// What a writer expects of a stream before appending to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExpectedVersion {
    /// Whatever the stream holds. The events must still carry the versions that
    /// follow the stream's, so a writer racing another with `Any` may get
    /// [`StoreError::Malformed`]: reload and retry, or use
    /// [`Exactly`](Self::Exactly), which reports the race as a conflict.
    Any,
    /// The stream does not exist yet (is at [`Version::ZERO`]).
    NoStream,
    /// The stream is at exactly this version.
    Exactly(Version),
}

impl ExpectedVersion {
    /// Whether a stream at `actual` meets the expectation.
    #[must_use]
    pub const fn accepts(self, actual: Version) -> bool {
        match self {
            ExpectedVersion::Any => true,
            ExpectedVersion::NoStream => actual.get() == 0,
            ExpectedVersion::Exactly(v) => v.get() == actual.get(),
        }
    }
}

impl core::fmt::Display for ExpectedVersion {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ExpectedVersion::Any => f.write_str("any version"),
            ExpectedVersion::NoStream => f.write_str("no stream"),
            ExpectedVersion::Exactly(v) => write!(f, "{v}"),
        }
    }
}

/// A store's refusal or failure. `E` is the implementer's own backend error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError<E> {
    /// The stream was not at the expected version: someone else appended first.
    /// Nothing was written.
    #[error("expected {expected}, but the stream is at {actual}")]
    Conflict {
        /// What the writer expected.
        expected: ExpectedVersion,
        /// Where the stream was.
        actual: Version,
    },
    /// A stored event could not be read back: a corrupt row or an undecodable
    /// event.
    #[error("event {version} of stream {stream} cannot be read: {reason}")]
    Corrupt {
        /// The stream.
        stream: StreamId,
        /// The event's version.
        version: Version,
        /// What is wrong.
        reason: String,
    },
    /// The events given to append do not continue the stream: another stream,
    /// or versions that do not follow on one by one from the expected version.
    #[error("the events do not continue stream {stream}: {reason}")]
    Malformed {
        /// The stream.
        stream: StreamId,
        /// What is wrong.
        reason: String,
    },
    /// The backend failed.
    #[error("store backend: {0}")]
    Backend(E),
}

impl<E> StoreError<E> {
    /// The same error with its backend error mapped by `f`: for a store that
    /// wraps another, such as one that adds caching, metrics or retries, and
    /// has a backend error of its own.
    ///
    /// # Example
    /// ```
    /// use casework::store::StoreError;
    ///
    /// let failed: StoreError<std::io::Error> = StoreError::Backend(std::io::Error::other("disk full"));
    /// let named: StoreError<String> = failed.map_backend(|e| format!("wrapped: {e}"));
    /// assert_eq!(named, StoreError::Backend("wrapped: disk full".to_owned()));
    /// ```
    pub fn map_backend<F>(self, f: impl FnOnce(E) -> F) -> StoreError<F> {
        match self {
            StoreError::Conflict { expected, actual } => StoreError::Conflict { expected, actual },
            StoreError::Corrupt {
                stream,
                version,
                reason,
            } => StoreError::Corrupt {
                stream,
                version,
                reason,
            },
            StoreError::Malformed { stream, reason } => StoreError::Malformed { stream, reason },
            StoreError::Backend(e) => StoreError::Backend(f(e)),
        }
    }

    /// A stable snake_case name of what went wrong: `conflict`, `corrupt`,
    /// `malformed` or `backend`.
    #[must_use]
    pub const fn rule(&self) -> &'static str {
        match self {
            StoreError::Conflict { .. } => "conflict",
            StoreError::Corrupt { .. } => "corrupt",
            StoreError::Malformed { .. } => "malformed",
            StoreError::Backend(_) => "backend",
        }
    }
}

impl<E> crate::problem::Rule for StoreError<E> {
    fn rule(&self) -> &'static str {
        StoreError::rule(self)
    }
}

/// The checks every `append_rows` makes, for implementers: the stream, read
/// inside the append's transaction, is at `actual`; it must meet `expected`,
/// and `rows` must belong to `stream` and carry the versions right after
/// `actual`, one by one. Call it after reading the stream's version and before
/// writing anything.
///
/// # Errors
/// [`StoreError::Conflict`] when `actual` does not meet `expected`;
/// [`StoreError::Malformed`] when the rows do not continue the stream.
///
/// # Example
/// ```
/// use casework::store::{check_append, ExpectedVersion, StoreError};
/// use casework::{StreamId, Version};
///
/// let stream = StreamId::from_uuid(uuid::Uuid::from_u128(1));
/// let stale = check_append::<()>(stream, ExpectedVersion::NoStream, Version::new(3), &[]);
/// assert_eq!(stale, Err(StoreError::Conflict { expected: ExpectedVersion::NoStream, actual: Version::new(3) }));
/// ```
pub fn check_append<E>(
    stream: StreamId,
    expected: ExpectedVersion,
    actual: Version,
    rows: &[StoredRow],
) -> Result<(), StoreError<E>> {
    if !expected.accepts(actual) {
        return Err(StoreError::Conflict { expected, actual });
    }
    let mut next = actual;
    for row in rows {
        next = next.next();
        if row.stream != stream.as_uuid() {
            return Err(StoreError::Malformed {
                stream,
                reason: format!("event v{} belongs to stream {}", row.version, row.stream),
            });
        }
        if u64::try_from(row.version).ok() != Some(next.get()) {
            return Err(StoreError::Malformed {
                stream,
                reason: format!("event v{} comes where {next} should", row.version),
            });
        }
    }
    Ok(())
}

/// The version a stored row holds, [`Version::ZERO`] for none or one below 1.
pub(crate) fn row_version(row: Option<&StoredRow>) -> Version {
    Version::new(row.and_then(|r| u64::try_from(r.version).ok()).unwrap_or(0))
}

/// The events `rows` hold, each read by its encoding ([`StoredRow::decode`]).
fn decode_all<Ev: Payload, E>(rows: &[StoredRow]) -> Result<Vec<Recorded<Ev>>, StoreError<E>> {
    rows.iter().map(StoredRow::decode).collect()
}

/// What [`CaseStore::load_with_head`] returns: a whole stream's events, and
/// the hash of its last stored row (the head the next event links to).
pub type Loaded<Ev, E> = Result<(Vec<Recorded<Ev>>, ChainHash), StoreError<E>>;

/// The events `rows` hold, and the hash of the last row.
fn with_head<Ev: Payload, E>(rows: Vec<StoredRow>) -> Loaded<Ev, E> {
    Ok((decode_all(&rows)?, head_after(rows.last())?))
}

/// The hash the event after `last` links to: `last`'s ([`head_of`]), or
/// [`ChainHash::ZERO`] for a stream's first event.
pub(crate) fn head_after<E>(last: Option<&StoredRow>) -> Result<ChainHash, StoreError<E>> {
    last.map_or(Ok(ChainHash::ZERO), head_of)
}

/// The hash of a stored row, which the next event links to: its own stored
/// hash (a rule-2 row's), or else the hash recomputed by its rule. Were the
/// row altered, the verifier names it whichever the next row links to.
pub(crate) fn head_of<E>(row: &StoredRow) -> Result<ChainHash, StoreError<E>> {
    if let Some(stored) = row.hash.as_deref().and_then(|hash| hash.parse().ok()) {
        return Ok(stored);
    }
    hash_row(row).map_err(|e| StoreError::Corrupt {
        stream: StreamId::from_uuid(row.stream),
        version: row_version(Some(row)),
        reason: e.to_string(),
    })
}

/// Where a typed append's events link to: the version before the first of
/// them, whose stored row [`CaseStore::append`] loads; `None` when the first
/// is the stream's first (or no event is given).
fn linked_after<Ev>(events: &[Recorded<Ev>]) -> Option<Version> {
    let first = events.first()?.version.get();
    (first > 1).then(|| Version::new(first.saturating_sub(2)))
}

/// The row of `version` among `rows`.
fn row_at(rows: Vec<StoredRow>, version: Version) -> Option<StoredRow> {
    rows.into_iter()
        .find(|row| row_version(Some(row)) == version)
}

/// Writes typed `events` as rows linked to `before`, the stored row before
/// the first of them (none for a stream's first event).
fn rows_after<Ev: Payload, E>(
    stream: StreamId,
    before: Option<&StoredRow>,
    events: &[Recorded<Ev>],
) -> Result<Vec<StoredRow>, StoreError<E>> {
    link(head_after(before)?, events).map_err(|e| StoreError::Malformed {
        stream,
        reason: e.to_string(),
    })
}

/// An event store for one kind of event, used synchronously.
///
/// Small on purpose: an implementation over any database takes an afternoon, and
/// the conformance suite of the `testkit` module (feature `testkit`) proves it.
/// It is dyn-safe, and
/// blanket implementations for `&mut S` and `Box<S>` let stores compose.
///
/// A store keeps [`StoredRow`]s: an implementer writes and reads back two
/// methods' worth of columns, [`append_rows`](Self::append_rows) and
/// [`load_rows`](Self::load_rows), and never encodes, decodes or hashes
/// anything. Callers use the typed methods, [`load`](Self::load),
/// [`append`](Self::append) and [`execute`](Self::execute), which the trait
/// provides over those two; `Ev` is the event type the rows hold, so that a
/// store for cases and one for CAPAs are not mixed up.
///
/// Methods added to this trait later come with default bodies, so that
/// implementations keep compiling.
///
/// # Contract
/// - `append_rows` writes all the rows or none, and only when the stream meets
///   `expected`; otherwise [`StoreError::Conflict`] with the stream's actual
///   version. The rows are stored as given, every column byte for byte: the
///   envelope, the payload and the chain are the caller's.
/// - For each appended row whose [`erases`](StoredRow::erases) lists
///   versions, `append_rows` removes, in the same transaction, the personal
///   part of each of those rows that still has one: `personal` becomes
///   `None` and `erased_by` the erasing row's version. Nothing else in a
///   stored row ever changes.
/// - `load_rows` returns the rows with versions above `after`, in version
///   order, as appended and erased.
///
/// The `guide` module's "Your own store adapter" implements one over
/// a table keyed by (stream, version).
///
/// # Example
/// A caller's use: a case recorded through [`execute`](Self::execute), read
/// back, and a stale writer refused with the version it missed.
/// ```
/// use casework::case::{Case, CaseKind, Command, Event, Intake};
/// use casework::store::{CaseStore, ExpectedVersion, InMemoryStore, StoreError, verify_chain};
/// use casework::{Actor, ActorId, CaseId, Channel, Ctx, CustomerRef, Policy, Reference, Role, Version};
/// use chrono::{TimeZone, Utc};
/// use uuid::Uuid;
///
/// let mut store = InMemoryStore::<Event>::new();
/// let policy = Policy::sop_default()?;
/// let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
/// let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
/// let case = CaseId::from_uuid(Uuid::from_u128(42));
/// let customer = CustomerRef::from_uuid(Uuid::from_u128(7));
/// let intake = Intake::new(case, Reference::new("CMP", 2026, 42)?, CaseKind::Complaint, Channel::Email, customer, now)
///     .about("delivery/late", "Parcel two weeks late")
///     .description("Ordered on 2 November; not delivered.");
/// let stream = case.into();
/// let log = Command::Log { intake, first_contact_resolution: None };
/// store.execute::<Case>(stream, &log, &Ctx::new(now, csr, &policy))?;
///
/// let history = store.load(stream, Version::ZERO)?;
/// assert_eq!(store.version(stream)?, Version::new(history.len() as u64));
/// verify_chain(stream, &store.load_rows(stream, Version::ZERO)?)?;
///
/// // A writer that still expects no stream is refused, and writes nothing.
/// let stale = store.append(stream, ExpectedVersion::NoStream, &history[..1]);
/// assert!(matches!(stale, Err(StoreError::Conflict { expected: ExpectedVersion::NoStream, .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait CaseStore<Ev> {
    /// The backend's own error.
    type Error;

    /// Appends `rows` to `stream` if it is at the `expected` version, and
    /// returns the stream's new version.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the stream is not at `expected`;
    /// [`StoreError::Malformed`] when the rows do not continue the stream
    /// ([`check_append`]); [`StoreError::Backend`] when the backend fails.
    /// Nothing is written then.
    fn append_rows(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        rows: &[StoredRow],
    ) -> Result<Version, StoreError<Self::Error>>;

    /// The rows of `stream` after version `after` (all of them after
    /// [`Version::ZERO`]); empty for a stream that does not exist.
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] when a stored row cannot be read as columns;
    /// [`StoreError::Backend`] when the backend fails.
    fn load_rows(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> Result<Vec<StoredRow>, StoreError<Self::Error>>;

    /// The stream's version: the number of its events, [`Version::ZERO`] if it
    /// does not exist. The default loads the stream; override it where the
    /// backend can answer directly.
    ///
    /// # Errors
    /// As [`load_rows`](Self::load_rows).
    fn version(&mut self, stream: StreamId) -> Result<Version, StoreError<Self::Error>> {
        Ok(row_version(self.load_rows(stream, Version::ZERO)?.last()))
    }

    /// The events of `stream` after version `after`, each read from its row
    /// by [`Payload::decode`] (upcasting older encodings).
    ///
    /// # Errors
    /// As [`load_rows`](Self::load_rows); [`StoreError::Corrupt`] also when a
    /// row does not decode.
    fn load(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> Result<Vec<Recorded<Ev>>, StoreError<Self::Error>>
    where
        Ev: Payload,
    {
        decode_all(&self.load_rows(stream, after)?)
    }

    /// The whole stream, decoded, and its head: the hash of its last stored
    /// row ([`ChainHash::ZERO`] for an empty stream), which the next event
    /// links to. What [`execute`](super::execute) reads, in one load. The
    /// default loads the rows and decodes them; a store that keeps decoded
    /// events (the in-memory one) answers from those.
    ///
    /// # Errors
    /// As [`load`](Self::load); [`StoreError::Corrupt`] also when the last
    /// row's chain columns cannot be read.
    fn load_with_head(&mut self, stream: StreamId) -> Loaded<Ev, Self::Error>
    where
        Ev: Payload,
    {
        with_head(self.load_rows(stream, Version::ZERO)?)
    }

    /// Appends `events`: encodes each once, links them to the stored row
    /// before the first of them ([`link`](super::link)), and appends the rows
    /// with [`append_rows`](Self::append_rows). Returns the stream's new
    /// version.
    ///
    /// # Errors
    /// As [`append_rows`](Self::append_rows); [`StoreError::Malformed`] also
    /// when an event cannot be encoded, and [`StoreError::Corrupt`] when the
    /// row it links to cannot be read.
    fn append(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        events: &[Recorded<Ev>],
    ) -> Result<Version, StoreError<Self::Error>>
    where
        Ev: Payload,
    {
        let before = match linked_after(events) {
            Some(after) => row_at(self.load_rows(stream, after)?, after.next()),
            None => None,
        };
        let rows = rows_after(stream, before.as_ref(), events)?;
        self.append_rows(stream, expected, &rows)
    }

    /// Runs `command` against the aggregate stored as `stream`, retrying
    /// [`DEFAULT_RETRIES`] times on a conflict: [`execute`](super::execute),
    /// which takes the number of retries, as a method,
    /// `store.execute::<Case>(stream, &command, &ctx)`.
    ///
    /// # Errors
    /// As [`execute`](super::execute).
    fn execute<A>(
        &mut self,
        stream: StreamId,
        command: &A::Command,
        ctx: &Ctx<'_>,
    ) -> Executed<A, Self::Error>
    where
        Self: Sized,
        A: Aggregate<Event = Ev>,
        Ev: Payload,
    {
        super::execute::<A, Self>(self, stream, command, ctx, DEFAULT_RETRIES)
    }

    /// Records everything that came due by `ctx.now()` in the aggregate stored
    /// as `stream`, retrying [`DEFAULT_RETRIES`] times on a conflict:
    /// [`run_due`](super::run_due) as a method,
    /// `store.run_due::<Case>(stream, &ctx)`.
    ///
    /// # Errors
    /// As [`run_due`](super::run_due).
    fn run_due<A>(&mut self, stream: StreamId, ctx: &Ctx<'_>) -> Executed<A, Self::Error>
    where
        Self: Sized,
        A: Aggregate<Event = Ev>,
        Ev: Payload,
    {
        super::run_due::<A, Self>(self, stream, ctx, DEFAULT_RETRIES)
    }
}

/// Implements [`CaseStore`] for a pointer to a store (`&mut S`, `Box<S>`),
/// forwarding the two methods a store implements and the three it may answer
/// directly, so that it answers through the pointer as it does itself; the
/// typed `append`, `execute` and `run_due` keep their default bodies over
/// those. One body for both pointers, so that a method forwarded for one is
/// forwarded for the other.
macro_rules! forward_case_store {
    ($pointer:ty) => {
        impl<Ev, S: CaseStore<Ev> + ?Sized> CaseStore<Ev> for $pointer {
            type Error = S::Error;

            fn append_rows(
                &mut self,
                stream: StreamId,
                expected: ExpectedVersion,
                rows: &[StoredRow],
            ) -> Result<Version, StoreError<Self::Error>> {
                (**self).append_rows(stream, expected, rows)
            }

            fn load_rows(
                &mut self,
                stream: StreamId,
                after: Version,
            ) -> Result<Vec<StoredRow>, StoreError<Self::Error>> {
                (**self).load_rows(stream, after)
            }

            fn version(&mut self, stream: StreamId) -> Result<Version, StoreError<Self::Error>> {
                (**self).version(stream)
            }

            fn load(
                &mut self,
                stream: StreamId,
                after: Version,
            ) -> Result<Vec<Recorded<Ev>>, StoreError<Self::Error>>
            where
                Ev: Payload,
            {
                (**self).load(stream, after)
            }

            fn load_with_head(&mut self, stream: StreamId) -> Loaded<Ev, Self::Error>
            where
                Ev: Payload,
            {
                (**self).load_with_head(stream)
            }
        }
    };
}

forward_case_store!(&mut S);
forward_case_store!(Box<S>);

/// [`CaseStore`] for async callers: the same contract, each method returning a
/// `Send` future. No runtime is assumed, and no `async-trait`. An implementer
/// writes [`append_rows`](Self::append_rows) and
/// [`load_rows`](Self::load_rows); the typed methods come with the trait.
///
/// Methods added later come with default bodies.
///
/// # Example
/// The in-memory store through the async port, driven by a minimal
/// executor; with a real backend, your runtime drives the futures.
/// ```
/// use std::future::Future;
/// use std::pin::pin;
/// use std::task::{Context, Poll, Waker};
///
/// use casework::envelope::Recorded;
/// use casework::store::{AsyncCaseStore, ExpectedVersion, InMemoryStore};
/// use casework::{ActorId, StreamId, Version};
/// use chrono::{TimeZone, Utc};
/// use uuid::Uuid;
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
/// let mut store = InMemoryStore::<String>::new();
/// let stream = StreamId::from_uuid(Uuid::from_u128(1));
/// let at = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
/// let logged = Recorded::new(stream, Version::new(1), at, ActorId::from_uuid(Uuid::nil()), "logged".to_owned());
/// block_on(async {
///     AsyncCaseStore::append(&mut store, stream, ExpectedVersion::NoStream, &[logged.clone()]).await?;
///     let history = AsyncCaseStore::load(&mut store, stream, Version::ZERO).await?;
///     assert_eq!(history, [logged]);
///     Ok::<(), casework::store::StoreError<std::convert::Infallible>>(())
/// })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait AsyncCaseStore<Ev: Send + Sync>: Send {
    /// The backend's own error.
    type Error: Send;

    /// As [`CaseStore::append_rows`].
    fn append_rows(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        rows: &[StoredRow],
    ) -> impl Future<Output = Result<Version, StoreError<Self::Error>>> + Send;

    /// As [`CaseStore::load_rows`].
    fn load_rows(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> impl Future<Output = Result<Vec<StoredRow>, StoreError<Self::Error>>> + Send;

    /// As [`CaseStore::version`]; the default loads the stream.
    fn version(
        &mut self,
        stream: StreamId,
    ) -> impl Future<Output = Result<Version, StoreError<Self::Error>>> + Send {
        async move {
            Ok(row_version(
                self.load_rows(stream, Version::ZERO).await?.last(),
            ))
        }
    }

    /// As [`CaseStore::load`].
    fn load(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> impl Future<Output = Result<Vec<Recorded<Ev>>, StoreError<Self::Error>>> + Send
    where
        Ev: Payload,
    {
        async move { decode_all(&self.load_rows(stream, after).await?) }
    }

    /// As [`CaseStore::load_with_head`].
    fn load_with_head(
        &mut self,
        stream: StreamId,
    ) -> impl Future<Output = Loaded<Ev, Self::Error>> + Send
    where
        Ev: Payload,
    {
        async move { with_head(self.load_rows(stream, Version::ZERO).await?) }
    }

    /// As [`CaseStore::append`].
    fn append(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        events: &[Recorded<Ev>],
    ) -> impl Future<Output = Result<Version, StoreError<Self::Error>>> + Send
    where
        Ev: Payload,
    {
        async move {
            let before = match linked_after(events) {
                Some(after) => row_at(self.load_rows(stream, after).await?, after.next()),
                None => None,
            };
            let rows = rows_after(stream, before.as_ref(), events)?;
            self.append_rows(stream, expected, &rows).await
        }
    }

    /// As [`CaseStore::execute`]: [`execute_async`](super::execute_async)
    /// with [`DEFAULT_RETRIES`].
    ///
    /// # Errors
    /// As [`execute`](super::execute).
    fn execute<A>(
        &mut self,
        stream: StreamId,
        command: &A::Command,
        ctx: &Ctx<'_>,
    ) -> impl Future<Output = Executed<A, Self::Error>> + Send
    where
        Self: Sized,
        A: Aggregate<Event = Ev>,
        A::Command: Sync,
        Ev: Payload,
    {
        super::execute_async::<A, Self>(self, stream, command, ctx, DEFAULT_RETRIES)
    }

    /// As [`CaseStore::run_due`]: [`run_due_async`](super::run_due_async)
    /// with [`DEFAULT_RETRIES`].
    ///
    /// # Errors
    /// As [`run_due`](super::run_due).
    fn run_due<A>(
        &mut self,
        stream: StreamId,
        ctx: &Ctx<'_>,
    ) -> impl Future<Output = Executed<A, Self::Error>> + Send
    where
        Self: Sized,
        A: Aggregate<Event = Ev>,
        A::Command: Sync,
        Ev: Payload,
    {
        super::run_due_async::<A, Self>(self, stream, ctx, DEFAULT_RETRIES)
    }
}
