//! The `calendar` target: see `tests/hostile/fuzz/calendar.rs` for what it feeds and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| casework_fuzz::calendar::check(data));
