//! The audit chain over stored rows: the canonical bytes of both rules pinned
//! by vectors computed outside Rust, rule-1 histories that keep verifying,
//! payloads read back across a change of their type, the altered event named,
//! checkpoints against a changed tail, and hostile rows refused with a typed
//! error.

use casework::envelope::{ChainHash, Recorded};
use casework::store::{
    CHAIN_V1, CHAIN_V2, CaseStore, ChainError, Checkpoint, ERASED, ExpectedVersion, InMemoryStore,
    JSON_V1, Payload, PayloadError, StoreError, StoredRow, decode_json, hash_row, link,
    verify_against, verify_chain, verify_history,
};
use casework::{ActorId, StreamId, Version};
use chrono::{DateTime, Utc};
use proptest::prelude::*;
use uuid::Uuid;

/// A complaint as an event type saw it: `channel` was added later, optional.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Complaint {
    subject: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    channel: Option<String>,
}

impl Payload for Complaint {}

fn stream() -> StreamId {
    StreamId::from_uuid(Uuid::from_u128(1))
}

fn actor() -> ActorId {
    ActorId::from_uuid(Uuid::from_u128(2))
}

/// 2026-11-25 09:00:00.123456789 UTC.
fn at() -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_597_200, 123_456_789).unwrap()
}

/// The hashes below are SHA-256 over the bytes the module docs list, computed
/// with Python's hashlib, not with this crate.
const V1_HASH_1: &str = "ae78e44cbe77602243ca6b6b383f7cc75f86a6e040512099fd40947d2a1b2863";
const V1_HASH_2: &str = "23ee70330201a58eed47bcbbddecf76f727cb00b6b1c6966e4f69ad5e06ccee6";
const V2_HASH_3: &str = "42e8f60979d1796d1d8ed9dd5c7533829bfc21d47308289b9b0da41c41c21be8";
/// Rule 2 with field 10: an erasure of v1 and v2 (its payload below), linked
/// to `V2_HASH_3`, as v4.
const V2_ERASURE_HASH_4: &str = "ba874a2a0e10572c926c9bf2e116f24661d9038a070a5d1dfcff0768c67f281e";
const ERASURE_PAYLOAD: &str = r#"{"type":"personal_data_erased","versions":[2,1],"basis":{"kind":"request","reason":"GDPR request 2026-81"}}"#;

/// A row as an earlier release wrote it: chain rule 1, the event's JSON, the
/// link, and no hash of its own.
fn v1_row(version: i64, prev: &str, json: &str) -> StoredRow {
    StoredRow {
        stream: stream().as_uuid(),
        version,
        at_secs: 1_795_597_200,
        at_nanos: 123_456_789,
        actor: actor().as_uuid(),
        chain: CHAIN_V1,
        encoding: i64::from(JSON_V1),
        payload: json.as_bytes().to_vec(),
        personal_digest: None,
        personal: None,
        erased_by: None,
        erases: Vec::new(),
        prev_hash: prev.to_owned(),
        hash: None,
    }
}

/// Two events stored by rule 1, before `channel` existed.
fn v1_history() -> Vec<StoredRow> {
    vec![
        v1_row(
            1,
            &ChainHash::ZERO.to_string(),
            r#"{"subject":"Late parcel"}"#,
        ),
        v1_row(2, V1_HASH_1, r#"{"subject":"Still late"}"#),
    ]
}

fn complaint(version: u64, subject: &str, channel: Option<&str>) -> Recorded<Complaint> {
    Recorded::new(
        stream(),
        Version::new(version),
        at(),
        actor(),
        Complaint {
            subject: subject.to_owned(),
            channel: channel.map(str::to_owned),
        },
    )
}

#[test]
fn both_rules_hash_the_documented_bytes() {
    let v1 = v1_history();
    assert_eq!(hash_row(&v1[0]).unwrap().to_string(), V1_HASH_1);
    assert_eq!(hash_row(&v1[1]).unwrap().to_string(), V1_HASH_2);
    // Rule 2, linked to the rule-1 head.
    let prev: ChainHash = V1_HASH_2.parse().unwrap();
    let rows = link(prev, &[complaint(3, "Refunded", Some("email"))]).unwrap();
    assert_eq!(
        rows[0].payload,
        br#"{"subject":"Refunded","channel":"email"}"#
    );
    assert_eq!((rows[0].chain, rows[0].encoding), (CHAIN_V2, 1));
    assert_eq!(rows[0].hash.as_deref(), Some(V2_HASH_3));
    assert_eq!(rows[0].prev_hash, V1_HASH_2);
}

#[test]
fn a_stored_v1_event_without_a_later_added_optional_field_still_verifies_and_decodes() {
    let mut store = InMemoryStore::<Complaint>::new();
    // The rows an earlier release stored, as a migrated table holds them.
    store
        .append_rows(stream(), ExpectedVersion::NoStream, &v1_history())
        .unwrap();
    let rows = store.load_rows(stream(), Version::ZERO).unwrap();
    let checkpoint = verify_chain(stream(), &rows).unwrap();
    assert_eq!(checkpoint.head.to_string(), V1_HASH_2);
    // Today's type reads them, the field it gained since left empty.
    let events = store.load(stream(), Version::ZERO).unwrap();
    assert_eq!(
        events,
        vec![
            complaint(1, "Late parcel", None),
            complaint(2, "Still late", None)
        ]
    );
    // The stream runs on by rule 2, linked to the rule-1 head, and verifies
    // whole.
    store
        .append(
            stream(),
            ExpectedVersion::Exactly(Version::new(2)),
            &[complaint(3, "Refunded", Some("email"))],
        )
        .unwrap();
    let rows = store.load_rows(stream(), Version::ZERO).unwrap();
    let now = verify_against(&rows, &checkpoint).unwrap();
    assert_eq!(now.version, Version::new(3));
    assert_eq!(now.head.to_string(), V2_HASH_3);
    // A rule-1 row stores no hash of its own: an edit to it shows at the next
    // link, as it always did.
    let mut edited = rows.clone();
    edited[0].payload = br#"{"subject":"On time"}"#.to_vec();
    assert_eq!(
        verify_chain(stream(), &edited),
        Err(ChainError::BrokenLink {
            version: Version::new(2)
        })
    );
    // An edited rule-1 row under an intact rule-2 row is named.
    let mut edited = rows;
    edited[1].payload = br#"{"subject":"Never late"}"#.to_vec();
    assert_eq!(
        verify_chain(stream(), &edited),
        Err(ChainError::Replaced {
            version: Version::new(2)
        })
    );
}

/// A refund, whose `amount` in pounds became `cents` in encoding 2.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Refund {
    cents: u64,
}

/// The refund as encoding 1 wrote it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct RefundV1 {
    amount: u64,
}

impl Payload for RefundV1 {}

impl Payload for Refund {
    const ENCODING: u32 = 2;

    fn decode(encoding: u32, payload: &[u8]) -> Result<Self, PayloadError> {
        match encoding {
            JSON_V1 => decode_json::<RefundV1>(encoding, payload).map(|old| Refund {
                cents: old.amount * 100,
            }),
            2 => decode_json(encoding, payload),
            _ => Err(PayloadError::UnknownEncoding { encoding }),
        }
    }
}

#[test]
fn an_old_encoding_is_upcast_into_todays_type_and_the_chain_never_notices() {
    fn refund<E>(version: u64, event: E) -> Recorded<E> {
        Recorded::new(stream(), Version::new(version), at(), actor(), event)
    }
    // Written by the old type...
    let old = link(ChainHash::ZERO, &[refund(1, RefundV1 { amount: 3 })]).unwrap();
    let mut store = InMemoryStore::<Refund>::new();
    store
        .append_rows(stream(), ExpectedVersion::NoStream, &old)
        .unwrap();
    // ... and carried on by today's.
    let new = refund(2, Refund { cents: 250 });
    store
        .append(
            stream(),
            ExpectedVersion::Exactly(Version::new(1)),
            std::slice::from_ref(&new),
        )
        .unwrap();
    let rows = store.load_rows(stream(), Version::ZERO).unwrap();
    assert_eq!(rows.iter().map(|r| r.encoding).collect::<Vec<_>>(), [1, 2]);
    verify_chain(stream(), &rows).unwrap();
    assert_eq!(
        store.load(stream(), Version::ZERO).unwrap(),
        vec![refund(1, Refund { cents: 300 }), new]
    );
    // An encoding the type does not read is a corrupt row, named.
    let mut unknown = rows;
    unknown[1].encoding = 9;
    assert_eq!(
        unknown[1].decode::<Refund, ()>(),
        Err(StoreError::Corrupt {
            stream: stream(),
            version: Version::new(2),
            reason: "event: encoding 9 is not one this event type reads".to_owned(),
        })
    );
}

/// Five complaints stored by rule 2.
fn history(len: u64) -> Vec<StoredRow> {
    let events: Vec<_> = (1..=len)
        .map(|v| {
            complaint(
                v,
                &format!("complaint {v}"),
                (v % 2 == 0).then_some("phone"),
            )
        })
        .collect();
    link(ChainHash::ZERO, &events).unwrap()
}

/// Rewrites a row's own hash to match its edited content, as a careful
/// forger would.
fn rehash(row: &mut StoredRow) {
    row.hash = Some(hash_row(row).unwrap().to_string());
}

#[test]
fn an_edited_v4_is_reported_as_v4() {
    type Edit = fn(&mut StoredRow);
    let edits: [(&str, Edit, ChainError); 10] = {
        let v4 = || ChainError::Edited {
            version: Version::new(4),
        };
        [
            ("payload", |r| r.payload[3] ^= 1, v4()),
            ("actor", |r| r.actor = Uuid::from_u128(666), v4()),
            ("time", |r| r.at_nanos += 1, v4()),
            ("encoding", |r| r.encoding = 2, v4()),
            ("link", |r| r.prev_hash = "1".repeat(64), v4()),
            ("own hash", |r| r.hash = Some("2".repeat(64)), v4()),
            (
                "personal digest",
                |r| r.personal_digest = Some("3".repeat(64)),
                v4(),
            ),
            (
                "payload and own hash",
                |r| {
                    r.payload = br#"{"subject":"nothing wrong"}"#.to_vec();
                    rehash(r);
                },
                ChainError::Replaced {
                    version: Version::new(4),
                },
            ),
            (
                "rule, down to 1",
                |r| {
                    r.chain = CHAIN_V1;
                    r.hash = None;
                },
                ChainError::Downgraded {
                    version: Version::new(4),
                },
            ),
            (
                "version",
                |r| r.version = 9,
                ChainError::Gap {
                    expected: Version::new(4),
                    found: Version::new(9),
                },
            ),
        ]
    };
    for (what, edit, expected) in edits {
        let mut rows = history(6);
        edit(&mut rows[3]);
        let found = verify_chain(stream(), &rows);
        assert_eq!(found, Err(expected.clone()), "{what}");
        // The error says which rule refused.
        assert_eq!(found.unwrap_err().rule(), expected.rule(), "{what}");
    }
    let mut rows = history(6);
    rows[3].payload[3] ^= 1;
    assert_eq!(
        verify_chain(stream(), &rows).unwrap_err().to_string(),
        "event v4 was altered: its content no longer hashes to its stored hash"
    );
}

#[test]
fn an_edited_or_deleted_tail_is_caught_by_a_checkpoint() {
    let rows = history(5);
    let checkpoint = verify_chain(stream(), &rows).unwrap();
    assert_eq!(verify_against(&rows, &checkpoint), Ok(checkpoint));
    let truncated = |stored| ChainError::Truncated {
        checkpoint: Version::new(5),
        stored: Version::new(stored),
    };
    let differs = ChainError::DiffersFromCheckpoint {
        version: Version::new(5),
    };

    let mut deleted = rows.clone();
    deleted.pop();
    assert!(
        verify_chain(stream(), &deleted).is_ok(),
        "the chain alone cannot tell"
    );
    assert_eq!(verify_against(&deleted, &checkpoint), Err(truncated(4)));

    assert_eq!(verify_against(&rows[..2], &checkpoint), Err(truncated(2)));
    assert_eq!(verify_against(&[], &checkpoint), Err(truncated(0)));

    let mut edited = rows.clone();
    edited[4].payload = br#"{"subject":"withdrawn"}"#.to_vec();
    assert_eq!(
        verify_chain(stream(), &edited),
        Err(ChainError::Edited {
            version: Version::new(5)
        }),
        "an edit without its hash shows without a checkpoint"
    );
    rehash(&mut edited[4]);
    assert!(
        verify_chain(stream(), &edited).is_ok(),
        "the chain alone cannot tell"
    );
    assert_eq!(verify_against(&edited, &checkpoint), Err(differs.clone()));

    // The whole stream rewritten from v2 on, every link and hash consistent.
    let mut rewritten = rows.clone();
    rewritten[1].payload = br#"{"subject":"rewritten"}"#.to_vec();
    let mut prev = hash_row(&rewritten[0]).unwrap();
    for row in &mut rewritten[1..] {
        row.prev_hash = prev.to_string();
        rehash(row);
        prev = hash_row(row).unwrap();
    }
    assert!(verify_chain(stream(), &rewritten).is_ok());
    assert_eq!(verify_against(&rewritten, &checkpoint), Err(differs));

    // A stream that grew since its checkpoint is fine, and gives the next one.
    let grown = history(7);
    let now = verify_against(&grown, &checkpoint).unwrap();
    assert_eq!(now.version, Version::new(7));
    // A checkpoint of another stream is refused.
    let other = Checkpoint {
        stream: StreamId::from_uuid(Uuid::from_u128(3)),
        ..checkpoint
    };
    assert!(matches!(
        verify_against(&rows, &other),
        Err(ChainError::WrongStream { .. })
    ));
    // The empty stream's checkpoint holds for any stream.
    let empty = Checkpoint {
        stream: stream(),
        version: Version::ZERO,
        head: ChainHash::ZERO,
    };
    assert_eq!(verify_chain(stream(), &[]), Ok(empty));
    assert_eq!(verify_against(&rows, &empty), Ok(checkpoint));
}

#[test]
fn a_checkpoint_is_kept_as_json() {
    let checkpoint = verify_chain(stream(), &history(2)).unwrap();
    let json = serde_json::to_string(&checkpoint).unwrap();
    assert_eq!(
        json,
        format!(
            r#"{{"stream":"00000000-0000-0000-0000-000000000001","version":2,"head":"{}"}}"#,
            checkpoint.head
        )
    );
    assert_eq!(
        serde_json::from_str::<Checkpoint>(&json).unwrap(),
        checkpoint
    );
}

#[test]
fn hostile_rows_are_refused_with_the_column_named() {
    type Edit = fn(&mut StoredRow);
    // Which column, and whether the event still reads back: decoding needs
    // only the envelope and the payload, not the chain's columns.
    let cases: [(Edit, &str, bool); 12] = [
        (|r| r.version = -4, "version", false),
        (|r| r.version = 0, "version", false),
        (|r| r.at_nanos = -1, "at", false),
        (|r| r.at_nanos = 2_000_000_000, "at", false),
        (|r| r.at_nanos = i64::MAX, "at", false),
        (|r| r.at_secs = i64::MAX, "at", false),
        (|r| r.encoding = -1, "encoding", false),
        (|r| r.prev_hash = "xyz".into(), "prev_hash", true),
        (|r| r.prev_hash = "AB".repeat(32), "prev_hash", true),
        (|r| r.chain = 3, "chain", true),
        (|r| r.hash = None, "hash", true),
        (
            |r| r.personal_digest = Some(String::new()),
            "personal_digest",
            true,
        ),
    ];
    for (edit, column, decodes) in cases {
        let mut rows = history(3);
        edit(&mut rows[1]);
        let found = verify_chain(stream(), &rows);
        assert!(
            matches!(&found, Err(ChainError::Unreadable { column: c, .. }) if *c == column),
            "{column}: {found:?}"
        );
        assert_eq!(found.unwrap_err().rule(), "unreadable");
        // The typed load refuses a corrupt envelope, and reads the event
        // whatever the chain's columns hold.
        let decoded = rows[1].decode::<Complaint, ()>();
        if decodes {
            assert_eq!(decoded.unwrap().event.subject, "complaint 2", "{column}");
        } else {
            assert!(
                matches!(decoded, Err(StoreError::Corrupt { .. })),
                "{column}"
            );
        }
    }
}

/// Three notes, each with a personal part, and then an erasure of v1 and
/// v3, as the in-memory store holds them after the append.
fn notes_erased() -> Vec<StoredRow> {
    use casework::case::{ErasureBasis, Event, NoteVisibility};
    let note = |v: u64| {
        let text = format!("Ms Doe {v} called from 555-010{v}");
        let event = Event::NoteAdded {
            text,
            visibility: NoteVisibility::Internal,
        };
        Recorded::new(stream(), Version::new(v), at(), actor(), event)
    };
    let erasure = Event::PersonalDataErased {
        versions: vec![Version::new(3), Version::new(1)],
        basis: ErasureBasis::Request {
            reason: "Erasure request ER-7".to_owned(),
        },
    };
    let mut store = InMemoryStore::<Event>::new();
    let notes: Vec<_> = (1..=3).map(note).collect();
    store
        .append(stream(), ExpectedVersion::NoStream, &notes)
        .unwrap();
    let erasure = Recorded::new(stream(), Version::new(4), at(), actor(), erasure);
    store
        .append(
            stream(),
            ExpectedVersion::Exactly(Version::new(3)),
            &[erasure],
        )
        .unwrap();
    store.load_rows(stream(), Version::ZERO).unwrap()
}

#[test]
fn an_erasure_leaves_a_verifying_chain_without_the_personal_text() {
    use casework::case::Event;
    let rows = notes_erased();
    let verified = verify_history(stream(), &rows).unwrap();
    let erased: Vec<String> = verified.erased.iter().map(ToString::to_string).collect();
    assert_eq!(erased, ["v1 erased by v4", "v3 erased by v4"]);
    assert_eq!(verified.checkpoint, verify_chain(stream(), &rows).unwrap());
    assert_eq!(rows[3].erases, [1, 3]);
    let bytes = |row: &StoredRow| {
        let mut all = row.payload.clone();
        all.extend(row.personal.iter().flatten());
        String::from_utf8_lossy(&all).into_owned()
    };
    for v in [0, 2] {
        assert!(
            !bytes(&rows[v]).contains("Doe"),
            "v{} still holds the name",
            v + 1
        );
        assert_eq!(rows[v].erased_by, Some(4));
    }
    assert!(bytes(&rows[1]).contains("Ms Doe 2"));
    let text = |row: &StoredRow| match row.decode::<Event, ()>().unwrap().event {
        Event::NoteAdded { text, .. } => text,
        other => panic!("{other:?}"),
    };
    assert_eq!(text(&rows[0]), ERASED);
    assert_eq!(text(&rows[1]), "Ms Doe 2 called from 555-0102");
    // The payload never held the text: the name was in the personal part only.
    assert!(!String::from_utf8_lossy(&rows[1].payload).contains("Doe"));
}

#[test]
fn personal_parts_changed_behind_the_logs_back_are_named() {
    type Edit = fn(&mut [StoredRow]);
    let v = Version::new;
    let edits: [(&str, Edit, ChainError); 10] = [
        (
            "a kept part removed",
            |rows| rows[1].personal = None,
            ChainError::PersonalRemoved { version: v(2) },
        ),
        (
            "a kept part edited",
            |rows| rows[1].personal = Some(br#"{"/text":"Mr Roe"}"#.to_vec()),
            ChainError::Edited { version: v(2) },
        ),
        (
            "a kept part removed and pointed at the erasure",
            |rows| {
                rows[1].personal = None;
                rows[1].erased_by = Some(4);
            },
            ChainError::PersonalRemoved { version: v(2) },
        ),
        (
            "an erased part put back",
            |rows| rows[0].personal = rows[1].personal.clone(),
            ChainError::ErasureIncomplete {
                version: v(1),
                by: v(4),
            },
        ),
        (
            "the erasure's list grown",
            |rows| rows[3].erases = vec![1, 2, 3],
            ChainError::Edited { version: v(4) },
        ),
        (
            "the erasure's list grown, and the erasure rehashed",
            |rows| {
                rows[3].erases = vec![1, 2, 3];
                rows[3].hash = Some(hash_row(&rows[3]).unwrap().to_string());
            },
            ChainError::ErasureIncomplete {
                version: v(2),
                by: v(4),
            },
        ),
        (
            "erased by an earlier event",
            |rows| rows[0].erased_by = Some(1),
            ChainError::Unreadable {
                version: 1,
                column: "erased_by",
                reason: "only a later event erases".to_owned(),
            },
        ),
        (
            "an erasure of a later event",
            |rows| rows[3].erases = vec![1, 3, 9],
            ChainError::Edited { version: v(4) },
        ),
        (
            "an erasure of a later event, the erasure rehashed",
            |rows| {
                rows[3].erases = vec![1, 3, 9];
                rows[3].hash = Some(hash_row(&rows[3]).unwrap().to_string());
            },
            ChainError::Unreadable {
                version: 4,
                column: "erases",
                reason: "version 9 is not an earlier event of the stream".to_owned(),
            },
        ),
        (
            // A version that exists, but is the erasure itself.
            "an erasure of itself, the erasure rehashed",
            |rows| {
                rows[3].erases = vec![1, 3, 4];
                rows[3].hash = Some(hash_row(&rows[3]).unwrap().to_string());
            },
            ChainError::Unreadable {
                version: 4,
                column: "erases",
                reason: "version 4 is not an earlier event of the stream".to_owned(),
            },
        ),
    ];
    for (what, edit, expected) in edits {
        let mut rows = notes_erased();
        edit(&mut rows);
        assert_eq!(verify_history(stream(), &rows), Err(expected), "{what}");
    }
}

/// Any row at all: hostile columns of every kind.
fn any_row() -> impl Strategy<Value = StoredRow> {
    let hash = prop_oneof![Just(ChainHash::ZERO.to_string()), "[0-9a-f]{64}", ".{0,70}",];
    (
        (any::<u128>(), any::<i64>(), any::<i64>(), any::<i64>()),
        (
            any::<i64>(),
            any::<i64>(),
            proptest::collection::vec(any::<u8>(), 0..40),
        ),
        (
            proptest::option::of(hash.clone()),
            hash.clone(),
            proptest::option::of(hash),
        ),
        (
            proptest::option::of(proptest::collection::vec(any::<u8>(), 0..20)),
            proptest::option::of(-2_i64..8),
            proptest::collection::vec(-2_i64..8, 0..3),
        ),
    )
        .prop_map(
            |(
                (stream, version, at_secs, at_nanos),
                (chain, encoding, payload),
                (personal_digest, prev, own),
                (personal, erased_by, erases),
            )| {
                StoredRow {
                    stream: Uuid::from_u128(stream % 3),
                    version: version % 5,
                    at_secs,
                    at_nanos: at_nanos % 2_000_000_100,
                    actor: Uuid::nil(),
                    chain: chain % 4,
                    encoding,
                    payload,
                    personal_digest,
                    personal,
                    erased_by,
                    erases,
                    prev_hash: prev,
                    hash: own,
                }
            },
        )
}

proptest! {
    /// One changed byte anywhere in one row's payload: the verifier names
    /// exactly that event.
    #[test]
    fn a_single_changed_byte_is_named_at_its_version(
        len in 1_u64..12,
        row in any::<prop::sample::Index>(),
        byte in any::<prop::sample::Index>(),
        flip in 1_u8..=255,
    ) {
        let mut rows = history(len);
        let k = row.index(rows.len());
        let payload = &mut rows[k].payload;
        let i = byte.index(payload.len());
        payload[i] ^= flip;
        prop_assert_eq!(
            verify_chain(stream(), &rows),
            Err(ChainError::Edited { version: Version::new(k as u64 + 1) })
        );
    }

    /// Whatever the rows hold, the verifier answers and never panics.
    #[test]
    fn the_verifier_never_panics(rows in proptest::collection::vec(any_row(), 0..6)) {
        let _ = verify_chain(stream(), &rows);
        let _ = verify_history(stream(), &rows);
        let checkpoint = Checkpoint { stream: stream(), version: Version::new(2), head: ChainHash::ZERO };
        let _ = verify_against(&rows, &checkpoint);
        for row in &rows {
            let _ = hash_row(row);
            let _ = row.decode::<Complaint, ()>();
        }
    }
}

/// An erasure's row hashes field 10 too: the versions it erases. The hash is
/// SHA-256 over the documented bytes, computed with Python's hashlib.
#[test]
fn an_erasure_row_hashes_the_versions_it_erases() {
    use casework::case::{ErasureBasis, Event};
    let erasure = Event::PersonalDataErased {
        versions: vec![Version::new(2), Version::new(1)],
        basis: ErasureBasis::Request {
            reason: "GDPR request 2026-81".into(),
        },
    };
    let prev: ChainHash = V2_HASH_3.parse().unwrap();
    let rows = link(
        prev,
        &[Recorded::new(
            stream(),
            Version::new(4),
            at(),
            actor(),
            erasure,
        )],
    )
    .unwrap();
    assert_eq!(String::from_utf8_lossy(&rows[0].payload), ERASURE_PAYLOAD);
    assert_eq!(rows[0].erases, [1, 2]);
    assert_eq!(rows[0].hash.as_deref(), Some(V2_ERASURE_HASH_4));
}

/// The first row vouches for no row before it: relinked to something else
/// than the start of the chain, and its own hash rewritten to match, it is a
/// broken link, not a replaced row 0 (found by mutation testing: a `>`
/// became `>=` and nothing noticed).
#[test]
fn a_first_row_relinked_and_rehashed_is_a_broken_link() {
    let mut rows = history(3);
    rows[0].prev_hash = "1".repeat(64);
    rehash(&mut rows[0]);
    assert_eq!(
        verify_chain(stream(), &rows),
        Err(ChainError::BrokenLink {
            version: Version::new(1)
        })
    );
}
