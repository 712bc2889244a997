//! Capacity: what a CI can hold or carry (a metric with its unit, its capacity and the
//! threshold at which it is running out), its measurements over time, and the forecast a
//! linear trend gives of the day the threshold is crossed.
//!
//! The trend is a least-squares line through the measurements of the last
//! [`TREND_DAYS`] days up to the latest one: recent growth says more about next month than
//! last year's. A metric already at or over its threshold is "over"; one whose trend does
//! not rise is "steady"; fewer than two measurements on different days give no trend.
//! Measurements are kept per instant (UTC), one per metric and instant, so a monitoring
//! export imported twice changes nothing.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::CiId;
use crate::error::{CoreError, Result};
use crate::import::Outcome;
use crate::labelled_enum;
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Tx, Workspace};

pub mod import;

/// How far back from the latest measurement the trend reads.
pub const TREND_DAYS: i64 = 90;
/// Most days the "running out within" list looks ahead.
const MAX_WITHIN_DAYS: u32 = 3650;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct MetricId(pub i64);

labelled_enum!(
    CapacityStatus {
        Over = "over": "At or over its threshold",
        Rising = "rising": "Heading for its threshold",
        Steady = "steady": "Not growing",
        Unknown = "unknown": "Too few measurements for a trend",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MetricInput {
    pub name: String,
    #[serde(default)]
    pub unit: String,
    pub capacity: f64,
    pub threshold: f64,
}

/// What the trend says of a metric, as of today in the workspace's zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Forecast {
    pub status: CapacityStatus,
    /// Growth a day by the trend (the metric's unit); none without a trend.
    pub per_day: Option<f64>,
    /// The day the trend reaches the threshold (when rising), or today when over.
    pub threshold_on: Option<String>,
    /// Days from today to `threshold_on` (0 when over).
    pub days_left: Option<i64>,
    /// The day the trend reaches the capacity itself (when rising).
    pub full_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CapacityMetric {
    pub id: MetricId,
    pub ci_id: CiId,
    pub ci: String,
    pub name: String,
    pub unit: String,
    pub capacity: f64,
    pub threshold: f64,
    /// The latest measurement's value and instant.
    pub latest: Option<Measurement>,
    pub forecast: Forecast,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Measurement {
    #[ts(type = "number")]
    pub id: i64,
    pub measured_at: String,
    pub value: f64,
}

/// A metric with every measurement, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MetricDetail {
    pub metric: CapacityMetric,
    pub measurements: Vec<Measurement>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MeasurementInput {
    /// A date ("2026-12-01": its start in the workspace's zone) or a date and time.
    pub measured_at: String,
    pub value: f64,
}

struct Parsed {
    name: String,
    unit: String,
    capacity: f64,
    threshold: f64,
}

fn parse(input: &MetricInput) -> Result<Parsed> {
    let name = validate::name("name", &input.name, 120)?;
    let unit = validate::line("unit", &input.unit, 30)?;
    if !input.capacity.is_finite() || input.capacity <= 0.0 {
        return Err(CoreError::validation("capacity", "The capacity is a number above 0."));
    }
    if !input.threshold.is_finite() || input.threshold <= 0.0 || input.threshold > input.capacity {
        return Err(CoreError::validation("threshold", "The threshold is above 0 and at most the capacity (the level at which it is running out)."));
    }
    Ok(Parsed { name, unit, capacity: input.capacity, threshold: input.threshold })
}

fn value_of(value: f64) -> Result<f64> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(CoreError::validation("value", "A measurement is a number of 0 or more."))
    }
}

const SELECT: &str = "m.id, m.ci_id, c.name, m.name, m.unit, m.capacity, m.threshold FROM capacity_metrics m JOIN cis c ON c.id = m.ci_id";

struct Row {
    id: MetricId,
    ci_id: CiId,
    ci: String,
    name: String,
    unit: String,
    capacity: f64,
    threshold: f64,
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row { id: MetricId(r.get(0)?), ci_id: CiId(r.get(1)?), ci: r.get(2)?, name: r.get(3)?, unit: r.get(4)?, capacity: r.get(5)?, threshold: r.get(6)? })
}

fn measurements(conn: &rusqlite::Connection, id: MetricId) -> Result<Vec<Measurement>> {
    let mut stmt = conn.prepare_cached("SELECT id, measured_at, value FROM capacity_measurements WHERE metric_id = ?1 ORDER BY measured_at")?;
    let out = stmt.query_map([id.0], |r| Ok(Measurement { id: r.get(0)?, measured_at: r.get(1)?, value: r.get(2)? }))?.collect::<rusqlite::Result<_>>()?;
    Ok(out)
}

/// Today in the workspace's zone, and the zone.
fn today(ws: &Workspace) -> Result<(NaiveDate, chrono_tz::Tz)> {
    let zone = crate::settings::display_zone(ws)?;
    Ok((ws.now().with_timezone(&zone).date_naive(), zone))
}

/// The least-squares line through `points` (days, value): (value at day 0, growth a day);
/// none unless two points lie on different days.
pub fn trend(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    let n = points.len() as f64;
    if points.len() < 2 {
        return None;
    }
    let (mx, my) = (points.iter().map(|p| p.0).sum::<f64>() / n, points.iter().map(|p| p.1).sum::<f64>() / n);
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    if sxx < 1e-9 {
        return None;
    }
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let slope = sxy / sxx;
    Some((my - slope * mx, slope))
}

/// The trend of measurements (oldest first): the latest measurement's instant, and the
/// line over the last [`TREND_DAYS`] days as (value at that instant, growth a day).
pub(crate) fn trend_line(ms: &[Measurement]) -> Option<(DateTime<Utc>, f64, f64)> {
    let last = crate::time::parse(&ms.last()?.measured_at)?;
    let since = last - chrono::Duration::days(TREND_DAYS);
    let points: Vec<(f64, f64)> = ms
        .iter()
        .filter_map(|m| Some((crate::time::parse(&m.measured_at)?, m.value)))
        .filter(|(t, _)| *t >= since)
        .map(|(t, v)| ((t - last).num_seconds() as f64 / 86_400.0, v))
        .collect();
    let (base, slope) = trend(&points)?;
    Some((last, base, slope))
}

/// The forecast of a metric from its measurements (oldest first), as of `today`.
fn forecast(capacity: f64, threshold: f64, ms: &[Measurement], today: NaiveDate, zone: chrono_tz::Tz) -> Forecast {
    let day_of = |t: DateTime<Utc>| t.with_timezone(&zone).date_naive();
    let text = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let none = |status| Forecast { status, per_day: None, threshold_on: None, days_left: None, full_on: None };
    match ms.last() {
        None => return none(CapacityStatus::Unknown),
        Some(m) if m.value >= threshold => return Forecast { threshold_on: Some(text(today)), days_left: Some(0), ..none(CapacityStatus::Over) },
        Some(_) => {}
    }
    let Some((last, base, slope)) = trend_line(ms) else {
        return none(CapacityStatus::Unknown);
    };
    if slope <= 1e-12 {
        return Forecast { per_day: Some(slope), ..none(CapacityStatus::Steady) };
    }
    // Days from the latest measurement (day 0 of the line) until the line reaches a level.
    let reach = |level: f64| {
        let days = ((level - base) / slope).ceil().max(0.0);
        (days < 36_500.0).then(|| day_of(last + chrono::Duration::days(days as i64)))
    };
    let threshold_on = reach(threshold).map(|d| d.max(today));
    Forecast {
        status: CapacityStatus::Rising,
        per_day: Some(slope),
        days_left: threshold_on.map(|d| (d - today).num_days()),
        threshold_on: threshold_on.map(text),
        full_on: reach(capacity).map(|d| text(d.max(today))),
    }
}

/// The metric with its measurements and its forecast as of `day` in `zone`.
fn assemble(ws: &Workspace, r: Row, (day, zone): (NaiveDate, chrono_tz::Tz)) -> Result<(CapacityMetric, Vec<Measurement>)> {
    let ms = measurements(ws.conn(), r.id)?;
    let metric = CapacityMetric {
        forecast: forecast(r.capacity, r.threshold, &ms, day, zone),
        latest: ms.last().cloned(),
        id: r.id,
        ci_id: r.ci_id,
        ci: r.ci,
        name: r.name,
        unit: r.unit,
        capacity: r.capacity,
        threshold: r.threshold,
    };
    Ok((metric, ms))
}

fn read_row(conn: &rusqlite::Connection, id: MetricId) -> Result<Row> {
    conn.query_row(&format!("SELECT {SELECT} WHERE m.id = ?1"), [id.0], row).optional()?.ok_or_else(|| CoreError::NotFound { kind: "Capacity metric", id: id.0.to_string() })
}

/// A CI's capacity metrics, by name.
pub fn metrics_of(ws: &Workspace, ci: CiId) -> Result<Vec<CapacityMetric>> {
    let rows: Vec<Row> = ws.conn().prepare_cached(&format!("SELECT {SELECT} WHERE m.ci_id = ?1 ORDER BY m.name"))?.query_map([ci.0], row)?.collect::<rusqlite::Result<_>>()?;
    let now = today(ws)?;
    rows.into_iter().map(|r| Ok(assemble(ws, r, now)?.0)).collect()
}

pub fn get_metric(ws: &Workspace, id: MetricId) -> Result<MetricDetail> {
    let (metric, measurements) = assemble(ws, read_row(ws.conn(), id)?, today(ws)?)?;
    Ok(MetricDetail { metric, measurements })
}

/// The metric's chart (measurements, trend, threshold, capacity) as SVG.
pub fn chart(ws: &Workspace, id: MetricId, theme: crate::charts::Theme) -> Result<String> {
    crate::charts::capacity_forecast::render(&get_metric(ws, id)?, crate::settings::display_zone(ws)?, theme)
}

/// Every metric at or over its threshold, or whose trend reaches it within `days` days:
/// soonest first (over ones first), then by CI and metric name.
pub fn running_out(ws: &Workspace, days: u32) -> Result<Vec<CapacityMetric>> {
    if days > MAX_WITHIN_DAYS {
        return Err(CoreError::validation("within", format!("Look ahead 0 to {MAX_WITHIN_DAYS} days.")));
    }
    let rows: Vec<Row> = ws.conn().prepare_cached(&format!("SELECT {SELECT} ORDER BY c.name, m.name"))?.query_map([], row)?.collect::<rusqlite::Result<_>>()?;
    let now = today(ws)?;
    let mut out: Vec<CapacityMetric> = Vec::new();
    for r in rows {
        let (m, _) = assemble(ws, r, now)?;
        if m.forecast.days_left.is_some_and(|d| d <= i64::from(days)) {
            out.push(m);
        }
    }
    out.sort_by_key(|m| m.forecast.days_left);
    Ok(out)
}

pub(crate) fn create_in(tx: &Tx<'_>, ci: CiId, input: &MetricInput) -> Result<MetricId> {
    let p = parse(input)?;
    validate::exists(tx, "cis", Some(ci.0), "ci", "configuration item")?;
    let taken: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM capacity_metrics WHERE ci_id = ?1 AND name = ?2)", params![ci.0, p.name], |r| r.get(0))?;
    if taken {
        return Err(CoreError::validation("name", format!("This CI already has a metric \"{}\".", p.name)));
    }
    tx.execute(
        "INSERT INTO capacity_metrics (ci_id, name, unit, capacity, threshold, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![ci.0, p.name, p.unit, p.capacity, p.threshold, tx.at()],
    )?;
    let id = MetricId(tx.last_insert_rowid());
    tx.audit(Action::created("capacity_metric.created"), RecordRef::new(RecordKind::CapacityMetric, id.0), serde_json::json!({ "ci": ci.0, "name": p.name, "unit": p.unit, "capacity": p.capacity, "threshold": p.threshold }))?;
    Ok(id)
}

pub fn create_metric(ws: &Workspace, ci: CiId, input: &MetricInput) -> Result<CapacityMetric> {
    let id = ws.write(|tx| create_in(tx, ci, input))?;
    Ok(get_metric(ws, id)?.metric)
}

pub fn update_metric(ws: &Workspace, id: MetricId, input: &MetricInput) -> Result<CapacityMetric> {
    let p = parse(input)?;
    ws.write(|tx| {
        let before = read_row(tx, id)?;
        let taken: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM capacity_metrics WHERE ci_id = ?1 AND name = ?2 AND id <> ?3)", params![before.ci_id.0, p.name, id.0], |r| r.get(0))?;
        if taken {
            return Err(CoreError::validation("name", format!("This CI already has a metric \"{}\".", p.name)));
        }
        tx.execute("UPDATE capacity_metrics SET name = ?2, unit = ?3, capacity = ?4, threshold = ?5, updated_at = ?6 WHERE id = ?1", params![id.0, p.name, p.unit, p.capacity, p.threshold, tx.at()])?;
        let old = serde_json::json!({ "name": before.name, "unit": before.unit, "capacity": before.capacity, "threshold": before.threshold });
        let new = serde_json::json!({ "name": p.name, "unit": p.unit, "capacity": p.capacity, "threshold": p.threshold });
        if old != new {
            tx.audit(Action::did("capacity_metric.updated"), RecordRef::new(RecordKind::CapacityMetric, id.0), validate::diff(&old, &new))?;
        }
        Ok(())
    })?;
    Ok(get_metric(ws, id)?.metric)
}

pub fn delete_metric(ws: &Workspace, id: MetricId) -> Result<()> {
    ws.write(|tx| {
        let before = read_row(tx, id)?;
        tx.execute("DELETE FROM capacity_metrics WHERE id = ?1", [id.0])?;
        tx.audit(Action::did("capacity_metric.deleted"), RecordRef::new(RecordKind::CapacityMetric, id.0), serde_json::json!({ "ci": before.ci_id.0, "name": before.name }))
    })
}

/// The instant a typed or imported time names: a date is its start in `zone`.
pub(crate) fn instant(field: &str, text: &str, order: Option<crate::import::dates::DateOrder>, zone: chrono_tz::Tz) -> Result<String> {
    let t = crate::import::dates::instant(field, text, order, zone)?;
    Ok(crate::time::to_text(t))
}

/// Writes the metric's value at an instant: a new measurement, or the one at that instant
/// changed when its value differs. `before` runs first on one that will change (the import
/// keeps its row for undo).
pub(crate) fn write_measurement(tx: &Tx<'_>, metric: MetricId, at: &str, value: f64, before: impl FnOnce(i64) -> Result<()>) -> Result<Outcome> {
    let value = value_of(value)?;
    let known: Option<(i64, f64)> = tx.prepare_cached("SELECT id, value FROM capacity_measurements WHERE metric_id = ?1 AND measured_at = ?2")?.query_row(params![metric.0, at], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    match known {
        Some((_, v)) if v == value => Ok(Outcome::Unchanged),
        Some((id, v)) => {
            before(id)?;
            tx.prepare_cached("UPDATE capacity_measurements SET value = ?2 WHERE id = ?1")?.execute(params![id, value])?;
            tx.audit(Action::did("capacity_measurement.updated"), RecordRef::new(RecordKind::CapacityMeasurement, id), serde_json::json!({ "metric": metric.0, "measured_at": at, "value": [v, value] }))?;
            Ok(Outcome::Updated)
        }
        None => {
            tx.prepare_cached("INSERT INTO capacity_measurements (metric_id, measured_at, value) VALUES (?1, ?2, ?3)")?.execute(params![metric.0, at, value])?;
            let id = tx.last_insert_rowid();
            tx.audit(Action::created("capacity_measurement.created"), RecordRef::new(RecordKind::CapacityMeasurement, id), serde_json::json!({ "metric": metric.0, "measured_at": at, "value": value }))?;
            Ok(Outcome::Created)
        }
    }
}

/// Records a measurement typed in (a date means its start in the workspace's zone); a
/// second one at the same instant replaces the first.
pub fn record_measurement(ws: &Workspace, metric: MetricId, input: &MeasurementInput) -> Result<MetricDetail> {
    let zone = crate::settings::display_zone(ws)?;
    let at = instant("measured_at", &input.measured_at, Some(crate::import::dates::DateOrder::Dmy), zone)?;
    ws.write(|tx| {
        read_row(tx, metric)?;
        write_measurement(tx, metric, &at, input.value, |_| Ok(()))?;
        Ok(())
    })?;
    get_metric(ws, metric)
}

pub fn delete_measurement(ws: &Workspace, metric: MetricId, measurement: i64) -> Result<MetricDetail> {
    ws.write(|tx| {
        let n = tx.execute("DELETE FROM capacity_measurements WHERE id = ?1 AND metric_id = ?2", params![measurement, metric.0])?;
        if n == 0 {
            return Err(CoreError::NotFound { kind: "Measurement", id: measurement.to_string() });
        }
        tx.audit(Action::did("capacity_measurement.deleted"), RecordRef::new(RecordKind::CapacityMeasurement, measurement), serde_json::json!({ "metric": metric.0 }))
    })?;
    get_metric(ws, metric)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cis::{create_ci, CiInput, CiType, Environment, Lifecycle};

    fn ws_with_ci(d: &tempfile::TempDir) -> (Workspace, CiId) {
        let ws = crate::testing::pinned(d, "Ivy Manager", crate::testing::NOW);
        let ci = create_ci(&ws, &CiInput { name: "db-01".into(), ci_type: CiType::Server, environment: Environment::Production, owner_id: None, lifecycle: Lifecycle::Operational, attributes: Default::default() }).unwrap().id;
        (ws, ci)
    }

    #[test]
    fn the_line_through_the_points_is_the_least_squares_one() {
        let (base, slope) = trend(&[(0.0, 1.0), (1.0, 3.0), (2.0, 5.0)]).unwrap();
        assert!((base - 1.0).abs() < 1e-9 && (slope - 2.0).abs() < 1e-9);
        let (base, slope) = trend(&[(0.0, 0.0), (1.0, 2.0), (2.0, 1.0), (3.0, 3.0)]).unwrap();
        assert!((slope - 0.8).abs() < 1e-9 && (base - 0.3).abs() < 1e-9, "{base} {slope}");
        assert_eq!(trend(&[(0.0, 1.0)]), None);
        assert_eq!(trend(&[(2.0, 1.0), (2.0, 5.0)]), None, "one day says nothing of growth");
    }

    /// Today is 2026-12-06. A disk of 1000 GB, running out at 800, grows 10 GB a day from
    /// 500 on 2026-11-26 to 600 on 2026-12-06: the threshold is 20 days away (2026-12-26),
    /// full on 2027-01-15.
    #[test]
    fn a_growing_disk_is_forecast_to_cross_its_threshold() {
        let d = tempfile::tempdir().unwrap();
        let (ws, ci) = ws_with_ci(&d);
        let disk = create_metric(&ws, ci, &MetricInput { name: "Disk <data>".into(), unit: "GB".into(), capacity: 1000.0, threshold: 800.0 }).unwrap();
        assert_eq!(disk.forecast.status, CapacityStatus::Unknown);
        for (i, day) in ["2026-11-26", "2026-11-28", "2026-11-30", "2026-12-02", "2026-12-04", "2026-12-06"].iter().enumerate() {
            record_measurement(&ws, disk.id, &MeasurementInput { measured_at: (*day).into(), value: 500.0 + 20.0 * i as f64 }).unwrap();
        }
        let got = get_metric(&ws, disk.id).unwrap();
        assert_eq!(got.measurements.len(), 6);
        let f = &got.metric.forecast;
        assert_eq!((f.status, f.threshold_on.as_deref(), f.days_left, f.full_on.as_deref()), (CapacityStatus::Rising, Some("2026-12-26"), Some(20), Some("2027-01-15")));
        assert!((f.per_day.unwrap() - 10.0).abs() < 1e-9);
        assert_eq!(running_out(&ws, 30).unwrap().iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["Disk <data>"]);
        assert!(running_out(&ws, 19).unwrap().is_empty());

        // Typing the same day again replaces its value; at the threshold it is over.
        let again = record_measurement(&ws, disk.id, &MeasurementInput { measured_at: "2026-12-06".into(), value: 810.0 }).unwrap();
        assert_eq!(again.measurements.len(), 6);
        assert_eq!((again.metric.forecast.status, again.metric.forecast.days_left), (CapacityStatus::Over, Some(0)));
        assert_eq!(running_out(&ws, 0).unwrap().len(), 1);

        // A metric that does not grow is steady and not running out.
        let cpu = create_metric(&ws, ci, &MetricInput { name: "CPU".into(), unit: "%".into(), capacity: 100.0, threshold: 85.0 }).unwrap();
        for (day, v) in [("2026-12-01", 60.0), ("2026-12-03", 58.0), ("2026-12-05", 59.0)] {
            record_measurement(&ws, cpu.id, &MeasurementInput { measured_at: day.into(), value: v }).unwrap();
        }
        assert_eq!(get_metric(&ws, cpu.id).unwrap().metric.forecast.status, CapacityStatus::Steady);
        assert_eq!(running_out(&ws, 3650).unwrap().len(), 1);
        assert_eq!(metrics_of(&ws, ci).unwrap().iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["CPU", "Disk <data>"]);
    }

    #[test]
    fn bad_metrics_and_measurements_are_refused_in_words() {
        let d = tempfile::tempdir().unwrap();
        let (ws, ci) = ws_with_ci(&d);
        let input = |c: f64, t: f64| MetricInput { name: "Disk".into(), unit: "GB".into(), capacity: c, threshold: t };
        assert_eq!(create_metric(&ws, ci, &input(0.0, 0.0)).unwrap_err().field(), Some("capacity"));
        assert_eq!(create_metric(&ws, ci, &input(100.0, 120.0)).unwrap_err().field(), Some("threshold"));
        assert_eq!(create_metric(&ws, ci, &input(f64::NAN, 1.0)).unwrap_err().field(), Some("capacity"));
        assert!(matches!(create_metric(&ws, CiId(999), &input(100.0, 80.0)).unwrap_err().field(), Some("ci")));
        let m = create_metric(&ws, ci, &input(100.0, 80.0)).unwrap();
        assert_eq!(create_metric(&ws, ci, &MetricInput { name: "disk".into(), ..input(100.0, 80.0) }).unwrap_err().field(), Some("name"), "one name per CI, any case");
        assert_eq!(record_measurement(&ws, m.id, &MeasurementInput { measured_at: "soon".into(), value: 1.0 }).unwrap_err().field(), Some("measured_at"));
        assert_eq!(record_measurement(&ws, m.id, &MeasurementInput { measured_at: "2026-12-01".into(), value: -1.0 }).unwrap_err().field(), Some("value"));
        let updated = update_metric(&ws, m.id, &input(200.0, 150.0)).unwrap();
        assert_eq!((updated.capacity, updated.threshold), (200.0, 150.0));
        delete_metric(&ws, m.id).unwrap();
        assert!(metrics_of(&ws, ci).unwrap().is_empty());
    }
}
