//! [`DeliveryPolicy`]: the checklist template, the approval stages, the
//! sign-off rules and the due dates a service organisation configures, as
//! data. The crate-level [`PolicySpec`](crate::PolicySpec) holds it and checks
//! it with the rest, including that the calendars its due dates count on are
//! the policy's.

use chrono::{DateTime, Utc};

use crate::actor::Role;
use crate::calendar::{BusinessCalendar, CalendarError};
use crate::problem::{Problem, in_range, not_blank, unknown_calendar, within_limit};
use crate::sla::Within;

/// One item of a checklist template.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct ChecklistItem {
    /// A code unique in the template, such as `engagement.scope_agreed`.
    pub code: String,
    /// The phase it belongs to, such as `engagement`.
    pub phase: String,
    /// What is to be checked.
    pub text: String,
    /// Whether sign-off needs it ticked (or justified not applicable).
    #[cfg_attr(feature = "serde", serde(default = "yes"))]
    pub required: bool,
    /// Whether ticking it needs an evidence reference.
    #[cfg_attr(feature = "serde", serde(default))]
    pub evidence: bool,
    /// The role allowed to tick it; `None`: anyone the permission table lets
    /// tick items.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub role: Option<Role>,
}

#[cfg(feature = "serde")]
const fn yes() -> bool {
    true
}

/// A checklist template: a name, a version, and its items by phase.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct ChecklistTemplate {
    /// Its name.
    pub name: String,
    /// Its version, from 1 (to `u32::MAX`: it is only recorded, never counted
    /// on): an order records the version it was opened with.
    pub version: u32,
    /// The items, in order: 1 to [`MAX_ITEMS`](Self::MAX_ITEMS), their codes
    /// unique.
    pub items: Vec<ChecklistItem>,
}

impl ChecklistTemplate {
    /// The most items a checklist may have: 200.
    pub const MAX_ITEMS: usize = 200;

    /// The SOP's service delivery checklist, version 1: client engagement,
    /// service planning, resource allocation, execution and monitoring,
    /// quality assurance, customer feedback collection, and post-service
    /// evaluation. Quality assurance is ticked by a QA specialist, with
    /// evidence; the feedback and evaluation items are optional.
    #[must_use]
    pub fn sop_default() -> Self {
        let item = |code: &str, phase: &str, text: &str, required, evidence, role| ChecklistItem {
            code: code.to_owned(),
            phase: phase.to_owned(),
            text: text.to_owned(),
            required,
            evidence,
            role,
        };
        Self {
            name: "service delivery".to_owned(),
            version: 1,
            items: vec![
                item(
                    "engagement.requirements",
                    "engagement",
                    "The client's requirements are agreed",
                    true,
                    true,
                    None,
                ),
                item(
                    "planning.plan",
                    "planning",
                    "The service plan and schedule are set",
                    true,
                    false,
                    None,
                ),
                item(
                    "resources.allocated",
                    "resources",
                    "People, tools and materials are allocated",
                    true,
                    false,
                    None,
                ),
                item(
                    "execution.delivered",
                    "execution",
                    "The service is delivered as planned",
                    true,
                    true,
                    None,
                ),
                item(
                    "execution.monitored",
                    "execution",
                    "Progress was monitored against the plan",
                    true,
                    false,
                    None,
                ),
                item(
                    "quality.checked",
                    "quality_assurance",
                    "The work meets the quality criteria",
                    true,
                    true,
                    Some(Role::QaSpecialist),
                ),
                item(
                    "feedback.requested",
                    "feedback",
                    "The customer was asked for feedback",
                    false,
                    false,
                    None,
                ),
                item(
                    "evaluation.review",
                    "evaluation",
                    "The delivery was reviewed for lessons",
                    false,
                    false,
                    None,
                ),
            ],
        }
    }

    /// An item by code.
    #[must_use]
    pub fn item(&self, code: &str) -> Option<&ChecklistItem> {
        self.items.iter().find(|i| i.code == code)
    }
}

/// One approval stage: who approves, and how many of them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct ApprovalStage {
    /// A name unique among the stages, such as `quality`.
    pub name: String,
    /// The role an approver holds.
    pub role: Role,
    /// How many different people must approve: 1 for "one of n"; n for "all"
    /// of a group of n. From 1 to [`DeliveryPolicy::MAX_APPROVALS`] (10).
    pub approvals: u8,
}

/// When a milestone of a service order is due, counted from its opening, on
/// which calendar, and who is told when it is overdue.
///
/// ```json
/// { "within": { "business_days": 5 }, "calendar": "business",
///   "notify": "customer_service_manager" }
/// ```
///
/// # Example
/// ```
/// use casework::calendar::{CalendarSpec, TimeRange};
/// use casework::delivery::OrderDue;
/// use casework::sla::Within;
/// use casework::Role;
/// use chrono::{TimeZone, Utc};
///
/// let rule = OrderDue::new(Within::BusinessDays(5), "business", Role::CustomerServiceManager);
/// let business = CalendarSpec::new("UTC")
///     .with_weekday_hours(vec![TimeRange::new("09:00", "17:00")])
///     .compile()
///     .unwrap();
/// let opened = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap(); // a Monday
/// // By the close of the fifth business day after: the next Monday, 17:00.
/// assert_eq!(
///     rule.due(&business, opened).unwrap(),
///     Utc.with_ymd_and_hms(2026, 11, 30, 17, 0, 0).unwrap()
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct OrderDue {
    /// How long after the opening: minutes of business time on
    /// [`calendar`](Self::calendar) (1 minute to a year,
    /// [`MAX_MINUTES`](crate::sla::MAX_MINUTES)), or until the close of the
    /// n-th business day after (1 to 365).
    pub within: Within,
    /// The name of the calendar it is counted on: `business`, or one of the
    /// policy's named calendars.
    pub calendar: String,
    /// Who is told when the milestone is overdue: any role but `auditor` and
    /// `system`.
    pub notify: Role,
}

impl OrderDue {
    /// A rule.
    #[must_use]
    pub fn new(within: Within, calendar: impl Into<String>, notify: Role) -> Self {
        Self {
            within,
            calendar: calendar.into(),
            notify,
        }
    }

    /// When the milestone is due for an order opened at `opened_at`, counted
    /// on `calendar` (the one the rule names).
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] when `opened_at` or the due instant is
    /// outside the calendar's range.
    pub fn due(
        &self,
        calendar: &BusinessCalendar,
        opened_at: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, CalendarError> {
        self.within.due_after(calendar, opened_at)
    }

    fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        self.within.problems(&mut problems, "within");
        crate::actor::notify_problems(&mut problems, "notify", self.notify);
        problems
    }
}

/// A milestone of a service order that has a due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Milestone {
    /// The first inspection recorded.
    Inspection,
    /// The sign-off.
    SignOff,
}

impl Milestone {
    /// Every milestone, in the order they come.
    pub const ALL: [Milestone; 2] = [Milestone::Inspection, Milestone::SignOff];

    /// The snake_case name, as on the wire.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Milestone::Inspection => "inspection",
            Milestone::SignOff => "sign_off",
        }
    }
}

crate::name::display_by_name!(Milestone);

/// The service delivery rules. Every field may be left out in a policy file,
/// taking the SOP default; a milestone's due date set to `null` has none.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct DeliveryPolicy {
    /// The checklist a new service order gets: at least one item.
    pub checklist: ChecklistTemplate,
    /// The approval stages, in order: 1 to
    /// [`MAX_APPROVAL_STAGES`](Self::MAX_APPROVAL_STAGES), their names unique.
    pub approval_stages: Vec<ApprovalStage>,
    /// Whether sign-off needs the customer's acknowledgement.
    pub customer_acknowledgement: bool,
    /// Whether sign-off needs at least one inspection recorded.
    pub inspection_required: bool,
    /// The follow-up falls due this many business days after sign-off: 1 to
    /// [`MAX_FOLLOW_UP_BUSINESS_DAYS`](Self::MAX_FOLLOW_UP_BUSINESS_DAYS) (30).
    pub follow_up_business_days: u32,
    /// When an order's first inspection is due, counted from its opening.
    /// `None`: no due date (set it so where inspections are not required).
    pub inspection_due: Option<OrderDue>,
    /// When an order's sign-off is due, counted from its opening. `None`: no
    /// due date.
    pub sign_off_due: Option<OrderDue>,
}

impl Default for DeliveryPolicy {
    /// The SOP checklist; a QA specialist's approval, then a process owner's;
    /// the customer's acknowledgement; an inspection; the follow-up 2 business
    /// days after sign-off; the first inspection due by the close of the 5th
    /// business day after opening and the sign-off by the 10th's, on the
    /// `business` calendar, the customer service manager told when either is
    /// overdue.
    fn default() -> Self {
        Self {
            checklist: ChecklistTemplate::sop_default(),
            approval_stages: vec![
                ApprovalStage {
                    name: "quality".to_owned(),
                    role: Role::QaSpecialist,
                    approvals: 1,
                },
                ApprovalStage {
                    name: "process_owner".to_owned(),
                    role: Role::ProcessOwner,
                    approvals: 1,
                },
            ],
            customer_acknowledgement: true,
            inspection_required: true,
            follow_up_business_days: 2,
            inspection_due: Some(OrderDue::new(
                Within::BusinessDays(5),
                "business",
                Role::CustomerServiceManager,
            )),
            sign_off_due: Some(OrderDue::new(
                Within::BusinessDays(10),
                "business",
                Role::CustomerServiceManager,
            )),
        }
    }
}

impl DeliveryPolicy {
    /// The most approval stages a policy may have: 10.
    pub const MAX_APPROVAL_STAGES: usize = 10;

    /// The most approvals one stage may need: 10.
    pub const MAX_APPROVALS: u8 = 10;

    /// The latest the follow-up may fall due, in business days after sign-off:
    /// 30.
    pub const MAX_FOLLOW_UP_BUSINESS_DAYS: u32 = 30;

    /// The due-date rule of `milestone`, if the policy sets one.
    #[must_use]
    pub const fn milestone_due(&self, milestone: Milestone) -> Option<&OrderDue> {
        match milestone {
            Milestone::Inspection => self.inspection_due.as_ref(),
            Milestone::SignOff => self.sign_off_due.as_ref(),
        }
    }

    /// The path of a milestone's due-date rule in this policy.
    const fn milestone_path(milestone: Milestone) -> &'static str {
        match milestone {
            Milestone::Inspection => "inspection_due",
            Milestone::SignOff => "sign_off_due",
        }
    }

    /// The problems with the calendars the due-date rules name: each must be
    /// one of `calendars`, the policy's.
    #[must_use]
    pub fn calendar_problems(&self, calendars: &[&str]) -> Vec<Problem> {
        Milestone::ALL
            .into_iter()
            .filter_map(|milestone| {
                let rule = self.milestone_due(milestone)?;
                let path = format!("{}.calendar", Self::milestone_path(milestone));
                unknown_calendar(&path, &rule.calendar, calendars)
            })
            .collect()
    }

    /// The calendar names the due-date rules use.
    pub(crate) fn calendar_names(&self) -> impl Iterator<Item = &str> {
        Milestone::ALL
            .into_iter()
            .filter_map(|milestone| self.milestone_due(milestone))
            .map(|rule| rule.calendar.as_str())
    }

    /// Every problem, with its path from this policy. That the calendars the
    /// due dates name exist is checked by
    /// [`PolicySpec::compile`](crate::PolicySpec::compile), which knows them.
    #[must_use]
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let checklist = &self.checklist;
        not_blank(&mut problems, "checklist.name", &checklist.name);
        if checklist.version == 0 {
            problems.push(Problem::new("checklist.version", "versions start at 1"));
        }
        if checklist.items.is_empty() {
            problems.push(Problem::new("checklist.items", "needs at least one item"));
        }
        if self.approval_stages.is_empty() {
            problems.push(Problem::new("approval_stages", "needs at least one stage"));
        }
        let items: &[ChecklistItem] = within_limit(
            &mut problems,
            "checklist.items",
            &checklist.items,
            ChecklistTemplate::MAX_ITEMS,
        );
        for (i, item) in items.iter().enumerate() {
            let path = format!("checklist.items[{i}]");
            not_blank(&mut problems, &format!("{path}.code"), &item.code);
            not_blank(&mut problems, &format!("{path}.phase"), &item.phase);
            not_blank(&mut problems, &format!("{path}.text"), &item.text);
            if checklist
                .items
                .iter()
                .take(i)
                .any(|other| other.code == item.code)
            {
                problems.push(Problem::new(
                    format!("{path}.code"),
                    format!("`{}` is listed twice", item.code),
                ));
            }
        }
        let stages: &[ApprovalStage] = within_limit(
            &mut problems,
            "approval_stages",
            &self.approval_stages,
            Self::MAX_APPROVAL_STAGES,
        );
        for (i, stage) in stages.iter().enumerate() {
            let path = format!("approval_stages[{i}]");
            not_blank(&mut problems, &format!("{path}.name"), &stage.name);
            if self
                .approval_stages
                .iter()
                .take(i)
                .any(|other| other.name == stage.name)
            {
                problems.push(Problem::new(
                    format!("{path}.name"),
                    format!("`{}` is listed twice", stage.name),
                ));
            }
            in_range(
                &mut problems,
                &format!("{path}.approvals"),
                stage.approvals,
                1,
                Self::MAX_APPROVALS,
            );
        }
        in_range(
            &mut problems,
            "follow_up_business_days",
            self.follow_up_business_days,
            1,
            Self::MAX_FOLLOW_UP_BUSINESS_DAYS,
        );
        for milestone in Milestone::ALL {
            if let Some(rule) = self.milestone_due(milestone) {
                let path = Self::milestone_path(milestone);
                problems.extend(rule.problems().into_iter().map(|p| p.within(path)));
            }
        }
        problems
    }
}
