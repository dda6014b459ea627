//! [`InMemoryStore`]: the port implemented over a shared map of stored rows,
//! for tests, examples and single-process tools.

use std::collections::BTreeMap;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, PoisonError};

use super::port::{
    AsyncCaseStore, CaseStore, ExpectedVersion, StoreError, check_append, row_version,
};
use super::row::StoredRow;
use crate::envelope::Version;
use crate::id::StreamId;

/// An event store in memory, keeping each event as the [`StoredRow`] a
/// database would: its payload encoded once, and the audit chain over it.
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
    streams: Arc<Mutex<BTreeMap<StreamId, Vec<StoredRow>>>>,
    events: PhantomData<fn() -> Ev>,
}

impl<Ev> Clone for InMemoryStore<Ev> {
    fn clone(&self) -> Self {
        Self {
            streams: Arc::clone(&self.streams),
            events: PhantomData,
        }
    }
}

impl<Ev> Default for InMemoryStore<Ev> {
    fn default() -> Self {
        Self {
            streams: Arc::new(Mutex::new(BTreeMap::new())),
            events: PhantomData,
        }
    }
}

impl<Ev> InMemoryStore<Ev> {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}

impl<Ev> CaseStore<Ev> for InMemoryStore<Ev> {
    /// The in-memory store cannot fail.
    type Error = core::convert::Infallible;

    fn append_rows(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        rows: &[StoredRow],
    ) -> Result<Version, StoreError<Self::Error>> {
        // A writer that panicked while holding the lock left the map whole:
        // the checks come before anything is written.
        let mut streams = self.streams.lock().unwrap_or_else(PoisonError::into_inner);
        let actual = row_version(streams.get(&stream).and_then(|history| history.last()));
        check_append(stream, expected, actual, rows)?;
        let history = streams.entry(stream).or_default();
        history.extend_from_slice(rows);
        Ok(row_version(history.last()))
    }

    fn load_rows(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> Result<Vec<StoredRow>, StoreError<Self::Error>> {
        let streams = self.streams.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(streams
            .get(&stream)
            .map(|history| {
                history
                    .iter()
                    .filter(|r| row_version(Some(r)) > after)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default())
    }

    fn version(&mut self, stream: StreamId) -> Result<Version, StoreError<Self::Error>> {
        let streams = self.streams.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(row_version(
            streams.get(&stream).and_then(|history| history.last()),
        ))
    }
}

impl<Ev: Send + Sync> AsyncCaseStore<Ev> for InMemoryStore<Ev> {
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
}
