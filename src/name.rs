//! Names that people write in policy files, such as a command kind or a role:
//! looked up exactly, and on a miss refused with a short message that suggests
//! the closest valid name by edit distance, never a list of every name.
//!
//! This module knows no particular enum: each implements [`Named`], through the
//! [`named!`] macro, which also gives it its serde `Deserialize` impl. The serde
//! wire form is the derived one: a unit variant named by its snake_case name.
// Without the `serde` feature nothing reads a name from a policy file.
#![cfg_attr(not(feature = "serde"), allow(dead_code))]

use core::fmt;

/// An enum that policy files name by a snake_case word.
pub(crate) trait Named: Sized + Copy + 'static {
    /// What a value is called in messages, such as `command kind`.
    const WHAT: &'static str;
    /// Every value, in declaration order (the order of a variant index).
    const ALL: &'static [Self];
    /// Every value's name, in the same order.
    const NAMES: &'static [&'static str];

    /// The value named `name` exactly.
    fn from_name(name: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .and_then(|i| Self::ALL.get(i).copied())
    }
}

/// The longest name, in characters, that is compared for a suggestion; a
/// longer input gets none, so a huge input costs no more than a short one.
const MAX_COMPARED: usize = 64;

/// How many characters of an unknown name a message repeats.
const MAX_ECHOED: usize = 40;

/// The edit distance between `a` and `b`: the fewest insertions, deletions,
/// substitutions and swaps of two neighbouring characters that turn one into
/// the other (the optimal string alignment distance), counted in `char`s.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let at = |row: &[usize], k: usize| row.get(k).copied().unwrap_or(usize::MAX);
    // Rows of the table `d[i][j]`, the distance between the first `i`
    // characters of `a` and the first `j` of `b`: two rows back, one back, this.
    let mut two_back: Vec<usize> = Vec::new();
    let mut one_back: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut row = Vec::with_capacity(b.len() + 1);
        row.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let mut best = at(&one_back, j + 1)
                .saturating_add(1)
                .min(at(&row, j).saturating_add(1))
                .min(at(&one_back, j).saturating_add(usize::from(ca != cb)));
            let swapped = i > 0 && j > 0 && a.get(i - 1) == Some(cb) && b.get(j - 1) == Some(ca);
            if swapped {
                best = best.min(at(&two_back, j - 1).saturating_add(1));
            }
            row.push(best);
        }
        two_back = core::mem::replace(&mut one_back, row);
    }
    one_back.last().copied().unwrap_or_default()
}

/// The name in `names` closest to `input`, if one is close enough to be a
/// likely typo: at most a third of its length in edits (at least one edit).
/// Ties go to the earlier name.
pub(crate) fn closest<'n>(input: &str, names: &[&'n str]) -> Option<&'n str> {
    let length = input.chars().count();
    if length > MAX_COMPARED {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    for name in names {
        let name_length = name.chars().count();
        // The distance is at least the difference in length.
        if best.is_some_and(|(d, _)| length.abs_diff(name_length) >= d) {
            continue;
        }
        let distance = edit_distance(input, name);
        let close = distance * 3 <= name_length.max(3);
        if close && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, name));
        }
    }
    best.map(|(_, name)| name)
}

/// The refusal of an unknown name, with the closest valid name if one is
/// close: ``unknown command kind `acknowlege`: did you mean `acknowledge`?``.
/// A long input is cut to its first [`MAX_ECHOED`] characters.
pub(crate) struct Unknown<'a> {
    what: &'static str,
    input: &'a str,
    suggestion: Option<&'static str>,
}

impl<'a> Unknown<'a> {
    /// The refusal of `input` as a name of a `what`, suggesting `suggestion`.
    pub(crate) const fn new(
        what: &'static str,
        input: &'a str,
        suggestion: Option<&'static str>,
    ) -> Self {
        Self {
            what,
            input,
            suggestion,
        }
    }

    /// The refusal of `input` as a name of `T`.
    pub(crate) fn of<T: Named>(input: &'a str) -> Self {
        Self {
            what: T::WHAT,
            input,
            suggestion: closest(input, T::NAMES),
        }
    }
}

impl fmt::Display for Unknown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} `", self.what)?;
        match self.input.char_indices().nth(MAX_ECHOED) {
            Some((cut, _)) => write!(f, "{}…", self.input.get(..cut).unwrap_or_default())?,
            None => f.write_str(self.input)?,
        }
        match self.suggestion {
            Some(name) => write!(f, "`: did you mean `{name}`?"),
            None => write!(f, "`: no {} has a similar name", self.what),
        }
    }
}

/// A snake_case identifier stored inline: 1 to [`Ident::MAX_CHARS`]
/// lowercase ASCII letters, digits and `_`, starting with a letter, padded
/// with zero bytes. `Copy`, and compared and hashed as its bytes, so that an
/// id a policy declares (a role, an organisation unit) costs no allocation.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Ident([u8; Ident::MAX_CHARS]);

impl Ident {
    /// The longest identifier, in characters (and bytes).
    pub(crate) const MAX_CHARS: usize = 32;

    /// `id`, when it is a valid identifier.
    pub(crate) const fn new(id: &str) -> Option<Self> {
        let bytes = id.as_bytes();
        if bytes.len() > Self::MAX_CHARS {
            return None;
        }
        let [first, ..] = bytes else {
            return None;
        };
        if !first.is_ascii_lowercase() {
            return None;
        }
        let mut inline = [0; Self::MAX_CHARS];
        let mut to: &mut [u8] = &mut inline;
        let mut from = bytes;
        while let ([b, rest @ ..], [slot, free @ ..]) = (from, to) {
            if !(b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_') {
                return None;
            }
            *slot = *b;
            (from, to) = (rest, free);
        }
        Some(Ident(inline))
    }

    /// An identifier written in the library's source, for a constant; an
    /// invalid one is the empty identifier, which the constant's module
    /// checks for at build time ([`Ident::is_empty`]).
    pub(crate) const fn from_static(id: &'static str) -> Self {
        match Self::new(id) {
            Some(ident) => ident,
            None => Ident([0; Self::MAX_CHARS]),
        }
    }

    /// Whether this is the empty identifier, which no valid id is.
    pub(crate) const fn is_empty(&self) -> bool {
        matches!(self.0, [0, ..])
    }

    /// The identifier as text.
    pub(crate) fn as_str(&self) -> &str {
        let length = self
            .0
            .iter()
            .position(|b| *b == 0)
            .unwrap_or(Self::MAX_CHARS);
        // Only ASCII bytes are ever stored.
        self.0
            .get(..length)
            .and_then(|bytes| core::str::from_utf8(bytes).ok())
            .unwrap_or_default()
    }
}

/// Implements [`Named`] for an enum with a `const ALL` array in declaration
/// order and a `const fn as_str`, and, with the `serde` feature, a
/// `Deserialize` that reads the wire form that serde's derive writes (the name)
/// and refuses an unknown name with [`Unknown`].
macro_rules! named {
    ($ty:ident, $what:literal) => {
        impl crate::name::Named for $ty {
            const WHAT: &'static str = $what;
            const ALL: &'static [Self] = &$ty::ALL;
            // Const evaluation: an index out of range fails the build, never a run.
            #[allow(clippy::indexing_slicing)]
            const NAMES: &'static [&'static str] = &{
                let mut names = [""; $ty::ALL.len()];
                let mut i = 0;
                while i < names.len() {
                    names[i] = $ty::ALL[i].as_str();
                    i += 1;
                }
                names
            };
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::name::deserialize(deserializer)
            }
        }
    };
}
pub(crate) use named;

/// Implements `Display` for an enum with a `const fn as_str`: its name, padded
/// to the formatter's width and alignment.
macro_rules! display_by_name {
    ($ty:ty) => {
        impl core::fmt::Display for $ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.pad(self.as_str())
            }
        }
    };
}
pub(crate) use display_by_name;

#[cfg(feature = "serde")]
pub(crate) use self::serde_impl::{deserialize, deserialize_ident};

#[cfg(feature = "serde")]
mod serde_impl {
    use core::fmt;
    use core::marker::PhantomData;

    use serde::de::{self, Visitor};

    use super::{Named, Unknown};

    /// Reads a `T` from its name, or from its index in formats that write
    /// indices, refusing an unknown name with [`Unknown`].
    ///
    /// It asks for an identifier, not an enum as serde's derive does: in
    /// self-describing formats both read the same string, and an identifier
    /// that is a map's key (a role in the permission table) keeps its place in
    /// the path that `serde_path_to_error` records.
    pub(crate) fn deserialize<'de, T: Named, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        deserializer.deserialize_identifier(Variant(PhantomData))
    }

    /// Reads an [`Ident`](super::Ident) from its text, refusing one that is
    /// not an identifier with a message that names `what` it is the id of.
    pub(crate) fn deserialize_ident<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
        what: &'static str,
    ) -> Result<super::Ident, D::Error> {
        deserializer.deserialize_identifier(IdentVisitor(what))
    }

    /// Reads an identifier.
    struct IdentVisitor(&'static str);

    impl<'de> Visitor<'de> for IdentVisitor {
        type Value = super::Ident;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(
                f,
                "a {} id: 1 to {} lowercase ASCII letters, digits and `_`, starting with a letter",
                self.0,
                super::Ident::MAX_CHARS
            )
        }

        fn visit_str<E: de::Error>(self, id: &str) -> Result<super::Ident, E> {
            super::Ident::new(id).ok_or_else(|| E::invalid_value(de::Unexpected::Str(id), &self))
        }
    }

    /// Reads a name, or an index.
    struct Variant<T>(PhantomData<T>);

    impl<'de, T: Named> Visitor<'de> for Variant<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a {} name", T::WHAT)
        }

        fn visit_u64<E: de::Error>(self, index: u64) -> Result<T, E> {
            usize::try_from(index)
                .ok()
                .and_then(|i| T::ALL.get(i).copied())
                .ok_or_else(|| {
                    E::custom(format_args!(
                        "{} index {index} is not below {}",
                        T::WHAT,
                        T::ALL.len()
                    ))
                })
        }

        fn visit_str<E: de::Error>(self, name: &str) -> Result<T, E> {
            T::from_name(name).ok_or_else(|| E::custom(Unknown::of::<T>(name)))
        }

        fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<T, E> {
            match core::str::from_utf8(bytes) {
                Ok(name) => self.visit_str(name),
                Err(_) => Err(E::custom(format_args!(
                    "unknown {}: the name is not UTF-8",
                    T::WHAT
                ))),
            }
        }
    }
}

/// Checks every `named!` enum runs in its own module's unit tests.
#[cfg(test)]
pub(crate) mod checks {
    use super::Named;

    /// `ALL` is in declaration order, so that a variant index read by a
    /// format that writes indices is the derived one.
    pub(crate) fn in_declaration_order<T: Named>(index: impl Fn(T) -> usize) {
        for (i, value) in T::ALL.iter().enumerate() {
            assert_eq!(index(*value), i, "{}", T::NAMES.get(i).unwrap_or(&"?"));
        }
        assert_eq!(T::ALL.len(), T::NAMES.len());
    }

    /// The wire form is the name, both ways.
    #[cfg(feature = "serde")]
    pub(crate) fn round_trip<T>()
    where
        T: Named + serde::Serialize + serde::de::DeserializeOwned + PartialEq,
    {
        for (value, name) in T::ALL.iter().zip(T::NAMES) {
            let json = serde_json::to_string(value).unwrap_or_default();
            assert_eq!(json, format!("\"{name}\""));
            let back: Option<T> = serde_json::from_str(&json).ok();
            assert!(back == Some(*value), "{name}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{closest, edit_distance};

    #[test]
    fn edit_distance_counts_insertions_deletions_substitutions_and_swaps() {
        for (a, b, d) in [
            ("", "", 0),
            ("", "abc", 3),
            ("abc", "", 3),
            ("acknowledge", "acknowledge", 0),
            ("acknowlege", "acknowledge", 1),
            ("acknowledeg", "acknowledge", 1),
            ("kitten", "sitting", 3),
            ("ca", "abc", 3),
            ("é", "e", 1),
        ] {
            assert_eq!(edit_distance(a, b), d, "{a} → {b}");
            assert_eq!(edit_distance(b, a), d, "{b} → {a}");
        }
    }

    #[test]
    fn closest_suggests_only_a_likely_typo() {
        let names = ["log", "acknowledge", "assign", "escalate", "deescalate"];
        assert_eq!(closest("acknowlege", &names), Some("acknowledge"));
        assert_eq!(closest("lgo", &names), Some("log"));
        assert_eq!(closest("escalat", &names), Some("escalate"));
        assert_eq!(closest("frobnicate", &names), None);
        assert_eq!(closest(&"a".repeat(100_000), &names), None);
    }
}
