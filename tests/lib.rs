//! The crate's integration tests: one binary, one module per area.
#![allow(
    missing_docs,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod actor;
mod calendar;
mod case;
#[cfg(feature = "serde")]
mod communication;
mod deadline;
mod delivery;
mod feedback;
mod governance;
#[cfg(feature = "serde")]
mod hostile;
mod id;
mod kpi;
mod layers;
#[cfg(all(feature = "testkit", feature = "serde", feature = "proptest"))]
mod organisation;
mod priority;
mod quality;
mod read;
mod sla;
mod sop;
mod store;
#[cfg(all(feature = "testkit", feature = "serde"))]
mod testkit;
mod traceability;
