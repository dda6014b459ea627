//! The audit chain over stored rows: every [`StoredRow`] holds the hash of the
//! row before it in its stream and its own, so that an edited, removed or
//! reordered event shows, and the verifier names the event that was altered.
//! The chain hashes what was stored (the envelope, the link and a digest of
//! the payload bytes as written), never a re-serialisation of today's types:
//! a history keeps verifying after its event types change, and reading old
//! payloads into today's types is a separate step ([`Payload::decode`]).
//!
//! # The canonical bytes, chain rule 2 (every row written now)
//! A row's hash is SHA-256 over these bytes, in order (170 for a row that
//! erases nothing):
//! 1. the 17 ASCII bytes `casework-chain-v2`, then a zero byte;
//! 2. the stream id: its 16 uuid bytes;
//! 3. the version: 8 bytes, big-endian;
//! 4. the time: seconds since the Unix epoch as 8 bytes, big-endian two's
//!    complement, then the nanoseconds within the second as 4 bytes,
//!    big-endian (1,000,000,000 and above during a leap second);
//! 5. the actor id: its 16 uuid bytes;
//! 6. the previous row's hash: 32 bytes (zeros for the first event);
//! 7. the payload's encoding: 4 bytes, big-endian;
//! 8. the SHA-256 of the payload bytes exactly as stored: 32 bytes;
//! 9. the SHA-256 of the event's separable personal part: 32 bytes, all zeros
//!    when it has none;
//! 10. only for a row whose event erases personal parts (its
//!     [`erases`](StoredRow::erases) column is not empty): the number of
//!     versions it erases as 8 bytes, big-endian, then each version as stored,
//!     8 bytes, big-endian two's complement. A row that erases nothing hashes
//!     the 170 bytes of fields 1 to 9 alone.
//!
//! Fields 1 to 9 have a fixed width and field 10 its length first, so no
//! two rows encode alike. The `erases` column is hashed because the verifier
//! trusts it: it is what tells a part erased by a recorded event from a part
//! removed behind the log's back. The payload
//! itself is not hashed, only its digest, and likewise the personal part: a
//! part can later be removed (erased) while its digest stays in the chain. A
//! verifier in any language recomputes these bytes from the columns.
//!
//! # Chain rule 1 (rows written before rule 2)
//! Rows written by earlier releases keep verifying by their own rule, from
//! the bytes stored: `casework-chain-v1` and a zero byte, then fields 2 to 6
//! above, then the payload's length as 8 bytes, big-endian, and the payload
//! (the event's compact serde JSON, as the adapter stored it). A rule-1 row
//! erases nothing: one whose `erases` column is not empty is refused
//! ([`ChainError::Unreadable`]). Rule-1 rows
//! stored no hash of their own, so an edit to one shows as a broken link at
//! the next event, not at the edited one ([`ChainError::BrokenLink`]). A
//! stream may run on from rule-1 rows into rule-2 rows, never back.
//!
//! # What is stored per row, and why the verifier can name the altered one
//! Each rule-2 row stores its own hash. The verifier recomputes each row's
//! hash from its columns, link included:
//! - if it differs from the row's stored hash, that row was altered
//!   ([`ChainError::Edited`]);
//! - if the row is intact in itself but links to another hash than the row
//!   before it hashes to, the row before was replaced, content and stored
//!   hash both ([`ChainError::Replaced`]).
//!
//! The last row has no successor: a last row rewritten together with its
//! stored hash, or a deleted tail, shows only against a [`Checkpoint`] kept
//! elsewhere ([`verify_against`]).

use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::payload::{Payload, write};
use super::row::StoredRow;
use crate::envelope::{ChainHash, Recorded, Version};
use crate::id::StreamId;

/// Chain rule 1: the row's hash covers its payload bytes, and the row stores
/// no hash of its own. Rows written before rule 2.
pub const CHAIN_V1: i64 = 1;
/// Chain rule 2: the row's hash covers its payload's digest, and the row
/// stores its own hash. Every row written now.
pub const CHAIN_V2: i64 = 2;

const DOMAIN_V1: &[u8] = b"casework-chain-v1\0";
const DOMAIN_V2: &[u8] = b"casework-chain-v2\0";

/// Why a chain does not verify: the first rule a stored history breaks, in
/// version order, naming the event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChainError {
    /// A column of a stored row does not hold what it should: a version below
    /// 1, a time that is no instant, hex that is not a hash, an unknown chain
    /// rule or encoding, a rule-2 row without its own hash.
    #[error("the row stored as version {version} cannot be read: {column}: {reason}")]
    Unreadable {
        /// The row's version column, as stored.
        version: i64,
        /// The column.
        column: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// An event belongs to another stream.
    #[error("event {version} belongs to stream {found}, not {expected}")]
    WrongStream {
        /// The event's version.
        version: Version,
        /// The stream verified.
        expected: StreamId,
        /// The stream of this event.
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
    /// The event's stored content (envelope, link, encoding, payload or
    /// personal digest) no longer hashes to its own stored hash: this event
    /// was altered.
    #[error("event {version} was altered: its content no longer hashes to its stored hash")]
    Edited {
        /// The altered event.
        version: Version,
    },
    /// The event after this one is intact in itself, but links to another
    /// hash than this one's: this event was replaced, content and stored hash
    /// both (or the next one rewritten with its own hash, which the chain
    /// cannot tell apart).
    #[error("event {version} was replaced: the event after it, intact, links to another {version}")]
    Replaced {
        /// The replaced event.
        version: Version,
    },
    /// A chain-rule-1 event's link does not match the hash of the event
    /// before it: that event was altered, or this one was. Rule-1 rows store
    /// no hash of their own, so the chain cannot tell which; and a first
    /// event that links to anything but zeros.
    #[error("event {version} does not link to the event before it: one of them was altered")]
    BrokenLink {
        /// The event whose link does not match.
        version: Version,
    },
    /// A chain-rule-1 row after a rule-2 row: rows are written by rule 2 since
    /// it exists, so this one was rewritten to escape its own hash.
    #[error("event {version} is a chain-v1 row after chain-v2 rows: it was rewritten")]
    Downgraded {
        /// The event.
        version: Version,
    },
    /// The event's personal part is gone, but no later event of the stream
    /// erased it: it was removed behind the log's back, or its `erased_by`
    /// names an event that erased other versions. (A personal part that
    /// is there but no longer matches its digest is [`ChainError::Edited`].)
    #[error("event {version}'s personal part is gone, and no later event of the stream erased it")]
    PersonalRemoved {
        /// The event.
        version: Version,
    },
    /// An erasure was recorded, but the personal part it erased is still
    /// stored: the store did not apply it.
    #[error("event {version}'s personal part is still stored after its erasure by event {by}")]
    ErasureIncomplete {
        /// The event whose personal part survives.
        version: Version,
        /// The erasing event.
        by: Version,
    },
    /// The stream ends before the checkpoint's version: events were deleted
    /// from its tail (or the stream was truncated).
    #[error(
        "the stream ends at {stored}, before the checkpoint at {checkpoint}: its tail was deleted"
    )]
    Truncated {
        /// The checkpoint's version.
        checkpoint: Version,
        /// The stream's last version as stored.
        stored: Version,
    },
    /// The event at the checkpoint's version does not hash to the checkpoint's
    /// head: it, or the stream up to it, was rewritten since the checkpoint.
    #[error(
        "event {version} does not hash to the checkpoint's head: the stream was rewritten since"
    )]
    DiffersFromCheckpoint {
        /// The checkpoint's version.
        version: Version,
    },
    /// An event could not be written as a payload.
    #[error("event {version} cannot be encoded: {reason}")]
    Unencodable {
        /// The event's version.
        version: Version,
        /// Why.
        reason: String,
    },
}

impl ChainError {
    /// A stable snake_case name of the rule the history breaks.
    #[must_use]
    pub const fn rule(&self) -> &'static str {
        match self {
            ChainError::Unreadable { .. } => "unreadable",
            ChainError::WrongStream { .. } => "wrong_stream",
            ChainError::Gap { .. } => "gap",
            ChainError::Edited { .. } => "edited",
            ChainError::Replaced { .. } => "replaced",
            ChainError::BrokenLink { .. } => "broken_link",
            ChainError::Downgraded { .. } => "downgraded",
            ChainError::PersonalRemoved { .. } => "personal_removed",
            ChainError::ErasureIncomplete { .. } => "erasure_incomplete",
            ChainError::Truncated { .. } => "truncated",
            ChainError::DiffersFromCheckpoint { .. } => "differs_from_checkpoint",
            ChainError::Unencodable { .. } => "unencodable",
        }
    }
}

crate::problem::rule_by_inherent!(ChainError);

/// A stream's head as verified: which stream, how far, and the hash of its
/// last event. Keep it somewhere the database's writers cannot reach (a
/// signed log, another database, a printed report) and check the stream
/// against it later with [`verify_against`]: that catches what the chain
/// alone cannot, an edited or deleted tail.
///
/// Its serde form is `{"stream": "<uuid>", "version": 3, "head": "<64 hex>"}`.
///
/// # Example
/// ```
/// use casework::envelope::{ChainHash, Recorded};
/// use casework::store::{link, verify_against, verify_chain, ChainError, Checkpoint};
/// use casework::{ActorId, StreamId, Version};
/// use chrono::{TimeZone, Utc};
/// use uuid::Uuid;
///
/// let stream = StreamId::from_uuid(Uuid::from_u128(1));
/// let at = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
/// let events: Vec<_> = (1..=3)
///     .map(|v| Recorded::new(stream, Version::new(v), at, ActorId::from_uuid(Uuid::nil()), v))
///     .collect();
/// let mut rows = link(ChainHash::ZERO, &events)?;
/// let checkpoint: Checkpoint = verify_chain(stream, &rows)?;
/// assert_eq!(checkpoint.version, Version::new(3));
///
/// // The last event deleted: the chain alone cannot tell, the checkpoint can.
/// rows.pop();
/// assert!(verify_chain(stream, &rows).is_ok());
/// assert_eq!(
///     verify_against(&rows, &checkpoint),
///     Err(ChainError::Truncated { checkpoint: Version::new(3), stored: Version::new(2) })
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Checkpoint {
    /// The stream.
    pub stream: StreamId,
    /// Its version when verified: the number of its events.
    pub version: Version,
    /// The hash of its event at `version` ([`ChainHash::ZERO`] at
    /// [`Version::ZERO`]).
    pub head: ChainHash,
}

/// Which rule a row was linked by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    V1,
    V2,
}

/// A stored row's envelope columns, read and checked: all that decoding its
/// event needs. An event reads back whatever its chain columns hold, so that
/// a history with a broken chain can still be read and shown.
#[derive(Debug)]
pub(super) struct Header {
    pub(super) stream: StreamId,
    pub(super) version: Version,
    pub(super) at_secs: i64,
    pub(super) at_nanos: u32,
    pub(super) encoding: u32,
}

impl Header {
    /// Reads a row's envelope columns, refusing any that does not hold what it
    /// should.
    pub(super) fn read(row: &StoredRow) -> Result<Self, ChainError> {
        let version = u64::try_from(row.version)
            .ok()
            .filter(|v| *v > 0)
            .map(Version::new)
            .ok_or_else(|| unreadable(row, "version", "versions count from 1".to_owned()))?;
        let at_nanos = u32::try_from(row.at_nanos)
            .ok()
            .filter(|nanos| chrono::DateTime::from_timestamp(row.at_secs, *nanos).is_some())
            .ok_or_else(|| {
                let instant = format!("{}s {}ns is not an instant", row.at_secs, row.at_nanos);
                unreadable(row, "at", instant)
            })?;
        let encoding = u32::try_from(row.encoding)
            .map_err(|_| unreadable(row, "encoding", format!("no encoding {}", row.encoding)))?;
        Ok(Self {
            stream: StreamId::from_uuid(row.stream),
            version,
            at_secs: row.at_secs,
            at_nanos,
            encoding,
        })
    }
}

/// A row whose `column` does not hold what it should.
fn unreadable(row: &StoredRow, column: &'static str, reason: String) -> ChainError {
    ChainError::Unreadable {
        version: row.version,
        column,
        reason,
    }
}

/// A stored row's columns, read and checked: what its hash is computed from.
#[derive(Debug)]
struct Envelope<'r> {
    header: Header,
    actor: Uuid,
    rule: Rule,
    payload: &'r [u8],
    personal: ChainHash,
    erases: &'r [i64],
    prev: ChainHash,
    stored_hash: Option<ChainHash>,
}

impl<'r> Envelope<'r> {
    /// Reads a row's columns, refusing any that does not hold what it should.
    fn read(row: &'r StoredRow) -> Result<Self, ChainError> {
        let header = Header::read(row)?;
        let hash = |column: &'static str, text: &str| {
            text.parse::<ChainHash>()
                .map_err(|e| unreadable(row, column, e.to_string()))
        };
        let rule = match row.chain {
            CHAIN_V1 => Rule::V1,
            CHAIN_V2 => Rule::V2,
            other => return Err(unreadable(row, "chain", format!("no chain rule {other}"))),
        };
        if rule == Rule::V1 && !row.erases.is_empty() {
            let reason = "a chain-v1 row erases nothing".to_owned();
            return Err(unreadable(row, "erases", reason));
        }
        let personal = match &row.personal_digest {
            Some(text) => hash("personal_digest", text)?,
            None => ChainHash::ZERO,
        };
        let stored_hash = match &row.hash {
            Some(text) => Some(hash("hash", text)?),
            None if rule == Rule::V2 => {
                let reason = "a chain-v2 row stores its own hash".to_owned();
                return Err(unreadable(row, "hash", reason));
            }
            None => None,
        };
        Ok(Self {
            header,
            actor: row.actor,
            rule,
            payload: &row.payload,
            personal,
            erases: &row.erases,
            prev: hash("prev_hash", &row.prev_hash)?,
            stored_hash,
        })
    }

    /// The row's hash by its rule, computed from its columns.
    fn compute(&self) -> ChainHash {
        let mut hasher = Sha256::new();
        hasher.update(match self.rule {
            Rule::V1 => DOMAIN_V1,
            Rule::V2 => DOMAIN_V2,
        });
        let header = &self.header;
        hasher.update(header.stream.as_uuid().as_bytes());
        hasher.update(header.version.get().to_be_bytes());
        hasher.update(header.at_secs.to_be_bytes());
        hasher.update(header.at_nanos.to_be_bytes());
        hasher.update(self.actor.as_bytes());
        hasher.update(self.prev.as_bytes());
        match self.rule {
            Rule::V1 => {
                let len = u64::try_from(self.payload.len()).unwrap_or(u64::MAX);
                hasher.update(len.to_be_bytes());
                hasher.update(self.payload);
            }
            Rule::V2 => {
                hasher.update(header.encoding.to_be_bytes());
                hasher.update(digest(self.payload).as_bytes());
                hasher.update(self.personal.as_bytes());
                if !self.erases.is_empty() {
                    let count = u64::try_from(self.erases.len()).unwrap_or(u64::MAX);
                    hasher.update(count.to_be_bytes());
                    for version in self.erases {
                        hasher.update(version.to_be_bytes());
                    }
                }
            }
        }
        ChainHash::from_bytes(hasher.finalize().into())
    }
}

/// The SHA-256 of `bytes`.
fn digest(bytes: &[u8]) -> ChainHash {
    ChainHash::from_bytes(Sha256::digest(bytes).into())
}

/// The hash of a stored row, recomputed from its columns by its chain rule:
/// what the next event links to.
///
/// # Errors
/// [`ChainError::Unreadable`] when a column does not hold what it should.
pub fn hash_row(row: &StoredRow) -> Result<ChainHash, ChainError> {
    Envelope::read(row).map(|envelope| envelope.compute())
}

/// Writes `events`, the next ones of a stream whose last event hashes to
/// `prev`, as stored rows by chain rule 2: each event encoded once
/// ([`Payload::encode`]), hashed over the bytes just written, and linked to
/// the one before. The last row's `hash` is the stream's new head.
///
/// [`execute`](super::execute) and [`CaseStore::append`](super::CaseStore::append)
/// call it; call it yourself to append rows by hand.
///
/// # Errors
/// [`ChainError::Unencodable`] when an event cannot be encoded, or its version
/// does not fit a signed 64-bit column.
pub fn link<Ev: Payload>(
    prev: ChainHash,
    events: &[Recorded<Ev>],
) -> Result<Vec<StoredRow>, ChainError> {
    let mut prev = prev;
    let mut rows = Vec::with_capacity(events.len());
    for recorded in events {
        let unencodable = |reason: String| ChainError::Unencodable {
            version: recorded.version,
            reason,
        };
        let written = write(&recorded.event).map_err(|e| unencodable(e.to_string()))?;
        let too_large = |_| unencodable("a version is too large to store".to_owned());
        let version = i64::try_from(recorded.version.get()).map_err(too_large)?;
        let mut erases = recorded
            .event
            .erases()
            .iter()
            .map(|v| i64::try_from(v.get()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(too_large)?;
        erases.sort_unstable();
        erases.dedup();
        let personal = written.personal.as_deref().map(digest);
        let hash = Envelope {
            header: Header {
                stream: recorded.stream,
                version: recorded.version,
                at_secs: recorded.at.timestamp(),
                at_nanos: recorded.at.timestamp_subsec_nanos(),
                encoding: Ev::ENCODING,
            },
            actor: recorded.actor.as_uuid(),
            rule: Rule::V2,
            payload: &written.payload,
            personal: personal.unwrap_or(ChainHash::ZERO),
            erases: &erases,
            prev,
            stored_hash: None,
        }
        .compute();
        rows.push(StoredRow {
            stream: recorded.stream.as_uuid(),
            version,
            at_secs: recorded.at.timestamp(),
            at_nanos: i64::from(recorded.at.timestamp_subsec_nanos()),
            actor: recorded.actor.as_uuid(),
            chain: CHAIN_V2,
            encoding: i64::from(Ev::ENCODING),
            payload: written.payload,
            personal_digest: personal.map(|d| d.to_string()),
            personal: written.personal,
            erased_by: None,
            erases,
            prev_hash: prev.to_string(),
            hash: Some(hash.to_string()),
        });
        prev = hash;
    }
    Ok(rows)
}

/// Verifies a whole stream as stored: every row of `stream`, versions 1, 2,
/// 3, … and each row's hash recomputed from its columns, checked against its
/// own stored hash and against the next row's link. Works from the rows
/// alone, whatever today's event types look like. Returns the
/// [`Checkpoint`] the stream is at, to keep elsewhere.
///
/// # Errors
/// The first [`ChainError`] found, in version order, naming the altered
/// event where the chain can tell it. Never panics, whatever the rows hold.
///
/// # Example
/// ```
/// use casework::envelope::{ChainHash, Recorded};
/// use casework::store::{link, verify_chain, ChainError};
/// use casework::{ActorId, StreamId, Version};
/// use chrono::{TimeZone, Utc};
/// use uuid::Uuid;
///
/// let stream = StreamId::from_uuid(Uuid::from_u128(1));
/// let actor = ActorId::from_uuid(Uuid::from_u128(2));
/// let at = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
/// let events: Vec<_> = ["logged", "acknowledged", "closed"]
///     .iter()
///     .zip(1..)
///     .map(|(e, v)| Recorded::new(stream, Version::new(v), at, actor, e.to_string()))
///     .collect();
/// let mut rows = link(ChainHash::ZERO, &events)?;
/// assert_eq!(verify_chain(stream, &rows)?.version, Version::new(3));
///
/// // Edit the second event's stored payload: the verifier names v2.
/// rows[1].payload = br#""ignored""#.to_vec();
/// assert_eq!(verify_chain(stream, &rows), Err(ChainError::Edited { version: Version::new(2) }));
/// assert_eq!(verify_chain(stream, &rows).unwrap_err().to_string(),
///            "event v2 was altered: its content no longer hashes to its stored hash");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn verify_chain(stream: StreamId, rows: &[StoredRow]) -> Result<Checkpoint, ChainError> {
    walk(stream, rows, |_, _| {}).map(|verified| verified.checkpoint)
}

/// Verifies a stream as [`verify_chain`] does, and reports what it found
/// erased: each event whose personal part is gone, and the event that erased
/// it ("v3 erased by v9").
///
/// # Errors
/// As [`verify_chain`].
///
/// # Example
/// See [`Verified`].
pub fn verify_history(stream: StreamId, rows: &[StoredRow]) -> Result<Verified, ChainError> {
    walk(stream, rows, |_, _| {})
}

/// A stream as verified by [`verify_history`]: its checkpoint, and the
/// events whose personal parts were erased, in version order.
///
/// # Example
/// A note's text erased by a later event: the chain still verifies, and
/// reports the note as erased by it.
/// ```
/// use casework::case::{Event, NoteVisibility};
/// use casework::envelope::{ChainHash, Recorded};
/// use casework::store::{link, verify_history, ERASED};
/// use casework::{ActorId, StreamId, Version};
/// use chrono::{TimeZone, Utc};
/// use uuid::Uuid;
///
/// let stream = StreamId::from_uuid(Uuid::from_u128(1));
/// let at = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
/// let note = Event::NoteAdded { text: "Ms Doe called from 555-0100".into(), visibility: NoteVisibility::Internal };
/// let mut rows = link(ChainHash::ZERO, &[Recorded::new(stream, Version::new(1), at, ActorId::from_uuid(Uuid::nil()), note)])?;
/// assert!(rows[0].personal.is_some());
/// assert!(!String::from_utf8_lossy(&rows[0].payload).contains("Doe"));
///
/// // What a store does when it appends an erasure of v1 as v2.
/// let erasure = Event::PersonalDataErased {
///     versions: vec![Version::new(1)],
///     basis: casework::case::ErasureBasis::Request { reason: "GDPR request 2026-81".into() },
/// };
/// let head = rows[0].hash.as_ref().unwrap().parse::<ChainHash>()?;
/// rows.extend(link(head, &[Recorded::new(stream, Version::new(2), at, ActorId::from_uuid(Uuid::nil()), erasure)])?);
/// rows[0].personal = None;
/// rows[0].erased_by = Some(2);
///
/// let verified = verify_history(stream, &rows)?;
/// assert_eq!(verified.erased[0].to_string(), "v1 erased by v2");
/// let Event::NoteAdded { text, .. } = rows[0].decode::<Event, std::convert::Infallible>()?.event else { unreachable!() };
/// assert_eq!(text, ERASED);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verified {
    /// Where the stream is: keep it to check the stream against later.
    pub checkpoint: Checkpoint,
    /// The events whose personal parts were erased.
    pub erased: Vec<Erased>,
}

/// An event whose personal part was erased, and the event that erased it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Erased {
    /// The event whose personal part is gone.
    pub version: Version,
    /// The erasure.
    pub by: Version,
}

impl core::fmt::Display for Erased {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{} erased by {}", self.version, self.by)
    }
}

/// Verifies a stream as [`verify_chain`] does, and then against a
/// [`Checkpoint`] taken earlier: the stream must still reach the
/// checkpoint's version, and its event there must still hash to the
/// checkpoint's head. Events appended since are fine. Returns the stream's
/// checkpoint now.
///
/// # Errors
/// The first [`ChainError`] of the chain itself; then
/// [`ChainError::Truncated`] when the stream ends before the checkpoint, and
/// [`ChainError::DiffersFromCheckpoint`] when its event at the checkpoint's
/// version hashes to another head: an edited last event whose stored hash was
/// rewritten too, or a stream rewritten from some earlier event on.
///
/// # Example
/// See [`Checkpoint`].
pub fn verify_against(
    rows: &[StoredRow],
    checkpoint: &Checkpoint,
) -> Result<Checkpoint, ChainError> {
    let mut anchored = (checkpoint.version == Version::ZERO).then_some(ChainHash::ZERO);
    let now = walk(checkpoint.stream, rows, |version, hash| {
        if version == checkpoint.version {
            anchored = Some(hash);
        }
    })?
    .checkpoint;
    match anchored {
        None => Err(ChainError::Truncated {
            checkpoint: checkpoint.version,
            stored: now.version,
        }),
        Some(head) if head != checkpoint.head => Err(ChainError::DiffersFromCheckpoint {
            version: checkpoint.version,
        }),
        Some(_) => Ok(now),
    }
}

/// The verifier: checks each row in turn, telling `each` every event's hash,
/// and then the erasures.
fn walk(
    stream: StreamId,
    rows: &[StoredRow],
    mut each: impl FnMut(Version, ChainHash),
) -> Result<Verified, ChainError> {
    let mut prev = ChainHash::ZERO;
    let mut expected = Version::ZERO;
    let mut since_v2 = false;
    let mut erased = Vec::new();
    for row in rows {
        let envelope = Envelope::read(row)?;
        let version = envelope.header.version;
        let before = expected;
        expected = expected.next();
        if envelope.header.stream != stream {
            return Err(ChainError::WrongStream {
                version,
                expected: stream,
                found: envelope.header.stream,
            });
        }
        if version != expected {
            return Err(ChainError::Gap {
                expected,
                found: version,
            });
        }
        match envelope.rule {
            Rule::V1 if since_v2 => return Err(ChainError::Downgraded { version }),
            Rule::V1 => {}
            Rule::V2 => since_v2 = true,
        }
        let hash = envelope.compute();
        if envelope.stored_hash.is_some_and(|stored| stored != hash) {
            return Err(ChainError::Edited { version });
        }
        if envelope.prev != prev {
            // A row intact in itself vouches for its link: the row before it
            // changed. A rule-1 row cannot vouch, nor can the first.
            return Err(
                if envelope.stored_hash.is_some() && before > Version::ZERO {
                    ChainError::Replaced { version: before }
                } else {
                    ChainError::BrokenLink { version }
                },
            );
        }
        if let Some(by) = personal_part(row, &envelope)? {
            erased.push(Erased { version, by });
        }
        each(version, hash);
        prev = hash;
    }
    check_erasures(rows, &erased)?;
    Ok(Verified {
        checkpoint: Checkpoint {
            stream,
            version: expected,
            head: prev,
        },
        erased,
    })
}

/// Checks a row's personal part against the digest its hash covers: the
/// version of the event that erased it, if it is gone.
fn personal_part(row: &StoredRow, envelope: &Envelope<'_>) -> Result<Option<Version>, ChainError> {
    let version = envelope.header.version;
    let by = match row.erased_by {
        None => None,
        Some(by) => Some(
            u64::try_from(by)
                .ok()
                .map(Version::new)
                .filter(|by| *by > version)
                .ok_or_else(|| {
                    unreadable(row, "erased_by", "only a later event erases".to_owned())
                })?,
        ),
    };
    match (&row.personal, row.personal_digest.is_some(), by) {
        (Some(part), true, None) if digest(part) == envelope.personal => Ok(None),
        (Some(_), _, None) => Err(ChainError::Edited { version }),
        (Some(_), _, Some(by)) => Err(ChainError::ErasureIncomplete { version, by }),
        (None, true, None) => Err(ChainError::PersonalRemoved { version }),
        (None, false, Some(_)) => Err(unreadable(
            row,
            "erased_by",
            "the event has no personal part to erase".to_owned(),
        )),
        (None, _, by) => Ok(by),
    }
}

/// Checks that every erased part names an event that erases it, and that
/// every part an event erases is gone. `rows` hold versions 1, 2, 3, … in
/// order, as the walk checked.
fn check_erasures(rows: &[StoredRow], erased: &[Erased]) -> Result<(), ChainError> {
    let row_at = |version: Version| {
        usize::try_from(version.get().wrapping_sub(1))
            .ok()
            .and_then(|i| rows.get(i))
    };
    for e in erased {
        let v = i64::try_from(e.version.get()).unwrap_or(i64::MAX);
        if !row_at(e.by).is_some_and(|by| by.erases.contains(&v)) {
            return Err(ChainError::PersonalRemoved { version: e.version });
        }
    }
    for by in rows.iter().filter(|row| !row.erases.is_empty()) {
        for &v in &by.erases {
            let version = Version::new(u64::try_from(v).unwrap_or(0));
            let target = row_at(version).filter(|_| v > 0 && v < by.version);
            let Some(target) = target else {
                let reason = format!("version {v} is not an earlier event of the stream");
                return Err(unreadable(by, "erases", reason));
            };
            if target.personal.is_some() {
                let by = Version::new(u64::try_from(by.version).unwrap_or(0));
                return Err(ChainError::ErasureIncomplete { version, by });
            }
        }
    }
    Ok(())
}
