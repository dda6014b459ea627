//! Batch evaluation: the state of many running clocks at one instant, from a
//! compact [`ClockSummary`] per clock instead of each case's history.
//!
//! A summary holds four business-time offsets on one calendar (see
//! [`BusinessCalendar::offset`]), so evaluating it is a few subtractions once the
//! offset of `now` is known per calendar: a million clocks take milliseconds.
//! A summary stays valid until its case's next event: after one, summarise the
//! case again.

use chrono::{DateTime, TimeDelta, Utc};

use super::clock::{ClockState, SlaError, SlaStatus};
use super::policy::SlaPolicy;
use crate::calendar::BusinessCalendar;

/// A running clock reduced to what evaluating it at a later instant needs: 35
/// bytes of data, 40 in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ClockSummary {
    /// The calendar's offset at the start, in business nanoseconds.
    start: i64,
    /// The business nanoseconds the target allows.
    allowed: i64,
    /// Business nanoseconds spent in pauses that have ended.
    paused: i64,
    /// The calendar's offset when the pause in force began; `i64::MIN` when the
    /// clock runs.
    paused_since: i64,
    /// The clock's calendar: an index into the calendars given to
    /// [`evaluate_batch`].
    calendar: u16,
    /// Whether it had already breached, perhaps under a target in force
    /// earlier: a breach is final.
    breached: bool,
}

const RUNNING: i64 = i64::MIN;

impl ClockSummary {
    /// The summary of a clock still running (or paused) at its status's instant;
    /// `None` for a clock that has stopped, whose state is final.
    ///
    /// `calendar` must be the clock's target calendar, and `index` its place in the
    /// calendars later given to [`evaluate_batch`].
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`](crate::calendar::CalendarError::OutOfRange) when an instant falls outside the calendar.
    pub fn of(
        status: &SlaStatus<'_>,
        calendar: &BusinessCalendar,
        index: u16,
    ) -> Result<Option<Self>, SlaError> {
        if status.stopped_at.is_some() {
            return Ok(None);
        }
        let inconsistent = || SlaError::Inconsistent {
            metric: status.metric.to_owned(),
        };
        let nanos = |d: TimeDelta| d.num_nanoseconds().ok_or_else(inconsistent);
        let (paused, paused_since) = match status.paused_since {
            Some(since) => (
                status
                    .paused
                    .checked_sub(&calendar.between(since, status.evaluated_at)?)
                    .ok_or_else(inconsistent)?,
                nanos(calendar.offset(since)?)?,
            ),
            None => (status.paused, RUNNING),
        };
        Ok(Some(Self {
            start: nanos(calendar.offset(status.started_at)?)?,
            allowed: nanos(status.allowed)?,
            paused: nanos(paused)?,
            paused_since,
            calendar: index,
            breached: status.state == ClockState::Breached,
        }))
    }

    /// The calendar index.
    #[must_use]
    pub const fn calendar(&self) -> u16 {
        self.calendar
    }
}

/// One clock's state at the batch instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchStatus {
    /// Running, paused, at risk or breached.
    pub state: ClockState,
    /// Business time left before the target; negative once past it.
    pub remaining: TimeDelta,
}

/// The state of every clock at `now`, in order: elapsed business time against the
/// target and the policy's warning thresholds, exactly as
/// [`SlaPolicy::evaluate`] gives it from the full history.
///
/// # Errors
/// [`SlaError::Calendar`] when `now` falls outside a calendar;
/// [`SlaError::UnknownCalendarIndex`] when a clock names a calendar index beyond
/// `calendars`.
pub fn evaluate_batch(
    clocks: &[ClockSummary],
    calendars: &[&BusinessCalendar],
    policy: &SlaPolicy,
    now: DateTime<Utc>,
) -> Result<Vec<BatchStatus>, SlaError> {
    let offsets: Vec<i64> = calendars
        .iter()
        .map(|calendar| calendar.offset_nanos(now))
        .collect::<Result<_, _>>()?;
    let first_warning = policy.warnings.first().map(|w| i64::from(*w));
    let mut out = Vec::with_capacity(clocks.len());
    for clock in clocks {
        let Some(now) = offsets.get(usize::from(clock.calendar)).copied() else {
            return Err(SlaError::UnknownCalendarIndex {
                index: clock.calendar,
            });
        };
        let paused_now = clock.paused_since != RUNNING;
        let open_pause = if paused_now {
            now.saturating_sub(clock.paused_since)
        } else {
            0
        };
        let elapsed = now
            .saturating_sub(clock.start)
            .saturating_sub(clock.paused)
            .saturating_sub(open_pause);
        // Targets are at most a year (3.2e16 ns): a hundred times that fits an
        // i64, and an elapsed time that does not saturates past any target.
        let at_risk = first_warning
            .is_some_and(|w| elapsed.saturating_mul(100) >= clock.allowed.saturating_mul(w));
        let state = if clock.breached || elapsed >= clock.allowed {
            ClockState::Breached
        } else if paused_now {
            ClockState::Paused
        } else if at_risk {
            ClockState::AtRisk
        } else {
            ClockState::Running
        };
        out.push(BatchStatus {
            state,
            remaining: TimeDelta::nanoseconds(clock.allowed.saturating_sub(elapsed)),
        });
    }
    Ok(out)
}
