//! The SOPs walked end to end, as a desk would walk them: one file per
//! source SOP in `../shared/sops/`, each test one clause, through the public
//! API only, on the SOP-default policy and the in-memory store, with the
//! caller's scheduler as one `run_due` call per stream.
#![cfg(feature = "serde")]

mod after_service_follow_up;
mod complaint_handling;
mod customer_service_excellence;
mod desk;
mod service_quality_assurance;
