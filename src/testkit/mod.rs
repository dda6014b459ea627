//! Test fixtures for callers' tests (feature `testkit`).
//!
//! The library never generates ids; tests still need many of them. [`IdSequence`]
//! hands out deterministic ones, so that a failing test prints the same ids on every
//! run. Do not use it in production: ids from a counter collide across processes.
//!
//! The store conformance suite is what every implementation of the storage port
//! must pass: run it from your store's tests. [`store_conformance`] and
//! [`store_conformance_async`] store case events; [`store_conformance_with`]
//! and [`store_conformance_async_with`] store the events your `sample` function
//! gives, of any type. The async suites return a `Send` future and bring no
//! runtime: drive them with yours.
//!
//! [`Desk`] is a service desk for tests: the policy, an in-memory store, a
//! simulated clock with the scheduler, and the people of the SOPs, so that a
//! test walks a case as the SOP does, `desk.log(complaint)?.acknowledge()?...`,
//! through the real `decide` and store.
//!
//! # Example
//! Two tests a desk might write: a complaint nobody acknowledges escalates
//! when the simulated clock passes its ladder's first level; and its own
//! store passes the conformance suite (here the in-memory one).
//! ```
//! # #[cfg(not(feature = "serde"))] fn main() {}
//! # #[cfg(feature = "serde")] fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use casework::store::{verify_chain, CaseStore, InMemoryStore};
//! use casework::testkit::{store_conformance, Desk, IdSequence};
//! use casework::CaseId;
//! use chrono::TimeDelta;
//!
//! let mut desk = Desk::sop_default()?;
//! let complaint = desk.complaint()?;
//! let mut case = desk.log(complaint)?;
//! assert_eq!(case.state()?.escalation_level(), 0);
//! // Three days pass; the desk's scheduler runs at each instant something came due.
//! case.after(TimeDelta::days(3))?;
//! assert_eq!(case.state()?.escalation_level(), 1);
//! let history = case.history()?;
//! assert!(history.iter().any(|r| r.event.name() == "escalated"));
//! // The rows as stored verify as one audit chain.
//! let stream = casework::StreamId::from(case.id());
//! let rows = CaseStore::<casework::case::Event>::load_rows(&mut desk.store().clone(), stream, casework::Version::ZERO)?;
//! verify_chain(stream, &rows)?;
//!
//! // Ids for fixtures, the same on every run.
//! let mut ids = IdSequence::starting_at(100);
//! let other: CaseId = ids.next_id();
//! assert_eq!(other.as_uuid().as_u128(), 100);
//!
//! let store = InMemoryStore::new();
//! store_conformance(|| store.clone(), 7)?;
//! # Ok(())
//! # }
//! ```

#[cfg(feature = "serde")]
mod conformance;
#[cfg(feature = "serde")]
mod desk;

#[cfg(feature = "serde")]
pub use conformance::{
    ConformanceFailure, store_conformance, store_conformance_async, store_conformance_async_with,
    store_conformance_with,
};
#[cfg(feature = "serde")]
pub use desk::{CaseWalk, Desk, Refusal};

/// A stream's events as an earlier release stored them, by chain rule 1, for
/// testing a store's migration: each JSON text in `payloads` becomes the next
/// event of `stream` (version 1, 2, …, actor `…02`, at 2026-11-25
/// 09:00:00.123456789 UTC), linked by rule 1 and with no hash of its own.
/// Write them with your old schema's columns (every field but `chain`,
/// `encoding`, `personal_digest` and `hash`, which a migrated table defaults
/// to 1, 1, NULL and NULL), open your store, and check that
/// [`verify_chain`](crate::store::verify_chain) still accepts them.
///
/// # Example
/// ```
/// use casework::store::{verify_chain, CHAIN_V1};
/// use casework::testkit::chain_v1_rows;
/// use casework::StreamId;
///
/// let stream = StreamId::from_uuid(uuid::Uuid::from_u128(1));
/// let rows = chain_v1_rows(stream, &[r#""logged""#, r#""closed""#]);
/// assert_eq!((rows[1].chain, rows[1].hash.as_ref()), (CHAIN_V1, None));
/// assert_eq!(rows[1].prev_hash, casework::store::hash_row(&rows[0]).unwrap().to_string());
/// assert!(verify_chain(stream, &rows).is_ok());
/// ```
#[cfg(feature = "serde")]
#[must_use]
pub fn chain_v1_rows(
    stream: crate::id::StreamId,
    payloads: &[&str],
) -> Vec<crate::store::StoredRow> {
    use crate::envelope::ChainHash;
    use crate::store::{CHAIN_V1, JSON_V1, StoredRow, hash_row};

    let mut prev = ChainHash::ZERO;
    (1_i64..)
        .zip(payloads)
        .map(|(version, json)| {
            let row = StoredRow {
                stream: stream.as_uuid(),
                version,
                at_secs: 1_795_597_200,
                at_nanos: 123_456_789,
                actor: Uuid::from_u128(2),
                chain: CHAIN_V1,
                encoding: i64::from(JSON_V1),
                payload: json.as_bytes().to_vec(),
                personal_digest: None,
                personal: None,
                erased_by: None,
                erases: Vec::new(),
                prev_hash: prev.to_string(),
                hash: None,
            };
            prev = hash_row(&row).unwrap_or(ChainHash::ZERO);
            row
        })
        .collect()
}
use uuid::Uuid;

/// Deterministic ids for tests: `00000000-0000-0000-0000-000000000001`, `…02`, …
///
/// # Example
/// ```
/// use casework::testkit::IdSequence;
/// use casework::{ActorId, CaseId};
///
/// let mut ids = IdSequence::new();
/// let case: CaseId = ids.next_id();
/// let actor: ActorId = ids.next_id();
/// assert_eq!(case.to_string(), "00000000-0000-0000-0000-000000000001");
/// assert_eq!(actor.to_string(), "00000000-0000-0000-0000-000000000002");
/// ```
#[derive(Debug, Clone, Default)]
pub struct IdSequence {
    last: u128,
}

impl IdSequence {
    /// A sequence whose first id is 1.
    #[must_use]
    pub const fn new() -> Self {
        Self { last: 0 }
    }

    /// A sequence whose first id is `first`, to keep two sequences apart.
    #[must_use]
    pub const fn starting_at(first: u128) -> Self {
        Self {
            last: first.saturating_sub(1),
        }
    }

    /// The next uuid.
    pub fn next_uuid(&mut self) -> Uuid {
        self.last = self.last.wrapping_add(1);
        Uuid::from_u128(self.last)
    }

    /// The next id, of any typed id kind.
    pub fn next_id<T: From<Uuid>>(&mut self) -> T {
        T::from(self.next_uuid())
    }
}
