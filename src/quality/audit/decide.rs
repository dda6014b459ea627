//! [`decide`], where every audit rule lives, and [`apply`], which folds
//! events into the state.

use chrono::{DateTime, TimeDelta, Utc};

use super::command::Command;
use super::error::AuditError;
use super::event::Event;
use super::state::{
    CaseAudit, CriterionScore, Finding, Outcome, RaisedFinding, ScoredCriterion, Scoring, Status,
    Withdrawal,
};
use crate::actor::valid;
use crate::envelope::Recorded;
use crate::policy::Ctx;
use crate::policy::quality::AuditPolicy;
use crate::problem::{Problem, short_text};

impl CaseAudit {
    /// The most findings an audit may record: 64.
    pub const MAX_FINDINGS: usize = 64;
    /// The longest period label, in characters: 32.
    pub const MAX_PERIOD_CHARS: usize = 32;
    /// The longest comments, in characters: 4000.
    pub const MAX_COMMENTS_CHARS: usize = 4000;
    /// The longest reason for a withdrawal, in characters: 500.
    pub const MAX_REASON_CHARS: usize = 500;
}

/// A code as an error shows it: cut to 64 characters.
fn shown(code: &str) -> String {
    code.chars().take(64).collect()
}

/// The rules of [`Aggregate::decide`](crate::Aggregate::decide) for this
/// aggregate, documented on its implementation.
pub(super) fn decide(
    audit: &CaseAudit,
    command: &Command,
    ctx: &Ctx<'_>,
) -> Result<Vec<Event>, AuditError> {
    let kind = command.kind();
    crate::range::ensure_covered(&[ctx.policy().calendar()], core::iter::once(ctx.now()))?;
    let Some(status) = audit.status else {
        return match command {
            Command::Open {
                audit,
                case,
                agent,
                period,
            } => {
                ctx.authorize::<AuditError>(kind)?;
                let mut problems = Vec::new();
                short_text(&mut problems, "period", period, CaseAudit::MAX_PERIOD_CHARS);
                valid::<AuditError>(kind, problems)?;
                let days = ctx.policy().quality().audit.score_within_days;
                let score_due = ctx
                    .now()
                    .checked_add_signed(TimeDelta::days(i64::from(days)))
                    .unwrap_or(DateTime::<Utc>::MAX_UTC);
                Ok(vec![Event::Opened {
                    audit: *audit,
                    case: case.clone(),
                    agent: *agent,
                    period: period.clone(),
                    score_due,
                }])
            }
            _ => Err(AuditError::NotOpened { command: kind }),
        };
    };
    if let Some(last) = audit.updated_at {
        if ctx.now() < last {
            return Err(AuditError::ClockWentBackwards {
                last,
                now: ctx.now(),
            });
        }
    }
    ctx.authorize::<AuditError>(kind)?;
    let mut problems = Vec::new();
    let withdrawn_at = || audit.withdrawal.as_ref().map_or(ctx.now(), |w| w.at);
    let scored_at = || audit.scoring.as_ref().map_or(ctx.now(), |s| s.at);
    let events = match (status, command) {
        (_, Command::Open { .. }) => return Err(AuditError::AlreadyOpened),
        (
            Status::Open,
            Command::Score {
                scores,
                findings,
                comments,
            },
        ) => {
            let scorer = ctx.actor().id;
            if audit.case.as_ref().and_then(|c| c.resolver) == Some(scorer) {
                return Err(AuditError::ScorerIsResolver { scorer });
            }
            if audit.agent == Some(scorer) {
                return Err(AuditError::ScorerIsAgent { scorer });
            }
            let policy = &ctx.policy().quality().audit;
            let scored = score(policy, scores)?;
            finding_problems(&mut problems, policy, findings);
            if comments.chars().count() > CaseAudit::MAX_COMMENTS_CHARS {
                problems.push(Problem::new(
                    "comments",
                    format!(
                        "{} characters is longer than {}",
                        comments.chars().count(),
                        CaseAudit::MAX_COMMENTS_CHARS
                    ),
                ));
            }
            let outcome = Outcome::of(&scored, policy.pass_mark);
            vec![Event::Scored {
                scores: scored,
                findings: findings.clone(),
                comments: comments.clone(),
                outcome,
            }]
        }
        (Status::Scored, Command::Score { .. } | Command::Withdraw { .. }) => {
            return Err(AuditError::AlreadyScored { at: scored_at() });
        }
        (
            Status::Withdrawn,
            Command::Score { .. } | Command::Withdraw { .. } | Command::RaiseNonConformance { .. },
        ) => {
            return Err(AuditError::Withdrawn { at: withdrawn_at() });
        }
        (Status::Open, Command::RaiseNonConformance { .. }) => {
            return Err(AuditError::NotScored);
        }
        (Status::Scored, Command::RaiseNonConformance { finding, ncr }) => {
            let findings = audit.findings().len();
            let known = usize::try_from(*finding).is_ok_and(|n| (1..=findings).contains(&n));
            if !known {
                return Err(AuditError::UnknownFinding {
                    finding: *finding,
                    findings,
                });
            }
            if let Some(raised) = audit.raised.iter().find(|r| r.finding == *finding) {
                return Err(AuditError::FindingAlreadyRaised {
                    finding: *finding,
                    ncr: raised.ncr,
                });
            }
            vec![Event::NonConformanceRaised {
                finding: *finding,
                ncr: *ncr,
            }]
        }
        (Status::Open, Command::Withdraw { reason }) => {
            short_text(&mut problems, "reason", reason, CaseAudit::MAX_REASON_CHARS);
            vec![Event::Withdrawn {
                reason: reason.clone(),
            }]
        }
        // A scored or withdrawn audit has nothing left to come due: the
        // scheduler's call records nothing (rule 3 of the deadline
        // contract), not a refusal.
        (Status::Open | Status::Scored | Status::Withdrawn, Command::RecordDeadline) => {
            overdue(audit, ctx.now())
        }
    };
    valid::<AuditError>(kind, problems)?;
    Ok(events)
}

/// Every criterion of the scorecard scored once within the scale, as the
/// scorecard orders them; or the first rule broken: an unknown code, a code
/// scored twice, a score outside the scale (in the order given), then a
/// criterion not scored (in the scorecard's order).
fn score(
    policy: &AuditPolicy,
    scores: &[CriterionScore],
) -> Result<Vec<ScoredCriterion>, AuditError> {
    let max = policy.scale.max();
    for (i, given) in scores.iter().enumerate() {
        if policy.criterion(&given.code).is_none() {
            return Err(AuditError::UnknownCriterion {
                code: shown(&given.code),
            });
        }
        if scores.iter().take(i).any(|s| s.code == given.code) {
            return Err(AuditError::CriterionScoredTwice {
                code: shown(&given.code),
            });
        }
        if given.score > max {
            return Err(AuditError::ScoreOutOfScale {
                code: shown(&given.code),
                score: given.score,
                max,
            });
        }
    }
    policy
        .scorecard
        .iter()
        .map(|criterion| {
            let given = scores.iter().find(|s| s.code == criterion.code);
            given
                .map(|s| ScoredCriterion {
                    code: criterion.code.clone(),
                    weight: criterion.weight,
                    score: s.score,
                    max,
                })
                .ok_or_else(|| AuditError::UnscoredCriterion {
                    code: shown(&criterion.code),
                })
        })
        .collect()
}

/// The problems of the findings: too many, a blank or too long text, a
/// criterion the scorecard does not have.
fn finding_problems(problems: &mut Vec<Problem>, policy: &AuditPolicy, findings: &[Finding]) {
    if crate::problem::too_many(
        problems,
        "findings",
        findings.len(),
        CaseAudit::MAX_FINDINGS,
    ) {
        return;
    }
    for (i, finding) in findings.iter().enumerate() {
        let at = |field: &str| format!("findings[{i}].{field}");
        short_text(
            problems,
            &at("text"),
            &finding.text,
            Finding::MAX_TEXT_CHARS,
        );
        if let Some(code) = &finding.criterion {
            if policy.criterion(code).is_none() {
                problems.push(Problem::new(
                    at("criterion"),
                    format!(
                        "`{}` is not a criterion of the policy's scorecard",
                        shown(code)
                    ),
                ));
            }
        }
    }
}

/// The overdue score come due by `now` and not recorded yet.
fn overdue(audit: &CaseAudit, now: DateTime<Utc>) -> Vec<Event> {
    audit
        .deadline()
        .filter(|due| *due <= now)
        .map(|due| Event::AuditOverdue { due })
        .into_iter()
        .collect()
}

impl CaseAudit {
    /// When the audit next needs the caller's scheduler: its score's due
    /// instant, while it is open and its passing is not recorded.
    fn deadline(&self) -> Option<DateTime<Utc>> {
        self.score_due
            .filter(|_| self.status == Some(Status::Open) && !self.overdue_recorded)
    }
}

/// Folds one recorded event into the audit. Never fails: a history that
/// `decide` produced replays to the same state, and any other history to
/// some state.
pub(super) fn apply(audit: &mut CaseAudit, recorded: &Recorded<Event>) {
    let (at, by) = (recorded.at, recorded.actor);
    match &recorded.event {
        Event::Opened {
            audit: id,
            case,
            agent,
            period,
            score_due,
        } => {
            audit.id = Some(*id);
            audit.case = Some(case.clone());
            audit.agent = Some(*agent);
            audit.period = Some(period.clone());
            audit.status = Some(Status::Open);
            audit.opened_by = Some(by);
            audit.opened_at = Some(at);
            audit.score_due = Some(*score_due);
        }
        Event::Scored {
            scores,
            findings,
            comments,
            outcome,
        } => {
            // A score never changes: only the first is kept.
            if audit.scoring.is_none() {
                audit.status = Some(Status::Scored);
                audit.scoring = Some(Scoring {
                    by,
                    at,
                    scores: scores.clone(),
                    findings: findings.clone(),
                    comments: comments.clone(),
                    outcome: *outcome,
                });
            }
        }
        Event::NonConformanceRaised { finding, ncr } => {
            if !audit.raised.iter().any(|r| r.finding == *finding) {
                audit.raised.push(RaisedFinding {
                    finding: *finding,
                    ncr: *ncr,
                });
            }
        }
        Event::Withdrawn { reason } => {
            audit.status = Some(Status::Withdrawn);
            audit.withdrawal = Some(Withdrawal {
                by,
                at,
                reason: reason.clone(),
            });
        }
        Event::AuditOverdue { .. } => audit.overdue_recorded = true,
    }
    audit.version = audit.version.next();
    audit.updated_at = Some(at);
}

crate::aggregate::library_aggregate! {
    CaseAudit: AuditError, created "opened", else NotOpened;
    creates: Event::Opened { audit, .. } => *audit;
    came_due: Event::AuditOverdue { due } => Some(*due);
    covered: crate::range::business, crate::range::recorded_at;
    /// Decides what `command` does to `audit`: the events to record, or the
    /// rule that refuses it. Pure: the same audit, command and context give
    /// the same answer.
    ///
    /// The gates, in order:
    /// 1. `ctx.now()` must be covered by the policy's business calendar; the
    ///    audit must be opened (or not yet, to open it), and `ctx.now()` must
    ///    not be before its last event;
    /// 2. the permission table must grant one of the actor's roles the
    ///    command (by the SOP, only a QA specialist scores);
    /// 3. the rules no policy can switch off:
    ///    - an audit is scored once, while open, and never by whoever
    ///      resolved the case nor by the agent audited (actor ids compared);
    ///    - every criterion of the policy's scorecard is scored, once, on
    ///      the policy's scale; a code the scorecard does not have is refused;
    ///    - a finding is raised as a non-conformance once, and only a finding
    ///      the scored audit has;
    ///    - only an open audit is withdrawn;
    /// 4. the command's content must be valid, every problem reported at
    ///    once: the period and a reason not blank and not too long; at most
    ///    [`CaseAudit::MAX_FINDINGS`] findings, each with a text, and a
    ///    criterion, if named, of the scorecard; comments not too long.
    ///
    /// Opening records the score due `quality.audit.score_within_days`
    /// calendar days on. Scoring records each criterion with its weight and
    /// the outcome: the weighted percentage and whether it reaches the
    /// policy's pass mark.
    ///
    /// # Errors
    /// An [`AuditError`] naming the rule that refused. Nothing is emitted
    /// then.
    ///
    /// Every command but the deadline command first records a score that
    /// came due before it (rule 2 of the deadline contract): scoring or
    /// withdrawing an audit stops its deadline.
    decide: |audit: &CaseAudit, command, ctx: &Ctx<'_>| {
        let due = || overdue(audit, ctx.now());
        crate::aggregate::decide_after_due(audit, audit.updated_at, command, ctx, due, |audit| {
            decide(audit, command, ctx)
        })
    };
    next_deadline: |audit: &CaseAudit, _| Ok(audit.deadline());
}
