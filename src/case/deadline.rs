//! Deadlines: when a case next needs the caller's scheduler, and what comes due
//! then: escalation ladder levels, SLA warnings and breaches.
//!
//! The SLA clocks read the case's own timeline, kept by `apply`: this module maps
//! case events onto SLA signals, and SLA statuses back onto case events.

use chrono::{DateTime, TimeDelta, Utc};

use super::command::{Command, Intake};
use super::decide::escalated;
use super::error::CaseError;
use super::event::Event;
use super::state::{Case, NoteVisibility, SlaChange, SlaMark};
use crate::envelope::Recorded;
use crate::policy::case::Status;
use crate::policy::{Ctx, Policy};
use crate::priority::{EscalationTrigger, Milestone};
use crate::sla::{Change, Entry, Scope, Signal, SlaStatus, Threshold, Timeline};

/// The instants a command brings in besides `ctx.now()`: the intake's received,
/// occurred and aware times.
pub(super) fn command_instants(command: &Command) -> impl Iterator<Item = DateTime<Utc>> + Clone {
    let intake = match command {
        Command::Log { intake, .. } => Some(intake),
        _ => None,
    };
    intake.into_iter().flat_map(Intake::times).flatten()
}

/// The instants a recorded event brings in: when it was recorded, and the
/// domain times it carries (the intake's, and when an SLA threshold was
/// reached).
pub(super) fn instants(recorded: &Recorded<Event>) -> impl Iterator<Item = DateTime<Utc>> {
    let carried = match &recorded.event {
        Event::Logged { intake, .. } => intake.times(),
        Event::SlaWarning { reached_at, .. } | Event::SlaBreached { reached_at, .. } => {
            [Some(*reached_at), None, None]
        }
        Event::Acknowledged { .. }
        | Event::Assigned { .. }
        | Event::Routed { .. }
        | Event::HandedOver { .. }
        | Event::Recategorised { .. }
        | Event::Transferred { .. }
        | Event::NoteAdded { .. }
        | Event::InvestigationStarted { .. }
        | Event::WaitStarted { .. }
        | Event::Resumed { .. }
        | Event::ResolutionProposed { .. }
        | Event::Resolved { .. }
        | Event::ResolutionReviewed { .. }
        | Event::FollowUpRecorded { .. }
        | Event::FollowUpWaived { .. }
        | Event::FollowUpUnanswered { .. }
        | Event::QualityRecordLinked { .. }
        | Event::NoCapaApproved { .. }
        | Event::Closed { .. }
        | Event::Reopened { .. }
        | Event::Withdrawn { .. }
        | Event::Rejected { .. }
        | Event::Merged { .. }
        | Event::Unmerged { .. }
        | Event::Escalated { .. }
        | Event::Deescalated { .. }
        | Event::CustomerMessageReceived { .. }
        | Event::ServiceDelivered { .. }
        | Event::Reassessed { .. }
        | Event::ConcernResolved { .. }
        | Event::NoCapaProposed { .. }
        | Event::LegalHoldPlaced { .. }
        | Event::LegalHoldReleased { .. }
        | Event::PersonalDataErased { .. } => [None; 3],
        Event::Promised { due } => [Some(*due), None, None],
        Event::MessageQueued { .. }
        | Event::MessageDelivered { .. }
        | Event::MessageFailed { .. } => [None; 3],
    };
    core::iter::once(recorded.at).chain(carried.into_iter().flatten())
}

/// The next level of the case's escalation ladder above `above` and when it
/// comes due, if the case has a ladder and such a level is left whose milestone
/// was not met by its due instant. Each level is judged as of its own due
/// instant, so a scheduler that runs late records what one on time would have:
/// a level counts unless the case was acknowledged (for "unless
/// acknowledged"; a resolution counts as an acknowledgement) or resolved by
/// then, or had finished by then. The ladder starts at receipt, or at the last
/// reopen. A manual de-escalation does not make the ladder fire again.
fn next_escalation(
    case: &Case,
    policy: &Policy,
    above: u8,
) -> Result<Option<(u8, DateTime<Utc>)>, CaseError> {
    let (Some(priority), Some(start)) = (case.priority, case.ladder_started_at) else {
        return Ok(None);
    };
    let Some(ladder) = policy.priority().ladder(priority) else {
        return Ok(None);
    };
    let Some(calendar) = policy.calendar_named(&ladder.calendar) else {
        return Ok(None);
    };
    let by = |t: Option<DateTime<Utc>>, due| t.is_some_and(|t| t <= due);
    let top = policy.case().escalation_levels;
    for (level, step) in (1..=top).zip(&ladder.levels).skip(usize::from(above)) {
        let due = step
            .due(calendar, start)
            .map_err(|source| CaseError::LadderOutOfRange {
                priority,
                level,
                source,
            })?;
        let resolved = by(case.resolved_at, due);
        let met = by(case.finished_at, due)
            || match step.unless {
                Milestone::Acknowledged => resolved || by(case.acknowledged_at, due),
                Milestone::Resolved => resolved,
            };
        if !met {
            return Ok(Some((level, due)));
        }
    }
    Ok(None)
}

/// The SLA timeline entries an event adds, at `at` (the intake's at its receipt).
pub(super) fn sla_changes(event: &Event, at: DateTime<Utc>) -> impl Iterator<Item = SlaMark> {
    let mark = |at, change| Some(SlaMark { at, change });
    let signal = |s| mark(at, SlaChange::Signal(s));
    let status = event
        .status()
        .filter(|_| !matches!(event, Event::Logged { .. }))
        .and_then(|s| mark(at, SlaChange::Status(s)));
    let marks: [Option<SlaMark>; 3] = match event {
        Event::Logged {
            intake, priority, ..
        } => {
            let received = intake.received_at;
            [
                mark(received, SlaChange::Priority(*priority)),
                mark(received, SlaChange::Signal(Signal::Received)),
                mark(received, SlaChange::Status(Status::Received)),
            ]
        }
        Event::Acknowledged { .. } => [
            status,
            signal(Signal::Acknowledged),
            signal(Signal::Responded),
        ],
        Event::NoteAdded {
            visibility: NoteVisibility::Customer,
            ..
        } => [signal(Signal::Responded), None, None],
        Event::CustomerMessageReceived { .. } => [signal(Signal::CustomerMessage), None, None],
        // A message is word from the desk, as a note to the customer is.
        Event::MessageQueued { .. } => [signal(Signal::Responded), None, None],
        Event::ServiceDelivered { .. } => [signal(Signal::ServiceDelivered), None, None],
        Event::ConcernResolved { .. } => [signal(Signal::ConcernResolved), None, None],
        Event::ResolutionProposed { .. } => [status, signal(Signal::Responded), None],
        Event::Resolved { .. } => [status, signal(Signal::Resolved), None],
        Event::FollowUpRecorded {
            concern_resolved, ..
        } => [
            signal(Signal::FollowedUp),
            if *concern_resolved {
                None
            } else {
                signal(Signal::ConcernRaised)
            },
            None,
        ],
        // An attempt is the contact the follow-up clock waits for, answered
        // or not.
        Event::FollowUpWaived { .. } | Event::FollowUpUnanswered { .. } => {
            [signal(Signal::FollowedUp), None, None]
        }
        Event::Escalated {
            trigger: EscalationTrigger::UnresolvedConcern | EscalationTrigger::Manual,
            ..
        } => [signal(Signal::ConcernEscalated), None, None],
        Event::Reopened { .. } => [status, signal(Signal::Reopened), None],
        Event::Closed { .. }
        | Event::Withdrawn { .. }
        | Event::Rejected { .. }
        | Event::Merged { .. } => [status, signal(Signal::Closed), None],
        Event::Reassessed { priority, .. } => {
            [mark(at, SlaChange::Priority(*priority)), None, None]
        }
        Event::Escalated { .. } => [None, None, None],
        Event::Assigned { .. }
        | Event::Routed { .. }
        | Event::HandedOver { .. }
        | Event::Recategorised { .. }
        | Event::Transferred { .. }
        | Event::NoteAdded { .. }
        | Event::InvestigationStarted { .. }
        | Event::WaitStarted { .. }
        | Event::Resumed { .. }
        | Event::ResolutionReviewed { .. }
        | Event::QualityRecordLinked { .. }
        | Event::NoCapaApproved { .. }
        | Event::NoCapaProposed { .. }
        | Event::LegalHoldPlaced { .. }
        | Event::LegalHoldReleased { .. }
        | Event::PersonalDataErased { .. }
        | Event::Promised { .. }
        | Event::MessageDelivered { .. }
        | Event::MessageFailed { .. }
        | Event::Unmerged { .. }
        | Event::Deescalated { .. }
        | Event::SlaWarning { .. }
        | Event::SlaBreached { .. } => [status, None, None],
    };
    marks.into_iter().flatten()
}

/// A mark of the case's SLA timeline as a timeline entry.
fn entry(mark: &SlaMark) -> Entry<'static> {
    Entry {
        at: mark.at,
        change: match mark.change {
            SlaChange::Signal(signal) => Change::Signal(signal),
            SlaChange::Status(status) => Change::Status(status.as_str()),
            SlaChange::Priority(priority) => Change::Priority(priority),
        },
    }
}

/// The entries of a case's SLA timeline, in time order: its marks, or the
/// timeline built from them when they are not in order.
#[derive(Clone)]
enum SlaEntries<'c> {
    Marks(core::slice::Iter<'c, SlaMark>),
    Sorted(core::slice::Iter<'c, Entry<'static>>),
}

impl Iterator for SlaEntries<'_> {
    type Item = Entry<'static>;

    fn next(&mut self) -> Option<Entry<'static>> {
        match self {
            SlaEntries::Marks(marks) => marks.next().map(entry),
            SlaEntries::Sorted(entries) => entries.next().copied(),
        }
    }
}

impl Case {
    /// The case's SLA timeline, for [`SlaPolicy::evaluate`](crate::sla::SlaPolicy::evaluate).
    #[must_use]
    pub fn sla_timeline(&self) -> Timeline<'static> {
        Timeline::new(self.sla_marks.iter().map(entry))
    }

    /// The status of every SLA clock of the case at `now`, under the policy's SLA
    /// targets: one per metric and cycle. Empty before the case is logged.
    ///
    /// # Errors
    /// [`CaseError::Calendar`] when a clock's calendar cannot answer for its
    /// instants.
    pub fn sla_status<'p>(
        &self,
        policy: &'p Policy,
        now: DateTime<Utc>,
    ) -> Result<Vec<SlaStatus<'p>>, CaseError> {
        let Some(scope) = self.sla_scope() else {
            return Ok(Vec::new());
        };
        Ok(self.with_sla_entries(|entries| {
            policy
                .sla()
                .evaluate_entries(|name| policy.calendar_named(name), scope, entries, now)
        })?)
    }

    /// Calls `f` with the entries of the case's SLA timeline, in time order,
    /// as [`sla_timeline`](Self::sla_timeline) has them: the marks as they are
    /// when they are in time order already (as `apply` keeps them for events
    /// recorded in order), without building the timeline.
    fn with_sla_entries<R>(&self, f: impl FnOnce(SlaEntries<'_>) -> R) -> R {
        if self.sla_marks.is_sorted_by_key(|mark| mark.at) {
            f(SlaEntries::Marks(self.sla_marks.iter()))
        } else {
            let timeline = self.sla_timeline();
            f(SlaEntries::Sorted(timeline.entries().iter()))
        }
    }

    /// The time the policy's promise rule gives as of `now`, with `added`
    /// (marks at `now`) after the case's timeline: the promise metric's due
    /// instant for its running cycle, not before `now`, padded and rounded.
    /// `None` when the metric has no running cycle with a target.
    pub(super) fn promise_due(
        &self,
        policy: &Policy,
        added: impl Iterator<Item = SlaMark>,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, CaseError> {
        let Some(scope) = self.sla_scope() else {
            return Ok(None);
        };
        let rule = &policy.communication().promise;
        let due = self.with_sla_entries(|entries| {
            policy.sla().running_due(
                &rule.metric,
                |name| policy.calendar_named(name),
                scope,
                entries.chain(added.map(|mark| entry(&mark))),
                now,
            )
        })?;
        Ok(due.map(|due| rule.promise(due.max(now))))
    }

    /// Whether an SLA threshold not recorded may still come due, as of `now`:
    /// `false` only when the clocks give no deadline, which is cheap to tell
    /// once every clock has stopped and what it passed is recorded (as on a
    /// closed case).
    fn sla_may_come_due(&self, policy: &Policy, now: DateTime<Utc>) -> bool {
        let Some(scope) = self.sla_scope() else {
            return false;
        };
        self.with_sla_entries(|entries| {
            policy.sla().may_come_due(
                |name| policy.calendar_named(name),
                scope,
                entries,
                now,
                |metric, cycle, threshold| self.has_recorded(metric, cycle, threshold),
            )
        })
    }

    /// What picks the case's SLA targets besides metric and priority; `None`
    /// before the case is logged.
    fn sla_scope(&self) -> Option<Scope<'_>> {
        let intake = self.intake.as_ref()?;
        Some(Scope {
            category: &intake.category,
            channel: intake.channel.kind_name(),
            tier: intake.facts.customer_tier.as_deref(),
        })
    }

    /// Whether an SLA threshold has been recorded.
    fn has_recorded(&self, metric: &str, cycle: u32, threshold: Threshold) -> bool {
        self.sla_recorded
            .iter()
            .any(|r| r.metric == metric && r.cycle == cycle && r.threshold == threshold)
    }

    /// When the case next needs the caller's scheduler (the
    /// [`Aggregate::next_deadline`](crate::Aggregate::next_deadline) of a case):
    /// the earliest of the next escalation-ladder level and any SLA warning or
    /// breach not yet recorded, passed or to come, with the clocks as they
    /// stand after the case's last event.
    pub(super) fn deadline(&self, policy: &Policy) -> Result<Option<DateTime<Utc>>, CaseError> {
        let Some(as_of) = self.updated_at else {
            return Ok(None);
        };
        let mut next = next_escalation(self, policy, self.escalation_peak)?.map(|(_, at)| at);
        if !self.sla_may_come_due(policy, as_of) {
            return Ok(next);
        }
        for status in self.sla_status(policy, as_of)? {
            let unrecorded = unrecorded(self, &status).map(|(_, at)| at);
            for at in unrecorded.chain(self.next_unrecorded(policy, &status)?) {
                next = Some(next.map_or(at, |n: DateTime<Utc>| n.min(at)));
            }
        }
        Ok(next)
    }

    /// The first threshold of a running clock still to come that the case has
    /// not recorded. That is `status.next`, unless a reassessment moved the
    /// target later than a threshold already recorded under the earlier one:
    /// a cycle records each threshold once, so the 75 % warning recorded under
    /// an eight-hour target does not come due again under a day's.
    fn next_unrecorded(
        &self,
        policy: &Policy,
        status: &SlaStatus<'_>,
    ) -> Result<Option<DateTime<Utc>>, CaseError> {
        let Some((next, at)) = status.next else {
            return Ok(None);
        };
        if !self.has_recorded(status.metric, status.cycle, next) {
            return Ok(Some(at));
        }
        let Some(calendar) = policy.calendar_named(&status.target.calendar) else {
            return Ok(None);
        };
        let to_come = policy
            .sla()
            .thresholds(status.allowed)
            .find(|(threshold, amount)| {
                *amount > status.elapsed
                    && !self.has_recorded(status.metric, status.cycle, *threshold)
            });
        Ok(match to_come {
            Some((_, amount)) => Some(calendar.add(status.evaluated_at, amount - status.elapsed)?),
            None => None,
        })
    }
}

/// The thresholds a clock passed that the case has not recorded. A warning is
/// reached only while its clock runs, so it counts even when the clock has
/// stopped since: judged as of the instant it was reached.
fn unrecorded<'s>(
    case: &'s Case,
    status: &'s SlaStatus<'_>,
) -> impl Iterator<Item = (Threshold, DateTime<Utc>)> + 's {
    status
        .passed
        .iter()
        .copied()
        .filter(move |(threshold, _)| !case.has_recorded(status.metric, status.cycle, *threshold))
}

/// Whether anything may have come due by `ctx.now()` that the case has not
/// recorded: `false` only when [`deadlines_due`] would find nothing, or could
/// not compute what came due. Cheap, for the commands that first record what
/// came due before them: no SLA clock is evaluated, and only a target in
/// business days asks a calendar.
///
/// A ladder level comes due its business minutes after the ladder's start,
/// and a threshold when its clock has counted its business time; a calendar's
/// business time never runs faster than the clock, so neither can have come
/// due before as many minutes of plain time have passed.
pub(super) fn may_be_due(case: &Case, ctx: &Ctx<'_>) -> bool {
    ladder_may_be_due(case, ctx.policy(), ctx.now()) || {
        let Some(scope) = case.sla_scope() else {
            return false;
        };
        case.with_sla_entries(|entries| {
            ctx.policy().sla().may_have_passed(
                |name| ctx.policy().calendar_named(name),
                scope,
                entries,
                ctx.now(),
                |metric, cycle, threshold| case.has_recorded(metric, cycle, threshold),
            )
        })
    }
}

/// Whether a level of the case's escalation ladder above its peak may have
/// come due by `now`: [`next_escalation`] finds none due by then otherwise.
fn ladder_may_be_due(case: &Case, policy: &Policy, now: DateTime<Utc>) -> bool {
    let (Some(priority), Some(start)) = (case.priority, case.ladder_started_at) else {
        return false;
    };
    let Some(ladder) = policy.priority().ladder(priority) else {
        return false;
    };
    let top = policy.case().escalation_levels;
    (1..=top)
        .zip(&ladder.levels)
        .skip(usize::from(case.escalation_peak))
        .any(|(_, step)| {
            start
                .checked_add_signed(TimeDelta::minutes(i64::from(step.after_minutes)))
                .is_none_or(|earliest| earliest <= now)
        })
}

/// Whether the breach of `metric` at `reached_at` escalates the case's
/// concern: the metric is a concern's clock (it starts on `concern_raised`),
/// and the case has a concern open that nobody escalated by then.
fn escalates_concern(case: &Case, ctx: &Ctx<'_>, metric: &str, reached_at: DateTime<Utc>) -> bool {
    let concern_clock = ctx
        .policy()
        .sla()
        .metrics
        .iter()
        .any(|m| m.name == metric && m.start.contains(&Signal::ConcernRaised));
    concern_clock
        && case.open_concern.is_some_and(|c| {
            c.raised_at <= reached_at && c.escalated_at.is_none_or(|e| e > reached_at)
        })
}

/// Everything due by `ctx.now()`, in the order it came due, each judged as of
/// its own due instant: ladder levels, and SLA warnings and breaches not yet
/// recorded, a breach escalating the case where the policy says so and the
/// case had not finished when it was reached, unless a ladder level came due
/// at the same instant (one lapse, one escalation).
/// Whether a breach of `metric` raises the case's escalation level: as the
/// metric says, or else as the policy does.
fn escalates_on_breach(ctx: &Ctx<'_>, metric: &str) -> bool {
    let sla = ctx.policy().sla();
    sla.metric(metric)
        .and_then(|m| m.escalate_on_breach)
        .unwrap_or(sla.escalate_on_breach)
}

pub(super) fn deadlines_due(case: &Case, ctx: &Ctx<'_>) -> Result<Vec<Event>, CaseError> {
    let mut thresholds = Vec::new();
    // What the clocks passed, without the rest of their statuses; where that
    // cannot tell (a calendar that cannot answer), the statuses say, or say
    // what fails.
    let passed = case.sla_scope().map_or(Some(()), |scope| {
        case.with_sla_entries(|entries| {
            ctx.policy().sla().each_passed(
                |name| ctx.policy().calendar_named(name),
                scope,
                entries,
                ctx.now(),
                |metric, cycle, threshold, reached_at| {
                    if !case.has_recorded(metric, cycle, threshold) {
                        thresholds.push((reached_at, metric, cycle, threshold));
                    }
                },
            )
        })
    });
    if passed.is_none() {
        thresholds.clear();
        for status in case.sla_status(ctx.policy(), ctx.now())? {
            for (threshold, reached_at) in unrecorded(case, &status) {
                thresholds.push((reached_at, status.metric, status.cycle, threshold));
            }
        }
    }
    thresholds.sort_by_key(|(reached_at, ..)| *reached_at);
    let mut thresholds = thresholds.into_iter().peekable();
    let (mut above, mut level) = (case.escalation_peak, case.escalation_level);
    let top = ctx.policy().case().escalation_levels;
    let mut events = Vec::new();
    // When the last ladder level came due: a breach at that instant is the
    // same lapse, and escalates no further.
    let mut ladder_due = None;
    // The ladder's next level above `above`, kept while `above` stays.
    let (mut kept_above, mut kept_next) = (None, None);
    loop {
        if kept_above != Some(above) {
            kept_next = next_escalation(case, ctx.policy(), above)?;
            kept_above = Some(above);
        }
        let next = kept_next;
        let ladder = next.filter(|(_, at)| *at <= ctx.now());
        let threshold = thresholds.peek().map(|(reached_at, ..)| *reached_at);
        let ladder = ladder.filter(|(_, due)| threshold.is_none_or(|t| *due <= t));
        if let Some((next, due)) = ladder {
            let milestone = match case
                .priority
                .and_then(|p| ctx.policy().priority().ladder(p))
                .and_then(|l| l.level(next))
                .map(|step| step.unless)
            {
                Some(Milestone::Acknowledged) => "acknowledgement",
                _ => "resolution",
            };
            events.push(escalated(
                case.priority,
                next,
                EscalationTrigger::Time,
                Some(due),
                format!(
                    "{} ladder level {next} came due at {due} without {milestone}",
                    case.priority.map_or(String::new(), |p| p.to_string())
                ),
                ctx,
            ));
            (above, level) = (above.max(next), next);
            ladder_due = Some(due);
        } else if let Some((reached_at, metric, cycle, threshold)) = thresholds.next() {
            let metric = metric.to_owned();
            match threshold {
                Threshold::Warning(percent) => events.push(Event::SlaWarning {
                    metric,
                    cycle,
                    percent,
                    reached_at,
                }),
                Threshold::Breach => {
                    events.push(Event::SlaBreached {
                        metric: metric.clone(),
                        cycle,
                        reached_at,
                    });
                    let open = case.finished_at.is_none_or(|f| reached_at < f);
                    if escalates_concern(case, ctx, &metric, reached_at) {
                        // Referred up a level, to the policy's department; at
                        // the top, referred to the top again.
                        level = level.saturating_add(1).min(top);
                        above = above.max(level);
                        events.push(Event::Escalated {
                            level,
                            trigger: EscalationTrigger::UnresolvedConcern,
                            to: Some(ctx.policy().feedback().concern_escalates_to),
                            due: Some(reached_at),
                            reason: format!(
                                "the customer's concern was neither resolved nor escalated \
                                 within `{metric}`'s target, by {reached_at}"
                            ),
                        });
                    } else if open
                        && escalates_on_breach(ctx, &metric)
                        && level < top
                        && ladder_due != Some(reached_at)
                    {
                        level = level.saturating_add(1);
                        above = above.max(level);
                        events.push(escalated(
                            case.priority,
                            level,
                            EscalationTrigger::SlaBreach,
                            Some(reached_at),
                            format!("`{metric}` breached its target at {reached_at}"),
                            ctx,
                        ));
                    }
                }
            }
        } else {
            break;
        }
    }
    Ok(events)
}
