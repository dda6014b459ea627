//! Running hostile policies, written in JSON or TOML, read with paths and
//! compiled.

use casework::PolicySpec;

/// Reads a policy from JSON and compiles it: `Ok("compiled")` or the error's text.
pub fn policy_json(json: &str) -> Result<String, String> {
    let spec = PolicySpec::from_json(json).map_err(|e| e.to_string())?;
    compiled(&spec)
}

/// Reads a policy from TOML and compiles it: `Ok("compiled")` or the error's text.
pub fn policy_toml(text: &str) -> Result<String, String> {
    let deserializer = toml::Deserializer::parse(text).map_err(|e| e.to_string())?;
    let spec = PolicySpec::deserialize_with_paths(deserializer).map_err(|e| e.to_string())?;
    compiled(&spec)
}

/// The SOP default policy, changed by `change`, compiled.
pub fn sop_with(change: impl FnOnce(&mut PolicySpec)) -> Result<String, String> {
    let mut spec = PolicySpec::sop_default();
    change(&mut spec);
    compiled(&spec)
}

fn compiled(spec: &PolicySpec) -> Result<String, String> {
    spec.compile()
        .map(|_| "compiled".to_owned())
        .map_err(|e| e.to_string())
}

/// A policy with `n` named calendars: `always`, the one the SOP default's ladders
/// and targets name, and `c1`, `c2`, ...
pub fn with_calendars(n: usize) -> String {
    let calendars: Vec<String> = (0..n)
        .map(|i| match i {
            0 => "always".to_owned(),
            _ => format!("c{i}"),
        })
        .map(|name| {
            format!(r#""{name}":{{"time_zone":"UTC","hours":{{"mon":[["00:00","24:00"]]}}}}"#)
        })
        .collect();
    format!(r#"{{"calendars":{{{}}}}}"#, calendars.join(","))
}

#[test]
fn a_misspelt_command_kind_is_refused_in_a_short_message_with_the_right_name() {
    let error =
        policy_json(r#"{"permissions":{"customer_service_representative":["log","acknowlege"]}}"#)
            .unwrap_err();
    assert_eq!(
        error,
        "invalid policy: permissions.customer_service_representative[1]: \
         unknown command kind `acknowlege`: did you mean `acknowledge`? at line 1 column 70"
    );
    assert!(error.len() < 160, "{} characters: {error}", error.len());
    // A name like none of them gets no guess, and still no list of them all.
    let error = policy_json(r#"{"permissions":{"auditor":["frobnicate"]}}"#).unwrap_err();
    assert!(
        error.contains("unknown command kind `frobnicate`: no command kind has a similar name"),
        "{error}"
    );
    assert!(error.len() < 160, "{} characters: {error}", error.len());
    // A huge name is cut, not echoed whole.
    let huge = "x".repeat(1_000_000);
    let error = policy_json(&format!(r#"{{"permissions":{{"auditor":["{huge}"]}}}}"#)).unwrap_err();
    assert!(error.len() < 200, "{} characters", error.len());
}

#[test]
fn the_toml_route_names_paths_too() {
    let error =
        policy_toml("[permissions]\nqa_specialist = [\"add_note\", \"reveiw_resolution\"]\n")
            .unwrap_err();
    assert!(
        error.starts_with("invalid policy: permissions.qa_specialist[1]: "),
        "{error}"
    );
    assert!(
        error.contains(
            "unknown command kind `reveiw_resolution`: did you mean `review_resolution`?"
        ),
        "{error}"
    );
    let error = policy_toml(
        "[calendar]\ntime_zone = \"UTC\"\n[calendar.date_hours]\n\"2026-02-30\" = [[\"09:00\", \"12:00\"]]\n",
    )
    .unwrap_err();
    assert!(
        error.starts_with("invalid policy: calendar.date_hours.2026-02-30: "),
        "{error}"
    );
}

#[test]
fn the_sop_default_reads_back_from_json_and_toml() {
    let spec = PolicySpec::sop_default();
    let json = serde_json::to_string(&spec).unwrap();
    assert_eq!(PolicySpec::from_json(&json).unwrap(), spec);
    let text = toml::to_string(&spec).unwrap();
    let read = PolicySpec::deserialize_with_paths(toml::Deserializer::parse(&text).unwrap());
    assert_eq!(read.unwrap(), spec);
}

#[test]
fn unknown_names_of_roles_and_signals_suggest_the_closest_too() {
    let error = policy_json(r#"{"permissions":{"qa_specalist":["add_note"]}}"#).unwrap_err();
    assert!(
        error.contains(
            "permissions.qa_specalist: `qa_specalist` is not a declared role: did you mean `qa_specialist`?"
        ),
        "{error}"
    );
    let error = policy_json(
        r#"{"sla":{"metrics":[{"name":"m","start":["recieved"],"stop":["resolved"]}]}}"#,
    )
    .unwrap_err();
    assert!(
        error.contains(
            "sla.metrics[0].start[0]: unknown signal `recieved`: did you mean `received`?"
        ),
        "{error}"
    );
    let error = policy_json(r#"{"case":{"qa_review":["critcal"]}}"#).unwrap_err();
    assert!(
        error.contains("case.qa_review[0]: unknown severity `critcal`: did you mean `critical`?"),
        "{error}"
    );
}

#[test]
fn a_list_past_its_limit_is_one_problem_however_long() {
    let error = sop_with(|p| {
        let rule = p.priority.severity.rules[0].clone();
        p.priority.severity.rules = vec![rule; 100_000];
    })
    .unwrap_err();
    assert_eq!(
        error,
        "invalid policy: priority.severity.rules: 100000 entries; there may be at most 64"
    );
    // Too many calendars compile none, and the ladders' and targets' problems
    // do not list a hostile number of names.
    let error = policy_json(&with_calendars(100_000).replace(r#""always":"#, r#""sometimes":"#))
        .unwrap_err();
    assert!(error.len() < 2000, "{} characters", error.len());
    assert!(
        error.starts_with("invalid policy: calendars: 100000 entries; there may be at most 32"),
        "{error}"
    );
}

/// An organisation past its limits is one problem per list, and a large
/// one whose every routing rule names an undeclared unit is refused without
/// looking for a near miss among thousands of units.
#[test]
fn a_hostile_organisation_costs_one_problem_per_list() {
    use casework::UnitId;
    use casework::policy::{Department, RouteTo, RoutingCondition, RoutingRule, RoutingTable};
    let unit = |id: &str| UnitId::new(id).unwrap();
    let error = sop_with(|p| {
        p.organisation.departments = vec![Department::new(unit("d"), "D"); 100_000];
    })
    .unwrap_err();
    assert!(
        error.starts_with(
            "invalid policy: organisation.departments: 100000 entries; there may be at most 100"
        ),
        "{}",
        &error[..200.min(error.len())]
    );

    let spec_with = |rules: usize| {
        let mut spec = casework::PolicySpec::sop_default();
        spec.organisation.departments = (0..100)
            .map(|d| {
                (0..99).fold(
                    Department::new(unit(&format!("d{d}")), "D"),
                    |department, t| department.team(unit(&format!("t{d}_{t}")), "T"),
                )
            })
            .collect();
        let table = (0..rules).fold(RoutingTable::new(RouteTo::unit(unit("d0"))), |table, i| {
            table.rule(RoutingRule::new(
                format!("r{i}"),
                RoutingCondition::default(),
                RouteTo::unit(unit("t0_0x")),
            ))
        });
        spec.organisation.routing = Some(table);
        spec
    };
    let refused = spec_with(256).compile().unwrap_err();
    assert_eq!(refused.problems.len(), 256);
    assert_eq!(
        refused.problems[0].message,
        "`t0_0x` is not a declared unit (see `departments`)"
    );
}
