//! The permission table: which roles may ask for which command kinds, as data.

use std::collections::BTreeMap;

use super::kind::{
    AuditCommandKind as Audit, CapaCommandKind as Capa, CaseCommandKind as Case, CommandKind,
    DocumentCommandKind as Document, FeedbackCommandKind as Feedback, KindSet,
    MeetingCommandKind as Meeting, NonConformanceCommandKind as Ncr,
    ServiceOrderCommandKind as Order,
};
use super::{Actor, Role, RoleSet, UnitId};
use crate::id::ActorId;
use crate::problem::Problem;

/// The refusal of a command because none of the actor's roles is granted its
/// kind, or none that is reaches the record's unit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "actor {actor} with roles {roles} is not permitted to `{command}`{}",
    outside.map(|unit| format!(" on a record of `{unit}`, outside the units its roles reach")).unwrap_or_default()
)]
#[non_exhaustive]
pub struct NotPermitted {
    /// Who asked.
    pub actor: ActorId,
    /// The roles the actor held (boxed: a refusal stays small to return).
    pub roles: Box<RoleSet>,
    /// What was asked for.
    pub command: CommandKind,
    /// The unit of the record acted on, when a role grants the command but
    /// only within units the actor belongs to, and the record is outside
    /// them; `None` when no role grants it at all.
    pub outside: Option<UnitId>,
}

impl crate::problem::Rule for NotPermitted {
    fn rule(&self) -> &'static str {
        "not_permitted"
    }
}

/// The permission table: for each role, the command kinds it may ask for.
///
/// An actor is permitted a command when **any** of its roles is granted the kind.
/// A role absent from the table is granted nothing. A kind's own name grants
/// it on every aggregate that has a kind of that name (`record_deadline`); a
/// qualified name grants one (`capa.record_deadline`).
///
/// In a policy file (JSON shown; TOML works alike):
/// ```json
/// { "customer_service_representative": ["log", "acknowledge", "escalate"],
///   "qa_specialist": ["review_resolution"] }
/// ```
///
/// # Example
/// ```
/// use casework::{Actor, ActorId, CapaCommandKind, CaseCommandKind, Permissions, Role};
/// use uuid::Uuid;
///
/// let table = Permissions::sop_default();
/// let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
///
/// assert!(table.check(&csr, CaseCommandKind::Acknowledge).is_ok());
/// let refused = table.check(&csr, CaseCommandKind::ReviewResolution).unwrap_err();
/// assert_eq!(refused.command, CaseCommandKind::ReviewResolution);
///
/// // The system may record what came due on every aggregate.
/// assert!(table.allows(Role::System, CapaCommandKind::RecordDeadline));
/// ```
///
/// A table read from a policy file:
/// ```
/// # #[cfg(feature = "serde")] {
/// use casework::{CaseCommandKind, DocumentCommandKind, Permissions, Role};
///
/// let table: Permissions = serde_json::from_str(
///     r#"{ "system": ["record_deadline"], "qa_specialist": ["document.record_deadline"] }"#,
/// ).unwrap();
/// assert!(table.allows(Role::System, CaseCommandKind::RecordDeadline));
/// assert!(table.allows(Role::QaSpecialist, DocumentCommandKind::RecordDeadline));
/// assert!(!table.allows(Role::QaSpecialist, CaseCommandKind::RecordDeadline));
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Permissions {
    grants: BTreeMap<Role, KindSet>,
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
    /// | customer service representative | log, acknowledge, assign, add notes, investigate, wait and resume, propose and record a resolution, record, waive or record an unanswered follow-up, resolve a concern raised at follow-up, link quality records, propose that a complaint needs no CAPA, withdraw, reopen, escalate, reassess |
    /// | customer service manager | everything a CSR may, plus approve "no CAPA needed", close, reject, merge and unmerge, de-escalate |
    /// | QA specialist | review resolutions, add notes, link quality records, record a follow-up or an unanswered attempt, resolve a concern (the follow-up SOP: QA collects and documents feedback) |
    /// | process owner | approve "no CAPA needed", link quality records, add notes; place and release legal holds, erase personal data on request, dispose of feedback whose retention has run |
    /// | auditor | nothing: auditors read the trail |
    /// | management | add notes, escalate and de-escalate, approve "no CAPA needed", close; place and release legal holds, erase personal data on request |
    /// | system | escalate, record customer messages and deadlines, dispose of feedback whose retention has run |
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
    /// And for feedback items: CSRs, managers and QA specialists record
    /// customers' feedback (QA collects and documents it, by the follow-up
    /// SOP); every staff role but the auditor records staff feedback and links
    /// and unlinks items; QA specialists, process owners and management review
    /// them; process owners and management place and release legal holds and
    /// erase an item's text on request; process owners and the system dispose
    /// of the text once its retention has run.
    ///
    /// And for the audits of complaint handling: customer service managers
    /// and QA specialists open audits of sampled cases, withdraw them and
    /// link a finding to the non-conformance raised from it; only QA
    /// specialists score them. Process owners, management and auditors read
    /// them, which is no command.
    ///
    /// The four-eyes rules (plan author ≠ approver, verifier ≠ action owner, ...)
    /// hold whatever the table grants.
    #[must_use]
    pub fn sop_default() -> Self {
        const CSR: &[Case] = &[
            Case::Log,
            Case::Acknowledge,
            Case::Assign,
            Case::AddNote,
            Case::StartInvestigation,
            Case::WaitOnCustomer,
            Case::WaitOnThirdParty,
            Case::Resume,
            Case::ProposeResolution,
            Case::Resolve,
            Case::RecordFollowUp,
            Case::WaiveFollowUp,
            Case::RecordNoAnswer,
            Case::LinkQualityRecord,
            Case::Withdraw,
            Case::Reopen,
            Case::Escalate,
            Case::Reassess,
            Case::RecordCustomerMessage,
            Case::ResolveConcern,
            Case::ProposeNoCapa,
            Case::Recategorise,
            Case::QueueMessage,
            Case::RecordDelivery,
        ];
        const RECORDS: [Case; 3] = [
            Case::PlaceLegalHold,
            Case::ReleaseLegalHold,
            Case::ErasePersonalData,
        ];
        const MANAGER_EXTRA: &[Case] = &[
            Case::Transfer,
            Case::ApproveNoCapa,
            Case::Close,
            Case::Reject,
            Case::Merge,
            Case::Unmerge,
            Case::Deescalate,
        ];
        const NCR_WORK: &[Ncr] = &[
            Ncr::ReportNonConformance,
            Ncr::RecordContainment,
            Ncr::InvestigateNonConformance,
            Ncr::RecordRootCause,
            Ncr::ReclassifyNonConformance,
            Ncr::FlagRepeat,
            Ncr::LinkCase,
            Ncr::DispositionNonConformance,
            Ncr::RaiseCapa,
            Ncr::ProposeNoCapa,
        ];
        const CAPA_WORK: &[Capa] = &[
            Capa::OpenCapa,
            Capa::LinkCapaSource,
            Capa::AssessRisk,
            Capa::PlanAction,
            Capa::ReviseAction,
            Capa::CancelAction,
            Capa::SubmitPlan,
            Capa::StartAction,
            Capa::CompleteAction,
        ];
        const MEETINGS: &[Meeting] = &[
            Meeting::ScheduleReviewMeeting,
            Meeting::RescheduleReviewMeeting,
            Meeting::SetMeetingAgenda,
            Meeting::CancelReviewMeeting,
            Meeting::RecordMinutes,
            Meeting::AddMeetingAction,
            Meeting::AssignMeetingAction,
            Meeting::CompleteMeetingAction,
            Meeting::CancelMeetingAction,
            Meeting::CloseReviewMeeting,
            Meeting::SupersedeActionPlan,
        ];
        const NCR_APPROVAL: &[Ncr] = &[
            Ncr::ApproveDisposition,
            Ncr::ApproveNoCapa,
            Ncr::CloseNonConformance,
        ];
        // What every staff role but the auditor may do with feedback items:
        // give its own, and link and unlink items to what they led to.
        const FEEDBACK_STAFF: [Feedback; 3] = [
            Feedback::RecordStaffFeedback,
            Feedback::LinkFeedback,
            Feedback::UnlinkFeedback,
        ];
        const FEEDBACK_RECORDS: [Feedback; 4] = [
            Feedback::ReviewFeedback,
            Feedback::PlaceFeedbackHold,
            Feedback::ReleaseFeedbackHold,
            Feedback::EraseFeedbackText,
        ];
        const CAPA_APPROVAL: &[Capa] = &[
            Capa::ApprovePlan,
            Capa::ReturnPlan,
            Capa::CloseCapa,
            Capa::CancelCapa,
        ];
        Permissions::none()
            .grant(Role::CustomerServiceRepresentative, CSR.iter().copied())
            .grant(
                Role::CustomerServiceRepresentative,
                [Ncr::ReportNonConformance, Ncr::RecordContainment],
            )
            .grant(Role::CustomerServiceManager, NCR_WORK.iter().copied())
            .grant(Role::CustomerServiceManager, CAPA_WORK.iter().copied())
            .grant(Role::QaSpecialist, NCR_WORK.iter().copied())
            .grant(
                Role::QaSpecialist,
                CAPA_WORK
                    .iter()
                    .copied()
                    .chain([Capa::VerifyImplementation, Capa::CheckEffectiveness]),
            )
            .grant(Role::QaSpecialist, [Ncr::ApproveDisposition])
            .grant(
                Role::ProcessOwner,
                NCR_WORK.iter().chain(NCR_APPROVAL).copied(),
            )
            .grant(
                Role::ProcessOwner,
                CAPA_WORK
                    .iter()
                    .chain(CAPA_APPROVAL)
                    .copied()
                    .chain([Capa::CheckEffectiveness]),
            )
            .grant(Role::Management, NCR_APPROVAL.iter().copied())
            .grant(Role::Management, CAPA_APPROVAL.iter().copied())
            .grant(
                Role::System,
                [Ncr::RecordCapaClosed, Ncr::RecordCapaCancelled],
            )
            .grant(Role::System, [Case::RecordServiceDelivered])
            .grant(
                Role::CustomerServiceRepresentative,
                [Order::TickItem, Order::MarkNotApplicable, Order::UntickItem],
            )
            .grant(
                Role::CustomerServiceManager,
                [
                    Order::OpenServiceOrder,
                    Order::TickItem,
                    Order::MarkNotApplicable,
                    Order::UntickItem,
                    Order::PlanInspection,
                    Order::WithdrawInspection,
                    Order::LinkNonConformanceToInspection,
                    Order::SignOff,
                    Order::CancelServiceOrder,
                ],
            )
            .grant(
                Role::QaSpecialist,
                [
                    Order::TickItem,
                    Order::MarkNotApplicable,
                    Order::UntickItem,
                    Order::PlanInspection,
                    Order::RecordInspection,
                    Order::WithdrawInspection,
                    Order::LinkNonConformanceToInspection,
                    Order::ApproveStage,
                    Order::RejectStage,
                ],
            )
            .grant(
                Role::ProcessOwner,
                [
                    Order::ApproveConcession,
                    Order::ApproveStage,
                    Order::RejectStage,
                    Order::SignOff,
                ],
            )
            .grant(
                Role::Management,
                [
                    Order::ApproveConcession,
                    Order::ApproveStage,
                    Order::RejectStage,
                ],
            )
            .grant(
                Role::ProcessOwner,
                [
                    Document::CreateDocument,
                    Document::DraftRevision,
                    Document::SubmitRevision,
                    Document::ReturnRevision,
                    Document::ApproveRevision,
                    Document::MakeRevisionEffective,
                    Document::RecordDocumentReview,
                ],
            )
            .grant(
                Role::Management,
                [
                    Document::ReturnRevision,
                    Document::ApproveRevision,
                    Document::MakeRevisionEffective,
                    Document::RecordDocumentReview,
                ],
            )
            .grant(Role::ProcessOwner, MEETINGS.iter().copied())
            .grant(Role::Management, MEETINGS.iter().copied())
            .grant(
                Role::CustomerServiceManager,
                MEETINGS.iter().copied().filter(|k| {
                    !matches!(
                        k,
                        Meeting::CloseReviewMeeting
                            | Meeting::SupersedeActionPlan
                            | Meeting::CancelReviewMeeting
                    )
                }),
            )
            .grant(
                Role::QaSpecialist,
                [
                    Meeting::RecordMinutes,
                    Meeting::AddMeetingAction,
                    Meeting::CompleteMeetingAction,
                ],
            )
            .grant(
                Role::CustomerServiceRepresentative,
                [Meeting::CompleteMeetingAction],
            )
            .grant(
                Role::QaSpecialist,
                [Document::DraftRevision, Document::SubmitRevision],
            )
            .grant(
                Role::CustomerServiceManager,
                [Document::DraftRevision, Document::SubmitRevision],
            )
            .grant(
                Role::CustomerServiceManager,
                CSR.iter().chain(MANAGER_EXTRA).copied(),
            )
            .grant(
                Role::QaSpecialist,
                [
                    Case::ReviewResolution,
                    Case::AddNote,
                    Case::LinkQualityRecord,
                    Case::RecordFollowUp,
                    Case::RecordNoAnswer,
                    Case::ResolveConcern,
                ],
            )
            .grant(
                Role::ProcessOwner,
                [Case::ApproveNoCapa, Case::LinkQualityRecord, Case::AddNote],
            )
            .grant(Role::ProcessOwner, RECORDS)
            .grant(Role::Management, RECORDS)
            .grant(Role::ProcessOwner, [Case::DisposeFeedback])
            .grant(Role::System, [Case::DisposeFeedback])
            .grant(
                Role::Management,
                [
                    Case::AddNote,
                    Case::Escalate,
                    Case::Deescalate,
                    Case::ApproveNoCapa,
                    Case::Close,
                ],
            )
            .grant(
                Role::System,
                [
                    Case::Escalate,
                    Case::RecordCustomerMessage,
                    Case::QueueMessage,
                    Case::RecordDelivery,
                ],
            )
            .grant(
                Role::CustomerServiceRepresentative,
                [Feedback::RecordCustomerFeedback],
            )
            .grant(
                Role::CustomerServiceManager,
                [Feedback::RecordCustomerFeedback],
            )
            .grant(Role::QaSpecialist, [Feedback::RecordCustomerFeedback])
            .grant(Role::CustomerServiceRepresentative, FEEDBACK_STAFF)
            .grant(Role::CustomerServiceManager, FEEDBACK_STAFF)
            .grant(Role::QaSpecialist, FEEDBACK_STAFF)
            .grant(Role::ProcessOwner, FEEDBACK_STAFF)
            .grant(Role::Management, FEEDBACK_STAFF)
            .grant(Role::QaSpecialist, [Feedback::ReviewFeedback])
            .grant(Role::ProcessOwner, FEEDBACK_RECORDS)
            .grant(Role::Management, FEEDBACK_RECORDS)
            .grant(Role::ProcessOwner, [Feedback::DisposeFeedbackText])
            .grant(Role::System, [Feedback::DisposeFeedbackText])
            .grant(
                Role::CustomerServiceManager,
                [
                    Audit::OpenAudit,
                    Audit::WithdrawAudit,
                    Audit::RaiseAuditNonConformance,
                ],
            )
            .grant(
                Role::QaSpecialist,
                [
                    Audit::OpenAudit,
                    Audit::ScoreAudit,
                    Audit::WithdrawAudit,
                    Audit::RaiseAuditNonConformance,
                ],
            )
            .grant(Role::System, CommandKind::matching("record_deadline"))
    }

    /// Grants `role` the given kinds, on top of what it already has.
    #[must_use]
    pub fn grant<K: Into<CommandKind>>(
        mut self,
        role: Role,
        kinds: impl IntoIterator<Item = K>,
    ) -> Self {
        let granted = self.grants.entry(role).or_default();
        for kind in kinds {
            granted.insert(kind.into());
        }
        self
    }

    /// Takes the given kinds away from `role`.
    #[must_use]
    pub fn revoke<K: Into<CommandKind>>(
        mut self,
        role: Role,
        kinds: impl IntoIterator<Item = K>,
    ) -> Self {
        if let Some(granted) = self.grants.get_mut(&role) {
            for kind in kinds {
                granted.remove(kind.into());
            }
        }
        self
    }

    /// Whether `role` is granted `kind`.
    #[must_use]
    pub fn allows(&self, role: Role, kind: impl Into<CommandKind>) -> bool {
        let kind = kind.into();
        self.grants
            .get(&role)
            .is_some_and(|kinds| kinds.contains(kind))
    }

    /// The kinds `role` is granted, in the order of [`CommandKind::ALL`].
    pub fn granted(&self, role: Role) -> impl Iterator<Item = CommandKind> + '_ {
        self.grants
            .get(&role)
            .into_iter()
            .flat_map(|kinds| kinds.iter())
    }

    /// The roles the table names, granted something or not, in id order.
    pub fn roles(&self) -> impl Iterator<Item = Role> + '_ {
        self.grants.keys().copied()
    }

    /// Checks that one of the actor's roles is granted `kind`.
    ///
    /// # Errors
    /// [`NotPermitted`] when none of the actor's roles is granted `kind`, naming the
    /// actor, its roles and the command kind; and for every kind when the
    /// actor was given more roles than a [`RoleSet`] holds
    /// ([`RoleSet::overflowed`]), rather than judge a part of its roles.
    pub fn check(&self, actor: &Actor, kind: impl Into<CommandKind>) -> Result<(), NotPermitted> {
        let kind = kind.into();
        if !actor.roles.overflowed() && actor.roles.iter().any(|role| self.allows(role, kind)) {
            Ok(())
        } else {
            Err(NotPermitted {
                actor: actor.id,
                roles: Box::new(actor.roles),
                command: kind,
                outside: None,
            })
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Permissions {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(
            self.grants
                .iter()
                .map(|(role, kinds)| (role, kinds.names())),
        )
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Permissions {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let grants = BTreeMap::<Role, Vec<Grant>>::deserialize(deserializer)?;
        let grants = grants
            .into_iter()
            .map(|(role, names)| (role, names.into_iter().flat_map(|g| g.0.iter()).collect()))
            .collect();
        Ok(Self { grants })
    }
}

/// A name in a permission table's list: a kind's qualified name, or its own
/// name, which grants every aggregate's kind of that name.
#[cfg(feature = "serde")]
struct Grant(KindSet);

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Grant {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        let kinds: KindSet = CommandKind::matching(&name).collect();
        if kinds == KindSet::default() {
            // The refusal of an unknown name, with the closest.
            return match CommandKind::parse(&name) {
                Err(refused) => Err(serde::de::Error::custom(refused)),
                Ok(kind) => Ok(Self([kind].into_iter().collect())),
            };
        }
        Ok(Self(kinds))
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Permissions {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Permissions".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <BTreeMap<Role, Vec<CommandKind>>>::json_schema(generator)
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
