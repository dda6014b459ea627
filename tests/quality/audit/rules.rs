//! The audit's rules: the SOP path end to end, each refusal by its rule
//! name, the weighted outcome, the deadline and the policy's problems.

use casework::case::{CaseKind, Command as CaseCommand, Resolution};
use casework::quality::audit::{
    AuditPolicy, AuditedCase, Candidate, Command, CriterionScore, Event, Finding, Outcome,
    Sampling, ScoreScale, ScoredCriterion, Status, sample,
};
use casework::quality::nonconformance::{
    Command as NcrCommand, NonConformance, Report, Source as NcrSource,
};
use casework::{
    Aggregate, CaseId, Channel, Ctx, NonConformanceId, PolicySpec, Reference, Severity,
};
use chrono::TimeDelta;
use uuid::Uuid;

use super::{
    Aud, audit_id, audited, auditor, csr, december, manager, open, owner, policy, qa, score,
    scores, scores_by, system,
};
use crate::case::fixtures::{Desk, log};

/// Complaint-handling SOP, VIII Quality Control ("periodic audits of
/// complaint handling"): a resolved complaint is sampled for its month,
/// audited by QA on the scorecard, fails on a criterion, and the finding is
/// raised as a non-conformance.
#[test]
fn a_resolved_complaint_is_sampled_audited_and_its_finding_raised_as_a_non_conformance() {
    // CSR 1 handles and resolves a complaint in November.
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
            resolution: Some(Resolution::text("Reshipped by courier")),
            root_cause: Some("supplier".into()),
        },
    );
    let case = &desk.case;
    assert_eq!(case.resolved_by(), Some(csr().id));

    // The month's sample: the case is one of CSR 1's three, two per agent.
    let candidate = Candidate::resolved(case, policy().calendar())
        .unwrap()
        .unwrap();
    assert_eq!(
        candidate,
        Candidate::new(case.id().unwrap(), csr().id, "2026-11")
    );
    let mut candidates = vec![candidate.clone()];
    // Two more of CSR 1's, chosen so that the audited case ranks first.
    let others = (100..)
        .map(|n| CaseId::from_uuid(Uuid::from_u128(n)))
        .filter(|id| {
            casework::quality::audit::rank("2026-11", *id)
                > casework::quality::audit::rank("2026-11", candidate.case)
        })
        .take(2);
    candidates.extend(others.map(|id| Candidate::new(id, csr().id, "2026-11")));
    let drawn = sample(&candidates, policy().quality().audit.sampling);
    assert_eq!(drawn.agents.len(), 1);
    assert_eq!(drawn.agents[0].candidates, 3);
    assert_eq!(drawn.agents[0].cases.len(), 2);
    assert_eq!(drawn.agents[0].cases[0], candidate.case);

    // QA opens the audit from the case itself, and scores it.
    let subject = AuditedCase::of(case).unwrap();
    assert_eq!(subject, audited(Some(csr().id)));
    let mut audit = Aud::new();
    audit
        .run_at(
            december(),
            qa(),
            Command::open(audit_id(), subject, candidate.agent, candidate.period),
        )
        .unwrap();
    assert_eq!(audit.audit.status(), Some(Status::Open));
    let finding = Finding::new("The customer was not called back after the reshipment")
        .severity(Severity::Medium)
        .criterion("followed_up");
    audit.ok(
        qa(),
        score(
            scores_by(&[
                ("followed_up", 0),
                ("customer_informed", 1),
                ("resolution_complete", 2),
            ]),
            vec![finding.clone()],
        ),
    );
    let outcome = audit.audit.outcome().unwrap();
    // 8 + 8 + 8 + 3×2 + 2×1 + 0 + 4 of 13 × 4.
    assert_eq!(
        (
            outcome.points,
            outcome.max_points,
            outcome.percent,
            outcome.passed
        ),
        (36, 52, 69, false)
    );
    assert_eq!(audit.audit.findings(), [finding]);

    // The finding is raised as a non-conformance, and linked to the audit.
    let ncr_id = NonConformanceId::from_uuid(Uuid::from_u128(0x5E));
    let mut ncr = NonConformance::default();
    ncr.record(
        &NcrCommand::Report {
            report: Report::new(
                ncr_id,
                Reference::new("NCR", 2026, 5).unwrap(),
                NcrSource::InternalAudit {
                    finding: "CMP-2026-000042 audit, finding 1".into(),
                },
                Severity::Medium,
                audit.now,
            )
            .titled("Follow-up not done")
            .description("The customer was not called back after the reshipment."),
        },
        &Ctx::new(audit.now + TimeDelta::minutes(1), qa(), policy()),
    )
    .unwrap();
    audit.after(TimeDelta::minutes(1)).ok(
        qa(),
        Command::RaiseNonConformance {
            finding: 1,
            ncr: ncr_id,
        },
    );
    assert_eq!(audit.audit.raised()[0].ncr, ncr_id);
    assert_eq!(
        audit.names(),
        ["opened", "scored", "non_conformance_raised"]
    );
    // Nothing is due once scored.
    assert_eq!(audit.audit.next_deadline(policy()).unwrap(), None);
}

#[test]
fn each_rule_refuses_with_its_name_and_changes_nothing() {
    let qa_resolver = Command::open(audit_id(), audited(Some(qa().id)), csr().id, "2026-11");
    let qa_agent = Command::open(audit_id(), audited(None), qa().id, "2026-11");
    let mut missing = scores(4);
    missing.pop();
    let mut twice = scores(4);
    twice.push(CriterionScore::new("followed_up", 3));
    let mut unknown = scores(4);
    unknown.push(CriterionScore::new("smiled", 4));
    let scored = |aud: &mut Aud| {
        aud.ok(qa(), score(scores(4), vec![Finding::new("Fine")]));
    };
    let withdrawn = |aud: &mut Aud| {
        aud.ok(
            manager(),
            Command::Withdraw {
                reason: "Sampled in error".into(),
            },
        );
    };
    let none = |_: &mut Aud| {};
    type Setup = fn(&mut Aud);
    /// What, how it was opened, what came before, who asks what, the rule.
    type Row = (
        &'static str,
        Option<Command>,
        Setup,
        casework::Actor,
        Command,
        &'static str,
    );
    let table: Vec<Row> = vec![
        (
            "not opened",
            None,
            none,
            qa(),
            score(scores(4), vec![]),
            "not_opened",
        ),
        (
            "opened twice",
            Some(open()),
            none,
            qa(),
            open(),
            "already_opened",
        ),
        (
            "an auditor opens",
            None,
            none,
            auditor(),
            open(),
            "not_permitted",
        ),
        ("a CSR opens", None, none, csr(), open(), "not_permitted"),
        (
            "a blank period",
            None,
            none,
            qa(),
            Command::open(audit_id(), audited(None), csr().id, " "),
            "invalid_command",
        ),
        (
            "the manager scores",
            Some(open()),
            none,
            manager(),
            score(scores(4), vec![]),
            "not_permitted",
        ),
        (
            "the process owner scores",
            Some(open()),
            none,
            owner(),
            score(scores(4), vec![]),
            "not_permitted",
        ),
        (
            "the resolver scores",
            Some(qa_resolver),
            none,
            qa(),
            score(scores(4), vec![]),
            "scorer_is_resolver",
        ),
        (
            "the agent scores",
            Some(qa_agent),
            none,
            qa(),
            score(scores(4), vec![]),
            "scorer_is_agent",
        ),
        (
            "a criterion missing",
            Some(open()),
            none,
            qa(),
            score(missing, vec![]),
            "unscored_criterion",
        ),
        (
            "a criterion twice",
            Some(open()),
            none,
            qa(),
            score(twice, vec![]),
            "criterion_scored_twice",
        ),
        (
            "an unknown criterion",
            Some(open()),
            none,
            qa(),
            score(unknown, vec![]),
            "unknown_criterion",
        ),
        (
            "a score above the scale",
            Some(open()),
            none,
            qa(),
            score(scores(5), vec![]),
            "score_out_of_scale",
        ),
        (
            "a blank finding",
            Some(open()),
            none,
            qa(),
            score(scores(4), vec![Finding::new(" ")]),
            "invalid_command",
        ),
        (
            "a finding on an unknown criterion",
            Some(open()),
            none,
            qa(),
            score(scores(4), vec![Finding::new("x").criterion("smiled")]),
            "invalid_command",
        ),
        (
            "scored twice",
            Some(open()),
            scored,
            qa(),
            score(scores(0), vec![]),
            "already_scored",
        ),
        (
            "raised before scoring",
            Some(open()),
            none,
            qa(),
            Command::RaiseNonConformance {
                finding: 1,
                ncr: NonConformanceId::from_uuid(Uuid::from_u128(1)),
            },
            "not_scored",
        ),
        (
            "an unknown finding",
            Some(open()),
            scored,
            qa(),
            Command::RaiseNonConformance {
                finding: 2,
                ncr: NonConformanceId::from_uuid(Uuid::from_u128(1)),
            },
            "unknown_finding",
        ),
        (
            "finding 0",
            Some(open()),
            scored,
            qa(),
            Command::RaiseNonConformance {
                finding: 0,
                ncr: NonConformanceId::from_uuid(Uuid::from_u128(1)),
            },
            "unknown_finding",
        ),
        (
            "withdrawn after scoring",
            Some(open()),
            scored,
            manager(),
            Command::Withdraw {
                reason: "Late".into(),
            },
            "already_scored",
        ),
        (
            "scored once withdrawn",
            Some(open()),
            withdrawn,
            qa(),
            score(scores(4), vec![]),
            "withdrawn",
        ),
        (
            "withdrawn without a reason",
            Some(open()),
            none,
            manager(),
            Command::Withdraw { reason: "".into() },
            "invalid_command",
        ),
        (
            "the system scores",
            Some(open()),
            none,
            system(),
            score(scores(4), vec![]),
            "not_permitted",
        ),
    ];
    for (what, opening, setup, actor, command, rule) in table {
        let mut aud = Aud::new();
        if let Some(opening) = opening {
            aud.run_at(december(), qa(), opening).unwrap();
        }
        setup(&mut aud);
        let before = aud.audit.clone();
        let refused = aud.run(actor, command).unwrap_err();
        assert_eq!(refused.rule(), rule, "{what}: {refused}");
        assert_eq!(aud.audit, before, "{what}: changed nothing");
    }
}

#[test]
fn a_finding_is_raised_once() {
    let mut aud = Aud::opened();
    aud.ok(
        qa(),
        score(scores(2), vec![Finding::new("One"), Finding::new("Two")]),
    );
    let ncr = NonConformanceId::from_uuid(Uuid::from_u128(1));
    aud.ok(manager(), Command::RaiseNonConformance { finding: 2, ncr });
    let again = aud
        .run(qa(), Command::RaiseNonConformance { finding: 2, ncr })
        .unwrap_err();
    assert_eq!(again.rule(), "finding_already_raised");
    // Another finding may go to the same non-conformance.
    aud.ok(qa(), Command::RaiseNonConformance { finding: 1, ncr });
    let raised: Vec<u32> = aud.audit.raised().iter().map(|r| r.finding).collect();
    assert_eq!(raised, [2, 1]);
}

#[test]
fn the_outcome_is_the_weighted_percentage_against_the_pass_mark() {
    let scored = |weights_scores: &[(u32, u8)], max: u8| -> Vec<ScoredCriterion> {
        let policy_scores: Vec<CriterionScore> = weights_scores
            .iter()
            .enumerate()
            .map(|(i, (_, s))| CriterionScore::new(format!("c{i}"), *s))
            .collect();
        let mut spec = PolicySpec::sop_default();
        spec.quality.audit.scorecard = weights_scores
            .iter()
            .enumerate()
            .map(|(i, (w, _))| casework::quality::audit::Criterion::new(format!("c{i}"), "x", *w))
            .collect();
        spec.quality.audit.scale = ScoreScale::Points { max };
        let policy = spec.compile().unwrap();
        let mut audit = casework::quality::audit::CaseAudit::default();
        let ctx = Ctx::new(december(), qa(), &policy);
        audit.record(&open(), &ctx).unwrap();
        let events = audit
            .record(
                &Command::Score {
                    scores: policy_scores,
                    findings: vec![],
                    comments: String::new(),
                },
                &ctx,
            )
            .unwrap();
        let Event::Scored { scores, .. } = &events[0].event else {
            panic!("scored");
        };
        scores.clone()
    };
    // (weights and scores, scale's most, pass mark) → (points, of, percent, passed)
    /// Weights and scores, the scale's most, the pass mark, and the outcome:
    /// points, of, percent, passed.
    type Row = (&'static [(u32, u8)], u8, u8, (u32, u32, u8, bool));
    let table: &[Row] = &[
        (&[(1, 4), (1, 4)], 4, 80, (8, 8, 100, true)),
        (&[(1, 0), (1, 0)], 4, 0, (0, 8, 0, true)),
        (&[(1, 0), (1, 0)], 4, 1, (0, 8, 0, false)),
        // Exactly the pass mark passes: 4 of 5 is 80 %.
        (&[(4, 1), (1, 0)], 1, 80, (4, 5, 80, true)),
        // Just under it fails: 79 of 100; 80 of 100 passes.
        (&[(79, 1), (21, 0)], 1, 80, (79, 100, 79, false)),
        (&[(80, 1), (20, 0)], 1, 80, (80, 100, 80, true)),
        // Rounded down for display only: 7 of 9 is 77.8 %.
        (&[(7, 1), (2, 0)], 1, 78, (7, 9, 77, false)),
        // The weights count: 3×4 + 1×0 of 16 is 75 %.
        (&[(3, 4), (1, 0)], 4, 75, (12, 16, 75, true)),
        (&[(3, 0), (1, 4)], 4, 75, (4, 16, 25, false)),
    ];
    for (criteria, max, pass_mark, (points, of, percent, passed)) in table {
        let outcome = Outcome::of(&scored(criteria, *max), *pass_mark);
        assert_eq!(
            (
                outcome.points,
                outcome.max_points,
                outcome.percent,
                outcome.passed
            ),
            (*points, *of, *percent, *passed),
            "{criteria:?} at {pass_mark}"
        );
    }
}

#[test]
fn the_recorded_outcome_reads_the_policys_pass_mark() {
    let mut spec = PolicySpec::sop_default();
    spec.quality.audit.pass_mark = 90;
    spec.quality.audit.scale = ScoreScale::PassFail;
    let policy = spec.compile().unwrap();
    let mut audit = casework::quality::audit::CaseAudit::default();
    let ctx = Ctx::new(december(), qa(), &policy);
    audit.record(&open(), &ctx).unwrap();
    // Pass/fail: 1 is met. Everything met but `record_complete` (weight 1 of 13).
    let mut met = scores(1);
    met.last_mut().unwrap().score = 0;
    let outside = audit.record(&score(scores(2), vec![]), &ctx).unwrap_err();
    assert_eq!(outside.rule(), "score_out_of_scale");
    audit.record(&score(met, vec![]), &ctx).unwrap();
    let outcome = audit.outcome().unwrap();
    assert_eq!(
        (
            outcome.points,
            outcome.max_points,
            outcome.percent,
            outcome.pass_mark,
            outcome.passed
        ),
        (12, 13, 92, 90, true)
    );
}

#[test]
fn an_audit_not_scored_in_time_is_recorded_overdue_once_as_of_its_due_instant() {
    let mut aud = Aud::opened();
    let due = december() + TimeDelta::days(14);
    assert_eq!(aud.audit.score_due(), Some(due));
    assert_eq!(aud.audit.next_deadline(policy()).unwrap(), Some(due));
    // A scheduler two days late records it as of the 14th day.
    let late = due + TimeDelta::days(2);
    let recorded = aud
        .audit
        .record_due(&Ctx::new(late, system(), policy()))
        .unwrap();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].event, Event::AuditOverdue { due });
    assert!(aud.audit.overdue());
    assert_eq!(aud.audit.next_deadline(policy()).unwrap(), None);
    let again = aud
        .audit
        .record_due(&Ctx::new(late, system(), policy()))
        .unwrap();
    assert!(again.is_empty());

    // Scored late without the scheduler: the overdue is recorded first.
    let mut aud = Aud::opened();
    let events = aud.run_at(late, qa(), score(scores(4), vec![])).unwrap();
    let names: Vec<&str> = events.iter().map(Event::name).collect();
    assert_eq!(names, ["audit_overdue", "scored"]);
}

#[test]
fn the_audit_policy_reports_every_problem_by_path() {
    let mut spec = PolicySpec::sop_default();
    spec.quality.audit = AuditPolicy {
        scorecard: vec![
            casework::quality::audit::Criterion::new("a", "A", 0),
            casework::quality::audit::Criterion::new("a", " ", 101),
            casework::quality::audit::Criterion::new("b c", "B", 1),
        ],
        scale: ScoreScale::Points { max: 0 },
        pass_mark: 101,
        sampling: Sampling::Percent { percent: 0 },
        score_within_days: 0,
    };
    let problems = spec.compile().unwrap_err().problems;
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "quality.audit.scorecard[0].weight",
            "quality.audit.scorecard[1].code",
            "quality.audit.scorecard[1].description",
            "quality.audit.scorecard[1].weight",
            "quality.audit.scorecard[2].code",
            "quality.audit.scale.max",
            "quality.audit.pass_mark",
            "quality.audit.sampling.percent",
            "quality.audit.score_within_days",
        ]
    );
    let mut spec = PolicySpec::sop_default();
    spec.quality.audit.scorecard.clear();
    spec.quality.audit.sampling = Sampling::PerAgent { cases: 0 };
    let problems = spec.compile().unwrap_err().problems;
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "quality.audit.scorecard: needs at least one criterion",
            "quality.audit.sampling.cases: 0 is not from 1 to 1000",
        ]
    );
    let mut spec = PolicySpec::sop_default();
    spec.quality.audit.scorecard = (0..=AuditPolicy::MAX_CRITERIA)
        .map(|i| casework::quality::audit::Criterion::new(format!("c{i}"), "x", 1))
        .collect();
    let problems = spec.compile().unwrap_err().problems;
    assert_eq!(
        problems[0].to_string(),
        "quality.audit.scorecard: 51 entries; there may be at most 50"
    );
    assert_eq!(problems.len(), 1, "a list past its limit is one problem");
}

#[cfg(feature = "serde")]
#[test]
fn an_audit_policy_file_may_leave_out_any_field() {
    let spec = PolicySpec::from_json(
        r#"{ "quality": { "audit": { "pass_mark": 75,
              "sampling": { "rule": "percent", "percent": 5 },
              "scale": { "kind": "pass_fail" } } } }"#,
    )
    .unwrap();
    let audit = &spec.quality.audit;
    assert_eq!(
        (audit.pass_mark, audit.sampling, audit.scale),
        (75, Sampling::Percent { percent: 5 }, ScoreScale::PassFail)
    );
    assert_eq!(audit.scorecard, AuditPolicy::sop_default().scorecard);
    spec.compile().unwrap();
    let typo =
        PolicySpec::from_json(r#"{ "quality": { "audit": { "pass_mrk": 75 } } }"#).unwrap_err();
    assert_eq!(typo.problems[0].path, "quality.audit.pass_mrk");
}

#[test]
fn only_the_sops_roles_may_give_each_audit_command() {
    use casework::{AuditCommandKind as K, Role};
    let table = policy().permissions();
    let granted = |role: Role| -> Vec<K> {
        K::ALL
            .iter()
            .copied()
            .filter(|k| table.allows(role, *k))
            .collect()
    };
    assert_eq!(
        granted(Role::QaSpecialist),
        [
            K::OpenAudit,
            K::ScoreAudit,
            K::RaiseAuditNonConformance,
            K::WithdrawAudit
        ]
    );
    assert_eq!(
        granted(Role::CustomerServiceManager),
        [K::OpenAudit, K::RaiseAuditNonConformance, K::WithdrawAudit]
    );
    for role in [
        Role::CustomerServiceRepresentative,
        Role::ProcessOwner,
        Role::Auditor,
        Role::Management,
    ] {
        assert!(granted(role).is_empty(), "{role} reads audits");
    }
    assert_eq!(granted(Role::System), [K::RecordDeadline]);
}
