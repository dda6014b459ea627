//! The `policy` target: see `tests/hostile/fuzz/policy.rs` for what it feeds and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| casework_fuzz::policy::check(data));
