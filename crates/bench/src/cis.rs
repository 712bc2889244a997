//! The configuration-item benchmark: 1,000,000 CIs and 2,000,000 relations.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use steward_core::cis::{self, CiId};
use steward_core::links::{self, LinkType, NewLink};
use steward_core::list::{Cursor, FilterTerm, ListRequest, SortTerm};
use steward_core::record::{RecordKind, RecordRef};
use steward_core::workspace::{Actor, Workspace};

use crate::gen::{self, Rng};
use crate::measure::{ms, percentile, Figure};

pub const CIS: u64 = 1_000_000;
pub const LINKS: u64 = 2_000_000;
/// CI 1 has exactly this many transitive dependants (a 10-ary tree of CIs 2..=10,001).
pub const HUB_DEPENDANTS: u64 = 10_000;
const PAGE: u32 = 100;

fn ci_ref(id: u64) -> RecordRef {
    RecordRef { kind: RecordKind::Ci, id: id as i64 }
}

fn generate(path: &Path) -> Result<f64, String> {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let actor = Actor::parse("benchmark").map_err(|e| e.to_string())?;
    let (t, r) = ms(|| -> Result<(), String> {
        let ws = Workspace::create(path, actor).map_err(|e| e.to_string())?;
        let mut rng = Rng::new(0x5EED_C15);
        cis::bulk_create_cis(&ws, (0..CIS).map(|i| gen::ci(&mut rng, i)), "benchmark generator").map_err(|e| e.to_string())?;
        let tree = (2..=HUB_DEPENDANTS + 1).map(|k| NewLink { from: ci_ref(k), link_type: LinkType::DependsOn, to: ci_ref((k - 2) / 10 + 1) });
        // The rest join CIs outside the tree, so the hub's dependants stay exactly the tree.
        let first = HUB_DEPENDANTS + 2;
        let span = CIS - first + 1;
        let mut rng = Rng::new(0x11_4C5);
        let random = (0..LINKS - HUB_DEPENDANTS).filter_map(move |n| {
            let from = first + n % span;
            let round = n / span;
            let mut to = first + rng.below(span);
            if to == from {
                to = if to == CIS { first } else { to + 1 };
            }
            // One link type per round keeps (from, type, to) unique.
            let link_type = [LinkType::RunsOn, LinkType::DependsOn, LinkType::ConnectsTo, LinkType::PartOf][round as usize % 4];
            Some(NewLink { from: ci_ref(from), link_type, to: ci_ref(to) })
        });
        links::bulk_create_links(&ws, tree.chain(random), "benchmark generator").map_err(|e| e.to_string())?;
        Ok(())
    });
    r?;
    Ok(t)
}

fn raw(path: &Path) -> Result<Connection, String> {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| e.to_string())
}

fn cursor_at(conn: &Connection, filter: Option<&str>, pos: u64) -> Result<Cursor, String> {
    let sql = format!("SELECT name, id FROM cis {} ORDER BY name, id LIMIT 1 OFFSET ?1", filter.map(|f| format!("WHERE ci_type = '{f}'")).unwrap_or_default());
    conn.query_row(&sql, [pos], |r| Ok(Cursor { key: serde_json::Value::String(r.get(0)?), id: r.get(1)? })).map_err(|e| e.to_string())
}

const NAIVE_SELECT: &str = "SELECT c.id, c.name, c.ci_type, c.environment, c.owner_id, coalesce(p.name, ''), c.lifecycle, c.attributes, c.created_at, c.updated_at
    FROM cis AS c NOT INDEXED LEFT JOIN people p ON p.id = c.owner_id";

fn naive_page(conn: &Connection, filter: Option<&str>, offset: u64) -> Result<usize, String> {
    let sql = format!(
        "{NAIVE_SELECT} {} ORDER BY c.name, c.id LIMIT {PAGE} OFFSET ?1",
        filter.map(|f| format!("WHERE c.ci_type = '{f}'")).unwrap_or_default()
    );
    let mut stmt = conn.prepare_cached(&sql).map_err(|e| e.to_string())?;
    let n = stmt.query_map([offset], |_| Ok(())).map_err(|e| e.to_string())?.count();
    Ok(n)
}

/// Impact without indexes, as a naive implementation would do it: one scan of all links
/// per level of the walk.
fn naive_impact(conn: &Connection, hub: u64) -> Result<u64, String> {
    conn.execute_batch("CREATE TEMP TABLE IF NOT EXISTS seen(id INTEGER PRIMARY KEY); DELETE FROM seen; CREATE TEMP TABLE IF NOT EXISTS frontier(id INTEGER); DELETE FROM frontier;")
        .map_err(|e| e.to_string())?;
    conn.execute("INSERT INTO frontier VALUES (?1)", [hub]).map_err(|e| e.to_string())?;
    loop {
        conn.execute_batch(
            "CREATE TEMP TABLE next AS SELECT DISTINCT from_id AS id FROM links NOT INDEXED
               WHERE to_kind = 'ci' AND link_type IN ('runs_on', 'depends_on') AND to_id IN (SELECT id FROM frontier)
                 AND from_id NOT IN (SELECT id FROM seen);
             DELETE FROM frontier; INSERT INTO frontier SELECT id FROM next; INSERT OR IGNORE INTO seen SELECT id FROM next; DROP TABLE next;",
        )
        .map_err(|e| e.to_string())?;
        let n: i64 = conn.query_row("SELECT count(*) FROM frontier", [], |r| r.get(0)).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
    }
    conn.query_row("SELECT count(*) FROM seen", [], |r| r.get::<_, i64>(0)).map(|n| n as u64).map_err(|e| e.to_string())
}

pub fn run(dir: &Path, wanted: &dyn Fn(&str) -> bool) -> Result<Vec<Figure>, String> {
    let path = dir.join("cis-1m.steward");
    eprintln!("bench: generating {CIS} CIs and {LINKS} relations in {}", path.display());
    let generated = generate(&path)?;
    let mut out = vec![Figure::new("cis.generate", generated, "ms", "informational")];
    let actor = Actor::parse("benchmark").map_err(|e| e.to_string())?;

    if wanted("cis.open") {
        let mut ours: Vec<f64> = (0..15).map(|_| ms(|| Workspace::open(&path, actor.clone()).map(drop)).0).collect();
        let mut base: Vec<f64> = (0..15)
            .map(|_| ms(|| raw(&path).and_then(|c| c.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).map_err(|e| e.to_string()))).0)
            .collect();
        out.push(Figure::new("cis.open", percentile(&mut ours, 50.0), "ms", "< 50 ms").against("sqlite open + schema read", percentile(&mut base, 50.0)));
    }

    let ws = Workspace::open(&path, actor).map_err(|e| e.to_string())?;
    let conn = raw(&path)?;
    let mut rng = Rng::new(42);
    let by_name = Some(SortTerm { field: "name".into(), descending: false });

    if wanted("cis.list_page_p95") || wanted("cis.first_page_p95") {
        let mut first: Vec<f64> = (0..30).map(|_| ms(|| cis::list_cis(&ws, &ListRequest { limit: Some(PAGE), sort: by_name.clone(), ..Default::default() })).0).collect();
        out.push(Figure::new("cis.first_page_p95", percentile(&mut first, 95.0), "ms", "p95 < 10 ms").against("OFFSET 0, no index", ms(|| naive_page(&conn, None, 0)).0));
        let positions: Vec<u64> = (0..60).map(|_| rng.below(CIS - PAGE as u64)).collect();
        let mut ours = Vec::new();
        for &p in &positions {
            let after = cursor_at(&conn, None, p)?;
            let req = ListRequest { limit: Some(PAGE), sort: by_name.clone(), after: Some(after), ..Default::default() };
            let (t, page) = ms(|| cis::list_cis(&ws, &req));
            if page.map_err(|e| e.to_string())?.items.len() != PAGE as usize {
                return Err("a keyset page came back short".into());
            }
            ours.push(t);
        }
        let mut base = Vec::new();
        for &p in positions.iter().take(8) {
            base.push(ms(|| naive_page(&conn, None, p)).0);
        }
        out.push(Figure::new("cis.list_page_p95", percentile(&mut ours, 95.0), "ms", "p95 < 10 ms").against("OFFSET pagination, no index", percentile(&mut base, 95.0)));
    }

    if wanted("cis.filtered_page_p95") {
        let filter = "database";
        let total: u64 = conn.query_row("SELECT count(*) FROM cis WHERE ci_type = ?1", [filter], |r| r.get::<_, i64>(0)).map_err(|e| e.to_string())? as u64;
        let positions: Vec<u64> = (0..60).map(|_| rng.below(total - PAGE as u64)).collect();
        let mut ours = Vec::new();
        for &p in &positions {
            let after = cursor_at(&conn, Some(filter), p)?;
            let req = ListRequest {
                limit: Some(PAGE),
                sort: by_name.clone(),
                after: Some(after),
                filters: vec![FilterTerm { field: "ci_type".into(), value: filter.into(), missing: false, op: None }],
                ..Default::default()
            };
            ours.push(ms(|| cis::list_cis(&ws, &req)).0);
        }
        let mut base = Vec::new();
        for &p in positions.iter().take(8) {
            base.push(ms(|| naive_page(&conn, Some(filter), p)).0);
        }
        out.push(Figure::new("cis.filtered_page_p95", percentile(&mut ours, 95.0), "ms", "p95 < 10 ms").against("OFFSET pagination, no index", percentile(&mut base, 95.0)));
    }

    if wanted("cis.impact") {
        let hub = CiId(1);
        let impact = cis::impact_of_ci(&ws, hub, 200).map_err(|e| e.to_string())?;
        if impact.total != HUB_DEPENDANTS {
            return Err(format!("impact of the hub is {} records, expected {HUB_DEPENDANTS}", impact.total));
        }
        let mut ours: Vec<f64> = (0..10).map(|_| ms(|| cis::impact_of_ci(&ws, hub, 200)).0).collect();
        let (base, n) = ms(|| naive_impact(&conn, 1));
        if n? != HUB_DEPENDANTS {
            return Err("the naive impact walk disagrees".into());
        }
        out.push(Figure::new("cis.impact", percentile(&mut ours, 95.0), "ms", "< 100 ms (10,000 dependants)").against("level-by-level scan, no index", base));
    }
    if wanted("cis.eol_radar") {
        out.push(eol_radar(&path, &ws)?);
    }
    Ok(out)
}

/// Every CI gets a warranty end, an end of support and an end of life spread over twenty
/// years from today (written straight into the file: the fixture, not the use case); the
/// radar over the next 12 months against the same rows by a plain query without indexes.
fn eol_radar(path: &Path, ws: &Workspace) -> Result<Figure, String> {
    let e = |e: rusqlite::Error| e.to_string();
    let rw = Connection::open(path).map_err(e)?;
    rw.execute_batch(
        "UPDATE cis SET warranty_end = date('now', '-3 years', ((id * 7919) % 7300) || ' days'),
                        support_end  = date('now', '-2 years', ((id * 104729) % 7300) || ' days'),
                        life_end     = date('now', '-1 years', ((id * 1299709) % 7300) || ' days');",
    )
    .map_err(e)?;
    drop(rw);
    let mut ours: Vec<f64> = Vec::new();
    let mut found = 0;
    for _ in 0..7 {
        let (t, r) = ms(|| steward_core::cis::lifecycle::eol_radar(ws, 12));
        found = r.map_err(|e| e.to_string())?.len();
        ours.push(t);
    }
    let conn = raw(path)?;
    let plain = "SELECT id, name, kind, d FROM (
                   SELECT id, name, 'warranty_end' AS kind, warranty_end AS d FROM cis NOT INDEXED UNION ALL
                   SELECT id, name, 'end_of_support', support_end FROM cis NOT INDEXED UNION ALL
                   SELECT id, name, 'end_of_life', life_end FROM cis NOT INDEXED)
                 WHERE d >= date('now') AND d <= date('now', '+12 months') ORDER BY d, name, kind";
    let mut base: Vec<f64> = (0..3).map(|_| ms(|| conn.prepare(plain).and_then(|mut s| s.query_map([], |_| Ok(())).map(|r| r.count()))).0).collect();
    eprintln!("bench: the radar found {found} dates within 12 months");
    Ok(Figure::new("cis.eol_radar", percentile(&mut ours, 50.0), "ms", "< 200 ms (1,000,000 CIs, 12 months)").against("plain SQL without indexes", percentile(&mut base, 50.0)))
}
