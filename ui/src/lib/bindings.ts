// Generated from the Rust types and the command table by `src-tauri/src/bindings.rs`. Do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p steward --lib

import type { Channel } from "@tauri-apps/api/core";
import { call } from "./ipc";

/** Every command, with its arguments and result as its Rust signature says; errors reject with an AppError. */
export const commands = {
  appStatus: () => call<AppStatus>("app_status"),
  trailStatus: () => call<TrailStatus>("trail_status"),
  openStartWorkspace: () => call<AppStatus>("open_start_workspace"),
  setIdentity: (name: string, email: string) => call<AppStatus>("set_identity", { name, email }),
  createStartWorkspace: (demo: boolean) => call<AppStatus>("create_start_workspace", { demo }),
  newWorkspace: () => call<AppStatus>("new_workspace"),
  openWorkspaceDialog: () => call<AppStatus>("open_workspace_dialog"),
  openWorkspace: (path: string, password: string | null) => call<AppStatus>("open_workspace", { path, password }),
  backupWorkspace: () => call<BackupReport | null>("backup_workspace"),
  restoreWorkspace: () => call<AppStatus>("restore_workspace"),
  checkWorkspace: () => call<CheckReport>("check_workspace"),
  encryptWorkspace: (password: string) => call<AppStatus>("encrypt_workspace", { password }),
  copyInClear: () => call<BackupReport | null>("copy_in_clear"),
  workspaceSummary: () => call<Summary>("workspace_summary"),
  valueChain: () => call<Activity[]>("value_chain"),
  valueStream: (record: RecordRef) => call<ValueStream>("value_stream", { record }),
  valueStreamChart: (record: RecordRef, theme: Theme) => call<string>("value_stream_chart", { record, theme }),
  streamMedians: (service: number | null, from: string, to: string) => call<StepMedian[]>("stream_medians", { service, from, to }),
  search: (text: string) => call<SearchHit[]>("search", { text }),
  findRecords: (kind: RecordKind, text: string) => call<Named[]>("find_records", { kind, text }),
  auditTrail: (request: ListRequest) => call<Page<AuditEntry>>("audit_trail", { request }),
  exportAudit: (format: AuditExportFormat) => call<number | null>("export_audit", { format }),
  setUnsaved: (unsaved: boolean) => call<void>("set_unsaved", { unsaved }),
  closeWindow: () => call<void>("close_window"),
  getSettings: () => call<Settings>("get_settings"),
  updateSettings: (settings: Settings) => call<Settings>("update_settings", { settings }),
  timeZones: () => call<string[]>("time_zones"),
  whoami: () => call<Me>("whoami"),
  listServices: (request: ListRequest) => call<Page<Service>>("list_services", { request }),
  getService: (id: ServiceId) => call<Service>("get_service", { id }),
  createService: (input: ServiceInput) => call<Service>("create_service", { input }),
  updateService: (id: ServiceId, input: ServiceInput) => call<Service>("update_service", { id, input }),
  deleteService: (id: ServiceId, removeLinks: boolean) => call<void>("delete_service", { id, remove_links: removeLinks }),
  listCis: (request: ListRequest) => call<Page<Ci>>("list_cis", { request }),
  ciLifecycle: (id: CiId) => call<CiLifecycle>("ci_lifecycle", { id }),
  setCiLifecycle: (id: CiId, input: CiLifecycle) => call<CiLifecycle>("set_ci_lifecycle", { id, input }),
  eolRadar: (months: number) => call<EolItem[]>("eol_radar", { months }),
  eolByService: (months: number) => call<EolByService[]>("eol_by_service", { months }),
  eolTimeline: (months: number, theme: Theme) => call<string>("eol_timeline", { months, theme }),
  raiseEndOfLifeRisk: (ci: CiId, kind: EolKind) => call<RiskDetail>("raise_end_of_life_risk", { ci, kind }),
  impactAnalysis: (id: CiId) => call<ImpactAnalysis>("impact_analysis", { id }),
  impactGraph: (id: CiId, theme: Theme) => call<ImpactGraph>("impact_graph", { id, theme }),
  capacityMetrics: (ci: CiId) => call<CapacityMetric[]>("capacity_metrics", { ci }),
  capacityMetric: (id: MetricId) => call<MetricDetail>("capacity_metric", { id }),
  createCapacityMetric: (ci: CiId, input: MetricInput) => call<CapacityMetric>("create_capacity_metric", { ci, input }),
  updateCapacityMetric: (id: MetricId, input: MetricInput) => call<CapacityMetric>("update_capacity_metric", { id, input }),
  deleteCapacityMetric: (id: MetricId) => call<void>("delete_capacity_metric", { id }),
  recordCapacityMeasurement: (id: MetricId, input: MeasurementInput) => call<MetricDetail>("record_capacity_measurement", { id, input }),
  deleteCapacityMeasurement: (id: MetricId, measurement: number) => call<MetricDetail>("delete_capacity_measurement", { id, measurement }),
  capacityChart: (id: MetricId, theme: Theme) => call<string>("capacity_chart", { id, theme }),
  capacityRunningOut: (days: number) => call<CapacityMetric[]>("capacity_running_out", { days }),
  platformView: (by: PlatformDimension) => call<PlatformRow[]>("platform_view", { by }),
  listDiscoveries: () => call<Discovery[]>("list_discoveries"),
  acceptDiscoveries: (id: number | null) => call<AcceptReport>("accept_discoveries", { id }),
  mergeDiscovery: (id: number, ci: CiId) => call<AcceptReport>("merge_discovery", { id, ci }),
  ignoreDiscovery: (id: number) => call<void>("ignore_discovery", { id }),
  importNmapScan: () => call<NmapReport | null>("import_nmap_scan"),
  getCi: (id: CiId) => call<Ci>("get_ci", { id }),
  createCi: (input: CiInput) => call<Ci>("create_ci", { input }),
  updateCi: (id: CiId, input: CiInput) => call<Ci>("update_ci", { id, input }),
  deleteCi: (id: CiId, removeLinks: boolean) => call<void>("delete_ci", { id, remove_links: removeLinks }),
  impactOfCi: (id: CiId) => call<Impact>("impact_of_ci", { id }),
  linksOf: (record: RecordRef) => call<LinkView[]>("links_of", { record }),
  createLink: (link: NewLink) => call<LinkView>("create_link", { link }),
  deleteLink: (id: LinkId) => call<void>("delete_link", { id }),
  recordHistory: (record: RecordRef, after: Cursor | null) => call<Page<AuditEntry>>("record_history", { record, after }),
  choices: () => call<Choices>("choices"),
  listPeople: (request: ListRequest) => call<Page<Person>>("list_people", { request }),
  createPerson: (input: PersonInput) => call<Person>("create_person", { input }),
  updatePerson: (id: PersonId, input: PersonInput) => call<Person>("update_person", { id, input }),
  deletePerson: (id: PersonId) => call<void>("delete_person", { id }),
  listGroups: (request: ListRequest) => call<Page<Group>>("list_groups", { request }),
  createGroup: (input: GroupInput) => call<Group>("create_group", { input }),
  updateGroup: (id: GroupId, input: GroupInput) => call<Group>("update_group", { id, input }),
  deleteGroup: (id: GroupId) => call<void>("delete_group", { id }),
  listVendors: (request: ListRequest) => call<Page<Vendor>>("list_vendors", { request }),
  createVendor: (input: VendorInput) => call<Vendor>("create_vendor", { input }),
  updateVendor: (id: VendorId, input: VendorInput) => call<Vendor>("update_vendor", { id, input }),
  deleteVendor: (id: VendorId) => call<void>("delete_vendor", { id }),
  listIncidents: (request: ListRequest) => call<Page<Incident>>("list_incidents", { request }),
  getIncident: (id: IncidentId) => call<IncidentDetail>("get_incident", { id }),
  incidentNotes: (id: IncidentId) => call<Note[]>("incident_notes", { id }),
  logIncident: (input: IncidentInput) => call<Incident>("log_incident", { input }),
  updateIncident: (id: IncidentId, input: IncidentInput) => call<Incident>("update_incident", { id, input }),
  transitionIncident: (id: IncidentId, transition: Transition) => call<Incident>("transition_incident", { id, transition }),
  addIncidentNote: (id: IncidentId, body: string, visibleToCaller: boolean) => call<void>("add_incident_note", { id, body, visible_to_caller: visibleToCaller }),
  incidentStats: () => call<IncidentStats>("incident_stats"),
  getPriorityMatrix: () => call<PriorityMatrix>("get_priority_matrix"),
  setPriorityMatrix: (matrix: PriorityMatrix) => call<PriorityMatrix>("set_priority_matrix", { matrix }),
  exportIncidents: (format: ExportFormat, request: ListRequest) => call<ExportReport | null>("export_incidents", { format, request }),
  deskFigures: () => call<DeskFigures>("desk_figures"),
  getAutoCloseDays: () => call<number>("get_auto_close_days"),
  setAutoCloseDays: (days: number) => call<number>("set_auto_close_days", { days }),
  savedViews: (list: ViewList) => call<SavedView[]>("saved_views", { list }),
  saveView: (view: SavedView) => call<SavedView[]>("save_view", { view }),
  deleteView: (list: ViewList, name: string) => call<SavedView[]>("delete_view", { list, name }),
  listArticles: (request: ListRequest) => call<Page<Article>>("list_articles", { request }),
  getArticle: (id: ArticleId) => call<Article>("get_article", { id }),
  createArticle: (input: ArticleInput) => call<Article>("create_article", { input }),
  updateArticle: (id: ArticleId, input: ArticleInput) => call<Article>("update_article", { id, input }),
  suggestArticles: (text: string) => call<Article[]>("suggest_articles", { text }),
  incidentCommunications: (id: IncidentId) => call<Communication[]>("incident_communications", { id }),
  logCommunication: (id: IncidentId, input: CommunicationInput) => call<Communication>("log_communication", { id, input }),
  incidentCost: (id: IncidentId) => call<IncidentCost>("incident_cost", { id }),
  addIncidentCost: (id: IncidentId, input: CostLineInput) => call<IncidentCost>("add_incident_cost", { id, input }),
  removeIncidentCost: (id: IncidentId, line: number) => call<IncidentCost>("remove_incident_cost", { id, line }),
  listCatalogue: (request: ListRequest) => call<Page<CatalogueItem>>("list_catalogue", { request }),
  getCatalogueItem: (id: CatalogueItemId) => call<CatalogueItem>("get_catalogue_item", { id }),
  createCatalogueItem: (input: CatalogueItemInput) => call<CatalogueItem>("create_catalogue_item", { input }),
  updateCatalogueItem: (id: CatalogueItemId, input: CatalogueItemInput) => call<CatalogueItem>("update_catalogue_item", { id, input }),
  listRequests: (request: ListRequest) => call<Page<Request>>("list_requests", { request }),
  getRequest: (id: RequestId) => call<RequestDetail>("get_request", { id }),
  raiseRequest: (input: RequestInput) => call<RequestDetail>("raise_request", { input }),
  updateRequest: (id: RequestId, input: RequestInput) => call<RequestDetail>("update_request", { id, input }),
  transitionRequest: (id: RequestId, transition: RequestTransition) => call<RequestDetail>("transition_request", { id, transition }),
  updateRequestTask: (id: RequestTaskId, update: TaskUpdate) => call<RequestDetail>("update_request_task", { id, update }),
  pickImportFile: () => call<ImportPreview | null>("pick_import_file"),
  previewImport: (format: FileFormat | null) => call<ImportPreview>("preview_import", { format }),
  importValues: (format: FileFormat, mapping: Array<string | null> | null) => call<FieldValues[]>("import_values", { format, mapping }),
  runImport: (format: FileFormat, tz: string, dateOrder: DateOrder | null, mapping: Array<string | null> | null, values: ValueMap | null, name: string | null, onProgress: Channel<ImportProgress>) => call<ImportOutcome>("run_import", { format, tz, date_order: dateOrder, mapping, values, name, on_progress: onProgress }),
  cancelImport: () => call<void>("cancel_import"),
  listImports: () => call<ImportRun[]>("list_imports"),
  undoImport: (id: ImportId) => call<UndoReport>("undo_import", { id }),
  slaWhatIf: (question: WhatIf) => call<CaseResult>("sla_what_if", { question }),
  listCalendars: () => call<StoredCalendar[]>("list_calendars"),
  listAgreements: () => call<Agreement[]>("list_agreements"),
  listSlaTargets: () => call<Target[]>("list_sla_targets"),
  slaReport: (from: string | null, to: string | null) => call<ReportRow[]>("sla_report", { from, to }),
  slaCompliance: (by: ComplianceBy, from: string | null, to: string | null) => call<ComplianceRow[]>("sla_compliance", { by, from, to }),
  slaBreaches: (from: string | null, to: string | null) => call<Breach[]>("sla_breaches", { from, to }),
  incidentClocks: (id: IncidentId) => call<ClockView[]>("incident_clocks", { id }),
  requestClocks: (id: RequestId) => call<ClockView[]>("request_clocks", { id }),
  explainClocks: (kind: AppliesTo, id: number) => call<ClockExplanation[]>("explain_clocks", { kind, id }),
  slaTrend: (goalPct: number, period: TrendPeriod, theme: Theme) => call<string>("sla_trend", { goal_pct: goalPct, period, theme }),
  exportSlaTrend: (png: boolean, goalPct: number, period: TrendPeriod, theme: Theme) => call<string | null>("export_sla_trend", { png, goal_pct: goalPct, period, theme }),
  saveCalendar: (id: CalendarId | null, name: string, spec: CalendarSpec) => call<StoredCalendar>("save_calendar", { id, name, spec }),
  pickHolidays: (fromYear: number | null, toYear: number | null) => call<Holiday[] | null>("pick_holidays", { from_year: fromYear, to_year: toYear }),
  createAgreement: (input: AgreementInput) => call<Agreement>("create_agreement", { input }),
  updateAgreement: (id: AgreementId, input: AgreementInput) => call<Agreement>("update_agreement", { id, input }),
  createSlaTarget: (input: TargetInput) => call<Target>("create_sla_target", { input }),
  updateSlaTarget: (id: TargetId, input: TargetInput) => call<Target>("update_sla_target", { id, input }),
  getRiskMatrix: () => call<RiskMatrix>("get_risk_matrix"),
  setRiskMatrix: (matrix: RiskMatrix) => call<ReRating>("set_risk_matrix", { matrix }),
  resizedRiskMatrix: (matrix: RiskMatrix, likelihood: number, impact: number) => call<RiskMatrix>("resized_risk_matrix", { matrix, likelihood, impact }),
  previewRiskMatrix: (matrix: RiskMatrix) => call<RiskMove[]>("preview_risk_matrix", { matrix }),
  listRisks: (request: ListRequest) => call<Page<Risk>>("list_risks", { request }),
  getRisk: (id: RiskId) => call<RiskDetail>("get_risk", { id }),
  createRisk: (input: RiskInput) => call<RiskDetail>("create_risk", { input }),
  updateRisk: (id: RiskId, input: RiskInput) => call<RiskDetail>("update_risk", { id, input }),
  saveRiskAction: (risk: RiskId, action: number | null, input: RiskActionInput) => call<RiskDetail>("save_risk_action", { risk, action, input }),
  riskHeatmap: (rating: RatingKind, theme: Theme) => call<Heatmap>("risk_heatmap", { rating, theme }),
  exportRiskHeatmap: (png: boolean, rating: RatingKind, theme: Theme) => call<string | null>("export_risk_heatmap", { png, rating, theme }),
  exportRisks: (format: ExportFormat, request: ListRequest) => call<ExportReport | null>("export_risks", { format, request }),
  riskTrend: (theme: Theme) => call<string>("risk_trend", { theme }),
  cvssScore: (vector: string) => call<CvssScore>("cvss_score", { vector }),
  listControls: (request: ListRequest) => call<Page<Control>>("list_controls", { request }),
  getControl: (id: ControlId) => call<ControlDetail>("get_control", { id }),
  createControl: (input: ControlInput) => call<ControlDetail>("create_control", { input }),
  updateControl: (id: ControlId, input: ControlInput) => call<ControlDetail>("update_control", { id, input }),
  recordControlTest: (id: ControlId, input: ControlTestInput) => call<ControlDetail>("record_control_test", { id, input }),
  attachEvidence: (test: number) => call<EvidenceFile | null>("attach_evidence", { test }),
  openEvidence: (id: number) => call<string>("open_evidence", { id }),
  listFrameworks: () => call<Framework[]>("list_frameworks"),
  addNistCsf: () => call<FrameworkId>("add_nist_csf"),
  frameworkRequirements: (id: FrameworkId) => call<Requirement[]>("framework_requirements", { id }),
  frameworkCoverage: (id: FrameworkId) => call<Coverage[]>("framework_coverage", { id }),
  setControlRequirements: (id: ControlId, requirements: number[]) => call<ControlDetail>("set_control_requirements", { id, requirements }),
  setApplicability: (requirement: number, applicable: boolean, justification: string) => call<void>("set_applicability", { requirement, applicable, justification }),
  exportSoa: (id: FrameworkId, format: ExportFormat) => call<ExportReport | null>("export_soa", { id, format }),
  listVulnerabilities: (request: ListRequest) => call<Page<Vulnerability>>("list_vulnerabilities", { request }),
  getVulnerability: (id: VulnerabilityId) => call<Vulnerability>("get_vulnerability", { id }),
  createVulnerability: (input: VulnerabilityInput) => call<Vulnerability>("create_vulnerability", { input }),
  updateVulnerability: (id: VulnerabilityId, input: VulnerabilityInput) => call<Vulnerability>("update_vulnerability", { id, input }),
  getVulnerabilityDueDays: () => call<DueDays>("get_vulnerability_due_days"),
  setVulnerabilityDueDays: (days: DueDays) => call<number>("set_vulnerability_due_days", { days }),
  classifyIncident: (id: IncidentId, class_: SecurityClass | null) => call<Incident>("classify_incident", { id, class: class_ }),
  listChanges: (request: ListRequest) => call<Page<Change>>("list_changes", { request }),
  getChange: (id: ChangeId) => call<ChangeDetail>("get_change", { id }),
  createChange: (input: ChangeInput) => call<Change>("create_change", { input }),
  updateChange: (id: ChangeId, input: ChangeInput) => call<Change>("update_change", { id, input }),
  transitionChange: (id: ChangeId, to: ChangeState, blackoutReason: string | null) => call<Change>("transition_change", { id, to, blackout_reason: blackoutReason }),
  changeConflicts: () => call<ConflictView[]>("change_conflicts"),
  listChangeWindows: () => call<ChangeWindow[]>("list_change_windows"),
  createChangeWindow: (input: WindowInput) => call<ChangeWindow>("create_change_window", { input }),
  changeFigures: () => call<ChangeFigures>("change_figures"),
  changeQuestionnaire: () => call<Questionnaire>("change_questionnaire"),
  setChangeQuestionnaire: (questionnaire: Questionnaire) => call<Questionnaire>("set_change_questionnaire", { questionnaire }),
  assessChange: (id: ChangeId, answers: number[]) => call<Change>("assess_change", { id, answers }),
  voteOnChange: (id: ChangeId, input: VoteInput) => call<Authorization>("vote_on_change", { id, input }),
  reviewChange: (id: ChangeId, input: ReviewInput) => call<Review>("review_change", { id, input }),
  listChangeBoards: () => call<Board[]>("list_change_boards"),
  saveChangeBoard: (id: number | null, input: BoardInput) => call<Board>("save_change_board", { id, input }),
  listChangeAuthorities: () => call<Authority[]>("list_change_authorities"),
  setChangeAuthority: (changeType: ChangeType, risk: string, boardId: number | null, approvalsNeeded: number) => call<Authority[]>("set_change_authority", { change_type: changeType, risk, board_id: boardId, approvals_needed: approvalsNeeded }),
  listChangeTemplates: () => call<Template[]>("list_change_templates"),
  saveChangeTemplate: (id: number | null, input: TemplateInput) => call<Template>("save_change_template", { id, input }),
  changeCalendar: (from: string, to: string) => call<Calendar>("change_calendar", { from, to }),
  deleteChangeWindow: (id: number) => call<void>("delete_change_window", { id }),
  suggestKnownErrors: (query: KnownErrorQuery) => call<Problem[]>("suggest_known_errors", { query }),
  linkProblemIncidents: (id: ProblemId, incidents: number[]) => call<number>("link_problem_incidents", { id, incidents }),
  problemFigures: () => call<ProblemFigures>("problem_figures"),
  listProblems: (request: ListRequest) => call<Page<Problem>>("list_problems", { request }),
  getProblem: (id: ProblemId) => call<Problem>("get_problem", { id }),
  createProblem: (input: ProblemInput, incidents: number[]) => call<Problem>("create_problem", { input, incidents }),
  updateProblem: (id: ProblemId, input: ProblemInput) => call<Problem>("update_problem", { id, input }),
  transitionProblem: (id: ProblemId, to: ProblemState) => call<Problem>("transition_problem", { id, to }),
  problemCandidates: (input: DetectionInput) => call<Candidate[]>("problem_candidates", { input }),
  knownErrorsFor: (incident: IncidentId) => call<Problem[]>("known_errors_for", { incident }),
  listAssessments: () => call<Assessment[]>("list_assessments"),
  createAssessment: (input: AssessmentInput) => call<Assessment>("create_assessment", { input }),
  updateAssessment: (id: AssessmentId, input: AssessmentInput) => call<Assessment>("update_assessment", { id, input }),
  transitionAssessment: (id: AssessmentId, to: AssessmentStatus) => call<Assessment>("transition_assessment", { id, to }),
  assessmentResults: (id: AssessmentId) => call<Results>("assessment_results", { id }),
  assessmentItems: (id: AssessmentId) => call<Item[]>("assessment_items", { id }),
  answerCriterion: (id: AssessmentId, criterion: CriterionId, answer: Answer | null, note: string) => call<Item>("answer_criterion", { id, criterion, answer, note }),
  setAssessmentPractice: (id: AssessmentId, practice: string, target: number | null, notes: string) => call<Assessment>("set_assessment_practice", { id, practice, target, notes }),
  compareAssessments: (a: AssessmentId, b: AssessmentId) => call<Comparison>("compare_assessments", { a, b }),
  assessmentRadar: (id: AssessmentId, earlier: AssessmentId | null, theme: Theme) => call<string>("assessment_radar", { id, earlier, theme }),
  exportAssessmentRadar: (png: boolean, id: AssessmentId, earlier: AssessmentId | null, theme: Theme) => call<string | null>("export_assessment_radar", { png, id, earlier, theme }),
  listCriteria: () => call<Criterion[]>("list_criteria"),
  addCriterion: (input: CriterionInput) => call<Criterion>("add_criterion", { input }),
  updateCriterion: (id: CriterionId, input: CriterionInput) => call<Criterion>("update_criterion", { id, input }),
  deleteCriterion: (id: CriterionId) => call<void>("delete_criterion", { id }),
  itilPractices: () => call<Practice[]>("itil_practices"),
  practiceFacts: (practice: string) => call<Fact[]>("practice_facts", { practice }),
  exportAssessment: (id: AssessmentId, format: ExportFormat) => call<ExportReport | null>("export_assessment", { id, format }),
  assessmentEvidence: (id: AssessmentId) => call<AnswerEvidence[]>("assessment_evidence", { id }),
  attachAnswerFile: (id: AssessmentId, criterion: CriterionId) => call<AnswerEvidence | null>("attach_answer_file", { id, criterion }),
  attachAnswerRecord: (id: AssessmentId, criterion: CriterionId, record: RecordRef) => call<AnswerEvidence>("attach_answer_record", { id, criterion, record }),
  removeAnswerEvidence: (evidence: number) => call<void>("remove_answer_evidence", { evidence }),
  openAnswerEvidence: (evidence: number) => call<string>("open_answer_evidence", { evidence }),
  getEvidenceRule: () => call<EvidenceRule>("get_evidence_rule"),
  setEvidenceRule: (rule: EvidenceRule) => call<EvidenceRule>("set_evidence_rule", { rule }),
  listInitiatives: (request: ListRequest) => call<Page<Initiative>>("list_initiatives", { request }),
  getInitiative: (id: InitiativeId) => call<InitiativeDetail>("get_initiative", { id }),
  createInitiative: (input: InitiativeInput, motivatedBy: RecordRef[]) => call<InitiativeDetail>("create_initiative", { input, motivated_by: motivatedBy }),
  updateInitiative: (id: InitiativeId, input: InitiativeInput) => call<InitiativeDetail>("update_initiative", { id, input }),
  transitionInitiative: (id: InitiativeId, to: InitiativeStatus) => call<InitiativeDetail>("transition_initiative", { id, to }),
  setInitiativeStep: (id: InitiativeId, step: Step, notes: string, doneOn: string | null) => call<InitiativeDetail>("set_initiative_step", { id, step, notes, done_on: doneOn }),
  addMeasure: (initiative: InitiativeId, input: MeasureInput) => call<InitiativeDetail>("add_measure", { initiative, input }),
  recordMeasureValue: (measure: MeasureId, day: string, value: number) => call<InitiativeDetail>("record_measure_value", { measure, day, value }),
  measureTrend: (measure: MeasureId, theme: Theme) => call<string>("measure_trend", { measure, theme }),
  initiativeFromGap: (assessment: AssessmentId, practice: string) => call<InitiativeDetail>("initiative_from_gap", { assessment, practice }),
  improvementFigures: () => call<ImprovementFigures>("improvement_figures"),
  sampleMeasures: () => call<number>("sample_measures"),
  listDeployments: (request: ListRequest) => call<Page<Deployment>>("list_deployments", { request }),
  getDeployment: (id: DeploymentId) => call<Deployment>("get_deployment", { id }),
  createDeployment: (input: DeploymentInput) => call<Deployment>("create_deployment", { input }),
  updateDeployment: (id: DeploymentId, input: DeploymentInput) => call<Deployment>("update_deployment", { id, input }),
  logDeploymentIncident: (id: DeploymentId, title: string) => call<Incident>("log_deployment_incident", { id, title }),
  relatedDeployments: (record: RecordRef) => call<RelatedDeployment[]>("related_deployments", { record }),
  deploymentCommits: (id: DeploymentId) => call<DeploymentCommit[]>("deployment_commits", { id }),
  listReleases: (request: ListRequest) => call<Page<Release>>("list_releases", { request }),
  getRelease: (id: ReleaseId) => call<ReleaseDetail>("get_release", { id }),
  createRelease: (input: ReleaseInput) => call<ReleaseDetail>("create_release", { input }),
  updateRelease: (id: ReleaseId, input: ReleaseInput) => call<ReleaseDetail>("update_release", { id, input }),
  setDeploymentRelease: (deployment: DeploymentId, release: ReleaseId | null) => call<Deployment>("set_deployment_release", { deployment, release }),
  listEnvironments: () => call<DeploymentEnvironment[]>("list_environments"),
  saveEnvironment: (id: number | null, input: EnvironmentInput) => call<DeploymentEnvironment[]>("save_environment", { id, input }),
  moveEnvironment: (id: number, earlier: boolean) => call<DeploymentEnvironment[]>("move_environment", { id, earlier }),
  serviceEnvironments: (service: number) => call<DeploymentEnvironment[]>("service_environments", { service }),
  setServiceEnvironments: (service: number, environments: number[]) => call<DeploymentEnvironment[]>("set_service_environments", { service, environments }),
  doraFigures: (query: DoraQuery) => call<DoraFigures>("dora_figures", { query }),
  doraBands: () => call<DoraBands>("dora_bands"),
  setDoraBands: (bands: DoraBands) => call<DoraBands>("set_dora_bands", { bands }),
  doraTrend: (query: DoraQuery, metric: DoraMetric, theme: Theme) => call<DoraTrend>("dora_trend", { query, metric, theme }),
  exportDeployments: (format: ExportFormat) => call<ExportReport | null>("export_deployments", { format }),
  importGitDeployments: (target: GitTarget) => call<GitImport | null>("import_git_deployments", { target }),
  listApplications: (request: ListRequest) => call<Page<Application>>("list_applications", { request }),
  getApplication: (id: ApplicationId) => call<ApplicationDetail>("get_application", { id }),
  createApplication: (input: ApplicationInput) => call<Application>("create_application", { input }),
  updateApplication: (id: ApplicationId, input: ApplicationInput) => call<Application>("update_application", { id, input }),
  importApplicationSbom: (application: string) => call<SbomReport | null>("import_application_sbom", { application }),
  copyleftList: () => call<CopyleftList>("copyleft_list"),
  setCopyleftList: (list: CopyleftList) => call<CopyleftList>("set_copyleft_list", { list }),
  applicationPortfolio: (id: ApplicationId) => call<Portfolio>("application_portfolio", { id }),
  setApplicationRationalisation: (id: ApplicationId, input: Rationalisation) => call<Portfolio>("set_application_rationalisation", { id, input }),
  recordApplicationQuality: (id: ApplicationId, input: QualityFigures) => call<Portfolio>("record_application_quality", { id, input }),
  addTechnicalDebt: (id: ApplicationId, input: DebtInput) => call<Portfolio>("add_technical_debt", { id, input }),
  updateTechnicalDebt: (id: ApplicationId, debt: number, input: DebtInput) => call<Portfolio>("update_technical_debt", { id, debt, input }),
  addApplicationFeedback: (id: ApplicationId, input: FeedbackInput) => call<Portfolio>("add_application_feedback", { id, input }),
  updateApplicationFeedback: (id: ApplicationId, feedback: number, status: FeedbackStatus, releaseId: number | null) => call<Portfolio>("update_application_feedback", { id, feedback, status, release_id: releaseId }),
  timePortfolio: () => call<TimeItem[]>("time_portfolio"),
  timeChart: (theme: Theme) => call<string>("time_chart", { theme }),
  financeSettings: () => call<FinanceSettings>("finance_settings"),
  setFinanceSettings: (settings: FinanceSettings) => call<FinanceSettings>("set_finance_settings", { settings }),
  exchangeRates: () => call<ExchangeRate[]>("exchange_rates"),
  setExchangeRate: (rate: ExchangeRate) => call<ExchangeRate[]>("set_exchange_rate", { rate }),
  costPools: () => call<CostPool[]>("cost_pools"),
  saveCostPool: (id: number | null, name: string, tower: string) => call<CostPool[]>("save_cost_pool", { id, name, tower }),
  allocationRules: () => call<AllocationRule[]>("allocation_rules"),
  setAllocationRule: (scope: RuleScope, service: number, method: AllocationMethod | null, share: string | null, driver: string | null) => call<AllocationRule[]>("set_allocation_rule", { scope, service, method, share, driver }),
  allocateCosts: (from: string, to: string) => call<Allocation>("allocate_costs", { from, to }),
  showbackStatements: (from: string, to: string) => call<Showback>("showback_statements", { from, to }),
  saveReport: (sections: ReportSection[], format: ReportFormat) => call<ReportOutcome | null>("save_report", { sections, format }),
  assessorKey: () => call<PublicKeyInfo | null>("assessor_key"),
  makeAssessorKey: (passphrase: string | null) => call<PublicKeyInfo>("make_assessor_key", { passphrase }),
  createEvidenceBundle: (passphrase: string | null) => call<BundleReport | null>("create_evidence_bundle", { passphrase }),
  verifyEvidenceBundle: (publicKey: string | null) => call<BundleVerification | null>("verify_evidence_bundle", { public_key: publicKey }),
  openEvidenceBundle: () => call<OpenedBundle | null>("open_evidence_bundle"),
  ciRunCosts: (from: string, to: string) => call<RunCosts>("ci_run_costs", { from, to }),
  exportShowbackStatement: (from: string, to: string, stakeholder: number) => call<ExportReport | null>("export_showback_statement", { from, to, stakeholder }),
  setBudget: (input: BudgetInput) => call<BudgetVsActual>("set_budget", { input }),
  budgetVsActual: (fiscalYear: number, costCentre: string, service: number | null) => call<BudgetVsActual>("budget_vs_actual", { fiscal_year: fiscalYear, cost_centre: costCentre, service }),
  budgetChart: (fiscalYear: number, costCentre: string, service: number | null, theme: Theme) => call<string>("budget_chart", { fiscal_year: fiscalYear, cost_centre: costCentre, service, theme }),
  satisfactionFigures: (by: SatisfactionBy, service: number | null) => call<SatisfactionRow[]>("satisfaction_figures", { by, service }),
  satisfactionTrend: (service: number | null, theme: Theme) => call<string>("satisfaction_trend", { service, theme }),
  surveyComments: (text: string, service: number | null) => call<SurveyComment[]>("survey_comments", { text, service }),
  recordSurveyResponse: (input: ResponseInput) => call<void>("record_survey_response", { input }),
  listStakeholders: (request: ListRequest) => call<Page<Stakeholder>>("list_stakeholders", { request }),
  getStakeholder: (id: StakeholderId) => call<StakeholderDetail>("get_stakeholder", { id }),
  createStakeholder: (input: StakeholderInput) => call<StakeholderDetail>("create_stakeholder", { input }),
  updateStakeholder: (id: StakeholderId, input: StakeholderInput) => call<StakeholderDetail>("update_stakeholder", { id, input }),
  deleteStakeholder: (id: StakeholderId) => call<void>("delete_stakeholder", { id }),
  stakeholderGrid: (theme: Theme) => call<QuadrantChart>("stakeholder_grid", { theme }),
  listEngagements: (request: ListRequest) => call<Page<Engagement>>("list_engagements", { request }),
  logEngagement: (input: EngagementInput) => call<Engagement>("log_engagement", { input }),
  updateEngagement: (id: EngagementId, input: EngagementInput) => call<Engagement>("update_engagement", { id, input }),
  setCommitmentDone: (id: EngagementId, done: boolean) => call<Engagement>("set_commitment_done", { id, done }),
  listServiceReviews: (service: number | null) => call<ServiceReview[]>("list_service_reviews", { service }),
  getServiceReview: (id: ReviewId) => call<ReviewDetail>("get_service_review", { id }),
  createServiceReview: (input: ServiceReviewInput) => call<ReviewDetail>("create_service_review", { input }),
  updateServiceReview: (id: ReviewId, input: ServiceReviewInput) => call<ReviewDetail>("update_service_review", { id, input }),
  addReviewAction: (id: ReviewId, input: ReviewActionInput) => call<ReviewDetail>("add_review_action", { id, input }),
  reviewActionToInitiative: (id: ReviewId, action: number) => call<ReviewDetail>("review_action_to_initiative", { id, action }),
  exportServiceReview: (id: ReviewId) => call<ExportReport | null>("export_service_review", { id }),
  vulnerabilityCarriers: (id: number) => call<Carrier[]>("vulnerability_carriers", { id }),
};

export type CommandError = { kind: ErrorKind, message: string, field: string | null, };

export type ErrorKind = "validation" | "not_found" | "conflict" | "workspace_missing" | "workspace_exists" | "not_a_workspace" | "newer_version" | "read_only" | "locked" | "corrupt" | "needs_password" | "wrong_password" | "storage" | "io" | "cancelled" | "no_workspace" | "no_identity" | "internal";

export type RecordKind = "service" | "ci" | "person" | "group" | "vendor" | "incident" | "article" | "request" | "catalogue_item" | "risk" | "control" | "vulnerability" | "change" | "problem" | "agreement" | "sla_target" | "calendar" | "change_window" | "change_template" | "change_board" | "import" | "framework" | "requirement" | "assessment" | "criterion" | "initiative" | "deployment" | "release" | "application" | "component" | "capacity_metric" | "capacity_measurement" | "product_lifecycle" | "quality_figures" | "cost_pool" | "ledger_line" | "allocation_rule" | "stakeholder" | "engagement" | "service_review" | "survey_response" | "link" | "setting" | "workspace";

export type RecordRef = { kind: RecordKind, id: number, };

export type Choice = { value: string, label: string, };

export type AllowedLink = { from: RecordKind, link_type: LinkType, to: RecordKind, };

export type Choices = { criticality: Array<Choice>, service_status: Array<Choice>, ci_type: Array<Choice>, environment: Array<Choice>, lifecycle: Array<Choice>, link_type: Array<Choice>, date_format: Array<Choice>, incident_state: Array<Choice>, 
/**
 * The states in which an incident is still open work (the open queues).
 */
incident_open: Array<IncidentState>, channel: Array<Choice>, on_hold_reason: Array<Choice>, article_status: Array<Choice>, request_state: Array<Choice>, 
/**
 * The states in which a request is still open work.
 */
request_open: Array<RequestState>, task_state: Array<Choice>, audience: Array<Choice>, comms_channel: Array<Choice>, file_format: Array<Choice>, import_phase: Array<Choice>, agreement_kind: Array<Choice>, sla_metric: Array<Choice>, clock_state: Array<Choice>, applies_to: Array<Choice>, compliance_by: Array<Choice>, treatment: Array<Choice>, risk_status: Array<Choice>, action_status: Array<Choice>, rating_kind: Array<Choice>, export_format: Array<Choice>, control_type: Array<Choice>, implementation: Array<Choice>, effectiveness: Array<Choice>, test_result: Array<Choice>, vulnerability_status: Array<Choice>, change_type: Array<Choice>, change_state: Array<Choice>, window_kind: Array<Choice>, recurrence: Array<Choice>, conflict_reason: Array<Choice>, problem_state: Array<Choice>, cluster_basis: Array<Choice>, review_outcome: Array<Choice>, vote: Array<Choice>, decision: Array<Choice>, assessment_status: Array<Choice>, answer: Array<Choice>, dimension: Array<Choice>, initiative_status: Array<Choice>, improvement_step: Array<Choice>, priority_quadrant: Array<Choice>, measure_kind: Array<Choice>, deployment_result: Array<Choice>, deployment_method: Array<Choice>, deployment_role: Array<Choice>, application_lifecycle: Array<Choice>, time_quadrant: Array<Choice>, debt_status: Array<Choice>, feedback_kind: Array<Choice>, feedback_status: Array<Choice>, eol_kind: Array<Choice>, capacity_status: Array<Choice>, allocation_method: Array<Choice>, satisfaction_by: Array<Choice>, stakeholder_kind: Array<Choice>, service_relation: Array<Choice>, grid_quadrant: Array<Choice>, engagement_kind: Array<Choice>, report_section: Array<Choice>, platform_dimension: Array<Choice>, dora_metric: Array<Choice>, 
/**
 * The links a record may start, by the kinds at each end (`links::ALLOWED`).
 */
allowed_links: Array<AllowedLink>, 
/**
 * Every record kind: its label and the page that shows one (`record::RecordKind`).
 */
record_kind: Array<KindChoice>, };

export type ListRequest = { filters: Array<FilterTerm>, 
/**
 * What the filter box says ([`parse_query`]): whole words, "exact phrases" and, where the
 * list has them, `field:value` terms.
 */
text: string | null, 
/**
 * The text is being typed into a picker: its last word may be the start of a word.
 */
typing: boolean, sort: SortTerm | null, after: Cursor | null, 
/**
 * Start at this position of the sorted list (0-based) instead of after a cursor: a
 * jump into the middle of a long list. The rows before it are skipped on an index.
 */
at: number | null, limit: number | null, 
/**
 * The caller needs no total (a picker showing a few matches as the user types): the
 * first page skips counting every matching row.
 */
skip_count: boolean, };

export type FilterTerm = { field: string, value: string, missing: boolean, op?: FilterOp, };

export type FilterOp = "at_most" | "at_least";

export type SortTerm = { field: string, descending: boolean, };

export type Cursor = { key: string | number | null, id: number, };

export type Page<T> = { items: Array<T>, 
/**
 * Present when more rows follow.
 */
next: Cursor | null, 
/**
 * Number of matching rows, counted exactly on the first page only (unless skipped).
 */
total: number | null, 
/**
 * What the text was taken to mean, in words (first page, when there was text).
 */
understood: string | null, };

export type LinkType = "runs_on" | "depends_on" | "connects_to" | "part_of" | "child_of" | "resolved_with" | "mitigated_by" | "affects" | "protects" | "raises" | "failed_control" | "caused_by" | "fixed_by" | "motivated_by";

export type LinkId = number;

export type NewLink = { from: RecordRef, link_type: LinkType, to: RecordRef, };

export type LinkView = { id: LinkId, link_type: LinkType, 
/**
 * True when the record we look from is the link's `from` end.
 */
outgoing: boolean, 
/**
 * "runs on" or "hosts", as read from our end.
 */
phrase: string, other: RecordRef, other_name: string, created_at: string, };

export type KindChoice = { value: RecordKind, label: string, 
/**
 * The page showing one record, after `#/`; `{id}` stands for its id.
 */
page: string | null, };

export type ServiceId = number;

export type Criticality = "critical" | "high" | "medium" | "low";

export type ServiceStatus = "pipeline" | "live" | "retiring" | "retired";

export type Service = { id: ServiceId, name: string, owner_id: number | null, 
/**
 * The owner's name, "" when there is none.
 */
owner_name: string, criticality: Criticality, status: ServiceStatus, description: string, created_at: string, updated_at: string, };

export type ServiceInput = { name: string, owner_id: number | null, criticality: Criticality, status: ServiceStatus, description: string, };

export type CiId = number;

export type CiType = "application" | "database" | "server" | "virtual_machine" | "container" | "network_device" | "storage" | "cloud_service" | "endpoint" | "other";

export type Environment = "production" | "dr" | "staging" | "test" | "development";

export type Lifecycle = "planned" | "in_build" | "operational" | "maintenance" | "retired";

export type Ci = { id: CiId, name: string, ci_type: CiType, environment: Environment, owner_id: number | null, owner_name: string, lifecycle: Lifecycle, 
/**
 * Free-form attributes (IP address, version, serial number, ...).
 */
attributes: { [key in string]: string }, created_at: string, updated_at: string, };

export type CiInput = { name: string, ci_type: CiType, environment: Environment, owner_id: number | null, lifecycle: Lifecycle, attributes: { [key in string]: string }, };

export type Impact = { ci: CiId, 
/**
 * Number of affected records (CIs, applications and services), not counting the CI itself.
 */
total: number, 
/**
 * The first affected records, by kind then name.
 */
items: Array<ImpactItem>, };

export type ImpactItem = { record: RecordRef, name: string, };

export type CiLifecycle = { purchased_on: string | null, warranty_end: string | null, end_of_support: string | null, end_of_life: string | null, location: string, vendor: string, 
/**
 * A decimal with at most two places ("1250.00"); none when not known.
 */
monthly_cost: string | null, 
/**
 * Where the end of support came from (a product lifecycle table); none: typed.
 */
support_source: string | null, 
/**
 * Where the end of life came from; none: typed.
 */
life_source: string | null, };

export type EolKind = "warranty_end" | "end_of_support" | "end_of_life";

export type EolItem = { ci_id: CiId, ci: string, kind: EolKind, date: string, };

export type EolByService = { service_id: number | null, service: string, 
/**
 * Soonest first.
 */
items: Array<EolItem>, };

export type OpenPort = { port: number, protocol: string, service: string | null, product: string | null, version: string | null, };

export type DiscoveryStatus = "pending" | "accepted" | "ignored";

export type Discovery = { id: number, address: string, hostname: string | null, ci_id: number | null, 
/**
 * The matched CI's name.
 */
ci: string | null, open_ports: Array<OpenPort>, 
/**
 * What differs from the CI as recorded ("new host", "tcp/80 opened", ...).
 */
changes: Array<string>, status: DiscoveryStatus, };

export type NmapReport = { hosts_up: number, open_ports: number, 
/**
 * Hosts matched to a CI.
 */
matched: number, 
/**
 * Proposals pending after the import (one per host up).
 */
proposed: number, };

export type AcceptReport = { created: number, updated: number, };

export type PlatformDimension = "environment" | "location" | "vendor" | "ci_type" | "provider" | "region";

export type PlatformRow = { 
/**
 * The environment's, type's (stored value) or location's or vendor's name; "" when none
 * is recorded.
 */
key: string, cis: number, 
/**
 * The monthly costs recorded, summed, as a two-place decimal.
 */
monthly_cost: string, 
/**
 * CIs in the row with no cost recorded (the sum leaves them out).
 */
without_cost: number, };

export type ChainNode = { record: RecordRef, name: string, 
/**
 * Steps from the CI analysed (0: the CI itself).
 */
depth: number, 
/**
 * The node it depends on, through which it was reached (none for the CI itself).
 */
via: RecordRef | null, 
/**
 * The records touching it, counted by kind (in the order of [`TOUCHING`]).
 */
touched_by: Array<KindCount>, };

export type KindCount = { kind: RecordKind, count: number, };

export type TouchingRecord = { record: RecordRef, title: string, 
/**
 * Its state as stored ("in_progress", "treating", "failed", ...).
 */
state: string, 
/**
 * The node of the chain it touches.
 */
node: RecordRef, };

export type ImpactAnalysis = { ci: CiId, chain: Array<ChainNode>, 
/**
 * Whether the chain was cut at [`MAX_CHAIN`] nodes.
 */
cut: boolean, 
/**
 * Grouped by kind, then by title.
 */
records: Array<TouchingRecord>, };

export type NodeBox = { record: RecordRef, x: number, y: number, w: number, h: number, };

export type ImpactGraph = { svg: string, width: number, height: number, nodes: Array<NodeBox>, };

export type MetricId = number;

export type CapacityStatus = "over" | "rising" | "steady" | "unknown";

export type MetricInput = { name: string, unit: string, capacity: number, threshold: number, };

export type Forecast = { status: CapacityStatus, 
/**
 * Growth a day by the trend (the metric's unit); none without a trend.
 */
per_day: number | null, 
/**
 * The day the trend reaches the threshold (when rising), or today when over.
 */
threshold_on: string | null, 
/**
 * Days from today to `threshold_on` (0 when over).
 */
days_left: number | null, 
/**
 * The day the trend reaches the capacity itself (when rising).
 */
full_on: string | null, };

export type CapacityMetric = { id: MetricId, ci_id: CiId, ci: string, name: string, unit: string, capacity: number, threshold: number, 
/**
 * The latest measurement's value and instant.
 */
latest: Measurement | null, forecast: Forecast, };

export type Measurement = { id: number, measured_at: string, value: number, };

export type MetricDetail = { metric: CapacityMetric, measurements: Array<Measurement>, };

export type MeasurementInput = { 
/**
 * A date ("2026-12-01": its start in the workspace's zone) or a date and time.
 */
measured_at: string, value: number, };

export type PersonId = number;

export type GroupId = number;

export type VendorId = number;

export type Person = { id: PersonId, name: string, email: string | null, phone: string, job_title: string, active: boolean, 
/**
 * Names of the support groups the person belongs to, by name.
 */
groups: Array<string>, 
/**
 * Their ids, in the same order.
 */
group_ids: number[], updated_at: string, };

export type PersonInput = { name: string, email: string, phone: string, job_title: string, active: boolean, group_ids: Array<GroupId>, };

export type Group = { id: GroupId, name: string, email: string, description: string, member_count: number, updated_at: string, };

export type GroupInput = { name: string, email: string, description: string, };

export type Vendor = { id: VendorId, name: string, contact_name: string, email: string, phone: string, website: string, updated_at: string, };

export type VendorInput = { name: string, contact_name: string, email: string, phone: string, website: string, };

export type DirectoryKind = "people" | "groups" | "vendors";

export type Me = { person: Person | null, groups: Array<Group>, };

export type WorkspaceInfo = { path: string, name: string, schema_version: number, settings: Settings, 
/**
 * Opened to read only (a bundle's snapshot): nothing can be changed.
 */
read_only: boolean, 
/**
 * Encrypted at rest with a password.
 */
encrypted: boolean, };

export type IdentityView = { name: string, email: string, };

export type AppStatus = { identity: IdentityView | null, workspace: WorkspaceInfo | null, 
/**
 * The file Steward starts on: `--workspace FILE` or the default workspace.
 */
start_path: string, start_exists: boolean, recent: Array<string>, 
/**
 * Housekeeping that failed as the workspace opened (the workspace is open all the same);
 * the window shows it once.
 */
housekeeping_error: CommandError | null, 
/**
 * The audit trail was cut or rewritten since the app last had this workspace open.
 */
trail_warning: string | null, 
/**
 * The workspace asked for is encrypted: the window asks its password (nothing was
 * closed or opened yet).
 */
password_for: string | null, };

export type TrailStatus = { 
/**
 * The walk is still running.
 */
checking: boolean, 
/**
 * The verdict in words when the chain does not verify.
 */
warning: string | null, first_bad_entry: number | null, };

export type Theme = "light" | "dark";

export type HeatmapCell = { likelihood: number, impact: number, count: number, level: string, x: number, y: number, w: number, h: number, };

export type Heatmap = { svg: string, cells: Array<HeatmapCell>, unrated: number, };

export type DateFormat = "iso" | "dmy" | "mdy";

export type Settings = { workspace_name: string, 
/**
 * IANA zone, e.g. "Europe/Berlin".
 */
display_timezone: string, date_format: DateFormat, };

export type SearchHit = { record: RecordRef, kind_label: string, title: string, 
/**
 * Plain text around the match; the UI marks the match itself (no markup crosses IPC).
 */
snippet: string, };

export type Named = { id: number, name: string, };

export type Count = { key: string, count: number, };

export type Summary = { services: number, services_by_status: Array<Count>, services_by_criticality: Array<Count>, cis: number, cis_by_type: Array<Count>, cis_by_environment: Array<Count>, links: number, people: number, groups: number, vendors: number, audit_entries: number, incidents: number, 
/**
 * New, in progress or on hold.
 */
open_incidents: number, articles: number, requests: number, 
/**
 * New, awaiting approval or in fulfilment.
 */
open_requests: number, awaiting_approval: number, 
/**
 * Services that no CI supports: a gap in the configuration model.
 */
services_without_cis: number, 
/**
 * What needs a manager now, first on the page.
 */
attention: Attention, recent_changes: Array<RecentChange>, };

export type Brief = { id: number, number: string, title: string, 
/**
 * When it opened or starts.
 */
at: string | null, };

export type PracticeFigure = { 
/**
 * The catalogue's name ("incident management").
 */
practice: string, 
/**
 * As a heading reads it ("Incident management").
 */
label: string, 
/**
 * The one figure that matters most ("8 open incidents").
 */
figure: string, 
/**
 * What needs attention in it ("2 major"), empty when nothing does.
 */
attention: string, 
/**
 * The window's page (after `#/`).
 */
page: string, };

export type Activity = { key: string, label: string, practices: Array<PracticeFigure>, };

export type StreamStep = { record: RecordRef, 
/**
 * "Incident", "Problem", "Change", "Deployment", "Review".
 */
step: string, name: string, started_at: string, 
/**
 * None: still open (the chart runs it to now).
 */
ended_at: string | null, 
/**
 * Hours from the previous step's end to this one's start (none for the first, or when
 * it started before the previous ended).
 */
waited_hours: number | null, hours: number | null, };

export type ValueStream = { steps: Array<StreamStep>, 
/**
 * From the first step's start to the last step's end (or now).
 */
total_hours: number, };

export type StepMedian = { stream: string, step: string, records: number, median_hours: number | null, };

export type Attention = { 
/**
 * Major incidents not yet resolved, newest first.
 */
major_incidents: Array<Brief>, 
/**
 * SLA clocks whose deadline fell today and that breached (stopped late or still running).
 */
breached_today: number, 
/**
 * Running clocks (not paused) due by the end of today and not yet late.
 */
due_today: number, 
/**
 * Changes planned to start in the next seven days, not closed or cancelled, soonest first.
 */
changes_this_week: Array<Brief>, 
/**
 * Of those, the ones in a collision.
 */
colliding_this_week: Array<string>, 
/**
 * Commitments made to stakeholders, not done, past their due day: the longest overdue
 * first (`number`: who it was made to; `at`: the due day).
 */
overdue_commitments: Array<Brief>, };

export type RecentChange = { at: string, actor: string, 
/**
 * What happened, in words ("Incident logged").
 */
what: string, record_kind: string, 
/**
 * The record's id when the entry names one record.
 */
record_id: number | null, };

export type AuditEntry = { id: number, at: string, actor: string, action: string, record_kind: string, record_id: string, detail: unknown, prev_hash: string, hash: string, 
/**
 * What was done, in words ("Incident: state changed"); `action` keeps the stored name.
 */
action_words: string, 
/**
 * The record as a person knows it ("Incident INC0000042 Payroll export hangs"), or its
 * kind and id when it has no name or is gone; `record_kind` and `record_id` stay raw.
 */
record_words: string, };

export type AuditExportFormat = "csv" | "json";

export type CheckReport = { 
/**
 * "ok" or SQLite's first message.
 */
integrity: string, 
/**
 * "ok", "broken", or "unverified" when the chain could not be read (`reason` says why).
 */
audit_chain: string, first_bad_entry: number | null, schema_version: number, 
/**
 * The chain's head as read: entry count and the last entry's hash ("COUNT:HASH").
 */
head: string | null, reason: string | null, };

export type BackupReport = { backup: string, bytes: number, 
/**
 * The backup's audit-trail head ("COUNT:HASH"), recorded outside it: `check
 * --expect-head` on the copy later shows whether its trail was cut or rewritten.
 */
head: string, };

export type ImportReport = { format: string, rows_read: number, created: number, updated: number, rejected: number, 
/**
 * Rows that changed nothing: already in the workspace (an earlier import of the same
 * rows) or saying what the record already says.
 */
unchanged: number, errors: Array<RowError>, };

export type RowError = { row: number, column: string | null, message: string, };

export type ImportPhase = "checking" | "importing" | "indexing";

export type ImportProgress = { phase: ImportPhase, done: number, total: number, };

export type ImportId = number;

export type ImportRun = { id: ImportId, 
/**
 * What was imported: "incidents", "cis", "services", "people", ...
 */
kind: string, format: string, file: string, sha256: string, at: string, actor: string, rows_read: number, created: number, updated: number, rejected: number, undone_at: string | null, undone_by: string | null, };

export type UndoReport = { removed: number, restored: number, 
/**
 * Records the import created that other records now use; they stay.
 */
kept_in_use: number, };

export type FileFormat = "servicenow" | "jira" | "glpi" | "steward-csv" | "servicenow-cmdb_ci" | "servicenow-service" | "servicenow-change_request" | "steward-csv-changes" | "steward-csv-risks" | "steward-csv-people" | "steward-csv-groups" | "steward-csv-vendors" | "risk-register" | "framework-csv" | "steward-csv-deployments" | "pipeline-deployments" | "criteria-csv" | "inventory" | "survey" | "ledger" | "allocation-rules" | "application-quality" | "lifecycle-table" | "capacity-measurements" | "requests";

export type ColumnUse = { column: string, field: string | null, };

export type ImportPreview = { file: string, size_bytes: number, 
/**
 * What the header looks like; None when it matches no format Steward reads.
 */
detected: FileFormat | null, 
/**
 * The format the mapping below is for (the detected one unless another was asked for).
 */
format: FileFormat | null, 
/**
 * Whether that format's times need a zone and a day/month order.
 */
reads_dates: boolean, columns: Array<ColumnUse>, 
/**
 * The fields a column can be mapped to, when the format lets the user map them (the
 * columns' `field` is then a suggestion); empty when its columns are fixed.
 */
fields: Array<string>, 
/**
 * What the user names, when the format fills one named collection (a framework) or
 * takes a bound (a ledger's fiscal year), whether it may stay empty, and the name
 * suggested (the file's name when one is needed).
 */
names: string | null, name_optional: boolean, suggested_name: string, 
/**
 * The first rows, cut to 200 characters a cell.
 */
rows: Array<Array<string>>, 
/**
 * Why the file cannot be imported as `format` (a required column missing, ...).
 */
problem: string | null, 
/**
 * The fields a column must be mapped to before the import can run.
 */
required: Array<string>, 
/**
 * Whether the mapping step lists the file's values of closed lists to give them a
 * meaning (`values_seen`).
 */
values_read: boolean, 
/**
 * The fields any number of columns may feed (a CI export's attributes).
 */
shared: Array<string>, 
/**
 * The mapping starts from the one kept from this source's last file.
 */
kept: boolean, 
/**
 * What the file's values mean, as kept from this source's last file.
 */
values: ValueMap, };

export type ImportOutcome = { format: FileFormat, report: ImportReport, 
/**
 * Event-log rows kept as incident history (incident imports only).
 */
events: number | null, 
/**
 * Callers, groups, owners, services and CIs named in the file and created, by table.
 */
references_created: Record<string, number>, };

export type DateOrder = "dmy" | "mdy" | "ymd";

export type ValueMap = Record<string, Record<string, string>>;

export type FieldValues = { field: string, choices: Array<Choice>, values: Array<SeenValue>, 
/**
 * More different values than are listed.
 */
more: boolean, };

export type SeenValue = { 
/**
 * As the file spells it (the first spelling met, when case differs).
 */
value: string, rows: number, 
/**
 * What Steward reads it as by itself (a choice's value); None: it cannot, and the rows
 * holding it are rejected unless the user says what it means.
 */
reads_as: string | null, };

export type AssessmentId = number;

export type AssessmentStatus = "planned" | "in_progress" | "in_review" | "done";

export type Answer = "met" | "partly" | "not_met" | "na";

export type Dimension = "organizations_and_people" | "information_and_technology" | "partners_and_suppliers" | "value_streams_and_processes";

export type Assessment = { id: AssessmentId, name: string, organisation: string, assessors: string, held_on: string | null, status: AssessmentStatus, 
/**
 * The practices in scope, in the catalogue's order.
 */
practices: Array<string>, created_at: string, done_at: string | null, next_states: Array<AssessmentStatus>, };

export type AssessmentInput = { name: string, organisation: string, assessors: string, held_on: string | null, 
/**
 * Practice names (any of the 34, old names accepted); none: the practices the criteria
 * pack covers, or Steward's thirteen when it is empty.
 */
practices: Array<string>, };

export type Item = { criterion: CriterionId, practice: string, level: number, text: string, dimension: Dimension | null, answer: Answer | null, note: string, };

export type CriterionId = number;

export type Criterion = { id: CriterionId, practice: string, level: number, text: string, dimension: Dimension | null, };

export type CriterionInput = { practice: string, level: number, text: string, dimension: Dimension | null, };

export type Practice = { name: string, 
/**
 * general, service or technical.
 */
group: string, 
/**
 * The name it was also called (`change control`), if any.
 */
also_called: string | null, 
/**
 * Whether Steward keeps records of this practice (its figures can serve as evidence).
 */
in_steward: boolean, };

export type DimensionResult = { dimension: Dimension, criteria: number, met: number, };

export type PracticeResult = { practice: string, level: number, target: number | null, 
/**
 * Criteria not answered `na` (unanswered included), and those met.
 */
criteria: number, met: number, 
/**
 * Criteria answered (any answer).
 */
answered: number, 
/**
 * The criteria that keep the practice from the next level: those of that level not
 * answered `met` or `na`.
 */
gap: Array<Item>, dimensions: Array<DimensionResult>, interview_notes: string, };

export type Results = { assessment: Assessment, practices: Array<PracticeResult>, };

export type LevelChange = { practice: string, a: number, b: number, change: number, };

export type AnswerChange = { practice: string, level: number, text: string, a: Answer | null, b: Answer | null, };

export type Comparison = { 
/**
 * The practices both assessed, in the catalogue's order.
 */
levels: Array<LevelChange>, answers: Array<AnswerChange>, };

export type AnswerEvidence = { id: number, criterion: CriterionId, 
/**
 * A kept file: its name, size and SHA-256.
 */
file_name: string | null, bytes: number | null, sha256: string | null, 
/**
 * A record of the workspace, and what it was called when chosen.
 */
record: RecordRef | null, record_label: string | null, added_at: string, added_by: string, };

export type EvidenceRule = { met_needs_evidence: boolean, };

export type Fact = { label: string, value: string, };

export type ChangeId = number;

export type ChangeType = "standard" | "normal" | "emergency";

export type ChangeState = "draft" | "assess" | "authorize" | "scheduled" | "implement" | "review" | "closed" | "cancelled" | "failed";

export type Change = { id: ChangeId, number: string, title: string, description: string, change_type: ChangeType, state: ChangeState, risk: string, impact: string, planned_start: string | null, planned_end: string | null, assignment_group_id: number | null, assignment_group: string | null, assignee_id: number | null, assignee: string | null, close_code: string, 
/**
 * Names of the affected CIs.
 */
cis: Array<string>, justification: string, implementation_plan: string, backout_plan: string, test_plan: string, 
/**
 * When implementation began and ended (set by the state moves).
 */
actual_start: string | null, actual_end: string | null, template_id: number | null, template: string | null, 
/**
 * The risk assessment's answers; `risk` is the level they gave.
 */
risk_answers: Array<GivenAnswer>, };

export type ChangeInput = { title: string, description: string, change_type: ChangeType, risk: string, impact: string, planned_start: string | null, planned_end: string | null, assignment_group_id: number | null, assignee_id: number | null, ci_ids: number[], justification: string, implementation_plan: string, backout_plan: string, test_plan: string, 
/**
 * The standard-change template it comes from (only when creating; a standard change
 * needs one).
 */
template_id: number | null, };

export type ChangeFigures = { changes: number, ended: number, 
/**
 * Successful share of the ended changes (0-100), None when none ended.
 */
success_pct: number | null, emergency_pct: number | null, causing_incidents: number, 
/**
 * Median days from recording a change to its planned start.
 */
lead_time_days: number | null, };

export type WindowKind = "maintenance" | "blackout";

export type Recurrence = "none" | "daily" | "weekly" | "monthly";

export type ChangeWindow = { id: number, kind: WindowKind, name: string, ci_id: number | null, service_id: number | null, starts_at: string, ends_at: string, recurrence: Recurrence, until: string | null, };

export type WindowInput = { kind: WindowKind, name: string, ci_id: number | null, service_id: number | null, starts_at: string, ends_at: string, recurrence: Recurrence, until: string | null, };

export type ConflictReason = "same_ci" | "related_ci" | "blackout" | "outside_window" | "assignee_busy";

export type Conflict = { change: string, other: string | null, reason: ConflictReason, };

export type ChangeRef = { id: number, number: string, title: string, };

export type ConflictView = { change: ChangeRef, other: ChangeRef | null, reason: ConflictReason, };

export type AnswerOption = { label: string, score: number, };

export type Question = { text: string, answers: Array<AnswerOption>, };

export type Threshold = { level: string, min_score: number, };

export type Questionnaire = { questions: Array<Question>, 
/**
 * Ascending by `min_score`, the first at 0.
 */
levels: Array<Threshold>, };

export type GivenAnswer = { question: string, answer: string, score: number, };

export type Vote = "approve" | "reject";

export type Decision = "pending" | "authorized" | "rejected";

export type Member = { id: number, name: string, };

export type Board = { id: number, name: string, members: Array<Member>, };

export type BoardInput = { name: string, member_ids: number[], };

export type Authority = { change_type: ChangeType, risk: string, board_id: number, board: string, approvals_needed: number, };

export type CastVote = { round: number, person_id: number, person: string, vote: Vote, comment: string, at: string, };

export type Authorization = { 
/**
 * 0 before the change first asked for authorization.
 */
round: number, 
/**
 * None: no rule applies, anyone may approve.
 */
board: string | null, members: Array<Member>, approvals_needed: number, approvals: number, rejections: number, decision: Decision, 
/**
 * Every vote, newest round first.
 */
votes: Array<CastVote>, };

export type VoteInput = { person_id: number, vote: Vote, comment: string, };

export type ReviewOutcome = "successful" | "successful_with_issues" | "failed" | "backed_out";

export type CausedIncident = { id: number, number: string, title: string, };

export type Review = { outcome: ReviewOutcome, lessons: string, reviewed_at: string, reviewed_by: string, };

export type ReviewInput = { outcome: ReviewOutcome, lessons: string, };

export type Template = { id: number, name: string, description: string, implementation_plan: string, backout_plan: string, test_plan: string, risk: string, active: boolean, };

export type TemplateInput = { name: string, description: string, implementation_plan: string, backout_plan: string, test_plan: string, risk: string, active: boolean, };

export type CalendarChange = { id: ChangeId, number: string, title: string, change_type: ChangeType, state: ChangeState, start: string, end: string, assignee: string | null, 
/**
 * The reasons it collides (with another change or a window), each once.
 */
conflicts: Array<ConflictReason>, };

export type WindowSlot = { window_id: number, kind: WindowKind, name: string, 
/**
 * What it covers: a CI's name, "Service …", or "Everything".
 */
scope: string, start: string, end: string, };

export type Calendar = { changes: Array<CalendarChange>, windows: Array<WindowSlot>, 
/**
 * The release layer: deployments of releases and planned production dates.
 */
releases: Array<ReleaseSlot>, };

export type ChangeCi = { id: number, name: string, };

export type ChangeDetail = { change: Change, cis: Array<ChangeCi>, 
/**
 * Its collisions, both changes named by number and title.
 */
conflicts: Array<ConflictView>, authorization: Authorization, review: Review | null, caused_incidents: Array<CausedIncident>, 
/**
 * The states the change may move to now (the core's lifecycle; the window offers these).
 */
next_states: Array<ChangeState>, };

export type DeploymentId = number;

export type DeploymentResult = "succeeded" | "failed" | "rolled_back";

export type DeploymentMethod = "pipeline" | "manual" | "blue_green" | "canary" | "feature_flag";

export type DeploymentEnvironment = { id: number, name: string, position: number, 
/**
 * The environment the DORA figures read.
 */
production: boolean, };

export type Deployment = { id: DeploymentId, number: string, application: string, version: string, service_id: number | null, service: string | null, environment: string, started_at: string | null, 
/**
 * When it took effect (its end): the time the DORA figures use.
 */
deployed_at: string, method: DeploymentMethod, deployed_by: string, result: DeploymentResult, 
/**
 * False: made to fix a production incident (rework).
 */
planned: boolean, change_id: number | null, change: string | null, commits: number, 
/**
 * Incidents linked as caused by it.
 */
incidents: number, release_id: ReleaseId | null, 
/**
 * The release's number.
 */
release: string | null, };

export type DeploymentInput = { application: string, version: string, service_id: number | null, 
/**
 * An environment's name (production when empty).
 */
environment: string, started_at: string | null, deployed_at: string, method: DeploymentMethod | null, deployed_by: string, result: DeploymentResult, planned: boolean, change_id: number | null, };

export type DeploymentRole = "caused" | "fixed" | "shipped_fix" | "implements";

export type DeploymentCommit = { sha: string, committed_at: string, 
/**
 * The deployment's end minus the committer date, in whole seconds (negative as 0).
 */
lead_seconds: number, };

export type GitTarget = { 
/**
 * The service deployed (created when new); the application is its name, else the
 * repository's folder name.
 */
service: string | null, 
/**
 * The environment (default: production).
 */
environment: string | null, 
/**
 * A glob over tag names (`*` any run, `?` one character); none: every tag.
 */
tags: string | null, };

export type GitImport = { deployments: number, commits: number, format: string, rows_read: number, created: number, updated: number, rejected: number, 
/**
 * Rows that changed nothing: already in the workspace (an earlier import of the same
 * rows) or saying what the record already says.
 */
unchanged: number, errors: Array<RowError>, };

export type DoraMetric = "deployment_frequency" | "lead_time" | "change_failure_rate" | "recovery" | "rework";

export type DoraMonth = { 
/**
 * YYYY-MM.
 */
month: string, 
/**
 * The inclusive dates the figures cover.
 */
from: string, to: string, figures: DoraFigures, };

export type DoraTrend = { months: Array<DoraMonth>, chart: string, };

export type RelatedDeployment = { role: DeploymentRole, deployment: Deployment, };

export type BandLimits = { elite: number, high: number, medium: number, };

export type DoraBands = { 
/**
 * Deployments per week at least.
 */
deployment_frequency: BandLimits, 
/**
 * Median hours at most.
 */
lead_time_hours: BandLimits, 
/**
 * Percent at most.
 */
change_failure_rate_pct: BandLimits, 
/**
 * Median hours at most.
 */
recovery_hours: BandLimits, 
/**
 * Where the thresholds come from.
 */
source: string, };

export type Band = "elite" | "high" | "medium" | "low";

export type Bands = { deployment_frequency: Band | null, lead_time: Band | null, change_failure_rate: Band | null, failed_deployment_recovery: Band | null, };

export type DoraFigures = { deployments: number, deployment_frequency_per_week: number, lead_time_hours_median: number | null, change_failure_rate_pct: number | null, failed_deployment_recovery_hours_median: number | null, rework_rate_pct: number | null, bands: Bands, };

export type DoraQuery = { 
/**
 * A service's name; none: every service.
 */
service: string | null, 
/**
 * An environment's name; none: every environment.
 */
environment: string | null, 
/**
 * Inclusive UTC dates.
 */
from: string, to: string, };

export type ReleaseId = number;

export type Release = { id: ReleaseId, number: string, application: string, version: string, service_id: number | null, service: string | null, 
/**
 * The production date it aims at (an instant), if planned.
 */
planned_at: string | null, notes: string, 
/**
 * The furthest environment (in their order) where one of its deployments succeeded.
 */
reached: string | null, 
/**
 * Whether one of its deployments succeeded in production.
 */
released: boolean, deployments: number, };

export type ReleaseStep = { environment: string, production: boolean, deployment: Deployment | null, };

export type ReleaseChange = { id: number, number: string, title: string, 
/**
 * Its state as stored (change control's own states; the window names them by the
 * choices). Held as text so that deployment management reads change control's table
 * without depending on its code: change control reads deployments (`FAILED`).
 */
state: string, };

export type ReleaseDetail = { release: Release, 
/**
 * Every environment in order: the way from development to production.
 */
path: Array<ReleaseStep>, 
/**
 * Its deployments, in time order.
 */
deployments: Array<Deployment>, changes: Array<ReleaseChange>, };

export type ReleaseInput = { application: string, version: string, service_id: number | null, planned_at: string | null, notes: string, 
/**
 * The changes it implements.
 */
change_ids: number[], };

export type ReleaseSlot = { release_id: ReleaseId, number: string, 
/**
 * "application version".
 */
name: string, at: string, 
/**
 * The environment deployed to; None for the planned production date.
 */
environment: string | null, result: DeploymentResult | null, };

export type EnvironmentInput = { name: string, 
/**
 * Makes it the production environment (the one before stops being it).
 */
production: boolean, };

export type InitiativeId = number;

export type InitiativeStatus = "proposed" | "accepted" | "in_progress" | "on_hold" | "monitoring" | "closed_successful" | "closed_unsuccessful" | "withdrawn";

export type Step = "vision" | "where_now" | "where_want" | "how" | "act" | "check" | "momentum";

export type Priority = "quick_win" | "major_project" | "fill_in" | "reconsider";

export type StepNote = { step: Step, notes: string, done_on: string | null, };

export type Initiative = { id: InitiativeId, number: string, title: string, description: string, owner_id: number | null, owner: string | null, value: number, effort: number, priority: Priority, status: InitiativeStatus, practices: Array<string>, due_on: string | null, created_at: string, closed_at: string | null, next_states: Array<InitiativeStatus>, };

export type InitiativeInput = { title: string, description: string, owner_id: number | null, value: number, effort: number, practices: Array<string>, due_on: string | null, };

export type InitiativeDetail = { initiative: Initiative, steps: Array<StepNote>, measures: Array<Measure>, };

export type ImprovementFigures = { by_status: Record<string, number>, overdue: number, measures: number, measures_reached: number, };

export type MeasureKind = "typed" | "sla_compliance" | "change_success" | "change_failure" | "backlog_age" | "first_contact_resolution" | "risks_above_appetite" | "practice_level";

export type MeasureId = number;

export type MeasureValue = { day: string, value: number, 
/**
 * Sampled by Steward (true) or typed in.
 */
sampled: boolean, };

export type Measure = { id: MeasureId, initiative: InitiativeId, name: string, metric: MeasureKind, subject: string | null, unit: string, baseline: number, target: number, due_on: string | null, 
/**
 * Oldest first.
 */
values: Array<MeasureValue>, 
/**
 * Whether the latest value is at or beyond the target (in the target's direction from
 * the baseline).
 */
reached: boolean, 
/**
 * The benefit realised so far as a share of the benefit expected: (latest - baseline)
 * / (target - baseline), in percent; None before the first value.
 */
realised_pct: number | null, };

export type MeasureInput = { name: string, metric: MeasureKind, subject: string | null, unit: string, baseline: number, target: number, due_on: string | null, };

export type IncidentId = number;

export type ViewList = "incidents" | "requests";

export type SavedView = { list: ViewList, name: string, 
/**
 * The queue (tab) the view starts from ("open", "breaching", …).
 */
queue: string, 
/**
 * The filters chosen on top of the queue's own.
 */
filters: Array<FilterTerm>, 
/**
 * How each filter reads in the window ("Group: Network"), in the same order.
 */
labels: Array<string>, text: string | null, sort: SortTerm | null, };

export type IncidentState = "new" | "in_progress" | "on_hold" | "resolved" | "closed" | "cancelled";

export type OnHoldReason = "awaiting_caller" | "awaiting_vendor" | "awaiting_problem" | "awaiting_change";

export type Incident = { id: IncidentId, number: string, title: string, description: string, caller: string | null, caller_id: number | null, channel: string, category: string, subcategory: string, service: string | null, service_id: number | null, ci: string | null, ci_id: number | null, impact: number | null, urgency: number | null, priority: number | null, assignment_group: string | null, assignment_group_id: number | null, assignee: string | null, assignee_id: number | null, state: IncidentState, 
/**
 * The state label of the tool it was imported from, kept visible.
 */
source_state: string | null, on_hold_reason: OnHoldReason | null, resolution_code: string, resolution_notes: string, opened_at: string, first_response_at: string | null, resolved_at: string | null, closed_at: string | null, reassignment_count: number, reopen_count: number, major: boolean, 
/**
 * Where an imported incident came from: file, its SHA-256 and the row; null if logged here.
 */
source: string | null, 
/**
 * The earliest deadline of its SLA clocks that still run, if any.
 */
sla_due: string | null, 
/**
 * When the clock behind `sla_due` reaches its warning threshold.
 */
sla_warn_at: string | null, 
/**
 * Flagged as a security incident; `security_cia` says what it harmed ("c", "i", "a").
 */
security: boolean, security_cia: string, updated_at: string, };

export type HistoryEntry = { at: string, field: string, from: string | null, to: string | null, by: string | null, };

export type IncidentDetail = { incident: Incident, history: Array<HistoryEntry>, 
/**
 * The states a user may move it to now.
 */
next_states: Array<IncidentState>, };

export type IncidentInput = { title: string, description: string, caller_id: number | null, channel: string, category: string, subcategory: string, service_id: number | null, ci_id: number | null, impact: number, urgency: number, assignment_group_id: number | null, assignee_id: number | null, major: boolean, };

export type Transition = { to: IncidentState, on_hold_reason: OnHoldReason | null, resolution_code: string | null, resolution_notes: string | null, };

export type Note = { at: string, by: string, visible_to_caller: boolean, body: string, };

export type IncidentStats = { total: number, by_state: Record<string, number>, by_priority: Record<string, number>, };

export type PriorityMatrix = { cells: number[][], };

export type IncidentSource = "servicenow" | "jira" | "steward-csv" | "glpi";

export type ExportFormat = "csv" | "xlsx" | "json";

export type ExportReport = { format: string, rows: number, out: string, 
/**
 * The workspace's audit-trail head ("COUNT:HASH") when the rows were read: noted with
 * the file (and kept in an XLSX's properties) so the export can be tied to the trail later
 * with `check --expect-head`.
 */
head: string, };

export type IncidentImportReport = { events: number, 
/**
 * How many callers, groups, assignees, services and CIs were created, by kind.
 */
references_created: Record<string, number>, format: string, rows_read: number, created: number, updated: number, rejected: number, 
/**
 * Rows that changed nothing: already in the workspace (an earlier import of the same
 * rows) or saying what the record already says.
 */
unchanged: number, errors: Array<RowError>, };

export type DeskFigures = { 
/**
 * Share of resolved incidents resolved at first contact, 0-100; null when none resolved.
 */
first_contact_resolution_pct: number | null, resolved: number, by_channel: Array<Count>, 
/**
 * The ten biggest categories.
 */
by_category: Array<Count>, 
/**
 * Incidents opened in each local hour of the day, 0-23.
 */
by_hour: number[], 
/**
 * Open incidents by age: "< 1 day", "1-3 days", "3-7 days", "7-30 days", "> 30 days".
 */
backlog_age: Array<Count>, 
/**
 * Open incidents per assignee, the fifteen busiest ("Unassigned" included).
 */
workload: Array<Count>, };

export type Audience = "affected_users" | "all_staff" | "executives" | "customers" | "service_desk" | "vendors";

export type CommsChannel = "email" | "status_page" | "chat" | "phone" | "meeting" | "intranet";

export type Communication = { id: number, at: string, by: string, audience: Audience, channel: CommsChannel, message: string, next_update_at: string | null, };

export type CommunicationInput = { audience: Audience, channel: CommsChannel, message: string, 
/**
 * When the next update is promised (RFC 3339), if one is.
 */
next_update_at: string | null, };

export type CostLine = { id: number, what: string, 
/**
 * Hours as typed back ("12.5").
 */
hours: string, 
/**
 * The rate an hour ("85.00").
 */
rate: string, 
/**
 * Hours × rate ("1062.50").
 */
amount: string, };

export type IncidentCost = { currency: string, lines: Array<CostLine>, total: string, };

export type CostLineInput = { what: string, hours: string, rate: string, };

export type ArticleId = number;

export type ArticleStatus = "draft" | "published" | "retired";

export type Article = { id: ArticleId, number: string, title: string, 
/**
 * Plain text; shown as text, never as markup.
 */
body: string, status: ArticleStatus, author: string, created_at: string, updated_at: string, };

export type ArticleInput = { title: string, body: string, status: ArticleStatus, };

export type ProblemId = number;

export type ProblemState = "new" | "assessed" | "root_cause_analysis" | "known_error" | "resolved" | "closed";

export type CauseCategory = { category: string, causes: Array<string>, };

export type Problem = { id: ProblemId, number: string, title: string, description: string, priority: number | null, state: ProblemState, owner_id: number | null, owner: string | null, root_cause: string, workaround: string, five_whys: Array<string>, ishikawa: Array<CauseCategory>, incidents: number, known_error_at: string | null, created_at: string, 
/**
 * The moves the window offers from its state.
 */
next_states: Array<ProblemState>, };

export type ProblemInput = { title: string, description: string, priority: number | null, owner_id: number | null, root_cause: string, workaround: string, five_whys: Array<string>, ishikawa: Array<CauseCategory>, };

export type ProblemFigures = { by_state: Record<string, number>, 
/**
 * Open problems by age: under 30 days, 30 to 90, over 90.
 */
open_by_age: [number, number, number], incidents_per_problem: number | null, 
/**
 * Median days from opening a problem to its known error.
 */
days_to_known_error: number | null, };

export type ClusterBasis = "ci_category" | "service_category" | "similar_text";

export type Candidate = { basis: ClusterBasis, 
/**
 * What the incidents share, in words ("db01 · Database").
 */
label: string, count: number, first_opened: string, last_opened: string, 
/**
 * Up to 200 of the incidents, newest first.
 */
incident_ids: number[], sample: Array<string>, };

export type DetectionInput = { 
/**
 * Window start (YYYY-MM-DD); default 90 days before the newest incident.
 */
since: string | null, 
/**
 * Fewest incidents that make a candidate (default 5).
 */
min_incidents: number | null, };

export type KnownErrorQuery = { ci_id: number | null, category: string, title: string, };

export type CatalogueItemId = number;

export type TaskTemplate = { title: string, group_id: number | null, group: string | null, };

export type CatalogueItem = { id: CatalogueItemId, name: string, description: string, category: string, service_id: number | null, service: string | null, fulfilment_group_id: number | null, fulfilment_group: string | null, needs_approval: boolean, active: boolean, tasks: Array<TaskTemplate>, updated_at: string, };

export type CatalogueItemInput = { name: string, description: string, category: string, service_id: number | null, fulfilment_group_id: number | null, needs_approval: boolean, active: boolean, 
/**
 * In order; at least one.
 */
tasks: Array<TaskTemplate>, };

export type RequestId = number;

export type RequestTaskId = number;

export type RequestState = "new" | "awaiting_approval" | "in_fulfilment" | "fulfilled" | "closed" | "rejected" | "cancelled";

export type TaskState = "open" | "in_progress" | "done" | "skipped";

export type Request = { id: RequestId, number: string, item_id: CatalogueItemId, item: string, title: string, description: string, requested_for_id: number | null, requested_for: string | null, channel: string, service_id: number | null, service: string | null, assignment_group_id: number | null, assignment_group: string | null, assignee_id: number | null, assignee: string | null, state: RequestState, 
/**
 * Who approved or rejected it, and why.
 */
approval_by: string | null, approval_note: string, opened_at: string, approved_at: string | null, fulfilled_at: string | null, closed_at: string | null, created_by: string, updated_at: string, tasks_total: number, tasks_finished: number, 
/**
 * The earliest deadline of its running SLA clocks.
 */
sla_due: string | null, 
/**
 * When the clock behind `sla_due` reaches its warning threshold.
 */
sla_warn_at: string | null, };

export type RequestTask = { id: RequestTaskId, position: number, title: string, group_id: number | null, group: string | null, assignee_id: number | null, assignee: string | null, state: TaskState, done_at: string | null, 
/**
 * The moves the window offers from its state.
 */
next_states: Array<TaskState>, };

export type RequestDetail = { request: Request, tasks: Array<RequestTask>, next_states: Array<RequestState>, };

export type RequestInput = { item_id: CatalogueItemId, 
/**
 * Empty: the item's name.
 */
title: string, description: string, requested_for_id: number | null, channel: string, 
/**
 * Empty: the item's fulfilment group.
 */
assignment_group_id: number | null, assignee_id: number | null, };

export type RequestTransition = { to: RequestState, 
/**
 * Required to reject; kept with an approval.
 */
note: string, };

export type TaskUpdate = { state: TaskState, assignee_id: number | null, };

export type RiskId = number;

export type RiskMove = { number: string, title: string, 
/**
 * "inherent", "current" or "target".
 */
rating: string, 
/**
 * "Almost certain × Severe: Very high".
 */
from: string, to: string, };

export type Treatment = "mitigate" | "accept" | "transfer" | "avoid";

export type RiskStatus = "identified" | "assessed" | "treating" | "accepted" | "closed";

export type ActionStatus = "open" | "done" | "cancelled";

export type Rating = { likelihood: number, impact: number, };

export type Risk = { id: RiskId, 
/**
 * The register's key (RSK0000001, or the client's own id from an import).
 */
key: string, title: string, description: string, category: string, owner_id: number | null, owner: string | null, causes: string, consequences: string, inherent: Rating | null, current: Rating | null, target: Rating | null, 
/**
 * Level indexes into the matrix's levels, for each rating.
 */
inherent_level: number | null, current_level: number | null, target_level: number | null, treatment: Treatment | null, status: RiskStatus, accepted_by: string | null, acceptance_reason: string, accepted_until: string | null, last_review: string | null, next_review: string | null, updated_at: string, };

export type RiskInput = { title: string, description: string, category: string, owner_id: number | null, causes: string, consequences: string, inherent: Rating | null, current: Rating | null, target: Rating | null, treatment: Treatment | null, status: RiskStatus | null, accepted_by: string | null, acceptance_reason: string, accepted_until: string | null, last_review: string | null, };

export type RiskAction = { id: number, title: string, owner_id: number | null, owner: string | null, due_on: string | null, status: ActionStatus, };

export type RiskActionInput = { title: string, owner_id: number | null, due_on: string | null, status: ActionStatus | null, };

export type RiskDetail = { risk: Risk, actions: Array<RiskAction>, 
/**
 * Above the matrix's appetite (by its current rating, else its inherent one).
 */
above_appetite: boolean, 
/**
 * Accepted, and the acceptance has run out.
 */
acceptance_expired: boolean, review_overdue: boolean, };

export type RatingKind = "inherent" | "current" | "target";

export type TrendPoint = { day: string, 
/**
 * Counts per level index of the current matrix.
 */
counts: number[], };

export type ScaleStep = { label: string, description: string, };

export type Level = { name: string, 
/**
 * "#RRGGBB"
 */
colour: string, 
/**
 * Days between reviews of a risk at this level.
 */
review_days: number, };

export type RiskMatrix = { 
/**
 * Likelihood 1..n, lowest first.
 */
likelihood: Array<ScaleStep>, 
/**
 * Impact 1..m, lowest first.
 */
impact: Array<ScaleStep>, 
/**
 * Lowest first.
 */
levels: Array<Level>, 
/**
 * `cells[l - 1][i - 1]`: the index into `levels` of likelihood l and impact i.
 */
cells: Array<Array<number>>, 
/**
 * Index into `levels` of the highest level within appetite.
 */
appetite: number, };

export type ReRating = { risks: number, 
/**
 * Risks whose level or rating changed.
 */
changed: number, };

export type CvssScore = { 
/**
 * "3.0", "3.1" or "4.0"
 */
version: string, base_score: number, 
/**
 * None, Low, Medium, High or Critical
 */
severity: string, 
/**
 * CVSS 4.0 only: CVSS-B, CVSS-BT, CVSS-BE or CVSS-BTE.
 */
nomenclature: string | null, };

export type ControlId = number;

export type ControlType = "preventive" | "detective" | "corrective";

export type Implementation = "planned" | "partial" | "implemented" | "not_applicable";

export type Effectiveness = "effective" | "partially_effective" | "ineffective";

export type TestResult = "passed" | "passed_with_findings" | "failed";

export type Control = { id: ControlId, key: string, name: string, description: string, owner_id: number | null, owner: string | null, control_type: ControlType, implementation: Implementation, effectiveness: Effectiveness | null, test_every_days: number | null, last_test: string | null, next_test: string | null, 
/**
 * Requirement refs it meets, across frameworks ("GV.OC-01", …).
 */
requirements: Array<string>, };

export type ControlInput = { name: string, description: string, owner_id: number | null, control_type: ControlType, implementation: Implementation, effectiveness: Effectiveness | null, test_every_days: number | null, };

export type EvidenceFile = { id: number, file_name: string, bytes: number, sha256: string, added_at: string, added_by: string, };

export type ControlTest = { id: number, tested_on: string, tester: string, result: TestResult, notes: string, evidence: Array<EvidenceFile>, };

export type ControlTestInput = { tested_on: string, tester: string, result: TestResult, notes: string, };

export type ControlDetail = { control: Control, tests: Array<ControlTest>, test_overdue: boolean, };

export type FrameworkId = number;

export type Framework = { id: FrameworkId, name: string, source: string, 
/**
 * Requirements a control meets (a catalogue's leaves, not its functions or
 * categories): as many as the statement of applicability has lines.
 */
requirements: number, };

export type Requirement = { id: number, ref: string, title: string, description: string, parent: string | null, 
/**
 * 0 for a top-level entry (a CSF function), deeper below.
 */
depth: number, applicable: boolean, justification: string, 
/**
 * Keys of the controls that meet it.
 */
controls: Array<string>, };

export type Coverage = { ref: string, title: string, depth: number, requirements: number, applicable: number, 
/**
 * Applicable requirements met by at least one control.
 */
covered: number, 
/**
 * Applicable requirements met by at least one implemented control.
 */
implemented: number, };

export type SoaLine = { ref: string, title: string, applicable: boolean, justification: string, 
/**
 * From the controls that meet it: implemented, partial, planned, or none.
 */
implementation: string, controls: Array<string>, };

export type SecurityClass = { confidentiality: boolean, integrity: boolean, availability: boolean, };

export type VulnerabilityId = number;

export type VulnerabilityStatus = "open" | "in_progress" | "mitigated" | "accepted" | "closed";

export type DueDays = { critical: number, high: number, medium: number, low: number, none: number, };

export type Vulnerability = { id: VulnerabilityId, key: string, title: string, description: string, cve: string | null, cvss_vector: string | null, cvss_version: string | null, base_score: number | null, 
/**
 * none, low, medium, high or critical
 */
severity: string | null, status: VulnerabilityStatus, found_on: string, due_on: string | null, 
/**
 * The package it is in (a package URL; without "@version", every version), which
 * software components are matched by.
 */
purl: string | null, };

export type VulnerabilityInput = { title: string, description: string, cve: string | null, cvss_vector: string | null, status: VulnerabilityStatus, found_on: string, purl: string | null, };

export type SpanKind = "counted" | "paused" | "closed" | "holiday";

export type CalendarId = number;

export type AgreementId = number;

export type TargetId = number;

export type AgreementKind = "sla" | "ola" | "uc";

export type Metric = "response" | "resolution";

export type CalendarSpec = { timezone: string, 
/**
 * "mon" … "sun" → [["08:00", "18:00"], …]; a missing day has no hours.
 */
hours: { [key in string]: Array<[string, string]> }, holidays: Array<string>, 
/**
 * What each holiday is ("2024-12-25" → "Christmas Day"); shown, never computed with.
 */
holiday_names?: { [key in string]: string }, 
/**
 * "YYYY-MM-DD" → that date's hours, instead of its weekday's.
 */
exceptions?: { [key in string]: Array<[string, string]> }, };

export type StoredCalendar = { id: CalendarId, name: string, spec: CalendarSpec, };

export type Holiday = { 
/**
 * YYYY-MM-DD
 */
date: string, name: string, };

export type Agreement = { id: AgreementId, kind: AgreementKind, name: string, service_id: number | null, group_id: number | null, vendor_id: number | null, valid_from: string | null, valid_to: string | null, review_on: string | null, description: string, 
/**
 * Where the signed agreement and its schedules are kept: a title, path or URL each.
 */
documents: Array<string>, };

export type AgreementInput = { kind: AgreementKind | null, name: string, service_id: number | null, group_id: number | null, vendor_id: number | null, valid_from: string | null, valid_to: string | null, review_on: string | null, description: string, documents: Array<string>, };

export type Target = { id: TargetId, agreement_id: AgreementId, name: string, metric: Metric, 
/**
 * Incidents or service requests.
 */
applies_to: AppliesTo, 
/**
 * Conditions: the records it applies to (all set ones must match). Priority is for
 * incidents, the request item for requests; a request's category is its item's.
 */
priority: number | null, category: string | null, service_id: number | null, item_id: number | null, minutes: number, calendar_id: CalendarId, pause_reasons: Array<OnHoldReason>, warning_pct: number, 
/**
 * The names of the service and request item conditions, for reading.
 */
service: string | null, item: string | null, };

export type TargetInput = { agreement_id: AgreementId, name: string, metric: Metric, applies_to: AppliesTo, priority: number | null, category: string | null, service_id: number | null, item_id: number | null, minutes: number, calendar_id: CalendarId, pause_reasons: Array<OnHoldReason>, warning_pct: number, };

export type ClockState = "running" | "paused" | "met" | "breached";

export type ClockView = { target: string, agreement: string, metric: Metric, started_at: string, deadline: string, stopped_at: string | null, elapsed_minutes: number, target_minutes: number, state: ClockState, 
/**
 * Still running and past the target's warning threshold (now).
 */
warning: boolean, 
/**
 * When it reaches (or reached) the warning threshold; None once stopped.
 */
warn_at: string | null, };

export type ReportRow = { agreement: string, target: string, measured: number, met: number, breached: number, compliance_pct: number | null, };

export type ComplianceBy = "agreement" | "target" | "service" | "priority" | "month";

export type ComplianceRow = { key: string, measured: number, met: number, breached: number, compliance_pct: number | null, };

export type Breach = { kind: AppliesTo, record_id: number, number: string, title: string, agreement: string, target: string, deadline: string, 
/**
 * None: still running past its deadline.
 */
stopped_at: string | null, 
/**
 * Business minutes used beyond the target.
 */
over_minutes: number, group: string | null, 
/**
 * Facts from the record's timeline that explain the breach, most telling first.
 */
reasons: Array<string>, };

export type TrendPeriod = "month" | "week";

export type ClockExplanation = { target: string, agreement: string, calendar: string, timezone: string, deadline: string, 
/**
 * How the clock ran, from its start to its stop (to now while it runs).
 */
spans: Array<ExplainedSpan>, 
/**
 * A running or paused clock's path from now to its deadline, if nothing pauses it
 * again: which of the hours ahead count and which the calendar closes.
 */
ahead: Array<ExplainedSpan>, };

export type AppliesTo = "incident" | "request";

export type ExplainedSpan = { from: string, to: string, kind: SpanKind, };

export type CaseResult = { id: string, deadline: string, business_minutes_elapsed: number | null, breached: boolean | null, explain?: Array<ExplainedSpan>, };

export type Pause = { from: string, to: string, };

export type WhatIf = { calendar: { timezone: string, hours: Record<string, Array<[string, string]>>, holidays: Array<string> }, start: string, target_minutes: number, pauses: Array<Pause>, end: string | null, };

export type ApplicationId = number;

export type ApplicationLifecycle = "plan" | "build" | "run" | "retire";

export type Application = { id: ApplicationId, name: string, description: string, lifecycle: ApplicationLifecycle, criticality: Criticality, business_owner_id: number | null, business_owner: string | null, technical_owner_id: number | null, technical_owner: string | null, components: number, };

export type ApplicationInput = { name: string, description: string, lifecycle: ApplicationLifecycle, criticality: Criticality, business_owner_id: number | null, technical_owner_id: number | null, };

export type Component = { id: number, name: string, version: string, purl: string | null, supplier: string, 
/**
 * Licence ids or expressions, "; "-separated, as the SBOM gives them.
 */
licences: string, 
/**
 * How many applications carry it.
 */
applications: number, 
/**
 * What it depends on in this application, by name and version.
 */
depends_on: Array<string>, 
/**
 * Vulnerabilities of the register (not closed) in its package (`VULNERABLE`).
 */
vulnerabilities: Array<string>, };

export type LicenceCount = { licence: string, components: number, copyleft: boolean, };

export type CopyleftList = { prefixes: Array<string>, };

export type ApplicationDetail = { application: Application, components: Array<Component>, licences: Array<LicenceCount>, };

export type Carrier = { application_id: ApplicationId, application: string, component: string, };

export type SbomError = { 
/**
 * Where it is: "components[3].components[0]" or an SPDXID.
 */
element: string, message: string, };

export type SbomReport = { 
/**
 * "cyclonedx-1.6", "spdx-2.3", ...
 */
format: string, application: string, components: number, with_purl: number, dependencies: number, 
/**
 * Components new to the workspace.
 */
created: number, 
/**
 * Components the workspace had whose supplier, licences or hashes the file changed.
 */
updated: number, rejected: number, errors: Array<SbomError>, 
/**
 * What the application carries now that it did not before, and no longer carries
 * (by name and version); empty on the first import.
 */
added: Array<string>, removed: Array<string>, 
/**
 * Dependency cycles the file states, each as its references in order ("a → b → a"):
 * kept as the SBOM has them, and said, since a build graph should have none.
 */
cycles: Array<string>, };

export type TimeQuadrant = "tolerate" | "invest" | "migrate" | "eliminate";

export type DebtStatus = "open" | "repaid";

export type FeedbackKind = "requirement" | "feedback";

export type FeedbackStatus = "proposed" | "accepted" | "delivered" | "declined";

export type Rationalisation = { business_value: number | null, technical_fitness: number | null, 
/**
 * What it costs to run a month (licences, support, hosting): a decimal, two places.
 */
monthly_cost: string | null, };

export type TimeItem = { application_id: ApplicationId, application: string, business_value: number, technical_fitness: number, monthly_cost_cents: number | null, quadrant: TimeQuadrant, };

export type QualityFigures = { measured_on: string, test_coverage_pct: number | null, open_defects: number | null, critical_defects: number | null, };

export type DebtItem = { id: number, title: string, description: string, 
/**
 * One-off cost to repay it (a decimal, two places).
 */
cost_to_fix: string, 
/**
 * What carrying it costs a month (extra effort, incidents, workarounds).
 */
interest: string, owner_id: number | null, owner: string | null, status: DebtStatus, };

export type DebtInput = { title: string, description: string, cost_to_fix: string, interest: string, owner_id: number | null, status: DebtStatus, };

export type Feedback = { id: number, kind: FeedbackKind, title: string, detail: string, 
/**
 * Who asked or said it (a stakeholder, a team, a customer).
 */
source: string, release_id: number | null, release: string | null, status: FeedbackStatus, created_at: string, };

export type FeedbackInput = { kind: FeedbackKind, title: string, detail: string, source: string, release_id: number | null, status: FeedbackStatus, };

export type Portfolio = { rationalisation: Rationalisation, quadrant: TimeQuadrant | null, 
/**
 * Newest first.
 */
quality: Array<QualityFigures>, debt: Array<DebtItem>, 
/**
 * Open debt: what repaying it costs and what carrying it costs a month.
 */
open_debt_cost: string, open_debt_interest: string, feedback: Array<Feedback>, };

export type FinanceSettings = { currency: string, 
/**
 * 1 (January) to 12.
 */
fiscal_year_start: number, };

export type ExchangeRate = { currency: string, 
/**
 * A decimal ("1.085") of the workspace's currency for one unit of this one.
 */
rate: string, };

export type CostPool = { id: number, name: string, tower: string, lines: number, rules: number, };

export type AllocationMethod = "fixed" | "equal" | "ci_count" | "usage";

export type AllocationRule = { id: number, cost_pool: string, method: AllocationMethod, service_id: number, service: string, 
/**
 * Fixed: the percentage ("25", "33.333"); usage: the units used ("300", "12.5"); none
 * for the other methods.
 */
share: string | null, 
/**
 * Usage: what the units are ("TB stored").
 */
driver: string, };

export type RuleScope = { "kind": "pool", "name": string } | { "kind": "tower", "name": string };

export type ServiceCost = { service_id: number, service: string, direct: string, allocated: string, total: string, };

export type Explanation = { cost_pool: string, 
/**
 * None: the part left unallocated.
 */
service: string | null, amount: string, 
/**
 * "Hardware 12,400.00 × 3 of 7 CIs = 5,314.29".
 */
text: string, };

export type Allocation = { currency: string, from: string, to: string, ledger_total: string, unallocated: string, services: Array<ServiceCost>, explanation: Array<Explanation>, };

export type BudgetInput = { 
/**
 * The year the fiscal year starts in.
 */
fiscal_year: number, cost_centre: string, cost_pool: string, 
/**
 * Twelve monthly amounts (decimals), or one annual amount spread flat.
 */
months: Array<string>, };

export type BudgetMonth = { 
/**
 * "YYYY-MM".
 */
month: string, budget: string, actual: string, forecast: string | null, };

export type BudgetVsActual = { fiscal_year: number, 
/**
 * The cost centre ("" for every one).
 */
cost_centre: string, 
/**
 * The service it is for, when one: its part of the budget and of the actuals.
 */
service: string | null, months: Array<BudgetMonth>, budget_total: string, actual_to_date: string, 
/**
 * Actual so far plus the run-rate for the months left.
 */
forecast_total: string, };

export type ChargedService = { service_id: number, service: string, 
/**
 * The service's whole cost over the period.
 */
service_cost: string, 
/**
 * How this consumer's part was reckoned ("640 of 935 users", "1 of 3 consumers").
 */
basis: string, charged: string, };

export type ConsumerStatement = { stakeholder_id: number, consumer: string, users: number | null, services: Array<ChargedService>, total: string, 
/**
 * The total over the users, to the cent (half up); none without users.
 */
per_user: string | null, };

export type UnconsumedService = { service: string, cost: string, };

export type Showback = { currency: string, from: string, to: string, consumers: Array<ConsumerStatement>, unconsumed: Array<UnconsumedService>, 
/**
 * What the services cost in all (the allocation's total less what it left unallocated).
 */
services_total: string, unallocated: string, };

export type RunCost = { service_id: number, service: string, 
/**
 * How many of its CIs have a monthly cost.
 */
cis: number, amount: string, };

export type CostWithCis = { service_id: number, service: string, ledger: string, cis: string, total: string, };

export type RunCosts = { services: Array<RunCost>, 
/**
 * CIs with a cost that no service runs on.
 */
unassigned: string, total: string, 
/**
 * A line per CI: "san-ham-01 (production) 1,240.50 a month = 1,240.50 over the period ÷ 3 services".
 */
explanation: Array<string>, 
/**
 * Every service with a cost from either, by name.
 */
with_ledger: Array<CostWithCis>, };

export type SatisfactionBy = "service" | "month";

export type SatisfactionRow = { key: string, responses: number, csat_pct: number | null, nps: number | null, };

export type SurveyComment = { service: string, answered_on: string, csat: number | null, nps: number | null, comment: string, 
/**
 * The incident or request it was about, when the survey named one.
 */
record: RecordRef | null, };

export type ResponseInput = { service_id: number, answered_on: string, csat: number | null, nps: number | null, comment: string, ticket: string, };

export type StakeholderId = number;

export type StakeholderKind = "person" | "customer" | "business_unit" | "supplier";

export type ServiceRelation = "consumes" | "provides";

export type GridQuadrant = "manage_closely" | "keep_satisfied" | "keep_informed" | "monitor";

export type Stakeholder = { id: StakeholderId, kind: StakeholderKind, 
/**
 * The person's, the vendor's or the organisation's name.
 */
name: string, person_id: number | null, vendor_id: number | null, role: string, influence: number, interest: number, quadrant: GridQuadrant, owner_id: number | null, owner: string | null, users: number | null, notes: string, 
/**
 * The services it consumes, by name.
 */
consumes: Array<string>, updated_at: string, };

export type StakeholderService = { service_id: number, service: string, relation: ServiceRelation, };

export type StakeholderAgreement = { agreement_id: number, name: string, kind: string, through_vendor: boolean, };

export type StakeholderDetail = { stakeholder: Stakeholder, services: Array<StakeholderService>, agreements: Array<StakeholderAgreement>, };

export type StakeholderInput = { kind: StakeholderKind, 
/**
 * An organisation's name (customers and business units).
 */
name: string, person_id: number | null, vendor_id: number | null, role: string, influence: number, interest: number, owner_id: number | null, users: number | null, notes: string, services: Array<StakeholderService>, agreement_ids: number[], };

export type QuadrantArea = { key: string, label: string, x: number, y: number, w: number, h: number, };

export type QuadrantChart = { svg: string, quadrants: Array<QuadrantArea>, };

export type EngagementId = number;

export type EngagementKind = "meeting" | "call" | "decision" | "commitment";

export type Engagement = { id: EngagementId, kind: EngagementKind, happened_on: string, stakeholder_id: number | null, stakeholder: string | null, service_id: number | null, service: string | null, summary: string, owner_id: number | null, owner: string | null, due_on: string | null, done_on: string | null, };

export type EngagementInput = { kind: EngagementKind, happened_on: string, stakeholder_id: number | null, service_id: number | null, summary: string, 
/**
 * A commitment's owner and due date (required for one, refused for the rest).
 */
owner_id: number | null, due_on: string | null, };

export type ReviewId = number;

export type ServiceReview = { id: ReviewId, service_id: number, service: string, period_from: string, period_to: string, held_on: string | null, discussion: string, decisions: string, 
/**
 * Actions agreed, and how many of them are now initiatives.
 */
actions: number, };

export type ReviewAction = { id: number, text: string, owner_id: number | null, owner: string | null, due_on: string | null, 
/**
 * The improvement initiative it became.
 */
initiative_id: number | null, initiative: string | null, };

export type ConsumerShare = { consumer: string, basis: string, charged: string, };

export type ReviewFigures = { 
/**
 * Clocks of the service's incidents and requests that stopped in the period.
 */
sla_measured: number, sla_met: number, sla_breached: number, sla_compliance_pct: number | null, incidents: number, major_incidents: number, 
/**
 * What the major incidents of the period cost (hours × rate as entered on them).
 */
major_incident_cost: string, incidents_resolved: number, requests: number, 
/**
 * Changes to the service or its CIs planned to start in the period.
 */
changes: number, changes_successful: number, changes_failed: number, change_success_pct: number | null, 
/**
 * Problems about the service (or behind its incidents) logged in the period, and those
 * still open now.
 */
problems_opened: number, problems_open: number, survey_responses: number, csat_pct: number | null, nps: number | null, currency: string, 
/**
 * Its cost over the period (direct and allocated), none when the ledger has nothing.
 */
cost: string | null, 
/**
 * What its CIs cost to run over the period by the CMDB's monthly costs (its share of
 * each), and the two together.
 */
ci_run_cost: string, cost_with_cis: string, cost_per_consumer: Array<ConsumerShare>, };

export type ReviewDetail = { review: ServiceReview, figures: ReviewFigures, actions: Array<ReviewAction>, };

export type ServiceReviewInput = { service_id: number, period_from: string, period_to: string, held_on: string | null, discussion: string, decisions: string, };

export type ReviewActionInput = { text: string, owner_id: number | null, due_on: string | null, };

export type ReportSection = "dashboard" | "risks" | "service_levels" | "problems" | "improvement" | "assessment" | "costs" | "appendix";

export type ReportFormat = "pdf" | "html";

export type ReportOutcome = { out: string, 
/**
 * Pages of a PDF; none for HTML.
 */
pages: number | null, sections: Array<ReportSection>, };

export type PublicKeyInfo = { 
/**
 * Where the private key was written.
 */
out: string, public_key: string, fingerprint: string, 
/**
 * The private key is sealed with a passphrase.
 */
sealed: boolean, };

export type BundleReport = { out: string, 
/**
 * Payload files (the snapshot, the report, the evidence files).
 */
files: number, public_key: string, fingerprint: string, audit_head: string, };

export type BundleVerification = { valid: boolean, 
/**
 * The key the manifest names (and that signed it, if the signature holds).
 */
public_key: string, fingerprint: string, signature_ok: boolean, 
/**
 * Whether the signer is the key the verifier expected; none when none was given.
 */
expected_key: boolean | null, files: number, changed: Array<string>, missing: Array<string>, added: Array<string>, 
/**
 * The snapshot's own audit chain: "ok", "broken", "unverified", or "encrypted" (not
 * walked: the snapshot is encrypted and its password was not given).
 */
audit_chain: string, audit_head: string, created_at: string, created_by: string, workspace: string, 
/**
 * Each problem in words.
 */
problems: Array<string>, };

export type OpenedBundle = { verification: BundleVerification, status: AppStatus, };
