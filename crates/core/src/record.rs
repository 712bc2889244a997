//! What kinds of records a workspace holds. Links, the audit trail and the search index name
//! records by kind and id; this enum is the one list of those kinds.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Declares every record kind once: its stored text, the words a user reads, its code in
/// the search index (kinds that are searched), its table and the SQL that names one of its
/// records (kinds stored as records), and the page that shows it (after `#/`; `{id}`
/// stands for the record's id).
macro_rules! record_kinds {
    ($($variant:ident = $text:literal, $label:literal, search $search:expr, stored $stored:expr, page $page:expr;)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        pub enum RecordKind {
            $(#[serde(rename = $text)] $variant),+
        }

        impl RecordKind {
            pub const ALL: &'static [RecordKind] = &[$(RecordKind::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $(RecordKind::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some(RecordKind::$variant),)+ _ => None }
            }

            /// The words a user reads for this kind.
            pub fn label(self) -> &'static str {
                match self { $(RecordKind::$variant => $label),+ }
            }

            /// The code used in the search index rowid, for kinds that are searchable.
            pub(crate) fn fts_code(self) -> Option<i64> {
                match self { $(RecordKind::$variant => $search),+ }
            }

            /// The table its records are rows of, and the SQL expression naming one of them.
            pub(crate) fn stored(self) -> Option<(&'static str, &'static str)> {
                match self { $(RecordKind::$variant => $stored),+ }
            }

            /// The window's page for one record of this kind (after `#/`, `{id}` for its id).
            pub fn page(self) -> Option<&'static str> {
                match self { $(RecordKind::$variant => $page),+ }
            }
        }
    };
}

record_kinds! {
    Service = "service", "Service", search Some(1), stored Some(("services", "name")), page Some("services/{id}");
    Ci = "ci", "Configuration item", search Some(2), stored Some(("cis", "name || ' (' || environment || ')'")), page Some("cis/{id}");
    Person = "person", "Person", search Some(3), stored Some(("people", "name")), page Some("directory/people");
    Group = "group", "Support group", search Some(4), stored Some(("support_groups", "name")), page Some("directory/groups");
    Vendor = "vendor", "Vendor", search Some(5), stored Some(("vendors", "name")), page Some("directory/vendors");
    Incident = "incident", "Incident", search Some(6), stored Some(("incidents", "number || ' ' || title")), page Some("incidents/{id}");
    Article = "article", "Knowledge article", search Some(7), stored Some(("articles", "number || ' ' || title")), page Some("knowledge/{id}");
    Request = "request", "Service request", search Some(8), stored Some(("requests", "number || ' ' || title")), page Some("requests/{id}");
    CatalogueItem = "catalogue_item", "Catalogue item", search None, stored Some(("catalogue_items", "name")), page Some("catalogue/{id}");
    Risk = "risk", "Risk", search Some(9), stored Some(("risks", "number || ' ' || title")), page Some("risks/{id}");
    Control = "control", "Control", search Some(10), stored Some(("controls", "number || ' ' || name")), page Some("controls/{id}");
    Vulnerability = "vulnerability", "Vulnerability", search Some(11), stored Some(("vulnerabilities", "number || ' ' || title")), page Some("vulnerabilities/{id}");
    Change = "change", "Change", search Some(12), stored Some(("changes", "number || ' ' || title")), page Some("changes/{id}");
    Problem = "problem", "Problem", search Some(13), stored Some(("problems", "number || ' ' || title")), page Some("problems/{id}");
    Agreement = "agreement", "Service level agreement", search None, stored Some(("agreements", "name")), page Some("sla");
    Target = "sla_target", "Service level target", search None, stored Some(("sla_targets", "name")), page Some("sla");
    Calendar = "calendar", "Business calendar", search None, stored Some(("calendars", "name")), page Some("sla");
    ChangeWindow = "change_window", "Maintenance or blackout window", search None, stored Some(("change_windows", "name")), page Some("changes/calendar");
    ChangeTemplate = "change_template", "Standard change template", search None, stored Some(("change_templates", "name")), page Some("changes/settings");
    ChangeBoard = "change_board", "Change authority board", search None, stored Some(("change_boards", "name")), page Some("changes/settings");
    Import = "import", "Import", search None, stored Some(("imports", "file")), page Some("imports");
    Framework = "framework", "Framework", search None, stored Some(("frameworks", "name")), page Some("frameworks");
    Requirement = "requirement", "Framework requirement", search None, stored Some(("requirements", "ref || ' ' || title")), page Some("frameworks");
    Assessment = "assessment", "Capability assessment", search None, stored Some(("assessments", "name")), page Some("assessments/{id}");
    Criterion = "criterion", "Capability criterion", search None, stored Some(("criteria", "text")), page Some("assessments/criteria");
    Initiative = "initiative", "Improvement initiative", search Some(14), stored Some(("initiatives", "number || ' ' || title")), page Some("improvement/{id}");
    Deployment = "deployment", "Deployment", search None, stored Some(("deployments", "number || ' ' || application || ' ' || version")), page Some("deployments/{id}");
    Release = "release", "Release", search None, stored Some(("releases", "number || ' ' || application || ' ' || version")), page Some("releases/{id}");
    Application = "application", "Application", search None, stored Some(("applications", "name")), page Some("applications/{id}");
    Component = "component", "Software component", search None, stored Some(("components", "name || ' ' || version")), page None;
    CapacityMetric = "capacity_metric", "Capacity metric", search None, stored Some(("capacity_metrics", "name")), page Some("capacity/{id}");
    CapacityMeasurement = "capacity_measurement", "Capacity measurement", search None, stored Some(("capacity_measurements", "measured_at || ' ' || value")), page None;
    ProductLifecycle = "product_lifecycle", "Product lifecycle", search None, stored Some(("product_lifecycles", "product || ' ' || cycle")), page Some("cis/eol");
    QualityFigures = "quality_figures", "Quality figures", search None, stored Some(("application_quality", "measured_on")), page None;
    CostPool = "cost_pool", "Cost pool", search None, stored Some(("cost_pools", "name")), page Some("finance");
    LedgerLine = "ledger_line", "Ledger line", search None, stored Some(("ledger_lines", "booked_on || ' ' || description")), page Some("finance");
    AllocationRule = "allocation_rule", "Allocation rule", search None, stored Some(("allocation_rules", "method")), page Some("finance");
    Stakeholder = "stakeholder", "Stakeholder", search None, stored Some(("stakeholders", "coalesce(name, (SELECT name FROM people WHERE id = person_id), (SELECT name FROM vendors WHERE id = vendor_id))")), page Some("stakeholders/{id}");
    Engagement = "engagement", "Engagement log entry", search None, stored Some(("engagements", "happened_on || ' ' || summary")), page Some("engagements/all");
    ServiceReview = "service_review", "Service review", search None, stored Some(("service_reviews", "period_from || ' to ' || period_to")), page Some("reviews/{id}");
    SurveyResponse = "survey_response", "Survey response", search None, stored Some(("survey_responses", "answered_on || ' ' || comment")), page Some("satisfaction");
    Link = "link", "Link", search None, stored None, page None;
    Setting = "setting", "Setting", search None, stored None, page None;
    Workspace = "workspace", "Workspace", search None, stored None, page None;
}

/// FTS rowids are `code * 2^40 + id`; must match the triggers in the migrations.
pub(crate) const FTS_STRIDE: i64 = 1 << 40;

impl RecordKind {
    pub(crate) fn from_fts_code(code: i64) -> Option<Self> {
        RecordKind::ALL.iter().copied().find(|k| k.fts_code() == Some(code))
    }

    /// The search index's rowids of this kind's records: `lo..hi`.
    pub(crate) fn fts_range(self) -> Option<(i64, i64)> {
        self.fts_code().map(|c| (c * FTS_STRIDE, (c + 1) * FTS_STRIDE))
    }
}

/// A reference to one record of any kind, as links and search results carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct RecordRef {
    pub kind: RecordKind,
    pub id: i64,
}

impl RecordRef {
    pub const fn new(kind: RecordKind, id: i64) -> Self {
        RecordRef { kind, id }
    }
}

/// The id of the record of `kind` numbered `number` (INC…, CHG…, RSK…), if there is one.
pub(crate) fn id_by_number(conn: &rusqlite::Connection, kind: RecordKind, number: &str) -> crate::error::Result<Option<i64>> {
    use rusqlite::OptionalExtension;
    let Some((table, _)) = kind.stored() else { return Ok(None) };
    Ok(conn.prepare_cached(&format!("SELECT id FROM {table} WHERE number = ?1"))?.query_row([number.trim()], |r| r.get(0)).optional()?)
}

/// As [`id_by_number`], a missing record being "not found" in the kind's words.
pub(crate) fn require_by_number(conn: &rusqlite::Connection, kind: RecordKind, number: &str) -> crate::error::Result<i64> {
    id_by_number(conn, kind, number)?.ok_or_else(|| crate::error::CoreError::NotFound { kind: kind.label(), id: number.trim().to_string() })
}

/// The next record number with a prefix ("INC", "REQ", "KB"): one more than the highest
/// number of that shape in `table`, seven digits. `table` and `prefix` are literals.
pub(crate) fn next_number(tx: &crate::workspace::Tx<'_>, table: &'static str, prefix: &str) -> crate::error::Result<String> {
    let number = |n: i64| format!("{prefix}{n:07}");
    let taken = |n: i64| -> crate::error::Result<bool> { Ok(tx.query_row(&format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE number = ?1)"), [number(n)], |r| r.get(0))?) };
    // In a bulk import the number after the last one given is the next, found by the index
    // on numbers; the highest number is read again (a scan) only when that one was rolled
    // back with its row or the next is taken.
    let last = tx.numbers().get(table).copied();
    let next = match last {
        Some(n) if taken(n)? && !taken(n + 1)? => n + 1,
        _ => {
            let max: Option<i64> = tx.query_row(
                &format!("SELECT max(CAST(substr(number, {}) AS INTEGER)) FROM {table} WHERE number GLOB '{prefix}[0-9]*'", prefix.len() + 1),
                [],
                |r| r.get(0),
            )?;
            max.unwrap_or(0) + 1
        }
    };
    tx.numbers().insert(table, next);
    Ok(number(next))
}
