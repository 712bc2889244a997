//! Reference values in an import (a caller, a group, a service, a CI named in a cell) are
//! matched to existing records by name, ignoring case, or created; the import's summary
//! counts what was created, and the import history lists it for undo.

use std::collections::BTreeMap;
use std::rc::Rc;

use foldhash::HashMap;
use rusqlite::{params, OptionalExtension};

use super::history::{self, ImportId};
use crate::error::Result;
use crate::record::{RecordKind, RecordRef};
use crate::workspace::Tx;

/// A resolved reference: the record's id and its name as stored.
pub type Resolved = (i64, Rc<str>);

pub struct References {
    run: ImportId,
    /// By kind (person, group, service, CI), each name as the file spells it: a file repeats
    /// the same spelling on most of its rows, found here without folding its case.
    exact: [HashMap<String, Resolved>; 4],
    /// By kind and lower-cased name: the one record every spelling resolves to.
    folded: HashMap<(RecordKind, String), Resolved>,
    created: BTreeMap<String, u64>,
}

impl References {
    pub fn new(run: ImportId) -> Self {
        References { run, exact: Default::default(), folded: HashMap::default(), created: BTreeMap::new() }
    }

    /// How many records were created, by table name.
    pub fn created(&self) -> &BTreeMap<String, u64> {
        &self.created
    }

    /// The id of the record named in a cell (trimmed; blank: none), checked as a name on
    /// `field` before anything is created: what an importer with typed inputs needs.
    pub fn resolve_named(&mut self, tx: &Tx<'_>, kind: RecordKind, field: &str, name: &str) -> Result<Option<i64>> {
        let name = name.trim();
        if name.is_empty() {
            return Ok(None);
        }
        let name = crate::validate::name(field, name, 200)?;
        Ok(self.resolve(tx, kind, Some(&name))?.map(|(id, _)| id))
    }

    /// The record's id and its name as stored (which may differ in case from `name`).
    /// `kind` is Person, Group, Service or Ci.
    pub fn resolve(&mut self, tx: &Tx<'_>, kind: RecordKind, name: Option<&str>) -> Result<Option<Resolved>> {
        let Some(name) = name else { return Ok(None) };
        let slot = match kind {
            RecordKind::Group => 1,
            RecordKind::Service => 2,
            RecordKind::Ci => 3,
            _ => 0,
        };
        if let Some(hit) = self.exact[slot].get(name) {
            return Ok(Some(hit.clone()));
        }
        let key = (kind, name.to_lowercase());
        if let Some(hit) = self.folded.get(&key).cloned() {
            self.exact[slot].insert(name.to_string(), hit.clone());
            return Ok(Some(hit));
        }
        let (find, create, table): (&str, &str, &str) = match kind {
            RecordKind::Group => (
                "SELECT id, name FROM support_groups WHERE name = ?1",
                "INSERT INTO support_groups (name, created_at, updated_at) VALUES (?1, ?2, ?2)",
                "support_groups",
            ),
            RecordKind::Service => (
                "SELECT id, name FROM services WHERE name = ?1",
                "INSERT INTO services (name, criticality, status, created_at, updated_at) VALUES (?1, 'medium', 'live', ?2, ?2)",
                "services",
            ),
            RecordKind::Ci => (
                "SELECT id, name FROM cis WHERE name = ?1 ORDER BY environment <> 'production', id LIMIT 1",
                "INSERT INTO cis (name, ci_type, environment, lifecycle, created_at, updated_at) VALUES (?1, 'other', 'production', 'operational', ?2, ?2)",
                "cis",
            ),
            _ => (
                "SELECT id, name FROM people WHERE name = ?1 ORDER BY id LIMIT 1",
                "INSERT INTO people (name, created_at, updated_at) VALUES (?1, ?2, ?2)",
                "people",
            ),
        };
        let kind = if table == "people" { RecordKind::Person } else { kind };
        let hit: Resolved = match tx.prepare_cached(find)?.query_row([name], |r| Ok((r.get(0)?, r.get::<_, String>(1)?))).optional()? {
            Some((id, stored)) => (id, stored.into()),
            None => {
                tx.prepare_cached(create)?.execute(params![name, tx.at()])?;
                *self.created.entry(table.to_string()).or_default() += 1;
                let id = tx.last_insert_rowid();
                history::created(tx, self.run, RecordRef { kind, id })?;
                (id, name.into())
            }
        };
        self.folded.insert(key, hit.clone());
        self.exact[slot].insert(name.to_string(), hit.clone());
        Ok(Some(hit))
    }
}
