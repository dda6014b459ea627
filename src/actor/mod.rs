//! Who acts: [`Actor`], the SOP [`Role`]s, and the [`Permissions`] table that says
//! which roles may ask for which [`CommandKind`]: three parts, the actor here,
//! the kinds in `kind` and the table in `permission`.
//!
//! The permission table is data: a desk that lets its CSRs close cases writes that in
//! its policy file instead of forking the library. The default table,
//! [`Permissions::sop_default`], follows the service-quality SOP.
//!
//! Permissions are the first gate only. Rules that no table can switch off (a QA
//! reviewer who is not the resolver, a plan approver who is not its author) live in
//! each aggregate's `decide`, which also refuses a command whose content is
//! invalid, naming its kind (`valid`, below).
//!
//! # Example
//! The SOP's table lets a CSR acknowledge a complaint but not close it; a desk
//! that lets its senior CSRs close their own cases grants them that in its
//! policy, without changing the library:
//! ```
//! use casework::{Actor, ActorId, CaseCommandKind, Permissions, Role};
//! use uuid::Uuid;
//!
//! let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
//! let table = Permissions::sop_default();
//! assert!(table.check(&csr, CaseCommandKind::Acknowledge).is_ok());
//! let refused = table.check(&csr, CaseCommandKind::Close).unwrap_err();
//! assert_eq!(
//!     refused.to_string(),
//!     "actor 00000000-0000-0000-0000-000000000001 with roles \
//!      [customer_service_representative] is not permitted to `close`"
//! );
//!
//! // One person may hold several roles: any of them may grant the command.
//! let lead = Actor::new(csr.id, [Role::CustomerServiceRepresentative, Role::CustomerServiceManager]);
//! assert!(table.check(&lead, CaseCommandKind::Close).is_ok());
//!
//! // The desk's own table.
//! let desk = Permissions::sop_default().grant(Role::CustomerServiceRepresentative, [CaseCommandKind::Close]);
//! assert!(desk.check(&csr, CaseCommandKind::Close).is_ok());
//! ```

mod kind;
mod permission;
mod unit;

use core::fmt;

pub use kind::{
    AuditCommandKind, CapaCommandKind, CaseCommandKind, CommandKind, CommandKindNameError,
    DocumentCommandKind, FeedbackCommandKind, MeetingCommandKind, NonConformanceCommandKind,
    ServiceOrderCommandKind,
};
pub(crate) use kind::{InvalidCommand, valid};
pub(crate) use permission::notify_problems;
pub use permission::{NotPermitted, Permissions};
pub use unit::UnitId;

use crate::id::ActorId;
use crate::name::Ident;

/// What an inline id type (a [`Role`], a [`UnitId`]) shares: `MAX_CHARS`,
/// `new` and `as_str`; `Debug` as `Type("id")`, `Display` and `FromStr` as
/// the id, serde as the id's text (refusing a text that is not an id, naming
/// `what` it is the id of), and a JSON schema of a string of the id's pattern.
macro_rules! ident_impls {
    ($ty:ident, $what:literal, $example:literal) => {
        impl $ty {
            #[doc = concat!("The longest ", $what, " id, in characters.")]
            pub const MAX_CHARS: usize = Ident::MAX_CHARS;

            #[doc = concat!("The ", $what, " with the id `id`.")]
            ///
            /// # Errors
            /// [`InvalidId`] when `id` is not 1 to `MAX_CHARS` lowercase ASCII
            /// letters, digits and `_`, starting with a letter.
            pub fn new(id: &str) -> Result<Self, InvalidId> {
                Ident::new(id)
                    .map($ty)
                    .ok_or_else(|| InvalidId::new($what, id))
            }

            #[doc = concat!("The id, as written in policy files, such as `", $example, "`.")]
            #[must_use]
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }
        }

        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($ty), "({:?})"), self.as_str())
            }
        }

        crate::name::display_by_name!($ty);

        impl core::str::FromStr for $ty {
            type Err = InvalidId;

            fn from_str(id: &str) -> Result<Self, InvalidId> {
                $ty::new(id)
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::name::deserialize_ident(deserializer, $what).map($ty)
            }
        }

        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($ty).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "pattern": "^[a-z][a-z0-9_]{0,31}$" })
            }
        }
    };
}
pub(crate) use ident_impls;

/// A role: a stable snake_case id, such as `qa_specialist` or `team_lead`.
///
/// Roles are data. A policy declares the roles it uses (its `roles` table),
/// each with a name and what the permission table lets it do; compiling the policy refuses a role
/// that it names anywhere but does not declare, with its path. The seven roles
/// of the SOPs are the default policy's roles, and constants here
/// ([`Role::SOP`]), named as the variants of the enum they once were, so that
/// `Role::QaSpecialist` reads as before.
///
/// A role id is 1 to [`Role::MAX_CHARS`] characters: lowercase ASCII letters,
/// digits and `_`, starting with a letter. It is stored inline, so that a role
/// is `Copy` and an [`Actor`] stays a plain value.
///
/// # Example
/// ```
/// use casework::Role;
///
/// let lead = Role::new("team_lead")?;
/// assert_eq!(lead.as_str(), "team_lead");
/// assert_eq!(Role::QaSpecialist.as_str(), "qa_specialist");
/// assert_eq!(Role::new("qa_specialist")?, Role::QaSpecialist);
/// assert!(Role::new("Team Lead").is_err());
/// # Ok::<(), casework::InvalidId>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Role(Ident);

#[allow(non_upper_case_globals)]
impl Role {
    /// Logs cases, gives the first response and escalates.
    pub const CustomerServiceRepresentative: Role = Role::sop("customer_service_representative");
    /// Oversees the desk and handles escalations.
    pub const CustomerServiceManager: Role = Role::sop("customer_service_manager");
    /// Reviews resolutions for adherence to standards.
    pub const QaSpecialist: Role = Role::sop("qa_specialist");
    /// Owns a process and its SOP; approves changes to it.
    pub const ProcessOwner: Role = Role::sop("process_owner");
    /// Reads records and trails; changes nothing.
    pub const Auditor: Role = Role::sop("auditor");
    /// The top of the escalation ladder.
    pub const Management: Role = Role::sop("management");
    /// The caller's scheduler, acting on deadlines (warnings, breaches, auto-escalation).
    pub const System: Role = Role::sop("system");
}

impl Role {
    /// The seven roles of the SOPs: the default policy's roles.
    pub const SOP: [Role; 7] = [
        Role::CustomerServiceRepresentative,
        Role::CustomerServiceManager,
        Role::QaSpecialist,
        Role::ProcessOwner,
        Role::Auditor,
        Role::Management,
        Role::System,
    ];

    /// A role whose id is written in the library's source.
    const fn sop(id: &'static str) -> Self {
        Role(Ident::from_static(id))
    }
}

// Every SOP role's id is valid: an invalid one would be empty, and fail the
// build here.
const _: () = {
    let mut rest: &[Role] = &Role::SOP;
    while let [role, others @ ..] = rest {
        assert!(!role.0.is_empty(), "an SOP role's id is not an id");
        rest = others;
    }
};

ident_impls!(Role, "role", "qa_specialist");

/// The refusal of an id (of a role, an organisation unit, a message template) that is not 1 to
/// 32 lowercase ASCII letters, digits and `_`, starting with a letter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{id}` is not a {what} id: 1 to 32 lowercase ASCII letters, digits and `_`, starting with a letter"
)]
#[non_exhaustive]
pub struct InvalidId {
    /// What it was to be the id of: `role`, `unit` or `template`.
    pub what: &'static str,
    /// The id refused (its first 33 characters at most).
    pub id: String,
}

impl InvalidId {
    /// The refusal of `id` as the id of a `what`.
    pub(crate) fn new(what: &'static str, id: &str) -> Self {
        Self {
            what,
            id: id.chars().take(Ident::MAX_CHARS + 1).collect(),
        }
    }
}

/// The roles an actor holds: at most [`RoleSet::CAPACITY`], kept inline so
/// that copying the set, and the actor, costs no allocation.
///
/// A set given more roles than it holds keeps the first ones and remembers
/// that it [overflowed](RoleSet::overflowed); the permission gate refuses
/// every command of an actor whose roles overflowed, rather than judge them by
/// a part of their roles. Serialized as a list of role ids.
///
/// # Example
/// ```
/// use casework::{Role, RoleSet};
///
/// let roles = RoleSet::from_iter([Role::QaSpecialist, Role::Auditor]);
/// assert!(roles.contains(Role::Auditor));
/// assert!(!roles.contains(Role::Management));
/// assert_eq!(roles.to_string(), "[qa_specialist, auditor]");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RoleSet {
    roles: [Option<Role>; RoleSet::CAPACITY],
    overflowed: bool,
}

impl RoleSet {
    /// How many roles a set holds.
    pub const CAPACITY: usize = 8;

    /// The empty set.
    pub const EMPTY: RoleSet = RoleSet {
        roles: [None; RoleSet::CAPACITY],
        overflowed: false,
    };

    /// A set of one role.
    #[must_use]
    pub const fn single(role: Role) -> Self {
        let mut set = RoleSet::EMPTY;
        set.roles[0] = Some(role);
        set
    }

    /// Adds a role; a role the set holds already is not added twice. Returns
    /// whether the set holds it now: `false` when the set was full, which
    /// marks it [overflowed](RoleSet::overflowed).
    pub fn insert(&mut self, role: Role) -> bool {
        for slot in &mut self.roles {
            match slot {
                Some(held) if *held == role => return true,
                Some(_) => {}
                None => {
                    *slot = Some(role);
                    return true;
                }
            }
        }
        self.overflowed = true;
        false
    }

    /// Whether the set holds `role`.
    #[must_use]
    pub fn contains(&self, role: Role) -> bool {
        self.iter().any(|held| held == role)
    }

    /// Whether the set is empty.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.roles[0].is_none()
    }

    /// Whether more roles were given than the set holds.
    #[must_use]
    pub const fn overflowed(&self) -> bool {
        self.overflowed
    }

    /// The roles in the set, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = Role> + '_ {
        self.roles.iter().map_while(|role| *role)
    }
}

impl FromIterator<Role> for RoleSet {
    fn from_iter<I: IntoIterator<Item = Role>>(iter: I) -> Self {
        let mut set = RoleSet::EMPTY;
        for role in iter {
            let _ = set.insert(role);
        }
        set
    }
}

impl fmt::Debug for RoleSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RoleSet({self})")
    }
}

impl fmt::Display for RoleSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        for (i, role) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(role.as_str())?;
        }
        if self.overflowed {
            f.write_str(", …")?;
        }
        f.write_str("]")
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for RoleSet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for RoleSet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let roles = Vec::<Role>::deserialize(deserializer)?;
        if roles.len() > RoleSet::CAPACITY {
            return Err(serde::de::Error::invalid_length(
                roles.len(),
                &"at most 8 roles",
            ));
        }
        Ok(RoleSet::from_iter(roles))
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for RoleSet {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RoleSet".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Vec<Role>>::json_schema(generator)
    }
}

/// The person or system account behind a command: an id and the roles it holds.
///
/// Commands never carry their actor; the caller passes it in the context, having
/// authenticated it. The actor's id is what the audit trail records.
///
/// # Example
/// ```
/// use casework::{Actor, ActorId, Role};
/// use uuid::Uuid;
///
/// let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(7)), [Role::CustomerServiceRepresentative]);
/// assert!(csr.has_role(Role::CustomerServiceRepresentative));
/// assert!(!csr.has_role(Role::QaSpecialist));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Actor {
    /// Who this is.
    pub id: ActorId,
    /// The roles this actor holds for the command at hand.
    pub roles: RoleSet,
}

impl Actor {
    /// An actor with the given roles.
    #[must_use]
    pub fn new(id: ActorId, roles: impl IntoIterator<Item = Role>) -> Self {
        Self {
            id,
            roles: roles.into_iter().collect(),
        }
    }

    /// The system actor that the caller's scheduler uses for deadline-driven events.
    #[must_use]
    pub const fn system(id: ActorId) -> Self {
        Self {
            id,
            roles: RoleSet::single(Role::System),
        }
    }

    /// Whether the actor holds `role`.
    #[must_use]
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(role)
    }
}

#[cfg(test)]
mod tests {
    use super::{Actor, Role, RoleSet};
    use crate::id::ActorId;

    #[test]
    fn a_role_id_is_a_short_snake_case_word() {
        for id in [
            "a",
            "team_lead",
            "tier2",
            "customer_service_representative",
            &"x".repeat(32),
        ] {
            assert_eq!(
                Role::new(id).map(|r| r.as_str().to_owned()),
                Ok(id.to_owned())
            );
        }
        for id in [
            "",
            "Team",
            "team lead",
            "2nd_line",
            "_lead",
            "équipe",
            &"x".repeat(33),
        ] {
            assert!(Role::new(id).is_err(), "{id}");
        }
        for role in Role::SOP {
            assert_eq!(Role::new(role.as_str()), Ok(role));
        }
    }

    #[test]
    fn a_role_set_keeps_each_role_once_in_order_and_knows_when_it_overflowed() {
        let mut set = RoleSet::from_iter([Role::Auditor, Role::QaSpecialist, Role::Auditor]);
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            [Role::Auditor, Role::QaSpecialist]
        );
        assert!(!set.overflowed());
        for i in 0..6 {
            assert!(set.insert(Role::new(&format!("r{i}")).unwrap_or(Role::System)));
        }
        assert!(!set.overflowed());
        assert!(!set.insert(Role::Management));
        assert!(set.overflowed() && !set.contains(Role::Management));
        assert!(set.to_string().ends_with(", …]"));
        let actor = Actor::new(ActorId::from_uuid(uuid::Uuid::nil()), set.iter());
        assert!(actor.has_role(Role::QaSpecialist));
    }

    #[cfg(feature = "serde")]
    #[test]
    fn the_wire_form_is_the_id_and_a_non_id_is_refused_while_reading() {
        let lead: Role = serde_json::from_str("\"team_lead\"").unwrap_or(Role::System);
        assert_eq!(lead.as_str(), "team_lead");
        assert_eq!(
            serde_json::to_string(&Role::QaSpecialist).ok().as_deref(),
            Some("\"qa_specialist\"")
        );
        let refused = serde_json::from_str::<Role>("\"Team Lead\"")
            .err()
            .map(|e| e.to_string());
        assert!(refused.is_some_and(|m| {
            m.starts_with("invalid value: string \"Team Lead\", expected a role id")
        }));
    }
}
