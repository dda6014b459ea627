//! [`Desk`]: a service desk for tests, and [`CaseWalk`], one case walked
//! through it step by step.

use core::convert::Infallible;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use uuid::Uuid;

use super::IdSequence;
use crate::actor::{Actor, Role};
use crate::aggregate::Aggregate;
use crate::case::{Case, CaseError, CaseKind, Command, Event, Intake, Resolution};
use crate::channel::Channel;
use crate::envelope::{Recorded, Version};
use crate::id::{ActorId, CaseId, CustomerRef, Reference, ReferenceError, StreamId};
use crate::policy::{Ctx, Policy, PolicyError};
use crate::store::{CaseStore, ExecuteError, InMemoryStore};
use std::collections::BTreeSet;

/// Why a step of a [`CaseWalk`] recorded nothing: the case's refusal
/// ([`ExecuteError::Refused`]), or a history that cannot be replayed.
pub type Refusal = ExecuteError<CaseError, Infallible>;

/// A service desk for tests: a policy, an in-memory store of cases, a
/// simulated clock, the scheduler, and the people of the SOPs. Every step goes
/// through the real `decide` and the store, as a caller's desk would, so a
/// test reads as the SOP does and can stop at any step to assert a refusal.
///
/// - The clock starts at [`Desk::start`] (Monday 23 November 2026, 09:00 UTC)
///   or the instant given, and moves only by [`Desk::advance`] or
///   [`CaseWalk::after`], which run the scheduler at each instant a deadline
///   came due on the way, as an on-time scheduler would.
/// - The people are fixed ids, one per role: [`Desk::csr`], [`Desk::manager`],
///   [`Desk::qa`], [`Desk::owner`] and [`Desk::system`] for the scheduler.
/// - Cases get ids and references from a sequence, so a failing test prints
///   the same ones on every run.
///
/// # Example
/// A complaint walked from intake to closed, and two refusals on the way:
/// ```
/// use casework::case::{CaseError, Status};
/// use casework::store::ExecuteError;
/// use casework::testkit::Desk;
/// use chrono::TimeDelta;
///
/// let mut desk = Desk::sop_default()?;
/// let complaint = desk.complaint()?;
/// let mut case = desk.log(complaint)?;
/// // The CSR may not close a case: the refusal names the rule.
/// let refused = case.by(Desk::csr(), casework::case::Command::Close).unwrap_err();
/// assert!(matches!(refused, ExecuteError::Refused(CaseError::Gate(casework::authority::GateError::NotPermitted(_)))));
///
/// case.acknowledge()?
///     .investigate()?
///     .resolve("Reshipped by courier", "supplier")?
///     .review(true, "Courier confirmed delivery")?;
/// // Not closed before the follow-up and the CAPA decision.
/// assert!(matches!(
///     case.close(),
///     Err(ExecuteError::Refused(CaseError::NotReadyToClose { .. }))
/// ));
/// case.after(TimeDelta::days(1))?
///     .follow_up(5, "Arrived, thanks")?
///     .no_capa("A one-off courier delay")?
///     .close()?;
/// assert_eq!(case.state()?.status(), Some(Status::Closed));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Desk {
    policy: Policy,
    now: DateTime<Utc>,
    cases: InMemoryStore<Event>,
    /// The streams of the cases logged, for the scheduler.
    logged: BTreeSet<StreamId>,
    ids: IdSequence,
}

impl Desk {
    /// A desk on `policy`, its clock at `start`.
    #[must_use]
    pub fn new(policy: Policy, start: DateTime<Utc>) -> Self {
        Self {
            policy,
            now: start,
            cases: InMemoryStore::new(),
            logged: BTreeSet::new(),
            ids: IdSequence::new(),
        }
    }

    /// A desk on the SOP default policy, its clock at [`Desk::start`].
    ///
    /// # Errors
    /// None in practice: the SOP default is tested to compile.
    pub fn sop_default() -> Result<Self, PolicyError> {
        Ok(Self::new(Policy::sop_default()?, Self::start()))
    }

    /// Monday 23 November 2026, 09:00 UTC: a business day's opening in the
    /// SOP default calendar.
    #[must_use]
    pub fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
            .single()
            .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
    }

    /// The customer service representative: logs, acknowledges,
    /// investigates, resolves and follows up.
    #[must_use]
    pub fn csr() -> Actor {
        staff(1, Role::CustomerServiceRepresentative)
    }

    /// The customer service manager: handles escalations, approves a "no
    /// CAPA", closes.
    #[must_use]
    pub fn manager() -> Actor {
        staff(2, Role::CustomerServiceManager)
    }

    /// The QA specialist: reviews resolutions.
    #[must_use]
    pub fn qa() -> Actor {
        staff(3, Role::QaSpecialist)
    }

    /// The process owner.
    #[must_use]
    pub fn owner() -> Actor {
        staff(4, Role::ProcessOwner)
    }

    /// The scheduler.
    #[must_use]
    pub fn system() -> Actor {
        staff(9, Role::System)
    }

    /// The policy in force.
    #[must_use]
    pub const fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The desk's clock.
    #[must_use]
    pub const fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The store of cases; a clone shares its streams.
    #[must_use]
    pub const fn store(&self) -> &InMemoryStore<Event> {
        &self.cases
    }

    /// A context at the desk's clock for `actor`.
    #[must_use]
    pub const fn ctx(&self, actor: Actor) -> Ctx<'_> {
        Ctx::new(self.now, actor, &self.policy)
    }

    /// A new intake of `kind`, received by email now, to be followed up by
    /// phone: a late parcel (`delivery/late`), with a fresh id and reference
    /// (`CMP-2026-…` for a complaint, `SR-` for a service request, `INQ-`
    /// otherwise). Change it with [`Intake`]'s setters.
    ///
    /// # Errors
    /// [`ReferenceError::Sequence`] past the trillionth intake of one desk.
    pub fn intake(&mut self, kind: CaseKind) -> Result<Intake, ReferenceError> {
        let case: CaseId = self.ids.next_id();
        let number = u64::try_from(case.as_uuid().as_u128()).unwrap_or(u64::MAX);
        let prefix = match kind {
            CaseKind::Complaint => "CMP",
            CaseKind::ServiceRequest => "SR",
            _ => "INQ",
        };
        let reference = Reference::new(prefix, 2026, number)?;
        Ok(Intake::new(
            case,
            reference,
            kind,
            Channel::Email,
            CustomerRef::from_uuid(Uuid::from_u128(0xC057_0000)),
            self.now,
        )
        .about("delivery/late", "Parcel two weeks late")
        .description("Ordered on the 2nd, still not here.")
        .follow_up_by(Channel::Phone))
    }

    /// A new complaint: [`Desk::intake`] of [`CaseKind::Complaint`].
    ///
    /// # Errors
    /// As [`Desk::intake`].
    pub fn complaint(&mut self) -> Result<Intake, ReferenceError> {
        self.intake(CaseKind::Complaint)
    }

    /// The CSR logs `intake` now.
    ///
    /// # Errors
    /// The [`Refusal`], with nothing recorded.
    pub fn log(&mut self, intake: Intake) -> Result<CaseWalk<'_>, Refusal> {
        let case = intake.case;
        let log = Command::Log {
            intake,
            first_contact_resolution: None,
        };
        let mut walk = self.case(case);
        walk.by(Self::csr(), log)?;
        Ok(walk)
    }

    /// The case `id`, to walk on.
    pub const fn case(&mut self, id: CaseId) -> CaseWalk<'_> {
        CaseWalk { desk: self, id }
    }

    /// Moves the clock forward to `instant` (not back: an earlier instant
    /// leaves it), running the scheduler as [`Desk::advance`] does.
    ///
    /// # Errors
    /// The first [`Refusal`] of the deadline command.
    pub fn advance_to(&mut self, instant: DateTime<Utc>) -> Result<(), Refusal> {
        self.advance((instant - self.now).max(TimeDelta::zero()))
    }

    /// Moves the clock `by` forward, running the scheduler on every case at
    /// each instant a deadline came due on the way.
    ///
    /// # Errors
    /// The first [`Refusal`] of the deadline command.
    pub fn advance(&mut self, by: TimeDelta) -> Result<(), Refusal> {
        let until = self.now.checked_add_signed(by).unwrap_or(self.now);
        loop {
            let mut next: Option<(DateTime<Utc>, StreamId)> = None;
            for &stream in &self.logged {
                let case = self.replay(stream)?;
                let due = case
                    .next_deadline(&self.policy)
                    .map_err(ExecuteError::Refused)?;
                if let Some(due) = due.filter(|due| *due <= until) {
                    if next.is_none_or(|(first, _)| due < first) {
                        next = Some((due, stream));
                    }
                }
            }
            let Some((due, stream)) = next else { break };
            self.now = self.now.max(due);
            let ctx = self.ctx(Self::system());
            self.cases.clone().run_due::<Case>(stream, &ctx)?;
        }
        self.now = until;
        Ok(())
    }

    fn replay(&self, stream: StreamId) -> Result<Case, Refusal> {
        let history = self
            .cases
            .clone()
            .load(stream, Version::ZERO)
            .map_err(ExecuteError::Store)?;
        Case::replay(&history).map_err(ExecuteError::Replay)
    }
}

/// A person of the desk: one fixed id per role.
fn staff(n: u128, role: Role) -> Actor {
    Actor::new(ActorId::from_uuid(Uuid::from_u128(0x57AF_F000 + n)), [role])
}

/// One case walked through a [`Desk`]: each step is a command by the person
/// the SOPs name, at the desk's clock, through the real `decide` and store. A
/// refused step records nothing and leaves the walk where it was, so a test
/// can assert the refusal and go on.
#[derive(Debug)]
pub struct CaseWalk<'d> {
    desk: &'d mut Desk,
    id: CaseId,
}

impl CaseWalk<'_> {
    /// The case's id.
    #[must_use]
    pub const fn id(&self) -> CaseId {
        self.id
    }

    /// The case as stored now.
    ///
    /// # Errors
    /// [`ExecuteError::Replay`] when the stored history cannot be replayed.
    pub fn state(&self) -> Result<Case, Refusal> {
        self.desk.replay(self.id.into())
    }

    /// The case's recorded events.
    ///
    /// # Errors
    /// None from the in-memory store; the type is the store's.
    pub fn history(&self) -> Result<Vec<Recorded<Event>>, Refusal> {
        self.desk
            .cases
            .clone()
            .load(self.id.into(), Version::ZERO)
            .map_err(ExecuteError::Store)
    }

    /// Any command, by `actor`, now.
    ///
    /// # Errors
    /// The [`Refusal`], with nothing recorded.
    pub fn by(&mut self, actor: Actor, command: Command) -> Result<&mut Self, Refusal> {
        let ctx = self.desk.ctx(actor);
        let stream = StreamId::from(self.id);
        self.desk
            .cases
            .clone()
            .execute::<Case>(stream, &command, &ctx)?;
        self.desk.logged.insert(stream);
        Ok(self)
    }

    /// Moves the desk's clock `by` forward, running the scheduler on the way
    /// ([`Desk::advance`]).
    ///
    /// # Errors
    /// The first [`Refusal`] of the deadline command.
    pub fn after(&mut self, by: TimeDelta) -> Result<&mut Self, Refusal> {
        self.desk.advance(by)?;
        Ok(self)
    }

    /// The CSR acknowledges the case through the channel it came by.
    ///
    /// # Errors
    /// The [`Refusal`], with nothing recorded.
    pub fn acknowledge(&mut self) -> Result<&mut Self, Refusal> {
        let channel = self
            .state()?
            .intake()
            .map_or(Channel::Email, |intake| intake.channel.clone());
        self.by(Desk::csr(), Command::Acknowledge { channel })
    }

    /// The CSR starts the investigation.
    ///
    /// # Errors
    /// The [`Refusal`], with nothing recorded.
    pub fn investigate(&mut self) -> Result<&mut Self, Refusal> {
        self.by(Desk::csr(), Command::StartInvestigation)
    }

    /// The CSR resolves the case with `resolution`, from the root-cause
    /// category `root_cause`.
    ///
    /// # Errors
    /// The [`Refusal`], with nothing recorded.
    pub fn resolve(&mut self, resolution: &str, root_cause: &str) -> Result<&mut Self, Refusal> {
        let command = Command::Resolve {
            resolution: Some(Resolution::text(resolution)),
            root_cause: Some(root_cause.to_owned()),
        };
        self.by(Desk::csr(), command)
    }

    /// The QA specialist reviews the resolution.
    ///
    /// # Errors
    /// The [`Refusal`], with nothing recorded.
    pub fn review(&mut self, approved: bool, comments: &str) -> Result<&mut Self, Refusal> {
        let command = Command::ReviewResolution {
            approved,
            comments: comments.to_owned(),
        };
        self.by(Desk::qa(), command)
    }

    /// The CSR follows the customer up by their preferred channel: they rate
    /// the service `rating` and confirm their concern is resolved.
    ///
    /// # Errors
    /// The [`Refusal`], with nothing recorded.
    pub fn follow_up(&mut self, rating: u8, comments: &str) -> Result<&mut Self, Refusal> {
        let channel = self
            .state()?
            .follow_up_channel()
            .cloned()
            .unwrap_or(Channel::Phone);
        let command = Command::RecordFollowUp {
            channel,
            other_channel_reason: None,
            rating: Some(rating),
            comments: comments.to_owned(),
            concern_resolved: true,
            answers: Vec::new(),
            last_surveyed_at: None,
            survey_override: None,
        };
        self.by(Desk::csr(), command)
    }

    /// No CAPA is needed, for `reason`: the CSR proposes it and the manager
    /// approves it.
    ///
    /// # Errors
    /// The [`Refusal`] of either step; a refused approval leaves the proposal
    /// recorded.
    pub fn no_capa(&mut self, reason: &str) -> Result<&mut Self, Refusal> {
        let propose = Command::ProposeNoCapa {
            reason: reason.to_owned(),
        };
        self.by(Desk::csr(), propose)?
            .by(Desk::manager(), Command::ApproveNoCapa)
    }

    /// The manager closes the case.
    ///
    /// # Errors
    /// The [`Refusal`], with nothing recorded.
    pub fn close(&mut self) -> Result<&mut Self, Refusal> {
        self.by(Desk::manager(), Command::Close)
    }
}
