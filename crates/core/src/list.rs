//! The one list mechanism every list uses: equality filters, a full-text filter, a sort on
//! a whitelisted field, and keyset pagination (`(sort_key, id)` after a cursor), so the
//! millionth row costs what the first does. Field names come from the request but SQL only
//! from a practice's static [`ListSpec`]: user text never becomes SQL.

use rusqlite::types::Value;
use rusqlite::Row;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::record::{RecordKind, FTS_STRIDE};

pub const DEFAULT_LIMIT: u32 = 100;
pub const MAX_LIMIT: u32 = 1000;

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ListRequest {
    pub filters: Vec<FilterTerm>,
    /// What the filter box says ([`parse_query`]): whole words, "exact phrases" and, where the
    /// list has them, `field:value` terms.
    pub text: Option<String>,
    /// The text is being typed into a picker: its last word may be the start of a word.
    pub typing: bool,
    pub sort: Option<SortTerm>,
    pub after: Option<Cursor>,
    /// Start at this position of the sorted list (0-based) instead of after a cursor: a
    /// jump into the middle of a long list. The rows before it are skipped on an index.
    #[ts(type = "number | null")]
    pub at: Option<u64>,
    pub limit: Option<u32>,
    /// The caller needs no total (a picker showing a few matches as the user types): the
    /// first page skips counting every matching row.
    pub skip_count: bool,
}

/// `field = value`. Several terms on one field match any of their values (IN); a term
/// with `missing` set matches rows where the field has no value (IS NULL). A term with an
/// `op` is a bound every row must meet (`at_most`: field <= value), as stored values
/// compare: RFC 3339 instants in time order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct FilterTerm {
    pub field: String,
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub missing: bool,
    #[serde(default)]
    #[ts(optional)]
    pub op: Option<FilterOp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FilterOp {
    AtMost,
    AtLeast,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SortTerm {
    pub field: String,
    #[serde(default)]
    pub descending: bool,
}

/// Where the next page starts: the sort key and id of the last row seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Cursor {
    #[ts(type = "string | number | null")]
    pub key: serde_json::Value,
    pub id: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Present when more rows follow.
    pub next: Option<Cursor>,
    /// Number of matching rows, counted exactly on the first page only (unless skipped).
    #[ts(type = "number | null")]
    pub total: Option<u64>,
    /// What the text was taken to mean, in words (first page, when there was text).
    pub understood: Option<String>,
}

/// What a practice declares about one of its lists.
pub struct ListSpec {
    /// The main table and its alias ("incidents i"): counting and jumping run on it alone,
    /// on its indexes, when no filter or sort needs a joined table.
    pub table: &'static str,
    /// `FROM` clause: the main table and LEFT JOINs on keys, which never add or drop rows.
    pub from: &'static str,
    /// Qualified id column, the tie-breaker of every sort.
    pub id: &'static str,
    pub fields: &'static [Field],
    pub default_sort: &'static str,
    /// Records of this kind are matched against the search index for `text`.
    pub search: Option<RecordKind>,
    /// Without a search index, `text` is matched with LIKE against these expressions.
    pub like_fields: &'static [&'static str],
    /// A table of counts a trigger keeps, which answers the count when every filter is on
    /// its columns (a million incidents by state: read, not counted).
    pub counts: Option<Counts>,
    /// Filters on a relation a row takes part in (a person's groups), which no column holds.
    pub memberships: &'static [Membership],
    /// What the filter box's words search and the fields `field:value` can name.
    pub query: Option<&'static QuerySpec>,
}

/// The filter box of a list with fields a person names: `category:Network` or
/// `assignee:"Ann Lee"` match that field alone, exactly, whatever the case.
pub struct QuerySpec {
    /// Where plain words and phrases are looked for, in words ("number, title, …").
    pub words_in: &'static str,
    pub fields: &'static [TextField],
}

pub struct TextField {
    /// The names a person may type before the colon (the first is the one shown).
    pub names: &'static [&'static str],
    /// A condition on the main table's row, `{values}` where the values go.
    pub sql: &'static str,
    /// The stored values a typed value stands for (a state's label → its code); none when
    /// it stands for nothing, which then matches no row.
    pub values: fn(&str) -> Vec<String>,
}

/// A typed value stands for itself (compared without case by the field's SQL).
pub fn as_typed(value: &str) -> Vec<String> {
    vec![value.to_string()]
}

/// A value of a closed list, typed as its stored name or its label ("on_hold", "On hold",
/// "on-hold"); one that names none of them stands for nothing.
pub fn one_of<E: crate::enums::Labelled>(typed: &str) -> Vec<String> {
    E::parse(&typed.replace('-', "_")).or_else(|| E::parse(typed)).map(|e| vec![e.as_str().to_string()]).unwrap_or_default()
}

/// The filter box's text taken apart: words (whole), "quoted phrases", and `field:value`
/// or `field:"a phrase"` terms for the fields `known` names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub words: Vec<String>,
    pub phrases: Vec<String>,
    /// (field name as the spec spells it, value as typed).
    pub fields: Vec<(&'static str, String)>,
}

impl Query {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty() && self.fields.is_empty()
    }
}

/// Parses the filter box. A `name:` that names no field of the list is an ordinary word, so
/// "error:42" still finds what it says.
pub fn parse_query(text: &str, fields: &[TextField]) -> Query {
    let known = |name: &str| fields.iter().find_map(|f| f.names.iter().any(|n| n.eq_ignore_ascii_case(name)).then_some(f.names[0]));
    let chars: Vec<char> = text.chars().collect();
    let mut q = Query::default();
    let mut i = 0;
    // Reads a quoted run starting after the opening quote; the closing one may be missing.
    let quoted = |i: &mut usize| -> String {
        let start = *i;
        while *i < chars.len() && chars[*i] != '"' {
            *i += 1;
        }
        let s: String = chars[start..*i].iter().collect();
        *i += 1;
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let meaningful = |s: &str| s.chars().any(char::is_alphanumeric);
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        if chars[i] == '"' {
            i += 1;
            let phrase = quoted(&mut i);
            if meaningful(&phrase) {
                q.phrases.push(phrase);
            }
            continue;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '"' {
            i += 1;
        }
        let token: String = chars[start..i].iter().collect();
        if let Some((name, rest)) = token.split_once(':') {
            if let Some(field) = known(name) {
                let value = if rest.is_empty() && chars.get(i) == Some(&'"') {
                    i += 1;
                    quoted(&mut i)
                } else {
                    rest.to_string()
                };
                if !value.is_empty() {
                    q.fields.push((field, value));
                }
                continue;
            }
        }
        if meaningful(&token) {
            q.words.push(token);
        }
    }
    q
}

impl Query {
    /// The FTS5 query for the words and phrases: each quoted (operators in user text stay
    /// words), all required; with `typing`, a last bare word may be a prefix.
    pub(crate) fn fts(&self, typing: bool, text: &str) -> Option<String> {
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        let mut parts: Vec<String> = self.phrases.iter().chain(&self.words).map(|s| quote(s)).collect();
        if parts.is_empty() {
            return None;
        }
        let ends_in_word = !text.ends_with(char::is_whitespace) && !text.ends_with('"');
        if typing && ends_in_word && self.words.last().is_some_and(|w| text.trim_end().ends_with(w.as_str())) {
            if let Some(last) = parts.last_mut() {
                last.push('*');
            }
        }
        Some(parts.join(" "))
    }

    /// The query in words, for the list to show what it matched.
    fn meaning(&self, words_in: &str) -> String {
        let mut said = Vec::new();
        let listed = |xs: &[String]| xs.iter().map(|x| format!("\u{201c}{x}\u{201d}")).collect::<Vec<_>>().join(", ");
        if !self.words.is_empty() || !self.phrases.is_empty() {
            let mut what = Vec::new();
            if !self.words.is_empty() {
                what.push(format!("the word{} {}", if self.words.len() == 1 { "" } else { "s" }, listed(&self.words)));
            }
            if !self.phrases.is_empty() {
                what.push(format!("the exact phrase{} {}", if self.phrases.len() == 1 { "" } else { "s" }, listed(&self.phrases)));
            }
            said.push(format!("{} in {words_in}", what.join(" and ")));
        }
        for (field, value) in &self.fields {
            said.push(format!("{} is \u{201c}{value}\u{201d}", field.replace('_', " ")));
        }
        said.join("; ")
    }
}

/// A filter on a relation: `sql` is a condition on the main table's row with `{values}`
/// where the chosen values go as parameters, e.g.
/// `p.id IN (SELECT person_id FROM group_members WHERE group_id IN ({values}))`.
pub struct Membership {
    pub name: &'static str,
    pub sql: &'static str,
}

/// `table` holds one row per combination of `columns` with its count in `n`; each column
/// is named by the list field it stands for.
pub struct Counts {
    pub table: &'static str,
    /// (list field, column).
    pub columns: &'static [(&'static str, &'static str)],
}

pub struct Field {
    pub name: &'static str,
    pub sql: &'static str,
    pub sortable: bool,
    pub filterable: bool,
}

impl ListSpec {
    /// Whether every expression belongs to the main table (qualified by its alias, or
    /// unqualified when the table has none).
    fn on_table_alone<'a>(&self, exprs: impl IntoIterator<Item = &'a str>) -> bool {
        match self.table.split_whitespace().nth(1) {
            Some(alias) => exprs.into_iter().all(|e| e.strip_prefix(alias).is_some_and(|rest| rest.starts_with('.') && !rest[1..].contains('.'))),
            None => self.table == self.from,
        }
    }

    fn field(&self, name: &str, what: &str) -> Result<&Field> {
        self.fields.iter().find(|f| f.name == name).ok_or_else(|| {
            CoreError::validation(what, format!("This list cannot be {}ed by \"{name}\".", if what == "sort" { "sort" } else { "filter" }))
        })
    }
}

/// How the last word of a search is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    /// The last word may be the start of a word (search as you type).
    LastIsPrefix,
    /// Any of the words (suggestions: rank decides what fits best).
    Any,
}

/// Turns user words into an FTS5 query: each word quoted (so operators in user text are
/// plain words), all words required. Only the last word may match as a prefix: prefixes of
/// every word cost FTS5 a merge of many doclists on a large workspace.
pub fn fts_query(text: &str, words: Words) -> Option<String> {
    // For "any word" the small words would match everything; they carry no meaning there.
    const SMALL: &[&str] = &["the", "and", "for", "with", "from", "that", "this", "are", "was", "not", "all", "can", "has", "have", "keeps", "my"];
    let parts: Vec<String> = text
        .split(|c: char| c.is_whitespace())
        .map(|w| w.replace('"', ""))
        .filter(|w| w.chars().any(|c| c.is_alphanumeric()))
        .filter(|w| words != Words::Any || (w.chars().count() > 2 && !SMALL.contains(&w.to_lowercase().as_str())))
        .map(|w| format!("\"{w}\""))
        .collect();
    let mut q = parts.join(if words == Words::Any { " OR " } else { " " });
    if q.is_empty() {
        return None;
    }
    if words == Words::LastIsPrefix {
        q.push('*');
    }
    Some(q)
}

/// Runs a list query. `select` names the columns `map` reads; the sort key and id are
/// appended as the last two columns.
pub fn run<T>(
    conn: &rusqlite::Connection,
    spec: &ListSpec,
    req: &ListRequest,
    select: &str,
    map: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Page<T>> {
    let limit = req.limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(CoreError::validation("limit", format!("A page holds 1 to {MAX_LIMIT} rows.")));
    }
    let (sort_field, descending) = match &req.sort {
        Some(s) => {
            let f = spec.field(&s.field, "sort")?;
            if !f.sortable {
                return Err(CoreError::validation("sort", format!("This list cannot be sorted by \"{}\".", s.field)));
            }
            (f, s.descending)
        }
        None => (spec.field(spec.default_sort, "sort")?, false),
    };

    let mut wheres: Vec<String> = Vec::new();
    let mut params: Vec<Param> = Vec::new();
    // Terms on the same field are alternatives; different fields must all match.
    let mut by_field: Vec<(&Field, Vec<&FilterTerm>)> = Vec::new();
    let mut by_membership: Vec<(&Membership, Vec<&FilterTerm>)> = Vec::new();
    for term in &req.filters {
        if let Some(m) = spec.memberships.iter().find(|m| m.name == term.field) {
            if term.missing || term.op.is_some() {
                return Err(CoreError::validation("filter", format!("\"{}\" filters by its values only.", term.field)));
            }
            match by_membership.iter_mut().find(|(g, _)| g.name == m.name) {
                Some((_, terms)) => terms.push(term),
                None => by_membership.push((m, vec![term])),
            }
            continue;
        }
        let f = spec.field(&term.field, "filter")?;
        if !f.filterable {
            return Err(CoreError::validation("filter", format!("This list cannot be filtered by \"{}\".", term.field)));
        }
        match by_field.iter_mut().find(|(g, _)| g.name == f.name) {
            Some((_, terms)) => terms.push(term),
            None => by_field.push((f, vec![term])),
        }
    }
    for (f, terms) in by_field {
        let (bounds, terms): (Vec<&FilterTerm>, Vec<&FilterTerm>) = terms.into_iter().partition(|t| t.op.is_some());
        for b in bounds {
            let op = if b.op == Some(FilterOp::AtMost) { "<=" } else { ">=" };
            wheres.push(format!("{} {op} ?", f.sql));
            params.push(Value::Text(b.value.clone()).into());
        }
        if terms.is_empty() {
            continue;
        }
        let mut ors = Vec::new();
        let values: Vec<&FilterTerm> = terms.iter().copied().filter(|t| !t.missing).collect();
        if !values.is_empty() {
            ors.push(format!("{} IN ({})", f.sql, vec!["?"; values.len()].join(", ")));
            params.extend(values.iter().map(|t| Value::Text(t.value.clone()).into()));
        }
        if terms.iter().any(|t| t.missing) {
            ors.push(format!("{} IS NULL", f.sql));
        }
        wheres.push(format!("({})", ors.join(" OR ")));
    }
    for (m, terms) in by_membership {
        wheres.push(format!("({})", m.sql.replace("{values}", &vec!["?"; terms.len()].join(", "))));
        params.extend(terms.iter().map(|t| Value::Text(t.value.clone()).into()));
    }
    let mut understood = None;
    // The search index's query for the words, and the rowid range of the list's kind.
    let mut words: Option<(String, i64, i64)> = None;
    // How many rows the words match, when they were counted.
    let mut matched: Option<u64> = None;
    // While set, `list_matched(id)` answers from it; cleared when this read ends.
    let mut _matched_bits: Option<MatchedIds> = None;
    if let Some(text) = req.text.as_deref().filter(|t| !t.trim().is_empty()) {
        let fields = spec.query.map_or(&[][..], |q| q.fields);
        let query = parse_query(text, fields);
        match (spec.search.and_then(|k| k.fts_code()), query.fts(req.typing, text)) {
            (Some(code), Some(q)) => words = Some((q, code * FTS_STRIDE, (code + 1) * FTS_STRIDE)),
            // Nothing a word is made of (punctuation alone): nothing matches it.
            (Some(_), None) if query.is_empty() => wheres.push("0".into()),
            (Some(_), None) => {}
            (None, _) => {
                let like = format!("%{}%", text.trim().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
                let ors: Vec<String> = spec.like_fields.iter().map(|e| format!("{e} LIKE ? ESCAPE '\\'")).collect();
                if !ors.is_empty() {
                    wheres.push(format!("({})", ors.join(" OR ")));
                    params.extend(std::iter::repeat_n(Param::from(Value::Text(like)), ors.len()));
                }
            }
        }
        for (name, value) in &query.fields {
            let Some(field) = fields.iter().find(|f| f.names[0] == *name) else { continue };
            let values = (field.values)(value);
            if values.is_empty() {
                wheres.push("0".into());
            } else {
                wheres.push(format!("({})", field.sql.replace("{values}", &vec!["?"; values.len()].join(", "))));
                params.extend(values.into_iter().map(|v| Value::Text(v).into()));
            }
        }
        understood = Some(query.meaning(spec.query.map_or("the records' searched fields", |q| q.words_in)));
    }

    // The words alone, in the order records were made: the search index answers count and
    // page itself (its rowids are that order), stopping at the page.
    let in_id_order = sort_field.sql == spec.id && wheres.is_empty() && req.at.is_none();
    let direct = if let (true, Some(w)) = (in_id_order, &words) { Some(w.clone()) } else { None };
    if let (None, Some((q, base, end))) = (&direct, &words) {
        // Otherwise the index is asked once and its matches handed to the query as a set
        // (measured faster than a temporary table filled from the index: 17.7 against
        // 25.8 ms for a phrase over a million incidents).
        let ids: Vec<i64> = conn
            .prepare_cached("SELECT rowid - ?2 FROM search_index WHERE search_index MATCH ?1 AND rowid > ?2 AND rowid < ?3")?
            .query_map(rusqlite::params![q, base, end], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<_>>()?;
        let n = ids.len();
        if wheres.is_empty() {
            matched = Some(n as u64);
        }
        // Many matches: walk the order's index and keep the rows whose bit is set (a bit per
        // id is looked up at once, where `IN` would first build SQLite a lookup of every
        // match); few: fetch each and sort them. The walk passes about rows / n entries per
        // row of the page; fetching a row by id costs as much as passing ~64 entries
        // (measured over a million incidents: 2-4 µs against 0.04 µs), so the walk is
        // cheaper once 64·n² > rows·(page + 1).
        let rows: i64 = conn.query_row(&format!("SELECT coalesce(max({}), 0) FROM {}", spec.id, spec.table), [], |r| r.get(0))?;
        let many = (n as i64).saturating_mul(n as i64).saturating_mul(FETCH_PER_STEP) > i64::from(limit + 1).saturating_mul(rows);
        if many {
            _matched_bits = Some(MatchedIds::set(&ids, rows));
            wheres.push(format!("list_matched({})", spec.id));
        } else {
            wheres.push(format!("{} IN rarray(?)", spec.id));
            params.push(Param::Ids(std::rc::Rc::new(ids.into_iter().map(Value::Integer).collect())));
        }
    }

    // Counting and skipping need no joined column unless a filter or the sort does.
    let mut used: Vec<&str> = vec![sort_field.sql];
    // A membership is a condition on the main table's id.
    for term in req.filters.iter().filter(|t| !spec.memberships.iter().any(|m| m.name == t.field)) {
        used.push(spec.field(&term.field, "filter")?.sql);
    }
    if req.text.as_deref().is_some_and(|t| !t.trim().is_empty()) && spec.search.is_none() {
        used.extend(spec.like_fields.iter().copied());
    }
    let lean_from = if spec.on_table_alone(used) { spec.table } else { spec.from };

    if req.after.is_some() && req.at.is_some() {
        return Err(CoreError::validation("at", "Ask for a page after a row or at a position, not both."));
    }
    let total = if req.after.is_none() && req.at.is_none() && !req.skip_count {
        let n: i64 = match (kept_count(spec, req), matched, &direct) {
            (Some((sql, p)), _, _) => conn.query_row(&sql, rusqlite::params_from_iter(p.iter()), |r| r.get(0))?,
            // The words alone: their matches are the rows.
            (None, Some(m), _) => m as i64,
            (None, None, Some((q, base, end))) => conn
                .prepare_cached("SELECT count(*) FROM search_index WHERE search_index MATCH ?1 AND rowid > ?2 AND rowid < ?3")?
                .query_row(rusqlite::params![q, base, end], |r| r.get(0))?,
            (None, None, None) => conn.query_row(&format!("SELECT count(*) FROM {lean_from} {}", where_clause(&wheres)), rusqlite::params_from_iter(params.iter()), |r| r.get(0))?,
        };
        Some(n as u64)
    } else {
        None
    };

    let dir = if descending { "DESC" } else { "ASC" };
    // A jump: the row just before the position, found on the sort index alone, becomes the
    // cursor the page starts after.
    let jump_cursor = match req.at {
        Some(at) if at > 0 => {
            let sql = format!(
                "SELECT {key}, {id} FROM {lean_from} {where_} ORDER BY {key} {dir}, {id} {dir} LIMIT 1 OFFSET ?",
                key = sort_field.sql,
                id = spec.id,
                where_ = where_clause(&wheres),
            );
            let mut p = params.clone();
            p.push(Value::Integer(at.saturating_sub(1).min(i64::MAX as u64) as i64).into());
            let found = conn
                .prepare_cached(&sql)?
                .query_row(rusqlite::params_from_iter(p.iter()), |r| Ok(Cursor { key: value_to_json(r.get::<_, Value>(0)?), id: r.get(1)? }));
            match found {
                Ok(c) => Some(c),
                Err(rusqlite::Error::QueryReturnedNoRows) => return Ok(Page { items: vec![], next: None, total: None, understood }),
                Err(e) => return Err(e.into()),
            }
        }
        _ => None,
    };

    let mut page_wheres = wheres.clone();
    let mut page_params = params.clone();
    if let Some((q, base, end)) = &direct {
        // The page's ids straight from the index, after the cursor, in the asked order.
        let (lo, hi) = match (req.after.as_ref().map(|c| c.id), descending) {
            (Some(a), true) => (*base, base + a),
            (Some(a), false) => (base + a, *end),
            (None, _) => (*base, *end),
        };
        let sql = format!("SELECT rowid - ?2 FROM search_index WHERE search_index MATCH ?1 AND rowid > ?3 AND rowid < ?4 ORDER BY rowid {dir} LIMIT ?5");
        let run: Vec<Value> = conn
            .prepare_cached(&sql)?
            .query_map(rusqlite::params![q, base, lo, hi, limit + 1], |r| r.get::<_, i64>(0).map(Value::Integer))?
            .collect::<rusqlite::Result<_>>()?;
        page_wheres = vec![format!("{} IN rarray(?)", spec.id)];
        page_params = vec![Param::Ids(std::rc::Rc::new(run))];
    } else if let Some(after) = req.after.as_ref().or(jump_cursor.as_ref()) {
        let op = if descending { "<" } else { ">" };
        page_wheres.push(format!("({}, {}) {op} (?, ?)", sort_field.sql, spec.id));
        page_params.push(json_to_value(&after.key).into());
        page_params.push(Value::Integer(after.id).into());
    }
    // The page's ids first, on the main table's indexes alone when they serve, then their
    // rows with every joined name: the joins run for the page, not for every match sorted.
    let sql = format!(
        "SELECT {select}, {key} AS list_key, {id} AS list_id FROM {from}
          WHERE {id} IN (SELECT {id} FROM {lean_from} {where_} ORDER BY {key} {dir}, {id} {dir} LIMIT {lim})
          ORDER BY {key} {dir}, {id} {dir}",
        key = sort_field.sql,
        id = spec.id,
        from = spec.from,
        where_ = where_clause(&page_wheres),
        lim = limit + 1,
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let key_col = stmt.column_count() - 2;
    let mut rows = stmt.query(rusqlite::params_from_iter(page_params.iter()))?;
    let mut items = Vec::new();
    let mut last: Option<Cursor> = None;
    let mut more = false;
    while let Some(row) = rows.next()? {
        if items.len() as u32 == limit {
            more = true;
            break;
        }
        items.push(map(row)?);
        last = Some(Cursor { key: value_to_json(row.get::<_, Value>(key_col)?), id: row.get(key_col + 1)? });
    }
    Ok(Page {
        items,
        next: if more { last } else { None },
        total,
        understood,
    })
}

/// The count query on the spec's kept counts, when the request can be answered there: no
/// words, and every filter term a value of one of its columns.
fn kept_count(spec: &ListSpec, req: &ListRequest) -> Option<(String, Vec<Value>)> {
    let counts = spec.counts.as_ref()?;
    let words = req.text.as_deref().is_some_and(|t| !t.trim().is_empty());
    if words || req.filters.iter().any(|t| t.missing || t.op.is_some() || !counts.columns.iter().any(|(f, _)| *f == t.field)) {
        return None;
    }
    let mut wheres = Vec::new();
    let mut params = Vec::new();
    for (field, column) in counts.columns {
        let values: Vec<&FilterTerm> = req.filters.iter().filter(|t| t.field == *field).collect();
        if !values.is_empty() {
            wheres.push(format!("{column} IN ({})", vec!["?"; values.len()].join(", ")));
            params.extend(values.iter().map(|t| Value::Text(t.value.clone())));
        }
    }
    Some((format!("SELECT coalesce(sum(n), 0) FROM {} {}", counts.table, where_clause(&wheres)), params))
}

/// A parameter of a list query: a value, or the set of ids the search index matched.
#[derive(Clone)]
enum Param {
    Value(Value),
    Ids(std::rc::Rc<Vec<Value>>),
}

impl From<Value> for Param {
    fn from(v: Value) -> Self {
        Param::Value(v)
    }
}

impl rusqlite::ToSql for Param {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(match self {
            Param::Value(v) => rusqlite::types::ToSqlOutput::Borrowed(v.into()),
            Param::Ids(ids) => rusqlite::types::ToSqlOutput::Array(ids.clone()),
        })
    }
}

fn where_clause(wheres: &[String]) -> String {
    if wheres.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", wheres.join(" AND "))
    }
}

fn json_to_value(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Number(n) if n.is_i64() => Value::Integer(n.as_i64().unwrap_or_default()),
        serde_json::Value::Number(n) => Value::Real(n.as_f64().unwrap_or_default()),
        serde_json::Value::String(s) => Value::Text(s.clone()),
        serde_json::Value::Bool(b) => Value::Integer(*b as i64),
        _ => Value::Null,
    }
}

fn value_to_json(v: Value) -> serde_json::Value {
    match v {
        Value::Integer(i) => i.into(),
        Value::Real(f) => f.into(),
        Value::Text(s) => s.into(),
        _ => serde_json::Value::Null,
    }
}

/// What fetching one row by id costs, in steps of a walk along a sort index.
const FETCH_PER_STEP: i64 = 64;

/// The search index's matches of the list being read, a bit per id, for the page query to
/// keep while it walks the order's index (`list_matched(id)`, registered on every
/// connection by [`register_functions`]). Lives while the read does.
struct MatchedIds {
    /// What a read this one runs inside had set, put back when this one ends.
    outer: Vec<u64>,
}

thread_local! {
    static MATCHED: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl MatchedIds {
    fn set(ids: &[i64], max_id: i64) -> MatchedIds {
        let mut bits = vec![0u64; (max_id.max(0) as usize) / 64 + 1];
        for &id in ids.iter().filter(|&&id| id >= 0) {
            if let Some(word) = bits.get_mut(id as usize / 64) {
                *word |= 1 << (id % 64);
            }
        }
        MatchedIds { outer: MATCHED.with(|m| m.replace(bits)) }
    }
}

impl Drop for MatchedIds {
    fn drop(&mut self) {
        let outer = std::mem::take(&mut self.outer);
        MATCHED.with(|m| *m.borrow_mut() = outer);
    }
}

/// The SQL functions lists use, on a new connection.
pub(crate) fn register_functions(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function("list_matched", 1, rusqlite::functions::FunctionFlags::SQLITE_UTF8, |ctx| {
        let id: i64 = ctx.get(0)?;
        Ok(id >= 0 && MATCHED.with(|m| m.borrow().get(id as usize / 64).is_some_and(|w| w & (1 << (id % 64)) != 0)))
    })
}

#[cfg(test)]
mod tests {
    use super::{as_typed, fts_query, parse_query, Query, TextField, Words};

    static FIELDS: &[TextField] = &[
        TextField { names: &["category"], sql: "", values: as_typed },
        TextField { names: &["assignment_group", "group"], sql: "", values: as_typed },
    ];

    #[test]
    fn the_filter_box_is_words_phrases_and_fields() {
        let q = parse_query("vpn \"times  out\" category:Network group:\"Desk 1\" error:42 \"unclosed phrase", FIELDS);
        assert_eq!(
            q,
            Query {
                words: vec!["vpn".into(), "error:42".into()],
                phrases: vec!["times out".into(), "unclosed phrase".into()],
                fields: vec![("category", "Network".into()), ("assignment_group", "Desk 1".into())],
            }
        );
        assert_eq!(q.fts(false, "").as_deref(), Some("\"times out\" \"unclosed phrase\" \"vpn\" \"error:42\""));
        // Quotes inside a word stay text; an empty field or bare punctuation means nothing.
        assert_eq!(parse_query("CATEGORY: -- \"\"", FIELDS), Query { words: vec![], phrases: vec![], fields: vec![] });
        // Typing: only a last bare word is a prefix.
        assert_eq!(parse_query("vpn dro", FIELDS).fts(true, "vpn dro").as_deref(), Some("\"vpn\" \"dro\"*"));
        assert_eq!(parse_query("vpn dro ", FIELDS).fts(true, "vpn dro ").as_deref(), Some("\"vpn\" \"dro\""));
        assert_eq!(parse_query("\"vpn dro\"", FIELDS).fts(true, "\"vpn dro\"").as_deref(), Some("\"vpn dro\""));
    }

    #[test]
    fn fts_query_quotes_words_so_operators_are_text() {
        assert_eq!(fts_query("db OR \"x\" NEAR", Words::LastIsPrefix).as_deref(), Some("\"db\" \"OR\" \"x\" \"NEAR\"*"));
        // A search someone submits: every word whole (the filter box's query).
        assert_eq!(parse_query("vpn drops", &[]).fts(false, "vpn drops").as_deref(), Some("\"vpn\" \"drops\""));
        assert_eq!(parse_query("  -- * ", &[]).fts(false, "  -- * "), None);
    }
}

/// Walks every row `fetch` lists for `filter`, sorted by `sort` ascending, a keyset page of
/// 1,000 at a time (exports). Returns how many rows it saw.
pub fn each<T>(filter: &ListRequest, sort: &str, fetch: impl Fn(&ListRequest) -> Result<Page<T>>, mut f: impl FnMut(&T) -> Result<()>) -> Result<u64> {
    let mut req = ListRequest { sort: Some(SortTerm { field: sort.into(), descending: false }), limit: Some(1000), after: None, at: None, ..filter.clone() };
    let mut n = 0;
    loop {
        let page = fetch(&req)?;
        for row in &page.items {
            f(row)?;
            n += 1;
        }
        match page.next {
            Some(next) => req.after = Some(next),
            None => return Ok(n),
        }
    }
}
