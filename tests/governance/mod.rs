//! Controlled documents: the lifecycle of revisions, the review deadline, the
//! one-effective-revision property, and the wire form.

use casework::Aggregate as _;
use casework::governance::document::{
    Command, Document, DocumentError, Event, ReviewOutcome, Sections,
};
use casework::{Actor, ActorId, Ctx, DocumentId, Policy, Recorded, Role};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use proptest::prelude::*;
use uuid::Uuid;

use crate::case::fixtures::monday;

mod competence;
pub(crate) mod meeting;

pub(crate) fn policy() -> &'static Policy {
    static POLICY: std::sync::OnceLock<Policy> = std::sync::OnceLock::new();
    POLICY.get_or_init(|| Policy::sop_default().unwrap())
}

fn person(n: u128, role: Role) -> Actor {
    Actor::new(ActorId::from_uuid(Uuid::from_u128(n)), [role])
}

pub(crate) fn owner() -> Actor {
    person(1, Role::ProcessOwner)
}

pub(crate) fn head() -> Actor {
    person(2, Role::Management)
}

fn sections(procedure: &str) -> Sections {
    let text = |s: &str| s.to_owned();
    Sections {
        purpose: text("Handle complaints consistently"),
        scope: text("Every channel"),
        definitions: text("Complaint: an expression of dissatisfaction"),
        responsibilities: text("CSR logs; manager escalates; QA reviews"),
        procedure: text(procedure),
        records: text("Case log, feedback log"),
        references: text("ISO 10002"),
    }
}

fn draft(description: &str) -> Command {
    Command::DraftRevision {
        description: description.to_owned(),
        sections: sections(description),
    }
}

struct Binder {
    document: Document,
    history: Vec<Recorded<Event>>,
    now: DateTime<Utc>,
}

impl Binder {
    fn new() -> Self {
        Self {
            document: Document::default(),
            history: Vec::new(),
            now: monday(),
        }
    }

    fn try_run(&mut self, actor: Actor, command: &Command) -> Result<Vec<Event>, DocumentError> {
        let recorded = self
            .document
            .record(command, &Ctx::new(self.now, actor, policy()))?;
        let events = recorded.iter().map(|r| r.event.clone()).collect();
        self.history.extend(recorded);
        Ok(events)
    }

    fn run(&mut self, actor: Actor, command: Command) -> &mut Self {
        if let Err(e) = self.try_run(actor, &command) {
            panic!("{:?} refused: {e}", command.kind());
        }
        self
    }

    /// Created, with revision 1 effective from now.
    fn issued() -> Self {
        let mut b = Self::new();
        b.run(
            owner(),
            Command::Create {
                document: DocumentId::from_uuid(Uuid::from_u128(9)),
                title: "Complaint handling".into(),
            },
        );
        b.publish("First issue", b.now);
        b
    }

    fn publish(&mut self, description: &str, from: DateTime<Utc>) {
        self.run(owner(), draft(description));
        self.run(owner(), Command::SubmitRevision);
        self.run(head(), Command::ApproveRevision);
        self.run(head(), Command::MakeEffective { from });
    }
}

#[test]
fn revisions_supersede_each_other_and_the_history_is_derived() {
    let mut b = Binder::issued();
    let t0 = b.now;
    b.now += TimeDelta::days(30);
    let later = b.now + TimeDelta::days(14);
    b.publish("Acknowledge within 24 hours", later);
    let doc = &b.document;
    assert_eq!(doc.effective_revision(t0).map(|r| r.number), Some(1));
    assert_eq!(
        doc.effective_revision(later - TimeDelta::seconds(1))
            .map(|r| r.number),
        Some(1)
    );
    assert_eq!(doc.effective_revision(later).map(|r| r.number), Some(2));
    assert!(doc.effective_revision(t0 - TimeDelta::seconds(1)).is_none());
    let history = doc.history();
    let lines: Vec<(u32, &str)> = history
        .iter()
        .map(|l| (l.revision, l.description.as_str()))
        .collect();
    assert_eq!(
        lines,
        [(1, "First issue"), (2, "Acknowledge within 24 hours")]
    );
    assert_eq!(history[1].approver, Some(head().id));
    let approval = doc.revision(2).unwrap().approval.unwrap();
    assert!(approval.is_current(doc.revision(2).unwrap().content_hash(doc.id().unwrap())));
    assert_eq!(Document::replay(&b.history).unwrap(), b.document);
}

#[test]
fn refusals_name_their_rule() {
    let mut b = Binder::issued();
    let table: Vec<(Actor, Command, &str)> = vec![
        (
            owner(),
            Command::Create {
                document: DocumentId::from_uuid(Uuid::from_u128(9)),
                title: "x".into(),
            },
            "already_created",
        ),
        (owner(), Command::SubmitRevision, "no_revision"),
        (
            person(3, Role::CustomerServiceRepresentative),
            draft("x"),
            "not_permitted",
        ),
        (
            owner(),
            Command::DraftRevision {
                description: " ".into(),
                sections: Sections::default(),
            },
            "invalid_command",
        ),
    ];
    for (actor, command, rule) in table {
        let before = b.document.clone();
        assert_eq!(b.try_run(actor, &command).unwrap_err().rule(), rule);
        assert_eq!(b.document, before);
    }
    b.run(owner(), draft("Second"));
    assert_eq!(
        b.try_run(owner(), &draft("Third")).unwrap_err().rule(),
        "revision_in_flight"
    );
    b.run(owner(), Command::SubmitRevision);
    assert_eq!(
        b.try_run(person(1, Role::Management), &Command::ApproveRevision)
            .unwrap_err()
            .rule(),
        "approver_is_author"
    );
    b.run(head(), Command::ApproveRevision);
    let early = b.now - TimeDelta::seconds(1);
    assert_eq!(
        b.try_run(head(), &Command::MakeEffective { from: early })
            .unwrap_err()
            .rule(),
        "effective_too_early"
    );
}

#[test]
fn the_annual_review_comes_due_once_and_a_review_resets_it() {
    let mut b = Binder::issued();
    let due = b.document.next_deadline(policy()).unwrap().unwrap();
    assert_eq!(due, Utc.with_ymd_and_hms(2027, 11, 23, 9, 0, 0).unwrap());
    b.now = due;
    assert_eq!(
        b.try_run(crate::case::fixtures::system(), &Command::RecordDeadline)
            .unwrap(),
        vec![Event::ReviewDue { due }]
    );
    // Once recorded, nothing is pending: a scheduler fed the same instant again
    // would otherwise spin on it.
    assert_eq!(b.document.next_deadline(policy()).unwrap(), None);
    assert_eq!(
        b.try_run(crate::case::fixtures::system(), &Command::RecordDeadline)
            .unwrap(),
        vec![]
    );
    b.now += TimeDelta::days(3);
    b.run(
        owner(),
        Command::RecordReview {
            outcome: ReviewOutcome::NoChange,
            notes: "Still accurate".into(),
        },
    );
    // Twelve calendar months: 2028 is a leap year, so 366 days.
    assert_eq!(
        b.document.next_deadline(policy()).unwrap(),
        Some(b.now + TimeDelta::days(366))
    );
}

pub(crate) fn command() -> impl Strategy<Value = Command> {
    prop_oneof![
        3 => Just(draft("Change")),
        3 => Just(Command::SubmitRevision),
        1 => Just(Command::ReturnRevision { comments: "Redo".into() }),
        3 => Just(Command::ApproveRevision),
        3 => (-5i64..60).prop_map(|days| Command::MakeEffective { from: monday() + TimeDelta::days(days) }),
        1 => Just(Command::RecordReview { outcome: ReviewOutcome::NoChange, notes: "ok".into() }),
        1 => Just(Command::RecordDeadline),
    ]
}

proptest! {
    #[test]
    fn never_two_effective_revisions_at_once(
        steps in proptest::collection::vec((prop_oneof![Just(owner()), Just(head()), Just(crate::case::fixtures::system())], command(), prop_oneof![4 => 0i64..20, 1 => 200i64..400]), 1..60),
        probes in proptest::collection::vec(-10i64..120, 10),
    ) {
        let mut b = Binder::new();
        b.run(owner(), Command::Create { document: DocumentId::from_uuid(Uuid::from_u128(9)), title: "SOP".into() });
        for (actor, command, days) in &steps {
            b.now += TimeDelta::days(*days);
            // Effective dates count from now, so that revisions do take effect.
            let command = &match command {
                Command::MakeEffective { from } => Command::MakeEffective { from: b.now + (*from - monday()) },
                other => other.clone(),
            };
            let before = b.document.clone();
            let recorded = b.try_run(*actor, command);
            if recorded.is_err() {
                prop_assert_eq!(&before, &b.document);
            }
            if recorded.is_ok() && matches!(command, Command::RecordDeadline) {
                // The deadline contract: what was due is recorded, and never due again.
                if let Some(due) = b.document.next_deadline(policy()).unwrap() {
                    prop_assert!(due > b.now, "due again at {due} after recording at {}", b.now);
                }
            }
            for day in &probes {
                let at = monday() + TimeDelta::days(*day);
                let effective = b.document.revisions().iter().filter(|r| r.is_effective_at(at)).count();
                prop_assert!(effective <= 1, "{effective} revisions effective at {at}");
            }
            for revision in b.document.revisions() {
                if let Some(approval) = revision.approval {
                    prop_assert_ne!(approval.signer, revision.author);
                }
            }
        }
        prop_assert_eq!(Document::replay(&b.history).unwrap(), b.document);
    }
}

#[cfg(feature = "serde")]
#[test]
fn every_event_has_a_snapshot() {
    let mut b = Binder::issued();
    b.run(owner(), draft("Second"));
    b.run(owner(), Command::SubmitRevision);
    b.run(
        head(),
        Command::ReturnRevision {
            comments: "Cite ISO 10002 clause 8".into(),
        },
    );
    b.now += TimeDelta::days(400);
    b.run(crate::case::fixtures::system(), Command::RecordDeadline);
    b.run(
        owner(),
        Command::RecordReview {
            outcome: ReviewOutcome::RevisionNeeded,
            notes: "Clause 8 changed".into(),
        },
    );
    let mut seen = std::collections::BTreeMap::new();
    for r in &b.history {
        seen.entry(r.event.name())
            .or_insert_with(|| r.event.clone());
    }
    assert_eq!(seen.len(), 8, "{:?}", seen.keys());
    for (name, event) in seen {
        let json = crate::case::wire::round_trip(&event);
        assert_eq!(json["type"], name);
        insta::assert_json_snapshot!(format!("document_event_{name}"), event);
    }
}

mod retention {
    use casework::governance::{
        HoldError, LegalHolds, RecordDates, RetentionClass, RetentionRule, due_for_disposal,
    };
    use chrono::{DateTime, TimeDelta, TimeZone, Utc};
    use proptest::prelude::*;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    #[test]
    fn disposal_dates_by_class() {
        let classes = RetentionClass::sop_defaults();
        let class = |name: &str| classes.iter().find(|c| c.name == name).unwrap();
        let open = RecordDates {
            entered_at: at(2026, 1, 31),
            closed_at: None,
            superseded_at: None,
        };
        let closed = RecordDates {
            closed_at: Some(at(2026, 3, 1)),
            ..open
        };
        let superseded = RecordDates {
            superseded_at: Some(at(2026, 6, 1)),
            ..open
        };
        let table = [
            ("customer_feedback_log", open, Some(at(2027, 1, 31))),
            ("case_file", open, None),
            ("case_file", closed, Some(at(2031, 3, 1))),
            ("capa_record", closed, Some(at(2036, 3, 1))),
            ("improvement_action_plan", open, None),
            ("improvement_action_plan", superseded, Some(at(2026, 6, 1))),
        ];
        for (name, dates, due) in table {
            assert_eq!(class(name).disposal_date(&dates), due, "{name}");
        }
        let bad = vec![RetentionClass {
            name: " ".into(),
            rule: RetentionRule::AfterEntry { months: 0 },
        }];
        let paths: Vec<String> = RetentionClass::problems(&bad)
            .into_iter()
            .map(|p| p.path)
            .collect();
        assert_eq!(paths, ["[0].name", "[0].rule.months"]);
    }

    #[test]
    fn a_hold_needs_a_reason_is_placed_once_and_blocks_disposal() {
        let now = at(2028, 1, 1);
        let mut holds = LegalHolds::default();
        assert_eq!(holds.place(" ", now), Err(HoldError::ReasonRequired));
        holds.place("Claim 2027-114", now).unwrap();
        assert_eq!(
            holds.place("Claim 2027-114", now).map_err(|e| e.rule()),
            Err("hold_already_in_force")
        );
        let classes = RetentionClass::sop_defaults();
        let dates = RecordDates {
            entered_at: at(2026, 1, 1),
            closed_at: None,
            superseded_at: None,
        };
        let none = LegalHolds::default();
        let records = [
            ("entry 1", "customer_feedback_log", dates, &holds),
            ("entry 2", "customer_feedback_log", dates, &none),
        ];
        let due = due_for_disposal(
            records.iter().map(|(r, c, d, h)| (r, *c, *d, *h)),
            &classes,
            now,
        );
        assert_eq!(due, [&"entry 2"]);
        assert!(matches!(
            holds.release("Other", now),
            Err(HoldError::NoSuchHold { .. })
        ));
        holds
            .release("Claim 2027-114", now + TimeDelta::days(1))
            .unwrap();
        let records = [("entry 1", "customer_feedback_log", dates, &holds)];
        let later = now + TimeDelta::days(1);
        assert_eq!(
            due_for_disposal(
                records.iter().map(|(r, c, d, h)| (r, *c, *d, *h)),
                &classes,
                later
            )
            .len(),
            1
        );
    }

    proptest! {
        #[test]
        fn a_hold_in_force_always_blocks_disposal(
            entered in 0i64..3_000,
            closed in proptest::option::of(0i64..3_000),
            now in 0i64..6_000,
            hold in proptest::option::of((0i64..6_000, proptest::option::of(0i64..600))),
            class in 0usize..4,
        ) {
            let day = |d: i64| at(2020, 1, 1) + TimeDelta::days(d);
            let classes = RetentionClass::sop_defaults();
            let dates = RecordDates {
                entered_at: day(entered),
                closed_at: closed.map(|c| day(entered + c)),
                superseded_at: closed.map(|c| day(entered + c)),
            };
            let mut holds = LegalHolds::default();
            if let Some((from, length)) = hold {
                holds.place("Claim", day(from)).unwrap();
                if let Some(length) = length {
                    holds.release("Claim", day(from + length)).unwrap();
                }
            }
            let name = classes[class].name.clone();
            let record = ["record"];
            let due = due_for_disposal([(&record[0], name.as_str(), dates, &holds)], &classes, day(now));
            if holds.in_force(day(now)) {
                prop_assert!(due.is_empty(), "disposed of under a hold");
            }
            let date = classes[class].disposal_date(&dates);
            prop_assert_eq!(!due.is_empty(), date.is_some_and(|d| day(now) >= d) && !holds.in_force(day(now)));
            if let Some(date) = date {
                prop_assert!(date >= dates.entered_at, "disposal before entry");
            }
        }
    }
}

mod training {
    use casework::governance::{
        Assessment, AssessmentResult, Subject, TrainingRecord, TrainingRequirement, is_competent,
        training_expires,
    };
    use casework::{ActorId, DocumentId, Role};
    use chrono::{Months, TimeDelta};
    use proptest::prelude::*;
    use uuid::Uuid;

    use super::{Binder, monday};

    fn requirement(subject: Subject, assessment: Assessment) -> TrainingRequirement {
        TrainingRequirement {
            name: "complaint_sop".into(),
            role: Role::QaSpecialist,
            subject,
            assessment,
            renewal_months: 12,
            grace_days: 30,
        }
    }

    fn record(
        person: ActorId,
        days: i64,
        revision: Option<u32>,
        result: AssessmentResult,
    ) -> TrainingRecord {
        TrainingRecord {
            person,
            requirement: "complaint_sop".into(),
            completed_at: monday() + TimeDelta::days(days),
            revision,
            result,
        }
    }

    #[test]
    fn a_new_revision_invalidates_training_on_the_old_after_the_grace_period() {
        let mut b = Binder::issued();
        let qa = ActorId::from_uuid(Uuid::from_u128(4));
        let sop = requirement(
            Subject::Document {
                document: DocumentId::from_uuid(Uuid::from_u128(9)),
            },
            Assessment::Quiz { pass_score: 80 },
        );
        let records = [record(
            qa,
            1,
            Some(1),
            AssessmentResult::Score { percent: 90 },
        )];
        b.now = monday() + TimeDelta::days(60);
        let effective = b.now + TimeDelta::days(10);
        b.publish("Acknowledge within 24 hours", effective);
        let doc = Some(&b.document);
        let grace_end = effective + TimeDelta::days(30);
        assert!(is_competent(
            qa,
            &sop,
            &records,
            doc,
            grace_end - TimeDelta::seconds(1)
        ));
        assert!(!is_competent(qa, &sop, &records, doc, grace_end));
        assert_eq!(
            training_expires(qa, &sop, &records, doc, effective),
            Some(grace_end)
        );
        // Trained on the new revision: competent again, for a year.
        let retrained = [record(
            qa,
            75,
            Some(2),
            AssessmentResult::Score { percent: 85 },
        )];
        assert!(is_competent(qa, &sop, &retrained, doc, grace_end));
        // A failed quiz, or a sign-off by oneself, makes no one competent.
        let failed = [record(
            qa,
            75,
            Some(2),
            AssessmentResult::Score { percent: 50 },
        )];
        assert!(!is_competent(qa, &sop, &failed, doc, grace_end));
        let signoff = requirement(
            Subject::Skill {
                name: "audit".into(),
            },
            Assessment::SignOff,
        );
        let own = [record(qa, 1, None, AssessmentResult::SignedOff { by: qa })];
        assert!(!is_competent(
            qa,
            &signoff,
            &own,
            None,
            monday() + TimeDelta::days(2)
        ));
    }

    proptest! {
        #[test]
        fn competency_holds_within_validity_and_lapses_after(
            trained in 0i64..1_000,
            renewal in 1u32..36,
            probe in -100i64..2_000,
            percent in 0u8..=100,
        ) {
            let person = ActorId::from_uuid(Uuid::from_u128(4));
            let mut skill = requirement(Subject::Skill { name: "de-escalation".into() }, Assessment::Quiz { pass_score: 70 });
            skill.renewal_months = renewal;
            let records = [record(person, trained, None, AssessmentResult::Score { percent })];
            let done = monday() + TimeDelta::days(trained);
            let expiry = done.checked_add_months(Months::new(renewal)).unwrap();
            let at = done + TimeDelta::days(probe);
            let expected = percent >= 70 && done <= at && at < expiry;
            prop_assert_eq!(is_competent(person, &skill, &records, None, at), expected);
            // Someone else's record never counts.
            let other = ActorId::from_uuid(Uuid::from_u128(5));
            prop_assert!(!is_competent(other, &skill, &records, None, at));
        }
    }
}
