//! `satisfaction`: CSAT and NPS per service or per month, by the contract's formulas.

use steward_core::relationship::satisfaction::{satisfaction as figures, SatisfactionBy};
use steward_core::CoreError;

use crate::common::{open_reading, printable, Outcome};
use crate::Cli;

pub fn satisfaction(cli: &Cli, by: &str) -> Result<Outcome, CoreError> {
    let by = SatisfactionBy::parse(by).ok_or_else(|| CoreError::validation("by", format!("\"{by}\" is not service or month.")))?;
    let rows = figures(&open_reading(cli)?, by)?;
    let doc: Vec<serde_json::Value> = rows.iter().map(|r| serde_json::json!({"key": r.key, "responses": r.responses, "csat_pct": r.csat_pct, "nps": r.nps})).collect();
    let show = |v: Option<f64>| v.map(|x| format!("{x:.1}")).unwrap_or_else(|| "-".into());
    let text = rows.iter().map(|r| format!("{}  {} responses  CSAT {} %  NPS {}", printable(&r.key), r.responses, show(r.csat_pct), show(r.nps))).collect::<Vec<_>>().join("\n");
    Ok(Outcome::Done(serde_json::Value::Array(doc), if text.is_empty() { "No survey answers yet.".into() } else { text }))
}
