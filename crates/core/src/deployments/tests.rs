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
    // The commits behind the lead time, each with its own: 24 h and 6 h for the first.
    let first = list_deployments(&ws, &Default::default()).unwrap().items.into_iter().find(|x| x.deployed_at == "2026-03-02T10:00:00Z").unwrap();
    let carried: Vec<(String, i64)> = commits_of(&ws, first.id).unwrap().into_iter().map(|c| (c.sha, c.lead_seconds)).collect();
    assert_eq!(carried, [("aaaaaaa1".to_string(), 86_400), ("aaaaaaa2".to_string(), 21_600)]);
    assert_eq!(commits_of(&ws, d4).unwrap()[0].lead_seconds, 0, "committed after its deployment: 0, not negative");
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
    // Month by month from 15 February: February has nothing; March has all five, 5 in 31
    // days = 5 / (31 / 7) = 1.129 a week.
    let shop_from = |from: &str, to: &str| DoraQuery { service: Some("Shop".into()), from: from.into(), to: to.into(), ..Default::default() };
    let months = super::dora::monthly(&ws, &shop_from("2026-02-15", "2026-03-31")).unwrap();
    let seen: Vec<(&str, &str, &str, u64)> = months.iter().map(|m| (m.month.as_str(), m.from.as_str(), m.to.as_str(), m.figures.deployments)).collect();
    assert_eq!(seen, [("2026-02", "2026-02-15", "2026-02-28", 0), ("2026-03", "2026-03-01", "2026-03-31", 5)]);
    assert_eq!(months[1].figures.deployment_frequency_per_week, 1.13);
    assert_eq!(super::dora::monthly(&ws, &shop_from("2023-01-01", "2026-03-31")).unwrap_err().field(), Some("from"), "at most 36 months");
    // Moving a deployment moves its commits' lead times: the one at 10 March 09:00 (its
    // commit an hour later: 0 h) to 11 March 10:00 makes it 24 h; sorted 1, 6, 12, 24, 24.
    let moved = get_deployment(&ws, d4).unwrap();
    let input = DeploymentInput { application: moved.application, version: moved.version, service_id: moved.service_id, deployed_at: "2026-03-11T10:00:00Z".into(), result: moved.result, planned: moved.planned, ..Default::default() };
    update_deployment(&ws, d4, &input).unwrap();
    assert_eq!(figures(&ws, &shop_from("2026-03-01", "2026-03-14")).unwrap().lead_time_hours_median, Some(12.0));
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

#[test]
fn an_incident_and_a_problem_name_the_deployments_in_their_chain() {
    use crate::links::{create_link, LinkType, NewLink};
    use crate::record::{RecordKind, RecordRef};
    let d = tempfile::tempdir().unwrap();
    let ws = crate::testing::pinned(&d, "Kim", crate::testing::NOW);
    let change = crate::changes::create_change(&ws, &crate::changes::ChangeInput { title: "Portal 4.13".into(), ..Default::default() }).unwrap();
    let input = |version: &str, result: DeploymentResult| DeploymentInput {
        application: "portal".into(),
        version: version.into(),
        deployed_at: "2026-11-30T10:00:00Z".into(),
        result,
        planned: true,
        change_id: Some(change.id.0),
        ..Default::default()
    };
    let bad = create_deployment(&ws, &input("4.13.0", DeploymentResult::Failed)).unwrap();
    let good = create_deployment(&ws, &DeploymentInput { deployed_at: "2026-11-30T12:00:00Z".into(), ..input("4.13.1", DeploymentResult::Succeeded) }).unwrap();
    let incident = log_incident_caused(&ws, bad.id, "Checkout fails").unwrap();
    let inc = RecordRef::new(RecordKind::Incident, incident.id.0);
    create_link(&ws, &NewLink { from: inc, link_type: LinkType::FixedBy, to: RecordRef::new(RecordKind::Deployment, good.id.0) }).unwrap();
    let seen = |r: RecordRef| related_deployments(&ws, r).unwrap().into_iter().map(|x| (x.role, x.deployment.version, x.deployment.change)).collect::<Vec<_>>();
    let chg = Some(change.number.clone());
    assert_eq!(seen(inc), [(DeploymentRole::Caused, "4.13.0".to_string(), chg.clone()), (DeploymentRole::Fixed, "4.13.1".to_string(), chg.clone())]);
    let problem = crate::problems::create_problem(&ws, &crate::problems::ProblemInput { title: "Checkout breaks on release".into(), ..Default::default() }, &[]).unwrap();
    let prb = RecordRef::new(RecordKind::Problem, problem.id.0);
    assert!(seen(prb).is_empty(), "no fixing change yet");
    create_link(&ws, &NewLink { from: prb, link_type: LinkType::FixedBy, to: RecordRef::new(RecordKind::Change, change.id.0) }).unwrap();
    assert_eq!(seen(prb).iter().map(|x| (x.0, x.1.as_str())).collect::<Vec<_>>(), [(DeploymentRole::ShippedFix, "4.13.1"), (DeploymentRole::ShippedFix, "4.13.0")]);
    assert_eq!(seen(RecordRef::new(RecordKind::Change, change.id.0)).len(), 2);
    assert!(seen(RecordRef::new(RecordKind::Service, 1)).is_empty());
}

/// Numbers in a bulk import come from the last one given (not a scan per row); a row
/// rolled back gives its number to the next, and after a number given in the file the next
/// new one follows the highest.
#[test]
fn an_import_numbers_its_new_deployments_in_order_without_gaps() {
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Dora Auditor", NOW);
    let csv = d.path().join("deployments.csv");
    std::fs::write(
        &csv,
        "number,application,version,service,environment,started_at,deployed_at,method,deployed_by,result,planned,change,commits\n\
         ,api,1,,production,,2026-03-01T10:00:00Z,pipeline,ci,succeeded,true,,\n\
         ,api,2,,production,,not a time,pipeline,ci,succeeded,true,,\n\
         ,api,3,,production,,2026-03-03T10:00:00Z,pipeline,ci,failed,true,,\n\
         DEP0000007,api,4,,production,,2026-03-04T10:00:00Z,pipeline,ci,succeeded,true,,\n\
         ,api,5,,production,,2026-03-05T10:00:00Z,pipeline,ci,succeeded,true,,\n",
    )
    .unwrap();
    let r = import_deployments(&ws, &csv, &Default::default()).unwrap();
    assert_eq!((r.created, r.rejected), (4, 1), "{r:?}");
    let numbers: Vec<(String, String)> = list_deployments(&ws, &Default::default()).unwrap().items.into_iter().map(|d| (d.version, d.number)).collect::<Vec<_>>();
    let mut numbers = numbers;
    numbers.sort();
    assert_eq!(numbers, [("1", "DEP0000001"), ("3", "DEP0000002"), ("4", "DEP0000007"), ("5", "DEP0000008")].map(|(a, b)| (a.to_string(), b.to_string())));
}

/// What a client's clone can be instead of a whole repository, said in words and with
/// nothing written: a shallow clone, a repository without tags, a tag on a commit the
/// clone lacks. A commit message that is not UTF-8 is no reason to refuse a repository.
#[test]
fn a_git_import_refuses_a_shallow_clone_a_tagless_repository_and_a_missing_commit_and_reads_latin1_messages() {
    use super::git::{import_git, GitTarget};
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cfg-if.git");
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Dora Auditor", NOW);
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git").args(args).output().expect("git is installed where the tests run");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    let nothing_written = || assert_eq!(list_deployments(&ws, &Default::default()).unwrap().items.len(), 0);
    let shallow = d.path().join("shallow.git");
    git(&["clone", "-q", "--bare", "--depth", "1", &format!("file://{}", fixture.display()), &shallow.display().to_string()]);
    let e = import_git(&ws, &shallow, &GitTarget::default()).unwrap_err();
    assert!(e.to_string().contains("shallow clone") && e.to_string().contains("--unshallow"), "{e}");
    let empty = d.path().join("empty.git");
    git(&["init", "-q", "--bare", &empty.display().to_string()]);
    let e = import_git(&ws, &empty, &GitTarget::default()).unwrap_err();
    assert!(e.to_string().contains("has no tags"), "{e}");
    // A copy of the fixture with a tag naming a commit it does not hold.
    let ghost = d.path().join("ghost.git");
    git(&["clone", "-q", "--mirror", &format!("file://{}", fixture.display()), &ghost.display().to_string()]);
    std::fs::write(ghost.join("refs/tags/ghost"), "0123456789abcdef0123456789abcdef01234567\n").unwrap();
    let e = import_git(&ws, &ghost, &GitTarget::default()).unwrap_err();
    assert!(e.to_string().contains("ghost") && e.to_string().contains("not in the clone"), "{e}");
    nothing_written();
    // A history whose messages are Latin-1 (as old CVS conversions are) imports.
    let latin = d.path().join("latin1.git");
    git(&["init", "-q", "--bare", &latin.display().to_string()]);
    let mut stream: Vec<u8> = Vec::new();
    for (i, when) in [(1, 1_700_000_000), (2, 1_700_003_600)] {
        let msg: &[u8] = b"Korrektur f\xfcr den \xc4rger\n";
        stream.extend(format!("commit refs/heads/main\nmark :{i}\ncommitter A <a@example.com> {when} +0000\nencoding iso-8859-1\ndata {}\n", msg.len()).as_bytes());
        stream.extend(msg);
        if i > 1 {
            stream.extend(format!("from :{}\n", i - 1).as_bytes());
        }
        stream.extend(format!("M 100644 inline f.txt\ndata 2\n{i}\n\n").as_bytes());
    }
    stream.extend(b"reset refs/tags/v1\nfrom :2\n\n");
    let mut child = std::process::Command::new("git").args(["--git-dir", &latin.display().to_string(), "fast-import", "--quiet"]).stdin(std::process::Stdio::piped()).spawn().unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), &stream).unwrap();
    drop(child.stdin.take());
    assert!(child.wait().unwrap().success());
    let r = import_git(&ws, &latin, &GitTarget::default()).unwrap();
    assert_eq!((r.deployments, r.commits), (1, 2));
}

/// Change control's success rate and DORA's change failure rate read one fact: three
/// standard changes, two reviewed successful and one not yet reviewed, each implemented by a
/// succeeded deployment: all three have ended (a deployment ends a change), success 3 of 3 =
/// 100 %, failure 0 of 3. An incident logged against one deployment makes it a change
/// failure (1 of 3 = 33.33 %) and its change a failed change (2 of 3 successful = 66.7 %,
/// change figures round to one decimal), its review unchanged.
#[test]
fn change_success_and_change_failure_rate_move_together() {
    use crate::changes::templates::{save_template, TemplateInput};
    use crate::changes::review::{review_change, ReviewInput, ReviewOutcome};
    use crate::changes::{create_change, figures as change_figures, transition_change, ChangeInput, ChangeState, ChangeType};
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Kim", NOW);
    let t = save_template(&ws, None, &TemplateInput { name: "Release the portal".into(), implementation_plan: "deploy".into(), backout_plan: "roll back".into(), active: true, ..Default::default() }).unwrap();
    let mut deployed = Vec::new();
    for k in 0..3 {
        let c = create_change(&ws, &ChangeInput {
            title: format!("Portal 4.1{}", 3 + k), change_type: ChangeType::Standard, template_id: Some(t.id),
            planned_start: Some("2026-11-02T10:00:00Z".into()), planned_end: Some("2026-11-02T11:00:00Z".into()), ..Default::default()
        })
        .unwrap();
        for to in [ChangeState::Scheduled, ChangeState::Implement, ChangeState::Review] {
            transition_change(&ws, c.id, to).unwrap();
        }
        if k < 2 {
            review_change(&ws, c.id, &ReviewInput { outcome: ReviewOutcome::Successful, lessons: String::new() }).unwrap();
        }
        let dep = create_deployment(&ws, &DeploymentInput { application: "portal".into(), version: format!("4.1{}", 3 + k), deployed_at: format!("2026-11-0{}T10:00:00Z", 2 + k), change_id: Some(c.id.0), ..Default::default() }).unwrap();
        deployed.push(dep.id);
    }
    let rates = || {
        let dora = figures(&ws, &DoraQuery { from: "2026-11-01".into(), to: "2026-11-30".into(), ..Default::default() }).unwrap();
        let changes = change_figures(&ws).unwrap();
        (changes.ended, changes.success_pct, dora.change_failure_rate_pct)
    };
    assert_eq!(rates(), (3, Some(100.0), Some(0.0)));
    log_incident_caused(&ws, deployed[0], "Portal down after 4.13").unwrap();
    assert_eq!(rates(), (3, Some(66.7), Some(33.33)));
}

/// A release moves dev → prod through its deployments: how far it got is read from them
/// (the furthest environment where one succeeded), its path shows the latest deployment in
/// each environment, and the calendar's release layer shows its deployments and, until it
/// reaches production, the production date it aims at. A steward-csv re-import keeps each
/// deployment in its release.
#[test]
fn a_release_moves_through_the_environments_and_sits_on_the_calendar() {
    use super::releases::{create_release, get_release, list_releases, set_deployment_release, update_release, ReleaseInput};
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Kim", NOW);
    let change = crate::changes::create_change(&ws, &crate::changes::ChangeInput { title: "Portal 4.13".into(), ..Default::default() }).unwrap();
    let input = ReleaseInput { application: "portal".into(), version: "4.13".into(), planned_at: Some("2026-11-20T18:00:00Z".into()), notes: "Faster checkout.".into(), change_ids: vec![change.id.0], ..Default::default() };
    assert_eq!(create_release(&ws, &ReleaseInput { version: " ".into(), ..input.clone() }).unwrap_err().field(), Some("version"));
    assert_eq!(create_release(&ws, &ReleaseInput { change_ids: vec![9999], ..input.clone() }).unwrap_err().field(), Some("change_ids"));
    let rel = create_release(&ws, &input).unwrap().release;
    assert_eq!((rel.number.as_str(), rel.reached.clone(), rel.released, rel.deployments), ("REL0000001", None, false, 0));
    let deploy_to = |env: &str, at: &str, result: DeploymentResult| {
        let dep = create_deployment(&ws, &DeploymentInput { application: "portal".into(), version: "4.13".into(), environment: env.into(), deployed_at: at.into(), result, ..Default::default() }).unwrap();
        assert_eq!(set_deployment_release(&ws, dep.id, Some(rel.id)).unwrap().release.as_deref(), Some("REL0000001"));
        dep.id
    };
    deploy_to("development", "2026-11-10T10:00:00Z", DeploymentResult::Succeeded);
    let failed = deploy_to("staging", "2026-11-12T10:00:00Z", DeploymentResult::Failed);
    let r = get_release(&ws, rel.id).unwrap();
    assert_eq!((r.release.reached.as_deref(), r.release.released), (Some("development"), false), "a failed deployment reaches nothing");
    let path: Vec<(&str, Option<DeploymentId>)> = r.path.iter().map(|s| (s.environment.as_str(), s.deployment.as_ref().map(|d| d.id))).collect();
    assert_eq!(path[2], ("staging", Some(failed)));
    assert_eq!((path[1].1, path[3].1), (None, None));
    assert_eq!(r.changes.iter().map(|c| c.number.as_str()).collect::<Vec<_>>(), [change.number.as_str()]);
    deploy_to("staging", "2026-11-13T10:00:00Z", DeploymentResult::Succeeded);
    let slots = |from: &str, to: &str| -> Vec<(String, Option<String>)> {
        crate::changes::calendar::calendar(&ws, from, to).unwrap().releases.into_iter().map(|s| (s.at, s.environment)).collect()
    };
    assert_eq!(
        slots("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z"),
        [
            ("2026-11-10T10:00:00Z".to_string(), Some("development".to_string())),
            ("2026-11-12T10:00:00Z".to_string(), Some("staging".to_string())),
            ("2026-11-13T10:00:00Z".to_string(), Some("staging".to_string())),
            ("2026-11-20T18:00:00Z".to_string(), None),
        ]
    );
    let prod = deploy_to("production", "2026-11-20T18:30:00Z", DeploymentResult::Succeeded);
    assert!(slots("2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z").iter().all(|s| s.1.is_some()), "in production: the plan is met, not shown");
    let listed = list_releases(&ws, &Default::default()).unwrap().items;
    assert_eq!(listed.iter().map(|r| (r.reached.as_deref(), r.released, r.deployments)).collect::<Vec<_>>(), [(Some("production"), true, 4)]);
    // Taking one out, and a re-import of the exported deployments, keep the rest in place.
    set_deployment_release(&ws, prod, None).unwrap();
    assert!(!get_release(&ws, rel.id).unwrap().release.released);
    let csv = d.path().join("deployments.csv");
    export_deployments(&ws, crate::export::ExportFormat::Csv, &csv).unwrap();
    let again = import_deployments(&ws, &csv, &Default::default()).unwrap();
    assert_eq!((again.unchanged, again.created, again.updated), (4, 0, 0));
    assert_eq!(get_release(&ws, rel.id).unwrap().release.deployments, 3);
    // Its edits and each move in or out are in the audit trail.
    update_release(&ws, rel.id, &ReleaseInput { notes: "Faster checkout; new basket.".into(), change_ids: vec![], ..input }).unwrap();
    let actions: Vec<String> = ws.conn().prepare("SELECT action FROM audit_log WHERE action LIKE 'release.%' OR action = 'deployment.release_set' ORDER BY id").unwrap()
        .query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap();
    assert_eq!(actions.iter().filter(|a| *a == "deployment.release_set").count(), 5);
    assert_eq!(actions.iter().filter(|a| a.starts_with("release.")).cloned().collect::<Vec<_>>(), ["release.created", "release.updated"]);
}

fn data(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

/// GitLab's deployments list as its API answers (the example of GitLab's Deployments API
/// documentation, `tests/data/gitlab-deployments.json`): two deployments to production whose
/// own status is still "created" while their jobs (`deployable.status`) succeeded. As
/// suggested, the mapping reads the deployment's status: both rows are refused as not
/// finished and nothing is written. Mapped to the job's status instead, both are
/// deployments of "portal" (the name given), ending when their jobs finished (07:36:39 and
/// 11:32:35 UTC), by root, each carrying its commit: committed 09:36:01+02:00 = 07:36:01 UTC
/// (lead 38 s) and 13:28:26+02:00 = 11:28:26 UTC (lead 249 s). A second import changes
/// nothing.
#[test]
fn a_gitlab_deployments_export_is_mapped_and_imported() {
    use crate::import_file::{import, preview, FileFormat};
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Consultant", NOW);
    let file = data("gitlab-deployments.json");
    let p = preview(&file, None).unwrap();
    assert_eq!((p.detected, p.problem.as_deref()), (Some(FileFormat::PipelineDeployments), None), "{p:?}");
    let field = |column: &str| p.columns.iter().find(|c| c.column == column).and_then(|c| c.field.clone());
    assert_eq!(
        ["status", "deployable.status", "deployable.finished_at", "environment.name", "sha", "deployable.commit.created_at", "user.username", "id"].map(field),
        [Some("result"), None, Some("deployed_at"), Some("environment"), Some("commit"), Some("committed_at"), Some("deployed_by"), Some("id")].map(|f| f.map(str::to_string))
    );
    let named = crate::import::ImportOptions { name: Some("portal".into()), ..Default::default() };
    let refused = import(&ws, &file, FileFormat::PipelineDeployments, &named).unwrap().report;
    assert_eq!((refused.rows_read, refused.created, refused.rejected), (2, 0, 2));
    assert!(refused.errors.iter().all(|e| e.column.as_deref() == Some("result") && e.message.contains("\"created\": the run has not finished")), "{:?}", refused.errors);
    let mapping: Vec<Option<String>> = p.columns.iter().map(|c| match c.column.as_str() {
        "status" => None,
        "deployable.status" => Some("result".to_string()),
        _ => c.field.clone(),
    }).collect();
    let opts = crate::import::ImportOptions { mapping: Some(mapping), ..named };
    let first = import(&ws, &file, FileFormat::PipelineDeployments, &opts).unwrap().report;
    assert_eq!((first.created, first.rejected), (2, 0), "{first:?}");
    let all = list_deployments(&ws, &Default::default()).unwrap().items;
    let seen: Vec<(&str, &str, &str, &str, DeploymentResult)> = all.iter().map(|d| (d.application.as_str(), d.environment.as_str(), d.deployed_at.as_str(), d.deployed_by.as_str(), d.result)).collect();
    assert_eq!(seen, [
        ("portal", "production", "2016-08-11T07:36:39Z", "root", DeploymentResult::Succeeded),
        ("portal", "production", "2016-08-11T11:32:35Z", "root", DeploymentResult::Succeeded),
    ]);
    let leads: Vec<(String, i64)> = all.iter().flat_map(|d| commits_of(&ws, d.id).unwrap()).map(|c| (c.sha[..8].to_string(), c.lead_seconds)).collect();
    assert_eq!(leads, [("99d03678".to_string(), 38), ("a91957a8".to_string(), 249)]);
    let again = import(&ws, &file, FileFormat::PipelineDeployments, &opts).unwrap().report;
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));
}

/// GitHub's workflow-runs list (`tests/data/github-actions-runs.json`: the runs example of
/// GitHub's REST documentation as kept by spotify/github-java-client): one run queued, one
/// completed without a conclusion. The conclusion is the result suggested (before the
/// status); neither run is a deployment and each is listed saying why. A JSON document of
/// another shape (one object, no list) is refused whole.
#[test]
fn a_github_runs_export_lists_the_runs_that_are_no_deployments() {
    use crate::import_file::{import, preview, FileFormat};
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Consultant", NOW);
    let file = data("github-actions-runs.json");
    let p = preview(&file, None).unwrap();
    assert_eq!(p.detected, Some(FileFormat::PipelineDeployments), "{p:?}");
    let field = |column: &str| p.columns.iter().find(|c| c.column == column).and_then(|c| c.field.clone());
    assert_eq!(["conclusion", "status", "updated_at", "run_started_at", "head_sha", "head_commit.timestamp", "triggering_actor.login", "repository.name"].map(field).map(|f| f.unwrap_or_default()),
        ["result", "", "deployed_at", "started_at", "commit", "committed_at", "deployed_by", "application"]);
    let r = import(&ws, &file, FileFormat::PipelineDeployments, &Default::default()).unwrap().report;
    assert_eq!((r.rows_read, r.created, r.rejected), (2, 0, 2));
    assert!(r.errors.iter().all(|e| e.message.contains("does not say how it ended")), "{:?}", r.errors);
    let one = d.path().join("deployment.json");
    std::fs::write(&one, r#"{"id": 1, "sha": "a84d88e", "environment": "production", "created_at": "2012-07-20T01:19:13Z"}"#).unwrap();
    let e = import(&ws, &one, FileFormat::PipelineDeployments, &Default::default()).unwrap_err();
    assert!(e.to_string().contains("holds no list of records"), "{e}");
    assert_eq!(crate::import::list_imports(&ws).unwrap().len(), 1, "the refused file left no import behind");
}

/// A Jenkins build list as CSV (written here: Jenkins has no export of its own; this is the
/// shape its API's builds give when saved as CSV): job, build number, result, start as
/// milliseconds since 1970, duration in milliseconds. Three builds are deployments (SUCCESS
/// at 2023-03-05 10:00 + 5 min, FAILURE at 11:00 + 2 min, SUCCESS at 12:00 + 4 min); the
/// ABORTED one is listed. Imported again with one build's result corrected, one row
/// updates and the others change nothing.
#[test]
fn a_jenkins_build_list_imports_with_start_and_duration_and_again_changes_only_what_changed() {
    use crate::import_file::{import, preview, FileFormat};
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Consultant", NOW);
    let csv = |failure: &str| format!(
        "Job,Build Number,Result,Timestamp,Duration,Environment\n\
         shop-deploy,41,SUCCESS,1678010400000,300000,production\n\
         shop-deploy,42,{failure},1678014000000,120000,production\n\
         shop-deploy,43,ABORTED,1678015800000,1000,production\n\
         shop-deploy,44,SUCCESS,1678017600000,240000,production\n"
    );
    let file = d.path().join("jenkins.csv");
    std::fs::write(&file, csv("FAILURE")).unwrap();
    assert_eq!(preview(&file, None).unwrap().detected, Some(FileFormat::PipelineDeployments));
    let first = import(&ws, &file, FileFormat::PipelineDeployments, &Default::default()).unwrap().report;
    assert_eq!((first.created, first.rejected), (3, 1), "{first:?}");
    assert_eq!((first.errors[0].row, first.errors[0].message.contains("did not deploy")), (3, true));
    let ends: Vec<(String, DeploymentResult)> = list_deployments(&ws, &Default::default()).unwrap().items.into_iter().map(|d| (d.deployed_at, d.result)).collect();
    assert_eq!(ends, [
        ("2023-03-05T10:05:00Z".to_string(), DeploymentResult::Succeeded),
        ("2023-03-05T11:02:00Z".to_string(), DeploymentResult::Failed),
        ("2023-03-05T12:04:00Z".to_string(), DeploymentResult::Succeeded),
    ]);
    std::fs::write(&file, csv("UNSTABLE")).unwrap();
    let same = import(&ws, &file, FileFormat::PipelineDeployments, &Default::default()).unwrap().report;
    assert_eq!((same.created, same.updated, same.unchanged, same.rejected), (0, 0, 3, 1), "UNSTABLE is a failure as FAILURE was");
    std::fs::write(&file, csv("SUCCESS")).unwrap();
    let fixed = import(&ws, &file, FileFormat::PipelineDeployments, &Default::default()).unwrap().report;
    assert_eq!((fixed.created, fixed.updated, fixed.unchanged), (0, 1, 2));
}

/// Azure DevOps' release deployments list (`tests/data/azure-devops-release-deployments.json`:
/// the answer of "Deployments - List" in Microsoft's REST API examples,
/// MicrosoftDocs/vsts-rest-api-specs, MIT). Counted with a JSON reader: 17 deployments, 16
/// "succeeded" and one "notDeployed" (Fabrikam-web Release-2 to PROD); by environment,
/// PROD 5 (4 succeeded), PPE 4, QA 4, Dev 4. As suggested: the release definition is the
/// application, the release the version, `deploymentStatus` the result, `startedOn` the
/// start and `lastModifiedOn` the end; "PROD" is production. So 16 deployments, one row
/// listed; production holds 4 in June 2017 (Release-20, -15, -11, -14 of MyShuttle.CD).
#[test]
fn an_azure_devops_release_deployments_export_imports_as_suggested() {
    use crate::import_file::{import, preview, FileFormat};
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Consultant", NOW);
    let file = data("azure-devops-release-deployments.json");
    let p = preview(&file, None).unwrap();
    assert_eq!(p.detected, Some(FileFormat::PipelineDeployments));
    let field = |column: &str| p.columns.iter().find(|c| c.column == column).and_then(|c| c.field.clone()).unwrap_or_default();
    assert_eq!(["releasedefinition.name", "release.name", "releaseenvironment.name", "deploymentstatus", "startedon", "lastmodifiedon", "requestedfor.displayname", "id"].map(field),
        ["application", "version", "environment", "result", "started_at", "deployed_at", "deployed_by", "id"]);
    let r = import(&ws, &file, FileFormat::PipelineDeployments, &Default::default()).unwrap().report;
    assert_eq!((r.rows_read, r.created, r.rejected), (17, 16, 1), "{r:?}");
    assert!(r.errors[0].message.contains("\"notDeployed\": the run did not deploy"), "{:?}", r.errors);
    let june = figures(&ws, &DoraQuery { environment: Some("production".into()), from: "2017-06-01".into(), to: "2017-06-30".into(), ..Default::default() }).unwrap();
    assert_eq!(june.deployments, 4);
    let versions: Vec<String> = list_deployments(&ws, &crate::list::ListRequest { filters: vec![crate::list::FilterTerm { field: "environment".into(), value: "production".into(), missing: false, op: None }], ..Default::default() })
        .unwrap().items.into_iter().map(|d| format!("{} {}", d.application, d.version)).collect();
    assert_eq!(versions, ["MyShuttle.CD Release-14", "MyShuttle.CD Release-11", "MyShuttle.CD Release-15", "MyShuttle.CD Release-20"]);
    let again = import(&ws, &file, FileFormat::PipelineDeployments, &Default::default()).unwrap().report;
    assert_eq!((again.created, again.updated, again.unchanged, again.rejected), (0, 0, 16, 1));
}

/// Environments: a new one goes just before production; they can be renamed, moved and one
/// made production (the DORA figures follow it); a service names its environments and keeps
/// every one its deployments went to; a release of the service takes that way.
#[test]
fn environments_are_ordered_one_is_production_and_each_service_has_its_own() {
    use super::environments::{list_environments, move_environment, save_environment, service_environments, set_service_environments, EnvironmentInput};
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Kim", NOW);
    let names = |all: Vec<DeploymentEnvironment>| all.into_iter().map(|e| format!("{}{}", e.name, if e.production { "*" } else { "" })).collect::<Vec<_>>();
    let all = save_environment(&ws, None, &EnvironmentInput { name: "qa".into(), production: false }).unwrap();
    assert_eq!(names(all), ["development", "test", "staging", "qa", "production*"]);
    assert_eq!(save_environment(&ws, None, &EnvironmentInput { name: "QA".into(), production: false }).unwrap_err().field(), Some("name"));
    let qa = list_environments(&ws).unwrap().into_iter().find(|e| e.name == "qa").unwrap().id;
    assert_eq!(names(move_environment(&ws, qa, true).unwrap()), ["development", "test", "qa", "staging", "production*"]);
    assert_eq!(names(save_environment(&ws, Some(qa), &EnvironmentInput { name: "acceptance".into(), production: false }).unwrap()), ["development", "test", "acceptance", "staging", "production*"]);
    // The DORA figures read whichever environment is production.
    let shop = crate::services::create_service(&ws, &shop_service()).unwrap().id.0;
    create_deployment(&ws, &DeploymentInput { application: "shop".into(), environment: "staging".into(), service_id: Some(shop), deployed_at: "2026-03-02T10:00:00Z".into(), ..Default::default() }).unwrap();
    let in_production = || figures(&ws, &DoraQuery { environment: Some("production".into()), from: "2026-03-01".into(), to: "2026-03-31".into(), ..Default::default() }).unwrap().deployments;
    assert_eq!(in_production(), 0);
    let staging = list_environments(&ws).unwrap().into_iter().find(|e| e.name == "staging").unwrap();
    save_environment(&ws, Some(staging.id), &EnvironmentInput { name: "staging".into(), production: true }).unwrap();
    assert_eq!(list_environments(&ws).unwrap().iter().filter(|e| e.production).map(|e| e.name.as_str()).collect::<Vec<_>>(), ["staging"]);
    // The service has staging (deployed to) and the ones it names, in the workspace's order.
    let dev = list_environments(&ws).unwrap().into_iter().find(|e| e.name == "development").unwrap().id;
    assert_eq!(names(set_service_environments(&ws, shop, &[dev]).unwrap()), ["development", "staging*"]);
    assert_eq!(names(service_environments(&ws, shop).unwrap()), ["development", "staging*"]);
    assert_eq!(set_service_environments(&ws, shop, &[9999]).unwrap_err().field(), Some("environments"));
    let rel = super::releases::create_release(&ws, &super::releases::ReleaseInput { application: "shop".into(), version: "1".into(), service_id: Some(shop), ..Default::default() }).unwrap();
    assert_eq!(rel.path.iter().map(|s| s.environment.as_str()).collect::<Vec<_>>(), ["development", "staging"]);
}
