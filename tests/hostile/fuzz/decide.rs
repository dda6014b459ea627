//! Fuzz check `decide`: a sequence of commands, each by an actor with roles
//! and at an instant the input chooses, recorded on one of the library's
//! aggregates (the case, the non-conformance, the CAPA, the QA case audit, the
//! service order, the SOP document, the review meeting and the feedback item).
//!
//! A command is one of the aggregate's seed commands (`commands/*.json`,
//! sampled from the property tests' generators), its JSON then changed as the
//! input says: a value replaced by another seen in the seeds, by text, a
//! number, an instant near the step's time, `null`, or removed. What does not
//! read as a command is skipped.
//!
//! Checked, for every step: no panic; a refused command leaves the state as it
//! was; accepted events are stamped with the next versions, the step's instant
//! and actor; asking for the next deadline never panics. At the end: the
//! history replays to the live state, and (for the aggregates the storage port
//! keeps) stored through [`InMemoryStore`] it verifies and reads back event for
//! event.

use std::fmt::Debug;
use std::sync::OnceLock;

use casework::case::Case;
use casework::delivery::ServiceOrder;
use casework::feedback::item::FeedbackItem;
use casework::governance::document::Document;
use casework::governance::meeting::ReviewMeeting;
use casework::quality::audit::CaseAudit;
use casework::quality::capa::Capa;
use casework::quality::nonconformance::NonConformance;
use casework::store::{CaseStore, ExpectedVersion, InMemoryStore, Payload, verify_history};
use casework::{Actor, ActorId, Aggregate, Ctx, Policy, Recorded, Role, Version};
use chrono::{DateTime, TimeDelta, Utc};
use serde::de::DeserializeOwned;
use serde_json::Value;
use uuid::Uuid;

use super::input::Input;

/// The most steps one input takes.
const MAX_STEPS: usize = 48;

/// An aggregate's seed commands, and what can be put in them.
pub struct Seeds {
    /// The seed commands.
    pub commands: Vec<Value>,
    /// Those that create the aggregate.
    pub creations: Vec<usize>,
    /// Every value found anywhere in the seeds, whole objects and lists too.
    pub values: Vec<Value>,
}

/// The aggregates: their names, seed commands and creation commands.
pub const AGGREGATES: [(&str, &str, &[&str]); 8] = [
    ("case", include_str!("commands/case.json"), &["log"]),
    (
        "nonconformance",
        include_str!("commands/nonconformance.json"),
        &["report"],
    ),
    ("capa", include_str!("commands/capa.json"), &["open_capa"]),
    (
        "audit",
        include_str!("commands/audit.json"),
        &["open_audit"],
    ),
    (
        "delivery",
        include_str!("commands/delivery.json"),
        &["open_service_order"],
    ),
    (
        "document",
        include_str!("commands/document.json"),
        &["create_document"],
    ),
    (
        "meeting",
        include_str!("commands/meeting.json"),
        &["schedule_review_meeting"],
    ),
    (
        "feedback",
        include_str!("commands/feedback.json"),
        &["record_customer_feedback", "record_staff_feedback"],
    ),
];

/// The seeds of aggregate `i` of [`AGGREGATES`], read once.
pub fn seeds(i: usize) -> &'static Seeds {
    static SEEDS: OnceLock<Vec<Seeds>> = OnceLock::new();
    let all = SEEDS.get_or_init(|| {
        AGGREGATES
            .iter()
            .map(|(name, json, creating)| {
                let commands: Vec<Value> = serde_json::from_str(json)
                    .unwrap_or_else(|e| panic!("commands/{name}.json: {e}"));
                let creations = (0..commands.len())
                    .filter(|i| {
                        let kind = commands[*i].get("command").and_then(Value::as_str);
                        kind.is_some_and(|k| creating.contains(&k))
                    })
                    .collect();
                let mut values = Vec::new();
                for command in &commands {
                    collect(command, &mut values);
                }
                values.sort_by_key(Value::to_string);
                values.dedup();
                Seeds {
                    commands,
                    creations,
                    values,
                }
            })
            .collect()
    });
    &all[i]
}

fn collect(value: &Value, into: &mut Vec<Value>) {
    into.push(value.clone());
    match value {
        Value::Array(items) => items.iter().for_each(|v| collect(v, into)),
        Value::Object(fields) => fields.values().for_each(|v| collect(v, into)),
        _ => {}
    }
}

/// The policy every aggregate decides under: the SOP default.
pub fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| Policy::sop_default().expect("the SOP default compiles"))
}

/// Monday 23 November 2026, 09:00 UTC: the seeds' day.
fn monday() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T09:00:00Z")
        .expect("an instant")
        .with_timezone(&Utc)
}

/// Runs one input.
pub fn check(data: &[u8]) {
    let mut input = Input::new(data);
    match input.choose(AGGREGATES.len()) {
        0 => stored(&run::<Case>(&mut input, 0)),
        1 => stored(&run::<NonConformance>(&mut input, 1)),
        2 => stored(&run::<Capa>(&mut input, 2)),
        3 => drop(run::<CaseAudit>(&mut input, 3)),
        4 => stored(&run::<ServiceOrder>(&mut input, 4)),
        5 => stored(&run::<Document>(&mut input, 5)),
        6 => stored(&run::<ReviewMeeting>(&mut input, 6)),
        _ => stored(&run::<FeedbackItem>(&mut input, 7)),
    }
}

/// The node number `n` of `value` in depth-first order, the root excluded.
fn node_mut<'v>(value: &'v mut Value, n: &mut usize) -> Option<(&'v mut Value, Option<String>)> {
    let children: Vec<(&mut Value, Option<String>)> = match value {
        Value::Array(items) => items.iter_mut().map(|v| (v, None)).collect(),
        Value::Object(fields) => fields
            .iter_mut()
            .map(|(k, v)| (v, Some(k.clone())))
            .collect(),
        _ => return None,
    };
    for (child, key) in children {
        if *n == 0 {
            return Some((child, key));
        }
        *n -= 1;
        if let Some(found) = node_mut(child, n) {
            return Some(found);
        }
    }
    None
}

fn count_nodes(value: &Value) -> usize {
    match value {
        Value::Array(items) => items.iter().map(|v| 1 + count_nodes(v)).sum(),
        Value::Object(fields) => fields.values().map(|v| 1 + count_nodes(v)).sum(),
        _ => 0,
    }
}

/// A seed command of aggregate `which`, changed as the input says.
fn command(input: &mut Input<'_>, which: usize, first: bool, now: DateTime<Utc>) -> Value {
    let seeds = seeds(which);
    let mut value = if first && input.choose(8) != 0 {
        seeds.commands[*input.pick(&seeds.creations)].clone()
    } else {
        input.pick(&seeds.commands).clone()
    };
    for _ in 0..input.choose(4) {
        let nodes = count_nodes(&value);
        if nodes == 0 {
            break;
        }
        let mut n = input.choose(nodes);
        let how = input.choose(9);
        let fresh = match how {
            0..=2 => input.pick(&seeds.values).clone(),
            3 => Value::String(input.text(24)),
            4 => Value::from(input.in_range(-3, 1000)),
            5 => Value::from(input.i64()),
            6 => {
                let at = now + TimeDelta::minutes(input.in_range(-30 * 1440, 400 * 1440));
                Value::String(at.to_rfc3339())
            }
            7 => Value::Null,
            _ => Value::Bool(input.bool()),
        };
        let remove = input.choose(6) == 0;
        if let Some((node, key)) = node_mut(&mut value, &mut n) {
            if remove && key.is_some() {
                *node = Value::Null;
                strip_nulls_named(&mut value, key.as_deref());
            } else if key.as_deref() != Some("command") || how <= 2 {
                *node = fresh;
            }
        }
    }
    value
}

/// Removes the fields named `key` whose value is `null` (a removed field).
fn strip_nulls_named(value: &mut Value, key: Option<&str>) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(|v| strip_nulls_named(v, key)),
        Value::Object(fields) => {
            if let Some(key) = key {
                if fields.get(key).is_some_and(Value::is_null) {
                    fields.remove(key);
                }
            }
            fields.values_mut().for_each(|v| strip_nulls_named(v, key));
        }
        _ => {}
    }
}

/// The actor of a step: one of four people, with the roles the input names.
fn actor(input: &mut Input<'_>) -> Actor {
    let id = ActorId::from_uuid(Uuid::from_u128(1 + input.in_range(0, 3) as u128));
    let mask = input.u8();
    let roles = Role::SOP
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, role)| *role);
    Actor::new(id, roles)
}

/// Records the input's steps on a new `A`, checking each; returns the history.
fn run<A>(input: &mut Input<'_>, which: usize) -> Vec<Recorded<A::Event>>
where
    A: Aggregate + Clone + PartialEq + Debug,
    A::Command: DeserializeOwned + Debug,
    A::Event: Clone + PartialEq + Debug,
    A::Error: Debug,
{
    let policy = policy();
    let mut state = A::default();
    let mut history: Vec<Recorded<A::Event>> = Vec::new();
    let mut now = monday();
    for step in 0..MAX_STEPS {
        if input.is_empty() {
            break;
        }
        now += match input.choose(8) {
            0 => TimeDelta::minutes(-input.in_range(0, 240)),
            1..=4 => TimeDelta::minutes(input.in_range(0, 600)),
            5 | 6 => TimeDelta::minutes(input.in_range(600, 6000)),
            _ => TimeDelta::days(input.in_range(0, 800)),
        };
        let actor = actor(input);
        let ctx = Ctx::new(now, actor, policy);
        if input.choose(6) == 0 {
            let before = state.clone();
            match state.record_due(&ctx) {
                Ok(recorded) => stamped(&before, &recorded, &ctx, &mut history),
                Err(_) => assert_eq!(
                    state, before,
                    "a refused deadline command changed the state"
                ),
            }
            continue;
        }
        let json = command(input, which, step == 0, now);
        let Ok(command) = serde_json::from_value::<A::Command>(json) else {
            continue;
        };
        let before = state.clone();
        match state.record(&command, &ctx) {
            Ok(recorded) => stamped(&before, &recorded, &ctx, &mut history),
            Err(_) => assert_eq!(state, before, "refused {command:?}, yet the state changed"),
        }
        let _ = state.next_deadline(policy);
    }
    let replayed =
        A::replay(&history).unwrap_or_else(|e| panic!("a recorded history does not replay: {e}"));
    assert_eq!(replayed, state, "the history replays to another state");
    let _ = A::ensure_covered(&history, policy);
    history
}

/// Checks the envelopes of what one decision recorded, and keeps it.
fn stamped<A: Aggregate>(
    before: &A,
    recorded: &[Recorded<A::Event>],
    ctx: &Ctx<'_>,
    history: &mut Vec<Recorded<A::Event>>,
) where
    A::Event: Clone,
{
    let mut version = before.version();
    for r in recorded {
        version = version.next();
        assert_eq!(r.version, version, "recorded out of sequence");
        assert_eq!(
            (r.at, r.actor),
            (ctx.now(), ctx.actor().id),
            "stamped wrongly"
        );
        assert!(
            r.stream != casework::StreamId::from_uuid(Uuid::nil()),
            "the nil stream"
        );
    }
    history.extend(recorded.iter().cloned());
}

/// Stores `history` decision by decision as a store does, then verifies the
/// stored rows and reads every event whose personal part is kept back as it
/// was recorded.
fn stored<Ev>(history: &[Recorded<Ev>])
where
    Ev: Payload + Clone + PartialEq + Debug,
{
    let Some(first) = history.first() else {
        return;
    };
    let stream = first.stream;
    let mut store = InMemoryStore::<Ev>::new();
    for recorded in history {
        CaseStore::append(
            &mut store,
            stream,
            ExpectedVersion::Any,
            std::slice::from_ref(recorded),
        )
        .unwrap_or_else(|e| panic!("{} does not store: {e}", recorded.version));
    }
    let rows = CaseStore::<Ev>::load_rows(&mut store, stream, Version::ZERO)
        .unwrap_or_else(|e| panic!("the rows do not load: {e}"));
    assert_eq!(rows.len(), history.len());
    let verified =
        verify_history(stream, &rows).unwrap_or_else(|e| panic!("a stored history fails: {e}"));
    assert_eq!(
        verified.checkpoint.version,
        history.last().map_or(Version::ZERO, |r| r.version)
    );
    for (row, recorded) in rows.iter().zip(history) {
        let read = row
            .decode::<Ev, std::convert::Infallible>()
            .unwrap_or_else(|e| panic!("{} does not read back: {e}", recorded.version));
        if row.erased_by.is_none() {
            assert_eq!(&read, recorded, "an event reads back changed");
        }
    }
}
