//! A guide for new users: one complaint followed through the SOP, then your
//! own aggregate, your own store adapter, and the test desk.
//!
//! This module holds no code, only this page. Every example on it is a
//! doctest: it compiles and runs with the crate's tests, so what it shows is
//! what the library does. The examples that store events need the `serde`
//! feature (on by default); the ones that use the test fixtures need
//! `testkit`.
//!
//! 1. [A complaint through the SOP](#1-a-complaint-through-the-sop): the
//!    policy, the intake, the deadlines, the store, the KPIs.
//! 2. [Your own aggregate](#2-your-own-aggregate).
//! 3. [Your own store adapter](#3-your-own-store-adapter).
//! 4. [The test desk](#4-the-test-desk).
//!
//! Two rules run through all of it. The library does no I/O: it reads no
//! clock and generates no id, so the caller passes in `now`, the ids and the
//! acting user, and keeps the events. And every record is an event-sourced
//! aggregate: a command is decided against the state into events, or refused
//! with the rule that refused it, and the state is a fold over the events.
//!
//! # 1. A complaint through the SOP
//! A customer, a key account, posts on social media on Monday morning that
//! their parcel is two weeks late. We follow the complaint from the desk's
//! policy to the month's KPIs.
//!
//! ## The policy
//! Everything a desk configures is one [`PolicySpec`](crate::PolicySpec):
//! who may give which command, the business calendar, the severity rules, the
//! priority matrix and escalation ladders, the SLA targets, the case
//! lifecycle, and the rules of follow-up, quality and governance. Every part
//! defaults to the SOP's, so a policy file holds only what the desk changes.
//! Read it with [`PolicySpec::from_json`](crate::PolicySpec::from_json) (or
//! [`deserialize_with_paths`](crate::PolicySpec::deserialize_with_paths) for
//! TOML and other formats), and check it once with
//! [`compile`](crate::PolicySpec::compile), which returns every problem with
//! its path. The compiled [`Policy`](crate::Policy) cannot be invalid; each
//! decision borrows it through a [`Ctx`](crate::Ctx), with the time and the
//! acting user.
//! ```
//! # #[cfg(not(feature = "serde"))] fn main() {}
//! # #[cfg(feature = "serde")] fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use casework::{Actor, ActorId, Ctx, PolicySpec, Role};
//! use chrono::{TimeZone, Utc};
//! use uuid::Uuid;
//!
//! // A desk in London, open 09:00 to 17:30 on weekdays, closed on Christmas Day.
//! let spec = PolicySpec::from_json(r#"{
//!     "calendar": {
//!         "time_zone": "Europe/London",
//!         "hours": { "mon": [["09:00", "17:30"]], "tue": [["09:00", "17:30"]], "wed": [["09:00", "17:30"]],
//!                    "thu": [["09:00", "17:30"]], "fri": [["09:00", "17:30"]] },
//!         "holidays": [{ "rule": "fixed", "month": 12, "day": 25, "name": "Christmas Day" }]
//!     }
//! }"#)?;
//! let policy = spec.compile()?;
//!
//! // A mistake is refused before any case is decided on it, with its path.
//! let typo = PolicySpec::from_json(r#"{ "calendar": { "time_zone": "Europe/Lodnon" } }"#)?;
//! let refused = typo.compile().unwrap_err();
//! assert_eq!(refused.problems[0].path, "calendar.time_zone");
//!
//! // Who acts is the caller's to authenticate; the library takes the id and roles.
//! let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
//! let monday = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
//! let ctx = Ctx::new(monday, csr, &policy);
//! assert_eq!((ctx.now(), ctx.actor().id), (monday, csr.id));
//! assert!(ctx.policy().calendar().is_open(monday)?);
//! # Ok(())
//! # }
//! ```
//!
//! The roles above are the SOP's. A desk with its own organisation declares
//! its roles (with what each may do on top of the permission table, and how
//! far it reaches), its departments and teams, and the rules that route a new
//! case to one of them, in the same file: see
//! [`PolicySpec::roles`](crate::PolicySpec::roles) and
//! [`policy::Organisation`](crate::policy::Organisation), and
//! `examples/organisation.rs` for a whole desk read from TOML. The caller
//! passes the units an actor belongs to with
//! [`Ctx::with_units`](crate::Ctx::with_units), as it passes the roles.
//!
//! ## The intake
//! A complaint is logged with [`case::Command::Log`](crate::case::Command::Log),
//! carrying an [`Intake`](crate::case::Intake). [`Intake::new`](crate::case::Intake::new)
//! takes what every case has: its id and [`Reference`](crate::Reference)
//! (handed out by the caller's store), its kind, the channel it came in on,
//! the customer and when it was received. Chained setters add the rest: the
//! category and subject, the description, the channel the customer wants to
//! be followed up on, the facts the severity rules read, and the impact and
//! urgency for the priority matrix. What is wrong with an intake is refused
//! by deciding, with every problem at once.
//!
//! The case is stored through the storage port: [`CaseStore::execute`](crate::store::CaseStore::execute)
//! loads the stream, replays it, decides, stamps the events with the context,
//! links them into the audit chain and appends them, retrying on a
//! concurrent write.
//! ```
//! # #[cfg(not(feature = "serde"))] fn main() {}
//! # #[cfg(feature = "serde")] fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use casework::case::{Case, CaseKind, Command, Intake, Status};
//! use casework::priority::{Impact, Priority, SeverityFacts, Urgency};
//! use casework::store::{CaseStore, InMemoryStore};
//! use casework::{Actor, ActorId, Aggregate, CaseId, Channel, Ctx, CustomerRef, Policy, Reference, Role, StreamId, Version};
//! use chrono::{TimeZone, Utc};
//! use uuid::Uuid;
//!
//! # let policy = Policy::sop_default()?;
//! let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
//! let monday = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
//! let case = CaseId::from_uuid(Uuid::from_u128(42)); // from the caller's store
//! let stream = StreamId::from(case);
//! let mut store = InMemoryStore::new();
//!
//! let intake = Intake::new(
//!     case,
//!     Reference::new("CMP", 2026, 42)?,
//!     CaseKind::Complaint,
//!     Channel::SocialMedia,
//!     CustomerRef::from_uuid(Uuid::from_u128(7)),
//!     monday,
//! )
//! .about("delivery/late", "Parcel two weeks late")
//! .description("Ordered on the 2nd, still not here.")
//! .follow_up_by(Channel::Phone)
//! .facts(SeverityFacts { customer_tier: Some("key_account".into()), ..SeverityFacts::default() })
//! .impact(Impact(2))
//! .urgency(Urgency(2));
//!
//! // A subject left blank is refused, with the problem's path; nothing is stored.
//! let blank = Command::Log { intake: intake.clone().about("delivery/late", " "), first_contact_resolution: None };
//! let refused = store.execute::<Case>(stream, &blank, &Ctx::new(monday, csr, &policy)).unwrap_err();
//! assert!(refused.to_string().contains("subject"));
//! assert_eq!(store.version(stream)?, Version::ZERO);
//!
//! let log = Command::Log { intake, first_contact_resolution: None };
//! let recorded = store.execute::<Case>(stream, &log, &Ctx::new(monday, csr, &policy))?;
//! assert_eq!(recorded[0].event.name(), "logged");
//!
//! // Severity and priority are the policy's rules applied to the intake,
//! // with the rules that fired kept for whoever asks why.
//! let complaint = Case::replay(&store.load(stream, Version::ZERO)?)?;
//! assert_eq!(complaint.status(), Some(Status::Received));
//! assert_eq!(complaint.severity_assessment().explain(), "medium: key_account, public_channel");
//! assert_eq!(complaint.priority(), Some(Priority(3)));
//! # Ok(())
//! # }
//! ```
//!
//! ## The deadlines
//! Nothing happens in the library by itself: the caller's scheduler asks each
//! case when it next needs attention ([`Aggregate::next_deadline`](crate::Aggregate::next_deadline)),
//! and at or after that instant records what came due
//! ([`CaseStore::run_due`](crate::store::CaseStore::run_due)): SLA warnings and
//! breaches, escalation levels, a follow-up or concern overdue. Each is judged
//! as of its own due instant, so a scheduler that runs late, after an outage,
//! records exactly what one that ran on time would have; and running it again
//! at the same instant records nothing. The [`aggregate`](crate::aggregate)
//! module states the contract.
//!
//! Nobody acknowledges our complaint on Monday, and the scheduler is down
//! overnight. It runs again at noon on Tuesday:
//! ```
//! # #[cfg(not(feature = "serde"))] fn main() {}
//! # #[cfg(feature = "serde")] fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use casework::case::Case;
//! use casework::sla::ClockState;
//! use casework::store::CaseStore;
//! use casework::{Actor, ActorId, Aggregate, Ctx, Role, Version};
//! use chrono::{TimeZone, Utc};
//! use uuid::Uuid;
//! # use casework::case::{CaseKind, Command, Intake};
//! # use casework::priority::{Impact, SeverityFacts, Urgency};
//! # use casework::store::InMemoryStore;
//! # use casework::{CaseId, Channel, CustomerRef, PolicySpec, Reference, StreamId};
//! # let policy = PolicySpec::from_json(r#"{ "calendar": { "time_zone": "Europe/London",
//! #     "hours": { "mon": [["09:00", "17:30"]], "tue": [["09:00", "17:30"]], "wed": [["09:00", "17:30"]],
//! #                "thu": [["09:00", "17:30"]], "fri": [["09:00", "17:30"]] } } }"#)?.compile()?;
//! # let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
//! # let monday = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
//! # let stream = StreamId::from(CaseId::from_uuid(Uuid::from_u128(42)));
//! # let mut store = InMemoryStore::new();
//! # let intake = Intake::new(CaseId::from_uuid(Uuid::from_u128(42)), Reference::new("CMP", 2026, 42)?, CaseKind::Complaint,
//! #     Channel::SocialMedia, CustomerRef::from_uuid(Uuid::from_u128(7)), monday)
//! #     .about("delivery/late", "Parcel two weeks late").description("Ordered on the 2nd, still not here.")
//! #     .follow_up_by(Channel::Phone)
//! #     .facts(SeverityFacts { customer_tier: Some("key_account".into()), ..SeverityFacts::default() })
//! #     .impact(Impact(2)).urgency(Urgency(2));
//! # store.execute::<Case>(stream, &Command::Log { intake, first_contact_resolution: None }, &Ctx::new(monday, csr, &policy))?;
//! // (The policy, the store and the complaint logged at 10:00 on Monday, as above,
//! // on the London calendar.)
//! let complaint = Case::replay(&store.load(stream, Version::ZERO)?)?;
//! // The first-response clock (24 hours, around the clock) warns at 75 %.
//! let due = complaint.next_deadline(&policy)?;
//! assert_eq!(due, Some(Utc.with_ymd_and_hms(2026, 11, 24, 4, 0, 0).unwrap()));
//!
//! let scheduler = Actor::new(ActorId::from_uuid(Uuid::from_u128(9)), [Role::System]);
//! let tuesday_noon = Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).unwrap();
//! let recorded = store.run_due::<Case>(stream, &Ctx::new(tuesday_noon, scheduler, &policy))?;
//! // Everything due by noon, each as of when it came due: two warnings, the
//! // ladder's first level (8 business hours: Tuesday 09:30), the breach at
//! // 10:00, and the escalation the breach calls for.
//! let came_due: Vec<_> = recorded
//!     .iter()
//!     .map(|r| (r.event.name(), Case::came_due(&r.event).map(|at| at.format("%H:%M").to_string())))
//!     .collect();
//! let at = |hm: &str| Some(hm.to_owned());
//! assert_eq!(came_due, [
//!     ("sla_warning", at("04:00")),
//!     ("sla_warning", at("07:36")),
//!     ("escalated", at("09:30")),
//!     ("sla_breached", at("10:00")),
//!     ("escalated", at("10:00")),
//! ]);
//! // Running it again at noon records nothing; the next deadline is later.
//! assert!(store.run_due::<Case>(stream, &Ctx::new(tuesday_noon, scheduler, &policy))?.is_empty());
//! let complaint = Case::replay(&store.load(stream, Version::ZERO)?)?;
//! assert!(complaint.next_deadline(&policy)?.is_some_and(|next| next > tuesday_noon));
//! assert_eq!(complaint.escalation_level(), 2);
//!
//! // The SLA clocks, as a dashboard would show them.
//! let clocks = complaint.sla_status(&policy, tuesday_noon)?;
//! let first = clocks.iter().find(|c| c.metric == "first_response").unwrap();
//! assert_eq!(first.state, ClockState::Breached);
//! # Ok(())
//! # }
//! ```
//!
//! ## The store
//! The rest of the SOP is more commands through the same port: the CSR
//! acknowledges and investigates, resolves with a root cause, follows the
//! customer up on their preferred channel, and proposes that no CAPA is
//! needed; the manager approves that and closes the case. A command the
//! policy or the SOP does not allow is refused with the rule, and writes
//! nothing. The stored events are the audit trail: hash-chained, so that
//! [`verify_chain`](crate::store::verify_chain) proves nothing was edited or
//! removed, and replayed, they are the case.
//! ```
//! # #[cfg(not(feature = "serde"))] fn main() {}
//! # #[cfg(feature = "serde")] fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use casework::case::{Case, CaseError, Command, Resolution, Status};
//! use casework::store::{verify_chain, CaseStore, ExecuteError};
//! use casework::{Actor, ActorId, Aggregate, Channel, Ctx, Role, Version};
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use uuid::Uuid;
//! # use casework::case::{CaseKind, Intake};
//! # use casework::priority::{Impact, SeverityFacts, Urgency};
//! # use casework::store::InMemoryStore;
//! # use casework::{CaseId, CustomerRef, PolicySpec, Reference, StreamId};
//! # let policy = PolicySpec::from_json(r#"{ "calendar": { "time_zone": "Europe/London",
//! #     "hours": { "mon": [["09:00", "17:30"]], "tue": [["09:00", "17:30"]], "wed": [["09:00", "17:30"]],
//! #                "thu": [["09:00", "17:30"]], "fri": [["09:00", "17:30"]] } } }"#)?.compile()?;
//! # let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
//! # let monday = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
//! # let stream = StreamId::from(CaseId::from_uuid(Uuid::from_u128(42)));
//! # let mut store = InMemoryStore::new();
//! # let intake = Intake::new(CaseId::from_uuid(Uuid::from_u128(42)), Reference::new("CMP", 2026, 42)?, CaseKind::Complaint,
//! #     Channel::SocialMedia, CustomerRef::from_uuid(Uuid::from_u128(7)), monday)
//! #     .about("delivery/late", "Parcel two weeks late").description("Ordered on the 2nd, still not here.")
//! #     .follow_up_by(Channel::Phone)
//! #     .facts(SeverityFacts { customer_tier: Some("key_account".into()), ..SeverityFacts::default() })
//! #     .impact(Impact(2)).urgency(Urgency(2));
//! # store.execute::<Case>(stream, &Command::Log { intake, first_contact_resolution: None }, &Ctx::new(monday, csr, &policy))?;
//! # let scheduler = Actor::new(ActorId::from_uuid(Uuid::from_u128(9)), [Role::System]);
//! # let tuesday_noon = Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).unwrap();
//! # store.run_due::<Case>(stream, &Ctx::new(tuesday_noon, scheduler, &policy))?;
//! // (The complaint as the scheduler left it at noon on Tuesday.)
//! let manager = Actor::new(ActorId::from_uuid(Uuid::from_u128(2)), [Role::CustomerServiceManager]);
//! let at = |actor, t| Ctx::new(t, actor, &policy);
//! let tuesday = tuesday_noon + TimeDelta::minutes(10);
//! let wednesday = tuesday + TimeDelta::hours(20);
//! let thursday = wednesday + TimeDelta::days(1);
//!
//! store.execute::<Case>(stream, &Command::Acknowledge { channel: Channel::SocialMedia }, &at(csr, tuesday))?;
//! store.execute::<Case>(stream, &Command::StartInvestigation, &at(csr, tuesday))?;
//! // A complaint is not resolved without a root cause from the policy's list.
//! let refused = store
//!     .execute::<Case>(stream, &Command::Resolve { resolution: Some(Resolution::text("Reshipped by courier")), root_cause: None }, &at(csr, wednesday))
//!     .unwrap_err();
//! assert!(matches!(refused, ExecuteError::Refused(ref e) if e.rule() == "root_cause_required"));
//! store.execute::<Case>(
//!     stream,
//!     &Command::Resolve { resolution: Some(Resolution::text("Reshipped by courier")), root_cause: Some("supplier".into()) },
//!     &at(csr, wednesday),
//! )?;
//! store.execute::<Case>(stream, &Command::RecordFollowUp {
//!     channel: Channel::Phone,
//!     other_channel_reason: None,
//!     rating: Some(4),
//!     comments: "Arrived, thanks".into(),
//!     concern_resolved: true,
//!     answers: vec![],
//!     last_surveyed_at: None,
//!     survey_override: None,
//! }, &at(csr, thursday))?;
//! store.execute::<Case>(stream, &Command::ProposeNoCapa { reason: "A one-off courier delay".into() }, &at(csr, thursday))?;
//! // The CSR may not close: that is the manager's, by the permission table.
//! let refused = store.execute::<Case>(stream, &Command::Close, &at(csr, thursday)).unwrap_err();
//! assert!(matches!(refused, ExecuteError::Refused(CaseError::Gate(casework::authority::GateError::NotPermitted(_)))));
//! store.execute::<Case>(stream, &Command::ApproveNoCapa, &at(manager, thursday))?;
//! store.execute::<Case>(stream, &Command::Close, &at(manager, thursday))?;
//!
//! let history = store.load(stream, Version::ZERO)?;
//! verify_chain(stream, &store.load_rows(stream, Version::ZERO)?)?;
//! let complaint = Case::replay(&history)?;
//! assert_eq!(complaint.status(), Some(Status::Closed));
//! // Closed, nothing is pending: the scheduler can forget it.
//! assert_eq!(complaint.next_deadline(&policy)?, None);
//! # Ok(())
//! # }
//! ```
//!
//! ## The KPIs
//! Reports are folds over the stored events: [`kpi::Kpis`](crate::kpi::Kpis)
//! keeps one summary per case, and folds of disjoint sets of events (per
//! shard, per month) merge. The figures are computed when asked, exactly:
//! durations on the wall clock and in business time, rates as whole-number
//! ratios, CSAT, SLA compliance per metric, each by any
//! [`Dimension`](crate::kpi::Dimension).
//! ```
//! # #[cfg(not(feature = "serde"))] fn main() {}
//! # #[cfg(feature = "serde")] fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use casework::kpi::{Dimension, Kpis, Ratio};
//! use casework::store::CaseStore;
//! use casework::Version;
//! use chrono::TimeDelta;
//! # use casework::case::{Case, CaseKind, Command, Intake, Resolution};
//! # use casework::priority::{Impact, SeverityFacts, Urgency};
//! # use casework::store::InMemoryStore;
//! # use casework::{Actor, ActorId, CaseId, Channel, Ctx, CustomerRef, PolicySpec, Reference, Role, StreamId};
//! # use chrono::{TimeZone, Utc};
//! # use uuid::Uuid;
//! # let policy = PolicySpec::from_json(r#"{ "calendar": { "time_zone": "Europe/London",
//! #     "hours": { "mon": [["09:00", "17:30"]], "tue": [["09:00", "17:30"]], "wed": [["09:00", "17:30"]],
//! #                "thu": [["09:00", "17:30"]], "fri": [["09:00", "17:30"]] } } }"#)?.compile()?;
//! # let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
//! # let manager = Actor::new(ActorId::from_uuid(Uuid::from_u128(2)), [Role::CustomerServiceManager]);
//! # let scheduler = Actor::new(ActorId::from_uuid(Uuid::from_u128(9)), [Role::System]);
//! # let monday = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
//! # let stream = StreamId::from(CaseId::from_uuid(Uuid::from_u128(42)));
//! # let mut store = InMemoryStore::new();
//! # let intake = Intake::new(CaseId::from_uuid(Uuid::from_u128(42)), Reference::new("CMP", 2026, 42)?, CaseKind::Complaint,
//! #     Channel::SocialMedia, CustomerRef::from_uuid(Uuid::from_u128(7)), monday)
//! #     .about("delivery/late", "Parcel two weeks late").description("Ordered on the 2nd, still not here.")
//! #     .follow_up_by(Channel::Phone)
//! #     .facts(SeverityFacts { customer_tier: Some("key_account".into()), ..SeverityFacts::default() })
//! #     .impact(Impact(2)).urgency(Urgency(2));
//! # let at = |actor, t| Ctx::new(t, actor, &policy);
//! # let tuesday_noon = Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).unwrap();
//! # let tuesday = tuesday_noon + TimeDelta::minutes(10);
//! # let wednesday = tuesday + TimeDelta::hours(20);
//! # let thursday = wednesday + TimeDelta::days(1);
//! # store.execute::<Case>(stream, &Command::Log { intake, first_contact_resolution: None }, &at(csr, monday))?;
//! # store.run_due::<Case>(stream, &at(scheduler, tuesday_noon))?;
//! # store.execute::<Case>(stream, &Command::Acknowledge { channel: Channel::SocialMedia }, &at(csr, tuesday))?;
//! # store.execute::<Case>(stream, &Command::StartInvestigation, &at(csr, tuesday))?;
//! # store.execute::<Case>(stream, &Command::Resolve { resolution: Some(Resolution::text("Reshipped by courier")), root_cause: Some("supplier".into()) }, &at(csr, wednesday))?;
//! # store.execute::<Case>(stream, &Command::RecordFollowUp { channel: Channel::Phone, other_channel_reason: None, rating: Some(4),
//! #     comments: "Arrived, thanks".into(), concern_resolved: true, answers: vec![], last_surveyed_at: None, survey_override: None }, &at(csr, thursday))?;
//! # store.execute::<Case>(stream, &Command::ProposeNoCapa { reason: "A one-off courier delay".into() }, &at(csr, thursday))?;
//! # store.execute::<Case>(stream, &Command::ApproveNoCapa, &at(manager, thursday))?;
//! # store.execute::<Case>(stream, &Command::Close, &at(manager, thursday))?;
//! // (The complaint closed on Thursday, as above.)
//! let history = store.load(stream, Version::ZERO)?;
//! let kpis = Kpis::from_events(&history);
//! let report = kpis.report(&policy)?;
//! assert_eq!(report.cases, 1);
//! // Acknowledged at 12:10 on Tuesday: 26 h 10 min on the wall clock, but
//! // 10 h 40 min of the desk's opening hours (Monday 10:00 to 17:30, then
//! // Tuesday from 09:00).
//! assert_eq!(report.time_to_acknowledge.median, Some(TimeDelta::minutes(26 * 60 + 10)));
//! assert_eq!(report.business_time_to_acknowledge.median, Some(TimeDelta::minutes(10 * 60 + 40)));
//! assert_eq!(report.escalated, Ratio { part: 1, whole: 1 });
//! assert_eq!(report.csat.average, Ratio { part: 4, whole: 1 });
//! // The first response was late; the resolution was in time.
//! assert_eq!(report.sla["first_response"].breached, 1);
//! assert_eq!(report.sla["resolution"].met, Ratio { part: 1, whole: 1 });
//!
//! let by_channel = kpis.report_by(Dimension::Channel, &policy)?;
//! assert_eq!(by_channel["social_media"].cases, 1);
//! # Ok(())
//! # }
//! ```
//!
//! The other records of the SOPs work the same way, each an aggregate in its
//! module: a non-conformance and its CAPA ([`quality`](crate::quality)), a
//! service order with its checklist, inspections and sign-off
//! ([`delivery`](crate::delivery)), the SOP documents themselves and the
//! review meetings ([`governance`](crate::governance)). The follow-up log is
//! a fold like the KPIs ([`feedback::feedback_log`](crate::feedback::feedback_log)).
//!
//! # 2. Your own aggregate
//! A record type of your own (a loan of equipment, a warranty claim, a
//! callback request) runs on the same storage port, scheduler and test
//! harness once it implements [`Aggregate`](crate::Aggregate):
//! - `decide(&self, &Command, &Ctx) -> Result<Vec<Event>, Error>`, the only
//!   place a rule lives: read the time, the actor and the policy from the
//!   [`Ctx`](crate::Ctx), and refuse with the rule that refuses;
//! - `apply(&mut self, &Recorded<Event>)`, which folds one event and never
//!   fails;
//! - the version and stream getters, which event creates the aggregate and
//!   the events' names, so that [`replay`](crate::Aggregate::replay) can refuse
//!   histories that deciding and storing could not have produced;
//! - optionally, the deadline trio ([`next_deadline`](crate::Aggregate::next_deadline),
//!   [`deadline_command`](crate::Aggregate::deadline_command),
//!   [`came_due`](crate::Aggregate::came_due)), keeping the contract of the
//!   [`aggregate`](crate::aggregate) module.
//!
//! The [`Aggregate`](crate::Aggregate) trait's example is a complete one with
//! a deadline. Here is the smallest, a customer's callback request, stored
//! through the port (its events need `serde::Serialize` there, for the audit
//! chain):
//! ```
//! # #[cfg(not(feature = "serde"))] fn main() {}
//! # #[cfg(feature = "serde")] fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use casework::store::{verify_chain, CaseStore, ExecuteError, InMemoryStore};
//! use casework::{Actor, ActorId, Aggregate, CaseCommandKind, Ctx, NotPermitted, Policy, Recorded, Role, StreamId, Version};
//! use chrono::{TimeZone, Utc};
//! use uuid::Uuid;
//!
//! #[derive(Debug, Default)]
//! struct Callback { id: Option<StreamId>, version: Version, done: bool }
//!
//! enum Command { Request { callback: StreamId, phone: String }, Done }
//!
//! #[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
//! enum Event { Requested { callback: StreamId, phone: String }, Done }
//!
//! // Stored as its serde JSON, encoding 1; `decode` is where a later release
//! // would read older encodings ("upcasting").
//! impl casework::store::Payload for Event {}
//!
//! #[derive(Debug, PartialEq, thiserror::Error)]
//! enum CallbackError {
//!     #[error("no callback is requested")]
//!     NotRequested,
//!     #[error("the callback is already requested")]
//!     AlreadyRequested,
//!     #[error("the callback is already done")]
//!     AlreadyDone,
//!     #[error("a phone number is needed")]
//!     NoPhone,
//!     #[error(transparent)]
//!     NotPermitted(#[from] NotPermitted),
//! }
//!
//! impl Aggregate for Callback {
//!     type Command = Command;
//!     type Event = Event;
//!     type Error = CallbackError;
//!     const CREATION: &'static str = "requested";
//!
//!     fn decide(&self, command: &Command, ctx: &Ctx<'_>) -> Result<Vec<Event>, CallbackError> {
//!         match (command, self.id) {
//!             (Command::Request { .. }, Some(_)) => Err(CallbackError::AlreadyRequested),
//!             (Command::Request { phone, .. }, None) if phone.trim().is_empty() => Err(CallbackError::NoPhone),
//!             (Command::Request { callback, phone }, None) => {
//!                 Ok(vec![Event::Requested { callback: *callback, phone: phone.clone() }])
//!             }
//!             (Command::Done, None) => Err(CallbackError::NotRequested),
//!             (Command::Done, Some(_)) if self.done => Err(CallbackError::AlreadyDone),
//!             (Command::Done, Some(_)) => {
//!                 // The policy's permission table, read through the context:
//!                 // whoever may acknowledge a case may record a callback done.
//!                 ctx.policy().permissions().check(ctx.actor(), CaseCommandKind::Acknowledge)?;
//!                 Ok(vec![Event::Done])
//!             }
//!         }
//!     }
//!
//!     fn apply(&mut self, recorded: &Recorded<Event>) {
//!         self.version = recorded.version;
//!         match &recorded.event {
//!             Event::Requested { callback, .. } => self.id = Some(*callback),
//!             Event::Done => self.done = true,
//!         }
//!     }
//!
//!     fn version(&self) -> Version { self.version }
//!     fn stream(&self) -> Option<StreamId> { self.id }
//!     fn creates(event: &Event) -> Option<StreamId> {
//!         match event { Event::Requested { callback, .. } => Some(*callback), Event::Done => None }
//!     }
//!     fn event_name(event: &Event) -> &'static str {
//!         match event { Event::Requested { .. } => "requested", Event::Done => "done" }
//!     }
//!     fn not_created(_: &Command) -> CallbackError { CallbackError::NotRequested }
//! }
//!
//! let policy = Policy::sop_default()?;
//! let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
//! let auditor = Actor::new(ActorId::from_uuid(Uuid::from_u128(5)), [Role::Auditor]);
//! let ctx = |actor| Ctx::new(Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap(), actor, &policy);
//! let stream = StreamId::from_uuid(Uuid::from_u128(77));
//! let mut store = InMemoryStore::new();
//!
//! let request = Command::Request { callback: stream, phone: "+44 20 7946 0000".into() };
//! store.execute::<Callback>(stream, &request, &ctx(csr))?;
//! let refused = store.execute::<Callback>(stream, &Command::Done, &ctx(auditor)).unwrap_err();
//! assert!(matches!(refused, ExecuteError::Refused(CallbackError::NotPermitted(_))));
//! store.execute::<Callback>(stream, &Command::Done, &ctx(csr))?;
//!
//! let history = store.load(stream, Version::ZERO)?;
//! verify_chain(stream, &store.load_rows(stream, Version::ZERO)?)?;
//! assert!(Callback::replay(&history)?.done);
//! # Ok(())
//! # }
//! ```
//!
//! # 3. Your own store adapter
//! Events live in your database, behind the port [`store::CaseStore`](crate::store::CaseStore)
//! (or [`store::AsyncCaseStore`](crate::store::AsyncCaseStore)). It has two
//! methods to write: `append`, all or nothing, only when the stream is at the
//! version the writer expects; and `load`, the events after a version, exactly
//! as appended. You pick the error type. Two helpers do the fiddly parts:
//! [`check_append`](crate::store::check_append) makes the checks every append
//! owes (call it inside your transaction, after reading the stream's version),
//! and [`StoredRow`](crate::store::StoredRow) turns an event into plain columns
//! and back, keeping the nanoseconds and the exact JSON that the audit chain
//! hashes. The workspace's `casework-sqlite` and `casework-postgres` crates are
//! two complete adapters.
//!
//! Prove yours with the conformance suite of the `testkit` feature,
//! [`testkit::store_conformance`](crate::testkit::store_conformance) (or
//! [`store_conformance_with`](crate::testkit::store_conformance_with) for
//! events of your own aggregate), from your store's tests. It checks round
//! trips, every expected version, atomic appends, many streams, concurrent
//! writers racing on one stream, the audit chain, and (for case events) that
//! an erasure removes the personal parts it names. Here, a table with a
//! unique key on (stream, version), as a database would have, whose own error
//! is a lock poisoned by a panicking writer:
//! ```
//! # #[cfg(not(all(feature = "serde", feature = "testkit")))] fn main() {}
//! # #[cfg(all(feature = "serde", feature = "testkit"))] fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::collections::BTreeMap;
//! use std::sync::{Arc, Mutex};
//!
//! use casework::store::{check_append, CaseStore, ExpectedVersion, Payload, StoreError, StoredRow};
//! use casework::testkit::store_conformance;
//! use casework::{StreamId, Version};
//!
//! /// The events table: one row per event, keyed by (stream, version).
//! #[derive(Debug, Clone, Default)]
//! struct EventsTable(Arc<Mutex<BTreeMap<(StreamId, i64), StoredRow>>>);
//!
//! /// The table's own failure.
//! #[derive(Debug)]
//! struct Poisoned;
//!
//! impl<Ev: Payload> CaseStore<Ev> for EventsTable {
//!     type Error = Poisoned;
//!
//!     fn append_rows(&mut self, stream: StreamId, expected: ExpectedVersion, new: &[StoredRow]) -> Result<Version, StoreError<Poisoned>> {
//!         // BEGIN: the lock is the transaction.
//!         let mut rows = self.0.lock().map_err(|_| StoreError::Backend(Poisoned))?;
//!         let last = rows.range((stream, 1)..=(stream, i64::MAX)).next_back().map_or(0, |(_, row)| row.version);
//!         let actual = Version::new(last.unsigned_abs());
//!         // Every check before any write: all or nothing.
//!         check_append(stream, expected, actual, new)?;
//!         for row in new {
//!             rows.insert((stream, row.version), row.clone());
//!         }
//!         // An erasure removes the personal parts it names, in the same transaction.
//!         for row in new {
//!             for erased in &row.erases {
//!                 if let Some(target) = rows.get_mut(&(stream, *erased)) {
//!                     target.erase(row.version);
//!                 }
//!             }
//!         }
//!         Ok(new.last().map_or(actual, |r| Version::new(r.version.unsigned_abs())))
//!     }
//!
//!     fn load_rows(&mut self, stream: StreamId, after: Version) -> Result<Vec<StoredRow>, StoreError<Poisoned>> {
//!         let rows = self.0.lock().map_err(|_| StoreError::Backend(Poisoned))?;
//!         let from = i64::try_from(after.get()).unwrap_or(i64::MAX).saturating_add(1);
//!         Ok(rows.range((stream, from)..=(stream, i64::MAX)).map(|(_, row)| row.clone()).collect())
//!     }
//! }
//!
//! // Every handle `make` returns must reach the same storage: the suite races them.
//! let table = EventsTable::default();
//! store_conformance(|| table.clone(), 1)?;
//! # Ok(())
//! # }
//! ```
//!
//! # 4. The test desk
//! For tests of code built on the library, [`testkit::Desk`](crate::testkit::Desk)
//! (feature `testkit`) is a service desk in a box: the SOP default policy, an
//! in-memory store, a simulated clock that runs the scheduler at every
//! instant something comes due as it moves, and the SOPs' people, one per
//! role ([`Desk::csr`](crate::testkit::Desk::csr),
//! [`Desk::manager`](crate::testkit::Desk::manager),
//! [`Desk::qa`](crate::testkit::Desk::qa), ...). Each step of a
//! [`CaseWalk`](crate::testkit::CaseWalk) is a command by the person the SOP
//! names, through the real `decide` and store; a refused step records nothing,
//! so a test can assert the refusal and carry on.
//! ```
//! # #[cfg(not(all(feature = "serde", feature = "testkit")))] fn main() {}
//! # #[cfg(all(feature = "serde", feature = "testkit"))] fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use casework::case::{CaseError, Command, Status};
//! use casework::kpi::Kpis;
//! use casework::priority::SeverityFacts;
//! use casework::store::ExecuteError;
//! use casework::testkit::Desk;
//! use casework::{Actor, Role, Severity};
//! use chrono::TimeDelta;
//!
//! let mut desk = Desk::sop_default()?;
//! // Twelve customers affected: a high severity, which the SOP has QA review.
//! let complaint = desk.complaint()?.facts(SeverityFacts { customers_affected: 12, ..SeverityFacts::default() });
//! let mut case = desk.log(complaint)?;
//! assert_eq!(case.state()?.severity(), Severity::High);
//!
//! case.acknowledge()?.investigate()?.resolve("Reshipped by courier", "supplier")?;
//! // Four eyes: the resolver may not review their own resolution, even
//! // holding the QA role.
//! let csr_as_qa = Actor::new(Desk::csr().id, [Role::QaSpecialist]);
//! let review = Command::ReviewResolution { approved: true, comments: "Fine".into() };
//! let refused = case.by(csr_as_qa, review).unwrap_err();
//! assert!(matches!(refused, ExecuteError::Refused(CaseError::ReviewerIsResolver { .. })));
//! case.review(true, "Courier confirmed delivery")?
//!     .after(TimeDelta::days(1))?
//!     .follow_up(5, "Arrived, thanks")?
//!     .no_capa("A one-off courier delay")?
//!     .close()?;
//! assert_eq!(case.state()?.status(), Some(Status::Closed));
//!
//! let report = Kpis::from_events(&case.history()?).report(desk.policy())?;
//! assert_eq!(report.csat.responses, 1);
//! # Ok(())
//! # }
//! ```
