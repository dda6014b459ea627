//! [`Status`]: where a case stands in its lifecycle, the vocabulary of the
//! lifecycle table, the SLA rules and the survey rules.

/// Where a case stands in its lifecycle.
///
/// The statuses are fixed; their labels, and which command leads from which status
/// to which, are policy (see [`LifecycleSpec`](super::LifecycleSpec)).
///
/// - Main path: received → acknowledged → investigating → resolution proposed →
///   resolved → closed.
/// - Waiting: [`WaitingOnCustomer`](Status::WaitingOnCustomer) and
///   [`WaitingOnThirdParty`](Status::WaitingOnThirdParty), the statuses an SLA
///   clock pauses on.
/// - Exits: [`Withdrawn`](Status::Withdrawn), [`Rejected`](Status::Rejected),
///   [`Merged`](Status::Merged).
///
/// [`Closed`](Status::Closed), `Withdrawn`, `Rejected` and `Merged` are terminal:
/// they accept only a reopen (closed) or an unmerge (merged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum Status {
    /// Logged, not yet acknowledged to the customer.
    Received,
    /// The first response has gone out.
    Acknowledged,
    /// Being investigated.
    Investigating,
    /// On hold until the customer answers.
    WaitingOnCustomer,
    /// On hold until a third party (supplier, carrier, another team) answers.
    WaitingOnThirdParty,
    /// A resolution or action plan has been put to the customer.
    ResolutionProposed,
    /// The resolution is in place; review and follow-up remain.
    Resolved,
    /// Done. Terminal; a reopen may bring it back within the policy's window.
    Closed,
    /// The customer withdrew it. Terminal.
    Withdrawn,
    /// Not a case for this desk (for example, not a complaint). Terminal.
    Rejected,
    /// A duplicate, merged into another case. Terminal until unmerged.
    Merged,
}

impl Status {
    /// Every status, in lifecycle order.
    pub const ALL: [Status; 11] = [
        Status::Received,
        Status::Acknowledged,
        Status::Investigating,
        Status::WaitingOnCustomer,
        Status::WaitingOnThirdParty,
        Status::ResolutionProposed,
        Status::Resolved,
        Status::Closed,
        Status::Withdrawn,
        Status::Rejected,
        Status::Merged,
    ];

    /// The snake_case name used in policy files and events, such as `resolved`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Acknowledged => "acknowledged",
            Status::Investigating => "investigating",
            Status::WaitingOnCustomer => "waiting_on_customer",
            Status::WaitingOnThirdParty => "waiting_on_third_party",
            Status::ResolutionProposed => "resolution_proposed",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
            Status::Withdrawn => "withdrawn",
            Status::Rejected => "rejected",
            Status::Merged => "merged",
        }
    }

    /// The status named `name` in a policy file.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Whether the case is finished: closed, withdrawn, rejected or merged.
    #[must_use]
    pub const fn is_terminal(self) -> bool {
        matches!(
            self,
            Status::Closed | Status::Withdrawn | Status::Rejected | Status::Merged
        )
    }

    /// Whether the case waits on someone outside the desk: the statuses an SLA clock
    /// pauses on.
    #[must_use]
    pub const fn is_waiting(self) -> bool {
        matches!(
            self,
            Status::WaitingOnCustomer | Status::WaitingOnThirdParty
        )
    }

    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

crate::name::display_by_name!(Status);
