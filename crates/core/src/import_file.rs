//! The import registry: every file Steward reads, whatever the record kind, is one entry
//! here (its format, the record kind and source it is for, how its header is recognised,
//! the columns it reads and the practice function that writes it). `steward-cli import KIND
//! --from SOURCE`, the window's import dialog (detect, preview the mapping, run) and the
//! import history all go through it: a new importer is one entry in `IMPORTERS`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::changes::import::{self as change_import, ChangeSource};
use crate::cmdb::{self, CmdbRegister};
use crate::directory::{self, DirectoryKind};
use crate::error::{CoreError, Result};
use crate::import::{columns_used, table, Column, Headers, ImportOptions, ImportReport, Table};
use crate::incidents::{self, IncidentSource};
use crate::risks::spreadsheet;
use crate::security::frameworks;
use crate::labelled_enum;
use crate::workspace::Workspace;

labelled_enum!(
    FileFormat {
        ServiceNowIncidents = "servicenow": "ServiceNow incident export (list or audit log)",
        JiraIncidents = "jira": "Jira Service Management export",
        GlpiIncidents = "glpi": "GLPI ticket export (English or French)",
        StewardIncidents = "steward-csv": "Steward incident CSV",
        ServiceNowCis = "servicenow-cmdb_ci": "ServiceNow CMDB export (configuration items)",
        ServiceNowServices = "servicenow-service": "ServiceNow service export",
        ServiceNowChanges = "servicenow-change_request": "ServiceNow change export",
        StewardChanges = "steward-csv-changes": "Steward change CSV",
        StewardRisks = "steward-csv-risks": "Steward risk register CSV",
        People = "steward-csv-people": "People CSV (name, email, phone, job title, groups)",
        Groups = "steward-csv-groups": "Support groups CSV (name, email, description)",
        Vendors = "steward-csv-vendors": "Vendors CSV (name, contact, email, phone, website)",
        RiskRegister = "risk-register": "A risk register of your own (CSV or workbook; you map its columns)",
        Framework = "framework-csv": "Framework catalogue (id, title, description, parent)",
        StewardDeployments = "steward-csv-deployments": "Steward deployment CSV",
        PipelineDeployments = "pipeline-deployments": "A CI/CD deployment list (GitHub Actions, GitLab, Jenkins, Azure DevOps; JSON, CSV or workbook; you map its columns)",
        Criteria = "criteria-csv": "Capability criteria pack (practice, level, criterion, dimension; you map other columns)",
        Inventory = "inventory": "An inventory of your own: asset spreadsheet or cloud resource list (CSV or workbook; you map its columns)",
        Survey = "survey": "Survey answers (service, answered at, CSAT 1-5, NPS 0-10, comment; any survey tool's export; you map its columns)",
        Ledger = "ledger": "Ledger of actual costs (date, amount, cost pool, cost centre, description, vendor, service; CSV or workbook; you map its columns)",
        AllocationRules = "allocation-rules": "Allocation rules (cost pool, method, service, share)",
        ApplicationQuality = "application-quality": "Application quality figures (project, day, test coverage, defects; CSV or workbook; you map its columns)",
        LifecycleTable = "lifecycle-table": "Product lifecycle table (endoflife.date JSON, or product, cycle, end of support, end of life; you map its columns)",
        CapacityMeasurements = "capacity-measurements": "Capacity measurements from a monitoring export (CI, metric, time, value; CSV or workbook; you map its columns)",
        Requests = "requests": "Service requests from another tool (ServiceNow requested items, Jira or GLPI requests, a spreadsheet; you map its columns)",
    }
);

/// One registered importer.
pub struct Importer {
    pub format: FileFormat,
    /// The record kind, as `steward-cli import KIND` and the import history name it.
    pub kind: &'static str,
    /// The source, as `--from` names it.
    pub source: &'static str,
    /// Whether the file's times need a zone and a day/month order (the dialog asks then).
    pub reads_dates: bool,
    /// Whether it reads a workbook's first sheet or a JSON list as well as a CSV (every
    /// import that reads its file whole; the incident import streams CSV only).
    pub workbooks: bool,
    /// The fields a user maps columns to (the mapping step), for formats whose columns are
    /// not fixed; empty when they are.
    pub fields: &'static [&'static str],
    /// Of `fields`, those every row needs (the mapping step asks for them until mapped).
    pub needs: &'static [&'static str],
    /// The fields any number of columns may feed (a CI export's attributes).
    pub shared: &'static [&'static str],
    /// Whether the user may give the file's closed-list values a meaning (`values_seen`).
    pub reads_values: bool,
    /// The columns a fixed-column format reads by name, as (field, required): the mapping
    /// step lets the user give them to columns headed otherwise (the file is then read as if
    /// headed so; a CMDB export reads the mapping itself, its columns mapped to "attribute"
    /// kept under their own header). Empty for formats that map by synonyms (`fields`) and
    /// for the incident files (their own mapping).
    pub remap: fn() -> Vec<(&'static str, bool)>,
    /// What the user names when the file fills one named collection (a framework, with
    /// the file's name as the default) or gives the import a bound (a ledger's fiscal year).
    pub names: Option<Naming>,
    /// Whether a header looks like this format (tried in `IMPORTERS` order).
    looks_like: fn(&Has) -> bool,
    /// Which column feeds which field; refuses a file without a required column.
    columns: fn(&Headers, &Path) -> Result<Vec<(usize, &'static str)>>,
    run: fn(&Workspace, &Path, &ImportOptions) -> Result<ImportOutcome>,
}

/// A header's names, asked one at a time.
struct Has<'h>(&'h Headers);

impl Has<'_> {
    fn any(&self, names: &[&str]) -> bool {
        self.0.column(names).is_some()
    }
    fn all(&self, names: &[&str]) -> bool {
        names.iter().all(|n| self.any(&[n]))
    }
}

/// What the import dialog asks the user to name, and whether it may stay empty (then it
/// starts empty rather than as the file's name).
#[derive(Debug, Clone, Copy)]
pub struct Naming {
    pub label: &'static str,
    pub optional: bool,
}

/// A name the import needs, the file's name suggested.
const fn named(label: &'static str) -> Option<Naming> {
    Some(Naming { label, optional: false })
}

/// The (field, required) pairs of a column spec, for the mapping step.
fn spec(columns: &[Column]) -> Vec<(&'static str, bool)> {
    columns.iter().map(|c| (c.field, c.required)).collect()
}

/// The (field, required) pairs of a list of Steward column names.
fn names(columns: &'static [&'static str], required: &[&str]) -> Vec<(&'static str, bool)> {
    columns.iter().map(|c| (*c, required.contains(c))).collect()
}

/// Steward's own CSV formats read columns by their exported names; `required` must be there.
fn steward_columns(h: &Headers, path: &Path, names: &'static [&'static str], required: &[&str]) -> Result<Vec<(usize, &'static str)>> {
    let spec: Vec<Column> = names.iter().map(|n| Column { field: n, names: std::slice::from_ref(n), required: required.contains(n) }).collect();
    columns_used(h, path, &spec)
}

fn outcome(format: FileFormat, report: ImportReport) -> ImportOutcome {
    ImportOutcome { format, report, events: None, references_created: BTreeMap::new() }
}

fn incidents_from(format: FileFormat, source: IncidentSource, ws: &Workspace, path: &Path, opts: &ImportOptions) -> Result<ImportOutcome> {
    let r = incidents::import_incidents(ws, source, path, opts)?;
    Ok(ImportOutcome { format, report: r.report, events: Some(r.events), references_created: r.references_created })
}

fn cmdb_from(format: FileFormat, register: CmdbRegister, ws: &Workspace, path: &Path, opts: &ImportOptions) -> Result<ImportOutcome> {
    let r = cmdb::import_cmdb(ws, register, path, opts)?;
    Ok(ImportOutcome { format, report: r.report, events: None, references_created: r.references_created })
}

fn looks_like_changes(h: &Has) -> bool {
    h.any(&["number"]) && h.any(&["planned_start", "start_date", "implementation_plan", "backout_plan"])
}

/// Every importer, in the order a header is matched against them (the more specific first).
pub const IMPORTERS: &[Importer] = &[
    Importer {
        format: FileFormat::Requests,
        kind: "requests",
        source: "csv",
        reads_dates: true,
        workbooks: true,
        fields: crate::requests::import::FIELDS,
        needs: crate::requests::import::NEEDS,
        shared: &[],
        reads_values: true,
        remap: Vec::new,
        names: None,
        looks_like: |h| crate::requests::import::looks_like_requests(h.0),
        columns: |h, _| Ok(crate::requests::import::suggested(h).into_iter().enumerate().filter_map(|(i, f)| f.map(|f| (i, f))).collect()),
        run: |ws, p, o| Ok(outcome(FileFormat::Requests, crate::requests::import::import_requests(ws, p, o)?)),
    },
    Importer {
        format: FileFormat::StewardIncidents,
        kind: "incidents",
        source: "steward-csv",
        reads_dates: true,
        workbooks: false,
        fields: incidents::COLUMN_FIELDS,
        needs: &[],
        shared: &[],
        reads_values: true,
        remap: Vec::new,
        names: None,
        looks_like: |h| h.all(incidents::STEWARD_CSV_COLUMNS),
        columns: |h, p| incidents::columns_used(h, p, IncidentSource::StewardCsv),
        run: |ws, p, o| incidents_from(FileFormat::StewardIncidents, IncidentSource::StewardCsv, ws, p, o),
    },
    Importer {
        format: FileFormat::StewardChanges,
        kind: "changes",
        source: "steward-csv",
        reads_dates: true,
        workbooks: true,
        fields: &[],
        needs: &[],
        shared: &[],
        reads_values: false,
        remap: || spec(change_import::READS),
        names: None,
        looks_like: |h| h.all(change_import::COLUMNS),
        columns: |h, p| columns_used(h, p, change_import::READS),
        run: |ws, p, o| Ok(outcome(FileFormat::StewardChanges, change_import::import_changes(ws, ChangeSource::StewardCsv, p, o)?)),
    },
    Importer {
        format: FileFormat::ServiceNowChanges,
        kind: "changes",
        source: "servicenow",
        reads_dates: true,
        workbooks: true,
        fields: &[],
        needs: &[],
        shared: &[],
        reads_values: false,
        remap: || spec(change_import::READS),
        names: None,
        looks_like: looks_like_changes,
        columns: |h, p| columns_used(h, p, change_import::READS),
        run: |ws, p, o| Ok(outcome(FileFormat::ServiceNowChanges, change_import::import_changes(ws, ChangeSource::ServiceNow, p, o)?)),
    },
    Importer {
        format: FileFormat::GlpiIncidents,
        kind: "incidents",
        source: "glpi",
        reads_dates: true,
        workbooks: false,
        fields: incidents::COLUMN_FIELDS,
        needs: &[],
        shared: &[],
        reads_values: true,
        remap: Vec::new,
        names: None,
        looks_like: |h| h.any(&["id"]) && h.any(&["title", "titre"]) && h.any(&["status", "statut"]) && h.any(&["opening date", "date d'ouverture", "date d\u{2019}ouverture"]),
        columns: |h, p| incidents::columns_used(h, p, IncidentSource::Glpi),
        run: |ws, p, o| incidents_from(FileFormat::GlpiIncidents, IncidentSource::Glpi, ws, p, o),
    },
    Importer {
        format: FileFormat::JiraIncidents,
        kind: "incidents",
        source: "jira",
        reads_dates: true,
        workbooks: false,
        fields: incidents::COLUMN_FIELDS,
        needs: &[],
        shared: &[],
        reads_values: true,
        remap: Vec::new,
        names: None,
        looks_like: |h| h.any(&["issue key", "clé de ticket"]) || h.all(&["summary", "status", "created"]) || h.all(&["résumé", "statut", "création"]),
        columns: |h, p| incidents::columns_used(h, p, IncidentSource::Jira),
        run: |ws, p, o| incidents_from(FileFormat::JiraIncidents, IncidentSource::Jira, ws, p, o),
    },
    Importer {
        format: FileFormat::ServiceNowIncidents,
        kind: "incidents",
        source: "servicenow",
        reads_dates: true,
        workbooks: false,
        fields: incidents::COLUMN_FIELDS,
        needs: &[],
        shared: &[],
        reads_values: true,
        remap: Vec::new,
        names: None,
        looks_like: |h| h.any(&["number"]) && h.any(&["incident_state", "state"]),
        columns: |h, p| incidents::columns_used(h, p, IncidentSource::ServiceNow),
        run: |ws, p, o| incidents_from(FileFormat::ServiceNowIncidents, IncidentSource::ServiceNow, ws, p, o),
    },
    Importer {
        format: FileFormat::StewardRisks,
        kind: "risks",
        source: "steward-csv",
        reads_dates: false,
        workbooks: true,
        fields: &[],
        needs: &[],
        shared: &[],
        reads_values: false,
        remap: || names(crate::risks::transfer::COLUMNS, &["id", "title"]),
        names: None,
        looks_like: |h| h.all(&["id", "title"]) && h.any(&["inherent_likelihood", "current_likelihood", "treatment"]),
        columns: |h, p| steward_columns(h, p, crate::risks::transfer::COLUMNS, &["id", "title"]),
        run: |ws, p, o| Ok(outcome(FileFormat::StewardRisks, crate::risks::transfer::import_risks(ws, p, o)?)),
    },
    Importer {
        format: FileFormat::ServiceNowServices,
        kind: "services",
        source: "servicenow",
        reads_dates: false,
        workbooks: true,
        fields: &[],
        needs: &[],
        shared: &[],
        reads_values: false,
        remap: || cmdb::fields(CmdbRegister::Services),
        names: None,
        looks_like: |h| h.any(&["busines_criticality", "business_criticality", "service_classification", "portfolio_status"]),
        columns: |h, p| cmdb::columns_used(h, p, CmdbRegister::Services),
        run: |ws, p, o| cmdb_from(FileFormat::ServiceNowServices, CmdbRegister::Services, ws, p, o),
    },
    Importer {
        format: FileFormat::ServiceNowCis,
        kind: "cis",
        source: "servicenow",
        reads_dates: false,
        workbooks: true,
        fields: &[],
        needs: &[],
        shared: &[cmdb::ATTRIBUTE],
        reads_values: false,
        remap: || cmdb::fields(CmdbRegister::Cis),
        names: None,
        looks_like: |h| h.any(&["name"]) && h.any(&["sys_class_name", "install_status", "operational_status", "ip_address", "environment"]),
        columns: |h, p| cmdb::columns_used(h, p, CmdbRegister::Cis),
        run: |ws, p, o| cmdb_from(FileFormat::ServiceNowCis, CmdbRegister::Cis, ws, p, o),
    },
    Importer {
        format: FileFormat::People,
        kind: "people",
        source: "steward-csv",
        reads_dates: false,
        workbooks: true,
        fields: &[],
        needs: &[],
        shared: &[],
        reads_values: false,
        remap: || spec(directory::columns(DirectoryKind::People)),
        names: None,
        looks_like: |h| h.any(&["name", "full_name", "display_name"]) && h.any(&["job_title", "groups", "support_groups"]),
        columns: |h, p| columns_used(h, p, directory::columns(DirectoryKind::People)),
        run: |ws, p, o| Ok(outcome(FileFormat::People, directory::import_directory(ws, DirectoryKind::People, p, o)?)),
    },
    Importer {
        format: FileFormat::Vendors,
        kind: "vendors",
        source: "steward-csv",
        reads_dates: false,
        workbooks: true,
        fields: &[],
        needs: &[],
        shared: &[],
        reads_values: false,
        remap: || spec(directory::columns(DirectoryKind::Vendors)),
        names: None,
        looks_like: |h| h.any(&["name"]) && h.any(&["contact_name", "contact", "website"]),
        columns: |h, p| columns_used(h, p, directory::columns(DirectoryKind::Vendors)),
        run: |ws, p, o| Ok(outcome(FileFormat::Vendors, directory::import_directory(ws, DirectoryKind::Vendors, p, o)?)),
    },
    Importer {
        format: FileFormat::Groups,
        kind: "groups",
        source: "steward-csv",
        reads_dates: false,
        workbooks: true,
        fields: &[],
        needs: &[],
        shared: &[],
        reads_values: false,
        remap: || spec(directory::columns(DirectoryKind::Groups)),
        names: None,
        looks_like: |h| h.any(&["name"]) && h.any(&["description"]) && h.0.names().len() <= 3,
        columns: |h, p| columns_used(h, p, directory::columns(DirectoryKind::Groups)),
        run: |ws, p, o| Ok(outcome(FileFormat::Groups, directory::import_directory(ws, DirectoryKind::Groups, p, o)?)),
    },
    Importer {
        format: FileFormat::Framework,
        kind: "frameworks",
        source: "csv",
        reads_dates: false,
        workbooks: true,
        fields: &[],
        needs: &[],
        shared: &[],
        reads_values: false,
        remap: || spec(frameworks::COLUMNS),
        names: named("Framework name"),
        looks_like: |h| h.any(&["id", "ref", "control_id"]) && h.any(&["title", "name"]) && h.any(&["parent", "parent_id"]),
        columns: |h, p| columns_used(h, p, frameworks::COLUMNS),
        run: |ws, p, o| Ok(outcome(FileFormat::Framework, frameworks::import_framework(ws, o.name.as_deref(), p, o)?)),
    },
    Importer {
        format: FileFormat::StewardDeployments,
        kind: "deployments",
        source: "steward-csv",
        reads_dates: false,
        workbooks: true,
        fields: &[],
        needs: &[],
        shared: &[],
        reads_values: false,
        remap: || spec(crate::deployments::import::READS),
        names: None,
        looks_like: |h| h.all(&["number", "application", "deployed_at", "result"]),
        columns: |h, p| columns_used(h, p, crate::deployments::import::READS),
        run: |ws, p, o| Ok(outcome(FileFormat::StewardDeployments, crate::deployments::import::import_deployments(ws, p, o)?)),
    },
    Importer {
        format: FileFormat::PipelineDeployments,
        kind: "deployments",
        source: "pipeline",
        reads_dates: true,
        workbooks: true,
        fields: crate::deployments::pipeline::FIELDS,
        needs: &[],
        shared: &[],
        reads_values: false,
        remap: Vec::new,
        names: named("Application (when no column names it)"),
        looks_like: |h| crate::deployments::pipeline::looks_like_pipeline(h.0),
        columns: |h, _| Ok(crate::deployments::pipeline::suggested(h).into_iter().enumerate().filter_map(|(i, f)| f.map(|f| (i, f))).collect()),
        run: |ws, p, o| Ok(outcome(FileFormat::PipelineDeployments, crate::deployments::pipeline::import_pipeline(ws, p, o)?)),
    },
    Importer {
        format: FileFormat::Survey,
        kind: "survey",
        source: "csv",
        reads_dates: true,
        workbooks: true,
        fields: crate::relationship::satisfaction::FIELDS,
        needs: &[],
        shared: &[],
        reads_values: false,
        remap: Vec::new,
        names: None,
        looks_like: |h| crate::relationship::satisfaction::looks_like_survey(h.0),
        columns: |h, _| Ok(crate::relationship::satisfaction::suggested(h).into_iter().enumerate().filter_map(|(i, f)| f.map(|f| (i, f))).collect()),
        run: |ws, p, o| Ok(outcome(FileFormat::Survey, crate::relationship::satisfaction::import_survey(ws, p, o)?)),
    },
    Importer {
        format: FileFormat::AllocationRules,
        kind: "allocation-rules",
        source: "csv",
        reads_dates: false,
        workbooks: true,
        fields: crate::finance::rules::FIELDS,
        needs: &[],
        shared: &[],
        reads_values: false,
        remap: Vec::new,
        names: None,
        looks_like: |h| crate::finance::rules::looks_like_rules(h.0),
        columns: |h, _| Ok(crate::finance::rules::suggested(h).into_iter().enumerate().filter_map(|(i, f)| f.map(|f| (i, f))).collect()),
        run: |ws, p, o| Ok(outcome(FileFormat::AllocationRules, crate::finance::rules::import_rules(ws, p, o)?)),
    },
    Importer {
        format: FileFormat::Ledger,
        kind: "ledger",
        source: "csv",
        reads_dates: true,
        workbooks: true,
        fields: crate::finance::ledger::FIELDS,
        needs: &[],
        shared: &[],
        reads_values: false,
        remap: Vec::new,
        // The fiscal year the lines must fall in (the CLI's --fiscal-year): none, any date.
        names: Some(Naming { label: "Fiscal year the lines must fall in (the year it starts; empty: any)", optional: true }),
        looks_like: |h| crate::finance::ledger::looks_like_ledger(h.0),
        columns: |h, _| Ok(crate::finance::ledger::suggested(h).into_iter().enumerate().filter_map(|(i, f)| f.map(|f| (i, f))).collect()),
        run: |ws, p, o| Ok(outcome(FileFormat::Ledger, crate::finance::ledger::import_ledger(ws, p, o)?)),
    },
    Importer {
        format: FileFormat::ApplicationQuality,
        kind: "quality",
        source: "csv",
        reads_dates: true,
        workbooks: true,
        fields: crate::software::quality::FIELDS,
        needs: &[],
        shared: &[],
        reads_values: false,
        remap: Vec::new,
        names: None,
        looks_like: |h| crate::software::quality::looks_like_quality(h.0),
        columns: |h, _| Ok(crate::software::quality::suggested(h).into_iter().enumerate().filter_map(|(i, f)| f.map(|f| (i, f))).collect()),
        run: |ws, p, o| Ok(outcome(FileFormat::ApplicationQuality, crate::software::quality::import_quality(ws, p, o)?)),
    },
    Importer {
        format: FileFormat::LifecycleTable,
        kind: "lifecycles",
        source: "csv",
        reads_dates: false,
        workbooks: true,
        fields: crate::cis::product_lifecycle::FIELDS,
        needs: &[],
        shared: &[],
        reads_values: false,
        remap: Vec::new,
        names: named("Product (when no column names it)"),
        // An inventory may give a version and an end of life too; one that names its CIs is one.
        looks_like: |h| crate::cis::product_lifecycle::looks_like_table(h.0) && !crate::cmdb::inventory::names_cis(h.0),
        columns: |h, _| Ok(crate::cis::product_lifecycle::suggested(h).into_iter().enumerate().filter_map(|(i, f)| f.map(|f| (i, f))).collect()),
        run: |ws, p, o| Ok(outcome(FileFormat::LifecycleTable, crate::cis::product_lifecycle::import_table(ws, p, o)?)),
    },
    Importer {
        format: FileFormat::CapacityMeasurements,
        kind: "capacity",
        source: "csv",
        reads_dates: true,
        workbooks: true,
        fields: crate::cis::capacity::import::FIELDS,
        needs: &[],
        shared: &[],
        reads_values: false,
        remap: Vec::new,
        names: named("CI (when no column names it)"),
        looks_like: |h| crate::cis::capacity::import::looks_like_measurements(h.0),
        columns: |h, _| Ok(crate::cis::capacity::import::suggested(h).into_iter().enumerate().filter_map(|(i, f)| f.map(|f| (i, f))).collect()),
        run: |ws, p, o| Ok(outcome(FileFormat::CapacityMeasurements, crate::cis::capacity::import::import_measurements(ws, p, o)?)),
    },
    Importer {
        format: FileFormat::Criteria,
        kind: "criteria",
        source: "csv",
        reads_dates: false,
        workbooks: true,
        fields: &["practice", "level", "criterion", "dimension"],
        needs: &[],
        shared: &[],
        reads_values: false,
        remap: Vec::new,
        names: None,
        looks_like: |h| crate::assessments::criteria::looks_like_pack(h.0),
        columns: |h, _| Ok(crate::assessments::criteria::suggested(h).into_iter().enumerate().filter_map(|(i, f)| f.map(|f| (i, f))).collect()),
        run: |ws, p, o| Ok(outcome(FileFormat::Criteria, crate::assessments::criteria::import_criteria(ws, p, o.mapping.as_deref(), &o.progress)?)),
    },
    // Last: any header with a title and a rating reads as a register, mapped by the user.
    Importer {
        format: FileFormat::RiskRegister,
        kind: "risks",
        source: "spreadsheet",
        reads_dates: false,
        workbooks: true,
        fields: crate::risks::transfer::COLUMNS,
        needs: &[],
        shared: &[],
        reads_values: false,
        remap: Vec::new,
        names: None,
        looks_like: |h| spreadsheet::looks_like_register(h.0),
        columns: |h, _| Ok(spreadsheet::suggested(h).into_iter().enumerate().filter_map(|(i, f)| f.map(|f| (i, f))).collect()),
        run: |ws, p, o| Ok(outcome(FileFormat::RiskRegister, spreadsheet::import_mapped(ws, p, o.mapping.as_deref(), &o.progress)?)),
    },
    // After everything: a header naming things and saying two more of each is an inventory.
    Importer {
        format: FileFormat::Inventory,
        kind: "cis",
        source: "inventory",
        reads_dates: true,
        workbooks: true,
        fields: crate::cmdb::inventory::FIELDS,
        needs: &[],
        shared: &[],
        reads_values: false,
        remap: Vec::new,
        names: None,
        looks_like: |h| crate::cmdb::inventory::looks_like_inventory(h.0),
        columns: |h, _| Ok(crate::cmdb::inventory::suggested(h).into_iter().enumerate().filter_map(|(i, f)| f.map(|f| (i, f))).collect()),
        run: |ws, p, o| Ok(outcome(FileFormat::Inventory, crate::cmdb::inventory::import_inventory(ws, p, o)?)),
    },
];

/// The importer of `format`.
pub fn importer(format: FileFormat) -> &'static Importer {
    // Every format has an entry (a test walks them all), so the first is never reached.
    IMPORTERS.iter().find(|i| i.format == format).unwrap_or(&IMPORTERS[0])
}

/// The importer of a record kind from a source, as the CLI names them.
pub fn importer_for(kind: &str, source: &str) -> Result<&'static Importer> {
    IMPORTERS.iter().find(|i| i.kind == kind && i.source == source).ok_or_else(|| {
        let known: Vec<&str> = IMPORTERS.iter().filter(|i| i.kind == kind).map(|i| i.source).collect();
        CoreError::validation("from", format!("{kind} cannot be imported from \"{source}\" (known: {}).", known.join(", ")))
    })
}

/// The sources a record kind can be imported from, for `--from`.
pub fn sources(kind: &str) -> Vec<&'static str> {
    IMPORTERS.iter().filter(|i| i.kind == kind).map(|i| i.source).collect()
}

/// One column of the file and the Steward field it feeds (None: not used).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ColumnUse {
    pub column: String,
    pub field: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportPreview {
    pub file: String,
    pub size_bytes: u64,
    /// What the header looks like; None when it matches no format Steward reads.
    pub detected: Option<FileFormat>,
    /// The format the mapping below is for (the detected one unless another was asked for).
    pub format: Option<FileFormat>,
    /// Whether that format's times need a zone and a day/month order.
    pub reads_dates: bool,
    pub columns: Vec<ColumnUse>,
    /// The fields a column can be mapped to, when the format lets the user map them (the
    /// columns' `field` is then a suggestion); empty when its columns are fixed.
    pub fields: Vec<String>,
    /// What the user names, when the format fills one named collection (a framework) or
    /// takes a bound (a ledger's fiscal year), whether it may stay empty, and the name
    /// suggested (the file's name when one is needed).
    pub names: Option<String>,
    pub name_optional: bool,
    pub suggested_name: String,
    /// The first rows, cut to 200 characters a cell.
    pub rows: Vec<Vec<String>>,
    /// Why the file cannot be imported as `format` (a required column missing, ...).
    pub problem: Option<String>,
    /// The fields a column must be mapped to before the import can run.
    pub required: Vec<String>,
    /// Whether the mapping step lists the file's values of closed lists to give them a
    /// meaning (`values_seen`).
    pub values_read: bool,
    /// The fields any number of columns may feed (a CI export's attributes).
    pub shared: Vec<String>,
    /// The mapping starts from the one kept from this source's last file.
    pub kept: bool,
    /// What the file's values mean, as kept from this source's last file.
    pub values: crate::import::ValueMap,
}

/// What an import did: the contract's report plus what it created along the way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportOutcome {
    pub format: FileFormat,
    pub report: ImportReport,
    /// Event-log rows kept as incident history (incident imports only).
    #[ts(type = "number | null")]
    pub events: Option<u64>,
    /// Callers, groups, owners, services and CIs named in the file and created, by table.
    #[ts(type = "Record<string, number>")]
    pub references_created: BTreeMap<String, u64>,
}

impl ImportOutcome {
    /// The contract's import report: the report's fields, plus `events` for incident
    /// imports and `references_created` where references are created.
    pub fn contract_json(&self) -> serde_json::Value {
        let mut doc = serde_json::to_value(&self.report).unwrap_or_default();
        if let Some(o) = doc.as_object_mut() {
            if let Some(events) = self.events {
                o.insert("events".into(), events.into());
            }
            if matches!(importer(self.format).kind, "incidents" | "cis" | "services") {
                o.insert("references_created".into(), serde_json::to_value(&self.references_created).unwrap_or_default());
            }
        }
        doc
    }
}

/// The format a header most likely belongs to (of those that read workbooks, for a workbook
/// or JSON).
pub fn detect(h: &Headers, workbook: bool) -> Option<FileFormat> {
    IMPORTERS.iter().filter(|i| i.workbooks || !workbook).find(|i| (i.looks_like)(&Has(h))).map(|i| i.format)
}

/// Columns that tools write once per value (Jira: one Component/s column per component);
/// repeated, the first value is read.
const MULTI_VALUED: &[&str] = &[
    "component/s",
    "labels",
    "comment",
    "fix version/s",
    "affects version/s",
    "sprint",
    "watchers",
    "attachment",
    "custom field (affected services)",
    "custom field (affected hardware)",
    "custom field (configuration item)",
];

/// A column the format reads whose name the header has twice (which one holds the data
/// cannot be told; columns it does not read may repeat, and so may multi-valued ones).
fn repeated(h: &Headers, used: &[(usize, &'static str)]) -> Option<String> {
    let names = h.names();
    used.iter()
        .map(|(i, _)| &names[*i])
        .filter(|n| !MULTI_VALUED.contains(&n.as_str()))
        .find(|n| names.iter().filter(|m| m == n).count() > 1)
        .cloned()
}

fn repeated_problem(name: &str) -> String {
    format!("the column \"{name}\" appears more than once, so Steward cannot tell which one to read: rename or remove one")
}

/// Why `path` cannot be read as `format` whatever its columns: a workbook or JSON for a
/// format read from CSV only.
fn unreadable(path: &Path, format: FileFormat) -> Option<String> {
    if importer(format).workbooks {
        return None;
    }
    if table::is_workbook(path) {
        return Some(format!("{} is read from CSV: save the sheet as CSV (UTF-8) and import that.", format.label()));
    }
    crate::import::json::is_json(path).then(|| format!("{} is read from CSV, not JSON.", format.label()))
}

/// Reads the header and the first rows only, so it is instant on any file size. A file
/// that cannot be read at all is an error; one that is readable but not importable as the
/// format says why in `problem`.
/// The incident source a format reads (its registry entry's source), for the formats whose
/// values the mapping step can give a meaning to.
fn incident_source(format: FileFormat) -> Option<IncidentSource> {
    let i = importer(format);
    if i.kind == "incidents" { IncidentSource::parse(i.source) } else { None }
}

pub fn preview(path: &Path, format: Option<FileFormat>) -> Result<ImportPreview> {
    preview_read(path, format).map(|(p, _)| p)
}

/// The preview and the file's header it was made from.
fn preview_read(path: &Path, format: Option<FileFormat>) -> Result<(ImportPreview, Headers)> {
    let (headers, rows) = Table::head(path, 8)?;
    let detected = detect(&headers, table::is_whole(path));
    let format = format.or(detected);
    let remap = format.map(|f| (importer(f).remap)()).unwrap_or_default();
    let (mapping, problem) = match format {
        None => (vec![], Some("The columns match no format Steward reads. Choose the format if you know it.".to_string())),
        Some(f) => match (unreadable(path, f), (importer(f).columns)(&headers, path)) {
            (Some(why), _) => (vec![], Some(why)),
            (None, Ok(m)) => match repeated(&headers, &m) {
                Some(name) => (m, Some(format!("{}: {}", path.display(), repeated_problem(&name)))),
                None => (m, None),
            },
            // A column the source always has is missing: what its names suggest is shown,
            // and the user maps the rest.
            (None, Err(e)) => match incident_source(f) {
                Some(source) => (incidents::columns_suggested(&headers, source), None),
                None if !remap.is_empty() => (same_names(&headers, &remap), None),
                None => (vec![], Some(e.to_string())),
            },
        },
    };
    let chosen = format.map(importer);
    let columns = headers
        .names()
        .iter()
        .enumerate()
        .map(|(i, c)| ColumnUse { column: c.clone(), field: mapping.iter().find(|(m, _)| *m == i).map(|(_, f)| f.to_string()) })
        .collect();
    let preview = ImportPreview {
        file: path.display().to_string(),
        size_bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        detected,
        format,
        reads_dates: chosen.is_some_and(|i| i.reads_dates),
        columns,
        rows,
        problem,
        fields: match chosen {
            Some(i) if !i.fields.is_empty() => i.fields.iter().map(|f| f.to_string()).collect(),
            _ => remap.iter().map(|(f, _)| f.to_string()).collect(),
        },
        names: chosen.and_then(|i| i.names).map(|n| n.label.to_string()),
        name_optional: chosen.and_then(|i| i.names).is_some_and(|n| n.optional),
        suggested_name: match chosen.and_then(|i| i.names) {
            Some(Naming { optional: false, .. }) => path.file_stem().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(),
            _ => String::new(),
        },
        required: match (format.and_then(incident_source), chosen) {
            (Some(source), _) => incidents::required_fields(source).into_iter().map(str::to_string).collect(),
            (None, Some(i)) if !i.needs.is_empty() => i.needs.iter().map(|f| f.to_string()).collect(),
            _ => remap.iter().filter(|(_, r)| *r).map(|(f, _)| f.to_string()).collect(),
        },
        values_read: chosen.is_some_and(|i| i.reads_values),
        shared: chosen.map(|i| i.shared.iter().map(|s| s.to_string()).collect()).unwrap_or_default(),
        kept: false,
        values: Default::default(),
    };
    Ok((preview, headers))
}

/// The columns headed with the very names a fixed-column format reads.
fn same_names(headers: &Headers, remap: &[(&'static str, bool)]) -> Vec<(usize, &'static str)> {
    headers.names().iter().enumerate().filter_map(|(i, h)| remap.iter().find(|(f, _)| f == h).map(|(f, _)| (i, *f))).collect()
}

/// [`preview`], starting from the mapping kept from the last file of the same format in
/// `ws` (for the formats whose columns are mapped).
pub fn preview_in(ws: &Workspace, path: &Path, format: Option<FileFormat>) -> Result<ImportPreview> {
    let (mut p, headers) = preview_read(path, format)?;
    let Some(f) = p.format.filter(|_| !p.fields.is_empty()) else { return Ok(p) };
    let Some(kept) = crate::import::saved::saved(ws, f.as_str())? else { return Ok(p) };
    let suggested: Vec<Option<String>> = p.columns.iter().map(|c| c.field.clone()).collect();
    let (mapping, applied) = kept.over(&headers, &suggested);
    for (c, m) in p.columns.iter_mut().zip(mapping) {
        c.field = m;
    }
    p.kept = applied;
    p.values = if applied { kept.values } else { Default::default() };
    if applied && p.problem.as_deref().is_some_and(|why| why.contains("appears more than once")) {
        // The kept mapping says which of the repeated columns to read.
        p.problem = None;
    }
    Ok(p)
}

/// The different values of the closed-list fields (state, priority, impact, urgency) in the
/// file, as mapped, with what Steward reads each as: what the mapping step asks the meaning
/// of. Empty for formats whose values are not mapped.
pub fn values_seen(path: &Path, format: FileFormat, mapping: Option<&[Option<String>]>) -> Result<Vec<crate::import::values::FieldValues>> {
    match incident_source(format) {
        Some(source) => incidents::values_seen(path, source, mapping),
        None if format == FileFormat::Requests => crate::requests::import::values_seen(path, mapping),
        None => Ok(vec![]),
    }
}

pub fn mapping_with(path: &Path, format: FileFormat, overrides: &[(String, Option<String>)]) -> Result<Vec<Option<String>>> {
    let p = preview(path, Some(format))?;
    let mut mapping: Vec<Option<String>> = p.columns.iter().map(|c| c.field.clone()).collect();
    for (column, field) in overrides {
        let at = p.columns.iter().position(|c| c.column.eq_ignore_ascii_case(column.trim()))
            .ok_or_else(|| CoreError::validation("mapping", format!("The file has no column \"{}\".", column.trim())))?;
        if let Some(f) = field {
            // The field moves: the column that fed it before is left out.
            mapping.iter_mut().filter(|m| m.as_deref() == Some(f.as_str())).for_each(|m| *m = None);
        }
        mapping[at] = field.clone();
    }
    Ok(mapping)
}

/// Imports the file as `format`, reporting progress through `opts` (which may cancel).
pub fn import(ws: &Workspace, path: &Path, format: FileFormat, opts: &ImportOptions) -> Result<ImportOutcome> {
    let i = importer(format);
    if let Some(why) = unreadable(path, format) {
        return Err(crate::import::file_error(path, why));
    }
    let remap = (i.remap)();
    if opts.mapping.is_some() && i.fields.is_empty() && remap.is_empty() {
        return Err(CoreError::validation("mapping", format!("The columns of a {} are fixed; they cannot be mapped.", format.label())));
    }
    if !opts.values.is_empty() && !i.reads_values {
        return Err(CoreError::validation("values", format!("The values of a {} are read as they are.", format.label())));
    }
    ws.ensure_sound()?;
    let (headers, _) = Table::head(path, 0)?;
    if let (Some(m), false) = (&opts.mapping, remap.is_empty()) {
        let needed: Vec<&str> = remap.iter().filter(|(_, r)| *r).map(|(f, _)| *f).collect();
        // Any number of columns may be kept as a CI's attributes.
        let m: Vec<Option<String>> = m.iter().map(|f| f.clone().filter(|f| !i.shared.contains(&f.as_str()))).collect();
        crate::import::mapping::check(headers.names().len(), &m, |f| remap.iter().any(|(k, _)| *k == f), &needed, |f| {
            format!("Choose the column that holds {f}: every row of a {} needs it.", format.label())
        })?;
    }
    if opts.mapping.is_none() {
        if let Some(name) = repeated(&headers, &(i.columns)(&headers, path)?) {
            return Err(crate::import::file_error(path, repeated_problem(&name)));
        }
    }
    let done = (i.run)(ws, path, opts)?;
    // What the user chose is kept for this source's next file.
    if let Some(mapping) = &opts.mapping {
        crate::import::saved::remember(ws, format.as_str(), &headers, mapping, &opts.values)?;
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{ImportPhase, ProgressHook};
    use std::sync::{Arc, Mutex};

    #[test]
    fn formats_are_detected_from_the_header_and_the_mapping_shown() {
        let d = tempfile::tempdir().unwrap();
        let write = |name: &str, body: &str| {
            let p = d.path().join(name);
            std::fs::write(&p, body).unwrap();
            p
        };
        let sn = write("sn.csv", "number,incident_state,short_description,caller_id,u_custom\nINC1,New,Printer,Ann,x\n");
        let p = preview(&sn, None).unwrap();
        assert_eq!((p.detected, p.format, p.problem.as_deref()), (Some(FileFormat::ServiceNowIncidents), Some(FileFormat::ServiceNowIncidents), None));
        let fields: Vec<(&str, Option<&str>)> = p.columns.iter().map(|c| (c.column.as_str(), c.field.as_deref())).collect();
        assert_eq!(fields, [("number", Some("number")), ("incident_state", Some("state")), ("short_description", Some("title")), ("caller_id", Some("caller")), ("u_custom", None)]);
        assert_eq!(p.rows, [["INC1", "New", "Printer", "Ann", "x"]]);

        let jira = write("jira.csv", "\u{feff}Summary,Issue key,Status,Created,Labels,Labels\r\nVPN,HD-1,Open,12/Mar/24 9:41 AM,a,b\r\n");
        let p = preview(&jira, None).unwrap();
        assert_eq!((p.detected, p.problem), (Some(FileFormat::JiraIncidents), None), "a repeated column it does not read is fine");
        let components = write("components.csv", "Summary,Issue key,Status,Created,Component/s,Component/s\nVPN,HD-1,Open,12/Mar/24 9:41 AM,Network,VPN\n");
        assert_eq!(preview(&components, None).unwrap().problem, None, "one column per value, the first read");
        // A column it reads, twice: which one holds the data cannot be told.
        let twice = write("twice.csv", "number,incident_state,short_description,short_description\nINC1,New,Printer,Scanner\n");
        assert!(preview(&twice, None).unwrap().problem.unwrap().contains("\"short_description\" appears more than once"));
        let d2 = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d2, "Kim", crate::testing::NOW);
        let e = import(&ws, &twice, FileFormat::ServiceNowIncidents, &ImportOptions::default()).unwrap_err();
        assert!(e.to_string().contains("appears more than once"), "{e}");
        assert_eq!(crate::incidents::incident_stats(&ws).unwrap().total, 0);
        let cmdb = write("ci.csv", "name,sys_class_name,ip_address,sys_mod_count\nweb,cmdb_ci_linux_server,10.0.0.1,3\n");
        let p = preview(&cmdb, None).unwrap();
        assert_eq!(p.detected, Some(FileFormat::ServiceNowCis));
        assert_eq!(p.columns.iter().map(|c| c.field.as_deref()).collect::<Vec<_>>(), [Some("name"), Some("type"), Some("attribute"), None]);
        let svc = write("svc.csv", "name,busines_criticality\nPayroll,1 - most critical\n");
        assert_eq!(preview(&svc, None).unwrap().detected, Some(FileFormat::ServiceNowServices));

        // Another format can be asked for; what is missing for it is said, not thrown.
        // Read as Jira, a file without Jira's columns is the user's to map: nothing of it is
        // suggested, and the fields every row needs are named.
        let p = preview(&cmdb, Some(FileFormat::JiraIncidents)).unwrap();
        assert_eq!(p.problem, None, "{p:?}");
        assert!(p.columns.iter().all(|c| c.field.is_none()), "{p:?}");
        assert_eq!(p.required, ["number", "title", "state", "opened_at"]);
        let e = import(&ws, &cmdb, FileFormat::JiraIncidents, &ImportOptions::default()).unwrap_err();
        assert!(e.to_string().contains("\"issue key\" is missing"), "unmapped, the source's own names are needed: {e}");
        let unknown = write("x.csv", "a,b\n1,2\n");
        assert_eq!(preview(&unknown, None).unwrap().detected, None);
        assert_eq!(preview(&d.path().join("missing.csv"), None).unwrap_err().kind(), "validation");
    }

    #[test]
    fn progress_is_reported_and_cancel_leaves_the_workspace_as_it_was() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Kim", crate::testing::NOW);
        let mut csv = String::from("number,incident_state,short_description,opened_at\n");
        for i in 0..5_000 {
            csv.push_str(&format!("INC{i:07},New,Item {i},2024-03-01 10:00:00\n"));
        }
        let f = d.path().join("sn.csv");
        std::fs::write(&f, csv).unwrap();
        let seen: Arc<Mutex<Vec<(ImportPhase, u64, u64)>>> = Arc::default();
        let log = seen.clone();
        let stop_at_4000 = ProgressHook::new(move |p| {
            log.lock().unwrap().push((p.phase, p.done, p.total));
            !(p.phase == ImportPhase::Importing && p.done >= 4_000)
        });
        let opts = ImportOptions { progress: stop_at_4000, ..Default::default() };
        assert_eq!(import(&ws, &f, FileFormat::ServiceNowIncidents, &opts).unwrap_err().kind(), "cancelled");
        let seen = seen.lock().unwrap().clone();
        assert!(seen.iter().any(|(p, done, total)| *p == ImportPhase::Checking && *done > 0 && done <= total), "{seen:?}");
        assert!(seen.contains(&(ImportPhase::Importing, 2_000, 5_000)), "{seen:?}");
        assert_eq!(crate::incidents::incident_stats(&ws).unwrap().total, 0, "rolled back");
        assert!(crate::import::list_imports(&ws).unwrap().is_empty());

        let done = import(&ws, &f, FileFormat::ServiceNowIncidents, &ImportOptions::default()).unwrap();
        assert_eq!((done.report.created, done.events), (5_000, Some(5_000)));
    }

    /// A workspace damaged deep inside (pages an import would not read) is not written to:
    /// the import says the file is damaged and leaves it as it was.
    #[test]
    fn an_import_into_a_damaged_workspace_writes_nothing() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("w.steward");
        let ws = crate::testing::pinned(&d, "Dora Damage", crate::testing::NOW);
        let mut csv = String::from("name,email\n");
        for i in 0..3_000 {
            csv.push_str(&format!("Person {i},p{i}@example.com\n"));
        }
        let people = d.path().join("people.csv");
        std::fs::write(&people, &csv).unwrap();
        import(&ws, &people, FileFormat::People, &ImportOptions::default()).unwrap();
        // Two leaf pages of the people table, from the middle of its pages (SQLite's dbstat).
        let leaves: Vec<i64> = ws.conn().prepare("SELECT pageno FROM dbstat WHERE name = 'people' AND pagetype = 'leaf' ORDER BY pageno").unwrap().query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap();
        assert!(leaves.len() > 10, "{leaves:?}");
        let damaged = [leaves[leaves.len() / 2], leaves[leaves.len() / 2 + 1]];
        ws.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
        drop(ws);
        // Overwrite them: pages an import of vendors never reads.
        let mut bytes = std::fs::read(&path).unwrap();
        let page = 4096;
        for p in damaged {
            let at = (p as usize - 1) * page;
            for b in &mut bytes[at..at + page] {
                *b = 0x5a;
            }
        }
        std::fs::write(&path, &bytes).unwrap();
        let ws = crate::workspace::Workspace::open(&path, crate::workspace::Actor::parse("Dora Damage").unwrap()).unwrap();
        let vendors = d.path().join("vendors.csv");
        std::fs::write(&vendors, "name,contact_name,email,phone,website\nAcme,Al,al@acme.example,1,acme.example\n").unwrap();
        let e = import(&ws, &vendors, FileFormat::Vendors, &ImportOptions::default()).unwrap_err();
        assert_eq!(e.kind(), "corrupt", "{e}");
        drop(ws);
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "nothing was written");
    }

    #[test]
    fn every_format_has_one_importer_and_each_kind_and_source_one_format() {
        for f in FileFormat::ALL {
            assert_eq!(IMPORTERS.iter().filter(|i| i.format == *f).count(), 1, "{f:?}");
            assert_eq!(importer(*f).format, *f);
        }
        let mut pairs: Vec<_> = IMPORTERS.iter().map(|i| (i.kind, i.source)).collect();
        pairs.sort();
        pairs.dedup();
        assert_eq!(pairs.len(), IMPORTERS.len(), "{pairs:?}");
        assert_eq!(sources("incidents"), ["steward-csv", "glpi", "jira", "servicenow"]);
        assert_eq!(importer_for("risks", "jira").err().unwrap().to_string(), "risks cannot be imported from \"jira\" (known: steward-csv, spreadsheet).");
    }

    /// Steward's own CSV of every kind it writes (the demo's incidents, changes and risks
    /// exported; directory files with a row repeated): each is recognised, imported into a
    /// new workspace, imported again changing nothing, and undone leaving nothing behind.
    #[test]
    fn each_kind_is_recognised_imported_twice_without_change_and_undone_whole() {
        use crate::export::ExportFormat;
        use crate::list::ListRequest;
        let d = tempfile::tempdir().unwrap();
        let demo = crate::testing::pinned(&d, "Dee Demo", crate::testing::NOW);
        crate::demo::load_demo(&demo).unwrap();
        let file = |name: &str| d.path().join(name);
        let all = ListRequest::default();
        crate::incidents::export_incidents(&demo, ExportFormat::Csv, &file("incidents.csv"), &all).unwrap();
        crate::changes::import::export_changes(&demo, ExportFormat::Csv, &file("changes.csv")).unwrap();
        crate::risks::transfer::export_risks(&demo, ExportFormat::Csv, &file("risks.csv"), &all).unwrap();
        std::fs::write(file("people.csv"), "name,email,job_title,groups\nAnn Example,ann@example.com,Analyst,Service Desk\nAnn Example,ann@example.com,Analyst,Service Desk\nBo Berg,,Engineer,\n").unwrap();
        std::fs::write(file("groups.csv"), "name,email,description\nNetwork,net@example.com,Routers\nNetwork,net@example.com,Routers\n").unwrap();
        std::fs::write(file("vendors.csv"), "name,contact_name,email,phone,website\nAcme,Al,al@acme.example,1,acme.example\nAcme,Al,al@acme.example,1,acme.example\n").unwrap();
        std::fs::write(file("register.csv"), "Risk Ref,Risk,Likelihood,Impact,Notes\nC-1,Supplier fails,Likely,Major,x\nC-2,Key person leaves,2,3,\n").unwrap();
        std::fs::write(file("catalogue.csv"), "id,title,description,parent\nGV,Govern,,\nGV.OC,Context,,GV\nGV.OC-01,Mission understood,,GV.OC\n").unwrap();

        let e = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&e, "Ivo Import", crate::testing::NOW);
        let kinds = [
            ("incidents.csv", FileFormat::StewardIncidents),
            ("changes.csv", FileFormat::StewardChanges),
            ("risks.csv", FileFormat::StewardRisks),
            ("people.csv", FileFormat::People),
            ("groups.csv", FileFormat::Groups),
            ("vendors.csv", FileFormat::Vendors),
            ("register.csv", FileFormat::RiskRegister),
            ("catalogue.csv", FileFormat::Framework),
        ];
        for (name, format) in kinds {
            let p = preview(&file(name), None).unwrap();
            assert_eq!((p.detected, p.problem.as_deref()), (Some(format), None), "{name}");
            let first = import(&ws, &file(name), format, &ImportOptions::default()).unwrap();
            assert!(first.report.created > 0 && first.report.rejected == 0, "{name}: {first:?}");
            let again = import(&ws, &file(name), format, &ImportOptions::default()).unwrap().report;
            assert_eq!((again.created, again.updated, again.rejected, again.unchanged), (0, 0, 0, again.rows_read), "{name}: {again:?}");
        }
        let runs = crate::import::list_imports(&ws).unwrap();
        assert_eq!(runs.len(), 2 * kinds.len());
        // Every kind reports its progress and can be cancelled: nothing is written then.
        for (name, format) in kinds {
            let seen = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let told = seen.clone();
            let stop = crate::import::ProgressHook::new(move |_| {
                told.store(true, std::sync::atomic::Ordering::SeqCst);
                false
            });
            let e = import(&ws, &file(name), format, &ImportOptions { progress: stop, ..Default::default() }).unwrap_err();
            assert_eq!(e.kind(), "cancelled", "{name}");
            assert!(seen.load(std::sync::atomic::Ordering::SeqCst), "{name} told its progress");
        }
        assert_eq!(crate::import::list_imports(&ws).unwrap().len(), runs.len(), "a cancelled import leaves no history");
        for run in &runs {
            crate::import::undo_import(&ws, run.id).unwrap();
        }
        let first = ListRequest { limit: Some(1), ..Default::default() };
        assert_eq!(crate::incidents::incident_stats(&ws).unwrap().total, 0);
        assert_eq!(crate::changes::list_changes(&ws, &first).unwrap().total, Some(0));
        assert_eq!(crate::risks::list_risks(&ws, &first).unwrap().total, Some(0));
        assert_eq!(crate::directory::list_people(&ws, &first).unwrap().total, Some(0));
        assert_eq!(crate::directory::list_groups(&ws, &first).unwrap().total, Some(0));
        assert_eq!(crate::directory::list_vendors(&ws, &first).unwrap().total, Some(0));
        assert!(crate::security::frameworks::list_frameworks(&ws).unwrap().is_empty());
    }

    /// A French-locale Jira export (the headers Jira's French interface writes: "Résumé",
    /// "Clé de ticket", "Statut", "Priorité", "Création"), `;`-separated with day/month
    /// dates, from a project whose workflow has states of its own ("Qualification",
    /// "Livré") and a priority scheme of its own ("La plus haute"). Written here from those
    /// strings: no such export from a public project was found to fetch.
    const JIRA_FR: &str = "\u{feff}Résumé;Clé de ticket;ID de ticket;Type de ticket;Statut;Priorité;Responsable;Rapporteur;Création;Mise à jour\n\
        Imprimante bloquée;SD-1;10001;Incident;Qualification;Haute;Luc Martin;Anne Petit;25/03/2024 09:41;25/03/2024 09:41\n\
        VPN coupé;SD-2;10002;Incident;En cours;La plus haute;Luc Martin;Paul Roux;26/03/2024 10:00;26/03/2024 11:00\n\
        Écran noir;SD-3;10003;Incident;Livré;Moyenne;Sara Blanc;Anne Petit;27/03/2024 08:15;28/03/2024 16:00\n\
        Mot de passe;SD-4;10004;Incident;qualification;Basse;;Paul Roux;28/03/2024 14:30;28/03/2024 14:30\n";

    #[test]
    fn a_french_jira_export_is_mapped_its_values_given_a_meaning_and_the_mapping_kept() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Kim", crate::testing::NOW);
        let file = d.path().join("jira-fr.csv");
        std::fs::write(&file, JIRA_FR).unwrap();

        let p = preview_in(&ws, &file, None).unwrap();
        assert_eq!((p.format, p.problem.as_deref(), p.kept), (Some(FileFormat::JiraIncidents), None, false));
        let suggested: Vec<(&str, Option<&str>)> = p.columns.iter().map(|c| (c.column.as_str(), c.field.as_deref())).collect();
        assert_eq!(suggested, [
            ("résumé", Some("title")), ("clé de ticket", Some("number")), ("id de ticket", None), ("type de ticket", Some("category")),
            ("statut", Some("state")), ("priorité", Some("priority")), ("responsable", Some("assignee")), ("rapporteur", Some("caller")),
            ("création", Some("opened_at")), ("mise à jour", Some("updated_at")),
        ]);
        assert!(p.fields.iter().any(|f| f == "assignment_group") && p.fields.len() == crate::incidents::COLUMN_FIELDS.len());

        // The user leaves the ticket type out.
        let mut mapping: Vec<Option<String>> = p.columns.iter().map(|c| c.field.clone()).collect();
        mapping[3] = None;
        let seen = values_seen(&file, FileFormat::JiraIncidents, Some(&mapping)).unwrap();
        let told: Vec<(&str, Vec<(&str, u64, Option<&str>)>)> =
            seen.iter().map(|f| (f.field.as_str(), f.values.iter().map(|v| (v.value.as_str(), v.rows, v.reads_as.as_deref())).collect())).collect();
        assert_eq!(told, [
            ("state", vec![("Qualification", 2, None), ("Livré", 1, None), ("En cours", 1, Some("in_progress"))]),
            ("priority", vec![("La plus haute", 1, None), ("Basse", 1, Some("4")), ("Haute", 1, Some("2")), ("Moyenne", 1, Some("3"))]),
        ], "the values nobody reads first, each spelling once whatever its case");
        assert_eq!(seen[0].choices.iter().map(|c| c.value.as_str()).collect::<Vec<_>>(), ["new", "in_progress", "on_hold", "resolved", "closed", "cancelled"]);

        // Without a meaning for them, their rows are refused one by one.
        let mapped = ImportOptions { mapping: Some(mapping.clone()), ..Default::default() };
        let refused = import(&ws, &file, FileFormat::JiraIncidents, &mapped).unwrap();
        assert_eq!((refused.report.created, refused.report.rejected), (0, 4), "{:?}", refused.report.errors);
        let undo = crate::import::list_imports(&ws).unwrap()[0].id;
        crate::import::undo_import(&ws, undo).unwrap();

        let values = crate::import::ValueMap(
            [("state", vec![("QUALIFICATION", "new"), ("Livré", "resolved")]), ("priority", vec![("la plus haute", "1")])]
                .into_iter()
                .map(|(f, m)| (f.to_string(), m.into_iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()))
                .collect(),
        );
        let opts = ImportOptions { mapping: Some(mapping.clone()), values: values.clone(), ..Default::default() };
        let done = import(&ws, &file, FileFormat::JiraIncidents, &opts).unwrap();
        assert_eq!((done.report.created, done.report.rejected), (4, 0), "{:?}", done.report.errors);
        let list = crate::incidents::list_incidents(&ws, &crate::list::ListRequest { sort: Some(crate::list::SortTerm { field: "number".into(), descending: false }), ..Default::default() }).unwrap();
        let read: Vec<(&str, &str, Option<i64>, &str)> = list.items.iter().map(|i| (i.number.as_str(), i.state.as_str(), i.priority, i.category.as_str())).collect();
        assert_eq!(read, [("SD-1", "new", Some(2), ""), ("SD-2", "in_progress", Some(1), ""), ("SD-3", "resolved", Some(3), ""), ("SD-4", "new", Some(4), "")]);

        // Again, as the user would: nothing changes.
        let again = import(&ws, &file, FileFormat::JiraIncidents, &opts).unwrap();
        assert_eq!((again.report.created, again.report.updated, again.report.unchanged), (0, 0, 4));

        // The next export from the same Jira starts from the mapping and the meanings kept.
        let next = d.path().join("jira-fr-next.csv");
        std::fs::write(&next, JIRA_FR.replace("SD-", "SD-10")).unwrap();
        let p = preview_in(&ws, &next, None).unwrap();
        assert!(p.kept);
        assert_eq!(p.columns.iter().map(|c| c.field.clone()).collect::<Vec<_>>(), mapping);
        assert_eq!(p.values, values.normalised());
        assert_eq!(preview(&next, None).unwrap().columns[3].field.as_deref(), Some("category"), "without the workspace, the names' suggestion");

        // A meaning that is not a state is refused before anything is read.
        let bad = crate::import::ValueMap([("state".to_string(), [("Livré".to_string(), "done".to_string())].into())].into());
        let e = import(&ws, &next, FileFormat::JiraIncidents, &ImportOptions { mapping: Some(mapping.clone()), values: bad, ..Default::default() }).unwrap_err();
        assert_eq!(e.field(), Some("values"), "{e}");
        // Only closed lists take meanings, and only incident files have them.
        let e = import(&ws, &next, FileFormat::People, &ImportOptions { values: values.clone(), ..Default::default() }).unwrap_err();
        assert_eq!(e.field(), Some("values"), "{e}");
    }

    /// A client's staff list with its own headings, for a format Steward reads by fixed
    /// names (people): nothing is recognised, the user picks the format and maps the columns,
    /// and the file is read as if headed so; again, nothing changes; the next list starts
    /// from the same choices.
    #[test]
    fn a_fixed_column_format_takes_a_file_headed_otherwise_through_the_mapping() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Kim", crate::testing::NOW);
        let file = d.path().join("personnel.csv");
        std::fs::write(&file, "Matricule;Nom complet;Courriel;Fonction\n0042;José Álvarez;jose@client.example;Technicien\n0043;Marie Curie;marie@client.example;Cheffe de projet\n").unwrap();
        assert_eq!(preview(&file, None).unwrap().detected, None);
        let p = preview_in(&ws, &file, Some(FileFormat::People)).unwrap();
        assert_eq!((p.problem.as_deref(), p.required.as_slice()), (None, ["name".to_string()].as_slice()), "{p:?}");
        assert_eq!(p.fields, ["name", "email", "phone", "job_title", "groups"]);
        assert!(p.columns.iter().all(|c| c.field.is_none()));

        let mapping: Vec<Option<String>> = [None, Some("name"), Some("email"), Some("job_title")].iter().map(|m| m.map(str::to_string)).collect();
        let e = import(&ws, &file, FileFormat::People, &ImportOptions { mapping: Some(vec![None, None, Some("email".into()), None]), ..Default::default() }).unwrap_err();
        assert!(e.to_string().contains("Choose the column that holds name"), "{e}");
        let e = import(&ws, &file, FileFormat::People, &ImportOptions { mapping: Some(vec![None, Some("name".into()), Some("name".into()), None]), ..Default::default() }).unwrap_err();
        assert!(e.to_string().contains("Two columns feed name"), "{e}");
        let e = import(&ws, &file, FileFormat::People, &ImportOptions { mapping: Some(vec![None, Some("name".into()), Some("salary".into()), None]), ..Default::default() }).unwrap_err();
        assert!(e.to_string().contains("\"salary\" is not a field"), "{e}");
        let e = import(&ws, &file, FileFormat::People, &ImportOptions::default()).unwrap_err();
        assert!(e.to_string().contains("\"name\" is missing"), "unmapped, Steward's own names are needed: {e}");

        let opts = ImportOptions { mapping: Some(mapping.clone()), ..Default::default() };
        let done = import(&ws, &file, FileFormat::People, &opts).unwrap();
        assert_eq!((done.report.created, done.report.rejected), (2, 0), "{:?}", done.report.errors);
        let people = crate::directory::list_people(&ws, &crate::list::ListRequest::default()).unwrap();
        let read: Vec<(&str, &str, &str)> = people.items.iter().map(|p| (p.name.as_str(), p.email.as_deref().unwrap_or(""), p.job_title.as_str())).collect();
        assert_eq!(read, [("José Álvarez", "jose@client.example", "Technicien"), ("Marie Curie", "marie@client.example", "Cheffe de projet")]);
        let again = import(&ws, &file, FileFormat::People, &opts).unwrap();
        assert_eq!((again.report.created, again.report.updated, again.report.unchanged), (0, 0, 2));

        let p = preview_in(&ws, &file, Some(FileFormat::People)).unwrap();
        assert!(p.kept);
        assert_eq!(p.columns.iter().map(|c| c.field.clone()).collect::<Vec<_>>(), mapping);
        // Fixed columns have no values to give a meaning to.
        assert!(values_seen(&file, FileFormat::People, Some(&mapping)).unwrap().is_empty());
    }

    #[test]
    fn a_cmdb_export_headed_otherwise_is_mapped_its_other_columns_kept_as_attributes_or_left_out() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Kim", crate::testing::NOW);
        let file = d.path().join("actifs.csv");
        // A client's asset list exported from another CMDB, French headers: nothing of it
        // is ServiceNow's, so only the mapping can read it.
        std::fs::write(&file, "Nom;Classe;Environnement;Responsable;Adresse IP;Remarque
srv-paie-01;Linux Server;Production;Ana Lima;10.1.2.3;à remplacer
sw-cœur;IP Switch;Production;;10.1.0.1;
").unwrap();
        let p = preview_in(&ws, &file, Some(FileFormat::ServiceNowCis)).unwrap();
        assert_eq!(p.fields, ["name", "type", "environment", "lifecycle", "owner", "attribute"]);
        assert_eq!((p.required.as_slice(), p.shared.as_slice()), (["name".to_string()].as_slice(), ["attribute".to_string()].as_slice()));
        assert!(p.problem.is_none() && p.columns.iter().all(|c| c.field.is_none()), "{p:?}");
        let e = import(&ws, &file, FileFormat::ServiceNowCis, &ImportOptions::default()).unwrap_err();
        assert!(e.to_string().contains("\"name\" is missing"), "{e}");

        let mapping: Vec<Option<String>> = [Some("name"), Some("type"), Some("environment"), Some("owner"), Some("attribute"), None].iter().map(|m| m.map(str::to_string)).collect();
        let e = import(&ws, &file, FileFormat::ServiceNowCis, &ImportOptions { mapping: Some(vec![None, Some("type".into()), None, None, Some("attribute".into()), Some("attribute".into())]), ..Default::default() }).unwrap_err();
        assert!(e.to_string().contains("Choose the column that holds name"), "two attributes are fine, a missing name is not: {e}");
        let opts = ImportOptions { mapping: Some(mapping.clone()), ..Default::default() };
        let done = import(&ws, &file, FileFormat::ServiceNowCis, &opts).unwrap();
        assert_eq!((done.report.created, done.report.rejected), (2, 0), "{:?}", done.report.errors);
        let cis = crate::cis::list_cis(&ws, &crate::list::ListRequest::default()).unwrap().items;
        let srv = cis.iter().find(|c| c.name == "srv-paie-01").unwrap();
        assert_eq!(srv.ci_type, crate::cis::CiType::Server);
        assert_eq!(srv.attributes.get("adresse ip").map(String::as_str), Some("10.1.2.3"), "{srv:?}");
        assert!(!srv.attributes.contains_key("remarque"), "a column left out is not kept: {:?}", srv.attributes);
        assert_eq!(srv.owner_name, "Ana Lima");
        let again = import(&ws, &file, FileFormat::ServiceNowCis, &opts).unwrap();
        assert_eq!((again.report.created, again.report.updated, again.report.unchanged), (0, 0, 2));
        // The next asset list of this source starts from the same choices.
        let p = preview_in(&ws, &file, Some(FileFormat::ServiceNowCis)).unwrap();
        assert!(p.kept);
        assert_eq!(p.columns.iter().map(|c| c.field.clone()).collect::<Vec<_>>(), mapping);
    }
}
