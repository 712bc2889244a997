//! A CI's lifecycle dates (purchase, warranty end, end of support, end of life), where it
//! is, who sells it and what it costs a month; and the end-of-life radar: what falls out
//! of warranty, support or life within the next months, soonest first.
//!
//! Money is exact: the monthly cost is kept in minor units (cents) and read and written as
//! a decimal with at most two places (`crate::money`).

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::CiId;
use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::money::{decimal, typed_cents};
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Workspace};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct CiLifecycle {
    pub purchased_on: Option<String>,
    pub warranty_end: Option<String>,
    pub end_of_support: Option<String>,
    pub end_of_life: Option<String>,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub vendor: String,
    /// A decimal with at most two places ("1250.00"); none when not known.
    #[serde(default)]
    pub monthly_cost: Option<String>,
    /// Where the end of support came from (a product lifecycle table); none: typed.
    #[serde(default)]
    pub support_source: Option<String>,
    /// Where the end of life came from; none: typed.
    #[serde(default)]
    pub life_source: Option<String>,
}

labelled_enum!(
    EolKind {
        WarrantyEnd = "warranty_end": "Warranty ends",
        EndOfSupport = "end_of_support": "Support ends",
        EndOfLife = "end_of_life": "End of life",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EolItem {
    pub ci_id: CiId,
    pub ci: String,
    pub kind: EolKind,
    pub date: String,
}

pub fn get_ci_lifecycle(ws: &Workspace, id: CiId) -> Result<CiLifecycle> {
    read(ws.conn(), id)
}

fn read(conn: &rusqlite::Connection, id: CiId) -> Result<CiLifecycle> {
    conn.query_row(
        "SELECT purchased_on, warranty_end, support_end, life_end, location, vendor, monthly_cost_cents, support_source, life_source FROM cis WHERE id = ?1",
        [id.0],
        |r| {
            Ok(CiLifecycle {
                purchased_on: r.get(0)?,
                warranty_end: r.get(1)?,
                end_of_support: r.get(2)?,
                end_of_life: r.get(3)?,
                location: r.get(4)?,
                vendor: r.get(5)?,
                monthly_cost: r.get::<_, Option<i64>>(6)?.map(decimal),
                support_source: r.get(7)?,
                life_source: r.get(8)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| CoreError::NotFound { kind: "Configuration item", id: id.0.to_string() })
}

pub fn set_ci_lifecycle(ws: &Workspace, id: CiId, input: &CiLifecycle) -> Result<CiLifecycle> {
    let dates = [
        validate::date("purchased_on", &input.purchased_on)?,
        validate::date("warranty_end", &input.warranty_end)?,
        validate::date("end_of_support", &input.end_of_support)?,
        validate::date("end_of_life", &input.end_of_life)?,
    ];
    if let (Some(s), Some(l)) = (&dates[2], &dates[3]) {
        if l < s {
            return Err(CoreError::validation("end_of_life", "The end of life cannot come before the end of support."));
        }
    }
    let location = validate::line("location", &input.location, 200)?;
    let vendor = validate::line("vendor", &input.vendor, 200)?;
    let cost = input.monthly_cost.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(|c| typed_cents("monthly_cost", c)).transpose()?;
    ws.write(|tx| {
        let before = read(tx, id)?;
        // A date that changes is the user's from now on; one left as it was keeps its source.
        let support_source = if dates[2] == before.end_of_support { before.support_source.clone() } else { None };
        let life_source = if dates[3] == before.end_of_life { before.life_source.clone() } else { None };
        tx.execute(
            "UPDATE cis SET purchased_on = ?2, warranty_end = ?3, support_end = ?4, life_end = ?5, location = ?6, vendor = ?7, monthly_cost_cents = ?8, updated_at = ?9, support_source = ?10, life_source = ?11 WHERE id = ?1",
            params![id.0, dates[0], dates[1], dates[2], dates[3], location, vendor, cost, tx.at(), support_source, life_source],
        )?;
        let after = read(tx, id)?;
        if after != before {
            tx.audit(Action::did("ci.lifecycle_set"), RecordRef::new(RecordKind::Ci, id.0), validate::diff(&serde_json::to_value(&before).unwrap_or_default(), &serde_json::to_value(&after).unwrap_or_default()))?;
        }
        Ok(after)
    })
}

/// Most months the radar looks ahead.
const MAX_MONTHS: u32 = 120;

/// Every warranty end, end of support and end of life from today (in the workspace's zone)
/// through the same day `months` later, soonest first (then by CI name and kind).
pub fn eol_radar(ws: &Workspace, months: u32) -> Result<Vec<EolItem>> {
    if months == 0 || months > MAX_MONTHS {
        return Err(CoreError::validation("within", format!("Look ahead 1 to {MAX_MONTHS} months.")));
    }
    let today = crate::settings::today(ws)?;
    let until = today.checked_add_months(chrono::Months::new(months)).unwrap_or(today);
    let (from, to) = (today.format("%Y-%m-%d").to_string(), until.format("%Y-%m-%d").to_string());
    // Each kind read in order from its covering index, then the three runs merged.
    let mut runs: Vec<Vec<EolItem>> = Vec::with_capacity(3);
    for (column, kind) in [("warranty_end", EolKind::WarrantyEnd), ("support_end", EolKind::EndOfSupport), ("life_end", EolKind::EndOfLife)] {
        let sql = format!("SELECT id, name, {column} FROM cis WHERE {column} >= ?1 AND {column} <= ?2 ORDER BY {column} DESC, name DESC");
        let mut stmt = ws.conn().prepare_cached(&sql)?;
        // Newest first, so that the soonest is the one `pop` takes.
        runs.push(stmt.query_map([&from, &to], |r| Ok(EolItem { ci_id: CiId(r.get(0)?), ci: r.get(1)?, kind, date: r.get(2)? }))?.collect::<rusqlite::Result<_>>()?);
    }
    // The order the indexes give: date, then name as the column compares it (NOCASE: ASCII
    // letters folded), then kind.
    fn order(a: &EolItem, b: &EolItem) -> std::cmp::Ordering {
        a.date
            .cmp(&b.date)
            .then_with(|| a.ci.bytes().map(|c| c.to_ascii_lowercase()).cmp(b.ci.bytes().map(|c| c.to_ascii_lowercase())))
            .then_with(|| a.kind.as_str().cmp(b.kind.as_str()))
    }
    let mut items = Vec::with_capacity(runs.iter().map(Vec::len).sum());
    loop {
        let mut best: Option<usize> = None;
        for k in 0..runs.len() {
            if let Some(i) = runs[k].last() {
                if best.and_then(|b| runs[b].last()).is_none_or(|j| order(i, j).is_lt()) {
                    best = Some(k);
                }
            }
        }
        match best.and_then(|k| runs[k].pop()) {
            Some(item) => items.push(item),
            None => break,
        }
    }
    Ok(items)
}

/// What falls out of warranty, support or life for one service: the ends of the CIs it
/// depends on, transitively (the service "" gathers the CIs no service depends on).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EolByService {
    #[ts(type = "number | null")]
    pub service_id: Option<i64>,
    pub service: String,
    /// Soonest first.
    pub items: Vec<EolItem>,
}

/// The radar's items by the service each puts at risk, services with the soonest end
/// first; an item counts under every service that depends on its CI.
pub fn eol_by_service(ws: &Workspace, months: u32) -> Result<Vec<EolByService>> {
    let items = eol_radar(ws, months)?;
    let mut by_ci: std::collections::HashMap<i64, Vec<&EolItem>> = std::collections::HashMap::new();
    for i in &items {
        by_ci.entry(i.ci_id.0).or_default().push(i);
    }
    let services: Vec<(i64, String)> = ws.conn().prepare("SELECT id, name FROM services ORDER BY name")?.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut covered: std::collections::HashSet<i64> = std::collections::HashSet::new();
    let mut out: Vec<EolByService> = Vec::new();
    for (id, name) in services {
        let cis: Vec<i64> = super::cis_of_service(ws.conn(), id)?;
        let mut mine: Vec<EolItem> = cis.iter().filter_map(|c| by_ci.get(c)).flatten().map(|i| (*i).clone()).collect();
        if mine.is_empty() {
            continue;
        }
        covered.extend(cis);
        mine.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.ci.cmp(&b.ci)));
        out.push(EolByService { service_id: Some(id), service: name, items: mine });
    }
    let alone: Vec<EolItem> = items.iter().filter(|i| !covered.contains(&i.ci_id.0)).cloned().collect();
    out.sort_by(|a, b| a.items[0].date.cmp(&b.items[0].date).then_with(|| a.service.cmp(&b.service)));
    if !alone.is_empty() {
        out.push(EolByService { service_id: None, service: String::new(), items: alone });
    }
    Ok(out)
}

/// The radar's timeline chart (one row per service) as SVG.
pub fn eol_timeline(ws: &Workspace, months: u32, theme: crate::charts::Theme) -> Result<String> {
    let today = crate::settings::today(ws)?;
    let until = today.checked_add_months(chrono::Months::new(months)).unwrap_or(today);
    crate::charts::eol_timeline::render(&eol_by_service(ws, months)?, today, until, theme)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Today is 2026-12-06 (the pinned clock, 09:30 UTC: the same day in the workspace's
    /// zone). Within 3 months (to 2027-03-06): db's warranty on 2026-12-20 and support on
    /// 2027-03-06 (the last day counts); web's end of life on 2027-01-10. Outside: db's end of life in 2028,
    /// web's warranty that ended in 2026-11.
    #[test]
    fn the_radar_lists_what_ends_within_the_months_soonest_first() {
        use crate::cis::{create_ci, CiInput, CiType, Environment, Lifecycle};
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Ivy Manager", crate::testing::NOW);
        let ci = |name: &str| create_ci(&ws, &CiInput { name: name.into(), ci_type: CiType::Server, environment: Environment::Production, owner_id: None, lifecycle: Lifecycle::Operational, attributes: Default::default() }).unwrap().id;
        let (db, web) = (ci("db <01>"), ci("web-01"));
        let dates = |w: &str, s: Option<&str>, l: &str| CiLifecycle { warranty_end: Some(w.into()), end_of_support: s.map(str::to_string), end_of_life: Some(l.into()), monthly_cost: Some("99.9".into()), ..Default::default() };
        let set = set_ci_lifecycle(&ws, db, &dates("2026-12-20", Some("2027-03-06"), "2028-01-01")).unwrap();
        assert_eq!(set.monthly_cost.as_deref(), Some("99.90"));
        set_ci_lifecycle(&ws, web, &dates("2026-11-30", None, "2027-01-10")).unwrap();
        let seen: Vec<(String, EolKind, String)> = eol_radar(&ws, 3).unwrap().into_iter().map(|i| (i.ci, i.kind, i.date)).collect();
        assert_eq!(seen, [
            ("db <01>".to_string(), EolKind::WarrantyEnd, "2026-12-20".to_string()),
            ("web-01".to_string(), EolKind::EndOfLife, "2027-01-10".to_string()),
            ("db <01>".to_string(), EolKind::EndOfSupport, "2027-03-06".to_string()),
        ]);
        assert_eq!(eol_radar(&ws, 0).unwrap_err().field(), Some("within"));
        // By service: Billing runs on web, which depends on db; db's ends count for both.
        let billing = ws.write(|tx| crate::services::create_named(tx, "Billing")).unwrap();
        use crate::links::{create_link, LinkType, NewLink};
        create_link(&ws, &NewLink { from: RecordRef::new(RecordKind::Service, billing), link_type: LinkType::RunsOn, to: RecordRef::new(RecordKind::Ci, web.0) }).unwrap();
        create_link(&ws, &NewLink { from: RecordRef::new(RecordKind::Ci, web.0), link_type: LinkType::DependsOn, to: RecordRef::new(RecordKind::Ci, db.0) }).unwrap();
        let by = eol_by_service(&ws, 3).unwrap();
        assert_eq!(by.len(), 1, "{by:?}");
        assert_eq!((by[0].service.as_str(), by[0].items.len()), ("Billing", 3));
        let svg = eol_timeline(&ws, 3, crate::charts::Theme::Light).unwrap();
        assert!(svg.contains("Billing"));
        assert_eq!((svg.matches("<circle").count(), svg.matches("<polygon").count()), (1, 1), "db's warranty a circle, its support a triangle");
        assert_eq!(set_ci_lifecycle(&ws, web, &dates("2026-11-30", Some("2027-02-01"), "2027-01-10")).unwrap_err().field(), Some("end_of_life"));
        assert_eq!(set_ci_lifecycle(&ws, web, &CiLifecycle { warranty_end: Some("31/12/2026".into()), ..Default::default() }).unwrap_err().field(), Some("warranty_end"));
    }
}
