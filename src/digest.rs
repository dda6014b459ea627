//! SHA-256 digests as typed values: 32 bytes written as 64 lowercase hex digits,
//! parsed back, and serialized as that text. The audit chain's `ChainHash`
//! (in `envelope`) and the signatures' `ContentHash` (in `records`) are both
//! made by [`sha256_digest!`].
//!
//! This module knows nothing of what is hashed, nor of the modules above it
//! that hash.

/// A string that is not 64 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a hash of 64 lowercase hex digits")]
pub struct ParseHashError {
    /// The string given, cut to at most 80 characters.
    pub input: String,
}

/// Parses 64 lowercase hex digits into 32 bytes: one spelling per hash.
pub(crate) fn parse_hex(s: &str) -> Result<[u8; 32], ParseHashError> {
    let error = || ParseHashError {
        input: s.chars().take(80).collect(),
    };
    if s.len() != 64
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(error());
    }
    let mut bytes = [0u8; 32];
    for (byte, pair) in bytes.iter_mut().zip(s.as_bytes().chunks(2)) {
        let text = core::str::from_utf8(pair).map_err(|_| error())?;
        *byte = u8::from_str_radix(text, 16).map_err(|_| error())?;
    }
    Ok(bytes)
}

/// Defines a SHA-256 digest newtype with `ZERO`, `from_bytes`, `as_bytes`, hex
/// `Display` and `FromStr`, and (feature `serde`) serde as the hex text.
macro_rules! sha256_digest {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name([u8; 32]);

        impl $name {
            /// All zero bytes.
            pub const ZERO: $name = $name([0; 32]);

            /// A hash from its bytes.
            #[must_use]
            pub const fn from_bytes(bytes: [u8; 32]) -> Self {
                $name(bytes)
            }

            /// The bytes.
            #[must_use]
            pub const fn as_bytes(&self) -> &[u8; 32] {
                &self.0
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                for byte in self.0 {
                    write!(f, "{byte:02x}")?;
                }
                Ok(())
            }
        }

        impl core::str::FromStr for $name {
            type Err = $crate::digest::ParseHashError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $crate::digest::parse_hex(s).map($name)
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <String as serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                <String as schemars::JsonSchema>::json_schema(generator)
            }
        }
    };
}
pub(crate) use sha256_digest;
