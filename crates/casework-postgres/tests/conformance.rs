//! Both stores through casework's conformance suite, with case events and
//! with CAPA events, each run on a table of its own.

use casework::quality::capa::{ActionNo, Event};
use casework::testkit::{
    store_conformance, store_conformance_async, store_conformance_async_with,
    store_conformance_with,
};
use casework_postgres::PgStore;

use crate::{fresh, fresh_async, runtime, url};

/// The CAPA events the suite stores.
fn completed(n: u32) -> Event {
    Event::ActionCompleted {
        action: ActionNo(n),
        evidence: format!("evidence {n}"),
    }
}

#[test]
fn the_postgres_store_passes_the_conformance_suite() {
    let Some(url) = url() else { return };
    fresh(&url, "casework_conformance");
    store_conformance(
        || PgStore::connect(&url, "casework_conformance").unwrap(),
        3,
    )
    .unwrap();
}

#[test]
fn the_postgres_store_passes_the_conformance_suite_with_capa_events() {
    let Some(url) = url() else { return };
    fresh(&url, "casework_conformance_capa");
    let open = || PgStore::connect(&url, "casework_conformance_capa").unwrap();
    store_conformance_with(open, 5, completed).unwrap();
}

#[test]
fn the_async_store_passes_the_conformance_suite() {
    let Some(url) = url() else { return };
    let runtime = runtime();
    let store = fresh_async(&url, "casework_conformance_async", &runtime, 16);
    runtime
        .block_on(store_conformance_async(|| store.clone(), 7))
        .unwrap();
}

#[test]
fn the_async_store_passes_the_conformance_suite_with_capa_events() {
    let Some(url) = url() else { return };
    let runtime = runtime();
    let store = fresh_async(&url, "casework_conformance_async_capa", &runtime, 16);
    // On a task of the runtime's, as a server would: the suite's future is `Send`.
    let suite = store_conformance_async_with(move || store.clone(), 8, completed);
    runtime.block_on(runtime.spawn(suite)).unwrap().unwrap();
}
