//! [`InMemoryStore`]: the port implemented over a shared map, for tests, examples
//! and single-process tools.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use super::port::{AsyncCaseStore, CaseStore, ExpectedVersion, StoreError, check_append};
use crate::envelope::{Recorded, Version};
use crate::id::StreamId;

/// An event store in memory. Clones share the same streams, so that threads can
/// race on one stream the way processes race on one database.
///
/// # Example
/// ```
/// use casework::envelope::Recorded;
/// use casework::store::{CaseStore, ExpectedVersion, InMemoryStore, StoreError};
/// use casework::{ActorId, StreamId, Version};
/// use chrono::{TimeZone, Utc};
/// use uuid::Uuid;
///
/// let mut store = InMemoryStore::<&str>::new();
/// let stream = StreamId::from_uuid(Uuid::from_u128(1));
/// let at = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
/// let first = Recorded::new(stream, Version::new(1), at, ActorId::from_uuid(Uuid::nil()), "logged");
///
/// assert_eq!(store.append(stream, ExpectedVersion::NoStream, &[first.clone()]), Ok(Version::new(1)));
/// // A second writer that still expects no stream is refused, and nothing is written.
/// assert_eq!(
///     store.append(stream, ExpectedVersion::NoStream, &[first]),
///     Err(StoreError::Conflict { expected: ExpectedVersion::NoStream, actual: Version::new(1) })
/// );
/// assert_eq!(store.load(stream, Version::ZERO).unwrap().len(), 1);
/// ```
#[derive(Debug)]
pub struct InMemoryStore<Ev> {
    streams: Arc<Mutex<BTreeMap<StreamId, Vec<Recorded<Ev>>>>>,
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
}

impl<Ev: Clone> CaseStore<Ev> for InMemoryStore<Ev> {
    /// The in-memory store cannot fail.
    type Error = core::convert::Infallible;

    fn append(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        events: &[Recorded<Ev>],
    ) -> Result<Version, StoreError<Self::Error>> {
        // A writer that panicked while holding the lock left the map whole:
        // appends are all-or-nothing below.
        // A writer that panicked while holding the lock left the map whole: the
        // batch is cloned before anything is written.
        let mut streams = self.streams.lock().unwrap_or_else(PoisonError::into_inner);
        let actual = streams
            .get(&stream)
            .and_then(|history| history.last())
            .map_or(Version::ZERO, |r| r.version);
        check_append(stream, expected, actual, events)?;
        let batch = events.to_vec();
        let history = streams.entry(stream).or_default();
        history.extend(batch);
        Ok(history.last().map_or(Version::ZERO, |r| r.version))
    }

    fn load(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> Result<Vec<Recorded<Ev>>, StoreError<Self::Error>> {
        let streams = self.streams.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(streams
            .get(&stream)
            .map(|history| {
                history
                    .iter()
                    .filter(|r| r.version > after)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default())
    }

    fn version(&mut self, stream: StreamId) -> Result<Version, StoreError<Self::Error>> {
        let streams = self.streams.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(streams
            .get(&stream)
            .and_then(|history| history.last())
            .map_or(Version::ZERO, |r| r.version))
    }
}

impl<Ev: Clone + Send + Sync> AsyncCaseStore<Ev> for InMemoryStore<Ev> {
    type Error = core::convert::Infallible;

    async fn append(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        events: &[Recorded<Ev>],
    ) -> Result<Version, StoreError<Self::Error>> {
        CaseStore::append(self, stream, expected, events)
    }

    async fn load(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> Result<Vec<Recorded<Ev>>, StoreError<Self::Error>> {
        CaseStore::load(self, stream, after)
    }
}
