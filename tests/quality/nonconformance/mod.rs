//! The non-conformance aggregate: rules, repeat detection, management
//! escalation, wire form, and the state-machine properties.

#![allow(dead_code)]

pub(crate) mod deadlines;
pub mod fixtures;
mod flows;
mod properties;
mod repeat;
mod rules;
mod wire;
