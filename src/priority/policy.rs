//! [`PriorityPolicy`]: severity rules, the matrix and the ladders, as one piece of
//! a policy file.

use std::collections::BTreeMap;

use super::ladder::EscalationLadder;
use super::matrix::{Priority, PriorityMatrix};
use super::severity::{Severity, SeverityRules};
use crate::problem::{Problem, too_many};

/// Severity rules, the priority matrix and the escalation ladders.
///
/// Every field may be left out of a policy file, taking the SOP default.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct PriorityPolicy {
    /// Labels for severities, where they differ from the names; not blank.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "BTreeMap::is_empty"))]
    pub severity_labels: BTreeMap<Severity, String>,
    /// How severity is assessed.
    pub severity: SeverityRules,
    /// Impact × urgency → priority.
    pub matrix: PriorityMatrix,
    /// One ladder per priority at most (so at most
    /// [`PriorityMatrix::MAX_PRIORITIES`]); a priority without one never
    /// escalates by time.
    pub ladders: Vec<EscalationLadder>,
}

impl Default for PriorityPolicy {
    fn default() -> Self {
        Self::sop_default()
    }
}

impl PriorityPolicy {
    /// The SOP defaults: [`SeverityRules::sop_default`],
    /// [`PriorityMatrix::sop_default`] and [`EscalationLadder::sop_default`].
    #[must_use]
    pub fn sop_default() -> Self {
        Self {
            severity_labels: BTreeMap::new(),
            severity: SeverityRules::sop_default(),
            matrix: PriorityMatrix::sop_default(),
            ladders: EscalationLadder::sop_default(),
        }
    }

    /// The label of a severity: the policy's, or its name.
    #[must_use]
    pub fn severity_label(&self, severity: Severity) -> &str {
        self.severity_labels
            .get(&severity)
            .map_or(severity.as_str(), String::as_str)
    }

    /// The ladder of a priority, if it has one.
    #[must_use]
    pub fn ladder(&self, priority: Priority) -> Option<&EscalationLadder> {
        self.ladders.iter().find(|l| l.priority == priority)
    }

    /// Every problem, with its path, given the policy's calendar names and the
    /// cases' highest escalation level.
    #[must_use]
    pub fn problems(&self, calendars: &[&str], max_levels: u8) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (severity, label) in &self.severity_labels {
            if label.trim().is_empty() {
                problems.push(Problem::new(
                    format!("severity_labels.{severity}"),
                    "a label must not be blank",
                ));
            }
        }
        problems.extend(
            self.severity
                .problems()
                .into_iter()
                .map(|p| p.within("severity")),
        );
        problems.extend(
            self.matrix
                .problems()
                .into_iter()
                .map(|p| p.within("matrix")),
        );
        if too_many(
            &mut problems,
            "ladders",
            self.ladders.len(),
            usize::from(PriorityMatrix::MAX_PRIORITIES),
        ) {
            return problems;
        }
        for (i, ladder) in self.ladders.iter().enumerate() {
            let at = format!("ladders[{i}]");
            if !(1..=self.matrix.priorities).contains(&ladder.priority.0) {
                problems.push(Problem::new(
                    format!("{at}.priority"),
                    format!("{} is not a priority of the matrix", ladder.priority),
                ));
            } else if self
                .ladders
                .iter()
                .take(i)
                .any(|l| l.priority == ladder.priority)
            {
                problems.push(Problem::new(
                    format!("{at}.priority"),
                    format!("{} has an earlier ladder", ladder.priority),
                ));
            }
            problems.extend(
                ladder
                    .problems(calendars, max_levels)
                    .into_iter()
                    .map(|p| p.within(&at)),
            );
        }
        problems
    }
}
