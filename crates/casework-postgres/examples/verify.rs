//! Reads a case stream back from PostgreSQL and verifies its audit chain. Run it
//! with `CASEWORK_PG_URL='host=127.0.0.1 user=… dbname=…' cargo run -p
//! casework-postgres --example verify`.
#![allow(clippy::print_stdout)]

use casework::store::CaseStore;
use casework::{StreamId, Version};
use casework_postgres::PgStore;
use uuid::Uuid;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Ok(url) = std::env::var("CASEWORK_PG_URL") else {
        println!("set CASEWORK_PG_URL to a PostgreSQL connection string to run this example");
        return Ok(());
    };
    let mut store = PgStore::connect(&url, "casework_example_events")?;
    let stream = StreamId::from_uuid(Uuid::from_u128(42));
    let rows = CaseStore::<casework::case::Event>::load_rows(&mut store, stream, Version::ZERO)?;
    println!(
        "stream {stream} holds {} events; the chain {}",
        rows.len(),
        match casework::store::verify_chain(stream, &rows) {
            Ok(checkpoint) => format!("verifies, head {}", checkpoint.head),
            Err(e) => format!("is broken: {e}"),
        }
    );
    Ok(())
}
