//! Quality records: non-conformances, CAPA and audits of complaint handling.

pub(crate) mod audit;
pub(crate) mod capa;
pub(crate) mod nonconformance;

use casework::PolicySpec;
use casework::quality::QualityPolicy;

#[test]
fn the_quality_policy_reports_every_problem_by_path() {
    let spec = PolicySpec {
        quality: QualityPolicy {
            root_cause_categories: vec!["process".into(), " ".into(), "process".into()],
            repeat_window_days: 0,
            rpn_action_threshold: 1001,
            effectiveness_wait_business_days: 366,
            ..QualityPolicy::sop_default()
        },
        ..PolicySpec::sop_default()
    };
    let problems = spec.compile().unwrap_err().problems;
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "quality.root_cause_categories[1]",
            "quality.root_cause_categories[2]",
            "quality.repeat_window_days",
            "quality.rpn_action_threshold",
            "quality.effectiveness_wait_business_days",
        ]
    );
    let empty = PolicySpec {
        quality: QualityPolicy {
            root_cause_categories: vec![],
            ..QualityPolicy::sop_default()
        },
        ..PolicySpec::sop_default()
    };
    let problems = empty.compile().unwrap_err().problems;
    assert_eq!(
        problems[0].to_string(),
        "quality.root_cause_categories: needs at least one category"
    );
}

#[cfg(feature = "serde")]
#[test]
fn a_quality_policy_file_may_leave_out_any_field() {
    let policy: QualityPolicy = serde_json::from_str(
        r#"{ "effectiveness_wait_business_days": 20, "capa_required_from": null }"#,
    )
    .unwrap();
    assert_eq!(policy.effectiveness_wait_business_days, 20);
    assert_eq!(policy.capa_required_from, None);
    assert_eq!(
        policy.rpn_action_threshold,
        QualityPolicy::sop_default().rpn_action_threshold
    );
    assert!(
        serde_json::from_str::<QualityPolicy>(r#"{ "rpn": 5 }"#).is_err(),
        "unknown fields are refused"
    );
}
