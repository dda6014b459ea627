//! The virtual clock: one agenda of what happens next, run in instant order.
//! Cases arrive on a weekday and hour profile, the desk walks each through
//! the SOP with the real `decide` and store, and the scheduler runs every
//! quarter hour, or not at all while it is down.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};

use casework::case::Status;
use casework::case::{Assignee, Case, CaseError, CaseKind, Command, Event, Intake, Resolution};
use casework::priority::{Impact, SeverityFacts, Urgency};
use casework::read::{DeadlineIndex, RecordKind};
use casework::store::{DEFAULT_RETRIES, ExecuteError, StoreError, execute, run_due};
use casework::{
    Actor, Aggregate, CaseId, Channel, Ctx, CustomerRef, Recorded, Reference, StreamId,
};
use chrono::{DateTime, Datelike, NaiveTime, TimeDelta, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use uuid::Uuid;

use crate::check::Checker;
use crate::config::Config;
use crate::desk::{CATEGORIES, Desk};
use crate::report::{Failure, Stats};
use crate::rng::Rng;
use crate::store::{Crash, FaultyStore};

/// What happens at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    /// A new day: its arrivals are drawn.
    Day(u32),
    /// Case number n arrives, into a shard of the store.
    Arrive(u64, u32),
    /// The desk takes the case's next step.
    Step(StreamId),
    /// The scheduler runs.
    Tick,
}

/// One entry of the agenda, in instant order, then in the order it was added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    at: DateTime<Utc>,
    seq: u64,
    action: Action,
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// How the desk will handle one case: drawn when it arrives.
#[derive(Debug, Clone)]
struct Plan {
    agent: Actor,
    manager: Actor,
    /// The desk will ask the customer something while investigating.
    ask: bool,
    /// The customer never answers, neither the question nor the follow-up.
    silent: bool,
    /// The customer's concern is not resolved at follow-up.
    unhappy: bool,
    /// The customer calls back after the case is resolved.
    calls_back: bool,
    /// The customer was asked for a rating: the anti-fatigue rule asks for
    /// none again within its period.
    surveyed: bool,
    /// A command to give again: its first attempt crashed.
    reissue: Option<(Actor, Command, Crash)>,
}

/// What became of one command.
#[derive(Debug)]
enum Outcome {
    Recorded,
    Crashed,
    Refused(CaseError),
}

/// The events the desk was told were recorded, by stream: version and name.
pub(crate) type Ledger = HashMap<StreamId, Vec<(u64, &'static str)>>;

/// The simulated desk during a run.
pub(crate) struct Driver {
    pub(crate) config: Config,
    pub(crate) desk: Desk,
    rng: Rng,
    pub(crate) now: DateTime<Utc>,
    start: DateTime<Utc>,
    pub(crate) end: DateTime<Utc>,
    agenda: BinaryHeap<Reverse<Entry>>,
    seq: u64,
    /// Arrivals still to come, per day.
    quotas: Vec<u64>,
    arrived: u64,
    pub(crate) store: FaultyStore<Event>,
    pub(crate) cases: HashMap<StreamId, Case>,
    plans: HashMap<StreamId, Plan>,
    pub(crate) index: DeadlineIndex<RecordKind>,
    pub(crate) ledger: Ledger,
    pub(crate) stats: Stats,
    pub(crate) checker: Checker,
    /// The streams not yet finished for good, and their shard.
    unsettled: HashMap<StreamId, u32>,
    /// Per shard, how many of its streams are unsettled.
    live: BTreeMap<u32, u64>,
    /// Per shard, its streams.
    members: BTreeMap<u32, Vec<StreamId>>,
    policy_switched: bool,
}

impl core::fmt::Debug for Driver {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Driver")
            .field("now", &self.now)
            .field("cases", &self.cases.len())
            .finish_non_exhaustive()
    }
}

/// How many days of arrivals one shard of the store holds.
const SHARD_DAYS: u32 = 7;

/// How long the desk works on after the last day of arrivals.
pub(crate) const DRAIN_DAYS: i64 = 60;

/// The relative weight of arrivals on each weekday.
const fn weekday_weight(day: Weekday) -> u64 {
    match day {
        Weekday::Mon => 13,
        Weekday::Tue | Weekday::Wed => 11,
        Weekday::Thu => 10,
        Weekday::Fri => 9,
        Weekday::Sat => 4,
        Weekday::Sun => 2,
    }
}

/// The relative weight of arrivals in each local hour: a morning and an
/// afternoon peak, and a trickle overnight.
const HOURS: [u64; 24] = [
    1, 1, 1, 1, 1, 2, 4, 8, 14, 18, 17, 14, 10, 12, 15, 14, 11, 8, 6, 4, 3, 2, 2, 1,
];

/// Draws an index by weight.
fn weighted(rng: &mut Rng, weights: impl Iterator<Item = u64> + Clone) -> usize {
    let total: u64 = weights.clone().sum();
    let mut left = rng.below(total);
    for (i, w) in weights.enumerate() {
        if left < w {
            return i;
        }
        left -= w;
    }
    0
}

impl Driver {
    /// A driver for `config`, with its desk generated.
    ///
    /// # Errors
    /// A [`Failure`] when the desk cannot be generated.
    pub(crate) fn new(config: Config) -> Result<Self, Failure> {
        let mut rng = Rng::new(config.seed);
        let start = config.start();
        // After the last arrival, the desk works on until every case can be
        // finished: the run ends when the drain does.
        let end = start + TimeDelta::days(i64::from(config.days) + DRAIN_DAYS);
        let desk = Desk::generate(
            &mut rng.fork(),
            start,
            config.days,
            config.agents,
            config.faults.policy_change,
        )
        .map_err(|e| Failure::setup(&config, format!("the generated policy: {e}")))?;
        // Each day's share of the arrivals, by weekday weight, exactly `cases` in all.
        let weights: Vec<u64> = (0..config.days)
            .map(|d| weekday_weight((start + TimeDelta::days(i64::from(d))).weekday()))
            .collect();
        let total: u64 = weights.iter().sum::<u64>().max(1);
        let mut quotas: Vec<u64> = weights.iter().map(|w| config.cases * w / total).collect();
        let short = config.cases - quotas.iter().sum::<u64>();
        for q in quotas.iter_mut().take(usize::try_from(short).unwrap_or(0)) {
            *q += 1;
        }
        let mut driver = Self {
            config,
            desk,
            rng,
            now: start,
            start,
            end,
            agenda: BinaryHeap::new(),
            seq: 0,
            quotas,
            arrived: 0,
            store: FaultyStore::default(),
            cases: HashMap::new(),
            plans: HashMap::new(),
            index: DeadlineIndex::new(),
            ledger: HashMap::new(),
            stats: Stats::default(),
            checker: Checker::default(),
            unsettled: HashMap::new(),
            live: BTreeMap::new(),
            members: BTreeMap::new(),
            policy_switched: false,
        };
        for d in 0..driver.config.days {
            driver.schedule(start + TimeDelta::days(i64::from(d)), Action::Day(d));
        }
        driver.schedule(start, Action::Tick);
        Ok(driver)
    }

    fn schedule(&mut self, at: DateTime<Utc>, action: Action) {
        self.seq += 1;
        self.agenda.push(Reverse(Entry {
            at,
            seq: self.seq,
            action,
        }));
    }

    /// Runs the agenda up to the end of the run, calling `progress` with the
    /// share of simulated time done, and brings the scheduler up to date at
    /// the end.
    ///
    /// # Errors
    /// The first [`Failure`]: a command the desk's SOP walk expected to be
    /// accepted was refused, or the store failed in a way no fault explains.
    pub(crate) fn run(&mut self, progress: &mut dyn FnMut(f64)) -> Result<(), Failure> {
        let span = (self.end - self.start).num_minutes().max(1) as f64;
        let mut reported = self.start;
        while let Some(Reverse(entry)) = self.agenda.pop() {
            if entry.at > self.end {
                break;
            }
            self.now = self.now.max(entry.at);
            self.switch_policy_if_due();
            match entry.action {
                Action::Day(d) => self.day(d)?,
                Action::Arrive(n, shard) => self.arrive(n, shard)?,
                Action::Step(stream) => self.step(stream)?,
                Action::Tick => self.tick(false)?,
            }
            if self.now - reported >= TimeDelta::days(1) {
                reported = self.now;
                progress((self.now - self.start).num_minutes() as f64 / span);
            }
        }
        self.now = self.end;
        self.switch_policy_if_due();
        // The scheduler is back for good: everything due by the end is recorded.
        self.tick(true)?;
        let shards: Vec<u32> = self.members.keys().copied().collect();
        for shard in shards {
            self.retire(shard)?;
        }
        progress(1.0);
        Ok(())
    }

    /// At the change's instant, the new policy governs every command and
    /// every deadline from then on.
    fn switch_policy_if_due(&mut self) {
        let Some((from, _)) = &self.desk.change else {
            return;
        };
        if self.policy_switched || self.now < *from {
            return;
        }
        self.policy_switched = true;
        self.stats.faults.policy_changes += 1;
        let streams: Vec<StreamId> = self.cases.keys().copied().collect();
        for stream in streams {
            self.reindex(stream);
        }
    }

    /// Draws the day's arrivals on the hour profile of the business calendar's zone.
    fn day(&mut self, d: u32) -> Result<(), Failure> {
        // Shards whose arrivals are over and whose streams are all settled
        // are checked and freed.
        let done: Vec<u32> = self
            .live
            .iter()
            .filter(|(shard, live)| **shard < d / SHARD_DAYS && **live == 0)
            .map(|(shard, _)| *shard)
            .collect();
        for shard in done {
            self.retire(shard)?;
        }
        let quota = self.quotas.get(d as usize).copied().unwrap_or(0);
        let tz: Tz = self.desk.business.time_zone.parse().unwrap_or(Tz::UTC);
        let date = (self.start + TimeDelta::days(i64::from(d))).date_naive();
        for _ in 0..quota {
            let hour = weighted(&mut self.rng, HOURS.iter().copied());
            let minute = self.rng.below(60);
            let local = date.and_time(
                NaiveTime::from_hms_opt(hour as u32, minute as u32, 0).unwrap_or_default(),
            );
            // A reading in a DST gap is taken an hour later.
            let at = tz
                .from_local_datetime(&local)
                .earliest()
                .or_else(|| {
                    tz.from_local_datetime(&(local + TimeDelta::hours(1)))
                        .earliest()
                })
                .map_or(self.now, |t| t.with_timezone(&Utc));
            self.arrived += 1;
            let n = self.arrived;
            self.schedule(at.max(self.now), Action::Arrive(n, d / SHARD_DAYS));
        }
        Ok(())
    }

    /// Checks the shard's streams and frees them.
    fn retire(&mut self, shard: u32) -> Result<(), Failure> {
        let streams = self.members.remove(&shard).unwrap_or_default();
        self.check_streams(&streams, self.now)?;
        self.store.retire(shard, &streams);
        self.live.remove(&shard);
        for stream in &streams {
            self.cases.remove(stream);
            self.unsettled.remove(stream);
        }
        Ok(())
    }

    /// Whether the stream is finished for good: the desk has no step left on
    /// it, it is finished, and no policy gives it a deadline. Its state is
    /// then dropped until its shard is checked.
    fn settle(&mut self, stream: StreamId) {
        if self.plans.contains_key(&stream) || !self.unsettled.contains_key(&stream) {
            return;
        }
        let Some(case) = self.cases.get(&stream) else {
            return;
        };
        let finished = case.status().is_some_and(|s| s.is_terminal());
        let quiet = |policy: &casework::Policy| matches!(case.next_deadline(policy), Ok(None));
        if finished && quiet(self.desk.policy_at(self.now)) && quiet(self.desk.last_policy()) {
            if let Some(shard) = self.unsettled.remove(&stream) {
                if let Some(live) = self.live.get_mut(&shard) {
                    *live = live.saturating_sub(1);
                }
            }
            self.cases.remove(&stream);
            self.index.set(stream, RecordKind::Case, None);
        }
    }

    /// Case number `n` arrives and is logged, assigned, and planned.
    fn arrive(&mut self, n: u64, shard: u32) -> Result<(), Failure> {
        let rng = &mut self.rng;
        let kind = match rng.below(10) {
            0..=6 => CaseKind::Complaint,
            7 | 8 => CaseKind::ServiceRequest,
            _ => CaseKind::Inquiry,
        };
        let channel = match rng.below(10) {
            0..=4 => Channel::Email,
            5..=7 => Channel::Phone,
            8 => Channel::WebForm,
            _ => Channel::LiveChat,
        };
        let category = CATEGORIES
            .get(weighted(rng, CATEGORIES.iter().map(|(_, w)| *w)))
            .map_or("product", |(c, _)| c);
        let facts = SeverityFacts {
            safety_issue: rng.chance(10),
            customers_affected: if rng.chance(20) { 50 } else { 1 },
            ..SeverityFacts::default()
        };
        let teams = self.desk.teams.len() as u64;
        let team = self.desk.teams.get(rng.below(teams) as usize).cloned();
        let team = team.ok_or_else(|| Failure::setup(&self.config, "no team".into()))?;
        let agent = *rng.pick(&team.agents).unwrap_or(&team.manager);
        let silent = rng.chance(self.config.faults.silent_customers);
        let plan = Plan {
            agent,
            manager: team.manager,
            ask: silent || rng.chance(200),
            silent,
            unhappy: rng.chance(40),
            calls_back: rng.chance(30),
            surveyed: false,
            reissue: None,
        };
        let id = CaseId::from_uuid(Uuid::from_u128(0xCA5E_0000_0000_0000 + u128::from(n)));
        let prefix = match kind {
            CaseKind::Complaint => "CMP",
            CaseKind::ServiceRequest => "SR",
            _ => "INQ",
        };
        let reference = Reference::new(prefix, self.now.year().clamp(1, 9999) as u16, n)
            .map_err(|e| Failure::setup(&self.config, e.to_string()))?;
        let customer = CustomerRef::from_uuid(Uuid::from_u128(
            0xC057_0000 + u128::from(self.rng.below(self.config.cases.max(1) * 3 / 4 + 1)),
        ));
        let follow_up = if self.rng.chance(500) {
            channel.clone()
        } else {
            Channel::Phone
        };
        let intake = Intake::new(id, reference, kind, channel, customer, self.now)
            .about(category, "As the customer put it")
            .description("What the customer wrote, in full.")
            .follow_up_by(follow_up)
            .facts(facts)
            .impact(Impact(1 + self.rng.below(3) as u8))
            .urgency(Urgency(1 + self.rng.below(3) as u8));
        let stream = StreamId::from(id);
        self.plans.insert(stream, plan);
        self.store.assign(stream, shard);
        self.members.entry(shard).or_default().push(stream);
        self.unsettled.insert(stream, shard);
        *self.live.entry(shard).or_default() += 1;
        self.stats.cases += 1;
        let log = Command::Log {
            intake,
            first_contact_resolution: None,
        };
        match self.command(stream, agent, log.clone())? {
            Outcome::Recorded => {
                let assign = Command::Assign {
                    to: Assignee::Person(agent.id),
                };
                if let Outcome::Refused(refusal) =
                    self.command(stream, team.manager, assign.clone())?
                {
                    return Err(self.unexpected(stream, &assign, &refusal));
                }
            }
            Outcome::Refused(refusal) => return Err(self.unexpected(stream, &log, &refusal)),
            // Logged again at the next step.
            Outcome::Crashed => {
                self.schedule(self.now + TimeDelta::minutes(5), Action::Step(stream));
                return Ok(());
            }
        }
        self.next_step(stream);
        Ok(())
    }

    /// Schedules the case's next step after the time the desk takes for it.
    fn next_step(&mut self, stream: StreamId) {
        if self.load(stream).is_err() {
            return;
        }
        let Some(case) = self.cases.get(&stream) else {
            return;
        };
        let silent = self.plans.get(&stream).is_some_and(|p| p.silent);
        let rng = &mut self.rng;
        let minutes = match case.status() {
            None | Some(Status::Received) => {
                // Most within the hour, some the next day, a few days late.
                match rng.below(20) {
                    0 => rng.between(24 * 60, 4 * 24 * 60),
                    1..=3 => rng.between(4 * 60, 24 * 60),
                    _ => rng.between(5, 90),
                }
            }
            Some(Status::Acknowledged) => rng.between(10, 8 * 60),
            Some(Status::Investigating) => rng.between(60, 5 * 24 * 60),
            Some(Status::WaitingOnCustomer) if silent => 10 * 24 * 60,
            Some(Status::WaitingOnCustomer | Status::WaitingOnThirdParty) => {
                rng.between(60, 3 * 24 * 60)
            }
            Some(Status::ResolutionProposed) => rng.between(60, 2 * 24 * 60),
            Some(Status::Resolved) => rng.between(30, 36 * 60),
            Some(Status::Closed) => rng.between(24 * 60, 6 * 24 * 60),
            Some(Status::Withdrawn | Status::Rejected | Status::Merged) => return,
        };
        let at = self.now + TimeDelta::minutes(minutes);
        self.schedule(at, Action::Step(stream));
    }

    /// The desk's next step on a case, as its status and plan say.
    fn step(&mut self, stream: StreamId) -> Result<(), Failure> {
        let Some(mut plan) = self.plans.get(&stream).cloned() else {
            return Ok(());
        };
        if let Some((actor, command, crash)) = plan.reissue.take() {
            self.plans.insert(stream, plan);
            self.load(stream)?;
            // A command that may rightly be given twice is not given again
            // once the stream shows it landed: the client reads its write back.
            if crash == Crash::AfterAppend && repeatable(&command) {
                self.next_step(stream);
                return Ok(());
            }
            self.stats.faults.reissued += 1;
            match self.command(stream, actor, command.clone())? {
                Outcome::Recorded if crash == Crash::AfterAppend => {
                    self.stats.violations.push(format!(
                        "stream {stream}: {:?} given again after a lost acknowledgement was recorded twice",
                        command.kind()
                    ));
                }
                // Refused, as it was recorded the first time.
                Outcome::Refused(_) if crash == Crash::AfterAppend => {}
                Outcome::Refused(refusal) if late_callback(&command, &refusal) => {
                    self.stats.late_callbacks += 1;
                }
                Outcome::Refused(refusal) => {
                    return Err(self.unexpected(stream, &command, &refusal));
                }
                Outcome::Recorded | Outcome::Crashed => {}
            }
            self.next_step(stream);
            return Ok(());
        }
        self.load(stream)?;
        let Some(case) = self.cases.get(&stream) else {
            return Ok(());
        };
        let Some((actor, command)) = walk(case, &mut plan, &mut self.rng) else {
            self.plans.remove(&stream);
            self.settle(stream);
            return Ok(());
        };
        self.plans.insert(stream, plan);
        if let Outcome::Refused(refusal) = self.command(stream, actor, command.clone())? {
            if !late_callback(&command, &refusal) {
                return Err(self.unexpected(stream, &command, &refusal));
            }
            self.stats.late_callbacks += 1;
        }
        self.next_step(stream);
        Ok(())
    }

    /// Reads the case back from the store unless it is cached.
    fn load(&mut self, stream: StreamId) -> Result<(), Failure> {
        if self.cases.contains_key(&stream) {
            return Ok(());
        }
        let history = casework::store::CaseStore::load(
            self.store.shard(stream),
            stream,
            casework::Version::ZERO,
        )
        .map_err(|e| format!("load: {e}"))
        .and_then(|history| Case::replay(&history).map_err(|e| format!("replay: {e}")));
        match history {
            Ok(case) => {
                self.cases.insert(stream, case);
                Ok(())
            }
            Err(what) => Err(self.failure(stream, what)),
        }
    }

    /// Arms a fault for the next append, as the configuration's rates draw.
    fn arm_faults(&mut self, stream: StreamId, creates: bool) {
        let faults = self.config.faults;
        if !creates && self.rng.chance(faults.conflicts) {
            let policy = std::sync::Arc::clone(self.desk.policy_at(self.now));
            let (at, writer) = (self.now, self.desk.process_owner);
            self.store.race(Box::new(move |store| {
                let note = Command::AddNote {
                    text: "Read the case while another writer worked on it".into(),
                    visibility: casework::case::NoteVisibility::Internal,
                };
                execute::<Case, _>(store, stream, &note, &Ctx::new(at, writer, &policy), 0)
                    .unwrap_or_default()
            }));
        }
        if self.rng.chance(faults.crashes) {
            let crash = if self.rng.chance(500) {
                Crash::BeforeAppend
            } else {
                Crash::AfterAppend
            };
            self.store.crash(crash);
        }
    }

    /// Runs `command` on the stored case through `execute`, with the faults
    /// armed.
    fn command(
        &mut self,
        stream: StreamId,
        actor: Actor,
        command: Command,
    ) -> Result<Outcome, Failure> {
        let creates = matches!(command, Command::Log { .. });
        self.arm_faults(stream, creates);
        let policy = self.desk.policy_at(self.now);
        let ctx = Ctx::new(self.now, actor, policy);
        let result = execute::<Case, _>(&mut self.store, stream, &command, &ctx, DEFAULT_RETRIES);
        self.store.disarm();
        self.take_raced(stream);
        self.stats.commands += 1;
        match result {
            Ok(recorded) => {
                self.recorded(stream, &recorded);
                if self.rng.chance(self.config.faults.duplicates) {
                    self.duplicate(stream, actor, &command)?;
                }
                Ok(Outcome::Recorded)
            }
            Err(ExecuteError::Store(StoreError::Backend(crash))) => {
                self.crashed(stream, crash);
                if let Some(plan) = self.plans.get_mut(&stream) {
                    plan.reissue = Some((actor, command, crash));
                }
                Ok(Outcome::Crashed)
            }
            Err(ExecuteError::Refused(refusal)) => {
                *self
                    .stats
                    .refusals
                    .entry(refusal.rule().to_owned())
                    .or_default() += 1;
                Ok(Outcome::Refused(refusal))
            }
            Err(other) => {
                Err(self.failure(stream, format!("{:?} failed: {other}", command.kind())))
            }
        }
    }

    /// Counts a crash, and forgets the cached state if the append may have happened.
    fn crashed(&mut self, stream: StreamId, crash: Crash) {
        match crash {
            Crash::BeforeAppend => self.stats.faults.crashes_before_append += 1,
            Crash::AfterAppend => {
                self.stats.faults.crashes_after_append += 1;
                self.cases.remove(&stream);
                self.reindex(stream);
            }
        }
    }

    /// The desk's own walk was refused: the walk follows the SOP, so this is
    /// a failure.
    fn unexpected(&mut self, stream: StreamId, command: &Command, refusal: &CaseError) -> Failure {
        let status = self.cases.get(&stream).and_then(Case::status);
        self.failure(
            stream,
            format!(
                "the SOP walk's {:?} was refused in status {status:?}: {refusal}",
                command.kind()
            ),
        )
    }

    /// The same command again at once, as a double submit: it must be refused.
    fn duplicate(
        &mut self,
        stream: StreamId,
        actor: Actor,
        command: &Command,
    ) -> Result<(), Failure> {
        if repeatable(command) {
            return Ok(());
        }
        self.stats.faults.duplicates += 1;
        let ctx = Ctx::new(self.now, actor, self.desk.policy_at(self.now));
        match execute::<Case, _>(&mut self.store, stream, command, &ctx, DEFAULT_RETRIES) {
            Err(ExecuteError::Refused(_)) => Ok(()),
            Ok(recorded) => {
                self.recorded(stream, &recorded);
                self.stats.violations.push(format!(
                    "stream {stream}: a duplicated {:?} was recorded again",
                    command.kind()
                ));
                Ok(())
            }
            Err(other) => Err(self.failure(stream, format!("duplicate failed: {other}"))),
        }
    }

    /// Folds what another writer appended during a race.
    fn take_raced(&mut self, stream: StreamId) {
        let raced = core::mem::take(&mut self.store.raced);
        if !raced.is_empty() {
            self.stats.faults.conflicts += 1;
            self.recorded(stream, &raced);
        }
    }

    /// Folds events the store acknowledged into the cache, the ledger and the index.
    fn recorded(&mut self, stream: StreamId, recorded: &[Recorded<Event>]) {
        let entries = self.ledger.entry(stream).or_default();
        for r in recorded {
            entries.push((r.version.get(), r.event.name()));
        }
        self.stats.events += recorded.len() as u64;
        if let Some(case) = self.cases.get_mut(&stream) {
            for r in recorded {
                if r.version.get() == case.version().get() + 1 {
                    case.apply(r);
                } else {
                    // A gap (a lost acknowledgement before): read it back.
                    self.cases.remove(&stream);
                    break;
                }
            }
        } else if recorded.first().is_some_and(|r| r.version.get() == 1) {
            let mut case = Case::default();
            for r in recorded {
                case.apply(r);
            }
            self.cases.insert(stream, case);
        }
        self.reindex(stream);
        self.settle(stream);
    }

    /// Sets the stream's next deadline in the index, under the policy in force.
    fn reindex(&mut self, stream: StreamId) {
        let policy = self.desk.policy_at(self.now);
        let next = match self.cases.get(&stream) {
            Some(case) => case.next_deadline(policy).ok().flatten(),
            // Unknown until read back: due now, so the scheduler reads it.
            None => Some(self.now),
        };
        self.index.set(stream, RecordKind::Case, next);
    }

    /// The scheduler's run: every stream whose deadline has come, through
    /// `run_due`, unless the scheduler is down. It may run a stream twice,
    /// or the due streams in reverse order.
    fn tick(&mut self, last: bool) -> Result<(), Failure> {
        if !last {
            let jitter = self.rng.between(0, 5);
            self.schedule(self.now + TimeDelta::minutes(15 + jitter), Action::Tick);
            if self.config.faults.outages && self.desk.scheduler_down(self.now) {
                self.stats.faults.ticks_missed += 1;
                return Ok(());
            }
        }
        self.stats.ticks += 1;
        let mut due: Vec<StreamId> = self.index.due(self.now).map(|d| d.stream).collect();
        if !last && self.rng.chance(self.config.faults.scheduler_out_of_order) {
            due.reverse();
            self.stats.faults.out_of_order += 1;
        }
        for stream in due {
            self.load(stream)?;
            self.reindex(stream);
            if self.index.get(stream).is_none_or(|at| at > self.now) {
                continue;
            }
            if !last {
                self.arm_faults(stream, false);
            }
            let policy = std::sync::Arc::clone(self.desk.policy_at(self.now));
            let ctx = Ctx::new(self.now, self.desk.scheduler, &policy);
            let result = run_due::<Case, _>(&mut self.store, stream, &ctx, DEFAULT_RETRIES);
            self.store.disarm();
            self.take_raced(stream);
            match result {
                Ok(recorded) => {
                    self.stats.deadline_runs += 1;
                    self.recorded(stream, &recorded);
                    if !last && self.rng.chance(self.config.faults.scheduler_twice) {
                        self.stats.faults.scheduler_twice += 1;
                        let again =
                            run_due::<Case, _>(&mut self.store, stream, &ctx, DEFAULT_RETRIES)
                                .map_err(|e| {
                                    self.failure(stream, format!("second run_due: {e}"))
                                })?;
                        if !again.is_empty() {
                            self.recorded(stream, &again);
                            self.stats.violations.push(format!(
                                "stream {stream}: the scheduler's second call recorded {} more",
                                again.len()
                            ));
                        }
                    }
                }
                // Tried again at the next run.
                Err(ExecuteError::Store(StoreError::Backend(crash))) => self.crashed(stream, crash),
                Err(other) => {
                    return Err(self.failure(stream, format!("run_due: {other}")));
                }
            }
        }
        Ok(())
    }

    /// A failure on `stream`, with its history.
    pub(crate) fn failure(&mut self, stream: StreamId, what: String) -> Failure {
        let history = casework::store::CaseStore::load(
            self.store.shard(stream),
            stream,
            casework::Version::ZERO,
        )
        .unwrap_or_default();
        Failure::on(&self.config, stream, what, &history)
    }
}

/// A customer who calls back after the reopen window is refused a reopen,
/// and gets a new case, as the refusal says: the desk's next arrival.
fn late_callback(command: &Command, refusal: &CaseError) -> bool {
    matches!(command, Command::Reopen { .. }) && refusal.rule() == "reopen_window_expired"
}

/// Whether the desk may rightly give `command` twice (a second note, a
/// second unanswered call): nothing in it tells a repeat from a retry.
const fn repeatable(command: &Command) -> bool {
    matches!(
        command,
        Command::AddNote { .. } | Command::RecordNoAnswer { .. }
    )
}

/// The desk's next command on `case`, by the person the SOPs name, or `None`
/// when the case is finished.
fn walk(case: &Case, plan: &mut Plan, rng: &mut Rng) -> Option<(Actor, Command)> {
    let agent = plan.agent;
    let channel = || case.intake().map_or(Channel::Email, |i| i.channel.clone());
    let follow_up_channel = || case.follow_up_channel().cloned().unwrap_or(Channel::Phone);
    Some(match case.status()? {
        Status::Received => (agent, Command::Acknowledge { channel: channel() }),
        Status::Acknowledged => (agent, Command::StartInvestigation),
        Status::Investigating if plan.ask => {
            plan.ask = false;
            (
                agent,
                Command::WaitOnCustomer {
                    reason: "Asked for the order number and a photo".into(),
                },
            )
        }
        Status::Investigating | Status::ResolutionProposed => (
            agent,
            Command::Resolve {
                resolution: Some(Resolution::text("Refunded and apologised")),
                root_cause: case.is_complaint().then(|| "process".to_owned()),
            },
        ),
        Status::WaitingOnCustomer | Status::WaitingOnThirdParty => (agent, Command::Resume),
        Status::Resolved => resolved(case, plan, rng, follow_up_channel())?,
        Status::Closed if plan.calls_back => {
            plan.calls_back = false;
            (
                plan.manager,
                Command::Reopen {
                    reason: "The customer called back: the refund never arrived".into(),
                },
            )
        }
        Status::Closed | Status::Withdrawn | Status::Rejected | Status::Merged => return None,
    })
}

/// The steps after a resolution: review, follow-up, the concern, the CAPA
/// decision for a complaint, and the close.
fn resolved(
    case: &Case,
    plan: &mut Plan,
    rng: &mut Rng,
    channel: Channel,
) -> Option<(Actor, Command)> {
    use casework::case::FollowUpStatus;
    let agent = plan.agent;
    if case.review().is_none() {
        return Some((
            qa_for(case),
            Command::ReviewResolution {
                approved: true,
                comments: String::new(),
            },
        ));
    }
    if matches!(
        case.follow_up(),
        FollowUpStatus::Pending | FollowUpStatus::Unanswered { .. }
    ) {
        if plan.silent {
            return Some((
                agent,
                Command::RecordNoAnswer {
                    channel,
                    other_channel_reason: None,
                },
            ));
        }
        let unhappy = core::mem::take(&mut plan.unhappy);
        let rating = (!core::mem::replace(&mut plan.surveyed, true))
            .then(|| if unhappy { 1 } else { 3 + rng.below(3) as u8 });
        return Some((
            agent,
            Command::RecordFollowUp {
                channel,
                other_channel_reason: None,
                rating,
                comments: String::new(),
                concern_resolved: !unhappy,
                answers: Vec::new(),
                last_surveyed_at: None,
                survey_override: None,
            },
        ));
    }
    if case.open_concern().is_some() {
        return Some((
            plan.manager,
            Command::ResolveConcern {
                resolution: "Called the customer and put it right".into(),
            },
        ));
    }
    if case.is_complaint() && case.no_capa().is_none() && case.quality_records().is_empty() {
        if case.no_capa_proposal().is_none() {
            return Some((
                agent,
                Command::ProposeNoCapa {
                    reason: "A one-off".into(),
                },
            ));
        }
        return Some((plan.manager, Command::ApproveNoCapa));
    }
    Some((plan.manager, Command::Close))
}

/// A QA specialist who did not resolve the case.
fn qa_for(case: &Case) -> Actor {
    let n = case.id().map_or(0, |id| id.as_uuid().as_u128() & 1);
    crate::desk::person(crate::desk::QA + n, casework::Role::QaSpecialist)
}
