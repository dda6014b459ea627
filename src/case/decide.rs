//! [`decide`], where every case rule lives, and [`apply`], which folds events into
//! the state.

use chrono::{DateTime, Utc};

use super::command::{Command, DeliveryOutcome, FirstContactResolution, Intake};
use super::deadline::{command_instants, deadlines_due, may_be_due, sla_changes};
use super::error::{CaseError, CloseRequirement};
use super::event::Event;
use super::state::{
    Assignee, Assignment, Case, Delivery, FollowUpStatus, MessageRecord, NoCapaApproval,
    NoCapaProposal, OpenConcern, PersonalPart, Promise, Resolution, ResolutionRecord, Review,
    SlaRecorded, SurveyAnswer,
};
use crate::actor::{CaseCommandKind, valid};
use crate::authority::GateError;
use crate::channel::Channel;
use crate::envelope::{Recorded, Version};
use crate::policy::Ctx;
use crate::policy::case::{ReopenPolicy, Status, Target, changes_status};
use crate::priority::{
    CaseFacts, EscalationLevel, EscalationTrigger, Impact, Priority, Severity, SeverityAssessment,
    SeverityFacts, Urgency,
};
use crate::problem::{Problem, not_blank, short_text, too_many};
use crate::records::{ERASED, ErasureBasis};
use crate::sla::Threshold;

/// The longest subject, in characters.
pub const MAX_SUBJECT_CHARS: usize = 200;

/// The rules of [`Aggregate::decide`](crate::Aggregate::decide) for this
/// aggregate, documented on its implementation.
pub(super) fn decide(
    case: &Case,
    command: &Command,
    ctx: &Ctx<'_>,
) -> Result<Vec<Event>, CaseError> {
    let kind = command.kind();
    let instants = core::iter::once(ctx.now()).chain(command_instants(command));
    // Every case calendar covers the instants when their intersection does; only
    // a refusal asks which calendar refuses.
    let covered = ctx.policy().case_coverage();
    if !instants.clone().all(|t| covered.contains(&t)) {
        crate::range::ensure_covered(&ctx.policy().case_calendars(), instants)?;
    }
    let Some(status) = case.status else {
        return match command {
            Command::Log {
                intake,
                first_contact_resolution,
            } => log(intake, first_contact_resolution.as_ref(), ctx),
            _ => Err(CaseError::NotLogged { command: kind }),
        };
    };
    if let Command::Log { .. } = command {
        return Err(CaseError::AlreadyLogged);
    }
    if let Some(last) = case.updated_at {
        if ctx.now() < last {
            return Err(CaseError::ClockWentBackwards {
                last,
                now: ctx.now(),
            });
        }
    }
    let to = authorize(case, status, kind, ctx)?;
    let policy = ctx.policy().case();
    let mut problems = Vec::new();
    let events = match command {
        Command::Log { .. } => return Err(CaseError::AlreadyLogged), // refused above
        Command::Acknowledge { channel } => vec![Event::Acknowledged {
            channel: channel.clone(),
            status: to,
        }],
        Command::Assign { to: assignee } => {
            if case.assignee() == Some(*assignee) {
                return Err(CaseError::AlreadyAssigned { to: *assignee });
            }
            vec![Event::Assigned { to: *assignee }]
        }
        Command::AddNote { text, visibility } => {
            not_blank(&mut problems, "text", text);
            vec![Event::NoteAdded {
                text: text.clone(),
                visibility: *visibility,
            }]
        }
        Command::StartInvestigation => vec![Event::InvestigationStarted { status: to }],
        Command::WaitOnCustomer { reason } | Command::WaitOnThirdParty { reason } => {
            not_blank(&mut problems, "reason", reason);
            vec![Event::WaitStarted {
                reason: reason.clone(),
                status: to,
            }]
        }
        Command::Resume => vec![Event::Resumed { status: to }],
        Command::ProposeResolution { resolution } => {
            if resolution.is_blank() {
                problems.push(blank_resolution("resolution"));
            }
            vec![Event::ResolutionProposed {
                resolution: resolution.clone(),
                status: to,
            }]
        }
        Command::Resolve {
            resolution,
            root_cause,
        } => {
            // A proposal stands only while it is before the customer: one declined
            // (the case went back to investigating) is not the resolution.
            let proposed = case
                .proposed_resolution
                .as_ref()
                .filter(|_| status == Status::ResolutionProposed);
            let resolution = resolution.as_ref().or(proposed).cloned();
            vec![resolve(
                case,
                resolution,
                root_cause.as_deref(),
                "",
                ctx,
                to,
                &mut problems,
            )?]
        }
        Command::ReviewResolution { approved, comments } => {
            if resolved(case, status, kind)?.is_authored_by(ctx.actor().id) {
                return Err(CaseError::ReviewerIsResolver {
                    reviewer: ctx.actor().id,
                });
            }
            // A rejected resolution may be reviewed again once put right; an
            // approved one is on the record.
            if let Some(review) = case.review().filter(|r| r.approved) {
                return Err(CaseError::AlreadyReviewed { at: review.at });
            }
            if !approved {
                not_blank(&mut problems, "comments", comments);
            }
            vec![Event::ResolutionReviewed {
                approved: *approved,
                comments: comments.clone(),
            }]
        }
        Command::RecordFollowUp {
            channel,
            other_channel_reason,
            rating,
            comments,
            concern_resolved,
            answers,
            last_surveyed_at,
            survey_override,
        } => {
            follow_up_owed(case, status, kind)?;
            // One follow-up per resolution or delivery: a second would count
            // twice in the KPIs. A new resolution owes a new one.
            if matches!(case.follow_up, FollowUpStatus::Recorded { .. }) {
                return Err(CaseError::FollowUpAlreadyRecorded);
            }
            if is_survey(*rating, answers) {
                survey_rule(
                    &mut problems,
                    case,
                    ctx,
                    *last_surveyed_at,
                    survey_override.as_deref(),
                )?;
            } else if survey_override.is_some() {
                problems.push(Problem::new(
                    "survey_override",
                    "the follow-up asks for no rating, so it is no survey",
                ));
            }
            channel_problems(
                &mut problems,
                case,
                channel,
                other_channel_reason.as_deref(),
            );
            let scale = ctx.policy().feedback().scale;
            if let Some(rating) = rating {
                if let Err(refused) = scale.check(*rating) {
                    problems.push(Problem::new("rating", refused.to_string()));
                }
            }
            for (i, answer) in answers.iter().enumerate() {
                not_blank(
                    &mut problems,
                    &format!("answers[{i}].question"),
                    &answer.question,
                );
                if let Err(refused) = scale.check(answer.rating) {
                    problems.push(Problem::new(
                        format!("answers[{i}].rating"),
                        refused.to_string(),
                    ));
                }
            }
            let mut events = vec![Event::FollowUpRecorded {
                channel: channel.clone(),
                other_channel_reason: other_channel_reason.clone(),
                rating: *rating,
                comments: comments.clone(),
                concern_resolved: *concern_resolved,
                answers: answers.clone(),
                survey_override: survey_override.clone(),
            }];
            // An unresolved concern stays open: its escalation clock runs
            // until it is resolved or escalated, by a person or, once due, by
            // the deadline command.
            if !concern_resolved {
                if let Some(to) = concern_reopens(case, status, ctx) {
                    events.push(Event::Reopened {
                        reason: "the customer's concern is unresolved at follow-up".to_owned(),
                        rework: false,
                        status: to,
                    });
                }
            }
            events
        }
        Command::WaiveFollowUp { reason } => {
            follow_up_owed(case, status, kind)?;
            if matches!(case.follow_up, FollowUpStatus::Recorded { .. }) {
                return Err(CaseError::FollowUpAlreadyRecorded);
            }
            not_blank(&mut problems, "reason", reason);
            vec![Event::FollowUpWaived {
                reason: reason.clone(),
            }]
        }
        Command::RecordNoAnswer {
            channel,
            other_channel_reason,
        } => {
            follow_up_owed(case, status, kind)?;
            channel_problems(
                &mut problems,
                case,
                channel,
                other_channel_reason.as_deref(),
            );
            let attempts = match case.follow_up {
                FollowUpStatus::Pending => 0,
                FollowUpStatus::Unanswered { attempts } => attempts,
                FollowUpStatus::Recorded { .. }
                | FollowUpStatus::Waived { .. }
                | FollowUpStatus::NoAnswer { .. } => {
                    return Err(CaseError::FollowUpSettled);
                }
            };
            let attempt = attempts.saturating_add(1);
            vec![Event::FollowUpUnanswered {
                channel: channel.clone(),
                other_channel_reason: other_channel_reason.clone(),
                attempt,
                last: attempt >= u32::from(ctx.policy().feedback().attempts),
            }]
        }
        Command::LinkQualityRecord { record } => {
            if case.quality_records.contains(record) {
                return Err(CaseError::AlreadyLinked { record: *record });
            }
            vec![Event::QualityRecordLinked { record: *record }]
        }
        Command::ProposeNoCapa { reason } => {
            if !case.is_complaint() {
                return Err(CaseError::NotAComplaint { command: kind });
            }
            if case.no_capa.is_some() {
                return Err(CaseError::NoCapaAlreadyApproved);
            }
            if let Some(proposal) = &case.no_capa_proposal {
                return Err(CaseError::NoCapaAlreadyProposed { by: proposal.by });
            }
            not_blank(&mut problems, "reason", reason);
            vec![Event::NoCapaProposed {
                reason: reason.clone(),
            }]
        }
        Command::ApproveNoCapa => {
            if !case.is_complaint() {
                return Err(CaseError::NotAComplaint { command: kind });
            }
            let Some(proposal) = &case.no_capa_proposal else {
                return Err(CaseError::NoCapaNotProposed);
            };
            if proposal.by == ctx.actor().id {
                return Err(CaseError::ApproverIsProposer {
                    approver: ctx.actor().id,
                });
            }
            vec![Event::NoCapaApproved {
                reason: proposal.reason.clone(),
            }]
        }
        Command::Close => {
            let missing = close_requirements(case, ctx);
            if !missing.is_empty() {
                return Err(CaseError::NotReadyToClose { missing });
            }
            vec![Event::Closed { status: to }]
        }
        Command::Reopen { reason } => {
            not_blank(&mut problems, "reason", reason);
            // Reworking a resolution QA did not approve is not a customer's reopen;
            // once closed, only the window applies.
            let rework =
                status == Status::Resolved && case.review.as_ref().is_some_and(|r| !r.approved);
            if !rework && problems.is_empty() {
                check_reopen_window(case, status, ctx)?;
            }
            vec![Event::Reopened {
                reason: reason.clone(),
                rework,
                status: to,
            }]
        }
        Command::Withdraw { reason } => {
            not_blank(&mut problems, "reason", reason);
            vec![Event::Withdrawn {
                reason: reason.clone(),
                status: to,
            }]
        }
        Command::Reject { reason } => {
            not_blank(&mut problems, "reason", reason);
            vec![Event::Rejected {
                reason: reason.clone(),
                status: to,
            }]
        }
        Command::Merge { into } => {
            if case.id() == Some(*into) {
                return Err(CaseError::MergeIntoSelf);
            }
            vec![Event::Merged {
                into: *into,
                status: to,
            }]
        }
        Command::Unmerge => vec![Event::Unmerged { status: to }],
        Command::Escalate { reason } => {
            not_blank(&mut problems, "reason", reason);
            if case.escalation_level >= policy.escalation_levels {
                return Err(CaseError::EscalationAtTop {
                    level: case.escalation_level,
                });
            }
            vec![escalated(
                case.priority,
                case.escalation_level.saturating_add(1),
                EscalationTrigger::Manual,
                None,
                reason.clone(),
                ctx,
            )]
        }
        Command::Deescalate { reason } => {
            not_blank(&mut problems, "reason", reason);
            let Some(level) = case.escalation_level.checked_sub(1) else {
                return Err(CaseError::NotEscalated);
            };
            vec![Event::Deescalated {
                level,
                reason: reason.clone(),
            }]
        }
        Command::Reassess {
            facts,
            impact,
            urgency,
            reason,
        } => {
            not_blank(&mut problems, "reason", reason);
            let Some(intake) = case.intake.as_ref() else {
                return Err(CaseError::NotLogged { command: kind });
            };
            let assessed = assess(
                facts,
                *impact,
                *urgency,
                CaseFacts {
                    channel: &intake.channel,
                    category: &intake.category,
                    received_at: intake.received_at,
                },
                "",
                ctx,
                &mut problems,
            );
            let Some((severity, priority)) = assessed else {
                return Err(GateError::Invalid {
                    command: kind,
                    problems,
                }
                .into());
            };
            let escalation = immediate_escalation(
                severity.severity,
                priority,
                case.escalation_level,
                "on reassessment",
                ctx,
            );
            let mut events = vec![Event::Reassessed {
                facts: facts.clone(),
                impact: *impact,
                urgency: *urgency,
                severity,
                priority,
                reason: reason.clone(),
            }];
            events.extend(escalation);
            events
        }
        Command::RecordServiceDelivered { order } => {
            vec![Event::ServiceDelivered { order: *order }]
        }
        Command::ResolveConcern { resolution } => {
            if case.open_concern.is_none() {
                return Err(CaseError::NoOpenConcern);
            }
            not_blank(&mut problems, "resolution", resolution);
            vec![Event::ConcernResolved {
                resolution: resolution.clone(),
            }]
        }
        Command::RecordCustomerMessage { channel } => {
            let mut events = vec![Event::CustomerMessageReceived {
                channel: channel.clone(),
            }];
            // The answer the case waited for resumes it, as the table's resume
            // row says, whoever records the message.
            let resume = ctx
                .policy()
                .lifecycle()
                .transition(status, CaseCommandKind::Resume)
                .filter(|_| status == Status::WaitingOnCustomer);
            if let Some(row) = resume {
                let to = match row.to {
                    Target::Status(to) => Some(to),
                    Target::Previous => case.previous_status,
                };
                events.extend(to.map(|status| Event::Resumed { status }));
            }
            events
        }
        Command::RecordDeadline => deadlines_due(case, ctx)?,
        Command::PlaceLegalHold { reason } => {
            case.holds.clone().place(reason, ctx.now())?;
            vec![Event::LegalHoldPlaced {
                reason: reason.clone(),
            }]
        }
        Command::ReleaseLegalHold { reason } => {
            case.holds.clone().release(reason, ctx.now())?;
            vec![Event::LegalHoldReleased {
                reason: reason.clone(),
            }]
        }
        Command::ErasePersonalData { reason } => {
            not_held(case, ctx)?;
            if !status.is_terminal() {
                return Err(CaseError::NotFinished { status });
            }
            if case.personal.is_empty() {
                return Err(CaseError::NothingToErase);
            }
            not_blank(&mut problems, "reason", reason);
            vec![Event::PersonalDataErased {
                versions: case.personal.iter().map(|part| part.version).collect(),
                basis: ErasureBasis::Request {
                    reason: reason.clone(),
                },
            }]
        }
        Command::DisposeFeedback => {
            not_held(case, ctx)?;
            let retention = ctx.policy().feedback().retention;
            let versions: Vec<Version> = case
                .personal
                .iter()
                .filter(|part| {
                    part.feedback
                        && retention
                            .disposal_at(part.at)
                            .is_some_and(|due| due <= ctx.now())
                })
                .map(|part| part.version)
                .collect();
            if versions.is_empty() {
                return Err(CaseError::FeedbackNotDue {
                    due_at: case.feedback_disposal_at(retention),
                });
            }
            vec![Event::PersonalDataErased {
                versions,
                basis: ErasureBasis::Retention { retention },
            }]
        }
        Command::Recategorise { category, reason } => {
            recategorise(case, category, reason, ctx, &mut problems)
        }
        Command::Transfer { unit, to, reason } => {
            // The new unit must be within the actor's reach too.
            ctx.reaches(kind.into(), Some(*unit))?;
            not_blank(&mut problems, "reason", reason);
            let units = ctx.policy().organisation().unit_ids();
            crate::policy::undeclared_unit(&mut problems, "unit", *unit, &units);
            let mut next = Assignment::unit(*unit);
            next.assignee = to.map(Assignee::Person);
            let from = case.assignment();
            if from == next {
                problems.push(Problem::new(
                    "unit",
                    format!("the case is with `{unit}` already"),
                ));
            }
            vec![Event::Transferred {
                from,
                to: next,
                reason: reason.clone(),
            }]
        }
        Command::QueueMessage {
            message,
            template,
            channel,
            locale,
            content,
            other_channel_reason,
        } => {
            let communication = ctx.policy().communication();
            if case.messages.iter().any(|m| m.id == *message) {
                problems.push(Problem::new(
                    "message",
                    format!("message `{message}` is queued already"),
                ));
            }
            if !communication.templates.contains_key(template) {
                problems.push(Problem::new(
                    "template",
                    format!("`{template}` is not one of the policy's templates"),
                ));
            }
            if !communication.channels.contains(channel) {
                problems.push(Problem::new(
                    "channel",
                    format!("`{channel}` is not one of the policy's channels"),
                ));
            }
            short_text(
                &mut problems,
                "locale",
                locale,
                crate::policy::communication::CommunicationPolicy::MAX_LOCALE_CHARS,
            );
            channel_problems(
                &mut problems,
                case,
                channel,
                other_channel_reason.as_deref(),
            );
            vec![Event::MessageQueued {
                message: *message,
                template: *template,
                channel: channel.clone(),
                locale: locale.clone(),
                content: *content,
                other_channel_reason: other_channel_reason.clone(),
            }]
        }
        Command::RecordDelivery { message, outcome } => {
            let queued = case.messages.iter().find(|m| m.id == *message);
            match queued.map(|m| &m.delivery) {
                None => problems.push(Problem::new(
                    "message",
                    format!("no message `{message}` was queued"),
                )),
                Some(Delivery::Pending) => {}
                Some(_) => problems.push(Problem::new(
                    "message",
                    format!("what became of message `{message}` is recorded already"),
                )),
            }
            match outcome {
                DeliveryOutcome::Delivered => vec![Event::MessageDelivered { message: *message }],
                DeliveryOutcome::Failed { reason } => {
                    not_blank(&mut problems, "outcome.reason", reason);
                    let communication = ctx.policy().communication();
                    let retry_on = queued
                        .and_then(|m| communication.fallback(&m.channel))
                        .cloned();
                    vec![Event::MessageFailed {
                        message: *message,
                        reason: reason.clone(),
                        retry_on,
                    }]
                }
            }
        }
    };
    valid(kind, problems).map(|()| events)
}

/// The events of moving `case` to `category`: `Recategorised`, and a
/// `Routed` when the policy's routing table sends the new category to
/// another unit than the case's. Adds the content's problems.
fn recategorise(
    case: &Case,
    category: &str,
    reason: &str,
    ctx: &Ctx<'_>,
    problems: &mut Vec<Problem>,
) -> Vec<Event> {
    not_blank(problems, "reason", reason);
    let Some(intake) = case.intake.as_ref() else {
        return Vec::new();
    };
    if let Some(problem) = ctx.policy().case().category_problem("category", category) {
        problems.push(problem);
    } else if category == intake.category {
        problems.push(Problem::new(
            "category",
            format!("the case is in `{category}` already"),
        ));
    }
    let mut events = vec![Event::Recategorised {
        from: intake.category.clone(),
        to: category.to_owned(),
        reason: reason.to_owned(),
    }];
    let table = ctx.policy().organisation().routing.as_ref();
    if let (Some(table), Some(priority)) = (table, case.priority) {
        let mut facts = intake.routing_facts(case.severity.severity, priority);
        facts.category = category;
        let routing = table.route(&facts);
        if case.unit != Some(routing.to.unit) {
            events.push(Event::Routed { routing });
        }
    }
    events
}

/// Refuses while a legal hold is in force.
fn not_held(case: &Case, ctx: &Ctx<'_>) -> Result<(), CaseError> {
    case.holds
        .none_in_force(ctx.now())
        .map_err(|reasons| CaseError::UnderLegalHold { reasons })
}

/// Checks gates 2 and 3 for a logged case, and returns the status the command
/// leads to (the case's own status for commands that do not change it).
fn authorize(
    case: &Case,
    from: Status,
    kind: CaseCommandKind,
    ctx: &Ctx<'_>,
) -> Result<Status, CaseError> {
    let permissions = ctx.policy().permissions();
    ctx.authorize_on::<CaseError>(kind, case.unit)?;
    if !changes_status(kind) {
        // A scheduler's late call on a finished case finds nothing due; the
        // records of a finished case are still held, erased and disposed of.
        let on_finished = matches!(
            kind,
            CaseCommandKind::RecordDeadline
                | CaseCommandKind::PlaceLegalHold
                | CaseCommandKind::ReleaseLegalHold
                | CaseCommandKind::ErasePersonalData
                | CaseCommandKind::DisposeFeedback
        );
        return if from.is_terminal() && !on_finished {
            Err(CaseError::InvalidTransition {
                from,
                command: kind,
            })
        } else {
            Ok(from)
        };
    }
    let invalid = CaseError::InvalidTransition {
        from,
        command: kind,
    };
    let row = ctx
        .policy()
        .lifecycle()
        .transition(from, kind)
        .ok_or(invalid.clone())?;
    if !row.roles.is_empty()
        && !row
            .roles
            .iter()
            .any(|r| ctx.actor().has_role(r) && permissions.allows(r, kind))
    {
        return Err(CaseError::TransitionNotPermitted {
            from,
            command: kind,
            roles: Box::new(row.roles),
        });
    }
    let to = match row.to {
        Target::Status(to) => to,
        Target::Previous => case.previous_status.ok_or(invalid)?,
    };
    let needs_acknowledgement = matches!(to, Status::Acknowledged | Status::Investigating);
    if needs_acknowledgement
        && kind != CaseCommandKind::Acknowledge
        && case.acknowledged_at.is_none()
    {
        return Err(CaseError::NotAcknowledged);
    }
    Ok(to)
}

/// Intake: validate everything at once, then log, escalate at once where the
/// severity calls for it, and resolve at first contact where asked and permitted.
/// The most tags an intake has, and the longest language, product or tag.
const MAX_LABELS: usize = 64;

/// Adds the problems of the intake's language, product and tags: blank, too
/// long, or too many.
fn label_problems(intake: &Intake, problems: &mut Vec<Problem>) {
    if let Some(language) = &intake.language {
        short_text(problems, "intake.language", language, MAX_LABELS);
    }
    if let Some(product) = &intake.product {
        short_text(problems, "intake.product", product, MAX_LABELS);
    }
    for (i, tag) in intake.tags.iter().take(MAX_LABELS).enumerate() {
        short_text(problems, &format!("intake.tags[{i}]"), tag, MAX_LABELS);
    }
    too_many(problems, "intake.tags", intake.tags.len(), MAX_LABELS);
}

fn log(
    intake: &Intake,
    first_contact: Option<&FirstContactResolution>,
    ctx: &Ctx<'_>,
) -> Result<Vec<Event>, CaseError> {
    ctx.authorize::<CaseError>(CaseCommandKind::Log)?;
    let policy = ctx.policy().case();
    let mut problems = Vec::new();
    not_blank(&mut problems, "intake.subject", &intake.subject);
    let subject_chars = intake.subject.chars().count();
    if subject_chars > MAX_SUBJECT_CHARS {
        problems.push(Problem::new(
            "intake.subject",
            format!("{subject_chars} characters is longer than {MAX_SUBJECT_CHARS}"),
        ));
    }
    not_blank(&mut problems, "intake.description", &intake.description);
    problems.extend(policy.category_problem("intake.category", &intake.category));
    let assessed = assess(
        &intake.facts,
        intake.impact,
        intake.urgency,
        CaseFacts {
            channel: &intake.channel,
            category: &intake.category,
            received_at: intake.received_at,
        },
        "intake.",
        ctx,
        &mut problems,
    );
    let mut not_after = |path: &str, t: DateTime<Utc>, what: &str, limit: DateTime<Utc>| {
        if t > limit {
            problems.push(Problem::new(path, format!("{t} is after {what} ({limit})")));
        }
    };
    not_after("intake.received_at", intake.received_at, "now", ctx.now());
    if let Some(aware) = intake.aware_at {
        not_after("intake.aware_at", aware, "now", ctx.now());
    }
    if let Some(occurred) = intake.occurred_at {
        not_after(
            "intake.occurred_at",
            occurred,
            "received_at",
            intake.received_at,
        );
        if let Some(aware) = intake.aware_at {
            not_after("intake.occurred_at", occurred, "aware_at", aware);
        }
    }
    label_problems(intake, &mut problems);
    let (Some((severity, priority)), true) = (assessed, problems.is_empty()) else {
        return Err(GateError::Invalid {
            command: CaseCommandKind::Log,
            problems,
        }
        .into());
    };
    let level = severity.severity;
    let routing = ctx
        .policy()
        .organisation()
        .routing
        .as_ref()
        .map(|table| table.route(&intake.routing_facts(level, priority)));
    let mut events = vec![Event::Logged {
        intake: Box::new(intake.clone()),
        severity,
        priority,
    }];
    events.extend(routing.map(|routing| Event::Routed { routing }));
    events.extend(immediate_escalation(level, priority, 0, "at intake", ctx));
    let Some(first_contact) = first_contact else {
        return Ok(events);
    };
    if first_contact.resolution.is_blank() {
        problems.push(blank_resolution("first_contact_resolution.resolution"));
    }
    if !problems.is_empty() {
        return Err(GateError::Invalid {
            command: CaseCommandKind::Log,
            problems,
        }
        .into());
    }
    if !policy.first_contact_resolution.contains(&level) {
        return Err(CaseError::FirstContactResolutionNotAllowed { severity: level });
    }
    // The first contact is the first response, and then the resolution: the same
    // rules as the commands, decided on the case as it stands after each step.
    let mut case = Case::default();
    let follow = |case: &mut Case, events: &mut Vec<Event>, next: Vec<Event>| {
        let recorded = crate::aggregate::stamp(case, next, ctx).ok_or(CaseError::NotLogged {
            command: CaseCommandKind::Log,
        })?;
        events.extend(recorded.into_iter().map(|r| r.event));
        Ok::<(), CaseError>(())
    };
    let logged = core::mem::take(&mut events);
    follow(&mut case, &mut events, logged)?;
    let acknowledge = Command::Acknowledge {
        channel: intake.channel.clone(),
    };
    let acknowledged = decide(&case, &acknowledge, ctx)?;
    follow(&mut case, &mut events, acknowledged)?;
    let status = case.status.unwrap_or(Status::Received);
    let to = authorize(&case, status, CaseCommandKind::Resolve, ctx)?;
    let mut problems = Vec::new();
    let resolved = resolve(
        &case,
        Some(first_contact.resolution.clone()),
        first_contact.root_cause.as_deref(),
        "first_contact_resolution.",
        ctx,
        to,
        &mut problems,
    )?;
    if !problems.is_empty() {
        return Err(GateError::Invalid {
            command: CaseCommandKind::Log,
            problems,
        }
        .into());
    }
    events.push(match resolved {
        Event::Resolved {
            resolution,
            root_cause,
            status,
            ..
        } => Event::Resolved {
            resolution,
            root_cause,
            first_contact: true,
            status,
        },
        other => other,
    });
    Ok(events)
}

/// The `Resolved` event, after the complaint guards; content problems go to
/// `problems` under `prefix`.
fn resolve(
    case: &Case,
    resolution: Option<Resolution>,
    root_cause: Option<&str>,
    prefix: &str,
    ctx: &Ctx<'_>,
    to: Status,
    problems: &mut Vec<Problem>,
) -> Result<Event, CaseError> {
    if resolution.as_ref().is_some_and(Resolution::is_blank) {
        problems.push(blank_resolution(&format!("{prefix}resolution")));
    }
    if let Some(cause) = root_cause {
        if !ctx.policy().case().has_root_cause(cause) {
            problems.push(Problem::new(
                format!("{prefix}root_cause"),
                format!("`{cause}` is not a root-cause category of the policy"),
            ));
        }
    }
    if case.is_complaint() && problems.is_empty() {
        if resolution.is_none() {
            return Err(CaseError::ResolutionRequired);
        }
        if root_cause.is_none() {
            return Err(CaseError::RootCauseRequired);
        }
    }
    Ok(Event::Resolved {
        resolution,
        root_cause: root_cause.map(str::to_owned),
        first_contact: false,
        status: to,
    })
}

/// Assesses severity and priority from the facts; an impact or urgency outside the
/// matrix is a problem at `prefix`.
fn assess(
    facts: &SeverityFacts,
    impact: Impact,
    urgency: Urgency,
    case: CaseFacts<'_>,
    prefix: &str,
    ctx: &Ctx<'_>,
    problems: &mut Vec<Problem>,
) -> Option<(SeverityAssessment, Priority)> {
    let rules = ctx.policy().priority();
    let matrix = &rules.matrix;
    let severity = rules.severity.assess(facts, case);
    for (field, level, count) in [
        ("impact", impact.0, matrix.impacts.len()),
        ("urgency", urgency.0, matrix.urgencies.len()),
    ] {
        if usize::from(level) > count || level == 0 {
            problems.push(Problem::new(
                format!("{prefix}{field}"),
                format!("{level} is not a level of the priority matrix (1 to {count})"),
            ));
        }
    }
    let priority = matrix.priority(impact, urgency, severity.severity)?;
    Some((severity, priority))
}

/// An escalation to `level`, naming whom the priority's ladder has there.
pub(super) fn escalated(
    priority: Option<Priority>,
    level: u8,
    trigger: EscalationTrigger,
    due: Option<DateTime<Utc>>,
    reason: String,
    ctx: &Ctx<'_>,
) -> Event {
    let ladders = ctx.policy().priority();
    let to = priority
        .and_then(|priority| ladders.ladder(priority))
        .and_then(|ladder| ladder.level(level))
        .map(EscalationLevel::step);
    Event::Escalated {
        level,
        trigger,
        to,
        due,
        reason,
    }
}

/// The escalation that a severity at or above the policy's threshold triggers,
/// to the level the policy gives the severity, when the case is not that high
/// already.
fn immediate_escalation(
    severity: Severity,
    priority: Priority,
    current: u8,
    when: &str,
    ctx: &Ctx<'_>,
) -> Option<Event> {
    let level = ctx.policy().case().immediate_level(severity)?;
    (level > current).then(|| {
        escalated(
            Some(priority),
            level,
            EscalationTrigger::Severity,
            None,
            format!("severity {severity} {when} escalates at once to level {level}"),
            ctx,
        )
    })
}

/// The current resolution, for commands that need the case resolved.
fn resolved(
    case: &Case,
    status: Status,
    kind: CaseCommandKind,
) -> Result<&ResolutionRecord, CaseError> {
    match (status, case.resolution.as_ref()) {
        (Status::Resolved, Some(record)) => Ok(record),
        _ => Err(CaseError::InvalidTransition {
            from: status,
            command: kind,
        }),
    }
}

/// `Ok` when the case owes a follow-up: it is resolved, or a service it asked
/// for was delivered, whatever its status then.
///
/// # Errors
/// [`CaseError::InvalidTransition`] otherwise.
fn follow_up_owed(case: &Case, status: Status, kind: CaseCommandKind) -> Result<(), CaseError> {
    if case.service_delivered_at.is_some() {
        return Ok(());
    }
    resolved(case, status, kind).map(|_| ())
}

/// Whether a follow-up is a survey: it asks for a rating, overall or per
/// question.
pub(crate) fn is_survey(rating: Option<u8>, answers: &[SurveyAnswer]) -> bool {
    rating.is_some() || !answers.is_empty()
}

/// The feedback policy's anti-fatigue rule on a follow-up that asks for a
/// rating: no sooner than its period after the customer's last survey, the
/// caller's `last_surveyed_at` or the case's own, unless an override says why.
///
/// # Errors
/// [`CaseError::SurveyTooSoon`] within the period without an override.
fn survey_rule(
    problems: &mut Vec<Problem>,
    case: &Case,
    ctx: &Ctx<'_>,
    last_surveyed_at: Option<DateTime<Utc>>,
    survey_override: Option<&str>,
) -> Result<(), CaseError> {
    if last_surveyed_at.is_some_and(|last| last > ctx.now()) {
        problems.push(Problem::new("last_surveyed_at", "is after now"));
    }
    let last = last_surveyed_at.max(case.last_survey_at);
    let next = last.map(|last| ctx.policy().feedback().survey.next_survey_at(last));
    match (last, next, survey_override) {
        (Some(last), Some(next), None) if ctx.now() < next => {
            Err(CaseError::SurveyTooSoon { last, next })
        }
        (Some(_), Some(next), Some(reason)) if ctx.now() < next => {
            not_blank(problems, "survey_override", reason);
            Ok(())
        }
        (_, _, Some(_)) => {
            problems.push(Problem::new(
                "survey_override",
                "the customer may be surveyed now: no override is needed",
            ));
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The problems with the channel of a follow-up or an attempt: the
/// customer's preferred channel, or another with a reason, and a reason only
/// then.
fn channel_problems(
    problems: &mut Vec<Problem>,
    case: &Case,
    channel: &Channel,
    other_channel_reason: Option<&str>,
) {
    let preferred = case.follow_up_channel();
    match (preferred, other_channel_reason) {
        (Some(preferred), Some(_)) if preferred == channel => problems.push(Problem::new(
            "other_channel_reason",
            format!("`{channel}` is the customer's preferred channel: no reason is needed"),
        )),
        (Some(preferred), None) if preferred != channel => problems.push(Problem::new(
            "other_channel_reason",
            format!(
                "`{channel}` is not the customer's preferred channel `{preferred}`: say why it was used"
            ),
        )),
        (_, Some(reason)) => not_blank(problems, "other_channel_reason", reason),
        _ => {}
    }
}

/// What closing still needs, by the policy.
fn close_requirements(case: &Case, ctx: &Ctx<'_>) -> Vec<CloseRequirement> {
    let policy = ctx.policy().case();
    let mut missing = Vec::new();
    // What the policy asks of the severity now, or of the one at resolution: a
    // reassessment after the resolution may add to what closing needs, never
    // take away from it.
    let at_resolution = case.resolution.as_ref().map(|r| r.severity);
    let required = |severities: &[Severity]| {
        severities.contains(&case.severity())
            || at_resolution.is_some_and(|s| severities.contains(&s))
    };
    // A review by an author of the resolution counts for nothing, however it
    // came about.
    let review = case
        .review
        .as_ref()
        .filter(|r| {
            !case
                .resolution
                .as_ref()
                .is_some_and(|res| res.is_authored_by(r.by))
        })
        .map(|r| r.approved);
    if review == Some(false) || (required(&policy.qa_review) && review.is_none()) {
        missing.push(CloseRequirement::QaReview);
    }
    if !case.follow_up.is_settled() {
        missing.push(CloseRequirement::FollowUp);
    }
    if case.open_concern.is_some() {
        missing.push(CloseRequirement::ConcernResolved);
    }
    if case.is_complaint()
        && required(&policy.capa_decision)
        && case.quality_records.is_empty()
        && case.no_capa.is_none()
    {
        missing.push(CloseRequirement::CapaDecision);
    }
    missing
}

/// The reopen window, counted in business days on the policy's calendar from the
/// resolution.
fn check_reopen_window(case: &Case, status: Status, ctx: &Ctx<'_>) -> Result<(), CaseError> {
    match ctx.policy().case().reopen {
        ReopenPolicy::Never => Err(CaseError::ReopenNotAllowed),
        ReopenPolicy::WithinBusinessDays { days } => {
            let resolved_at =
                case.resolution
                    .as_ref()
                    .map(|r| r.at)
                    .ok_or(CaseError::InvalidTransition {
                        from: status,
                        command: CaseCommandKind::Reopen,
                    })?;
            let until = ctx
                .policy()
                .calendar()
                .business_days_after(resolved_at, days)?;
            if ctx.now() > until {
                Err(CaseError::ReopenWindowExpired { until })
            } else {
                Ok(())
            }
        }
    }
}

fn blank_resolution(path: &str) -> Problem {
    Problem::new(path, "give a summary or a reference")
}

/// Where a concern unresolved at follow-up reopens the case to, if the policy
/// reopens on a concern, the case is resolved, and the lifecycle has a reopen
/// row from there.
fn concern_reopens(case: &Case, status: Status, ctx: &Ctx<'_>) -> Option<Status> {
    if !ctx.policy().feedback().reopen_on_concern || status != Status::Resolved {
        return None;
    }
    match ctx
        .policy()
        .lifecycle()
        .transition(status, CaseCommandKind::Reopen)?
        .to
    {
        Target::Status(to) => Some(to),
        Target::Previous => case.previous_status,
    }
}

/// Folds one recorded event into the case. Never fails: a history that `decide`
/// produced replays to the same state, and any other history to some state.
pub(super) fn apply(case: &mut Case, recorded: &Recorded<Event>) {
    let at = recorded.at;
    let by = recorded.actor;
    let before = case.previous_status;
    if let Some(status) = recorded.event.status() {
        if case.status != Some(status) {
            case.previous_status = case.status;
        }
        case.status = Some(status);
        if status.is_terminal() {
            case.finished_at = case.finished_at.or(Some(at));
        } else {
            case.finished_at = None;
            if status == Status::Resolved {
                case.resolved_at = case.resolved_at.or(Some(at));
            } else {
                case.resolved_at = None;
            }
        }
    }
    case.sla_marks.extend(sla_changes(&recorded.event, at));
    if recorded.event.holds_personal_data() {
        case.personal.push(PersonalPart {
            version: recorded.version,
            at,
            feedback: matches!(recorded.event, Event::FollowUpRecorded { .. }),
        });
    }
    match &recorded.event {
        Event::Logged {
            intake,
            severity,
            priority,
        } => {
            case.severity = severity.clone();
            case.priority = Some(*priority);
            case.ladder_started_at = Some(intake.received_at);
            case.intake = Some(Intake::clone(intake));
            case.logged_at = Some(at);
        }
        Event::Acknowledged { .. } => {
            case.acknowledged_at.get_or_insert(at);
        }
        Event::Assigned { to } => case.assignee = Some(*to),
        Event::HandedOver { to, .. } | Event::Transferred { to, .. } => {
            case.unit = to.unit;
            case.assignee = to.assignee;
        }
        Event::Recategorised { to, .. } => {
            if let Some(intake) = case.intake.as_mut() {
                intake.category.clone_from(to);
            }
        }
        Event::Routed { routing } => {
            case.unit = Some(routing.to.unit);
            if let Some(person) = routing.to.assignee {
                case.assignee = Some(Assignee::Person(person));
            }
            case.routing = Some(routing.clone());
        }
        Event::NoteAdded { .. } => case.notes = case.notes.saturating_add(1),
        Event::InvestigationStarted { .. }
        | Event::WaitStarted { .. }
        | Event::Resumed { .. }
        | Event::Closed { .. }
        | Event::Withdrawn { .. }
        | Event::Rejected { .. } => {}
        Event::ResolutionProposed { resolution, .. } => {
            case.proposed_resolution = Some(resolution.clone());
            case.proposed_by = Some(by);
        }
        Event::Resolved {
            resolution,
            root_cause,
            first_contact,
            ..
        } => {
            case.resolution = Some(ResolutionRecord {
                resolution: resolution.clone(),
                root_cause: root_cause.clone(),
                by,
                proposed_by: case.proposed_resolution.as_ref().and(case.proposed_by),
                at,
                first_contact: *first_contact,
                severity: case.severity.severity,
            });
            case.review = None;
            case.follow_up = FollowUpStatus::Pending;
        }
        Event::ResolutionReviewed { approved, .. } => {
            case.review = Some(Review {
                by,
                at,
                approved: *approved,
            });
        }
        Event::FollowUpRecorded {
            rating,
            concern_resolved,
            answers,
            ..
        } => {
            if is_survey(*rating, answers) {
                case.last_survey_at = Some(at);
            }
            case.follow_up = FollowUpStatus::Recorded {
                at,
                rating: *rating,
                concern_resolved: *concern_resolved,
            };
            if !concern_resolved && case.open_concern.is_none() {
                case.open_concern = Some(OpenConcern {
                    raised_at: at,
                    escalated_at: None,
                });
            }
        }
        Event::FollowUpWaived { reason } => {
            case.follow_up = FollowUpStatus::Waived {
                reason: reason.clone(),
            };
        }
        Event::FollowUpUnanswered { attempt, last, .. } => {
            case.follow_up = if *last {
                FollowUpStatus::NoAnswer { attempts: *attempt }
            } else {
                FollowUpStatus::Unanswered { attempts: *attempt }
            };
        }
        Event::QualityRecordLinked { record } => case.quality_records.push(*record),
        Event::LegalHoldPlaced { reason } => {
            // Refused only for a history `decide` did not produce.
            case.holds.place(reason, at).ok();
        }
        Event::LegalHoldReleased { reason } => {
            case.holds.release(reason, at).ok();
        }
        Event::PersonalDataErased { versions, .. } => {
            case.personal
                .retain(|part| !versions.contains(&part.version));
            // The state reads as the history will once reloaded.
            if versions.contains(&Version::new(1)) {
                if let Some(intake) = case.intake.as_mut() {
                    for text in [&mut intake.subject, &mut intake.description] {
                        if !text.is_empty() {
                            ERASED.clone_into(text);
                        }
                    }
                }
            }
        }
        Event::MessageQueued {
            message,
            template,
            channel,
            ..
        } => case.messages.push(MessageRecord {
            id: *message,
            template: *template,
            channel: channel.clone(),
            queued_at: at,
            delivery: Delivery::Pending,
        }),
        Event::MessageDelivered { message } => {
            if let Some(record) = case.messages.iter_mut().find(|m| m.id == *message) {
                record.delivery = Delivery::Delivered { at };
            }
        }
        Event::MessageFailed {
            message,
            reason,
            retry_on,
        } => {
            if let Some(record) = case.messages.iter_mut().find(|m| m.id == *message) {
                record.delivery = Delivery::Failed {
                    at,
                    reason: reason.clone(),
                    retry_on: retry_on.clone(),
                };
            }
        }
        Event::Promised { due } => {
            let number = case.promise.map_or(1, |p| p.number.saturating_add(1));
            case.promise = Some(Promise {
                due: *due,
                made_at: at,
                number,
            });
        }
        Event::NoCapaProposed { reason } => {
            case.no_capa_proposal = Some(NoCapaProposal {
                by,
                reason: reason.clone(),
            });
        }
        Event::NoCapaApproved { reason } => {
            let proposal = case.no_capa_proposal.take();
            case.no_capa = Some(NoCapaApproval {
                by,
                reason: reason.clone(),
                proposed_by: proposal.map(|p| p.by),
            });
        }
        Event::Reopened { .. } => {
            case.reopen_count = case.reopen_count.saturating_add(1);
            case.ladder_started_at = Some(at);
            case.escalation_peak = case.escalation_level;
            case.proposed_resolution = None;
            case.proposed_by = None;
            case.resolution = None;
            case.review = None;
            case.follow_up = FollowUpStatus::Pending;
        }
        Event::Merged { into, .. } => {
            case.merged_into = Some(*into);
            case.previous_before_merge = before;
        }
        Event::Unmerged { .. } => {
            case.merged_into = None;
            case.previous_status = case.previous_before_merge.take();
        }
        Event::Escalated {
            level,
            trigger,
            due,
            ..
        } => {
            case.escalation_level = *level;
            case.escalation_peak = case.escalation_peak.max(*level);
            if let Some(concern) = case.open_concern.as_mut() {
                if matches!(
                    trigger,
                    EscalationTrigger::UnresolvedConcern | EscalationTrigger::Manual
                ) {
                    concern.escalated_at = concern.escalated_at.or(Some(due.unwrap_or(at)));
                }
            }
        }
        Event::Deescalated { level, .. } => case.escalation_level = *level,
        Event::CustomerMessageReceived { .. } => {}
        Event::ServiceDelivered { .. } => {
            case.service_delivered_at = Some(at);
            case.follow_up = FollowUpStatus::Pending;
        }
        Event::ConcernResolved { .. } => case.open_concern = None,
        Event::SlaWarning {
            metric,
            cycle,
            percent,
            reached_at,
        } => case.sla_recorded.push(SlaRecorded {
            metric: metric.clone(),
            cycle: *cycle,
            threshold: Threshold::Warning(*percent),
            reached_at: *reached_at,
        }),
        Event::SlaBreached {
            metric,
            cycle,
            reached_at,
        } => case.sla_recorded.push(SlaRecorded {
            metric: metric.clone(),
            cycle: *cycle,
            threshold: Threshold::Breach,
            reached_at: *reached_at,
        }),
        Event::Reassessed {
            severity, priority, ..
        } => {
            case.severity = severity.clone();
            case.priority = Some(*priority);
        }
    }
    case.version = case.version.next();
    case.updated_at = Some(at);
}

crate::aggregate::library_aggregate! {
    Case: CaseError, created "logged", else NotLogged;
    creates: Event::Logged { intake, .. } => intake.case;
    came_due:
        Event::Escalated { due, .. } => *due,
        Event::SlaWarning { reached_at, .. } | Event::SlaBreached { reached_at, .. } => Some(*reached_at);
    covered: crate::policy::Policy::case_calendars, super::deadline::instants;
    /// Decides what `command` does to `case`: the events to record, or the rule that
    /// refuses it. Pure: the same case, command and context give the same answer.
    ///
    /// The gates, in order:
    /// 1. every instant the command brings in (`ctx.now()`, and the intake's
    ///    received, occurred and aware times) must be covered by the calendars a
    ///    case's instants must be covered by: the business calendar and each
    ///    calendar an escalation ladder or SLA target counts on; the case must be
    ///    logged (or not yet, for [`Command::Log`]), and `ctx.now()` must not be
    ///    before its last event;
    /// 2. the permission table must grant one of the actor's roles the command;
    /// 3. a command that changes the status needs a row in the lifecycle table for
    ///    the case's status, and, if the row names roles, one of them; other commands
    ///    are refused in a terminal status;
    /// 4. the command's content must be valid, every problem reported at once, and
    ///    the rules no policy can switch off must hold (a rule that refuses outright
    ///    may do so before all content problems are collected):
    ///    - the case is acknowledged before it is investigated (or brought back to
    ///      `acknowledged`);
    ///    - a complaint is resolved only with a resolution and a root-cause category;
    ///    - the QA reviewer is not the resolver;
    ///    - a follow-up (recorded, waived or an unanswered attempt) is owed once
    ///      the case is resolved, or once a service it asked for is delivered,
    ///      whatever its status then; its channel is the customer's preferred
    ///      one, or another with a reason;
    ///    - a case closes only with the QA review its severity requires (and never
    ///      with a review that did not approve), a follow-up recorded or waived,
    ///      no concern left open from the follow-up, and,
    ///      for a complaint, a CAPA link or an approved reason for none, where the
    ///      policy's severities require it, whether the severity now or the one at
    ///      resolution is among them, so a later reassessment cannot take away
    ///      from what closing needs;
    ///    - a reopen stays within the policy's window, unless it reworks a resolved
    ///      case whose resolution QA did not approve;
    ///    - resolution at first contact only for the policy's severities.
    ///
    /// Intake at or above the policy's immediate-escalation severity escalates in the
    /// same decision, as does a reassessment that reaches it. A follow-up at which
    /// the customer's concern is unresolved opens the concern and starts its
    /// escalation clock (the SLA metric that starts on `concern_raised`, 24 hours
    /// by the SOP); the concern is resolved by [`Command::ResolveConcern`], and if
    /// nobody resolved or escalated it when the clock breaches, the deadline
    /// command escalates the case a level, to the feedback policy's
    /// `concern_escalates_to`. That follow-up also reopens the case where the
    /// feedback policy's `reopen_on_concern` says so.
    ///
    /// # Errors
    /// A [`CaseError`] naming the rule that refused. Nothing is emitted then.
    ///
    /// A command that restarts the ladder, moves the case to another one,
    /// counts escalation levels, or stops a clock whose breach escalates (a
    /// concern resolved) first records what came due before it (rule 2 of the
    /// deadline contract); the others are judged as of each due instant by the
    /// deadline command.
    decide: decide_after_due;

    next_deadline: Case::deadline;
}

/// Decides a command: after what came due before it, for the commands whose
/// outcome the deadlines that came due change (rule 2 of the deadline
/// contract); then with a hand-over after each escalation that hands the case
/// to a unit.
fn decide_after_due(
    case: &Case,
    command: &Command,
    ctx: &Ctx<'_>,
) -> Result<Vec<Event>, CaseError> {
    let restarts = matches!(
        command,
        Command::Reopen { .. }
            | Command::Reassess { .. }
            | Command::Escalate { .. }
            | Command::Deescalate { .. }
            | Command::RecordFollowUp { .. }
            | Command::ResolveConcern { .. }
            | Command::Unmerge
    );
    // Only those commands pay for the clocks.
    let events = if restarts {
        // A deadline that cannot be computed does not hold the command up:
        // deciding it checks `ctx.now()` itself.
        // Most of the time nothing can have come due yet, which is cheap to
        // tell without evaluating the clocks.
        let due = || {
            if may_be_due(case, ctx) {
                deadlines_due(case, ctx).unwrap_or_default()
            } else {
                Vec::new()
            }
        };
        crate::aggregate::after_due(case, case.updated_at, ctx, due, |case| {
            decide(case, command, ctx)
        })?
    } else {
        decide(case, command, ctx)?
    };
    with_promise(case, with_hand_overs(case, events, ctx), ctx)
}

/// `events`, with an [`Event::Promised`] after them when they acknowledge
/// the case, or give it a priority that moves the time promised: the
/// policy's promise ([`PromiseRule`](crate::policy::PromiseRule)) of the
/// promise metric's running cycle, as the events leave the clocks.
///
/// # Errors
/// [`CaseError::Calendar`] when the metric's calendar cannot answer for now.
fn with_promise(
    case: &Case,
    mut events: Vec<Event>,
    ctx: &Ctx<'_>,
) -> Result<Vec<Event>, CaseError> {
    let acknowledges = case.acknowledged_at.is_none()
        && events
            .iter()
            .any(|e| matches!(e, Event::Acknowledged { .. }));
    let reprioritises = case.promise.is_some()
        && events.iter().any(
            |e| matches!(e, Event::Reassessed { priority, .. } if Some(*priority) != case.priority),
        );
    if !acknowledges && !reprioritises {
        return Ok(events);
    }
    let now = ctx.now();
    let marks = events.iter().flat_map(|event| sla_changes(event, now));
    let due = case.promise_due(ctx.policy(), marks, now)?;
    if let Some(due) = due.filter(|due| case.promise.is_none_or(|p| p.due != *due)) {
        events.push(Event::Promised { due });
    }
    Ok(events)
}

/// `events`, with a [`Event::HandedOver`] after each escalation whose step
/// hands the case over to a unit it is not with at that point of the
/// decision (after what the events before it did): the unit owns it then,
/// and its assignee is cleared for someone there to pick it up.
fn with_hand_overs(case: &Case, events: Vec<Event>, ctx: &Ctx<'_>) -> Vec<Event> {
    let moves = |event: &Event| match event {
        Event::Escalated {
            level,
            to: Some(step),
            ..
        } => step.moves_to().map(|unit| (*level, unit)),
        _ => None,
    };
    if !events.iter().any(|event| moves(event).is_some()) {
        return events;
    }
    // Rare: the state as each event leaves it tells who holds the case.
    let mut state = case.clone();
    let mut decided = Vec::with_capacity(events.len() + 1);
    for event in events {
        let hand_over = moves(&event);
        let _ = crate::aggregate::stamp(&mut state, vec![event.clone()], ctx);
        decided.push(event);
        let Some((level, unit)) = hand_over else {
            continue;
        };
        let (from, to) = (state.assignment(), Assignment::unit(unit));
        if from != to {
            let handed = Event::HandedOver { level, from, to };
            let _ = crate::aggregate::stamp(&mut state, vec![handed.clone()], ctx);
            decided.push(handed);
        }
    }
    decided
}
