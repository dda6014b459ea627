//! Controlled documents, such as the SOPs: revisions drafted, reviewed,
//! approved with a signature by someone other than their author, effective
//! from a date, and superseded; the revision history derived from the events;
//! and the periodic review, whose due date is [`Document::next_deadline`](crate::Aggregate::next_deadline).
//!
//! # Example
//! ```
//! use casework::governance::document::{Command, Document, Sections};
//! use casework::{Actor, ActorId, Aggregate, Ctx, DocumentId, Policy, Role};
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use uuid::Uuid;
//!
//! let policy = Policy::sop_default()?;
//! let author = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::ProcessOwner]);
//! let approver = Actor::new(ActorId::from_uuid(Uuid::from_u128(2)), [Role::Management]);
//! let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
//! let ctx = |actor| Ctx::new(now, actor, &policy);
//! let text = |s: &str| s.to_owned();
//! let sections = Sections {
//!     purpose: text("Handle complaints"), scope: text("All channels"), definitions: text("Complaint: ..."),
//!     responsibilities: text("CSR, manager, QA"), procedure: text("Log, acknowledge, ..."),
//!     records: text("Case log"), references: text("ISO 10002"),
//! };
//! let mut sop = Document::default();
//! sop.record(&Command::Create { document: DocumentId::from_uuid(Uuid::from_u128(9)), title: text("Complaint handling") }, &ctx(author))?;
//! sop.record(&Command::DraftRevision { description: text("First issue"), sections }, &ctx(author))?;
//! sop.record(&Command::SubmitRevision, &ctx(author))?;
//! assert_eq!(sop.record(&Command::ApproveRevision, &ctx(author)).unwrap_err().rule(), "approver_is_author");
//! sop.record(&Command::ApproveRevision, &ctx(approver))?;
//! sop.record(&Command::MakeEffective { from: now + TimeDelta::days(7) }, &ctx(approver))?;
//! assert!(sop.effective_revision(now).is_none());
//! assert_eq!(sop.effective_revision(now + TimeDelta::days(7)).map(|r| r.number), Some(1));
//! assert_eq!(sop.history().len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod command;
mod decide;
mod error;
mod event;
mod state;

pub use command::{Command, ReviewOutcome};
pub use error::DocumentError;
pub use event::Event;
pub use state::{Document, HistoryLine, Revision, RevisionStatus, Sections};
