//! KPIs as folds over recorded case events: incremental, and mergeable, so that
//! a caller can fold per shard or per month and combine the results.
//!
//! [`Kpis`] keeps one [`CaseSummary`] per case stream. Folding an event updates
//! its case's summary; [`Kpis::merge`] combines two folds of disjoint sets of
//! events, in any order and grouping, into the fold of them all. The figures
//! are computed when asked, by [`Kpis::report`] and [`Kpis::report_by`]:
//! - time to acknowledge and to resolve, from receipt, on the wall clock and in
//!   business time on the policy's calendar: count, mean, median and p90,
//!   exact (every case's duration is kept, in its summary, and sorted when a
//!   report is made: no sketch, no approximation);
//! - first-contact resolution, reopen and escalation rates;
//! - CSAT: the distribution of ratings, their average, and the response rate;
//! - SLA compliance per metric of the policy;
//! - the backlog at an instant ([`Kpis::backlog_at`]);
//! - each by category, channel, priority, team, agent or month
//!   ([`Dimension`]): per agent, the cases they handled (resolved, or
//!   assigned to them while unresolved), their resolution rate and the
//!   reopens of their resolutions ([`KpiReport::reopens_caused`]);
//! - the policy's KPI targets ([`KpiPolicy`]), each judged met, at risk,
//!   missed or without data ([`Kpis::evaluate_targets`],
//!   [`KpiReport::against`]), overall or by any dimension;
//! - each KPI of a month's cases against the month before's
//!   ([`Kpis::monthly_kpis`]);
//! - the month's trends: categories whose complaint volume or CSAT moved beyond
//!   a [`TrendRule`]'s thresholds against the months before
//!   ([`Kpis::monthly_trends`]);
//! - the month's feedback items, by where they came from (customers unasked,
//!   staff) and kind, against the month before ([`Kpis::monthly_feedback`]):
//!   fold their events in with [`Kpis::fold_feedback`].
//!
//! Rates are [`Ratio`]s of whole numbers, so reports compare exactly.
//!
//! For the audits of complaint handling, this module reads a case's state
//! into the plain values the quality module's audits take: the case audited
//! (`AuditedCase::of`) and a resolved case as a candidate for the month's
//! sample (`Candidate::resolved`).
//!
//! This module reads case events, feedback items' events and the policy; it
//! knows nothing of storage.
//!
//! # Example
//! ```
//! use casework::case::{Case, CaseKind, Command, Intake};
//! use casework::kpi::{Dimension, Kpis};
//! use casework::priority::{Impact, SeverityFacts, Urgency};
//! use casework::{Actor, ActorId, Aggregate, CaseId, Channel, Ctx, CustomerRef, Policy, Reference, Role, Severity};
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use uuid::Uuid;
//!
//! let policy = Policy::sop_default()?;
//! let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
//! let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
//! let mut case = Case::default();
//! let mut history = case.record(&Command::Log {
//!     intake: Intake::new(
//!         CaseId::from_uuid(Uuid::from_u128(42)),
//!         Reference::new("CMP", 2026, 42)?,
//!         CaseKind::Complaint,
//!         Channel::Email,
//!         CustomerRef::from_uuid(Uuid::from_u128(7)),
//!         monday,
//!     )
//!     .about("delivery/late", "Parcel late")
//!     .description("Still not here.")
//!     .follow_up_by(Channel::Phone)
//!     .assessed(Severity::Medium)
//!     .impact(Impact(2))
//!     .urgency(Urgency(2)),
//!     first_contact_resolution: None,
//! }, &Ctx::new(monday, csr, &policy))?;
//! history.extend(case.record(
//!     &Command::Acknowledge { channel: Channel::Email },
//!     &Ctx::new(monday + TimeDelta::minutes(40), csr, &policy),
//! )?);
//!
//! let kpis = Kpis::from_events(&history);
//! let report = kpis.report(&policy)?;
//! assert_eq!(report.cases, 1);
//! assert_eq!(report.time_to_acknowledge.median, Some(TimeDelta::minutes(40)));
//! let by_month = kpis.report_by(Dimension::Month, &policy)?;
//! assert_eq!(by_month["2026-11"].cases, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod audit;
mod monthly;
mod report;
mod review;
mod summary;
mod target;
mod trend;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Offset, TimeZone, Utc};

use crate::calendar::{Asked, BusinessCalendar, CalendarError};
use crate::case::Event;
use crate::envelope::Recorded;
use crate::feedback::item;
use crate::id::StreamId;

pub use crate::policy::kpi::{Clock, Goal, KpiPolicy, KpiTarget, Measure, Unit};
pub use monthly::{Indicator, KpiChange, Movement, Reading};
pub use report::{Csat, Dimension, DurationStats, KpiReport, Milestone, Ratio, SlaCompliance};
pub use review::{AuditSummary, CategoryVolume, OpenCapa, QualityReview};
pub use summary::{CaseSummary, FeedbackFacts, IntakeFacts};
pub use target::{Attainment, TargetStatus};
pub use trend::{FeedbackVolume, Trend, TrendKind, TrendRule};

/// Why a KPI figure could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KpiError {
    /// An instant of a case that the figure reads lies outside the range of the
    /// policy's business calendar, so that neither its business time nor its
    /// local month can be answered. The error names the case (its stream), and
    /// the calendar error names the calendar and the instant. Compile the
    /// calendar with a range that covers it, or take the case out of the fold
    /// ([`Kpis::remove`]) to report on the others.
    #[error("case {case}: {error}")]
    OutOfRange {
        /// The case's stream.
        case: StreamId,
        /// The calendar's refusal, naming the calendar and the instant.
        error: CalendarError,
    },
    /// A feedback item's receipt lies outside the range of the policy's
    /// business calendar, so that its local month cannot be answered. Take
    /// the item out of the fold ([`Kpis::remove_feedback`]) to report on the
    /// others.
    #[error("feedback item {item}: {error}")]
    FeedbackOutOfRange {
        /// The item's stream.
        item: StreamId,
        /// The calendar's refusal, naming the calendar and the instant.
        error: CalendarError,
    },
}

impl KpiError {
    /// A stable snake_case name of the rule that refused.
    #[must_use]
    pub const fn rule(&self) -> &'static str {
        match self {
            KpiError::OutOfRange { .. } | KpiError::FeedbackOutOfRange { .. } => "out_of_range",
        }
    }
}

crate::problem::rule_by_inherent!(KpiError);

/// The local date of `t` in the calendar's zone: refused outside the calendar's
/// range, and computed with checked arithmetic, so that no instant panics.
fn local_date(
    calendar: &BusinessCalendar,
    case: StreamId,
    t: DateTime<Utc>,
) -> Result<NaiveDate, KpiError> {
    let refuse = |error| KpiError::OutOfRange { case, error };
    calendar.ensure_covers(t).map_err(refuse)?;
    let offset = calendar
        .time_zone()
        .offset_from_utc_datetime(&t.naive_utc())
        .fix();
    t.naive_utc()
        .checked_add_offset(offset)
        .map(|local| local.date())
        .ok_or_else(|| {
            let coverage = calendar.coverage();
            refuse(CalendarError::OutOfRange {
                calendar: calendar.name().to_owned(),
                asked: Asked::Instant(t),
                from: *coverage.start(),
                until: *coverage.end(),
            })
        })
}

/// The KPI fold: one [`CaseSummary`] per case stream, and the
/// [`FeedbackFacts`] of each feedback item folded in.
///
/// # Example
/// Two shards folded apart and merged equal one fold over both:
/// ```
/// use casework::kpi::Kpis;
///
/// let (mut a, b) = (Kpis::new(), Kpis::new());
/// a.merge(&b);
/// assert_eq!(a, Kpis::from_events(&[]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Kpis {
    cases: BTreeMap<StreamId, CaseSummary>,
    feedback: BTreeMap<StreamId, FeedbackFacts>,
}

impl Kpis {
    /// An empty fold.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The fold of `events`, in any order.
    #[must_use]
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a Recorded<Event>>) -> Self {
        let mut kpis = Self::new();
        kpis.fold_all(events);
        kpis
    }

    /// Folds one event in.
    pub fn fold(&mut self, recorded: &Recorded<Event>) {
        self.cases
            .entry(recorded.stream)
            .or_default()
            .fold(recorded);
    }

    /// Folds events in, in any order.
    pub fn fold_all<'a>(&mut self, events: impl IntoIterator<Item = &'a Recorded<Event>>) {
        let mut events = events.into_iter().peekable();
        while let Some(first) = events.next() {
            // Events of one case usually come together: one lookup per run.
            let summary = self.cases.entry(first.stream).or_default();
            summary.fold(first);
            while let Some(next) = events.next_if(|e| e.stream == first.stream) {
                summary.fold(next);
            }
        }
    }

    /// Merges the fold of other events in: the result is the fold of both sets
    /// of events. Associative and commutative, for disjoint sets of events.
    pub fn merge(&mut self, other: &Kpis) {
        for (stream, summary) in &other.cases {
            self.cases.entry(*stream).or_default().merge(summary);
        }
        for (stream, facts) in &other.feedback {
            self.feedback
                .entry(*stream)
                .or_insert_with(|| facts.clone());
        }
    }

    /// Folds one event of a feedback item in: its logging gives the facts
    /// the monthly figures count; its other events change none of them.
    pub fn fold_feedback(&mut self, recorded: &Recorded<item::Event>) {
        if let Some(facts) = FeedbackFacts::of(&recorded.event) {
            self.feedback.insert(recorded.stream, facts);
        }
    }

    /// Folds feedback items' events in, in any order.
    pub fn fold_all_feedback<'a>(
        &mut self,
        events: impl IntoIterator<Item = &'a Recorded<item::Event>>,
    ) {
        for recorded in events {
            self.fold_feedback(recorded);
        }
    }

    /// The feedback items folded, by stream.
    pub fn feedback_items(&self) -> impl Iterator<Item = (StreamId, &FeedbackFacts)> {
        self.feedback.iter().map(|(stream, facts)| (*stream, facts))
    }

    /// Takes one feedback item out of the fold, returning its facts: to
    /// report on the others when its receipt is out of the calendar's range
    /// ([`KpiError::FeedbackOutOfRange`]).
    pub fn remove_feedback(&mut self, item: StreamId) -> Option<FeedbackFacts> {
        self.feedback.remove(&item)
    }

    /// Takes one case out of the fold, returning its summary: to report on the
    /// others when its instants are out of the calendar's range
    /// ([`KpiError::OutOfRange`]).
    pub fn remove(&mut self, case: StreamId) -> Option<CaseSummary> {
        self.cases.remove(&case)
    }

    /// The cases folded, by stream.
    pub fn cases(&self) -> impl Iterator<Item = (StreamId, &CaseSummary)> {
        self.cases
            .iter()
            .map(|(stream, summary)| (*stream, summary))
    }

    /// How many cases were open at `at`: received by then and not closed,
    /// withdrawn, rejected or merged at `at` (a reopened case is open again).
    #[must_use]
    pub fn backlog_at(&self, at: DateTime<Utc>) -> u64 {
        self.cases.values().filter(|c| c.open_at(at)).count() as u64
    }
}
