//! [`FeedbackItem`]: one piece of feedback as plain data with getters, and
//! the small types it is made of. No rule lives here: rules live in `decide`.

use core::fmt;

use chrono::{DateTime, Utc};

use super::command::Feedback;
use crate::envelope::Version;
use crate::id::{
    ActorId, CapaId, CaseId, CustomerRef, FeedbackItemId, MeetingId, NonConformanceId,
};
use crate::records::{ErasureBasis, LegalHolds, RecordDates, Retention};

/// What kind of feedback it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum FeedbackKind {
    /// Praise: what went well.
    Compliment,
    /// An idea for doing better.
    Suggestion,
    /// A complaint about how the desk works (its process, its rules, its
    /// tools), not about a service delivered: that is a case.
    ProcessComplaint,
    /// Anything else.
    Other,
}

impl FeedbackKind {
    /// Every kind, in declaration order. It grows as kinds are added.
    pub const ALL: &'static [FeedbackKind] = &[
        FeedbackKind::Compliment,
        FeedbackKind::Suggestion,
        FeedbackKind::ProcessComplaint,
        FeedbackKind::Other,
    ];

    /// The snake_case name, its wire form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            FeedbackKind::Compliment => "compliment",
            FeedbackKind::Suggestion => "suggestion",
            FeedbackKind::ProcessComplaint => "process_complaint",
            FeedbackKind::Other => "other",
        }
    }
}

crate::name::display_by_name!(FeedbackKind);

/// Who gave the feedback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "from", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Source {
    /// A customer, unasked: no survey or follow-up asked for it.
    Customer {
        /// Who, when the desk knows: the caller's reference, no personal data.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        customer: Option<CustomerRef>,
    },
    /// A member of staff, about the process: the actor who records it, or a
    /// colleague whose feedback they record.
    Staff {
        /// Who.
        member: ActorId,
    },
}

impl Source {
    /// Where it comes from, without who.
    #[must_use]
    pub const fn origin(&self) -> Origin {
        match self {
            Source::Customer { .. } => Origin::Customer,
            Source::Staff { .. } => Origin::Staff,
        }
    }
}

/// Where feedback comes from, without who: what the monthly figures count by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Origin {
    /// A customer, unasked.
    Customer,
    /// A member of staff.
    Staff,
}

impl Origin {
    /// The snake_case name, its wire form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Origin::Customer => "customer",
            Origin::Staff => "staff",
        }
    }
}

crate::name::display_by_name!(Origin);

/// What a feedback item is linked to: the case it is about, or the
/// improvement it led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Link {
    /// A case: the one the feedback is about, or one raised from it.
    Case {
        /// The case.
        id: CaseId,
    },
    /// A corrective and preventive action.
    Capa {
        /// The CAPA.
        id: CapaId,
    },
    /// A non-conformance report.
    NonConformance {
        /// The NCR.
        id: NonConformanceId,
    },
    /// An action item of a review meeting's improvement action plan.
    MeetingAction {
        /// The meeting.
        meeting: MeetingId,
        /// The item's number within the meeting, from 1.
        item: u32,
    },
}

impl fmt::Display for Link {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Link::Case { id } => write!(f, "case {id}"),
            Link::Capa { id } => write!(f, "CAPA {id}"),
            Link::NonConformance { id } => write!(f, "non-conformance {id}"),
            Link::MeetingAction { meeting, item } => {
                write!(f, "action item {item} of meeting {meeting}")
            }
        }
    }
}

/// Where a feedback item stands: open → reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Status {
    /// Logged, waiting for its review.
    Open,
    /// Reviewed, with a note. Links may still be added: an improvement may
    /// come later.
    Reviewed,
}

impl Status {
    /// The snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Reviewed => "reviewed",
        }
    }
}

crate::name::display_by_name!(Status);

/// Who reviewed a feedback item, when, and their note.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Review {
    /// Who.
    pub by: ActorId,
    /// When.
    pub at: DateTime<Utc>,
    /// What they noted: what was decided, or why nothing was.
    pub note: String,
}

/// How a feedback item's text was erased.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Erasure {
    /// Who.
    pub by: ActorId,
    /// When.
    pub at: DateTime<Utc>,
    /// On what grounds: a request, or the feedback log's retention.
    pub basis: ErasureBasis,
}

/// One piece of feedback that no survey asked for: a customer's compliment,
/// suggestion or complaint about the process, or a member of staff's
/// feedback on the process. Plain data with getters; the
/// [module docs](super) show it worked.
///
/// # Example
/// ```
/// use casework::feedback::item::{Command, Feedback, FeedbackItem, FeedbackKind, Origin, Status};
/// use casework::{Actor, ActorId, Aggregate, Channel, Ctx, FeedbackItemId, Policy, Role};
/// use chrono::{TimeZone, Utc};
/// use uuid::Uuid;
///
/// let policy = Policy::sop_default()?;
/// let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
/// let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
///
/// // A representative's own idea about the process.
/// let mut item = FeedbackItem::default();
/// item.record(&Command::RecordStaffFeedback {
///     feedback: Feedback::new(
///         FeedbackItemId::from_uuid(Uuid::from_u128(5)),
///         FeedbackKind::Suggestion,
///         Channel::InPerson,
///         "Let us send the refund form with the first answer.",
///         now,
///     ),
///     member: csr.id,
/// }, &Ctx::new(now, csr, &policy))?;
/// assert_eq!(item.status(), Some(Status::Open));
/// assert_eq!(item.source().map(|s| s.origin()), Some(Origin::Staff));
/// assert_eq!(item.logged_by(), Some(csr.id));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeedbackItem {
    pub(super) id: Option<FeedbackItemId>,
    pub(super) feedback: Option<Feedback>,
    pub(super) source: Option<Source>,
    pub(super) status: Option<Status>,
    pub(super) logged_by: Option<ActorId>,
    pub(super) logged_at: Option<DateTime<Utc>>,
    pub(super) review_due: Option<DateTime<Utc>>,
    pub(super) review_overdue_recorded: bool,
    pub(super) review: Option<Review>,
    pub(super) links: Vec<Link>,
    pub(super) holds: LegalHolds,
    pub(super) erasure: Option<Erasure>,
    pub(super) version: Version,
    pub(super) updated_at: Option<DateTime<Utc>>,
}

impl FeedbackItem {
    /// Its id, once logged.
    #[must_use]
    pub const fn id(&self) -> Option<FeedbackItemId> {
        self.id
    }

    /// The feedback as logged; its text reads
    /// [`ERASED`](crate::records::ERASED) once erased.
    #[must_use]
    pub const fn feedback(&self) -> Option<&Feedback> {
        self.feedback.as_ref()
    }

    /// Who gave it.
    #[must_use]
    pub const fn source(&self) -> Option<&Source> {
        self.source.as_ref()
    }

    /// Where it stands; `None` before it is logged.
    #[must_use]
    pub const fn status(&self) -> Option<Status> {
        self.status
    }

    /// Who logged it.
    #[must_use]
    pub const fn logged_by(&self) -> Option<ActorId> {
        self.logged_by
    }

    /// When it was logged: when its retention starts.
    #[must_use]
    pub const fn logged_at(&self) -> Option<DateTime<Utc>> {
        self.logged_at
    }

    /// By when it is to be reviewed: the second review meeting after it was
    /// logged, by the policy in force then.
    #[must_use]
    pub const fn review_due(&self) -> Option<DateTime<Utc>> {
        self.review_due
    }

    /// Whether its review was recorded overdue.
    #[must_use]
    pub const fn review_overdue(&self) -> bool {
        self.review_overdue_recorded
    }

    /// Its review, once reviewed.
    #[must_use]
    pub const fn review(&self) -> Option<&Review> {
        self.review.as_ref()
    }

    /// What it is linked to, in the order linked; each once.
    #[must_use]
    pub fn links(&self) -> &[Link] {
        &self.links
    }

    /// The legal holds placed on it, in force or released.
    #[must_use]
    pub const fn legal_holds(&self) -> &LegalHolds {
        &self.holds
    }

    /// How its text was erased, if it was.
    #[must_use]
    pub const fn erasure(&self) -> Option<&Erasure> {
        self.erasure.as_ref()
    }

    /// When its text comes due for disposal under `retention` (the policy's
    /// `feedback.retention`), legal holds aside; `None` before it is logged,
    /// once its text is erased, or past the end of representable time.
    #[must_use]
    pub fn disposal_at(&self, retention: Retention) -> Option<DateTime<Utc>> {
        self.logged_at
            .filter(|_| self.erasure.is_none())
            .and_then(|at| retention.disposal_at(at))
    }

    /// The dates a retention class reads: entered when logged, closed when
    /// reviewed. `None` before it is logged.
    #[must_use]
    pub fn record_dates(&self) -> Option<RecordDates> {
        Some(RecordDates {
            entered_at: self.logged_at?,
            closed_at: self.review.as_ref().map(|r| r.at),
            superseded_at: None,
        })
    }
}
