//! A deterministic simulation of a busy service desk on `casework`.
//!
//! From a seed, [`simulate`] generates a desk: a policy whose calendars lie
//! in time zones that keep daylight saving time (one with a night shift past
//! midnight), teams of agents, and an arrival process of complaints, service
//! requests and inquiries on a weekday and hour profile. A virtual clock
//! drives them through the real `decide`, the real in-memory store and a
//! deadline driver built on [`casework::read::DeadlineIndex`], while faults
//! are injected:
//! - the scheduler is down for hours, once over a DST night, calls a stream
//!   twice, or takes the due streams in reverse order;
//! - another writer appends first, and the command is decided again;
//! - the process crashes before the append, or after it with the
//!   acknowledgement lost, and the command is given again;
//! - commands are submitted twice;
//! - customers never answer;
//! - the policy changes mid-run.
//!
//! After the run, every invariant is checked against an independent recount
//! from the stored rows: every chain verifies; no event is lost or
//! duplicated; every deadline is recorded once, not before it came due, and
//! none is left unrecorded; every case is finished or has a deadline pending;
//! the KPIs equal a recount; the SLA clocks of a sample equal a naive
//! minute-stepping model. The same seed gives the same run, bit for bit
//! ([`Report::digest`]); a failure prints the seed and the stream's history.
//!
//! # Example
//! ```
//! use casework_sim::{Config, simulate};
//!
//! let report = simulate(Config::new(7, 200, 14), &mut |_| {})?;
//! assert_eq!(report.stats.cases, 200);
//! assert!(report.stats.faults.total() > 0);
//! // The same seed, the same run.
//! assert_eq!(simulate(Config::new(7, 200, 14), &mut |_| {})?.digest, report.digest);
//! # Ok::<(), casework_sim::Failure>(())
//! ```

mod book;
mod check;
mod config;
mod desk;
mod driver;
mod model;
mod quality;
mod report;
mod rng;
mod store;

pub use config::{Config, Faults};
pub use desk::{Desk, Team};
pub use report::{Checked, Failure, FaultCounts, Report, Stats};
pub use rng::Rng;
pub use store::{Crash, FaultyStore, Racer};

/// Runs `config` and checks every invariant; `progress` hears the share of
/// simulated time done, from 0 to 1.
///
/// # Errors
/// A [`Failure`] when an invariant does not hold, or the desk's SOP walk is
/// refused: the seed, what failed, and the stream's history.
pub fn simulate(config: Config, progress: &mut dyn FnMut(f64)) -> Result<Report, Failure> {
    let mut driver = driver::Driver::new(config)?;
    driver.run(progress)?;
    driver.report()
}

/// Runs `config`, and if it fails, runs it again with fewer cases, halving
/// while the same invariant still fails: the smallest failing run found.
///
/// # Errors
/// The smallest [`Failure`] found.
pub fn simulate_and_shrink(config: Config) -> Result<Report, Failure> {
    let failure = match simulate(config, &mut |_| {}) {
        Ok(report) => return Ok(report),
        Err(failure) => failure,
    };
    let mut smallest = failure;
    let mut cases = config.cases / 2;
    while cases > 0 {
        match simulate(Config { cases, ..config }, &mut |_| {}) {
            Err(f) if f.what.split(':').next() == smallest.what.split(':').next() => smallest = f,
            _ => break,
        }
        cases /= 2;
    }
    Err(smallest)
}
