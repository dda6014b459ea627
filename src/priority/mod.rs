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
//!
//! # Example
//! The SOP's triage of a complaint taken by phone from a key account who
//! complained twice in the last two months: the severity rules give its
//! severity, with the rules that fired; the matrix gives its priority from the
//! impact and urgency the CSR chose; the priority's ladder says who is told
//! when, if no one acknowledges it.
//! ```
//! use casework::calendar::CalendarSpec;
//! use casework::priority::{
//!     CaseFacts, EscalationAction, Impact, Priority, PriorityPolicy, SeverityFacts, Urgency,
//! };
//! use casework::{Channel, Role, Severity};
//! use chrono::{TimeDelta, TimeZone, Utc};
//!
//! let rules = PriorityPolicy::sop_default();
//! let received = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
//! let facts = SeverityFacts {
//!     customer_tier: Some("key_account".into()),
//!     earlier_complaints: vec![received - TimeDelta::days(20), received - TimeDelta::days(50)],
//!     ..SeverityFacts::default()
//! };
//! let case = CaseFacts { channel: &Channel::Phone, category: "billing/overcharge", received_at: received };
//!
//! let assessment = rules.severity.assess(&facts, case);
//! assert_eq!(assessment.explain(), "medium: key_account, repeat_complaint");
//!
//! // Medium impact (row 2 of 3), high urgency (column 1 of 3): P2.
//! let priority = rules.matrix.priority(Impact(2), Urgency(1), assessment.severity);
//! assert_eq!(priority, Some(Priority(2)));
//! // A critical severity would have made it P1, whatever the matrix cell.
//! assert_eq!(rules.matrix.priority(Impact(2), Urgency(1), Severity::Critical), Some(Priority(1)));
//!
//! // P2 escalates around the clock: the manager after 4 hours unless
//! // acknowledged, management after 24 unless resolved.
//! let ladder = rules.ladder(Priority(2)).unwrap();
//! let always = CalendarSpec::twenty_four_seven("UTC").compile()?;
//! let when = ladder.instants(&always, received)?;
//! assert_eq!(when, [received + TimeDelta::hours(4), received + TimeDelta::hours(24)]);
//! let first = ladder.level(1).unwrap();
//! assert_eq!((first.role, first.action), (Role::CustomerServiceManager, EscalationAction::Notify));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

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
