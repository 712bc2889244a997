//! A JSON export read as a table: the list of records it holds (the document itself when it
//! is an array, else the one member of the top-level object that is an array of objects,
//! as `workflow_runs` in GitHub's or `value` in Azure DevOps' answers), each record one
//! row. Nested objects become columns named by their path (`environment.name`,
//! `head_commit.timestamp`); lists of plain values are joined with ", "; lists of objects
//! are left out. The columns are every path any record has, in the order first seen (a
//! record's own names in alphabetical order, as serde_json keeps them).

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::{file_error, Headers};
use crate::error::Result;

/// Whether a file is JSON (by its name, as a workbook is known by its name).
pub fn is_json(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Most columns a JSON list may spread into: beyond it, the file is not a list of records.
const MAX_COLUMNS: usize = 2_000;

/// The header (lower-cased, as a CSV header is read), the rows and the file's SHA-256.
pub fn read(path: &Path) -> Result<(Headers, Vec<csv::StringRecord>, String)> {
    let bytes = super::read_whole(path)?;
    let sha256 = format!("{:x}", Sha256::digest(&bytes));
    let doc: Value = serde_json::from_slice(&bytes).map_err(|e| file_error(path, format!("it is not valid JSON (line {}, column {}: {e})", e.line(), e.column())))?;
    let records = records(&doc).ok_or_else(|| {
        file_error(path, "it holds no list of records: Steward reads a JSON array of objects, or an object with one such array (as workflow_runs, deployments or value)")
    })?;
    let mut columns: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut flat_rows = Vec::with_capacity(records.len());
    for r in records {
        let mut cells = Vec::new();
        flatten("", r, &mut cells);
        for (name, _) in &cells {
            if !index.contains_key(name) {
                index.insert(name.clone(), columns.len());
                columns.push(name.clone());
            }
        }
        if columns.len() > MAX_COLUMNS {
            return Err(file_error(path, format!("its records spread into more than {MAX_COLUMNS} fields: this is not a list Steward can map")));
        }
        flat_rows.push(cells);
    }
    let rows = flat_rows
        .into_iter()
        .map(|cells| {
            let mut row = vec![String::new(); columns.len()];
            for (name, v) in cells {
                row[index[&name]] = v;
            }
            csv::StringRecord::from(row)
        })
        .collect();
    Ok((Headers(columns.iter().map(|c| c.to_lowercase()).collect()), rows, sha256))
}

/// The records of a document: an array of objects, or the one array-of-objects member of an
/// object (none or several: not a list Steward can tell).
fn records(doc: &Value) -> Option<Vec<&Map<String, Value>>> {
    fn objects(items: &[Value]) -> Option<Vec<&Map<String, Value>>> {
        let all: Vec<&Map<String, Value>> = items.iter().filter_map(Value::as_object).collect();
        (!all.is_empty() && all.len() == items.len()).then_some(all)
    }
    match doc {
        Value::Array(items) => objects(items),
        Value::Object(members) => {
            let mut lists = members.values().filter_map(|v| v.as_array()).filter_map(|a| objects(a));
            let first = lists.next()?;
            lists.next().is_none().then_some(first)
        }
        _ => None,
    }
}

/// Each plain value of an object with its path.
fn flatten(prefix: &str, object: &Map<String, Value>, out: &mut Vec<(String, String)>) {
    for (k, v) in object {
        let name = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
        match v {
            Value::Object(inner) => flatten(&name, inner, out),
            Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => out.push((name, items.iter().map(plain).collect::<Vec<_>>().join(", "))),
            Value::Array(_) => {}
            other => out.push((name, plain(other))),
        }
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_is_found_and_flattened_and_a_document_of_another_shape_is_refused() {
        let d = tempfile::tempdir().unwrap();
        let write = |name: &str, body: &str| {
            let p = d.path().join(name);
            std::fs::write(&p, body).unwrap();
            p
        };
        let runs = write("runs.json", r#"{"total_count": 2, "workflow_runs": [
            {"id": 1, "conclusion": "success", "head_commit": {"id": "abc", "timestamp": "2026-03-01T10:00:00Z"}, "labels": ["a", "b"], "pull_requests": [{"n": 1}]},
            {"id": 2, "conclusion": null, "extra": true}]}"#);
        let (h, rows, sha) = read(&runs).map_err(|e| e.to_string()).unwrap();
        assert_eq!(h.names(), ["conclusion", "head_commit.id", "head_commit.timestamp", "id", "labels", "extra"]);
        assert_eq!(rows[0].iter().collect::<Vec<_>>(), ["success", "abc", "2026-03-01T10:00:00Z", "1", "a, b", ""]);
        assert_eq!(rows[1].iter().collect::<Vec<_>>(), ["", "", "", "2", "", "true"]);
        assert_eq!(sha.len(), 64);
        let array = write("list.json", r#"[{"Status": "failed"}]"#);
        assert_eq!(read(&array).map_err(|e| e.to_string()).unwrap().0.names(), ["status"]);
        for (name, body, says) in [
            ("one.json", r#"{"id": 1, "sha": "abc"}"#, "holds no list of records"),
            ("two.json", r#"{"a": [{"x": 1}], "b": [{"y": 2}]}"#, "holds no list of records"),
            ("mixed.json", r#"[{"x": 1}, 2]"#, "holds no list of records"),
            ("empty.json", "[]", "holds no list of records"),
            ("broken.json", r#"[{"x": 1"#, "not valid JSON (line 1"),
        ] {
            let Err(e) = read(&write(name, body)) else { panic!("{name} was read") };
            assert!(e.to_string().contains(says), "{name}: {e}");
        }
    }
}
