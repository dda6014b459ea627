//! [`QualityPolicy`]: the non-conformance and CAPA rules a quality system
//! configures, as data. The crate-level [`PolicySpec`](crate::PolicySpec) holds
//! it and checks it with the rest.

use crate::priority::Severity;
use crate::problem::{Problem, within_limit};

/// The non-conformance and CAPA rules. [`QualityPolicy::sop_default`] follows the
/// SOPs.
///
/// In a policy file every field may be left out, taking the SOP default:
/// ```json
/// { "effectiveness_wait_business_days": 20, "rpn_action_threshold": 80 }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct QualityPolicy {
    /// The root-cause categories an analysis picks from: 1 to
    /// [`MAX_ROOT_CAUSE_CATEGORIES`](Self::MAX_ROOT_CAUSE_CATEGORIES), unique.
    pub root_cause_categories: Vec<String>,
    /// The severity at and above which a non-conformance needs a CAPA: a "no
    /// CAPA" decision is refused. `None`: severity never requires one.
    pub capa_required_from: Option<Severity>,
    /// The severity at and above which a non-conformance is escalated to
    /// management when reported or reclassified. `None`: never.
    pub management_escalation_from: Option<Severity>,
    /// How far back, in days, an earlier non-conformance with the same source and
    /// root-cause category makes a new one a repeat: 1 to 3650.
    pub repeat_window_days: u32,
    /// Whether a repeat needs a CAPA.
    pub capa_required_for_repeats: bool,
    /// The RPN at and above which a CAPA plan needs at least one preventive
    /// action before it is submitted: 1 to 1000.
    pub rpn_action_threshold: u16,
    /// How many business days after verification the effectiveness check may be
    /// recorded, on the policy's business calendar: 0 to 365.
    pub effectiveness_wait_business_days: u32,
}

impl Default for QualityPolicy {
    fn default() -> Self {
        Self::sop_default()
    }
}

impl QualityPolicy {
    /// The most root-cause categories a policy may have: 100.
    pub const MAX_ROOT_CAUSE_CATEGORIES: usize = 100;

    /// The SOP defaults:
    /// - root-cause categories `people`, `process`, `product`, `supplier`,
    ///   `system`, `communication`, `measurement`, `environment`;
    /// - a CAPA required from High, and for repeats within 180 days;
    /// - escalation to management from High;
    /// - a preventive action required from an RPN of 100;
    /// - the effectiveness check 30 business days after verification.
    #[must_use]
    pub fn sop_default() -> Self {
        Self {
            root_cause_categories: [
                "people",
                "process",
                "product",
                "supplier",
                "system",
                "communication",
                "measurement",
                "environment",
            ]
            .into_iter()
            .map(str::to_owned)
            .collect(),
            capa_required_from: Some(Severity::High),
            management_escalation_from: Some(Severity::High),
            repeat_window_days: 180,
            capa_required_for_repeats: true,
            rpn_action_threshold: 100,
            effectiveness_wait_business_days: 30,
        }
    }

    /// The root-cause categories, as string slices.
    #[must_use]
    pub fn root_causes(&self) -> Vec<&str> {
        self.root_cause_categories
            .iter()
            .map(String::as_str)
            .collect()
    }

    /// Every problem, with its path from this policy.
    #[must_use]
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if self.root_cause_categories.is_empty() {
            problems.push(Problem::new(
                "root_cause_categories",
                "needs at least one category",
            ));
        }
        // A list past its limit is one problem; its entries are not checked.
        let categories: &[String] = within_limit(
            &mut problems,
            "root_cause_categories",
            &self.root_cause_categories,
            Self::MAX_ROOT_CAUSE_CATEGORIES,
        );
        for (i, code) in categories.iter().enumerate() {
            let path = format!("root_cause_categories[{i}]");
            if code.trim().is_empty() {
                problems.push(Problem::new(path, "is blank"));
            } else if self.root_cause_categories.iter().take(i).any(|c| c == code) {
                problems.push(Problem::new(path, format!("`{code}` is listed twice")));
            }
        }
        if !(1..=3650).contains(&self.repeat_window_days) {
            problems.push(Problem::new(
                "repeat_window_days",
                format!("{} is not from 1 to 3650", self.repeat_window_days),
            ));
        }
        if !(1..=1000).contains(&self.rpn_action_threshold) {
            problems.push(Problem::new(
                "rpn_action_threshold",
                format!("{} is not from 1 to 1000", self.rpn_action_threshold),
            ));
        }
        if self.effectiveness_wait_business_days > 365 {
            problems.push(Problem::new(
                "effectiveness_wait_business_days",
                format!("{} is more than 365", self.effectiveness_wait_business_days),
            ));
        }
        problems
    }
}
