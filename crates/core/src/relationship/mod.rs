//! Relationship management: how the people a service serves rate it (`satisfaction.rs`:
//! surveys, CSAT and NPS). Stakeholders, the engagement log and service reviews are to come
//! (issue 19).

pub(crate) mod demo;
pub mod satisfaction;

use crate::record::RecordKind;

pub(crate) const KINDS: &[RecordKind] = &[RecordKind::SurveyResponse];
pub(crate) const DEMO: Option<crate::practice::DemoPart> = Some(demo::satisfaction_surveys);
