//! [`CaseAudit`]: the state of one audit of a handled case, as its events
//! left it; and the values its commands and events carry. Plain data with
//! getters: every rule is in `decide`.

use chrono::{DateTime, Utc};

use crate::envelope::Version;
use crate::id::{ActorId, AuditId, CaseId, NonConformanceId, Reference};
use crate::priority::Severity;

/// The case an audit is of: its id, its reference, and who resolved it, if
/// anyone did. Plain values the caller reads from the case; the kpi module's
/// `AuditedCase::of` reads them from a case's state.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct AuditedCase {
    /// The case.
    pub case: CaseId,
    /// Its human reference, such as `CMP-2026-000042`.
    pub reference: Reference,
    /// Who resolved it: not someone who may score its audit.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub resolver: Option<ActorId>,
}

impl AuditedCase {
    /// The case `case`, referenced `reference`, resolved by `resolver`.
    #[must_use]
    pub const fn new(case: CaseId, reference: Reference, resolver: Option<ActorId>) -> Self {
        Self {
            case,
            reference,
            resolver,
        }
    }
}

/// The score a QA specialist gives one criterion of the scorecard.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct CriterionScore {
    /// The criterion's code, one of the policy's scorecard.
    pub code: String,
    /// The score: 0 to the scale's most (1 for met on a pass/fail scale).
    pub score: u8,
}

impl CriterionScore {
    /// `score` for the criterion `code`.
    #[must_use]
    pub fn new(code: impl Into<String>, score: u8) -> Self {
        Self {
            code: code.into(),
            score,
        }
    }
}

/// One criterion as scored, with what it counted for: the weight and the
/// scale's most as the policy had them, so that the record reads the same
/// whatever the policy becomes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct ScoredCriterion {
    /// The criterion's code.
    pub code: String,
    /// Its weight.
    pub weight: u32,
    /// The score given.
    pub score: u8,
    /// The most it could score.
    pub max: u8,
}

/// Something an audit found: what, and how serious, and the criterion it is
/// about, if one. A finding may be raised as a non-conformance.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct Finding {
    /// What was found: not blank, at most
    /// [`Finding::MAX_TEXT_CHARS`] characters.
    pub text: String,
    /// How serious it is, when the auditor says.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub severity: Option<Severity>,
    /// The scorecard criterion it is about, if one.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub criterion: Option<String>,
}

impl Finding {
    /// The longest text of a finding, in characters: 2000.
    pub const MAX_TEXT_CHARS: usize = 2000;

    /// A finding that says `text`, without a severity or a criterion.
    #[must_use]
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            severity: None,
            criterion: None,
        }
    }

    /// This finding, of `severity`.
    #[must_use]
    pub const fn severity(mut self, severity: Severity) -> Self {
        self.severity = Some(severity);
        self
    }

    /// This finding, about the scorecard criterion `code`.
    #[must_use]
    pub fn criterion(mut self, code: impl Into<String>) -> Self {
        self.criterion = Some(code.into());
        self
    }
}

/// The weighted score of an audit and its verdict against the pass mark.
///
/// `points` is the sum over the criteria of weight × score, `max_points` the
/// same with every criterion at the scale's most. The audit passes when
/// `points / max_points` is at least `pass_mark` percent, compared exactly
/// (`points × 100 ≥ pass_mark × max_points`); `percent` is the score in whole
/// percent, rounded down, for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct Outcome {
    /// The weighted points scored.
    pub points: u32,
    /// The most weighted points there were.
    pub max_points: u32,
    /// The score in whole percent, rounded down.
    pub percent: u8,
    /// The policy's pass mark when it was scored.
    pub pass_mark: u8,
    /// Whether the audit passed.
    pub passed: bool,
}

impl Outcome {
    /// The outcome of `scored` against `pass_mark`.
    #[must_use]
    pub fn of(scored: &[ScoredCriterion], pass_mark: u8) -> Self {
        let (points, max_points) = scored.iter().fold((0u64, 0u64), |(p, m), c| {
            let weight = u64::from(c.weight);
            (
                p.saturating_add(weight.saturating_mul(u64::from(c.score))),
                m.saturating_add(weight.saturating_mul(u64::from(c.max))),
            )
        });
        let percent = points
            .saturating_mul(100)
            .checked_div(max_points)
            .unwrap_or(0);
        Self {
            points: u32::try_from(points).unwrap_or(u32::MAX),
            max_points: u32::try_from(max_points).unwrap_or(u32::MAX),
            percent: u8::try_from(percent.min(100)).unwrap_or(100),
            pass_mark,
            passed: points.saturating_mul(100) >= u64::from(pass_mark).saturating_mul(max_points),
        }
    }
}

/// Where an audit stands: open → scored, or open → withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Status {
    /// Opened, waiting to be scored.
    Open,
    /// Scored: its score never changes; its findings may still be raised as
    /// non-conformances.
    Scored,
    /// Withdrawn before it was scored, with a reason.
    Withdrawn,
}

impl Status {
    /// The snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Scored => "scored",
            Status::Withdrawn => "withdrawn",
        }
    }
}

crate::name::display_by_name!(Status);

/// An audit as scored: by whom, when, each criterion, the findings, the
/// comments and the outcome.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Scoring {
    /// Who scored it.
    pub by: ActorId,
    /// When.
    pub at: DateTime<Utc>,
    /// Each criterion of the scorecard, in the scorecard's order.
    pub scores: Vec<ScoredCriterion>,
    /// What was found, numbered from 1 in this order.
    pub findings: Vec<Finding>,
    /// The auditor's comments; may be empty.
    pub comments: String,
    /// The weighted score and the verdict.
    pub outcome: Outcome,
}

/// A finding raised as a non-conformance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct RaisedFinding {
    /// The finding's number, from 1.
    pub finding: u32,
    /// The non-conformance raised from it.
    pub ncr: NonConformanceId,
}

/// Who withdrew an audit, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Withdrawal {
    /// Who.
    pub by: ActorId,
    /// When.
    pub at: DateTime<Utc>,
    /// Why.
    pub reason: String,
}

/// One audit of a handled case: the case and the agent audited, the period
/// it was sampled for, its scores against the policy's scorecard, its
/// findings and the non-conformances raised from them. Plain data with
/// getters; the [module docs](super) show it worked.
///
/// # Example
/// ```
/// use casework::quality::audit::{AuditedCase, CaseAudit, Command, Status};
/// use casework::{Actor, ActorId, Aggregate, AuditId, CaseId, Ctx, Policy, Reference, Role};
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use uuid::Uuid;
///
/// let policy = Policy::sop_default()?;
/// let qa = Actor::new(ActorId::from_uuid(Uuid::from_u128(3)), [Role::QaSpecialist]);
/// let agent = ActorId::from_uuid(Uuid::from_u128(1));
/// let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
/// let case = AuditedCase::new(CaseId::from_uuid(Uuid::from_u128(42)), Reference::new("CMP", 2026, 42)?, Some(agent));
///
/// let mut audit = CaseAudit::default();
/// audit.record(&Command::open(AuditId::from_uuid(Uuid::from_u128(7)), case, agent, "2026-11"), &Ctx::new(now, qa, &policy))?;
/// assert_eq!(audit.status(), Some(Status::Open));
/// assert_eq!(audit.period(), Some("2026-11"));
/// // To be scored within 14 days, by the SOP.
/// assert_eq!(audit.score_due(), Some(now + TimeDelta::days(14)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseAudit {
    pub(super) id: Option<AuditId>,
    pub(super) case: Option<AuditedCase>,
    pub(super) agent: Option<ActorId>,
    pub(super) period: Option<String>,
    pub(super) status: Option<Status>,
    pub(super) opened_by: Option<ActorId>,
    pub(super) opened_at: Option<DateTime<Utc>>,
    pub(super) score_due: Option<DateTime<Utc>>,
    pub(super) overdue_recorded: bool,
    pub(super) scoring: Option<Scoring>,
    pub(super) raised: Vec<RaisedFinding>,
    pub(super) withdrawal: Option<Withdrawal>,
    pub(super) version: Version,
    pub(super) updated_at: Option<DateTime<Utc>>,
}

impl CaseAudit {
    /// Its id, once opened.
    #[must_use]
    pub const fn id(&self) -> Option<AuditId> {
        self.id
    }

    /// The case audited.
    #[must_use]
    pub const fn case(&self) -> Option<&AuditedCase> {
        self.case.as_ref()
    }

    /// The agent whose handling is audited.
    #[must_use]
    pub const fn agent(&self) -> Option<ActorId> {
        self.agent
    }

    /// The period it was sampled for, such as `2026-11`.
    #[must_use]
    pub fn period(&self) -> Option<&str> {
        self.period.as_deref()
    }

    /// Where it stands; `None` before it is opened.
    #[must_use]
    pub const fn status(&self) -> Option<Status> {
        self.status
    }

    /// Who opened it.
    #[must_use]
    pub const fn opened_by(&self) -> Option<ActorId> {
        self.opened_by
    }

    /// When it was opened.
    #[must_use]
    pub const fn opened_at(&self) -> Option<DateTime<Utc>> {
        self.opened_at
    }

    /// By when it is to be scored: the policy's `quality.audit.score_within_days`
    /// after it was opened, by the policy in force then.
    #[must_use]
    pub const fn score_due(&self) -> Option<DateTime<Utc>> {
        self.score_due
    }

    /// Whether it was recorded overdue.
    #[must_use]
    pub const fn overdue(&self) -> bool {
        self.overdue_recorded
    }

    /// Its scoring, once scored.
    #[must_use]
    pub const fn scoring(&self) -> Option<&Scoring> {
        self.scoring.as_ref()
    }

    /// Its outcome, once scored.
    #[must_use]
    pub fn outcome(&self) -> Option<Outcome> {
        self.scoring.as_ref().map(|s| s.outcome)
    }

    /// Its findings, numbered from 1 in this order; empty before it is scored.
    #[must_use]
    pub fn findings(&self) -> &[Finding] {
        self.scoring.as_ref().map_or(&[], |s| &s.findings)
    }

    /// The findings raised as non-conformances, in the order raised.
    #[must_use]
    pub fn raised(&self) -> &[RaisedFinding] {
        &self.raised
    }

    /// How it was withdrawn, if it was.
    #[must_use]
    pub const fn withdrawal(&self) -> Option<&Withdrawal> {
        self.withdrawal.as_ref()
    }
}
