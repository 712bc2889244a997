//! The risk benchmark: a register of 100,000 risks (and one of 10,000 for the heatmap),
//! written as steward-csv and imported the way a consultant would bring one in.

use std::io::Write;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use steward_core::charts::{risk_heatmap, Theme};
use steward_core::list::{FilterTerm, ListRequest, SortTerm};
use steward_core::risks::{self, RatingKind};
use steward_core::workspace::{Actor, Workspace};

use crate::gen::Rng;
use crate::measure::{ms, percentile, Figure};

const WORDS: &[&str] = &[
    "ransomware", "supplier", "outage", "backup", "phishing", "licence", "audit", "data", "breach", "vendor", "network", "power",
    "ERP", "portal", "warehouse", "payroll", "access", "privileged", "patching", "cloud", "capacity", "fraud", "regulatory", "staff",
];
const CATEGORIES: &[&str] = &["Information security", "Operational resilience", "Third party", "Compliance", "People", "Technology", "Financial"];
const STATUSES: &[&str] = &["identified", "assessed", "treating", "treating", "assessed", "closed"];

/// A realistic register: ratings lean to the middle of the matrix, current below inherent.
fn write_csv(path: &Path, n: u64, seed: u64) -> Result<(), String> {
    let mut rng = Rng::new(seed);
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).map_err(|e| e.to_string())?);
    let io = |e: std::io::Error| e.to_string();
    writeln!(w, "id,title,category,status,inherent_likelihood,inherent_impact,current_likelihood,current_impact,target_likelihood,target_impact").map_err(io)?;
    let mid = |rng: &mut Rng| 1 + (rng.below(5) + rng.below(5)) as i64 / 2 + rng.below(2) as i64;
    for i in 0..n {
        let title: Vec<&str> = (0..4).map(|_| WORDS[rng.below(WORDS.len() as u64) as usize]).collect();
        let (il, ii) = (mid(&mut rng).min(5), mid(&mut rng).min(5));
        let (cl, ci) = ((il - rng.below(2) as i64).max(1), (ii - rng.below(2) as i64).max(1));
        let (tl, ti) = ((cl - 1).max(1), (ci - rng.below(2) as i64).max(1));
        let category = CATEGORIES[rng.below(CATEGORIES.len() as u64) as usize];
        let status = STATUSES[rng.below(STATUSES.len() as u64) as usize];
        writeln!(w, "R-{i:06},{} risk {i},{category},{status},{il},{ii},{cl},{ci},{tl},{ti}", title.join(" ")).map_err(io)?;
    }
    w.flush().map_err(io)
}

fn register(dir: &Path, n: u64, seed: u64) -> Result<(Workspace, std::path::PathBuf), String> {
    let path = dir.join(format!("risks-{n}.steward"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let csv = dir.join(format!("risks-{n}.csv"));
    write_csv(&csv, n, seed)?;
    let ws = Workspace::create(&path, Actor::parse("benchmark").map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    let r = risks::transfer::import_risks(&ws, &csv, &Default::default()).map_err(|e| e.to_string())?;
    if r.created != n {
        return Err(format!("the generated register imported {} of {n} risks: {:?}", r.created, r.errors.first()));
    }
    Ok((ws, path))
}

pub fn run(dir: &Path, wanted: &dyn Fn(&str) -> bool) -> Result<Vec<Figure>, String> {
    let mut out = Vec::new();
    if wanted("risks.heatmap") {
        eprintln!("bench: a register of 10,000 risks for the heatmap");
        let (ws, path) = register(dir, 10_000, 0x4EA7)?;
        let raw = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| e.to_string())?;
        let mut draw: Vec<f64> = (0..20).map(|_| ms(|| risk_heatmap::risk_heatmap(&ws, RatingKind::Current, Theme::Light, risk_heatmap::HeatmapSize::Full)).0).collect();
        // Baseline: the counting alone, as a plain GROUP BY over the same rows.
        let mut count: Vec<f64> = (0..20)
            .map(|_| {
                ms(|| {
                    raw.prepare_cached("SELECT current_likelihood, current_impact, count(*) FROM risks WHERE status <> 'closed' GROUP BY 1, 2")
                        .and_then(|mut s| s.query_map([], |r| r.get::<_, i64>(2)).map(|rows| rows.count()))
                })
                .0
            })
            .collect();
        out.push(
            Figure::new("risks.heatmap", percentile(&mut draw, 50.0), "ms", "< 20 ms for 10,000 risks (counted and drawn as SVG)")
                .against("the GROUP BY count alone", percentile(&mut count, 50.0)),
        );
    }
    if wanted("risks.list_page_p95") {
        eprintln!("bench: a register of 100,000 risks for the list");
        let (ws, path) = register(dir, 100_000, 0x7157)?;
        let raw = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| e.to_string())?;
        let req = ListRequest {
            filters: vec![FilterTerm { field: "status".into(), value: "treating".into(), missing: false, op: None }],
            sort: Some(SortTerm { field: "current_level".into(), descending: true }),
            limit: Some(100),
            ..Default::default()
        };
        let mut page: Vec<f64> = (0..50).map(|_| ms(|| risks::list_risks(&ws, &req)).0).collect();
        // Baseline: the same page by OFFSET with no index on the sort, as a spreadsheet-minded tool would.
        let mut scan: Vec<f64> = (0..10)
            .map(|_| {
                ms(|| {
                    raw.prepare_cached("SELECT * FROM risks NOT INDEXED WHERE status = 'treating' ORDER BY current_level + 0 DESC, id LIMIT 100 OFFSET 0")
                        .and_then(|mut s| s.query_map([], |r| r.get::<_, i64>(0)).map(|rows| rows.count()))
                })
                .0
            })
            .collect();
        out.push(
            Figure::new("risks.list_page_p95", percentile(&mut page, 95.0), "ms", "< 10 ms (100,000 risks, filtered by status, sorted by level)")
                .against("a full scan and sort, no index", percentile(&mut scan, 95.0)),
        );
    }
    Ok(out)
}
