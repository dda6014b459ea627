//! Lifecycle tables and case policies are checked once, with every problem and its
//! path; the SOP defaults pass.

use casework::case::{Category, LifecycleSpec, ReopenPolicy, Status, Target, TransitionSpec};
use casework::{CaseCommandKind, Permissions, PolicySpec, Role};

fn problems_of(spec: &LifecycleSpec) -> Vec<String> {
    match spec.compile(&Permissions::sop_default()) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

fn row(from: &str, command: &str, to: &str, roles: &[&str]) -> TransitionSpec {
    TransitionSpec {
        from: from.into(),
        command: command.into(),
        to: to.into(),
        roles: roles.iter().map(|r| (*r).to_owned()).collect(),
    }
}

#[test]
fn the_sop_default_compiles_and_reaches_everything() {
    let lifecycle = LifecycleSpec::sop_default()
        .compile(&Permissions::sop_default())
        .unwrap();
    assert_eq!(lifecycle.transitions().count(), 31);
    assert_eq!(
        lifecycle
            .transition(Status::WaitingOnCustomer, CaseCommandKind::Resume)
            .map(|t| t.to),
        Some(Target::Previous)
    );
    assert_eq!(
        lifecycle.label(Status::ResolutionProposed),
        "resolution_proposed"
    );
    assert!(PolicySpec::sop_default().compile().is_ok());
}

#[test]
fn bad_rows_are_reported_with_their_paths() {
    let with = |extra: TransitionSpec| {
        let mut spec = LifecycleSpec::sop_default();
        spec.transitions.push(extra);
        let index = spec.transitions.len() - 1;
        (index, problems_of(&spec))
    };
    let cases: Vec<(TransitionSpec, &str)> = vec![
        (
            row("resolvd", "close", "closed", &[]),
            ".from: `resolvd` is not a status",
        ),
        (
            row("resolved", "shut", "closed", &[]),
            ".command: `shut` is not a command kind",
        ),
        (
            row("resolved", "add_note", "resolved", &[]),
            ".command: `add_note` does not change the status",
        ),
        (
            row("investigating", "resolve", "done", &[]),
            ".to: `done` is neither a status nor `previous`",
        ),
        (
            row("received", "acknowledge", "acknowledged", &["Boss"]),
            ".roles[0]: `Boss` is not a role id: 1 to 32 lowercase ASCII letters, digits and `_`, starting with a letter",
        ),
        (
            row("received", "acknowledge", "acknowledged", &[]),
            ": a second row for `received` and `acknowledge`",
        ),
        (
            row("withdrawn", "resume", "investigating", &[]),
            ": this command is allowed only from `waiting_on_customer`, `waiting_on_third_party`",
        ),
        (
            row("investigating", "close", "closed", &[]),
            ": this command is allowed only from `resolved`",
        ),
        (
            row("received", "reopen", "investigating", &[]),
            ": this command is allowed only from `resolved`, `closed`",
        ),
        (
            row("investigating", "withdraw", "closed", &[]),
            ": must lead to `withdrawn`, not `closed`",
        ),
        (
            row("received", "merge", "previous", &[]),
            ": must lead to `merged`, not `previous`",
        ),
        (
            row("investigating", "start_investigation", "investigating", &[]),
            ": leads back to `investigating`",
        ),
        (
            row(
                "waiting_on_customer",
                "wait_on_third_party",
                "waiting_on_third_party",
                &[],
            ),
            ": this command is allowed only from `received`, `acknowledged`, `investigating`, `resolution_proposed`",
        ),
        (
            row("acknowledged", "withdraw", "withdrawn", &["auditor"]),
            ".roles: none of [auditor] is granted `withdraw` by the permission table",
        ),
    ];
    for (extra, expected) in cases {
        let (index, problems) = with(extra.clone());
        let expected = format!("transitions[{index}]{expected}");
        assert!(
            problems.contains(&expected),
            "{extra:?}: expected {expected:?} among {problems:?}"
        );
    }
}

#[test]
fn a_table_must_reach_every_status_and_let_every_case_finish() {
    use CaseCommandKind as K;
    let cases: Vec<(LifecycleSpec, &[&str])> = vec![
        (
            LifecycleSpec::sop_default().forbid(Status::Investigating, K::WaitOnThirdParty),
            &["transitions: `waiting_on_third_party` is unreachable from `received`"],
        ),
        (
            // A case waiting on a third party could never leave.
            LifecycleSpec::sop_default()
                .forbid(Status::WaitingOnThirdParty, K::Resume)
                .forbid(Status::WaitingOnThirdParty, K::Withdraw)
                .forbid(Status::WaitingOnThirdParty, K::Merge),
            &["transitions: no terminal status can be reached from `waiting_on_third_party`"],
        ),
        (
            LifecycleSpec::default(),
            &["transitions: `acknowledged` is unreachable from `received`"],
        ),
    ];
    for (spec, expected) in cases {
        let problems = problems_of(&spec);
        for e in expected {
            assert!(
                problems.iter().any(|p| p == e),
                "expected {e:?} among {problems:?}"
            );
        }
    }
}

#[test]
fn labels_name_known_statuses() {
    let mut spec = LifecycleSpec::sop_default().with_label(Status::Resolved, "Done");
    spec.labels.insert("resolvd".into(), "Done".into());
    spec.labels.insert("closed".into(), " ".into());
    assert_eq!(
        problems_of(&spec),
        [
            "labels.closed: a label must not be blank",
            "labels.resolvd: `resolvd` is not a status",
        ]
    );
    let lifecycle = LifecycleSpec::sop_default()
        .with_label(Status::Resolved, "Done")
        .compile(&Permissions::sop_default())
        .unwrap();
    assert_eq!(lifecycle.label(Status::Resolved), "Done");
}

#[test]
fn a_role_restricted_row_compiles_to_that_role() {
    let lifecycle = LifecycleSpec::sop_default()
        .allow(
            Status::Resolved,
            CaseCommandKind::Close,
            Status::Closed,
            [Role::Management],
        )
        .compile(&Permissions::sop_default())
        .unwrap();
    let row = lifecycle
        .transition(Status::Resolved, CaseCommandKind::Close)
        .unwrap();
    assert!(row.roles.contains(Role::Management));
    assert!(!row.roles.contains(Role::CustomerServiceManager));
}

#[test]
fn the_whole_policy_reports_every_problem_with_its_path() {
    let mut spec = PolicySpec::sop_default();
    spec.calendar.time_zone = "Mars/Olympus".into();
    spec.case
        .categories
        .push(Category::new("billing/refund", "Twice"));
    spec.case
        .categories
        .push(Category::new("lost/parcel", "Lost"));
    spec.case.categories.push(Category::new("Bad Code", " "));
    spec.case.root_causes.push(String::new());
    spec.case.reopen = ReopenPolicy::WithinBusinessDays { days: 0 };
    spec.case.escalation_levels = 0;
    spec.case.lifecycle = spec
        .case
        .lifecycle
        .forbid(Status::Resolved, CaseCommandKind::Close);
    let problems: Vec<String> = spec
        .compile()
        .unwrap_err()
        .problems
        .iter()
        .map(ToString::to_string)
        .collect();
    let expected = [
        "calendar.time_zone: \"Mars/Olympus\" is not an IANA time zone name",
        "case.categories[13].code: `billing/refund` is listed twice",
        "case.categories[14].code: the parent `lost` is not a category",
        "case.categories[15].code: `Bad Code` is not a path of segments of a-z, 0-9, `_` and `-` joined by `/`",
        "case.categories[15].label: a label must not be blank",
        "case.root_causes[7]: must not be blank",
        "case.reopen.days: 0 is not between 1 and 365 business days",
        "case.escalation_levels: 0 is not between 1 and 10",
        "case.lifecycle.transitions: `closed` is unreachable from `received`",
    ];
    for e in expected {
        assert!(
            problems.iter().any(|p| p == e),
            "expected {e:?} among {problems:?}"
        );
    }
    assert_eq!(problems.len(), expected.len(), "{problems:?}");
}
