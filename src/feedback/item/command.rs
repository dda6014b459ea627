//! [`Command`]: what a user asks of a feedback item, and [`Feedback`], what
//! is given when it is logged. Nothing about "now" or the actor: those come
//! from the context.

use chrono::{DateTime, Utc};

use super::state::{FeedbackKind, Link};
use crate::actor::FeedbackCommandKind;
use crate::channel::Channel;
use crate::id::{ActorId, CustomerRef, FeedbackItemId};

/// The feedback as given: what it is, how it came in, what it says. The
/// [`Logged`](super::Event::Logged) event records it as given.
///
/// Its text is personal data: it may name or describe the person who gave
/// it, and is erased on request or once the feedback log's retention has
/// run ([`Event::personal_fields`](super::Event::personal_fields)).
///
/// Build one with [`Feedback::new`] and the chained setters; the fields stay
/// public to read and to change. Nothing is checked here: `decide` checks it
/// against the policy and refuses with every problem at once.
///
/// # Example
/// ```
/// use casework::feedback::item::{Feedback, FeedbackKind};
/// use casework::{Channel, FeedbackItemId};
/// use chrono::{TimeZone, Utc};
/// use uuid::Uuid;
///
/// let received = Utc.with_ymd_and_hms(2026, 11, 20, 15, 30, 0).unwrap();
/// let feedback = Feedback::new(
///     FeedbackItemId::from_uuid(Uuid::from_u128(1)),
///     FeedbackKind::Compliment,
///     Channel::Email,
///     "The engineer explained everything and tidied up after.",
///     received,
/// )
/// .category("service/staff_conduct")
/// .rating(5);
/// assert_eq!((feedback.category.as_deref(), feedback.rating), (Some("service/staff_conduct"), Some(5)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Feedback {
    /// The item's id, chosen by the caller: the stream the item is stored in
    /// must be this id's.
    pub item: FeedbackItemId,
    /// What kind of feedback it is.
    pub kind: FeedbackKind,
    /// The channel it came in on.
    pub channel: Channel,
    /// A category code of the policy's (`case.categories`) it is about, if
    /// any: what the monthly review groups by.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub category: Option<String>,
    /// What was said, as said: not blank. Personal data.
    pub text: String,
    /// A rating on the policy's scale (`feedback.scale`), if one was given.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub rating: Option<u8>,
    /// When the desk received it: not after now.
    pub received_at: DateTime<Utc>,
}

impl Feedback {
    /// Feedback of `kind`, received through `channel` at `received_at`,
    /// saying `text`, to be logged as the item `item`; without a category or
    /// a rating (see [`category`](Self::category) and [`rating`](Self::rating)).
    #[must_use]
    pub fn new(
        item: FeedbackItemId,
        kind: FeedbackKind,
        channel: Channel,
        text: impl Into<String>,
        received_at: DateTime<Utc>,
    ) -> Self {
        Self {
            item,
            kind,
            channel,
            category: None,
            text: text.into(),
            rating: None,
            received_at,
        }
    }

    /// This feedback, about the policy's category `code`.
    #[must_use]
    pub fn category(mut self, code: impl Into<String>) -> Self {
        self.category = Some(code.into());
        self
    }

    /// This feedback, with a rating on the policy's scale.
    #[must_use]
    pub const fn rating(mut self, rating: u8) -> Self {
        self.rating = Some(rating);
        self
    }
}

/// What a user asks of a feedback item. On the wire, the `command` tag is the
/// [`FeedbackCommandKind`] name, such as `record_customer_feedback`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "command", rename_all = "snake_case", deny_unknown_fields)
)]
#[non_exhaustive]
pub enum Command {
    /// Log feedback a customer gave unasked: a compliment, a suggestion, a
    /// complaint about the process. A complaint about a service delivered is
    /// a case.
    RecordCustomerFeedback {
        /// The feedback.
        feedback: Feedback,
        /// Who gave it, when the desk knows.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        customer: Option<CustomerRef>,
    },
    /// Log feedback a member of staff gave about the process.
    RecordStaffFeedback {
        /// The feedback.
        feedback: Feedback,
        /// Who gave it: the actor, or a colleague whose feedback they record.
        member: ActorId,
    },
    /// Link the item to the case it is about, or to the improvement it led
    /// to; each once. At most [`FeedbackItem::MAX_LINKS`](super::FeedbackItem::MAX_LINKS).
    #[cfg_attr(feature = "serde", serde(rename = "link_feedback"))]
    Link {
        /// To what.
        link: Link,
    },
    /// Take a link off, with a reason.
    #[cfg_attr(feature = "serde", serde(rename = "unlink_feedback"))]
    Unlink {
        /// The link.
        link: Link,
        /// Why: linked in error, say.
        reason: String,
    },
    /// Record the item as reviewed (at the monthly review, say), with a note:
    /// what was decided, or why nothing was. Not by the member of staff who
    /// gave it.
    #[cfg_attr(feature = "serde", serde(rename = "review_feedback"))]
    Review {
        /// The note.
        note: String,
    },
    /// Place a legal hold on the item: while it is in force, its text is
    /// neither erased nor disposed of.
    #[cfg_attr(feature = "serde", serde(rename = "place_feedback_hold"))]
    PlaceLegalHold {
        /// The matter, such as a claim's reference.
        reason: String,
    },
    /// Release the legal hold for a matter.
    #[cfg_attr(feature = "serde", serde(rename = "release_feedback_hold"))]
    ReleaseLegalHold {
        /// The matter the hold was placed for.
        reason: String,
    },
    /// Erase the item's text on request (a data subject's, say); its kind,
    /// source, rating and links stay. Never under a legal hold.
    #[cfg_attr(feature = "serde", serde(rename = "erase_feedback_text"))]
    EraseText {
        /// The request and why it is granted.
        reason: String,
    },
    /// Dispose of the item's text once the feedback log's retention
    /// (`feedback.retention`, 12 months by the SOP) has run from when it was
    /// logged; its kind, source, rating and links stay. Never under a legal
    /// hold.
    #[cfg_attr(feature = "serde", serde(rename = "dispose_feedback_text"))]
    DisposeText,
    /// Record what came due: a review overdue. The caller's scheduler gives it
    /// at or after [`FeedbackItem::next_deadline`](crate::Aggregate::next_deadline).
    RecordDeadline,
}

impl Command {
    /// The command's kind, which the permission table grants.
    #[must_use]
    pub const fn kind(&self) -> FeedbackCommandKind {
        match self {
            Command::RecordCustomerFeedback { .. } => FeedbackCommandKind::RecordCustomerFeedback,
            Command::RecordStaffFeedback { .. } => FeedbackCommandKind::RecordStaffFeedback,
            Command::Link { .. } => FeedbackCommandKind::LinkFeedback,
            Command::Unlink { .. } => FeedbackCommandKind::UnlinkFeedback,
            Command::Review { .. } => FeedbackCommandKind::ReviewFeedback,
            Command::PlaceLegalHold { .. } => FeedbackCommandKind::PlaceFeedbackHold,
            Command::ReleaseLegalHold { .. } => FeedbackCommandKind::ReleaseFeedbackHold,
            Command::EraseText { .. } => FeedbackCommandKind::EraseFeedbackText,
            Command::DisposeText => FeedbackCommandKind::DisposeFeedbackText,
            Command::RecordDeadline => FeedbackCommandKind::RecordDeadline,
        }
    }
}
