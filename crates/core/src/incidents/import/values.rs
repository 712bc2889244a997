//! The mapping step's value meanings for incident files: which of a file's states and
//! levels Steward reads by itself, which it does not, and what the user says they mean.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::import::{CsvSource, ValueMap};
use crate::incidents::states::{map_source_state, IncidentState};
use crate::enums::Choice;
use super::columns::Columns;
use super::parse::{level, source_level, Scale};
use super::IncidentSource;

/// The fields whose values a user may give a meaning to: the closed lists Steward reads.
const MAPPED: &[&str] = &["state", "priority", "impact", "urgency"];
/// How many different values of one field are listed (a column of free text mapped as a
/// state by mistake would list thousands).
const MAX_LISTED: usize = 60;

/// One value found in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SeenValue {
    /// As the file spells it (the first spelling met, when case differs).
    pub value: String,
    #[ts(type = "number")]
    pub rows: u64,
    /// What Steward reads it as by itself (a choice's value); None: it cannot, and the rows
    /// holding it are rejected unless the user says what it means.
    pub reads_as: Option<String>,
}

/// The values of one mapped field in a file.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct FieldValues {
    pub field: String,
    pub choices: Vec<Choice>,
    pub values: Vec<SeenValue>,
    /// More different values than are listed.
    pub more: bool,
}

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
    type Tally = BTreeMap<String, (String, u64)>;
    let checked = CsvSource::file(path).check(
        |h| {
            let cols = match mapping {
                Some(m) => Columns::mapped(h, source, m)?,
                None => Columns::for_source(h, path, source)?,
            };
            let used = cols.used();
            let fields: Vec<(&'static str, usize, Tally, bool)> =
                MAPPED.iter().filter_map(|f| used.iter().find(|(_, u)| u == f).map(|(i, _)| (*f, *i, Tally::new(), false))).collect();
            Ok(fields)
        },
        |fields, rec| {
            for (_, i, tally, more) in fields.iter_mut() {
                let v = rec.get(*i).unwrap_or("").trim();
                if v.is_empty() {
                    continue;
                }
                let key = v.to_lowercase();
                if let Some((_, n)) = tally.get_mut(&key) {
                    *n += 1;
                } else if tally.len() < MAX_LISTED {
                    tally.insert(key, (v.to_string(), 1));
                } else {
                    *more = true;
                }
            }
        },
    )?;
    Ok(checked
        .state
        .into_iter()
        .map(|(field, _, tally, more)| {
            let mut values: Vec<SeenValue> = tally.into_values().map(|(value, rows)| SeenValue { reads_as: reads_as(field, &value, source), value, rows }).collect();
            values.sort_by(|a, b| a.reads_as.is_some().cmp(&b.reads_as.is_some()).then(b.rows.cmp(&a.rows)).then(a.value.cmp(&b.value)));
            FieldValues { field: field.to_string(), choices: choices(field), values, more }
        })
        .collect())
}
