//! [`KpiPolicy`]: the KPI targets a desk sets ("set targets", "measure
//! performance"), as data: what each target measures, the bound it sets, and
//! the margin within which a figure that meets it is at risk.
//!
//! This module holds the targets and checks them; it knows nothing of how the
//! figures are computed: the KPI module, a layer above, evaluates a report
//! against them and re-exports these types.

use super::feedback::RatingScale;
use crate::problem::{Problem, in_range, within_limit};
use crate::sla::MAX_MINUTES;

/// Which clock a duration is counted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum Clock {
    /// The wall clock: every minute counts, nights and weekends too.
    Wall,
    /// Business time on the policy's business calendar
    /// ([`PolicySpec::calendar`](crate::PolicySpec::calendar)).
    Business,
}

/// The unit a target's bound and at-risk margin are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Unit {
    /// Percent of the cases the measure counts, from 0 to 100; a margin in
    /// percentage points.
    Percent,
    /// Tenths of a rating point, such as 42 for an average of 4.2; a margin
    /// in tenths.
    Tenths,
}

impl Unit {
    /// How many of the unit make one: 100 percent, 10 tenths.
    #[must_use]
    pub const fn per_one(self) -> u32 {
        match self {
            Unit::Percent => 100,
            Unit::Tenths => 10,
        }
    }
}

/// What a target measures. Every measure is a share of whole numbers
/// (a `Ratio` of the KPI report), so a target is judged exactly.
///
/// In a policy file, a measure without parameters is its name, and one with
/// parameters an object under its name:
/// ```json
/// "resolution_rate"
/// { "acknowledged_within": { "minutes": 240, "clock": "business" } }
/// { "sla_met": "resolution" }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case", deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Measure {
    /// Of the cases acknowledged, those first acknowledged within `minutes`
    /// of their receipt (at most, inclusive), on `clock`. A case not yet
    /// acknowledged is not counted: a case overdue for its acknowledgement
    /// shows in the `first_response` SLA metric's compliance instead.
    AcknowledgedWithin {
        /// The time allowed, in minutes: 1 to a year
        /// ([`sla::MAX_MINUTES`](crate::sla::MAX_MINUTES)).
        minutes: u32,
        /// Which clock the time is counted on.
        clock: Clock,
    },
    /// Of the cases resolved, those first resolved within `minutes` of their
    /// receipt (at most, inclusive), on `clock`. A case not yet resolved is
    /// not counted.
    ResolvedWithin {
        /// The time allowed, in minutes: 1 to a year
        /// ([`sla::MAX_MINUTES`](crate::sla::MAX_MINUTES)).
        minutes: u32,
        /// Which clock the time is counted on.
        clock: Clock,
    },
    /// Of all cases, those resolved at least once.
    ResolutionRate,
    /// Of the resolved cases, those resolved at first contact and never
    /// reopened.
    FirstContactResolution,
    /// Of the resolved cases, those reopened at least once.
    ReopenRate,
    /// Of all cases, those escalated at least once.
    EscalationRate,
    /// Of the resolved cases that were promised a time, those first resolved
    /// by the latest time promised.
    PromisesKept,
    /// Of the follow-ups recorded, those that carried a rating.
    ResponseRate,
    /// The average rating of the follow-ups, in tenths of a point
    /// ([`Unit::Tenths`]): the only measure not in percent.
    CsatAverage,
    /// Of the finished cases, those that never breached the named SLA metric,
    /// one of the policy's `sla.metrics`.
    SlaMet(String),
}

impl Measure {
    /// The unit a target on this measure is written in: tenths of a point for
    /// [`CsatAverage`](Measure::CsatAverage), percent for every other.
    #[must_use]
    pub const fn unit(&self) -> Unit {
        match self {
            Measure::CsatAverage => Unit::Tenths,
            Measure::AcknowledgedWithin { .. }
            | Measure::ResolvedWithin { .. }
            | Measure::ResolutionRate
            | Measure::FirstContactResolution
            | Measure::ReopenRate
            | Measure::EscalationRate
            | Measure::PromisesKept
            | Measure::ResponseRate
            | Measure::SlaMet(_) => Unit::Percent,
        }
    }

    /// The snake_case name of the measure, as a policy file writes it, such
    /// as `acknowledged_within`.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        match self {
            Measure::AcknowledgedWithin { .. } => "acknowledged_within",
            Measure::ResolvedWithin { .. } => "resolved_within",
            Measure::ResolutionRate => "resolution_rate",
            Measure::FirstContactResolution => "first_contact_resolution",
            Measure::ReopenRate => "reopen_rate",
            Measure::EscalationRate => "escalation_rate",
            Measure::PromisesKept => "promises_kept",
            Measure::ResponseRate => "response_rate",
            Measure::CsatAverage => "csat_average",
            Measure::SlaMet(_) => "sla_met",
        }
    }
}

/// The bound a target sets on its measure, in the measure's [`Unit`].
///
/// ```json
/// { "at_least": 95 }
/// { "at_most": 5 }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum Goal {
    /// The figure is to be this or more, such as a resolution rate of at
    /// least 90 %.
    AtLeast(u32),
    /// The figure is to be this or less, such as a reopen rate of at most 5 %.
    AtMost(u32),
}

impl Goal {
    /// The bound, whichever way it points.
    #[must_use]
    pub const fn value(self) -> u32 {
        match self {
            Goal::AtLeast(value) | Goal::AtMost(value) => value,
        }
    }
}

/// One KPI target: a measure, a bound, and the margin within which a figure
/// that meets the bound is at risk of missing it.
///
/// A figure is judged so, with `g` the bound and `m` the margin, both in the
/// measure's unit:
/// - at least `g`: missed below `g`; at risk from `g` up to, not including,
///   `g + m`; met from `g + m`;
/// - at most `g`: missed above `g`; at risk from `g` down to, not including,
///   `g − m`; met at `g − m` or less.
///
/// With no margin a figure is met or missed, never at risk. With no cases to
/// measure it has no data.
///
/// ```json
/// { "measure": { "acknowledged_within": { "minutes": 1440, "clock": "wall" } },
///   "goal": { "at_least": 95 }, "at_risk": 3 }
/// ```
///
/// # Example
/// ```
/// use casework::kpi::{Goal, KpiTarget, Measure};
///
/// let reopens = KpiTarget::at_most(Measure::ReopenRate, 5).at_risk(2);
/// assert_eq!((reopens.goal, reopens.at_risk), (Goal::AtMost(5), 2));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct KpiTarget {
    /// What is measured.
    pub measure: Measure,
    /// The bound: from 0 to 100 in percent, or within the rating scale in
    /// tenths of a point.
    pub goal: Goal,
    /// How close to the bound a figure that meets it is at risk, in the
    /// measure's unit: 0 (never at risk) to 100. Left out, 0.
    #[cfg_attr(feature = "serde", serde(default))]
    pub at_risk: u32,
}

impl KpiTarget {
    /// A target that `measure` be `value` or more, never at risk.
    #[must_use]
    pub const fn at_least(measure: Measure, value: u32) -> Self {
        Self {
            measure,
            goal: Goal::AtLeast(value),
            at_risk: 0,
        }
    }

    /// A target that `measure` be `value` or less, never at risk.
    #[must_use]
    pub const fn at_most(measure: Measure, value: u32) -> Self {
        Self {
            measure,
            goal: Goal::AtMost(value),
            at_risk: 0,
        }
    }

    /// The same target, at risk within `margin` of its bound.
    #[must_use]
    pub const fn at_risk(mut self, margin: u32) -> Self {
        self.at_risk = margin;
        self
    }
}

/// The KPI targets of a desk.
///
/// ```json
/// { "targets": [ { "measure": "resolution_rate", "goal": { "at_least": 90 }, "at_risk": 5 } ] }
/// ```
///
/// # Example
/// ```
/// use casework::kpi::{KpiPolicy, Measure};
///
/// let sop = KpiPolicy::sop_default();
/// assert!(sop.targets.iter().any(|t| t.measure == Measure::ResolutionRate));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct KpiPolicy {
    /// The targets, in the order their statuses are reported: at most
    /// [`MAX_TARGETS`](Self::MAX_TARGETS).
    pub targets: Vec<KpiTarget>,
}

impl Default for KpiPolicy {
    /// [`KpiPolicy::sop_default`].
    fn default() -> Self {
        Self::sop_default()
    }
}

impl KpiPolicy {
    /// The most targets a policy may set: 64.
    pub const MAX_TARGETS: usize = 64;

    /// The SOP defaults, each at risk within a small margin:
    /// - acknowledged within 24 hours on the wall clock (the SOP's
    ///   acknowledgement rule, the default `first_response` target) for at
    ///   least 95 % of the cases acknowledged, at risk below 98 %;
    /// - a resolution rate of at least 90 %, at risk below 95 %;
    /// - first-contact resolution of at least 70 %, at risk below 75 %;
    /// - a reopen rate of at most 5 %, at risk above 3 %;
    /// - an average CSAT of at least 4.2 (on the default 1–5 scale), at risk
    ///   below 4.4.
    #[must_use]
    pub fn sop_default() -> Self {
        Self {
            targets: vec![
                KpiTarget::at_least(
                    Measure::AcknowledgedWithin {
                        minutes: 24 * 60,
                        clock: Clock::Wall,
                    },
                    95,
                )
                .at_risk(3),
                KpiTarget::at_least(Measure::ResolutionRate, 90).at_risk(5),
                KpiTarget::at_least(Measure::FirstContactResolution, 70).at_risk(5),
                KpiTarget::at_most(Measure::ReopenRate, 5).at_risk(2),
                KpiTarget::at_least(Measure::CsatAverage, 42).at_risk(2),
            ],
        }
    }

    /// The problems of the targets, with paths from this policy: more than
    /// [`MAX_TARGETS`](Self::MAX_TARGETS); a time of 0 minutes or more than
    /// a year; an SLA metric that is none of `sla_metrics` (with the closest
    /// as a suggestion); a bound in percent above 100, or in tenths outside
    /// `scale`; a margin above 100.
    pub(crate) fn problems(&self, sla_metrics: &[&str], scale: RatingScale) -> Vec<Problem> {
        let mut problems = Vec::new();
        let targets = within_limit(&mut problems, "targets", &self.targets, Self::MAX_TARGETS);
        for (i, target) in targets.iter().enumerate() {
            let at = |field: &str| format!("targets[{i}].{field}");
            match &target.measure {
                Measure::AcknowledgedWithin { minutes, .. }
                | Measure::ResolvedWithin { minutes, .. } => {
                    let path = at(&format!("measure.{}.minutes", target.measure.name()));
                    if *minutes == 0 {
                        problems.push(Problem::new(path, "0 minutes is not a positive duration"));
                    } else if *minutes > MAX_MINUTES {
                        problems.push(Problem::new(
                            path,
                            format!("{minutes} minutes is more than a year ({MAX_MINUTES})"),
                        ));
                    }
                }
                Measure::SlaMet(metric) => problems.extend(super::communication::unknown_metric(
                    &at("measure.sla_met"),
                    metric,
                    sla_metrics,
                )),
                Measure::ResolutionRate
                | Measure::FirstContactResolution
                | Measure::ReopenRate
                | Measure::EscalationRate
                | Measure::PromisesKept
                | Measure::ResponseRate
                | Measure::CsatAverage => {}
            }
            let goal = match target.goal {
                Goal::AtLeast(_) => at("goal.at_least"),
                Goal::AtMost(_) => at("goal.at_most"),
            };
            match target.measure.unit() {
                Unit::Percent => in_range(&mut problems, &goal, target.goal.value(), 0, 100),
                Unit::Tenths => {
                    let range = scale.range();
                    let (low, high) =
                        (u32::from(*range.start()) * 10, u32::from(*range.end()) * 10);
                    let value = target.goal.value();
                    if !(low..=high).contains(&value) {
                        problems.push(Problem::new(
                            goal,
                            format!(
                                "{value} tenths is not on the rating scale: from {low} to {high} \
                                 tenths ({}–{})",
                                range.start(),
                                range.end()
                            ),
                        ));
                    }
                }
            }
            in_range(&mut problems, &at("at_risk"), target.at_risk, 0, 100);
        }
        problems
    }
}
