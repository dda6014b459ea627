//! The port a caller implements: [`CaseStore`] (sync) and [`AsyncCaseStore`].

use core::future::Future;

use crate::aggregate::Aggregate;
use crate::envelope::{Recorded, Version};
use crate::id::StreamId;
use crate::policy::Ctx;

use super::execute::{DEFAULT_RETRIES, Executed};

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

/// The checks every `append` makes, for implementers: the stream, read inside the
/// append's transaction, is at `actual`; it must meet `expected`, and `events`
/// must belong to `stream` and carry the versions right after `actual`, one by
/// one. Call it after reading the stream's version and before writing anything.
///
/// # Errors
/// [`StoreError::Conflict`] when `actual` does not meet `expected`;
/// [`StoreError::Malformed`] when the events do not continue the stream.
///
/// # Example
/// ```
/// use casework::store::{check_append, ExpectedVersion, StoreError};
/// use casework::{StreamId, Version};
///
/// let stream = StreamId::from_uuid(uuid::Uuid::from_u128(1));
/// let stale = check_append::<(), ()>(stream, ExpectedVersion::NoStream, Version::new(3), &[]);
/// assert_eq!(stale, Err(StoreError::Conflict { expected: ExpectedVersion::NoStream, actual: Version::new(3) }));
/// ```
pub fn check_append<Ev, E>(
    stream: StreamId,
    expected: ExpectedVersion,
    actual: Version,
    events: &[Recorded<Ev>],
) -> Result<(), StoreError<E>> {
    if !expected.accepts(actual) {
        return Err(StoreError::Conflict { expected, actual });
    }
    let mut next = actual;
    for recorded in events {
        next = next.next();
        if recorded.stream != stream {
            return Err(StoreError::Malformed {
                stream,
                reason: format!(
                    "event {} belongs to stream {}",
                    recorded.version, recorded.stream
                ),
            });
        }
        if recorded.version != next {
            return Err(StoreError::Malformed {
                stream,
                reason: format!("event {} comes where {next} should", recorded.version),
            });
        }
    }
    Ok(())
}

/// An event store for one kind of event, used synchronously.
///
/// Small on purpose: an implementation over any database takes an afternoon, and
/// the conformance suite of the `testkit` module (feature `testkit`) proves it.
/// It is dyn-safe, and
/// blanket implementations for `&mut S` and `Box<S>` let stores compose.
///
/// Methods added to this trait later come with default bodies, so that
/// implementations keep compiling.
///
/// # Contract
/// - `append` writes all the events or none, and only when the stream meets
///   `expected`; otherwise [`StoreError::Conflict`] with the stream's actual
///   version. The events are stored as given: the envelope (version, time,
///   actor, hash link) is the caller's.
/// - `load` returns the events with versions above `after`, in version order,
///   exactly as appended.
pub trait CaseStore<Ev> {
    /// The backend's own error.
    type Error;

    /// Appends `events` to `stream` if it is at the `expected` version, and
    /// returns the stream's new version.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the stream is not at `expected`;
    /// [`StoreError::Malformed`] when the events do not continue the stream;
    /// [`StoreError::Backend`] when the backend fails. Nothing is written then.
    fn append(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        events: &[Recorded<Ev>],
    ) -> Result<Version, StoreError<Self::Error>>;

    /// The events of `stream` after version `after` (all of them after
    /// [`Version::ZERO`]); empty for a stream that does not exist.
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] when a stored event cannot be read;
    /// [`StoreError::Backend`] when the backend fails.
    fn load(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> Result<Vec<Recorded<Ev>>, StoreError<Self::Error>>;

    /// The stream's version: the number of its events, [`Version::ZERO`] if it
    /// does not exist. The default loads the stream; override it where the
    /// backend can answer directly.
    ///
    /// # Errors
    /// As [`load`](Self::load).
    fn version(&mut self, stream: StreamId) -> Result<Version, StoreError<Self::Error>> {
        Ok(self
            .load(stream, Version::ZERO)?
            .last()
            .map_or(Version::ZERO, |r| r.version))
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
        Ev: serde::Serialize,
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
        Ev: serde::Serialize,
    {
        super::run_due::<A, Self>(self, stream, ctx, DEFAULT_RETRIES)
    }
}

impl<Ev, S: CaseStore<Ev> + ?Sized> CaseStore<Ev> for &mut S {
    type Error = S::Error;

    fn append(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        events: &[Recorded<Ev>],
    ) -> Result<Version, StoreError<Self::Error>> {
        (**self).append(stream, expected, events)
    }

    fn load(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> Result<Vec<Recorded<Ev>>, StoreError<Self::Error>> {
        (**self).load(stream, after)
    }

    fn version(&mut self, stream: StreamId) -> Result<Version, StoreError<Self::Error>> {
        (**self).version(stream)
    }
}

impl<Ev, S: CaseStore<Ev> + ?Sized> CaseStore<Ev> for Box<S> {
    type Error = S::Error;

    fn append(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        events: &[Recorded<Ev>],
    ) -> Result<Version, StoreError<Self::Error>> {
        (**self).append(stream, expected, events)
    }

    fn load(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> Result<Vec<Recorded<Ev>>, StoreError<Self::Error>> {
        (**self).load(stream, after)
    }

    fn version(&mut self, stream: StreamId) -> Result<Version, StoreError<Self::Error>> {
        (**self).version(stream)
    }
}

/// [`CaseStore`] for async callers: the same contract, each method returning a
/// `Send` future. No runtime is assumed, and no `async-trait`.
///
/// Methods added later come with default bodies.
pub trait AsyncCaseStore<Ev: Send + Sync>: Send {
    /// The backend's own error.
    type Error: Send;

    /// As [`CaseStore::append`].
    fn append(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        events: &[Recorded<Ev>],
    ) -> impl Future<Output = Result<Version, StoreError<Self::Error>>> + Send;

    /// As [`CaseStore::load`].
    fn load(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> impl Future<Output = Result<Vec<Recorded<Ev>>, StoreError<Self::Error>>> + Send;

    /// As [`CaseStore::version`]; the default loads the stream.
    fn version(
        &mut self,
        stream: StreamId,
    ) -> impl Future<Output = Result<Version, StoreError<Self::Error>>> + Send {
        async move {
            Ok(self
                .load(stream, Version::ZERO)
                .await?
                .last()
                .map_or(Version::ZERO, |r| r.version))
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
        Ev: serde::Serialize,
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
        Ev: serde::Serialize,
    {
        super::run_due_async::<A, Self>(self, stream, ctx, DEFAULT_RETRIES)
    }
}
