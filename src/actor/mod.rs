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

use core::fmt;

pub use kind::{
    CapaCommandKind, CaseCommandKind, CommandKind, CommandKindNameError, DocumentCommandKind,
    MeetingCommandKind, NonConformanceCommandKind, ServiceOrderCommandKind,
};
pub(crate) use kind::{InvalidCommand, valid};
pub(crate) use permission::notify_problems;
pub use permission::{NotPermitted, Permissions};

use crate::id::ActorId;

/// A role from the SOPs. An actor may hold several.
///
/// An unknown name in a policy file is refused with the closest role's name:
/// ``unknown role `qa_specalist`: did you mean `qa_specialist`?``.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Role {
    /// Logs cases, gives the first response and escalates.
    CustomerServiceRepresentative,
    /// Oversees the desk and handles escalations.
    CustomerServiceManager,
    /// Reviews resolutions for adherence to standards.
    QaSpecialist,
    /// Owns a process and its SOP; approves changes to it.
    ProcessOwner,
    /// Reads records and trails; changes nothing.
    Auditor,
    /// The top of the escalation ladder.
    Management,
    /// The caller's scheduler, acting on deadlines (warnings, breaches, auto-escalation).
    System,
}

impl Role {
    /// Every role, in declaration order.
    pub const ALL: [Role; 7] = [
        Role::CustomerServiceRepresentative,
        Role::CustomerServiceManager,
        Role::QaSpecialist,
        Role::ProcessOwner,
        Role::Auditor,
        Role::Management,
        Role::System,
    ];

    /// The snake_case name used in policy files, such as `qa_specialist`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::CustomerServiceRepresentative => "customer_service_representative",
            Role::CustomerServiceManager => "customer_service_manager",
            Role::QaSpecialist => "qa_specialist",
            Role::ProcessOwner => "process_owner",
            Role::Auditor => "auditor",
            Role::Management => "management",
            Role::System => "system",
        }
    }

    const fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

crate::name::named!(Role, "role");

crate::name::display_by_name!(Role);

/// A set of [`Role`]s, stored as a bit set: copying and testing it costs nothing.
///
/// Serialized as a list of role names.
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RoleSet(u16);

impl RoleSet {
    /// The empty set.
    pub const EMPTY: RoleSet = RoleSet(0);

    /// A set of one role.
    #[must_use]
    pub const fn single(role: Role) -> Self {
        RoleSet(role.bit())
    }

    /// Adds a role.
    pub fn insert(&mut self, role: Role) {
        self.0 |= role.bit();
    }

    /// Whether the set holds `role`.
    #[must_use]
    pub const fn contains(self, role: Role) -> bool {
        self.0 & role.bit() != 0
    }

    /// Whether the set is empty.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The roles in the set, in [`Role::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Role> {
        Role::ALL.into_iter().filter(move |r| self.contains(*r))
    }
}

impl FromIterator<Role> for RoleSet {
    fn from_iter<I: IntoIterator<Item = Role>>(iter: I) -> Self {
        let mut set = RoleSet::EMPTY;
        for role in iter {
            set.insert(role);
        }
        set
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
        Vec::<Role>::deserialize(deserializer).map(RoleSet::from_iter)
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
    pub const fn has_role(&self, role: Role) -> bool {
        self.roles.contains(role)
    }
}
