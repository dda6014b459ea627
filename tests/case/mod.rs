//! The case aggregate: intake, lifecycle, guards, policy checks, wire form, and the
//! state-machine properties.

#![allow(dead_code)]

pub mod fixtures;
mod one_year;
mod policy;
pub(crate) mod properties;
mod rules;
pub(crate) mod wire;
