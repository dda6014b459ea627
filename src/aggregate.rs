//! [`Aggregate`]: the one contract every record type of the library meets, and
//! that a user's own record type can meet to run on the same storage port.
//!
//! An aggregate is a state folded from its recorded events. A command is
//! decided against the state into events (or refused, changing nothing); the
//! events are stamped with their envelope ([`Recorded`]) and applied. Its
//! deadlines are part of the contract: the aggregate says when it next needs the
//! caller's scheduler, and a deadline command records what came due.
//!
//! ## The deadline contract
//! For every aggregate, and any history:
//! 1. **Never twice.** Feeding [`Aggregate::deadline_command`] at an instant
//!    `now` at or after [`Aggregate::next_deadline`] records everything due by
//!    `now`. Afterwards `next_deadline` is later than `now`, or `None`: the
//!    same instant never comes due again, so a scheduler cannot spin on it.
//! 2. **Late is the same as on time.** Running the deadline command once at a
//!    late instant L (or repeatedly until nothing is due) records the same
//!    deadline events, each with the same instant it came due
//!    ([`Aggregate::came_due`]), as running it at each due instant in turn, even
//!    when other commands were decided between the due instants and L. Each
//!    deadline is judged as of its own due instant: a case acknowledged an hour
//!    after its first escalation level came due still records that level. A
//!    command that would change what comes due in a way the state cannot judge
//!    after the fact (a reopened case restarts its ladder, a revised due date
//!    replaces the old one) first records what came due by its instant, in the
//!    same decision: a deadline at the command's own instant too, as a
//!    scheduler run at that instant would have recorded it.
//! 3. **Idempotent.** Running it twice at the same instant records nothing the
//!    second time.
//! 4. **Quiet when done.** An aggregate with nothing pending (never created, or
//!    everything recorded that will ever come due) answers `None`.
//!
//! `tests/deadline` proves the four rules for every aggregate of the library on
//! random histories. [`Aggregate::record_due`] is the scheduler's loop for one
//! state, and the storage port's `run_due` the same for one stored stream.
//!
//! # Example
//! Code written once against the trait works for every aggregate. Here, a
//! scheduler's pass, run a week late over a complaint nobody acknowledged and
//! a non-conformance nobody contained: each records what came due, and
//! afterwards neither comes due again before the pass's instant (rule 1).
//! The [`Aggregate`] trait's own example writes a new aggregate.
//! ```
//! use casework::case::{Case, CaseKind, Command, Intake};
//! use casework::quality::nonconformance::{self, NonConformance, Report, Source};
//! use casework::{Actor, ActorId, Aggregate, CaseId, Channel, Ctx, CustomerRef, NonConformanceId, Policy, Reference, Role, Severity};
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use uuid::Uuid;
//!
//! /// Records what came due by `ctx.now()` in each state: the names of the
//! /// events, and whether anything is still due by then.
//! fn scheduler_pass<A: Aggregate>(states: &mut [A], ctx: &Ctx<'_>) -> Result<(Vec<&'static str>, bool), A::Error> {
//!     let mut names = Vec::new();
//!     for state in states.iter_mut() {
//!         names.extend(state.record_due(ctx)?.iter().map(|r| A::event_name(&r.event)));
//!     }
//!     let mut still_due = false;
//!     for state in states.iter() {
//!         still_due |= state.next_deadline(ctx.policy())?.is_some_and(|due| due <= ctx.now());
//!     }
//!     Ok((names, still_due))
//! }
//!
//! let policy = Policy::sop_default()?;
//! let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
//! let qa = Actor::new(ActorId::from_uuid(Uuid::from_u128(3)), [Role::QaSpecialist]);
//! let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
//!
//! let mut case = Case::default();
//! case.record(&Command::Log {
//!     intake: Intake::new(
//!         CaseId::from_uuid(Uuid::from_u128(42)),
//!         Reference::new("CMP", 2026, 42)?,
//!         CaseKind::Complaint,
//!         Channel::Email,
//!         CustomerRef::from_uuid(Uuid::from_u128(7)),
//!         monday,
//!     )
//!     .about("delivery/late", "Parcel two weeks late")
//!     .description("Ordered on the 2nd, still not here."),
//!     first_contact_resolution: None,
//! }, &Ctx::new(monday, csr, &policy))?;
//! let mut ncr = NonConformance::default();
//! ncr.record(&nonconformance::Command::Report {
//!     report: Report::new(
//!         NonConformanceId::from_uuid(Uuid::from_u128(5)),
//!         Reference::new("NCR", 2026, 5)?,
//!         Source::Complaint { case: CaseId::from_uuid(Uuid::from_u128(42)) },
//!         Severity::Medium,
//!         monday,
//!     )
//!     .titled("Parcels damaged in transit")
//!     .description("Three parcels of one route arrived crushed."),
//! }, &Ctx::new(monday, qa, &policy))?;
//!
//! let scheduler = Actor::new(ActorId::from_uuid(Uuid::from_u128(9)), [Role::System]);
//! let a_week_late = Ctx::new(monday + TimeDelta::days(7), scheduler, &policy);
//! let (recorded, still_due) = scheduler_pass(std::slice::from_mut(&mut case), &a_week_late)?;
//! assert!(recorded.contains(&"escalated") && !still_due);
//! let (recorded, still_due) = scheduler_pass(std::slice::from_mut(&mut ncr), &a_week_late)?;
//! assert!(recorded.contains(&"stage_overdue") && !still_due);
//! // Idempotent: a second pass at the same instant records nothing.
//! assert_eq!(scheduler_pass(std::slice::from_mut(&mut case), &a_week_late)?.0, Vec::<&str>::new());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::{DateTime, Utc};

use crate::envelope::{Recorded, ReplayError, Version};
use crate::id::StreamId;
use crate::policy::{Ctx, Policy};

/// A record type of the library (or of its user) as an event-sourced state: the
/// one trait that deciding, applying, replaying, deadlines and the storage port
/// work through.
///
/// Implemented by every record type of the library: the case, the
/// non-conformance, the CAPA, the service order, the SOP document, the
/// review meeting and the feedback item (the implementors are listed below). The
/// [module docs](self) state the deadline contract each of them keeps.
///
/// The required methods are the aggregate's own rules; the provided ones
/// ([`replay`](Aggregate::replay), [`record`](Aggregate::record),
/// [`record_due`](Aggregate::record_due)) are the same for every aggregate and
/// are not meant to be overridden. Nothing here needs the `serde` feature; only
/// storing does.
///
/// # Example
/// A user's own aggregate, a loan of equipment that is due back, with its
/// deadline:
/// ```
/// use casework::{Actor, ActorId, Aggregate, Ctx, Policy, Recorded, Role, StreamId, Version};
/// use chrono::{DateTime, TimeDelta, TimeZone, Utc};
/// use uuid::Uuid;
///
/// #[derive(Debug, Default)]
/// struct Loan {
///     id: Option<StreamId>,
///     version: Version,
///     due: Option<DateTime<Utc>>,
///     returned_at: Option<DateTime<Utc>>,
///     overdue_recorded: bool,
/// }
///
/// enum Command { Lend { loan: StreamId, due: DateTime<Utc> }, Return, RecordDeadline }
///
/// #[derive(Debug, Clone, PartialEq)]
/// enum Event { Lent { loan: StreamId, due: DateTime<Utc> }, Returned, Overdue { due: DateTime<Utc> } }
///
/// #[derive(Debug, PartialEq, thiserror::Error)]
/// enum LoanError {
///     #[error("no loan is recorded")]
///     NotLent,
///     #[error("the loan is already recorded")]
///     AlreadyLent,
///     #[error("the loan is already returned")]
///     AlreadyReturned,
/// }
///
/// impl Aggregate for Loan {
///     type Command = Command;
///     type Event = Event;
///     type Error = LoanError;
///     const CREATION: &'static str = "lent";
///
///     fn decide(&self, command: &Command, ctx: &Ctx<'_>) -> Result<Vec<Event>, LoanError> {
///         match (command, self.id) {
///             (Command::Lend { loan, due }, None) => Ok(vec![Event::Lent { loan: *loan, due: *due }]),
///             (Command::Lend { .. }, Some(_)) => Err(LoanError::AlreadyLent),
///             (_, None) => Err(LoanError::NotLent),
///             (Command::Return, _) if self.returned_at.is_some() => Err(LoanError::AlreadyReturned),
///             (Command::Return, _) => Ok(vec![Event::Returned]),
///             (Command::RecordDeadline, _) => Ok(match self.next_deadline(ctx.policy())? {
///                 Some(due) if due <= ctx.now() => vec![Event::Overdue { due }],
///                 _ => Vec::new(),
///             }),
///         }
///     }
///
///     fn apply(&mut self, recorded: &Recorded<Event>) {
///         self.version = recorded.version;
///         match &recorded.event {
///             Event::Lent { loan, due } => (self.id, self.due) = (Some(*loan), Some(*due)),
///             Event::Returned => self.returned_at = Some(recorded.at),
///             Event::Overdue { .. } => self.overdue_recorded = true,
///         }
///     }
///
///     fn version(&self) -> Version { self.version }
///     fn stream(&self) -> Option<StreamId> { self.id }
///     fn creates(event: &Event) -> Option<StreamId> {
///         match event { Event::Lent { loan, .. } => Some(*loan), _ => None }
///     }
///     fn event_name(event: &Event) -> &'static str {
///         match event { Event::Lent { .. } => "lent", Event::Returned => "returned", Event::Overdue { .. } => "overdue" }
///     }
///     fn not_created(_: &Command) -> LoanError { LoanError::NotLent }
///
///     // Judged as of the due instant: a loan returned late is still overdue.
///     fn next_deadline(&self, _: &Policy) -> Result<Option<DateTime<Utc>>, LoanError> {
///         let due = self.due.filter(|due| !self.overdue_recorded && self.returned_at.is_none_or(|r| r > *due));
///         Ok(due)
///     }
///     fn deadline_command() -> Option<Command> { Some(Command::RecordDeadline) }
///     fn came_due(event: &Event) -> Option<DateTime<Utc>> {
///         match event { Event::Overdue { due } => Some(*due), _ => None }
///     }
/// }
///
/// let policy = Policy::sop_default()?;
/// let clerk = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
/// let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
/// let at = |hours| Ctx::new(monday + TimeDelta::hours(hours), clerk, &policy);
///
/// let mut loan = Loan::default();
/// let lend = Command::Lend { loan: StreamId::from_uuid(Uuid::from_u128(9)), due: monday + TimeDelta::hours(24) };
/// let mut history = loan.record(&lend, &at(0))?;
/// // Returned two hours late, before any scheduler ran...
/// history.extend(loan.record(&Command::Return, &at(26))?);
/// // ... the scheduler that runs a day later still records the loan overdue, as of its due.
/// let due = loan.record_due(&at(48))?;
/// assert_eq!(due.iter().map(|r| r.event.clone()).collect::<Vec<_>>(), [Event::Overdue { due: monday + TimeDelta::hours(24) }]);
/// assert_eq!(loan.next_deadline(&policy)?, None);
/// history.extend(due);
/// assert_eq!(Loan::replay(&history).map_err(|e| e.to_string())?.version(), Version::new(3));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Aggregate: Default {
    /// What a user asks of the aggregate.
    type Command;
    /// What happened to it. With the `serde` feature, the storage port hashes
    /// its serde form into the audit chain.
    type Event;
    /// Its refusal: which rule refused a command.
    type Error;

    /// The snake_case name of the event that creates the aggregate, for
    /// [`ReplayError::NotCreatedFirst`].
    const CREATION: &'static str;

    /// The events `command` leads to at `ctx.now()`, by `ctx.actor()`, under
    /// `ctx.policy()`; or the rule that refuses it. Decides only: the state is
    /// not changed (see [`record`](Aggregate::record)). An empty list is an
    /// accepted command with nothing to record.
    ///
    /// # Errors
    /// The aggregate's refusal.
    fn decide(
        &self,
        command: &Self::Command,
        ctx: &Ctx<'_>,
    ) -> Result<Vec<Self::Event>, Self::Error>;

    /// Folds one recorded event into the state. Never fails: a history that
    /// `decide` produced replays to the same state, and any other history to
    /// some state ([`replay`](Aggregate::replay) refuses the histories that
    /// deciding and storing could not have produced).
    fn apply(&mut self, recorded: &Recorded<Self::Event>);

    /// The version of the last event applied; [`Version::ZERO`] before any.
    fn version(&self) -> Version;

    /// The stream the aggregate is recorded in: its id, once created.
    fn stream(&self) -> Option<StreamId>;

    /// The stream `event` creates, when it is the event that creates an
    /// aggregate; `None` for every other event.
    fn creates(event: &Self::Event) -> Option<StreamId>;

    /// The event's snake_case name, for a refusal of a history.
    fn event_name(event: &Self::Event) -> &'static str;

    /// The refusal of `command` by an aggregate never created: what
    /// [`record`](Aggregate::record) answers when `decide` accepted a command
    /// for a state built by [`apply`](Aggregate::apply) from events that do not
    /// start with the creation, which would have no stream to be recorded in.
    fn not_created(command: &Self::Command) -> Self::Error;

    /// When the aggregate next needs the caller's scheduler: the earliest
    /// instant something comes due that is not recorded yet, which may be in
    /// the past. At or after it, give the aggregate
    /// [`deadline_command`](Aggregate::deadline_command). `None` when nothing
    /// is pending. Keeps the deadline contract of the [module docs](self).
    ///
    /// The default has no deadlines.
    ///
    /// # Errors
    /// The aggregate's error, when a deadline cannot be computed (for the
    /// library's aggregates, a calendar that does not cover an instant).
    fn next_deadline(&self, policy: &Policy) -> Result<Option<DateTime<Utc>>, Self::Error> {
        let _ = policy;
        Ok(None)
    }

    /// The command that records what came due by `ctx.now()`; `None` for an
    /// aggregate without deadlines (the default).
    fn deadline_command() -> Option<Self::Command> {
        None
    }

    /// The instant a deadline event came due (its effective instant, which a
    /// late scheduler records after it); `None` for any other event (the
    /// default).
    fn came_due(event: &Self::Event) -> Option<DateTime<Utc>> {
        let _ = event;
        None
    }

    /// Checks that the calendars of `policy` that the aggregate counts on cover
    /// every instant of a stored history. The storage port's `execute` calls it
    /// before it decides; a caller that replays a stored history itself calls
    /// it to refuse an instant no deadline could be computed from. The crate's
    /// overview lists, under "Histories and time ranges", which calendars and
    /// instants each aggregate of the library checks. The default checks
    /// nothing.
    ///
    /// # Errors
    /// The aggregate's calendar error:
    /// [`CalendarError::OutOfRange`](crate::calendar::CalendarError::OutOfRange)
    /// naming the calendar and the first instant it does not cover.
    fn ensure_covered(
        history: &[Recorded<Self::Event>],
        policy: &Policy,
    ) -> Result<(), Self::Error> {
        let _ = (history, policy);
        Ok(())
    }

    /// Replays a history: the state it leads to. O(1) checks per event.
    ///
    /// # Errors
    /// [`ReplayError`] when the history is not one that deciding and storing
    /// could have produced: it does not start with the creation event, or has a
    /// second one; its creation event names another stream than the one it is
    /// stored in; its versions do not run v1, v2, v3, ... without a gap; an
    /// event is of another stream; or an event was recorded before the one
    /// before it. An empty history replays to the state before creation.
    fn replay<'a>(
        history: impl IntoIterator<Item = &'a Recorded<Self::Event>>,
    ) -> Result<Self, ReplayError>
    where
        Self::Event: 'a,
    {
        let mut state = Self::default();
        let mut history = history.into_iter();
        let Some(first) = history.next() else {
            return Ok(state);
        };
        let stream = first.stream;
        let mut last = None;
        for recorded in core::iter::once(first).chain(history) {
            admit::<Self>(state.version(), stream, last, recorded)?;
            state.apply(recorded);
            last = Some(recorded.at);
        }
        Ok(state)
    }

    /// Decides `command`, stamps the events from the context (the stream, the
    /// next versions, `ctx.now()`, the actor), applies them, and returns them for
    /// the caller to store. On a refusal the state is unchanged. The events of
    /// one decision belong to one stream: the aggregate's, or the one its
    /// creation event names.
    ///
    /// # Errors
    /// The refusal from [`decide`](Aggregate::decide); and, for a state that
    /// was never created, any accepted command but the one that creates it
    /// ([`not_created`](Aggregate::not_created)).
    fn record(
        &mut self,
        command: &Self::Command,
        ctx: &Ctx<'_>,
    ) -> Result<Vec<Recorded<Self::Event>>, Self::Error> {
        let events = self.decide(command, ctx)?;
        stamp(self, events, ctx).ok_or_else(|| Self::not_created(command))
    }

    /// The scheduler's call for one aggregate: when something is due by
    /// `ctx.now()`, records the deadline command at `ctx.now()` and returns what it
    /// recorded; otherwise (or for an aggregate without deadlines) records
    /// nothing. By rule 1 of the deadline contract, one call records everything
    /// due by `ctx.now()`.
    ///
    /// # Errors
    /// The aggregate's refusal of the deadline command (for the library's
    /// aggregates, an actor not permitted to record deadlines, or a calendar
    /// that does not cover an instant). Nothing is applied then.
    fn record_due(&mut self, ctx: &Ctx<'_>) -> Result<Vec<Recorded<Self::Event>>, Self::Error> {
        let due = self
            .next_deadline(ctx.policy())?
            .is_some_and(|due| due <= ctx.now());
        match Self::deadline_command() {
            Some(command) if due => self.record(&command, ctx),
            _ => Ok(Vec::new()),
        }
    }
}

/// Checks that `recorded` may follow the events of `stream` up to `version`,
/// the last recorded at `last`: what [`Aggregate::replay`] checks of each
/// event, and a projection of each event it folds in.
pub(crate) fn admit<A: Aggregate>(
    version: Version,
    stream: StreamId,
    last: Option<DateTime<Utc>>,
    recorded: &Recorded<A::Event>,
) -> Result<(), ReplayError> {
    let expected = version.next();
    let created = A::creates(&recorded.event);
    if version == Version::ZERO {
        let Some(created) = created else {
            return Err(ReplayError::NotCreatedFirst {
                version: recorded.version,
                event: A::event_name(&recorded.event),
                creation: A::CREATION,
            });
        };
        if created != recorded.stream {
            return Err(ReplayError::CreatedElsewhere {
                stream: recorded.stream,
                created,
            });
        }
    }
    if recorded.version != expected || expected == version {
        return Err(ReplayError::OutOfSequence {
            expected,
            found: recorded.version,
        });
    }
    if recorded.stream != stream {
        return Err(ReplayError::OtherStream {
            version: recorded.version,
            expected: stream,
            found: recorded.stream,
        });
    }
    if let Some(last) = last.filter(|last| recorded.at < *last) {
        return Err(ReplayError::WentBackInTime {
            version: recorded.version,
            at: recorded.at,
            last,
        });
    }
    if version != Version::ZERO && created.is_some() {
        return Err(ReplayError::CreatedTwice {
            version: recorded.version,
            event: A::event_name(&recorded.event),
        });
    }
    Ok(())
}

/// Stamps each event as the next of the aggregate's stream, recorded at
/// `ctx.now()` by the actor, and applies it, returning them stamped. The events
/// of one decision belong to one stream: the one the first creates, or the
/// aggregate's. `None`, with the state unchanged, when there is none: nothing
/// is ever stamped into the nil stream.
pub(crate) fn stamp<A: Aggregate>(
    state: &mut A,
    events: Vec<A::Event>,
    ctx: &Ctx<'_>,
) -> Option<Vec<Recorded<A::Event>>> {
    let Some(first) = events.first() else {
        return Some(Vec::new());
    };
    let stream = A::creates(first).or_else(|| state.stream())?;
    let mut recorded = Vec::with_capacity(events.len());
    for event in events {
        let stamped = Recorded::new(
            stream,
            state.version().next(),
            ctx.now(),
            ctx.actor().id,
            event,
        );
        state.apply(&stamped);
        recorded.push(stamped);
    }
    Some(recorded)
}

/// Decides a command after what came due before it: the `due` events (what
/// the deadline command would record at `ctx.now()`) are applied to a copy of
/// the state, the command is decided on that copy, and both are returned in
/// that order. Rule 2 of the deadline contract for a command that would change
/// what comes due in a way the state cannot judge after the fact.
///
/// `due` is asked only of a state recorded at `last_at`, at or before
/// `ctx.now()`: nothing is recorded before the creation, nor before a command
/// whose clock went back (which deciding refuses).
pub(crate) fn after_due<A: Aggregate + Clone>(
    state: &A,
    last_at: Option<DateTime<Utc>>,
    ctx: &Ctx<'_>,
    due: impl FnOnce() -> Vec<A::Event>,
    decide: impl FnOnce(&A) -> Result<Vec<A::Event>, A::Error>,
) -> Result<Vec<A::Event>, A::Error> {
    if last_at.is_none_or(|last| ctx.now() < last) {
        return decide(state);
    }
    let due = due();
    if due.is_empty() {
        return decide(state);
    }
    let mut advanced = state.clone();
    let Some(recorded) = stamp(&mut advanced, due, ctx) else {
        return decide(state);
    };
    let mut events: Vec<A::Event> = recorded.into_iter().map(|r| r.event).collect();
    events.extend(decide(&advanced)?);
    Ok(events)
}

/// Implements [`Aggregate`] for one of the library's own aggregates, and its
/// `version` and `updated_at` getters.
///
/// They share what this macro writes: a state with `version` and `updated_at`
/// fields and an `id()` that names its stream, an `apply` function beside
/// `decide`, events with a `name()`, commands with a `kind()`, and a
/// `Command::RecordDeadline` that records what came due. What differs is
/// given at the call, in this order:
/// - the state, its error, the creation event's name and the error variant
///   that refuses a command before it;
/// - `creates`: the creation event's pattern and the id it names;
/// - `came_due`: each deadline event's pattern and its due instant;
/// - `covered`: the calendars a stored history's instants must fall in, and
///   which instants of an event they are;
/// - `decide` and `next_deadline`: each a function of the state, with its docs.
macro_rules! library_aggregate {
    (
        $state:ident: $error:ident, created $creation:literal, else $not_created:ident;
        creates: $creates:pat => $stream:expr;
        came_due: $($came_due:pat => $due:expr),+;
        covered: $calendars:expr, $instants:expr;
        $(#[$decide_doc:meta])*
        decide: $decide:expr;
        $(#[$deadline_doc:meta])*
        next_deadline: $next_deadline:expr;
    ) => {
        impl $state {
            /// The number of events applied: the stream's version.
            #[must_use]
            pub const fn version(&self) -> crate::envelope::Version {
                self.version
            }

            /// When the last event was recorded.
            #[must_use]
            pub const fn updated_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
                self.updated_at
            }
        }

        impl crate::aggregate::Aggregate for $state {
            type Command = Command;
            type Event = Event;
            type Error = $error;
            const CREATION: &'static str = $creation;

            $(#[$decide_doc])*
            fn decide(
                &self,
                command: &Command,
                ctx: &crate::policy::Ctx<'_>,
            ) -> Result<Vec<Event>, $error> {
                $decide(self, command, ctx)
            }

            fn apply(&mut self, recorded: &crate::envelope::Recorded<Event>) {
                apply(self, recorded);
            }

            fn version(&self) -> crate::envelope::Version {
                self.version
            }

            fn stream(&self) -> Option<crate::id::StreamId> {
                self.id().map(crate::id::StreamId::from)
            }

            fn creates(event: &Event) -> Option<crate::id::StreamId> {
                match event {
                    $creates => Some(crate::id::StreamId::from($stream)),
                    _ => None,
                }
            }

            fn event_name(event: &Event) -> &'static str {
                event.name()
            }

            fn not_created(command: &Command) -> $error {
                $error::$not_created {
                    command: command.kind(),
                }
            }

            $(#[$deadline_doc])*
            fn next_deadline(
                &self,
                policy: &crate::policy::Policy,
            ) -> Result<Option<chrono::DateTime<chrono::Utc>>, $error> {
                $next_deadline(self, policy)
            }

            fn deadline_command() -> Option<Command> {
                Some(Command::RecordDeadline)
            }

            fn came_due(event: &Event) -> Option<chrono::DateTime<chrono::Utc>> {
                match event {
                    $($came_due => $due,)+
                    _ => None,
                }
            }

            fn ensure_covered(
                history: &[crate::envelope::Recorded<Event>],
                policy: &crate::policy::Policy,
            ) -> Result<(), $error> {
                Ok(crate::range::ensure_history_covered(
                    &$calendars(policy),
                    history,
                    $instants,
                )?)
            }
        }
    };
}
pub(crate) use library_aggregate;

/// Decides a command of one of the library's aggregates after what came due
/// before it ([`after_due`]), but for the deadline command itself, which
/// records what came due.
pub(crate) fn decide_after_due<A: Aggregate + Clone>(
    state: &A,
    last_at: Option<DateTime<Utc>>,
    command: &A::Command,
    ctx: &Ctx<'_>,
    due: impl FnOnce() -> Vec<A::Event>,
    decide: impl FnOnce(&A) -> Result<Vec<A::Event>, A::Error>,
) -> Result<Vec<A::Event>, A::Error>
where
    A::Command: PartialEq,
{
    if A::deadline_command().as_ref() == Some(command) {
        return decide(state);
    }
    after_due(state, last_at, ctx, due, decide)
}
