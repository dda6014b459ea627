//! KPI targets: how a figure stands against its bound and margin, at each
//! boundary; the policy's targets judged against known histories; and the
//! policy's refusals of targets that cannot be judged, at their paths.

use casework::kpi::{
    Attainment, Clock, Dimension, Goal, KpiPolicy, KpiTarget, Kpis, Measure, Ratio, TargetStatus,
};
use casework::{PolicySpec, Problem};

use crate::case::fixtures::Desk;

fn ratio(part: u64, whole: u64) -> Ratio {
    Ratio { part, whole }
}

#[test]
fn a_figure_stands_against_its_bound_and_margin() {
    use Attainment::{AtRisk, Met, Missed, NoData};
    let target = |measure: Measure, goal: Goal, margin| match goal {
        Goal::AtLeast(bound) => KpiTarget::at_least(measure, bound).at_risk(margin),
        Goal::AtMost(bound) => KpiTarget::at_most(measure, bound).at_risk(margin),
    };
    let rate = |goal, margin| target(Measure::ResolutionRate, goal, margin);
    let csat = |goal, margin| target(Measure::CsatAverage, goal, margin);
    let table = [
        // At least 90 %, at risk within 5 points.
        (rate(Goal::AtLeast(90), 5), ratio(899, 1000), Missed),
        (rate(Goal::AtLeast(90), 5), ratio(9, 10), AtRisk),
        (rate(Goal::AtLeast(90), 5), ratio(949, 1000), AtRisk),
        (rate(Goal::AtLeast(90), 5), ratio(19, 20), Met),
        (rate(Goal::AtLeast(90), 5), ratio(0, 0), NoData),
        // Without a margin, the bound itself is met.
        (rate(Goal::AtLeast(90), 0), ratio(9, 10), Met),
        (rate(Goal::AtLeast(90), 0), ratio(899, 1000), Missed),
        // At most 5 %, at risk within 2 points.
        (rate(Goal::AtMost(5), 2), ratio(51, 1000), Missed),
        (rate(Goal::AtMost(5), 2), ratio(1, 20), AtRisk),
        (rate(Goal::AtMost(5), 2), ratio(31, 1000), AtRisk),
        (rate(Goal::AtMost(5), 2), ratio(3, 100), Met),
        (rate(Goal::AtMost(5), 2), ratio(0, 7), Met),
        (rate(Goal::AtMost(5), 0), ratio(1, 20), Met),
        // A margin wider than the bound: never met above 0.
        (rate(Goal::AtMost(1), 3), ratio(0, 5), AtRisk),
        // CSAT in tenths: at least 4.2, at risk below 4.4.
        (csat(Goal::AtLeast(42), 2), ratio(125, 30), Missed),
        (csat(Goal::AtLeast(42), 2), ratio(21, 5), AtRisk),
        (csat(Goal::AtLeast(42), 2), ratio(131, 30), AtRisk),
        (csat(Goal::AtLeast(42), 2), ratio(22, 5), Met),
        (csat(Goal::AtLeast(42), 2), ratio(0, 0), NoData),
    ];
    for (i, (target, actual, expected)) in table.iter().enumerate() {
        let status = TargetStatus::judge(target, *actual);
        assert_eq!(
            status.attainment, *expected,
            "row {i}: {target:?} at {actual:?}"
        );
        assert_eq!((&status.target, status.actual), (target, *actual));
    }
}

#[test]
fn the_sop_targets_judged_against_known_histories() {
    let policy = Desk::new().policy;
    let kpis = Kpis::from_events(super::histories().iter().flatten());
    let statuses = kpis.evaluate_targets(&policy).unwrap();
    let found: Vec<(&str, Ratio, Attainment)> = statuses
        .iter()
        .map(|s| (s.target.measure.name(), s.actual, s.attainment))
        .collect();
    assert_eq!(
        found,
        [
            // Acknowledged after 30 min, 60 min and at once: all within 24 h.
            ("acknowledged_within", ratio(3, 3), Attainment::Met),
            ("resolution_rate", ratio(3, 3), Attainment::Met),
            ("first_contact_resolution", ratio(1, 3), Attainment::Missed),
            ("reopen_rate", ratio(1, 3), Attainment::Missed),
            // Rated 4 and 2: an average of 3.0.
            ("csat_average", ratio(6, 2), Attainment::Missed),
        ]
    );
    assert_eq!(statuses[4].actual_in_unit(), Some(30.0));
}

#[test]
fn a_share_within_a_time_counts_each_duration_exactly() {
    let policy = Desk::new().policy;
    let kpis = Kpis::from_events(super::histories().iter().flatten());
    let report = kpis.report(&policy).unwrap();
    let within = |minutes, clock| report.figure(&Measure::AcknowledgedWithin { minutes, clock });
    // Acknowledged after 30 and 60 business minutes, and at once: 30 minutes
    // is within 30 minutes, 31 are not.
    assert_eq!(within(29, Clock::Business), ratio(1, 3));
    assert_eq!(within(30, Clock::Business), ratio(2, 3));
    assert_eq!(within(60, Clock::Business), ratio(3, 3));
    // Resolved after 2 h, 24 h (8 business hours) and at once.
    let resolved = |minutes, clock| report.figure(&Measure::ResolvedWithin { minutes, clock });
    assert_eq!(resolved(8 * 60, Clock::Business), ratio(3, 3));
    assert_eq!(resolved(8 * 60, Clock::Wall), ratio(2, 3));
    assert_eq!(resolved(24 * 60, Clock::Wall), ratio(3, 3));
    // An SLA metric's compliance: case 1 finished without a breach.
    assert_eq!(
        report.figure(&Measure::SlaMet("resolution".to_owned())),
        ratio(1, 1)
    );
    assert_eq!(
        report.figure(&Measure::SlaMet("none".to_owned())),
        ratio(0, 0)
    );
}

#[test]
fn targets_are_judged_per_agent_too() {
    let mut spec = PolicySpec::sop_default();
    spec.kpi = KpiPolicy {
        targets: vec![KpiTarget::at_least(Measure::ResolutionRate, 100)],
    };
    let policy = spec.compile().unwrap();
    let kpis = Kpis::from_events(super::histories().iter().flatten());
    let by_agent = kpis.evaluate_targets_by(Dimension::Agent, &policy).unwrap();
    // The representative resolved all three.
    let desk = crate::case::fixtures::csr().id.to_string();
    assert_eq!(by_agent.len(), 1);
    assert_eq!(by_agent[&desk][0].attainment, Attainment::Met);
    assert_eq!(by_agent[&desk][0].actual, ratio(3, 3));
}

fn problems(targets: Vec<KpiTarget>) -> Vec<Problem> {
    let mut spec = PolicySpec::sop_default();
    spec.kpi.targets = targets;
    spec.compile().map(|_| ()).unwrap_err().problems
}

#[test]
fn the_policy_refuses_targets_it_cannot_judge_at_their_paths() {
    let found = problems(vec![
        KpiTarget::at_least(Measure::SlaMet("resolutoin".to_owned()), 90),
        KpiTarget::at_least(Measure::ResolutionRate, 101),
        KpiTarget::at_least(
            Measure::AcknowledgedWithin {
                minutes: 0,
                clock: Clock::Business,
            },
            95,
        ),
        KpiTarget::at_most(
            Measure::ResolvedWithin {
                minutes: 365 * 24 * 60 + 1,
                clock: Clock::Wall,
            },
            95,
        ),
        // CSAT is rated 1 to 5: 6.0 is off the scale, and so is 0.5.
        KpiTarget::at_least(Measure::CsatAverage, 60),
        KpiTarget::at_most(Measure::CsatAverage, 5),
        KpiTarget::at_most(Measure::ReopenRate, 5).at_risk(101),
        // Within the limits: no problem.
        KpiTarget::at_least(Measure::SlaMet("first_response".to_owned()), 100).at_risk(100),
    ]);
    let found: Vec<(&str, &str)> = found
        .iter()
        .map(|p| (p.path.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "kpi.targets[0].measure.sla_met",
                "`resolutoin` is not a metric of `sla.metrics`: did you mean `resolution`?"
            ),
            ("kpi.targets[1].goal.at_least", "101 is not from 0 to 100"),
            (
                "kpi.targets[2].measure.acknowledged_within.minutes",
                "0 minutes is not a positive duration"
            ),
            (
                "kpi.targets[3].measure.resolved_within.minutes",
                "525601 minutes is more than a year (525600)"
            ),
            (
                "kpi.targets[4].goal.at_least",
                "60 tenths is not on the rating scale: from 10 to 50 tenths (1–5)"
            ),
            (
                "kpi.targets[5].goal.at_most",
                "5 tenths is not on the rating scale: from 10 to 50 tenths (1–5)"
            ),
            ("kpi.targets[6].at_risk", "101 is not from 0 to 100"),
        ]
    );
}

#[test]
fn the_policy_refuses_too_many_targets_once() {
    let found = problems(vec![KpiTarget::at_least(Measure::ResolutionRate, 101); 65]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, "kpi.targets");
    assert_eq!(found[0].message, "65 entries; there may be at most 64");
}

#[cfg(feature = "serde")]
#[test]
fn targets_read_from_a_policy_file() {
    let spec = PolicySpec::from_json(
        r#"{ "kpi": { "targets": [
            { "measure": { "acknowledged_within": { "minutes": 240, "clock": "business" } },
              "goal": { "at_least": 95 }, "at_risk": 3 },
            { "measure": { "sla_met": "resolution" }, "goal": { "at_least": 90 } },
            { "measure": "csat_average", "goal": { "at_least": 42 } }
        ] } }"#,
    )
    .unwrap();
    assert_eq!(
        spec.kpi.targets,
        [
            KpiTarget::at_least(
                Measure::AcknowledgedWithin {
                    minutes: 240,
                    clock: Clock::Business
                },
                95
            )
            .at_risk(3),
            KpiTarget::at_least(Measure::SlaMet("resolution".to_owned()), 90),
            KpiTarget::at_least(Measure::CsatAverage, 42),
        ]
    );
    assert!(spec.compile().is_ok());
    // A negative time, and a misspelt clock, are refused while reading, at
    // their paths.
    for (json, path) in [
        (
            r#"{ "kpi": { "targets": [ { "measure": { "resolved_within": { "minutes": -5, "clock": "wall" } }, "goal": { "at_least": 9 } } ] } }"#,
            "kpi.targets[0].measure.resolved_within.minutes",
        ),
        (
            r#"{ "kpi": { "targets": [ { "measure": { "resolved_within": { "minutes": 5, "clock": "wal" } }, "goal": { "at_least": 9 } } ] } }"#,
            "kpi.targets[0].measure.resolved_within.clock",
        ),
        (
            r#"{ "kpi": { "targets": [ { "measure": "resolution_rate", "goal": { "at_least": 9 }, "margin": 1 } ] } }"#,
            "kpi.targets[0].margin",
        ),
    ] {
        let refused = PolicySpec::from_json(json).unwrap_err();
        assert_eq!(refused.problems[0].path, path, "{json}");
    }
}
