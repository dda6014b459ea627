use casework::{
    Actor, ActorId, CapaCommandKind, CaseCommandKind as K, CommandKind, CommandKindNameError,
    NonConformanceCommandKind, Permissions, Role, RoleSet,
};
use proptest::prelude::*;
use uuid::Uuid;

fn actor(roles: &[Role]) -> Actor {
    Actor::new(
        ActorId::from_uuid(Uuid::from_u128(9)),
        roles.iter().copied(),
    )
}

#[test]
fn sop_default_table() {
    // (roles held, command, permitted?)
    let table: &[(&[Role], K, bool)] = &[
        (&[Role::CustomerServiceRepresentative], K::Log, true),
        (&[Role::CustomerServiceRepresentative], K::Acknowledge, true),
        (&[Role::CustomerServiceRepresentative], K::Escalate, true),
        (
            &[Role::CustomerServiceRepresentative],
            K::ProposeResolution,
            true,
        ),
        (
            &[Role::CustomerServiceRepresentative],
            K::RecordFollowUp,
            true,
        ),
        (&[Role::CustomerServiceRepresentative], K::Close, false),
        (
            &[Role::CustomerServiceRepresentative],
            K::ReviewResolution,
            false,
        ),
        (&[Role::CustomerServiceRepresentative], K::Deescalate, false),
        (
            &[Role::CustomerServiceRepresentative],
            K::ApproveNoCapa,
            false,
        ),
        (&[Role::CustomerServiceRepresentative], K::Merge, false),
        (&[Role::CustomerServiceManager], K::Log, true),
        (&[Role::CustomerServiceManager], K::Close, true),
        (&[Role::CustomerServiceManager], K::Deescalate, true),
        (&[Role::CustomerServiceManager], K::ApproveNoCapa, true),
        (&[Role::CustomerServiceManager], K::Merge, true),
        (&[Role::CustomerServiceManager], K::Reject, true),
        (&[Role::CustomerServiceManager], K::ReviewResolution, false),
        (&[Role::QaSpecialist], K::ReviewResolution, true),
        (&[Role::QaSpecialist], K::Log, false),
        (&[Role::QaSpecialist], K::Close, false),
        (&[Role::ProcessOwner], K::ApproveNoCapa, true),
        (&[Role::ProcessOwner], K::Acknowledge, false),
        (&[Role::Auditor], K::AddNote, false),
        (&[Role::Auditor], K::Log, false),
        (&[Role::Management], K::Deescalate, true),
        (&[Role::Management], K::Log, false),
        (&[Role::System], K::RecordDeadline, true),
        (&[Role::System], K::Log, false),
        (&[Role::System], K::Escalate, true),
        (&[Role::System], K::Close, false),
        (&[], K::Log, false),
        (
            &[Role::Auditor, Role::QaSpecialist],
            K::ReviewResolution,
            true,
        ),
        (
            &[Role::CustomerServiceRepresentative, Role::QaSpecialist],
            K::ReviewResolution,
            true,
        ),
    ];
    let permissions = Permissions::sop_default();
    for &(roles, kind, expected) in table {
        let result = permissions.check(&actor(roles), kind);
        assert_eq!(result.is_ok(), expected, "{roles:?} {kind}: {result:?}");
        if let Err(refused) = result {
            assert_eq!(refused.command, kind);
            assert_eq!(*refused.roles, RoleSet::from_iter(roles.iter().copied()));
        }
    }
}

#[test]
fn auditors_are_granted_nothing_by_default() {
    let permissions = Permissions::sop_default();
    let auditor = actor(&[Role::Auditor]);
    for &kind in CommandKind::ALL {
        assert!(permissions.check(&auditor, kind).is_err(), "{kind}");
    }
}

#[test]
fn grant_and_revoke_change_only_what_they_name() {
    let base = Permissions::sop_default();
    let changed = base
        .clone()
        .grant(Role::CustomerServiceRepresentative, [K::Close])
        .revoke(Role::CustomerServiceRepresentative, [K::Escalate]);
    let csr = actor(&[Role::CustomerServiceRepresentative]);
    assert!(changed.check(&csr, K::Close).is_ok());
    assert!(changed.check(&csr, K::Escalate).is_err());
    for role in Role::SOP {
        for &kind in CommandKind::ALL {
            let touched = role == Role::CustomerServiceRepresentative
                && (kind == K::Close || kind == K::Escalate);
            if !touched {
                assert_eq!(
                    base.allows(role, kind),
                    changed.allows(role, kind),
                    "{role} {kind}"
                );
            }
        }
    }
}

#[test]
fn refusal_names_actor_roles_and_command() {
    let err = Permissions::sop_default()
        .check(&actor(&[Role::Auditor]), K::Close)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "actor 00000000-0000-0000-0000-000000000009 with roles [auditor] is not permitted to `close`"
    );
}

#[cfg(feature = "serde")]
#[test]
fn permission_table_reads_from_json() {
    let json = r#"{ "customer_service_representative": ["log", "close"], "auditor": [] }"#;
    let table: Permissions = serde_json::from_str(json).unwrap();
    let csr = actor(&[Role::CustomerServiceRepresentative]);
    assert!(table.check(&csr, K::Close).is_ok());
    assert!(table.check(&csr, K::Acknowledge).is_err());
    // Any role id reads; the policy refuses one it does not declare.
    assert!(serde_json::from_str::<Permissions>(r#"{ "janitor": ["log"] }"#).is_ok());
    assert!(serde_json::from_str::<Permissions>(r#"{ "Janitor": ["log"] }"#).is_err());
    assert!(serde_json::from_str::<Permissions>(r#"{ "auditor": ["mop"] }"#).is_err());

    let default = Permissions::sop_default();
    let back: Permissions =
        serde_json::from_str(&serde_json::to_string(&default).unwrap()).unwrap();
    assert_eq!(back, default);
}

proptest! {
    #[test]
    fn an_actor_is_permitted_exactly_when_one_of_its_roles_is(
        roles in proptest::collection::vec(proptest::sample::select(Role::SOP.to_vec()), 0..4),
        kind in proptest::sample::select(CommandKind::ALL.to_vec()),
    ) {
        let table = Permissions::sop_default();
        let permitted = table.check(&actor(&roles), kind).is_ok();
        prop_assert_eq!(permitted, roles.iter().any(|r| table.allows(*r, kind)));
    }
}

#[test]
fn each_kind_is_granted_alone() {
    // Granting one kind grants no other: no two kinds share a place in the
    // table, whatever their aggregate.
    for &kind in CommandKind::ALL {
        let table = Permissions::none().grant(Role::Auditor, [kind]);
        let granted: Vec<CommandKind> = table.granted(Role::Auditor).collect();
        assert_eq!(granted, [kind]);
        for &other in CommandKind::ALL {
            assert_eq!(
                table.allows(Role::Auditor, other),
                other == kind,
                "{kind} {other}"
            );
        }
    }
}

#[test]
fn a_kind_shared_by_name_is_granted_per_aggregate() {
    let table = Permissions::sop_default();
    // A manager approves "no CAPA needed" on a case, but not on a
    // non-conformance: the SOPs leave that to the process owner and
    // management.
    assert!(table.allows(Role::CustomerServiceManager, K::ApproveNoCapa));
    assert!(!table.allows(
        Role::CustomerServiceManager,
        NonConformanceCommandKind::ApproveNoCapa
    ));
    assert!(table.allows(Role::ProcessOwner, NonConformanceCommandKind::ApproveNoCapa));
    // The system records what came due on every aggregate.
    for kind in CommandKind::matching("record_deadline") {
        assert!(table.allows(Role::System, kind), "{kind}");
    }
    let narrow = Permissions::none().grant(Role::System, [CapaCommandKind::RecordDeadline]);
    assert!(narrow.allows(Role::System, CapaCommandKind::RecordDeadline));
    assert!(!narrow.allows(Role::System, K::RecordDeadline));
}

#[test]
fn a_kind_is_named_alone_where_its_name_is_its_own() {
    for &kind in CommandKind::ALL {
        let name = kind.as_str();
        assert_eq!(CommandKind::parse(name), Ok(kind), "{name}");
        assert_eq!(CommandKind::parse(kind.qualified_name()), Ok(kind));
        assert_eq!(kind.to_string(), name);
        let shared = CommandKind::matching(kind.name()).count() > 1;
        assert_eq!(name.contains('.'), shared, "{name}");
    }
    assert_eq!(
        CommandKind::from(CapaCommandKind::RecordDeadline).as_str(),
        "capa.record_deadline"
    );
    assert_eq!(CommandKind::from(K::Log).qualified_name(), "case.log");
    assert_eq!(CommandKind::matching("record_deadline").count(), 8);
    assert_eq!(CommandKind::matching("approve_no_capa").count(), 2);
}

#[test]
fn a_name_that_names_no_single_kind_is_refused_with_why() {
    let ambiguous = CommandKind::parse("approve_no_capa").unwrap_err();
    assert!(matches!(ambiguous, CommandKindNameError::Ambiguous { .. }));
    assert_eq!(
        ambiguous.to_string(),
        "`approve_no_capa` is a command of several aggregates: write one of \
         `case.approve_no_capa`, `non_conformance.approve_no_capa`"
    );
    assert_eq!(
        CommandKind::parse("acknowlege").unwrap_err().to_string(),
        "unknown command kind `acknowlege`: did you mean `acknowledge`?"
    );
    assert_eq!(
        CommandKind::parse("capa.record_dedline")
            .unwrap_err()
            .to_string(),
        "unknown command kind `capa.record_dedline`: did you mean `capa.record_deadline`?"
    );
}

#[cfg(feature = "serde")]
#[test]
fn a_table_writes_a_shared_name_once_when_it_grants_it_everywhere() {
    let json = serde_json::to_value(Permissions::sop_default()).unwrap();
    let system = json["system"].as_array().unwrap();
    assert!(system.contains(&serde_json::json!("record_deadline")));
    assert!(!system.iter().any(|n| n.as_str().unwrap().contains('.')));
    let narrow = Permissions::none().grant(Role::System, [CapaCommandKind::RecordDeadline]);
    assert_eq!(
        serde_json::to_string(&narrow).unwrap(),
        r#"{"system":["capa.record_deadline"]}"#
    );
    let back: Permissions = serde_json::from_str(r#"{"system":["capa.record_deadline"]}"#).unwrap();
    assert_eq!(back, narrow);
}

/// Roles are data: a policy declares its roles, a custom role takes part in
/// the permission table like the SOP's, and every place a rule names a role
/// that is not declared is refused with its path and the closest declared id.
#[test]
fn a_policy_declares_its_roles_and_refuses_any_it_does_not_declare() {
    use casework::PolicySpec;
    use casework::policy::RoleSpec;

    let lead = Role::new("team_lead").unwrap();
    let mut spec = PolicySpec::sop_default();
    spec.roles.insert(lead, RoleSpec::new("Team lead"));
    spec.permissions = spec.permissions.grant(lead, [K::Close, K::Assign]);
    let policy = spec.clone().compile().unwrap();
    assert_eq!(policy.roles()[&lead].name, "Team lead");
    let someone = actor(&[lead]);
    assert!(policy.permissions().check(&someone, K::Close).is_ok());
    assert!(policy.permissions().check(&someone, K::Log).is_err());

    // Every rule that names a role, each naming one the policy does not declare.
    let typo = Role::new("team_laed").unwrap();
    let stranger = Role::new("janitor").unwrap();
    spec.permissions = spec.permissions.grant(typo, [K::AddNote]);
    spec.priority.ladders[0].levels[0].role = stranger;
    spec.feedback.concern_escalates_to.role = stranger;
    if let Some(due) = spec.quality.containment_due.as_mut() {
        due.notify = stranger;
    }
    spec.delivery.approval_stages[0].role = stranger;
    spec.delivery.checklist.items[0].role = Some(stranger);
    spec.case.lifecycle.transitions[0].roles = vec!["janitor".into()];
    let paths: Vec<(String, String)> = spec
        .compile()
        .unwrap_err()
        .problems
        .into_iter()
        .map(|p| (p.path, p.message))
        .collect();
    for path in [
        "priority.ladders[0].levels[0].role",
        "feedback.concern_escalates_to.role",
        "quality.containment_due.notify",
        "delivery.approval_stages[0].role",
        "delivery.checklist.items[0].role",
        "case.lifecycle.transitions[0].roles[0]",
    ] {
        assert!(
            paths
                .iter()
                .any(|(p, m)| p == path && m == "`janitor` is not a declared role (see `roles`)"),
            "{path} in {paths:?}"
        );
    }
    assert!(paths.contains(&(
        "permissions.team_laed".to_owned(),
        "`team_laed` is not a declared role: did you mean `team_lead`?".to_owned()
    )));

    // A policy that declares only its own roles: the SOP's default table
    // then names roles it does not declare.
    let mut own = PolicySpec::sop_default();
    own.roles = [(lead, RoleSpec::new("Team lead"))].into_iter().collect();
    let refused = own.compile().unwrap_err();
    assert!(
        refused
            .problems
            .iter()
            .any(|p| p.path == "permissions.system")
    );
}

/// An actor given more roles than a set holds is refused every command, not
/// judged by a part of its roles.
#[test]
fn an_actor_whose_roles_overflowed_is_refused() {
    let mut roles = vec![Role::CustomerServiceManager];
    for i in 0..RoleSet::CAPACITY {
        roles.push(Role::new(&format!("extra_{i}")).unwrap());
    }
    let crowded = actor(&roles);
    assert!(crowded.roles.overflowed());
    let refused = Permissions::sop_default()
        .check(&crowded, K::Close)
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .ends_with(", …] is not permitted to `close`"),
        "{refused}"
    );
}
