//! [`Event`]: what happened to a non-conformance. The serde form is a public
//! wire contract, snapshot-tested: change it only on purpose.
//!
//! Every event that changes the status carries the status it led to, so that
//! replaying a history never needs the policy that was in force when it was
//! decided. Who and when are the envelope's.

use chrono::{DateTime, Utc};

use super::command::Report;
use super::state::{Containment, Disposition, Status};
use crate::actor::Role;
use crate::id::{CapaId, CaseId, NonConformanceId};
use crate::policy::quality::Stage;
use crate::priority::Severity;
use crate::quality::RootCauseAnalysis;

/// What happened to a non-conformance. `decide` returns them; the envelope
/// ([`Recorded`](crate::Recorded)) adds when, by whom and the version.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Event {
    /// The non-conformance was reported. A complaint source's case is linked by
    /// it.
    Reported {
        /// What was reported (boxed: it is by far the largest event).
        report: Box<Report>,
        /// The status it led to.
        status: Status,
    },
    /// A containment action was recorded.
    ContainmentRecorded {
        /// The action.
        containment: Containment,
    },
    /// The investigation started.
    InvestigationStarted {
        /// The status it led to.
        status: Status,
    },
    /// The root-cause analysis was recorded, replacing any earlier one.
    RootCauseRecorded {
        /// The analysis.
        analysis: RootCauseAnalysis,
    },
    /// The severity changed.
    Reclassified {
        /// The severity before.
        from: Severity,
        /// The severity now.
        to: Severity,
        /// Why.
        reason: String,
    },
    /// The severity reached the policy's management-escalation threshold.
    EscalatedToManagement {
        /// The severity that reached it.
        severity: Severity,
    },
    /// The non-conformance was found to repeat earlier ones.
    RepeatFlagged {
        /// The earlier non-conformances it repeats, not flagged before.
        repeats: Vec<NonConformanceId>,
        /// The policy's window, in days, they were found in.
        window_days: u32,
    },
    /// A case was linked.
    CaseLinked {
        /// The case.
        case: CaseId,
    },
    /// The disposition was recorded.
    Dispositioned {
        /// What is done with the output.
        disposition: Disposition,
        /// Why.
        rationale: String,
        /// The status it led to.
        status: Status,
    },
    /// An accept-as-is disposition was approved; the envelope's actor approved
    /// it.
    DispositionApproved {
        /// The disposition approved.
        disposition: Disposition,
    },
    /// A CAPA was raised for the non-conformance.
    CapaRaised {
        /// The CAPA.
        capa: CapaId,
        /// The status it led to.
        status: Status,
    },
    /// Someone proposed that the non-conformance needs no CAPA.
    NoCapaProposed {
        /// Why.
        reason: String,
    },
    /// The no-CAPA proposal was approved; the envelope's actor approved it.
    NoCapaApproved {
        /// The reason approved.
        reason: String,
    },
    /// The raised CAPA closed.
    CapaClosureRecorded {
        /// The CAPA.
        capa: CapaId,
    },
    /// The CAPA raised was cancelled; the non-conformance is dispositioned
    /// again, and the cancelled CAPA is kept in its history.
    CapaCancelled {
        /// The CAPA.
        capa: CapaId,
        /// Why it was cancelled.
        reason: String,
        /// The status it led to.
        status: Status,
    },
    /// The non-conformance was closed.
    Closed {
        /// Why, or what the outcome was.
        reason: String,
        /// The status it led to.
        status: Status,
    },
    /// A stage came due without being done: the escalation to `notify`.
    /// Recorded by [`Command::RecordDeadline`](super::Command::RecordDeadline)
    /// (or first by a reclassification, which may move the due dates), once
    /// per stage at most; the envelope's `at` is when it was recorded, which a
    /// late scheduler makes later than `due`.
    StageOverdue {
        /// The stage.
        stage: Stage,
        /// When it came due.
        due: DateTime<Utc>,
        /// Who is to be told, from the policy's rule for the stage.
        notify: Role,
    },
}

impl Event {
    /// The status this event led to, for events that change the status.
    #[must_use]
    pub const fn status(&self) -> Option<Status> {
        match self {
            Event::Reported { status, .. }
            | Event::InvestigationStarted { status }
            | Event::Dispositioned { status, .. }
            | Event::CapaRaised { status, .. }
            | Event::CapaCancelled { status, .. }
            | Event::Closed { status, .. } => Some(*status),
            Event::ContainmentRecorded { .. }
            | Event::RootCauseRecorded { .. }
            | Event::Reclassified { .. }
            | Event::EscalatedToManagement { .. }
            | Event::RepeatFlagged { .. }
            | Event::CaseLinked { .. }
            | Event::DispositionApproved { .. }
            | Event::NoCapaProposed { .. }
            | Event::NoCapaApproved { .. }
            | Event::CapaClosureRecorded { .. }
            | Event::StageOverdue { .. } => None,
        }
    }

    /// The event's snake_case name, as in its serde `type` tag.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        match self {
            Event::Reported { .. } => "reported",
            Event::ContainmentRecorded { .. } => "containment_recorded",
            Event::InvestigationStarted { .. } => "investigation_started",
            Event::RootCauseRecorded { .. } => "root_cause_recorded",
            Event::Reclassified { .. } => "reclassified",
            Event::EscalatedToManagement { .. } => "escalated_to_management",
            Event::RepeatFlagged { .. } => "repeat_flagged",
            Event::CaseLinked { .. } => "case_linked",
            Event::Dispositioned { .. } => "dispositioned",
            Event::DispositionApproved { .. } => "disposition_approved",
            Event::CapaRaised { .. } => "capa_raised",
            Event::NoCapaProposed { .. } => "no_capa_proposed",
            Event::NoCapaApproved { .. } => "no_capa_approved",
            Event::CapaClosureRecorded { .. } => "capa_closure_recorded",
            Event::CapaCancelled { .. } => "capa_cancelled",
            Event::Closed { .. } => "closed",
            Event::StageOverdue { .. } => "stage_overdue",
        }
    }
}
