//! Budgets: what each cost centre plans to spend on each cost pool in a fiscal year, month
//! by month (typed month by month, or an annual amount spread flat: cents that do not
//! divide go to the first months); and budget against actual against forecast, where the
//! forecast is the run-rate: the actual so far plus the average month so far for every
//! month left. For one service, its budget is the budgeted pools split by the allocation
//! rules (the plan allocated as the actuals are), and its actual is its direct lines plus
//! its part of the pooled ones, month by month.

use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::allocation::{split, Part};
use super::{pool_named, SETTINGS};
use crate::money;
use crate::error::{CoreError, Result};
use crate::record::{RecordKind, RecordRef};
use crate::workspace::{Action, Workspace};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BudgetInput {
    /// The year the fiscal year starts in.
    pub fiscal_year: i32,
    pub cost_centre: String,
    pub cost_pool: String,
    /// Twelve monthly amounts (decimals), or one annual amount spread flat.
    pub months: Vec<String>,
}

/// One month of a fiscal year: its budget, its actual, and the run-rate forecast (none for
/// months already past, which have their actual).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BudgetMonth {
    /// "YYYY-MM".
    pub month: String,
    pub budget: String,
    pub actual: String,
    pub forecast: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BudgetVsActual {
    pub fiscal_year: i32,
    /// The cost centre ("" for every one).
    pub cost_centre: String,
    /// The service it is for, when one: its part of the budget and of the actuals.
    pub service: Option<String>,
    pub months: Vec<BudgetMonth>,
    pub budget_total: String,
    pub actual_to_date: String,
    /// Actual so far plus the run-rate for the months left.
    pub forecast_total: String,
}

/// The first day of each month of a fiscal year.
fn months_of(fiscal_year: i32, start: u8) -> Vec<chrono::NaiveDate> {
    (0..12u32)
        .filter_map(|m| chrono::NaiveDate::from_ymd_opt(fiscal_year, u32::from(start), 1).and_then(|d| d.checked_add_months(chrono::Months::new(m))))
        .collect()
}

pub fn set_budget(ws: &Workspace, input: &BudgetInput) -> Result<BudgetVsActual> {
    if !(1990..=2200).contains(&input.fiscal_year) {
        return Err(CoreError::validation("fiscal_year", "The fiscal year is the year it starts in, such as 2026."));
    }
    let centre = crate::validate::line("cost_centre", &input.cost_centre, 120)?;
    let amounts: Vec<i64> = match input.months.len() {
        1 => {
            let annual = money::parse_cents("months", &input.months[0])?;
            let parts: Vec<Part> = (0..12).map(|m| Part { name: format!("{m:02}"), weight: 1 }).collect();
            split(annual, &parts, 12).0
        }
        12 => input.months.iter().map(|m| money::parse_cents("months", m)).collect::<Result<_>>()?,
        _ => return Err(CoreError::validation("months", "Give twelve monthly amounts, or one annual amount to spread flat.")),
    };
    ws.write(|tx| {
        let pool = pool_named(tx, &input.cost_pool)?;
        for (m, cents) in amounts.iter().enumerate() {
            tx.execute(
                "INSERT INTO budgets (fiscal_year, cost_centre, cost_pool_id, month, amount_cents) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (fiscal_year, cost_centre, cost_pool_id, month) DO UPDATE SET amount_cents = excluded.amount_cents",
                params![input.fiscal_year, centre, pool, m as i64 + 1, cents],
            )?;
        }
        tx.audit(Action::did("budget.set"), RecordRef::new(RecordKind::CostPool, pool), serde_json::json!({"fiscal_year": input.fiscal_year, "cost_centre": centre, "months": amounts.iter().map(|c| money::decimal(*c)).collect::<Vec<_>>()}))
    })?;
    budget_vs_actual(ws, input.fiscal_year, &centre, None)
}

/// Budget, actual and run-rate forecast of a fiscal year, for a cost centre ("": all) and,
/// when one is given, a service.
pub fn budget_vs_actual(ws: &Workspace, fiscal_year: i32, cost_centre: &str, service: Option<i64>) -> Result<BudgetVsActual> {
    let conn = ws.conn();
    let settings = SETTINGS.get(conn)?;
    let months = months_of(fiscal_year, settings.fiscal_year_start);
    let (Some(first), Some(last)) = (months.first().copied(), months.last().copied()) else {
        return Err(CoreError::validation("fiscal_year", "That fiscal year cannot be placed on the calendar."));
    };
    let end = last.checked_add_months(chrono::Months::new(1)).unwrap_or(last);
    let centre = cost_centre.trim();
    let service_name: Option<String> = match service {
        Some(id) => Some(
            rusqlite::OptionalExtension::optional(conn.query_row("SELECT name FROM services WHERE id = ?1", [id], |r| r.get(0)))?
                .ok_or_else(|| CoreError::validation("service", "The service does not exist (any more)."))?,
        ),
        None => None,
    };
    // Month by month and pool by pool: the budget, the pooled actuals and the service's own
    // lines (a line's service is its direct cost), then all of it or the service's part.
    let mut budget_pools = [(); 12].map(|_| std::collections::BTreeMap::<i64, i64>::new());
    let mut stmt = conn.prepare("SELECT month, cost_pool_id, sum(amount_cents) FROM budgets WHERE fiscal_year = ?1 AND (?2 = '' OR cost_centre = ?2) GROUP BY month, cost_pool_id")?;
    for row in stmt.query_map(params![fiscal_year, centre], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)))? {
        let (m, pool, c) = row?;
        if (1..=12).contains(&m) {
            budget_pools[(m - 1) as usize].insert(pool, c);
        }
    }
    let mut pooled = [(); 12].map(|_| std::collections::BTreeMap::<i64, i64>::new());
    let mut direct = [0i64; 12];
    let mut all = [0i64; 12];
    let mut stmt = conn.prepare(
        "SELECT substr(booked_on, 1, 7), cost_pool_id, service_id, sum(amount_cents) FROM ledger_lines WHERE booked_on >= ?1 AND booked_on < ?2 AND (?3 = '' OR cost_centre = ?3) GROUP BY 1, 2, 3",
    )?;
    for row in stmt.query_map(params![first.format("%Y-%m-%d").to_string(), end.format("%Y-%m-%d").to_string(), centre], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, Option<i64>>(2)?, r.get::<_, i64>(3)?))
    })? {
        let (ym, pool, line_service, c) = row?;
        let Some(i) = months.iter().position(|d| d.format("%Y-%m").to_string() == ym) else { continue };
        all[i] += c;
        match line_service {
            Some(s) if Some(s) == service => direct[i] += c,
            Some(_) => {}
            None => *pooled[i].entry(pool).or_default() += c,
        }
    }
    let mut budget = [0i64; 12];
    let mut actual = [0i64; 12];
    for i in 0..12 {
        match service {
            None => {
                budget[i] = budget_pools[i].values().sum();
                actual[i] = all[i];
            }
            Some(id) => {
                budget[i] = super::allocation::spread(conn, &budget_pools[i])?.allocated.get(&id).copied().unwrap_or(0);
                actual[i] = direct[i] + super::allocation::spread(conn, &pooled[i])?.allocated.get(&id).copied().unwrap_or(0);
            }
        }
    }
    // Months up to and including the current one are "so far"; the run-rate is their
    // average, rounded half away from zero.
    let today = crate::settings::today(ws)?;
    let elapsed = months.iter().filter(|d| **d <= today).count();
    let so_far: i64 = actual[..elapsed].iter().sum();
    let rate = if elapsed == 0 { 0 } else { (2 * so_far + elapsed as i64 * so_far.signum()) / (2 * elapsed as i64) };
    let rows: Vec<BudgetMonth> = months
        .iter()
        .enumerate()
        .map(|(i, d)| BudgetMonth {
            month: d.format("%Y-%m").to_string(),
            budget: money::decimal(budget[i]),
            actual: money::decimal(actual[i]),
            forecast: (i >= elapsed && elapsed > 0).then(|| money::decimal(rate)),
        })
        .collect();
    let forecast_total = if elapsed == 0 { budget.iter().sum() } else { so_far + rate * (12 - elapsed as i64) };
    Ok(BudgetVsActual {
        fiscal_year,
        cost_centre: centre.to_string(),
        service: service_name,
        months: rows,
        budget_total: money::decimal(budget.iter().sum()),
        actual_to_date: money::decimal(so_far),
        forecast_total: money::decimal(forecast_total),
    })
}

/// The fiscal year's budget, actual and forecast as a chart (cumulative lines), for a cost
/// centre or a service.
pub fn budget_chart(ws: &Workspace, fiscal_year: i32, cost_centre: &str, service: Option<i64>, theme: crate::charts::Theme) -> Result<String> {
    let currency = SETTINGS.get(ws.conn())?.currency;
    crate::charts::budget_trend::render(&budget_vs_actual(ws, fiscal_year, cost_centre, service)?, &currency, theme)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fiscal year 2026 starting in April; today is 2026-12-06, so April to December (nine
    /// months) have passed. A flat budget of 12,000.01 is 1,000.01 in April and 1,000.00 in
    /// each other month. Actuals: 900.00 in April, 1,200.00 in May, nothing since: so far
    /// 2,100.00 over nine months, a run-rate of 233.33, and a forecast of 2,100.00 + 3 ×
    /// 233.33 = 2,799.99.
    #[test]
    fn a_flat_budget_against_actuals_and_the_run_rate() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Fiona Finance", crate::testing::NOW);
        super::super::set_finance_settings(&ws, &super::super::FinanceSettings { currency: "EUR".into(), fiscal_year_start: 4 }).unwrap();
        let f = d.path().join("l.csv");
        std::fs::write(&f, "date,amount,cost_pool,cost_centre\n2026-04-10,900.00,Hardware,IT\n2026-05-10,1200.00,Hardware,IT\n2026-05-11,50.00,Hardware,Sales\n2027-04-01,7.00,Hardware,IT\n").unwrap();
        crate::import_file::import(&ws, &f, crate::import_file::FileFormat::Ledger, &Default::default()).unwrap();
        let b = set_budget(&ws, &BudgetInput { fiscal_year: 2026, cost_centre: "IT".into(), cost_pool: "Hardware".into(), months: vec!["12000.01".into()] }).unwrap();
        assert_eq!((b.months[0].budget.as_str(), b.months[1].budget.as_str(), b.months[11].month.as_str()), ("1000.01", "1000.00", "2027-03"));
        assert_eq!((b.budget_total.as_str(), b.actual_to_date.as_str(), b.forecast_total.as_str()), ("12000.01", "2100.00", "2799.99"));
        assert_eq!((b.months[8].forecast.as_deref(), b.months[9].forecast.as_deref()), (None, Some("233.33")));
        let all = budget_vs_actual(&ws, 2026, "", None).unwrap();
        assert_eq!(all.actual_to_date, "2150.00", "every cost centre");
        assert_eq!(set_budget(&ws, &BudgetInput { fiscal_year: 2026, cost_centre: "IT".into(), cost_pool: "Hardware".into(), months: vec!["1".into(), "2".into()] }).unwrap_err().field(), Some("months"));
        let svg = budget_chart(&ws, 2026, "IT", None, crate::charts::Theme::Light).unwrap();
        assert!(svg.contains("budget") && svg.contains("forecast"));
    }

    /// A service's budget is the plan allocated by the rules, its actual its direct lines and
    /// its part of the pooled ones. Hardware splits equally between Alpha and Beta. The flat
    /// budget's April 1,000.01 gives Alpha 500.01 (the odd cent to the first name), each
    /// other month 500.00: 6,000.01 in the year. Alpha's actuals: half of April's 900.00,
    /// half of May's 1,200.00, and its own 100.00 in June: 1,150.00 over nine months, a
    /// run-rate of 127.78, and a forecast of 1,150.00 + 3 × 127.78 = 1,533.34.
    #[test]
    fn a_services_budget_is_the_plan_allocated_by_the_rules() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Fiona Finance", crate::testing::NOW);
        super::super::set_finance_settings(&ws, &super::super::FinanceSettings { currency: "EUR".into(), fiscal_year_start: 4 }).unwrap();
        let alpha = ws.write(|tx| crate::services::create_named(tx, "Alpha")).unwrap();
        let beta = ws.write(|tx| crate::services::create_named(tx, "Beta")).unwrap();
        let f = d.path().join("l.csv");
        std::fs::write(&f, "date,amount,cost_pool,cost_centre,description,vendor,service\n2026-04-10,900.00,Hardware,IT,,,\n2026-05-10,1200.00,Hardware,IT,,,\n2026-06-10,100.00,Hardware,IT,,,Alpha\n2026-06-11,70.00,Hardware,IT,,,Beta\n").unwrap();
        crate::import_file::import(&ws, &f, crate::import_file::FileFormat::Ledger, &Default::default()).unwrap();
        for s in [alpha, beta] {
            super::super::rules::set_rule(&ws, &super::super::rules::RuleScope::Pool("Hardware".into()), s, Some(super::super::rules::AllocationMethod::Equal), None, "").unwrap();
        }
        set_budget(&ws, &BudgetInput { fiscal_year: 2026, cost_centre: "IT".into(), cost_pool: "Hardware".into(), months: vec!["12000.01".into()] }).unwrap();
        let b = budget_vs_actual(&ws, 2026, "IT", Some(alpha)).unwrap();
        assert_eq!(b.service.as_deref(), Some("Alpha"));
        assert_eq!((b.months[0].budget.as_str(), b.months[1].budget.as_str()), ("500.01", "500.00"));
        assert_eq!((b.months[0].actual.as_str(), b.months[1].actual.as_str(), b.months[2].actual.as_str()), ("450.00", "600.00", "100.00"));
        assert_eq!((b.budget_total.as_str(), b.actual_to_date.as_str(), b.forecast_total.as_str()), ("6000.01", "1150.00", "1533.34"));
        let beta_b = budget_vs_actual(&ws, 2026, "", Some(beta)).unwrap();
        assert_eq!((beta_b.budget_total.as_str(), beta_b.actual_to_date.as_str()), ("6000.00", "1120.00"), "450 + 600 + its own 70");
        assert!(budget_chart(&ws, 2026, "", Some(beta), crate::charts::Theme::Dark).unwrap().contains("Beta"));
        assert_eq!(budget_vs_actual(&ws, 2026, "", Some(999)).unwrap_err().field(), Some("service"));
    }
}
