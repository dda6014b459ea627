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

mod chain;
mod execute;
mod memory;
mod payload;
mod port;
mod row;

pub use chain::{
    CHAIN_V1, CHAIN_V2, ChainError, Checkpoint, hash_row, link, verify_against, verify_chain,
};
pub use execute::{
    DEFAULT_RETRIES, ExecuteError, Executed, execute, execute_async, run_due, run_due_async,
};
pub use memory::InMemoryStore;
pub use payload::{JSON_V1, Payload, PayloadError, decode_json};
pub use port::{AsyncCaseStore, CaseStore, ExpectedVersion, StoreError, check_append};
pub use row::StoredRow;
