//! [`CompetencyGate`]: a command the policy gates on a training requirement.

use super::training::TrainingRequirement;
use crate::actor::CommandKind;
use crate::problem::{Problem, not_blank};

/// A command gated on a training requirement: an actor must be competent in
/// the requirement, whatever their role, to give the command.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct CompetencyGate {
    /// The gated command.
    pub command: CommandKind,
    /// The requirement's name, from [`GovernancePolicy::training`](super::GovernancePolicy::training).
    pub requirement: String,
}

impl CompetencyGate {
    /// Every problem of `gates` against the `requirements` they name, with
    /// paths from the list.
    #[must_use]
    pub fn problems(gates: &[Self], requirements: &[TrainingRequirement]) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (i, gate) in gates.iter().enumerate() {
            let path = format!("[{i}].requirement");
            not_blank(&mut problems, &path, &gate.requirement);
            if gate.requirement.trim().is_empty() {
                continue;
            }
            if !requirements.iter().any(|r| r.name == gate.requirement) {
                problems.push(Problem::new(
                    path,
                    format!("`{}` is not a training requirement", gate.requirement),
                ));
            } else if gates.iter().take(i).any(|g| g == gate) {
                problems.push(Problem::new(
                    format!("[{i}]"),
                    format!(
                        "`{}` on `{}` is listed twice",
                        gate.requirement, gate.command
                    ),
                ));
            }
        }
        problems
    }
}
