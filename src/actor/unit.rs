//! [`UnitId`]: the id of an organisation unit, a department or a team.

use core::fmt;

use super::{InvalidId, ident_impls};
use crate::name::Ident;

/// The id of an organisation unit, a department or one of its teams, such as
/// `billing`: 1 to [`UnitId::MAX_CHARS`] lowercase ASCII letters, digits and
/// `_`, starting with a letter, stored inline so that it is `Copy`.
///
/// A policy declares its units in its organisation; the caller says which
/// units an actor belongs to in the context of each decision, as it says
/// which roles the actor holds.
///
/// # Example
/// ```
/// use casework::UnitId;
///
/// let billing = UnitId::new("billing")?;
/// assert_eq!(billing.to_string(), "billing");
/// assert!(UnitId::new("Billing & Refunds").is_err());
/// # Ok::<(), casework::InvalidId>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitId(Ident);

ident_impls!(UnitId, "unit", "billing");
