//! [`decide`], where every service order rule lives, and [`apply`], which
//! folds events into the state.

use super::command::{Command, Order};
use super::deadline::{self, overdue_by};
use super::error::{DeliveryError, SignOffRequirement};
use super::event::Event;
use super::state::{
    Approval, Inspection, InspectionNo, InspectionResult, Item, ItemState, Rejection, ServiceOrder,
    Stage, Status,
};
use crate::actor::{ServiceOrderCommandKind, valid};
use crate::authority::GateError;
use crate::envelope::Recorded;
use crate::policy::Ctx;
use crate::problem::{Problem, not_blank};
use crate::records::{ContentHash, Signature, SignatureMeaning};

/// The rules of [`Aggregate::decide`](crate::Aggregate::decide) for this
/// aggregate, documented on its implementation.
pub(super) fn decide(
    order: &ServiceOrder,
    command: &Command,
    ctx: &Ctx<'_>,
) -> Result<Vec<Event>, DeliveryError> {
    let kind = command.kind();
    let carried = match command {
        Command::SignOff {
            acknowledgement: Some(ack),
        } => Some(ack.at),
        _ => None,
    };
    crate::range::ensure_covered(
        &deadline::calendars(ctx.policy()),
        core::iter::once(ctx.now()).chain(carried),
    )?;
    let Some(status) = order.status else {
        return match command {
            Command::Open { order: given } => {
                ctx.authorize::<DeliveryError>(kind)?;
                open(given, ctx)
            }
            _ => Err(DeliveryError::NotOpened { command: kind }),
        };
    };
    if let Some(last) = order.updated_at {
        if ctx.now() < last {
            return Err(DeliveryError::ClockWentBackwards {
                last,
                now: ctx.now(),
            });
        }
    }
    if let Command::Open { .. } = command {
        return Err(DeliveryError::AlreadyOpened);
    }
    ctx.authorize::<DeliveryError>(kind)?;
    match (status, command) {
        // A finished order still records what came due before it finished.
        (_, Command::RecordDeadline) => return overdue_by(order, ctx),
        (Status::InProgress, _) => {}
        (Status::SignedOff | Status::Cancelled, _) => {
            return Err(DeliveryError::InvalidTransition {
                from: status,
                command: kind,
            });
        }
    }
    let mut problems = Vec::new();
    let events = match command {
        Command::Open { .. } => return Err(DeliveryError::AlreadyOpened), // refused above
        Command::TickItem { item, evidence } => {
            let found = item_for(order, item, ctx)?;
            if found.state != ItemState::Open {
                return Err(DeliveryError::ItemSettled { item: item.clone() });
            }
            match evidence.as_deref() {
                Some(text) => not_blank(&mut problems, "evidence", text),
                None if found.item.evidence => {
                    problems.push(Problem::new(
                        "evidence",
                        "this item is ticked with evidence",
                    ));
                }
                None => {}
            }
            vec![Event::ItemTicked {
                item: item.clone(),
                evidence: evidence.clone(),
            }]
        }
        Command::MarkNotApplicable { item, reason } => {
            if item_for(order, item, ctx)?.state != ItemState::Open {
                return Err(DeliveryError::ItemSettled { item: item.clone() });
            }
            not_blank(&mut problems, "reason", reason);
            vec![Event::ItemNotApplicable {
                item: item.clone(),
                reason: reason.clone(),
            }]
        }
        Command::UntickItem { item, reason } => {
            if item_for(order, item, ctx)?.state == ItemState::Open {
                return Err(DeliveryError::ItemOpen { item: item.clone() });
            }
            not_blank(&mut problems, "reason", reason);
            vec![Event::ItemUnticked {
                item: item.clone(),
                reason: reason.clone(),
            }]
        }
        Command::PlanInspection { plan } => {
            problems.extend(plan.problems().into_iter().map(|p| p.within("plan")));
            let next = order
                .inspections
                .last()
                .map_or(0, |i| i.no.0)
                .saturating_add(1);
            vec![Event::InspectionPlanned {
                inspection: InspectionNo(next),
                plan: plan.clone(),
            }]
        }
        Command::RecordInspection {
            inspection,
            readings,
            defects,
        } => {
            let found = unrecorded(order, *inspection)?;
            for (i, defect) in defects.iter().enumerate() {
                not_blank(
                    &mut problems,
                    &format!("defects[{i}].description"),
                    &defect.description,
                );
            }
            match found.plan.outcome(readings, defects) {
                Ok(outcome) => vec![Event::InspectionRecorded {
                    inspection: *inspection,
                    readings: readings.clone(),
                    defects: defects.clone(),
                    outcome,
                }],
                Err(found) => {
                    problems.extend(found);
                    Vec::new()
                }
            }
        }
        Command::WithdrawInspection { inspection, reason } => {
            unrecorded(order, *inspection)?;
            not_blank(&mut problems, "reason", reason);
            vec![Event::InspectionWithdrawn {
                inspection: *inspection,
                reason: reason.clone(),
            }]
        }
        Command::LinkNonConformance {
            inspection,
            non_conformance,
        } => {
            let found = failed(order, *inspection)?;
            if found.non_conformance.is_some() {
                return Err(DeliveryError::AlreadyRecorded {
                    inspection: *inspection,
                });
            }
            vec![Event::NonConformanceLinked {
                inspection: *inspection,
                non_conformance: *non_conformance,
            }]
        }
        Command::ApproveConcession { inspection, reason } => {
            let found = failed(order, *inspection)?;
            if found.concession.is_some() {
                return Err(DeliveryError::AlreadyRecorded {
                    inspection: *inspection,
                });
            }
            if found
                .result
                .as_ref()
                .is_some_and(|r| r.inspector == ctx.actor().id)
            {
                return Err(DeliveryError::ConcessionByInspector {
                    approver: ctx.actor().id,
                    inspection: *inspection,
                });
            }
            not_blank(&mut problems, "reason", reason);
            vec![Event::ConcessionApproved {
                inspection: *inspection,
                reason: reason.clone(),
            }]
        }
        Command::ApproveStage { stage } => {
            let work = order.work_hash();
            let found = stage_for(order, stage, work, ctx)?;
            if found.is_approved(work) {
                return Err(DeliveryError::StageApproved {
                    stage: stage.clone(),
                });
            }
            if found.current(work).any(|a| a.by == ctx.actor().id) {
                return Err(DeliveryError::AlreadyApproved {
                    approver: ctx.actor().id,
                    stage: stage.clone(),
                });
            }
            if let Some(rejection) = order.rejections.last().filter(|r| r.work == work) {
                return Err(DeliveryError::RejectedWorkUnchanged {
                    stage: rejection.stage.clone(),
                    reason: rejection.reason.clone(),
                });
            }
            vec![Event::StageApproved {
                stage: stage.clone(),
                work,
            }]
        }
        Command::RejectStage { stage, reason } => {
            let work = order.work_hash();
            stage_for(order, stage, work, ctx)?;
            not_blank(&mut problems, "reason", reason);
            vec![Event::StageRejected {
                stage: stage.clone(),
                reason: reason.clone(),
                work,
            }]
        }
        Command::SignOff { acknowledgement } => {
            if let Some(ack) = acknowledgement {
                not_blank(&mut problems, "acknowledgement.by", &ack.by);
                if ack.at > ctx.now() {
                    problems.push(Problem::new(
                        "acknowledgement.at",
                        format!("{} is after now ({})", ack.at, ctx.now()),
                    ));
                }
            }
            let policy = ctx.policy().delivery();
            let mut missing = order.missing_for_sign_off();
            if policy.inspection_required && !order.inspections.iter().any(|i| i.result.is_some()) {
                missing.push(SignOffRequirement::Inspected);
            }
            if policy.customer_acknowledgement && acknowledgement.is_none() {
                missing.push(SignOffRequirement::CustomerAcknowledgement);
            }
            if !missing.is_empty() {
                return Err(DeliveryError::NotReadyToSignOff { missing });
            }
            let days = policy.follow_up_business_days;
            vec![Event::SignedOff {
                signature: Signature {
                    signer: ctx.actor().id,
                    at: ctx.now(),
                    meaning: SignatureMeaning::Completed,
                    content: order.completion_hash_with(acknowledgement.as_ref()),
                },
                acknowledgement: acknowledgement.clone(),
                follow_up_due: ctx
                    .policy()
                    .calendar()
                    .business_days_after(ctx.now(), days)?,
                status: Status::SignedOff,
            }]
        }
        Command::Cancel { reason } => {
            not_blank(&mut problems, "reason", reason);
            vec![Event::Cancelled {
                reason: reason.clone(),
                status: Status::Cancelled,
            }]
        }
        Command::RecordDeadline => overdue_by(order, ctx)?, // decided above
    };
    valid(kind, problems).map(|()| events)
}

fn open(order: &Order, ctx: &Ctx<'_>) -> Result<Vec<Event>, DeliveryError> {
    let mut problems = Vec::new();
    not_blank(&mut problems, "order.description", &order.description);
    if !problems.is_empty() {
        return Err(GateError::Invalid {
            command: ServiceOrderCommandKind::OpenServiceOrder,
            problems,
        }
        .into());
    }
    let policy = ctx.policy().delivery();
    Ok(vec![Event::Opened {
        order: Box::new(order.clone()),
        checklist: policy.checklist.clone(),
        stages: policy.approval_stages.clone(),
        status: Status::InProgress,
    }])
}

/// The item, if the checklist has it and the actor may act on it.
fn item_for<'o>(
    order: &'o ServiceOrder,
    code: &str,
    ctx: &Ctx<'_>,
) -> Result<&'o Item, DeliveryError> {
    let found = order.item(code).ok_or_else(|| DeliveryError::UnknownItem {
        item: code.to_owned(),
    })?;
    match found.item.role {
        Some(role) if !ctx.actor().has_role(role) => Err(DeliveryError::ItemRole {
            item: code.to_owned(),
            role,
        }),
        _ => Ok(found),
    }
}

fn inspection_of(order: &ServiceOrder, no: InspectionNo) -> Result<&Inspection, DeliveryError> {
    order
        .inspection(no)
        .ok_or(DeliveryError::UnknownInspection { inspection: no })
}

/// The inspection, if it is neither recorded nor withdrawn.
fn unrecorded(order: &ServiceOrder, no: InspectionNo) -> Result<&Inspection, DeliveryError> {
    let found = inspection_of(order, no)?;
    if found.result.is_some() {
        return Err(DeliveryError::InspectionRecorded { inspection: no });
    }
    if found.withdrawn.is_some() {
        return Err(DeliveryError::InspectionWithdrawn { inspection: no });
    }
    Ok(found)
}

/// The inspection, if it is recorded and failed.
fn failed(order: &ServiceOrder, no: InspectionNo) -> Result<&Inspection, DeliveryError> {
    let found = inspection_of(order, no)?;
    if found.result.as_ref().is_some_and(|r| !r.outcome.passed) {
        Ok(found)
    } else {
        Err(DeliveryError::InspectionNotFailed { inspection: no })
    }
}

/// The stage, if it exists, its turn has come, and the actor may act at it.
fn stage_for<'o>(
    order: &'o ServiceOrder,
    name: &str,
    work: ContentHash,
    ctx: &Ctx<'_>,
) -> Result<&'o Stage, DeliveryError> {
    let position = order
        .stages
        .iter()
        .position(|s| s.stage.name == name)
        .ok_or_else(|| DeliveryError::UnknownStage {
            stage: name.to_owned(),
        })?;
    if let Some(waiting) = order
        .stages
        .iter()
        .take(position)
        .find(|s| !s.is_approved(work))
    {
        return Err(DeliveryError::EarlierStagePending {
            waiting: waiting.stage.name.clone(),
        });
    }
    let found = order
        .stages
        .get(position)
        .ok_or_else(|| DeliveryError::UnknownStage {
            stage: name.to_owned(),
        })?;
    if !ctx.actor().has_role(found.stage.role) {
        return Err(DeliveryError::StageRole {
            stage: name.to_owned(),
            role: found.stage.role,
        });
    }
    if order.inspectors().any(|i| i == ctx.actor().id) {
        return Err(DeliveryError::ApproverIsInspector {
            approver: ctx.actor().id,
        });
    }
    Ok(found)
}

impl ServiceOrder {
    /// What signing off still needs, besides the policy's acknowledgement and
    /// inspection: required items open, inspections not settled, and stages
    /// without the approvals of the work as it is.
    fn missing_for_sign_off(&self) -> Vec<SignOffRequirement> {
        let items = self
            .items
            .iter()
            .filter(|i| i.item.required && i.state == ItemState::Open)
            .map(|i| SignOffRequirement::Item(i.item.code.clone()));
        let inspections = self
            .inspections
            .iter()
            .filter(|i| !i.is_settled())
            .map(|i| SignOffRequirement::Inspection(i.no));
        let work = self.work_hash();
        let stages = self
            .stages
            .iter()
            .filter(|s| !s.is_approved(work))
            .map(|s| SignOffRequirement::Stage(s.stage.name.clone()));
        items.chain(inspections).chain(stages).collect()
    }
}

/// Folds one recorded event into the order. Never fails.
pub(super) fn apply(order: &mut ServiceOrder, recorded: &Recorded<Event>) {
    let (at, by) = (recorded.at, recorded.actor);
    if let Some(status) = recorded.event.status() {
        order.status = Some(status);
    }
    match &recorded.event {
        Event::Opened {
            order: given,
            checklist,
            stages,
            ..
        } => {
            order.id = Some(given.order);
            order.opened_at = Some(at);
            order.reference = Some(given.reference.clone());
            order.customer = Some(given.customer);
            order.case = given.case;
            order.description.clone_from(&given.description);
            order.template = Some((checklist.name.clone(), checklist.version));
            order.items = checklist
                .items
                .iter()
                .map(|i| Item {
                    item: i.clone(),
                    state: ItemState::Open,
                    unticked: 0,
                })
                .collect();
            order.stages = stages
                .iter()
                .map(|s| Stage {
                    stage: s.clone(),
                    approvals: Vec::new(),
                })
                .collect();
        }
        Event::ItemTicked {
            item: code,
            evidence,
        } => {
            if let Some(state) = item_state(order, code) {
                *state = ItemState::Ticked {
                    by,
                    at,
                    evidence: evidence.clone(),
                };
            }
        }
        Event::ItemNotApplicable { item: code, reason } => {
            if let Some(state) = item_state(order, code) {
                *state = ItemState::NotApplicable {
                    by,
                    at,
                    reason: reason.clone(),
                };
            }
        }
        Event::ItemUnticked { item: code, .. } => {
            if let Some(found) = order.items.iter_mut().find(|i| i.item.code == *code) {
                found.state = ItemState::Open;
                found.unticked = found.unticked.saturating_add(1);
            }
        }
        Event::InspectionPlanned { inspection, plan } => order.inspections.push(Inspection {
            no: *inspection,
            plan: plan.clone(),
            result: None,
            non_conformance: None,
            concession: None,
            withdrawn: None,
        }),
        Event::InspectionWithdrawn { inspection, reason } => {
            if let Some(found) = order.inspections.iter_mut().find(|i| i.no == *inspection) {
                found.withdrawn = Some(reason.clone());
            }
        }
        Event::InspectionRecorded {
            inspection,
            readings,
            defects,
            outcome,
        } => {
            if let Some(found) = order.inspections.iter_mut().find(|i| i.no == *inspection) {
                found.result = Some(InspectionResult {
                    inspector: by,
                    at,
                    readings: readings.clone(),
                    defects: defects.clone(),
                    outcome: outcome.clone(),
                });
            }
        }
        Event::NonConformanceLinked {
            inspection,
            non_conformance,
        } => {
            if let Some(found) = order.inspections.iter_mut().find(|i| i.no == *inspection) {
                found.non_conformance = Some(*non_conformance);
            }
        }
        Event::ConcessionApproved { inspection, reason } => {
            if let Some(found) = order.inspections.iter_mut().find(|i| i.no == *inspection) {
                found.concession = Some((by, reason.clone()));
            }
        }
        Event::StageApproved { stage, work } => {
            if let Some(found) = order.stages.iter_mut().find(|s| s.stage.name == *stage) {
                found.approvals.push(Approval {
                    by,
                    at,
                    work: *work,
                });
            }
        }
        Event::StageRejected {
            stage,
            reason,
            work,
        } => {
            for found in &mut order.stages {
                found.approvals.clear();
            }
            order.rejections.push(Rejection {
                stage: stage.clone(),
                reason: reason.clone(),
                by,
                work: *work,
            });
        }
        Event::SignedOff {
            signature,
            acknowledgement,
            follow_up_due,
            ..
        } => {
            order.sign_off = Some((*signature, acknowledgement.clone()));
            order.follow_up_due = Some(*follow_up_due);
            order.signed_off_at = Some(at);
        }
        Event::Cancelled { reason, .. } => {
            order.cancellation = Some(reason.clone());
            order.cancelled_at = Some(at);
        }
        Event::MilestoneOverdue { milestone, .. } => {
            if !order.overdue.contains(milestone) {
                order.overdue.push(*milestone);
            }
        }
    }
    order.version = order.version.next();
    order.updated_at = Some(at);
}

fn item_state<'o>(order: &'o mut ServiceOrder, code: &str) -> Option<&'o mut ItemState> {
    order
        .items
        .iter_mut()
        .find(|i| i.item.code == code)
        .map(|i| &mut i.state)
}

crate::aggregate::library_aggregate! {
    ServiceOrder: DeliveryError, created "opened", else NotOpened;
    creates: Event::Opened { order, .. } => order.order;
    came_due: Event::MilestoneOverdue { due, .. } => Some(*due);
    covered: deadline::calendars, crate::range::recorded_at;
    /// Decides what `command` does to `order`: the events to record, or the rule
    /// that refuses it. Pure.
    ///
    /// The gates, in order: `ctx.now()`, and the customer's acknowledgement time,
    /// must be covered by the policy's business calendar and by each calendar a
    /// milestone's due date counts on; the order must be open (or not yet, for
    /// [`Command::Open`]) and `ctx.now()` not before its last event; the permission
    /// table must grant the command; the order must be in progress (but for
    /// [`Command::RecordDeadline`], taken in any status); the content must be
    /// valid, every problem at once; and the rules no policy can switch off must
    /// hold:
    /// - a checklist item with a role is ticked, marked not applicable or
    ///   unticked only by someone holding it; an item that needs evidence is
    ///   ticked only with it; unticking needs a reason, and is kept in the history;
    /// - an inspection's outcome is computed from its plan and readings, never
    ///   given; a concession for a failed inspection is approved by someone other
    ///   than its inspector;
    /// - approval stages go in order; each approver holds the stage's role, has
    ///   inspected nothing on the order, and approves the work as it is (its
    ///   [`ServiceOrder::work_hash`]): a change to the work (an item ticked or
    ///   unticked, an inspection planned, recorded, withdrawn or conceded) leaves
    ///   every earlier approval stale; a rejection withdraws every approval, and
    ///   no stage approves again until the work has changed;
    /// - an inspection's outcome counts a critical defect as a failure;
    /// - sign-off needs every required item ticked or not applicable, every
    ///   inspection passed or conceded, every stage approved, and the customer's
    ///   acknowledgement where the policy asks for it;
    ///   [`DeliveryError::NotReadyToSignOff`] lists everything missing.
    ///
    /// [`Command::RecordDeadline`] records each milestone that came due by
    /// `ctx.now()` unreached ([`Event::MilestoneOverdue`]; see
    /// [`ServiceOrder::next_deadline`](crate::Aggregate::next_deadline)), and nothing when none did.
    ///
    /// # Errors
    /// A [`DeliveryError`] naming the rule that refused. Nothing is emitted then.
    /// [`DeliveryError::Calendar`] also when the follow-up or a milestone's due
    /// date falls outside its calendar.
    decide: decide;
    /// When the order next needs the caller's scheduler: the earliest due
    /// instant of a milestone whose overdue is not recorded and that was not
    /// reached (nor the order finished) before it. At or after it, give the
    /// order [`Command::RecordDeadline`](super::Command::RecordDeadline).
    ///
    /// `None` before the opening, and when nothing is left to come due. After
    /// the deadline command at `now`, it is `None` or after `now`: it never
    /// repeats.
    ///
    /// # Errors
    /// [`DeliveryError::Calendar`] when a due instant falls outside its
    /// calendar.
    ///
    /// # Example
    /// ```
    /// use casework::delivery::{Command, Event, Milestone, Order, ServiceOrder};
    /// use casework::{Actor, ActorId, Aggregate, CustomerRef, Ctx, Policy, Reference, Role, ServiceOrderId};
    /// use chrono::{TimeZone, Utc};
    /// use uuid::Uuid;
    ///
    /// let policy = Policy::sop_default()?;
    /// let manager = Actor::new(ActorId::from_uuid(Uuid::from_u128(2)), [Role::CustomerServiceManager]);
    /// let scheduler = Actor::new(ActorId::from_uuid(Uuid::from_u128(9)), [Role::System]);
    /// let monday = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    /// let mut order = ServiceOrder::default();
    /// order.record(&Command::Open { order: Order::new(
    ///     ServiceOrderId::from_uuid(Uuid::from_u128(120)),
    ///     Reference::new("SO", 2026, 120)?,
    ///     CustomerRef::from_uuid(Uuid::from_u128(7)),
    ///     "Boiler service",
    /// ) }, &Ctx::new(monday, manager, &policy))?;
    ///
    /// // The first inspection is due by the close of the 5th business day.
    /// let due = order.next_deadline(&policy)?.unwrap();
    /// assert_eq!(due, Utc.with_ymd_and_hms(2026, 11, 30, 17, 0, 0).unwrap());
    /// let events = order.record(&Command::RecordDeadline, &Ctx::new(due, scheduler, &policy))?;
    /// assert!(matches!(
    ///     events[0].event,
    ///     Event::MilestoneOverdue { milestone: Milestone::Inspection, due: d, .. } if d == due
    /// ));
    /// // The sign-off comes due next, by the close of the 10th business day.
    /// assert_eq!(
    ///     order.next_deadline(&policy)?,
    ///     Some(Utc.with_ymd_and_hms(2026, 12, 7, 17, 0, 0).unwrap())
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    next_deadline: ServiceOrder::deadline;
}
