//! [`EscalationLadder`]: who is told, or handed the case, at each level, and after
//! how much business time without acknowledgement or resolution.

use chrono::{DateTime, TimeDelta, Utc};

use super::matrix::Priority;
use crate::actor::{Role, UnitId};
use crate::calendar::{BusinessCalendar, CalendarError};
use crate::problem::{Problem, unknown_calendar};

/// Why a case went up a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum EscalationTrigger {
    /// The severity assessed at intake or on reassessment met the policy's
    /// threshold for immediate escalation.
    Severity,
    /// The ladder's business time for the next level passed without the milestone.
    Time,
    /// An SLA clock passed a warning threshold.
    SlaWarning,
    /// An SLA clock breached its target.
    SlaBreach,
    /// The customer said at follow-up that the concern is not resolved.
    UnresolvedConcern,
    /// Someone asked for it, with a reason.
    Manual,
}

/// What a level does with its role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum EscalationAction {
    /// Tell the role; the assignee keeps the case.
    Notify,
    /// Hand the case over: to the level's unit, which owns it from then on
    /// (the assignee is cleared, for the unit to pick it up); a level that
    /// names no unit hands it to the role, and moves nothing.
    HandOver,
}

impl EscalationAction {
    /// The snake_case name used in policy files, such as `hand_over`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            EscalationAction::Notify => "notify",
            EscalationAction::HandOver => "hand_over",
        }
    }
}

crate::name::display_by_name!(EscalationAction);

/// Whom an escalation goes to, and what they get: what a case's `Escalated`
/// events carry, from the ladder's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct LadderStep {
    /// Who is told, or handed the case.
    pub role: Role,
    /// Tell or hand over.
    pub action: EscalationAction,
    /// The unit of the organisation it goes to, such as a department: told,
    /// or handed the case. `None` names the role alone.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub unit: Option<UnitId>,
}

impl LadderStep {
    /// A step to `role`, naming no unit.
    #[must_use]
    pub const fn new(role: Role, action: EscalationAction) -> Self {
        Self {
            role,
            action,
            unit: None,
        }
    }

    /// This step, to `unit` as well as the role.
    #[must_use]
    pub const fn to_unit(mut self, unit: UnitId) -> Self {
        self.unit = Some(unit);
        self
    }

    /// The unit the case moves to: the step's unit, when it hands over.
    #[must_use]
    pub const fn moves_to(&self) -> Option<UnitId> {
        match self.action {
            EscalationAction::HandOver => self.unit,
            EscalationAction::Notify => None,
        }
    }
}

/// What stops a level from firing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum Milestone {
    /// The case was acknowledged.
    Acknowledged,
    /// The case was resolved. Cases that left the desk otherwise (closed,
    /// withdrawn, rejected, merged) have no next escalation at all.
    Resolved,
}

impl Milestone {
    /// The snake_case name used in policy files, such as `acknowledged`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Milestone::Acknowledged => "acknowledged",
            Milestone::Resolved => "resolved",
        }
    }
}

crate::name::display_by_name!(Milestone);

/// One level of a ladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct EscalationLevel {
    /// Who is told, or handed the case.
    pub role: Role,
    /// Tell or hand over.
    pub action: EscalationAction,
    /// The unit of the organisation the level goes to, such as a department:
    /// told, or handed the case. `None` names the role alone.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub unit: Option<UnitId>,
    /// Business minutes after receipt, on the ladder's calendar, at which the case
    /// reaches this level unless the milestone is met: 1 to
    /// [`MAX_AFTER_MINUTES`](Self::MAX_AFTER_MINUTES), a year, and more than
    /// the level below.
    pub after_minutes: u32,
    /// The milestone that stops this level.
    pub unless: Milestone,
}

impl EscalationLevel {
    /// Whom the level goes to, and what they get.
    #[must_use]
    pub const fn step(&self) -> LadderStep {
        LadderStep {
            role: self.role,
            action: self.action,
            unit: self.unit,
        }
    }

    /// The latest a level may come, in business minutes after receipt: a year,
    /// 525,600 minutes, the longest SLA target too (`sla::MAX_MINUTES`).
    pub const MAX_AFTER_MINUTES: u32 = 365 * 24 * 60;

    /// When the level is reached: its business minutes after `start` on the
    /// ladder's `calendar`.
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] when that instant falls outside the calendar.
    pub fn due(
        &self,
        calendar: &BusinessCalendar,
        start: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, CalendarError> {
        calendar.add(start, TimeDelta::minutes(i64::from(self.after_minutes)))
    }
}

/// The escalation ladder of one priority.
///
/// ```json
/// { "priority": 1, "calendar": "always", "levels": [
///     { "role": "customer_service_manager", "action": "notify", "after_minutes": 60, "unless": "acknowledged" },
///     { "role": "management", "action": "hand_over", "after_minutes": 240, "unless": "resolved" } ] }
/// ```
///
/// # Example
/// ```
/// use casework::calendar::CalendarSpec;
/// use casework::priority::{EscalationLadder, Priority};
/// use chrono::{TimeZone, Utc};
///
/// let ladder = EscalationLadder::sop_default()
///     .into_iter()
///     .find(|l| l.priority == Priority(1))
///     .unwrap();
/// let always = CalendarSpec::twenty_four_seven("UTC").compile().unwrap();
/// let received = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
///
/// // Not acknowledged, not resolved, at level 0: level 1 comes an hour after receipt.
/// let next = ladder.next(&always, received, 0, false, false).unwrap();
/// assert_eq!(next, Some((1, Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap())));
/// // Acknowledged: level 1 no longer applies; level 2 waits for the resolution.
/// let next = ladder.next(&always, received, 0, true, false).unwrap();
/// assert_eq!(next, Some((2, Utc.with_ymd_and_hms(2026, 11, 23, 13, 0, 0).unwrap())));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct EscalationLadder {
    /// The priority it applies to.
    pub priority: Priority,
    /// The name of the calendar its times are counted on: `business`, or one of
    /// the policy's named calendars.
    pub calendar: String,
    /// Level 1 first; their times strictly increase. From 1 to the case
    /// policy's `escalation_levels`, itself at most
    /// [`MAX_LEVELS`](Self::MAX_LEVELS).
    pub levels: Vec<EscalationLevel>,
}

impl EscalationLadder {
    /// The most levels a ladder, or a case, may have: 10.
    pub const MAX_LEVELS: u8 = 10;

    /// The SOP ladders, one per priority of the default matrix:
    ///
    /// | priority | calendar | level 1 | level 2 | level 3 |
    /// |---|---|---|---|---|
    /// | P1 | always | manager, 1 h, unless acknowledged | management, 4 h, unless resolved | management takes over, 8 h, unless resolved |
    /// | P2 | always | manager, 4 h, unless acknowledged | management, 24 h, unless resolved | |
    /// | P3 | business | manager, 8 h, unless acknowledged | management, 40 h, unless resolved | |
    /// | P4 | business | manager, 16 h, unless acknowledged | | |
    /// | P5 | business | manager, 24 h, unless acknowledged | | |
    #[must_use]
    pub fn sop_default() -> Vec<Self> {
        use EscalationAction::{HandOver, Notify};
        use Milestone::{Acknowledged, Resolved};
        let level = |role, action, hours: u32, unless| EscalationLevel {
            role,
            action,
            unit: None,
            after_minutes: hours * 60,
            unless,
        };
        let manager = |hours| level(Role::CustomerServiceManager, Notify, hours, Acknowledged);
        let management = |hours, action| level(Role::Management, action, hours, Resolved);
        let ladder = |priority, calendar: &str, levels| EscalationLadder {
            priority: Priority(priority),
            calendar: calendar.to_owned(),
            levels,
        };
        vec![
            ladder(
                1,
                "always",
                vec![manager(1), management(4, Notify), management(8, HandOver)],
            ),
            ladder(2, "always", vec![manager(4), management(24, Notify)]),
            ladder(3, "business", vec![manager(8), management(40, Notify)]),
            ladder(4, "business", vec![manager(16)]),
            ladder(5, "business", vec![manager(24)]),
        ]
    }

    /// When each level is reached if its milestone is never met: `calendar.add`
    /// of its business minutes to `received_at`. Non-decreasing by level.
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] when an instant falls outside the calendar.
    pub fn instants(
        &self,
        calendar: &BusinessCalendar,
        received_at: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>, CalendarError> {
        self.levels
            .iter()
            .map(|level| level.due(calendar, received_at))
            .collect()
    }

    /// The next level above `level` whose milestone is not met, and when it is
    /// reached, counting from `received_at` (or wherever the caller's clock for the
    /// ladder starts, such as a reopen); `None` when no level is left.
    ///
    /// The ladder's time does not pause while a case waits on the customer or a
    /// third party: escalation is about the desk's attention, not the SLA clock.
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] when the instant falls outside the calendar.
    pub fn next(
        &self,
        calendar: &BusinessCalendar,
        received_at: DateTime<Utc>,
        level: u8,
        acknowledged: bool,
        resolved: bool,
    ) -> Result<Option<(u8, DateTime<Utc>)>, CalendarError> {
        self.next_level(level, acknowledged, resolved)
            .map(|(number, step)| Ok((number, step.due(calendar, received_at)?)))
            .transpose()
    }

    /// The next level above `level` whose milestone is not met, with its number
    /// from 1; `None` when no level is left.
    #[must_use]
    pub fn next_level(
        &self,
        level: u8,
        acknowledged: bool,
        resolved: bool,
    ) -> Option<(u8, &EscalationLevel)> {
        (1..=u8::MAX).zip(&self.levels).find(|(number, step)| {
            let met = match step.unless {
                Milestone::Acknowledged => acknowledged || resolved,
                Milestone::Resolved => resolved,
            };
            *number > level && !met
        })
    }

    /// The level's entry, from 1.
    #[must_use]
    pub fn level(&self, number: u8) -> Option<&EscalationLevel> {
        self.levels.get(usize::from(number).checked_sub(1)?)
    }

    /// Every problem of this ladder, with its path, given the names of the
    /// policy's calendars and the most levels a case may have: a calendar not
    /// among them, no level or too many, levels not strictly later one after
    /// the other, or a role that cannot be handed a case.
    #[must_use]
    pub fn problems(&self, calendars: &[&str], max_levels: u8) -> Vec<Problem> {
        let mut problems = Vec::new();
        problems.extend(unknown_calendar("calendar", &self.calendar, calendars));
        if self.levels.is_empty() {
            problems.push(Problem::new("levels", "a ladder needs at least one level"));
        }
        if self.levels.len() > usize::from(max_levels) {
            problems.push(Problem::new(
                "levels",
                format!(
                    "{} levels, but cases escalate to level {max_levels} at most",
                    self.levels.len()
                ),
            ));
        }
        if self.levels.len() > usize::from(Self::MAX_LEVELS) {
            // Too many to be worth a problem each.
            return problems;
        }
        let mut before = 0;
        for (i, level) in self.levels.iter().enumerate() {
            if level.after_minutes > EscalationLevel::MAX_AFTER_MINUTES {
                problems.push(Problem::new(
                    format!("levels[{i}].after_minutes"),
                    format!(
                        "{} minutes is more than a year ({})",
                        level.after_minutes,
                        EscalationLevel::MAX_AFTER_MINUTES
                    ),
                ));
            } else if level.after_minutes <= before {
                problems.push(Problem::new(
                    format!("levels[{i}].after_minutes"),
                    format!(
                        "{} is not after the level below ({before}); times must increase",
                        level.after_minutes
                    ),
                ));
            }
            before = before.max(level.after_minutes);
            if matches!(level.role, Role::Auditor | Role::System) {
                problems.push(Problem::new(
                    format!("levels[{i}].role"),
                    format!("`{}` cannot take an escalation", level.role),
                ));
            }
        }
        problems
    }
}
