//! Deadlines: when a service order's first inspection and its sign-off are
//! due, from the delivery policy, and which of them came due unreached.
//!
//! The rules, in one place:
//! - a milestone is due its policy's allowance ([`OrderDue`]) after the order
//!   was opened, counted on the rule's calendar;
//! - it is reached when the first inspection is recorded, or the order signed
//!   off; signing off or cancelling ends both milestones;
//! - a milestone is **overdue** when it is not reached (nor the order signed
//!   off or cancelled) strictly before its due instant. It is judged by the
//!   instants the events were recorded at, so a scheduler that runs late, after
//!   the milestone was reached late, records the same overdue, with the same
//!   `due`, as one that ran on time;
//! - a milestone's overdue is recorded once at most.
//!
//! No command moves a due date, so none records overdue milestones first.
//!
//! This module knows the policy's calendars and the order's state; it knows
//! nothing of storage or of the caller's scheduler.

use chrono::{DateTime, Utc};

use super::error::DeliveryError;
use super::event::Event;
use super::state::ServiceOrder;
use crate::calendar::BusinessCalendar;
use crate::policy::delivery::{Milestone, OrderDue};
use crate::policy::{Ctx, Policy};

/// The calendars that must cover a service order's instants: the business
/// calendar, and each calendar a milestone's due date counts on.
pub(crate) fn calendars(policy: &Policy) -> Vec<&BusinessCalendar> {
    let named = policy
        .delivery()
        .calendar_names()
        .filter_map(|name| policy.calendar_named(name));
    crate::range::business_and(policy, named)
}

impl ServiceOrder {
    /// When `milestone` ended: when it was reached, or the order signed off
    /// or cancelled, whichever came first.
    fn milestone_ended_at(&self, milestone: Milestone) -> Option<DateTime<Utc>> {
        [
            self.milestone_reached_at(milestone),
            self.signed_off_at,
            self.cancelled_at,
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// When `milestone` is due under `policy`: the rule's allowance after the
    /// opening, on the rule's calendar. `None` before the opening, or when the
    /// policy sets no due date for it.
    ///
    /// # Errors
    /// [`DeliveryError::Calendar`] when the due instant falls outside the
    /// rule's calendar.
    pub fn milestone_due(
        &self,
        milestone: Milestone,
        policy: &Policy,
    ) -> Result<Option<DateTime<Utc>>, DeliveryError> {
        let Some(opened_at) = self.opened_at else {
            return Ok(None);
        };
        let Some(rule) = policy.delivery().milestone_due(milestone) else {
            return Ok(None);
        };
        // A compiled policy names only calendars it has.
        let Some(calendar) = policy.calendar_named(&rule.calendar) else {
            return Ok(None);
        };
        Ok(Some(rule.due(calendar, opened_at)?))
    }

    /// The due instant of `milestone` if its overdue is still to be recorded,
    /// with its rule.
    fn pending<'p>(
        &self,
        milestone: Milestone,
        policy: &'p Policy,
    ) -> Result<Option<(DateTime<Utc>, &'p OrderDue)>, DeliveryError> {
        if self.overdue.contains(&milestone) {
            return Ok(None);
        }
        let (Some(due), Some(rule)) = (
            self.milestone_due(milestone, policy)?,
            policy.delivery().milestone_due(milestone),
        ) else {
            return Ok(None);
        };
        let on_time = self
            .milestone_ended_at(milestone)
            .is_some_and(|end| end < due);
        Ok((!on_time).then_some((due, rule)))
    }

    /// See [`Aggregate::next_deadline`](crate::Aggregate::next_deadline).
    pub(crate) fn deadline(&self, policy: &Policy) -> Result<Option<DateTime<Utc>>, DeliveryError> {
        let mut next: Option<DateTime<Utc>> = None;
        for milestone in Milestone::ALL {
            if let Some((due, _)) = self.pending(milestone, policy)? {
                next = Some(next.map_or(due, |n| n.min(due)));
            }
        }
        Ok(next)
    }
}

/// The overdue milestones whose due instant is at or before `ctx.now()` and not
/// yet recorded, one event each, in due order (ties in the order they come).
///
/// # Errors
/// [`DeliveryError::Calendar`] when a due instant falls outside its calendar.
pub(super) fn overdue_by(order: &ServiceOrder, ctx: &Ctx<'_>) -> Result<Vec<Event>, DeliveryError> {
    let mut due = Vec::new();
    for milestone in Milestone::ALL {
        if let Some((at, rule)) = order
            .pending(milestone, ctx.policy())?
            .filter(|(at, _)| *at <= ctx.now())
        {
            due.push((at, milestone, rule.notify));
        }
    }
    due.sort();
    Ok(due
        .into_iter()
        .map(|(due, milestone, notify)| Event::MilestoneOverdue {
            milestone,
            due,
            notify,
        })
        .collect())
}
