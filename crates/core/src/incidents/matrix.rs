//! The impact x urgency → priority matrix, kept per workspace. Changing it affects incidents
//! logged or edited afterwards; it never rewrites existing records.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::settings::Stored;
use crate::error::{CoreError, Result};
use crate::workspace::{Action, Subject, Workspace};

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

pub(crate) const STORED: Stored<PriorityMatrix> = Stored::new("priority_matrix", "The incident priority matrix");

pub fn get_matrix(ws: &Workspace) -> Result<PriorityMatrix> {
    STORED.get(ws.conn())
}

pub fn set_matrix(ws: &Workspace, m: &PriorityMatrix) -> Result<PriorityMatrix> {
    if m.cells.iter().flatten().any(|p| !(1..=5).contains(p)) {
        return Err(CoreError::validation("cells", "Every cell must hold a priority from 1 to 5."));
    }
    ws.write(|tx| {
        let before = STORED.before(tx)?;
        STORED.put(tx, m)?;
        tx.audit(Action::did("settings.priority_matrix"), Subject::Setting(STORED.key), serde_json::json!({"from": before["cells"], "to": m.cells}))
    })?;
    Ok(m.clone())
}
