use super::dora::{figures, Band, DoraQuery};
use super::import::{export_deployments, import_deployments, set_commits};
use super::*;
use crate::testing::{pinned, NOW};

fn shop_service() -> crate::services::ServiceInput {
    use crate::services::{Criticality, ServiceInput, ServiceStatus};
    ServiceInput { name: "Shop".into(), owner_id: None, criticality: Criticality::High, status: ServiceStatus::Live, description: String::new() }
}

fn deploy(ws: &Workspace, service: i64, at: &str, result: DeploymentResult, planned: bool, commits: &[(&str, &str)]) -> DeploymentId {
    let d = create_deployment(ws, &DeploymentInput { application: "shop-web".into(), version: at[..10].into(), service_id: Some(service), deployed_at: at.into(), result, planned, ..Default::default() }).unwrap();
    let c: Vec<(String, String)> = commits.iter().map(|(s, t)| (s.to_string(), t.to_string())).collect();
    ws.write(|tx| set_commits(tx, d.id, &c)).unwrap();
    d.id
}

/// The contract's figures on a fixture computed by hand:
/// - five deployments of one service to production; four fall in 1-14 March (14 days, two
///   weeks): frequency 4 / 2 = 2.00 a week (band high: at least weekly, under daily);
/// - lead times of the five commits they carried: 24 h, 6 h, 12 h, 1 h, and one committed
///   after its deployment (0 h): sorted 0, 1, 6, 12, 24, median 6.00 h (elite: under a day);
/// - change failures: the failed one and the one an incident is linked to: 2 / 4 = 50.00 %
///   (low);
/// - recovery: the failure at 5 March 12:00 to the next success of the same line at 18:00:
///   6.00 h (high: under a day);
/// - rework: the one made to fix an incident: 1 / 4 = 25.00 %.
#[test]
fn dora_figures_match_the_hand_computed_fixture() {
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Dora Auditor", NOW);
    let shop = crate::services::create_service(&ws, &shop_service()).unwrap().id.0;
    deploy(&ws, shop, "2026-03-02T10:00:00Z", DeploymentResult::Succeeded, true, &[("aaaaaaa1", "2026-03-01T10:00:00Z"), ("aaaaaaa2", "2026-03-02T04:00:00Z")]);
    deploy(&ws, shop, "2026-03-05T12:00:00Z", DeploymentResult::Failed, true, &[("aaaaaaa3", "2026-03-05T00:00:00Z")]);
    deploy(&ws, shop, "2026-03-05T18:00:00Z", DeploymentResult::Succeeded, false, &[("aaaaaaa4", "2026-03-05T17:00:00Z")]);
    let d4 = deploy(&ws, shop, "2026-03-10T09:00:00Z", DeploymentResult::Succeeded, true, &[("aaaaaaa5", "2026-03-10T10:00:00Z")]);
    deploy(&ws, shop, "2026-03-20T09:00:00Z", DeploymentResult::Succeeded, true, &[]);
    log_incident_caused(&ws, d4, "Checkout slow after the release").unwrap();
    let f = figures(&ws, &DoraQuery { service: Some("Shop".into()), environment: None, from: "2026-03-01".into(), to: "2026-03-14".into() }).unwrap();
    assert_eq!(f.deployments, 4);
    assert_eq!(f.deployment_frequency_per_week, 2.0);
    assert_eq!(f.lead_time_hours_median, Some(6.0));
    assert_eq!(f.change_failure_rate_pct, Some(50.0));
    assert_eq!(f.failed_deployment_recovery_hours_median, Some(6.0));
    assert_eq!(f.rework_rate_pct, Some(25.0));
    assert_eq!((f.bands.deployment_frequency, f.bands.lead_time, f.bands.change_failure_rate, f.bands.failed_deployment_recovery), (Some(Band::High), Some(Band::Elite), Some(Band::Low), Some(Band::High)));
    // Nothing in range: a count of 0, a frequency of 0, and nothing else to measure.
    let none = figures(&ws, &DoraQuery { from: "2025-01-01".into(), to: "2025-01-07".into(), ..Default::default() }).unwrap();
    assert_eq!((none.deployments, none.deployment_frequency_per_week, none.lead_time_hours_median, none.bands.deployment_frequency), (0, 0.0, None, None));
    assert_eq!(figures(&ws, &DoraQuery { environment: Some("moon".into()), from: "2026-03-01".into(), to: "2026-03-14".into(), ..Default::default() }).unwrap_err().field(), Some("environment"));
}

#[test]
fn a_deployment_cannot_end_before_it_starts_and_steward_csv_round_trips() {
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Dora Auditor", NOW);
    let e = create_deployment(&ws, &DeploymentInput { application: "api".into(), started_at: Some("2026-03-02T10:00:00Z".into()), deployed_at: "2026-03-02T09:00:00Z".into(), ..Default::default() }).unwrap_err();
    assert_eq!(e.field(), Some("deployed_at"));
    let shop = crate::services::create_service(&ws, &shop_service()).unwrap().id.0;
    deploy(&ws, shop, "2026-03-02T10:00:00Z", DeploymentResult::Succeeded, true, &[("aaaaaaa1", "2026-03-01T10:00:00Z")]);
    deploy(&ws, shop, "2026-03-05T12:00:00Z", DeploymentResult::RolledBack, false, &[]);
    let out = d.path().join("deployments.csv");
    export_deployments(&ws, crate::export::ExportFormat::Csv, &out).unwrap();
    // Into the same workspace: nothing changes. Into another: the same rows again.
    let again = import_deployments(&ws, &out, &Default::default()).unwrap();
    assert_eq!((again.created, again.updated, again.unchanged, again.rejected), (0, 0, 2, 0), "{again:?}");
    let elsewhere = tempfile::tempdir().unwrap();
    let other = pinned(&elsewhere, "Dora Auditor", NOW);
    crate::services::create_service(&other, &shop_service()).unwrap();
    let r = import_deployments(&other, &out, &Default::default()).unwrap();
    assert_eq!(r.created, 2, "{r:?}");
    let back = d.path().join("back.csv");
    export_deployments(&other, crate::export::ExportFormat::Csv, &back).unwrap();
    assert_eq!(std::fs::read_to_string(back).unwrap(), std::fs::read_to_string(&out).unwrap());
    let bad = d.path().join("bad.csv");
    std::fs::write(&bad, "number,application,deployed_at,result,started_at\n,api,2026-03-02T10:00:00Z,exploded,\n,api,2026-03-02T10:00:00Z,succeeded,2026-03-03T00:00:00Z\n").unwrap();
    let r = import_deployments(&ws, &bad, &Default::default()).unwrap();
    assert_eq!(r.errors.iter().map(|e| e.column.as_deref()).collect::<Vec<_>>(), [Some("result"), Some("deployed_at")]);
}

/// A real public repository (rust-lang/cfg-if, MIT or Apache-2.0, its bare clone in
/// tests/data): every tag a deployment, and the commits each carried checked against `git`
/// itself: after the k earliest deployments, the commits taken are exactly what
/// `git rev-list --count` says those k tags reach together.
#[test]
fn a_real_repository_imports_its_tags_and_commits_as_git_itself_counts_them() {
    use super::git::{import_git, GitTarget};
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cfg-if.git");
    let git = |args: &[&str]| -> String {
        let out = std::process::Command::new("git").arg("--git-dir").arg(&repo).args(args).output().expect("git is installed where the tests run");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let tags: Vec<String> = git(&["tag"]).lines().map(str::to_string).collect();
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Dora Auditor", NOW);
    let r = import_git(&ws, &repo, &GitTarget { service: Some("cfg-if".into()), ..Default::default() }).unwrap();
    assert_eq!((r.deployments, r.report.created), (tags.len() as u64, tags.len() as u64));
    let all: Vec<&str> = tags.iter().map(String::as_str).collect();
    assert_eq!(r.commits.to_string(), git(&[&["rev-list", "--count"][..], &all].concat()));
    // In deployment order, the running total of commits is what git counts for those tags.
    let rows: Vec<(String, i64)> = ws.conn()
        .prepare("SELECT d.version, (SELECT count(*) FROM deployment_commits c WHERE c.deployment_id = d.id) FROM deployments d ORDER BY d.deployed_at, d.version")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut so_far: Vec<&str> = Vec::new();
    let mut total = 0;
    for (tag, n) in &rows {
        so_far.push(tag);
        total += n;
        assert_eq!(total.to_string(), git(&[&["rev-list", "--count"][..], &so_far].concat()), "after {tag}");
    }
    // An annotated tag's date is its tagger date; a lightweight one's its commit's.
    let v104 = git(&["for-each-ref", "--format=%(taggerdate:unix)", "refs/tags/v1.0.4"]).parse::<i64>().unwrap();
    let d104: String = ws.conn().query_row("SELECT deployed_at FROM deployments WHERE version = 'v1.0.4'", [], |r| r.get(0)).unwrap();
    assert_eq!(crate::time::parse(&d104).unwrap().timestamp(), v104);
    // Again: nothing changes. A pattern takes only its tags (in another workspace).
    let again = import_git(&ws, &repo, &GitTarget { service: Some("cfg-if".into()), ..Default::default() }).unwrap();
    assert_eq!((again.report.created, again.report.updated, again.report.unchanged), (0, 0, tags.len() as u64));
    let e = tempfile::tempdir().unwrap();
    let other = pinned(&e, "Dora Auditor", NOW);
    let v = import_git(&other, &repo, &GitTarget { tags: Some("v*".into()), environment: Some("staging".into()), ..Default::default() }).unwrap();
    assert_eq!(v.deployments, tags.iter().filter(|t| t.starts_with('v')).count() as u64);
    assert_eq!(crate::deployments::list_deployments(&other, &Default::default()).unwrap().items[0].application, "cfg-if", "the folder's name, without .git");
    // Not a repository; no tag matching: said, and nothing written.
    assert_eq!(import_git(&other, d.path(), &GitTarget::default()).unwrap_err().field(), Some("file"));
    let none = import_git(&other, &repo, &GitTarget { tags: Some("release-*".into()), ..Default::default() }).unwrap_err();
    assert!(none.to_string().contains("no tag matches"), "{none}");
}
