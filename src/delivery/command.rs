//! [`Command`]: what a user asks of a service order. "Now" and the actor come
//! from the context; a signing command signs as the context's actor.

use super::inspection::{Defect, InspectionPlan, Reading};
use super::state::{CustomerAcknowledgement, InspectionNo};
use crate::actor::ServiceOrderCommandKind;
use crate::id::{CaseId, CustomerRef, NonConformanceId, Reference, ServiceOrderId};

/// What is given when a service order is opened: build it with
/// [`Order::new`], and [`for_case`](Order::for_case) when it delivers a case.
///
/// # Example
/// ```
/// use casework::delivery::Order;
/// use casework::{CaseId, CustomerRef, Reference, ServiceOrderId};
/// use uuid::Uuid;
///
/// let case = CaseId::from_uuid(Uuid::from_u128(42));
/// let order = Order::new(
///     ServiceOrderId::from_uuid(Uuid::from_u128(1)),
///     Reference::new("SO", 2026, 120)?,
///     CustomerRef::from_uuid(Uuid::from_u128(7)),
///     "Replace the espresso machine's water tank",
/// )
/// .for_case(case);
/// assert_eq!(order.case, Some(case));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Order {
    /// The order's id, chosen by the caller.
    pub order: ServiceOrderId,
    /// The human reference, such as `SO-2026-000120`.
    pub reference: Reference,
    /// The customer.
    pub customer: CustomerRef,
    /// The service request case it delivers, if any.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub case: Option<CaseId>,
    /// What is delivered.
    pub description: String,
}

impl Order {
    /// An order for `customer`, delivering `description`, with its id and
    /// reference; it delivers no case until [`for_case`](Self::for_case).
    #[must_use]
    pub fn new(
        order: ServiceOrderId,
        reference: Reference,
        customer: CustomerRef,
        description: impl Into<String>,
    ) -> Self {
        Self {
            order,
            reference,
            customer,
            case: None,
            description: description.into(),
        }
    }

    /// This order delivering the service request case `case`.
    #[must_use]
    pub const fn for_case(mut self, case: CaseId) -> Self {
        self.case = Some(case);
        self
    }
}

/// What a user asks of a service order. On the wire, the `command` tag is the
/// [`ServiceOrderCommandKind`] name, such as `tick_item`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "command", rename_all = "snake_case", deny_unknown_fields)
)]
#[non_exhaustive]
pub enum Command {
    /// Open the order, with the policy's checklist and approval stages.
    #[cfg_attr(feature = "serde", serde(rename = "open_service_order"))]
    Open {
        /// What is given.
        order: Order,
    },
    /// Tick a checklist item.
    TickItem {
        /// The item's code.
        item: String,
        /// The evidence reference; the item may require one.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        evidence: Option<String>,
    },
    /// Mark a checklist item not applicable.
    MarkNotApplicable {
        /// The item's code.
        item: String,
        /// Why; not blank.
        reason: String,
    },
    /// Untick a ticked (or not applicable) item.
    UntickItem {
        /// The item's code.
        item: String,
        /// Why; not blank.
        reason: String,
    },
    /// Plan an inspection.
    PlanInspection {
        /// The plan.
        plan: InspectionPlan,
    },
    /// Record an inspection's readings and defects; the outcome is computed.
    RecordInspection {
        /// Which inspection.
        inspection: InspectionNo,
        /// One reading per criterion, in the plan's order.
        readings: Vec<Reading>,
        /// The defects found.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
        defects: Vec<Defect>,
    },
    /// Withdraw a planned inspection that was not recorded.
    WithdrawInspection {
        /// Which inspection.
        inspection: InspectionNo,
        /// Why; not blank.
        reason: String,
    },
    /// Link the non-conformance a failed inspection raised.
    #[cfg_attr(feature = "serde", serde(rename = "link_non_conformance_to_inspection"))]
    LinkNonConformance {
        /// Which inspection.
        inspection: InspectionNo,
        /// The NCR.
        non_conformance: NonConformanceId,
    },
    /// Approve a concession: the failed inspection is accepted.
    ApproveConcession {
        /// Which inspection.
        inspection: InspectionNo,
        /// Why it is acceptable; not blank.
        reason: String,
    },
    /// Approve the order at a stage: the work as it is now.
    ApproveStage {
        /// The stage's name.
        stage: String,
    },
    /// Reject the order at a stage: every stage's approvals are withdrawn and
    /// the work goes back.
    RejectStage {
        /// The stage's name.
        stage: String,
        /// Why; not blank.
        reason: String,
    },
    /// Sign the order off as completed.
    SignOff {
        /// The customer's acknowledgement; the policy may require it.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        acknowledgement: Option<CustomerAcknowledgement>,
    },
    /// Cancel the order.
    #[cfg_attr(feature = "serde", serde(rename = "cancel_service_order"))]
    Cancel {
        /// Why; not blank.
        reason: String,
    },
    /// Record the milestones that came due by now unreached: what the
    /// caller's scheduler sends at or after
    /// [`ServiceOrder::next_deadline`](crate::Aggregate::next_deadline). In
    /// any status; a signed-off or cancelled order still records what came due
    /// before it finished. Records nothing when nothing is due.
    RecordDeadline,
}

impl Command {
    /// The command's kind, which the permission table grants.
    #[must_use]
    pub const fn kind(&self) -> ServiceOrderCommandKind {
        match self {
            Command::Open { .. } => ServiceOrderCommandKind::OpenServiceOrder,
            Command::TickItem { .. } => ServiceOrderCommandKind::TickItem,
            Command::MarkNotApplicable { .. } => ServiceOrderCommandKind::MarkNotApplicable,
            Command::UntickItem { .. } => ServiceOrderCommandKind::UntickItem,
            Command::PlanInspection { .. } => ServiceOrderCommandKind::PlanInspection,
            Command::RecordInspection { .. } => ServiceOrderCommandKind::RecordInspection,
            Command::WithdrawInspection { .. } => ServiceOrderCommandKind::WithdrawInspection,
            Command::LinkNonConformance { .. } => {
                ServiceOrderCommandKind::LinkNonConformanceToInspection
            }
            Command::ApproveConcession { .. } => ServiceOrderCommandKind::ApproveConcession,
            Command::ApproveStage { .. } => ServiceOrderCommandKind::ApproveStage,
            Command::RejectStage { .. } => ServiceOrderCommandKind::RejectStage,
            Command::SignOff { .. } => ServiceOrderCommandKind::SignOff,
            Command::Cancel { .. } => ServiceOrderCommandKind::CancelServiceOrder,
            Command::RecordDeadline => ServiceOrderCommandKind::RecordDeadline,
        }
    }
}
