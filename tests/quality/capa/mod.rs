//! The CAPA aggregate: rules, lifecycle walks, properties and the wire form.

pub(crate) mod fixtures;
pub(crate) mod properties;
mod rules;
mod wire;
