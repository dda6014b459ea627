//! The lifecycle table as data: which command leads from which status to which, and
//! who may give it. [`LifecycleSpec`] is what a policy file holds;
//! [`LifecycleSpec::compile`] checks it and returns a [`Lifecycle`] that answers in
//! constant time and cannot be invalid.

use std::collections::{BTreeMap, BTreeSet};

use super::status::Status;
use crate::actor::{CaseCommandKind, Permissions, Role, RoleSet};
use crate::problem::{Problem, too_many};

/// Where a transition leads: a fixed status, or back to the status the case had
/// before it entered the current one (what an unmerge does, and a resume may).
///
/// In a policy file, a status name or `"previous"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// This status.
    Status(Status),
    /// The status before the current one.
    Previous,
}

impl Target {
    /// The name used in policy files.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Target::Status(status) => status.as_str(),
            Target::Previous => "previous",
        }
    }
}

impl From<Status> for Target {
    fn from(status: Status) -> Self {
        Target::Status(status)
    }
}

/// One row of a lifecycle table, as written in a policy file.
///
/// ```json
/// { "from": "closed", "command": "reopen", "to": "investigating",
///   "roles": ["customer_service_manager"] }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct TransitionSpec {
    /// The status the row applies in.
    pub from: String,
    /// The command kind, such as `propose_resolution`.
    pub command: String,
    /// The status it leads to, or `previous`.
    pub to: String,
    /// The roles that may make this move. Empty: every role the permission table
    /// grants the command. Otherwise an actor needs a role that is both listed here
    /// and granted the command. Each once, so at most as many as there are roles.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub roles: Vec<String>,
}

/// A lifecycle table as written in a policy file: status labels and transitions.
///
/// [`LifecycleSpec::sop_default`] implements the SOP. Compile a spec with
/// [`LifecycleSpec::compile`], which reports every problem at once.
///
/// # Example
/// ```
/// use casework::case::{LifecycleSpec, Status};
/// use casework::{CaseCommandKind, Permissions, Role};
///
/// // The SOP table, with a desk's own label and a rule that only managers reopen
/// // resolved cases.
/// let spec = LifecycleSpec::sop_default()
///     .with_label(Status::WaitingOnThirdParty, "With supplier")
///     .allow(Status::Resolved, CaseCommandKind::Reopen, Status::Investigating, [Role::CustomerServiceManager]);
/// let lifecycle = spec.compile(&Permissions::sop_default()).unwrap();
///
/// assert_eq!(lifecycle.label(Status::WaitingOnThirdParty), "With supplier");
/// let row = lifecycle.transition(Status::Resolved, CaseCommandKind::Reopen).unwrap();
/// assert!(row.roles.contains(Role::CustomerServiceManager));
///
/// // A table in which a case can never be closed is refused, with the reason.
/// let broken = LifecycleSpec::sop_default().forbid(Status::Resolved, CaseCommandKind::Close);
/// let problems = broken.compile(&Permissions::sop_default()).unwrap_err();
/// assert!(problems.iter().any(|p| p.to_string() == "transitions: `closed` is unreachable from `received`"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct LifecycleSpec {
    /// Labels by status name, for statuses whose label differs from its name:
    /// one per status at most.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "BTreeMap::is_empty"))]
    pub labels: BTreeMap<String, String>,
    /// The transitions: at most [`MAX_TRANSITIONS`](Self::MAX_TRANSITIONS).
    pub transitions: Vec<TransitionSpec>,
}

impl LifecycleSpec {
    /// The most rows a lifecycle table may have: 256, more than one per status
    /// and command kind that changes it.
    pub const MAX_TRANSITIONS: usize = 256;

    /// The table the SOPs describe.
    ///
    /// | from | command | to |
    /// |---|---|---|
    /// | received | acknowledge | acknowledged |
    /// | acknowledged | start_investigation | investigating |
    /// | acknowledged | resolve | resolved (requests answered at once; first-contact resolution) |
    /// | investigating | wait_on_customer, wait_on_third_party | waiting_on_customer, waiting_on_third_party |
    /// | investigating | propose_resolution | resolution_proposed |
    /// | investigating | resolve | resolved |
    /// | waiting_on_customer, waiting_on_third_party | resume | previous |
    /// | resolution_proposed | resolve | resolved (the customer accepts) |
    /// | resolution_proposed | start_investigation | investigating (the customer declines) |
    /// | resolution_proposed | wait_on_customer | waiting_on_customer |
    /// | resolved | close | closed |
    /// | resolved | reopen | investigating |
    /// | closed | reopen | investigating (managers only) |
    /// | merged | unmerge | previous |
    /// | every open status | withdraw, merge | withdrawn, merged |
    /// | received, acknowledged, investigating | reject | rejected |
    #[must_use]
    pub fn sop_default() -> Self {
        use CaseCommandKind as K;
        use Status as S;
        use Target::Previous;
        #[rustfmt::skip]
        let main_path: [(Status, CaseCommandKind, Target); 15] = [
            (S::Received, K::Acknowledge, S::Acknowledged.into()),
            (S::Acknowledged, K::StartInvestigation, S::Investigating.into()),
            (S::Acknowledged, K::Resolve, S::Resolved.into()),
            (S::Investigating, K::WaitOnCustomer, S::WaitingOnCustomer.into()),
            (S::Investigating, K::WaitOnThirdParty, S::WaitingOnThirdParty.into()),
            (S::Investigating, K::ProposeResolution, S::ResolutionProposed.into()),
            (S::Investigating, K::Resolve, S::Resolved.into()),
            (S::WaitingOnCustomer, K::Resume, Previous),
            (S::WaitingOnThirdParty, K::Resume, Previous),
            (S::ResolutionProposed, K::Resolve, S::Resolved.into()),
            (S::ResolutionProposed, K::StartInvestigation, S::Investigating.into()),
            (S::ResolutionProposed, K::WaitOnCustomer, S::WaitingOnCustomer.into()),
            (S::Resolved, K::Close, S::Closed.into()),
            (S::Resolved, K::Reopen, S::Investigating.into()),
            (S::Merged, K::Unmerge, Previous),
        ];
        let exits = UNRESOLVED.iter().copied().flat_map(|from| {
            let reject = matches!(from, S::Received | S::Acknowledged | S::Investigating);
            [
                Some((from, K::Withdraw, S::Withdrawn.into())),
                Some((from, K::Merge, S::Merged.into())),
                reject.then_some((from, K::Reject, S::Rejected.into())),
            ]
            .into_iter()
            .flatten()
        });
        let mut spec = LifecycleSpec::default();
        for (from, command, to) in main_path.into_iter().chain(exits) {
            spec = spec.allow(from, command, to, []);
        }
        spec.allow(
            S::Closed,
            K::Reopen,
            S::Investigating,
            [Role::CustomerServiceManager],
        )
    }

    /// Adds a row, or replaces the row for the same `from` and `command`. An empty
    /// `roles` leaves the permission table to decide who may.
    #[must_use]
    pub fn allow(
        mut self,
        from: Status,
        command: CaseCommandKind,
        to: impl Into<Target>,
        roles: impl IntoIterator<Item = Role>,
    ) -> Self {
        self = self.forbid(from, command);
        self.transitions.push(TransitionSpec {
            from: from.as_str().to_owned(),
            command: command.as_str().to_owned(),
            to: to.into().as_str().to_owned(),
            roles: roles.into_iter().map(|r| r.as_str().to_owned()).collect(),
        });
        self
    }

    /// Removes the row for `from` and `command`, if there is one.
    #[must_use]
    pub fn forbid(mut self, from: Status, command: CaseCommandKind) -> Self {
        self.transitions
            .retain(|t| !(t.from == from.as_str() && t.command == command.as_str()));
        self
    }

    /// Sets the label shown for a status.
    #[must_use]
    pub fn with_label(mut self, status: Status, label: impl Into<String>) -> Self {
        self.labels.insert(status.as_str().to_owned(), label.into());
        self
    }

    /// Checks the table against the fixed rules of the lifecycle and the permission
    /// table, and compiles it.
    ///
    /// # Errors
    /// Every problem, each with its path (`transitions[3].to`, `labels.resolvd`):
    /// - more rows than [`MAX_TRANSITIONS`](Self::MAX_TRANSITIONS), more labels
    ///   than statuses, or more roles in a row than there are roles (the
    ///   entries of such a list are not checked);
    /// - an unknown status, command kind or role name, or a blank label;
    /// - a command kind that does not change the status (`add_note`), or two rows
    ///   for the same status and command;
    /// - a row that breaks a fixed rule:
    ///   - a terminal status left by anything but a reopen (closed) or an unmerge
    ///     (merged), or `resolved` left by anything but a close or a reopen;
    ///   - a reopen from anything but `resolved` or `closed`, a close from anything
    ///     but `resolved`, a resume from anything but a waiting status, a wait from
    ///     a waiting status;
    ///   - a command leading anywhere but where it must: `close` to `closed`,
    ///     `unmerge` to `previous`, `acknowledge` and `reopen` to `acknowledged` or
    ///     `investigating`, `resume` to `previous` or a working status, ...;
    ///   - a row leading back to its own status;
    /// - a row that no role may use: none of its roles, or none at all when it
    ///   names none, is granted the command by `permissions`;
    /// - a status unreachable from `received`, or an open status from which no
    ///   terminal status can be reached.
    pub fn compile(&self, permissions: &Permissions) -> Result<Lifecycle, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut lifecycle = Lifecycle::empty();
        // A list past its limit is one problem; its entries are not checked.
        let too_many_labels = too_many(
            &mut problems,
            "labels",
            self.labels.len(),
            Status::ALL.len(),
        );
        let too_many_rows = too_many(
            &mut problems,
            "transitions",
            self.transitions.len(),
            Self::MAX_TRANSITIONS,
        );
        if too_many_labels || too_many_rows {
            return Err(problems);
        }
        for (name, label) in &self.labels {
            let path = format!("labels.{name}");
            match Status::from_name(name) {
                None => problems.push(Problem::new(path, format!("`{name}` is not a status"))),
                Some(_) if label.trim().is_empty() => {
                    problems.push(Problem::new(path, "a label must not be blank"));
                }
                Some(status) => lifecycle.set_label(status, label),
            }
        }
        for (i, row) in self.transitions.iter().enumerate() {
            let at = |field: &str| format!("transitions[{i}].{field}");
            let from = Status::from_name(&row.from);
            if from.is_none() {
                problems.push(Problem::new(
                    at("from"),
                    format!("`{}` is not a status", row.from),
                ));
            }
            let command = CaseCommandKind::ALL
                .iter()
                .copied()
                .find(|k| k.as_str() == row.command);
            match command {
                None => problems.push(Problem::new(
                    at("command"),
                    format!("`{}` is not a command kind", row.command),
                )),
                Some(kind) if transition_rule(kind).is_none() => problems.push(Problem::new(
                    at("command"),
                    format!("`{kind}` does not change the status"),
                )),
                Some(_) => {}
            }
            let to = if row.to == "previous" {
                Some(Target::Previous)
            } else {
                Status::from_name(&row.to).map(Target::Status)
            };
            if to.is_none() {
                problems.push(Problem::new(
                    at("to"),
                    format!("`{}` is neither a status nor `previous`", row.to),
                ));
            }
            let mut roles = RoleSet::EMPTY;
            if too_many(
                &mut problems,
                &at("roles"),
                row.roles.len(),
                RoleSet::CAPACITY,
            ) {
                continue;
            }
            for (j, id) in row.roles.iter().enumerate() {
                match Role::new(id) {
                    Ok(role) => {
                        let _ = roles.insert(role);
                    }
                    Err(refused) => problems.push(Problem::new(
                        format!("transitions[{i}].roles[{j}]"),
                        refused.to_string(),
                    )),
                }
            }
            let (Some(from), Some(kind), Some(to)) = (from, command, to) else {
                continue;
            };
            let Some(rule) = transition_rule(kind) else {
                continue;
            };
            if let Some(message) = rule.check(from, to) {
                problems.push(Problem::new(format!("transitions[{i}]"), message));
            }
            if roles.is_empty() && !permissions.roles().any(|r| permissions.allows(r, kind)) {
                problems.push(Problem::new(
                    format!("transitions[{i}]"),
                    format!("no role is granted `{kind}` by the permission table"),
                ));
            }
            if !roles.is_empty() && !roles.iter().any(|r| permissions.allows(r, kind)) {
                problems.push(Problem::new(
                    at("roles"),
                    format!("none of {roles} is granted `{kind}` by the permission table"),
                ));
            }
            if lifecycle.transition(from, kind).is_some() {
                problems.push(Problem::new(
                    format!("transitions[{i}]"),
                    format!("a second row for `{from}` and `{kind}`"),
                ));
            }
            lifecycle.set(from, kind, Transition { to, roles });
        }
        if problems.is_empty() {
            problems.extend(lifecycle.reachability_problems());
        }
        if problems.is_empty() {
            Ok(lifecycle)
        } else {
            Err(problems)
        }
    }
}

/// One compiled row: where the move leads and who may make it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    /// Where the move leads.
    pub to: Target,
    /// The roles that may make it; empty means every role the permission table
    /// grants the command.
    pub roles: RoleSet,
}

const STATUSES: usize = Status::ALL.len();
const KINDS: usize = CaseCommandKind::ALL.len();

/// A compiled lifecycle table: constant-time lookups, and valid by construction.
///
/// Built by [`LifecycleSpec::compile`]; see there for an example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lifecycle {
    /// The row of `(from, kind)` at `from * KINDS + kind`. On the heap: a
    /// row's roles make the table too large to move about on the stack.
    rows: Box<[Option<Transition>]>,
    labels: [Option<String>; STATUSES],
}

/// Where the row of `(from, kind)` is kept.
const fn cell(from: Status, kind: CaseCommandKind) -> usize {
    from.index() * KINDS + kind as usize
}

impl Lifecycle {
    fn empty() -> Self {
        Self {
            rows: vec![None; STATUSES * KINDS].into_boxed_slice(),
            labels: Default::default(),
        }
    }

    fn set(&mut self, from: Status, kind: CaseCommandKind, transition: Transition) {
        if let Some(cell) = self.rows.get_mut(cell(from, kind)) {
            *cell = Some(transition);
        }
    }

    fn set_label(&mut self, status: Status, label: &str) {
        if let Some(cell) = self.labels.get_mut(status.index()) {
            *cell = Some(label.to_owned());
        }
    }

    /// The row for `command` in status `from`, if the table has one.
    #[must_use]
    pub fn transition(&self, from: Status, command: CaseCommandKind) -> Option<Transition> {
        self.rows.get(cell(from, command)).copied().flatten()
    }

    /// The label shown for `status`: the policy's, or the status name.
    #[must_use]
    pub fn label(&self, status: Status) -> &str {
        self.labels
            .get(status.index())
            .and_then(Option::as_deref)
            .unwrap_or(status.as_str())
    }

    /// Every row, as `(from, command, transition)`.
    pub fn transitions(&self) -> impl Iterator<Item = (Status, CaseCommandKind, Transition)> + '_ {
        Status::ALL.into_iter().flat_map(move |from| {
            CaseCommandKind::ALL
                .iter()
                .filter_map(move |&kind| self.transition(from, kind).map(|t| (from, kind, t)))
        })
    }

    /// The statuses each status's rows lead to. A `previous` row leads back to the
    /// statuses with a fixed row into its own, so it adds edges only when
    /// `with_previous`: it can return only to a status already reached.
    fn successors(&self, with_previous: bool) -> BTreeMap<Status, BTreeSet<Status>> {
        let mut next: BTreeMap<Status, BTreeSet<Status>> = BTreeMap::new();
        for (from, _, t) in self.transitions() {
            if let Target::Status(to) = t.to {
                next.entry(from).or_default().insert(to);
            }
        }
        if with_previous {
            for (from, _, t) in self.transitions() {
                if t.to == Target::Previous {
                    let before: Vec<Status> = next
                        .iter()
                        .filter(|(_, tos)| tos.contains(&from))
                        .map(|(s, _)| *s)
                        .collect();
                    next.entry(from).or_default().extend(before);
                }
            }
        }
        next
    }

    fn reachability_problems(&self) -> Vec<Problem> {
        let closure =
            |next: &BTreeMap<Status, BTreeSet<Status>>, starts: Vec<Status>, forward: bool| {
                let mut seen: BTreeSet<Status> = starts.iter().copied().collect();
                let mut stack = starts;
                while let Some(s) = stack.pop() {
                    let step: Vec<Status> = if forward {
                        next.get(&s).into_iter().flatten().copied().collect()
                    } else {
                        next.iter()
                            .filter(|(_, tos)| tos.contains(&s))
                            .map(|(from, _)| *from)
                            .collect()
                    };
                    for t in step {
                        if seen.insert(t) {
                            stack.push(t);
                        }
                    }
                }
                seen
            };
        let reachable = closure(&self.successors(false), vec![Status::Received], true);
        let terminals = Status::ALL
            .into_iter()
            .filter(|s| s.is_terminal())
            .collect();
        let finishing = closure(&self.successors(true), terminals, false);
        let mut problems = Vec::new();
        for status in Status::ALL {
            if !reachable.contains(&status) {
                problems.push(Problem::new(
                    "transitions",
                    format!("`{status}` is unreachable from `received`"),
                ));
            } else if !finishing.contains(&status) {
                problems.push(Problem::new(
                    "transitions",
                    format!("no terminal status can be reached from `{status}`"),
                ));
            }
        }
        problems
    }
}

/// The statuses of a case being worked, before its resolution: those that
/// come before [`Status::Resolved`] in lifecycle order ([`Status::ALL`]).
const UNRESOLVED: &[Status] = Status::ALL.split_at(Status::Resolved.index()).0;

/// Whether commands of this kind change the status, and so need a lifecycle row.
pub(crate) fn changes_status(kind: CaseCommandKind) -> bool {
    transition_rule(kind).is_some()
}

/// The fixed rules for the rows of one command kind: where it may start and where
/// it must lead. `None` for kinds that do not change the status.
fn transition_rule(kind: CaseCommandKind) -> Option<Rule> {
    use Status as S;
    const OPEN: &[Status] = UNRESOLVED;
    const WORKING: &[Status] = &[S::Acknowledged, S::Investigating];
    // Waiting on one party cannot turn into waiting on another: a resume must
    // lead back to work.
    const NOT_WAITING: &[Status] = &[
        S::Received,
        S::Acknowledged,
        S::Investigating,
        S::ResolutionProposed,
    ];
    let rule = |from: &'static [Status], to: &'static [Status], previous: bool| Rule {
        from,
        to,
        previous,
    };
    Some(match kind {
        CaseCommandKind::Acknowledge => rule(OPEN, WORKING, false),
        CaseCommandKind::StartInvestigation => rule(OPEN, &[S::Investigating], false),
        CaseCommandKind::WaitOnCustomer => rule(NOT_WAITING, &[S::WaitingOnCustomer], false),
        CaseCommandKind::WaitOnThirdParty => rule(NOT_WAITING, &[S::WaitingOnThirdParty], false),
        CaseCommandKind::Resume => rule(
            &[S::WaitingOnCustomer, S::WaitingOnThirdParty],
            &[S::Acknowledged, S::Investigating, S::ResolutionProposed],
            true,
        ),
        CaseCommandKind::ProposeResolution => rule(OPEN, &[S::ResolutionProposed], false),
        CaseCommandKind::Resolve => rule(OPEN, &[S::Resolved], false),
        CaseCommandKind::Close => rule(&[S::Resolved], &[S::Closed], false),
        CaseCommandKind::Reopen => rule(&[S::Resolved, S::Closed], WORKING, false),
        CaseCommandKind::Withdraw => rule(OPEN, &[S::Withdrawn], false),
        CaseCommandKind::Reject => rule(OPEN, &[S::Rejected], false),
        CaseCommandKind::Merge => rule(OPEN, &[S::Merged], false),
        CaseCommandKind::Unmerge => rule(&[S::Merged], &[], true),
        CaseCommandKind::Log
        | CaseCommandKind::Recategorise
        | CaseCommandKind::Transfer
        | CaseCommandKind::Assign
        | CaseCommandKind::AddNote
        | CaseCommandKind::ReviewResolution
        | CaseCommandKind::RecordFollowUp
        | CaseCommandKind::WaiveFollowUp
        | CaseCommandKind::RecordNoAnswer
        | CaseCommandKind::LinkQualityRecord
        | CaseCommandKind::ApproveNoCapa
        | CaseCommandKind::Escalate
        | CaseCommandKind::Deescalate
        | CaseCommandKind::Reassess
        | CaseCommandKind::RecordCustomerMessage
        | CaseCommandKind::RecordDeadline
        | CaseCommandKind::RecordServiceDelivered
        | CaseCommandKind::ResolveConcern
        | CaseCommandKind::ProposeNoCapa
        | CaseCommandKind::PlaceLegalHold
        | CaseCommandKind::ReleaseLegalHold
        | CaseCommandKind::ErasePersonalData
        | CaseCommandKind::DisposeFeedback
        | CaseCommandKind::QueueMessage
        | CaseCommandKind::RecordDelivery => return None,
    })
}

#[derive(Clone, Copy)]
struct Rule {
    from: &'static [Status],
    to: &'static [Status],
    previous: bool,
}

impl Rule {
    fn check(self, from: Status, to: Target) -> Option<String> {
        let names = |list: &[Status]| {
            list.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !self.from.contains(&from) {
            return Some(format!(
                "this command is allowed only from {}",
                names(self.from)
            ));
        }
        match to {
            Target::Previous if !self.previous => {
                Some(format!("must lead to {}, not `previous`", names(self.to)))
            }
            Target::Status(s) if !self.to.contains(&s) => Some(if self.to.is_empty() {
                format!("must lead to `previous`, not `{s}`")
            } else if self.previous {
                format!("must lead to {} or `previous`, not `{s}`", names(self.to))
            } else {
                format!("must lead to {}, not `{s}`", names(self.to))
            }),
            Target::Status(s) if s == from => Some(format!("leads back to `{s}`")),
            _ => None,
        }
    }
}
