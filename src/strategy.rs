//! proptest strategies and `Arbitrary` impls for the crate's types (feature
//! `proptest`).
//!
//! Use them to drive your own property tests with the same generators the crate's
//! tests use.
//!
//! # Example
//! A property of the SOP's case rules, over random sequences of commands by
//! random people of a desk: a refused command leaves the case as it was, and
//! the events of the accepted ones replay to the same case.
//! ```
//! use casework::case::Case;
//! use casework::strategy::{case_actor, case_command};
//! use casework::{Aggregate, CaseId, Ctx, Policy};
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use proptest::prelude::*;
//! use proptest::test_runner::{Config, TestRunner};
//! use uuid::Uuid;
//!
//! let policy = Policy::sop_default()?;
//! let id = CaseId::from_uuid(Uuid::from_u128(42));
//! let start = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
//! let steps = proptest::collection::vec((case_command(id, start), case_actor()), 1..24);
//!
//! let mut runner = TestRunner::new(Config { cases: 32, ..Config::default() });
//! runner.run(&steps, |steps| {
//!     let mut case = Case::default();
//!     let mut history = Vec::new();
//!     for (half_hours, (command, actor)) in (0..).zip(steps) {
//!         let ctx = Ctx::new(start + TimeDelta::minutes(30 * half_hours), actor, &policy);
//!         let before = case.version();
//!         match case.record(&command, &ctx) {
//!             Ok(events) => history.extend(events),
//!             Err(_) => prop_assert_eq!(case.version(), before),
//!         }
//!     }
//!     let replayed = Case::replay(&history).map_err(|e| TestCaseError::fail(e.to_string()))?;
//!     prop_assert_eq!((replayed.version(), replayed.status()), (case.version(), case.status()));
//!     Ok(())
//! }).map_err(|failure| failure.to_string())?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use proptest::prelude::*;
use uuid::Uuid;

use crate::actor::{Actor, CaseCommandKind, CommandKind, Role, RoleSet};
use crate::calendar::CalendarRange;
use crate::case::{
    Assignee, CaseKind, CasePolicy, Command, FirstContactResolution, Intake, LifecycleSpec,
    NoteVisibility, QualityRecord, ReopenPolicy, Resolution, Status,
};
use crate::channel::Channel;
use crate::id::{ActorId, CapaId, CaseId, CustomerRef, NonConformanceId, Reference, TeamId};
use crate::policy::PolicySpec;
use crate::priority::{
    Condition, EscalationAction, EscalationLadder, EscalationLevel, Impact, Milestone, Priority,
    PriorityMatrix, Severity, SeverityFacts, SeverityRule, SeverityRules, Urgency,
};

/// Any role.
pub fn role() -> impl Strategy<Value = Role> {
    proptest::sample::select(Role::SOP.to_vec())
}

/// Any command kind.
pub fn command_kind() -> impl Strategy<Value = CommandKind> {
    proptest::sample::select(CommandKind::ALL.to_vec())
}

/// Any set of roles, the empty set included.
pub fn role_set() -> impl Strategy<Value = RoleSet> {
    proptest::collection::vec(role(), 0..4).prop_map(RoleSet::from_iter)
}

/// An actor with one of `ids` distinct ids (small counts make collisions between
/// actors likely, which is what four-eyes rules need) and any roles.
pub fn actor(ids: u128) -> impl Strategy<Value = Actor> {
    (1..=ids.max(1), role_set()).prop_map(|(n, roles)| Actor {
        id: ActorId::from_uuid(Uuid::from_u128(n)),
        roles,
    })
}

/// Any channel; `Other` gets a short label.
pub fn channel() -> impl Strategy<Value = Channel> {
    prop_oneof![
        Just(Channel::Phone),
        Just(Channel::Email),
        Just(Channel::LiveChat),
        Just(Channel::SocialMedia),
        Just(Channel::Sms),
        Just(Channel::WebForm),
        Just(Channel::InPerson),
        "[a-z]{1,12}".prop_map(Channel::Other),
    ]
}

/// Any valid reference.
pub fn reference() -> impl Strategy<Value = Reference> {
    (
        "[A-Z][A-Z0-9]{1,7}",
        1000u16..=9999,
        1..=Reference::MAX_SEQUENCE,
    )
        .prop_filter_map("valid by construction", |(prefix, year, sequence)| {
            Reference::new(&prefix, year, sequence).ok()
        })
}

/// Any severity.
pub fn severity() -> impl Strategy<Value = Severity> {
    proptest::sample::select(Severity::ALL.to_vec())
}

/// Any subset of the severities.
pub fn severities() -> impl Strategy<Value = Vec<Severity>> {
    proptest::sample::subsequence(Severity::ALL.to_vec(), 0..=Severity::ALL.len())
}

/// Severity facts as of `now`: mostly unremarkable, sometimes with a safety or
/// regulatory issue, a financial impact, many customers affected, a key account, or
/// earlier complaints in the past year.
pub fn severity_facts(now: DateTime<Utc>) -> impl Strategy<Value = SeverityFacts> {
    (
        proptest::option::weighted(0.3, severity()),
        proptest::bool::weighted(0.05),
        proptest::bool::weighted(0.05),
        proptest::option::weighted(0.2, 0u64..1_000_000),
        prop_oneof![8 => 0u32..3, 2 => 0u32..200],
        proptest::option::weighted(
            0.2,
            proptest::sample::select(vec!["key_account".to_owned(), "standard".to_owned()]),
        ),
        proptest::collection::vec(0i64..365, 0..4),
    )
        .prop_map(
            move |(
                assessed,
                safety_issue,
                regulatory,
                financial_impact,
                customers_affected,
                customer_tier,
                days_ago,
            )| {
                SeverityFacts {
                    assessed,
                    safety_issue,
                    regulatory,
                    financial_impact,
                    customers_affected,
                    customer_tier,
                    earlier_complaints: days_ago
                        .into_iter()
                        .map(|days| now - TimeDelta::days(days))
                        .collect(),
                }
            },
        )
}

/// An impact level: 1 to 3 (the default matrix's), sometimes 0 or 4, which no
/// default matrix has.
pub fn impact() -> impl Strategy<Value = Impact> {
    prop_oneof![19 => 1u8..=3, 1 => prop_oneof![Just(0u8), Just(4u8)]].prop_map(Impact)
}

/// An urgency level: 1 to 3, sometimes 0 or 4.
pub fn urgency() -> impl Strategy<Value = Urgency> {
    prop_oneof![19 => 1u8..=3, 1 => prop_oneof![Just(0u8), Just(4u8)]].prop_map(Urgency)
}

/// A valid, monotone priority matrix of 3 to 5 impacts and urgencies, with a
/// severity floor for some severities.
pub fn priority_matrix() -> impl Strategy<Value = PriorityMatrix> {
    (3usize..=5, 3usize..=5, 2u8..=9)
        .prop_flat_map(|(impacts, urgencies, priorities)| {
            (
                Just((impacts, urgencies, priorities)),
                proptest::collection::vec(
                    proptest::collection::vec(1..=priorities, urgencies),
                    impacts,
                ),
                proptest::collection::btree_map(severity(), 1..=priorities, 0..3),
            )
        })
        .prop_map(
            |((impacts, urgencies, priorities), mut cells, mut severity_floor)| {
                // Floors never get less pressing as severity rises.
                let mut lowest = u8::MAX;
                for floor in severity_floor.values_mut() {
                    lowest = lowest.min(*floor);
                    *floor = lowest;
                }
                // Make it monotone: a cell is never more pressing than the cell above it
                // (higher impact) or to its left (more urgent).
                for i in 0..cells.len() {
                    for u in 0..urgencies {
                        let above = i
                            .checked_sub(1)
                            .and_then(|up| cells.get(up)?.get(u).copied())
                            .unwrap_or(1);
                        if let Some(row) = cells.get_mut(i) {
                            let left = u
                                .checked_sub(1)
                                .and_then(|l| row.get(l).copied())
                                .unwrap_or(1);
                            if let Some(cell) = row.get_mut(u) {
                                *cell = (*cell).max(above).max(left);
                            }
                        }
                    }
                }
                let labels =
                    |n: usize, what: &str| (1..=n).map(|i| format!("{what} {i}")).collect();
                PriorityMatrix {
                    impacts: labels(impacts, "impact"),
                    urgencies: labels(urgencies, "urgency"),
                    priorities,
                    cells,
                    severity_floor,
                    allow_non_monotone: false,
                }
            },
        )
}

/// Severity rules over every kind of condition, with distinct names.
pub fn severity_rules() -> impl Strategy<Value = SeverityRules> {
    let condition = prop_oneof![
        Just(Condition::SafetyIssue),
        Just(Condition::Regulatory),
        (0u64..1_000_000).prop_map(|amount| Condition::FinancialImpactAbove { amount }),
        (1u32..200).prop_map(|count| Condition::CustomersAffected { count }),
        Just(Condition::CustomerTier {
            tiers: vec!["key_account".to_owned()]
        }),
        (1u32..4, 1u32..400).prop_map(|(count, days)| Condition::RepeatComplaint { count, days }),
        Just(Condition::PublicChannel),
        proptest::sample::select(vec!["delivery", "billing/refund", "service"]).prop_map(|code| {
            Condition::Category {
                categories: vec![code.to_owned()],
            }
        }),
    ];
    (
        severity(),
        proptest::collection::vec((condition, severity()), 0..8),
    )
        .prop_map(|(baseline, rules)| SeverityRules {
            baseline,
            rules: rules
                .into_iter()
                .enumerate()
                .map(|(i, (when, min))| SeverityRule::new(format!("rule_{i}"), when, min))
                .collect(),
        })
}

/// A valid escalation ladder for `priority` on `calendar`: 1 to `max_levels` levels
/// with increasing times, each 1 minute to a week of business time apart.
pub fn escalation_ladder(
    priority: Priority,
    calendar: &str,
    max_levels: u8,
) -> impl Strategy<Value = EscalationLadder> {
    let calendar = calendar.to_owned();
    let level = (
        proptest::sample::select(vec![
            Role::CustomerServiceRepresentative,
            Role::CustomerServiceManager,
            Role::Management,
        ]),
        any::<bool>(),
        1u32..=10_080,
        any::<bool>(),
    );
    proptest::collection::vec(level, 1..=usize::from(max_levels.max(1))).prop_map(move |steps| {
        let mut after_minutes = 0;
        let levels = steps
            .into_iter()
            .map(|(role, hand_over, gap, resolved)| {
                after_minutes += gap;
                EscalationLevel {
                    role,
                    action: if hand_over {
                        EscalationAction::HandOver
                    } else {
                        EscalationAction::Notify
                    },
                    unit: None,
                    after_minutes,
                    unless: if resolved {
                        Milestone::Resolved
                    } else {
                        Milestone::Acknowledged
                    },
                }
            })
            .collect();
        EscalationLadder {
            priority,
            calendar: calendar.clone(),
            levels,
        }
    })
}

/// A reason or text: usually words, sometimes blank (which commands refuse).
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[a-z]{1,8}( [a-z]{1,8}){0,3}",
        1 => Just(String::new()),
        1 => Just("   ".to_owned()),
    ]
}

/// A resolution: a text, a reference, both, or (rarely) blank.
pub fn resolution() -> impl Strategy<Value = Resolution> {
    prop_oneof![
        6 => text().prop_map(Resolution::text),
        2 => "KB-[0-9]{1,4}".prop_map(Resolution::reference),
        1 => Just(Resolution::text("")),
    ]
}

/// A root cause: usually one of the SOP default list, sometimes none, sometimes one
/// no policy lists.
pub fn root_cause() -> impl Strategy<Value = Option<String>> {
    let known: Vec<String> = CasePolicy::sop_default().root_causes;
    prop_oneof![
        6 => proptest::sample::select(known).prop_map(Some),
        2 => Just(None),
        1 => Just(Some("not_a_root_cause".to_owned())),
    ]
}

/// An intake for case `case`, received up to three days before `now` and usually
/// valid; sometimes with problems intake must refuse (a blank subject, an unknown
/// category, a receipt after `now`, an occurrence after the receipt).
pub fn intake(case: CaseId, now: DateTime<Utc>) -> impl Strategy<Value = Intake> {
    let categories: Vec<String> = CasePolicy::sop_default()
        .categories
        .into_iter()
        .map(|c| c.code)
        .collect();
    let category = prop_oneof![
        9 => proptest::sample::select(categories),
        1 => Just("no/such/category".to_owned()),
    ];
    let kind = proptest::sample::select(vec![
        CaseKind::Complaint,
        CaseKind::Complaint,
        CaseKind::ServiceRequest,
        CaseKind::Inquiry,
    ]);
    let received_before = prop_oneof![9 => 0i64..4_320, 1 => -60i64..0];
    let occurred_before = proptest::option::of(-60i64..10_080);
    (
        (kind, channel(), category, text(), text()),
        (channel(), received_before, occurred_before),
        (severity_facts(now), impact(), urgency()),
        reference(),
    )
        .prop_map(
            move |((kind, channel, category, subject, description), rest, assessed, reference)| {
                let (follow_up_channel, received_before, occurred_before) = rest;
                let (facts, impact, urgency) = assessed;
                let received_at = now - TimeDelta::minutes(received_before);
                Intake {
                    case,
                    reference,
                    kind,
                    channel,
                    category,
                    subject,
                    description,
                    customer: CustomerRef::from_uuid(Uuid::from_u128(7)),
                    follow_up_channel,
                    facts,
                    impact,
                    urgency,
                    occurred_at: occurred_before.map(|m| received_at - TimeDelta::minutes(m)),
                    received_at,
                    aware_at: None,
                    related_to: None,
                    language: None,
                    product: None,
                    tags: Vec::new(),
                }
            },
        )
}

/// A command for case `case` at a desk whose clock starts at `now`: every kind,
/// weighted towards the SOP's main path so that random sequences reach closure,
/// with content that is sometimes invalid (blank reasons, unknown root causes,
/// ratings out of range, a merge into the case itself).
pub fn case_command(case: CaseId, now: DateTime<Utc>) -> impl Strategy<Value = Command> {
    let other = CaseId::from_uuid(Uuid::from_u128(0xD0B));
    let record = prop_oneof![
        (1u128..4).prop_map(
            |n| QualityRecord::NonConformance(NonConformanceId::from_uuid(Uuid::from_u128(n)))
        ),
        (1u128..4).prop_map(|n| QualityRecord::Capa(CapaId::from_uuid(Uuid::from_u128(n)))),
    ];
    let assignee = prop_oneof![
        (1u128..6).prop_map(|n| Assignee::Person(ActorId::from_uuid(Uuid::from_u128(n)))),
        (1u128..3).prop_map(|n| Assignee::Team(TeamId::from_uuid(Uuid::from_u128(n)))),
    ];
    let hold = proptest::sample::select(vec!["Claim 2026-114", "Claim 2027-031", " "]);
    // Units of the organisation of tests/organisation's desk, and one no
    // policy declares.
    let units: Vec<crate::actor::UnitId> = ["support", "refunds", "warehouse", "nowhere"]
        .into_iter()
        .filter_map(|id| crate::actor::UnitId::new(id).ok())
        .collect();
    let first_contact = proptest::option::weighted(
        0.2,
        (resolution(), root_cause()).prop_map(|(resolution, root_cause)| FirstContactResolution {
            resolution,
            root_cause,
        }),
    );
    prop_oneof![
        2 => (intake(case, now), first_contact).prop_map(|(intake, first_contact_resolution)| {
            Command::Log { intake, first_contact_resolution }
        }),
        4 => channel().prop_map(|channel| Command::Acknowledge { channel }),
        1 => assignee.prop_map(|to| Command::Assign { to }),
        2 => (text(), any::<bool>()).prop_map(|(text, internal)| Command::AddNote {
            text,
            visibility: if internal { NoteVisibility::Internal } else { NoteVisibility::Customer },
        }),
        4 => Just(Command::StartInvestigation),
        2 => text().prop_map(|reason| Command::WaitOnCustomer { reason }),
        3 => text().prop_map(|reason| Command::WaitOnThirdParty { reason }),
        2 => Just(Command::Resume),
        2 => resolution().prop_map(|resolution| Command::ProposeResolution { resolution }),
        5 => (proptest::option::weighted(0.8, resolution()), root_cause())
            .prop_map(|(resolution, root_cause)| Command::Resolve { resolution, root_cause }),
        4 => (any::<bool>(), text()).prop_map(|(approved, comments)| {
            Command::ReviewResolution { approved: approved || comments.len() % 3 != 0, comments }
        }),
        4 => (channel(), proptest::option::of(text()), proptest::option::of(0u8..=6), text(), proptest::bool::weighted(0.8))
            .prop_map(|(channel, other_channel_reason, rating, comments, concern_resolved)| Command::RecordFollowUp {
                channel, other_channel_reason, rating, comments, concern_resolved, answers: Vec::new(),
                last_surveyed_at: None, survey_override: None,
            }),
        1 => text().prop_map(|reason| Command::WaiveFollowUp { reason }),
        1 => proptest::option::of(text()).prop_map(|other_channel_reason| Command::RecordNoAnswer { channel: Channel::Phone, other_channel_reason }),
        2 => text().prop_map(|resolution| Command::ResolveConcern { resolution }),
        1 => Just(Command::RecordServiceDelivered { order: crate::ServiceOrderId::from_uuid(Uuid::from_u128(0x50)) }),
        2 => record.prop_map(|record| Command::LinkQualityRecord { record }),
        2 => text().prop_map(|reason| Command::ProposeNoCapa { reason }),
        2 => Just(Command::ApproveNoCapa),
        5 => Just(Command::Close),
        2 => text().prop_map(|reason| Command::Reopen { reason }),
        1 => text().prop_map(|reason| Command::Withdraw { reason }),
        1 => text().prop_map(|reason| Command::Reject { reason }),
        1 => proptest::sample::select(vec![case, other]).prop_map(|into| Command::Merge { into }),
        2 => Just(Command::Unmerge),
        1 => text().prop_map(|reason| Command::Escalate { reason }),
        1 => text().prop_map(|reason| Command::Deescalate { reason }),
        1 => (severity_facts(now), impact(), urgency(), text()).prop_map(|(facts, impact, urgency, reason)| {
            Command::Reassess { facts, impact, urgency, reason }
        }),
        2 => Just(Command::RecordDeadline),
        1 => channel().prop_map(|channel| Command::RecordCustomerMessage { channel }),
        1 => hold.clone().prop_map(|reason| Command::PlaceLegalHold { reason: reason.to_owned() }),
        1 => hold.prop_map(|reason| Command::ReleaseLegalHold { reason: reason.to_owned() }),
        1 => text().prop_map(|reason| Command::ErasePersonalData { reason }),
        1 => Just(Command::DisposeFeedback),
        1 => (
            proptest::sample::select(vec!["billing/refund", "delivery/missing", "other", "no/such"]),
            text(),
        )
            .prop_map(|(category, reason)| Command::Recategorise {
                category: category.to_owned(),
                reason,
            }),
        1 => (
            proptest::sample::select(units),
            proptest::option::of(1u128..4),
            text(),
        )
            .prop_map(|(unit, to, reason)| Command::Transfer {
                unit,
                to: to.map(|n| ActorId::from_uuid(Uuid::from_u128(n))),
                reason,
            }),
        2 => (
            1u128..5,
            proptest::sample::select(templates()),
            channel(),
            proptest::sample::select(vec!["en", "de", " "]),
            any::<u8>(),
            proptest::option::of(text()),
        )
            .prop_map(|(n, template, channel, locale, byte, other_channel_reason)| {
                Command::QueueMessage {
                    message: crate::MessageId::from_uuid(Uuid::from_u128(n)),
                    template,
                    channel,
                    locale: locale.to_owned(),
                    content: crate::records::ContentHash::from_bytes([byte; 32]),
                    other_channel_reason,
                }
            }),
        1 => (1u128..5, proptest::option::of(text())).prop_map(|(n, failure)| {
            Command::RecordDelivery {
                message: crate::MessageId::from_uuid(Uuid::from_u128(n)),
                outcome: match failure {
                    Some(reason) => crate::case::DeliveryOutcome::Failed { reason },
                    None => crate::case::DeliveryOutcome::Delivered,
                },
            }
        }),
    ]
}

/// The SOP's message templates, and one no policy has.
fn templates() -> Vec<crate::communication::TemplateId> {
    let mut templates = crate::communication::TemplateId::SOP.to_vec();
    templates.extend(crate::communication::TemplateId::new("no_such_notice").ok());
    templates
}

/// An actor at a case desk: usually one of the SOP roles (two CSRs, a manager, a
/// QA specialist, a CSR who is also QA, management, an auditor, the system), so
/// that four-eyes rules meet both the same and different people; sometimes any
/// roles at all.
pub fn case_actor() -> impl Strategy<Value = Actor> {
    use Role as R;
    let desk: Vec<(u128, Vec<Role>)> = vec![
        (1, vec![R::CustomerServiceRepresentative]),
        (2, vec![R::CustomerServiceRepresentative]),
        (3, vec![R::CustomerServiceManager]),
        (4, vec![R::QaSpecialist]),
        (5, vec![R::CustomerServiceRepresentative, R::QaSpecialist]),
        (6, vec![R::Management]),
        (7, vec![R::Auditor]),
        (8, vec![R::System]),
        (9, vec![R::ProcessOwner]),
    ];
    prop_oneof![
        9 => proptest::sample::select(desk).prop_map(|(n, roles)| {
            Actor::new(ActorId::from_uuid(Uuid::from_u128(n)), roles)
        }),
        1 => actor(9),
    ]
}

/// A valid policy: the SOP default with the case rules varied (which severities
/// need a QA review, a CAPA decision, immediate escalation or allow first-contact
/// resolution; the reopen window; the number of escalation levels) and optional
/// lifecycle rows removed or restricted to managers.
///
/// Its calendars cover 2020 to 2040 only, which keeps compiling it cheap enough to
/// do once per test case.
pub fn policy_spec() -> impl Strategy<Value = PolicySpec> {
    use CaseCommandKind as K;
    use Status as S;
    let optional_rows: Vec<(Status, CaseCommandKind)> = vec![
        (S::Acknowledged, K::Resolve),
        (S::Investigating, K::Resolve),
        (S::ResolutionProposed, K::WaitOnCustomer),
        (S::ResolutionProposed, K::StartInvestigation),
        (S::Resolved, K::Reopen),
        (S::Closed, K::Reopen),
        (S::Acknowledged, K::Reject),
        (S::Investigating, K::Reject),
        (S::Acknowledged, K::Merge),
        (S::WaitingOnCustomer, K::Withdraw),
    ];
    let reopen = prop_oneof![
        3 => (1u32..=30).prop_map(|days| ReopenPolicy::WithinBusinessDays { days }),
        1 => Just(ReopenPolicy::Never),
    ];
    (
        (
            severities(),
            severities(),
            proptest::option::of(severity()),
            severities(),
        ),
        (reopen, 1u8..=5),
        proptest::sample::subsequence(optional_rows.clone(), 0..=4),
        proptest::sample::subsequence(optional_rows, 0..=3),
    )
        .prop_filter_map(
            "the varied policy must compile",
            |(
                (qa_review, capa_decision, immediate_escalation, first_contact),
                rest,
                removed,
                restricted,
            )| {
                let (reopen, escalation_levels) = rest;
                let mut lifecycle = LifecycleSpec::sop_default();
                for (from, kind) in restricted {
                    if let Some(row) = lifecycle
                        .transitions
                        .iter_mut()
                        .find(|t| t.from == from.as_str() && t.command == kind.as_str())
                    {
                        row.roles = vec![Role::CustomerServiceManager.as_str().to_owned()];
                    }
                }
                for (from, kind) in removed {
                    lifecycle = lifecycle.forbid(from, kind);
                }
                let mut spec = PolicySpec {
                    case: CasePolicy {
                        lifecycle,
                        qa_review,
                        capa_decision,
                        immediate_escalation,
                        first_contact_resolution: first_contact,
                        reopen,
                        escalation_levels,
                        ..CasePolicy::sop_default()
                    },
                    ..PolicySpec::sop_default()
                };
                let range = NaiveDate::from_ymd_opt(2020, 1, 1)
                    .zip(NaiveDate::from_ymd_opt(2040, 1, 1))
                    .map(|(from, until)| CalendarRange { from, until });
                for calendar in
                    core::iter::once(&mut spec.calendar).chain(spec.calendars.values_mut())
                {
                    calendar.range = range;
                }
                spec.compile().is_ok().then_some(spec)
            },
        )
}

macro_rules! arbitrary_from {
    ($($ty:ty => $strategy:expr),* $(,)?) => {$(
        impl Arbitrary for $ty {
            type Parameters = ();
            type Strategy = BoxedStrategy<$ty>;

            fn arbitrary_with((): ()) -> Self::Strategy {
                $strategy.boxed()
            }
        }
    )*};
}

arbitrary_from! {
    Role => role(),
    CommandKind => command_kind(),
    RoleSet => role_set(),
    Channel => channel(),
    Reference => reference(),
    Actor => actor(8),
    Severity => severity(),
}
