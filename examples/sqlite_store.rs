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
use casework::envelope::{ChainHash, Recorded};
use casework::store::{CaseStore, ExpectedVersion, StoreError, check_append};
use casework::{ActorId, StreamId, Version};
use chrono::{DateTime, Utc};
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
            let version = recorded.version;
            let event =
                serde_json::to_string(&recorded.event).map_err(|e| StoreError::Malformed {
                    stream,
                    reason: e.to_string(),
                })?;
            tx.execute(
                "INSERT INTO events (stream, version, at_secs, at_nanos, actor, prev_hash, event)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    stream.as_uuid().as_bytes().as_slice(),
                    i64::try_from(version.get()).unwrap_or(i64::MAX),
                    recorded.at.timestamp(),
                    recorded.at.timestamp_subsec_nanos(),
                    recorded.actor.as_uuid().as_bytes().as_slice(),
                    recorded.prev_hash.to_string(),
                    event,
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
                    Ok((
                        version,
                        row.get::<_, i64>(1),
                        row.get::<_, i64>(2),
                        row.get::<_, Vec<u8>>(3),
                        row.get::<_, String>(4),
                        row.get::<_, String>(5),
                    ))
                },
            )
            .map_err(backend)?;
        let mut events = Vec::new();
        for row in rows {
            let (version, secs, nanos, actor, prev_hash, event) = row.map_err(backend)?;
            let version = Version::new(u64::try_from(version).unwrap_or(0));
            let corrupt = |reason: String| StoreError::Corrupt {
                stream,
                version,
                reason,
            };
            let (secs, nanos) = (
                secs.map_err(|e| corrupt(format!("time: {e}")))?,
                nanos.map_err(|e| corrupt(format!("time: {e}")))?,
            );
            let at = u32::try_from(nanos)
                .ok()
                .and_then(|nanos| DateTime::<Utc>::from_timestamp(secs, nanos))
                .ok_or_else(|| corrupt(format!("time: {secs}s {nanos}ns is not an instant")))?;
            let actor = actor.map_err(|e| corrupt(format!("actor: {e}")))?;
            let actor = Uuid::from_slice(&actor).map_err(|e| corrupt(format!("actor: {e}")))?;
            let prev_hash = prev_hash.map_err(|e| corrupt(format!("hash: {e}")))?;
            let prev_hash: ChainHash = prev_hash
                .parse()
                .map_err(|e| corrupt(format!("hash: {e}")))?;
            let event = event.map_err(|e| corrupt(format!("event: {e}")))?;
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
    let case = Case::replay(&events);
    println!("the case is {:?} at {}", case.status(), case.version());
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
