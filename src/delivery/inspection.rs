//! Inspections: a plan of criteria and a sample size, the readings an inspector
//! records, and the outcome, computed from them, never typed in.

use crate::priority::Severity;
use crate::problem::{Problem, not_blank};

/// One inspection criterion.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Criterion {
    /// Passes or fails as the inspector judges.
    PassFail {
        /// What is judged.
        name: String,
    },
    /// A measured value that passes within inclusive limits, in whole units
    /// of `unit` (use a small unit, such as `mm` or `g`, for precision).
    Measured {
        /// What is measured.
        name: String,
        /// The unit.
        unit: String,
        /// The lowest passing value.
        min: i64,
        /// The highest passing value.
        max: i64,
    },
    /// A count of defects that passes at or below a maximum.
    DefectCount {
        /// What is counted.
        name: String,
        /// The most defects that pass.
        max: u32,
    },
}

impl Criterion {
    /// The criterion's name.
    #[must_use]
    pub fn name(&self) -> &str {
        match self {
            Criterion::PassFail { name }
            | Criterion::Measured { name, .. }
            | Criterion::DefectCount { name, .. } => name,
        }
    }
}

/// An inspection plan: the criteria, and how many samples are inspected. The
/// readings are one per criterion, across the samples (the worst value
/// measured, the defects counted over all of them).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct InspectionPlan {
    /// What the inspection is of, such as `final inspection`.
    pub name: String,
    /// The criteria, at least one.
    pub criteria: Vec<Criterion>,
    /// How many samples are inspected, from 1.
    pub sample_size: u32,
}

impl InspectionPlan {
    /// Every problem with the plan, by path: a blank name, no criteria, a
    /// blank or repeated criterion name, limits the wrong way round, or a zero
    /// sample size.
    #[must_use]
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        not_blank(&mut problems, "name", &self.name);
        if self.criteria.is_empty() {
            problems.push(Problem::new("criteria", "needs at least one criterion"));
        }
        for (i, criterion) in self.criteria.iter().enumerate() {
            let path = format!("criteria[{i}]");
            not_blank(&mut problems, &format!("{path}.name"), criterion.name());
            if self
                .criteria
                .iter()
                .take(i)
                .any(|c| c.name() == criterion.name())
            {
                problems.push(Problem::new(format!("{path}.name"), "is listed twice"));
            }
            if let Criterion::Measured { min, max, .. } = criterion {
                if min > max {
                    problems.push(Problem::new(
                        format!("{path}.min"),
                        format!("{min} is above the maximum {max}"),
                    ));
                }
            }
        }
        if self.sample_size == 0 {
            problems.push(Problem::new("sample_size", "inspect at least one sample"));
        }
        problems
    }

    /// The outcome of `readings`, one per criterion in the plan's order, and
    /// the `defects` found: a pure function of the plan, the readings and the
    /// defects. A critical defect fails the inspection whatever the readings
    /// say; a defect count below the defects listed is refused.
    ///
    /// # Errors
    /// Every problem, by path: a reading missing or extra, or of the wrong kind
    /// for its criterion.
    ///
    /// # Example
    /// ```
    /// use casework::delivery::{Criterion, InspectionPlan, Reading};
    ///
    /// let plan = InspectionPlan {
    ///     name: "final".into(),
    ///     criteria: vec![
    ///         Criterion::PassFail { name: "clean".into() },
    ///         Criterion::Measured { name: "torque".into(), unit: "cNm".into(), min: 450, max: 550 },
    ///         Criterion::DefectCount { name: "scratches".into(), max: 2 },
    ///     ],
    ///     sample_size: 5,
    /// };
    /// let outcome = plan.outcome(&[Reading::Pass(true), Reading::Value(560), Reading::Defects(1)], &[]).unwrap();
    /// assert!(!outcome.passed);
    /// assert_eq!(outcome.failed, ["torque"]);
    /// ```
    pub fn outcome(
        &self,
        readings: &[Reading],
        defects: &[Defect],
    ) -> Result<Outcome, Vec<Problem>> {
        let mut problems = Vec::new();
        if readings.len() != self.criteria.len() {
            problems.push(Problem::new(
                "readings",
                format!(
                    "{} readings for {} criteria",
                    readings.len(),
                    self.criteria.len()
                ),
            ));
        }
        let mut failed = Vec::new();
        for (i, (criterion, reading)) in self.criteria.iter().zip(readings).enumerate() {
            let pass = match (criterion, reading) {
                (Criterion::PassFail { .. }, Reading::Pass(pass)) => *pass,
                (Criterion::Measured { min, max, .. }, Reading::Value(value)) => {
                    (*min..=*max).contains(value)
                }
                (Criterion::DefectCount { max, .. }, Reading::Defects(count)) => {
                    if usize::try_from(*count).is_ok_and(|c| c < defects.len()) {
                        problems.push(Problem::new(
                            format!("readings[{i}]"),
                            format!("{count} defects counted, {} listed", defects.len()),
                        ));
                    }
                    count <= max
                }
                _ => {
                    problems.push(Problem::new(
                        format!("readings[{i}]"),
                        format!("is not a reading for `{}`", criterion.name()),
                    ));
                    continue;
                }
            };
            if !pass {
                failed.push(criterion.name().to_owned());
            }
        }
        for defect in defects.iter().filter(|d| d.severity == Severity::Critical) {
            failed.push(format!("critical defect: {}", defect.description));
        }
        if problems.is_empty() {
            Ok(Outcome {
                passed: failed.is_empty(),
                failed,
            })
        } else {
            Err(problems)
        }
    }
}

/// What an inspector read for one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", content = "value", rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum Reading {
    /// For a pass/fail criterion.
    Pass(bool),
    /// For a measured criterion.
    Value(i64),
    /// For a defect count.
    Defects(u32),
}

/// A defect found, with its severity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Defect {
    /// What is wrong.
    pub description: String,
    /// How bad.
    pub severity: Severity,
}

/// The outcome of an inspection.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Outcome {
    /// Whether every criterion passed.
    pub passed: bool,
    /// The criteria that failed, by name, then each critical defect.
    pub failed: Vec<String>,
}
