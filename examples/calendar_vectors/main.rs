//! Runs calendar test vectors: `cargo run --release --example calendar_vectors -- FILE...`
//!
//! Each file is JSON Lines in the format described in `runner.rs` (a calendar
//! definition, then queries with their expected answers). Prints `N passed, M failed`
//! on one line, then the median time per query of each operation, and exits non-zero
//! if any vector failed.
#![allow(clippy::print_stdout, clippy::print_stderr, unreachable_pub)]

mod runner;

use std::process::ExitCode;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: calendar_vectors FILE.jsonl...");
        return ExitCode::from(2);
    }
    let mut outcome = runner::Outcome::default();
    for path in &paths {
        match std::fs::read_to_string(path) {
            Ok(text) => runner::run(path, &text, &mut outcome),
            Err(e) => outcome.failures.push(format!("{path}: {e}")),
        }
    }
    for failure in &outcome.failures {
        eprintln!("FAILED {failure}");
    }
    println!(
        "{} passed, {} failed",
        outcome.passed,
        outcome.failures.len()
    );
    let mut ops: Vec<_> = outcome.timings.iter_mut().collect();
    ops.sort_by(|a, b| a.0.cmp(b.0));
    for (op, times) in ops {
        times.sort();
        if let Some(median) = times.get(times.len() / 2) {
            println!(
                "  {op:<22} median {:>6} ns per query ({} queries)",
                median.as_nanos(),
                times.len()
            );
        }
    }
    if outcome.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
