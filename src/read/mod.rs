//! The read side: projections that keep what a desk looks at current from the
//! recorded events, without loading every stream to answer.
//!
//! A [`Projection`] folds recorded events in one at a time, as a caller's
//! subscription to its store hands them over. The ready ones:
//! - [`Replica`]: the state of every stream of one aggregate, for a caller's
//!   own views (and the base of the others);
//! - [`Deadlines`]: every stream's [`next_deadline`](crate::Aggregate::next_deadline),
//!   for the records of every aggregate of the library, so that a scheduler
//!   asks for what is due before an instant ([`Deadlines::due`]) instead of
//!   loading every stream; [`DeadlineIndex`] is the index itself, for a
//!   caller's own aggregates or for an adapter that stores it;
//! - [`WorkQueues`]: the open cases of each team and each assignee, in
//!   priority order and then by the nearest SLA due instant, and counts per
//!   status;
//! - [`CustomerHistory`]: each customer's cases and their outcomes, the last
//!   survey and the open concerns, which feed the anti-fatigue rule and the
//!   repeat-complaint rule as plain values.
//!
//! And one thing no help-desk product can do: [`replay`] a log under another
//! policy, to see what the SLA compliance and escalations would have been.
//!
//! ## Folding, delivery and shards
//! - Events of one stream are folded in version order, as a store reads them;
//!   streams may interleave in any way.
//! - Delivery may be at least once: an event at or below the version a
//!   stream has reached is skipped, so a subscription that replays from a
//!   checkpoint a little too early changes nothing.
//! - An event that does not follow its stream's last (a gap, another stream
//!   created twice, a step back in time) is refused with a [`FoldError`]
//!   naming the stream and the rule, and the projection is left as it was.
//! - Projections of one log built in shards ([`Merge`]) combine into the
//!   projection of the whole: each stream's state is taken from the shard that
//!   has folded the most of it, so merging is associative, commutative and
//!   idempotent, and shards may split the log by stream or overlap.
//!
//! ## Persisting a projection
//! The projections are in memory. A caller keeps one current by folding each
//! event it appends (or reads from its store's subscription) and rebuilds it at
//! start-up from the log, at millions of events a second (`benches/read.rs`).
//! To start faster, persist what a projection answers with its checkpoint (the
//! last version folded per stream): the deadline index is a table of
//! `(stream, due_at)` rows that an adapter updates in the transaction that
//! appends, and [`DeadlineIndex::set`] loads it back.
//!
//! # Example
//! A scheduler that asks the index what is due, instead of loading every
//! stream: a complaint nobody acknowledged comes due within the day.
//! ```
//! use casework::case::{Case, CaseKind, Command, Intake};
//! use casework::read::{Deadlines, Projection, RecordKind};
//! use casework::{Actor, ActorId, Aggregate, CaseId, Channel, Ctx, CustomerRef, Policy, Reference, Role, StreamId};
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use uuid::Uuid;
//!
//! let policy = Policy::sop_default()?;
//! let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
//! let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
//! let mut case = Case::default();
//! let history = case.record(&Command::Log {
//!     intake: Intake::new(
//!         CaseId::from_uuid(Uuid::from_u128(42)),
//!         Reference::new("CMP", 2026, 42)?,
//!         CaseKind::Complaint,
//!         Channel::Email,
//!         CustomerRef::from_uuid(Uuid::from_u128(7)),
//!         monday,
//!     )
//!     .about("delivery/late", "Parcel late")
//!     .description("Still not here."),
//!     first_contact_resolution: None,
//! }, &Ctx::new(monday, csr, &policy))?;
//!
//! let mut deadlines = Deadlines::new(&policy);
//! deadlines.fold_all(&history)?;
//! let stream = StreamId::from(CaseId::from_uuid(Uuid::from_u128(42)));
//! let next = case.next_deadline(&policy)?.unwrap();
//! assert_eq!(deadlines.index().get(stream), Some(next));
//! // Nothing is due at intake; by the next day, the case is.
//! assert_eq!(deadlines.due(monday).count(), 0);
//! let due: Vec<_> = deadlines.due(monday + TimeDelta::days(1)).collect();
//! assert_eq!((due[0].stream, due[0].at, due[0].kind), (stream, next, RecordKind::Case));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod deadlines;
mod history;
mod queue;
mod replica;
mod streams;
mod whatif;

use crate::envelope::{Recorded, ReplayError};
use crate::id::StreamId;

pub use deadlines::{DeadlineIndex, Deadlines, Due, RecordKind, Unanswered};
pub use history::{CustomerCase, CustomerHistory};
pub use queue::{QueueEntry, QueueKey, WorkQueues};
pub use replica::Replica;
pub use whatif::{CaseComparison, Comparison, Lapses, WhatIfError, replay};

/// An event a projection refused: it does not follow the last event folded of
/// its stream. The projection is left as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stream {stream}: {error}")]
#[non_exhaustive]
pub struct FoldError {
    /// The event's stream.
    pub stream: StreamId,
    /// The rule it breaks, as replaying the stream would name it.
    #[source]
    pub error: ReplayError,
}

impl FoldError {
    /// A stable snake_case name of the rule that refused: the replay rule's.
    #[must_use]
    pub const fn rule(&self) -> &'static str {
        self.error.rule()
    }
}

crate::problem::rule_by_inherent!(FoldError);

/// A view kept current by folding recorded events in, one at a time.
///
/// Events of one stream come in version order; an event already folded in (at
/// or below its stream's version) is skipped. See the [module docs](self).
pub trait Projection<E> {
    /// Folds one recorded event in.
    ///
    /// # Errors
    /// [`FoldError`] when the event does not follow its stream's last: the
    /// projection is unchanged.
    fn fold(&mut self, recorded: &Recorded<E>) -> Result<(), FoldError>;

    /// Folds events in, in order: the events before a refused one stay folded.
    ///
    /// # Errors
    /// The first [`FoldError`].
    fn fold_all<'a>(
        &mut self,
        events: impl IntoIterator<Item = &'a Recorded<E>>,
    ) -> Result<(), FoldError>
    where
        E: 'a,
        Self: Sized,
    {
        events
            .into_iter()
            .try_for_each(|recorded| self.fold(recorded))
    }
}

/// A projection built in shards that combine into the projection of the
/// whole: associative, commutative and idempotent.
pub trait Merge {
    /// Merges `other` in.
    fn merge(&mut self, other: Self);
}
