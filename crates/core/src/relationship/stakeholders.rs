//! The stakeholder register: who a service matters to and how much. One register for
//! everyone: a person is a directory person, a supplier is a vendor (its contact details stay
//! on the vendor), customers and business units are organisations named here. Each has a
//! role, influence and interest (1-5: the power/interest grid), the services it consumes or
//! provides, the agreements that bind it (those chosen here, and a supplier's underpinning
//! contracts), the person who owns the relationship, and for a consumer its number of users
//! (what showback divides a service's cost by).

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::charts::quadrants::{self, Dot, Frame, QuadrantChart, HIGH};
use crate::charts::Theme;
use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::list::{self, Field, ListRequest, ListSpec, Membership, Page};
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Tx, Workspace};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct StakeholderId(pub i64);

labelled_enum!(
    StakeholderKind {
        Person = "person": "Person",
        Customer = "customer": "Customer",
        BusinessUnit = "business_unit": "Business unit",
        Supplier = "supplier": "Supplier",
    }
);

labelled_enum!(
    ServiceRelation {
        Consumes = "consumes": "Consumes",
        Provides = "provides": "Provides",
    }
);

labelled_enum!(
    /// Where a stakeholder sits on the power/interest grid (influence and interest of 3 or
    /// more are high), and what that asks of the relationship owner.
    GridQuadrant {
        ManageClosely = "manage_closely": "Manage closely",
        KeepSatisfied = "keep_satisfied": "Keep satisfied",
        KeepInformed = "keep_informed": "Keep informed",
        Monitor = "monitor": "Monitor",
    }
);

pub fn quadrant(influence: u8, interest: u8) -> GridQuadrant {
    match (influence >= HIGH, interest >= HIGH) {
        (true, true) => GridQuadrant::ManageClosely,
        (true, false) => GridQuadrant::KeepSatisfied,
        (false, true) => GridQuadrant::KeepInformed,
        (false, false) => GridQuadrant::Monitor,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Stakeholder {
    pub id: StakeholderId,
    pub kind: StakeholderKind,
    /// The person's, the vendor's or the organisation's name.
    pub name: String,
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    #[ts(type = "number | null")]
    pub vendor_id: Option<i64>,
    pub role: String,
    pub influence: u8,
    pub interest: u8,
    pub quadrant: GridQuadrant,
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    #[ts(type = "number | null")]
    pub users: Option<i64>,
    pub notes: String,
    /// The services it consumes, by name.
    pub consumes: Vec<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StakeholderService {
    #[ts(type = "number")]
    pub service_id: i64,
    #[serde(default)]
    pub service: String,
    pub relation: ServiceRelation,
}

/// An agreement a stakeholder is party to; `through_vendor` when it is a supplier's
/// underpinning contract rather than one chosen on the stakeholder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StakeholderAgreement {
    #[ts(type = "number")]
    pub agreement_id: i64,
    pub name: String,
    pub kind: String,
    pub through_vendor: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StakeholderDetail {
    pub stakeholder: Stakeholder,
    pub services: Vec<StakeholderService>,
    pub agreements: Vec<StakeholderAgreement>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct StakeholderInput {
    pub kind: StakeholderKind,
    /// An organisation's name (customers and business units).
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub vendor_id: Option<i64>,
    #[serde(default)]
    pub role: String,
    pub influence: u8,
    pub interest: u8,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub users: Option<i64>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub services: Vec<StakeholderService>,
    #[serde(default)]
    #[ts(type = "number[]")]
    pub agreement_ids: Vec<i64>,
}

const NAME: &str = "coalesce(st.name, p.name, v.name)";
const SELECT: &str = "st.id, st.kind, coalesce(st.name, p.name, v.name), st.person_id, st.vendor_id, st.role, st.influence, st.interest, st.owner_id, o.name, st.users, st.notes, st.updated_at,
    (SELECT group_concat(name, '; ') FROM (SELECT s.name FROM stakeholder_services ss JOIN services s ON s.id = ss.service_id WHERE ss.stakeholder_id = st.id AND ss.relation = 'consumes' ORDER BY s.name))";
const FROM: &str = "stakeholders st LEFT JOIN people p ON p.id = st.person_id LEFT JOIN vendors v ON v.id = st.vendor_id LEFT JOIN people o ON o.id = st.owner_id";
static FIELDS: &[Field] = &[
    Field { name: "name", sql: NAME, sortable: true, filterable: false },
    Field { name: "kind", sql: "st.kind", sortable: true, filterable: true },
    Field { name: "influence", sql: "st.influence", sortable: true, filterable: true },
    Field { name: "interest", sql: "st.interest", sortable: true, filterable: true },
    Field {
        name: "quadrant",
        sql: "CASE WHEN st.influence >= 3 AND st.interest >= 3 THEN 'manage_closely' WHEN st.influence >= 3 THEN 'keep_satisfied' WHEN st.interest >= 3 THEN 'keep_informed' ELSE 'monitor' END",
        sortable: false,
        filterable: true,
    },
    Field { name: "owner_id", sql: "st.owner_id", sortable: false, filterable: true },
];
static LIST: ListSpec = ListSpec {
    table: "stakeholders st",
    from: FROM,
    id: "st.id",
    fields: FIELDS,
    default_sort: "name",
    search: None,
    like_fields: &[NAME, "st.role", "st.notes"],
    counts: None,
    memberships: &[Membership { name: "service_id", sql: "st.id IN (SELECT ss.stakeholder_id FROM stakeholder_services ss WHERE ss.service_id IN ({values}))" }],
    query: None,
};

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Stakeholder> {
    let (influence, interest): (u8, u8) = (r.get(6)?, r.get(7)?);
    let consumes: Option<String> = r.get(13)?;
    Ok(Stakeholder {
        id: StakeholderId(r.get(0)?),
        kind: r.get(1)?,
        name: r.get(2)?,
        person_id: r.get(3)?,
        vendor_id: r.get(4)?,
        role: r.get(5)?,
        influence,
        interest,
        quadrant: quadrant(influence, interest),
        owner_id: r.get(8)?,
        owner: r.get(9)?,
        users: r.get(10)?,
        notes: r.get(11)?,
        updated_at: r.get(12)?,
        consumes: consumes.map(|c| c.split("; ").map(str::to_string).collect()).unwrap_or_default(),
    })
}

fn fetch(conn: &Connection, id: StakeholderId) -> Result<Stakeholder> {
    conn.query_row(&format!("SELECT {SELECT} FROM {FROM} WHERE st.id = ?1"), [id.0], map)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Stakeholder", id: id.0.to_string() })
}

pub fn list_stakeholders(ws: &Workspace, req: &ListRequest) -> Result<Page<Stakeholder>> {
    list::run(ws.conn(), &LIST, req, SELECT, map)
}

fn services_of(conn: &Connection, id: StakeholderId) -> Result<Vec<StakeholderService>> {
    let rows = conn
        .prepare_cached("SELECT ss.service_id, s.name, ss.relation FROM stakeholder_services ss JOIN services s ON s.id = ss.service_id WHERE ss.stakeholder_id = ?1 ORDER BY ss.relation, s.name")?
        .query_map([id.0], |r| Ok(StakeholderService { service_id: r.get(0)?, service: r.get(1)?, relation: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn agreements_of(conn: &Connection, s: &Stakeholder) -> Result<Vec<StakeholderAgreement>> {
    let rows = conn
        .prepare_cached(
            "SELECT a.id, a.name, a.kind, 0 FROM stakeholder_agreements sa JOIN agreements a ON a.id = sa.agreement_id WHERE sa.stakeholder_id = ?1
             UNION ALL
             SELECT a.id, a.name, a.kind, 1 FROM agreements a WHERE a.vendor_id = ?2 AND a.id NOT IN (SELECT agreement_id FROM stakeholder_agreements WHERE stakeholder_id = ?1)
             ORDER BY 2",
        )?
        .query_map(params![s.id.0, s.vendor_id], |r| Ok(StakeholderAgreement { agreement_id: r.get(0)?, name: r.get(1)?, kind: r.get(2)?, through_vendor: r.get(3)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn get_stakeholder(ws: &Workspace, id: StakeholderId) -> Result<StakeholderDetail> {
    let conn = ws.conn();
    let stakeholder = fetch(conn, id)?;
    Ok(StakeholderDetail { services: services_of(conn, id)?, agreements: agreements_of(conn, &stakeholder)?, stakeholder })
}

struct Checked {
    kind: StakeholderKind,
    name: Option<String>,
    person_id: Option<i64>,
    vendor_id: Option<i64>,
    role: String,
    notes: String,
}

fn check(conn: &Connection, input: &StakeholderInput, except: Option<StakeholderId>) -> Result<Checked> {
    let kind = input.kind;
    for (field, v) in [("influence", input.influence), ("interest", input.interest)] {
        if !(1..=5).contains(&v) {
            return Err(CoreError::validation(field, format!("Rate the {field} from 1 (low) to 5 (high).")));
        }
    }
    if input.users.is_some_and(|u| u < 0) {
        return Err(CoreError::validation("users", "The number of users cannot be negative."));
    }
    validate::exists(conn, "people", input.owner_id, "owner_id", "relationship owner")?;
    let (mut name, mut person_id, mut vendor_id) = (None, None, None);
    let taken = |sql: &str, v: &dyn rusqlite::ToSql| -> Result<bool> { Ok(conn.query_row(sql, params![v, except.map(|e| e.0)], |r| r.get::<_, i64>(0)).optional()?.is_some()) };
    match kind {
        StakeholderKind::Person => {
            let id = input.person_id.ok_or_else(|| CoreError::validation("person_id", "Choose the person from the directory."))?;
            validate::exists(conn, "people", Some(id), "person_id", "person")?;
            if taken("SELECT id FROM stakeholders WHERE person_id = ?1 AND id IS NOT ?2", &id)? {
                return Err(CoreError::validation("person_id", "This person is already in the stakeholder register."));
            }
            person_id = Some(id);
        }
        StakeholderKind::Supplier => {
            let id = input.vendor_id.ok_or_else(|| CoreError::validation("vendor_id", "Choose the supplier among the vendors (add it in the directory first)."))?;
            validate::exists(conn, "vendors", Some(id), "vendor_id", "vendor")?;
            if taken("SELECT id FROM stakeholders WHERE vendor_id = ?1 AND id IS NOT ?2", &id)? {
                return Err(CoreError::validation("vendor_id", "This vendor is already in the stakeholder register."));
            }
            vendor_id = Some(id);
        }
        StakeholderKind::Customer | StakeholderKind::BusinessUnit => {
            let n = validate::name("name", &input.name, 200)?;
            if taken("SELECT id FROM stakeholders WHERE name = ?1 AND id IS NOT ?2", &n)? {
                return Err(CoreError::validation("name", format!("The register already has an organisation named \"{n}\".")));
            }
            name = Some(n);
        }
    }
    let mut seen = std::collections::HashSet::new();
    for s in &input.services {
        validate::exists(conn, "services", Some(s.service_id), "services", "service")?;
        if !seen.insert((s.service_id, s.relation)) {
            return Err(CoreError::validation("services", "A service is listed twice with the same relation."));
        }
    }
    for a in &input.agreement_ids {
        validate::exists(conn, "agreements", Some(*a), "agreement_ids", "agreement")?;
    }
    Ok(Checked { kind, name, person_id, vendor_id, role: validate::line("role", &input.role, 200)?, notes: validate::text("notes", &input.notes, 20_000)? })
}

fn write_sets(tx: &Tx<'_>, id: StakeholderId, input: &StakeholderInput) -> Result<()> {
    tx.execute("DELETE FROM stakeholder_services WHERE stakeholder_id = ?1", [id.0])?;
    tx.execute("DELETE FROM stakeholder_agreements WHERE stakeholder_id = ?1", [id.0])?;
    for s in &input.services {
        tx.execute("INSERT INTO stakeholder_services (stakeholder_id, service_id, relation) VALUES (?1, ?2, ?3)", params![id.0, s.service_id, s.relation])?;
    }
    for a in &input.agreement_ids {
        tx.execute("INSERT OR IGNORE INTO stakeholder_agreements (stakeholder_id, agreement_id) VALUES (?1, ?2)", params![id.0, a])?;
    }
    Ok(())
}

/// What the audit trail keeps of a stakeholder: the register's fields and its sets.
fn snapshot(conn: &Connection, id: StakeholderId) -> Result<serde_json::Value> {
    let s = fetch(conn, id)?;
    let services = services_of(conn, id)?;
    let agreements: Vec<i64> = conn.prepare_cached("SELECT agreement_id FROM stakeholder_agreements WHERE stakeholder_id = ?1 ORDER BY agreement_id")?.query_map([id.0], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(serde_json::json!({
        "kind": s.kind, "name": s.name, "role": s.role, "influence": s.influence, "interest": s.interest, "owner": s.owner, "users": s.users, "notes": s.notes,
        "services": services.iter().map(|x| format!("{} {}", x.relation.label().to_lowercase(), x.service)).collect::<Vec<_>>(),
        "agreements": agreements,
    }))
}

pub(crate) fn create_in(tx: &Tx<'_>, input: &StakeholderInput) -> Result<StakeholderId> {
    let c = check(tx, input, None)?;
    tx.execute(
        "INSERT INTO stakeholders (kind, name, person_id, vendor_id, role, influence, interest, owner_id, users, notes, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
        params![c.kind, c.name, c.person_id, c.vendor_id, c.role, input.influence, input.interest, input.owner_id, input.users, c.notes, tx.at()],
    )?;
    let id = StakeholderId(tx.last_insert_rowid());
    write_sets(tx, id, input)?;
    tx.audit(Action::created("stakeholder.added"), RecordRef::new(RecordKind::Stakeholder, id.0), snapshot(tx, id)?)?;
    Ok(id)
}

pub fn create_stakeholder(ws: &Workspace, input: &StakeholderInput) -> Result<StakeholderDetail> {
    let id = ws.write(|tx| create_in(tx, input))?;
    get_stakeholder(ws, id)
}

pub fn update_stakeholder(ws: &Workspace, id: StakeholderId, input: &StakeholderInput) -> Result<StakeholderDetail> {
    ws.write(|tx| {
        let before = snapshot(tx, id)?;
        let c = check(tx, input, Some(id))?;
        tx.execute(
            "UPDATE stakeholders SET kind = ?2, name = ?3, person_id = ?4, vendor_id = ?5, role = ?6, influence = ?7, interest = ?8, owner_id = ?9, users = ?10, notes = ?11, updated_at = ?12 WHERE id = ?1",
            params![id.0, c.kind, c.name, c.person_id, c.vendor_id, c.role, input.influence, input.interest, input.owner_id, input.users, c.notes, tx.at()],
        )?;
        write_sets(tx, id, input)?;
        let changes = validate::diff(&before, &snapshot(tx, id)?);
        if changes.as_object().is_some_and(|c| !c.is_empty()) {
            tx.audit(Action::did("stakeholder.updated"), RecordRef::new(RecordKind::Stakeholder, id.0), changes)?;
        }
        Ok(())
    })?;
    get_stakeholder(ws, id)
}

/// Removes a stakeholder with no engagement log (the log is the record of the relationship:
/// it is not deleted with it).
pub fn delete_stakeholder(ws: &Workspace, id: StakeholderId) -> Result<()> {
    ws.write(|tx| {
        let before = snapshot(tx, id)?;
        let logged: i64 = tx.query_row("SELECT count(*) FROM engagements WHERE stakeholder_id = ?1", [id.0], |r| r.get(0))?;
        if logged > 0 {
            return Err(CoreError::Conflict(format!("The engagement log has {logged} entr{} with this stakeholder: it stays in the register.", if logged == 1 { "y" } else { "ies" })));
        }
        tx.execute("DELETE FROM stakeholders WHERE id = ?1", [id.0])?;
        tx.audit(Action::did("stakeholder.deleted"), RecordRef::new(RecordKind::Stakeholder, id.0), before)
    })
}

/// The power/interest grid: every stakeholder by interest (across) and influence (up),
/// with the quadrants' places so a click can filter the register.
pub fn stakeholder_grid(ws: &Workspace, theme: Theme) -> Result<QuadrantChart> {
    let dots: Vec<Dot> = ws
        .conn()
        .prepare(&format!("SELECT coalesce(st.name, p.name, v.name), st.interest, st.influence FROM {FROM} ORDER BY 1, st.id"))?
        .query_map([], |r| Ok(Dot { label: r.get(0)?, across: r.get(1)?, up: r.get(2)?, weight: Some(0.0) }))?
        .collect::<rusqlite::Result<_>>()?;
    let q = |g: GridQuadrant| (g.as_str(), g.label());
    let frame = Frame {
        title: "Stakeholders: power and interest",
        across: "Interest",
        up: "Influence",
        quadrants: [q(GridQuadrant::KeepSatisfied), q(GridQuadrant::ManageClosely), q(GridQuadrant::Monitor), q(GridQuadrant::KeepInformed)],
    };
    quadrants::render(&frame, &dots, theme)
}
