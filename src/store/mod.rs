//! The storage port: callers keep events in their own database through
//! [`CaseStore`] (or [`AsyncCaseStore`]), and [`execute`] runs a command against
//! a stored aggregate with optimistic concurrency and a hash-chained audit trail.
//!
//! - The port is generic over the aggregate's event type: a store for cases holds
//!   [`case::Event`](crate::case::Event)s, one for CAPAs holds theirs, and the
//!   types keep them apart. One crate-wide event enum would make every store
//!   decode every aggregate's events, and every new aggregate a breaking change.
//! - A store keeps [`StoredRow`]s, plain columns: the envelope, the payload bytes
//!   exactly as the event's [`Payload`] encoder wrote them with their encoding
//!   number, and the audit chain's link and hash. An implementer writes two
//!   methods over rows and never encodes, decodes or hashes; the typed methods
//!   come with the trait.
//! - Versions guard writes: [`ExpectedVersion`] and [`StoreError::Conflict`], as
//!   in eventually-rs. The implementer picks its own error type, as in
//!   tower-service.
//! - Every stored row carries the hash of the one before and its own
//!   ([`link`], [`verify_chain`]), computed over the bytes stored: a history
//!   verifies whatever today's event types look like, and reading old payloads
//!   into today's types ("upcasting") is a separate step, [`Payload::decode`].
//! - [`InMemoryStore`] ships here; the `testkit` feature ships the conformance
//!   suite every store must pass.
//!
//! # Example
//! A complaint logged and acknowledged through [`execute`], then read back
//! and verified as an auditor would; a writer that lost a race is refused.
//! ```
//! use casework::case::{Case, CaseKind, Command, Event, Intake};
//! use casework::store::{execute, verify_history, CaseStore, ExpectedVersion, InMemoryStore, StoreError};
//! use casework::{Actor, ActorId, CaseId, Channel, Ctx, CustomerRef, Policy, Reference, Role, StreamId, Version};
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use uuid::Uuid;
//!
//! let policy = Policy::sop_default()?;
//! let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
//! let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
//! let at = |minutes| Ctx::new(monday + TimeDelta::minutes(minutes), csr, &policy);
//! let case = CaseId::from_uuid(Uuid::from_u128(42));
//! let intake = Intake::new(case, Reference::new("CMP", 2026, 42)?, CaseKind::Complaint, Channel::Email,
//!     CustomerRef::from_uuid(Uuid::from_u128(7)), monday)
//!     .about("delivery/late", "Parcel two weeks late")
//!     .description("Ordered on the 2nd, still not here.");
//!
//! let mut store = InMemoryStore::new();
//! let stream = StreamId::from(case);
//! execute::<Case, _>(&mut store, stream, &Command::Log { intake, first_contact_resolution: None }, &at(0), 3)?;
//! execute::<Case, _>(&mut store, stream, &Command::Acknowledge { channel: Channel::Email }, &at(20), 3)?;
//!
//! let rows = CaseStore::<Event>::load_rows(&mut store, stream, Version::ZERO)?;
//! // Logged; acknowledged, with the time promised.
//! assert_eq!(verify_history(stream, &rows)?.checkpoint.version, Version::new(3));
//! // A writer that read version 1 and appends what came after is refused.
//! let stale = CaseStore::<Event>::append_rows(&mut store, stream, ExpectedVersion::Exactly(Version::new(1)), &rows[1..]);
//! assert!(matches!(stale, Err(StoreError::Conflict { .. })));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Where the chain lives
//! On the stored row, not on [`Recorded`](crate::envelope::Recorded). The chain
//! is over the bytes written, and those exist only once an event is encoded:
//! [`execute`] (and [`CaseStore::append`]) encodes each event once, hashes the
//! bytes just written, links the row to the stream's last stored row and
//! appends the rows. A `Recorded` is a decided, stamped event with no link to
//! get wrong; an aggregate's `record` returns those, and the store links them.
//!
//! # What the chain proves, and what it cannot
//! The threat is someone who can write to the database after the fact (an
//! administrator, a compromised service, a restored backup) and edits, removes,
//! reorders or inserts events. Given the rows of a stream:
//! - [`verify_chain`] proves that the rows are one unbroken sequence, 1, 2,
//!   3, …, each linked to the one before, and that each rule-2 row still
//!   hashes to its own stored hash. An edited event is named
//!   ([`ChainError::Edited`]); an event replaced together with its stored hash
//!   is named by the intact event after it ([`ChainError::Replaced`]); a removed
//!   or reordered event is a gap. It does this from the rows alone, in any
//!   language: the canonical bytes are documented in [`link`]'s module.
//! - It cannot catch what leaves a consistent chain behind: the last event
//!   rewritten with its own hash, events deleted from the tail, or the whole
//!   stream rewritten from some event on, every hash recomputed. SHA-256 is
//!   not a secret: anyone who can write the rows can recompute the chain.
//!   Only an anchor outside the writer's reach can: a [`Checkpoint`] (stream,
//!   version, head hash) kept elsewhere (a signed or append-only log, another
//!   database, a printed report), checked with [`verify_against`]. Events
//!   after the last checkpoint are only as safe as the database.
//! - It says nothing of whether an event was true when written: that an actor
//!   id is the person who acted, or that the time is right, is the caller's
//!   authentication and clock; the chain proves only that what was stored has
//!   not changed since.
//! - Rows written by chain rule 1 (before this release) keep verifying by
//!   their own rule from their stored bytes, but store no hash of their own:
//!   an edit to one is a [`ChainError::BrokenLink`] at the next event, which
//!   cannot say which of the two changed.
//!
//! # Personal data, and erasing it without breaking the chain
//! A complaint's description, a note or a customer's comments may name or
//! describe a person, and must be erasable on request (GDPR Art. 17) or once
//! their retention runs (the feedback log's 12 months), while the audit
//! trail must still prove that nothing else changed. Two designs were open:
//! events referencing a record the caller holds, or events keeping their
//! personal fields apart. casework does both, each where it fits:
//! - who the customer is stays a reference ([`CustomerRef`](crate::CustomerRef)):
//!   the caller's customer record is erased where it lives;
//! - free text is the event's own and is needed to work the case, so an event
//!   names its personal fields ([`Payload::personal_fields`]), and the store
//!   keeps them in the row's separate `personal` part. The payload holds
//!   [`ERASED`] in their place from the start; the chain covers the part by
//!   its digest only (field 9 of the canonical bytes). Reading the event puts
//!   the text back while the part exists.
//!
//! Erasing is itself an event: a case's `ErasePersonalData` or
//! `DisposeFeedback` command, permissioned, reasoned and refused under a
//! legal hold, records `PersonalDataErased` naming the versions
//! ([`Payload::erases`]). The store appending it removes those parts in the
//! same transaction and marks each row `erased_by`. Afterwards the chain
//! still verifies, the erased events read [`ERASED`] in their personal
//! fields, and [`verify_history`] reports them ("v1 erased by v9"). A part
//! removed behind the log's back is [`ChainError::PersonalRemoved`]; a part
//! edited is [`ChainError::Edited`]; a part an erasure named but the store
//! kept is [`ChainError::ErasureIncomplete`]. What an erasure removed cannot
//! be shown to have been any particular text: only its digest remains, and a
//! digest of short text can be guessed by trying candidates, so treat the
//! digest as personal data of low sensitivity, not as anonymous.
//!
//! # 21 CFR Part 11
//! casework is a library, not a validated system, and does not claim Part 11
//! compliance: that is a property of a whole system, its validation and the
//! procedures around it. Of the controls of §11.10, the library supports:
//! - (e) audit trails: every action that creates or changes a record is an
//!   event stating who (the actor), what (the event), when (the time given,
//!   to the nanosecond) and in which order (the version); events are never
//!   updated or deleted by the library, so a change never obscures what was
//!   recorded before; the log is the record, with no separate history to
//!   drift from it. That the time is the computer's and the actor the person
//!   signed in is the caller's to ensure: the library reads no clock.
//! - (a), in part, the ability to discern invalid or altered records:
//!   [`verify_chain`] and [`verify_against`] name the altered, removed or
//!   reordered event, and [`verify_history`] tells an erasure recorded in the
//!   log from a removal;
//! - (f) operational checks of permitted sequencing: each aggregate's
//!   `decide` refuses steps out of order (the lifecycle tables);
//! - (g) authority checks: the permission table and the four-eyes rules, for
//!   the roles the caller's authentication gives an actor.
//!
//! The caller's: validating the system (the rest of (a)); accurate and
//! complete copies, human-readable (b); protecting and keeping the records
//! for their retention period, and anchoring checkpoints where the database's
//! writers cannot reach them (c); limiting access to authorised people and
//! authenticating them (d); device checks (h); training, written policies and
//! documentation controls ((i) to (k)); and the electronic-signature controls
//! of subpart C (the library's signatures bind a signer, a meaning and a time
//! to a content hash; identifying the signer is the caller's).
//!
//! This module needs the `serde` feature (on by default): payloads are the
//! events' serde form by default, and checkpoints are kept as serde.

mod chain;
mod execute;
mod memory;
mod payload;
mod port;
mod row;

pub use chain::{
    CHAIN_V1, CHAIN_V2, ChainError, Checkpoint, Erased, Verified, hash_row, link, verify_against,
    verify_chain, verify_history,
};
pub use execute::{
    DEFAULT_RETRIES, ExecuteError, Executed, execute, execute_async, run_due, run_due_async,
};
pub use memory::InMemoryStore;
pub use payload::{ERASED, JSON_V1, Payload, PayloadError, decode_json};
pub use port::{AsyncCaseStore, CaseStore, ExpectedVersion, Loaded, StoreError, check_append};
pub use row::StoredRow;
