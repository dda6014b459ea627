use casework::{Actor, ActorId, CommandKind as K, Permissions, Role, RoleSet};
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
    for kind in K::ALL {
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
        for kind in K::ALL {
            let touched = role == Role::CustomerServiceRepresentative
                && matches!(kind, K::Close | K::Escalate);
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
        kind in proptest::sample::select(K::ALL.to_vec()),
    ) {
        let table = Permissions::sop_default();
        let permitted = table.check(&actor(&roles), kind).is_ok();
        prop_assert_eq!(permitted, roles.iter().any(|r| table.allows(*r, kind)));
    }
}
