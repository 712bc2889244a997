//! Satisfaction: survey responses per service (imported from any survey tool's export
//! through the mapping step, or typed in), and the figures the contract defines: CSAT % =
//! answers of 4 or 5 out of the CSAT answers × 100; NPS = % promoters (9-10) − % detractors
//! (0-6) among the NPS answers; both rounded to one decimal, half away from zero, from
//! integer counts (no floating point until the figure is written). A response that names
//! an incident or a request (a post-resolution survey) is linked to it.
//!
//! The figures read per-service, per-day counts kept by triggers beside the responses
//! (`satisfaction_days`), so a million responses answer in the time of a few thousand rows.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::import::mapping::{self, Synonyms};
use crate::import::{dates, import_rows, Headers, ImportOptions, ImportReport, Outcome, RowImport, Table};
use crate::labelled_enum;
use crate::record::{RecordKind, RecordRef};
use crate::workspace::{Action, Workspace};

pub const FORMAT: &str = "survey";

labelled_enum!(
    SatisfactionBy {
        Service = "service": "Service",
        Month = "month": "Month",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SatisfactionRow {
    pub key: String,
    pub responses: u64,
    pub csat_pct: Option<f64>,
    pub nps: Option<f64>,
}

/// Tenths of `num / den × 100`, rounded half away from zero.
fn tenths_pct(num: i64, den: i64) -> Option<f64> {
    if den == 0 {
        return None;
    }
    let scaled = num * 2000;
    let q = (scaled.abs() + den) / (2 * den);
    Some((if scaled < 0 { -q } else { q }) as f64 / 10.0)
}

/// CSAT % and NPS from counts: responses, CSAT answers, CSAT 4-5, NPS answers, promoters,
/// detractors.
pub fn figures(csat_answers: i64, csat_good: i64, nps_answers: i64, promoters: i64, detractors: i64) -> (Option<f64>, Option<f64>) {
    (tenths_pct(csat_good, csat_answers), tenths_pct(promoters - detractors, nps_answers))
}

pub fn satisfaction(ws: &Workspace, by: SatisfactionBy) -> Result<Vec<SatisfactionRow>> {
    satisfaction_of(ws, by, None)
}

/// The figures by service or month, of one service or of all.
pub fn satisfaction_of(ws: &Workspace, by: SatisfactionBy, service: Option<i64>) -> Result<Vec<SatisfactionRow>> {
    let key = match by {
        SatisfactionBy::Service => "s.name",
        SatisfactionBy::Month => "substr(d.day, 1, 7)",
    };
    let sql = format!(
        "SELECT {key}, sum(d.responses), sum(d.csat_answers), sum(d.csat_good), sum(d.nps_answers), sum(d.promoters), sum(d.detractors)
           FROM satisfaction_days d JOIN services s ON s.id = d.service_id WHERE ?1 IS NULL OR d.service_id = ?1 GROUP BY 1 HAVING sum(d.responses) > 0 ORDER BY 1"
    );
    Ok(ws
        .conn()
        .prepare(&sql)?
        .query_map([service], |r| {
            let (c, g, n, p, d): (i64, i64, i64, i64, i64) = (r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?);
            let (csat_pct, nps) = figures(c, g, n, p, d);
            Ok(SatisfactionRow { key: r.get(0)?, responses: r.get::<_, i64>(1)? as u64, csat_pct, nps })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// The monthly CSAT and NPS of a service (or of all) as a chart.
pub fn satisfaction_trend(ws: &Workspace, service: Option<i64>, theme: crate::charts::Theme) -> Result<String> {
    let name = match service {
        Some(id) => crate::links::record_name(ws.conn(), RecordRef::new(RecordKind::Service, id))?.ok_or_else(|| CoreError::NotFound { kind: "Service", id: id.to_string() })?,
        None => "every service".to_string(),
    };
    crate::charts::satisfaction_trend::render(&satisfaction_of(ws, SatisfactionBy::Month, service)?, &name, theme)
}

/// A survey answer with its comment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SurveyComment {
    pub service: String,
    pub answered_on: String,
    pub csat: Option<u8>,
    pub nps: Option<u8>,
    pub comment: String,
    /// The incident or request it was about, when the survey named one.
    pub record: Option<RecordRef>,
}

/// The comments containing `text` (any case; all when empty), of one service or all,
/// newest first, at most `limit`.
pub fn survey_comments(ws: &Workspace, text: &str, service: Option<i64>, limit: u32) -> Result<Vec<SurveyComment>> {
    let like = format!("%{}%", text.trim().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    Ok(ws
        .conn()
        .prepare(
            "SELECT s.name, r.answered_on, r.csat, r.nps, r.comment, r.record_kind, r.record_id FROM survey_responses r JOIN services s ON s.id = r.service_id
              WHERE r.comment <> '' AND r.comment LIKE ?1 ESCAPE '\\' AND (?2 IS NULL OR r.service_id = ?2) ORDER BY r.answered_on DESC, r.id DESC LIMIT ?3",
        )?
        .query_map(params![like, service, limit.min(1000)], |r| {
            let record = match (r.get::<_, Option<String>>(5)?, r.get::<_, Option<i64>>(6)?) {
                (Some(k), Some(id)) => RecordKind::parse(&k).map(|k| RecordRef::new(k, id)),
                _ => None,
            };
            Ok(SurveyComment { service: r.get(0)?, answered_on: r.get(1)?, csat: r.get(2)?, nps: r.get(3)?, comment: r.get(4)?, record })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

const SYNONYMS: Synonyms = &[
    ("service", &["service", "servicename", "itservice", "product", "application"]),
    ("answered_at", &["answeredat", "date", "submittedat", "submitted", "responsedate", "completedat", "timestamp", "endtime", "enddate", "recordeddate"]),
    ("csat", &["csat", "satisfaction", "score", "rating", "howsatisfied", "overallsatisfaction"]),
    ("nps", &["nps", "recommend", "likelytorecommend", "howlikely", "npsscore", "netpromoter"]),
    ("comment", &["comment", "comments", "feedback", "remarks", "why", "text", "commentaire"]),
    ("ticket", &["ticket", "number", "ticketnumber", "incident", "request", "reference", "casenumber"]),
];

pub const FIELDS: &[&str] = &["service", "answered_at", "csat", "nps", "comment", "ticket"];

pub fn suggested(headers: &Headers) -> Vec<Option<&'static str>> {
    mapping::suggested(SYNONYMS, headers)
}

pub fn looks_like_survey(headers: &Headers) -> bool {
    let f = suggested(headers);
    f.contains(&Some("service")) && f.contains(&Some("answered_at")) && (f.contains(&Some("csat")) || f.contains(&Some("nps")))
}

fn score(field: &str, v: &str, max: i64, lo: i64) -> Result<Option<i64>> {
    match v.trim() {
        "" => Ok(None),
        t => match t.parse::<i64>() {
            Ok(n) if (lo..=max).contains(&n) => Ok(Some(n)),
            _ => Err(CoreError::validation(field, format!("\"{t}\" is not a {field} answer ({lo} to {max})."))),
        },
    }
}

pub fn import_survey(ws: &Workspace, path: &Path, opts: &ImportOptions) -> Result<ImportReport> {
    let t = Table::read_with(path, &opts.progress)?;
    let mapping = mapping::resolve(SYNONYMS, &t.headers, opts.mapping.as_deref(), &[
        ("service", "Choose the column that names the service each answer is about."),
        ("answered_at", "Choose the column with when each answer was given."),
    ])?;
    let column = |name: &str| mapping.iter().position(|m| m.as_deref() == Some(name));
    if column("csat").is_none() && column("nps").is_none() {
        return Err(CoreError::validation("mapping", "Choose the column with the CSAT answer (1-5) or the NPS answer (0-10)."));
    }
    let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut services: HashMap<String, i64> = HashMap::new();
    import_rows(ws, RowImport { kind: "survey", format: FORMAT, action: "survey.imported", file, table: &t }, |tx, _, rec| {
        let get = |name: &str| column(name).and_then(|i| rec.get(i)).unwrap_or("").trim().to_string();
        let name = get("service");
        let service = match services.get(&name.to_lowercase()) {
            Some(id) => *id,
            None => {
                let id: i64 = tx.prepare_cached("SELECT id FROM services WHERE name = ?1")?.query_row([&name], |r| r.get(0)).optional()?
                    .ok_or_else(|| CoreError::validation("service", format!("There is no service \"{name}\" in the catalogue.")))?;
                services.insert(name.to_lowercase(), id);
                id
            }
        };
        let at = dates::instant("answered_at", &get("answered_at"), opts.date_order, opts.tz)?;
        let day = at.with_timezone(&opts.tz).date_naive().format("%Y-%m-%d").to_string();
        let csat = score("csat", &get("csat"), 5, 1)?;
        let nps = score("nps", &get("nps"), 10, 0)?;
        let comment = crate::validate::text("comment", &get("comment"), 5_000)?;
        let ticket = get("ticket");
        let linked: Option<(RecordKind, i64)> = if ticket.is_empty() {
            None
        } else {
            [RecordKind::Incident, RecordKind::Request].into_iter().find_map(|k| crate::record::id_by_number(tx, k, &ticket).ok().flatten().map(|id| (k, id)))
        };
        let said = format!("{service}\u{1f}{}\u{1f}{csat:?}\u{1f}{nps:?}\u{1f}{comment}\u{1f}{ticket}", crate::time::to_text(at));
        let n = seen.entry(said.clone()).or_insert(0);
        *n += 1;
        let key = format!("{:x}", Sha256::digest(format!("{said}\u{1f}{n}").as_bytes()));
        if tx.prepare_cached("SELECT 1 FROM survey_responses WHERE source_key = ?1")?.query_row([&key], |_| Ok(())).optional()?.is_some() {
            return Ok(Outcome::Unchanged);
        }
        tx.prepare_cached(
            "INSERT INTO survey_responses (source_key, service_id, answered_at, answered_on, csat, nps, comment, record_kind, record_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![key, service, crate::time::to_text(at), day, csat, nps, comment, linked.map(|l| l.0.as_str()), linked.map(|l| l.1), tx.at()])?;
        tx.audit(Action::created("survey_response.recorded"), RecordRef::new(RecordKind::SurveyResponse, tx.last_insert_rowid()), serde_json::Value::Null)?;
        Ok(Outcome::Created)
    }, |_, _| Ok(serde_json::Value::Null))
}

/// An answer typed in (a survey on paper, a call back): its service and day, the scores,
/// the comment, and the incident or request it was about when named by its number.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ResponseInput {
    #[ts(type = "number")]
    pub service_id: i64,
    pub answered_on: String,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub csat: Option<i64>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub nps: Option<i64>,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub ticket: String,
}

/// Records one typed answer (dated by its day, noon UTC as its instant).
pub fn record_response(ws: &Workspace, input: &ResponseInput) -> Result<()> {
    let day = crate::validate::date("answered_on", &Some(input.answered_on.clone()))?.ok_or_else(|| CoreError::validation("answered_on", "Give the day it was answered."))?;
    let csat = score("csat", &input.csat.map(|c| c.to_string()).unwrap_or_default(), 5, 1)?;
    let nps = score("nps", &input.nps.map(|c| c.to_string()).unwrap_or_default(), 10, 0)?;
    if csat.is_none() && nps.is_none() {
        return Err(CoreError::validation("csat", "Give the CSAT answer (1-5), the NPS answer (0-10) or both."));
    }
    let comment = crate::validate::text("comment", &input.comment, 5_000)?;
    ws.write(|tx| {
        crate::validate::exists(tx, "services", Some(input.service_id), "service_id", "service")?;
        let ticket = input.ticket.trim();
        let linked: Option<(RecordKind, i64)> = if ticket.is_empty() {
            None
        } else {
            Some(
                [RecordKind::Incident, RecordKind::Request]
                    .into_iter()
                    .find_map(|k| crate::record::id_by_number(tx, k, ticket).ok().flatten().map(|id| (k, id)))
                    .ok_or_else(|| CoreError::validation("ticket", format!("No incident or request is numbered \"{ticket}\".")))?,
            )
        };
        let next: i64 = tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM survey_responses", [], |r| r.get(0))?;
        tx.execute(
            "INSERT INTO survey_responses (source_key, service_id, answered_at, answered_on, csat, nps, comment, record_kind, record_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![format!("typed:{next}"), input.service_id, format!("{day}T12:00:00Z"), day, csat, nps, comment, linked.map(|l| l.0.as_str()), linked.map(|l| l.1), tx.at()],
        )?;
        tx.audit(Action::created("survey_response.recorded"), RecordRef::new(RecordKind::SurveyResponse, tx.last_insert_rowid()), serde_json::json!({"service_id": input.service_id, "answered_on": day, "csat": csat, "nps": nps}))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import_file::{import, preview, FileFormat};

    #[test]
    fn an_answer_typed_in_counts_as_an_imported_one() {
        let (_d, ws) = crate::testing::ws("Rosa Review");
        let s = ws.write(|tx| crate::services::create_named(tx, "Portal")).unwrap();
        let typed = |csat: Option<i64>, nps: Option<i64>| ResponseInput { service_id: s, answered_on: "2026-12-01".into(), csat, nps, comment: "On the phone".into(), ticket: String::new() };
        record_response(&ws, &typed(Some(5), Some(10))).unwrap();
        record_response(&ws, &typed(Some(2), None)).unwrap();
        let rows = satisfaction_of(&ws, SatisfactionBy::Service, None).unwrap();
        assert_eq!((rows[0].responses, rows[0].csat_pct, rows[0].nps), (2, Some(50.0), Some(100.0)));
        for (bad, field) in [(typed(None, None), "csat"), (typed(Some(6), None), "csat"), (typed(None, Some(11)), "nps"), (ResponseInput { ticket: "INC404".into(), ..typed(Some(3), None) }, "ticket"), (ResponseInput { answered_on: "1/12/2026".into(), ..typed(Some(3), None) }, "answered_on")] {
            assert_eq!(record_response(&ws, &bad).unwrap_err().field(), Some(field));
        }
    }

    #[test]
    fn the_figures_round_half_away_from_zero_from_counts() {
        assert_eq!(figures(4, 2, 5, 2, 2), (Some(50.0), Some(0.0)));
        assert_eq!(figures(3, 2, 3, 2, 1), (Some(66.7), Some(33.3)));
        assert_eq!(figures(8, 1, 8, 0, 1), (Some(12.5), Some(-12.5)));
        assert_eq!(figures(0, 0, 0, 0, 0), (None, None));
    }

    #[test]
    fn the_dialog_offers_every_field_the_synonyms_know() {
        assert_eq!(FIELDS, mapping::fields(SYNONYMS).as_slice());
    }

    /// A survey export in the contract's columns, worked by hand: Portal's CSAT answers 5,
    /// 4, 3, 1 (two of four are 4-5: 50.0 %) and NPS answers 10, 9, 7, 6, 0 (two promoters,
    /// two detractors of five: 0.0); Desk's CSAT 4, 4, 5 (100.0 %) and NPS 6, 9, 10 (two
    /// promoters less one detractor of three: 33.3). By month: November has Portal's first
    /// three and Desk's first; December the rest. An unknown service, a CSAT of 6 are
    /// rejected rows; the same file again changes nothing; undo takes the answers away.
    #[test]
    fn a_survey_export_gives_csat_and_nps_per_service_and_month() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Ivy Manager", crate::testing::NOW);
        for name in ["Portal", "Desk"] {
            ws.write(|tx| crate::services::create_named(tx, name)).unwrap();
        }
        let f = d.path().join("survey.csv");
        std::fs::write(&f, "service,answered_at,csat,nps,comment\n\
Portal,2026-11-02,5,10,Great <b>service</b>\nPortal,2026-11-03,4,9,\nPortal,2026-11-20,3,7,Slow\n\
Portal,2026-12-01,1,6,Down again\nPortal,2026-12-02,,0,\nDesk,2026-11-05,4,6,\nDesk,2026-12-05,4,9,\nDesk,2026-12-06,5,10,\n\
Nowhere,2026-12-01,5,10,\nDesk,2026-12-01,6,,\n").unwrap();
        assert_eq!(preview(&f, None).unwrap().detected, Some(FileFormat::Survey));
        let r = import(&ws, &f, FileFormat::Survey, &Default::default()).unwrap().report;
        assert_eq!((r.created, r.rejected), (8, 2), "{r:?}");
        let by_service = satisfaction(&ws, SatisfactionBy::Service).unwrap();
        assert_eq!(by_service, [
            SatisfactionRow { key: "Desk".into(), responses: 3, csat_pct: Some(100.0), nps: Some(33.3) },
            SatisfactionRow { key: "Portal".into(), responses: 5, csat_pct: Some(50.0), nps: Some(0.0) },
        ]);
        let by_month: Vec<(String, u64)> = satisfaction(&ws, SatisfactionBy::Month).unwrap().into_iter().map(|r| (r.key, r.responses)).collect();
        assert_eq!(by_month, [("2026-11".to_string(), 4), ("2026-12".to_string(), 4)]);
        let again = import(&ws, &f, FileFormat::Survey, &Default::default()).unwrap().report;
        assert_eq!((again.created, again.unchanged), (0, 8));
        // The comments are searchable; markup stays text; the trend draws both lines.
        let found = survey_comments(&ws, "DOWN", None, 50).unwrap();
        assert_eq!(found.iter().map(|c| (c.service.as_str(), c.comment.as_str())).collect::<Vec<_>>(), [("Portal", "Down again")]);
        assert_eq!(survey_comments(&ws, "", None, 50).unwrap().len(), 3);
        assert_eq!(survey_comments(&ws, "%", None, 50).unwrap().len(), 0, "a % is a character");
        let portal: i64 = ws.conn().query_row("SELECT id FROM services WHERE name = 'Portal'", [], |r| r.get(0)).unwrap();
        assert_eq!(satisfaction_of(&ws, SatisfactionBy::Month, Some(portal)).unwrap().len(), 2);
        let svg = satisfaction_trend(&ws, Some(portal), crate::charts::Theme::Light).unwrap();
        assert!(svg.contains("Portal") && svg.contains("CSAT") && svg.contains("NPS"));
        let runs = crate::import::history::list_imports(&ws).unwrap();
        crate::import::history::undo_import(&ws, runs[1].id).unwrap();
        assert!(satisfaction(&ws, SatisfactionBy::Service).unwrap().is_empty(), "the counts follow the answers");
    }
}
