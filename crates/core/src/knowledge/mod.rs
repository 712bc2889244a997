//! Knowledge management for the service desk: articles that are written, published,
//! searched, suggested while an incident is logged, and linked to the incidents they helped
//! resolve (`resolved_with` links).

pub(crate) mod demo;

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::list::{self, Field, ListRequest, ListSpec, Page, Words};
use crate::record::{RecordKind, RecordRef, FTS_STRIDE};
use crate::validate;
use crate::workspace::{Action, Tx, Workspace};

/// What the practice registry knows of knowledge management (`crate::PRACTICES`).
pub(crate) const KINDS: &[crate::record::RecordKind] = &[crate::record::RecordKind::Article];
pub(crate) const DEMO: Option<crate::practice::DemoPart> = Some(demo::knowledge_articles);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct ArticleId(pub i64);

labelled_enum!(
    ArticleStatus {
        Draft = "draft": "Draft",
        Published = "published": "Published",
        Retired = "retired": "Retired",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Article {
    pub id: ArticleId,
    pub number: String,
    pub title: String,
    /// Plain text; shown as text, never as markup.
    pub body: String,
    pub status: ArticleStatus,
    pub author: String,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ArticleInput {
    pub title: String,
    #[serde(default)]
    pub body: String,
    pub status: ArticleStatus,
}

const SELECT: &str = "a.id, a.number, a.title, a.body, a.status, a.author, a.created_at, a.updated_at";
static FIELDS: &[Field] = &[
    Field { name: "title", sql: "a.title", sortable: true, filterable: false },
    Field { name: "number", sql: "a.number", sortable: true, filterable: true },
    Field { name: "status", sql: "a.status", sortable: true, filterable: true },
    Field { name: "updated_at", sql: "a.updated_at", sortable: true, filterable: false },
];
static LIST: ListSpec = ListSpec { table: "articles a", from: "articles a", id: "a.id", fields: FIELDS, default_sort: "title", search: Some(RecordKind::Article), like_fields: &[], counts: None, memberships: &[], query: None };

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Article> {
    Ok(Article {
        id: ArticleId(r.get(0)?),
        number: r.get(1)?,
        title: r.get(2)?,
        body: r.get(3)?,
        status: r.get(4)?,
        author: r.get(5)?,
        created_at: r.get(6)?,
        updated_at: r.get(7)?,
    })
}

fn fetch(conn: &rusqlite::Connection, id: ArticleId) -> Result<Article> {
    conn.query_row(&format!("SELECT {SELECT} FROM articles a WHERE a.id = ?1"), [id.0], map)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Knowledge article", id: id.0.to_string() })
}

pub fn list_articles(ws: &Workspace, req: &ListRequest) -> Result<Page<Article>> {
    list::run(ws.conn(), &LIST, req, SELECT, map)
}

pub fn get_article(ws: &Workspace, id: ArticleId) -> Result<Article> {
    fetch(ws.conn(), id)
}

fn checked(input: &ArticleInput) -> Result<(String, String)> {
    Ok((validate::name("title", &input.title, 300)?, validate::text("body", &input.body, 200_000)?))
}

pub fn create_article(ws: &Workspace, input: &ArticleInput) -> Result<Article> {
    ws.write(|tx| create_in(tx, input))
}

pub(crate) fn create_in(tx: &Tx<'_>, input: &ArticleInput) -> Result<Article> {
    let (title, body) = checked(input)?;
    let number = crate::record::next_number(tx, "articles", "KB")?;
    tx.execute(
        "INSERT INTO articles (number, title, body, status, author, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![number, title, body, input.status, tx.actor().as_str(), tx.at()],
    )?;
    let a = fetch(tx, ArticleId(tx.last_insert_rowid()))?;
    tx.audit(Action::created("article.created"), RecordRef::new(RecordKind::Article, a.id.0), serde_json::json!({"title": a.title, "status": a.status}))?;
    Ok(a)
}

pub fn update_article(ws: &Workspace, id: ArticleId, input: &ArticleInput) -> Result<Article> {
    ws.write(|tx| {
        let before = fetch(tx, id)?;
        let (title, body) = checked(input)?;
        tx.execute("UPDATE articles SET title = ?1, body = ?2, status = ?3, updated_at = ?4 WHERE id = ?5", params![title, body, input.status, tx.at(), id.0])?;
        let after = fetch(tx, id)?;
        let snap = |a: &Article| serde_json::json!({"title": a.title, "body": a.body, "status": a.status});
        let changes = validate::diff(&snap(&before), &snap(&after));
        if changes.as_object().is_some_and(|c| !c.is_empty()) {
            tx.audit(Action::did("article.updated"), RecordRef::new(RecordKind::Article, after.id.0), changes)?;
        }
        Ok(after)
    })
}

/// Published articles that best fit what an incident says (any of its words, best first).
pub fn suggest_articles(ws: &Workspace, text: &str, limit: u32) -> Result<Vec<Article>> {
    let Some(q) = list::fts_query(text, Words::Any) else { return Ok(vec![]) };
    let (lo, hi) = (7 * FTS_STRIDE, 8 * FTS_STRIDE);
    let mut stmt = ws.conn().prepare_cached(&format!(
        "SELECT {SELECT} FROM search_index JOIN articles a ON a.id = search_index.rowid - ?2
          WHERE search_index MATCH ?1 AND search_index.rowid > ?2 AND search_index.rowid < ?3 AND a.status = 'published'
          ORDER BY rank LIMIT ?4"
    ))?;
    let rows = stmt.query_map(params![q, lo, hi, limit.min(20)], map)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incidents::{self, IncidentInput};
    use crate::links::{self, LinkType, NewLink};
    use crate::record::RecordRef;

    #[test]
    fn published_articles_are_suggested_and_linked_to_incidents() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Kim", crate::testing::NOW);
        let vpn = create_article(&ws, &ArticleInput { title: "VPN drops every few minutes".into(), body: "Update the client to 7.4 and disable IPv6 on the adapter.".into(), status: ArticleStatus::Published }).unwrap();
        create_article(&ws, &ArticleInput { title: "VPN certificate renewal".into(), body: "Draft".into(), status: ArticleStatus::Draft }).unwrap();
        create_article(&ws, &ArticleInput { title: "Printer offline".into(), body: "Power cycle.".into(), status: ArticleStatus::Published }).unwrap();
        assert_eq!(vpn.number, "KB0000001");
        assert_eq!(vpn.author, "Kim");
        let s = suggest_articles(&ws, "User says the vpn keeps dropping", 5).unwrap();
        assert_eq!(s.iter().map(|a| a.number.as_str()).collect::<Vec<_>>(), ["KB0000001"], "drafts are not suggested");
        assert!(suggest_articles(&ws, "\"))(", 5).unwrap().is_empty());
        let inc = incidents::log_incident(&ws, &IncidentInput { title: "VPN drops".into(), impact: 2, urgency: 2, ..Default::default() }).unwrap();
        links::create_link(&ws, &NewLink {
            from: RecordRef { kind: RecordKind::Incident, id: inc.id.0 },
            link_type: LinkType::ResolvedWith,
            to: RecordRef { kind: RecordKind::Article, id: vpn.id.0 },
        })
        .unwrap();
        let used = links::links_of(&ws, RecordRef { kind: RecordKind::Article, id: vpn.id.0 }).unwrap();
        assert_eq!((used[0].phrase.as_str(), used[0].other_name.as_str()), ("helped resolve", "INC0000001 VPN drops"));
        assert_eq!(create_article(&ws, &ArticleInput { title: " ".into(), body: String::new(), status: ArticleStatus::Draft }).unwrap_err().field(), Some("title"));
    }
}
