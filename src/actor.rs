//! Who acts: [`Actor`], the SOP [`Role`]s, and the [`Permissions`] table that says
//! which roles may ask for which [`CommandKind`].
//!
//! The permission table is data: a desk that lets its CSRs close cases writes that in
//! its policy file instead of forking the library. The default table,
//! [`Permissions::sop_default`], follows the service-quality SOP.
//!
//! Permissions are the first gate only. Rules that no table can switch off (a QA
//! reviewer who is not the resolver, a plan approver who is not its author) live in
//! each aggregate's `decide`, which also refuses a command whose content is
//! invalid, naming its kind (`valid`, below).

use core::fmt;
use std::collections::BTreeMap;

use crate::id::ActorId;
use crate::problem::Problem;

/// A role from the SOPs. An actor may hold several.
///
/// An unknown name in a policy file is refused with the closest role's name:
/// ``unknown role `qa_specalist`: did you mean `qa_specialist`?``.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Role {
    /// Logs cases, gives the first response and escalates.
    CustomerServiceRepresentative,
    /// Oversees the desk and handles escalations.
    CustomerServiceManager,
    /// Reviews resolutions for adherence to standards.
    QaSpecialist,
    /// Owns a process and its SOP; approves changes to it.
    ProcessOwner,
    /// Reads records and trails; changes nothing.
    Auditor,
    /// The top of the escalation ladder.
    Management,
    /// The caller's scheduler, acting on deadlines (warnings, breaches, auto-escalation).
    System,
}

impl Role {
    /// Every role, in declaration order.
    pub const ALL: [Role; 7] = [
        Role::CustomerServiceRepresentative,
        Role::CustomerServiceManager,
        Role::QaSpecialist,
        Role::ProcessOwner,
        Role::Auditor,
        Role::Management,
        Role::System,
    ];

    /// The snake_case name used in policy files, such as `qa_specialist`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::CustomerServiceRepresentative => "customer_service_representative",
            Role::CustomerServiceManager => "customer_service_manager",
            Role::QaSpecialist => "qa_specialist",
            Role::ProcessOwner => "process_owner",
            Role::Auditor => "auditor",
            Role::Management => "management",
            Role::System => "system",
        }
    }

    const fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

crate::name::named!(Role, "role");

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A set of [`Role`]s, stored as a bit set: copying and testing it costs nothing.
///
/// Serialized as a list of role names.
///
/// # Example
/// ```
/// use casework::{Role, RoleSet};
///
/// let roles = RoleSet::from_iter([Role::QaSpecialist, Role::Auditor]);
/// assert!(roles.contains(Role::Auditor));
/// assert!(!roles.contains(Role::Management));
/// assert_eq!(roles.to_string(), "[qa_specialist, auditor]");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RoleSet(u16);

impl RoleSet {
    /// The empty set.
    pub const EMPTY: RoleSet = RoleSet(0);

    /// A set of one role.
    #[must_use]
    pub const fn single(role: Role) -> Self {
        RoleSet(role.bit())
    }

    /// Adds a role.
    pub fn insert(&mut self, role: Role) {
        self.0 |= role.bit();
    }

    /// Whether the set holds `role`.
    #[must_use]
    pub const fn contains(self, role: Role) -> bool {
        self.0 & role.bit() != 0
    }

    /// Whether the set is empty.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The roles in the set, in [`Role::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Role> {
        Role::ALL.into_iter().filter(move |r| self.contains(*r))
    }
}

impl FromIterator<Role> for RoleSet {
    fn from_iter<I: IntoIterator<Item = Role>>(iter: I) -> Self {
        let mut set = RoleSet::EMPTY;
        for role in iter {
            set.insert(role);
        }
        set
    }
}

impl fmt::Display for RoleSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        for (i, role) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(role.as_str())?;
        }
        f.write_str("]")
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for RoleSet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for RoleSet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<Role>::deserialize(deserializer).map(RoleSet::from_iter)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for RoleSet {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RoleSet".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Vec<Role>>::json_schema(generator)
    }
}

/// The person or system account behind a command: an id and the roles it holds.
///
/// Commands never carry their actor; the caller passes it in the context, having
/// authenticated it. The actor's id is what the audit trail records.
///
/// # Example
/// ```
/// use casework::{Actor, ActorId, Role};
/// use uuid::Uuid;
///
/// let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(7)), [Role::CustomerServiceRepresentative]);
/// assert!(csr.has_role(Role::CustomerServiceRepresentative));
/// assert!(!csr.has_role(Role::QaSpecialist));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Actor {
    /// Who this is.
    pub id: ActorId,
    /// The roles this actor holds for the command at hand.
    pub roles: RoleSet,
}

impl Actor {
    /// An actor with the given roles.
    #[must_use]
    pub fn new(id: ActorId, roles: impl IntoIterator<Item = Role>) -> Self {
        Self {
            id,
            roles: roles.into_iter().collect(),
        }
    }

    /// The system actor that the caller's scheduler uses for deadline-driven events.
    #[must_use]
    pub const fn system(id: ActorId) -> Self {
        Self {
            id,
            roles: RoleSet::single(Role::System),
        }
    }

    /// Whether the actor holds `role`.
    #[must_use]
    pub const fn has_role(&self, role: Role) -> bool {
        self.roles.contains(role)
    }
}

/// What a user asks the library to do, named without its payload: the unit that the
/// [`Permissions`] table grants.
///
/// The list grows as aggregates are added; policy files name kinds in snake_case,
/// such as `propose_resolution`.
///
/// An unknown name in a policy file is refused with the closest kind's name, not a
/// list of them all: ``unknown command kind `acknowlege`: did you mean `acknowledge`?``.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum CommandKind {
    /// Log a new case at intake.
    Log,
    /// Acknowledge a case to the customer (the first response).
    Acknowledge,
    /// Assign a case to a person or a team.
    Assign,
    /// Add an internal or customer-visible note.
    AddNote,
    /// Start the investigation.
    StartInvestigation,
    /// Put a case on hold, waiting on the customer.
    WaitOnCustomer,
    /// Put a case on hold, waiting on a third party (a supplier, a carrier, another team).
    WaitOnThirdParty,
    /// Resume work after waiting.
    Resume,
    /// Propose a resolution or an action plan to the customer.
    ProposeResolution,
    /// Record the resolution as accepted.
    Resolve,
    /// Review a resolution for adherence to standards (QA).
    ReviewResolution,
    /// Record the after-service follow-up with the customer.
    RecordFollowUp,
    /// Waive the follow-up, with a reason.
    WaiveFollowUp,
    /// Record a follow-up attempt the customer did not answer.
    RecordNoAnswer,
    /// Link a non-conformance or CAPA to a case.
    LinkQualityRecord,
    /// Approve a reason why a complaint needs no CAPA.
    ApproveNoCapa,
    /// Close a case.
    Close,
    /// Reopen a resolved or closed case.
    Reopen,
    /// Record that the customer withdrew the case.
    Withdraw,
    /// Reject a case (not a complaint), with a reason.
    Reject,
    /// Merge a duplicate case into a primary one.
    Merge,
    /// Undo a merge.
    Unmerge,
    /// Raise the escalation level.
    Escalate,
    /// Lower the escalation level.
    Deescalate,
    /// Reassess severity and priority.
    Reassess,
    /// Record that the customer wrote to the desk (the next-response clock starts).
    RecordCustomerMessage,
    /// Record a deadline that came due (SLA warning or breach, follow-up due, ...).
    RecordDeadline,
    /// Record on a case that the service it asked for was delivered (signed off).
    RecordServiceDelivered,
    /// Report a non-conformance (NCR).
    ReportNonConformance,
    /// Record a containment action taken on a non-conformance.
    RecordContainment,
    /// Start investigating a non-conformance.
    InvestigateNonConformance,
    /// Record a non-conformance's root-cause analysis.
    RecordRootCause,
    /// Change a non-conformance's severity, with a reason.
    ReclassifyNonConformance,
    /// Flag a non-conformance as a repeat of earlier ones.
    FlagRepeat,
    /// Link a case to a non-conformance.
    LinkCase,
    /// Record a non-conformance's disposition (rework, accept as is, reject, return).
    DispositionNonConformance,
    /// Approve an accept-as-is disposition.
    ApproveDisposition,
    /// Record that a CAPA is required, and raised, for a non-conformance.
    RaiseCapa,
    /// Propose a reason why a non-conformance needs no CAPA.
    ProposeNoCapa,
    /// Record on a non-conformance that its CAPA closed.
    RecordCapaClosed,
    /// Record on a non-conformance that its CAPA was cancelled.
    RecordCapaCancelled,
    /// Close a non-conformance.
    CloseNonConformance,
    /// Open a CAPA record.
    OpenCapa,
    /// Link another source (a non-conformance, a case, an audit finding) to a CAPA.
    LinkCapaSource,
    /// Assess a CAPA's risk (severity, occurrence, detection).
    AssessRisk,
    /// Add a corrective or preventive action to a CAPA plan.
    PlanAction,
    /// Change a planned action's description, owner or due date.
    ReviseAction,
    /// Cancel an action, with a reason.
    CancelAction,
    /// Submit a CAPA plan for approval, signing it as its author.
    SubmitPlan,
    /// Approve a CAPA plan, signing it.
    ApprovePlan,
    /// Return a submitted CAPA plan to planning, with comments.
    ReturnPlan,
    /// Start work on an action.
    StartAction,
    /// Record an action as done, with its evidence.
    CompleteAction,
    /// Verify that a CAPA's actions were implemented, signing it.
    VerifyImplementation,
    /// Record whether a CAPA was effective, signing it.
    CheckEffectiveness,
    /// Close a CAPA, signing the closure.
    CloseCapa,
    /// Cancel a CAPA, with a reason.
    CancelCapa,
    /// Open a service order, with the policy's checklist.
    OpenServiceOrder,
    /// Tick a checklist item, with its evidence.
    TickItem,
    /// Mark a checklist item not applicable, with a reason.
    MarkNotApplicable,
    /// Untick a checklist item, with a reason.
    UntickItem,
    /// Plan an inspection: its criteria and sample size.
    PlanInspection,
    /// Record an inspection's results.
    RecordInspection,
    /// Withdraw a planned inspection not yet recorded, with a reason.
    WithdrawInspection,
    /// Link the non-conformance a failed inspection raised.
    LinkNonConformanceToInspection,
    /// Approve a concession for a failed inspection.
    ApproveConcession,
    /// Approve a service order at an approval stage.
    ApproveStage,
    /// Reject a service order at an approval stage, sending the work back.
    RejectStage,
    /// Sign off a service order as completed.
    SignOff,
    /// Cancel a service order, with a reason.
    CancelServiceOrder,
    /// Create a controlled document, such as an SOP.
    CreateDocument,
    /// Draft a new revision of a document.
    DraftRevision,
    /// Submit a draft revision for review.
    SubmitRevision,
    /// Return a revision in review to draft, with comments.
    ReturnRevision,
    /// Approve a revision in review, signing it.
    ApproveRevision,
    /// Make an approved revision effective from a date.
    MakeRevisionEffective,
    /// Record the periodic review of a document.
    RecordDocumentReview,
    /// Schedule a review meeting, with its agenda.
    ScheduleReviewMeeting,
    /// Move a scheduled review meeting, with a reason.
    RescheduleReviewMeeting,
    /// Replace a scheduled meeting's agenda.
    SetMeetingAgenda,
    /// Cancel a review meeting before it is held.
    CancelReviewMeeting,
    /// Record a meeting's minutes and decisions.
    RecordMinutes,
    /// Add an action item to a meeting's improvement plan.
    AddMeetingAction,
    /// Give a meeting's action item an owner and a due date.
    AssignMeetingAction,
    /// Mark a meeting's action item done, with evidence.
    CompleteMeetingAction,
    /// Cancel a meeting's action item, with a reason.
    CancelMeetingAction,
    /// Close a review meeting, documenting its outcome.
    CloseReviewMeeting,
    /// Mark a meeting's action plan superseded by a later one's.
    SupersedeActionPlan,
}

impl CommandKind {
    /// Every command kind, in declaration order.
    pub const ALL: [CommandKind; 88] = [
        CommandKind::Log,
        CommandKind::Acknowledge,
        CommandKind::Assign,
        CommandKind::AddNote,
        CommandKind::StartInvestigation,
        CommandKind::WaitOnCustomer,
        CommandKind::WaitOnThirdParty,
        CommandKind::Resume,
        CommandKind::ProposeResolution,
        CommandKind::Resolve,
        CommandKind::ReviewResolution,
        CommandKind::RecordFollowUp,
        CommandKind::WaiveFollowUp,
        CommandKind::RecordNoAnswer,
        CommandKind::LinkQualityRecord,
        CommandKind::ApproveNoCapa,
        CommandKind::Close,
        CommandKind::Reopen,
        CommandKind::Withdraw,
        CommandKind::Reject,
        CommandKind::Merge,
        CommandKind::Unmerge,
        CommandKind::Escalate,
        CommandKind::Deescalate,
        CommandKind::Reassess,
        CommandKind::RecordCustomerMessage,
        CommandKind::RecordDeadline,
        CommandKind::RecordServiceDelivered,
        CommandKind::ReportNonConformance,
        CommandKind::RecordContainment,
        CommandKind::InvestigateNonConformance,
        CommandKind::RecordRootCause,
        CommandKind::ReclassifyNonConformance,
        CommandKind::FlagRepeat,
        CommandKind::LinkCase,
        CommandKind::DispositionNonConformance,
        CommandKind::ApproveDisposition,
        CommandKind::RaiseCapa,
        CommandKind::ProposeNoCapa,
        CommandKind::RecordCapaClosed,
        CommandKind::RecordCapaCancelled,
        CommandKind::CloseNonConformance,
        CommandKind::OpenCapa,
        CommandKind::LinkCapaSource,
        CommandKind::AssessRisk,
        CommandKind::PlanAction,
        CommandKind::ReviseAction,
        CommandKind::CancelAction,
        CommandKind::SubmitPlan,
        CommandKind::ApprovePlan,
        CommandKind::ReturnPlan,
        CommandKind::StartAction,
        CommandKind::CompleteAction,
        CommandKind::VerifyImplementation,
        CommandKind::CheckEffectiveness,
        CommandKind::CloseCapa,
        CommandKind::CancelCapa,
        CommandKind::OpenServiceOrder,
        CommandKind::TickItem,
        CommandKind::MarkNotApplicable,
        CommandKind::UntickItem,
        CommandKind::PlanInspection,
        CommandKind::RecordInspection,
        CommandKind::WithdrawInspection,
        CommandKind::LinkNonConformanceToInspection,
        CommandKind::ApproveConcession,
        CommandKind::ApproveStage,
        CommandKind::RejectStage,
        CommandKind::SignOff,
        CommandKind::CancelServiceOrder,
        CommandKind::CreateDocument,
        CommandKind::DraftRevision,
        CommandKind::SubmitRevision,
        CommandKind::ReturnRevision,
        CommandKind::ApproveRevision,
        CommandKind::MakeRevisionEffective,
        CommandKind::RecordDocumentReview,
        CommandKind::ScheduleReviewMeeting,
        CommandKind::RescheduleReviewMeeting,
        CommandKind::SetMeetingAgenda,
        CommandKind::CancelReviewMeeting,
        CommandKind::RecordMinutes,
        CommandKind::AddMeetingAction,
        CommandKind::AssignMeetingAction,
        CommandKind::CompleteMeetingAction,
        CommandKind::CancelMeetingAction,
        CommandKind::CloseReviewMeeting,
        CommandKind::SupersedeActionPlan,
    ];

    /// The snake_case name used in policy files, such as `propose_resolution`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            CommandKind::Log => "log",
            CommandKind::Acknowledge => "acknowledge",
            CommandKind::Assign => "assign",
            CommandKind::AddNote => "add_note",
            CommandKind::StartInvestigation => "start_investigation",
            CommandKind::WaitOnCustomer => "wait_on_customer",
            CommandKind::WaitOnThirdParty => "wait_on_third_party",
            CommandKind::Resume => "resume",
            CommandKind::ProposeResolution => "propose_resolution",
            CommandKind::Resolve => "resolve",
            CommandKind::ReviewResolution => "review_resolution",
            CommandKind::RecordFollowUp => "record_follow_up",
            CommandKind::WaiveFollowUp => "waive_follow_up",
            CommandKind::RecordNoAnswer => "record_no_answer",
            CommandKind::LinkQualityRecord => "link_quality_record",
            CommandKind::ApproveNoCapa => "approve_no_capa",
            CommandKind::Close => "close",
            CommandKind::Reopen => "reopen",
            CommandKind::Withdraw => "withdraw",
            CommandKind::Reject => "reject",
            CommandKind::Merge => "merge",
            CommandKind::Unmerge => "unmerge",
            CommandKind::Escalate => "escalate",
            CommandKind::Deescalate => "deescalate",
            CommandKind::Reassess => "reassess",
            CommandKind::RecordCustomerMessage => "record_customer_message",
            CommandKind::RecordDeadline => "record_deadline",
            CommandKind::RecordServiceDelivered => "record_service_delivered",
            CommandKind::ReportNonConformance => "report_non_conformance",
            CommandKind::RecordContainment => "record_containment",
            CommandKind::InvestigateNonConformance => "investigate_non_conformance",
            CommandKind::RecordRootCause => "record_root_cause",
            CommandKind::ReclassifyNonConformance => "reclassify_non_conformance",
            CommandKind::FlagRepeat => "flag_repeat",
            CommandKind::LinkCase => "link_case",
            CommandKind::DispositionNonConformance => "disposition_non_conformance",
            CommandKind::ApproveDisposition => "approve_disposition",
            CommandKind::RaiseCapa => "raise_capa",
            CommandKind::ProposeNoCapa => "propose_no_capa",
            CommandKind::RecordCapaClosed => "record_capa_closed",
            CommandKind::RecordCapaCancelled => "record_capa_cancelled",
            CommandKind::CloseNonConformance => "close_non_conformance",
            CommandKind::OpenCapa => "open_capa",
            CommandKind::LinkCapaSource => "link_capa_source",
            CommandKind::AssessRisk => "assess_risk",
            CommandKind::PlanAction => "plan_action",
            CommandKind::ReviseAction => "revise_action",
            CommandKind::CancelAction => "cancel_action",
            CommandKind::SubmitPlan => "submit_plan",
            CommandKind::ApprovePlan => "approve_plan",
            CommandKind::ReturnPlan => "return_plan",
            CommandKind::StartAction => "start_action",
            CommandKind::CompleteAction => "complete_action",
            CommandKind::VerifyImplementation => "verify_implementation",
            CommandKind::CheckEffectiveness => "check_effectiveness",
            CommandKind::CloseCapa => "close_capa",
            CommandKind::CancelCapa => "cancel_capa",
            CommandKind::OpenServiceOrder => "open_service_order",
            CommandKind::TickItem => "tick_item",
            CommandKind::MarkNotApplicable => "mark_not_applicable",
            CommandKind::UntickItem => "untick_item",
            CommandKind::PlanInspection => "plan_inspection",
            CommandKind::RecordInspection => "record_inspection",
            CommandKind::WithdrawInspection => "withdraw_inspection",
            CommandKind::LinkNonConformanceToInspection => "link_non_conformance_to_inspection",
            CommandKind::ApproveConcession => "approve_concession",
            CommandKind::ApproveStage => "approve_stage",
            CommandKind::RejectStage => "reject_stage",
            CommandKind::SignOff => "sign_off",
            CommandKind::CancelServiceOrder => "cancel_service_order",
            CommandKind::CreateDocument => "create_document",
            CommandKind::DraftRevision => "draft_revision",
            CommandKind::SubmitRevision => "submit_revision",
            CommandKind::ReturnRevision => "return_revision",
            CommandKind::ApproveRevision => "approve_revision",
            CommandKind::MakeRevisionEffective => "make_revision_effective",
            CommandKind::RecordDocumentReview => "record_document_review",
            CommandKind::ScheduleReviewMeeting => "schedule_review_meeting",
            CommandKind::RescheduleReviewMeeting => "reschedule_review_meeting",
            CommandKind::SetMeetingAgenda => "set_meeting_agenda",
            CommandKind::CancelReviewMeeting => "cancel_review_meeting",
            CommandKind::RecordMinutes => "record_minutes",
            CommandKind::AddMeetingAction => "add_meeting_action",
            CommandKind::AssignMeetingAction => "assign_meeting_action",
            CommandKind::CompleteMeetingAction => "complete_meeting_action",
            CommandKind::CancelMeetingAction => "cancel_meeting_action",
            CommandKind::CloseReviewMeeting => "close_review_meeting",
            CommandKind::SupersedeActionPlan => "supersede_action_plan",
        }
    }
}

crate::name::named!(CommandKind, "command kind");

impl fmt::Display for CommandKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The refusal of a command because none of the actor's roles is granted its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("actor {actor} with roles {roles} is not permitted to `{command}`")]
pub struct NotPermitted {
    /// Who asked.
    pub actor: ActorId,
    /// The roles the actor held.
    pub roles: RoleSet,
    /// What was asked for.
    pub command: CommandKind,
}

/// An aggregate's refusal of a command whose content is invalid: its
/// `Invalid { command, problems }` variant, built by [`valid`].
pub(crate) trait InvalidCommand {
    /// The refusal of `command` for `problems`.
    fn invalid(command: CommandKind, problems: Vec<Problem>) -> Self;
}

/// Implements [`InvalidCommand`] for an aggregate's error from its
/// `Invalid { command, problems }` variant.
macro_rules! invalid_command {
    ($error:ty) => {
        impl crate::actor::InvalidCommand for $error {
            fn invalid(
                command: crate::actor::CommandKind,
                problems: Vec<crate::problem::Problem>,
            ) -> Self {
                Self::Invalid { command, problems }
            }
        }
    };
}
pub(crate) use invalid_command;

/// `Ok` when nothing is wrong with `command`'s content; otherwise the
/// aggregate's refusal listing every problem.
pub(crate) fn valid<E: InvalidCommand>(
    command: CommandKind,
    problems: Vec<Problem>,
) -> Result<(), E> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(E::invalid(command, problems))
    }
}

/// The permission table: for each role, the command kinds it may ask for.
///
/// An actor is permitted a command when **any** of its roles is granted the kind.
/// A role absent from the table is granted nothing. A role's list may be no
/// longer than there are command kinds, [`CommandKind::ALL`]: list each once.
///
/// In a policy file (JSON shown; TOML works alike):
/// ```json
/// { "customer_service_representative": ["log", "acknowledge", "escalate"],
///   "qa_specialist": ["review_resolution"] }
/// ```
///
/// # Example
/// ```
/// use casework::{Actor, ActorId, CommandKind, Permissions, Role};
/// use uuid::Uuid;
///
/// let table = Permissions::sop_default();
/// let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
///
/// assert!(table.check(&csr, CommandKind::Acknowledge).is_ok());
/// let refused = table.check(&csr, CommandKind::ReviewResolution).unwrap_err();
/// assert_eq!(refused.command, CommandKind::ReviewResolution);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Permissions {
    grants: BTreeMap<Role, Vec<CommandKind>>,
}

impl Permissions {
    /// A table that grants nothing.
    #[must_use]
    pub fn none() -> Self {
        Self::default()
    }

    /// The table the SOPs describe:
    ///
    /// | role | may |
    /// |---|---|
    /// | customer service representative | log, acknowledge, assign, add notes, investigate, wait and resume, propose and record a resolution, record, waive or record an unanswered follow-up, link quality records, withdraw, reopen, escalate, reassess |
    /// | customer service manager | everything a CSR may, plus approve "no CAPA needed", close, reject, merge and unmerge, de-escalate |
    /// | QA specialist | review resolutions, add notes, link quality records |
    /// | process owner | approve "no CAPA needed", link quality records, add notes |
    /// | auditor | nothing: auditors read the trail |
    /// | management | add notes, escalate and de-escalate, approve "no CAPA needed", close |
    /// | system | escalate, record customer messages and deadlines |
    ///
    /// And for non-conformances and CAPA:
    ///
    /// | role | may |
    /// |---|---|
    /// | customer service representative | report a non-conformance, record containment |
    /// | customer service manager | report, contain, investigate, record the root cause, reclassify, flag repeats, link cases, disposition, raise a CAPA or propose none; open a CAPA, link sources, assess risk, plan, revise and cancel actions, submit the plan, start and complete actions |
    /// | QA specialist | what a manager may, plus approve a disposition, verify implementation and check effectiveness |
    /// | process owner | what a manager may, plus approve a disposition or a no-CAPA reason, approve or return plans, check effectiveness, close and cancel CAPAs and close non-conformances |
    /// | management | approve dispositions and no-CAPA reasons, approve or return plans, close and cancel CAPAs, close non-conformances |
    /// | system | record deadlines, record a CAPA's closure or cancellation on its non-conformances, record a delivered service on its case |
    ///
    /// And for service orders: CSRs tick, mark N/A and untick checklist items;
    /// managers also open orders, plan inspections, link non-conformances, sign
    /// off and cancel; QA specialists tick items too, plan and record
    /// inspections, link non-conformances, and approve or reject stages; process owners approve concessions and stages,
    /// reject stages and sign off; management approves concessions and stages
    /// and rejects stages.
    ///
    /// And for controlled documents: process owners do everything; management
    /// returns, approves and makes revisions effective and records reviews; QA
    /// specialists and managers draft and submit revisions.
    ///
    /// And for review meetings: process owners and management do everything;
    /// managers schedule, reschedule, set agendas, record minutes, and add, assign,
    /// complete and cancel action items; QA specialists record minutes, add
    /// and complete action items; CSRs complete action items.
    ///
    /// The four-eyes rules (plan author ≠ approver, verifier ≠ action owner, ...)
    /// hold whatever the table grants.
    #[must_use]
    pub fn sop_default() -> Self {
        use CommandKind as K;
        const CSR: &[CommandKind] = &[
            K::Log,
            K::Acknowledge,
            K::Assign,
            K::AddNote,
            K::StartInvestigation,
            K::WaitOnCustomer,
            K::WaitOnThirdParty,
            K::Resume,
            K::ProposeResolution,
            K::Resolve,
            K::RecordFollowUp,
            K::WaiveFollowUp,
            K::RecordNoAnswer,
            K::LinkQualityRecord,
            K::Withdraw,
            K::Reopen,
            K::Escalate,
            K::Reassess,
            K::RecordCustomerMessage,
        ];
        const MANAGER_EXTRA: &[CommandKind] = &[
            K::ApproveNoCapa,
            K::Close,
            K::Reject,
            K::Merge,
            K::Unmerge,
            K::Deescalate,
        ];
        const QUALITY_WORK: &[CommandKind] = &[
            K::ReportNonConformance,
            K::RecordContainment,
            K::InvestigateNonConformance,
            K::RecordRootCause,
            K::ReclassifyNonConformance,
            K::FlagRepeat,
            K::LinkCase,
            K::DispositionNonConformance,
            K::RaiseCapa,
            K::ProposeNoCapa,
            K::OpenCapa,
            K::LinkCapaSource,
            K::AssessRisk,
            K::PlanAction,
            K::ReviseAction,
            K::CancelAction,
            K::SubmitPlan,
            K::StartAction,
            K::CompleteAction,
        ];
        const MEETINGS: &[CommandKind] = &[
            K::ScheduleReviewMeeting,
            K::RescheduleReviewMeeting,
            K::SetMeetingAgenda,
            K::CancelReviewMeeting,
            K::RecordMinutes,
            K::AddMeetingAction,
            K::AssignMeetingAction,
            K::CompleteMeetingAction,
            K::CancelMeetingAction,
            K::CloseReviewMeeting,
            K::SupersedeActionPlan,
        ];
        const QUALITY_APPROVAL: &[CommandKind] = &[
            K::ApproveDisposition,
            K::ApproveNoCapa,
            K::ApprovePlan,
            K::ReturnPlan,
            K::CloseCapa,
            K::CancelCapa,
            K::CloseNonConformance,
        ];
        Permissions::none()
            .grant(
                Role::CustomerServiceRepresentative,
                CSR.iter()
                    .copied()
                    .chain([K::ReportNonConformance, K::RecordContainment]),
            )
            .grant(Role::CustomerServiceManager, QUALITY_WORK.iter().copied())
            .grant(
                Role::QaSpecialist,
                QUALITY_WORK.iter().copied().chain([
                    K::ApproveDisposition,
                    K::VerifyImplementation,
                    K::CheckEffectiveness,
                ]),
            )
            .grant(
                Role::ProcessOwner,
                QUALITY_WORK
                    .iter()
                    .chain(QUALITY_APPROVAL)
                    .copied()
                    .chain([K::CheckEffectiveness]),
            )
            .grant(Role::Management, QUALITY_APPROVAL.iter().copied())
            .grant(
                Role::System,
                [
                    K::RecordCapaClosed,
                    K::RecordCapaCancelled,
                    K::RecordServiceDelivered,
                ],
            )
            .grant(
                Role::CustomerServiceRepresentative,
                [K::TickItem, K::MarkNotApplicable, K::UntickItem],
            )
            .grant(
                Role::CustomerServiceManager,
                [
                    K::OpenServiceOrder,
                    K::TickItem,
                    K::MarkNotApplicable,
                    K::UntickItem,
                    K::PlanInspection,
                    K::WithdrawInspection,
                    K::LinkNonConformanceToInspection,
                    K::SignOff,
                    K::CancelServiceOrder,
                ],
            )
            .grant(
                Role::QaSpecialist,
                [
                    K::TickItem,
                    K::MarkNotApplicable,
                    K::UntickItem,
                    K::PlanInspection,
                    K::RecordInspection,
                    K::WithdrawInspection,
                    K::LinkNonConformanceToInspection,
                    K::ApproveStage,
                    K::RejectStage,
                ],
            )
            .grant(
                Role::ProcessOwner,
                [
                    K::ApproveConcession,
                    K::ApproveStage,
                    K::RejectStage,
                    K::SignOff,
                ],
            )
            .grant(
                Role::Management,
                [K::ApproveConcession, K::ApproveStage, K::RejectStage],
            )
            .grant(
                Role::ProcessOwner,
                [
                    K::CreateDocument,
                    K::DraftRevision,
                    K::SubmitRevision,
                    K::ReturnRevision,
                    K::ApproveRevision,
                    K::MakeRevisionEffective,
                    K::RecordDocumentReview,
                ],
            )
            .grant(
                Role::Management,
                [
                    K::ReturnRevision,
                    K::ApproveRevision,
                    K::MakeRevisionEffective,
                    K::RecordDocumentReview,
                ],
            )
            .grant(Role::ProcessOwner, MEETINGS.iter().copied())
            .grant(Role::Management, MEETINGS.iter().copied())
            .grant(
                Role::CustomerServiceManager,
                MEETINGS.iter().copied().filter(|k| {
                    !matches!(
                        k,
                        K::CloseReviewMeeting | K::SupersedeActionPlan | K::CancelReviewMeeting
                    )
                }),
            )
            .grant(
                Role::QaSpecialist,
                [
                    K::RecordMinutes,
                    K::AddMeetingAction,
                    K::CompleteMeetingAction,
                ],
            )
            .grant(
                Role::CustomerServiceRepresentative,
                [K::CompleteMeetingAction],
            )
            .grant(Role::QaSpecialist, [K::DraftRevision, K::SubmitRevision])
            .grant(
                Role::CustomerServiceManager,
                [K::DraftRevision, K::SubmitRevision],
            )
            .grant(
                Role::CustomerServiceManager,
                CSR.iter().chain(MANAGER_EXTRA).copied(),
            )
            .grant(
                Role::QaSpecialist,
                [K::ReviewResolution, K::AddNote, K::LinkQualityRecord],
            )
            .grant(
                Role::ProcessOwner,
                [K::ApproveNoCapa, K::LinkQualityRecord, K::AddNote],
            )
            .grant(
                Role::Management,
                [
                    K::AddNote,
                    K::Escalate,
                    K::Deescalate,
                    K::ApproveNoCapa,
                    K::Close,
                ],
            )
            .grant(
                Role::System,
                [K::Escalate, K::RecordCustomerMessage, K::RecordDeadline],
            )
    }

    /// Grants `role` the given kinds, on top of what it already has.
    #[must_use]
    pub fn grant(mut self, role: Role, kinds: impl IntoIterator<Item = CommandKind>) -> Self {
        let granted = self.grants.entry(role).or_default();
        for kind in kinds {
            if !granted.contains(&kind) {
                granted.push(kind);
            }
        }
        self
    }

    /// Takes the given kinds away from `role`.
    #[must_use]
    pub fn revoke(mut self, role: Role, kinds: impl IntoIterator<Item = CommandKind>) -> Self {
        if let Some(granted) = self.grants.get_mut(&role) {
            for kind in kinds {
                granted.retain(|k| *k != kind);
            }
        }
        self
    }

    /// Every problem with the table, with its path from the table: a role
    /// whose list is longer than there are command kinds
    /// ([`CommandKind::ALL`]), which can only be a kind listed again and again,
    /// and would make every permission check slow.
    pub(crate) fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (role, kinds) in &self.grants {
            if kinds.len() > CommandKind::ALL.len() {
                problems.push(Problem::new(
                    role.as_str(),
                    format!(
                        "{} kinds listed, but there are {} command kinds: list each once",
                        kinds.len(),
                        CommandKind::ALL.len()
                    ),
                ));
            }
        }
        problems
    }

    /// Whether `role` is granted `kind`.
    #[must_use]
    pub fn allows(&self, role: Role, kind: CommandKind) -> bool {
        self.grants
            .get(&role)
            .is_some_and(|kinds| kinds.contains(&kind))
    }

    /// Checks that one of the actor's roles is granted `kind`.
    ///
    /// # Errors
    /// [`NotPermitted`] when none of the actor's roles is granted `kind`, naming the
    /// actor, its roles and the command kind.
    pub fn check(&self, actor: &Actor, kind: CommandKind) -> Result<(), NotPermitted> {
        if actor.roles.iter().any(|role| self.allows(role, kind)) {
            Ok(())
        } else {
            Err(NotPermitted {
                actor: actor.id,
                roles: actor.roles,
                command: kind,
            })
        }
    }
}

/// Adds a problem at `path` when `role` cannot be told of an overdue deadline:
/// the auditor only reads, and the system is no one to tell.
pub(crate) fn notify_problems(problems: &mut Vec<Problem>, path: &str, role: Role) {
    if matches!(role, Role::Auditor | Role::System) {
        problems.push(Problem::new(
            path,
            format!("`{role}` cannot be told of an overdue deadline"),
        ));
    }
}
