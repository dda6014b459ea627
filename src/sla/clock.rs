//! Clocks: a [`Timeline`] of signals, status changes and priority changes, turned
//! into the [`SlaStatus`] of every cycle of every metric.
//!
//! Every figure is derived from the timeline each time, never from counters kept
//! along the way: a priority change re-targets a running clock without touching
//! its elapsed or paused time, and an entry that arrives late gives the same
//! answer as if it had come in order.

use core::ops::ControlFlow;

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
#[cfg_attr(feature = "serde", serde(tag = "kind", content = "percent", rename_all = "snake_case"))]
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
#[non_exhaustive]
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
    /// The priority at the start.
    priority: Option<Priority>,
    /// The priority from each later instant on (a change while the cycle runs,
    /// or a resume): empty for most cycles, so that one costs no allocation.
    changes: Vec<(DateTime<Utc>, Option<Priority>)>,
    /// Stopped because the case left the desk, not by a stop signal.
    cancelled: bool,
}

impl Cycle {
    fn new(at: DateTime<Utc>, priority: Option<Priority>, paused: bool) -> Self {
        let mut cycle = Cycle {
            start: at,
            stop: None,
            pauses: Vec::new(),
            priority,
            changes: Vec::new(),
            cancelled: false,
        };
        if paused {
            cycle.pause(at);
        }
        cycle
    }

    /// Makes this cycle a new one starting at `at`, keeping its allocations.
    fn restart(&mut self, at: DateTime<Utc>, priority: Option<Priority>, paused: bool) {
        self.start = at;
        self.stop = None;
        self.pauses.clear();
        self.priority = priority;
        self.changes.clear();
        self.cancelled = false;
        if paused {
            self.pause(at);
        }
    }

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

    /// The priority from each instant on: the first at the start.
    fn priorities(&self) -> impl Iterator<Item = (DateTime<Utc>, Option<Priority>)> + '_ {
        core::iter::once((self.start, self.priority)).chain(self.changes.iter().copied())
    }

    /// The priority in force last.
    fn current_priority(&self) -> Option<Priority> {
        self.changes.last().map_or(self.priority, |(_, p)| *p)
    }
}

/// Rebuilds the cycles of `metric` from `entries` (in time order), as of `now`:
/// entries after `now` are not seen. Calls `visit` with each cycle's number
/// (from 0) and the cycle as it stands at `now`, in order, once it can no
/// longer change; stops at the first `Break`. One pass, and one cycle kept at a
/// time: a cycle allocates only for its pauses and priority changes, and the
/// next reuses them.
fn walk_cycles<'a, B>(
    metric: &MetricSpec,
    pause_on: &[String],
    entries: impl Iterator<Item = Entry<'a>>,
    now: DateTime<Utc>,
    mut visit: impl FnMut(u32, &Cycle) -> ControlFlow<B>,
) -> ControlFlow<B> {
    let pause_on = metric.pause_on.as_deref().unwrap_or(pause_on);
    // The last cycle, and its number.
    let mut last: Option<Cycle> = None;
    let mut number = 0_u32;
    let mut paused = false;
    let mut priority = None;
    // Starts a cycle: the last one is final then.
    let mut begin = |last: &mut Option<Cycle>,
                     at: DateTime<Utc>,
                     priority: Option<Priority>,
                     paused: bool|
     -> ControlFlow<B> {
        match last {
            Some(cycle) => {
                visit(number, cycle)?;
                number = number.saturating_add(1);
                cycle.restart(at, priority, paused);
            }
            None => *last = Some(Cycle::new(at, priority, paused)),
        }
        ControlFlow::Continue(())
    };
    for entry in entries.take_while(|e| e.at <= now) {
        let at = entry.at;
        let running = last.as_mut().filter(|c| c.stop.is_none());
        match entry.change {
            Change::Priority(p) => {
                priority = Some(p);
                if let Some(cycle) = running {
                    cycle.changes.push((at, Some(p)));
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
                let idle = last.as_ref().is_none_or(|c| c.stop.is_some());
                if signal == Signal::Reopened && idle {
                    match metric.on_reopen {
                        OnReopen::Resume => {
                            if let Some(cycle) = last.as_mut() {
                                if let Some(stop) = cycle.stop.take() {
                                    cycle.cancelled = false;
                                    cycle.pauses.push((stop, Some(at)));
                                    cycle.changes.push((at, priority));
                                    if paused {
                                        cycle.pause(at);
                                    }
                                }
                            }
                        }
                        OnReopen::NewCycle => begin(&mut last, at, priority, paused)?,
                        OnReopen::Ignore => {}
                    }
                }
                let idle = last.as_ref().is_none_or(|c| c.stop.is_some());
                if metric.start.contains(&signal) && idle && (last.is_none() || metric.repeat) {
                    begin(&mut last, at, priority, paused)?;
                }
            }
        }
    }
    match &last {
        Some(cycle) => visit(number, cycle),
        None => ControlFlow::Continue(()),
    }
}

/// The signals a timeline gives by some instant, as a mask.
struct Seen(u64);

impl Seen {
    /// The signals among `entries` at or before `now`.
    fn of<'a>(entries: impl Iterator<Item = Entry<'a>>, now: DateTime<Utc>) -> Self {
        Seen(
            entries
                .take_while(|e| e.at <= now)
                .fold(0_u64, |seen, entry| match entry.change {
                    Change::Signal(signal) => seen | Self::bit(signal),
                    Change::Status(_) | Change::Priority(_) => seen,
                }),
        )
    }

    /// A signal's bit. A signal past the mask's width (should the enum grow)
    /// counts as every one.
    fn bit(signal: Signal) -> u64 {
        1_u64.checked_shl(signal as u32).unwrap_or(u64::MAX)
    }

    /// Whether `metric` may have a cycle: only if one of its start signals
    /// (or, for a metric that starts a new cycle on reopen, a reopen) was
    /// seen. The others need no walk.
    fn may_start(&self, metric: &MetricSpec) -> bool {
        let seen = |signal| self.0 & Self::bit(signal) != 0;
        (metric.on_reopen == OnReopen::NewCycle && seen(Signal::Reopened))
            || metric.start.iter().any(|s| seen(*s))
    }
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
    let paused = paused(cycle, calendar, start, end)?;
    Ok((calendar.between(start, end)? - paused, paused))
}

/// The business time a cycle spent paused within `[start, end]`.
fn paused(
    cycle: &Cycle,
    calendar: &BusinessCalendar,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<TimeDelta, CalendarError> {
    let mut paused = TimeDelta::zero();
    for (from, to) in &cycle.pauses {
        let (from, to) = (
            (*from).clamp(start, end),
            to.unwrap_or(end).clamp(start, end),
        );
        paused += calendar.between(from, to)?;
    }
    Ok(paused)
}

/// The end of what a cycle has counted as of `now`: its stop, or `now`.
fn end_of(cycle: &Cycle, now: DateTime<Utc>) -> DateTime<Utc> {
    cycle
        .stop
        .map_or(now, |stop| stop.min(now))
        .max(cycle.start)
}

/// The stretches a cycle counts in, as of `end`: from its start to its first
/// pause, from each pause's end to the next, and from the last to `end`.
fn stretches(
    cycle: &Cycle,
    end: DateTime<Utc>,
) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + '_ {
    let pauses = cycle
        .pauses
        .iter()
        .map(move |(a, b)| (*a, b.unwrap_or(end)));
    pauses.chain(core::iter::once((end, end))).scan(
        cycle.start,
        move |from, (pause_from, pause_to)| {
            let stretch = (*from, pause_from.clamp(*from, end));
            *from = pause_to.clamp(*from, end);
            Some(stretch)
        },
    )
}

/// The instant the cycle's elapsed business time reached `amount`, if it did by
/// its end as of `now`.
fn reached(
    cycle: &Cycle,
    calendar: &BusinessCalendar,
    now: DateTime<Utc>,
    amount: TimeDelta,
) -> Result<Option<DateTime<Utc>>, CalendarError> {
    let mut left = amount;
    for (from, until) in stretches(cycle, end_of(cycle, now)) {
        let counted = calendar.between(from, until)?;
        if counted >= left {
            return calendar.add(from, left).map(Some);
        }
        left -= counted;
    }
    Ok(None)
}

/// The most thresholds a clock can have that [`count`] handles: a valid policy's
/// warnings and the breach. A clock with more takes the slower road.
const MAX_THRESHOLDS: usize = SlaPolicy::MAX_WARNINGS + 1;

/// The thresholds of one clock, in order, with the business time counted when
/// each is passed, as [`SlaPolicy::thresholds`] gives them: in place.
struct Amounts {
    items: [(Threshold, TimeDelta); MAX_THRESHOLDS],
    len: usize,
}

impl Amounts {
    fn new() -> Self {
        Amounts {
            items: [(Threshold::Breach, TimeDelta::zero()); MAX_THRESHOLDS],
            len: 0,
        }
    }

    /// Fills in the thresholds of a clock that allows `allowed`; `None` when
    /// there are more than [`MAX_THRESHOLDS`].
    fn fill(&mut self, policy: &SlaPolicy, allowed: TimeDelta) -> Option<()> {
        self.len = 0;
        for item in policy.thresholds(allowed) {
            *self.items.get_mut(self.len)? = item;
            self.len += 1;
        }
        Some(())
    }

    fn as_slice(&self) -> &[(Threshold, TimeDelta)] {
        self.items.get(..self.len).unwrap_or(&[])
    }

    /// The least amount, if any.
    fn least(&self) -> Option<TimeDelta> {
        self.as_slice().iter().map(|(_, amount)| *amount).min()
    }
}

/// What a cycle counted by its end as of some instant: what [`measure`] gives,
/// and what [`reached`] gives for each amount, in one walk over its stretches
/// that asks the calendar for each instant's offset once.
struct Count {
    elapsed: TimeDelta,
    paused: TimeDelta,
    /// By threshold, in order: when it was reached, if it was.
    reached: [Option<DateTime<Utc>>; MAX_THRESHOLDS],
}

impl Count {
    fn new() -> Self {
        Count {
            elapsed: TimeDelta::zero(),
            paused: TimeDelta::zero(),
            reached: [None; MAX_THRESHOLDS],
        }
    }
}

/// [`measure`] and [`reached`] of every amount at once, into `count` (as
/// [`Count::new`] makes it). Between
/// two instants the calendar counts the difference of their offsets, so the
/// figures are [`measure`]'s and [`reached`]'s exactly; an error, though, may
/// be another than theirs, or come where they have none: the caller then asks
/// them.
fn count(
    cycle: &Cycle,
    calendar: &BusinessCalendar,
    now: DateTime<Utc>,
    amounts: &Amounts,
    count: &mut Count,
) -> Result<(), CalendarError> {
    let start = cycle.start;
    let end = end_of(cycle, now);
    let offset = |t| calendar.offset_nanos(t);
    let (start_offset, end_offset) = (offset(start)?, offset(end)?);
    count.paused = paused(cycle, calendar, start, end)?;
    count.elapsed = TimeDelta::nanoseconds(end_offset - start_offset) - count.paused;
    let mut pending = amounts.len;
    let mut counted_before = TimeDelta::zero();
    for (from, until) in stretches(cycle, end) {
        if pending == 0 {
            break;
        }
        let offset_of = |t| match t {
            t if t == start => Ok(start_offset),
            t if t == end => Ok(end_offset),
            t => offset(t),
        };
        let counted = TimeDelta::nanoseconds(offset_of(until)? - offset_of(from)?);
        for ((_, amount), at) in amounts.as_slice().iter().zip(count.reached.iter_mut()) {
            let left = *amount - counted_before;
            if at.is_none() && counted >= left {
                *at = Some(calendar.add(from, left)?);
                pending -= 1;
            }
        }
        counted_before += counted;
    }
    Ok(())
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

/// A cycle's start and stop on a calendar, by name.
type Span<'n> = (DateTime<Utc>, DateTime<Utc>, &'n str);

/// The business time `target` allows a cycle started at `start`, asking a
/// calendar only for a target in business days; `None` when its calendar
/// cannot be found or cannot answer.
fn allowance<'c>(
    target: &TargetSpec,
    calendar: &impl Fn(&str) -> Option<&'c BusinessCalendar>,
    start: DateTime<Utc>,
) -> Option<TimeDelta> {
    match target.within {
        Within::Minutes(minutes) => Some(TimeDelta::minutes(i64::from(minutes))),
        Within::BusinessDays(_) => allowed(target, calendar(&target.calendar)?, start).ok(),
    }
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

/// The calendar `target` counts on, found by name by `calendar`;
/// [`SlaError::UnknownCalendar`] for `metric` when it does not know it.
fn calendar_of<'c>(
    calendar: &impl Fn(&str) -> Option<&'c BusinessCalendar>,
    metric: &MetricSpec,
    target: &TargetSpec,
) -> Result<&'c BusinessCalendar, SlaError> {
    calendar(&target.calendar).ok_or_else(|| SlaError::UnknownCalendar {
        metric: metric.name.clone(),
        calendar: target.calendar.clone(),
    })
}

/// One cycle of a metric, measured under `target` on `calendar` as of `now`:
/// what [`SlaPolicy::status`] and its kin work out a status of.
#[derive(Clone, Copy)]
struct Under<'p, 'x> {
    /// The metric.
    metric: &'p MetricSpec,
    /// The cycle's number, from 0.
    number: u32,
    /// The cycle.
    cycle: &'x Cycle,
    /// The target it is measured against.
    target: &'p TargetSpec,
    /// The calendar the target counts on.
    calendar: &'x BusinessCalendar,
    /// When.
    now: DateTime<Utc>,
}

/// Finds the calendar a target counts on.
type Lookup<'f, 'c> = dyn Fn(&TargetSpec) -> Result<&'c BusinessCalendar, SlaError> + 'f;

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
        self.evaluate_entries(calendar, scope, timeline.entries.iter().copied(), now)
    }

    /// [`evaluate`](Self::evaluate) of a timeline given by its entries, which
    /// must be in time order (entries at the same instant in the order that
    /// counts), as a [`Timeline`] keeps them.
    pub(crate) fn evaluate_entries<'p, 'c, 'a>(
        &'p self,
        calendar: impl Fn(&str) -> Option<&'c BusinessCalendar>,
        scope: Scope<'_>,
        entries: impl Iterator<Item = Entry<'a>> + Clone,
        now: DateTime<Utc>,
    ) -> Result<Vec<SlaStatus<'p>>, SlaError> {
        let mut statuses = Vec::new();
        let flow = self.walk_metrics(entries, now, |metric, number, cycle| {
            let lookup = |target: &TargetSpec| calendar_of(&calendar, metric, target);
            match self.cycle_status(metric, number, cycle, scope, &lookup, now) {
                Ok(status) => {
                    statuses.extend(status);
                    ControlFlow::Continue(())
                }
                Err(error) => ControlFlow::Break(error),
            }
        });
        match flow {
            ControlFlow::Continue(()) => Ok(statuses),
            ControlFlow::Break(error) => Err(error),
        }
    }

    /// When the last cycle of the metric named `metric` reaches the target
    /// for the priority it has now, if that cycle is running at `now` and a
    /// target applies to it: the `due_at` that
    /// [`evaluate_entries`](Self::evaluate_entries) gives it, but for a
    /// breach under an earlier priority's target, which this does not look
    /// for. No other metric, nor the warnings, are worked out.
    pub(crate) fn running_due<'c, 'a>(
        &self,
        metric: &str,
        calendar: impl Fn(&str) -> Option<&'c BusinessCalendar>,
        scope: Scope<'_>,
        entries: impl Iterator<Item = Entry<'a>>,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, SlaError> {
        let Some(spec) = self.metric(metric) else {
            return Ok(None);
        };
        // When a running cycle reaches the target for its priority now: when
        // it did, or when it will if it runs on from now.
        let due_of = |cycle: &Cycle| -> Result<Option<DateTime<Utc>>, SlaError> {
            let Some(target) = self.target(metric, cycle.current_priority(), scope) else {
                return Ok(None);
            };
            let calendar = calendar_of(&calendar, spec, target)?;
            let allowed = allowed(target, calendar, cycle.start)?;
            let (elapsed, _) = measure(cycle, calendar, now)?;
            if elapsed < allowed {
                Ok(Some(calendar.add(now, allowed - elapsed)?))
            } else {
                Ok(reached(cycle, calendar, now, allowed)?)
            }
        };
        let mut due = Ok(None);
        let _ = walk_cycles(spec, &self.pause_on, entries, now, |_, cycle| {
            due = match cycle.stop {
                Some(_) => Ok(None),
                None => due_of(cycle),
            };
            match due {
                Ok(_) => ControlFlow::Continue(()),
                Err(_) => ControlFlow::Break(()),
            }
        });
        due
    }

    /// Rebuilds the cycles of each metric that may have one as of `now` (in
    /// metric order) from `entries`, in time order, and calls `visit` with the
    /// metric, the cycle's number and the cycle, as [`walk_cycles`] does;
    /// stops at the first `Break`.
    fn walk_metrics<'p, 'a, B>(
        &'p self,
        entries: impl Iterator<Item = Entry<'a>> + Clone,
        now: DateTime<Utc>,
        mut visit: impl FnMut(&'p MetricSpec, u32, &Cycle) -> ControlFlow<B>,
    ) -> ControlFlow<B> {
        let seen = Seen::of(entries.clone(), now);
        for metric in self.metrics.iter().filter(|m| seen.may_start(m)) {
            walk_cycles(
                metric,
                &self.pause_on,
                entries.clone(),
                now,
                |number, cycle| visit(metric, number, cycle),
            )?;
        }
        ControlFlow::Continue(())
    }

    /// The target a cycle is measured against, if any: the one for the
    /// priority it has now, or else one it breached under an earlier priority;
    /// and the breach under an earlier priority's target, if there was one.
    #[allow(clippy::type_complexity)]
    fn cycle_target<'p, 'c>(
        &'p self,
        metric: &MetricSpec,
        cycle: &Cycle,
        scope: Scope<'_>,
        lookup: &Lookup<'_, 'c>,
    ) -> Result<Option<(&'p TargetSpec, Option<DateTime<Utc>>)>, SlaError> {
        // A breach under a target in force earlier stays a breach: a
        // priority change cannot undo it.
        let mut earlier_breach = None;
        let mut priorities = cycle.priorities();
        if let Some((_, mut earlier)) = priorities.next() {
            for (until, later) in priorities {
                let target = self.target(&metric.name, earlier, scope);
                if let (Some(target), true) = (target, earlier != later) {
                    if let Some(at) = breached_by(cycle, target, lookup(target)?, until)? {
                        earlier_breach = Some((target, at));
                        break;
                    }
                }
                earlier = later;
            }
        }
        let target = self
            .target(&metric.name, cycle.current_priority(), scope)
            .or(earlier_breach.map(|(target, _)| target));
        Ok(target.map(|target| (target, earlier_breach.map(|(_, at)| at))))
    }

    /// The status of one cycle, `None` when no target applies to it.
    fn cycle_status<'p, 'c>(
        &'p self,
        metric: &'p MetricSpec,
        number: u32,
        cycle: &Cycle,
        scope: Scope<'_>,
        lookup: &Lookup<'_, 'c>,
        now: DateTime<Utc>,
    ) -> Result<Option<SlaStatus<'p>>, SlaError> {
        let Some((target, earlier_breach)) = self.cycle_target(metric, cycle, scope, lookup)?
        else {
            return Ok(None);
        };
        let calendar = lookup(target)?;
        let under = Under {
            metric,
            number,
            cycle,
            target,
            calendar,
            now,
        };
        let mut status = self.status(&under)?;
        if let (Some(at), false) = (earlier_breach, status.state == ClockState::Breached) {
            status.state = ClockState::Breached;
            status.passed.retain(|(t, _)| *t != Threshold::Breach);
            status.passed.push((Threshold::Breach, at));
            status.passed.sort_by_key(|(_, at)| *at);
            status.due_at = Some(at);
            status.next = None;
        }
        Ok(Some(status))
    }

    /// Calls `passed(metric, cycle, threshold, at)` for each threshold that
    /// [`evaluate_entries`](Self::evaluate_entries) at `now` lists in a
    /// status's `passed`, in the same order, without working out the rest of
    /// the statuses. `None` when it cannot tell: when `evaluate_entries` would
    /// fail, and perhaps when it would not; the caller then asks it (and
    /// discards what `passed` was given).
    pub(crate) fn each_passed<'p, 'c, 'a>(
        &'p self,
        calendar: impl Fn(&str) -> Option<&'c BusinessCalendar>,
        scope: Scope<'_>,
        entries: impl Iterator<Item = Entry<'a>> + Clone,
        now: DateTime<Utc>,
        mut passed: impl FnMut(&'p str, u32, Threshold, DateTime<Utc>),
    ) -> Option<()> {
        let flow = self.walk_metrics(entries, now, |metric, number, cycle| {
            let lookup = |target: &TargetSpec| calendar_of(&calendar, metric, target);
            let mut passed = |threshold, at| passed(&metric.name, number, threshold, at);
            match self.cycle_passed(metric, cycle, scope, &lookup, now, &mut passed) {
                Some(()) => ControlFlow::Continue(()),
                None => ControlFlow::Break(()),
            }
        });
        flow.is_continue().then_some(())
    }

    /// Calls `passed` for each threshold one cycle passed, as its status lists
    /// them in `passed` (none when no target applies to it); `None` when it
    /// cannot tell.
    fn cycle_passed<'c>(
        &self,
        metric: &MetricSpec,
        cycle: &Cycle,
        scope: Scope<'_>,
        lookup: &Lookup<'_, 'c>,
        now: DateTime<Utc>,
        passed: &mut impl FnMut(Threshold, DateTime<Utc>),
    ) -> Option<()> {
        let Some((target, earlier_breach)) =
            self.cycle_target(metric, cycle, scope, lookup).ok()?
        else {
            return Some(());
        };
        let calendar = lookup(target).ok()?;
        let allowed = allowed(target, calendar, cycle.start).ok()?;
        let mut amounts = Amounts::new();
        amounts.fill(self, allowed)?;
        if earlier_breach.is_none() && cycle.stop.is_some() {
            // A stopped cycle short of every amount in plain time passed
            // none (business time never runs faster than the clock), and its
            // status fails only on an instant the calendar does not cover:
            // every instant it asks about is between its start and its end.
            let end = end_of(cycle, now);
            let short = amounts
                .least()
                .is_none_or(|least| end - cycle.start < least);
            if short && calendar.covers(cycle.start) && calendar.covers(end) {
                return Some(());
            }
        }
        let mut counted = Count::new();
        count(cycle, calendar, now, &amounts, &mut counted).ok()?;
        // `evaluate` projects each threshold a running clock has not reached
        // from `now`, and fails if one lies beyond the calendar: so must this.
        // Adding more never lands earlier, so the furthest forward is enough.
        if cycle.stop.is_none() {
            let mut furthest = None;
            for ((_, amount), at) in amounts.as_slice().iter().zip(&counted.reached) {
                if at.is_none() {
                    let ahead = *amount - counted.elapsed;
                    if ahead > TimeDelta::zero() {
                        furthest = furthest.max(Some(ahead));
                    } else {
                        calendar.add(now, ahead).ok()?;
                    }
                }
            }
            if let Some(ahead) = furthest {
                calendar.add(now, ahead).ok()?;
            }
        }
        // A stop at the very instant a threshold is reached beats it.
        let list =
            amounts
                .as_slice()
                .iter()
                .zip(&counted.reached)
                .filter_map(|((threshold, _), at)| {
                    at.filter(|at| cycle.stop.is_none_or(|stop| *at < stop))
                        .map(|at| (*threshold, at))
                });
        // The breach is the last threshold, so passed only if passed last.
        let breached = list
            .clone()
            .next_back()
            .is_some_and(|(t, _)| t == Threshold::Breach);
        match earlier_breach.filter(|_| !breached) {
            None => list.for_each(|(threshold, at)| passed(threshold, at)),
            Some(at) => {
                // As `cycle_status` has it; the breach was not passed, so it
                // is not listed.
                let mut list: Vec<_> = list
                    .chain(core::iter::once((Threshold::Breach, at)))
                    .collect();
                list.sort_by_key(|(_, at)| *at);
                list.into_iter()
                    .for_each(|(threshold, at)| passed(threshold, at));
            }
        }
        Some(())
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
    /// `entries` are the timeline's, in time order, as for
    /// [`evaluate_entries`](Self::evaluate_entries).
    /// `recorded(metric, cycle, threshold)` says whether a threshold of a
    /// cycle (numbered as in [`SlaStatus::cycle`]) is already recorded.
    pub(crate) fn may_have_passed<'c, 'a>(
        &self,
        calendar: impl Fn(&str) -> Option<&'c BusinessCalendar>,
        scope: Scope<'_>,
        entries: impl Iterator<Item = Entry<'a>> + Clone,
        now: DateTime<Utc>,
        recorded: impl Fn(&str, u32, Threshold) -> bool,
    ) -> bool {
        self.any_unrecorded(
            scope,
            entries,
            now,
            recorded,
            |cycle, target, unrecorded| {
                // The most business time the cycle can have counted by `now`.
                let most = end_of(cycle, now) - cycle.start;
                allowance(target, &calendar, cycle.start)
                    .is_none_or(|allowed| self.any_within(allowed, most, unrecorded))
            },
        )
    }

    /// Whether a threshold not `recorded` may still come due on a clock of the
    /// timeline as of `now`: one a stopped cycle passed (its business time
    /// from start to stop reaches the threshold's), or one still to come on a
    /// running cycle. `false` only when no cycle of any metric has one, so
    /// that [`evaluate`](Self::evaluate) at `now` would list no threshold in a
    /// status's `passed` that `recorded` does not hold, and no `next`: the
    /// clocks give no deadline. `true` when it cannot tell (a calendar it
    /// cannot find or that cannot answer).
    ///
    /// Cheap for a timeline whose cycles have all stopped: at most one
    /// business-time measure per stopped cycle (none for a cycle shorter in
    /// plain time than its thresholds), and no threshold's instant is worked
    /// out.
    /// A cycle counts no more business time than its calendar has between
    /// its start and its stop, for the target in force now and for any target
    /// in force earlier.
    pub(crate) fn may_come_due<'c, 'a>(
        &self,
        calendar: impl Fn(&str) -> Option<&'c BusinessCalendar>,
        scope: Scope<'_>,
        entries: impl Iterator<Item = Entry<'a>> + Clone,
        now: DateTime<Utc>,
        recorded: impl Fn(&str, u32, Threshold) -> bool,
    ) -> bool {
        // The last span measured, start to stop on a calendar, and its
        // business time.
        let mut measured: Option<(Span<'_>, Option<TimeDelta>)> = None;
        self.any_unrecorded(
            scope,
            entries,
            now,
            recorded,
            |cycle, target, unrecorded| {
                let Some(stop) = cycle.stop else {
                    return true;
                };
                let Some(allowed) = allowance(target, &calendar, cycle.start) else {
                    return true;
                };
                // Business time never runs faster than the clock: a cycle
                // shorter than every threshold of minutes left needs no calendar.
                let minutes = matches!(target.within, Within::Minutes(_));
                if minutes && !self.any_within(allowed, stop - cycle.start, unrecorded) {
                    return false;
                }
                let Some(business) = calendar(&target.calendar) else {
                    return true;
                };
                let span = (cycle.start, stop, target.calendar.as_str());
                let most = match measured {
                    Some((measured, most)) if measured == span => most,
                    _ => {
                        let most = business.between(cycle.start, stop).ok();
                        measured = Some((span, most));
                        most
                    }
                };
                most.is_none_or(|most| self.any_within(allowed, most, unrecorded))
            },
        )
    }

    /// Whether, on some cycle of the timeline as of `now` with a threshold
    /// not `recorded`, `reaches(cycle, target, unrecorded)` holds for a
    /// target the cycle is measured against: the one for its priority now,
    /// or one in force earlier.
    fn any_unrecorded<'p, 'a>(
        &'p self,
        scope: Scope<'_>,
        entries: impl Iterator<Item = Entry<'a>> + Clone,
        now: DateTime<Utc>,
        recorded: impl Fn(&str, u32, Threshold) -> bool,
        mut reaches: impl FnMut(&Cycle, &'p TargetSpec, &dyn Fn(Threshold) -> bool) -> bool,
    ) -> bool {
        self.walk_metrics(entries, now, |metric, number, cycle| {
            let unrecorded = |threshold| !recorded(&metric.name, number, threshold);
            // Nothing left to pass needs no target's figures.
            let reachable = self.threshold_kinds().any(unrecorded)
                && cycle.priorities().any(|(_, priority)| {
                    self.target(&metric.name, priority, scope)
                        .is_some_and(|target| reaches(cycle, target, &unrecorded))
                });
            if reachable {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
        .is_break()
    }

    /// Whether a clock that allows `allowed` reaches a threshold not yet
    /// recorded once it has counted `most`.
    fn any_within(
        &self,
        allowed: TimeDelta,
        most: TimeDelta,
        unrecorded: &dyn Fn(Threshold) -> bool,
    ) -> bool {
        self.thresholds(allowed)
            .any(|(threshold, amount)| amount <= most && unrecorded(threshold))
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

    /// Each threshold of a clock, in order: the warnings, then the breach.
    fn threshold_kinds(&self) -> impl Iterator<Item = Threshold> + '_ {
        self.warnings
            .iter()
            .map(|w| Threshold::Warning(*w))
            .chain(core::iter::once(Threshold::Breach))
    }

    /// The status of one cycle under `target`: [`status_exact`](Self::status_exact)'s
    /// answer, from one [`count`] of the cycle rather than a walk per threshold.
    /// Where the count fails, `status_exact` says what fails.
    fn status<'p>(&'p self, under: &Under<'p, '_>) -> Result<SlaStatus<'p>, SlaError> {
        let Under {
            cycle, calendar, ..
        } = *under;
        let mut count = Count::new();
        let mut amounts = Amounts::new();
        let counted = allowed(under.target, calendar, cycle.start)
            .ok()
            .and_then(|allowed| {
                amounts.fill(self, allowed)?;
                self::count(cycle, calendar, under.now, &amounts, &mut count).ok()?;
                Some(allowed)
            });
        let Some(allowed) = counted else {
            return self.status_exact(under);
        };
        let reached = amounts
            .as_slice()
            .iter()
            .zip(&count.reached)
            .map(|((threshold, amount), reached)| Ok((*threshold, *amount, *reached)));
        match self.status_of(under, (allowed, count.elapsed, count.paused), reached) {
            Ok(status) => Ok(status),
            Err(_) => self.status_exact(under),
        }
    }

    /// The status of one cycle under `target`, with a walk of the cycle for
    /// each threshold: what [`status`](Self::status) answers, and the error
    /// that counts when one fails.
    fn status_exact<'p>(&'p self, under: &Under<'p, '_>) -> Result<SlaStatus<'p>, SlaError> {
        let Under {
            cycle,
            calendar,
            now,
            ..
        } = *under;
        let (elapsed, paused) = measure(cycle, calendar, now)?;
        let allowed = allowed(under.target, calendar, cycle.start)?;
        let reached = self.thresholds(allowed).map(|(threshold, amount)| {
            Ok((threshold, amount, reached(cycle, calendar, now, amount)?))
        });
        self.status_of(under, (allowed, elapsed, paused), reached)
    }

    /// The status of one cycle under `target`, from its allowed, elapsed and
    /// paused time and, threshold by threshold in order, its amount and when
    /// it was reached.
    fn status_of<'p>(
        &'p self,
        under: &Under<'p, '_>,
        (allowed, elapsed, paused): (TimeDelta, TimeDelta, TimeDelta),
        thresholds: impl Iterator<
            Item = Result<(Threshold, TimeDelta, Option<DateTime<Utc>>), CalendarError>,
        >,
    ) -> Result<SlaStatus<'p>, SlaError> {
        let Under {
            metric,
            number,
            cycle,
            target,
            calendar,
            now,
        } = *under;
        let start = cycle.start;
        let running = cycle.stop.is_none();
        let is_paused = running && matches!(cycle.pauses.last(), Some((_, None)));
        let mut passed = Vec::new();
        let mut next = None;
        let mut due_at = None;
        for threshold in thresholds {
            let (threshold, amount, reached) = threshold?;
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
