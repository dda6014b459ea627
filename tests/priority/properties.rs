//! The properties of severity rules, the priority matrix and escalation ladders,
//! over random valid configurations.
#![cfg(feature = "proptest")]

use casework::calendar::{CalendarRange, CalendarSpec};
use casework::priority::{CaseFacts, Impact, Priority, SeverityRules, Urgency};
use casework::strategy::{
    channel, escalation_ladder, priority_matrix, severity, severity_facts, severity_rules,
};
use casework::{Channel, PolicySpec, Severity};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use proptest::prelude::*;

use crate::case::fixtures::monday;

fn case_facts<'a>(
    channel: &'a Channel,
    category: &'static str,
    received_at: DateTime<Utc>,
) -> CaseFacts<'a> {
    CaseFacts {
        channel,
        category,
        received_at,
    }
}

proptest! {
    #[test]
    fn raising_impact_or_urgency_never_lowers_the_priority(matrix in priority_matrix(), severity in severity()) {
        prop_assert!(matrix.problems().is_empty(), "{:?}", matrix.problems());
        let (impacts, urgencies) = (matrix.impacts.len() as u8, matrix.urgencies.len() as u8);
        for i in 1..=impacts {
            for u in 1..=urgencies {
                let here = matrix.priority(Impact(i), Urgency(u), severity).unwrap();
                prop_assert!((1..=matrix.priorities).contains(&here.0));
                // Impact 1 and urgency 1 are the highest: a smaller number is higher.
                if i > 1 {
                    let higher_impact = matrix.priority(Impact(i - 1), Urgency(u), severity).unwrap();
                    prop_assert!(higher_impact <= here, "{higher_impact} at impact {} vs {here}", i - 1);
                }
                if u > 1 {
                    let higher_urgency = matrix.priority(Impact(i), Urgency(u - 1), severity).unwrap();
                    prop_assert!(higher_urgency <= here);
                }
                // The severity floor only ever makes a priority more pressing.
                if let Some(floor) = matrix.severity_floor.get(&severity) {
                    prop_assert!(here <= Priority(*floor));
                }
            }
        }
    }

    /// A rule set's assessment is the composition of its rules' assessments: the
    /// severity is the highest of the baseline and each rule's, and exactly the rules
    /// that fire alone are named, in order.
    #[test]
    fn severity_is_the_maximum_of_the_fired_rules(
        rules in severity_rules(),
        facts in severity_facts(monday()),
        channel in channel(),
        category in proptest::sample::select(vec!["delivery/late", "billing/refund", "service", "other"]),
    ) {
        prop_assert!(rules.problems().is_empty());
        let case = case_facts(&channel, category, monday());
        let all = rules.assess(&facts, case);
        let mut expected_severity = rules.baseline.max(facts.assessed.unwrap_or(Severity::Low));
        let mut expected_fired: Vec<String> = facts.assessed.map(|_| "assessed".to_owned()).into_iter().collect();
        for rule in &rules.rules {
            let alone = SeverityRules { baseline: Severity::Low, rules: vec![rule.clone()] };
            let without_assessment = casework::priority::SeverityFacts { assessed: None, ..facts.clone() };
            let one = alone.assess(&without_assessment, case);
            if one.fired == [rule.name.clone()] {
                prop_assert!(one.severity >= rule.min);
                expected_severity = expected_severity.max(rule.min);
                expected_fired.push(rule.name.clone());
            } else {
                prop_assert!(one.fired.is_empty());
                prop_assert_eq!(one.severity, Severity::Low);
            }
        }
        prop_assert_eq!(all.severity, expected_severity);
        prop_assert_eq!(all.fired, expected_fired);
    }

    /// More facts never lower a severity: turning on a safety or regulatory flag, or
    /// adding affected customers, only raises it or keeps it.
    #[test]
    fn worse_facts_never_lower_the_severity(
        rules in severity_rules(),
        facts in severity_facts(monday()),
        more_customers in 0u32..500,
    ) {
        let case = case_facts(&Channel::Email, "other", monday());
        let before = rules.assess(&facts, case).severity;
        let worse = casework::priority::SeverityFacts {
            safety_issue: true,
            regulatory: true,
            customers_affected: facts.customers_affected.saturating_add(more_customers),
            ..facts.clone()
        };
        prop_assert!(rules.assess(&worse, case).severity >= before);
    }

    #[test]
    fn ladder_instants_are_non_decreasing_by_level(
        ladder in escalation_ladder(Priority(1), "business", 5),
        start_minutes in 0i64..(60 * 24 * 365),
        zone in proptest::sample::select(vec!["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe"]),
        overnight in any::<bool>(),
    ) {
        let mut spec = PolicySpec::sop_default().calendar;
        spec.time_zone = zone.to_owned();
        if overnight {
            spec = spec.with_weekday_hours(vec![casework::calendar::TimeRange::new("22:00", "06:00")]);
        }
        // Four years are enough for a year of starts and a week of levels, and cheap.
        let range = CalendarRange {
            from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            until: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
        };
        spec.range = Some(range);
        let calendar = spec.compile().unwrap();
        let always = CalendarSpec::twenty_four_seven(zone).with_range(range).compile().unwrap();
        let start = monday() + TimeDelta::minutes(start_minutes);
        for calendar in [&calendar, &always] {
            let instants = ladder.instants(calendar, start).unwrap();
            prop_assert_eq!(instants.len(), ladder.levels.len());
            for pair in instants.windows(2) {
                prop_assert!(pair[0] <= pair[1], "{:?}", instants);
            }
            prop_assert!(instants.iter().all(|at| *at >= start));
        }
    }
}
