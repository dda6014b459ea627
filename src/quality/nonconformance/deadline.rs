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

use chrono::{DateTime, Utc};

use super::error::NonConformanceError;
use super::event::Event;
use super::state::NonConformance;
use crate::calendar::BusinessCalendar;
use crate::policy::quality::Stage;
use crate::policy::{Ctx, Policy};

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

/// The overdue stages whose due instant is at or before `ctx.now()` and not yet
/// recorded, one event each, in due order (ties in lifecycle order).
///
/// # Errors
/// [`NonConformanceError::Calendar`] when a due instant falls outside its
/// calendar.
pub(super) fn overdue_by(
    ncr: &NonConformance,
    ctx: &Ctx<'_>,
) -> Result<Vec<Event>, NonConformanceError> {
    let quality = ctx.policy().quality();
    let mut due = Vec::new();
    for stage in Stage::ALL {
        if let Some(at) = ncr
            .pending(stage, ctx.policy())?
            .filter(|at| *at <= ctx.now())
        {
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
