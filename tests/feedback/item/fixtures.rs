//! People, feedback and an item walked through commands under the SOP
//! default policy. Shared by the item tests, the deadline contract and
//! `benches/feedback.rs` (included there by `#[path]`).

use std::sync::OnceLock;

use casework::Aggregate as _;
use casework::feedback::item::{
    Command, Event, Feedback, FeedbackItem, FeedbackItemError, FeedbackKind,
};
use casework::{Actor, ActorId, Channel, Ctx, CustomerRef, FeedbackItemId, Policy, Recorded, Role};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use uuid::Uuid;

/// Monday 2026-11-23 09:00 UTC.
pub fn monday() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

pub fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| Policy::sop_default().unwrap())
}

pub fn person(n: u128, role: Role) -> Actor {
    Actor::new(ActorId::from_uuid(Uuid::from_u128(n)), [role])
}

pub fn csr() -> Actor {
    person(1, Role::CustomerServiceRepresentative)
}

pub fn manager() -> Actor {
    person(2, Role::CustomerServiceManager)
}

pub fn qa() -> Actor {
    person(3, Role::QaSpecialist)
}

pub fn owner() -> Actor {
    person(4, Role::ProcessOwner)
}

pub fn management() -> Actor {
    person(5, Role::Management)
}

pub fn auditor() -> Actor {
    person(6, Role::Auditor)
}

pub fn system() -> Actor {
    Actor::system(ActorId::from_uuid(Uuid::from_u128(9)))
}

pub fn item_id() -> FeedbackItemId {
    FeedbackItemId::from_uuid(Uuid::from_u128(0xFB))
}

pub fn customer() -> CustomerRef {
    CustomerRef::from_uuid(Uuid::from_u128(7))
}

/// A process complaint received an hour before Monday's opening.
pub fn feedback(kind: FeedbackKind) -> Feedback {
    Feedback::new(
        item_id(),
        kind,
        Channel::WebForm,
        "Ms Doe could not find the refund form anywhere on the site.",
        monday() - TimeDelta::hours(1),
    )
    .category("billing/refund")
    .rating(2)
}

pub fn from_customer(kind: FeedbackKind) -> Command {
    Command::RecordCustomerFeedback {
        feedback: feedback(kind),
        customer: Some(customer()),
    }
}

pub fn from_staff(kind: FeedbackKind, member: &Actor) -> Command {
    Command::RecordStaffFeedback {
        feedback: feedback(kind),
        member: member.id,
    }
}

/// An item with its history and a clock that moves forward a minute per
/// command.
pub struct Item {
    pub item: FeedbackItem,
    pub history: Vec<Recorded<Event>>,
    pub now: DateTime<Utc>,
}

impl Item {
    pub fn new() -> Self {
        Self {
            item: FeedbackItem::default(),
            history: Vec::new(),
            now: monday(),
        }
    }

    /// A customer's process complaint, logged by a CSR at Monday's opening.
    pub fn logged() -> Self {
        let mut item = Self::new();
        item.run_at(
            monday(),
            csr(),
            from_customer(FeedbackKind::ProcessComplaint),
        )
        .unwrap();
        item
    }

    /// Moves the clock on.
    pub fn after(&mut self, delta: TimeDelta) -> &mut Self {
        self.now += delta;
        self
    }

    /// Runs `command` as `actor` one minute after the last one.
    pub fn run(&mut self, actor: Actor, command: Command) -> Result<Vec<Event>, FeedbackItemError> {
        self.run_at(self.now + TimeDelta::minutes(1), actor, command)
    }

    /// Runs `command` as `actor` at `now`.
    pub fn run_at(
        &mut self,
        now: DateTime<Utc>,
        actor: Actor,
        command: Command,
    ) -> Result<Vec<Event>, FeedbackItemError> {
        self.now = now;
        let recorded = self
            .item
            .record(&command, &Ctx::new(now, actor, policy()))?;
        let events = recorded.iter().map(|r| r.event.clone()).collect();
        self.history.extend(recorded);
        Ok(events)
    }

    /// Runs `command` and panics with the refusal if refused.
    pub fn ok(&mut self, actor: Actor, command: Command) -> Vec<Event> {
        match self.run(actor, command.clone()) {
            Ok(events) => events,
            Err(e) => panic!("{command:?} refused: {e}"),
        }
    }

    /// The names of the events recorded, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.history.iter().map(|r| r.event.name()).collect()
    }
}
