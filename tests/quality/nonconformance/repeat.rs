//! Repeat detection: the pure function's window edges and filters, and the
//! `FlagRepeat` command that runs it.

use casework::Aggregate as _;
use casework::quality::nonconformance::{
    Command, Event, NonConformance, RepeatKey, SourceKind, repeats,
};
use casework::{NonConformanceId, Severity};
use chrono::{DateTime, TimeDelta, Utc};

use super::fixtures::{Desk, analysis, manager, monday, ncr_id, other_ncr, root_cause};

fn key(id: NonConformanceId, source: SourceKind, cause: &str, at: DateTime<Utc>) -> RepeatKey {
    RepeatKey {
        id,
        source,
        root_cause: cause.to_owned(),
        reported_at: at,
    }
}

#[test]
fn repeat_detection_table() {
    let now = monday();
    let day = TimeDelta::days(1);
    let second = TimeDelta::seconds(1);
    let candidate = key(ncr_id(), SourceKind::Supplier, "supplier", now);
    let same = |at| key(other_ncr(1), SourceKind::Supplier, "supplier", at);
    // (earlier, window in days, is a repeat)
    let cases = [
        (same(now - day * 30), 180, true),
        (same(now - day * 180), 180, true),
        (same(now - day * 180 - second), 180, false),
        (same(now), 180, true),
        (same(now + second), 180, false),
        (same(now + day), 180, false),
        (same(now), 0, true),
        (same(now - second), 0, false),
        (same(now - day), 1, true),
        (same(now - day * 3650), 3650, true),
        (same(now - day * 3651), 3650, false),
        (
            key(
                other_ncr(1),
                SourceKind::InternalAudit,
                "supplier",
                now - day,
            ),
            180,
            false,
        ),
        (
            key(other_ncr(1), SourceKind::Supplier, "process", now - day),
            180,
            false,
        ),
        (
            key(other_ncr(1), SourceKind::Supplier, "Supplier", now - day),
            180,
            false,
        ),
        (
            key(ncr_id(), SourceKind::Supplier, "supplier", now - day),
            180,
            false,
        ),
    ];
    for (earlier, window, expected) in cases {
        let found = repeats(&candidate, [&earlier], window);
        let want = if expected {
            vec![earlier.id]
        } else {
            Vec::new()
        };
        assert_eq!(found, want, "{earlier:?} within {window} days");
    }
}

#[test]
fn repeats_keeps_the_order_given_and_each_id_once() {
    let now = monday();
    let candidate = key(ncr_id(), SourceKind::Inspection, "system", now);
    let earlier = [
        key(
            other_ncr(3),
            SourceKind::Inspection,
            "system",
            now - TimeDelta::days(3),
        ),
        key(
            other_ncr(1),
            SourceKind::Inspection,
            "system",
            now - TimeDelta::days(1),
        ),
        key(
            other_ncr(2),
            SourceKind::Supplier,
            "system",
            now - TimeDelta::days(1),
        ),
        key(
            other_ncr(3),
            SourceKind::Inspection,
            "system",
            now - TimeDelta::days(2),
        ),
    ];
    assert_eq!(
        repeats(&candidate, &earlier, 30),
        [other_ncr(3), other_ncr(1)]
    );
    assert!(repeats(&candidate, &[], 30).is_empty());
}

#[test]
fn the_repeat_key_needs_the_root_cause() {
    let desk = Desk::investigating(Severity::Low);
    assert_eq!(desk.ncr.repeat_key(), None);
    let desk = Desk::root_caused(Severity::Low);
    assert_eq!(
        desk.ncr.repeat_key(),
        Some(key(
            ncr_id(),
            SourceKind::Supplier,
            "supplier",
            desk.ncr.reported_at().unwrap()
        ))
    );
}

#[test]
fn flag_repeat_records_only_the_repeats_not_flagged_before() {
    let mut desk = Desk::root_caused(Severity::Low);
    let reported = desk.ncr.reported_at().unwrap();
    let at = |days| reported - TimeDelta::days(days);
    let first = vec![
        key(other_ncr(1), SourceKind::Supplier, "supplier", at(10)),
        key(other_ncr(2), SourceKind::Supplier, "process", at(10)),
        key(other_ncr(3), SourceKind::Supplier, "supplier", at(400)),
    ];
    let events = desk.ok(manager(), Command::FlagRepeat { earlier: first });
    assert_eq!(
        events,
        [Event::RepeatFlagged {
            repeats: vec![other_ncr(1)],
            window_days: 180
        }]
    );
    let second = vec![
        key(other_ncr(1), SourceKind::Supplier, "supplier", at(10)),
        key(other_ncr(4), SourceKind::Supplier, "supplier", at(100)),
    ];
    let events = desk.ok(manager(), Command::FlagRepeat { earlier: second });
    assert_eq!(
        events,
        [Event::RepeatFlagged {
            repeats: vec![other_ncr(4)],
            window_days: 180
        }]
    );
    assert_eq!(desk.ncr.repeats(), [other_ncr(1), other_ncr(4)]);
    assert!(desk.ncr.is_repeat());

    // The same category again keeps them; another category clears them.
    desk.ok(manager(), root_cause());
    assert!(desk.ncr.is_repeat());
    desk.ok(
        manager(),
        Command::RecordRootCause {
            analysis: analysis("process"),
        },
    );
    assert!(
        !desk.ncr.is_repeat(),
        "repeats of the old category remained"
    );
    assert_eq!(NonConformance::replay(&desk.history).unwrap(), desk.ncr);
}
