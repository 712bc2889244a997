//! The Steward desktop shell: window, state, and the command layer over steward-core.
//!
//! **Boundary:** this crate only translates. It deserializes IPC arguments, calls one core
//! function and maps `CoreError` to [`error::CommandError`]. It owns the per-OS-user
//! preferences (identity, recent files) and the native dialogs.

pub mod commands;
pub mod error;
pub mod state;

#[cfg(test)]
mod bindings;
#[cfg(test)]
mod ipc_gen;

use std::path::PathBuf;

use tauri::{Manager, Runtime};

pub use state::AppState;

/// Adds every command and plugin to `base` (the real builder, or tauri's mock builder in
/// tests); state is managed by the caller.
pub fn builder<R: Runtime>(base: tauri::Builder<R>) -> tauri::Builder<R> {
    use commands::{assessments as asm, changes as ch, deployments as dep, directory as d, imports as im, improvement as imp, incidents as i, knowledge as k, problems as pr, records as r, requests as rq, risks as rk, security as sec, sla as s, workspace as w};
    base.plugin(tauri_plugin_dialog::init())
        .invoke_handler(tauri::generate_handler![
        w::app_status,
        w::open_start_workspace,
        w::set_identity,
        w::create_start_workspace,
        w::new_workspace,
        w::open_workspace_dialog,
        w::open_workspace,
        w::backup_workspace,
        w::restore_workspace,
        w::check_workspace,
        w::workspace_summary,
        w::search,
        w::find_records,
        w::audit_trail,
        w::export_audit,
        w::set_unsaved,
        w::close_window,
        w::get_settings,
        w::update_settings,
        w::time_zones,
        w::whoami,
        r::list_services,
        r::get_service,
        r::create_service,
        r::update_service,
        r::delete_service,
        r::list_cis,
        r::get_ci,
        r::create_ci,
        r::update_ci,
        r::delete_ci,
        r::impact_of_ci,
        r::links_of,
        r::create_link,
        r::delete_link,
        r::record_history,
        r::choices,
        d::list_people,
        d::create_person,
        d::update_person,
        d::delete_person,
        d::list_groups,
        d::create_group,
        d::update_group,
        d::delete_group,
        d::list_vendors,
        d::create_vendor,
        d::update_vendor,
        d::delete_vendor,
        i::list_incidents,
        i::get_incident,
        i::incident_notes,
        i::log_incident,
        i::update_incident,
        i::transition_incident,
        i::add_incident_note,
        i::incident_stats,
        i::get_priority_matrix,
        i::set_priority_matrix,
        i::export_incidents,
        i::desk_figures,
        i::get_auto_close_days,
        i::set_auto_close_days,
        k::list_articles,
        k::get_article,
        k::create_article,
        k::update_article,
        k::suggest_articles,
        i::incident_communications,
        i::log_communication,
        rq::list_catalogue,
        rq::get_catalogue_item,
        rq::create_catalogue_item,
        rq::update_catalogue_item,
        rq::list_requests,
        rq::get_request,
        rq::raise_request,
        rq::update_request,
        rq::transition_request,
        rq::update_request_task,
        im::pick_import_file,
        im::preview_import,
        im::run_import,
        im::cancel_import,
        im::list_imports,
        im::undo_import,
        s::sla_what_if,
        s::list_calendars,
        s::list_agreements,
        s::list_sla_targets,
        s::sla_report,
        s::sla_compliance,
        s::sla_breaches,
        s::incident_clocks,
        s::request_clocks,
        s::explain_clocks,
        s::sla_trend,
        s::export_sla_trend,
        s::save_calendar,
        s::pick_holidays,
        s::create_agreement,
        s::update_agreement,
        s::create_sla_target,
        s::update_sla_target,
        rk::get_risk_matrix,
        rk::set_risk_matrix,
        rk::list_risks,
        rk::get_risk,
        rk::create_risk,
        rk::update_risk,
        rk::save_risk_action,
        rk::risk_heatmap,
        rk::export_risk_heatmap,
        rk::export_risks,
        rk::risk_trend,
        sec::cvss_score,
        sec::list_controls,
        sec::get_control,
        sec::create_control,
        sec::update_control,
        sec::record_control_test,
        sec::attach_evidence,
        sec::open_evidence,
        sec::list_frameworks,
        sec::add_nist_csf,
        sec::framework_requirements,
        sec::framework_coverage,
        sec::set_control_requirements,
        sec::set_applicability,
        sec::export_soa,
        sec::list_vulnerabilities,
        sec::get_vulnerability,
        sec::create_vulnerability,
        sec::update_vulnerability,
        sec::get_vulnerability_due_days,
        sec::set_vulnerability_due_days,
        sec::classify_incident,
        ch::list_changes,
        ch::get_change,
        ch::create_change,
        ch::update_change,
        ch::transition_change,
        ch::change_conflicts,
        ch::list_change_windows,
        ch::create_change_window,
        ch::change_figures,
        ch::change_questionnaire,
        ch::set_change_questionnaire,
        ch::assess_change,
        ch::vote_on_change,
        ch::review_change,
        ch::list_change_boards,
        ch::save_change_board,
        ch::list_change_authorities,
        ch::set_change_authority,
        ch::list_change_templates,
        ch::save_change_template,
        ch::change_calendar,
        ch::delete_change_window,
        pr::suggest_known_errors,
        pr::link_problem_incidents,
        pr::problem_figures,
        pr::list_problems,
        pr::get_problem,
        pr::create_problem,
        pr::update_problem,
        pr::transition_problem,
        pr::problem_candidates,
        pr::known_errors_for,
        asm::list_assessments,
        asm::create_assessment,
        asm::update_assessment,
        asm::transition_assessment,
        asm::assessment_results,
        asm::assessment_items,
        asm::answer_criterion,
        asm::set_assessment_practice,
        asm::compare_assessments,
        asm::assessment_radar,
        asm::export_assessment_radar,
        asm::list_criteria,
        asm::add_criterion,
        asm::update_criterion,
        asm::delete_criterion,
        asm::itil_practices,
        asm::practice_facts,
        asm::export_assessment,
        asm::assessment_evidence,
        asm::attach_answer_file,
        asm::attach_answer_record,
        asm::remove_answer_evidence,
        asm::open_answer_evidence,
        asm::get_evidence_rule,
        asm::set_evidence_rule,
        imp::list_initiatives,
        imp::get_initiative,
        imp::create_initiative,
        imp::update_initiative,
        imp::transition_initiative,
        imp::set_initiative_step,
        imp::add_measure,
        imp::record_measure_value,
        imp::measure_trend,
        imp::initiative_from_gap,
        imp::improvement_figures,
        imp::sample_measures,
        dep::list_deployments,
        dep::get_deployment,
        dep::create_deployment,
        dep::update_deployment,
        dep::log_deployment_incident,
        dep::deployments_of_change,
        dep::list_environments,
        dep::dora_figures,
        dep::dora_bands,
        dep::export_deployments,
    ])
}

/// `--workspace FILE` from the command line, if given.
fn workspace_arg() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        if a == "--workspace" {
            return args.next().map(PathBuf::from);
        }
        if let Some(v) = a.to_str().and_then(|s| s.strip_prefix("--workspace=")) {
            return Some(PathBuf::from(v));
        }
    }
    None
}

pub fn run() {
    builder(tauri::Builder::default())
        .setup(|app| {
            let config_dir = app.path().app_config_dir()?;
            let start = match workspace_arg() {
                Some(p) => p,
                None => app.path().app_data_dir()?.join("default.steward"),
            };
            app.manage(AppState::new(&config_dir, start));
            Ok(())
        })
        .build(tauri::generate_context!("tauri.conf.json"))
        .unwrap_or_else(|e| {
            eprintln!("Steward could not start: {e}");
            std::process::exit(1);
        })
        .run(on_run_event);
}

/// What the app does on the event loop's events (the mock runtime in tests delivers them
/// here too, where it delivers no per-window handler).
pub fn on_run_event<R: Runtime>(app: &tauri::AppHandle<R>, event: tauri::RunEvent) {
    match event {
        tauri::RunEvent::WindowEvent { label, event: tauri::WindowEvent::CloseRequested { api, .. }, .. } => {
            commands::workspace::on_close_requested(app, &label, &api);
        }
        // Close the workspace cleanly: SQLite folds the WAL back and the lock is released.
        tauri::RunEvent::Exit => app.state::<AppState>().close(),
        _ => {}
    }
}
