//! Follow-up and feedback: scales, survey rules, the feedback log and its
//! retention.

use casework::Aggregate as _;
use casework::case::{CaseKind, Command};
use casework::feedback::{
    LegalHold, RatingScale, Response, Retention, SurveyRefusal, SurveyRules, feedback_log,
};
use casework::{PolicySpec, Severity};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use crate::case::fixtures::{Desk, csr, log, monday, system};

pub(crate) mod item;
mod properties;

#[test]
fn each_scale_takes_its_own_range() {
    let table = [
        (RatingScale::Csat, 0, false),
        (RatingScale::Csat, 1, true),
        (RatingScale::Csat, 5, true),
        (RatingScale::Csat, 6, false),
        (RatingScale::Nps, 0, true),
        (RatingScale::Nps, 10, true),
        (RatingScale::Nps, 11, false),
        (RatingScale::Ces, 0, false),
        (RatingScale::Ces, 7, true),
        (RatingScale::Ces, 8, false),
    ];
    for (scale, rating, ok) in table {
        assert_eq!(scale.check(rating).is_ok(), ok, "{scale} {rating}");
    }
    assert!(RatingScale::Nps.is_satisfied(9) && !RatingScale::Nps.is_satisfied(8));
}

/// A resolved Medium complaint on a desk with `spec`.
fn resolved(spec: PolicySpec) -> Desk {
    let mut desk = Desk::with_policy(spec.compile().unwrap());
    desk.ok(csr(), log(CaseKind::Complaint, Severity::Medium));
    desk.ok(
        csr(),
        Command::Acknowledge {
            channel: casework::Channel::Email,
        },
    );
    desk.ok(csr(), Command::StartInvestigation);
    desk.ok(
        csr(),
        Command::Resolve {
            resolution: Some(casework::case::Resolution::text("Reshipped")),
            root_cause: Some("supplier".to_owned()),
        },
    );
    desk
}

fn follow_up(rating: Option<u8>, concern_resolved: bool) -> Command {
    Command::RecordFollowUp {
        channel: casework::Channel::Phone,
        other_channel_reason: None,
        rating,
        comments: "Courier was rude".to_owned(),
        concern_resolved,
        answers: Vec::new(),
        last_surveyed_at: None,
        survey_override: None,
    }
}

#[test]
fn a_follow_up_rates_on_the_policys_scale() {
    let mut desk = resolved(PolicySpec::sop_default());
    let refused = desk.run(csr(), follow_up(Some(9), true)).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "invalid `record_follow_up`: rating: 9 is not a rating on the CSAT scale (1 to 5)"
    );

    let mut nps = PolicySpec::sop_default();
    nps.feedback.scale = RatingScale::Nps;
    let mut desk = resolved(nps);
    desk.ok(csr(), follow_up(Some(9), true));
}

#[test]
fn the_log_records_responses_with_the_actions_they_led_to() {
    let mut desk = resolved(PolicySpec::sop_default());
    desk.ok(csr(), follow_up(Some(2), false));
    // Nobody acts on the concern for a day: the deadline command escalates
    // it; then it is resolved. Both are actions of the follow-up's entry.
    let due = desk.now + TimeDelta::hours(24);
    desk.run_at(
        due,
        crate::case::fixtures::system(),
        Command::RecordDeadline,
    )
    .unwrap();
    desk.ok(
        csr(),
        Command::ResolveConcern {
            resolution: "Courier company apologised; voucher sent".to_owned(),
        },
    );
    let log = feedback_log(&desk.history, Retention::FEEDBACK_LOG);
    assert_eq!(log.len(), 1);
    let entry = &log[0];
    assert!(matches!(
        entry.response,
        Response::Answered {
            rating: Some(2),
            concern_resolved: false,
            ..
        }
    ));
    assert_eq!(entry.actions_taken, ["escalated", "concern_resolved"]);
    assert_eq!(entry.recorded_by, csr().id);
    assert_eq!(
        entry.disposal_at,
        Some(entry.recorded_at + TimeDelta::days(365))
    );
}

#[test]
fn a_legal_hold_suspends_disposal_while_it_lasts() {
    let at = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
    let due = Retention::FEEDBACK_LOG.disposal_at(at).unwrap();
    assert_eq!(due, Utc.with_ymd_and_hms(2027, 11, 25, 9, 0, 0).unwrap());
    let retention = Retention::FEEDBACK_LOG;
    assert!(!retention.may_dispose(at, due - TimeDelta::seconds(1), &[]));
    assert!(retention.may_dispose(at, due, &[]));
    let hold = LegalHold {
        reason: "Claim 2027-114".to_owned(),
        from: at,
        until: Some(due + TimeDelta::days(30)),
    };
    assert!(!retention.may_dispose(at, due, std::slice::from_ref(&hold)));
    assert!(retention.may_dispose(at, due + TimeDelta::days(30), &[hold]));
}

#[test]
fn surveys_are_refused_on_dead_cases_and_too_soon() {
    let rules = SurveyRules::default();
    let now: DateTime<Utc> = monday();
    for status in [
        casework::case::Status::Withdrawn,
        casework::case::Status::Merged,
        casework::case::Status::Rejected,
    ] {
        assert_eq!(
            rules.may_survey(status, None, now),
            Err(SurveyRefusal::NotSurveyed { status })
        );
    }
    let last = now - TimeDelta::days(29);
    assert_eq!(
        rules.may_survey(casework::case::Status::Resolved, Some(last), now),
        Err(SurveyRefusal::TooSoon {
            last,
            next: last + TimeDelta::days(30)
        })
    );
    assert!(
        rules
            .may_survey(
                casework::case::Status::Closed,
                Some(now - TimeDelta::days(30)),
                now
            )
            .is_ok()
    );
    assert!(
        SurveyRules {
            min_days_between: 0
        }
        .may_survey(casework::case::Status::Resolved, Some(now), now)
        .is_ok()
    );
}

#[test]
fn unanswered_attempts_settle_the_follow_up_after_the_policys_count() {
    use casework::case::FollowUpStatus;
    let mut desk = resolved(PolicySpec::sop_default());
    let no_answer = || Command::RecordNoAnswer {
        channel: casework::Channel::Phone,
        other_channel_reason: None,
    };
    desk.ok(csr(), no_answer());
    desk.ok(csr(), no_answer());
    assert_eq!(
        *desk.case.follow_up(),
        FollowUpStatus::Unanswered { attempts: 2 }
    );
    assert!(!desk.case.follow_up().is_settled());
    let events = desk.ok(csr(), no_answer());
    assert!(matches!(
        events[..],
        [casework::case::Event::FollowUpUnanswered {
            attempt: 3,
            last: true,
            ..
        }]
    ));
    assert_eq!(
        *desk.case.follow_up(),
        FollowUpStatus::NoAnswer { attempts: 3 }
    );
    assert_eq!(
        desk.run(csr(), no_answer()).unwrap_err().rule(),
        "follow_up_settled"
    );
    // The log has each attempt; the KPIs count the follow-up, without a rating.
    let log = feedback_log(&desk.history, Retention::FEEDBACK_LOG);
    assert_eq!(log.len(), 3);
    assert!(matches!(
        log[2].response,
        Response::NoAnswer {
            attempt: 3,
            last: true,
            ..
        }
    ));
    let report = casework::kpi::Kpis::from_events(&desk.history)
        .report(&desk.policy)
        .unwrap();
    assert_eq!(
        report.response_rate,
        casework::kpi::Ratio { part: 0, whole: 1 }
    );
    // The first attempt met the follow-up clock: contact was made in time.
    let clocks = desk.case.sla_status(&desk.policy, desk.now).unwrap();
    let follow_up = clocks.iter().find(|c| c.metric == "follow_up").unwrap();
    assert_eq!(follow_up.state, casework::sla::ClockState::Met);
}

#[test]
fn a_survey_rates_its_own_questions_on_the_same_scale() {
    use casework::case::SurveyAnswer;
    let mut desk = resolved(PolicySpec::sop_default());
    let survey = |answers: Vec<SurveyAnswer>| Command::RecordFollowUp {
        channel: casework::Channel::Phone,
        other_channel_reason: None,
        rating: Some(4),
        comments: "Quick, but the courier was late".to_owned(),
        concern_resolved: true,
        answers,
        last_surveyed_at: None,
        survey_override: None,
    };
    let answer = |question: &str, rating| SurveyAnswer {
        question: question.to_owned(),
        rating,
    };
    let refused = desk
        .run(csr(), survey(vec![answer("timeliness", 2), answer(" ", 6)]))
        .unwrap_err();
    let casework::CaseError::Gate(casework::authority::GateError::Invalid { problems, .. }) =
        refused
    else {
        panic!("{refused}")
    };
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["answers[1].question", "answers[1].rating"]);
    desk.ok(
        csr(),
        survey(vec![answer("timeliness", 2), answer("courtesy", 5)]),
    );
    let log = feedback_log(&desk.history, Retention::FEEDBACK_LOG);
    let Response::Answered { answers, .. } = &log[0].response else {
        panic!()
    };
    assert_eq!(answers.len(), 2);
    #[cfg(feature = "serde")]
    {
        let json = serde_json::to_value(&desk.history.last().unwrap().event).unwrap();
        assert_eq!(
            json["answers"][0],
            serde_json::json!({ "question": "timeliness", "rating": 2 })
        );
    }
}

#[test]
fn a_concern_reopens_the_case_where_the_policy_says_so() {
    use casework::case::{Event, Status};
    let mut spec = PolicySpec::sop_default();
    let mut desk = resolved(spec.clone());
    let names = |events: &[Event]| events.iter().map(Event::name).collect::<Vec<_>>();
    assert_eq!(
        names(&desk.ok(csr(), follow_up(Some(2), false))),
        ["follow_up_recorded"]
    );
    assert_eq!(desk.case.status(), Some(Status::Resolved));

    spec.feedback.reopen_on_concern = true;
    let mut desk = resolved(spec);
    let events = desk.ok(csr(), follow_up(Some(2), false));
    assert_eq!(names(&events), ["follow_up_recorded", "reopened"]);
    assert_eq!(desk.case.status(), Some(Status::Investigating));
    assert_eq!(desk.case.reopen_count(), 1);
    // A satisfied customer reopens nothing.
    let mut satisfied = resolved({
        let mut spec = PolicySpec::sop_default();
        spec.feedback.reopen_on_concern = true;
        spec
    });
    assert_eq!(
        names(&satisfied.ok(csr(), follow_up(Some(5), true))),
        ["follow_up_recorded"]
    );
}

#[test]
fn a_delivered_service_starts_the_follow_up_clock_on_its_case() {
    use casework::ServiceOrderId;
    let mut desk = Desk::new();
    let mut intake = crate::case::fixtures::intake(CaseKind::ServiceRequest, Severity::Low);
    intake.received_at = monday();
    desk.run_at(
        monday(),
        csr(),
        Command::Log {
            intake,
            first_contact_resolution: None,
        },
    )
    .unwrap();
    desk.ok(
        csr(),
        Command::Acknowledge {
            channel: casework::Channel::Email,
        },
    );
    let before = desk.case.sla_status(&desk.policy, desk.now).unwrap();
    assert!(
        before.iter().all(|c| c.metric != "follow_up"),
        "no follow-up clock before delivery"
    );
    let order = ServiceOrderId::from_uuid(uuid::Uuid::from_u128(0x50));
    let system = crate::case::fixtures::system();
    desk.ok(system, Command::RecordServiceDelivered { order });
    let clocks = desk.case.sla_status(&desk.policy, desk.now).unwrap();
    let follow_up = clocks.iter().find(|c| c.metric == "follow_up").unwrap();
    assert_eq!(follow_up.state, casework::sla::ClockState::Running);
    // Delivered Monday morning: the follow-up is due by Wednesday's close.
    assert_eq!(
        follow_up.due_at,
        Some(monday() + TimeDelta::days(2) + TimeDelta::hours(8))
    );
    let next = desk.case.next_deadline(&desk.policy).unwrap().unwrap();
    assert!(next <= follow_up.due_at.unwrap());
}

#[test]
fn a_survey_within_the_anti_fatigue_period_is_refused_unless_overridden() {
    let survey = |last: Option<DateTime<Utc>>, reason: Option<&str>| Command::RecordFollowUp {
        channel: casework::Channel::Phone,
        other_channel_reason: None,
        rating: Some(4),
        comments: "Fine".to_owned(),
        concern_resolved: true,
        answers: Vec::new(),
        last_surveyed_at: last,
        survey_override: reason.map(str::to_owned),
    };
    let mut desk = resolved(PolicySpec::sop_default());
    let last = desk.now - TimeDelta::days(10);
    let refused = desk.run(csr(), survey(Some(last), None)).unwrap_err();
    assert_eq!(
        refused,
        casework::CaseError::SurveyTooSoon {
            last,
            next: last + TimeDelta::days(30)
        }
    );
    assert_eq!(refused.rule(), "survey_too_soon");
    // A contact that asks for no rating is no survey.
    let contact = Command::RecordFollowUp {
        channel: casework::Channel::Phone,
        other_channel_reason: None,
        rating: None,
        comments: "Fine".to_owned(),
        concern_resolved: true,
        answers: Vec::new(),
        last_surveyed_at: Some(last),
        survey_override: None,
    };
    let ctx = casework::Ctx::new(desk.now + TimeDelta::minutes(1), csr(), &desk.policy);
    assert!(desk.case.decide(&contact, &ctx).is_ok());
    // An override says why, and the event keeps it.
    let events = desk.ok(
        csr(),
        survey(Some(last), Some("the customer asked to rate the repair")),
    );
    assert!(matches!(
        &events[..],
        [casework::case::Event::FollowUpRecorded {
            survey_override: Some(_),
            ..
        }]
    ));
    // The case's own survey counts too, whatever the caller passes.
    desk.ok(
        system(),
        Command::RecordServiceDelivered {
            order: casework::ServiceOrderId::from_uuid(uuid::Uuid::from_u128(0x5e)),
        },
    );
    let refused = desk.run(csr(), survey(None, None)).unwrap_err();
    assert_eq!(refused.rule(), "survey_too_soon");
    // An override where none is needed is refused as a problem.
    let mut fresh = resolved(PolicySpec::sop_default());
    let refused = fresh
        .run(csr(), survey(None, Some("just because")))
        .unwrap_err();
    assert_eq!(refused.rule(), "invalid_command");
}

/// The anti-fatigue period's bounds. A survey exactly one period after the
/// last needs no override, and an override then is refused. A last survey
/// at this instant is not in the future; one a minute later is.
#[test]
fn the_anti_fatigue_period_ends_at_its_instant_and_the_last_survey_is_not_in_the_future() {
    let survey = |last: DateTime<Utc>, reason: Option<&str>| Command::RecordFollowUp {
        channel: casework::Channel::Phone,
        other_channel_reason: None,
        rating: Some(5),
        comments: "Quick and friendly".to_owned(),
        concern_resolved: true,
        answers: Vec::new(),
        last_surveyed_at: Some(last),
        survey_override: reason.map(str::to_owned),
    };
    let desk = resolved(PolicySpec::sop_default());
    let now = desk.now + TimeDelta::minutes(1);
    let ctx = casework::Ctx::new(now, csr(), &desk.policy);
    let period_ago = now - TimeDelta::days(30);
    assert!(desk.case.decide(&survey(period_ago, None), &ctx).is_ok());
    let refused = desk
        .case
        .decide(&survey(period_ago, Some("asked again")), &ctx)
        .unwrap_err();
    assert_eq!(refused.rule(), "invalid_command");
    assert!(
        refused.to_string().contains("no override is needed"),
        "{refused}"
    );
    let just_now = desk
        .case
        .decide(&survey(now, Some("the customer asked to rate it")), &ctx);
    assert!(just_now.is_ok(), "{just_now:?}");
    let refused = desk
        .case
        .decide(
            &survey(now + TimeDelta::minutes(1), Some("the customer asked")),
            &ctx,
        )
        .unwrap_err();
    assert_eq!(refused.rule(), "invalid_command");
    assert!(
        refused
            .to_string()
            .contains("last_surveyed_at: is after now"),
        "{refused}"
    );
}

#[test]
fn a_persons_escalation_of_an_open_concern_is_an_action_in_the_log() {
    let mut desk = resolved(PolicySpec::sop_default());
    desk.ok(csr(), follow_up(Some(2), false));
    desk.ok(
        csr(),
        Command::Escalate {
            reason: "Unhappy with the refund: to the service manager".to_owned(),
        },
    );
    desk.ok(
        csr(),
        Command::ResolveConcern {
            resolution: "Refund raised to the full price".to_owned(),
        },
    );
    // An escalation once the concern is resolved is no action on it.
    desk.ok(
        csr(),
        Command::Escalate {
            reason: "Another matter".to_owned(),
        },
    );
    let log = feedback_log(&desk.history, Retention::FEEDBACK_LOG);
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].actions_taken, ["escalated", "concern_resolved"]);
}
