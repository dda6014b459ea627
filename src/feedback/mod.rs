//! Follow-up and feedback: the rating scale a survey asks on, the rules that
//! keep customers from being surveyed too often, the customer feedback log as a
//! fold over case events, and its retention with legal holds (the
//! [`records`](crate::records) module's, re-exported here).
//!
//! The follow-up itself is a case command
//! ([`RecordFollowUp`](crate::case::Command::RecordFollowUp)); when it falls
//! due, and that it is overdue, is the policy's `follow_up` SLA metric
//! (2 business days from resolution by default), which the case's
//! `next_deadline` includes. A service delivered owes a follow-up too,
//! whatever the case's status. An unresolved concern at follow-up stays open
//! and starts the `concern_escalation` clock (24 hours by the SOP): the desk
//! resolves it ([`ResolveConcern`](crate::case::Command::ResolveConcern)) or
//! escalates it before then, or the deadline command escalates it to the
//! department the policy names. A case with an open concern cannot close.
//!
//! This module reads case events; it knows nothing of storage.

mod log;

pub use crate::policy::feedback::{
    FeedbackPolicy, RatingOutOfScale, RatingScale, SurveyRefusal, SurveyRules,
};
/// Retention and legal holds: they live in [`records`](crate::records), which
/// every kind of record shares; re-exported here, where they were first.
pub use crate::records::{LegalHold, Retention};
pub use log::{FeedbackEntry, Response, feedback_log};
