//! Product lifecycle tables: when each release cycle of a product leaves support and
//! reaches its end of life, as vendors publish them and endoflife.date gathers them (its
//! API answers a product's cycles as JSON: `cycle`, `support`, `eol`; a CSV of product,
//! cycle, end of support, end of life works the same through the mapping step).
//!
//! A CI names its product and version in its attributes (`product` or `software`, and
//! `version`); its version is in a cycle when it is the cycle or starts with the cycle and
//! a dot or dash ("14.8" is in "14", "7.4.1" in "7.4"), the longest cycle winning. A
//! matched CI takes the cycle's dates unless a person typed its own: each date keeps where
//! it came from (`support_source`, `life_source`), and typing a date makes it the user's.

use std::path::Path;

use rusqlite::{params, OptionalExtension};

use super::CiId;
use crate::error::{CoreError, Result};
use crate::import::mapping::{self, Synonyms};
use crate::import::{history, import_rows, Headers, ImportOptions, ImportReport, Outcome, RowImport, Table};
use crate::record::{RecordKind, RecordRef};
use crate::workspace::{Action, Tx, Workspace};

pub const FORMAT: &str = "lifecycle-table";

const SYNONYMS: Synonyms = &[
    ("product", &["product", "productname", "software", "softwarename"]),
    ("cycle", &["cycle", "releasecycle", "version", "release", "versioncycle"]),
    ("end_of_support", &["support", "endofsupport", "supportend", "activesupport", "endofactivesupport", "mainstreamsupport", "endofmainstreamsupport"]),
    ("end_of_life", &["eol", "endoflife", "eoldate", "securitysupport", "endofsecuritysupport", "extendedsupport", "endofextendedsupport"]),
];

pub const FIELDS: &[&str] = &["product", "cycle", "end_of_support", "end_of_life"];

pub fn suggested(headers: &Headers) -> Vec<Option<&'static str>> {
    mapping::suggested(SYNONYMS, headers)
}

/// A lifecycle table names cycles and at least one of their ends.
pub fn looks_like_table(headers: &Headers) -> bool {
    let f = suggested(headers);
    f.contains(&Some("cycle")) && (f.contains(&Some("end_of_life")) || f.contains(&Some("end_of_support")))
}

/// A date of the table: a day, or none when the table says none is set (`false`, empty);
/// `true` (ended, no day given) is none as well, there being no day to put on the radar.
fn day(field: &str, value: &str) -> Result<Option<String>> {
    match value.trim() {
        "" | "false" | "False" | "FALSE" | "true" | "True" | "TRUE" | "-" | "n/a" | "N/A" => Ok(None),
        v => {
            let d = v.get(..10).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).filter(|_| v.len() == 10 || v.as_bytes().get(10) == Some(&b'T'));
            d.map(|d| Some(d.format("%Y-%m-%d").to_string())).ok_or_else(|| CoreError::validation(field, format!("\"{v}\" is not a date (YYYY-MM-DD), true or false.")))
        }
    }
}

/// Imports a lifecycle table; the product is the mapped column's, else `opts.name` (the
/// dialog asks, defaulting to the file's name: endoflife.date's files are named by
/// product). Then every CI whose product and version fall in a cycle takes its dates.
pub fn import_table(ws: &Workspace, path: &Path, opts: &ImportOptions) -> Result<ImportReport> {
    let t = Table::read_with(path, &opts.progress)?;
    let mapping = mapping::resolve(SYNONYMS, &t.headers, opts.mapping.as_deref(), &[("cycle", "Choose the column with each release cycle (version).")])?;
    let column = |name: &str| mapping.iter().position(|m| m.as_deref() == Some(name));
    if column("end_of_support").is_none() && column("end_of_life").is_none() {
        return Err(CoreError::validation("mapping", "Choose the column with the end of support or the end of life."));
    }
    let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let named = opts.name.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_string).or_else(|| path.file_stem().map(|s| s.to_string_lossy().into_owned()));
    import_rows(ws, RowImport { kind: "lifecycles", format: FORMAT, action: "lifecycles.imported", file: file.clone(), table: &t }, |tx, run, rec| {
        let get = |name: &str| column(name).and_then(|i| rec.get(i)).unwrap_or("").trim().to_string();
        let product = match get("product") {
            p if p.is_empty() => named.clone().ok_or_else(|| CoreError::validation("product", "The row names no product."))?,
            p => p,
        };
        let product = crate::validate::name("product", &product, 200)?;
        let cycle = crate::validate::name("cycle", &get("cycle"), 100)?;
        let support = day("end_of_support", &get("end_of_support"))?;
        let life = day("end_of_life", &get("end_of_life"))?;
        write_cycle(tx, run, &product, &cycle, support.as_deref(), life.as_deref(), &file)
    }, |tx, run| Ok(serde_json::json!({"cis_dated": match_all(tx, run)?})))
}

fn write_cycle(tx: &Tx<'_>, run: history::ImportId, product: &str, cycle: &str, support: Option<&str>, life: Option<&str>, file: &str) -> Result<Outcome> {
    let known: Option<(i64, Option<String>, Option<String>)> = tx
        .prepare_cached("SELECT id, support_end, life_end FROM product_lifecycles WHERE product = ?1 AND cycle = ?2")?
        .query_row(params![product, cycle], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    match known {
        Some((_, s, l)) if s.as_deref() == support && l.as_deref() == life => Ok(Outcome::Unchanged),
        Some((id, ..)) => history::changing(tx, run, RecordRef::new(RecordKind::ProductLifecycle, id), || {
            tx.prepare_cached("UPDATE product_lifecycles SET support_end = ?2, life_end = ?3, source = ?4 WHERE id = ?1")?.execute(params![id, support, life, file])?;
            Ok((true, Outcome::Updated))
        }),
        None => {
            tx.prepare_cached("INSERT INTO product_lifecycles (product, cycle, support_end, life_end, source) VALUES (?1, ?2, ?3, ?4, ?5)")?.execute(params![product, cycle, support, life, file])?;
            let id = tx.last_insert_rowid();
            tx.audit(Action::created("product_lifecycle.created"), RecordRef::new(RecordKind::ProductLifecycle, id), serde_json::json!({"product": product, "cycle": cycle, "support_end": support, "life_end": life}))?;
            Ok(Outcome::Created)
        }
    }
}

/// The cycle of `product` a version is in: the longest cycle that is the version or
/// starts it followed by a dot or a dash.
fn cycle_of(tx: &Tx<'_>, product: &str, version: &str) -> Result<Option<(String, Option<String>, Option<String>, String)>> {
    let mut stmt = tx.prepare_cached("SELECT cycle, support_end, life_end, source FROM product_lifecycles WHERE product = ?1 ORDER BY length(cycle) DESC, cycle")?;
    let rows = stmt.query_map([product], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    for row in rows {
        let (cycle, support, life, source) = row?;
        let v = version.trim().trim_start_matches(['v', 'V']);
        let fits = v.eq_ignore_ascii_case(&cycle) || (v.len() > cycle.len() && v[..cycle.len()].eq_ignore_ascii_case(&cycle) && matches!(v.as_bytes()[cycle.len()], b'.' | b'-'));
        if fits {
            return Ok(Some((cycle, support, life, source)));
        }
    }
    Ok(None)
}

/// The product and version a CI's attributes name.
fn product_of(attributes: &str) -> Option<(String, String)> {
    let a: std::collections::BTreeMap<String, String> = serde_json::from_str(attributes).ok()?;
    let get = |keys: &[&str]| keys.iter().find_map(|k| a.iter().find(|(n, v)| n.eq_ignore_ascii_case(k) && !v.trim().is_empty()).map(|(_, v)| v.trim().to_string()));
    Some((get(&["product", "software"])?, get(&["version", "product_version", "software_version"])?))
}

/// Gives a CI its product cycle's dates where no person typed them; says whether it
/// changed. `run`: the import doing it (its history keeps the CI as it was).
pub(crate) fn match_ci(tx: &Tx<'_>, id: CiId, run: Option<history::ImportId>) -> Result<bool> {
    let (attributes, support, life, support_source, life_source): (String, Option<String>, Option<String>, Option<String>, Option<String>) = tx
        .prepare_cached("SELECT attributes, support_end, life_end, support_source, life_source FROM cis WHERE id = ?1")?
        .query_row([id.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
    let Some((product, version)) = product_of(&attributes) else { return Ok(false) };
    let Some((cycle, table_support, table_life, file)) = cycle_of(tx, &product, &version)? else { return Ok(false) };
    let source = format!("{product} {cycle}, from {file}");
    // A date a person typed (a date with no source) stays; one from a table follows it.
    let mine = |date: &Option<String>, from: &Option<String>| date.is_some() && from.is_none();
    let (new_support, new_support_source) = if mine(&support, &support_source) { (support.clone(), None) } else { (table_support.clone(), table_support.as_ref().map(|_| source.clone())) };
    let (new_life, new_life_source) = if mine(&life, &life_source) { (life.clone(), None) } else { (table_life.clone(), table_life.as_ref().map(|_| source.clone())) };
    if (&new_support, &new_support_source, &new_life, &new_life_source) == (&support, &support_source, &life, &life_source) {
        return Ok(false);
    }
    let write = || -> Result<(bool, bool)> {
        tx.prepare_cached("UPDATE cis SET support_end = ?2, support_source = ?3, life_end = ?4, life_source = ?5, updated_at = ?6 WHERE id = ?1")?
            .execute(params![id.0, new_support, new_support_source, new_life, new_life_source, tx.at()])?;
        tx.audit(Action::did("ci.lifecycle_matched"), RecordRef::new(RecordKind::Ci, id.0), serde_json::json!({"product": product, "version": version, "cycle": cycle, "end_of_support": new_support, "end_of_life": new_life, "source": file}))?;
        Ok((true, true))
    };
    match run {
        Some(run) => history::changing(tx, run, RecordRef::new(RecordKind::Ci, id.0), write),
        None => write().map(|(c, _)| c),
    }
}

/// Matches every CI that names a product; returns how many took dates.
fn match_all(tx: &Tx<'_>, run: history::ImportId) -> Result<u64> {
    let ids: Vec<i64> = tx
        .prepare("SELECT id FROM cis WHERE EXISTS (SELECT 1 FROM json_each(cis.attributes) WHERE lower(key) IN ('product', 'software'))")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut n = 0;
    for id in ids {
        n += u64::from(match_ci(tx, CiId(id), Some(run))?);
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cis::lifecycle::{get_ci_lifecycle, set_ci_lifecycle};
    use crate::cis::{create_ci, update_ci, CiInput, CiType, Environment, Lifecycle};
    use crate::import_file::{import, preview, FileFormat};

    fn data(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
    }

    #[test]
    fn the_dialog_offers_every_field_the_synonyms_know() {
        assert_eq!(FIELDS, mapping::fields(SYNONYMS).as_slice());
    }

    /// endoflife.date's answers for PostgreSQL (29 cycles, end of life only) and FortiOS
    /// (8 cycles, support and end of life), as Linuxfabrik's lib keeps them offline
    /// (`tests/data/README.md`). Counts by Python's json module: PostgreSQL 29 rows, 0
    /// with `support`; FortiOS 8 rows, 7.2 leaving support on 2025-03-31 and life on
    /// 2026-09-30. A CI running PostgreSQL 14.8 and a firewall on FortiOS 7.2.5 take their
    /// cycles' dates, said to come from the files; a date a person typed stays theirs.
    #[test]
    fn endoflife_date_tables_date_the_cis_that_run_their_products() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Ivy Manager", crate::testing::NOW);
        let ci = |name: &str, attrs: &[(&str, &str)]| {
            create_ci(&ws, &CiInput { name: name.into(), ci_type: CiType::Database, environment: Environment::Production, owner_id: None, lifecycle: Lifecycle::Operational, attributes: attrs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() }).unwrap().id
        };
        let pg = ci("pg-portal-01", &[("product", "PostgreSQL"), ("version", "14.8")]);
        let fw = ci("fw-edge", &[("Software", "fortios"), ("version", "v7.2.5")]);
        let other = ci("pg-legacy", &[("product", "postgresql"), ("version", "8.4.22")]);
        set_ci_lifecycle(&ws, fw, &crate::cis::lifecycle::CiLifecycle { end_of_life: Some("2026-12-31".into()), ..Default::default() }).unwrap();

        let file = data("endoflife-postgresql.json");
        let p = preview(&file, None).unwrap();
        assert_eq!(p.detected, Some(FileFormat::LifecycleTable), "{:?}", p.problem);
        let opts = |name: &str| crate::import::ImportOptions { name: Some(name.into()), ..Default::default() };
        let r = import(&ws, &file, FileFormat::LifecycleTable, &opts("postgresql")).unwrap().report;
        assert_eq!((r.rows_read, r.created, r.rejected), (29, 29, 0), "{r:?}");
        let l = get_ci_lifecycle(&ws, pg).unwrap();
        assert_eq!((l.end_of_support, l.end_of_life.as_deref(), l.life_source.as_deref()), (None, Some("2026-11-12"), Some("PostgreSQL 14, from endoflife-postgresql.json")));
        let old = get_ci_lifecycle(&ws, other).unwrap();
        assert_eq!(old.end_of_life.as_deref(), Some("2014-07-24"), "8.4 is in cycle 8.4, not 8");

        let r = import(&ws, &data("endoflife-fortios.json"), FileFormat::LifecycleTable, &opts("fortios")).unwrap().report;
        assert_eq!((r.rows_read, r.created), (8, 8));
        let l = get_ci_lifecycle(&ws, fw).unwrap();
        assert_eq!((l.end_of_support.as_deref(), l.support_source.as_deref()), (Some("2025-03-31"), Some("fortios 7.2, from endoflife-fortios.json")));
        assert_eq!((l.end_of_life.as_deref(), l.life_source), (Some("2026-12-31"), None), "the typed end of life stays");

        // The same file again changes nothing; a CI given a product later takes its dates.
        let again = import(&ws, &file, FileFormat::LifecycleTable, &opts("postgresql")).unwrap().report;
        assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 29));
        let mut input = CiInput { name: "pg-new".into(), ci_type: CiType::Database, environment: Environment::Production, owner_id: None, lifecycle: Lifecycle::Operational, attributes: Default::default() };
        let late = create_ci(&ws, &input).unwrap().id;
        input.attributes.insert("product".into(), "PostgreSQL".into());
        input.attributes.insert("version".into(), "16.2".into());
        update_ci(&ws, late, &input).unwrap();
        assert_eq!(get_ci_lifecycle(&ws, late).unwrap().end_of_life.as_deref(), Some("2028-11-09"));
        // Typing the date makes it the user's.
        let mut typed = get_ci_lifecycle(&ws, pg).unwrap();
        typed.end_of_life = Some("2027-01-31".into());
        assert_eq!(set_ci_lifecycle(&ws, pg, &typed).unwrap().life_source, None);

        // Undoing the FortiOS import takes its cycles away and the firewall's support date
        // with them; the typed end of life stays.
        let runs = crate::import::history::list_imports(&ws).unwrap();
        let forti = runs.iter().find(|r| r.file == "endoflife-fortios.json").unwrap().id;
        let undone = crate::import::history::undo_import(&ws, forti).unwrap();
        assert_eq!((undone.removed, undone.restored), (8, 1), "{undone:?}");
        let l = get_ci_lifecycle(&ws, fw).unwrap();
        assert_eq!((l.end_of_support, l.end_of_life.as_deref()), (None, Some("2026-12-31")));
    }

    #[test]
    fn bad_tables_are_refused_in_words() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Ivy Manager", crate::testing::NOW);
        let f = d.path().join("vendor.csv");
        std::fs::write(&f, "Product,Version,End of support,End of life\nWidgetOS,3,2027-01-01,soon\nWidgetOS,4,31/12/2028,2030-01-01\nWidgetOS,5,false,2032-06-30\n").unwrap();
        let r = import(&ws, &f, FileFormat::LifecycleTable, &Default::default()).unwrap().report;
        assert_eq!((r.created, r.rejected), (1, 2), "{r:?}");
        assert_eq!(r.errors.iter().map(|e| e.column.as_deref().unwrap_or("")).collect::<Vec<_>>(), ["end_of_life", "end_of_support"]);
        assert!(r.errors[0].message.contains("\"soon\" is not a date"));
    }
}
