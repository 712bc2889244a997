//! The workspace's risk matrix: 3x3 up to 6x6 likelihood x impact, labels and descriptions
//! per scale step, a level for every cell (each level with a colour and a review cadence),
//! and the risk appetite (the highest level accepted without escalation).
//!
//! Changing the matrix re-rates the register explicitly: each risk's levels are recomputed
//! (ratings beyond a smaller scale are mapped proportionally), and the audit trail records
//! how many risks changed and which.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::settings::Stored;
use crate::error::{CoreError, Result};
use crate::validate;
use crate::workspace::{Action, Subject, Tx, Workspace};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ScaleStep {
    pub label: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Level {
    pub name: String,
    /// "#RRGGBB"
    pub colour: String,
    /// Days between reviews of a risk at this level.
    pub review_days: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RiskMatrix {
    /// Likelihood 1..n, lowest first.
    pub likelihood: Vec<ScaleStep>,
    /// Impact 1..m, lowest first.
    pub impact: Vec<ScaleStep>,
    /// Lowest first.
    pub levels: Vec<Level>,
    /// `cells[l - 1][i - 1]`: the index into `levels` of likelihood l and impact i.
    pub cells: Vec<Vec<usize>>,
    /// Index into `levels` of the highest level within appetite.
    pub appetite: usize,
}

fn step(label: &str, description: &str) -> ScaleStep {
    ScaleStep { label: label.into(), description: description.into() }
}

impl Default for RiskMatrix {
    /// The issue's 5x5: rows likelihood rare..almost certain, columns impact.
    fn default() -> Self {
        let level = |name: &str, colour: &str, review_days| Level { name: name.into(), colour: colour.into(), review_days };
        RiskMatrix {
            likelihood: vec![
                step("Rare", "May occur only in exceptional circumstances (less than once in 10 years)."),
                step("Unlikely", "Could occur at some time (once in 3 to 10 years)."),
                step("Possible", "Might occur (once in 1 to 3 years)."),
                step("Likely", "Will probably occur (about once a year)."),
                step("Almost certain", "Expected to occur (several times a year)."),
            ],
            impact: vec![
                step("Insignificant", "No noticeable effect on services or customers."),
                step("Minor", "Short disruption of a non-critical service; small cost."),
                step("Moderate", "Disruption of a critical service for hours; a customer complaint or a reportable incident."),
                step("Major", "Critical services down for a day; regulatory breach; serious financial loss."),
                step("Severe", "Prolonged loss of critical services; major regulatory sanction; threat to the business."),
            ],
            levels: vec![
                // Yellow to dark red (ColorBrewer YlOrRd): each level darker than the last, so
                // the order holds printed in grey and for readers who do not tell red from green.
                level("Very low", "#FFFFB2", 360),
                level("Low", "#FECC5C", 360),
                level("Medium", "#FD8D3C", 180),
                level("High", "#F03B20", 90),
                level("Very high", "#BD0026", 90),
            ],
            cells: vec![vec![0, 0, 1, 1, 1], vec![0, 1, 1, 2, 2], vec![1, 1, 2, 3, 3], vec![1, 2, 3, 3, 4], vec![2, 3, 3, 4, 4]],
            appetite: 2,
        }
    }
}

impl RiskMatrix {
    /// The level index of a rating; None when it is outside the scales.
    pub fn level(&self, likelihood: i64, impact: i64) -> Option<usize> {
        let l = usize::try_from(likelihood).ok()?.checked_sub(1)?;
        let i = usize::try_from(impact).ok()?.checked_sub(1)?;
        self.cells.get(l)?.get(i).copied()
    }

    /// Checks the shape, the names and the colours.
    pub fn check(&self) -> Result<()> {
        let (n, m) = (self.likelihood.len(), self.impact.len());
        if !(3..=6).contains(&n) || !(3..=6).contains(&m) {
            return Err(CoreError::validation("matrix", "A risk matrix has 3 to 6 likelihood steps and 3 to 6 impact steps."));
        }
        for s in self.likelihood.iter().chain(&self.impact) {
            validate::name("matrix", &s.label, 60)?;
            validate::text("matrix", &s.description, 1000)?;
        }
        if !(2..=7).contains(&self.levels.len()) {
            return Err(CoreError::validation("levels", "A risk matrix has 2 to 7 levels."));
        }
        for l in &self.levels {
            validate::name("levels", &l.name, 40)?;
            let hex = l.colour.strip_prefix('#').filter(|h| h.len() == 6 && h.chars().all(|c| c.is_ascii_hexdigit()));
            if hex.is_none() {
                return Err(CoreError::validation("levels", format!("The colour of {} must be #RRGGBB, not \"{}\".", l.name, l.colour)));
            }
            if !(1..=3660).contains(&l.review_days) {
                return Err(CoreError::validation("levels", format!("Reviews of {} risks are every 1 to 3660 days.", l.name)));
            }
        }
        if self.cells.len() != n || self.cells.iter().any(|row| row.len() != m) {
            return Err(CoreError::validation("cells", format!("Give a level for every cell: {n} rows of {m}.")));
        }
        if self.cells.iter().flatten().any(|c| *c >= self.levels.len()) || self.appetite >= self.levels.len() {
            return Err(CoreError::validation("cells", "Every cell and the appetite name one of the levels."));
        }
        Ok(())
    }
}

const STORED: Stored<RiskMatrix> = Stored::new("risk_matrix", "The risk matrix");

pub(crate) fn get_matrix_in(conn: &Connection) -> Result<RiskMatrix> {
    STORED.get(conn)
}

pub fn get_matrix(ws: &Workspace) -> Result<RiskMatrix> {
    get_matrix_in(ws.conn())
}

/// What a matrix change did to the register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReRating {
    pub risks: u64,
    /// Risks whose level or rating changed.
    pub changed: u64,
}

/// A rating on a scale of `from` steps mapped onto `to` steps (same share of the scale).
fn rescale(value: i64, from: usize, to: usize) -> i64 {
    if from == to {
        return value;
    }
    let v = (value as f64 * to as f64 / from as f64).ceil() as i64;
    v.clamp(1, to as i64)
}

/// Replaces the matrix and re-rates every risk, in one transaction with one audit entry
/// naming the risks that changed.
pub fn set_matrix(ws: &Workspace, matrix: &RiskMatrix) -> Result<ReRating> {
    matrix.check()?;
    ws.write(|tx| set_matrix_in(tx, matrix))
}

pub(crate) fn set_matrix_in(tx: &Tx<'_>, matrix: &RiskMatrix) -> Result<ReRating> {
    // The stored ratings are rescaled from the matrix they were made on: a damaged one
    // cannot say what that was, so it is an error here too.
    let before = get_matrix_in(tx)?;
    STORED.put(tx, matrix)?;
    let (ln, lm) = (before.likelihood.len(), matrix.likelihood.len());
    let (in_, im) = (before.impact.len(), matrix.impact.len());
    type Row = (i64, String, [Option<i64>; 6], [Option<i64>; 3]);
    let rows: Vec<Row> = tx
        .prepare("SELECT id, number, inherent_likelihood, inherent_impact, current_likelihood, current_impact, target_likelihood, target_impact, inherent_level, current_level, target_level FROM risks")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?], [r.get(8)?, r.get(9)?, r.get(10)?])))?
        .collect::<rusqlite::Result<_>>()?;
    let mut changed = Vec::new();
    let mut update = tx.prepare(
        "UPDATE risks SET inherent_likelihood = ?2, inherent_impact = ?3, current_likelihood = ?4, current_impact = ?5, target_likelihood = ?6, target_impact = ?7,
            inherent_level = ?8, current_level = ?9, target_level = ?10 WHERE id = ?1",
    )?;
    for (id, key, r, levels) in &rows {
        let mut n = *r;
        for (k, v) in n.iter_mut().enumerate() {
            *v = v.map(|x| if k % 2 == 0 { rescale(x, ln, lm) } else { rescale(x, in_, im) });
        }
        let lv = |l: Option<i64>, i: Option<i64>| Some(matrix.level(l?, i?)? as i64);
        let new_levels = [lv(n[0], n[1]), lv(n[2], n[3]), lv(n[4], n[5])];
        if n != *r || new_levels != *levels {
            update.execute(params![id, n[0], n[1], n[2], n[3], n[4], n[5], new_levels[0], new_levels[1], new_levels[2]])?;
            changed.push(key.clone());
        }
    }
    let report = ReRating { risks: rows.len() as u64, changed: changed.len() as u64 };
    super::snapshot_today(tx)?;
    tx.audit(
        Action::did("risk_matrix.updated"),
        Subject::Setting("risk_matrix"),
        serde_json::json!({"before": before, "after": matrix, "risks": report.risks, "re_rated": changed}),
    )?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_the_issues_5x5() {
        let m = RiskMatrix::default();
        m.check().unwrap();
        let names: Vec<Vec<&str>> = m.cells.iter().map(|row| row.iter().map(|c| m.levels[*c].name.as_str()).collect()).collect();
        assert_eq!(names[0], ["Very low", "Very low", "Low", "Low", "Low"]);
        assert_eq!(names[2], ["Low", "Low", "Medium", "High", "High"]);
        assert_eq!(names[4], ["Medium", "High", "High", "Very high", "Very high"]);
        assert_eq!(m.levels.iter().map(|l| l.colour.as_str()).collect::<Vec<_>>(), ["#FFFFB2", "#FECC5C", "#FD8D3C", "#F03B20", "#BD0026"]);
        assert_eq!(m.levels.iter().map(|l| l.review_days).collect::<Vec<_>>(), [360, 360, 180, 90, 90]);
        assert_eq!((m.level(4, 5), m.level(0, 1), m.level(6, 1)), (Some(4), None, None));
    }

    #[test]
    fn bad_matrices_are_refused() {
        let mut m = RiskMatrix::default();
        m.cells[1].pop();
        assert_eq!(m.check().unwrap_err().field(), Some("cells"));
        let mut m = RiskMatrix::default();
        m.levels[0].colour = "green".into();
        assert_eq!(m.check().unwrap_err().field(), Some("levels"));
        let mut m = RiskMatrix::default();
        m.likelihood.truncate(2);
        assert_eq!(m.check().unwrap_err().field(), Some("matrix"));
    }

    #[test]
    fn ratings_rescale_to_the_same_share() {
        assert_eq!((1..=5).map(|v| rescale(v, 5, 3)).collect::<Vec<_>>(), [1, 2, 2, 3, 3]);
        assert_eq!((1..=3).map(|v| rescale(v, 3, 6)).collect::<Vec<_>>(), [2, 4, 6]);
    }
}
