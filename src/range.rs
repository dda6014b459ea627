//! The range policy: every instant that enters the library is checked, where it
//! enters, against the range of each calendar that will be asked about it, and
//! refused with [`CalendarError::OutOfRange`] (naming the calendar and the
//! instant) when one does not cover it.
//!
//! An instant enters through a command (`ctx.now()` and the domain times the
//! command carries, checked by each aggregate's `decide`), through a stored
//! history (checked by the storage port's `execute` before it decides, and by
//! each aggregate's `ensure_covered`), and through the KPI folds (checked when a
//! report is asked for). Which calendars cover which aggregate is listed in the
//! crate's overview, under "Histories and time ranges".
//!
//! This module knows calendars and the envelope of a recorded event. It knows
//! no aggregate, nor the policy: it reads the policy's business calendar
//! through [`HasBusinessCalendar`].

use chrono::{DateTime, Utc};

use crate::calendar::{BusinessCalendar, CalendarError};
use crate::envelope::Recorded;

/// What this module reads of the policy: its business calendar. The compiled
/// policy answers it.
pub(crate) trait HasBusinessCalendar {
    /// The business calendar.
    fn business_calendar(&self) -> &BusinessCalendar;
}

/// Checks each instant against each calendar.
///
/// # Errors
/// [`CalendarError::OutOfRange`] for the first instant a calendar does not cover.
pub(crate) fn ensure_covered(
    calendars: &[&BusinessCalendar],
    instants: impl IntoIterator<Item = DateTime<Utc>>,
) -> Result<(), CalendarError> {
    for t in instants {
        for calendar in calendars {
            calendar.ensure_covers(t)?;
        }
    }
    Ok(())
}

/// The policy's business calendar alone: what covers the instants of the
/// CAPA, the document and the review meeting.
pub(crate) fn business<P: HasBusinessCalendar + ?Sized>(policy: &P) -> Vec<&BusinessCalendar> {
    vec![policy.business_calendar()]
}

/// The policy's business calendar and each of `named`, once each: what covers
/// the instants of an aggregate that is also timed on calendars its policy
/// names (the case's ladders and SLA targets, the stages' and milestones' due
/// dates).
pub(crate) fn business_and<'p, P: HasBusinessCalendar + ?Sized>(
    policy: &'p P,
    named: impl IntoIterator<Item = &'p BusinessCalendar>,
) -> Vec<&'p BusinessCalendar> {
    let mut calendars = business(policy);
    for calendar in named {
        if !calendars.iter().any(|c| core::ptr::eq(*c, calendar)) {
            calendars.push(calendar);
        }
    }
    calendars
}

/// The instant an event was recorded at, alone: what a stored event of an
/// aggregate whose events carry no instant a calendar is asked about brings in.
pub(crate) fn recorded_at<E>(recorded: &Recorded<E>) -> core::iter::Once<DateTime<Utc>> {
    core::iter::once(recorded.at)
}

/// Checks the instants each recorded event of `history` brings in against each
/// calendar: an aggregate's `ensure_covered`.
///
/// # Errors
/// [`CalendarError::OutOfRange`] for the first instant a calendar does not cover.
pub(crate) fn ensure_history_covered<'h, E: 'h, I: IntoIterator<Item = DateTime<Utc>>>(
    calendars: &[&BusinessCalendar],
    history: impl IntoIterator<Item = &'h crate::envelope::Recorded<E>>,
    instants: impl Fn(&'h crate::envelope::Recorded<E>) -> I,
) -> Result<(), CalendarError> {
    for recorded in history {
        ensure_covered(calendars, instants(recorded))?;
    }
    Ok(())
}
