//! [`GovernancePolicy`]: the document-control rules, as data.

use super::competence::CompetencyGate;
use super::meeting::MeetingPolicy;
use super::retention::RetentionClass;
use super::training::TrainingRequirement;
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
    /// The training requirements per role.
    pub training: Vec<TrainingRequirement>,
    /// The commands gated on competency in a requirement: the actor must be
    /// competent in it, and the context must carry a training file.
    pub competency_gates: Vec<CompetencyGate>,
    /// Review meetings: how often they recur, and what their agenda holds.
    pub review_meetings: MeetingPolicy,
}

impl Default for GovernancePolicy {
    /// Annual review, [`RetentionClass::sop_defaults`], no training
    /// requirements nor gates, and [`MeetingPolicy::default`].
    fn default() -> Self {
        Self {
            document_review_months: 12,
            retention: RetentionClass::sop_defaults(),
            training: Vec::new(),
            competency_gates: Vec::new(),
            review_meetings: MeetingPolicy::default(),
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
        problems.extend(
            TrainingRequirement::problems(&self.training)
                .into_iter()
                .map(|p| p.within("training")),
        );
        problems.extend(
            CompetencyGate::problems(&self.competency_gates, &self.training)
                .into_iter()
                .map(|p| p.within("competency_gates")),
        );
        problems.extend(
            self.review_meetings
                .problems()
                .into_iter()
                .map(|p| p.within("review_meetings")),
        );
        problems
    }
}
