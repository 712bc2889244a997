//! The values and labels of every closed list, gathered for the window's pickers in one
//! call, and the link triples a record may start.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::assessments::{Answer, AssessmentStatus, Dimension};
use crate::changes::authorization::{Decision, Vote};
use crate::deployments::dora::DoraMetric;
use crate::software::portfolio::{DebtStatus, FeedbackKind, FeedbackStatus, TimeQuadrant};
use crate::software::ApplicationLifecycle;
use crate::cis::capacity::CapacityStatus;
use crate::finance::rules::AllocationMethod;
use crate::relationship::engagements::EngagementKind;
use crate::report::ReportSection;
use crate::relationship::satisfaction::SatisfactionBy;
use crate::relationship::stakeholders::{GridQuadrant, ServiceRelation, StakeholderKind};
use crate::cis::lifecycle::EolKind;
use crate::cis::platform::PlatformDimension;
use crate::deployments::{DeploymentMethod, DeploymentResult, DeploymentRole};
use crate::improvement::measures::MeasureKind;
use crate::improvement::{InitiativeStatus, Priority, Step};
use crate::changes::conflicts::ConflictReason;
use crate::changes::review::ReviewOutcome;
use crate::changes::{ChangeState, ChangeType, Recurrence, WindowKind};
use crate::cis::{CiType, Environment, Lifecycle};
use crate::choices;
use crate::enums::Choice;
use crate::export::ExportFormat;
use crate::import::ImportPhase;
use crate::import_file::FileFormat;
use crate::incidents::communications::{Audience, CommsChannel};
use crate::incidents::{Channel, IncidentState, OnHoldReason};
use crate::knowledge::ArticleStatus;
use crate::links::{self, LinkType};
use crate::problems::detection::ClusterBasis;
use crate::problems::ProblemState;
use crate::record::RecordKind;
use crate::requests::{RequestState, TaskState};
use crate::risks::{ActionStatus, RatingKind, RiskStatus, Treatment};
use crate::security::controls::{ControlType, Effectiveness, Implementation, TestResult};
use crate::security::vulnerabilities::VulnerabilityStatus;
use crate::services::{Criticality, ServiceStatus};
use crate::settings::DateFormat;
use crate::sla::agreements::{AgreementKind, AppliesTo, Metric};
use crate::sla::clocks::ClockState;
use crate::sla::report::ComplianceBy;

/// One relation a record of kind `from` may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AllowedLink {
    pub from: RecordKind,
    pub link_type: LinkType,
    pub to: RecordKind,
}

/// The values and labels of every closed list, for the UI's pickers.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Choices {
    pub criticality: Vec<Choice>,
    pub service_status: Vec<Choice>,
    pub ci_type: Vec<Choice>,
    pub environment: Vec<Choice>,
    pub lifecycle: Vec<Choice>,
    pub link_type: Vec<Choice>,
    pub date_format: Vec<Choice>,
    pub incident_state: Vec<Choice>,
    /// The states in which an incident is still open work (the open queues).
    pub incident_open: Vec<IncidentState>,
    pub channel: Vec<Choice>,
    pub on_hold_reason: Vec<Choice>,
    pub article_status: Vec<Choice>,
    pub request_state: Vec<Choice>,
    /// The states in which a request is still open work.
    pub request_open: Vec<RequestState>,
    pub task_state: Vec<Choice>,
    pub audience: Vec<Choice>,
    pub comms_channel: Vec<Choice>,
    pub file_format: Vec<Choice>,
    pub import_phase: Vec<Choice>,
    pub agreement_kind: Vec<Choice>,
    pub sla_metric: Vec<Choice>,
    pub clock_state: Vec<Choice>,
    pub applies_to: Vec<Choice>,
    pub compliance_by: Vec<Choice>,
    pub treatment: Vec<Choice>,
    pub risk_status: Vec<Choice>,
    pub action_status: Vec<Choice>,
    pub rating_kind: Vec<Choice>,
    pub export_format: Vec<Choice>,
    pub control_type: Vec<Choice>,
    pub implementation: Vec<Choice>,
    pub effectiveness: Vec<Choice>,
    pub test_result: Vec<Choice>,
    pub vulnerability_status: Vec<Choice>,
    pub change_type: Vec<Choice>,
    pub change_state: Vec<Choice>,
    pub window_kind: Vec<Choice>,
    pub recurrence: Vec<Choice>,
    pub conflict_reason: Vec<Choice>,
    pub problem_state: Vec<Choice>,
    pub cluster_basis: Vec<Choice>,
    pub review_outcome: Vec<Choice>,
    pub vote: Vec<Choice>,
    pub decision: Vec<Choice>,
    pub assessment_status: Vec<Choice>,
    pub answer: Vec<Choice>,
    pub dimension: Vec<Choice>,
    pub initiative_status: Vec<Choice>,
    pub improvement_step: Vec<Choice>,
    pub priority_quadrant: Vec<Choice>,
    pub measure_kind: Vec<Choice>,
    pub deployment_result: Vec<Choice>,
    pub deployment_method: Vec<Choice>,
    pub deployment_role: Vec<Choice>,
    pub application_lifecycle: Vec<Choice>,
    pub time_quadrant: Vec<Choice>,
    pub debt_status: Vec<Choice>,
    pub feedback_kind: Vec<Choice>,
    pub feedback_status: Vec<Choice>,
    pub eol_kind: Vec<Choice>,
    pub capacity_status: Vec<Choice>,
    pub allocation_method: Vec<Choice>,
    pub satisfaction_by: Vec<Choice>,
    pub stakeholder_kind: Vec<Choice>,
    pub service_relation: Vec<Choice>,
    pub grid_quadrant: Vec<Choice>,
    pub engagement_kind: Vec<Choice>,
    pub report_section: Vec<Choice>,
    pub platform_dimension: Vec<Choice>,
    pub dora_metric: Vec<Choice>,
    /// The links a record may start, by the kinds at each end (`links::ALLOWED`).
    pub allowed_links: Vec<AllowedLink>,
    /// Every record kind: its label and the page that shows one (`record::RecordKind`).
    pub record_kind: Vec<KindChoice>,
}

/// A record kind as the window names and shows it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct KindChoice {
    pub value: RecordKind,
    pub label: String,
    /// The page showing one record, after `#/`; `{id}` stands for its id.
    pub page: Option<String>,
}

pub fn choices() -> Choices {
    Choices {
        criticality: choices!(Criticality),
        service_status: choices!(ServiceStatus),
        ci_type: choices!(CiType),
        environment: choices!(Environment),
        lifecycle: choices!(Lifecycle),
        link_type: choices!(LinkType),
        date_format: choices!(DateFormat),
        incident_state: choices!(IncidentState),
        incident_open: IncidentState::ALL.iter().copied().filter(|s| s.is_open()).collect(),
        channel: choices!(Channel),
        on_hold_reason: choices!(OnHoldReason),
        article_status: choices!(ArticleStatus),
        request_state: choices!(RequestState),
        request_open: RequestState::ALL.iter().copied().filter(|s| s.is_open()).collect(),
        task_state: choices!(TaskState),
        audience: choices!(Audience),
        comms_channel: choices!(CommsChannel),
        file_format: choices!(FileFormat),
        import_phase: choices!(ImportPhase),
        agreement_kind: choices!(AgreementKind),
        sla_metric: choices!(Metric),
        clock_state: choices!(ClockState),
        applies_to: choices!(AppliesTo),
        compliance_by: choices!(ComplianceBy),
        treatment: choices!(Treatment),
        risk_status: choices!(RiskStatus),
        action_status: choices!(ActionStatus),
        rating_kind: choices!(RatingKind),
        export_format: choices!(ExportFormat),
        control_type: choices!(ControlType),
        implementation: choices!(Implementation),
        effectiveness: choices!(Effectiveness),
        test_result: choices!(TestResult),
        vulnerability_status: choices!(VulnerabilityStatus),
        change_type: choices!(ChangeType),
        change_state: choices!(ChangeState),
        window_kind: choices!(WindowKind),
        recurrence: choices!(Recurrence),
        conflict_reason: choices!(ConflictReason),
        problem_state: choices!(ProblemState),
        cluster_basis: choices!(ClusterBasis),
        review_outcome: choices!(ReviewOutcome),
        vote: choices!(Vote),
        decision: choices!(Decision),
        assessment_status: choices!(AssessmentStatus),
        answer: choices!(Answer),
        dimension: choices!(Dimension),
        initiative_status: choices!(InitiativeStatus),
        improvement_step: choices!(Step),
        priority_quadrant: choices!(Priority),
        measure_kind: choices!(MeasureKind),
        deployment_result: choices!(DeploymentResult),
        deployment_method: choices!(DeploymentMethod),
        deployment_role: choices!(DeploymentRole),
        application_lifecycle: choices!(ApplicationLifecycle),
        time_quadrant: choices!(TimeQuadrant),
        debt_status: choices!(DebtStatus),
        feedback_kind: choices!(FeedbackKind),
        feedback_status: choices!(FeedbackStatus),
        eol_kind: choices!(EolKind),
        capacity_status: choices!(CapacityStatus),
        allocation_method: choices!(AllocationMethod),
        satisfaction_by: choices!(SatisfactionBy),
        stakeholder_kind: choices!(StakeholderKind),
        service_relation: choices!(ServiceRelation),
        grid_quadrant: choices!(GridQuadrant),
        engagement_kind: choices!(EngagementKind),
        report_section: choices!(ReportSection),
        platform_dimension: choices!(PlatformDimension),
        dora_metric: choices!(DoraMetric),
        allowed_links: links::ALLOWED.iter().map(|&(from, link_type, to)| AllowedLink { from, link_type, to }).collect(),
        record_kind: RecordKind::ALL.iter().map(|&k| KindChoice { value: k, label: k.label().into(), page: k.page().map(str::to_string) }).collect(),
    }
}