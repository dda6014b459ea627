//! [`Agenda`]: what a review meeting reviews, filled from data: the period's
//! performance from a [`KpiReport`], the monthly [`Trend`]s, the month's
//! feedback figures and the feedback items awaiting review, the open CAPAs,
//! and the actions past due, from CAPAs and from earlier meetings.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use super::state::{ItemStatus, ReviewMeeting};
use crate::feedback::item::{FeedbackItem, FeedbackKind, Origin, Status as FeedbackStatus};
use crate::id::{ActorId, CapaId, FeedbackItemId, MeetingId};
use crate::kpi::{FeedbackVolume, KpiReport, QualityReview, Ratio, Trend};
use crate::quality::capa::{ActionNo, Capa, Status as CapaStatus};

/// The period's performance, from a [`KpiReport`]: the figures a review
/// meeting analyses. Durations are in whole seconds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Performance {
    /// The period's start.
    pub from: DateTime<Utc>,
    /// The period's end, exclusive.
    pub until: DateTime<Utc>,
    /// How many cases.
    pub cases: u64,
    /// The median business time from receipt to acknowledgement.
    pub median_business_seconds_to_acknowledge: Option<i64>,
    /// The median business time from receipt to resolution.
    pub median_business_seconds_to_resolve: Option<i64>,
    /// Resolved at least once, of all: the resolution rate. Left out of an
    /// agenda written before it was kept, no cases of none.
    #[cfg_attr(feature = "serde", serde(default))]
    pub resolved: Ratio,
    /// Resolved at first contact, of the resolved.
    pub first_contact_resolution: Ratio,
    /// Reopened, of the resolved.
    pub reopened: Ratio,
    /// Escalated, of all.
    pub escalated: Ratio,
    /// The average satisfaction rating: the sum over the responses.
    pub csat: Ratio,
    /// Follow-ups answered with a rating, of those recorded.
    pub response_rate: Ratio,
    /// For each SLA metric, the finished cases that met it.
    pub sla_met: BTreeMap<String, Ratio>,
}

impl Performance {
    /// The figures of `report`, for the period from `from` until `until`.
    #[must_use]
    pub fn from_report(from: DateTime<Utc>, until: DateTime<Utc>, report: &KpiReport) -> Self {
        Self {
            from,
            until,
            cases: report.cases,
            median_business_seconds_to_acknowledge: report
                .business_time_to_acknowledge
                .median
                .map(|d| d.num_seconds()),
            median_business_seconds_to_resolve: report
                .business_time_to_resolve
                .median
                .map(|d| d.num_seconds()),
            resolved: report.resolved,
            first_contact_resolution: report.first_contact_resolution,
            reopened: report.reopened,
            escalated: report.escalated,
            csat: report.csat.average,
            response_rate: report.response_rate,
            sla_met: report
                .sla
                .iter()
                .map(|(name, compliance)| (name.clone(), compliance.met))
                .collect(),
        }
    }
}

/// Where an action past due comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "from", rename_all = "snake_case"))]
pub enum ActionSource {
    /// A CAPA's action.
    Capa {
        /// The CAPA.
        capa: CapaId,
        /// The action's number.
        action: ActionNo,
    },
    /// An earlier meeting's action item.
    Meeting {
        /// The meeting.
        meeting: MeetingId,
        /// The item's number.
        item: u32,
    },
}

/// One item of an agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "item", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum AgendaItem {
    /// The period's performance.
    Performance(Performance),
    /// The month's quality review report: audits, KPIs against targets,
    /// top categories, trends and open CAPAs.
    QualityReview(Box<QualityReview>),
    /// A category whose volume or satisfaction moved.
    Trend(Trend),
    /// How many feedback items of an origin and kind came in, against the
    /// month before.
    FeedbackVolume(FeedbackVolume),
    /// A feedback item awaiting review. Its text is not on the agenda: it is
    /// personal data, kept and erased with the item.
    OpenFeedback {
        /// Which.
        feedback: FeedbackItemId,
        /// A customer, unasked, or staff.
        origin: Origin,
        /// What kind of feedback.
        kind: FeedbackKind,
        /// When it came in.
        received_at: DateTime<Utc>,
        /// By when it is to be reviewed.
        review_due: DateTime<Utc>,
    },
    /// A CAPA still open.
    OpenCapa {
        /// Which.
        capa: CapaId,
        /// Its title.
        title: String,
        /// Where it stands.
        status: CapaStatus,
    },
    /// An action past its due date and not done.
    OverdueAction {
        /// Where it comes from.
        source: ActionSource,
        /// What is to be done.
        description: String,
        /// Who is responsible, if anyone is.
        owner: Option<ActorId>,
        /// When it was due.
        due: DateTime<Utc>,
    },
    /// A topic of the caller's.
    Topic {
        /// Its title.
        title: String,
    },
}

/// What a review meeting reviews, in a fixed order whatever the order of
/// the builder calls: the performance, the trends, the feedback figures, the
/// feedback items awaiting review (oldest first), the open CAPAs, the
/// overdue actions (soonest due first, from CAPAs and meetings alike), then
/// the caller's topics as added. A CAPA, an action or a feedback item given
/// twice is listed once.
///
/// # Example
/// ```
/// use casework::governance::meeting::{Agenda, AgendaItem};
/// use casework::kpi::KpiReport;
/// use casework::quality::capa::Capa;
/// use chrono::{TimeZone, Utc};
///
/// let from = Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap();
/// let until = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
/// let agenda = Agenda::new()
///     .with_performance(from, until, &KpiReport::default())
///     .with_trends(&[])
///     .with_capas(&[Capa::default()], until)
///     .with_topic("Training plan for 2027");
/// assert_eq!(agenda.items.len(), 2); // no trend, and no CAPA opened
/// assert!(matches!(agenda.items[0], AgendaItem::Performance(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[non_exhaustive]
pub struct Agenda {
    /// The items.
    pub items: Vec<AgendaItem>,
}

impl Agenda {
    /// An empty agenda.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the period's performance from `report`.
    #[must_use]
    pub fn with_performance(
        mut self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        report: &KpiReport,
    ) -> Self {
        self.items
            .push(AgendaItem::Performance(Performance::from_report(
                from, until, report,
            )));
        self.arrange();
        self
    }

    /// Adds the month's quality review report ([`QualityReview::of`]).
    #[must_use]
    pub fn with_quality_review(mut self, review: QualityReview) -> Self {
        self.items.push(AgendaItem::QualityReview(Box::new(review)));
        self.arrange();
        self
    }

    /// Adds each trend, such as those of [`Kpis::monthly_trends`](crate::kpi::Kpis::monthly_trends).
    #[must_use]
    pub fn with_trends(mut self, trends: &[Trend]) -> Self {
        self.items
            .extend(trends.iter().cloned().map(AgendaItem::Trend));
        self.arrange();
        self
    }

    /// Adds each row of the month's feedback figures, such as those of
    /// [`Kpis::monthly_feedback`](crate::kpi::Kpis::monthly_feedback).
    #[must_use]
    pub fn with_feedback(mut self, volumes: &[FeedbackVolume]) -> Self {
        self.items
            .extend(volumes.iter().copied().map(AgendaItem::FeedbackVolume));
        self.arrange();
        self
    }

    /// Adds each feedback item still open (logged, not reviewed), oldest
    /// first: what the meeting reviews.
    #[must_use]
    pub fn with_feedback_items(mut self, items: &[FeedbackItem]) -> Self {
        let mut listed = self.listed();
        for item in items {
            let (Some(id), Some(FeedbackStatus::Open), Some(feedback), Some(source), Some(due)) = (
                item.id(),
                item.status(),
                item.feedback(),
                item.source(),
                item.review_due(),
            ) else {
                continue;
            };
            if listed.insert(Listed::Feedback(id)) {
                self.items.push(AgendaItem::OpenFeedback {
                    feedback: id,
                    origin: source.origin(),
                    kind: feedback.kind,
                    received_at: feedback.received_at,
                    review_due: due,
                });
            }
        }
        self.arrange();
        self
    }

    /// Adds each CAPA still open (neither closed nor cancelled), oldest
    /// first, and each of their actions not finished and due by `at`.
    #[must_use]
    pub fn with_capas(mut self, capas: &[Capa], at: DateTime<Utc>) -> Self {
        let mut open: Vec<(&Capa, CapaId, CapaStatus)> = capas
            .iter()
            .filter_map(|c| Some((c, c.id()?, c.status()?)))
            .filter(|(_, _, status)| !matches!(status, CapaStatus::Closed | CapaStatus::Cancelled))
            .collect();
        open.sort_by_key(|(c, id, _)| (c.opened_at(), *id));
        let mut listed = self.listed();
        for (capa, id, status) in open {
            if listed.insert(Listed::Capa(id)) {
                self.items.push(AgendaItem::OpenCapa {
                    capa: id,
                    title: capa.title().to_owned(),
                    status,
                });
            }
            for action in capa
                .actions()
                .iter()
                .filter(|a| !a.status.is_finished() && a.due <= at)
            {
                let source = ActionSource::Capa {
                    capa: id,
                    action: action.no,
                };
                self.add_overdue(
                    &mut listed,
                    source,
                    &action.description,
                    Some(action.owner),
                    action.due,
                );
            }
        }
        self.arrange();
        self
    }

    /// Adds each earlier meeting's action item still open and due by `at`:
    /// the actions carried over.
    #[must_use]
    pub fn with_meeting_actions(mut self, meetings: &[ReviewMeeting], at: DateTime<Utc>) -> Self {
        let mut listed = self.listed();
        for (meeting, id) in meetings.iter().filter_map(|m| Some((m, m.id()?))) {
            for item in meeting
                .action_items()
                .iter()
                .filter(|i| i.status == ItemStatus::Open && i.due <= at)
            {
                let source = ActionSource::Meeting {
                    meeting: id,
                    item: item.number,
                };
                self.add_overdue(&mut listed, source, &item.description, item.owner, item.due);
            }
        }
        self.arrange();
        self
    }

    /// Adds a topic of the caller's.
    #[must_use]
    pub fn with_topic(mut self, title: impl Into<String>) -> Self {
        self.items.push(AgendaItem::Topic {
            title: title.into(),
        });
        self
    }
}

impl Agenda {
    /// What is listed already: the CAPAs and the actions, to list each once.
    fn listed(&self) -> BTreeSet<Listed> {
        self.items
            .iter()
            .filter_map(|item| match item {
                AgendaItem::OpenCapa { capa, .. } => Some(Listed::Capa(*capa)),
                AgendaItem::OverdueAction { source, .. } => Some(Listed::Action(*source)),
                AgendaItem::OpenFeedback { feedback, .. } => Some(Listed::Feedback(*feedback)),
                _ => None,
            })
            .collect()
    }

    /// Adds the overdue action from `source`, unless `listed` holds it
    /// already, and lists it.
    fn add_overdue(
        &mut self,
        listed: &mut BTreeSet<Listed>,
        source: ActionSource,
        description: &str,
        owner: Option<ActorId>,
        due: DateTime<Utc>,
    ) {
        if listed.insert(Listed::Action(source)) {
            self.items.push(AgendaItem::OverdueAction {
                source,
                description: description.to_owned(),
                owner,
                due,
            });
        }
    }

    /// Puts the items in the agenda's order; stable, so items of a section
    /// keep the order they were added in, but overdue actions go by due date.
    fn arrange(&mut self) {
        self.items.sort_by_key(|item| match item {
            AgendaItem::Performance(_) | AgendaItem::QualityReview(_) => (0, None, None),
            AgendaItem::Trend(_) => (1, None, None),
            AgendaItem::FeedbackVolume(_) => (2, None, None),
            AgendaItem::OpenFeedback {
                received_at,
                feedback,
                ..
            } => (3, Some(*received_at), Some(Listed::Feedback(*feedback))),
            AgendaItem::OpenCapa { .. } => (4, None, None),
            AgendaItem::OverdueAction { due, source, .. } => {
                (5, Some(*due), Some(Listed::Action(*source)))
            }
            AgendaItem::Topic { .. } => (6, None, None),
        });
    }
}

/// A CAPA, an action or a feedback item on an agenda.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Listed {
    Capa(CapaId),
    Action(ActionSource),
    Feedback(FeedbackItemId),
}
