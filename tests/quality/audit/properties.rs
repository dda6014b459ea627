//! Invariants over random histories of an audit: the recorded outcome is the
//! weighted recount, a score never changes, only findings the audit has are
//! raised, each once, and replay gives the state the commands built.

use casework::quality::audit::{CaseAudit, Command, CriterionScore, Event, Finding, Status};
use casework::{Actor, Aggregate, Ctx, NonConformanceId, Role};
use chrono::TimeDelta;
use proptest::prelude::*;
use uuid::Uuid;

use super::{audit_id, audited, csr, december, manager, open, person, policy, qa, system};

/// One step: who, what, and minutes after the step before.
pub(crate) type Step = (Actor, Command, i64);

fn people() -> impl Strategy<Value = Actor> {
    prop_oneof![
        3 => Just(qa()),
        1 => Just(person(8, Role::QaSpecialist)),
        1 => Just(csr()),
        1 => Just(manager()),
        1 => Just(system()),
    ]
}

fn scores() -> impl Strategy<Value = Vec<CriterionScore>> {
    let codes: Vec<String> = policy()
        .quality()
        .audit
        .scorecard
        .iter()
        .map(|c| c.code.clone())
        .collect();
    let n = codes.len();
    (
        proptest::collection::vec(prop_oneof![10 => 0u8..=4, 1 => 5u8..=9], n),
        prop_oneof![8 => Just(None), 1 => (0..n).prop_map(Some)],
    )
        .prop_map(move |(values, drop)| {
            codes
                .iter()
                .zip(values)
                .enumerate()
                .filter(|(i, _)| Some(*i) != drop)
                .map(|(_, (code, score))| CriterionScore::new(code.clone(), score))
                .collect()
        })
}

fn command() -> impl Strategy<Value = Command> {
    prop_oneof![
        4 => (scores(), 0usize..4).prop_map(|(scores, findings)| Command::Score {
            scores,
            findings: (0..findings).map(|i| Finding::new(format!("Finding {i}"))).collect(),
            comments: String::new(),
        }),
        3 => (0u32..5, 1u128..4).prop_map(|(finding, n)| Command::RaiseNonConformance {
            finding,
            ncr: NonConformanceId::from_uuid(Uuid::from_u128(n)),
        }),
        1 => Just(Command::Withdraw { reason: "Sampled in error".into() }),
        2 => Just(Command::RecordDeadline),
        1 => Just(open()),
    ]
}

fn minutes() -> impl Strategy<Value = i64> {
    prop_oneof![4 => 0i64..120, 1 => 10_000i64..25_000]
}

/// Random histories: mostly opened first, by QA, for CSR 1's case that CSR 1
/// resolved.
pub(crate) fn steps() -> impl Strategy<Value = Vec<Step>> {
    let first = (Just(qa()), Just(open()), Just(0i64));
    let opener = prop_oneof![
        Just(open()),
        Just(Command::open(
            audit_id(),
            audited(None),
            csr().id,
            "2026-11"
        )),
    ];
    let steps = proptest::collection::vec((people(), command(), minutes()), 1..40);
    (first, opener, steps).prop_map(|(first, opener, mut steps)| {
        if steps.len() % 8 != 0 {
            steps.insert(0, (first.0, opener, first.2));
        }
        steps
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_histories_keep_every_invariant(steps in steps()) {
        let mut audit = CaseAudit::default();
        let mut history = Vec::new();
        let mut now = december();
        let mut first_scoring = None;
        let audit_policy = &policy().quality().audit;
        for (actor, command, minutes) in steps {
            now += TimeDelta::minutes(minutes);
            let before = audit.clone();
            match audit.record(&command, &Ctx::new(now, actor, policy())) {
                Err(_) => prop_assert_eq!(&audit, &before, "a refusal changes nothing"),
                Ok(recorded) => {
                    for r in &recorded {
                        if let Event::Scored { scores, outcome, .. } = &r.event {
                            // The outcome is the weighted recount, against the policy.
                            prop_assert_eq!(scores.len(), audit_policy.scorecard.len());
                            let mut points = 0u32;
                            let mut max_points = 0u32;
                            for (scored, criterion) in scores.iter().zip(&audit_policy.scorecard) {
                                prop_assert_eq!(&scored.code, &criterion.code);
                                prop_assert_eq!(scored.weight, criterion.weight);
                                prop_assert!(scored.score <= audit_policy.scale.max());
                                points += criterion.weight * u32::from(scored.score);
                                max_points += criterion.weight * u32::from(audit_policy.scale.max());
                            }
                            prop_assert_eq!((outcome.points, outcome.max_points), (points, max_points));
                            prop_assert_eq!(u32::from(outcome.percent), points * 100 / max_points);
                            prop_assert_eq!(outcome.passed, points * 100 >= u32::from(audit_policy.pass_mark) * max_points);
                            // Never by the resolver nor the agent.
                            prop_assert_ne!(Some(r.actor), audit.case().and_then(|c| c.resolver));
                            prop_assert_ne!(Some(r.actor), audit.agent());
                            prop_assert!(first_scoring.is_none(), "scored once");
                        }
                    }
                    history.extend(recorded);
                }
            }
            // A score never changes.
            if let Some(scoring) = audit.scoring() {
                let first = first_scoring.get_or_insert_with(|| scoring.clone());
                prop_assert_eq!(&*first, scoring);
                prop_assert_eq!(audit.status(), Some(Status::Scored));
            }
            // Only findings the audit has are raised, each once.
            let findings = audit.findings().len();
            let mut seen = Vec::new();
            for raised in audit.raised() {
                prop_assert!(raised.finding >= 1 && raised.finding as usize <= findings);
                prop_assert!(!seen.contains(&raised.finding));
                seen.push(raised.finding);
            }
            if audit.status() == Some(Status::Withdrawn) {
                prop_assert!(audit.scoring().is_none() && audit.raised().is_empty());
            }
            // The history replays to the state.
            prop_assert_eq!(&CaseAudit::replay(&history).unwrap(), &audit);
        }
    }
}
