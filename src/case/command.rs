//! [`Command`]: what a user asks of a case. Each variant carries what the rule needs
//! and nothing about "now" or the actor: those come from the context.

use chrono::{DateTime, Utc};

use super::state::{Assignee, CaseKind, NoteVisibility, QualityRecord, Resolution, SurveyAnswer};
use crate::actor::{CaseCommandKind, UnitId};
use crate::channel::Channel;
use crate::id::{ActorId, CaseId, CustomerRef, MessageId, Reference, ServiceOrderId};
use crate::policy::RoutingFacts;
use crate::policy::communication::TemplateId;
use crate::priority::{Impact, Priority, Severity, SeverityFacts, Urgency};
use crate::records::ContentHash;

/// What is logged at intake. The [`Logged`](super::Event::Logged) event records it
/// as given.
///
/// No personal data: the customer is the caller's opaque [`CustomerRef`]; contact
/// details live with the caller, behind it.
///
/// Build one with [`Intake::new`] and the chained setters; the fields stay
/// public to read and to change. Nothing is checked here: `decide` checks the
/// whole intake against the policy and refuses with every problem at once
/// ([`CaseError::Gate`](super::CaseError::Gate), an invalid command).
///
/// # Example
/// ```
/// use casework::case::{CaseKind, Command, Intake};
/// use casework::priority::{Impact, Urgency};
/// use casework::{CaseId, Channel, CustomerRef, Reference, Severity};
/// use chrono::{TimeZone, Utc};
/// use uuid::Uuid;
///
/// let received = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
/// let intake = Intake::new(
///     CaseId::from_uuid(Uuid::from_u128(1)),
///     Reference::new("CMP", 2026, 42)?,
///     CaseKind::Complaint,
///     Channel::Email,
///     CustomerRef::from_uuid(Uuid::from_u128(7)),
///     received,
/// )
/// .about("delivery/late", "Parcel two weeks late")
/// .description("Ordered on the 2nd, still not here.")
/// .follow_up_by(Channel::Phone)
/// .assessed(Severity::High)
/// .impact(Impact(2))
/// .urgency(Urgency(1));
/// assert_eq!(intake.follow_up_channel, Channel::Phone);
/// let log = Command::Log { intake, first_contact_resolution: None };
/// # let _ = log;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Intake {
    /// The case's id, chosen by the caller: the stream the case is stored in
    /// must be this id's (`execute` refuses another).
    pub case: CaseId,
    /// The human reference number, chosen by the caller. Each stream stands
    /// alone, so the library does not check that no other case has it: the
    /// caller's numbering does.
    pub reference: Reference,
    /// Complaint, service request or inquiry.
    pub kind: CaseKind,
    /// How the case reached the desk.
    pub channel: Channel,
    /// A category code from the policy's category tree, such as `billing/refund`.
    pub category: String,
    /// One line: what it is about.
    pub subject: String,
    /// The details, as the customer gave them.
    pub description: String,
    /// Who raised it.
    pub customer: CustomerRef,
    /// How the customer wants to be followed up.
    pub follow_up_channel: Channel,
    /// What the severity rules assess the severity from.
    #[cfg_attr(feature = "serde", serde(default))]
    pub facts: SeverityFacts,
    /// The impact level of the priority matrix, 1 the highest.
    pub impact: Impact,
    /// The urgency level of the priority matrix, 1 the most urgent.
    pub urgency: Urgency,
    /// When the problem happened, if known. Not after `received_at`.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub occurred_at: Option<DateTime<Utc>>,
    /// When the desk received it. Not after now.
    pub received_at: DateTime<Utc>,
    /// When the organisation became aware of it, if that differs from receipt (a
    /// regulatory clock may start there). Not after now, nor before `occurred_at`.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub aware_at: Option<DateTime<Utc>>,
    /// An earlier case this one follows on from: for example one that could no
    /// longer be reopened ([`CaseError::ReopenWindowExpired`](super::CaseError::ReopenWindowExpired)).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub related_to: Option<CaseId>,
    /// The language to answer in, a BCP 47 tag such as `de` or `de-AT`: 1 to
    /// 64 characters. Routing reads it.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub language: Option<String>,
    /// The product it is about, as the desk names its products: 1 to 64
    /// characters. Routing reads it.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub product: Option<String>,
    /// Tags, such as `vip` or `outage`: at most 64, each 1 to 64 characters.
    /// Routing reads them, and a routing rule may add more.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub tags: Vec<String>,
}

impl Intake {
    /// An intake of `kind`, received through `channel` from `customer` at
    /// `received_at`, with the case's id and reference. The rest starts
    /// empty or at its default, each with a setter:
    /// - [`about`](Self::about): the category and subject, blank until set
    ///   (`decide` refuses blank ones);
    /// - [`description`](Self::description): empty;
    /// - [`follow_up_by`](Self::follow_up_by): the channel it came through;
    /// - [`facts`](Self::facts) and [`assessed`](Self::assessed): no facts, no
    ///   assessed severity;
    /// - [`impact`](Self::impact) and [`urgency`](Self::urgency): level 3, the
    ///   lowest of the SOP default matrix (every matrix has at least 3);
    /// - [`occurred_at`](Self::occurred_at), [`aware_at`](Self::aware_at),
    ///   [`related_to`](Self::related_to), [`language`](Self::language),
    ///   [`product`](Self::product) and [`tags`](Self::tags): none.
    #[must_use]
    pub fn new(
        case: CaseId,
        reference: Reference,
        kind: CaseKind,
        channel: Channel,
        customer: CustomerRef,
        received_at: DateTime<Utc>,
    ) -> Self {
        Self {
            case,
            reference,
            kind,
            follow_up_channel: channel.clone(),
            channel,
            category: String::new(),
            subject: String::new(),
            description: String::new(),
            customer,
            facts: SeverityFacts::default(),
            impact: Impact(3),
            urgency: Urgency(3),
            occurred_at: None,
            received_at,
            aware_at: None,
            related_to: None,
            language: None,
            product: None,
            tags: Vec::new(),
        }
    }

    /// This intake in `category` (a code of the policy's category tree, such
    /// as `billing/refund`), about `subject` (one line).
    #[must_use]
    pub fn about(mut self, category: impl Into<String>, subject: impl Into<String>) -> Self {
        self.category = category.into();
        self.subject = subject.into();
        self
    }

    /// This intake with the details, as the customer gave them.
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }

    /// This intake with the channel the customer wants to be followed up by.
    #[must_use]
    pub fn follow_up_by(mut self, channel: Channel) -> Self {
        self.follow_up_channel = channel;
        self
    }

    /// This intake with the facts the severity rules read.
    #[must_use]
    pub fn facts(mut self, facts: SeverityFacts) -> Self {
        self.facts = facts;
        self
    }

    /// This intake with the severity staff assessed: a floor the severity
    /// rules can only raise.
    #[must_use]
    pub fn assessed(mut self, severity: Severity) -> Self {
        self.facts.assessed = Some(severity);
        self
    }

    /// This intake with the impact level of the priority matrix, 1 the highest.
    #[must_use]
    pub fn impact(mut self, impact: Impact) -> Self {
        self.impact = impact;
        self
    }

    /// This intake with the urgency level of the priority matrix, 1 the most
    /// urgent.
    #[must_use]
    pub fn urgency(mut self, urgency: Urgency) -> Self {
        self.urgency = urgency;
        self
    }

    /// This intake with when the problem happened: not after `received_at`.
    #[must_use]
    pub fn occurred_at(mut self, at: DateTime<Utc>) -> Self {
        self.occurred_at = Some(at);
        self
    }

    /// This intake with when the organisation became aware of it, where that
    /// differs from receipt: not after now, nor before `occurred_at`.
    #[must_use]
    pub fn aware_at(mut self, at: DateTime<Utc>) -> Self {
        self.aware_at = Some(at);
        self
    }

    /// This intake following on from an earlier case.
    #[must_use]
    pub fn related_to(mut self, case: CaseId) -> Self {
        self.related_to = Some(case);
        self
    }

    /// This intake with the language to answer in.
    #[must_use]
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// This intake with the product it is about.
    #[must_use]
    pub fn product(mut self, product: impl Into<String>) -> Self {
        self.product = Some(product.into());
        self
    }

    /// This intake with tags.
    #[must_use]
    pub fn tags<T: Into<String>>(mut self, tags: impl IntoIterator<Item = T>) -> Self {
        self.tags = tags.into_iter().map(Into::into).collect();
        self
    }

    /// The facts routing reads, given the severity and priority assessed at
    /// intake (the `Logged` event's): what the policy's routing table routes
    /// when the intake is logged.
    ///
    /// # Example
    /// ```
    /// use casework::case::{CaseKind, Intake};
    /// use casework::policy::{RouteTo, RoutingCondition, RoutingRule, RoutingTable};
    /// use casework::priority::Priority;
    /// use casework::{CaseId, Channel, CustomerRef, Reference, Severity, UnitId};
    /// use chrono::{TimeZone, Utc};
    /// use uuid::Uuid;
    ///
    /// let intake = Intake::new(CaseId::from_uuid(Uuid::from_u128(1)), Reference::new("CMP", 2026, 1)?,
    ///     CaseKind::Complaint, Channel::Email, CustomerRef::from_uuid(Uuid::from_u128(7)),
    ///     Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap())
    ///     .about("billing/refund", "Refund not received")
    ///     .language("de-AT");
    /// let table = RoutingTable::new(RouteTo::unit(UnitId::new("front_desk")?)).rule(RoutingRule::new(
    ///     "german",
    ///     RoutingCondition::default().languages(["de"]),
    ///     RouteTo::unit(UnitId::new("support_de")?),
    /// ));
    /// let routing = table.route(&intake.routing_facts(Severity::Low, Priority(4)));
    /// assert_eq!(routing.to.unit.as_str(), "support_de");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn routing_facts(&self, severity: Severity, priority: Priority) -> RoutingFacts<'_> {
        let mut facts = RoutingFacts::new(&self.category, self.channel.clone(), severity, priority)
            .tags(&self.tags);
        if let Some(tier) = &self.facts.customer_tier {
            facts = facts.tier(tier);
        }
        if let Some(language) = &self.language {
            facts = facts.language(language);
        }
        if let Some(product) = &self.product {
            facts = facts.product(product);
        }
        facts
    }

    /// The domain times the intake carries: received, occurred and aware.
    pub(crate) fn times(&self) -> [Option<DateTime<Utc>>; 3] {
        [Some(self.received_at), self.occurred_at, self.aware_at]
    }
}

/// A resolution reached during the first contact, logged with the case.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FirstContactResolution {
    /// What was done.
    pub resolution: Resolution,
    /// The root-cause category; complaints need one.
    #[cfg_attr(feature = "serde", serde(default))]
    pub root_cause: Option<String>,
}

/// What a user asks of a case.
///
/// Which statuses a command is valid in, and who may give it, is policy; see
/// [`decide`](super::Case#method.decide) for the rules no policy can switch off.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "command", rename_all = "snake_case"))]
#[non_exhaustive]
#[allow(
    clippy::large_enum_variant,
    reason = "commands are built, decided and dropped; boxing the intake would only burden callers"
)]
pub enum Command {
    /// Log a new case. With `first_contact_resolution`, the case is also
    /// acknowledged and resolved at once, where the policy permits it for the
    /// severity.
    Log {
        /// The case as logged.
        intake: Intake,
        /// A resolution reached in the first contact.
        #[cfg_attr(feature = "serde", serde(default))]
        first_contact_resolution: Option<FirstContactResolution>,
    },
    /// Send the first response to the customer.
    Acknowledge {
        /// The channel it went out on.
        channel: Channel,
    },
    /// Assign the case.
    Assign {
        /// To whom.
        to: Assignee,
    },
    /// Add a note.
    AddNote {
        /// The note; not blank.
        text: String,
        /// Who may read it.
        visibility: NoteVisibility,
    },
    /// Start investigating; the case must have been acknowledged.
    StartInvestigation,
    /// Put the case on hold until the customer answers.
    WaitOnCustomer {
        /// What is asked of the customer; not blank.
        reason: String,
    },
    /// Put the case on hold until a third party answers.
    WaitOnThirdParty {
        /// Who, and what is asked of them; not blank.
        reason: String,
    },
    /// Resume work after waiting.
    Resume,
    /// Put a resolution or action plan to the customer.
    ProposeResolution {
        /// The resolution or plan.
        resolution: Resolution,
    },
    /// Record the case as resolved. Without a resolution, the proposed one is used.
    Resolve {
        /// The resolution, if not the proposed one.
        resolution: Option<Resolution>,
        /// The root-cause category from the policy's list; complaints need one.
        root_cause: Option<String>,
    },
    /// Review the current resolution for adherence to standards.
    ReviewResolution {
        /// Whether it meets them.
        approved: bool,
        /// Comments; required when not approved.
        comments: String,
    },
    /// Record the follow-up with the customer: after the resolution, or after
    /// a delivered service, whatever the case's status then.
    RecordFollowUp {
        /// The channel used; the SOPs ask for the customer's preferred one
        /// (the intake's `follow_up_channel`).
        channel: Channel,
        /// Why another channel than the customer's preferred one was used;
        /// required then, and only then.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        other_channel_reason: Option<String>,
        /// The customer's rating, on the policy's scale (CSAT 1 to 5 by default).
        rating: Option<u8>,
        /// The customer's comments.
        comments: String,
        /// Whether the customer confirmed the concern is resolved. An unresolved
        /// concern stays open, and its escalation clock runs (24 hours by the
        /// SOP): resolve it ([`Command::ResolveConcern`]) or escalate it before
        /// then, or the deadline command escalates it to the policy's
        /// department. A case with an open concern cannot be closed.
        concern_resolved: bool,
        /// Ratings of the survey's own questions, on the same scale; may be
        /// empty.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
        answers: Vec<SurveyAnswer>,
        /// When the customer was last surveyed, on any case, as the caller's
        /// records say; not after now. A follow-up that asks for a rating is
        /// a survey, and the feedback policy's anti-fatigue rule refuses one
        /// sooner than its period after the last (this one, or the case's own
        /// last survey).
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        last_surveyed_at: Option<DateTime<Utc>>,
        /// Why to survey within the anti-fatigue period anyway; only then,
        /// and not blank.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        survey_override: Option<String>,
    },
    /// Waive the follow-up.
    WaiveFollowUp {
        /// Why; not blank.
        reason: String,
    },
    /// Record a follow-up attempt the customer did not answer. After the
    /// policy's attempts, the follow-up is settled as unanswered: not as
    /// satisfied.
    RecordNoAnswer {
        /// The channel tried.
        channel: Channel,
        /// Why another channel than the customer's preferred one was tried;
        /// required then, and only then.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        other_channel_reason: Option<String>,
    },
    /// Link a non-conformance or CAPA.
    LinkQualityRecord {
        /// The record.
        record: QualityRecord,
    },
    /// Approve the proposal that this complaint needs no CAPA
    /// ([`Command::ProposeNoCapa`]); not by its proposer.
    ApproveNoCapa,
    /// Close the case.
    Close,
    /// Reopen a resolved or closed case.
    Reopen {
        /// Why; not blank.
        reason: String,
    },
    /// Record that the customer withdrew the case.
    Withdraw {
        /// Why; not blank.
        reason: String,
    },
    /// Reject the case: not one for this desk.
    Reject {
        /// Why; not blank.
        reason: String,
    },
    /// Merge this case, a duplicate, into a primary case.
    Merge {
        /// The primary case; not this one.
        into: CaseId,
    },
    /// Undo a merge: the case returns to its status before the merge.
    Unmerge,
    /// Raise the escalation level by one.
    Escalate {
        /// Why; not blank.
        reason: String,
    },
    /// Lower the escalation level by one.
    Deescalate {
        /// Why; not blank.
        reason: String,
    },
    /// Reassess severity and priority from new facts.
    Reassess {
        /// The facts as they now stand.
        facts: SeverityFacts,
        /// The impact as it now stands.
        impact: Impact,
        /// The urgency as it now stands.
        urgency: Urgency,
        /// Why; not blank.
        reason: String,
    },
    /// The customer wrote to the desk: a next-response clock starts.
    RecordCustomerMessage {
        /// The channel it came in on.
        channel: Channel,
    },
    /// The caller's scheduler reached the case's
    /// [`next_deadline`](crate::Aggregate::next_deadline): record what came due (a
    /// time-based escalation, an SLA warning or breach). Nothing due is not a
    /// refusal: no events.
    RecordDeadline,
    /// The service the case asked for was delivered: its service order was
    /// signed off. The follow-up clock starts. The caller's process manager
    /// sends it when the order's `signed_off` event is stored.
    RecordServiceDelivered {
        /// The service order.
        order: ServiceOrderId,
    },
    /// The customer's concern raised at follow-up is resolved: the concern's
    /// escalation clock stops, and the case may close.
    ResolveConcern {
        /// How it was resolved; not blank.
        resolution: String,
    },
    /// Propose that this complaint needs no CAPA, with the reason; another
    /// person approves it ([`Command::ApproveNoCapa`]).
    ProposeNoCapa {
        /// Why no corrective action is needed; not blank.
        reason: String,
    },
    /// Place a legal hold on the case: while it is in force, nothing of the
    /// case is erased or disposed of. Taken in any status, closed included.
    PlaceLegalHold {
        /// The matter, such as a claim's reference; not blank, and no hold
        /// for it already in force.
        reason: String,
    },
    /// Release the legal hold placed for `reason`.
    ReleaseLegalHold {
        /// The matter the hold was placed for.
        reason: String,
    },
    /// Erase the personal data in the case's history: the free text of every
    /// event that still holds some ([`Event::personal_fields`](super::Event::personal_fields)),
    /// such as on a data subject's request to erase. Only once the case is
    /// finished, and never under a legal hold.
    ErasePersonalData {
        /// The request and why it is granted; not blank.
        reason: String,
    },
    /// Dispose of the feedback log's entries whose retention
    /// (the feedback policy's `retention`, 12 months by default) has
    /// run: the comments of the case's follow-ups recorded that long ago are
    /// erased, their ratings kept. Never under a legal hold.
    DisposeFeedback,
    /// Move the case to another category of the policy, with a reason, such
    /// as when the investigation finds a "late delivery" was a billing
    /// error. Under a policy with a routing table, the case is routed again
    /// on its new category, and moves when the routing names another unit.
    /// The severity is not reassessed: that is [`Command::Reassess`].
    Recategorise {
        /// The new category's code; one of the policy's, not the current.
        category: String,
        /// Why; not blank.
        reason: String,
    },
    /// Move the case to another unit of the organisation, and to someone
    /// there or to the unit to pick up. A role that reaches only some units
    /// must reach both the case's unit and the new one.
    Transfer {
        /// The unit; one the policy declares.
        unit: UnitId,
        /// Who there works it; `None` leaves it to the unit to pick up.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        to: Option<ActorId>,
        /// Why; not blank.
        reason: String,
    },
    /// Record a message to the customer as queued for sending: one that
    /// the caller rendered from the policy's templates and now sends. The
    /// case keeps what the customer was told: the
    /// template, channel, locale and a hash of the content. A message is
    /// word from the desk: it starts the update clock again.
    QueueMessage {
        /// The message's id, chosen by the caller; not one the case has.
        message: MessageId,
        /// The template it was rendered from; one of the policy's.
        template: TemplateId,
        /// The channel it goes out on: the customer's preferred one, or
        /// another with `other_channel_reason`.
        channel: Channel,
        /// The locale of the template variant used, such as `de`.
        locale: String,
        /// The hash of what was rendered.
        content: ContentHash,
        /// Why another channel than the customer's preferred one is used,
        /// such as "SMS bounced"; only then.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        other_channel_reason: Option<String>,
    },
    /// Record what became of a queued message, as the caller's sender
    /// reports it: delivered, or failed with a reason. A failure names the
    /// policy's fallback channel to retry on, if it has one.
    RecordDelivery {
        /// The message; one the case queued and has no outcome of yet.
        message: MessageId,
        /// Delivered, or failed.
        outcome: DeliveryOutcome,
    },
}

/// What became of a message to the customer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "outcome", rename_all = "snake_case"))]
pub enum DeliveryOutcome {
    /// The channel took it: delivered.
    Delivered,
    /// It could not be delivered.
    Failed {
        /// Why, as the sender reports it, such as "mailbox full"; not blank.
        reason: String,
    },
}

impl Command {
    /// The command's kind: what the permission table and the lifecycle table name.
    #[must_use]
    pub const fn kind(&self) -> CaseCommandKind {
        match self {
            Command::Log { .. } => CaseCommandKind::Log,
            Command::Acknowledge { .. } => CaseCommandKind::Acknowledge,
            Command::Assign { .. } => CaseCommandKind::Assign,
            Command::AddNote { .. } => CaseCommandKind::AddNote,
            Command::StartInvestigation => CaseCommandKind::StartInvestigation,
            Command::WaitOnCustomer { .. } => CaseCommandKind::WaitOnCustomer,
            Command::WaitOnThirdParty { .. } => CaseCommandKind::WaitOnThirdParty,
            Command::Resume => CaseCommandKind::Resume,
            Command::ProposeResolution { .. } => CaseCommandKind::ProposeResolution,
            Command::Resolve { .. } => CaseCommandKind::Resolve,
            Command::ReviewResolution { .. } => CaseCommandKind::ReviewResolution,
            Command::RecordFollowUp { .. } => CaseCommandKind::RecordFollowUp,
            Command::WaiveFollowUp { .. } => CaseCommandKind::WaiveFollowUp,
            Command::RecordNoAnswer { .. } => CaseCommandKind::RecordNoAnswer,
            Command::LinkQualityRecord { .. } => CaseCommandKind::LinkQualityRecord,
            Command::ApproveNoCapa => CaseCommandKind::ApproveNoCapa,
            Command::Close => CaseCommandKind::Close,
            Command::Reopen { .. } => CaseCommandKind::Reopen,
            Command::Withdraw { .. } => CaseCommandKind::Withdraw,
            Command::Reject { .. } => CaseCommandKind::Reject,
            Command::Merge { .. } => CaseCommandKind::Merge,
            Command::Unmerge => CaseCommandKind::Unmerge,
            Command::Escalate { .. } => CaseCommandKind::Escalate,
            Command::Deescalate { .. } => CaseCommandKind::Deescalate,
            Command::Reassess { .. } => CaseCommandKind::Reassess,
            Command::RecordCustomerMessage { .. } => CaseCommandKind::RecordCustomerMessage,
            Command::RecordDeadline => CaseCommandKind::RecordDeadline,
            Command::RecordServiceDelivered { .. } => CaseCommandKind::RecordServiceDelivered,
            Command::ResolveConcern { .. } => CaseCommandKind::ResolveConcern,
            Command::ProposeNoCapa { .. } => CaseCommandKind::ProposeNoCapa,
            Command::PlaceLegalHold { .. } => CaseCommandKind::PlaceLegalHold,
            Command::ReleaseLegalHold { .. } => CaseCommandKind::ReleaseLegalHold,
            Command::ErasePersonalData { .. } => CaseCommandKind::ErasePersonalData,
            Command::DisposeFeedback => CaseCommandKind::DisposeFeedback,
            Command::Recategorise { .. } => CaseCommandKind::Recategorise,
            Command::Transfer { .. } => CaseCommandKind::Transfer,
            Command::QueueMessage { .. } => CaseCommandKind::QueueMessage,
            Command::RecordDelivery { .. } => CaseCommandKind::RecordDelivery,
        }
    }
}
