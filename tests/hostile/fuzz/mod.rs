//! The fuzz targets' checks, one module per target of `fuzz/`, and the replay
//! of their committed corpora: every file under `fuzz/corpus/<target>/` is run
//! through the same check the target runs, so that the corpus, and every input
//! that once failed, is checked by `cargo test` on stable, without cargo-fuzz.
//!
//! The fuzz crate mounts these files by path: the checks exist once.

pub mod calendar;
pub mod decide;
pub mod input;
pub mod policy;
pub mod rows;

pub(crate) use crate::calendar::model as calendar_model;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

/// Runs every file of `fuzz/corpus/<target>/` through `check`; each that
/// panics is named.
fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} holds no input", dir.display());
    let failed: Vec<String> = files
        .iter()
        .filter(|file| {
            let data = std::fs::read(file).unwrap();
            catch_unwind(AssertUnwindSafe(|| check(&data))).is_err()
        })
        .map(|file| file.display().to_string())
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} inputs of `{target}` fail:\n{}",
        failed.len(),
        files.len(),
        failed.join("\n")
    );
}

#[test]
fn the_policy_corpus_replays() {
    replay("policy", policy::check);
}

#[test]
fn the_calendar_corpus_replays() {
    replay("calendar", calendar::check);
}

#[test]
fn the_rows_corpus_replays() {
    replay("rows", rows::check);
}

#[test]
fn the_decide_corpus_replays() {
    replay("decide", decide::check);
}

/// Every seed command reads as its aggregate's command: a seed that no longer
/// reads would silently take its command kind out of the fuzzing.
#[test]
fn every_seed_command_reads() {
    use casework::Aggregate;
    use serde::de::DeserializeOwned;
    fn reads<A: Aggregate>(which: usize)
    where
        A::Command: DeserializeOwned,
    {
        let seeds = decide::seeds(which);
        assert!(
            !seeds.creations.is_empty(),
            "{}: no creation",
            decide::AGGREGATES[which].0
        );
        for json in &seeds.commands {
            if let Err(e) = serde_json::from_value::<A::Command>(json.clone()) {
                panic!("{}: {json}: {e}", decide::AGGREGATES[which].0);
            }
        }
    }
    reads::<casework::case::Case>(0);
    reads::<casework::quality::nonconformance::NonConformance>(1);
    reads::<casework::quality::capa::Capa>(2);
    reads::<casework::quality::audit::CaseAudit>(3);
    reads::<casework::delivery::ServiceOrder>(4);
    reads::<casework::governance::document::Document>(5);
    reads::<casework::governance::meeting::ReviewMeeting>(6);
    reads::<casework::feedback::item::FeedbackItem>(7);
}
