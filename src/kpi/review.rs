//! [`QualityReview`]: the complaint SOP's quality review report for a month,
//! as a value a review meeting's agenda takes in.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::{
    Dimension, KpiChange, KpiError, Kpis, Ratio, TargetStatus, Trend, TrendRule, local_date,
};
use crate::id::{ActorId, AuditId, CapaId, Reference};
use crate::policy::Policy;
use crate::quality::audit::{CaseAudit, Status as AuditStatus};
use crate::quality::capa::{Capa, Status as CapaStatus};

/// How the month's audits of complaint handling went.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct AuditSummary {
    /// Audits of the month's sample opened.
    pub opened: u64,
    /// Of them, scored.
    pub scored: u64,
    /// Of the scored, passed.
    pub passed: u64,
    /// Still open past the time to score them.
    pub overdue: u64,
    /// Withdrawn.
    pub withdrawn: u64,
    /// The scored audits' average score, in percent: the sum over the count.
    pub average_percent: Ratio,
    /// Findings recorded.
    pub findings: u64,
    /// Findings raised as non-conformances.
    pub raised: u64,
    /// Per agent audited: scored, and of them passed.
    pub by_agent: BTreeMap<ActorId, (u64, u64)>,
    /// The audits that failed, for the meeting to go through.
    pub failed: Vec<AuditId>,
}

impl AuditSummary {
    /// The summary of the audits of `period` (such as `2026-11`) among
    /// `audits`, as of `at`.
    #[must_use]
    pub fn of(audits: &[CaseAudit], period: &str, at: DateTime<Utc>) -> Self {
        let mut summary = Self::default();
        let (mut points, mut counted) = (0u64, 0u64);
        for audit in audits.iter().filter(|audit| audit.period() == Some(period)) {
            summary.opened += 1;
            summary.findings += audit.findings().len() as u64;
            summary.raised += audit.raised().len() as u64;
            match audit.status() {
                Some(AuditStatus::Scored) => {
                    let Some(outcome) = audit.outcome() else {
                        continue;
                    };
                    summary.scored += 1;
                    points += u64::from(outcome.percent);
                    counted += 1;
                    let agent = audit
                        .agent()
                        .map(|agent| summary.by_agent.entry(agent).or_default());
                    if outcome.passed {
                        summary.passed += 1;
                    } else {
                        summary.failed.extend(audit.id());
                    }
                    if let Some(agent) = agent {
                        agent.0 += 1;
                        agent.1 += u64::from(outcome.passed);
                    }
                }
                Some(AuditStatus::Withdrawn) => summary.withdrawn += 1,
                Some(AuditStatus::Open) | None => {
                    summary.overdue += u64::from(audit.score_due().is_some_and(|due| due <= at));
                }
            }
        }
        summary.average_percent = Ratio {
            part: points,
            whole: counted,
        };
        summary
    }
}

/// A category's complaints in the month.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct CategoryVolume {
    /// The category code.
    pub category: String,
    /// How many cases were received in it.
    pub cases: u64,
    /// Their average satisfaction rating: the sum over the responses.
    pub csat: Ratio,
}

/// A CAPA still open when the report is made.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct OpenCapa {
    /// Which.
    pub capa: CapaId,
    /// Its reference.
    pub reference: Option<Reference>,
    /// Its status.
    pub status: CapaStatus,
}

/// The quality review report of a month: the audit summary, the KPIs against
/// their targets (the desk's and each agent's), each KPI against the month
/// before, the top categories and the trends, and the CAPAs still open. A
/// serde value, for the record and for a review meeting's agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct QualityReview {
    /// The month, such as `2026-11`.
    pub period: String,
    /// When the report was made.
    pub made_at: DateTime<Utc>,
    /// How the month's audits went.
    pub audits: AuditSummary,
    /// The desk's KPIs for the cases received in the month, against the
    /// policy's targets.
    pub targets: Vec<TargetStatus>,
    /// Each agent's, by the actor id (or `unassigned`).
    pub agent_targets: BTreeMap<String, Vec<TargetStatus>>,
    /// Each KPI against the month before.
    pub kpis: Vec<KpiChange>,
    /// The categories with the most cases received in the month, most first:
    /// at most [`QualityReview::TOP_CATEGORIES`].
    pub top_categories: Vec<CategoryVolume>,
    /// The categories whose volume or satisfaction moved, by the default
    /// [`TrendRule`].
    pub trends: Vec<Trend>,
    /// The CAPAs open when the report was made.
    pub open_capas: Vec<OpenCapa>,
}

impl QualityReview {
    /// How many categories the report lists.
    pub const TOP_CATEGORIES: usize = 5;

    /// The report of the month of `month` (any day of it, in the policy's
    /// calendar), made at `at`, from the KPI fold, the audits and the CAPAs.
    ///
    /// # Errors
    /// [`KpiError`] when a case's instants lie outside the policy calendar's
    /// range.
    ///
    /// # Example
    /// ```
    /// use casework::kpi::{Kpis, QualityReview};
    /// use casework::Policy;
    /// use chrono::{NaiveDate, TimeZone, Utc};
    ///
    /// let policy = Policy::sop_default()?;
    /// let november = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    /// let made_at = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// let review = QualityReview::of(&Kpis::new(), &[], &[], november, &policy, made_at)?;
    /// assert_eq!(review.period, "2026-11");
    /// assert_eq!(review.audits.opened, 0);
    /// // With no cases, every target has no data.
    /// assert!(review.targets.iter().all(|t| t.attainment == casework::kpi::Attainment::NoData));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn of(
        kpis: &Kpis,
        audits: &[CaseAudit],
        capas: &[Capa],
        month: NaiveDate,
        policy: &Policy,
        at: DateTime<Utc>,
    ) -> Result<Self, KpiError> {
        let period = format!("{:04}-{:02}", month.year(), month.month());
        let calendar = policy.calendar();
        let mut received = kpis.clone();
        for (stream, case) in kpis.cases() {
            let Some(intake) = &case.intake else {
                received.remove(stream);
                continue;
            };
            let date = local_date(calendar, stream, intake.received_at)?;
            if (date.year(), date.month()) != (month.year(), month.month()) {
                received.remove(stream);
            }
        }
        let mut top_categories: Vec<CategoryVolume> = received
            .report_by(Dimension::Category, policy)?
            .into_iter()
            .map(|(category, report)| CategoryVolume {
                category,
                cases: report.cases,
                csat: report.csat.average,
            })
            .collect();
        top_categories.sort_by(|a, b| {
            b.cases
                .cmp(&a.cases)
                .then_with(|| a.category.cmp(&b.category))
        });
        top_categories.truncate(Self::TOP_CATEGORIES);
        Ok(Self {
            audits: AuditSummary::of(audits, &period, at),
            targets: received.evaluate_targets(policy)?,
            agent_targets: received.evaluate_targets_by(Dimension::Agent, policy)?,
            kpis: kpis.monthly_kpis(policy, month)?,
            top_categories,
            trends: kpis.monthly_trends(policy, month, &TrendRule::default())?,
            open_capas: capas
                .iter()
                .filter_map(|capa| {
                    let status = capa.status().filter(|status| !status.is_terminal())?;
                    Some(OpenCapa {
                        capa: capa.id()?,
                        reference: capa.reference().cloned(),
                        status,
                    })
                })
                .collect(),
            period,
            made_at: at,
        })
    }
}
