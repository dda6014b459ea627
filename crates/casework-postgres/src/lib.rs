//! PostgreSQL storage for casework's event-sourced records.
//!
//! [`PgStore`] implements [`CaseStore`] for the events of any casework record and
//! passes the conformance suite that `casework::testkit` ships. It is the path for
//! desks that outgrow one machine.
//!
//! # Schema and concurrency
//! One table holds every stream of a record type, keyed by `(stream, version)`. An
//! append runs in a READ COMMITTED transaction that takes an advisory lock on its
//! stream, so that writers to one stream queue while writers to others do not wait;
//! it reads the stream's version, refuses if it is not the expected one, and
//! inserts every row or none. The primary key is the backstop: no two rows can
//! hold one version. Each column is a field of casework's
//! [`StoredRow`], written and read back byte for
//! byte: the payload as its encoder wrote it (`payload BYTEA`), times as
//! seconds and nanoseconds (which the chain hashes), the chain rule, the
//! encoding, the link and the row's own hash. A row that cannot be read back
//! is a [`StoreError::Corrupt`] naming the stream and version.
//!
//! A row's personal part is `personal BYTEA` (NULL when the event has none,
//! or once erased), `erased_by BIGINT` names the event that erased it, and
//! `erases BIGINT[]` lists what an erasure erases. An append that stores an
//! erasure removes the personal parts it names in the same transaction.
//!
//! # Migrations
//! [`PgStore::connect`] brings a table written by an earlier release up to
//! date, once: from chain rule 1, it adds `chain` and `encoding` (default 1),
//! `personal_digest`, `hash` and `payload` (NULL), and lets `event` be NULL;
//! then `personal`, `erased_by` (NULL) and `erases` (empty). Rows already
//! stored keep their `event` text and verify by chain rule 1 from it; rows
//! written now fill `payload` and leave `event` NULL.
//!
//! Advisory locks are per server: on a cluster, write each stream through its
//! primary. The table partitions by `stream` (hash partitioning, or a distributed
//! table keyed on `stream` on Citus) without changing a query: every statement
//! names one stream.
//!
//! # Example
//! ```no_run
//! use casework::case::Event;
//! use casework::store::CaseStore;
//! use casework::{StreamId, Version};
//! use casework_postgres::PgStore;
//!
//! let mut cases = PgStore::connect("host=127.0.0.1 user=casework dbname=casework", "case_events")?;
//! let stream = StreamId::from_uuid(uuid::Uuid::from_u128(42));
//! let events = CaseStore::<Event>::load(&mut cases, stream, Version::ZERO)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use casework::store::{CaseStore, ExpectedVersion, StoreError, StoredRow, check_append};
use casework::{StreamId, Version};
use postgres::{Client, IsolationLevel, NoTls};

/// The events of casework records in one PostgreSQL table.
pub struct PgStore {
    client: Client,
    table: String,
}

/// Why the adapter failed.
#[derive(Debug, thiserror::Error)]
pub enum PgError {
    /// The database failed.
    #[error(transparent)]
    Postgres(#[from] postgres::Error),
    /// The table name is not a plain identifier.
    #[error("`{0}` is not a plain table name (a-z, 0-9 and _)")]
    TableName(String),
}

impl PgStore {
    /// Connects with a libpq-style `url` (`host=… user=… dbname=…`) and creates
    /// `table` if needed. Keep each record type in a table of its own.
    ///
    /// # Errors
    /// When the connection fails, or `table` is not a plain name (`a`–`z`, `0`–`9`
    /// and `_`, not starting with a digit, at most 63 bytes).
    pub fn connect(url: &str, table: &str) -> Result<Self, PgError> {
        let plain = !table.is_empty()
            && table.len() <= 63
            && !table.starts_with(|c: char| c.is_ascii_digit())
            && table
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !plain {
            return Err(PgError::TableName(table.to_owned()));
        }
        let mut client = Client::connect(url, NoTls)?;
        client.batch_execute(&format!(
            "CREATE TABLE IF NOT EXISTS {table} (
                stream    UUID    NOT NULL,
                version   BIGINT  NOT NULL,
                at_secs   BIGINT  NOT NULL,
                at_nanos  INTEGER NOT NULL,
                actor     UUID    NOT NULL,
                prev_hash TEXT    NOT NULL,
                event     TEXT    NOT NULL,
                PRIMARY KEY (stream, version)
            )"
        ))?;
        // The table as chain rule 1 made it, then the migrations: a new table
        // and an old one take the same path.
        for (column, migration) in MIGRATIONS {
            let migrated = client
                .query_opt(
                    "SELECT 1 FROM information_schema.columns
                     WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2",
                    &[&table, &column],
                )?
                .is_some();
            if !migrated {
                client.batch_execute(&migration.replace("{table}", table))?;
            }
        }
        Ok(Self {
            client,
            table: table.to_owned(),
        })
    }
}

/// The migrations from the table as chain rule 1 made it, in order: each
/// runs once, unless the table has its column already.
const MIGRATIONS: [(&str, &str); 2] = [
    // Chain rule 2.
    (
        "payload",
        "ALTER TABLE {table}
            ADD COLUMN IF NOT EXISTS chain           INTEGER NOT NULL DEFAULT 1,
            ADD COLUMN IF NOT EXISTS encoding        BIGINT  NOT NULL DEFAULT 1,
            ADD COLUMN IF NOT EXISTS personal_digest TEXT,
            ADD COLUMN IF NOT EXISTS hash            TEXT,
            ADD COLUMN IF NOT EXISTS payload         BYTEA,
            ALTER COLUMN event DROP NOT NULL",
    ),
    // Personal parts and their erasure.
    (
        "personal",
        "ALTER TABLE {table}
            ADD COLUMN IF NOT EXISTS personal  BYTEA,
            ADD COLUMN IF NOT EXISTS erased_by BIGINT,
            ADD COLUMN IF NOT EXISTS erases    BIGINT[] NOT NULL DEFAULT '{}'",
    ),
];

fn backend(error: postgres::Error) -> StoreError<PgError> {
    StoreError::Backend(PgError::Postgres(error))
}

/// The advisory-lock keys of a stream: this adapter's key space, and the
/// stream's uuid folded to 32 bits. Streams that share a folded key only queue
/// behind each other; the primary key keeps them correct.
fn lock_key(stream: StreamId) -> (i32, i32) {
    const SPACE: i32 = 0x4341_5345; // "CASE"
    let (high, low) = stream.as_uuid().as_u64_pair();
    let folded = high ^ low;
    let key = ((folded >> 32) ^ (folded & 0xFFFF_FFFF)) as u32;
    (SPACE, i32::from_ne_bytes(key.to_ne_bytes()))
}

impl PgStore {
    /// The table the events are in.
    #[must_use]
    pub fn table(&self) -> &str {
        &self.table
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
        let table = self.table.clone();
        // READ COMMITTED whatever the server's default: the version read below
        // must see what the writer before us committed while we waited.
        let mut tx = self
            .client
            .build_transaction()
            .isolation_level(IsolationLevel::ReadCommitted)
            .start()
            .map_err(backend)?;
        let (space, key) = lock_key(stream);
        tx.execute("SELECT pg_advisory_xact_lock($1, $2)", &[&space, &key])
            .map_err(backend)?;
        let row = tx
            .query_one(
                &format!("SELECT COALESCE(MAX(version), 0) FROM {table} WHERE stream = $1"),
                &[&stream.as_uuid()],
            )
            .map_err(backend)?;
        let actual: i64 = row.try_get(0).map_err(backend)?;
        let actual = Version::new(u64::try_from(actual).unwrap_or(0));
        check_append(stream, expected, actual, rows)?;
        let insert = tx
            .prepare(&format!(
                "INSERT INTO {table} (stream, version, at_secs, at_nanos, actor, prev_hash, payload,
                                      chain, encoding, personal_digest, hash,
                                      personal, erased_by, erases)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
            ))
            .map_err(backend)?;
        let erase = tx
            .prepare(&format!(
                "UPDATE {table} SET personal = NULL, erased_by = $3
                 WHERE stream = $1 AND version = ANY($2)
                   AND personal IS NOT NULL AND erased_by IS NULL"
            ))
            .map_err(backend)?;
        let malformed = |column: &str| StoreError::Malformed {
            stream,
            reason: format!("{column} does not fit its column"),
        };
        for row in rows {
            let nanos = i32::try_from(row.at_nanos).map_err(|_| malformed("at_nanos"))?;
            let chain = i32::try_from(row.chain).map_err(|_| malformed("chain"))?;
            tx.execute(
                &insert,
                &[
                    &row.stream,
                    &row.version,
                    &row.at_secs,
                    &nanos,
                    &row.actor,
                    &row.prev_hash,
                    &row.payload,
                    &chain,
                    &row.encoding,
                    &row.personal_digest,
                    &row.hash,
                    &row.personal,
                    &row.erased_by,
                    &row.erases,
                ],
            )
            .map_err(backend)?;
            if !row.erases.is_empty() {
                tx.execute(&erase, &[&row.stream, &row.erases, &row.version])
                    .map_err(backend)?;
            }
        }
        // Dropping the transaction without committing rolls it back: all or none.
        tx.commit().map_err(backend)?;
        Ok(rows.last().map_or(actual, |r| {
            Version::new(u64::try_from(r.version).unwrap_or(0))
        }))
    }

    fn load_rows(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> Result<Vec<StoredRow>, StoreError<Self::Error>> {
        let rows = self
            .client
            .query(
                &format!(
                    "SELECT version, at_secs, at_nanos, actor, prev_hash, payload, event, \
                            chain, encoding, personal_digest, hash, personal, erased_by, erases \
                     FROM {} \
                     WHERE stream = $1 AND version > $2 ORDER BY version",
                    self.table
                ),
                &[
                    &stream.as_uuid(),
                    &i64::try_from(after.get()).unwrap_or(i64::MAX),
                ],
            )
            .map_err(backend)?;
        let mut stored = Vec::with_capacity(rows.len());
        for row in rows {
            // The version first: every later column that cannot be read is a
            // corrupt event, named by stream and version.
            let version: i64 = row.try_get(0).map_err(backend)?;
            let corrupt = |e: postgres::Error| StoreError::Corrupt {
                stream,
                version: Version::new(u64::try_from(version).unwrap_or(0)),
                reason: e.to_string(),
            };
            // Rule-1 rows keep the JSON text they were written as in `event`.
            let payload: Option<Vec<u8>> = row.try_get(5).map_err(corrupt)?;
            let event: Option<String> = row.try_get(6).map_err(corrupt)?;
            stored.push(StoredRow {
                stream: stream.as_uuid(),
                version,
                at_secs: row.try_get(1).map_err(corrupt)?,
                at_nanos: i64::from(row.try_get::<_, i32>(2).map_err(corrupt)?),
                actor: row.try_get(3).map_err(corrupt)?,
                prev_hash: row.try_get(4).map_err(corrupt)?,
                payload: payload
                    .or_else(|| event.map(String::into_bytes))
                    .unwrap_or_default(),
                chain: i64::from(row.try_get::<_, i32>(7).map_err(corrupt)?),
                encoding: row.try_get(8).map_err(corrupt)?,
                personal_digest: row.try_get(9).map_err(corrupt)?,
                hash: row.try_get(10).map_err(corrupt)?,
                personal: row.try_get(11).map_err(corrupt)?,
                erased_by: row.try_get(12).map_err(corrupt)?,
                erases: row.try_get(13).map_err(corrupt)?,
            });
        }
        Ok(stored)
    }

    fn version(&mut self, stream: StreamId) -> Result<Version, StoreError<Self::Error>> {
        let row = self
            .client
            .query_one(
                &format!(
                    "SELECT COALESCE(MAX(version), 0) FROM {} WHERE stream = $1",
                    self.table
                ),
                &[&stream.as_uuid()],
            )
            .map_err(backend)?;
        let version: i64 = row.try_get(0).map_err(backend)?;
        Ok(Version::new(u64::try_from(version).unwrap_or(0)))
    }
}
