//! The storage port: callers keep events in their own database through
//! [`CaseStore`] (or [`AsyncCaseStore`]), and [`execute`] runs a command against
//! a stored aggregate with optimistic concurrency and a hash-chained audit trail.
//!
//! - The port is generic over the aggregate's event type: a store for cases holds
//!   [`case::Event`](crate::case::Event)s, one for CAPAs holds theirs, and the
//!   types keep them apart. One crate-wide event enum would make every store
//!   decode every aggregate's events, and every new aggregate a breaking change.
//! - Versions guard writes: [`ExpectedVersion`] and [`StoreError::Conflict`], as
//!   in eventually-rs. The implementer picks its own error type, as in
//!   tower-service.
//! - Every recorded event carries the hash of the one before ([`verify_chain`]).
//! - [`InMemoryStore`] ships here; the `testkit` feature ships the conformance
//!   suite every store must pass.
//!
//! This module needs the `serde` feature (on by default): the audit chain hashes
//! the events' serde form.
//!
//! # Example
//! A complaint logged and acknowledged through the port: `execute` loads the
//! case, decides, links the events into the audit chain and appends them; a
//! stale writer is caught by the version; an edited event breaks the chain.
//! ```
//! use casework::case::{Case, CaseKind, Command, Intake};
//! use casework::store::{verify_chain, CaseStore, ExecuteError, InMemoryStore};
//! use casework::{Actor, ActorId, Aggregate, CaseId, Channel, Ctx, CustomerRef, Policy, Reference, Role, StreamId, Version};
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use uuid::Uuid;
//!
//! let policy = Policy::sop_default()?;
//! let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
//! let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
//! let case = CaseId::from_uuid(Uuid::from_u128(42));
//! let stream = StreamId::from(case);
//! let mut store = InMemoryStore::new();
//!
//! let log = Command::Log {
//!     intake: Intake::new(case, Reference::new("CMP", 2026, 42)?, CaseKind::Complaint, Channel::Email, CustomerRef::from_uuid(Uuid::from_u128(7)), monday)
//!         .about("delivery/late", "Parcel two weeks late")
//!         .description("Ordered on the 2nd, still not here."),
//!     first_contact_resolution: None,
//! };
//! store.execute::<Case>(stream, &log, &Ctx::new(monday, csr, &policy))?;
//! let acknowledged = store.execute::<Case>(
//!     stream,
//!     &Command::Acknowledge { channel: Channel::Email },
//!     &Ctx::new(monday + TimeDelta::minutes(20), csr, &policy),
//! )?;
//! assert_eq!(acknowledged[0].version, Version::new(2));
//!
//! // Logging the same case again is refused by the case, and nothing is written.
//! let again = store.execute::<Case>(stream, &log, &Ctx::new(monday + TimeDelta::hours(1), csr, &policy));
//! assert!(matches!(again, Err(ExecuteError::Refused(_))));
//! assert_eq!(store.version(stream)?, Version::new(2));
//!
//! // The stored history replays, and its audit chain verifies...
//! let mut history = store.load(stream, Version::ZERO)?;
//! assert_eq!(Case::replay(&history)?.acknowledged_at(), Some(monday + TimeDelta::minutes(20)));
//! verify_chain(&history)?;
//! // ... until someone edits an event.
//! history[0].at = monday - TimeDelta::days(1);
//! assert_eq!(
//!     verify_chain(&history).unwrap_err().to_string(),
//!     "event v2 does not link to event v1: one of them was altered"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Implementing the port
//! A store over a database keeps one row per event. Here the table is a map of
//! [`StoredRow`]s, as an adapter would write them; [`check_append`] makes the
//! checks every append owes, inside the append's transaction. The same table
//! behind a lock serves async callers through [`AsyncCaseStore`], whose
//! methods return `Send` futures; no runtime is assumed, so the example drives
//! them with a waker that does nothing. Prove a store with the conformance
//! suite of the `testkit` feature (`casework::testkit::store_conformance`).
//! ```
//! use std::collections::BTreeMap;
//! use std::convert::Infallible;
//! use std::future::Future;
//! use std::sync::{Arc, Mutex};
//!
//! use casework::case::{Case, CaseKind, Command, Intake};
//! use casework::store::{check_append, AsyncCaseStore, CaseStore, ExpectedVersion, StoreError, StoredRow};
//! use casework::{Actor, ActorId, CaseId, Channel, Ctx, CustomerRef, Policy, Recorded, Reference, Role, StreamId, Version};
//! use chrono::{TimeZone, Utc};
//! use serde::{de::DeserializeOwned, Serialize};
//! use uuid::Uuid;
//!
//! /// The events table: (stream, version) → row.
//! #[derive(Debug, Clone, Default)]
//! struct Table(Arc<Mutex<BTreeMap<(StreamId, i64), StoredRow>>>);
//!
//! impl<Ev: Serialize + DeserializeOwned> CaseStore<Ev> for Table {
//!     type Error = Infallible;
//!
//!     fn append(&mut self, stream: StreamId, expected: ExpectedVersion, events: &[Recorded<Ev>]) -> Result<Version, StoreError<Infallible>> {
//!         let mut rows = self.0.lock().unwrap(); // the transaction
//!         let last = rows.range((stream, 0)..=(stream, i64::MAX)).next_back().map_or(0, |(_, row)| row.version);
//!         let actual = Version::new(last.unsigned_abs());
//!         check_append(stream, expected, actual, events)?;
//!         let new = events.iter().map(StoredRow::from_recorded).collect::<Result<Vec<_>, _>>()?;
//!         for row in new {
//!             rows.insert((stream, row.version), row);
//!         }
//!         Ok(events.last().map_or(actual, |r| r.version))
//!     }
//!
//!     fn load(&mut self, stream: StreamId, after: Version) -> Result<Vec<Recorded<Ev>>, StoreError<Infallible>> {
//!         let from = i64::try_from(after.get()).unwrap_or(i64::MAX).saturating_add(1);
//!         let rows = self.0.lock().unwrap();
//!         rows.range((stream, from)..=(stream, i64::MAX)).map(|(_, row)| row.clone().into_recorded(stream)).collect()
//!     }
//! }
//!
//! /// The same table for async callers; a real adapter awaits its driver here.
//! struct AsyncTable(Table);
//!
//! impl<Ev: Serialize + DeserializeOwned + Send + Sync> AsyncCaseStore<Ev> for AsyncTable {
//!     type Error = Infallible;
//!
//!     async fn append(&mut self, stream: StreamId, expected: ExpectedVersion, events: &[Recorded<Ev>]) -> Result<Version, StoreError<Infallible>> {
//!         CaseStore::append(&mut self.0, stream, expected, events)
//!     }
//!
//!     async fn load(&mut self, stream: StreamId, after: Version) -> Result<Vec<Recorded<Ev>>, StoreError<Infallible>> {
//!         CaseStore::load(&mut self.0, stream, after)
//!     }
//! }
//!
//! /// Polls a future to its end: enough for futures that never wait.
//! fn block_on<F: Future>(future: F) -> F::Output {
//!     let mut future = std::pin::pin!(future);
//!     let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
//!     loop {
//!         if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut cx) {
//!             return output;
//!         }
//!     }
//! }
//!
//! let policy = Policy::sop_default()?;
//! let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
//! let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
//! let case = CaseId::from_uuid(Uuid::from_u128(42));
//! let log = Command::Log {
//!     intake: Intake::new(case, Reference::new("CMP", 2026, 42)?, CaseKind::Complaint, Channel::Email, CustomerRef::from_uuid(Uuid::from_u128(7)), monday)
//!         .about("delivery/late", "Parcel two weeks late")
//!         .description("Ordered on the 2nd, still not here."),
//!     first_contact_resolution: None,
//! };
//!
//! let mut table = Table::default();
//! table.execute::<Case>(case.into(), &log, &Ctx::new(monday, csr, &policy))?;
//! // An async caller acknowledges it, through the same rows.
//! let mut shared = AsyncTable(table.clone());
//! let ack = Command::Acknowledge { channel: Channel::Email };
//! block_on(shared.execute::<Case>(case.into(), &ack, &Ctx::new(monday, csr, &policy)))?;
//! assert_eq!(CaseStore::<casework::case::Event>::version(&mut table, case.into())?, Version::new(2));
//! // A writer that expects no stream is told where the stream is.
//! let stale: Result<_, StoreError<Infallible>> = CaseStore::<casework::case::Event>::append(&mut table, case.into(), ExpectedVersion::NoStream, &[]);
//! assert_eq!(stale, Err(StoreError::Conflict { expected: ExpectedVersion::NoStream, actual: Version::new(2) }));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod chain;
mod execute;
mod memory;
mod port;
mod row;

pub use chain::{ChainError, hash_recorded, link, verify_chain};
pub use execute::{
    DEFAULT_RETRIES, ExecuteError, Executed, execute, execute_async, run_due, run_due_async,
};
pub use memory::InMemoryStore;
pub use port::{AsyncCaseStore, CaseStore, ExpectedVersion, StoreError, check_append};
pub use row::StoredRow;
