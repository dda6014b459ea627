//! [`suggest_assignee`]: who of a team should take a case, from the caller's
//! snapshot of the team's open load, as a pure and deterministic helper.
//!
//! The library keeps no directory of people and no queues: the caller passes
//! the candidates (from its own directory) with their open load (from its
//! read model, such as a queue projection), and records the suggestion, if it
//! takes it, as an ordinary `Assign` command.
//!
//! # Example
//! ```
//! use casework::policy::{Candidate, Need, Pick, suggest_assignee};
//! use casework::ActorId;
//! use uuid::Uuid;
//!
//! let person = |n| ActorId::from_uuid(Uuid::from_u128(n));
//! let team = [
//!     Candidate::new(person(1), 4).languages(["en"]),
//!     Candidate::new(person(2), 2).languages(["de", "en"]),
//!     Candidate::new(person(3), 2).languages(["en"]),
//! ];
//! // The least loaded who speaks German.
//! let german = suggest_assignee(&team, Pick::LeastLoaded, &Need::default().language("de-AT")).unwrap();
//! assert_eq!(german.actor, person(2));
//! // The least loaded of all: 2 and 3 tie at 2 open cases; the lower id wins.
//! let any = suggest_assignee(&team, Pick::LeastLoaded, &Need::default()).unwrap();
//! assert_eq!(any.actor, person(2));
//! assert_eq!(any.explain(), "least loaded: 2 open cases, of 3 candidates who qualify");
//! // Round robin after person 2: person 3, then around to person 1.
//! let next = suggest_assignee(&team, Pick::RoundRobin { after: Some(person(2)) }, &Need::default()).unwrap();
//! assert_eq!(next.actor, person(3));
//! ```

use super::organisation::holds;
use crate::id::ActorId;

/// One person who could take the case: who, how many open cases they hold
/// now, and what they can do.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Candidate {
    /// Who.
    pub actor: ActorId,
    /// How many open cases they hold, from the caller's read model.
    pub open: u32,
    /// The most open cases they take; `None` for no limit. A candidate at
    /// or over it is not suggested.
    pub capacity: Option<u32>,
    /// Their skills, such as `refunds`.
    pub skills: Vec<String>,
    /// The languages they answer in (BCP 47 tags, such as `de`).
    pub languages: Vec<String>,
}

impl Candidate {
    /// A candidate holding `open` cases, with no limit, skills or languages.
    #[must_use]
    pub const fn new(actor: ActorId, open: u32) -> Self {
        Self {
            actor,
            open,
            capacity: None,
            skills: Vec::new(),
            languages: Vec::new(),
        }
    }

    /// This candidate, taking at most `capacity` open cases.
    #[must_use]
    pub const fn capacity(mut self, capacity: u32) -> Self {
        self.capacity = Some(capacity);
        self
    }

    /// This candidate with skills.
    #[must_use]
    pub fn skills<T: Into<String>>(mut self, skills: impl IntoIterator<Item = T>) -> Self {
        self.skills = skills.into_iter().map(Into::into).collect();
        self
    }

    /// This candidate with languages.
    #[must_use]
    pub fn languages<T: Into<String>>(mut self, languages: impl IntoIterator<Item = T>) -> Self {
        self.languages = languages.into_iter().map(Into::into).collect();
        self
    }

    /// Whether the candidate meets `need` and has room for one more case.
    fn qualifies(&self, need: &Need<'_>) -> bool {
        let room = self.capacity.is_none_or(|capacity| self.open < capacity);
        let skilled = need
            .skill
            .is_none_or(|skill| self.skills.iter().any(|s| s == skill));
        // A candidate answering in `de` answers a `de-AT` case.
        let speaks = need
            .language
            .is_none_or(|language| self.languages.iter().any(|own| holds(own, language, '-')));
        room && skilled && speaks
    }
}

/// What the case needs of whoever takes it: a skill, a language, or
/// neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Need<'a> {
    /// A skill the candidate must have.
    pub skill: Option<&'a str>,
    /// The case's language: the candidate must answer in it or in its
    /// primary language (`de` for `de-AT`).
    pub language: Option<&'a str>,
}

impl<'a> Need<'a> {
    /// This need, with a skill.
    #[must_use]
    pub const fn skill(mut self, skill: &'a str) -> Self {
        self.skill = Some(skill);
        self
    }

    /// This need, with a language.
    #[must_use]
    pub const fn language(mut self, language: &'a str) -> Self {
        self.language = Some(language);
        self
    }
}

/// How to choose among the candidates who qualify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Pick {
    /// The one with the fewest open cases; ties go to the lower actor id.
    LeastLoaded,
    /// The next after `after` in actor-id order, around to the first: the
    /// caller keeps who it last suggested. `None` starts at the first.
    RoundRobin {
        /// Who was picked last.
        after: Option<ActorId>,
    },
}

/// Who to assign, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Suggestion {
    /// Who.
    pub actor: ActorId,
    /// How they were chosen.
    pub pick: Pick,
    /// Their open cases.
    pub open: u32,
    /// How many candidates qualified.
    pub qualified: usize,
}

impl Suggestion {
    /// Why this person, in words.
    #[must_use]
    pub fn explain(&self) -> String {
        let how = match self.pick {
            Pick::LeastLoaded => "least loaded",
            Pick::RoundRobin { .. } => "next in turn",
        };
        let cases = if self.open == 1 { "case" } else { "cases" };
        let candidates = if self.qualified == 1 {
            "candidate"
        } else {
            "candidates"
        };
        format!(
            "{how}: {} open {cases}, of {} {candidates} who qualify",
            self.open, self.qualified
        )
    }
}

/// Suggests who of `candidates` takes a case that needs `need`, picked by
/// `pick`: `None` when nobody qualifies (each must meet the need and have
/// room under their capacity). Deterministic: the same input gives the same
/// person, whatever the order of `candidates`; a candidate listed twice
/// counts once, with the first entry's figures.
#[must_use]
pub fn suggest_assignee(
    candidates: &[Candidate],
    pick: Pick,
    need: &Need<'_>,
) -> Option<Suggestion> {
    let mut people: Vec<&Candidate> = Vec::new();
    for candidate in candidates {
        if !people.iter().any(|p| p.actor == candidate.actor) {
            people.push(candidate);
        }
    }
    let mut qualified: Vec<&Candidate> = people.into_iter().filter(|c| c.qualifies(need)).collect();
    qualified.sort_by_key(|candidate| candidate.actor);
    let chosen = match pick {
        Pick::LeastLoaded => qualified.iter().min_by_key(|c| (c.open, c.actor)),
        Pick::RoundRobin { after } => qualified
            .iter()
            .find(|c| after.is_none_or(|after| c.actor > after))
            .or_else(|| qualified.first()),
    }?;
    Some(Suggestion {
        actor: chosen.actor,
        pick,
        open: chosen.open,
        qualified: qualified.len(),
    })
}
