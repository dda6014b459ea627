//! A storage adapter over PostgreSQL with the `postgres` crate: copy it into your
//! program. Any PostgreSQL deployment will do, replicated or distributed, for
//! desks that outgrow one machine.
//!
//! One table holds every stream, keyed by `(stream, version)`. An append takes a
//! transaction-scoped advisory lock on its stream, so that writers to one stream
//! queue while writers to others do not wait; it reads the stream's version,
//! refuses if it is not the expected one, and inserts every event or none. The
//! primary key is the backstop: no two rows can hold one version. Events are
//! stored as JSONB; a row that cannot be read back is a `StoreError::Corrupt`
//! naming the stream and version.
//!
//! The crate's tests run the storage conformance suite against this adapter when
//! `CASEWORK_PG_URL` names a database (`.ci/run` always sets it). Run the example
//! with `CASEWORK_PG_URL='host=127.0.0.1 user=… dbname=…' cargo run --example
//! postgres_store`.
#![allow(clippy::print_stdout)]

use casework::case::Event;
use casework::envelope::{ChainHash, Recorded};
use casework::store::{CaseStore, ExpectedVersion, StoreError, check_append};
use casework::{ActorId, StreamId, Version};
use chrono::{DateTime, Utc};
use postgres::{Client, NoTls};
use uuid::Uuid;

/// Case events in PostgreSQL.
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
    /// Connects with a libpq-style `url` and creates `table` if needed.
    ///
    /// # Errors
    /// When the connection fails, or `table` is not a plain identifier.
    pub fn connect(url: &str, table: &str) -> Result<Self, PgError> {
        let plain = !table.is_empty()
            && table
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !plain {
            return Err(PgError::TableName(table.to_owned()));
        }
        let mut client = Client::connect(url, NoTls)?;
        client.batch_execute(&format!(
            "CREATE TABLE IF NOT EXISTS {table} (
                stream    UUID        NOT NULL,
                version   BIGINT      NOT NULL,
                at        TIMESTAMPTZ NOT NULL,
                actor     UUID        NOT NULL,
                prev_hash TEXT        NOT NULL,
                event     JSONB       NOT NULL,
                PRIMARY KEY (stream, version)
            )"
        ))?;
        Ok(Self {
            client,
            table: table.to_owned(),
        })
    }
}

fn backend(error: postgres::Error) -> StoreError<PgError> {
    StoreError::Backend(PgError::Postgres(error))
}

/// The advisory-lock key of a stream: its uuid folded to 64 bits.
fn lock_key(stream: StreamId) -> i64 {
    let (high, low) = stream.as_uuid().as_u64_pair();
    i64::from_ne_bytes((high ^ low).to_ne_bytes())
}

impl CaseStore<Event> for PgStore {
    type Error = PgError;

    fn append(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        events: &[Recorded<Event>],
    ) -> Result<Version, StoreError<Self::Error>> {
        let table = self.table.clone();
        let mut tx = self.client.transaction().map_err(backend)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&lock_key(stream)])
            .map_err(backend)?;
        let row = tx
            .query_one(
                &format!("SELECT COALESCE(MAX(version), 0) FROM {table} WHERE stream = $1"),
                &[&stream.as_uuid()],
            )
            .map_err(backend)?;
        let actual = Version::new(u64::try_from(row.get::<_, i64>(0)).unwrap_or(0));
        check_append(stream, expected, actual, events)?;
        let insert = tx
            .prepare(&format!(
                "INSERT INTO {table} (stream, version, at, actor, prev_hash, event)
                 VALUES ($1, $2, $3, $4, $5, $6)"
            ))
            .map_err(backend)?;
        for recorded in events {
            let version = recorded.version;
            let event =
                serde_json::to_value(&recorded.event).map_err(|e| StoreError::Malformed {
                    stream,
                    reason: e.to_string(),
                })?;
            let number = i64::try_from(version.get()).unwrap_or(i64::MAX);
            tx.execute(
                &insert,
                &[
                    &stream.as_uuid(),
                    &number,
                    &recorded.at,
                    &recorded.actor.as_uuid(),
                    &recorded.prev_hash.to_string(),
                    &postgres::types::Json(event),
                ],
            )
            .map_err(backend)?;
        }
        // Dropping the transaction without committing rolls it back: all or none.
        tx.commit().map_err(backend)?;
        Ok(events.last().map_or(actual, |r| r.version))
    }

    fn load(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> Result<Vec<Recorded<Event>>, StoreError<Self::Error>> {
        let rows = self
            .client
            .query(
                &format!(
                    "SELECT version, at, actor, prev_hash, event::text FROM {} \
                     WHERE stream = $1 AND version > $2 ORDER BY version",
                    self.table
                ),
                &[
                    &stream.as_uuid(),
                    &i64::try_from(after.get()).unwrap_or(i64::MAX),
                ],
            )
            .map_err(backend)?;
        let mut events = Vec::with_capacity(rows.len());
        for row in rows {
            let version = Version::new(u64::try_from(row.get::<_, i64>(0)).unwrap_or(0));
            let corrupt = |reason: String| StoreError::Corrupt {
                stream,
                version,
                reason,
            };
            let at: DateTime<Utc> = row.try_get(1).map_err(|e| corrupt(format!("time: {e}")))?;
            let actor: Uuid = row.try_get(2).map_err(|e| corrupt(format!("actor: {e}")))?;
            let prev_hash: String = row.try_get(3).map_err(|e| corrupt(format!("hash: {e}")))?;
            let prev_hash: ChainHash = prev_hash
                .parse()
                .map_err(|e| corrupt(format!("hash: {e}")))?;
            let event: String = row.try_get(4).map_err(|e| corrupt(format!("event: {e}")))?;
            let event: Event =
                serde_json::from_str(&event).map_err(|e| corrupt(format!("event: {e}")))?;
            events.push(
                Recorded::new(stream, version, at, ActorId::from_uuid(actor), event)
                    .with_prev_hash(prev_hash),
            );
        }
        Ok(events)
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
        Ok(Version::new(
            u64::try_from(row.get::<_, i64>(0)).unwrap_or(0),
        ))
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Ok(url) = std::env::var("CASEWORK_PG_URL") else {
        println!("set CASEWORK_PG_URL to a PostgreSQL connection string to run this example");
        return Ok(());
    };
    let mut store = PgStore::connect(&url, "casework_example_events")?;
    let stream = StreamId::from_uuid(Uuid::from_u128(42));
    let events = store.load(stream, Version::ZERO)?;
    println!(
        "stream {stream} holds {} events; the chain {}",
        events.len(),
        match casework::store::verify_chain(&events) {
            Ok(head) => format!("verifies, head {head}"),
            Err(e) => format!("is broken: {e}"),
        }
    );
    Ok(())
}
