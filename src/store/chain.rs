//! The audit chain: every recorded event carries the hash of the one before it in
//! its stream, so that an edited, removed or reordered event shows. The last
//! event has no successor to give it away: keep the head that [`verify_chain`]
//! returns somewhere else (a signed log, another database) to cover it too.
//!
//! # The canonical encoding (version 1)
//! The hash of a recorded event is SHA-256 over these bytes, in order:
//! 1. the 17 ASCII bytes `casework-chain-v1`, then a zero byte;
//! 2. the stream id: its 16 uuid bytes;
//! 3. the version: 8 bytes, big-endian;
//! 4. the time: seconds since the Unix epoch as 8 bytes, big-endian two's
//!    complement, then the nanoseconds within the second as 4 bytes, big-endian
//!    (1,000,000,000 and above during a leap second);
//! 5. the actor id: its 16 uuid bytes;
//! 6. the previous event's hash: 32 bytes (zeros for the first event);
//! 7. the event's length as 8 bytes, big-endian, then the event as compact JSON,
//!    exactly as its serde form writes it (the snapshot-tested wire form).
//!
//! So the hash covers who, when, which version and what. Every field but the last
//! has a fixed width, and the last is prefixed with its length, so no two records
//! encode alike. A verifier in any language can recompute the bytes from what an
//! adapter stores, if it stores the event's JSON as written (the shipped adapters
//! do). The JSON is the event's public wire form: it changes only with a new
//! encoding version, and the snapshot tests guard it.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::envelope::{ChainHash, Recorded, Version};
use crate::id::StreamId;

const DOMAIN: &[u8] = b"casework-chain-v1\0";

/// Why a chain does not verify, at the first broken link.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChainError {
    /// An event belongs to another stream.
    #[error("event {version} belongs to stream {found}, not {expected}")]
    WrongStream {
        /// The event's version.
        version: Version,
        /// The stream of the first event.
        expected: StreamId,
        /// The stream of this one.
        found: StreamId,
    },
    /// The versions do not count up from 1 one by one: an event is missing or
    /// out of order.
    #[error("expected event {expected}, found event {found}: an event is missing or out of order")]
    Gap {
        /// The version that should come here.
        expected: Version,
        /// The version found.
        found: Version,
    },
    /// The event's link does not match the hash of the event before it: that
    /// event was altered, or this one was.
    #[error("event {version} does not link to event v{}: one of them was altered", version.get().saturating_sub(1))]
    BrokenLink {
        /// The event whose link does not match.
        version: Version,
    },
    /// An event could not be encoded for hashing.
    #[error("event {version} cannot be encoded: {reason}")]
    Unencodable {
        /// The event's version.
        version: Version,
        /// Why.
        reason: String,
    },
}

/// The hash of a recorded event, by the canonical encoding above.
///
/// # Errors
/// [`ChainError::Unencodable`] when the event's serde form fails.
pub fn hash_recorded<E: serde::Serialize>(recorded: &Recorded<E>) -> Result<ChainHash, ChainError> {
    let event = serde_json::to_vec(&recorded.event).map_err(|e| ChainError::Unencodable {
        version: recorded.version,
        reason: e.to_string(),
    })?;
    let at: DateTime<Utc> = recorded.at;
    let mut hasher = Sha256::new();
    hasher.update(DOMAIN);
    hasher.update(recorded.stream.as_uuid().as_bytes());
    hasher.update(recorded.version.get().to_be_bytes());
    hasher.update(at.timestamp().to_be_bytes());
    hasher.update(at.timestamp_subsec_nanos().to_be_bytes());
    hasher.update(recorded.actor.as_uuid().as_bytes());
    hasher.update(recorded.prev_hash.as_bytes());
    hasher.update(u64::try_from(event.len()).unwrap_or(u64::MAX).to_be_bytes());
    hasher.update(&event);
    Ok(ChainHash::from_bytes(hasher.finalize().into()))
}

/// Links `events`, the next ones of a stream whose last event hashes to `prev`:
/// each gets the hash of the one before. Returns the hash of the last, the new
/// head of the chain.
///
/// # Errors
/// [`ChainError::Unencodable`] when an event's serde form fails.
pub fn link<E: serde::Serialize>(
    prev: ChainHash,
    events: &mut [Recorded<E>],
) -> Result<ChainHash, ChainError> {
    let mut prev = prev;
    for recorded in events {
        recorded.prev_hash = prev;
        prev = hash_recorded(recorded)?;
    }
    Ok(prev)
}

/// Verifies a whole stream, as loaded: one stream, versions 1, 2, 3, … and every
/// link matching the hash of the event before. Returns the head: the hash of the
/// last event ([`ChainHash::ZERO`] for an empty stream), which a caller can anchor
/// elsewhere to detect a change to the last event too.
///
/// # Errors
/// The first [`ChainError`] found, in version order.
///
/// # Example
/// ```
/// use casework::envelope::{ChainHash, Recorded};
/// use casework::store::{link, verify_chain};
/// use casework::{ActorId, StreamId, Version};
/// use chrono::{TimeZone, Utc};
/// use uuid::Uuid;
///
/// let stream = StreamId::from_uuid(Uuid::from_u128(1));
/// let actor = ActorId::from_uuid(Uuid::from_u128(2));
/// let at = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
/// let mut events: Vec<_> = ["logged", "acknowledged", "closed"]
///     .iter()
///     .enumerate()
///     .map(|(i, e)| Recorded::new(stream, Version::new(i as u64 + 1), at, actor, e.to_string()))
///     .collect();
/// let head = link(ChainHash::ZERO, &mut events).unwrap();
/// assert_eq!(verify_chain(&events), Ok(head));
///
/// // Edit the second event: the third one's link no longer matches.
/// events[1].event = "ignored".to_string();
/// assert_eq!(verify_chain(&events).unwrap_err().to_string(),
///            "event v3 does not link to event v2: one of them was altered");
/// ```
pub fn verify_chain<E: serde::Serialize>(events: &[Recorded<E>]) -> Result<ChainHash, ChainError> {
    let mut prev = ChainHash::ZERO;
    let mut expected = Version::ZERO;
    let stream = events.first().map(|r| r.stream);
    for recorded in events {
        expected = expected.next();
        if let Some(first) = stream.filter(|s| *s != recorded.stream) {
            return Err(ChainError::WrongStream {
                version: recorded.version,
                expected: first,
                found: recorded.stream,
            });
        }
        if recorded.version != expected {
            return Err(ChainError::Gap {
                expected,
                found: recorded.version,
            });
        }
        if recorded.prev_hash != prev {
            return Err(ChainError::BrokenLink {
                version: recorded.version,
            });
        }
        prev = hash_recorded(recorded)?;
    }
    Ok(prev)
}
