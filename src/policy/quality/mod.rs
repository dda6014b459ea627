//! [`QualityPolicy`]: the non-conformance and CAPA rules a quality system
//! configures, as data. The crate-level [`PolicySpec`](crate::PolicySpec) holds
//! it and checks it with the rest, including that the calendars its due dates
//! count on are the policy's.

mod audit;
mod stage;

pub use audit::{AuditPolicy, Criterion, Sampling, ScoreScale};
pub use stage::{SeverityAllowance, Stage, StageDue};

use crate::actor::Role;
use crate::calendar::BusinessDayReading;
use crate::priority::Severity;
use crate::problem::{Problem, unknown_calendar, within_limit};
use crate::sla::Within;

/// The non-conformance and CAPA rules. [`QualityPolicy::sop_default`] follows the
/// SOPs.
///
/// In a policy file every field may be left out, taking the SOP default; a
/// stage's due date set to `null` has none:
/// ```json
/// { "effectiveness_wait_business_days": 20, "rpn_action_threshold": 80,
///   "investigation_due": { "within": { "business_days": 3 }, "calendar": "business",
///                          "notify": "process_owner" },
///   "disposition_due": null }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct QualityPolicy {
    /// The root-cause categories an analysis picks from: 1 to
    /// [`MAX_ROOT_CAUSE_CATEGORIES`](Self::MAX_ROOT_CAUSE_CATEGORIES), unique.
    pub root_cause_categories: Vec<String>,
    /// The severity at and above which a non-conformance needs a CAPA: a "no
    /// CAPA" decision is refused. `None`: severity never requires one.
    pub capa_required_from: Option<Severity>,
    /// The severity at and above which a non-conformance is escalated to
    /// management when reported or reclassified. `None`: never.
    pub management_escalation_from: Option<Severity>,
    /// How far back, in days, an earlier non-conformance with the same source and
    /// root-cause category makes a new one a repeat: 1 to 3650.
    pub repeat_window_days: u32,
    /// Whether a repeat needs a CAPA.
    pub capa_required_for_repeats: bool,
    /// The RPN at and above which a CAPA plan needs at least one preventive
    /// action before it is submitted: 1 to 1000.
    pub rpn_action_threshold: u16,
    /// How many business days after verification the effectiveness check may be
    /// recorded, on the policy's business calendar: 0 to 365.
    pub effectiveness_wait_business_days: u32,
    /// How those business days are counted: by the close of the last one
    /// (`close_of_day`, the default, as every other "n business days" of the
    /// library), or to the same time of day as the verification
    /// (`same_time_of_day`).
    pub effectiveness_wait_reading: BusinessDayReading,
    /// When a non-conformance's containment is due, counted from its report:
    /// done by the first containment action recorded. `None`: no due date.
    pub containment_due: Option<StageDue>,
    /// When a non-conformance's investigation is due, counted from its report:
    /// done by the first root-cause analysis recorded. `None`: no due date.
    pub investigation_due: Option<StageDue>,
    /// When a non-conformance's disposition is due, counted from its report.
    /// `None`: no due date.
    pub disposition_due: Option<StageDue>,
    /// The periodic audits of complaint handling: the scorecard, the pass
    /// mark, the sampling and by when an audit is scored.
    pub audit: AuditPolicy,
}

impl Default for QualityPolicy {
    fn default() -> Self {
        Self::sop_default()
    }
}

impl QualityPolicy {
    /// The most root-cause categories a policy may have: 100.
    pub const MAX_ROOT_CAUSE_CATEGORIES: usize = 100;

    /// The SOP defaults:
    /// - root-cause categories `people`, `process`, `product`, `supplier`,
    ///   `system`, `communication`, `measurement`, `environment`;
    /// - a CAPA required from High, and for repeats within 180 days;
    /// - escalation to management from High;
    /// - a preventive action required from an RPN of 100;
    /// - the effectiveness check 30 business days after verification;
    /// - the audits of complaint handling of [`AuditPolicy::sop_default`];
    /// - due dates from the report, the process owner told when containment or
    ///   the investigation is overdue, management when the disposition is:
    ///
    ///   | stage | calendar | critical | other severities |
    ///   |---|---|---|---|
    ///   | containment | `always` | 4 hours | 24 hours |
    ///   | investigation (root cause) | `business` | 2 business days | 5 business days |
    ///   | disposition | `business` | 5 business days | 10 business days |
    #[must_use]
    pub fn sop_default() -> Self {
        let hours = |h: u32| Within::Minutes(h * 60);
        Self {
            root_cause_categories: [
                "people",
                "process",
                "product",
                "supplier",
                "system",
                "communication",
                "measurement",
                "environment",
            ]
            .into_iter()
            .map(str::to_owned)
            .collect(),
            capa_required_from: Some(Severity::High),
            management_escalation_from: Some(Severity::High),
            repeat_window_days: 180,
            capa_required_for_repeats: true,
            rpn_action_threshold: 100,
            effectiveness_wait_business_days: 30,
            effectiveness_wait_reading: BusinessDayReading::CloseOfDay,
            containment_due: Some(
                StageDue::new(hours(24), "always", Role::ProcessOwner)
                    .for_severity(Severity::Critical, hours(4)),
            ),
            investigation_due: Some(
                StageDue::new(Within::BusinessDays(5), "business", Role::ProcessOwner)
                    .for_severity(Severity::Critical, Within::BusinessDays(2)),
            ),
            disposition_due: Some(
                StageDue::new(Within::BusinessDays(10), "business", Role::Management)
                    .for_severity(Severity::Critical, Within::BusinessDays(5)),
            ),
            audit: AuditPolicy::sop_default(),
        }
    }

    /// The due-date rule of `stage`, if the policy sets one.
    #[must_use]
    pub const fn stage_due(&self, stage: Stage) -> Option<&StageDue> {
        match stage {
            Stage::Containment => self.containment_due.as_ref(),
            Stage::Investigation => self.investigation_due.as_ref(),
            Stage::Disposition => self.disposition_due.as_ref(),
        }
    }

    /// The path of a stage's due-date rule in this policy, such as
    /// `containment_due`.
    const fn stage_path(stage: Stage) -> &'static str {
        match stage {
            Stage::Containment => "containment_due",
            Stage::Investigation => "investigation_due",
            Stage::Disposition => "disposition_due",
        }
    }

    /// The problems with the calendars the due-date rules name: each must be
    /// one of `calendars`, the policy's.
    #[must_use]
    pub fn calendar_problems(&self, calendars: &[&str]) -> Vec<Problem> {
        Stage::ALL
            .into_iter()
            .filter_map(|stage| {
                let rule = self.stage_due(stage)?;
                let path = format!("{}.calendar", Self::stage_path(stage));
                unknown_calendar(&path, &rule.calendar, calendars)
            })
            .collect()
    }

    /// The calendar names the due-date rules use.
    pub(crate) fn calendar_names(&self) -> impl Iterator<Item = &str> {
        Stage::ALL
            .into_iter()
            .filter_map(|stage| self.stage_due(stage))
            .map(|rule| rule.calendar.as_str())
    }

    /// The root-cause categories, as string slices.
    #[must_use]
    pub fn root_causes(&self) -> Vec<&str> {
        self.root_cause_categories
            .iter()
            .map(String::as_str)
            .collect()
    }

    /// Every problem, with its path from this policy. That the calendars the
    /// due dates name exist is checked by
    /// [`PolicySpec::compile`](crate::PolicySpec::compile), which knows them.
    #[must_use]
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if self.root_cause_categories.is_empty() {
            problems.push(Problem::new(
                "root_cause_categories",
                "needs at least one category",
            ));
        }
        // A list past its limit is one problem; its entries are not checked.
        let categories: &[String] = within_limit(
            &mut problems,
            "root_cause_categories",
            &self.root_cause_categories,
            Self::MAX_ROOT_CAUSE_CATEGORIES,
        );
        for (i, code) in categories.iter().enumerate() {
            let path = format!("root_cause_categories[{i}]");
            if code.trim().is_empty() {
                problems.push(Problem::new(path, "is blank"));
            } else if self.root_cause_categories.iter().take(i).any(|c| c == code) {
                problems.push(Problem::new(path, format!("`{code}` is listed twice")));
            }
        }
        if !(1..=3650).contains(&self.repeat_window_days) {
            problems.push(Problem::new(
                "repeat_window_days",
                format!("{} is not from 1 to 3650", self.repeat_window_days),
            ));
        }
        if !(1..=1000).contains(&self.rpn_action_threshold) {
            problems.push(Problem::new(
                "rpn_action_threshold",
                format!("{} is not from 1 to 1000", self.rpn_action_threshold),
            ));
        }
        if self.effectiveness_wait_business_days > 365 {
            problems.push(Problem::new(
                "effectiveness_wait_business_days",
                format!("{} is more than 365", self.effectiveness_wait_business_days),
            ));
        }
        for stage in Stage::ALL {
            if let Some(rule) = self.stage_due(stage) {
                let path = Self::stage_path(stage);
                problems.extend(rule.problems().into_iter().map(|p| p.within(path)));
            }
        }
        problems.extend(self.audit.problems().into_iter().map(|p| p.within("audit")));
        problems
    }
}
