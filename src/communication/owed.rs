//! [`owed`]: the messages a case owes its customer, by policy, that the desk
//! has not sent yet.

use chrono::{DateTime, Utc};

use super::TemplateId;
use crate::case::{Case, MessageRecord};
use crate::channel::Channel;
use crate::id::MessageId;
use crate::policy::Policy;
use crate::sla::Threshold;

/// A message a case owes its customer: which template, on which channel,
/// since when, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Owed {
    /// The template to render.
    pub template: TemplateId,
    /// The channel to write on: the customer's preferred one as the policy
    /// writes on it, or the fallback a failure named.
    pub channel: Channel,
    /// Since when it is owed.
    pub since: DateTime<Utc>,
    /// Why.
    pub because: Owing,
}

/// Why a message is owed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Owing {
    /// A new priority moved the time promised: the customer is told the new
    /// one (the policy's `notices.re_promise`).
    NewPromise {
        /// The promise's number: 2 or more.
        number: u32,
    },
    /// An SLA clock the policy apologises for breached
    /// (`notices.apologise_for`): the latest such breach.
    Breach {
        /// The metric.
        metric: String,
        /// Its cycle.
        cycle: u32,
    },
    /// A message failed, and its failure named a channel to retry on.
    Retry {
        /// The message that failed.
        message: MessageId,
    },
}

/// The messages `case` owes its customer under `policy` and has not queued
/// since they came to be owed, oldest first:
/// - the `promised_time` notice after a re-promise, when the policy's
///   `notices.re_promise` says so;
/// - the `breach_apology` after the latest breach of a metric in
///   `notices.apologise_for`;
/// - each failed message again on the fallback channel its failure named,
///   until one of its template is queued there.
///
/// A finished case (closed, withdrawn, rejected, merged) owes only retries.
/// A notice is owed once, whatever its channel: any message of its template
/// queued since settles it.
///
/// # Example
/// A case reassessed to P2 after its acknowledgement owes the customer the
/// new promised time, until that notice is queued:
/// ```
/// use casework::case::{Case, CaseKind, Command, Intake};
/// use casework::communication::{Owing, TemplateId, owed};
/// use casework::priority::{Impact, SeverityFacts, Urgency};
/// use casework::{Actor, ActorId, Aggregate, CaseId, Channel, Ctx, CustomerRef, MessageId, Policy, Reference, Role};
/// use casework::records::ContentHash;
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use uuid::Uuid;
///
/// let policy = Policy::sop_default()?;
/// let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
/// let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
/// let at = |hours| Ctx::new(monday + TimeDelta::hours(hours), csr, &policy);
/// let intake = Intake::new(
///     CaseId::from_uuid(Uuid::from_u128(42)),
///     Reference::new("CMP", 2026, 42)?,
///     CaseKind::Complaint,
///     Channel::Email,
///     CustomerRef::from_uuid(Uuid::from_u128(7)),
///     monday,
/// )
/// .about("delivery/late", "Parcel two weeks late")
/// .description("Ordered on the 2nd, still not here.");
/// let mut case = Case::default();
/// case.record(&Command::Log { intake, first_contact_resolution: None }, &at(0))?;
/// case.record(&Command::Acknowledge { channel: Channel::Email }, &at(1))?;
/// assert!(owed(&case, &policy).is_empty());
///
/// case.record(&Command::Reassess {
///     facts: SeverityFacts::default(),
///     impact: Impact(1),
///     urgency: Urgency(2),
///     reason: "A whole shop's stock is missing".into(),
/// }, &at(2))?;
/// let owing = owed(&case, &policy);
/// assert_eq!(owing.len(), 1);
/// assert_eq!((owing[0].template, &owing[0].channel), (TemplateId::PROMISED_TIME, &Channel::Email));
/// assert_eq!(owing[0].because, Owing::NewPromise { number: 2 });
///
/// case.record(&Command::QueueMessage {
///     message: MessageId::from_uuid(Uuid::from_u128(1)),
///     template: TemplateId::PROMISED_TIME,
///     channel: Channel::Email,
///     locale: "en".into(),
///     content: ContentHash::from_bytes([7; 32]),
///     other_channel_reason: None,
/// }, &at(3))?;
/// assert!(owed(&case, &policy).is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn owed(case: &Case, policy: &Policy) -> Vec<Owed> {
    let communication = policy.communication();
    let notices = &communication.notices;
    let mut owing = Vec::new();
    let finished = case.status().is_some_and(|s| s.is_terminal());
    let channel = case
        .follow_up_channel()
        .map(|preferred| communication.channel_for(preferred).unwrap_or(preferred));
    let sent_since = |template: TemplateId, since: DateTime<Utc>| {
        case.messages()
            .iter()
            .any(|m: &MessageRecord| m.template == template && m.queued_at >= since)
    };
    if let (Some(channel), false) = (channel, finished) {
        if let Some(promise) = case
            .promise()
            .filter(|p| notices.re_promise && p.number > 1)
        {
            if !sent_since(TemplateId::PROMISED_TIME, promise.made_at) {
                owing.push(Owed {
                    template: TemplateId::PROMISED_TIME,
                    channel: channel.clone(),
                    since: promise.made_at,
                    because: Owing::NewPromise {
                        number: promise.number,
                    },
                });
            }
        }
        let breach = case
            .sla_recorded()
            .iter()
            .filter(|r| r.threshold == Threshold::Breach)
            .filter(|r| notices.apologise_for.contains(&r.metric))
            .max_by_key(|r| r.reached_at);
        if let Some(breach) = breach {
            if !sent_since(TemplateId::BREACH_APOLOGY, breach.reached_at) {
                owing.push(Owed {
                    template: TemplateId::BREACH_APOLOGY,
                    channel: channel.clone(),
                    since: breach.reached_at,
                    because: Owing::Breach {
                        metric: breach.metric.clone(),
                        cycle: breach.cycle,
                    },
                });
            }
        }
    }
    for (message, channel) in case.retries_owed() {
        let since = match &message.delivery {
            crate::case::Delivery::Failed { at, .. } => *at,
            _ => message.queued_at,
        };
        owing.push(Owed {
            template: message.template,
            channel: channel.clone(),
            since,
            because: Owing::Retry {
                message: message.id,
            },
        });
    }
    owing.sort_by_key(|owed| owed.since);
    owing
}
