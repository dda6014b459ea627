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
    CaseStore, ChainError, ExecuteError, ExpectedVersion, InMemoryStore, StoreError, execute,
    execute_async, run_due, verify_chain,
};
use casework::{Channel, Ctx, Severity, StreamId, Version};
use chrono::TimeDelta;

use crate::case::fixtures::{Desk, csr, log, monday, system};

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

#[test]
fn execute_records_a_chained_stream() {
    let mut store = InMemoryStore::new();
    let events = recorded_stream(&mut store);
    assert_eq!(events.len(), 4);
    assert_eq!(events[0].prev_hash, ChainHash::ZERO);
    let head = verify_chain(&events).unwrap();
    assert_ne!(head, ChainHash::ZERO);
    assert_eq!(
        Case::replay(&events).unwrap().status(),
        Some(casework::case::Status::WaitingOnCustomer)
    );
}

#[test]
fn the_chain_shows_edits_removals_and_reorders() {
    let mut store = InMemoryStore::new();
    let events = recorded_stream(&mut store);

    let mut edited = events.clone();
    edited[1].at += TimeDelta::seconds(1);
    assert_eq!(
        verify_chain(&edited),
        Err(ChainError::BrokenLink {
            version: Version::new(3)
        })
    );

    let mut removed = events.clone();
    removed.remove(2);
    assert_eq!(
        verify_chain(&removed),
        Err(ChainError::Gap {
            expected: Version::new(3),
            found: Version::new(4)
        })
    );

    let mut reordered = events.clone();
    reordered.swap(1, 2);
    assert_eq!(
        verify_chain(&reordered),
        Err(ChainError::Gap {
            expected: Version::new(2),
            found: Version::new(3)
        })
    );

    // Renumbered after a removal, the links still give it away.
    let mut renumbered = events.clone();
    renumbered.remove(1);
    for (i, r) in renumbered.iter_mut().enumerate() {
        r.version = Version::new(i as u64 + 1);
    }
    assert_eq!(
        verify_chain(&renumbered),
        Err(ChainError::BrokenLink {
            version: Version::new(2)
        })
    );

    // Another actor put on an event: the next link breaks.
    let mut impersonated = events;
    impersonated[0].actor = casework::ActorId::from_uuid(uuid::Uuid::from_u128(666));
    assert_eq!(
        verify_chain(&impersonated),
        Err(ChainError::BrokenLink {
            version: Version::new(2)
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

    fn append(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        events: &[Recorded<Event>],
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
        self.inner.append(stream, expected, events)
    }

    fn load(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> Result<Vec<Recorded<Event>>, StoreError<Self::Error>> {
        self.inner.load(stream, after)
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
        Version::new(7),
        "after the rival's two notes"
    );
    verify_chain(&shared.clone().load(stream(), Version::ZERO).unwrap()).unwrap();

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
    assert_eq!(store.version(stream()).unwrap(), Version::new(4));
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
    verify_chain(&stored).unwrap();
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
    let stored = shared.clone().load(stream(), Version::ZERO).unwrap();
    verify_chain(&stored).unwrap();
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
