//! `SqliteStore` proven by casework's conformance suite on disk, refusing corrupt
//! rows with a typed error, keeping record types in tables of their own, and
//! refusing table names that are not plain.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, missing_docs)]

use std::path::PathBuf;

use casework::store::{CaseStore, StoreError};
use casework::{StreamId, Version};
use casework_sqlite::SqliteStore;

/// A fresh directory under the system's temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!("casework-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Self(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn the_sqlite_store_passes_the_conformance_suite() {
    let dir = TempDir::new("sqlite-conformance");
    let path = dir.0.join("events.sqlite");
    SqliteStore::open(&path).unwrap();
    casework::testkit::store_conformance(|| SqliteStore::open(&path).unwrap(), 2).unwrap();
}

#[test]
fn the_sqlite_store_passes_the_conformance_suite_with_capa_events() {
    use casework::quality::capa::{ActionNo, Event};

    let dir = TempDir::new("sqlite-conformance-capa");
    let path = dir.0.join("events.sqlite");
    let open = || SqliteStore::open_table(&path, "capa_events").unwrap();
    open();
    let completed = |n| Event::ActionCompleted {
        action: ActionNo(n),
        evidence: format!("evidence {n}"),
    };
    casework::testkit::store_conformance_with(open, 4, completed).unwrap();
}

#[test]
fn a_corrupt_row_is_a_typed_error_naming_stream_and_version() {
    let dir = TempDir::new("sqlite-corrupt");
    let path = dir.0.join("events.sqlite");
    let mut store = SqliteStore::open(&path).unwrap();
    let stream = StreamId::from_uuid(uuid::Uuid::from_u128(5));
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute(
        "INSERT INTO events (stream, version, at_secs, at_nanos, actor, prev_hash, event, hash) VALUES (?1, 1, 0, ?2, ?3, ?4, ?5, NULL)",
        rusqlite::params![
            stream.as_uuid().as_bytes().as_slice(),
            0,
            uuid::Uuid::nil().as_bytes().as_slice(),
            "0".repeat(64),
            r#"{"type":"no_such_event"}"#,
        ],
    )
    .unwrap();
    let error =
        CaseStore::<casework::case::Event>::load(&mut store, stream, Version::ZERO).unwrap_err();
    assert!(
        matches!(&error, StoreError::Corrupt { stream: s, version, .. } if *s == stream && *version == Version::new(1)),
        "{error:?}"
    );
    assert!(error.to_string().starts_with("event v1 of stream 00000000-0000-0000-0000-000000000005 cannot be read: event: unknown variant `no_such_event`"), "{error}");
}

#[test]
fn any_record_type_is_stored_in_a_table_of_its_own() {
    use casework::envelope::Recorded;
    use casework::{ActorId, store::ExpectedVersion};
    use chrono::TimeZone;

    let dir = TempDir::new("sqlite-tables");
    let path = dir.0.join("desk.sqlite");
    let at = chrono::Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
    let stream = StreamId::from_uuid(uuid::Uuid::from_u128(9));
    let actor = ActorId::from_uuid(uuid::Uuid::from_u128(1));
    // Two record types, one stream id each, in two tables of one database.
    let mut numbers = SqliteStore::open_table(&path, "number_events").unwrap();
    let mut words = SqliteStore::open_table(&path, "word_events").unwrap();
    let number = Recorded::new(stream, Version::new(1), at, actor, 42_u32);
    let word = Recorded::new(stream, Version::new(1), at, actor, "forty-two".to_owned());
    numbers
        .append(
            stream,
            ExpectedVersion::NoStream,
            std::slice::from_ref(&number),
        )
        .unwrap();
    words
        .append(
            stream,
            ExpectedVersion::NoStream,
            std::slice::from_ref(&word),
        )
        .unwrap();
    assert_eq!(numbers.load(stream, Version::ZERO).unwrap(), vec![number]);
    assert_eq!(words.load(stream, Version::ZERO).unwrap(), vec![word]);
    assert_eq!(numbers.table(), "number_events");
}

#[test]
fn a_table_name_must_be_plain() {
    let dir = TempDir::new("sqlite-names");
    let path = dir.0.join("desk.sqlite");
    for name in [
        "",
        "events; DROP TABLE x",
        "Events",
        "9lives",
        &"x".repeat(64),
    ] {
        assert!(SqliteStore::open_table(&path, name).is_err(), "{name:?}");
    }
}

/// A table as an earlier release made it, holding two events it wrote by
/// chain rule 1: the event's JSON as text, the link, no hash of its own.
fn rule_1_table(path: &std::path::Path, stream: StreamId) -> casework::envelope::ChainHash {
    let raw = rusqlite::Connection::open(path).unwrap();
    raw.execute_batch(
        "CREATE TABLE events (
            stream    BLOB    NOT NULL,
            version   INTEGER NOT NULL,
            at_secs   INTEGER NOT NULL,
            at_nanos  INTEGER NOT NULL,
            actor     BLOB    NOT NULL,
            prev_hash TEXT    NOT NULL,
            event     TEXT    NOT NULL,
            PRIMARY KEY (stream, version)
        ) WITHOUT ROWID;",
    )
    .unwrap();
    let rows = casework::testkit::chain_v1_rows(stream, &[r#""logged""#, r#""acknowledged""#]);
    for row in &rows {
        raw.execute(
            "INSERT INTO events (stream, version, at_secs, at_nanos, actor, prev_hash, event)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            rusqlite::params![
                row.stream.as_bytes().as_slice(),
                row.version,
                row.at_secs,
                row.at_nanos,
                row.actor.as_bytes().as_slice(),
                row.prev_hash,
                String::from_utf8(row.payload.clone()).unwrap(),
            ],
        )
        .unwrap();
    }
    casework::store::hash_row(&rows[1]).unwrap()
}

#[test]
fn a_rule_1_table_is_migrated_and_its_rows_keep_verifying() {
    use casework::envelope::Recorded;
    use casework::store::{ExpectedVersion, verify_against, verify_chain};
    use casework::{ActorId, Version};
    use chrono::TimeZone;

    let dir = TempDir::new("sqlite-migration");
    let path = dir.0.join("events.sqlite");
    let stream = StreamId::from_uuid(uuid::Uuid::from_u128(1));
    let head = rule_1_table(&path, stream);

    // Opening migrates, once: a second open finds the columns there.
    let mut store = SqliteStore::open(&path).unwrap();
    drop(SqliteStore::open(&path).unwrap());
    let rows = CaseStore::<String>::load_rows(&mut store, stream, Version::ZERO).unwrap();
    assert_eq!(
        rows.iter()
            .map(|r| (r.chain, r.hash.is_none()))
            .collect::<Vec<_>>(),
        [(1, true), (1, true)]
    );
    let checkpoint = verify_chain(stream, &rows).unwrap();
    assert_eq!(checkpoint.head, head);
    let events: Vec<Recorded<String>> = store.load(stream, Version::ZERO).unwrap();
    assert_eq!(events[1].event, "acknowledged");

    // The stream runs on by rule 2, and verifies whole against the checkpoint
    // taken before.
    let at = chrono::Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    let closed = Recorded::new(
        stream,
        Version::new(3),
        at,
        ActorId::from_uuid(uuid::Uuid::from_u128(2)),
        "closed".to_owned(),
    );
    store
        .append(stream, ExpectedVersion::Exactly(Version::new(2)), &[closed])
        .unwrap();
    let rows = CaseStore::<String>::load_rows(&mut store, stream, Version::ZERO).unwrap();
    assert_eq!(rows[2].chain, casework::store::CHAIN_V2);
    assert_eq!(
        verify_against(&rows, &checkpoint).unwrap().version,
        Version::new(3)
    );
}

#[test]
fn an_event_edited_in_the_database_is_named_and_a_deleted_tail_caught() {
    use casework::envelope::Recorded;
    use casework::store::{ChainError, ExpectedVersion, verify_against, verify_chain};
    use casework::{ActorId, Version};
    use chrono::TimeZone;

    let dir = TempDir::new("sqlite-tamper");
    let path = dir.0.join("events.sqlite");
    let stream = StreamId::from_uuid(uuid::Uuid::from_u128(9));
    let mut store = SqliteStore::open(&path).unwrap();
    let at = chrono::Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    let actor = ActorId::from_uuid(uuid::Uuid::from_u128(2));
    let events: Vec<_> = (1..=5)
        .map(|v| Recorded::new(stream, Version::new(v), at, actor, format!("step {v}")))
        .collect();
    store
        .append(stream, ExpectedVersion::NoStream, &events)
        .unwrap();
    let load = |store: &mut SqliteStore| {
        CaseStore::<String>::load_rows(store, stream, Version::ZERO).unwrap()
    };
    let checkpoint = verify_chain(stream, &load(&mut store)).unwrap();

    // Edited in the database behind the store's back: v4's text, then v5's.
    let raw = rusqlite::Connection::open(&path).unwrap();
    let key = stream.as_uuid();
    let key = key.as_bytes().as_slice();
    for version in [4, 5] {
        raw.execute(
            "UPDATE events SET event = CAST('\"step zero\"' AS BLOB) WHERE stream = ?1 AND version = ?2",
            rusqlite::params![key, version],
        )
        .unwrap();
    }
    assert_eq!(
        verify_chain(stream, &load(&mut store)),
        Err(ChainError::Edited {
            version: Version::new(4)
        })
    );
    // Its tail deleted: only the checkpoint kept elsewhere tells.
    raw.execute(
        "DELETE FROM events WHERE stream = ?1 AND version >= 4",
        rusqlite::params![key],
    )
    .unwrap();
    assert!(verify_chain(stream, &load(&mut store)).is_ok());
    assert_eq!(
        verify_against(&load(&mut store), &checkpoint),
        Err(ChainError::Truncated {
            checkpoint: Version::new(5),
            stored: Version::new(3)
        })
    );
}
