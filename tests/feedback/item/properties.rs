//! The feedback item's invariants over random command sequences by random
//! people: nothing panics, and every history `decide` can produce keeps them.

use casework::feedback::item::{
    Command, Event, Feedback, FeedbackItem, FeedbackKind, Link, Source, Status,
};
use casework::records::{ERASED, ErasureBasis};
use casework::{
    Actor, ActorId, Aggregate as _, CapaId, CaseId, Channel, Ctx, CustomerRef, FeedbackItemId,
    MeetingId, Role, Version,
};
use chrono::TimeDelta;
use proptest::prelude::*;
use uuid::Uuid;

use super::{monday, person, policy, system};

/// The people: each SOP role once, someone who is both a CSR and a QA
/// specialist, and the scheduler.
fn people() -> impl Strategy<Value = Actor> {
    prop_oneof![
        Just(person(1, Role::CustomerServiceRepresentative)),
        Just(person(2, Role::CustomerServiceManager)),
        Just(person(3, Role::QaSpecialist)),
        Just(person(4, Role::ProcessOwner)),
        Just(person(5, Role::Management)),
        Just(person(6, Role::Auditor)),
        Just(Actor::new(
            ActorId::from_uuid(Uuid::from_u128(7)),
            [Role::CustomerServiceRepresentative, Role::QaSpecialist]
        )),
        Just(system()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![9 => Just("Noted".to_owned()), 1 => Just(" ".to_owned())]
}

fn kind() -> impl Strategy<Value = FeedbackKind> {
    proptest::sample::select(FeedbackKind::ALL.to_vec())
}

fn link() -> impl Strategy<Value = Link> {
    prop_oneof![
        (1u128..4).prop_map(|n| Link::Case {
            id: CaseId::from_uuid(Uuid::from_u128(n))
        }),
        (1u128..3).prop_map(|n| Link::Capa {
            id: CapaId::from_uuid(Uuid::from_u128(n))
        }),
        (1u128..3).prop_map(|n| Link::NonConformance {
            id: casework::NonConformanceId::from_uuid(Uuid::from_u128(n))
        }),
        (1u128..3, 0u32..4).prop_map(|(n, item)| Link::MeetingAction {
            meeting: MeetingId::from_uuid(Uuid::from_u128(n)),
            item
        }),
    ]
}

fn feedback() -> impl Strategy<Value = Feedback> {
    (
        kind(),
        prop_oneof![3 => Just(None), 3 => Just(Some("billing")), 1 => Just(Some("nowhere"))],
        prop_oneof![3 => Just(None), 6 => (1u8..=5).prop_map(Some), 1 => Just(Some(6))],
        prop_oneof![
            9 => Just("The form is hidden".to_owned()),
            1 => Just(String::new())
        ],
        prop_oneof![9 => -600i64..=0, 1 => 1i64..60],
    )
        .prop_map(|(kind, category, rating, text, minutes)| {
            let mut feedback = Feedback::new(
                FeedbackItemId::from_uuid(Uuid::from_u128(0xFB)),
                kind,
                Channel::Email,
                text,
                monday() + TimeDelta::minutes(minutes),
            );
            feedback.category = category.map(str::to_owned);
            feedback.rating = rating;
            feedback
        })
}

fn record() -> impl Strategy<Value = Command> {
    prop_oneof![
        (
            feedback(),
            proptest::option::of(Just(CustomerRef::from_uuid(Uuid::from_u128(7))))
        )
            .prop_map(|(feedback, customer)| Command::RecordCustomerFeedback {
                feedback,
                customer
            }),
        (feedback(), 1u128..=7).prop_map(|(feedback, n)| Command::RecordStaffFeedback {
            feedback,
            member: ActorId::from_uuid(Uuid::from_u128(n))
        }),
    ]
}

fn hold() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Claim A".to_owned()),
        Just("Claim B".to_owned()),
        Just(" ".to_owned())
    ]
}

pub(crate) fn command() -> impl Strategy<Value = Command> {
    prop_oneof![
        3 => record(),
        20 => link().prop_map(|link| Command::Link { link }),
        6 => (link(), text()).prop_map(|(link, reason)| Command::Unlink { link, reason }),
        8 => text().prop_map(|note| Command::Review { note }),
        4 => hold().prop_map(|reason| Command::PlaceLegalHold { reason }),
        4 => hold().prop_map(|reason| Command::ReleaseLegalHold { reason }),
        2 => text().prop_map(|reason| Command::EraseText { reason }),
        4 => Just(Command::DisposeText),
        6 => Just(Command::RecordDeadline),
    ]
}

/// Minutes between steps: mostly within a day, sometimes weeks or months
/// (so that reviews fall due and retention runs), sometimes negative (a
/// clock that went back must be refused).
pub(crate) fn minutes() -> impl Strategy<Value = i64> {
    prop_oneof![
        20 => 0i64..600,
        4 => 10_000i64..70_000,
        2 => 100_000i64..300_000,
        1 => -120i64..0,
    ]
}

pub(crate) type Step = (Actor, Command, i64);

/// Any commands, by anyone, in any order, most often after a logging.
pub(crate) fn steps() -> impl Strategy<Value = Vec<Step>> {
    let first = (
        Just(person(1, Role::CustomerServiceRepresentative)),
        record(),
        Just(0i64),
    );
    let steps = proptest::collection::vec((people(), command(), minutes()), 1..80);
    (first, steps).prop_map(|(first, mut steps)| {
        if steps.len() % 8 != 0 {
            steps.insert(0, first);
        }
        steps
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_histories_keep_every_invariant(steps in steps()) {
        let mut item = FeedbackItem::default();
        let mut history = Vec::new();
        let mut now = monday();
        let mut erased_once = false;
        for (actor, command, minutes) in steps {
            now += TimeDelta::minutes(minutes);
            let before = item.clone();
            let ctx = Ctx::new(now, actor, policy());
            match item.record(&command, &ctx) {
                Err(refused) => {
                    // A refusal changes nothing, and names its rule.
                    prop_assert_eq!(&item, &before);
                    prop_assert!(!casework::Rule::rule(&refused).is_empty());
                }
                Ok(recorded) => {
                    // The version goes up by the events recorded, one each.
                    prop_assert_eq!(
                        item.version().get(),
                        before.version().get() + recorded.len() as u64
                    );
                    for (i, r) in recorded.iter().enumerate() {
                        prop_assert_eq!(r.version.get(), before.version().get() + 1 + i as u64);
                        prop_assert_eq!(r.at, now);
                        prop_assert!(policy().permissions().check(&actor, command.kind()).is_ok());
                        match &r.event {
                            Event::PersonalDataErased { versions, basis } => {
                                // Erased once, from the logging, never under a hold.
                                prop_assert!(!erased_once);
                                erased_once = true;
                                prop_assert_eq!(versions, &vec![Version::new(1)]);
                                prop_assert!(!before.legal_holds().in_force(now));
                                if let ErasureBasis::Retention { retention } = basis {
                                    let logged = before.logged_at().unwrap();
                                    prop_assert!(now >= retention.disposal_at(logged).unwrap());
                                }
                            }
                            Event::Reviewed { .. } => {
                                // Never by the member of staff who gave it.
                                if let Some(Source::Staff { member }) = before.source() {
                                    prop_assert_ne!(*member, actor.id);
                                }
                            }
                            Event::Logged { review_due, .. } => {
                                // The second review meeting after now.
                                let meetings = &policy().governance().review_meetings;
                                let first = meetings.next_meeting(now, policy().calendar()).unwrap();
                                let second = meetings.next_meeting(first, policy().calendar()).unwrap();
                                prop_assert_eq!(*review_due, second);
                            }
                            Event::ReviewOverdue { due } => {
                                prop_assert!(*due <= now);
                                prop_assert_eq!(Some(*due), before.review_due());
                            }
                            _ => {}
                        }
                    }
                    history.extend(recorded);
                }
            }
            // Links are unique and bounded.
            let links = item.links();
            prop_assert!(links.len() <= FeedbackItem::MAX_LINKS);
            for (i, link) in links.iter().enumerate() {
                prop_assert!(!links[..i].contains(link), "{link} twice");
            }
            // Erased text stays erased.
            if erased_once {
                prop_assert_eq!(item.feedback().map(|f| f.text.as_str()), Some(ERASED));
                prop_assert!(item.erasure().is_some());
            }
            // Reviewed exactly when there is a review; the overdue flag only
            // ever follows the due instant.
            prop_assert_eq!(item.status() == Some(Status::Reviewed), item.review().is_some());
            if let (Some(due), Some(deadline)) = (item.review_due(), item.next_deadline(policy()).unwrap()) {
                prop_assert_eq!(due, deadline);
                prop_assert!(!item.review_overdue());
            }
            // The version is the history's length, and replay agrees.
            prop_assert_eq!(item.version().get(), history.len() as u64);
            prop_assert_eq!(&FeedbackItem::replay(&history).unwrap(), &item);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the meetings' recurrence, an item logged at any time is due
    /// by the second meeting after it: the next meeting after the next.
    #[test]
    fn the_review_is_due_by_the_second_meeting_after_the_logging(
        every in proptest::sample::select(vec![1u32, 2, 3, 4, 6, 12]),
        day in 1u32..=31,
        hours in 0i64..(4 * 365 * 24),
    ) {
        let mut spec = casework::PolicySpec::sop_default();
        spec.governance.review_meetings = casework::governance::meeting::MeetingPolicy {
            every_months: every,
            day_of_month: day,
        };
        let policy = spec.compile().unwrap();
        let now = monday() + TimeDelta::hours(hours);
        let mut feedback = Feedback::new(
            FeedbackItemId::from_uuid(Uuid::from_u128(1)),
            FeedbackKind::Suggestion,
            Channel::Email,
            "An idea",
            now,
        );
        feedback.rating = None;
        let command = Command::RecordStaffFeedback { feedback, member: person(1, Role::CustomerServiceRepresentative).id };
        let mut item = FeedbackItem::default();
        item.record(&command, &Ctx::new(now, person(1, Role::CustomerServiceRepresentative), &policy)).unwrap();
        let meetings = &policy.governance().review_meetings;
        let first = meetings.next_meeting(now, policy.calendar()).unwrap();
        let second = meetings.next_meeting(first, policy.calendar()).unwrap();
        prop_assert!(now < first && first < second);
        prop_assert_eq!(item.review_due(), Some(second));
    }
}

/// Any event of a feedback item, whatever `decide` would have said.
fn any_event() -> impl Strategy<Value = Event> {
    let at = (-1_000_000i64..1_000_000).prop_map(|m| monday() + TimeDelta::minutes(m));
    prop_oneof![
        (feedback(), at.clone(), 1u128..=7).prop_map(|(feedback, review_due, n)| Event::Logged {
            feedback: Box::new(feedback),
            source: Source::Staff {
                member: ActorId::from_uuid(Uuid::from_u128(n))
            },
            review_due,
        }),
        link().prop_map(|link| Event::Linked { link }),
        (link(), text()).prop_map(|(link, reason)| Event::Unlinked { link, reason }),
        text().prop_map(|note| Event::Reviewed { note }),
        at.prop_map(|due| Event::ReviewOverdue { due }),
        hold().prop_map(|reason| Event::LegalHoldPlaced { reason }),
        hold().prop_map(|reason| Event::LegalHoldReleased { reason }),
        proptest::collection::vec(0u64..5, 0..3).prop_map(|versions| Event::PersonalDataErased {
            versions: versions.into_iter().map(Version::new).collect(),
            basis: ErasureBasis::Request {
                reason: "Request".to_owned()
            },
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Histories `decide` never produced, out of order, with repeats and
    /// erasures of anything: applying, replaying, listing and counting them
    /// never panics, and deciding on the state they leave refuses or records.
    #[test]
    fn hostile_histories_never_panic(
        events in proptest::collection::vec((any_event(), 0u128..3, -600i64..600), 0..40),
        command in command(),
        actor in people(),
    ) {
        let recorded: Vec<casework::Recorded<Event>> = events
            .into_iter()
            .enumerate()
            .map(|(i, (event, stream, minutes))| {
                casework::Recorded::new(
                    casework::StreamId::from_uuid(Uuid::from_u128(stream)),
                    Version::new(i as u64 + 1),
                    monday() + TimeDelta::minutes(minutes),
                    ActorId::from_uuid(Uuid::from_u128(1)),
                    event,
                )
            })
            .collect();
        let mut state = FeedbackItem::default();
        for r in &recorded {
            state.apply(r);
        }
        let _ = FeedbackItem::replay(&recorded);
        let _ = state.next_deadline(policy());
        let _ = state.record(&command, &Ctx::new(monday(), actor, policy()));
        let log = casework::feedback::feedback_log_with_items(&[], &recorded, policy().feedback().retention);
        prop_assert!(log.len() <= 3);
        let mut kpis = casework::kpi::Kpis::new();
        kpis.fold_all_feedback(&recorded);
        let _ = kpis.monthly_feedback(policy(), chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
    }
}
