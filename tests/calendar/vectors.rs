//! Every vector file under `tests/data/calendar/` must pass in full.

#[path = "../../examples/calendar_vectors/runner.rs"]
#[allow(dead_code)]
mod runner;

#[test]
fn every_calendar_vector_passes() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/calendar");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no vector files in {dir}");
    let mut outcome = runner::Outcome::default();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        runner::run(&path.display().to_string(), &text, &mut outcome);
    }
    assert!(
        outcome.failures.is_empty(),
        "{} failed:\n{}",
        outcome.failures.len(),
        outcome.failures.join("\n")
    );
    assert!(
        outcome.passed >= 5_000,
        "only {} vectors ran",
        outcome.passed
    );
}
