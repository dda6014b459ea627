//! [`GovernancePolicy`]: the document-control rules, as data.

mod competence;
mod meeting;
mod training;

pub use competence::CompetencyGate;
pub use meeting::MeetingPolicy;
pub use training::{Assessment, Subject, TrainingRequirement};

use crate::problem::{Problem, too_many};
use crate::records::RetentionClass;

/// The governance rules. Every field may be left out in a policy file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct GovernancePolicy {
    /// A document is reviewed this many calendar months after it last took
    /// effect or was reviewed: 1 to 60.
    pub document_review_months: u32,
    /// The retention classes: at most
    /// [`MAX_RETENTION_CLASSES`](Self::MAX_RETENTION_CLASSES), their names
    /// unique, each kept 1 to 1200 months.
    pub retention: Vec<RetentionClass>,
    /// The training requirements per role: at most
    /// [`MAX_TRAINING_REQUIREMENTS`](Self::MAX_TRAINING_REQUIREMENTS), their
    /// names unique.
    pub training: Vec<TrainingRequirement>,
    /// The commands gated on competency in a requirement: the actor must be
    /// competent in it, and the context must carry a training file. At most
    /// [`MAX_COMPETENCY_GATES`](Self::MAX_COMPETENCY_GATES).
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
    /// The most retention classes a policy may have: 64.
    pub const MAX_RETENTION_CLASSES: usize = 64;

    /// The most training requirements a policy may have: 256.
    pub const MAX_TRAINING_REQUIREMENTS: usize = 256;

    /// The most competency gates a policy may have: 256.
    pub const MAX_COMPETENCY_GATES: usize = 256;

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
        // A list past its limit is one problem; its entries are not checked.
        let retention = !too_many(
            &mut problems,
            "retention",
            self.retention.len(),
            Self::MAX_RETENTION_CLASSES,
        );
        if retention {
            problems.extend(
                RetentionClass::problems(&self.retention)
                    .into_iter()
                    .map(|p| p.within("retention")),
            );
        }
        let training = !too_many(
            &mut problems,
            "training",
            self.training.len(),
            Self::MAX_TRAINING_REQUIREMENTS,
        );
        if training {
            problems.extend(
                TrainingRequirement::problems(&self.training)
                    .into_iter()
                    .map(|p| p.within("training")),
            );
        }
        let gates = !too_many(
            &mut problems,
            "competency_gates",
            self.competency_gates.len(),
            Self::MAX_COMPETENCY_GATES,
        );
        if gates && training {
            problems.extend(
                CompetencyGate::problems(&self.competency_gates, &self.training)
                    .into_iter()
                    .map(|p| p.within("competency_gates")),
            );
        }
        problems.extend(
            self.review_meetings
                .problems()
                .into_iter()
                .map(|p| p.within("review_meetings")),
        );
        problems
    }
}
