//! [`StoredRow`]: a recorded event as the columns of a database row, for adapter
//! authors. Both shipped adapters use it; yours can too.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::port::StoreError;
use crate::envelope::{ChainHash, Recorded, Version};
use crate::id::{ActorId, StreamId};

/// A recorded event as plain columns: what an adapter writes and reads back.
///
/// The time is kept as seconds and nanoseconds, because database timestamps
/// often keep only microseconds and the audit chain hashes nanoseconds; the event
/// is kept as the exact JSON serde writes, so that a verifier outside Rust can
/// recompute the hashed bytes.
///
/// # Example
/// ```
/// use casework::envelope::Recorded;
/// use casework::store::StoredRow;
/// use casework::{ActorId, StreamId, Version};
/// use chrono::{TimeZone, Utc};
/// use uuid::Uuid;
///
/// let stream = StreamId::from_uuid(Uuid::from_u128(1));
/// let at = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
/// let recorded = Recorded::new(stream, Version::new(1), at, ActorId::from_uuid(Uuid::nil()), 42_u32);
/// let row = StoredRow::from_recorded(&recorded)?;
/// assert_eq!(row.event, "42");
/// let back: Recorded<u32> = row.into_recorded::<u32, ()>(stream)?;
/// assert_eq!(back, recorded);
/// # Ok::<(), casework::store::StoreError<()>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRow {
    /// The event's version.
    pub version: i64,
    /// Seconds since the Unix epoch.
    pub at_secs: i64,
    /// Nanoseconds within the second.
    pub at_nanos: i64,
    /// The actor's uuid.
    pub actor: Uuid,
    /// The previous event's hash, as 64 hex digits.
    pub prev_hash: String,
    /// The event's serde JSON.
    pub event: String,
}

impl StoredRow {
    /// The row for a recorded event.
    ///
    /// # Errors
    /// [`StoreError::Malformed`] when the event's serde form fails, or the
    /// version does not fit a signed 64-bit column.
    pub fn from_recorded<Ev: serde::Serialize, E>(
        recorded: &Recorded<Ev>,
    ) -> Result<Self, StoreError<E>> {
        let malformed = |reason: String| StoreError::Malformed {
            stream: recorded.stream,
            reason,
        };
        Ok(Self {
            version: i64::try_from(recorded.version.get())
                .map_err(|_| malformed(format!("{} is too large to store", recorded.version)))?,
            at_secs: recorded.at.timestamp(),
            at_nanos: i64::from(recorded.at.timestamp_subsec_nanos()),
            actor: recorded.actor.as_uuid(),
            prev_hash: recorded.prev_hash.to_string(),
            event: serde_json::to_string(&recorded.event).map_err(|e| malformed(e.to_string()))?,
        })
    }

    /// The recorded event of `stream` this row holds.
    ///
    /// # Errors
    /// [`StoreError::Corrupt`], naming the stream and version, when a column does
    /// not hold what it should.
    pub fn into_recorded<Ev: serde::de::DeserializeOwned, E>(
        self,
        stream: StreamId,
    ) -> Result<Recorded<Ev>, StoreError<E>> {
        let version = Version::new(u64::try_from(self.version).unwrap_or(0));
        let corrupt = |reason: String| StoreError::Corrupt {
            stream,
            version,
            reason,
        };
        if self.version < 1 {
            return Err(corrupt(format!("{} is not a version", self.version)));
        }
        let at = u32::try_from(self.at_nanos)
            .ok()
            .and_then(|nanos| DateTime::<Utc>::from_timestamp(self.at_secs, nanos))
            .ok_or_else(|| {
                corrupt(format!(
                    "time: {}s {}ns is not an instant",
                    self.at_secs, self.at_nanos
                ))
            })?;
        let prev_hash: ChainHash = self
            .prev_hash
            .parse()
            .map_err(|e| corrupt(format!("hash: {e}")))?;
        let event: Ev =
            serde_json::from_str(&self.event).map_err(|e| corrupt(format!("event: {e}")))?;
        Ok(
            Recorded::new(stream, version, at, ActorId::from_uuid(self.actor), event)
                .with_prev_hash(prev_hash),
        )
    }
}
