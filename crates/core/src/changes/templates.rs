//! Standard-change templates: the pre-approved changes a team may make without asking a
//! change authority each time. A template is retired, never deleted, so the changes made
//! from it keep pointing at what was approved.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::workspace::Action;
use crate::record::RecordRef;
use crate::error::{CoreError, Result};
use crate::record::RecordKind;
use crate::validate;
use crate::workspace::Workspace;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Template {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub implementation_plan: String,
    pub backout_plan: String,
    pub test_plan: String,
    pub risk: String,
    pub active: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct TemplateInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub implementation_plan: String,
    #[serde(default)]
    pub backout_plan: String,
    #[serde(default)]
    pub test_plan: String,
    #[serde(default)]
    pub risk: String,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

const SELECT: &str = "SELECT id, name, description, implementation_plan, backout_plan, test_plan, risk, active FROM change_templates";

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Template> {
    Ok(Template {
        id: r.get(0)?,
        name: r.get(1)?,
        description: r.get(2)?,
        implementation_plan: r.get(3)?,
        backout_plan: r.get(4)?,
        test_plan: r.get(5)?,
        risk: r.get(6)?,
        active: r.get(7)?,
    })
}

pub(crate) fn fetch(conn: &Connection, id: i64) -> Result<Template> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], map).optional()?.ok_or_else(|| CoreError::NotFound { kind: "Change template", id: id.to_string() })
}

pub fn list_templates(ws: &Workspace) -> Result<Vec<Template>> {
    Ok(ws.conn().prepare(&format!("{SELECT} ORDER BY active DESC, name"))?.query_map([], map)?.collect::<rusqlite::Result<_>>()?)
}

/// Creates a template (`id` None) or changes one; names are unique ignoring case. A template
/// needs its implementation and back-out plans: that is what was approved.
pub fn save_template(ws: &Workspace, id: Option<i64>, input: &TemplateInput) -> Result<Template> {
    let name = validate::name("name", &input.name, 200)?;
    let implementation = validate::text("implementation_plan", &input.implementation_plan, 50_000)?;
    let backout = validate::text("backout_plan", &input.backout_plan, 50_000)?;
    if implementation.trim().is_empty() || backout.trim().is_empty() {
        return Err(CoreError::validation("implementation_plan", "A pre-approved change needs its implementation and back-out plans."));
    }
    let values = (
        validate::text("description", &input.description, 50_000)?,
        validate::text("test_plan", &input.test_plan, 50_000)?,
        validate::line("risk", &input.risk, 60)?,
    );
    ws.write(|tx| {
        let taken: Option<i64> = tx.query_row("SELECT id FROM change_templates WHERE name = ?1", [&name], |r| r.get(0)).optional()?;
        if taken.is_some_and(|t| Some(t) != id) {
            return Err(CoreError::validation("name", format!("There is already a template called \"{name}\".")));
        }
        let id = match id {
            Some(id) => {
                let n = tx.execute(
                    "UPDATE change_templates SET name = ?2, description = ?3, implementation_plan = ?4, backout_plan = ?5, test_plan = ?6, risk = ?7, active = ?8 WHERE id = ?1",
                    params![id, name, values.0, implementation, backout, values.1, values.2, input.active],
                )?;
                if n == 0 {
                    return Err(CoreError::NotFound { kind: "Change template", id: id.to_string() });
                }
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO change_templates (name, description, implementation_plan, backout_plan, test_plan, risk, active, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![name, values.0, implementation, backout, values.1, values.2, input.active, tx.at()],
                )?;
                tx.last_insert_rowid()
            }
        };
        let t = fetch(tx, id)?;
        tx.audit(Action::did("change.template_saved"), RecordRef::new(RecordKind::ChangeTemplate, id), serde_json::to_value(&t).unwrap_or_default())?;
        Ok(t)
    })
}
