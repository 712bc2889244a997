//! The impact x urgency → priority matrix, kept per workspace. Changing it affects incidents
//! logged or edited afterwards; it never rewrites existing records.

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::record::RecordKind;
use crate::workspace::Workspace;

/// `cells[impact - 1][urgency - 1]` is the priority (1 = highest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PriorityMatrix {
    #[ts(type = "number[][]")]
    pub cells: [[i64; 3]; 3],
}

impl Default for PriorityMatrix {
    fn default() -> Self {
        PriorityMatrix { cells: [[1, 2, 3], [2, 3, 4], [3, 4, 5]] }
    }
}

impl PriorityMatrix {
    pub fn priority(&self, impact: i64, urgency: i64) -> Result<i64> {
        for (field, v) in [("impact", impact), ("urgency", urgency)] {
            if !(1..=3).contains(&v) {
                return Err(CoreError::validation(field, format!("The {field} must be 1 (high), 2 (medium) or 3 (low).")));
            }
        }
        Ok(self.cells[(impact - 1) as usize][(urgency - 1) as usize])
    }
}

const KEY: &str = "priority_matrix";

pub fn get_matrix(ws: &Workspace) -> Result<PriorityMatrix> {
    let stored: Option<String> = ws.conn().query_row("SELECT value FROM settings WHERE key = ?1", [KEY], |r| r.get(0)).optional()?;
    Ok(stored.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default())
}

pub fn set_matrix(ws: &Workspace, m: &PriorityMatrix) -> Result<PriorityMatrix> {
    if m.cells.iter().flatten().any(|p| !(1..=5).contains(p)) {
        return Err(CoreError::validation("cells", "Every cell must hold a priority from 1 to 5."));
    }
    let before = get_matrix(ws)?;
    ws.write(|tx| {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            rusqlite::params![KEY, serde_json::to_string(m).unwrap_or_default()],
        )?;
        tx.audit("settings.priority_matrix", RecordKind::Setting, KEY, serde_json::json!({"from": before.cells, "to": m.cells}))
    })?;
    Ok(m.clone())
}
