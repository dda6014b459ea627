//! [`StoredRow`]: a stored event as the columns of a database row. It is what
//! the storage port appends and loads, what the audit chain links and what its
//! verifier reads; adapters write its fields as columns and read them back.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::chain::{ChainError, Header};
use super::payload::{Payload, read};
use super::port::StoreError;
use crate::envelope::{Recorded, Version};
use crate::id::ActorId;

/// A stored event, as plain columns: the envelope, the chain rule and link,
/// and the payload bytes exactly as written.
///
/// The fields are the raw columns (signed integers, hex text) so that the
/// verifier ([`verify_chain`](super::verify_chain)) can read any row a
/// database hands back, and refuse a hostile one with a typed error instead
/// of trusting it. Rows are made by [`link`](super::link) (which
/// [`execute`](super::execute) and [`CaseStore::append`](super::CaseStore::append)
/// call), never edited, and read back into events with
/// [`decode`](Self::decode).
///
/// The time is kept as seconds and nanoseconds, because database timestamps
/// often keep only microseconds and the chain hashes nanoseconds.
///
/// # Example
/// ```
/// use casework::envelope::{ChainHash, Recorded};
/// use casework::store::{link, verify_chain, StoredRow, CHAIN_V2, JSON_V1};
/// use casework::{ActorId, StreamId, Version};
/// use chrono::{TimeZone, Utc};
/// use uuid::Uuid;
///
/// let stream = StreamId::from_uuid(Uuid::from_u128(1));
/// let at = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
/// let recorded = Recorded::new(stream, Version::new(1), at, ActorId::from_uuid(Uuid::nil()), 42_u32);
/// let rows: Vec<StoredRow> = link(ChainHash::ZERO, std::slice::from_ref(&recorded))?;
/// let row = &rows[0];
/// assert_eq!((row.chain, row.encoding, row.payload.as_slice()), (CHAIN_V2, i64::from(JSON_V1), &b"42"[..]));
/// assert_eq!(row.decode::<u32, std::convert::Infallible>()?, recorded);
/// assert_eq!(verify_chain(stream, &rows)?.head.to_string(), *row.hash.as_ref().unwrap());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRow {
    /// The stream's uuid.
    pub stream: Uuid,
    /// The event's version: 1, 2, 3, … in its stream.
    pub version: i64,
    /// Seconds since the Unix epoch.
    pub at_secs: i64,
    /// Nanoseconds within the second.
    pub at_nanos: i64,
    /// The actor's uuid.
    pub actor: Uuid,
    /// The chain rule the row was linked by: [`CHAIN_V2`](super::CHAIN_V2)
    /// for every row written now, [`CHAIN_V1`](super::CHAIN_V1) for rows
    /// written before it (a migrated table's default).
    pub chain: i64,
    /// The payload's encoding ([`Payload::ENCODING`]); 1 for chain-v1 rows.
    pub encoding: i64,
    /// The event as its encoder wrote it, byte for byte.
    pub payload: Vec<u8>,
    /// The SHA-256 of the event's separable personal part ([`personal`](Self::personal)),
    /// as 64 hex digits; `None` when it has none. The chain hashes this
    /// digest, not the part, so that the part can later be erased while the
    /// chain still verifies.
    pub personal_digest: Option<String>,
    /// The event's personal part, as written ([`Payload::personal_fields`]):
    /// free text that may name or describe a person. `None` when the event
    /// has none, or once it was erased.
    pub personal: Option<Vec<u8>>,
    /// The version of the event that erased this row's personal part; `None`
    /// until one does. Set by the store, in the transaction that appends the
    /// erasing event, and never otherwise.
    pub erased_by: Option<i64>,
    /// The versions whose personal parts this row's event erases
    /// ([`Payload::erases`]), in ascending order; empty for every other event.
    /// A store appending this row removes those parts, in the same
    /// transaction ([`CaseStore::append_rows`](super::CaseStore::append_rows)).
    /// The chain covers it (field 10 of the canonical bytes): the verifier
    /// accepts a removed personal part only when an erasure names it.
    pub erases: Vec<i64>,
    /// The previous event's hash, as 64 hex digits (zeros for the first).
    pub prev_hash: String,
    /// This row's own hash, as 64 hex digits: what the next row links to.
    /// Chain-v1 rows did not store it (`None`).
    pub hash: Option<String>,
}

impl StoredRow {
    /// Removes the row's personal part as erased by the event at version
    /// `by`, as an adapter does for each version in an appended row's
    /// [`erases`](Self::erases); returns whether there was a part to remove.
    /// A row with none, or already erased, is left as it is.
    pub fn erase(&mut self, by: i64) -> bool {
        let erased = self.personal.is_some() && self.erased_by.is_none();
        if erased {
            self.personal = None;
            self.erased_by = Some(by);
        }
        erased
    }

    /// The event this row holds, read by its type's [`Payload::decode`] from
    /// the stored encoding. Only the envelope and the payload are read: an
    /// event reads back whatever its chain columns hold, so that a history
    /// whose chain is broken can still be shown. Verifying is
    /// [`verify_chain`](super::verify_chain)'s.
    ///
    /// # Errors
    /// [`StoreError::Corrupt`], naming the stream and version, when an
    /// envelope column does not hold what it should or the payload does not
    /// decode.
    pub fn decode<Ev: Payload, E>(&self) -> Result<Recorded<Ev>, StoreError<E>> {
        let corrupt = |reason: String| StoreError::Corrupt {
            stream: self.stream.into(),
            version: Version::new(u64::try_from(self.version).unwrap_or(0)),
            reason,
        };
        let header = Header::read(self).map_err(|e| match e {
            ChainError::Unreadable { column, reason, .. } => corrupt(format!("{column}: {reason}")),
            other => corrupt(other.to_string()),
        })?;
        let at = DateTime::<Utc>::from_timestamp(header.at_secs, header.at_nanos)
            .ok_or_else(|| corrupt("at: not an instant".to_owned()))?;
        let event = read(header.encoding, &self.payload, self.personal.as_deref())
            .map_err(|e| corrupt(format!("event: {e}")))?;
        Ok(Recorded::new(
            header.stream,
            header.version,
            at,
            ActorId::from_uuid(self.actor),
            event,
        ))
    }
}
