//! Reference values in an import (a caller, a group, a service, a CI named in a cell) are
//! matched to existing records by name, ignoring case, or created through their owners'
//! create functions (so each is validated and audited as any new record, and the import's
//! history lists it for undo); the import's summary counts what was created. Above the
//! directory, the service catalogue and the CI register; used by the importers above them.

use std::collections::BTreeMap;
use std::rc::Rc;

use foldhash::HashMap;
use rusqlite::OptionalExtension;

use crate::error::Result;
use crate::record::RecordKind;
use crate::workspace::Tx;

/// A resolved reference: the record's id and its name as stored.
pub type Resolved = (i64, Rc<str>);

/// The resolver of one import: what it creates is listed in that import's history through
/// the audit of each creation.
#[derive(Default)]
pub struct References {
    /// By kind (person, group, service, CI), each name as the file spells it: a file repeats
    /// the same spelling on most of its rows, found here without folding its case.
    exact: [HashMap<String, Resolved>; 4],
    /// By kind and lower-cased name: the one record every spelling resolves to.
    folded: HashMap<(RecordKind, String), Resolved>,
    created: BTreeMap<String, u64>,
}

impl References {
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
        let (find, table): (&str, &str) = match kind {
            RecordKind::Group => ("SELECT id, name FROM support_groups WHERE name = ?1", "support_groups"),
            RecordKind::Service => ("SELECT id, name FROM services WHERE name = ?1", "services"),
            RecordKind::Ci => ("SELECT id, name FROM cis WHERE name = ?1 ORDER BY environment <> 'production', id LIMIT 1", "cis"),
            _ => ("SELECT id, name FROM people WHERE name = ?1 ORDER BY id LIMIT 1", "people"),
        };
        let hit: Resolved = match tx.prepare_cached(find)?.query_row([name], |r| Ok((r.get(0)?, r.get::<_, String>(1)?))).optional()? {
            Some((id, stored)) => (id, stored.into()),
            None => {
                let id = create(tx, kind, name)?;
                *self.created.entry(table.to_string()).or_default() += 1;
                (id, name.into())
            }
        };
        self.folded.insert(key, hit.clone());
        self.exact[slot].insert(name.to_string(), hit.clone());
        Ok(Some(hit))
    }
}

/// Creates the record a cell names, through its owner: a person, a support group, a live
/// service, an operational production CI.
fn create(tx: &Tx<'_>, kind: RecordKind, name: &str) -> Result<i64> {
    match kind {
        RecordKind::Group => crate::directory::create_group_named(tx, name),
        RecordKind::Service => crate::services::create_named(tx, name),
        RecordKind::Ci => crate::cis::create_named(tx, name),
        _ => crate::directory::create_person_named(tx, name),
    }
}
