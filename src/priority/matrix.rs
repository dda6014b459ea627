//! [`PriorityMatrix`]: impact × urgency → [`Priority`], with a floor per severity.

use core::fmt;
use std::collections::BTreeMap;

use super::severity::Severity;
use crate::problem::Problem;

macro_rules! level {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(transparent))]
        #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
        pub struct $name(pub u8);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($what, " {}"), self.0)
            }
        }
    };
}

level!(
    /// An impact level of a [`PriorityMatrix`]: 1 is the highest impact.
    Impact,
    "impact"
);
level!(
    /// An urgency level of a [`PriorityMatrix`]: 1 is the most urgent.
    Urgency,
    "urgency"
);

/// A priority: `P1` is the most pressing.
///
/// Lower numbers sort first, so `Priority(1) < Priority(2)` and the minimum of two
/// priorities is the more pressing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Priority(pub u8);

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&format!("P{}", self.0))
    }
}

/// The priority matrix: rows are impact levels, highest first; columns are urgency
/// levels, most urgent first; each cell is a priority number.
///
/// ```json
/// { "impacts": ["widespread", "significant", "individual"],
///   "urgencies": ["critical", "high", "normal"],
///   "priorities": 5,
///   "cells": [[1, 2, 3], [2, 3, 4], [3, 4, 5]],
///   "severity_floor": { "critical": 1, "high": 2 } }
/// ```
///
/// # Example
/// ```
/// use casework::priority::{Impact, Priority, PriorityMatrix, Urgency};
/// use casework::Severity;
///
/// let matrix = PriorityMatrix::sop_default();
/// assert!(matrix.problems().is_empty());
/// assert_eq!(matrix.priority(Impact(3), Urgency(3), Severity::Low), Some(Priority(5)));
/// // Severity sets a floor: a critical case is P1 whatever its impact and urgency.
/// assert_eq!(matrix.priority(Impact(3), Urgency(3), Severity::Critical), Some(Priority(1)));
/// assert_eq!(matrix.priority(Impact(4), Urgency(1), Severity::Low), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct PriorityMatrix {
    /// Impact labels, highest first: 3 to [`MAX_LEVELS`](Self::MAX_LEVELS) (5)
    /// of them.
    pub impacts: Vec<String>,
    /// Urgency labels, most urgent first: 3 to [`MAX_LEVELS`](Self::MAX_LEVELS)
    /// (5) of them.
    pub urgencies: Vec<String>,
    /// How many priorities there are, P1 to Pn: 2 to
    /// [`MAX_PRIORITIES`](Self::MAX_PRIORITIES) (9).
    pub priorities: u8,
    /// `cells[impact - 1][urgency - 1]` is the priority number, from 1 to
    /// `priorities`: a row per impact, a cell per urgency.
    pub cells: Vec<Vec<u8>>,
    /// The least pressing priority each severity may have, such as P1 for
    /// critical: from 1 to `priorities`. Floors are cumulative: a severity gets the floor of every severity
    /// at or below it, so a floor set for high applies to critical too.
    pub severity_floor: BTreeMap<Severity, u8>,
    /// Accept a matrix in which a higher impact or urgency gives a less pressing
    /// priority. Off by default: such a matrix is almost always a typo.
    pub allow_non_monotone: bool,
}

impl Default for PriorityMatrix {
    fn default() -> Self {
        Self::sop_default()
    }
}

impl PriorityMatrix {
    /// The most impact or urgency levels a matrix may have: 5 (and at least 3).
    pub const MAX_LEVELS: usize = 5;

    /// The most priorities a matrix may have, P1 to P9 (and at least 2).
    pub const MAX_PRIORITIES: u8 = 9;

    /// The SOP's 3 × 3 matrix, "categorise issues by urgency and importance":
    ///
    /// | impact \ urgency | high | medium | low |
    /// |---|---|---|---|
    /// | high | P1 | P2 | P3 |
    /// | medium | P2 | P3 | P4 |
    /// | low | P3 | P4 | P5 |
    ///
    /// with critical severity at least P1 and high at least P2.
    #[must_use]
    pub fn sop_default() -> Self {
        let labels = || vec!["high".to_owned(), "medium".to_owned(), "low".to_owned()];
        Self {
            impacts: labels(),
            urgencies: labels(),
            priorities: 5,
            cells: vec![vec![1, 2, 3], vec![2, 3, 4], vec![3, 4, 5]],
            severity_floor: BTreeMap::from([(Severity::Critical, 1), (Severity::High, 2)]),
            allow_non_monotone: false,
        }
    }

    /// The priority for an impact and urgency, raised to the severity's floor;
    /// `None` if the impact or urgency is not a level of the matrix.
    #[must_use]
    pub fn priority(
        &self,
        impact: Impact,
        urgency: Urgency,
        severity: Severity,
    ) -> Option<Priority> {
        let row = usize::from(impact.0).checked_sub(1)?;
        let column = usize::from(urgency.0).checked_sub(1)?;
        let cell = *self.cells.get(row)?.get(column)?;
        let floor = self
            .severity_floor
            .range(..=severity)
            .map(|(_, floor)| *floor)
            .min()
            .unwrap_or(cell);
        Some(Priority(cell.min(floor)))
    }

    /// The priorities, P1 first.
    pub fn all(&self) -> impl Iterator<Item = Priority> {
        (1..=self.priorities).map(Priority)
    }

    /// Every problem with the matrix, with its path (`cells[1][2]`).
    #[must_use]
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (field, labels) in [("impacts", &self.impacts), ("urgencies", &self.urgencies)] {
            if !(3..=Self::MAX_LEVELS).contains(&labels.len()) {
                problems.push(Problem::new(
                    field,
                    format!(
                        "{} levels; a matrix has 3 to {}",
                        labels.len(),
                        Self::MAX_LEVELS
                    ),
                ));
            }
            // Past the limit, one problem says it all.
            for (i, label) in labels.iter().enumerate().take(Self::MAX_LEVELS + 1) {
                if label.trim().is_empty() {
                    problems.push(Problem::new(
                        format!("{field}[{i}]"),
                        "a label must not be blank",
                    ));
                }
            }
        }
        if !(2..=Self::MAX_PRIORITIES).contains(&self.priorities) {
            problems.push(Problem::new(
                "priorities",
                format!(
                    "{} priorities; use 2 to {}",
                    self.priorities,
                    Self::MAX_PRIORITIES
                ),
            ));
        }
        let in_range = |n: u8| (1..=self.priorities).contains(&n);
        if self.cells.len() != self.impacts.len() {
            problems.push(Problem::new(
                "cells",
                format!(
                    "{} rows for {} impacts",
                    self.cells.len(),
                    self.impacts.len()
                ),
            ));
        }
        let too_big = self.cells.len() > Self::MAX_LEVELS
            || self.cells.iter().any(|row| row.len() > Self::MAX_LEVELS);
        if too_big {
            // Past the limit, one problem says it all.
            problems.push(Problem::new(
                "cells",
                format!(
                    "more than {0} × {0} cells; a matrix has 3 to {0} rows and columns",
                    Self::MAX_LEVELS
                ),
            ));
        } else {
            for (i, row) in self.cells.iter().enumerate() {
                if row.len() != self.urgencies.len() {
                    problems.push(Problem::new(
                        format!("cells[{i}]"),
                        format!("{} cells for {} urgencies", row.len(), self.urgencies.len()),
                    ));
                }
                for (u, cell) in row.iter().enumerate() {
                    if !in_range(*cell) {
                        problems.push(Problem::new(
                            format!("cells[{i}][{u}]"),
                            format!("P{cell} is not one of P1 to P{}", self.priorities),
                        ));
                    }
                }
            }
            if !self.allow_non_monotone {
                problems.extend(self.monotonicity_problems());
            }
        }
        let mut below: Option<(Severity, u8)> = None;
        for (severity, floor) in &self.severity_floor {
            let path = format!("severity_floor.{severity}");
            if !in_range(*floor) {
                problems.push(Problem::new(
                    path,
                    format!("P{floor} is not one of P1 to P{}", self.priorities),
                ));
            } else if let Some((lower, lower_floor)) = below.filter(|(_, f)| f < floor) {
                problems.push(Problem::new(
                    path,
                    format!(
                        "P{floor} is less pressing than the floor P{lower_floor} of {lower}, \
                         which a more severe case gets too"
                    ),
                ));
            }
            below = Some(below.map_or((*severity, *floor), |(s, f)| {
                if *floor <= f {
                    (*severity, *floor)
                } else {
                    (s, f)
                }
            }));
        }
        problems
    }

    /// A cell more pressing than the cell above it (higher impact) or to its left
    /// (more urgent) means that raising the impact or urgency lowers the priority.
    fn monotonicity_problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (i, row) in self.cells.iter().enumerate() {
            for (u, cell) in row.iter().enumerate() {
                let above = i.checked_sub(1).and_then(|up| self.cells.get(up)?.get(u));
                let left = u.checked_sub(1).and_then(|l| row.get(l));
                for (neighbour, what, path) in [
                    (
                        above,
                        "a higher impact",
                        format!("cells[{}][{u}]", i.saturating_sub(1)),
                    ),
                    (
                        left,
                        "a higher urgency",
                        format!("cells[{i}][{}]", u.saturating_sub(1)),
                    ),
                ] {
                    if let Some(neighbour) = neighbour.filter(|n| **n > *cell) {
                        problems.push(Problem::new(
                            format!("cells[{i}][{u}]"),
                            format!(
                                "P{cell} is more pressing than P{neighbour} at {path}, for {what}; \
                                 set `allow_non_monotone` if that is meant"
                            ),
                        ));
                    }
                }
            }
        }
        problems
    }
}
