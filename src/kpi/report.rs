//! [`KpiReport`]: the figures computed from case summaries, overall or broken
//! down by a [`Dimension`].

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use chrono::TimeDelta;

use super::summary::CaseSummary;
use super::{KpiError, Kpis, local_date};
use crate::id::StreamId;
use crate::policy::Policy;
use crate::policy::kpi::Clock;

/// A share: `part` of `whole`, kept as whole numbers so that reports compare
/// exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Ratio {
    /// How many have the property.
    pub part: u64,
    /// Out of how many.
    pub whole: u64,
}

impl Ratio {
    /// The share as a fraction, `None` of nothing.
    #[must_use]
    pub fn value(&self) -> Option<f64> {
        (self.whole > 0).then(|| self.part as f64 / self.whole as f64)
    }
}

/// Durations summarised: how many, their mean, median and 90th percentile
/// (nearest rank, from every duration sorted: exact).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct DurationStats {
    /// How many durations.
    pub count: u64,
    /// Their mean, to the nanosecond; `None` of none.
    pub mean: Option<TimeDelta>,
    /// The median: the smallest duration at least half are at or below.
    pub median: Option<TimeDelta>,
    /// The 90th percentile: the smallest duration at least 90% are at or below.
    pub p90: Option<TimeDelta>,
}

impl DurationStats {
    /// The stats of `durations`, sorted.
    fn of(durations: &[TimeDelta]) -> Self {
        let count = durations.len();
        let rank = |percent: usize| {
            // Nearest rank: ceil(p × n), from 1.
            let rank = (percent * count).div_ceil(100).max(1);
            durations.get(rank - 1).copied()
        };
        let total: i128 = durations
            .iter()
            .map(|d| i128::from(d.num_nanoseconds().unwrap_or(i64::MAX)))
            .sum();
        let mean = i64::try_from(total / i128::try_from(count.max(1)).unwrap_or(1))
            .ok()
            .filter(|_| count > 0)
            .map(TimeDelta::nanoseconds);
        Self {
            count: count as u64,
            mean,
            median: rank(50),
            p90: rank(90),
        }
    }
}

/// Customer satisfaction from the follow-ups' ratings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Csat {
    /// How many follow-ups carried a rating.
    pub responses: u64,
    /// How many gave each rating.
    pub distribution: BTreeMap<u8, u64>,
    /// The average rating: the sum of the ratings over the responses.
    pub average: Ratio,
}

/// One SLA metric's compliance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct SlaCompliance {
    /// Of the finished cases (closed, withdrawn, rejected or merged), those
    /// that never breached the metric.
    pub met: Ratio,
    /// Every case that breached the metric, finished or not.
    pub breached: u64,
}

/// Every duration a report summarises, each list sorted: what a share within
/// a time ([`KpiReport::share_within`]) counts exactly.
#[derive(Clone, PartialEq, Eq, Default)]
struct Durations {
    acknowledge: Vec<TimeDelta>,
    resolve: Vec<TimeDelta>,
    business_acknowledge: Vec<TimeDelta>,
    business_resolve: Vec<TimeDelta>,
}

impl core::fmt::Debug for Durations {
    /// Their counts only: a report of many cases keeps many durations.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Durations")
            .field("acknowledge", &self.acknowledge.len())
            .field("resolve", &self.resolve.len())
            .field("business_acknowledge", &self.business_acknowledge.len())
            .field("business_resolve", &self.business_resolve.len())
            .finish()
    }
}

/// Which milestone of a case a duration from its receipt runs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Milestone {
    /// The first acknowledgement.
    Acknowledged,
    /// The first resolution.
    Resolved,
}

/// The KPIs of a set of cases.
///
/// For one agent's cases ([`Dimension::Agent`]), [`cases`](Self::cases) are
/// the cases they handled and [`resolved`](Self::resolved) their resolution
/// rate; [`reopens_caused`](Self::reopens_caused) counts the reopens of their
/// resolutions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct KpiReport {
    /// How many cases (with their intake folded).
    pub cases: u64,
    /// From receipt to the first acknowledgement, on the wall clock.
    pub time_to_acknowledge: DurationStats,
    /// From receipt to the first resolution, on the wall clock.
    pub time_to_resolve: DurationStats,
    /// From receipt to the first acknowledgement, in business time on the
    /// policy's calendar.
    pub business_time_to_acknowledge: DurationStats,
    /// From receipt to the first resolution, in business time on the policy's
    /// calendar.
    pub business_time_to_resolve: DurationStats,
    /// Of all cases, those resolved at least once: the resolution rate.
    pub resolved: Ratio,
    /// How many reopens undid a resolution: each reopen is caused by whoever
    /// recorded the resolution it undid (the latest before it, by version).
    /// For an agent's report ([`Dimension::Agent`]), the reopens of that
    /// agent's resolutions, whichever agent each case counts for; for any
    /// other report, the reopens of its cases that followed a resolution.
    pub reopens_caused: u64,
    /// Of the resolved cases, those resolved at first contact.
    pub first_contact_resolution: Ratio,
    /// Of the resolved cases, those reopened at least once.
    pub reopened: Ratio,
    /// Of all cases, those escalated at least once.
    pub escalated: Ratio,
    /// Of the resolved cases that were promised a time, those first resolved
    /// by the latest time promised: promises kept.
    pub promises_kept: Ratio,
    /// Satisfaction from the follow-ups.
    pub csat: Csat,
    /// Of the follow-ups recorded, those that carried a rating.
    pub response_rate: Ratio,
    /// Compliance for each of the policy's SLA metrics, by name.
    pub sla: BTreeMap<String, SlaCompliance>,
    /// Every duration summarised above, sorted.
    durations: Durations,
}

impl KpiReport {
    /// Of the cases that reached `milestone`, those that reached it within
    /// `limit` of their receipt (at most, inclusive), on `clock`: counted
    /// exactly, from every case's duration. A case that has not reached the
    /// milestone is not counted.
    ///
    /// # Example
    /// ```
    /// use casework::kpi::{Clock, KpiReport, Milestone, Ratio};
    /// use chrono::TimeDelta;
    ///
    /// let none = KpiReport::default();
    /// let share = none.share_within(Milestone::Acknowledged, Clock::Business, TimeDelta::hours(4));
    /// assert_eq!(share, Ratio { part: 0, whole: 0 });
    /// ```
    #[must_use]
    pub fn share_within(&self, milestone: Milestone, clock: Clock, limit: TimeDelta) -> Ratio {
        let durations = match (milestone, clock) {
            (Milestone::Acknowledged, Clock::Wall) => &self.durations.acknowledge,
            (Milestone::Resolved, Clock::Wall) => &self.durations.resolve,
            (Milestone::Acknowledged, Clock::Business) => &self.durations.business_acknowledge,
            (Milestone::Resolved, Clock::Business) => &self.durations.business_resolve,
        };
        Ratio {
            part: durations.partition_point(|d| *d <= limit) as u64,
            whole: durations.len() as u64,
        }
    }
}

/// What a report is broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Dimension {
    /// The category code at intake.
    Category,
    /// The channel the case came in on.
    Channel,
    /// The priority at intake, such as `P2`.
    Priority,
    /// The team last assigned (by an assignment, a transfer or a
    /// hand-over), or `unassigned`.
    Team,
    /// The agent the case counts for ([`CaseSummary::agent`]), by their
    /// actor id's string form: who recorded its first resolution; while it
    /// was never resolved, the person it is assigned to; or `unassigned`.
    /// [`KpiReport::reopens_caused`] is by who caused each reopen, so an
    /// agent whose resolution was reopened and then resolved by another has
    /// a report for it, with no case if they have none of their own.
    Agent,
    /// The month of receipt in the policy calendar's zone, such as `2026-11`.
    Month,
}

impl Kpis {
    /// The KPIs of every case folded. Cases whose `logged` event is not in the
    /// fold are left out: a KPI needs the intake.
    ///
    /// Every case's receipt, first acknowledgement and first resolution are
    /// read against the policy's business calendar (business time, and local
    /// months for [`Dimension::Month`]). A case with one of them outside the
    /// calendar's range refuses the report, naming the case and the instant,
    /// rather than being left out of the figures unseen: take it out with
    /// [`Kpis::remove`] to report on the others.
    ///
    /// # Errors
    /// [`KpiError::OutOfRange`] for the first case, by stream, with an instant
    /// outside the range of the policy's business calendar.
    pub fn report(&self, policy: &Policy) -> Result<KpiReport, KpiError> {
        report_of(self.cases(), policy)
    }

    /// The KPIs by `dimension`: one report per key, such as each category.
    ///
    /// # Errors
    /// As [`Kpis::report`].
    pub fn report_by(
        &self,
        dimension: Dimension,
        policy: &Policy,
    ) -> Result<BTreeMap<String, KpiReport>, KpiError> {
        let calendar = policy.calendar();
        let mut groups: BTreeMap<String, Vec<(StreamId, &CaseSummary)>> = BTreeMap::new();
        for (stream, case) in self.cases() {
            let Some(intake) = &case.intake else {
                continue;
            };
            let key = match dimension {
                Dimension::Category => intake.category.clone(),
                Dimension::Channel => intake.channel.to_string(),
                Dimension::Priority => intake.priority.to_string(),
                Dimension::Team => case
                    .team
                    .map_or_else(|| UNASSIGNED.to_owned(), |(_, team)| team.to_string()),
                Dimension::Agent => case
                    .agent()
                    .map_or_else(|| UNASSIGNED.to_owned(), |agent| agent.to_string()),
                Dimension::Month => local_date(calendar, stream, intake.received_at)?
                    .format("%Y-%m")
                    .to_string(),
            };
            groups.entry(key).or_default().push((stream, case));
        }
        let mut reports = groups
            .into_iter()
            .map(|(key, cases)| Ok((key, report_of(cases.into_iter(), policy)?)))
            .collect::<Result<BTreeMap<String, KpiReport>, KpiError>>()?;
        if dimension == Dimension::Agent {
            // Each reopen is the resolver's it undid, whoever the case
            // counts for.
            let mut caused: BTreeMap<String, u64> = BTreeMap::new();
            for (_, case) in self.cases().filter(|(_, c)| c.intake.is_some()) {
                for agent in case.reopens_caused() {
                    *caused.entry(agent.to_string()).or_default() += 1;
                }
            }
            for report in reports.values_mut() {
                report.reopens_caused = 0;
            }
            for (agent, reopens) in caused {
                let report = match reports.entry(agent) {
                    Entry::Occupied(entry) => entry.into_mut(),
                    Entry::Vacant(entry) => entry.insert(report_of(core::iter::empty(), policy)?),
                };
                report.reopens_caused = reopens;
            }
        }
        Ok(reports)
    }
}

/// The key of the cases no team or agent has.
const UNASSIGNED: &str = "unassigned";

pub(super) fn report_of<'a>(
    cases: impl Iterator<Item = (StreamId, &'a CaseSummary)>,
    policy: &Policy,
) -> Result<KpiReport, KpiError> {
    let calendar = policy.calendar();
    let mut report = KpiReport::default();
    let mut metrics: BTreeMap<String, SlaCompliance> = policy
        .sla()
        .metrics
        .iter()
        .map(|m| (m.name.clone(), SlaCompliance::default()))
        .collect();
    let (mut acknowledge, mut resolve) = (Vec::new(), Vec::new());
    let (mut business_acknowledge, mut business_resolve) = (Vec::new(), Vec::new());
    let mut rating_sum = 0u64;
    for (stream, case) in cases {
        let Some(intake) = &case.intake else {
            continue;
        };
        let refuse = |error| KpiError::OutOfRange {
            case: stream,
            error,
        };
        let received = intake.received_at;
        calendar.ensure_covers(received).map_err(refuse)?;
        report.cases += 1;
        if let Some(at) = case.acknowledged_at {
            business_acknowledge.push(calendar.between(received, at).map_err(refuse)?);
            acknowledge.push(at - received);
        }
        if let Some(at) = case.resolved_at {
            business_resolve.push(calendar.between(received, at).map_err(refuse)?);
            resolve.push(at - received);
            count(
                &mut report.first_contact_resolution,
                case.resolved_at_first_contact(),
            );
            count(&mut report.reopened, case.reopens > 0);
            if let Some((_, promised)) = case.promised {
                count(&mut report.promises_kept, at <= promised);
            }
        }
        report.reopens_caused += case.reopens_caused().count() as u64;
        count(&mut report.escalated, case.escalations > 0);
        count(&mut report.resolved, case.resolved_at.is_some());
        if let Some((_, rating)) = case.follow_up {
            count(&mut report.response_rate, rating.is_some());
            if let Some(rating) = rating {
                report.csat.responses += 1;
                *report.csat.distribution.entry(rating).or_default() += 1;
                rating_sum += u64::from(rating);
            }
        }
        let finished = case.is_finished();
        for (metric, compliance) in &mut metrics {
            let breached = case.breached.contains(metric);
            compliance.breached += u64::from(breached);
            if finished {
                count(&mut compliance.met, !breached);
            }
        }
    }
    report.csat.average = Ratio {
        part: rating_sum,
        whole: report.csat.responses,
    };
    for durations in [
        &mut acknowledge,
        &mut resolve,
        &mut business_acknowledge,
        &mut business_resolve,
    ] {
        durations.sort_unstable();
    }
    report.time_to_acknowledge = DurationStats::of(&acknowledge);
    report.time_to_resolve = DurationStats::of(&resolve);
    report.business_time_to_acknowledge = DurationStats::of(&business_acknowledge);
    report.business_time_to_resolve = DurationStats::of(&business_resolve);
    report.durations = Durations {
        acknowledge,
        resolve,
        business_acknowledge,
        business_resolve,
    };
    report.sla = metrics;
    Ok(report)
}

/// Counts one more in the whole, and in the part if `yes`.
fn count(ratio: &mut Ratio, yes: bool) {
    ratio.whole += 1;
    ratio.part += u64::from(yes);
}
