//! The [`Channel`] through which a customer reached the desk, or prefers to be
//! followed up.
//!
//! Intake records the channel a case came in on; follow-up uses the customer's
//! preferred one ("use preferred customer communication channel"). This module knows
//! nothing of either.
//!
//! # Example
//! A complaint posted on social media is public, which the SOP's severity
//! rules weigh; the customer asks to be called back, which the follow-up uses:
//! ```
//! use casework::Channel;
//!
//! let came_in_on = Channel::SocialMedia;
//! let follow_up_by = Channel::Phone;
//! assert!(came_in_on.is_public());
//! assert!(!follow_up_by.is_public());
//! assert_eq!((came_in_on.kind_name(), follow_up_by.to_string()), ("social_media", "phone".to_owned()));
//!
//! // A channel the desk has and the library does not name keeps the desk's label.
//! let kiosk = Channel::Other("self-service kiosk".into());
//! assert_eq!((kiosk.kind_name(), kiosk.to_string()), ("other", "other (self-service kiosk)".to_owned()));
//! # #[cfg(feature = "serde")] {
//! assert_eq!(serde_json::to_string(&kiosk).unwrap(), r#"{"other":"self-service kiosk"}"#);
//! # }
//! ```

use core::fmt;

/// A contact channel.
///
/// Serialized in snake_case, with `other` carrying its label:
/// `"phone"`, `"live_chat"`, `{"other": "fax"}`.
///
/// # Example
/// ```
/// use casework::Channel;
///
/// assert!(Channel::SocialMedia.is_public());
/// assert!(!Channel::Email.is_public());
/// assert_eq!(Channel::Other("fax".into()).to_string(), "other (fax)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Channel {
    /// A phone call.
    Phone,
    /// An email.
    Email,
    /// A live chat on the web or in an app.
    LiveChat,
    /// A post or message on social media: public unless moved to private messages.
    SocialMedia,
    /// A text message.
    Sms,
    /// A web form.
    WebForm,
    /// In person, at a counter or on site.
    InPerson,
    /// Any other channel, with the caller's label for it.
    Other(String),
}

impl Channel {
    /// Whether what the customer says on this channel is visible to the public, which
    /// raises the stakes of a complaint.
    #[must_use]
    pub const fn is_public(&self) -> bool {
        matches!(self, Channel::SocialMedia)
    }

    /// The snake_case name of the channel's kind, such as `live_chat` (`other` for
    /// [`Channel::Other`], whatever its label).
    #[must_use]
    pub const fn kind_name(&self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Email => "email",
            Channel::LiveChat => "live_chat",
            Channel::SocialMedia => "social_media",
            Channel::Sms => "sms",
            Channel::WebForm => "web_form",
            Channel::InPerson => "in_person",
            Channel::Other(_) => "other",
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Channel::Other(label) => write!(f, "other ({label})"),
            other => f.pad(other.kind_name()),
        }
    }
}
