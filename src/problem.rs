//! [`Problem`]: one thing wrong with a policy, and where.
//!
//! Every policy type (calendars, lifecycle tables, priority matrices, SLA targets, …)
//! is checked once, by a `validate` or `compile` step that returns **all** its
//! problems, each with the path to the offending value, such as
//! `hours.mon[0][1]: close "25:00" is not a time of day`. After that the compiled form
//! cannot be invalid. This module knows nothing of any particular policy.
//!
//! # Example
//! A desk's policy with two mistakes: Monday's hours close at 25:00, and an
//! SLA target counts on a calendar the policy does not have. Compiling
//! returns both, each with its path from the policy's root:
//! ```
//! use casework::calendar::{CalendarSpec, TimeRange};
//! use casework::{PolicySpec, Problem};
//! use chrono::Weekday;
//!
//! let mut spec = PolicySpec::sop_default();
//! spec.calendar = CalendarSpec::new("UTC").with_hours(Weekday::Mon, vec![TimeRange::new("09:00", "25:00")]);
//! spec.sla.targets[0].calendar = "weekends".into();
//!
//! let refused = spec.compile().unwrap_err();
//! let paths: Vec<&str> = refused.problems.iter().map(|p| p.path.as_str()).collect();
//! assert_eq!(paths, ["calendar.hours.mon[0][1]", "sla.targets[0].calendar"]);
//! assert_eq!(
//!     refused.problems[1].to_string(),
//!     "sla.targets[0].calendar: `weekends` is not a calendar of the policy (business, always)"
//! );
//!
//! // A part checked on its own gives paths from the part; `within` puts them
//! // in the enclosing policy.
//! let part = Problem::new("hours.mon[0][1]", "close \"25:00\" is not a time of day");
//! assert_eq!(part.within("calendars.berlin").path, "calendars.berlin.hours.mon[0][1]");
//! ```

use core::fmt;

/// The stable name of the rule behind a refusal, such as `not_permitted` or
/// `reviewer_is_resolver`: snake_case, the same in every release, for callers
/// to match on, count, or translate, where the error's text is for people.
///
/// Every error the library refuses with implements it: each aggregate's,
/// `ReplayError`, the KPI reports', the gates'
/// (`NotPermitted`, `NotCompetent`), and the crate-level `Error`.
///
/// # Example
/// ```
/// use casework::{Actor, ActorId, CaseCommandKind, Permissions, Role, Rule};
/// use uuid::Uuid;
///
/// fn log_refusal(refusal: &impl Rule) -> String {
///     format!("refused by {}", refusal.rule())
/// }
///
/// let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
/// let refused = Permissions::sop_default().check(&csr, CaseCommandKind::Close).unwrap_err();
/// assert_eq!(log_refusal(&refused), "refused by not_permitted");
/// ```
pub trait Rule {
    /// The rule's stable snake_case name.
    fn rule(&self) -> &'static str;
}

/// Implements [`Rule`] for error types that have an inherent `const fn rule`.
macro_rules! rule_by_inherent {
    ($($error:ty),* $(,)?) => {
        $(
            impl $crate::problem::Rule for $error {
                fn rule(&self) -> &'static str {
                    <$error>::rule(self)
                }
            }
        )*
    };
}
pub(crate) use rule_by_inherent;

/// One thing wrong with a policy: the path to the offending value, and what is wrong.
///
/// Paths use the policy's serde field names and list indexes, as they appear in the
/// JSON or TOML: `holidays[3]`, `date_hours.2026-12-24`, and `hours.mon[0][1]` for the
/// close of Monday's first `[open, close]` pair.
///
/// # Example
/// ```
/// use casework::Problem;
///
/// let p = Problem::new("hours.mon[0][1]", "close \"25:00\" is not a time of day");
/// assert_eq!(p.to_string(), "hours.mon[0][1]: close \"25:00\" is not a time of day");
/// assert_eq!(p.within("calendars.berlin").path, "calendars.berlin.hours.mon[0][1]");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Problem {
    /// Where: the path from the policy's root to the offending value.
    pub path: String,
    /// What is wrong, in words a person configuring the policy understands.
    pub message: String,
}

impl Problem {
    /// A problem at `path`.
    #[must_use]
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }

    /// The same problem seen from an enclosing policy: `prefix` is put before the path.
    #[must_use]
    pub fn within(mut self, prefix: &str) -> Self {
        self.path = if self.path.is_empty() {
            prefix.to_owned()
        } else if self.path.starts_with('[') {
            format!("{prefix}{}", self.path)
        } else {
            format!("{prefix}.{}", self.path)
        };
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Writes problems one per line, for error messages.
pub(crate) fn write_all(f: &mut fmt::Formatter<'_>, problems: &[Problem]) -> fmt::Result {
    for (i, p) in problems.iter().enumerate() {
        if i > 0 {
            f.write_str("; ")?;
        }
        write!(f, "{p}")?;
    }
    Ok(())
}

/// Adds a problem at `path` when `text` is blank.
pub(crate) fn not_blank(problems: &mut Vec<Problem>, path: &str, text: &str) {
    if text.trim().is_empty() {
        problems.push(Problem::new(path, "must not be blank"));
    }
}

/// Adds a problem at `path` when `text` is blank or longer than `max`
/// characters: a name or a label a person reads.
pub(crate) fn short_text(problems: &mut Vec<Problem>, path: &str, text: &str, max: usize) {
    not_blank(problems, path, text);
    let length = text.chars().count();
    if length > max {
        problems.push(Problem::new(
            path,
            format!("{length} characters is longer than {max}"),
        ));
    }
}

/// Adds a problem at `path` when a list of `len` entries is longer than `max`,
/// and says whether it did. A caller then skips checking each entry, so that a
/// hostile list costs one problem and no quadratic work, not one problem per
/// entry.
pub(crate) fn too_many(problems: &mut Vec<Problem>, path: &str, len: usize, max: usize) -> bool {
    if len > max {
        problems.push(Problem::new(
            path,
            format!("{len} entries; there may be at most {max}"),
        ));
        true
    } else {
        false
    }
}

/// `list`, or nothing when it is longer than `max` (one problem at `path`): the
/// entries of a list past its limit are not checked one by one.
pub(crate) fn within_limit<'a, T>(
    problems: &mut Vec<Problem>,
    path: &str,
    list: &'a [T],
    max: usize,
) -> &'a [T] {
    if too_many(problems, path, list.len(), max) {
        &[]
    } else {
        list
    }
}

/// Adds a problem at `path` when `value` is outside `min..=max`.
pub(crate) fn in_range<T>(problems: &mut Vec<Problem>, path: &str, value: T, min: T, max: T)
where
    T: PartialOrd + fmt::Display,
{
    if value < min || value > max {
        problems.push(Problem::new(
            path,
            format!("{value} is not from {min} to {max}"),
        ));
    }
}

/// The problem at `path` when `name` is none of the policy's `calendars`.
pub(crate) fn unknown_calendar(path: &str, name: &str, calendars: &[&str]) -> Option<Problem> {
    (!calendars.contains(&name)).then(|| {
        Problem::new(
            path,
            format!(
                "`{name}` is not a calendar of the policy ({})",
                calendars.join(", ")
            ),
        )
    })
}

/// Writes items as an English list: `a`, `a and b`, `a, b and c`.
pub(crate) fn write_list<T: fmt::Display>(f: &mut fmt::Formatter<'_>, items: &[T]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(if i + 1 == items.len() { " and " } else { ", " })?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

/// Displays problems one after another, as [`write_all`] writes them.
pub(crate) struct Problems<'a>(pub(crate) &'a [Problem]);

impl fmt::Display for Problems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_all(f, self.0)
    }
}

/// Displays items as an English list, as [`write_list`] writes them.
pub(crate) struct Listed<'a, T>(pub(crate) &'a [T]);

impl<T: fmt::Display> fmt::Display for Listed<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_list(f, self.0)
    }
}
