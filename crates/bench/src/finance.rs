//! Service financial management at size: 1,000,000 ledger lines over a year, 12 cost pools
//! and 500 services (a tenth of the lines booked straight to a service), allocated by rules
//! of every method (equal among 50 services, fixed shares among 10, by the CIs 100 services
//! run on), against a plain SQL GROUP BY of the same lines by pool and service in the same
//! run. Satisfaction at size: 1,000,000 survey answers over 500 services and a year, the
//! contract's figures per service against a plain SQL aggregate of the same answers.

use std::path::Path;

use rusqlite::Connection;
use steward_core::workspace::{Actor, Workspace};

use crate::measure::{ms, percentile, Figure};

const LINES: u64 = 1_000_000;
const SERVICES: u64 = 500;
const POOLS: u64 = 12;

pub fn run(dir: &Path, wanted: &dyn Fn(&str) -> bool) -> Result<Vec<Figure>, String> {
    let mut out = Vec::new();
    if wanted("finance.allocation") {
        out.push(allocation(dir)?);
    }
    if wanted("relationship.satisfaction") {
        out.push(satisfaction(dir)?);
    }
    Ok(out)
}

const RESPONSES: u64 = 1_000_000;

/// A new workspace at `path` filled by `sql` in one transaction, then opened as the app does.
fn filled(path: &Path, sql: &str) -> Result<Workspace, String> {
    drop(crate::estate::fresh(path)?);
    let e = |e: rusqlite::Error| e.to_string();
    let mut rw = Connection::open(path).map_err(e)?;
    let tx = rw.transaction().map_err(e)?;
    tx.execute_batch(sql).map_err(e)?;
    tx.commit().map_err(e)?;
    drop(rw);
    Workspace::open(path, Actor::parse("benchmark").map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}

fn satisfaction(dir: &Path) -> Result<Figure, String> {
    let ws = filled(&dir.join("satisfaction.steward"), &format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {SERVICES})
         INSERT INTO services (name, criticality, status, created_at, updated_at) SELECT printf('Service %03d', i), 'medium', 'live', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n;
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {RESPONSES} - 1)
         INSERT INTO survey_responses (source_key, service_id, answered_at, answered_on, csat, nps, comment, created_at)
         SELECT 'bench:' || i, 1 + i % {SERVICES}, date('2026-01-01', (i % 365) || ' days') || 'T10:00:00Z', date('2026-01-01', (i % 365) || ' days'),
                CASE WHEN i % 4 = 0 THEN NULL ELSE 1 + (i * 7) % 5 END, CASE WHEN i % 3 = 0 THEN NULL ELSE (i * 11) % 11 END, '', '2026-01-01T00:00:00Z' FROM n;"
    ))?;
    let e = |e: rusqlite::Error| e.to_string();
    let mut ours = Vec::new();
    for _ in 0..7 {
        let (t, rows) = ms(|| steward_core::relationship::satisfaction::satisfaction(&ws, steward_core::relationship::satisfaction::SatisfactionBy::Service));
        let rows = rows.map_err(|e| e.to_string())?;
        if rows.len() != SERVICES as usize || rows.iter().map(|r| r.responses).sum::<u64>() != RESPONSES {
            return Err(format!("the satisfaction figures counted {} services", rows.len()));
        }
        ours.push(t);
    }
    let conn = Connection::open_with_flags(ws.path(), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(e)?;
    let plain = "SELECT service_id, count(*), count(csat), sum(csat >= 4), count(nps), sum(nps >= 9), sum(nps <= 6) FROM survey_responses GROUP BY service_id";
    let mut base: Vec<f64> = (0..3).map(|_| ms(|| conn.prepare(plain).and_then(|mut s| s.query_map([], |_| Ok(())).map(|r| r.count()))).0).collect();
    Ok(Figure::new("relationship.satisfaction", percentile(&mut ours, 50.0), "ms", "< 200 ms (1,000,000 responses)").against("plain SQL aggregate of the answers", percentile(&mut base, 50.0)))
}

fn allocation(dir: &Path) -> Result<Figure, String> {
    let ws = filled(&dir.join("finance.steward"), &format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {SERVICES})
         INSERT INTO services (name, criticality, status, created_at, updated_at) SELECT printf('Service %03d', i), 'medium', 'live', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {POOLS})
         INSERT INTO cost_pools (name, tower, created_at) SELECT printf('Pool %02d', i), 'Infrastructure', '2026-01-01T00:00:00Z' FROM n;
         -- 100 services run on 1 to 10 CIs each.
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 550)
         INSERT INTO cis (name, ci_type, environment, lifecycle, created_at, updated_at) SELECT printf('host-%04d', i), 'server', 'production', 'operational', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n;
         WITH RECURSIVE s(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM s WHERE k < 100), c(k, j) AS (SELECT k, 1 FROM s UNION ALL SELECT k, j + 1 FROM c WHERE j < 1 + k % 10)
         INSERT INTO links (from_kind, from_id, link_type, to_kind, to_id, created_at) SELECT 'service', k, 'runs_on', 'ci', (k * 5 + j) % 550 + 1, '2026-01-01T00:00:00Z' FROM c WHERE true
           ON CONFLICT DO NOTHING;
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {LINES} - 1)
         INSERT INTO ledger_lines (source_key, booked_on, amount_cents, currency, original_cents, cost_pool_id, cost_centre, description, vendor, service_id, created_at)
         SELECT 'bench:' || i, date('2026-01-01', (i % 365) || ' days'), (i * 7919) % 250000 - 20000, 'EUR', (i * 7919) % 250000 - 20000, 1 + i % {POOLS}, 'IT', 'line', '',
                CASE WHEN i % 10 = 0 THEN 1 + (i / 10) % {SERVICES} END, '2026-01-01T00:00:00Z' FROM n;"
    ))?;
    let e = |e: rusqlite::Error| e.to_string();
    // Rules through the import pipeline: pools 1-4 equal among 50 services, 5-8 fixed shares
    // among 10 (90 % of each), 9-11 by CI count among the 100 services that run on CIs; pool
    // 12 has none.
    let mut rules = String::from("cost_pool,method,service,share\n");
    for p in 1..=4u64 {
        for s in 0..50u64 {
            rules.push_str(&format!("Pool {p:02},equal,Service {:03},\n", 1 + (p * 97 + s * 7) % SERVICES));
        }
    }
    for p in 5..=8u64 {
        for s in 0..10u64 {
            rules.push_str(&format!("Pool {p:02},fixed,Service {:03},9\n", 1 + (p * 31 + s * 13) % SERVICES));
        }
    }
    for p in 9..=11u64 {
        for s in 1..=100u64 {
            rules.push_str(&format!("Pool {p:02},ci_count,Service {s:03},\n"));
        }
    }
    let file = dir.join("finance-rules.csv");
    std::fs::write(&file, rules).map_err(|e| e.to_string())?;
    let r = steward_core::import_file::import(&ws, &file, steward_core::import_file::FileFormat::AllocationRules, &Default::default()).map_err(|e| e.to_string())?;
    if r.report.rejected > 0 {
        return Err(format!("the benchmark's rules were refused: {:?}", r.report.errors.first()));
    }
    let mut ours = Vec::new();
    for _ in 0..5 {
        let (t, a) = ms(|| steward_core::finance::allocation::allocate(&ws, "2026-01-01", "2026-12-31"));
        let a = a.map_err(|e| e.to_string())?;
        if a.services.len() < 200 {
            return Err(format!("the allocation reached {} services", a.services.len()));
        }
        ours.push(t);
    }
    let conn = Connection::open_with_flags(ws.path(), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(e)?;
    let plain = "SELECT cost_pool_id, service_id, sum(amount_cents) FROM ledger_lines NOT INDEXED WHERE booked_on >= '2026-01-01' AND booked_on <= '2026-12-31' GROUP BY cost_pool_id, service_id";
    let mut base: Vec<f64> = (0..3).map(|_| ms(|| conn.prepare(plain).and_then(|mut s| s.query_map([], |_| Ok(())).map(|r| r.count()))).0).collect();
    Ok(Figure::new("finance.allocation", percentile(&mut ours, 50.0), "ms", "< 2 s (1,000,000 lines, 500 services)").against("plain SQL GROUP BY of the same lines", percentile(&mut base, 50.0)))
}
