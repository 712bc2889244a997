//! What kinds of records a workspace holds. Links, the audit trail and the search index name
//! records by kind and id; this enum is the one list of those kinds.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Service,
    Ci,
    Person,
    Group,
    Vendor,
    Incident,
    Article,
    Request,
    CatalogueItem,
    Risk,
    Control,
    Vulnerability,
    Change,
    Problem,
    Link,
    Setting,
    Workspace,
}

/// FTS rowids are `code * 2^40 + id`; must match the triggers in the migrations.
pub(crate) const FTS_STRIDE: i64 = 1 << 40;

impl RecordKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Service => "service",
            RecordKind::Ci => "ci",
            RecordKind::Person => "person",
            RecordKind::Group => "group",
            RecordKind::Vendor => "vendor",
            RecordKind::Incident => "incident",
            RecordKind::Article => "article",
            RecordKind::Request => "request",
            RecordKind::CatalogueItem => "catalogue_item",
            RecordKind::Risk => "risk",
            RecordKind::Control => "control",
            RecordKind::Vulnerability => "vulnerability",
            RecordKind::Change => "change",
            RecordKind::Problem => "problem",
            RecordKind::Link => "link",
            RecordKind::Setting => "setting",
            RecordKind::Workspace => "workspace",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "service" => RecordKind::Service,
            "ci" => RecordKind::Ci,
            "person" => RecordKind::Person,
            "group" => RecordKind::Group,
            "vendor" => RecordKind::Vendor,
            "incident" => RecordKind::Incident,
            "article" => RecordKind::Article,
            "request" => RecordKind::Request,
            "catalogue_item" => RecordKind::CatalogueItem,
            "risk" => RecordKind::Risk,
            "control" => RecordKind::Control,
            "vulnerability" => RecordKind::Vulnerability,
            "change" => RecordKind::Change,
            "problem" => RecordKind::Problem,
            "link" => RecordKind::Link,
            "setting" => RecordKind::Setting,
            "workspace" => RecordKind::Workspace,
            _ => return None,
        })
    }

    /// The code used in the search index rowid, for kinds that are searchable.
    pub(crate) fn fts_code(self) -> Option<i64> {
        match self {
            RecordKind::Service => Some(1),
            RecordKind::Ci => Some(2),
            RecordKind::Person => Some(3),
            RecordKind::Group => Some(4),
            RecordKind::Vendor => Some(5),
            RecordKind::Incident => Some(6),
            RecordKind::Article => Some(7),
            RecordKind::Request => Some(8),
            RecordKind::Risk => Some(9),
            RecordKind::Control => Some(10),
            RecordKind::Vulnerability => Some(11),
            RecordKind::Change => Some(12),
            RecordKind::Problem => Some(13),
            _ => None,
        }
    }

    pub(crate) fn from_fts_code(code: i64) -> Option<Self> {
        [RecordKind::Service, RecordKind::Ci, RecordKind::Person, RecordKind::Group, RecordKind::Vendor, RecordKind::Incident, RecordKind::Article, RecordKind::Request, RecordKind::Risk, RecordKind::Control, RecordKind::Vulnerability, RecordKind::Change, RecordKind::Problem]
            .into_iter()
            .find(|k| k.fts_code() == Some(code))
    }

    /// The words a user reads for this kind.
    pub fn label(self) -> &'static str {
        match self {
            RecordKind::Service => "Service",
            RecordKind::Ci => "Configuration item",
            RecordKind::Person => "Person",
            RecordKind::Group => "Support group",
            RecordKind::Vendor => "Vendor",
            RecordKind::Incident => "Incident",
            RecordKind::Article => "Knowledge article",
            RecordKind::Request => "Service request",
            RecordKind::CatalogueItem => "Catalogue item",
            RecordKind::Risk => "Risk",
            RecordKind::Control => "Control",
            RecordKind::Vulnerability => "Vulnerability",
            RecordKind::Change => "Change",
            RecordKind::Problem => "Problem",
            RecordKind::Link => "Link",
            RecordKind::Setting => "Setting",
            RecordKind::Workspace => "Workspace",
        }
    }
}

/// A reference to one record of any kind, as links and search results carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct RecordRef {
    pub kind: RecordKind,
    pub id: i64,
}

/// The next record number with a prefix ("INC", "REQ", "KB"): one more than the highest
/// number of that shape in `table`, seven digits. `table` and `prefix` are literals.
pub(crate) fn next_number(conn: &rusqlite::Connection, table: &str, prefix: &str) -> crate::error::Result<String> {
    let max: Option<i64> = conn.query_row(
        &format!("SELECT max(CAST(substr(number, {}) AS INTEGER)) FROM {table} WHERE number GLOB '{prefix}[0-9]*'", prefix.len() + 1),
        [],
        |r| r.get(0),
    )?;
    Ok(format!("{prefix}{:07}", max.unwrap_or(0) + 1))
}
