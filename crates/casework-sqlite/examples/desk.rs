//! A desk on SQLite: logs a case, works it through `CaseStore::execute`
//! (one command refused by the permission table), loads the stream back and
//! verifies its audit chain. Run it with `cargo run -p casework-sqlite --example desk`.
#![allow(clippy::print_stdout)]

use casework::store::CaseStore;
use casework::{ActorId, StreamId, Version};
use casework_sqlite::SqliteStore;
use chrono::Utc;
use uuid::Uuid;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    use casework::case::{Case, CaseKind, Command, Intake};
    use casework::priority::{Impact, Urgency};
    use casework::store::verify_chain;
    use casework::{Actor, Aggregate, CaseId, Channel, Ctx, CustomerRef, Policy, Reference, Role};
    use chrono::{TimeDelta, TimeZone};

    let dir = std::env::temp_dir().join(format!("casework-sqlite-example-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut store = SqliteStore::open_table(&dir.join("desk.sqlite"), "case_events")?;
    let policy = Policy::sop_default()?;
    let csr = Actor::new(
        ActorId::from_uuid(Uuid::from_u128(1)),
        [Role::CustomerServiceRepresentative],
    );
    let case = CaseId::from_uuid(Uuid::from_u128(42));
    let stream = StreamId::from(case);
    let received = Utc
        .with_ymd_and_hms(2026, 11, 25, 9, 0, 0)
        .single()
        .unwrap_or_default();

    let commands = [
        Command::Log {
            intake: Intake::new(
                case,
                Reference::new("CMP", 2026, 42)?,
                CaseKind::Complaint,
                Channel::Email,
                CustomerRef::from_uuid(Uuid::from_u128(7)),
                received,
            )
            .about("delivery/late", "Parcel two weeks late")
            .description("Ordered on the 2nd, still not here.")
            .follow_up_by(Channel::Phone)
            .impact(Impact(2))
            .urgency(Urgency(2)),
            first_contact_resolution: None,
        },
        Command::Acknowledge {
            channel: Channel::Email,
        },
        // Refused: a CSR may not close.
        Command::Close,
        Command::StartInvestigation,
    ];
    for (minutes, command) in (0..).zip(&commands) {
        let ctx = Ctx::new(received + TimeDelta::minutes(minutes * 10), csr, &policy);
        match store.execute::<Case>(stream, command, &ctx) {
            Ok(events) => println!(
                "{:<20} recorded {} event(s)",
                command.kind().as_str(),
                events.len()
            ),
            Err(refused) => println!("{:<20} {refused}", command.kind().as_str()),
        }
    }
    let events: Vec<casework::envelope::Recorded<casework::case::Event>> =
        store.load(stream, Version::ZERO)?;
    let rows = CaseStore::<casework::case::Event>::load_rows(&mut store, stream, Version::ZERO)?;
    for (r, row) in events.iter().zip(&rows) {
        println!(
            "  {} {} {} <- {}",
            r.version,
            r.at.to_rfc3339(),
            r.event.name(),
            row.prev_hash.get(..12).unwrap_or_default()
        );
    }
    println!(
        "{} events stored; the chain verifies, head {}",
        events.len(),
        verify_chain(stream, &rows)?.head
    );
    let case = Case::replay(&events)?;
    println!("the case is {:?} at {}", case.status(), case.version());
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
