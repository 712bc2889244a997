//! The directory of people, support groups and vendors. Other practices refer to people as
//! owners, assignees and callers, and to groups as queues ("my groups").
//!
//! **Invariant:** a person who still owns records cannot be deleted (mark them inactive);
//! group memberships go with the person or group.

mod model;
pub use model::*;

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{CoreError, Result};
use crate::import::{field, history, row_in_savepoint, Column, ImportReport, Outcome, Table};
use crate::list::{self, Field, ListRequest, ListSpec, Page};
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Tx, Workspace};

/// What the practice registry knows of directory (`crate::PRACTICES`).
pub(crate) const KINDS: &[crate::record::RecordKind] = &[crate::record::RecordKind::Person, crate::record::RecordKind::Group, crate::record::RecordKind::Vendor];
pub(crate) const DEMO: Option<crate::practice::DemoPart> = None;

pub(crate) fn person_name(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT name FROM people WHERE id = ?1", [id], |r| r.get(0)).optional()?)
}

// ---- people ----

const PERSON_SELECT: &str = "p.id, p.name, p.email, p.phone, p.job_title, p.active, p.updated_at,
    (SELECT group_concat(g.id || char(30) || g.name, '\u{1f}') FROM group_members m JOIN support_groups g ON g.id = m.group_id WHERE m.person_id = p.id)";

static PERSON_FIELDS: &[Field] = &[
    Field { name: "id", sql: "p.id", sortable: false, filterable: true },
    Field { name: "name", sql: "p.name", sortable: true, filterable: true },
    Field { name: "active", sql: "p.active", sortable: false, filterable: true },
    Field { name: "updated_at", sql: "p.updated_at", sortable: true, filterable: false },
];
static PERSON_LIST: ListSpec = ListSpec {
    table: "people p",
    from: "people p",
    id: "p.id",
    fields: PERSON_FIELDS,
    default_sort: "name",
    search: Some(RecordKind::Person),
    like_fields: &[],
    counts: None,
    // The members of any of the given support groups (an assignee picker offers a group's first).
    memberships: &[list::Membership { name: "group_id", sql: "p.id IN (SELECT m.person_id FROM group_members m WHERE m.group_id IN ({values}))" }],
    query: None,
};

fn map_person(r: &rusqlite::Row<'_>) -> rusqlite::Result<Person> {
    let groups: Option<String> = r.get(7)?;
    let mut groups: Vec<(i64, String)> = groups
        .iter()
        .flat_map(|g| g.split('\u{1f}'))
        .filter_map(|g| g.split_once('\u{1e}').and_then(|(id, name)| Some((id.parse().ok()?, name.to_string()))))
        .collect();
    groups.sort_by_key(|(_, g)| g.to_lowercase());
    let (group_ids, groups) = groups.into_iter().unzip();
    Ok(Person {
        id: PersonId(r.get(0)?),
        name: r.get(1)?,
        email: r.get(2)?,
        phone: r.get(3)?,
        job_title: r.get(4)?,
        active: r.get(5)?,
        updated_at: r.get(6)?,
        groups,
        group_ids,
    })
}

pub fn list_people(ws: &Workspace, req: &ListRequest) -> Result<Page<Person>> {
    list::run(ws.conn(), &PERSON_LIST, req, PERSON_SELECT, map_person)
}

fn fetch_person(conn: &Connection, id: PersonId) -> Result<Person> {
    conn.query_row(&format!("SELECT {PERSON_SELECT} FROM people p WHERE p.id = ?1"), [id.0], map_person)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Person", id: id.0.to_string() })
}

pub fn get_person(ws: &Workspace, id: PersonId) -> Result<Person> {
    fetch_person(ws.conn(), id)
}

fn person_snapshot(p: &Person) -> serde_json::Value {
    serde_json::json!({"name": p.name, "email": p.email, "phone": p.phone, "job_title": p.job_title, "active": p.active, "groups": p.groups})
}

fn parse_person(tx: &Tx<'_>, input: &PersonInput, except: Option<PersonId>) -> Result<(String, Option<String>, String, String)> {
    let name = validate::name("name", &input.name, 200)?;
    let email = validate::email("email", &input.email)?;
    if let Some(e) = &email {
        let clash: Option<String> = tx
            .query_row("SELECT name FROM people WHERE email = ?1 AND id IS NOT ?2", params![e, except.map(|x| x.0)], |r| r.get(0))
            .optional()?;
        if let Some(other) = clash {
            return Err(CoreError::validation("email", format!("{other} already has the e-mail address {e}.")));
        }
    }
    for g in &input.group_ids {
        group_exists(tx, *g)?;
    }
    Ok((name, email, validate::line("phone", &input.phone, 50)?, validate::line("job_title", &input.job_title, 200)?))
}

fn group_exists(conn: &Connection, id: GroupId) -> Result<()> {
    let found: Option<i64> = conn.query_row("SELECT id FROM support_groups WHERE id = ?1", [id.0], |r| r.get(0)).optional()?;
    found.map(|_| ()).ok_or_else(|| CoreError::validation("group_ids", "One of the chosen support groups no longer exists."))
}

fn set_groups(tx: &Tx<'_>, person: PersonId, groups: &[GroupId]) -> Result<()> {
    tx.execute("DELETE FROM group_members WHERE person_id = ?1", [person.0])?;
    for g in groups {
        tx.execute("INSERT OR IGNORE INTO group_members (group_id, person_id) VALUES (?1, ?2)", params![g.0, person.0])?;
    }
    Ok(())
}

pub fn create_person(ws: &Workspace, input: &PersonInput) -> Result<Person> {
    ws.write(|tx| create_person_in(tx, input))
}

pub(crate) fn create_person_in(tx: &Tx<'_>, input: &PersonInput) -> Result<Person> {
    let (name, email, phone, job_title) = parse_person(tx, input, None)?;
    tx.execute(
        "INSERT INTO people (name, email, phone, job_title, active, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![name, email, phone, job_title, input.active, tx.at()],
    )?;
    let id = PersonId(tx.last_insert_rowid());
    set_groups(tx, id, &input.group_ids)?;
    let p = fetch_person(tx, id)?;
    tx.audit(Action::created("person.created"), RecordRef::new(RecordKind::Person, id.0), person_snapshot(&p))?;
    Ok(p)
}

pub fn update_person(ws: &Workspace, id: PersonId, input: &PersonInput) -> Result<Person> {
    ws.write(|tx| {
        let before = fetch_person(tx, id)?;
        let (name, email, phone, job_title) = parse_person(tx, input, Some(id))?;
        tx.execute(
            "UPDATE people SET name = ?1, email = ?2, phone = ?3, job_title = ?4, active = ?5, updated_at = ?6 WHERE id = ?7",
            params![name, email, phone, job_title, input.active, tx.at(), id.0],
        )?;
        set_groups(tx, id, &input.group_ids)?;
        let after = fetch_person(tx, id)?;
        let changes = validate::diff(&person_snapshot(&before), &person_snapshot(&after));
        if changes.as_object().is_some_and(|c| !c.is_empty()) {
            tx.audit(Action::did("person.updated"), RecordRef::new(RecordKind::Person, id.0), changes)?;
        }
        Ok(after)
    })
}

pub fn delete_person(ws: &Workspace, id: PersonId) -> Result<()> {
    ws.write(|tx| {
        let before = fetch_person(tx, id)?;
        let owned: i64 = tx.query_row(
            "SELECT (SELECT count(*) FROM services WHERE owner_id = ?1) + (SELECT count(*) FROM cis WHERE owner_id = ?1)",
            [id.0],
            |r| r.get(0),
        )?;
        if owned > 0 {
            return Err(CoreError::Conflict(format!(
                "{} owns {owned} service{} or configuration item{}. Give them another owner first, or mark {} inactive instead.",
                before.name,
                if owned == 1 { "" } else { "s" },
                if owned == 1 { "" } else { "s" },
                before.name
            )));
        }
        tx.execute("DELETE FROM people WHERE id = ?1", [id.0])?;
        tx.audit(Action::did("person.deleted"), RecordRef::new(RecordKind::Person, id.0), person_snapshot(&before))
    })
}

// ---- support groups ----

const GROUP_SELECT: &str = "g.id, g.name, g.email, g.description, (SELECT count(*) FROM group_members m WHERE m.group_id = g.id), g.updated_at";
static GROUP_FIELDS: &[Field] = &[
    Field { name: "id", sql: "g.id", sortable: false, filterable: true },
    Field { name: "name", sql: "g.name", sortable: true, filterable: true },
    Field { name: "updated_at", sql: "g.updated_at", sortable: true, filterable: false },
];
static GROUP_LIST: ListSpec = ListSpec { table: "support_groups g", from: "support_groups g", id: "g.id", fields: GROUP_FIELDS, default_sort: "name", search: Some(RecordKind::Group), like_fields: &[], counts: None, memberships: &[], query: None };

fn map_group(r: &rusqlite::Row<'_>) -> rusqlite::Result<Group> {
    Ok(Group { id: GroupId(r.get(0)?), name: r.get(1)?, email: r.get(2)?, description: r.get(3)?, member_count: r.get(4)?, updated_at: r.get(5)? })
}

pub fn list_groups(ws: &Workspace, req: &ListRequest) -> Result<Page<Group>> {
    list::run(ws.conn(), &GROUP_LIST, req, GROUP_SELECT, map_group)
}

fn fetch_group(conn: &Connection, id: GroupId) -> Result<Group> {
    conn.query_row(&format!("SELECT {GROUP_SELECT} FROM support_groups g WHERE g.id = ?1"), [id.0], map_group)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Support group", id: id.0.to_string() })
}

fn group_snapshot(g: &Group) -> serde_json::Value {
    serde_json::json!({"name": g.name, "email": g.email, "description": g.description})
}

fn parse_group(tx: &Tx<'_>, input: &GroupInput, except: Option<GroupId>) -> Result<(String, String, String)> {
    let name = validate::name("name", &input.name, 200)?;
    let clash: Option<i64> = tx
        .query_row("SELECT id FROM support_groups WHERE name = ?1 AND id IS NOT ?2", params![name, except.map(|x| x.0)], |r| r.get(0))
        .optional()?;
    if clash.is_some() {
        return Err(CoreError::validation("name", format!("A support group named \"{name}\" already exists.")));
    }
    let email = validate::email("email", &input.email)?.unwrap_or_default();
    Ok((name, email, validate::text("description", &input.description, 5000)?))
}

/// A person an import names and the directory lacks, with nothing but the name (imports
/// create thousands: no read-back).
pub(crate) fn create_person_named(tx: &Tx<'_>, name: &str) -> Result<i64> {
    let name = validate::name("name", name, 200)?;
    tx.prepare_cached("INSERT INTO people (name, created_at, updated_at) VALUES (?1, ?2, ?2)")?.execute(params![name, tx.at()])?;
    let id = tx.last_insert_rowid();
    tx.audit(Action::created("person.created"), RecordRef::new(RecordKind::Person, id), serde_json::json!({"name": name}))?;
    Ok(id)
}

/// A support group an import names and the directory lacks, with nothing but the name.
pub(crate) fn create_group_named(tx: &Tx<'_>, name: &str) -> Result<i64> {
    let name = validate::name("name", name, 200)?;
    tx.prepare_cached("INSERT INTO support_groups (name, created_at, updated_at) VALUES (?1, ?2, ?2)")?.execute(params![name, tx.at()])?;
    let id = tx.last_insert_rowid();
    tx.audit(Action::created("group.created"), RecordRef::new(RecordKind::Group, id), serde_json::json!({"name": name}))?;
    Ok(id)
}

pub fn create_group(ws: &Workspace, input: &GroupInput) -> Result<Group> {
    ws.write(|tx| create_group_in(tx, input))
}

pub(crate) fn create_group_in(tx: &Tx<'_>, input: &GroupInput) -> Result<Group> {
    let (name, email, description) = parse_group(tx, input, None)?;
    tx.execute(
        "INSERT INTO support_groups (name, email, description, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![name, email, description, tx.at()],
    )?;
    let g = fetch_group(tx, GroupId(tx.last_insert_rowid()))?;
    tx.audit(Action::created("group.created"), RecordRef::new(RecordKind::Group, g.id.0), group_snapshot(&g))?;
    Ok(g)
}

pub fn update_group(ws: &Workspace, id: GroupId, input: &GroupInput) -> Result<Group> {
    ws.write(|tx| {
        let before = fetch_group(tx, id)?;
        let (name, email, description) = parse_group(tx, input, Some(id))?;
        tx.execute(
            "UPDATE support_groups SET name = ?1, email = ?2, description = ?3, updated_at = ?4 WHERE id = ?5",
            params![name, email, description, tx.at(), id.0],
        )?;
        let after = fetch_group(tx, id)?;
        let changes = validate::diff(&group_snapshot(&before), &group_snapshot(&after));
        if changes.as_object().is_some_and(|c| !c.is_empty()) {
            tx.audit(Action::did("group.updated"), RecordRef::new(RecordKind::Group, id.0), changes)?;
        }
        Ok(after)
    })
}

pub fn delete_group(ws: &Workspace, id: GroupId) -> Result<()> {
    ws.write(|tx| {
        let before = fetch_group(tx, id)?;
        tx.execute("DELETE FROM support_groups WHERE id = ?1", [id.0])?;
        tx.audit(Action::did("group.deleted"), RecordRef::new(RecordKind::Group, id.0), group_snapshot(&before))
    })
}

// ---- vendors ----

const VENDOR_SELECT: &str = "v.id, v.name, v.contact_name, v.email, v.phone, v.website, v.updated_at";
static VENDOR_FIELDS: &[Field] = &[
    Field { name: "id", sql: "v.id", sortable: false, filterable: true },
    Field { name: "name", sql: "v.name", sortable: true, filterable: true },
    Field { name: "updated_at", sql: "v.updated_at", sortable: true, filterable: false },
];
static VENDOR_LIST: ListSpec = ListSpec { table: "vendors v", from: "vendors v", id: "v.id", fields: VENDOR_FIELDS, default_sort: "name", search: Some(RecordKind::Vendor), like_fields: &[], counts: None, memberships: &[], query: None };

fn map_vendor(r: &rusqlite::Row<'_>) -> rusqlite::Result<Vendor> {
    Ok(Vendor { id: VendorId(r.get(0)?), name: r.get(1)?, contact_name: r.get(2)?, email: r.get(3)?, phone: r.get(4)?, website: r.get(5)?, updated_at: r.get(6)? })
}

pub fn list_vendors(ws: &Workspace, req: &ListRequest) -> Result<Page<Vendor>> {
    list::run(ws.conn(), &VENDOR_LIST, req, VENDOR_SELECT, map_vendor)
}

fn fetch_vendor(conn: &Connection, id: VendorId) -> Result<Vendor> {
    conn.query_row(&format!("SELECT {VENDOR_SELECT} FROM vendors v WHERE v.id = ?1"), [id.0], map_vendor)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Vendor", id: id.0.to_string() })
}

fn vendor_snapshot(v: &Vendor) -> serde_json::Value {
    serde_json::json!({"name": v.name, "contact_name": v.contact_name, "email": v.email, "phone": v.phone, "website": v.website})
}

fn parse_vendor(tx: &Tx<'_>, input: &VendorInput, except: Option<VendorId>) -> Result<VendorInput> {
    let name = validate::name("name", &input.name, 200)?;
    let clash: Option<i64> = tx
        .query_row("SELECT id FROM vendors WHERE name = ?1 AND id IS NOT ?2", params![name, except.map(|x| x.0)], |r| r.get(0))
        .optional()?;
    if clash.is_some() {
        return Err(CoreError::validation("name", format!("A vendor named \"{name}\" already exists.")));
    }
    Ok(VendorInput {
        name,
        contact_name: validate::line("contact_name", &input.contact_name, 200)?,
        email: validate::email("email", &input.email)?.unwrap_or_default(),
        phone: validate::line("phone", &input.phone, 50)?,
        website: validate::line("website", &input.website, 500)?,
    })
}

pub fn create_vendor(ws: &Workspace, input: &VendorInput) -> Result<Vendor> {
    ws.write(|tx| create_vendor_in(tx, input))
}

pub(crate) fn create_vendor_in(tx: &Tx<'_>, input: &VendorInput) -> Result<Vendor> {
    let v = parse_vendor(tx, input, None)?;
    tx.execute(
        "INSERT INTO vendors (name, contact_name, email, phone, website, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![v.name, v.contact_name, v.email, v.phone, v.website, tx.at()],
    )?;
    let created = fetch_vendor(tx, VendorId(tx.last_insert_rowid()))?;
    tx.audit(Action::created("vendor.created"), RecordRef::new(RecordKind::Vendor, created.id.0), vendor_snapshot(&created))?;
    Ok(created)
}

pub fn update_vendor(ws: &Workspace, id: VendorId, input: &VendorInput) -> Result<Vendor> {
    ws.write(|tx| {
        let before = fetch_vendor(tx, id)?;
        let v = parse_vendor(tx, input, Some(id))?;
        tx.execute(
            "UPDATE vendors SET name = ?1, contact_name = ?2, email = ?3, phone = ?4, website = ?5, updated_at = ?6 WHERE id = ?7",
            params![v.name, v.contact_name, v.email, v.phone, v.website, tx.at(), id.0],
        )?;
        let after = fetch_vendor(tx, id)?;
        let changes = validate::diff(&vendor_snapshot(&before), &vendor_snapshot(&after));
        if changes.as_object().is_some_and(|c| !c.is_empty()) {
            tx.audit(Action::did("vendor.updated"), RecordRef::new(RecordKind::Vendor, id.0), changes)?;
        }
        Ok(after)
    })
}

pub fn delete_vendor(ws: &Workspace, id: VendorId) -> Result<()> {
    ws.write(|tx| {
        let before = fetch_vendor(tx, id)?;
        tx.execute("DELETE FROM vendors WHERE id = ?1", [id.0])?;
        tx.audit(Action::did("vendor.deleted"), RecordRef::new(RecordKind::Vendor, id.0), vendor_snapshot(&before))
    })
}

// ---- "me" ----

/// Matches the user's identity (e-mail first, then name) to a person and their groups.
pub fn whoami(ws: &Workspace, name: &str, email: Option<&str>) -> Result<Me> {
    let conn = ws.conn();
    let by_email: Option<i64> = match email.filter(|e| !e.trim().is_empty()) {
        Some(e) => conn.query_row("SELECT id FROM people WHERE email = ?1", [e.trim()], |r| r.get(0)).optional()?,
        None => None,
    };
    let id = match by_email {
        Some(id) => Some(id),
        None => conn.query_row("SELECT id FROM people WHERE name = ?1 ORDER BY id LIMIT 1", [name.trim()], |r| r.get(0)).optional()?,
    };
    let Some(id) = id else { return Ok(Me { person: None, groups: vec![] }) };
    let person = fetch_person(conn, PersonId(id))?;
    let mut stmt = conn.prepare(&format!(
        "SELECT {GROUP_SELECT} FROM support_groups g JOIN group_members m ON m.group_id = g.id WHERE m.person_id = ?1 ORDER BY g.name"
    ))?;
    let groups = stmt.query_map([id], map_group)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Me { person: Some(person), groups })
}

// ---- CSV import ----

const NAME: Column = Column::required("name", &["name", "full_name", "display_name"]);
const EMAIL: Column = Column::optional("email", &["email", "e-mail", "mail"]);
const PHONE: Column = Column::optional("phone", &["phone", "telephone"]);
const JOB_TITLE: Column = Column::optional("job_title", &["job_title", "title"]);
const GROUPS: Column = Column::optional("groups", &["groups", "group", "support_groups"]);
const DESCRIPTION: Column = Column::optional("description", &["description"]);
const CONTACT: Column = Column::optional("contact_name", &["contact_name", "contact"]);
const WEBSITE: Column = Column::optional("website", &["website", "url"]);

/// The columns each directory CSV is read by.
pub fn columns(kind: DirectoryKind) -> &'static [Column] {
    match kind {
        DirectoryKind::People => &[NAME, EMAIL, PHONE, JOB_TITLE, GROUPS],
        DirectoryKind::Groups => &[NAME, EMAIL, DESCRIPTION],
        DirectoryKind::Vendors => &[NAME, CONTACT, EMAIL, PHONE, WEBSITE],
    }
}

/// Imports people, groups or vendors from a CSV file in one transaction. Rows are matched
/// to existing records (people by e-mail, else name; groups and vendors by name), so
/// importing the same file twice changes nothing. One audit entry records the file.
pub fn import_directory(ws: &Workspace, kind: DirectoryKind, path: &Path, opts: &crate::import::ImportOptions) -> Result<ImportReport> {
    let table = Table::read_as(path, opts)?;
    let name_col = table.require(path, NAME.names)?;
    let mut report = ImportReport::new(&format!("directory-{}", kind.as_str()));
    let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    ws.write(|tx| {
        let run = history::begin(tx, kind.as_str(), &report.format, &file, &table.sha256)?;
        let record = |k: RecordKind, id: i64| RecordRef { kind: k, id };
        match kind {
            DirectoryKind::Groups => {
                let (email, desc) = (EMAIL.find(&table.headers), DESCRIPTION.find(&table.headers));
                table.each(|row, rec| {
                    report.rows_read += 1;
                    let input = GroupInput { name: field(rec, Some(name_col)).into(), email: field(rec, email).into(), description: field(rec, desc).into() };
                    upsert(tx, &mut report, row, &input.name.clone(), |tx, name| {
                        let existing: Option<i64> = tx.query_row("SELECT id FROM support_groups WHERE name = ?1", [name], |r| r.get(0)).optional()?;
                        Ok(match existing {
                            None => { create_group_in(tx, &input)?; Outcome::Created }
                            Some(id) => history::changing(tx, run, record(RecordKind::Group, id), || {
                                let (n, e, d) = parse_group(tx, &input, Some(GroupId(id)))?;
                                Ok(updated(tx.execute(
                                    "UPDATE support_groups SET name = ?1, email = ?2, description = ?3, updated_at = ?4 WHERE id = ?5 AND (name, email, description) IS NOT (?1, ?2, ?3)",
                                    params![n, e, d, tx.at(), id],
                                )?))
                            })?,
                        })
                    })
                })?;
            }
            DirectoryKind::Vendors => {
                let cols = [CONTACT, EMAIL, PHONE, WEBSITE].map(|c| c.find(&table.headers));
                table.each(|row, rec| {
                    report.rows_read += 1;
                    let input = VendorInput {
                        name: field(rec, Some(name_col)).into(),
                        contact_name: field(rec, cols[0]).into(),
                        email: field(rec, cols[1]).into(),
                        phone: field(rec, cols[2]).into(),
                        website: field(rec, cols[3]).into(),
                    };
                    upsert(tx, &mut report, row, &input.name.clone(), |tx, name| {
                        let existing: Option<i64> = tx.query_row("SELECT id FROM vendors WHERE name = ?1", [name], |r| r.get(0)).optional()?;
                        Ok(match existing {
                            None => { create_vendor_in(tx, &input)?; Outcome::Created }
                            Some(id) => history::changing(tx, run, record(RecordKind::Vendor, id), || {
                                let v = parse_vendor(tx, &input, Some(VendorId(id)))?;
                                Ok(updated(tx.execute(
                                    "UPDATE vendors SET contact_name = ?1, email = ?2, phone = ?3, website = ?4, updated_at = ?5 WHERE id = ?6 AND (contact_name, email, phone, website) IS NOT (?1, ?2, ?3, ?4)",
                                    params![v.contact_name, v.email, v.phone, v.website, tx.at(), id],
                                )?))
                            })?,
                        })
                    })
                })?;
            }
            DirectoryKind::People => {
                let cols = [EMAIL, PHONE, JOB_TITLE, GROUPS].map(|c| c.find(&table.headers));
                table.each(|row, rec| {
                    report.rows_read += 1;
                    let name = field(rec, Some(name_col)).to_string();
                    let email = field(rec, cols[0]).to_string();
                    let groups: Vec<String> = field(rec, cols[3]).split(';').map(str::trim).filter(|g| !g.is_empty()).map(str::to_string).collect();
                    upsert(tx, &mut report, row, &name.clone(), |tx, name| {
                        let mut group_ids = Vec::new();
                        for g in &groups {
                            group_ids.push(group_named(tx, g)?);
                        }
                        let input = PersonInput {
                            name: name.into(), email: email.clone(), phone: field(rec, cols[1]).into(),
                            job_title: field(rec, cols[2]).into(), active: true, group_ids,
                        };
                        let existing: Option<i64> = if email.is_empty() {
                            tx.query_row("SELECT id FROM people WHERE name = ?1 AND email IS NULL", [name], |r| r.get(0)).optional()?
                        } else {
                            tx.query_row("SELECT id FROM people WHERE email = ?1", [&email], |r| r.get(0)).optional()?
                        };
                        Ok(match existing {
                            None => { create_person_in(tx, &input)?; Outcome::Created }
                            Some(id) => history::changing(tx, run, record(RecordKind::Person, id), || {
                                let before = fetch_person(tx, PersonId(id))?;
                                let (n, e, p, j) = parse_person(tx, &input, Some(PersonId(id)))?;
                                tx.execute(
                                    "UPDATE people SET name = ?1, email = ?2, phone = ?3, job_title = ?4 WHERE id = ?5",
                                    params![n, e, p, j, id],
                                )?;
                                if cols[3].is_some() {
                                    set_groups(tx, PersonId(id), &input.group_ids)?;
                                }
                                let after = fetch_person(tx, PersonId(id))?;
                                if person_snapshot(&before) == person_snapshot(&after) {
                                    return Ok((false, Outcome::Unchanged));
                                }
                                tx.execute("UPDATE people SET updated_at = ?1 WHERE id = ?2", params![tx.at(), id])?;
                                Ok((true, Outcome::Updated))
                            })?,
                        })
                    })
                })?;
            }
        }
        let records = history::finish(tx, run, &report)?;
        tx.audit(Action::did("directory.imported"), RecordRef::new(RecordKind::Import, run.0), serde_json::json!({
            "file": file, "sha256": table.sha256, "kind": kind, "import": run.0,
            "rows_read": report.rows_read, "created": report.created, "updated": report.updated, "unchanged": report.unchanged,
            "rejected": report.rejected, "records": records,
        }))
    })?;
    Ok(report)
}

/// The support group a people file names (ignoring case), created when the workspace has
/// none of that name.
fn group_named(tx: &Tx<'_>, name: &str) -> Result<GroupId> {
    let name = validate::name("groups", name, 200)?;
    let found: Option<i64> = tx.prepare_cached("SELECT id FROM support_groups WHERE name = ?1")?.query_row([&name], |r| r.get(0)).optional()?;
    Ok(match found {
        Some(id) => GroupId(id),
        None => GroupId(create_group_named(tx, &name)?),
    })
}

/// What an `UPDATE … WHERE (…) IS NOT (…)` did, as `history::changing` wants it.
fn updated(rows: usize) -> (bool, Outcome) {
    if rows > 0 { (true, Outcome::Updated) } else { (false, Outcome::Unchanged) }
}

/// Runs one row's upsert inside a savepoint, so a rejected row leaves no partial writes.
fn upsert(tx: &Tx<'_>, report: &mut ImportReport, row: u64, name: &str, f: impl FnOnce(&Tx<'_>, &str) -> Result<Outcome>) -> Result<()> {
    row_in_savepoint(tx, report, row, || validate::name("name", name, 200).and_then(|n| f(tx, &n)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::list::FilterTerm;

    /// An assignee picker offers the assignment group's members: people filter by the groups
    /// they belong to (any of several), and the filter combines with the others.
    #[test]
    fn people_filter_by_the_groups_they_belong_to() {
        let (_d, ws) = crate::testing::ws("Desk Lead");
        let desk = create_group(&ws, &GroupInput { name: "Service Desk".into(), ..Default::default() }).unwrap().id;
        let net = create_group(&ws, &GroupInput { name: "Network Team".into(), ..Default::default() }).unwrap().id;
        let person = |name: &str, groups: Vec<GroupId>, active: bool| {
            create_person(&ws, &PersonInput { name: name.into(), active, group_ids: groups, ..Default::default() }).unwrap();
        };
        person("Ana Desk", vec![desk], true);
        person("Ben Both", vec![desk, net], true);
        person("Cleo Net", vec![net], true);
        person("Dan Finance", vec![], true);
        person("Eve Former", vec![desk], false);
        let names = |filters: Vec<FilterTerm>| -> Vec<String> {
            list_people(&ws, &ListRequest { filters, ..Default::default() }).unwrap().items.into_iter().map(|p| p.name).collect()
        };
        let term = |field: &str, value: String| FilterTerm { field: field.into(), value, missing: false, op: None };
        assert_eq!(names(vec![term("group_id", desk.0.to_string())]), ["Ana Desk", "Ben Both", "Eve Former"]);
        assert_eq!(names(vec![term("group_id", desk.0.to_string()), term("active", "1".into())]), ["Ana Desk", "Ben Both"]);
        assert_eq!(names(vec![term("group_id", desk.0.to_string()), term("group_id", net.0.to_string())]), ["Ana Desk", "Ben Both", "Cleo Net", "Eve Former"]);
        let page = list_people(&ws, &ListRequest { filters: vec![term("group_id", net.0.to_string())], ..Default::default() }).unwrap();
        assert_eq!(page.total, Some(2), "counted with the filter");
        let missing = FilterTerm { field: "group_id".into(), value: String::new(), missing: true, op: None };
        assert_eq!(list_people(&ws, &ListRequest { filters: vec![missing], ..Default::default() }).unwrap_err().field(), Some("filter"));
    }

    /// Undoing a people import puts back what it changed, memberships included: a person it
    /// moved to another group is back in the old one, and the group it created goes.
    #[test]
    fn undoing_a_people_import_restores_the_group_memberships_it_changed() {
        let (d, ws) = crate::testing::ws("Dir Admin");
        let desk = create_group(&ws, &GroupInput { name: "Service Desk".into(), ..Default::default() }).unwrap().id;
        create_group(&ws, &GroupInput { name: "Network".into(), ..Default::default() }).unwrap();
        create_person(&ws, &PersonInput { name: "Ann Example".into(), email: "ann@example.com".into(), active: true, group_ids: vec![desk], ..Default::default() }).unwrap();
        let csv = d.path().join("people.csv");
        // Ann moves from the desk to the network team ("network": the one resolver matches
        // names ignoring case); Bo joins it and a new team.
        std::fs::write(&csv, "name,email,groups\nAnn Example,ann@example.com,network\nBo Berg,bo@example.com,Network; Field Ops\n").unwrap();
        let r = import_directory(&ws, DirectoryKind::People, &csv, &Default::default()).unwrap();
        assert_eq!((r.created, r.updated), (1, 1), "{r:?}");
        let groups_of = |email: &str| -> Vec<String> {
            let all = list_people(&ws, &ListRequest::default()).unwrap().items;
            let mut g = all.into_iter().find(|p| p.email.as_deref() == Some(email)).map(|p| p.groups).unwrap_or_default();
            g.sort();
            g
        };
        assert_eq!(groups_of("ann@example.com"), ["Network"]);
        assert_eq!(list_groups(&ws, &ListRequest::default()).unwrap().items.len(), 3, "no second Network");

        let run = crate::import::list_imports(&ws).unwrap()[0].id;
        crate::import::undo_import(&ws, run).unwrap();
        assert_eq!(groups_of("ann@example.com"), ["Service Desk"]);
        let names: Vec<String> = list_groups(&ws, &ListRequest::default()).unwrap().items.into_iter().map(|g| g.name).collect();
        assert_eq!(names, ["Network", "Service Desk"]);
        assert_eq!(list_people(&ws, &ListRequest::default()).unwrap().items.len(), 1);
    }
}
