//! `complaint-handling.txt`, section VII (Procedure) and VIII (Quality
//! Control), clause by clause.

use casework::case::{Case, CaseError, CaseKind, Command, Event, Intake, Resolution, Status};
use casework::kpi::Kpis;
use casework::priority::SeverityFacts;
use casework::sla::ClockState;
use casework::store::{CaseStore, ExecuteError, InMemoryStore};
use casework::{
    Actor, ActorId, Aggregate, CaseId, Channel, Ctx, CustomerRef, Policy, Reference, Role,
    Severity, StreamId, Version,
};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use uuid::Uuid;

fn person(n: u128, role: Role) -> Actor {
    Actor::new(ActorId::from_uuid(Uuid::from_u128(n)), [role])
}

fn csr() -> Actor {
    person(1, Role::CustomerServiceRepresentative)
}

fn manager() -> Actor {
    person(2, Role::CustomerServiceManager)
}

fn qa() -> Actor {
    person(3, Role::QaSpecialist)
}

fn scheduler() -> Actor {
    person(9, Role::System)
}

/// Monday 23 November 2026, 09:00 UTC, plus `hours`.
fn at(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap() + TimeDelta::hours(hours)
}

/// One desk: the policy, the store, and the cases it logged.
struct Desk {
    policy: Policy,
    store: InMemoryStore<Event>,
}

impl Desk {
    fn new() -> Self {
        Desk {
            policy: Policy::sop_default().unwrap(),
            store: InMemoryStore::new(),
        }
    }

    fn run(
        &mut self,
        case: u128,
        actor: Actor,
        command: &Command,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, String> {
        let ctx = Ctx::new(now, actor, &self.policy);
        self.store
            .execute::<Case>(stream(case), command, &ctx)
            .map(|recorded| recorded.into_iter().map(|r| r.event).collect())
            .map_err(|error| match error {
                ExecuteError::Refused(refused) => refused.rule().to_owned(),
                ExecuteError::OtherStream { .. } => "other_stream".to_owned(),
                other => panic!("{other}"),
            })
    }

    fn ok(&mut self, case: u128, actor: Actor, command: Command, now: DateTime<Utc>) -> Vec<Event> {
        self.run(case, actor, &command, now)
            .unwrap_or_else(|rule| panic!("{:?} refused: {rule}", command.kind()))
    }

    /// The caller's scheduler, once, at `now`.
    fn scheduler(&mut self, case: u128, now: DateTime<Utc>) -> Vec<Event> {
        let ctx = Ctx::new(now, scheduler(), &self.policy);
        self.store
            .run_due::<Case>(stream(case), &ctx)
            .unwrap()
            .into_iter()
            .map(|r| r.event)
            .collect()
    }

    fn case(&mut self, case: u128) -> Case {
        Case::replay(&self.store.load(stream(case), Version::ZERO).unwrap()).unwrap()
    }
}

fn stream(case: u128) -> StreamId {
    StreamId::from(CaseId::from_uuid(Uuid::from_u128(case)))
}

/// A complaint received by email at `received`.
fn complaint(case: u128, facts: SeverityFacts, received: DateTime<Utc>) -> Command {
    Command::Log {
        intake: Intake::new(
            CaseId::from_uuid(Uuid::from_u128(case)),
            Reference::new("CMP", 2026, u64::try_from(case).unwrap()).unwrap(),
            CaseKind::Complaint,
            Channel::Email,
            CustomerRef::from_uuid(Uuid::from_u128(7)),
            received,
        )
        .about("delivery/late", "Parcel two weeks late")
        .description("Ordered on the 2nd, still not here.")
        .follow_up_by(Channel::Phone)
        .facts(facts),
        first_contact_resolution: None,
    }
}

fn acknowledge() -> Command {
    Command::Acknowledge {
        channel: Channel::Email,
    }
}

fn names(events: &[Event]) -> Vec<&'static str> {
    events.iter().map(Event::name).collect()
}

/// VII Preparation: "Log the complaint into the tracking system with relevant
/// details." A complaint missing them is refused with every problem at once,
/// and nothing is stored.
#[test]
fn sop_ch_01_a_complaint_is_logged_with_its_details() {
    let mut desk = Desk::new();
    let Command::Log { mut intake, .. } = complaint(1, SeverityFacts::default(), at(0)) else {
        unreachable!()
    };
    intake.subject = " ".into();
    intake.category = "no/such".into();
    let log = Command::Log {
        intake,
        first_contact_resolution: None,
    };
    assert_eq!(
        desk.run(1, csr(), &log, at(0)).unwrap_err(),
        "invalid_command"
    );
    let ctx = Ctx::new(at(0), csr(), &desk.policy);
    let Err(CaseError::Gate(casework::authority::GateError::Invalid { problems, .. })) =
        Case::default().decide(&log, &ctx)
    else {
        panic!("an intake without its details is refused")
    };
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["intake.subject", "intake.category"], "{problems:?}");
    assert_eq!(desk.store.version(stream(1)).unwrap(), Version::ZERO);

    let events = desk.ok(
        1,
        csr(),
        complaint(1, SeverityFacts::default(), at(0)),
        at(0),
    );
    assert_eq!(names(&events), ["logged"]);
    let case = desk.case(1);
    assert_eq!(case.status(), Some(Status::Received));
    assert_eq!(
        case.reference().map(ToString::to_string).as_deref(),
        Some("CMP-2026-000001")
    );
}

/// VII Preparation: "Assess the severity and determine if immediate
/// escalation is required." A safety issue is critical and goes to management
/// at once; a late parcel does not escalate.
#[test]
fn sop_ch_02_severity_decides_immediate_escalation() {
    let mut desk = Desk::new();
    let safety = SeverityFacts {
        safety_issue: true,
        ..SeverityFacts::default()
    };
    let events = desk.ok(1, csr(), complaint(1, safety, at(0)), at(0));
    assert_eq!(names(&events), ["logged", "escalated"]);
    let case = desk.case(1);
    assert_eq!(case.severity_assessment().severity, Severity::Critical);
    assert_eq!(case.escalation_level(), 2);

    let events = desk.ok(
        2,
        csr(),
        complaint(2, SeverityFacts::default(), at(0)),
        at(0),
    );
    assert_eq!(names(&events), ["logged"]);
    assert_eq!(desk.case(2).escalation_level(), 0);
}

/// VII Execution: "Contact the customer within 24 hours to acknowledge
/// receipt of the complaint." Acknowledged in time, the first-response clock
/// is met and the scheduler records no breach; left alone, the scheduler that
/// runs a day later records the breach as of the instant it was reached.
#[test]
fn sop_ch_03_acknowledged_within_24_hours() {
    let mut desk = Desk::new();
    desk.ok(
        1,
        csr(),
        complaint(1, SeverityFacts::default(), at(0)),
        at(0),
    );
    desk.ok(1, csr(), acknowledge(), at(3));
    let first = |desk: &mut Desk, case| {
        let policy = desk.policy.clone();
        desk.case(case)
            .sla_status(&policy, at(48))
            .unwrap()
            .into_iter()
            .find(|s| s.metric == "first_response")
            .map(|s| s.state)
    };
    assert_eq!(first(&mut desk, 1), Some(ClockState::Met));
    let recorded = desk.scheduler(1, at(48));
    assert!(
        !recorded
            .iter()
            .any(|e| matches!(e, Event::SlaBreached { metric, .. } if metric == "first_response")),
        "{recorded:?}"
    );

    desk.ok(
        2,
        csr(),
        complaint(2, SeverityFacts::default(), at(0)),
        at(0),
    );
    let recorded = desk.scheduler(2, at(48));
    assert!(
        recorded.iter().any(|e| matches!(
            e,
            Event::SlaBreached { metric, reached_at, .. }
                if metric == "first_response" && *reached_at == at(24)
        )),
        "{recorded:?}"
    );
    assert_eq!(first(&mut desk, 2), Some(ClockState::Breached));
    // Once recorded, the scheduler finds nothing more due by then.
    assert_eq!(desk.scheduler(2, at(48)), []);
}

/// VII Execution: "Investigate the issue" once acknowledged, and "Provide a
/// resolution ... and document the outcome": a complaint's resolution names
/// its root cause.
#[test]
fn sop_ch_04_investigated_then_resolved_with_its_root_cause() {
    let mut desk = Desk::new();
    desk.ok(
        1,
        csr(),
        complaint(1, SeverityFacts::default(), at(0)),
        at(0),
    );
    let investigate = Command::StartInvestigation;
    assert_eq!(
        desk.run(1, csr(), &investigate, at(1)).unwrap_err(),
        "invalid_transition"
    );
    desk.ok(1, csr(), acknowledge(), at(1));
    desk.ok(1, csr(), investigate, at(2));
    let without_cause = Command::Resolve {
        resolution: Some(Resolution::text("Reshipped by courier")),
        root_cause: None,
    };
    let refused = desk.run(1, csr(), &without_cause, at(5)).unwrap_err();
    assert_eq!(refused, "root_cause_required");
    desk.ok(
        1,
        csr(),
        Command::Resolve {
            resolution: Some(Resolution::text("Reshipped by courier")),
            root_cause: Some("supplier".into()),
        },
        at(5),
    );
    assert_eq!(desk.case(1).status(), Some(Status::Resolved));
}

/// VII Post-Process and VIII Quality Control: "Follow up with the customer",
/// "Review resolution outcomes", "Update the complaint record with final
/// resolution details". Closing needs the QA review (by someone other than
/// the resolver), the follow-up and the CAPA decision; then "Analyze
/// complaints for trends" reads the closed record.
#[test]
fn sop_ch_05_reviewed_followed_up_and_closed_then_analysed() {
    let mut desk = Desk::new();
    desk.ok(
        1,
        csr(),
        complaint(1, SeverityFacts::default(), at(0)),
        at(0),
    );
    desk.ok(1, csr(), acknowledge(), at(1));
    desk.ok(1, csr(), Command::StartInvestigation, at(2));
    desk.ok(
        1,
        csr(),
        Command::Resolve {
            resolution: Some(Resolution::text("Reshipped by courier")),
            root_cause: Some("supplier".into()),
        },
        at(5),
    );
    let refused = desk.run(1, manager(), &Command::Close, at(6)).unwrap_err();
    assert_eq!(refused, "not_ready_to_close");
    let Err(CaseError::NotReadyToClose { missing }) = desk
        .case(1)
        .decide(&Command::Close, &Ctx::new(at(6), manager(), &desk.policy))
    else {
        panic!("closing should wait")
    };
    assert_eq!(
        missing.len(),
        2,
        "the follow-up and the CAPA decision: {missing:?}"
    );

    // The resolver may not review their own resolution.
    let review = |approved| Command::ReviewResolution {
        approved,
        comments: "Courier confirmed delivery".into(),
    };
    let resolver_as_qa = Actor::new(csr().id, [Role::QaSpecialist]);
    assert_eq!(
        desk.run(1, resolver_as_qa, &review(true), at(7))
            .unwrap_err(),
        "reviewer_is_resolver"
    );
    desk.ok(1, qa(), review(true), at(7));
    desk.ok(
        1,
        csr(),
        Command::RecordFollowUp {
            channel: Channel::Phone,
            other_channel_reason: None,
            rating: Some(5),
            comments: "Arrived, thanks".into(),
            concern_resolved: true,
            answers: Vec::new(),
            last_surveyed_at: None,
            survey_override: None,
        },
        at(24),
    );
    // No CAPA: proposed by one, approved by another.
    desk.ok(
        1,
        csr(),
        Command::ProposeNoCapa {
            reason: "A one-off courier delay".into(),
        },
        at(25),
    );
    assert_eq!(
        desk.run(1, csr(), &Command::ApproveNoCapa, at(25))
            .unwrap_err(),
        "not_permitted"
    );
    desk.ok(1, manager(), Command::ApproveNoCapa, at(25));
    desk.ok(1, manager(), Command::Close, at(26));
    assert_eq!(desk.case(1).status(), Some(Status::Closed));

    let history = desk.store.load(stream(1), Version::ZERO).unwrap();
    let report = Kpis::from_events(&history).report(&desk.policy).unwrap();
    assert_eq!(report.cases, 1);
    assert_eq!(report.time_to_acknowledge.median, Some(TimeDelta::hours(1)));
    assert_eq!(report.csat.responses, 1);
    assert_eq!(report.sla["first_response"].met.part, 1);
}

/// X Record Keeping: "Complaint Log: Maintain records of all received
/// complaints and their resolution." The stored history is the complaint
/// file: the date received (as the customer sent it, before it was logged),
/// the complainant, and when and by whom it was investigated and resolved,
/// each event stamped and chained so that an edit shows.
#[test]
fn sop_ch_06_the_complaint_file_records_receipt_complainant_and_investigation() {
    let mut desk = Desk::new();
    // Emailed at 07:00, logged when the desk opened at 09:00.
    desk.ok(
        1,
        csr(),
        complaint(1, SeverityFacts::default(), at(-2)),
        at(0),
    );
    desk.ok(1, csr(), acknowledge(), at(1));
    desk.ok(1, manager(), Command::StartInvestigation, at(2));
    desk.ok(
        1,
        manager(),
        Command::Resolve {
            resolution: Some(Resolution::text("Reshipped by courier")),
            root_cause: Some("supplier".into()),
        },
        at(5),
    );

    let history = desk.store.load(stream(1), Version::ZERO).unwrap();
    let rows = desk.store.load_rows(stream(1), Version::ZERO).unwrap();
    casework::store::verify_chain(stream(1), &rows).unwrap();
    let file: Vec<_> = history
        .iter()
        .map(|r| (r.event.name(), r.at, r.actor))
        .collect();
    assert_eq!(
        file,
        [
            ("logged", at(0), csr().id),
            ("acknowledged", at(1), csr().id),
            ("promised", at(1), csr().id),
            ("investigation_started", at(2), manager().id),
            ("resolved", at(5), manager().id),
        ]
    );
    let Event::Logged { intake, .. } = &history[0].event else {
        panic!("the file opens with the intake")
    };
    assert_eq!(intake.received_at, at(-2));
    assert_eq!(intake.customer, CustomerRef::from_uuid(Uuid::from_u128(7)));
    assert!(matches!(
        &history[4].event,
        Event::Resolved { root_cause: Some(cause), .. } if cause == "supplier"
    ));
    let case = desk.case(1);
    assert_eq!(
        (case.logged_at(), case.customer()),
        (
            Some(at(0)),
            Some(CustomerRef::from_uuid(Uuid::from_u128(7)))
        )
    );
}

/// VIII Quality Control: "Ensure all complaints are logged and tracked
/// accurately." Each complaint is logged once under its own id, on its own
/// stream, with its human reference in the stored `logged` event; logging the
/// same id again is refused and stores nothing.
#[test]
fn sop_ch_07_each_complaint_is_logged_once_under_its_own_id_and_reference() {
    let mut desk = Desk::new();
    desk.ok(
        1,
        csr(),
        complaint(1, SeverityFacts::default(), at(0)),
        at(0),
    );
    desk.ok(
        2,
        csr(),
        complaint(2, SeverityFacts::default(), at(0)),
        at(0),
    );
    let logged = |desk: &mut Desk, case| {
        let history = desk.store.load(stream(case), Version::ZERO).unwrap();
        let Event::Logged { intake, .. } = &history[0].event else {
            panic!("a case's stream opens with its intake")
        };
        (history[0].stream, intake.case, intake.reference.to_string())
    };
    assert_eq!(
        logged(&mut desk, 1),
        (
            stream(1),
            CaseId::from_uuid(Uuid::from_u128(1)),
            "CMP-2026-000001".to_owned()
        )
    );
    assert_eq!(
        logged(&mut desk, 2),
        (
            stream(2),
            CaseId::from_uuid(Uuid::from_u128(2)),
            "CMP-2026-000002".to_owned()
        )
    );

    let again = complaint(1, SeverityFacts::default(), at(1));
    assert_eq!(
        desk.run(1, csr(), &again, at(1)).unwrap_err(),
        "already_logged"
    );
    assert_eq!(desk.store.version(stream(1)).unwrap(), Version::new(1));
    assert_eq!(
        desk.case(1).id(),
        Some(CaseId::from_uuid(Uuid::from_u128(1)))
    );
    // Nor is case 1 logged again under another stream: one id, one stream.
    assert_eq!(
        desk.run(3, csr(), &again, at(1)).unwrap_err(),
        "other_stream"
    );
    assert_eq!(desk.store.version(stream(3)).unwrap(), Version::ZERO);
}
