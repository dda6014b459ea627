//! The desk a seed generates: its calendars in time zones that keep daylight
//! saving time, its policy and the policy that replaces it mid-run, its teams,
//! and the days the scheduler is down.

use casework::calendar::{Break, CalendarSpec, Holiday, Observed, TimeRange, WeekHours};
use casework::sla::{TargetSpec, Within};
use casework::{Actor, ActorId, Policy, PolicyError, PolicySpec, Role};
use std::sync::Arc;

use chrono::{DateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use crate::rng::Rng;

/// Time zones that keep daylight saving time, north and south.
pub(crate) const ZONES: [&str; 8] = [
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Chicago",
    "America/Santiago",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Europe/Helsinki",
];

/// The complaint and request categories cases arrive in, with weights.
pub(crate) const CATEGORIES: [(&str, u64); 5] = [
    ("delivery/late", 35),
    ("delivery/missing", 15),
    ("billing", 25),
    ("product", 20),
    ("service", 5),
];

/// The name of the second site's calendar.
pub(crate) const SITE_B: &str = "site-b";

/// One team: its manager and agents.
#[derive(Debug, Clone)]
pub struct Team {
    /// The team's customer service manager.
    pub manager: Actor,
    /// Its customer service representatives.
    pub agents: Vec<Actor>,
}

/// A generated desk.
#[derive(Debug, Clone)]
pub struct Desk {
    /// The policy in force from the start.
    pub policy: Arc<Policy>,
    /// The policy that replaces it, and from when; `None` when the run keeps one.
    pub change: Option<(DateTime<Utc>, Arc<Policy>)>,
    /// The spec of the policy in force at the end.
    pub last_spec: PolicySpec,
    /// The teams.
    pub teams: Vec<Team>,
    /// The QA specialists.
    pub qa: Vec<Actor>,
    /// The quality manager, a process owner.
    pub process_owner: Actor,
    /// Management.
    pub management: Actor,
    /// The scheduler.
    pub scheduler: Actor,
    /// The windows in which the scheduler is down, in order.
    pub outages: Vec<(DateTime<Utc>, DateTime<Utc>)>,
}

/// The number of the first QA specialist.
pub(crate) const QA: u128 = 1_000;

/// A person of the generated desk.
pub(crate) fn person(n: u128, role: Role) -> Actor {
    Actor::new(
        ActorId::from_uuid(Uuid::from_u128(0xD35C_0000_0000 + n)),
        [role],
    )
}

/// A range of local wall-clock hours.
fn range(open: u32, close: u32) -> TimeRange {
    let hhmm = |h: u32| format!("{h:02}:00");
    TimeRange::new(hhmm(open), hhmm(close))
}

/// The head office: weekdays from 07–09 to 16–19, some desks on Saturday
/// mornings, and the usual holidays.
fn business_calendar(zone: &str, rng: &mut Rng) -> CalendarSpec {
    let open = rng.between(7, 10) as u32;
    let close = rng.between(16, 20) as u32;
    let weekday = vec![range(open, close)];
    let saturday = if rng.chance(400) {
        vec![range(9, 13)]
    } else {
        Vec::new()
    };
    let mut spec = CalendarSpec::new(zone);
    spec.hours = WeekHours {
        mon: weekday.clone(),
        tue: weekday.clone(),
        wed: weekday.clone(),
        thu: weekday.clone(),
        fri: weekday,
        sat: saturday,
        sun: Vec::new(),
    };
    spec.holidays = vec![
        Holiday::Fixed {
            month: 1,
            day: 1,
            observed: Observed::FollowingMonday,
            name: Some("New Year".into()),
        },
        Holiday::Fixed {
            month: 12,
            day: 25,
            observed: Observed::NearestWeekday,
            name: Some("Christmas".into()),
        },
        Holiday::LastWeekday {
            month: 5,
            weekday: chrono::Weekday::Mon,
            name: Some("Spring bank holiday".into()),
        },
    ];
    spec
}

/// The second site: an early shift and a night shift that runs past
/// midnight, so that business time crosses the DST nights.
fn site_b_calendar(zone: &str, rng: &mut Rng) -> CalendarSpec {
    let night = rng.between(20, 23) as u32;
    let morning = rng.between(4, 7) as u32;
    let day = vec![range(morning, 14), range(night, morning)];
    let mut spec = CalendarSpec::new(zone);
    spec.hours = WeekHours {
        mon: day.clone(),
        tue: day.clone(),
        wed: day.clone(),
        thu: day.clone(),
        fri: vec![range(morning, 14)],
        sat: Vec::new(),
        sun: vec![range(night, 24)],
    };
    spec
}

/// The instants in `[from, to)` at which `zone` changes its offset.
pub(crate) fn transitions(
    zone: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<DateTime<Utc>> {
    let Ok(tz) = zone.parse::<Tz>() else {
        return Vec::new();
    };
    let offset = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc()).fix();
    let mut found = Vec::new();
    let mut t = from;
    while t < to {
        let next = t + TimeDelta::hours(1);
        if offset(t) != offset(next) {
            found.push(next);
        }
        t = next;
    }
    found
}

impl Desk {
    /// The desk of `rng`'s seed, for a run from `start` of `days` days, with
    /// `agents` agents in all.
    ///
    /// # Errors
    /// A [`PolicyError`] if a generated policy does not compile: a bug in the
    /// generator.
    pub fn generate(
        rng: &mut Rng,
        start: DateTime<Utc>,
        days: u32,
        agents: u32,
        policy_change: bool,
    ) -> Result<Self, PolicyError> {
        let zone = |rng: &mut Rng| *rng.pick(&ZONES).unwrap_or(&ZONES[0]);
        let business = business_calendar(zone(rng), rng);
        let business_zone = business.time_zone.clone();
        let site_b = site_b_calendar(zone(rng), rng);
        let end = start + TimeDelta::days(i64::from(days));

        let mut spec = PolicySpec::sop_default();
        spec.calendar = business;
        spec.calendars.insert(SITE_B.to_owned(), site_b);
        // Phone cases are answered by the second site, on its hours.
        let phone = |target: TargetSpec| TargetSpec {
            channel: Some("phone".into()),
            ..target
        };
        spec.sla.targets.extend([
            phone(TargetSpec::new(
                "first_response",
                Within::Minutes(rng.between(60, 240) as u32),
                SITE_B,
            )),
            phone(TargetSpec::new(
                "resolution",
                Within::Minutes(rng.between(16, 40) as u32 * 60),
                SITE_B,
            )),
            TargetSpec {
                category: Some("billing".into()),
                ..TargetSpec::new(
                    "resolution",
                    Within::Minutes(rng.between(8, 30) as u32 * 60),
                    "business",
                )
            },
        ]);
        let policy = spec.compile()?;

        // Mid-run, the desk tightens its first response and closes for a
        // company event.
        let change = if policy_change {
            let at = start + TimeDelta::days(rng.between(1, i64::from(days.max(2))));
            let mut changed = spec.clone();
            changed.sla.targets.push(TargetSpec {
                channel: Some("email".into()),
                ..TargetSpec::new("first_response", Within::Minutes(8 * 60), "business")
            });
            let event = at + TimeDelta::days(7);
            changed.calendar.breaks.push(Break {
                start: event.to_rfc3339(),
                end: (event + TimeDelta::hours(6)).to_rfc3339(),
                name: Some("Company event".into()),
            });
            let compiled = changed.compile()?;
            Some((at, compiled, changed))
        } else {
            None
        };
        let (change, last_spec) = match change {
            Some((at, policy, spec)) => (Some((at, Arc::new(policy))), spec),
            None => (None, spec),
        };

        let mut n = 0;
        let mut next_person = |role| {
            n += 1;
            person(n, role)
        };
        let mut teams = Vec::new();
        let mut left = agents.max(1);
        while left > 0 {
            let size = left.min(8);
            left -= size;
            teams.push(Team {
                manager: next_person(Role::CustomerServiceManager),
                agents: (0..size)
                    .map(|_| next_person(Role::CustomerServiceRepresentative))
                    .collect(),
            });
        }
        let qa = (0..2).map(|k| person(QA + k, Role::QaSpecialist)).collect();

        // The scheduler goes down a few times: for hours, and once over the
        // night the business calendar's clocks change, if the run has one.
        let mut outages = Vec::new();
        for _ in 0..(days / 30).max(1) {
            let from = start + TimeDelta::minutes(rng.between(0, i64::from(days) * 1_440));
            outages.push((from, from + TimeDelta::minutes(rng.between(30, 18 * 60))));
        }
        for change in transitions(&business_zone, start, end).into_iter().take(1) {
            outages.push((change - TimeDelta::hours(5), change + TimeDelta::hours(7)));
        }
        outages.sort();

        Ok(Self {
            policy: Arc::new(policy),
            change,
            last_spec,
            teams,
            qa,
            process_owner: next_person(Role::ProcessOwner),
            management: next_person(Role::Management),
            scheduler: Actor::system(ActorId::from_uuid(Uuid::from_u128(0xD35C_5C4E_D000))),
            outages,
        })
    }

    /// The policy in force at `at`.
    #[must_use]
    pub fn policy_at(&self, at: DateTime<Utc>) -> &Arc<Policy> {
        match &self.change {
            Some((from, changed)) if at >= *from => changed,
            _ => &self.policy,
        }
    }

    /// The policy in force at the end of the run.
    #[must_use]
    pub fn last_policy(&self) -> &Arc<Policy> {
        self.change.as_ref().map_or(&self.policy, |(_, p)| p)
    }

    /// The spec of the policy in force at the end.
    #[must_use]
    pub const fn last_spec(&self) -> &PolicySpec {
        &self.last_spec
    }

    /// The statuses `metric`'s clock pauses in, under the last policy.
    #[must_use]
    pub fn pauses(&self, metric: &str) -> Vec<String> {
        let sla = &self.last_spec.sla;
        sla.metrics
            .iter()
            .find(|m| m.name == metric)
            .and_then(|m| m.pause_on.clone())
            .unwrap_or_else(|| sla.pause_on.clone())
    }

    /// Whether the scheduler is down at `at`.
    #[must_use]
    pub fn scheduler_down(&self, at: DateTime<Utc>) -> bool {
        self.outages
            .iter()
            .any(|(from, to)| *from <= at && at < *to)
    }
}
