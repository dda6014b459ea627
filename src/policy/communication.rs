//! [`CommunicationPolicy`]: the desk's standard messages to customers, as
//! checked data. The SOPs ask for "standard response templates", an
//! acknowledgement "with an estimated timeframe", and "the customer's
//! preferred communication channel": a template per occasion ([`TemplateId`]),
//! a variant of it per channel and locale ([`Variant`]), how each locale
//! writes a time ([`LocaleSpec`]), how the promised time is derived from an
//! SLA due time ([`PromiseRule`]), and which channel stands in for one the
//! desk does not write on ([`Fallback`]).
//!
//! A template is text with `{{ placeholder }}` expressions, of a closed set
//! ([`Placeholder`]), and nothing else: no statements, filters or
//! expressions. Compiling the policy parses every template once, refuses what
//! it cannot render with the template's path, and bounds every SMS by
//! rendering it with the widest value of each placeholder.
//!
//! This module knows templates, locales and channels. It knows nothing of a
//! case: rendering a message for one is the `communication` module's, above
//! the aggregates.

use core::fmt;
use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::format::{Fixed, Item, Numeric, StrftimeItems};
use chrono::{DateTime, TimeZone, Utc};
use minijinja::value::{Object, Value};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use crate::actor::{InvalidId, ident_impls};
use crate::calendar::Zone;
use crate::channel::Channel;
use crate::name::{Ident, closest};
use crate::problem::{Problem, in_range, not_blank, short_text, too_many};
use crate::sla::MAX_MINUTES;

/// The id of a message template, such as `acknowledgement`: 1 to
/// [`TemplateId::MAX_CHARS`] lowercase ASCII letters, digits and `_`,
/// starting with a letter, stored inline so that it is `Copy`.
///
/// The seven templates of the SOPs are constants ([`TemplateId::SOP`]); a
/// desk may add templates of its own names.
///
/// # Example
/// ```
/// use casework::communication::TemplateId;
///
/// let welcome = TemplateId::new("welcome_back")?;
/// assert_eq!(welcome.as_str(), "welcome_back");
/// assert_eq!(TemplateId::new("acknowledgement")?, TemplateId::ACKNOWLEDGEMENT);
/// assert!(TemplateId::new("Welcome Back").is_err());
/// # Ok::<(), casework::InvalidId>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TemplateId(Ident);

impl TemplateId {
    /// The first response: the case's reference and the promised time.
    pub const ACKNOWLEDGEMENT: TemplateId = TemplateId::sop("acknowledgement");
    /// A new promised time, without an apology.
    pub const PROMISED_TIME: TemplateId = TemplateId::sop("promised_time");
    /// Where the case stands.
    pub const STATUS_UPDATE: TemplateId = TemplateId::sop("status_update");
    /// The desk needs more information from the customer.
    pub const INFORMATION_REQUEST: TemplateId = TemplateId::sop("information_request");
    /// The case is resolved.
    pub const RESOLUTION: TemplateId = TemplateId::sop("resolution");
    /// The follow-up survey: a rating and comments.
    pub const FOLLOW_UP_SURVEY: TemplateId = TemplateId::sop("follow_up_survey");
    /// The desk missed its promise: an apology and the new promised time.
    pub const BREACH_APOLOGY: TemplateId = TemplateId::sop("breach_apology");

    /// The seven templates of the SOPs: the default policy's templates.
    pub const SOP: [TemplateId; 7] = [
        TemplateId::ACKNOWLEDGEMENT,
        TemplateId::PROMISED_TIME,
        TemplateId::STATUS_UPDATE,
        TemplateId::INFORMATION_REQUEST,
        TemplateId::RESOLUTION,
        TemplateId::FOLLOW_UP_SURVEY,
        TemplateId::BREACH_APOLOGY,
    ];

    /// A template whose id is written in the library's source.
    const fn sop(id: &'static str) -> Self {
        TemplateId(Ident::from_static(id))
    }
}

// Every SOP template's id is valid: an invalid one would be empty, and fail
// the build here.
const _: () = {
    let mut rest: &[TemplateId] = &TemplateId::SOP;
    while let [template, others @ ..] = rest {
        assert!(!template.0.is_empty(), "an SOP template's id is not an id");
        rest = others;
    }
};

ident_impls!(TemplateId, "template", "acknowledgement");

/// A value a template may write, as `{{ reference }}`: a closed set, each
/// with a widest width in characters. A longer value is cut to that width,
/// ending in `…`, when a message is rendered, and control characters in a
/// value (a line break in a name) are written as spaces, so that the check
/// of an SMS's length when the policy is compiled is a real bound.
///
/// # Example
/// ```
/// use casework::communication::Placeholder;
///
/// assert_eq!(Placeholder::from_name("customer_name"), Some(Placeholder::CustomerName));
/// assert_eq!(Placeholder::CustomerName.max_chars(), 40);
/// assert_eq!(Placeholder::ALL.len(), 9);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Placeholder {
    /// The case's reference, such as `CMP-2026-000042`: at most 26
    /// characters (a prefix of 8, the year, a sequence of 12 digits).
    Reference,
    /// The customer's name, as the caller gives it: at most 40 characters.
    CustomerName,
    /// The name of the person writing, as the caller gives it: at most 40
    /// characters.
    AgentName,
    /// The time promised to the customer, in the customer's zone, written by
    /// the locale's [`time_format`](LocaleSpec::time_format); the locale's
    /// [`no_promise`](LocaleSpec::no_promise) text while none is promised:
    /// at most [`MAX_TIME_CHARS`](Self::MAX_TIME_CHARS) characters (the
    /// policy checks each locale's widest time and text against it).
    PromisedTime,
    /// When the desk received the case, in the customer's zone, written by
    /// the locale's time format: at most
    /// [`MAX_TIME_CHARS`](Self::MAX_TIME_CHARS) characters.
    ReceivedAt,
    /// The case's category, by its label in the policy (its code when the
    /// policy has no such category any more): at most 64 characters.
    Category,
    /// The case's priority, such as `P2`: at most 4 characters.
    Priority,
    /// The case's status in words, such as `waiting on customer`: at most 22
    /// characters.
    Status,
    /// The case's subject, as the intake gave it: at most 80 characters.
    Subject,
}

impl Placeholder {
    /// Every placeholder.
    pub const ALL: [Placeholder; 9] = [
        Placeholder::Reference,
        Placeholder::CustomerName,
        Placeholder::AgentName,
        Placeholder::PromisedTime,
        Placeholder::ReceivedAt,
        Placeholder::Category,
        Placeholder::Priority,
        Placeholder::Status,
        Placeholder::Subject,
    ];

    /// Every placeholder's name, in the order of [`ALL`](Self::ALL).
    const NAMES: [&'static str; 9] = [
        "reference",
        "customer_name",
        "agent_name",
        "promised_time",
        "received_at",
        "category",
        "priority",
        "status",
        "subject",
    ];

    /// The most characters a time ([`PromisedTime`](Self::PromisedTime),
    /// [`ReceivedAt`](Self::ReceivedAt)) is written in: 48.
    pub const MAX_TIME_CHARS: usize = 48;

    /// The name a template writes it by, such as `customer_name`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Placeholder::Reference => "reference",
            Placeholder::CustomerName => "customer_name",
            Placeholder::AgentName => "agent_name",
            Placeholder::PromisedTime => "promised_time",
            Placeholder::ReceivedAt => "received_at",
            Placeholder::Category => "category",
            Placeholder::Priority => "priority",
            Placeholder::Status => "status",
            Placeholder::Subject => "subject",
        }
    }

    /// The placeholder a template writes as `name`.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// The widest value, in characters: a longer value is cut to it.
    #[must_use]
    pub const fn max_chars(self) -> usize {
        match self {
            Placeholder::Reference => 26,
            Placeholder::CustomerName | Placeholder::AgentName => 40,
            Placeholder::PromisedTime | Placeholder::ReceivedAt => Self::MAX_TIME_CHARS,
            Placeholder::Category => 64,
            Placeholder::Priority => 4,
            Placeholder::Status => 22,
            Placeholder::Subject => 80,
        }
    }

    /// Its position in [`ALL`](Self::ALL).
    const fn index(self) -> usize {
        self as usize
    }
}

crate::name::display_by_name!(Placeholder);

/// How a locale writes what a message says in it: a time, and the text
/// for a time not yet promised.
///
/// # Example
/// ```
/// use casework::communication::LocaleSpec;
///
/// let fr = LocaleSpec::new("%d/%m/%Y %H:%M %Z", "dès que possible");
/// assert_eq!(fr.no_promise, "dès que possible");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct LocaleSpec {
    /// How a time is written, in chrono's strftime syntax, in the customer's
    /// zone: `%a %-d %b %Y, %H:%M %Z` writes `Mon 23 Nov 2026, 17:00 UTC`.
    /// At most [`MAX_TIME_FORMAT_CHARS`](CommunicationPolicy::MAX_TIME_FORMAT_CHARS)
    /// characters, and no wider, for any instant in any zone, than
    /// [`Placeholder::MAX_TIME_CHARS`]. Month and weekday names are chrono's,
    /// in English.
    pub time_format: String,
    /// What `{{ promised_time }}` writes while no time is promised, such as
    /// `as soon as we can`: 1 to [`Placeholder::MAX_TIME_CHARS`] characters,
    /// not blank.
    pub no_promise: String,
}

impl LocaleSpec {
    /// A locale writing times by `time_format`, and `no_promise` for a time
    /// not yet promised.
    #[must_use]
    pub fn new(time_format: impl Into<String>, no_promise: impl Into<String>) -> Self {
        Self {
            time_format: time_format.into(),
            no_promise: no_promise.into(),
        }
    }
}

/// One wording of a template: for a channel, in a locale.
///
/// # Example
/// ```
/// use casework::Channel;
/// use casework::communication::Variant;
///
/// let sms = Variant::sms("en", "{{ reference }}: we are on it.");
/// assert_eq!((sms.channel, sms.subject), (Channel::Sms, None));
/// let email = Variant::email("en", "About {{ reference }}", "Dear {{ customer_name }}, ...");
/// assert_eq!(email.subject.as_deref(), Some("About {{ reference }}"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Variant {
    /// The channel it is written for: one of the policy's
    /// [`channels`](CommunicationPolicy::channels).
    pub channel: Channel,
    /// The locale it is written in: one of the policy's
    /// [`locales`](CommunicationPolicy::locales).
    pub locale: String,
    /// The subject line, a template too: required for an email (1 to
    /// [`MAX_SUBJECT_CHARS`](CommunicationPolicy::MAX_SUBJECT_CHARS)
    /// characters on one line), refused for an SMS.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub subject: Option<String>,
    /// The message: text and `{{ placeholder }}` expressions, 1 to
    /// [`MAX_BODY_BYTES`](CommunicationPolicy::MAX_BODY_BYTES) bytes. An SMS
    /// body renders, with the widest value of every placeholder, in at most
    /// [`sms_max_chars`](CommunicationPolicy::sms_max_chars) characters.
    pub body: String,
}

impl Variant {
    /// A variant for `channel` in `locale`, without a subject.
    #[must_use]
    pub fn new(channel: Channel, locale: impl Into<String>, body: impl Into<String>) -> Self {
        Self {
            channel,
            locale: locale.into(),
            subject: None,
            body: body.into(),
        }
    }

    /// An email in `locale`, with its subject.
    #[must_use]
    pub fn email(
        locale: impl Into<String>,
        subject: impl Into<String>,
        body: impl Into<String>,
    ) -> Self {
        Self {
            subject: Some(subject.into()),
            ..Self::new(Channel::Email, locale, body)
        }
    }

    /// An SMS in `locale`.
    #[must_use]
    pub fn sms(locale: impl Into<String>, body: impl Into<String>) -> Self {
        Self::new(Channel::Sms, locale, body)
    }
}

/// How the time promised to a customer is derived from an SLA due time: the
/// metric whose due time it is, padded, then rounded up.
///
/// # Example
/// A desk that promises resolution half an hour after its SLA is due,
/// rounded up to the next quarter hour:
/// ```
/// use casework::communication::PromiseRule;
/// use chrono::{TimeZone, Utc};
///
/// let rule = PromiseRule { pad_minutes: 30, round_to_minutes: 15, ..PromiseRule::default() };
/// let due = Utc.with_ymd_and_hms(2026, 11, 23, 16, 52, 10).unwrap();
/// assert_eq!(rule.promise(due), Utc.with_ymd_and_hms(2026, 11, 23, 17, 30, 0).unwrap());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct PromiseRule {
    /// The SLA metric whose due time is promised: one of the policy's
    /// `sla.metrics`. By default `resolution`.
    pub metric: String,
    /// Minutes added to the due time: 0 (the default) to a year
    /// ([`sla::MAX_MINUTES`](crate::sla::MAX_MINUTES)).
    pub pad_minutes: u32,
    /// Rounds the padded time up to the next multiple of this many minutes
    /// since the epoch, in UTC: 0 (the default) for none, else 1 to 1440 and
    /// a divisor of 1440, so that a day holds whole steps (15 gives quarter
    /// hours, 60 whole hours).
    pub round_to_minutes: u32,
}

impl Default for PromiseRule {
    /// The `resolution` metric's due time, neither padded nor rounded.
    fn default() -> Self {
        Self {
            metric: "resolution".to_owned(),
            pad_minutes: 0,
            round_to_minutes: 0,
        }
    }
}

impl PromiseRule {
    /// The time to promise for an SLA due at `calendar_due`: padded by
    /// [`pad_minutes`](Self::pad_minutes), then rounded up to the next
    /// multiple of [`round_to_minutes`](Self::round_to_minutes). Never
    /// earlier than `calendar_due`; a time past chrono's last instant is
    /// that instant.
    #[must_use]
    pub fn promise(&self, calendar_due: DateTime<Utc>) -> DateTime<Utc> {
        let padded = calendar_due
            .checked_add_signed(chrono::TimeDelta::minutes(i64::from(self.pad_minutes)))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        if self.round_to_minutes == 0 {
            return padded;
        }
        let step = i64::from(self.round_to_minutes).saturating_mul(60);
        let seconds = padded.timestamp();
        if seconds.rem_euclid(step) == 0 && padded.timestamp_subsec_nanos() == 0 {
            return padded;
        }
        seconds
            .div_euclid(step)
            .checked_add(1)
            .and_then(|steps| steps.checked_mul(step))
            .and_then(|rounded| DateTime::from_timestamp(rounded, 0))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }
}

/// The channel to write on when a customer prefers one that is not among the
/// policy's [`channels`](CommunicationPolicy::channels).
///
/// # Example
/// ```
/// use casework::Channel;
/// use casework::communication::Fallback;
///
/// let fallback = Fallback { from: Channel::Phone, to: Channel::Email };
/// assert_ne!(fallback.from, fallback.to);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Fallback {
    /// The channel the customer prefers: each once among the fallbacks.
    pub from: Channel,
    /// The channel written on instead: one of the policy's channels, not
    /// `from`.
    pub to: Channel,
}

/// The desk's messages to customers: the templates, the channels and locales
/// they are written for, the promise rule and the channel fallbacks.
///
/// Every field may be left out in a policy file, taking the SOP default; a
/// policy that writes `templates` writes all of its templates, those it keeps
/// of the SOP's included.
///
/// # Example
/// A desk that also writes to its Dutch customers adds the locale and its
/// acknowledgements, and compiles; a template with a typo in a placeholder is
/// refused at its path:
/// ```
/// use casework::PolicySpec;
/// use casework::communication::{LocaleSpec, TemplateId, Variant};
///
/// let mut spec = PolicySpec::sop_default();
/// let communication = &mut spec.communication;
/// communication.locales.insert("nl".into(), LocaleSpec::new("%d-%m-%Y %H:%M %Z", "zo snel mogelijk"));
/// let acknowledgement = communication.templates.get_mut(&TemplateId::ACKNOWLEDGEMENT).unwrap();
/// acknowledgement.push(Variant::email("nl", "Uw verzoek {{ reference }}", "Beste {{ customer_name }}, ..."));
/// acknowledgement.push(Variant::sms("nl", "Uw verzoek {{ referense }} is ontvangen."));
///
/// let refused = spec.compile().unwrap_err();
/// assert_eq!(refused.problems[0].path, "communication.templates.acknowledgement[5].body");
/// assert_eq!(
///     refused.problems[0].message,
///     "`referense` is not a placeholder: did you mean `reference`?"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct CommunicationPolicy {
    /// The locale written in when a customer's is not one of
    /// [`locales`](Self::locales): one of them. By default `en`.
    pub default_locale: String,
    /// The channels the desk writes on, each once: at most
    /// [`MAX_CHANNELS`](Self::MAX_CHANNELS), an `other` channel's label 1 to
    /// 64 characters. Every template has a variant for each of them in the
    /// default locale. By default email and SMS.
    pub channels: Vec<Channel>,
    /// The longest SMS, in characters: 1 to
    /// [`MAX_SMS_CHARS`](Self::MAX_SMS_CHARS). By default 160, one message.
    pub sms_max_chars: u32,
    /// The locales, by tag (`en`, `de-AT`): at most
    /// [`MAX_LOCALES`](Self::MAX_LOCALES), each tag 1 to
    /// [`MAX_LOCALE_CHARS`](Self::MAX_LOCALE_CHARS) characters, ASCII letters
    /// and digits in parts of 1 to 8 joined by `-`, and unlike the others
    /// even ignoring case. By default `en` and `de`.
    pub locales: BTreeMap<String, LocaleSpec>,
    /// The templates, by id, each with its variants: at most
    /// [`MAX_TEMPLATES`](Self::MAX_TEMPLATES) templates of at most
    /// [`MAX_VARIANTS`](Self::MAX_VARIANTS) variants, one per channel and
    /// locale. By default the seven of the SOPs ([`TemplateId::SOP`]) for
    /// email and SMS in English, the acknowledgement and the resolution in
    /// German too.
    pub templates: BTreeMap<TemplateId, Vec<Variant>>,
    /// How the promised time is derived from an SLA due time.
    pub promise: PromiseRule,
    /// The channels written on instead of others: at most
    /// [`MAX_FALLBACKS`](Self::MAX_FALLBACKS). By default an email when the
    /// customer prefers SMS on a desk that sends none.
    pub fallbacks: Vec<Fallback>,
    /// What the desk owes the customer without being asked: a notice of a
    /// new promised time, an apology for a breach.
    pub notices: Notices,
}

/// The messages a case comes to owe its customer, by policy: what
/// `communication::owed` lists, beside the retries that failed deliveries
/// name.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Notices {
    /// Whether a new time promised after the first (a new priority moved
    /// it) owes the customer the `promised_time` notice, which the policy
    /// then has. By default, yes.
    pub re_promise: bool,
    /// The SLA metrics whose breach owes the customer the `breach_apology`,
    /// which the policy then has: each a metric of `sla.metrics`, once, so
    /// at most [`SlaPolicy::MAX_METRICS`](crate::sla::SlaPolicy::MAX_METRICS).
    /// By default `first_response`, `resolution` and `customer_update`.
    pub apologise_for: Vec<String>,
}

impl Default for Notices {
    fn default() -> Self {
        Self {
            re_promise: true,
            apologise_for: ["first_response", "resolution", "customer_update"]
                .map(str::to_owned)
                .to_vec(),
        }
    }
}

impl Default for CommunicationPolicy {
    /// The SOP default: the seven templates, in English for email and SMS,
    /// the acknowledgement and the resolution in German too.
    fn default() -> Self {
        Self {
            default_locale: "en".to_owned(),
            channels: vec![Channel::Email, Channel::Sms],
            sms_max_chars: 160,
            locales: BTreeMap::from([
                (
                    "de".to_owned(),
                    LocaleSpec::new("%d.%m.%Y, %H:%M %Z", "so bald wie möglich"),
                ),
                (
                    "en".to_owned(),
                    LocaleSpec::new("%a %-d %b %Y, %H:%M %Z", "as soon as we can"),
                ),
            ]),
            templates: sop_templates(),
            promise: PromiseRule::default(),
            fallbacks: vec![Fallback {
                from: Channel::Sms,
                to: Channel::Email,
            }],
            notices: Notices::default(),
        }
    }
}

/// The SOP's templates.
fn sop_templates() -> BTreeMap<TemplateId, Vec<Variant>> {
    const SIGN_OFF: &str = "\n\nKind regards,\n{{ agent_name }}";
    let email = |subject: &str, body: &str| {
        Variant::email(
            "en",
            subject,
            format!("Dear {{{{ customer_name }}}},\n\n{body}{SIGN_OFF}"),
        )
    };
    let sms = |body: &str| Variant::sms("en", body);
    BTreeMap::from([
        (
            TemplateId::ACKNOWLEDGEMENT,
            vec![
                email(
                    "We have received your request {{ reference }}",
                    "Thank you for contacting us. We have received your request \
                     \"{{ subject }}\" and logged it under the reference {{ reference }}.\n\n\
                     Expected answer: {{ promised_time }}\n\n\
                     Please quote {{ reference }} whenever you contact us about it.",
                ),
                sms(
                    "We have received your request {{ reference }}. Expected answer: \
                     {{ promised_time }}. Please quote the reference when you contact us.",
                ),
                Variant::email(
                    "de",
                    "Ihre Anfrage {{ reference }} ist bei uns eingegangen",
                    "Guten Tag {{ customer_name }},\n\n\
                     vielen Dank für Ihre Nachricht. Wir haben Ihre Anfrage „{{ subject }}“ \
                     unter der Referenz {{ reference }} aufgenommen.\n\n\
                     Voraussichtliche Antwort: {{ promised_time }}\n\n\
                     Bitte geben Sie bei Rückfragen die Referenz {{ reference }} an.\n\n\
                     Mit freundlichen Grüßen\n{{ agent_name }}",
                ),
                Variant::sms(
                    "de",
                    "Ihre Anfrage {{ reference }} ist eingegangen. Voraussichtliche Antwort: \
                     {{ promised_time }}. Bitte nennen Sie bei Rückfragen die Referenz.",
                ),
            ],
        ),
        (
            TemplateId::PROMISED_TIME,
            vec![
                email(
                    "When to expect our answer: {{ reference }}",
                    "We are working on your request {{ reference }} (\"{{ subject }}\").\n\n\
                     Expected answer: {{ promised_time }}\n\n\
                     We will keep you informed.",
                ),
                sms(
                    "We are working on your request {{ reference }}. Expected answer: \
                     {{ promised_time }}. We will keep you informed.",
                ),
            ],
        ),
        (
            TemplateId::STATUS_UPDATE,
            vec![
                email(
                    "An update on your request {{ reference }}",
                    "Here is an update on your request {{ reference }} (\"{{ subject }}\").\n\n\
                     Status: {{ status }}\n\
                     Expected answer: {{ promised_time }}\n\n\
                     If you have any questions, simply reply to this message.",
                ),
                sms(
                    "Your request {{ reference }}: {{ status }}. Expected answer: \
                     {{ promised_time }}.",
                ),
            ],
        ),
        (
            TemplateId::INFORMATION_REQUEST,
            vec![
                email(
                    "We need some information from you: {{ reference }}",
                    "To continue with your request {{ reference }} (\"{{ subject }}\"), we \
                     need some more information from you. Please reply to this message with \
                     the details.\n\n\
                     We will carry on as soon as we hear from you.",
                ),
                sms(
                    "To continue with your request {{ reference }} we need more information \
                     from you. Please contact us, quoting the reference.",
                ),
            ],
        ),
        (
            TemplateId::RESOLUTION,
            vec![
                email(
                    "Your request {{ reference }} is resolved",
                    "We have resolved your request {{ reference }} (\"{{ subject }}\").\n\n\
                     If anything is not as it should be, simply reply to this message, \
                     quoting {{ reference }}.\n\n\
                     Thank you for your patience.",
                ),
                sms(
                    "Your request {{ reference }} is resolved. If anything is not right, \
                     contact us quoting the reference. Thank you for your patience.",
                ),
                Variant::email(
                    "de",
                    "Ihre Anfrage {{ reference }} ist erledigt",
                    "Guten Tag {{ customer_name }},\n\n\
                     wir haben Ihre Anfrage {{ reference }} („{{ subject }}“) erledigt.\n\n\
                     Sollte etwas nicht in Ordnung sein, antworten Sie einfach auf diese \
                     Nachricht und nennen Sie die Referenz {{ reference }}.\n\n\
                     Vielen Dank für Ihre Geduld.\n\n\
                     Mit freundlichen Grüßen\n{{ agent_name }}",
                ),
                Variant::sms(
                    "de",
                    "Ihre Anfrage {{ reference }} ist erledigt. Falls etwas nicht stimmt, \
                     melden Sie sich bitte mit der Referenz. Danke für Ihre Geduld.",
                ),
            ],
        ),
        (
            TemplateId::FOLLOW_UP_SURVEY,
            vec![
                email(
                    "How did we do? {{ reference }}",
                    "We recently resolved your request {{ reference }} (\"{{ subject }}\"), \
                     and would like to know how we did.\n\n\
                     Please reply with a rating from 1 (poor) to 5 (excellent), and any \
                     comments you have. Your answer helps us improve.",
                ),
                sms(
                    "How did we do with your request {{ reference }}? Reply with a rating \
                     from 1 (poor) to 5 (excellent) and any comments. Thank you!",
                ),
            ],
        ),
        (
            TemplateId::BREACH_APOLOGY,
            vec![
                email(
                    "Our apologies: {{ reference }}",
                    "We are sorry: we have not kept to the time we set ourselves on \
                     your request {{ reference }} (\"{{ subject }}\"), and we have not kept \
                     you informed as we should.\n\n\
                     We are working on it. Expected answer: {{ promised_time }}\n\n\
                     We apologise, and thank you for your patience.",
                ),
                sms(
                    "We are sorry for the delay on your request {{ reference }}. We are \
                     working on it. Expected answer: {{ promised_time }}.",
                ),
            ],
        ),
    ])
}

impl CommunicationPolicy {
    /// The most channels [`channels`](Self::channels) may list: 16.
    pub const MAX_CHANNELS: usize = 16;
    /// The longest SMS [`sms_max_chars`](Self::sms_max_chars) may allow: 1600
    /// characters, ten concatenated messages.
    pub const MAX_SMS_CHARS: u32 = 1600;
    /// The most locales: 16.
    pub const MAX_LOCALES: usize = 16;
    /// The longest locale tag, in characters: 35.
    pub const MAX_LOCALE_CHARS: usize = 35;
    /// The longest [`time_format`](LocaleSpec::time_format), in characters: 64.
    pub const MAX_TIME_FORMAT_CHARS: usize = 64;
    /// The most templates: 64.
    pub const MAX_TEMPLATES: usize = 64;
    /// The most variants of one template: 32.
    pub const MAX_VARIANTS: usize = 32;
    /// The longest body of a variant, in bytes: 8 KiB.
    pub const MAX_BODY_BYTES: usize = 8 * 1024;
    /// The longest subject of a variant, in characters: 256.
    pub const MAX_SUBJECT_CHARS: usize = 256;
    /// The most fallbacks: 16.
    pub const MAX_FALLBACKS: usize = 16;
    /// The longest label of an `other` channel, in characters: 64.
    pub const MAX_CHANNEL_LABEL_CHARS: usize = 64;

    /// Every problem, each with its path from this policy, such as
    /// `templates.acknowledgement[1].body`; `sla_metrics` are the names of
    /// the SLA policy's metrics, which [`promise`](Self::promise) and the
    /// [`notices`](Self::notices) must name. [`PolicySpec::compile`](crate::PolicySpec::compile) checks the
    /// policy's with its own metrics, at `communication`.
    ///
    /// # Example
    /// ```
    /// use casework::communication::{CommunicationPolicy, TemplateId, Variant};
    ///
    /// let mut policy = CommunicationPolicy::default();
    /// let metrics = ["first_response", "resolution", "customer_update"];
    /// assert!(policy.problems(&metrics).is_empty());
    ///
    /// policy.templates.get_mut(&TemplateId::RESOLUTION).unwrap()[1] =
    ///     Variant::sms("en", "{% if subject %}Resolved{% endif %}");
    /// let problems = policy.problems(&["first_response", "customer_update"]);
    /// let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    /// assert_eq!(
    ///     paths,
    ///     ["templates.resolution[1].body", "promise.metric", "notices.apologise_for[1]"]
    /// );
    /// ```
    #[must_use]
    pub fn problems(&self, sla_metrics: &[&str]) -> Vec<Problem> {
        self.compile(sla_metrics).1
    }

    /// Checks the policy and compiles its templates: the templates when it
    /// has no problem, and every problem.
    pub(crate) fn compile(&self, sla_metrics: &[&str]) -> (Option<Templates>, Vec<Problem>) {
        let mut problems = Vec::new();
        let channels = self.channel_problems(&mut problems);
        in_range(
            &mut problems,
            "sms_max_chars",
            self.sms_max_chars,
            1,
            Self::MAX_SMS_CHARS,
        );
        let widths = self.locale_problems(&mut problems);
        let default_known = self.locales.contains_key(&self.default_locale);
        if let Some(problem) = tag_problem("default_locale", &self.default_locale) {
            problems.push(problem);
        } else if !default_known && self.locales.len() <= Self::MAX_LOCALES {
            problems.push(Problem::new(
                "default_locale",
                format!(
                    "`{}` is not one of `locales` ({})",
                    self.default_locale,
                    self.locales
                        .keys()
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        let templates = self.template_problems(&mut problems, &channels, &widths, default_known);
        self.promise_problems(&mut problems, sla_metrics);
        self.notice_problems(&mut problems, sla_metrics);
        self.fallback_problems(&mut problems, &channels);
        if problems.is_empty() {
            (templates, problems)
        } else {
            (None, problems)
        }
    }

    /// The problems of [`channels`](Self::channels); the channels in use, or
    /// none when there are too many to check.
    fn channel_problems(&self, problems: &mut Vec<Problem>) -> Vec<&Channel> {
        if too_many(
            problems,
            "channels",
            self.channels.len(),
            Self::MAX_CHANNELS,
        ) {
            return Vec::new();
        }
        if self.channels.is_empty() {
            problems.push(Problem::new("channels", "at least one channel is needed"));
        }
        let mut seen: Vec<&Channel> = Vec::new();
        for (i, channel) in self.channels.iter().enumerate() {
            let path = format!("channels[{i}]");
            if let Channel::Other(label) = channel {
                short_text(problems, &path, label, Self::MAX_CHANNEL_LABEL_CHARS);
            }
            if seen.contains(&channel) {
                problems.push(Problem::new(path, format!("`{channel}` is listed twice")));
            } else {
                seen.push(channel);
            }
        }
        seen
    }

    /// The problems of [`locales`](Self::locales); the widest time each
    /// valid locale writes, and its widest promised time.
    fn locale_problems<'a>(&'a self, problems: &mut Vec<Problem>) -> BTreeMap<&'a str, Widths> {
        let mut widths = BTreeMap::new();
        if too_many(problems, "locales", self.locales.len(), Self::MAX_LOCALES) {
            return widths;
        }
        for (tag, locale) in &self.locales {
            let path = format!("locales.{}", shown_tag(tag));
            if let Some(problem) = tag_problem(&path, tag) {
                problems.push(problem);
                continue;
            }
            let twin = self
                .locales
                .keys()
                .find(|other| *other < tag && other.eq_ignore_ascii_case(tag));
            if let Some(twin) = twin {
                problems.push(Problem::new(
                    &path,
                    format!("`{tag}` is `{twin}`: locale tags are compared ignoring case"),
                ));
            }
            let format_path = format!("{path}.time_format");
            let time = match time_format_width(&locale.time_format) {
                Ok(width) if width <= Placeholder::MAX_TIME_CHARS => Some(width),
                Ok(width) => {
                    problems.push(Problem::new(
                        format_path,
                        format!(
                            "writes up to {width} characters; a time is written in at most {}",
                            Placeholder::MAX_TIME_CHARS
                        ),
                    ));
                    None
                }
                Err(message) => {
                    problems.push(Problem::new(format_path, message));
                    None
                }
            };
            let no_promise_path = format!("{path}.no_promise");
            let before = problems.len();
            short_text(
                problems,
                &no_promise_path,
                &locale.no_promise,
                Placeholder::MAX_TIME_CHARS,
            );
            if let (Some(time), true) = (time, problems.len() == before) {
                let promised = time.max(locale.no_promise.chars().count());
                widths.insert(tag.as_str(), Widths { time, promised });
            }
        }
        widths
    }

    /// The problems of [`templates`](Self::templates); the compiled
    /// templates, when every variant compiled.
    fn template_problems(
        &self,
        problems: &mut Vec<Problem>,
        channels: &[&Channel],
        widths: &BTreeMap<&str, Widths>,
        default_known: bool,
    ) -> Option<Templates> {
        if too_many(
            problems,
            "templates",
            self.templates.len(),
            Self::MAX_TEMPLATES,
        ) {
            return None;
        }
        let mut environment = Environment::empty();
        environment.set_undefined_behavior(UndefinedBehavior::Strict);
        environment.set_auto_escape_callback(|_| AutoEscape::None);
        let mut compiled = BTreeMap::new();
        let mut complete = true;
        let sms_max = usize::try_from(self.sms_max_chars).unwrap_or(usize::MAX);
        for (id, variants) in &self.templates {
            let path = format!("templates.{id}");
            if too_many(problems, &path, variants.len(), Self::MAX_VARIANTS) {
                complete = false;
                continue;
            }
            let mut entries = Vec::with_capacity(variants.len());
            for (i, variant) in variants.iter().enumerate() {
                let at = format!("{path}[{i}]");
                let before = problems.len();
                if !self.channels.contains(&variant.channel) && !channels.is_empty() {
                    problems.push(Problem::new(
                        format!("{at}.channel"),
                        format!(
                            "`{}` is not one of `channels`: add it there, or remove the variant",
                            variant.channel
                        ),
                    ));
                }
                self.variant_locale_problem(problems, &at, &variant.locale);
                let twin = variants.iter().take(i).position(|earlier| {
                    earlier.channel == variant.channel && earlier.locale == variant.locale
                });
                if let Some(j) = twin {
                    problems.push(Problem::new(
                        &at,
                        format!(
                            "`{id}[{j}]` is the variant for `{}` in `{}` already",
                            variant.channel, variant.locale
                        ),
                    ));
                }
                let subject = match (&variant.channel, &variant.subject) {
                    (Channel::Email, None) => {
                        problems.push(Problem::new(
                            format!("{at}.subject"),
                            "an email needs a subject",
                        ));
                        None
                    }
                    (Channel::Sms, Some(_)) => {
                        problems.push(Problem::new(
                            format!("{at}.subject"),
                            "an SMS has no subject",
                        ));
                        None
                    }
                    (_, Some(subject)) => {
                        let subject_path = format!("{at}.subject");
                        let name = format!("{id}[{i}].subject");
                        if subject_problems(problems, &subject_path, subject) {
                            None
                        } else {
                            compile_part(&mut environment, problems, &subject_path, name, subject)
                        }
                    }
                    (_, None) => Some(Part::default()),
                };
                let body_path = format!("{at}.body");
                let name = format!("{id}[{i}].body");
                let body = if body_problems(problems, &body_path, &variant.body) {
                    None
                } else {
                    compile_part(&mut environment, problems, &body_path, name, &variant.body)
                };
                if let (Channel::Sms, Some(body), Some(width)) =
                    (&variant.channel, &body, widths.get(variant.locale.as_str()))
                {
                    match widest_render(&environment, &body.name, width) {
                        Ok(chars) if chars > sms_max => problems.push(Problem::new(
                            &body_path,
                            format!(
                                "renders up to {chars} characters with the widest value of \
                                 each placeholder; an SMS holds at most {sms_max}"
                            ),
                        )),
                        Ok(_) => {}
                        Err(message) => problems.push(Problem::new(&body_path, message)),
                    }
                }
                match (subject, body) {
                    (Some(subject), Some(body)) if problems.len() == before => {
                        entries.push(Compiled {
                            subject: (!subject.name.is_empty()).then_some(subject.name),
                            body: body.name,
                            used: Used(subject.used.0 | body.used.0),
                        });
                    }
                    _ => complete = false,
                }
            }
            if default_known {
                for channel in channels {
                    let covered = variants
                        .iter()
                        .any(|v| &v.channel == *channel && v.locale == self.default_locale);
                    if !covered {
                        problems.push(Problem::new(
                            &path,
                            format!(
                                "no variant for `{channel}` in the default locale `{}`: every \
                                 channel of `channels` needs one",
                                self.default_locale
                            ),
                        ));
                    }
                }
            }
            compiled.insert(*id, entries);
        }
        complete.then(|| Templates {
            environment: Arc::new(environment),
            variants: compiled,
        })
    }

    /// The problem with a variant's locale, if it is not one of the policy's.
    fn variant_locale_problem(&self, problems: &mut Vec<Problem>, at: &str, locale: &str) {
        if self.locales.contains_key(locale) || self.locales.len() > Self::MAX_LOCALES {
            return;
        }
        let tags: Vec<&str> = self.locales.keys().map(String::as_str).collect();
        let shown = shown_tag(locale);
        let message = match closest(locale, &tags) {
            Some(near) => format!("`{shown}` is not one of `locales`: did you mean `{near}`?"),
            None => format!("`{shown}` is not one of `locales` ({})", tags.join(", ")),
        };
        problems.push(Problem::new(format!("{at}.locale"), message));
    }

    /// The notices' problems: an apology for a metric the SLA policy does
    /// not have, or one listed twice; a notice without its template.
    fn notice_problems(&self, problems: &mut Vec<Problem>, sla_metrics: &[&str]) {
        let notices = &self.notices;
        let path = "notices.apologise_for";
        let most = crate::sla::SlaPolicy::MAX_METRICS;
        if too_many(problems, path, notices.apologise_for.len(), most) {
            return;
        }
        for (i, metric) in notices.apologise_for.iter().enumerate() {
            if let Some(problem) = unknown_metric(&format!("{path}[{i}]"), metric, sla_metrics) {
                problems.push(problem);
            } else if notices.apologise_for.iter().take(i).any(|m| m == metric) {
                problems.push(Problem::new(
                    format!("{path}[{i}]"),
                    format!("`{metric}` is listed already"),
                ));
            }
        }
        let needs = [
            (
                notices.re_promise,
                "notices.re_promise",
                TemplateId::PROMISED_TIME,
            ),
            (
                !notices.apologise_for.is_empty(),
                path,
                TemplateId::BREACH_APOLOGY,
            ),
        ];
        for (_, path, template) in needs.into_iter().filter(|(needed, ..)| *needed) {
            if !self.templates.contains_key(&template) {
                problems.push(Problem::new(
                    path,
                    format!("the notice needs the template `{template}`, which `templates` lacks"),
                ));
            }
        }
    }

    /// The problems of [`promise`](Self::promise).
    fn promise_problems(&self, problems: &mut Vec<Problem>, sla_metrics: &[&str]) {
        problems.extend(unknown_metric(
            "promise.metric",
            &self.promise.metric,
            sla_metrics,
        ));
        in_range(
            problems,
            "promise.pad_minutes",
            self.promise.pad_minutes,
            0,
            MAX_MINUTES,
        );
        let round = self.promise.round_to_minutes;
        if round != 0 && (round > MINUTES_PER_DAY || MINUTES_PER_DAY % round != 0) {
            problems.push(Problem::new(
                "promise.round_to_minutes",
                format!(
                    "{round} is neither 0 nor a divisor of {MINUTES_PER_DAY}, the minutes of a day"
                ),
            ));
        }
    }

    /// The problems of [`fallbacks`](Self::fallbacks).
    fn fallback_problems(&self, problems: &mut Vec<Problem>, channels: &[&Channel]) {
        if too_many(
            problems,
            "fallbacks",
            self.fallbacks.len(),
            Self::MAX_FALLBACKS,
        ) {
            return;
        }
        for (i, fallback) in self.fallbacks.iter().enumerate() {
            let path = format!("fallbacks[{i}]");
            for (field, channel) in [("from", &fallback.from), ("to", &fallback.to)] {
                if let Channel::Other(label) = channel {
                    short_text(
                        problems,
                        &format!("{path}.{field}"),
                        label,
                        Self::MAX_CHANNEL_LABEL_CHARS,
                    );
                }
            }
            if fallback.from == fallback.to {
                problems.push(Problem::new(
                    &path,
                    format!("falls back from `{}` to itself", fallback.from),
                ));
            } else if !channels.is_empty() && !channels.contains(&&fallback.to) {
                problems.push(Problem::new(
                    format!("{path}.to"),
                    format!("`{}` is not one of `channels`", fallback.to),
                ));
            }
            let earlier = self
                .fallbacks
                .iter()
                .take(i)
                .position(|f| f.from == fallback.from);
            if let Some(j) = earlier {
                problems.push(Problem::new(
                    format!("{path}.from"),
                    format!(
                        "`fallbacks[{j}]` falls back from `{}` already",
                        fallback.from
                    ),
                ));
            }
        }
    }

    /// The channel to write on for a customer who prefers `channel`: it, when
    /// the desk writes on it, else the fallbacks followed from it to a
    /// channel the desk writes on.
    #[must_use]
    pub fn channel_for<'a>(&'a self, channel: &'a Channel) -> Option<&'a Channel> {
        let mut current = channel;
        // Each fallback is followed once at most: a cycle ends here.
        for _ in 0..=self.fallbacks.len() {
            if self.channels.contains(current) {
                return Some(current);
            }
            current = self.fallback(current)?;
        }
        None
    }

    /// The channel the policy falls back to from `channel`, one step: what
    /// a failed delivery on it is retried on.
    #[must_use]
    pub fn fallback(&self, channel: &Channel) -> Option<&Channel> {
        self.fallbacks
            .iter()
            .find(|f| &f.from == channel)
            .map(|f| &f.to)
    }
}

/// The minutes of a day, which a rounding step divides.
const MINUTES_PER_DAY: u32 = 24 * 60;

/// A locale's widest times, in characters.
#[derive(Debug, Clone, Copy)]
struct Widths {
    /// A time, by the locale's format.
    time: usize,
    /// A promised time: a time, or the locale's text for none.
    promised: usize,
}

/// A compiled subject or body: its name in the environment and the
/// placeholders it writes. A subject that the variant has not has an empty
/// name.
#[derive(Debug, Default)]
struct Part {
    name: String,
    used: Used,
}

/// A set of placeholders.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Used(u16);

impl Used {
    /// Whether the set holds `placeholder`.
    pub(crate) const fn contains(self, placeholder: Placeholder) -> bool {
        self.0 & (1 << placeholder.index()) != 0
    }

    /// The set with `placeholder` added.
    const fn with(self, placeholder: Placeholder) -> Self {
        Used(self.0 | (1 << placeholder.index()))
    }
}

/// One compiled variant: the names of its subject and body in the
/// environment, and the placeholders they write.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    subject: Option<String>,
    body: String,
    used: Used,
}

impl Compiled {
    /// The placeholders the subject and the body write.
    pub(crate) const fn used(&self) -> Used {
        self.used
    }
}

/// The compiled templates of a policy: parsed once, rendered by name.
#[derive(Clone)]
pub(crate) struct Templates {
    environment: Arc<Environment<'static>>,
    variants: BTreeMap<TemplateId, Vec<Compiled>>,
}

impl fmt::Debug for Templates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Templates")
            .field("variants", &self.variants)
            .finish_non_exhaustive()
    }
}

impl Templates {
    /// The compiled variant `index` of `template`.
    pub(crate) fn variant(&self, template: TemplateId, index: usize) -> Option<&Compiled> {
        self.variants.get(&template)?.get(index)
    }

    /// Renders a compiled variant with `values`: its subject, if it has one,
    /// and its body; or the template engine's message.
    pub(crate) fn render(
        &self,
        variant: &Compiled,
        values: Values,
    ) -> Result<(Option<String>, String), String> {
        let values = Value::from_object(values);
        let render = |name: &str| {
            self.environment
                .get_template(name)
                .and_then(|template| template.render(values.clone()))
                .map_err(|e| engine_message(&e))
        };
        let subject = variant.subject.as_deref().map(render).transpose()?;
        Ok((subject, render(&variant.body)?))
    }
}

/// The values of a message's placeholders, as a template reads them; a
/// placeholder without a value is undefined, which the strict engine
/// refuses to write.
#[derive(Debug, Default)]
pub(crate) struct Values([Option<Value>; 9]);

impl Values {
    /// Sets `placeholder` to `text`: cut to the placeholder's widest width
    /// with `…`, control characters written as spaces.
    pub(crate) fn set(&mut self, placeholder: Placeholder, text: &str) {
        if let Some(slot) = self.0.get_mut(placeholder.index()) {
            *slot = Some(Value::from(fit(text, placeholder.max_chars())));
        }
    }
}

impl Object for Values {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        let placeholder = Placeholder::from_name(key)?;
        self.0.get(placeholder.index())?.clone()
    }
}

/// `text`, at most `max` characters: a longer one cut to `max - 1` and `…`;
/// control characters written as spaces.
pub(crate) fn fit(text: &str, max: usize) -> String {
    let clean = |c: char| if c.is_control() { ' ' } else { c };
    match text.char_indices().nth(max) {
        None if !text.chars().any(char::is_control) => text.to_owned(),
        None => text.chars().map(clean).collect(),
        Some(_) => {
            let mut cut: String = text
                .chars()
                .take(max.saturating_sub(1))
                .map(clean)
                .collect();
            if max > 0 {
                cut.push('…');
            }
            cut
        }
    }
}

/// The template engine's message, with the line.
fn engine_message(error: &minijinja::Error) -> String {
    let mut message = error.kind().to_string();
    if let Some(detail) = error.detail() {
        message.push_str(": ");
        message.push_str(detail);
    }
    if let Some(line) = error.line().filter(|line| *line > 0) {
        message.push_str(&format!(" at line {line}"));
    }
    message
}

/// Checks a subject's length and shape, adding problems; whether it had one.
fn subject_problems(problems: &mut Vec<Problem>, path: &str, subject: &str) -> bool {
    let before = problems.len();
    short_text(
        problems,
        path,
        subject,
        CommunicationPolicy::MAX_SUBJECT_CHARS,
    );
    if subject.contains(['\r', '\n']) {
        problems.push(Problem::new(path, "a subject is one line"));
    }
    problems.len() > before
}

/// Checks a body's length, adding problems; whether it had one.
fn body_problems(problems: &mut Vec<Problem>, path: &str, body: &str) -> bool {
    let before = problems.len();
    not_blank(problems, path, body);
    if body.len() > CommunicationPolicy::MAX_BODY_BYTES {
        problems.push(Problem::new(
            path,
            format!(
                "{} bytes is longer than {}",
                body.len(),
                CommunicationPolicy::MAX_BODY_BYTES
            ),
        ));
    }
    problems.len() > before
}

/// What a template's source holds besides text and placeholders, as far as
/// the check needs to know.
enum Shape<'a> {
    /// Text, comments and `{{ name }}` expressions only; the names.
    Plain(Vec<&'a str>),
    /// A statement block, `{% ... %}`.
    Statement,
    /// A `{{` that no `}}` closes.
    Unclosed,
    /// An expression that is not a bare name, such as `{{ name|upper }}`.
    Expression(&'a str),
}

/// Reads the shape of `source` as the engine's lexer does: `{{ ... }}` up
/// to the first `}}`, `{# ... #}` up to the first `#}`, `{%` a statement.
/// An expression that is not a bare name is read no further, so that the
/// engine is only ever given text, comments and bare names to parse (its
/// parser recurses on nested expressions, and would overflow the stack on
/// thousands of nested unary operators).
fn shape(source: &str) -> Shape<'_> {
    let mut names = Vec::new();
    let mut rest = source;
    while let Some((_, after)) = rest.split_once('{') {
        if after.starts_with('%') {
            return Shape::Statement;
        } else if let Some(comment) = after.strip_prefix('#') {
            match comment.split_once("#}") {
                Some((_, next)) => rest = next,
                // The engine refuses the comment left open.
                None => break,
            }
        } else if let Some(expression) = after.strip_prefix('{') {
            let Some((inner, next)) = expression.split_once("}}") else {
                return Shape::Unclosed;
            };
            // Whitespace control is one `-` or `+` right inside the braces.
            let name = inner.strip_prefix(['-', '+']).unwrap_or(inner);
            let name = name.strip_suffix(['-', '+']).unwrap_or(name).trim();
            if !is_name(name) {
                return Shape::Expression(inner);
            }
            names.push(name);
            rest = next;
        } else {
            rest = after;
        }
    }
    Shape::Plain(names)
}

/// Whether `text` is a name a template may write: an ASCII letter or `_`,
/// then letters, digits and `_`.
fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// What a message template holds, for the messages that refuse more.
const TEXT_AND_PLACEHOLDERS: &str =
    "a message template holds text and `{{ placeholder }}` expressions only";

/// Checks and compiles one template (a subject or a body) into the
/// environment as `name`, adding its problems at `path`: a statement, an
/// expression that is not a bare name, a syntax error, an unknown
/// placeholder.
fn compile_part(
    environment: &mut Environment<'static>,
    problems: &mut Vec<Problem>,
    path: &str,
    name: String,
    source: &str,
) -> Option<Part> {
    let names = match shape(source) {
        Shape::Plain(names) => names,
        Shape::Statement => {
            problems.push(Problem::new(
                path,
                format!("a statement block (`{{%`) is refused: {TEXT_AND_PLACEHOLDERS}"),
            ));
            return None;
        }
        Shape::Unclosed => {
            problems.push(Problem::new(
                path,
                format!("a `{{{{` is not closed by `}}}}`: {TEXT_AND_PLACEHOLDERS}"),
            ));
            return None;
        }
        Shape::Expression(inner) => {
            let shown: String = inner.trim().chars().take(40).collect();
            let cut = if shown.len() < inner.trim().len() {
                "…"
            } else {
                ""
            };
            problems.push(Problem::new(
                path,
                format!(
                    "`{{{{ {shown}{cut} }}}}` is not a placeholder: {TEXT_AND_PLACEHOLDERS}, \
                     without filters or operators"
                ),
            ));
            return None;
        }
    };
    if let Err(error) = environment.add_template_owned(name.clone(), source.to_owned()) {
        problems.push(Problem::new(path, engine_message(&error)));
        return None;
    }
    // The engine's variables, and the names it reads as constants (`true`,
    // `none`): every one must be a placeholder.
    let mut written: Vec<String> = environment
        .get_template(&name)
        .map(|template| template.undeclared_variables(false).into_iter().collect())
        .unwrap_or_default();
    written.extend(names.into_iter().map(str::to_owned));
    written.sort();
    written.dedup();
    let mut used = Used::default();
    let mut known = true;
    for variable in written {
        match Placeholder::from_name(&variable) {
            Some(placeholder) => used = used.with(placeholder),
            None => {
                known = false;
                let message = match closest(&variable, &Placeholder::NAMES) {
                    Some(near) => {
                        format!("`{variable}` is not a placeholder: did you mean `{near}`?")
                    }
                    None => format!(
                        "`{variable}` is not a placeholder ({})",
                        Placeholder::NAMES.join(", ")
                    ),
                };
                problems.push(Problem::new(path, message));
            }
        }
    }
    known.then_some(Part { name, used })
}

/// How many characters the template `name` renders with the widest value of
/// every placeholder, times as wide as `widths` says; or the engine's
/// message.
fn widest_render(
    environment: &Environment<'static>,
    name: &str,
    widths: &Widths,
) -> Result<usize, String> {
    let mut values = Values::default();
    for placeholder in Placeholder::ALL {
        let width = match placeholder {
            Placeholder::PromisedTime => widths.promised,
            Placeholder::ReceivedAt => widths.time,
            other => other.max_chars(),
        };
        values.set(placeholder, &"W".repeat(width));
    }
    environment
        .get_template(name)
        .and_then(|template| template.render(Value::from_object(values)))
        .map(|text| text.chars().count())
        .map_err(|e| engine_message(&e))
}

/// The problem with a locale tag at `path`, if it is not one: 1 to
/// [`CommunicationPolicy::MAX_LOCALE_CHARS`] characters, ASCII letters and
/// digits in parts of 1 to 8 joined by `-`.
fn tag_problem(path: &str, tag: &str) -> Option<Problem> {
    let parts_fit = tag.split('-').all(|part| {
        (1..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    if parts_fit && tag.len() <= CommunicationPolicy::MAX_LOCALE_CHARS {
        return None;
    }
    Some(Problem::new(
        path,
        format!(
            "`{}` is not a locale tag: 1 to {} characters, ASCII letters and digits in parts \
             of 1 to 8 joined by `-`, such as `de-AT`",
            shown_tag(tag),
            CommunicationPolicy::MAX_LOCALE_CHARS
        ),
    ))
}

/// The problem at `path` when `metric` is none of `sla_metrics`: the
/// closest as a suggestion, or else them all; a long name cut to its first
/// 64 characters.
pub(crate) fn unknown_metric(path: &str, metric: &str, sla_metrics: &[&str]) -> Option<Problem> {
    if sla_metrics.contains(&metric) {
        return None;
    }
    let shown: String = metric.chars().take(64).collect();
    let message = match closest(metric, sla_metrics) {
        Some(near) => format!("`{shown}` is not a metric of `sla.metrics`: did you mean `{near}`?"),
        None => format!(
            "`{shown}` is not a metric of `sla.metrics` ({})",
            sla_metrics.join(", ")
        ),
    };
    Some(Problem::new(path, message))
}

/// A tag as a message or a path shows it: cut after
/// [`CommunicationPolicy::MAX_LOCALE_CHARS`] characters.
fn shown_tag(tag: &str) -> String {
    let max = CommunicationPolicy::MAX_LOCALE_CHARS;
    match tag.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", tag.get(..cut).unwrap_or_default()),
        None => tag.to_owned(),
    }
}

/// The widest abbreviation `%Z` writes for a zone, in characters.
const MAX_ZONE_NAME_CHARS: usize = 6;

/// The most characters `format` writes for any instant in any zone; or why
/// it is no time format: chrono cannot read it, or it holds a specifier that
/// only parses.
fn time_format_width(format: &str) -> Result<usize, String> {
    let length = format.chars().count();
    if length > CommunicationPolicy::MAX_TIME_FORMAT_CHARS {
        return Err(format!(
            "{length} characters is longer than {}",
            CommunicationPolicy::MAX_TIME_FORMAT_CHARS
        ));
    }
    if format.trim().is_empty() {
        return Err("must not be blank".to_owned());
    }
    let refused =
        || format!("`{format}` is not a time format that chrono's strftime reads and writes");
    let mut width = 0usize;
    for item in StrftimeItems::new(format) {
        let item_width = match item {
            Item::Literal(text) | Item::Space(text) => text.chars().count(),
            Item::OwnedLiteral(text) | Item::OwnedSpace(text) => text.chars().count(),
            Item::Numeric(numeric, _) => numeric_width(&numeric).ok_or_else(refused)?,
            Item::Fixed(fixed) => fixed_width(&fixed).ok_or_else(refused)?,
            Item::Error => return Err(refused()),
        };
        width = width.saturating_add(item_width);
    }
    // Writing can still fail where reading did not: try one instant.
    let sample = Utc.timestamp_opt(0, 0).single().ok_or_else(refused)?;
    write_time(sample, Zone::new(chrono_tz::Tz::UTC), format).ok_or_else(refused)?;
    Ok(width)
}

/// The most characters a numeric specifier writes, padded: years as wide as
/// chrono's (`+262143`). `None` for one that only parses.
fn numeric_width(numeric: &Numeric) -> Option<usize> {
    Some(match numeric {
        Numeric::Year | Numeric::IsoYear => 7,
        Numeric::YearDiv100 | Numeric::IsoYearDiv100 => 5,
        Numeric::Quarter | Numeric::NumDaysFromSun | Numeric::WeekdayFromMon => 1,
        Numeric::Ordinal => 3,
        Numeric::Nanosecond => 9,
        Numeric::Timestamp => 15,
        Numeric::YearMod100
        | Numeric::IsoYearMod100
        | Numeric::Month
        | Numeric::Day
        | Numeric::WeekFromSun
        | Numeric::WeekFromMon
        | Numeric::IsoWeek
        | Numeric::Hour
        | Numeric::Hour12
        | Numeric::Minute
        | Numeric::Second => 2,
        _ => return None,
    })
}

/// The most characters a fixed specifier writes. `None` for one that only
/// parses.
fn fixed_width(fixed: &Fixed) -> Option<usize> {
    Some(match fixed {
        Fixed::ShortMonthName | Fixed::ShortWeekdayName | Fixed::TimezoneOffsetTripleColon => 3,
        Fixed::LongMonthName | Fixed::LongWeekdayName => 9,
        Fixed::LowerAmPm | Fixed::UpperAmPm => 2,
        Fixed::Nanosecond3 => 4,
        Fixed::Nanosecond6 => 7,
        Fixed::Nanosecond | Fixed::Nanosecond9 => 10,
        Fixed::TimezoneName => MAX_ZONE_NAME_CHARS,
        Fixed::TimezoneOffsetColon
        | Fixed::TimezoneOffsetDoubleColon
        | Fixed::TimezoneOffsetColonZ
        | Fixed::TimezoneOffset
        | Fixed::TimezoneOffsetZ => 9,
        Fixed::RFC2822 | Fixed::RFC3339 => 40,
        _ => return None,
    })
}

/// `at` in `zone`, written by `format`; `None` when chrono cannot write it.
pub(crate) fn write_time(at: DateTime<Utc>, zone: Zone, format: &str) -> Option<String> {
    use fmt::Write as _;

    let mut text = String::new();
    write!(text, "{}", at.with_timezone(&zone).format(format)).ok()?;
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::{
        CommunicationPolicy, MAX_ZONE_NAME_CHARS, Placeholder, PromiseRule, TemplateId,
        time_format_width, write_time,
    };
    use crate::calendar::Zone;
    use chrono::{TimeZone, Utc};

    #[test]
    fn the_sop_templates_ids_are_ids_and_the_default_has_no_problem() {
        for id in TemplateId::SOP {
            assert_eq!(TemplateId::new(id.as_str()), Ok(id));
        }
        let policy = CommunicationPolicy::default();
        let metrics = ["first_response", "resolution", "customer_update"];
        assert_eq!(policy.problems(&metrics), []);
        for (p, name) in Placeholder::ALL.iter().zip(Placeholder::NAMES) {
            assert_eq!(p.as_str(), name);
            assert_eq!(Placeholder::from_name(name), Some(*p));
        }
    }

    #[test]
    fn no_zone_abbreviation_is_wider_than_the_bound() {
        let mut widest = 0;
        for tz in chrono_tz::TZ_VARIANTS {
            let zone = Zone::new(tz);
            for year in (1850..2110).step_by(3) {
                for month in [1, 4, 7, 10] {
                    let at = Utc.with_ymd_and_hms(year, month, 15, 12, 0, 0).single();
                    let written = at.and_then(|at| write_time(at, zone, "%Z"));
                    widest = widest.max(written.map_or(0, |w| w.chars().count()));
                }
            }
        }
        assert!(widest <= MAX_ZONE_NAME_CHARS, "{widest}");
    }

    #[test]
    fn a_time_format_is_bounded_and_parse_only_specifiers_are_refused() {
        assert_eq!(time_format_width("%a %-d %b %Y, %H:%M %Z"), Ok(32));
        assert_eq!(time_format_width("%d.%m.%Y, %H:%M %Z"), Ok(27));
        assert!(time_format_width("%#z").is_err());
        assert!(time_format_width("%Q").is_err());
        assert!(time_format_width("%").is_err());
        let zone = Zone::new(chrono_tz::Tz::Asia__Kathmandu);
        for format in [
            "%c",
            "%+",
            "%s",
            "%A %B %:::z %::z %.f",
            "%Y-%m-%dT%H:%M:%S%.9f%:z",
        ] {
            let width = time_format_width(format).unwrap_or(0);
            for at in [
                Utc.with_ymd_and_hms(2026, 9, 30, 23, 59, 59).single(),
                chrono::DateTime::from_timestamp(-8_000_000_000_000, 999_999_999),
            ]
            .into_iter()
            .flatten()
            {
                let written = write_time(at, zone, format).unwrap_or_default();
                assert!(written.chars().count() <= width, "{format}: {written}");
            }
        }
    }

    #[test]
    fn a_promise_is_padded_then_rounded_up_and_never_earlier() {
        let at = |h, m, s| Utc.with_ymd_and_hms(2026, 11, 23, h, m, s).unwrap();
        let rule = |pad, round| PromiseRule {
            pad_minutes: pad,
            round_to_minutes: round,
            ..PromiseRule::default()
        };
        assert_eq!(rule(0, 0).promise(at(16, 52, 10)), at(16, 52, 10));
        assert_eq!(rule(0, 15).promise(at(16, 45, 0)), at(16, 45, 0));
        assert_eq!(rule(0, 15).promise(at(16, 45, 1)), at(17, 0, 0));
        assert_eq!(rule(30, 60).promise(at(16, 0, 0)), at(17, 0, 0));
        assert_eq!(
            rule(0, 1440).promise(at(0, 0, 1)),
            Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).unwrap()
        );
        let last = chrono::DateTime::<Utc>::MAX_UTC;
        assert_eq!(rule(super::MAX_MINUTES, 7).promise(last), last);
        assert_eq!(rule(0, 7).promise(last), last);
        let first = chrono::DateTime::<Utc>::MIN_UTC;
        assert!(rule(0, 1440).promise(first) >= first);
    }
}
