//! The wire contract: the serde form of every case event, of the event envelope and
//! of the default policy, snapshot-tested; and every event and command round-trips.

#![cfg(feature = "serde")]

use std::collections::BTreeSet;

use casework::case::{
    Assignee, Assignment, CaseKind, Command, EscalationTrigger, Event, FirstContactResolution,
    Intake, NoteVisibility, QualityRecord, Resolution, Status,
};
use casework::priority::{
    EscalationAction, Impact, LadderStep, Priority, SeverityAssessment, SeverityFacts, Urgency,
};
use casework::{
    CapaId, CaseCommandKind, CaseId, Channel, NonConformanceId, PolicySpec, Recorded, Role,
    ServiceOrderId, Severity, StreamId, TeamId, Version,
};
use chrono::TimeDelta;
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::fixtures::{case_id, csr, intake, monday, qa};

/// The `type` tag of every event variant: 41 of them. A variant added to
/// [`Event`] must be added here, to [`events`], and get a snapshot.
const EVENT_NAMES: [&str; 41] = [
    "logged",
    "routed",
    "acknowledged",
    "assigned",
    "note_added",
    "investigation_started",
    "wait_started",
    "resumed",
    "resolution_proposed",
    "resolved",
    "resolution_reviewed",
    "follow_up_recorded",
    "follow_up_waived",
    "follow_up_unanswered",
    "quality_record_linked",
    "no_capa_approved",
    "closed",
    "reopened",
    "withdrawn",
    "rejected",
    "merged",
    "unmerged",
    "escalated",
    "recategorised",
    "transferred",
    "handed_over",
    "deescalated",
    "customer_message_received",
    "sla_warning",
    "sla_breached",
    "reassessed",
    "service_delivered",
    "concern_resolved",
    "no_capa_proposed",
    "legal_hold_placed",
    "legal_hold_released",
    "personal_data_erased",
    "promised",
    "message_queued",
    "message_delivered",
    "message_failed",
];

/// A complaint as logged, with every optional field filled in.
fn full_intake() -> Intake {
    intake(CaseKind::Complaint, Severity::High)
        .occurred_at(monday() - TimeDelta::days(21))
        .aware_at(monday() - TimeDelta::hours(2))
        .related_to(casework::CaseId::from_uuid(uuid::Uuid::from_u128(0x41)))
        .language("de-AT")
        .product("parcel_plus")
        .tags(["vip"])
}

/// The routing of [`full_intake`] by a rule that sends German-speaking VIPs
/// to their own team and assigns the CSR.
fn routed() -> casework::policy::Routing {
    use casework::policy::{RouteTo, RoutingCondition, RoutingRule, RoutingTable};
    let unit = |id| casework::UnitId::new(id).unwrap();
    let table = RoutingTable::new(RouteTo::unit(unit("front_desk"))).rule(RoutingRule::new(
        "vip_de",
        RoutingCondition::default().languages(["de"]).tags(["vip"]),
        RouteTo::unit(unit("key_accounts_de"))
            .assignee(csr().id)
            .tags(["escalation_watch"]),
    ));
    let intake = full_intake();
    let facts = casework::policy::RoutingFacts::new(
        &intake.category,
        intake.channel.clone(),
        Severity::Critical,
        Priority(1),
    )
    .language("de-AT")
    .tags(&intake.tags);
    table.route(&facts)
}

/// Who holds the case [`routed`] sends to its team.
fn routed_assignment() -> Assignment {
    let routing = routed();
    let mut held = Assignment::unit(routing.to.unit);
    held.assignee = routing.to.assignee.map(Assignee::Person);
    held
}

/// One realistic value of every event variant, in declaration order.
fn events() -> Vec<Event> {
    vec![
        Event::Logged {
            intake: Box::new(full_intake()),
            severity: SeverityAssessment {
                severity: Severity::Critical,
                fired: vec!["assessed".to_owned(), "safety".to_owned()],
            },
            priority: Priority(1),
        },
        Event::Routed { routing: routed() },
        Event::Acknowledged {
            channel: Channel::Email,
            status: Status::Acknowledged,
        },
        Event::Assigned {
            to: Assignee::Person(csr().id),
        },
        Event::NoteAdded {
            text: "Carrier confirms the parcel is held at the depot.".to_owned(),
            visibility: NoteVisibility::Internal,
        },
        Event::InvestigationStarted {
            status: Status::Investigating,
        },
        Event::WaitStarted {
            reason: "Asked the carrier for the depot scan history.".to_owned(),
            status: Status::WaitingOnThirdParty,
        },
        Event::Resumed {
            status: Status::Investigating,
        },
        Event::ResolutionProposed {
            resolution: Resolution {
                summary: "Redeliver by courier tomorrow and refund the shipping fee.".to_owned(),
                reference: Some("KB-1042".to_owned()),
            },
            status: Status::ResolutionProposed,
        },
        Event::Resolved {
            resolution: Some(Resolution::text(
                "Redelivered by courier; shipping fee refunded.",
            )),
            root_cause: Some("supplier".to_owned()),
            first_contact: false,
            status: Status::Resolved,
        },
        Event::ResolutionReviewed {
            approved: true,
            comments: "Refund issued within policy; customer informed.".to_owned(),
        },
        Event::FollowUpRecorded {
            channel: Channel::Phone,
            other_channel_reason: None,
            rating: Some(4),
            comments: "Happy with the refund, would like faster updates.".to_owned(),
            concern_resolved: true,
            answers: Vec::new(),
            survey_override: None,
        },
        Event::FollowUpWaived {
            reason: "Customer asked not to be contacted again.".to_owned(),
        },
        Event::FollowUpUnanswered {
            channel: Channel::Phone,
            other_channel_reason: None,
            attempt: 3,
            last: true,
        },
        Event::QualityRecordLinked {
            record: QualityRecord::Capa(CapaId::from_uuid(Uuid::from_u128(0xCA9A))),
        },
        Event::NoCapaApproved {
            reason: "One-off carrier delay; no systemic cause.".to_owned(),
        },
        Event::Closed {
            status: Status::Closed,
        },
        Event::Reopened {
            reason: "Customer reports the refund never arrived.".to_owned(),
            rework: false,
            status: Status::Investigating,
        },
        Event::Withdrawn {
            reason: "The parcel arrived; the customer withdrew the complaint.".to_owned(),
            status: Status::Withdrawn,
        },
        Event::Rejected {
            reason: "Order placed with a third-party marketplace seller.".to_owned(),
            status: Status::Rejected,
        },
        Event::Merged {
            into: CaseId::from_uuid(Uuid::from_u128(0x41)),
            status: Status::Merged,
        },
        Event::Unmerged {
            status: Status::Investigating,
        },
        Event::Escalated {
            level: 1,
            trigger: EscalationTrigger::Severity,
            to: Some(LadderStep::new(
                Role::CustomerServiceManager,
                EscalationAction::Notify,
            )),
            due: None,
            reason: "severity high at intake meets the immediate-escalation threshold high"
                .to_owned(),
        },
        Event::Recategorised {
            from: "delivery/late".to_owned(),
            to: "billing/refund".to_owned(),
            reason: "The parcel arrived; the customer wants the delivery fee back.".to_owned(),
        },
        Event::Transferred {
            from: routed_assignment(),
            to: Assignment::unit(casework::UnitId::new("refunds").unwrap()),
            reason: "A refund, not a delivery question.".to_owned(),
        },
        Event::HandedOver {
            level: 2,
            from: routed_assignment(),
            to: Assignment::unit(casework::UnitId::new("support").unwrap()),
        },
        Event::Deescalated {
            level: 0,
            reason: "Carrier committed to a delivery date.".to_owned(),
        },
        Event::CustomerMessageReceived {
            channel: Channel::Email,
        },
        Event::SlaWarning {
            metric: "first_response".to_owned(),
            cycle: 0,
            percent: 75,
            reached_at: monday() + TimeDelta::hours(18),
        },
        Event::SlaBreached {
            metric: "resolution".to_owned(),
            cycle: 0,
            reached_at: monday() + TimeDelta::hours(8),
        },
        Event::Reassessed {
            facts: SeverityFacts {
                assessed: Some(Severity::High),
                regulatory: true,
                customers_affected: 1,
                ..SeverityFacts::default()
            },
            impact: Impact(2),
            urgency: Urgency(1),
            severity: SeverityAssessment {
                severity: Severity::High,
                fired: vec!["assessed".to_owned(), "regulatory".to_owned()],
            },
            priority: Priority(2),
            reason: "The parcel contains prescription medication.".to_owned(),
        },
        Event::ServiceDelivered {
            order: ServiceOrderId::from_uuid(Uuid::from_u128(0x50)),
        },
        Event::ConcernResolved {
            resolution: "Replacement sent; the customer confirmed by phone.".to_owned(),
        },
        Event::NoCapaProposed {
            reason: "One-off carrier delay.".to_owned(),
        },
        Event::LegalHoldPlaced {
            reason: "Claim 2026-114".to_owned(),
        },
        Event::LegalHoldReleased {
            reason: "Claim 2026-114".to_owned(),
        },
        Event::PersonalDataErased {
            versions: vec![Version::new(1), Version::new(5)],
            basis: casework::case::ErasureBasis::Request {
                reason: "Erasure request ER-7".to_owned(),
            },
        },
        Event::Promised {
            due: monday() + TimeDelta::hours(24),
        },
        Event::MessageQueued {
            message: message_id(1),
            template: casework::communication::TemplateId::ACKNOWLEDGEMENT,
            channel: Channel::Email,
            locale: "en".to_owned(),
            content: casework::records::ContentHash::from_bytes([7; 32]),
            other_channel_reason: Some("SMS bounced".to_owned()),
        },
        Event::MessageDelivered {
            message: message_id(1),
        },
        Event::MessageFailed {
            message: message_id(2),
            reason: "number unreachable".to_owned(),
            retry_on: Some(Channel::Email),
        },
    ]
}

fn message_id(n: u128) -> casework::MessageId {
    casework::MessageId::from_uuid(Uuid::from_u128(0x3E55_A6E0 + n))
}

/// Further values that exercise the other shapes of the payload types: the other
/// assignee, quality record and escalation triggers, a channel with a label, a
/// resolution given by reference only, and absent optional fields.
fn more_events() -> Vec<Event> {
    vec![
        Event::Logged {
            intake: Box::new(intake(CaseKind::Inquiry, Severity::Low)),
            severity: SeverityAssessment::default(),
            priority: Priority(5),
        },
        Event::Acknowledged {
            channel: Channel::Other("whatsapp".to_owned()),
            status: Status::Acknowledged,
        },
        Event::Assigned {
            to: Assignee::Team(TeamId::from_uuid(Uuid::from_u128(0x7EA3))),
        },
        Event::NoteAdded {
            text: "We are on it.".to_owned(),
            visibility: NoteVisibility::Customer,
        },
        Event::ResolutionProposed {
            resolution: Resolution::reference("WO-2026-0815"),
            status: Status::ResolutionProposed,
        },
        Event::Resolved {
            resolution: None,
            root_cause: None,
            first_contact: true,
            status: Status::Resolved,
        },
        Event::FollowUpRecorded {
            channel: Channel::Sms,
            other_channel_reason: Some("The customer asked for a text this time.".to_owned()),
            rating: None,
            comments: String::new(),
            concern_resolved: false,
            answers: Vec::new(),
            survey_override: None,
        },
        Event::QualityRecordLinked {
            record: QualityRecord::NonConformance(NonConformanceId::from_uuid(Uuid::from_u128(
                0x9C,
            ))),
        },
        Event::Reopened {
            reason: "QA did not approve the resolution.".to_owned(),
            rework: true,
            status: Status::Investigating,
        },
        Event::Escalated {
            level: 2,
            trigger: EscalationTrigger::UnresolvedConcern,
            to: Some(LadderStep::new(
                Role::Management,
                EscalationAction::HandOver,
            )),
            due: None,
            reason: "the customer's concern is unresolved at follow-up".to_owned(),
        },
        Event::Escalated {
            level: 3,
            trigger: EscalationTrigger::Manual,
            to: None,
            due: None,
            reason: "Press enquiry received.".to_owned(),
        },
        Event::Escalated {
            level: 1,
            trigger: EscalationTrigger::Time,
            to: Some(LadderStep::new(
                Role::CustomerServiceManager,
                EscalationAction::Notify,
            )),
            due: Some(monday() + TimeDelta::hours(4)),
            reason: "P2 ladder level 1 came due at 2026-11-23 13:00:00 UTC without acknowledgement"
                .to_owned(),
        },
        Event::PersonalDataErased {
            versions: vec![Version::new(7)],
            basis: casework::case::ErasureBasis::Retention {
                retention: casework::records::Retention::FEEDBACK_LOG,
            },
        },
    ]
}

/// One value of every command variant, in declaration order.
fn commands() -> Vec<Command> {
    vec![
        Command::Log {
            intake: intake(CaseKind::ServiceRequest, Severity::Low),
            first_contact_resolution: Some(FirstContactResolution {
                resolution: Resolution::text("Sent the tracking link again."),
                root_cause: Some("communication".to_owned()),
            }),
        },
        Command::Acknowledge {
            channel: Channel::Email,
        },
        Command::Assign {
            to: Assignee::Team(TeamId::from_uuid(Uuid::from_u128(0x7EA3))),
        },
        Command::AddNote {
            text: "Called the carrier.".to_owned(),
            visibility: NoteVisibility::Internal,
        },
        Command::StartInvestigation,
        Command::WaitOnCustomer {
            reason: "Need the order number.".to_owned(),
        },
        Command::WaitOnThirdParty {
            reason: "Carrier: depot scan history.".to_owned(),
        },
        Command::Resume,
        Command::ProposeResolution {
            resolution: Resolution::text("Redeliver by courier."),
        },
        Command::Resolve {
            resolution: None,
            root_cause: Some("supplier".to_owned()),
        },
        Command::ReviewResolution {
            approved: false,
            comments: "The refund is missing.".to_owned(),
        },
        Command::RecordFollowUp {
            channel: Channel::Phone,
            other_channel_reason: None,
            rating: Some(5),
            comments: "All good.".to_owned(),
            concern_resolved: true,
            answers: Vec::new(),
            last_surveyed_at: None,
            survey_override: None,
        },
        Command::WaiveFollowUp {
            reason: "Customer unreachable after three attempts.".to_owned(),
        },
        Command::RecordNoAnswer {
            channel: Channel::Sms,
            other_channel_reason: None,
        },
        Command::LinkQualityRecord {
            record: QualityRecord::NonConformance(NonConformanceId::from_uuid(Uuid::from_u128(
                0x9C,
            ))),
        },
        Command::ApproveNoCapa,
        Command::Close,
        Command::Reopen {
            reason: "Refund never arrived.".to_owned(),
        },
        Command::Withdraw {
            reason: "Parcel arrived.".to_owned(),
        },
        Command::Reject {
            reason: "Marketplace seller.".to_owned(),
        },
        Command::Merge {
            into: CaseId::from_uuid(Uuid::from_u128(0x41)),
        },
        Command::Unmerge,
        Command::Escalate {
            reason: "Customer threatens legal action.".to_owned(),
        },
        Command::Deescalate {
            reason: "Delivery date agreed.".to_owned(),
        },
        Command::Reassess {
            facts: SeverityFacts::default(),
            impact: Impact(3),
            urgency: Urgency(2),
            reason: "Only one item affected.".to_owned(),
        },
        Command::RecordCustomerMessage {
            channel: Channel::SocialMedia,
        },
        Command::RecordDeadline,
        Command::RecordServiceDelivered {
            order: ServiceOrderId::from_uuid(Uuid::from_u128(0x50)),
        },
        Command::ResolveConcern {
            resolution: "Replacement sent.".to_owned(),
        },
        Command::ProposeNoCapa {
            reason: "One-off carrier delay.".to_owned(),
        },
        Command::PlaceLegalHold {
            reason: "Claim 2026-114".to_owned(),
        },
        Command::ReleaseLegalHold {
            reason: "Claim 2026-114".to_owned(),
        },
        Command::ErasePersonalData {
            reason: "Erasure request ER-7".to_owned(),
        },
        Command::DisposeFeedback,
        Command::Recategorise {
            category: "billing/refund".to_owned(),
            reason: "The parcel arrived; the customer wants the delivery fee back.".to_owned(),
        },
        Command::Transfer {
            unit: casework::UnitId::new("refunds").unwrap(),
            to: Some(csr().id),
            reason: "A refund, not a delivery question.".to_owned(),
        },
        Command::QueueMessage {
            message: message_id(1),
            template: casework::communication::TemplateId::ACKNOWLEDGEMENT,
            channel: Channel::Sms,
            locale: "en".to_owned(),
            content: casework::records::ContentHash::from_bytes([7; 32]),
            other_channel_reason: None,
        },
        Command::RecordDelivery {
            message: message_id(1),
            outcome: casework::case::DeliveryOutcome::Failed {
                reason: "number unreachable".to_owned(),
            },
        },
    ]
}

/// Serializes `value` to JSON and back, and checks it comes back equal.
pub(crate) fn round_trip<T>(value: &T) -> serde_json::Value
where
    T: Serialize + DeserializeOwned + PartialEq + core::fmt::Debug,
{
    let json = serde_json::to_value(value).unwrap();
    let back: T = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(&back, value, "round trip through {json}");
    let text = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&text).unwrap();
    assert_eq!(&back, value, "round trip through {text}");
    json
}

#[test]
fn the_event_table_has_every_variant_once() {
    let events = events();
    let names: Vec<&str> = events.iter().map(Event::name).collect();
    assert_eq!(names.len(), 41);
    assert_eq!(
        names, EVENT_NAMES,
        "one event per variant, in declaration order"
    );
    let unique: BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), 41, "no variant twice");
    assert_eq!(unique, EVENT_NAMES.into_iter().collect::<BTreeSet<_>>());
}

#[test]
fn every_event_has_a_snapshot() {
    for event in events() {
        let name = format!("event_{}", event.name());
        insta::assert_json_snapshot!(name, event);
    }
}

#[test]
fn the_envelope_has_a_snapshot() {
    let recorded = Recorded::new(
        StreamId::from(case_id()),
        Version::new(1),
        monday(),
        csr().id,
        Event::Logged {
            intake: Box::new(full_intake()),
            severity: SeverityAssessment {
                severity: Severity::Critical,
                fired: vec!["assessed".to_owned(), "safety".to_owned()],
            },
            priority: Priority(1),
        },
    );
    insta::assert_json_snapshot!("recorded_logged", recorded);
    round_trip(&recorded);

    let recorded = Recorded::new(
        StreamId::from(case_id()),
        Version::new(9),
        monday() + TimeDelta::days(3),
        qa().id,
        Event::ResolutionReviewed {
            approved: true,
            comments: "Meets the standard.".to_owned(),
        },
    );
    let json = round_trip(&recorded);
    assert_eq!(json["version"], 9);
    assert_eq!(json["event"]["type"], "resolution_reviewed");
}

#[test]
fn the_type_tag_is_the_event_name() {
    for event in events().into_iter().chain(more_events()) {
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["type"], event.name(), "{json}");
    }
}

#[test]
fn every_event_round_trips() {
    for event in events().into_iter().chain(more_events()) {
        round_trip(&event);
    }
}

#[test]
fn every_command_round_trips() {
    let commands = commands();
    let kinds: Vec<CaseCommandKind> = commands.iter().map(Command::kind).collect();
    let expected = CaseCommandKind::ALL.to_vec();
    assert_eq!(
        kinds, expected,
        "one command per case kind, in declaration order"
    );
    for command in &commands {
        let json = round_trip(command);
        assert_eq!(json["command"], command.kind().as_str(), "{json}");
    }
}

#[test]
fn a_log_command_may_leave_out_the_first_contact_resolution() {
    let command = Command::Log {
        intake: intake(CaseKind::Complaint, Severity::Medium),
        first_contact_resolution: None,
    };
    let mut json = serde_json::to_value(&command).unwrap();
    json.as_object_mut()
        .unwrap()
        .remove("first_contact_resolution");
    let back: Command = serde_json::from_value(json).unwrap();
    assert_eq!(back, command);
}

#[test]
fn the_default_policy_has_a_snapshot() {
    let spec = PolicySpec::sop_default();
    insta::assert_json_snapshot!("policy_sop_default", spec);
    round_trip(&spec);
}

#[test]
fn an_empty_policy_is_the_sop_default() {
    let spec: PolicySpec = serde_json::from_str("{}").unwrap();
    assert_eq!(spec, PolicySpec::sop_default());
    let spec: PolicySpec = serde_json::from_str(r#"{ "case": {} }"#).unwrap();
    assert_eq!(spec, PolicySpec::sop_default());
}

#[test]
fn a_policy_refuses_unknown_fields() {
    for text in [
        r#"{ "cases": {} }"#,
        r#"{ "case": { "qa_reviews": ["critical"] } }"#,
        r#"{ "case": { "reopen": { "rule": "within_business_days", "days": 5, "hours": 2 } } }"#,
        r#"{ "case": { "lifecycle": { "transitions": [], "initial": "received" } } }"#,
        r#"{ "calendar": { "time_zone": "UTC", "timezone": "UTC" } }"#,
        r#"{ "case": { "categories": [{ "code": "x", "label": "X", "colour": "red" }] } }"#,
    ] {
        let error = serde_json::from_str::<PolicySpec>(text).unwrap_err();
        assert!(
            error.to_string().contains("unknown field"),
            "{text}: {error}"
        );
    }
}

/// Policy files may be TOML as well as JSON: the default policy survives the trip,
/// and a desk's partial file fills in the rest from the defaults.
#[test]
fn the_default_policy_round_trips_through_toml() {
    let spec = PolicySpec::sop_default();
    let text = toml::to_string(&spec).unwrap();
    let back: PolicySpec = toml::from_str(&text).unwrap();
    assert_eq!(back, spec);

    let desk: PolicySpec = toml::from_str(
        r#"
        [calendar]
        time_zone = "Europe/Berlin"
        hours = { mon = [["08:00", "18:00"]], fri = [["08:00", "14:00"]] }

        [priority.matrix]
        severity_floor = { critical = 1 }

        [case]
        qa_review = ["critical"]
        reopen = { rule = "never" }
        "#,
    )
    .unwrap();
    let policy = desk.compile().unwrap();
    assert_eq!(policy.case().qa_review, [Severity::Critical]);
    assert_eq!(
        policy.priority().matrix.cells,
        PolicySpec::sop_default().priority.matrix.cells
    );
}
