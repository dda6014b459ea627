//! SLA clocks: the SOP targets as tables, pauses, reopens, priority changes, DST
//! and overnight calendars, and the properties over random timelines.

mod case;
mod properties;
mod tables;
