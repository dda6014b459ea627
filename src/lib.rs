//! # casework
//!
//! Pure, I/O-free building blocks for service desks and quality systems that work
//! from SOPs: cases and the complaint lifecycle, severity and priority, business
//! calendars and SLA clocks, follow-up and feedback, KPIs, and the
//! non-conformance/CAPA workflow.
//!
//! The library reads no clock, opens no file or socket and draws no random numbers.
//! The caller passes in `now`, the ids and the acting user, and keeps the events in
//! its own store. That makes every rule a pure function you can test, and the crate
//! usable from any runtime or database.
//!
//! ## Overview
//! ```
//! use casework::{Actor, ActorId, Channel, CommandKind, Permissions, Reference, Role};
//! use uuid::Uuid;
//!
//! // Ids come from the caller; the library never invents one.
//! let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
//! let qa = Actor::new(ActorId::from_uuid(Uuid::from_u128(2)), [Role::QaSpecialist]);
//!
//! // Who may do what is data; the default table follows the SOPs.
//! let permissions = Permissions::sop_default();
//! assert!(permissions.check(&csr, CommandKind::Log).is_ok());
//! assert!(permissions.check(&qa, CommandKind::ReviewResolution).is_ok());
//!
//! // A refusal says which rule refused, ready to show to a person.
//! let refused = permissions.check(&csr, CommandKind::Close).unwrap_err();
//! assert_eq!(
//!     refused.to_string(),
//!     "actor 00000000-0000-0000-0000-000000000001 with roles \
//!      [customer_service_representative] is not permitted to `close`"
//! );
//!
//! // The number a person reads out on the phone.
//! let reference = Reference::new("CMP", 2026, 42)?;
//! assert_eq!(reference.to_string(), "CMP-2026-000042");
//! assert!(Channel::SocialMedia.is_public());
//! # Ok::<(), casework::Error>(())
//! ```
//!
//! ## Modules
//! - [`id`]: typed ids (uuid newtypes) and human [`Reference`] numbers.
//! - [`actor`]: [`Actor`], [`Role`] and the [`Permissions`] table.
//! - [`channel`]: the contact [`Channel`].
//! - [`calendar`]: business calendars and exact business-time arithmetic.
//! - [`case`]: the case aggregate: intake, the complaint lifecycle, escalation.
//! - [`priority`]: [`Severity`] rules, the priority matrix and escalation ladders.
//! - [`policy`]: [`PolicySpec`], checked into a [`Policy`], and [`Ctx`].
//! - [`problem`]: [`Problem`], one thing wrong with a policy, and where.
//! - [`envelope`]: [`Recorded`], the envelope of every event, and [`Version`].
//! - [`sla`]: SLA policies and clocks.
//! - `store` (feature `serde`): the storage port, `execute` and the audit chain.
//!
//! ## Features
//! - `serde` (default): serde for ids, events and policies. Their serde form is a
//!   public contract, snapshot-tested.
//! - `proptest`: [`strategy`], proptest strategies and `Arbitrary` impls.
//! - `testkit`: [`testkit`], fixtures for tests.
//! - `schemars`: JSON Schema for the policy types.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod actor;
pub mod calendar;
pub mod case;
pub mod channel;
pub mod envelope;
pub mod id;
pub mod policy;
pub mod priority;
pub mod problem;
pub mod sla;
#[cfg(feature = "serde")]
pub mod store;
#[cfg(feature = "proptest")]
pub mod strategy;
#[cfg(feature = "testkit")]
pub mod testkit;

pub use actor::{Actor, CommandKind, NotPermitted, Permissions, Role, RoleSet};
pub use calendar::{BusinessCalendar, CalendarError, CalendarSpec};
pub use case::{Case, CaseError};
pub use channel::Channel;
pub use envelope::{Recorded, Version};
pub use id::{
    ActorId, CapaId, CaseId, CustomerRef, DocumentId, NonConformanceId, ParseIdError, Reference,
    ReferenceError, ServiceOrderId, StreamId, TeamId,
};
pub use policy::{Ctx, Policy, PolicyError, PolicySpec};
pub use priority::Severity;
pub use problem::Problem;

/// The README's example, compiled and run as a doctest so that it cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctest;

/// Any error the crate returns: each module's error, wrapped.
///
/// Functions return their module's own error type; this enum lets a caller hold any
/// of them behind one `?`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A string was not a valid id.
    #[error(transparent)]
    Id(#[from] ParseIdError),
    /// A string or parts were not a valid reference.
    #[error(transparent)]
    Reference(#[from] ReferenceError),
    /// A calendar could not be compiled, or a query answered.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// The actor's roles are not granted the command.
    #[error(transparent)]
    NotPermitted(#[from] NotPermitted),
    /// A policy failed its checks.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// A case refused a command.
    #[error(transparent)]
    Case(#[from] CaseError),
}
