//! The home page's summary of a workspace across practices.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::workspace::{AuditEntry, Workspace};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Count {
    pub key: String,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Summary {
    pub services: i64,
    pub services_by_status: Vec<Count>,
    pub services_by_criticality: Vec<Count>,
    pub cis: i64,
    pub cis_by_type: Vec<Count>,
    pub cis_by_environment: Vec<Count>,
    pub links: i64,
    pub people: i64,
    pub groups: i64,
    pub vendors: i64,
    pub audit_entries: i64,
    pub incidents: i64,
    /// New, in progress or on hold.
    pub open_incidents: i64,
    pub articles: i64,
    pub requests: i64,
    /// New, awaiting approval or in fulfilment.
    pub open_requests: i64,
    pub awaiting_approval: i64,
    /// Services that no CI supports: a gap in the configuration model.
    pub services_without_cis: i64,
    pub recent_changes: Vec<AuditEntry>,
}

fn counts(ws: &Workspace, sql: &str) -> Result<Vec<Count>> {
    let mut stmt = ws.conn().prepare(sql)?;
    let rows = stmt.query_map([], |r| Ok(Count { key: r.get(0)?, count: r.get(1)? }))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn summarize(ws: &Workspace) -> Result<Summary> {
    let one = |sql: &str| -> Result<i64> { Ok(ws.conn().query_row(sql, [], |r| r.get(0))?) };
    let recent = crate::workspace::audit_trail(ws, &crate::list::ListRequest { limit: Some(8), ..Default::default() })?;
    Ok(Summary {
        services: one("SELECT count(*) FROM services")?,
        services_by_status: counts(ws, "SELECT status, count(*) FROM services GROUP BY status ORDER BY 2 DESC")?,
        services_by_criticality: counts(ws, "SELECT criticality, count(*) FROM services GROUP BY criticality ORDER BY 2 DESC")?,
        cis: one("SELECT count(*) FROM cis")?,
        cis_by_type: counts(ws, "SELECT ci_type, count(*) FROM cis GROUP BY ci_type ORDER BY 2 DESC")?,
        cis_by_environment: counts(ws, "SELECT environment, count(*) FROM cis GROUP BY environment ORDER BY 2 DESC")?,
        links: one("SELECT count(*) FROM links")?,
        people: one("SELECT count(*) FROM people")?,
        groups: one("SELECT count(*) FROM support_groups")?,
        vendors: one("SELECT count(*) FROM vendors")?,
        audit_entries: one("SELECT coalesce(max(id), 0) FROM audit_log")?,
        incidents: one("SELECT coalesce(sum(n), 0) FROM incident_counts")?,
        open_incidents: one("SELECT coalesce(sum(n), 0) FROM incident_counts WHERE state IN ('new', 'in_progress', 'on_hold')")?,
        articles: one("SELECT count(*) FROM articles")?,
        requests: one("SELECT count(*) FROM requests")?,
        open_requests: one("SELECT count(*) FROM requests WHERE state IN ('new', 'awaiting_approval', 'in_fulfilment')")?,
        awaiting_approval: one("SELECT count(*) FROM requests WHERE state = 'awaiting_approval'")?,
        services_without_cis: one(
            "SELECT count(*) FROM services s WHERE NOT EXISTS (SELECT 1 FROM links l WHERE l.from_kind = 'service' AND l.from_id = s.id AND l.to_kind = 'ci')",
        )?,
        recent_changes: recent.items,
    })
}
