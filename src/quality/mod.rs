//! Quality records: non-conformances and CAPA (corrective and preventive action),
//! with the pieces they share: electronic [`Signature`]s over a [`ContentHash`]
//! (the [`records`](crate::records) module's, re-exported here),
//! [`RiskAssessment`] and its RPN, [`RootCauseAnalysis`], and the
//! [`QualityPolicy`].
//!
//! Each record is an aggregate of its own, in the crate's four parts:
//! - [`nonconformance`]: report, contain, investigate, disposition, decide on a
//!   CAPA, close;
//! - [`capa`]: plan actions, approve, implement, verify, check effectiveness,
//!   close;
//! - [`audit`]: the periodic audits of complaint handling: a deterministic
//!   sample of handled cases, each scored on the policy's scorecard by QA,
//!   its findings raised as non-conformances.
//!
//! Where open-source quality systems keep the status as an editable field (and
//! count a cancelled action as done), here every move is a command that `decide`
//! checks: the four-eyes rules and the closure rules hold whatever the
//! permission table grants.
//!
//! This module knows the policy, the calendar, the actors and the ids of cases;
//! it knows nothing of storage, nor of a case's state.
//!
//! # Example
//! A complaint about damaged parcels turns out to be a carrier's handling
//! fault: the quality team reports a non-conformance from it, and contains it
//! the same morning. The report starts the stage clocks; containment stops the
//! first, and the investigation's is next.
//! ```
//! use casework::quality::nonconformance::{Command, Containment, NonConformance, Report, Source, Status};
//! use casework::quality::{Rating, RiskAssessment};
//! use casework::{Actor, ActorId, Aggregate, CaseId, Ctx, NonConformanceId, Policy, Reference, Role, Severity};
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use uuid::Uuid;
//!
//! let policy = Policy::sop_default()?;
//! let qa = Actor::new(ActorId::from_uuid(Uuid::from_u128(3)), [Role::QaSpecialist]);
//! let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
//! let complaint = CaseId::from_uuid(Uuid::from_u128(42));
//!
//! let mut ncr = NonConformance::default();
//! ncr.record(&Command::Report {
//!     report: Report::new(
//!         NonConformanceId::from_uuid(Uuid::from_u128(5)),
//!         Reference::new("NCR", 2026, 5)?,
//!         Source::Complaint { case: complaint },
//!         Severity::High,
//!         monday,
//!     )
//!     .titled("Parcels damaged in transit")
//!     .description("Three parcels of one route arrived crushed."),
//! }, &Ctx::new(monday, qa, &policy))?;
//! // The complaint is linked; a high severity goes to management.
//! assert_eq!(ncr.linked_cases(), [complaint]);
//! assert!(ncr.escalated_to_management());
//! // Containment is due within 24 hours, around the clock.
//! assert_eq!(ncr.next_deadline(&policy)?, Some(monday + TimeDelta::hours(24)));
//!
//! let contained = Containment {
//!     action: "Route suspended; stock in the depot inspected".into(),
//!     done_by: qa.id,
//!     done_at: monday + TimeDelta::hours(2),
//! };
//! ncr.record(&Command::RecordContainment { containment: contained }, &Ctx::new(monday + TimeDelta::hours(3), qa, &policy))?;
//! assert_eq!(ncr.status(), Some(Status::Reported));
//! assert_eq!(ncr.containments().len(), 1);
//! // Next: the root cause, due in 5 business days (Monday 30th, 17:00).
//! assert_eq!(ncr.next_deadline(&policy)?, Some(Utc.with_ymd_and_hms(2026, 11, 30, 17, 0, 0).unwrap()));
//!
//! // The risk, for the CAPA decision to come: an RPN of 8 × 4 × 3.
//! let risk = RiskAssessment { severity: Rating(8), occurrence: Rating(4), detection: Rating(3) };
//! assert_eq!(risk.rpn(), 96);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod audit;
pub mod capa;
pub mod nonconformance;
mod risk;
mod root_cause;

pub use crate::policy::quality::QualityPolicy;
/// Electronic signatures: they live in [`records`](crate::records), which
/// every kind of record shares; re-exported here, where they were first.
pub use crate::records::{ContentHash, Signature, SignatureMeaning};
pub use risk::{Rating, RiskAssessment};
pub use root_cause::{FishboneCategory, FishboneCause, MAX_WHYS, RootCauseAnalysis};
