//! What if: the cases of a log replayed under another policy, side by side
//! with what happened.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use super::FoldError;
use crate::actor::Actor;
use crate::aggregate::{Aggregate, admit};
use crate::case::{Case, CaseError, EscalationTrigger, Event};
use crate::envelope::{Recorded, Version};
use crate::id::StreamId;
use crate::kpi::{KpiError, KpiReport, Kpis};
use crate::policy::{Ctx, Policy};

/// Why a log could not be replayed under another policy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WhatIfError {
    /// A case's history is not one deciding could have produced.
    #[error(transparent)]
    History(#[from] FoldError),
    /// The other policy could not judge what came due on a case: a calendar
    /// that does not cover its instants, or a scheduler it does not permit.
    #[error("case {case}: {error}")]
    Deadline {
        /// The case's stream.
        case: StreamId,
        /// The refusal.
        error: CaseError,
    },
    /// A KPI figure could not be computed, for the log as it is or as
    /// replayed.
    #[error(transparent)]
    Kpi(#[from] KpiError),
}

impl WhatIfError {
    /// A stable snake_case name of the rule that refused: the underlying
    /// error's.
    #[must_use]
    pub const fn rule(&self) -> &'static str {
        match self {
            WhatIfError::History(error) => error.rule(),
            WhatIfError::Deadline { error, .. } => error.rule(),
            WhatIfError::Kpi(error) => error.rule(),
        }
    }
}

crate::problem::rule_by_inherent!(WhatIfError);

/// What came due on one case: the SLA metrics it breached, and its
/// escalations.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Lapses {
    /// The SLA metrics it breached.
    pub breached: BTreeSet<String>,
    /// How many times it was escalated, by a person or when a level came due.
    pub escalations: u32,
    /// The highest escalation level it reached.
    pub peak: u8,
}

impl Lapses {
    /// The lapses a case's events record.
    fn of<'a>(events: impl IntoIterator<Item = &'a Recorded<Event>>) -> Self {
        let mut lapses = Self::default();
        for recorded in events {
            match &recorded.event {
                Event::SlaBreached { metric, .. } => {
                    lapses.breached.insert(metric.clone());
                }
                Event::Escalated { level, .. } => {
                    lapses.escalations += 1;
                    lapses.peak = lapses.peak.max(*level);
                }
                _ => {}
            }
        }
        lapses
    }
}

/// One case, as it went and as it would have gone.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct CaseComparison {
    /// The case's stream.
    pub stream: StreamId,
    /// What came due, as recorded and brought up to the instant.
    pub actual: Lapses,
    /// What would have come due under the other policy.
    pub replayed: Lapses,
}

/// A log as it went and as it would have gone under another policy: the KPIs
/// side by side, and each case's lapses.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Comparison {
    /// The instant both are as of.
    pub until: DateTime<Utc>,
    /// The KPIs of the log as recorded, under the policy it was recorded
    /// under, brought up to the instant.
    pub actual: KpiReport,
    /// The KPIs of the log replayed under the other policy.
    pub replayed: KpiReport,
    /// Every case, in stream order.
    pub cases: Vec<CaseComparison>,
    /// The replayed log: what the cases would have recorded. It is not the
    /// log: nothing here was decided, and nothing is to be stored.
    pub events: Vec<Recorded<Event>>,
}

impl Comparison {
    /// The cases whose lapses differ.
    pub fn differing(&self) -> impl Iterator<Item = &CaseComparison> {
        self.cases
            .iter()
            .filter(|case| case.actual != case.replayed)
    }
}

/// Replays the cases of `events` under `other`, as of `until`: each case's
/// recorded events again, in order and at their instants, except what came
/// due, which `other` judges afresh, run by `scheduler` as a scheduler on
/// time would have; and compares the KPIs with those of the events as
/// recorded, under `actual`. The log is not changed.
///
/// Both sides are as of `until`: events after it are left out, and each case
/// is brought up to it, what came due by then recorded as the scheduler would
/// have (so a breach that came due after the log's last scheduler run counts
/// on both sides). Under `actual`, the deadline contract makes what came due
/// exactly what the log records, each at its instant.
///
/// The scheduler runs at each deadline as it comes, before the events of
/// that instant, except those of a decision that records what came due by
/// its instant first (a reopen, a reassessment, a person's escalation, a
/// follow-up), as the decision did.
///
/// The limits: the people are held fixed. The customer answers, the staff act
/// and the cases are logged, assessed, assigned, resolved and closed at the
/// instants they were, whatever the other policy's deadlines would have
/// changed; a command the other policy would have refused is still replayed.
/// What `other` re-derives is what came due: SLA warnings and breaches, and
/// escalations when a ladder level or a breach came due (with the hand-over
/// an escalation makes). Its severity rules and priority matrix do not
/// re-assess intakes, and the times promised stay as promised.
///
/// # Errors
/// [`WhatIfError::History`] for a case whose events do not run as deciding
/// records them; [`WhatIfError::Deadline`] when `other` refuses to judge what
/// came due on a case (a calendar that does not cover its instants, or a
/// `scheduler` it does not permit to record deadlines);
/// [`WhatIfError::Kpi`] when a KPI cannot be computed.
///
/// # Example
/// A complaint acknowledged after 30 hours breached the SOP's 24 hours; with
/// 48 it would not have:
/// ```
/// use casework::case::{Case, CaseKind, Command, Intake};
/// use casework::read::replay;
/// use casework::sla::Within;
/// use casework::{Actor, ActorId, Aggregate, CaseId, Channel, Ctx, CustomerRef, Policy, PolicySpec, Reference, Role};
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use uuid::Uuid;
///
/// let policy = Policy::sop_default()?;
/// let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
/// let scheduler = Actor::new(ActorId::from_uuid(Uuid::from_u128(9)), [Role::System]);
/// let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
/// let mut case = Case::default();
/// let mut log = case.record(&Command::Log {
///     intake: Intake::new(CaseId::from_uuid(Uuid::from_u128(42)), Reference::new("CMP", 2026, 42)?, CaseKind::Complaint, Channel::Email, CustomerRef::from_uuid(Uuid::from_u128(7)), monday)
///         .about("delivery/late", "Parcel late")
///         .description("Still not here."),
///     first_contact_resolution: None,
/// }, &Ctx::new(monday, csr, &policy))?;
/// log.extend(case.record(&Command::Acknowledge { channel: Channel::Email }, &Ctx::new(monday + TimeDelta::hours(30), csr, &policy))?);
///
/// let mut lenient = PolicySpec::sop_default();
/// for target in lenient.sla.targets.iter_mut().filter(|t| t.metric == "first_response") {
///     target.within = Within::Minutes(48 * 60);
/// }
/// let lenient = lenient.compile()?;
/// let until = monday + TimeDelta::days(2);
/// let comparison = replay(&log, &policy, &lenient, until, scheduler)?;
/// assert!(comparison.cases[0].actual.breached.contains("first_response"));
/// assert!(!comparison.cases[0].replayed.breached.contains("first_response"));
/// assert_eq!(comparison.differing().count(), 1);
/// // The log is as it was.
/// assert_eq!(Case::replay(&log)?, case);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn replay(
    events: &[Recorded<Event>],
    actual: &Policy,
    other: &Policy,
    until: DateTime<Utc>,
    scheduler: Actor,
) -> Result<Comparison, WhatIfError> {
    let mut streams: BTreeMap<StreamId, Vec<&Recorded<Event>>> = BTreeMap::new();
    for recorded in events.iter().filter(|recorded| recorded.at <= until) {
        streams.entry(recorded.stream).or_default().push(recorded);
    }
    let mut as_recorded = Vec::with_capacity(events.len());
    let mut replayed = Vec::with_capacity(events.len());
    let mut cases = Vec::with_capacity(streams.len());
    for (stream, mut history) in streams {
        history.sort_by_key(|recorded| recorded.version);
        let from = (as_recorded.len(), replayed.len());
        rederive(stream, &history, actual, until, scheduler, &mut as_recorded)?;
        rederive(stream, &history, other, until, scheduler, &mut replayed)?;
        cases.push(CaseComparison {
            stream,
            actual: Lapses::of(as_recorded.get(from.0..).unwrap_or_default()),
            replayed: Lapses::of(replayed.get(from.1..).unwrap_or_default()),
        });
    }
    Ok(Comparison {
        until,
        actual: Kpis::from_events(&as_recorded).report(actual)?,
        replayed: Kpis::from_events(&replayed).report(other)?,
        cases,
        events: replayed,
    })
}

/// Replays one case's `history` under `other` onto `replayed`: its events but
/// what came due, with what `other` says came due before each, and by
/// `until`.
fn rederive(
    stream: StreamId,
    history: &[&Recorded<Event>],
    other: &Policy,
    until: DateTime<Utc>,
    scheduler: Actor,
    replayed: &mut Vec<Recorded<Event>>,
) -> Result<(), WhatIfError> {
    let refuse = |error| WhatIfError::Deadline {
        case: stream,
        error,
    };
    let mut case = Case::default();
    let (mut version, mut last) = (Version::ZERO, None);
    // The level of an escalation left out, whose hand-over goes with it.
    let mut left_out: Option<u8> = None;
    for recorded in history {
        admit::<Case>(version, stream, last, recorded)
            .map_err(|error| FoldError { stream, error })?;
        (version, last) = (recorded.version, Some(recorded.at));
        if Case::came_due(&recorded.event).is_some() {
            if let Event::Escalated { level, .. } = recorded.event {
                left_out = Some(level);
            }
            continue;
        }
        let hand_over =
            matches!(recorded.event, Event::HandedOver { level, .. } if left_out == Some(level));
        left_out = None;
        if hand_over {
            continue;
        }
        let restarts = restarts(&recorded.event);
        if restarts || case.updated_at().is_some_and(|at| at < recorded.at) {
            catch_up(&mut case, recorded.at, restarts, other, scheduler, replayed)
                .map_err(refuse)?;
        }
        let mut event = (*recorded).clone();
        event.version = case.version().next();
        case.apply(&event);
        replayed.push(event);
    }
    catch_up(&mut case, until, true, other, scheduler, replayed).map_err(refuse)?;
    Ok(())
}

/// Whether `event` is the first of a decision that records what came due
/// before it, by its instant: a reopen, a reassessment, an escalation or
/// de-escalation by a person, a follow-up, a concern resolved, an unmerge.
/// What their decisions record they judge by the clocks as they stood.
const fn restarts(event: &Event) -> bool {
    matches!(
        event,
        Event::Reopened { .. }
            | Event::Reassessed { .. }
            | Event::Escalated {
                trigger: EscalationTrigger::Manual,
                ..
            }
            | Event::Deescalated { .. }
            | Event::FollowUpRecorded { .. }
            | Event::ConcernResolved { .. }
            | Event::Unmerged { .. }
    )
}

/// Records onto `replayed` what came due on `case` under `policy` before
/// `until` (or by it, `inclusive`), as a scheduler on time would have: at
/// each deadline in turn.
fn catch_up(
    case: &mut Case,
    until: DateTime<Utc>,
    inclusive: bool,
    policy: &Policy,
    scheduler: Actor,
    replayed: &mut Vec<Recorded<Event>>,
) -> Result<(), CaseError> {
    while let (Some(next), Some(last)) = (case.next_deadline(policy)?, case.updated_at()) {
        if next > until || (next == until && !inclusive) {
            break;
        }
        let due = case.record_due(&Ctx::new(next.max(last), scheduler, policy))?;
        if due.is_empty() {
            break;
        }
        replayed.extend(due);
    }
    Ok(())
}
