//! Vulnerabilities: what and where (CVE, affected CIs through links), the CVSS vector with
//! the score and severity computed from it (never typed), a status, and a due date that
//! follows the severity (days per severity, configurable per workspace).

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::cvss;
use crate::settings::Stored;
use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::list::{self, Field, ListRequest, ListSpec, Page};
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Subject, Tx, Workspace};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct VulnerabilityId(pub i64);

labelled_enum!(
    VulnerabilityStatus {
        Open = "open": "Open",
        InProgress = "in_progress": "Being fixed",
        Mitigated = "mitigated": "Mitigated",
        Accepted = "accepted": "Accepted",
        Closed = "closed": "Closed",
    }
);

/// Days to fix by severity, as the workspace sets them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DueDays {
    pub critical: i64,
    pub high: i64,
    pub medium: i64,
    pub low: i64,
    pub none: i64,
}

impl Default for DueDays {
    fn default() -> Self {
        DueDays { critical: 15, high: 30, medium: 90, low: 180, none: 365 }
    }
}

impl DueDays {
    fn for_severity(&self, severity: &str) -> i64 {
        match severity {
            "critical" => self.critical,
            "high" => self.high,
            "medium" => self.medium,
            "low" => self.low,
            _ => self.none,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Vulnerability {
    pub id: VulnerabilityId,
    pub key: String,
    pub title: String,
    pub description: String,
    pub cve: Option<String>,
    pub cvss_vector: Option<String>,
    pub cvss_version: Option<String>,
    pub base_score: Option<f64>,
    /// none, low, medium, high or critical
    pub severity: Option<String>,
    pub status: VulnerabilityStatus,
    pub found_on: String,
    pub due_on: Option<String>,
    /// The package it is in (a package URL; without "@version", every version), which
    /// software components are matched by.
    pub purl: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct VulnerabilityInput {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub cve: Option<String>,
    #[serde(default)]
    pub cvss_vector: Option<String>,
    pub status: VulnerabilityStatus,
    pub found_on: String,
    #[serde(default)]
    pub purl: Option<String>,
}

const SELECT: &str = "v.id, v.number, v.title, v.description, v.cve, v.cvss_vector, v.cvss_version, v.base_score, v.severity, v.status, v.found_on, v.due_on, v.purl";
static FIELDS: &[Field] = &[
    Field { name: "key", sql: "v.number", sortable: true, filterable: true },
    Field { name: "title", sql: "v.title", sortable: true, filterable: false },
    Field { name: "base_score", sql: "v.base_score", sortable: true, filterable: false },
    Field { name: "severity", sql: "v.severity", sortable: true, filterable: true },
    Field { name: "status", sql: "v.status", sortable: true, filterable: true },
    Field { name: "due_on", sql: "v.due_on", sortable: true, filterable: false },
];
static LIST: ListSpec = ListSpec { table: "vulnerabilities v", from: "vulnerabilities v", id: "v.id", fields: FIELDS, default_sort: "base_score", search: Some(RecordKind::Vulnerability), like_fields: &[], counts: None, memberships: &[], query: None };

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Vulnerability> {
    Ok(Vulnerability {
        id: VulnerabilityId(r.get(0)?),
        key: r.get(1)?,
        title: r.get(2)?,
        description: r.get(3)?,
        cve: r.get(4)?,
        cvss_vector: r.get(5)?,
        cvss_version: r.get(6)?,
        base_score: r.get(7)?,
        severity: r.get(8)?,
        status: r.get(9)?,
        found_on: r.get(10)?,
        due_on: r.get(11)?,
        purl: r.get(12)?,
    })
}

fn fetch(conn: &Connection, id: VulnerabilityId) -> Result<Vulnerability> {
    conn.query_row(&format!("SELECT {SELECT} FROM vulnerabilities v WHERE v.id = ?1"), [id.0], map)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Vulnerability", id: id.0.to_string() })
}

pub fn get_vulnerability(ws: &Workspace, id: VulnerabilityId) -> Result<Vulnerability> {
    fetch(ws.conn(), id)
}

pub fn list_vulnerabilities(ws: &Workspace, req: &ListRequest) -> Result<Page<Vulnerability>> {
    list::run(ws.conn(), &LIST, req, SELECT, map)
}

pub fn get_due_days(ws: &Workspace) -> Result<DueDays> {
    due_days(ws.conn())
}

const STORED: Stored<DueDays> = Stored::new("vulnerability_due_days", "The days to fix vulnerabilities");

fn due_days(conn: &Connection) -> Result<DueDays> {
    STORED.get(conn)
}

/// Sets the days to fix per severity; open vulnerabilities' due dates follow.
pub fn set_due_days(ws: &Workspace, days: &DueDays) -> Result<u64> {
    for d in [days.critical, days.high, days.medium, days.low, days.none] {
        if !(1..=3660).contains(&d) {
            return Err(CoreError::validation("due_days", "Days to fix are 1 to 3660 for every severity."));
        }
    }
    ws.write(|tx| {
        let before = STORED.before(tx)?;
        STORED.put(tx, days)?;
        let open: Vec<(i64, String, Option<String>)> = tx
            .prepare("SELECT id, found_on, severity FROM vulnerabilities WHERE status IN ('open', 'in_progress')")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, found, severity) in &open {
            tx.execute("UPDATE vulnerabilities SET due_on = ?1 WHERE id = ?2", params![due(days, found, severity.as_deref()), id])?;
        }
        tx.audit(Action::did("vulnerability_due_days.updated"), Subject::Setting("vulnerability_due_days"), serde_json::json!({"before": before, "after": days, "open_rescheduled": open.len()}))?;
        Ok(open.len() as u64)
    })
}

fn due(days: &DueDays, found_on: &str, severity: Option<&str>) -> Option<String> {
    let found = chrono::NaiveDate::parse_from_str(found_on, "%Y-%m-%d").ok()?;
    Some((found + chrono::Duration::days(days.for_severity(severity?))).format("%Y-%m-%d").to_string())
}

struct Checked {
    title: String,
    description: String,
    cve: Option<String>,
    vector: Option<String>,
    score: Option<cvss::CvssScore>,
    found_on: String,
    purl: Option<String>,
}

fn check(input: &VulnerabilityInput) -> Result<Checked> {
    let cve = input.cve.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_uppercase);
    if let Some(c) = &cve {
        let ok = c.strip_prefix("CVE-").and_then(|r| r.split_once('-')).is_some_and(|(y, n)| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()) && n.len() >= 4 && n.chars().all(|c| c.is_ascii_digit()));
        if !ok {
            return Err(CoreError::validation("cve", format!("\"{c}\" is not a CVE id (CVE-YYYY-NNNN).")));
        }
    }
    let vector = input.cvss_vector.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    let score = vector.as_deref().map(cvss::score).transpose()?;
    let found_on = input.found_on.trim();
    chrono::NaiveDate::parse_from_str(found_on, "%Y-%m-%d").map_err(|_| CoreError::validation("found_on", format!("\"{found_on}\" is not a date (YYYY-MM-DD).")))?;
    let purl = input.purl.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(str::to_string);
    if let Some(p) = &purl {
        if !p.starts_with("pkg:") || !p[4..].contains('/') {
            return Err(CoreError::validation("purl", format!("\"{p}\" is not a package URL (pkg:type/namespace/name@version, e.g. pkg:maven/commons-collections/commons-collections@3.2.1).")));
        }
        validate::check_line("purl", p, 500)?;
    }
    Ok(Checked {
        title: validate::name("title", &input.title, 300)?,
        description: validate::text("description", &input.description, 20_000)?,
        cve,
        vector,
        score,
        found_on: found_on.to_string(),
        purl,
    })
}

pub fn create_vulnerability(ws: &Workspace, input: &VulnerabilityInput) -> Result<Vulnerability> {
    ws.write(|tx| {
        let c = check(input)?;
        let number = crate::record::next_number(tx, "vulnerabilities", "VUL")?;
        let severity = c.score.as_ref().map(|s| s.severity.to_lowercase());
        let due_on = due(&due_days(tx)?, &c.found_on, severity.as_deref());
        tx.execute(
            "INSERT INTO vulnerabilities (number, title, description, cve, cvss_vector, cvss_version, base_score, severity, status, found_on, due_on, purl, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?13, ?12, ?12)",
            params![number, c.title, c.description, c.cve, c.vector, c.score.as_ref().map(|s| s.version.clone()), c.score.as_ref().map(|s| s.base_score), severity, input.status, c.found_on, due_on, tx.at(), c.purl],
        )?;
        let id = VulnerabilityId(tx.last_insert_rowid());
        let v = fetch(tx, id)?;
        tx.audit(Action::created("vulnerability.created"), RecordRef::new(RecordKind::Vulnerability, id.0), serde_json::to_value(&v).unwrap_or_default())?;
        Ok(v)
    })
}

pub fn update_vulnerability(ws: &Workspace, id: VulnerabilityId, input: &VulnerabilityInput) -> Result<Vulnerability> {
    ws.write(|tx| update_in(tx, id, input))
}

fn update_in(tx: &Tx<'_>, id: VulnerabilityId, input: &VulnerabilityInput) -> Result<Vulnerability> {
    let before = fetch(tx, id)?;
    let c = check(input)?;
    let severity = c.score.as_ref().map(|s| s.severity.to_lowercase());
    let due_on = due(&due_days(tx)?, &c.found_on, severity.as_deref());
    tx.execute(
        "UPDATE vulnerabilities SET title = ?2, description = ?3, cve = ?4, cvss_vector = ?5, cvss_version = ?6, base_score = ?7, severity = ?8, status = ?9,
            found_on = ?10, due_on = ?11, updated_at = ?12, purl = ?13 WHERE id = ?1",
        params![id.0, c.title, c.description, c.cve, c.vector, c.score.as_ref().map(|s| s.version.clone()), c.score.as_ref().map(|s| s.base_score), severity, input.status, c.found_on, due_on, tx.at(), c.purl],
    )?;
    let after = fetch(tx, id)?;
    let changes = validate::diff(&serde_json::to_value(&before).unwrap_or_default(), &serde_json::to_value(&after).unwrap_or_default());
    tx.audit(Action::did("vulnerability.updated"), RecordRef::new(RecordKind::Vulnerability, id.0), changes)?;
    Ok(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_severity_and_due_dates_come_from_the_vector_and_the_settings() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Security Officer", crate::testing::NOW);
        let input = |vector: &str| VulnerabilityInput {
            title: "OpenSSH regreSSHion on the jump host".into(), description: String::new(), cve: Some("cve-2024-6387".into()),
            cvss_vector: Some(vector.into()), status: VulnerabilityStatus::Open, found_on: "2026-11-02".into(), purl: None,
        };
        let v = create_vulnerability(&ws, &input("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H")).unwrap();
        assert_eq!((v.key.as_str(), v.cve.as_deref(), v.base_score, v.severity.as_deref()), ("VUL0000001", Some("CVE-2024-6387"), Some(8.1), Some("high")));
        assert_eq!(v.due_on.as_deref(), Some("2026-12-02"), "high: 30 days");
        let v = update_vulnerability(&ws, v.id, &input("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).unwrap();
        assert_eq!((v.severity.as_deref(), v.due_on.as_deref()), (Some("critical"), Some("2026-11-17")), "critical: 15 days");
        assert_eq!(set_due_days(&ws, &DueDays { critical: 7, ..DueDays::default() }).unwrap(), 1);
        assert_eq!(get_vulnerability(&ws, v.id).unwrap().due_on.as_deref(), Some("2026-11-09"));
        assert_eq!(create_vulnerability(&ws, &input("CVSS:3.1/AV:N")).unwrap_err().field(), Some("vector"));
        let mut bad = input("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
        bad.cve = Some("2024-6387".into());
        assert_eq!(create_vulnerability(&ws, &bad).unwrap_err().field(), Some("cve"));
        let page = list_vulnerabilities(&ws, &ListRequest { text: Some("regreSSHion".into()), ..Default::default() }).unwrap();
        assert_eq!(page.items.len(), 1);
    }
}
