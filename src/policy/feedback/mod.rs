//! [`FeedbackPolicy`]: the follow-up and feedback rules a desk configures.

mod scale;
mod survey;

pub use scale::{RatingOutOfScale, RatingScale};
pub use survey::{SurveyRefusal, SurveyRules};

use crate::actor::{Role, notify_problems};
use crate::priority::{EscalationAction, LadderStep};
use crate::problem::Problem;
use crate::records::Retention;

/// The follow-up and feedback rules. Every field may be left out in a policy
/// file, taking the SOP default:
/// ```json
/// { "scale": "nps", "survey": { "min_days_between": 90 } }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct FeedbackPolicy {
    /// The scale follow-ups rate on.
    pub scale: RatingScale,
    /// How long the feedback log is kept: 1 to 1200 months.
    pub retention: Retention,
    /// The anti-fatigue rules.
    pub survey: SurveyRules,
    /// How many unanswered attempts settle a follow-up as unanswered: 1 to 10.
    pub attempts: u8,
    /// Whether a concern left unresolved at follow-up also reopens the
    /// resolved case (by the lifecycle's reopen row from `resolved`), besides
    /// escalating it. Off by default: the SOP escalates.
    pub reopen_on_concern: bool,
    /// The department a concern left unresolved at follow-up is escalated to
    /// when its escalation clock (the SLA metric that starts on
    /// `concern_raised`) runs out unresolved and unescalated: by default the
    /// customer service manager, handed the case. Neither the auditor nor the
    /// system.
    pub concern_escalates_to: LadderStep,
}

impl Default for FeedbackPolicy {
    /// CSAT 1–5, the log kept 12 months, one survey per customer per 30 days,
    /// three attempts, a concern escalated to the customer service manager
    /// without reopening.
    fn default() -> Self {
        Self {
            scale: RatingScale::Csat,
            retention: Retention::FEEDBACK_LOG,
            survey: SurveyRules::default(),
            attempts: 3,
            reopen_on_concern: false,
            concern_escalates_to: LadderStep::new(
                Role::CustomerServiceManager,
                EscalationAction::HandOver,
            ),
        }
    }
}

impl FeedbackPolicy {
    /// Every problem, with its path from this policy.
    #[must_use]
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if !(1..=1200).contains(&self.retention.months) {
            problems.push(Problem::new(
                "retention.months",
                format!("{} is not from 1 to 1200", self.retention.months),
            ));
        }
        if !(1..=10).contains(&self.attempts) {
            problems.push(Problem::new(
                "attempts",
                format!("{} is not from 1 to 10", self.attempts),
            ));
        }
        notify_problems(
            &mut problems,
            "concern_escalates_to.role",
            self.concern_escalates_to.role,
        );
        problems
    }
}
