//! Recurring-incident detection: problem candidates from clusters of incidents not yet
//! linked to a problem, opened in a window: the same CI and category, the same service and
//! category (incidents without a CI), or the same title (case and spacing aside). Largest
//! first; a cluster whose incidents another, larger one already holds is left out; each
//! with its incidents, ready for "open a problem".

use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::workspace::Workspace;

labelled_enum!(
    ClusterBasis {
        CiCategory = "ci_category": "Same CI and category",
        ServiceCategory = "service_category": "Same service and category",
        SimilarText = "similar_text": "Same title",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Candidate {
    pub basis: ClusterBasis,
    /// What the incidents share, in words ("db01 · Database").
    pub label: String,
    pub count: u64,
    pub first_opened: String,
    pub last_opened: String,
    /// Up to 200 of the incidents, newest first.
    #[ts(type = "number[]")]
    pub incident_ids: Vec<i64>,
    pub sample: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DetectionInput {
    /// Window start (YYYY-MM-DD); default 90 days before the newest incident.
    #[serde(default)]
    pub since: Option<String>,
    /// Fewest incidents that make a candidate (default 5).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub min_incidents: Option<u64>,
}

const UNLINKED: &str = "NOT EXISTS (SELECT 1 FROM links l WHERE l.from_kind = 'incident' AND l.from_id = i.id AND l.link_type = 'caused_by' AND l.to_kind = 'problem')";

/// The 50 largest candidates.
pub fn detect(ws: &Workspace, input: &DetectionInput) -> Result<Vec<Candidate>> {
    let conn = ws.conn();
    let min = input.min_incidents.unwrap_or(5).max(2);
    let since = match input.since.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| CoreError::validation("since", format!("\"{s}\" is not a date (YYYY-MM-DD).")))?.format("%Y-%m-%d").to_string(),
        None => {
            let newest: Option<String> = conn.query_row("SELECT max(opened_at) FROM incidents", [], |r| r.get(0))?;
            let newest = newest.as_deref().and_then(crate::time::parse).unwrap_or_else(|| ws.now());
            (newest - chrono::Duration::days(90)).format("%Y-%m-%d").to_string()
        }
    };
    let groups = [
        (ClusterBasis::CiCategory, "i.ci_id, i.category", "i.ci_id IS NOT NULL AND i.category <> ''", "(SELECT name FROM cis WHERE id = i.ci_id) || ' · ' || i.category"),
        (ClusterBasis::ServiceCategory, "i.service_id, i.category", "i.ci_id IS NULL AND i.service_id IS NOT NULL AND i.category <> ''", "(SELECT name FROM services WHERE id = i.service_id) || ' · ' || i.category"),
        (ClusterBasis::SimilarText, "lower(trim(i.title))", "1", "min(i.title)"),
    ];
    let mut found: Vec<(ClusterBasis, String, u64, String, String, Vec<rusqlite::types::Value>)> = Vec::new();
    for (basis, key, filter, label) in groups {
        let sql = format!(
            "SELECT {label}, count(*), min(i.opened_at), max(i.opened_at), {key} FROM incidents i
              WHERE i.opened_at >= ?1 AND {filter} AND {UNLINKED} GROUP BY {key} HAVING count(*) >= ?2 ORDER BY count(*) DESC LIMIT 50"
        );
        let width = key.split(',').count();
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(params![since, min as i64], |r| {
            let keys: Vec<rusqlite::types::Value> = (0..width).map(|k| r.get(4 + k)).collect::<rusqlite::Result<_>>()?;
            Ok((basis, r.get::<_, Option<String>>(0)?.unwrap_or_default(), r.get::<_, u64>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, keys))
        })?;
        for row in rows {
            found.push(row?);
        }
    }
    found.sort_by(|a, b| b.2.cmp(&a.2));
    found.truncate(50);
    let mut out = Vec::new();
    for (basis, label, count, first, last, keys) in found {
        let (_, key, filter, _) = groups.iter().find(|g| g.0 == basis).copied().unwrap_or(groups[2]);
        let matcher = match basis {
            ClusterBasis::SimilarText => "lower(trim(i.title)) = ?3".to_string(),
            _ => key.split(',').enumerate().map(|(k, col)| format!("{} = ?{}", col.trim(), k + 3)).collect::<Vec<_>>().join(" AND "),
        };
        let sql = format!("SELECT i.id, i.number FROM incidents i WHERE i.opened_at >= ?1 AND {filter} AND {UNLINKED} AND {matcher} AND ?2 = ?2 ORDER BY i.opened_at DESC LIMIT 200");
        let mut values: Vec<rusqlite::types::Value> = vec![since.clone().into(), (min as i64).into()];
        values.extend(keys);
        let mut stmt = conn.prepare(&sql)?;
        let rows: Vec<(i64, String)> = stmt.query_map(rusqlite::params_from_iter(values), |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        // The same incidents found another way already make a candidate.
        let ids: std::collections::HashSet<i64> = rows.iter().map(|r| r.0).collect();
        if out.iter().any(|c: &Candidate| ids.iter().all(|i| c.incident_ids.contains(i))) {
            continue;
        }
        out.push(Candidate {
            basis,
            label,
            count,
            first_opened: first,
            last_opened: last,
            sample: rows.iter().take(5).map(|r| r.1.clone()).collect(),
            incident_ids: rows.into_iter().map(|r| r.0).collect(),
        });
    }
    Ok(out)
}
