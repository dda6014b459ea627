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
/// they were given in.
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
    /// Stopped no later than the instant the target was reached. Final.
    Met,
    /// The target was reached before the clock stopped, or, still running, by
    /// now. Final: a later priority change does not undo it.
    Breached,
}

impl ClockState {
    /// Whether the cycle is over: met or breached stay so.
    #[must_use]
    pub const fn is_final(self) -> bool {
        matches!(self, ClockState::Met | ClockState::Breached)
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
    /// When the elapsed time reaches the target: the instant it did, or, for a
    /// clock still short of it, when it will if it runs on from now without
    /// pausing. Without pauses after it, this is the calendar's `add` of the
    /// allowed time plus the paused business time to the start.
    pub due_at: DateTime<Utc>,
    /// Business time counted.
    pub elapsed: TimeDelta,
    /// Business time spent paused.
    pub paused: TimeDelta,
    /// When the pause in force began, for a clock paused now.
    pub paused_since: Option<DateTime<Utc>>,
    /// The instant the status is for.
    pub evaluated_at: DateTime<Utc>,
    /// Allowed minus elapsed; negative once breached.
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
                if let Some(cycle) = running.filter(|_| metric.stop.contains(&signal)) {
                    cycle.unpause(at);
                    cycle.stop = Some(at);
                }
                let idle = cycles.last().is_none_or(|c| c.stop.is_some());
                if signal == Signal::Reopened && idle {
                    match metric.on_reopen {
                        OnReopen::Resume => {
                            if let Some(cycle) = cycles.last_mut() {
                                if let Some(stop) = cycle.stop.take() {
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
    let end = cycle.stop.map_or(until, |stop| stop.min(until)).max(start);
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

/// When the cycle's elapsed business time reaches `amount`: within the cycle as
/// of `now` if it did, otherwise projected as if the clock ran on from `now` (or
/// its stop) without pausing.
fn reach(
    cycle: &Cycle,
    calendar: &BusinessCalendar,
    now: DateTime<Utc>,
    amount: TimeDelta,
) -> Result<DateTime<Utc>, CalendarError> {
    let start = cycle.start;
    let end = cycle.stop.map_or(now, |stop| stop.min(now)).max(start);
    let mut left = amount;
    let mut from = start;
    let pauses = cycle.pauses.iter().map(|(a, b)| (*a, b.unwrap_or(end)));
    for (pause_from, pause_to) in pauses.chain(core::iter::once((end, end))) {
        let until = pause_from.clamp(from, end);
        let counted = calendar.between(from, until)?;
        if counted >= left {
            return calendar.add(from, left);
        }
        left -= counted;
        from = pause_to.clamp(from, end);
    }
    calendar.add(end, left)
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
    let at = reach(
        cycle,
        calendar,
        until,
        allowed(target, calendar, cycle.start)?,
    )?;
    Ok((at <= until).then_some(at))
}

fn start(cycles: &mut Vec<Cycle>, at: DateTime<Utc>, priority: Option<Priority>, paused: bool) {
    let mut cycle = Cycle {
        start: at,
        stop: None,
        pauses: Vec::new(),
        priorities: vec![(at, priority)],
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
        let in_category = |code: &str| {
            scope.category == code
                || scope
                    .category
                    .strip_prefix(code)
                    .is_some_and(|rest| rest.starts_with('/'))
        };
        let mut best: Option<&TargetSpec> = None;
        for target in self.targets.iter().filter(|t| t.metric == metric) {
            let applies = target.priority.is_none_or(|p| Some(p) == priority)
                && target.category.as_deref().is_none_or(in_category)
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
            for (index, cycle) in cycles(metric, &self.pause_on, timeline, now)
                .into_iter()
                .enumerate()
            {
                let lookup = |target: &TargetSpec| {
                    calendar(&target.calendar).ok_or_else(|| SlaError::UnknownCalendar {
                        metric: metric.name.clone(),
                        calendar: target.calendar.clone(),
                    })
                };
                let current = cycle.priorities.last().and_then(|(_, p)| *p);
                let Some(target) = self.target(&metric.name, current, scope) else {
                    continue;
                };
                let number = u32::try_from(index).unwrap_or(u32::MAX);
                let mut status =
                    self.status(metric, number, &cycle, target, lookup(target)?, now)?;
                // A breach under a target in force earlier stays a breach: a
                // priority change cannot undo it.
                if status.state != ClockState::Breached {
                    for pair in cycle.priorities.windows(2) {
                        let [(_, earlier), (until, _)] = pair else {
                            continue;
                        };
                        let Some(target) = self.target(&metric.name, *earlier, scope) else {
                            continue;
                        };
                        if let Some(at) = breached_by(&cycle, target, lookup(target)?, *until)? {
                            status.state = ClockState::Breached;
                            status.passed.push((Threshold::Breach, at));
                            status.next = None;
                            break;
                        }
                    }
                }
                statuses.push(status);
            }
        }
        Ok(statuses)
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
        let is_paused = cycle.stop.is_none() && matches!(cycle.pauses.last(), Some((_, None)));
        let thresholds = self
            .warnings
            .iter()
            .map(|w| (Threshold::Warning(*w), allowed * i32::from(*w) / 100))
            .chain(core::iter::once((Threshold::Breach, allowed)));
        let mut passed = Vec::new();
        let mut next = None;
        let mut due_at = start;
        for (threshold, amount) in thresholds {
            let at = reach(cycle, calendar, now, amount)?;
            if threshold == Threshold::Breach {
                due_at = at;
            }
            // A stop at the very instant a threshold is reached beats it.
            let passed_by = match cycle.stop {
                Some(stop) => at < stop,
                None => at <= now,
            };
            if passed_by {
                passed.push((threshold, at));
            } else if next.is_none() && cycle.stop.is_none() && !is_paused {
                next = Some((threshold, at));
            }
        }
        let state = match (cycle.stop, passed.last().map(|(t, _)| t)) {
            (_, Some(Threshold::Breach)) => ClockState::Breached,
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
