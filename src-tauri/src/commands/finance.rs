//! Service financial management: settings, exchange rates, cost pools, allocation rules and
//! the allocation of the ledger to services.

use steward_core::finance::allocation::{self, Allocation};
use steward_core::finance::budget;
use steward_core::finance::rules::{self, AllocationMethod, AllocationRule, RuleScope};
use steward_core::finance::{self, CostPool, ExchangeRate, FinanceSettings};
use steward_core::export::ExportReport;
use steward_core::finance::run_costs::{self, RunCosts};
use steward_core::finance::showback::{self, Showback};
use tauri::{AppHandle, Runtime, State};

use super::dialogs::save_file;
use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn finance_settings(state: State<'_, AppState>) -> CmdResult<FinanceSettings> {
    state.with(finance::finance_settings)
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_finance_settings(state: State<'_, AppState>, settings: FinanceSettings) -> CmdResult<FinanceSettings> {
    state.with(|ws| finance::set_finance_settings(ws, &settings))
}

#[tauri::command(rename_all = "snake_case")]
pub fn exchange_rates(state: State<'_, AppState>) -> CmdResult<Vec<ExchangeRate>> {
    state.with(finance::exchange_rates)
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_exchange_rate(state: State<'_, AppState>, rate: ExchangeRate) -> CmdResult<Vec<ExchangeRate>> {
    state.with(|ws| finance::set_exchange_rate(ws, &rate))
}

#[tauri::command(rename_all = "snake_case")]
pub fn cost_pools(state: State<'_, AppState>) -> CmdResult<Vec<CostPool>> {
    state.with(finance::cost_pools)
}

/// Adds a pool (no id) or renames one and sets its tower.
#[tauri::command(rename_all = "snake_case")]
pub fn save_cost_pool(state: State<'_, AppState>, id: Option<i64>, name: String, tower: String) -> CmdResult<Vec<CostPool>> {
    state.with(|ws| finance::save_cost_pool(ws, id, &name, &tower))
}

#[tauri::command(rename_all = "snake_case")]
pub fn allocation_rules(state: State<'_, AppState>) -> CmdResult<Vec<AllocationRule>> {
    state.with(rules::allocation_rules)
}

/// Sets the rule of a pool (or of every pool of a tower) for a service, or removes it (no
/// method).
#[tauri::command(rename_all = "snake_case")]
pub fn set_allocation_rule(state: State<'_, AppState>, scope: RuleScope, service: i64, method: Option<AllocationMethod>, share: Option<String>, driver: Option<String>) -> CmdResult<Vec<AllocationRule>> {
    state.with(|ws| rules::set_rule(ws, &scope, service, method, share.as_deref(), driver.as_deref().unwrap_or("")))
}

/// What each service costs from `from` through `to`, explained line by line.
#[tauri::command(rename_all = "snake_case")]
pub fn allocate_costs(state: State<'_, AppState>, from: String, to: String) -> CmdResult<Allocation> {
    state.with(|ws| allocation::allocate(ws, &from, &to))
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_budget(state: State<'_, AppState>, input: budget::BudgetInput) -> CmdResult<budget::BudgetVsActual> {
    state.with(|ws| budget::set_budget(ws, &input))
}

/// Budget, actual and run-rate forecast of a fiscal year for a cost centre ("": all).
#[tauri::command(rename_all = "snake_case")]
pub fn budget_vs_actual(state: State<'_, AppState>, fiscal_year: i32, cost_centre: String, service: Option<i64>) -> CmdResult<budget::BudgetVsActual> {
    state.with(|ws| budget::budget_vs_actual(ws, fiscal_year, &cost_centre, service))
}

#[tauri::command(rename_all = "snake_case")]
pub fn budget_chart(state: State<'_, AppState>, fiscal_year: i32, cost_centre: String, service: Option<i64>, theme: steward_core::charts::Theme) -> CmdResult<String> {
    state.with(|ws| budget::budget_chart(ws, fiscal_year, &cost_centre, service, theme))
}

/// What the CIs each service runs on cost over the period, by the CMDB's monthly costs.
#[tauri::command(rename_all = "snake_case")]
pub fn ci_run_costs(state: State<'_, AppState>, from: String, to: String) -> CmdResult<RunCosts> {
    state.with(|ws| run_costs::run_costs(ws, &from, &to))
}

/// Each consumer's share of what the services cost from `from` through `to`.
#[tauri::command(rename_all = "snake_case")]
pub fn showback_statements(state: State<'_, AppState>, from: String, to: String) -> CmdResult<Showback> {
    state.with(|ws| showback::showback(ws, &from, &to))
}

/// Saves one consumer's showback statement as a workbook where the user chooses.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_showback_statement<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, from: String, to: String, stakeholder: i64) -> CmdResult<Option<ExportReport>> {
    let Some(out) = save_file(&app, "xlsx", "showback")? else { return Ok(None) };
    state.with(|ws| showback::export_statement(ws, &from, &to, stakeholder, &out)).map(Some)
}

/// The types these commands carry, declared in TypeScript for `ui/src/lib/bindings.ts`.
#[cfg(test)]
pub(crate) fn types(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        FinanceSettings::decl(cfg),
        ExchangeRate::decl(cfg),
        CostPool::decl(cfg),
        AllocationMethod::decl(cfg),
        AllocationRule::decl(cfg),
        RuleScope::decl(cfg),
        allocation::ServiceCost::decl(cfg),
        allocation::Explanation::decl(cfg),
        Allocation::decl(cfg),
        budget::BudgetInput::decl(cfg),
        budget::BudgetMonth::decl(cfg),
        budget::BudgetVsActual::decl(cfg),
        showback::ChargedService::decl(cfg),
        showback::ConsumerStatement::decl(cfg),
        showback::UnconsumedService::decl(cfg),
        Showback::decl(cfg),
        run_costs::RunCost::decl(cfg),
        run_costs::CostWithCis::decl(cfg),
        RunCosts::decl(cfg),
    ]
}
