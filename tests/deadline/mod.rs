//! The deadline contract of [`Aggregate`], one generic check run for every
//! aggregate of the library on random histories:
//! 1. after the deadline command at `now`, `next_deadline` is later than `now`,
//!    or `None`;
//! 2. a scheduler that runs late (at a few random points and at the end)
//!    records the same deadline events, with the same instants they came due,
//!    as one that runs at each due instant in turn, and the other commands
//!    record the same events too;
//! 3. the deadline command twice at one instant records nothing the second
//!    time;
//! 4. an aggregate never created has nothing pending, and once everything due
//!    by an instant three years on is recorded, nothing is pending before it.
#![cfg(feature = "proptest")]

use core::fmt::Debug;

use casework::{Actor, Aggregate, Ctx, Policy, Recorded};
use chrono::{DateTime, TimeDelta, Utc};
use proptest::prelude::*;

mod aggregates;
mod case;

/// One step of a history: who, what, and how long after the previous step.
pub(crate) type Step<C> = (Actor, C, TimeDelta);

/// Deadline events with the instants they came due.
type Due<E> = Vec<(E, DateTime<Utc>)>;

/// A history as the two schedulers ran it.
struct Run<A: Aggregate> {
    state: A,
    log: Vec<Recorded<A::Event>>,
    now: DateTime<Utc>,
}

impl<A> Run<A>
where
    A: Aggregate + Debug,
    A::Event: Clone + PartialEq + Debug + 'static,
    A::Error: Debug,
{
    fn new(start: DateTime<Utc>) -> Self {
        Run {
            state: A::default(),
            log: Vec::new(),
            now: start,
        }
    }

    fn last(&self) -> DateTime<Utc> {
        self.log.last().map_or(self.now, |r| r.at)
    }

    /// The scheduler at `now`: rules 1 and 3.
    fn schedule(
        &mut self,
        policy: &Policy,
        scheduler: Actor,
        now: DateTime<Utc>,
    ) -> Result<(), TestCaseError> {
        let ctx = Ctx::new(now, scheduler, policy);
        let recorded = self
            .state
            .record_due(&ctx)
            .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        self.log.extend(recorded);
        let next = self
            .state
            .next_deadline(policy)
            .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert!(
            next.is_none_or(|next| next > now),
            "due again at {next:?} after recording at {now}; history: {:#?}",
            self.log
                .iter()
                .map(|r| format!("{} {:?}", r.at, r.event))
                .collect::<Vec<_>>()
        );
        if self.state.stream().is_none() {
            // Nothing to record in: the deadline command is refused as any other.
            return Ok(());
        }
        let command = A::deadline_command().expect("every aggregate of the library has deadlines");
        let again = self
            .state
            .record(&command, &ctx)
            .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert!(again.is_empty(), "recorded twice at {now}: {again:?}");
        Ok(())
    }

    /// The on-time scheduler: at each due instant up to `until`, in turn.
    fn catch_up(
        &mut self,
        policy: &Policy,
        scheduler: Actor,
        until: DateTime<Utc>,
    ) -> Result<(), TestCaseError> {
        for _ in 0..10_000 {
            let next = self
                .state
                .next_deadline(policy)
                .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            match next {
                Some(due) if due <= until => {
                    let at = due.max(self.last());
                    self.schedule(policy, scheduler, at)?;
                }
                _ => return Ok(()),
            }
        }
        Err(TestCaseError::fail("the on-time scheduler spun"))
    }

    fn run(&mut self, policy: &Policy, actor: Actor, command: &A::Command, at: DateTime<Utc>) {
        self.now = at;
        if let Ok(recorded) = self.state.record(command, &Ctx::new(at, actor, policy)) {
            self.log.extend(recorded);
        }
    }

    /// The deadline events with the instants they came due, and the others.
    ///
    /// An erasure names the versions it erases, and the deadline events an
    /// on-time scheduler records in between shift those versions: it is
    /// compared by the places of what it erases among the other events.
    fn split(&self) -> (Due<A::Event>, Vec<A::Event>) {
        let mut due = Vec::new();
        let mut other = Vec::new();
        let mut place = std::collections::HashMap::new();
        for r in &self.log {
            match A::came_due(&r.event) {
                Some(at) => due.push((r.event.clone(), at)),
                None => {
                    other.push(r.event.clone());
                    place.insert(r.version, casework::Version::new(other.len() as u64));
                }
            }
        }
        for event in &mut other {
            let any: &mut dyn std::any::Any = event;
            if let Some(casework::case::Event::PersonalDataErased { versions, .. }) =
                any.downcast_mut()
            {
                for version in versions {
                    *version = place.get(version).copied().unwrap_or_default();
                }
            }
        }
        (due, other)
    }
}

/// Runs the four rules on one history. `late` says after which steps the late
/// scheduler also runs.
pub(crate) fn check_contract<A>(
    policy: &Policy,
    scheduler: Actor,
    start: DateTime<Utc>,
    steps: &[Step<A::Command>],
    late: &[bool],
) -> Result<(), TestCaseError>
where
    A: Aggregate + Debug,
    A::Event: Clone + PartialEq + Debug + 'static,
    A::Error: Debug,
{
    prop_assert_eq!(A::default().next_deadline(policy).ok().flatten(), None);
    let mut on_time = Run::<A>::new(start);
    let mut late_run = Run::<A>::new(start);
    let mut at = start;
    for (i, (actor, command, after)) in steps.iter().enumerate() {
        at = (at + *after).max(on_time.last()).max(late_run.last());
        // What comes due before the command, not at its instant: a command
        // that stops a clock at the very instant a threshold is reached
        // beats it, as the clocks judge it.
        on_time.catch_up(policy, scheduler, at - TimeDelta::seconds(1))?;
        let at = at.max(on_time.last());
        on_time.run(policy, *actor, command, at);
        late_run.run(policy, *actor, command, at);
        if late.get(i).copied().unwrap_or(false) {
            late_run.schedule(policy, scheduler, at.max(late_run.last()))?;
        }
    }
    let end = at.max(on_time.last()).max(late_run.last()) + TimeDelta::days(3 * 365);
    on_time.catch_up(policy, scheduler, end)?;
    late_run.schedule(policy, scheduler, end.max(late_run.last()))?;
    let (due_on_time, other_on_time) = on_time.split();
    let (due_late, other_late) = late_run.split();
    prop_assert_eq!(
        due_late,
        due_on_time,
        "the late scheduler recorded other deadlines"
    );
    prop_assert_eq!(
        other_late,
        other_on_time,
        "the other commands recorded other events"
    );
    for run in [&on_time.state, &late_run.state] {
        let pending = run
            .next_deadline(policy)
            .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert!(
            pending.is_none_or(|p| p > end),
            "{pending:?} still pending three years on"
        );
    }
    Ok(())
}

/// Whether the late scheduler runs after each step: rarely.
pub(crate) fn late_points() -> impl Strategy<Value = Vec<bool>> {
    proptest::collection::vec(prop::bool::weighted(0.1), 0..120)
}
