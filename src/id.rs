//! Typed ids and human reference numbers.
//!
//! Every id is a [`Uuid`] newtype that the **caller** supplies: the library never
//! generates an id, so that a replay, a test or a retry always sees the same ids.
//! Use whichever uuid version your store prefers (v7 sorts by time, which suits
//! append-only tables).
//!
//! A [`Reference`] is the short number a person reads out on the phone, such as
//! `CMP-2026-000042`: a prefix, a year and a sequence number that the caller's
//! store hands out.
//!
//! This module knows nothing of the aggregates that use these ids.
//!
//! # Example
//! A complaint logged by phone gets its id from the caller's store and its
//! reference from the caller's counter; the reference read back by the
//! customer parses to the same value, and every aggregate id names its stream:
//! ```
//! use casework::{CaseId, Reference, ReferenceError, StreamId};
//! use uuid::Uuid;
//!
//! let case = CaseId::from_uuid(Uuid::from_u128(42));
//! let reference = Reference::new("CMP", 2026, 42)?;
//! assert_eq!(reference.to_string(), "CMP-2026-000042");
//!
//! // Read out on the phone and typed back in:
//! let heard: Reference = "CMP-2026-000042".parse()?;
//! assert_eq!((heard.prefix(), heard.year(), heard.sequence()), ("CMP", 2026, 42));
//! assert_eq!(heard, reference);
//! // One spelling only: a reference typed without the padding is refused, with why.
//! assert!(matches!("CMP-2026-42".parse::<Reference>(), Err(ReferenceError::NonCanonical { .. })));
//!
//! // Ids are typed: a case id is no customer or actor id, but it names the
//! // case's event stream, with the same uuid.
//! assert_eq!(StreamId::from(case).as_uuid(), case.as_uuid());
//! let parsed: CaseId = case.to_string().parse()?;
//! assert_eq!(parsed, case);
//! assert_eq!("not-a-uuid".parse::<CaseId>().unwrap_err().kind, "CaseId");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;
use core::str::FromStr;

use uuid::Uuid;

/// The error for a string that is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{input}` is not a valid {kind}: expected a UUID such as 67e55044-10b1-426f-9247-bb680e5fe0c8"
)]
pub struct ParseIdError {
    /// Which id type refused the input, e.g. `CaseId`.
    pub kind: &'static str,
    /// The refused input, cut to at most 64 characters.
    pub input: String,
}

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// Built from a caller-supplied [`Uuid`]; displayed, parsed and serialized as the
        /// hyphenated UUID.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(transparent))]
        #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
        pub struct $name(Uuid);

        impl $name {
            /// Wraps a uuid that the caller generated.
            #[must_use]
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// The uuid inside.
            #[must_use]
            pub const fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(uuid: Uuid) -> Self {
                Self(uuid)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }

        impl FromStr for $name {
            type Err = ParseIdError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::try_parse(s).map(Self).map_err(|_| ParseIdError {
                    kind: stringify!($name),
                    input: s.chars().take(64).collect(),
                })
            }
        }
    };
}

typed_id!(
    /// Identifies one case: a complaint, a service request or an inquiry.
    CaseId
);
typed_id!(
    /// Identifies one non-conformance report (NCR).
    NonConformanceId
);
typed_id!(
    /// Identifies one corrective and preventive action (CAPA) record.
    CapaId
);
typed_id!(
    /// Identifies a person or a system account acting on a record.
    ActorId
);
typed_id!(
    /// Identifies a team that a case can be assigned to.
    TeamId
);
typed_id!(
    /// Identifies one service order (a delivery, its checklist, inspection and sign-off).
    ServiceOrderId
);
typed_id!(
    /// Identifies a controlled document, such as an SOP.
    DocumentId
);
typed_id!(
    /// Identifies one review meeting, with its minutes and action items.
    MeetingId
);
typed_id!(
    /// Identifies one feedback item: a compliment, a suggestion or a complaint
    /// about the process, from a customer unasked or from a member of staff.
    FeedbackItemId
);
typed_id!(
    /// Identifies one audit of a handled case: its scorecard, findings and
    /// the non-conformances they raised.
    AuditId
);
typed_id!(
    /// Identifies one message to a customer, chosen by the caller when it
    /// queues the message: what a delivery report names.
    MessageId
);
typed_id!(
    /// An opaque reference to a customer. Contact details live with the caller, behind
    /// this reference, so that no personal data enters an event.
    CustomerRef
);
typed_id!(
    /// Identifies one event stream: the history of one aggregate instance.
    ///
    /// Every aggregate id converts into the stream id with the same uuid.
    StreamId
);

macro_rules! stream_of {
    ($($name:ident),*) => {$(
        impl From<$name> for StreamId {
            fn from(id: $name) -> Self {
                StreamId(id.0)
            }
        }
    )*};
}
stream_of!(
    CaseId,
    NonConformanceId,
    CapaId,
    ServiceOrderId,
    DocumentId,
    MeetingId,
    FeedbackItemId,
    AuditId
);

/// The error for a reference that is not of the form `PREFIX-YYYY-NNNNNN`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReferenceError {
    /// The input does not have exactly three parts separated by `-`.
    #[error("`{input}` is not a reference: expected PREFIX-YYYY-NNNNNN, such as CMP-2026-000042")]
    Shape {
        /// The refused input, cut to at most 64 characters.
        input: String,
    },
    /// The prefix is not 2 to 8 characters of `A-Z` and `0-9` starting with a letter.
    #[error(
        "reference prefix `{prefix}` must be 2 to 8 characters of A-Z and 0-9, starting with a letter"
    )]
    Prefix {
        /// The refused prefix, cut to at most 64 characters.
        prefix: String,
    },
    /// The year is not four digits from 1000 to 9999.
    #[error("reference year `{year}` must be four digits from 1000 to 9999")]
    Year {
        /// The refused year as written.
        year: String,
    },
    /// The sequence number is not made of digits, or is zero, or is too large.
    #[error(
        "reference sequence `{sequence}` must be a number from 1 to {max}",
        max = Reference::MAX_SEQUENCE
    )]
    Sequence {
        /// The refused sequence as written.
        sequence: String,
    },
    /// The sequence is not padded to exactly six digits, or has leading zeros beyond
    /// that padding, so the same reference would have two spellings.
    #[error("reference sequence `{sequence}` is not canonical: pad to six digits and no further")]
    NonCanonical {
        /// The refused sequence as written.
        sequence: String,
    },
}

/// A human reference number such as `CMP-2026-000042`.
///
/// - The **prefix** is 2 to 8 characters of `A-Z` and `0-9`, starting with a letter.
///   Conventional prefixes are `CMP` (complaint), `SR` (service request), `INQ`
///   (inquiry), `NCR`, `CAPA` and `SO` (service order), but the choice is the caller's.
/// - The **year** is four digits.
/// - The **sequence** is the caller's counter, from 1 to [`Reference::MAX_SEQUENCE`],
///   written with at least six digits (zero-padded) and no other leading zeros.
///
/// Each reference has exactly one spelling, so `parse` then `to_string` gives back the
/// input, and references can be compared as strings or as values alike. The order of
/// `Reference` values is by prefix, then year, then sequence.
///
/// # Example
/// ```
/// use casework::Reference;
///
/// let r = Reference::new("CMP", 2026, 42)?;
/// assert_eq!(r.to_string(), "CMP-2026-000042");
///
/// let parsed: Reference = "CMP-2026-000042".parse()?;
/// assert_eq!(parsed, r);
/// assert_eq!(parsed.sequence(), 42);
///
/// assert!("CMP-2026-42".parse::<Reference>().is_err()); // one spelling: padded to six digits
/// assert!("cmp-2026-000042".parse::<Reference>().is_err()); // prefixes are upper case
/// # Ok::<(), casework::ReferenceError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Reference {
    prefix: String,
    year: u16,
    sequence: u64,
}

impl Reference {
    /// The largest sequence number: twelve digits.
    pub const MAX_SEQUENCE: u64 = 999_999_999_999;

    /// Builds a reference from its parts.
    ///
    /// # Errors
    /// - [`ReferenceError::Prefix`] when the prefix is not 2 to 8 characters of `A-Z` and
    ///   `0-9` starting with a letter;
    /// - [`ReferenceError::Year`] when the year is outside 1000..=9999;
    /// - [`ReferenceError::Sequence`] when the sequence is 0 or above
    ///   [`Reference::MAX_SEQUENCE`].
    pub fn new(prefix: &str, year: u16, sequence: u64) -> Result<Self, ReferenceError> {
        check_prefix(prefix)?;
        if !(1000..=9999).contains(&year) {
            return Err(ReferenceError::Year {
                year: year.to_string(),
            });
        }
        if sequence == 0 || sequence > Self::MAX_SEQUENCE {
            return Err(ReferenceError::Sequence {
                sequence: sequence.to_string(),
            });
        }
        Ok(Self {
            prefix: prefix.to_owned(),
            year,
            sequence,
        })
    }

    /// The prefix, such as `CMP`.
    #[must_use]
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The year, such as 2026.
    #[must_use]
    pub const fn year(&self) -> u16 {
        self.year
    }

    /// The sequence number, such as 42.
    #[must_use]
    pub const fn sequence(&self) -> u64 {
        self.sequence
    }
}

fn check_prefix(prefix: &str) -> Result<(), ReferenceError> {
    let bytes = prefix.as_bytes();
    let valid = (2..=8).contains(&bytes.len())
        && bytes.first().is_some_and(u8::is_ascii_uppercase)
        && bytes
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if valid {
        Ok(())
    } else {
        Err(ReferenceError::Prefix {
            prefix: prefix.chars().take(64).collect(),
        })
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:04}-{:06}", self.prefix, self.year, self.sequence)
    }
}

impl FromStr for Reference {
    type Err = ReferenceError;

    /// Parses the one canonical spelling `PREFIX-YYYY-NNNNNN` that `Display` writes.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut parts = s.split('-');
        let (Some(prefix), Some(year), Some(sequence), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(ReferenceError::Shape {
                input: s.chars().take(64).collect(),
            });
        };
        check_prefix(prefix)?;
        let year_value = parse_digits(year)
            .filter(|_| year.len() == 4)
            .and_then(|y| u16::try_from(y).ok())
            .ok_or_else(|| ReferenceError::Year {
                year: year.chars().take(64).collect(),
            })?;
        let sequence_value = parse_digits(sequence)
            .filter(|n| (1..=Self::MAX_SEQUENCE).contains(n))
            .ok_or_else(|| ReferenceError::Sequence {
                sequence: sequence.chars().take(64).collect(),
            })?;
        if sequence.len() < 6 || (sequence.len() > 6 && sequence.starts_with('0')) {
            return Err(ReferenceError::NonCanonical {
                sequence: sequence.to_owned(),
            });
        }
        Self::new(prefix, year_value, sequence_value)
    }
}

/// Parses a non-empty string of ASCII digits (no sign, no spaces) of at most 12 digits.
fn parse_digits(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(feature = "serde")]
impl serde::Serialize for Reference {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Reference {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Reference {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Reference".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[A-Z][A-Z0-9]{1,7}-[0-9]{4}-(?:[0-9]{1,6}|[1-9][0-9]{6,11})$",
            "description": "A human reference number such as CMP-2026-000042."
        })
    }
}
