//! Feedback items in the feedback log beside the follow-ups, in the monthly
//! figures and on the review meeting's agenda, and stored with their text
//! kept apart.

use casework::case::{CaseKind, Command as CaseCommand, Resolution};
use casework::feedback::item::{
    Command, Event, Feedback, FeedbackItem, FeedbackKind, Link, Origin, Status,
};
use casework::feedback::{FeedbackSource, LogEntry, Response, Retention, feedback_log_with_items};
use casework::governance::meeting::{Agenda, AgendaItem};
use casework::kpi::{FeedbackVolume, KpiError, Kpis, Ratio};
use casework::records::{ERASED, ErasureBasis};
use casework::{
    Aggregate as _, CapaId, Channel, Ctx, CustomerRef, FeedbackItemId, Recorded, Severity,
};
use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use uuid::Uuid;

use super::{Item, csr, manager, policy, qa};
use crate::case::fixtures::{Desk, log};

fn id(n: u128) -> FeedbackItemId {
    FeedbackItemId::from_uuid(Uuid::from_u128(0xF000 + n))
}

/// Logs feedback `n` of `kind` received at `at`, from a customer or from
/// the CSR, rated if given.
fn logged(
    n: u128,
    kind: FeedbackKind,
    staff: bool,
    at: DateTime<Utc>,
    rating: Option<u8>,
) -> Vec<Recorded<Event>> {
    let mut feedback = Feedback::new(id(n), kind, Channel::Email, format!("Feedback {n}"), at);
    feedback.rating = rating;
    let command = if staff {
        Command::RecordStaffFeedback {
            feedback,
            member: csr().id,
        }
    } else {
        Command::RecordCustomerFeedback {
            feedback,
            customer: None,
        }
    };
    FeedbackItem::default()
        .record(&command, &Ctx::new(at, csr(), policy()))
        .unwrap()
}

#[test]
fn the_log_lists_items_with_their_source_beside_the_follow_ups() {
    // A complaint resolved and followed up on Monday.
    let mut desk = Desk::new();
    desk.ok(csr(), log(CaseKind::Complaint, Severity::Medium));
    desk.ok(
        csr(),
        CaseCommand::Acknowledge {
            channel: Channel::Email,
        },
    );
    desk.ok(csr(), CaseCommand::StartInvestigation);
    desk.ok(
        csr(),
        CaseCommand::Resolve {
            resolution: Some(Resolution::text("Reshipped")),
            root_cause: Some("supplier".to_owned()),
        },
    );
    desk.ok(
        csr(),
        CaseCommand::RecordFollowUp {
            channel: Channel::Phone,
            other_channel_reason: None,
            rating: Some(4),
            comments: "Fine in the end".to_owned(),
            concern_resolved: true,
            answers: Vec::new(),
            last_surveyed_at: None,
            survey_override: None,
        },
    );
    let follow_up_at = desk.history.last().unwrap().at;

    // A customer's process complaint logged before it, linked and reviewed;
    // a member of staff's suggestion after it, its text erased on request.
    let mut complaint = Item::logged();
    let capa = Link::Capa {
        id: CapaId::from_uuid(Uuid::from_u128(0xCA)),
    };
    complaint.ok(manager(), Command::Link { link: capa });
    complaint.ok(
        qa(),
        Command::Review {
            note: "CAPA raised".into(),
        },
    );
    let mut suggestion = Item::new();
    let mut idea = super::feedback(FeedbackKind::Suggestion);
    idea.item = id(1);
    suggestion
        .run_at(
            follow_up_at + TimeDelta::hours(1),
            csr(),
            Command::RecordStaffFeedback {
                feedback: idea,
                member: csr().id,
            },
        )
        .unwrap();
    suggestion.ok(
        super::owner(),
        Command::EraseText {
            reason: "Erasure request ER-7".into(),
        },
    );
    let mut items: Vec<Recorded<Event>> = suggestion.history.clone();
    // Items' events interleaved: each item's in version order is enough.
    items.extend(complaint.history.clone());

    let log = feedback_log_with_items(&desk.history, &items, Retention::FEEDBACK_LOG);
    assert_eq!(log.len(), 3);
    let [
        LogEntry::Item(first),
        LogEntry::FollowUp(answer),
        LogEntry::Item(last),
    ] = &log[..]
    else {
        panic!("in the order recorded: {log:#?}")
    };
    // The follow-up, asked, from the case's customer.
    assert!(matches!(
        answer.response,
        Response::Answered {
            rating: Some(4),
            ..
        }
    ));
    assert_eq!(
        answer.source,
        FeedbackSource::Customer {
            customer: Some(CustomerRef::from_uuid(Uuid::from_u128(7))),
            solicited: true
        }
    );
    // The customer's complaint, unasked, linked and reviewed.
    assert_eq!(first.item, super::item_id());
    assert_eq!(
        first.source,
        FeedbackSource::Customer {
            customer: Some(super::customer()),
            solicited: false
        }
    );
    assert_eq!(first.status, Status::Reviewed);
    assert_eq!(first.links, [capa]);
    assert_eq!(first.actions_taken, ["linked", "reviewed"]);
    assert_eq!(first.recorded_by, csr().id);
    assert_eq!(
        first.disposal_at,
        Some(Utc.with_ymd_and_hms(2027, 11, 23, 9, 0, 0).unwrap())
    );
    assert_eq!(first.feedback.kind, FeedbackKind::ProcessComplaint);
    // The staff member's suggestion, its text erased.
    assert_eq!(last.source, FeedbackSource::Staff { member: csr().id });
    assert_eq!(last.source.origin(), Origin::Staff);
    assert_eq!(last.feedback.text, ERASED);
    assert!(matches!(
        last.erasure.as_ref().map(|e| &e.basis),
        Some(ErasureBasis::Request { .. })
    ));
    assert!(last.actions_taken.is_empty());
    let solicited: Vec<bool> = log.iter().map(|e| e.source().is_solicited()).collect();
    assert_eq!(solicited, [false, true, false]);
    assert_eq!(log[0].actions_taken(), ["linked", "reviewed"]);

    // An item whose logging is not among the events given is left out.
    let tail: Vec<Recorded<Event>> = complaint.history[1..].to_vec();
    assert!(feedback_log_with_items(&[], &tail, Retention::FEEDBACK_LOG).is_empty());
}

fn month(m: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, 1).unwrap()
}

fn day(m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, m, d, 10, 0, 0).unwrap()
}

#[test]
fn the_monthly_figures_count_items_by_origin_and_kind_against_the_month_before() {
    use FeedbackKind::{Compliment, ProcessComplaint, Suggestion};
    let mut events = Vec::new();
    let mut n = 0;
    let mut add = |kind, staff, at, rating| {
        n += 1;
        events.extend(logged(n, kind, staff, at, rating));
    };
    // October: three customer compliments, one process complaint; two staff
    // suggestions.
    for d in [2, 9, 16] {
        add(Compliment, false, day(10, d), Some(5));
    }
    add(ProcessComplaint, false, day(10, 20), Some(1));
    add(Suggestion, true, day(10, 5), None);
    add(Suggestion, true, day(10, 6), None);
    // November: one compliment, four process complaints (two rated), two
    // staff suggestions and a staff process complaint.
    add(Compliment, false, day(11, 3), Some(4));
    for (d, rating) in [(4, Some(2)), (5, Some(1)), (6, None), (30, None)] {
        add(ProcessComplaint, false, day(11, d), rating);
    }
    add(Suggestion, true, day(11, 10), None);
    add(Suggestion, true, day(11, 11), None);
    add(ProcessComplaint, true, day(11, 12), None);
    // September and December: outside the review.
    add(Compliment, false, day(9, 30), None);
    add(Suggestion, true, day(12, 1), None);

    let kpis = {
        let mut kpis = Kpis::new();
        kpis.fold_all_feedback(&events);
        kpis
    };
    let rows = kpis.monthly_feedback(policy(), month(11)).unwrap();
    let table: Vec<(Origin, FeedbackKind, u64, u64, i64)> = rows
        .iter()
        .map(|r| (r.origin, r.kind, r.current, r.previous, r.change()))
        .collect();
    assert_eq!(
        table,
        [
            (Origin::Customer, Compliment, 1, 3, -2),
            (Origin::Customer, ProcessComplaint, 4, 1, 3),
            (Origin::Staff, Suggestion, 2, 2, 0),
            (Origin::Staff, ProcessComplaint, 1, 0, 1),
        ]
    );
    // The month's ratings: the process complaints rated 2 and 1.
    assert_eq!(rows[1].ratings, Ratio { part: 3, whole: 2 });
    assert_eq!(rows[0].ratings, Ratio { part: 4, whole: 1 });

    // Folded in two shards and merged, or with the other events of the
    // items, the figures are the same.
    let (left, right) = events.split_at(events.len() / 2);
    let mut a = Kpis::new();
    a.fold_all_feedback(left);
    let mut b = Kpis::new();
    b.fold_all_feedback(right);
    a.merge(&b);
    assert_eq!(a, kpis);
    let mut item = Item::logged();
    item.ok(
        qa(),
        Command::Review {
            note: "Noted".into(),
        },
    );
    let mut more = kpis.clone();
    more.fold_all_feedback(&item.history);
    assert_eq!(
        more.feedback_items().count(),
        kpis.feedback_items().count() + 1
    );

    // The case KPIs know nothing of them: a process complaint is no case.
    assert_eq!(kpis.cases().count(), 0);
    assert!(
        kpis.monthly_trends(policy(), month(11), &casework::kpi::TrendRule::default())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn an_item_received_outside_the_calendars_range_is_named() {
    let mut kpis = Kpis::new();
    kpis.fold_all_feedback(&logged(
        1,
        FeedbackKind::Compliment,
        false,
        day(11, 2),
        None,
    ));
    // Logged in another policy's range: a history stored under a wider
    // calendar, read with today's.
    let mut spec = casework::PolicySpec::sop_default();
    spec.calendar.range = Some(casework::calendar::CalendarRange {
        from: NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(),
        until: NaiveDate::from_ymd_opt(2100, 1, 1).unwrap(),
    });
    let wide = spec.compile().unwrap();
    let old = Utc.with_ymd_and_hms(1995, 3, 1, 10, 0, 0).unwrap();
    let mut feedback = Feedback::new(id(2), FeedbackKind::Other, Channel::Phone, "Old", old);
    feedback.rating = None;
    let events = FeedbackItem::default()
        .record(
            &Command::RecordCustomerFeedback {
                feedback,
                customer: None,
            },
            &Ctx::new(old, csr(), &wide),
        )
        .unwrap();
    kpis.fold_all_feedback(&events);
    let refused = kpis.monthly_feedback(policy(), month(11)).unwrap_err();
    assert!(matches!(
        refused,
        KpiError::FeedbackOutOfRange { item, .. } if item == casework::StreamId::from(id(2))
    ));
    assert_eq!(refused.rule(), "out_of_range");
    kpis.remove_feedback(casework::StreamId::from(id(2)));
    assert_eq!(kpis.monthly_feedback(policy(), month(11)).unwrap().len(), 1);
}

#[test]
fn the_review_meeting_reads_the_figures_and_the_items_awaiting_review() {
    let mut open = Item::logged();
    let mut reviewed = Item::new();
    reviewed
        .run(csr(), super::from_customer(FeedbackKind::Compliment))
        .unwrap();
    reviewed.ok(
        qa(),
        Command::Review {
            note: "Thanked the team".into(),
        },
    );
    open.ok(
        csr(),
        Command::Link {
            link: Link::Capa {
                id: CapaId::from_uuid(Uuid::from_u128(1)),
            },
        },
    );
    let volume = FeedbackVolume::new(Origin::Customer, FeedbackKind::ProcessComplaint, 4, 1);
    let agenda = Agenda::new()
        .with_topic("Training plan")
        .with_feedback_items(&[open.item.clone(), reviewed.item.clone(), open.item.clone()])
        .with_feedback(&[volume]);
    assert_eq!(agenda.items.len(), 3, "{agenda:#?}");
    assert_eq!(agenda.items[0], AgendaItem::FeedbackVolume(volume));
    assert!(matches!(
        &agenda.items[1],
        AgendaItem::OpenFeedback { feedback, origin: Origin::Customer, kind: FeedbackKind::ProcessComplaint, review_due, .. }
            if *feedback == super::item_id() && Some(*review_due) == open.item.review_due()
    ));
    assert!(matches!(&agenda.items[2], AgendaItem::Topic { .. }));
    #[cfg(feature = "serde")]
    {
        // The agenda, which a meeting's events keep, holds no text of theirs.
        let json = serde_json::to_string(&agenda).unwrap();
        assert!(!json.contains("refund form"), "{json}");
        assert!(json.contains(r#""item":"open_feedback""#), "{json}");
    }
}

#[cfg(feature = "serde")]
#[test]
fn stored_the_text_is_kept_apart_and_its_disposal_leaves_a_verifying_chain() {
    use casework::store::{CaseStore, InMemoryStore, StoredRow, execute, verify_history};
    use casework::{Actor, StreamId, Version};

    use super::{monday, system};

    let mut store = InMemoryStore::<Event>::new();
    let stream = StreamId::from(super::item_id());
    let at = |actor: Actor, t: DateTime<Utc>| Ctx::new(t, actor, policy());
    execute::<FeedbackItem, _>(
        &mut store,
        stream,
        &super::from_customer(FeedbackKind::ProcessComplaint),
        &at(csr(), monday()),
        3,
    )
    .unwrap();
    let rows = CaseStore::<Event>::load_rows(&mut store, stream, Version::ZERO).unwrap();
    let payload = String::from_utf8_lossy(&rows[0].payload).into_owned();
    assert!(!payload.contains("Ms Doe"), "{payload}");
    assert!(payload.contains(ERASED), "{payload}");
    // Read back, the text is there while the part is kept.
    let loaded = store.load(stream, Version::ZERO).unwrap();
    assert_eq!(
        FeedbackItem::replay(&loaded)
            .unwrap()
            .feedback()
            .unwrap()
            .text,
        "Ms Doe could not find the refund form anywhere on the site."
    );

    let a_year_on = monday() + TimeDelta::days(365);
    execute::<FeedbackItem, _>(
        &mut store,
        stream,
        &Command::DisposeText,
        &at(system(), a_year_on),
        3,
    )
    .unwrap();
    let rows: Vec<StoredRow> =
        CaseStore::<Event>::load_rows(&mut store, stream, Version::ZERO).unwrap();
    let verified = verify_history(stream, &rows).unwrap();
    // Its review came due unreviewed first: recorded in the same decision.
    let names: Vec<&str> = store
        .load(stream, Version::ZERO)
        .unwrap()
        .iter()
        .map(|r| r.event.name())
        .collect();
    assert_eq!(names, ["logged", "review_overdue", "personal_data_erased"]);
    let erased: Vec<String> = verified.erased.iter().map(ToString::to_string).collect();
    assert_eq!(erased, ["v1 erased by v3"]);
    let all: String = rows
        .iter()
        .map(|row| {
            let mut bytes = row.payload.clone();
            bytes.extend(row.personal.iter().flatten());
            String::from_utf8_lossy(&bytes).into_owned()
        })
        .collect();
    assert!(!all.contains("Ms Doe"), "{all}");
    let replayed = FeedbackItem::replay(&store.load(stream, Version::ZERO).unwrap()).unwrap();
    assert_eq!(replayed.feedback().unwrap().text, ERASED);
    assert_eq!(replayed.feedback().unwrap().rating, Some(2));
}
