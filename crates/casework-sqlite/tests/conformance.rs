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
        "INSERT INTO events (stream, version, at_secs, at_nanos, actor, prev_hash, event) VALUES (?1, 1, 0, ?2, ?3, ?4, ?5)",
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
