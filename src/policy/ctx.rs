//! [`Ctx`]: what every decision reads besides the state and the command: now,
//! the actor, the policy, and the people's training.

use chrono::{DateTime, Utc};

use super::Policy;
use super::governance::TrainingRequirement;
use crate::actor::{Actor, CommandKind, NotPermitted, Role, UnitId};
use crate::authority::{CompetencyGap, NotCompetent};
use crate::id::ActorId;

/// What every decision reads besides the state and the command: the time, who acts,
/// and the policy.
///
/// Commands never carry "now": the caller reads its clock once and passes it here,
/// which is what makes every decision a pure function.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'p> {
    now: DateTime<Utc>,
    actor: Actor,
    policy: &'p Policy,
    training: Option<&'p dyn Competence>,
    units: &'p [UnitId],
}

impl<'p> Ctx<'p> {
    /// A context: the time of the decision, who acts (authenticated by the
    /// caller), and the policy in force; without a training file.
    #[must_use]
    pub const fn new(now: DateTime<Utc>, actor: Actor, policy: &'p Policy) -> Self {
        Self {
            now,
            actor,
            policy,
            training: None,
            units: &[],
        }
    }

    /// The time of the decision; events are recorded at it.
    #[must_use]
    pub const fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Who acts, authenticated by the caller.
    #[must_use]
    pub const fn actor(&self) -> &Actor {
        &self.actor
    }

    /// The policy in force.
    #[must_use]
    pub const fn policy(&self) -> &'p Policy {
        self.policy
    }

    /// The people's training, read by the policy's competency gates; `None`
    /// refuses every gated command.
    #[must_use]
    pub const fn training(&self) -> Option<&'p dyn Competence> {
        self.training
    }

    /// The organisation units the actor belongs to, as the caller says: the
    /// teams and departments of the policy's organisation. Empty unless given
    /// with [`with_units`](Ctx::with_units).
    #[must_use]
    pub const fn units(&self) -> &'p [UnitId] {
        self.units
    }

    /// This context with the units the actor belongs to (a team implies its
    /// department: naming the team is enough). Like the roles, the caller
    /// knows them and passes them in; the library keeps no directory.
    #[must_use]
    pub const fn with_units(mut self, units: &'p [UnitId]) -> Self {
        self.units = units;
        self
    }

    /// This context at another instant: the same actor, policy, training and
    /// units.
    #[must_use]
    pub const fn at(mut self, now: DateTime<Utc>) -> Self {
        self.now = now;
        self
    }

    /// This context with the people's training, for the policy's competency
    /// gates: the governance module's `TrainingFile`, or the caller's own
    /// [`Competence`].
    #[must_use]
    pub const fn with_training(mut self, training: &'p dyn Competence) -> Self {
        self.training = Some(training);
        self
    }

    /// Checks the policy's competency gates on `command`: the actor is
    /// competent now in every requirement the command is gated on.
    ///
    /// # Errors
    /// [`NotCompetent`] naming the first requirement the actor fails and why:
    /// no training file in the context, never trained, or training lapsed.
    pub fn competence(&self, command: impl Into<CommandKind>) -> Result<(), NotCompetent> {
        let command = command.into();
        let governance = self.policy.governance();
        let gated = governance
            .competency_gates
            .iter()
            .filter(|gate| gate.command == command);
        for gate in gated {
            let refuse = |gap| NotCompetent {
                actor: self.actor.id,
                command,
                requirement: gate.requirement.clone(),
                gap,
            };
            let training = self
                .training
                .ok_or_else(|| refuse(CompetencyGap::NoTrainingFile))?;
            // The policy checked that every gate names a requirement.
            let requirement = governance
                .training
                .iter()
                .find(|r| r.name == gate.requirement)
                .ok_or_else(|| refuse(CompetencyGap::NeverTrained))?;
            training
                .competent_until(self.actor.id, requirement, self.now)
                .map_err(refuse)?;
        }
        Ok(())
    }

    /// Checks that the actor may give `command`: one of its roles is granted
    /// it ([`Permissions::check`](crate::actor::Permissions::check)) and it passes the competency gates
    /// ([`Ctx::competence`]). Every aggregate's `decide` calls this.
    ///
    /// # Errors
    /// [`NotPermitted`] or [`NotCompetent`], converted into the aggregate's
    /// error.
    pub fn authorize<E>(&self, command: impl Into<CommandKind>) -> Result<(), E>
    where
        E: From<NotPermitted> + From<NotCompetent>,
    {
        let command = command.into();
        self.policy.permissions().check(&self.actor, command)?;
        self.competence(command)?;
        Ok(())
    }

    /// [`authorize`](Ctx::authorize) on a record that `unit` owns: one of the
    /// actor's roles is granted `command` and reaches `unit` (a role without
    /// a reach reaches every record; see
    /// [`RoleSpec::within`](super::RoleSpec::within)).
    ///
    /// # Errors
    /// As [`authorize`](Ctx::authorize); [`NotPermitted`] naming the unit
    /// as `outside` when the roles that grant the command reach only units
    /// the record is not in.
    pub fn authorize_on<E>(
        &self,
        command: impl Into<CommandKind>,
        unit: Option<UnitId>,
    ) -> Result<(), E>
    where
        E: From<NotPermitted> + From<NotCompetent>,
    {
        let command = command.into();
        self.authorize::<E>(command)?;
        Ok(self.reaches(command, unit)?)
    }

    /// Checks that one of the actor's roles that is granted `command`
    /// reaches a record of `unit`: the second half of
    /// [`authorize_on`](Ctx::authorize_on), for a command that acts on a
    /// second unit, such as the one a case is transferred to.
    pub(crate) fn reaches(
        &self,
        command: CommandKind,
        unit: Option<UnitId>,
    ) -> Result<(), NotPermitted> {
        if !self.policy.has_reaches() {
            return Ok(());
        }
        let permissions = self.policy.permissions();
        let organisation = self.policy.organisation();
        let reaches = |role: Role| match self.policy.roles().get(&role).and_then(|r| r.within) {
            None => true,
            Some(reach) => unit.is_some_and(|unit| organisation.reaches(reach, self.units, unit)),
        };
        let held = self.actor.roles;
        if held
            .iter()
            .any(|role| permissions.allows(role, command) && reaches(role))
        {
            return Ok(());
        }
        Err(NotPermitted {
            actor: self.actor.id,
            roles: Box::new(held),
            command,
            outside: unit,
        })
    }
}

/// The people's training, as the competency gates read it: until when a person
/// is competent in a training requirement. The governance module's
/// `TrainingFile` answers it from training records and controlled documents; a
/// caller whose training lives elsewhere (an HR or learning system) can answer
/// it from there.
///
/// # Example
/// Competency gates answered from the caller's learning system, here a list
/// of who is certified until when:
/// ```
/// use casework::authority::CompetencyGap;
/// use casework::governance::{Assessment, CompetencyGate, Subject, TrainingRequirement};
/// use casework::policy::Competence;
/// use casework::{Actor, ActorId, CaseCommandKind, Ctx, PolicySpec, Role};
/// use chrono::{DateTime, TimeZone, Utc};
/// use uuid::Uuid;
///
/// #[derive(Debug)]
/// struct Certified(Vec<(ActorId, &'static str, DateTime<Utc>)>);
///
/// impl Competence for Certified {
///     fn competent_until(
///         &self,
///         person: ActorId,
///         requirement: &TrainingRequirement,
///         at: DateTime<Utc>,
///     ) -> Result<DateTime<Utc>, CompetencyGap> {
///         let until = self.0.iter()
///             .filter(|(p, r, _)| *p == person && *r == requirement.name)
///             .map(|(_, _, until)| *until)
///             .max()
///             .ok_or(CompetencyGap::NeverTrained)?;
///         if at < until { Ok(until) } else { Err(CompetencyGap::Lapsed { at: until }) }
///     }
/// }
///
/// let mut spec = PolicySpec::sop_default();
/// spec.governance.training.push(TrainingRequirement {
///     name: "resolution_review".into(),
///     role: Role::QaSpecialist,
///     subject: Subject::Skill { name: "resolution review".into() },
///     assessment: Assessment::ObservedPractice,
///     renewal_months: 12,
///     grace_days: 0,
/// });
/// spec.governance.competency_gates.push(CompetencyGate {
///     command: CaseCommandKind::ReviewResolution.into(),
///     requirement: "resolution_review".into(),
/// });
/// let policy = spec.compile()?;
/// let qa = Actor::new(ActorId::from_uuid(Uuid::from_u128(3)), [Role::QaSpecialist]);
/// let until = Utc.with_ymd_and_hms(2026, 12, 31, 0, 0, 0).unwrap();
/// let learning = Certified(vec![(qa.id, "resolution_review", until)]);
///
/// let before = Ctx::new(until - chrono::TimeDelta::days(1), qa, &policy).with_training(&learning);
/// assert!(before.competence(CaseCommandKind::ReviewResolution).is_ok());
/// let after = Ctx::new(until, qa, &policy).with_training(&learning);
/// let refused = after.competence(CaseCommandKind::ReviewResolution).unwrap_err();
/// assert_eq!(refused.gap, CompetencyGap::Lapsed { at: until });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Competence: core::fmt::Debug + Sync {
    /// Until when `person` is competent in `requirement`, as of `at`: `Ok`
    /// with the instant it lapses (later than `at`), or why not.
    ///
    /// # Errors
    /// The [`CompetencyGap`]: never trained, lapsed, or the training cannot be
    /// judged.
    fn competent_until(
        &self,
        person: ActorId,
        requirement: &TrainingRequirement,
        at: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, CompetencyGap>;
}
