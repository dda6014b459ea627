//! [`ServiceOrder`]: the state of one service order, as plain data with
//! getters. No rule lives here: rules live in `decide`.

use core::fmt;

use chrono::{DateTime, Utc};

use super::inspection::{Defect, InspectionPlan, Outcome, Reading};
use crate::envelope::Version;
use crate::id::{ActorId, CaseId, CustomerRef, NonConformanceId, Reference, ServiceOrderId};
use crate::policy::delivery::{ApprovalStage, ChecklistItem, Milestone};
use crate::records::{ContentHash, ContentHasher, Signature};

/// Where a service order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum Status {
    /// Being delivered, inspected and approved.
    InProgress,
    /// Signed off as completed. Terminal.
    SignedOff,
    /// Cancelled, with a reason. Terminal.
    Cancelled,
}

impl Status {
    /// The snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::InProgress => "in_progress",
            Status::SignedOff => "signed_off",
            Status::Cancelled => "cancelled",
        }
    }
}

crate::name::display_by_name!(Status);

/// Where a checklist item stands.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum ItemState {
    /// Not ticked.
    #[default]
    Open,
    /// Ticked.
    Ticked {
        /// Who.
        by: ActorId,
        /// When.
        at: DateTime<Utc>,
        /// The evidence reference, if any.
        evidence: Option<String>,
    },
    /// Not applicable to this order.
    NotApplicable {
        /// Who said so.
        by: ActorId,
        /// When.
        at: DateTime<Utc>,
        /// Why.
        reason: String,
    },
}

/// A checklist item of the order, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Item {
    /// The template's item.
    pub item: ChecklistItem,
    /// Where it stands.
    pub state: ItemState,
    /// How many times it was unticked.
    pub unticked: u32,
}

/// An inspection's number within its order: 1, 2, 3, … in the order planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct InspectionNo(pub u32);

impl fmt::Display for InspectionNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "inspection {}", self.0)
    }
}

/// An inspection's results, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct InspectionResult {
    /// Who inspected.
    pub inspector: ActorId,
    /// When.
    pub at: DateTime<Utc>,
    /// The readings, one per criterion.
    pub readings: Vec<Reading>,
    /// The defects found.
    pub defects: Vec<Defect>,
    /// The outcome computed from the readings.
    pub outcome: Outcome,
}

/// An inspection of the order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Inspection {
    /// Its number.
    pub no: InspectionNo,
    /// Its plan.
    pub plan: InspectionPlan,
    /// Its results, once recorded.
    pub result: Option<InspectionResult>,
    /// The non-conformance a failure raised.
    pub non_conformance: Option<NonConformanceId>,
    /// A concession approved for a failure: who, and why.
    pub concession: Option<(ActorId, String)>,
    /// Why it was withdrawn before it was recorded.
    pub withdrawn: Option<String>,
}

impl Inspection {
    /// Whether it counts for sign-off: passed, failed with a concession, or
    /// withdrawn before it was recorded.
    #[must_use]
    pub fn is_settled(&self) -> bool {
        self.withdrawn.is_some()
            || self
                .result
                .as_ref()
                .is_some_and(|r| r.outcome.passed || self.concession.is_some())
    }
}

/// One approval at a stage: who, when, and the work it approved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Approval {
    /// Who approved.
    pub by: ActorId,
    /// When.
    pub at: DateTime<Utc>,
    /// The [`ServiceOrder::work_hash`] when approved: when the work changes,
    /// the approval no longer counts.
    pub work: ContentHash,
}

/// An approval stage of the order, and its approvals.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Stage {
    /// The policy's stage.
    pub stage: ApprovalStage,
    /// The approvals, in order, current or stale.
    pub approvals: Vec<Approval>,
}

impl Stage {
    /// The approvals of the work as it is (`work`, its hash now).
    pub fn current(&self, work: ContentHash) -> impl Iterator<Item = &Approval> {
        self.approvals.iter().filter(move |a| a.work == work)
    }

    /// Whether it has the approvals it needs of the work as it is.
    #[must_use]
    pub fn is_approved(&self, work: ContentHash) -> bool {
        self.current(work).count() >= usize::from(self.stage.approvals)
    }
}

/// A rejection at a stage: the work went back.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Rejection {
    /// The stage.
    pub stage: String,
    /// Why.
    pub reason: String,
    /// Who rejected.
    pub by: ActorId,
    /// The work rejected: no stage is approved again until it changes.
    pub work: ContentHash,
}

/// The customer's acknowledgement of the completed service.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct CustomerAcknowledgement {
    /// Who acknowledged, as the customer gave it (a name or a role).
    pub by: String,
    /// When; not after now.
    pub at: DateTime<Utc>,
}

/// One service order: plain data with getters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceOrder {
    pub(super) id: Option<ServiceOrderId>,
    pub(super) reference: Option<Reference>,
    pub(super) customer: Option<CustomerRef>,
    pub(super) case: Option<CaseId>,
    pub(super) description: String,
    pub(super) template: Option<(String, u32)>,
    pub(super) status: Option<Status>,
    pub(super) items: Vec<Item>,
    pub(super) inspections: Vec<Inspection>,
    pub(super) stages: Vec<Stage>,
    pub(super) rejections: Vec<Rejection>,
    pub(super) sign_off: Option<(Signature, Option<CustomerAcknowledgement>)>,
    pub(super) follow_up_due: Option<DateTime<Utc>>,
    pub(super) cancellation: Option<String>,
    pub(super) opened_at: Option<DateTime<Utc>>,
    pub(super) signed_off_at: Option<DateTime<Utc>>,
    pub(super) cancelled_at: Option<DateTime<Utc>>,
    pub(super) overdue: Vec<Milestone>,
    pub(super) version: Version,
    pub(super) updated_at: Option<DateTime<Utc>>,
}

impl ServiceOrder {
    /// Where it stands; `None` before it is opened.
    #[must_use]
    pub const fn status(&self) -> Option<Status> {
        self.status
    }

    /// Its id.
    #[must_use]
    pub const fn id(&self) -> Option<ServiceOrderId> {
        self.id
    }

    /// Its human reference.
    #[must_use]
    pub const fn reference(&self) -> Option<&Reference> {
        self.reference.as_ref()
    }

    /// The customer.
    #[must_use]
    pub const fn customer(&self) -> Option<CustomerRef> {
        self.customer
    }

    /// The service request case it delivers, if any.
    #[must_use]
    pub const fn case(&self) -> Option<CaseId> {
        self.case
    }

    /// What is delivered.
    #[must_use]
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The checklist template's name and version it was opened with.
    #[must_use]
    pub fn template(&self) -> Option<(&str, u32)> {
        self.template.as_ref().map(|(name, v)| (name.as_str(), *v))
    }

    /// The checklist, in the template's order.
    #[must_use]
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// A checklist item by code.
    #[must_use]
    pub fn item(&self, code: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.item.code == code)
    }

    /// The inspections, in the order planned.
    #[must_use]
    pub fn inspections(&self) -> &[Inspection] {
        &self.inspections
    }

    /// An inspection by number.
    #[must_use]
    pub fn inspection(&self, no: InspectionNo) -> Option<&Inspection> {
        self.inspections.iter().find(|i| i.no == no)
    }

    /// The approval stages, in order, with their approvers.
    #[must_use]
    pub fn stages(&self) -> &[Stage] {
        &self.stages
    }

    /// The rejections, oldest first.
    #[must_use]
    pub fn rejections(&self) -> &[Rejection] {
        &self.rejections
    }

    /// The completion signature and the customer's acknowledgement.
    #[must_use]
    pub fn sign_off(&self) -> Option<(&Signature, Option<&CustomerAcknowledgement>)> {
        self.sign_off.as_ref().map(|(s, a)| (s, a.as_ref()))
    }

    /// When the follow-up falls due, from sign-off.
    #[must_use]
    pub const fn follow_up_due(&self) -> Option<DateTime<Utc>> {
        self.follow_up_due
    }

    /// Why it was cancelled.
    #[must_use]
    pub fn cancellation(&self) -> Option<&str> {
        self.cancellation.as_deref()
    }

    /// When it was opened, per the event envelope.
    #[must_use]
    pub const fn opened_at(&self) -> Option<DateTime<Utc>> {
        self.opened_at
    }

    /// When it was signed off, per the event envelope.
    #[must_use]
    pub const fn signed_off_at(&self) -> Option<DateTime<Utc>> {
        self.signed_off_at
    }

    /// When it was cancelled, per the event envelope.
    #[must_use]
    pub const fn cancelled_at(&self) -> Option<DateTime<Utc>> {
        self.cancelled_at
    }

    /// The milestones recorded overdue, in the order they were recorded. A
    /// milestone is recorded overdue once at most.
    #[must_use]
    pub fn overdue_milestones(&self) -> &[Milestone] {
        &self.overdue
    }

    /// When `milestone` was reached, as recorded: the first inspection
    /// recorded, or the sign-off.
    #[must_use]
    pub fn milestone_reached_at(&self, milestone: Milestone) -> Option<DateTime<Utc>> {
        match milestone {
            Milestone::Inspection => self
                .inspections
                .iter()
                .filter_map(|i| i.result.as_ref().map(|r| r.at))
                .min(),
            Milestone::SignOff => self.signed_off_at,
        }
    }

    /// Everyone who recorded an inspection of the order.
    pub fn inspectors(&self) -> impl Iterator<Item = ActorId> + '_ {
        self.inspections
            .iter()
            .filter_map(|i| i.result.as_ref().map(|r| r.inspector))
    }

    /// The hash of the work as it is now: what an approval approves. Under the
    /// domain `casework/service-order/work/v1`: the id, the template's name and
    /// version; each item's code and state (who ticked it, when, the evidence;
    /// or who said it is not applicable, when, why); each inspection's number,
    /// plan name and sample size, and, once recorded, its inspector, time,
    /// readings, defects and outcome, its non-conformance, concession and
    /// withdrawal. Any change to the work changes it.
    #[must_use]
    pub fn work_hash(&self) -> ContentHash {
        let mut h = ContentHasher::new("casework/service-order/work/v1");
        h.optional(self.id, |h, id| {
            h.uuid(id.as_uuid());
        });
        h.optional(self.template.as_ref(), |h, (name, version)| {
            h.text(name).number(u64::from(*version));
        });
        h.length(self.items.len());
        for item in &self.items {
            h.text(&item.item.code);
            match &item.state {
                ItemState::Open => h.number(0),
                ItemState::Ticked { by, at, evidence } => h
                    .number(1)
                    .uuid(by.as_uuid())
                    .instant(*at)
                    .optional(evidence.as_deref(), |h, e| {
                        h.text(e);
                    }),
                ItemState::NotApplicable { by, at, reason } => {
                    h.number(2).uuid(by.as_uuid()).instant(*at).text(reason)
                }
            };
        }
        h.length(self.inspections.len());
        for inspection in &self.inspections {
            h.number(u64::from(inspection.no.0))
                .text(&inspection.plan.name)
                .number(u64::from(inspection.plan.sample_size));
            h.optional(inspection.result.as_ref(), |h, r| {
                h.uuid(r.inspector.as_uuid())
                    .instant(r.at)
                    .length(r.readings.len());
                for reading in &r.readings {
                    match reading {
                        Reading::Pass(pass) => h.number(1).number(u64::from(*pass)),
                        Reading::Value(value) => {
                            h.number(2).number(u64::from_be_bytes(value.to_be_bytes()))
                        }
                        Reading::Defects(count) => h.number(3).number(u64::from(*count)),
                    };
                }
                h.length(r.defects.len());
                for defect in &r.defects {
                    h.text(&defect.description).text(defect.severity.as_str());
                }
                h.number(u64::from(r.outcome.passed));
            });
            h.optional(inspection.non_conformance, |h, ncr| {
                h.uuid(ncr.as_uuid());
            });
            h.optional(inspection.concession.as_ref(), |h, (by, reason)| {
                h.uuid(by.as_uuid()).text(reason);
            });
            h.optional(inspection.withdrawn.as_deref(), |h, reason| {
                h.text(reason);
            });
        }
        h.finish()
    }

    /// The hash of the completion record as it is now: what the sign-off
    /// signs, with the customer's acknowledgement once signed off.
    #[must_use]
    pub fn completion_hash(&self) -> ContentHash {
        self.completion_hash_with(self.sign_off.as_ref().and_then(|(_, a)| a.as_ref()))
    }

    /// The completion hash with `acknowledgement`. Under the domain
    /// `casework/service-order/completion/v1`: the work hash, each stage's
    /// name and current approvals (who, when), and the acknowledgement (who,
    /// when).
    #[must_use]
    pub fn completion_hash_with(
        &self,
        acknowledgement: Option<&CustomerAcknowledgement>,
    ) -> ContentHash {
        let work = self.work_hash();
        let mut h = ContentHasher::new("casework/service-order/completion/v1");
        h.bytes(work.as_bytes());
        h.length(self.stages.len());
        for stage in &self.stages {
            h.text(&stage.stage.name);
            let current: Vec<&Approval> = stage.current(work).collect();
            h.length(current.len());
            for approval in current {
                h.uuid(approval.by.as_uuid()).instant(approval.at);
            }
        }
        h.optional(acknowledgement, |h, a| {
            h.text(&a.by).instant(a.at);
        });
        h.finish()
    }
}
