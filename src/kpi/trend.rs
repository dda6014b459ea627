//! [`Kpis::monthly_trends`]: the SOP's "review collected feedback monthly;
//! identify trends", as data: the categories whose complaint volume or CSAT in
//! a month moved beyond the rule's thresholds against the months before; and
//! [`Kpis::monthly_feedback`]: the month's feedback items, by where they came
//! from and kind, against the month before.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::report::Ratio;
use super::{KpiError, Kpis, local_date};
use crate::case::CaseKind;
use crate::feedback::item::{FeedbackKind, Origin};
use crate::policy::Policy;

/// When a movement is a trend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct TrendRule {
    /// How many months before the month reviewed make the baseline, from 1.
    pub baseline_months: u32,
    /// The change in complaint volume against the baseline's monthly average,
    /// in percent, at or beyond which a category is flagged.
    pub volume_change_percent: u32,
    /// The fewest complaints, in the month or the baseline's monthly average,
    /// for a volume change to count: 2 complaints after 1 is not a trend.
    pub min_volume: u64,
    /// The change in average CSAT, in tenths of a point, at or beyond which a
    /// category is flagged.
    pub csat_change_tenths: u32,
    /// The fewest ratings, in the month and in the baseline, for a CSAT change
    /// to count.
    pub min_responses: u64,
}

impl Default for TrendRule {
    /// Three months of baseline; volume ±50% with at least 5 complaints; CSAT
    /// ±0.5 with at least 5 ratings each side.
    fn default() -> Self {
        Self {
            baseline_months: 3,
            volume_change_percent: 50,
            min_volume: 5,
            csat_change_tenths: 5,
            min_responses: 5,
        }
    }
}

/// What moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum TrendKind {
    /// More complaints than the baseline.
    VolumeUp,
    /// Fewer complaints than the baseline.
    VolumeDown,
    /// A higher average rating than the baseline.
    CsatUp,
    /// A lower average rating than the baseline.
    CsatDown,
}

/// One category that moved in the month reviewed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Trend {
    /// The category code.
    pub category: String,
    /// What moved.
    pub kind: TrendKind,
    /// The month's figure: complaints received, or the sum of ratings over
    /// their number.
    pub current: Ratio,
    /// The baseline's: complaints over months, or the sum of ratings over
    /// their number.
    pub baseline: Ratio,
}

impl Trend {
    /// A trend of `category`: what moved, the month's figure and the
    /// baseline's. [`Kpis::monthly_trends`] finds them; build one yourself to
    /// feed a review meeting's agenda from another source.
    ///
    /// # Example
    /// ```
    /// use casework::kpi::{Ratio, Trend, TrendKind};
    ///
    /// let trend = Trend::new("billing", TrendKind::VolumeUp, Ratio { part: 9, whole: 1 }, Ratio { part: 12, whole: 3 });
    /// assert_eq!(trend.category, "billing");
    /// ```
    #[must_use]
    pub fn new(
        category: impl Into<String>,
        kind: TrendKind,
        current: Ratio,
        baseline: Ratio,
    ) -> Self {
        Self {
            category: category.into(),
            kind,
            current,
            baseline,
        }
    }
}

/// How many feedback items of one origin and kind came in in a month, and in
/// the month before: a row of the monthly review's feedback figures
/// ([`Kpis::monthly_feedback`]).
///
/// # Example
/// ```
/// use casework::feedback::item::{FeedbackKind, Origin};
/// use casework::kpi::FeedbackVolume;
///
/// let suggestions = FeedbackVolume::new(Origin::Staff, FeedbackKind::Suggestion, 3, 7);
/// assert_eq!(suggestions.change(), -4);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct FeedbackVolume {
    /// Customers, unasked, or staff.
    pub origin: Origin,
    /// What kind of feedback.
    pub kind: FeedbackKind,
    /// How many came in in the month reviewed.
    pub current: u64,
    /// How many came in in the month before.
    pub previous: u64,
    /// The ratings given with those of the month reviewed: their sum over
    /// their number.
    pub ratings: Ratio,
}

impl FeedbackVolume {
    /// A row of `origin` and `kind`: the month's count and the month
    /// before's, without ratings. [`Kpis::monthly_feedback`] finds them;
    /// build one yourself to feed a review meeting's agenda from another
    /// source.
    #[must_use]
    pub const fn new(origin: Origin, kind: FeedbackKind, current: u64, previous: u64) -> Self {
        Self {
            origin,
            kind,
            current,
            previous,
            ratings: Ratio { part: 0, whole: 0 },
        }
    }

    /// The change from the month before: more (positive) or fewer
    /// (negative), saturating at the bounds of `i64`.
    #[must_use]
    pub fn change(&self) -> i64 {
        let change = i128::from(self.current) - i128::from(self.previous);
        i64::try_from(change).unwrap_or(if change > 0 { i64::MAX } else { i64::MIN })
    }
}

/// Complaints and ratings of one category in one month.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    complaints: u64,
    ratings: Ratio,
}

impl Kpis {
    /// The categories whose complaint volume or average CSAT in the month of
    /// `month` (any day in it; months in the policy calendar's zone, by the
    /// complaint's receipt) moved by the rule's thresholds or more against the
    /// monthly average of the `baseline_months` before. Ordered by category,
    /// then kind.
    ///
    /// A category with no complaint in the baseline is flagged when the
    /// month's volume reaches `min_volume`: new, and not small.
    ///
    /// Every complaint's receipt is read against the policy's business
    /// calendar, for its local month. A complaint received outside the
    /// calendar's range refuses the review, naming the case and the instant,
    /// rather than being left out of the volumes unseen: take it out with
    /// [`Kpis::remove`] to review the others.
    ///
    /// The feedback items ([`Kpis::monthly_feedback`]) are counted apart:
    /// a complaint about the process is no complaint about a service.
    ///
    /// # Errors
    /// [`KpiError::OutOfRange`] for the first complaint, by stream, received
    /// outside the range of the policy's business calendar.
    pub fn monthly_trends(
        &self,
        policy: &Policy,
        month: NaiveDate,
        rule: &TrendRule,
    ) -> Result<Vec<Trend>, KpiError> {
        let calendar = policy.calendar();
        let index = |date: NaiveDate| i64::from(date.year()) * 12 + i64::from(date.month0());
        let reviewed = index(month);
        let months = i64::from(rule.baseline_months.max(1));
        let mut current: BTreeMap<&str, Tally> = BTreeMap::new();
        let mut baseline: BTreeMap<&str, Tally> = BTreeMap::new();
        for (stream, case) in self.cases() {
            let Some(intake) = case
                .intake
                .as_ref()
                .filter(|i| i.kind == CaseKind::Complaint)
            else {
                continue;
            };
            let at = index(local_date(calendar, stream, intake.received_at)?);
            let tally = if at == reviewed {
                current.entry(&intake.category).or_default()
            } else if (reviewed - months..reviewed).contains(&at) {
                baseline.entry(&intake.category).or_default()
            } else {
                continue;
            };
            tally.complaints += 1;
            if let Some((_, Some(rating))) = case.follow_up {
                tally.ratings.part += u64::from(rating);
                tally.ratings.whole += 1;
            }
        }
        let mut categories: Vec<&str> = current.keys().chain(baseline.keys()).copied().collect();
        categories.sort_unstable();
        categories.dedup();
        let mut trends = Vec::new();
        for category in categories {
            let now = current.get(category).copied().unwrap_or_default();
            let before = baseline.get(category).copied().unwrap_or_default();
            let volume = |kind| Trend {
                category: category.to_owned(),
                kind,
                current: Ratio {
                    part: now.complaints,
                    whole: 1,
                },
                baseline: Ratio {
                    part: before.complaints,
                    whole: months as u64,
                },
            };
            // Compared in whole numbers: complaints × months × 100 against
            // the baseline × 100, scaled by the threshold.
            let now_scaled = u128::from(now.complaints) * months as u128 * 100;
            let before_scaled = u128::from(before.complaints) * 100;
            let threshold = u128::from(rule.volume_change_percent);
            let big_enough = now.complaints >= rule.min_volume
                || before.complaints >= rule.min_volume.saturating_mul(months as u64);
            if big_enough {
                if now_scaled * 100 >= before_scaled * (100 + threshold) && now.complaints > 0 {
                    trends.push(volume(TrendKind::VolumeUp));
                } else if now_scaled * 100 <= before_scaled * (100u128.saturating_sub(threshold)) {
                    trends.push(volume(TrendKind::VolumeDown));
                }
            }
            if now.ratings.whole >= rule.min_responses && before.ratings.whole >= rule.min_responses
            {
                // Averages compared in tenths: a/b − c/d against t/10, as
                // 10·(a·d − c·b) against t·b·d.
                let (a, b) = (i128::from(now.ratings.part), i128::from(now.ratings.whole));
                let (c, d) = (
                    i128::from(before.ratings.part),
                    i128::from(before.ratings.whole),
                );
                // Saturating: no fold holds the ratings to reach the bounds.
                let change = a
                    .saturating_mul(d)
                    .saturating_sub(c.saturating_mul(b))
                    .saturating_mul(10);
                let limit = i128::from(rule.csat_change_tenths)
                    .saturating_mul(b)
                    .saturating_mul(d);
                let csat = |kind| Trend {
                    category: category.to_owned(),
                    kind,
                    current: now.ratings,
                    baseline: before.ratings,
                };
                if change >= limit {
                    trends.push(csat(TrendKind::CsatUp));
                } else if change.saturating_neg() >= limit {
                    trends.push(csat(TrendKind::CsatDown));
                }
            }
        }
        Ok(trends)
    }

    /// The feedback items folded in ([`Kpis::fold_feedback`]) that came in
    /// in the month of `month` (any day in it; months in the policy
    /// calendar's zone, by the item's receipt), and in the month before, by
    /// origin (customers unasked, staff) and kind: the figures a monthly
    /// review reads beside the follow-ups' CSAT. One row per origin and kind
    /// with an item in either month, ordered by origin, then kind; with the
    /// ratings given in the month reviewed.
    ///
    /// # Errors
    /// [`KpiError::FeedbackOutOfRange`] for the first item, by stream,
    /// received outside the range of the policy's business calendar: take it
    /// out with [`Kpis::remove_feedback`] to review the others.
    ///
    /// # Example
    /// A customer's compliment and a staff suggestion in October, two staff
    /// suggestions in November:
    /// ```
    /// use casework::feedback::item::{Command, Feedback, FeedbackItem, FeedbackKind, Origin};
    /// use casework::kpi::Kpis;
    /// use casework::{Actor, ActorId, Aggregate, Channel, Ctx, FeedbackItemId, Policy, Role};
    /// use chrono::{NaiveDate, TimeZone, Utc};
    /// use uuid::Uuid;
    ///
    /// let policy = Policy::sop_default()?;
    /// let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
    /// let mut kpis = Kpis::new();
    /// let logged = [(1, FeedbackKind::Compliment, 10, false), (2, FeedbackKind::Suggestion, 10, true),
    ///               (3, FeedbackKind::Suggestion, 11, true), (4, FeedbackKind::Suggestion, 11, true)];
    /// for (n, kind, month, staff) in logged {
    ///     let at = Utc.with_ymd_and_hms(2026, month, 12, 9, 0, 0).unwrap();
    ///     let feedback = Feedback::new(FeedbackItemId::from_uuid(Uuid::from_u128(n)), kind, Channel::Email, "…", at);
    ///     let command = if staff {
    ///         Command::RecordStaffFeedback { feedback, member: csr.id }
    ///     } else {
    ///         Command::RecordCustomerFeedback { feedback: feedback.rating(5), customer: None }
    ///     };
    ///     let events = FeedbackItem::default().record(&command, &Ctx::new(at, csr, &policy))?;
    ///     kpis.fold_all_feedback(&events);
    /// }
    ///
    /// let november = kpis.monthly_feedback(&policy, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())?;
    /// let rows: Vec<_> = november.iter().map(|r| (r.origin, r.kind, r.current, r.previous, r.change())).collect();
    /// assert_eq!(rows, [
    ///     (Origin::Customer, FeedbackKind::Compliment, 0, 1, -1),
    ///     (Origin::Staff, FeedbackKind::Suggestion, 2, 1, 1),
    /// ]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn monthly_feedback(
        &self,
        policy: &Policy,
        month: NaiveDate,
    ) -> Result<Vec<FeedbackVolume>, KpiError> {
        let calendar = policy.calendar();
        let index = |date: NaiveDate| i64::from(date.year()) * 12 + i64::from(date.month0());
        let reviewed = index(month);
        let mut rows: BTreeMap<(Origin, FeedbackKind), FeedbackVolume> = BTreeMap::new();
        for (stream, facts) in self.feedback_items() {
            let date = local_date(calendar, stream, facts.received_at).map_err(|e| match e {
                KpiError::OutOfRange { case, error } => {
                    KpiError::FeedbackOutOfRange { item: case, error }
                }
                other => other,
            })?;
            let at = index(date);
            if at != reviewed && at != reviewed - 1 {
                continue;
            }
            let row = rows
                .entry((facts.origin, facts.kind))
                .or_insert_with(|| FeedbackVolume::new(facts.origin, facts.kind, 0, 0));
            if at == reviewed {
                row.current += 1;
                if let Some(rating) = facts.rating {
                    row.ratings.part += u64::from(rating);
                    row.ratings.whole += 1;
                }
            } else {
                row.previous += 1;
            }
        }
        Ok(rows.into_values().collect())
    }
}
