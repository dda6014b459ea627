//! [`decide`], where every document-control rule lives, and [`apply`].

use chrono::{DateTime, Months, Utc};

use super::command::Command;
use super::error::DocumentError;
use super::event::Event;
use super::state::{Document, Revision, RevisionStatus};
use crate::actor::valid;
use crate::envelope::Recorded;
use crate::policy::{Ctx, Policy};
use crate::problem::not_blank;
use crate::records::{Signature, SignatureMeaning};

/// The rules of [`Aggregate::decide`](crate::Aggregate::decide) for this
/// aggregate, documented on its implementation.
pub(super) fn decide(
    document: &Document,
    command: &Command,
    ctx: &Ctx<'_>,
) -> Result<Vec<Event>, DocumentError> {
    let kind = command.kind();
    let carried = match command {
        Command::MakeEffective { from } => Some(*from),
        _ => None,
    };
    crate::range::ensure_covered(
        &[ctx.policy().calendar()],
        core::iter::once(ctx.now()).chain(carried),
    )?;
    let Some(id) = document.id else {
        return match command {
            Command::Create {
                document: id,
                title,
            } => {
                ctx.authorize::<DocumentError>(kind)?;
                let mut problems = Vec::new();
                not_blank(&mut problems, "title", title);
                valid::<DocumentError>(kind, problems)?;
                Ok(vec![Event::Created {
                    document: *id,
                    title: title.clone(),
                }])
            }
            _ => Err(DocumentError::NotCreated { command: kind }),
        };
    };
    if let Some(last) = document.updated_at {
        if ctx.now() < last {
            return Err(DocumentError::ClockWentBackwards {
                last,
                now: ctx.now(),
            });
        }
    }
    if let Command::Create { .. } = command {
        return Err(DocumentError::AlreadyCreated);
    }
    ctx.authorize::<DocumentError>(kind)?;
    let mut problems = Vec::new();
    let events = match command {
        Command::Create { .. } => return Err(DocumentError::AlreadyCreated), // refused above
        Command::DraftRevision {
            description,
            sections,
        } => {
            if let Some(revision) = document.in_flight() {
                return Err(DocumentError::RevisionInFlight {
                    revision: revision.number,
                    status: revision.status,
                });
            }
            not_blank(&mut problems, "description", description);
            for (name, text) in sections.named() {
                not_blank(&mut problems, &format!("sections.{name}"), text);
            }
            let number = document
                .revisions
                .last()
                .map_or(0, |r| r.number)
                .saturating_add(1);
            vec![Event::RevisionDrafted {
                revision: number,
                description: description.clone(),
                sections: sections.clone(),
            }]
        }
        Command::SubmitRevision => {
            let revision = in_status(document, RevisionStatus::Draft)?;
            vec![Event::RevisionSubmitted {
                revision: revision.number,
            }]
        }
        Command::ReturnRevision { comments } => {
            let revision = in_status(document, RevisionStatus::InReview)?;
            not_blank(&mut problems, "comments", comments);
            vec![Event::RevisionReturned {
                revision: revision.number,
                comments: comments.clone(),
            }]
        }
        Command::ApproveRevision => {
            let revision = in_status(document, RevisionStatus::InReview)?;
            if revision.author == ctx.actor().id {
                return Err(DocumentError::ApproverIsAuthor {
                    approver: ctx.actor().id,
                });
            }
            vec![Event::RevisionApproved {
                revision: revision.number,
                signature: Signature {
                    signer: ctx.actor().id,
                    at: ctx.now(),
                    meaning: SignatureMeaning::Approved,
                    content: revision.content_hash(id),
                },
            }]
        }
        Command::MakeEffective { from } => {
            let revision = in_status(document, RevisionStatus::Approved)?;
            let current = document.latest_effective();
            let earliest = current
                .and_then(|r| r.effective_from)
                .map_or(ctx.now(), |date| date.max(ctx.now()));
            if *from < earliest {
                return Err(DocumentError::EffectiveTooEarly {
                    from: *from,
                    earliest,
                });
            }
            vec![Event::RevisionEffective {
                revision: revision.number,
                from: *from,
                supersedes: current.map(|r| r.number),
            }]
        }
        Command::RecordReview { outcome, notes } => {
            if document.latest_effective().is_none() {
                return Err(DocumentError::NothingToReview);
            }
            not_blank(&mut problems, "notes", notes);
            vec![Event::Reviewed {
                outcome: *outcome,
                notes: notes.clone(),
            }]
        }
        Command::RecordDeadline => match document.deadline(ctx.policy()) {
            Some(due) if due <= ctx.now() => vec![Event::ReviewDue { due }],
            _ => Vec::new(),
        },
    };
    valid::<DocumentError>(kind, problems)?;
    Ok(events)
}

/// The revision in flight, if it is in `status`.
fn in_status(document: &Document, status: RevisionStatus) -> Result<&Revision, DocumentError> {
    document
        .in_flight()
        .filter(|r| r.status == status)
        .ok_or(DocumentError::NoRevision { needed: status })
}

impl Document {
    /// The revision that took effect last (or will, when its date is ahead).
    fn latest_effective(&self) -> Option<&Revision> {
        self.revisions
            .iter()
            .filter(|r| r.status == RevisionStatus::Effective)
            .max_by_key(|r| r.effective_from)
    }

    /// When the document is next due for review: the policy's months after
    /// its latest revision took effect or its last review, whichever is later.
    /// `None` before any revision is effective, and once that review's due has
    /// been recorded (until a review or a new revision moves it): the deadline
    /// command never comes due twice at one instant.
    fn deadline(&self, policy: &Policy) -> Option<DateTime<Utc>> {
        let since = self.latest_effective().and_then(|r| r.effective_from)?;
        let since = self.last_review.map_or(since, |review| review.max(since));
        let due =
            since.checked_add_months(Months::new(policy.governance().document_review_months))?;
        (self.review_due_recorded != Some(due)).then_some(due)
    }
}

/// Folds one recorded event into the document. Never fails.
pub(super) fn apply(document: &mut Document, recorded: &Recorded<Event>) {
    let (at, by) = (recorded.at, recorded.actor);
    match &recorded.event {
        Event::Created {
            document: id,
            title,
        } => {
            document.id = Some(*id);
            document.title.clone_from(title);
        }
        Event::RevisionDrafted {
            revision: number,
            description,
            sections,
        } => document.revisions.push(Revision {
            number: *number,
            description: description.clone(),
            sections: sections.clone(),
            author: by,
            drafted_at: at,
            status: RevisionStatus::Draft,
            approval: None,
            effective_from: None,
            superseded_from: None,
        }),
        Event::RevisionSubmitted { revision: number } => {
            if let Some(r) = revision_mut(document, *number) {
                r.status = RevisionStatus::InReview;
            }
        }
        Event::RevisionReturned {
            revision: number, ..
        } => {
            if let Some(r) = revision_mut(document, *number) {
                r.status = RevisionStatus::Draft;
            }
        }
        Event::RevisionApproved {
            revision: number,
            signature,
        } => {
            if let Some(r) = revision_mut(document, *number) {
                r.status = RevisionStatus::Approved;
                r.approval = Some(*signature);
            }
        }
        Event::RevisionEffective {
            revision: number,
            from,
            supersedes,
        } => {
            if let Some(old) = supersedes.and_then(|n| revision_mut(document, n)) {
                old.status = RevisionStatus::Superseded;
                old.superseded_from = Some(*from);
            }
            if let Some(r) = revision_mut(document, *number) {
                r.status = RevisionStatus::Effective;
                r.effective_from = Some(*from);
            }
        }
        Event::Reviewed { .. } => document.last_review = Some(at),
        Event::ReviewDue { due } => document.review_due_recorded = Some(*due),
    }
    document.version = document.version.next();
    document.updated_at = Some(at);
}

fn revision_mut(document: &mut Document, number: u32) -> Option<&mut Revision> {
    document.revisions.iter_mut().find(|r| r.number == number)
}

crate::aggregate::library_aggregate! {
    Document: DocumentError, created "created", else NotCreated;
    creates: Event::Created { document, .. } => *document;
    came_due: Event::ReviewDue { due } => Some(*due);
    covered: crate::range::business, crate::range::recorded_at;
    /// Decides what `command` does to `document`. Pure.
    ///
    /// The rules: one revision is worked on at a time (draft → in review →
    /// approved → effective); its approver did not write it, and signs its
    /// content; it takes effect from a date not before now nor before the current
    /// revision's, and the revision effective until then is superseded from that
    /// instant, so at most one revision is effective at any instant; a review needs
    /// an effective revision.
    ///
    /// First of all, `ctx.now()` and the effective date must be covered by the
    /// policy's business calendar.
    ///
    /// # Errors
    /// A [`DocumentError`] naming the rule that refused. Nothing is emitted then.
    ///
    /// Every command but the deadline command first records a review that
    /// came due before it (rule 2 of the deadline contract): a review or a
    /// revision taking effect moves the next due date.
    decide: |document: &Document, command, ctx: &Ctx<'_>| {
        let due = || match document.deadline(ctx.policy()) {
            Some(due) if due <= ctx.now() => vec![Event::ReviewDue { due }],
            _ => Vec::new(),
        };
        crate::aggregate::decide_after_due(document, document.updated_at, command, ctx, due, |document| {
            decide(document, command, ctx)
        })
    };
    next_deadline: |document: &Document, policy| Ok(document.deadline(policy));
}
