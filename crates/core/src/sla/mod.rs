//! Service level management. `calendar.rs`: business calendars and their opening spans in
//! UTC; `clock.rs`: deadlines, elapsed business time and the explanation of a clock;
//! `eval.rs`: the contract's `sla eval` cases; `agreements.rs`: stored calendars,
//! agreements and targets; `clocks.rs`: the clocks of incidents, kept current, and the
//! compliance report.
//!
//! **Invariant:** every SLA figure comes from `clock.rs`; nothing else does calendar
//! arithmetic.

pub(crate) mod demo;

pub mod agreements;
pub mod calendar;
pub mod clock;
pub mod clocks;
pub mod due;
pub mod eval;
pub mod report;
pub mod ics;
pub mod model;
#[cfg(test)]
mod tests;

pub use calendar::{Calendar, CalendarSpec, Span};
pub use eval::{evaluate, what_if, Case, CaseResult, WhatIf};

/// What the practice registry knows of service level management (`crate::PRACTICES`).
pub(crate) const KINDS: &[crate::record::RecordKind] = &[crate::record::RecordKind::Agreement, crate::record::RecordKind::Target, crate::record::RecordKind::Calendar];
pub(crate) const DEMO: Option<crate::practice::DemoPart> = Some(demo::service_levels);
