//! SQLite storage for casework's event-sourced records.
//!
//! [`SqliteStore`] implements [`CaseStore`] for the events of any casework record
//! (cases, non-conformances, CAPAs, service orders, documents, review meetings):
//! anything `casework` records, it stores and loads back exactly, and it passes the
//! conformance suite that `casework::testkit` ships.
//!
//! # Schema
//! One table holds every stream of a record type; `(stream, version)` is its primary
//! key, so no two writers can store the same version. An append runs in one
//! `IMMEDIATE` transaction: it reads the stream's version, refuses if it is not the
//! expected one, and inserts every row or none. Each column is a field of
//! casework's [`StoredRow`], written and read back byte for byte:
//!
//! | column | holds |
//! |---|---|
//! | `stream`, `actor` | the uuids, 16-byte BLOBs |
//! | `version`, `at_secs`, `at_nanos` | INTEGERs (nanoseconds, which the chain hashes) |
//! | `event` | the payload bytes as the event's encoder wrote them: a BLOB; rule-1 rows keep the TEXT they were written as |
//! | `prev_hash`, `hash`, `personal_digest` | 64 hex digits; `hash` is NULL on rule-1 rows, `personal_digest` NULL when the event has no personal part |
//! | `chain`, `encoding` | the chain rule (2 for every row written now) and the payload's encoding |
//! | `personal` | the event's personal part (a BLOB), NULL when it has none or once erased |
//! | `erased_by` | the version of the event that erased the personal part, NULL until then |
//! | `erases` | the versions this row's event erases, as decimal text joined by commas; empty for most |
//!
//! An append that stores an erasure removes the personal parts it names in
//! the same transaction.
//!
//! A row that cannot be read back as columns is a [`StoreError::Corrupt`]
//! naming the stream and version.
//!
//! # Migrations
//! Opening a table written by an earlier release adds the columns it lacks,
//! in one transaction, once: from chain rule 1, `chain` (default 1),
//! `encoding` (default 1), `personal_digest` and `hash` (NULL); then
//! `personal`, `erased_by` (NULL) and `erases` (empty). The rows already
//! stored are not touched: rule-1 rows keep verifying by chain rule 1, from
//! the bytes stored, and the stream runs on by rule 2 (see `casework::store`).
//!
//! Keep each record type in a table of its own ([`SqliteStore::open_table`]): a
//! stream is then read back only as the type that wrote it.
//!
//! # Example
//! ```
//! use casework::case::Event;
//! use casework::store::CaseStore;
//! use casework::{StreamId, Version};
//! use casework_sqlite::SqliteStore;
//!
//! let dir = std::env::temp_dir().join(format!("casework-sqlite-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! let mut cases = SqliteStore::open_table(&dir.join("desk.sqlite"), "case_events")?;
//! let stream = StreamId::from_uuid(uuid::Uuid::from_u128(42));
//! let events = CaseStore::<Event>::load(&mut cases, stream, Version::ZERO)?;
//! assert!(events.is_empty());
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! `examples/desk.rs` logs and works a case through `CaseStore::execute`
//! on this store, and verifies its audit chain.

use std::path::Path;
use std::time::Duration;

use casework::store::{CaseStore, ExpectedVersion, StoreError, StoredRow, check_append};
use casework::{StreamId, Version};
use rusqlite::types::Value;
use rusqlite::{Connection, TransactionBehavior, params};
use uuid::Uuid;

/// The events of casework records in one SQLite table.
#[derive(Debug)]
pub struct SqliteStore {
    connection: Connection,
    table: String,
}

impl SqliteStore {
    /// Opens (or creates) the database at `path`, with its events in the table
    /// `events`.
    ///
    /// # Errors
    /// When SQLite cannot open the file or create the table.
    pub fn open(path: &Path) -> rusqlite::Result<Self> {
        Self::open_table(path, "events")
    }

    /// Opens (or creates) the database at `path`, with its events in `table`,
    /// created if needed.
    ///
    /// # Errors
    /// When SQLite cannot open the file or create the table, or `table` is not a
    /// plain name (`a`–`z`, `0`–`9` and `_`, not starting with a digit).
    pub fn open_table(path: &Path, table: &str) -> rusqlite::Result<Self> {
        if !plain_name(table) {
            return Err(rusqlite::Error::InvalidParameterName(format!(
                "`{table}` is not a plain table name (a-z, 0-9 and _)"
            )));
        }
        let mut connection = Connection::open(path)?;
        // Writers wait for each other rather than fail at once.
        connection.busy_timeout(Duration::from_secs(30))?;
        connection.pragma_update(None, "journal_mode", "WAL")?;
        // The table as chain rule 1 made it, then the migration to rule 2:
        // a new table and an old one take the same path.
        let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(&format!(
            "CREATE TABLE IF NOT EXISTS {table} (
                stream    BLOB    NOT NULL,
                version   INTEGER NOT NULL,
                at_secs   INTEGER NOT NULL,
                at_nanos  INTEGER NOT NULL,
                actor     BLOB    NOT NULL,
                prev_hash TEXT    NOT NULL,
                event     TEXT    NOT NULL,
                PRIMARY KEY (stream, version)
            ) WITHOUT ROWID;"
        ))?;
        for (column, migration) in MIGRATIONS {
            let migrated: bool = tx.query_row(
                &format!(
                    "SELECT COUNT(*) > 0 FROM pragma_table_info('{table}') WHERE name = '{column}'"
                ),
                [],
                |row| row.get(0),
            )?;
            if !migrated {
                tx.execute_batch(&migration.replace("{table}", table))?;
            }
        }
        tx.commit()?;
        Ok(Self {
            connection,
            table: table.to_owned(),
        })
    }

    /// The table the events are in.
    #[must_use]
    pub fn table(&self) -> &str {
        &self.table
    }
}

/// The migrations from the table as chain rule 1 made it, in order: each
/// runs once, unless the table has its column already.
const MIGRATIONS: [(&str, &str); 2] = [
    // Chain rule 2.
    (
        "hash",
        "ALTER TABLE {table} ADD COLUMN chain           INTEGER NOT NULL DEFAULT 1;
         ALTER TABLE {table} ADD COLUMN encoding        INTEGER NOT NULL DEFAULT 1;
         ALTER TABLE {table} ADD COLUMN personal_digest TEXT;
         ALTER TABLE {table} ADD COLUMN hash            TEXT;",
    ),
    // Personal parts and their erasure.
    (
        "personal",
        "ALTER TABLE {table} ADD COLUMN personal  BLOB;
         ALTER TABLE {table} ADD COLUMN erased_by INTEGER;
         ALTER TABLE {table} ADD COLUMN erases    TEXT NOT NULL DEFAULT '';",
    ),
];

/// Whether `name` is safe to splice into SQL as a table name.
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn backend(error: rusqlite::Error) -> StoreError<rusqlite::Error> {
    StoreError::Backend(error)
}

fn current_version(
    connection: &Connection,
    table: &str,
    stream: StreamId,
) -> rusqlite::Result<Version> {
    let version: Option<i64> = connection.query_row(
        &format!("SELECT MAX(version) FROM {table} WHERE stream = ?1"),
        params![stream.as_uuid().as_bytes().as_slice()],
        |row| row.get(0),
    )?;
    Ok(Version::new(
        version.and_then(|v| u64::try_from(v).ok()).unwrap_or(0),
    ))
}

impl<Ev> CaseStore<Ev> for SqliteStore {
    type Error = rusqlite::Error;

    fn append_rows(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        rows: &[StoredRow],
    ) -> Result<Version, StoreError<Self::Error>> {
        let tx = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(backend)?;
        let actual = current_version(&tx, &self.table, stream).map_err(backend)?;
        check_append(stream, expected, actual, rows)?;
        {
            let mut insert = tx
                .prepare_cached(&format!(
                    "INSERT INTO {} (stream, version, at_secs, at_nanos, actor, prev_hash, event,
                                     chain, encoding, personal_digest, hash,
                                     personal, erased_by, erases)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                    self.table
                ))
                .map_err(backend)?;
            let mut erase = tx
                .prepare_cached(&format!(
                    "UPDATE {} SET personal = NULL, erased_by = ?3
                     WHERE stream = ?1 AND version = ?2
                       AND personal IS NOT NULL AND erased_by IS NULL",
                    self.table
                ))
                .map_err(backend)?;
            for row in rows {
                let erases = row
                    .erases
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(",");
                insert
                    .execute(params![
                        row.stream.as_bytes().as_slice(),
                        row.version,
                        row.at_secs,
                        row.at_nanos,
                        row.actor.as_bytes().as_slice(),
                        row.prev_hash,
                        row.payload,
                        row.chain,
                        row.encoding,
                        row.personal_digest,
                        row.hash,
                        row.personal,
                        row.erased_by,
                        erases,
                    ])
                    .map_err(backend)?;
                for erased in &row.erases {
                    erase
                        .execute(params![
                            row.stream.as_bytes().as_slice(),
                            erased,
                            row.version
                        ])
                        .map_err(backend)?;
                }
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
        let mut statement = self
            .connection
            .prepare_cached(&format!(
                "SELECT version, at_secs, at_nanos, actor, prev_hash, event,
                        chain, encoding, personal_digest, hash,
                        personal, erased_by, erases FROM {}
                 WHERE stream = ?1 AND version > ?2 ORDER BY version",
                self.table
            ))
            .map_err(backend)?;
        let rows = statement
            .query_map(
                params![
                    stream.as_uuid().as_bytes().as_slice(),
                    i64::try_from(after.get()).unwrap_or(i64::MAX)
                ],
                |row| {
                    // The version first: every later column that cannot be read is
                    // a corrupt event, named by stream and version.
                    let version: i64 = row.get(0)?;
                    let column = |i| -> Result<Value, String> {
                        row.get::<_, Value>(i).map_err(|e| e.to_string())
                    };
                    Ok((version, (1..=12).map(column).collect::<Vec<_>>()))
                },
            )
            .map_err(backend)?;
        let mut stored = Vec::new();
        for row in rows {
            let (version, columns) = row.map_err(backend)?;
            let corrupt = |reason: String| StoreError::Corrupt {
                stream,
                version: Version::new(u64::try_from(version).unwrap_or(0)),
                reason,
            };
            let text = |value: &Value| match value {
                Value::Text(text) => Some(Some(text.clone())),
                Value::Null => Some(None),
                _ => None,
            };
            let row = match columns.as_slice() {
                [
                    Ok(Value::Integer(at_secs)),
                    Ok(Value::Integer(at_nanos)),
                    Ok(Value::Blob(actor)),
                    Ok(Value::Text(prev_hash)),
                    Ok(payload @ (Value::Blob(_) | Value::Text(_))),
                    Ok(Value::Integer(chain)),
                    Ok(Value::Integer(encoding)),
                    Ok(personal_digest),
                    Ok(hash),
                    Ok(personal @ (Value::Blob(_) | Value::Null)),
                    Ok(erased_by @ (Value::Integer(_) | Value::Null)),
                    Ok(Value::Text(erases)),
                ] => StoredRow {
                    stream: stream.as_uuid(),
                    version,
                    at_secs: *at_secs,
                    at_nanos: *at_nanos,
                    actor: Uuid::from_slice(actor).map_err(|e| corrupt(format!("actor: {e}")))?,
                    chain: *chain,
                    encoding: *encoding,
                    // Rule-1 rows hold the JSON text they were written as.
                    payload: match payload {
                        Value::Text(text) => text.clone().into_bytes(),
                        Value::Blob(bytes) => bytes.clone(),
                        _ => Vec::new(),
                    },
                    personal_digest: text(personal_digest)
                        .ok_or_else(|| corrupt("personal_digest: not text".to_owned()))?,
                    prev_hash: prev_hash.clone(),
                    hash: text(hash).ok_or_else(|| corrupt("hash: not text".to_owned()))?,
                    personal: match personal {
                        Value::Blob(bytes) => Some(bytes.clone()),
                        _ => None,
                    },
                    erased_by: match erased_by {
                        Value::Integer(by) => Some(*by),
                        _ => None,
                    },
                    erases: erases
                        .split(',')
                        .filter(|v| !v.is_empty())
                        .map(str::parse)
                        .collect::<Result<_, _>>()
                        .map_err(|e| corrupt(format!("erases: {e}")))?,
                },
                other => return Err(corrupt(format!("unexpected columns {other:?}"))),
            };
            stored.push(row);
        }
        Ok(stored)
    }

    fn version(&mut self, stream: StreamId) -> Result<Version, StoreError<Self::Error>> {
        current_version(&self.connection, &self.table, stream).map_err(backend)
    }
}
