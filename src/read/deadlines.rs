//! [`DeadlineIndex`]: which streams come due when; and [`Deadlines`], the
//! projection that keeps it current for the records of every aggregate of the
//! library.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::replica::Replica;
use super::streams::StreamMap;
use super::{FoldError, Merge, Projection};
use crate::aggregate::Aggregate;
use crate::case::Case;
use crate::delivery::ServiceOrder;
use crate::envelope::Recorded;
use crate::feedback::item::FeedbackItem;
use crate::governance::document::Document;
use crate::governance::meeting::ReviewMeeting;
use crate::id::StreamId;
use crate::policy::Policy;
use crate::problem::Rule;
use crate::quality::audit::CaseAudit;
use crate::quality::capa::Capa;
use crate::quality::nonconformance::NonConformance;

/// Which aggregate of the library a stream records: what a scheduler loads
/// it as, to give it its deadline command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum RecordKind {
    /// A [`Case`].
    Case,
    /// A [`NonConformance`].
    NonConformance,
    /// A [`Capa`].
    Capa,
    /// A [`ServiceOrder`].
    ServiceOrder,
    /// An SOP [`Document`].
    Document,
    /// A [`ReviewMeeting`].
    Meeting,
    /// A [`FeedbackItem`].
    FeedbackItem,
    /// A [`CaseAudit`].
    Audit,
}

impl RecordKind {
    /// The snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            RecordKind::Case => "case",
            RecordKind::NonConformance => "non_conformance",
            RecordKind::Capa => "capa",
            RecordKind::ServiceOrder => "service_order",
            RecordKind::Document => "document",
            RecordKind::Meeting => "meeting",
            RecordKind::FeedbackItem => "feedback_item",
            RecordKind::Audit => "audit",
        }
    }
}

crate::name::display_by_name!(RecordKind);

/// A stream that comes due: when, and what kind of record it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Due<K = RecordKind> {
    /// The stream.
    pub stream: StreamId,
    /// Its next deadline.
    pub at: DateTime<Utc>,
    /// What kind of record it is.
    pub kind: K,
}

/// Which streams come due when: each stream's next deadline, in order.
///
/// `K` tags each stream with what a scheduler needs to load it: the
/// library's [`RecordKind`], or a caller's own. [`Deadlines`] keeps one
/// current for the library's aggregates; a caller keeps one for its own
/// aggregates with [`set`](Self::set), after each append, and an adapter that
/// stores the index loads it back the same way.
///
/// Setting is O(log n); [`due`](Self::due) is O(log n) and then O(1) per
/// stream returned, in order of the deadline and then of the stream.
///
/// # Example
/// ```
/// use casework::read::DeadlineIndex;
/// use casework::StreamId;
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use uuid::Uuid;
///
/// let nine = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
/// let (a, b) = (StreamId::from_uuid(Uuid::from_u128(1)), StreamId::from_uuid(Uuid::from_u128(2)));
/// let mut index = DeadlineIndex::<&str>::new();
/// index.set(a, "loan", Some(nine + TimeDelta::hours(2)));
/// index.set(b, "loan", Some(nine));
/// let due: Vec<_> = index.due(nine + TimeDelta::hours(1)).map(|due| due.stream).collect();
/// assert_eq!(due, [b]);
/// // Nothing pending any more: the stream leaves the index.
/// index.set(b, "loan", None);
/// assert_eq!(index.next().map(|due| due.stream), Some(a));
/// assert_eq!(index.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineIndex<K = RecordKind> {
    by_stream: StreamMap<DateTime<Utc>>,
    by_due: BTreeMap<(DateTime<Utc>, StreamId), K>,
}

impl<K> Default for DeadlineIndex<K> {
    fn default() -> Self {
        Self {
            by_stream: StreamMap::default(),
            by_due: BTreeMap::new(),
        }
    }
}

impl<K: Copy> DeadlineIndex<K> {
    /// An empty index.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the next deadline of `stream`, a record of `kind`: `None` when
    /// nothing is pending, which takes the stream out.
    pub fn set(&mut self, stream: StreamId, kind: K, next: Option<DateTime<Utc>>) {
        let old = match next {
            Some(at) => self.by_stream.insert(stream, at),
            None => self.by_stream.remove(&stream),
        };
        if old == next {
            if let Some(at) = next {
                self.by_due.insert((at, stream), kind);
            }
            return;
        }
        if let Some(old) = old {
            self.by_due.remove(&(old, stream));
        }
        if let Some(at) = next {
            self.by_due.insert((at, stream), kind);
        }
    }

    /// The next deadline of `stream`; `None` when nothing is pending.
    #[must_use]
    pub fn get(&self, stream: StreamId) -> Option<DateTime<Utc>> {
        self.by_stream.get(&stream).copied()
    }

    /// The streams that come due at or before `now`, in order of their
    /// deadlines, and of the stream for one instant.
    pub fn due(&self, now: DateTime<Utc>) -> impl Iterator<Item = Due<K>> + '_ {
        self.iter().take_while(move |due| due.at <= now)
    }

    /// The stream that comes due first.
    #[must_use]
    pub fn next(&self) -> Option<Due<K>> {
        self.iter().next()
    }

    /// Every stream with a deadline, in order of their deadlines.
    pub fn iter(&self) -> impl Iterator<Item = Due<K>> + '_ {
        self.by_due
            .iter()
            .map(|(&(at, stream), &kind)| Due { stream, at, kind })
    }

    /// How many streams have a deadline.
    #[must_use]
    pub fn len(&self) -> usize {
        self.by_stream.len()
    }

    /// Whether no stream has a deadline.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.by_stream.is_empty()
    }
}

/// A stream whose next deadline its aggregate could not answer, such as an
/// instant outside its calendar's range: the rule that refused, and what it
/// said. The stream is out of the index until an event changes it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Unanswered {
    /// What kind of record it is.
    pub kind: RecordKind,
    /// The rule that refused, as the aggregate's error names it.
    pub rule: &'static str,
    /// The aggregate's error, in words.
    pub message: String,
}

/// The projection that keeps a [`DeadlineIndex`] current for the records of
/// every aggregate of the library: it replays each stream's state from its
/// events, and after each event asks the state for its
/// [`next_deadline`](Aggregate::next_deadline) under the policy.
///
/// [`fold_all`](Projection::fold_all) asks each stream once per run of its
/// events, after the run, which is how the index is rebuilt from a log (where
/// each stream's events come together) at millions of events a second.
///
/// # Example
/// See the [module docs](super).
#[derive(Debug, Clone)]
pub struct Deadlines<'p> {
    cases: Replica<Case>,
    non_conformances: Replica<NonConformance>,
    capas: Replica<Capa>,
    service_orders: Replica<ServiceOrder>,
    documents: Replica<Document>,
    meetings: Replica<ReviewMeeting>,
    feedback_items: Replica<FeedbackItem>,
    audits: Replica<CaseAudit>,
    indexed: Indexed<'p>,
}

/// The index, and what keeps it: the policy the deadlines are asked under,
/// and the streams that could not answer.
#[derive(Debug, Clone)]
struct Indexed<'p> {
    policy: &'p Policy,
    index: DeadlineIndex,
    unanswered: BTreeMap<StreamId, Unanswered>,
}

impl<'p> Deadlines<'p> {
    /// No streams, under `policy`.
    #[must_use]
    pub fn new(policy: &'p Policy) -> Self {
        Self {
            cases: Replica::new(),
            non_conformances: Replica::new(),
            capas: Replica::new(),
            service_orders: Replica::new(),
            documents: Replica::new(),
            meetings: Replica::new(),
            feedback_items: Replica::new(),
            audits: Replica::new(),
            indexed: Indexed {
                policy,
                index: DeadlineIndex::new(),
                unanswered: BTreeMap::new(),
            },
        }
    }

    /// The index.
    #[must_use]
    pub const fn index(&self) -> &DeadlineIndex {
        &self.indexed.index
    }

    /// The streams that come due at or before `now`, in order of their
    /// deadlines: what a scheduler gives its deadline command.
    pub fn due(&self, now: DateTime<Utc>) -> impl Iterator<Item = Due> + '_ {
        self.indexed.index.due(now)
    }

    /// The streams whose next deadline could not be answered, with why.
    pub fn unanswered(&self) -> impl Iterator<Item = (StreamId, &Unanswered)> {
        self.indexed
            .unanswered
            .iter()
            .map(|(stream, why)| (*stream, why))
    }

    /// The cases folded in.
    #[must_use]
    pub const fn cases(&self) -> &Replica<Case> {
        &self.cases
    }
}

impl Indexed<'_> {
    /// Asks `state`, the state of `stream`, for its next deadline, and
    /// indexes the answer.
    fn refresh<A>(&mut self, kind: RecordKind, stream: StreamId, state: &A)
    where
        A: Aggregate,
        A::Error: Rule + core::fmt::Display,
    {
        match state.next_deadline(self.policy) {
            Ok(next) => {
                self.index.set(stream, kind, next);
                self.unanswered.remove(&stream);
            }
            Err(error) => {
                self.index.set(stream, kind, None);
                self.unanswered.insert(
                    stream,
                    Unanswered {
                        kind,
                        rule: error.rule(),
                        message: error.to_string(),
                    },
                );
            }
        }
    }
}

/// Folds events of one aggregate into its replica, and refreshes the index for
/// the streams they changed: after each event, or after all of them.
macro_rules! deadline_projection {
    ($($replica:ident: $state:ty => $kind:ident),+ $(,)?) => {
        $(
            impl Projection<<$state as Aggregate>::Event> for Deadlines<'_> {
                fn fold(&mut self, recorded: &Recorded<<$state as Aggregate>::Event>) -> Result<(), FoldError> {
                    if let Some(state) = self.$replica.apply(recorded)? {
                        self.indexed.refresh(RecordKind::$kind, recorded.stream, state);
                    }
                    Ok(())
                }

                fn fold_all<'a>(
                    &mut self,
                    events: impl IntoIterator<Item = &'a Recorded<<$state as Aggregate>::Event>>,
                ) -> Result<(), FoldError>
                where
                    <$state as Aggregate>::Event: 'a,
                    Self: Sized,
                {
                    let indexed = &mut self.indexed;
                    self.$replica.apply_all(events, |stream, state| {
                        indexed.refresh(RecordKind::$kind, stream, state);
                    })
                }
            }
        )+

        impl Merge for Deadlines<'_> {
            /// Keeps, of each stream, the state that has folded the most
            /// events, and its deadline. Both must be under the same policy.
            fn merge(&mut self, other: Self) {
                $(
                    let indexed = &mut self.indexed;
                    self.$replica.merge_with(other.$replica, |stream, state| {
                        indexed.refresh(RecordKind::$kind, stream, state);
                    });
                )+
            }
        }
    };
}

deadline_projection! {
    cases: Case => Case,
    non_conformances: NonConformance => NonConformance,
    capas: Capa => Capa,
    service_orders: ServiceOrder => ServiceOrder,
    documents: Document => Document,
    meetings: ReviewMeeting => Meeting,
    feedback_items: FeedbackItem => FeedbackItem,
    audits: CaseAudit => Audit,
}
