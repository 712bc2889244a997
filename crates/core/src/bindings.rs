//! Generates `ui/src/lib/bindings.ts` from the Rust types that cross IPC, and fails when the
//! committed file is stale. Run with `UPDATE_BINDINGS=1` to rewrite it.

use ts_rs::{Config, TS};

use crate::{charts, cis, directory, enums, import, import_file, incidents, knowledge, links, list, record, requests, search, services, settings, sla, summary, workspace};

fn decl<T: TS>(cfg: &Config) -> String {
    format!("export {}", T::decl(cfg))
}

fn generate() -> String {
    let cfg = Config::default();
    let decls = [
        decl::<record::RecordKind>(&cfg),
        decl::<record::RecordRef>(&cfg),
        decl::<enums::Choice>(&cfg),
        decl::<list::ListRequest>(&cfg),
        decl::<list::FilterTerm>(&cfg),
        decl::<list::SortTerm>(&cfg),
        decl::<list::Cursor>(&cfg),
        decl::<list::Page<()>>(&cfg),
        decl::<services::ServiceId>(&cfg),
        decl::<services::Criticality>(&cfg),
        decl::<services::ServiceStatus>(&cfg),
        decl::<services::Service>(&cfg),
        decl::<services::ServiceInput>(&cfg),
        decl::<cis::CiId>(&cfg),
        decl::<cis::CiType>(&cfg),
        decl::<cis::Environment>(&cfg),
        decl::<cis::Lifecycle>(&cfg),
        decl::<cis::Ci>(&cfg),
        decl::<cis::CiInput>(&cfg),
        decl::<cis::Impact>(&cfg),
        decl::<cis::ImpactItem>(&cfg),
        decl::<links::LinkType>(&cfg),
        decl::<links::LinkId>(&cfg),
        decl::<links::NewLink>(&cfg),
        decl::<links::LinkView>(&cfg),
        decl::<directory::PersonId>(&cfg),
        decl::<directory::GroupId>(&cfg),
        decl::<directory::VendorId>(&cfg),
        decl::<directory::Person>(&cfg),
        decl::<directory::PersonInput>(&cfg),
        decl::<directory::Group>(&cfg),
        decl::<directory::GroupInput>(&cfg),
        decl::<directory::Vendor>(&cfg),
        decl::<directory::VendorInput>(&cfg),
        decl::<directory::DirectoryKind>(&cfg),
        decl::<directory::Me>(&cfg),
        decl::<import::ImportReport>(&cfg),
        decl::<import::RowError>(&cfg),
        decl::<import::ImportPhase>(&cfg),
        decl::<import::ImportProgress>(&cfg),
        decl::<import::ImportId>(&cfg),
        decl::<import::ImportRun>(&cfg),
        decl::<import::UndoReport>(&cfg),
        decl::<import_file::FileFormat>(&cfg),
        decl::<import_file::ColumnUse>(&cfg),
        decl::<import_file::ImportPreview>(&cfg),
        decl::<import_file::ImportOutcome>(&cfg),
        decl::<incidents::IncidentId>(&cfg),
        decl::<incidents::IncidentState>(&cfg),
        decl::<incidents::OnHoldReason>(&cfg),
        decl::<incidents::Incident>(&cfg),
        decl::<incidents::HistoryEntry>(&cfg),
        decl::<incidents::IncidentDetail>(&cfg),
        decl::<incidents::IncidentInput>(&cfg),
        decl::<incidents::Transition>(&cfg),
        decl::<incidents::Note>(&cfg),
        decl::<incidents::IncidentStats>(&cfg),
        decl::<incidents::PriorityMatrix>(&cfg),
        decl::<incidents::IncidentSource>(&cfg),
        decl::<incidents::ExportFormat>(&cfg),
        decl::<incidents::ExportReport>(&cfg),
        decl::<incidents::IncidentImportReport>(&cfg),
        decl::<incidents::dates::DateOrder>(&cfg),
        decl::<incidents::figures::DeskFigures>(&cfg),
        decl::<incidents::communications::Audience>(&cfg),
        decl::<incidents::communications::CommsChannel>(&cfg),
        decl::<incidents::communications::Communication>(&cfg),
        decl::<incidents::communications::CommunicationInput>(&cfg),
        decl::<requests::CatalogueItemId>(&cfg),
        decl::<requests::TaskTemplate>(&cfg),
        decl::<requests::CatalogueItem>(&cfg),
        decl::<requests::CatalogueItemInput>(&cfg),
        decl::<requests::RequestId>(&cfg),
        decl::<requests::RequestTaskId>(&cfg),
        decl::<requests::RequestState>(&cfg),
        decl::<requests::TaskState>(&cfg),
        decl::<requests::Request>(&cfg),
        decl::<requests::RequestTask>(&cfg),
        decl::<requests::RequestDetail>(&cfg),
        decl::<requests::RequestInput>(&cfg),
        decl::<requests::RequestTransition>(&cfg),
        decl::<requests::TaskUpdate>(&cfg),
        decl::<sla::clock::SpanKind>(&cfg),
        decl::<charts::Theme>(&cfg),
        decl::<sla::agreements::CalendarId>(&cfg),
        decl::<sla::agreements::AgreementId>(&cfg),
        decl::<sla::agreements::TargetId>(&cfg),
        decl::<sla::agreements::AgreementKind>(&cfg),
        decl::<sla::agreements::Metric>(&cfg),
        decl::<sla::agreements::StoredCalendar>(&cfg),
        decl::<sla::ics::Holiday>(&cfg),
        decl::<crate::security::cvss::CvssScore>(&cfg),
        decl::<crate::risks::RiskId>(&cfg),
        decl::<crate::risks::Treatment>(&cfg),
        decl::<crate::risks::RiskStatus>(&cfg),
        decl::<crate::risks::ActionStatus>(&cfg),
        decl::<crate::risks::Rating>(&cfg),
        decl::<crate::risks::Risk>(&cfg),
        decl::<crate::risks::RiskInput>(&cfg),
        decl::<crate::risks::RiskAction>(&cfg),
        decl::<crate::risks::RiskActionInput>(&cfg),
        decl::<crate::risks::RiskDetail>(&cfg),
        decl::<crate::risks::RatingKind>(&cfg),
        decl::<crate::risks::matrix::ScaleStep>(&cfg),
        decl::<crate::risks::matrix::Level>(&cfg),
        decl::<crate::risks::matrix::RiskMatrix>(&cfg),
        decl::<crate::risks::matrix::ReRating>(&cfg),
        decl::<crate::charts::risk_heatmap::HeatmapCell>(&cfg),
        decl::<crate::charts::risk_heatmap::Heatmap>(&cfg),
        decl::<sla::agreements::Agreement>(&cfg),
        decl::<sla::agreements::AgreementInput>(&cfg),
        decl::<sla::agreements::Target>(&cfg),
        decl::<sla::agreements::TargetInput>(&cfg),
        decl::<sla::clocks::ClockState>(&cfg),
        decl::<sla::clocks::ClockView>(&cfg),
        decl::<sla::report::ReportRow>(&cfg),
        decl::<sla::report::ComplianceBy>(&cfg),
        decl::<sla::report::ComplianceRow>(&cfg),
        decl::<sla::report::Breach>(&cfg),
        decl::<sla::report::TrendPeriod>(&cfg),
        decl::<sla::clocks::ClockExplanation>(&cfg),
        decl::<sla::agreements::AppliesTo>(&cfg),
        decl::<sla::eval::ExplainedSpan>(&cfg),
        decl::<sla::eval::CaseResult>(&cfg),
        decl::<sla::eval::Pause>(&cfg),
        decl::<sla::eval::WhatIf>(&cfg),
        decl::<knowledge::ArticleId>(&cfg),
        decl::<knowledge::ArticleStatus>(&cfg),
        decl::<knowledge::Article>(&cfg),
        decl::<knowledge::ArticleInput>(&cfg),
        decl::<settings::DateFormat>(&cfg),
        decl::<settings::Settings>(&cfg),
        decl::<search::SearchHit>(&cfg),
        decl::<summary::Count>(&cfg),
        decl::<summary::Summary>(&cfg),
        decl::<workspace::AuditEntry>(&cfg),
        decl::<workspace::AuditExportFormat>(&cfg),
        decl::<workspace::CheckReport>(&cfg),
        decl::<workspace::BackupReport>(&cfg),
    ];
    let mut out = String::from("// Generated from steward-core's Rust types by `crates/core/src/bindings.rs`. Do not edit.\n// Regenerate: UPDATE_BINDINGS=1 cargo test -p steward-core bindings\n\n");
    for d in decls {
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.trim_end().to_string() + "\n"
}

#[test]
fn bindings_are_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings.ts");
    let fresh = generate();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).expect("write bindings");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(committed == fresh, "ui/src/lib/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p steward-core bindings`");
}
