//! `PgStore` proven by casework's conformance suite against the database
//! `CASEWORK_PG_URL` names (`.ci/run` installs and starts PostgreSQL and always
//! sets it), refusing corrupt rows and names that are not plain.
#![allow(clippy::unwrap_used, missing_docs)]

use casework::store::{CaseStore, StoreError};
use casework::{StreamId, Version};

use casework_postgres::PgStore;

/// The database URL, or `None` with the reason the tests skip.
#[allow(clippy::print_stderr, reason = "a skipped test says why")]
fn url() -> Option<String> {
    let url = std::env::var("CASEWORK_PG_URL").ok();
    if url.is_none() {
        eprintln!(
            "skipped: CASEWORK_PG_URL is not set, so the PostgreSQL adapter is not tested \
             (`.ci/run` sets it)"
        );
    }
    url
}

/// A table of its own for a test, dropped first so that reruns start clean.
fn fresh(url: &str, table: &str) -> PgStore {
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    client
        .batch_execute(&format!("DROP TABLE IF EXISTS {table}"))
        .unwrap();
    PgStore::connect(url, table).unwrap()
}

#[test]
fn the_postgres_store_passes_the_conformance_suite() {
    let Some(url) = url() else { return };
    fresh(&url, "casework_conformance");
    casework::testkit::store_conformance(
        || PgStore::connect(&url, "casework_conformance").unwrap(),
        3,
    )
    .unwrap();
}

#[test]
fn the_postgres_store_passes_the_conformance_suite_with_capa_events() {
    use casework::quality::capa::{ActionNo, Event};

    let Some(url) = url() else { return };
    fresh(&url, "casework_conformance_capa");
    let completed = |n| Event::ActionCompleted {
        action: ActionNo(n),
        evidence: format!("evidence {n}"),
    };
    casework::testkit::store_conformance_with(
        || PgStore::connect(&url, "casework_conformance_capa").unwrap(),
        5,
        completed,
    )
    .unwrap();
}

#[test]
fn a_corrupt_row_is_a_typed_error_naming_stream_and_version() {
    let Some(url) = url() else { return };
    let mut store = fresh(&url, "casework_corrupt");
    let stream = StreamId::from_uuid(uuid::Uuid::from_u128(5));
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .execute(
            "INSERT INTO casework_corrupt (stream, version, at_secs, at_nanos, actor, prev_hash, event) \
             VALUES ($1, 1, 0, 0, $2, $3, '{\"type\":\"no_such_event\"}')",
            &[&stream.as_uuid(), &uuid::Uuid::nil(), &"0".repeat(64)],
        )
        .unwrap();
    let error =
        CaseStore::<casework::case::Event>::load(&mut store, stream, Version::ZERO).unwrap_err();
    assert!(
        matches!(&error, StoreError::Corrupt { stream: s, version, .. } if *s == stream && *version == Version::new(1)),
        "{error:?}"
    );
}

#[test]
fn a_table_name_must_be_plain() {
    let Some(url) = url() else { return };
    assert!(PgStore::connect(&url, "events; DROP TABLE x").is_err());
}
