//! The organisation's invariants over random tables, facts and roles:
//! - routing is total: every intake gets exactly one routing, from the first
//!   rule that matches by an independent reading of the conditions, or the
//!   default when none does;
//! - separation of duties holds with custom roles: a role granted every case
//!   command still cannot review its own resolution, nor close a complaint
//!   without the review the policy asks for.

use casework::Aggregate as _;
use casework::case::{CaseKind, Command};
use casework::policy::{
    RoleSpec, RouteTo, RoutingCondition, RoutingFacts, RoutingRule, RoutingTable,
};
use casework::priority::Priority;
use casework::testkit::Desk;
use casework::{
    Actor, ActorId, CaseCommandKind, Channel, PolicySpec, Role, Rule, Severity, UnitId,
};
use proptest::prelude::*;
use uuid::Uuid;

const CATEGORIES: [&str; 6] = [
    "billing",
    "billing/refund",
    "billing/refunds",
    "delivery",
    "delivery/late",
    "other",
];
const LANGUAGES: [&str; 5] = ["de", "de-AT", "den", "en", "fr-CA"];
const WORDS: [&str; 4] = ["vip", "key_account", "parcel", "outage"];
const CHANNELS: [Channel; 3] = [Channel::Email, Channel::Phone, Channel::SocialMedia];
const SEVERITIES: [Severity; 4] = [
    Severity::Low,
    Severity::Medium,
    Severity::High,
    Severity::Critical,
];

fn some_of<T: Clone + core::fmt::Debug + 'static>(
    values: &'static [T],
) -> impl Strategy<Value = Vec<T>> {
    prop::collection::vec(prop::sample::select(values), 0..3)
}

fn strings(values: &'static [&'static str]) -> impl Strategy<Value = Vec<String>> {
    some_of(values).prop_map(|v| v.into_iter().map(str::to_owned).collect())
}

fn condition() -> impl Strategy<Value = RoutingCondition> {
    (
        (
            strings(&CATEGORIES),
            some_of(&CHANNELS),
            some_of(&SEVERITIES),
        ),
        (
            prop::collection::vec(1..=4u8, 0..3),
            strings(&WORDS),
            strings(&LANGUAGES),
        ),
        (strings(&WORDS), strings(&WORDS)),
    )
        .prop_map(
            |(
                (categories, channels, severities),
                (priorities, tiers, languages),
                (products, tags),
            )| {
                RoutingCondition::default()
                    .categories(categories)
                    .channels(channels)
                    .severities(severities)
                    .priorities(priorities.into_iter().map(Priority))
                    .tiers(tiers)
                    .languages(languages)
                    .products(products)
                    .tags(tags)
            },
        )
}

fn unit(i: usize) -> UnitId {
    UnitId::new(&format!("team_{i}")).unwrap()
}

fn table() -> impl Strategy<Value = RoutingTable> {
    prop::collection::vec(condition(), 0..12).prop_map(|conditions| {
        conditions.into_iter().enumerate().fold(
            RoutingTable::new(RouteTo::unit(unit(99))),
            |table, (i, when)| {
                table.rule(RoutingRule::new(
                    format!("rule_{i}"),
                    when,
                    RouteTo::unit(unit(i)),
                ))
            },
        )
    })
}

/// The facts of one intake, owned.
#[derive(Debug, Clone)]
struct Facts {
    category: &'static str,
    channel: Channel,
    severity: Severity,
    priority: u8,
    tier: Option<&'static str>,
    language: Option<&'static str>,
    product: Option<&'static str>,
    tags: Vec<String>,
}

fn facts() -> impl Strategy<Value = Facts> {
    (
        (
            prop::sample::select(&CATEGORIES[..]),
            prop::sample::select(&CHANNELS[..]),
            prop::sample::select(&SEVERITIES[..]),
            1..=4u8,
        ),
        (
            prop::option::of(prop::sample::select(&WORDS[..])),
            prop::option::of(prop::sample::select(&LANGUAGES[..])),
            prop::option::of(prop::sample::select(&WORDS[..])),
        ),
        strings(&WORDS),
    )
        .prop_map(
            |((category, channel, severity, priority), (tier, language, product), tags)| Facts {
                category,
                channel,
                severity,
                priority,
                tier,
                language,
                product,
                tags,
            },
        )
}

impl Facts {
    fn routing(&self) -> RoutingFacts<'_> {
        let mut facts = RoutingFacts::new(
            self.category,
            self.channel.clone(),
            self.severity,
            Priority(self.priority),
        )
        .tags(&self.tags);
        if let Some(tier) = self.tier {
            facts = facts.tier(tier);
        }
        if let Some(language) = self.language {
            facts = facts.language(language);
        }
        if let Some(product) = self.product {
            facts = facts.product(product);
        }
        facts
    }

    /// The condition's meaning, read independently: each list given holds
    /// the fact; a category holds the categories under it, segment by
    /// segment, and a language its regional forms.
    fn meet(&self, when: &RoutingCondition) -> bool {
        let under = |entry: &str, fact: &str, separator: char| {
            let entry: Vec<&str> = entry.split(separator).collect();
            let fact: Vec<&str> = fact.split(separator).collect();
            fact.len() >= entry.len() && fact[..entry.len()] == entry[..]
        };
        let any = |list: &[String], fact: Option<&str>, test: &dyn Fn(&str, &str) -> bool| {
            list.is_empty() || fact.is_some_and(|fact| list.iter().any(|e| test(e, fact)))
        };
        any(&when.categories, Some(self.category), &|e, f| {
            under(e, f, '/')
        }) && (when.channels.is_empty() || when.channels.contains(&self.channel))
            && (when.severities.is_empty() || when.severities.contains(&self.severity))
            && (when.priorities.is_empty() || when.priorities.contains(&Priority(self.priority)))
            && any(&when.tiers, self.tier, &|e, f| e == f)
            && any(&when.languages, self.language, &|e, f| under(e, f, '-'))
            && any(&when.products, self.product, &|e, f| e == f)
            && (when.tags.is_empty() || when.tags.iter().any(|t| self.tags.contains(t)))
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn routing_is_total_and_the_first_match_wins(table in table(), facts in facts()) {
        let routing = table.route(&facts.routing());
        let first = table.rules.iter().position(|rule| facts.meet(&rule.when));
        match first {
            Some(i) => {
                prop_assert_eq!(routing.rule.as_deref(), Some(table.rules[i].name.as_str()));
                prop_assert_eq!(routing.to.unit, unit(i));
                let explained = routing.explain();
                prop_assert!(explained.starts_with(&format!("to `team_{i}` by rule `rule_{i}`")), "{}", explained);
            }
            None => {
                prop_assert_eq!(routing.rule.as_deref(), None);
                prop_assert_eq!(routing.to.unit, unit(99));
                prop_assert_eq!(routing.explain(), "to `team_99` by default: no rule matched");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A custom role granted every case command still meets the rules no
    /// table can switch off: the one who resolved a case does not review it,
    /// and a complaint the policy sends to QA is not closed unreviewed.
    #[test]
    fn separation_of_duties_holds_with_custom_roles(id in "[a-z][a-z0-9_]{0,20}", same_person in any::<bool>()) {
        let role = Role::new(&id).unwrap();
        let mut spec = PolicySpec::sop_default();
        let every: Vec<String> = CaseCommandKind::ALL.iter().map(|k| k.qualified_name().to_owned()).collect();
        spec.roles.insert(role, RoleSpec::new("Does everything").may(every));
        spec.case.qa_review = vec![Severity::Low, Severity::Medium, Severity::High, Severity::Critical];
        let policy = spec.compile().unwrap();
        let resolver = Actor::new(ActorId::from_uuid(Uuid::from_u128(0xA1)), [role]);
        let reviewer = if same_person { resolver } else { Actor::new(ActorId::from_uuid(Uuid::from_u128(0xA2)), [role]) };

        let mut desk = Desk::new(policy, Desk::start());
        let intake = desk.intake(CaseKind::Complaint).unwrap();
        let mut walk = desk.log(intake).unwrap();
        walk.acknowledge().unwrap().investigate().unwrap();
        walk.by(resolver, Command::Resolve {
            resolution: Some(casework::case::Resolution::text("Reshipped")),
            root_cause: Some("supplier".into()),
        }).unwrap();
        // Closing before the review is refused whoever asks.
        let refused = walk.by(resolver, Command::Close).err().unwrap();
        prop_assert_eq!(refused.rule(), "not_ready_to_close");
        let review = walk.by(reviewer, Command::ReviewResolution { approved: true, comments: "Checked".into() });
        if same_person {
            prop_assert_eq!(review.err().map(|e| e.rule()), Some("reviewer_is_resolver"));
        } else {
            prop_assert!(review.is_ok());
        }
    }
}

/// The hand-overs of one history: each with the case as the events before
/// it left it, and as it leaves it.
fn hand_overs(
    history: &[casework::Recorded<casework::case::Event>],
) -> Vec<(
    casework::case::Event,
    casework::case::Case,
    casework::case::Case,
)> {
    use casework::case::{Case, Event};
    let mut found = Vec::new();
    for (i, recorded) in history.iter().enumerate() {
        if matches!(recorded.event, Event::HandedOver { .. }) {
            let before = Case::replay(&history[..i]).unwrap();
            let after = Case::replay(&history[..=i]).unwrap();
            found.push((recorded.event.clone(), before, after));
        }
    }
    found
}

/// Random histories at the desk whose ladders hand cases over to the
/// support department.
fn desk_history(steps: &[(Actor, Command, i64)]) -> Vec<casework::Recorded<casework::case::Event>> {
    let mut desk = crate::case::fixtures::Desk::with_policy(super::desk_policy());
    for (actor, command, minutes) in steps {
        let at = desk.now + chrono::TimeDelta::minutes((*minutes).max(0));
        let _ = desk.run_at(at, *actor, command.clone());
    }
    desk.history
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// A hand-over always leaves exactly one current assignment: the unit
    /// the escalation named, nobody assigned yet; it starts from the
    /// assignment the case had, and never hands a case to where it is.
    /// Every escalation that hands over to a unit is followed by its
    /// hand-over, unless the case was there already.
    #[test]
    fn a_hand_over_leaves_exactly_one_current_assignment(steps in crate::case::properties::steps(60)) {
        use casework::case::{Assignment, Event};
        let history = desk_history(&steps);
        for (event, before, after) in hand_overs(&history) {
            let Event::HandedOver { from, to, .. } = event else { unreachable!() };
            prop_assert_eq!(from, before.assignment());
            prop_assert_eq!(to, after.assignment());
            prop_assert_ne!(from, to);
            prop_assert!(to.unit.is_some() && to.assignee.is_none());
        }
        for (i, recorded) in history.iter().enumerate() {
            let Event::Escalated { to: Some(step), .. } = &recorded.event else { continue };
            let Some(unit) = step.moves_to() else { continue };
            let next = history.get(i + 1).map(|r| &r.event);
            let handed = matches!(next, Some(Event::HandedOver { to, .. }) if *to == Assignment::unit(unit));
            let before = casework::case::Case::replay(&history[..=i]).unwrap();
            prop_assert!(handed || before.assignment() == Assignment::unit(unit), "{:?} then {:?}", recorded.event, next);
        }
    }
}

/// The generators reach hand-overs: over a few hundred random histories at
/// the desk, cases are handed over.
#[test]
fn random_desk_histories_hand_cases_over() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = crate::case::properties::steps(80);
    let handed: usize = (0..200)
        .map(|_| {
            hand_overs(&desk_history(
                &strategy.new_tree(&mut runner).unwrap().current(),
            ))
            .len()
        })
        .sum();
    assert!(handed > 0, "no random history handed a case over");
}

fn candidates() -> impl Strategy<Value = Vec<casework::policy::Candidate>> {
    use casework::policy::Candidate;
    let candidate = (
        1..8u128,
        0..6u32,
        prop::option::of(0..6u32),
        strings(&["refunds", "claims"]),
        strings(&["de", "en", "fr"]),
    )
        .prop_map(|(id, open, capacity, skills, languages)| {
            let mut candidate = Candidate::new(ActorId::from_uuid(Uuid::from_u128(id)), open)
                .skills(skills)
                .languages(languages);
            if let Some(capacity) = capacity {
                candidate = candidate.capacity(capacity);
            }
            candidate
        });
    prop::collection::vec(candidate, 0..10)
}

/// Whether `c` can take a case needing `skill` and `language`, read
/// independently of the library.
fn can_take(c: &casework::policy::Candidate, skill: Option<&str>, language: Option<&str>) -> bool {
    c.capacity.is_none_or(|cap| c.open < cap)
        && skill.is_none_or(|s| c.skills.iter().any(|k| k == s))
        && language.is_none_or(|l| {
            c.languages
                .iter()
                .any(|own| l == own || l.starts_with(&format!("{own}-")))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The suggestion is deterministic whatever the order of the
    /// candidates, qualifies, and is the least loaded (lower id on a tie);
    /// nobody is suggested exactly when nobody qualifies; round robin
    /// visits every qualifying person once per turn, in id order.
    #[test]
    fn assignment_suggestions_are_deterministic_fair_and_qualified(
        team in candidates(),
        skill in prop::option::of(prop::sample::select(&["refunds", "claims"][..])),
        language in prop::option::of(prop::sample::select(&["de-AT", "en", "fr-CA"][..])),
    ) {
        use casework::policy::{Need, Pick, suggest_assignee};
        let mut need = Need::default();
        if let Some(skill) = skill { need = need.skill(skill); }
        if let Some(language) = language { need = need.language(language); }
        // The first entry of each person counts.
        let mut people: Vec<&casework::policy::Candidate> = Vec::new();
        for c in &team {
            if !people.iter().any(|p| p.actor == c.actor) { people.push(c); }
        }
        let able: Vec<_> = people.iter().filter(|c| can_take(c, skill, language)).collect();

        let least = suggest_assignee(&team, Pick::LeastLoaded, &need);
        let mut reversed: Vec<_> = people.iter().map(|c| (*c).clone()).collect();
        reversed.reverse();
        prop_assert_eq!(suggest_assignee(&reversed, Pick::LeastLoaded, &need).map(|s| s.actor), least.map(|s| s.actor));
        match least {
            None => prop_assert!(able.is_empty()),
            Some(chosen) => {
                let best = able.iter().map(|c| (c.open, c.actor)).min();
                prop_assert_eq!(Some((chosen.open, chosen.actor)), best);
                prop_assert_eq!(chosen.qualified, able.len());
            }
        }

        let mut turn = Vec::new();
        let mut after = None;
        for _ in 0..able.len() {
            let next = suggest_assignee(&team, Pick::RoundRobin { after }, &need).map(|s| s.actor);
            prop_assert!(next.is_some());
            turn.push(next);
            after = next;
        }
        let mut ids: Vec<_> = able.iter().map(|c| Some(c.actor)).collect();
        ids.sort();
        let mut seen = turn.clone();
        seen.sort();
        prop_assert_eq!(seen, ids, "one turn visits each qualifying person once");
    }
}
