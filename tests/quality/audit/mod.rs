//! Audits of complaint handling: the SOP path end to end, each rule's
//! refusal, the weighted outcome, the deadline, the invariants over random
//! histories, the deterministic sample and the wire form.

pub(crate) mod fixtures;
pub(crate) mod properties;
mod review;
mod rules;
mod sample;
#[cfg(feature = "serde")]
mod wire;

pub(crate) use fixtures::*;
