//! Hostile stored rows that the chain must refuse: the `erases` column, which
//! the verifier trusts to tell an erased personal part from one removed behind
//! the log's back, edited after the fact. Found by the `rows` fuzz target.

use casework::case::{ErasureBasis, Event, NoteVisibility};
use casework::envelope::{ChainHash, Recorded};
use casework::store::{CHAIN_V1, ChainError, StoredRow, link, verify_chain};
use casework::{ActorId, StreamId, Version};
use chrono::{TimeZone, Utc};
use uuid::Uuid;

fn stream() -> StreamId {
    StreamId::from_uuid(Uuid::from_u128(1))
}

/// Two notes, the first erased by v3 as a store applies it.
fn erased_history() -> Vec<StoredRow> {
    let at = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
    let actor = ActorId::from_uuid(Uuid::from_u128(2));
    let note = |text: &str| Event::NoteAdded {
        text: text.into(),
        visibility: NoteVisibility::Internal,
    };
    let erasure = Event::PersonalDataErased {
        versions: vec![Version::new(1)],
        basis: ErasureBasis::Request {
            reason: "GDPR request 2026-81".into(),
        },
    };
    let events: Vec<_> = [note("Ms Doe called"), note("Mr Roe called"), erasure]
        .into_iter()
        .zip(1..)
        .map(|(event, v)| Recorded::new(stream(), Version::new(v), at, actor, event))
        .collect();
    let mut rows = link(ChainHash::ZERO, &events).unwrap();
    assert!(rows[0].erase(3));
    verify_chain(stream(), &rows).unwrap();
    rows
}

#[test]
fn an_erasure_naming_more_versions_than_it_erased_is_an_edit() {
    let mut rows = erased_history();
    rows[2].erases = vec![1, 2];
    rows[1].personal = None;
    rows[1].erased_by = Some(3);
    // Before the chain covered `erases`, this verified: v2's note was gone
    // without any event having erased it.
    assert_eq!(
        verify_chain(stream(), &rows),
        Err(ChainError::Edited {
            version: Version::new(3)
        })
    );
}

#[test]
fn an_erasure_naming_a_version_without_a_personal_part_is_an_edit() {
    let mut rows = erased_history();
    rows[2].erases = vec![1, 2, 3];
    assert_eq!(
        verify_chain(stream(), &rows),
        Err(ChainError::Edited {
            version: Version::new(3)
        })
    );
}

#[test]
fn an_erasure_whose_list_was_emptied_is_an_edit() {
    let mut rows = erased_history();
    rows[2].erases.clear();
    assert_eq!(
        verify_chain(stream(), &rows),
        Err(ChainError::Edited {
            version: Version::new(3)
        })
    );
}

#[test]
fn a_rule_one_row_erases_nothing() {
    let mut rows = erased_history();
    rows[0].chain = CHAIN_V1;
    rows[0].hash = None;
    rows[0].erases = vec![1];
    let refused = verify_chain(stream(), &rows).unwrap_err();
    assert_eq!(refused.rule(), "unreadable");
    assert!(
        refused
            .to_string()
            .contains("erases: a chain-v1 row erases nothing"),
        "{refused}"
    );
}
