//! Fuzz check `rows`: stored event rows as a database might hand them back.
//! The first byte chooses how they are made:
//!
//! - even: rows built column by column from the input (versions, instants,
//!   chain rules, encodings, hex, payloads, personal parts, erasure columns),
//!   each link either the hash of the row before or the input's; the
//!   verifiers (`verify_chain`, `verify_history`, `verify_against`) and
//!   `StoredRow::decode` must answer without panicking, `verify_chain` and
//!   `verify_history` alike, and an accepted chain must hash to its head;
//! - odd: a case's stored history (logged, a note, acknowledged, a second
//!   note, the first note's text erased), its rows then edited, removed, swapped,
//!   duplicated or rehashed as the input says. Unchanged, it verifies against
//!   its checkpoint; changed in any way, `verify_against` refuses it with a
//!   typed error.

use std::convert::Infallible;
use std::sync::OnceLock;

use casework::case::{Case, Command, ErasureBasis, Event};
use casework::envelope::ChainHash;
use casework::store::{
    CHAIN_V1, CHAIN_V2, CaseStore, Checkpoint, ExpectedVersion, InMemoryStore, JSON_V1, StoredRow,
    hash_row, verify_against, verify_chain, verify_history,
};
use casework::{Actor, ActorId, Aggregate, Ctx, Policy, Recorded, Role, StreamId, Version};
use chrono::{DateTime, TimeDelta, Utc};
use uuid::Uuid;

use super::input::Input;

/// The most rows built from the input.
const MAX_ROWS: usize = 12;

/// The most edits to the stored history.
const MAX_EDITS: usize = 8;

/// Runs one input.
pub fn check(data: &[u8]) {
    let mut input = Input::new(data);
    if input.u8() & 1 == 0 {
        built(&mut input);
    } else {
        edited(&mut input);
    }
}

/// The stream of the stored case.
fn stream() -> StreamId {
    StreamId::from_uuid(Uuid::from_u128(0x42))
}

/// The case's stored history: its rows as a store keeps them, and the
/// checkpoint they verify to.
pub fn history() -> &'static (Vec<StoredRow>, Checkpoint) {
    static HISTORY: OnceLock<(Vec<StoredRow>, Checkpoint)> = OnceLock::new();
    HISTORY.get_or_init(|| {
        let policy = Policy::sop_default().expect("the SOP default compiles");
        let everyone = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), Role::SOP);
        let start = DateTime::parse_from_rfc3339("2026-11-23T09:00:00.123456789Z")
            .expect("an instant")
            .with_timezone(&Utc);
        let commands = [
            r#"{"command":"log","intake":{"case":"00000000-0000-0000-0000-000000000042","category":"delivery/late","channel":"email","customer":"00000000-0000-0000-0000-000000000007","description":"Ordered on the 2nd, still not here.","follow_up_channel":"phone","impact":3,"kind":"complaint","received_at":"2026-11-23T09:00:00Z","reference":"CMP-2026-000042","subject":"Parcel two weeks late","urgency":3}}"#,
            r#"{"command":"add_note","text":"Ms Doe called from 555-0100","visibility":"internal"}"#,
            r#"{"command":"acknowledge","channel":"email"}"#,
            r#"{"command":"add_note","text":"Mr Roe called for Ms Doe","visibility":"internal"}"#,
        ];
        let mut case = Case::default();
        let mut store = InMemoryStore::<Event>::new();
        let mut at = start;
        for json in commands {
            let command: Command = serde_json::from_str(json).expect("a command");
            let recorded: Vec<Recorded<Event>> = case
                .record(&command, &Ctx::new(at, everyone, &policy))
                .unwrap_or_else(|e| panic!("{json}: {e}"));
            CaseStore::append(&mut store, stream(), ExpectedVersion::Any, &recorded)
                .expect("stored");
            at += TimeDelta::minutes(7);
        }
        // The first note erased alone, as an erasure of it would be stored: the
        // logging and the second note keep their personal parts.
        let erasure = Event::PersonalDataErased {
            versions: vec![Version::new(2)],
            basis: ErasureBasis::Request {
                reason: "GDPR request 2026-81".to_owned(),
            },
        };
        let erasure = Recorded::new(stream(), case.version().next(), at, everyone.id, erasure);
        CaseStore::append(&mut store, stream(), ExpectedVersion::Any, &[erasure]).expect("stored");
        let rows = CaseStore::<Event>::load_rows(&mut store, stream(), Version::ZERO)
            .expect("the rows load");
        assert!(rows.iter().any(|r| r.erased_by.is_some()), "nothing was erased");
        assert!(rows.iter().any(|r| r.personal.is_some()), "nothing personal is kept");
        let checkpoint = verify_chain(stream(), &rows).expect("the history verifies");
        (rows, checkpoint)
    })
}

/// 64 hex digits: the input's, a flipped digit of `near`, or zeros.
fn hex(input: &mut Input<'_>, near: &str) -> String {
    match input.choose(5) {
        0 => {
            let bytes = input.take(32);
            bytes.iter().map(|b| format!("{b:02x}")).collect()
        }
        1 => input.text(70),
        2 => ChainHash::ZERO.to_string(),
        _ => {
            let mut digits: Vec<char> = near.chars().collect();
            if !digits.is_empty() {
                let i = input.choose(digits.len());
                digits[i] = *input.pick(&['0', '7', 'a', 'f', 'A', 'g', ' ']);
            }
            digits.into_iter().collect()
        }
    }
}

/// A payload: an event of the stored case, changed or not, or the input's.
fn payload(input: &mut Input<'_>) -> Vec<u8> {
    let (rows, _) = history();
    match input.choose(4) {
        0 => input.bytes(64).to_vec(),
        1 => b"\"logged\"".to_vec(),
        _ => {
            let mut payload = input.pick(rows).payload.clone();
            if !payload.is_empty() && input.bool() {
                let i = input.choose(payload.len());
                payload[i] ^= input.u8() | 1;
            }
            payload
        }
    }
}

fn small(input: &mut Input<'_>, around: i64) -> i64 {
    match input.choose(4) {
        0 => input.i64(),
        _ => around.wrapping_add(input.in_range(-2, 2)),
    }
}

/// Rows built column by column.
fn built(input: &mut Input<'_>) {
    let (stored, _) = history();
    let n = input.choose(MAX_ROWS + 1);
    let mut rows: Vec<StoredRow> = Vec::with_capacity(n);
    let mut prev = ChainHash::ZERO.to_string();
    for i in 0..n {
        let template = &stored[i % stored.len()];
        let mut row = StoredRow {
            stream: if input.choose(8) == 0 {
                Uuid::from_u128(u128::from(input.u64()))
            } else {
                stream().as_uuid()
            },
            version: small(input, i as i64 + 1),
            at_secs: small(input, template.at_secs),
            at_nanos: small(input, template.at_nanos),
            actor: template.actor,
            chain: small(input, CHAIN_V2),
            encoding: small(input, i64::from(JSON_V1)),
            payload: payload(input),
            personal_digest: match input.choose(3) {
                0 => None,
                1 => template.personal_digest.clone(),
                _ => Some(hex(
                    input,
                    template.personal_digest.as_deref().unwrap_or(""),
                )),
            },
            personal: match input.choose(3) {
                0 => None,
                1 => template.personal.clone(),
                _ => Some(input.bytes(32).to_vec()),
            },
            erased_by: match input.choose(3) {
                0 => Some(small(input, i as i64 + 2)),
                _ => None,
            },
            erases: (0..input.choose(3))
                .map(|_| small(input, i as i64))
                .collect(),
            prev_hash: if input.choose(4) == 0 {
                hex(input, &prev)
            } else {
                prev.clone()
            },
            hash: None,
        };
        row.hash = match input.choose(4) {
            0 => None,
            1 => Some(hex(input, &prev)),
            _ => hash_row(&row).ok().map(|h| h.to_string()),
        };
        prev = row
            .hash
            .clone()
            .or_else(|| hash_row(&row).ok().map(|h| h.to_string()))
            .unwrap_or_default();
        rows.push(row);
    }
    let chain = verify_chain(stream(), &rows);
    let verified = verify_history(stream(), &rows);
    assert_eq!(
        chain.as_ref().ok(),
        verified.as_ref().ok().map(|v| &v.checkpoint),
        "verify_chain and verify_history disagree"
    );
    assert_eq!(chain.as_ref().err(), verified.as_ref().err());
    if let Ok(checkpoint) = &chain {
        assert_eq!(checkpoint.version.get(), rows.len() as u64);
        let head = rows.last().map_or(Ok(ChainHash::ZERO), hash_row);
        assert_eq!(
            head.ok(),
            Some(checkpoint.head),
            "the checkpoint is not the last row's hash"
        );
        assert_eq!(verify_against(&rows, checkpoint).as_ref(), Ok(checkpoint));
    }
    let _ = verify_against(&rows, &history().1);
    for row in &rows {
        let _ = row.decode::<Event, Infallible>();
        let _ = row.decode::<String, Infallible>();
        let _ = row.decode::<casework::feedback::item::Event, Infallible>();
        let _ = hash_row(row);
        let mut erased = row.clone();
        let _ = erased.erase(i64::MAX);
    }
}

/// The stored history, edited.
fn edited(input: &mut Input<'_>) {
    let (original, checkpoint) = history();
    let mut rows = original.clone();
    for _ in 0..input.choose(MAX_EDITS + 1) {
        if rows.is_empty() {
            break;
        }
        let i = input.choose(rows.len());
        let j = input.choose(rows.len());
        let other = rows[j].clone();
        let row = &mut rows[i];
        match input.choose(19) {
            0 => {
                if !row.payload.is_empty() {
                    let k = input.choose(row.payload.len());
                    row.payload[k] ^= input.u8() | 1;
                }
            }
            1 => row.payload = payload(input),
            2 => row.version = small(input, row.version),
            3 => row.at_secs = small(input, row.at_secs),
            4 => row.at_nanos = small(input, row.at_nanos),
            5 => row.actor = Uuid::from_u128(row.actor.as_u128() ^ u128::from(input.u8() | 1)),
            6 => row.stream = Uuid::from_u128(row.stream.as_u128() ^ u128::from(input.u8() | 1)),
            7 => row.chain = *input.pick(&[0, CHAIN_V1, CHAIN_V2, 3]),
            8 => row.encoding = small(input, row.encoding),
            9 => {
                row.personal_digest = match input.choose(3) {
                    0 => None,
                    1 => other.personal_digest.clone(),
                    _ => Some(hex(input, row.personal_digest.as_deref().unwrap_or(""))),
                }
            }
            10 => {
                row.personal = match input.choose(3) {
                    0 => None,
                    1 => other.personal.clone(),
                    _ => Some(input.bytes(32).to_vec()),
                }
            }
            11 => {
                row.erased_by = match input.choose(3) {
                    0 => None,
                    _ => Some(small(input, other.version)),
                }
            }
            12 => {
                row.erases = match input.choose(3) {
                    0 => Vec::new(),
                    1 => other.erases.clone(),
                    _ => (0..input.choose(4)).map(|_| small(input, 2)).collect(),
                }
            }
            13 => {
                row.prev_hash = match input.choose(2) {
                    0 => other.hash.clone().unwrap_or_default(),
                    _ => hex(input, &row.prev_hash.clone()),
                }
            }
            14 => {
                row.hash = match input.choose(3) {
                    0 => None,
                    1 => Some(hex(input, row.hash.as_deref().unwrap_or(""))),
                    // Rewritten with its own hash, as one who can write the rows can.
                    _ => hash_row(row).ok().map(|h| h.to_string()),
                }
            }
            15 => {
                rows.remove(i);
            }
            16 => rows.swap(i, j),
            17 => rows.insert(i, other),
            _ => rows.truncate(i),
        }
    }
    let chain = verify_chain(stream(), &rows);
    let verified = verify_history(stream(), &rows);
    assert_eq!(
        chain.as_ref().ok(),
        verified.as_ref().ok().map(|v| &v.checkpoint)
    );
    assert_eq!(chain.as_ref().err(), verified.as_ref().err());
    let against = verify_against(&rows, checkpoint);
    if rows == *original {
        assert_eq!(
            against.as_ref(),
            Ok(checkpoint),
            "the unchanged history fails"
        );
    } else {
        assert!(
            against.is_err(),
            "a changed history verifies against its checkpoint:\n{}",
            changes(original, &rows)
        );
    }
    for row in &rows {
        let _ = row.decode::<Event, Infallible>();
    }
}

/// What differs between the stored rows and the edited ones, row by row.
fn changes(original: &[StoredRow], rows: &[StoredRow]) -> String {
    let mut lines = Vec::new();
    for k in 0..original.len().max(rows.len()) {
        match (original.get(k), rows.get(k)) {
            (Some(a), Some(b)) if a == b => {}
            (a, b) => lines.push(format!("row {k}: {a:?}\n    now {b:?}")),
        }
    }
    lines.join("\n")
}
