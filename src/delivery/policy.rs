//! [`DeliveryPolicy`]: the checklist template, the approval stages and the
//! sign-off rules a service organisation configures, as data. The crate-level
//! [`PolicySpec`](crate::PolicySpec) holds it and checks it with the rest.

use crate::actor::Role;
use crate::problem::{Problem, in_range, not_blank, within_limit};

/// One item of a checklist template.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct ChecklistItem {
    /// A code unique in the template, such as `engagement.scope_agreed`.
    pub code: String,
    /// The phase it belongs to, such as `engagement`.
    pub phase: String,
    /// What is to be checked.
    pub text: String,
    /// Whether sign-off needs it ticked (or justified not applicable).
    #[cfg_attr(feature = "serde", serde(default = "yes"))]
    pub required: bool,
    /// Whether ticking it needs an evidence reference.
    #[cfg_attr(feature = "serde", serde(default))]
    pub evidence: bool,
    /// The role allowed to tick it; `None`: anyone the permission table lets
    /// tick items.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub role: Option<Role>,
}

#[cfg(feature = "serde")]
const fn yes() -> bool {
    true
}

/// A checklist template: a name, a version, and its items by phase.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct ChecklistTemplate {
    /// Its name.
    pub name: String,
    /// Its version, from 1 (to `u32::MAX`: it is only recorded, never counted
    /// on): an order records the version it was opened with.
    pub version: u32,
    /// The items, in order: 1 to [`MAX_ITEMS`](Self::MAX_ITEMS), their codes
    /// unique.
    pub items: Vec<ChecklistItem>,
}

impl ChecklistTemplate {
    /// The most items a checklist may have: 200.
    pub const MAX_ITEMS: usize = 200;

    /// The SOP's service delivery checklist, version 1: client engagement,
    /// service planning, resource allocation, execution and monitoring,
    /// quality assurance, customer feedback collection, and post-service
    /// evaluation. Quality assurance is ticked by a QA specialist, with
    /// evidence; the feedback and evaluation items are optional.
    #[must_use]
    pub fn sop_default() -> Self {
        let item = |code: &str, phase: &str, text: &str, required, evidence, role| ChecklistItem {
            code: code.to_owned(),
            phase: phase.to_owned(),
            text: text.to_owned(),
            required,
            evidence,
            role,
        };
        Self {
            name: "service delivery".to_owned(),
            version: 1,
            items: vec![
                item(
                    "engagement.requirements",
                    "engagement",
                    "The client's requirements are agreed",
                    true,
                    true,
                    None,
                ),
                item(
                    "planning.plan",
                    "planning",
                    "The service plan and schedule are set",
                    true,
                    false,
                    None,
                ),
                item(
                    "resources.allocated",
                    "resources",
                    "People, tools and materials are allocated",
                    true,
                    false,
                    None,
                ),
                item(
                    "execution.delivered",
                    "execution",
                    "The service is delivered as planned",
                    true,
                    true,
                    None,
                ),
                item(
                    "execution.monitored",
                    "execution",
                    "Progress was monitored against the plan",
                    true,
                    false,
                    None,
                ),
                item(
                    "quality.checked",
                    "quality_assurance",
                    "The work meets the quality criteria",
                    true,
                    true,
                    Some(Role::QaSpecialist),
                ),
                item(
                    "feedback.requested",
                    "feedback",
                    "The customer was asked for feedback",
                    false,
                    false,
                    None,
                ),
                item(
                    "evaluation.review",
                    "evaluation",
                    "The delivery was reviewed for lessons",
                    false,
                    false,
                    None,
                ),
            ],
        }
    }

    /// An item by code.
    #[must_use]
    pub fn item(&self, code: &str) -> Option<&ChecklistItem> {
        self.items.iter().find(|i| i.code == code)
    }
}

/// One approval stage: who approves, and how many of them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct ApprovalStage {
    /// A name unique among the stages, such as `quality`.
    pub name: String,
    /// The role an approver holds.
    pub role: Role,
    /// How many different people must approve: 1 for "one of n"; n for "all"
    /// of a group of n. From 1 to [`DeliveryPolicy::MAX_APPROVALS`] (10).
    pub approvals: u8,
}

/// The service delivery rules. Every field may be left out in a policy file,
/// taking the SOP default.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct DeliveryPolicy {
    /// The checklist a new service order gets: at least one item.
    pub checklist: ChecklistTemplate,
    /// The approval stages, in order: 1 to
    /// [`MAX_APPROVAL_STAGES`](Self::MAX_APPROVAL_STAGES), their names unique.
    pub approval_stages: Vec<ApprovalStage>,
    /// Whether sign-off needs the customer's acknowledgement.
    pub customer_acknowledgement: bool,
    /// Whether sign-off needs at least one inspection recorded.
    pub inspection_required: bool,
    /// The follow-up falls due this many business days after sign-off: 1 to
    /// [`MAX_FOLLOW_UP_BUSINESS_DAYS`](Self::MAX_FOLLOW_UP_BUSINESS_DAYS) (30).
    pub follow_up_business_days: u32,
}

impl Default for DeliveryPolicy {
    /// The SOP checklist; a QA specialist's approval, then a process owner's;
    /// the customer's acknowledgement; an inspection; the follow-up 2 business
    /// days after sign-off.
    fn default() -> Self {
        Self {
            checklist: ChecklistTemplate::sop_default(),
            approval_stages: vec![
                ApprovalStage {
                    name: "quality".to_owned(),
                    role: Role::QaSpecialist,
                    approvals: 1,
                },
                ApprovalStage {
                    name: "process_owner".to_owned(),
                    role: Role::ProcessOwner,
                    approvals: 1,
                },
            ],
            customer_acknowledgement: true,
            inspection_required: true,
            follow_up_business_days: 2,
        }
    }
}

impl DeliveryPolicy {
    /// The most approval stages a policy may have: 10.
    pub const MAX_APPROVAL_STAGES: usize = 10;

    /// The most approvals one stage may need: 10.
    pub const MAX_APPROVALS: u8 = 10;

    /// The latest the follow-up may fall due, in business days after sign-off:
    /// 30.
    pub const MAX_FOLLOW_UP_BUSINESS_DAYS: u32 = 30;

    /// Every problem, with its path from this policy.
    #[must_use]
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let checklist = &self.checklist;
        not_blank(&mut problems, "checklist.name", &checklist.name);
        if checklist.version == 0 {
            problems.push(Problem::new("checklist.version", "versions start at 1"));
        }
        if checklist.items.is_empty() {
            problems.push(Problem::new("checklist.items", "needs at least one item"));
        }
        if self.approval_stages.is_empty() {
            problems.push(Problem::new("approval_stages", "needs at least one stage"));
        }
        let items: &[ChecklistItem] = within_limit(
            &mut problems,
            "checklist.items",
            &checklist.items,
            ChecklistTemplate::MAX_ITEMS,
        );
        for (i, item) in items.iter().enumerate() {
            let path = format!("checklist.items[{i}]");
            not_blank(&mut problems, &format!("{path}.code"), &item.code);
            not_blank(&mut problems, &format!("{path}.phase"), &item.phase);
            not_blank(&mut problems, &format!("{path}.text"), &item.text);
            if checklist
                .items
                .iter()
                .take(i)
                .any(|other| other.code == item.code)
            {
                problems.push(Problem::new(
                    format!("{path}.code"),
                    format!("`{}` is listed twice", item.code),
                ));
            }
        }
        let stages: &[ApprovalStage] = within_limit(
            &mut problems,
            "approval_stages",
            &self.approval_stages,
            Self::MAX_APPROVAL_STAGES,
        );
        for (i, stage) in stages.iter().enumerate() {
            let path = format!("approval_stages[{i}]");
            not_blank(&mut problems, &format!("{path}.name"), &stage.name);
            if self
                .approval_stages
                .iter()
                .take(i)
                .any(|other| other.name == stage.name)
            {
                problems.push(Problem::new(
                    format!("{path}.name"),
                    format!("`{}` is listed twice", stage.name),
                ));
            }
            in_range(
                &mut problems,
                &format!("{path}.approvals"),
                stage.approvals,
                1,
                Self::MAX_APPROVALS,
            );
        }
        in_range(
            &mut problems,
            "follow_up_business_days",
            self.follow_up_business_days,
            1,
            Self::MAX_FOLLOW_UP_BUSINESS_DAYS,
        );
        problems
    }
}
