//! [`decide`], where every CAPA rule lives, and [`apply`], which folds events into
//! the state.

use chrono::{DateTime, Utc};

use super::command::{Command, Opening, PlannedAction};
use super::error::{CapaError, CloseRequirement};
use super::event::Event;
use super::state::{
    Action, ActionKind, ActionNo, ActionRecord, ActionStatus, Capa, Cycle, EffectivenessCheck,
    Source, Status,
};
use crate::actor::{CapaCommandKind, valid};
use crate::authority::GateError;
use crate::envelope::Recorded;
use crate::policy::Ctx;
use crate::problem::{Problem, not_blank};
use crate::records::{ContentHash, Signature, SignatureMeaning};

/// The rules of [`Aggregate::decide`](crate::Aggregate::decide) for this
/// aggregate, documented on its implementation.
pub(super) fn decide(
    capa: &Capa,
    command: &Command,
    ctx: &Ctx<'_>,
) -> Result<Vec<Event>, CapaError> {
    let kind = command.kind();
    let carried = match command {
        Command::PlanAction { action } => Some(action.due),
        Command::ReviseAction { due, .. } => *due,
        _ => None,
    };
    crate::range::ensure_covered(
        &[ctx.policy().calendar()],
        core::iter::once(ctx.now()).chain(carried),
    )?;
    let Some(status) = capa.status else {
        return match command {
            Command::Open { opening } => {
                ctx.authorize::<CapaError>(kind)?;
                open(opening)
            }
            _ => Err(CapaError::NotOpened { command: kind }),
        };
    };
    if let Some(last) = capa.updated_at {
        if ctx.now() < last {
            return Err(CapaError::ClockWentBackwards {
                last,
                now: ctx.now(),
            });
        }
    }
    if let Command::Open { .. } = command {
        return Err(CapaError::AlreadyOpened);
    }
    ctx.authorize::<CapaError>(kind)?;
    use Status as S;
    let allowed = |statuses: &[Status]| {
        if statuses.contains(&status) {
            Ok(())
        } else {
            Err(CapaError::InvalidTransition {
                from: status,
                command: kind,
            })
        }
    };
    const OPEN: &[Status] = &[
        S::Planning,
        S::PlanSubmitted,
        S::Implementing,
        S::Verified,
        S::Effective,
    ];
    const PLANNING: &[Status] = &[S::Planning, S::Implementing];
    let mut problems = Vec::new();
    let events = match command {
        Command::Open { .. } => return Err(CapaError::AlreadyOpened), // refused above
        Command::LinkSource { source } => {
            allowed(OPEN)?;
            if capa.sources.contains(source) {
                return Err(CapaError::AlreadyLinked);
            }
            source_problems(&mut problems, "source", source);
            vec![Event::SourceLinked {
                source: source.clone(),
            }]
        }
        Command::AssessRisk { risk } => {
            allowed(PLANNING)?;
            problems.extend(risk.problems().into_iter().map(|p| p.within("risk")));
            if capa.risk.as_ref() == Some(risk) {
                problems.push(Problem::new("risk", "changes nothing"));
            }
            vec![Event::RiskAssessed { risk: *risk }]
        }
        Command::PlanAction { action } => {
            allowed(PLANNING)?;
            not_blank(&mut problems, "action.description", &action.description);
            after_now(&mut problems, "action.due", action.due, ctx);
            vec![Event::ActionPlanned {
                action: ActionNo(capa.last_action.0.saturating_add(1)),
                planned: action.clone(),
            }]
        }
        Command::ReviseAction {
            action,
            description,
            owner,
            due,
        } => {
            allowed(PLANNING)?;
            let current = open_action(capa, *action, kind)?;
            if let Some(text) = description {
                not_blank(&mut problems, "description", text);
            }
            if let Some(due) = due {
                after_now(&mut problems, "due", *due, ctx);
            }
            let changes = description
                .as_ref()
                .is_some_and(|d| *d != current.description)
                || owner.is_some_and(|o| o != current.owner)
                || due.is_some_and(|d| d != current.due);
            if !changes {
                problems.push(Problem::new("", "changes nothing"));
            }
            vec![Event::ActionRevised {
                action: *action,
                description: description.clone(),
                owner: *owner,
                due: *due,
            }]
        }
        Command::CancelAction { action, reason } => {
            allowed(PLANNING)?;
            open_action(capa, *action, kind)?;
            not_blank(&mut problems, "reason", reason);
            vec![Event::ActionCancelled {
                action: *action,
                reason: reason.clone(),
            }]
        }
        Command::SubmitPlan => {
            allowed(PLANNING)?;
            if status == S::Implementing && capa.plan_approval_is_current() {
                return Err(CapaError::PlanAlreadyApproved);
            }
            let planned = || {
                capa.cycle
                    .actions
                    .iter()
                    .filter(|a| a.status != ActionStatus::Cancelled)
            };
            if planned().next().is_none() {
                return Err(CapaError::NothingPlanned);
            }
            let threshold = ctx.policy().quality().rpn_action_threshold;
            let rpn = capa.risk.map_or(0, |r| r.rpn());
            if rpn >= u32::from(threshold) && !planned().any(|a| a.kind == ActionKind::Preventive) {
                return Err(CapaError::PreventiveActionRequired { rpn, threshold });
            }
            vec![Event::PlanSubmitted {
                signature: sign(ctx, SignatureMeaning::Authored, capa.plan_hash()),
                status: if status == S::Planning {
                    S::PlanSubmitted
                } else {
                    status
                },
            }]
        }
        Command::ApprovePlan => {
            allowed(&[S::PlanSubmitted, S::Implementing])?;
            if status == S::Implementing && capa.plan_approval_is_current() {
                return Err(CapaError::PlanAlreadyApproved);
            }
            let plan = capa.plan_hash();
            if !capa.cycle.authored.is_some_and(|s| s.is_current(plan)) {
                return Err(CapaError::PlanChangedSinceSubmission);
            }
            if authored_by(capa, ctx) {
                return Err(CapaError::ApproverIsAuthor {
                    approver: ctx.actor().id,
                });
            }
            vec![Event::PlanApproved {
                signature: sign(ctx, SignatureMeaning::Approved, plan),
                status: S::Implementing,
            }]
        }
        Command::ReturnPlan { comments } => {
            allowed(&[S::PlanSubmitted])?;
            not_blank(&mut problems, "comments", comments);
            vec![Event::PlanReturned {
                comments: comments.clone(),
                status: S::Planning,
            }]
        }
        Command::StartAction { action } => {
            allowed(&[S::Implementing])?;
            action_in(capa, *action, kind, ActionStatus::Planned)?;
            vec![Event::ActionStarted { action: *action }]
        }
        Command::CompleteAction { action, evidence } => {
            allowed(&[S::Implementing])?;
            action_in(capa, *action, kind, ActionStatus::InProgress)?;
            not_blank(&mut problems, "evidence", evidence);
            vec![Event::ActionCompleted {
                action: *action,
                evidence: evidence.clone(),
            }]
        }
        Command::VerifyImplementation => {
            allowed(&[S::Implementing])?;
            if !capa.plan_approval_is_current() {
                return Err(CapaError::StalePlanApproval);
            }
            let unfinished = unfinished(capa);
            if !unfinished.is_empty() {
                return Err(CapaError::ActionsUnfinished {
                    actions: unfinished,
                });
            }
            if !any_done(capa) {
                return Err(CapaError::NoActionDone);
            }
            if let Some(action) = owned_by(capa, ctx) {
                return Err(CapaError::VerifierOwnsAction {
                    verifier: ctx.actor().id,
                    action,
                });
            }
            if let Some(action) = completed_by(capa, ctx) {
                return Err(CapaError::VerifierCompletedAction {
                    verifier: ctx.actor().id,
                    action,
                });
            }
            let quality = ctx.policy().quality();
            let effectiveness_due = ctx.policy().calendar().business_days_by(
                ctx.now(),
                quality.effectiveness_wait_business_days,
                quality.effectiveness_wait_reading,
            )?;
            vec![Event::ImplementationVerified {
                signature: sign(ctx, SignatureMeaning::Verified, capa.implementation_hash()),
                effectiveness_due,
                status: S::Verified,
            }]
        }
        Command::CheckEffectiveness {
            effective,
            evidence,
        } => {
            allowed(&[S::Verified])?;
            if let Some(due) = capa.effectiveness_due.filter(|due| ctx.now() < *due) {
                return Err(CapaError::EffectivenessNotDue { due });
            }
            if let Some(action) = owned_by(capa, ctx) {
                return Err(CapaError::CheckerOwnsAction {
                    checker: ctx.actor().id,
                    action,
                });
            }
            if let Some(action) = completed_by(capa, ctx) {
                return Err(CapaError::CheckerCompletedAction {
                    checker: ctx.actor().id,
                    action,
                });
            }
            if authored_by(capa, ctx) {
                return Err(CapaError::CheckerIsAuthor {
                    checker: ctx.actor().id,
                });
            }
            not_blank(&mut problems, "evidence", evidence);
            let signed = capa.effectiveness_hash_with(Some((*effective, evidence)));
            vec![Event::EffectivenessChecked {
                effective: *effective,
                evidence: evidence.clone(),
                signature: sign(ctx, SignatureMeaning::Reviewed, signed),
                status: if *effective {
                    S::Effective
                } else {
                    S::Planning
                },
            }]
        }
        Command::Close => {
            allowed(&[S::Effective])?;
            if authored_by(capa, ctx) {
                return Err(CapaError::CloserIsAuthor {
                    approver: ctx.actor().id,
                });
            }
            let missing = capa.missing_for_closure();
            if !missing.is_empty() {
                return Err(CapaError::NotReadyToClose { missing });
            }
            vec![Event::Closed {
                signature: sign(ctx, SignatureMeaning::Approved, capa.record_hash()),
                status: S::Closed,
            }]
        }
        Command::Cancel { reason } => {
            allowed(OPEN)?;
            not_blank(&mut problems, "reason", reason);
            vec![Event::Cancelled {
                reason: reason.clone(),
                status: S::Cancelled,
            }]
        }
        // A finished CAPA has nothing left to come due: the scheduler's call
        // records nothing (rule 3 of the deadline contract), not a refusal.
        Command::RecordDeadline => deadlines_due(capa, ctx.now()),
    };
    valid(kind, problems).map(|()| events)
}

fn open(opening: &Opening) -> Result<Vec<Event>, CapaError> {
    let mut problems = Vec::new();
    not_blank(&mut problems, "opening.title", &opening.title);
    not_blank(&mut problems, "opening.problem", &opening.problem);
    if opening.sources.is_empty() {
        problems.push(Problem::new(
            "opening.sources",
            "a CAPA needs at least one source",
        ));
    }
    for (i, source) in opening.sources.iter().enumerate() {
        let path = format!("opening.sources[{i}]");
        source_problems(&mut problems, &path, source);
        if opening.sources.iter().take(i).any(|s| s == source) {
            problems.push(Problem::new(path, "is listed twice"));
        }
    }
    problems.extend(
        opening
            .risk
            .problems()
            .into_iter()
            .map(|p| p.within("opening.risk")),
    );
    if !problems.is_empty() {
        return Err(GateError::Invalid {
            command: CapaCommandKind::OpenCapa,
            problems,
        }
        .into());
    }
    Ok(vec![Event::Opened {
        opening: Box::new(opening.clone()),
        status: Status::Planning,
    }])
}

fn source_problems(problems: &mut Vec<Problem>, path: &str, source: &Source) {
    if let Source::AuditFinding { finding } = source {
        not_blank(problems, &format!("{path}.finding"), finding);
    }
}

fn after_now(problems: &mut Vec<Problem>, path: &str, due: DateTime<Utc>, ctx: &Ctx<'_>) {
    if due <= ctx.now() {
        problems.push(Problem::new(
            path,
            format!("{due} is not after now ({})", ctx.now()),
        ));
    }
}

fn sign(ctx: &Ctx<'_>, meaning: SignatureMeaning, content: ContentHash) -> Signature {
    Signature {
        signer: ctx.actor().id,
        at: ctx.now(),
        meaning,
        content,
    }
}

/// The action, if the current cycle has it.
fn find(capa: &Capa, action: ActionNo) -> Result<&Action, CapaError> {
    capa.action(action)
        .ok_or(CapaError::UnknownAction { action })
}

/// The action, if it is neither done nor cancelled.
fn open_action(
    capa: &Capa,
    action: ActionNo,
    command: CapaCommandKind,
) -> Result<&Action, CapaError> {
    let found = find(capa, action)?;
    if found.status.is_finished() {
        return Err(CapaError::ActionNotAllowed {
            action,
            status: found.status,
            command,
        });
    }
    Ok(found)
}

/// The action, if it is in `status`.
fn action_in(
    capa: &Capa,
    action: ActionNo,
    command: CapaCommandKind,
    status: ActionStatus,
) -> Result<(), CapaError> {
    let found = find(capa, action)?;
    if found.status == status {
        Ok(())
    } else {
        Err(CapaError::ActionNotAllowed {
            action,
            status: found.status,
            command,
        })
    }
}

fn unfinished(capa: &Capa) -> Vec<ActionNo> {
    capa.cycle
        .actions
        .iter()
        .filter(|a| !a.status.is_finished())
        .map(|a| a.no)
        .collect()
}

fn any_done(capa: &Capa) -> bool {
    capa.cycle
        .actions
        .iter()
        .any(|a| a.status == ActionStatus::Done)
}

/// The first action of the cycle the actor owns.
fn owned_by(capa: &Capa, ctx: &Ctx<'_>) -> Option<ActionNo> {
    capa.cycle
        .actions
        .iter()
        .find(|a| a.owner == ctx.actor().id)
        .map(|a| a.no)
}

/// Whether the actor signed the plan as its author in this cycle.
fn authored_by(capa: &Capa, ctx: &Ctx<'_>) -> bool {
    capa.cycle.authors.contains(&ctx.actor().id)
}

/// The first action of the cycle the actor completed.
fn completed_by(capa: &Capa, ctx: &Ctx<'_>) -> Option<ActionNo> {
    capa.cycle
        .actions
        .iter()
        .find(|a| a.completed.as_ref().is_some_and(|c| c.by == ctx.actor().id))
        .map(|a| a.no)
}

/// The deadlines that came due by `now` and are not recorded yet.
fn deadlines_due(capa: &Capa, now: DateTime<Utc>) -> Vec<Event> {
    let mut events: Vec<Event> = capa
        .cycle
        .actions
        .iter()
        .filter(|a| !a.status.is_finished() && !a.overdue_recorded && a.due <= now)
        .map(|a| Event::ActionOverdue {
            action: a.no,
            due: a.due,
        })
        .collect();
    if capa.status.is_none_or(Status::is_terminal) {
        events.clear();
    }
    if let Some(due) = capa.effectiveness_check_pending().filter(|due| *due <= now) {
        events.push(Event::EffectivenessCheckDue { due });
    }
    // In the order they came due, as a scheduler on time records them.
    events.sort_by_key(|e| match e {
        Event::ActionOverdue { due, .. } | Event::EffectivenessCheckDue { due } => Some(*due),
        _ => None,
    });
    events
}

impl Capa {
    /// What closing still needs, checked against the signatures as they stand.
    fn missing_for_closure(&self) -> Vec<CloseRequirement> {
        let mut missing = Vec::new();
        if !unfinished(self).is_empty() {
            missing.push(CloseRequirement::ActionsFinished);
        }
        if !any_done(self) {
            missing.push(CloseRequirement::ActionDone);
        }
        if !self.plan_approval_is_current() {
            missing.push(CloseRequirement::CurrentPlanApproval);
        }
        if !self.verification_is_current() {
            missing.push(CloseRequirement::CurrentVerification);
        }
        if !self.effectiveness_is_current() {
            missing.push(CloseRequirement::Effective);
        }
        missing
    }

    /// The effectiveness check's due instant while it is awaited and its coming
    /// due is not recorded.
    fn effectiveness_check_pending(&self) -> Option<DateTime<Utc>> {
        self.effectiveness_due
            .filter(|_| self.status == Some(Status::Verified) && !self.effectiveness_due_recorded)
    }

    /// When the CAPA next needs the caller's scheduler: the earliest due instant
    /// of an unfinished action not yet recorded overdue, and the effectiveness
    /// check's due instant while it is awaited. At or after it, give the CAPA
    /// [`Command::RecordDeadline`]. `None` when nothing is left to come due.
    fn deadline(&self) -> Option<DateTime<Utc>> {
        if self.status.is_none_or(Status::is_terminal) {
            return None;
        }
        self.cycle
            .actions
            .iter()
            .filter(|a| !a.status.is_finished() && !a.overdue_recorded)
            .map(|a| a.due)
            .chain(self.effectiveness_check_pending())
            .min()
    }
}

/// Folds one recorded event into the CAPA. Never fails: a history that `decide`
/// produced replays to the same state, and any other history to some state.
pub(super) fn apply(capa: &mut Capa, recorded: &Recorded<Event>) {
    let at = recorded.at;
    let by = recorded.actor;
    if let Some(status) = recorded.event.status() {
        capa.status = Some(status);
    }
    match &recorded.event {
        Event::Opened { opening, .. } => {
            capa.id = Some(opening.capa);
            capa.reference = Some(opening.reference.clone());
            capa.title.clone_from(&opening.title);
            capa.problem.clone_from(&opening.problem);
            capa.sources.clone_from(&opening.sources);
            capa.risk = Some(opening.risk);
            capa.opened_by = Some(by);
            capa.opened_at = Some(at);
        }
        Event::SourceLinked { source } => capa.sources.push(source.clone()),
        Event::RiskAssessed { risk } => capa.risk = Some(*risk),
        Event::ActionPlanned { action, planned } => {
            capa.last_action = capa.last_action.max(*action);
            capa.cycle.actions.push(planned_action(*action, planned));
        }
        Event::ActionRevised {
            action: no,
            description,
            owner,
            due,
        } => {
            if let Some(found) = action_mut(capa, *no) {
                if let Some(description) = description {
                    found.description.clone_from(description);
                }
                if let Some(owner) = owner {
                    found.owner = *owner;
                }
                if let Some(due) = due {
                    found.due = *due;
                    found.overdue_recorded = false;
                }
            }
        }
        Event::ActionCancelled { action: no, reason } => {
            if let Some(found) = action_mut(capa, *no) {
                found.status = ActionStatus::Cancelled;
                found.cancelled = Some(ActionRecord {
                    by,
                    at,
                    text: reason.clone(),
                });
            }
        }
        Event::PlanSubmitted { signature, .. } => {
            // A new submission supersedes the approval of the plan before it.
            capa.cycle.authored = Some(*signature);
            if !capa.cycle.authors.contains(&signature.signer) {
                capa.cycle.authors.push(signature.signer);
            }
            capa.cycle.approved = None;
        }
        Event::PlanApproved { signature, .. } => capa.cycle.approved = Some(*signature),
        Event::PlanReturned { comments, .. } => {
            capa.plan_returned = Some(comments.clone());
            capa.cycle.authored = None;
        }
        Event::ActionStarted { action: no } => {
            if let Some(found) = action_mut(capa, *no) {
                found.status = ActionStatus::InProgress;
                found.started_at = Some(at);
            }
        }
        Event::ActionCompleted {
            action: no,
            evidence,
        } => {
            if let Some(found) = action_mut(capa, *no) {
                found.status = ActionStatus::Done;
                found.completed = Some(ActionRecord {
                    by,
                    at,
                    text: evidence.clone(),
                });
            }
        }
        Event::ImplementationVerified {
            signature,
            effectiveness_due,
            ..
        } => {
            capa.cycle.verified = Some(*signature);
            capa.effectiveness_due = Some(*effectiveness_due);
            capa.effectiveness_due_recorded = false;
        }
        Event::EffectivenessChecked {
            effective,
            evidence,
            signature,
            ..
        } => {
            capa.cycle.check = Some(EffectivenessCheck {
                effective: *effective,
                evidence: evidence.clone(),
                signature: *signature,
            });
            if !effective {
                let next = Cycle {
                    number: capa.cycle.number.saturating_add(1),
                    ..Cycle::default()
                };
                let ended = core::mem::replace(&mut capa.cycle, next);
                capa.earlier_cycles.push(ended);
                capa.effectiveness_due = None;
                capa.effectiveness_due_recorded = false;
            }
        }
        Event::Closed { signature, .. } => capa.closure = Some(*signature),
        Event::Cancelled { reason, .. } => capa.cancellation = Some(reason.clone()),
        Event::ActionOverdue { action: no, .. } => {
            if let Some(found) = action_mut(capa, *no) {
                found.overdue_recorded = true;
            }
        }
        Event::EffectivenessCheckDue { .. } => capa.effectiveness_due_recorded = true,
    }
    capa.version = capa.version.next();
    capa.updated_at = Some(at);
}

fn planned_action(no: ActionNo, planned: &PlannedAction) -> Action {
    Action {
        no,
        kind: planned.kind,
        description: planned.description.clone(),
        owner: planned.owner,
        due: planned.due,
        status: ActionStatus::Planned,
        started_at: None,
        completed: None,
        cancelled: None,
        overdue_recorded: false,
    }
}

fn action_mut(capa: &mut Capa, no: ActionNo) -> Option<&mut Action> {
    capa.cycle.actions.iter_mut().find(|a| a.no == no)
}

crate::aggregate::library_aggregate! {
    Capa: CapaError, created "opened", else NotOpened;
    creates: Event::Opened { opening, .. } => opening.capa;
    came_due: Event::ActionOverdue { due, .. } | Event::EffectivenessCheckDue { due } => Some(*due);
    covered: crate::range::business, crate::range::recorded_at;
    /// Decides what `command` does to `capa`: the events to record, or the rule that
    /// refuses it. Pure: the same CAPA, command and context give the same answer.
    ///
    /// The gates, in order:
    /// 1. `ctx.now()`, and an action's due date, must be covered by the policy's
    ///    business calendar; the CAPA must be open (or not yet, for
    ///    [`Command::Open`]), and `ctx.now()` must not be before its last event;
    /// 2. the permission table must grant one of the actor's roles the command;
    /// 3. the command must be allowed in the CAPA's status, and for an action
    ///    command, in the action's status;
    /// 4. the command's content must be valid, every problem reported at once;
    /// 5. the rules no policy can switch off:
    ///    - a plan is submitted with at least one action that is not cancelled, and,
    ///      at or above the policy's RPN threshold, a preventive one;
    ///    - the plan's approver is none of its authors (everyone who submitted it
    ///      in this cycle), and approves the plan as its last author signed it;
    ///    - a plan changed in implementing (an action added, revised or cancelled,
    ///      the risk assessed again) makes its approval stale: it is submitted and
    ///      approved again before verification;
    ///    - verification needs a current plan approval, every action done or
    ///      cancelled, at least one done (cancelled actions never count as done),
    ///      and a verifier who neither owns nor completed any of the cycle's
    ///      actions;
    ///    - the effectiveness check is recorded no earlier than the policy's
    ///      business days after verification, by someone who neither owns nor
    ///      completed an action nor authored the plan; "not effective" starts a new cycle in planning,
    ///      the old one kept;
    ///    - closure needs every action done or cancelled, one done, current plan
    ///      approval and verification signatures, a current finding of
    ///      effectiveness, and an approver who did not author the plan.
    ///
    /// A risk assessment that changes nothing is refused as invalid.
    ///
    /// # Errors
    /// A [`CapaError`] naming the rule that refused. Nothing is emitted then.
    /// [`CapaError::Calendar`] when verification's effectiveness due instant falls
    /// outside the range the policy's business calendar was compiled for.
    ///
    /// Every command but the deadline command first records what came due
    /// before it (rule 2 of the deadline contract).
    decide: |capa: &Capa, command, ctx: &Ctx<'_>| {
        let due = || deadlines_due(capa, ctx.now());
        crate::aggregate::decide_after_due(capa, capa.updated_at, command, ctx, due, |capa| {
            decide(capa, command, ctx)
        })
    };
    next_deadline: |capa: &Capa, _| Ok(capa.deadline());
}
