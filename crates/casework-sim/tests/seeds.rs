//! The simulator's own tests: a small seed set with every fault, the same
//! seed giving the same run, and a desk without faults. A larger run:
//! `CASEWORK_SIM_CASES=100000 CASEWORK_SIM_DAYS=90 cargo test --release -p casework-sim`.

#![allow(clippy::panic, missing_docs)]
use casework_sim::{Config, Faults, simulate, simulate_and_shrink};

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn a_small_seed_set_keeps_every_invariant_under_every_fault() {
    let cases = env("CASEWORK_SIM_CASES", 400);
    let days = u32::try_from(env("CASEWORK_SIM_DAYS", 21)).unwrap_or(21);
    for seed in 1..=env("CASEWORK_SIM_SEEDS", 4) {
        let report = simulate_and_shrink(Config::new(seed, cases, days))
            .unwrap_or_else(|failure| panic!("{failure}"));
        assert_eq!(report.stats.cases, cases);
        let quality = report.stats.non_conformances + report.stats.capas;
        assert_eq!(report.finished + report.open, cases + quality);
        assert!(
            report.stats.non_conformances > 0,
            "seed {seed}: no non-conformance"
        );
        assert_eq!(report.stats.capas, report.stats.non_conformances);
        // Every kind of fault was injected, not only configured.
        let faults = &report.stats.faults;
        for (what, n) in [
            ("scheduler runs missed", faults.ticks_missed),
            ("scheduler called twice", faults.scheduler_twice),
            ("out of order", faults.out_of_order),
            ("conflicts", faults.conflicts),
            ("crashes before the append", faults.crashes_before_append),
            ("crashes after it", faults.crashes_after_append),
            ("duplicates", faults.duplicates),
            ("policy changes", faults.policy_changes),
        ] {
            assert!(n > 0, "seed {seed}: no {what}");
        }
        // Every invariant was checked on something.
        assert!(report.checked.iter().all(|c| c.count > 0), "{report}");
        assert!(report.checked.len() >= 7, "{report}");
    }
}

#[test]
fn the_same_seed_gives_the_same_run() {
    let config = Config::new(11, 150, 10);
    let first = simulate(config, &mut |_| {}).unwrap_or_else(|f| panic!("{f}"));
    let second = simulate(config, &mut |_| {}).unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(first, second);
    let other = simulate(Config::new(12, 150, 10), &mut |_| {}).unwrap_or_else(|f| panic!("{f}"));
    assert_ne!(first.digest, other.digest);
}

#[test]
fn a_desk_without_faults_injects_none() {
    let report = simulate(Config::new(3, 200, 14).without_faults(), &mut |_| {})
        .unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(report.stats.faults.total(), 0);
    assert_eq!(report.config.faults, Faults::NONE);
    assert!(
        report.stats.refusals.is_empty(),
        "{:?}",
        report.stats.refusals
    );
}

/// The largest desk the proptest draws. A debug build runs a case about ten
/// times slower, so there the desks are smaller; CI also runs these tests in a
/// release build, which draws the full sizes.
const MOST_CASES: u64 = if cfg!(debug_assertions) { 40 } else { 150 };
/// The longest run the proptest draws, in days.
const MOST_DAYS: u32 = if cfg!(debug_assertions) { 6 } else { 15 };

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).map_or(8, |n: u32| (n / 32).max(4)),
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// Any seed, any small desk: every invariant holds. A failure prints the
    /// seed and the stream's history, shrunk to the smallest failing run.
    #[test]
    fn any_seed_keeps_every_invariant(seed in proptest::prelude::any::<u64>(), cases in 10u64..=MOST_CASES, days in 2u32..=MOST_DAYS) {
        if let Err(failure) = simulate_and_shrink(Config::new(seed, cases, days)) {
            proptest::prop_assert!(false, "{failure}");
        }
    }
}
