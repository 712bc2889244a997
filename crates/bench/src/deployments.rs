//! The deployment benchmark: the DORA figures over 100,000 deployments carrying 1,000,000
//! commits (written as steward-csv and imported as a consultant would), against the same
//! figures by plain SQL in the same run; and the git import of a 100,000-commit repository
//! with 1,000 tags (written by `git fast-import`), against `git rev-list --count` per tag.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use rusqlite::{params, Connection, OpenFlags};
use steward_core::deployments::dora::{figures, DoraQuery};
use steward_core::deployments::git::{import_git, GitTarget};
use steward_core::deployments::{import::import_deployments, log_incident_caused, DeploymentId};
use steward_core::workspace::{Actor, Workspace};

use crate::measure::{ms, percentile, Figure};

const DEPLOYMENTS: i64 = 100_000;
const COMMITS_EACH: i64 = 10;
/// 2025-01-01T00:00:00Z; a deployment every five minutes fills 347 days.
const T0: i64 = 1_735_689_600;

fn at(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0).map(steward_core::time::to_text).unwrap_or_default()
}

/// Fifty services in production and staging; every 13th deployment fails, every 29th is
/// rolled back, every 17th is unplanned; ten commits each, committed 1 to 240 hours before.
fn write_csv(path: &Path) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).map_err(io)?);
    writeln!(w, "number,application,version,service,environment,started_at,deployed_at,method,deployed_by,result,planned,change,commits").map_err(io)?;
    for k in 0..DEPLOYMENTS {
        let deployed = T0 + k * 300;
        let result = if k % 13 == 12 { "failed" } else if k % 29 == 28 { "rolled_back" } else { "succeeded" };
        let env = if (k / 50) % 2 == 0 { "production" } else { "staging" };
        let commits: Vec<String> = (0..COMMITS_EACH).map(|c| format!("{:040x}@{}", k * COMMITS_EACH + c + 1, at(deployed - 3600 * (1 + (k * 7 + c * 23) % 240)))).collect();
        writeln!(w, ",app-{},{k}.0.0,Service {},{env},,{},pipeline,ci,{result},{},,{}", k % 50, k % 50, at(deployed), k % 17 != 16, commits.join(";")).map_err(io)?;
    }
    w.flush().map_err(io)
}

/// The contract's figures by plain SQL over the same rows: count, failure and rework
/// counts, and the median lead time by ORDER BY ... OFFSET.
fn plain_sql(raw: &Connection, lo: &str, hi: &str) -> rusqlite::Result<(i64, i64, i64, f64)> {
    let (n, failed, rework): (i64, i64, i64) = raw.query_row(
        "SELECT count(*), sum(d.result <> 'succeeded' OR EXISTS (SELECT 1 FROM links l WHERE l.to_kind = 'deployment' AND l.to_id = d.id AND l.link_type = 'caused_by')), sum(NOT d.planned)
           FROM deployments d WHERE d.deployed_at >= ?1 AND d.deployed_at < ?2",
        params![lo, hi],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let median: f64 = raw.query_row(
        "WITH c AS (SELECT c.lead_seconds AS s FROM deployment_commits c JOIN deployments d ON d.id = c.deployment_id WHERE d.deployed_at >= ?1 AND d.deployed_at < ?2)
         SELECT avg(s) FROM (SELECT s FROM c ORDER BY s LIMIT 2 - (SELECT count(*) FROM c) % 2 OFFSET ((SELECT count(*) FROM c) - 1) / 2)",
        params![lo, hi],
        |r| r.get(0),
    )?;
    Ok((n, failed, rework, median))
}

fn dora(dir: &Path) -> Result<Figure, String> {
    let path = dir.join("deployments.steward");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let e = |e: steward_core::CoreError| e.to_string();
    let ws = Workspace::create(&path, Actor::parse("benchmark").map_err(e)?).map_err(e)?;
    let csv = dir.join("deployments.csv");
    write_csv(&csv)?;
    let r = import_deployments(&ws, &csv, &Default::default()).map_err(e)?;
    if r.created != DEPLOYMENTS as u64 {
        return Err(format!("the benchmark's deployments did not all import: {r:?}"));
    }
    // A hundred succeeded deployments caused an incident (they count as failures).
    let raw = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| e.to_string())?;
    let ids: Vec<i64> = raw.prepare("SELECT id FROM deployments WHERE result = 'succeeded' ORDER BY id LIMIT 100").and_then(|mut s| s.query_map([], |r| r.get(0))?.collect()).map_err(|e| e.to_string())?;
    for id in ids {
        log_incident_caused(&ws, DeploymentId(id), "Checkout fails after the release").map_err(e)?;
    }
    let q = DoraQuery { service: None, environment: None, from: "2025-01-01".into(), to: "2025-12-31".into() };
    let (lo, hi) = ("2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z");
    let mut base = Vec::new();
    let mut plain = (0, 0, 0, 0.0);
    for _ in 0..5 {
        let (t, r) = ms(|| plain_sql(&raw, lo, hi));
        plain = r.map_err(|e| e.to_string())?;
        base.push(t);
    }
    let mut ours = Vec::new();
    for _ in 0..10 {
        let (t, f) = ms(|| figures(&ws, &q));
        let f = f.map_err(e)?;
        let pct = |k: i64| (k as f64 * 10_000.0 / plain.0 as f64).round() / 100.0;
        let same = f.deployments as i64 == plain.0
            && f.change_failure_rate_pct == Some(pct(plain.1))
            && f.rework_rate_pct == Some(pct(plain.2))
            && f.lead_time_hours_median == Some((plain.3 / 36.0).round() / 100.0);
        if !same || f.deployments != DEPLOYMENTS as u64 {
            return Err(format!("the DORA figures differ from plain SQL {plain:?}: {f:?}"));
        }
        ours.push(t);
    }
    Ok(Figure::new("dora.figures", percentile(&mut ours, 50.0), "ms", "< 200 ms (100,000 deployments, 1,000,000 commits)")
        .against("the same figures by plain SQL", percentile(&mut base, 50.0)))
}

const GIT_COMMITS: u32 = 100_000;
const GIT_TAGS: u32 = 1_000;

/// A linear history of 100,000 commits, a tag on every hundredth (every tenth tag
/// annotated), written by `git fast-import` into a bare repository.
fn write_repository(repo: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(repo);
    let git = |args: &[&str]| Command::new("git").args(args).status().map_err(|e| format!("git: {e}"));
    if !git(&["init", "-q", "--bare", &repo.display().to_string()])?.success() {
        return Err("git init failed".into());
    }
    let mut child = Command::new("git").args(["--git-dir", &repo.display().to_string(), "fast-import", "--quiet"]).stdin(Stdio::piped()).spawn().map_err(|e| format!("git fast-import: {e}"))?;
    {
        let mut w = std::io::BufWriter::new(child.stdin.take().ok_or("no stdin for git fast-import")?);
        let io = |e: std::io::Error| e.to_string();
        for i in 1..=GIT_COMMITS {
            let when = T0 + i64::from(i) * 300;
            let msg = format!("change {i}");
            let content = format!("line {i}\n");
            write!(w, "commit refs/heads/main\nmark :{i}\ncommitter Bench <bench@example.com> {when} +0000\ndata {}\n{msg}\n", msg.len() + 1).map_err(io)?;
            if i > 1 {
                write!(w, "from :{}\n", i - 1).map_err(io)?;
            }
            write!(w, "M 100644 inline file-{}.txt\ndata {}\n{content}\n", i % 100, content.len()).map_err(io)?;
            if i % (GIT_COMMITS / GIT_TAGS) == 0 {
                let t = i / (GIT_COMMITS / GIT_TAGS);
                if t % 10 == 0 {
                    let m = format!("release {t}");
                    write!(w, "tag v{t}\nfrom :{i}\ntagger Bench <bench@example.com> {} +0000\ndata {}\n{m}\n", when + 600, m.len() + 1).map_err(io)?;
                } else {
                    write!(w, "reset refs/tags/v{t}\nfrom :{i}\n\n").map_err(io)?;
                }
            }
        }
        w.flush().map_err(io)?;
    }
    if !child.wait().map_err(|e| e.to_string())?.success() {
        return Err("git fast-import failed".into());
    }
    Ok(())
}

fn git_import(dir: &Path) -> Result<Figure, String> {
    let repo = dir.join("bench-history.git");
    write_repository(&repo)?;
    // The baseline: git itself counting the commits below each tag.
    let (base, counted) = ms(|| -> Result<u64, String> {
        let mut most = 0;
        for t in 1..=GIT_TAGS {
            let out = Command::new("git").args(["--git-dir", &repo.display().to_string(), "rev-list", "--count", &format!("v{t}")]).output().map_err(|e| e.to_string())?;
            most = most.max(String::from_utf8_lossy(&out.stdout).trim().parse::<u64>().map_err(|e| e.to_string())?);
        }
        Ok(most)
    });
    let counted = counted?;
    let path = dir.join("git-import.steward");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let e = |e: steward_core::CoreError| e.to_string();
    let ws = Workspace::create(&path, Actor::parse("benchmark").map_err(e)?).map_err(e)?;
    let (t, r) = ms(|| import_git(&ws, &repo, &GitTarget { service: Some("Bench".into()), ..Default::default() }));
    let r = r.map_err(e)?;
    if r.deployments != u64::from(GIT_TAGS) || r.commits != counted || counted != u64::from(GIT_COMMITS) {
        return Err(format!("the git import read {} tags and {} commits; git counts {counted} commits", r.deployments, r.commits));
    }
    Ok(Figure::new("deployments.git_import", t, "ms", "< 10 s (100,000 commits, 1,000 tags)").against("git rev-list --count per tag", base))
}

pub fn run(dir: &Path, asked: &dyn Fn(&str) -> bool) -> Result<Vec<Figure>, String> {
    let mut out = Vec::new();
    if asked("dora.") {
        out.push(dora(dir)?);
    }
    if asked("deployments.") {
        out.push(git_import(dir)?);
    }
    Ok(out)
}
