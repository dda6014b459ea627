//! What both stores refuse: rows that cannot be read back, each a typed error
//! naming its stream and version, and table names that are not plain.

use casework::store::{AsyncCaseStore, CaseStore, StoreError};
use casework::{StreamId, Version};
use casework_postgres::{AsyncPgStore, PgError, PgStore, pool};

use crate::{Raw, fresh, runtime, url};

#[test]
fn a_corrupt_row_is_a_typed_error_naming_stream_and_version() {
    let Some(url) = url() else { return };
    let table = "casework_corrupt";
    let mut sync = fresh(&url, table);
    let runtime = runtime();
    let mut pooled = runtime
        .block_on(AsyncPgStore::new(pool(&url, 2).unwrap(), table))
        .unwrap();
    let raw = Raw::connect(&url);
    // (version, at_nanos, encoding, event, payload): each stored alone in a
    // stream of its own, at that version.
    let corrupt: [(i64, i32, i64, Option<&str>, Option<&[u8]>); 4] = [
        (1, 0, 1, Some(r#"{"type":"no_such_event"}"#), None),
        (2, 0, 1, None, Some(b"not json")),
        (3, 0, 99, None, Some(br#"{"type":"closed"}"#)),
        (4, 2_000_000_000, 1, None, Some(br#"{"type":"closed"}"#)),
    ];
    for (version, at_nanos, encoding, event, payload) in corrupt {
        let stream = StreamId::from_uuid(uuid::Uuid::from_u128(version.unsigned_abs().into()));
        raw.execute(
            &format!(
                "INSERT INTO {table} (stream, version, at_secs, at_nanos, actor, prev_hash, \
                                      encoding, event, payload) \
                 VALUES ($1, $2, 0, $3, $4, $5, $6, $7, $8)"
            ),
            &[
                &stream.as_uuid(),
                &version,
                &at_nanos,
                &uuid::Uuid::nil(),
                &"0".repeat(64),
                &encoding,
                &event,
                &payload,
            ],
        );
        let names_it = |error: &StoreError<PgError>| {
            matches!(error, StoreError::Corrupt { stream: s, version: v, .. }
                if *s == stream && v.get() == version.unsigned_abs())
        };
        let error =
            CaseStore::<casework::case::Event>::load(&mut sync, stream, Version::ZERO).unwrap_err();
        assert!(names_it(&error), "sync, v{version}: {error:?}");
        let error = runtime
            .block_on(AsyncCaseStore::<casework::case::Event>::load(
                &mut pooled,
                stream,
                Version::ZERO,
            ))
            .unwrap_err();
        assert!(names_it(&error), "async, v{version}: {error:?}");
    }
}

#[test]
fn a_table_name_must_be_plain() {
    // Refused before anything is connected: no database needed.
    let url = "host=127.0.0.1 port=1 user=nobody dbname=nothing";
    let runtime = runtime();
    let long = "a".repeat(64);
    for name in [
        "",
        "events; DROP TABLE x",
        "Events",
        "1events",
        "case-events",
        &long,
    ] {
        let refused = |result: Result<(), PgError>| matches!(result, Err(PgError::TableName(ref n)) if n == name);
        assert!(
            refused(PgStore::connect(url, name).map(drop)),
            "sync: {name:?}"
        );
        let pooled = runtime.block_on(AsyncPgStore::new(pool(url, 1).unwrap(), name));
        assert!(refused(pooled.map(drop)), "async: {name:?}");
    }
}
