//! Audits of complaint handling: the complaint SOP's "periodic audits of
//! complaint handling", each a record of its own. A handled case is sampled
//! for a period ([`sample`], deterministic), audited by a QA specialist on
//! the policy's scorecard ([`AuditPolicy`]), passed or failed against its
//! pass mark, and its findings raised as non-conformances.
//!
//! One aggregate in the crate's parts:
//! - [`CaseAudit`], the state: plain data with getters;
//! - [`Command`], what a user asks;
//! - [`Event`], what happened: a stable, snapshot-tested wire form;
//! - [`decide`](CaseAudit#method.decide), where every rule lives, and
//!   [`apply`](crate::Aggregate::apply), which folds events into the state.
//!
//! The lifecycle: opened for a sampled case, with the agent audited and the
//! period → scored once, every criterion of the scorecard on the policy's
//! scale, by someone who neither resolved the case nor is the agent (by the
//! SOP's permissions, a QA specialist), with findings and comments; the
//! event records each criterion's weight, the weighted percentage and the
//! verdict → each finding raised as a non-conformance at most once. An audit
//! not yet scored may be withdrawn with a reason. It is to be scored within
//! the policy's `score_within_days` (14 by the SOP); the scheduler records it
//! overdue once when it is not ([`next_deadline`](crate::Aggregate::next_deadline)
//! and [`Command::RecordDeadline`]).
//!
//! This module knows the policy, the calendar, the actors and the ids of
//! cases and non-conformances; it knows nothing of storage, nor of a case's
//! state: the caller gives the case's id, reference and resolver as plain
//! values ([`AuditedCase`]), or reads them from a case with the kpi module's
//! `AuditedCase::of`.
//!
//! # Example
//! November's resolved complaints are sampled, two per agent. QA audits one
//! of Ann's: the customer was not kept informed, and the follow-up was not
//! done, and the resolution was only partly clear. The weighted score is 36
//! of 52 points, 69 %, below the pass mark of 80: the audit fails, and the
//! finding about the follow-up is raised as a non-conformance.
//! ```
//! use casework::quality::audit::{
//!     AuditedCase, Candidate, CaseAudit, Command, CriterionScore, Finding, Status, sample,
//! };
//! use casework::{Actor, ActorId, Aggregate, AuditId, CaseId, Ctx, NonConformanceId, Policy, Reference, Role, Severity};
//! use chrono::{TimeZone, Utc};
//! use uuid::Uuid;
//!
//! let policy = Policy::sop_default()?;
//! let audit_policy = &policy.quality().audit;
//! let ann = ActorId::from_uuid(Uuid::from_u128(1));
//! let qa = Actor::new(ActorId::from_uuid(Uuid::from_u128(3)), [Role::QaSpecialist]);
//! let case = |n| CaseId::from_uuid(Uuid::from_u128(n));
//!
//! let candidates: Vec<Candidate> = (40..50).map(|n| Candidate::new(case(n), ann, "2026-11")).collect();
//! let drawn = sample(&candidates, audit_policy.sampling);
//! let first = drawn.agents[0].cases[0];
//! assert_eq!(drawn.agents[0].cases.len(), 2);
//!
//! let audited = AuditedCase::new(first, Reference::new("CMP", 2026, 42)?, Some(ann));
//! let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
//! let ctx = Ctx::new(now, qa, &policy);
//! let mut audit = CaseAudit::default();
//! audit.record(&Command::open(AuditId::from_uuid(Uuid::from_u128(7)), audited, ann, "2026-11"), &ctx)?;
//!
//! let scores = audit_policy.scorecard.iter().map(|c| {
//!     let score = match c.code.as_str() {
//!         "customer_informed" => 1,
//!         "followed_up" => 0,
//!         "resolution_complete" => 2,
//!         _ => 4,
//!     };
//!     CriterionScore::new(c.code.clone(), score)
//! }).collect();
//! let finding = Finding::new("No follow-up call was made").criterion("followed_up").severity(Severity::Medium);
//! audit.record(&Command::Score { scores, findings: vec![finding], comments: String::new() }, &ctx)?;
//! let outcome = audit.outcome().unwrap();
//! assert_eq!((outcome.points, outcome.max_points, outcome.percent, outcome.passed), (36, 52, 69, false));
//! assert_eq!(audit.status(), Some(Status::Scored));
//!
//! let ncr = NonConformanceId::from_uuid(Uuid::from_u128(9));
//! audit.record(&Command::RaiseNonConformance { finding: 1, ncr }, &ctx)?;
//! assert_eq!(audit.raised()[0].ncr, ncr);
//! // Once.
//! let again = audit.record(&Command::RaiseNonConformance { finding: 1, ncr }, &ctx).unwrap_err();
//! assert_eq!(again.rule(), "finding_already_raised");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod command;
mod decide;
mod error;
mod event;
mod sample;
mod state;

pub use crate::policy::quality::{AuditPolicy, Criterion, Sampling, ScoreScale};
pub use command::Command;
pub use error::AuditError;
pub use event::Event;
pub use sample::{AgentSample, AuditSample, Candidate, SAMPLE_TAG, rank, sample};
pub use state::{
    AuditedCase, CaseAudit, CriterionScore, Finding, Outcome, RaisedFinding, ScoredCriterion,
    Scoring, Status, Withdrawal,
};
