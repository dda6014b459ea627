//! [`TrainingRequirement`]: what a role must be trained in, on what subject,
//! assessed how, and for how long, as data. Whether a person is competent is
//! the governance module's to say, from their records.

use crate::actor::Role;
use crate::id::DocumentId;
use crate::problem::{Problem, not_blank};

/// What a requirement trains on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum Subject {
    /// A controlled document: training is on its revision in effect.
    Document {
        /// The document.
        document: DocumentId,
    },
    /// A skill, such as `de-escalation`.
    Skill {
        /// Its name.
        name: String,
    },
}

/// How competency is assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum Assessment {
    /// A quiz, passed at a score in percent.
    Quiz {
        /// The passing score, 0 to 100.
        pass_score: u8,
    },
    /// Observed practice, judged competent or not.
    ObservedPractice,
    /// Signed off by someone other than the trainee.
    SignOff,
}

/// A training requirement of a role.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct TrainingRequirement {
    /// Its name, unique, such as `complaint_sop`.
    pub name: String,
    /// The role it applies to.
    pub role: Role,
    /// What it trains on.
    pub subject: Subject,
    /// How competency is assessed.
    pub assessment: Assessment,
    /// Training lapses this many calendar months after it: 1 to 120 (ten
    /// years).
    pub renewal_months: u32,
    /// For a document: how many days training on an older revision still
    /// counts once a new revision is in effect: 0 to 365 (a year).
    pub grace_days: u32,
}

impl TrainingRequirement {
    /// Every problem of `requirements`, with paths from the list: names
    /// blank or listed twice, a renewal not from 1 to 120 months, grace over
    /// 365 days, a quiz's pass score over 100, a blank skill.
    #[must_use]
    pub fn problems(requirements: &[Self]) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (i, requirement) in requirements.iter().enumerate() {
            not_blank(&mut problems, &format!("[{i}].name"), &requirement.name);
            if requirements
                .iter()
                .take(i)
                .any(|r| r.name == requirement.name)
            {
                problems.push(Problem::new(
                    format!("[{i}].name"),
                    format!("`{}` is listed twice", requirement.name),
                ));
            }
            if !(1..=120).contains(&requirement.renewal_months) {
                problems.push(Problem::new(
                    format!("[{i}].renewal_months"),
                    format!("{} is not from 1 to 120", requirement.renewal_months),
                ));
            }
            if requirement.grace_days > 365 {
                problems.push(Problem::new(
                    format!("[{i}].grace_days"),
                    format!("{} is over 365", requirement.grace_days),
                ));
            }
            if let Assessment::Quiz { pass_score } = requirement.assessment {
                if pass_score > 100 {
                    problems.push(Problem::new(
                        format!("[{i}].assessment.pass_score"),
                        format!("{pass_score} is over 100"),
                    ));
                }
            }
            if let Subject::Skill { name } = &requirement.subject {
                not_blank(&mut problems, &format!("[{i}].subject.name"), name);
            }
        }
        problems
    }
}
