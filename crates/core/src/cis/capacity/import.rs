//! Measurements from a monitoring tool's export (Grafana's "Download CSV", Zabbix or
//! Prometheus series as CSV, a spreadsheet kept by hand) through the import dialog's
//! mapping step: each row is a CI, a metric, an instant and a value (Grafana's export
//! names no CI: the dialog asks for the one the file is about). A metric the CI does
//! not have yet is added when the row gives its capacity and threshold; a CI the register
//! does not know is a rejected row (measurements do not invent CIs). Idempotent by metric
//! and instant; undo removes what it added and restores values it changed.

use std::path::Path;

use rusqlite::OptionalExtension;

use super::{create_in, instant, write_measurement, MetricId, MetricInput};
use crate::error::{CoreError, Result};
use crate::import::mapping::{self, Synonyms};
use crate::import::{history, import_rows, Headers, ImportOptions, ImportReport, Outcome, RowImport, Table};
use crate::record::{RecordKind, RecordRef};
use crate::workspace::{Tx, Workspace};

pub const FORMAT: &str = "capacity-measurements";

/// The fields a column can feed, with the words monitoring exports use for each.
const SYNONYMS: Synonyms = &[
    ("ci", &["ci", "ciname", "configurationitem", "host", "hostname", "server", "device", "node", "instance", "machine"]),
    ("metric", &["metric", "metricname", "item", "itemname", "counter", "measure", "series", "key"]),
    ("measured_at", &["measuredat", "time", "timestamp", "date", "datetime", "day", "clock", "period", "at"]),
    ("value", &["value", "reading", "measurement", "used", "usage", "avg", "average", "mean", "max", "peak"]),
    ("unit", &["unit", "units", "uom"]),
    ("capacity", &["capacity", "total", "size", "limit"]),
    ("threshold", &["threshold", "warning", "warn", "alert", "alertlevel"]),
];

/// The fields of the mapping step, in the order the dialog offers them.
pub const FIELDS: &[&str] = &["ci", "metric", "measured_at", "value", "unit", "capacity", "threshold"];

pub fn suggested(headers: &Headers) -> Vec<Option<&'static str>> {
    mapping::suggested(SYNONYMS, headers)
}

/// A header reads like measurements when it names a metric, an instant and a value.
pub fn looks_like_measurements(headers: &Headers) -> bool {
    let fields = suggested(headers);
    ["metric", "measured_at", "value"].iter().all(|f| fields.contains(&Some(f)))
}

fn number(field: &str, text: &str) -> Result<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| CoreError::validation(field, format!("\"{}\" is not a number.", text.trim())))
}

/// The metric a row names: the CI's, or a new one when the row gives its capacity.
fn metric_of(tx: &Tx<'_>, ci: &str, name: &str, get: &dyn Fn(&str) -> String) -> Result<(MetricId, bool)> {
    if ci.is_empty() {
        return Err(CoreError::validation("ci", "The row names no CI."));
    }
    if name.is_empty() {
        return Err(CoreError::validation("metric", "The row names no metric."));
    }
    let ci_id: i64 = tx
        .prepare_cached("SELECT id FROM cis WHERE name = ?1 ORDER BY environment <> 'production', id LIMIT 1")?
        .query_row([ci], |r| r.get(0))
        .optional()?
        .ok_or_else(|| CoreError::validation("ci", format!("There is no CI \"{ci}\" in the register: add it (or import the inventory) first.")))?;
    let known: Option<i64> = tx.prepare_cached("SELECT id FROM capacity_metrics WHERE ci_id = ?1 AND name = ?2")?.query_row(rusqlite::params![ci_id, name], |r| r.get(0)).optional()?;
    if let Some(id) = known {
        return Ok((MetricId(id), false));
    }
    let capacity = get("capacity");
    if capacity.is_empty() {
        return Err(CoreError::validation("capacity", format!("\"{ci}\" has no metric \"{name}\" yet: add it, or map a column with its capacity (and threshold).")));
    }
    let capacity = number("capacity", &capacity)?;
    let threshold = match get("threshold").as_str() {
        "" => capacity * 0.8,
        t => number("threshold", t)?,
    };
    let id = create_in(tx, super::CiId(ci_id), &MetricInput { name: name.to_string(), unit: get("unit"), capacity, threshold })?;
    Ok((id, true))
}

/// Imports measurements with `opts.mapping[i]` naming the field column i feeds (None: the
/// suggested mapping).
pub fn import_measurements(ws: &Workspace, path: &Path, opts: &ImportOptions) -> Result<ImportReport> {
    let t = Table::read_with(path, &opts.progress)?;
    let mapping = mapping::resolve(SYNONYMS, &t.headers, opts.mapping.as_deref(), &[
        ("metric", "Choose the column that names the metric measured."),
        ("measured_at", "Choose the column with each measurement's time."),
        ("value", "Choose the column with the measured value."),
    ])?;
    let column = |name: &str| mapping.iter().position(|m| m.as_deref() == Some(name));
    let named_ci = opts.name.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_string);
    if column("ci").is_none() && named_ci.is_none() {
        return Err(CoreError::validation("mapping", "Choose the column that names each row's CI (its host or server name), or name the CI the file is about."));
    }
    let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    import_rows(ws, RowImport { kind: "capacity", format: FORMAT, action: "capacity.imported", file, table: &t }, |tx, run, rec| {
        let get = |name: &str| column(name).and_then(|i| rec.get(i)).unwrap_or("").trim().to_string();
        let at = instant("measured_at", &get("measured_at"), opts.date_order, opts.tz)?;
        let value = number("value", &get("value"))?;
        let ci = match get("ci") {
            c if c.is_empty() => named_ci.clone().unwrap_or_default(),
            c => c,
        };
        let (metric, new_metric) = metric_of(tx, &ci, &get("metric"), &get)?;
        // A row that added its metric counts as created, whatever its measurement did.
        match write_measurement(tx, metric, &at, value, |id| history::before_change(tx, run, RecordRef::new(RecordKind::CapacityMeasurement, id)))? {
            Outcome::Unchanged if new_metric => Ok(Outcome::Created),
            written => Ok(written),
        }
    }, |_, _| Ok(serde_json::Value::Null))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dialog_offers_every_field_the_synonyms_know() {
        assert_eq!(FIELDS, mapping::fields(SYNONYMS).as_slice());
    }

    /// Grafana's classic CSV export (`exportSeriesListToCsv` in its source: a `sep=;` line
    /// for Excel, then `Series;Time;Value`, times as `YYYY-MM-DDTHH:mm:ssZ`) names no CI: the
    /// dialog's name is the CI. A series the CI has no metric for is a rejected row; the
    /// same file again changes nothing; a changed value is an update undo restores.
    #[test]
    fn a_grafana_export_feeds_a_cis_metric_and_reimports_as_nothing() {
        use crate::cis::capacity::{create_metric, get_metric, CapacityStatus, MetricInput};
        use crate::cis::{create_ci, CiInput, CiType, Environment, Lifecycle};
        use crate::import_file::{import, preview, FileFormat};
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Ivy Manager", crate::testing::NOW);
        let ci = create_ci(&ws, &CiInput { name: "db-01".into(), ci_type: CiType::Server, environment: Environment::Production, owner_id: None, lifecycle: Lifecycle::Operational, attributes: Default::default() }).unwrap().id;
        let disk = create_metric(&ws, ci, &MetricInput { name: "/data used".into(), unit: "GB".into(), capacity: 1000.0, threshold: 800.0 }).unwrap();
        let path = d.path().join("grafana_data_export.csv");
        let rows = ["/data used;2026-11-26T00:00:00+01:00;500", "/data used;2026-11-30T00:00:00+01:00;540", "/data used;2026-12-04T00:00:00+01:00;580", "load;2026-12-04T00:00:00+01:00;3.5", "/data used;2026-12-06T00:00:00+01:00;600"];
        std::fs::write(&path, format!("sep=;\nSeries;Time;Value\n{}\n", rows.join("\n"))).unwrap();
        let p = preview(&path, None).unwrap();
        assert_eq!((p.detected, p.problem.as_deref()), (Some(FileFormat::CapacityMeasurements), None));
        let mapping: Vec<Option<String>> = p.columns.iter().map(|c| c.field.clone()).collect();
        assert_eq!(mapping, [Some("metric"), Some("measured_at"), Some("value")].map(|m| m.map(str::to_string)));
        let opts = |name: Option<&str>| crate::import::ImportOptions { mapping: Some(mapping.clone()), name: name.map(str::to_string), ..Default::default() };
        assert_eq!(import(&ws, &path, FileFormat::CapacityMeasurements, &opts(None)).unwrap_err().field(), Some("mapping"), "no CI named");
        let r = import(&ws, &path, FileFormat::CapacityMeasurements, &opts(Some("db-01"))).unwrap().report;
        assert_eq!((r.created, r.updated, r.unchanged, r.rejected), (4, 0, 0, 1), "{r:?}");
        assert_eq!(r.errors[0].column.as_deref(), Some("capacity"));
        assert!(r.errors[0].message.contains("has no metric \"load\""), "{:?}", r.errors[0]);
        let got = get_metric(&ws, disk.id).unwrap();
        assert_eq!(got.measurements.iter().map(|m| (m.measured_at.as_str(), m.value)).collect::<Vec<_>>(), [
            ("2026-11-25T23:00:00Z", 500.0), ("2026-11-29T23:00:00Z", 540.0), ("2026-12-03T23:00:00Z", 580.0), ("2026-12-05T23:00:00Z", 600.0),
        ]);
        assert_eq!((got.metric.forecast.status, got.metric.forecast.threshold_on.as_deref()), (CapacityStatus::Rising, Some("2026-12-25")), "20 days of 10 GB after 5 December 23:00 UTC");

        let again = import(&ws, &path, FileFormat::CapacityMeasurements, &opts(Some("db-01"))).unwrap().report;
        assert_eq!((again.created, again.updated, again.unchanged, again.rejected), (0, 0, 4, 1), "{again:?}");
        std::fs::write(&path, format!("sep=;\nSeries;Time;Value\n{}\n", rows.join("\n").replace(";600", ";640"))).unwrap();
        let changed = import(&ws, &path, FileFormat::CapacityMeasurements, &opts(Some("db-01"))).unwrap().report;
        assert_eq!((changed.created, changed.updated, changed.unchanged), (0, 1, 3), "{changed:?}");
        assert_eq!(get_metric(&ws, disk.id).unwrap().metric.latest.map(|m| m.value), Some(640.0));
        let runs = crate::import::history::list_imports(&ws).unwrap();
        crate::import::history::undo_import(&ws, runs[0].id).unwrap();
        assert_eq!(get_metric(&ws, disk.id).unwrap().metric.latest.map(|m| m.value), Some(600.0), "undo restores the value");
    }

    /// A sheet kept by hand names the host, and gives the capacity of a metric to add.
    #[test]
    fn a_sheet_with_hosts_adds_the_metrics_it_gives_a_capacity_for() {
        use crate::cis::capacity::metrics_of;
        use crate::cis::{create_ci, CiInput, CiType, Environment, Lifecycle};
        use crate::import_file::{import, preview, FileFormat};
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Ivy Manager", crate::testing::NOW);
        let ci = create_ci(&ws, &CiInput { name: "san-01".into(), ci_type: CiType::Storage, environment: Environment::Production, owner_id: None, lifecycle: Lifecycle::Operational, attributes: Default::default() }).unwrap().id;
        let path = d.path().join("capacity.csv");
        std::fs::write(&path, "Host,Metric,Date,Used,Unit,Total,Warning\nsan-01,Pool <A>,2026-10-01,40,TB,100,90\nsan-01,Pool <A>,2026-11-01,50,TB,100,90\nnas-09,Pool B,2026-11-01,5,TB,10,\nsan-01,Pool <A>,2026-11-31,55,TB,100,90\n").unwrap();
        let p = preview(&path, None).unwrap();
        assert_eq!(p.detected, Some(FileFormat::CapacityMeasurements));
        let r = import(&ws, &path, FileFormat::CapacityMeasurements, &Default::default()).unwrap().report;
        assert_eq!((r.created, r.rejected), (2, 2), "{r:?}");
        assert_eq!(r.errors.iter().map(|e| e.column.as_deref().unwrap_or("")).collect::<Vec<_>>(), ["ci", "measured_at"]);
        let metrics = metrics_of(&ws, ci).unwrap();
        assert_eq!(metrics.iter().map(|m| (m.name.as_str(), m.unit.as_str(), m.capacity, m.threshold)).collect::<Vec<_>>(), [("Pool <A>", "TB", 100.0, 90.0)]);
        let undone = crate::import::history::undo_import(&ws, crate::import::history::list_imports(&ws).unwrap()[0].id).unwrap();
        assert_eq!((undone.removed, undone.kept_in_use), (3, 0), "the metric and its two measurements");
        assert!(metrics_of(&ws, ci).unwrap().is_empty(), "undo removes the metric it added with its measurements");
    }
}
