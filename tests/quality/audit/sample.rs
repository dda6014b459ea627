//! The deterministic audit sample: pinned by a snapshot for fixed inputs,
//! and its properties over random candidates.

use std::collections::{BTreeMap, BTreeSet};

use casework::quality::audit::{Candidate, SAMPLE_TAG, Sampling, rank, sample};
use casework::{ActorId, CaseId};
use proptest::prelude::*;
use uuid::Uuid;

fn agent(n: u128) -> ActorId {
    ActorId::from_uuid(Uuid::from_u128(n))
}

fn case(n: u128) -> CaseId {
    CaseId::from_uuid(Uuid::from_u128(n))
}

/// Three agents over two months: 7, 3 and 1 cases in November, 4 of the
/// first agent's in December, and one case listed twice.
fn fixed() -> Vec<Candidate> {
    let mut candidates = Vec::new();
    for n in 1..=7 {
        candidates.push(Candidate::new(case(0x100 + n), agent(1), "2026-11"));
    }
    for n in 1..=3 {
        candidates.push(Candidate::new(case(0x200 + n), agent(2), "2026-11"));
    }
    candidates.push(Candidate::new(case(0x301), agent(3), "2026-11"));
    for n in 1..=4 {
        candidates.push(Candidate::new(case(0x400 + n), agent(1), "2026-12"));
    }
    candidates.push(Candidate::new(case(0x101), agent(1), "2026-11"));
    candidates
}

#[cfg(feature = "serde")]
#[test]
fn the_sample_of_fixed_candidates_is_pinned() {
    // The rank itself: SHA-256 of the tag, the period and the id, pinned.
    let hex: String = rank("2026-11", case(0x101))
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    insta::assert_snapshot!("audit_sample_rank", hex);
    insta::assert_json_snapshot!(
        "audit_sample_per_agent",
        sample(&fixed(), Sampling::PerAgent { cases: 2 })
    );
    insta::assert_json_snapshot!(
        "audit_sample_percent",
        sample(&fixed(), Sampling::Percent { percent: 30 })
    );
}

#[test]
fn a_percentage_rounds_up_so_that_every_agent_is_audited() {
    assert_eq!(SAMPLE_TAG, "casework/quality/audit-sample/v1");
    let drawn = sample(&fixed(), Sampling::Percent { percent: 30 });
    let sizes: Vec<(&str, ActorId, usize, usize)> = drawn
        .agents
        .iter()
        .map(|a| (a.period.as_str(), a.agent, a.candidates, a.cases.len()))
        .collect();
    assert_eq!(
        sizes,
        [
            // 30 % of 7 is 2.1: 3; of 3, 0.9: 1; of 1: 1; of 4, 1.2: 2.
            ("2026-11", agent(1), 7, 3),
            ("2026-11", agent(2), 3, 1),
            ("2026-11", agent(3), 1, 1),
            ("2026-12", agent(1), 4, 2),
        ]
    );
    assert_eq!(Sampling::Percent { percent: 100 }.quota(7), 7);
    assert_eq!(Sampling::Percent { percent: 1 }.quota(0), 0);
    assert_eq!(Sampling::PerAgent { cases: 2 }.quota(1), 1);
}

fn candidates() -> impl Strategy<Value = Vec<Candidate>> {
    let one = (
        0u128..40,
        1u128..5,
        prop_oneof![Just("2026-10"), Just("2026-11")],
    )
        .prop_map(|(c, a, p)| Candidate::new(case(c), agent(a), p));
    proptest::collection::vec(one, 0..60)
}

fn sampling() -> impl Strategy<Value = Sampling> {
    prop_oneof![
        (1u32..6).prop_map(|cases| Sampling::PerAgent { cases }),
        (1u8..=100).prop_map(|percent| Sampling::Percent { percent }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_sample_is_a_function_of_the_set_of_candidates(
        candidates in candidates(),
        sampling in sampling(),
        seed in any::<u64>(),
    ) {
        let drawn = sample(&candidates, sampling);
        // Deterministic.
        prop_assert_eq!(&sample(&candidates, sampling), &drawn);
        // In any order, and listed twice.
        let mut shuffled = candidates.clone();
        let len = shuffled.len();
        if len > 1 {
            for i in 0..len {
                let j = usize::try_from((seed.rotate_left(i as u32) ^ i as u64) % len as u64).unwrap();
                shuffled.swap(i, j);
            }
        }
        shuffled.extend(candidates.iter().take(3).cloned());
        prop_assert_eq!(&sample(&shuffled, sampling), &drawn);
    }

    #[test]
    fn each_agent_gets_its_quota_of_its_own_lowest_ranked_cases(
        candidates in candidates(),
        sampling in sampling(),
    ) {
        let drawn = sample(&candidates, sampling);
        let mut groups: BTreeMap<(String, ActorId), BTreeSet<CaseId>> = BTreeMap::new();
        for c in &candidates {
            groups.entry((c.period.clone(), c.agent)).or_default().insert(c.case);
        }
        let keys: Vec<(String, ActorId)> = drawn.agents.iter().map(|a| (a.period.clone(), a.agent)).collect();
        prop_assert_eq!(keys, groups.keys().cloned().collect::<Vec<_>>(), "one entry per period and agent, in order");
        for group in &drawn.agents {
            let own = &groups[&(group.period.clone(), group.agent)];
            prop_assert_eq!(group.candidates, own.len());
            let n = group.cases.len();
            match sampling {
                Sampling::PerAgent { cases } => {
                    prop_assert_eq!(n, (cases as usize).min(own.len()));
                }
                Sampling::Percent { percent } => {
                    // At least the percentage, less than one case more, and never none.
                    prop_assert!(n * 100 >= own.len() * usize::from(percent));
                    prop_assert!((n - 1) * 100 < own.len() * usize::from(percent));
                    prop_assert!(n >= 1 && n <= own.len());
                }
                _ => unreachable!(),
            }
            // Its own cases, each once, lowest rank first, none lower left out.
            let ranks: Vec<[u8; 32]> = group.cases.iter().map(|c| rank(&group.period, *c)).collect();
            prop_assert!(ranks.windows(2).all(|w| w[0] < w[1]));
            for case in &group.cases {
                prop_assert!(own.contains(case));
            }
            let highest = ranks.last().copied().unwrap();
            let left_lower = own.iter().filter(|c| !group.cases.contains(c)).any(|c| rank(&group.period, *c) < highest);
            prop_assert!(!left_lower);
        }
    }
}
