//! [`CasePolicy`]: the case rules a desk configures, as data. The crate-level
//! [`PolicySpec`](crate::PolicySpec) holds it and checks it with the rest.

mod lifecycle;
mod status;

use std::collections::BTreeMap;

use crate::actor::Permissions;
use crate::priority::{EscalationLadder, Severity};
use crate::problem::{Problem, within_limit};
pub(crate) use lifecycle::changes_status;
pub use lifecycle::{Lifecycle, LifecycleSpec, Target, Transition, TransitionSpec};
pub use status::Status;

/// A category in the policy's category tree. Codes are paths: `billing/refund` is a
/// child of `billing`, which must be listed too.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Category {
    /// The path: segments of `a-z`, `0-9`, `_` and `-`, joined by `/`.
    pub code: String,
    /// What people see.
    pub label: String,
}

impl Category {
    /// A category.
    #[must_use]
    pub fn new(code: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            label: label.into(),
        }
    }
}

/// Whether, and until when, a resolved or closed case may be reopened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum ReopenPolicy {
    /// Until the close of the `days`-th business day after the resolution, on the
    /// policy's calendar. Later, the case refuses with
    /// `CaseError::ReopenWindowExpired`: open a new case linked to this one
    /// instead.
    WithinBusinessDays {
        /// The window, 1 to 365 business days.
        days: u32,
    },
    /// Never: a new case is opened instead.
    Never,
}

/// The case rules a desk configures. [`CasePolicy::sop_default`] follows the SOPs.
///
/// In a policy file every field may be left out, taking the SOP default:
/// ```json
/// { "qa_review": ["critical"],
///   "reopen": { "rule": "within_business_days", "days": 5 } }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct CasePolicy {
    /// The lifecycle table.
    pub lifecycle: LifecycleSpec,
    /// The category tree that intake picks from: 1 to
    /// [`MAX_CATEGORIES`](Self::MAX_CATEGORIES), their codes unique.
    pub categories: Vec<Category>,
    /// The root-cause categories a complaint's resolution picks from: 1 to
    /// [`MAX_ROOT_CAUSES`](Self::MAX_ROOT_CAUSES), unique.
    pub root_causes: Vec<String>,
    /// The severities whose resolution a QA specialist must approve before
    /// closing. Each once, so at most as many as there are severities, as for
    /// every list of severities below.
    pub qa_review: Vec<Severity>,
    /// The severities of complaints that need, before closing, a linked
    /// non-conformance or CAPA, or a manager's approved "no CAPA needed" reason.
    pub capa_decision: Vec<Severity>,
    /// The severity at and above which intake (or a reassessment) escalates at once.
    /// `None`: never at once.
    pub immediate_escalation: Option<Severity>,
    /// How high a severity escalates at once, where higher than level 1: a
    /// severity at or above [`immediate_escalation`](Self::immediate_escalation)
    /// escalates to the level listed for it, or for the highest listed severity
    /// below it, or else to level 1; never above
    /// [`escalation_levels`](Self::escalation_levels). The escalation ladder
    /// then continues above that level. SOP default: `{ "critical": 2 }`, so a
    /// critical complaint goes to the second level (management) at intake.
    pub immediate_levels: BTreeMap<Severity, u8>,
    /// The severities that may be resolved at first contact, at intake.
    pub first_contact_resolution: Vec<Severity>,
    /// Whether, and until when, a resolved or closed case may be reopened.
    pub reopen: ReopenPolicy,
    /// The number of escalation levels above 0, from 1 to
    /// [`EscalationLadder::MAX_LEVELS`](crate::priority::EscalationLadder::MAX_LEVELS)
    /// (10).
    pub escalation_levels: u8,
}

impl Default for CasePolicy {
    fn default() -> Self {
        Self::sop_default()
    }
}

impl CasePolicy {
    /// The most categories a policy may have: 1000.
    pub const MAX_CATEGORIES: usize = 1000;

    /// The most root causes a policy may have: 100.
    pub const MAX_ROOT_CAUSES: usize = 100;

    /// The SOP defaults:
    /// - the [SOP lifecycle table](LifecycleSpec::sop_default);
    /// - categories for product, delivery, billing and service, with a few children,
    ///   and `other`;
    /// - root causes `people`, `process`, `product`, `supplier`, `system`,
    ///   `communication`, `customer_misunderstanding`;
    /// - a QA review for High and Critical;
    /// - a CAPA decision for every complaint;
    /// - immediate escalation at High;
    /// - first-contact resolution for Low and Medium;
    /// - reopen within 10 business days;
    /// - 3 escalation levels (manager, management, executive).
    #[must_use]
    pub fn sop_default() -> Self {
        let categories = [
            ("product", "Product"),
            ("product/defect", "Defective product"),
            ("product/damaged", "Damaged in transit"),
            ("delivery", "Delivery"),
            ("delivery/late", "Late delivery"),
            ("delivery/missing", "Missing items"),
            ("billing", "Billing"),
            ("billing/refund", "Refund"),
            ("billing/overcharge", "Overcharge"),
            ("service", "Service"),
            ("service/staff_conduct", "Staff conduct"),
            ("service/response_time", "Response time"),
            ("other", "Other"),
        ];
        let root_causes = [
            "people",
            "process",
            "product",
            "supplier",
            "system",
            "communication",
            "customer_misunderstanding",
        ];
        Self {
            lifecycle: LifecycleSpec::sop_default(),
            categories: categories
                .into_iter()
                .map(|(code, label)| Category::new(code, label))
                .collect(),
            root_causes: root_causes.into_iter().map(str::to_owned).collect(),
            qa_review: vec![Severity::High, Severity::Critical],
            capa_decision: Severity::ALL.to_vec(),
            immediate_escalation: Some(Severity::High),
            immediate_levels: BTreeMap::from([(Severity::Critical, 2)]),
            first_contact_resolution: vec![Severity::Low, Severity::Medium],
            reopen: ReopenPolicy::WithinBusinessDays { days: 10 },
            escalation_levels: 3,
        }
    }

    /// The level a case of `severity` escalates to at once: `None` below
    /// [`immediate_escalation`](Self::immediate_escalation) (or without one);
    /// otherwise the level [`immediate_levels`](Self::immediate_levels) gives
    /// it, at least 1 and at most [`escalation_levels`](Self::escalation_levels).
    ///
    /// # Example
    /// ```
    /// use casework::case::CasePolicy;
    /// use casework::Severity;
    ///
    /// let policy = CasePolicy::sop_default();
    /// assert_eq!(policy.immediate_level(Severity::Medium), None);
    /// assert_eq!(policy.immediate_level(Severity::High), Some(1));
    /// assert_eq!(policy.immediate_level(Severity::Critical), Some(2));
    /// ```
    #[must_use]
    pub fn immediate_level(&self, severity: Severity) -> Option<u8> {
        let threshold = self.immediate_escalation?;
        if severity < threshold {
            return None;
        }
        let listed = self
            .immediate_levels
            .range(..=severity)
            .map(|(_, level)| *level)
            .max();
        Some(listed.unwrap_or(1).clamp(1, self.escalation_levels.max(1)))
    }

    /// Whether `code` is a category of the tree.
    #[must_use]
    pub fn has_category(&self, code: &str) -> bool {
        self.categories.iter().any(|c| c.code == code)
    }

    /// The problem at `path` when `code` is not a category of the tree.
    pub(crate) fn category_problem(&self, path: &str, code: &str) -> Option<Problem> {
        (!self.has_category(code))
            .then(|| Problem::new(path, format!("`{code}` is not a category of the policy")))
    }

    /// Whether `name` is a root-cause category.
    #[must_use]
    pub fn has_root_cause(&self, name: &str) -> bool {
        self.root_causes.iter().any(|r| r == name)
    }

    /// Every problem of the case rules, with its path, given the permission
    /// table the lifecycle's roles are checked against.
    /// [`PolicySpec::compile`](crate::PolicySpec::compile) checks this with the
    /// rest of the policy; call it to check the case rules alone.
    #[must_use]
    pub fn problems(&self, permissions: &Permissions) -> Vec<Problem> {
        self.compile(permissions).err().unwrap_or_default()
    }

    /// Checks everything but the lifecycle, and compiles the lifecycle.
    pub(crate) fn compile(&self, permissions: &Permissions) -> Result<Lifecycle, Vec<Problem>> {
        let mut problems = Vec::new();
        // A list past its limit is one problem; its entries are not checked.
        let categories: &[Category] = required_within_limit(
            &mut problems,
            "categories",
            &self.categories,
            Self::MAX_CATEGORIES,
            "at least one category is needed",
        );
        for (i, category) in categories.iter().enumerate() {
            let path = format!("categories[{i}]");
            let segments: Vec<&str> = category.code.split('/').collect();
            if segments.iter().any(|s| {
                s.is_empty()
                    || !s.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-'
                    })
            }) {
                problems.push(Problem::new(
                    format!("{path}.code"),
                    format!(
                        "`{}` is not a path of segments of a-z, 0-9, `_` and `-` joined by `/`",
                        category.code
                    ),
                ));
            } else if let Some((parent, _)) = category.code.rsplit_once('/') {
                if !self.has_category(parent) {
                    problems.push(Problem::new(
                        format!("{path}.code"),
                        format!("the parent `{parent}` is not a category"),
                    ));
                }
            }
            if self
                .categories
                .iter()
                .take(i)
                .any(|c| c.code == category.code)
            {
                problems.push(Problem::new(
                    format!("{path}.code"),
                    format!("`{}` is listed twice", category.code),
                ));
            }
            if category.label.trim().is_empty() {
                problems.push(Problem::new(
                    format!("{path}.label"),
                    "a label must not be blank",
                ));
            }
        }
        let root_causes: &[String] = required_within_limit(
            &mut problems,
            "root_causes",
            &self.root_causes,
            Self::MAX_ROOT_CAUSES,
            "at least one root cause is needed",
        );
        for (i, cause) in root_causes.iter().enumerate() {
            if cause.trim().is_empty() {
                problems.push(Problem::new(
                    format!("root_causes[{i}]"),
                    "must not be blank",
                ));
            } else if self.root_causes.iter().take(i).any(|c| c == cause) {
                problems.push(Problem::new(
                    format!("root_causes[{i}]"),
                    format!("`{cause}` is listed twice"),
                ));
            }
        }
        if let ReopenPolicy::WithinBusinessDays { days } = self.reopen {
            if !(1..=365).contains(&days) {
                problems.push(Problem::new(
                    "reopen.days",
                    format!("{days} is not between 1 and 365 business days"),
                ));
            }
        }
        for (field, severities) in [
            ("qa_review", &self.qa_review),
            ("capa_decision", &self.capa_decision),
            ("first_contact_resolution", &self.first_contact_resolution),
        ] {
            if severities.len() > Severity::ALL.len() {
                problems.push(Problem::new(
                    field,
                    format!(
                        "{} severities listed, but there are {}: list each once",
                        severities.len(),
                        Severity::ALL.len()
                    ),
                ));
            }
        }
        for (severity, level) in &self.immediate_levels {
            if let Some(threshold) = self.immediate_escalation.filter(|t| severity < t) {
                problems.push(Problem::new(
                    format!("immediate_levels.{severity}"),
                    format!(
                        "never applies: {severity} is below `immediate_escalation` ({threshold})"
                    ),
                ));
            }
            if !(1..=EscalationLadder::MAX_LEVELS).contains(level) {
                problems.push(Problem::new(
                    format!("immediate_levels.{severity}"),
                    format!(
                        "{level} is not between 1 and {}",
                        EscalationLadder::MAX_LEVELS
                    ),
                ));
            }
        }
        if !(1..=EscalationLadder::MAX_LEVELS).contains(&self.escalation_levels) {
            problems.push(Problem::new(
                "escalation_levels",
                format!(
                    "{} is not between 1 and {}",
                    self.escalation_levels,
                    EscalationLadder::MAX_LEVELS
                ),
            ));
        }
        match self.lifecycle.compile(permissions) {
            Ok(lifecycle) if problems.is_empty() => Ok(lifecycle),
            Ok(_) => Err(problems),
            Err(more) => {
                problems.extend(more.into_iter().map(|p| p.within("lifecycle")));
                Err(problems)
            }
        }
    }
}

/// `list`, checked as one that must not be empty (a problem at `path` saying
/// `empty` when it is) nor longer than `max` ([`within_limit`]).
fn required_within_limit<'a, T>(
    problems: &mut Vec<Problem>,
    path: &str,
    list: &'a [T],
    max: usize,
    empty: &str,
) -> &'a [T] {
    if list.is_empty() {
        problems.push(Problem::new(path, empty));
    }
    within_limit(problems, path, list, max)
}
