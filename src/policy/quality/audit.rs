//! [`AuditPolicy`]: the periodic audits of complaint handling, as data: the
//! scorecard a QA specialist scores a handled case on, the pass mark, the
//! scale, how many cases are sampled, and by when an audit is scored. The
//! audit record itself, and the sampling, are the quality module's; this
//! module knows only the rules.

use crate::problem::{Problem, in_range, short_text, within_limit};

/// One line of the audit scorecard: what is judged, and how much it counts.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Criterion {
    /// The criterion's code, which a score names: 1 to
    /// [`MAX_CODE_CHARS`](Self::MAX_CODE_CHARS) ASCII letters, digits, `_`
    /// and `-`, unique in the scorecard.
    pub code: String,
    /// What the auditor judges, in words: not blank, at most
    /// [`MAX_DESCRIPTION_CHARS`](Self::MAX_DESCRIPTION_CHARS) characters.
    pub description: String,
    /// How much it counts in the weighted score: 1 to
    /// [`MAX_WEIGHT`](Self::MAX_WEIGHT).
    pub weight: u32,
}

impl Criterion {
    /// The longest code, in characters: 64.
    pub const MAX_CODE_CHARS: usize = 64;
    /// The longest description, in characters: 500.
    pub const MAX_DESCRIPTION_CHARS: usize = 500;
    /// The largest weight: 100.
    pub const MAX_WEIGHT: u32 = 100;

    /// A criterion of `weight`.
    #[must_use]
    pub fn new(code: impl Into<String>, description: impl Into<String>, weight: u32) -> Self {
        Self {
            code: code.into(),
            description: description.into(),
            weight,
        }
    }
}

/// How each criterion is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum ScoreScale {
    /// From 0 to `max` points: 1 to [`ScoreScale::MAX_POINTS`].
    Points {
        /// The most points a criterion scores.
        max: u8,
    },
    /// Met (1) or not met (0).
    PassFail,
}

impl ScoreScale {
    /// The largest `max` of a points scale: 10.
    pub const MAX_POINTS: u8 = 10;

    /// The most a criterion scores on this scale: `max`, or 1 for pass/fail.
    #[must_use]
    pub const fn max(self) -> u8 {
        match self {
            ScoreScale::Points { max } => max,
            ScoreScale::PassFail => 1,
        }
    }
}

impl Default for ScoreScale {
    /// 0 to 4 points.
    fn default() -> Self {
        ScoreScale::Points { max: 4 }
    }
}

/// Which handled cases are audited, each month, of each agent's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Sampling {
    /// This many cases per agent per period (all of them when the agent has
    /// fewer): 1 to [`Sampling::MAX_CASES`].
    PerAgent {
        /// How many.
        cases: u32,
    },
    /// This percentage of each agent's cases per period, rounded up, so that
    /// an agent with any case has at least one audited: 1 to 100.
    Percent {
        /// The percentage.
        percent: u8,
    },
}

impl Sampling {
    /// The most cases per agent per period: 1000.
    pub const MAX_CASES: u32 = 1000;

    /// How many of `candidates` cases are sampled: at most `candidates`; a
    /// percentage rounded up.
    #[must_use]
    pub fn quota(self, candidates: usize) -> usize {
        match self {
            Sampling::PerAgent { cases } => {
                usize::try_from(cases).map_or(candidates, |cases| cases.min(candidates))
            }
            Sampling::Percent { percent } => {
                let percent = usize::from(percent.min(100));
                candidates
                    .saturating_mul(percent)
                    .div_ceil(100)
                    .min(candidates)
            }
        }
    }
}

impl Default for Sampling {
    /// Two cases per agent per month.
    fn default() -> Self {
        Sampling::PerAgent { cases: 2 }
    }
}

/// The rules of the periodic audits of complaint handling. Every field may be
/// left out in a policy file (`quality.audit`), taking the SOP default:
/// ```json
/// { "pass_mark": 75, "sampling": { "rule": "percent", "percent": 5 },
///   "scale": { "kind": "pass_fail" } }
/// ```
///
/// # Example
/// ```
/// use casework::quality::audit::{AuditPolicy, Criterion, Sampling};
/// use casework::PolicySpec;
///
/// let audit = AuditPolicy::sop_default();
/// assert_eq!((audit.pass_mark, audit.sampling), (80, Sampling::PerAgent { cases: 2 }));
/// assert_eq!(audit.scorecard.len(), 7);
///
/// let mut spec = PolicySpec::sop_default();
/// spec.quality.audit.scorecard.push(Criterion::new("acknowledged_in_time", "Twice", 0));
/// spec.quality.audit.pass_mark = 101;
/// let refused = spec.compile().unwrap_err();
/// let paths: Vec<&str> = refused.problems.iter().map(|p| p.path.as_str()).collect();
/// assert_eq!(paths, [
///     "quality.audit.scorecard[7].code",
///     "quality.audit.scorecard[7].weight",
///     "quality.audit.pass_mark",
/// ]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct AuditPolicy {
    /// The criteria a case is scored on: 1 to
    /// [`MAX_CRITERIA`](Self::MAX_CRITERIA), their codes unique.
    pub scorecard: Vec<Criterion>,
    /// How each criterion is scored.
    pub scale: ScoreScale,
    /// The weighted score, in percent of the most it could be, at and above
    /// which an audit passes: 0 to 100.
    pub pass_mark: u8,
    /// Which cases are sampled for audit.
    pub sampling: Sampling,
    /// How many calendar days after it is opened an audit is to be scored,
    /// else the scheduler records it overdue: 1 to 365.
    pub score_within_days: u32,
}

impl Default for AuditPolicy {
    fn default() -> Self {
        Self::sop_default()
    }
}

impl AuditPolicy {
    /// The most criteria a scorecard may have: 50.
    pub const MAX_CRITERIA: usize = 50;

    /// The SOP default: a complaint-handling scorecard of seven criteria
    /// scored 0 to 4, passing at 80 %, two cases per agent per month, scored
    /// within 14 days:
    ///
    /// | code | weight |
    /// |---|---|
    /// | `acknowledged_in_time`: acknowledged within 24 hours | 2 |
    /// | `categorised_correctly`: correct category, severity and priority | 2 |
    /// | `root_cause_recorded` | 2 |
    /// | `resolution_complete`: the resolution is clear and complete | 3 |
    /// | `customer_informed`: the customer was kept informed | 2 |
    /// | `followed_up` | 1 |
    /// | `record_complete` | 1 |
    #[must_use]
    pub fn sop_default() -> Self {
        Self {
            scorecard: vec![
                Criterion::new(
                    "acknowledged_in_time",
                    "The complaint was acknowledged within 24 hours",
                    2,
                ),
                Criterion::new(
                    "categorised_correctly",
                    "The category, severity and priority are correct",
                    2,
                ),
                Criterion::new(
                    "root_cause_recorded",
                    "The root cause was investigated and recorded",
                    2,
                ),
                Criterion::new(
                    "resolution_complete",
                    "The resolution is clear, complete and addresses the complaint",
                    3,
                ),
                Criterion::new(
                    "customer_informed",
                    "The customer was kept informed throughout",
                    2,
                ),
                Criterion::new(
                    "followed_up",
                    "The follow-up was done, and any concern acted on",
                    1,
                ),
                Criterion::new(
                    "record_complete",
                    "The record is complete: notes, communications and links",
                    1,
                ),
            ],
            scale: ScoreScale::default(),
            pass_mark: 80,
            sampling: Sampling::default(),
            score_within_days: 14,
        }
    }

    /// The criterion of `code`, if the scorecard has one.
    #[must_use]
    pub fn criterion(&self, code: &str) -> Option<&Criterion> {
        self.scorecard.iter().find(|c| c.code == code)
    }

    /// Every problem, with its path from this policy.
    #[must_use]
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if self.scorecard.is_empty() {
            problems.push(Problem::new("scorecard", "needs at least one criterion"));
        }
        // A list past its limit is one problem; its entries are not checked.
        let criteria = within_limit(
            &mut problems,
            "scorecard",
            &self.scorecard,
            Self::MAX_CRITERIA,
        );
        for (i, criterion) in criteria.iter().enumerate() {
            let at = |field: &str| format!("scorecard[{i}].{field}");
            let code = &criterion.code;
            let plain = code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if code.is_empty() || code.len() > Criterion::MAX_CODE_CHARS || !plain {
                problems.push(Problem::new(
                    at("code"),
                    format!(
                        "a criterion's code is 1 to {} ASCII letters, digits, `_` and `-`",
                        Criterion::MAX_CODE_CHARS
                    ),
                ));
            } else if criteria.iter().take(i).any(|c| c.code == *code) {
                problems.push(Problem::new(
                    at("code"),
                    format!("`{code}` is listed twice"),
                ));
            }
            short_text(
                &mut problems,
                &at("description"),
                &criterion.description,
                Criterion::MAX_DESCRIPTION_CHARS,
            );
            in_range(
                &mut problems,
                &at("weight"),
                criterion.weight,
                1,
                Criterion::MAX_WEIGHT,
            );
        }
        if let ScoreScale::Points { max } = self.scale {
            in_range(&mut problems, "scale.max", max, 1, ScoreScale::MAX_POINTS);
        }
        in_range(&mut problems, "pass_mark", self.pass_mark, 0, 100);
        match self.sampling {
            Sampling::PerAgent { cases } => {
                in_range(
                    &mut problems,
                    "sampling.cases",
                    cases,
                    1,
                    Sampling::MAX_CASES,
                );
            }
            Sampling::Percent { percent } => {
                in_range(&mut problems, "sampling.percent", percent, 1, 100);
            }
        }
        in_range(
            &mut problems,
            "score_within_days",
            self.score_within_days,
            1,
            365,
        );
        problems
    }
}
