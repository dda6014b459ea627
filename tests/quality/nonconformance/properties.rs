//! The non-conformance's invariants over random command sequences by random
//! actors, on the SOP policy and on varied quality policies.

use casework::Aggregate as _;
use casework::quality::RootCauseAnalysis;
use casework::quality::nonconformance::{
    Command, Containment, Disposition, Event, NonConformance, RepeatKey, Report, Source,
    SourceKind, Status,
};
use casework::{Actor, CapaId, NonConformanceId, Policy, PolicySpec, Reference, Role, Severity};
use chrono::TimeDelta;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};
use uuid::Uuid;

use super::fixtures::{
    Desk, actor, case_id, csr, management, manager, monday, ncr_id, other_ncr, owner, qa, system,
};

/// A few fixed actors: the SOP roles, and one holding two approving roles.
pub(super) fn any_actor() -> impl Strategy<Value = Actor> {
    prop::sample::select(vec![
        csr(),
        manager(),
        qa(),
        owner(),
        management(),
        system(),
        actor(6, &[Role::QaSpecialist, Role::ProcessOwner]),
        actor(7, &[Role::Auditor]),
    ])
}

fn severity() -> impl Strategy<Value = Severity> {
    prop::sample::select(Severity::ALL.to_vec())
}

fn text(good: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![8 => Just(good.to_owned()), 1 => Just(String::new()), 1 => Just(" ".to_owned())]
}

fn capa() -> impl Strategy<Value = CapaId> {
    (0u128..2).prop_map(|n| CapaId::from_uuid(Uuid::from_u128(0xCA9A + n)))
}

fn ncr_ids() -> impl Strategy<Value = NonConformanceId> {
    prop_oneof![4 => (1u128..4).prop_map(other_ncr), 1 => Just(ncr_id())]
}

fn source() -> impl Strategy<Value = Source> {
    prop_oneof![
        3 => Just(Source::Supplier { supplier: "Parcel carrier".to_owned() }),
        1 => (0u128..3).prop_map(|n| Source::Complaint { case: case_id(n) }),
        1 => text("AUD-7 finding 3").prop_map(|finding| Source::InternalAudit { finding }),
        1 => Just(Source::Inspection { order: None }),
    ]
}

fn repeat_key() -> impl Strategy<Value = RepeatKey> {
    (
        ncr_ids(),
        prop::sample::select(vec![
            SourceKind::Supplier,
            SourceKind::Complaint,
            SourceKind::InternalAudit,
        ]),
        prop::sample::select(vec!["supplier", "process"]),
        -400i64..5,
    )
        .prop_map(|(id, source, cause, days)| RepeatKey {
            id,
            source,
            root_cause: cause.to_owned(),
            reported_at: monday() + TimeDelta::days(days),
        })
}

pub(super) fn command() -> impl Strategy<Value = Command> {
    let report = (source(), text("Seals broken"), severity(), -48i64..2).prop_map(
        |(source, title, severity, hours)| Command::Report {
            report: Report::new(
                ncr_id(),
                Reference::new("NCR", 2026, 1).unwrap(),
                source,
                severity,
                monday() + TimeDelta::hours(hours),
            )
            .titled(title)
            .description("Three parcels arrived with broken seals."),
        },
    );
    let containment =
        (text("Held the stock"), any_actor(), -10i64..10).prop_map(|(action, by, hours)| {
            Command::RecordContainment {
                containment: Containment {
                    action,
                    done_by: by.id,
                    done_at: monday() + TimeDelta::hours(hours),
                },
            }
        });
    let root_cause = (
        prop::sample::select(vec!["supplier", "supplier", "process", "weather"]),
        text("The machine was down"),
    )
        .prop_map(|(category, why)| Command::RecordRootCause {
            analysis: RootCauseAnalysis {
                whys: vec![why],
                fishbone: Vec::new(),
                category: category.to_owned(),
            },
        });
    let disposition = prop::sample::select(vec![
        Disposition::Rework,
        Disposition::AcceptAsIs,
        Disposition::Reject,
        Disposition::Return,
    ]);
    prop_oneof![
        2 => report,
        1 => containment,
        3 => Just(Command::StartInvestigation),
        3 => root_cause,
        1 => (severity(), text("New facts")).prop_map(|(severity, reason)| Command::Reclassify { severity, reason }),
        1 => prop::collection::vec(repeat_key(), 0..3).prop_map(|earlier| Command::FlagRepeat { earlier }),
        1 => (0u128..3).prop_map(|n| Command::LinkCase { case: case_id(n) }),
        3 => (disposition, text("Reseal")).prop_map(|(disposition, rationale)| Command::Disposition { disposition, rationale }),
        2 => Just(Command::ApproveDisposition),
        2 => capa().prop_map(|capa| Command::RaiseCapa { capa }),
        2 => text("One-off").prop_map(|reason| Command::ProposeNoCapa { reason }),
        2 => Just(Command::ApproveNoCapa),
        2 => capa().prop_map(|capa| Command::RecordCapaClosed { capa }),
        1 => (capa(), text("Raised twice")).prop_map(|(capa, reason)| Command::RecordCapaCancelled { capa, reason }),
        3 => text("Done").prop_map(|reason| Command::Close { reason }),
        1 => Just(Command::RecordDeadline),
    ]
}

/// One step: who, what, and how many minutes after the previous step (sometimes
/// negative: a clock that went back must be refused).
fn steps(len: usize) -> impl Strategy<Value = Vec<(Actor, Command, i64)>> {
    let minutes = prop_oneof![12 => 0i64..600, 1 => 10_000i64..100_000, 1 => -120i64..0];
    prop::collection::vec((any_actor(), command(), minutes), 1..len)
}

/// A path towards closing (report, investigate, root cause, disposition,
/// approval, then no CAPA or a CAPA, close) by plausible actors, with random
/// steps between: random sequences alone seldom get that far.
pub(super) fn guided_steps() -> impl Strategy<Value = Vec<(Actor, Command, i64)>> {
    let disposition = prop::sample::select(vec![
        Disposition::Rework,
        Disposition::AcceptAsIs,
        Disposition::Reject,
        Disposition::Return,
    ]);
    let noise = prop::collection::vec(
        prop::collection::vec((any_actor(), command(), -5i64..600), 0..3),
        10,
    );
    (
        prop::sample::select(vec![Severity::Low, Severity::Medium, Severity::High]),
        disposition,
        any::<bool>(),
        noise,
    )
        .prop_map(|(severity, disposition, capa, noise)| {
            let capa_id = CapaId::from_uuid(Uuid::from_u128(0xCA9A));
            let mut path = vec![
                (
                    csr(),
                    Command::Report {
                        report: report(severity),
                    },
                ),
                (manager(), Command::StartInvestigation),
                (manager(), super::fixtures::root_cause()),
                (
                    manager(),
                    Command::Disposition {
                        disposition,
                        rationale: "Reseal".to_owned(),
                    },
                ),
                (qa(), Command::ApproveDisposition),
            ];
            if capa {
                path.push((manager(), Command::RaiseCapa { capa: capa_id }));
                path.push((system(), Command::RecordCapaClosed { capa: capa_id }));
            } else {
                path.push((
                    manager(),
                    Command::ProposeNoCapa {
                        reason: "One-off".to_owned(),
                    },
                ));
                path.push((owner(), Command::ApproveNoCapa));
            }
            path.push((
                owner(),
                Command::Close {
                    reason: "Done".to_owned(),
                },
            ));
            let mut steps = Vec::new();
            for (i, (actor, command)) in path.into_iter().enumerate() {
                steps.extend(noise.get(i).into_iter().flatten().cloned());
                steps.push((actor, command, 30));
            }
            steps.extend(noise.last().into_iter().flatten().cloned());
            steps
        })
}

fn report(severity: Severity) -> Report {
    Report::new(
        ncr_id(),
        Reference::new("NCR", 2026, 1).unwrap(),
        Source::Supplier {
            supplier: "Parcel carrier".to_owned(),
        },
        severity,
        monday() - TimeDelta::hours(1),
    )
    .titled("Seals broken")
    .description("Three parcels arrived with broken seals.")
}

/// Histories: random, or guided towards closing.
fn histories(len: usize) -> impl Strategy<Value = Vec<(Actor, Command, i64)>> {
    prop_oneof![steps(len), guided_steps()]
}

/// Quality policies: thresholds on or off at any severity, windows, repeats.
fn quality_policy() -> impl Strategy<Value = Policy> {
    (
        prop::option::of(severity()),
        prop::option::of(severity()),
        1u32..400,
        any::<bool>(),
    )
        .prop_map(|(capa_from, escalate_from, window, repeats)| {
            let mut spec = PolicySpec::sop_default();
            spec.quality.capa_required_from = capa_from;
            spec.quality.management_escalation_from = escalate_from;
            spec.quality.repeat_window_days = window;
            spec.quality.capa_required_for_repeats = repeats;
            spec.compile().unwrap()
        })
}

/// Runs the steps, checking every invariant after each; returns the statuses
/// seen, and how many closings went by each path (no CAPA, CAPA).
fn check_history(
    policy: Policy,
    steps: &[(Actor, Command, i64)],
) -> Result<(Vec<Status>, [u32; 2]), TestCaseError> {
    let mut desk = Desk::with_policy(policy);
    let mut seen = Vec::new();
    let mut closings = [0, 0];
    for (actor, command, minutes) in steps {
        let before = desk.ncr.clone();
        let at = desk.now + TimeDelta::minutes(*minutes);
        match desk.run_at(at, *actor, command.clone()) {
            Err(refusal) => {
                // A refusal emits nothing and names its rule.
                prop_assert_eq!(&desk.ncr, &before);
                prop_assert_eq!(desk.history.len() as u64, before.version().get());
                prop_assert!(!refusal.rule().is_empty());
                prop_assert!(!refusal.to_string().is_empty());
                let reported_again =
                    matches!(command, Command::Report { .. }) && before.status().is_some();
                if before.updated_at().is_some_and(|last| at < last) && !reported_again {
                    prop_assert_eq!(refusal.rule(), "clock_went_backwards");
                }
            }
            Ok(events) if matches!(command, Command::RecordDeadline) => {
                // The scheduler records overdue stages, or nothing; on a
                // closed non-conformance only those that came due before it
                // closed.
                for event in &events {
                    let Event::StageOverdue { due, .. } = event else {
                        return Err(TestCaseError::fail(format!("{event:?} from the scheduler")));
                    };
                    prop_assert!(*due <= at);
                    prop_assert!(before.closed_at().is_none_or(|closed| *due <= closed));
                }
            }
            Ok(events) => {
                prop_assert!(!events.is_empty(), "{:?} emitted nothing", command);
                // A closed non-conformance never changes again.
                prop_assert_ne!(before.status(), Some(Status::Closed), "{:?}", command);
                // Every status an event leads to is the state's status after it.
                if let Some(status) = events.iter().rev().find_map(Event::status) {
                    prop_assert_eq!(desk.ncr.status(), Some(status));
                }
                if matches!(command, Command::Close { .. }) {
                    let quality = desk.policy.quality();
                    if before.status() == Some(Status::Dispositioned) {
                        // No CAPA: approved, and still allowed by severity and repeats.
                        closings[0] += 1;
                        let severity = desk.ncr.severity().unwrap();
                        prop_assert!(
                            quality
                                .capa_required_from
                                .is_none_or(|from| severity < from)
                        );
                        prop_assert!(!(desk.ncr.is_repeat() && quality.capa_required_for_repeats));
                    } else {
                        closings[1] += 1;
                    }
                }
            }
        }
        check_state(&desk)?;
        seen.extend(desk.ncr.status());
    }
    Ok((seen, closings))
}

/// What holds of every state reached.
fn check_state(desk: &Desk) -> Result<(), TestCaseError> {
    let ncr = &desk.ncr;
    // Replaying the recorded events gives the live state.
    prop_assert_eq!(&NonConformance::replay(&desk.history).unwrap(), ncr);
    prop_assert_eq!(ncr.version().get(), desk.history.len() as u64);
    // Versions are consecutive and times never go back.
    for (i, recorded) in desk.history.iter().enumerate() {
        prop_assert_eq!(recorded.version.get(), i as u64 + 1);
    }
    prop_assert!(desk.history.windows(2).all(|w| w[0].at <= w[1].at));
    // Four eyes: an accept-as-is approver is never the reporter nor who
    // recorded the disposition, a no-CAPA
    // approver never its proposer.
    if let Some(disposition) = ncr.disposition() {
        if let Some(approver) = disposition.approved_by {
            prop_assert_eq!(disposition.disposition, Disposition::AcceptAsIs);
            prop_assert_ne!(Some(approver), ncr.reported_by());
            prop_assert_ne!(approver, disposition.by, "approved by who recorded it");
        }
    }
    if let Some(no_capa) = ncr.no_capa() {
        prop_assert_ne!(no_capa.approved_by, Some(no_capa.proposed_by));
    }
    // Repeats are never this non-conformance itself, nor listed twice.
    if let Some(id) = ncr.id() {
        prop_assert!(!ncr.repeats().contains(&id));
    }
    let mut repeats = ncr.repeats().to_vec();
    repeats.sort();
    repeats.dedup();
    prop_assert_eq!(repeats.len(), ncr.repeats().len());
    match ncr.status() {
        Some(Status::Closed) => {
            // Closed only with an approved no-CAPA reason or the CAPA's closure.
            let no_capa = ncr.no_capa().is_some_and(|n| n.is_approved());
            let capa_closed = ncr.capa().is_some_and(|c| c.closed_at.is_some());
            prop_assert!(no_capa || capa_closed);
            // An accept-as-is disposition closed only approved.
            let disposition = ncr.disposition().unwrap();
            if disposition.disposition == Disposition::AcceptAsIs {
                prop_assert!(disposition.approved_by.is_some());
            }
        }
        Some(Status::CapaRaised) => prop_assert!(ncr.capa().is_some()),
        Some(Status::Dispositioned) => {
            prop_assert!(ncr.disposition().is_some() && ncr.root_cause().is_some());
        }
        Some(Status::Reported | Status::UnderInvestigation) => {
            prop_assert!(ncr.disposition().is_none());
        }
        None => prop_assert!(desk.history.is_empty()),
    }
    // A management escalation is recorded once at most, and only when a
    // severity reached the threshold.
    let escalations = desk
        .history
        .iter()
        .filter(|r| matches!(r.event, Event::EscalatedToManagement { .. }))
        .count();
    prop_assert!(escalations <= 1);
    prop_assert_eq!(ncr.escalated_to_management(), escalations == 1);
    if let Some(Event::EscalatedToManagement { severity }) = desk
        .history
        .iter()
        .map(|r| &r.event)
        .find(|e| matches!(e, Event::EscalatedToManagement { .. }))
    {
        let from = desk.policy.quality().management_escalation_from;
        prop_assert!(from.is_some_and(|from| *severity >= from));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn sop_default_invariants(steps in histories(60)) {
        check_history(Desk::new().policy, &steps)?;
    }

    #[test]
    fn varied_policy_invariants(policy in quality_policy(), steps in histories(60)) {
        check_history(policy, &steps)?;
    }

    #[test]
    fn decide_is_a_function_of_the_replayed_state(steps in histories(40), last in command(), actor in any_actor()) {
        let mut desk = Desk::new();
        for (actor, command, minutes) in &steps {
            let at = desk.now + TimeDelta::minutes((*minutes).max(0));
            let _ = desk.run_at(at, *actor, command.clone());
        }
        let ctx = casework::Ctx::new(desk.now, actor, &desk.policy);
        let decided = casework::Aggregate::decide(&desk.ncr, &last, &ctx);
        let again = casework::Aggregate::decide(&NonConformance::replay(&desk.history).unwrap(), &last, &ctx);
        prop_assert_eq!(decided, again);
    }
}

/// The generators are not vacuous: over a few hundred random histories, every
/// status is reached, and both ways of closing happen.
#[test]
fn random_histories_reach_every_status_and_both_closings() {
    let mut runner = TestRunner::new_with_rng(
        ProptestConfig::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let strategy = histories(80);
    let mut reached = std::collections::BTreeSet::new();
    let mut closings = [0, 0];
    for _ in 0..300 {
        let steps = strategy.new_tree(&mut runner).unwrap().current();
        let (seen, closed) = check_history(Desk::new().policy, &steps).unwrap();
        reached.extend(seen);
        closings[0] += closed[0];
        closings[1] += closed[1];
    }
    let missing: Vec<Status> = Status::ALL
        .into_iter()
        .filter(|s| !reached.contains(s))
        .collect();
    assert!(missing.is_empty(), "never reached: {missing:?}");
    assert!(closings[0] > 0 && closings[1] > 0, "closings: {closings:?}");
}
