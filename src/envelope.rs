//! The envelope around every recorded event: which stream, which version, when, and
//! by whom.
//!
//! The event log is the audit trail, so the envelope is what an auditor reads. This
//! module knows nothing of any particular aggregate's events.

use chrono::{DateTime, Utc};

use crate::id::{ActorId, StreamId};

/// The position of an event in its stream: the first event has version 1, and a
/// stream's version is the number of events in it. An empty stream is at
/// [`Version::ZERO`].
///
/// # Example
/// ```
/// use casework::Version;
///
/// let v = Version::ZERO.next();
/// assert_eq!(v, Version::new(1));
/// assert!(v > Version::ZERO);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Version(u64);

impl Version {
    /// The version of an empty stream.
    pub const ZERO: Version = Version(0);

    /// A version from its number.
    #[must_use]
    pub const fn new(n: u64) -> Self {
        Version(n)
    }

    /// The number inside.
    #[must_use]
    pub const fn get(self) -> u64 {
        self.0
    }

    /// The version after this one. Saturates at `u64::MAX`, a count of events no
    /// stream reaches.
    #[must_use]
    pub const fn next(self) -> Self {
        Version(self.0.saturating_add(1))
    }
}

impl core::fmt::Display for Version {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "v{}", self.0)
    }
}

/// One event as recorded: the event and its envelope.
///
/// `decide` returns bare events; the code that appends them (the storage port's
/// `execute`, or the caller) wraps each in a `Recorded` stamped with the context's
/// `now` and actor and the next version.
///
/// The struct is `#[non_exhaustive]` so that the envelope can gain fields (the audit
/// hash chain) without breaking callers: build it with [`Recorded::new`].
///
/// # Example
/// ```
/// use casework::{ActorId, Recorded, StreamId, Version};
/// use chrono::{TimeZone, Utc};
/// use uuid::Uuid;
///
/// let at = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
/// let recorded = Recorded::new(
///     StreamId::from_uuid(Uuid::from_u128(1)),
///     Version::new(1),
///     at,
///     ActorId::from_uuid(Uuid::from_u128(2)),
///     "case logged",
/// );
/// assert_eq!(recorded.version, Version::new(1));
/// assert_eq!(recorded.map(str::len).event, 11);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Recorded<E> {
    /// The stream (aggregate instance) the event belongs to.
    pub stream: StreamId,
    /// The event's position in its stream, from 1.
    pub version: Version,
    /// When it was recorded: the context's `now` when it was decided.
    pub at: DateTime<Utc>,
    /// Who caused it.
    pub actor: ActorId,
    /// What happened.
    pub event: E,
    /// The hash of the previous event of the stream ([`ChainHash::ZERO`] for the
    /// first): the link of the audit chain. The storage port's `execute` sets it;
    /// `store::verify_chain` checks it.
    #[cfg_attr(feature = "serde", serde(default))]
    pub prev_hash: ChainHash,
}

impl<E> Recorded<E> {
    /// Wraps an event in its envelope.
    #[must_use]
    pub const fn new(
        stream: StreamId,
        version: Version,
        at: DateTime<Utc>,
        actor: ActorId,
        event: E,
    ) -> Self {
        Self {
            stream,
            version,
            at,
            actor,
            event,
            prev_hash: ChainHash::ZERO,
        }
    }

    /// The same record, linked to the previous one by its hash.
    #[must_use]
    pub const fn with_prev_hash(mut self, prev_hash: ChainHash) -> Self {
        self.prev_hash = prev_hash;
        self
    }

    /// The same envelope around a transformed event.
    #[must_use]
    pub fn map<F, T>(self, f: F) -> Recorded<T>
    where
        F: FnOnce(E) -> T,
    {
        Recorded {
            stream: self.stream,
            version: self.version,
            at: self.at,
            actor: self.actor,
            event: f(self.event),
            prev_hash: self.prev_hash,
        }
    }
}

crate::digest::sha256_digest!(
    /// A SHA-256 hash in the audit chain, written as 64 lowercase hex digits.
    /// [`ChainHash::ZERO`] is the link before the first event of a stream.
    ///
    /// # Example
    /// ```
    /// use casework::envelope::ChainHash;
    ///
    /// assert_eq!(ChainHash::ZERO.to_string(), "0".repeat(64));
    /// let parsed: ChainHash = "ab".repeat(32).parse().unwrap();
    /// assert_eq!(parsed.as_bytes()[0], 0xab);
    /// assert!("xyz".parse::<ChainHash>().is_err());
    /// // One spelling per hash: no capitals, no signs.
    /// assert!("AB".repeat(32).parse::<ChainHash>().is_err());
    /// assert!("+f".repeat(32).parse::<ChainHash>().is_err());
    /// ```
    ChainHash
);

pub use crate::digest::ParseHashError;

/// An aggregate's state as a fold over its recorded events: the one place where
/// events are stamped, applied and replayed, for every aggregate.
pub(crate) trait Fold: Default {
    /// The aggregate's event.
    type Event;

    /// Folds one recorded event in (the aggregate's `apply`).
    fn fold(&mut self, recorded: &Recorded<Self::Event>);

    /// The version of the last event folded in.
    fn version(&self) -> Version;

    /// The stream an event belongs to: the aggregate's id, or for the event
    /// that creates it, the id it carries. The nil stream before either.
    fn stream_of(&self, event: &Self::Event) -> StreamId;

    /// `event` as the next one of the stream, recorded at `at` by `actor`.
    fn stamp(
        &self,
        event: Self::Event,
        at: DateTime<Utc>,
        actor: ActorId,
    ) -> Recorded<Self::Event> {
        Recorded::new(
            self.stream_of(&event),
            self.version().next(),
            at,
            actor,
            event,
        )
    }

    /// Stamps and folds in each event, returning them stamped.
    fn fold_new(
        &mut self,
        events: Vec<Self::Event>,
        at: DateTime<Utc>,
        actor: ActorId,
    ) -> Vec<Recorded<Self::Event>> {
        let mut recorded = Vec::with_capacity(events.len());
        for event in events {
            let stamped = self.stamp(event, at, actor);
            self.fold(&stamped);
            recorded.push(stamped);
        }
        recorded
    }

    /// The state a history leads to.
    fn fold_all<'a>(history: impl IntoIterator<Item = &'a Recorded<Self::Event>>) -> Self
    where
        Self::Event: 'a,
    {
        let mut state = Self::default();
        for recorded in history {
            state.fold(recorded);
        }
        state
    }
}

/// Gives an aggregate's state its `replay` and `record` methods and its
/// [`Fold`] impl, from the module's `decide` and `apply` (resolved where the
/// macro is used) and the event that creates it, which carries its id.
macro_rules! event_sourced {
    (
        $state:ident,
        command: $command:ty,
        event: $event:ty,
        error: $error:ty,
        created: |$created:ident| $id:expr $(,)?
    ) => {
        impl $state {
            /// Replays a history: the state it leads to.
            #[must_use]
            pub fn replay<'a>(
                history: impl IntoIterator<Item = &'a $crate::envelope::Recorded<$event>>,
            ) -> Self {
                <Self as $crate::envelope::Fold>::fold_all(history)
            }

            /// Decides `command`, stamps the events from the context (stream,
            /// next version, `ctx.now`, the actor), applies them, and returns
            /// them for the caller to store. On a refusal the state is
            /// unchanged.
            ///
            /// # Errors
            #[doc = concat!("The [`", stringify!($error), "`] from [`decide`].")]
            pub fn record(
                &mut self,
                command: &$command,
                ctx: &$crate::policy::Ctx<'_>,
            ) -> Result<Vec<$crate::envelope::Recorded<$event>>, $error> {
                let events = decide(self, command, ctx)?;
                Ok($crate::envelope::Fold::fold_new(
                    self,
                    events,
                    ctx.now,
                    ctx.actor.id,
                ))
            }
        }

        impl $crate::envelope::Fold for $state {
            type Event = $event;

            fn fold(&mut self, recorded: &$crate::envelope::Recorded<$event>) {
                apply(self, recorded);
            }

            fn version(&self) -> $crate::envelope::Version {
                self.version
            }

            fn stream_of(&self, event: &$event) -> $crate::id::StreamId {
                let created = |$created: &$event| -> Option<$crate::id::StreamId> { $id };
                created(event)
                    .or_else(|| self.id().map($crate::id::StreamId::from))
                    .unwrap_or_else(|| $crate::id::StreamId::from_uuid(uuid::Uuid::nil()))
            }
        }
    };
}
pub(crate) use event_sourced;
