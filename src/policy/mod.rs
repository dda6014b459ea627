//! [`PolicySpec`], everything a desk configures, checked once into a [`Policy`]; and
//! [`Ctx`], what every decision reads: now, the actor, and the policy.
//!
//! The spec is serde data that a user writes in JSON or TOML. [`PolicySpec::compile`]
//! returns every problem with its path, such as
//! `case.lifecycle.transitions[3].to: ...`; the compiled [`Policy`] cannot be
//! invalid and is cheap to borrow.
//!
//! This module sits below the aggregates: it holds each aggregate's rules as
//! plain data (the case's lifecycle table and statuses, a non-conformance's
//! stage due dates, a service order's checklist, the training requirements and
//! competency gates), and each aggregate re-exports its own at its path, such
//! as `casework::case::CasePolicy`. What is done with the rules (deciding,
//! deadlines, competence from training records) is the aggregates' own.
//!
//! # Example
//! A desk in Berlin writes the changes it makes to the SOP defaults, reads
//! them with [`PolicySpec::from_json`], and compiles them once at start-up;
//! every decision then reads the compiled policy through a [`Ctx`]. A mistake
//! is refused with its path, before any case is decided on it.
//! ```
//! # #[cfg(feature = "serde")] {
//! use casework::{Actor, ActorId, Ctx, PolicySpec, Role, Severity};
//! use chrono::{TimeZone, Utc};
//! use uuid::Uuid;
//!
//! let spec = PolicySpec::from_json(r#"{
//!     "calendar": { "time_zone": "Europe/Berlin",
//!                   "hours": { "mon": [["08:00", "18:00"]], "tue": [["08:00", "18:00"]],
//!                              "wed": [["08:00", "18:00"]], "thu": [["08:00", "18:00"]],
//!                              "fri": [["08:00", "16:00"]] } },
//!     "case": { "qa_review": ["critical"] }
//! }"#).unwrap();
//! let policy = spec.compile().unwrap();
//! assert_eq!(policy.case().qa_review, [Severity::Critical]);
//! // Monday 23 November 2026, 08:00 in Berlin is 07:00 UTC: the desk is open.
//! let opening = Utc.with_ymd_and_hms(2026, 11, 23, 7, 0, 0).unwrap();
//! assert!(policy.calendar().is_open(opening).unwrap());
//!
//! let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
//! let ctx = Ctx::new(opening, csr, &policy);
//! assert_eq!((ctx.now(), ctx.actor().id), (opening, csr.id));
//!
//! // A typo is refused while reading, at its path...
//! let typo = PolicySpec::from_json(r#"{ "case": { "qa_reveiw": ["critical"] } }"#).unwrap_err();
//! assert_eq!(typo.problems[0].path, "case.qa_reveiw");
//! assert!(typo.problems[0].message.starts_with("unknown field `qa_reveiw`"));
//! // ... and a value that reads but breaks a rule, while compiling.
//! let spec = PolicySpec::from_json(r#"{ "calendar": { "time_zone": "Europe/Berlni" } }"#).unwrap();
//! let refused = spec.compile().unwrap_err();
//! assert_eq!(refused.problems[0].path, "calendar.time_zone");
//! # }
//! ```

mod assignment;
pub(crate) mod case;
pub(crate) mod communication;
mod ctx;
pub(crate) mod delivery;
pub(crate) mod feedback;
pub(crate) mod governance;
pub(crate) mod kpi;
mod organisation;
pub(crate) mod quality;
mod roles;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::actor::{Permissions, Role, RoleSet, ServiceOrderCommandKind, UnitId};
use crate::calendar::{BusinessCalendar, CalendarError, CalendarSpec, TimeRange};
use crate::priority::{Condition, EscalationLadder, PriorityMatrix, PriorityPolicy, SeverityRules};
use crate::problem::{Problem, in_range, too_many, write_all};
use crate::sla::SlaPolicy;

use case::{CasePolicy, Lifecycle, LifecycleSpec, Status};
use communication::{CommunicationPolicy, Templates};
use delivery::{ChecklistTemplate, DeliveryPolicy};
use feedback::FeedbackPolicy;
use governance::GovernancePolicy;
use kpi::KpiPolicy;
use quality::QualityPolicy;

pub use assignment::{Candidate, Need, Pick, Suggestion, suggest_assignee};
pub use ctx::{Competence, Ctx};
pub(crate) use organisation::undeclared_unit;
pub use organisation::{
    Department, Organisation, RouteTo, Routing, RoutingCondition, RoutingFacts, RoutingRule,
    RoutingTable, Team, Unit,
};
pub use roles::{Reach, RoleSpec};

/// The name by which ladders and targets refer to the policy's main calendar,
/// [`PolicySpec::calendar`].
pub const BUSINESS_CALENDAR: &str = "business";

/// Everything a desk configures, as written in a policy file.
///
/// Every field may be left out, taking the SOP default. Read a file with
/// [`PolicySpec::from_json`] or [`PolicySpec::deserialize_with_paths`] (TOML
/// and other formats), so that what cannot be read is refused with its path,
/// then check it with [`PolicySpec::compile`].
///
/// # Limits
/// Every number and list of a policy has a limit, documented on its field and
/// checked by [`compile`](Self::compile), so that no policy makes a deadline
/// unanswerable, a check quadratic in a hostile list, or memory run out:
///
/// | what | limit |
/// |---|---|
/// | durations: SLA targets, ladder levels, non-conformance and service-order due dates | 1 minute to a year ([`sla::MAX_MINUTES`](crate::sla::MAX_MINUTES)), or 1 to 365 business days |
/// | windows in days: reopening, survey interval, training grace | at most 365 |
/// | windows in months and years: retention, repeat detection, renewal | as documented on each field (1200 months, 3650 days, 120 months) |
/// | [`calendars`](Self::calendars) | [`MAX_CALENDARS`](Self::MAX_CALENDARS) (32), names of 1 to 64 ASCII letters, digits, `-` and `_` |
/// | severity rules, their tiers and categories | [`SeverityRules::MAX_RULES`] (64), [`Condition::MAX_NAMES`] (64) |
/// | a financial threshold | [`Condition::MAX_AMOUNT`] (2⁵³ − 1 minor units) |
/// | ladders, levels per ladder | one per priority (at most 9), [`EscalationLadder::MAX_LEVELS`] (10) |
/// | SLA metrics, targets, warnings | 32, 256, 10 ([`SlaPolicy::MAX_TARGETS`], ...) |
/// | case categories, root causes, lifecycle rows | 1000, 100, 256 ([`CasePolicy::MAX_CATEGORIES`], ...) |
/// | quality root-cause categories | 100 |
/// | checklist items, approval stages | 200, 10 |
/// | retention classes, training requirements, competency gates | 64, 256, 256 |
/// | message templates, variants per template, locales, channels, fallbacks | 64, 32, 16, 16, 16 ([`CommunicationPolicy::MAX_TEMPLATES`], ...) |
/// | a template's body, its subject, a locale tag, a time format | 8 KiB, 256 characters, 35 characters, 64 characters, writing at most 48 |
/// | an SMS, rendered with the widest value of every placeholder; the promise's padding and rounding | `sms_max_chars` (at most 1600); a year, a divisor of 1440 minutes |
/// | KPI targets, a bound, a margin | 64 ([`KpiPolicy::MAX_TARGETS`]), 0 to 100 percent or within the rating scale in tenths, 0 to 100 |
/// | lists of names from a fixed set (command kinds, roles, signals, severities, statuses) | each once: no longer than the set |
///
/// # Example
/// ```
/// use casework::PolicySpec;
///
/// # #[cfg(feature = "serde")] {
/// let spec: PolicySpec = serde_json::from_str(r#"{
///     "calendar": { "time_zone": "Europe/Berlin",
///                   "hours": { "mon": [["08:00", "18:00"]], "tue": [["08:00", "18:00"]] } },
///     "case": { "qa_review": ["critical"] }
/// }"#).unwrap();
/// let policy = spec.compile().unwrap();
/// assert_eq!(policy.calendar().time_zone().name(), "Europe/Berlin");
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct PolicySpec {
    /// The roles of the desk, by id, each with its name and what it may do
    /// on top of [`permissions`](Self::permissions): at most
    /// [`RoleSpec::MAX_ROLES`]. Every role that the permission table, a
    /// ladder, a due rule, the checklist, the approval stages, a training
    /// requirement or the lifecycle names must be declared here. The default
    /// declares the seven roles of the SOPs ([`Role::SOP`]); a policy that
    /// writes `roles` declares all of its roles, those it keeps of the seven
    /// included.
    pub roles: BTreeMap<Role, RoleSpec>,
    /// Who may give which command: a role's list no longer than there are
    /// command kinds.
    pub permissions: Permissions,
    /// The departments and teams, and how new cases are routed to them. The
    /// default has none, and routes nothing.
    pub organisation: Organisation,
    /// The business calendar, named `business`: reopen windows and business-hour
    /// ladders are counted on it.
    pub calendar: CalendarSpec,
    /// More calendars by name, such as `always` for "within 24 hours" targets:
    /// at most [`MAX_CALENDARS`](Self::MAX_CALENDARS). A name is 1 to
    /// [`MAX_CALENDAR_NAME_CHARS`](Self::MAX_CALENDAR_NAME_CHARS) ASCII
    /// letters, digits, `-` and `_` (so no `.`, `[` or `]`, which would make
    /// the paths of problems ambiguous), and not `business`.
    pub calendars: BTreeMap<String, CalendarSpec>,
    /// Severity rules, the priority matrix and the escalation ladders.
    pub priority: PriorityPolicy,
    /// SLA metrics and targets.
    pub sla: SlaPolicy,
    /// The case rules.
    pub case: CasePolicy,
    /// The non-conformance and CAPA rules.
    pub quality: QualityPolicy,
    /// The follow-up and feedback rules. Besides the limits documented on
    /// [`FeedbackPolicy`], the policy checks that
    /// `survey.min_days_between` is at most
    /// [`MAX_SURVEY_INTERVAL_DAYS`](Self::MAX_SURVEY_INTERVAL_DAYS).
    pub feedback: FeedbackPolicy,
    /// The service delivery rules: checklist, approval stages, sign-off.
    pub delivery: DeliveryPolicy,
    /// The document-control rules.
    pub governance: GovernancePolicy,
    /// The messages to customers: templates by channel and locale, and how
    /// the promised time is derived. Besides the limits documented on
    /// [`CommunicationPolicy`], the policy checks that `promise.metric` is
    /// one of `sla.metrics`.
    pub communication: CommunicationPolicy,
    /// The KPI targets a desk's performance is judged against. Besides the
    /// limits documented on [`KpiPolicy`], the policy checks that each
    /// `sla_met` target names one of `sla.metrics`, and that a CSAT target
    /// lies on `feedback.scale`.
    pub kpi: KpiPolicy,
}

impl Default for PolicySpec {
    fn default() -> Self {
        Self::sop_default()
    }
}

impl PolicySpec {
    /// The most calendars [`calendars`](Self::calendars) may name: 32. Each
    /// compiled calendar costs memory; a policy with more compiles none.
    pub const MAX_CALENDARS: usize = 32;

    /// The most wall-clock intervals the calendars of a policy may list over their
    /// ranges, summed ([`CalendarSpec::listed_intervals`]): 16 million, about
    /// two calendars at the per-calendar limits. It bounds compile time: a policy
    /// within it compiles in about a second.
    pub const MAX_LISTED_INTERVALS: u64 = 16_000_000;

    /// The most opening intervals the calendars of a policy may compile to,
    /// summed: 2 million, about 80 MB. Past it, no further calendar compiles.
    pub const MAX_OPENING_INTERVALS: usize = 2_000_000;

    /// The longest name of a calendar in [`calendars`](Self::calendars), in
    /// characters: 64.
    pub const MAX_CALENDAR_NAME_CHARS: usize = 64;

    /// The longest [`feedback.survey.min_days_between`](feedback::SurveyRules::min_days_between):
    /// a year, 365 days.
    pub const MAX_SURVEY_INTERVAL_DAYS: u32 = 365;

    /// The SOP defaults: [`Permissions::sop_default`], [`PriorityPolicy::sop_default`],
    /// [`CasePolicy::sop_default`], [`QualityPolicy::sop_default`], [`FeedbackPolicy::default`], [`DeliveryPolicy::default`], [`GovernancePolicy::default`], [`CommunicationPolicy::default`], [`KpiPolicy::sop_default`], a `business` calendar open Monday to Friday,
    /// 09:00 to 17:00 UTC, and an `always` calendar open around the clock. Most desks
    /// replace the business calendar with their own zone, hours and holidays.
    #[must_use]
    pub fn sop_default() -> Self {
        let mut calendar = CalendarSpec::new("UTC");
        calendar = calendar.with_weekday_hours(vec![TimeRange::new("09:00", "17:00")]);
        Self {
            roles: RoleSpec::sop_default(),
            permissions: Permissions::sop_default(),
            organisation: Organisation::default(),
            calendar,
            calendars: BTreeMap::from([(
                "always".to_owned(),
                CalendarSpec::twenty_four_seven("UTC"),
            )]),
            priority: PriorityPolicy::sop_default(),
            sla: SlaPolicy::sop_default(),
            case: CasePolicy::sop_default(),
            quality: QualityPolicy::sop_default(),
            feedback: FeedbackPolicy::default(),
            delivery: DeliveryPolicy::default(),
            governance: GovernancePolicy::default(),
            communication: CommunicationPolicy::default(),
            kpi: KpiPolicy::sop_default(),
        }
    }

    /// Checks the whole policy and compiles it.
    ///
    /// # Errors
    /// [`PolicyError`] with every problem found, each with its path from the
    /// policy's root: `calendar.hours.mon[0]`, `case.categories[2].code`,
    /// `case.lifecycle.transitions[4].roles`, ...
    pub fn compile(&self) -> Result<Policy, PolicyError> {
        let mut problems = Vec::new();
        // The table decisions read: the policy's, with each role's `may`.
        let permissions = roles::granted(&self.permissions, &self.roles);
        let business =
            compile_calendar(&self.calendar, "calendar", BUSINESS_CALENDAR, &mut problems);
        let mut calendars = BTreeMap::new();
        // Each compiled calendar costs memory: too many compile none.
        let too_many_calendars = too_many(
            &mut problems,
            "calendars",
            self.calendars.len(),
            Self::MAX_CALENDARS,
        );
        // Nor are calendars compiled whose hours, together, would take too long.
        let listed = self
            .calendars
            .values()
            .fold(self.calendar.listed_intervals(), |sum, spec| {
                sum.saturating_add(spec.listed_intervals())
            });
        let too_much_work = !too_many_calendars && listed > Self::MAX_LISTED_INTERVALS;
        if too_much_work {
            problems.push(Problem::new(
                "calendars",
                format!(
                    "the calendars list {listed} intervals over their ranges; there may be at \
                     most {}: shorten ranges or join intervals",
                    Self::MAX_LISTED_INTERVALS
                ),
            ));
        }
        if !too_many_calendars && !too_much_work {
            let mut compiled = business
                .as_ref()
                .map_or(0, BusinessCalendar::interval_count);
            for (name, spec) in &self.calendars {
                if let Some(problem) = calendar_name_problem(name) {
                    problems.push(problem);
                } else if let Some(calendar) =
                    compile_calendar(spec, &format!("calendars.{name}"), name, &mut problems)
                {
                    compiled = compiled.saturating_add(calendar.interval_count());
                    if compiled > Self::MAX_OPENING_INTERVALS {
                        problems.push(Problem::new(
                            format!("calendars.{name}"),
                            format!(
                                "the calendars compile to more than {} opening intervals",
                                Self::MAX_OPENING_INTERVALS
                            ),
                        ));
                        break;
                    }
                    calendars.insert(name.clone(), calendar);
                }
            }
        }
        if self.calendars.contains_key(BUSINESS_CALENDAR) {
            problems.push(Problem::new(
                format!("calendars.{BUSINESS_CALENDAR}"),
                format!("`{BUSINESS_CALENDAR}` names the main calendar, `calendar`"),
            ));
        }
        let names: Vec<&str> = if too_many_calendars {
            // The policy is refused already. Its ladders, targets and due dates
            // are checked against the names they use, not against a hostile
            // list of names that each of their problems would repeat.
            let ladders = self.priority.ladders.iter();
            let targets = self.sla.targets.iter();
            ladders
                .take(usize::from(PriorityMatrix::MAX_PRIORITIES))
                .map(|l| l.calendar.as_str())
                .chain(
                    targets
                        .take(SlaPolicy::MAX_TARGETS)
                        .map(|t| t.calendar.as_str()),
                )
                .chain(self.quality.calendar_names())
                .chain(self.delivery.calendar_names())
                .collect()
        } else {
            core::iter::once(BUSINESS_CALENDAR)
                .chain(self.calendars.keys().map(String::as_str))
                .collect()
        };
        // An invalid number of levels is reported by the case rules; the ladders
        // are then checked against the most levels a case may have.
        let levels = Some(self.case.escalation_levels)
            .filter(|n| (1..=EscalationLadder::MAX_LEVELS).contains(n))
            .unwrap_or(EscalationLadder::MAX_LEVELS);
        problems.extend(
            self.priority
                .problems(&names, levels)
                .into_iter()
                .map(|p| p.within("priority")),
        );
        let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        problems.extend(
            self.sla
                .problems(&names, &statuses, self.priority.matrix.priorities)
                .into_iter()
                .map(|p| p.within("sla")),
        );
        // Lists past their limits have a problem already; the cross-checks
        // below read no further than the limits, so that they cost no more.
        let rules = if self.case.categories.len() <= CasePolicy::MAX_CATEGORIES {
            self.priority.severity.rules.iter()
        } else {
            [].iter()
        };
        for (i, rule) in rules.take(SeverityRules::MAX_RULES).enumerate() {
            if let Condition::Category { categories } = &rule.when {
                let categories = categories.iter().take(Condition::MAX_NAMES);
                for (j, code) in categories.enumerate() {
                    if !self.case.has_category(code) {
                        problems.push(Problem::new(
                            format!("priority.severity.rules[{i}].when.categories[{j}]"),
                            format!("`{code}` is not one of `case.categories`"),
                        ));
                    }
                }
            }
        }
        problems.extend(
            self.quality
                .problems()
                .into_iter()
                .chain(self.quality.calendar_problems(&names))
                .map(|p| p.within("quality")),
        );
        problems.extend(
            self.feedback
                .problems()
                .into_iter()
                .map(|p| p.within("feedback")),
        );
        in_range(
            &mut problems,
            "feedback.survey.min_days_between",
            self.feedback.survey.min_days_between,
            0,
            Self::MAX_SURVEY_INTERVAL_DAYS,
        );
        problems.extend(
            self.delivery
                .problems()
                .into_iter()
                .chain(self.delivery.calendar_problems(&names))
                .map(|p| p.within("delivery")),
        );
        problems.extend(
            self.governance
                .problems()
                .into_iter()
                .map(|p| p.within("governance")),
        );
        let gates = self.governance.competency_gates.iter();
        for (i, gate) in gates
            .take(GovernancePolicy::MAX_COMPETENCY_GATES)
            .enumerate()
        {
            if permissions.allows(Role::System, gate.command) {
                problems.push(Problem::new(
                    format!("governance.competency_gates[{i}].command"),
                    format!(
                        "`{}` is granted to `system`, which holds no training: the gate would stop the scheduler",
                        gate.command
                    ),
                ));
            }
        }
        let items = self.delivery.checklist.items.iter();
        for (i, item) in items.take(ChecklistTemplate::MAX_ITEMS).enumerate() {
            if let Some(role) = item.role {
                if !permissions.allows(role, ServiceOrderCommandKind::TickItem) {
                    problems.push(Problem::new(
                        format!("delivery.checklist.items[{i}].role"),
                        format!("`{role}` is not granted `tick_item`"),
                    ));
                }
            }
        }
        let stages = self.delivery.approval_stages.iter();
        for (i, stage) in stages.take(DeliveryPolicy::MAX_APPROVAL_STAGES).enumerate() {
            if !permissions.allows(stage.role, ServiceOrderCommandKind::ApproveStage) {
                problems.push(Problem::new(
                    format!("delivery.approval_stages[{i}].role"),
                    format!("`{}` is not granted `approve_stage`", stage.role),
                ));
            }
        }
        let (role_references, unit_references) = self.references();
        problems.extend(roles::problems(&self.roles, role_references));
        problems.extend(
            self.organisation
                .problems()
                .into_iter()
                .map(|p| p.within("organisation")),
        );
        let units = self.organisation.unit_ids();
        for (path, unit) in unit_references {
            organisation::undeclared_unit(&mut problems, &path, unit, &units);
        }
        if self.case.categories.len() <= CasePolicy::MAX_CATEGORIES {
            let codes: Vec<&str> = self
                .case
                .categories
                .iter()
                .map(|c| c.code.as_str())
                .collect();
            problems.extend(
                self.organisation
                    .category_problems(&codes)
                    .into_iter()
                    .map(|p| p.within("organisation")),
            );
        }
        let metrics = self.sla.metrics.iter().take(SlaPolicy::MAX_METRICS);
        let metrics: Vec<&str> = metrics.map(|m| m.name.as_str()).collect();
        let (templates, found) = self.communication.compile(&metrics);
        problems.extend(found.into_iter().map(|p| p.within("communication")));
        problems.extend(
            self.kpi
                .problems(&metrics, self.feedback.scale)
                .into_iter()
                .map(|p| p.within("kpi")),
        );
        let lifecycle = match self.case.compile(&permissions) {
            Ok(lifecycle) => Some(lifecycle),
            Err(found) => {
                problems.extend(found.into_iter().map(|p| p.within("case")));
                None
            }
        };
        match (business, lifecycle, templates) {
            (Some(calendar), Some(lifecycle), Some(templates)) if problems.is_empty() => {
                let mut policy = Policy {
                    case_coverage: calendar.coverage(),
                    roles: self.roles.clone(),
                    reaches: self.roles.values().any(|role| role.within.is_some()),
                    organisation: self.organisation.clone(),
                    permissions,
                    calendar,
                    calendars,
                    priority: self.priority.clone(),
                    sla: self.sla.clone(),
                    case: self.case.clone(),
                    quality: self.quality.clone(),
                    feedback: self.feedback,
                    delivery: self.delivery.clone(),
                    governance: self.governance.clone(),
                    communication: self.communication.clone(),
                    kpi: self.kpi.clone(),
                    templates,
                    lifecycle,
                };
                policy.case_coverage = policy
                    .case_calendars()
                    .iter()
                    .map(|calendar| calendar.coverage())
                    .fold(policy.case_coverage.clone(), |a, b| {
                        (*a.start()).max(*b.start())..=(*a.end()).min(*b.end())
                    });
                Ok(policy)
            }
            _ => Err(PolicyError { problems }),
        }
    }
}

/// A value a rule names, with the rule's path.
type Named<T> = (String, T);

impl PolicySpec {
    /// Every role and every unit the policy's rules name, each with its
    /// path, read no further than each list's limit (a longer list has its
    /// problem already).
    fn references(&self) -> (Vec<Named<Role>>, Vec<Named<UnitId>>) {
        let mut units = Vec::new();
        let mut found: Vec<Named<Role>> = self
            .permissions
            .roles()
            .map(|role| (format!("permissions.{role}"), role))
            .collect();
        let ladders = self.priority.ladders.iter();
        for (i, ladder) in ladders
            .take(usize::from(PriorityMatrix::MAX_PRIORITIES))
            .enumerate()
        {
            let levels = ladder.levels.iter();
            for (j, level) in levels
                .take(usize::from(EscalationLadder::MAX_LEVELS))
                .enumerate()
            {
                let at = |field| format!("priority.ladders[{i}].levels[{j}].{field}");
                found.push((at("role"), level.role));
                if let Some(unit) = level.unit {
                    units.push((at("unit"), unit));
                }
            }
        }
        let concern = self.feedback.concern_escalates_to;
        found.push((
            "feedback.concern_escalates_to.role".to_owned(),
            concern.role,
        ));
        if let Some(unit) = concern.unit {
            units.push(("feedback.concern_escalates_to.unit".to_owned(), unit));
        }
        for (stage, due) in [
            ("containment_due", &self.quality.containment_due),
            ("investigation_due", &self.quality.investigation_due),
            ("disposition_due", &self.quality.disposition_due),
        ] {
            if let Some(due) = due {
                found.push((format!("quality.{stage}.notify"), due.notify));
            }
        }
        for (milestone, due) in [
            ("inspection_due", &self.delivery.inspection_due),
            ("sign_off_due", &self.delivery.sign_off_due),
        ] {
            if let Some(due) = due {
                found.push((format!("delivery.{milestone}.notify"), due.notify));
            }
        }
        let items = self.delivery.checklist.items.iter();
        for (i, item) in items.take(ChecklistTemplate::MAX_ITEMS).enumerate() {
            if let Some(role) = item.role {
                found.push((format!("delivery.checklist.items[{i}].role"), role));
            }
        }
        let stages = self.delivery.approval_stages.iter();
        for (i, stage) in stages.take(DeliveryPolicy::MAX_APPROVAL_STAGES).enumerate() {
            found.push((format!("delivery.approval_stages[{i}].role"), stage.role));
        }
        let training = self.governance.training.iter();
        for (i, requirement) in training
            .take(GovernancePolicy::MAX_TRAINING_REQUIREMENTS)
            .enumerate()
        {
            found.push((format!("governance.training[{i}].role"), requirement.role));
        }
        let rows = self.case.lifecycle.transitions.iter();
        for (i, row) in rows.take(LifecycleSpec::MAX_TRANSITIONS).enumerate() {
            for (j, id) in row.roles.iter().take(RoleSet::CAPACITY).enumerate() {
                // An id that is not one has its problem from the lifecycle.
                if let Ok(role) = Role::new(id) {
                    found.push((format!("case.lifecycle.transitions[{i}].roles[{j}]"), role));
                }
            }
        }
        (found, units)
    }
}

#[cfg(feature = "serde")]
impl PolicySpec {
    /// Reads a policy written in JSON. Whatever cannot be read is refused with
    /// its path from the policy's root, as [`compile`](Self::compile) names
    /// its problems: `calendar.date_hours.2026-02-30: input is out of range at
    /// line 1 column 73`, not only the line and column.
    ///
    /// This reads; it does not check. Call [`compile`](Self::compile) next.
    ///
    /// # Errors
    /// [`PolicyError`] with one problem, at the path of the value that could
    /// not be read (empty for the document itself): JSON that is not well
    /// formed or has trailing characters, an unknown field, a value of the
    /// wrong type, or a name that is none of its kind's, such as
    /// ``permissions.qa_specialist[0]: unknown command kind `reveiw_resolution`:
    /// did you mean `review_resolution`?``.
    ///
    /// # Example
    /// ```
    /// use casework::PolicySpec;
    ///
    /// let spec = PolicySpec::from_json(r#"{ "case": { "qa_review": ["critical"] } }"#)?;
    /// assert!(spec.compile().is_ok());
    ///
    /// let refused = PolicySpec::from_json(
    ///     r#"{ "calendar": { "time_zone": "UTC", "date_hours": { "2026-02-30": [] } } }"#,
    /// ).unwrap_err();
    /// assert_eq!(refused.problems[0].path, "calendar.date_hours.2026-02-30");
    /// # Ok::<(), casework::PolicyError>(())
    /// ```
    pub fn from_json(json: &str) -> Result<Self, PolicyError> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let spec = Self::deserialize_with_paths(&mut deserializer)?;
        deserializer.end().map_err(|e| PolicyError {
            problems: vec![Problem::new("", e.to_string())],
        })?;
        Ok(spec)
    }

    /// Reads a policy from any serde deserializer (TOML, YAML, JSON, ...). Whatever
    /// cannot be read is refused with its path from the policy's root, as
    /// [`from_json`](Self::from_json) does.
    ///
    /// This reads; it does not check. Call [`compile`](Self::compile) next.
    ///
    /// # Errors
    /// [`PolicyError`] with one problem: the path of the value that could not be
    /// read (empty for the document itself), and the deserializer's message.
    ///
    /// # Example
    /// ```
    /// use casework::PolicySpec;
    ///
    /// let mut json = serde_json::Deserializer::from_str(
    ///     r#"{ "permissions": { "qa_specialist": ["review_resolution", "reveiw_resolution"] } }"#,
    /// );
    /// let refused = PolicySpec::deserialize_with_paths(&mut json).unwrap_err();
    /// assert_eq!(refused.problems[0].path, "permissions.qa_specialist[1]");
    /// assert!(refused.problems[0].message.starts_with(
    ///     "unknown command kind `reveiw_resolution`: did you mean `review_resolution`?"
    /// ));
    /// ```
    pub fn deserialize_with_paths<'de, D>(deserializer: D) -> Result<Self, PolicyError>
    where
        D: serde::Deserializer<'de>,
    {
        serde_path_to_error::deserialize(deserializer).map_err(|e| PolicyError {
            problems: vec![Problem::new(path_of(e.path()), e.inner().to_string())],
        })
    }
}

/// A serde path in the form problems use: `calendars.always.hours.mon[0]`, and
/// the empty string for the root.
#[cfg(feature = "serde")]
fn path_of(path: &serde_path_to_error::Path) -> String {
    use core::fmt::Write as _;
    use serde_path_to_error::Segment;

    let mut out = String::new();
    for segment in path {
        if !out.is_empty() && !matches!(segment, Segment::Seq { .. }) {
            out.push('.');
        }
        // Writing to a `String` cannot fail.
        let _ = write!(out, "{segment}");
    }
    out
}

/// Compiles a calendar of the policy, named `name` so that its refusals say which,
/// or adds its problems at `path`.
fn compile_calendar(
    spec: &CalendarSpec,
    path: &str,
    name: &str,
    problems: &mut Vec<Problem>,
) -> Option<BusinessCalendar> {
    match spec.compile() {
        Ok(calendar) => Some(calendar.with_name(name)),
        Err(CalendarError::InvalidSpec { problems: found }) => {
            problems.extend(found.into_iter().map(|p| p.within(path)));
            None
        }
        Err(other) => {
            problems.push(Problem::new(path, other.to_string()));
            None
        }
    }
}

/// The problem with a calendar's name, if it breaks the rule of
/// [`PolicySpec::calendars`]: 1 to [`PolicySpec::MAX_CALENDAR_NAME_CHARS`]
/// ASCII letters, digits, `-` and `_`, so that a path through it is plain.
fn calendar_name_problem(name: &str) -> Option<Problem> {
    let rule = format!(
        "a calendar name is 1 to {} ASCII letters, digits, `-` and `_`",
        PolicySpec::MAX_CALENDAR_NAME_CHARS
    );
    if name.is_empty() {
        // `calendars.` would be no path: the problem is the map's.
        return Some(Problem::new(
            "calendars",
            format!("a calendar has an empty name; {rule}"),
        ));
    }
    let plain = name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if plain && name.len() <= PolicySpec::MAX_CALENDAR_NAME_CHARS {
        return None;
    }
    let shown: String = name
        .chars()
        .take(PolicySpec::MAX_CALENDAR_NAME_CHARS)
        .collect();
    let cut = if shown.len() < name.len() { "…" } else { "" };
    Some(Problem::new(
        format!("calendars.{shown}{cut}"),
        format!("`{shown}{cut}` is not a calendar name; {rule}"),
    ))
}

/// A policy that failed its checks: every problem, with its path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct PolicyError {
    /// What is wrong, and where.
    pub problems: Vec<Problem>,
}

impl core::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("invalid policy: ")?;
        write_all(f, &self.problems)
    }
}

/// A checked policy: what [`Ctx`] borrows. Built by [`PolicySpec::compile`].
#[derive(Debug, Clone)]
pub struct Policy {
    roles: BTreeMap<Role, RoleSpec>,
    /// Whether a role reaches only some units' records.
    reaches: bool,
    organisation: Organisation,
    permissions: Permissions,
    calendar: BusinessCalendar,
    calendars: BTreeMap<String, BusinessCalendar>,
    priority: PriorityPolicy,
    sla: SlaPolicy,
    case: CasePolicy,
    quality: QualityPolicy,
    feedback: FeedbackPolicy,
    delivery: DeliveryPolicy,
    governance: GovernancePolicy,
    communication: CommunicationPolicy,
    kpi: KpiPolicy,
    /// The templates of `communication`, parsed once.
    templates: Templates,
    lifecycle: Lifecycle,
    /// The instants every calendar a case is timed on covers: the intersection of
    /// their coverages, so that a case's command checks its instants in O(1).
    case_coverage: core::ops::RangeInclusive<DateTime<Utc>>,
}

impl crate::range::HasBusinessCalendar for Policy {
    fn business_calendar(&self) -> &BusinessCalendar {
        &self.calendar
    }
}

impl Policy {
    /// The SOP default policy, compiled.
    ///
    /// # Errors
    /// None in practice: the default is tested to compile. The `Result` keeps the
    /// no-panic promise even so.
    pub fn sop_default() -> Result<Self, PolicyError> {
        PolicySpec::sop_default().compile()
    }

    /// The calendars that must cover a case's instants: the business calendar
    /// (reopen windows, and the KPIs' business time and months), and each
    /// calendar that an escalation ladder or an SLA target counts on, whatever
    /// the case's priority, since a reassessment may move it to another ladder
    /// and targets.
    pub(crate) fn case_calendars(&self) -> Vec<&BusinessCalendar> {
        let ladders = self.priority.ladders.iter().map(|l| l.calendar.as_str());
        let targets = self.sla.targets.iter().map(|t| t.calendar.as_str());
        let named = ladders
            .chain(targets)
            .filter_map(|name| self.calendar_named(name));
        crate::range::business_and(self, named)
    }

    /// The instants that every calendar a case is timed on covers.
    pub(crate) fn case_coverage(&self) -> &core::ops::RangeInclusive<DateTime<Utc>> {
        &self.case_coverage
    }

    /// The departments and teams, and the routing table.
    #[must_use]
    pub const fn organisation(&self) -> &Organisation {
        &self.organisation
    }

    /// Whether a declared role reaches only some units' records, so that a
    /// permission depends on the record's unit.
    #[must_use]
    pub const fn has_reaches(&self) -> bool {
        self.reaches
    }

    /// The roles the policy declares, by id, with their names.
    #[must_use]
    pub const fn roles(&self) -> &BTreeMap<Role, RoleSpec> {
        &self.roles
    }

    /// Who may give which command.
    #[must_use]
    pub const fn permissions(&self) -> &Permissions {
        &self.permissions
    }

    /// The business calendar, [`PolicySpec::calendar`].
    #[must_use]
    pub const fn calendar(&self) -> &BusinessCalendar {
        &self.calendar
    }

    /// A calendar by name: `business`, or one of [`PolicySpec::calendars`].
    #[must_use]
    pub fn calendar_named(&self, name: &str) -> Option<&BusinessCalendar> {
        if name == BUSINESS_CALENDAR {
            Some(&self.calendar)
        } else {
            self.calendars.get(name)
        }
    }

    /// Severity rules, the priority matrix and the escalation ladders.
    #[must_use]
    pub const fn priority(&self) -> &PriorityPolicy {
        &self.priority
    }

    /// SLA metrics and targets.
    #[must_use]
    pub const fn sla(&self) -> &SlaPolicy {
        &self.sla
    }

    /// The case rules.
    #[must_use]
    pub const fn case(&self) -> &CasePolicy {
        &self.case
    }

    /// The non-conformance and CAPA rules.
    #[must_use]
    pub const fn quality(&self) -> &QualityPolicy {
        &self.quality
    }

    /// The follow-up and feedback rules.
    #[must_use]
    pub const fn feedback(&self) -> &FeedbackPolicy {
        &self.feedback
    }

    /// The service delivery rules.
    #[must_use]
    pub const fn delivery(&self) -> &DeliveryPolicy {
        &self.delivery
    }

    /// The document-control rules.
    #[must_use]
    pub const fn governance(&self) -> &GovernancePolicy {
        &self.governance
    }

    /// The compiled lifecycle table.
    #[must_use]
    pub const fn lifecycle(&self) -> &Lifecycle {
        &self.lifecycle
    }

    /// The messages to customers: templates by channel and locale, and how
    /// the promised time is derived.
    #[must_use]
    pub const fn communication(&self) -> &CommunicationPolicy {
        &self.communication
    }

    /// The KPI targets.
    #[must_use]
    pub const fn kpi(&self) -> &KpiPolicy {
        &self.kpi
    }

    /// The templates of [`communication`](Self::communication), parsed.
    pub(crate) const fn templates(&self) -> &Templates {
        &self.templates
    }
}
