//! The crate's layers, checked: every `crate::<module>` path in `src/` (in
//! code, in `#[cfg(test)]` code, and in doc links and comments) points down the
//! order that the crate docs' "Layers" section states, or is one of the
//! [`EXCEPTIONS`] listed here with its reason. A new top-level module must be
//! placed in [`LAYERS`]; an exception no path needs any more must be removed.
//!
//! The scan reads `crate::` and `$crate::` paths, `crate::{...}` groups, and
//! `crate::Item` paths through the crate root's re-exports (`crate::Ctx` is a
//! path into `policy`). It skips string literals. `super::` paths stay within
//! their top-level module by house style, and are not read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules, bottom to top, by layer. A module may name modules
/// of lower layers only: not its own layer's, nor a higher one's. `lib`, the
/// crate root, re-exports every layer and wraps every error, so it is on top.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "ids, channels, problems, names, digests",
        &["id", "channel", "problem", "name", "digest"],
    ),
    ("actors, roles, command kinds, permissions", &["actor"]),
    (
        "authorisation and competence gates; signatures and retention",
        &["authority", "records"],
    ),
    ("business calendars", &["calendar"]),
    ("the envelope of recorded events", &["envelope"]),
    ("the range checks of instants", &["range"]),
    ("severity, priority and escalation ladders", &["priority"]),
    ("SLA clocks", &["sla"]),
    (
        "the policy: every rule as data, checked, and the context a decision reads",
        &["policy"],
    ),
    ("the aggregate contract", &["aggregate"]),
    ("aggregates", &["case", "quality", "delivery"]),
    (
        "the feedback log and feedback items, which the KPIs count",
        &["feedback"],
    ),
    (
        "KPIs, folds over case events and feedback items; messages to customers",
        &["kpi", "communication"],
    ),
    (
        "governance: documents, training, review meetings that read KPIs and CAPAs",
        &["governance"],
    ),
    (
        "the read side: projections of every aggregate's events",
        &["read"],
    ),
    ("ports and strategies", &["store", "strategy"]),
    ("the store conformance suite", &["testkit"]),
    ("the guide: docs only", &["guide"]),
    ("the crate root", &["lib"]),
];

/// What kind of reference an exception lets through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    /// A doc link or a comment.
    Doc,
    /// Code compiled only for the crate's unit tests (`#[cfg(test)]`).
    Test,
    /// Code.
    Code,
}

/// The edges against the order, each with its reason: (from, to, the most
/// it may be, why). An exception for `Code` lets tests and docs through too.
const EXCEPTIONS: &[(&str, &str, Kind, &str)] = &[];

/// One path from a module to another.
#[derive(Debug)]
struct Reference {
    from: String,
    to: String,
    kind: Kind,
    at: String,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, sorted.
fn files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
    into.sort();
}

/// The top-level module a file of `src/` belongs to: `case` for
/// `src/case/decide.rs`, `lib` for `src/lib.rs`.
fn module_of(file: &Path) -> String {
    let relative = file.strip_prefix(src()).unwrap();
    let first = relative.components().next().unwrap();
    let first = first.as_os_str().to_str().unwrap();
    first.strip_suffix(".rs").unwrap_or(first).to_owned()
}

/// The crate root's `pub use module::{Item, ...}` re-exports: item → module.
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let mut items = BTreeMap::new();
    let mut rest = lib;
    while let Some(start) = rest.find("\npub use ") {
        let statement = &rest[start + "\npub use ".len()..];
        let end = statement.find(';').unwrap();
        let (module, names) = statement[..end].split_once("::").unwrap();
        for name in names.split([',', '{', '}']) {
            let name = name.split(" as ").last().unwrap().trim();
            let name = name.rsplit("::").next().unwrap();
            if !name.is_empty() {
                items.insert(name.to_owned(), module.trim().to_owned());
            }
        }
        rest = &statement[end..];
    }
    items
}

/// What each char of a source file is, for the scan: in a string or char
/// literal (skipped), in a comment (a doc reference), and within an item
/// under `#[cfg(test)]` (a test reference).
#[derive(Clone, Copy, Default)]
struct Class {
    literal: bool,
    comment: bool,
    test: bool,
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Classifies each char of `text`: a small lexer for comments (nested block
/// comments too), strings, raw strings, char literals and lifetimes, which
/// counts braces in code to find where a `#[cfg(test)]` item ends.
fn classify(text: &[char]) -> Vec<Class> {
    let mut classes = vec![Class::default(); text.len()];
    let at = |i: usize| text.get(i).copied().unwrap_or('\0');
    let starts = |i: usize, s: &str| s.chars().enumerate().all(|(k, c)| at(i + k) == c);
    let mut depth = 0usize;
    // Set at `#[cfg(test)]`: the depth at which the item began, and whether
    // its body was entered.
    let mut test: Option<(usize, bool)> = None;
    let mut i = 0;
    while i < text.len() {
        let in_test = test.is_some();
        let mut mark = |from: usize, to: usize, literal: bool, comment: bool| {
            for class in &mut classes[from..to.min(text.len())] {
                *class = Class {
                    literal,
                    comment,
                    test: in_test,
                };
            }
        };
        if starts(i, "//") {
            let end = (i..text.len())
                .find(|&k| text[k] == '\n')
                .unwrap_or(text.len());
            mark(i, end, false, true);
            i = end;
        } else if starts(i, "/*") {
            let mut nested = 0usize;
            let mut k = i;
            while k < text.len() {
                if starts(k, "/*") {
                    nested += 1;
                    k += 2;
                } else if starts(k, "*/") {
                    nested -= 1;
                    k += 2;
                    if nested == 0 {
                        break;
                    }
                } else {
                    k += 1;
                }
            }
            mark(i, k, false, true);
            i = k;
        } else if (at(i) == 'r' || (at(i) == 'b' && at(i + 1) == 'r'))
            && (i == 0 || !is_ident(at(i - 1)))
            && {
                let r = if at(i) == 'b' { i + 1 } else { i };
                let hashes = (r + 1..text.len()).take_while(|&k| text[k] == '#').count();
                at(r + 1 + hashes) == '"'
            }
        {
            let r = if at(i) == 'b' { i + 1 } else { i };
            let hashes = (r + 1..text.len()).take_while(|&k| text[k] == '#').count();
            let close: String = core::iter::once('"')
                .chain(core::iter::repeat_n('#', hashes))
                .collect();
            let body = r + 2 + hashes;
            let end = (body..text.len())
                .find(|&k| starts(k, &close))
                .map_or(text.len(), |k| k + close.chars().count());
            mark(i, end, true, false);
            i = end;
        } else if at(i) == '"' {
            let mut k = i + 1;
            while k < text.len() && text[k] != '"' {
                k += if text[k] == '\\' { 2 } else { 1 };
            }
            mark(i, k + 1, true, false);
            i = k + 1;
        } else if at(i) == '\'' && (at(i + 1) == '\\' || at(i + 2) == '\'') {
            // A char literal; `'a` alone is a lifetime or a label.
            let mut k = i + 1;
            while k < text.len() && text[k] != '\'' {
                k += if text[k] == '\\' { 2 } else { 1 };
            }
            mark(i, k + 1, true, false);
            i = k + 1;
        } else {
            mark(i, i + 1, false, false);
            if starts(i, "#[cfg(test)]") && test.is_none() {
                test = Some((depth, false));
            }
            match at(i) {
                '{' => {
                    depth += 1;
                    if let Some((start, false)) = test {
                        if depth == start + 1 {
                            test = Some((start, true));
                        }
                    }
                }
                '}' => {
                    depth = depth.saturating_sub(1);
                    if let Some((start, true)) = test {
                        if depth == start {
                            test = None;
                        }
                    }
                }
                // An item without a body, such as `#[cfg(test)] use ...;`.
                ';' => {
                    if let Some((start, false)) = test {
                        if depth == start {
                            test = None;
                        }
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }
    classes
}

/// Every path from `file` into another top-level module.
fn references(
    file: &Path,
    modules: &BTreeSet<String>,
    reexports: &BTreeMap<String, String>,
) -> Vec<Reference> {
    let from = module_of(file);
    let source = std::fs::read_to_string(file).unwrap();
    let text: Vec<char> = source.chars().collect();
    let classes = classify(&text);
    let line_of = |i: usize| 1 + text[..i].iter().filter(|&&c| c == '\n').count();
    let ident = |i: usize| -> String { text[i..].iter().take_while(|&&c| is_ident(c)).collect() };
    let target = |name: &str| -> String {
        if modules.contains(name) {
            name.to_owned()
        } else {
            reexports
                .get(name)
                .cloned()
                .unwrap_or_else(|| "lib".to_owned())
        }
    };
    let pattern: Vec<char> = "crate::".chars().collect();
    let mut found = Vec::new();
    for i in 0..text.len().saturating_sub(pattern.len()) {
        if text[i..i + pattern.len()] != pattern[..] || (i > 0 && is_ident(text[i - 1])) {
            continue;
        }
        let class = classes[i];
        if class.literal {
            continue;
        }
        let kind = if class.comment {
            Kind::Doc
        } else if class.test {
            Kind::Test
        } else {
            Kind::Code
        };
        let after = i + pattern.len();
        // `crate::{a::X, b::Y}` names each first segment of its group.
        let names: Vec<String> = if text.get(after) == Some(&'{') {
            let mut names = Vec::new();
            let mut nested = 0usize;
            let mut expect = true;
            for (k, c) in text.iter().enumerate().skip(after + 1) {
                match c {
                    '{' => nested += 1,
                    '}' if nested == 0 => break,
                    '}' => nested -= 1,
                    ',' if nested == 0 => expect = true,
                    c if expect && is_ident(*c) => {
                        names.push(ident(k));
                        expect = false;
                    }
                    _ => {}
                }
            }
            names
        } else {
            vec![ident(after)]
        };
        for name in names {
            let to = target(&name);
            if to != from {
                found.push(Reference {
                    from: from.clone(),
                    to,
                    kind,
                    at: format!(
                        "src/{}:{}",
                        file.strip_prefix(src()).unwrap().display(),
                        line_of(i)
                    ),
                });
            }
        }
    }
    found
}

#[test]
fn imports_point_down_the_layers() {
    let rank: BTreeMap<&str, usize> = LAYERS
        .iter()
        .enumerate()
        .flat_map(|(i, (_, modules))| modules.iter().map(move |m| (*m, i)))
        .collect();
    let mut paths = Vec::new();
    files(&src(), &mut paths);
    let modules: BTreeSet<String> = paths.iter().map(|p| module_of(p)).collect();
    let unplaced: Vec<&String> = modules
        .iter()
        .filter(|m| !rank.contains_key(m.as_str()))
        .collect();
    assert!(
        unplaced.is_empty(),
        "place each top-level module in a layer of tests/layers.rs and the crate docs: {unplaced:?}"
    );
    let gone: Vec<&&str> = rank.keys().filter(|m| !modules.contains(**m)).collect();
    assert!(gone.is_empty(), "layers name modules src/ lacks: {gone:?}");

    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let reexports = root_reexports(&lib);
    let mut against = Vec::new();
    let mut used = BTreeSet::new();
    for file in &paths {
        for reference in references(file, &modules, &reexports) {
            if rank[reference.to.as_str()] < rank[reference.from.as_str()] {
                continue;
            }
            let excepted = EXCEPTIONS.iter().position(|(from, to, most, _)| {
                *from == reference.from && *to == reference.to && reference.kind <= *most
            });
            match excepted {
                Some(i) => {
                    used.insert(i);
                }
                None => against.push(format!(
                    "{}: {} -> {} ({:?})",
                    reference.at, reference.from, reference.to, reference.kind
                )),
            }
        }
    }
    assert!(
        against.is_empty(),
        "paths against the layers (a module may name lower layers only; see the crate \
         docs' \"Layers\"):\n{}",
        against.join("\n")
    );
    let stale: Vec<String> = EXCEPTIONS
        .iter()
        .enumerate()
        .filter(|(i, _)| !used.contains(i))
        .map(|(_, (from, to, kind, _))| format!("{from} -> {to} ({kind:?})"))
        .collect();
    assert!(
        stale.is_empty(),
        "exceptions no path needs any more: remove them from tests/layers.rs and the crate \
         docs:\n{}",
        stale.join("\n")
    );
}

#[test]
fn the_scan_reads_paths_in_code_tests_and_docs_but_not_in_strings() {
    let text: Vec<char> = "use a::b; // c\nlet s = \"crate::x\"; let r = r#\"{\"#; let c = '{';\n\
         #[cfg(test)]\nmod tests {\n    fn f<'a>(x: &'a str) { }\n}\nfn g() {}\n"
        .chars()
        .collect();
    let classes = classify(&text);
    let find = |needle: &str| {
        let needle: Vec<char> = needle.chars().collect();
        (0..text.len())
            .find(|&i| text[i..].starts_with(&needle))
            .unwrap()
    };
    assert!(classes[find("// c")].comment);
    assert!(classes[find("crate::x")].literal);
    assert!(!classes[find("let r")].literal);
    assert!(classes[find("fn f")].test);
    assert!(
        !classes[find("fn g")].test,
        "the test module ends at its brace"
    );
}

#[test]
fn the_crate_docs_state_the_same_order_and_exceptions() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let section = lib
        .split("//! ## Layers")
        .nth(1)
        .expect("the crate docs have a \"Layers\" section");
    let section = section.split("//! ## ").next().unwrap();
    // The section lists the layers first, bottom to top.
    let first = |module: &str| {
        section
            .find(&format!("`{module}`"))
            .unwrap_or_else(|| panic!("the Layers section does not name `{module}`"))
    };
    let mut below = None;
    for (layer, modules) in LAYERS.iter().filter(|(_, m)| *m != ["lib"]) {
        let at: Vec<usize> = modules.iter().map(|m| first(m)).collect();
        let lowest = at.iter().min().unwrap();
        assert!(
            below.is_none_or(|b| b < *lowest),
            "the Layers section names {layer} before the layer below it"
        );
        below = at.iter().max().copied();
    }
    for (from, to, _, _) in EXCEPTIONS {
        let listed = section.lines().any(|line| {
            line.find(&format!("`{from}`"))
                .zip(line.find('→'))
                .zip(line.rfind(&format!("`{to}`")))
                .is_some_and(|((f, arrow), t)| f < arrow && arrow < t)
        });
        assert!(
            listed,
            "the Layers section does not list the exception `{from}` → `{to}` on one line"
        );
    }
}
