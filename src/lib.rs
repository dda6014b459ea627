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
//! New to the crate? The [`guide`] follows one complaint through the SOP with the
//! real API, then shows how to write your own aggregate and your own store adapter.
//!
//! ## Overview
//! One complaint, end to end: a policy as data, a command decided against the
//! stored case, the events appended with their audit chain, and the SLA clocks.
//! ```
//! # #[cfg(not(feature = "serde"))] fn main() {}
//! # #[cfg(feature = "serde")] fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use casework::case::{Case, CaseKind, Command, Intake};
//! use casework::priority::{Impact, SeverityFacts, Urgency};
//! use casework::sla::ClockState;
//! use casework::store::{verify_chain, CaseStore, InMemoryStore};
//! use casework::{Actor, ActorId, Aggregate, CaseId, Channel, Ctx, CustomerRef, PolicySpec, Reference, Role, StreamId, Version};
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use uuid::Uuid;
//!
//! // The SOP defaults, checked once; a desk would read its own JSON or TOML.
//! let policy = PolicySpec::sop_default().compile()?;
//! // Ids and the acting user come from the caller; the library invents nothing.
//! let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
//! let case = CaseId::from_uuid(Uuid::from_u128(42));
//! let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
//! let mut store = InMemoryStore::new();
//!
//! let log = Command::Log {
//!     intake: Intake::new(
//!         case,
//!         Reference::new("CMP", 2026, 42)?,
//!         CaseKind::Complaint,
//!         Channel::SocialMedia,
//!         CustomerRef::from_uuid(Uuid::from_u128(7)),
//!         monday,
//!     )
//!     .about("delivery/late", "Parcel two weeks late")
//!     .description("Ordered on the 2nd, still not here.")
//!     .follow_up_by(Channel::Phone)
//!     .impact(Impact(2))
//!     .urgency(Urgency(2)),
//!     first_contact_resolution: None,
//! };
//! // Time is an argument: `now` is the context's.
//! let stream = StreamId::from(case);
//! store.execute::<Case>(stream, &log, &Ctx::new(monday, csr, &policy))?;
//!
//! // A refusal names the rule and writes nothing.
//! let later = Ctx::new(monday + TimeDelta::hours(1), csr, &policy);
//! let refused = store.execute::<Case>(stream, &Command::Close, &later).unwrap_err();
//! assert_eq!(refused.to_string(), "refused: actor 00000000-0000-0000-0000-000000000001 with roles \
//!     [customer_service_representative] is not permitted to `close`");
//!
//! // The log is the audit trail, hash-chained; the case is a fold over it.
//! let events = store.load(stream, Version::ZERO)?;
//! verify_chain(stream, &store.load_rows(stream, Version::ZERO)?)?;
//! let complaint = Case::replay(&events)?;
//! // A public channel raised the severity by rule, with the reason kept.
//! assert_eq!(complaint.severity_assessment().explain(), "medium: public_channel");
//! // Not acknowledged after an hour: the first-response clock runs.
//! let clocks = complaint.sla_status(&policy, later.now())?;
//! let first = clocks.iter().find(|c| c.metric == "first_response").unwrap();
//! assert_eq!((first.state, first.elapsed), (ClockState::Running, TimeDelta::hours(1)));
//!
//! // The caller's scheduler asks when the case next needs it, and then records
//! // what came due, one call per stream, however late it runs.
//! let due = complaint.next_deadline(&policy)?.expect("the acknowledgement is due");
//! let scheduler = Actor::new(ActorId::from_uuid(Uuid::from_u128(9)), [Role::System]);
//! let recorded = store.run_due::<Case>(stream, &Ctx::new(due, scheduler, &policy))?;
//! // Still unacknowledged: the escalation ladder's first level.
//! assert_eq!(recorded[0].event.name(), "escalated");
//! # Ok(())
//! # }
//! ```
//!
//! ## Histories and time ranges
//! A history is replayed only if deciding and storing could have produced it:
//! `replay` ([`Case::replay`] and each aggregate's) refuses one that does not
//! start with the event that creates the aggregate, creates it twice, skips or
//! repeats a version, mixes streams or goes back in time
//! ([`ReplayError`]), and `record` never stamps an event of an aggregate that
//! was never created.
//!
//! A compiled calendar answers for the instants of its range (2000 to 2100 by
//! default). Every instant that enters the library is checked where it enters
//! against each calendar that will be asked about it, and refused with
//! [`CalendarError::OutOfRange`], which names the calendar and the instant:
//!
//! | aggregate | instants | calendars |
//! |---|---|---|
//! | case | `ctx.now()`; the intake's received, occurred and aware times; stored: each event's `at`, the intake's times and the SLA thresholds' `reached_at` | the business calendar, and each calendar an escalation ladder or SLA target of the policy counts on |
//! | non-conformance, service order | `ctx.now()`; the times a command carries (detection, containment, acknowledgement); stored: each event's `at` | the business calendar, and each calendar a stage's or milestone's due date counts on |
//! | CAPA, document, review meeting, audit | `ctx.now()`; the times a command carries (due dates, effective date, meeting time); stored: each event's `at` | the business calendar |
//! | feedback item | `ctx.now()`; when the feedback was received, and the review meetings its review is due by; stored: each event's `at` | the business calendar |
//! | KPIs, trends | each case's receipt, first acknowledgement and first resolution; each feedback item's receipt | the business calendar |
//!
//! `decide` checks a command's instants first, and refuses with the
//! aggregate's `Calendar` error ([`CaseError::Calendar`], ...). The storage
//! port's `execute` checks a stored history before it decides; a caller that
//! replays one itself calls the aggregate's `ensure_covered`
//! ([`Case::ensure_covered`]). The KPI reports refuse with
//! [`kpi::KpiError::OutOfRange`], naming the case. A desk whose cases reach
//! before 2000 compiles its calendars with an earlier
//! [`range`](calendar::CalendarSpec::range).
//!
//! ## Modules
//! - [`id`]: typed ids (uuid newtypes) and human [`Reference`] numbers.
//! - [`actor`]: [`Actor`], [`Role`] and the [`Permissions`] table.
//! - [`authority`]: whether an actor may give a command: permission, then the
//!   competency gates ([`authority::NotCompetent`]).
//! - [`records`]: what every kind of record shares: electronic signatures over
//!   a content hash, retention classes and legal holds.
//! - [`channel`]: the contact [`Channel`].
//! - [`calendar`]: business calendars and exact business-time arithmetic.
//! - [`case`]: the case aggregate: intake, the complaint lifecycle, escalation.
//! - [`priority`]: [`Severity`] rules, the priority matrix and escalation ladders.
//! - [`policy`]: [`PolicySpec`], checked into a [`Policy`], and [`Ctx`].
//! - [`problem`]: [`Problem`], one thing wrong with a policy, and where.
//! - [`envelope`]: [`Recorded`], the envelope of every event, and [`Version`].
//! - [`sla`]: SLA policies and clocks.
//! - [`quality`]: non-conformances and CAPA, with electronic signatures; audits
//!   of complaint handling, scored on the policy's scorecard, and their
//!   deterministic sample.
//! - [`kpi`]: KPIs as mergeable folds over case events.
//! - [`delivery`]: service orders: checklists, inspections, approval stages, sign-off.
//! - [`governance`]: controlled documents (SOPs) with revisions, approval and review.
//! - [`feedback`]: rating scales, survey rules, the feedback log and its retention,
//!   and feedback items: feedback no survey asked for, from customers and staff.
//! - [`communication`]: the standard messages to customers, rendered from the
//!   policy's templates on their channel, in their language and zone.
//! - `store` (feature `serde`): the storage port, `execute` and the audit chain.
//! - [`guide`]: a walk-through for new users: one complaint through the SOP,
//!   your own aggregate, your own store adapter, and the test desk.
//!
//! ## Layers
//! The modules form layers, bottom to top. A module names only modules of the
//! layers below it, never its own layer's nor a higher one's, so that each can
//! be read and tested knowing only what is below it:
//!
//! | layer, bottom to top | modules |
//! |---|---|
//! | ids, channels, policy problems, names, digests | [`id`], [`channel`], [`problem`], `name`, `digest` |
//! | actors, roles, command kinds and the permission table | [`actor`] |
//! | authorisation and competence gates; signatures and retention | [`authority`], [`records`] |
//! | business calendars | [`calendar`] |
//! | the envelope of recorded events, and the audit chain's hash | [`envelope`] |
//! | the range checks of the instants that enter | `range` |
//! | severity, priority and escalation ladders | [`priority`] |
//! | SLA clocks, targeted by priority | [`sla`] |
//! | the policy: every rule as data, checked once, and the context a decision reads | [`policy`] |
//! | the one aggregate contract: decide, apply, replay, deadlines | [`aggregate`] |
//! | the aggregates | [`case`], [`quality`], [`delivery`] |
//! | the feedback log, a fold over case events, and feedback items, an aggregate it lists | [`feedback`] |
//! | KPIs, folds over case events and feedback items; messages to customers about a case | [`kpi`], [`communication`] |
//! | governance: documents, training, and review meetings whose agenda reads KPIs and CAPAs | [`governance`] |
//! | the read side: projections (queues, deadlines, customer history) kept from every aggregate's events | [`read`] |
//! | the storage port; proptest strategies | `store`, `strategy` |
//! | the store conformance suite | `testkit` |
//! | the guide: docs only, which may link to every module | [`guide`] |
//!
//! Nothing in `calendar` knows a case exists; nothing below the aggregates knows
//! one of them. The policy sits below the aggregates: it holds each one's rules
//! as plain data (the case's lifecycle table and statuses, a non-conformance's
//! stage due dates, a service order's checklist, the training requirements)
//! and the [`Ctx`] every `decide` reads, while the behaviour over that data
//! (deciding, deadlines, competence from training records) lives with each
//! aggregate above it. Each aggregate re-exports its rules at its own path,
//! such as [`case::CasePolicy`]. No edge runs against this order.
//!
//! `tests/layers.rs` reads every `crate::` path in `src/`, in code, tests and
//! doc links, and fails on one that points up, so that no change brings a cycle
//! back.
//!
//! ## Features
//! - `serde` (default): serde for ids, events and policies. Their serde form is a
//!   public contract, snapshot-tested.
//! - `proptest`: [`strategy`], proptest strategies and `Arbitrary` impls.
//! - `testkit`: [`testkit`], fixtures for tests.
//! - `schemars`: JSON Schema for the policy types.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod actor;
pub mod aggregate;
pub mod authority;
pub mod calendar;
pub mod case;
pub mod channel;
pub mod communication;
pub mod delivery;
mod digest;
pub mod envelope;
pub mod feedback;
pub mod governance;
pub mod guide;
pub mod id;
pub mod kpi;
mod name;
pub mod policy;
pub mod priority;
pub mod problem;
pub mod quality;
mod range;
pub mod read;
pub mod records;
pub mod sla;
#[cfg(feature = "serde")]
pub mod store;
#[cfg(feature = "proptest")]
pub mod strategy;
#[cfg(feature = "testkit")]
pub mod testkit;

pub use actor::{
    Actor, AuditCommandKind, CapaCommandKind, CaseCommandKind, CommandKind, CommandKindNameError,
    DocumentCommandKind, FeedbackCommandKind, InvalidId, MeetingCommandKind,
    NonConformanceCommandKind, NotPermitted, Permissions, Role, RoleSet, ServiceOrderCommandKind,
    UnitId,
};
pub use aggregate::Aggregate;
pub use calendar::{BusinessCalendar, CalendarError, CalendarSpec};
pub use case::{Case, CaseError};
pub use channel::Channel;
pub use envelope::{Recorded, ReplayError, Version};
pub use id::{
    ActorId, AuditId, CapaId, CaseId, CustomerRef, DocumentId, FeedbackItemId, MeetingId,
    MessageId, NonConformanceId, ParseIdError, Reference, ReferenceError, ServiceOrderId, StreamId,
    TeamId,
};
pub use policy::{Ctx, Policy, PolicyError, PolicySpec};
pub use priority::Severity;
pub use problem::{Problem, Rule};

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
    /// A service order refused a command.
    #[error(transparent)]
    Delivery(#[from] delivery::DeliveryError),
    /// A controlled document refused a command.
    #[error(transparent)]
    Document(#[from] governance::document::DocumentError),
    /// A CAPA refused a command.
    #[error(transparent)]
    Capa(#[from] quality::capa::CapaError),
    /// A review meeting refused a command.
    #[error(transparent)]
    Meeting(#[from] governance::meeting::MeetingError),
    /// A feedback item refused a command.
    #[error(transparent)]
    FeedbackItem(#[from] feedback::item::FeedbackItemError),
    /// An audit of a handled case refused a command.
    #[error(transparent)]
    Audit(#[from] quality::audit::AuditError),
    /// The actor is not competent in what the policy gates a command on.
    #[error(transparent)]
    NotCompetent(#[from] authority::NotCompetent),
    /// A non-conformance refused a command.
    #[error(transparent)]
    NonConformance(#[from] quality::nonconformance::NonConformanceError),
    /// A history could not be replayed.
    #[error(transparent)]
    Replay(#[from] ReplayError),
    /// A KPI figure could not be computed.
    #[error(transparent)]
    Kpi(#[from] kpi::KpiError),
    /// A projection refused an event that does not follow its stream's last.
    #[error(transparent)]
    Fold(#[from] read::FoldError),
    /// A log could not be replayed under another policy.
    #[error(transparent)]
    WhatIf(#[from] read::WhatIfError),
    /// A legal hold could not be placed or released.
    #[error(transparent)]
    Hold(#[from] records::HoldError),
    /// A message to a customer could not be rendered.
    #[error(transparent)]
    Render(#[from] communication::RenderError),
    /// A stored history's audit chain does not verify, or events could not
    /// be linked into it.
    #[cfg(feature = "serde")]
    #[error(transparent)]
    Chain(#[from] store::ChainError),
    /// An event could not be written as a payload, or read back.
    #[cfg(feature = "serde")]
    #[error(transparent)]
    Payload(#[from] store::PayloadError),
    /// A store refused or failed: a conflict, a corrupt or malformed row, or
    /// its backend. The backend's error is the store's own type, so it is
    /// kept here as text, with the rule.
    #[cfg(feature = "serde")]
    #[error("{message}")]
    Store {
        /// The store error's rule: `conflict`, `corrupt`, `malformed` or
        /// `backend`.
        rule: &'static str,
        /// What the store said.
        message: String,
    },
}

#[cfg(feature = "serde")]
use core::convert::Infallible;

#[cfg(feature = "serde")]
impl<E: core::fmt::Display> From<store::StoreError<E>> for Error {
    fn from(error: store::StoreError<E>) -> Self {
        Error::Store {
            rule: error.rule(),
            message: error.to_string(),
        }
    }
}

#[cfg(feature = "serde")]
impl<R: Into<Error>, E: core::fmt::Display> From<store::ExecuteError<R, E>> for Error {
    /// The refusal, replay, store or chain error behind an `execute`, each
    /// as its own variant; a command executed on another stream than the one
    /// it creates is a store error with the rule `other_stream`.
    fn from(error: store::ExecuteError<R, E>) -> Self {
        match error {
            store::ExecuteError::Refused(refused) => refused.into(),
            store::ExecuteError::Replay(replay) => replay.into(),
            store::ExecuteError::Store(store) => store.into(),
            store::ExecuteError::Chain(chain) => chain.into(),
            store::ExecuteError::OtherStream { stream, created } => Error::Store {
                rule: "other_stream",
                message: store::ExecuteError::<Infallible, Infallible>::OtherStream {
                    stream,
                    created,
                }
                .to_string(),
            },
        }
    }
}

impl Rule for Error {
    /// The wrapped refusal's rule; for a value that could not be read or
    /// checked, `invalid_id`, `invalid_reference`, `calendar` or
    /// `invalid_policy`.
    fn rule(&self) -> &'static str {
        match self {
            Error::Id(_) => "invalid_id",
            Error::Reference(_) => "invalid_reference",
            Error::Calendar(_) => "calendar",
            Error::Policy(_) => "invalid_policy",
            Error::NotPermitted(e) => e.rule(),
            Error::NotCompetent(e) => e.rule(),
            Error::Case(e) => e.rule(),
            Error::Delivery(e) => e.rule(),
            Error::Document(e) => e.rule(),
            Error::Capa(e) => e.rule(),
            Error::Meeting(e) => e.rule(),
            Error::FeedbackItem(e) => e.rule(),
            Error::Audit(e) => e.rule(),
            Error::NonConformance(e) => e.rule(),
            Error::Replay(e) => e.rule(),
            Error::Kpi(e) => e.rule(),
            Error::Fold(e) => e.rule(),
            Error::WhatIf(e) => e.rule(),
            Error::Hold(e) => e.rule(),
            Error::Render(e) => e.rule(),
            #[cfg(feature = "serde")]
            Error::Chain(e) => e.rule(),
            #[cfg(feature = "serde")]
            Error::Payload(e) => e.rule(),
            #[cfg(feature = "serde")]
            Error::Store { rule, .. } => rule,
        }
    }
}
