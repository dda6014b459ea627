//! The `decide` target: see `tests/hostile/fuzz/decide.rs` for what it feeds and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| casework_fuzz::decide::check(data));
