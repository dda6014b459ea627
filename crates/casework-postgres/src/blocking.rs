//! [`PgStore`]: the sync port, as a thin wrapper that owns a current-thread
//! tokio runtime and an [`AsyncPgStore`] over a one-connection pool, and
//! blocks on its futures. It sends no SQL of its own.

use casework::store::{CaseStore, ExpectedVersion, StoreError, StoredRow};
use casework::{StreamId, Version};
use tokio::runtime::{Builder, Runtime};

use crate::{AsyncPgStore, PgError, pool};

/// The events of casework records in one PostgreSQL table, used
/// synchronously: [`CaseStore`] for every event type, on one connection.
///
/// It runs [`AsyncPgStore`] on a current-thread tokio runtime of its own, as
/// the `postgres` crate runs tokio-postgres, so that both stores share every
/// statement and every row's mapping. Like the `postgres` crate's client, it
/// must not be used from inside an async runtime (tokio refuses to block a
/// runtime's thread, with a panic): async code takes [`AsyncPgStore`].
/// Open one store per thread.
///
/// # Example
/// ```no_run
/// use casework::case::Event;
/// use casework::store::CaseStore;
/// use casework::{StreamId, Version};
/// use casework_postgres::PgStore;
///
/// let mut cases = PgStore::connect("host=127.0.0.1 user=casework dbname=casework", "case_events")?;
/// let stream = StreamId::from_uuid(uuid::Uuid::from_u128(42));
/// let events = CaseStore::<Event>::load(&mut cases, stream, Version::ZERO)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct PgStore {
    // Dropped before the runtime its connection runs on.
    store: AsyncPgStore,
    runtime: Runtime,
}

impl PgStore {
    /// Connects with a libpq-style `url` (`host=… user=… dbname=…`), creates
    /// `table` if needed and migrates it from an earlier release's schema (see
    /// the crate docs). Keep each record type in a table of its own.
    ///
    /// # Errors
    /// [`PgError::Runtime`] when the runtime cannot be made; otherwise as
    /// [`pool`] and [`AsyncPgStore::new`]: when `url` cannot be parsed, the
    /// connection fails, or `table` is not a plain name (`a`–`z`, `0`–`9`
    /// and `_`, not starting with a digit, at most 63 bytes).
    pub fn connect(url: &str, table: &str) -> Result<Self, PgError> {
        let runtime = Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(PgError::Runtime)?;
        let store = runtime.block_on(AsyncPgStore::new(pool(url, 1)?, table))?;
        Ok(Self { store, runtime })
    }

    /// The table the events are in.
    #[must_use]
    pub fn table(&self) -> &str {
        self.store.table()
    }
}

impl<Ev> CaseStore<Ev> for PgStore {
    type Error = PgError;

    fn append_rows(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        rows: &[StoredRow],
    ) -> Result<Version, StoreError<Self::Error>> {
        self.runtime
            .block_on(self.store.write_rows(stream, expected, rows))
    }

    fn load_rows(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> Result<Vec<StoredRow>, StoreError<Self::Error>> {
        self.runtime.block_on(self.store.read_rows(stream, after))
    }

    fn version(&mut self, stream: StreamId) -> Result<Version, StoreError<Self::Error>> {
        self.runtime.block_on(self.store.read_version(stream))
    }
}
