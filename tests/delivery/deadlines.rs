//! Milestone due dates: the first inspection and the sign-off, from the
//! delivery policy; `next_deadline` and `RecordDeadline`, judged as of each
//! due instant; the policy's checks; and the deadline contract over random
//! histories.

use casework::delivery::{
    Command, CustomerAcknowledgement, DeliveryError, Event, Milestone, OrderDue, ServiceOrder,
    Status,
};
use casework::sla::Within;
use casework::{Aggregate, PolicySpec, Role};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use super::{Shop, inspector, manager, open, plan, policy, record, scheduler};

fn at(y: i32, mo: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, 0, 0).unwrap()
}

// Opened Monday 2026-11-23 09:10 (the shop's clock moves ten minutes a
// command) on the SOP policy: the first inspection due by the close of the 5th
// business day (Monday 30th, 17:00), the sign-off by the 10th's (Monday 7
// December, 17:00).
fn inspection_due() -> DateTime<Utc> {
    at(2026, 11, 30, 17)
}

fn sign_off_due() -> DateTime<Utc> {
    at(2026, 12, 7, 17)
}

fn opened() -> Shop {
    let mut shop = Shop::new();
    shop.run(manager(), open());
    shop
}

fn tick(shop: &mut Shop, now: DateTime<Utc>) -> Vec<Event> {
    shop.try_run_at(now, scheduler(), &Command::RecordDeadline)
        .unwrap()
}

/// The milestone-overdue events among `events`, as (milestone, due, notify).
fn overdue(events: &[Event]) -> Vec<(Milestone, DateTime<Utc>, Role)> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::MilestoneOverdue {
                milestone,
                due,
                notify,
            } => Some((*milestone, *due, *notify)),
            _ => None,
        })
        .collect()
}

fn signed(shop: &Shop) -> Command {
    Command::SignOff {
        acknowledgement: Some(CustomerAcknowledgement {
            by: "J. Doe".to_owned(),
            at: shop.now,
        }),
    }
}

const MANAGER: Role = Role::CustomerServiceManager;

#[test]
fn on_time_the_scheduler_records_each_milestone_at_its_due_instant() {
    let mut shop = opened();
    let policy = policy();
    assert_eq!(
        shop.order.opened_at(),
        Some(at(2026, 11, 23, 9) + TimeDelta::minutes(10))
    );
    assert_eq!(
        shop.order
            .milestone_due(Milestone::SignOff, policy)
            .unwrap(),
        Some(sign_off_due())
    );
    assert_eq!(
        shop.order.next_deadline(policy).unwrap(),
        Some(inspection_due())
    );
    assert!(tick(&mut shop, inspection_due() - TimeDelta::seconds(1)).is_empty());
    assert_eq!(
        overdue(&tick(&mut shop, inspection_due())),
        [(Milestone::Inspection, inspection_due(), MANAGER)]
    );
    assert_eq!(shop.order.overdue_milestones(), [Milestone::Inspection]);
    assert_eq!(
        shop.order.next_deadline(policy).unwrap(),
        Some(sign_off_due())
    );
    assert_eq!(
        overdue(&tick(&mut shop, sign_off_due())),
        [(Milestone::SignOff, sign_off_due(), MANAGER)]
    );
    assert_eq!(shop.order.next_deadline(policy).unwrap(), None);
    assert_eq!(ServiceOrder::replay(&shop.history).unwrap(), shop.order);
    assert_eq!(ServiceOrder::default().next_deadline(policy), Ok(None));
}

#[test]
fn an_inspection_in_time_leaves_only_the_sign_off_to_come_due() {
    let mut shop = opened();
    shop.run(manager(), Command::PlanInspection { plan: plan() });
    shop.run(inspector(), record(1, 40));
    assert_eq!(
        shop.order.milestone_reached_at(Milestone::Inspection),
        Some(at(2026, 11, 23, 9) + TimeDelta::minutes(30))
    );
    assert_eq!(
        shop.order.next_deadline(policy()).unwrap(),
        Some(sign_off_due())
    );
}

/// A late scheduler records what an on-time one would have: an inspection
/// recorded after its due instant, but before the scheduler ran, is still
/// overdue, with the instant it came due at.
#[test]
fn a_late_scheduler_judges_each_milestone_as_of_its_due_instant() {
    let rows: [(&str, TimeDelta, bool); 4] = [
        ("a second early", -TimeDelta::seconds(1), false),
        ("at the due instant", TimeDelta::zero(), true),
        ("an hour late", TimeDelta::hours(1), true),
        ("days late", TimeDelta::days(2), true),
    ];
    for (name, when, late) in rows {
        let mut shop = opened();
        shop.run(manager(), Command::PlanInspection { plan: plan() });
        shop.try_run_at(inspection_due() + when, inspector(), &record(1, 40))
            .unwrap();
        // The scheduler was down until Thursday.
        let events = tick(&mut shop, at(2026, 12, 3, 12));
        let expected = if late {
            vec![(Milestone::Inspection, inspection_due(), MANAGER)]
        } else {
            Vec::new()
        };
        assert_eq!(overdue(&events), expected, "{name}");
    }
}

#[test]
fn twice_at_one_instant_records_nothing_the_second_time() {
    let mut shop = opened();
    let now = at(2026, 12, 20, 9);
    assert_eq!(
        overdue(&tick(&mut shop, now)),
        [
            (Milestone::Inspection, inspection_due(), MANAGER),
            (Milestone::SignOff, sign_off_due(), MANAGER),
        ]
    );
    let version = shop.order.version();
    assert_eq!(tick(&mut shop, now), []);
    assert_eq!(shop.order.version(), version);
}

#[test]
fn a_finished_order_records_what_came_due_before_it_finished_only() {
    // Cancelled between the two due instants, never inspected.
    let mut shop = opened();
    shop.try_run_at(
        at(2026, 12, 2, 9),
        manager(),
        &Command::Cancel {
            reason: "Called off".to_owned(),
        },
    )
    .unwrap();
    assert_eq!(shop.order.status(), Some(Status::Cancelled));
    assert_eq!(
        overdue(&tick(&mut shop, at(2027, 1, 4, 9))),
        [(Milestone::Inspection, inspection_due(), MANAGER)]
    );
    assert_eq!(shop.order.next_deadline(policy()).unwrap(), None);
    // Signed off late: the sign-off came due before it.
    let mut shop = Shop::ready();
    let sign = signed(&shop);
    shop.try_run_at(at(2026, 12, 10, 9), manager(), &sign)
        .unwrap();
    assert_eq!(shop.order.status(), Some(Status::SignedOff));
    assert_eq!(
        overdue(&tick(&mut shop, at(2027, 1, 4, 9))),
        [(Milestone::SignOff, sign_off_due(), MANAGER)]
    );
    // Signed off in time: nothing, ever.
    let mut shop = Shop::ready();
    let sign = signed(&shop);
    shop.run(manager(), sign);
    assert_eq!(shop.order.next_deadline(policy()).unwrap(), None);
    assert!(tick(&mut shop, at(2027, 1, 4, 9)).is_empty());
    // The other commands stay refused on a finished order.
    let refused = shop
        .try_run(manager(), &Command::PlanInspection { plan: plan() })
        .unwrap_err();
    assert_eq!(refused.rule(), "invalid_transition");
}

#[test]
fn the_deadline_command_is_the_schedulers_and_needs_an_open_order() {
    let mut shop = Shop::new();
    let refused = shop.try_run(scheduler(), &Command::RecordDeadline);
    assert_eq!(refused.unwrap_err().rule(), "not_opened");
    let mut shop = opened();
    let refused = shop.try_run(inspector(), &Command::RecordDeadline);
    assert_eq!(refused.unwrap_err().rule(), "not_permitted");
}

#[test]
fn a_milestone_without_a_due_date_never_comes_due() {
    let mut spec = PolicySpec::sop_default();
    spec.delivery.inspection_due = None;
    spec.delivery.sign_off_due = Some(OrderDue::new(
        Within::Minutes(90),
        "always",
        Role::ProcessOwner,
    ));
    let policy = spec.compile().unwrap();
    let mut shop = Shop::new();
    shop.try_run_on(&policy, shop.now, manager(), &open())
        .unwrap();
    let due = shop.now + TimeDelta::minutes(90);
    assert_eq!(shop.order.next_deadline(&policy).unwrap(), Some(due));
    let events = shop
        .try_run_on(&policy, due, scheduler(), &Command::RecordDeadline)
        .unwrap();
    assert_eq!(
        overdue(&events),
        [(Milestone::SignOff, due, Role::ProcessOwner)]
    );
    assert_eq!(shop.order.next_deadline(&policy).unwrap(), None);
}

#[test]
fn a_milestone_calendar_covers_the_instants_and_its_errors_are_calendar_errors() {
    use casework::calendar::{CalendarRange, CalendarSpec};
    use chrono::NaiveDate;
    let mut spec = PolicySpec::sop_default();
    let mut site = CalendarSpec::twenty_four_seven("UTC");
    site.range = Some(CalendarRange {
        from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        until: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
    });
    spec.calendars.insert("site".to_owned(), site);
    spec.delivery.sign_off_due = Some(OrderDue::new(Within::Minutes(48 * 60), "site", MANAGER));
    let policy = spec.compile().unwrap();
    let mut shop = Shop::new();
    shop.try_run_on(&policy, shop.now, manager(), &open())
        .unwrap();
    let refused = shop.order.next_deadline(&policy).unwrap_err();
    assert!(matches!(refused, DeliveryError::Calendar(_)), "{refused}");
    let refused = shop
        .try_run_on(
            &policy,
            at(2026, 11, 25, 9),
            scheduler(),
            &Command::RecordDeadline,
        )
        .unwrap_err();
    assert_eq!(refused.rule(), "calendar");
}

#[test]
fn the_policy_checks_the_due_dates_with_their_paths() {
    let problems = |change: fn(&mut PolicySpec)| -> Vec<String> {
        let mut spec = PolicySpec::sop_default();
        change(&mut spec);
        spec.compile()
            .unwrap_err()
            .problems
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    assert_eq!(
        problems(|s| {
            s.delivery.inspection_due = Some(OrderDue::new(
                Within::BusinessDays(0),
                "nights",
                Role::Auditor,
            ));
        }),
        [
            "delivery.inspection_due.within: 0 is not between 1 and 365 business days",
            "delivery.inspection_due.notify: `auditor` cannot be told of an overdue deadline",
            "delivery.inspection_due.calendar: `nights` is not a calendar of the policy (business, always)",
        ]
    );
    assert_eq!(
        problems(|s| {
            s.delivery.sign_off_due = Some(OrderDue::new(Within::Minutes(0), "always", MANAGER));
        }),
        ["delivery.sign_off_due.within: 0 minutes is not a positive duration"]
    );
}

#[cfg(feature = "serde")]
#[test]
fn a_policy_file_without_due_dates_takes_the_defaults_and_null_has_none() {
    let spec =
        PolicySpec::from_json(r#"{ "delivery": { "follow_up_business_days": 3 } }"#).unwrap();
    assert_eq!(
        spec.delivery.inspection_due,
        PolicySpec::sop_default().delivery.inspection_due
    );
    let spec = PolicySpec::from_json(
        r#"{ "delivery": { "inspection_due": null,
             "sign_off_due": { "within": { "minutes": 600 }, "calendar": "always",
                               "notify": "process_owner" } } }"#,
    )
    .unwrap();
    assert_eq!(spec.delivery.inspection_due, None);
    assert!(spec.compile().is_ok());
    let json = serde_json::to_string(&spec).unwrap();
    assert_eq!(PolicySpec::from_json(&json).unwrap(), spec);
}

#[test]
fn milestones_have_stable_names() {
    let names: Vec<&str> = Milestone::ALL.iter().map(|m| m.as_str()).collect();
    assert_eq!(names, ["inspection", "sign_off"]);
    assert_eq!(Milestone::SignOff.to_string(), "sign_off");
}

/// The deadline contract over random histories.
#[cfg(feature = "proptest")]
pub(crate) mod contract {
    use casework::{Actor, Policy};
    use proptest::prelude::*;

    use super::*;

    type Step = (Actor, Command, i64);

    pub(crate) fn policies() -> impl Strategy<Value = Policy> {
        let within = prop_oneof![
            (1u32..6000).prop_map(Within::Minutes),
            (1u32..12).prop_map(Within::BusinessDays),
        ];
        let rule = (within, prop::sample::select(vec!["business", "always"]))
            .prop_map(|(within, calendar)| OrderDue::new(within, calendar, MANAGER));
        (
            prop::option::weighted(0.9, rule.clone()),
            prop::option::weighted(0.9, rule),
        )
            .prop_map(|(inspection, sign_off)| {
                let mut spec = PolicySpec::sop_default();
                spec.delivery.inspection_due = inspection;
                spec.delivery.sign_off_due = sign_off;
                spec.compile().unwrap()
            })
    }

    /// Minutes between steps: mostly within a day, sometimes days.
    fn gaps() -> impl Strategy<Value = i64> {
        prop_oneof![10 => 0i64..600, 3 => 600i64..6000, 1 => 6000i64..30_000]
    }

    pub(crate) fn steps() -> impl Strategy<Value = Vec<Step>> {
        let command = prop_oneof![
            6 => super::super::properties::command(),
            1 => Just(Command::RecordDeadline),
        ];
        let steps =
            prop::collection::vec((super::super::properties::people(), command, gaps()), 1..60);
        (steps, any::<bool>()).prop_map(|(mut steps, ready)| {
            // Half start on the path to sign-off, so that it is reached.
            let path: Vec<Step> = if ready {
                ready_path()
            } else {
                vec![(manager(), open(), 0)]
            };
            steps.splice(0..0, path);
            steps
        })
    }

    /// [`Shop::ready`]'s commands, ten minutes apart.
    fn ready_path() -> Vec<Step> {
        use super::super::{csr, owner, reviewer, tick as tick_item};
        let mut path = vec![(manager(), open(), 0)];
        for (item, evidence) in [
            ("engagement.requirements", Some("WO-881")),
            ("planning.plan", None),
            ("resources.allocated", None),
            ("execution.delivered", Some("SR-120")),
            ("execution.monitored", None),
        ] {
            path.push((csr(), tick_item(item, evidence), 10));
        }
        path.push((inspector(), tick_item("quality.checked", Some("QC-7")), 10));
        path.push((manager(), Command::PlanInspection { plan: plan() }, 10));
        path.push((inspector(), record(1, 40), 10));
        for (actor, stage) in [(reviewer(), "quality"), (owner(), "process_owner")] {
            path.push((
                actor,
                Command::ApproveStage {
                    stage: stage.to_owned(),
                },
                10,
            ));
        }
        path
    }
}
