//! The envelope around every recorded event: which stream, which version, when, and
//! by whom.
//!
//! The event log is the audit trail, so the envelope is what an auditor reads. This
//! module knows nothing of any particular aggregate's events.
//!
//! # Example
//! A case records its events in envelopes stamped from the context: the
//! stream, the next version, `now` and the actor. Replaying the envelopes gives
//! the case back; a history with an event missing is refused, naming it.
//! ```
//! use casework::case::{Case, CaseKind, Command, Intake};
//! use casework::{Actor, ActorId, Aggregate, CaseId, Channel, Ctx, CustomerRef, Policy, Recorded, Reference, ReplayError, Role, StreamId, Version};
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use uuid::Uuid;
//!
//! let policy = Policy::sop_default()?;
//! let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
//! let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
//! let case_id = CaseId::from_uuid(Uuid::from_u128(42));
//! let intake = Intake::new(
//!     case_id,
//!     Reference::new("CMP", 2026, 42)?,
//!     CaseKind::Complaint,
//!     Channel::Email,
//!     CustomerRef::from_uuid(Uuid::from_u128(7)),
//!     monday,
//! )
//! .about("delivery/late", "Parcel two weeks late")
//! .description("Ordered on the 2nd, still not here.");
//!
//! let mut case = Case::default();
//! let mut history: Vec<Recorded<_>> = case.record(&Command::Log { intake, first_contact_resolution: None }, &Ctx::new(monday, csr, &policy))?;
//! let later = Ctx::new(monday + TimeDelta::minutes(30), csr, &policy);
//! history.extend(case.record(&Command::Acknowledge { channel: Channel::Email }, &later)?);
//! history.extend(case.record(&Command::StartInvestigation, &later.at(monday + TimeDelta::hours(1)))?);
//!
//! // What an auditor reads: which stream, which version, when, by whom, what.
//! let acknowledged = &history[1];
//! assert_eq!(acknowledged.stream, StreamId::from(case_id));
//! assert_eq!(acknowledged.version, Version::new(2));
//! assert_eq!((acknowledged.at, acknowledged.actor), (monday + TimeDelta::minutes(30), csr.id));
//! assert_eq!(acknowledged.event.name(), "acknowledged");
//!
//! // The case is a fold over its envelopes.
//! let replayed = Case::replay(&history)?;
//! assert_eq!((replayed.version(), replayed.status()), (case.version(), case.status()));
//! // Lose the acknowledgement, and replaying refuses the history.
//! history.remove(1);
//! assert_eq!(
//!     Case::replay(&history).unwrap_err(),
//!     ReplayError::OutOfSequence { expected: Version::new(2), found: Version::new(3) },
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

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
/// A `Recorded` is not linked into the audit chain: the chain is over the
/// bytes a store keeps, so it belongs to the stored row (`store::StoredRow`),
/// which the storage port makes when it encodes the event. There is no
/// unlinked "link" to mistake for a real one.
///
/// The struct is `#[non_exhaustive]` so that the envelope can gain fields
/// without breaking callers: build it with [`Recorded::new`].
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
        }
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
    /// The creation event names another stream than the one the history is
    /// stored in: one id would have two streams.
    #[error("the history of stream {stream} creates stream {created}")]
    CreatedElsewhere {
        /// The stream the history is stored in.
        stream: StreamId,
        /// The stream its creation event names.
        created: StreamId,
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
            ReplayError::CreatedElsewhere { .. } => "created_elsewhere",
            ReplayError::WentBackInTime { .. } => "went_back_in_time",
        }
    }
}

crate::problem::rule_by_inherent!(ReplayError);
