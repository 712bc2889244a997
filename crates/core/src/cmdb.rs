//! ServiceNow CMDB list exports into the CI register (`cmdb_ci` and its classes) and the
//! service register (`cmdb_ci_service`, business and technical services).
//!
//! A row is matched to an existing record by name (CIs: name and environment), ignoring
//! case, and updated, or created. Columns Steward has no field for are kept as the CI's
//! attributes under their own header, so nothing in the export is lost; a class, status or
//! environment value that does not map is kept next to the mapped one.

pub mod inventory;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::workspace::Action;
use crate::cis::{CiType, Environment, Lifecycle};
use crate::error::Result;
use crate::import::history::{self, ImportId};
use crate::import::{field, Headers, ImportReport, Table};
use crate::references::References;
use crate::labelled_enum;
use crate::record::{RecordKind, RecordRef};
use crate::services::{Criticality, ServiceStatus};
use crate::validate;
use crate::workspace::{Tx, Workspace};

labelled_enum!(
    CmdbRegister {
        Cis = "cis": "Configuration items",
        Services = "services": "Services",
    }
);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct CmdbImportReport {
    #[serde(flatten)]
    pub report: ImportReport,
    /// Owners and groups named in the file that were not in the directory, by table.
    pub references_created: BTreeMap<String, u64>,
}

/// Cells that mean "no value" in ServiceNow exports.
fn val(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty() && s != "?" && !s.eq_ignore_ascii_case("null")).then_some(s)
}

/// The words of a ServiceNow value: "1 - Operational" → "operational", "cmdb_ci_linux_server" → "linux server".
fn words(s: &str) -> String {
    let s = s.trim();
    let s = match s.split_once(" - ") {
        Some((n, rest)) if n.trim().chars().all(|c| c.is_ascii_digit()) => rest,
        _ => s,
    };
    let s = s.strip_prefix("cmdb_ci_").or_else(|| s.strip_prefix("cmdb_")).unwrap_or(s);
    s.replace(['_', '-'], " ").to_lowercase()
}

fn has(w: &str, any: &[&str]) -> bool {
    w.split(' ').any(|t| any.contains(&t))
}

/// A CI class (table name or its label) to Steward's CI type.
pub fn ci_type(class: &str) -> CiType {
    let w = words(class);
    if has(&w, &["vm", "vmware", "virtual", "hyper", "kvm"]) || w.contains("virtual machine") {
        CiType::VirtualMachine
    } else if has(&w, &["db", "database", "mssql", "oracle", "ora", "mysql", "postgresql", "postgres", "db2", "sybase", "mongodb"]) {
        CiType::Database
    } else if has(&w, &["docker", "container", "kubernetes", "k8s", "pod", "openshift"]) {
        CiType::Container
    } else if has(&w, &["cloud", "aws", "azure", "gcp", "saas", "paas"]) {
        CiType::CloudService
    } else if has(&w, &["server", "esx", "mainframe", "unix", "linux", "win", "aix", "solaris", "hpux"]) {
        CiType::Server
    } else if has(&w, &["appl", "application", "app", "web", "tomcat", "jboss", "websphere", "weblogic", "iis", "apache", "software"]) {
        CiType::Application
    } else if has(&w, &["router", "switch", "firewall", "lb", "network", "netgear", "ip", "wap", "vpn", "dns", "balancer", "gateway"]) {
        CiType::NetworkDevice
    } else if has(&w, &["storage", "san", "nas", "disk", "fc", "volume", "array"]) {
        CiType::Storage
    } else if has(&w, &["computer", "pc", "laptop", "desktop", "workstation", "printer", "handheld", "phone", "mobile", "tablet"]) {
        CiType::Endpoint
    } else {
        CiType::Other
    }
}

/// An environment value; `None` when it names none Steward knows.
pub fn environment(value: &str) -> Option<Environment> {
    let w = words(value);
    Some(match w.as_str() {
        "production" | "prod" | "live" | "prd" => Environment::Production,
        "dr" | "disaster recovery" | "disaster" | "dr standby" => Environment::DisasterRecovery,
        "staging" | "stage" | "pre production" | "preproduction" | "preprod" | "pre prod" => Environment::Staging,
        "test" | "testing" | "qa" | "uat" | "acceptance" | "tst" => Environment::Test,
        "development" | "dev" | "develop" | "sandbox" | "lab" => Environment::Development,
        _ => return None,
    })
}

/// Operational / install status to lifecycle; `None` when it maps to nothing known.
pub fn lifecycle(value: &str) -> Option<Lifecycle> {
    let w = words(value);
    Some(match w.as_str() {
        "operational" | "installed" | "in use" | "active" | "dr standby" | "ready" | "live" => Lifecycle::Operational,
        "non operational" | "repair in progress" | "in maintenance" | "maintenance" | "in repair" => Lifecycle::Maintenance,
        "pending install" | "in build" | "build" | "being assembled" | "pending" => Lifecycle::InBuild,
        "on order" | "in stock" | "pipeline" | "planned" | "requested" => Lifecycle::Planned,
        "retired" | "absent" | "stolen" | "disposed" | "decommissioned" | "missing" | "pending retirement" => Lifecycle::Retired,
        _ => return None,
    })
}

/// ServiceNow's business criticality ("1 - most critical" ... "4 - not critical") or a plain word.
pub fn criticality(value: &str) -> Option<Criticality> {
    let v = value.trim();
    if let Some(n) = v.split(" - ").next().and_then(|n| n.trim().parse::<u8>().ok()) {
        return match n {
            1 => Some(Criticality::Critical),
            2 => Some(Criticality::High),
            3 => Some(Criticality::Medium),
            4 | 5 => Some(Criticality::Low),
            _ => None,
        };
    }
    match words(v).as_str() {
        "most critical" | "critical" | "very high" => Some(Criticality::Critical),
        "somewhat critical" | "high" => Some(Criticality::High),
        "less critical" | "medium" | "moderate" => Some(Criticality::Medium),
        "not critical" | "low" | "very low" => Some(Criticality::Low),
        _ => None,
    }
}

/// A service's status from its operational or portfolio status.
pub fn service_status(value: &str) -> Option<ServiceStatus> {
    Some(match words(value).as_str() {
        "operational" | "installed" | "live" | "catalog" | "catalogue" | "in use" | "active" | "ready" => ServiceStatus::Live,
        "pipeline" | "planned" | "pending install" | "in build" | "requested" => ServiceStatus::Pipeline,
        "retiring" | "pending retirement" | "non operational" => ServiceStatus::Retiring,
        "retired" | "absent" | "decommissioned" => ServiceStatus::Retired,
        _ => return None,
    })
}

/// Columns that describe the export itself, not the CI: never attributes.
const BOOKKEEPING: &[&str] = &["sys_mod_count", "sys_updated_by", "sys_updated_on", "sys_created_by", "sys_created_on", "sys_tags", "sys_domain", "sys_domain_path"];

/// What a column of a CMDB export can be mapped to (the mapping step): the register's
/// fields, or [`ATTRIBUTE`] for a column kept as the CI's attribute under its own header.
pub fn fields(register: CmdbRegister) -> Vec<(&'static str, bool)> {
    match register {
        CmdbRegister::Cis => vec![("name", true), ("type", false), ("environment", false), ("lifecycle", false), ("owner", false), (ATTRIBUTE, false)],
        CmdbRegister::Services => vec![("name", true), ("criticality", false), ("status", false), ("owner", false), ("description", false)],
    }
}

/// The field any number of a CI export's columns may feed: each is kept as an attribute
/// named by its header.
pub const ATTRIBUTE: &str = "attribute";

/// Imports a CMDB export. With `opts.mapping` (the field each column feeds, from
/// [`fields`]) the user's mapping is read, and a CI column left out is not kept; without
/// it the export's own column names are, and every other column is an attribute.
pub fn import_cmdb(ws: &Workspace, register: CmdbRegister, path: &Path, opts: &crate::import::ImportOptions) -> Result<CmdbImportReport> {
    let table = Table::read_with(path, &opts.progress)?;
    let mapping = opts.mapping.as_deref();
    let format = match register {
        CmdbRegister::Cis => "servicenow-cmdb_ci",
        CmdbRegister::Services => "servicenow-service",
    };
    let mut report = CmdbImportReport { report: ImportReport::new(format), ..Default::default() };
    let file = path.display().to_string();
    ws.write(|tx| {
        let run = history::begin(tx, register.as_str(), format, &file, &table.sha256)?;
        let mut refs = References::default();
        match register {
            CmdbRegister::Cis => import_cis(tx, run, &table, CiColumns::of(&table.headers, path, mapping)?, &mut refs, &mut report.report)?,
            CmdbRegister::Services => import_services(tx, run, &table, ServiceColumns::of(&table.headers, path, mapping)?, &mut refs, &mut report.report)?,
        }
        history::finish(tx, run, &report.report)?;
        report.references_created = refs.created().clone();
        let action = match register {
            CmdbRegister::Cis => Action::did("cis.imported"),
            CmdbRegister::Services => Action::did("services.imported"),
        };
        tx.audit(action, RecordRef::new(RecordKind::Import, run.0), serde_json::json!({
            "file": file, "sha256": table.sha256, "format": format, "import": run.0, "rows_read": report.report.rows_read,
            "created": report.report.created, "updated": report.report.updated, "unchanged": report.report.unchanged, "rejected": report.report.rejected,
            "references_created": report.references_created,
        }))
    })?;
    Ok(report)
}

/// What one row did.
enum RowOutcome {
    Created,
    Updated,
    Unchanged,
    /// The row's problem, reported against its column.
    Rejected(&'static str, String),
}

/// Runs `f` on every row, counting what the rows did into `report`.
fn each_row(t: &Table, report: &mut ImportReport, mut f: impl FnMut(&csv::StringRecord) -> Result<RowOutcome>) -> Result<()> {
    t.each(|row, rec| {
        report.rows_read += 1;
        match f(rec)? {
            RowOutcome::Created => report.created += 1,
            RowOutcome::Updated => report.updated += 1,
            RowOutcome::Unchanged => report.unchanged += 1,
            RowOutcome::Rejected(col, msg) => report.reject(row, Some(col), msg),
        }
        Ok(())
    })
}

/// The record's name from the row, or why there is none usable.
fn row_name(rec: &csv::StringRecord, col: usize) -> std::result::Result<String, RowOutcome> {
    let n = val(field(rec, Some(col))).ok_or_else(|| RowOutcome::Rejected("name", "the name is empty".into()))?;
    validate::name("name", n, 200).map_err(|e| RowOutcome::Rejected("name", e.to_string()))
}

/// The column a user's mapping gives `field`, if any.
fn mapped_to(mapping: &[Option<String>], field: &str) -> Option<usize> {
    mapping.iter().position(|m| m.as_deref() == Some(field))
}

/// The column a user's mapping gives a required field, or why the file cannot be read.
fn mapped_required(mapping: &[Option<String>], field: &str, path: &Path) -> Result<usize> {
    mapped_to(mapping, field).ok_or_else(|| crate::import::file_error(path, format!("no column is mapped to {field}")))
}

/// Where the CI fields sit in a file, and the columns kept as attributes.
struct CiColumns {
    name: usize,
    class: Option<usize>,
    env: Option<usize>,
    status: Option<usize>,
    owner: Option<usize>,
    attributes: Vec<usize>,
}

impl CiColumns {
    fn find(h: &Headers, path: &Path) -> Result<Self> {
        let mut c = CiColumns {
            name: h.require(path, &["name", "display_name"])?,
            class: h.column(&["sys_class_name", "class", "ci_class"]),
            env: h.column(&["environment", "used_for", "u_environment"]),
            status: h.column(&["install_status", "operational_status", "hardware_status", "status"]),
            owner: h.column(&["owned_by", "managed_by", "assigned_to", "owner"]),
            attributes: vec![],
        };
        let mapped: Vec<usize> = c.mapped().into_iter().map(|(i, _)| i).collect();
        c.attributes = (0..h.names().len()).filter(|i| !mapped.contains(i) && !BOOKKEEPING.contains(&h.names()[*i].as_str())).collect();
        Ok(c)
    }

    /// From the user's mapping when there is one, else from the export's own names.
    fn of(h: &Headers, path: &Path, mapping: Option<&[Option<String>]>) -> Result<Self> {
        let Some(m) = mapping else { return Self::find(h, path) };
        Ok(CiColumns {
            name: mapped_required(m, "name", path)?,
            class: mapped_to(m, "type"),
            env: mapped_to(m, "environment"),
            status: mapped_to(m, "lifecycle"),
            owner: mapped_to(m, "owner"),
            attributes: m.iter().enumerate().filter(|(_, f)| f.as_deref() == Some(ATTRIBUTE)).map(|(i, _)| i).collect(),
        })
    }

    fn mapped(&self) -> Vec<(usize, &'static str)> {
        [(Some(self.name), "name"), (self.class, "type"), (self.env, "environment"), (self.status, "lifecycle"), (self.owner, "owner")]
            .into_iter()
            .filter_map(|(i, f)| i.map(|i| (i, f)))
            .collect()
    }
}

/// Where the service fields sit in a file.
struct ServiceColumns {
    name: usize,
    crit: Option<usize>,
    status: Option<usize>,
    owner: Option<usize>,
    desc: Option<usize>,
}

impl ServiceColumns {
    fn find(h: &Headers, path: &Path) -> Result<Self> {
        Ok(ServiceColumns {
            name: h.require(path, &["name", "display_name"])?,
            crit: h.column(&["busines_criticality", "business_criticality", "criticality", "u_criticality"]),
            status: h.column(&["operational_status", "portfolio_status", "install_status", "status", "service_status"]),
            owner: h.column(&["owned_by", "managed_by", "owner", "service_owner"]),
            desc: h.column(&["short_description", "description", "comments"]),
        })
    }

    /// From the user's mapping when there is one, else from the export's own names.
    fn of(h: &Headers, path: &Path, mapping: Option<&[Option<String>]>) -> Result<Self> {
        let Some(m) = mapping else { return Self::find(h, path) };
        Ok(ServiceColumns {
            name: mapped_required(m, "name", path)?,
            crit: mapped_to(m, "criticality"),
            status: mapped_to(m, "status"),
            owner: mapped_to(m, "owner"),
            desc: mapped_to(m, "description"),
        })
    }
}

/// The columns of a file an import into `register` would use, and what for; for CIs every
/// other column (but the export's bookkeeping) becomes an attribute.
pub fn columns_used(h: &Headers, path: &Path, register: CmdbRegister) -> Result<Vec<(usize, &'static str)>> {
    Ok(match register {
        CmdbRegister::Cis => {
            let c = CiColumns::find(h, path)?;
            let mut used = c.mapped();
            used.extend(c.attributes.iter().map(|i| (*i, ATTRIBUTE)));
            used.sort();
            used
        }
        CmdbRegister::Services => {
            let c = ServiceColumns::find(h, path)?;
            [(Some(c.name), "name"), (c.crit, "criticality"), (c.status, "status"), (c.owner, "owner"), (c.desc, "description")]
                .into_iter()
                .filter_map(|(i, f)| i.map(|i| (i, f)))
                .collect()
        }
    })
}

fn import_cis(tx: &Tx<'_>, run: ImportId, t: &Table, columns: CiColumns, refs: &mut References, report: &mut ImportReport) -> Result<()> {
    let CiColumns { name, class, env, status, owner, attributes } = columns;
    let headers: Vec<String> = t.headers.names().to_vec();
    each_row(t, report, |rec| {
        let n = match row_name(rec, name) {
            Ok(n) => n,
            Err(rejected) => return Ok(rejected),
        };
        let environment = match val(field(rec, env)) {
            None => Environment::Production,
            Some(v) => match environment(v) {
                Some(e) => e,
                None => return Ok(RowOutcome::Rejected("environment", format!("\"{v}\" is not an environment Steward knows (production, DR, staging, test, development)"))),
            },
        };
        let mut attrs: BTreeMap<String, String> = BTreeMap::new();
        for &c in &attributes {
            if let Some(v) = val(field(rec, Some(c))) {
                attrs.insert(headers[c].clone(), v.chars().take(1000).collect());
            }
        }
        let class_value = val(field(rec, class));
        let ci_type = class_value.map(ci_type).unwrap_or(CiType::Other);
        if let Some(c) = class_value {
            attrs.insert("class".into(), c.to_string());
        }
        let status_value = val(field(rec, status));
        let lifecycle = status_value.and_then(lifecycle).unwrap_or(Lifecycle::Operational);
        if let Some(s) = status_value.filter(|s| self::lifecycle(s).is_none()) {
            attrs.insert("status".into(), s.to_string());
        }
        let owner_id = refs.resolve(tx, RecordKind::Person, val(field(rec, owner)))?.map(|(id, _)| id);
        let attributes = serde_json::to_string(&attrs).unwrap_or_else(|_| "{}".into());
        let row = crate::cis::ImportedCi { name: &n, environment, ci_type, owner_id, lifecycle, attributes: &attributes };
        Ok(written(crate::cis::write_imported(tx, run, &row)?))
    })
}

/// What an owner's import writer did, as a row's outcome.
fn written(o: crate::import::Outcome) -> RowOutcome {
    match o {
        crate::import::Outcome::Created => RowOutcome::Created,
        crate::import::Outcome::Updated => RowOutcome::Updated,
        crate::import::Outcome::Unchanged => RowOutcome::Unchanged,
    }
}

fn import_services(tx: &Tx<'_>, run: ImportId, t: &Table, columns: ServiceColumns, refs: &mut References, report: &mut ImportReport) -> Result<()> {
    let ServiceColumns { name, crit, status, owner, desc } = columns;
    each_row(t, report, |rec| {
        let n = match row_name(rec, name) {
            Ok(n) => n,
            Err(rejected) => return Ok(rejected),
        };
        let criticality = match val(field(rec, crit)) {
            None => Criticality::Medium,
            Some(v) => match criticality(v) {
                Some(c) => c,
                None => return Ok(RowOutcome::Rejected("busines_criticality", format!("\"{v}\" is not a criticality (1 - most critical ... 4 - not critical)"))),
            },
        };
        let status = match val(field(rec, status)) {
            None => ServiceStatus::Live,
            Some(v) => match service_status(v) {
                Some(s) => s,
                None => return Ok(RowOutcome::Rejected("operational_status", format!("\"{v}\" is not a service status Steward knows"))),
            },
        };
        let description = match validate::text("description", val(field(rec, desc)).unwrap_or(""), 20_000) {
            Ok(d) => d,
            Err(e) => return Ok(RowOutcome::Rejected("short_description", e.to_string())),
        };
        let owner_id = refs.resolve(tx, RecordKind::Person, val(field(rec, owner)))?.map(|(id, _)| id);
        let row = crate::services::ImportedService { name: &n, owner_id, criticality, status, description: &description };
        Ok(written(crate::services::write_imported(tx, run, &row)?))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cis::list_cis;
    use crate::import::{list_imports, undo_import};
    use crate::list::ListRequest;

    const CMDB_CI: &str = "\u{feff}name,sys_class_name,operational_status,install_status,environment,owned_by,ip_address,os,sys_id,sys_mod_count,serial_number
lnx-web-01,cmdb_ci_linux_server,1 - Operational,Installed,Production,Ana Lima,10.0.4.11,Linux Red Hat,0a1b2c,14,?
lnx-web-01,Linux Server,Operational,Installed,Development,Ana Lima,10.9.4.11,Linux Red Hat,0a1b2d,3,
ORA-HR-PRD,Oracle Instance,Operational,Installed,Production,,,,11aa,2,
vm-build-7,VMware Virtual Machine Instance,2 - Non-Operational,In Maintenance,Test,Ben Ode,,,22bb,1,
core-sw-1,IP Switch,,Installed,Production,Ben Ode,10.0.0.2,,33cc,1,SN-1
lap-0042,Computer,Operational,Stolen,Production,,,,44dd,1,
mystery,u_cmdb_ci_widget,Operational,Installed,,,,,55ee,1,
,Linux Server,Operational,Installed,Production,,,,66ff,1,
odd-env,Linux Server,Operational,Installed,Moonbase,,,,77aa,1,
";

    #[test]
    fn servicenow_cmdb_exports_fill_the_ci_register_and_undo() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Kim", crate::testing::NOW);
        let f = d.path().join("cmdb_ci.csv");
        std::fs::write(&f, CMDB_CI).unwrap();
        let r = import_cmdb(&ws, CmdbRegister::Cis, &f, &Default::default()).unwrap();
        assert_eq!((r.report.rows_read, r.report.created, r.report.updated, r.report.rejected), (9, 7, 0, 2));
        assert_eq!(r.report.errors.iter().map(|e| (e.row, e.column.as_deref().unwrap())).collect::<Vec<_>>(), [(8, "name"), (9, "environment")]);
        assert_eq!(r.references_created["people"], 2);
        let cis = list_cis(&ws, &ListRequest::default()).unwrap().items;
        let by = |n: &str, e: Environment| cis.iter().find(|c| c.name == n && c.environment == e).unwrap();
        let web = by("lnx-web-01", Environment::Production);
        assert_eq!((web.ci_type, web.lifecycle, web.owner_name.as_str()), (CiType::Server, Lifecycle::Operational, "Ana Lima"));
        assert_eq!(web.attributes.get("ip_address").map(String::as_str), Some("10.0.4.11"));
        assert_eq!(web.attributes.get("class").map(String::as_str), Some("cmdb_ci_linux_server"));
        assert!(!web.attributes.contains_key("sys_mod_count") && !web.attributes.contains_key("serial_number"), "bookkeeping and '?' are not attributes");
        assert_eq!(by("lnx-web-01", Environment::Development).ci_type, CiType::Server);
        assert_eq!(by("ORA-HR-PRD", Environment::Production).ci_type, CiType::Database);
        let vm = by("vm-build-7", Environment::Test);
        assert_eq!((vm.ci_type, vm.lifecycle), (CiType::VirtualMachine, Lifecycle::Maintenance));
        assert_eq!(by("core-sw-1", Environment::Production).ci_type, CiType::NetworkDevice);
        let lap = by("lap-0042", Environment::Production);
        assert_eq!((lap.ci_type, lap.lifecycle), (CiType::Endpoint, Lifecycle::Retired));
        let odd = by("mystery", Environment::Production);
        assert_eq!((odd.ci_type, odd.attributes.get("class").map(String::as_str)), (CiType::Other, Some("u_cmdb_ci_widget")));

        // The same file again changes nothing; a changed file updates in place.
        let again = import_cmdb(&ws, CmdbRegister::Cis, &f, &Default::default()).unwrap();
        assert_eq!((again.report.created, again.report.updated), (0, 0));
        std::fs::write(&f, CMDB_CI.replace("10.0.4.11", "10.0.4.99")).unwrap();
        let changed = import_cmdb(&ws, CmdbRegister::Cis, &f, &Default::default()).unwrap();
        assert_eq!((changed.report.created, changed.report.updated), (0, 1));

        let runs = list_imports(&ws).unwrap();
        assert_eq!(runs.len(), 3);
        let u = undo_import(&ws, runs[0].id).unwrap();
        assert_eq!((u.restored, u.removed), (1, 0));
        let ip = |ws: &Workspace| list_cis(ws, &ListRequest::default()).unwrap().items.into_iter().find(|c| c.name == "lnx-web-01" && c.environment == Environment::Production).unwrap().attributes["ip_address"].clone();
        assert_eq!(ip(&ws), "10.0.4.11");
        let u = undo_import(&ws, runs[2].id).unwrap();
        assert_eq!(u.removed, 9, "7 CIs and 2 owners");
        assert_eq!(list_cis(&ws, &ListRequest::default()).unwrap().total, Some(0));
    }

    #[test]
    fn servicenow_service_exports_fill_the_service_register() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Kim", crate::testing::NOW);
        let f = d.path().join("svc.csv");
        std::fs::write(&f, "name,busines_criticality,operational_status,owned_by,short_description,service_classification\r\n\
Email,1 - most critical,Operational,Ana Lima,Mail for all staff,Business Service\r\n\
Payroll,3 - less critical,Retired,,\"Monthly pay, <b>run</b>\",Business Service\r\n\
Intranet,,,,,Technical Service\r\n\
Weird,9 - cosmic,Operational,,,\r\n").unwrap();
        let r = import_cmdb(&ws, CmdbRegister::Services, &f, &Default::default()).unwrap();
        assert_eq!((r.report.created, r.report.rejected), (3, 1));
        let list = crate::services::list_services(&ws, &ListRequest::default()).unwrap().items;
        let email = list.iter().find(|s| s.name == "Email").unwrap();
        assert_eq!((email.criticality, email.status, email.owner_name.as_str()), (Criticality::Critical, ServiceStatus::Live, "Ana Lima"));
        let payroll = list.iter().find(|s| s.name == "Payroll").unwrap();
        assert_eq!((payroll.criticality, payroll.status, payroll.description.as_str()), (Criticality::Medium, ServiceStatus::Retired, "Monthly pay, <b>run</b>"));
        assert_eq!(list.iter().find(|s| s.name == "Intranet").unwrap().criticality, Criticality::Medium);
    }
}
