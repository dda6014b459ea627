//! Real load: concurrent writers over a pool on many streams, a share of them
//! contending on a few hot streams, then every stream loaded back and
//! checked; the same workload on the in-memory store for comparison, through
//! the same async port.
//!
//! ```text
//! CASEWORK_PG_URL='host=127.0.0.1 user=… dbname=…' \
//!     cargo run --release -p casework-postgres --example load
//! ```
//!
//! Without `CASEWORK_PG_URL` it runs the in-memory store only. It drops and
//! refills the table `casework_load_events`. The workload, from the
//! environment (defaults in brackets):
//! - `CASEWORK_LOAD_EVENTS` [1000000]: events appended in all, one per append;
//! - `CASEWORK_LOAD_STREAMS` [10000]: streams written;
//! - `CASEWORK_LOAD_WRITERS` [32]: writers, each a tokio task with a store
//!   handle of its own (and the pool as many connections);
//! - `CASEWORK_LOAD_HOT_STREAMS` [8] and `CASEWORK_LOAD_HOT_EVERY` [20]: one
//!   append in every `HOT_EVERY` goes to one of the hot streams, which every
//!   writer shares; a writer reads the stream's version, appends expecting
//!   it, and on a conflict reloads the version and retries (the retries are
//!   counted). The other streams are each written by one writer, which
//!   keeps its version.
//!
//! Afterwards every stream is loaded (timed: streams loaded per second) and
//! checked: its versions run 1..=n, n is the number of appends that
//! succeeded on it, every event's payload (unique per append) is found once,
//! in the stream it was appended to, and none is missing; then its audit
//! chain verifies (`verify_chain` over the rows as stored). Any failure ends
//! the run with an error.
#![allow(clippy::print_stdout)]

use std::collections::HashMap;
use std::error::Error;
use std::fmt::Debug;
use std::time::{Duration, Instant};

use casework::envelope::Recorded;
use casework::store::{AsyncCaseStore, ExpectedVersion, InMemoryStore, StoreError, verify_chain};
use casework::{ActorId, StreamId, Version};
use casework_postgres::{AsyncPgStore, pool};
use chrono::DateTime;
use uuid::Uuid;

type Failure = Box<dyn Error + Send + Sync>;

/// The table the run fills.
const TABLE: &str = "casework_load_events";

/// Conflicts one append may meet before the run gives up on it.
const MAX_RETRIES: u64 = 1_000;

/// What to run, from the environment.
#[derive(Debug, Clone, Copy)]
struct Workload {
    events: usize,
    streams: usize,
    writers: usize,
    hot_streams: usize,
    hot_every: usize,
}

impl Workload {
    fn from_env() -> Result<Self, Failure> {
        let var = |name: &str, default: usize| -> Result<usize, Failure> {
            match std::env::var(name) {
                Ok(value) => Ok(value.trim().parse().map_err(|e| format!("{name}: {e}"))?),
                Err(_) => Ok(default),
            }
        };
        let work = Self {
            events: var("CASEWORK_LOAD_EVENTS", 1_000_000)?,
            streams: var("CASEWORK_LOAD_STREAMS", 10_000)?,
            writers: var("CASEWORK_LOAD_WRITERS", 32)?,
            hot_streams: var("CASEWORK_LOAD_HOT_STREAMS", 8)?,
            hot_every: var("CASEWORK_LOAD_HOT_EVERY", 20)?,
        };
        if work.writers == 0 || work.hot_every == 0 {
            return Err(
                "CASEWORK_LOAD_WRITERS and CASEWORK_LOAD_HOT_EVERY must be at least 1".into(),
            );
        }
        if work.streams < work.hot_streams + work.writers {
            return Err("CASEWORK_LOAD_STREAMS must leave every writer a stream of its own".into());
        }
        Ok(work)
    }

    /// The events writer `w` appends: an even share.
    fn share(&self, w: usize) -> usize {
        self.events / self.writers + usize::from(w < self.events % self.writers)
    }
}

/// Stream `index` of the run.
fn stream(index: usize) -> StreamId {
    StreamId::from_uuid(Uuid::from_u128((0x10AD_u128 << 64) | index as u128))
}

/// What one writer appended: (stream index, payload) for each success.
struct Written {
    appended: Vec<(usize, u64)>,
    retries: u64,
}

/// Writer `w`'s part of the workload.
async fn write<S>(mut store: S, work: Workload, w: usize) -> Result<Written, Failure>
where
    S: AsyncCaseStore<u64>,
    S::Error: Debug,
{
    let failed = |e: StoreError<S::Error>| -> Failure { format!("writer {w}: {e:?}").into() };
    let actor = ActorId::from_uuid(Uuid::from_u128(w as u128));
    let at = DateTime::from_timestamp(1_795_000_000, 0).ok_or("time")?;
    // Its own streams, each with its version, which only this writer moves.
    let mut own: Vec<(usize, Version)> = (work.hot_streams + w..work.streams)
        .step_by(work.writers)
        .map(|index| (index, Version::ZERO))
        .collect();
    let mut cold = 0;
    let mut written = Written {
        appended: Vec::with_capacity(work.share(w)),
        retries: 0,
    };
    for k in 0..work.share(w) {
        // Unique in the run: the writer, and its count.
        let payload = ((w as u64) << 32) | k as u64;
        let at = at + Duration::from_millis(k as u64);
        let index = if work.hot_streams > 0 && (k + w) % work.hot_every == 0 {
            let index = (k / work.hot_every + w) % work.hot_streams;
            let id = stream(index);
            let mut tries = 0;
            loop {
                let version = store.version(id).await.map_err(failed)?;
                let event = Recorded::new(id, version.next(), at, actor, payload);
                match store
                    .append(id, ExpectedVersion::Exactly(version), &[event])
                    .await
                {
                    Ok(_) => break,
                    Err(StoreError::Conflict { .. }) if tries < MAX_RETRIES => tries += 1,
                    Err(e) => return Err(failed(e)),
                }
            }
            written.retries += tries;
            index
        } else {
            let slot = cold % own.len();
            cold += 1;
            let (index, version) = own.get_mut(slot).ok_or("no stream of its own")?;
            let event = Recorded::new(stream(*index), version.next(), at, actor, payload);
            store
                .append(stream(*index), ExpectedVersion::Exactly(*version), &[event])
                .await
                .map_err(failed)?;
            *version = version.next();
            *index
        };
        written.appended.push((index, payload));
    }
    Ok(written)
}

/// Loads the streams `t`, `t + tasks`, … and returns each one's payloads, in
/// version order, having checked that its versions run 1..=n.
async fn load<S>(
    mut store: S,
    work: Workload,
    t: usize,
    tasks: usize,
) -> Result<Vec<(usize, Vec<u64>)>, Failure>
where
    S: AsyncCaseStore<u64>,
    S::Error: Debug,
{
    let mut loaded = Vec::new();
    for index in (t..work.streams).step_by(tasks) {
        let events = store
            .load(stream(index), Version::ZERO)
            .await
            .map_err(|e| format!("loading stream {index}: {e:?}"))?;
        for (n, event) in (1..).zip(&events) {
            if event.version != Version::new(n) {
                return Err(
                    format!("stream {index}: {} where v{n} should be", event.version).into(),
                );
            }
        }
        loaded.push((index, events.into_iter().map(|e| e.event).collect()));
    }
    Ok(loaded)
}

/// Verifies the audit chain of the streams `t`, `t + tasks`, … over the rows
/// as stored.
async fn verify<S>(mut store: S, work: Workload, t: usize, tasks: usize) -> Result<(), Failure>
where
    S: AsyncCaseStore<u64>,
    S::Error: Debug,
{
    for index in (t..work.streams).step_by(tasks) {
        let rows = store
            .load_rows(stream(index), Version::ZERO)
            .await
            .map_err(|e| format!("loading the rows of stream {index}: {e:?}"))?;
        verify_chain(stream(index), &rows).map_err(|e| format!("stream {index}: {e}"))?;
    }
    Ok(())
}

/// Now, to time a phase of the run.
#[allow(
    clippy::disallowed_methods,
    reason = "a load run measures wall time; the library never does"
)]
fn clock() -> Instant {
    Instant::now()
}

/// One store's figures.
struct Figures {
    appended: usize,
    writing: Duration,
    retries: u64,
    loaded: usize,
    loading: Duration,
    verifying: Duration,
}

/// Runs `parts` tasks of `task` on the runtime and gathers their results.
async fn spawn_all<T, F>(parts: usize, task: impl Fn(usize) -> F) -> Result<Vec<T>, Failure>
where
    T: Send + 'static,
    F: Future<Output = Result<T, Failure>> + Send + 'static,
{
    let handles: Vec<_> = (0..parts).map(|p| tokio::spawn(task(p))).collect();
    let mut results = Vec::with_capacity(parts);
    for handle in handles {
        results.push(handle.await??);
    }
    Ok(results)
}

/// The workload on `store`, checked.
async fn run<S>(store: S, work: Workload) -> Result<Figures, Failure>
where
    S: AsyncCaseStore<u64> + Clone + Sync + 'static,
    S::Error: Debug,
{
    let tasks = work.writers;
    let started = clock();
    let written = spawn_all(tasks, |w| write(store.clone(), work, w)).await?;
    let writing = started.elapsed();

    let started = clock();
    let loaded = spawn_all(tasks, |t| load(store.clone(), work, t, tasks)).await?;
    let loading = started.elapsed();

    // Every payload appended, with its stream; each is found once.
    let mut expected: HashMap<u64, usize> = HashMap::with_capacity(work.events);
    let mut counts: HashMap<usize, usize> = HashMap::with_capacity(work.streams);
    for (index, payload) in written.iter().flat_map(|w| &w.appended) {
        if expected.insert(*payload, *index).is_some() {
            return Err(format!("payload {payload:#x} was issued twice").into());
        }
        *counts.entry(*index).or_default() += 1;
    }
    let appended = expected.len();
    for (index, payloads) in loaded.iter().flatten() {
        let count = counts.get(index).copied().unwrap_or(0);
        if payloads.len() != count {
            return Err(format!(
                "stream {index} holds {} events, {count} were appended",
                payloads.len()
            )
            .into());
        }
        for payload in payloads {
            if expected.remove(payload) != Some(*index) {
                return Err(
                    format!("stream {index}: {payload:#x} is duplicated or misplaced").into(),
                );
            }
        }
    }
    if let Some(lost) = expected.keys().next() {
        return Err(format!("{} events lost, {lost:#x} among them", expected.len()).into());
    }

    let started = clock();
    spawn_all(tasks, |t| verify(store.clone(), work, t, tasks)).await?;
    Ok(Figures {
        appended,
        writing,
        retries: written.iter().map(|w| w.retries).sum(),
        loaded: work.streams,
        loading,
        verifying: started.elapsed(),
    })
}

fn main() -> Result<(), Failure> {
    let work = Workload::from_env()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    println!(
        "{} events on {} streams by {} writers; 1 append in {} to {} hot streams",
        work.events, work.streams, work.writers, work.hot_every, work.hot_streams
    );
    println!(
        "{:<10} {:>12} {:>9} {:>9} {:>14} {:>13} {:>10}",
        "store", "appended/s", "retries", "write s", "streams read/s", "events read/s", "verify s"
    );
    let show = |name: &str, f: &Figures| {
        let per_sec = |n: usize, d: Duration| n as f64 / d.as_secs_f64();
        println!(
            "{name:<10} {:>12.0} {:>9} {:>9.1} {:>14.0} {:>13.0} {:>10.1}",
            per_sec(f.appended, f.writing),
            f.retries,
            f.writing.as_secs_f64(),
            per_sec(f.loaded, f.loading),
            per_sec(f.appended, f.loading),
            f.verifying.as_secs_f64(),
        );
    };
    match std::env::var("CASEWORK_PG_URL") {
        Ok(url) => {
            let figures = runtime.block_on(async {
                let pool = pool(&url, work.writers)?;
                pool.get()
                    .await?
                    .batch_execute(&format!("DROP TABLE IF EXISTS {TABLE}"))
                    .await?;
                run(AsyncPgStore::new(pool, TABLE).await?, work).await
            })?;
            show("postgres", &figures);
        }
        Err(_) => println!("(CASEWORK_PG_URL is not set: the in-memory store only)"),
    }
    let figures = runtime.block_on(run(InMemoryStore::<u64>::new(), work))?;
    show("in-memory", &figures);
    println!("no event lost or duplicated; every chain verifies");
    Ok(())
}
