//! A table as an earlier release made it (chain rule 1) is migrated once; its
//! rows keep verifying, the stream runs on by rule 2, and edits are named.

use casework::store::CaseStore;
use casework::{StreamId, Version};
use casework_postgres::PgStore;

use crate::{Raw, url};

#[test]
fn a_rule_1_table_is_migrated_and_its_rows_keep_verifying_and_edits_are_named() {
    use casework::ActorId;
    use casework::envelope::Recorded;
    use casework::store::{
        CHAIN_V2, ChainError, ExpectedVersion, hash_row, verify_against, verify_chain,
    };

    let Some(url) = url() else { return };
    let client = Raw::connect(&url);
    // The table as an earlier release made it, with two rule-1 rows.
    client.batch(
        "DROP TABLE IF EXISTS casework_rule_1;
             CREATE TABLE casework_rule_1 (
                stream    UUID    NOT NULL,
                version   BIGINT  NOT NULL,
                at_secs   BIGINT  NOT NULL,
                at_nanos  INTEGER NOT NULL,
                actor     UUID    NOT NULL,
                prev_hash TEXT    NOT NULL,
                event     TEXT    NOT NULL,
                PRIMARY KEY (stream, version)
             )",
    );
    let stream = StreamId::from_uuid(uuid::Uuid::from_u128(1));
    let rows = casework::testkit::chain_v1_rows(stream, &[r#""logged""#, r#""acknowledged""#]);
    for row in &rows {
        let nanos = i32::try_from(row.at_nanos).unwrap();
        let json = String::from_utf8(row.payload.clone()).unwrap();
        client
            .execute(
                "INSERT INTO casework_rule_1 (stream, version, at_secs, at_nanos, actor, prev_hash, event)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[&row.stream, &row.version, &row.at_secs, &nanos, &row.actor, &row.prev_hash, &json],
            );
    }
    let prev = hash_row(&rows[1]).unwrap();

    // Connecting migrates, once; the rows verify by rule 1 and decode.
    let mut store = PgStore::connect(&url, "casework_rule_1").unwrap();
    drop(PgStore::connect(&url, "casework_rule_1").unwrap());
    let load =
        |store: &mut PgStore| CaseStore::<String>::load_rows(store, stream, Version::ZERO).unwrap();
    let checkpoint = verify_chain(stream, &load(&mut store)).unwrap();
    assert_eq!(checkpoint.head, prev);
    let events: Vec<Recorded<String>> = store.load(stream, Version::ZERO).unwrap();
    assert_eq!(events[1].event, "acknowledged");

    // The stream runs on by rule 2.
    let more: Vec<_> = (3..=5)
        .map(|v| {
            Recorded::new(
                stream,
                Version::new(v),
                events[1].at,
                ActorId::from_uuid(uuid::Uuid::from_u128(2)),
                format!("step {v}"),
            )
        })
        .collect();
    store
        .append(stream, ExpectedVersion::Exactly(Version::new(2)), &more)
        .unwrap();
    let rows = load(&mut store);
    assert_eq!(rows[4].chain, CHAIN_V2);
    let head = verify_against(&rows, &checkpoint).unwrap();

    // Edited behind the store's back: v4 is named; a deleted tail is caught.
    client.execute(
        "UPDATE casework_rule_1 SET payload = convert_to('\"step zero\"', 'UTF8') \
             WHERE stream = $1 AND version = 4",
        &[&stream.as_uuid()],
    );
    assert_eq!(
        verify_chain(stream, &load(&mut store)),
        Err(ChainError::Edited {
            version: Version::new(4)
        })
    );
    client.execute(
        "DELETE FROM casework_rule_1 WHERE stream = $1 AND version >= 4",
        &[&stream.as_uuid()],
    );
    assert_eq!(
        verify_against(&load(&mut store), &head),
        Err(ChainError::Truncated {
            checkpoint: Version::new(5),
            stored: Version::new(3)
        })
    );
}
