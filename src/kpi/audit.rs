//! The audits' read of cases: the case an audit is of, and a resolved case
//! as a candidate for the month's audit sample, read from a case's state, so
//! that callers need not copy ids, references and resolvers by hand. The
//! quality module keeps the audits and draws the sample from plain values;
//! this module, above both, reads those values from a case.

use chrono::{DateTime, Utc};

use super::{KpiError, local_date};
use crate::calendar::BusinessCalendar;
use crate::case::Case;
use crate::id::StreamId;
use crate::quality::audit::{AuditedCase, Candidate};

impl AuditedCase {
    /// The case an audit of `case` is of: its id, reference and current
    /// resolver. `None` for a case not logged.
    ///
    /// # Example
    /// ```
    /// use casework::quality::audit::AuditedCase;
    /// use casework::Case;
    ///
    /// assert_eq!(AuditedCase::of(&Case::default()), None);
    /// ```
    #[must_use]
    pub fn of(case: &Case) -> Option<Self> {
        Some(Self::new(
            case.id()?,
            case.reference()?.clone(),
            case.resolved_by(),
        ))
    }
}

impl Candidate {
    /// A resolved case as a candidate for the audit sample: attributed to
    /// whoever recorded its current resolution, in the month it was resolved
    /// in `calendar`'s zone (such as `2026-11`), as the KPIs' months are.
    /// `None` for a case not resolved (or reopened and not resolved again).
    ///
    /// # Errors
    /// [`KpiError::OutOfRange`] when the resolution's instant lies outside
    /// the calendar's range.
    pub fn resolved(case: &Case, calendar: &BusinessCalendar) -> Result<Option<Self>, KpiError> {
        let (Some(id), Some(resolution)) = (case.id(), case.resolution()) else {
            return Ok(None);
        };
        let at: DateTime<Utc> = resolution.at;
        let month = local_date(calendar, StreamId::from(id), at)?.format("%Y-%m");
        Ok(Some(Self::new(id, resolution.by, month.to_string())))
    }
}
