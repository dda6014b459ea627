//! Feedback items: feedback no survey asked for, from customers and staff:
//! the rules, the invariants over random histories, the log, the monthly
//! figures, the store and the wire form.

pub(crate) mod fixtures;
mod log;
pub(crate) mod properties;
mod rules;
#[cfg(feature = "serde")]
mod wire;

pub(crate) use fixtures::*;
