//! [`NonConformance`]: the state of one non-conformance report, as plain data
//! with getters, and the small value types it is made of. No rule lives here:
//! rules live in `decide`.

use chrono::{DateTime, Utc};

use super::command::Report;
use crate::envelope::Version;
use crate::id::{ActorId, CapaId, CaseId, NonConformanceId, Reference, ServiceOrderId};
use crate::policy::quality::Stage;
use crate::priority::Severity;
use crate::quality::RootCauseAnalysis;

/// Where a non-conformance stands.
///
/// Reported → under investigation → dispositioned → (CAPA raised →) closed. A
/// dispositioned non-conformance closes directly only with an approved reason
/// why it needs no CAPA. [`Closed`](Status::Closed) is terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum Status {
    /// Reported; the investigation has not started.
    Reported,
    /// Being investigated: containment, root cause.
    UnderInvestigation,
    /// A disposition is recorded; the CAPA decision remains.
    Dispositioned,
    /// A CAPA was raised; closing waits for its closure.
    CapaRaised,
    /// Done. Terminal.
    Closed,
}

impl Status {
    /// Every status, in lifecycle order.
    pub const ALL: [Status; 5] = [
        Status::Reported,
        Status::UnderInvestigation,
        Status::Dispositioned,
        Status::CapaRaised,
        Status::Closed,
    ];

    /// The snake_case name used in events, such as `under_investigation`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Reported => "reported",
            Status::UnderInvestigation => "under_investigation",
            Status::Dispositioned => "dispositioned",
            Status::CapaRaised => "capa_raised",
            Status::Closed => "closed",
        }
    }
}

crate::name::display_by_name!(Status);

/// Where a non-conformance was found.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Source {
    /// A customer complaint; the case is linked when the non-conformance is
    /// reported.
    Complaint {
        /// The complaint.
        case: CaseId,
    },
    /// An internal audit finding.
    InternalAudit {
        /// The finding, as the audit report names it; not blank.
        finding: String,
    },
    /// A service delivery inspection.
    Inspection {
        /// The service order inspected, if any.
        order: Option<ServiceOrderId>,
    },
    /// A supplier's goods or services.
    Supplier {
        /// The supplier, as the caller names it; not blank.
        supplier: String,
    },
    /// A trend in customer feedback.
    FeedbackTrend {
        /// The trend; not blank.
        trend: String,
    },
    /// Anything else.
    Other {
        /// What; not blank.
        description: String,
    },
}

impl Source {
    /// The kind of source, without its details: what repeat detection compares.
    #[must_use]
    pub const fn kind(&self) -> SourceKind {
        match self {
            Source::Complaint { .. } => SourceKind::Complaint,
            Source::InternalAudit { .. } => SourceKind::InternalAudit,
            Source::Inspection { .. } => SourceKind::Inspection,
            Source::Supplier { .. } => SourceKind::Supplier,
            Source::FeedbackTrend { .. } => SourceKind::FeedbackTrend,
            Source::Other { .. } => SourceKind::Other,
        }
    }
}

/// The kind of a [`Source`], without its details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum SourceKind {
    /// A customer complaint.
    Complaint,
    /// An internal audit finding.
    InternalAudit,
    /// A service delivery inspection.
    Inspection,
    /// A supplier.
    Supplier,
    /// A trend in customer feedback.
    FeedbackTrend,
    /// Anything else.
    Other,
}

impl SourceKind {
    /// Every source kind, in declaration order.
    pub const ALL: [SourceKind; 6] = [
        SourceKind::Complaint,
        SourceKind::InternalAudit,
        SourceKind::Inspection,
        SourceKind::Supplier,
        SourceKind::FeedbackTrend,
        SourceKind::Other,
    ];

    /// The snake_case name, as in the [`Source`]'s `kind` tag.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            SourceKind::Complaint => "complaint",
            SourceKind::InternalAudit => "internal_audit",
            SourceKind::Inspection => "inspection",
            SourceKind::Supplier => "supplier",
            SourceKind::FeedbackTrend => "feedback_trend",
            SourceKind::Other => "other",
        }
    }
}

crate::name::display_by_name!(SourceKind);

/// What is done with the non-conforming output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Disposition {
    /// Redo the work so that it conforms.
    Rework,
    /// Use it as it is: a concession, which needs a second person's approval.
    AcceptAsIs,
    /// Reject or scrap it.
    Reject,
    /// Return it to the supplier.
    Return,
}

impl Disposition {
    /// The snake_case name, such as `accept_as_is`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Disposition::Rework => "rework",
            Disposition::AcceptAsIs => "accept_as_is",
            Disposition::Reject => "reject",
            Disposition::Return => "return",
        }
    }
}

crate::name::display_by_name!(Disposition);

/// A containment action: what was done at once to stop the non-conformance
/// from spreading or reaching a customer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Containment {
    /// What was done; not blank.
    pub action: String,
    /// Who did it (not necessarily who records it).
    pub done_by: ActorId,
    /// When it was done; not after now.
    pub done_at: DateTime<Utc>,
}

/// The root-cause analysis as recorded, with who recorded it and when.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RootCauseRecord {
    /// The analysis.
    pub analysis: RootCauseAnalysis,
    /// Who recorded it.
    pub by: ActorId,
    /// When.
    pub at: DateTime<Utc>,
}

/// The disposition as recorded, and its approval where it needs one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DispositionRecord {
    /// What is done with the output.
    pub disposition: Disposition,
    /// Why.
    pub rationale: String,
    /// Who recorded it.
    pub by: ActorId,
    /// When.
    pub at: DateTime<Utc>,
    /// Who approved it: only an accept-as-is disposition is approved.
    pub approved_by: Option<ActorId>,
}

/// A proposal that the non-conformance needs no CAPA, and its approval.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NoCapaDecision {
    /// Why no CAPA is needed.
    pub reason: String,
    /// Who proposed it.
    pub proposed_by: ActorId,
    /// When.
    pub proposed_at: DateTime<Utc>,
    /// Who approved it; never the proposer.
    pub approved_by: Option<ActorId>,
    /// When it was approved.
    pub approved_at: Option<DateTime<Utc>>,
}

impl NoCapaDecision {
    /// Whether the proposal is approved.
    #[must_use]
    pub const fn is_approved(&self) -> bool {
        self.approved_by.is_some()
    }
}

/// The CAPA raised for a non-conformance, and when its closure was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CapaRecord {
    /// The CAPA.
    pub capa: CapaId,
    /// Who raised it.
    pub raised_by: ActorId,
    /// When.
    pub raised_at: DateTime<Utc>,
    /// When the CAPA's closure was recorded here.
    pub closed_at: Option<DateTime<Utc>>,
}

/// One non-conformance report (NCR): what was found, where, how it was
/// contained, why it happened, what is done with it, and the CAPA decision.
///
/// Plain data: build it by replaying events ([`NonConformance::replay`](crate::Aggregate::replay)) or by
/// recording commands ([`NonConformance::record`](crate::Aggregate::record)). `Default` is the state before
/// the report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NonConformance {
    pub(super) status: Option<Status>,
    pub(super) report: Option<Report>,
    pub(super) reported_by: Option<ActorId>,
    pub(super) reported_at: Option<DateTime<Utc>>,
    pub(super) severity: Option<Severity>,
    pub(super) containments: Vec<Containment>,
    pub(super) root_cause: Option<RootCauseRecord>,
    pub(super) disposition: Option<DispositionRecord>,
    pub(super) capa: Option<CapaRecord>,
    pub(super) cancelled_capas: Vec<CapaRecord>,
    pub(super) no_capa: Option<NoCapaDecision>,
    pub(super) linked_cases: Vec<CaseId>,
    pub(super) repeats: Vec<NonConformanceId>,
    pub(super) escalated_to_management: bool,
    pub(super) closed_reason: Option<String>,
    pub(super) contained_at: Option<DateTime<Utc>>,
    pub(super) root_caused_at: Option<DateTime<Utc>>,
    pub(super) reclassified_at: Option<DateTime<Utc>>,
    pub(super) closed_at: Option<DateTime<Utc>>,
    pub(super) overdue: Vec<Stage>,
    pub(super) version: Version,
    pub(super) updated_at: Option<DateTime<Utc>>,
}

impl NonConformance {
    /// The status, or `None` before the report.
    #[must_use]
    pub const fn status(&self) -> Option<Status> {
        self.status
    }

    /// The report as given, or `None` before the report.
    #[must_use]
    pub const fn report(&self) -> Option<&Report> {
        self.report.as_ref()
    }

    /// The id, or `None` before the report.
    #[must_use]
    pub fn id(&self) -> Option<NonConformanceId> {
        self.report.as_ref().map(|r| r.id)
    }

    /// The human reference number, or `None` before the report.
    #[must_use]
    pub fn reference(&self) -> Option<&Reference> {
        self.report.as_ref().map(|r| &r.reference)
    }

    /// Where it was found, or `None` before the report.
    #[must_use]
    pub fn source(&self) -> Option<&Source> {
        self.report.as_ref().map(|r| &r.source)
    }

    /// The current severity: the report's, or the latest reclassification's.
    #[must_use]
    pub const fn severity(&self) -> Option<Severity> {
        self.severity
    }

    /// Who reported it.
    #[must_use]
    pub const fn reported_by(&self) -> Option<ActorId> {
        self.reported_by
    }

    /// When it was reported (recorded), per the event envelope.
    #[must_use]
    pub const fn reported_at(&self) -> Option<DateTime<Utc>> {
        self.reported_at
    }

    /// The containment actions, in the order they were recorded.
    #[must_use]
    pub fn containments(&self) -> &[Containment] {
        &self.containments
    }

    /// The latest root-cause analysis.
    #[must_use]
    pub fn root_cause(&self) -> Option<&RootCauseAnalysis> {
        self.root_cause.as_ref().map(|r| &r.analysis)
    }

    /// The latest root-cause analysis with who recorded it and when.
    #[must_use]
    pub const fn root_cause_record(&self) -> Option<&RootCauseRecord> {
        self.root_cause.as_ref()
    }

    /// The disposition, with its approval.
    #[must_use]
    pub const fn disposition(&self) -> Option<&DispositionRecord> {
        self.disposition.as_ref()
    }

    /// The CAPA raised, with its closure.
    #[must_use]
    pub const fn capa(&self) -> Option<&CapaRecord> {
        self.capa.as_ref()
    }

    /// The CAPAs raised for it and then cancelled, oldest first.
    #[must_use]
    pub fn cancelled_capas(&self) -> &[CapaRecord] {
        &self.cancelled_capas
    }

    /// The no-CAPA proposal, with its approval.
    #[must_use]
    pub const fn no_capa(&self) -> Option<&NoCapaDecision> {
        self.no_capa.as_ref()
    }

    /// The linked cases, in the order they were linked: a complaint source's case
    /// first.
    #[must_use]
    pub fn linked_cases(&self) -> &[CaseId] {
        &self.linked_cases
    }

    /// The earlier non-conformances this one repeats, in the order they were
    /// flagged. A root cause recorded again with another category clears them:
    /// they repeated the old category.
    #[must_use]
    pub fn repeats(&self) -> &[NonConformanceId] {
        &self.repeats
    }

    /// Whether it was flagged as a repeat.
    #[must_use]
    pub fn is_repeat(&self) -> bool {
        !self.repeats.is_empty()
    }

    /// Whether it was escalated to management for its severity.
    #[must_use]
    pub const fn escalated_to_management(&self) -> bool {
        self.escalated_to_management
    }

    /// Why it was closed.
    #[must_use]
    pub fn closed_reason(&self) -> Option<&str> {
        self.closed_reason.as_deref()
    }

    /// When it was closed, per the event envelope.
    #[must_use]
    pub const fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.closed_at
    }

    /// When its severity was last changed by a reclassification.
    #[must_use]
    pub const fn reclassified_at(&self) -> Option<DateTime<Utc>> {
        self.reclassified_at
    }

    /// The stages recorded overdue, in the order they were recorded. A stage
    /// is recorded overdue once at most.
    #[must_use]
    pub fn overdue_stages(&self) -> &[Stage] {
        &self.overdue
    }
}
