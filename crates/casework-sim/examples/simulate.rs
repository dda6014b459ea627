//! A year at a busy desk, simulated:
//! `cargo run --release -p casework-sim --example simulate -- --seed 7 --cases 1000000 --days 365`.
//!
//! Prints a progress bar on standard error and, at the end, a summary table:
//! the cases, the events and their rate, the invariants checked, and the
//! faults injected. Exits with 1 and the seed and the failing stream's
//! history when an invariant does not hold. `--no-faults` runs the desk
//! without them.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write;
use std::process::ExitCode;

use casework_sim::{Config, simulate};

fn main() -> ExitCode {
    let mut config = Config::new(7, 10_000, 30);
    let mut args = std::env::args().skip(1);
    let mut faults = true;
    while let Some(flag) = args.next() {
        let mut value = || args.next().and_then(|v| v.parse::<u64>().ok());
        match flag.as_str() {
            "--seed" => config.seed = value().unwrap_or(config.seed),
            "--cases" => config.cases = value().unwrap_or(config.cases),
            "--days" => {
                config.days = value().map_or(config.days, |d| u32::try_from(d).unwrap_or(365))
            }
            "--no-faults" => faults = false,
            _ => {
                eprintln!("usage: simulate [--seed N] [--cases N] [--days N] [--no-faults]");
                return ExitCode::from(2);
            }
        }
    }
    let config = Config::new(config.seed, config.cases, config.days);
    let config = if faults {
        config
    } else {
        config.without_faults()
    };
    #[allow(
        clippy::disallowed_methods,
        reason = "the example times the run; the simulation itself reads no clock"
    )]
    let started = std::time::Instant::now();
    let mut shown = 0;
    let mut progress = |done: f64| {
        let width = 50;
        let filled = ((done * f64::from(width)) as u32).min(width);
        if filled != shown || done >= 1.0 {
            shown = filled;
            let bar: String = (0..width)
                .map(|i| if i < filled { '#' } else { '.' })
                .collect();
            eprint!("\r[{bar}] {:>3.0}%", done * 100.0);
            let _ = std::io::stderr().flush();
        }
    };
    let result = simulate(config, &mut progress);
    eprintln!();
    let seconds = started.elapsed().as_secs_f64();
    match result {
        Ok(report) => {
            print!("{report}");
            println!("| {:<44} | {:>12.1} |", "seconds, run and checks", seconds);
            println!(
                "| {:<44} | {:>12.0} |",
                "events/s",
                report.stats.events as f64 / seconds
            );
            println!(
                "| {:<44} | {:>12.0} |",
                "commands/s",
                report.stats.commands as f64 / seconds
            );
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprintln!("{failure}");
            ExitCode::FAILURE
        }
    }
}
