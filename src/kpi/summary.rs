//! [`CaseSummary`]: what the KPIs need of one case, folded from its events so
//! that any split of the events, folded apart and merged, gives the same
//! summary as one fold over them all.
//!
//! Every field is a sum, an "or", a minimum, a union, or the value of the
//! earliest or latest event by version: each is associative and commutative,
//! so merging summaries of disjoint sets of events is too.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::actor::UnitId;
use crate::case::{Assignee, CaseKind, Event};
use crate::channel::Channel;
use crate::envelope::{Recorded, Version};
use crate::feedback::item::{self, FeedbackKind, Origin};
use crate::id::{ActorId, TeamId};
use crate::priority::Priority;

/// What the KPIs know of one case.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct CaseSummary {
    /// From the `logged` event: what the case is and when it was received.
    pub intake: Option<IntakeFacts>,
    /// The latest team the case was assigned to, by version: by an
    /// assignment, a transfer or a hand-over to the team.
    pub team: Option<(Version, TeamId)>,
    /// The latest assignment of the case, by version, as the case itself
    /// keeps it: an assignment names a person or a team; a transfer or a
    /// hand-over names who works the case from then on (`None` when it left
    /// the case to its new unit to pick up); a routing that names an assignee
    /// names that person (one that names none leaves the assignment be).
    pub assignee: Option<(Version, Option<Assignee>)>,
    /// The first resolution, by version, and who recorded it: the case's
    /// resolver, whom the per-agent KPIs count it for
    /// ([`agent`](Self::agent)).
    pub resolver: Option<(Version, ActorId)>,
    /// The resolutions after the first, in version order, each with who
    /// recorded it: whose resolution a later reopen undid
    /// ([`reopens_caused`](Self::reopens_caused)).
    pub later_resolutions: Vec<(Version, ActorId)>,
    /// The versions of the reopens, in order.
    pub reopen_versions: Vec<Version>,
    /// The latest unit of the organisation that owned the case, by version:
    /// where routing sent it, or the last hand-over.
    pub unit: Option<(Version, UnitId)>,
    /// How many times an escalation handed the case over to a unit.
    pub hand_overs: u32,
    /// The first acknowledgement.
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// The first resolution.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Whether it was resolved at first contact, reopened or not: see
    /// [`resolved_at_first_contact`](Self::resolved_at_first_contact) for
    /// what the KPIs count.
    pub first_contact: bool,
    /// How many times it was reopened.
    pub reopens: u32,
    /// How many times it was escalated.
    pub escalations: u32,
    /// The latest follow-up, by version: its rating (if the customer gave one;
    /// `None` too when it was given up unanswered).
    pub follow_up: Option<(Version, Option<u8>)>,
    /// Whether the follow-up was waived.
    pub follow_up_waived: bool,
    /// The latest time promised to the customer, by version.
    pub promised: Option<(Version, DateTime<Utc>)>,
    /// The SLA metrics it breached.
    pub breached: BTreeSet<String>,
    /// When it left the desk (closed, withdrawn, rejected, merged: `false`) or
    /// came back (reopened, unmerged: `true`), in version order.
    pub openings: Vec<(Version, DateTime<Utc>, bool)>,
}

/// What the KPIs know of one feedback item, from its logging: what the
/// monthly figures count it by.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FeedbackFacts {
    /// A customer, unasked, or a member of staff.
    pub origin: Origin,
    /// Compliment, suggestion, process complaint or other.
    pub kind: FeedbackKind,
    /// The category code it is about, if any.
    pub category: Option<String>,
    /// The channel it came in on.
    pub channel: Channel,
    /// Its rating, if one was given.
    pub rating: Option<u8>,
    /// When the desk received it.
    pub received_at: DateTime<Utc>,
}

impl FeedbackFacts {
    /// The facts of a feedback item's logging; `None` for any other event.
    pub(super) fn of(event: &item::Event) -> Option<Self> {
        match event {
            item::Event::Logged {
                feedback, source, ..
            } => Some(Self {
                origin: source.origin(),
                kind: feedback.kind,
                category: feedback.category.clone(),
                channel: feedback.channel.clone(),
                rating: feedback.rating,
                received_at: feedback.received_at,
            }),
            _ => None,
        }
    }
}

/// The intake facts a KPI breaks down by.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct IntakeFacts {
    /// Complaint, service request or inquiry.
    pub kind: CaseKind,
    /// The category code.
    pub category: String,
    /// The channel it came in on.
    pub channel: Channel,
    /// The priority at intake.
    pub priority: Priority,
    /// When the desk received it.
    pub received_at: DateTime<Utc>,
}

impl CaseSummary {
    /// Folds one event of the case in.
    pub fn fold(&mut self, recorded: &Recorded<Event>) {
        let at = recorded.at;
        let version = recorded.version;
        let min = |slot: &mut Option<DateTime<Utc>>| {
            *slot = Some(slot.map_or(at, |t| t.min(at)));
        };
        match &recorded.event {
            Event::Logged {
                intake, priority, ..
            } => {
                self.intake = Some(IntakeFacts {
                    kind: intake.kind,
                    category: intake.category.clone(),
                    channel: intake.channel.clone(),
                    priority: *priority,
                    received_at: intake.received_at,
                });
            }
            Event::Assigned { to } => {
                if let Assignee::Team(team) = to {
                    latest(&mut self.team, version, *team);
                }
                latest(&mut self.assignee, version, Some(*to));
            }
            Event::Acknowledged { .. } => min(&mut self.acknowledged_at),
            Event::Resolved { first_contact, .. } => {
                min(&mut self.resolved_at);
                self.first_contact |= first_contact;
                self.add_resolution(version, recorded.actor);
            }
            Event::Reopened { .. } | Event::Unmerged { .. } => {
                if matches!(recorded.event, Event::Reopened { .. }) {
                    self.reopens = self.reopens.saturating_add(1);
                    insert(&mut self.reopen_versions, version);
                }
                insert(&mut self.openings, (version, at, true));
            }
            Event::Closed { .. }
            | Event::Withdrawn { .. }
            | Event::Rejected { .. }
            | Event::Merged { .. } => insert(&mut self.openings, (version, at, false)),
            Event::Escalated { .. } => self.escalations = self.escalations.saturating_add(1),
            Event::FollowUpRecorded { rating, .. } => latest(&mut self.follow_up, version, *rating),
            Event::FollowUpWaived { .. } => self.follow_up_waived = true,
            // Given up unanswered: a follow-up without a rating.
            Event::FollowUpUnanswered { last: true, .. } => {
                latest(&mut self.follow_up, version, None)
            }
            Event::FollowUpUnanswered { .. } => {}
            Event::SlaBreached { metric, .. } => {
                self.breached.insert(metric.clone());
            }
            Event::Routed { routing } => {
                latest(&mut self.unit, version, routing.to.unit);
                if let Some(person) = routing.to.assignee {
                    latest(&mut self.assignee, version, Some(Assignee::Person(person)));
                }
            }
            Event::HandedOver { to, .. } | Event::Transferred { to, .. } => {
                if matches!(recorded.event, Event::HandedOver { .. }) {
                    self.hand_overs = self.hand_overs.saturating_add(1);
                }
                if let Some(unit) = to.unit {
                    latest(&mut self.unit, version, unit);
                }
                if let Some(Assignee::Team(team)) = to.assignee {
                    latest(&mut self.team, version, team);
                }
                latest(&mut self.assignee, version, to.assignee);
            }
            Event::Recategorised { .. }
            | Event::NoteAdded { .. }
            | Event::InvestigationStarted { .. }
            | Event::WaitStarted { .. }
            | Event::Resumed { .. }
            | Event::ResolutionProposed { .. }
            | Event::ResolutionReviewed { .. }
            | Event::QualityRecordLinked { .. }
            | Event::NoCapaApproved { .. }
            | Event::Deescalated { .. }
            | Event::CustomerMessageReceived { .. }
            | Event::ServiceDelivered { .. }
            | Event::SlaWarning { .. }
            | Event::Reassessed { .. }
            | Event::ConcernResolved { .. }
            | Event::NoCapaProposed { .. }
            | Event::LegalHoldPlaced { .. }
            | Event::LegalHoldReleased { .. }
            | Event::PersonalDataErased { .. }
            | Event::MessageQueued { .. }
            | Event::MessageDelivered { .. }
            | Event::MessageFailed { .. } => {}
            Event::Promised { due } => latest(&mut self.promised, version, *due),
        }
    }

    /// Merges the summary of other events of the same case in.
    pub fn merge(&mut self, other: &CaseSummary) {
        if self.intake.is_none() {
            self.intake.clone_from(&other.intake);
        }
        if let Some((version, team)) = other.team {
            latest(&mut self.team, version, team);
        }
        if let Some((version, unit)) = other.unit {
            latest(&mut self.unit, version, unit);
        }
        if let Some((version, assignee)) = other.assignee {
            latest(&mut self.assignee, version, assignee);
        }
        for (version, actor) in other.resolver.iter().chain(&other.later_resolutions) {
            self.add_resolution(*version, *actor);
        }
        for version in &other.reopen_versions {
            insert(&mut self.reopen_versions, *version);
        }
        self.hand_overs = self.hand_overs.saturating_add(other.hand_overs);
        self.acknowledged_at = earliest(self.acknowledged_at, other.acknowledged_at);
        self.resolved_at = earliest(self.resolved_at, other.resolved_at);
        self.first_contact |= other.first_contact;
        self.reopens = self.reopens.saturating_add(other.reopens);
        self.escalations = self.escalations.saturating_add(other.escalations);
        if let Some((version, rating)) = other.follow_up {
            latest(&mut self.follow_up, version, rating);
        }
        self.follow_up_waived |= other.follow_up_waived;
        if let Some((version, due)) = other.promised {
            latest(&mut self.promised, version, due);
        }
        self.breached.extend(other.breached.iter().cloned());
        for opening in &other.openings {
            insert(&mut self.openings, *opening);
        }
    }

    /// Keeps a resolution: the first by version as the resolver, the others
    /// in version order after it; each once.
    fn add_resolution(&mut self, version: Version, actor: ActorId) {
        match self.resolver {
            None => self.resolver = Some((version, actor)),
            Some(first) if version < first.0 => {
                insert(&mut self.later_resolutions, first);
                self.resolver = Some((version, actor));
            }
            Some(first) if version == first.0 => {}
            Some(_) => insert(&mut self.later_resolutions, (version, actor)),
        }
    }

    /// The agent the per-agent KPIs count the case for
    /// ([`Dimension::Agent`](super::Dimension::Agent)): its resolver, the
    /// actor who recorded its first resolution (by version), whose work the
    /// case's time to resolve, first-contact resolution and reopened figures
    /// judge; or, while it was never resolved, the person it is assigned to
    /// ([`assignee`](Self::assignee)); `None` when it is with a team, a unit
    /// or no one.
    #[must_use]
    pub fn agent(&self) -> Option<ActorId> {
        match self.resolver {
            Some((_, actor)) => Some(actor),
            None => match self.assignee {
                Some((_, Some(Assignee::Person(actor)))) => Some(actor),
                _ => None,
            },
        }
    }

    /// Who caused each reopen: the actor who recorded the resolution it
    /// undid, the latest resolution before it by version. A reopen with no
    /// resolution before it (in what was folded) is caused by no one and not
    /// listed. In the order of the reopens.
    pub fn reopens_caused(&self) -> impl Iterator<Item = ActorId> + '_ {
        self.reopen_versions.iter().filter_map(|reopen| {
            let later = self
                .later_resolutions
                .iter()
                .rev()
                .find(|(version, _)| version < reopen);
            later
                .or(self
                    .resolver
                    .as_ref()
                    .filter(|(version, _)| version < reopen))
                .map(|(_, actor)| *actor)
        })
    }

    /// Whether the case counts as resolved at first contact: resolved at
    /// intake and never reopened since, for a case the customer had to come
    /// back on was not resolved at the first contact.
    #[must_use]
    pub fn resolved_at_first_contact(&self) -> bool {
        self.first_contact && self.reopens == 0
    }

    /// Whether the case was open at `at`: received by then, and not gone from
    /// the desk by its latest closing or reopening at or before `at`.
    #[must_use]
    pub fn open_at(&self, at: DateTime<Utc>) -> bool {
        let Some(intake) = &self.intake else {
            return false;
        };
        if intake.received_at > at {
            return false;
        }
        self.openings
            .iter()
            .rfind(|(_, t, _)| *t <= at)
            .is_none_or(|(_, _, open)| *open)
    }

    /// Whether the case has left the desk, as of its latest event.
    #[must_use]
    pub fn is_finished(&self) -> bool {
        self.openings.last().is_some_and(|(_, _, open)| !open)
    }
}

/// Keeps the value of the latest version.
fn latest<T>(slot: &mut Option<(Version, T)>, version: Version, value: T) {
    if slot.as_ref().is_none_or(|(v, _)| *v < version) {
        *slot = Some((version, value));
    }
}

fn earliest(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Inserts in order, once.
fn insert<T: Ord>(list: &mut Vec<T>, entry: T) {
    if let Err(i) = list.binary_search(&entry) {
        list.insert(i, entry);
    }
}
