//! Root-cause analysis as typed data: a 5-why chain, fishbone (Ishikawa)
//! causes, and the root-cause category that repeat detection and trends count.
//!
//! This module knows nothing of the records that carry an analysis.

use crate::problem::Problem;

/// The six fishbone (Ishikawa) categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum FishboneCategory {
    /// Skills, training, staffing.
    People,
    /// The procedure, the SOP.
    Method,
    /// Equipment and systems.
    Machine,
    /// Inputs and supplies.
    Material,
    /// How it was measured or inspected.
    Measurement,
    /// Surroundings: place, time, conditions.
    Environment,
}

impl FishboneCategory {
    /// The snake_case name, such as `measurement`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            FishboneCategory::People => "people",
            FishboneCategory::Method => "method",
            FishboneCategory::Machine => "machine",
            FishboneCategory::Material => "material",
            FishboneCategory::Measurement => "measurement",
            FishboneCategory::Environment => "environment",
        }
    }
}

crate::name::display_by_name!(FishboneCategory);

/// One cause on the fishbone.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct FishboneCause {
    /// Which bone.
    pub category: FishboneCategory,
    /// The cause.
    pub cause: String,
}

/// The most whys a chain may hold.
pub const MAX_WHYS: usize = 10;

/// A root-cause analysis.
///
/// # Example
/// ```
/// use casework::quality::{FishboneCategory, FishboneCause, RootCauseAnalysis};
///
/// let analysis = RootCauseAnalysis {
///     whys: vec![
///         "The parcel left late".into(),
///         "The picking list was printed late".into(),
///         "The print job waits for the nightly batch".into(),
///     ],
///     fishbone: vec![FishboneCause { category: FishboneCategory::Method, cause: "Nightly batch".into() }],
///     category: "process".into(),
/// };
/// assert!(analysis.problems(&["process", "supplier"]).is_empty());
/// assert_eq!(analysis.problems(&["supplier"])[0].path, "category");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct RootCauseAnalysis {
    /// The 5-why chain, from the symptom to the root cause: 1 to
    /// [`MAX_WHYS`] answers.
    pub whys: Vec<String>,
    /// Causes by fishbone category; may be empty.
    #[cfg_attr(feature = "serde", serde(default))]
    pub fishbone: Vec<FishboneCause>,
    /// The root-cause category, from the policy's list.
    pub category: String,
}

impl RootCauseAnalysis {
    /// Every problem, by field path: no whys or more than [`MAX_WHYS`], a blank
    /// why or cause, or a category not among `categories`.
    #[must_use]
    pub fn problems(&self, categories: &[&str]) -> Vec<Problem> {
        let mut problems = Vec::new();
        if self.whys.is_empty() || self.whys.len() > MAX_WHYS {
            problems.push(Problem::new(
                "whys",
                format!("{} whys; a chain has 1 to {MAX_WHYS}", self.whys.len()),
            ));
        }
        for (i, why) in self.whys.iter().enumerate() {
            if why.trim().is_empty() {
                problems.push(Problem::new(format!("whys[{i}]"), "is blank"));
            }
        }
        for (i, cause) in self.fishbone.iter().enumerate() {
            if cause.cause.trim().is_empty() {
                problems.push(Problem::new(format!("fishbone[{i}].cause"), "is blank"));
            }
        }
        if !categories.contains(&self.category.as_str()) {
            problems.push(Problem::new(
                "category",
                format!(
                    "`{}` is not one of the policy's root-cause categories",
                    self.category
                ),
            ));
        }
        problems
    }
}
