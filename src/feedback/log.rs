//! The customer feedback log, as a fold over case events: every follow-up
//! recorded, waived or unanswered, with the actions it led to and its
//! disposal date; and the whole log, with the feedback items beside the
//! follow-ups, each with its source.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::item::{self, Erasure, Feedback, FeedbackItem, Link, Origin, Review, Source, Status};
use crate::aggregate::Aggregate;
use crate::case::{Event, SurveyAnswer};
use crate::channel::Channel;
use crate::envelope::{Recorded, Version};
use crate::id::{ActorId, CaseId, CustomerRef, FeedbackItemId, StreamId};
use crate::records::Retention;

/// Who gave an entry of the feedback log, and whether they were asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FeedbackSource {
    /// A customer: asked at a follow-up (`solicited`), or unasked.
    Customer {
        /// Who, when known: a follow-up's is the case's customer, when the
        /// events given include the case's logging.
        customer: Option<CustomerRef>,
        /// Whether a follow-up or survey asked for it.
        solicited: bool,
    },
    /// A member of staff, about the process.
    Staff {
        /// Who.
        member: ActorId,
    },
}

impl FeedbackSource {
    /// Whether it was asked for: a follow-up's answer.
    #[must_use]
    pub const fn is_solicited(&self) -> bool {
        matches!(
            self,
            FeedbackSource::Customer {
                solicited: true,
                ..
            }
        )
    }

    /// Where it comes from, without who.
    #[must_use]
    pub const fn origin(&self) -> Origin {
        match self {
            FeedbackSource::Customer { .. } => Origin::Customer,
            FeedbackSource::Staff { .. } => Origin::Staff,
        }
    }
}

impl From<Source> for FeedbackSource {
    /// A feedback item's source: never solicited.
    fn from(source: Source) -> Self {
        match source {
            Source::Customer { customer } => FeedbackSource::Customer {
                customer,
                solicited: false,
            },
            Source::Staff { member } => FeedbackSource::Staff { member },
        }
    }
}

/// What the follow-up came to.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Response {
    /// The customer answered.
    Answered {
        /// The channel the follow-up went out on.
        channel: Channel,
        /// The rating, if the customer gave one.
        rating: Option<u8>,
        /// The customer's comments and suggestions.
        comments: String,
        /// Whether the customer's concern is resolved; when not, the case
        /// escalated in the same decision.
        concern_resolved: bool,
        /// The ratings of the survey's own questions.
        answers: Vec<SurveyAnswer>,
    },
    /// The follow-up was waived.
    Waived {
        /// Why.
        reason: String,
    },
    /// An attempt went unanswered.
    NoAnswer {
        /// The channel tried.
        channel: Channel,
        /// Which attempt, from 1.
        attempt: u32,
        /// Whether it was the last: the follow-up is given up.
        last: bool,
    },
}

/// One entry of the feedback log.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FeedbackEntry {
    /// The case.
    pub case: CaseId,
    /// The version of the case's event that recorded it.
    pub version: Version,
    /// Who recorded it.
    pub recorded_by: ActorId,
    /// When.
    pub recorded_at: DateTime<Utc>,
    /// What the customer said, or why no one asked.
    pub response: Response,
    /// Who: the case's customer, asked at follow-up.
    pub source: FeedbackSource,
    /// The actions taken: the names of the other events recorded in the same
    /// decision, such as `reopened`, and of what was later done about a
    /// concern raised at follow-up, `escalated` or `concern_resolved`.
    pub actions_taken: Vec<&'static str>,
    /// When the entry may be disposed of under `retention`; `None`: never.
    pub disposal_at: Option<DateTime<Utc>>,
}

/// The feedback log of `events` (one case's or many, each case's in version
/// order), in the order given, with disposal dates under `retention`.
///
/// An event that is not a follow-up is an action of the entry before it when
/// it is of the same case, recorded at the same instant by the same actor, at
/// the version right after the entry's and its actions' so far. Versions are
/// compared without overflow: an entry at `u64::MAX` has no version after it,
/// so no action.
///
/// # Example
/// ```
/// use casework::feedback::{Retention, feedback_log};
///
/// assert!(feedback_log(&[], Retention::FEEDBACK_LOG).is_empty());
/// ```
#[must_use]
pub fn feedback_log<'a>(
    events: impl IntoIterator<Item = &'a Recorded<Event>>,
    retention: Retention,
) -> Vec<FeedbackEntry> {
    let mut log: Vec<FeedbackEntry> = Vec::new();
    // The cases with a concern open from a follow-up, and each case's latest
    // entry.
    let mut open_concerns: HashSet<Uuid> = HashSet::new();
    let mut latest: HashMap<Uuid, usize> = HashMap::new();
    // Each case's customer, from its logging.
    let mut customers: HashMap<Uuid, CustomerRef> = HashMap::new();
    for recorded in events {
        let case = recorded.stream.as_uuid();
        let concern_open = open_concerns.contains(&case);
        if let Event::Logged { intake, .. } = &recorded.event {
            customers.insert(case, intake.customer);
        }
        let response = match &recorded.event {
            Event::FollowUpRecorded {
                channel,
                other_channel_reason: _,
                survey_override: _,
                rating,
                comments,
                concern_resolved,
                answers,
            } => Response::Answered {
                channel: channel.clone(),
                rating: *rating,
                comments: comments.clone(),
                concern_resolved: *concern_resolved,
                answers: answers.clone(),
            },
            Event::FollowUpWaived { reason } => Response::Waived {
                reason: reason.clone(),
            },
            Event::FollowUpUnanswered {
                channel,
                other_channel_reason: _,
                attempt,
                last,
            } => Response::NoAnswer {
                channel: channel.clone(),
                attempt: *attempt,
                last: *last,
            },
            // What was done about a concern raised at follow-up, whenever
            // it was done, by a person or by the scheduler: an action of the
            // case's latest entry.
            Event::ConcernResolved { .. } | Event::Escalated { .. } if concern_open => {
                if matches!(recorded.event, Event::ConcernResolved { .. }) {
                    open_concerns.remove(&case);
                }
                let entry = latest.get(&case).and_then(|&i| log.get_mut(i));
                if let Some(entry) = entry {
                    entry.actions_taken.push(recorded.event.name());
                }
                continue;
            }
            other => {
                // An event of the same decision as the last entry is an
                // action it led to: the next version after the entry's and
                // its actions'. Counted by subtraction, so that no version,
                // up to `u64::MAX`, overflows.
                if let Some(last) = log.last_mut().filter(|last| {
                    last.case.as_uuid() == recorded.stream.as_uuid()
                        && last.recorded_at == recorded.at
                        && last.recorded_by == recorded.actor
                        && recorded
                            .version
                            .get()
                            .checked_sub(last.version.get())
                            .and_then(|after| after.checked_sub(1))
                            == u64::try_from(last.actions_taken.len()).ok()
                }) {
                    last.actions_taken.push(other.name());
                }
                continue;
            }
        };
        if matches!(
            response,
            Response::Answered {
                concern_resolved: false,
                ..
            }
        ) {
            open_concerns.insert(case);
        }
        latest.insert(case, log.len());
        log.push(FeedbackEntry {
            case: CaseId::from_uuid(case),
            version: recorded.version,
            recorded_by: recorded.actor,
            recorded_at: recorded.at,
            response,
            source: FeedbackSource::Customer {
                customer: customers.get(&case).copied(),
                solicited: true,
            },
            actions_taken: Vec::new(),
            disposal_at: retention.disposal_at(recorded.at),
        });
    }
    log
}

/// One feedback item in the feedback log.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ItemEntry {
    /// The item.
    pub item: FeedbackItemId,
    /// Who logged it.
    pub recorded_by: ActorId,
    /// When.
    pub recorded_at: DateTime<Utc>,
    /// Who gave it: never solicited.
    pub source: FeedbackSource,
    /// The feedback as logged; its text reads
    /// [`ERASED`](crate::records::ERASED) once erased.
    pub feedback: Feedback,
    /// Where it stands.
    pub status: Status,
    /// What it is linked to now.
    pub links: Vec<Link>,
    /// Its review, once reviewed.
    pub review: Option<Review>,
    /// Whether its review was recorded overdue.
    pub review_overdue: bool,
    /// The actions taken, in order: the names of its `linked`, `unlinked`
    /// and `reviewed` events.
    pub actions_taken: Vec<&'static str>,
    /// When its text may be disposed of under `retention`; `None`: never.
    pub disposal_at: Option<DateTime<Utc>>,
    /// How its text was erased, if it was.
    pub erasure: Option<Erasure>,
}

/// One entry of the whole feedback log: a follow-up's, or a feedback item's.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LogEntry {
    /// A follow-up recorded, waived or unanswered, on a case.
    FollowUp(FeedbackEntry),
    /// Feedback no survey asked for, from a customer or a member of staff.
    Item(ItemEntry),
}

impl LogEntry {
    /// Who gave it.
    #[must_use]
    pub const fn source(&self) -> FeedbackSource {
        match self {
            LogEntry::FollowUp(entry) => entry.source,
            LogEntry::Item(entry) => entry.source,
        }
    }

    /// Who recorded it.
    #[must_use]
    pub const fn recorded_by(&self) -> ActorId {
        match self {
            LogEntry::FollowUp(entry) => entry.recorded_by,
            LogEntry::Item(entry) => entry.recorded_by,
        }
    }

    /// When it was recorded.
    #[must_use]
    pub const fn recorded_at(&self) -> DateTime<Utc> {
        match self {
            LogEntry::FollowUp(entry) => entry.recorded_at,
            LogEntry::Item(entry) => entry.recorded_at,
        }
    }

    /// The actions taken, by their events' names.
    #[must_use]
    pub fn actions_taken(&self) -> &[&'static str] {
        match self {
            LogEntry::FollowUp(entry) => &entry.actions_taken,
            LogEntry::Item(entry) => &entry.actions_taken,
        }
    }

    /// When it may be disposed of; `None`: never.
    #[must_use]
    pub const fn disposal_at(&self) -> Option<DateTime<Utc>> {
        match self {
            LogEntry::FollowUp(entry) => entry.disposal_at,
            LogEntry::Item(entry) => entry.disposal_at,
        }
    }
}

/// The whole feedback log: the follow-ups of `case_events`, as
/// [`feedback_log`] lists them, and the feedback items of `item_events` (one
/// item's or many, each item's in version order), in the order they were
/// recorded; at the same instant, follow-ups first, each in the order given.
/// Disposal dates are under `retention`.
///
/// An item is listed as its events leave it: with its links now, its review
/// and its erasure. An item whose events given do not start with its logging
/// is left out.
///
/// # Example
/// A member of staff's suggestion, logged and linked to a review meeting's
/// action item, beside a case's follow-up:
/// ```
/// use casework::feedback::item::{Command, Feedback, FeedbackItem, FeedbackKind, Link};
/// use casework::feedback::{FeedbackSource, LogEntry, Retention, feedback_log_with_items};
/// use casework::{Actor, ActorId, Aggregate, Channel, Ctx, FeedbackItemId, MeetingId, Policy, Role};
/// use chrono::{TimeZone, Utc};
/// use uuid::Uuid;
///
/// let policy = Policy::sop_default()?;
/// let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
/// let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
/// let ctx = Ctx::new(now, csr, &policy);
///
/// let mut item = FeedbackItem::default();
/// let mut events = item.record(&Command::RecordStaffFeedback {
///     feedback: Feedback::new(
///         FeedbackItemId::from_uuid(Uuid::from_u128(5)),
///         FeedbackKind::Suggestion,
///         Channel::InPerson,
///         "A macro for the refund answer would save minutes a case.",
///         now,
///     ),
///     member: csr.id,
/// }, &ctx)?;
/// let action = Link::MeetingAction { meeting: MeetingId::from_uuid(Uuid::from_u128(3)), item: 2 };
/// events.extend(item.record(&Command::Link { link: action }, &ctx)?);
///
/// let log = feedback_log_with_items(&[], &events, Retention::FEEDBACK_LOG);
/// let [LogEntry::Item(entry)] = &log[..] else { panic!("one item") };
/// assert_eq!(entry.source, FeedbackSource::Staff { member: csr.id });
/// assert_eq!((entry.links.as_slice(), entry.actions_taken.as_slice()), (&[action][..], &["linked"][..]));
/// assert!(!log[0].source().is_solicited());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn feedback_log_with_items<'a, 'b>(
    case_events: impl IntoIterator<Item = &'a Recorded<Event>>,
    item_events: impl IntoIterator<Item = &'b Recorded<item::Event>>,
    retention: Retention,
) -> Vec<LogEntry> {
    let mut log: Vec<LogEntry> = feedback_log(case_events, retention)
        .into_iter()
        .map(LogEntry::FollowUp)
        .collect();
    // Each item's state and actions, in the order the items first appear.
    let mut items: Vec<(FeedbackItem, Vec<&'static str>)> = Vec::new();
    let mut index: HashMap<StreamId, usize> = HashMap::new();
    for recorded in item_events {
        let at = *index.entry(recorded.stream).or_insert_with(|| {
            items.push((FeedbackItem::default(), Vec::new()));
            items.len() - 1
        });
        let Some((state, actions)) = items.get_mut(at) else {
            continue;
        };
        // An item's history starts with its logging; what comes before is
        // not an item's.
        if state.id().is_none() && FeedbackItem::creates(&recorded.event).is_none() {
            continue;
        }
        state.apply(recorded);
        if matches!(
            recorded.event,
            item::Event::Linked { .. }
                | item::Event::Unlinked { .. }
                | item::Event::Reviewed { .. }
        ) {
            actions.push(recorded.event.name());
        }
    }
    log.extend(items.into_iter().filter_map(|(state, actions_taken)| {
        Some(LogEntry::Item(ItemEntry {
            item: state.id()?,
            recorded_by: state.logged_by()?,
            recorded_at: state.logged_at()?,
            source: FeedbackSource::from(*state.source()?),
            feedback: state.feedback()?.clone(),
            status: state.status()?,
            links: state.links().to_vec(),
            review: state.review().cloned(),
            review_overdue: state.review_overdue(),
            actions_taken,
            disposal_at: retention.disposal_at(state.logged_at()?),
            erasure: state.erasure().cloned(),
        }))
    }));
    log.sort_by_key(LogEntry::recorded_at);
    log
}
