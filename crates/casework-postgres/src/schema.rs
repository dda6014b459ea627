//! The table: its name, every statement the stores send, and the mapping
//! between its rows and casework's [`StoredRow`]. The one place that knows
//! the columns; it knows no connection, pool or runtime.

use casework::store::{StoreError, StoredRow};
use casework::{StreamId, Version};
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;

use crate::PgError;

/// Takes the stream's advisory lock until the transaction ends.
pub(crate) const LOCK: &str = "SELECT pg_advisory_xact_lock($1, $2)";

/// Whether the table (`$1`) has a column (`$2`): whether a migration ran.
pub(crate) const HAS_COLUMN: &str = "SELECT 1 FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2";

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

/// The statements for one table, made once per store and shared by its
/// clones.
#[derive(Debug)]
pub(crate) struct Sql {
    /// The table's name, checked plain.
    pub(crate) table: String,
    /// Creates the table as chain rule 1 made it, if it does not exist.
    pub(crate) create: String,
    /// Bring a rule-1 table up to date (see the crate docs), in order: each
    /// with the column whose presence says it ran.
    pub(crate) migrations: [(&'static str, String); 2],
    /// The stream's version: `$1` stream.
    pub(crate) version: String,
    /// One row: the parameters of [`Columns::params`].
    pub(crate) insert: String,
    /// Removes the personal parts an erasure names: `$1` stream, `$2` the
    /// versions, `$3` the erasing version.
    pub(crate) erase: String,
    /// The rows after a version, in order, read by [`stored_row`]: `$1`
    /// stream, `$2` version.
    pub(crate) load: String,
}

impl Sql {
    /// The statements for `table`.
    ///
    /// # Errors
    /// [`PgError::TableName`] when `table` is not a plain name (`a`–`z`,
    /// `0`–`9` and `_`, not starting with a digit, at most 63 bytes), the only
    /// names pasted into the SQL.
    pub(crate) fn new(table: &str) -> Result<Self, PgError> {
        let plain = !table.is_empty()
            && table.len() <= 63
            && !table.starts_with(|c: char| c.is_ascii_digit())
            && table
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !plain {
            return Err(PgError::TableName(table.to_owned()));
        }
        Ok(Self {
            table: table.to_owned(),
            create: format!(
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
            ),
            migrations: MIGRATIONS.map(|(column, sql)| (column, sql.replace("{table}", table))),
            version: format!("SELECT COALESCE(MAX(version), 0) FROM {table} WHERE stream = $1"),
            insert: format!(
                "INSERT INTO {table} (stream, version, at_secs, at_nanos, actor, prev_hash, payload,
                                      chain, encoding, personal_digest, hash,
                                      personal, erased_by, erases)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
            ),
            // Only parts still there: an erased one keeps its first eraser.
            erase: format!(
                "UPDATE {table} SET personal = NULL, erased_by = $3
                 WHERE stream = $1 AND version = ANY($2)
                   AND personal IS NOT NULL AND erased_by IS NULL"
            ),
            load: format!(
                "SELECT version, at_secs, at_nanos, actor, prev_hash, payload, event,
                        chain, encoding, personal_digest, hash, personal, erased_by, erases
                 FROM {table} WHERE stream = $1 AND version > $2 ORDER BY version"
            ),
        })
    }
}

/// A database failure, as the port reports it.
pub(crate) fn backend(error: tokio_postgres::Error) -> StoreError<PgError> {
    StoreError::Backend(PgError::Postgres(error))
}

/// The advisory-lock keys of a stream: this adapter's key space, and the
/// stream's uuid folded to 32 bits. Streams that share a folded key only queue
/// behind each other; the primary key keeps them correct.
pub(crate) fn lock_key(stream: StreamId) -> (i32, i32) {
    const SPACE: i32 = 0x4341_5345; // "CASE"
    let (high, low) = stream.as_uuid().as_u64_pair();
    let folded = high ^ low;
    let key = ((folded >> 32) ^ (folded & 0xFFFF_FFFF)) as u32;
    (SPACE, i32::from_ne_bytes(key.to_ne_bytes()))
}

/// A version as the `version` column holds it.
pub(crate) fn version_param(version: Version) -> i64 {
    i64::try_from(version.get()).unwrap_or(i64::MAX)
}

/// The version the `version` query's single column holds.
pub(crate) fn version_of(row: &Row) -> Result<Version, StoreError<PgError>> {
    let version: i64 = row.try_get(0).map_err(backend)?;
    Ok(Version::new(u64::try_from(version).unwrap_or(0)))
}

/// A row's fields as the insert's parameters, with the two that the table
/// keeps narrower than [`StoredRow`] checked to fit.
pub(crate) struct Columns<'r> {
    row: &'r StoredRow,
    at_nanos: i32,
    chain: i32,
}

impl<'r> Columns<'r> {
    /// The columns of `row`, appended to `stream`.
    ///
    /// # Errors
    /// [`StoreError::Malformed`] when `at_nanos` or `chain` does not fit its
    /// `INTEGER` column.
    pub(crate) fn of(stream: StreamId, row: &'r StoredRow) -> Result<Self, StoreError<PgError>> {
        let malformed = |column: &str| StoreError::Malformed {
            stream,
            reason: format!("{column} does not fit its column"),
        };
        Ok(Self {
            row,
            at_nanos: i32::try_from(row.at_nanos).map_err(|_| malformed("at_nanos"))?,
            chain: i32::try_from(row.chain).map_err(|_| malformed("chain"))?,
        })
    }

    /// The parameters of [`Sql::insert`], in its order.
    pub(crate) fn params(&self) -> [&(dyn ToSql + Sync); 14] {
        let row = self.row;
        [
            &row.stream,
            &row.version,
            &row.at_secs,
            &self.at_nanos,
            &row.actor,
            &row.prev_hash,
            &row.payload,
            &self.chain,
            &row.encoding,
            &row.personal_digest,
            &row.hash,
            &row.personal,
            &row.erased_by,
            &row.erases,
        ]
    }

    /// The parameters of [`Sql::erase`] for the row, or `None` when its event
    /// erases nothing.
    pub(crate) fn erasure(&self) -> Option<[&(dyn ToSql + Sync); 3]> {
        let row = self.row;
        (!row.erases.is_empty()).then_some([&row.stream as _, &row.erases as _, &row.version as _])
    }
}

/// The [`StoredRow`] that a row of [`Sql::load`] holds, in `stream`.
///
/// # Errors
/// [`StoreError::Corrupt`], naming the stream and the version, when a column
/// cannot be read as its field; [`StoreError::Backend`] when the version
/// itself cannot.
pub(crate) fn stored_row(stream: StreamId, row: &Row) -> Result<StoredRow, StoreError<PgError>> {
    // The version first: every later column that cannot be read is a corrupt
    // event, named by stream and version.
    let version: i64 = row.try_get(0).map_err(backend)?;
    let corrupt = |e: tokio_postgres::Error| StoreError::Corrupt {
        stream,
        version: Version::new(u64::try_from(version).unwrap_or(0)),
        reason: e.to_string(),
    };
    // Rule-1 rows keep the JSON text they were written as in `event`.
    let payload: Option<Vec<u8>> = row.try_get(5).map_err(corrupt)?;
    let event: Option<String> = row.try_get(6).map_err(corrupt)?;
    Ok(StoredRow {
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
    })
}
