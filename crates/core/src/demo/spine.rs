//! The spine of the demo: its support groups, people, vendors, services, configuration
//! items and their relations.


use crate::cis::{CiType, Environment, Lifecycle};
use crate::links::LinkType;
use crate::services::{Criticality, ServiceStatus};

pub(crate) const GROUPS: &[(&str, &str, &str)] = &[
    ("Service Desk", "servicedesk@harbourside.example", "First line: calls, chats and portal tickets, 07:00-19:00 CET."),
    ("Infrastructure Ops", "infra@harbourside.example", "Servers, storage, virtualisation and backups in both data centres."),
    ("Network Team", "network@harbourside.example", "WAN, depot LANs, firewalls and VPN."),
    ("Application Support", "appsupport@harbourside.example", "Second line for the ERP, warehouse and tracking applications."),
    ("Database Admins", "dba@harbourside.example", "PostgreSQL and SQL Server estates."),
    ("Information Security", "security@harbourside.example", "Security operations, vulnerability management and access reviews."),
];

// name, email, phone, title, groups
pub(crate) const PEOPLE: &[(&str, &str, &str, &str, &[&str])] = &[
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

pub(crate) const VENDORS: &[(&str, &str, &str, &str, &str)] = &[
    ("Nordcloud Hosting GmbH", "Stefan Berg", "support@nordcloud-hosting.example", "+49 69 5550 7000", "https://nordcloud-hosting.example"),
    ("TelcoNet Business", "Account desk", "business@telconet.example", "+49 800 5550 800", "https://telconet.example"),
    ("ERPSys AG", "Claudia Meier", "support@erpsys.example", "+41 44 5550 900", "https://erpsys.example"),
    ("TrackPoint Telematics", "Ravi Patel", "help@trackpoint.example", "+44 161 5550 600", "https://trackpoint.example"),
];

// name, owner, criticality, status, description
pub(crate) const SERVICES: &[(&str, &str, Criticality, ServiceStatus, &str)] = &[
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
pub(crate) const CIS: &[(&str, CiType, Environment, &str, Lifecycle, &[(&str, &str)])] = &[
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
pub(crate) const CI_LINKS: &[(&str, LinkType, &str)] = &[
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
pub(crate) const SERVICE_LINKS: &[(&str, LinkType, &str)] = &[
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

/// The business users who call the desk and raise requests.
pub(crate) const CALLERS: &[&str] = &[
    "Lena Vogt", "Marco Bianchi", "Sanne de Vries", "Ole Jensen", "Clara Hoffmann", "Pieter Bakker", "Giulia Romano", "Jan Novak",
    "Chen Wei", "Hannah Fischer",
];

pub(crate) const AGENTS: &[(&str, &[&str])] = &[
    ("Service Desk", &["Jonas Brandt", "Aylin Demir", "Tom Hughes"]),
    ("Application Support", &["Daniel Okafor", "Emma Larsen"]),
    ("Network Team", &["Sofia Rossi"]),
];
