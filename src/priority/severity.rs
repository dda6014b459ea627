//! [`Severity`], the facts it is assessed from, and [`SeverityRule`]s: data rules
//! that each set a minimum severity when their condition holds.

use chrono::{DateTime, TimeDelta, Utc};

use crate::channel::Channel;
use crate::problem::{Problem, too_many};

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
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
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

crate::name::named!(Severity, "severity");

crate::name::display_by_name!(Severity);

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

/// What is known about a case when its severity is assessed, at intake or on
/// reassessment. The rules of the policy read it; [`SeverityRules::assess`] turns it
/// into a severity.
///
/// The channel and category come from the case; the rest from the person logging
/// it, or the caller's systems (the customer's tier and earlier complaints).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct SeverityFacts {
    /// The severity staff assessed, if any: a floor the rules can only raise.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub assessed: Option<Severity>,
    /// Someone's health or safety is, or may be, at risk.
    pub safety_issue: bool,
    /// The case is regulatory or must be reported to an authority.
    pub regulatory: bool,
    /// The financial impact, in the desk's currency's minor units (cents).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub financial_impact: Option<u64>,
    /// How many customers are affected; 0 or 1 for a single customer.
    pub customers_affected: u32,
    /// The customer's tier in the caller's CRM, such as `key_account`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub customer_tier: Option<String>,
    /// When the same customer's earlier complaints were received; the repeat rule
    /// counts those within its window.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub earlier_complaints: Vec<DateTime<Utc>>,
}

/// Whether `category` is the category `code` or one of its children: `billing`
/// holds `billing` and `billing/refund`, not `billings`.
pub(crate) fn in_category(category: &str, code: &str) -> bool {
    category
        .strip_prefix(code)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The case-side facts a rule may read besides [`SeverityFacts`].
#[derive(Debug, Clone, Copy)]
pub struct CaseFacts<'a> {
    /// The channel the case came in on.
    pub channel: &'a Channel,
    /// The case's category code.
    pub category: &'a str,
    /// When the case was received: the end of the repeat rule's window.
    pub received_at: DateTime<Utc>,
}

/// When a severity rule fires.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "fact", rename_all = "snake_case", deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Condition {
    /// A safety issue.
    SafetyIssue,
    /// Regulatory or reportable.
    Regulatory,
    /// The financial impact is above `amount` minor units.
    FinancialImpactAbove {
        /// The threshold, in minor units: at most
        /// [`Condition::MAX_AMOUNT`], the largest integer that every JSON
        /// reader keeps exactly.
        amount: u64,
    },
    /// At least `count` customers are affected.
    CustomersAffected {
        /// The threshold: from 1 (0 would always hold) to `u32::MAX`, the
        /// most customers a case's facts can count.
        count: u32,
    },
    /// The customer is in one of these tiers.
    CustomerTier {
        /// The tiers: 1 to [`Condition::MAX_NAMES`].
        tiers: Vec<String>,
    },
    /// The customer complained at least `count` times before, within `days`
    /// calendar days before this case was received.
    RepeatComplaint {
        /// Earlier complaints needed: from 1 (0 would always hold) to
        /// `u32::MAX`, the most a case's facts can count.
        count: u32,
        /// The window, in days: 1 to 3660 (about ten years).
        days: u32,
    },
    /// The case came in on a public channel (social media).
    PublicChannel,
    /// The case's category is one of these, or a child of one.
    Category {
        /// Category codes, each a category of the case policy: 1 to
        /// [`Condition::MAX_NAMES`].
        categories: Vec<String>,
    },
}

impl Condition {
    /// The largest [`FinancialImpactAbove`](Self::FinancialImpactAbove)
    /// amount: 2⁵³ − 1 minor units, the largest integer that every JSON reader
    /// (JavaScript's among them) keeps exactly, so that a policy edited by
    /// such a tool keeps its threshold.
    pub const MAX_AMOUNT: u64 = (1 << 53) - 1;

    /// The most tiers or categories one condition may name: 64.
    pub const MAX_NAMES: usize = 64;

    /// Whether the condition holds for these facts.
    #[must_use]
    pub fn holds(&self, facts: &SeverityFacts, case: CaseFacts<'_>) -> bool {
        match self {
            Condition::SafetyIssue => facts.safety_issue,
            Condition::Regulatory => facts.regulatory,
            Condition::FinancialImpactAbove { amount } => facts
                .financial_impact
                .is_some_and(|impact| impact > *amount),
            Condition::CustomersAffected { count } => facts.customers_affected >= *count,
            Condition::CustomerTier { tiers } => facts
                .customer_tier
                .as_ref()
                .is_some_and(|tier| tiers.contains(tier)),
            Condition::RepeatComplaint { count, days } => {
                // A window reaching before the first representable instant covers
                // everything before the receipt.
                let since = case
                    .received_at
                    .checked_sub_signed(TimeDelta::days(i64::from(*days)))
                    .unwrap_or(DateTime::<Utc>::MIN_UTC);
                let within = facts
                    .earlier_complaints
                    .iter()
                    .filter(|at| **at >= since && **at < case.received_at)
                    .count();
                u32::try_from(within).unwrap_or(u32::MAX) >= *count
            }
            Condition::PublicChannel => case.channel.is_public(),
            Condition::Category { categories } => categories
                .iter()
                .any(|code| in_category(case.category, code)),
        }
    }

    fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        match self {
            Condition::CustomersAffected { count: 0 } => {
                problems.push(Problem::new(
                    "count",
                    "0 customers always holds; use at least 1",
                ));
            }
            Condition::FinancialImpactAbove { amount } if *amount > Self::MAX_AMOUNT => {
                problems.push(Problem::new(
                    "amount",
                    format!("{amount} is more than {}", Self::MAX_AMOUNT),
                ));
            }
            Condition::CustomerTier { tiers } if tiers.is_empty() => {
                problems.push(Problem::new("tiers", "name at least one tier"));
            }
            Condition::CustomerTier { tiers } => {
                too_many(&mut problems, "tiers", tiers.len(), Self::MAX_NAMES);
            }
            Condition::RepeatComplaint { count, days } => {
                if *count == 0 {
                    problems.push(Problem::new(
                        "count",
                        "0 earlier complaints always holds; use at least 1",
                    ));
                }
                if !(1..=3660).contains(days) {
                    problems.push(Problem::new(
                        "days",
                        format!("{days} is not between 1 and 3660 days"),
                    ));
                }
            }
            Condition::Category { categories } if categories.is_empty() => {
                problems.push(Problem::new("categories", "name at least one category"));
            }
            Condition::Category { categories } => {
                too_many(
                    &mut problems,
                    "categories",
                    categories.len(),
                    Self::MAX_NAMES,
                );
            }
            _ => {}
        }
        problems
    }
}

/// One severity rule: a name for explanations, a condition, and the minimum
/// severity it sets when the condition holds.
///
/// ```json
/// { "name": "safety", "when": { "fact": "safety_issue" }, "min": "critical" }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct SeverityRule {
    /// A short name, unique in the policy, that explanations show.
    pub name: String,
    /// When it fires.
    pub when: Condition,
    /// The severity it sets at least.
    pub min: Severity,
}

impl SeverityRule {
    /// A rule.
    #[must_use]
    pub fn new(name: impl Into<String>, when: Condition, min: Severity) -> Self {
        Self {
            name: name.into(),
            when,
            min,
        }
    }
}

/// The severity rules of a policy, with the severity a case gets when none fires.
///
/// # Example
/// ```
/// use casework::priority::{CaseFacts, SeverityFacts, SeverityRules};
/// use casework::{Channel, Severity};
/// use chrono::{TimeZone, Utc};
///
/// let rules = SeverityRules::sop_default();
/// let facts = SeverityFacts { customers_affected: 12, ..SeverityFacts::default() };
/// let case = CaseFacts {
///     channel: &Channel::SocialMedia,
///     category: "delivery/late",
///     received_at: Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap(),
/// };
/// let assessment = rules.assess(&facts, case);
/// assert_eq!(assessment.severity, Severity::High);
/// assert_eq!(assessment.fired, ["many_customers", "public_channel"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct SeverityRules {
    /// The severity when no rule fires and staff assessed none.
    pub baseline: Severity,
    /// The rules, in the order explanations list them: at most
    /// [`MAX_RULES`](Self::MAX_RULES).
    pub rules: Vec<SeverityRule>,
}

impl Default for SeverityRules {
    fn default() -> Self {
        Self::sop_default()
    }
}

/// The name [`SeverityRules::assess`] gives the staff's own assessment when it
/// sets the severity floor.
pub const ASSESSED_BY_STAFF: &str = "assessed";

/// A severity, and the rules that fired to give it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct SeverityAssessment {
    /// The highest of the baseline, the staff's assessment and the fired rules'
    /// minimums.
    pub severity: Severity,
    /// The names of the rules that fired, in policy order; [`ASSESSED_BY_STAFF`]
    /// first when staff assessed a severity.
    pub fired: Vec<String>,
}

impl SeverityAssessment {
    /// Why the severity is what it is, in words.
    #[must_use]
    pub fn explain(&self) -> String {
        if self.fired.is_empty() {
            format!("{}: no rule fired", self.severity)
        } else {
            format!("{}: {}", self.severity, self.fired.join(", "))
        }
    }
}

impl SeverityRules {
    /// The most rules a policy may have: 64.
    pub const MAX_RULES: usize = 64;

    /// The SOP defaults:
    ///
    /// | rule | when | at least |
    /// |---|---|---|
    /// | `safety` | a safety issue | critical |
    /// | `regulatory` | regulatory or reportable | high |
    /// | `financial_impact` | above 1,000.00 | high |
    /// | `many_customers` | 10 or more customers affected | high |
    /// | `widespread` | 100 or more customers affected | critical |
    /// | `key_account` | tier `key_account` | medium |
    /// | `repeat_complaint` | 2 earlier complaints in 90 days | medium |
    /// | `public_channel` | social media | medium |
    /// | `staff_conduct` | category `service/staff_conduct` | medium |
    ///
    /// The baseline is low.
    #[must_use]
    pub fn sop_default() -> Self {
        use Condition as C;
        use Severity as S;
        Self {
            baseline: S::Low,
            rules: vec![
                SeverityRule::new("safety", C::SafetyIssue, S::Critical),
                SeverityRule::new("regulatory", C::Regulatory, S::High),
                SeverityRule::new(
                    "financial_impact",
                    C::FinancialImpactAbove { amount: 100_000 },
                    S::High,
                ),
                SeverityRule::new(
                    "many_customers",
                    C::CustomersAffected { count: 10 },
                    S::High,
                ),
                SeverityRule::new(
                    "widespread",
                    C::CustomersAffected { count: 100 },
                    S::Critical,
                ),
                SeverityRule::new(
                    "key_account",
                    C::CustomerTier {
                        tiers: vec!["key_account".to_owned()],
                    },
                    S::Medium,
                ),
                SeverityRule::new(
                    "repeat_complaint",
                    C::RepeatComplaint { count: 2, days: 90 },
                    S::Medium,
                ),
                SeverityRule::new("public_channel", C::PublicChannel, S::Medium),
                SeverityRule::new(
                    "staff_conduct",
                    C::Category {
                        categories: vec!["service/staff_conduct".to_owned()],
                    },
                    S::Medium,
                ),
            ],
        }
    }

    /// Assesses the facts: the highest of the baseline, the staff's assessment and
    /// the minimums of the rules that fire, with the names of those rules.
    #[must_use]
    pub fn assess(&self, facts: &SeverityFacts, case: CaseFacts<'_>) -> SeverityAssessment {
        let mut severity = self.baseline;
        let mut fired = Vec::new();
        if let Some(assessed) = facts.assessed {
            severity = severity.max(assessed);
            fired.push(ASSESSED_BY_STAFF.to_owned());
        }
        for rule in &self.rules {
            if rule.when.holds(facts, case) {
                severity = severity.max(rule.min);
                fired.push(rule.name.clone());
            }
        }
        SeverityAssessment { severity, fired }
    }

    /// Every problem with the rules, with its path (`rules[2].when.days`).
    #[must_use]
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if too_many(&mut problems, "rules", self.rules.len(), Self::MAX_RULES) {
            return problems;
        }
        for (i, rule) in self.rules.iter().enumerate() {
            let at = format!("rules[{i}]");
            if rule.name.trim().is_empty() {
                problems.push(Problem::new(format!("{at}.name"), "must not be blank"));
            } else if rule.name == ASSESSED_BY_STAFF {
                problems.push(Problem::new(
                    format!("{at}.name"),
                    format!("`{ASSESSED_BY_STAFF}` names the staff's assessment"),
                ));
            } else if self.rules.iter().take(i).any(|r| r.name == rule.name) {
                problems.push(Problem::new(
                    format!("{at}.name"),
                    format!("`{}` is used by an earlier rule", rule.name),
                ));
            }
            problems.extend(
                rule.when
                    .problems()
                    .into_iter()
                    .map(|p| p.within(&format!("{at}.when"))),
            );
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::Severity;
    use crate::name::checks::in_declaration_order;

    #[test]
    fn the_severities_are_named_in_declaration_order() {
        in_declaration_order(|s: Severity| s as usize);
        #[cfg(feature = "serde")]
        crate::name::checks::round_trip::<Severity>();
    }
}
