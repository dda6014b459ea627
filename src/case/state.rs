//! [`Case`]: the state of one case, as plain data with getters, and the small value
//! types it is made of. No rule lives here: rules live in `decide`.

use chrono::{DateTime, Utc};

use super::command::Intake;
use crate::actor::UnitId;
use crate::channel::Channel;
use crate::envelope::Version;
use crate::id::{
    ActorId, CapaId, CaseId, CustomerRef, MessageId, NonConformanceId, Reference, TeamId,
};
use crate::policy::Routing;
use crate::policy::case::Status;
use crate::policy::communication::TemplateId;
use crate::priority::{Priority, Severity, SeverityAssessment};
use crate::records::{LegalHolds, Retention};
use crate::sla::{Signal, Threshold};

/// What kind of case: the SOPs treat complaints more strictly than the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum CaseKind {
    /// An expression of dissatisfaction that needs a response: it must be resolved
    /// with a root cause, and closed with a CAPA decision where the policy says so.
    Complaint,
    /// A request for service: a change, a replacement, a visit.
    ServiceRequest,
    /// A question.
    Inquiry,
}

impl CaseKind {
    /// The snake_case name, such as `service_request`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            CaseKind::Complaint => "complaint",
            CaseKind::ServiceRequest => "service_request",
            CaseKind::Inquiry => "inquiry",
        }
    }
}

crate::name::display_by_name!(CaseKind);

/// Who a case is assigned to: a person or a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", content = "id", rename_all = "snake_case"))]
pub enum Assignee {
    /// A person.
    Person(ActorId),
    /// A team; someone in it picks the case up.
    Team(TeamId),
}

impl core::fmt::Display for Assignee {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Assignee::Person(actor) => write!(f, "person {actor}"),
            Assignee::Team(team) => write!(f, "team {team}"),
        }
    }
}

/// Who holds a case: the unit of the organisation that owns it, and who
/// works it. What a hand-over records before and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Assignment {
    /// The unit that owns the case; `None` when no unit does.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub unit: Option<UnitId>,
    /// Who works it; `None` until someone is assigned or picks it up.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub assignee: Option<Assignee>,
}

impl Assignment {
    /// The case with `unit`, for someone there to pick up.
    #[must_use]
    pub const fn unit(unit: UnitId) -> Self {
        Self {
            unit: Some(unit),
            assignee: None,
        }
    }
}

/// Who may read a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum NoteVisibility {
    /// Staff only.
    Internal,
    /// Shared with the customer.
    Customer,
}

/// A resolution or action plan: a text, a reference to one (a knowledge-base
/// article, a work order), or both. At least one of them is not blank.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Resolution {
    /// What was done or will be done, in words the customer understands.
    #[cfg_attr(feature = "serde", serde(default))]
    pub summary: String,
    /// Where the resolution is written down, if elsewhere.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub reference: Option<String>,
}

impl Resolution {
    /// A resolution given as text.
    #[must_use]
    pub fn text(summary: impl Into<String>) -> Self {
        Self {
            summary: summary.into(),
            reference: None,
        }
    }

    /// A resolution given as a reference to where it is written down.
    #[must_use]
    pub fn reference(reference: impl Into<String>) -> Self {
        Self {
            summary: String::new(),
            reference: Some(reference.into()),
        }
    }

    /// Whether neither the summary nor the reference says anything.
    #[must_use]
    pub fn is_blank(&self) -> bool {
        self.summary.trim().is_empty()
            && self
                .reference
                .as_deref()
                .is_none_or(|r| r.trim().is_empty())
    }
}

/// A quality record linked to a case: the complaint's CAPA decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", content = "id", rename_all = "snake_case"))]
pub enum QualityRecord {
    /// A non-conformance report.
    NonConformance(NonConformanceId),
    /// A corrective and preventive action.
    Capa(CapaId),
}

/// The resolution as recorded, with who recorded it and when.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ResolutionRecord {
    /// The resolution; always present for complaints.
    pub resolution: Option<Resolution>,
    /// The root-cause category; always present for complaints.
    pub root_cause: Option<String>,
    /// Who resolved the case. A QA reviewer must be someone else.
    pub by: ActorId,
    /// Who proposed a resolution that was pending when the case was resolved, if
    /// anyone. A QA reviewer must be someone else too.
    pub proposed_by: Option<ActorId>,
    /// When.
    pub at: DateTime<Utc>,
    /// Whether it was resolved at intake, in the first contact.
    pub first_contact: bool,
    /// The severity when it was resolved: closing needs what it requires, even
    /// if the case is reassessed lower later.
    pub severity: Severity,
}

impl ResolutionRecord {
    /// Whether `actor` resolved the case or proposed its resolution: either way,
    /// not someone who may review it.
    #[must_use]
    pub fn is_authored_by(&self, actor: ActorId) -> bool {
        self.by == actor || self.proposed_by == Some(actor)
    }
}

/// A QA review of the current resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Review {
    /// The reviewer.
    pub by: ActorId,
    /// When.
    pub at: DateTime<Utc>,
    /// Whether the resolution meets the standards.
    pub approved: bool,
}

/// Where the after-service follow-up stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "status", rename_all = "snake_case"))]
pub enum FollowUpStatus {
    /// Not done yet.
    #[default]
    Pending,
    /// The customer was contacted.
    Recorded {
        /// When.
        at: DateTime<Utc>,
        /// The rating the customer gave, on the policy's scale, if any.
        rating: Option<u8>,
        /// Whether the customer confirmed the concern is resolved.
        concern_resolved: bool,
    },
    /// Waived, with a reason.
    Waived {
        /// Why no follow-up is needed.
        reason: String,
    },
    /// Tried, and not answered yet.
    Unanswered {
        /// The attempts so far.
        attempts: u32,
    },
    /// Not answered after the policy's attempts: settled, and not as satisfied.
    NoAnswer {
        /// The attempts made.
        attempts: u32,
    },
}

/// A concern the customer raised at follow-up and that is not resolved yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct OpenConcern {
    /// When it was raised: when the follow-up was recorded.
    pub raised_at: DateTime<Utc>,
    /// When it was escalated, by a person or by the deadline command (as of
    /// when that came due); `None` while its escalation clock runs.
    pub escalated_at: Option<DateTime<Utc>>,
}

/// One question of a follow-up survey and the customer's rating of it, on the
/// policy's scale.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct SurveyAnswer {
    /// The question, such as `timeliness`.
    pub question: String,
    /// The rating.
    pub rating: u8,
}

impl FollowUpStatus {
    /// Whether the follow-up is recorded, waived, or given up unanswered: what
    /// closing needs.
    #[must_use]
    pub const fn is_settled(&self) -> bool {
        !matches!(
            self,
            FollowUpStatus::Pending | FollowUpStatus::Unanswered { .. }
        )
    }
}

/// A manager's approval that a complaint needs no CAPA, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct NoCapaApproval {
    /// Who approved.
    pub by: ActorId,
    /// Why no corrective action is needed.
    pub reason: String,
    /// Who proposed it; `None` in a history from before approvals needed a
    /// proposal.
    pub proposed_by: Option<ActorId>,
}

/// A proposal that a complaint needs no CAPA, waiting for another person's
/// approval.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct NoCapaProposal {
    /// Who proposed it.
    pub by: ActorId,
    /// Why no corrective action is needed.
    pub reason: String,
}

/// A time the desk promised the customer an answer by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Promise {
    /// The promised instant.
    pub due: DateTime<Utc>,
    /// When it was made.
    pub made_at: DateTime<Utc>,
    /// How many promises the case has made, this one included: 1 at the
    /// acknowledgement, more after each re-promise.
    pub number: u32,
}

/// A message queued to the customer, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct MessageRecord {
    /// Its id.
    pub id: MessageId,
    /// The template it was rendered from.
    pub template: TemplateId,
    /// The channel it went out on.
    pub channel: Channel,
    /// When it was queued.
    pub queued_at: DateTime<Utc>,
    /// What became of it.
    pub delivery: Delivery,
}

/// What became of a queued message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "status", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Delivery {
    /// No report yet.
    Pending,
    /// Delivered.
    Delivered {
        /// When the report was recorded.
        at: DateTime<Utc>,
    },
    /// Not delivered.
    Failed {
        /// When the report was recorded.
        at: DateTime<Utc>,
        /// Why.
        reason: String,
        /// The policy's fallback channel to retry on, if any.
        retry_on: Option<Channel>,
    },
}

/// What an entry of a case's SLA timeline records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum SlaChange {
    /// A signal that metrics start or stop on.
    Signal(Signal),
    /// The case entered this status.
    Status(Status),
    /// The case's priority became this.
    Priority(Priority),
}

/// One entry of a case's SLA timeline, kept as events are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SlaMark {
    /// When.
    pub at: DateTime<Utc>,
    /// What.
    pub change: SlaChange,
}

/// An SLA threshold the case has recorded, so that it is recorded once.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SlaRecorded {
    /// The metric's name.
    pub metric: String,
    /// The metric's cycle.
    pub cycle: u32,
    /// The threshold.
    pub threshold: Threshold,
    /// When the clock reached it.
    #[cfg_attr(feature = "serde", serde(default))]
    pub reached_at: DateTime<Utc>,
}

/// One case: a complaint, a service request or an inquiry.
///
/// Plain data, built only by replaying its events with [`apply`](crate::Aggregate::apply):
/// `Case::default()` is a case not yet logged. Read it with the getters; change it
/// only through [`decide`](Case#method.decide).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Case {
    pub(crate) status: Option<Status>,
    pub(crate) previous_status: Option<Status>,
    pub(crate) previous_before_merge: Option<Status>,
    pub(crate) intake: Option<Intake>,
    pub(crate) severity: SeverityAssessment,
    pub(crate) priority: Option<Priority>,
    pub(crate) acknowledged_at: Option<DateTime<Utc>>,
    /// What the desk promised the customer: the latest promise.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub(crate) promise: Option<Promise>,
    /// The messages queued to the customer, in order.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub(crate) messages: Vec<MessageRecord>,
    pub(crate) assignee: Option<Assignee>,
    pub(super) unit: Option<UnitId>,
    pub(super) routing: Option<Routing>,
    pub(crate) escalation_level: u8,
    pub(crate) escalation_peak: u8,
    pub(crate) ladder_started_at: Option<DateTime<Utc>>,
    pub(crate) proposed_resolution: Option<Resolution>,
    /// Who proposed [`proposed_resolution`](Self::proposed_resolution).
    pub(crate) proposed_by: Option<ActorId>,
    pub(crate) resolution: Option<ResolutionRecord>,
    pub(crate) review: Option<Review>,
    pub(crate) follow_up: FollowUpStatus,
    pub(crate) service_delivered_at: Option<DateTime<Utc>>,
    pub(crate) last_survey_at: Option<DateTime<Utc>>,
    pub(crate) open_concern: Option<OpenConcern>,
    pub(crate) quality_records: Vec<QualityRecord>,
    pub(crate) no_capa: Option<NoCapaApproval>,
    pub(crate) no_capa_proposal: Option<NoCapaProposal>,
    pub(crate) reopen_count: u32,
    pub(crate) merged_into: Option<CaseId>,
    pub(crate) notes: u32,
    pub(crate) sla_marks: Vec<SlaMark>,
    pub(crate) sla_recorded: Vec<SlaRecorded>,
    pub(crate) version: Version,
    pub(crate) logged_at: Option<DateTime<Utc>>,
    pub(crate) updated_at: Option<DateTime<Utc>>,
    /// When the case entered `Resolved` in its current cycle (kept once it
    /// finishes, cleared when it goes back to work): the escalation ladder's
    /// "unless resolved" is judged as of each level's due instant.
    pub(crate) resolved_at: Option<DateTime<Utc>>,
    /// When the case finished (closed, withdrawn, rejected, merged), while it
    /// is finished: a ladder level or SLA breach due before it still counts.
    pub(crate) finished_at: Option<DateTime<Utc>>,
    /// The legal holds placed on the case, in force or released.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "LegalHolds::is_empty"))]
    pub(crate) holds: LegalHolds,
    /// The events that still hold personal data, in version order.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub(crate) personal: Vec<PersonalPart>,
}

/// An event of a case's history that holds personal data not yet erased
/// ([`Event::personal_fields`](super::Event::personal_fields)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct PersonalPart {
    /// The event's version.
    pub version: Version,
    /// When it was recorded.
    pub at: DateTime<Utc>,
    /// Whether it is an entry of the feedback log (a follow-up's comments),
    /// kept for the feedback log's retention.
    pub feedback: bool,
}

impl Case {
    /// The legal holds placed on the case, in force or released.
    #[must_use]
    pub const fn legal_holds(&self) -> &LegalHolds {
        &self.holds
    }

    /// The events of the case's history that still hold personal data, in
    /// version order: what [`Command::ErasePersonalData`](super::Command::ErasePersonalData)
    /// would erase.
    #[must_use]
    pub fn personal_data(&self) -> &[PersonalPart] {
        &self.personal
    }

    /// When the oldest feedback still kept comes due for disposal under
    /// `retention` ([`Command::DisposeFeedback`](super::Command::DisposeFeedback)),
    /// legal holds aside; `None` when no feedback is kept.
    #[must_use]
    pub fn feedback_disposal_at(&self, retention: Retention) -> Option<DateTime<Utc>> {
        self.personal
            .iter()
            .filter(|part| part.feedback)
            .filter_map(|part| retention.disposal_at(part.at))
            .min()
    }

    /// The status, or `None` before the case is logged.
    #[must_use]
    pub const fn status(&self) -> Option<Status> {
        self.status
    }

    /// The status before the current one: where a resume whose policy target is
    /// `previous` returns to. An unmerge restores both the status and this.
    #[must_use]
    pub const fn previous_status(&self) -> Option<Status> {
        self.previous_status
    }

    /// What was logged at intake, or `None` before the case is logged.
    #[must_use]
    pub const fn intake(&self) -> Option<&Intake> {
        self.intake.as_ref()
    }

    /// The case's id, or `None` before the case is logged.
    #[must_use]
    pub fn id(&self) -> Option<CaseId> {
        self.intake.as_ref().map(|i| i.case)
    }

    /// The human reference number, or `None` before the case is logged.
    #[must_use]
    pub fn reference(&self) -> Option<&Reference> {
        self.intake.as_ref().map(|i| &i.reference)
    }

    /// The kind of case, or `None` before the case is logged.
    #[must_use]
    pub fn kind(&self) -> Option<CaseKind> {
        self.intake.as_ref().map(|i| i.kind)
    }

    /// Whether the case is a complaint.
    #[must_use]
    pub fn is_complaint(&self) -> bool {
        self.kind() == Some(CaseKind::Complaint)
    }

    /// The customer, as the caller's opaque reference.
    #[must_use]
    pub fn customer(&self) -> Option<CustomerRef> {
        self.intake.as_ref().map(|i| i.customer)
    }

    /// The channel the customer prefers for the follow-up.
    #[must_use]
    pub fn follow_up_channel(&self) -> Option<&Channel> {
        self.intake.as_ref().map(|i| &i.follow_up_channel)
    }

    /// The current severity: the intake's, or the latest reassessment's.
    #[must_use]
    pub const fn severity(&self) -> Severity {
        self.severity.severity
    }

    /// The current severity with the rules that fired to give it.
    #[must_use]
    pub const fn severity_assessment(&self) -> &SeverityAssessment {
        &self.severity
    }

    /// The current priority: from the matrix, the intake's or the latest
    /// reassessment's impact and urgency, raised to the severity's floor. `None`
    /// before the case is logged.
    #[must_use]
    pub const fn priority(&self) -> Option<Priority> {
        self.priority
    }

    /// When the case was logged (recorded), per the event envelope.
    #[must_use]
    pub const fn logged_at(&self) -> Option<DateTime<Utc>> {
        self.logged_at
    }

    /// When the first response went out.
    #[must_use]
    pub const fn acknowledged_at(&self) -> Option<DateTime<Utc>> {
        self.acknowledged_at
    }

    /// The time the desk promised the customer an answer by: the latest
    /// promise, made at acknowledgement and again when the priority changes.
    /// `None` before the acknowledgement, or when the policy's promise metric
    /// has no target for the case.
    #[must_use]
    pub const fn promise(&self) -> Option<&Promise> {
        self.promise.as_ref()
    }

    /// The instant of [`promise`](Self::promise): when the customer was told
    /// to expect an answer.
    #[must_use]
    pub fn promised_at(&self) -> Option<DateTime<Utc>> {
        self.promise.as_ref().map(|p| p.due)
    }

    /// The messages queued to the customer, in order, with what became of
    /// each: the record of what the customer was told.
    #[must_use]
    pub fn messages(&self) -> &[MessageRecord] {
        &self.messages
    }

    /// The failed messages still to be retried on their fallback channel:
    /// those whose failure names a channel to retry on, with no message of
    /// the same template queued on that channel since.
    pub fn retries_owed(&self) -> impl Iterator<Item = (&MessageRecord, &Channel)> {
        self.messages.iter().enumerate().filter_map(|(i, record)| {
            let Delivery::Failed {
                retry_on: Some(channel),
                ..
            } = &record.delivery
            else {
                return None;
            };
            let later = self.messages.get(i + 1..).unwrap_or_default();
            let retried = later
                .iter()
                .any(|m| m.template == record.template && m.channel == *channel);
            (!retried).then_some((record, channel))
        })
    }

    /// Who the case is assigned to.
    #[must_use]
    pub const fn assignee(&self) -> Option<Assignee> {
        self.assignee
    }

    /// The unit of the organisation that owns the case: where routing sent
    /// it, or the last hand-over. `None` when no unit does.
    #[must_use]
    pub const fn unit(&self) -> Option<UnitId> {
        self.unit
    }

    /// Who holds the case: its unit and its assignee.
    #[must_use]
    pub const fn assignment(&self) -> Assignment {
        Assignment {
            unit: self.unit,
            assignee: self.assignee,
        }
    }

    /// How the case was routed at intake, and why
    /// ([`Routing::explain`](crate::policy::Routing::explain)); `None` when
    /// the policy routes nothing.
    #[must_use]
    pub const fn routing(&self) -> Option<&Routing> {
        self.routing.as_ref()
    }

    /// The case's tags: the intake's, then those routing added, each once.
    pub fn tags(&self) -> impl Iterator<Item = &str> {
        let intake = self.intake.iter().flat_map(|intake| &intake.tags);
        let routed = self.routing.iter().flat_map(|routing| &routing.to.tags);
        let mut seen: Vec<&str> = Vec::new();
        intake.chain(routed).map(String::as_str).filter(move |tag| {
            let new = !seen.contains(tag);
            if new {
                seen.push(tag);
            }
            new
        })
    }

    /// The escalation level: 0 when not escalated. A level, not a status.
    #[must_use]
    pub const fn escalation_level(&self) -> u8 {
        self.escalation_level
    }

    /// The resolution or action plan last put to the customer.
    #[must_use]
    pub const fn proposed_resolution(&self) -> Option<&Resolution> {
        self.proposed_resolution.as_ref()
    }

    /// The current resolution; cleared by a reopen.
    #[must_use]
    pub const fn resolution(&self) -> Option<&ResolutionRecord> {
        self.resolution.as_ref()
    }

    /// Who recorded the current resolution; `None` before the case is
    /// resolved, and after a reopen until it is resolved again. Whoever it is
    /// may neither review the resolution nor score an audit of the case.
    #[must_use]
    pub fn resolved_by(&self) -> Option<ActorId> {
        self.resolution.as_ref().map(|r| r.by)
    }

    /// Whether the current resolution was reached at first contact.
    #[must_use]
    pub fn is_first_contact_resolution(&self) -> bool {
        self.resolution.as_ref().is_some_and(|r| r.first_contact)
    }

    /// The latest QA review of the current resolution; cleared by a reopen.
    #[must_use]
    pub const fn review(&self) -> Option<&Review> {
        self.review.as_ref()
    }

    /// The follow-up of the current resolution or the latest delivered
    /// service; reset by a reopen and by a delivery.
    #[must_use]
    pub const fn follow_up(&self) -> &FollowUpStatus {
        &self.follow_up
    }

    /// When the latest service the case asked for was delivered, if one was:
    /// it owes the customer a follow-up, whatever the case's status.
    #[must_use]
    pub const fn service_delivered_at(&self) -> Option<DateTime<Utc>> {
        self.service_delivered_at
    }

    /// The concern the customer raised at follow-up, while it is not
    /// resolved.
    #[must_use]
    pub const fn open_concern(&self) -> Option<&OpenConcern> {
        self.open_concern.as_ref()
    }

    /// The linked non-conformances and CAPAs, in the order they were linked.
    #[must_use]
    pub fn quality_records(&self) -> &[QualityRecord] {
        &self.quality_records
    }

    /// The approved reason why this complaint needs no CAPA.
    #[must_use]
    pub const fn no_capa(&self) -> Option<&NoCapaApproval> {
        self.no_capa.as_ref()
    }

    /// The proposal that the complaint needs no CAPA, while it waits for
    /// approval.
    #[must_use]
    pub const fn no_capa_proposal(&self) -> Option<&NoCapaProposal> {
        self.no_capa_proposal.as_ref()
    }

    /// How many times the case was reopened.
    #[must_use]
    pub const fn reopen_count(&self) -> u32 {
        self.reopen_count
    }

    /// The primary case this one was merged into, while merged.
    #[must_use]
    pub const fn merged_into(&self) -> Option<CaseId> {
        self.merged_into
    }

    /// How many notes were added.
    #[must_use]
    pub const fn note_count(&self) -> u32 {
        self.notes
    }

    /// The case's SLA timeline: signals, status and priority changes, in the
    /// order they were applied.
    #[must_use]
    pub fn sla_marks(&self) -> &[SlaMark] {
        &self.sla_marks
    }

    /// The SLA warnings and breaches recorded, in order.
    #[must_use]
    pub fn sla_recorded(&self) -> &[SlaRecorded] {
        &self.sla_recorded
    }
}
