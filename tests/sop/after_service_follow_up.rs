//! `after-service-follow-up.txt`, section 4 (Procedure), steps 1 to 6, and
//! section 5 (Documentation & Records), clause by clause: a service request
//! whose service order is signed off, the process manager telling the case,
//! and the follow-up the desk owes.

use casework::Channel;
use casework::case::{CaseError, CaseKind, CloseRequirement, Command, Event, FollowUpStatus};
use casework::case::{Resolution, SurveyAnswer};
use casework::delivery::{Command as OrderCommand, CustomerAcknowledgement, Event as OrderEvent};
use casework::feedback::{Response, feedback_log};
use casework::kpi::{Dimension, Kpis, Ratio, TrendKind, TrendRule};
use casework::priority::EscalationTrigger;
use casework::records::ERASED;
use casework::sla::ClockState;
use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};

use super::desk::{Desk, at, case_id, csr, intake, manager, order_id, owner, system};

/// Service request `n`, logged and acknowledged on Monday morning; its
/// service order, opened then, is signed off at `signed`, and the process
/// manager tells the case at once. Returns the order's `signed_off` event.
fn delivered(desk: &mut Desk, n: u128, signed: DateTime<Utc>) -> OrderEvent {
    desk.case_ok(
        n,
        csr(),
        Command::Log {
            intake: intake(n, CaseKind::ServiceRequest, at(0)),
            first_contact_resolution: None,
        },
        at(0),
    );
    desk.case_ok(
        n,
        csr(),
        Command::Acknowledge {
            channel: Channel::Email,
        },
        at(1),
    );
    desk.ready_order(n, Some(case_id(n)), at(2));
    let events = desk.order_ok(
        n,
        manager(),
        OrderCommand::SignOff {
            acknowledgement: Some(CustomerAcknowledgement {
                by: "J. Doe, site manager".into(),
                at: signed,
            }),
        },
        signed,
    );
    let recorded = desk.case_ok(
        n,
        system(),
        Command::RecordServiceDelivered { order: order_id(n) },
        signed,
    );
    assert_eq!(recorded, [Event::ServiceDelivered { order: order_id(n) }]);
    events.into_iter().next().unwrap()
}

fn follow_up(
    channel: Channel,
    reason: Option<&str>,
    rating: Option<u8>,
    resolved: bool,
) -> Command {
    Command::RecordFollowUp {
        channel,
        other_channel_reason: reason.map(Into::into),
        rating,
        comments: "The engineer was on time".into(),
        concern_resolved: resolved,
        answers: Vec::new(),
        last_surveyed_at: None,
        survey_override: None,
    }
}

/// The problems' paths of an invalid command.
fn paths(refused: &CaseError) -> Vec<&str> {
    let CaseError::Gate(casework::authority::GateError::Invalid { problems, .. }) = refused else {
        panic!("not an invalid command: {refused}")
    };
    problems.iter().map(|p| p.path.as_str()).collect()
}

/// Friday 27 November 2026, 09:00 UTC.
fn friday() -> DateTime<Utc> {
    at(96)
}

/// The close of the second business day after [`friday`]: Tuesday.
fn tuesday_close() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 17, 0, 0).unwrap()
}

/// Step 1, Follow-up Timing: "Initiate contact within 2 business days after
/// service has been delivered." No follow-up is owed before delivery; the
/// sign-off sets the due instant, two business days on (over the weekend),
/// and the case's follow-up clock runs to the same instant. Contacted by then
/// the clock is met; left alone, the scheduler records the breach as of that
/// instant.
#[test]
fn sop_af_01_follow_up_falls_due_two_business_days_after_delivery() {
    let mut desk = Desk::new();
    desk.case_ok(
        1,
        csr(),
        Command::Log {
            intake: intake(1, CaseKind::ServiceRequest, at(0)),
            first_contact_resolution: None,
        },
        at(0),
    );
    let early = follow_up(Channel::Phone, None, Some(5), true);
    assert_eq!(
        desk.case(1, csr(), &early, at(1)).unwrap_err().rule(),
        "invalid_transition",
        "nothing delivered, nothing resolved: no follow-up is owed yet"
    );

    let mut desk = Desk::new();
    for n in [1, 2] {
        let OrderEvent::SignedOff { follow_up_due, .. } = delivered(&mut desk, n, friday()) else {
            panic!("the sign-off is recorded first")
        };
        assert_eq!(follow_up_due, tuesday_close());
        assert_eq!(desk.case_state(n).service_delivered_at(), Some(friday()));
    }
    let policy = desk.policy.clone();
    let clock = |desk: &mut Desk, n, now| {
        let status = desk.case_state(n).sla_status(&policy, now).unwrap();
        let clock = status.iter().find(|s| s.metric == "follow_up").unwrap();
        (clock.state, clock.due_at)
    };
    assert_eq!(
        clock(&mut desk, 1, friday()),
        (ClockState::Running, Some(tuesday_close()))
    );

    // Case 1 is called on Monday; case 2 is forgotten.
    let monday = friday() + TimeDelta::days(3);
    desk.case_ok(
        1,
        csr(),
        follow_up(Channel::Phone, None, Some(5), true),
        monday,
    );
    let wednesday = tuesday_close() + TimeDelta::hours(16);
    let breach = |events: &[Event]| {
        events.iter().find_map(|e| match e {
            Event::SlaBreached {
                metric, reached_at, ..
            } if metric == "follow_up" => Some(*reached_at),
            _ => None,
        })
    };
    assert_eq!(breach(&desk.case_due(1, wednesday)), None);
    assert_eq!(clock(&mut desk, 1, wednesday).0, ClockState::Met);
    assert_eq!(breach(&desk.case_due(2, wednesday)), Some(tuesday_close()));
    assert_eq!(clock(&mut desk, 2, wednesday).0, ClockState::Breached);
}

/// Step 2, Communication Channel: "Use preferred customer communication
/// channel." The intake's `follow_up_channel` is the preferred one; another
/// channel needs a reason, and the preferred one takes none. The reason is
/// kept with the follow-up.
#[test]
fn sop_af_02_the_follow_up_uses_the_preferred_channel_or_says_why_not() {
    let mut desk = Desk::new();
    delivered(&mut desk, 1, at(24));
    assert_eq!(
        desk.case_state(1).follow_up_channel(),
        Some(&Channel::Phone)
    );
    let email = follow_up(Channel::Email, None, Some(4), true);
    let refused = desk.case(1, csr(), &email, at(25)).unwrap_err();
    assert_eq!(refused.rule(), "invalid_command");
    assert_eq!(paths(&refused), ["other_channel_reason"]);
    let phone_with_reason = follow_up(Channel::Phone, Some("No reason"), Some(4), true);
    let refused = desk.case(1, csr(), &phone_with_reason, at(25)).unwrap_err();
    assert_eq!(paths(&refused), ["other_channel_reason"]);
    assert_eq!(desk.case_state(1).follow_up(), &FollowUpStatus::Pending);

    let reason = "The phone number on file is out of service";
    let events = desk.case_ok(
        1,
        csr(),
        follow_up(Channel::Email, Some(reason), Some(4), true),
        at(25),
    );
    assert!(
        matches!(
            &events[..],
            [Event::FollowUpRecorded { channel: Channel::Email, other_channel_reason: Some(r), .. }]
                if r == reason
        ),
        "{events:?}"
    );
}

/// Step 3, Feedback Collection: "Ask customer to rate service quality" and
/// "Request any additional comments or suggestions." The rating is on the
/// policy's scale (CSAT 1 to 5), as are the survey's own questions; the
/// comments are kept as given.
#[test]
fn sop_af_03_the_customer_rates_the_service_and_comments() {
    let mut desk = Desk::new();
    delivered(&mut desk, 1, at(24));
    let survey = |rating, timeliness| Command::RecordFollowUp {
        channel: Channel::Phone,
        other_channel_reason: None,
        rating: Some(rating),
        comments: "Good work; an SMS before the visit would help".into(),
        concern_resolved: true,
        answers: vec![
            SurveyAnswer {
                question: "timeliness".into(),
                rating: timeliness,
            },
            SurveyAnswer {
                question: "courtesy".into(),
                rating: 5,
            },
        ],
        last_surveyed_at: None,
        survey_override: None,
    };
    let refused = desk.case(1, csr(), &survey(6, 0), at(25)).unwrap_err();
    assert_eq!(refused.rule(), "invalid_command");
    assert_eq!(paths(&refused), ["rating", "answers[0].rating"]);

    let events = desk.case_ok(1, csr(), survey(4, 3), at(25));
    let [
        Event::FollowUpRecorded {
            rating,
            comments,
            answers,
            ..
        },
    ] = &events[..]
    else {
        panic!("{events:?}")
    };
    assert_eq!(*rating, Some(4));
    assert_eq!(comments, "Good work; an SMS before the visit would help");
    assert_eq!(answers.len(), 2);
    assert_eq!(
        desk.case_state(1).follow_up(),
        &FollowUpStatus::Recorded {
            at: at(25),
            rating: Some(4),
            concern_resolved: true
        }
    );
}

/// Step 4, Addressing Concerns: "Escalate unresolved issues to the relevant
/// department within 24 hours." A concern left unresolved at follow-up runs a
/// 24-hour clock; nobody acts on it, so the scheduler escalates the case to
/// the policy's department as of the 24th hour. The case cannot close while
/// the concern is open; resolving it lets it close.
#[test]
fn sop_af_04_an_unresolved_concern_escalates_to_the_department_after_24_hours() {
    let mut desk = Desk::new();
    delivered(&mut desk, 1, at(24));
    desk.case_ok(1, csr(), Command::StartInvestigation, at(25));
    desk.case_ok(
        1,
        csr(),
        Command::Resolve {
            resolution: Some(Resolution::text("Boiler serviced")),
            root_cause: None,
        },
        at(26),
    );
    let raised = at(27);
    let events = desk.case_ok(
        1,
        csr(),
        follow_up(Channel::Phone, None, Some(2), false),
        raised,
    );
    assert_eq!(events.len(), 1, "the follow-up escalates nothing itself");
    let concern = desk.case_state(1).open_concern().copied().unwrap();
    assert_eq!((concern.raised_at, concern.escalated_at), (raised, None));

    let escalated = |events: &[Event]| {
        events
            .iter()
            .find(|e| {
                matches!(
                    e,
                    Event::Escalated {
                        trigger: EscalationTrigger::UnresolvedConcern,
                        ..
                    }
                )
            })
            .cloned()
    };
    assert_eq!(
        escalated(&desk.case_due(1, raised + TimeDelta::hours(23))),
        None
    );
    let late = desk.case_due(1, raised + TimeDelta::hours(30));
    let Some(Event::Escalated { level, to, due, .. }) = escalated(&late) else {
        panic!("{late:?}")
    };
    assert_eq!(level, 1);
    assert_eq!(to, Some(desk.policy.feedback().concern_escalates_to));
    assert_eq!(due, Some(raised + TimeDelta::hours(24)));
    assert_eq!(desk.case_state(1).escalation_level(), 1);

    let close = at(58);
    let refused = desk.case(1, manager(), &Command::Close, close).unwrap_err();
    assert!(
        matches!(&refused, CaseError::NotReadyToClose { missing } if *missing == [CloseRequirement::ConcernResolved]),
        "{refused}"
    );
    desk.case_ok(
        1,
        manager(),
        Command::ResolveConcern {
            resolution: "Engineer revisited; pressure fixed".into(),
        },
        close,
    );
    assert_eq!(desk.case_state(1).open_concern(), None);
    desk.case_ok(1, manager(), Command::Close, close);
    assert_eq!(
        desk.case_state(1).status(),
        Some(casework::case::Status::Closed)
    );
}

/// Step 5, Documentation, and section 5: "Record all customer responses and
/// actions taken in the Customer Feedback Log", kept 12 months. The log, read
/// from the stored histories, has each response (answered, or each
/// unanswered attempt) with what was done about it, and its disposal date.
#[test]
fn sop_af_05_the_feedback_log_keeps_responses_and_actions_for_12_months() {
    let mut desk = Desk::new();
    for n in [1, 2, 3] {
        delivered(&mut desk, n, at(24));
    }
    desk.case_ok(
        1,
        csr(),
        follow_up(Channel::Phone, None, Some(5), true),
        at(25),
    );
    desk.case_ok(
        2,
        csr(),
        follow_up(Channel::Phone, None, Some(1), false),
        at(25),
    );
    desk.case_due(2, at(49));
    desk.case_ok(
        2,
        csr(),
        Command::ResolveConcern {
            resolution: "Refunded the call-out fee".into(),
        },
        at(50),
    );
    for hour in [25, 27, 29] {
        desk.case_ok(
            3,
            csr(),
            Command::RecordNoAnswer {
                channel: Channel::Phone,
                other_channel_reason: None,
            },
            at(hour),
        );
    }

    let retention = desk.policy.feedback().retention;
    assert_eq!(retention.months, 12);
    let histories: Vec<_> = [1, 2, 3].map(|n| desk.case_history(n)).concat();
    let log = feedback_log(&histories, retention);
    let summary: Vec<_> = log
        .iter()
        .map(|entry| match &entry.response {
            Response::Answered {
                rating,
                concern_resolved,
                ..
            } => (
                entry.case,
                format!("{rating:?} {concern_resolved}"),
                entry.actions_taken.clone(),
            ),
            Response::NoAnswer { attempt, last, .. } => (
                entry.case,
                format!("attempt {attempt} {last}"),
                entry.actions_taken.clone(),
            ),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        summary,
        [
            (case_id(1), "Some(5) true".to_owned(), vec![]),
            (
                case_id(2),
                "Some(1) false".to_owned(),
                vec!["escalated", "concern_resolved"]
            ),
            (case_id(3), "attempt 1 false".to_owned(), vec![]),
            (case_id(3), "attempt 2 false".to_owned(), vec![]),
            (case_id(3), "attempt 3 true".to_owned(), vec![]),
        ]
    );
    assert!(log.iter().all(|entry| entry.recorded_by == csr().id));
    let due = Utc.with_ymd_and_hms(2027, 11, 24, 10, 0, 0).unwrap();
    assert_eq!(log[0].disposal_at, Some(due));

    // Kept 12 months, not a second less; then the comments go and the
    // ratings stay. A legal hold keeps them past their retention.
    let dispose = |desk: &mut Desk, n, now| desk.case(n, system(), &Command::DisposeFeedback, now);
    assert_eq!(
        dispose(&mut desk, 1, due - TimeDelta::seconds(1)),
        Err(CaseError::FeedbackNotDue { due_at: Some(due) })
    );
    let hold = || "Claim 2027-031".to_owned();
    desk.case_ok(
        2,
        owner(),
        Command::PlaceLegalHold { reason: hold() },
        at(100),
    );
    let held = dispose(&mut desk, 2, due).unwrap_err();
    assert_eq!(held.rule(), "legal_hold");
    assert_eq!(dispose(&mut desk, 1, due).unwrap().len(), 1);
    let comments = |desk: &mut Desk, n| {
        let log = feedback_log(&desk.case_history(n), retention);
        log.into_iter()
            .map(|entry| match entry.response {
                Response::Answered {
                    rating, comments, ..
                } => (rating, comments),
                other => panic!("{other:?}"),
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(comments(&mut desk, 1), [(Some(5), ERASED.to_owned())]);
    let kept = "The engineer was on time".to_owned();
    assert_eq!(comments(&mut desk, 2), [(Some(1), kept)]);
    desk.case_ok(
        2,
        owner(),
        Command::ReleaseLegalHold { reason: hold() },
        due,
    );
    desk.case_ok(2, system(), Command::DisposeFeedback, due);
    assert_eq!(comments(&mut desk, 2), [(Some(1), ERASED.to_owned())]);
    // Nothing is left to dispose of, and nothing comes due again.
    assert_eq!(
        dispose(&mut desk, 2, due + TimeDelta::days(400)),
        Err(CaseError::FeedbackNotDue { due_at: None })
    );
}

/// A complaint about a late delivery received on `day`, resolved and followed
/// up the same day with `rating`.
fn rated_complaint(desk: &mut Desk, n: u128, category: &str, day: DateTime<Utc>, rating: u8) {
    let mut logged = intake(n, CaseKind::Complaint, day);
    logged.category = category.into();
    let steps = [
        Command::Log {
            intake: logged,
            first_contact_resolution: None,
        },
        Command::Acknowledge {
            channel: Channel::Email,
        },
        Command::StartInvestigation,
        Command::Resolve {
            resolution: Some(Resolution::text("Reshipped by courier")),
            root_cause: Some("supplier".into()),
        },
        follow_up(Channel::Phone, None, Some(rating), true),
    ];
    for (minutes, step) in (0..).zip(steps) {
        desk.case_ok(n, csr(), step, day + TimeDelta::minutes(minutes));
    }
}

/// Step 6, Continuous Improvement: "Review collected feedback monthly" and
/// "Identify trends and areas for improvement." November's late deliveries
/// doubled and were rated worse than the three months before: the monthly
/// review flags both; a steady category is not flagged.
#[test]
fn sop_af_06_feedback_is_reviewed_monthly_for_trends() {
    let mut desk = Desk::new();
    let day = |month, day| Utc.with_ymd_and_hms(2026, month, day, 10, 0, 0).unwrap();
    // (category, received, rating): two late deliveries a month rated 5 and
    // one refund rated 4 from August to October; six late deliveries rated 2
    // and one refund rated 4 in November.
    let mut received = Vec::new();
    for month in [8, 9, 10] {
        received.push(("delivery/late", day(month, 3), 5));
        received.push(("delivery/late", day(month, 10), 5));
        received.push(("billing/refund", day(month, 4), 4));
    }
    for d in [2, 3, 4, 5, 6, 9] {
        received.push(("delivery/late", day(11, d), 2));
    }
    received.push(("billing/refund", day(11, 4), 4));
    for (n, (category, on, rating)) in (1..).zip(received.iter().copied()) {
        rated_complaint(&mut desk, n, category, on, rating);
    }
    let cases = u128::try_from(received.len()).unwrap();
    let histories: Vec<_> = (1..=cases).map(|n| desk.case_history(n)).collect();
    let kpis = Kpis::from_events(histories.iter().flatten());

    let month = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let trends = kpis
        .monthly_trends(&desk.policy, month, &TrendRule::default())
        .unwrap();
    let found: Vec<_> = trends
        .iter()
        .map(|t| (t.category.as_str(), t.kind, t.current, t.baseline))
        .collect();
    assert_eq!(
        found,
        [
            (
                "delivery/late",
                TrendKind::VolumeUp,
                Ratio { part: 6, whole: 1 },
                Ratio { part: 6, whole: 3 }
            ),
            (
                "delivery/late",
                TrendKind::CsatDown,
                Ratio { part: 12, whole: 6 },
                Ratio { part: 30, whole: 6 }
            ),
        ]
    );
    let by_month = kpis.report_by(Dimension::Month, &desk.policy).unwrap();
    assert_eq!(
        by_month.keys().collect::<Vec<_>>(),
        ["2026-08", "2026-09", "2026-10", "2026-11"]
    );
    assert_eq!(
        by_month["2026-11"].csat.average,
        Ratio { part: 16, whole: 7 }
    );
}
