//! What both stores refuse: rows that cannot be read back, each a typed error
//! naming its stream and version, and table names that are not plain.

use casework::store::{AsyncCaseStore, CaseStore, StoreError};
use casework::{StreamId, Version};
use casework_postgres::{AsyncPgStore, PgError, PgStore, pool};

use crate::{Raw, fresh, runtime, url};

/// A row of string events, written behind the store's back.
struct Row {
    version: i64,
    at_nanos: i32,
    encoding: i64,
    /// A rule-1 row's text.
    event: Option<&'static str>,
    payload: Option<&'static [u8]>,
}

impl Row {
    /// A sound row at `version`: each corrupt one changes one column.
    fn at(version: i64) -> Self {
        Self {
            version,
            at_nanos: 0,
            encoding: 1,
            event: None,
            payload: Some(br#""a note""#),
        }
    }

    /// The stream the row is stored in, alone: one of its own.
    fn stream(&self) -> StreamId {
        StreamId::from_uuid(uuid::Uuid::from_u128(self.version.unsigned_abs().into()))
    }

    fn insert(&self, raw: &Raw, table: &str) {
        raw.execute(
            &format!(
                "INSERT INTO {table} (stream, version, at_secs, at_nanos, actor, prev_hash, \
                                      encoding, event, payload) \
                 VALUES ($1, $2, 0, $3, $4, $5, $6, $7, $8)"
            ),
            &[
                &self.stream().as_uuid(),
                &self.version,
                &self.at_nanos,
                &uuid::Uuid::nil(),
                &"0".repeat(64),
                &self.encoding,
                &self.event,
                &self.payload,
            ],
        );
    }
}

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
    let mut load = |stream| {
        let sync = CaseStore::<String>::load(&mut sync, stream, Version::ZERO);
        let pooled = runtime.block_on(AsyncCaseStore::<String>::load(
            &mut pooled,
            stream,
            Version::ZERO,
        ));
        [sync, pooled]
    };

    // A sound row reads back, through both stores.
    let sound = Row::at(5);
    sound.insert(&raw, table);
    for loaded in load(sound.stream()) {
        assert_eq!(loaded.unwrap()[0].event, "a note");
    }

    let corrupt = [
        Row {
            event: Some(r#"{"type":"no_such_event"}"#),
            payload: None,
            ..Row::at(1)
        },
        Row {
            payload: Some(b"not json"),
            ..Row::at(2)
        },
        Row {
            encoding: 99,
            ..Row::at(3)
        },
        Row {
            at_nanos: 2_000_000_000,
            ..Row::at(4)
        },
    ];
    for row in corrupt {
        row.insert(&raw, table);
        let stream = row.stream();
        for (store, loaded) in ["sync", "async"].into_iter().zip(load(stream)) {
            let error = loaded.unwrap_err();
            assert!(
                matches!(&error, StoreError::Corrupt { stream: s, version: v, .. }
                    if *s == stream && v.get() == row.version.unsigned_abs()),
                "{store}, v{}: {error:?}",
                row.version
            );
        }
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
