//! The clocks' invariants over random timelines: signals, status changes into and
//! out of pause statuses, and priority changes, on a business calendar.
#![cfg(feature = "proptest")]

use std::collections::{BTreeMap, VecDeque};
use std::sync::OnceLock;

use casework::calendar::CalendarRange;
use casework::priority::Priority;
use casework::sla::{
    BatchStatus, Change, ClockState, ClockSummary, Entry, Scope, Signal, SlaStatus, Timeline,
    evaluate_batch,
};
use casework::{Policy, PolicySpec};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use proptest::prelude::*;

use crate::case::fixtures::monday;

/// The SOP policy with calendars covering 2026 to 2028 only: cheap to compile once.
fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| {
        let mut spec = PolicySpec::sop_default();
        let range = CalendarRange {
            from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            until: NaiveDate::from_ymd_opt(2028, 1, 1).unwrap(),
        };
        spec.calendar.range = Some(range);
        for calendar in spec.calendars.values_mut() {
            calendar.range = Some(range);
        }
        spec.compile().unwrap()
    })
}

const SCOPE: Scope<'static> = Scope {
    category: "delivery/late",
    channel: "email",
    tier: None,
};

const STATUSES: [&str; 5] = [
    "acknowledged",
    "investigating",
    "waiting_on_customer",
    "waiting_on_third_party",
    "resolved",
];

fn change() -> impl Strategy<Value = Change<'static>> {
    prop_oneof![
        4 => proptest::sample::select(Signal::ALL.to_vec()).prop_map(Change::Signal),
        3 => proptest::sample::select(STATUSES.to_vec()).prop_map(Change::Status),
        1 => (1u8..=5).prop_map(|p| Change::Priority(Priority(p))),
    ]
}

/// A timeline over a few weeks: received at `monday`, then changes minutes to days
/// apart.
fn timeline() -> impl Strategy<Value = Vec<Entry<'static>>> {
    (
        1u8..=5,
        proptest::collection::vec((0i64..3_000, change()), 0..40),
    )
        .prop_map(|(priority, steps)| {
            let mut at = monday();
            let mut entries = vec![
                Entry {
                    at,
                    change: Change::Priority(Priority(priority)),
                },
                Entry {
                    at,
                    change: Change::Signal(Signal::Received),
                },
            ];
            for (minutes, change) in steps {
                at += TimeDelta::minutes(minutes);
                entries.push(Entry { at, change });
            }
            entries
        })
}

fn evaluate(entries: &[Entry<'static>], now: DateTime<Utc>) -> Vec<SlaStatus<'static>> {
    let policy = policy();
    policy
        .sla()
        .evaluate(
            |name| policy.calendar_named(name),
            SCOPE,
            &Timeline::new(entries.iter().copied()),
            now,
        )
        .unwrap()
}

fn later(entries: &[Entry<'static>], minutes: i64) -> DateTime<Utc> {
    entries.last().map_or(monday(), |e| e.at) + TimeDelta::minutes(minutes)
}

proptest! {
    /// Elapsed business time never exceeds wall-clock time, pauses never count,
    /// and the figures agree with each other.
    #[test]
    fn elapsed_is_business_time_less_pauses(entries in timeline(), extra in 0i64..5_000) {
        let now = later(&entries, extra);
        for status in evaluate(&entries, now) {
            let end = status.stopped_at.unwrap_or(now);
            let calendar = policy().calendar_named(&status.target.calendar).unwrap();
            prop_assert!(status.elapsed >= TimeDelta::zero() && status.paused >= TimeDelta::zero());
            prop_assert!(status.elapsed <= end - status.started_at, "{status:#?}");
            prop_assert_eq!(status.elapsed + status.paused, calendar.between(status.started_at, end).unwrap());
            prop_assert_eq!(status.remaining, status.allowed - status.elapsed);
            let breach_passed = status.passed.iter().any(|(t, _)| *t == casework::sla::Threshold::Breach);
            prop_assert_eq!(status.state == ClockState::Breached, breach_passed);
            prop_assert!(status.passed.windows(2).all(|w| w[0].1 <= w[1].1), "in time order");
        }
    }

    /// Met and breached are final: seen again later, a cycle that was met or
    /// breached is still, and only, that.
    #[test]
    fn met_and_breached_are_final(entries in timeline(), cut in 0usize..40, extra in 0i64..50_000) {
        let cut = cut.min(entries.len());
        let t1 = entries.get(cut).map_or(later(&entries, 1), |e| e.at);
        let t2 = later(&entries, extra);
        let before = evaluate(&entries, t1);
        let after = evaluate(&entries, t2.max(t1));
        for earlier in before.iter().filter(|s| s.state.is_final()) {
            let now = after.iter().find(|s| s.metric == earlier.metric && s.cycle == earlier.cycle);
            let now = now.map(|s| s.state);
            // A reopen may resume a met or cancelled cycle; a breach stays a breach.
            if earlier.state == ClockState::Breached {
                prop_assert_eq!(now, Some(ClockState::Breached));
            } else if now != Some(earlier.state) {
                let resumed = entries.iter().any(|e| e.at > t1 && e.change == Change::Signal(Signal::Reopened));
                prop_assert!(resumed, "{} cycle {} was {:?}, now {:?}", earlier.metric, earlier.cycle, earlier.state, now);
            }
        }
    }

    /// Building the timeline entry by entry, in any order, gives what evaluating
    /// the whole history in order gives.
    #[test]
    fn incremental_equals_full_replay(entries in timeline(), seed in any::<u64>(), extra in 0i64..5_000) {
        let now = later(&entries, extra);
        // Push in a random order; entries at the same instant keep their relative
        // order, which is what `push` promises to respect.
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by_key(|i| (*i as u64 ^ seed).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut same_instant: BTreeMap<DateTime<Utc>, VecDeque<usize>> = BTreeMap::new();
        for (i, entry) in entries.iter().enumerate() {
            same_instant.entry(entry.at).or_default().push_back(i);
        }
        let mut incremental = Timeline::default();
        for i in order {
            let at = entries[i].at;
            let next = same_instant.get_mut(&at).and_then(VecDeque::pop_front).unwrap();
            incremental.push(at, entries[next].change);
        }
        let policy = policy();
        let pushed = policy
            .sla()
            .evaluate(|name| policy.calendar_named(name), SCOPE, &incremental, now)
            .unwrap();
        prop_assert_eq!(pushed, evaluate(&entries, now));
    }

    /// A priority change re-targets running clocks and keeps their elapsed and
    /// paused time, where the new target counts on the same calendar.
    #[test]
    fn retargeting_keeps_elapsed_and_paused(entries in timeline(), at in 0usize..40, extra in 0i64..5_000) {
        let now = later(&entries, extra);
        let at = entries.get(at.min(entries.len().saturating_sub(1))).map_or(monday(), |e| e.at);
        let mut retargeted = entries.clone();
        // P4 and P5 resolution targets both count on the business calendar.
        retargeted.push(Entry { at, change: Change::Priority(Priority(4)) });
        let before: Vec<_> = evaluate(&entries, now);
        let after: Vec<_> = evaluate(&retargeted, now);
        for a in &after {
            if let Some(b) = before.iter().find(|b| b.metric == a.metric && b.cycle == a.cycle && b.target.calendar == a.target.calendar) {
                prop_assert_eq!((a.elapsed, a.paused, a.started_at, a.stopped_at), (b.elapsed, b.paused, b.started_at, b.stopped_at));
            }
        }
    }
}

proptest! {
    /// Summarising running clocks at one instant and evaluating the summaries in a
    /// batch later gives what evaluating the full history then gives, as long as
    /// nothing happened in between.
    #[test]
    fn batch_equals_full_evaluation(entries in timeline(), gap in 0i64..20_000, extra in 0i64..20_000) {
        let policy = policy();
        let t1 = later(&entries, gap);
        let t2 = t1 + TimeDelta::minutes(extra);
        let names: Vec<&str> = vec!["business", "always"];
        let calendars: Vec<_> = names.iter().map(|n| policy.calendar_named(n).unwrap()).collect();
        let at_t1 = evaluate(&entries, t1);
        let at_t2 = evaluate(&entries, t2);
        let mut summaries = Vec::new();
        let mut expected = Vec::new();
        for status in &at_t1 {
            let index = names.iter().position(|n| *n == status.target.calendar).unwrap();
            let calendar = calendars[index];
            if let Some(summary) = ClockSummary::of(status, calendar, index as u16).unwrap() {
                prop_assert_eq!(usize::from(summary.calendar()), index);
                summaries.push(summary);
                let later = at_t2.iter().find(|s| s.metric == status.metric && s.cycle == status.cycle).unwrap();
                expected.push(BatchStatus { state: later.state, remaining: later.remaining });
            }
        }
        let batch = evaluate_batch(&summaries, &calendars, policy.sla(), t2).unwrap();
        prop_assert_eq!(batch, expected);
    }
}
