//! [`Payload`]: how an event type is written as the bytes a store keeps, and
//! how those bytes are read back into today's type, whichever encoding of the
//! type wrote them ("upcasting"). The audit chain never decodes: it hashes the
//! bytes as stored, so that a history verifies whatever the Rust types look
//! like now, and decoding is this separate step.

use crate::envelope::Version;

/// The encoding of every event type's serde JSON form as it stands in this
/// release: encoding 1. An event type whose wire form changes in a way that
/// old payloads no longer decode into gives its new form a new number
/// ([`Payload::ENCODING`]) and reads the old one in [`Payload::decode`].
pub const JSON_V1: u32 = 1;

/// Why an event could not be written as a payload, or a payload read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PayloadError {
    /// The event's encoder failed.
    #[error("the event cannot be encoded: {reason}")]
    Unencodable {
        /// Why.
        reason: String,
    },
    /// The payload was written with an encoding the event type does not read.
    #[error("encoding {encoding} is not one this event type reads")]
    UnknownEncoding {
        /// The payload's encoding.
        encoding: u32,
    },
    /// The payload is not an event of its encoding.
    #[error("{reason}")]
    Undecodable {
        /// The payload's encoding.
        encoding: u32,
        /// What the decoder said.
        reason: String,
    },
}

impl PayloadError {
    /// A stable snake_case name of what went wrong: `unencodable`,
    /// `unknown_encoding` or `undecodable`.
    #[must_use]
    pub const fn rule(&self) -> &'static str {
        match self {
            PayloadError::Unencodable { .. } => "unencodable",
            PayloadError::UnknownEncoding { .. } => "unknown_encoding",
            PayloadError::Undecodable { .. } => "undecodable",
        }
    }
}

crate::problem::rule_by_inherent!(PayloadError);

/// How an event type is stored: written once as bytes under an encoding
/// number, and read back from any encoding it has had.
///
/// The default is the serde JSON form, encoding [`JSON_V1`], and reading
/// only that. An event type whose serde form keeps reading old payloads (a
/// field added with `#[serde(default)]`, say) needs nothing more: write
/// `impl Payload for MyEvent {}`. One whose form changes in a way that breaks
/// old payloads bumps [`ENCODING`](Self::ENCODING) and upcasts the old ones
/// in [`decode`](Self::decode), as in the example. Stored bytes are never
/// rewritten: the audit chain hashes them as they were written.
///
/// The crate's own event types, and `String`, `u32` and `u64` (handy in
/// tests), are serde JSON, encoding 1.
///
/// # Example
/// An event whose `amount` became `cents`: encoding 2, and encoding 1 read
/// into it.
/// ```
/// use casework::store::{JSON_V1, Payload, PayloadError, decode_json};
///
/// #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
/// struct Refunded { cents: u64 }
///
/// #[derive(serde::Deserialize)]
/// struct RefundedV1 { amount: u64 }
///
/// impl Payload for Refunded {
///     const ENCODING: u32 = 2;
///     fn decode(encoding: u32, payload: &[u8]) -> Result<Self, PayloadError> {
///         match encoding {
///             JSON_V1 => decode_json::<RefundedV1>(encoding, payload)
///                 .map(|old| Refunded { cents: old.amount * 100 }),
///             2 => decode_json(encoding, payload),
///             _ => Err(PayloadError::UnknownEncoding { encoding }),
///         }
///     }
/// }
///
/// assert_eq!(Refunded::decode(1, br#"{"amount":3}"#), Ok(Refunded { cents: 300 }));
/// assert_eq!(Refunded::decode(2, br#"{"cents":3}"#), Ok(Refunded { cents: 3 }));
/// assert_eq!(Refunded { cents: 3 }.encode().unwrap(), br#"{"cents":3}"#);
/// ```
pub trait Payload: serde::Serialize + serde::de::DeserializeOwned {
    /// The encoding [`encode`](Self::encode) writes, stored with each payload.
    const ENCODING: u32 = JSON_V1;

    /// The event as the bytes to store, in encoding [`ENCODING`](Self::ENCODING).
    /// The default is its compact serde JSON.
    ///
    /// # Errors
    /// [`PayloadError::Unencodable`] when the encoder fails.
    fn encode(&self) -> Result<Vec<u8>, PayloadError> {
        serde_json::to_vec(self).map_err(|e| PayloadError::Unencodable {
            reason: e.to_string(),
        })
    }

    /// The event a payload of `encoding` holds, as today's type. The default
    /// reads encoding [`JSON_V1`] as serde JSON, and no other.
    ///
    /// # Errors
    /// [`PayloadError::UnknownEncoding`] for an encoding the type does not
    /// read; [`PayloadError::Undecodable`] when the bytes are not an event of
    /// their encoding.
    fn decode(encoding: u32, payload: &[u8]) -> Result<Self, PayloadError> {
        if encoding == JSON_V1 {
            decode_json(encoding, payload)
        } else {
            Err(PayloadError::UnknownEncoding { encoding })
        }
    }

    /// The event's personal fields: JSON pointers (RFC 6901) into its serde
    /// form, naming text that may name or describe a person (a complaint's
    /// description, a note, a customer's comments). The default is none.
    ///
    /// A store keeps these fields apart from the payload, in the row's
    /// personal part, which the chain covers by its digest alone: the part
    /// can be erased while the chain still verifies. The payload holds
    /// [`ERASED`] in their place from the start; reading the event puts the
    /// text back while the part exists, and leaves [`ERASED`] once it was
    /// erased. A pointer that names no string (absent, `null`, or empty
    /// text) is left in the payload. Only for events whose encoding is
    /// serde JSON.
    fn personal_fields(&self) -> &'static [&'static str] {
        &[]
    }

    /// The earlier versions of its stream whose personal parts this event
    /// erases. The default is none. A store appending it removes those parts
    /// in the same transaction.
    fn erases(&self) -> &[Version] {
        &[]
    }
}

pub use crate::records::ERASED;

/// An event as a row keeps it: the payload bytes, and the personal part.
pub(crate) struct Written {
    /// The payload, with [`ERASED`] in place of each personal field.
    pub(crate) payload: Vec<u8>,
    /// The personal fields, as a JSON object from pointer to text; `None`
    /// when the event has none.
    pub(crate) personal: Option<Vec<u8>>,
}

/// Writes `event` as its payload and its personal part.
pub(crate) fn write<Ev: Payload>(event: &Ev) -> Result<Written, PayloadError> {
    let fields = event.personal_fields();
    if fields.is_empty() {
        return Ok(Written {
            payload: event.encode()?,
            personal: None,
        });
    }
    let unencodable = |e: serde_json::Error| PayloadError::Unencodable {
        reason: e.to_string(),
    };
    let mut value = serde_json::to_value(event).map_err(unencodable)?;
    let mut personal = serde_json::Map::new();
    for &field in fields {
        if let Some(slot) = value.pointer_mut(field) {
            if slot.as_str().is_some_and(|text| !text.is_empty()) {
                let text = core::mem::replace(slot, ERASED.into());
                personal.insert(field.to_owned(), text);
            }
        }
    }
    if personal.is_empty() {
        return Ok(Written {
            payload: event.encode()?,
            personal: None,
        });
    }
    Ok(Written {
        payload: serde_json::to_vec(&value).map_err(unencodable)?,
        personal: Some(serde_json::to_vec(&personal).map_err(unencodable)?),
    })
}

/// Reads an event back from its payload and, unless it was erased, its
/// personal part.
pub(crate) fn read<Ev: Payload>(
    encoding: u32,
    payload: &[u8],
    personal: Option<&[u8]>,
) -> Result<Ev, PayloadError> {
    let Some(personal) = personal else {
        return Ev::decode(encoding, payload);
    };
    let undecodable = |reason: String| PayloadError::Undecodable { encoding, reason };
    let mut value: serde_json::Value =
        serde_json::from_slice(payload).map_err(|e| undecodable(e.to_string()))?;
    let fields: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(personal)
        .map_err(|e| undecodable(format!("the personal part: {e}")))?;
    for (field, text) in fields {
        let slot = value.pointer_mut(&field).ok_or_else(|| {
            undecodable(format!(
                "the personal part names {field}, which the payload lacks"
            ))
        })?;
        *slot = text;
    }
    let joined = serde_json::to_vec(&value).map_err(|e| undecodable(e.to_string()))?;
    Ev::decode(encoding, &joined)
}

/// Reads `payload`, of `encoding`, as serde JSON: the building block of an
/// upcasting [`Payload::decode`].
///
/// # Errors
/// [`PayloadError::Undecodable`], with serde's reason, when the bytes are not
/// a `T` in JSON.
pub fn decode_json<T: serde::de::DeserializeOwned>(
    encoding: u32,
    payload: &[u8],
) -> Result<T, PayloadError> {
    serde_json::from_slice(payload).map_err(|e| PayloadError::Undecodable {
        encoding,
        reason: e.to_string(),
    })
}

/// The crate's event types, and a few plain ones for tests: serde JSON,
/// encoding 1.
macro_rules! json_payload {
    ($($event:ty),* $(,)?) => {
        $(impl Payload for $event {})*
    };
}

/// Case events keep their free text apart ([`Event::personal_fields`](crate::case::Event::personal_fields)),
/// and an erasure names what it erased.
impl Payload for crate::case::Event {
    fn personal_fields(&self) -> &'static [&'static str] {
        crate::case::Event::personal_fields(self)
    }

    fn erases(&self) -> &[Version] {
        crate::case::Event::erases(self)
    }
}

/// A feedback item's text is kept apart ([`Event::personal_fields`](crate::feedback::item::Event::personal_fields)),
/// and its erasure names the logging it erased.
impl Payload for crate::feedback::item::Event {
    fn personal_fields(&self) -> &'static [&'static str] {
        crate::feedback::item::Event::personal_fields(self)
    }

    fn erases(&self) -> &[Version] {
        crate::feedback::item::Event::erases(self)
    }
}

json_payload!(
    crate::quality::nonconformance::Event,
    crate::quality::capa::Event,
    crate::delivery::Event,
    crate::governance::document::Event,
    crate::governance::meeting::Event,
    String,
    u32,
    u64,
);
