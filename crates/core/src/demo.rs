//! The demo engagement: Harbourside Logistics, a mid-sized freight company, as a consultant
//! would find it. Built through the same use cases as the UI, so every record has its audit
//! entry. Later practices add their records here.

use std::collections::{BTreeMap, HashMap};

use crate::cis::{self, CiInput, CiType, Environment, Lifecycle};
use crate::directory::{self, GroupId, GroupInput, PersonInput, VendorInput};
use crate::error::Result;
use crate::incidents::{self, ImportOptions, IncidentSource};
use crate::knowledge::{self, ArticleInput, ArticleStatus};
use crate::links::{self, LinkType, NewLink};
use crate::record::{RecordKind, RecordRef};
use crate::services::{self, Criticality, ServiceInput, ServiceStatus};
use crate::settings::{self, DateFormat, Settings};
use crate::workspace::Workspace;

const GROUPS: &[(&str, &str, &str)] = &[
    ("Service Desk", "servicedesk@harbourside.example", "First line: calls, chats and portal tickets, 07:00-19:00 CET."),
    ("Infrastructure Ops", "infra@harbourside.example", "Servers, storage, virtualisation and backups in both data centres."),
    ("Network Team", "network@harbourside.example", "WAN, depot LANs, firewalls and VPN."),
    ("Application Support", "appsupport@harbourside.example", "Second line for the ERP, warehouse and tracking applications."),
    ("Database Admins", "dba@harbourside.example", "PostgreSQL and SQL Server estates."),
    ("Information Security", "security@harbourside.example", "Security operations, vulnerability management and access reviews."),
];

// name, email, phone, title, groups
const PEOPLE: &[(&str, &str, &str, &str, &[&str])] = &[
    ("Maria Keller", "maria.keller@harbourside.example", "+49 40 5550 1001", "Head of IT Services", &[]),
    ("Jonas Brandt", "jonas.brandt@harbourside.example", "+49 40 5550 1002", "Service Desk Lead", &["Service Desk"]),
    ("Aylin Demir", "aylin.demir@harbourside.example", "+49 40 5550 1003", "Service Desk Analyst", &["Service Desk"]),
    ("Tom Hughes", "tom.hughes@harbourside.example", "+44 20 5550 2004", "Service Desk Analyst", &["Service Desk"]),
    ("Priya Nair", "priya.nair@harbourside.example", "+49 40 5550 1005", "Infrastructure Manager", &["Infrastructure Ops"]),
    ("Lukas Weber", "lukas.weber@harbourside.example", "+49 40 5550 1006", "Systems Engineer", &["Infrastructure Ops", "Database Admins"]),
    ("Sofia Rossi", "sofia.rossi@harbourside.example", "+39 02 5550 3007", "Network Engineer", &["Network Team"]),
    ("Daniel Okafor", "daniel.okafor@harbourside.example", "+49 40 5550 1008", "Application Manager", &["Application Support"]),
    ("Emma Larsen", "emma.larsen@harbourside.example", "+45 33 5550 4009", "ERP Analyst", &["Application Support"]),
    ("Felix Wagner", "felix.wagner@harbourside.example", "+49 40 5550 1010", "Database Administrator", &["Database Admins"]),
    ("Nora Schmidt", "nora.schmidt@harbourside.example", "+49 40 5550 1011", "Information Security Officer", &["Information Security"]),
    ("Chen Wei", "chen.wei@harbourside.example", "+49 40 5550 1012", "Head of Operations (business)", &[]),
    ("Hannah Fischer", "hannah.fischer@harbourside.example", "+49 40 5550 1013", "Finance Director (business)", &[]),
];

const VENDORS: &[(&str, &str, &str, &str, &str)] = &[
    ("Nordcloud Hosting GmbH", "Stefan Berg", "support@nordcloud-hosting.example", "+49 69 5550 7000", "https://nordcloud-hosting.example"),
    ("TelcoNet Business", "Account desk", "business@telconet.example", "+49 800 5550 800", "https://telconet.example"),
    ("ERPSys AG", "Claudia Meier", "support@erpsys.example", "+41 44 5550 900", "https://erpsys.example"),
    ("TrackPoint Telematics", "Ravi Patel", "help@trackpoint.example", "+44 161 5550 600", "https://trackpoint.example"),
];

// name, owner, criticality, status, description
const SERVICES: &[(&str, &str, Criticality, ServiceStatus, &str)] = &[
    ("Customer Shipment Portal", "Daniel Okafor", Criticality::Critical, ServiceStatus::Live, "Customers book shipments, print labels and follow deliveries online. Revenue-critical during business hours in 14 countries."),
    ("Warehouse Management", "Chen Wei", Criticality::Critical, ServiceStatus::Live, "Goods-in, put-away, picking and dispatch in the Hamburg, Rotterdam and Milan depots."),
    ("Fleet Tracking", "Chen Wei", Criticality::High, ServiceStatus::Live, "Live position, ETA and temperature telemetry for 420 trucks, via TrackPoint's telematics platform."),
    ("Finance & Invoicing (ERP)", "Hannah Fischer", Criticality::High, ServiceStatus::Live, "General ledger, invoicing, accounts receivable and payable on the ERPSys platform."),
    ("Email & Collaboration", "Maria Keller", Criticality::Medium, ServiceStatus::Live, "Mail, calendars, chat and file sharing for 1,100 staff."),
    ("Payroll", "Hannah Fischer", Criticality::High, ServiceStatus::Live, "Monthly payroll for DE, NL and IT entities, run in the ERP's HR module."),
    ("IT Service Desk", "Jonas Brandt", Criticality::Medium, ServiceStatus::Live, "Single point of contact for IT: phone, chat and portal."),
    ("Driver Mobile App", "Daniel Okafor", Criticality::Medium, ServiceStatus::Pipeline, "Proof-of-delivery app for drivers, replacing paper delivery notes. Pilot planned for Q3."),
    ("Legacy EDI Gateway", "Daniel Okafor", Criticality::Low, ServiceStatus::Retiring, "EDIFACT exchange with three remaining customers; replaced by the portal's API."),
];

// name, type, environment, owner, lifecycle, attributes
const CIS: &[(&str, CiType, Environment, &str, Lifecycle, &[(&str, &str)])] = &[
    ("shipment-portal", CiType::Application, Environment::Production, "Daniel Okafor", Lifecycle::Operational, &[("version", "4.12.3"), ("url", "https://ship.harbourside.example")]),
    ("portal-api", CiType::Application, Environment::Production, "Daniel Okafor", Lifecycle::Operational, &[("version", "4.12.3")]),
    ("wms-core", CiType::Application, Environment::Production, "Daniel Okafor", Lifecycle::Operational, &[("vendor", "in-house"), ("version", "2.8")]),
    ("erp-app", CiType::Application, Environment::Production, "Emma Larsen", Lifecycle::Operational, &[("vendor", "ERPSys AG"), ("version", "2024 SP2")]),
    ("trackpoint-saas", CiType::CloudService, Environment::Production, "Chen Wei", Lifecycle::Operational, &[("vendor", "TrackPoint Telematics"), ("contract", "TP-2023-117")]),
    ("m365-tenant", CiType::CloudService, Environment::Production, "Maria Keller", Lifecycle::Operational, &[("tenant", "harbourside.onmicrosoft.example")]),
    ("edi-gateway", CiType::Application, Environment::Production, "Daniel Okafor", Lifecycle::Maintenance, &[("protocol", "AS2 / EDIFACT D96A")]),
    ("pg-portal-01", CiType::Database, Environment::Production, "Felix Wagner", Lifecycle::Operational, &[("engine", "PostgreSQL 15"), ("size_gb", "420")]),
    ("sql-erp-01", CiType::Database, Environment::Production, "Felix Wagner", Lifecycle::Operational, &[("engine", "SQL Server 2019"), ("size_gb", "1800")]),
    ("pg-wms-01", CiType::Database, Environment::Production, "Felix Wagner", Lifecycle::Operational, &[("engine", "PostgreSQL 14")]),
    ("vm-portal-web-01", CiType::VirtualMachine, Environment::Production, "Lukas Weber", Lifecycle::Operational, &[("os", "Debian 12"), ("ip", "10.20.1.11")]),
    ("vm-portal-web-02", CiType::VirtualMachine, Environment::Production, "Lukas Weber", Lifecycle::Operational, &[("os", "Debian 12"), ("ip", "10.20.1.12")]),
    ("vm-wms-app-01", CiType::VirtualMachine, Environment::Production, "Lukas Weber", Lifecycle::Operational, &[("os", "RHEL 9"), ("ip", "10.20.2.21")]),
    ("vm-erp-app-01", CiType::VirtualMachine, Environment::Production, "Lukas Weber", Lifecycle::Operational, &[("os", "Windows Server 2022"), ("ip", "10.20.3.31")]),
    ("esx-ham-01", CiType::Server, Environment::Production, "Priya Nair", Lifecycle::Operational, &[("model", "Dell PowerEdge R750"), ("site", "Hamburg DC1"), ("serial", "7XK2M93")]),
    ("esx-ham-02", CiType::Server, Environment::Production, "Priya Nair", Lifecycle::Operational, &[("model", "Dell PowerEdge R750"), ("site", "Hamburg DC1"), ("serial", "7XK2M94")]),
    ("esx-ham-03", CiType::Server, Environment::DisasterRecovery, "Priya Nair", Lifecycle::Operational, &[("model", "Dell PowerEdge R740"), ("site", "Hamburg DC2")]),
    ("vsphere-cluster-ham", CiType::Other, Environment::Production, "Priya Nair", Lifecycle::Operational, &[("hypervisor", "vSphere 8.0")]),
    ("san-ham-01", CiType::Storage, Environment::Production, "Priya Nair", Lifecycle::Operational, &[("model", "NetApp AFF A400"), ("capacity_tb", "180")]),
    ("fw-ham-edge", CiType::NetworkDevice, Environment::Production, "Sofia Rossi", Lifecycle::Operational, &[("model", "FortiGate 600F"), ("firmware", "7.4.3")]),
    ("core-sw-ham", CiType::NetworkDevice, Environment::Production, "Sofia Rossi", Lifecycle::Operational, &[("model", "Aruba CX 8360")]),
    ("mpls-wan", CiType::NetworkDevice, Environment::Production, "Sofia Rossi", Lifecycle::Operational, &[("carrier", "TelcoNet Business"), ("circuit", "TN-MPLS-4471")]),
    ("desk-phone-system", CiType::CloudService, Environment::Production, "Jonas Brandt", Lifecycle::Operational, &[("vendor", "TelcoNet Business"), ("numbers", "+49 40 5550 1000")]),
    ("wms-scanner-fleet", CiType::Endpoint, Environment::Production, "Chen Wei", Lifecycle::Operational, &[("count", "260"), ("model", "Zebra TC52")]),
    ("shipment-portal", CiType::Application, Environment::Staging, "Daniel Okafor", Lifecycle::Operational, &[("version", "4.13.0-rc2")]),
    ("driver-app", CiType::Application, Environment::Development, "Daniel Okafor", Lifecycle::InBuild, &[("platform", "Android / iOS")]),
];

// from (ci name, env), type, to (ci name, env)
const CI_LINKS: &[(&str, LinkType, &str)] = &[
    ("shipment-portal", LinkType::DependsOn, "portal-api"),
    ("portal-api", LinkType::DependsOn, "pg-portal-01"),
    ("shipment-portal", LinkType::RunsOn, "vm-portal-web-01"),
    ("shipment-portal", LinkType::RunsOn, "vm-portal-web-02"),
    ("portal-api", LinkType::RunsOn, "vm-portal-web-01"),
    ("portal-api", LinkType::DependsOn, "trackpoint-saas"),
    ("wms-core", LinkType::RunsOn, "vm-wms-app-01"),
    ("wms-core", LinkType::DependsOn, "pg-wms-01"),
    ("wms-scanner-fleet", LinkType::DependsOn, "wms-core"),
    ("erp-app", LinkType::RunsOn, "vm-erp-app-01"),
    ("erp-app", LinkType::DependsOn, "sql-erp-01"),
    ("edi-gateway", LinkType::DependsOn, "erp-app"),
    ("pg-portal-01", LinkType::RunsOn, "esx-ham-02"),
    ("sql-erp-01", LinkType::RunsOn, "esx-ham-02"),
    ("pg-wms-01", LinkType::RunsOn, "esx-ham-01"),
    ("vm-portal-web-01", LinkType::RunsOn, "esx-ham-01"),
    ("vm-portal-web-02", LinkType::RunsOn, "esx-ham-02"),
    ("vm-wms-app-01", LinkType::RunsOn, "esx-ham-01"),
    ("vm-erp-app-01", LinkType::RunsOn, "esx-ham-02"),
    ("esx-ham-01", LinkType::PartOf, "vsphere-cluster-ham"),
    ("esx-ham-02", LinkType::PartOf, "vsphere-cluster-ham"),
    ("esx-ham-01", LinkType::DependsOn, "san-ham-01"),
    ("esx-ham-02", LinkType::DependsOn, "san-ham-01"),
    ("esx-ham-01", LinkType::ConnectsTo, "core-sw-ham"),
    ("esx-ham-02", LinkType::ConnectsTo, "core-sw-ham"),
    ("core-sw-ham", LinkType::ConnectsTo, "fw-ham-edge"),
    ("fw-ham-edge", LinkType::ConnectsTo, "mpls-wan"),
    ("wms-scanner-fleet", LinkType::DependsOn, "mpls-wan"),
];

// service, type, ci (production unless the name is unique elsewhere)
const SERVICE_LINKS: &[(&str, LinkType, &str)] = &[
    ("Customer Shipment Portal", LinkType::DependsOn, "shipment-portal"),
    ("Customer Shipment Portal", LinkType::DependsOn, "portal-api"),
    ("Warehouse Management", LinkType::DependsOn, "wms-core"),
    ("Warehouse Management", LinkType::DependsOn, "wms-scanner-fleet"),
    ("Fleet Tracking", LinkType::DependsOn, "trackpoint-saas"),
    ("Finance & Invoicing (ERP)", LinkType::DependsOn, "erp-app"),
    ("Payroll", LinkType::DependsOn, "erp-app"),
    ("Email & Collaboration", LinkType::DependsOn, "m365-tenant"),
    ("Legacy EDI Gateway", LinkType::DependsOn, "edi-gateway"),
    ("Driver Mobile App", LinkType::DependsOn, "driver-app"),
    ("IT Service Desk", LinkType::DependsOn, "desk-phone-system"),
    ("IT Service Desk", LinkType::DependsOn, "m365-tenant"),
];

/// Fills an empty workspace with the demo engagement.
pub fn load_demo(ws: &Workspace) -> Result<()> {
    settings::update_settings(ws, &Settings {
        workspace_name: "Harbourside Logistics — ITIL assessment".into(),
        display_timezone: "Europe/Berlin".into(),
        date_format: DateFormat::Iso,
    })?;
    let mut groups: HashMap<&str, GroupId> = HashMap::new();
    for (name, email, description) in GROUPS {
        let g = directory::create_group(ws, &GroupInput { name: (*name).into(), email: (*email).into(), description: (*description).into() })?;
        groups.insert(name, g.id);
    }
    let mut people: HashMap<&str, i64> = HashMap::new();
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
    let mut vendors: HashMap<&str, i64> = HashMap::new();
    for (name, contact, email, phone, website) in VENDORS {
        let v = directory::create_vendor(ws, &VendorInput {
            name: (*name).into(), contact_name: (*contact).into(), email: (*email).into(), phone: (*phone).into(), website: (*website).into(),
        })?;
        vendors.insert(name, v.id.0);
    }
    let mut services: HashMap<&str, i64> = HashMap::new();
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
    // Production CIs are addressed by name; the few non-production ones are never link targets.
    let mut cis: HashMap<&str, i64> = HashMap::new();
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
    for (title, body) in ARTICLES {
        knowledge::create_article(ws, &ArticleInput { title: (*title).into(), body: (*body).into(), status: ArticleStatus::Published })?;
    }
    service_requests(ws, &groups, &services)?;
    let log = incident_event_log(crate::time::now(), DEMO_INCIDENTS);
    incidents::import_incidents_text(ws, IncidentSource::ServiceNow, "demo engagement: ServiceNow event log", &log, &ImportOptions::default())?;
    service_levels(ws, &services, &groups, &vendors)?;
    risk_register(ws)?;
    security_controls(ws)?;
    change_control(ws)?;
    problem_management(ws)?;
    major_incident(ws, &services, &cis, &groups)?;
    Ok(())
}

/// Today's major incident: the portal is down, recent portal incidents are its children,
/// and the incident manager has told users and executives.
fn major_incident(ws: &Workspace, services: &HashMap<&str, i64>, cis: &HashMap<&str, i64>, groups: &HashMap<&str, GroupId>) -> Result<()> {
    use crate::incidents::communications::{log_communication, Audience, CommsChannel, CommunicationInput};
    let major = incidents::log_incident(ws, &incidents::IncidentInput {
        title: "Customer Shipment Portal down for all customers".into(),
        description: "Bookings and label printing fail with HTTP 502 since 08:40. Monitoring shows both portal web VMs healthy; the API tier refuses connections.".into(),
        channel: "monitoring".into(),
        category: "Customer Shipment Portal".into(),
        service_id: Some(services["Customer Shipment Portal"]),
        ci_id: Some(cis["portal-api"]),
        impact: 1,
        urgency: 1,
        assignment_group_id: Some(groups["Application Support"].0),
        major: true,
        ..Default::default()
    })?;
    let children = incidents::list_incidents(ws, &crate::list::ListRequest {
        filters: vec![
            crate::list::FilterTerm { field: "service_id".into(), value: services["Customer Shipment Portal"].to_string(), missing: false },
            crate::list::FilterTerm { field: "state".into(), value: "new".into(), missing: false },
            crate::list::FilterTerm { field: "state".into(), value: "in_progress".into(), missing: false },
        ],
        limit: Some(4),
        sort: Some(crate::list::SortTerm { field: "opened_at".into(), descending: true }),
        ..Default::default()
    })?;
    for child in children.items.iter().filter(|c| c.id != major.id) {
        links::create_link(ws, &NewLink {
            from: RecordRef { kind: RecordKind::Incident, id: child.id.0 },
            link_type: LinkType::ChildOf,
            to: RecordRef { kind: RecordKind::Incident, id: major.id.0 },
        })?;
    }
    let next = crate::time::to_text(crate::time::now() + chrono::Duration::minutes(45));
    log_communication(ws, major.id, &CommunicationInput {
        audience: Audience::Customers,
        channel: CommsChannel::StatusPage,
        message: "We are aware that shipment booking and label printing are unavailable. Our engineers are working on it. Next update within 45 minutes.".into(),
        next_update_at: Some(next.clone()),
    })?;
    log_communication(ws, major.id, &CommunicationInput {
        audience: Audience::Executives,
        channel: CommsChannel::Email,
        message: "P1: the customer portal is down since 08:40; bookings are being taken by phone in Hamburg. Bridge open, ERPSys and Nordcloud engaged.".into(),
        next_update_at: Some(next),
    })?;
    Ok(())
}

/// The agreements a consultant finds: the portal and warehouse SLAs, the application
/// support OLA and the telematics vendor's underpinning contract, on an office calendar (with
/// the fixed German public holidays) and a round-the-clock one. Their clocks are computed
/// for every incident when the targets are created.
fn service_levels(ws: &Workspace, services: &HashMap<&str, i64>, groups: &HashMap<&str, GroupId>, vendors: &HashMap<&str, i64>) -> Result<()> {
    use crate::incidents::OnHoldReason::{AwaitingCaller, AwaitingVendor};
    use crate::sla::agreements::{create_agreement, create_target, save_calendar, AgreementInput, AgreementKind, AppliesTo, Metric, TargetInput};
    use crate::sla::CalendarSpec;
    use chrono::Datelike;
    let year = crate::time::now().year();
    let office_hours = ["mon", "tue", "wed", "thu", "fri"].iter().map(|d| (d.to_string(), vec![["08:00".to_string(), "18:00".to_string()]])).collect();
    let mut spec = CalendarSpec { timezone: "Europe/Berlin".into(), hours: office_hours, ..Default::default() };
    // The public holidays come the way a client would hand them over: as an .ics file.
    spec.add_holidays(&crate::sla::ics::holidays_from_ics(&hamburg_holidays_ics(year - 1, year + 1), year - 1, year + 1)?);
    // The Saturday before the year-end freeze is worked in the morning.
    if let Some(saturday) = (0..7).map(|i| chrono::NaiveDate::from_ymd_opt(year, 12, 12 + i)).flatten().find(|d| d.weekday() == chrono::Weekday::Sat) {
        spec.exceptions.insert(saturday.format("%Y-%m-%d").to_string(), vec![["09:00".into(), "13:00".into()]]);
    }
    let office = save_calendar(ws, None, "Hamburg office hours", &spec)?;
    let all_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].iter().map(|d| (d.to_string(), vec![["00:00".to_string(), "24:00".to_string()]])).collect();
    let always = save_calendar(ws, None, "Around the clock", &CalendarSpec { timezone: "UTC".into(), hours: all_days, ..Default::default() })?;
    let agreement = |kind, name: &str, service: Option<&str>, group: Option<&str>, vendor: Option<&str>| {
        create_agreement(ws, &AgreementInput {
            kind: Some(kind),
            name: name.into(),
            service_id: service.and_then(|s| services.get(s).copied()),
            group_id: group.and_then(|g| groups.get(g).map(|g| g.0)),
            vendor_id: vendor.and_then(|v| vendors.get(v).copied()),
            valid_from: Some(format!("{}-01-01", year - 1)),
            review_on: Some(format!("{year}-12-15")),
            description: format!("{name}, agreed with the business in {}.", year - 1),
            documents: vec![
                format!("Signed agreement: \\\\hbl-fs01\\contracts\\{}.pdf", name.to_lowercase().replace(' ', "-")),
                "Service review minutes: SharePoint › IT › Service reviews".into(),
            ],
            ..Default::default()
        })
    };
    let portal = agreement(AgreementKind::Sla, "Customer Shipment Portal SLA", Some("Customer Shipment Portal"), None, None)?;
    let wms = agreement(AgreementKind::Sla, "Warehouse Management SLA", Some("Warehouse Management"), None, None)?;
    let apps = agreement(AgreementKind::Ola, "Application Support OLA", None, Some("Application Support"), None)?;
    let fleet = agreement(AgreementKind::Uc, "TrackPoint telematics contract", None, None, Some("TrackPoint Telematics"))?;
    let targets = [
        (portal.id, "P1 response", Metric::Response, Some(1), None, 30, always.id, vec![]),
        (portal.id, "P1 resolution", Metric::Resolution, Some(1), None, 240, always.id, vec![AwaitingVendor]),
        (portal.id, "P2 response", Metric::Response, Some(2), None, 45, office.id, vec![]),
        (portal.id, "P2 resolution", Metric::Resolution, Some(2), None, 480, office.id, vec![AwaitingCaller, AwaitingVendor]),
        (portal.id, "P3 resolution", Metric::Resolution, Some(3), None, 1800, office.id, vec![AwaitingCaller]),
        (wms.id, "P1 resolution", Metric::Resolution, Some(1), None, 240, always.id, vec![]),
        (wms.id, "P2 resolution", Metric::Resolution, Some(2), None, 480, office.id, vec![AwaitingCaller]),
        (apps.id, "Response", Metric::Response, None, None, 90, office.id, vec![]),
        (fleet.id, "Telematics resolution", Metric::Resolution, None, Some("Fleet Tracking"), 5 * 1440, always.id, vec![]),
    ];
    for (agreement_id, name, metric, priority, category, minutes, calendar_id, pause_reasons) in targets {
        create_target(ws, &TargetInput {
            agreement_id, name: name.into(), metric, applies_to: AppliesTo::Incident, priority, category: category.map(str::to_string), service_id: None, item_id: None,
            minutes, calendar_id, pause_reasons, warning_pct: 75,
        })?;
    }
    // Requests: the desk's fulfilment promises, by catalogue item, in office hours.
    let desk = agreement(AgreementKind::Sla, "IT Service Desk SLA", Some("IT Service Desk"), None, None)?;
    let item = |name: &str| ws.conn().query_row("SELECT id FROM catalogue_items WHERE name = ?1", [name], |r| r.get::<_, i64>(0)).ok();
    let requests = [
        ("First task done", Metric::Response, None, None, 2 * 600),
        ("New laptop delivered", Metric::Resolution, item("New laptop"), None, 3 * 600),
        ("VPN token issued", Metric::Resolution, item("VPN token"), None, 2 * 600),
        ("Software installed", Metric::Resolution, item("Software installation"), None, 2 * 600),
    ];
    for (name, metric, item_id, category, minutes) in requests {
        create_target(ws, &TargetInput {
            agreement_id: desk.id, name: name.into(), metric, applies_to: AppliesTo::Request, priority: None, category: category.map(str::to_string), service_id: None, item_id,
            minutes, calendar_id: office.id, pause_reasons: vec![], warning_pct: 75,
        })?;
    }
    Ok(())
}

// title, category, owner, inherent (l, i), current (l, i), target (l, i), treatment
type DemoRisk = (&'static str, &'static str, &'static str, (i64, i64), (i64, i64), (i64, i64), &'static str);
const RISKS: &[DemoRisk] = &[
    ("Ransomware encrypts file servers and backups", "Information security", "Nora Schmidt", (4, 5), (3, 5), (2, 4), "mitigate"),
    ("Phishing leads to a compromised mailbox", "Information security", "Nora Schmidt", (5, 3), (4, 3), (3, 2), "mitigate"),
    ("Customer portal suffers a credential-stuffing attack", "Information security", "Daniel Okafor", (4, 4), (3, 4), (2, 3), "mitigate"),
    ("Unpatched VPN concentrator is exploited", "Information security", "Sofia Rossi", (4, 5), (2, 5), (1, 4), "mitigate"),
    ("Privileged accounts are shared between admins", "Information security", "Nora Schmidt", (4, 4), (3, 4), (2, 2), "mitigate"),
    ("Leavers keep access to the ERP", "Information security", "Emma Larsen", (4, 3), (3, 3), (1, 3), "mitigate"),
    ("Laptop with customer data is lost or stolen", "Information security", "Jonas Brandt", (4, 3), (2, 2), (2, 2), "mitigate"),
    ("Public S3-style bucket exposes shipment documents", "Information security", "Daniel Okafor", (3, 4), (2, 4), (1, 4), "mitigate"),
    ("Insider exports the customer list", "Information security", "Nora Schmidt", (2, 4), (2, 4), (2, 3), "mitigate"),
    ("Logging gaps delay detection of an intrusion", "Information security", "Nora Schmidt", (4, 3), (3, 3), (2, 3), "mitigate"),
    ("Third-party library with a critical vulnerability in the portal", "Information security", "Daniel Okafor", (4, 4), (3, 3), (2, 3), "mitigate"),
    ("Weak passwords on depot handheld scanners", "Information security", "Chen Wei", (4, 2), (3, 2), (2, 2), "mitigate"),
    ("Email spoofing of the finance director", "Information security", "Hannah Fischer", (4, 4), (2, 4), (2, 3), "mitigate"),
    ("Hamburg data centre loses power for more than a day", "Operational resilience", "Priya Nair", (2, 5), (2, 4), (1, 4), "mitigate"),
    ("Warehouse management outage during peak season", "Operational resilience", "Chen Wei", (3, 5), (3, 4), (2, 3), "mitigate"),
    ("Backups cannot be restored within the agreed time", "Operational resilience", "Priya Nair", (3, 5), (3, 4), (2, 3), "mitigate"),
    ("Single WAN link to the Milan depot fails", "Operational resilience", "Sofia Rossi", (3, 3), (3, 3), (2, 2), "mitigate"),
    ("Storage array reaches capacity unnoticed", "Operational resilience", "Lukas Weber", (3, 3), (2, 3), (1, 3), "mitigate"),
    ("Certificate expiry takes the portal down", "Operational resilience", "Daniel Okafor", (4, 3), (2, 3), (1, 3), "mitigate"),
    ("Failed change to the ERP during month-end close", "Operational resilience", "Emma Larsen", (3, 4), (2, 4), (2, 3), "mitigate"),
    ("Database corruption on the portal database", "Operational resilience", "Felix Wagner", (2, 4), (2, 3), (1, 3), "mitigate"),
    ("Disaster recovery plan has never been tested end to end", "Operational resilience", "Priya Nair", (3, 5), (3, 5), (2, 4), "mitigate"),
    ("Monitoring misses slow degradation of tracking feeds", "Operational resilience", "Chen Wei", (4, 2), (3, 2), (2, 2), "mitigate"),
    ("Printer fleet failure stops label printing in a depot", "Operational resilience", "Jonas Brandt", (3, 3), (2, 3), (2, 2), "accept"),
    ("Cloud hosting provider has a regional outage", "Third party", "Priya Nair", (2, 5), (2, 5), (2, 3), "mitigate"),
    ("TrackPoint telematics platform is unavailable", "Third party", "Chen Wei", (3, 4), (3, 3), (2, 3), "transfer"),
    ("ERPSys ends support for the current ERP release", "Third party", "Emma Larsen", (3, 4), (3, 4), (1, 4), "mitigate"),
    ("Telecom carrier misses repair times for depot lines", "Third party", "Sofia Rossi", (3, 3), (3, 3), (3, 2), "transfer"),
    ("Key supplier goes out of business", "Third party", "Hannah Fischer", (2, 4), (2, 4), (2, 3), "mitigate"),
    ("Subcontracted developers leave no documentation", "Third party", "Daniel Okafor", (3, 3), (2, 3), (2, 2), "mitigate"),
    ("Vendor remote access is not monitored", "Third party", "Nora Schmidt", (4, 4), (3, 4), (2, 3), "mitigate"),
    ("Personal data breach reported late to the authority", "Compliance", "Nora Schmidt", (3, 4), (2, 4), (1, 4), "mitigate"),
    ("Customs data retention requirements not met", "Compliance", "Hannah Fischer", (3, 3), (2, 3), (1, 3), "mitigate"),
    ("Software licences under-counted in an audit", "Compliance", "Maria Keller", (3, 3), (3, 3), (2, 2), "mitigate"),
    ("Segregation of duties conflicts in the ERP", "Compliance", "Hannah Fischer", (4, 3), (3, 3), (2, 2), "mitigate"),
    ("Driver working-time data incomplete for inspections", "Compliance", "Chen Wei", (3, 3), (2, 3), (2, 2), "mitigate"),
    ("Contracts lack security clauses for processors", "Compliance", "Nora Schmidt", (3, 3), (3, 3), (1, 3), "mitigate"),
    ("Only one person can administer the ERP", "People", "Maria Keller", (4, 4), (4, 3), (2, 3), "mitigate"),
    ("Application Support understaffed during holidays", "People", "Daniel Okafor", (4, 3), (3, 3), (2, 2), "mitigate"),
    ("Network engineer retires without a successor", "People", "Maria Keller", (3, 3), (3, 3), (2, 2), "mitigate"),
    ("Staff click through security awareness training", "People", "Nora Schmidt", (4, 2), (4, 2), (3, 2), "mitigate"),
    ("Service desk knowledge is in people's heads", "People", "Jonas Brandt", (4, 2), (3, 2), (2, 2), "mitigate"),
    ("Legacy EDI gateway runs on an unsupported OS", "Technology", "Daniel Okafor", (4, 4), (4, 3), (4, 3), "accept"),
    ("Warehouse handhelds reach end of life", "Technology", "Chen Wei", (3, 3), (3, 3), (2, 2), "mitigate"),
    ("Technical debt slows portal releases", "Technology", "Daniel Okafor", (4, 2), (4, 2), (3, 2), "accept"),
    ("Configuration drift between portal web servers", "Technology", "Lukas Weber", (3, 3), (2, 3), (1, 2), "mitigate"),
    ("Shadow IT spreadsheets drive invoicing", "Technology", "Hannah Fischer", (4, 3), (3, 3), (2, 2), "mitigate"),
    ("Mobile app pilot leaks location data", "Technology", "Daniel Okafor", (2, 4), (2, 4), (1, 3), "avoid"),
    ("Cloud costs exceed the budget", "Financial", "Hannah Fischer", (4, 2), (3, 2), (2, 2), "mitigate"),
    ("SLA penalties from the largest customer", "Financial", "Maria Keller", (3, 3), (2, 3), (2, 2), "mitigate"),
    ("Currency swings raise software subscription costs", "Financial", "Hannah Fischer", (3, 2), (3, 2), (3, 2), "accept"),
    ("Cyber insurance does not cover ransomware payments", "Financial", "Hannah Fischer", (3, 4), (3, 4), (3, 3), "transfer"),
    ("Fleet tracking fails during a cold-chain delivery", "Operational resilience", "Chen Wei", (3, 4), (2, 4), (2, 3), "mitigate"),
    ("DNS provider outage makes every site unreachable", "Third party", "Sofia Rossi", (2, 5), (2, 4), (1, 4), "mitigate"),
    ("Firewall rule base has unused any-any rules", "Information security", "Sofia Rossi", (4, 4), (3, 4), (1, 3), "mitigate"),
    ("Multi-factor authentication not enforced for admins", "Information security", "Nora Schmidt", (5, 5), (2, 4), (1, 4), "mitigate"),
    ("Test data copied from production without masking", "Compliance", "Felix Wagner", (4, 3), (3, 3), (1, 3), "mitigate"),
    ("Depot Wi-Fi shares a network with payment terminals", "Information security", "Sofia Rossi", (3, 4), (2, 4), (1, 3), "mitigate"),
    ("Incident response roles unclear out of hours", "Operational resilience", "Jonas Brandt", (4, 3), (3, 3), (2, 2), "mitigate"),
    ("Portal accessibility fails legal requirements", "Compliance", "Daniel Okafor", (3, 2), (3, 2), (1, 2), "mitigate"),
];

/// A register a consultant would find: about sixty risks over security, resilience, third
/// parties, compliance, people, technology and money, rated before and after controls and
/// with a target. Some are being treated with actions, a few are accepted (one acceptance
/// has run out), and some reviews are overdue.
fn risk_register(ws: &Workspace) -> Result<()> {
    use crate::risks::{create_risk, save_action, Rating, RiskActionInput, RiskInput, RiskStatus, Treatment};
    let people: HashMap<String, i64> = ws
        .conn()
        .prepare("SELECT name, id FROM people")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let today = crate::time::now().date_naive();
    let day = |days: i64| (today + chrono::Duration::days(days)).format("%Y-%m-%d").to_string();
    let r = |(likelihood, impact): (i64, i64)| Some(Rating { likelihood, impact });
    for (n, (title, category, owner, inherent, current, target, treatment)) in RISKS.iter().enumerate() {
        let treatment = Treatment::parse(treatment);
        let accepted = treatment == Some(Treatment::Accept);
        let status = if accepted { RiskStatus::Accepted } else if current != target { RiskStatus::Treating } else { RiskStatus::Assessed };
        let d = create_risk(ws, &RiskInput {
            title: title.to_string(),
            description: format!("{title}. Identified in the {} risk workshop with the IT leadership team.", category.to_lowercase()),
            category: category.to_string(),
            owner_id: people.get(*owner).copied(),
            causes: "See the workshop notes; contributing factors were rated by the owner.".into(),
            consequences: "Service disruption, cost and reputational damage as rated.".into(),
            inherent: r(*inherent),
            current: r(*current),
            target: r(*target),
            treatment,
            status: Some(status),
            accepted_by: accepted.then(|| "Maria Keller".to_string()),
            acceptance_reason: if accepted { "Accepted by the head of IT within appetite until the replacement project delivers.".into() } else { String::new() },
            // One acceptance has run out and shows as expired.
            accepted_until: accepted.then(|| if n % 2 == 0 { day(-20) } else { day(200) }),
            // Every seventh risk was last reviewed long ago, so its review is overdue.
            last_review: Some(if n % 7 == 3 { day(-400) } else { day(-((n as i64 * 11) % 80)) }),
        })?;
        if status == RiskStatus::Treating {
            save_action(ws, d.risk.id, None, &RiskActionInput {
                title: format!("Treatment plan for: {}", title.to_lowercase()),
                owner_id: people.get(*owner).copied(),
                due_on: Some(day(30 + (n as i64 * 17) % 150)),
                status: None,
            })?;
        }
    }
    // Half a year of weekly snapshots: the treatment programme moved risks down a level.
    let now = crate::risks::risk_trend(ws)?.pop().map(|p| p.counts).unwrap_or_default();
    if now.len() == 5 {
        for week in (1..=26i64).rev() {
            let back = |n: i64| (n * week + 13) / 26;
            let counts = [now[0], now[1].saturating_sub(back(6) as u64), now[2].saturating_sub(back(8) as u64), now[3] + back(10) as u64, now[4] + back(4) as u64];
            crate::risks::record_counts(ws, &day(-7 * week), &counts)?;
        }
    }
    Ok(())
}

// name, type, implementation, NIST CSF 2.0 subcategories it meets
const CONTROLS: &[(&str, &str, &str, &str)] = &[
    ("Information security policy approved by the board", "preventive", "implemented", "GV.PO-01 GV.PO-02"),
    ("Roles and responsibilities for security in job descriptions", "preventive", "implemented", "GV.RR-02"),
    ("Security steering committee meets quarterly", "preventive", "implemented", "GV.OV-01 GV.RR-01"),
    ("Risk appetite statement for IT", "preventive", "partial", "GV.RM-02 GV.RM-03"),
    ("Risk register reviewed by owners on cadence", "detective", "implemented", "GV.RM-06 ID.RA-06"),
    ("Stakeholder and legal requirements register", "preventive", "partial", "GV.OC-02 GV.OC-03"),
    ("Critical services and dependencies documented", "preventive", "implemented", "GV.OC-04 GV.OC-05 ID.AM-05"),
    ("Supplier security assessment before contract", "preventive", "partial", "GV.SC-06 GV.SC-07"),
    ("Security clauses in supplier contracts", "preventive", "partial", "GV.SC-05"),
    ("Supplier inventory with criticality", "preventive", "implemented", "GV.SC-04"),
    ("Supplier offboarding checklist", "corrective", "planned", "GV.SC-10"),
    ("Hardware asset inventory from the CMDB", "preventive", "implemented", "ID.AM-01"),
    ("Software inventory and licence tracking", "preventive", "implemented", "ID.AM-02"),
    ("Network diagrams and data flows maintained", "preventive", "partial", "ID.AM-03"),
    ("Inventory of cloud and SaaS services", "preventive", "partial", "ID.AM-04"),
    ("Data classification scheme", "preventive", "partial", "ID.AM-07"),
    ("Asset lifecycle with secure disposal", "preventive", "implemented", "ID.AM-08"),
    ("Vulnerability scanning of servers weekly", "detective", "implemented", "ID.RA-01 DE.CM-09"),
    ("Threat intelligence feed reviewed", "detective", "partial", "ID.RA-02 ID.RA-03"),
    ("Annual IT risk assessment workshop", "preventive", "implemented", "ID.RA-04 ID.RA-05"),
    ("Vulnerability disclosure and triage process", "corrective", "partial", "ID.RA-08"),
    ("Software integrity checks for deployments", "preventive", "planned", "ID.RA-09"),
    ("Post-incident reviews feed improvements", "corrective", "implemented", "ID.IM-03 ID.IM-04"),
    ("Penetration test of the customer portal yearly", "detective", "implemented", "ID.IM-02 ID.RA-01"),
    ("Central identity provider for all staff", "preventive", "implemented", "PR.AA-01 PR.AA-02"),
    ("Multi-factor authentication for remote access", "preventive", "implemented", "PR.AA-03"),
    ("Multi-factor authentication for administrators", "preventive", "partial", "PR.AA-03"),
    ("Privileged access management vault", "preventive", "planned", "PR.AA-05"),
    ("Joiner-mover-leaver process with HR", "preventive", "implemented", "PR.AA-01 PR.AA-05"),
    ("Quarterly access reviews of the ERP", "detective", "implemented", "PR.AA-05"),
    ("Badge access to data centre rooms", "preventive", "implemented", "PR.AA-06"),
    ("Security awareness training yearly", "preventive", "implemented", "PR.AT-01"),
    ("Phishing simulation quarterly", "detective", "partial", "PR.AT-01"),
    ("Role-based training for administrators", "preventive", "planned", "PR.AT-02"),
    ("Full-disk encryption on laptops", "preventive", "implemented", "PR.DS-01"),
    ("TLS for all external services", "preventive", "implemented", "PR.DS-02"),
    ("Database encryption at rest", "preventive", "partial", "PR.DS-01"),
    ("Data loss prevention on email", "detective", "planned", "PR.DS-02 PR.DS-10"),
    ("Daily backups of servers", "corrective", "implemented", "PR.DS-11"),
    ("Offline immutable backups", "corrective", "partial", "PR.DS-11"),
    ("Restore tests quarterly", "detective", "partial", "PR.DS-11 RC.RP-03"),
    ("Standard secure server builds", "preventive", "implemented", "PR.PS-01"),
    ("Monthly patching of servers", "preventive", "implemented", "PR.PS-02"),
    ("Monthly patching of network devices", "preventive", "partial", "PR.PS-02"),
    ("Hardware refresh before end of support", "preventive", "partial", "PR.PS-03"),
    ("Central log collection", "detective", "implemented", "PR.PS-04 DE.CM-01"),
    ("Application allow-listing on kiosks", "preventive", "planned", "PR.PS-05"),
    ("Secure development guidelines", "preventive", "partial", "PR.PS-06"),
    ("Code review before release", "preventive", "implemented", "PR.PS-06"),
    ("Network segmentation of depots", "preventive", "partial", "PR.IR-01"),
    ("Firewall rule review twice a year", "detective", "implemented", "PR.IR-01"),
    ("Redundant power and cooling", "preventive", "implemented", "PR.IR-02 PR.IR-03"),
    ("Capacity monitoring of storage and compute", "detective", "implemented", "PR.IR-04"),
    ("Endpoint detection and response on laptops", "detective", "implemented", "DE.CM-09 DE.AE-02"),
    ("Network intrusion detection at the perimeter", "detective", "partial", "DE.CM-01"),
    ("Physical CCTV in the data centre", "detective", "implemented", "DE.CM-02"),
    ("User activity monitoring for privileged accounts", "detective", "planned", "DE.CM-03"),
    ("Monitoring of supplier remote sessions", "detective", "planned", "DE.CM-06"),
    ("Security event correlation in the SIEM", "detective", "partial", "DE.AE-03 DE.AE-06"),
    ("Impact assessment of security events", "detective", "partial", "DE.AE-04"),
    ("Threat intelligence enrichment of alerts", "detective", "planned", "DE.AE-07"),
    ("Incident declaration criteria", "detective", "implemented", "DE.AE-08 RS.MA-03"),
    ("Security incident response plan", "corrective", "implemented", "RS.MA-01"),
    ("Incident triage by the service desk", "corrective", "implemented", "RS.MA-02"),
    ("Incident escalation matrix", "corrective", "implemented", "RS.MA-04"),
    ("Incident recovery criteria", "corrective", "partial", "RS.MA-05"),
    ("Forensic readiness for key systems", "corrective", "planned", "RS.AN-03 RS.AN-06"),
    ("Evidence preservation procedure", "corrective", "planned", "RS.AN-07"),
    ("Incident severity estimation", "corrective", "implemented", "RS.AN-08"),
    ("Regulator and customer notification procedure", "corrective", "partial", "RS.CO-02 RS.CO-03"),
    ("Containment playbooks for ransomware", "corrective", "partial", "RS.MI-01"),
    ("Malware eradication procedure", "corrective", "partial", "RS.MI-02"),
    ("Disaster recovery plan for the portal", "corrective", "partial", "RC.RP-01 RC.RP-02"),
    ("Recovery verification checklist", "corrective", "partial", "RC.RP-04 RC.RP-05"),
    ("Declaring the end of recovery", "corrective", "planned", "RC.RP-06"),
    ("Public communication templates for outages", "corrective", "partial", "RC.CO-03 RC.CO-04"),
    ("Cyber insurance policy", "corrective", "implemented", "GV.RM-04"),
    ("Security metrics reported to management", "detective", "partial", "GV.OV-02 GV.OV-03"),
    ("Cybersecurity roles resourced in the budget", "preventive", "partial", "GV.RR-03"),
    ("Security clauses in employment contracts", "preventive", "implemented", "GV.RR-04"),
];

/// Eighty controls mapped to NIST CSF 2.0 (built in), with owners, test cadences, tests on
/// record (some with findings, one failed) and the risks they mitigate.
fn security_controls(ws: &Workspace) -> Result<()> {
    use crate::security::controls::{create_control, record_test, ControlInput, ControlTestInput, ControlType, Effectiveness, Implementation, TestResult};
    use crate::security::frameworks::{add_nist_csf, requirements, set_applicability, set_control_requirements};
    let csf = add_nist_csf(ws)?;
    let reqs: HashMap<String, i64> = requirements(ws, csf)?.into_iter().map(|r| (r.reference, r.id)).collect();
    let owners: Vec<i64> = ["Nora Schmidt", "Priya Nair", "Sofia Rossi", "Lukas Weber", "Daniel Okafor", "Jonas Brandt"]
        .iter()
        .filter_map(|n| ws.conn().query_row("SELECT id FROM people WHERE name = ?1", [n], |r| r.get(0)).ok())
        .collect();
    let today = crate::time::now().date_naive();
    let mut by_name = HashMap::new();
    for (n, (name, kind, implementation, refs)) in CONTROLS.iter().enumerate() {
        let implementation = Implementation::parse(implementation).unwrap_or(Implementation::Planned);
        let effectiveness = match (implementation, n % 9) {
            (Implementation::Implemented, 4) => Some(Effectiveness::PartiallyEffective),
            (Implementation::Implemented, _) => Some(Effectiveness::Effective),
            (Implementation::Partial, _) => Some(Effectiveness::PartiallyEffective),
            _ => None,
        };
        let c = create_control(ws, &ControlInput {
            name: name.to_string(),
            description: format!("{name}. Operated by the owner's team; evidence kept with each test."),
            owner_id: owners.get(n % owners.len().max(1)).copied(),
            control_type: ControlType::parse(kind).unwrap_or(ControlType::Preventive),
            implementation,
            effectiveness,
            test_every_days: Some([90, 180, 365][n % 3]),
        })?;
        let ids: Vec<i64> = refs.split(' ').filter_map(|r| reqs.get(r).copied()).collect();
        set_control_requirements(ws, c.control.id, &ids)?;
        if implementation == Implementation::Implemented {
            let days = [30, 75, 200, 400][n % 4];
            let result = match n % 11 {
                3 => TestResult::PassedWithFindings,
                7 if n > 40 => TestResult::Failed,
                _ => TestResult::Passed,
            };
            record_test(ws, c.control.id, &ControlTestInput {
                tested_on: (today - chrono::Duration::days(days)).format("%Y-%m-%d").to_string(),
                tester: "Ines Auditor (external)".into(),
                result,
                notes: if result == TestResult::Passed { "Sample of 25 checked; no exceptions.".into() } else { "Exceptions found; see the findings log.".into() },
            })?;
        }
        by_name.insert(*name, c.control.id);
    }
    if let Some(id) = reqs.get("GV.SC-10") {
        set_applicability(ws, *id, true, "")?;
    }
    if let Some(id) = reqs.get("PR.PS-05") {
        set_applicability(ws, *id, false, "No kiosks or shared terminals are in scope of this engagement.")?;
    }
    // Risks and the controls that mitigate them.
    let risk = |title: &str| ws.conn().query_row("SELECT id FROM risks WHERE title = ?1", [title], |r| r.get::<_, i64>(0)).ok();
    let pairs = [
        ("Ransomware encrypts file servers and backups", "Offline immutable backups"),
        ("Ransomware encrypts file servers and backups", "Endpoint detection and response on laptops"),
        ("Ransomware encrypts file servers and backups", "Containment playbooks for ransomware"),
        ("Phishing leads to a compromised mailbox", "Phishing simulation quarterly"),
        ("Phishing leads to a compromised mailbox", "Multi-factor authentication for remote access"),
        ("Multi-factor authentication not enforced for admins", "Multi-factor authentication for administrators"),
        ("Privileged accounts are shared between admins", "Privileged access management vault"),
        ("Leavers keep access to the ERP", "Joiner-mover-leaver process with HR"),
        ("Leavers keep access to the ERP", "Quarterly access reviews of the ERP"),
        ("Backups cannot be restored within the agreed time", "Restore tests quarterly"),
        ("Unpatched VPN concentrator is exploited", "Monthly patching of network devices"),
        ("Vendor remote access is not monitored", "Monitoring of supplier remote sessions"),
    ];
    for (r, c) in pairs {
        if let (Some(r), Some(c)) = (risk(r), by_name.get(c)) {
            links::create_link(ws, &NewLink { from: RecordRef { kind: RecordKind::Risk, id: r }, link_type: LinkType::MitigatedBy, to: RecordRef { kind: RecordKind::Control, id: c.0 } })?;
        }
    }
    vulnerabilities(ws, &risk)?;
    security_incidents(ws, &by_name)
}

/// Two incidents the security officer classified, with the controls that failed.
fn security_incidents(ws: &Workspace, controls: &HashMap<&str, crate::security::controls::ControlId>) -> Result<()> {
    use crate::security::incidents::{classify_incident, SecurityClass};
    let cases = [
        ("%password%", SecurityClass { confidentiality: true, integrity: false, availability: false }, "Multi-factor authentication for remote access"),
        ("%VPN%", SecurityClass { confidentiality: false, integrity: false, availability: true }, "Monthly patching of network devices"),
    ];
    for (like, class, failed) in cases {
        let id: Option<i64> = ws.conn().query_row("SELECT id FROM incidents WHERE title LIKE ?1 ORDER BY opened_at DESC LIMIT 1", [like], |r| r.get(0)).ok();
        let Some(id) = id else { continue };
        classify_incident(ws, crate::incidents::IncidentId(id), Some(class))?;
        if let Some(c) = controls.get(failed) {
            links::create_link(ws, &NewLink { from: RecordRef { kind: RecordKind::Incident, id }, link_type: LinkType::FailedControl, to: RecordRef { kind: RecordKind::Control, id: c.0 } })?;
        }
    }
    Ok(())
}

/// A few vulnerabilities from the last scans, scored from their vectors, on the CIs they
/// affect and the risks they raise; one is overdue.
fn vulnerabilities(ws: &Workspace, risk: &dyn Fn(&str) -> Option<i64>) -> Result<()> {
    use crate::security::vulnerabilities::{create_vulnerability, VulnerabilityInput, VulnerabilityStatus};
    let today = crate::time::now().date_naive();
    let day = |n: i64| (today - chrono::Duration::days(n)).format("%Y-%m-%d").to_string();
    let ci = |name: &str| ws.conn().query_row("SELECT id FROM cis WHERE name = ?1", [name], |r| r.get::<_, i64>(0)).ok();
    let found = [
        ("OpenSSH signal handler race (regreSSHion) on portal web servers", Some("CVE-2024-6387"), "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", VulnerabilityStatus::InProgress, 20, "vm-portal-web-01", Some("Customer portal suffers a credential-stuffing attack")),
        ("VPN appliance path traversal allows unauthenticated file read", Some("CVE-2023-27997"), "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", VulnerabilityStatus::Open, 40, "esx-ham-01", Some("Unpatched VPN concentrator is exploited")),
        ("PostgreSQL superuser reachable from the office network", None, "CVSS:4.0/AV:A/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", VulnerabilityStatus::Open, 12, "pg-portal-01", None),
        ("Outdated jQuery with XSS in the shipment tracking page", Some("CVE-2020-11023"), "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:L/I:L/A:N", VulnerabilityStatus::Open, 75, "shipment-portal", None),
        ("SMB signing not required on the ERP application server", None, "CVSS:3.1/AV:A/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", VulnerabilityStatus::Mitigated, 120, "vm-erp-app-01", None),
        ("TLS 1.0 still enabled on the EDI gateway", None, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N", VulnerabilityStatus::Accepted, 200, "edi-gateway", Some("Legacy EDI gateway runs on an unsupported OS")),
    ];
    for (title, cve, vector, status, age, on, raises) in found {
        let v = create_vulnerability(ws, &VulnerabilityInput {
            title: title.into(), description: format!("{title}. Found in the monthly scan."), cve: cve.map(str::to_string), cvss_vector: Some(vector.into()), status, found_on: day(age),
        })?;
        let me = RecordRef { kind: RecordKind::Vulnerability, id: v.id.0 };
        if let Some(c) = ci(on) {
            links::create_link(ws, &NewLink { from: me, link_type: LinkType::Affects, to: RecordRef { kind: RecordKind::Ci, id: c } })?;
        }
        if let Some(r) = raises.and_then(risk) {
            links::create_link(ws, &NewLink { from: me, link_type: LinkType::Raises, to: RecordRef { kind: RecordKind::Risk, id: r } })?;
        }
    }
    Ok(())
}

/// Change authorities (a CAB, an emergency CAB), two standard-change templates, a month of
/// past changes (assessed, voted on, reviewed; one emergency; one failed and backed out), and
/// the weeks ahead: a weekly maintenance window for the portal database, the year-end
/// freeze, and upcoming changes that collide in every way the detection knows (two on the
/// same database, a release on the API that depends on it, one engineer booked twice,
/// firmware work in the freeze, database work outside its window).
fn change_control(ws: &Workspace) -> Result<()> {
    use crate::changes::assessment::assess_change;
    use crate::changes::authorization::{save_board, set_authority, vote, BoardInput, Vote, VoteInput};
    use crate::changes::review::{review_change, ReviewInput, ReviewOutcome};
    use crate::changes::templates::{save_template, TemplateInput};
    use crate::changes::{create_change, create_window, transition_change, ChangeId, ChangeInput, ChangeState, ChangeType, Recurrence, WindowInput, WindowKind};
    use chrono::{Datelike, Duration, TimeZone, Utc};
    let ci = |name: &str| ws.conn().query_row("SELECT id FROM cis WHERE name = ?1", [name], |r| r.get::<_, i64>(0)).ok();
    let person = |name: &str| ws.conn().query_row("SELECT id FROM people WHERE name = ?1", [name], |r| r.get::<_, i64>(0)).ok();
    let group = |name: &str| ws.conn().query_row("SELECT id FROM support_groups WHERE name = ?1", [name], |r| r.get::<_, i64>(0)).ok();
    let people = |names: &[&str]| names.iter().filter_map(|n| person(n)).collect::<Vec<_>>();
    let cab = save_board(ws, None, &BoardInput { name: "Change Advisory Board".into(), member_ids: people(&["Maria Keller", "Priya Nair", "Daniel Okafor", "Nora Schmidt", "Chen Wei"]) })?;
    let ecab = save_board(ws, None, &BoardInput { name: "Emergency CAB".into(), member_ids: people(&["Maria Keller", "Priya Nair", "Nora Schmidt"]) })?;
    set_authority(ws, ChangeType::Normal, "", Some(cab.id), 2)?;
    set_authority(ws, ChangeType::Normal, "High", Some(cab.id), 3)?;
    set_authority(ws, ChangeType::Normal, "Very high", Some(cab.id), 4)?;
    set_authority(ws, ChangeType::Emergency, "", Some(ecab.id), 1)?;
    let scanner = save_template(ws, None, &TemplateInput {
        name: "Warehouse scanner firmware update".into(),
        description: "Vendor-released firmware for the handheld scanner fleet, rolled out by depot.".into(),
        implementation_plan: "1. Stage the signed image in the MDM.\n2. Roll out to one depot's pilot group.\n3. After 2 hours without errors, roll out to the fleet.".into(),
        backout_plan: "Re-publish the previous image in the MDM; scanners downgrade at their next check-in.".into(),
        test_plan: "Scan, pick and confirm a test order on a pilot device.".into(),
        risk: "Low".into(),
        active: true,
    })?;
    let reindex = save_template(ws, None, &TemplateInput {
        name: "Rebuild database indexes".into(),
        description: "Online index rebuild on a production PostgreSQL database.".into(),
        implementation_plan: "REINDEX CONCURRENTLY on the tables named in the change; watch replication lag.".into(),
        backout_plan: "Cancel the backend; the old indexes stay in use until a rebuild completes.".into(),
        test_plan: "Compare the slow-query log before and after.".into(),
        risk: "Low".into(),
        active: true,
    })?;
    let now = crate::time::now();
    let today = now.date_naive();
    let at = |d: chrono::NaiveDate, h: u32, m: u32| Utc.from_utc_datetime(&d.and_hms_opt(h, m, 0).unwrap_or_default());
    let text = |t: chrono::DateTime<Utc>| crate::time::to_text(t);
    // The next Sunday at least three days ahead, and the Wednesday after it.
    let mut sunday = today + Duration::days(3);
    while sunday.weekday() != chrono::Weekday::Sun {
        sunday += Duration::days(1);
    }
    let wednesday = sunday + Duration::days(3);
    create_window(ws, &WindowInput {
        kind: WindowKind::Maintenance, name: "Portal database: Sunday night".into(), ci_id: ci("pg-portal-01"), service_id: None,
        starts_at: text(at(sunday - Duration::weeks(8), 22, 0)), ends_at: text(at(sunday - Duration::weeks(8), 22, 0) + Duration::hours(4)), recurrence: Recurrence::Weekly, until: None,
    })?;
    let year = if today.month() == 12 && today.day() > 15 { today.year() + 1 } else { today.year() };
    let freeze = chrono::NaiveDate::from_ymd_opt(year, 12, 15).unwrap_or(today);
    create_window(ws, &WindowInput {
        kind: WindowKind::Blackout, name: "Year-end freeze (peak season and closing)".into(), ci_id: None, service_id: None,
        starts_at: text(at(freeze, 0, 0)), ends_at: text(at(freeze + Duration::days(21), 0, 0)), recurrence: Recurrence::None, until: None,
    })?;
    let plan = |title: &str, kind: ChangeType, start: chrono::DateTime<Utc>, hours: i64, cis: &[&str], who: &str, team: &str| ChangeInput {
        title: title.into(),
        description: format!("{title}."),
        change_type: kind,
        impact: "moderate".into(),
        planned_start: Some(text(start)),
        planned_end: Some(text(start + Duration::minutes(hours * 60))),
        assignment_group_id: group(team),
        assignee_id: person(who),
        ci_ids: cis.iter().filter_map(|c| ci(c)).collect(),
        justification: "Keeps the platform supported and patched; requested by the service owner.".into(),
        implementation_plan: "Follow the runbook for this CI; announce start and end in the operations channel.".into(),
        backout_plan: "Restore from the snapshot taken before the work; expected 30 minutes.".into(),
        test_plan: "Smoke test of the affected service and the monitoring dashboard green for 15 minutes.".into(),
        template_id: (kind == ChangeType::Standard).then_some(if cis.contains(&"wms-scanner-fleet") { scanner.id } else { reindex.id }),
        ..Default::default()
    };
    // Risk answers (indexes per question) and the votes that authorize at that level.
    let assess = |id: ChangeId, answers: &[usize]| assess_change(ws, id, answers);
    let approve = |id: ChangeId, who: &[&str]| -> Result<()> {
        for p in people(who) {
            vote(ws, id, &VoteInput { person_id: p, vote: Vote::Approve, comment: String::new() })?;
        }
        Ok(())
    };
    let authorize = |id: ChangeId, kind: ChangeType, answers: &[usize], voters: &[&str]| -> Result<()> {
        match kind {
            ChangeType::Standard => transition_change(ws, id, ChangeState::Scheduled).map(|_| ()),
            ChangeType::Emergency => {
                transition_change(ws, id, ChangeState::Authorize)?;
                approve(id, voters)?;
                transition_change(ws, id, ChangeState::Scheduled).map(|_| ())
            }
            ChangeType::Normal => {
                transition_change(ws, id, ChangeState::Assess)?;
                assess(id, answers)?;
                transition_change(ws, id, ChangeState::Authorize)?;
                approve(id, voters)?;
                transition_change(ws, id, ChangeState::Scheduled).map(|_| ())
            }
        }
    };
    // The past month: implemented, reviewed and closed (one emergency, one failed).
    let past = [
        ("Monthly Windows patching, ERP servers", "vm-erp-app-01", "Lukas Weber", "Infrastructure Ops", ChangeType::Normal),
        ("Renew portal TLS certificate", "shipment-portal", "Daniel Okafor", "Application Support", ChangeType::Normal),
        ("Block the exploited VPN appliance vulnerability", "fw-ham-edge", "Sofia Rossi", "Network Team", ChangeType::Emergency),
        ("PostgreSQL minor upgrade (WMS)", "pg-wms-01", "Felix Wagner", "Database Admins", ChangeType::Normal),
        ("Warehouse scanner firmware 3.2", "wms-scanner-fleet", "Chen Wei", "Application Support", ChangeType::Standard),
        ("Extend SAN volume for ERP logs", "san-ham-01", "Priya Nair", "Infrastructure Ops", ChangeType::Normal),
        ("Portal release 4.12.3", "portal-api", "Daniel Okafor", "Application Support", ChangeType::Normal),
        ("Core switch IOS update", "core-sw-ham", "Sofia Rossi", "Network Team", ChangeType::Normal),
    ];
    let manager = crate::workspace::Actor::parse("Maria Keller")?;
    for (k, (title, on, who, team, kind)) in past.iter().enumerate() {
        let start = at(today - Duration::days(28 - 3 * k as i64), 21, 0);
        // Recorded a week or two ahead of the work, as a change manager would (the
        // emergency the same afternoon).
        let input = plan(title, *kind, start, 2, &[on], who, team);
        let recorded = if *kind == ChangeType::Emergency { start - Duration::hours(5) } else { start - Duration::days(7 + k as i64) };
        let id = ws.replay_as(&manager, recorded, |tx| crate::changes::create_in(tx, None, &input, ChangeState::Draft))?;
        authorize(id, *kind, &[1, 1, 0, 0, 0, 1], &["Maria Keller", "Priya Nair"])?;
        transition_change(ws, id, ChangeState::Implement)?;
        if k == 7 {
            // Failed, backed out, reviewed and closed; two incidents the next morning came from it.
            transition_change(ws, id, ChangeState::Failed)?;
            review_change(ws, id, &ReviewInput {
                outcome: ReviewOutcome::BackedOut,
                lessons: "The new IOS image dropped the LACP settings on the uplinks; the back-out took 40 minutes longer than planned. Next time: diff the running config after the upgrade and test the back-out in the lab first.".into(),
            })?;
            transition_change(ws, id, ChangeState::Closed)?;
            let after = text(start + Duration::hours(6));
            let caused: Vec<i64> = ws.conn().prepare("SELECT id FROM incidents WHERE opened_at >= ?1 ORDER BY opened_at LIMIT 2")?.query_map([&after], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            for i in caused {
                links::create_link(ws, &NewLink { from: RecordRef { kind: RecordKind::Incident, id: i }, link_type: LinkType::CausedBy, to: RecordRef { kind: RecordKind::Change, id: id.0 } })?;
            }
        } else {
            transition_change(ws, id, ChangeState::Review)?;
            let (outcome, lessons) = if k == 3 {
                (ReviewOutcome::SuccessfulWithIssues, "The upgrade ran 25 minutes over because the replica needed a full resync; plan for it.")
            } else {
                (ReviewOutcome::Successful, "")
            };
            review_change(ws, id, &ReviewInput { outcome, lessons: lessons.into() })?;
            transition_change(ws, id, ChangeState::Closed)?;
        }
    }
    // What is coming.
    let upcoming = [
        plan("Patch PostgreSQL on the portal database", ChangeType::Normal, at(sunday, 22, 30), 1, &["pg-portal-01"], "Felix Wagner", "Database Admins"),
        plan("Grow the portal database's storage", ChangeType::Normal, at(sunday, 23, 0), 1, &["pg-portal-01"], "Lukas Weber", "Infrastructure Ops"),
        plan("Portal API release 4.13", ChangeType::Normal, at(sunday, 23, 15), 1, &["portal-api"], "Daniel Okafor", "Application Support"),
        plan("ERP database cumulative update", ChangeType::Normal, at(sunday, 22, 45), 1, &["sql-erp-01"], "Felix Wagner", "Database Admins"),
        plan("Rebuild indexes on the portal database", ChangeType::Standard, at(wednesday, 14, 0), 1, &["pg-portal-01"], "Felix Wagner", "Database Admins"),
        plan("Hypervisor firmware upgrade esx-ham-01", ChangeType::Normal, at(freeze + Duration::days(2), 20, 0), 3, &["esx-ham-01"], "Priya Nair", "Infrastructure Ops"),
        plan("Replace depot Wi-Fi access points, Rotterdam", ChangeType::Normal, at(wednesday + Duration::days(1), 18, 0), 4, &["mpls-wan"], "Sofia Rossi", "Network Team"),
    ];
    let portal = ws.conn().query_row("SELECT id FROM services WHERE name = 'Customer Shipment Portal'", [], |r| r.get::<_, i64>(0)).ok();
    for (k, p) in upcoming.iter().enumerate() {
        let id = create_change(ws, p)?.id;
        if let (Some(portal), 0..=2 | 4) = (portal, k) {
            links::create_link(ws, &NewLink { from: RecordRef { kind: RecordKind::Change, id: id.0 }, link_type: LinkType::Affects, to: RecordRef { kind: RecordKind::Service, id: portal } })?;
        }
        match k {
            0 | 1 | 3 => authorize(id, p.change_type, &[1, 1, 0, 0, 0, 1], &["Maria Keller", "Daniel Okafor"])?,
            4 => authorize(id, p.change_type, &[], &[])?,
            2 => {
                // A release at high risk waiting for the third of three CAB approvals.
                transition_change(ws, id, ChangeState::Assess)?;
                assess(id, &[2, 2, 1, 1, 1, 1])?;
                transition_change(ws, id, ChangeState::Authorize)?;
                approve(id, &["Maria Keller", "Daniel Okafor"])?;
            }
            _ => {
                transition_change(ws, id, ChangeState::Assess)?;
            }
        }
    }
    Ok(())
}

/// Problems opened from the recurring incidents the detection finds: one is a known error
/// with its analysis and workaround (and a change that will fix it), one is in root cause
/// analysis, one is new; further candidates are left for the consultant.
fn problem_management(ws: &Workspace) -> Result<()> {
    use crate::problems::detection::{detect, DetectionInput};
    use crate::problems::{create_problem, transition_problem, update_problem, CauseCategory, ProblemInput, ProblemState};
    let found = detect(ws, &DetectionInput { since: None, min_incidents: Some(6) })?;
    let owner = ws.conn().query_row("SELECT id FROM people WHERE name = 'Daniel Okafor'", [], |r| r.get::<_, i64>(0)).ok();
    for (k, c) in found.iter().take(3).enumerate() {
        let input = ProblemInput {
            title: format!("Recurring: {}", c.label),
            description: format!("{} incidents between {} and {}, found by the recurring-incident detection.", c.count, &c.first_opened[..10], &c.last_opened[..10]),
            priority: Some(3),
            owner_id: owner,
            ..Default::default()
        };
        let p = create_problem(ws, &input, &c.incident_ids)?;
        // The service and CI the clustered incidents were logged against.
        let first = c.incident_ids.first().copied().unwrap_or_default();
        let (service, ci): (Option<i64>, Option<i64>) = ws.conn().query_row("SELECT service_id, ci_id FROM incidents WHERE id = ?1", [first], |r| Ok((r.get(0)?, r.get(1)?)))?;
        for (kind, id) in [(RecordKind::Service, service), (RecordKind::Ci, ci)] {
            if let Some(id) = id {
                links::create_link(ws, &NewLink { from: RecordRef { kind: RecordKind::Problem, id: p.id.0 }, link_type: LinkType::Affects, to: RecordRef { kind, id } })?;
            }
        }
        if k == 2 {
            continue;
        }
        transition_problem(ws, p.id, ProblemState::Assessed)?;
        transition_problem(ws, p.id, ProblemState::RootCauseAnalysis)?;
        if k == 0 {
            update_problem(ws, p.id, &ProblemInput {
                five_whys: vec![
                    format!("Users keep reporting the same failure ({}).", c.label),
                    "The application node they were on restarts.".into(),
                    "The health check restarts nodes whose database pool is exhausted.".into(),
                    "Month-end reports hold connections for minutes.".into(),
                    "Reports run on the same pool as the users' transactions.".into(),
                ],
                ishikawa: vec![
                    CauseCategory { category: "Technology".into(), causes: vec!["One connection pool for reports and transactions".into(), "Aggressive health check".into()] },
                    CauseCategory { category: "Process".into(), causes: vec!["No capacity review before month-end".into()] },
                ],
                root_cause: "Reporting and transactions share the database connection pool; month-end reports exhaust it.".into(),
                workaround: "Restart the affected application node from the runbook (RB-17) and ask the user to retry; no data is lost.".into(),
                ..input
            })?;
            transition_problem(ws, p.id, ProblemState::KnownError)?;
            let title = if c.label.contains("erp") { "ERP database cumulative update" } else { "Portal API release 4.13" };
            let fix = ws.conn().query_row("SELECT id FROM changes WHERE title = ?1", [title], |r| r.get::<_, i64>(0)).ok();
            if let Some(fix) = fix {
                links::create_link(ws, &NewLink { from: RecordRef { kind: RecordKind::Problem, id: p.id.0 }, link_type: LinkType::FixedBy, to: RecordRef { kind: RecordKind::Change, id: fix } })?;
            }
        }
    }
    Ok(())
}

/// Hamburg's public holidays as an iCalendar file: the fixed ones as yearly rules, the
/// Easter-bound ones as dated events for each year.
fn hamburg_holidays_ics(from: i32, to: i32) -> String {
    let mut out = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Harbourside Logistics//Holidays Hamburg//EN\r\n");
    let mut event = |uid: String, date: chrono::NaiveDate, rule: &str, name: &str| {
        out.push_str(&format!("BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART;VALUE=DATE:{}\r\n{rule}SUMMARY:{name}\r\nEND:VEVENT\r\n", date.format("%Y%m%d")));
    };
    for (m, d, name) in [(1, 1, "New Year's Day"), (5, 1, "Labour Day"), (10, 3, "Day of German Unity"), (10, 31, "Reformation Day"), (12, 25, "Christmas Day"), (12, 26, "St Stephen's Day")] {
        if let Some(date) = chrono::NaiveDate::from_ymd_opt(from, m, d) {
            event(format!("{m}-{d}@harbourside"), date, "RRULE:FREQ=YEARLY\r\n", name);
        }
    }
    for y in from..=to {
        let easter = easter_sunday(y);
        for (offset, name) in [(-2, "Good Friday"), (1, "Easter Monday"), (39, "Ascension Day"), (50, "Whit Monday")] {
            event(format!("{y}-{offset}@harbourside"), easter + chrono::Duration::days(offset), "", name);
        }
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

/// Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm).
fn easter_sunday(y: i32) -> chrono::NaiveDate {
    let a = y % 19;
    let (b, c) = (y / 100, y % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    chrono::NaiveDate::from_ymd_opt(y, month as u32, day as u32).unwrap_or_default()
}

// name, category, service, fulfilment group, needs approval, description, tasks
const CATALOGUE: &[(&str, &str, &str, &str, bool, &str, &[&str])] = &[
    ("New laptop", "Hardware", "IT Service Desk", "Service Desk", true, "A standard business laptop with docking station, imaged and enrolled.",
        &["Approve cost centre", "Order from stock or supplier", "Image, encrypt and enrol", "Hand over and collect the old device"]),
    ("Software installation", "Software", "IT Service Desk", "Service Desk", false, "Install licensed software from the approved list.",
        &["Check the licence", "Install remotely"]),
    ("Access to a shared mailbox", "Access", "Email & Collaboration", "Service Desk", true, "Read or send-as access to a team mailbox; the mailbox owner approves.",
        &["Grant the access", "Confirm with the requester"]),
    ("ERP role change", "Access", "Finance & Invoicing (ERP)", "Application Support", true, "Add or remove an ERP role; segregation of duties is checked.",
        &["Check segregation of duties", "Change the role", "Confirm with the requester"]),
    ("New starter onboarding", "Onboarding", "IT Service Desk", "Service Desk", false, "Accounts, laptop, phone and badge for a new colleague.",
        &["Create accounts", "Prepare the laptop", "Order the mobile phone", "Book the induction"]),
    ("VPN token", "Access", "IT Service Desk", "Network Team", false, "A VPN profile and token for remote work.",
        &["Issue the token", "Send setup instructions"]),
];

/// One step of a request's life in the demo, replayed at its time.
enum Step {
    Raise { item: usize, by: usize },
    Decide { approve: bool },
    Task { index: usize },
    Close,
}

/// Requests over the last 90 days, replayed through the real use cases in time order, each
/// step by the person who would take it: raised by the requester, approved by the head of
/// IT, tasks done by the fulfilment group, closed three days after fulfilment. Some stall
/// (waiting for stock or for the requester), so the queues have a backlog.
fn service_requests(ws: &Workspace, groups: &HashMap<&str, GroupId>, services: &HashMap<&str, i64>) -> Result<()> {
    use crate::requests::{self, CatalogueItemInput, RequestId, RequestInput, RequestState, RequestTransition, TaskState, TaskTemplate, TaskUpdate};
    use crate::workspace::Actor;
    use chrono::{Duration, Timelike};
    let mut items = Vec::new();
    for (name, category, service, group, approval, description, tasks) in CATALOGUE {
        items.push(requests::create_catalogue_item(ws, &CatalogueItemInput {
            name: (*name).into(),
            description: (*description).into(),
            category: (*category).into(),
            service_id: services.get(service).copied(),
            fulfilment_group_id: groups.get(group).map(|g| g.0),
            needs_approval: *approval,
            active: true,
            tasks: tasks.iter().map(|t| TaskTemplate { title: (*t).into(), group_id: None, group: None }).collect(),
        })?);
    }
    let callers: Vec<(i64, &str)> = CALLERS
        .iter()
        .filter_map(|c| ws.conn().query_row("SELECT id FROM people WHERE name = ?1", [c], |r| r.get(0)).ok().map(|id| (id, *c)))
        .collect();
    let now = crate::time::now();
    let mut rng = crate::rng::Rng::new(20_240_902);
    let mut plan: Vec<(chrono::DateTime<chrono::Utc>, usize, Step)> = Vec::new();
    for n in 0..DEMO_REQUESTS {
        let item = rng.weighted(&[(30, 1usize), (25, 0), (15, 2), (10, 3), (12, 4), (8, 5)]);
        let day = now - Duration::days(rng.below(90) as i64);
        let mut t = day.with_hour(7 + rng.below(10) as u32).and_then(|d| d.with_minute(rng.below(60) as u32)).and_then(|d| d.with_second(0)).unwrap_or(day);
        if t > now {
            t = now - Duration::minutes(5 + rng.below(600) as i64);
        }
        plan.push((t, n, Step::Raise { item, by: rng.below(callers.len().max(1) as u64) as usize }));
        if CATALOGUE[item].4 {
            t += Duration::minutes(60 + rng.below(60 * 60) as i64);
            let approve = rng.below(12) != 0;
            plan.push((t, n, Step::Decide { approve }));
            if !approve {
                continue;
            }
        }
        let stalls_at = (rng.below(100) < 8).then(|| rng.below(CATALOGUE[item].6.len() as u64) as usize);
        for index in 0..CATALOGUE[item].6.len() {
            if stalls_at == Some(index) {
                break;
            }
            t += Duration::minutes(30 + rng.below(30 * 60) as i64);
            plan.push((t, n, Step::Task { index }));
        }
        if stalls_at.is_none() {
            plan.push((t + Duration::days(3), n, Step::Close));
        }
    }
    plan.retain(|(t, _, _)| *t <= now);
    plan.sort_by_key(|(t, n, _)| (*t, *n));

    let approver = Actor::parse("Maria Keller")?;
    let agents: HashMap<&str, Vec<Actor>> = AGENTS
        .iter()
        .map(|(g, people)| Ok((*g, people.iter().map(|p| Actor::parse(p)).collect::<Result<Vec<_>>>()?)))
        .collect::<Result<_>>()?;
    let mut raised: HashMap<usize, (RequestId, Vec<crate::requests::RequestTaskId>, &Actor)> = HashMap::new();
    for (t, n, step) in plan {
        match step {
            Step::Raise { item, by } => {
                let (requested_for, name) = callers.get(by).copied().unwrap_or((0, "Service Desk"));
                let requester = Actor::parse(name)?;
                let d = ws.replay_as(&requester, t, |tx| {
                    requests::raise_in(tx, &RequestInput {
                        item_id: items[item].id,
                        requested_for_id: (requested_for > 0).then_some(requested_for),
                        channel: "portal".into(),
                        ..Default::default()
                    })
                })?;
                let group = CATALOGUE[item].3;
                let team = agents.get(group).or_else(|| agents.get("Service Desk")).map(Vec::as_slice).unwrap_or_default();
                let agent = team.get(n % team.len().max(1)).unwrap_or(&approver);
                raised.insert(n, (d.request.id, d.tasks.iter().map(|t| t.id).collect(), agent));
            }
            Step::Decide { approve } => {
                let (id, _, _) = &raised[&n];
                let (to, note) = if approve {
                    (RequestState::InFulfilment, "Approved; cost centre confirmed.")
                } else {
                    (RequestState::Rejected, "Not covered by the cost centre budget; please reapply next quarter.")
                };
                ws.replay_as(&approver, t, |tx| requests::transition_in(tx, *id, &RequestTransition { to, note: note.into() }))?;
            }
            Step::Task { index } => {
                let (_, tasks, agent) = &raised[&n];
                ws.replay_as(agent, t, |tx| requests::update_task_in(tx, tasks[index], &TaskUpdate { state: TaskState::Done, assignee_id: None }))?;
            }
            Step::Close => {
                let (id, _, agent) = &raised[&n];
                ws.replay_as(agent, t, |tx| requests::transition_in(tx, *id, &RequestTransition { to: RequestState::Closed, note: String::new() }))?;
            }
        }
    }
    Ok(())
}

/// How many service requests the demo engagement carries.
pub const DEMO_REQUESTS: usize = 400;

const ARTICLES: &[(&str, &str)] = &[
    ("Outlook keeps asking for the password", "Cause: a stale token after the password change.\n1. Close Outlook.\n2. Windows Credential Manager: remove entries starting with MicrosoftOffice.\n3. Start Outlook and sign in once.\nIf it persists, check the account is not locked in Entra ID."),
    ("Label printing fails for parcel bookings", "Workaround: reprint from Bookings > History > Reprint label.\nThe label service times out when the Zebra print server queue holds more than 500 jobs; clear the queue on prt-ham-01.\nKnown error KE-0042, permanent fix planned with the portal 4.13 release."),
    ("Scanners cannot sync picks", "Check the scanner is on the depot Wi-Fi (SSID HSL-DEPOT), not the guest network.\nRestart the sync agent from the scanner menu: Settings > WMS > Restart sync.\nIf several scanners fail at once, the WMS API is down: escalate to Application Support."),
    ("Depot VPN drops every few minutes", "Update the FortiClient to 7.4 and disable IPv6 on the adapter.\nOn site routers, check the MPLS circuit TN-MPLS-4471 with TelcoNet (+49 800 5550 800)."),
    ("New starter has no accounts", "Accounts are created by the HR onboarding workflow on the start date minus 3 days.\nCheck the HR record is complete (cost centre, manager); then re-run the workflow from the HR portal."),
    ("Laptop will not boot after update", "Hold the power button 15 s, then boot with F8 into recovery > Uninstall latest quality update.\nBitLocker recovery keys are in Entra ID under the device."),
];

/// How many incidents the demo engagement carries.
pub const DEMO_INCIDENTS: usize = 2000;

/// Recent incidents, as a ServiceNow event log the consultant was handed: (service, CI,
/// group, titles). Loaded through the real import, so they carry a true history.
const INCIDENT_THEMES: &[(&str, &str, &str, &[&str])] = &[
    ("Customer Shipment Portal", "shipment-portal", "Application Support", &[
        "Label printing fails for parcel bookings", "Booking page times out at checkout", "Customer cannot reset portal password",
        "Tracking page shows wrong ETA", "Portal slow during morning peak", "Invoice PDF download returns error 500",
    ]),
    ("Warehouse Management", "wms-core", "Application Support", &[
        "Scanners cannot sync picks in Rotterdam", "Put-away list empty after restart", "Dispatch labels print twice", "WMS login hangs for depot staff",
    ]),
    ("Fleet Tracking", "trackpoint-saas", "Application Support", &[
        "Truck positions not updating", "Temperature alerts missing for reefer trailers", "ETA feed delayed by 30 minutes",
    ]),
    ("Finance & Invoicing (ERP)", "erp-app", "Application Support", &[
        "Invoice run stopped at 60%", "Cannot post journal in period 11", "Credit note approval stuck in workflow",
    ]),
    ("Email & Collaboration", "m365-tenant", "Service Desk", &[
        "Outlook keeps asking for the password", "Shared mailbox not visible", "Teams meeting audio drops", "Cannot send a large attachment",
    ]),
    ("Payroll", "erp-app", "Application Support", &["Payslip shows the wrong tax class", "Payroll export to the bank rejected"]),
    ("IT Service Desk", "desk-phone-system", "Service Desk", &["Desk phone queue not ringing", "Laptop will not boot after update", "New starter has no accounts"]),
    ("Customer Shipment Portal", "mpls-wan", "Network Team", &["Depot VPN drops every few minutes", "Wi-Fi in the Milan depot unstable"]),
];

const CALLERS: &[&str] = &[
    "Lena Vogt", "Marco Bianchi", "Sanne de Vries", "Ole Jensen", "Clara Hoffmann", "Pieter Bakker", "Giulia Romano", "Jan Novak",
    "Chen Wei", "Hannah Fischer",
];

const AGENTS: &[(&str, &[&str])] = &[
    ("Service Desk", &["Jonas Brandt", "Aylin Demir", "Tom Hughes"]),
    ("Application Support", &["Daniel Okafor", "Emma Larsen"]),
    ("Network Team", &["Sofia Rossi"]),
];

/// The demo's incident history: `count` incidents opened over the year before `now`. The
/// year tells a story the SLA trend shows: from about seven to four months ago Application
/// Support was two people short and resolutions took twice as long; then it recovered.
pub fn incident_event_log(now: chrono::DateTime<chrono::Utc>, count: usize) -> String {
    use chrono::{Duration, Timelike};
    let mut rng = crate::rng::Rng::new(20_240_301);
    let mut out = String::from("number,incident_state,short_description,description,caller_id,opened_at,sys_updated_by,sys_updated_at,contact_type,category,subcategory,business_service,cmdb_ci,impact,urgency,priority,assignment_group,assigned_to,close_code,close_notes,resolved_at,closed_at,reassignment_count,reopen_count\n");
    let fmt = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%d %H:%M:%S").to_string();
    let channels = ["Phone", "Email", "Self service", "Chat", "Phone", "Self service", "Monitoring"];
    let matrix = [[1, 2, 3], [2, 3, 4], [3, 4, 5]];
    for i in 0..count {
        let (service, ci, group, titles) = INCIDENT_THEMES[rng.below(INCIDENT_THEMES.len() as u64) as usize];
        let title = titles[rng.below(titles.len() as u64) as usize];
        let caller = CALLERS[rng.below(CALLERS.len() as u64) as usize];
        let agents = AGENTS.iter().find(|(g, _)| *g == group).map(|(_, a)| *a).unwrap_or(&["Jonas Brandt"]);
        let agent = agents[rng.below(agents.len() as u64) as usize];
        let age = rng.below(365) as i64;
        let day = now - Duration::days(age);
        let opened = day.with_hour(7 + rng.below(11) as u32).and_then(|d| d.with_minute(rng.below(60) as u32)).and_then(|d| d.with_second(0)).unwrap_or(day);
        let (impact, urgency) = (1 + rng.below(3) as usize, 1 + rng.below(3) as usize);
        let priority = matrix[impact - 1][urgency - 1];
        let level = |n: usize| ["1 - High", "2 - Medium", "3 - Low"][n - 1];
        let plevel = ["1 - Critical", "2 - High", "3 - Moderate", "4 - Low", "5 - Planning"][priority - 1];
        let channel = if ci == "trackpoint-saas" && rng.below(2) == 0 { "Monitoring" } else { channels[rng.below(channels.len() as u64) as usize] };
        let number = format!("INC{:07}", 10_000 + i);
        let description = format!("{title}. Reported by {caller} via {}.", channel.to_lowercase());
        let mut row = |state: &str, at: chrono::DateTime<chrono::Utc>, by: &str, assignee: &str, code: &str, notes: &str, resolved: &str, closed: &str, reopen: u32| {
            if at > now {
                return false;
            }
            out.push_str(&format!(
                "{number},{state},\"{title}\",\"{description}\",{caller},{},{by},{},{channel},{service},{title},{service},{ci},{},{},{plevel},{group},{assignee},{code},\"{notes}\",{resolved},{closed},0,{reopen}\n",
                fmt(opened), fmt(at), level(impact), level(urgency),
            ));
            true
        };
        if !row("New", opened, caller, "", "", "", "", "", 0) {
            continue;
        }
        // Half of what reaches the desk directly is solved while the caller is still there.
        if group == "Service Desk" && rng.below(2) == 0 {
            let t = opened + Duration::minutes(4 + rng.below(35) as i64);
            let resolved = fmt(t);
            if row("Resolved", t, agent, agent, "Solved (Permanently)", "Solved on the first call", &resolved, "", 0) {
                let closed_at = t + Duration::days(3);
                row("Closed", closed_at, "system", agent, "Solved (Permanently)", "Solved on the first call", &resolved, &fmt(closed_at), 0);
            }
            continue;
        }
        let short_staffed = group == "Application Support" && (120..210).contains(&age);
        let slow = if short_staffed { 2 } else { 1 };
        // The desk picks up urgent work faster.
        let pickup = match priority {
            1 => 2 + rng.below(25),
            2 => 5 + rng.below(45),
            _ => 5 + rng.below(80),
        };
        let mut t = opened + Duration::minutes(pickup as i64 * slow);
        if !row("In Progress", t, agent, agent, "", "", "", "", 0) {
            continue;
        }
        if rng.below(5) == 0 {
            t += Duration::minutes(30 + rng.below(300) as i64);
            if !row("Awaiting User Info", t, agent, agent, "", "", "", "", 0) {
                continue;
            }
            t += Duration::hours(4 + rng.below(30) as i64);
            if !row("In Progress", t, agent, agent, "", "", "", "", 0) {
                continue;
            }
        }
        let hours = match priority {
            1 => 1 + rng.below(3),
            2 => 2 + rng.below(20),
            3 => 8 + rng.below(60),
            _ => 24 + rng.below(140),
        };
        t += Duration::hours(hours as i64 * slow);
        let workaround = rng.below(4) == 0;
        let (code, notes) = if workaround { ("Solved (Work Around)", "Workaround given; root cause passed to problem management") } else { ("Solved (Permanently)", "Fixed and confirmed with the caller") };
        let resolved = fmt(t);
        if !row("Resolved", t, agent, agent, code, notes, &resolved, "", 0) {
            continue;
        }
        let closed_at = t + Duration::days(3);
        row("Closed", closed_at, "system", agent, code, notes, &resolved, &fmt(closed_at), 0);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn easter() {
        let e: Vec<String> = [2024, 2025, 2026, 2027].map(|y| super::easter_sunday(y).to_string()).to_vec();
        assert_eq!(e, ["2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28"]);
    }
}
