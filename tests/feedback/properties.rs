//! Retention: a disposal date is never earlier than the record plus its
//! months, and a legal hold always blocks disposal.

use casework::feedback::{LegalHold, Retention};
use chrono::{DateTime, TimeDelta, Utc};
use proptest::prelude::*;

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    // 1970 to 2200, to the second.
    (0i64..7_258_118_400).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
}

proptest! {
    #[test]
    fn disposal_is_never_early_and_a_hold_always_blocks(
        at in instant(),
        months in 1u32..=120,
        after in -400i64..4_000,
        hold_from in -4_000i64..4_000,
        hold_days in proptest::option::of(0i64..400),
    ) {
        let retention = Retention { months };
        let due = retention.disposal_at(at).unwrap();
        // At least 28 days a month, at most 31, and never before.
        prop_assert!(due - at >= TimeDelta::days(28 * i64::from(months)));
        prop_assert!(due - at <= TimeDelta::days(31 * i64::from(months)));
        let now = due + TimeDelta::days(after);
        prop_assert_eq!(retention.may_dispose(at, now, &[]), now >= due);
        let from = now + TimeDelta::days(hold_from);
        let hold = LegalHold {
            reason: "Claim".to_owned(),
            from,
            until: hold_days.map(|d| from + TimeDelta::days(d)),
        };
        if hold.covers(now) {
            prop_assert!(!retention.may_dispose(at, now, &[hold]));
        }
    }
}
