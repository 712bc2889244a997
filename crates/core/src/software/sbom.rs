//! SBOMs: CycloneDX JSON (1.2-1.6) and SPDX JSON (2.2, 2.3), detected from the content,
//! read into one shape (elements with their references, and the dependency pairs between
//! elements the file names) and imported into an application's components.
//!
//! CycloneDX `components` count at every depth (nested ones included); `metadata.component`
//! is the application itself, not one of its components. SPDX `packages` are the
//! components. A component is one row however many applications carry it: known by its
//! package URL, else by name and version. Importing an application's SBOM again replaces
//! its components with the file's and says what was added, removed or changed version.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::{application_named_in, ApplicationId};
use crate::error::Result;
use crate::import::{file_error, history};
use crate::record::{RecordKind, RecordRef};
use crate::workspace::{Action, Tx, Workspace};

/// One component as the file states it.
#[derive(Debug, Clone, PartialEq)]
struct Element {
    name: String,
    version: String,
    purl: Option<String>,
    supplier: String,
    licences: Vec<String>,
    hashes: Vec<String>,
}

impl Element {
    /// How a component is known across applications and imports.
    fn key(&self) -> String {
        match &self.purl {
            Some(p) => format!("purl:{p}"),
            None => format!("nv:{}@{}", self.name.to_lowercase(), self.version),
        }
    }
}

/// A problem with one element of the file: the element is left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SbomError {
    /// Where it is: "components[3].components[0]" or an SPDXID.
    pub element: String,
    pub message: String,
}

/// What a file holds, read and checked, before anything is written.
struct Parsed {
    format: String,
    /// The application the file describes (CycloneDX `metadata.component`, SPDX's document).
    describes: Option<String>,
    /// The components, each with the reference the file knows it by (if any).
    elements: Vec<(Option<String>, Element)>,
    /// Distinct (from, to) pairs of references between elements the file names.
    pairs: BTreeSet<(String, String)>,
    errors: Vec<SbomError>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SbomReport {
    /// "cyclonedx-1.6", "spdx-2.3", ...
    pub format: String,
    pub application: String,
    pub components: u64,
    pub with_purl: u64,
    pub dependencies: u64,
    /// Components new to the workspace.
    pub created: u64,
    /// Components the workspace had whose supplier, licences or hashes the file changed.
    pub updated: u64,
    pub rejected: u64,
    pub errors: Vec<SbomError>,
    /// What the application carries now that it did not before, and no longer carries
    /// (by name and version); empty on the first import.
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Dependency cycles the file states, each as its references in order ("a → b → a"):
    /// kept as the SBOM has them, and said, since a build graph should have none.
    pub cycles: Vec<String>,
}

/// The cycles among dependency pairs, each once, found by a depth-first walk from every
/// reference in order (a cycle is reported from its smallest reference).
fn cycles(pairs: &BTreeSet<(String, String)>) -> Vec<String> {
    let mut next: std::collections::BTreeMap<&str, Vec<&str>> = std::collections::BTreeMap::new();
    for (a, b) in pairs {
        next.entry(a.as_str()).or_default().push(b.as_str());
    }
    let mut found: BTreeSet<Vec<&str>> = BTreeSet::new();
    // 0 unseen, 1 on the path, 2 done.
    let mut state: HashMap<&str, u8> = HashMap::new();
    let mut path: Vec<&str> = Vec::new();
    fn visit<'a>(n: &'a str, next: &std::collections::BTreeMap<&'a str, Vec<&'a str>>, state: &mut HashMap<&'a str, u8>, path: &mut Vec<&'a str>, found: &mut BTreeSet<Vec<&'a str>>) {
        state.insert(n, 1);
        path.push(n);
        for &m in next.get(n).map(Vec::as_slice).unwrap_or_default() {
            match state.get(m).copied().unwrap_or(0) {
                0 => visit(m, next, state, path, found),
                1 => {
                    let start = path.iter().position(|x| *x == m).unwrap_or(0);
                    let mut cycle: Vec<&str> = path[start..].to_vec();
                    let min = cycle.iter().enumerate().min_by_key(|(_, r)| **r).map(|(i, _)| i).unwrap_or(0);
                    cycle.rotate_left(min);
                    found.insert(cycle);
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(n, 2);
    }
    for &n in next.keys() {
        if state.get(n).copied().unwrap_or(0) == 0 {
            visit(n, &next, &mut state, &mut path, &mut found);
        }
    }
    found.into_iter().map(|c| format!("{} → {}", c.join(" → "), c[0])).collect()
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).map(str::trim).unwrap_or_default().to_string()
}

/// Reads and checks the file: a file-level problem is an error (nothing written), a bad
/// element is listed and left out.
fn parse(path: &Path, bytes: &[u8]) -> Result<Parsed> {
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| file_error(path, format!("it is not JSON (line {}, column {}: {e}); Steward reads CycloneDX and SPDX JSON", e.line(), e.column())))?;
    if doc.get("bomFormat").and_then(Value::as_str) == Some("CycloneDX") {
        let version = text(&doc, "specVersion");
        if !["1.2", "1.3", "1.4", "1.5", "1.6"].contains(&version.as_str()) {
            return Err(file_error(path, format!("it is CycloneDX {} (specVersion); Steward reads CycloneDX 1.2 to 1.6", if version.is_empty() { "without a version" } else { &version })));
        }
        return Ok(cyclonedx(&doc, format!("cyclonedx-{version}")));
    }
    if let Some(v) = doc.get("spdxVersion").and_then(Value::as_str) {
        return match v {
            "SPDX-2.2" | "SPDX-2.3" => Ok(spdx(&doc, format!("spdx-{}", &v[5..]))),
            other => Err(file_error(path, format!("it is {other}; Steward reads SPDX 2.2 and 2.3 JSON"))),
        };
    }
    Err(file_error(path, "it is neither a CycloneDX BOM (bomFormat) nor an SPDX document (spdxVersion)"))
}

fn cyclonedx(doc: &Value, format: String) -> Parsed {
    let mut p = Parsed { format, describes: None, elements: Vec::new(), pairs: BTreeSet::new(), errors: Vec::new() };
    let mut named: HashSet<String> = HashSet::new();
    if let Some(app) = doc.pointer("/metadata/component") {
        p.describes = Some(text(app, "name")).filter(|n| !n.is_empty());
        if let Some(r) = app.get("bom-ref").and_then(Value::as_str) {
            named.insert(r.to_string());
        }
    }
    fn walk(list: &Value, at: &str, p: &mut Parsed, named: &mut HashSet<String>) {
        for (i, c) in list.as_array().map(Vec::as_slice).unwrap_or_default().iter().enumerate() {
            let here = format!("{at}[{i}]");
            let reference = c.get("bom-ref").and_then(Value::as_str).map(str::to_string);
            let name = text(c, "name");
            if name.is_empty() {
                p.errors.push(SbomError { element: reference.clone().unwrap_or(here.clone()), message: "The component has no name; it is left out.".into() });
            } else if reference.as_ref().is_some_and(|r| !named.insert(r.clone())) {
                p.errors.push(SbomError { element: reference.clone().unwrap_or_default(), message: format!("The bom-ref is used twice; {here} ({name}) is left out.") });
            } else {
                let licences = c
                    .get("licenses")
                    .and_then(Value::as_array)
                    .map(|ls| {
                        ls.iter()
                            .filter_map(|l| l.get("expression").and_then(Value::as_str).or_else(|| l.pointer("/license/id").and_then(Value::as_str)).or_else(|| l.pointer("/license/name").and_then(Value::as_str)))
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default();
                let hashes = c.get("hashes").and_then(Value::as_array).map(|hs| hs.iter().map(|h| format!("{}:{}", text(h, "alg"), text(h, "content"))).collect()).unwrap_or_default();
                let supplier = c.pointer("/supplier/name").and_then(Value::as_str).map(str::to_string).unwrap_or_else(|| text(c, "publisher"));
                let purl = Some(text(c, "purl")).filter(|s| !s.is_empty());
                p.elements.push((reference, Element { name, version: text(c, "version"), purl, supplier, licences, hashes }));
            }
            if let Some(inner) = c.get("components") {
                walk(inner, &format!("{here}.components"), p, named);
            }
        }
    }
    if let Some(list) = doc.get("components") {
        walk(list, "components", &mut p, &mut named);
    }
    for d in doc.get("dependencies").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
        let from = text(d, "ref");
        for to in d.get("dependsOn").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default().iter().filter_map(Value::as_str) {
            if named.contains(&from) && named.contains(to) {
                p.pairs.insert((from.clone(), to.to_string()));
            }
        }
    }
    p
}

fn spdx(doc: &Value, format: String) -> Parsed {
    let mut p = Parsed { format, describes: Some(text(doc, "name")).filter(|n| !n.is_empty()), elements: Vec::new(), pairs: BTreeSet::new(), errors: Vec::new() };
    let mut named: HashSet<String> = HashSet::new();
    named.insert(text(doc, "SPDXID"));
    for list in ["files", "snippets"] {
        for e in doc.get(list).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
            named.insert(text(e, "SPDXID"));
        }
    }
    let stated = |v: String| if v == "NOASSERTION" || v == "NONE" { String::new() } else { v };
    for (i, pkg) in doc.get("packages").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default().iter().enumerate() {
        let id = text(pkg, "SPDXID");
        let element = if id.is_empty() { format!("packages[{i}]") } else { id.clone() };
        let name = text(pkg, "name");
        if name.is_empty() {
            p.errors.push(SbomError { element, message: "The package has no name; it is left out.".into() });
            continue;
        }
        if !id.is_empty() && !named.insert(id.clone()) {
            p.errors.push(SbomError { element, message: format!("The SPDXID is used twice; packages[{i}] ({name}) is left out.") });
            continue;
        }
        let purl = pkg
            .get("externalRefs")
            .and_then(Value::as_array)
            .and_then(|refs| refs.iter().find(|r| text(r, "referenceType") == "purl"))
            .map(|r| text(r, "referenceLocator"))
            .filter(|s| !s.is_empty());
        let licence = [stated(text(pkg, "licenseConcluded")), stated(text(pkg, "licenseDeclared"))].into_iter().find(|l| !l.is_empty());
        let supplier = stated(text(pkg, "supplier"));
        let supplier = supplier.split_once(": ").map(|(_, who)| who.to_string()).unwrap_or(supplier);
        let hashes = pkg.get("checksums").and_then(Value::as_array).map(|hs| hs.iter().map(|h| format!("{}:{}", text(h, "algorithm"), text(h, "checksumValue"))).collect()).unwrap_or_default();
        p.elements.push((Some(id).filter(|i| !i.is_empty()), Element { name, version: stated(text(pkg, "versionInfo")), purl, supplier, licences: licence.into_iter().collect(), hashes }));
    }
    for r in doc.get("relationships").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
        let (a, kind, b) = (text(r, "spdxElementId"), text(r, "relationshipType"), text(r, "relatedSpdxElement"));
        let pair = match kind.as_str() {
            "DEPENDS_ON" => (a, b),
            "DEPENDENCY_OF" => (b, a),
            _ => continue,
        };
        if named.contains(&pair.0) && named.contains(&pair.1) {
            p.pairs.insert(pair);
        }
    }
    p
}

/// Imports an SBOM into the application named (else the one the file describes, else the
/// file's name), creating it when new.
pub fn import_sbom(ws: &Workspace, path: &Path, application: Option<&str>) -> Result<SbomReport> {
    let bytes = crate::import::read_whole(path)?;
    let parsed = parse(path, &bytes)?;
    let sha256 = format!("{:x}", Sha256::digest(&bytes));
    let stem = path.file_stem().map(|f| f.to_string_lossy().into_owned()).unwrap_or_else(|| "application".into());
    let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    write(ws, &parsed, application, &stem, &file, &sha256)
}

/// A CycloneDX document built in memory (the demo's applications), imported as a file is.
pub(crate) fn import_cyclonedx_value(ws: &Workspace, doc: &Value, application: &str) -> Result<SbomReport> {
    let format = format!("cyclonedx-{}", text(doc, "specVersion"));
    let bytes = serde_json::to_vec(doc).unwrap_or_default();
    write(ws, &cyclonedx(doc, format), Some(application), application, &format!("{application}.cdx.json (demo)"), &format!("{:x}", Sha256::digest(&bytes)))
}

fn write(ws: &Workspace, parsed: &Parsed, application: Option<&str>, fallback: &str, file: &str, sha256: &str) -> Result<SbomReport> {
    let name = application
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .or_else(|| parsed.describes.clone())
        .unwrap_or_else(|| fallback.to_string());
    ws.write(|tx| {
        let run = history::begin(tx, "sbom", &parsed.format, file, sha256)?;
        let app = application_named_in(tx, &name)?;
        let before = carried(tx, app)?;
        let mut ids: HashMap<String, i64> = HashMap::new();
        let (mut created, mut updated) = (0, 0);
        let mut mine: BTreeSet<i64> = BTreeSet::new();
        for (reference, e) in &parsed.elements {
            let (id, outcome) = upsert(tx, run, e)?;
            match outcome {
                Some(true) => created += 1,
                Some(false) => updated += 1,
                None => {}
            }
            mine.insert(id);
            if let Some(r) = reference {
                ids.insert(r.clone(), id);
            }
        }
        // Pairs between two of the application's components; those from the application
        // itself (its direct dependencies) are its components already.
        let pairs: BTreeSet<(i64, i64)> = parsed.pairs.iter().filter_map(|(from, to)| Some((*ids.get(from)?, *ids.get(to)?))).collect();
        // The application's sets, kept in the import's history when they change (undo
        // puts the earlier SBOM's components back).
        history::changing(tx, run, RecordRef::new(RecordKind::Application, app.0), || {
            let had: BTreeSet<i64> = tx.prepare("SELECT component_id FROM application_components WHERE application_id = ?1")?.query_map([app.0], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            let had_pairs: BTreeSet<(i64, i64)> =
                tx.prepare("SELECT from_id, to_id FROM component_dependencies WHERE application_id = ?1")?.query_map([app.0], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
            if had == mine && had_pairs == pairs {
                return Ok((false, ()));
            }
            tx.execute("DELETE FROM application_components WHERE application_id = ?1", [app.0])?;
            tx.execute("DELETE FROM component_dependencies WHERE application_id = ?1", [app.0])?;
            for id in &mine {
                tx.execute("INSERT INTO application_components (application_id, component_id) VALUES (?1, ?2)", [app.0, *id])?;
            }
            for (a, b) in &pairs {
                tx.execute("INSERT INTO component_dependencies (application_id, from_id, to_id) VALUES (?1, ?2, ?3)", [app.0, *a, *b])?;
            }
            Ok((true, ()))
        })?;
        let after = carried(tx, app)?;
        let added: Vec<String> = after.difference(&before).cloned().collect();
        let removed: Vec<String> = if before.is_empty() { Vec::new() } else { before.difference(&after).cloned().collect() };
        let report = SbomReport {
            format: parsed.format.clone(),
            application: name.clone(),
            components: parsed.elements.len() as u64,
            with_purl: parsed.elements.iter().filter(|(_, e)| e.purl.is_some()).count() as u64,
            dependencies: parsed.pairs.len() as u64,
            created,
            updated,
            rejected: parsed.errors.len() as u64,
            errors: parsed.errors.clone(),
            added: if before.is_empty() { Vec::new() } else { added },
            removed,
            cycles: cycles(&parsed.pairs),
        };
        let counted = crate::import::ImportReport {
            rows_read: report.components + report.rejected,
            created,
            updated,
            unchanged: report.components.saturating_sub(created + updated),
            rejected: report.rejected,
            ..crate::import::ImportReport::new(&report.format)
        };
        let records = history::finish(tx, run, &counted)?;
        tx.audit(
            Action::did("sbom.imported"),
            RecordRef::new(RecordKind::Import, run.0),
            serde_json::json!({"file": file, "sha256": sha256, "format": report.format, "application": app.0, "components": report.components, "created": created, "updated": updated,
                "rejected": report.rejected, "added": report.added, "removed": report.removed, "records": records}),
        )?;
        Ok(report)
    })
}

/// The application's components by name and version.
fn carried(tx: &Tx<'_>, app: ApplicationId) -> Result<BTreeSet<String>> {
    Ok(tx
        .prepare("SELECT c.name || CASE WHEN c.version = '' THEN '' ELSE ' ' || c.version END FROM application_components ac JOIN components c ON c.id = ac.component_id WHERE ac.application_id = ?1")?
        .query_map([app.0], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The component's row: created (Some(true)), changed (Some(false), its row kept in the
/// import's history) or as it was (None).
fn upsert(tx: &Tx<'_>, run: history::ImportId, e: &Element) -> Result<(i64, Option<bool>)> {
    let key = e.key();
    let (licences, hashes) = (e.licences.join("; "), e.hashes.join("; "));
    let known: Option<(i64, String, String, String)> =
        tx.query_row("SELECT id, supplier, licences, hashes FROM components WHERE key = ?1", [&key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).optional()?;
    match known {
        Some((id, s, l, h)) if (s.as_str(), l.as_str(), h.as_str()) == (e.supplier.as_str(), licences.as_str(), hashes.as_str()) => Ok((id, None)),
        Some((id, ..)) => history::changing(tx, run, RecordRef::new(RecordKind::Component, id), || {
            tx.execute("UPDATE components SET supplier = ?2, licences = ?3, hashes = ?4, updated_at = ?5 WHERE id = ?1", params![id, e.supplier, licences, hashes, tx.at()])?;
            Ok((true, (id, Some(false))))
        }),
        None => {
            tx.execute(
                "INSERT INTO components (key, name, version, purl, supplier, licences, hashes, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![key, e.name, e.version, e.purl, e.supplier, licences, hashes, tx.at()],
            )?;
            let id = tx.last_insert_rowid();
            tx.audit(Action::created("component.created"), RecordRef::new(RecordKind::Component, id), serde_json::json!({"name": e.name, "version": e.version, "purl": e.purl}))?;
            Ok((id, Some(true)))
        }
    }
}
