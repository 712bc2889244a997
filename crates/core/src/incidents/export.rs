//! Exports of an incident list (all incidents, or a filtered list) as steward-csv, XLSX or
//! JSON. steward-csv is what the steward-csv import reads: export then import round-trips.

use std::path::Path;

use super::{list_incidents, Incident};
use crate::error::Result;
use crate::list::ListRequest;
use crate::workspace::Workspace;

pub use crate::export::{ExportFormat, ExportReport};

/// The columns of steward-csv, in order.
pub const STEWARD_CSV_COLUMNS: &[&str] = &[
    "number", "title", "description", "state", "source_state", "on_hold_reason", "priority", "impact", "urgency", "channel",
    "category", "subcategory", "caller", "service", "ci", "assignment_group", "assignee", "opened_at", "first_response_at",
    "resolved_at", "closed_at", "resolution_code", "resolution_notes", "reassignment_count", "reopen_count", "major",
];

fn cells(i: &Incident) -> Vec<String> {
    let o = |s: &Option<String>| s.clone().unwrap_or_default();
    let n = |x: Option<i64>| x.map(|v| v.to_string()).unwrap_or_default();
    vec![
        i.number.clone(), i.title.clone(), i.description.clone(), i.state.as_str().into(), o(&i.source_state),
        i.on_hold_reason.map(|r| r.as_str().to_string()).unwrap_or_default(), n(i.priority), n(i.impact), n(i.urgency),
        i.channel.clone(), i.category.clone(), i.subcategory.clone(), o(&i.caller), o(&i.service), o(&i.ci),
        o(&i.assignment_group), o(&i.assignee), i.opened_at.clone(), o(&i.first_response_at), o(&i.resolved_at),
        o(&i.closed_at), i.resolution_code.clone(), i.resolution_notes.clone(), i.reassignment_count.to_string(),
        i.reopen_count.to_string(), if i.major { "true".into() } else { "false".into() },
    ]
}

/// Walks the (filtered) list in opening order, a keyset page at a time.
fn each(ws: &Workspace, filter: &ListRequest, f: impl FnMut(&Incident) -> Result<()>) -> Result<u64> {
    crate::list::each(filter, "opened_at", |req| list_incidents(ws, req), f)
}

/// Writes the incidents matching `filter` to `out`.
pub fn export_incidents(ws: &Workspace, format: ExportFormat, out: &Path, filter: &ListRequest) -> Result<ExportReport> {
    crate::export::write_table(ws, format, out, "Incidents", STEWARD_CSV_COLUMNS, cells, |f| each(ws, filter, f))
}
