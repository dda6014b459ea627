//! [`decide`], where every non-conformance rule lives, and [`apply`], which folds
//! events into the state.

use chrono::{DateTime, Utc};

use super::command::{Command, Report};
use super::deadline::{self, overdue_by};
use super::error::{CloseRequirement, NonConformanceError};
use super::event::Event;
use super::repeat::repeats;
use super::state::{
    CapaRecord, Disposition, DispositionRecord, NoCapaDecision, NonConformance, RootCauseRecord,
    Source, Status,
};
use crate::actor::{NonConformanceCommandKind, valid};
use crate::envelope::Recorded;
use crate::id::CapaId;
use crate::policy::Ctx;
use crate::priority::Severity;
use crate::problem::{Problem, not_blank};
use crate::quality::QualityPolicy;

/// The longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;

type Decided = Result<Vec<Event>, NonConformanceError>;

/// The rules of [`Aggregate::decide`](crate::Aggregate::decide) for this
/// aggregate, documented on its implementation.
pub(super) fn decide(ncr: &NonConformance, command: &Command, ctx: &Ctx<'_>) -> Decided {
    let kind = command.kind();
    let carried = match command {
        Command::Report { report } => Some(report.detected_at),
        Command::RecordContainment { containment } => Some(containment.done_at),
        _ => None,
    };
    crate::range::ensure_covered(
        &deadline::calendars(ctx.policy()),
        core::iter::once(ctx.now()).chain(carried),
    )?;
    let Some(status) = ncr.status else {
        return match command {
            Command::Report { report } => report_ncr(report, ctx),
            _ => Err(NonConformanceError::NotReported { command: kind }),
        };
    };
    if let Command::Report { .. } = command {
        return Err(NonConformanceError::AlreadyReported);
    }
    if let Some(last) = ncr.updated_at {
        if ctx.now() < last {
            return Err(NonConformanceError::ClockWentBackwards {
                last,
                now: ctx.now(),
            });
        }
    }
    ctx.authorize::<NonConformanceError>(kind)?;
    let policy = ctx.policy().quality();
    let gate = Gate { status, kind };
    let mut problems = Vec::new();
    match command {
        Command::Report { .. } => Err(NonConformanceError::AlreadyReported), // refused above
        Command::RecordContainment { containment } => {
            gate.not_closed()?;
            not_blank(&mut problems, "containment.action", &containment.action);
            not_after_now(
                &mut problems,
                "containment.done_at",
                containment.done_at,
                ctx,
            );
            valid::<NonConformanceError>(kind, problems)?;
            Ok(vec![Event::ContainmentRecorded {
                containment: containment.clone(),
            }])
        }
        Command::StartInvestigation => {
            gate.only(&[Status::Reported])?;
            Ok(vec![Event::InvestigationStarted {
                status: Status::UnderInvestigation,
            }])
        }
        Command::RecordRootCause { analysis } => {
            gate.only(&[Status::UnderInvestigation])?;
            problems.extend(
                analysis
                    .problems(&policy.root_causes())
                    .into_iter()
                    .map(|p| p.within("analysis")),
            );
            valid::<NonConformanceError>(kind, problems)?;
            Ok(vec![Event::RootCauseRecorded {
                analysis: analysis.clone(),
            }])
        }
        Command::Reclassify { severity, reason } => {
            gate.not_closed()?;
            not_blank(&mut problems, "reason", reason);
            valid::<NonConformanceError>(kind, problems)?;
            let from = ncr.severity.unwrap_or(*severity);
            if from == *severity {
                return Err(NonConformanceError::SeverityUnchanged { severity: from });
            }
            // The new severity moves the due dates: what came due under the
            // old one is recorded first.
            let mut events = overdue_by(ncr, ctx)?;
            events.push(Event::Reclassified {
                from,
                to: *severity,
                reason: reason.clone(),
            });
            events.extend(escalation(ncr.escalated_to_management, *severity, policy));
            Ok(events)
        }
        Command::FlagRepeat { earlier } => {
            gate.not_closed()?;
            if earlier.is_empty() {
                problems.push(Problem::new("earlier", "names no earlier non-conformance"));
            }
            valid::<NonConformanceError>(kind, problems)?;
            let candidate = ncr
                .repeat_key()
                .ok_or(NonConformanceError::RootCauseRequired { command: kind })?;
            let window_days = policy.repeat_window_days;
            let found = repeats(&candidate, earlier, window_days);
            if found.is_empty() {
                return Err(NonConformanceError::NotARepeat { window_days });
            }
            let new: Vec<_> = found
                .into_iter()
                .filter(|id| !ncr.repeats.contains(id))
                .collect();
            if new.is_empty() {
                return Err(NonConformanceError::RepeatAlreadyFlagged);
            }
            Ok(vec![Event::RepeatFlagged {
                repeats: new,
                window_days,
            }])
        }
        Command::LinkCase { case } => {
            gate.not_closed()?;
            if ncr.linked_cases.contains(case) {
                return Err(NonConformanceError::CaseAlreadyLinked { case: *case });
            }
            Ok(vec![Event::CaseLinked { case: *case }])
        }
        Command::Disposition {
            disposition,
            rationale,
        } => {
            gate.only(&[Status::UnderInvestigation])?;
            not_blank(&mut problems, "rationale", rationale);
            valid::<NonConformanceError>(kind, problems)?;
            if ncr.root_cause.is_none() {
                return Err(NonConformanceError::RootCauseRequired { command: kind });
            }
            Ok(vec![Event::Dispositioned {
                disposition: *disposition,
                rationale: rationale.clone(),
                status: Status::Dispositioned,
            }])
        }
        Command::ApproveDisposition => {
            gate.only(&[Status::Dispositioned])?;
            let record = ncr.disposition.as_ref().ok_or_else(|| gate.invalid())?;
            if record.disposition != Disposition::AcceptAsIs {
                return Err(NonConformanceError::NotAcceptAsIs {
                    disposition: record.disposition,
                });
            }
            if record.approved_by.is_some() {
                return Err(NonConformanceError::DispositionAlreadyApproved);
            }
            if ncr.reported_by == Some(ctx.actor().id) {
                return Err(NonConformanceError::ApproverIsReporter {
                    approver: ctx.actor().id,
                });
            }
            if record.by == ctx.actor().id {
                return Err(NonConformanceError::ApproverIsDispositioner {
                    approver: ctx.actor().id,
                });
            }
            Ok(vec![Event::DispositionApproved {
                disposition: record.disposition,
            }])
        }
        Command::RaiseCapa { capa } => {
            gate.only(&[Status::Dispositioned])?;
            if awaits_disposition_approval(ncr) {
                return Err(NonConformanceError::DispositionNotApproved);
            }
            Ok(vec![Event::CapaRaised {
                capa: *capa,
                status: Status::CapaRaised,
            }])
        }
        Command::ProposeNoCapa { reason } => {
            gate.only(&[Status::Dispositioned])?;
            not_blank(&mut problems, "reason", reason);
            valid::<NonConformanceError>(kind, problems)?;
            if ncr
                .no_capa
                .as_ref()
                .is_some_and(NoCapaDecision::is_approved)
            {
                return Err(NonConformanceError::NoCapaAlreadyApproved);
            }
            no_capa_allowed(ncr, policy)?;
            Ok(vec![Event::NoCapaProposed {
                reason: reason.clone(),
            }])
        }
        Command::ApproveNoCapa => {
            gate.only(&[Status::Dispositioned])?;
            let proposal = ncr
                .no_capa
                .as_ref()
                .ok_or(NonConformanceError::NoCapaNotProposed)?;
            if proposal.is_approved() {
                return Err(NonConformanceError::NoCapaAlreadyApproved);
            }
            if proposal.proposed_by == ctx.actor().id {
                return Err(NonConformanceError::ApproverIsProposer {
                    approver: ctx.actor().id,
                });
            }
            no_capa_allowed(ncr, policy)?;
            Ok(vec![Event::NoCapaApproved {
                reason: proposal.reason.clone(),
            }])
        }
        Command::RecordCapaClosed { capa } => {
            gate.only(&[Status::CapaRaised])?;
            raised_and_open(ncr, *capa, gate)?;
            Ok(vec![Event::CapaClosureRecorded { capa: *capa }])
        }
        Command::RecordCapaCancelled { capa, reason } => {
            gate.only(&[Status::CapaRaised])?;
            raised_and_open(ncr, *capa, gate)?;
            not_blank(&mut problems, "reason", reason);
            valid::<NonConformanceError>(kind, problems)?;
            Ok(vec![Event::CapaCancelled {
                capa: *capa,
                reason: reason.clone(),
                status: Status::Dispositioned,
            }])
        }
        Command::Close { reason } => {
            gate.only(&[Status::Dispositioned, Status::CapaRaised])?;
            not_blank(&mut problems, "reason", reason);
            valid::<NonConformanceError>(kind, problems)?;
            let missing = close_requirements(ncr, status, policy);
            if !missing.is_empty() {
                return Err(NonConformanceError::NotReadyToClose { missing });
            }
            Ok(vec![Event::Closed {
                reason: reason.clone(),
                status: Status::Closed,
            }])
        }
        Command::RecordDeadline => overdue_by(ncr, ctx),
    }
}

/// The raised CAPA, if it is `capa` and its closure is not recorded.
fn raised_and_open(
    ncr: &NonConformance,
    capa: CapaId,
    gate: Gate,
) -> Result<(), NonConformanceError> {
    let record = ncr.capa.as_ref().ok_or_else(|| gate.invalid())?;
    if record.capa != capa {
        return Err(NonConformanceError::CapaMismatch {
            raised: record.capa,
            given: capa,
        });
    }
    if record.closed_at.is_some() {
        return Err(NonConformanceError::CapaClosureAlreadyRecorded);
    }
    Ok(())
}

/// The status gate of one command.
#[derive(Clone, Copy)]
struct Gate {
    status: Status,
    kind: NonConformanceCommandKind,
}

impl Gate {
    fn invalid(self) -> NonConformanceError {
        NonConformanceError::InvalidTransition {
            from: self.status,
            command: self.kind,
        }
    }

    fn only(self, statuses: &[Status]) -> Result<(), NonConformanceError> {
        if statuses.contains(&self.status) {
            Ok(())
        } else {
            Err(self.invalid())
        }
    }

    fn not_closed(self) -> Result<(), NonConformanceError> {
        if self.status == Status::Closed {
            Err(self.invalid())
        } else {
            Ok(())
        }
    }
}

/// The report: every content problem at once, then the event, and the escalation
/// its severity calls for.
fn report_ncr(report: &Report, ctx: &Ctx<'_>) -> Decided {
    ctx.authorize::<NonConformanceError>(NonConformanceCommandKind::ReportNonConformance)?;
    let mut problems = Vec::new();
    not_blank(&mut problems, "report.title", &report.title);
    let title_chars = report.title.chars().count();
    if title_chars > MAX_TITLE_CHARS {
        problems.push(Problem::new(
            "report.title",
            format!("{title_chars} characters is longer than {MAX_TITLE_CHARS}"),
        ));
    }
    not_blank(&mut problems, "report.description", &report.description);
    not_after_now(&mut problems, "report.detected_at", report.detected_at, ctx);
    match &report.source {
        Source::Complaint { .. } | Source::Inspection { .. } => {}
        Source::InternalAudit { finding } => {
            not_blank(&mut problems, "report.source.finding", finding);
        }
        Source::Supplier { supplier } => {
            not_blank(&mut problems, "report.source.supplier", supplier);
        }
        Source::FeedbackTrend { trend } => not_blank(&mut problems, "report.source.trend", trend),
        Source::Other { description } => {
            not_blank(&mut problems, "report.source.description", description);
        }
    }
    valid::<NonConformanceError>(NonConformanceCommandKind::ReportNonConformance, problems)?;
    let mut events = vec![Event::Reported {
        report: Box::new(report.clone()),
        status: Status::Reported,
    }];
    events.extend(escalation(false, report.severity, ctx.policy().quality()));
    Ok(events)
}

/// The escalation to management that `severity` calls for, unless already made.
fn escalation(already: bool, severity: Severity, policy: &QualityPolicy) -> Option<Event> {
    let reaches = policy
        .management_escalation_from
        .is_some_and(|from| severity >= from);
    (reaches && !already).then_some(Event::EscalatedToManagement { severity })
}

/// Whether an accept-as-is disposition still waits for its approval.
fn awaits_disposition_approval(ncr: &NonConformance) -> bool {
    ncr.disposition
        .as_ref()
        .is_some_and(|d| d.disposition == Disposition::AcceptAsIs && d.approved_by.is_none())
}

/// Refuses a no-CAPA decision where the severity or a repeat requires a CAPA.
fn no_capa_allowed(
    ncr: &NonConformance,
    policy: &QualityPolicy,
) -> Result<(), NonConformanceError> {
    if let (Some(severity), Some(from)) = (ncr.severity, policy.capa_required_from) {
        if severity >= from {
            return Err(NonConformanceError::CapaRequiredBySeverity { severity, from });
        }
    }
    if ncr.is_repeat() && policy.capa_required_for_repeats {
        return Err(NonConformanceError::CapaRequiredForRepeat);
    }
    Ok(())
}

/// What closing still needs.
fn close_requirements(
    ncr: &NonConformance,
    status: Status,
    policy: &QualityPolicy,
) -> Vec<CloseRequirement> {
    let mut missing = Vec::new();
    if awaits_disposition_approval(ncr) {
        missing.push(CloseRequirement::DispositionApproval);
    }
    if status == Status::CapaRaised {
        if ncr.capa.as_ref().is_none_or(|c| c.closed_at.is_none()) {
            missing.push(CloseRequirement::CapaClosure);
        }
    } else if no_capa_allowed(ncr, policy).is_err() {
        missing.push(CloseRequirement::Capa);
    } else if !ncr
        .no_capa
        .as_ref()
        .is_some_and(NoCapaDecision::is_approved)
    {
        missing.push(CloseRequirement::NoCapaApproval);
    }
    missing
}

fn not_after_now(problems: &mut Vec<Problem>, path: &str, at: DateTime<Utc>, ctx: &Ctx<'_>) {
    if at > ctx.now() {
        problems.push(Problem::new(
            path,
            format!("{at} is after now ({})", ctx.now()),
        ));
    }
}

/// Folds one recorded event into the state. Never fails: a history that `decide`
/// produced replays to the same state, and any other history to some state.
pub(super) fn apply(ncr: &mut NonConformance, recorded: &Recorded<Event>) {
    let at = recorded.at;
    let by = recorded.actor;
    if let Some(status) = recorded.event.status() {
        ncr.status = Some(status);
    }
    match &recorded.event {
        Event::Reported { report, .. } => {
            ncr.severity = Some(report.severity);
            ncr.reported_by = Some(by);
            ncr.reported_at = Some(at);
            if let Source::Complaint { case } = report.source {
                if !ncr.linked_cases.contains(&case) {
                    ncr.linked_cases.push(case);
                }
            }
            ncr.report = Some(Report::clone(report));
        }
        Event::ContainmentRecorded { containment } => {
            ncr.contained_at.get_or_insert(at);
            ncr.containments.push(containment.clone());
        }
        Event::InvestigationStarted { .. } => {}
        Event::RootCauseRecorded { analysis } => {
            ncr.root_caused_at.get_or_insert(at);
            // Repeats were found by the root-cause category: a new category
            // makes them no longer repeats.
            if ncr
                .root_cause
                .as_ref()
                .is_some_and(|r| r.analysis.category != analysis.category)
            {
                ncr.repeats.clear();
            }
            ncr.root_cause = Some(RootCauseRecord {
                analysis: analysis.clone(),
                by,
                at,
            });
        }
        Event::Reclassified { to, .. } => {
            ncr.severity = Some(*to);
            ncr.reclassified_at = Some(at);
        }
        Event::EscalatedToManagement { .. } => ncr.escalated_to_management = true,
        Event::RepeatFlagged { repeats, .. } => {
            for id in repeats {
                if !ncr.repeats.contains(id) {
                    ncr.repeats.push(*id);
                }
            }
        }
        Event::CaseLinked { case } => {
            if !ncr.linked_cases.contains(case) {
                ncr.linked_cases.push(*case);
            }
        }
        Event::Dispositioned {
            disposition,
            rationale,
            ..
        } => {
            ncr.disposition = Some(DispositionRecord {
                disposition: *disposition,
                rationale: rationale.clone(),
                by,
                at,
                approved_by: None,
            });
        }
        Event::DispositionApproved { .. } => {
            if let Some(record) = ncr.disposition.as_mut() {
                record.approved_by = Some(by);
            }
        }
        Event::CapaRaised { capa, .. } => {
            ncr.capa = Some(CapaRecord {
                capa: *capa,
                raised_by: by,
                raised_at: at,
                closed_at: None,
            });
        }
        Event::NoCapaProposed { reason } => {
            ncr.no_capa = Some(NoCapaDecision {
                reason: reason.clone(),
                proposed_by: by,
                proposed_at: at,
                approved_by: None,
                approved_at: None,
            });
        }
        Event::NoCapaApproved { .. } => {
            if let Some(decision) = ncr.no_capa.as_mut() {
                decision.approved_by = Some(by);
                decision.approved_at = Some(at);
            }
        }
        Event::CapaClosureRecorded { .. } => {
            if let Some(record) = ncr.capa.as_mut() {
                record.closed_at = Some(at);
            }
        }
        Event::CapaCancelled { .. } => {
            if let Some(record) = ncr.capa.take() {
                ncr.cancelled_capas.push(record);
            }
        }
        Event::Closed { reason, .. } => {
            ncr.closed_reason = Some(reason.clone());
            ncr.closed_at = Some(at);
        }
        Event::StageOverdue { stage, .. } => {
            if !ncr.overdue.contains(stage) {
                ncr.overdue.push(*stage);
            }
        }
    }
    ncr.version = ncr.version.next();
    ncr.updated_at = Some(at);
}

crate::aggregate::library_aggregate! {
    NonConformance: NonConformanceError, created "reported", else NotReported;
    creates: Event::Reported { report, .. } => report.id;
    came_due: Event::StageOverdue { due, .. } => Some(*due);
    covered: deadline::calendars, crate::range::recorded_at;
    /// Decides what `command` does to `ncr`: the events to record, or the rule that
    /// refuses it. Pure: the same state, command and context give the same answer.
    ///
    /// The gates, in order:
    /// 1. `ctx.now()`, and the detection or containment time a command carries,
    ///    must be covered by the policy's business calendar and by each calendar a
    ///    stage's due date counts on; the non-conformance
    ///    must be reported (or not yet, for [`Command::Report`]), and `ctx.now()`
    ///    must not be before its last event;
    /// 2. the permission table must grant one of the actor's roles the command;
    /// 3. the command must be allowed in the status:
    ///
    ///    | command | statuses |
    ///    |---|---|
    ///    | `StartInvestigation` | reported |
    ///    | `RecordRootCause` | under investigation (again, to replace it) |
    ///    | `Disposition` | under investigation |
    ///    | `ApproveDisposition`, `RaiseCapa`, `ProposeNoCapa`, `ApproveNoCapa` | dispositioned |
    ///    | `RecordCapaClosed`, `RecordCapaCancelled` | CAPA raised |
    ///    | `Close` | dispositioned, CAPA raised |
    ///    | `RecordContainment`, `Reclassify`, `FlagRepeat`, `LinkCase` | any but closed |
    ///    | `RecordDeadline` | any |
    ///
    /// 4. the command's content must be valid, every problem reported at once;
    /// 5. the rules no policy can switch off must hold:
    ///    - a disposition, and a repeat flag, need the root cause recorded;
    ///    - an accept-as-is disposition is approved by someone other than the
    ///      reporter, before a CAPA is raised or the non-conformance closed;
    ///    - no CAPA is proposed or approved where the severity reaches the policy's
    ///      `capa_required_from`, or for a repeat where the policy's
    ///      `capa_required_for_repeats` says so; a no-CAPA reason is approved by
    ///      someone other than its proposer;
    ///    - a repeat flag names at least one earlier non-conformance that this one
    ///      [`repeats`] within the policy's window;
    ///    - it closes only with an approved no-CAPA reason that still holds (the
    ///      severity and repeats as they are now), or with its CAPA's closure
    ///      recorded; [`NonConformanceError::NotReadyToClose`] lists everything
    ///      missing.
    ///
    /// A report or a reclassification whose severity reaches the policy's
    /// `management_escalation_from` also escalates to management in the same
    /// decision, once.
    ///
    /// [`Command::RecordDeadline`] records each stage that came due by `ctx.now()`
    /// without being done ([`Event::StageOverdue`]; see
    /// [`NonConformance::next_deadline`](crate::Aggregate::next_deadline)), and nothing when none did. A
    /// reclassification changes the due dates of the stages (their allowances
    /// depend on the severity), so it first records, as the deadline command would
    /// at `ctx.now()`, every stage overdue by then under the old severity, then the
    /// reclassification: no due date is lost, and a scheduler that runs late
    /// records what one that ran on time would have.
    ///
    /// # Errors
    /// A [`NonConformanceError`] naming the rule that refused. Nothing is emitted
    /// then. [`NonConformanceError::Calendar`] also when a stage's due date, which
    /// `RecordDeadline` and `Reclassify` compute, falls outside its calendar.
    decide: decide;
    /// When the non-conformance next needs the caller's scheduler: the
    /// earliest due instant of a stage whose overdue is not recorded and that
    /// was not done (nor the non-conformance closed) before it. At or after
    /// it, give the non-conformance [`Command::RecordDeadline`](super::Command::RecordDeadline).
    ///
    /// `None` before the report, and when nothing is left to come due: every
    /// stage done in time or recorded overdue, or the non-conformance closed
    /// before the rest came due. After the deadline command at `now`, it is
    /// `None` or after `now`: it never repeats.
    ///
    /// # Errors
    /// [`NonConformanceError::Calendar`] when a due instant falls outside its
    /// calendar.
    ///
    /// # Example
    /// ```
    /// use casework::quality::nonconformance::{Command, Event, NonConformance, Report, Source, Stage};
    /// use casework::{Actor, ActorId, Aggregate, Ctx, NonConformanceId, Policy, Reference, Role, Severity};
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use uuid::Uuid;
    ///
    /// let policy = Policy::sop_default()?;
    /// let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
    /// let scheduler = Actor::new(ActorId::from_uuid(Uuid::from_u128(9)), [Role::System]);
    /// let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    /// let mut ncr = NonConformance::default();
    /// ncr.record(&Command::Report {
    ///     report: Report::new(
    ///         NonConformanceId::from_uuid(Uuid::from_u128(42)),
    ///         Reference::new("NCR", 2026, 42)?,
    ///         Source::Supplier { supplier: "Parcel carrier".into() },
    ///         Severity::Medium,
    ///         monday,
    ///     )
    ///     .titled("Parcels left the depot unsealed")
    ///     .description("Three parcels arrived with broken seals."),
    /// }, &Ctx::new(monday, csr, &policy))?;
    ///
    /// // Containment is due 24 hours after the report, round the clock.
    /// let due = ncr.next_deadline(&policy)?.unwrap();
    /// assert_eq!(due, monday + TimeDelta::hours(24));
    /// let events = ncr.record(&Command::RecordDeadline, &Ctx::new(due, scheduler, &policy))?;
    /// assert!(matches!(
    ///     events[0].event,
    ///     Event::StageOverdue { stage: Stage::Containment, due: d, notify: Role::ProcessOwner } if d == due
    /// ));
    /// // Nothing comes due twice.
    /// assert!(ncr.next_deadline(&policy)?.unwrap() > due);
    /// assert!(ncr.record(&Command::RecordDeadline, &Ctx::new(due, scheduler, &policy))?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    next_deadline: NonConformance::deadline;
}
