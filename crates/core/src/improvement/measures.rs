//! An initiative's measures: a baseline, a target and a due day each, with values over time.
//! A measure is typed in (a value per day) or one of the figures Steward computes from its
//! own records, which are sampled by Steward itself (when a workspace opens, once a day) and
//! never typed. Each figure is computed once per sampling, however many measures read it.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::InitiativeId;
use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Subject, Tx, Workspace};

labelled_enum!(
    MeasureKind {
        Typed = "typed": "Typed in",
        SlaCompliance = "sla_compliance": "SLA compliance, last 30 days (%)",
        ChangeSuccess = "change_success": "Change success rate (%)",
        ChangeFailure = "change_failure": "Change failure rate (%)",
        BacklogAge = "backlog_age": "Median age of open incidents (days)",
        FirstContact = "first_contact_resolution": "First-contact resolution, last 90 days (%)",
        RisksAboveAppetite = "risks_above_appetite": "Open risks above appetite",
        PracticeLevel = "practice_level": "Assessed capability level of a practice",
    }
);

impl MeasureKind {
    /// What the metric's subject names, if it takes one: a service (SLA compliance; none
    /// means every service) or a practice (its assessed level).
    pub fn subject(self) -> Option<&'static str> {
        match self {
            MeasureKind::SlaCompliance => Some("service"),
            MeasureKind::PracticeLevel => Some("practice"),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct MeasureId(pub i64);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MeasureValue {
    pub day: String,
    pub value: f64,
    /// Sampled by Steward (true) or typed in.
    pub sampled: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Measure {
    pub id: MeasureId,
    pub initiative: InitiativeId,
    pub name: String,
    pub metric: MeasureKind,
    pub subject: Option<String>,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    pub due_on: Option<String>,
    /// Oldest first.
    pub values: Vec<MeasureValue>,
    /// Whether the latest value is at or beyond the target (in the target's direction from
    /// the baseline).
    pub reached: bool,
    /// The benefit realised so far as a share of the benefit expected: (latest - baseline)
    /// / (target - baseline), in percent; None before the first value.
    pub realised_pct: Option<f64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct MeasureInput {
    pub name: String,
    pub metric: MeasureKind,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    #[serde(default)]
    pub due_on: Option<String>,
}

impl Default for MeasureKind {
    fn default() -> Self {
        MeasureKind::Typed
    }
}

fn reached(baseline: f64, target: f64, latest: Option<f64>) -> bool {
    match latest {
        None => false,
        Some(v) if target >= baseline => v >= target,
        Some(v) => v <= target,
    }
}

fn load(conn: &Connection, sql: &str, arg: Option<i64>) -> Result<Vec<Measure>> {
    let mut rows: Vec<Measure> = conn
        .prepare_cached(sql)?
        .query_map([arg], |r| {
            Ok(Measure {
                id: MeasureId(r.get(0)?),
                initiative: InitiativeId(r.get(1)?),
                name: r.get(2)?,
                metric: r.get(3)?,
                subject: r.get(4)?,
                unit: r.get(5)?,
                baseline: r.get(6)?,
                target: r.get(7)?,
                due_on: r.get(8)?,
                values: vec![],
                reached: false,
                realised_pct: None,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut values = conn.prepare_cached("SELECT day, value, sampled FROM measure_values WHERE measure_id = ?1 ORDER BY day")?;
    for m in &mut rows {
        m.values = values.query_map([m.id.0], |r| Ok(MeasureValue { day: r.get(0)?, value: r.get(1)?, sampled: r.get(2)? }))?.collect::<rusqlite::Result<_>>()?;
        let latest = m.values.last().map(|v| v.value);
        m.reached = reached(m.baseline, m.target, latest);
        m.realised_pct = latest.map(|v| ((v - m.baseline) / (m.target - m.baseline) * 1000.0).round() / 10.0);
    }
    Ok(rows)
}

const COLUMNS: &str = "id, initiative_id, name, metric, subject, unit, baseline, target, due_on";

/// An initiative's measures with their values.
pub(crate) fn of(conn: &Connection, initiative: InitiativeId) -> Result<Vec<Measure>> {
    load(conn, &format!("SELECT {COLUMNS} FROM measures WHERE initiative_id = ?1 ORDER BY id"), Some(initiative.0))
}

/// One measure with its values.
pub fn get_measure(ws: &Workspace, id: MeasureId) -> Result<Measure> {
    load(ws.conn(), &format!("SELECT {COLUMNS} FROM measures WHERE id = ?1"), Some(id.0))?.pop().ok_or_else(|| CoreError::NotFound { kind: "Measure", id: id.0.to_string() })
}

/// The measure's trend chart as SVG.
pub fn trend_svg(ws: &Workspace, id: MeasureId, theme: crate::charts::Theme) -> Result<String> {
    crate::charts::measure_trend::render(&get_measure(ws, id)?, theme)
}

/// Every measure of the register.
pub(crate) fn all(conn: &Connection) -> Result<Vec<Measure>> {
    load(conn, &format!("SELECT {COLUMNS} FROM measures WHERE ?1 IS NULL ORDER BY id"), None)
}

fn check(input: &MeasureInput) -> Result<(String, Option<String>, String, Option<String>)> {
    let name = validate::name("name", &input.name, 200)?;
    let subject = match (input.metric.subject(), input.subject.as_deref().map(str::trim).filter(|s| !s.is_empty())) {
        (None, Some(_)) => return Err(CoreError::validation("subject", format!("{} is measured over the whole workspace: it takes no subject.", input.metric.label()))),
        (Some("practice"), None) => return Err(CoreError::validation("subject", "Name the practice whose assessed level is measured.")),
        (Some("practice"), Some(p)) => Some(crate::assessments::practices::named("subject", p)?.to_string()),
        (_, s) => s.map(|s| validate::name("subject", s, 200)).transpose()?,
    };
    for (field, v) in [("baseline", input.baseline), ("target", input.target)] {
        if !v.is_finite() || v.abs() > 1e12 {
            return Err(CoreError::validation(field, format!("The {field} must be a number.")));
        }
    }
    if input.baseline == input.target {
        return Err(CoreError::validation("target", "The target must differ from the baseline: it says which way is better."));
    }
    let due_on = super::date("due_on", input.due_on.as_deref())?;
    Ok((name, subject, validate::line("unit", &input.unit, 40)?, due_on))
}

pub(crate) fn add_in(tx: &Tx<'_>, initiative: InitiativeId, input: &MeasureInput) -> Result<MeasureId> {
    let (name, subject, unit, due_on) = check(input)?;
    if input.metric == MeasureKind::SlaCompliance {
        if let Some(s) = &subject {
            tx.query_row("SELECT id FROM services WHERE name = ?1", [s], |r| r.get::<_, i64>(0))
                .optional()?
                .ok_or_else(|| CoreError::validation("subject", format!("There is no service named \"{s}\".")))?;
        }
    }
    tx.execute(
        "INSERT INTO measures (initiative_id, name, metric, subject, unit, baseline, target, due_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![initiative.0, name, input.metric, subject, unit, input.baseline, input.target, due_on, tx.at()],
    )?;
    let id = MeasureId(tx.last_insert_rowid());
    tx.audit(Action::did("initiative.measure_added"), RecordRef::new(RecordKind::Initiative, initiative.0), serde_json::json!({"measure": id.0, "name": name, "metric": input.metric, "baseline": input.baseline, "target": input.target}))?;
    // A figure Steward computes has its first value at once.
    if input.metric != MeasureKind::Typed {
        sample_in(tx, Some(id))?;
    }
    Ok(id)
}

pub fn add_measure(ws: &Workspace, initiative: InitiativeId, input: &MeasureInput) -> Result<super::InitiativeDetail> {
    ws.write(|tx| {
        super::fetch(tx, initiative)?;
        add_in(tx, initiative, input)?;
        super::detail(tx, initiative)
    })
}

/// Types in the value of a typed measure on a day (again on the same day replaces it).
pub fn record_value(ws: &Workspace, measure: MeasureId, day: &str, value: f64) -> Result<super::InitiativeDetail> {
    ws.write(|tx| {
        let (initiative, metric): (i64, MeasureKind) = tx
            .query_row("SELECT initiative_id, metric FROM measures WHERE id = ?1", [measure.0], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| CoreError::NotFound { kind: "Measure", id: measure.0.to_string() })?;
        if metric != MeasureKind::Typed {
            return Err(CoreError::validation("value", format!("{} is Steward's own figure: it is sampled from the records, never typed.", metric.label())));
        }
        let day = super::date("day", Some(day))?.ok_or_else(|| CoreError::validation("day", "Say on which day the value was measured."))?;
        if !value.is_finite() || value.abs() > 1e12 {
            return Err(CoreError::validation("value", "The value must be a number."));
        }
        tx.execute(
            "INSERT INTO measure_values (measure_id, day, value, sampled) VALUES (?1, ?2, ?3, 0) ON CONFLICT (measure_id, day) DO UPDATE SET value = excluded.value",
            params![measure.0, day, value],
        )?;
        tx.audit(Action::did("initiative.value_recorded"), RecordRef::new(RecordKind::Initiative, initiative), serde_json::json!({"measure": measure.0, "day": day, "value": value}))?;
        super::detail(tx, InitiativeId(initiative))
    })
}

/// Computes one figure from the records as they are now; None when there is nothing to
/// measure yet (no clock stopped, no change ended, no assessment of the practice).
fn compute(conn: &Connection, now: chrono::DateTime<chrono::Utc>, metric: MeasureKind, subject: Option<&str>) -> Result<Option<f64>> {
    let day = |days: i64| (now - chrono::Duration::days(days)).format("%Y-%m-%d").to_string();
    let pct = |n: u64, of: u64| (of > 0).then(|| (n as f64 * 1000.0 / of as f64).round() / 10.0);
    Ok(match metric {
        MeasureKind::Typed => None,
        MeasureKind::SlaCompliance => {
            let (met, measured): (u64, u64) = match subject {
                // Every clock: the per-day counts kept beside the clocks.
                None => conn.query_row("SELECT coalesce(sum(met), 0), coalesce(sum(met + breached), 0) FROM sla_clock_days WHERE day >= ?1", [day(30)], |r| Ok((r.get(0)?, r.get(1)?)))?,
                // The clocks that stopped in the window, target by target (the index), kept
                // when their incident or request is the service's.
                Some(service) => conn.query_row(
                    "SELECT count(CASE WHEN c.state = 'met' THEN 1 END), count(CASE WHEN c.state IN ('met', 'breached') THEN 1 END)
                       FROM sla_targets t CROSS JOIN sla_clocks c INDEXED BY sla_clocks_target ON c.target_id = t.id AND c.stopped_at >= ?2
                       LEFT JOIN incidents i ON c.record_kind = 'incident' AND i.id = c.record_id
                       LEFT JOIN requests r ON c.record_kind = 'request' AND r.id = c.record_id
                      WHERE coalesce(i.service_id, r.service_id) = (SELECT id FROM services WHERE name = ?1)",
                    params![service, day(30)],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?,
            };
            pct(met, measured)
        }
        MeasureKind::ChangeSuccess | MeasureKind::ChangeFailure => {
            let o = crate::changes::outcomes(conn)?;
            if metric == MeasureKind::ChangeSuccess { pct(o.ok, o.ok + o.failed) } else { pct(o.failed, o.ok + o.failed) }
        }
        MeasureKind::BacklogAge => crate::incidents::figures::median_open_age_days(conn, now)?,
        MeasureKind::FirstContact => crate::incidents::figures::first_contact_pct_since(conn, &day(90))?,
        MeasureKind::RisksAboveAppetite => {
            let appetite = crate::risks::matrix::get_matrix_in(conn)?.appetite;
            Some(conn.query_row("SELECT count(*) FROM risks WHERE status <> 'closed' AND coalesce(current_level, inherent_level) > ?1", [appetite], |r| r.get::<_, i64>(0))? as f64)
        }
        // Sampled by assessment day, not today (`sample_in`).
        MeasureKind::PracticeLevel => None,
    })
}

/// Samples every computed measure (or just `only`): today's value from the records as they
/// are now, replacing an earlier sample of today (a practice's level: its level in each
/// assessment, on the assessment's day). Returns how many values were written or changed.
fn sample_in(tx: &Tx<'_>, only: Option<MeasureId>) -> Result<u64> {
    let now = tx.now();
    let today = now.format("%Y-%m-%d").to_string();
    let wanted: Vec<(i64, MeasureKind, Option<String>)> = tx
        .prepare_cached("SELECT id, metric, subject FROM measures WHERE metric <> 'typed' AND (?1 IS NULL OR id = ?1)")?
        .query_map([only.map(|m| m.0)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut figures: HashMap<(MeasureKind, Option<String>), Option<f64>> = HashMap::new();
    let mut written = 0;
    let mut put = tx.prepare_cached(
        "INSERT INTO measure_values (measure_id, day, value, sampled) VALUES (?1, ?2, ?3, 1) ON CONFLICT (measure_id, day) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value",
    )?;
    for (id, metric, subject) in wanted {
        // A practice's level is what each assessment found, on the day it was held.
        if metric == MeasureKind::PracticeLevel {
            for (day, level) in crate::assessments::score::levels_over_time(tx, subject.as_deref().unwrap_or_default())? {
                written += put.execute(params![id, day, f64::from(level)])? as u64;
            }
            continue;
        }
        let key = (metric, subject);
        let value = match figures.get(&key) {
            Some(v) => *v,
            None => {
                let v = compute(tx, now, key.0, key.1.as_deref())?;
                figures.insert(key, v);
                v
            }
        };
        if let Some(v) = value {
            written += put.execute(params![id, today, v])? as u64;
        }
    }
    Ok(written)
}

/// Samples every computed measure for today: what the app runs when a workspace opens and
/// once a day while it stays open. One audit entry when anything was written.
pub fn sample(ws: &Workspace) -> Result<u64> {
    ws.write(|tx| {
        let n = sample_in(tx, None)?;
        if n > 0 {
            tx.audit(Action::did("improvement.measures_sampled"), Subject::Every(RecordKind::Initiative), serde_json::json!({"values": n}))?;
        }
        Ok(n)
    })
}
