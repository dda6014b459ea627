//! The organisation as data: a desk's own roles, departments and teams, and
//! routing rules, read from TOML, checked with paths, and walked through the
//! public API as a desk logs its cases.

mod properties;

use casework::case::{CaseKind, Event};
use casework::policy::RoutingFacts;
use casework::priority::{Priority, SeverityFacts};
use casework::testkit::Desk;
use casework::{Channel, Policy, PolicySpec, Role, Severity, UnitId};

/// The desk's policy file.
const DESK: &str = include_str!("data/desk.toml");

fn read(text: &str) -> PolicySpec {
    let toml = toml::Deserializer::parse(text).unwrap();
    PolicySpec::deserialize_with_paths(toml).unwrap()
}

pub(crate) fn desk_policy() -> Policy {
    read(DESK).compile().unwrap()
}

fn unit(id: &str) -> UnitId {
    UnitId::new(id).unwrap()
}

#[test]
fn the_desk_policy_compiles_with_its_roles_units_and_rules() {
    let policy = desk_policy();
    let lead = Role::new("team_lead").unwrap();
    assert_eq!(policy.roles().len(), 9);
    assert_eq!(policy.roles()[&lead].name, "Team lead");
    // `may` grants on top of the SOP table, which the file does not repeat.
    let permissions = policy.permissions();
    assert!(permissions.allows(lead, casework::CaseCommandKind::Close));
    assert!(!permissions.allows(lead, casework::CaseCommandKind::Log));
    assert!(permissions.allows(
        Role::CustomerServiceRepresentative,
        casework::CaseCommandKind::Log
    ));

    let organisation = policy.organisation();
    assert_eq!(organisation.departments.len(), 3);
    assert!(organisation.is_within(unit("refunds"), unit("billing")));
    assert!(!organisation.is_within(unit("refunds"), unit("logistics")));
    assert_eq!(
        organisation.unit(unit("carriers")).unwrap().name,
        "Carrier claims"
    );
    assert_eq!(organisation.routing.as_ref().unwrap().rules.len(), 10);
}

#[test]
fn intakes_are_routed_by_the_first_rule_that_matches() {
    let policy = desk_policy();
    let table = policy.organisation().routing.clone().unwrap();
    let facts = |category, channel, severity, priority: u8| {
        RoutingFacts::new(category, channel, severity, Priority(priority))
    };
    let vip = vec!["vip".to_owned()];
    // (facts, the unit, the rule: None for the default)
    let expected: Vec<(RoutingFacts<'_>, &str, Option<&str>)> = vec![
        (
            facts("delivery/late", Channel::Email, Severity::Critical, 1),
            "key_accounts",
            Some("critical"),
        ),
        (
            facts("delivery/late", Channel::Email, Severity::Low, 4).tier("key_account"),
            "key_accounts",
            Some("key_accounts"),
        ),
        (
            facts("billing/refund", Channel::Email, Severity::Low, 4).language("de-CH"),
            "refunds",
            Some("refunds_de"),
        ),
        (
            facts("billing/refund", Channel::Email, Severity::Low, 4).language("fr"),
            "refunds",
            Some("refunds"),
        ),
        (
            facts("billing/overcharge", Channel::Phone, Severity::Medium, 3),
            "invoicing",
            Some("billing"),
        ),
        (
            facts("delivery/late", Channel::WebForm, Severity::Low, 4).product("parcel_plus"),
            "carriers",
            Some("carriers"),
        ),
        (
            facts("delivery/late", Channel::WebForm, Severity::Low, 4).product("freight"),
            "logistics",
            Some("delivery"),
        ),
        (
            facts("product/damaged", Channel::Email, Severity::Medium, 3),
            "warehouse",
            Some("damaged"),
        ),
        (
            facts(
                "service/staff_conduct",
                Channel::SocialMedia,
                Severity::Medium,
                2,
            ),
            "front_desk",
            Some("social_urgent"),
        ),
        (
            facts(
                "service/staff_conduct",
                Channel::SocialMedia,
                Severity::Medium,
                3,
            ),
            "front_desk",
            None,
        ),
        (
            facts("other", Channel::Phone, Severity::Low, 4)
                .language("de")
                .tags(&vip),
            "support_de",
            Some("german"),
        ),
        (
            facts("other", Channel::Phone, Severity::Low, 4),
            "front_desk",
            None,
        ),
    ];
    for (facts, to, rule) in expected {
        let routing = table.route(&facts);
        assert_eq!(
            (routing.to.unit.as_str(), routing.rule.as_deref()),
            (to, rule),
            "{facts:?}: {}",
            routing.explain()
        );
    }
    let routing =
        table.route(&facts("billing/refund", Channel::Email, Severity::Low, 4).language("de-CH"));
    assert_eq!(
        routing.explain(),
        "to `refunds` by rule `refunds_de`: category `billing/refund` is listed, \
         language `de-CH` is under `de`"
    );
    assert_eq!(routing.to.tags, ["de"]);
}

/// Every mistake of a broken copy of the desk's file, each with its path.
#[test]
fn every_mistake_in_a_broken_desk_is_reported_with_its_path() {
    let broken = DESK
        // A role granted on top of the table by a kind that does not exist.
        .replace(r#"may = ["assign", "close""#, r#"may = ["asign", "close""#)
        // A team id used twice.
        .replace(
            r#"{ id = "invoicing", name = "Invoicing" }"#,
            r#"{ id = "refunds", name = "Invoicing" }"#,
        )
        // A blank department name.
        .replace(r#"name = "Logistics""#, r#"name = " ""#)
        // A rule sending cases to a unit not declared, a near miss.
        .replace(
            r#"to = { unit = "warehouse" }"#,
            r#"to = { unit = "warehous" }"#,
        )
        // Two rules of one name.
        .replace(r#"name = "german""#, r#"name = "billing""#)
        // A rule's category that holds none of the case categories.
        .replace(
            r#"categories = ["product/damaged"]"#,
            r#"categories = ["product/dented"]"#,
        )
        // The default names a unit nobody declared.
        .replace(
            "[organisation.routing.default]\nunit = \"front_desk\"",
            "[organisation.routing.default]\nunit = \"reception\"",
        );
    let mut spec = read(&broken);
    // A ladder naming a role the file does not declare.
    spec.priority.ladders[0].levels[0].role = Role::new("supervisor").unwrap();
    let problems: Vec<String> = spec
        .compile()
        .unwrap_err()
        .problems
        .iter()
        .map(ToString::to_string)
        .collect();
    for expected in [
        "roles.team_lead.may[0]: unknown command kind `asign`: did you mean `assign`?",
        "organisation.departments[1].teams[1].id: `refunds` is the id of departments[1].teams[0] already",
        "organisation.departments[2].name: must not be blank",
        // The team the repeated id replaced is gone from the rules' view.
        "organisation.routing.rules[4].to.unit: `invoicing` is not a declared unit (see `departments`)",
        "organisation.routing.rules[6].to.unit: `warehous` is not a declared unit: did you mean `warehouse`?",
        "organisation.routing.rules[9].name: `billing` names rules[4] already",
        "organisation.routing.rules[6].when.categories[0]: `product/dented` holds none of `case.categories`",
        "organisation.routing.default.unit: `reception` is not a declared unit (see `departments`)",
        "priority.ladders[0].levels[0].role: `supervisor` is not a declared role (see `roles`)",
    ] {
        assert!(
            problems.iter().any(|p| p == expected),
            "{expected}\nin {problems:#?}"
        );
    }
    assert_eq!(problems.len(), 9, "{problems:#?}");

    // A text that is no id at all is refused while reading, at its path.
    let text = DESK.replace("id = \"carriers\"", "id = \"Carrier Claims\"");
    let toml = toml::Deserializer::parse(&text).unwrap();
    let refused = PolicySpec::deserialize_with_paths(toml).unwrap_err();
    assert_eq!(
        refused.problems[0].path,
        "organisation.departments[2].teams[0].id"
    );
}

/// Two cases logged at the desk go to different teams; the case records
/// where, by which rule and why, and the default policy routes nothing.
#[test]
fn a_desk_routes_each_case_it_logs_and_records_why() {
    let mut desk = Desk::new(desk_policy(), Desk::start());
    let refund = desk
        .complaint()
        .unwrap()
        .about("billing/refund", "Refund not received")
        .language("de-AT")
        .tags(["vip"]);
    let walk = desk.log(refund).unwrap();
    let case = walk.state().unwrap();
    assert_eq!(case.unit(), Some(unit("refunds")));
    let history = walk.history().unwrap();
    assert!(matches!(history[1].event, Event::Routed { .. }));
    assert_eq!(
        case.routing().unwrap().explain(),
        "to `refunds` by rule `refunds_de`: category `billing/refund` is listed, \
         language `de-AT` is under `de`"
    );
    assert_eq!(case.tags().collect::<Vec<_>>(), ["vip", "de"]);

    let key_account = desk.complaint().unwrap().facts(SeverityFacts {
        customer_tier: Some("key_account".to_owned()),
        ..SeverityFacts::default()
    });
    let case = desk.log(key_account).unwrap().state().unwrap();
    assert_eq!(case.unit(), Some(unit("key_accounts")));
    assert_eq!(
        case.routing().unwrap().rule.as_deref(),
        Some("key_accounts")
    );

    // The SOP default has no organisation: nothing is routed, as before.
    let mut plain = Desk::sop_default().unwrap();
    let intake = plain.intake(CaseKind::Inquiry).unwrap();
    let walk = plain.log(intake).unwrap();
    assert_eq!(walk.state().unwrap().unit(), None);
    assert!(
        !walk
            .history()
            .unwrap()
            .iter()
            .any(|r| matches!(r.event, Event::Routed { .. }))
    );
}

/// An intake's labels are checked with every other problem of the intake.
#[test]
fn blank_or_oversized_labels_are_refused_with_their_paths() {
    let mut desk = Desk::new(desk_policy(), Desk::start());
    let intake = desk
        .complaint()
        .unwrap()
        .language(" ")
        .product("p".repeat(65))
        .tags(["ok", ""]);
    let refused = desk.log(intake).err().unwrap();
    let text = refused.to_string();
    for path in ["intake.language", "intake.product", "intake.tags[1]"] {
        assert!(text.contains(path), "{path} in {text}");
    }
}

/// An unresolved case is handed over to the support department when its
/// ladder says so: the hand-over is the scheduler's next deadline, records
/// who held the case before and after, moves the case, and counts in the
/// KPIs. A notify level only records who must be told.
#[test]
fn a_ladder_hands_an_unresolved_case_over_to_a_department() {
    use casework::Aggregate;
    use casework::case::Assignment;
    use casework::kpi::CaseSummary;
    use casework::priority::EscalationAction;

    let mut desk = Desk::new(desk_policy(), Desk::start());
    let intake = desk
        .complaint()
        .unwrap()
        .about("billing/refund", "Refund not received");
    let id = intake.case;
    let mut walk = desk.log(intake).unwrap();
    walk.acknowledge().unwrap();
    let case = walk.state().unwrap();
    assert_eq!(case.unit(), Some(unit("refunds")));
    // The hand-over level is a deadline the scheduler runs on the way (the
    // update clock's warnings come first).
    let policy = desk.policy().clone();
    let priority = case.priority().unwrap();
    let ladder = policy.priority().ladder(priority).unwrap();
    let level = ladder.level(2).unwrap();
    assert_eq!(level.action, EscalationAction::HandOver);
    let calendar = policy.calendar_named(&ladder.calendar).unwrap();
    let due = level.due(calendar, Desk::start()).unwrap();
    assert!(case.next_deadline(&policy).unwrap().unwrap() <= due);

    desk.advance(due - desk.now()).unwrap();
    let walk = desk.case(id);
    let case = walk.state().unwrap();
    assert_eq!(case.unit(), Some(unit("support")));
    assert_eq!(case.assignee(), None);
    let history = walk.history().unwrap();
    let handed: Vec<_> = history
        .iter()
        .filter_map(|r| match &r.event {
            Event::HandedOver { level, from, to } => Some((r.at, *level, *from, *to)),
            _ => None,
        })
        .collect();
    assert_eq!(handed.len(), 1, "{history:#?}");
    let (at, level, from, to) = handed[0];
    assert_eq!((at, level), (due, 2));
    assert_eq!(from.unit, Some(unit("refunds")));
    assert_eq!(to, Assignment::unit(unit("support")));

    let mut summary = CaseSummary::default();
    for recorded in &history {
        summary.fold(recorded);
    }
    assert_eq!(summary.hand_overs, 1);
    assert_eq!(summary.unit.map(|(_, u)| u), Some(unit("support")));
    assert_eq!(
        summary.escalations, 1,
        "the notify level was stopped by the acknowledgement"
    );
}

/// A hand-over to a unit that is not declared is refused with its path.
#[test]
fn a_ladder_or_concern_naming_an_undeclared_unit_is_refused() {
    let text = DESK.replace(
        r#"unit = "support", action = "hand_over", after_minutes = 240,"#,
        r#"unit = "suport", action = "hand_over", after_minutes = 240,"#,
    );
    let mut spec = read(&text);
    spec.feedback.concern_escalates_to = spec
        .feedback
        .concern_escalates_to
        .to_unit(unit("complaints"));
    let problems: Vec<String> = spec
        .compile()
        .unwrap_err()
        .problems
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        [
            "priority.ladders[0].levels[1].unit: `suport` is not a declared unit: did you mean `support`?",
            "feedback.concern_escalates_to.unit: `complaints` is not a declared unit (see `departments`)",
        ]
    );
}

/// A role that reaches only its own department acts on the cases of its
/// department's teams, and is refused, naming the unit, on any other; a
/// role without a reach acts everywhere; an actor who says no unit reaches
/// nothing with the scoped role.
#[test]
fn a_role_reaches_only_the_records_of_its_own_department() {
    use casework::case::{Command, NoteVisibility};
    use casework::policy::{Reach, RoleSpec};
    use casework::{Actor, ActorId, Ctx};

    let lead = Role::new("team_lead").unwrap();
    let mut spec = read(DESK);
    spec.roles.insert(
        lead,
        RoleSpec::new("Team lead")
            .may(["add_note", "close"])
            .within(Reach::OwnDepartment),
    );
    let policy = spec.compile().unwrap();
    let mut desk = Desk::new(policy.clone(), Desk::start());
    let refund = desk
        .complaint()
        .unwrap()
        .about("billing/refund", "Refund not received");
    let refund = desk.log(refund).unwrap().state().unwrap();
    let parcel = desk
        .complaint()
        .unwrap()
        .about("delivery/late", "Parcel late")
        .product("parcel");
    let parcel = desk.log(parcel).unwrap().state().unwrap();
    assert_eq!(
        (refund.unit(), parcel.unit()),
        (Some(unit("refunds")), Some(unit("carriers")))
    );

    let note = Command::AddNote {
        text: "Checked with the team.".into(),
        visibility: NoteVisibility::Internal,
    };
    let billing_lead = Actor::new(ActorId::from_uuid(uuid::Uuid::from_u128(0x1EAD)), [lead]);
    let in_invoicing = [unit("invoicing")];
    let ctx = Ctx::new(desk.now(), billing_lead, &policy).with_units(&in_invoicing);
    use casework::Aggregate;
    // Invoicing and refunds are both teams of billing.
    assert!(refund.decide(&note, &ctx).is_ok());
    let refused = parcel.decide(&note, &ctx).unwrap_err();
    assert_eq!(casework::Rule::rule(&refused), "not_permitted");
    assert!(
        refused
            .to_string()
            .ends_with("on a record of `carriers`, outside the units its roles reach"),
        "{refused}"
    );
    // Without units, the scoped role reaches nothing.
    let nowhere = Ctx::new(desk.now(), billing_lead, &policy);
    assert!(refund.decide(&note, &nowhere).is_err());
    // The same person as a CSR too: the unscoped role reaches everywhere.
    let both = Actor::new(billing_lead.id, [lead, Role::CustomerServiceRepresentative]);
    let ctx = Ctx::new(desk.now(), both, &policy).with_units(&in_invoicing);
    assert!(parcel.decide(&note, &ctx).is_ok());
}

/// Re-categorising a case routes it again: to the new category's unit when
/// the table sends it elsewhere, with nothing routed when it stays.
#[test]
fn recategorising_a_case_routes_it_again() {
    use casework::case::Command;
    let mut desk = Desk::new(desk_policy(), Desk::start());
    let intake = desk
        .complaint()
        .unwrap()
        .about("product/defect", "Kettle leaks");
    let mut walk = desk.log(intake).unwrap();
    assert_eq!(walk.state().unwrap().unit(), Some(unit("front_desk")));
    let recategorise = |category: &str| Command::Recategorise {
        category: category.into(),
        reason: "The investigation found otherwise.".into(),
    };
    walk.by(Desk::csr(), recategorise("product/damaged"))
        .unwrap();
    let case = walk.state().unwrap();
    assert_eq!(case.intake().unwrap().category, "product/damaged");
    assert_eq!(case.unit(), Some(unit("warehouse")));
    assert_eq!(case.routing().unwrap().rule.as_deref(), Some("damaged"));
    walk.by(Desk::csr(), recategorise("delivery/late")).unwrap();
    assert_eq!(walk.state().unwrap().unit(), Some(unit("logistics")));
    // The same unit for the new category: recategorised, not routed.
    let before = walk.history().unwrap().len();
    walk.by(Desk::csr(), recategorise("delivery/missing"))
        .unwrap();
    let history = walk.history().unwrap();
    assert_eq!(history.len(), before + 1, "{history:#?}");
    assert!(matches!(history[before].event, Event::Recategorised { .. }));
    // Refusals: the same category, an unknown one, a blank reason.
    let refused = walk
        .by(Desk::csr(), recategorise("delivery/missing"))
        .err()
        .unwrap();
    assert!(
        refused
            .to_string()
            .contains("in `delivery/missing` already"),
        "{refused}"
    );
    let refused = walk.by(Desk::csr(), recategorise("garden")).err().unwrap();
    assert!(
        refused.to_string().contains("`garden` is not a category"),
        "{refused}"
    );
}

/// A manager moves a case to another unit and to someone there; a team
/// lead who reaches only their department may move it only within it; an
/// undeclared unit, or the unit the case is with, is refused.
#[test]
fn a_case_is_transferred_to_a_unit_and_a_person_within_reach() {
    use casework::case::{Assignee, Assignment, Command};
    use casework::policy::{Reach, RoleSpec};
    use casework::{Actor, ActorId, Aggregate, Ctx};

    let lead = Role::new("team_lead").unwrap();
    let mut spec = read(DESK);
    spec.roles.insert(
        lead,
        RoleSpec::new("Team lead")
            .may(["transfer"])
            .within(Reach::OwnDepartment),
    );
    let policy = spec.compile().unwrap();
    let mut desk = Desk::new(policy.clone(), Desk::start());
    let refund = desk
        .complaint()
        .unwrap()
        .about("billing/refund", "Refund not received");
    let id = refund.case;
    desk.log(refund).unwrap();
    let agent = ActorId::from_uuid(uuid::Uuid::from_u128(0xA6E));
    let transfer = |to: &str, person: Option<ActorId>| Command::Transfer {
        unit: unit(to),
        to: person,
        reason: "Invoicing handles this one.".into(),
    };
    // The manager moves it within billing, to a person.
    let mut walk = desk.case(id);
    walk.by(Desk::manager(), transfer("invoicing", Some(agent)))
        .unwrap();
    let case = walk.state().unwrap();
    let mut expected = Assignment::unit(unit("invoicing"));
    expected.assignee = Some(Assignee::Person(agent));
    assert_eq!(case.assignment(), expected);
    let history = walk.history().unwrap();
    assert!(matches!(
        &history.last().unwrap().event,
        Event::Transferred { from, to, .. } if from.unit == Some(unit("refunds")) && *to == expected
    ));

    // A billing team lead moves it back within billing, not out of it.
    let billing_lead = Actor::new(ActorId::from_uuid(uuid::Uuid::from_u128(0x1EAD)), [lead]);
    let in_refunds = [unit("refunds")];
    let ctx = Ctx::new(
        Desk::start() + chrono::TimeDelta::hours(1),
        billing_lead,
        &policy,
    )
    .with_units(&in_refunds);
    assert!(case.decide(&transfer("refunds", None), &ctx).is_ok());
    let refused = case.decide(&transfer("carriers", None), &ctx).unwrap_err();
    assert!(
        refused.to_string().contains("on a record of `carriers`"),
        "{refused}"
    );

    // Content: an undeclared unit, and the assignment the case has.
    let refused = walk
        .by(Desk::manager(), transfer("nowhere", None))
        .err()
        .unwrap();
    assert!(
        refused
            .to_string()
            .contains("`nowhere` is not a declared unit"),
        "{refused}"
    );
    let refused = walk
        .by(Desk::manager(), transfer("invoicing", Some(agent)))
        .err()
        .unwrap();
    assert!(
        refused.to_string().contains("with `invoicing` already"),
        "{refused}"
    );
    // A CSR is not granted a transfer by the SOP table.
    assert!(walk.by(Desk::csr(), transfer("front_desk", None)).is_err());
}

/// The follow-up SOP: "escalate unresolved issues to the relevant
/// department within 24 hours". A concern left 24 hours escalates, and the
/// escalation hands the case over to the department the policy names.
#[test]
fn an_unresolved_concern_is_handed_over_to_the_relevant_department() {
    use casework::case::{Assignment, Command};
    use casework::priority::{EscalationAction, EscalationTrigger, LadderStep};

    let mut spec = read(DESK);
    spec.feedback.concern_escalates_to =
        LadderStep::new(Role::CustomerServiceManager, EscalationAction::HandOver)
            .to_unit(unit("support"));
    let mut desk = Desk::new(spec.compile().unwrap(), Desk::start());
    let intake = desk
        .complaint()
        .unwrap()
        .about("billing/refund", "Refund not received");
    let id = intake.case;
    let mut walk = desk.log(intake).unwrap();
    walk.acknowledge()
        .unwrap()
        .investigate()
        .unwrap()
        .resolve("Refunded", "process")
        .unwrap();
    walk.review(true, "Checked").unwrap();
    let channel = walk.state().unwrap().follow_up_channel().cloned().unwrap();
    walk.by(
        Desk::csr(),
        Command::RecordFollowUp {
            channel,
            other_channel_reason: None,
            rating: Some(2),
            comments: "The refund is still not on my card.".into(),
            concern_resolved: false,
            answers: Vec::new(),
            last_surveyed_at: None,
            survey_override: None,
        },
    )
    .unwrap();
    desk.advance(chrono::TimeDelta::hours(25)).unwrap();
    let history = desk.case(id).history().unwrap();
    let escalated = history.iter().position(|r| {
        matches!(
            r.event,
            Event::Escalated {
                trigger: EscalationTrigger::UnresolvedConcern,
                ..
            }
        )
    });
    let escalated = escalated.expect("the concern escalated");
    assert!(matches!(
        &history[escalated + 1].event,
        Event::HandedOver { to, .. } if *to == Assignment::unit(unit("support"))
    ));
    assert_eq!(desk.case(id).state().unwrap().unit(), Some(unit("support")));
}
