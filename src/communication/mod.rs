//! Messages to customers: [`render`] writes a standard message of the
//! policy's ([`CommunicationPolicy`]) for a case, on the customer's
//! preferred channel, in the customer's language and time zone.
//!
//! The templates are policy data, checked and parsed once when the policy is
//! compiled; rendering fills their placeholders ([`Placeholder`]) from the
//! case and from what the caller says of the customer ([`Recipient`]), and
//! returns the [`Message`] with a hash of its content, for the caller to
//! send and record. Which locale and channel are written:
//! - the locale: the customer's tag, then its prefixes (`de-AT`, then `de`),
//!   then the policy's default locale; the first with a variant for the
//!   channel;
//! - the channel: the customer's, when the desk writes on it; else the
//!   policy's [`Fallback`]s from it.
//!
//! This module reads a case and the policy. It knows nothing of how a message
//! is sent, nor of the customer's records: their name, zone and language come
//! from the caller.
//!
//! # Example
//! A complaint is logged; the acknowledgement goes out by SMS to a customer
//! in Vienna who writes German, and by email to one in London:
//! ```
//! use casework::case::{Case, CaseKind, Command, Intake};
//! use casework::communication::{Outgoing, Recipient, TemplateId, render};
//! use casework::{Actor, ActorId, Aggregate, CaseId, Channel, Ctx, CustomerRef, Policy, Reference, Role};
//! use chrono::{TimeZone, Utc};
//! use uuid::Uuid;
//!
//! let policy = Policy::sop_default()?;
//! let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
//! let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
//! let ctx = Ctx::new(monday, csr, &policy);
//! let mut case = Case::default();
//! let intake = Intake::new(
//!     CaseId::from_uuid(Uuid::from_u128(42)),
//!     Reference::new("CMP", 2026, 42)?,
//!     CaseKind::Complaint,
//!     Channel::Email,
//!     CustomerRef::from_uuid(Uuid::from_u128(7)),
//!     monday,
//! )
//! .about("delivery/late", "Parcel two weeks late")
//! .description("Ordered on the 2nd, still not here.");
//! case.record(&Command::Log { intake, first_contact_resolution: None }, &ctx)?;
//!
//! let sms = render(&ctx, &case, &Outgoing {
//!     template: TemplateId::ACKNOWLEDGEMENT,
//!     channel: &Channel::Sms,
//!     to: Recipient { name: "Anna Gruber", zone: "Europe/Vienna".parse()?, locale: "de-AT" },
//!     agent_name: "Sam",
//! })?;
//! assert_eq!((sms.locale.as_str(), sms.subject.as_deref()), ("de", None));
//! assert_eq!(
//!     sms.body,
//!     "Ihre Anfrage CMP-2026-000042 ist eingegangen. Voraussichtliche Antwort: so bald wie \
//!      möglich. Bitte nennen Sie bei Rückfragen die Referenz."
//! );
//!
//! let email = render(&ctx, &case, &Outgoing {
//!     template: TemplateId::ACKNOWLEDGEMENT,
//!     channel: &Channel::Email,
//!     to: Recipient { name: "Ann Smith", zone: "Europe/London".parse()?, locale: "en-GB" },
//!     agent_name: "Sam",
//! })?;
//! assert_eq!(email.subject.as_deref(), Some("We have received your request CMP-2026-000042"));
//! assert!(email.body.starts_with("Dear Ann Smith,\n\n"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::calendar::Zone;
use crate::case::{Case, Command};
use crate::channel::Channel;
use crate::id::MessageId;
use crate::policy::Ctx;
use crate::policy::communication::{Values, write_time};
use crate::records::{ContentHash, ContentHasher};

mod owed;

pub use crate::policy::communication::{
    CommunicationPolicy, Fallback, LocaleSpec, Notices, Placeholder, PromiseRule, TemplateId,
    Variant,
};
pub use owed::{Owed, Owing, owed};

/// The customer a message is written to, as the caller's own records know
/// them.
///
/// # Example
/// ```
/// use casework::communication::Recipient;
///
/// let anna = Recipient { name: "Anna Gruber", zone: "Europe/Vienna".parse()?, locale: "de-AT" };
/// assert_eq!(anna.zone.name(), "Europe/Vienna");
/// # Ok::<(), casework::calendar::UnknownZone>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recipient<'a> {
    /// The name the message addresses, `{{ customer_name }}`.
    pub name: &'a str,
    /// The zone times are written in.
    pub zone: Zone,
    /// The customer's language, a BCP 47 tag such as `de-AT` (compared
    /// ignoring case): the variant is chosen in it, its prefixes, or the
    /// policy's default locale.
    pub locale: &'a str,
}

/// A message to write: which template, on which channel, to whom, by whom.
///
/// # Example
/// ```
/// use casework::Channel;
/// use casework::calendar::Zone;
/// use casework::communication::{Outgoing, Recipient, TemplateId};
///
/// let outgoing = Outgoing {
///     template: TemplateId::RESOLUTION,
///     channel: &Channel::Email,
///     to: Recipient { name: "Ann Smith", zone: "Europe/London".parse::<Zone>()?, locale: "en" },
///     agent_name: "Sam",
/// };
/// assert_eq!(outgoing.template.as_str(), "resolution");
/// # Ok::<(), casework::calendar::UnknownZone>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outgoing<'a> {
    /// The template.
    pub template: TemplateId,
    /// The channel the customer prefers: the case's
    /// [`follow_up_channel`](Case::follow_up_channel), usually.
    pub channel: &'a Channel,
    /// The customer.
    pub to: Recipient<'a>,
    /// The name of the person writing, `{{ agent_name }}`.
    pub agent_name: &'a str,
}

/// A rendered message, for the caller to send and record.
///
/// # Example
/// ```
/// use casework::Channel;
/// use casework::communication::{Message, TemplateId};
///
/// let one = Message::new(TemplateId::RESOLUTION, Channel::Email, "en", Some("ab".into()), "c".into());
/// let other = Message::new(TemplateId::RESOLUTION, Channel::Email, "en", Some("a".into()), "bc".into());
/// assert_ne!(one.content, other.content);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Message {
    /// The template it was rendered from.
    pub template: TemplateId,
    /// The channel to send it on: the customer's, or its fallback.
    pub channel: Channel,
    /// The locale of the variant written, such as `de`.
    pub locale: String,
    /// The subject line, for a channel that has one.
    pub subject: Option<String>,
    /// The message.
    pub body: String,
    /// The SHA-256 hash of the subject and the body, by the canonical
    /// encoding [`ContentHash`] documents (the domain
    /// `casework/communication/message/v1`, the subject as an optional text,
    /// the body as a text): what a record of the message sent can point to.
    pub content: ContentHash,
}

impl Message {
    /// A message, with the hash of its subject and body.
    #[must_use]
    pub fn new(
        template: TemplateId,
        channel: Channel,
        locale: impl Into<String>,
        subject: Option<String>,
        body: String,
    ) -> Self {
        let mut hasher = ContentHasher::new("casework/communication/message/v1");
        hasher
            .optional(subject.as_deref(), |h, subject| {
                h.text(subject);
            })
            .text(&body);
        Self {
            template,
            channel,
            locale: locale.into(),
            subject,
            body,
            content: hasher.finish(),
        }
    }

    /// The case command that records this message as queued, with the id
    /// `id` the caller gives it: what the case keeps of what the customer
    /// is told. `other_channel_reason` says why the message goes out on
    /// another channel than the customer's preferred one, such as "SMS
    /// bounced"; the case refuses it when it is needed and missing, or given
    /// and not needed.
    ///
    /// # Example
    /// ```
    /// use casework::case::Command;
    /// use casework::communication::{Message, TemplateId};
    /// use casework::{Channel, MessageId};
    /// use uuid::Uuid;
    ///
    /// let message = Message::new(TemplateId::STATUS_UPDATE, Channel::Sms, "en", None, "Still on it.".into());
    /// let id = MessageId::from_uuid(Uuid::from_u128(1));
    /// let Command::QueueMessage { template, content, .. } = message.queue(id, None) else {
    ///     unreachable!()
    /// };
    /// assert_eq!((template, content), (TemplateId::STATUS_UPDATE, message.content));
    /// ```
    #[must_use]
    pub fn queue(&self, id: MessageId, other_channel_reason: Option<String>) -> Command {
        Command::QueueMessage {
            message: id,
            template: self.template,
            channel: self.channel.clone(),
            locale: self.locale.clone(),
            content: self.content,
            other_channel_reason,
        }
    }
}

/// Why a message could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// The policy has no such template.
    #[error("`{template}` is not a template of the policy")]
    UnknownTemplate {
        /// The template asked for.
        template: TemplateId,
    },
    /// The template has no variant for the channel, or its fallback, in the
    /// customer's locale, its prefixes or the default locale; or the desk
    /// does not write on the channel and has no fallback for it.
    #[error(
        "template `{template}` has no variant for `{channel}` in `{locale}` nor the default locale"
    )]
    NoVariant {
        /// The template.
        template: TemplateId,
        /// The channel asked for.
        channel: Channel,
        /// The customer's locale (its first 35 characters at most).
        locale: String,
    },
    /// The case is not logged: there is nothing to write about.
    #[error("the case is not logged")]
    NotLogged,
    /// The SMS rendered longer than the policy allows. The policy's check of
    /// the widest values makes this unreachable; it is checked again here.
    #[error("template `{template}` renders an SMS of {chars} characters; at most {max}")]
    SmsTooLong {
        /// The template.
        template: TemplateId,
        /// The SMS's length, in characters.
        chars: usize,
        /// The policy's `sms_max_chars`.
        max: u32,
    },
    /// The template engine, or the locale's time format, refused.
    #[error("template `{template}` could not be rendered: {message}")]
    Template {
        /// The template.
        template: TemplateId,
        /// What the engine said.
        message: String,
    },
}

impl RenderError {
    /// The stable name of the rule: `unknown_template`, `no_variant`,
    /// `not_logged`, `sms_too_long` or `template`.
    #[must_use]
    pub const fn rule(&self) -> &'static str {
        match self {
            RenderError::UnknownTemplate { .. } => "unknown_template",
            RenderError::NoVariant { .. } => "no_variant",
            RenderError::NotLogged => "not_logged",
            RenderError::SmsTooLong { .. } => "sms_too_long",
            RenderError::Template { .. } => "template",
        }
    }
}

crate::problem::rule_by_inherent!(RenderError);

/// Renders the message `outgoing` asks for, about `case`, from the
/// templates of the context's policy.
///
/// The variant is the first one for the channel written (the customer's, or
/// its [`Fallback`]) in the customer's locale, its prefixes (`de-AT`, then
/// `de`) or the default locale. Its placeholders are filled from the case
/// and `outgoing`, each cut to its widest width ([`Placeholder`]); the times
/// in the customer's zone, by the variant's locale's
/// [`time_format`](LocaleSpec::time_format). The promised time is the
/// case's [`promised_at`](Case::promised_at), or the locale's
/// [`no_promise`](LocaleSpec::no_promise) text.
///
/// Pure: it reads the policy, the case and `outgoing`, and never panics.
///
/// # Errors
/// - [`RenderError::UnknownTemplate`] when the policy has no such template;
/// - [`RenderError::NotLogged`] when the case is not logged;
/// - [`RenderError::NoVariant`] when the desk does not write on the channel
///   and has no fallback for it to one it writes on, or the template has no
///   variant for it in any locale tried;
/// - [`RenderError::Template`] when the template engine or the time format
///   fails, which the policy's checks make unreachable;
/// - [`RenderError::SmsTooLong`] when an SMS renders longer than the
///   policy's `sms_max_chars`, which its checks make unreachable too.
///
/// # Example
/// See the [module documentation](self).
pub fn render(ctx: &Ctx<'_>, case: &Case, outgoing: &Outgoing<'_>) -> Result<Message, RenderError> {
    let policy = ctx.policy();
    let communication = policy.communication();
    let template = outgoing.template;
    let variants = communication
        .templates
        .get(&template)
        .ok_or(RenderError::UnknownTemplate { template })?;
    let intake = case.intake().ok_or(RenderError::NotLogged)?;
    let requested = cut_tag(outgoing.to.locale);
    let no_variant = || RenderError::NoVariant {
        template,
        channel: outgoing.channel.clone(),
        locale: requested.to_owned(),
    };
    let channel = communication
        .channel_for(outgoing.channel)
        .ok_or_else(no_variant)?;
    let index = locale_chain(requested, &communication.default_locale)
        .find_map(|locale| {
            variants.iter().position(|variant| {
                &variant.channel == channel && variant.locale.eq_ignore_ascii_case(locale)
            })
        })
        .ok_or_else(no_variant)?;
    let (variant, compiled) = variants
        .get(index)
        .zip(policy.templates().variant(template, index))
        .ok_or_else(no_variant)?;
    let locale = communication
        .locales
        .get(&variant.locale)
        .ok_or_else(no_variant)?;
    let engine = |message: String| RenderError::Template { template, message };
    let time = |at| {
        write_time(at, outgoing.to.zone, &locale.time_format).ok_or_else(|| {
            engine(format!(
                "the time format of `{}` cannot write {at}",
                variant.locale
            ))
        })
    };

    let used = compiled.used();
    let mut values = Values::default();
    for placeholder in Placeholder::ALL {
        if !used.contains(placeholder) {
            continue;
        }
        match placeholder {
            Placeholder::Reference => values.set(placeholder, &intake.reference.to_string()),
            Placeholder::CustomerName => values.set(placeholder, outgoing.to.name),
            Placeholder::AgentName => values.set(placeholder, outgoing.agent_name),
            Placeholder::PromisedTime => match case.promised_at() {
                Some(at) => values.set(placeholder, &time(at)?),
                None => values.set(placeholder, &locale.no_promise),
            },
            Placeholder::ReceivedAt => values.set(placeholder, &time(intake.received_at)?),
            Placeholder::Category => {
                let categories = &policy.case().categories;
                let label = categories
                    .iter()
                    .find(|c| c.code == intake.category)
                    .map_or(&intake.category, |c| &c.label);
                values.set(placeholder, label);
            }
            Placeholder::Priority => {
                let priority = case.priority().map(|p| p.to_string());
                values.set(placeholder, priority.as_deref().unwrap_or_default());
            }
            Placeholder::Status => {
                let status = case.status().map(|s| s.as_str().replace('_', " "));
                values.set(placeholder, status.as_deref().unwrap_or_default());
            }
            Placeholder::Subject => values.set(placeholder, &intake.subject),
        }
    }
    let (subject, body) = policy
        .templates()
        .render(compiled, values)
        .map_err(engine)?;
    if *channel == Channel::Sms {
        let chars = body.chars().count();
        let max = communication.sms_max_chars;
        if chars > usize::try_from(max).unwrap_or(usize::MAX) {
            return Err(RenderError::SmsTooLong {
                template,
                chars,
                max,
            });
        }
    }
    Ok(Message::new(
        template,
        channel.clone(),
        variant.locale.clone(),
        subject,
        body,
    ))
}

/// A customer's locale tag, cut to the longest a policy's tag may be.
fn cut_tag(tag: &str) -> &str {
    let max = CommunicationPolicy::MAX_LOCALE_CHARS;
    match tag.char_indices().nth(max) {
        Some((cut, _)) => tag.get(..cut).unwrap_or_default(),
        None => tag,
    }
}

/// The locales tried for `requested`, in order: it, its prefixes (`de-AT`,
/// then `de`), then `default`.
fn locale_chain<'a>(requested: &'a str, default: &'a str) -> impl Iterator<Item = &'a str> {
    let prefixes = core::iter::successors(Some(requested), |tag| {
        tag.rsplit_once('-').map(|(prefix, _)| prefix)
    });
    prefixes
        .filter(|tag| !tag.is_empty())
        .chain(core::iter::once(default))
}

#[cfg(test)]
mod tests {
    use super::locale_chain;

    #[test]
    fn the_locale_chain_drops_subtags_then_takes_the_default() {
        let chain = |tag| locale_chain(tag, "en").collect::<Vec<_>>();
        assert_eq!(
            chain("de-AT-x-wien"),
            ["de-AT-x-wien", "de-AT-x", "de-AT", "de", "en"]
        );
        assert_eq!(chain("fr"), ["fr", "en"]);
        assert_eq!(chain(""), ["en"]);
        assert_eq!(chain("-"), ["-", "en"]);
    }
}
