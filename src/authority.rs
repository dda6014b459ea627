//! Authority: whether an actor may give a command. Every aggregate's `decide`
//! asks this first, through `Ctx::authorize`, and refuses with its own error
//! wrapping the refusal. Two gates, in this order:
//! - the permission table grants the command to one of the actor's roles
//!   ([`Permissions::check`](crate::actor::Permissions::check), refusing with
//!   [`NotPermitted`](crate::actor::NotPermitted));
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

use chrono::{DateTime, Utc};

use crate::actor::CommandKind;
use crate::id::{ActorId, DocumentId};

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
