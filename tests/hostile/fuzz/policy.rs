//! Fuzz check `policy`: any bytes, read as a policy in JSON and in TOML, and
//! compiled. Reading and compiling may refuse, never panic; a policy that
//! compiles writes itself back to JSON that reads to the same policy, which
//! compiles again.

use casework::PolicySpec;

/// Runs one input.
pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(spec) = PolicySpec::from_json(&text) {
        compiled(&spec);
    }
    if let Ok(deserializer) = toml::Deserializer::parse(&text) {
        if let Ok(spec) = PolicySpec::deserialize_with_paths(deserializer) {
            compiled(&spec);
        }
    }
}

/// Compiles `spec`; when it compiles, its JSON reads back to it and compiles.
fn compiled(spec: &PolicySpec) {
    let Ok(policy) = spec.compile() else {
        return;
    };
    drop(policy);
    let json = serde_json::to_string(spec).expect("a compiled policy writes as JSON");
    let again = PolicySpec::from_json(&json)
        .unwrap_or_else(|e| panic!("a compiled policy's JSON does not read back: {e}\n{json}"));
    assert_eq!(
        &again, spec,
        "a compiled policy's JSON reads back to another policy"
    );
    if let Err(e) = again.compile() {
        panic!("a compiled policy, written and read back, does not compile: {e}");
    }
}
