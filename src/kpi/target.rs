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
    ///
    /// # Example
    /// With no cases, every SOP target has no data:
    /// ```
    /// use casework::kpi::{Attainment, Kpis};
    /// use casework::Policy;
    ///
    /// let policy = Policy::sop_default()?;
    /// let statuses = Kpis::new().evaluate_targets(&policy)?;
    /// assert_eq!(statuses.len(), policy.kpi().targets.len());
    /// assert!(statuses.iter().all(|s| s.attainment == Attainment::NoData));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate_targets(&self, policy: &Policy) -> Result<Vec<TargetStatus>, KpiError> {
        Ok(self.report(policy)?.against(&policy.kpi().targets))
    }

    /// The policy's KPI targets judged against each report by `dimension`
    /// ([`Kpis::report_by`]): per agent, per team, per month...
    ///
    /// # Errors
    /// As [`Kpis::report`].
    ///
    /// # Example
    /// A complaint assigned to Alice, who resolves it: her resolution rate
    /// is one in one, and the SOP's resolution-rate target is met.
    /// ```
    /// use casework::case::{Assignee, Case, CaseKind, Command, Intake, Resolution};
    /// use casework::kpi::{Attainment, Dimension, Kpis, Measure, Ratio};
    /// use casework::{Actor, ActorId, Aggregate, CaseId, Channel, Ctx, CustomerRef, Policy, Reference, Role};
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use uuid::Uuid;
    ///
    /// let policy = Policy::sop_default()?;
    /// let alice = Actor::new(ActorId::from_uuid(Uuid::from_u128(11)), [Role::CustomerServiceRepresentative]);
    /// let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    /// let mut case = Case::default();
    /// let mut history = Vec::new();
    /// let intake = Intake::new(
    ///     CaseId::from_uuid(Uuid::from_u128(42)),
    ///     Reference::new("CMP", 2026, 42)?,
    ///     CaseKind::Complaint,
    ///     Channel::Email,
    ///     CustomerRef::from_uuid(Uuid::from_u128(7)),
    ///     monday,
    /// )
    /// .about("delivery/late", "Parcel late")
    /// .description("Still not here.");
    /// let commands = [
    ///     Command::Log { intake, first_contact_resolution: None },
    ///     Command::Assign { to: Assignee::Person(alice.id) },
    ///     Command::Acknowledge { channel: Channel::Email },
    ///     Command::StartInvestigation,
    ///     Command::Resolve {
    ///         resolution: Some(Resolution::text("Reshipped")),
    ///         root_cause: Some("supplier".to_owned()),
    ///     },
    /// ];
    /// for (minutes, command) in (0..).zip(&commands) {
    ///     let ctx = Ctx::new(monday + TimeDelta::minutes(minutes), alice, &policy);
    ///     history.extend(case.record(command, &ctx)?);
    /// }
    ///
    /// let kpis = Kpis::from_events(&history);
    /// let by_agent = kpis.report_by(Dimension::Agent, &policy)?;
    /// assert_eq!(by_agent[&alice.id.to_string()].resolved, Ratio { part: 1, whole: 1 });
    /// let statuses = kpis.evaluate_targets_by(Dimension::Agent, &policy)?;
    /// let resolution = statuses[&alice.id.to_string()]
    ///     .iter()
    ///     .find(|s| s.target.measure == Measure::ResolutionRate)
    ///     .unwrap();
    /// assert_eq!(resolution.attainment, Attainment::Met);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
