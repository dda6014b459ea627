//! [`sample`]: which handled cases are audited, drawn without randomness.
//!
//! Each candidate case is ranked by a SHA-256 digest of a fixed
//! domain-separation tag, the period and the case id; each agent's cases of a
//! period with the lowest digests are the sample. The same candidates give
//! the same sample on every run and platform, in whatever order they are
//! listed, and nobody picks which of their cases are audited without
//! controlling the case ids, which the desk assigns at intake.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::id::{ActorId, CaseId};
use crate::policy::quality::Sampling;

/// The domain-separation tag of [`rank`]: a digest made for anything else
/// never equals a rank.
pub const SAMPLE_TAG: &str = "casework/quality/audit-sample/v1";

/// A handled case that may be audited: the case, the agent it is attributed
/// to (usually its resolver), and the period it falls in, such as `2026-11`.
/// The kpi module's `Candidate::resolved` reads one from a case's state.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct Candidate {
    /// The case.
    pub case: CaseId,
    /// The agent whose handling it is.
    pub agent: ActorId,
    /// The period, such as `2026-11`: the label the sample is drawn for.
    pub period: String,
}

impl Candidate {
    /// The case `case`, attributed to `agent`, in `period`.
    #[must_use]
    pub fn new(case: CaseId, agent: ActorId, period: impl Into<String>) -> Self {
        Self {
            case,
            agent,
            period: period.into(),
        }
    }
}

/// One agent's sample for one period.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct AgentSample {
    /// The period.
    pub period: String,
    /// The agent.
    pub agent: ActorId,
    /// How many distinct cases the agent had in the period.
    pub candidates: usize,
    /// The cases to audit, lowest rank first: the first is the first to
    /// audit, and a sample of fewer cases is a prefix of this one.
    pub cases: Vec<CaseId>,
}

/// The cases to audit: per period and agent, in that order (periods as
/// text, agents by id), each agent's lowest-ranked cases.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct AuditSample {
    /// The rule it was drawn by.
    pub sampling: Sampling,
    /// Each agent's sample, per period.
    pub agents: Vec<AgentSample>,
}

impl AuditSample {
    /// Every case of the sample with its agent and period, in the sample's
    /// order.
    pub fn cases(&self) -> impl Iterator<Item = Candidate> + '_ {
        self.agents.iter().flat_map(|group| {
            group
                .cases
                .iter()
                .map(|case| Candidate::new(*case, group.agent, group.period.clone()))
        })
    }
}

/// The rank of `case` in `period`: SHA-256 over [`SAMPLE_TAG`], the period
/// and the case id's 16 bytes, the two texts each preceded by its length in
/// bytes as a big-endian `u64`. Lower ranks are sampled first.
#[must_use]
pub fn rank(period: &str, case: CaseId) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for text in [SAMPLE_TAG, period] {
        let length = u64::try_from(text.len()).unwrap_or(u64::MAX);
        hasher.update(length.to_be_bytes());
        hasher.update(text.as_bytes());
    }
    hasher.update(case.as_uuid().as_bytes());
    hasher.finalize().into()
}

/// A case with its rank.
type Ranked = ([u8; 32], CaseId);

/// Draws the audit sample from `candidates` by `sampling`: for each period
/// and agent, their cases ranked by [`rank`], the lowest first, as many as
/// the rule says ([`Sampling::quota`]):
/// - `PerAgent { cases }`: that many, or all of an agent's cases when they
///   are fewer;
/// - `Percent { percent }`: that percentage of the agent's cases, **rounded
///   up**, so that an agent with any case in the period has at least one
///   audited (5 % of 3 cases is 1 case; 50 % of 3 is 2).
///
/// Pure and deterministic: no randomness, no clock. The same candidates, in
/// any order, give the same sample; a candidate listed twice counts once.
/// A case attributed to two agents in one period is a candidate of each.
///
/// # Example
/// ```
/// use casework::quality::audit::{Candidate, Sampling, sample};
/// use casework::{ActorId, CaseId};
/// use uuid::Uuid;
///
/// let (ann, bob) = (ActorId::from_uuid(Uuid::from_u128(1)), ActorId::from_uuid(Uuid::from_u128(2)));
/// let case = |n| CaseId::from_uuid(Uuid::from_u128(n));
/// let mut candidates: Vec<Candidate> = (1..=10).map(|n| Candidate::new(case(n), ann, "2026-11")).collect();
/// candidates.push(Candidate::new(case(11), bob, "2026-11"));
///
/// let drawn = sample(&candidates, Sampling::PerAgent { cases: 2 });
/// assert_eq!(drawn.agents.len(), 2);
/// assert_eq!((drawn.agents[0].agent, drawn.agents[0].candidates, drawn.agents[0].cases.len()), (ann, 10, 2));
/// // Bob had one case: it is his sample.
/// assert_eq!(drawn.agents[1].cases, [case(11)]);
///
/// // The same in any order.
/// candidates.reverse();
/// assert_eq!(sample(&candidates, Sampling::PerAgent { cases: 2 }), drawn);
///
/// // 5 % of Ann's 10 cases, rounded up: one, the first of her two.
/// let percent = sample(&candidates, Sampling::Percent { percent: 5 });
/// assert_eq!(percent.agents[0].cases, drawn.agents[0].cases[..1]);
/// ```
#[must_use]
pub fn sample(candidates: &[Candidate], sampling: Sampling) -> AuditSample {
    let mut groups: BTreeMap<(&str, ActorId), Vec<Ranked>> = BTreeMap::new();
    for candidate in candidates {
        let ranked = (rank(&candidate.period, candidate.case), candidate.case);
        groups
            .entry((candidate.period.as_str(), candidate.agent))
            .or_default()
            .push(ranked);
    }
    let agents = groups
        .into_iter()
        .map(|((period, agent), mut cases)| {
            cases.sort_unstable();
            cases.dedup();
            let quota = sampling.quota(cases.len());
            AgentSample {
                period: period.to_owned(),
                agent,
                candidates: cases.len(),
                cases: cases
                    .into_iter()
                    .take(quota)
                    .map(|(_, case)| case)
                    .collect(),
            }
        })
        .collect();
    AuditSample { sampling, agents }
}
