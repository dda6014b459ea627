//! The store the simulated desk writes to: casework's [`InMemoryStore`],
//! wrapped to inject the faults a real database shows: another writer that
//! appends first, a crash before the append, and an append whose
//! acknowledgement is lost.

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

/// An [`InMemoryStore`] with one-shot faults armed by the driver.
pub struct FaultyStore<Ev> {
    inner: InMemoryStore<Ev>,
    race: Option<Racer<Ev>>,
    crash: Option<Crash>,
    /// Events another writer appended during an armed race.
    pub raced: Vec<casework::Recorded<Ev>>,
    /// Rows written whose acknowledgement was lost, per append.
    pub unacknowledged: Vec<(StreamId, Version, usize)>,
    /// Appends refused because another writer came first.
    pub conflicts: u64,
}

impl<Ev> core::fmt::Debug for FaultyStore<Ev> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("FaultyStore")
            .field("armed_race", &self.race.is_some())
            .field("crash", &self.crash)
            .field("conflicts", &self.conflicts)
            .finish_non_exhaustive()
    }
}

impl<Ev> Default for FaultyStore<Ev> {
    fn default() -> Self {
        Self {
            inner: InMemoryStore::new(),
            race: None,
            crash: None,
            raced: Vec::new(),
            unacknowledged: Vec::new(),
            conflicts: 0,
        }
    }
}

impl<Ev> FaultyStore<Ev> {
    /// The store without faults, as an auditor reads it.
    pub const fn inner(&mut self) -> &mut InMemoryStore<Ev> {
        &mut self.inner
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
            let raced = racer(&mut self.inner);
            self.raced.extend(raced);
        }
        match self.crash.take() {
            Some(Crash::BeforeAppend) => return Err(StoreError::Backend(Crash::BeforeAppend)),
            Some(Crash::AfterAppend) => {
                let version = self
                    .inner
                    .append_rows(stream, expected, rows)
                    .map_err(widen)?;
                self.unacknowledged.push((stream, version, rows.len()));
                return Err(StoreError::Backend(Crash::AfterAppend));
            }
            None => {}
        }
        let appended = self
            .inner
            .append_rows(stream, expected, rows)
            .map_err(widen);
        if matches!(appended, Err(StoreError::Conflict { .. })) {
            self.conflicts += 1;
        }
        appended
    }

    fn load_rows(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> Result<Vec<StoredRow>, StoreError<Crash>> {
        self.inner.load_rows(stream, after).map_err(widen)
    }

    fn version(&mut self, stream: StreamId) -> Result<Version, StoreError<Crash>> {
        self.inner.version(stream).map_err(widen)
    }

    fn load_with_head(&mut self, stream: StreamId) -> casework::store::Loaded<Ev, Crash> {
        self.inner.load_with_head(stream).map_err(widen)
    }
}

/// The in-memory store's errors, which cannot be the backend's, as this store's.
fn widen(error: StoreError<core::convert::Infallible>) -> StoreError<Crash> {
    error.map_backend(|never| match never {})
}
