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

impl UnitId {
    /// The longest unit id, in characters.
    pub const MAX_CHARS: usize = Ident::MAX_CHARS;

    /// The unit with the id `id`.
    ///
    /// # Errors
    /// [`InvalidId`] when `id` is not 1 to [`UnitId::MAX_CHARS`] lowercase
    /// ASCII letters, digits and `_`, starting with a letter.
    pub fn new(id: &str) -> Result<Self, InvalidId> {
        Ident::new(id)
            .map(UnitId)
            .ok_or_else(|| InvalidId::new("unit", id))
    }

    /// The id, as written in policy files, such as `billing`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

ident_impls!(UnitId, "unit");
