//! Severity, priority and escalation, as validated data with explanations.
//!
//! - [`Severity`] is assessed from facts by [`SeverityRules`]: each rule sets a
//!   minimum, the highest wins, and the assessment names the rules that fired.
//! - [`Priority`] comes from an impact × urgency [`PriorityMatrix`], with a floor
//!   per severity.
//! - An [`EscalationLadder`] per priority says who is told, or handed the case, at
//!   each level, and after how much business time without acknowledgement or
//!   resolution; [`EscalationLadder::instants`] answers when, as a pure function.
//!
//! This module knows facts, calendars and roles; it knows nothing of cases.

mod ladder;
mod matrix;
mod policy;
mod severity;

pub use ladder::{
    EscalationAction, EscalationLadder, EscalationLevel, EscalationTrigger, LadderStep, Milestone,
};
pub use matrix::{Impact, Priority, PriorityMatrix, Urgency};
pub use policy::PriorityPolicy;
pub(crate) use severity::in_category;
pub use severity::{
    ASSESSED_BY_STAFF, CaseFacts, Condition, ParseSeverityError, Severity, SeverityAssessment,
    SeverityFacts, SeverityRule, SeverityRules,
};
