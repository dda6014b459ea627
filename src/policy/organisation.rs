//! [`Organisation`]: the desk's departments and teams, and the
//! [`RoutingTable`] that sends a new case to one of them, as data.
//!
//! The tree has two levels: departments, each with its teams. Every unit has
//! an id ([`UnitId`]) unique in the whole tree and a name. The caller says
//! which units an actor belongs to, with the actor
//! ([`Ctx::with_units`](super::Ctx::with_units)); the library keeps no
//! directory of people.
//!
//! Routing is an ordered list of rules over the facts of an intake
//! ([`RoutingFacts`]): category, channel, severity, priority, customer tier,
//! language, product and tags. The first rule that matches picks the unit, an
//! initial assignee or none, and tags; when none matches, the table's default
//! does. [`RoutingTable::route`] says which rule matched and why, as the
//! severity assessment does.
//!
//! # Example
//! ```
//! use casework::policy::{Department, RouteTo, RoutingCondition, RoutingFacts, RoutingRule, RoutingTable, Team};
//! use casework::{Channel, Severity, UnitId};
//! use casework::priority::Priority;
//!
//! let unit = |id| UnitId::new(id).unwrap();
//! let table = RoutingTable::new(RouteTo::unit(unit("front_desk"))).rule(RoutingRule::new(
//!     "refunds_de",
//!     RoutingCondition::default().categories(["billing"]).languages(["de"]),
//!     RouteTo::unit(unit("billing_de")),
//! ));
//! let facts = RoutingFacts::new("billing/refund", Channel::Email, Severity::Medium, Priority(3))
//!     .language("de-AT");
//! let routing = table.route(&facts);
//! assert_eq!(routing.to.unit, unit("billing_de"));
//! assert_eq!(
//!     routing.explain(),
//!     "to `billing_de` by rule `refunds_de`: category `billing/refund` is under `billing`, \
//!      language `de-AT` is under `de`"
//! );
//! // Nothing matches a phone call about delivery: the default.
//! let other = table.route(&RoutingFacts::new("delivery/late", Channel::Phone, Severity::Low, Priority(4)));
//! assert_eq!(other.explain(), "to `front_desk` by default: no rule matched");
//! ```

use std::collections::BTreeMap;

use super::Reach;
use crate::actor::UnitId;
use crate::channel::Channel;
use crate::id::ActorId;
use crate::priority::{Priority, Severity};
use crate::problem::{Problem, short_text, too_many};

/// The departments of the desk, each with its teams, and how new cases are
/// routed to them. The default has none: no unit is named, and no case is
/// routed, as before units were data.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Organisation {
    /// The departments: at most [`Organisation::MAX_DEPARTMENTS`].
    pub departments: Vec<Department>,
    /// How a new case is routed; `None` routes nothing.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub routing: Option<RoutingTable>,
}

/// A department: its id, its name and its teams.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Department {
    /// Its id, unique among every unit.
    pub id: UnitId,
    /// Its name, such as `Customer support`; not blank.
    pub name: String,
    /// Its teams: at most [`Organisation::MAX_TEAMS`].
    #[cfg_attr(feature = "serde", serde(default))]
    pub teams: Vec<Team>,
}

/// A team of a department.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Team {
    /// Its id, unique among every unit.
    pub id: UnitId,
    /// Its name, such as `Billing (German)`; not blank.
    pub name: String,
}

impl Department {
    /// A department without teams.
    #[must_use]
    pub fn new(id: UnitId, name: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
            teams: Vec::new(),
        }
    }

    /// This department with one more team.
    #[must_use]
    pub fn team(mut self, id: UnitId, name: impl Into<String>) -> Self {
        self.teams.push(Team {
            id,
            name: name.into(),
        });
        self
    }
}

/// A unit of the organisation, as [`Organisation::unit`] finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Unit<'o> {
    /// Its id.
    pub id: UnitId,
    /// Its name.
    pub name: &'o str,
    /// The department of a team; `None` for a department.
    pub department: Option<UnitId>,
}

impl Organisation {
    /// The most departments.
    pub const MAX_DEPARTMENTS: usize = 100;
    /// The most teams of one department.
    pub const MAX_TEAMS: usize = 100;
    /// The longest name of a unit, in characters.
    pub const MAX_NAME_CHARS: usize = 100;

    /// The unit `id`, a department or a team.
    #[must_use]
    pub fn unit(&self, id: UnitId) -> Option<Unit<'_>> {
        self.departments.iter().find_map(|department| {
            if department.id == id {
                return Some(Unit {
                    id,
                    name: &department.name,
                    department: None,
                });
            }
            let team = department.teams.iter().find(|team| team.id == id)?;
            Some(Unit {
                id,
                name: &team.name,
                department: Some(department.id),
            })
        })
    }

    /// Whether `unit` is `within` or one of its teams. An undeclared unit is
    /// within nothing but itself.
    #[must_use]
    pub fn is_within(&self, unit: UnitId, within: UnitId) -> bool {
        unit == within
            || self
                .unit(unit)
                .is_some_and(|found| found.department == Some(within))
    }

    /// The department of `unit`: itself for a department, its department
    /// for a team; `None` for a unit not declared.
    #[must_use]
    pub fn department_of(&self, unit: UnitId) -> Option<UnitId> {
        self.unit(unit)
            .map(|found| found.department.unwrap_or(unit))
    }

    /// Whether an actor of the units `from` reaches a record of `unit` as
    /// far as `reach` goes.
    #[must_use]
    pub fn reaches(&self, reach: Reach, from: &[UnitId], unit: UnitId) -> bool {
        match reach {
            Reach::OwnUnit => from.iter().any(|own| self.is_within(unit, *own)),
            Reach::OwnDepartment => self.department_of(unit).is_some_and(|department| {
                from.iter()
                    .any(|own| self.department_of(*own) == Some(department))
            }),
        }
    }

    /// Every unit, departments first, read no further than the limits:
    /// where it stands (its department's index and, for a team, its index
    /// among the department's teams), its id and its name.
    fn units(&self) -> impl Iterator<Item = ((usize, Option<usize>), &UnitId, &str)> + '_ {
        let departments = self.departments.iter().take(Self::MAX_DEPARTMENTS);
        departments.enumerate().flat_map(|(i, department)| {
            let teams = department.teams.iter().take(Self::MAX_TEAMS).enumerate();
            let head = ((i, None), &department.id, department.name.as_str());
            core::iter::once(head)
                .chain(teams.map(move |(j, team)| ((i, Some(j)), &team.id, team.name.as_str())))
        })
    }

    /// The routing rules' categories that hold none of the policy's
    /// category `codes` (neither one of them nor a parent of one), each with
    /// its path: a rule naming one could never match.
    pub(crate) fn category_problems(&self, codes: &[&str]) -> Vec<Problem> {
        let Some(routing) = &self.routing else {
            return Vec::new();
        };
        let rules = routing.rules.iter().take(RoutingTable::MAX_RULES);
        let mut problems = Vec::new();
        for (i, rule) in rules.enumerate() {
            let entries = rule.when.categories.iter().take(RoutingTable::MAX_NAMES);
            for (j, entry) in entries.enumerate() {
                if !codes.iter().any(|code| holds(entry, code, '/')) {
                    problems.push(Problem::new(
                        format!("routing.rules[{i}].when.categories[{j}]"),
                        format!("`{entry}` holds none of `case.categories`"),
                    ));
                }
            }
        }
        problems
    }

    /// Every declared unit's id, departments and teams, read no further
    /// than the limits.
    pub(crate) fn unit_ids(&self) -> Vec<&str> {
        self.units().map(|(_, id, _)| id.as_str()).collect()
    }

    /// The organisation's problems, each with its path from the
    /// organisation: too many departments or teams, an id used twice, a
    /// blank or long name, and a routing table that names a unit not
    /// declared.
    #[must_use]
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        too_many(
            &mut problems,
            "departments",
            self.departments.len(),
            Self::MAX_DEPARTMENTS,
        );
        for (i, department) in self
            .departments
            .iter()
            .take(Self::MAX_DEPARTMENTS)
            .enumerate()
        {
            too_many(
                &mut problems,
                &format!("departments[{i}].teams"),
                department.teams.len(),
                Self::MAX_TEAMS,
            );
        }
        let mut seen: BTreeMap<UnitId, String> = BTreeMap::new();
        for (at, &id, name) in self.units() {
            let path = match at {
                (i, None) => format!("departments[{i}]"),
                (i, Some(j)) => format!("departments[{i}].teams[{j}]"),
            };
            if let Some(first) = seen.get(&id) {
                problems.push(Problem::new(
                    format!("{path}.id"),
                    format!("`{id}` is the id of {first} already"),
                ));
            } else {
                seen.insert(id, path.clone());
            }
            short_text(
                &mut problems,
                &format!("{path}.name"),
                name,
                Self::MAX_NAME_CHARS,
            );
        }
        if let Some(routing) = &self.routing {
            let declared: Vec<&str> = seen.keys().map(UnitId::as_str).collect();
            problems.extend(
                routing
                    .problems(&declared)
                    .into_iter()
                    .map(|p| p.within("routing")),
            );
        }
        problems
    }
}

/// Where a case goes: a unit, and optionally an initial assignee and tags.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct RouteTo {
    /// The team or department that owns the case.
    pub unit: UnitId,
    /// Who works it first; `None` leaves it to the unit to pick up.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub assignee: Option<ActorId>,
    /// Tags the case gets, such as `vip`: at most
    /// [`RoutingTable::MAX_NAMES`], each 1 to 64 characters.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub tags: Vec<String>,
}

impl RouteTo {
    /// To `unit`, with no assignee and no tags.
    #[must_use]
    pub const fn unit(unit: UnitId) -> Self {
        Self {
            unit,
            assignee: None,
            tags: Vec::new(),
        }
    }

    /// This destination with an initial assignee.
    #[must_use]
    pub const fn assignee(mut self, assignee: ActorId) -> Self {
        self.assignee = Some(assignee);
        self
    }

    /// This destination with tags.
    #[must_use]
    pub fn tags<T: Into<String>>(mut self, tags: impl IntoIterator<Item = T>) -> Self {
        self.tags = tags.into_iter().map(Into::into).collect();
        self
    }
}

/// When a rule matches: every list given must hold the fact (a list left
/// empty holds any), and a list holds a fact when one of its entries does.
///
/// A category entry holds the category itself and every category under it:
/// `billing` holds `billing/refund`. A language entry holds the language and
/// its regional forms: `de` holds `de-AT`. Tiers, products and channels are
/// compared exactly, and `tags` holds an intake with any of the tags.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct RoutingCondition {
    /// Categories, each with those under it.
    pub categories: Vec<String>,
    /// Channels the case came in on.
    pub channels: Vec<Channel>,
    /// Severities.
    pub severities: Vec<Severity>,
    /// Priorities.
    pub priorities: Vec<Priority>,
    /// Customer tiers, such as `key_account`.
    pub tiers: Vec<String>,
    /// Languages (BCP 47 tags), each with its regional forms.
    pub languages: Vec<String>,
    /// Products.
    pub products: Vec<String>,
    /// Tags of the intake: any of them.
    pub tags: Vec<String>,
}

/// Setters for each list of a [`RoutingCondition`].
macro_rules! condition_setters {
    ($($field:ident: $ty:ty, $what:literal;)*) => {
        impl RoutingCondition {
            $(
                #[doc = concat!("This condition, holding only ", $what, ".")]
                #[must_use]
                pub fn $field<T: Into<$ty>>(mut self, entries: impl IntoIterator<Item = T>) -> Self {
                    self.$field = entries.into_iter().map(Into::into).collect();
                    self
                }
            )*
        }
    };
}

condition_setters! {
    categories: String, "these categories and those under them";
    channels: Channel, "these channels";
    severities: Severity, "these severities";
    priorities: Priority, "these priorities";
    tiers: String, "these customer tiers";
    languages: String, "these languages and their regional forms";
    products: String, "these products";
    tags: String, "intakes with any of these tags";
}

/// One routing rule: a name for explanations, when it matches, and where it
/// sends the case.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct RoutingRule {
    /// Its name, unique in the table, such as `refunds_de`; not blank.
    pub name: String,
    /// When it matches; the default condition matches every intake.
    #[cfg_attr(feature = "serde", serde(default))]
    pub when: RoutingCondition,
    /// Where it sends the case.
    pub to: RouteTo,
}

impl RoutingRule {
    /// A rule.
    #[must_use]
    pub fn new(name: impl Into<String>, when: RoutingCondition, to: RouteTo) -> Self {
        Self {
            name: name.into(),
            when,
            to,
        }
    }
}

/// The routing rules in order, and the default for an intake none matches.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct RoutingTable {
    /// The rules, first match wins: at most [`RoutingTable::MAX_RULES`].
    #[cfg_attr(feature = "serde", serde(default))]
    pub rules: Vec<RoutingRule>,
    /// Where a case goes that no rule matches.
    pub default: RouteTo,
}

/// The facts of an intake that routing reads.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RoutingFacts<'a> {
    /// The category code, such as `billing/refund`.
    pub category: &'a str,
    /// The channel it came in on.
    pub channel: Channel,
    /// Its severity.
    pub severity: Severity,
    /// Its priority.
    pub priority: Priority,
    /// The customer's tier.
    pub tier: Option<&'a str>,
    /// The language to answer in (a BCP 47 tag).
    pub language: Option<&'a str>,
    /// The product it is about.
    pub product: Option<&'a str>,
    /// Its tags.
    pub tags: &'a [String],
}

impl<'a> RoutingFacts<'a> {
    /// The facts every intake has; tier, language, product and tags are
    /// set with the chained setters.
    #[must_use]
    pub const fn new(
        category: &'a str,
        channel: Channel,
        severity: Severity,
        priority: Priority,
    ) -> Self {
        Self {
            category,
            channel,
            severity,
            priority,
            tier: None,
            language: None,
            product: None,
            tags: &[],
        }
    }

    /// These facts with the customer's tier.
    #[must_use]
    pub const fn tier(mut self, tier: &'a str) -> Self {
        self.tier = Some(tier);
        self
    }

    /// These facts with the language.
    #[must_use]
    pub const fn language(mut self, language: &'a str) -> Self {
        self.language = Some(language);
        self
    }

    /// These facts with the product.
    #[must_use]
    pub const fn product(mut self, product: &'a str) -> Self {
        self.product = Some(product);
        self
    }

    /// These facts with tags.
    #[must_use]
    pub const fn tags(mut self, tags: &'a [String]) -> Self {
        self.tags = tags;
        self
    }
}

/// Where routing sent a case, and why: what a case's `Routed` event
/// records.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Routing {
    /// Where to.
    pub to: RouteTo,
    /// The name of the rule that matched; `None` for the default.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub rule: Option<String>,
    /// Why the rule matched: one clause per list it holds, in the
    /// condition's order, such as ``category `billing/refund` is under
    /// `billing` ``.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub because: Vec<String>,
}

impl Routing {
    /// Where the case went and why, in words: ``to `billing_de` by rule
    /// `refunds_de`: language `de-AT` is under `de` `` or ``to `front_desk`
    /// by default: no rule matched``.
    #[must_use]
    pub fn explain(&self) -> String {
        match &self.rule {
            None => format!("to `{}` by default: no rule matched", self.to.unit),
            Some(rule) if self.because.is_empty() => {
                format!(
                    "to `{}` by rule `{rule}`: it matches every case",
                    self.to.unit
                )
            }
            Some(rule) => format!(
                "to `{}` by rule `{rule}`: {}",
                self.to.unit,
                self.because.join(", ")
            ),
        }
    }
}

/// Whether `entry` holds `fact` exactly, or as a prefix followed by
/// `separator` (a category and those under it, a language and its regional
/// forms).
pub(crate) fn holds(entry: &str, fact: &str, separator: char) -> bool {
    fact.strip_prefix(entry)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(separator))
}

/// Whether an entry of `entries` holds `fact` (an empty list holds any
/// fact), and, with `why`, the clause saying which (none for an empty list).
fn clause<E: AsRef<str>>(
    what: &str,
    entries: &[E],
    fact: Option<&str>,
    separator: Option<char>,
    why: Option<&mut Vec<String>>,
) -> bool {
    if entries.is_empty() {
        return true;
    }
    let Some(fact) = fact else {
        return false;
    };
    let held = entries
        .iter()
        .map(AsRef::as_ref)
        .find(|entry| match separator {
            Some(separator) => holds(entry, fact, separator),
            None => *entry == fact,
        });
    let Some(entry) = held else {
        return false;
    };
    if let Some(why) = why {
        why.push(if entry == fact {
            format!("{what} `{fact}` is listed")
        } else {
            format!("{what} `{fact}` is under `{entry}`")
        });
    }
    true
}

/// Whether `entries` lists `fact` (an empty list holds any fact), and, with
/// `why`, the clause saying so.
fn listed<T: PartialEq + core::fmt::Display>(
    what: &str,
    entries: &[T],
    fact: &T,
    why: Option<&mut Vec<String>>,
) -> bool {
    if entries.is_empty() {
        return true;
    }
    let held = entries.contains(fact);
    if let (true, Some(why)) = (held, why) {
        why.push(format!("{what} `{fact}` is listed"));
    }
    held
}

impl RoutingCondition {
    /// Whether the condition holds `facts`, and the clauses that say why.
    /// The clauses are written only for a condition that holds, so that
    /// routing through many rules formats only the one that matched.
    #[must_use]
    pub fn matches(&self, facts: &RoutingFacts<'_>) -> Option<Vec<String>> {
        if !self.holds(facts, None) {
            return None;
        }
        let mut because = Vec::new();
        self.holds(facts, Some(&mut because));
        Some(because)
    }

    /// Whether the condition holds `facts`; with `why`, the clauses that say
    /// why, for the lists it holds.
    fn holds(&self, facts: &RoutingFacts<'_>, mut why: Option<&mut Vec<String>>) -> bool {
        let tag = self
            .tags
            .iter()
            .find(|tag| facts.tags.contains(tag))
            .map(String::as_str);
        let category = Some(facts.category);
        clause(
            "category",
            &self.categories,
            category,
            Some('/'),
            why.as_deref_mut(),
        ) && listed(
            "channel",
            &self.channels,
            &facts.channel,
            why.as_deref_mut(),
        ) && listed(
            "severity",
            &self.severities,
            &facts.severity,
            why.as_deref_mut(),
        ) && listed(
            "priority",
            &self.priorities,
            &facts.priority,
            why.as_deref_mut(),
        ) && clause("tier", &self.tiers, facts.tier, None, why.as_deref_mut())
            && clause(
                "language",
                &self.languages,
                facts.language,
                Some('-'),
                why.as_deref_mut(),
            )
            && clause(
                "product",
                &self.products,
                facts.product,
                None,
                why.as_deref_mut(),
            )
            && clause("tag", &self.tags, tag, None, why)
    }

    /// Every list with its name, for the limits.
    fn lists(&self) -> [(&'static str, usize); 8] {
        [
            ("categories", self.categories.len()),
            ("channels", self.channels.len()),
            ("severities", self.severities.len()),
            ("priorities", self.priorities.len()),
            ("tiers", self.tiers.len()),
            ("languages", self.languages.len()),
            ("products", self.products.len()),
            ("tags", self.tags.len()),
        ]
    }

    /// Every text entry with its list's name, for the checks of each entry.
    fn texts(&self) -> impl Iterator<Item = (&'static str, usize, &str)> {
        numbered("categories", &self.categories)
            .chain(numbered("tiers", &self.tiers))
            .chain(numbered("languages", &self.languages))
            .chain(numbered("products", &self.products))
            .chain(numbered("tags", &self.tags))
    }
}

/// The entries of a list with its name and their index, no further than the
/// limit.
fn numbered<'e>(
    what: &'static str,
    entries: &'e [String],
) -> impl Iterator<Item = (&'static str, usize, &'e str)> {
    entries
        .iter()
        .take(RoutingTable::MAX_NAMES)
        .enumerate()
        .map(move |(i, entry)| (what, i, entry.as_str()))
}

impl RoutingTable {
    /// The most rules of a table.
    pub const MAX_RULES: usize = 256;
    /// The most entries of a condition's list, or tags of a destination.
    pub const MAX_NAMES: usize = 64;
    /// The longest name of a rule, entry or tag, in characters.
    pub const MAX_NAME_CHARS: usize = 64;

    /// A table with no rules, sending every case to `default`.
    #[must_use]
    pub const fn new(default: RouteTo) -> Self {
        Self {
            rules: Vec::new(),
            default,
        }
    }

    /// This table with one more rule, after the others.
    #[must_use]
    pub fn rule(mut self, rule: RoutingRule) -> Self {
        self.rules.push(rule);
        self
    }

    /// Routes an intake: the first rule that matches `facts`, or the
    /// default. Every intake gets exactly one routing.
    #[must_use]
    pub fn route(&self, facts: &RoutingFacts<'_>) -> Routing {
        for rule in &self.rules {
            if let Some(because) = rule.when.matches(facts) {
                return Routing {
                    to: rule.to.clone(),
                    rule: Some(rule.name.clone()),
                    because,
                };
            }
        }
        Routing {
            to: self.default.clone(),
            rule: None,
            because: Vec::new(),
        }
    }

    /// The table's problems, each with its path from the table, given the
    /// declared unit ids: too many rules or entries, a blank, long or
    /// repeated rule name, a blank or long entry or tag, and a destination
    /// that names a unit not declared (with the closest declared id).
    #[must_use]
    pub fn problems(&self, units: &[&str]) -> Vec<Problem> {
        let mut problems = Vec::new();
        if too_many(&mut problems, "rules", self.rules.len(), Self::MAX_RULES) {
            return problems;
        }
        let mut names: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, rule) in self.rules.iter().enumerate() {
            let at = |field: &str| format!("rules[{i}].{field}");
            short_text(&mut problems, &at("name"), &rule.name, Self::MAX_NAME_CHARS);
            if let Some(first) = names.insert(&rule.name, i) {
                problems.push(Problem::new(
                    at("name"),
                    format!("`{}` names rules[{first}] already", rule.name),
                ));
                names.insert(&rule.name, first);
            }
            for (list, length) in rule.when.lists() {
                too_many(
                    &mut problems,
                    &at(&format!("when.{list}")),
                    length,
                    Self::MAX_NAMES,
                );
            }
            for (list, j, entry) in rule.when.texts() {
                short_text(
                    &mut problems,
                    &at(&format!("when.{list}[{j}]")),
                    entry,
                    Self::MAX_NAME_CHARS,
                );
            }
            destination_problems(&mut problems, &at("to"), &rule.to, units);
        }
        destination_problems(&mut problems, "default", &self.default, units);
        problems
    }
}

/// The most declared units among which an undeclared one's closest match
/// is looked for.
const MAX_SUGGESTED_AMONG: usize = 256;

/// Adds a problem at `path` when `unit` is not among the declared `units`,
/// with the closest declared id when one is close (and there are at most
/// [`MAX_SUGGESTED_AMONG`] units).
pub(crate) fn undeclared_unit(
    problems: &mut Vec<Problem>,
    path: &str,
    unit: UnitId,
    units: &[&str],
) {
    if units.contains(&unit.as_str()) {
        return;
    }
    // A suggestion costs an edit distance per declared unit: past a few
    // hundred units, a hostile policy's every miss would cost too much.
    let near = (units.len() <= MAX_SUGGESTED_AMONG)
        .then(|| crate::name::closest(unit.as_str(), units))
        .flatten();
    let message = match near {
        Some(near) => format!("`{unit}` is not a declared unit: did you mean `{near}`?"),
        None => format!("`{unit}` is not a declared unit (see `departments`)"),
    };
    problems.push(Problem::new(path, message));
}

/// The problems of a destination at `path`: an undeclared unit, too many or
/// bad tags.
fn destination_problems(problems: &mut Vec<Problem>, path: &str, to: &RouteTo, units: &[&str]) {
    undeclared_unit(problems, &format!("{path}.unit"), to.unit, units);
    if !too_many(
        problems,
        &format!("{path}.tags"),
        to.tags.len(),
        RoutingTable::MAX_NAMES,
    ) {
        for (i, tag) in to.tags.iter().enumerate() {
            short_text(
                problems,
                &format!("{path}.tags[{i}]"),
                tag,
                RoutingTable::MAX_NAME_CHARS,
            );
        }
    }
}
