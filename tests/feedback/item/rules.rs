//! The rules of a feedback item: the main path, every refusal with its rule,
//! links, the review deadline, and the text's erasure and disposal.

use casework::feedback::item::{
    Command, Event, Feedback, FeedbackItem, FeedbackItemError, FeedbackKind, Link, Source, Status,
};
use casework::records::{ERASED, ErasureBasis, Retention};
use casework::{
    Actor, Aggregate as _, CapaId, CaseId, Channel, Ctx, FeedbackCommandKind, MeetingId,
    NonConformanceId, PolicySpec, Role, Version,
};
use chrono::{TimeDelta, TimeZone, Utc};
use uuid::Uuid;

use super::{
    Item, auditor, csr, feedback, from_customer, from_staff, management, manager, monday, owner,
    person, policy, qa, system,
};

fn capa() -> Link {
    Link::Capa {
        id: CapaId::from_uuid(Uuid::from_u128(0xCA)),
    }
}

fn case() -> Link {
    Link::Case {
        id: CaseId::from_uuid(Uuid::from_u128(0x42)),
    }
}

fn ncr() -> Link {
    Link::NonConformance {
        id: NonConformanceId::from_uuid(Uuid::from_u128(0x5)),
    }
}

fn action(item: u32) -> Link {
    Link::MeetingAction {
        meeting: MeetingId::from_uuid(Uuid::from_u128(0x3)),
        item,
    }
}

fn hold(reason: &str) -> Command {
    Command::PlaceLegalHold {
        reason: reason.to_owned(),
    }
}

fn release(reason: &str) -> Command {
    Command::ReleaseLegalHold {
        reason: reason.to_owned(),
    }
}

fn review(note: &str) -> Command {
    Command::Review {
        note: note.to_owned(),
    }
}

/// A year after logging: the SOP's feedback log retention.
fn a_year_on() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 11, 23, 9, 0, 0).unwrap()
}

#[test]
fn a_customers_process_complaint_is_logged_linked_reviewed_and_disposed_of_after_a_year() {
    let mut item = Item::logged();
    let state = &item.item;
    assert_eq!(state.status(), Some(Status::Open));
    assert_eq!(
        state.source(),
        Some(&Source::Customer {
            customer: Some(super::customer())
        })
    );
    assert_eq!(state.logged_by(), Some(csr().id));
    assert_eq!(state.logged_at(), Some(monday()));
    assert_eq!(
        state.feedback(),
        Some(&feedback(FeedbackKind::ProcessComplaint))
    );
    // Due by the second review meeting after it was logged: the 1st of
    // December, then of January, at opening.
    let due = Utc.with_ymd_and_hms(2027, 1, 1, 9, 0, 0).unwrap();
    assert_eq!(state.review_due(), Some(due));
    assert_eq!(state.next_deadline(policy()).unwrap(), Some(due));

    for link in [case(), ncr(), capa()] {
        item.ok(manager(), Command::Link { link });
    }
    item.ok(qa(), Command::Link { link: action(2) });
    item.ok(
        qa(),
        review("Raised CAPA-2026-000012: the form is linked from every answer"),
    );
    let state = &item.item;
    assert_eq!(state.status(), Some(Status::Reviewed));
    assert_eq!(state.links(), [case(), ncr(), capa(), action(2)]);
    let reviewed = state.review().unwrap();
    assert_eq!((reviewed.by, reviewed.at), (qa().id, item.now));
    assert_eq!(state.next_deadline(policy()).unwrap(), None);
    assert_eq!(
        state.disposal_at(Retention::FEEDBACK_LOG),
        Some(a_year_on())
    );

    item.run_at(a_year_on(), system(), Command::DisposeText)
        .unwrap();
    let state = &item.item;
    assert_eq!(state.feedback().unwrap().text, ERASED);
    assert_eq!(
        state.erasure().map(|e| e.basis.clone()),
        Some(ErasureBasis::Retention {
            retention: Retention::FEEDBACK_LOG
        })
    );
    // What the figures need stays.
    let kept = state.feedback().unwrap();
    assert_eq!(
        (kept.kind, kept.rating),
        (FeedbackKind::ProcessComplaint, Some(2))
    );
    assert_eq!(state.disposal_at(Retention::FEEDBACK_LOG), None);
    assert_eq!(
        item.names(),
        [
            "logged",
            "linked",
            "linked",
            "linked",
            "linked",
            "reviewed",
            "personal_data_erased"
        ]
    );
    assert_eq!(item.item.version(), Version::new(7));
    assert_eq!(FeedbackItem::replay(&item.history).unwrap(), item.item);
}

#[test]
fn staff_feedback_is_recorded_by_every_staff_role_but_the_auditor() {
    let table = [
        (csr(), true),
        (manager(), true),
        (qa(), true),
        (owner(), true),
        (management(), true),
        (auditor(), false),
        (system(), false),
    ];
    for (actor, permitted) in table {
        let mut item = Item::new();
        let result = item.run(actor, from_staff(FeedbackKind::Suggestion, &actor));
        assert_eq!(result.is_ok(), permitted, "{:?}: {result:?}", actor.roles);
        if let Err(refused) = result {
            assert_eq!(refused.rule(), "not_permitted");
        }
    }
    // A colleague's feedback, recorded for them.
    let mut item = Item::new();
    item.run(csr(), from_staff(FeedbackKind::Compliment, &manager()))
        .unwrap();
    assert_eq!(
        item.item.source(),
        Some(&Source::Staff {
            member: manager().id
        })
    );
}

#[test]
fn the_permission_table_grants_each_kind_as_the_sop_describes() {
    use FeedbackCommandKind as K;
    let table = casework::Permissions::sop_default();
    let who = |kind: K| -> Vec<Role> {
        Role::SOP
            .into_iter()
            .filter(|role| table.allows(*role, kind))
            .collect()
    };
    let (c, m, q, p, a, s) = (
        Role::CustomerServiceRepresentative,
        Role::CustomerServiceManager,
        Role::QaSpecialist,
        Role::ProcessOwner,
        Role::Management,
        Role::System,
    );
    let expected: [(K, Vec<Role>); 10] = [
        (K::RecordCustomerFeedback, vec![c, m, q]),
        (K::RecordStaffFeedback, vec![c, m, q, p, a]),
        (K::LinkFeedback, vec![c, m, q, p, a]),
        (K::UnlinkFeedback, vec![c, m, q, p, a]),
        (K::ReviewFeedback, vec![q, p, a]),
        (K::PlaceFeedbackHold, vec![p, a]),
        (K::ReleaseFeedbackHold, vec![p, a]),
        (K::EraseFeedbackText, vec![p, a]),
        (K::DisposeFeedbackText, vec![p, s]),
        (K::RecordDeadline, vec![s]),
    ];
    assert_eq!(
        expected.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        K::ALL,
        "every kind, in declaration order"
    );
    for (kind, roles) in expected {
        let mut roles = roles;
        roles.sort();
        let mut granted = who(kind);
        granted.sort();
        assert_eq!(granted, roles, "{kind}");
    }
}

/// Something that refuses: who asks, what, and on which item.
type Refusal = (&'static str, fn() -> Item, Actor, Command);

#[test]
fn each_rule_refuses_with_its_name_and_changes_nothing() {
    let reviewed: fn() -> Item = || {
        let mut item = Item::logged();
        item.ok(qa(), review("Noted"));
        item
    };
    let linked: fn() -> Item = || {
        let mut item = Item::logged();
        item.ok(csr(), Command::Link { link: capa() });
        item
    };
    let held: fn() -> Item = || {
        let mut item = Item::logged();
        item.ok(owner(), hold("Claim 2027-003"));
        item.now = a_year_on();
        item
    };
    let erased: fn() -> Item = || {
        let mut item = Item::logged();
        item.ok(
            owner(),
            Command::EraseText {
                reason: "Erasure request ER-7".to_owned(),
            },
        );
        item
    };
    let full: fn() -> Item = || {
        let mut item = Item::logged();
        for n in 1..=u32::try_from(FeedbackItem::MAX_LINKS).unwrap() {
            item.ok(csr(), Command::Link { link: action(n) });
        }
        item
    };
    let staff: fn() -> Item = || {
        let mut item = Item::new();
        item.run(qa(), from_staff(FeedbackKind::Suggestion, &qa()))
            .unwrap();
        item
    };
    let table: Vec<Refusal> = vec![
        (
            "not_logged",
            Item::new,
            csr(),
            Command::Link { link: capa() },
        ),
        ("not_logged", Item::new, system(), Command::RecordDeadline),
        (
            "already_logged",
            Item::logged,
            csr(),
            from_customer(FeedbackKind::Compliment),
        ),
        (
            "not_permitted",
            Item::new,
            auditor(),
            from_customer(FeedbackKind::Compliment),
        ),
        (
            "not_permitted",
            Item::new,
            owner(),
            from_customer(FeedbackKind::Compliment),
        ),
        ("not_permitted", Item::logged, csr(), review("Noted")),
        ("not_permitted", Item::logged, manager(), review("Noted")),
        ("not_permitted", held, csr(), Command::DisposeText),
        ("not_permitted", Item::logged, csr(), hold("Claim")),
        ("not_permitted", Item::logged, qa(), Command::RecordDeadline),
        ("invalid_command", Item::logged, qa(), review("   ")),
        (
            "invalid_command",
            linked,
            csr(),
            Command::Unlink {
                link: capa(),
                reason: String::new(),
            },
        ),
        (
            "invalid_command",
            Item::logged,
            csr(),
            Command::Link { link: action(0) },
        ),
        (
            "invalid_command",
            Item::logged,
            owner(),
            Command::EraseText {
                reason: " ".to_owned(),
            },
        ),
        (
            "already_linked",
            linked,
            csr(),
            Command::Link { link: capa() },
        ),
        (
            "not_linked",
            linked,
            csr(),
            Command::Unlink {
                link: ncr(),
                reason: "Wrong record".to_owned(),
            },
        ),
        (
            "too_many_links",
            full,
            csr(),
            Command::Link { link: capa() },
        ),
        ("already_reviewed", reviewed, owner(), review("Again")),
        (
            "reviewer_is_source",
            staff,
            qa(),
            review("My own idea, approved"),
        ),
        ("reason_required", Item::logged, owner(), hold(" ")),
        (
            "hold_already_in_force",
            held,
            owner(),
            hold("Claim 2027-003"),
        ),
        ("no_such_hold", held, owner(), release("Claim 2027-004")),
        ("legal_hold", held, system(), Command::DisposeText),
        (
            "legal_hold",
            held,
            management(),
            Command::EraseText {
                reason: "Erasure request ER-8".to_owned(),
            },
        ),
        (
            "nothing_to_erase",
            erased,
            owner(),
            Command::EraseText {
                reason: "Erasure request ER-8".to_owned(),
            },
        ),
        (
            "feedback_not_due",
            Item::logged,
            system(),
            Command::DisposeText,
        ),
    ];
    for (rule, item, actor, command) in table {
        let mut item = item();
        let before = item.item.clone();
        let refused = item.run(actor, command.clone()).unwrap_err();
        assert_eq!(refused.rule(), rule, "{command:?}: {refused}");
        assert_eq!(item.item, before, "{command:?} changed the item");
    }
}

#[test]
fn the_clock_never_goes_back_and_every_instant_is_in_the_calendars_range() {
    let mut item = Item::logged();
    let refused = item
        .run_at(
            monday() - TimeDelta::minutes(1),
            csr(),
            Command::Link { link: capa() },
        )
        .unwrap_err();
    assert_eq!(refused.rule(), "clock_went_backwards");

    let mut old = feedback(FeedbackKind::Compliment);
    old.received_at = Utc.with_ymd_and_hms(1990, 1, 1, 0, 0, 0).unwrap();
    let refused = Item::new()
        .run(
            csr(),
            Command::RecordCustomerFeedback {
                feedback: old,
                customer: None,
            },
        )
        .unwrap_err();
    assert_eq!(refused.rule(), "calendar");
    assert!(matches!(refused, FeedbackItemError::Calendar(_)));
}

#[test]
fn an_invalid_record_reports_every_problem_at_once() {
    let mut bad = Feedback::new(
        super::item_id(),
        FeedbackKind::Other,
        Channel::Other(" ".to_owned()),
        "  ",
        monday() + TimeDelta::hours(1),
    )
    .category("billing/refunds")
    .rating(9);
    bad.received_at = monday() + TimeDelta::hours(1);
    let refused = Item::new()
        .run_at(
            monday(),
            csr(),
            Command::RecordCustomerFeedback {
                feedback: bad,
                customer: None,
            },
        )
        .unwrap_err();
    let FeedbackItemError::Gate(gate) = &refused else {
        panic!("{refused:?}")
    };
    let paths: Vec<&str> = gate.problems().iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "feedback.text",
            "feedback.category",
            "feedback.rating",
            "feedback.received_at",
            "feedback.channel.other"
        ]
    );
    assert_eq!(
        refused.to_string(),
        "invalid `record_customer_feedback`: feedback.text: must not be blank; \
         feedback.category: `billing/refunds` is not a category of the policy; \
         feedback.rating: 9 is not a rating on the CSAT scale (1 to 5); \
         feedback.received_at: 2026-11-23 10:00:00 UTC is after now (2026-11-23 09:00:00 UTC); \
         feedback.channel.other: must not be blank"
    );
    // Received now is not after now; no category and no rating are fine.
    let plain = Feedback::new(
        super::item_id(),
        FeedbackKind::Other,
        Channel::Phone,
        "Hold music too loud",
        monday(),
    );
    Item::new()
        .run_at(
            monday(),
            csr(),
            Command::RecordCustomerFeedback {
                feedback: plain,
                customer: None,
            },
        )
        .unwrap();
}

#[test]
fn a_rating_is_on_the_policys_scale() {
    let mut spec = PolicySpec::sop_default();
    spec.feedback.scale = casework::feedback::RatingScale::Nps;
    let nps = spec.compile().unwrap();
    let record = |rating| Command::RecordCustomerFeedback {
        feedback: feedback(FeedbackKind::Compliment).rating(rating),
        customer: None,
    };
    let ctx = Ctx::new(monday(), csr(), &nps);
    assert!(FeedbackItem::default().record(&record(9), &ctx).is_ok());
    assert!(FeedbackItem::default().record(&record(0), &ctx).is_ok());
    let sop = Ctx::new(monday(), csr(), policy());
    assert_eq!(
        FeedbackItem::default()
            .record(&record(0), &sop)
            .unwrap_err()
            .rule(),
        "invalid_command"
    );
}

#[test]
fn links_are_each_kept_once_and_may_be_taken_off_with_a_reason() {
    let mut item = Item::logged();
    item.ok(csr(), Command::Link { link: capa() });
    item.ok(csr(), Command::Link { link: action(1) });
    // Another action item of the same meeting is another link.
    item.ok(csr(), Command::Link { link: action(2) });
    let unlinked = item.ok(
        manager(),
        Command::Unlink {
            link: action(1),
            reason: "Linked to the wrong action item".to_owned(),
        },
    );
    assert!(matches!(
        &unlinked[..],
        [Event::Unlinked { link, .. }] if *link == action(1)
    ));
    assert_eq!(item.item.links(), [capa(), action(2)]);
    // Taken off, it may be linked again; and after the review too.
    item.ok(qa(), review("Two actions"));
    item.ok(csr(), Command::Link { link: action(1) });
    assert_eq!(item.item.links(), [capa(), action(2), action(1)]);
    assert_eq!(item.item.status(), Some(Status::Reviewed));
}

#[test]
fn a_review_left_past_its_due_is_recorded_overdue_once_even_by_a_late_scheduler() {
    let mut item = Item::logged();
    let due = item.item.review_due().unwrap();
    // Before it is due: nothing.
    let early = item
        .run_at(
            due - TimeDelta::seconds(1),
            system(),
            Command::RecordDeadline,
        )
        .unwrap();
    assert!(early.is_empty());
    // A scheduler a week late records it as of its due instant.
    let late = item
        .run_at(due + TimeDelta::days(7), system(), Command::RecordDeadline)
        .unwrap();
    assert_eq!(late, [Event::ReviewOverdue { due }]);
    assert_eq!(FeedbackItem::came_due(&late[0]), Some(due));
    assert!(item.item.review_overdue());
    assert_eq!(item.item.next_deadline(policy()).unwrap(), None);
    let again = item.run(system(), Command::RecordDeadline).unwrap();
    assert!(again.is_empty());

    // Reviewed late without a scheduler: the overdue review is recorded first.
    let mut item = Item::logged();
    let events = item
        .run_at(due + TimeDelta::days(1), qa(), review("Late, but done"))
        .unwrap();
    assert_eq!(
        events,
        [
            Event::ReviewOverdue { due },
            Event::Reviewed {
                note: "Late, but done".to_owned()
            }
        ]
    );
    // Reviewed in time: nothing comes due.
    let mut item = Item::logged();
    item.run_at(due, qa(), review("At the December review"))
        .unwrap();
    assert_eq!(item.item.next_deadline(policy()).unwrap(), None);
    assert!(
        item.run_at(due + TimeDelta::days(30), system(), Command::RecordDeadline)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn staff_feedback_is_reviewed_by_someone_other_than_who_gave_it() {
    let mut item = Item::new();
    let giver = person(8, Role::QaSpecialist);
    item.run(csr(), from_staff(FeedbackKind::ProcessComplaint, &giver))
        .unwrap();
    let refused = item.run(giver, review("Fine by me")).unwrap_err();
    assert_eq!(
        refused,
        FeedbackItemError::ReviewerIsSource { reviewer: giver.id }
    );
    // The one who recorded it for them is no source: a QA colleague reviews.
    item.ok(qa(), review("Taken to the January review"));
    assert_eq!(item.item.review().unwrap().by, qa().id);
}

#[test]
fn the_text_is_disposed_of_after_the_logs_retention_not_a_second_before_and_never_under_a_hold() {
    let mut item = Item::logged();
    let due = item.item.disposal_at(Retention::FEEDBACK_LOG).unwrap();
    assert_eq!(due, a_year_on());
    let early = item
        .run_at(due - TimeDelta::seconds(1), system(), Command::DisposeText)
        .unwrap_err();
    assert_eq!(
        early,
        FeedbackItemError::FeedbackNotDue { due_at: Some(due) }
    );
    // Held before it came due, and still held after: kept.
    item.run_at(due - TimeDelta::seconds(1), owner(), hold("Claim 2027-003"))
        .unwrap();
    let held = item
        .run_at(due + TimeDelta::days(30), system(), Command::DisposeText)
        .unwrap_err();
    assert_eq!(
        held,
        FeedbackItemError::UnderLegalHold {
            reasons: vec!["Claim 2027-003".to_owned()]
        }
    );
    item.ok(owner(), release("Claim 2027-003"));
    let disposed = item.ok(owner(), Command::DisposeText);
    assert_eq!(
        disposed,
        [Event::PersonalDataErased {
            versions: vec![Version::new(1)],
            basis: ErasureBasis::Retention {
                retention: Retention::FEEDBACK_LOG
            }
        }]
    );
    // Erased stays erased.
    assert_eq!(item.item.feedback().unwrap().text, ERASED);
    assert_eq!(
        item.run(system(), Command::DisposeText).unwrap_err().rule(),
        "nothing_to_erase"
    );
    let replayed = FeedbackItem::replay(&item.history).unwrap();
    assert_eq!(replayed.feedback().unwrap().text, ERASED);

    // A policy that keeps the log six months disposes of it then.
    let mut spec = PolicySpec::sop_default();
    spec.feedback.retention = Retention { months: 6 };
    let six = spec.compile().unwrap();
    let mut state = FeedbackItem::default();
    state
        .record(
            &from_customer(FeedbackKind::Suggestion),
            &Ctx::new(monday(), csr(), &six),
        )
        .unwrap();
    let may = Utc.with_ymd_and_hms(2027, 5, 23, 9, 0, 0).unwrap();
    assert!(
        state
            .record(
                &Command::DisposeText,
                &Ctx::new(may - TimeDelta::seconds(1), system(), &six)
            )
            .is_err()
    );
    assert!(
        state
            .record(&Command::DisposeText, &Ctx::new(may, system(), &six))
            .is_ok()
    );
}

#[test]
fn the_text_is_erased_on_request_at_any_time_but_not_under_a_hold() {
    let mut item = Item::logged();
    item.ok(owner(), hold("Claim 2027-003"));
    let request = Command::EraseText {
        reason: "Erasure request ER-7".to_owned(),
    };
    assert_eq!(
        item.run(management(), request.clone()).unwrap_err().rule(),
        "legal_hold"
    );
    item.ok(management(), release("Claim 2027-003"));
    let erased = item.after(TimeDelta::days(1)).ok(management(), request);
    assert!(matches!(
        &erased[..],
        [Event::PersonalDataErased { basis: ErasureBasis::Request { reason }, versions }]
            if reason == "Erasure request ER-7" && *versions == [Version::new(1)]
    ));
    let erasure = item.item.erasure().unwrap();
    assert_eq!(erasure.by, management().id);
    assert_eq!(item.item.feedback().unwrap().text, ERASED);
    // The item is still worked: linked and reviewed.
    item.ok(csr(), Command::Link { link: capa() });
    item.ok(qa(), review("Text erased on request; CAPA linked"));
    assert_eq!(item.item.status(), Some(Status::Reviewed));
}

#[test]
fn an_item_has_the_id_its_logging_names_and_nothing_is_recorded_before_it() {
    let item = Item::logged();
    assert_eq!(item.item.id(), Some(super::item_id()));
    assert_eq!(
        casework::Aggregate::stream(&item.item),
        Some(casework::StreamId::from(super::item_id()))
    );
    assert_eq!(
        FeedbackItem::default().next_deadline(policy()).unwrap(),
        None
    );
    let dates = item.item.record_dates().unwrap();
    assert_eq!((dates.entered_at, dates.closed_at), (monday(), None));
}
