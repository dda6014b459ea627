//! Review meetings: the lifecycle, the agenda filled from data, the
//! recurrence, overdue action items, retention of the improvement action plan,
//! the closing property, and the wire form.

use casework::Aggregate as _;
use casework::governance::meeting::{
    ActionSource, Agenda, AgendaItem, Command, Event, ItemStatus, MeetingError, MeetingPolicy,
    MeetingStatus, ReviewMeeting,
};
use casework::governance::{LegalHolds, RetentionClass, due_for_disposal};
use casework::kpi::{KpiReport, Ratio, Trend, TrendKind};
use casework::quality::capa::{ActionNo, Status as CapaStatus};
use casework::{Actor, ActorId, CalendarSpec, Ctx, MeetingId, Recorded, Role};
use chrono::{DateTime, Datelike, Months, TimeDelta, TimeZone, Utc};
use proptest::prelude::*;
use uuid::Uuid;

use super::policy;
use crate::case::fixtures::{monday, system};
use crate::quality::capa::fixtures::Record as CapaRecord;

fn person(n: u128, role: Role) -> Actor {
    Actor::new(ActorId::from_uuid(Uuid::from_u128(n)), [role])
}

pub(crate) fn owner() -> Actor {
    person(1, Role::ProcessOwner)
}

pub(crate) fn manager() -> Actor {
    person(2, Role::CustomerServiceManager)
}

pub(crate) fn csr() -> Actor {
    person(3, Role::CustomerServiceRepresentative)
}

pub(crate) fn meeting_id(n: u128) -> MeetingId {
    MeetingId::from_uuid(Uuid::from_u128(n))
}

/// The meeting is a week after `monday()`.
pub(crate) fn held_at() -> DateTime<Utc> {
    monday() + TimeDelta::days(7)
}

struct Minutes {
    meeting: ReviewMeeting,
    history: Vec<Recorded<Event>>,
    now: DateTime<Utc>,
}

impl Minutes {
    fn scheduled() -> Self {
        let mut m = Self {
            meeting: ReviewMeeting::default(),
            history: Vec::new(),
            now: monday(),
        };
        m.run(
            owner(),
            Command::Schedule {
                meeting: meeting_id(1),
                title: "Monthly quality review".into(),
                at: held_at(),
                agenda: Agenda::new().with_topic("CSAT in billing"),
            },
        );
        m
    }

    fn held() -> Self {
        let mut m = Self::scheduled();
        m.now = held_at();
        m.run(
            manager(),
            Command::RecordMinutes {
                attendees: vec![owner().id, manager().id],
                minutes: "CSAT in billing fell two months running.".into(),
                decisions: vec!["Retrain billing agents".into()],
            },
        );
        m
    }

    fn try_run(&mut self, actor: Actor, command: &Command) -> Result<Vec<Event>, MeetingError> {
        let recorded = self
            .meeting
            .record(command, &Ctx::new(self.now, actor, policy()))?;
        let events = recorded.iter().map(|r| r.event.clone()).collect();
        self.history.extend(recorded);
        Ok(events)
    }

    fn run(&mut self, actor: Actor, command: Command) -> Vec<Event> {
        match self.try_run(actor, &command) {
            Ok(events) => events,
            Err(e) => panic!("{:?} refused: {e}", command.kind()),
        }
    }

    fn refused(&mut self, actor: Actor, command: Command) -> &'static str {
        let before = self.meeting.clone();
        let rule = self.try_run(actor, &command).unwrap_err().rule();
        assert_eq!(before, self.meeting, "{rule} changed the meeting");
        rule
    }
}

fn add(owner: Option<Actor>, due: DateTime<Utc>) -> Command {
    Command::AddActionItem {
        description: "Billing refresher".into(),
        owner: owner.map(|a| a.id),
        due,
    }
}

#[test]
fn a_meeting_is_held_its_actions_tracked_to_closure_and_its_plan_superseded() {
    let mut m = Minutes::held();
    assert_eq!(m.meeting.status(), Some(MeetingStatus::Held));
    let minutes = m.meeting.minutes().unwrap();
    assert_eq!(minutes.recorded_by, manager().id);
    assert_eq!(minutes.decisions, ["Retrain billing agents"]);

    let due = held_at() + TimeDelta::days(14);
    m.run(owner(), add(Some(csr()), due));
    m.run(owner(), add(None, due));
    m.run(owner(), add(Some(manager()), due));
    assert_eq!(
        m.meeting
            .action_items()
            .iter()
            .map(|i| i.number)
            .collect::<Vec<_>>(),
        [1, 2, 3]
    );
    m.run(
        manager(),
        Command::AssignActionItem {
            item: 2,
            owner: manager().id,
            due: due + TimeDelta::days(7),
        },
    );
    m.now += TimeDelta::days(3);
    m.run(
        csr(),
        Command::CompleteActionItem {
            item: 1,
            evidence: "Session held on the 3rd".into(),
        },
    );
    m.run(
        manager(),
        Command::CancelActionItem {
            item: 3,
            reason: "Covered by CAPA-2026-000012".into(),
        },
    );
    assert_eq!(
        m.refused(
            owner(),
            Command::Close {
                outcome: "Done".into()
            }
        ),
        "not_ready_to_close"
    );
    m.run(
        manager(),
        Command::CompleteActionItem {
            item: 2,
            evidence: "Script updated".into(),
        },
    );
    m.run(
        owner(),
        Command::Close {
            outcome: "Billing CSAT plan carried out".into(),
        },
    );
    assert_eq!(m.meeting.status(), Some(MeetingStatus::Closed));
    let statuses: Vec<ItemStatus> = m.meeting.action_items().iter().map(|i| i.status).collect();
    assert_eq!(
        statuses,
        [ItemStatus::Done, ItemStatus::Done, ItemStatus::Cancelled]
    );

    // Retention: the improvement action plan is kept until superseded.
    let classes = RetentionClass::sop_defaults();
    let plan = classes
        .iter()
        .find(|c| c.name == "improvement_action_plan")
        .unwrap();
    let dates = m.meeting.record_dates().unwrap();
    assert_eq!(dates.entered_at, monday());
    assert_eq!(plan.disposal_date(&dates), None);
    m.now += TimeDelta::days(30);
    m.run(owner(), Command::SupersedePlan { by: meeting_id(2) });
    let superseded = m.meeting.superseded().unwrap();
    assert_eq!((superseded.by, superseded.at), (meeting_id(2), m.now));
    let dates = m.meeting.record_dates().unwrap();
    assert_eq!(plan.disposal_date(&dates), Some(m.now));
    let holds = LegalHolds::default();
    let records = [(&m.meeting, "improvement_action_plan", dates, &holds)];
    assert_eq!(due_for_disposal(records, &classes, m.now).len(), 1);
    assert_eq!(
        m.refused(owner(), Command::SupersedePlan { by: meeting_id(3) }),
        "already_superseded"
    );
    assert_eq!(ReviewMeeting::replay(&m.history).unwrap(), m.meeting);
}

#[test]
fn refusals_name_their_rule_and_change_nothing() {
    let mut fresh = ReviewMeeting::default();
    let past = Command::Schedule {
        meeting: meeting_id(1),
        title: "Monthly quality review".into(),
        at: monday() - TimeDelta::seconds(1),
        agenda: Agenda::new(),
    };
    let refused = fresh
        .record(&past, &Ctx::new(monday(), owner(), policy()))
        .unwrap_err();
    assert_eq!(refused.rule(), "scheduled_in_past");
    let mut m = Minutes::scheduled();
    assert_eq!(
        m.refused(
            owner(),
            Command::Reschedule {
                at: monday() - TimeDelta::days(1),
                reason: "Moved".into()
            }
        ),
        "scheduled_in_past"
    );
    // Held early: moved to now, then minuted.
    m.run(
        owner(),
        Command::Reschedule {
            at: monday(),
            reason: "Quorum available today".into(),
        },
    );
    assert_eq!(m.meeting.scheduled_for(), Some(monday()));
    let mut m = Minutes::scheduled();
    let minutes = || Command::RecordMinutes {
        attendees: vec![owner().id],
        minutes: "Reviewed".into(),
        decisions: Vec::new(),
    };
    assert_eq!(m.refused(owner(), minutes()), "not_yet_held");
    assert_eq!(m.refused(owner(), add(None, held_at())), "wrong_status");
    assert_eq!(
        m.refused(
            csr(),
            Command::Cancel {
                reason: "No quorum".into()
            }
        ),
        "not_permitted"
    );
    assert_eq!(
        m.refused(owner(), Command::Cancel { reason: " ".into() }),
        "invalid_command"
    );
    assert_eq!(
        m.refused(
            owner(),
            Command::Schedule {
                meeting: meeting_id(1),
                title: "Again".into(),
                at: held_at(),
                agenda: Agenda::new(),
            }
        ),
        "already_scheduled"
    );
    m.now = held_at();
    let duplicated = Command::RecordMinutes {
        attendees: vec![owner().id, owner().id],
        minutes: "Reviewed".into(),
        decisions: vec![String::new()],
    };
    match m.try_run(owner(), &duplicated).unwrap_err() {
        MeetingError::Gate(casework::authority::GateError::Invalid { problems, .. }) => {
            let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
            assert_eq!(paths, ["attendees[1]", "decisions[0]"]);
        }
        other => panic!("{other}"),
    }
    m.run(owner(), minutes());
    assert_eq!(
        m.refused(owner(), add(None, held_at() - TimeDelta::seconds(1))),
        "due_in_past"
    );
    m.run(owner(), add(None, held_at() + TimeDelta::days(1)));
    let done = |item| Command::CompleteActionItem {
        item,
        evidence: "Done".into(),
    };
    assert_eq!(m.refused(owner(), done(1)), "item_has_no_owner");
    assert_eq!(
        m.refused(
            owner(),
            Command::CancelActionItem {
                item: 1,
                reason: "Dropped".into()
            }
        ),
        "item_has_no_owner"
    );
    assert_eq!(m.refused(owner(), done(2)), "unknown_item");
    m.run(
        owner(),
        Command::AssignActionItem {
            item: 1,
            owner: csr().id,
            due: held_at() + TimeDelta::days(2),
        },
    );
    assert_eq!(
        m.refused(
            csr(),
            Command::CancelActionItem {
                item: 1,
                reason: String::new()
            }
        ),
        "not_permitted"
    );
    assert_eq!(
        m.refused(
            owner(),
            Command::CancelActionItem {
                item: 1,
                reason: String::new()
            }
        ),
        "invalid_command"
    );
    m.run(csr(), done(1));
    assert_eq!(m.refused(owner(), done(1)), "item_settled");
    assert_eq!(
        m.refused(owner(), Command::SupersedePlan { by: meeting_id(2) }),
        "wrong_status"
    );
    m.run(
        owner(),
        Command::Close {
            outcome: "Closed".into(),
        },
    );
    assert_eq!(
        m.refused(owner(), Command::SupersedePlan { by: meeting_id(1) }),
        "invalid_command"
    );
    m.now -= TimeDelta::seconds(1);
    assert_eq!(
        m.refused(owner(), Command::SupersedePlan { by: meeting_id(2) }),
        "clock_went_backwards"
    );
    let mut fresh = ReviewMeeting::default();
    let refused = fresh
        .record(
            &Command::RecordDeadline,
            &Ctx::new(monday(), system(), policy()),
        )
        .unwrap_err();
    assert_eq!(refused.rule(), "not_scheduled");
}

#[test]
fn an_overdue_action_item_is_recorded_once_per_due_date() {
    let mut m = Minutes::held();
    let due = held_at() + TimeDelta::days(5);
    m.run(owner(), add(Some(manager()), due));
    assert_eq!(m.meeting.next_deadline(super::policy()).unwrap(), Some(due));
    m.now = due - TimeDelta::seconds(1);
    assert!(m.run(system(), Command::RecordDeadline).is_empty());
    m.now = due;
    assert_eq!(
        m.run(system(), Command::RecordDeadline),
        [Event::ActionItemOverdue { item: 1, due }]
    );
    assert!(m.run(system(), Command::RecordDeadline).is_empty());
    assert_eq!(m.meeting.next_deadline(super::policy()).unwrap(), None);
    // A new due date re-arms it.
    let later = due + TimeDelta::days(5);
    m.run(
        owner(),
        Command::AssignActionItem {
            item: 1,
            owner: manager().id,
            due: later,
        },
    );
    assert_eq!(
        m.meeting.next_deadline(super::policy()).unwrap(),
        Some(later)
    );
}

#[test]
fn the_agenda_is_filled_from_kpis_trends_capas_and_earlier_meetings() {
    let mut report = KpiReport::default();
    report.cases = 40;
    report.first_contact_resolution = Ratio {
        part: 12,
        whole: 30,
    };
    let trend = Trend::new(
        "billing",
        TrendKind::CsatDown,
        Ratio {
            part: 30,
            whole: 10,
        },
        Ratio {
            part: 80,
            whole: 20,
        },
    );
    let implementing = CapaRecord::at(CapaStatus::Implementing);
    let closed = CapaRecord::at(CapaStatus::Closed);
    let action_due = implementing.capa.actions()[0].due;
    let mut earlier = Minutes::held();
    let item_due = held_at() + TimeDelta::days(3);
    earlier.run(owner(), add(None, item_due));
    earlier.run(owner(), add(Some(csr()), held_at() + TimeDelta::days(90)));

    let at = action_due.max(item_due) + TimeDelta::days(1);
    let from = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
    let until = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    let agenda = Agenda::new()
        .with_performance(from, until, &report)
        .with_trends(std::slice::from_ref(&trend))
        .with_capas(&[implementing.capa.clone(), closed.capa.clone()], at)
        .with_meeting_actions(std::slice::from_ref(&earlier.meeting), at);

    let capa = implementing.capa.id().unwrap();
    assert!(matches!(&agenda.items[0], AgendaItem::Performance(p)
        if p.cases == 40 && p.first_contact_resolution == Ratio { part: 12, whole: 30 } && p.from == from));
    assert_eq!(agenda.items[1], AgendaItem::Trend(trend.clone()));
    assert!(
        matches!(&agenda.items[2], AgendaItem::OpenCapa { capa: id, status: CapaStatus::Implementing, .. } if *id == capa)
    );
    // Overdue actions go by due date, from CAPAs and meetings alike.
    assert!(item_due < action_due);
    assert!(matches!(&agenda.items[3], AgendaItem::OverdueAction {
        source: ActionSource::Meeting { item: 1, .. }, owner: None, due, .. } if *due == item_due));
    assert!(matches!(&agenda.items[4], AgendaItem::OverdueAction {
        source: ActionSource::Capa { action: ActionNo(1), .. }, due, .. } if *due == action_due));
    // The closed CAPA and the item not yet due are left out.
    assert_eq!(agenda.items.len(), 5);

    // The order is the agenda's whatever the order of the calls; a CAPA or an
    // action given twice is listed once.
    let shuffled = Agenda::new()
        .with_topic("Training plan")
        .with_meeting_actions(std::slice::from_ref(&earlier.meeting), at)
        .with_capas(&[implementing.capa.clone(), implementing.capa.clone()], at)
        .with_capas(std::slice::from_ref(&implementing.capa), at)
        .with_trends(std::slice::from_ref(&trend))
        .with_performance(from, until, &report);
    let expected = agenda.clone().with_topic("Training plan");
    assert_eq!(shuffled, expected);

    // Before the actions fall due, none is on the agenda.
    let early = Agenda::new()
        .with_capas(std::slice::from_ref(&implementing.capa), monday())
        .with_meeting_actions(std::slice::from_ref(&earlier.meeting), monday());
    assert_eq!(early.items.len(), 1);

    // The next meeting carries the agenda, and may replace it before it is held.
    let mut next = Minutes::scheduled();
    next.run(
        owner(),
        Command::SetAgenda {
            agenda: agenda.clone(),
        },
    );
    assert_eq!(next.meeting.agenda(), &agenda);
}

#[test]
fn meetings_recur_monthly_on_a_business_day_at_opening() {
    let policy = policy();
    let meetings = MeetingPolicy::default();
    let at = |y, m, d, h| Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap();
    let next = |p: &MeetingPolicy, after| p.next_meeting(after, policy.calendar()).unwrap();
    // 1 December 2026 is a Tuesday.
    assert_eq!(next(&meetings, at(2026, 11, 23, 9)), at(2026, 12, 1, 9));
    // Strictly after: at the meeting's instant, the next one is a month on.
    assert_eq!(next(&meetings, at(2026, 12, 1, 9)), at(2027, 1, 1, 9));
    // The 31st is the last day of shorter months. 31 January 2027 is a
    // Sunday, so January's meeting moves to Monday 1 February; 28 February
    // is a Sunday too, so February's moves to Monday 1 March.
    let month_end = MeetingPolicy {
        every_months: 1,
        day_of_month: 31,
    };
    assert_eq!(next(&month_end, at(2027, 1, 20, 0)), at(2027, 2, 1, 9));
    assert_eq!(next(&month_end, at(2027, 2, 1, 9)), at(2027, 3, 1, 9));
    // A meeting moved into the next month is still found from that month.
    assert_eq!(next(&month_end, at(2027, 3, 1, 0)), at(2027, 3, 1, 9));
    assert_eq!(next(&month_end, at(2027, 3, 1, 9)), at(2027, 3, 31, 9));
    // Quarterly: January, April, July, October.
    let quarterly = MeetingPolicy {
        every_months: 3,
        day_of_month: 15,
    };
    assert_eq!(next(&quarterly, at(2026, 11, 23, 9)), at(2027, 1, 15, 9));
    assert_eq!(next(&quarterly, at(2027, 1, 15, 9)), at(2027, 4, 15, 9));

    // In a zone with DST, the opening stays at 09:00 local.
    let mut spec = casework::PolicySpec::sop_default();
    spec.calendar = CalendarSpec::new("Europe/Berlin")
        .with_weekday_hours(vec![casework::calendar::TimeRange::new("09:00", "17:00")]);
    let berlin = spec.compile().unwrap();
    let winter = meetings
        .next_meeting(at(2027, 1, 15, 0), berlin.calendar())
        .unwrap();
    let summer = meetings
        .next_meeting(at(2027, 6, 15, 0), berlin.calendar())
        .unwrap();
    assert_eq!(winter, at(2027, 2, 1, 8));
    assert_eq!(summer, at(2027, 7, 1, 7));
}

#[test]
fn the_meeting_policy_is_checked() {
    let mut spec = casework::PolicySpec::sop_default();
    spec.governance.review_meetings = MeetingPolicy {
        every_months: 0,
        day_of_month: 32,
    };
    let problems = spec.compile().unwrap_err().to_string();
    assert!(
        problems.contains("governance.review_meetings.every_months"),
        "{problems}"
    );
    assert!(
        problems.contains("governance.review_meetings.day_of_month"),
        "{problems}"
    );
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![3 => Just("Noted".to_owned()), 1 => Just(String::new()), 1 => Just("  ".to_owned())]
}

pub(crate) fn command() -> impl Strategy<Value = Command> {
    let who = prop_oneof![Just(None), Just(Some(csr().id)), Just(Some(manager().id))];
    let due = (-2i64..30).prop_map(|d| held_at() + TimeDelta::days(d));
    prop_oneof![
        1 => Just(Command::RecordMinutes { attendees: vec![owner().id], minutes: "Held".into(), decisions: Vec::new() }),
        3 => (text(), who.clone(), due.clone()).prop_map(|(description, owner, due)| Command::AddActionItem { description, owner, due }),
        2 => (1u32..5, due).prop_map(|(item, due)| Command::AssignActionItem { item, owner: manager().id, due }),
        3 => (1u32..5, text()).prop_map(|(item, evidence)| Command::CompleteActionItem { item, evidence }),
        3 => (1u32..5, text()).prop_map(|(item, reason)| Command::CancelActionItem { item, reason }),
        3 => text().prop_map(|outcome| Command::Close { outcome }),
        1 => text().prop_map(|reason| Command::Cancel { reason }),
        1 => Just(Command::SupersedePlan { by: meeting_id(2) }),
        1 => Just(Command::RecordDeadline),
    ]
}

proptest! {
    /// A meeting never closes while an action item is owner-less, open, or
    /// cancelled without a reason; refusals change nothing; replay agrees.
    #[test]
    fn a_meeting_closes_only_with_every_item_owned_and_settled(
        steps in proptest::collection::vec(
            (prop_oneof![Just(owner()), Just(manager()), Just(csr()), Just(system())], command(), 0i64..3),
            1..60,
        ),
    ) {
        let mut m = Minutes::scheduled();
        for (actor, command, days) in &steps {
            m.now = (m.now + TimeDelta::days(*days)).max(m.now);
            let before = m.meeting.clone();
            if m.try_run(*actor, command).is_err() {
                prop_assert_eq!(&before, &m.meeting);
            }
            if m.meeting.status() == Some(MeetingStatus::Closed) {
                prop_assert!(m.meeting.outcome().is_some_and(|o| !o.text.trim().is_empty()));
                for item in m.meeting.action_items() {
                    prop_assert!(item.owner.is_some(), "item {} has no owner", item.number);
                    prop_assert_ne!(item.status, ItemStatus::Open);
                    let settled = item.settled.as_ref().unwrap();
                    prop_assert!(!settled.text.trim().is_empty(), "item {} settled without a reason", item.number);
                }
            }
            for item in m.meeting.action_items() {
                prop_assert_eq!(item.settled.is_some(), item.status != ItemStatus::Open);
            }
        }
        prop_assert_eq!(ReviewMeeting::replay(&m.history).unwrap(), m.meeting);
    }

    /// The next meeting is the first, after the instant asked, of the
    /// meetings listed month by month: the nominal day clamped to the month,
    /// moved day by day to a business day, at 09:00 Berlin time.
    #[test]
    fn the_next_meeting_is_the_first_after(
        minutes in 0i64..(3 * 365 * 24 * 60),
        every_months in prop_oneof![Just(1u32), Just(2), Just(3), Just(4), Just(6), Just(12)],
        day_of_month in 1u32..=31,
    ) {
        let berlin = berlin();
        let calendar = berlin.calendar();
        let rule = MeetingPolicy { every_months, day_of_month };
        let after = monday() + TimeDelta::minutes(minutes);
        let next = rule.next_meeting(after, calendar).unwrap();
        let zone = calendar.time_zone();
        let first = after.with_timezone(&zone).date_naive().with_day(1).unwrap() - Months::new(1);
        let listed = (0..16)
            .map(|m| first + Months::new(m))
            .filter(|month| month.month0() % every_months == 0)
            .map(|month| {
                let last = (month + Months::new(1)).pred_opt().unwrap();
                let mut day = month.with_day(day_of_month.min(last.day())).unwrap();
                while !calendar.is_business_day(day).unwrap() {
                    day = day.succ_opt().unwrap();
                }
                zone.from_local_datetime(&day.and_hms_opt(9, 0, 0).unwrap())
                    .unwrap()
                    .with_timezone(&Utc)
            })
            .filter(|meeting| *meeting > after)
            .min()
            .unwrap();
        prop_assert_eq!(next, listed);
    }
}

/// The SOP policy on a Berlin calendar, Monday to Friday 09:00 to 17:00, with
/// Christmas Day as a holiday.
fn berlin() -> casework::Policy {
    let mut spec = casework::PolicySpec::sop_default();
    spec.calendar = CalendarSpec::new("Europe/Berlin")
        .with_weekday_hours(vec![casework::calendar::TimeRange::new("09:00", "17:00")])
        .with_holiday(casework::calendar::Holiday::Fixed {
            month: 12,
            day: 25,
            observed: casework::calendar::Observed::default(),
            name: None,
        });
    spec.compile().unwrap()
}

#[test]
fn a_meeting_before_the_calendar_range_is_skipped_and_outside_it_refused() {
    let mut spec = casework::PolicySpec::sop_default();
    spec.calendar = spec.calendar.with_range(casework::calendar::CalendarRange {
        from: chrono::NaiveDate::from_ymd_opt(2026, 1, 20).unwrap(),
        until: chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
    });
    let narrow = spec.compile().unwrap();
    let meetings = MeetingPolicy::default();
    let at = |y, m, d| Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap();
    // January's meeting falls before the range; February's is found.
    assert_eq!(
        meetings
            .next_meeting(at(2026, 1, 25), narrow.calendar())
            .unwrap(),
        at(2026, 2, 2) + TimeDelta::hours(9)
    );
    assert_eq!(
        meetings
            .next_meeting(at(2026, 2, 10), narrow.calendar())
            .unwrap(),
        at(2026, 3, 2) + TimeDelta::hours(9)
    );
    // December's meeting is the last in range; after it, and outside the
    // range, the answer is an error, never a panic, in any zone.
    assert!(
        meetings
            .next_meeting(at(2026, 12, 20), narrow.calendar())
            .is_err()
    );
    for far in [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
        assert!(meetings.next_meeting(far, narrow.calendar()).is_err());
        assert!(meetings.next_meeting(far, berlin().calendar()).is_err());
    }
}

#[cfg(feature = "serde")]
#[test]
fn every_event_and_command_has_a_wire_form() {
    let mut m = Minutes::held();
    let due = held_at() + TimeDelta::days(5);
    m.run(owner(), add(None, due));
    m.run(owner(), add(Some(csr()), due));
    m.run(
        owner(),
        Command::AssignActionItem {
            item: 1,
            owner: manager().id,
            due,
        },
    );
    m.run(
        manager(),
        Command::CancelActionItem {
            item: 1,
            reason: "Merged into item 2".into(),
        },
    );
    m.now = due;
    m.run(system(), Command::RecordDeadline);
    m.run(
        csr(),
        Command::CompleteActionItem {
            item: 2,
            evidence: "Done".into(),
        },
    );
    m.run(
        owner(),
        Command::Close {
            outcome: "Plan carried out".into(),
        },
    );
    m.run(owner(), Command::SupersedePlan { by: meeting_id(2) });
    let mut other = Minutes::scheduled();
    other.run(
        owner(),
        Command::SetAgenda {
            agenda: Agenda::new().with_topic("Training"),
        },
    );
    other.run(
        owner(),
        Command::Reschedule {
            at: held_at() + TimeDelta::days(1),
            reason: "Holiday".into(),
        },
    );
    other.run(
        owner(),
        Command::Cancel {
            reason: "No quorum".into(),
        },
    );
    let mut seen = std::collections::BTreeMap::new();
    for r in m.history.iter().chain(&other.history) {
        seen.entry(r.event.name())
            .or_insert_with(|| r.event.clone());
    }
    assert_eq!(seen.len(), 12, "{:?}", seen.keys());
    for (name, event) in seen {
        let json = crate::case::wire::round_trip(&event);
        assert_eq!(json["type"], name);
        insta::assert_json_snapshot!(format!("meeting_event_{name}"), event);
    }
    let command = Command::AddActionItem {
        description: "Refresher".into(),
        owner: None,
        due,
    };
    let json = crate::case::wire::round_trip(&command);
    assert_eq!(json["command"], command.kind().as_str());
}
