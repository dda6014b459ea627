//! Command kinds: what a user asks the library to do, named without its
//! payload. Each aggregate has a kind enum of its own ([`CaseCommandKind`],
//! [`CapaCommandKind`], ...), marked `#[non_exhaustive]`, so that adding a
//! command is not a breaking change; [`CommandKind`] is any of them, the unit
//! that the [`Permissions`](super::Permissions) table grants.
//!
//! Policy files name a kind by its snake_case name, such as
//! `propose_resolution`. Two names belong to several aggregates:
//! `record_deadline` (every aggregate's deadline command) and
//! `approve_no_capa` (on a case and on a non-conformance). Where one kind is
//! meant, such a name is qualified by its aggregate: `capa.record_deadline`. A
//! permission table may grant the bare name, which grants it on every
//! aggregate that has it.

use crate::name::{Named, Unknown, closest};
use crate::problem::Problem;

/// Declares each aggregate's kind enum and [`CommandKind`] over them all.
macro_rules! command_kinds {
    ($(
        #[doc = $doc:literal]
        $aggregate:ident($kind:ident, $tag:literal, $what:literal) {
            $( $(#[$meta:meta])* $variant:ident => $name:literal, )*
        }
    )*) => {
        $(
            #[doc = $doc]
            ///
            /// Policy files name a kind in snake_case; an unknown name is
            /// refused with the closest kind's name, not a list of them all.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
            #[cfg_attr(feature = "serde", derive(serde::Serialize))]
            #[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
            #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
            #[non_exhaustive]
            pub enum $kind {
                $( $(#[$meta])* $variant, )*
            }

            impl $kind {
                /// Every kind, in declaration order. It grows as commands are
                /// added.
                pub const ALL: &'static [Self] = &[$(Self::$variant),*];

                /// The snake_case name used in policy files, such as
                /// `record_deadline`.
                #[must_use]
                pub const fn as_str(self) -> &'static str {
                    match self {
                        $(Self::$variant => $name,)*
                    }
                }

                /// The name qualified by the aggregate, such as
                #[doc = concat!("`", $tag, ".record_deadline`.")]
                #[must_use]
                pub const fn qualified_name(self) -> &'static str {
                    match self {
                        $(Self::$variant => concat!($tag, ".", $name),)*
                    }
                }
            }

            impl Named for $kind {
                const WHAT: &'static str = $what;
                const ALL: &'static [Self] = $kind::ALL;
                const NAMES: &'static [&'static str] = &[$($name),*];
            }

            #[cfg(feature = "serde")]
            impl<'de> serde::Deserialize<'de> for $kind {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    crate::name::deserialize(deserializer)
                }
            }

            crate::name::display_by_name!($kind);

            impl From<$kind> for CommandKind {
                fn from(kind: $kind) -> Self {
                    CommandKind::$aggregate(kind)
                }
            }

            impl PartialEq<$kind> for CommandKind {
                fn eq(&self, other: &$kind) -> bool {
                    *self == CommandKind::$aggregate(*other)
                }
            }

            impl PartialEq<CommandKind> for $kind {
                fn eq(&self, other: &CommandKind) -> bool {
                    CommandKind::$aggregate(*self) == *other
                }
            }
        )*

        /// What a user asks the library to do, named without its payload: a
        /// kind of any aggregate's command, the unit that the
        /// [`Permissions`](super::Permissions) table grants.
        ///
        /// Its name is the kind's own, such as `acknowledge`, or the name
        /// qualified by the aggregate, such as `capa.record_deadline`, for the
        /// names that several aggregates share ([`CommandKind::as_str`]).
        ///
        /// # Example
        /// ```
        /// use casework::{CapaCommandKind, CaseCommandKind, CommandKind};
        ///
        /// let acknowledge = CommandKind::from(CaseCommandKind::Acknowledge);
        /// assert_eq!(acknowledge.as_str(), "acknowledge");
        /// assert_eq!(CommandKind::parse("acknowledge"), Ok(acknowledge));
        ///
        /// let deadline = CommandKind::from(CapaCommandKind::RecordDeadline);
        /// assert_eq!(deadline.as_str(), "capa.record_deadline");
        /// assert!(CommandKind::parse("record_deadline").is_err());
        /// assert_eq!(CommandKind::matching("record_deadline").count(), 8);
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum CommandKind {
            $( #[doc = $doc] $aggregate($kind), )*
        }

        /// The aggregates, in declaration order: an aggregate's ordinal picks
        /// its first index in [`CommandKind::ALL`].
        #[derive(Clone, Copy)]
        enum Aggregate {
            $($aggregate,)*
        }

        /// How many kinds each aggregate has, in declaration order.
        const LENGTHS: &[usize] = &[$($kind::ALL.len()),*];

        impl CommandKind {
            /// Every kind of every aggregate. It grows as commands are added.
            pub const ALL: &'static [CommandKind] = &[$($(CommandKind::$aggregate($kind::$variant),)*)*];

            /// The aggregate whose command this is, as a qualified name
            /// writes it: `case`, `non_conformance`, `capa`,
            /// `service_order`, `document`, `meeting`, `feedback` or `audit`.
            #[must_use]
            pub const fn aggregate(self) -> &'static str {
                match self {
                    $(Self::$aggregate(_) => $tag,)*
                }
            }

            /// The kind's own name, such as `record_deadline`, which may be
            /// another aggregate's too.
            #[must_use]
            pub const fn name(self) -> &'static str {
                match self {
                    $(Self::$aggregate(kind) => kind.as_str(),)*
                }
            }

            /// The name qualified by the aggregate, such as
            /// `case.acknowledge`.
            #[must_use]
            pub const fn qualified_name(self) -> &'static str {
                match self {
                    $(Self::$aggregate(kind) => kind.qualified_name(),)*
                }
            }

            /// Where the kind is in [`CommandKind::ALL`].
            fn index(self) -> usize {
                let (aggregate, within) = match self {
                    $(Self::$aggregate(kind) => (Aggregate::$aggregate, kind as usize),)*
                };
                let before = LENGTHS.get(..aggregate as usize).unwrap_or_default();
                before.iter().sum::<usize>() + within
            }
        }
    };
}

command_kinds! {
    /// A kind of case command, as `casework::case::Command::kind` names it.
    Case(CaseCommandKind, "case", "case command kind") {
        /// Log a new case at intake.
        Log => "log",
        /// Acknowledge a case to the customer (the first response).
        Acknowledge => "acknowledge",
        /// Assign a case to a person or a team.
        Assign => "assign",
        /// Add an internal or customer-visible note.
        AddNote => "add_note",
        /// Start the investigation.
        StartInvestigation => "start_investigation",
        /// Put a case on hold, waiting on the customer.
        WaitOnCustomer => "wait_on_customer",
        /// Put a case on hold, waiting on a third party (a supplier, a carrier, another team).
        WaitOnThirdParty => "wait_on_third_party",
        /// Resume work after waiting.
        Resume => "resume",
        /// Propose a resolution or an action plan to the customer.
        ProposeResolution => "propose_resolution",
        /// Record the resolution as accepted.
        Resolve => "resolve",
        /// Review a resolution for adherence to standards (QA).
        ReviewResolution => "review_resolution",
        /// Record the after-service follow-up with the customer.
        RecordFollowUp => "record_follow_up",
        /// Waive the follow-up, with a reason.
        WaiveFollowUp => "waive_follow_up",
        /// Record a follow-up attempt the customer did not answer.
        RecordNoAnswer => "record_no_answer",
        /// Link a non-conformance or CAPA to a case.
        LinkQualityRecord => "link_quality_record",
        /// Approve a reason why a complaint needs no CAPA.
        ApproveNoCapa => "approve_no_capa",
        /// Close a case.
        Close => "close",
        /// Reopen a resolved or closed case.
        Reopen => "reopen",
        /// Record that the customer withdrew the case.
        Withdraw => "withdraw",
        /// Reject a case (not a complaint), with a reason.
        Reject => "reject",
        /// Merge a duplicate case into a primary one.
        Merge => "merge",
        /// Undo a merge.
        Unmerge => "unmerge",
        /// Raise the escalation level.
        Escalate => "escalate",
        /// Lower the escalation level.
        Deescalate => "deescalate",
        /// Reassess severity and priority.
        Reassess => "reassess",
        /// Record that the customer wrote to the desk (the next-response clock starts).
        RecordCustomerMessage => "record_customer_message",
        /// Record what came due at a deadline: the deadline command a scheduler feeds.
        RecordDeadline => "record_deadline",
        /// Record on a case that the service it asked for was delivered (signed off).
        RecordServiceDelivered => "record_service_delivered",
        /// Record how a concern raised at follow-up was resolved.
        ResolveConcern => "resolve_concern",
        /// Propose that a complaint needs no CAPA, for another to approve.
        ProposeNoCapa => "propose_no_capa",
        /// Place a legal hold on a case.
        PlaceLegalHold => "place_legal_hold",
        /// Release a legal hold on a case.
        ReleaseLegalHold => "release_legal_hold",
        /// Erase the personal data in a finished case's history, on request.
        ErasePersonalData => "erase_personal_data",
        /// Dispose of a case's feedback whose retention has run.
        DisposeFeedback => "dispose_feedback",
        /// Move a case to another category, re-routing it.
        Recategorise => "recategorise",
        /// Move a case to another unit of the organisation.
        Transfer => "transfer",
        /// Record a message to the customer as queued for sending.
        QueueMessage => "queue_message",
        /// Record what became of a queued message: delivered or failed.
        RecordDelivery => "record_delivery",
    }
    /// A kind of non-conformance command, as `casework::quality::nonconformance::Command::kind` names it.
    NonConformance(NonConformanceCommandKind, "non_conformance", "non-conformance command kind") {
        /// Report a non-conformance (NCR).
        ReportNonConformance => "report_non_conformance",
        /// Record a containment action taken on a non-conformance.
        RecordContainment => "record_containment",
        /// Start investigating a non-conformance.
        InvestigateNonConformance => "investigate_non_conformance",
        /// Record a non-conformance's root-cause analysis.
        RecordRootCause => "record_root_cause",
        /// Change a non-conformance's severity, with a reason.
        ReclassifyNonConformance => "reclassify_non_conformance",
        /// Flag a non-conformance as a repeat of earlier ones.
        FlagRepeat => "flag_repeat",
        /// Link a case to a non-conformance.
        LinkCase => "link_case",
        /// Record a non-conformance's disposition (rework, accept as is, reject, return).
        DispositionNonConformance => "disposition_non_conformance",
        /// Approve an accept-as-is disposition.
        ApproveDisposition => "approve_disposition",
        /// Record that a CAPA is required, and raised, for a non-conformance.
        RaiseCapa => "raise_capa",
        /// Propose a reason why a non-conformance needs no CAPA.
        ProposeNoCapa => "propose_no_capa",
        /// Approve a reason why a complaint needs no CAPA.
        ApproveNoCapa => "approve_no_capa",
        /// Record on a non-conformance that its CAPA closed.
        RecordCapaClosed => "record_capa_closed",
        /// Record on a non-conformance that its CAPA was cancelled.
        RecordCapaCancelled => "record_capa_cancelled",
        /// Close a non-conformance.
        CloseNonConformance => "close_non_conformance",
        /// Record what came due at a deadline: the deadline command a scheduler feeds.
        RecordDeadline => "record_deadline",
    }
    /// A kind of CAPA command, as `casework::quality::capa::Command::kind` names it.
    Capa(CapaCommandKind, "capa", "CAPA command kind") {
        /// Open a CAPA record.
        OpenCapa => "open_capa",
        /// Link another source (a non-conformance, a case, an audit finding) to a CAPA.
        LinkCapaSource => "link_capa_source",
        /// Assess a CAPA's risk (severity, occurrence, detection).
        AssessRisk => "assess_risk",
        /// Add a corrective or preventive action to a CAPA plan.
        PlanAction => "plan_action",
        /// Change a planned action's description, owner or due date.
        ReviseAction => "revise_action",
        /// Cancel an action, with a reason.
        CancelAction => "cancel_action",
        /// Submit a CAPA plan for approval, signing it as its author.
        SubmitPlan => "submit_plan",
        /// Approve a CAPA plan, signing it.
        ApprovePlan => "approve_plan",
        /// Return a submitted CAPA plan to planning, with comments.
        ReturnPlan => "return_plan",
        /// Start work on an action.
        StartAction => "start_action",
        /// Record an action as done, with its evidence.
        CompleteAction => "complete_action",
        /// Verify that a CAPA's actions were implemented, signing it.
        VerifyImplementation => "verify_implementation",
        /// Record whether a CAPA was effective, signing it.
        CheckEffectiveness => "check_effectiveness",
        /// Close a CAPA, signing the closure.
        CloseCapa => "close_capa",
        /// Cancel a CAPA, with a reason.
        CancelCapa => "cancel_capa",
        /// Record what came due at a deadline: the deadline command a scheduler feeds.
        RecordDeadline => "record_deadline",
    }
    /// A kind of service-order command, as `casework::delivery::Command::kind` names it.
    ServiceOrder(ServiceOrderCommandKind, "service_order", "service-order command kind") {
        /// Open a service order, with the policy's checklist.
        OpenServiceOrder => "open_service_order",
        /// Tick a checklist item, with its evidence.
        TickItem => "tick_item",
        /// Mark a checklist item not applicable, with a reason.
        MarkNotApplicable => "mark_not_applicable",
        /// Untick a checklist item, with a reason.
        UntickItem => "untick_item",
        /// Plan an inspection: its criteria and sample size.
        PlanInspection => "plan_inspection",
        /// Record an inspection's results.
        RecordInspection => "record_inspection",
        /// Withdraw a planned inspection not yet recorded, with a reason.
        WithdrawInspection => "withdraw_inspection",
        /// Link the non-conformance a failed inspection raised.
        LinkNonConformanceToInspection => "link_non_conformance_to_inspection",
        /// Approve a concession for a failed inspection.
        ApproveConcession => "approve_concession",
        /// Approve a service order at an approval stage.
        ApproveStage => "approve_stage",
        /// Reject a service order at an approval stage, sending the work back.
        RejectStage => "reject_stage",
        /// Sign off a service order as completed.
        SignOff => "sign_off",
        /// Cancel a service order, with a reason.
        CancelServiceOrder => "cancel_service_order",
        /// Record what came due at a deadline: the deadline command a scheduler feeds.
        RecordDeadline => "record_deadline",
    }
    /// A kind of controlled-document command, as `casework::governance::document::Command::kind` names it.
    Document(DocumentCommandKind, "document", "document command kind") {
        /// Create a controlled document, such as an SOP.
        CreateDocument => "create_document",
        /// Draft a new revision of a document.
        DraftRevision => "draft_revision",
        /// Submit a draft revision for review.
        SubmitRevision => "submit_revision",
        /// Return a revision in review to draft, with comments.
        ReturnRevision => "return_revision",
        /// Approve a revision in review, signing it.
        ApproveRevision => "approve_revision",
        /// Make an approved revision effective from a date.
        MakeRevisionEffective => "make_revision_effective",
        /// Record the periodic review of a document.
        RecordDocumentReview => "record_document_review",
        /// Record what came due at a deadline: the deadline command a scheduler feeds.
        RecordDeadline => "record_deadline",
    }
    /// A kind of review-meeting command, as `casework::governance::meeting::Command::kind` names it.
    Meeting(MeetingCommandKind, "meeting", "meeting command kind") {
        /// Schedule a review meeting, with its agenda.
        ScheduleReviewMeeting => "schedule_review_meeting",
        /// Move a scheduled review meeting, with a reason.
        RescheduleReviewMeeting => "reschedule_review_meeting",
        /// Replace a scheduled meeting's agenda.
        SetMeetingAgenda => "set_meeting_agenda",
        /// Cancel a review meeting before it is held.
        CancelReviewMeeting => "cancel_review_meeting",
        /// Record a meeting's minutes and decisions.
        RecordMinutes => "record_minutes",
        /// Add an action item to a meeting's improvement plan.
        AddMeetingAction => "add_meeting_action",
        /// Give a meeting's action item an owner and a due date.
        AssignMeetingAction => "assign_meeting_action",
        /// Mark a meeting's action item done, with evidence.
        CompleteMeetingAction => "complete_meeting_action",
        /// Cancel a meeting's action item, with a reason.
        CancelMeetingAction => "cancel_meeting_action",
        /// Close a review meeting, documenting its outcome.
        CloseReviewMeeting => "close_review_meeting",
        /// Mark a meeting's action plan superseded by a later one's.
        SupersedeActionPlan => "supersede_action_plan",
        /// Record what came due at a deadline: the deadline command a scheduler feeds.
        RecordDeadline => "record_deadline",
    }
    /// A kind of feedback-item command, as `casework::feedback::item::Command::kind` names it.
    Feedback(FeedbackCommandKind, "feedback", "feedback command kind") {
        /// Log feedback a customer gave unasked: a compliment, a suggestion, a complaint about the process.
        RecordCustomerFeedback => "record_customer_feedback",
        /// Log feedback a member of staff gave about the process.
        RecordStaffFeedback => "record_staff_feedback",
        /// Link a feedback item to a case, a CAPA, a non-conformance or a review meeting's action.
        LinkFeedback => "link_feedback",
        /// Take a link off a feedback item, with a reason.
        UnlinkFeedback => "unlink_feedback",
        /// Record a feedback item as reviewed, with a note.
        ReviewFeedback => "review_feedback",
        /// Place a legal hold on a feedback item.
        PlaceFeedbackHold => "place_feedback_hold",
        /// Release a legal hold on a feedback item.
        ReleaseFeedbackHold => "release_feedback_hold",
        /// Erase a feedback item's text, on request.
        EraseFeedbackText => "erase_feedback_text",
        /// Dispose of a feedback item's text once the feedback log's retention has run.
        DisposeFeedbackText => "dispose_feedback_text",
        /// Record what came due at a deadline: the deadline command a scheduler feeds.
        RecordDeadline => "record_deadline",
    }
    /// A kind of audit command, as `casework::quality::audit::Command::kind` names it.
    Audit(AuditCommandKind, "audit", "audit command kind") {
        /// Open the audit of a handled case, sampled for the period.
        OpenAudit => "open_audit",
        /// Score an audit on the policy's scorecard, with its findings.
        ScoreAudit => "score_audit",
        /// Link a finding of an audit to the non-conformance raised from it.
        RaiseAuditNonConformance => "raise_audit_non_conformance",
        /// Withdraw an audit not yet scored, with a reason.
        WithdrawAudit => "withdraw_audit",
        /// Record what came due at a deadline: the deadline command a scheduler feeds.
        RecordDeadline => "record_deadline",
    }
}

/// The refusal of a name that names no single command kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CommandKindNameError {
    /// No kind has the name.
    #[error("{}", Unknown::new("command kind", name, *suggestion))]
    Unknown {
        /// The name given.
        name: String,
        /// The closest valid name, if one is close.
        suggestion: Option<&'static str>,
    },
    /// Several aggregates have a kind of the name, and one was meant.
    #[error("`{name}` is a command of several aggregates: write one of {}", qualified(kinds))]
    Ambiguous {
        /// The name given.
        name: String,
        /// The kinds of the name.
        kinds: Vec<CommandKind>,
    },
}

/// `kinds`' qualified names, as a list in words.
fn qualified(kinds: &[CommandKind]) -> String {
    let names: Vec<String> = kinds
        .iter()
        .map(|k| format!("`{}`", k.qualified_name()))
        .collect();
    names.join(", ")
}

impl CommandKind {
    /// The kind's name in a policy file: its own name, such as `acknowledge`,
    /// or, for a name that several aggregates share, the qualified name, such
    /// as `capa.record_deadline`. [`CommandKind::parse`] reads it back.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        if self.is_shared() {
            self.qualified_name()
        } else {
            self.name()
        }
    }

    /// Whether another aggregate has a kind of the same name.
    fn is_shared(self) -> bool {
        Self::ALL
            .iter()
            .any(|other| other.name() == self.name() && *other != self)
    }

    /// The kinds a name grants in a permission table: the one a qualified
    /// name names, or every aggregate's kind of a bare name. None for an
    /// unknown name.
    pub fn matching(name: &str) -> impl Iterator<Item = CommandKind> + '_ {
        let qualified = name.contains('.');
        Self::ALL.iter().copied().filter(move |kind| {
            if qualified {
                kind.qualified_name() == name
            } else {
                kind.name() == name
            }
        })
    }

    /// The one kind `name` names: its qualified name, or its own name if no
    /// other aggregate has a kind of that name.
    ///
    /// # Errors
    /// [`CommandKindNameError::Unknown`], with the closest name, when no kind
    /// has the name; [`CommandKindNameError::Ambiguous`] when several
    /// aggregates do.
    pub fn parse(name: &str) -> Result<Self, CommandKindNameError> {
        let mut kinds = Self::matching(name);
        match (kinds.next(), kinds.next()) {
            (Some(kind), None) => Ok(kind),
            (Some(first), Some(second)) => Err(CommandKindNameError::Ambiguous {
                name: name.to_owned(),
                kinds: [first, second].into_iter().chain(kinds).collect(),
            }),
            (None, _) => Err(CommandKindNameError::Unknown {
                name: name.to_owned(),
                suggestion: closest(name, &Self::names()),
            }),
        }
    }

    /// Every name a policy file may write: each kind's own name, once, and
    /// each qualified name.
    fn names() -> Vec<&'static str> {
        let mut names: Vec<&'static str> = Vec::new();
        for kind in Self::ALL {
            if !names.contains(&kind.name()) {
                names.push(kind.name());
            }
        }
        names.extend(Self::ALL.iter().map(|k| k.qualified_name()));
        names
    }
}

crate::name::display_by_name!(CommandKind);

#[cfg(feature = "serde")]
impl serde::Serialize for CommandKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for CommandKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Self::parse(&name).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for CommandKind {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CommandKind".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = Self::ALL.iter().map(|k| k.as_str()).collect();
        schemars::json_schema!({
            "type": "string",
            "enum": names,
            "description": "A command kind: its own name, or its name qualified by its aggregate where several aggregates share the name."
        })
    }
}

/// A set of command kinds: a bit for each of [`CommandKind::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct KindSet([u64; 2]);

// Every kind has a bit.
const _: () = assert!(CommandKind::ALL.len() <= 128);

impl KindSet {
    /// The word and the bit of `kind`.
    fn bit(kind: CommandKind) -> (usize, u64) {
        let index = kind.index();
        (index / 64, 1 << (index % 64))
    }

    /// Adds `kind`.
    pub(crate) fn insert(&mut self, kind: CommandKind) {
        let (word, bit) = Self::bit(kind);
        if let Some(word) = self.0.get_mut(word) {
            *word |= bit;
        }
    }

    /// Takes `kind` away.
    pub(crate) fn remove(&mut self, kind: CommandKind) {
        let (word, bit) = Self::bit(kind);
        if let Some(word) = self.0.get_mut(word) {
            *word &= !bit;
        }
    }

    /// Whether `kind` is in the set.
    pub(crate) fn contains(self, kind: CommandKind) -> bool {
        let (word, bit) = Self::bit(kind);
        self.0.get(word).is_some_and(|word| word & bit != 0)
    }

    /// The kinds in the set, in the order of [`CommandKind::ALL`].
    pub(crate) fn iter(self) -> impl Iterator<Item = CommandKind> {
        CommandKind::ALL
            .iter()
            .copied()
            .filter(move |kind| self.contains(*kind))
    }

    /// The names that grant exactly this set, in the order of
    /// [`CommandKind::ALL`]: a shared name once when the set holds every
    /// aggregate's kind of it, and the qualified names otherwise.
    #[cfg(feature = "serde")]
    pub(crate) fn names(self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = Vec::new();
        for kind in self.iter() {
            let all_of_name = CommandKind::matching(kind.name()).all(|k| self.contains(k));
            let name = if all_of_name {
                kind.name()
            } else {
                kind.as_str()
            };
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }
}

impl FromIterator<CommandKind> for KindSet {
    fn from_iter<I: IntoIterator<Item = CommandKind>>(kinds: I) -> Self {
        let mut set = Self::default();
        for kind in kinds {
            set.insert(kind);
        }
        set
    }
}

/// An aggregate's refusal of a command whose content is invalid: its
/// `Invalid { command, problems }` variant, built by [`valid`].
pub(crate) trait InvalidCommand {
    /// The aggregate's command kind.
    type Kind;

    /// The refusal of `command` for `problems`.
    fn invalid(command: Self::Kind, problems: Vec<Problem>) -> Self;
}

/// `Ok` when nothing is wrong with `command`'s content; otherwise the
/// aggregate's refusal listing every problem.
pub(crate) fn valid<E: InvalidCommand>(command: E::Kind, problems: Vec<Problem>) -> Result<(), E> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(E::invalid(command, problems))
    }
}

#[cfg(test)]
mod tests {
    use super::{
        AuditCommandKind, CapaCommandKind, CaseCommandKind, DocumentCommandKind,
        FeedbackCommandKind, MeetingCommandKind, NonConformanceCommandKind,
        ServiceOrderCommandKind,
    };
    use crate::name::checks::in_declaration_order;

    #[test]
    fn every_kind_lists_its_values_in_declaration_order() {
        in_declaration_order(|k: CaseCommandKind| k as usize);
        in_declaration_order(|k: NonConformanceCommandKind| k as usize);
        in_declaration_order(|k: CapaCommandKind| k as usize);
        in_declaration_order(|k: ServiceOrderCommandKind| k as usize);
        in_declaration_order(|k: DocumentCommandKind| k as usize);
        in_declaration_order(|k: MeetingCommandKind| k as usize);
        in_declaration_order(|k: FeedbackCommandKind| k as usize);
        in_declaration_order(|k: AuditCommandKind| k as usize);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn the_wire_form_is_the_name_both_ways() {
        use crate::name::checks::round_trip;
        round_trip::<CaseCommandKind>();
        round_trip::<NonConformanceCommandKind>();
        round_trip::<CapaCommandKind>();
        round_trip::<ServiceOrderCommandKind>();
        round_trip::<DocumentCommandKind>();
        round_trip::<MeetingCommandKind>();
        round_trip::<FeedbackCommandKind>();
        round_trip::<AuditCommandKind>();
    }

    #[cfg(feature = "serde")]
    #[test]
    fn an_unknown_name_is_refused_with_the_closest() {
        let error = serde_json::from_str::<CaseCommandKind>("\"acknowlege\"")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some(
                "unknown case command kind `acknowlege`: did you mean `acknowledge`? at line 1 column 12"
            )
        );
    }
}
