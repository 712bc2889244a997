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

/// A matrix of `likelihood` x `impact` steps with the same level bands as `from`: each cell
/// takes the highest level of the cells whose ratings move into it (none, when the scale
/// grew: the cell a rating there would come from), so the top of the scale keeps its top
/// level and no risk is rated lower for the resize alone. A step keeps the label and words
/// of the step that maps onto it ("Likely / Almost certain" when two merge); a step no old
/// one maps onto is named for its place.
pub fn resized(from: &RiskMatrix, likelihood: usize, impact: usize) -> Result<RiskMatrix> {
    let (n, m) = (from.likelihood.len(), from.impact.len());
    if !(3..=6).contains(&likelihood) || !(3..=6).contains(&impact) {
        return Err(CoreError::validation("matrix", "A risk matrix has 3 to 6 likelihood steps and 3 to 6 impact steps."));
    }
    // The old steps (1-based) whose ratings rescale onto new step `k`.
    let onto = |old: usize, new: usize, k: usize| -> Vec<usize> { (1..=old).filter(|o| rescale(*o as i64, old, new) == k as i64).collect() };
    // The old steps a new cell takes its level from: those rescaled onto it, else the one it
    // rescales back to.
    let sources = |old: usize, new: usize, k: usize| -> Vec<usize> {
        let from = onto(old, new, k);
        if from.is_empty() { vec![rescale(k as i64, new, old) as usize] } else { from }
    };
    let steps = |old: &[ScaleStep], new: usize, what: &str| -> Vec<ScaleStep> {
        (1..=new)
            .map(|k| {
                let merged: Vec<&ScaleStep> = onto(old.len(), new, k).into_iter().map(|o| &old[o - 1]).collect();
                match merged.as_slice() {
                    [] => step(&format!("{what} {k}"), ""),
                    [one] => (*one).clone(),
                    // Steps merged: the new one says it covers both.
                    many => step(
                        &many.iter().map(|s| s.label.as_str()).collect::<Vec<_>>().join(" / ").chars().take(60).collect::<String>(),
                        &many.iter().map(|s| s.description.as_str()).filter(|d| !d.is_empty()).collect::<Vec<_>>().join(" / ").chars().take(1000).collect::<String>(),
                    ),
                }
            })
            .collect()
    };
    let cells = (1..=likelihood)
        .map(|l| {
            (1..=impact)
                .map(|i| {
                    let (ls, is) = (sources(n, likelihood, l), sources(m, impact, i));
                    ls.iter().flat_map(|a| is.iter().map(move |b| from.cells[a - 1][b - 1])).max().unwrap_or(0)
                })
                .collect()
        })
        .collect();
    let out = RiskMatrix { likelihood: steps(&from.likelihood, likelihood, "Likelihood"), impact: steps(&from.impact, impact, "Impact"), levels: from.levels.clone(), cells, appetite: from.appetite };
    out.check()?;
    Ok(out)
}

/// One rating of a risk that a matrix change moves: from which cell and level to which.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RiskMove {
    pub number: String,
    pub title: String,
    /// "inherent", "current" or "target".
    pub rating: String,
    /// "Almost certain × Severe: Very high".
    pub from: String,
    pub to: String,
}

type Ratings = [Option<i64>; 6];
type Levels = [Option<i64>; 3];

/// A risk's ratings and levels on `after`, from the ones it has on `before`.
fn re_rate(before: &RiskMatrix, after: &RiskMatrix, r: &Ratings) -> (Ratings, Levels) {
    let (ln, lm) = (before.likelihood.len(), after.likelihood.len());
    let (in_, im) = (before.impact.len(), after.impact.len());
    let mut n = *r;
    for (k, v) in n.iter_mut().enumerate() {
        *v = v.map(|x| if k % 2 == 0 { rescale(x, ln, lm) } else { rescale(x, in_, im) });
    }
    let lv = |l: Option<i64>, i: Option<i64>| Some(after.level(l?, i?)? as i64);
    (n, [lv(n[0], n[1]), lv(n[2], n[3]), lv(n[4], n[5])])
}

/// A rating in the matrix's words: "Likely × Major: High".
fn cell_words(matrix: &RiskMatrix, l: i64, i: i64, level: Option<i64>) -> String {
    let label = |steps: &[ScaleStep], v: i64| usize::try_from(v - 1).ok().and_then(|k| steps.get(k)).map_or_else(|| v.to_string(), |s| s.label.clone());
    let level = level.and_then(|k| matrix.levels.get(usize::try_from(k).ok()?)).map_or("not rated", |lv| lv.name.as_str());
    format!("{} × {}: {level}", label(&matrix.likelihood, l), label(&matrix.impact, i))
}

/// What saving `matrix` would do to the register, rating by rating (nothing is saved): each
/// rating whose cell or level moves, in the words of the matrix before and after.
pub fn preview_matrix(ws: &Workspace, matrix: &RiskMatrix) -> Result<Vec<RiskMove>> {
    matrix.check()?;
    let before = get_matrix(ws)?;
    let mut moves = Vec::new();
    for (_, number, title, r, levels) in ratings(ws.conn())? {
        let (n, new_levels) = re_rate(&before, matrix, &r);
        for (k, name) in ["inherent", "current", "target"].iter().enumerate() {
            let (Some(l), Some(i)) = (r[2 * k], r[2 * k + 1]) else { continue };
            let was = cell_words(&before, l, i, levels[k]);
            let will = cell_words(matrix, n[2 * k].unwrap_or(l), n[2 * k + 1].unwrap_or(i), new_levels[k]);
            if was != will {
                moves.push(RiskMove { number: number.clone(), title: title.clone(), rating: name.to_string(), from: was, to: will });
            }
        }
    }
    Ok(moves)
}

/// Every risk's id, number, title, ratings and levels.
fn ratings(conn: &Connection) -> Result<Vec<(i64, String, String, Ratings, Levels)>> {
    Ok(conn
        .prepare("SELECT id, number, title, inherent_likelihood, inherent_impact, current_likelihood, current_impact, target_likelihood, target_impact, inherent_level, current_level, target_level FROM risks ORDER BY number")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, [r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?], [r.get(9)?, r.get(10)?, r.get(11)?])))?
        .collect::<rusqlite::Result<_>>()?)
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
    let rows = ratings(tx)?;
    let mut changed = Vec::new();
    let mut update = tx.prepare(
        "UPDATE risks SET inherent_likelihood = ?2, inherent_impact = ?3, current_likelihood = ?4, current_impact = ?5, target_likelihood = ?6, target_impact = ?7,
            inherent_level = ?8, current_level = ?9, target_level = ?10 WHERE id = ?1",
    )?;
    for (id, key, _, r, levels) in &rows {
        let (n, new_levels) = re_rate(&before, matrix, r);
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

    /// 5x5 to 4x4 keeps its top level in the top cell and every band in order; back to 6x6
    /// the same, the new step named for its place.
    #[test]
    fn a_resized_matrix_keeps_its_level_bands() {
        let m = RiskMatrix::default();
        let small = resized(&m, 4, 4).unwrap();
        let names = |m: &RiskMatrix| -> Vec<Vec<String>> { m.cells.iter().map(|row| row.iter().map(|c| m.levels[*c].name.clone()).collect()).collect() };
        assert_eq!(names(&small)[3][3], "Very high", "the top cell keeps the top level");
        assert_eq!(names(&small)[0][0], "Very low");
        assert_eq!(small.likelihood.iter().map(|s| s.label.as_str()).collect::<Vec<_>>(), ["Rare", "Unlikely", "Possible", "Likely / Almost certain"]);
        // Every old cell's level is at most the level of the cell its ratings move to.
        for l in 1..=5 {
            for i in 1..=5 {
                let to = small.level(rescale(l, 5, 4), rescale(i, 5, 4)).unwrap();
                assert!(to >= m.level(l, i).unwrap(), "({l}, {i})");
            }
        }
        let big = resized(&m, 6, 5).unwrap();
        assert_eq!(big.likelihood.len(), 6);
        assert_eq!(names(&big)[5][4], "Very high");
        assert_eq!(big.likelihood[0].label, "Likelihood 1", "a step nothing maps onto is named for its place");
        assert_eq!(resized(&m, 5, 5).unwrap(), m, "the same size changes nothing");
        assert_eq!(resized(&m, 7, 5).unwrap_err().field(), Some("matrix"));
    }

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
