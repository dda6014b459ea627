//! The `rows` target: see `tests/hostile/fuzz/rows.rs` for what it feeds and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| casework_fuzz::rows::check(data));
