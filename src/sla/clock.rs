//! Clocks: a [`Timeline`] of signals, status changes and priority changes, turned
//! into the [`SlaStatus`] of every cycle of every metric.
//!
//! Every figure is derived from the timeline each time, never from counters kept
//! along the way: a priority change re-targets a running clock without touching
//! its elapsed or paused time, and an entry that arrives late gives the same
//! answer as if it had come in order.

use chrono::{DateTime, TimeDelta, Utc};

use super::policy::{MetricSpec, OnReopen, Signal, SlaPolicy, TargetSpec, Within};
use crate::calendar::{BusinessCalendar, CalendarError};
use crate::priority::Priority;
use crate::priority::in_category;

/// What happened at one point of a case's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change<'a> {
    /// A signal that metrics start or stop on.
    Signal(Signal),
    /// The case entered this status (by name); a clock pauses in the policy's
    /// pause statuses.
    Status(&'a str),
    /// The case's priority is now this: running clocks are re-targeted.
    Priority(Priority),
}

/// One point of a timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    /// When.
    pub at: DateTime<Utc>,
    /// What.
    pub change: Change<'a>,
}

/// A case's timeline, in time order. Entries at the same instant keep the order
/// they were given in, and that order counts: a customer message and a reply at
/// the same instant start and stop a next-response clock, or only start it,
/// depending on which comes first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timeline<'a> {
    entries: Vec<Entry<'a>>,
}

impl<'a> Timeline<'a> {
    /// A timeline of the given entries, put in time order.
    #[must_use]
    pub fn new(entries: impl IntoIterator<Item = Entry<'a>>) -> Self {
        let mut entries: Vec<Entry<'a>> = entries.into_iter().collect();
        entries.sort_by_key(|e| e.at);
        Self { entries }
    }

    /// Adds an entry in its place in time (after any at the same instant).
    pub fn push(&mut self, at: DateTime<Utc>, change: Change<'a>) {
        let index = self.entries.partition_point(|e| e.at <= at);
        self.entries.insert(index, Entry { at, change });
    }

    /// The entries, in time order.
    #[must_use]
    pub fn entries(&self) -> &[Entry<'a>] {
        &self.entries
    }
}

/// What picks a target besides the metric and priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scope<'a> {
    /// The case's category code.
    pub category: &'a str,
    /// The channel's kind name, such as `email`.
    pub channel: &'a str,
    /// The customer's tier.
    pub tier: Option<&'a str>,
}

/// A point a clock passes: a warning at a percentage of its target, or the
/// breach of the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "kind", content = "percent", rename_all = "snake_case")
)]
pub enum Threshold {
    /// The warning at this percentage of the target.
    Warning(u8),
    /// The target itself.
    Breach,
}

/// Where a cycle stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ClockState {
    /// Counting, below every warning.
    Running,
    /// Not counting: the case is in a pause status.
    Paused,
    /// Counting, past a warning threshold.
    AtRisk,
    /// Stopped no later than the instant the target was reached. Final, unless a
    /// reopen resumes the cycle (`on_reopen: resume`).
    Met,
    /// Stopped short of the target because the case left the desk (closed,
    /// withdrawn, rejected, merged) before the metric's stop signal. Final,
    /// unless a reopen resumes the cycle.
    Cancelled,
    /// The target was reached before the clock stopped, or, still running, by
    /// now. Final: a later priority change does not undo it.
    Breached,
}

impl ClockState {
    /// Whether the cycle is over: met, cancelled or breached.
    #[must_use]
    pub const fn is_final(self) -> bool {
        matches!(
            self,
            ClockState::Met | ClockState::Cancelled | ClockState::Breached
        )
    }
}

/// One cycle of one metric, at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaStatus<'p> {
    /// The metric's name.
    pub metric: &'p str,
    /// The cycle, from 0: a metric that repeats or restarts on reopen has several.
    pub cycle: u32,
    /// The target that applies: the most specific for the case's priority now
    /// (or when the cycle stopped).
    pub target: &'p TargetSpec,
    /// When the cycle started.
    pub started_at: DateTime<Utc>,
    /// When it stopped, if it did by the evaluation instant.
    pub stopped_at: Option<DateTime<Utc>>,
    /// The business time the target allows.
    pub allowed: TimeDelta,
    /// When the elapsed time reaches the target: the instant it did; for a
    /// running clock short of it, when it will if it runs on from now without
    /// pausing; for a stopped one, when it would have from its stop. Without
    /// pauses after it, this is the calendar's `add` of the allowed time plus the
    /// paused business time to the start. `None` only for a stopped clock whose
    /// would-be instant lies beyond its calendar's range.
    pub due_at: Option<DateTime<Utc>>,
    /// Business time counted.
    pub elapsed: TimeDelta,
    /// Business time spent paused.
    pub paused: TimeDelta,
    /// When the pause in force began, for a clock paused now.
    pub paused_since: Option<DateTime<Utc>>,
    /// The instant the status is for.
    pub evaluated_at: DateTime<Utc>,
    /// Allowed minus elapsed, against the current target: negative once past it.
    /// A clock breached under an earlier priority's target, or breached at a
    /// calendar's close and stopped before it opened again, may show zero or more.
    pub remaining: TimeDelta,
    /// Where it stands.
    pub state: ClockState,
    /// The thresholds passed, in order, with the instant each was reached.
    pub passed: Vec<(Threshold, DateTime<Utc>)>,
    /// The next threshold and when it will be passed, for a running clock.
    pub next: Option<(Threshold, DateTime<Utc>)>,
}

/// An SLA figure that could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SlaError {
    /// A target names a calendar the caller did not provide.
    #[error("the target of `{metric}` counts on calendar `{calendar}`, which is not known")]
    UnknownCalendar {
        /// The metric.
        metric: String,
        /// The calendar's name.
        calendar: String,
    },
    /// The calendar does not cover the clock's instants.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// A status given to [`ClockSummary::of`](super::ClockSummary::of) does not
    /// add up: its paused time is less than its open pause, or a figure overflows.
    #[error("the status of `{metric}` does not add up")]
    Inconsistent {
        /// The metric.
        metric: String,
    },
    /// A clock summary names a calendar the batch was not given.
    #[error("a clock summary names calendar {index}, which the batch was not given")]
    UnknownCalendarIndex {
        /// The index.
        index: u16,
    },
}

/// One cycle as rebuilt from the timeline.
#[derive(Debug, Clone)]
struct Cycle {
    start: DateTime<Utc>,
    stop: Option<DateTime<Utc>>,
    /// Pause intervals; the last may be open.
    pauses: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)>,
    /// The priority from each instant on: the first at the start.
    priorities: Vec<(DateTime<Utc>, Option<Priority>)>,
    /// Stopped because the case left the desk, not by a stop signal.
    cancelled: bool,
}

impl Cycle {
    fn pause(&mut self, at: DateTime<Utc>) {
        if !matches!(self.pauses.last(), Some((_, None))) {
            self.pauses.push((at, None));
        }
    }

    fn unpause(&mut self, at: DateTime<Utc>) {
        if let Some((_, end @ None)) = self.pauses.last_mut() {
            *end = Some(at);
        }
    }
}

/// Rebuilds the cycles of `metric` from the timeline, as of `now`: entries after
/// `now` are not seen.
fn cycles(
    metric: &MetricSpec,
    pause_on: &[String],
    timeline: &Timeline<'_>,
    now: DateTime<Utc>,
) -> Vec<Cycle> {
    let pause_on = metric.pause_on.as_deref().unwrap_or(pause_on);
    let mut cycles: Vec<Cycle> = Vec::new();
    let mut paused = false;
    let mut priority = None;
    for entry in timeline.entries.iter().take_while(|e| e.at <= now) {
        let at = entry.at;
        let running = cycles.last_mut().filter(|c| c.stop.is_none());
        match entry.change {
            Change::Priority(p) => {
                priority = Some(p);
                if let Some(cycle) = running {
                    cycle.priorities.push((at, Some(p)));
                }
            }
            Change::Status(name) => {
                let pausing = pause_on.iter().any(|s| s == name);
                if let Some(cycle) = running {
                    if pausing {
                        cycle.pause(at);
                    } else {
                        cycle.unpause(at);
                    }
                }
                paused = pausing;
            }
            Change::Signal(signal) => {
                let stops = metric.stop.contains(&signal);
                if let Some(cycle) = running.filter(|_| stops || signal == Signal::Closed) {
                    // A case that leaves the desk cancels the clocks its leaving
                    // does not stop.
                    cycle.unpause(at);
                    cycle.stop = Some(at);
                    cycle.cancelled = !stops;
                }
                let idle = cycles.last().is_none_or(|c| c.stop.is_some());
                if signal == Signal::Reopened && idle {
                    match metric.on_reopen {
                        OnReopen::Resume => {
                            if let Some(cycle) = cycles.last_mut() {
                                if let Some(stop) = cycle.stop.take() {
                                    cycle.cancelled = false;
                                    cycle.pauses.push((stop, Some(at)));
                                    cycle.priorities.push((at, priority));
                                    if paused {
                                        cycle.pause(at);
                                    }
                                }
                            }
                        }
                        OnReopen::NewCycle => start(&mut cycles, at, priority, paused),
                        OnReopen::Ignore => {}
                    }
                }
                let idle = cycles.last().is_none_or(|c| c.stop.is_some());
                if metric.start.contains(&signal) && idle && (cycles.is_empty() || metric.repeat) {
                    start(&mut cycles, at, priority, paused);
                }
            }
        }
    }
    cycles
}

/// Elapsed and paused business time of a cycle as of `until` (or its stop, if
/// earlier).
fn measure(
    cycle: &Cycle,
    calendar: &BusinessCalendar,
    until: DateTime<Utc>,
) -> Result<(TimeDelta, TimeDelta), CalendarError> {
    let start = cycle.start;
    let end = end_of(cycle, until);
    let mut paused = TimeDelta::zero();
    for (from, to) in &cycle.pauses {
        let (from, to) = (
            (*from).clamp(start, end),
            to.unwrap_or(end).clamp(start, end),
        );
        paused += calendar.between(from, to)?;
    }
    Ok((calendar.between(start, end)? - paused, paused))
}

/// The end of what a cycle has counted as of `now`: its stop, or `now`.
fn end_of(cycle: &Cycle, now: DateTime<Utc>) -> DateTime<Utc> {
    cycle
        .stop
        .map_or(now, |stop| stop.min(now))
        .max(cycle.start)
}

/// The instant the cycle's elapsed business time reached `amount`, if it did by
/// its end as of `now`.
fn reached(
    cycle: &Cycle,
    calendar: &BusinessCalendar,
    now: DateTime<Utc>,
    amount: TimeDelta,
) -> Result<Option<DateTime<Utc>>, CalendarError> {
    let end = end_of(cycle, now);
    let mut left = amount;
    let mut from = cycle.start;
    let pauses = cycle.pauses.iter().map(|(a, b)| (*a, b.unwrap_or(end)));
    for (pause_from, pause_to) in pauses.chain(core::iter::once((end, end))) {
        let until = pause_from.clamp(from, end);
        let counted = calendar.between(from, until)?;
        if counted >= left {
            return calendar.add(from, left).map(Some);
        }
        left -= counted;
        from = pause_to.clamp(from, end);
    }
    Ok(None)
}

/// The business time a target allows a cycle that starts at `start`.
fn allowed(
    target: &TargetSpec,
    calendar: &BusinessCalendar,
    start: DateTime<Utc>,
) -> Result<TimeDelta, CalendarError> {
    Ok(match target.within {
        Within::Minutes(minutes) => TimeDelta::minutes(i64::from(minutes)),
        Within::BusinessDays(days) => {
            calendar.between(start, calendar.business_days_after(start, days)?)?
        }
    })
}

/// When the cycle, still running at `until`, used up `target`, if it did by then.
fn breached_by(
    cycle: &Cycle,
    target: &TargetSpec,
    calendar: &BusinessCalendar,
    until: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, CalendarError> {
    let reached = reached(
        cycle,
        calendar,
        until,
        allowed(target, calendar, cycle.start)?,
    )?;
    Ok(reached.filter(|at| *at <= until))
}

fn start(cycles: &mut Vec<Cycle>, at: DateTime<Utc>, priority: Option<Priority>, paused: bool) {
    let mut cycle = Cycle {
        start: at,
        stop: None,
        pauses: Vec::new(),
        priorities: vec![(at, priority)],
        cancelled: false,
    };
    if paused {
        cycle.pause(at);
    }
    cycles.push(cycle);
}

impl SlaPolicy {
    /// The target that applies to `metric` for a case of `priority` in `scope`:
    /// the most specific match, the first among equals.
    #[must_use]
    pub fn target(
        &self,
        metric: &str,
        priority: Option<Priority>,
        scope: Scope<'_>,
    ) -> Option<&TargetSpec> {
        let mut best: Option<&TargetSpec> = None;
        for target in self.targets.iter().filter(|t| t.metric == metric) {
            let applies = target.priority.is_none_or(|p| Some(p) == priority)
                && target
                    .category
                    .as_deref()
                    .is_none_or(|code| in_category(scope.category, code))
                && target.channel.as_deref().is_none_or(|c| c == scope.channel)
                && target.tier.as_deref().is_none_or(|t| Some(t) == scope.tier);
            if applies && best.is_none_or(|b| target.specificity() > b.specificity()) {
                best = Some(target);
            }
        }
        best
    }

    /// The status of every cycle of every metric at `now`, in metric order. A
    /// cycle with no applicable target is left out: the policy does not measure it.
    ///
    /// `calendar` finds a calendar by the name a target gives.
    ///
    /// # Errors
    /// [`SlaError::UnknownCalendar`] when `calendar` does not know a target's
    /// calendar; [`SlaError::Calendar`] when an instant falls outside one.
    pub fn evaluate<'p, 'c>(
        &'p self,
        calendar: impl Fn(&str) -> Option<&'c BusinessCalendar>,
        scope: Scope<'_>,
        timeline: &Timeline<'_>,
        now: DateTime<Utc>,
    ) -> Result<Vec<SlaStatus<'p>>, SlaError> {
        let mut statuses = Vec::new();
        for metric in &self.metrics {
            let lookup = |target: &TargetSpec| {
                calendar(&target.calendar).ok_or_else(|| SlaError::UnknownCalendar {
                    metric: metric.name.clone(),
                    calendar: target.calendar.clone(),
                })
            };
            for (index, cycle) in cycles(metric, &self.pause_on, timeline, now)
                .into_iter()
                .enumerate()
            {
                // A breach under a target in force earlier stays a breach: a
                // priority change cannot undo it.
                let mut earlier_breach = None;
                for pair in cycle.priorities.windows(2) {
                    let [(_, earlier), (until, later)] = pair else {
                        continue;
                    };
                    let target = self.target(&metric.name, *earlier, scope);
                    if let (Some(target), true) = (target, earlier != later) {
                        if let Some(at) = breached_by(&cycle, target, lookup(target)?, *until)? {
                            earlier_breach = Some((target, at));
                            break;
                        }
                    }
                }
                let current = cycle.priorities.last().and_then(|(_, p)| *p);
                let Some(target) = self
                    .target(&metric.name, current, scope)
                    .or(earlier_breach.map(|(target, _)| target))
                else {
                    continue;
                };
                let number = u32::try_from(index).unwrap_or(u32::MAX);
                let mut status =
                    self.status(metric, number, &cycle, target, lookup(target)?, now)?;
                if let (Some((_, at)), false) =
                    (earlier_breach, status.state == ClockState::Breached)
                {
                    status.state = ClockState::Breached;
                    status.passed.retain(|(t, _)| *t != Threshold::Breach);
                    status.passed.push((Threshold::Breach, at));
                    status.passed.sort_by_key(|(_, at)| *at);
                    status.due_at = Some(at);
                    status.next = None;
                }
                statuses.push(status);
            }
        }
        Ok(statuses)
    }

    /// Whether a threshold not `recorded` may have been passed by `now`: `false`
    /// only when no cycle of any metric can have passed one, so that
    /// [`evaluate`](Self::evaluate) at `now` would list none in a status's
    /// `passed` that `recorded` does not hold. `true` when it cannot tell (a
    /// calendar it cannot find or that cannot answer).
    ///
    /// Cheap: no calendar is asked but for a target in business days. A
    /// threshold is passed when the cycle has counted its business time, and a
    /// cycle counts no more business time than the time from its start to its
    /// end as of `now` (a calendar's business time never runs faster than the
    /// clock), so a threshold of more than that cannot have been passed. That
    /// holds for the target in force now and for any target in force earlier.
    ///
    /// `recorded(metric, cycle, threshold)` says whether a threshold of a
    /// cycle (numbered as in [`SlaStatus::cycle`]) is already recorded.
    pub(crate) fn may_have_passed<'c>(
        &self,
        calendar: impl Fn(&str) -> Option<&'c BusinessCalendar>,
        scope: Scope<'_>,
        timeline: &Timeline<'_>,
        now: DateTime<Utc>,
        recorded: impl Fn(&str, u32, Threshold) -> bool,
    ) -> bool {
        // A metric has a cycle only if one of its start signals (or, for a
        // metric that starts a new cycle on reopen, a reopen) is on the
        // timeline: the others need no walk.
        // A signal past the mask's width (should the enum grow) counts as every one.
        let bit = |signal: Signal| 1_u64.checked_shl(signal as u32).unwrap_or(u64::MAX);
        let seen =
            timeline
                .entries
                .iter()
                .take_while(|e| e.at <= now)
                .fold(0_u64, |seen, entry| match entry.change {
                    Change::Signal(signal) => seen | bit(signal),
                    Change::Status(_) | Change::Priority(_) => seen,
                });
        for metric in &self.metrics {
            let reopens =
                metric.on_reopen == OnReopen::NewCycle && seen & bit(Signal::Reopened) != 0;
            if !reopens && !metric.start.iter().any(|s| seen & bit(*s) != 0) {
                continue;
            }
            for (index, cycle) in cycles(metric, &self.pause_on, timeline, now)
                .iter()
                .enumerate()
            {
                let number = u32::try_from(index).unwrap_or(u32::MAX);
                // The most business time the cycle can have counted by `now`.
                let most = end_of(cycle, now) - cycle.start;
                for (_, priority) in &cycle.priorities {
                    let Some(target) = self.target(&metric.name, *priority, scope) else {
                        continue;
                    };
                    let allowed = match target.within {
                        Within::Minutes(minutes) => TimeDelta::minutes(i64::from(minutes)),
                        Within::BusinessDays(_) => {
                            let Some(calendar) = calendar(&target.calendar) else {
                                return true;
                            };
                            match allowed(target, calendar, cycle.start) {
                                Ok(allowed) => allowed,
                                Err(_) => return true,
                            }
                        }
                    };
                    let passable = self.thresholds(allowed).any(|(threshold, amount)| {
                        amount <= most && !recorded(&metric.name, number, threshold)
                    });
                    if passable {
                        return true;
                    }
                }
            }
        }
        false
    }

    /// Each threshold of a clock that allows `allowed`, in order, with the
    /// business time counted when it is passed: the warnings, then the breach.
    pub(crate) fn thresholds(
        &self,
        allowed: TimeDelta,
    ) -> impl Iterator<Item = (Threshold, TimeDelta)> + '_ {
        self.warnings
            .iter()
            .map(move |w| (Threshold::Warning(*w), allowed * i32::from(*w) / 100))
            .chain(core::iter::once((Threshold::Breach, allowed)))
    }

    fn status<'p>(
        &'p self,
        metric: &'p MetricSpec,
        number: u32,
        cycle: &Cycle,
        target: &'p TargetSpec,
        calendar: &BusinessCalendar,
        now: DateTime<Utc>,
    ) -> Result<SlaStatus<'p>, SlaError> {
        let start = cycle.start;
        let (elapsed, paused) = measure(cycle, calendar, now)?;
        let allowed = allowed(target, calendar, start)?;
        let running = cycle.stop.is_none();
        let is_paused = running && matches!(cycle.pauses.last(), Some((_, None)));
        let thresholds = self.thresholds(allowed);
        let mut passed = Vec::new();
        let mut next = None;
        let mut due_at = None;
        for (threshold, amount) in thresholds {
            let reached = reached(cycle, calendar, now, amount)?;
            // A stop at the very instant a threshold is reached beats it.
            let passed_at = reached.filter(|at| cycle.stop.is_none_or(|stop| *at < stop));
            // A running clock projects the rest as if it ran on from now; a
            // stopped clock's unreached thresholds are moot, and may lie beyond
            // its calendar's range.
            let at = match reached {
                Some(at) => Some(at),
                None if running => Some(calendar.add(now, amount - elapsed)?),
                None => calendar.add(end_of(cycle, now), amount - elapsed).ok(),
            };
            if threshold == Threshold::Breach {
                due_at = at;
            }
            if let Some(at) = passed_at {
                passed.push((threshold, at));
            } else if next.is_none() && running && !is_paused {
                next = at.map(|at| (threshold, at));
            }
        }
        let state = match (cycle.stop, passed.last().map(|(t, _)| t)) {
            (_, Some(Threshold::Breach)) => ClockState::Breached,
            (Some(_), _) if cycle.cancelled => ClockState::Cancelled,
            (Some(_), _) => ClockState::Met,
            (None, _) if is_paused => ClockState::Paused,
            (None, Some(Threshold::Warning(_))) => ClockState::AtRisk,
            (None, None) => ClockState::Running,
        };
        Ok(SlaStatus {
            metric: &metric.name,
            cycle: number,
            target,
            started_at: start,
            stopped_at: cycle.stop,
            allowed,
            due_at,
            elapsed,
            paused,
            paused_since: match (cycle.stop, cycle.pauses.last()) {
                (None, Some((since, None))) => Some(*since),
                _ => None,
            },
            evaluated_at: now,
            remaining: allowed - elapsed,
            state,
            passed,
            next,
        })
    }
}
