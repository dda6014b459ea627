//! Authority: whether an actor may give a command. Every aggregate's `decide`
//! asks this first, through `Ctx::authorize`, and refuses with its own error
//! wrapping the refusal. Two gates, in this order:
//! - the permission table grants the command to one of the actor's roles
//!   ([`Permissions::check`](crate::actor::Permissions::check), refusing with
//!   [`NotPermitted`]);
//! - the actor is competent now in every training requirement the policy's
//!   competency gates name for the command (refusing with [`NotCompetent`],
//!   which says which requirement and the [`CompetencyGap`]).
//!
//! Rules that no table can switch off (a reviewer who is not the resolver, an
//! approver who is not the author) are each aggregate's own, in its `decide`.
//!
//! This module holds the refusals. It knows actors, command kinds and ids, and
//! nothing of the policy, of any aggregate, or of how training is recorded: the
//! context (`Ctx`) checks both gates and refuses with these.
//!
//! # Example
//! A desk gates the closing of a case on its complaint-handling training.
//! The manager is permitted to close, but without a training file in the
//! context the second gate refuses, saying which requirement and why:
//! ```
//! use casework::authority::{CompetencyGap, NotCompetent};
//! use casework::governance::{Assessment, CompetencyGate, Subject, TrainingRequirement};
//! use casework::{Actor, ActorId, CaseCommandKind, Ctx, NotPermitted, PolicySpec, Role};
//! use chrono::{TimeZone, Utc};
//! use uuid::Uuid;
//!
//! /// A caller's own refusal, wrapping both gates' as every aggregate's error does.
//! #[derive(Debug)]
//! enum Refused { NotPermitted(NotPermitted), NotCompetent(NotCompetent) }
//! impl From<NotPermitted> for Refused { fn from(e: NotPermitted) -> Self { Refused::NotPermitted(e) } }
//! impl From<NotCompetent> for Refused { fn from(e: NotCompetent) -> Self { Refused::NotCompetent(e) } }
//!
//! let mut spec = PolicySpec::sop_default();
//! spec.governance.training.push(TrainingRequirement {
//!     name: "complaint_handling".into(),
//!     role: Role::CustomerServiceManager,
//!     subject: Subject::Skill { name: "complaint handling".into() },
//!     assessment: Assessment::Quiz { pass_score: 80 },
//!     renewal_months: 12,
//!     grace_days: 0,
//! });
//! spec.governance.competency_gates.push(CompetencyGate {
//!     command: CaseCommandKind::Close.into(),
//!     requirement: "complaint_handling".into(),
//! });
//! let policy = spec.compile()?;
//! let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
//! let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
//! let manager = Actor::new(ActorId::from_uuid(Uuid::from_u128(2)), [Role::CustomerServiceManager]);
//!
//! // First gate: the permission table.
//! let refused = Ctx::new(now, csr, &policy).authorize::<Refused>(CaseCommandKind::Close).unwrap_err();
//! assert!(matches!(refused, Refused::NotPermitted(_)));
//! // Second gate: competence.
//! let refused = Ctx::new(now, manager, &policy).authorize::<Refused>(CaseCommandKind::Close).unwrap_err();
//! let Refused::NotCompetent(not_competent) = refused else { panic!("permitted, not competent") };
//! assert_eq!(not_competent.gap, CompetencyGap::NoTrainingFile);
//! assert_eq!(
//!     not_competent.to_string(),
//!     "actor 00000000-0000-0000-0000-000000000002 is not competent in `complaint_handling`, \
//!      which `close` needs: the context carries no training file"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::{DateTime, Utc};

use crate::actor::{CommandKind, NotPermitted};
use crate::id::{ActorId, DocumentId};
use crate::problem::{Problem, Problems};

/// Why an actor is not competent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "gap", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum CompetencyGap {
    /// The context carries no training file, so competency cannot be shown.
    NoTrainingFile,
    /// The requirement trains on a document the training file lacks, so
    /// whether a newer revision lapsed the training cannot be known.
    DocumentNotInFile {
        /// The document.
        document: DocumentId,
    },
    /// No record of theirs passes the requirement.
    NeverTrained,
    /// Their training lapsed: past its renewal, or past the grace period after
    /// a newer revision of its document took effect.
    Lapsed {
        /// When.
        at: DateTime<Utc>,
    },
}

impl core::fmt::Display for CompetencyGap {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            CompetencyGap::NoTrainingFile => f.write_str("the context carries no training file"),
            CompetencyGap::DocumentNotInFile { document } => {
                write!(f, "document {document} is not in the training file")
            }
            CompetencyGap::NeverTrained => f.write_str("no passing training is on record"),
            CompetencyGap::Lapsed { at } => write!(f, "their training lapsed at {at}"),
        }
    }
}

/// The refusal of a command that the policy gates on a training requirement
/// the actor is not competent in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("actor {actor} is not competent in `{requirement}`, which `{command}` needs: {gap}")]
#[non_exhaustive]
pub struct NotCompetent {
    /// Who asked.
    pub actor: ActorId,
    /// What was asked for.
    pub command: CommandKind,
    /// The requirement's name.
    pub requirement: String,
    /// Why not.
    pub gap: CompetencyGap,
}

impl crate::problem::Rule for NotCompetent {
    fn rule(&self) -> &'static str {
        "not_competent"
    }
}

/// A refusal by one of the gates every aggregate shares, in the order they
/// are checked: the permission table, the competency gates, and the command's
/// own content. Each aggregate's error wraps it as its `Gate` variant, so
/// that code over any aggregate can tell these refusals apart the same way;
/// `K` is the aggregate's command kind.
///
/// # Example
/// ```
/// use casework::authority::GateError;
/// use casework::case::CaseError;
/// use casework::{Actor, ActorId, CaseCommandKind, Ctx, Policy, Role};
/// use chrono::{TimeZone, Utc};
/// use uuid::Uuid;
///
/// let policy = Policy::sop_default()?;
/// let csr = Actor::new(ActorId::from_uuid(Uuid::from_u128(1)), [Role::CustomerServiceRepresentative]);
/// let ctx = Ctx::new(Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap(), csr, &policy);
///
/// // The gates every aggregate's `decide` asks first: a CSR may not close.
/// let gate = ctx.authorize::<GateError<CaseCommandKind>>(CaseCommandKind::Close).unwrap_err();
/// assert!(matches!(gate, GateError::NotPermitted(_)));
/// assert_eq!(gate.rule(), "not_permitted");
/// // A case's refusal wraps it, rule and message unchanged.
/// let refused = CaseError::from(gate.clone());
/// assert_eq!((refused.rule(), refused.to_string()), (gate.rule(), gate.to_string()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GateError<K> {
    /// None of the actor's roles is granted the command by the permission table.
    #[error(transparent)]
    NotPermitted(#[from] NotPermitted),
    /// The policy gates the command on a competency the actor lacks.
    #[error(transparent)]
    NotCompetent(#[from] NotCompetent),
    /// The command's content is invalid: every problem, with its path.
    #[error("invalid `{command}`: {}", Problems(problems))]
    Invalid {
        /// What was asked.
        command: K,
        /// Every problem found, with its path.
        problems: Vec<Problem>,
    },
}

impl<K> GateError<K> {
    /// A stable snake_case name of the gate that refused: `not_permitted`,
    /// `not_competent` or `invalid_command`.
    #[must_use]
    pub const fn rule(&self) -> &'static str {
        match self {
            GateError::NotPermitted(_) => "not_permitted",
            GateError::NotCompetent(_) => "not_competent",
            GateError::Invalid { .. } => "invalid_command",
        }
    }

    /// The problems of an invalid command; empty for the other gates.
    #[must_use]
    pub fn problems(&self) -> &[Problem] {
        match self {
            GateError::Invalid { problems, .. } => problems,
            _ => &[],
        }
    }
}

impl<K> crate::problem::Rule for GateError<K> {
    fn rule(&self) -> &'static str {
        GateError::rule(self)
    }
}

/// Wires an aggregate's error to the shared gates: its `Gate` variant wraps
/// [`GateError`] over the aggregate's command kind, the context's
/// `authorize` refuses into it, and an invalid command is built into it.
macro_rules! gate_error {
    ($error:ty, $kind:ty) => {
        impl From<crate::actor::NotPermitted> for $error {
            fn from(refused: crate::actor::NotPermitted) -> Self {
                Self::Gate(crate::authority::GateError::NotPermitted(refused))
            }
        }

        impl From<crate::authority::NotCompetent> for $error {
            fn from(refused: crate::authority::NotCompetent) -> Self {
                Self::Gate(crate::authority::GateError::NotCompetent(refused))
            }
        }

        impl crate::actor::InvalidCommand for $error {
            type Kind = $kind;

            fn invalid(command: $kind, problems: Vec<crate::problem::Problem>) -> Self {
                Self::Gate(crate::authority::GateError::Invalid { command, problems })
            }
        }
    };
}
pub(crate) use gate_error;
