//! The customer feedback log, as a fold over case events: every follow-up
//! recorded, waived or unanswered, with the actions it led to and its
//! disposal date.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::case::{Event, SurveyAnswer};
use crate::channel::Channel;
use crate::envelope::{Recorded, Version};
use crate::id::{ActorId, CaseId};
use crate::records::Retention;

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
    for recorded in events {
        let case = recorded.stream.as_uuid();
        let concern_open = open_concerns.contains(&case);
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
            actions_taken: Vec::new(),
            disposal_at: retention.disposal_at(recorded.at),
        });
    }
    log
}
