//! The SQLite adapter from `examples/sqlite_store.rs`, proven by the conformance
//! suite on disk, and refusing corrupt rows with a typed error.

use std::path::PathBuf;

use casework::store::{CaseStore, StoreError};
use casework::{StreamId, Version};

#[path = "../../examples/sqlite_store.rs"]
#[allow(dead_code)]
mod adapter;

use adapter::SqliteStore;

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

#[cfg(feature = "testkit")]
#[test]
fn the_sqlite_store_passes_the_conformance_suite() {
    let dir = TempDir::new("sqlite-conformance");
    let path = dir.0.join("events.sqlite");
    SqliteStore::open(&path).unwrap();
    casework::testkit::store_conformance(|| SqliteStore::open(&path).unwrap(), 2).unwrap();
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
    let error = store.load(stream, Version::ZERO).unwrap_err();
    assert!(
        matches!(&error, StoreError::Corrupt { stream: s, version, .. } if *s == stream && *version == Version::new(1)),
        "{error:?}"
    );
    assert!(error.to_string().starts_with("event v1 of stream 00000000-0000-0000-0000-000000000005 cannot be read: event: unknown variant `no_such_event`"), "{error}");
}
