//! The read side: projections kept current from recorded events.

mod properties;
