//! [`Command`]: what a user asks of a non-conformance. Each variant carries what
//! the rule needs and nothing about "now" or the actor: those come from the
//! context.

use chrono::{DateTime, Utc};

use super::repeat::RepeatKey;
use super::state::{Containment, Disposition, Source};
use crate::actor::NonConformanceCommandKind;
use crate::id::{CapaId, CaseId, NonConformanceId, Reference};
use crate::priority::Severity;
use crate::quality::RootCauseAnalysis;

/// What is reported. The [`Reported`](super::Event::Reported) event records it
/// as given.
///
/// Build one with [`Report::new`], [`titled`](Report::titled) and
/// [`description`](Report::description); the fields stay public to read and to
/// change, and `decide` checks them all at once.
///
/// # Example
/// ```
/// use casework::quality::nonconformance::{Report, Source};
/// use casework::{NonConformanceId, Reference, Severity};
/// use chrono::{TimeZone, Utc};
/// use uuid::Uuid;
///
/// let report = Report::new(
///     NonConformanceId::from_uuid(Uuid::from_u128(1)),
///     Reference::new("NCR", 2026, 7)?,
///     Source::InternalAudit { finding: "Finding 3 of the line 2 audit".into() },
///     Severity::High,
///     Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap(),
/// )
/// .titled("Calibration overdue on the torque wrench")
/// .description("Found during the internal audit of line 2.");
/// assert_eq!(report.severity, Severity::High);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Report {
    /// The non-conformance's id, chosen by the caller.
    pub id: NonConformanceId,
    /// The human reference number, chosen by the caller.
    pub reference: Reference,
    /// Where it was found.
    pub source: Source,
    /// One line: what does not conform; not blank, at most
    /// [`MAX_TITLE_CHARS`](super::MAX_TITLE_CHARS) characters.
    pub title: String,
    /// The details; not blank.
    pub description: String,
    /// How serious it is.
    pub severity: Severity,
    /// When it was detected; not after now.
    pub detected_at: DateTime<Utc>,
}

impl Report {
    /// A report of a non-conformance found at `source`, of `severity`,
    /// detected at `detected_at`, with its id and reference; its title and
    /// description start blank (`decide` refuses blank ones).
    #[must_use]
    pub const fn new(
        id: NonConformanceId,
        reference: Reference,
        source: Source,
        severity: Severity,
        detected_at: DateTime<Utc>,
    ) -> Self {
        Self {
            id,
            reference,
            source,
            title: String::new(),
            description: String::new(),
            severity,
            detected_at,
        }
    }

    /// This report with its one-line title: what does not conform.
    #[must_use]
    pub fn titled(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// This report with its details.
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }
}

/// What a user asks of a non-conformance.
///
/// The statuses each command is valid in, and the rules it must pass, are listed
/// on [`decide`](super::NonConformance#method.decide).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "command", rename_all = "snake_case"))]
#[non_exhaustive]
#[allow(
    clippy::large_enum_variant,
    reason = "commands are built, decided and dropped; boxing the report would only burden callers"
)]
pub enum Command {
    /// Report a new non-conformance.
    Report {
        /// What is reported.
        report: Report,
    },
    /// Record a containment action. In any status but closed.
    RecordContainment {
        /// The action.
        containment: Containment,
    },
    /// Start the investigation.
    StartInvestigation,
    /// Record the root-cause analysis, or replace the one recorded, during the
    /// investigation.
    RecordRootCause {
        /// The analysis; its category from the policy's list.
        analysis: RootCauseAnalysis,
    },
    /// Change the severity.
    Reclassify {
        /// The new severity; not the current one.
        severity: Severity,
        /// Why; not blank.
        reason: String,
    },
    /// Flag this non-conformance as a repeat of earlier ones. `decide` checks
    /// which of `earlier` it repeats (see [`repeats`](super::repeats)) and records
    /// those.
    FlagRepeat {
        /// The earlier non-conformances to compare with, as the caller's query
        /// found them.
        earlier: Vec<RepeatKey>,
    },
    /// Link a case, such as a complaint about the same problem.
    LinkCase {
        /// The case.
        case: CaseId,
    },
    /// Record what is done with the non-conforming output; ends the
    /// investigation.
    Disposition {
        /// The disposition.
        disposition: Disposition,
        /// Why; not blank.
        rationale: String,
    },
    /// Approve an accept-as-is disposition; the approver is not the reporter.
    ApproveDisposition,
    /// Record that a CAPA was raised for this non-conformance.
    RaiseCapa {
        /// The CAPA.
        capa: CapaId,
    },
    /// Propose that this non-conformance needs no CAPA.
    ProposeNoCapa {
        /// Why; not blank.
        reason: String,
    },
    /// Approve the proposed no-CAPA reason; the approver is not the proposer.
    ApproveNoCapa,
    /// Record that the raised CAPA closed. The caller's process manager sends it
    /// when the CAPA closes.
    RecordCapaClosed {
        /// The CAPA: the one raised.
        capa: CapaId,
    },
    /// Record that the raised CAPA was cancelled: the non-conformance goes back
    /// to dispositioned, to raise another CAPA or decide on none. The caller's
    /// process manager sends it when the CAPA is cancelled.
    RecordCapaCancelled {
        /// The CAPA: the one raised.
        capa: CapaId,
        /// Why it was cancelled, as the CAPA records it; not blank.
        reason: String,
    },
    /// Close the non-conformance.
    Close {
        /// Why, or what the outcome was; not blank.
        reason: String,
    },
    /// Record the stages that came due by now without being done: what the
    /// caller's scheduler sends at or after
    /// [`NonConformance::next_deadline`](crate::Aggregate::next_deadline).
    /// In any status; a closed non-conformance still records what came due
    /// before it closed. Records nothing when nothing is due.
    RecordDeadline,
}

impl Command {
    /// The command's kind: what the permission table names.
    #[must_use]
    pub const fn kind(&self) -> NonConformanceCommandKind {
        match self {
            Command::Report { .. } => NonConformanceCommandKind::ReportNonConformance,
            Command::RecordContainment { .. } => NonConformanceCommandKind::RecordContainment,
            Command::StartInvestigation => NonConformanceCommandKind::InvestigateNonConformance,
            Command::RecordRootCause { .. } => NonConformanceCommandKind::RecordRootCause,
            Command::Reclassify { .. } => NonConformanceCommandKind::ReclassifyNonConformance,
            Command::FlagRepeat { .. } => NonConformanceCommandKind::FlagRepeat,
            Command::LinkCase { .. } => NonConformanceCommandKind::LinkCase,
            Command::Disposition { .. } => NonConformanceCommandKind::DispositionNonConformance,
            Command::ApproveDisposition => NonConformanceCommandKind::ApproveDisposition,
            Command::RaiseCapa { .. } => NonConformanceCommandKind::RaiseCapa,
            Command::ProposeNoCapa { .. } => NonConformanceCommandKind::ProposeNoCapa,
            Command::ApproveNoCapa => NonConformanceCommandKind::ApproveNoCapa,
            Command::RecordCapaClosed { .. } => NonConformanceCommandKind::RecordCapaClosed,
            Command::RecordCapaCancelled { .. } => NonConformanceCommandKind::RecordCapaCancelled,
            Command::Close { .. } => NonConformanceCommandKind::CloseNonConformance,
            Command::RecordDeadline => NonConformanceCommandKind::RecordDeadline,
        }
    }
}
