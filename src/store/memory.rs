//! [`InMemoryStore`]: the port implemented over a shared map of stored rows,
//! for tests, examples and single-process tools.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::payload::Payload;
use super::port::{
    AsyncCaseStore, CaseStore, ExpectedVersion, Loaded, StoreError, check_append, head_after,
    row_version,
};
use super::row::StoredRow;
use crate::envelope::{ChainHash, Recorded, Version};
use crate::id::StreamId;

/// An event store in memory, keeping each event as the [`StoredRow`] a
/// database would: its payload encoded once, and the audit chain over it.
/// Each row is decoded once, when it is appended, and the event kept beside
/// it, so that `execute` replays without decoding the history every time (a
/// row that does not decode is stored all the same, and its error reported
/// when it is read).
/// Clones share the same streams, so that threads can race on one stream the
/// way processes race on one database.
///
/// # Example
/// ```
/// use casework::envelope::Recorded;
/// use casework::store::{verify_chain, CaseStore, ExpectedVersion, InMemoryStore, StoreError};
/// use casework::{ActorId, StreamId, Version};
/// use chrono::{TimeZone, Utc};
/// use uuid::Uuid;
///
/// let mut store = InMemoryStore::<String>::new();
/// let stream = StreamId::from_uuid(Uuid::from_u128(1));
/// let at = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
/// let first = Recorded::new(stream, Version::new(1), at, ActorId::from_uuid(Uuid::nil()), "logged".to_owned());
///
/// assert_eq!(store.append(stream, ExpectedVersion::NoStream, &[first.clone()]), Ok(Version::new(1)));
/// // A second writer that still expects no stream is refused, and nothing is written.
/// assert_eq!(
///     store.append(stream, ExpectedVersion::NoStream, &[first.clone()]),
///     Err(StoreError::Conflict { expected: ExpectedVersion::NoStream, actual: Version::new(1) })
/// );
/// assert_eq!(store.load(stream, Version::ZERO).unwrap(), vec![first]);
/// // The rows as stored: the payload as written, and the chain over it.
/// let rows = store.load_rows(stream, Version::ZERO).unwrap();
/// assert_eq!(rows[0].payload, br#""logged""#);
/// assert!(verify_chain(stream, &rows).is_ok());
/// ```
#[derive(Debug)]
pub struct InMemoryStore<Ev> {
    streams: Arc<Mutex<BTreeMap<StreamId, Vec<Entry<Ev>>>>>,
}

/// One stored event: its row, and the event read from it.
#[derive(Debug)]
struct Entry<Ev> {
    row: StoredRow,
    read: Option<Recorded<Ev>>,
}

impl<Ev: Payload + Clone> Entry<Ev> {
    /// The entry of a row just appended, decoded.
    fn new(row: &StoredRow) -> Self {
        Self {
            row: row.clone(),
            read: row.decode::<Ev, core::convert::Infallible>().ok(),
        }
    }

    /// Removes the row's personal part, as erased by the event at `by`, and
    /// reads the event again without it.
    fn erase(&mut self, by: i64) {
        if self.row.erase(by) {
            *self = Self::new(&self.row);
        }
    }

    /// The event the row holds.
    fn event<E>(&self) -> Result<Recorded<Ev>, StoreError<E>> {
        match &self.read {
            Some(read) => Ok(read.clone()),
            None => self.row.decode(),
        }
    }
}

impl<Ev> Clone for InMemoryStore<Ev> {
    fn clone(&self) -> Self {
        Self {
            streams: Arc::clone(&self.streams),
        }
    }
}

impl<Ev> Default for InMemoryStore<Ev> {
    fn default() -> Self {
        Self {
            streams: Arc::new(Mutex::new(BTreeMap::new())),
        }
    }
}

impl<Ev> InMemoryStore<Ev> {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The streams, locked. A writer that panicked while holding the lock
    /// left the map whole: the checks come before anything is written.
    fn streams(&self) -> MutexGuard<'_, BTreeMap<StreamId, Vec<Entry<Ev>>>> {
        self.streams.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<Ev: Payload + Clone> CaseStore<Ev> for InMemoryStore<Ev> {
    /// The in-memory store cannot fail.
    type Error = core::convert::Infallible;

    fn append_rows(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        rows: &[StoredRow],
    ) -> Result<Version, StoreError<Self::Error>> {
        let mut streams = self.streams();
        let actual = last_version(streams.get(&stream));
        check_append(stream, expected, actual, rows)?;
        let history = streams.entry(stream).or_default();
        history.extend(rows.iter().map(Entry::new));
        for row in rows {
            for &erased in &row.erases {
                let at = usize::try_from(erased.wrapping_sub(1)).ok();
                if let Some(entry) = at.and_then(|at| history.get_mut(at)) {
                    entry.erase(row.version);
                }
            }
        }
        Ok(last_version(Some(history)))
    }

    fn load_rows(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> Result<Vec<StoredRow>, StoreError<Self::Error>> {
        let streams = self.streams();
        Ok(entries_after(streams.get(&stream), after)
            .map(|entry| entry.row.clone())
            .collect())
    }

    fn version(&mut self, stream: StreamId) -> Result<Version, StoreError<Self::Error>> {
        Ok(last_version(self.streams().get(&stream)))
    }

    fn load(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> Result<Vec<Recorded<Ev>>, StoreError<Self::Error>>
    where
        Ev: Payload,
    {
        let streams = self.streams();
        entries_after(streams.get(&stream), after)
            .map(Entry::event)
            .collect()
    }

    fn load_with_head(&mut self, stream: StreamId) -> Loaded<Ev, Self::Error>
    where
        Ev: Payload,
    {
        let streams = self.streams();
        let Some(history) = streams.get(&stream) else {
            return Ok((Vec::new(), ChainHash::ZERO));
        };
        let events = history.iter().map(Entry::event).collect::<Result<_, _>>()?;
        Ok((events, head_after(history.last().map(|last| &last.row))?))
    }
}

/// The entries of a stream's `history` (none for a stream that does not
/// exist) with versions above `after`, in order.
fn entries_after<Ev>(
    history: Option<&Vec<Entry<Ev>>>,
    after: Version,
) -> impl Iterator<Item = &Entry<Ev>> {
    history
        .into_iter()
        .flatten()
        .filter(move |entry| row_version(Some(&entry.row)) > after)
}

/// The version of a stream's last entry, [`Version::ZERO`] for none.
fn last_version<Ev>(history: Option<&Vec<Entry<Ev>>>) -> Version {
    row_version(history.and_then(|h| h.last()).map(|entry| &entry.row))
}

impl<Ev: Payload + Clone + Send + Sync> AsyncCaseStore<Ev> for InMemoryStore<Ev> {
    type Error = core::convert::Infallible;

    async fn append_rows(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        rows: &[StoredRow],
    ) -> Result<Version, StoreError<Self::Error>> {
        CaseStore::<Ev>::append_rows(self, stream, expected, rows)
    }

    async fn load_rows(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> Result<Vec<StoredRow>, StoreError<Self::Error>> {
        CaseStore::<Ev>::load_rows(self, stream, after)
    }

    async fn version(&mut self, stream: StreamId) -> Result<Version, StoreError<Self::Error>> {
        CaseStore::<Ev>::version(self, stream)
    }

    async fn load(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> Result<Vec<Recorded<Ev>>, StoreError<Self::Error>>
    where
        Ev: Payload,
    {
        CaseStore::<Ev>::load(self, stream, after)
    }

    async fn load_with_head(&mut self, stream: StreamId) -> Loaded<Ev, Self::Error>
    where
        Ev: Payload,
    {
        CaseStore::<Ev>::load_with_head(self, stream)
    }
}
