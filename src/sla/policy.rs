//! [`SlaPolicy`]: metrics, targets, warning thresholds and pause statuses, as data.

use crate::priority::Priority;
use chrono::{DateTime, TimeDelta, Utc};

use crate::calendar::{BusinessCalendar, CalendarError};
use crate::problem::{Problem, too_many, unknown_calendar, within_limit};

/// A point in a case's life that a metric starts or stops on.
///
/// The case aggregate (or the caller) turns its events into signals on a
/// [`Timeline`](super::Timeline); this module knows nothing else of cases.
///
/// An unknown name in a policy file is refused with the closest signal's name:
/// ``unknown signal `resloved`: did you mean `resolved`?``.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Signal {
    /// The case was received.
    Received,
    /// The first response went out.
    Acknowledged,
    /// The customer wrote to the desk.
    CustomerMessage,
    /// The desk wrote to the customer.
    Responded,
    /// The case was resolved.
    Resolved,
    /// A resolved or closed case was reopened.
    Reopened,
    /// The case was closed, or left the desk otherwise.
    Closed,
    /// The service was delivered.
    ServiceDelivered,
    /// The customer was followed up (or the follow-up waived).
    FollowedUp,
    /// The customer raised a concern at follow-up.
    ConcernRaised,
    /// The concern was escalated.
    ConcernEscalated,
    /// The concern was resolved.
    ConcernResolved,
}

impl Signal {
    /// Every signal.
    pub const ALL: [Signal; 12] = [
        Signal::Received,
        Signal::Acknowledged,
        Signal::CustomerMessage,
        Signal::Responded,
        Signal::Resolved,
        Signal::Reopened,
        Signal::Closed,
        Signal::ServiceDelivered,
        Signal::FollowedUp,
        Signal::ConcernRaised,
        Signal::ConcernEscalated,
        Signal::ConcernResolved,
    ];

    /// The snake_case name used in policy files, such as `customer_message`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Signal::Received => "received",
            Signal::Acknowledged => "acknowledged",
            Signal::CustomerMessage => "customer_message",
            Signal::Responded => "responded",
            Signal::Resolved => "resolved",
            Signal::Reopened => "reopened",
            Signal::Closed => "closed",
            Signal::ServiceDelivered => "service_delivered",
            Signal::FollowedUp => "followed_up",
            Signal::ConcernRaised => "concern_raised",
            Signal::ConcernEscalated => "concern_escalated",
            Signal::ConcernResolved => "concern_resolved",
        }
    }
}

crate::name::named!(Signal, "signal");

/// What a reopen does to a metric's last cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum OnReopen {
    /// Nothing: a reopen is not a start signal unless listed in `start`.
    #[default]
    Ignore,
    /// A new cycle starts at the reopen.
    NewCycle,
    /// The last cycle runs on, as if the time between its stop and the reopen
    /// had been paused.
    Resume,
}

/// One metric: when its clock starts, stops and repeats.
///
/// ```json
/// { "name": "resolution", "start": ["received"], "stop": ["resolved"],
///   "on_reopen": "resume" }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct MetricSpec {
    /// A unique name, such as `first_response`.
    pub name: String,
    /// The signals that start a cycle: each once, so at most as many as there
    /// are signals ([`Signal::ALL`]).
    pub start: Vec<Signal>,
    /// The signals that stop the running cycle: each once, so at most as many
    /// as there are signals.
    pub stop: Vec<Signal>,
    /// Whether a start signal after a stop starts another cycle (a next response
    /// after each customer message), rather than being ignored. A signal
    /// that both stops and starts a repeating metric restarts its clock: the
    /// running cycle stops there and the next starts (an update cadence,
    /// restarted by each word to the customer).
    #[cfg_attr(feature = "serde", serde(default))]
    pub repeat: bool,
    /// What a reopen does.
    #[cfg_attr(feature = "serde", serde(default))]
    pub on_reopen: OnReopen,
    /// The statuses the clock pauses in, if not the policy's: each once, so at
    /// most as many as there are statuses.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub pause_on: Option<Vec<String>>,
    /// Whether a breach raises the case's escalation level, if not as the
    /// policy's [`escalate_on_breach`](SlaPolicy::escalate_on_breach) says:
    /// a missed customer update owes the customer an apology, not a manager
    /// the case.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub escalate_on_breach: Option<bool>,
}

impl MetricSpec {
    /// A metric that starts and stops on the given signals, runs once, ignores
    /// reopens and pauses in the policy's statuses.
    #[must_use]
    pub fn new(name: impl Into<String>, start: &[Signal], stop: &[Signal]) -> Self {
        Self {
            name: name.into(),
            start: start.to_vec(),
            stop: stop.to_vec(),
            repeat: false,
            on_reopen: OnReopen::Ignore,
            pause_on: None,
            escalate_on_breach: None,
        }
    }
}

/// The name of the SOP default's update-cadence metric: how long a case that
/// is worked may go without the desk writing to the customer ("keep the
/// inquirer updated throughout the process").
pub const CUSTOMER_UPDATE: &str = "customer_update";

/// The longest target in minutes: a year.
pub const MAX_MINUTES: u32 = 365 * 24 * 60;

/// How long a target allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum Within {
    /// Minutes of business time on the target's calendar: 1 to
    /// [`MAX_MINUTES`], a year.
    Minutes(u32),
    /// Until the close of the n-th business day after the start, on the target's
    /// calendar (`business_days_after`): "within 2 business days". 1 to 365.
    BusinessDays(u32),
}

impl Within {
    /// The instant this allowance after `start` on `calendar`: minutes of
    /// business time, or the close of the n-th business day after `start`'s
    /// date.
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] when `start` or the answer is outside the
    /// calendar's range.
    pub(crate) fn due_after(
        self,
        calendar: &BusinessCalendar,
        start: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, CalendarError> {
        match self {
            Within::Minutes(minutes) => calendar.add(start, TimeDelta::minutes(i64::from(minutes))),
            Within::BusinessDays(days) => calendar.business_days_after(start, days),
        }
    }

    /// Adds a problem at `path` when the allowance is not 1 minute to a year,
    /// or 1 to 365 business days.
    pub(crate) fn problems(self, problems: &mut Vec<Problem>, path: &str) {
        match self {
            Within::Minutes(0) => {
                problems.push(Problem::new(path, "0 minutes is not a positive duration"));
            }
            Within::Minutes(minutes) if minutes > MAX_MINUTES => problems.push(Problem::new(
                path,
                format!("{minutes} minutes is more than a year ({MAX_MINUTES})"),
            )),
            Within::BusinessDays(days) if !(1..=365).contains(&days) => {
                problems.push(Problem::new(
                    path,
                    format!("{days} is not between 1 and 365 business days"),
                ))
            }
            Within::Minutes(_) | Within::BusinessDays(_) => {}
        }
    }
}

/// One target: how long a metric allows, for which cases, on which calendar.
///
/// A target with no priority, category, channel or tier applies to every case;
/// where several apply, the most specific wins, and among equals the first.
///
/// ```json
/// { "metric": "first_response", "priority": 1, "within": { "minutes": 60 },
///   "calendar": "always" }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct TargetSpec {
    /// The metric's name.
    pub metric: String,
    /// Only for this priority.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub priority: Option<Priority>,
    /// Only for this category or its children.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub category: Option<String>,
    /// Only for cases that came in on this channel (its kind name, such as `email`).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub channel: Option<String>,
    /// Only for customers of this tier.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub tier: Option<String>,
    /// How long it allows.
    pub within: Within,
    /// The calendar it counts on: `business`, or a named calendar such as `always`.
    pub calendar: String,
}

impl TargetSpec {
    /// A target for every case.
    #[must_use]
    pub fn new(metric: impl Into<String>, within: Within, calendar: impl Into<String>) -> Self {
        Self {
            metric: metric.into(),
            priority: None,
            category: None,
            channel: None,
            tier: None,
            within,
            calendar: calendar.into(),
        }
    }

    /// The same target, for one priority only.
    #[must_use]
    pub fn for_priority(mut self, priority: Priority) -> Self {
        self.priority = Some(priority);
        self
    }

    /// How many of priority, category, channel and tier it names: the more, the
    /// more specific.
    pub(crate) fn specificity(&self) -> usize {
        usize::from(self.priority.is_some())
            + usize::from(self.category.is_some())
            + usize::from(self.channel.is_some())
            + usize::from(self.tier.is_some())
    }
}

/// The SLA policy: metrics, their targets, warning thresholds and pause statuses.
///
/// Every field may be left out of a policy file, taking the SOP default.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct SlaPolicy {
    /// The metrics: at most [`MAX_METRICS`](Self::MAX_METRICS), their names
    /// unique.
    pub metrics: Vec<MetricSpec>,
    /// The targets: at most [`MAX_TARGETS`](Self::MAX_TARGETS).
    pub targets: Vec<TargetSpec>,
    /// Warning thresholds, in percent of the target, increasing: `[75, 90]`.
    /// Each from 1 to 99; at most [`MAX_WARNINGS`](Self::MAX_WARNINGS) of them.
    pub warnings: Vec<u8>,
    /// The statuses every metric's clock pauses in, unless the metric says
    /// otherwise: by default the waiting statuses. Each once, so at most as
    /// many as there are statuses.
    pub pause_on: Vec<String>,
    /// Whether a breach also raises the case's escalation level (by default, yes).
    pub escalate_on_breach: bool,
}

impl Default for SlaPolicy {
    fn default() -> Self {
        Self::sop_default()
    }
}

impl SlaPolicy {
    /// The most metrics a policy may have: 32.
    pub const MAX_METRICS: usize = 32;

    /// The most targets a policy may have: 256.
    pub const MAX_TARGETS: usize = 256;

    /// The most warning thresholds a policy may have: 10.
    pub const MAX_WARNINGS: usize = 10;

    /// The SOP's targets:
    ///
    /// | metric | starts | stops | target |
    /// |---|---|---|---|
    /// | `first_response` | received | acknowledged | 24 h, around the clock ("acknowledge within 24 hours"); P1 1 h, P2 4 h |
    /// | `next_response` | each customer message | responded | 8 business hours; P1 2 h around the clock |
    /// | `resolution` | received (resumes on reopen) | resolved | P1 8 h and P2 24 h around the clock, P3 5, P4 10, P5 15 business days |
    /// | `follow_up` | resolved or service delivered | followed up | 2 business days |
    /// | `concern_escalation` | concern raised | concern escalated or resolved | 24 h, around the clock |
    ///
    /// Warnings at 75 % and 90 %; clocks pause while waiting on the customer or
    /// a third party, except follow-up and concern escalation, which never pause;
    /// a breach raises the case's escalation level.
    #[must_use]
    pub fn sop_default() -> Self {
        use Signal as S;
        let never_pauses = |mut metric: MetricSpec| {
            metric.pause_on = Some(Vec::new());
            metric
        };
        let metrics = vec![
            MetricSpec::new("first_response", &[S::Received], &[S::Acknowledged]),
            MetricSpec {
                repeat: true,
                ..MetricSpec::new("next_response", &[S::CustomerMessage], &[S::Responded])
            },
            MetricSpec {
                on_reopen: OnReopen::Resume,
                ..MetricSpec::new("resolution", &[S::Received], &[S::Resolved])
            },
            never_pauses(MetricSpec {
                repeat: true,
                ..MetricSpec::new(
                    "follow_up",
                    &[S::Resolved, S::ServiceDelivered],
                    &[S::FollowedUp],
                )
            }),
            never_pauses(MetricSpec {
                repeat: true,
                ..MetricSpec::new(
                    "concern_escalation",
                    &[S::ConcernRaised],
                    &[S::ConcernEscalated, S::ConcernResolved],
                )
            }),
            // "Keep the inquirer updated throughout the process": the desk
            // writes to the customer at least this often while the case is
            // worked. Each message or customer-visible note starts the clock
            // again; waiting on the customer pauses it.
            MetricSpec {
                repeat: true,
                on_reopen: OnReopen::NewCycle,
                pause_on: Some(vec!["waiting_on_customer".to_owned()]),
                escalate_on_breach: Some(false),
                ..MetricSpec::new(
                    CUSTOMER_UPDATE,
                    &[S::Responded],
                    &[S::Responded, S::Resolved],
                )
            },
        ];
        let hours = |h: u32| Within::Minutes(h * 60);
        let target = TargetSpec::new;
        let targets = vec![
            target("first_response", hours(24), "always"),
            target("first_response", hours(1), "always").for_priority(Priority(1)),
            target("first_response", hours(4), "always").for_priority(Priority(2)),
            target("next_response", hours(8), "business"),
            target("next_response", hours(2), "always").for_priority(Priority(1)),
            target("resolution", hours(8), "always").for_priority(Priority(1)),
            target("resolution", hours(24), "always").for_priority(Priority(2)),
            target("resolution", Within::BusinessDays(5), "business").for_priority(Priority(3)),
            target("resolution", Within::BusinessDays(10), "business").for_priority(Priority(4)),
            target("resolution", Within::BusinessDays(15), "business"),
            target("follow_up", Within::BusinessDays(2), "business"),
            target("concern_escalation", hours(24), "always"),
            target(CUSTOMER_UPDATE, hours(4), "always").for_priority(Priority(1)),
            target(CUSTOMER_UPDATE, hours(8), "business").for_priority(Priority(2)),
            target(CUSTOMER_UPDATE, hours(16), "business").for_priority(Priority(3)),
            target(CUSTOMER_UPDATE, hours(24), "business"),
        ];
        Self {
            metrics,
            targets,
            warnings: vec![75, 90],
            pause_on: vec![
                "waiting_on_customer".to_owned(),
                "waiting_on_third_party".to_owned(),
            ],
            escalate_on_breach: true,
        }
    }

    /// The metric named `name`.
    #[must_use]
    pub fn metric(&self, name: &str) -> Option<&MetricSpec> {
        self.metrics.iter().find(|m| m.name == name)
    }

    /// Every problem, with its path, given the names of the policy's calendars
    /// and of the statuses a clock may pause in, and how many priorities the
    /// matrix has. The policy's `compile` checks this with the rest of the
    /// policy; call it to check an SLA policy alone.
    #[must_use]
    pub fn problems(&self, calendars: &[&str], statuses: &[&str], priorities: u8) -> Vec<Problem> {
        let mut problems = Vec::new();
        let pause_problems = |path: &str, names: &[String], problems: &mut Vec<Problem>| {
            if too_many(problems, path, names.len(), statuses.len()) {
                return;
            }
            for (i, name) in names.iter().enumerate() {
                if !statuses.contains(&name.as_str()) {
                    problems.push(Problem::new(
                        format!("{path}[{i}]"),
                        format!("`{name}` is not a status"),
                    ));
                }
            }
        };
        pause_problems("pause_on", &self.pause_on, &mut problems);
        // A list past its limit is one problem; its entries are not checked.
        let too_many_metrics = too_many(
            &mut problems,
            "metrics",
            self.metrics.len(),
            Self::MAX_METRICS,
        );
        let metrics: &[MetricSpec] = if too_many_metrics { &[] } else { &self.metrics };
        let targets: &[TargetSpec] =
            within_limit(&mut problems, "targets", &self.targets, Self::MAX_TARGETS);
        for (i, metric) in metrics.iter().enumerate() {
            let at = |field: &str| format!("metrics[{i}].{field}");
            let start = too_many(
                &mut problems,
                &at("start"),
                metric.start.len(),
                Signal::ALL.len(),
            );
            let stop = too_many(
                &mut problems,
                &at("stop"),
                metric.stop.len(),
                Signal::ALL.len(),
            );
            if start || stop {
                continue;
            }
            if metric.name.trim().is_empty() {
                problems.push(Problem::new(at("name"), "must not be blank"));
            } else if self.metrics.iter().take(i).any(|m| m.name == metric.name) {
                problems.push(Problem::new(
                    at("name"),
                    format!("`{}` is used by an earlier metric", metric.name),
                ));
            }
            if metric.start.is_empty() && metric.on_reopen != OnReopen::NewCycle {
                problems.push(Problem::new(at("start"), "a metric needs a start signal"));
            }
            if metric.stop.is_empty() {
                problems.push(Problem::new(at("stop"), "a metric needs a stop signal"));
            }
            // A repeating metric's clock restarts on a signal that both
            // stops and starts it; any other's would stop for good.
            let restart = metric.start.iter().find(|s| metric.stop.contains(s));
            if let (Some(signal), false) = (restart, metric.repeat) {
                problems.push(Problem::new(
                    at("stop"),
                    format!(
                        "`{signal:?}` both starts and stops the clock, which does not repeat: \
                         it would never run"
                    ),
                ));
            }
            if metric.on_reopen != OnReopen::Ignore && metric.stop.contains(&Signal::Reopened) {
                problems.push(Problem::new(
                    at("stop"),
                    "`reopened` cannot stop a metric whose `on_reopen` acts on it",
                ));
            }
            if let Some(names) = &metric.pause_on {
                pause_problems(&at("pause_on"), names, &mut problems);
            }
        }
        for (i, target) in targets.iter().enumerate() {
            let at = |field: &str| format!("targets[{i}].{field}");
            if !too_many_metrics && self.metric(&target.metric).is_none() {
                problems.push(Problem::new(
                    at("metric"),
                    format!("`{}` is not a metric", target.metric),
                ));
            }
            if let Some(priority) = target.priority.filter(|p| !(1..=priorities).contains(&p.0)) {
                problems.push(Problem::new(
                    at("priority"),
                    format!("{priority} is not a priority of the matrix (P1 to P{priorities})"),
                ));
            }
            problems.extend(unknown_calendar(
                &at("calendar"),
                &target.calendar,
                calendars,
            ));
            for (field, value) in [
                ("category", &target.category),
                ("channel", &target.channel),
                ("tier", &target.tier),
            ] {
                if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                    problems.push(Problem::new(
                        at(field),
                        "must not be blank; leave it out instead",
                    ));
                }
            }
            target.within.problems(&mut problems, &at("within"));
            let shadowed = targets.iter().take(i).any(|earlier| {
                earlier.metric == target.metric
                    && earlier.priority == target.priority
                    && earlier.category == target.category
                    && earlier.channel == target.channel
                    && earlier.tier == target.tier
            });
            if shadowed {
                problems.push(Problem::new(
                    format!("targets[{i}]"),
                    "an earlier target has the same metric and scope, so this one never applies",
                ));
            }
        }
        let warnings: &[u8] = within_limit(
            &mut problems,
            "warnings",
            &self.warnings,
            Self::MAX_WARNINGS,
        );
        for (i, pair) in warnings.windows(2).enumerate() {
            if let [a, b] = pair {
                if b <= a {
                    problems.push(Problem::new(
                        format!("warnings[{}]", i + 1),
                        format!("{b}% is not above {a}%; thresholds must increase"),
                    ));
                }
            }
        }
        for (i, w) in warnings.iter().enumerate() {
            if !(1..=99).contains(w) {
                problems.push(Problem::new(
                    format!("warnings[{i}]"),
                    format!("{w}% is not between 1% and 99%"),
                ));
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::Signal;
    use crate::name::checks::in_declaration_order;

    #[test]
    fn the_signals_are_named_in_declaration_order() {
        in_declaration_order(|s: Signal| s as usize);
        #[cfg(feature = "serde")]
        crate::name::checks::round_trip::<Signal>();
    }
}
