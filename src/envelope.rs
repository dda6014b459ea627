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

/// Why a history cannot be replayed: it is not one that `decide` and the
/// storage port could have produced. Each variant names the first event that
/// breaks the rule, by its version.
///
/// Replaying refuses such a history instead of folding it into some state, so
/// that no command is ever decided on an aggregate that was never created, was
/// created twice, or whose events were reordered, lost or mixed with another
/// stream's.
///
/// # Example
/// ```
/// use casework::envelope::ReplayError;
/// use casework::Version;
///
/// let refused = ReplayError::CreatedTwice { version: Version::new(2), event: "logged" };
/// assert_eq!(refused.to_string(), "v2 is a second `logged`: a stream is created once, by its first event");
/// assert_eq!(refused.rule(), "created_twice");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReplayError {
    /// The first event is not the one that creates the aggregate.
    #[error("{version} is `{event}`: a history starts with the `{creation}` that creates it")]
    NotCreatedFirst {
        /// The first event's version.
        version: Version,
        /// The first event's name.
        event: &'static str,
        /// The name of the event that creates the aggregate.
        creation: &'static str,
    },
    /// The event that creates the aggregate comes again.
    #[error("{version} is a second `{event}`: a stream is created once, by its first event")]
    CreatedTwice {
        /// The version of the second creation.
        version: Version,
        /// The creation event's name.
        event: &'static str,
    },
    /// A version is missing, repeated or out of order: a history runs v1, v2, v3,
    /// ... without a gap.
    #[error("{found} where {expected} was next: a history runs v1, v2, v3, ... without a gap")]
    OutOfSequence {
        /// The version the event should have.
        expected: Version,
        /// The version it has.
        found: Version,
    },
    /// An event belongs to another stream than the history's.
    #[error("{version} belongs to stream {found}, not to the history's stream {expected}")]
    OtherStream {
        /// The event's version.
        version: Version,
        /// The history's stream.
        expected: StreamId,
        /// The event's stream.
        found: StreamId,
    },
    /// An event was recorded before the one before it: `decide` refuses a `now`
    /// before an aggregate's last event, so no history goes back in time.
    #[error("{version} was recorded at {at}, before the event before it ({last})")]
    WentBackInTime {
        /// The event's version.
        version: Version,
        /// When it was recorded.
        at: DateTime<Utc>,
        /// When the event before it was recorded.
        last: DateTime<Utc>,
    },
}

impl ReplayError {
    /// A stable snake_case name of the rule the history breaks.
    #[must_use]
    pub const fn rule(&self) -> &'static str {
        match self {
            ReplayError::NotCreatedFirst { .. } => "not_created_first",
            ReplayError::CreatedTwice { .. } => "created_twice",
            ReplayError::OutOfSequence { .. } => "out_of_sequence",
            ReplayError::OtherStream { .. } => "other_stream",
            ReplayError::WentBackInTime { .. } => "went_back_in_time",
        }
    }
}

/// An aggregate's state as a fold over its recorded events: the one place where
/// events are stamped, applied and replayed, for every aggregate.
pub(crate) trait Fold: Default {
    /// The aggregate's event.
    type Event;

    /// The name of the event that creates the aggregate.
    const CREATION: &'static str;

    /// Folds one recorded event in (the aggregate's `apply`).
    fn fold(&mut self, recorded: &Recorded<Self::Event>);

    /// The version of the last event folded in.
    fn version(&self) -> Version;

    /// Whether `event` is the one that creates the aggregate.
    fn creates(event: &Self::Event) -> bool;

    /// The event's name, for a refusal.
    fn name(event: &Self::Event) -> &'static str;

    /// The stream an event belongs to: the aggregate's id, or for the event
    /// that creates it, the id it carries. `None` for any other event of an
    /// aggregate not created yet.
    fn stream_of(&self, event: &Self::Event) -> Option<StreamId>;

    /// Stamps each event as the next of the stream, recorded at `at` by
    /// `actor`, and folds it in, returning them stamped. The events of one
    /// decision belong to one stream, the first event's (see
    /// [`Fold::stream_of`]). `None`, with the state unchanged, when the first
    /// belongs to no stream: nothing is ever stamped into the nil stream.
    fn fold_new(
        &mut self,
        events: Vec<Self::Event>,
        at: DateTime<Utc>,
        actor: ActorId,
    ) -> Option<Vec<Recorded<Self::Event>>> {
        let stream = match events.first() {
            Some(first) => self.stream_of(first)?,
            None => return Some(Vec::new()),
        };
        let mut recorded = Vec::with_capacity(events.len());
        for event in events {
            let stamped = Recorded::new(stream, self.version().next(), at, actor, event);
            self.fold(&stamped);
            recorded.push(stamped);
        }
        Some(recorded)
    }

    /// The state a history leads to, or the first rule it breaks: it starts
    /// with the creation event and has no other, its versions run from 1
    /// without a gap, all of it is one stream's, and no event was recorded
    /// before the one before it. O(1) per event.
    fn replay_all<'a>(
        history: impl IntoIterator<Item = &'a Recorded<Self::Event>>,
    ) -> Result<Self, ReplayError>
    where
        Self::Event: 'a,
    {
        let mut state = Self::default();
        let mut history = history.into_iter();
        let Some(first) = history.next() else {
            return Ok(state);
        };
        if !Self::creates(&first.event) {
            return Err(ReplayError::NotCreatedFirst {
                version: first.version,
                event: Self::name(&first.event),
                creation: Self::CREATION,
            });
        }
        if first.version != Version::ZERO.next() {
            return Err(ReplayError::OutOfSequence {
                expected: Version::ZERO.next(),
                found: first.version,
            });
        }
        state.fold(first);
        let (stream, mut version, mut last) = (first.stream, first.version, first.at);
        for recorded in history {
            let expected = version.next();
            if recorded.version != expected || expected == version {
                return Err(ReplayError::OutOfSequence {
                    expected,
                    found: recorded.version,
                });
            }
            if recorded.stream != stream {
                return Err(ReplayError::OtherStream {
                    version: recorded.version,
                    expected: stream,
                    found: recorded.stream,
                });
            }
            if recorded.at < last {
                return Err(ReplayError::WentBackInTime {
                    version: recorded.version,
                    at: recorded.at,
                    last,
                });
            }
            if Self::creates(&recorded.event) {
                return Err(ReplayError::CreatedTwice {
                    version: recorded.version,
                    event: Self::name(&recorded.event),
                });
            }
            state.fold(recorded);
            (version, last) = (recorded.version, recorded.at);
        }
        Ok(state)
    }
}

/// Gives an aggregate's state its `replay` and `record` methods and its
/// [`Fold`] impl, and its `ensure_covered` check of a stored history, from the
/// module's `decide` and `apply` (resolved where the macro is used), the event
/// that creates it, which carries its id, the refusal of a command given
/// before it is created, the calendars that must cover its instants, and the
/// instants a recorded event brings in.
macro_rules! event_sourced {
    (
        $state:ident,
        command: $command:ty,
        event: $event:ty,
        error: $error:ty,
        created: |$created:ident| $id:expr,
        creation: $creation:literal,
        not_created: |$kind:ident| $not_created:expr,
        covered_by: $calendars:path,
        instants: $instants:path $(,)?
    ) => {
        impl $state {
            /// Checks that every instant of `history` (when each event was
            /// recorded, and the domain times its events carry that a calendar
            /// is asked about) is covered by the calendars of `policy` that the
            /// aggregate's instants must be covered by (listed in the crate's
            /// overview, under "Histories and time ranges"). The storage port's `execute`
            /// calls it before it decides; a caller that replays a stored
            /// history itself calls it to refuse an instant no deadline could
            /// be computed from, before the first deadline does.
            ///
            /// # Errors
            /// [`CalendarError::OutOfRange`](crate::calendar::CalendarError::OutOfRange)
            /// naming the calendar and the first instant it does not cover.
            pub fn ensure_covered<'a>(
                history: impl IntoIterator<Item = &'a $crate::envelope::Recorded<$event>>,
                policy: &$crate::policy::Policy,
            ) -> Result<(), $crate::calendar::CalendarError> {
                let calendars = $calendars(policy);
                for recorded in history {
                    $crate::range::ensure_covered(&calendars, $instants(recorded))?;
                }
                Ok(())
            }

            /// Replays a history: the state it leads to.
            ///
            /// # Errors
            /// [`ReplayError`](crate::envelope::ReplayError) when the history is
            /// not one that deciding and storing could have produced: it does not
            #[doc = concat!("start with `", $creation, "`, or has a second one; its")]
            /// versions do not run v1, v2, v3, ... without a gap; an event is of
            /// another stream; or an event was recorded before the one before it.
            /// An empty history replays to the state before creation.
            pub fn replay<'a>(
                history: impl IntoIterator<Item = &'a $crate::envelope::Recorded<$event>>,
            ) -> Result<Self, $crate::envelope::ReplayError> {
                <Self as $crate::envelope::Fold>::replay_all(history)
            }

            /// Decides `command`, stamps the events from the context (stream,
            /// next version, `ctx.now`, the actor), applies them, and returns
            /// them for the caller to store. On a refusal the state is
            /// unchanged.
            ///
            /// # Errors
            #[doc = concat!("The [`", stringify!($error), "`] from [`decide`]; and, for a state")]
            /// that was never created (built by `apply` from events that do not
            #[doc = concat!("start with `", $creation, "`), any command but the one that creates it,")]
            /// which would have no stream to be recorded in.
            pub fn record(
                &mut self,
                command: &$command,
                ctx: &$crate::policy::Ctx<'_>,
            ) -> Result<Vec<$crate::envelope::Recorded<$event>>, $error> {
                let events = decide(self, command, ctx)?;
                $crate::envelope::Fold::fold_new(self, events, ctx.now, ctx.actor.id).ok_or_else(
                    || {
                        let $kind = command.kind();
                        $not_created
                    },
                )
            }
        }

        impl $crate::envelope::Fold for $state {
            type Event = $event;

            const CREATION: &'static str = $creation;

            fn fold(&mut self, recorded: &$crate::envelope::Recorded<$event>) {
                apply(self, recorded);
            }

            fn version(&self) -> $crate::envelope::Version {
                self.version
            }

            fn creates(event: &$event) -> bool {
                let created = |$created: &$event| -> Option<$crate::id::StreamId> { $id };
                created(event).is_some()
            }

            fn name(event: &$event) -> &'static str {
                event.name()
            }

            fn stream_of(&self, event: &$event) -> Option<$crate::id::StreamId> {
                let created = |$created: &$event| -> Option<$crate::id::StreamId> { $id };
                created(event).or_else(|| self.id().map($crate::id::StreamId::from))
            }
        }
    };
}
pub(crate) use event_sourced;
