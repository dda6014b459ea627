//! [`decide`], where every review-meeting rule lives, and [`apply`].

use chrono::{DateTime, Utc};

use super::command::Command;
use super::error::MeetingError;
use super::event::Event;
use super::state::{
    ActionItem, ItemStatus, MeetingStatus, Minutes, ReviewMeeting, Settlement, Supersession,
};
use crate::actor::valid;
use crate::envelope::Recorded;
use crate::policy::Ctx;
use crate::problem::{Problem, not_blank};

/// The rules of [`Aggregate::decide`](crate::Aggregate::decide) for this
/// aggregate, documented on its implementation.
pub(super) fn decide(
    meeting: &ReviewMeeting,
    command: &Command,
    ctx: &Ctx<'_>,
) -> Result<Vec<Event>, MeetingError> {
    let kind = command.kind();
    let carried = match command {
        Command::Schedule { at, .. } | Command::Reschedule { at, .. } => Some(*at),
        Command::AddActionItem { due, .. } | Command::AssignActionItem { due, .. } => Some(*due),
        _ => None,
    };
    crate::range::ensure_covered(
        &[ctx.policy().calendar()],
        core::iter::once(ctx.now()).chain(carried),
    )?;
    let (Some(id), Some(status)) = (meeting.id, meeting.status) else {
        return match command {
            Command::Schedule {
                meeting: id,
                title,
                at,
                agenda,
            } => {
                ctx.authorize::<MeetingError>(kind)?;
                not_before_now(*at, ctx.now())?;
                let mut problems = Vec::new();
                not_blank(&mut problems, "title", title);
                valid::<MeetingError>(kind, problems)?;
                Ok(vec![Event::Scheduled {
                    meeting: *id,
                    title: title.clone(),
                    at: *at,
                    agenda: agenda.clone(),
                }])
            }
            _ => Err(MeetingError::NotScheduled { command: kind }),
        };
    };
    if let Some(last) = meeting.updated_at {
        if ctx.now() < last {
            return Err(MeetingError::ClockWentBackwards {
                last,
                now: ctx.now(),
            });
        }
    }
    if let Command::Schedule { .. } = command {
        return Err(MeetingError::AlreadyScheduled);
    }
    ctx.authorize::<MeetingError>(kind)?;
    let needs = |wanted: MeetingStatus| {
        if status == wanted {
            Ok(())
        } else {
            Err(MeetingError::WrongStatus {
                status,
                command: kind,
            })
        }
    };
    let mut problems = Vec::new();
    let events = match command {
        Command::Schedule { .. } => return Err(MeetingError::AlreadyScheduled), // refused above
        Command::Reschedule { at, reason } => {
            needs(MeetingStatus::Scheduled)?;
            not_before_now(*at, ctx.now())?;
            not_blank(&mut problems, "reason", reason);
            vec![Event::Rescheduled {
                at: *at,
                reason: reason.clone(),
            }]
        }
        Command::SetAgenda { agenda } => {
            needs(MeetingStatus::Scheduled)?;
            vec![Event::AgendaSet {
                agenda: agenda.clone(),
            }]
        }
        Command::Cancel { reason } => {
            needs(MeetingStatus::Scheduled)?;
            not_blank(&mut problems, "reason", reason);
            vec![Event::Cancelled {
                reason: reason.clone(),
            }]
        }
        Command::RecordMinutes {
            attendees,
            minutes,
            decisions,
        } => {
            needs(MeetingStatus::Scheduled)?;
            if let Some(at) = meeting.scheduled_for.filter(|at| ctx.now() < *at) {
                return Err(MeetingError::NotYetHeld { at });
            }
            if attendees.is_empty() {
                problems.push(Problem::new("attendees", "at least one attendee is needed"));
            }
            for (i, attendee) in attendees.iter().enumerate() {
                if attendees.iter().take(i).any(|a| a == attendee) {
                    problems.push(Problem::new(
                        format!("attendees[{i}]"),
                        format!("{attendee} is listed twice"),
                    ));
                }
            }
            not_blank(&mut problems, "minutes", minutes);
            for (i, decision) in decisions.iter().enumerate() {
                not_blank(&mut problems, &format!("decisions[{i}]"), decision);
            }
            vec![Event::MinutesRecorded {
                attendees: attendees.clone(),
                minutes: minutes.clone(),
                decisions: decisions.clone(),
            }]
        }
        Command::AddActionItem {
            description,
            owner,
            due,
        } => {
            needs(MeetingStatus::Held)?;
            not_in_past(*due, ctx.now())?;
            not_blank(&mut problems, "description", description);
            let item = meeting
                .items
                .last()
                .map_or(0, |i| i.number)
                .checked_add(1)
                .ok_or(MeetingError::TooManyItems)?;
            vec![Event::ActionItemAdded {
                item,
                description: description.clone(),
                owner: *owner,
                due: *due,
            }]
        }
        Command::AssignActionItem { item, owner, due } => {
            needs(MeetingStatus::Held)?;
            open_item(meeting, *item)?;
            not_in_past(*due, ctx.now())?;
            vec![Event::ActionItemAssigned {
                item: *item,
                owner: *owner,
                due: *due,
            }]
        }
        Command::CompleteActionItem { item, evidence } => {
            needs(MeetingStatus::Held)?;
            owned_open_item(meeting, *item)?;
            not_blank(&mut problems, "evidence", evidence);
            vec![Event::ActionItemDone {
                item: *item,
                evidence: evidence.clone(),
            }]
        }
        Command::CancelActionItem { item, reason } => {
            needs(MeetingStatus::Held)?;
            owned_open_item(meeting, *item)?;
            not_blank(&mut problems, "reason", reason);
            vec![Event::ActionItemCancelled {
                item: *item,
                reason: reason.clone(),
            }]
        }
        Command::Close { outcome } => {
            needs(MeetingStatus::Held)?;
            let numbers = |unsettled: fn(&ActionItem) -> bool| -> Vec<u32> {
                meeting
                    .items
                    .iter()
                    .filter(|i| unsettled(i))
                    .map(|i| i.number)
                    .collect()
            };
            let open = numbers(|i| i.status == ItemStatus::Open);
            let unowned = numbers(|i| i.owner.is_none());
            if !open.is_empty() || !unowned.is_empty() {
                return Err(MeetingError::NotReadyToClose { open, unowned });
            }
            not_blank(&mut problems, "outcome", outcome);
            vec![Event::Closed {
                outcome: outcome.clone(),
            }]
        }
        Command::SupersedePlan { by } => {
            needs(MeetingStatus::Closed)?;
            if let Some(superseded) = meeting.superseded {
                return Err(MeetingError::AlreadySuperseded { by: superseded.by });
            }
            if *by == id {
                problems.push(Problem::new(
                    "by",
                    "a meeting cannot supersede its own plan",
                ));
            }
            vec![Event::PlanSuperseded { by: *by }]
        }
        Command::RecordDeadline => overdue_items(meeting, ctx.now()),
    };
    valid::<MeetingError>(kind, problems)?;
    Ok(events)
}

/// The open action items past due by `now` whose passing is not recorded, in
/// the order they came due.
fn overdue_items(meeting: &ReviewMeeting, now: DateTime<Utc>) -> Vec<Event> {
    let mut overdue: Vec<Event> = meeting
        .items
        .iter()
        .filter(|i| i.is_overdue(now) && i.overdue_recorded != Some(i.due))
        .map(|i| Event::ActionItemOverdue {
            item: i.number,
            due: i.due,
        })
        .collect();
    overdue.sort_by_key(|e| match e {
        Event::ActionItemOverdue { due, .. } => Some(*due),
        _ => None,
    });
    overdue
}

fn not_before_now(at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), MeetingError> {
    if at < now {
        Err(MeetingError::ScheduledInPast { at, now })
    } else {
        Ok(())
    }
}

fn not_in_past(due: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), MeetingError> {
    if due < now {
        Err(MeetingError::DueInPast { due, now })
    } else {
        Ok(())
    }
}

fn open_item(meeting: &ReviewMeeting, number: u32) -> Result<&ActionItem, MeetingError> {
    let item = meeting
        .action_item(number)
        .ok_or(MeetingError::UnknownItem { item: number })?;
    if item.status == ItemStatus::Open {
        Ok(item)
    } else {
        Err(MeetingError::ItemSettled { item: number })
    }
}

fn owned_open_item(meeting: &ReviewMeeting, number: u32) -> Result<&ActionItem, MeetingError> {
    let item = open_item(meeting, number)?;
    if item.owner.is_some() {
        Ok(item)
    } else {
        Err(MeetingError::ItemHasNoOwner { item: number })
    }
}

impl ReviewMeeting {
    /// The next instant something comes due: the earliest due date of an open
    /// action item whose passing is not recorded yet. [`Command::RecordDeadline`]
    /// at or after it records [`Event::ActionItemOverdue`].
    fn deadline(&self) -> Option<DateTime<Utc>> {
        self.items
            .iter()
            .filter(|i| i.status == ItemStatus::Open && i.overdue_recorded != Some(i.due))
            .map(|i| i.due)
            .min()
    }
}

/// Folds one recorded event into the meeting. Never fails.
pub(super) fn apply(meeting: &mut ReviewMeeting, recorded: &Recorded<Event>) {
    let (at, by) = (recorded.at, recorded.actor);
    let settle = |text: &String| Settlement {
        by,
        at,
        text: text.clone(),
    };
    match &recorded.event {
        Event::Scheduled {
            meeting: id,
            title,
            at: held_at,
            agenda,
        } => {
            meeting.id = Some(*id);
            meeting.title.clone_from(title);
            meeting.status = Some(MeetingStatus::Scheduled);
            meeting.scheduled_at = Some(at);
            meeting.scheduled_for = Some(*held_at);
            meeting.agenda = agenda.clone();
        }
        Event::Rescheduled { at: held_at, .. } => meeting.scheduled_for = Some(*held_at),
        Event::AgendaSet { agenda } => meeting.agenda = agenda.clone(),
        Event::Cancelled { reason } => {
            meeting.status = Some(MeetingStatus::Cancelled);
            meeting.cancellation = Some(settle(reason));
        }
        Event::MinutesRecorded {
            attendees,
            minutes,
            decisions,
        } => {
            meeting.status = Some(MeetingStatus::Held);
            meeting.minutes = Some(Minutes {
                attendees: attendees.clone(),
                text: minutes.clone(),
                decisions: decisions.clone(),
                recorded_by: by,
                recorded_at: at,
            });
        }
        Event::ActionItemAdded {
            item,
            description,
            owner,
            due,
        } => meeting.items.push(ActionItem {
            number: *item,
            description: description.clone(),
            owner: *owner,
            due: *due,
            status: ItemStatus::Open,
            settled: None,
            overdue_recorded: None,
        }),
        Event::ActionItemAssigned { item, owner, due } => {
            if let Some(i) = item_mut(meeting, *item) {
                i.owner = Some(*owner);
                i.due = *due;
            }
        }
        Event::ActionItemDone { item, evidence } => {
            if let Some(i) = item_mut(meeting, *item) {
                i.status = ItemStatus::Done;
                i.settled = Some(settle(evidence));
            }
        }
        Event::ActionItemCancelled { item, reason } => {
            if let Some(i) = item_mut(meeting, *item) {
                i.status = ItemStatus::Cancelled;
                i.settled = Some(settle(reason));
            }
        }
        Event::ActionItemOverdue { item, due } => {
            if let Some(i) = item_mut(meeting, *item) {
                i.overdue_recorded = Some(*due);
            }
        }
        Event::Closed { outcome } => {
            meeting.status = Some(MeetingStatus::Closed);
            meeting.outcome = Some(settle(outcome));
        }
        Event::PlanSuperseded { by: later } => {
            meeting.superseded = Some(Supersession { by: *later, at });
        }
    }
    meeting.version = meeting.version.next();
    meeting.updated_at = Some(at);
}

fn item_mut(meeting: &mut ReviewMeeting, number: u32) -> Option<&mut ActionItem> {
    meeting.items.iter_mut().find(|i| i.number == number)
}

crate::aggregate::library_aggregate! {
    ReviewMeeting: MeetingError, created "scheduled", else NotScheduled;
    creates: Event::Scheduled { meeting, .. } => *meeting;
    came_due: Event::ActionItemOverdue { due, .. } => Some(*due);
    covered: crate::range::business, crate::range::recorded_at;
    /// Decides what `command` does to `meeting`. Pure.
    ///
    /// The rules: a meeting is scheduled, not in the past, with an agenda; until
    /// it is held it may be moved (not into the past, with a reason) and its
    /// agenda replaced; it is cancelled only before it is held, with a reason;
    /// its minutes are recorded once its time has come, naming at least one
    /// attendee; action items are added and assigned while it is held, each due
    /// not before now; an item is done with evidence or cancelled with a reason,
    /// and only once it has an owner; the meeting closes, with its outcome, only
    /// when every item is owned and settled; a closed meeting's action plan is
    /// superseded once, by another meeting's.
    ///
    /// First of all, `ctx.now()`, the meeting's time and action items' due dates
    /// must be covered by the policy's business calendar.
    ///
    /// # Errors
    /// A [`MeetingError`] naming the rule that refused. Nothing is emitted then.
    ///
    /// Every command but the deadline command first records the items that
    /// came due before it (rule 2 of the deadline contract): completing,
    /// cancelling or reassigning an item changes what comes due.
    decide: |meeting: &ReviewMeeting, command, ctx: &Ctx<'_>| {
        let due = || overdue_items(meeting, ctx.now());
        crate::aggregate::decide_after_due(meeting, meeting.updated_at, command, ctx, due, |meeting| {
            decide(meeting, command, ctx)
        })
    };
    next_deadline: |meeting: &ReviewMeeting, _| Ok(meeting.deadline());
}
