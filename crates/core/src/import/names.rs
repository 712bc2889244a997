//! Records referred to by name in imports that keep no import history (changes, risks):
//! people, support groups and CIs matched by name (any case) or created, each creation in
//! the audit trail, lookups cached for the file.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension};

use crate::error::Result;
use crate::record::RecordKind;
use crate::workspace::Tx;

pub(crate) struct Names<'a> {
    tx: &'a Tx<'a>,
    /// Which import created a record, for the audit entry.
    by: &'static str,
    cache: HashMap<(&'static str, String), i64>,
}

impl<'a> Names<'a> {
    pub(crate) fn new(tx: &'a Tx<'a>, by: &'static str) -> Self {
        Names { tx, by, cache: HashMap::new() }
    }

    /// The id of the record named `name` in `table` ("people", "support_groups" or "cis"),
    /// created when missing; a bad name is a validation error on `field`.
    pub(crate) fn id(&mut self, table: &'static str, field: &str, name: &str) -> Result<Option<i64>> {
        let name = name.trim();
        if name.is_empty() {
            return Ok(None);
        }
        let key = (table, name.to_lowercase());
        if let Some(id) = self.cache.get(&key) {
            return Ok(Some(*id));
        }
        let found: Option<i64> = self.tx.query_row(&format!("SELECT id FROM {table} WHERE name = ?1 COLLATE NOCASE ORDER BY id LIMIT 1"), [name], |r| r.get(0)).optional()?;
        let id = match found {
            Some(id) => id,
            None => {
                let (sql, kind) = match table {
                    "cis" => ("INSERT INTO cis (name, ci_type, environment, lifecycle, created_at, updated_at) VALUES (?1, 'other', 'production', 'operational', ?2, ?2)", RecordKind::Ci),
                    "support_groups" => ("INSERT INTO support_groups (name, created_at, updated_at) VALUES (?1, ?2, ?2)", RecordKind::Group),
                    _ => ("INSERT INTO people (name, created_at, updated_at) VALUES (?1, ?2, ?2)", RecordKind::Person),
                };
                self.tx.execute(sql, params![crate::validate::name(field, name, 200)?, self.tx.at()])?;
                let id = self.tx.last_insert_rowid();
                self.tx.audit(&format!("{}.created", kind.as_str()), kind, id, serde_json::json!({"name": name, "by": self.by}))?;
                id
            }
        };
        self.cache.insert(key, id);
        Ok(Some(id))
    }
}
