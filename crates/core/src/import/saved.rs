//! The mapping a user gave a source's file, kept in the workspace for that source's next
//! file: the field each header fed, and what the file's values mean. The next preview of a
//! file of the same format starts from it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Headers, ValueMap};
use crate::error::Result;
use crate::settings::Stored;
use crate::workspace::{Action, Subject, Workspace};

/// What was kept for one format.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedMapping {
    /// Header (as compared: trimmed, lower-case) → the field it fed (None: left out).
    pub columns: BTreeMap<String, Option<String>>,
    pub values: ValueMap,
}

const SAVED: Stored<BTreeMap<String, SavedMapping>> = Stored::new("import_mappings", "The import mappings kept per source");

/// What was kept for `format` (a `FileFormat`'s stored name), if anything.
pub fn saved(ws: &Workspace, format: &str) -> Result<Option<SavedMapping>> {
    Ok(SAVED.get(ws.conn())?.remove(format))
}

/// Keeps the mapping an import of `format` ran with, replacing what was kept for it; an
/// unchanged mapping writes nothing.
pub fn remember(ws: &Workspace, format: &str, headers: &Headers, mapping: &[Option<String>], values: &ValueMap) -> Result<()> {
    let kept = SavedMapping {
        columns: headers.names().iter().cloned().zip(mapping.iter().cloned()).collect(),
        values: values.normalised(),
    };
    if saved(ws, format)?.as_ref() == Some(&kept) {
        return Ok(());
    }
    ws.write(|tx| {
        let mut all = SAVED.get(tx)?;
        all.insert(format.to_string(), kept.clone());
        SAVED.put(tx, &all)?;
        tx.audit(Action::did("import.mapping_kept"), Subject::Setting("import_mappings"), serde_json::json!({"format": format, "columns": kept.columns, "values": kept.values}))
    })
}

impl SavedMapping {
    /// `suggested` (one field or None per column of `headers`) with the kept choices laid
    /// over it: a header kept feeds what it fed last time, and a field it takes is taken
    /// from the column the header names suggested it for. Also says whether anything kept
    /// applied.
    pub fn over(&self, headers: &Headers, suggested: &[Option<String>]) -> (Vec<Option<String>>, bool) {
        let mut out = suggested.to_vec();
        let mut kept_at = vec![false; out.len()];
        for (i, h) in headers.names().iter().enumerate() {
            if let (Some(field), Some(slot)) = (self.columns.get(h), out.get_mut(i)) {
                *slot = field.clone();
                kept_at[i] = true;
            }
        }
        let taken: Vec<String> = out.iter().zip(&kept_at).filter(|(_, k)| **k).filter_map(|(f, _)| f.clone()).collect();
        for (slot, kept) in out.iter_mut().zip(&kept_at) {
            if !kept && slot.as_ref().is_some_and(|f| taken.contains(f)) {
                *slot = None;
            }
        }
        (out, kept_at.iter().any(|k| *k))
    }
}
