//! The mapping step's value meanings, for any record kind whose file holds closed lists
//! (an incident's state and levels, a request's state): the different values a column holds,
//! how many rows hold each and what Steward reads it as by itself; the user says what the
//! others mean ([`super::ValueMap`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::enums::Choice;

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

/// The different values of one column, counted as the rows go by.
#[derive(Default)]
pub(crate) struct Tally {
    /// By lower-case value: the first spelling met and its rows.
    seen: BTreeMap<String, (String, u64)>,
    more: bool,
}

impl Tally {
    pub(crate) fn feed(&mut self, cell: &str) {
        let v = cell.trim();
        if v.is_empty() {
            return;
        }
        let key = v.to_lowercase();
        if let Some((_, n)) = self.seen.get_mut(&key) {
            *n += 1;
        } else if self.seen.len() < MAX_LISTED {
            self.seen.insert(key, (v.to_string(), 1));
        } else {
            self.more = true;
        }
    }

    /// The field's values, those Steward cannot read by itself first, then the commonest.
    pub(crate) fn finish(self, field: &str, choices: Vec<Choice>, reads_as: impl Fn(&str) -> Option<String>) -> FieldValues {
        let mut values: Vec<SeenValue> = self.seen.into_values().map(|(value, rows)| SeenValue { reads_as: reads_as(&value), value, rows }).collect();
        values.sort_by(|a, b| a.reads_as.is_some().cmp(&b.reads_as.is_some()).then(b.rows.cmp(&a.rows)).then(a.value.cmp(&b.value)));
        FieldValues { field: field.to_string(), choices, values, more: self.more }
    }
}
