//! [`Stage`] and [`StageDue`]: when each stage of a non-conformance is due, as
//! data, and the due instant it gives on a calendar.

use chrono::{DateTime, Utc};

use crate::actor::Role;
use crate::calendar::{BusinessCalendar, CalendarError};
use crate::priority::Severity;
use crate::problem::{Problem, within_limit};
use crate::sla::Within;

/// A stage of a non-conformance that has a due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Stage {
    /// Containment: done when the first containment action is recorded.
    Containment,
    /// The investigation: done when the first root-cause analysis is recorded.
    Investigation,
    /// The disposition of the non-conforming output: done when it is recorded.
    Disposition,
}

impl Stage {
    /// Every stage, in lifecycle order.
    pub const ALL: [Stage; 3] = [Stage::Containment, Stage::Investigation, Stage::Disposition];

    /// The snake_case name, as on the wire.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Stage::Containment => "containment",
            Stage::Investigation => "investigation",
            Stage::Disposition => "disposition",
        }
    }
}

crate::name::display_by_name!(Stage);

/// The allowance of a stage for one severity, replacing the stage's own.
///
/// ```json
/// { "severity": "critical", "within": { "minutes": 240 } }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct SeverityAllowance {
    /// The severity it applies to.
    pub severity: Severity,
    /// How long the stage may take at that severity: 1 minute to a year
    /// ([`MAX_MINUTES`](crate::sla::MAX_MINUTES)), or 1 to 365 business days.
    pub within: Within,
}

/// When a stage of a non-conformance is due, on which calendar, and who is
/// told when it is overdue.
///
/// In a policy file:
/// ```json
/// { "within": { "minutes": 1440 }, "calendar": "always", "notify": "process_owner",
///   "by_severity": [{ "severity": "critical", "within": { "minutes": 240 } }] }
/// ```
///
/// # Example
/// ```
/// use casework::calendar::CalendarSpec;
/// use casework::quality::nonconformance::StageDue;
/// use casework::sla::Within;
/// use casework::{Role, Severity};
/// use chrono::{TimeZone, Utc};
///
/// let rule = StageDue::new(Within::Minutes(24 * 60), "always", Role::ProcessOwner)
///     .for_severity(Severity::Critical, Within::Minutes(4 * 60));
/// let always = CalendarSpec::twenty_four_seven("UTC").compile().unwrap();
/// let reported = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
/// assert_eq!(
///     rule.due(&always, reported, Severity::Medium).unwrap(),
///     Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
/// );
/// assert_eq!(
///     rule.due(&always, reported, Severity::Critical).unwrap(),
///     Utc.with_ymd_and_hms(2026, 11, 23, 13, 0, 0).unwrap()
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct StageDue {
    /// How long the stage may take after the report: minutes of business time
    /// on [`calendar`](Self::calendar) (1 minute to a year, [`MAX_MINUTES`](crate::sla::MAX_MINUTES)),
    /// or until the close of the n-th business day after (1 to 365).
    pub within: Within,
    /// Other allowances for some severities: each severity at most once.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub by_severity: Vec<SeverityAllowance>,
    /// The name of the calendar the allowance is counted on: `business`, or
    /// one of the policy's named calendars.
    pub calendar: String,
    /// Who is told when the stage is overdue: any role but `auditor` and
    /// `system`.
    pub notify: Role,
}

impl StageDue {
    /// A rule with one allowance for every severity.
    #[must_use]
    pub fn new(within: Within, calendar: impl Into<String>, notify: Role) -> Self {
        Self {
            within,
            by_severity: Vec::new(),
            calendar: calendar.into(),
            notify,
        }
    }

    /// This rule with another allowance for `severity`.
    #[must_use]
    pub fn for_severity(mut self, severity: Severity, within: Within) -> Self {
        self.by_severity.retain(|a| a.severity != severity);
        self.by_severity
            .push(SeverityAllowance { severity, within });
        self
    }

    /// The allowance for `severity`: its own, or the rule's.
    #[must_use]
    pub fn within_for(&self, severity: Severity) -> Within {
        self.by_severity
            .iter()
            .find(|a| a.severity == severity)
            .map_or(self.within, |a| a.within)
    }

    /// When the stage is due for a non-conformance of `severity` reported at
    /// `reported_at`, counted on `calendar` (the one the rule names).
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] when `reported_at` or the due instant is
    /// outside the calendar's range.
    pub fn due(
        &self,
        calendar: &BusinessCalendar,
        reported_at: DateTime<Utc>,
        severity: Severity,
    ) -> Result<DateTime<Utc>, CalendarError> {
        self.within_for(severity).due_after(calendar, reported_at)
    }

    /// Every problem, with its path from the rule: an allowance out of range,
    /// a severity listed twice, or a role that cannot be told.
    #[must_use]
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        self.within.problems(&mut problems, "within");
        let allowances: &[SeverityAllowance] = within_limit(
            &mut problems,
            "by_severity",
            &self.by_severity,
            Severity::ALL.len(),
        );
        for (i, allowance) in allowances.iter().enumerate() {
            let path = format!("by_severity[{i}]");
            allowance
                .within
                .problems(&mut problems, &format!("{path}.within"));
            if allowances
                .iter()
                .take(i)
                .any(|a| a.severity == allowance.severity)
            {
                problems.push(Problem::new(
                    format!("{path}.severity"),
                    format!("`{}` is listed twice", allowance.severity),
                ));
            }
        }
        crate::actor::notify_problems(&mut problems, "notify", self.notify);
        problems
    }
}
