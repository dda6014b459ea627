//! [`WorkQueues`]: the open cases of each team, unit and person, most urgent
//! first.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use super::replica::Replica;
use super::streams::StreamMap;
use super::{FoldError, Merge, Projection};
use crate::actor::UnitId;
use crate::case::{Assignee, Assignment, Case, Event, Status};
use crate::envelope::Recorded;
use crate::id::{ActorId, StreamId, TeamId};
use crate::policy::Policy;
use crate::priority::Priority;

/// A work queue: whose cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "queue", content = "id", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum QueueKey {
    /// The cases assigned to a person.
    Person(ActorId),
    /// The cases assigned to a team, for someone in it to pick up.
    Team(TeamId),
    /// The cases a unit of the organisation owns, whoever works them.
    Unit(UnitId),
    /// The cases no one is assigned to.
    Unassigned,
}

/// An open case in the queues.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct QueueEntry {
    /// The case's stream.
    pub stream: StreamId,
    /// Its status.
    pub status: Status,
    /// Its priority.
    pub priority: Priority,
    /// The nearest instant a running SLA clock of the case reaches its target
    /// (in the past for a clock that has breached); `None` when no clock runs.
    pub sla_due: Option<DateTime<Utc>>,
    /// Who holds it.
    pub assignment: Assignment,
}

impl QueueEntry {
    /// Where the entry sorts: priority first, then the nearest SLA due
    /// instant (cases without one last), then the stream.
    fn order(&self) -> Order {
        (
            self.priority,
            self.sla_due.unwrap_or(DateTime::<Utc>::MAX_UTC),
            self.stream,
        )
    }

    /// The queues the entry is in: its assignee's (or unassigned), and its
    /// unit's.
    fn keys(&self) -> impl Iterator<Item = QueueKey> {
        let assignee = match self.assignment.assignee {
            Some(Assignee::Person(person)) => QueueKey::Person(person),
            Some(Assignee::Team(team)) => QueueKey::Team(team),
            None => QueueKey::Unassigned,
        };
        core::iter::once(assignee).chain(self.assignment.unit.map(QueueKey::Unit))
    }
}

/// Where an entry sorts in its queues.
type Order = (Priority, DateTime<Utc>, StreamId);

/// The open cases of each person, team and unit, ordered by priority and then
/// by the nearest SLA due instant; and how many cases are in each status.
///
/// A case is open until it is closed, withdrawn, rejected or merged (a
/// resolved case awaiting its follow-up is open). The SLA due instants are
/// those of clocks running when the case last changed: a clock paused while
/// the case waits on the customer has none, and such a case sorts after those
/// of its priority that have one.
///
/// # Example
/// ```
/// use casework::case::{Case, CaseKind, Command, Intake};
/// use casework::priority::SeverityFacts;
/// use casework::read::{Projection, QueueKey, WorkQueues};
/// use casework::{Actor, ActorId, Aggregate, CaseId, Channel, Ctx, CustomerRef, Policy, Reference, Role, StreamId};
/// use chrono::{TimeZone, Utc};
/// use uuid::Uuid;
///
/// let policy = Policy::sop_default()?;
/// let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
/// let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
/// let mut queues = WorkQueues::new(&policy);
/// for n in [1, 2] {
///     let intake = Intake::new(
///         CaseId::from_uuid(Uuid::from_u128(n)),
///         Reference::new("CMP", 2026, n as u64)?,
///         CaseKind::Complaint,
///         Channel::Email,
///         CustomerRef::from_uuid(Uuid::from_u128(7)),
///         monday,
///     )
///     .about("delivery/late", "Parcel late")
///     .description("Details.");
///     // The second puts someone's safety at risk.
///     let intake = intake.facts(SeverityFacts { safety_issue: n == 2, ..SeverityFacts::default() });
///     let history = Case::default().record(&Command::Log { intake, first_contact_resolution: None }, &Ctx::new(monday, csr, &policy))?;
///     queues.fold_all(&history)?;
/// }
/// // The safety complaint is the more urgent, so it comes first.
/// let unassigned: Vec<_> = queues.queue(QueueKey::Unassigned).map(|entry| entry.stream).collect();
/// assert_eq!(unassigned, [StreamId::from_uuid(Uuid::from_u128(2)), StreamId::from_uuid(Uuid::from_u128(1))]);
/// assert_eq!(queues.status_counts()[&casework::case::Status::Received], 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct WorkQueues<'p> {
    cases: Replica<Case>,
    queued: Queued<'p>,
}

/// The queues, and what keeps them: the policy the SLA clocks are read under.
#[derive(Debug, Clone)]
struct Queued<'p> {
    policy: &'p Policy,
    entries: StreamMap<QueueEntry>,
    queues: BTreeMap<QueueKey, BTreeSet<Order>>,
    statuses: StreamMap<Status>,
    counts: BTreeMap<Status, u64>,
}

impl<'p> WorkQueues<'p> {
    /// No cases, under `policy`.
    #[must_use]
    pub fn new(policy: &'p Policy) -> Self {
        Self {
            cases: Replica::new(),
            queued: Queued {
                policy,
                entries: StreamMap::default(),
                queues: BTreeMap::new(),
                statuses: StreamMap::default(),
                counts: BTreeMap::new(),
            },
        }
    }

    /// The open cases of one queue, most urgent first.
    pub fn queue(&self, key: QueueKey) -> impl Iterator<Item = &QueueEntry> {
        self.queued
            .queues
            .get(&key)
            .into_iter()
            .flatten()
            .filter_map(|(_, _, stream)| self.queued.entries.get(stream))
    }

    /// Every queue that holds a case, and how many it holds.
    pub fn queues(&self) -> impl Iterator<Item = (QueueKey, usize)> + '_ {
        self.queued
            .queues
            .iter()
            .map(|(key, orders)| (*key, orders.len()))
    }

    /// The queue entry of an open case; `None` for a case finished or not
    /// folded in.
    #[must_use]
    pub fn entry(&self, stream: StreamId) -> Option<&QueueEntry> {
        self.queued.entries.get(&stream)
    }

    /// How many cases are in each status, open and finished.
    #[must_use]
    pub const fn status_counts(&self) -> &BTreeMap<Status, u64> {
        &self.queued.counts
    }

    /// The cases folded in.
    #[must_use]
    pub const fn cases(&self) -> &Replica<Case> {
        &self.cases
    }
}

impl Queued<'_> {
    /// Puts the case `stream` where its state says it belongs.
    fn refresh(&mut self, stream: StreamId, case: &Case) {
        let Some(status) = case.status() else {
            return;
        };
        if let Some(old) = self.statuses.insert(stream, status) {
            if let Some(count) = self.counts.get_mut(&old) {
                *count = count.saturating_sub(1);
                if *count == 0 {
                    self.counts.remove(&old);
                }
            }
        }
        *self.counts.entry(status).or_default() += 1;

        let entry = (!status.is_terminal())
            .then(|| case.priority())
            .flatten()
            .map(|priority| QueueEntry {
                stream,
                status,
                priority,
                sla_due: self.sla_due(case),
                assignment: case.assignment(),
            });
        if let Some(old) = self.entries.remove(&stream) {
            let order = old.order();
            for key in old.keys() {
                if let Some(orders) = self.queues.get_mut(&key) {
                    orders.remove(&order);
                    if orders.is_empty() {
                        self.queues.remove(&key);
                    }
                }
            }
        }
        if let Some(entry) = entry {
            let order = entry.order();
            for key in entry.keys() {
                self.queues.entry(key).or_default().insert(order);
            }
            self.entries.insert(stream, entry);
        }
    }

    /// The nearest due instant of the case's running SLA clocks, as of its
    /// last event; `None` when none runs, or its calendar cannot answer.
    fn sla_due(&self, case: &Case) -> Option<DateTime<Utc>> {
        let at = case.updated_at()?;
        let clocks = case.sla_status(self.policy, at).ok()?;
        clocks
            .iter()
            .filter(|clock| clock.stopped_at.is_none() && clock.paused_since.is_none())
            .filter_map(|clock| clock.due_at)
            .min()
    }
}

impl Projection<Event> for WorkQueues<'_> {
    fn fold(&mut self, recorded: &Recorded<Event>) -> Result<(), FoldError> {
        if let Some(case) = self.cases.apply(recorded)? {
            self.queued.refresh(recorded.stream, case);
        }
        Ok(())
    }

    fn fold_all<'a>(
        &mut self,
        events: impl IntoIterator<Item = &'a Recorded<Event>>,
    ) -> Result<(), FoldError>
    where
        Event: 'a,
        Self: Sized,
    {
        let queued = &mut self.queued;
        self.cases
            .apply_all(events, |stream, case| queued.refresh(stream, case))
    }
}

impl Merge for WorkQueues<'_> {
    /// Keeps, of each case, the state that has folded the most events. Both
    /// must be under the same policy.
    fn merge(&mut self, other: Self) {
        let queued = &mut self.queued;
        self.cases
            .merge_with(other.cases, |stream, case| queued.refresh(stream, case));
    }
}
