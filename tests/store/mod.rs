//! The storage port: the conformance suite on the in-memory store, `execute` with
//! conflicts and retries, sync and async, and the audit chain against edits,
//! removals and reorders.
#![cfg(feature = "serde")]

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use casework::Aggregate as _;
use casework::case::{Case, CaseKind, Command, Event};
use casework::envelope::{ChainHash, Recorded};
use casework::store::{
    CaseStore, ChainError, ExecuteError, ExpectedVersion, InMemoryStore, StoreError, StoredRow,
    execute, execute_async, run_due, verify_chain,
};
use casework::{Channel, Ctx, Severity, StreamId, Version};
use chrono::TimeDelta;

use crate::case::fixtures::{Desk, csr, log, monday, system};

mod chain;
#[cfg(feature = "testkit")]
mod conformance;

/// Runs a future that never waits on anything outside it.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

fn stream() -> StreamId {
    StreamId::from(crate::case::fixtures::case_id())
}

#[cfg(feature = "testkit")]
#[test]
fn the_in_memory_store_passes_the_conformance_suite() {
    let store = InMemoryStore::new();
    casework::testkit::store_conformance(|| store.clone(), 1).unwrap();
}

/// Log, acknowledge, investigate, wait on the customer.
fn lifecycle() -> [Command; 4] {
    [
        log(CaseKind::Complaint, Severity::Low),
        Command::Acknowledge {
            channel: Channel::Email,
        },
        Command::StartInvestigation,
        Command::WaitOnCustomer {
            reason: "Photos".into(),
        },
    ]
}

/// A complaint's stream, recorded through `execute`.
fn recorded_stream(store: &mut InMemoryStore<Event>) -> Vec<Recorded<Event>> {
    let desk = Desk::new();
    let commands = lifecycle();
    for (i, command) in (1..).zip(&commands) {
        let ctx = casework::Ctx::new(monday() + TimeDelta::minutes(i), csr(), &desk.policy);
        store.execute::<Case>(stream(), command, &ctx).unwrap();
    }
    store.load(stream(), Version::ZERO).unwrap()
}

/// The rows the stream is stored as.
fn rows(store: &mut InMemoryStore<Event>) -> Vec<StoredRow> {
    store.load_rows(stream(), Version::ZERO).unwrap()
}

#[test]
fn execute_records_a_chained_stream() {
    let mut store = InMemoryStore::new();
    let events = recorded_stream(&mut store);
    // The acknowledgement records its promise too.
    assert_eq!(events.len(), 5);
    let rows = rows(&mut store);
    assert_eq!(rows[0].prev_hash, ChainHash::ZERO.to_string());
    assert_eq!(rows[1].prev_hash, *rows[0].hash.as_ref().unwrap());
    let checkpoint = verify_chain(stream(), &rows).unwrap();
    assert_eq!(checkpoint.version, Version::new(5));
    assert_eq!(
        Some(checkpoint.head.to_string()),
        rows[4].hash,
        "the head is the last row's own hash"
    );
    assert_eq!(
        Case::replay(&events).unwrap().status(),
        Some(casework::case::Status::WaitingOnCustomer)
    );
}

#[test]
fn the_chain_shows_edits_removals_and_reorders() {
    let mut store = InMemoryStore::new();
    recorded_stream(&mut store);
    let rows = rows(&mut store);
    let verify = |rows: &[StoredRow]| verify_chain(stream(), rows);

    // An edit is named where it was made, not at the next link.
    let mut edited = rows.clone();
    edited[1].at_secs += 1;
    assert_eq!(
        verify(&edited),
        Err(ChainError::Edited {
            version: Version::new(2)
        })
    );

    let mut removed = rows.clone();
    removed.remove(2);
    assert_eq!(
        verify(&removed),
        Err(ChainError::Gap {
            expected: Version::new(3),
            found: Version::new(4)
        })
    );

    let mut reordered = rows.clone();
    reordered.swap(1, 2);
    assert_eq!(
        verify(&reordered),
        Err(ChainError::Gap {
            expected: Version::new(2),
            found: Version::new(3)
        })
    );

    // Renumbered after a removal: the renumbered row no longer hashes to its
    // stored hash...
    let mut renumbered = rows.clone();
    renumbered.remove(1);
    for (i, r) in renumbered.iter_mut().enumerate() {
        r.version = i as i64 + 1;
    }
    assert_eq!(
        verify(&renumbered),
        Err(ChainError::Edited {
            version: Version::new(2)
        })
    );
    // ... and rehashed too, its link still gives the removal away, right
    // after the last event left intact.
    for r in &mut renumbered {
        r.hash = Some(casework::store::hash_row(r).unwrap().to_string());
    }
    assert_eq!(
        verify(&renumbered),
        Err(ChainError::Replaced {
            version: Version::new(1)
        })
    );

    // Another actor put on an event.
    let mut impersonated = rows;
    impersonated[0].actor = uuid::Uuid::from_u128(666);
    assert_eq!(
        verify(&impersonated),
        Err(ChainError::Edited {
            version: Version::new(1)
        })
    );
}

/// A store that lets another writer in before the first `conflicts` appends.
struct Contended {
    inner: InMemoryStore<Event>,
    rival: InMemoryStore<Event>,
    conflicts: u32,
}

impl CaseStore<Event> for Contended {
    type Error = std::convert::Infallible;

    fn append_rows(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        rows: &[StoredRow],
    ) -> Result<Version, StoreError<Self::Error>> {
        if self.conflicts > 0 {
            self.conflicts -= 1;
            // The rival appends a note first.
            let at = self.rival.version(stream)?;
            let desk = Desk::new();
            let ctx = casework::Ctx::new(monday() + TimeDelta::hours(2), csr(), &desk.policy);
            let note = Command::AddNote {
                text: format!("rival {at}"),
                visibility: casework::case::NoteVisibility::Internal,
            };
            execute::<Case, _>(&mut self.rival, stream, &note, &ctx, 0).unwrap();
        }
        self.inner.append_rows(stream, expected, rows)
    }

    fn load_rows(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> Result<Vec<StoredRow>, StoreError<Self::Error>> {
        self.inner.load_rows(stream, after)
    }
}

#[test]
fn execute_decides_again_after_a_conflict_and_gives_up_after_the_retries() {
    let shared = InMemoryStore::new();
    recorded_stream(&mut shared.clone());
    let desk = Desk::new();
    let ctx = casework::Ctx::new(monday() + TimeDelta::hours(2), csr(), &desk.policy);
    let command = Command::Resume;

    let mut store = Contended {
        inner: shared.clone(),
        rival: shared.clone(),
        conflicts: 2,
    };
    let events = execute::<Case, _>(&mut store, stream(), &command, &ctx, 2).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0].version,
        Version::new(8),
        "after the rival's two notes"
    );
    verify_chain(stream(), &rows(&mut shared.clone())).unwrap();

    let mut store = Contended {
        inner: shared.clone(),
        rival: shared.clone(),
        conflicts: 3,
    };
    let note = Command::AddNote {
        text: "mine".into(),
        visibility: casework::case::NoteVisibility::Internal,
    };
    let error = execute::<Case, _>(&mut store, stream(), &note, &ctx, 2).unwrap_err();
    assert!(
        matches!(error, ExecuteError::Store(StoreError::Conflict { .. })),
        "{error:?}"
    );
}

#[test]
fn a_refused_command_writes_nothing() {
    let mut store = InMemoryStore::new();
    recorded_stream(&mut store);
    let desk = Desk::new();
    let ctx = casework::Ctx::new(monday() + TimeDelta::hours(2), csr(), &desk.policy);
    let error = execute::<Case, _>(&mut store, stream(), &Command::Close, &ctx, 3).unwrap_err();
    assert!(matches!(error, ExecuteError::Refused(_)), "{error:?}");
    assert_eq!(store.version(stream()).unwrap(), Version::new(5));
}

#[test]
fn execute_async_records_the_same_stream() {
    let mut sync_store = InMemoryStore::new();
    let expected = recorded_stream(&mut sync_store);
    let mut store = InMemoryStore::<Event>::new();
    let desk = Desk::new();
    let commands = lifecycle();
    for (i, command) in (1..).zip(&commands) {
        let ctx = casework::Ctx::new(monday() + TimeDelta::minutes(i), csr(), &desk.policy);
        block_on(execute_async::<Case, _>(
            &mut store,
            stream(),
            command,
            &ctx,
            3,
        ))
        .unwrap();
    }
    assert_eq!(
        CaseStore::load(&mut store, stream(), Version::ZERO).unwrap(),
        expected
    );
}

/// A low-priority complaint logged at 09:00 Monday and left alone: only the
/// log is stored.
fn logged(store: &mut InMemoryStore<Event>, desk: &Desk) {
    let ctx = Ctx::new(monday(), csr(), &desk.policy);
    store
        .execute::<Case>(stream(), &log(CaseKind::Complaint, Severity::Low), &ctx)
        .unwrap();
}

#[test]
fn run_due_records_what_came_due_once_and_chains_it() {
    let desk = Desk::new();
    let mut store = InMemoryStore::new();
    logged(&mut store, &desk);
    let history = store.load(stream(), Version::ZERO).unwrap();
    let later = Ctx::new(monday() + TimeDelta::days(30), system(), &desk.policy);

    let recorded = store.run_due::<Case>(stream(), &later).unwrap();
    // What the aggregate itself records when everything due is asked of it.
    let mut case = Case::replay(&history).unwrap();
    let expected = case.record_due(&later).unwrap();
    assert!(
        !expected.is_empty(),
        "a month unanswered leaves deadlines due"
    );
    let events = |r: &[Recorded<Event>]| r.iter().map(|r| r.event.clone()).collect::<Vec<_>>();
    assert_eq!(events(&recorded), events(&expected));
    assert_eq!(recorded[0].version, Version::new(2));

    let stored = store.load(stream(), Version::ZERO).unwrap();
    verify_chain(stream(), &rows(&mut store)).unwrap();
    let case = Case::replay(&stored).unwrap();
    assert!(
        case.next_deadline(&desk.policy)
            .unwrap()
            .is_none_or(|next| next > later.now())
    );
    // Nothing is recorded twice.
    assert_eq!(store.run_due::<Case>(stream(), &later).unwrap(), []);
    assert_eq!(
        store.version(stream()).unwrap(),
        stored.last().unwrap().version
    );
}

#[test]
fn run_due_before_anything_is_due_and_on_a_missing_stream_records_nothing() {
    let desk = Desk::new();
    let mut store = InMemoryStore::new();
    let soon = Ctx::new(monday() + TimeDelta::minutes(1), system(), &desk.policy);
    assert_eq!(store.run_due::<Case>(stream(), &soon).unwrap(), []);
    assert_eq!(store.version(stream()).unwrap(), Version::ZERO);
    logged(&mut store, &desk);
    assert_eq!(store.run_due::<Case>(stream(), &soon).unwrap(), []);
    assert_eq!(store.version(stream()).unwrap(), Version::new(1));
}

#[test]
fn run_due_decides_again_after_a_conflict() {
    let desk = Desk::new();
    let shared = InMemoryStore::new();
    logged(&mut shared.clone(), &desk);
    let later = Ctx::new(monday() + TimeDelta::days(30), system(), &desk.policy);
    let mut store = Contended {
        inner: shared.clone(),
        rival: shared.clone(),
        conflicts: 1,
    };
    let recorded = run_due::<Case, _>(&mut store, stream(), &later, 1).unwrap();
    assert!(!recorded.is_empty());
    assert_eq!(
        recorded[0].version,
        Version::new(3),
        "after the rival's note"
    );
    verify_chain(stream(), &rows(&mut shared.clone())).unwrap();
    assert_eq!(store.run_due::<Case>(stream(), &later).unwrap(), []);
}

#[test]
fn run_due_async_records_what_run_due_does() {
    let desk = Desk::new();
    let later = Ctx::new(monday() + TimeDelta::days(30), system(), &desk.policy);
    let mut sync_store = InMemoryStore::new();
    logged(&mut sync_store, &desk);
    let expected = CaseStore::run_due::<Case>(&mut sync_store, stream(), &later).unwrap();
    let mut store = InMemoryStore::new();
    logged(&mut store, &desk);
    let recorded = block_on(casework::store::AsyncCaseStore::run_due::<Case>(
        &mut store,
        stream(),
        &later,
    ))
    .unwrap();
    assert_eq!(recorded, expected);
    assert_eq!(
        block_on(casework::store::AsyncCaseStore::run_due::<Case>(
            &mut store,
            stream(),
            &later
        ))
        .unwrap(),
        []
    );
}

#[test]
fn one_id_has_one_stream() {
    // A creation executed on another stream than the id it names is refused,
    // and nothing is written.
    let desk = Desk::new();
    let mut store = InMemoryStore::new();
    let elsewhere = StreamId::from(casework::CaseId::from_uuid(uuid::Uuid::from_u128(0xE15E)));
    let ctx = Ctx::new(monday(), csr(), &desk.policy);
    let log = log(CaseKind::Complaint, Severity::Low);
    assert_eq!(
        store.execute::<Case>(elsewhere, &log, &ctx).unwrap_err(),
        ExecuteError::OtherStream {
            stream: elsewhere,
            created: stream(),
        }
    );
    assert_eq!(store.version(elsewhere).unwrap(), Version::ZERO);
    // A stored history whose creation names another stream does not replay.
    let mut history = recorded_stream(&mut store);
    for recorded in &mut history {
        recorded.stream = elsewhere;
    }
    assert_eq!(
        Case::replay(&history).unwrap_err(),
        casework::envelope::ReplayError::CreatedElsewhere {
            stream: elsewhere,
            created: stream(),
        }
    );
}

#[test]
fn the_port_is_dyn_safe_and_a_boxed_store_composes() {
    let shared = InMemoryStore::<Event>::new();
    let mut boxed: Box<dyn CaseStore<Event, Error = std::convert::Infallible>> =
        Box::new(shared.clone());
    let desk = Desk::new();
    let ctx = Ctx::new(monday(), csr(), &desk.policy);
    let log = log(CaseKind::Complaint, Severity::Low);
    execute::<Case, _>(&mut boxed, stream(), &log, &ctx, 0).unwrap();
    let store: &mut dyn CaseStore<Event, Error = std::convert::Infallible> = &mut *boxed;
    let events = store.load(stream(), Version::ZERO).unwrap();
    let rows = store.load_rows(stream(), Version::ZERO).unwrap();
    assert_eq!(events.len(), rows.len());
    verify_chain(stream(), &rows).unwrap();
    assert_eq!(store.version(stream()).unwrap(), Version::new(1));
}
