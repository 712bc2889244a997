//! The change benchmark: 100,000 CIs in a dependency forest, 10,000 scheduled changes over a
//! year (1-3 CIs each, 300 engineers), weekly maintenance windows on 2,000 CIs and four
//! blackouts; collision detection over all of it.

use std::io::Write;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use steward_core::changes::{self, Recurrence, WindowInput, WindowKind};
use steward_core::cis;
use steward_core::links::{self, LinkType, NewLink};
use steward_core::record::{RecordKind, RecordRef};
use steward_core::workspace::{Actor, Workspace};

use crate::gen::{self, Rng};
use crate::measure::{ms, percentile, Figure};

const CIS: u64 = 100_000;
const CHANGES: u64 = 10_000;

fn e(x: impl std::fmt::Display) -> String {
    x.to_string()
}

pub fn run(dir: &Path) -> Result<Vec<Figure>, String> {
    let path = dir.join("changes.steward");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    eprintln!("bench: 100,000 CIs and 10,000 scheduled changes");
    let ws = Workspace::create(&path, Actor::parse("benchmark").map_err(e)?).map_err(e)?;
    let mut rng = Rng::new(0xC4A_9E);
    let inputs: Vec<_> = (0..CIS).map(|i| gen::ci(&mut rng, i)).collect();
    let names: Vec<String> = inputs.iter().map(|c| c.name.clone()).collect();
    cis::bulk_create_cis(&ws, inputs, "benchmark generator").map_err(e)?;
    // A forest: each CI depends on one of the 100 before it (ids follow insertion order).
    let r = |id: u64| RecordRef { kind: RecordKind::Ci, id: id as i64 };
    let mut rng = Rng::new(0x11_4C6);
    let forest: Vec<NewLink> = (2..=CIS).filter(|k| k % 7 != 0).map(|k| NewLink { from: r(k), link_type: LinkType::DependsOn, to: r(k - 1 - rng.below((k - 1).min(100))) }).collect();
    links::bulk_create_links(&ws, forest, "benchmark generator").map_err(e)?;
    // Changes as a ServiceNow-shaped export, imported in one transaction.
    let csv = dir.join("changes.csv");
    {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&csv).map_err(e)?);
        writeln!(w, "number,title,type,state,planned_start,planned_end,assignee,cis").map_err(e)?;
        let base = chrono::DateTime::parse_from_rfc3339("2027-01-04T00:00:00Z").map_err(e)?.timestamp();
        for i in 0..CHANGES {
            let start = base + (rng.below(365 * 24) as i64) * 3600;
            let end = start + (1 + rng.below(4) as i64) * 3600;
            let n = 1 + rng.below(3);
            let on: Vec<&str> = (0..n).map(|_| names[rng.below(CIS) as usize].as_str()).collect();
            let t = |s: i64| chrono::DateTime::from_timestamp(s, 0).map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string()).unwrap_or_default();
            writeln!(w, "CHG{:07},Change {i},Normal,Scheduled,{},{},Engineer {},{}", i + 1, t(start), t(end), rng.below(300), on.join(";")).map_err(e)?;
        }
    }
    let report = changes::import::import_changes(&ws, changes::import::ChangeSource::StewardCsv, &csv, &steward_core::import::ImportOptions::default()).map_err(e)?;
    if report.created != CHANGES {
        return Err(format!("the generated changes imported {} of {CHANGES}: {:?}", report.created, report.errors.first()));
    }
    for k in 0..2_000u64 {
        changes::create_window(&ws, &WindowInput {
            kind: WindowKind::Maintenance, name: format!("window {k}"), ci_id: Some((k * 50 + 1) as i64), service_id: None,
            starts_at: "2027-01-03T22:00:00Z".into(), ends_at: "2027-01-04T04:00:00Z".into(), recurrence: Recurrence::Weekly, until: None,
        })
        .map_err(e)?;
    }
    for (s, t) in [("2027-03-29", "2027-04-02"), ("2027-06-28", "2027-07-02"), ("2027-09-27", "2027-10-01"), ("2027-12-15", "2028-01-05")] {
        changes::create_window(&ws, &WindowInput {
            kind: WindowKind::Blackout, name: format!("freeze {s}"), ci_id: None, service_id: None,
            starts_at: format!("{s}T00:00:00Z"), ends_at: format!("{t}T00:00:00Z"), recurrence: Recurrence::None, until: None,
        })
        .map_err(e)?;
    }
    let mut runs: Vec<f64> = Vec::new();
    let mut found = Vec::new();
    for _ in 0..5 {
        let (t, r) = ms(|| changes::conflicts::conflicts(&ws));
        found = r.map_err(e)?;
        runs.push(t);
    }
    let reasons: std::collections::BTreeSet<&str> = found.iter().map(|c| c.reason.as_str()).collect();
    // Baseline: only the same-CI pairs, by a plain SQL self-join over the same tables.
    let raw = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(e)?;
    let mut base: Vec<f64> = (0..3)
        .map(|_| {
            ms(|| {
                raw.query_row(
                    "SELECT count(*) FROM changes a JOIN change_cis ca ON ca.change_id = a.id JOIN change_cis cb ON cb.ci_id = ca.ci_id AND cb.change_id > a.id
                       JOIN changes b ON b.id = cb.change_id WHERE a.planned_start < b.planned_end AND b.planned_start < a.planned_end",
                    [],
                    |r| r.get::<_, i64>(0),
                )
            })
            .0
        })
        .collect();
    Ok(vec![Figure::new("changes.conflicts", percentile(&mut runs, 50.0), "ms", &format!("< 1 s (10,000 changes, 100,000 CIs; {} conflicts: {})", found.len(), reasons.into_iter().collect::<Vec<_>>().join(", ")))
        .against("SQL self-join for same_ci alone", percentile(&mut base, 50.0))])
}
