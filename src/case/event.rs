//! [`Event`]: what happened to a case. The serde form is a public wire contract,
//! snapshot-tested: change it only on purpose.
//!
//! Every event that changes the status carries the status it led to, so that
//! replaying a history never needs the policy that was in force when it was
//! decided.

use chrono::{DateTime, Utc};

use super::command::Intake;
use super::state::{Assignee, Assignment, NoteVisibility, QualityRecord, Resolution, SurveyAnswer};
use crate::channel::Channel;
use crate::envelope::Version;
use crate::id::{CaseId, MessageId, ServiceOrderId};
use crate::policy::Routing;
use crate::policy::case::Status;
use crate::policy::communication::TemplateId;
use crate::priority::{
    EscalationTrigger, Impact, LadderStep, Priority, SeverityAssessment, SeverityFacts, Urgency,
};
use crate::records::{ContentHash, ErasureBasis};

/// What happened to a case. `decide` returns them; the envelope
/// ([`Recorded`](crate::Recorded)) adds when, by whom and the version.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Event {
    /// The case was logged; it is [`Status::Received`].
    Logged {
        /// What was logged (boxed: it is by far the largest event).
        intake: Box<Intake>,
        /// The severity the policy's rules assessed, and the rules that fired.
        severity: SeverityAssessment,
        /// The priority from the matrix, raised to the severity's floor.
        priority: Priority,
    },
    /// The case was routed to a unit of the organisation by the policy's
    /// routing table, at intake: the unit owns it, and the routing's
    /// assignee, if any, works it.
    Routed {
        /// Where to, by which rule, and why.
        routing: Routing,
    },
    /// The first response went out.
    Acknowledged {
        /// The channel it went out on.
        channel: Channel,
        /// The status it led to.
        status: Status,
    },
    /// The case was assigned.
    Assigned {
        /// To whom.
        to: Assignee,
    },
    /// A note was added.
    NoteAdded {
        /// The note.
        text: String,
        /// Who may read it.
        visibility: NoteVisibility,
    },
    /// The investigation started (or restarted, after a proposal was declined).
    InvestigationStarted {
        /// The status it led to.
        status: Status,
    },
    /// The case went on hold.
    WaitStarted {
        /// What is awaited.
        reason: String,
        /// The waiting status it led to.
        status: Status,
    },
    /// Work resumed after waiting.
    Resumed {
        /// The status it led to.
        status: Status,
    },
    /// A resolution or action plan was put to the customer.
    ResolutionProposed {
        /// The resolution or plan.
        resolution: Resolution,
        /// The status it led to.
        status: Status,
    },
    /// The case was resolved.
    Resolved {
        /// The resolution (the proposed one if the command gave none).
        resolution: Option<Resolution>,
        /// The root-cause category.
        root_cause: Option<String>,
        /// Whether it was resolved at intake, in the first contact.
        first_contact: bool,
        /// The status it led to.
        status: Status,
    },
    /// A QA specialist reviewed the resolution.
    ResolutionReviewed {
        /// Whether it meets the standards.
        approved: bool,
        /// The reviewer's comments.
        comments: String,
    },
    /// The customer was followed up.
    FollowUpRecorded {
        /// The channel used.
        channel: Channel,
        /// Why another channel than the customer's preferred one was used.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        other_channel_reason: Option<String>,
        /// The rating, on the policy's scale.
        rating: Option<u8>,
        /// The customer's comments.
        comments: String,
        /// Whether the customer confirmed the concern is resolved.
        concern_resolved: bool,
        /// Ratings of the survey's own questions.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
        answers: Vec<SurveyAnswer>,
        /// Why the customer was surveyed within the anti-fatigue period.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        survey_override: Option<String>,
    },
    /// The follow-up was waived.
    FollowUpWaived {
        /// Why.
        reason: String,
    },
    /// A follow-up attempt went unanswered.
    FollowUpUnanswered {
        /// The channel tried.
        channel: Channel,
        /// Why another channel than the customer's preferred one was tried.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        other_channel_reason: Option<String>,
        /// Which attempt, from 1.
        attempt: u32,
        /// Whether this was the policy's last attempt: the follow-up is
        /// settled as unanswered.
        last: bool,
    },
    /// A non-conformance or CAPA was linked.
    QualityRecordLinked {
        /// The record.
        record: QualityRecord,
    },
    /// A manager approved that the complaint needs no CAPA: the proposal's
    /// reason.
    NoCapaApproved {
        /// Why.
        reason: String,
    },
    /// The case was closed.
    Closed {
        /// The status it led to.
        status: Status,
    },
    /// The case was reopened.
    Reopened {
        /// Why.
        reason: String,
        /// Whether this reopen reworks a resolution that QA did not approve, rather
        /// than answering the customer; such a reopen ignores the reopen window.
        rework: bool,
        /// The status it led to.
        status: Status,
    },
    /// The customer withdrew the case.
    Withdrawn {
        /// Why.
        reason: String,
        /// The status it led to.
        status: Status,
    },
    /// The case was rejected.
    Rejected {
        /// Why.
        reason: String,
        /// The status it led to.
        status: Status,
    },
    /// The case was merged into a primary case.
    Merged {
        /// The primary case.
        into: CaseId,
        /// The status it led to.
        status: Status,
    },
    /// The merge was undone.
    Unmerged {
        /// The status it led to: the one before the merge.
        status: Status,
    },
    /// The case went up one escalation level.
    Escalated {
        /// The new level, from 1.
        level: u8,
        /// Why it escalated.
        trigger: EscalationTrigger,
        /// Whom the priority's ladder names at this level, and whether to notify
        /// them or hand them the case; `None` when the ladder has no such level.
        to: Option<LadderStep>,
        /// For an escalation that came due (a ladder level, an SLA breach): the
        /// instant it came due, which a late scheduler records after it. `None`
        /// for one decided at the time it was recorded (manual, severity,
        /// unresolved concern).
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        due: Option<DateTime<Utc>>,
        /// The reason given, or the rule that fired.
        reason: String,
    },
    /// The case moved to another category. A `Routed` event follows when
    /// the routing table sends the new category elsewhere.
    Recategorised {
        /// The category it was in.
        from: String,
        /// The category it is in now.
        to: String,
        /// Why.
        reason: String,
    },
    /// Someone moved the case to another unit of the organisation.
    Transferred {
        /// Who held the case before.
        from: Assignment,
        /// Who holds it now.
        to: Assignment,
        /// Why.
        reason: String,
    },
    /// An escalation handed the case over to a unit of the organisation:
    /// the unit owns it from then on, for someone there to pick up. Follows
    /// the `Escalated` event whose step hands over to a unit the case is not
    /// with already.
    HandedOver {
        /// The escalation level it came from.
        level: u8,
        /// Who held the case before.
        from: Assignment,
        /// Who holds it now.
        to: Assignment,
    },
    /// The case went down one escalation level.
    Deescalated {
        /// The new level, from 0.
        level: u8,
        /// Why.
        reason: String,
    },
    /// The customer wrote to the desk.
    CustomerMessageReceived {
        /// The channel it came in on.
        channel: Channel,
    },
    /// An SLA clock passed a warning threshold. Recorded once per metric, cycle
    /// and threshold.
    SlaWarning {
        /// The metric's name.
        metric: String,
        /// The metric's cycle, from 0.
        cycle: u32,
        /// The threshold, in percent of the target.
        percent: u8,
        /// When the clock passed it.
        reached_at: DateTime<Utc>,
    },
    /// An SLA clock breached its target. Recorded once per metric and cycle.
    SlaBreached {
        /// The metric's name.
        metric: String,
        /// The metric's cycle, from 0.
        cycle: u32,
        /// When the clock reached the target.
        reached_at: DateTime<Utc>,
    },
    /// Severity and priority were reassessed.
    Reassessed {
        /// The facts as they now stand.
        facts: SeverityFacts,
        /// The impact as it now stands.
        impact: Impact,
        /// The urgency as it now stands.
        urgency: Urgency,
        /// The severity the rules assessed, and the rules that fired.
        severity: SeverityAssessment,
        /// The priority.
        priority: Priority,
        /// Why.
        reason: String,
    },
    /// The service the case asked for was delivered: its order was signed off.
    ServiceDelivered {
        /// The service order.
        order: ServiceOrderId,
    },
    /// The concern raised at follow-up was resolved.
    ConcernResolved {
        /// How.
        resolution: String,
    },
    /// Someone proposed that the complaint needs no CAPA.
    NoCapaProposed {
        /// Why.
        reason: String,
    },
    /// A legal hold was placed on the case: while it is in force, nothing of
    /// the case is erased or disposed of.
    LegalHoldPlaced {
        /// The matter, such as a claim's reference.
        reason: String,
    },
    /// The legal hold for `reason` was released.
    LegalHoldReleased {
        /// The matter the hold was placed for.
        reason: String,
    },
    /// The personal parts of earlier events were erased from the stored
    /// history: the events stay, their personal fields read
    /// [`ERASED`](crate::records::ERASED), and the chain still verifies.
    PersonalDataErased {
        /// The events whose personal parts were erased, in ascending order.
        versions: Vec<Version>,
        /// On what grounds.
        basis: ErasureBasis,
    },
    /// The desk promised the customer an answer by `due`: at the
    /// acknowledgement, and again when a new priority moved the time. The
    /// time is the policy's promise metric's due instant (by default the
    /// resolution target's), padded and rounded by the policy, and never
    /// before the promise was made.
    Promised {
        /// The promised instant.
        due: DateTime<Utc>,
    },
    /// A message to the customer was queued for sending: what the customer
    /// is told, by template, channel and content hash.
    MessageQueued {
        /// The message's id.
        message: MessageId,
        /// The template it was rendered from.
        template: TemplateId,
        /// The channel it goes out on.
        channel: Channel,
        /// The locale of the template variant used.
        locale: String,
        /// The hash of what was rendered.
        content: ContentHash,
        /// Why it is not the customer's preferred channel, when it is not.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        other_channel_reason: Option<String>,
    },
    /// A queued message was delivered.
    MessageDelivered {
        /// The message.
        message: MessageId,
    },
    /// A queued message could not be delivered.
    MessageFailed {
        /// The message.
        message: MessageId,
        /// Why, as the sender reported it.
        reason: String,
        /// The policy's fallback channel for the message's, to retry on, if
        /// it has one.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        retry_on: Option<Channel>,
    },
}

impl Event {
    /// The status this event led to, for events that change the status.
    #[must_use]
    pub const fn status(&self) -> Option<Status> {
        match self {
            Event::Logged { .. } => Some(Status::Received),
            Event::Acknowledged { status, .. }
            | Event::InvestigationStarted { status }
            | Event::WaitStarted { status, .. }
            | Event::Resumed { status }
            | Event::ResolutionProposed { status, .. }
            | Event::Resolved { status, .. }
            | Event::Closed { status }
            | Event::Reopened { status, .. }
            | Event::Withdrawn { status, .. }
            | Event::Rejected { status, .. }
            | Event::Merged { status, .. }
            | Event::Unmerged { status } => Some(*status),
            Event::Assigned { .. }
            | Event::Routed { .. }
            | Event::NoteAdded { .. }
            | Event::ResolutionReviewed { .. }
            | Event::FollowUpRecorded { .. }
            | Event::FollowUpWaived { .. }
            | Event::FollowUpUnanswered { .. }
            | Event::QualityRecordLinked { .. }
            | Event::NoCapaApproved { .. }
            | Event::Escalated { .. }
            | Event::HandedOver { .. }
            | Event::Recategorised { .. }
            | Event::Transferred { .. }
            | Event::Deescalated { .. }
            | Event::CustomerMessageReceived { .. }
            | Event::ServiceDelivered { .. }
            | Event::SlaWarning { .. }
            | Event::SlaBreached { .. }
            | Event::Reassessed { .. }
            | Event::ConcernResolved { .. }
            | Event::NoCapaProposed { .. }
            | Event::LegalHoldPlaced { .. }
            | Event::LegalHoldReleased { .. }
            | Event::PersonalDataErased { .. }
            | Event::Promised { .. }
            | Event::MessageQueued { .. }
            | Event::MessageDelivered { .. }
            | Event::MessageFailed { .. } => None,
        }
    }

    /// The event's snake_case name, as in its serde `type` tag.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        match self {
            Event::Logged { .. } => "logged",
            Event::Routed { .. } => "routed",
            Event::Acknowledged { .. } => "acknowledged",
            Event::Assigned { .. } => "assigned",
            Event::NoteAdded { .. } => "note_added",
            Event::InvestigationStarted { .. } => "investigation_started",
            Event::WaitStarted { .. } => "wait_started",
            Event::Resumed { .. } => "resumed",
            Event::ResolutionProposed { .. } => "resolution_proposed",
            Event::Resolved { .. } => "resolved",
            Event::ResolutionReviewed { .. } => "resolution_reviewed",
            Event::FollowUpRecorded { .. } => "follow_up_recorded",
            Event::FollowUpWaived { .. } => "follow_up_waived",
            Event::FollowUpUnanswered { .. } => "follow_up_unanswered",
            Event::QualityRecordLinked { .. } => "quality_record_linked",
            Event::NoCapaApproved { .. } => "no_capa_approved",
            Event::Closed { .. } => "closed",
            Event::Reopened { .. } => "reopened",
            Event::Withdrawn { .. } => "withdrawn",
            Event::Rejected { .. } => "rejected",
            Event::Merged { .. } => "merged",
            Event::Unmerged { .. } => "unmerged",
            Event::Escalated { .. } => "escalated",
            Event::Recategorised { .. } => "recategorised",
            Event::Transferred { .. } => "transferred",
            Event::HandedOver { .. } => "handed_over",
            Event::Deescalated { .. } => "deescalated",
            Event::CustomerMessageReceived { .. } => "customer_message_received",
            Event::ServiceDelivered { .. } => "service_delivered",
            Event::SlaWarning { .. } => "sla_warning",
            Event::SlaBreached { .. } => "sla_breached",
            Event::Reassessed { .. } => "reassessed",
            Event::ConcernResolved { .. } => "concern_resolved",
            Event::NoCapaProposed { .. } => "no_capa_proposed",
            Event::LegalHoldPlaced { .. } => "legal_hold_placed",
            Event::LegalHoldReleased { .. } => "legal_hold_released",
            Event::PersonalDataErased { .. } => "personal_data_erased",
            Event::Promised { .. } => "promised",
            Event::MessageQueued { .. } => "message_queued",
            Event::MessageDelivered { .. } => "message_delivered",
            Event::MessageFailed { .. } => "message_failed",
        }
    }

    /// The event's personal fields, as JSON pointers into its serde form:
    /// the free text a customer wrote or that describes them (the subject and
    /// description at intake, a note, the comments at follow-up). A store
    /// keeps them apart so that they can be erased while the audit chain
    /// still verifies (`Payload::personal_fields` in the store module).
    ///
    /// The customer is a reference to the caller's own record
    /// ([`CustomerRef`](crate::CustomerRef)), erased there. The reasons and
    /// resolutions of the case's decisions are the quality record itself,
    /// and stay.
    #[must_use]
    pub const fn personal_fields(&self) -> &'static [&'static str] {
        match self {
            Event::Logged { .. } => &["/intake/subject", "/intake/description"],
            Event::NoteAdded { .. } => &["/text"],
            Event::FollowUpRecorded { .. } => &["/comments"],
            _ => &[],
        }
    }

    /// Whether the event holds personal data: text, not empty, in one of
    /// its [`personal_fields`](Self::personal_fields).
    #[must_use]
    pub fn holds_personal_data(&self) -> bool {
        match self {
            Event::Logged { intake, .. } => {
                !intake.subject.is_empty() || !intake.description.is_empty()
            }
            Event::NoteAdded { text, .. } => !text.is_empty(),
            Event::FollowUpRecorded { comments, .. } => !comments.is_empty(),
            _ => false,
        }
    }

    /// The versions whose personal parts this event erases: those of a
    /// [`PersonalDataErased`](Event::PersonalDataErased), none for any other.
    #[must_use]
    pub fn erases(&self) -> &[Version] {
        match self {
            Event::PersonalDataErased { versions, .. } => versions,
            _ => &[],
        }
    }
}
