//! Managing the portfolio: each application's rationalisation scores (business value and
//! technical fitness, 1 to 5) and run cost, read as a TIME quadrant (tolerate, invest,
//! migrate, eliminate); its quality figures over time; its technical debt; and the
//! requirements and feedback its stakeholders give, tied to the release that answers them.
//!
//! A score of 3 or more is high: value high and fitness high is *invest*, value high and
//! fitness low *migrate*, value low and fitness high *tolerate*, both low *eliminate*.
//! Money is exact (cents), read and written as two-place decimals.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ApplicationId;
use crate::money::{decimal, typed_cents};
use crate::error::{CoreError, Result};
use crate::import::Outcome;
use crate::labelled_enum;
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Workspace};

labelled_enum!(
    TimeQuadrant {
        Tolerate = "tolerate": "Tolerate",
        Invest = "invest": "Invest",
        Migrate = "migrate": "Migrate",
        Eliminate = "eliminate": "Eliminate",
    }
);

labelled_enum!(
    DebtStatus {
        Open = "open": "Open",
        Repaid = "repaid": "Repaid",
    }
);

labelled_enum!(
    FeedbackKind {
        Requirement = "requirement": "Requirement",
        Feedback = "feedback": "Feedback",
    }
);

labelled_enum!(
    FeedbackStatus {
        Proposed = "proposed": "Proposed",
        Accepted = "accepted": "Accepted",
        Delivered = "delivered": "Delivered",
        Declined = "declined": "Declined",
    }
);

use crate::charts::quadrants::HIGH;

/// The quadrant of a value and a fitness score.
pub fn quadrant(business_value: u8, technical_fitness: u8) -> TimeQuadrant {
    match (business_value >= HIGH, technical_fitness >= HIGH) {
        (true, true) => TimeQuadrant::Invest,
        (true, false) => TimeQuadrant::Migrate,
        (false, true) => TimeQuadrant::Tolerate,
        (false, false) => TimeQuadrant::Eliminate,
    }
}

/// An application's rationalisation figures as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Rationalisation {
    pub business_value: Option<u8>,
    pub technical_fitness: Option<u8>,
    /// What it costs to run a month (licences, support, hosting): a decimal, two places.
    pub monthly_cost: Option<String>,
}

/// An application on the TIME chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TimeItem {
    pub application_id: ApplicationId,
    pub application: String,
    pub business_value: u8,
    pub technical_fitness: u8,
    #[ts(type = "number | null")]
    pub monthly_cost_cents: Option<i64>,
    pub quadrant: TimeQuadrant,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct QualityFigures {
    pub measured_on: String,
    pub test_coverage_pct: Option<f64>,
    #[ts(type = "number | null")]
    pub open_defects: Option<i64>,
    #[ts(type = "number | null")]
    pub critical_defects: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DebtItem {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub description: String,
    /// One-off cost to repay it (a decimal, two places).
    pub cost_to_fix: String,
    /// What carrying it costs a month (extra effort, incidents, workarounds).
    pub interest: String,
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub status: DebtStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DebtInput {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub cost_to_fix: String,
    pub interest: String,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    pub status: DebtStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Feedback {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: FeedbackKind,
    pub title: String,
    pub detail: String,
    /// Who asked or said it (a stakeholder, a team, a customer).
    pub source: String,
    #[ts(type = "number | null")]
    pub release_id: Option<i64>,
    pub release: Option<String>,
    pub status: FeedbackStatus,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FeedbackInput {
    pub kind: FeedbackKind,
    pub title: String,
    #[serde(default)]
    pub detail: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub release_id: Option<i64>,
    pub status: FeedbackStatus,
}

/// Everything the portfolio keeps of one application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Portfolio {
    pub rationalisation: Rationalisation,
    pub quadrant: Option<TimeQuadrant>,
    /// Newest first.
    pub quality: Vec<QualityFigures>,
    pub debt: Vec<DebtItem>,
    /// Open debt: what repaying it costs and what carrying it costs a month.
    pub open_debt_cost: String,
    pub open_debt_interest: String,
    pub feedback: Vec<Feedback>,
}

fn exists(conn: &Connection, id: ApplicationId) -> Result<()> {
    validate::exists(conn, "applications", Some(id.0), "application", "application")
}

fn score(field: &str, s: Option<u8>) -> Result<Option<u8>> {
    match s {
        Some(v) if !(1..=5).contains(&v) => Err(CoreError::validation(field, "A score is 1 (lowest) to 5 (highest).")),
        s => Ok(s),
    }
}

fn money(field: &str, text: &str) -> Result<i64> {
    match text.trim() {
        "" => Ok(0),
        t => typed_cents(field, t),
    }
}

pub fn portfolio(ws: &Workspace, id: ApplicationId) -> Result<Portfolio> {
    read(ws.conn(), id)
}

fn read(conn: &Connection, id: ApplicationId) -> Result<Portfolio> {
    let (business_value, technical_fitness, cost): (Option<u8>, Option<u8>, Option<i64>) = conn
        .query_row("SELECT business_value, technical_fitness, monthly_cost_cents FROM applications WHERE id = ?1", [id.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Application", id: id.0.to_string() })?;
    let quality = conn
        .prepare_cached("SELECT measured_on, test_coverage_pct, open_defects, critical_defects FROM application_quality WHERE application_id = ?1 ORDER BY measured_on DESC")?
        .query_map([id.0], |r| Ok(QualityFigures { measured_on: r.get(0)?, test_coverage_pct: r.get(1)?, open_defects: r.get(2)?, critical_defects: r.get(3)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let debt_rows: Vec<(DebtItem, i64, i64)> = conn
        .prepare_cached(
            "SELECT d.id, d.title, d.description, d.cost_to_fix_cents, d.interest_cents, d.owner_id, p.name, d.status
               FROM technical_debt d LEFT JOIN people p ON p.id = d.owner_id WHERE d.application_id = ?1 ORDER BY d.status = 'repaid', d.interest_cents DESC, d.title",
        )?
        .query_map([id.0], |r| {
            let (fix, interest): (i64, i64) = (r.get(3)?, r.get(4)?);
            Ok((DebtItem { id: r.get(0)?, title: r.get(1)?, description: r.get(2)?, cost_to_fix: decimal(fix), interest: decimal(interest), owner_id: r.get(5)?, owner: r.get(6)?, status: r.get(7)? }, fix, interest))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let open = debt_rows.iter().filter(|(d, ..)| d.status == DebtStatus::Open);
    let (open_fix, open_interest) = open.fold((0i64, 0i64), |(f, i), (_, fix, interest)| (f + fix, i + interest));
    let feedback = conn
        .prepare_cached(
            "SELECT f.id, f.kind, f.title, f.detail, f.source, f.release_id, r.number || ' ' || r.version, f.status, f.created_at
               FROM application_feedback f LEFT JOIN releases r ON r.id = f.release_id WHERE f.application_id = ?1 ORDER BY f.created_at DESC, f.id DESC",
        )?
        .query_map([id.0], |r| {
            Ok(Feedback { id: r.get(0)?, kind: r.get(1)?, title: r.get(2)?, detail: r.get(3)?, source: r.get(4)?, release_id: r.get(5)?, release: r.get(6)?, status: r.get(7)?, created_at: r.get(8)? })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Portfolio {
        quadrant: business_value.zip(technical_fitness).map(|(v, f)| quadrant(v, f)),
        rationalisation: Rationalisation { business_value, technical_fitness, monthly_cost: cost.map(decimal) },
        quality,
        debt: debt_rows.into_iter().map(|(d, ..)| d).collect(),
        open_debt_cost: decimal(open_fix),
        open_debt_interest: decimal(open_interest),
        feedback,
    })
}

pub fn set_rationalisation(ws: &Workspace, id: ApplicationId, input: &Rationalisation) -> Result<Portfolio> {
    let value = score("business_value", input.business_value)?;
    let fitness = score("technical_fitness", input.technical_fitness)?;
    let cost = input.monthly_cost.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(|c| typed_cents("monthly_cost", c)).transpose()?;
    ws.write(|tx| {
        let before = read(tx, id)?.rationalisation;
        tx.execute("UPDATE applications SET business_value = ?2, technical_fitness = ?3, monthly_cost_cents = ?4, updated_at = ?5 WHERE id = ?1", params![id.0, value, fitness, cost, tx.at()])?;
        let after = read(tx, id)?;
        if after.rationalisation != before {
            let json = |r: &Rationalisation| serde_json::to_value(r).unwrap_or_default();
            tx.audit(Action::did("application.rationalised"), RecordRef::new(RecordKind::Application, id.0), validate::diff(&json(&before), &json(&after.rationalisation)))?;
        }
        Ok(after)
    })
}

/// Every scored application on the TIME chart, by name.
pub fn time_portfolio(ws: &Workspace) -> Result<Vec<TimeItem>> {
    let rows = ws
        .conn()
        .prepare_cached("SELECT id, name, business_value, technical_fitness, monthly_cost_cents FROM applications WHERE business_value IS NOT NULL AND technical_fitness IS NOT NULL ORDER BY name")?
        .query_map([], |r| {
            let (v, f): (u8, u8) = (r.get(2)?, r.get(3)?);
            Ok(TimeItem { application_id: ApplicationId(r.get(0)?), application: r.get(1)?, business_value: v, technical_fitness: f, monthly_cost_cents: r.get(4)?, quadrant: quadrant(v, f) })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The TIME chart as SVG.
pub fn time_chart(ws: &Workspace, theme: crate::charts::Theme) -> Result<String> {
    use crate::charts::quadrants::{render, Dot, Frame};
    let items = time_portfolio(ws)?;
    let most = items.iter().filter_map(|i| i.monthly_cost_cents).max().unwrap_or(0).max(1) as f64;
    let dots: Vec<Dot> = items
        .iter()
        .map(|i| Dot { label: i.application.clone(), across: i.technical_fitness, up: i.business_value, weight: i.monthly_cost_cents.map(|c| c as f64 / most) })
        .collect();
    let frame = Frame {
        title: "Application portfolio: TIME",
        across: "Technical fitness",
        up: "Business value",
        quadrants: [("migrate", "Migrate"), ("invest", "Invest"), ("eliminate", "Eliminate"), ("tolerate", "Tolerate")],
    };
    Ok(render(&frame, &dots, theme)?.svg)
}

/// Checks a day's quality figures: the day, a coverage percentage, counts of 0 or more, at
/// least one figure.
pub(crate) fn checked_quality(q: &QualityFigures) -> Result<QualityFigures> {
    let day = validate::date("measured_on", &Some(q.measured_on.clone()))?.ok_or_else(|| CoreError::validation("measured_on", "Give the day the figures are of."))?;
    if q.test_coverage_pct.is_some_and(|c| !(0.0..=100.0).contains(&c)) {
        return Err(CoreError::validation("test_coverage_pct", "Test coverage is a percentage, 0 to 100."));
    }
    for (field, n) in [("open_defects", q.open_defects), ("critical_defects", q.critical_defects)] {
        if n.is_some_and(|n| n < 0) {
            return Err(CoreError::validation(field, "A count of defects is 0 or more."));
        }
    }
    if q.test_coverage_pct.is_none() && q.open_defects.is_none() && q.critical_defects.is_none() {
        return Err(CoreError::validation("test_coverage_pct", "Give at least one figure: test coverage or a count of defects."));
    }
    Ok(QualityFigures { measured_on: day, ..q.clone() })
}

/// Writes an application's figures of a day (checked): new, or the day's row changed when
/// they differ; `before` runs first on a row that will change (an import keeps it).
pub(crate) fn write_quality(tx: &crate::workspace::Tx<'_>, id: ApplicationId, q: &QualityFigures, before: impl FnOnce(i64) -> Result<()>) -> Result<Outcome> {
    let known: Option<(i64, Option<f64>, Option<i64>, Option<i64>)> = tx
        .prepare_cached("SELECT id, test_coverage_pct, open_defects, critical_defects FROM application_quality WHERE application_id = ?1 AND measured_on = ?2")?
        .query_row(params![id.0, q.measured_on], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    match known {
        Some((_, c, o, k)) if (c, o, k) == (q.test_coverage_pct, q.open_defects, q.critical_defects) => Ok(Outcome::Unchanged),
        Some((row, ..)) => {
            before(row)?;
            tx.prepare_cached("UPDATE application_quality SET test_coverage_pct = ?2, open_defects = ?3, critical_defects = ?4 WHERE id = ?1")?
                .execute(params![row, q.test_coverage_pct, q.open_defects, q.critical_defects])?;
            tx.audit(Action::did("application.quality_recorded"), RecordRef::new(RecordKind::Application, id.0), serde_json::to_value(q).unwrap_or_default())?;
            Ok(Outcome::Updated)
        }
        None => {
            tx.prepare_cached("INSERT INTO application_quality (application_id, measured_on, test_coverage_pct, open_defects, critical_defects) VALUES (?1, ?2, ?3, ?4, ?5)")?
                .execute(params![id.0, q.measured_on, q.test_coverage_pct, q.open_defects, q.critical_defects])?;
            tx.audit(Action::created("quality_figures.recorded"), RecordRef::new(RecordKind::QualityFigures, tx.last_insert_rowid()), serde_json::json!({"application": id.0, "figures": q}))?;
            Ok(Outcome::Created)
        }
    }
}

/// Records the quality figures of a day (a second entry for the day replaces the first).
pub fn record_quality(ws: &Workspace, id: ApplicationId, q: &QualityFigures) -> Result<Portfolio> {
    let q = checked_quality(q)?;
    ws.write(|tx| {
        exists(tx, id)?;
        write_quality(tx, id, &q, |_| Ok(()))?;
        read(tx, id)
    })
}

struct CheckedDebt {
    title: String,
    description: String,
    fix: i64,
    interest: i64,
}

fn check_debt(conn: &Connection, d: &DebtInput) -> Result<CheckedDebt> {
    validate::exists(conn, "people", d.owner_id, "owner_id", "person")?;
    Ok(CheckedDebt {
        title: validate::name("title", &d.title, 200)?,
        description: validate::text("description", &d.description, 20_000)?,
        fix: money("cost_to_fix", &d.cost_to_fix)?,
        interest: money("interest", &d.interest)?,
    })
}

pub fn add_debt(ws: &Workspace, id: ApplicationId, d: &DebtInput) -> Result<Portfolio> {
    ws.write(|tx| {
        exists(tx, id)?;
        let c = check_debt(tx, d)?;
        tx.execute(
            "INSERT INTO technical_debt (application_id, title, description, cost_to_fix_cents, interest_cents, owner_id, status, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            params![id.0, c.title, c.description, c.fix, c.interest, d.owner_id, d.status, tx.at()],
        )?;
        tx.audit(Action::did("application.debt_added"), RecordRef::new(RecordKind::Application, id.0), serde_json::json!({"debt": tx.last_insert_rowid(), "title": c.title, "cost_to_fix": decimal(c.fix), "interest": decimal(c.interest)}))?;
        read(tx, id)
    })
}

pub fn update_debt(ws: &Workspace, id: ApplicationId, debt: i64, d: &DebtInput) -> Result<Portfolio> {
    ws.write(|tx| {
        let c = check_debt(tx, d)?;
        let n = tx.execute(
            "UPDATE technical_debt SET title = ?3, description = ?4, cost_to_fix_cents = ?5, interest_cents = ?6, owner_id = ?7, status = ?8, updated_at = ?9
              WHERE id = ?1 AND application_id = ?2",
            params![debt, id.0, c.title, c.description, c.fix, c.interest, d.owner_id, d.status, tx.at()],
        )?;
        if n == 0 {
            return Err(CoreError::NotFound { kind: "Technical debt item", id: debt.to_string() });
        }
        tx.audit(Action::did("application.debt_updated"), RecordRef::new(RecordKind::Application, id.0), serde_json::json!({"debt": debt, "title": c.title, "status": d.status, "cost_to_fix": decimal(c.fix), "interest": decimal(c.interest)}))?;
        read(tx, id)
    })
}

fn check_release(conn: &Connection, id: ApplicationId, release: Option<i64>) -> Result<()> {
    let Some(r) = release else { return Ok(()) };
    let same: Option<bool> = conn
        .query_row("SELECT r.application = a.name COLLATE NOCASE FROM releases r, applications a WHERE r.id = ?1 AND a.id = ?2", params![r, id.0], |row| row.get(0))
        .optional()?;
    match same {
        None => Err(CoreError::validation("release_id", "There is no such release.")),
        Some(false) => Err(CoreError::validation("release_id", "That release is another application's.")),
        Some(true) => Ok(()),
    }
}

pub fn add_feedback(ws: &Workspace, id: ApplicationId, f: &FeedbackInput) -> Result<Portfolio> {
    let title = validate::name("title", &f.title, 300)?;
    let detail = validate::text("detail", &f.detail, 20_000)?;
    let source = validate::line("source", &f.source, 200)?;
    ws.write(|tx| {
        exists(tx, id)?;
        check_release(tx, id, f.release_id)?;
        tx.execute(
            "INSERT INTO application_feedback (application_id, kind, title, detail, source, release_id, status, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            params![id.0, f.kind, title, detail, source, f.release_id, f.status, tx.at()],
        )?;
        tx.audit(Action::did("application.feedback_added"), RecordRef::new(RecordKind::Application, id.0), serde_json::json!({"feedback": tx.last_insert_rowid(), "kind": f.kind, "title": title, "release": f.release_id}))?;
        read(tx, id)
    })
}

/// Moves a requirement or a piece of feedback on (its status) and ties it to the release
/// that answers it.
pub fn update_feedback(ws: &Workspace, id: ApplicationId, feedback: i64, status: FeedbackStatus, release_id: Option<i64>) -> Result<Portfolio> {
    ws.write(|tx| {
        check_release(tx, id, release_id)?;
        if status == FeedbackStatus::Delivered && release_id.is_none() {
            return Err(CoreError::validation("release_id", "Name the release that delivered it."));
        }
        let n = tx.execute("UPDATE application_feedback SET status = ?3, release_id = ?4, updated_at = ?5 WHERE id = ?1 AND application_id = ?2", params![feedback, id.0, status, release_id, tx.at()])?;
        if n == 0 {
            return Err(CoreError::NotFound { kind: "Requirement or feedback", id: feedback.to_string() });
        }
        tx.audit(Action::did("application.feedback_updated"), RecordRef::new(RecordKind::Application, id.0), serde_json::json!({"feedback": feedback, "status": status, "release": release_id}))?;
        read(tx, id)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::software::{create_application, ApplicationInput, ApplicationLifecycle};
    use crate::services::Criticality;

    fn app(ws: &Workspace, name: &str) -> ApplicationId {
        create_application(ws, &ApplicationInput { name: name.into(), description: String::new(), lifecycle: ApplicationLifecycle::Run, criticality: Criticality::High, business_owner_id: None, technical_owner_id: None }).unwrap().id
    }

    #[test]
    fn the_quadrant_follows_value_and_fitness() {
        assert_eq!(quadrant(5, 5), TimeQuadrant::Invest);
        assert_eq!(quadrant(3, 2), TimeQuadrant::Migrate);
        assert_eq!(quadrant(2, 3), TimeQuadrant::Tolerate);
        assert_eq!(quadrant(1, 2), TimeQuadrant::Eliminate);
    }

    #[test]
    fn scores_cost_quality_debt_and_feedback_are_kept_and_refused_in_words() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Ivy Manager", crate::testing::NOW);
        let (wms, edi) = (app(&ws, "wms-core"), app(&ws, "edi <gateway>"));
        let p = set_rationalisation(&ws, wms, &Rationalisation { business_value: Some(5), technical_fitness: Some(4), monthly_cost: Some("12,500.5".into()) }).unwrap();
        assert_eq!((p.quadrant, p.rationalisation.monthly_cost.as_deref()), (Some(TimeQuadrant::Invest), Some("12500.50")));
        set_rationalisation(&ws, edi, &Rationalisation { business_value: Some(4), technical_fitness: Some(1), monthly_cost: None }).unwrap();
        assert_eq!(set_rationalisation(&ws, edi, &Rationalisation { business_value: Some(6), ..Default::default() }).unwrap_err().field(), Some("business_value"));
        let time = time_portfolio(&ws).unwrap();
        assert_eq!(time.iter().map(|t| (t.application.as_str(), t.quadrant, t.monthly_cost_cents)).collect::<Vec<_>>(), [("edi <gateway>", TimeQuadrant::Migrate, None), ("wms-core", TimeQuadrant::Invest, Some(1_250_050))]);

        let q = |day: &str, cov: Option<f64>, open: Option<i64>| QualityFigures { measured_on: day.into(), test_coverage_pct: cov, open_defects: open, critical_defects: None };
        record_quality(&ws, wms, &q("2026-11-01", Some(61.5), Some(40))).unwrap();
        let p = record_quality(&ws, wms, &q("2026-12-01", Some(64.0), Some(31))).unwrap();
        assert_eq!(p.quality.iter().map(|x| x.measured_on.as_str()).collect::<Vec<_>>(), ["2026-12-01", "2026-11-01"], "newest first");
        assert_eq!(record_quality(&ws, wms, &q("2026-12-01", Some(101.0), None)).unwrap_err().field(), Some("test_coverage_pct"));
        assert_eq!(record_quality(&ws, wms, &q("2026-12-02", None, None)).unwrap_err().field(), Some("test_coverage_pct"));

        let debt = |title: &str, fix: &str, interest: &str, status| DebtInput { title: title.into(), description: String::new(), cost_to_fix: fix.into(), interest: interest.into(), owner_id: None, status };
        add_debt(&ws, edi, &debt("Hand-rolled XML parser", "18000", "950.00", DebtStatus::Open)).unwrap();
        let p = add_debt(&ws, edi, &debt("No automated tests", "24000.10", "1200", DebtStatus::Open)).unwrap();
        assert_eq!((p.open_debt_cost.as_str(), p.open_debt_interest.as_str()), ("42000.10", "2150.00"));
        assert_eq!(p.debt[0].title, "No automated tests", "the costliest to carry first");
        let p = update_debt(&ws, edi, p.debt[0].id, &debt("No automated tests", "24000.10", "1200", DebtStatus::Repaid)).unwrap();
        assert_eq!(p.open_debt_cost, "18000.00");
        assert_eq!(add_debt(&ws, edi, &debt("x", "1.234", "0", DebtStatus::Open)).unwrap_err().field(), Some("cost_to_fix"));

        let f = FeedbackInput { kind: FeedbackKind::Requirement, title: "Carrier <DHL> EDIFACT D.96A".into(), detail: String::new(), source: "Logistics operations".into(), release_id: None, status: FeedbackStatus::Accepted };
        let p = add_feedback(&ws, edi, &f).unwrap();
        let item = p.feedback[0].id;
        assert_eq!(update_feedback(&ws, edi, item, FeedbackStatus::Delivered, None).unwrap_err().field(), Some("release_id"));
        assert_eq!(update_feedback(&ws, edi, item, FeedbackStatus::Accepted, Some(999)).unwrap_err().field(), Some("release_id"));
        assert_eq!(update_feedback(&ws, wms, item, FeedbackStatus::Declined, None).unwrap_err().kind(), "not_found", "another application's item");
        let release = |application: &str| {
            use crate::deployments::releases::{create_release, ReleaseInput};
            create_release(&ws, &ReleaseInput { application: application.into(), version: "4.2".into(), service_id: None, planned_at: None, notes: String::new(), change_ids: vec![] }).unwrap().release.id.0
        };
        let (own, other) = (release("EDI <Gateway>"), release("wms-core"));
        assert_eq!(update_feedback(&ws, edi, item, FeedbackStatus::Delivered, Some(other)).unwrap_err().field(), Some("release_id"));
        let p = update_feedback(&ws, edi, item, FeedbackStatus::Delivered, Some(own)).unwrap();
        assert_eq!((p.feedback[0].status, p.feedback[0].release.as_deref().map(|r| r.ends_with(" 4.2"))), (FeedbackStatus::Delivered, Some(true)));
    }
}
