//! [`AsyncPgStore`]: the async port over a pool of tokio-postgres
//! connections, and [`pool`], which makes one. It sends the statements of
//! [`schema`](crate::schema) and knows nothing of the columns; it assumes a
//! tokio runtime, but never makes one.

use core::future::Future;
use std::sync::Arc;

use casework::store::{AsyncCaseStore, ExpectedVersion, StoreError, StoredRow, check_append};
use casework::{StreamId, Version};
use deadpool_postgres::{
    Manager, ManagerConfig, Object, Pool, PoolError, RecyclingMethod, Transaction,
};
use tokio_postgres::{IsolationLevel, NoTls};

use crate::PgError;
use crate::schema::{
    Columns, HAS_COLUMN, LOCK, Sql, backend, lock_key, stored_row, version_of, version_param,
};

/// A pool of up to `max_size` connections to the database that `url` names
/// (libpq style: `host=… user=… dbname=…`), without TLS. Connections are made
/// when first needed, on the tokio runtime that asks for them; for TLS or
/// other settings, build a [`deadpool_postgres::Pool`] yourself.
///
/// # Errors
/// [`PgError::Postgres`] when `url` cannot be parsed. Nothing is connected
/// yet, so a database that cannot be reached fails the first call that
/// uses the pool.
pub fn pool(url: &str, max_size: usize) -> Result<Pool, PgError> {
    let config: tokio_postgres::Config = url.parse()?;
    let manager = Manager::from_config(
        config,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    // Building fails only when timeouts are set without a runtime to time
    // them, and none are set here: that error, should it come, says so.
    Pool::builder(manager)
        .max_size(max_size)
        .build()
        .map_err(|_| PgError::Pool(PoolError::NoRuntimeSpecified))
}

/// The events of casework records in one PostgreSQL table, over a pool of
/// connections: [`AsyncCaseStore`] for every event type.
///
/// A handle is cheap to clone (the pool and the statements are shared), and
/// each call takes a connection from the pool for as long as it runs, so
/// that many tasks can write at once: give each task its own clone. It
/// assumes a tokio runtime (the pool's connections run on it).
///
/// # Example
/// ```no_run
/// use casework::envelope::Recorded;
/// use casework::store::{AsyncCaseStore, ExpectedVersion};
/// use casework::{ActorId, StreamId, Version};
/// use casework_postgres::{AsyncPgStore, pool};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let pool = pool("host=127.0.0.1 user=casework dbname=casework", 16)?;
/// let mut notes = AsyncPgStore::new(pool, "note_events").await?;
/// let stream = StreamId::from_uuid(uuid::Uuid::from_u128(42));
/// let actor = ActorId::from_uuid(uuid::Uuid::nil());
/// let at = chrono::DateTime::from_timestamp(1_795_000_000, 0).ok_or("time")?;
/// let first = Recorded::new(stream, Version::new(1), at, actor, "logged".to_owned());
///
/// // Another task writes through its own clone, on a connection of its own.
/// let mut writer = notes.clone();
/// tokio::spawn(async move { writer.append(stream, ExpectedVersion::NoStream, &[first]).await })
///     .await??;
/// let events: Vec<Recorded<String>> = notes.load(stream, Version::ZERO).await?;
/// assert_eq!(events[0].event, "logged");
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct AsyncPgStore {
    pool: Pool,
    sql: Arc<Sql>,
}

impl AsyncPgStore {
    /// The store over `pool` for `table`, which it creates if needed and
    /// migrates from an earlier release's schema (see the crate docs). Keep
    /// each record type in a table of its own.
    ///
    /// # Errors
    /// [`PgError::TableName`] when `table` is not a plain name (`a`–`z`,
    /// `0`–`9` and `_`, not starting with a digit, at most 63 bytes);
    /// [`PgError::Pool`] when no connection can be had;
    /// [`PgError::Postgres`] when creating or migrating the table fails.
    pub async fn new(pool: Pool, table: &str) -> Result<Self, PgError> {
        let sql = Sql::new(table)?;
        let client = pool.get().await?;
        // The table as chain rule 1 made it, then the migrations: a new table
        // and an old one take the same path.
        client.batch_execute(&sql.create).await?;
        for (column, migration) in &sql.migrations {
            let has_column = client.query_opt(HAS_COLUMN, &[&sql.table, column]).await?;
            if has_column.is_none() {
                client.batch_execute(migration).await?;
            }
        }
        drop(client);
        Ok(Self {
            pool,
            sql: Arc::new(sql),
        })
    }

    /// The table the events are in.
    #[must_use]
    pub fn table(&self) -> &str {
        &self.sql.table
    }

    /// The pool the store takes its connections from.
    #[must_use]
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// A connection from the pool.
    async fn connection(&self) -> Result<Object, StoreError<PgError>> {
        self.pool
            .get()
            .await
            .map_err(|e| StoreError::Backend(PgError::Pool(e)))
    }

    /// [`AsyncCaseStore::append_rows`] for any event type.
    pub(crate) async fn write_rows(
        &self,
        stream: StreamId,
        expected: ExpectedVersion,
        rows: &[StoredRow],
    ) -> Result<Version, StoreError<PgError>> {
        let mut client = self.connection().await?;
        // READ COMMITTED whatever the server's default: the version read below
        // must see what the writer before us committed while we waited.
        let tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::ReadCommitted)
            .start()
            .await
            .map_err(backend)?;
        let appended = self.append_in(&tx, stream, expected, rows).await;
        // The transaction ends here, whatever happened, so that the stream's
        // lock is free when this returns. Dropped, it would roll back only
        // when its connection is next driven: never, on an idle runtime.
        match appended {
            Ok(version) => {
                tx.commit().await.map_err(backend)?;
                Ok(version)
            }
            Err(refused) => {
                // The first error is the one to report. A rollback fails
                // only with its connection, which the pool then discards.
                tx.rollback().await.ok();
                Err(refused)
            }
        }
    }

    /// The append inside its transaction: the stream's lock, its version, the
    /// checks, every row, and the erasures the rows make.
    async fn append_in(
        &self,
        tx: &Transaction<'_>,
        stream: StreamId,
        expected: ExpectedVersion,
        rows: &[StoredRow],
    ) -> Result<Version, StoreError<PgError>> {
        let lock = tx.prepare_cached(LOCK).await.map_err(backend)?;
        let (space, key) = lock_key(stream);
        tx.execute(&lock, &[&space, &key]).await.map_err(backend)?;
        // A statement of its own, after the lock: its snapshot is taken once
        // the writer before us has committed.
        let version = tx
            .prepare_cached(&self.sql.version)
            .await
            .map_err(backend)?;
        let actual = version_of(
            &tx.query_one(&version, &[&stream.as_uuid()])
                .await
                .map_err(backend)?,
        )?;
        check_append(stream, expected, actual, rows)?;
        let insert = tx.prepare_cached(&self.sql.insert).await.map_err(backend)?;
        for row in rows {
            let columns = Columns::of(stream, row)?;
            tx.execute(&insert, &columns.params())
                .await
                .map_err(backend)?;
            // An erasure removes the parts it names with its own append.
            if let Some(erasure) = columns.erasure() {
                let erase = tx.prepare_cached(&self.sql.erase).await.map_err(backend)?;
                tx.execute(&erase, &erasure).await.map_err(backend)?;
            }
        }
        Ok(rows.last().map_or(actual, |row| {
            Version::new(u64::try_from(row.version).unwrap_or(0))
        }))
    }

    /// [`AsyncCaseStore::load_rows`] for any event type.
    pub(crate) async fn read_rows(
        &self,
        stream: StreamId,
        after: Version,
    ) -> Result<Vec<StoredRow>, StoreError<PgError>> {
        let client = self.connection().await?;
        let load = client
            .prepare_cached(&self.sql.load)
            .await
            .map_err(backend)?;
        client
            .query(&load, &[&stream.as_uuid(), &version_param(after)])
            .await
            .map_err(backend)?
            .iter()
            .map(|row| stored_row(stream, row))
            .collect()
    }

    /// [`AsyncCaseStore::version`] for any event type, in one query.
    pub(crate) async fn read_version(
        &self,
        stream: StreamId,
    ) -> Result<Version, StoreError<PgError>> {
        let client = self.connection().await?;
        let version = client
            .prepare_cached(&self.sql.version)
            .await
            .map_err(backend)?;
        version_of(
            &client
                .query_one(&version, &[&stream.as_uuid()])
                .await
                .map_err(backend)?,
        )
    }
}

impl<Ev: Send + Sync> AsyncCaseStore<Ev> for AsyncPgStore {
    type Error = PgError;

    fn append_rows(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        rows: &[StoredRow],
    ) -> impl Future<Output = Result<Version, StoreError<Self::Error>>> + Send {
        self.write_rows(stream, expected, rows)
    }

    fn load_rows(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> impl Future<Output = Result<Vec<StoredRow>, StoreError<Self::Error>>> + Send {
        self.read_rows(stream, after)
    }

    fn version(
        &mut self,
        stream: StreamId,
    ) -> impl Future<Output = Result<Version, StoreError<Self::Error>>> + Send {
        self.read_version(stream)
    }
}
