//! The demo's deployments: a year of them for three services, each with the commits it
//! carried. The shipment portal deploys several times a day from a pipeline and rarely fails
//! (elite); the warehouse system deploys weekly; the EDI gateway deploys by hand every few
//! weeks and often fails (low), with the incidents its failures caused and the rework
//! deployments made to fix them. The warehouse system ships monthly releases that move
//! through development, test and staging before production, and has one release on its way
//! that implements the next planned change.

use crate::deployments::releases::{self, ReleaseId, ReleaseInput};
use crate::deployments::{create_in, DeploymentInput, DeploymentMethod, DeploymentResult};
use crate::error::Result;
use crate::links::{LinkType, NewLink};
use crate::record::{RecordKind, RecordRef};
use crate::rng::Rng;
use crate::workspace::{Actor, Workspace};
use crate::demo::Spine;

/// Who records a deployment: the pipeline's own account for the automated ones, the person
/// who ran it for the manual ones.
fn recorder(method: DeploymentMethod, people: &People) -> &Actor {
    if method == DeploymentMethod::Manual { &people.deployer } else { &people.pipeline }
}

struct People {
    pipeline: Actor,
    deployer: Actor,
    /// Plans the releases and links a failure to the incidents it caused.
    manager: Actor,
}

pub(crate) fn deployment_management(ws: &Workspace, spine: &Spine) -> Result<()> {
    let services = &spine.services;
    let now = ws.now();
    let people = People { pipeline: Actor::parse("CI/CD pipeline")?, deployer: Actor::parse("Jonas Brandt")?, manager: Actor::parse("Daniel Okafor")? };
    let mut rng = Rng::new(20);
    // (service, application, deployments a week, share that fail, method, lead hours)
    let lines = [
        ("Customer Shipment Portal", "portal-web", 10.0, 0.03, DeploymentMethod::Pipeline, 6),
        ("Warehouse Management", "wms-core", 1.0, 0.12, DeploymentMethod::BlueGreen, 72),
        ("Legacy EDI Gateway", "edi-gateway", 0.1, 0.6, DeploymentMethod::Manual, 900),
    ];
    for (service, app, per_week, fail, method, lead) in lines {
        let Some(&service_id) = services.get(service) else { continue };
        let every_minutes = (7.0 * 24.0 * 60.0 / per_week) as i64;
        let mut at = now - chrono::Duration::days(365);
        let mut n = 0;
        while at < now - chrono::Duration::hours(2) {
            n += 1;
            let failed = rng.below(1000) < (fail * 1000.0) as u64;
            let result = if !failed { DeploymentResult::Succeeded } else if rng.below(2) == 0 { DeploymentResult::Failed } else { DeploymentResult::RolledBack };
            let input = DeploymentInput {
                application: app.into(),
                version: format!("1.{}.{n}", n / 50),
                service_id: Some(service_id),
                environment: "production".into(),
                started_at: Some(crate::time::to_text(at - chrono::Duration::minutes(12))),
                deployed_at: crate::time::to_text(at),
                method: Some(method),
                deployed_by: if method == DeploymentMethod::Manual { "Jonas Brandt".into() } else { "pipeline".into() },
                result,
                planned: true,
                change_id: None,
            };
            // Every fourth warehouse deployment is a monthly release, through the environments first.
            let release = if app == "wms-core" && n % 4 == 0 { Some(release_through_environments(ws, &people, &input, &[6, 4, 2], None)?) } else { None };
            // Each commit's hash salt and how many hours before the deployment it was made.
            let commits: Vec<(u64, i64)> = (0..1 + rng.below(4)).map(|_| (rng.below(u32::MAX as u64), 1 + rng.below(2 * lead) as i64)).collect();
            let id = ws.replay_as(recorder(method, &people), at, |tx| {
                let id = create_in(tx, &input, None)?;
                if let Some(release) = release {
                    releases::set_release_in(tx, id, Some(release))?;
                }
                let commits: Vec<(String, String)> = commits
                    .iter()
                    .enumerate()
                    .map(|(k, (salt, hours))| (format!("{:08x}{:08x}", id.0 as u64 * 31 + k as u64, salt), crate::time::to_text(at - chrono::Duration::hours(*hours))))
                    .collect();
                crate::deployments::import::set_commits(tx, id, &commits)?;
                Ok(id)
            })?;
            if failed {
                // The fix deployed a few hours later (rework); the service's first incident
                // opened in between is the one the failure caused, and the fix its fix.
                let fix_at = (at + chrono::Duration::hours(2 + rng.below(if per_week < 1.0 { 40 } else { 6 }) as i64)).min(now - chrono::Duration::minutes(30));
                let fix_input = DeploymentInput { version: format!("{}-fix", input.version), started_at: None, deployed_at: crate::time::to_text(fix_at), result: DeploymentResult::Succeeded, planned: false, ..input.clone() };
                let fix = ws.replay_as(recorder(method, &people), fix_at, |tx| create_in(tx, &fix_input, None))?;
                ws.replay_as(&people.manager, fix_at, |tx| {
                    let caused: Option<i64> = tx
                        .query_row(
                            "SELECT id FROM incidents WHERE service_id = ?1 AND opened_at >= ?2 AND opened_at < ?3 ORDER BY opened_at LIMIT 1",
                            rusqlite::params![service_id, input.deployed_at, fix_input.deployed_at],
                            |r| r.get(0),
                        )
                        .ok();
                    if let Some(incident) = caused {
                        let from = RecordRef::new(RecordKind::Incident, incident);
                        crate::links::ensure_in(tx, &NewLink { from, link_type: LinkType::CausedBy, to: RecordRef::new(RecordKind::Deployment, id.0) })?;
                        crate::links::ensure_in(tx, &NewLink { from, link_type: LinkType::FixedBy, to: RecordRef::new(RecordKind::Deployment, fix.0) })?;
                    }
                    Ok(())
                })?;
                at = fix_at;
            }
            at += chrono::Duration::minutes(every_minutes / 2 + rng.below(every_minutes as u64) as i64);
        }
        if app == "wms-core" {
            // The next release: implementing the next change planned, its production date
            // the change's start; deployed to development three days ago and test
            // yesterday.
            let change: Option<(i64, String)> = ws
                .conn()
                .query_row("SELECT id, planned_start FROM changes WHERE state NOT IN ('closed', 'cancelled') AND planned_start > ?1 ORDER BY planned_start LIMIT 1", [crate::time::to_text(now)], |r| Ok((r.get(0)?, r.get(1)?)))
                .ok();
            let planned = change.as_ref().map(|c| c.1.clone()).unwrap_or_else(|| crate::time::to_text(now + chrono::Duration::days(10)));
            let next = DeploymentInput { version: "2.0.0".into(), deployed_at: planned, started_at: None, ..lines_input(app, service_id, method) };
            let change = change.map(|c| c.0);
            let ahead = crate::time::parse(&next.deployed_at).map(|t| (t - now).num_days()).unwrap_or(10);
            release_through_environments(ws, &people, &next, &[ahead + 3, ahead + 1], change)?;
        }
    }
    Ok(())
}

fn lines_input(app: &str, service_id: i64, method: DeploymentMethod) -> DeploymentInput {
    DeploymentInput { application: app.into(), service_id: Some(service_id), method: Some(method), deployed_by: "pipeline".into(), planned: true, ..Default::default() }
}

/// A release of `production`'s version planned for its time, by the application manager a
/// day before its first deployment: deployed (successfully) by the pipeline to the
/// environments before production the given days earlier, each at its own time.
fn release_through_environments(ws: &Workspace, people: &People, production: &DeploymentInput, days_before: &[i64], change: Option<i64>) -> Result<ReleaseId> {
    let at = crate::time::parse(&production.deployed_at).unwrap_or_default();
    let first = days_before.iter().max().copied().unwrap_or_default();
    let release = ws.replay_as(&people.manager, at - chrono::Duration::days(first + 1), |tx| {
        releases::create_in(tx, &ReleaseInput {
            application: production.application.clone(),
            version: production.version.clone(),
            service_id: production.service_id,
            planned_at: Some(production.deployed_at.clone()),
            notes: format!("Monthly release {} of {}: fixes and small features from the backlog.", production.version, production.application),
            change_ids: change.into_iter().collect(),
        })
    })?;
    for (environment, days) in ["development", "test", "staging"].into_iter().zip(days_before) {
        let when = at - chrono::Duration::days(*days);
        let input = DeploymentInput { environment: environment.into(), started_at: None, deployed_at: crate::time::to_text(when), result: DeploymentResult::Succeeded, planned: true, change_id: None, ..production.clone() };
        ws.replay_as(recorder(input.method.unwrap_or(DeploymentMethod::Pipeline), people), when, |tx| {
            let id = create_in(tx, &input, None)?;
            releases::set_release_in(tx, id, Some(release)).map(|_| ())
        })?;
    }
    Ok(release)
}
