//! A month at a desk of five agents, reviewed: the per-agent KPIs and their
//! targets, the audit sample drawn and scored, the quality review report, and
//! the month replayed under a stricter policy.
//!
//! The month is generated from a seed (`cargo run --example monthly_review --
//! 7`), so the same seed gives the same month; the library itself draws no
//! random numbers.
#![allow(clippy::print_stdout)]

use casework::case::{Assignee, Case, CaseKind, Command, Event, Intake, Resolution};
use casework::kpi::{Attainment, Dimension, Kpis, QualityReview};
use casework::quality::audit::{self, AuditedCase, Candidate, CaseAudit, CriterionScore};
use casework::read::{Projection, QueueKey, WorkQueues, replay};
use casework::sla::Within;
use casework::{
    Actor, ActorId, Aggregate, AuditId, CaseId, Channel, Ctx, CustomerRef, Policy, PolicySpec,
    Recorded, Reference, Role,
};
use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, TimeZone, Utc, Weekday};
use uuid::Uuid;

/// SplitMix64: the example's own seeded generator.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn actor(n: u128, role: Role) -> Actor {
    Actor::new(ActorId::from_uuid(Uuid::from_u128(n)), [role])
}

const CATEGORIES: [&str; 4] = ["delivery/late", "delivery/missing", "billing", "product"];

/// One complaint, handled by `agent` as the seed has it: acknowledged
/// quickly or late, resolved, followed up with a rating, and closed, or
/// still open at the end of the month.
fn complaint(
    n: u32,
    agent: Actor,
    received: DateTime<Utc>,
    rng: &mut Seeded,
    policy: &Policy,
) -> Result<Vec<Recorded<Event>>, Box<dyn std::error::Error>> {
    let (csr, manager) = (agent, actor(90, Role::CustomerServiceManager));
    let id = CaseId::from_uuid(Uuid::from_u128(u128::from(n)));
    let category = CATEGORIES
        .get(rng.below(CATEGORIES.len() as u64) as usize)
        .ok_or("category")?;
    let intake = Intake::new(
        id,
        Reference::new("CMP", 2026, u64::from(n))?,
        CaseKind::Complaint,
        Channel::Email,
        CustomerRef::from_uuid(Uuid::from_u128(1000 + u128::from(n))),
        received,
    )
    .about(*category, "Complaint")
    .description("As the customer wrote it.")
    .follow_up_by(Channel::Email);
    let mut case = Case::default();
    let mut now = received;
    let mut events = Vec::new();
    let run = |case: &mut Case, now: DateTime<Utc>, who: Actor, command: Command| {
        case.record(&command, &Ctx::new(now, who, policy))
    };
    events.extend(run(
        &mut case,
        now,
        csr,
        Command::Log {
            intake,
            first_contact_resolution: None,
        },
    )?);
    events.extend(run(
        &mut case,
        now,
        manager,
        Command::Assign {
            to: Assignee::Person(agent.id),
        },
    )?);
    // Most within the working day; agent 5 is often a day and a half late.
    let late = agent.id == ActorId::from_uuid(Uuid::from_u128(5)) && rng.below(2) == 0;
    now += TimeDelta::minutes(if late {
        36 * 60
    } else {
        20 + rng.below(300) as i64
    });
    events.extend(run(
        &mut case,
        now,
        csr,
        Command::Acknowledge {
            channel: Channel::Email,
        },
    )?);
    if rng.below(10) == 0 {
        return Ok(events); // still open
    }
    now += TimeDelta::minutes(30);
    events.extend(run(&mut case, now, csr, Command::StartInvestigation)?);
    now += TimeDelta::hours(2 + rng.below(60) as i64);
    events.extend(run(
        &mut case,
        now,
        csr,
        Command::Resolve {
            resolution: Some(Resolution::text("Put right")),
            root_cause: Some("supplier".into()),
        },
    )?);
    now += TimeDelta::hours(24);
    let rating = 2 + rng.below(4) as u8;
    events.extend(run(
        &mut case,
        now,
        csr,
        Command::RecordFollowUp {
            channel: Channel::Email,
            other_channel_reason: None,
            rating: Some(rating),
            comments: String::new(),
            concern_resolved: true,
            answers: Vec::new(),
            last_surveyed_at: None,
            survey_override: None,
        },
    )?);
    events.extend(run(
        &mut case,
        now,
        csr,
        Command::ProposeNoCapa {
            reason: "One-off".into(),
        },
    )?);
    events.extend(run(&mut case, now, manager, Command::ApproveNoCapa)?);
    events.extend(run(&mut case, now, manager, Command::Close)?);
    Ok(events)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seed = std::env::args().nth(1).map_or(Ok(7), |s| s.parse())?;
    let mut rng = Seeded(seed);
    let policy = Policy::sop_default()?;
    let agents: Vec<Actor> = (1..=5)
        .map(|n| actor(n, Role::CustomerServiceRepresentative))
        .collect();
    let (qa, scheduler) = (actor(91, Role::QaSpecialist), actor(99, Role::System));
    let november = NaiveDate::from_ymd_opt(2026, 11, 1).ok_or("date")?;
    let month_end = Utc
        .with_ymd_and_hms(2026, 12, 1, 0, 0, 0)
        .single()
        .ok_or("instant")?;

    // A month of complaints: 8 to 12 a working day, 09:00 to 16:00 UTC.
    let mut log = Vec::new();
    let mut n = 0;
    for day in november.iter_days().take_while(|d| d.month() == 11) {
        if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            continue;
        }
        for _ in 0..8 + rng.below(5) {
            n += 1;
            let at = day.and_hms_opt(9, 0, 0).ok_or("time")?.and_utc()
                + TimeDelta::minutes(rng.below(7 * 60) as i64);
            let agent = *agents.get(rng.below(5) as usize).ok_or("agent")?;
            log.extend(complaint(n, agent, at, &mut rng, &policy)?);
        }
    }
    // The scheduler's pass at the end of the month records what came due.
    let mut cases: Vec<Case> = Vec::new();
    let mut queues = WorkQueues::new(&policy);
    queues.fold_all(&log)?;
    let streams: Vec<_> = queues.cases().iter().map(|(stream, _)| stream).collect();
    for stream in streams {
        let mut case = queues.cases().get(stream).cloned().unwrap_or_default();
        let due = case.record_due(&Ctx::new(month_end, scheduler, &policy))?;
        queues.fold_all(&due)?;
        log.extend(due);
        cases.push(case);
    }
    println!(
        "November 2026, seed {seed}: {} complaints, {} events",
        cases.len(),
        log.len()
    );
    println!("Still open at the end of the month, per queue:");
    for agent in &agents {
        println!(
            "  agent {}: {}",
            agent.id.as_uuid().as_u128(),
            queues.queue(QueueKey::Person(agent.id)).count()
        );
    }

    // The per-agent table, and each agent against the targets.
    let kpis = Kpis::from_events(&log);
    let by_agent = kpis.report_by(Dimension::Agent, &policy)?;
    let targets = kpis.evaluate_targets_by(Dimension::Agent, &policy)?;
    println!(
        "\n{:<8} {:>6} {:>9} {:>14} {:>6} {:>7} {:>5}  targets",
        "agent", "cases", "resolved", "median ack", "FCR", "reopen", "CSAT"
    );
    for (agent, report) in &by_agent {
        let name = agents
            .iter()
            .position(|a| a.id.to_string() == *agent)
            .map_or(agent.clone(), |i| format!("{}", i + 1));
        let percent = |r: casework::kpi::Ratio| {
            r.value()
                .map_or("-".into(), |v| format!("{:.0}%", v * 100.0))
        };
        let statuses = targets.get(agent).map_or(String::new(), |statuses| {
            statuses
                .iter()
                .map(|s| match s.attainment {
                    Attainment::Met => '✓',
                    Attainment::AtRisk => '~',
                    Attainment::Missed => '✗',
                    _ => '·',
                })
                .collect()
        });
        println!(
            "{:<8} {:>6} {:>9} {:>14} {:>6} {:>7} {:>5}  {}",
            name,
            report.cases,
            percent(report.resolved),
            report
                .business_time_to_acknowledge
                .median
                .map_or("-".into(), |d| format!(
                    "{}h{:02}m",
                    d.num_hours(),
                    d.num_minutes() % 60
                )),
            percent(report.first_contact_resolution),
            report.reopens_caused,
            report
                .csat
                .average
                .value()
                .map_or("-".into(), |v| format!("{v:.2}")),
            statuses,
        );
    }
    println!(
        "(targets in policy order: {})",
        policy
            .kpi()
            .targets
            .iter()
            .map(|t| format!("{:?}", t.measure))
            .collect::<Vec<_>>()
            .join(", ")
    );

    // The audit sample, drawn from the resolved cases by a hash of the case
    // and the month, and scored by QA.
    let candidates: Vec<Candidate> = cases
        .iter()
        .filter_map(|case| Candidate::resolved(case, policy.calendar()).transpose())
        .filter(|candidate| candidate.as_ref().is_ok_and(|c| c.period == "2026-11"))
        .collect::<Result<_, _>>()?;
    let sample = audit::sample(&candidates, policy.quality().audit.sampling);
    let mut audits = Vec::new();
    println!(
        "\nAudit sample of November, {:?}:",
        policy.quality().audit.sampling
    );
    for (i, drawn) in sample.cases().enumerate() {
        let case = cases
            .iter()
            .find(|c| c.id() == Some(drawn.case))
            .ok_or("sampled case")?;
        let mut record = CaseAudit::default();
        let at = month_end + TimeDelta::days(1) + TimeDelta::minutes(i as i64);
        let subject = AuditedCase::of(case).ok_or("a logged case")?;
        record.record(
            &audit::Command::open(
                AuditId::from_uuid(Uuid::from_u128(5000 + i as u128)),
                subject,
                drawn.agent,
                drawn.period.clone(),
            ),
            &Ctx::new(at, qa, &policy),
        )?;
        let scores = policy
            .quality()
            .audit
            .scorecard
            .iter()
            .map(|c| {
                CriterionScore::new(
                    c.code.clone(),
                    if rng.below(6) == 0 {
                        2
                    } else {
                        3 + rng.below(2) as u8
                    },
                )
            })
            .collect();
        record.record(
            &audit::Command::Score {
                scores,
                findings: Vec::new(),
                comments: String::new(),
            },
            &Ctx::new(at, qa, &policy),
        )?;
        let outcome = record.outcome().ok_or("scored")?;
        println!(
            "  {} agent {}: {}% {}",
            case.reference().map_or(String::new(), ToString::to_string),
            drawn.agent.as_uuid().as_u128(),
            outcome.percent,
            if outcome.passed { "pass" } else { "FAIL" }
        );
        audits.push(record);
    }

    // The quality review report, as the review meeting gets it.
    let report = QualityReview::of(
        &kpis,
        &audits,
        &[],
        november,
        &policy,
        month_end + TimeDelta::days(2),
    )?;
    println!(
        "\nQuality review {}: {} audits, {} passed, average {:.0}%",
        report.period,
        report.audits.scored,
        report.audits.passed,
        report.audits.average_percent.value().unwrap_or(0.0)
    );
    for status in &report.targets {
        println!(
            "  {:?}: {:?} ({:?})",
            status.target.measure,
            status.attainment,
            status.actual_in_unit()
        );
    }
    for top in &report.top_categories {
        println!(
            "  {:<18} {:>4} cases, CSAT {:.2}",
            top.category,
            top.cases,
            top.csat.value().unwrap_or(0.0)
        );
    }
    println!(
        "  the report as JSON: {} bytes",
        serde_json::to_string(&report)?.len()
    );

    // The month again, had the first response been due within 4 business
    // hours.
    let mut stricter = PolicySpec::sop_default();
    for target in stricter
        .sla
        .targets
        .iter_mut()
        .filter(|t| t.metric == "first_response")
    {
        target.within = Within::Minutes(4 * 60);
        target.calendar = "business".into();
    }
    let stricter = stricter.compile()?;
    let comparison = replay(&log, &policy, &stricter, month_end, scheduler)?;
    let met = |report: &casework::kpi::KpiReport| {
        report
            .sla
            .get("first_response")
            .and_then(|c| c.met.value())
            .unwrap_or(0.0)
            * 100.0
    };
    let breaches = |side: fn(&casework::read::CaseComparison) -> &casework::read::Lapses| {
        comparison
            .cases
            .iter()
            .filter(|c| side(c).breached.contains("first_response"))
            .count()
    };
    println!("\nWith a first response due within 4 business hours:");
    println!(
        "  first response met: {:.1}% as it went, {:.1}% under the stricter policy",
        met(&comparison.actual),
        met(&comparison.replayed)
    );
    println!(
        "  cases that breached it: {} as it went, {}",
        breaches(|c| &c.actual),
        breaches(|c| &c.replayed)
    );
    println!(
        "  cases whose breaches or escalations differ: {}",
        comparison.differing().count()
    );
    Ok(())
}
