//! PostgreSQL storage for casework's event-sourced records.
//!
//! [`AsyncPgStore`] implements [`AsyncCaseStore`] over a pool of
//! tokio-postgres connections ([`deadpool_postgres`]); [`PgStore`] implements
//! the sync [`CaseStore`]. Both serve the events of any casework record and
//! pass the conformance suite that `casework::testkit` ships. This is the
//! path for desks that outgrow one machine.
//!
//! # The stores
//! - [`AsyncPgStore`] is the store. A handle is cheap to clone; each call
//!   takes a connection from the pool while it runs, so tasks write in
//!   parallel up to the pool's size. [`pool`] makes a pool from a libpq-style
//!   URL; any [`deadpool_postgres::Pool`] will do (TLS, timeouts, hooks).
//! - [`PgStore`] is a thin sync wrapper: it owns a current-thread tokio
//!   runtime and an [`AsyncPgStore`] over a one-connection pool, and blocks
//!   on its futures, which is how the `postgres` crate runs tokio-postgres
//!   too. So there is one implementation: the SQL and the mapping between
//!   rows and [`StoredRow`]s live in one module, and the sync store sends
//!   nothing of its own. Like the `postgres` crate, it must not be called
//!   from inside an async runtime.
//!
//! # Schema and concurrency
//! One table holds every stream of a record type, keyed by `(stream, version)`. An
//! append runs in a READ COMMITTED transaction that takes an advisory lock on its
//! stream (`pg_advisory_xact_lock`), so that writers to one stream queue while
//! writers to others do not wait; it reads the stream's version, refuses if it is
//! not the expected one ([`check_append`](casework::store::check_append)), and
//! inserts every row or none. The primary key is the backstop: no two rows can
//! hold one version. Each column is a field of casework's
//! [`StoredRow`], written and read back byte for
//! byte: the payload as its encoder wrote it (`payload BYTEA`), times as
//! seconds and nanoseconds (which the chain hashes), the chain rule, the
//! encoding, the link and the row's own hash. A row that cannot be read back
//! is a [`StoreError::Corrupt`](casework::store::StoreError::Corrupt) naming
//! the stream and version.
//!
//! A row's personal part is `personal BYTEA` (NULL when the event has none,
//! or once erased), `erased_by BIGINT` names the event that erased it, and
//! `erases BIGINT[]` lists what an erasure erases. An append that stores an
//! erasure removes the personal parts it names (those still there) in the
//! same transaction: all or nothing with the append.
//!
//! # Migrations
//! [`AsyncPgStore::new`] (and so [`PgStore::connect`]) brings a table written
//! by an earlier release up to date, each step once: from chain rule 1, it
//! adds `chain` and `encoding` (default 1), `personal_digest`, `hash` and
//! `payload` (NULL), and lets `event` be NULL; then `personal`, `erased_by`
//! (NULL) and `erases` (empty). A new table takes the same path, from the
//! rule-1 schema. Rows already stored keep their `event` text and verify by
//! chain rule 1 from it; rows written now fill `payload` and leave `event`
//! NULL.
//!
//! # Partitioning by stream, and several nodes
//! Every statement names one stream, so the table partitions by `stream`
//! without changing a query, and the primary key `(stream, version)` holds the
//! partition key, as PostgreSQL and Citus require:
//! - On one server, create the table yourself before the first store opens it,
//!   `PARTITION BY HASH (stream)` with its partitions; the store's
//!   `CREATE TABLE IF NOT EXISTS` leaves it as it is, and its migration's
//!   `ALTER TABLE` reaches every partition.
//! - On Citus, make it a distributed table keyed on the stream,
//!   `SELECT create_distributed_table('case_events', 'stream')`: a stream's
//!   rows live in one shard, and each load and each append's transaction is
//!   routed to that shard's node.
//!
//! Advisory locks are per node. Through one coordinator every writer takes
//! its lock there, and writers to one stream queue as on one server. Where
//! writes enter through several nodes (Citus with queries from any node),
//! two writers of one stream on different nodes do not queue: both may read
//! the same version, and the primary key refuses the later insert, which then
//! fails as [`StoreError::Backend`](casework::store::StoreError::Backend) (a
//! unique violation) rather than as a `Conflict`. Nothing is lost or written
//! twice, but the writer does not learn the stream's version: route each
//! stream's writes through one node (by stream id), or treat that error as a
//! conflict and reload.
//!
//! # Example
//! Record two events from two tasks over one pool, and read them back with
//! the chain verified:
//! ```no_run
//! use casework::envelope::Recorded;
//! use casework::store::{AsyncCaseStore, ExpectedVersion, verify_chain};
//! use casework::{ActorId, StreamId, Version};
//! use casework_postgres::{AsyncPgStore, pool};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let url = "host=127.0.0.1 user=casework password=casework dbname=casework";
//! let store = AsyncPgStore::new(pool(url, 8)?, "note_events").await?;
//! let actor = ActorId::from_uuid(uuid::Uuid::nil());
//! let at = chrono::DateTime::from_timestamp(1_795_000_000, 0).ok_or("time")?;
//!
//! let mut tasks = Vec::new();
//! for n in 1..=2 {
//!     let mut store = store.clone();
//!     let stream = StreamId::from_uuid(uuid::Uuid::from_u128(n));
//!     let note = Recorded::new(stream, Version::new(1), at, actor, format!("note {n}"));
//!     tasks.push(tokio::spawn(async move {
//!         store.append(stream, ExpectedVersion::NoStream, &[note]).await
//!     }));
//! }
//! for task in tasks {
//!     task.await??;
//! }
//!
//! let mut store = store;
//! let stream = StreamId::from_uuid(uuid::Uuid::from_u128(2));
//! let rows = AsyncCaseStore::<String>::load_rows(&mut store, stream, Version::ZERO).await?;
//! verify_chain(stream, &rows)?;
//! let notes: Vec<Recorded<String>> = store.load(stream, Version::ZERO).await?;
//! assert_eq!(notes[0].event, "note 2");
//! # Ok(())
//! # }
//! ```

mod blocking;
mod pooled;
mod schema;

pub use blocking::PgStore;
pub use deadpool_postgres;
pub use pooled::{AsyncPgStore, pool};

#[cfg(doc)]
use casework::store::{AsyncCaseStore, CaseStore, StoredRow};

/// Why the adapter failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PgError {
    /// The database failed, or the URL could not be parsed.
    #[error(transparent)]
    Postgres(#[from] tokio_postgres::Error),
    /// The pool had no connection to give: the database could not be
    /// reached, or the pool timed out or was closed.
    #[error("connection pool: {0}")]
    Pool(#[from] deadpool_postgres::PoolError),
    /// [`PgStore`]'s runtime could not be made.
    #[error("runtime: {0}")]
    Runtime(std::io::Error),
    /// The table name is not a plain identifier.
    #[error("`{0}` is not a plain table name (a-z, 0-9 and _)")]
    TableName(String),
}
