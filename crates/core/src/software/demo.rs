//! The demo's application portfolio: the shipment portal's web front end, the warehouse
//! system's core and the EDI gateway, each with the components its SBOM lists; the portal
//! and the warehouse share a logging library (one component, two applications), and the
//! EDI gateway still carries an old XML parser under a copyleft licence. On the TIME chart
//! the portal and the warehouse core are worth investing in, the EDI gateway is to migrate,
//! the intranet wiki tolerated and the fax gateway eliminated; the warehouse core's test
//! coverage rises, the EDI gateway carries its debt, and the warehouse core's last release
//! delivered what operations asked for.

use serde_json::json;

use super::{create_in, ApplicationInput, ApplicationLifecycle};
use crate::demo::Spine;
use crate::error::Result;
use crate::services::Criticality;
use crate::workspace::Workspace;

pub(crate) fn software_management(ws: &Workspace, spine: &Spine) -> Result<()> {
    let person = |name: &str| spine.people.get(name).copied();
    let apps = [
        ("portal-web", "The customer shipment portal's web front end.", ApplicationLifecycle::Run, Criticality::High, "Priya Nair"),
        ("wms-core", "The warehouse management system's core services.", ApplicationLifecycle::Run, Criticality::Critical, "Maria Keller"),
        ("edi-gateway", "The legacy EDI gateway to carriers; to be replaced.", ApplicationLifecycle::Retire, Criticality::Medium, "Jonas Brandt"),
        ("intranet-wiki", "The staff wiki: procedures and team pages.", ApplicationLifecycle::Run, Criticality::Low, "Priya Nair"),
        ("fax-gateway", "Inbound fax to e-mail for three carriers that still fax.", ApplicationLifecycle::Run, Criticality::Low, "Jonas Brandt"),
    ];
    // The application manager registers the applications and where they run in the
    // engagement's first week, loads their SBOMs ten days before the demo is made and rates
    // the portfolio a week before.
    let made = ws.now();
    let manager = crate::workspace::Actor::parse("Daniel Okafor")?;
    let registered = crate::demo::on(crate::demo::set_up_day(made) + chrono::Duration::days(6), 10, made);
    ws.replay_as(&manager, registered, |tx| {
        for (name, description, lifecycle, criticality, owner) in apps {
            create_in(tx, &ApplicationInput { name: name.into(), description: description.into(), lifecycle, criticality, business_owner_id: None, technical_owner_id: person(owner) })?;
        }
        Ok(())
    })?;
    ws.as_of(&manager, registered, || hosted(ws, spine))?;
    ws.as_of(&manager, crate::demo::on(made.date_naive() - chrono::Duration::days(10), 10, made), || sboms(ws))?;
    rationalised(ws, spine, &manager, made)
}

/// Each application's bill of materials, as its build exports it (CycloneDX).
fn sboms(ws: &Workspace) -> Result<()> {
    let lib = |group: &str, name: &str, version: &str, licence: &str, ecosystem: &str| {
        json!({"bom-ref": format!("{name}@{version}"), "type": "library", "group": group, "name": name, "version": version,
               "purl": format!("pkg:{ecosystem}/{}{name}@{version}", if group.is_empty() { String::new() } else { format!("{group}/") }),
               "licenses": [{"license": {"id": licence}}]})
    };
    let bom = |app: &str, components: Vec<serde_json::Value>, deps: Vec<(&str, Vec<&str>)>| {
        json!({"bomFormat": "CycloneDX", "specVersion": "1.5", "metadata": {"component": {"bom-ref": app, "type": "application", "name": app}},
               "components": components,
               "dependencies": deps.into_iter().map(|(r, on)| json!({"ref": r, "dependsOn": on})).collect::<Vec<_>>()})
    };
    super::sbom::import_cyclonedx_value(ws, &bom("portal-web", vec![
        lib("", "react", "18.2.0", "MIT", "npm"),
        lib("", "react-dom", "18.2.0", "MIT", "npm"),
        lib("", "axios", "1.6.2", "MIT", "npm"),
        lib("org.apache.logging.log4j", "log4j-core", "2.17.1", "Apache-2.0", "maven"),
    ], vec![("portal-web", vec!["react@18.2.0", "axios@1.6.2"]), ("react-dom@18.2.0", vec!["react@18.2.0"])]), "portal-web")?;
    super::sbom::import_cyclonedx_value(ws, &bom("wms-core", vec![
        lib("org.springframework", "spring-core", "6.1.2", "Apache-2.0", "maven"),
        lib("org.postgresql", "postgresql", "42.7.1", "BSD-2-Clause", "maven"),
        lib("org.apache.logging.log4j", "log4j-core", "2.17.1", "Apache-2.0", "maven"),
    ], vec![("spring-core@6.1.2", vec!["log4j-core@2.17.1"])]), "wms-core")?;
    super::sbom::import_cyclonedx_value(ws, &bom("edi-gateway", vec![
        lib("xerces", "xercesImpl", "2.9.1", "Apache-2.0", "maven"),
        lib("", "libxml-ruby", "2.9.0", "LGPL-2.1-only", "gem"),
        lib("commons-collections", "commons-collections", "3.2.1", "Apache-2.0", "maven"),
    ], vec![]), "edi-gateway")?;
    Ok(())
}

/// Where the applications run and the services they support (the impact analysis follows
/// these from a host to the services).
fn hosted(ws: &Workspace, spine: &Spine) -> Result<()> {
    use crate::links::{create_link, LinkType, NewLink};
    use crate::record::{RecordKind, RecordRef};
    let app = |name: &str| -> Result<RecordRef> {
        Ok(RecordRef::new(RecordKind::Application, ws.conn().query_row("SELECT id FROM applications WHERE name = ?1", [name], |r| r.get(0))?))
    };
    for (application, ci, service) in [("portal-web", "vm-portal-web-01", "Customer Shipment Portal"), ("wms-core", "vm-wms-app-01", "Warehouse Management"), ("edi-gateway", "edi-gateway", "Legacy EDI Gateway")] {
        let (Some(&ci), Some(&service)) = (spine.cis.get(ci), spine.services.get(service)) else { continue };
        let a = app(application)?;
        create_link(ws, &NewLink { from: a, link_type: LinkType::RunsOn, to: RecordRef::new(RecordKind::Ci, ci) })?;
        create_link(ws, &NewLink { from: RecordRef::new(RecordKind::Service, service), link_type: LinkType::DependsOn, to: a })?;
    }
    Ok(())
}

/// The portfolio's ratings, debt and feedback a week before the demo is made; the
/// warehouse core's quality figures each recorded on the first of its month.
fn rationalised(ws: &Workspace, spine: &Spine, manager: &crate::workspace::Actor, made: chrono::DateTime<chrono::Utc>) -> Result<()> {
    use super::portfolio::*;
    let id = |name: &str| -> Result<super::ApplicationId> {
        Ok(super::ApplicationId(ws.conn().query_row("SELECT id FROM applications WHERE name = ?1", [name], |r| r.get(0))?))
    };
    let today = made.date_naive();
    let wms = id("wms-core")?;
    for (months_ago, coverage, open, critical) in [(3, 52.5, 48, 3), (2, 56.0, 41, 2), (1, 61.0, 37, 1), (0, 64.5, 33, 1)] {
        let first = chrono::Datelike::with_day(&today.checked_sub_months(chrono::Months::new(months_ago)).unwrap_or(today), 1).unwrap_or(today);
        ws.as_of(manager, crate::demo::on(first, 9, made), || {
            record_quality(ws, wms, &QualityFigures { measured_on: first.to_string(), test_coverage_pct: Some(coverage), open_defects: Some(open), critical_defects: Some(critical) }).map(|_| ())
        })?;
    }
    ws.as_of(manager, crate::demo::on(today - chrono::Duration::days(7), 10, made), || rated(ws, spine, &id, wms))
}

fn rated(ws: &Workspace, spine: &Spine, id: &dyn Fn(&str) -> Result<super::ApplicationId>, wms: super::ApplicationId) -> Result<()> {
    use super::portfolio::*;
    for (app, value, fitness, cost) in [("portal-web", 5, 4, "4200.00"), ("wms-core", 5, 3, "9800.00"), ("edi-gateway", 4, 1, "3100.00"), ("intranet-wiki", 2, 4, "350.00"), ("fax-gateway", 1, 1, "600.00")] {
        set_rationalisation(ws, id(app)?, &Rationalisation { business_value: Some(value), technical_fitness: Some(fitness), monthly_cost: Some(cost.into()) })?;
    }
    let edi = id("edi-gateway")?;
    let owner = spine.people.get("Jonas Brandt").copied();
    for (title, description, fix, interest) in [
        ("Carrier mappings hand-written per partner", "Each carrier's EDIFACT mapping is a copy of another with edits; a change to a common segment is made eleven times.", "36000.00", "1400.00"),
        ("XML parser years out of support", "xercesImpl 2.9.1 and libxml-ruby 2.9.0 carry known vulnerabilities and cannot be upgraded without a rewrite of the message layer.", "22000.00", "650.00"),
        ("No automated tests", "Releases are tested by hand against two carriers' test systems.", "18000.00", "900.00"),
    ] {
        add_debt(ws, edi, &DebtInput { title: title.into(), description: description.into(), cost_to_fix: fix.into(), interest: interest.into(), owner_id: owner, status: DebtStatus::Open })?;
    }
    // The warehouse core's releases, oldest first: the last one out delivered operations'
    // request; the next one carries the one accepted since.
    let releases: Vec<(i64, bool)> = ws
        .conn()
        .prepare("SELECT r.id, EXISTS (SELECT 1 FROM deployments d JOIN environments e ON e.id = d.environment_id WHERE d.release_id = r.id AND d.result = 'succeeded' AND e.production) FROM releases r WHERE r.application = 'wms-core' ORDER BY r.planned_at, r.id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let shipped = releases.iter().rev().find(|r| r.1).map(|r| r.0);
    let next = releases.iter().rev().find(|r| !r.1).map(|r| r.0);
    let feedback = [
        (wms, FeedbackKind::Requirement, "Pick lists sorted by aisle", "Pickers walk back and forth: sort each pick list by aisle and shelf.", "Warehouse operations, Hamburg", shipped, FeedbackStatus::Delivered),
        (wms, FeedbackKind::Requirement, "Cycle counts on handheld scanners", "Count a location from the scanner instead of printed sheets.", "Warehouse operations, Hamburg", next, FeedbackStatus::Accepted),
        (wms, FeedbackKind::Feedback, "Goods receipt screen is slow at shift change", "Takes 8-10 seconds to open between 05:45 and 06:15.", "Shift leads", None, FeedbackStatus::Proposed),
        (id("portal-web")?, FeedbackKind::Feedback, "Customers want proof of delivery as PDF", "Three key accounts asked in the last quarterly review.", "Key account management", None, FeedbackStatus::Accepted),
    ];
    for (app, kind, title, detail, source, release_id, status) in feedback {
        let status = if release_id.is_none() && status == FeedbackStatus::Delivered { FeedbackStatus::Accepted } else { status };
        add_feedback(ws, app, &FeedbackInput { kind, title: title.into(), detail: detail.into(), source: source.into(), release_id, status })?;
    }
    Ok(())
}
