//! [`RoleSpec`]: the roles a policy declares, each with its name and what it
//! may do on top of the permission table. Who a role is told of, handed or
//! trained for is each rule's. Compiling the policy refuses any role that a
//! rule names but the policy does not declare, with the rule's path.

use std::collections::BTreeMap;

use crate::actor::{CommandKind, Permissions, Role};
use crate::name::closest;
use crate::problem::{Problem, short_text, too_many};

/// A role the policy declares: its name, as people read it, and the command
/// kinds it may give besides those the permission table grants it.
///
/// `may` lets a policy add a role without writing the whole permission table
/// again: the compiled policy's table is the policy's `permissions` with each
/// role's `may` granted on top.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct RoleSpec {
    /// Its name, such as `Team lead`: 1 to [`RoleSpec::MAX_NAME_CHARS`]
    /// characters, not blank.
    pub name: String,
    /// Command kinds it may give, named as in the permission table (`close`,
    /// or `capa.record_deadline` where a name belongs to several
    /// aggregates, a bare such name granting it on each): at most as many
    /// as there are command kinds.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub may: Vec<String>,
    /// How far what the role may do reaches: `None`, every record; or only
    /// the records of the units the actor belongs to
    /// ([`Ctx::with_units`](super::Ctx::with_units)), such as a team lead
    /// who reassigns within their own department. A record with no unit is
    /// outside every reach.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub within: Option<Reach>,
}

/// How far a role's grants reach: which units' records it may act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Reach {
    /// The records of the units the actor belongs to, and of their teams.
    OwnUnit,
    /// The records of the departments the actor belongs to, directly or
    /// through one of their teams, and of every team in them.
    OwnDepartment,
}

impl RoleSpec {
    /// The most roles a policy declares.
    pub const MAX_ROLES: usize = 64;
    /// The longest name of a role, in characters.
    pub const MAX_NAME_CHARS: usize = 100;

    /// A role named `name`, granted nothing beyond the permission table.
    #[must_use]
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            may: Vec::new(),
            within: None,
        }
    }

    /// This role, reaching only as far as `reach`.
    #[must_use]
    pub const fn within(mut self, reach: Reach) -> Self {
        self.within = Some(reach);
        self
    }

    /// This role, granted the kinds named on top of the permission table.
    #[must_use]
    pub fn may<T: Into<String>>(mut self, kinds: impl IntoIterator<Item = T>) -> Self {
        self.may = kinds.into_iter().map(Into::into).collect();
        self
    }

    /// The seven roles of the SOPs ([`Role::SOP`]), with their names.
    #[must_use]
    pub fn sop_default() -> BTreeMap<Role, RoleSpec> {
        [
            (
                Role::CustomerServiceRepresentative,
                "Customer service representative",
            ),
            (Role::CustomerServiceManager, "Customer service manager"),
            (Role::QaSpecialist, "QA specialist"),
            (Role::ProcessOwner, "Process owner"),
            (Role::Auditor, "Auditor"),
            (Role::Management, "Management"),
            (Role::System, "System (the scheduler)"),
        ]
        .into_iter()
        .map(|(role, name)| (role, RoleSpec::new(name)))
        .collect()
    }
}

/// The problems of a policy's declared roles, and of every role its rules
/// name (`references`, each with its path) that it does not declare: each
/// with the closest declared id, when one is close.
pub(crate) fn problems(
    declared: &BTreeMap<Role, RoleSpec>,
    references: impl IntoIterator<Item = (String, Role)>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    if too_many(&mut problems, "roles", declared.len(), RoleSpec::MAX_ROLES) {
        return problems;
    }
    for (role, spec) in declared {
        short_text(
            &mut problems,
            &format!("roles.{role}.name"),
            &spec.name,
            RoleSpec::MAX_NAME_CHARS,
        );
        let may = format!("roles.{role}.may");
        if !too_many(&mut problems, &may, spec.may.len(), CommandKind::ALL.len()) {
            for (i, name) in spec.may.iter().enumerate() {
                if CommandKind::matching(name).next().is_none() {
                    let refused = CommandKind::parse(name).err().map(|e| e.to_string());
                    problems.push(Problem::new(
                        format!("{may}[{i}]"),
                        refused.unwrap_or_default(),
                    ));
                }
            }
        }
    }
    let ids: Vec<&str> = declared.keys().map(Role::as_str).collect();
    for (path, role) in references {
        if declared.contains_key(&role) {
            continue;
        }
        let message = match closest(role.as_str(), &ids) {
            Some(near) => format!("`{role}` is not a declared role: did you mean `{near}`?"),
            None => format!("`{role}` is not a declared role (see `roles`)"),
        };
        problems.push(Problem::new(path, message));
    }
    problems
}

/// The permission table the compiled policy keeps: `table`, with each
/// declared role's `may` granted on top.
pub(crate) fn granted(table: &Permissions, declared: &BTreeMap<Role, RoleSpec>) -> Permissions {
    declared.iter().fold(table.clone(), |table, (role, spec)| {
        let kinds = spec.may.iter().flat_map(|name| CommandKind::matching(name));
        table.grant(*role, kinds)
    })
}
