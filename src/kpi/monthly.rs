//! [`Kpis::monthly_kpis`]: each KPI of the cases received in a month against
//! those received in the month before, with the change: what a monthly
//! review reads first.

use core::cmp::Ordering;

use chrono::{Datelike, NaiveDate};

use super::report::{KpiReport, Ratio, report_of};
use super::{KpiError, Kpis, local_date};
use crate::policy::Policy;

/// A KPI that [`Kpis::monthly_kpis`] compares month on month.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Indicator {
    /// How many cases were received.
    Cases,
    /// Of all cases, those resolved at least once.
    ResolutionRate,
    /// Of the resolved cases, those resolved at first contact and never
    /// reopened.
    FirstContactResolution,
    /// Of the resolved cases, those reopened at least once.
    ReopenRate,
    /// Of all cases, those escalated at least once.
    EscalationRate,
    /// Of the resolved cases that were promised a time, those resolved by it.
    PromisesKept,
    /// Of the follow-ups recorded, those that carried a rating.
    ResponseRate,
    /// The average rating of the follow-ups.
    CsatAverage,
    /// The median business time from receipt to the first acknowledgement.
    MedianBusinessTimeToAcknowledge,
    /// The median business time from receipt to the first resolution.
    MedianBusinessTimeToResolve,
    /// Of the finished cases, those that never breached the named SLA metric.
    SlaMet(String),
}

impl Indicator {
    /// Whether a higher figure is the better: `None` for the volume of
    /// cases, which is neither; `false` for the reopen and escalation rates
    /// and the times; `true` for the others.
    #[must_use]
    pub const fn higher_is_better(&self) -> Option<bool> {
        match self {
            Indicator::Cases => None,
            Indicator::ReopenRate
            | Indicator::EscalationRate
            | Indicator::MedianBusinessTimeToAcknowledge
            | Indicator::MedianBusinessTimeToResolve => Some(false),
            Indicator::ResolutionRate
            | Indicator::FirstContactResolution
            | Indicator::PromisesKept
            | Indicator::ResponseRate
            | Indicator::CsatAverage
            | Indicator::SlaMet(_) => Some(true),
        }
    }
}

/// A KPI's figure in one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Reading {
    /// A count.
    Count(u64),
    /// A share: the part of the whole.
    Rate(Ratio),
    /// An average: the sum over how many.
    Average(Ratio),
    /// A time in whole seconds; `None` when there was nothing to time.
    Seconds(Option<i64>),
}

impl Reading {
    /// The figure as a number, for showing: a count, a share in percent, an
    /// average, or seconds; `None` with no data.
    #[must_use]
    pub fn value(&self) -> Option<f64> {
        match self {
            Reading::Count(n) => Some(*n as f64),
            Reading::Rate(ratio) => ratio.value().map(|share| share * 100.0),
            Reading::Average(ratio) => ratio.value(),
            Reading::Seconds(seconds) => seconds.map(|s| s as f64),
        }
    }

    /// The two figures compared exactly (shares and averages by
    /// cross-multiplying); `None` when either has no data or they are of
    /// different kinds.
    fn compare(&self, other: &Reading) -> Option<Ordering> {
        let ratios = |a: &Ratio, b: &Ratio| {
            (a.whole > 0 && b.whole > 0).then(|| {
                (u128::from(a.part) * u128::from(b.whole))
                    .cmp(&(u128::from(b.part) * u128::from(a.whole)))
            })
        };
        match (self, other) {
            (Reading::Count(a), Reading::Count(b)) => Some(a.cmp(b)),
            (Reading::Rate(a), Reading::Rate(b)) | (Reading::Average(a), Reading::Average(b)) => {
                ratios(a, b)
            }
            (Reading::Seconds(Some(a)), Reading::Seconds(Some(b))) => Some(a.cmp(b)),
            _ => None,
        }
    }
}

/// Which way a KPI moved from the month before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Movement {
    /// The figure is higher.
    Up,
    /// The figure is lower.
    Down,
    /// The figure is the same, exactly.
    Unchanged,
    /// One of the months has no figure.
    NoData,
}

/// One KPI in a month against the month before ([`Kpis::monthly_kpis`]).
///
/// # Example
/// ```
/// use casework::kpi::{Indicator, KpiChange, Movement, Ratio, Reading};
///
/// let change = KpiChange::new(
///     Indicator::ResolutionRate,
///     Reading::Rate(Ratio { part: 9, whole: 10 }),
///     Reading::Rate(Ratio { part: 4, whole: 5 }),
/// );
/// assert_eq!(change.movement(), Movement::Up);
/// assert_eq!(change.improved(), Some(true));
/// assert!((change.change().unwrap() - 10.0).abs() < 1e-9); // percentage points
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct KpiChange {
    /// Which KPI.
    pub kpi: Indicator,
    /// Its figure for the cases received in the month reviewed.
    pub this_month: Reading,
    /// Its figure for the cases received in the month before.
    pub last_month: Reading,
}

impl KpiChange {
    /// A row of `kpi`: this month's figure and last month's.
    #[must_use]
    pub const fn new(kpi: Indicator, this_month: Reading, last_month: Reading) -> Self {
        Self {
            kpi,
            this_month,
            last_month,
        }
    }

    /// The change from last month, for showing: cases more (or fewer), a
    /// share in percentage points, an average in points, a time in seconds;
    /// `None` when either month has no figure.
    #[must_use]
    pub fn change(&self) -> Option<f64> {
        Some(self.this_month.value()? - self.last_month.value()?)
    }

    /// Which way the figure moved, judged exactly.
    #[must_use]
    pub fn movement(&self) -> Movement {
        match self.this_month.compare(&self.last_month) {
            Some(Ordering::Greater) => Movement::Up,
            Some(Ordering::Less) => Movement::Down,
            Some(Ordering::Equal) => Movement::Unchanged,
            None => Movement::NoData,
        }
    }

    /// Whether the KPI got better: `None` when it did not move, a month has
    /// no figure, or the KPI has no better direction (the volume of cases).
    #[must_use]
    pub fn improved(&self) -> Option<bool> {
        let higher = self.kpi.higher_is_better()?;
        match self.movement() {
            Movement::Up => Some(higher),
            Movement::Down => Some(!higher),
            Movement::Unchanged | Movement::NoData => None,
        }
    }
}

impl Kpis {
    /// Each KPI of the cases received in the month of `month` (any day in
    /// it; months in the policy calendar's zone, by the case's receipt, as
    /// [`Kpis::monthly_trends`] reads them) against the cases received in
    /// the month before: the volume, the rates, the CSAT average, the median
    /// business times to acknowledge and to resolve, then each SLA metric's
    /// compliance, by the metric's name. A case's figures are those of all
    /// its events folded, whenever they happened: a case received in October
    /// and resolved in November counts as resolved in October's figures.
    ///
    /// # Errors
    /// [`KpiError::OutOfRange`] for the first case, by stream, with its
    /// receipt, first acknowledgement or first resolution outside the range
    /// of the policy's business calendar: take it out with [`Kpis::remove`]
    /// to review the others.
    ///
    /// # Example
    /// ```
    /// use casework::kpi::{Indicator, Kpis, Movement, Reading};
    /// use casework::Policy;
    /// use chrono::NaiveDate;
    ///
    /// let policy = Policy::sop_default()?;
    /// let rows = Kpis::new().monthly_kpis(&policy, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())?;
    /// assert_eq!(rows[0].kpi, Indicator::Cases);
    /// assert_eq!((rows[0].this_month, rows[0].movement()), (Reading::Count(0), Movement::Unchanged));
    /// assert_eq!(rows[1].movement(), Movement::NoData);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn monthly_kpis(
        &self,
        policy: &Policy,
        month: NaiveDate,
    ) -> Result<Vec<KpiChange>, KpiError> {
        let calendar = policy.calendar();
        let index = |date: NaiveDate| i64::from(date.year()) * 12 + i64::from(date.month0());
        let reviewed = index(month);
        let (mut this, mut last) = (Vec::new(), Vec::new());
        for (stream, case) in self.cases() {
            let Some(intake) = &case.intake else {
                continue;
            };
            let at = index(local_date(calendar, stream, intake.received_at)?);
            if at == reviewed {
                this.push((stream, case));
            } else if at == reviewed - 1 {
                last.push((stream, case));
            }
        }
        let this = report_of(this.into_iter(), policy)?;
        let last = report_of(last.into_iter(), policy)?;
        Ok(readings(&this)
            .into_iter()
            .zip(readings(&last))
            .map(|((kpi, this_month), (_, last_month))| KpiChange::new(kpi, this_month, last_month))
            .collect())
    }
}

/// Each KPI's reading of `report`, in the order [`Kpis::monthly_kpis`]
/// gives them.
fn readings(report: &KpiReport) -> Vec<(Indicator, Reading)> {
    let seconds =
        |median: Option<chrono::TimeDelta>| Reading::Seconds(median.map(|d| d.num_seconds()));
    let mut rows = vec![
        (Indicator::Cases, Reading::Count(report.cases)),
        (Indicator::ResolutionRate, Reading::Rate(report.resolved)),
        (
            Indicator::FirstContactResolution,
            Reading::Rate(report.first_contact_resolution),
        ),
        (Indicator::ReopenRate, Reading::Rate(report.reopened)),
        (Indicator::EscalationRate, Reading::Rate(report.escalated)),
        (Indicator::PromisesKept, Reading::Rate(report.promises_kept)),
        (Indicator::ResponseRate, Reading::Rate(report.response_rate)),
        (
            Indicator::CsatAverage,
            Reading::Average(report.csat.average),
        ),
        (
            Indicator::MedianBusinessTimeToAcknowledge,
            seconds(report.business_time_to_acknowledge.median),
        ),
        (
            Indicator::MedianBusinessTimeToResolve,
            seconds(report.business_time_to_resolve.median),
        ),
    ];
    rows.extend(report.sla.iter().map(|(metric, compliance)| {
        (
            Indicator::SlaMet(metric.clone()),
            Reading::Rate(compliance.met),
        )
    }));
    rows
}
