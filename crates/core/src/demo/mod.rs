//! The demo engagement: Harbourside Logistics, a mid-sized freight company, as a consultant
//! would find it. Built through the same use cases as the UI, so every record has its audit
//! entry. Later practices add their records here.
//! This module builds the spine (people, groups, vendors, services, CIs and their relations);
//! each practice adds its records in its own `demo.rs`, in the order of `crate::PRACTICES`.

pub(crate) mod spine;

use std::collections::{BTreeMap, HashMap};

use crate::cis::{self, CiInput, Environment};
use crate::directory::{self, GroupId, GroupInput, PersonInput, VendorInput};
use crate::error::Result;
use crate::links::{self, LinkType, NewLink};
use crate::record::{RecordKind, RecordRef};
use crate::services::{self, ServiceInput};
use crate::settings::{self, DateFormat, Settings};
use crate::workspace::Workspace;

pub use crate::incidents::demo::{incident_event_log, DEMO_INCIDENTS};
pub use crate::requests::demo::DEMO_REQUESTS;
use spine::*;

/// The demo's people, groups, vendors, services and CIs by name: what every practice's demo
/// part links its records to.
pub struct Spine {
    pub groups: HashMap<&'static str, GroupId>,
    pub people: HashMap<&'static str, i64>,
    pub vendors: HashMap<&'static str, i64>,
    pub services: HashMap<&'static str, i64>,
    pub cis: HashMap<&'static str, i64>,
}

/// Who builds the demo engagement: its head of IT services.
pub fn builder() -> Result<crate::workspace::Actor> {
    crate::workspace::Actor::parse("Maria Keller")
}

/// The day the head of IT first recorded the organisation and the estate: a little over a
/// year before the demo is made, before the year of incidents it carries. Its records are
/// entered over the three mornings from then.
pub(crate) const SET_UP_DAYS_AGO: i64 = 400;

/// The engagement's first day: the head of IT's first morning of the set-up, a
/// [`SET_UP_DAYS_AGO`] before the demo is `made`.
pub(crate) fn set_up_day(made: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    (made - chrono::Duration::days(SET_UP_DAYS_AGO)).date_naive()
}

/// `day` at `hour` (UTC), or an hour before `made` when that comes first: what was done
/// today happened before the demo was made.
pub(crate) fn on(day: chrono::NaiveDate, hour: i64, made: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::Utc> {
    (day.and_time(chrono::NaiveTime::MIN).and_utc() + chrono::Duration::hours(hour)).min(made - chrono::Duration::hours(1))
}

/// Fills an empty workspace with the demo engagement: the spine entered by the head of IT at
/// the engagement's set-up, then each practice's records by their own people at their own
/// times (`crate::PRACTICES` order), the trail written in the order of those times at the
/// end (so for a workspace built whole, `Workspace::create_demo`, or one made to be read).
pub fn load_demo(ws: &Workspace) -> Result<()> {
    ws.in_time_order(|| engagement(ws))
}

fn engagement(ws: &Workspace) -> Result<()> {
    let maria = builder()?;
    let made = ws.now();
    let morning = |day: i64| on(set_up_day(made) + chrono::Duration::days(day), 9, made);
    let (groups, people, vendors) = ws.as_of(&maria, morning(0), || organisation(ws))?;
    let services = ws.as_of(&maria, morning(1), || service_catalogue(ws, &people))?;
    let cis = ws.as_of(&maria, morning(2), || estate(ws, &people, &services))?;
    // The estate's lifecycle dates, its capacity and a scan awaiting review are their
    // owners' (`cis::demo`).
    cis::demo::estate(ws, &cis, morning(3))?;
    let spine = Spine { groups, people, vendors, services, cis };
    for part in crate::PRACTICES.iter().filter_map(|p| p.demo) {
        part(ws, &spine)?;
    }
    Ok(())
}

type Named<T> = HashMap<&'static str, T>;

/// The workspace's settings, the support groups, the IT staff and the business users who
/// call the desk, and the vendors.
fn organisation(ws: &Workspace) -> Result<(Named<GroupId>, Named<i64>, Named<i64>)> {
    settings::update_settings(ws, &Settings {
        workspace_name: "Harbourside Logistics — ITIL assessment".into(),
        display_timezone: "Europe/Berlin".into(),
        date_format: DateFormat::Iso,
    })?;
    let mut groups: Named<GroupId> = HashMap::new();
    for (name, email, description) in GROUPS {
        let g = directory::create_group(ws, &GroupInput { name: (*name).into(), email: (*email).into(), description: (*description).into() })?;
        groups.insert(name, g.id);
    }
    let mut people: Named<i64> = HashMap::new();
    for (name, email, phone, title, member_of) in PEOPLE {
        let p = directory::create_person(ws, &PersonInput {
            name: (*name).into(),
            email: (*email).into(),
            phone: (*phone).into(),
            job_title: (*title).into(),
            active: true,
            group_ids: member_of.iter().filter_map(|g| groups.get(g).copied()).collect(),
        })?;
        people.insert(name, p.id.0);
    }
    // The business users who call the desk and raise requests.
    for name in CALLERS.iter().filter(|c| !people.contains_key(*c)) {
        let email = format!("{}@harbourside.example", name.to_lowercase().replace(' ', "."));
        directory::create_person(ws, &PersonInput { name: (*name).into(), email, job_title: "Operations".into(), active: true, ..Default::default() })?;
    }
    let mut vendors: Named<i64> = HashMap::new();
    for (name, contact, email, phone, website) in VENDORS {
        let v = directory::create_vendor(ws, &VendorInput {
            name: (*name).into(), contact_name: (*contact).into(), email: (*email).into(), phone: (*phone).into(), website: (*website).into(),
        })?;
        vendors.insert(name, v.id.0);
    }
    Ok((groups, people, vendors))
}

fn service_catalogue(ws: &Workspace, people: &Named<i64>) -> Result<Named<i64>> {
    let mut services: Named<i64> = HashMap::new();
    for (name, owner, criticality, status, description) in SERVICES {
        let s = services::create_service(ws, &ServiceInput {
            name: (*name).into(),
            owner_id: people.get(owner).copied(),
            criticality: *criticality,
            status: *status,
            description: (*description).into(),
        })?;
        services.insert(name, s.id.0);
    }
    Ok(services)
}

/// The configuration items and how they and the services depend on each other.
fn estate(ws: &Workspace, people: &Named<i64>, services: &Named<i64>) -> Result<Named<i64>> {
    // Production CIs are addressed by name; the few non-production ones are never link targets.
    let mut cis: Named<i64> = HashMap::new();
    for (name, ci_type, environment, owner, lifecycle, attrs) in CIS {
        let c = cis::create_ci(ws, &CiInput {
            name: (*name).into(),
            ci_type: *ci_type,
            environment: *environment,
            owner_id: people.get(owner).copied(),
            lifecycle: *lifecycle,
            attributes: attrs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<BTreeMap<_, _>>(),
        })?;
        if *environment == Environment::Production || !cis.contains_key(name) {
            cis.entry(name).or_insert(c.id.0);
        }
    }
    let ci = |name: &str| RecordRef { kind: RecordKind::Ci, id: cis[name] };
    for (from, link_type, to) in CI_LINKS {
        links::create_link(ws, &NewLink { from: ci(from), link_type: *link_type, to: ci(to) })?;
    }
    for (service, link_type, to) in SERVICE_LINKS {
        links::create_link(ws, &NewLink { from: RecordRef { kind: RecordKind::Service, id: services[service] }, link_type: *link_type, to: ci(to) })?;
    }
    links::create_link(ws, &NewLink {
        from: RecordRef { kind: RecordKind::Service, id: services["Customer Shipment Portal"] },
        link_type: LinkType::DependsOn,
        to: RecordRef { kind: RecordKind::Service, id: services["Fleet Tracking"] },
    })?;
    Ok(cis)
}

#[cfg(test)]
mod tests;
