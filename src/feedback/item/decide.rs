//! [`decide`], where every feedback-item rule lives, and [`apply`], which
//! folds events into the state.

use chrono::{DateTime, Utc};

use super::command::{Command, Feedback};
use super::error::FeedbackItemError;
use super::event::Event;
use super::state::{Erasure, FeedbackItem, Link, Review, Source, Status};
use crate::actor::{FeedbackCommandKind, valid};
use crate::channel::Channel;
use crate::envelope::{Recorded, Version};
use crate::policy::Ctx;
use crate::problem::{Problem, not_blank};
use crate::records::{ERASED, ErasureBasis};

impl FeedbackItem {
    /// The most links an item may have.
    pub const MAX_LINKS: usize = 64;
}

/// The rules of [`Aggregate::decide`](crate::Aggregate::decide) for this
/// aggregate, documented on its implementation.
pub(super) fn decide(
    item: &FeedbackItem,
    command: &Command,
    ctx: &Ctx<'_>,
) -> Result<Vec<Event>, FeedbackItemError> {
    let kind = command.kind();
    let carried = match command {
        Command::RecordCustomerFeedback { feedback, .. }
        | Command::RecordStaffFeedback { feedback, .. } => Some(feedback.received_at),
        _ => None,
    };
    crate::range::ensure_covered(
        &[ctx.policy().calendar()],
        core::iter::once(ctx.now()).chain(carried),
    )?;
    let Some(status) = item.status else {
        return match command {
            Command::RecordCustomerFeedback { feedback, customer } => {
                let source = Source::Customer {
                    customer: *customer,
                };
                log(feedback, source, kind, ctx)
            }
            Command::RecordStaffFeedback { feedback, member } => {
                log(feedback, Source::Staff { member: *member }, kind, ctx)
            }
            _ => Err(FeedbackItemError::NotLogged { command: kind }),
        };
    };
    if let Some(last) = item.updated_at {
        if ctx.now() < last {
            return Err(FeedbackItemError::ClockWentBackwards {
                last,
                now: ctx.now(),
            });
        }
    }
    if let Command::RecordCustomerFeedback { .. } | Command::RecordStaffFeedback { .. } = command {
        return Err(FeedbackItemError::AlreadyLogged);
    }
    ctx.authorize::<FeedbackItemError>(kind)?;
    let mut problems = Vec::new();
    let events = match command {
        // Refused above.
        Command::RecordCustomerFeedback { .. } | Command::RecordStaffFeedback { .. } => {
            return Err(FeedbackItemError::AlreadyLogged);
        }
        Command::Link { link } => {
            if item.links.contains(link) {
                return Err(FeedbackItemError::AlreadyLinked { link: *link });
            }
            if item.links.len() >= FeedbackItem::MAX_LINKS {
                return Err(FeedbackItemError::TooManyLinks {
                    max: FeedbackItem::MAX_LINKS,
                });
            }
            if let Link::MeetingAction { item: 0, .. } = link {
                problems.push(Problem::new(
                    "link.item",
                    "a meeting's action items are numbered from 1",
                ));
            }
            vec![Event::Linked { link: *link }]
        }
        Command::Unlink { link, reason } => {
            if !item.links.contains(link) {
                return Err(FeedbackItemError::NotLinked { link: *link });
            }
            not_blank(&mut problems, "reason", reason);
            vec![Event::Unlinked {
                link: *link,
                reason: reason.clone(),
            }]
        }
        Command::Review { note } => {
            if let Some(review) = item.review.as_ref().filter(|_| status == Status::Reviewed) {
                return Err(FeedbackItemError::AlreadyReviewed { at: review.at });
            }
            if let Some(Source::Staff { member }) = item.source {
                if member == ctx.actor().id {
                    return Err(FeedbackItemError::ReviewerIsSource { reviewer: member });
                }
            }
            not_blank(&mut problems, "note", note);
            vec![Event::Reviewed { note: note.clone() }]
        }
        Command::PlaceLegalHold { reason } => {
            item.holds.clone().place(reason, ctx.now())?;
            vec![Event::LegalHoldPlaced {
                reason: reason.clone(),
            }]
        }
        Command::ReleaseLegalHold { reason } => {
            item.holds.clone().release(reason, ctx.now())?;
            vec![Event::LegalHoldReleased {
                reason: reason.clone(),
            }]
        }
        Command::EraseText { reason } => {
            erasable(item, ctx)?;
            not_blank(&mut problems, "reason", reason);
            vec![erased(ErasureBasis::Request {
                reason: reason.clone(),
            })]
        }
        Command::DisposeText => {
            erasable(item, ctx)?;
            let retention = ctx.policy().feedback().retention;
            let due_at = item.disposal_at(retention);
            if due_at.is_none_or(|due| ctx.now() < due) {
                return Err(FeedbackItemError::FeedbackNotDue { due_at });
            }
            vec![erased(ErasureBasis::Retention { retention })]
        }
        // A reviewed item has nothing left to come due: the scheduler's call
        // records nothing (rule 3 of the deadline contract), not a refusal.
        Command::RecordDeadline => review_overdue(item, ctx.now()),
    };
    valid::<FeedbackItemError>(kind, problems)?;
    Ok(events)
}

/// Logs `feedback` from `source`: every problem of its content at once, then
/// the review due by the policy's review meetings.
fn log(
    feedback: &Feedback,
    source: Source,
    kind: FeedbackCommandKind,
    ctx: &Ctx<'_>,
) -> Result<Vec<Event>, FeedbackItemError> {
    ctx.authorize::<FeedbackItemError>(kind)?;
    let policy = ctx.policy();
    let mut problems = Vec::new();
    not_blank(&mut problems, "feedback.text", &feedback.text);
    if let Some(code) = &feedback.category {
        problems.extend(policy.case().category_problem("feedback.category", code));
    }
    if let Some(rating) = feedback.rating {
        if let Err(refused) = policy.feedback().scale.check(rating) {
            problems.push(Problem::new("feedback.rating", refused.to_string()));
        }
    }
    if feedback.received_at > ctx.now() {
        problems.push(Problem::new(
            "feedback.received_at",
            format!("{} is after now ({})", feedback.received_at, ctx.now()),
        ));
    }
    if let Channel::Other(label) = &feedback.channel {
        not_blank(&mut problems, "feedback.channel.other", label);
    }
    valid::<FeedbackItemError>(kind, problems)?;
    // Reviewed at a monthly review: the first after it was logged may have
    // set its agenda already, so it is due by the second.
    let meetings = &policy.governance().review_meetings;
    let review_due = meetings.nth_meeting(ctx.now(), 2, policy.calendar())?;
    Ok(vec![Event::Logged {
        feedback: Box::new(feedback.clone()),
        source,
        review_due,
    }])
}

/// Refuses while a legal hold is in force, or once the text is erased.
fn erasable(item: &FeedbackItem, ctx: &Ctx<'_>) -> Result<(), FeedbackItemError> {
    if let Err(reasons) = item.holds.none_in_force(ctx.now()) {
        return Err(FeedbackItemError::UnderLegalHold { reasons });
    }
    if item.erasure.is_some() {
        return Err(FeedbackItemError::NothingToErase);
    }
    Ok(())
}

/// The erasure of the logging event's text.
fn erased(basis: ErasureBasis) -> Event {
    Event::PersonalDataErased {
        versions: vec![Version::new(1)],
        basis,
    }
}

/// The review come due by `now` and not recorded yet.
fn review_overdue(item: &FeedbackItem, now: DateTime<Utc>) -> Vec<Event> {
    item.deadline()
        .filter(|due| *due <= now)
        .map(|due| Event::ReviewOverdue { due })
        .into_iter()
        .collect()
}

impl FeedbackItem {
    /// When the item next needs the caller's scheduler: its review's due
    /// instant, while it is open and its passing is not recorded.
    fn deadline(&self) -> Option<DateTime<Utc>> {
        self.review_due
            .filter(|_| self.status == Some(Status::Open) && !self.review_overdue_recorded)
    }
}

/// Folds one recorded event into the item. Never fails: a history that
/// `decide` produced replays to the same state, and any other history to
/// some state.
pub(super) fn apply(item: &mut FeedbackItem, recorded: &Recorded<Event>) {
    let (at, by) = (recorded.at, recorded.actor);
    match &recorded.event {
        Event::Logged {
            feedback,
            source,
            review_due,
        } => {
            item.id = Some(feedback.item);
            item.feedback = Some(Feedback::clone(feedback));
            item.source = Some(*source);
            item.status = Some(Status::Open);
            item.logged_by = Some(by);
            item.logged_at = Some(at);
            item.review_due = Some(*review_due);
        }
        Event::Linked { link } => {
            if !item.links.contains(link) {
                item.links.push(*link);
            }
        }
        Event::Unlinked { link, .. } => item.links.retain(|l| l != link),
        Event::Reviewed { note } => {
            item.status = Some(Status::Reviewed);
            item.review = Some(Review {
                by,
                at,
                note: note.clone(),
            });
        }
        Event::ReviewOverdue { .. } => item.review_overdue_recorded = true,
        Event::LegalHoldPlaced { reason } => {
            // Refused only for a history `decide` did not produce.
            item.holds.place(reason, at).ok();
        }
        Event::LegalHoldReleased { reason } => {
            item.holds.release(reason, at).ok();
        }
        Event::PersonalDataErased { versions, basis } => {
            // The state reads as the history will once reloaded.
            if versions.contains(&Version::new(1)) {
                if let Some(feedback) = item.feedback.as_mut() {
                    if !feedback.text.is_empty() {
                        ERASED.clone_into(&mut feedback.text);
                    }
                }
            }
            item.erasure = Some(Erasure {
                by,
                at,
                basis: basis.clone(),
            });
        }
    }
    item.version = item.version.next();
    item.updated_at = Some(at);
}

crate::aggregate::library_aggregate! {
    FeedbackItem: FeedbackItemError, created "logged", else NotLogged;
    creates: Event::Logged { feedback, .. } => feedback.item;
    came_due: Event::ReviewOverdue { due } => Some(*due);
    covered: crate::range::business, crate::range::recorded_at;
    /// Decides what `command` does to `item`: the events to record, or the
    /// rule that refuses it. Pure: the same item, command and context give
    /// the same answer.
    ///
    /// The gates, in order:
    /// 1. `ctx.now()`, and the time feedback was received, must be covered by
    ///    the policy's business calendar; the item must be logged (or not yet,
    ///    for the two record commands), and `ctx.now()` must not be before its
    ///    last event;
    /// 2. the permission table must grant one of the actor's roles the
    ///    command: customer feedback and staff feedback are two kinds;
    /// 3. the command's content must be valid, every problem reported at once:
    ///    the text not blank, the category one of the policy's, the rating on
    ///    the policy's scale, received not after now; a reason or a note not
    ///    blank;
    /// 4. the rules no policy can switch off:
    ///    - each link once, at most [`FeedbackItem::MAX_LINKS`]; only a link
    ///      the item has is taken off;
    ///    - an item is reviewed once, and not by the member of staff who gave
    ///      it;
    ///    - the text is erased once, on request or once the policy's
    ///      `feedback.retention` has run from when it was logged, and never
    ///      while a legal hold is in force.
    ///
    /// Logging records the review due by the second review meeting
    /// (`governance.review_meetings`) after now: the first may have set its
    /// agenda already.
    ///
    /// # Errors
    /// A [`FeedbackItemError`] naming the rule that refused. Nothing is
    /// emitted then. [`FeedbackItemError::Calendar`] when a review meeting
    /// falls outside the range the policy's business calendar was compiled
    /// for.
    ///
    /// Every command but the deadline command first records a review that
    /// came due before it (rule 2 of the deadline contract): reviewing an item
    /// stops its deadline.
    decide: |item: &FeedbackItem, command, ctx: &Ctx<'_>| {
        let due = || review_overdue(item, ctx.now());
        crate::aggregate::decide_after_due(item, item.updated_at, command, ctx, due, |item| {
            decide(item, command, ctx)
        })
    };
    next_deadline: |item: &FeedbackItem, _| Ok(item.deadline());
}
