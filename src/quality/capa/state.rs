//! [`Capa`]: the state of one CAPA record, as plain data with getters, the small
//! value types it is made of, and the content hashes its signatures sign. No rule
//! lives here: rules live in `decide`.

use core::fmt;

use chrono::{DateTime, Utc};

use crate::envelope::Version;
use crate::id::{ActorId, CapaId, CaseId, NonConformanceId, Reference};
use crate::quality::RiskAssessment;
use crate::records::{ContentHash, ContentHasher, Signature};

/// Where a CAPA stands.
///
/// planning → plan submitted → implementing → verified → effective → closed.
/// A plan may be returned to planning; an effectiveness check that finds the
/// actions not effective starts a new cycle in planning. [`Closed`](Status::Closed)
/// and [`Cancelled`](Status::Cancelled) are terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum Status {
    /// Actions are being planned.
    Planning,
    /// The plan is signed by its author and awaits approval.
    PlanSubmitted,
    /// The plan is approved; the actions are being carried out.
    Implementing,
    /// Implementation is verified; the effectiveness check waits for its due date.
    Verified,
    /// The actions proved effective; closure remains.
    Effective,
    /// Closed with an approver's signature. Terminal.
    Closed,
    /// Cancelled, with a reason. Terminal.
    Cancelled,
}

impl Status {
    /// Every status, in lifecycle order.
    pub const ALL: [Status; 7] = [
        Status::Planning,
        Status::PlanSubmitted,
        Status::Implementing,
        Status::Verified,
        Status::Effective,
        Status::Closed,
        Status::Cancelled,
    ];

    /// The snake_case name, such as `plan_submitted`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Planning => "planning",
            Status::PlanSubmitted => "plan_submitted",
            Status::Implementing => "implementing",
            Status::Verified => "verified",
            Status::Effective => "effective",
            Status::Closed => "closed",
            Status::Cancelled => "cancelled",
        }
    }

    /// Whether the status is final: closed or cancelled.
    #[must_use]
    pub const fn is_terminal(self) -> bool {
        matches!(self, Status::Closed | Status::Cancelled)
    }
}

crate::name::display_by_name!(Status);

/// What a CAPA was raised from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Source {
    /// A non-conformance report.
    NonConformance {
        /// The NCR.
        id: NonConformanceId,
    },
    /// A complaint or other case.
    Case {
        /// The case.
        id: CaseId,
    },
    /// An audit finding, by the auditor's reference or words.
    AuditFinding {
        /// The finding.
        finding: String,
    },
}

/// Whether an action corrects the problem found or prevents a recurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum ActionKind {
    /// Removes the cause of the problem found.
    Corrective,
    /// Removes the cause of a potential problem, so that it does not occur.
    Preventive,
}

impl ActionKind {
    /// The snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ActionKind::Corrective => "corrective",
            ActionKind::Preventive => "preventive",
        }
    }
}

/// An action's number within its CAPA: 1, 2, 3, … in the order planned, across
/// cycles, never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct ActionNo(pub u32);

impl fmt::Display for ActionNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "action {}", self.0)
    }
}

/// Where an action stands: planned → in progress → done, or cancelled with a
/// reason from planned or in progress. A cancelled action never counts as done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum ActionStatus {
    /// Not started.
    Planned,
    /// Being carried out.
    InProgress,
    /// Done, with evidence.
    Done,
    /// Cancelled, with a reason.
    Cancelled,
}

impl ActionStatus {
    /// The snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Planned => "planned",
            ActionStatus::InProgress => "in_progress",
            ActionStatus::Done => "done",
            ActionStatus::Cancelled => "cancelled",
        }
    }

    /// Whether the action is done or cancelled.
    #[must_use]
    pub const fn is_finished(self) -> bool {
        matches!(self, ActionStatus::Done | ActionStatus::Cancelled)
    }
}

crate::name::display_by_name!(ActionStatus);

/// Who did something to an action, when, and the text they gave (evidence for a
/// completion, a reason for a cancellation).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ActionRecord {
    /// Who.
    pub by: ActorId,
    /// When.
    pub at: DateTime<Utc>,
    /// The evidence or reason.
    pub text: String,
}

/// One corrective or preventive action.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Action {
    /// Its number.
    pub no: ActionNo,
    /// Corrective or preventive.
    pub kind: ActionKind,
    /// What is to be done.
    pub description: String,
    /// Who is responsible for it.
    pub owner: ActorId,
    /// When it is due.
    pub due: DateTime<Utc>,
    /// Where it stands.
    pub status: ActionStatus,
    /// When it was started.
    pub started_at: Option<DateTime<Utc>>,
    /// Its completion, with the evidence.
    pub completed: Option<ActionRecord>,
    /// Its cancellation, with the reason.
    pub cancelled: Option<ActionRecord>,
    /// Whether its being overdue has been recorded (for its current due date).
    pub overdue_recorded: bool,
}

/// The result of an effectiveness check.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct EffectivenessCheck {
    /// Whether the actions were effective.
    pub effective: bool,
    /// What the check found.
    pub evidence: String,
    /// The checker's signature (meaning: reviewed) over the finding.
    pub signature: Signature,
}

/// A finished cycle: its actions and the check that found them not effective.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Cycle {
    /// The cycle's number, from 1.
    pub number: u32,
    /// Its actions as they ended.
    pub actions: Vec<Action>,
    /// The last plan author's signature.
    pub authored: Option<Signature>,
    /// Everyone who signed the plan as its author in this cycle, first to last:
    /// none of them may approve it, check its effectiveness or close the CAPA.
    pub authors: Vec<ActorId>,
    /// The plan approval.
    pub approved: Option<Signature>,
    /// The verification.
    pub verified: Option<Signature>,
    /// The check that found the actions not effective.
    pub check: Option<EffectivenessCheck>,
}

/// One CAPA record: plain data with getters. Build it by replaying events
/// ([`Capa::replay`](crate::Aggregate::replay)) or recording commands ([`Capa::record`](crate::Aggregate::record)).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Capa {
    pub(super) id: Option<CapaId>,
    pub(super) reference: Option<Reference>,
    pub(super) title: String,
    pub(super) problem: String,
    pub(super) sources: Vec<Source>,
    pub(super) risk: Option<RiskAssessment>,
    pub(super) status: Option<Status>,
    pub(super) opened_by: Option<ActorId>,
    pub(super) opened_at: Option<DateTime<Utc>>,
    pub(super) cycle: Cycle,
    pub(super) earlier_cycles: Vec<Cycle>,
    pub(super) last_action: ActionNo,
    pub(super) plan_returned: Option<String>,
    pub(super) effectiveness_due: Option<DateTime<Utc>>,
    pub(super) effectiveness_due_recorded: bool,
    pub(super) closure: Option<Signature>,
    pub(super) cancellation: Option<String>,
    pub(super) version: Version,
    pub(super) updated_at: Option<DateTime<Utc>>,
}

impl Default for Cycle {
    fn default() -> Self {
        Self {
            number: 1,
            actions: Vec::new(),
            authored: None,
            authors: Vec::new(),
            approved: None,
            verified: None,
            check: None,
        }
    }
}

impl Capa {
    /// Where it stands; `None` before it is opened.
    #[must_use]
    pub const fn status(&self) -> Option<Status> {
        self.status
    }

    /// Its id, once opened.
    #[must_use]
    pub const fn id(&self) -> Option<CapaId> {
        self.id
    }

    /// Its human reference, once opened.
    #[must_use]
    pub const fn reference(&self) -> Option<&Reference> {
        self.reference.as_ref()
    }

    /// Its title.
    #[must_use]
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The problem it addresses.
    #[must_use]
    pub fn problem(&self) -> &str {
        &self.problem
    }

    /// What it was raised from: non-conformances, cases, audit findings.
    #[must_use]
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The current risk assessment.
    #[must_use]
    pub const fn risk(&self) -> Option<&RiskAssessment> {
        self.risk.as_ref()
    }

    /// Who opened it.
    #[must_use]
    pub const fn opened_by(&self) -> Option<ActorId> {
        self.opened_by
    }

    /// When it was opened.
    #[must_use]
    pub const fn opened_at(&self) -> Option<DateTime<Utc>> {
        self.opened_at
    }

    /// The current cycle's number, from 1; each ineffective check starts a new
    /// one.
    #[must_use]
    pub const fn cycle(&self) -> u32 {
        self.cycle.number
    }

    /// The current cycle's actions, in the order planned.
    #[must_use]
    pub fn actions(&self) -> &[Action] {
        &self.cycle.actions
    }

    /// One of the current cycle's actions.
    #[must_use]
    pub fn action(&self, no: ActionNo) -> Option<&Action> {
        self.cycle.actions.iter().find(|a| a.no == no)
    }

    /// The cycles found not effective, oldest first, as they ended.
    #[must_use]
    pub fn earlier_cycles(&self) -> &[Cycle] {
        &self.earlier_cycles
    }

    /// The plan author's signature in this cycle, made at submission.
    #[must_use]
    pub const fn plan_authored(&self) -> Option<&Signature> {
        self.cycle.authored.as_ref()
    }

    /// Everyone who signed the plan as its author in this cycle.
    #[must_use]
    pub fn plan_authors(&self) -> &[ActorId] {
        &self.cycle.authors
    }

    /// The plan approval in this cycle.
    #[must_use]
    pub const fn plan_approval(&self) -> Option<&Signature> {
        self.cycle.approved.as_ref()
    }

    /// The implementation verification in this cycle.
    #[must_use]
    pub const fn verification(&self) -> Option<&Signature> {
        self.cycle.verified.as_ref()
    }

    /// The effectiveness check in this cycle.
    #[must_use]
    pub const fn effectiveness(&self) -> Option<&EffectivenessCheck> {
        self.cycle.check.as_ref()
    }

    /// When the effectiveness check may be recorded, from verification.
    #[must_use]
    pub const fn effectiveness_due(&self) -> Option<DateTime<Utc>> {
        self.effectiveness_due
    }

    /// The comments of the last return of the plan to planning.
    #[must_use]
    pub fn plan_returned(&self) -> Option<&str> {
        self.plan_returned.as_deref()
    }

    /// The closing approver's signature.
    #[must_use]
    pub const fn closure(&self) -> Option<&Signature> {
        self.closure.as_ref()
    }

    /// Why it was cancelled.
    #[must_use]
    pub fn cancellation(&self) -> Option<&str> {
        self.cancellation.as_deref()
    }

    /// The owners of the current cycle's actions, cancelled ones included.
    pub fn owners(&self) -> impl Iterator<Item = ActorId> + '_ {
        self.cycle.actions.iter().map(|a| a.owner)
    }

    /// The hash of the plan as it is now: what the author and the approver sign.
    ///
    /// It covers, by the [`ContentHash`] encoding under the domain
    /// `casework/capa/plan/v1`: the CAPA's id, the cycle number, the risk
    /// ratings, and for each action of the cycle its number, kind, description,
    /// owner, due instant, and whether it is cancelled, with the reason. Adding,
    /// revising or cancelling an action, or a new risk assessment, changes it.
    #[must_use]
    pub fn plan_hash(&self) -> ContentHash {
        let mut hasher = ContentHasher::new("casework/capa/plan/v1");
        self.hash_plan(&mut hasher);
        hasher.finish()
    }

    /// The hash of the implementation as it is now: what the verifier signs.
    ///
    /// It covers the plan (as [`plan_hash`](Self::plan_hash)), then for each action
    /// its status and its completion (who, when, the evidence), under the domain
    /// `casework/capa/implementation/v1`.
    #[must_use]
    pub fn implementation_hash(&self) -> ContentHash {
        let mut hasher = ContentHasher::new("casework/capa/implementation/v1");
        self.hash_implementation(&mut hasher);
        hasher.finish()
    }

    /// The hash of the effectiveness finding as it is now: what the checker signs.
    ///
    /// It covers the implementation (as
    /// [`implementation_hash`](Self::implementation_hash)), the verifier and the
    /// time of verification, and the finding (effective or not, and the evidence)
    /// when there is one, under the domain `casework/capa/effectiveness/v1`.
    #[must_use]
    pub fn effectiveness_hash(&self) -> ContentHash {
        self.effectiveness_hash_with(
            self.cycle
                .check
                .as_ref()
                .map(|c| (c.effective, c.evidence.as_str())),
        )
    }

    /// The effectiveness hash with the given finding.
    pub(super) fn effectiveness_hash_with(&self, finding: Option<(bool, &str)>) -> ContentHash {
        let mut hasher = ContentHasher::new("casework/capa/effectiveness/v1");
        self.hash_effectiveness(&mut hasher, finding);
        hasher.finish()
    }

    /// The hash of the whole record as it is now: what the closing approver signs.
    ///
    /// It covers the reference, title, problem and sources, then the
    /// effectiveness finding (as [`effectiveness_hash`](Self::effectiveness_hash)),
    /// under the domain `casework/capa/record/v1`. Sources may be linked until
    /// closure without making the earlier signatures stale.
    #[must_use]
    pub fn record_hash(&self) -> ContentHash {
        let mut hasher = ContentHasher::new("casework/capa/record/v1");
        hasher.optional(self.reference.as_ref(), |h, r| {
            h.text(&r.to_string());
        });
        hasher.text(&self.title).text(&self.problem);
        hasher.length(self.sources.len());
        for source in &self.sources {
            match source {
                Source::NonConformance { id } => hasher.number(1).uuid(id.as_uuid()),
                Source::Case { id } => hasher.number(2).uuid(id.as_uuid()),
                Source::AuditFinding { finding } => hasher.number(3).text(finding),
            };
        }
        let check = self.cycle.check.as_ref();
        self.hash_effectiveness(
            &mut hasher,
            check.map(|c| (c.effective, c.evidence.as_str())),
        );
        hasher.finish()
    }

    fn hash_effectiveness(&self, hasher: &mut ContentHasher, finding: Option<(bool, &str)>) {
        self.hash_implementation(hasher);
        hasher.optional(self.cycle.verified.as_ref(), |h, s| {
            h.uuid(s.signer.as_uuid()).instant(s.at);
        });
        hasher.optional(finding, |h, (effective, evidence)| {
            h.number(u64::from(effective)).text(evidence);
        });
    }

    fn hash_plan(&self, hasher: &mut ContentHasher) {
        hasher.optional(self.id, |h, id| {
            h.uuid(id.as_uuid());
        });
        hasher.number(u64::from(self.cycle.number));
        hasher.optional(self.risk, |h, risk| {
            h.number(u64::from(risk.severity.0))
                .number(u64::from(risk.occurrence.0))
                .number(u64::from(risk.detection.0));
        });
        hasher.length(self.cycle.actions.len());
        for action in &self.cycle.actions {
            hasher
                .number(u64::from(action.no.0))
                .text(action.kind.as_str())
                .text(&action.description)
                .uuid(action.owner.as_uuid())
                .instant(action.due)
                .optional(action.cancelled.as_ref(), |h, c| {
                    h.text(&c.text);
                });
        }
    }

    fn hash_implementation(&self, hasher: &mut ContentHasher) {
        self.hash_plan(hasher);
        for action in &self.cycle.actions {
            hasher
                .text(action.status.as_str())
                .optional(action.completed.as_ref(), |h, c| {
                    h.uuid(c.by.as_uuid()).instant(c.at).text(&c.text);
                });
        }
    }

    /// Whether the plan approval of this cycle signs the plan as it is now.
    #[must_use]
    pub fn plan_approval_is_current(&self) -> bool {
        current(self.cycle.approved.as_ref(), self.plan_hash())
    }

    /// Whether the effectiveness check of this cycle found the actions effective
    /// and signs the finding as it is now.
    #[must_use]
    pub fn effectiveness_is_current(&self) -> bool {
        self.cycle
            .check
            .as_ref()
            .is_some_and(|c| c.effective && c.signature.is_current(self.effectiveness_hash()))
    }

    /// Whether the verification of this cycle signs the implementation as it is
    /// now.
    #[must_use]
    pub fn verification_is_current(&self) -> bool {
        current(self.cycle.verified.as_ref(), self.implementation_hash())
    }
}

fn current(signature: Option<&Signature>, content: ContentHash) -> bool {
    signature.is_some_and(|s| s.is_current(content))
}
