//! Typed relations between any two records, in one `links` table that every practice reuses.
//!
//! **Invariant:** only the (from kind, type, to kind) triples in [`ALLOWED`] can be stored,
//! both ends exist when the link is made, and deleting a record removes or refuses its links
//! (see [`remove_all_or_refuse`]); so no link ever points at nothing.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::record::{RecordKind, RecordRef};
use crate::workspace::{Action, Subject, Tx, Workspace};

labelled_enum!(
    LinkType {
        RunsOn = "runs_on": "runs on",
        DependsOn = "depends_on": "depends on",
        ConnectsTo = "connects_to": "connects to",
        PartOf = "part_of": "is part of",
        ChildOf = "child_of": "is a child of",
        ResolvedWith = "resolved_with": "is resolved with",
        MitigatedBy = "mitigated_by": "is mitigated by",
        Affects = "affects": "affects",
        Protects = "protects": "protects",
        Raises = "raises": "raises",
        FailedControl = "failed_control": "shows a failure of",
        CausedBy = "caused_by": "is caused by",
        FixedBy = "fixed_by": "is fixed by",
        MotivatedBy = "motivated_by": "is motivated by",
    }
);

impl LinkType {
    /// The phrase read from the other end ("db01 *is run on by* app01").
    pub fn inverse_label(self) -> &'static str {
        match self {
            LinkType::RunsOn => "hosts",
            LinkType::DependsOn => "is needed by",
            LinkType::ConnectsTo => "connects to",
            LinkType::PartOf => "contains",
            LinkType::ChildOf => "is the parent of",
            LinkType::ResolvedWith => "helped resolve",
            LinkType::MitigatedBy => "mitigates",
            LinkType::Affects => "is affected by",
            LinkType::Protects => "is protected by",
            LinkType::Raises => "is raised by",
            LinkType::FailedControl => "failed in",
            LinkType::CausedBy => "causes",
            LinkType::FixedBy => "fixes",
            LinkType::MotivatedBy => "motivates",
        }
    }
}

use RecordKind::{Application, Article, Assessment, Change, Ci, Deployment, Control, Incident, Initiative, Problem, Risk, Service, Vulnerability};
/// Which relations make sense. Practices add their triples here.
pub const ALLOWED: &[(RecordKind, LinkType, RecordKind)] = &[
    (Ci, LinkType::RunsOn, Ci),
    (Ci, LinkType::DependsOn, Ci),
    (Ci, LinkType::ConnectsTo, Ci),
    (Ci, LinkType::PartOf, Ci),
    (Service, LinkType::DependsOn, Ci),
    (Service, LinkType::RunsOn, Ci),
    (Service, LinkType::DependsOn, Service),
    // A major incident gathers the incidents it caused as its children.
    (Incident, LinkType::ChildOf, Incident),
    (Incident, LinkType::ResolvedWith, Article),
    // A risk affects services and CIs and is mitigated by controls, which protect CIs.
    (Risk, LinkType::Affects, Service),
    (Risk, LinkType::Affects, Ci),
    (Risk, LinkType::MitigatedBy, Control),
    (Control, LinkType::Protects, Ci),
    // A vulnerability affects CIs and raises risks; a change fixes it (below).
    (Vulnerability, LinkType::Affects, Ci),
    (Vulnerability, LinkType::Raises, Risk),
    // A security incident names the controls that failed.
    (Incident, LinkType::FailedControl, Control),
    // Incidents are caused by problems (and by changes); a change fixes a problem for good.
    (Incident, LinkType::CausedBy, Problem),
    (Incident, LinkType::CausedBy, Change),
    (Problem, LinkType::FixedBy, Change),
    (Vulnerability, LinkType::FixedBy, Change),
    // Problems and changes name the services (and problems the CIs) they concern; a
    // change's CIs are its own list, the one collision detection reads.
    (Problem, LinkType::Affects, Service),
    (Problem, LinkType::Affects, Ci),
    (Change, LinkType::Affects, Service),
    // An improvement initiative concerns services and answers what motivated it: an
    // assessment's gap, a problem, a risk, a change that failed, an incident.
    (Initiative, LinkType::Affects, Service),
    (Initiative, LinkType::MotivatedBy, Assessment),
    (Initiative, LinkType::MotivatedBy, Problem),
    (Initiative, LinkType::MotivatedBy, Risk),
    (Initiative, LinkType::MotivatedBy, Change),
    (Initiative, LinkType::MotivatedBy, Incident),
    // An application runs on its hosting CIs and supports services.
    (Application, LinkType::RunsOn, Ci),
    (Service, LinkType::DependsOn, Application),
    // An incident is caused by a deployment, or fixed by one made for it (rework).
    (Incident, LinkType::CausedBy, Deployment),
    (Incident, LinkType::FixedBy, Deployment),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LinkId(pub i64);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewLink {
    pub from: RecordRef,
    pub link_type: LinkType,
    pub to: RecordRef,
}

/// A link seen from one of its ends.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct LinkView {
    pub id: LinkId,
    pub link_type: LinkType,
    /// True when the record we look from is the link's `from` end.
    pub outgoing: bool,
    /// "runs on" or "hosts", as read from our end.
    pub phrase: String,
    pub other: RecordRef,
    pub other_name: String,
    pub created_at: String,
}

/// The display name of any record, or None when it does not exist.
pub fn record_name(conn: &Connection, r: RecordRef) -> Result<Option<String>> {
    let Some((table, name)) = r.kind.stored() else { return Ok(None) };
    Ok(conn.prepare_cached(&format!("SELECT {name} FROM {table} WHERE id = ?1"))?.query_row([r.id], |row| row.get(0)).optional()?)
}

pub fn create_link(ws: &Workspace, link: &NewLink) -> Result<LinkView> {
    ws.write(|tx| create_in(tx, link))
}

/// Refuses a link type that does not join these two kinds of record.
fn check_allowed(link: &NewLink) -> Result<()> {
    if ALLOWED.contains(&(link.from.kind, link.link_type, link.to.kind)) {
        return Ok(());
    }
    Err(CoreError::validation(
        "link_type",
        format!("A {} cannot be linked to a {} with \"{}\".", link.from.kind.label().to_lowercase(), link.to.kind.label().to_lowercase(), link.link_type.label()),
    ))
}

pub(crate) fn create_in(tx: &Tx<'_>, link: &NewLink) -> Result<LinkView> {
    check_allowed(link)?;
    if link.from == link.to {
        return Err(CoreError::validation("to", "A record cannot be linked to itself."));
    }
    let from_name = record_name(tx, link.from)?.ok_or_else(|| CoreError::NotFound { kind: link.from.kind.label(), id: link.from.id.to_string() })?;
    let to_name = record_name(tx, link.to)?.ok_or_else(|| CoreError::validation("to", format!("That {} does not exist.", link.to.kind.label().to_lowercase())))?;
    let exists: Option<i64> = tx
        .query_row(
            "SELECT id FROM links WHERE from_kind = ?1 AND from_id = ?2 AND link_type = ?3 AND to_kind = ?4 AND to_id = ?5",
            params![link.from.kind.as_str(), link.from.id, link.link_type, link.to.kind.as_str(), link.to.id],
            |r| r.get(0),
        )
        .optional()?;
    if exists.is_some() {
        return Err(CoreError::validation("to", format!("\"{from_name}\" already {} \"{to_name}\".", link.link_type.label())));
    }
    tx.execute(
        "INSERT INTO links (from_kind, from_id, link_type, to_kind, to_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![link.from.kind.as_str(), link.from.id, link.link_type, link.to.kind.as_str(), link.to.id, tx.at()],
    )?;
    let id = LinkId(tx.last_insert_rowid());
    tx.audit(Action::created("link.created"), RecordRef::new(RecordKind::Link, id.0), serde_json::json!({
        "from": link.from, "from_name": from_name, "link_type": link.link_type, "to": link.to, "to_name": to_name,
    }))?;
    Ok(LinkView {
        id,
        link_type: link.link_type,
        outgoing: true,
        phrase: link.link_type.label().into(),
        other: link.to,
        other_name: to_name,
        created_at: tx.at().to_string(),
    })
}

/// Adds a link of an allowed kind unless it exists; true when added. It writes no audit
/// entry: the caller's one entry says what it linked (a problem's incidents).
pub(crate) fn ensure_in(tx: &Tx<'_>, link: &NewLink) -> Result<bool> {
    check_allowed(link)?;
    let added = tx.execute(
        "INSERT OR IGNORE INTO links (from_kind, from_id, link_type, to_kind, to_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![link.from.kind.as_str(), link.from.id, link.link_type, link.to.kind.as_str(), link.to.id, tx.at()],
    )?;
    Ok(added > 0)
}

pub fn delete_link(ws: &Workspace, id: LinkId) -> Result<()> {
    ws.write(|tx| {
        let row: Option<(String, i64, String, String, i64)> = tx
            .query_row("SELECT from_kind, from_id, link_type, to_kind, to_id FROM links WHERE id = ?1", [id.0], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .optional()?;
        let (fk, fi, lt, tk, ti) = row.ok_or_else(|| CoreError::NotFound { kind: "Link", id: id.0.to_string() })?;
        tx.execute("DELETE FROM links WHERE id = ?1", [id.0])?;
        tx.audit(Action::did("link.deleted"), RecordRef::new(RecordKind::Link, id.0), serde_json::json!({
            "from": {"kind": fk, "id": fi}, "link_type": lt, "to": {"kind": tk, "id": ti},
        }))
    })
}

/// All links of a record, both directions, outgoing first, then by the other end's name.
pub fn links_of(ws: &Workspace, of: RecordRef) -> Result<Vec<LinkView>> {
    links_of_in(ws.conn(), of)
}

fn links_of_in(conn: &Connection, of: RecordRef) -> Result<Vec<LinkView>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, link_type, 1, to_kind, to_id, created_at FROM links WHERE from_kind = ?1 AND from_id = ?2
         UNION ALL
         SELECT id, link_type, 0, from_kind, from_id, created_at FROM links WHERE to_kind = ?1 AND to_id = ?2",
    )?;
    let rows = stmt
        .query_map(params![of.kind.as_str(), of.id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, LinkType>(1)?, r.get::<_, bool>(2)?, r.get::<_, String>(3)?, r.get::<_, i64>(4)?, r.get::<_, String>(5)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, lt, outgoing, kind, oid, created_at) in rows {
        let Some(kind) = RecordKind::parse(&kind) else { continue };
        let other = RecordRef { kind, id: oid };
        out.push(LinkView {
            id: LinkId(id),
            link_type: lt,
            outgoing,
            phrase: if outgoing { lt.label() } else { lt.inverse_label() }.to_string(),
            other,
            other_name: record_name(conn, other)?.unwrap_or_else(|| "(deleted)".into()),
            created_at,
        });
    }
    out.sort_by(|a, b| b.outgoing.cmp(&a.outgoing).then_with(|| a.other_name.to_lowercase().cmp(&b.other_name.to_lowercase())));
    Ok(out)
}

/// Used by every delete: with `remove` the record's links go (each audited); without it a
/// record that still has links is refused with a sentence saying what is in the way.
pub(crate) fn remove_all_or_refuse(tx: &Tx<'_>, of: RecordRef, name: &str, remove: bool) -> Result<()> {
    let links = links_of_in(tx, of)?;
    if links.is_empty() {
        return Ok(());
    }
    if !remove {
        let sample: Vec<String> = links.iter().take(3).map(|l| format!("{} {}", l.phrase, l.other_name)).collect();
        return Err(CoreError::Conflict(format!(
            "\"{name}\" still has {} link{} ({}{}). Remove the links first, or delete it together with its links.",
            links.len(),
            if links.len() == 1 { "" } else { "s" },
            sample.join("; "),
            if links.len() > 3 { "; ..." } else { "" }
        )));
    }
    for l in links {
        tx.execute("DELETE FROM links WHERE id = ?1", [l.id.0])?;
        tx.audit(Action::did("link.deleted"), RecordRef::new(RecordKind::Link, l.id.0), serde_json::json!({
            "because": "record deleted", "record": of, "other": l.other, "link_type": l.link_type,
        }))?;
    }
    Ok(())
}

/// Creates many links in one transaction with one audit entry. Each is checked against
/// [`ALLOWED`] and both ends must exist; the first bad link aborts the batch.
pub fn bulk_create_links(ws: &Workspace, links: impl IntoIterator<Item = NewLink>, source: &str) -> Result<u64> {
    ws.write(|tx| {
        let mut insert = tx.prepare_cached(
            "INSERT INTO links (from_kind, from_id, link_type, to_kind, to_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut n = 0u64;
        for link in links {
            if !ALLOWED.contains(&(link.from.kind, link.link_type, link.to.kind)) || link.from == link.to {
                return Err(CoreError::Validation { field: Some("link_type".into()), row: Some(n + 1), reason: "This link is not allowed.".into() });
            }
            for end in [link.from, link.to] {
                if record_name(tx, end)?.is_none() {
                    return Err(CoreError::Validation { field: Some("to".into()), row: Some(n + 1), reason: format!("{} {} does not exist.", end.kind.label(), end.id) });
                }
            }
            insert.execute(params![link.from.kind.as_str(), link.from.id, link.link_type, link.to.kind.as_str(), link.to.id, tx.at()])?;
            n += 1;
        }
        tx.audit(Action::did("link.bulk_created"), Subject::Every(RecordKind::Link), serde_json::json!({"source": source, "count": n}))?;
        Ok(n)
    })
}
