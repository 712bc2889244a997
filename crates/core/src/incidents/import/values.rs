//! The mapping step's value meanings for incident files: which of a file's states and
//! levels Steward reads by itself, which it does not, and what the user says they mean.

use std::path::Path;

use crate::error::{CoreError, Result};
use crate::import::values::{FieldValues, Tally};
use crate::import::{CsvSource, ValueMap};
use crate::incidents::states::{map_source_state, IncidentState};
use crate::enums::Choice;
use super::columns::Columns;
use super::parse::{level, source_level, Scale};
use super::IncidentSource;

/// The fields whose values a user may give a meaning to: the closed lists Steward reads.
const MAPPED: &[&str] = &["state", "priority", "impact", "urgency"];
fn choices(field: &str) -> Vec<Choice> {
    let c = |value: String, label: String| Choice { value, label };
    match field {
        "state" => IncidentState::ALL.iter().map(|s| c(s.as_str().into(), s.label().into())).collect(),
        "priority" => (1..=5).map(|n| c(n.to_string(), format!("P{n}"))).collect(),
        _ => [(1, "High"), (2, "Medium"), (3, "Low")].iter().map(|(n, l)| c(n.to_string(), format!("{n} ({l})"))).collect(),
    }
}

/// What Steward reads `value` of `field` as by itself, from `source`.
fn reads_as(field: &str, value: &str, source: IncidentSource) -> Option<String> {
    match field {
        "state" if source == IncidentSource::StewardCsv => IncidentState::parse(value).map(|s| s.as_str().to_string()),
        "state" => map_source_state(value).map(|(s, _)| s.as_str().to_string()),
        "priority" => source_level(value, Scale::Priority, source).map(|n| n.to_string()),
        _ => level(value, Scale::ImpactUrgency).filter(|n| *n <= 3).map(|n| n.to_string()),
    }
}

/// Refuses a value map that names a field whose values are read as they are, or says a
/// value means something that is not one of the field's choices.
pub(super) fn check_values(values: &ValueMap) -> Result<()> {
    for (field, map) in &values.0 {
        if !MAPPED.contains(&field.as_str()) {
            return Err(CoreError::validation("values", format!("The values of {field} are read as they are; only {} can be given a meaning.", MAPPED.join(", "))));
        }
        let known = choices(field);
        for (from, to) in map {
            if !known.iter().any(|c| c.value == *to) {
                return Err(CoreError::validation("values", format!("\"{from}\" is said to mean \"{to}\", which is not a {field} Steward knows.")));
            }
        }
    }
    Ok(())
}

/// The different values of the state, priority, impact and urgency columns of the file at
/// `path` (as mapped, or as `source` reads it), each with how many rows hold it and what
/// Steward reads it as; the values read by nobody first.
pub fn values_seen(path: &Path, source: IncidentSource, mapping: Option<&[Option<String>]>) -> Result<Vec<FieldValues>> {
    let checked = CsvSource::file(path).check(
        |h| {
            let cols = match mapping {
                Some(m) => Columns::mapped(h, source, m)?,
                None => Columns::for_source(h, path, source)?,
            };
            let used = cols.used();
            let fields: Vec<(&'static str, usize, Tally)> =
                MAPPED.iter().filter_map(|f| used.iter().find(|(_, u)| u == f).map(|(i, _)| (*f, *i, Tally::default()))).collect();
            Ok(fields)
        },
        |fields, rec| {
            for (_, i, tally) in fields.iter_mut() {
                tally.feed(rec.get(*i).unwrap_or(""));
            }
        },
    )?;
    Ok(checked.state.into_iter().map(|(field, _, tally)| tally.finish(field, choices(field), |v| reads_as(field, v, source))).collect())
}
