//! Electronic signatures: who signed, when, what the signature means (the
//! three things 21 CFR 11.50 asks a signed record to show), and a SHA-256 hash
//! of the content it signs. Identifying the signer is the caller's. The
//! record computes the hash of its content as it is now; a signature whose hash
//! differs is stale, and counts for nothing.
//!
//! This module knows how to hash fields; what a record signs is the record's own
//! business.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::id::ActorId;

crate::digest::sha256_digest!(
    /// The SHA-256 hash of the content a [`Signature`] signs, written as 64
    /// lowercase hex digits.
    ///
    /// The content is encoded canonically, independent of serde: a domain tag,
    /// then each field in a fixed order, integers as big-endian `u64`, instants
    /// as big-endian `i64` seconds and `u32` nanoseconds, uuids as their 16
    /// bytes, text as its byte length then its UTF-8 bytes, an absent value as
    /// byte 0 and a present one as byte 1 before it, and a list as its length
    /// before its items. Each record documents which fields it signs.
    ///
    /// # Example
    /// ```
    /// use casework::records::ContentHash;
    ///
    /// let hash: ContentHash = "0f".repeat(32).parse().unwrap();
    /// assert_eq!(hash.to_string(), "0f".repeat(32));
    /// ```
    ContentHash
);

/// What a signature means, as its signer declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum SignatureMeaning {
    /// "I wrote this."
    Authored,
    /// "I reviewed this and found it as stated."
    Reviewed,
    /// "I approve this."
    Approved,
    /// "I checked that this was done."
    Verified,
    /// "This is complete."
    Completed,
}

impl SignatureMeaning {
    /// The snake_case name, such as `approved`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            SignatureMeaning::Authored => "authored",
            SignatureMeaning::Reviewed => "reviewed",
            SignatureMeaning::Approved => "approved",
            SignatureMeaning::Verified => "verified",
            SignatureMeaning::Completed => "completed",
        }
    }
}

crate::name::display_by_name!(SignatureMeaning);

/// An electronic signature: the signer, the time, the meaning, and the hash of
/// the content signed.
///
/// The signer is the context's actor, authenticated by the caller; the time is
/// the context's `now`. A signature is recorded in an event, so it is part of the
/// hash-chained audit trail, and it stays there when it goes stale.
///
/// # Example
/// ```
/// use casework::records::{ContentHash, Signature, SignatureMeaning};
/// use casework::ActorId;
/// use chrono::{TimeZone, Utc};
/// use uuid::Uuid;
///
/// let signed = ContentHash::from_bytes([1; 32]);
/// let signature = Signature {
///     signer: ActorId::from_uuid(Uuid::from_u128(7)),
///     at: Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap(),
///     meaning: SignatureMeaning::Approved,
///     content: signed,
/// };
/// assert!(signature.is_current(signed));
/// // The content changed since: the signature is stale.
/// assert!(!signature.is_current(ContentHash::from_bytes([2; 32])));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Signature {
    /// Who signed.
    pub signer: ActorId,
    /// When.
    pub at: DateTime<Utc>,
    /// What the signature means.
    pub meaning: SignatureMeaning,
    /// The hash of the content signed.
    pub content: ContentHash,
}

impl Signature {
    /// Whether the signature signs `content`, the hash of the content as it is
    /// now: `false` means it is stale.
    #[must_use]
    pub fn is_current(&self, content: ContentHash) -> bool {
        self.content == content
    }
}

/// Feeds fields into SHA-256 by the canonical encoding [`ContentHash`] documents.
pub(crate) struct ContentHasher(Sha256);

impl ContentHasher {
    /// A hasher for content of the kind `domain`, such as `casework/capa/plan/v1`.
    pub(crate) fn new(domain: &str) -> Self {
        let mut hasher = ContentHasher(Sha256::new());
        hasher.text(domain);
        hasher
    }

    pub(crate) fn number(&mut self, n: u64) -> &mut Self {
        self.0.update(n.to_be_bytes());
        self
    }

    pub(crate) fn length(&mut self, n: usize) -> &mut Self {
        self.number(u64::try_from(n).unwrap_or(u64::MAX))
    }

    pub(crate) fn text(&mut self, text: &str) -> &mut Self {
        self.length(text.len());
        self.0.update(text.as_bytes());
        self
    }

    /// Raw bytes of a fixed width, such as another hash.
    pub(crate) fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(bytes);
        self
    }

    pub(crate) fn uuid(&mut self, uuid: Uuid) -> &mut Self {
        self.0.update(uuid.as_bytes());
        self
    }

    pub(crate) fn instant(&mut self, at: DateTime<Utc>) -> &mut Self {
        self.0.update(at.timestamp().to_be_bytes());
        self.0.update(at.timestamp_subsec_nanos().to_be_bytes());
        self
    }

    /// Byte 0 for `None`; byte 1 and the value for `Some`.
    pub(crate) fn optional<T>(
        &mut self,
        value: Option<T>,
        f: impl FnOnce(&mut Self, T),
    ) -> &mut Self {
        match value {
            None => self.0.update([0]),
            Some(value) => {
                self.0.update([1]);
                f(self, value);
            }
        }
        self
    }

    pub(crate) fn finish(self) -> ContentHash {
        ContentHash::from_bytes(self.0.finalize().into())
    }
}
