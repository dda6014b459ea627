//! The organisation as data: a desk's own roles, departments, teams and routing
//! rules, read from a TOML policy, and a ladder that hands unresolved work over
//! to a department.
//!
//! Run it with `cargo run --example organisation --features testkit`.
//!
//! It reads `examples/organisation.toml` with the path of every mistake, prints
//! the organisation it declares, logs two complaints at a simulated desk
//! ([`casework::testkit::Desk`]) that routing sends to different teams, each
//! with the rule that matched and why, resolves one, and leaves the other
//! unresolved until its escalation ladder hands it over to the support
//! department: the case's next deadline is the hand-over, and the
//! `HandedOver` event records who held the case before and after.
#![allow(clippy::print_stdout)]

use std::error::Error;

use casework::case::{Assignment, Event};
use casework::testkit::Desk;
use casework::{Aggregate, CaseCommandKind, Policy, PolicySpec, Role, UnitId};
use chrono::{DateTime, Utc};

/// The desk's policy: its roles, organisation, routing and ladders.
const POLICY: &str = include_str!("organisation.toml");

/// An instant as the desk reads it, such as `Mon 23 Nov 09:00`.
fn at(t: DateTime<Utc>) -> String {
    t.format("%a %d %b %H:%M").to_string()
}

/// A unit with its name and department, such as `refunds (Refunds, in billing)`.
fn describe(policy: &Policy, unit: Option<UnitId>) -> String {
    let Some(id) = unit else {
        return "no unit".to_owned();
    };
    match policy.organisation().unit(id) {
        Some(found) => match found.department {
            Some(department) => format!("{id} ({}, in {department})", found.name),
            None => format!("{id} ({}, a department)", found.name),
        },
        None => format!("{id} (undeclared)"),
    }
}

/// Who holds a case, per a hand-over's `from` or `to`.
fn holder(policy: &Policy, assignment: &Assignment) -> String {
    let worker = assignment
        .assignee
        .map_or("nobody yet".to_owned(), |a| format!("{a:?}"));
    format!("{}, worked by {worker}", describe(policy, assignment.unit))
}

fn main() -> Result<(), Box<dyn Error>> {
    // 1. The policy, read with the path of every mistake, then compiled, which
    //    refuses any role or unit named but not declared.
    let spec = PolicySpec::deserialize_with_paths(toml::Deserializer::parse(POLICY)?)?;
    let policy = spec.compile()?;

    println!("roles ({}):", policy.roles().len());
    for (role, declared) in policy.roles() {
        let extra = if declared.may.is_empty() {
            String::new()
        } else {
            format!(", also may {}", declared.may.join(", "))
        };
        println!("  {role:<32} {}{extra}", declared.name);
    }
    let lead = Role::new("team_lead")?;
    for kind in [CaseCommandKind::Close, CaseCommandKind::Log] {
        let verdict = if policy.permissions().allows(lead, kind) {
            "may"
        } else {
            "may not"
        };
        println!("  so a team lead {verdict} `{kind}`");
    }
    println!("\norganisation:");
    for department in &policy.organisation().departments {
        let teams: Vec<String> = department
            .teams
            .iter()
            .map(|team| format!("{} ({})", team.id, team.name))
            .collect();
        println!(
            "  {} ({}): {}",
            department.id,
            department.name,
            teams.join(", ")
        );
    }

    // 2. Two complaints, logged and routed as the desk's CSR takes them.
    let mut desk = Desk::new(policy, Desk::start());
    let refund = desk
        .complaint()?
        .about("billing/refund", "Refund not received")
        .language("de-AT")
        .tags(["vip"]);
    let invoice = desk
        .complaint()?
        .about("billing/overcharge", "Charged twice for one order")
        .language("en-GB");
    let (refund_id, invoice_id) = (refund.case, invoice.case);

    println!("\nrouting at {}:", at(desk.now()));
    for intake in [refund, invoice] {
        let reference = intake.reference.clone();
        let case = desk.log(intake)?.state()?;
        let routing = case.routing().ok_or("the policy routes every case")?;
        println!("  {reference}: {}", describe(desk.policy(), case.unit()));
        println!("    {}", routing.explain());
        let tags: Vec<&str> = case.tags().collect();
        println!("    tags [{}]", tags.join(", "));
    }

    // 3. Both are acknowledged; the invoice is resolved, the refund is not.
    desk.case(invoice_id)
        .acknowledge()?
        .investigate()?
        .resolve("Second charge refunded", "system")?;
    let mut walk = desk.case(refund_id);
    walk.acknowledge()?;
    let case = walk.state()?;
    let priority = case.priority().ok_or("a logged case has a priority")?;
    let due = case
        .next_deadline(desk.policy())?
        .ok_or("an unresolved case has a deadline")?;
    println!("\nthe refund is {priority}, acknowledged, not resolved; its ladder:");
    let ladder = (desk.policy().priority().ladder(priority)).ok_or("a ladder per priority")?;
    for (n, level) in (1..).zip(&ladder.levels) {
        let unit = level
            .unit
            .map_or(String::new(), |unit| format!(" to {unit}"));
        println!(
            "  level {n}: {} {}{unit} after {} {} minutes, unless {}",
            level.action, level.role, level.after_minutes, ladder.calendar, level.unless
        );
    }
    println!("its next deadline is {}", at(due));

    // 4. The scheduler runs at that deadline: the ladder hands the case over.
    desk.advance_to(due)?;
    let walk = desk.case(refund_id);
    println!("\nthe refund's history:");
    for recorded in walk.history()? {
        println!("  {} {}", at(recorded.at), recorded.event.name());
        match &recorded.event {
            Event::Escalated {
                level,
                to: Some(step),
                ..
            } => println!("    to level {level}: {} {}", step.action, step.role),
            Event::HandedOver { level, from, to } => {
                println!("    by ladder level {level}");
                println!("    from {}", holder(desk.policy(), from));
                println!("    to   {}", holder(desk.policy(), to));
            }
            _ => {}
        }
    }

    println!("\nat {}:", at(desk.now()));
    for (what, id) in [("refund", refund_id), ("invoice", invoice_id)] {
        let case = desk.case(id).state()?;
        let status = case
            .status()
            .map_or("not logged", |s| desk.policy().lifecycle().label(s));
        println!(
            "  the {what:<7} is {status}, held by {}",
            describe(desk.policy(), case.unit())
        );
    }
    Ok(())
}
