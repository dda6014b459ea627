//! proptest strategies and `Arbitrary` impls for the crate's types (feature
//! `proptest`).
//!
//! Use them to drive your own property tests with the same generators the crate's
//! tests use.

use proptest::prelude::*;
use uuid::Uuid;

use crate::actor::{Actor, CommandKind, Role, RoleSet};
use crate::channel::Channel;
use crate::id::{ActorId, Reference};

/// Any role.
pub fn role() -> impl Strategy<Value = Role> {
    proptest::sample::select(Role::ALL.to_vec())
}

/// Any command kind.
pub fn command_kind() -> impl Strategy<Value = CommandKind> {
    proptest::sample::select(CommandKind::ALL.to_vec())
}

/// Any set of roles, the empty set included.
pub fn role_set() -> impl Strategy<Value = RoleSet> {
    proptest::collection::vec(role(), 0..4).prop_map(RoleSet::from_iter)
}

/// An actor with one of `ids` distinct ids (small counts make collisions between
/// actors likely, which is what four-eyes rules need) and any roles.
pub fn actor(ids: u128) -> impl Strategy<Value = Actor> {
    (1..=ids.max(1), role_set()).prop_map(|(n, roles)| Actor {
        id: ActorId::from_uuid(Uuid::from_u128(n)),
        roles,
    })
}

/// Any channel; `Other` gets a short label.
pub fn channel() -> impl Strategy<Value = Channel> {
    prop_oneof![
        Just(Channel::Phone),
        Just(Channel::Email),
        Just(Channel::LiveChat),
        Just(Channel::SocialMedia),
        Just(Channel::Sms),
        Just(Channel::WebForm),
        Just(Channel::InPerson),
        "[a-z]{1,12}".prop_map(Channel::Other),
    ]
}

/// Any valid reference.
pub fn reference() -> impl Strategy<Value = Reference> {
    (
        "[A-Z][A-Z0-9]{1,7}",
        1000u16..=9999,
        1..=Reference::MAX_SEQUENCE,
    )
        .prop_filter_map("valid by construction", |(prefix, year, sequence)| {
            Reference::new(&prefix, year, sequence).ok()
        })
}

macro_rules! arbitrary_from {
    ($($ty:ty => $strategy:expr),* $(,)?) => {$(
        impl Arbitrary for $ty {
            type Parameters = ();
            type Strategy = BoxedStrategy<$ty>;

            fn arbitrary_with((): ()) -> Self::Strategy {
                $strategy.boxed()
            }
        }
    )*};
}

arbitrary_from! {
    Role => role(),
    CommandKind => command_kind(),
    RoleSet => role_set(),
    Channel => channel(),
    Reference => reference(),
    Actor => actor(8),
}
