//! What a run simulates: the seed, the size, and the faults.

use chrono::{DateTime, TimeZone, Utc};

/// The faults a run injects, each as a rate per thousand chances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Faults {
    /// The scheduler goes down for hours, and over one DST night.
    pub outages: bool,
    /// Of the scheduler's calls on a stream, those made twice.
    pub scheduler_twice: u32,
    /// Of the scheduler's runs, those that take the due streams in reverse order.
    pub scheduler_out_of_order: u32,
    /// Of the appends, those another writer races to.
    pub conflicts: u32,
    /// Of the appends, those that crash, before or after the write.
    pub crashes: u32,
    /// Of the commands recorded, those submitted twice.
    pub duplicates: u32,
    /// Of the customers, those who never answer.
    pub silent_customers: u32,
    /// The policy changes mid-run.
    pub policy_change: bool,
}

impl Faults {
    /// Every fault, at rates that a year of a busy desk turns into thousands.
    pub const ALL: Self = Self {
        outages: true,
        scheduler_twice: 50,
        scheduler_out_of_order: 100,
        conflicts: 20,
        crashes: 10,
        duplicates: 20,
        silent_customers: 50,
        policy_change: true,
    };

    /// No faults: the desk and its scheduler as they should be.
    pub const NONE: Self = Self {
        outages: false,
        scheduler_twice: 0,
        scheduler_out_of_order: 0,
        conflicts: 0,
        crashes: 0,
        duplicates: 0,
        silent_customers: 0,
        policy_change: false,
    };
}

/// One run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// The seed: the same seed and sizes give the same run, bit for bit.
    pub seed: u64,
    /// How many cases arrive.
    pub cases: u64,
    /// How many days cases arrive on. The desk then works on for 60 more
    /// days, its scheduler running, and after that for as long as it has a
    /// step to take (a CAPA's effectiveness check comes months later).
    pub days: u32,
    /// How many agents the desk has, in teams of up to eight.
    pub agents: u32,
    /// The faults injected.
    pub faults: Faults,
    /// Of the complaints, those whose investigation finds a non-conformance,
    /// per thousand: each is reported, gets a CAPA, and is closed when the
    /// CAPA is.
    pub non_conformances: u32,
    /// Of the cases, how many the naive minute-stepping SLA model checks
    /// (spread over the run).
    pub model_sample: u32,
}

impl Config {
    /// A run of `cases` cases over `days` days with every fault, and as many
    /// agents as such a desk needs (a case takes about an hour of an agent's
    /// day).
    #[must_use]
    pub fn new(seed: u64, cases: u64, days: u32) -> Self {
        let per_day = cases / u64::from(days.max(1));
        Self {
            seed,
            cases,
            days: days.max(1),
            agents: u32::try_from(per_day / 6)
                .unwrap_or(u32::MAX)
                .clamp(2, 4_000),
            faults: Faults::ALL,
            non_conformances: 30,
            model_sample: 50,
        }
    }

    /// The same run without faults.
    #[must_use]
    pub const fn without_faults(self) -> Self {
        Self {
            faults: Faults::NONE,
            ..self
        }
    }

    /// When the run starts: a Monday in autumn 2026, so that a run of a few
    /// weeks already crosses the northern DST change.
    #[must_use]
    pub fn start(&self) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 10, 5, 0, 0, 0)
            .single()
            .unwrap_or_default()
    }
}
