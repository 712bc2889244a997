//! Reference values in an import (a caller, a group, a service, a CI named in a cell) are
//! matched to existing records by name, ignoring case, or created; the import's summary
//! counts what was created, and the import history lists it for undo.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{params, OptionalExtension};

use super::history::{self, ImportId};
use crate::error::Result;
use crate::record::{RecordKind, RecordRef};
use crate::workspace::Tx;

pub struct References {
    run: ImportId,
    cache: HashMap<(RecordKind, String), (i64, String)>,
    created: BTreeMap<String, u64>,
}

impl References {
    pub fn new(run: ImportId) -> Self {
        References { run, cache: HashMap::new(), created: BTreeMap::new() }
    }

    /// How many records were created, by table name.
    pub fn created(&self) -> &BTreeMap<String, u64> {
        &self.created
    }

    /// The record's id and its name as stored (which may differ in case from `name`).
    /// `kind` is Person, Group, Service or Ci.
    pub fn resolve(&mut self, tx: &Tx<'_>, kind: RecordKind, name: Option<&str>) -> Result<Option<(i64, String)>> {
        let Some(name) = name else { return Ok(None) };
        let key = (kind, name.to_lowercase());
        if let Some(hit) = self.cache.get(&key) {
            return Ok(Some(hit.clone()));
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
        let hit = match tx.prepare_cached(find)?.query_row([name], |r| Ok((r.get(0)?, r.get(1)?))).optional()? {
            Some(hit) => hit,
            None => {
                tx.prepare_cached(create)?.execute(params![name, tx.at()])?;
                *self.created.entry(table.to_string()).or_default() += 1;
                let id = tx.last_insert_rowid();
                history::created(tx, self.run, RecordRef { kind, id })?;
                (id, name.to_string())
            }
        };
        self.cache.insert(key, hit.clone());
        Ok(Some(hit))
    }
}
