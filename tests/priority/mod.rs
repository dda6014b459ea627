//! Severity rules, the priority matrix and escalation ladders: the defaults as
//! tables, bad configurations with their paths, the properties, and the wiring
//! into cases.

mod properties;
mod tables;
