//! A storage adapter over SQLite with rusqlite: copy it into your program.
//!
//! One table holds every stream; `(stream, version)` is its primary key, so no
//! two writers can store the same version. An append runs in one `IMMEDIATE`
//! transaction: it reads the stream's version, refuses if it is not the expected
//! one, and inserts every event or none. Events are stored as the exact JSON serde
//! writes (the bytes the audit chain hashes), times as seconds and nanoseconds,
//! the rest of the envelope in columns; a row that cannot be read back is a
//! `StoreError::Corrupt` naming the stream and version.
//!
//! The crate's tests run the storage conformance suite against this adapter, on
//! disk in a temporary directory. Run the example with
//! `cargo run --example sqlite_store`.
#![allow(clippy::print_stdout)]

use std::path::Path;
use std::time::Duration;

use casework::case::Event;
use casework::envelope::Recorded;
use casework::store::{CaseStore, ExpectedVersion, StoreError, StoredRow, check_append};
use casework::{ActorId, StreamId, Version};
use chrono::Utc;
use rusqlite::{Connection, TransactionBehavior, params};
use uuid::Uuid;

/// Case events in SQLite.
pub struct SqliteStore {
    connection: Connection,
}

impl SqliteStore {
    /// Opens (or creates) the database at `path`.
    ///
    /// # Errors
    /// When SQLite cannot open the file or create the table.
    pub fn open(path: &Path) -> rusqlite::Result<Self> {
        let connection = Connection::open(path)?;
        // Writers wait for each other rather than fail at once.
        connection.busy_timeout(Duration::from_secs(30))?;
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.execute_batch(
            "CREATE TABLE IF NOT EXISTS events (
                stream    BLOB    NOT NULL,
                version   INTEGER NOT NULL,
                at_secs   INTEGER NOT NULL,
                at_nanos  INTEGER NOT NULL,
                actor     BLOB    NOT NULL,
                prev_hash TEXT    NOT NULL,
                event     TEXT    NOT NULL,
                PRIMARY KEY (stream, version)
            ) WITHOUT ROWID;",
        )?;
        Ok(Self { connection })
    }
}

fn backend(error: rusqlite::Error) -> StoreError<rusqlite::Error> {
    StoreError::Backend(error)
}

fn current_version(connection: &Connection, stream: StreamId) -> rusqlite::Result<Version> {
    let version: Option<i64> = connection.query_row(
        "SELECT MAX(version) FROM events WHERE stream = ?1",
        params![stream.as_uuid().as_bytes().as_slice()],
        |row| row.get(0),
    )?;
    Ok(Version::new(
        version.and_then(|v| u64::try_from(v).ok()).unwrap_or(0),
    ))
}

impl CaseStore<Event> for SqliteStore {
    type Error = rusqlite::Error;

    fn append(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        events: &[Recorded<Event>],
    ) -> Result<Version, StoreError<Self::Error>> {
        let tx = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(backend)?;
        let actual = current_version(&tx, stream).map_err(backend)?;
        check_append(stream, expected, actual, events)?;
        for recorded in events {
            let row = StoredRow::from_recorded(recorded)?;
            tx.execute(
                "INSERT INTO events (stream, version, at_secs, at_nanos, actor, prev_hash, event)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    stream.as_uuid().as_bytes().as_slice(),
                    row.version,
                    row.at_secs,
                    row.at_nanos,
                    row.actor.as_bytes().as_slice(),
                    row.prev_hash,
                    row.event,
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
        let mut statement = self
            .connection
            .prepare_cached(
                "SELECT version, at_secs, at_nanos, actor, prev_hash, event FROM events
                 WHERE stream = ?1 AND version > ?2 ORDER BY version",
            )
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
                    let column = |i| -> Result<rusqlite::types::Value, String> {
                        row.get::<_, rusqlite::types::Value>(i)
                            .map_err(|e| e.to_string())
                    };
                    Ok((version, (1..=5).map(column).collect::<Vec<_>>()))
                },
            )
            .map_err(backend)?;
        let mut events = Vec::new();
        for row in rows {
            use rusqlite::types::Value;
            let (version, columns) = row.map_err(backend)?;
            let corrupt = |reason: String| StoreError::Corrupt {
                stream,
                version: Version::new(u64::try_from(version).unwrap_or(0)),
                reason,
            };
            let stored = match columns.as_slice() {
                [
                    Ok(Value::Integer(at_secs)),
                    Ok(Value::Integer(at_nanos)),
                    Ok(Value::Blob(actor)),
                    Ok(Value::Text(prev_hash)),
                    Ok(Value::Text(event)),
                ] => StoredRow {
                    version,
                    at_secs: *at_secs,
                    at_nanos: *at_nanos,
                    actor: Uuid::from_slice(actor).map_err(|e| corrupt(format!("actor: {e}")))?,
                    prev_hash: prev_hash.clone(),
                    event: event.clone(),
                },
                other => return Err(corrupt(format!("unexpected columns {other:?}"))),
            };
            events.push(stored.into_recorded(stream)?);
        }
        Ok(events)
    }

    fn version(&mut self, stream: StreamId) -> Result<Version, StoreError<Self::Error>> {
        current_version(&self.connection, stream).map_err(backend)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    use casework::case::{Case, CaseKind, Command, Intake};
    use casework::priority::{Impact, SeverityFacts, Urgency};
    use casework::store::{DEFAULT_RETRIES, execute, verify_chain};
    use casework::{Actor, CaseId, Channel, Ctx, CustomerRef, Policy, Reference, Role};
    use chrono::{TimeDelta, TimeZone};

    let dir = std::env::temp_dir().join(format!("casework-sqlite-example-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut store = SqliteStore::open(&dir.join("events.sqlite"))?;
    let policy = Policy::sop_default()?;
    let csr = Actor::new(
        ActorId::from_uuid(Uuid::from_u128(1)),
        [Role::CustomerServiceRepresentative],
    );
    let case = CaseId::from_uuid(Uuid::from_u128(42));
    let stream = StreamId::from(case);
    let received = Utc
        .with_ymd_and_hms(2026, 11, 25, 9, 0, 0)
        .single()
        .unwrap_or_default();

    let commands = [
        Command::Log {
            intake: Intake {
                case,
                reference: Reference::new("CMP", 2026, 42)?,
                kind: CaseKind::Complaint,
                channel: Channel::Email,
                category: "delivery/late".into(),
                subject: "Parcel two weeks late".into(),
                description: "Ordered on the 2nd, still not here.".into(),
                customer: CustomerRef::from_uuid(Uuid::from_u128(7)),
                follow_up_channel: Channel::Phone,
                facts: SeverityFacts::default(),
                impact: Impact(2),
                urgency: Urgency(2),
                occurred_at: None,
                received_at: received,
                aware_at: None,
                related_to: None,
            },
            first_contact_resolution: None,
        },
        Command::Acknowledge {
            channel: Channel::Email,
        },
        // Refused: a CSR may not close.
        Command::Close,
        Command::StartInvestigation,
    ];
    for (minutes, command) in (0..).zip(&commands) {
        let ctx = Ctx::new(received + TimeDelta::minutes(minutes * 10), csr, &policy);
        match execute::<Case, _>(&mut store, stream, command, &ctx, DEFAULT_RETRIES) {
            Ok(events) => println!(
                "{:<20} recorded {} event(s)",
                command.kind().as_str(),
                events.len()
            ),
            Err(refused) => println!("{:<20} {refused}", command.kind().as_str()),
        }
    }
    let events = store.load(stream, Version::ZERO)?;
    for r in &events {
        println!(
            "  {} {} {} <- {}",
            r.version,
            r.at.to_rfc3339(),
            r.event.name(),
            &r.prev_hash.to_string()[..12]
        );
    }
    println!(
        "{} events stored; the chain verifies, head {}",
        events.len(),
        verify_chain(&events)?
    );
    let case = Case::replay(&events)?;
    println!("the case is {:?} at {}", case.status(), case.version());
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
