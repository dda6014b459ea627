//! Risk: severity, occurrence and detection, each rated 1 to 10, give a risk
//! priority number (RPN) from 1 to 1000, as in an FMEA.
//!
//! This module knows nothing of the records that carry a risk.

use core::fmt;

/// A rating from 1 (least) to 10 (most). For detection, 10 means the problem is
/// hardest to detect before it reaches the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Rating(pub u8);

impl Rating {
    /// Whether the rating is from 1 to 10.
    #[must_use]
    pub const fn is_valid(self) -> bool {
        self.0 >= 1 && self.0 <= 10
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// A risk assessment: severity × occurrence × detection is the RPN.
///
/// # Example
/// ```
/// use casework::quality::{Rating, RiskAssessment};
///
/// let risk = RiskAssessment { severity: Rating(8), occurrence: Rating(3), detection: Rating(5) };
/// assert_eq!(risk.rpn(), 120);
/// assert!(risk.problems().is_empty());
/// assert_eq!(RiskAssessment { detection: Rating(11), ..risk }.problems().len(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct RiskAssessment {
    /// How bad the effect is.
    pub severity: Rating,
    /// How often the cause occurs.
    pub occurrence: Rating,
    /// How hard it is to detect before it reaches the customer.
    pub detection: Rating,
}

impl RiskAssessment {
    /// The risk priority number: the product of the three ratings, 1 to 1000 for
    /// valid ratings (and never an overflow for others).
    #[must_use]
    pub const fn rpn(&self) -> u32 {
        self.severity.0 as u32 * self.occurrence.0 as u32 * self.detection.0 as u32
    }

    /// Every rating outside 1 to 10, by field name.
    #[must_use]
    pub fn problems(&self) -> Vec<crate::Problem> {
        [
            ("severity", self.severity),
            ("occurrence", self.occurrence),
            ("detection", self.detection),
        ]
        .into_iter()
        .filter(|(_, rating)| !rating.is_valid())
        .map(|(field, rating)| {
            crate::Problem::new(field, format!("{rating} is not a rating from 1 to 10"))
        })
        .collect()
    }
}
