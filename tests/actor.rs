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
    use Role::*;
    // (roles held, command, permitted?)
    let table: &[(&[Role], K, bool)] = &[
        (&[CustomerServiceRepresentative], K::Log, true),
        (&[CustomerServiceRepresentative], K::Acknowledge, true),
        (&[CustomerServiceRepresentative], K::Escalate, true),
        (&[CustomerServiceRepresentative], K::ProposeResolution, true),
        (&[CustomerServiceRepresentative], K::RecordFollowUp, true),
        (&[CustomerServiceRepresentative], K::Close, false),
        (&[CustomerServiceRepresentative], K::ReviewResolution, false),
        (&[CustomerServiceRepresentative], K::Deescalate, false),
        (&[CustomerServiceRepresentative], K::ApproveNoCapa, false),
        (&[CustomerServiceRepresentative], K::Merge, false),
        (&[CustomerServiceManager], K::Log, true),
        (&[CustomerServiceManager], K::Close, true),
        (&[CustomerServiceManager], K::Deescalate, true),
        (&[CustomerServiceManager], K::ApproveNoCapa, true),
        (&[CustomerServiceManager], K::Merge, true),
        (&[CustomerServiceManager], K::Reject, true),
        (&[CustomerServiceManager], K::ReviewResolution, false),
        (&[QaSpecialist], K::ReviewResolution, true),
        (&[QaSpecialist], K::Log, false),
        (&[QaSpecialist], K::Close, false),
        (&[ProcessOwner], K::ApproveNoCapa, true),
        (&[ProcessOwner], K::Acknowledge, false),
        (&[Auditor], K::AddNote, false),
        (&[Auditor], K::Log, false),
        (&[Management], K::Deescalate, true),
        (&[Management], K::Log, false),
        (&[System], K::RecordDeadline, true),
        (&[System], K::Log, false),
        (&[System], K::Escalate, true),
        (&[System], K::Close, false),
        (&[], K::Log, false),
        (&[Auditor, QaSpecialist], K::ReviewResolution, true),
        (
            &[CustomerServiceRepresentative, QaSpecialist],
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
            assert_eq!(refused.roles, RoleSet::from_iter(roles.iter().copied()));
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
    for role in Role::ALL {
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
    assert!(serde_json::from_str::<Permissions>(r#"{ "janitor": ["log"] }"#).is_err());
    assert!(serde_json::from_str::<Permissions>(r#"{ "auditor": ["mop"] }"#).is_err());

    let default = Permissions::sop_default();
    let back: Permissions =
        serde_json::from_str(&serde_json::to_string(&default).unwrap()).unwrap();
    assert_eq!(back, default);
}

proptest! {
    #[test]
    fn an_actor_is_permitted_exactly_when_one_of_its_roles_is(
        roles in proptest::collection::vec(proptest::sample::select(Role::ALL.to_vec()), 0..4),
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
    assert_eq!(CommandKind::matching("record_deadline").count(), 6);
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
