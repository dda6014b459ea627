//! The SOP defaults as tables, bad configurations with their paths, and the wiring
//! into the case aggregate.

use casework::Aggregate as _;
use casework::case::{CaseKind, Command, EscalationTrigger, Event};
use casework::priority::{
    CaseFacts, Condition, EscalationLadder, Impact, LadderStep, Priority, PriorityMatrix,
    SeverityFacts, SeverityRule, SeverityRules, Urgency,
};
use casework::{Channel, PolicySpec, Role, Severity};
use chrono::{TimeDelta, TimeZone, Utc};

use crate::case::fixtures::{Desk, csr, intake, log, monday, system};

fn case_facts<'a>(channel: &'a Channel, category: &'static str) -> CaseFacts<'a> {
    CaseFacts {
        channel,
        category,
        received_at: monday(),
    }
}

#[test]
fn the_default_matrix() {
    let matrix = PriorityMatrix::sop_default();
    assert!(matrix.problems().is_empty());
    let expected = [[1, 2, 3], [2, 3, 4], [3, 4, 5]];
    for (i, row) in expected.iter().enumerate() {
        for (u, p) in row.iter().enumerate() {
            let (impact, urgency) = (Impact(i as u8 + 1), Urgency(u as u8 + 1));
            assert_eq!(
                matrix.priority(impact, urgency, Severity::Low),
                Some(Priority(*p))
            );
            assert_eq!(
                matrix.priority(impact, urgency, Severity::Medium),
                Some(Priority(*p))
            );
            assert_eq!(
                matrix.priority(impact, urgency, Severity::High),
                Some(Priority(*p.min(&2)))
            );
            assert_eq!(
                matrix.priority(impact, urgency, Severity::Critical),
                Some(Priority(1))
            );
        }
    }
    for (impact, urgency) in [(0, 1), (1, 0), (4, 1), (1, 4)] {
        assert_eq!(
            matrix.priority(Impact(impact), Urgency(urgency), Severity::Low),
            None
        );
    }
    assert_eq!(Priority(3).to_string(), "P3");
}

#[test]
fn the_default_severity_rules() {
    let rules = SeverityRules::sop_default();
    assert!(rules.problems().is_empty());
    let day = TimeDelta::days(1);
    let none = SeverityFacts::default();
    let cases: Vec<(SeverityFacts, Channel, &str, Severity, &[&str])> = vec![
        (
            none.clone(),
            Channel::Email,
            "delivery/late",
            Severity::Low,
            &[],
        ),
        (
            SeverityFacts {
                assessed: Some(Severity::Medium),
                ..none.clone()
            },
            Channel::Email,
            "other",
            Severity::Medium,
            &["assessed"],
        ),
        (
            SeverityFacts {
                safety_issue: true,
                ..none.clone()
            },
            Channel::Phone,
            "product/defect",
            Severity::Critical,
            &["safety"],
        ),
        (
            SeverityFacts {
                regulatory: true,
                ..none.clone()
            },
            Channel::Phone,
            "other",
            Severity::High,
            &["regulatory"],
        ),
        (
            SeverityFacts {
                financial_impact: Some(100_000),
                ..none.clone()
            },
            Channel::Phone,
            "billing",
            Severity::Low,
            &[],
        ),
        (
            SeverityFacts {
                financial_impact: Some(100_001),
                ..none.clone()
            },
            Channel::Phone,
            "billing",
            Severity::High,
            &["financial_impact"],
        ),
        (
            SeverityFacts {
                customers_affected: 9,
                ..none.clone()
            },
            Channel::Phone,
            "delivery",
            Severity::Low,
            &[],
        ),
        (
            SeverityFacts {
                customers_affected: 150,
                ..none.clone()
            },
            Channel::Phone,
            "delivery",
            Severity::Critical,
            &["many_customers", "widespread"],
        ),
        (
            SeverityFacts {
                customer_tier: Some("key_account".into()),
                ..none.clone()
            },
            Channel::Email,
            "other",
            Severity::Medium,
            &["key_account"],
        ),
        (
            SeverityFacts {
                customer_tier: Some("standard".into()),
                ..none.clone()
            },
            Channel::Email,
            "other",
            Severity::Low,
            &[],
        ),
        // Two earlier complaints within 90 days; one 91 days back does not count.
        (
            SeverityFacts {
                earlier_complaints: vec![monday() - day * 3, monday() - day * 89],
                ..none.clone()
            },
            Channel::Email,
            "other",
            Severity::Medium,
            &["repeat_complaint"],
        ),
        (
            SeverityFacts {
                earlier_complaints: vec![monday() - day * 3, monday() - day * 91],
                ..none.clone()
            },
            Channel::Email,
            "other",
            Severity::Low,
            &[],
        ),
        (
            none.clone(),
            Channel::SocialMedia,
            "other",
            Severity::Medium,
            &["public_channel"],
        ),
        (
            none.clone(),
            Channel::Email,
            "service/staff_conduct",
            Severity::Medium,
            &["staff_conduct"],
        ),
        (
            none.clone(),
            Channel::Email,
            "service/staff_conductor",
            Severity::Low,
            &[],
        ),
        (
            SeverityFacts {
                assessed: Some(Severity::High),
                safety_issue: true,
                ..none.clone()
            },
            Channel::SocialMedia,
            "other",
            Severity::Critical,
            &["assessed", "safety", "public_channel"],
        ),
    ];
    for (facts, channel, category, severity, fired) in cases {
        let assessment = rules.assess(&facts, case_facts(&channel, category));
        assert_eq!(
            assessment.severity, severity,
            "{facts:?} on {channel} in {category}"
        );
        assert_eq!(
            assessment.fired, fired,
            "{facts:?} on {channel} in {category}"
        );
    }
    let assessment = rules.assess(
        &SeverityFacts {
            regulatory: true,
            ..none
        },
        case_facts(&Channel::SocialMedia, "other"),
    );
    assert_eq!(assessment.explain(), "high: regulatory, public_channel");
}

fn problems(spec: &PolicySpec) -> Vec<String> {
    match spec.compile() {
        Ok(_) => Vec::new(),
        Err(error) => error.problems.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn bad_priority_configs_are_reported_with_their_paths() {
    type Change = fn(&mut PolicySpec);
    let cases: Vec<(Change, &str)> = vec![
        (
            |s| s.priority.matrix.impacts.truncate(2),
            "priority.matrix.impacts: 2 levels; a matrix has 3 to 5",
        ),
        (
            |s| s.priority.matrix.urgencies[1] = " ".into(),
            "priority.matrix.urgencies[1]: a label must not be blank",
        ),
        (
            |s| s.priority.matrix.cells[2].pop().map(drop).unwrap_or(()),
            "priority.matrix.cells[2]: 2 cells for 3 urgencies",
        ),
        (
            |s| s.priority.matrix.cells.push(vec![5, 5, 5]),
            "priority.matrix.cells: 4 rows for 3 impacts",
        ),
        (
            |s| s.priority.matrix.cells[0][0] = 6,
            "priority.matrix.cells[0][0]: P6 is not one of P1 to P5",
        ),
        (
            |s| s.priority.matrix.cells[1][1] = 1,
            "priority.matrix.cells[1][1]: P1 is more pressing than P2 at cells[0][1], for a higher impact; set `allow_non_monotone` if that is meant",
        ),
        (
            |s| s.priority.matrix.cells[0][2] = 1,
            "priority.matrix.cells[0][2]: P1 is more pressing than P2 at cells[0][1], for a higher urgency; set `allow_non_monotone` if that is meant",
        ),
        (
            |s| s.priority.matrix.priorities = 1,
            "priority.matrix.priorities: 1 priorities; use 2 to 9",
        ),
        (
            |s| {
                s.priority.matrix.severity_floor.insert(Severity::Medium, 7);
            },
            "priority.matrix.severity_floor.medium: P7 is not one of P1 to P5",
        ),
        (
            |s| s.priority.severity.rules[1].name = "safety".into(),
            "priority.severity.rules[1].name: `safety` is used by an earlier rule",
        ),
        (
            |s| s.priority.severity.rules[0].name = "assessed".into(),
            "priority.severity.rules[0].name: `assessed` names the staff's assessment",
        ),
        (
            |s| {
                s.priority.severity.rules.push(SeverityRule::new(
                    "x",
                    Condition::RepeatComplaint { count: 0, days: 0 },
                    Severity::High,
                ))
            },
            "priority.severity.rules[9].when.days: 0 is not between 1 and 3660 days",
        ),
        (
            |s| {
                s.priority.severity.rules.push(SeverityRule::new(
                    "y",
                    Condition::CustomersAffected { count: 0 },
                    Severity::High,
                ))
            },
            "priority.severity.rules[9].when.count: 0 customers always holds; use at least 1",
        ),
        (
            |s| s.priority.ladders[0].calendar = "weekend".into(),
            "priority.ladders[0].calendar: `weekend` is not a calendar of the policy (business, always)",
        ),
        (
            |s| s.priority.ladders[0].levels[1].after_minutes = 60,
            "priority.ladders[0].levels[1].after_minutes: 60 is not after the level below (60); times must increase",
        ),
        (
            |s| s.priority.ladders[1].levels[0].role = Role::Auditor,
            "priority.ladders[1].levels[0].role: `auditor` cannot take an escalation",
        ),
        (
            |s| s.priority.ladders[1].priority = Priority(1),
            "priority.ladders[1].priority: P1 has an earlier ladder",
        ),
        (
            |s| s.priority.ladders[4].priority = Priority(6),
            "priority.ladders[4].priority: P6 is not a priority of the matrix",
        ),
        (
            |s| s.case.escalation_levels = 2,
            "priority.ladders[0].levels: 3 levels, but cases escalate to level 2 at most",
        ),
        (
            |s| {
                s.calendars.insert("business".into(), s.calendar.clone());
            },
            "calendars.business: `business` names the main calendar, `calendar`",
        ),
    ];
    for (change, expected) in cases {
        let mut spec = PolicySpec::sop_default();
        change(&mut spec);
        let found = problems(&spec);
        assert!(
            found.iter().any(|p| p == expected),
            "expected {expected:?} among {found:?}"
        );
    }
    let mut spec = PolicySpec::sop_default();
    spec.priority.matrix.cells[1][1] = 1;
    spec.priority.matrix.allow_non_monotone = true;
    assert!(problems(&spec).is_empty());
}

#[test]
fn a_ladder_on_business_hours_skips_met_milestones() {
    let ladder = EscalationLadder::sop_default()
        .into_iter()
        .find(|l| l.priority == Priority(3))
        .unwrap();
    let business = PolicySpec::sop_default().calendar.compile().unwrap();
    // Friday 16:00 UTC: the 8 business hours of level 1 end Monday 16:00.
    let friday = Utc.with_ymd_and_hms(2026, 11, 27, 16, 0, 0).unwrap();
    let instants = ladder.instants(&business, friday).unwrap();
    assert_eq!(
        instants,
        [
            Utc.with_ymd_and_hms(2026, 11, 30, 16, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 12, 4, 16, 0, 0).unwrap()
        ]
    );
    assert_eq!(
        ladder.next(&business, friday, 0, false, false).unwrap(),
        Some((1, instants[0]))
    );
    assert_eq!(
        ladder.next(&business, friday, 0, true, false).unwrap(),
        Some((2, instants[1]))
    );
    assert_eq!(
        ladder.next(&business, friday, 1, false, false).unwrap(),
        Some((2, instants[1]))
    );
    assert_eq!(ladder.next(&business, friday, 0, true, true).unwrap(), None);
    assert_eq!(
        ladder.next(&business, friday, 2, false, false).unwrap(),
        None
    );
}

#[test]
fn intake_assesses_severity_and_priority_by_the_rules() {
    let mut desk = Desk::new();
    let mut complaint = intake(CaseKind::Complaint, Severity::Low);
    complaint.channel = Channel::SocialMedia;
    complaint.impact = Impact(1);
    complaint.urgency = Urgency(2);
    let events = desk.ok(
        csr(),
        Command::Log {
            intake: complaint,
            first_contact_resolution: None,
        },
    );
    let Event::Logged {
        severity, priority, ..
    } = &events[0]
    else {
        panic!("{events:?}")
    };
    assert_eq!(severity.severity, Severity::Medium);
    assert_eq!(severity.fired, ["assessed", "public_channel"]);
    assert_eq!(*priority, Priority(2));
    assert_eq!(desk.case.priority(), Some(Priority(2)));

    let mut desk = Desk::new();
    let mut bad = intake(CaseKind::Complaint, Severity::Low);
    bad.impact = Impact(4);
    bad.urgency = Urgency(0);
    let refused = desk
        .run(
            csr(),
            Command::Log {
                intake: bad,
                first_contact_resolution: None,
            },
        )
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "invalid `log`: intake.impact: 4 is not a level of the priority matrix (1 to 3); \
         intake.urgency: 0 is not a level of the priority matrix (1 to 3)"
    );
}

/// A desk with a P1 complaint (impact and urgency 1) logged at [`monday`].
fn urgent_desk() -> Desk {
    let mut desk = Desk::without_sla();
    let mut urgent = intake(CaseKind::Complaint, Severity::Medium);
    urgent.impact = Impact(1);
    urgent.urgency = Urgency(1);
    desk.ok(
        csr(),
        Command::Log {
            intake: urgent,
            first_contact_resolution: None,
        },
    );
    desk
}

#[test]
fn the_scheduler_escalates_by_the_ladder_exactly_once() {
    let mut desk = urgent_desk();
    assert_eq!(desk.case.priority(), Some(Priority(1)));
    // P1 runs on the `always` calendar: level 1 an hour after receipt.
    let due = desk.case.next_deadline(&desk.policy).unwrap().unwrap();
    assert_eq!(due, monday() + TimeDelta::hours(1));
    assert_eq!(
        desk.run_at(
            due - TimeDelta::seconds(1),
            system(),
            Command::RecordDeadline
        )
        .unwrap(),
        []
    );
    let events = desk.run_at(due, system(), Command::RecordDeadline).unwrap();
    assert!(matches!(
        events.as_slice(),
        [Event::Escalated {
            level: 1,
            trigger: EscalationTrigger::Time,
            to: Some(LadderStep {
                role: Role::CustomerServiceManager,
                ..
            }),
            ..
        }]
    ));
    assert_eq!(
        desk.run_at(due, system(), Command::RecordDeadline).unwrap(),
        [],
        "a second call finds nothing due"
    );
    // Acknowledging does not stop level 2, which waits for the resolution.
    desk.run_at(
        due,
        csr(),
        Command::Acknowledge {
            channel: Channel::Phone,
        },
    )
    .unwrap();
    let next = desk.case.next_deadline(&desk.policy).unwrap().unwrap();
    assert_eq!(next, monday() + TimeDelta::hours(4));
    // A scheduler that wakes late records every level that came due, in order.
    let events = desk
        .run_at(
            monday() + TimeDelta::hours(9),
            system(),
            Command::RecordDeadline,
        )
        .unwrap();
    let levels: Vec<u8> = events
        .iter()
        .map(|e| match e {
            Event::Escalated { level, .. } => *level,
            _ => 0,
        })
        .collect();
    assert_eq!(levels, [2, 3]);
    assert_eq!(desk.case.next_deadline(&desk.policy).unwrap(), None);
}

#[test]
fn acknowledgement_and_resolution_stop_the_ladder() {
    let mut desk = Desk::without_sla();
    desk.ok(csr(), log(CaseKind::Inquiry, Severity::Low));
    // P5 on business hours: level 1 after 24 business hours unless acknowledged.
    assert!(desk.case.next_deadline(&desk.policy).unwrap().is_some());
    desk.ok(
        csr(),
        Command::Acknowledge {
            channel: Channel::Email,
        },
    );
    assert_eq!(desk.case.next_deadline(&desk.policy).unwrap(), None);
    let events = desk
        .run_at(
            monday() + TimeDelta::days(30),
            system(),
            Command::RecordDeadline,
        )
        .unwrap();
    assert_eq!(events, []);
}

#[test]
fn severity_floors_are_cumulative_and_must_not_loosen() {
    let mut matrix = PriorityMatrix::sop_default();
    matrix.severity_floor = [(Severity::High, 2)].into();
    assert_eq!(
        matrix.priority(Impact(3), Urgency(3), Severity::Critical),
        Some(Priority(2))
    );
    assert_eq!(
        matrix.priority(Impact(3), Urgency(3), Severity::Medium),
        Some(Priority(5))
    );
    matrix.severity_floor = [(Severity::High, 1), (Severity::Critical, 3)].into();
    let problems: Vec<String> = matrix.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "severity_floor.critical: P3 is less pressing than the floor P1 of high, which a more severe case gets too"
        ]
    );
}

#[test]
fn policies_refuse_rules_and_rows_that_can_never_apply() {
    let mut spec = PolicySpec::sop_default();
    spec.priority.severity.rules[8].when = Condition::Category {
        categories: vec!["service/staf_conduct".into()],
    };
    spec.permissions = spec
        .permissions
        .revoke(
            Role::CustomerServiceManager,
            [casework::CaseCommandKind::Close],
        )
        .revoke(Role::Management, [casework::CaseCommandKind::Close]);
    let found = problems(&spec);
    for expected in [
        "priority.severity.rules[8].when.categories[0]: `service/staf_conduct` is not one of `case.categories`",
        "case.lifecycle.transitions[12]: no role is granted `close` by the permission table",
    ] {
        assert!(
            found.iter().any(|p| p == expected),
            "expected {expected:?} among {found:?}"
        );
    }
}

#[test]
fn a_manual_de_escalation_sticks_and_a_reopen_restarts_the_ladder() {
    let mut desk = urgent_desk();
    desk.run_at(
        monday() + TimeDelta::minutes(10),
        csr(),
        Command::Acknowledge {
            channel: Channel::Phone,
        },
    )
    .unwrap();
    // Level 2 (management, unless resolved) comes due 4 hours after receipt.
    let four = monday() + TimeDelta::hours(4);
    assert_eq!(
        desk.run_at(four, system(), Command::RecordDeadline)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(desk.case.escalation_level(), 2);
    desk.run_at(
        four,
        crate::case::fixtures::manager(),
        Command::Deescalate {
            reason: "In hand".into(),
        },
    )
    .unwrap();
    // The next deadline is level 3's, not level 2's again.
    let eight = monday() + TimeDelta::hours(8);
    assert_eq!(desk.case.next_deadline(&desk.policy).unwrap(), Some(eight));
    assert_eq!(
        desk.run_at(
            four + TimeDelta::minutes(1),
            system(),
            Command::RecordDeadline
        )
        .unwrap(),
        []
    );

    // Resolved and reopened two days later: the ladder counts from the reopen, and
    // level 2 (above the de-escalated level 1) comes due again 4 hours on.
    desk.run_at(
        four + TimeDelta::minutes(2),
        csr(),
        Command::StartInvestigation,
    )
    .unwrap();
    desk.run_at(
        four + TimeDelta::minutes(3),
        csr(),
        Command::Resolve {
            resolution: Some(casework::case::Resolution::text("Replaced")),
            root_cause: Some("product".into()),
        },
    )
    .unwrap();
    assert_eq!(
        desk.case.next_deadline(&desk.policy).unwrap(),
        None,
        "resolved"
    );
    let reopened = monday() + TimeDelta::days(2);
    desk.run_at(
        reopened,
        csr(),
        Command::Reopen {
            reason: "Broke again".into(),
        },
    )
    .unwrap();
    assert_eq!(
        desk.run_at(reopened, system(), Command::RecordDeadline)
            .unwrap(),
        [],
        "no burst"
    );
    assert_eq!(
        desk.case.next_deadline(&desk.policy).unwrap(),
        Some(reopened + TimeDelta::hours(4))
    );
}
