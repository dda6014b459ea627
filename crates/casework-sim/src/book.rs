//! What the driver does the same way for every aggregate it drives: give a
//! command through `execute` with faults armed, fold what the store
//! acknowledged, keep the deadline index, run the scheduler's `run_due`, and
//! settle a stream once it is finished for good.

use std::collections::HashMap;
use std::sync::Arc;

use casework::case::{Case, Command, NoteVisibility};
use casework::quality::capa::Capa;
use casework::quality::nonconformance::NonConformance;
use casework::read::RecordKind;
use casework::store::{
    CaseStore, DEFAULT_RETRIES, ExecuteError, Payload, StoreError, execute, run_due,
};
use casework::{Actor, Aggregate, Ctx, Policy, Recorded, Rule, StreamId, Version};
use chrono::{DateTime, Utc};

use crate::driver::Driver;
use crate::report::Failure;
use crate::store::{Crash, FaultyStore, Racer};

/// The events the desk was told were recorded, by stream: version and name.
pub(crate) type Ledger = HashMap<StreamId, Vec<(u64, &'static str)>>;

/// One aggregate's store, the states the desk holds of it, and its ledger.
pub(crate) struct Book<A: Aggregate> {
    pub(crate) store: FaultyStore<A::Event>,
    pub(crate) states: HashMap<StreamId, A>,
    pub(crate) ledger: Ledger,
}

impl<A: Aggregate> Default for Book<A> {
    fn default() -> Self {
        Self {
            store: FaultyStore::default(),
            states: HashMap::new(),
            ledger: HashMap::new(),
        }
    }
}

/// The books of every aggregate the desk works on.
#[derive(Default)]
pub(crate) struct Books {
    pub(crate) cases: Book<Case>,
    pub(crate) ncrs: Book<NonConformance>,
    pub(crate) capas: Book<Capa>,
}

/// An aggregate the simulation drives.
pub(crate) trait Simulated:
    Aggregate<
        Event: Payload + Clone + core::fmt::Debug + 'static,
        Error: Rule + core::fmt::Display,
        Command: core::fmt::Debug + Clone,
    > + 'static
{
    /// Its kind in the deadline index.
    const KIND: RecordKind;
    /// Its book.
    fn book(books: &mut Books) -> &mut Book<Self>;
    /// Whether it is finished: closed, cancelled, and the like.
    fn finished(&self) -> bool;
    /// Another writer's harmless append to `stream`, if the aggregate has one.
    fn racer(
        _policy: Arc<Policy>,
        _at: DateTime<Utc>,
        _writer: Actor,
        _stream: StreamId,
    ) -> Option<Racer<Self::Event>> {
        None
    }
    /// Whether the desk may rightly give `command` twice: nothing in it
    /// tells a repeat from a retry.
    fn repeatable(_command: &Self::Command) -> bool {
        false
    }

    /// The CAPA it waits on, if it waits on one: a non-conformance whose
    /// CAPA is open is brought back by the CAPA's closure.
    fn waits_on(&self) -> Option<StreamId> {
        None
    }
}

impl Simulated for Case {
    const KIND: RecordKind = RecordKind::Case;

    fn book(books: &mut Books) -> &mut Book<Self> {
        &mut books.cases
    }

    fn finished(&self) -> bool {
        self.status().is_some_and(|s| s.is_terminal())
    }

    fn racer(
        policy: Arc<Policy>,
        at: DateTime<Utc>,
        writer: Actor,
        stream: StreamId,
    ) -> Option<Racer<Self::Event>> {
        Some(Box::new(move |store| {
            let note = Command::AddNote {
                text: "Read the case while another writer worked on it".into(),
                visibility: NoteVisibility::Internal,
            };
            execute::<Self, _>(store, stream, &note, &Ctx::new(at, writer, &policy), 0)
                .unwrap_or_default()
        }))
    }

    fn repeatable(command: &Command) -> bool {
        matches!(
            command,
            Command::AddNote { .. } | Command::RecordNoAnswer { .. }
        )
    }
}

impl Simulated for NonConformance {
    const KIND: RecordKind = RecordKind::NonConformance;

    fn book(books: &mut Books) -> &mut Book<Self> {
        &mut books.ncrs
    }

    fn finished(&self) -> bool {
        self.status() == Some(casework::quality::nonconformance::Status::Closed)
    }

    fn waits_on(&self) -> Option<StreamId> {
        self.capa()
            .filter(|record| record.closed_at.is_none())
            .map(|record| StreamId::from(record.capa))
    }

    /// A second containment action is one more, not a retry; a root cause
    /// recorded again replaces the one recorded.
    fn repeatable(command: &Self::Command) -> bool {
        use casework::quality::nonconformance::Command as C;
        matches!(
            command,
            C::RecordContainment { .. } | C::RecordRootCause { .. }
        )
    }
}

impl Simulated for Capa {
    const KIND: RecordKind = RecordKind::Capa;

    fn book(books: &mut Books) -> &mut Book<Self> {
        &mut books.capas
    }

    fn finished(&self) -> bool {
        self.status().is_some_and(|s| s.is_terminal())
    }

    /// A second action planned is one more, not a retry.
    fn repeatable(command: &Self::Command) -> bool {
        matches!(command, casework::quality::capa::Command::PlanAction { .. })
    }
}

/// What became of one command.
#[derive(Debug)]
pub(crate) enum Outcome<E> {
    Recorded,
    Crashed(Crash),
    Refused(E),
}

impl Driver {
    /// Reads the stream back from its store unless its state is held.
    pub(crate) fn load<A: Simulated>(&mut self, stream: StreamId) -> Result<(), Failure> {
        let book = A::book(&mut self.books);
        if book.states.contains_key(&stream) {
            return Ok(());
        }
        let replayed = book
            .store
            .load(stream, Version::ZERO)
            .map_err(|e| format!("load: {e}"))
            .and_then(|history| A::replay(&history).map_err(|e| format!("replay: {e}")));
        match replayed {
            Ok(state) => {
                book.states.insert(stream, state);
                Ok(())
            }
            Err(what) => Err(self.failure::<A>(stream, what)),
        }
    }

    /// Arms a fault for the stream's next append, as the configuration's
    /// rates draw.
    fn arm_faults<A: Simulated>(&mut self, stream: StreamId) {
        let faults = self.config.faults;
        let book = A::book(&mut self.books);
        // A racer on a stream not yet created is refused, and races nothing.
        if self.rng.chance(faults.conflicts) {
            let policy = Arc::clone(self.desk.policy_at(self.now));
            if let Some(racer) = A::racer(policy, self.now, self.desk.process_owner, stream) {
                book.store.race(racer);
            }
        }
        if self.rng.chance(faults.crashes) {
            let crash = if self.rng.chance(500) {
                Crash::BeforeAppend
            } else {
                Crash::AfterAppend
            };
            book.store.crash(crash);
        }
    }

    /// Gives `command` through `execute`, with faults armed, and folds what
    /// was recorded; a command recorded may be submitted twice at once.
    pub(crate) fn exec<A: Simulated>(
        &mut self,
        stream: StreamId,
        actor: Actor,
        command: &A::Command,
    ) -> Result<Outcome<A::Error>, Failure> {
        self.arm_faults::<A>(stream);
        let policy = Arc::clone(self.desk.policy_at(self.now));
        let ctx = Ctx::new(self.now, actor, &policy);
        let book = A::book(&mut self.books);
        let result = execute::<A, _>(&mut book.store, stream, command, &ctx, DEFAULT_RETRIES);
        book.store.disarm();
        self.take_raced::<A>(stream);
        self.stats.commands += 1;
        match result {
            Ok(recorded) => {
                self.recorded::<A>(stream, &recorded);
                if self.rng.chance(self.config.faults.duplicates) && !A::repeatable(command) {
                    self.duplicate::<A>(stream, &ctx, command)?;
                }
                Ok(Outcome::Recorded)
            }
            Err(ExecuteError::Store(StoreError::Backend(crash))) => {
                self.crashed::<A>(stream, crash);
                Ok(Outcome::Crashed(crash))
            }
            Err(ExecuteError::Refused(refusal)) => {
                *self
                    .stats
                    .refusals
                    .entry(refusal.rule().to_owned())
                    .or_default() += 1;
                Ok(Outcome::Refused(refusal))
            }
            Err(other) => Err(self.failure::<A>(stream, format!("{command:?} failed: {other}"))),
        }
    }

    /// The same command again at once, as a double submit: it must be refused.
    fn duplicate<A: Simulated>(
        &mut self,
        stream: StreamId,
        ctx: &Ctx<'_>,
        command: &A::Command,
    ) -> Result<(), Failure> {
        self.stats.faults.duplicates += 1;
        let book = A::book(&mut self.books);
        match execute::<A, _>(&mut book.store, stream, command, ctx, DEFAULT_RETRIES) {
            Err(ExecuteError::Refused(_)) => Ok(()),
            Ok(recorded) => {
                self.recorded::<A>(stream, &recorded);
                self.stats.violations.push(format!(
                    "stream {stream}: a duplicated {command:?} was recorded again"
                ));
                Ok(())
            }
            Err(other) => Err(self.failure::<A>(stream, format!("duplicate failed: {other}"))),
        }
    }

    /// Counts a crash, and forgets the held state if the append may have happened.
    pub(crate) fn crashed<A: Simulated>(&mut self, stream: StreamId, crash: Crash) {
        match crash {
            Crash::BeforeAppend => self.stats.faults.crashes_before_append += 1,
            Crash::AfterAppend => {
                self.stats.faults.crashes_after_append += 1;
                A::book(&mut self.books).states.remove(&stream);
                self.reindex::<A>(stream);
            }
        }
    }

    /// Folds what another writer appended during a race.
    fn take_raced<A: Simulated>(&mut self, stream: StreamId) {
        let raced = core::mem::take(&mut A::book(&mut self.books).store.raced);
        if !raced.is_empty() {
            self.stats.faults.conflicts += 1;
            self.recorded::<A>(stream, &raced);
        }
    }

    /// Folds events the store acknowledged into the held state, the ledger
    /// and the index.
    fn recorded<A: Simulated>(&mut self, stream: StreamId, recorded: &[Recorded<A::Event>]) {
        let book = A::book(&mut self.books);
        let entries = book.ledger.entry(stream).or_default();
        for r in recorded {
            entries.push((r.version.get(), A::event_name(&r.event)));
        }
        self.stats.events += recorded.len() as u64;
        if let Some(state) = book.states.get_mut(&stream) {
            for r in recorded {
                if r.version.get() == state.version().get() + 1 {
                    state.apply(r);
                } else {
                    // A gap (a lost acknowledgement before): read it back.
                    book.states.remove(&stream);
                    break;
                }
            }
        } else if recorded.first().is_some_and(|r| r.version.get() == 1) {
            let mut state = A::default();
            for r in recorded {
                state.apply(r);
            }
            book.states.insert(stream, state);
        }
        self.reindex::<A>(stream);
        self.settle::<A>(stream);
    }

    /// Sets the stream's next deadline in the index, under the policy in force.
    pub(crate) fn reindex<A: Simulated>(&mut self, stream: StreamId) {
        let policy = self.desk.policy_at(self.now);
        let next = match A::book(&mut self.books).states.get(&stream) {
            Some(state) => state.next_deadline(policy).ok().flatten(),
            // Unknown until read back: due now, so the scheduler reads it.
            None => Some(self.now),
        };
        self.index.set(stream, A::KIND, next);
    }

    /// Whether the stream is finished for good: the desk has no step left on
    /// it, it is finished, and the policy in force gives it no deadline. Its
    /// state is then dropped until its shard is checked.
    pub(crate) fn settle<A: Simulated>(&mut self, stream: StreamId) {
        if self.has_plan(stream) || !self.unsettled.contains_key(&stream) {
            return;
        }
        let book = A::book(&mut self.books);
        let Some(state) = book.states.get(&stream) else {
            return;
        };
        // Under the policy in force. A later policy may judge a finished
        // record again (tighter targets give old cases breaches), as a desk
        // that re-scanned its closed cases would see; this desk does not.
        let policy = self.desk.policy_at(self.now);
        if state.finished() && matches!(state.next_deadline(policy), Ok(None)) {
            book.states.remove(&stream);
            self.settled.insert(stream, self.now);
            if let Some(shard) = self.unsettled.remove(&stream) {
                if let Some(live) = self.live.get_mut(&shard) {
                    *live = live.saturating_sub(1);
                }
            }
            self.index.set(stream, A::KIND, None);
        }
    }

    /// The scheduler's call on one stream: everything due, through `run_due`,
    /// with faults armed unless this is the last run; sometimes twice.
    pub(crate) fn due<A: Simulated>(
        &mut self,
        stream: StreamId,
        last: bool,
    ) -> Result<(), Failure> {
        self.load::<A>(stream)?;
        self.reindex::<A>(stream);
        if self.index.get(stream).is_none_or(|at| at > self.now) {
            return Ok(());
        }
        if !last {
            self.arm_faults::<A>(stream);
        }
        let policy = Arc::clone(self.desk.policy_at(self.now));
        let ctx = Ctx::new(self.now, self.desk.scheduler, &policy);
        let book = A::book(&mut self.books);
        let result = run_due::<A, _>(&mut book.store, stream, &ctx, DEFAULT_RETRIES);
        book.store.disarm();
        self.take_raced::<A>(stream);
        match result {
            Ok(recorded) => {
                self.stats.deadline_runs += 1;
                self.recorded::<A>(stream, &recorded);
                if !last && self.rng.chance(self.config.faults.scheduler_twice) {
                    self.stats.faults.scheduler_twice += 1;
                    let book = A::book(&mut self.books);
                    let again = run_due::<A, _>(&mut book.store, stream, &ctx, DEFAULT_RETRIES);
                    match again {
                        Ok(again) if again.is_empty() => {}
                        Ok(again) => {
                            self.recorded::<A>(stream, &again);
                            self.stats.violations.push(format!(
                                "stream {stream}: the scheduler's second call recorded {} more",
                                again.len()
                            ));
                        }
                        Err(e) => {
                            return Err(self.failure::<A>(stream, format!("second run_due: {e}")));
                        }
                    }
                }
                Ok(())
            }
            // Tried again at the next run.
            Err(ExecuteError::Store(StoreError::Backend(crash))) => {
                self.crashed::<A>(stream, crash);
                Ok(())
            }
            Err(other) => Err(self.failure::<A>(stream, format!("run_due: {other}"))),
        }
    }

    /// A failure on `stream`, with its history.
    pub(crate) fn failure<A: Simulated>(&mut self, stream: StreamId, what: String) -> Failure {
        let history = A::book(&mut self.books)
            .store
            .load(stream, Version::ZERO)
            .unwrap_or_default();
        Failure::on::<A>(&self.config, stream, what, &history)
    }
}
