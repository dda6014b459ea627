//! The conformance suite itself: sync and async, on the in-memory store, with
//! case events, CAPA events and an event type of the test's own; and a table of
//! broken stores that each fail the check meant to catch them, so that the
//! suite is shown to fail.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};

use casework::envelope::ChainHash;
use casework::feedback::item;
use casework::quality::capa::{self, ActionNo};
use casework::store::{
    AsyncCaseStore, CaseStore, ExpectedVersion, InMemoryStore, Payload, StoreError, StoredRow,
};
use casework::testkit::{
    ConformanceFailure, store_conformance, store_conformance_async, store_conformance_async_with,
    store_conformance_with,
};
use casework::{StreamId, Version};

use super::block_on;

/// An event type casework knows nothing of.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Reading {
    Temperature { celsius: i32 },
    Label { text: String, tags: Vec<String> },
}

impl Payload for Reading {}

fn reading(n: u32) -> Reading {
    if n % 2 == 0 {
        Reading::Temperature {
            celsius: i32::try_from(n).unwrap() - 40,
        }
    } else {
        Reading::Label {
            text: format!("reading {n}"),
            tags: vec!["lab".into(); n as usize % 3],
        }
    }
}

/// Feedback items' events, a third of them with text kept apart as personal
/// data.
fn feedback_event(n: u32) -> item::Event {
    use casework::feedback::item::{Feedback, FeedbackKind, Link, Source};
    use casework::{Channel, FeedbackItemId, MeetingId};
    use chrono::TimeZone;
    match n % 3 {
        0 => {
            let at = chrono::Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
            item::Event::Logged {
                feedback: Box::new(Feedback::new(
                    FeedbackItemId::from_uuid(uuid::Uuid::from_u128(n.into())),
                    FeedbackKind::Suggestion,
                    Channel::Email,
                    format!("Suggestion {n} from Ms Doe"),
                    at,
                )),
                source: Source::Customer { customer: None },
                review_due: at,
            }
        }
        1 => item::Event::Linked {
            link: Link::MeetingAction {
                meeting: MeetingId::from_uuid(uuid::Uuid::from_u128(1)),
                item: n,
            },
        },
        _ => item::Event::Reviewed {
            note: format!("Reviewed {n}"),
        },
    }
}

fn capa_event(n: u32) -> capa::Event {
    capa::Event::ActionCompleted {
        action: ActionNo(n % 7),
        evidence: format!("evidence {n}"),
    }
}

#[test]
fn the_in_memory_store_passes_the_async_conformance_suite() {
    let store = InMemoryStore::new();
    block_on(store_conformance_async(|| store.clone(), 1)).unwrap();
}

#[test]
fn the_suites_run_with_any_event_type() {
    let readings = InMemoryStore::<Reading>::new();
    store_conformance_with(|| readings.clone(), 1, reading).unwrap();
    block_on(store_conformance_async_with(
        || readings.clone(),
        2,
        reading,
    ))
    .unwrap();

    let capas = InMemoryStore::<capa::Event>::new();
    store_conformance_with(|| capas.clone(), 1, capa_event).unwrap();
    block_on(store_conformance_async_with(
        || capas.clone(),
        2,
        capa_event,
    ))
    .unwrap();

    let items = InMemoryStore::<item::Event>::new();
    store_conformance_with(|| items.clone(), 1, feedback_event).unwrap();
    block_on(store_conformance_async_with(
        || items.clone(),
        2,
        feedback_event,
    ))
    .unwrap();
}

#[test]
fn suites_with_different_namespaces_share_one_store() {
    let store = InMemoryStore::new();
    store_conformance(|| store.clone(), 1).unwrap();
    block_on(store_conformance_async(|| store.clone(), 2)).unwrap();
    // The same namespace again meets its own streams.
    let again = store_conformance(|| store.clone(), 1).unwrap_err();
    assert_eq!(again.check, "round_trip", "{again}");
}

#[test]
fn the_async_suite_is_send_and_runs_on_another_thread() {
    fn assert_send<T: Send>(value: T) -> T {
        value
    }
    let store = InMemoryStore::<Reading>::new();
    let suite = assert_send(store_conformance_async_with(
        move || store.clone(),
        1,
        reading,
    ));
    std::thread::spawn(move || block_on(suite))
        .join()
        .unwrap()
        .unwrap();
}

#[test]
fn a_sample_that_repeats_or_changes_is_refused_before_the_store_is_blamed() {
    let store = InMemoryStore::<u32>::new();
    let repeats = store_conformance_with(|| store.clone(), 1, |n| n % 100).unwrap_err();
    assert_eq!(repeats.check, "sample_events");
    assert!(
        repeats
            .message
            .starts_with("sample(0) and sample(100) are both 0"),
        "{repeats}"
    );

    let calls = AtomicU32::new(0);
    let changes = |n: u32| n + 1000 * calls.fetch_add(1, Ordering::Relaxed);
    let changes = block_on(store_conformance_async_with(|| store.clone(), 2, changes)).unwrap_err();
    assert_eq!(changes.check, "sample_events", "{changes}");
}

/// What a broken store gets wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    /// Loads times cut to whole seconds.
    CutsNanoseconds,
    /// Appends whatever the stream's version, as long as the events follow on.
    IgnoresExpected,
    /// Writes a batch one event at a time, keeping the ones before a bad one.
    WritesPartOfABatch,
    /// Loads every event, whatever `after` says.
    LoadsFromTheStart,
    /// Each handle remembers the versions it saw and wrote, and answers
    /// `version` from memory.
    CachesVersions,
    /// Loads every hash link as zero.
    DropsHashLinks,
    /// Checks the version, then writes a little later without looking again.
    ChecksThenWrites,
    /// Stores an erasure, but not what it erases: the personal parts stay.
    KeepsErasedParts,
}

/// The in-memory store with one fault.
#[derive(Debug)]
struct Faulty<Ev> {
    inner: InMemoryStore<Ev>,
    fault: Fault,
    seen: HashMap<StreamId, Version>,
}

impl<Ev> Faulty<Ev> {
    fn new(inner: &InMemoryStore<Ev>, fault: Fault) -> Self {
        Self {
            inner: inner.clone(),
            fault,
            seen: HashMap::new(),
        }
    }
}

type Failure = StoreError<std::convert::Infallible>;

impl<Ev: Payload + Clone> CaseStore<Ev> for Faulty<Ev> {
    type Error = std::convert::Infallible;

    fn append_rows(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        rows: &[StoredRow],
    ) -> Result<Version, Failure> {
        let version = match self.fault {
            Fault::IgnoresExpected => self.inner.append_rows(stream, ExpectedVersion::Any, rows)?,
            Fault::WritesPartOfABatch => {
                let actual = CaseStore::<Ev>::version(&mut self.inner, stream)?;
                if !expected.accepts(actual) {
                    return Err(StoreError::Conflict { expected, actual });
                }
                let mut version = actual;
                for row in rows {
                    version = self.inner.append_rows(
                        stream,
                        ExpectedVersion::Any,
                        std::slice::from_ref(row),
                    )?;
                }
                version
            }
            Fault::ChecksThenWrites => {
                let actual = CaseStore::<Ev>::version(&mut self.inner, stream)?;
                if !expected.accepts(actual) {
                    return Err(StoreError::Conflict { expected, actual });
                }
                std::thread::sleep(std::time::Duration::from_micros(200));
                self.inner.append_rows(stream, ExpectedVersion::Any, rows)?
            }
            Fault::KeepsErasedParts => {
                let mut rows = rows.to_vec();
                for row in &mut rows {
                    row.erases.clear();
                }
                self.inner.append_rows(stream, expected, &rows)?
            }
            _ => self.inner.append_rows(stream, expected, rows)?,
        };
        self.seen.insert(stream, version);
        Ok(version)
    }

    fn load_rows(&mut self, stream: StreamId, after: Version) -> Result<Vec<StoredRow>, Failure> {
        let after = if self.fault == Fault::LoadsFromTheStart {
            Version::ZERO
        } else {
            after
        };
        let mut rows = self.inner.load_rows(stream, after)?;
        for r in &mut rows {
            match self.fault {
                Fault::CutsNanoseconds => r.at_nanos = 0,
                Fault::DropsHashLinks => r.prev_hash = ChainHash::ZERO.to_string(),
                _ => {}
            }
        }
        Ok(rows)
    }

    fn version(&mut self, stream: StreamId) -> Result<Version, Failure> {
        if self.fault == Fault::CachesVersions {
            if let Some(version) = self.seen.get(&stream) {
                return Ok(*version);
            }
        }
        let version = CaseStore::<Ev>::version(&mut self.inner, stream)?;
        self.seen.insert(stream, version);
        Ok(version)
    }
}

impl<Ev: Payload + Clone + Send + Sync> AsyncCaseStore<Ev> for Faulty<Ev> {
    type Error = std::convert::Infallible;

    async fn append_rows(
        &mut self,
        stream: StreamId,
        expected: ExpectedVersion,
        rows: &[StoredRow],
    ) -> Result<Version, Failure> {
        CaseStore::<Ev>::append_rows(self, stream, expected, rows)
    }

    async fn load_rows(
        &mut self,
        stream: StreamId,
        after: Version,
    ) -> Result<Vec<StoredRow>, Failure> {
        CaseStore::<Ev>::load_rows(self, stream, after)
    }

    async fn version(&mut self, stream: StreamId) -> Result<Version, Failure> {
        CaseStore::<Ev>::version(self, stream)
    }
}

/// Which check each suite fails on a store with the fault: `None` passes.
const FAULTS: &[(Fault, Option<&str>, Option<&str>)] = &[
    // (fault, sync suite, async suite)
    (
        Fault::CutsNanoseconds,
        Some("round_trip"),
        Some("round_trip"),
    ),
    (
        Fault::IgnoresExpected,
        Some("expected_version"),
        Some("expected_version"),
    ),
    (
        Fault::WritesPartOfABatch,
        Some("atomic_append"),
        Some("atomic_append"),
    ),
    (
        Fault::LoadsFromTheStart,
        Some("load_after"),
        Some("load_after"),
    ),
    (
        Fault::CachesVersions,
        Some("concurrent_appenders"),
        Some("concurrent_appenders"),
    ),
    // Every column of a row comes back as stored: the round trip compares
    // rows, links included, before the chain is verified.
    (
        Fault::DropsHashLinks,
        Some("round_trip"),
        Some("round_trip"),
    ),
    // Only threads catch an append whose check and write are apart; the async
    // suite, on one thread over a store whose futures are ready at once, does
    // not (its documented limit).
    (Fault::ChecksThenWrites, Some("concurrent_appenders"), None),
];

fn check_of(result: Result<(), ConformanceFailure>) -> Option<&'static str> {
    result.err().map(|failure| failure.check)
}

#[test]
fn each_broken_store_fails_the_check_meant_to_catch_it() {
    for &(fault, sync, asynchronous) in FAULTS {
        let store = InMemoryStore::new();
        let make = || Faulty::new(&store, fault);
        assert_eq!(
            check_of(store_conformance(make, 1)),
            sync,
            "{fault:?}, sync"
        );
        assert_eq!(
            check_of(block_on(store_conformance_async(make, 2))),
            asynchronous,
            "{fault:?}, async"
        );
        let readings = InMemoryStore::new();
        let make = || Faulty::new(&readings, fault);
        assert_eq!(
            check_of(store_conformance_with(make, 1, reading)),
            sync,
            "{fault:?}, sync, readings"
        );
        assert_eq!(
            check_of(block_on(store_conformance_async_with(make, 2, reading))),
            asynchronous,
            "{fault:?}, async, readings"
        );
    }
}

#[test]
fn a_store_that_keeps_what_an_erasure_erases_fails_the_case_suites() {
    let store = InMemoryStore::new();
    let make = || Faulty::new(&store, Fault::KeepsErasedParts);
    let failure = store_conformance(make, 1).unwrap_err();
    assert_eq!(
        failure.to_string(),
        "personal_data_erasure: event v1 still holds `Late parcel` after the erasure"
    );
    let failure = block_on(store_conformance_async(make, 2)).unwrap_err();
    assert_eq!(failure.check, "personal_data_erasure");
}

#[test]
fn a_failure_names_its_check_and_what_went_wrong() {
    let store = InMemoryStore::new();
    let failure = store_conformance(|| Faulty::new(&store, Fault::CachesVersions), 1).unwrap_err();
    assert_eq!(
        failure.to_string(),
        "concurrent_appenders: handle 1 reads v0, but the stream is at v1"
    );
}
