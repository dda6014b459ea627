//! [`Replica`]: the state of every stream of one aggregate, folded from its
//! events.

use super::streams::StreamMap;
use std::collections::hash_map::Entry;

use chrono::{DateTime, Utc};

use super::{FoldError, Merge, Projection};
use crate::aggregate::{Aggregate, admit};
use crate::envelope::{Recorded, Version};
use crate::id::StreamId;

/// The state of every stream of one aggregate, each replayed from its events as
/// they are folded in: the base of the projections that need a record's
/// state, and of a caller's own.
///
/// Each event is checked as [`Aggregate::replay`] checks it, against the last
/// event folded of its stream; an event at or below the stream's version was
/// folded already, and is skipped.
///
/// # Example
/// ```
/// use casework::quality::nonconformance::{self, NonConformance, Report, Source};
/// use casework::read::{Projection, Replica};
/// use casework::{Actor, ActorId, Aggregate, CaseId, Ctx, NonConformanceId, Policy, Reference, Role, Severity, StreamId};
/// use chrono::{TimeZone, Utc};
/// use uuid::Uuid;
///
/// let policy = Policy::sop_default()?;
/// let qa = Actor::new(ActorId::from_uuid(Uuid::from_u128(3)), [Role::QaSpecialist]);
/// let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
/// let id = NonConformanceId::from_uuid(Uuid::from_u128(5));
/// let history = NonConformance::default().record(&nonconformance::Command::Report {
///     report: Report::new(id, Reference::new("NCR", 2026, 5)?, Source::Complaint { case: CaseId::from_uuid(Uuid::from_u128(42)) }, Severity::Medium, monday)
///         .titled("Parcels damaged in transit")
///         .description("Three parcels of one route arrived crushed."),
/// }, &Ctx::new(monday, qa, &policy))?;
///
/// let mut replica = Replica::<NonConformance>::new();
/// replica.fold_all(&history)?;
/// // Delivered twice, folded once.
/// replica.fold_all(&history)?;
/// let ncr = replica.get(StreamId::from(id)).unwrap();
/// assert_eq!((ncr.id(), ncr.version()), (Some(id), history[0].version));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Replica<A> {
    /// Boxed: a state may be large, and the map moves its values as it grows.
    streams: StreamMap<Box<Replicated<A>>>,
}

/// One stream's state, and when its last event was recorded.
#[derive(Debug, Clone)]
struct Replicated<A> {
    state: A,
    last: DateTime<Utc>,
}

impl<A: Aggregate> Replicated<A> {
    /// Applies `recorded`, an event of this stream; `false` when it was
    /// folded already.
    fn follow(&mut self, recorded: &Recorded<A::Event>) -> Result<bool, FoldError> {
        if recorded.version <= self.state.version() {
            return Ok(false);
        }
        let stream = recorded.stream;
        admit::<A>(self.state.version(), stream, Some(self.last), recorded)
            .map_err(|error| FoldError { stream, error })?;
        self.state.apply(recorded);
        self.last = recorded.at;
        Ok(true)
    }
}

impl<A> Default for Replica<A> {
    fn default() -> Self {
        Self {
            streams: StreamMap::default(),
        }
    }
}

impl<A: Aggregate> Replica<A> {
    /// No streams.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Folds one event in and returns its stream's state after it; `None`
    /// when the stream had folded it already.
    ///
    /// # Errors
    /// [`FoldError`] when the event does not follow the stream's last: the
    /// replica is unchanged.
    pub fn apply(&mut self, recorded: &Recorded<A::Event>) -> Result<Option<&A>, FoldError> {
        let stream = recorded.stream;
        let refuse = |error| FoldError { stream, error };
        match self.streams.entry(stream) {
            Entry::Occupied(occupied) => {
                let replicated = occupied.into_mut();
                Ok(replicated.follow(recorded)?.then_some(&replicated.state))
            }
            Entry::Vacant(vacant) => {
                let mut state = A::default();
                admit::<A>(Version::ZERO, stream, None, recorded).map_err(refuse)?;
                state.apply(recorded);
                let replicated = vacant.insert(Box::new(Replicated {
                    state,
                    last: recorded.at,
                }));
                Ok(Some(&replicated.state))
            }
        }
    }

    /// Folds events in, in order, calling `changed` with a stream and its
    /// state after each run of its events that changed it, while the state is
    /// at hand: the events before a refused one stay folded, and `changed`
    /// is called for them too.
    pub(super) fn apply_all<'a>(
        &mut self,
        events: impl IntoIterator<Item = &'a Recorded<A::Event>>,
        mut changed: impl FnMut(StreamId, &A),
    ) -> Result<(), FoldError>
    where
        A::Event: 'a,
    {
        let mut events = events.into_iter().peekable();
        // Events of one stream usually come together: one lookup per run.
        while let Some(first) = events.next() {
            let stream = first.stream;
            let mut changes = self.apply(first)?.is_some();
            let Some(replicated) = self.streams.get_mut(&stream) else {
                continue;
            };
            let mut folded = Ok(());
            while let Some(next) = events.next_if(|next| next.stream == stream) {
                match replicated.follow(next) {
                    Ok(applied) => changes |= applied,
                    Err(error) => {
                        folded = Err(error);
                        break;
                    }
                }
            }
            if changes {
                changed(stream, &replicated.state);
            }
            folded?;
        }
        Ok(())
    }

    /// The state of `stream`; `None` for a stream none of whose events were
    /// folded in.
    #[must_use]
    pub fn get(&self, stream: StreamId) -> Option<&A> {
        self.streams
            .get(&stream)
            .map(|replicated| &replicated.state)
    }

    /// The version of `stream` folded in: the checkpoint to resume a
    /// subscription from. [`Version::ZERO`] for a stream not seen.
    #[must_use]
    pub fn version(&self, stream: StreamId) -> Version {
        self.get(stream).map_or(Version::ZERO, Aggregate::version)
    }

    /// Every stream and its state, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (StreamId, &A)> {
        self.streams
            .iter()
            .map(|(stream, replicated)| (*stream, &replicated.state))
    }

    /// How many streams.
    #[must_use]
    pub fn len(&self) -> usize {
        self.streams.len()
    }

    /// Whether no stream was folded in.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.streams.is_empty()
    }

    /// Merges `other` in, calling `merged` with each stream whose state
    /// `other` had further along: the state now kept.
    pub(super) fn merge_with(&mut self, other: Self, mut merged: impl FnMut(StreamId, &A)) {
        for (stream, theirs) in other.streams {
            match self.streams.get_mut(&stream) {
                Some(ours) if ours.state.version() >= theirs.state.version() => {}
                Some(ours) => {
                    *ours = theirs;
                    merged(stream, &ours.state);
                }
                None => {
                    let state = &self.streams.entry(stream).or_insert(theirs).state;
                    merged(stream, state);
                }
            }
        }
    }
}

impl<A: Aggregate> Projection<A::Event> for Replica<A> {
    fn fold(&mut self, recorded: &Recorded<A::Event>) -> Result<(), FoldError> {
        self.apply(recorded).map(|_| ())
    }
}

impl<A: Aggregate> Merge for Replica<A> {
    /// Keeps, of each stream, the state that has folded the most events.
    fn merge(&mut self, other: Self) {
        self.merge_with(other, |_, _| {});
    }
}
