//! The KPI targets judged: [`KpiReport::against`] gives each target of a
//! policy ([`KpiPolicy`](crate::policy::kpi::KpiPolicy)) its
//! [`Attainment`] (met, at risk, missed, or no data) with the figure it was
//! judged on, exactly, in whole numbers.

use std::collections::BTreeMap;

use chrono::TimeDelta;

use super::report::{Dimension, KpiReport, Milestone, Ratio};
use super::{KpiError, Kpis};
use crate::policy::Policy;
use crate::policy::kpi::{Goal, KpiTarget, Measure};

/// How a figure stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Attainment {
    /// The figure meets the bound by the margin or more.
    Met,
    /// The figure meets the bound, by less than the margin.
    AtRisk,
    /// The figure does not meet the bound.
    Missed,
    /// There is nothing to measure: no cases (or follow-ups, or finished
    /// cases) that the measure counts.
    NoData,
}

/// One target, judged: the target, the figure it was judged on, and how the
/// figure stands.
///
/// # Example
/// A resolution rate of 9 in 10 against "at least 90 %, at risk within 5
/// points" is at risk:
/// ```
/// use casework::kpi::{Attainment, KpiTarget, Measure, Ratio, TargetStatus};
///
/// let target = KpiTarget::at_least(Measure::ResolutionRate, 90).at_risk(5);
/// let status = TargetStatus::judge(&target, Ratio { part: 9, whole: 10 });
/// assert_eq!(status.attainment, Attainment::AtRisk);
/// assert_eq!(status.actual_in_unit(), Some(90.0));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct TargetStatus {
    /// The target: its measure, bound and margin.
    pub target: KpiTarget,
    /// The figure: for a measure in percent, the part of the whole that has
    /// the property; for the CSAT average, the sum of the ratings over their
    /// number.
    pub actual: Ratio,
    /// How the figure stands against the target.
    pub attainment: Attainment,
}

impl TargetStatus {
    /// Judges `actual` against `target`, exactly: no data when the whole is
    /// 0; otherwise the figure, in the measure's unit, against the bound and
    /// the margin as [`KpiTarget`] states.
    #[must_use]
    pub fn judge(target: &KpiTarget, actual: Ratio) -> Self {
        let attainment = if actual.whole == 0 {
            Attainment::NoData
        } else {
            // The figure in the unit is part × per_one / whole; compared with
            // a bound b as part × per_one against b × whole, in i128.
            let per_one = i128::from(target.measure.unit().per_one());
            let figure = i128::from(actual.part) * per_one;
            let whole = i128::from(actual.whole);
            let margin = i128::from(target.at_risk);
            match target.goal {
                Goal::AtLeast(bound) => {
                    let bound = i128::from(bound);
                    if figure < bound * whole {
                        Attainment::Missed
                    } else if figure < (bound + margin) * whole {
                        Attainment::AtRisk
                    } else {
                        Attainment::Met
                    }
                }
                Goal::AtMost(bound) => {
                    let bound = i128::from(bound);
                    if figure > bound * whole {
                        Attainment::Missed
                    } else if figure > (bound - margin) * whole {
                        Attainment::AtRisk
                    } else {
                        Attainment::Met
                    }
                }
            }
        };
        Self {
            target: target.clone(),
            actual,
            attainment,
        }
    }

    /// The figure in the measure's unit (percent, or tenths of a point),
    /// for showing; `None` with no data. The attainment is judged exactly,
    /// not from this.
    #[must_use]
    pub fn actual_in_unit(&self) -> Option<f64> {
        let per_one = f64::from(self.target.measure.unit().per_one());
        self.actual.value().map(|share| share * per_one)
    }
}

impl KpiReport {
    /// The figure that `measure` reads from this report: a share of the
    /// cases, or the CSAT average as the sum of ratings over their number.
    /// An SLA metric the report has no figures for reads as no data.
    #[must_use]
    pub fn figure(&self, measure: &Measure) -> Ratio {
        match measure {
            Measure::AcknowledgedWithin { minutes, clock } => self.share_within(
                Milestone::Acknowledged,
                *clock,
                TimeDelta::minutes(i64::from(*minutes)),
            ),
            Measure::ResolvedWithin { minutes, clock } => self.share_within(
                Milestone::Resolved,
                *clock,
                TimeDelta::minutes(i64::from(*minutes)),
            ),
            Measure::ResolutionRate => self.resolved,
            Measure::FirstContactResolution => self.first_contact_resolution,
            Measure::ReopenRate => self.reopened,
            Measure::EscalationRate => self.escalated,
            Measure::PromisesKept => self.promises_kept,
            Measure::ResponseRate => self.response_rate,
            Measure::CsatAverage => self.csat.average,
            Measure::SlaMet(metric) => self
                .sla
                .get(metric)
                .map(|compliance| compliance.met)
                .unwrap_or_default(),
        }
    }

    /// Each of `targets` judged against this report's figures, in their
    /// order: such as a policy's ([`Policy::kpi`]), or any the caller sets.
    ///
    /// # Example
    /// ```
    /// use casework::kpi::{Attainment, KpiReport, KpiTarget, Measure};
    ///
    /// let nothing = KpiReport::default();
    /// let statuses = nothing.against(&[KpiTarget::at_least(Measure::CsatAverage, 42)]);
    /// assert_eq!(statuses[0].attainment, Attainment::NoData);
    /// ```
    #[must_use]
    pub fn against(&self, targets: &[KpiTarget]) -> Vec<TargetStatus> {
        targets
            .iter()
            .map(|target| TargetStatus::judge(target, self.figure(&target.measure)))
            .collect()
    }
}

impl Kpis {
    /// The policy's KPI targets ([`Policy::kpi`]) judged against the report
    /// of every case folded ([`Kpis::report`]), in the policy's order.
    ///
    /// # Errors
    /// As [`Kpis::report`].
    pub fn evaluate_targets(&self, policy: &Policy) -> Result<Vec<TargetStatus>, KpiError> {
        Ok(self.report(policy)?.against(&policy.kpi().targets))
    }

    /// The policy's KPI targets judged against each report by `dimension`
    /// ([`Kpis::report_by`]): per agent, per team, per month...
    ///
    /// # Errors
    /// As [`Kpis::report`].
    pub fn evaluate_targets_by(
        &self,
        dimension: Dimension,
        policy: &Policy,
    ) -> Result<BTreeMap<String, Vec<TargetStatus>>, KpiError> {
        let targets = &policy.kpi().targets;
        Ok(self
            .report_by(dimension, policy)?
            .into_iter()
            .map(|(key, report)| (key, report.against(targets)))
            .collect())
    }
}
