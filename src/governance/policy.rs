//! [`GovernancePolicy`]: the document-control rules, as data.

use super::retention::RetentionClass;
use crate::problem::Problem;

/// The governance rules. Every field may be left out in a policy file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct GovernancePolicy {
    /// A document is reviewed this many calendar months after it last took
    /// effect or was reviewed: 1 to 60.
    pub document_review_months: u32,
    /// The retention classes.
    pub retention: Vec<RetentionClass>,
}

impl Default for GovernancePolicy {
    /// Annual review, and [`RetentionClass::sop_defaults`].
    fn default() -> Self {
        Self {
            document_review_months: 12,
            retention: RetentionClass::sop_defaults(),
        }
    }
}

impl GovernancePolicy {
    /// Every problem, with its path from this policy.
    #[must_use]
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if !(1..=60).contains(&self.document_review_months) {
            problems.push(Problem::new(
                "document_review_months",
                format!("{} is not from 1 to 60", self.document_review_months),
            ));
        }
        problems.extend(
            RetentionClass::problems(&self.retention)
                .into_iter()
                .map(|p| p.within("retention")),
        );
        problems
    }
}
