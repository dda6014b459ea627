//! Deadlines: when each stage of a non-conformance (containment, investigation,
//! disposition) is due, from the quality policy, and which of them came due
//! without the stage done.
//!
//! The rules, in one place:
//! - a stage is due its policy's allowance ([`StageDue`]) after the report
//!   was recorded, counted on the rule's calendar, for the severity the
//!   non-conformance has; after a reclassification, never before the
//!   reclassification itself: a tighter allowance applies from the moment it is
//!   known, not in hindsight;
//! - a stage is done when it is first recorded: the first containment action,
//!   the first root-cause analysis, the disposition. Closing ends every stage;
//! - a stage is **overdue** when it is not done (nor the non-conformance closed)
//!   strictly before its due instant. It is judged by the instants the events
//!   were recorded at, so a scheduler that runs late, after the stage was done
//!   late, records the same overdue, with the same `due`, as one that ran on
//!   time;
//! - a stage's overdue is recorded once at most.
//!
//! This module knows the policy's calendars and the non-conformance's state; it
//! knows nothing of storage or of the caller's scheduler.

use core::fmt;

use chrono::{DateTime, Utc};

use super::error::NonConformanceError;
use super::event::Event;
use super::state::NonConformance;
use crate::actor::Role;
use crate::calendar::{BusinessCalendar, CalendarError};
use crate::policy::{Ctx, Policy};
use crate::priority::Severity;
use crate::problem::{Problem, within_limit};
use crate::sla::Within;

/// A stage of a non-conformance that has a due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Stage {
    /// Containment: done when the first containment action is recorded.
    Containment,
    /// The investigation: done when the first root-cause analysis is recorded.
    Investigation,
    /// The disposition of the non-conforming output: done when it is recorded.
    Disposition,
}

impl Stage {
    /// Every stage, in lifecycle order.
    pub const ALL: [Stage; 3] = [Stage::Containment, Stage::Investigation, Stage::Disposition];

    /// The snake_case name, as on the wire.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Stage::Containment => "containment",
            Stage::Investigation => "investigation",
            Stage::Disposition => "disposition",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The allowance of a stage for one severity, replacing the stage's own.
///
/// ```json
/// { "severity": "critical", "within": { "minutes": 240 } }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct SeverityAllowance {
    /// The severity it applies to.
    pub severity: Severity,
    /// How long the stage may take at that severity: 1 minute to a year
    /// ([`MAX_MINUTES`](crate::sla::MAX_MINUTES)), or 1 to 365 business days.
    pub within: Within,
}

/// When a stage of a non-conformance is due, on which calendar, and who is
/// told when it is overdue.
///
/// In a policy file:
/// ```json
/// { "within": { "minutes": 1440 }, "calendar": "always", "notify": "process_owner",
///   "by_severity": [{ "severity": "critical", "within": { "minutes": 240 } }] }
/// ```
///
/// # Example
/// ```
/// use casework::calendar::CalendarSpec;
/// use casework::quality::nonconformance::StageDue;
/// use casework::sla::Within;
/// use casework::{Role, Severity};
/// use chrono::{TimeZone, Utc};
///
/// let rule = StageDue::new(Within::Minutes(24 * 60), "always", Role::ProcessOwner)
///     .for_severity(Severity::Critical, Within::Minutes(4 * 60));
/// let always = CalendarSpec::twenty_four_seven("UTC").compile().unwrap();
/// let reported = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
/// assert_eq!(
///     rule.due(&always, reported, Severity::Medium).unwrap(),
///     Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
/// );
/// assert_eq!(
///     rule.due(&always, reported, Severity::Critical).unwrap(),
///     Utc.with_ymd_and_hms(2026, 11, 23, 13, 0, 0).unwrap()
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct StageDue {
    /// How long the stage may take after the report: minutes of business time
    /// on [`calendar`](Self::calendar) (1 minute to a year, [`MAX_MINUTES`](crate::sla::MAX_MINUTES)),
    /// or until the close of the n-th business day after (1 to 365).
    pub within: Within,
    /// Other allowances for some severities: each severity at most once.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub by_severity: Vec<SeverityAllowance>,
    /// The name of the calendar the allowance is counted on: `business`, or
    /// one of the policy's named calendars.
    pub calendar: String,
    /// Who is told when the stage is overdue: any role but `auditor` and
    /// `system`.
    pub notify: Role,
}

impl StageDue {
    /// A rule with one allowance for every severity.
    #[must_use]
    pub fn new(within: Within, calendar: impl Into<String>, notify: Role) -> Self {
        Self {
            within,
            by_severity: Vec::new(),
            calendar: calendar.into(),
            notify,
        }
    }

    /// This rule with another allowance for `severity`.
    #[must_use]
    pub fn for_severity(mut self, severity: Severity, within: Within) -> Self {
        self.by_severity.retain(|a| a.severity != severity);
        self.by_severity
            .push(SeverityAllowance { severity, within });
        self
    }

    /// The allowance for `severity`: its own, or the rule's.
    #[must_use]
    pub fn within_for(&self, severity: Severity) -> Within {
        self.by_severity
            .iter()
            .find(|a| a.severity == severity)
            .map_or(self.within, |a| a.within)
    }

    /// When the stage is due for a non-conformance of `severity` reported at
    /// `reported_at`, counted on `calendar` (the one the rule names).
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] when `reported_at` or the due instant is
    /// outside the calendar's range.
    pub fn due(
        &self,
        calendar: &BusinessCalendar,
        reported_at: DateTime<Utc>,
        severity: Severity,
    ) -> Result<DateTime<Utc>, CalendarError> {
        self.within_for(severity).due_after(calendar, reported_at)
    }

    /// Every problem, with its path from the rule: an allowance out of range,
    /// a severity listed twice, or a role that cannot be told.
    pub(crate) fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        self.within.problems(&mut problems, "within");
        let allowances: &[SeverityAllowance] = within_limit(
            &mut problems,
            "by_severity",
            &self.by_severity,
            Severity::ALL.len(),
        );
        for (i, allowance) in allowances.iter().enumerate() {
            let path = format!("by_severity[{i}]");
            allowance
                .within
                .problems(&mut problems, &format!("{path}.within"));
            if allowances
                .iter()
                .take(i)
                .any(|a| a.severity == allowance.severity)
            {
                problems.push(Problem::new(
                    format!("{path}.severity"),
                    format!("`{}` is listed twice", allowance.severity),
                ));
            }
        }
        crate::actor::notify_problems(&mut problems, "notify", self.notify);
        problems
    }
}

/// The calendars that must cover a non-conformance's instants: the business
/// calendar, and each calendar a stage's due date counts on.
pub(crate) fn calendars(policy: &Policy) -> Vec<&BusinessCalendar> {
    let named = policy
        .quality()
        .calendar_names()
        .filter_map(|name| policy.calendar_named(name));
    crate::range::business_and(policy, named)
}

impl NonConformance {
    /// When `stage` was done, as recorded: the first containment action, the
    /// first root-cause analysis, or the disposition.
    #[must_use]
    pub fn stage_done_at(&self, stage: Stage) -> Option<DateTime<Utc>> {
        match stage {
            Stage::Containment => self.contained_at,
            Stage::Investigation => self.root_caused_at,
            Stage::Disposition => self.disposition.as_ref().map(|d| d.at),
        }
    }

    /// When `stage` ended: when it was done, or the non-conformance closed,
    /// whichever came first.
    fn stage_ended_at(&self, stage: Stage) -> Option<DateTime<Utc>> {
        match (self.stage_done_at(stage), self.closed_at) {
            (Some(done), Some(closed)) => Some(done.min(closed)),
            (done, closed) => done.or(closed),
        }
    }

    /// When `stage` is due under `policy`: the stage's allowance for the
    /// current severity after the report, on the rule's calendar, and never
    /// before the last reclassification. `None` before the report, or when the
    /// policy sets no due date for the stage.
    ///
    /// # Errors
    /// [`NonConformanceError::Calendar`] when the due instant falls outside the
    /// rule's calendar.
    pub fn stage_due(
        &self,
        stage: Stage,
        policy: &Policy,
    ) -> Result<Option<DateTime<Utc>>, NonConformanceError> {
        let (Some(reported_at), Some(severity)) = (self.reported_at, self.severity) else {
            return Ok(None);
        };
        let Some(rule) = policy.quality().stage_due(stage) else {
            return Ok(None);
        };
        // A compiled policy names only calendars it has.
        let Some(calendar) = policy.calendar_named(&rule.calendar) else {
            return Ok(None);
        };
        let due = rule.due(calendar, reported_at, severity)?;
        Ok(Some(self.reclassified_at.map_or(due, |at| due.max(at))))
    }

    /// The due instant of `stage` if its overdue is still to be recorded: it
    /// is not recorded yet, and the stage did not end before it.
    fn pending(
        &self,
        stage: Stage,
        policy: &Policy,
    ) -> Result<Option<DateTime<Utc>>, NonConformanceError> {
        if self.overdue.contains(&stage) {
            return Ok(None);
        }
        let Some(due) = self.stage_due(stage, policy)? else {
            return Ok(None);
        };
        let on_time = self.stage_ended_at(stage).is_some_and(|end| end < due);
        Ok((!on_time).then_some(due))
    }

    /// See [`Aggregate::next_deadline`](crate::Aggregate::next_deadline).
    pub(crate) fn deadline(
        &self,
        policy: &Policy,
    ) -> Result<Option<DateTime<Utc>>, NonConformanceError> {
        let mut next: Option<DateTime<Utc>> = None;
        for stage in Stage::ALL {
            if let Some(due) = self.pending(stage, policy)? {
                next = Some(next.map_or(due, |n| n.min(due)));
            }
        }
        Ok(next)
    }
}

/// The overdue stages whose due instant is at or before `ctx.now` and not yet
/// recorded, one event each, in due order (ties in lifecycle order).
///
/// # Errors
/// [`NonConformanceError::Calendar`] when a due instant falls outside its
/// calendar.
pub(super) fn overdue_by(
    ncr: &NonConformance,
    ctx: &Ctx<'_>,
) -> Result<Vec<Event>, NonConformanceError> {
    let quality = ctx.policy.quality();
    let mut due = Vec::new();
    for stage in Stage::ALL {
        if let Some(at) = ncr.pending(stage, ctx.policy)?.filter(|at| *at <= ctx.now) {
            due.push((at, stage));
        }
    }
    due.sort();
    Ok(due
        .into_iter()
        .filter_map(|(at, stage)| {
            quality.stage_due(stage).map(|rule| Event::StageOverdue {
                stage,
                due: at,
                notify: rule.notify,
            })
        })
        .collect())
}
