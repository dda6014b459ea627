//! The quality review report of a month: the audits of its sample, the KPIs
//! against targets, and on a review meeting's agenda.

use casework::governance::meeting::{Agenda, AgendaItem};
use casework::kpi::{Kpis, QualityReview};
use casework::quality::audit::Command;
use casework::{AuditId, Reference};
use chrono::{NaiveDate, TimeDelta};
use uuid::Uuid;

use super::fixtures::{Aud, csr, december, policy, qa, score, scores};

/// An audit of CSR 1's case for `period`, opened on 1 December, scored all
/// `points` unless `None`.
fn audit(n: u128, period: &str, points: Option<u8>) -> Aud {
    let mut audit = Aud::new();
    let subject = casework::quality::audit::AuditedCase::new(
        casework::CaseId::from_uuid(Uuid::from_u128(n)),
        Reference::new("CMP", 2026, n as u64).unwrap(),
        Some(csr().id),
    );
    let id = AuditId::from_uuid(Uuid::from_u128(0xA000 + n));
    audit
        .run_at(
            december(),
            qa(),
            Command::open(id, subject, csr().id, period),
        )
        .unwrap();
    if let Some(points) = points {
        audit.ok(qa(), score(scores(points), Vec::new()));
    }
    audit
}

#[test]
fn the_month_s_review_sums_its_audits_and_goes_on_the_agenda() {
    let audits = [
        audit(1, "2026-11", Some(4)),
        audit(2, "2026-11", Some(1)),
        audit(3, "2026-11", None),
        audit(4, "2026-10", Some(1)),
    ]
    .map(|a| a.audit);
    let november = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    // Made three weeks after the audits were opened: the unscored one is overdue.
    let made_at = december() + TimeDelta::days(21);
    let review =
        QualityReview::of(&Kpis::new(), &audits, &[], november, policy(), made_at).unwrap();
    let summary = &review.audits;
    assert_eq!(
        (
            summary.opened,
            summary.scored,
            summary.passed,
            summary.overdue
        ),
        (3, 2, 1, 1)
    );
    assert_eq!(
        summary.failed,
        [AuditId::from_uuid(Uuid::from_u128(0xA002))]
    );
    assert_eq!(summary.by_agent[&csr().id], (2, 1));
    // 100 % and 25 %, on average 62.5 %.
    assert_eq!(
        (summary.average_percent.part, summary.average_percent.whole),
        (125, 2)
    );
    // Made the day after they were opened, nothing is overdue yet.
    let early = QualityReview::of(
        &Kpis::new(),
        &audits,
        &[],
        november,
        policy(),
        december() + TimeDelta::days(1),
    )
    .unwrap();
    assert_eq!(early.audits.overdue, 0);

    let agenda = Agenda::new().with_quality_review(review.clone());
    assert!(matches!(&agenda.items[..], [AgendaItem::QualityReview(r)] if **r == review));
}
