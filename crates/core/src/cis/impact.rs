//! Impact analysis of a CI: everything that depends on it, transitively, and the records
//! of every practice that touch what depends on it.
//!
//! The chain is walked breadth-first through the links that carry dependence (a CI,
//! application or service that runs on or depends on another; a CI a whole is part of),
//! each node keeping the one it was reached through, so the chain is a tree that draws
//! without crossings. On each node of the chain hang the records that touch it: open
//! incidents, open problems, changes not yet ended, deployments of the last 90 days, open
//! risks and open vulnerabilities. The graph groups them by kind as counts on their node;
//! the list names each.

use std::collections::{HashMap, VecDeque};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::CiId;
use crate::error::Result;
use crate::record::{RecordKind, RecordRef};
use crate::workspace::Workspace;

/// Most nodes of the chain followed (a CI everything depends on stays readable).
pub const MAX_CHAIN: usize = 400;
/// How far back deployments count.
const DEPLOYMENT_DAYS: i64 = 90;

/// One node of the dependency chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChainNode {
    pub record: RecordRef,
    pub name: String,
    /// Steps from the CI analysed (0: the CI itself).
    pub depth: u32,
    /// The node it depends on, through which it was reached (none for the CI itself).
    pub via: Option<RecordRef>,
    /// The records touching it, counted by kind (in the order of [`TOUCHING`]).
    pub touched_by: Vec<KindCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct KindCount {
    pub kind: RecordKind,
    pub count: u64,
}

/// The kinds of record that touch a chain, in the order the graph and the list give them.
pub const TOUCHING: &[RecordKind] = &[RecordKind::Incident, RecordKind::Problem, RecordKind::Change, RecordKind::Deployment, RecordKind::Risk, RecordKind::Vulnerability];

/// A record of a practice touching a node of the chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TouchingRecord {
    pub record: RecordRef,
    pub title: String,
    /// Its state as stored ("in_progress", "treating", "failed", ...).
    pub state: String,
    /// The node of the chain it touches.
    pub node: RecordRef,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImpactAnalysis {
    pub ci: CiId,
    pub chain: Vec<ChainNode>,
    /// Whether the chain was cut at [`MAX_CHAIN`] nodes.
    pub cut: bool,
    /// Grouped by kind, then by title.
    pub records: Vec<TouchingRecord>,
}

fn kind_of(text: &str) -> Option<RecordKind> {
    RecordKind::parse(text)
}

/// Walks the chain of what depends on `ci`.
fn chain(ws: &Workspace, ci: CiId) -> Result<(Vec<ChainNode>, bool)> {
    let conn = ws.conn();
    let name = |r: RecordRef| -> Result<String> { Ok(crate::links::record_name(conn, r)?.unwrap_or_default()) };
    let mut up = conn.prepare_cached("SELECT from_kind, from_id FROM links WHERE to_kind = ?1 AND to_id = ?2 AND link_type IN ('runs_on', 'depends_on') ORDER BY from_kind, from_id")?;
    let mut whole = conn.prepare_cached("SELECT to_kind, to_id FROM links WHERE from_kind = ?1 AND from_id = ?2 AND link_type = 'part_of' ORDER BY to_kind, to_id")?;
    let start = RecordRef::new(RecordKind::Ci, ci.0);
    let mut nodes = vec![ChainNode { record: start, name: name(start)?, depth: 0, via: None, touched_by: Vec::new() }];
    let mut seen: HashMap<RecordRef, usize> = HashMap::from([(start, 0)]);
    let mut queue = VecDeque::from([0usize]);
    let mut cut = false;
    while let Some(i) = queue.pop_front() {
        let at = nodes[i].record;
        let mut next: Vec<RecordRef> = Vec::new();
        for stmt in [&mut up, &mut whole] {
            for row in stmt.query_map(rusqlite::params![at.kind.as_str(), at.id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
                let (k, id) = row?;
                if let Some(kind) = kind_of(&k) {
                    next.push(RecordRef::new(kind, id));
                }
            }
        }
        for r in next {
            if seen.contains_key(&r) {
                continue;
            }
            if nodes.len() >= MAX_CHAIN {
                cut = true;
                break;
            }
            seen.insert(r, nodes.len());
            nodes.push(ChainNode { record: r, name: name(r)?, depth: nodes[i].depth + 1, via: Some(at), touched_by: Vec::new() });
            queue.push_back(nodes.len() - 1);
        }
    }
    Ok((nodes, cut))
}

/// The records of each practice touching the chain's nodes.
fn touching(ws: &Workspace, nodes: &[ChainNode]) -> Result<Vec<TouchingRecord>> {
    let conn = ws.conn();
    let since = crate::time::to_text(ws.now() - chrono::Duration::days(DEPLOYMENT_DAYS));
    // (kind, SQL giving id, title, state for a node kind and id)
    let queries: &[(RecordKind, RecordKind, &str)] = &[
        (RecordKind::Incident, RecordKind::Ci, "SELECT id, number || ' ' || title, state FROM incidents WHERE ci_id = ?1 AND state NOT IN ('resolved', 'closed', 'cancelled')"),
        (RecordKind::Incident, RecordKind::Service, "SELECT id, number || ' ' || title, state FROM incidents WHERE service_id = ?1 AND ci_id IS NULL AND state NOT IN ('resolved', 'closed', 'cancelled')"),
        (RecordKind::Problem, RecordKind::Ci, "SELECT p.id, p.number || ' ' || p.title, p.state FROM problems p JOIN links l ON l.from_kind = 'problem' AND l.from_id = p.id AND l.to_kind = 'ci' AND l.to_id = ?1 WHERE p.state NOT IN ('resolved', 'closed')"),
        (RecordKind::Problem, RecordKind::Service, "SELECT p.id, p.number || ' ' || p.title, p.state FROM problems p JOIN links l ON l.from_kind = 'problem' AND l.from_id = p.id AND l.to_kind = 'service' AND l.to_id = ?1 WHERE p.state NOT IN ('resolved', 'closed')"),
        (RecordKind::Change, RecordKind::Ci, "SELECT c.id, c.number || ' ' || c.title, c.state FROM changes c JOIN change_cis x ON x.change_id = c.id AND x.ci_id = ?1 WHERE c.state NOT IN ('closed', 'cancelled', 'failed')"),
        (RecordKind::Change, RecordKind::Service, "SELECT c.id, c.number || ' ' || c.title, c.state FROM changes c JOIN links l ON l.from_kind = 'change' AND l.from_id = c.id AND l.to_kind = 'service' AND l.to_id = ?1 WHERE c.state NOT IN ('closed', 'cancelled', 'failed')"),
        (RecordKind::Deployment, RecordKind::Service, "SELECT id, number || ' ' || application || ' ' || version, result FROM deployments WHERE service_id = ?1 AND deployed_at >= ?2"),
        (RecordKind::Risk, RecordKind::Ci, "SELECT r.id, r.number || ' ' || r.title, r.status FROM risks r JOIN links l ON l.from_kind = 'risk' AND l.from_id = r.id AND l.to_kind = 'ci' AND l.to_id = ?1 WHERE r.status <> 'closed'"),
        (RecordKind::Risk, RecordKind::Service, "SELECT r.id, r.number || ' ' || r.title, r.status FROM risks r JOIN links l ON l.from_kind = 'risk' AND l.from_id = r.id AND l.to_kind = 'service' AND l.to_id = ?1 WHERE r.status <> 'closed'"),
        (RecordKind::Vulnerability, RecordKind::Ci, "SELECT v.id, v.number || ' ' || v.title, v.status FROM vulnerabilities v JOIN links l ON l.from_kind = 'vulnerability' AND l.from_id = v.id AND l.to_kind = 'ci' AND l.to_id = ?1 WHERE v.status <> 'closed'"),
    ];
    let mut out: Vec<TouchingRecord> = Vec::new();
    let mut seen: std::collections::HashSet<RecordRef> = std::collections::HashSet::new();
    for (kind, on, sql) in queries {
        let mut stmt = conn.prepare_cached(sql)?;
        let takes_since = sql.contains("?2");
        for n in nodes.iter().filter(|n| n.record.kind == *on) {
            let map = |r: &rusqlite::Row<'_>| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?));
            let rows: Vec<(i64, String, String)> = if takes_since {
                stmt.query_map(rusqlite::params![n.record.id, since], map)?.collect::<rusqlite::Result<_>>()?
            } else {
                stmt.query_map([n.record.id], map)?.collect::<rusqlite::Result<_>>()?
            };
            for (id, title, state) in rows {
                let record = RecordRef::new(*kind, id);
                // A record touching two nodes is listed once, at the first (the nearest).
                if seen.insert(record) {
                    out.push(TouchingRecord { record, title, state, node: n.record });
                }
            }
        }
    }
    let rank = |k: RecordKind| TOUCHING.iter().position(|t| *t == k).unwrap_or(usize::MAX);
    out.sort_by(|a, b| rank(a.record.kind).cmp(&rank(b.record.kind)).then_with(|| a.title.cmp(&b.title)));
    Ok(out)
}

pub fn impact_analysis(ws: &Workspace, ci: CiId) -> Result<ImpactAnalysis> {
    super::get_ci(ws, ci)?;
    let (mut chain, cut) = chain(ws, ci)?;
    let records = touching(ws, &chain)?;
    let at: HashMap<RecordRef, usize> = chain.iter().enumerate().map(|(i, n)| (n.record, i)).collect();
    for r in &records {
        if let Some(&i) = at.get(&r.node) {
            let counts = &mut chain[i].touched_by;
            match counts.iter_mut().find(|c| c.kind == r.record.kind) {
                Some(c) => c.count += 1,
                None => counts.push(KindCount { kind: r.record.kind, count: 1 }),
            }
        }
    }
    Ok(ImpactAnalysis { ci, chain, cut, records })
}

/// The analysis's graph as SVG, with where each node is drawn (for the window's links).
pub fn impact_graph(ws: &Workspace, ci: CiId, theme: crate::charts::Theme) -> Result<crate::charts::impact_graph::ImpactGraph> {
    crate::charts::impact_graph::render(&impact_analysis(ws, ci)?, theme)
}
