//! Every calendar vector must pass in full: the golden files of
//! `../shared/vectors/calendar/` (from an independent implementation, when that folder
//! is beside the crate), and every file under `tests/data/calendar/`, which holds a
//! copy of them (so that the crate is self-contained) and the project's own generated
//! vectors.

use std::path::{Path, PathBuf};

#[path = "../../examples/calendar_vectors/runner.rs"]
#[allow(dead_code)]
mod runner;

const OWN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/calendar");
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/vectors/calendar");

fn vector_files(dir: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    files
}

fn run(files: &[PathBuf]) -> runner::Outcome {
    let mut outcome = runner::Outcome::default();
    for path in files {
        let text = std::fs::read_to_string(path).unwrap();
        runner::run(&path.display().to_string(), &text, &mut outcome);
    }
    assert!(
        outcome.failures.is_empty(),
        "{} failed:\n{}",
        outcome.failures.len(),
        outcome.failures.join("\n")
    );
    outcome
}

#[test]
fn every_own_calendar_vector_passes() {
    let files = vector_files(OWN);
    let golden = [
        "berlin-office",
        "newyork-split",
        "santiago-fullday",
        "sydney-7day",
    ];
    for name in golden.iter().chain(&["generated"]) {
        assert!(
            files.iter().any(|f| f.file_stem().unwrap() == *name),
            "{name}.jsonl is missing from {OWN}"
        );
    }
    let outcome = run(&files);
    assert!(
        outcome.passed >= 15_000,
        "only {} vectors ran",
        outcome.passed
    );
}

#[test]
fn every_shared_golden_vector_passes() {
    let files = vector_files(SHARED);
    if files.is_empty() {
        // Outside the project's checkout (a published crate): the copies above run.
        return;
    }
    let outcome = run(&files);
    assert!(
        outcome.passed >= 6_000,
        "only {} vectors ran",
        outcome.passed
    );
}

#[test]
fn the_copies_of_the_golden_vectors_are_current() {
    let shared = Path::new(SHARED);
    for file in vector_files(SHARED) {
        let copy = Path::new(OWN).join(file.file_name().unwrap());
        assert_eq!(
            std::fs::read(&copy).ok(),
            Some(std::fs::read(&file).unwrap()),
            "{} differs from {}: copy it again",
            copy.display(),
            file.display()
        );
    }
    if let Ok(readme) = std::fs::read(shared.join("README.md")) {
        assert_eq!(
            std::fs::read(Path::new(OWN).join("CONVENTIONS.md")).ok(),
            Some(readme),
            "tests/data/calendar/CONVENTIONS.md differs from the shared README"
        );
    }
}
