//! The checks the fuzz targets run. They live in the casework crate's test
//! suite, `tests/hostile/fuzz/`, which replays the committed corpora through
//! them on stable; this crate mounts the same files by path.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[path = "../../tests/hostile/fuzz/input.rs"]
pub mod input;

#[path = "../../tests/calendar/model.rs"]
pub mod calendar_model;

#[path = "../../tests/hostile/fuzz/policy.rs"]
pub mod policy;

#[path = "../../tests/hostile/fuzz/calendar.rs"]
pub mod calendar;

#[path = "../../tests/hostile/fuzz/rows.rs"]
pub mod rows;

#[path = "../../tests/hostile/fuzz/decide.rs"]
pub mod decide;
