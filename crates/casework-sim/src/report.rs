//! What a run reports: its counts, the faults it injected, the invariants it
//! checked, and, when one does not hold, the seed and the history to replay.

use std::collections::BTreeMap;
use std::fmt;

use casework::{Recorded, StreamId};

use crate::book::Simulated;
use crate::config::Config;

/// The faults a run injected, counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FaultCounts {
    /// Scheduler runs missed while it was down.
    pub ticks_missed: u64,
    /// Streams the scheduler called twice in a row.
    pub scheduler_twice: u64,
    /// Scheduler runs that took the due streams in reverse order.
    pub out_of_order: u64,
    /// Appends another writer raced to.
    pub conflicts: u64,
    /// Appends that crashed before the write.
    pub crashes_before_append: u64,
    /// Appends written whose acknowledgement was lost.
    pub crashes_after_append: u64,
    /// Commands given again after a crash.
    pub reissued: u64,
    /// Commands submitted twice.
    pub duplicates: u64,
    /// Policy changes.
    pub policy_changes: u64,
}

impl FaultCounts {
    /// All faults injected.
    #[must_use]
    pub const fn total(&self) -> u64 {
        self.ticks_missed
            + self.scheduler_twice
            + self.out_of_order
            + self.conflicts
            + self.crashes_before_append
            + self.crashes_after_append
            + self.duplicates
            + self.policy_changes
    }
}

/// The counts of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Cases that arrived.
    pub cases: u64,
    /// Non-conformances reported.
    pub non_conformances: u64,
    /// CAPAs opened.
    pub capas: u64,
    /// Commands given through `execute`.
    pub commands: u64,
    /// Events the store acknowledged.
    pub events: u64,
    /// Scheduler runs.
    pub ticks: u64,
    /// `run_due` calls that returned.
    pub deadline_runs: u64,
    /// Customers who called back after the reopen window, and were refused
    /// a reopen.
    pub late_callbacks: u64,
    /// Refusals, by rule: the expected ones, of commands given twice.
    pub refusals: BTreeMap<String, u64>,
    /// The faults injected.
    pub faults: FaultCounts,
    /// Invariants broken during the run (a duplicate recorded, say).
    pub violations: Vec<String>,
}

/// One invariant checked after the run, and how many times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// What holds.
    pub invariant: &'static str,
    /// On how many things it was checked: streams, events or instants.
    pub count: u64,
}

/// A run that held.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// What ran.
    pub config: Config,
    /// Its counts.
    pub stats: Stats,
    /// The invariants checked.
    pub checked: Vec<Checked>,
    /// Streams (cases, non-conformances, CAPAs) finished at the end:
    /// closed, withdrawn, rejected, merged or cancelled.
    pub finished: u64,
    /// Streams still open at the end, each with a deadline pending.
    pub open: u64,
    /// A digest of every stored row's hash, in stream order: equal digests,
    /// equal runs.
    pub digest: u64,
}

/// A run that did not hold: enough to replay it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What ran: the seed and the sizes.
    pub config: Box<Config>,
    /// What did not hold.
    pub what: String,
    /// The stream it concerns, if one.
    pub stream: Option<StreamId>,
    /// That stream's history, one event a line.
    pub history: Vec<String>,
}

impl Failure {
    /// A failure before any case ran.
    #[must_use]
    pub fn setup(config: &Config, what: String) -> Self {
        Self {
            config: Box::new(*config),
            what,
            stream: None,
            history: Vec::new(),
        }
    }

    /// A failure on `stream`, with its history.
    #[must_use]
    pub(crate) fn on<A: Simulated>(
        config: &Config,
        stream: StreamId,
        what: String,
        history: &[Recorded<A::Event>],
    ) -> Self {
        Self {
            config: Box::new(*config),
            what,
            stream: Some(stream),
            history: history
                .iter()
                .map(|r| {
                    let due = A::came_due(&r.event).map(|at| format!("came due {at}"));
                    format!(
                        "v{:<3} {} {:<26} by {} {}",
                        r.version.get(),
                        r.at.format("%Y-%m-%d %H:%M"),
                        A::event_name(&r.event),
                        r.actor,
                        due.unwrap_or_default()
                    )
                })
                .collect(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.config;
        writeln!(f, "simulation failed: {}", self.what)?;
        writeln!(
            f,
            "replay with: seed {} cases {} days {} agents {}",
            c.seed, c.cases, c.days, c.agents
        )?;
        if let Some(stream) = self.stream {
            writeln!(f, "stream {stream}:")?;
            for line in &self.history {
                writeln!(f, "  {line}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Failure {}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.stats;
        let row = |f: &mut fmt::Formatter<'_>, what: &str, n: u64| {
            writeln!(f, "| {what:<44} | {n:>12} |")
        };
        writeln!(f, "| {:<44} | {:>12} |", "seed", self.config.seed)?;
        writeln!(f, "|{:-<46}|{:->14}|", "", "")?;
        row(f, "days", u64::from(self.config.days))?;
        row(f, "agents", u64::from(self.config.agents))?;
        row(f, "cases", s.cases)?;
        row(f, "streams (cases, NCRs, CAPAs) finished", self.finished)?;
        row(f, "streams open, with a deadline pending", self.open)?;
        row(f, "non-conformances reported", s.non_conformances)?;
        row(f, "CAPAs opened", s.capas)?;
        row(f, "commands", s.commands)?;
        row(f, "events recorded", s.events)?;
        row(f, "scheduler runs", s.ticks)?;
        row(f, "deadline calls (run_due)", s.deadline_runs)?;
        writeln!(
            f,
            "| {:<44} | {:>12} |",
            "faults injected",
            s.faults.total()
        )?;
        let fc = &s.faults;
        row(
            f,
            "  scheduler runs missed (outages, a DST night)",
            fc.ticks_missed,
        )?;
        row(f, "  scheduler called twice", fc.scheduler_twice)?;
        row(f, "  scheduler out of order", fc.out_of_order)?;
        row(f, "  writers in conflict, retried", fc.conflicts)?;
        row(f, "  crashes before the append", fc.crashes_before_append)?;
        row(
            f,
            "  crashes after it (acknowledgement lost)",
            fc.crashes_after_append,
        )?;
        row(f, "  commands given again after a crash", fc.reissued)?;
        row(f, "  commands submitted twice", fc.duplicates)?;
        row(f, "  policy changes", fc.policy_changes)?;
        let total: u64 = self.checked.iter().map(|c| c.count).sum();
        writeln!(f, "| {:<44} | {:>12} |", "invariant checks", total)?;
        for c in &self.checked {
            row(f, &format!("  {}", c.invariant), c.count)?;
        }
        writeln!(f, "| {:<44} | {:>12x} |", "digest", self.digest)
    }
}
