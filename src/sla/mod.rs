//! SLA policies and clocks.
//!
//! An [`SlaPolicy`] names metrics (first response, next response, resolution,
//! follow-up, concern escalation, or your own), each with the signals that start
//! and stop its clock, and targets per priority (narrowed by category, channel or
//! customer tier), each on a named business calendar. A case's [`Timeline`] of
//! signals, status changes and priority changes gives the [`SlaStatus`] of every
//! cycle: elapsed and paused business time, `due_at`, what is left, and whether it
//! runs, pauses, is at risk, met or breached.
//!
//! This module knows calendars and priorities; it knows nothing of cases. The case
//! aggregate turns its events into the timeline.

mod batch;
mod clock;
mod policy;

pub use batch::{BatchStatus, ClockSummary, evaluate_batch};
pub use clock::{Change, ClockState, Entry, Scope, SlaError, SlaStatus, Threshold, Timeline};
pub use policy::{MetricSpec, OnReopen, Signal, SlaPolicy, TargetSpec, Within};
