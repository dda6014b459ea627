//! [`CustomerHistory`]: each customer's cases, their outcomes, the last survey
//! and the open concerns.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};

use super::streams::StreamMap;
use super::{FoldError, Merge, Projection};
use crate::aggregate::admit;
use crate::case::{Case, CaseKind, Event, Status, is_survey};
use crate::envelope::{Recorded, Version};
use crate::id::{CaseId, CustomerRef, Reference, StreamId};

/// What a customer's history holds of one of their cases.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CustomerCase {
    /// The case's stream.
    pub stream: StreamId,
    /// The case.
    pub case: CaseId,
    /// Its reference.
    pub reference: Reference,
    /// Complaint, service request or inquiry.
    pub kind: CaseKind,
    /// Its category now.
    pub category: String,
    /// When the desk received it.
    pub received_at: DateTime<Utc>,
    /// Its status now.
    pub status: Status,
    /// When it was last resolved; `None` until it is, and again once it is
    /// reopened.
    pub resolved_at: Option<DateTime<Utc>>,
    /// How many times it was reopened.
    pub reopens: u32,
    /// The customer's rating at its latest follow-up, if they gave one.
    pub rating: Option<u8>,
    /// When the customer was last surveyed on it: a follow-up that asked for
    /// a rating.
    pub surveyed_at: Option<DateTime<Utc>>,
    /// When the concern the customer raised at follow-up was raised, while it
    /// is open.
    pub open_concern: Option<DateTime<Utc>>,
    /// The version folded in.
    pub version: Version,
    /// When its last event was recorded.
    pub updated_at: DateTime<Utc>,
}

impl CustomerCase {
    /// The case as its `logged` event has it; `None` for any other event.
    fn logged(recorded: &Recorded<Event>) -> Option<(CustomerRef, Self)> {
        let Event::Logged { intake, .. } = &recorded.event else {
            return None;
        };
        Some((
            intake.customer,
            Self {
                stream: recorded.stream,
                case: intake.case,
                reference: intake.reference.clone(),
                kind: intake.kind,
                category: intake.category.clone(),
                received_at: intake.received_at,
                status: Status::Received,
                resolved_at: None,
                reopens: 0,
                rating: None,
                surveyed_at: None,
                open_concern: None,
                version: recorded.version,
                updated_at: recorded.at,
            },
        ))
    }

    /// Folds in an event after the `logged`.
    fn fold(&mut self, recorded: &Recorded<Event>) {
        let at = recorded.at;
        if let Some(status) = recorded.event.status() {
            self.status = status;
        }
        match &recorded.event {
            Event::Resolved { .. } => self.resolved_at = Some(at),
            Event::Reopened { .. } => {
                self.resolved_at = None;
                self.reopens += 1;
            }
            Event::Recategorised { to, .. } => self.category.clone_from(to),
            Event::FollowUpRecorded {
                rating,
                answers,
                concern_resolved,
                ..
            } => {
                self.rating = *rating;
                if is_survey(*rating, answers) {
                    self.surveyed_at = Some(at);
                }
                if !concern_resolved {
                    self.open_concern = self.open_concern.or(Some(at));
                }
            }
            Event::ConcernResolved { .. } => self.open_concern = None,
            _ => {}
        }
        self.version = recorded.version;
        self.updated_at = at;
    }

    /// Whether the case is still open: not closed, withdrawn, rejected or
    /// merged.
    #[must_use]
    pub const fn is_open(&self) -> bool {
        !self.status.is_terminal()
    }
}

/// Each customer's cases, their outcomes, the last survey and the open
/// concerns: what the desk reads before it contacts a customer, and what
/// feeds two rules as plain values:
/// - the anti-fatigue rule: [`last_surveyed_at`](Self::last_surveyed_at) is
///   the `last_surveyed_at` of [`Command::RecordFollowUp`](crate::case::Command::RecordFollowUp);
/// - the repeat-complaint rule: [`earlier_complaints`](Self::earlier_complaints)
///   is the `earlier_complaints` of a new case's
///   [`SeverityFacts`](crate::priority::SeverityFacts).
///
/// # Example
/// ```
/// use casework::case::{Case, CaseKind, Command, Intake};
/// use casework::read::{CustomerHistory, Projection};
/// use casework::{Actor, ActorId, Aggregate, CaseId, Channel, Ctx, CustomerRef, Policy, Reference, Role};
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use uuid::Uuid;
///
/// let policy = Policy::sop_default()?;
/// let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
/// let customer = CustomerRef::from_uuid(Uuid::from_u128(7));
/// let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
/// let mut history = CustomerHistory::new();
/// for n in [1u32, 2] {
///     let received = monday + TimeDelta::days(n.into());
///     let intake = Intake::new(CaseId::from_uuid(Uuid::from_u128(n.into())), Reference::new("CMP", 2026, n.into())?, CaseKind::Complaint, Channel::Email, customer, received)
///         .about("delivery/late", "Parcel late")
///         .description("Still not here.");
///     let events = Case::default().record(&Command::Log { intake, first_contact_resolution: None }, &Ctx::new(received, csr, &policy))?;
///     history.fold_all(&events)?;
/// }
/// assert_eq!(history.cases_of(customer).count(), 2);
/// // What the repeat rule counts for a third complaint.
/// let third = monday + TimeDelta::days(3);
/// assert_eq!(history.earlier_complaints(customer, third), [monday + TimeDelta::days(1), monday + TimeDelta::days(2)]);
/// assert_eq!(history.last_surveyed_at(customer), None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerHistory {
    cases: StreamMap<(CustomerRef, CustomerCase)>,
    by_customer: HashMap<CustomerRef, BTreeSet<(DateTime<Utc>, StreamId)>>,
}

impl CustomerHistory {
    /// No cases.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A customer's cases, in the order the desk received them.
    pub fn cases_of(&self, customer: CustomerRef) -> impl Iterator<Item = &CustomerCase> {
        self.by_customer
            .get(&customer)
            .into_iter()
            .flatten()
            .filter_map(|(_, stream)| self.cases.get(stream).map(|(_, case)| case))
    }

    /// A customer's open cases, in the order the desk received them.
    pub fn open_cases(&self, customer: CustomerRef) -> impl Iterator<Item = &CustomerCase> {
        self.cases_of(customer).filter(|case| case.is_open())
    }

    /// A customer's cases with a concern raised at follow-up still open.
    pub fn open_concerns(&self, customer: CustomerRef) -> impl Iterator<Item = &CustomerCase> {
        self.cases_of(customer)
            .filter(|case| case.open_concern.is_some())
    }

    /// When the customer was last surveyed, on any of their cases.
    #[must_use]
    pub fn last_surveyed_at(&self, customer: CustomerRef) -> Option<DateTime<Utc>> {
        self.cases_of(customer)
            .filter_map(|case| case.surveyed_at)
            .max()
    }

    /// When the customer's complaints received before `before` were received,
    /// earliest first.
    #[must_use]
    pub fn earlier_complaints(
        &self,
        customer: CustomerRef,
        before: DateTime<Utc>,
    ) -> Vec<DateTime<Utc>> {
        self.cases_of(customer)
            .filter(|case| case.kind == CaseKind::Complaint && case.received_at < before)
            .map(|case| case.received_at)
            .collect()
    }

    /// The history's record of one case.
    #[must_use]
    pub fn case(&self, stream: StreamId) -> Option<&CustomerCase> {
        self.cases.get(&stream).map(|(_, case)| case)
    }

    /// How many cases.
    #[must_use]
    pub fn len(&self) -> usize {
        self.cases.len()
    }

    /// Whether no case was folded in.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.cases.is_empty()
    }

    /// Keeps `case` of `customer`, in place of what was kept of its stream.
    fn keep(&mut self, customer: CustomerRef, case: CustomerCase) {
        let key = (case.received_at, case.stream);
        self.by_customer.entry(customer).or_default().insert(key);
        self.cases.insert(case.stream, (customer, case));
    }
}

impl Projection<Event> for CustomerHistory {
    fn fold(&mut self, recorded: &Recorded<Event>) -> Result<(), FoldError> {
        let stream = recorded.stream;
        let refuse = |error| FoldError { stream, error };
        if let Some((_, case)) = self.cases.get_mut(&stream) {
            if recorded.version > case.version {
                admit::<Case>(case.version, stream, Some(case.updated_at), recorded)
                    .map_err(refuse)?;
                case.fold(recorded);
            }
            return Ok(());
        }
        admit::<Case>(Version::ZERO, stream, None, recorded).map_err(refuse)?;
        if let Some((customer, case)) = CustomerCase::logged(recorded) {
            self.keep(customer, case);
        }
        Ok(())
    }
}

impl Merge for CustomerHistory {
    /// Keeps, of each case, the record that has folded the most events.
    fn merge(&mut self, other: Self) {
        for (stream, (customer, theirs)) in other.cases {
            if self
                .case(stream)
                .is_none_or(|ours| ours.version < theirs.version)
            {
                self.keep(customer, theirs);
            }
        }
    }
}
