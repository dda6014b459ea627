//! casework-postgres's tests, in one binary, against the database that
//! `CASEWORK_PG_URL` names (`.ci/run` installs and starts PostgreSQL and always
//! sets it): both stores proven by casework's conformance suite, refusing
//! corrupt rows and names that are not plain, and migrating an earlier
//! release's table.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, missing_docs)]

mod conformance;
mod migration;
mod refusals;

use casework_postgres::{AsyncPgStore, PgStore, pool};
use tokio::runtime::Runtime;
use tokio_postgres::types::ToSql;

/// The database URL, or `None` with the reason the tests skip.
#[allow(clippy::print_stderr, reason = "a skipped test says why")]
fn url() -> Option<String> {
    let url = std::env::var("CASEWORK_PG_URL").ok();
    if url.is_none() {
        eprintln!(
            "skipped: CASEWORK_PG_URL is not set, so the PostgreSQL adapter is not tested \
             (`.ci/run` sets it)"
        );
    }
    url
}

/// A runtime for the async store, with threads, as a server would run it.
fn runtime() -> Runtime {
    Runtime::new().unwrap()
}

/// A plain connection, for statements behind the stores' backs.
struct Raw {
    runtime: Runtime,
    client: tokio_postgres::Client,
}

impl Raw {
    fn connect(url: &str) -> Self {
        let runtime = runtime();
        let (client, connection) = runtime
            .block_on(tokio_postgres::connect(url, tokio_postgres::NoTls))
            .unwrap();
        runtime.spawn(connection);
        Self { runtime, client }
    }

    fn batch(&self, sql: &str) {
        self.runtime
            .block_on(self.client.batch_execute(sql))
            .unwrap();
    }

    fn execute(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> u64 {
        self.runtime
            .block_on(self.client.execute(sql, params))
            .unwrap()
    }

    /// Drops `table`, so that a rerun starts clean.
    fn drop_table(&self, table: &str) {
        self.batch(&format!("DROP TABLE IF EXISTS {table}"));
    }
}

/// A sync store on a table of its own, dropped first.
fn fresh(url: &str, table: &str) -> PgStore {
    Raw::connect(url).drop_table(table);
    PgStore::connect(url, table).unwrap()
}

/// An async store on a table of its own, dropped first, over a pool of
/// `connections`.
fn fresh_async(url: &str, table: &str, runtime: &Runtime, connections: usize) -> AsyncPgStore {
    Raw::connect(url).drop_table(table);
    runtime
        .block_on(AsyncPgStore::new(pool(url, connections).unwrap(), table))
        .unwrap()
}
