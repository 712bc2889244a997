//! Relationship management: the stakeholder register and its power/interest grid
//! (`stakeholders.rs`), the engagement log with its commitments (`engagements.rs`), and how
//! the people a service serves rate it (`satisfaction.rs`: surveys, CSAT and NPS), and the
//! service reviews that gather a period's figures for a service (`reviews.rs`).

pub(crate) mod demo;
pub mod engagements;
pub mod reviews;
pub mod satisfaction;
pub mod stakeholders;
#[cfg(test)]
mod tests;

use crate::record::RecordKind;

pub(crate) const KINDS: &[RecordKind] = &[RecordKind::Stakeholder, RecordKind::Engagement, RecordKind::ServiceReview, RecordKind::SurveyResponse];
pub(crate) const DEMO: Option<crate::practice::DemoPart> = Some(demo::relationships);
