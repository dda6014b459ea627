//! The virtual clock: one agenda of what happens next, run in instant order.
//! Cases arrive on a weekday and hour profile, the desk walks each through
//! the SOP with the real `decide` and store, and the scheduler runs every
//! quarter hour, or not at all while it is down.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};

use casework::case::Status;
use casework::case::{Assignee, Case, CaseError, CaseKind, Command, Intake, Resolution};
use casework::priority::{Impact, SeverityFacts, Urgency};
use casework::quality::capa::Capa;
use casework::quality::nonconformance::NonConformance;
use casework::read::{DeadlineIndex, RecordKind};

use casework::{Actor, CaseId, Channel, CustomerRef, Reference, StreamId};
use chrono::{DateTime, Datelike, NaiveTime, TimeDelta, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use uuid::Uuid;

use crate::book::{Books, Outcome};
use crate::check::Checker;
use crate::config::Config;
use crate::desk::{CATEGORIES, Desk};
use crate::report::{Failure, Stats};
use crate::rng::Rng;
use crate::store::Crash;

/// What happens at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// A new day: its arrivals are drawn.
    Day(u32),
    /// Case number n arrives, into a shard of the store.
    Arrive(u64, u32),
    /// The desk takes the case's next step.
    Step(StreamId),
    /// The desk takes the next step on a non-conformance or CAPA.
    Quality(StreamId, RecordKind),
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
    /// The investigation finds a non-conformance, and a manager reports it.
    nonconforming: bool,
    /// The customer was asked for a rating: the anti-fatigue rule asks for
    /// none again within its period.
    surveyed: bool,
    /// A command to give again: its first attempt crashed.
    reissue: Option<(Actor, Command, Crash)>,
}

/// The simulated desk during a run.
pub(crate) struct Driver {
    pub(crate) config: Config,
    pub(crate) desk: Desk,
    pub(crate) rng: Rng,
    pub(crate) now: DateTime<Utc>,
    start: DateTime<Utc>,
    pub(crate) end: DateTime<Utc>,
    agenda: BinaryHeap<Reverse<Entry>>,
    seq: u64,
    /// Arrivals still to come, per day.
    quotas: Vec<u64>,
    arrived: u64,
    pub(crate) books: Books,
    plans: HashMap<StreamId, Plan>,
    /// The CAPA ids handed out.
    pub(crate) capa_ids: u64,
    /// The desk's plans for non-conformances and CAPAs.
    pub(crate) quality: HashMap<StreamId, crate::quality::Plan>,
    pub(crate) index: DeadlineIndex<RecordKind>,
    pub(crate) stats: Stats,
    pub(crate) checker: Checker,
    /// The streams not yet finished for good, and their shard.
    pub(crate) unsettled: HashMap<StreamId, u32>,
    /// When each stream settled, until its shard is checked: it is checked
    /// under the policy in force then.
    pub(crate) settled: HashMap<StreamId, DateTime<Utc>>,
    /// Per shard, how many of its streams are unsettled.
    pub(crate) live: BTreeMap<u32, u64>,
    /// Per shard, its streams.
    members: BTreeMap<u32, Vec<(StreamId, RecordKind)>>,
    policy_switched: bool,
}

impl core::fmt::Debug for Driver {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Driver")
            .field("now", &self.now)
            .field("cases", &self.books.cases.states.len())
            .finish_non_exhaustive()
    }
}

/// How many days of arrivals one shard of the store holds.
const SHARD_DAYS: u32 = 7;

/// The bit that marks a shard of quality records: non-conformances and
/// CAPAs live for months, and are kept apart so that a week's cases are
/// freed as soon as they are finished.
pub(crate) const QUALITY_SHARD: u32 = 1 << 20;

/// The week of arrivals a shard holds.
const fn week_of(shard: u32) -> u32 {
    shard & (QUALITY_SHARD - 1)
}

/// How long the desk works on after the last day of arrivals, at least.
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
        // After the last arrival, the desk works on for the drain, and then
        // for as long as it has steps to take.
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
            books: Books::default(),
            plans: HashMap::new(),
            quality: HashMap::new(),
            capa_ids: 0,
            index: DeadlineIndex::new(),
            stats: Stats::default(),
            checker: Checker::default(),
            unsettled: HashMap::new(),
            settled: HashMap::new(),
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

    pub(crate) fn schedule(&mut self, at: DateTime<Utc>, action: Action) {
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
        // The desk works on past the drain while it still has steps to take
        // (a CAPA's effectiveness check comes months later), up to a year.
        let cap = self.end + TimeDelta::days(365);
        while let Some(Reverse(entry)) = self.agenda.pop() {
            let busy = !self.plans.is_empty() || !self.quality.is_empty();
            if entry.at > cap || (entry.at > self.end && !busy) {
                break;
            }
            self.end = self.end.max(entry.at);
            self.now = self.now.max(entry.at);
            self.switch_policy_if_due();
            match entry.action {
                Action::Day(d) => self.day(d)?,
                Action::Arrive(n, shard) => self.arrive(n, shard)?,
                Action::Step(stream) => self.step(stream)?,
                Action::Quality(stream, kind) => self.quality_step(stream, kind)?,
                Action::Tick => self.tick(false)?,
            }
            if self.now - reported >= TimeDelta::days(1) {
                reported = self.now;
                progress(((self.now - self.start).num_minutes() as f64 / span).min(0.99));
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
        let held: Vec<(StreamId, RecordKind)> = self
            .books
            .cases
            .states
            .keys()
            .map(|s| (*s, RecordKind::Case))
            .chain(
                self.books
                    .ncrs
                    .states
                    .keys()
                    .map(|s| (*s, RecordKind::NonConformance)),
            )
            .chain(
                self.books
                    .capas
                    .states
                    .keys()
                    .map(|s| (*s, RecordKind::Capa)),
            )
            .collect();
        for (stream, kind) in held {
            match kind {
                RecordKind::NonConformance => self.reindex::<NonConformance>(stream),
                RecordKind::Capa => self.reindex::<Capa>(stream),
                _ => self.reindex::<Case>(stream),
            }
        }
    }

    /// Draws the day's arrivals on the hour profile of the business calendar's zone.
    fn day(&mut self, d: u32) -> Result<(), Failure> {
        // Shards whose arrivals are over and whose streams are all settled
        // are checked and freed.
        let done: Vec<u32> = self
            .live
            .iter()
            .filter(|(shard, live)| week_of(**shard) < d / SHARD_DAYS && **live == 0)
            .map(|(shard, _)| *shard)
            .collect();
        for shard in done {
            self.retire(shard)?;
        }
        let quota = self.quotas.get(d as usize).copied().unwrap_or(0);
        let tz: Tz = self
            .desk
            .last_spec
            .calendar
            .time_zone
            .parse()
            .unwrap_or(Tz::UTC);
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

    /// Puts a new stream in `shard`, unsettled.
    pub(crate) fn join(&mut self, stream: StreamId, kind: RecordKind, shard: u32) {
        if self.unsettled.contains_key(&stream) {
            return;
        }
        self.members.entry(shard).or_default().push((stream, kind));
        self.unsettled.insert(stream, shard);
        *self.live.entry(shard).or_default() += 1;
    }

    /// The shard a stream is in.
    pub(crate) fn shard_of(&self, stream: StreamId) -> u32 {
        self.unsettled.get(&stream).copied().unwrap_or(u32::MAX)
    }

    /// Whether the desk still has a step to take on the stream.
    pub(crate) fn has_plan(&self, stream: StreamId) -> bool {
        self.plans.contains_key(&stream) || self.quality.contains_key(&stream)
    }

    /// Checks the shard's streams and frees them.
    fn retire(&mut self, shard: u32) -> Result<(), Failure> {
        let streams = self.members.remove(&shard).unwrap_or_default();
        self.check_streams(&streams, self.now)?;
        let ids: Vec<StreamId> = streams.iter().map(|(s, _)| *s).collect();
        self.books.cases.store.retire(shard, &ids);
        self.books.ncrs.store.retire(shard, &ids);
        self.books.capas.store.retire(shard, &ids);
        self.live.remove(&shard);
        for stream in &ids {
            self.books.cases.states.remove(stream);
            self.books.ncrs.states.remove(stream);
            self.books.capas.states.remove(stream);
            self.unsettled.remove(stream);
        }
        Ok(())
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
            nonconforming: kind == CaseKind::Complaint
                && self.rng.chance(self.config.non_conformances),
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
        self.books.cases.store.assign(stream, shard);
        self.join(stream, RecordKind::Case, shard);
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
            Outcome::Crashed(_) => {
                self.schedule(self.now + TimeDelta::minutes(5), Action::Step(stream));
                return Ok(());
            }
        }
        self.next_step(stream);
        Ok(())
    }

    /// Schedules the case's next step after the time the desk takes for it.
    fn next_step(&mut self, stream: StreamId) {
        if self.load::<Case>(stream).is_err() {
            return;
        }
        let Some(case) = self.books.cases.states.get(&stream) else {
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
            self.load::<Case>(stream)?;
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
                Outcome::Recorded | Outcome::Crashed(_) => {}
            }
            self.next_step(stream);
            return Ok(());
        }
        self.load::<Case>(stream)?;
        let Some(case) = self.books.cases.states.get(&stream) else {
            return Ok(());
        };
        if plan.nonconforming && case.status() == Some(Status::Investigating) {
            plan.nonconforming = false;
            let case = case.clone();
            self.plans.insert(stream, plan.clone());
            let shard = self.shard_of(stream) | crate::driver::QUALITY_SHARD;
            self.raise_non_conformance(&case, plan.manager, plan.agent, shard)?;
            self.next_step(stream);
            return Ok(());
        }
        let Some((actor, command)) = walk(case, &mut plan, &mut self.rng) else {
            self.plans.remove(&stream);
            self.settle::<Case>(stream);
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

    /// Runs `command` on the case through `execute`, with the faults armed;
    /// a command that crashed is given again at the case's next step.
    fn command(
        &mut self,
        stream: StreamId,
        actor: Actor,
        command: Command,
    ) -> Result<Outcome<CaseError>, Failure> {
        let outcome = self.exec::<Case>(stream, actor, &command)?;
        if let Outcome::Crashed(crash) = outcome {
            if let Some(plan) = self.plans.get_mut(&stream) {
                plan.reissue = Some((actor, command, crash));
            }
        }
        Ok(outcome)
    }

    /// The desk's own walk was refused: the walk follows the SOP, so this is
    /// a failure.
    fn unexpected(&mut self, stream: StreamId, command: &Command, refusal: &CaseError) -> Failure {
        let status = self.books.cases.states.get(&stream).and_then(Case::status);
        self.failure::<Case>(
            stream,
            format!(
                "the SOP walk's {:?} was refused in status {status:?}: {refusal}",
                command.kind()
            ),
        )
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
        let mut due: Vec<_> = self.index.due(self.now).collect();
        if !last && self.rng.chance(self.config.faults.scheduler_out_of_order) {
            due.reverse();
            self.stats.faults.out_of_order += 1;
        }
        for due in due {
            match due.kind {
                RecordKind::Case => self.due::<Case>(due.stream, last)?,
                RecordKind::NonConformance => self.due::<NonConformance>(due.stream, last)?,
                RecordKind::Capa => self.due::<Capa>(due.stream, last)?,
                _ => {}
            }
        }
        Ok(())
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
