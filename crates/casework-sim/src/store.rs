//! The store the simulated desk writes to: casework's [`InMemoryStore`],
//! wrapped to inject the faults a real database shows: another writer that
//! appends first, a crash before the append, and an append whose
//! acknowledgement is lost.

use std::collections::{BTreeMap, HashMap};

use casework::StreamId;
use casework::envelope::Version;
use casework::store::{CaseStore, ExpectedVersion, InMemoryStore, Payload, StoreError, StoredRow};

/// What went wrong in the backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crash {
    /// The process died before the rows reached the database: nothing written.
    BeforeAppend,
    /// The rows were written, and the process died before it heard so.
    AfterAppend,
}

impl core::fmt::Display for Crash {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::BeforeAppend => "the process crashed before the append",
            Self::AfterAppend => "the process crashed after the append, before it heard so",
        })
    }
}

impl std::error::Error for Crash {}

/// Another writer's append, run just before the armed append.
pub type Racer<Ev> = Box<dyn FnOnce(&mut InMemoryStore<Ev>) -> Vec<casework::Recorded<Ev>>>;

/// [`InMemoryStore`]s, one per shard of streams, with one-shot faults armed
/// by the driver. A shard whose streams are all finished and checked is
/// retired, which frees its memory: a year of a busy desk does not fit in
/// memory at once.
pub struct FaultyStore<Ev> {
    shards: BTreeMap<u32, InMemoryStore<Ev>>,
    shard_of: HashMap<StreamId, u32>,
    race: Option<Racer<Ev>>,
    crash: Option<Crash>,
    /// Events another writer appended during an armed race.
    pub raced: Vec<casework::Recorded<Ev>>,
    /// Rows written whose acknowledgement was lost, by stream.
    pub unacknowledged: HashMap<StreamId, usize>,
}

impl<Ev> core::fmt::Debug for FaultyStore<Ev> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("FaultyStore")
            .field("shards", &self.shards.len())
            .field("armed_race", &self.race.is_some())
            .field("crash", &self.crash)
            .finish_non_exhaustive()
    }
}

impl<Ev> Default for FaultyStore<Ev> {
    fn default() -> Self {
        Self {
            shards: BTreeMap::new(),
            shard_of: HashMap::new(),
            race: None,
            crash: None,
            raced: Vec::new(),
            unacknowledged: HashMap::new(),
        }
    }
}

impl<Ev> FaultyStore<Ev> {
    /// Puts `stream` in `shard`, before its first event.
    pub fn assign(&mut self, stream: StreamId, shard: u32) {
        self.shard_of.insert(stream, shard);
    }

    /// The store that holds `stream`, without faults, as an auditor reads it.
    pub fn shard(&mut self, stream: StreamId) -> &mut InMemoryStore<Ev> {
        let shard = self.shard_of.get(&stream).copied().unwrap_or(u32::MAX);
        self.shards.entry(shard).or_default()
    }

    /// Forgets the shard and its streams.
    pub fn retire(&mut self, shard: u32, streams: &[StreamId]) {
        self.shards.remove(&shard);
        for stream in streams {
            self.shard_of.remove(stream);
            self.unacknowledged.remove(stream);
        }
    }

    /// Another writer appends `racer`'s events just before the next append.
    pub fn race(&mut self, racer: Racer<Ev>) {
        self.race = Some(racer);
    }

    /// The next append crashes.
    pub const fn crash(&mut self, crash: Crash) {
        self.crash = Some(crash);
    }

    /// Disarms what the last command did not trigger.
    pub fn disarm(&mut self) {
        self.race = None;
        self.crash = None;
    }
}

impl<Ev: Payload + Clone> CaseStore<Ev> for FaultyStore<Ev> {
    type Error = Crash;

    fn append_rows(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        rows: &[StoredRow],
    ) -> Result<Version, StoreError<Crash>> {
        if let Some(racer) = self.race.take() {
            let raced = racer(self.shard(stream));
            self.raced.extend(raced);
        }
        match self.crash.take() {
            Some(Crash::BeforeAppend) => Err(StoreError::Backend(Crash::BeforeAppend)),
            Some(Crash::AfterAppend) => {
                let shard = self.shard(stream);
                shard.append_rows(stream, expected, rows).map_err(widen)?;
                *self.unacknowledged.entry(stream).or_default() += rows.len();
                Err(StoreError::Backend(Crash::AfterAppend))
            }
            None => self
                .shard(stream)
                .append_rows(stream, expected, rows)
                .map_err(widen),
        }
    }

    fn load_rows(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> Result<Vec<StoredRow>, StoreError<Crash>> {
        self.shard(stream).load_rows(stream, after).map_err(widen)
    }

    fn version(&mut self, stream: StreamId) -> Result<Version, StoreError<Crash>> {
        self.shard(stream).version(stream).map_err(widen)
    }

    fn load_with_head(&mut self, stream: StreamId) -> casework::store::Loaded<Ev, Crash> {
        self.shard(stream).load_with_head(stream).map_err(widen)
    }
}

/// The in-memory store's errors, which cannot be the backend's, as this store's.
fn widen(error: StoreError<core::convert::Infallible>) -> StoreError<Crash> {
    error.map_backend(|never| match never {})
}
