//! The traceability matrix, `docs/traceability.md`, checked: every test it names
//! exists in this binary's sources, and every code path it names is in the crate.

use std::path::Path;

/// The backticked paths in a table cell.
fn paths(cell: &str) -> Vec<&str> {
    cell.split('`').skip(1).step_by(2).collect()
}

/// Whether `tests/<module path>` defines `fn <name>`: the module is a file
/// `a/b.rs` or `a/b/mod.rs`, or an inline `mod` in its parent.
fn test_exists(path: &str) -> bool {
    let parts: Vec<&str> = path.split("::").collect();
    let Some((name, modules)) = parts.split_last() else {
        return false;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    (0..=modules.len()).rev().any(|depth| {
        let dir = modules[..depth].join("/");
        [format!("{dir}.rs"), format!("{dir}/mod.rs")]
            .iter()
            .filter_map(|file| std::fs::read_to_string(root.join(file)).ok())
            .any(|text| text.contains(&format!("fn {name}(")))
    })
}

/// Whether the crate's sources mention the last segment of `path` as an item.
fn code_exists(path: &str, sources: &str) -> bool {
    let name = path.rsplit("::").next().unwrap_or(path);
    ["fn ", "struct ", "enum ", "trait ", "type "]
        .iter()
        .any(|kind| sources.contains(&format!("{kind}{name}")))
}

fn sources(dir: &Path, into: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push_str(&std::fs::read_to_string(path).unwrap());
        }
    }
}

#[test]
fn every_row_names_a_test_and_code_that_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let matrix = std::fs::read_to_string(root.join("docs/traceability.md")).unwrap();
    let mut code = String::new();
    sources(&root.join("src"), &mut code);
    let mut rows = 0;
    let mut missing = Vec::new();
    for line in matrix
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| ID"))
    {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let [_, id, _, _, implemented, proven, ..] = cells[..] else {
            panic!("a row has too few cells: {line}");
        };
        rows += 1;
        let tests = paths(proven);
        assert!(!tests.is_empty(), "{id} names no test");
        missing.extend(
            tests
                .into_iter()
                .filter(|t| !test_exists(t))
                .map(|t| format!("{id}: test {t}")),
        );
        missing.extend(
            paths(implemented)
                .into_iter()
                .filter(|c| !code_exists(c, &code))
                .map(|c| format!("{id}: code {c}")),
        );
    }
    assert!(rows >= 30, "only {rows} rows");
    assert!(
        missing.is_empty(),
        "the matrix names what does not exist: {missing:#?}"
    );
}
