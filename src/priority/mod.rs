//! Severity, and later priority and escalation ladders.
//!
//! For now this module holds the ordered [`Severity`] scale that the case aggregate
//! records at intake and on reassessment. The severity *rules* (facts in, severity
//! out, with the rules that fired) and the impact × urgency matrix build on it. This
//! module knows nothing of cases: it maps facts to levels.

use core::fmt;

/// How serious a case is, from [`Severity::Low`] to [`Severity::Critical`].
///
/// The order is the severity order, so `Severity::High > Severity::Medium`, and a
/// policy threshold such as "escalate at High and above" is a comparison.
///
/// # Example
/// ```
/// use casework::Severity;
///
/// assert!(Severity::Critical > Severity::High);
/// assert_eq!(Severity::ALL.iter().max(), Some(&Severity::Critical));
/// assert_eq!("high".parse::<Severity>(), Ok(Severity::High));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum Severity {
    /// Minor inconvenience; no impact beyond the customer's own request.
    #[default]
    Low,
    /// A real service failure for one customer.
    Medium,
    /// Significant harm: financial, reputational, or many customers.
    High,
    /// Safety, regulatory or legal exposure; act now.
    Critical,
}

impl Severity {
    /// Every severity, lowest first.
    pub const ALL: [Severity; 4] = [
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    /// The snake_case name used in policy files, such as `critical`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The refusal to parse a string as a [`Severity`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a severity (low, medium, high, critical)")]
pub struct ParseSeverityError {
    /// The string that was given.
    pub input: String,
}

impl core::str::FromStr for Severity {
    type Err = ParseSeverityError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|severity| severity.as_str() == s)
            .ok_or_else(|| ParseSeverityError {
                input: s.to_owned(),
            })
    }
}
