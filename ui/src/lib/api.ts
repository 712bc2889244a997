// The one door to the Rust commands: typed wrappers over `invoke`, with errors turned into
// AppError so every view shows them the same way. Types come from the generated bindings.
import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  AuditEntry, AuditExportFormat, BackupReport, CheckReport, Ci, CiId, CiInput, DirectoryKind, Group, GroupInput,
  Impact, ImportReport, LinkId, LinkView, ListRequest, Me, NewLink, Page, Person, PersonInput, RecordRef, SearchHit,
  Service, ServiceId, ServiceInput, Settings, Summary, Vendor, VendorInput,
  Incident, IncidentDetail, IncidentId, IncidentInput, IncidentStats, Note,
  PriorityMatrix, Transition, ExportFormat, ExportReport, DateOrder, DeskFigures, Article, ArticleId, ArticleInput,
  Communication, CommunicationInput, CatalogueItem, CatalogueItemId, CatalogueItemInput, Request, RequestDetail, RequestId,
  RequestInput, RequestTaskId, RequestTransition, TaskUpdate, FileFormat, ImportPreview, ImportProgress, ImportOutcome,
  ImportRun, ImportId, UndoReport, WhatIf, CaseResult, StoredCalendar, Agreement, Target, ReportRow, ClockView, Theme, Holiday, ClockExplanation, AppliesTo, AgreementId, RiskMatrix, ReRating, Risk, RiskId, RiskDetail, RiskInput, RiskActionInput, RatingKind, Heatmap, SheetPreview, Control, ControlId, ControlDetail, ControlInput, ControlTestInput, EvidenceFile, Framework, FrameworkId, Requirement, Coverage, CvssScore, Vulnerability, VulnerabilityId, VulnerabilityInput, DueDays, SecurityClass, Change, ChangeId, ChangeInput, ChangeState, Conflict, ChangeWindow, WindowInput, Problem, ProblemId, ProblemInput, ProblemState, Candidate, DetectionInput, ChangeFigures, ProblemFigures, ChangeDetail, Questionnaire, Authorization, VoteInput, Review, ReviewInput, Board, BoardInput, Authority, ChangeType, Template, TemplateInput, Calendar, KnownErrorQuery, ComplianceBy, ComplianceRow, Breach, TrendPeriod,
  AgreementInput, TargetInput, TargetId, CalendarId,
} from "./bindings";
import type { AppStatus, Choices, CommandError } from "./shell-bindings";

export class AppError extends Error {
  readonly kind: string;
  readonly field: string | null;
  constructor(e: CommandError) {
    super(e.message);
    this.kind = e.kind;
    this.field = e.field;
  }
}

/** Turns whatever a command rejected with into an AppError with words a user can read. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (e && typeof e === "object" && "kind" in e && "message" in e) return new AppError(e as CommandError);
  const text = typeof e === "string" ? e : e instanceof Error ? e.message : "Something went wrong.";
  return new AppError({ kind: "internal", message: text, field: null });
}

async function call<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toAppError(e);
  }
}

export const api = {
  appStatus: () => call<AppStatus>("app_status"),
  openStartWorkspace: () => call<AppStatus>("open_start_workspace"),
  setIdentity: (name: string, email: string) => call<AppStatus>("set_identity", { name, email }),
  createStartWorkspace: (demo: boolean) => call<AppStatus>("create_start_workspace", { demo }),
  newWorkspace: () => call<AppStatus>("new_workspace"),
  openWorkspaceDialog: () => call<AppStatus>("open_workspace_dialog"),
  openWorkspace: (path: string) => call<AppStatus>("open_workspace", { path }),
  backupWorkspace: () => call<BackupReport | null>("backup_workspace"),
  restoreWorkspace: () => call<AppStatus>("restore_workspace"),
  checkWorkspace: () => call<CheckReport>("check_workspace"),
  summary: () => call<Summary>("workspace_summary"),
  search: (text: string) => call<SearchHit[]>("search", { text }),
  auditTrail: (request: ListRequest) => call<Page<AuditEntry>>("audit_trail", { request }),
  exportAudit: (format: AuditExportFormat) => call<number | null>("export_audit", { format }),
  getSettings: () => call<Settings>("get_settings"),
  updateSettings: (settings: Settings) => call<Settings>("update_settings", { settings }),
  timeZones: () => call<string[]>("time_zones"),
  whoami: () => call<Me>("whoami"),
  choices: () => call<Choices>("choices"),

  listServices: (request: ListRequest) => call<Page<Service>>("list_services", { request }),
  getService: (id: ServiceId) => call<Service>("get_service", { id }),
  createService: (input: ServiceInput) => call<Service>("create_service", { input }),
  updateService: (id: ServiceId, input: ServiceInput) => call<Service>("update_service", { id, input }),
  deleteService: (id: ServiceId, removeLinks: boolean) => call<void>("delete_service", { id, remove_links: removeLinks }),

  listCis: (request: ListRequest) => call<Page<Ci>>("list_cis", { request }),
  getCi: (id: CiId) => call<Ci>("get_ci", { id }),
  createCi: (input: CiInput) => call<Ci>("create_ci", { input }),
  updateCi: (id: CiId, input: CiInput) => call<Ci>("update_ci", { id, input }),
  deleteCi: (id: CiId, removeLinks: boolean) => call<void>("delete_ci", { id, remove_links: removeLinks }),
  impactOfCi: (id: CiId) => call<Impact>("impact_of_ci", { id }),

  linksOf: (record: RecordRef) => call<LinkView[]>("links_of", { record }),
  createLink: (link: NewLink) => call<LinkView>("create_link", { link }),
  deleteLink: (id: LinkId) => call<void>("delete_link", { id }),
  recordHistory: (record: RecordRef) => call<Page<AuditEntry>>("record_history", { record }),

  listPeople: (request: ListRequest) => call<Page<Person>>("list_people", { request }),
  createPerson: (input: PersonInput) => call<Person>("create_person", { input }),
  updatePerson: (id: number, input: PersonInput) => call<Person>("update_person", { id, input }),
  deletePerson: (id: number) => call<void>("delete_person", { id }),
  listGroups: (request: ListRequest) => call<Page<Group>>("list_groups", { request }),
  createGroup: (input: GroupInput) => call<Group>("create_group", { input }),
  updateGroup: (id: number, input: GroupInput) => call<Group>("update_group", { id, input }),
  deleteGroup: (id: number) => call<void>("delete_group", { id }),
  listVendors: (request: ListRequest) => call<Page<Vendor>>("list_vendors", { request }),
  createVendor: (input: VendorInput) => call<Vendor>("create_vendor", { input }),
  updateVendor: (id: number, input: VendorInput) => call<Vendor>("update_vendor", { id, input }),
  deleteVendor: (id: number) => call<void>("delete_vendor", { id }),
  importDirectory: (kind: DirectoryKind) => call<ImportReport | null>("import_directory", { kind }),

  listIncidents: (request: ListRequest) => call<Page<Incident>>("list_incidents", { request }),
  getIncident: (id: IncidentId) => call<IncidentDetail>("get_incident", { id }),
  incidentNotes: (id: IncidentId) => call<Note[]>("incident_notes", { id }),
  logIncident: (input: IncidentInput) => call<Incident>("log_incident", { input }),
  updateIncident: (id: IncidentId, input: IncidentInput) => call<Incident>("update_incident", { id, input }),
  transitionIncident: (id: IncidentId, transition: Transition) => call<Incident>("transition_incident", { id, transition }),
  addIncidentNote: (id: IncidentId, body: string, visibleToCaller: boolean) =>
    call<void>("add_incident_note", { id, body, visible_to_caller: visibleToCaller }),
  incidentStats: () => call<IncidentStats>("incident_stats"),
  getPriorityMatrix: () => call<PriorityMatrix>("get_priority_matrix"),
  setPriorityMatrix: (matrix: PriorityMatrix) => call<PriorityMatrix>("set_priority_matrix", { matrix }),
  incidentCommunications: (id: IncidentId) => call<Communication[]>("incident_communications", { id }),
  logCommunication: (id: IncidentId, input: CommunicationInput) => call<Communication>("log_communication", { id, input }),
  listArticles: (request: ListRequest) => call<Page<Article>>("list_articles", { request }),
  getArticle: (id: ArticleId) => call<Article>("get_article", { id }),
  createArticle: (input: ArticleInput) => call<Article>("create_article", { input }),
  updateArticle: (id: ArticleId, input: ArticleInput) => call<Article>("update_article", { id, input }),
  suggestArticles: (text: string) => call<Article[]>("suggest_articles", { text }),
  getAutoCloseDays: () => call<number>("get_auto_close_days"),
  setAutoCloseDays: (days: number) => call<number>("set_auto_close_days", { days }),
  deskFigures: () => call<DeskFigures>("desk_figures"),
  exportIncidents: (format: ExportFormat, request: ListRequest) => call<ExportReport | null>("export_incidents", { format, request }),

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
  runImport: (format: FileFormat, tz: string, dateOrder: DateOrder | null, onProgress: (p: ImportProgress) => void) => {
    const channel = new Channel<ImportProgress>();
    channel.onmessage = onProgress;
    return call<ImportOutcome>("run_import", { format, tz, date_order: dateOrder, on_progress: channel });
  },
  cancelImport: () => call<void>("cancel_import"),
  listImports: () => call<ImportRun[]>("list_imports"),
  undoImport: (id: ImportId) => call<UndoReport>("undo_import", { id }),

  slaWhatIf: (question: WhatIf) => call<CaseResult>("sla_what_if", { question }),
  listCalendars: () => call<StoredCalendar[]>("list_calendars"),
  listAgreements: () => call<Agreement[]>("list_agreements"),
  listSlaTargets: () => call<Target[]>("list_sla_targets"),
  slaReport: (from: string | null, to: string | null) => call<ReportRow[]>("sla_report", { from, to }),
  incidentClocks: (id: IncidentId) => call<ClockView[]>("incident_clocks", { id }),
  requestClocks: (id: RequestId) => call<ClockView[]>("request_clocks", { id }),
  explainClocks: (kind: AppliesTo, id: number) => call<ClockExplanation[]>("explain_clocks", { kind, id }),
  saveCalendar: (id: CalendarId | null, name: string, spec: StoredCalendar["spec"]) => call<StoredCalendar>("save_calendar", { id, name, spec }),
  pickHolidays: (fromYear: number | null, toYear: number | null) => call<Holiday[] | null>("pick_holidays", { from_year: fromYear, to_year: toYear }),
  createAgreement: (input: AgreementInput) => call<Agreement>("create_agreement", { input }),
  updateAgreement: (id: AgreementId, input: AgreementInput) => call<Agreement>("update_agreement", { id, input }),
  createSlaTarget: (input: TargetInput) => call<Target>("create_sla_target", { input }),
  updateSlaTarget: (id: TargetId, input: TargetInput) => call<Target>("update_sla_target", { id, input }),
  getRiskMatrix: () => call<RiskMatrix>("get_risk_matrix"),
  setRiskMatrix: (matrix: RiskMatrix) => call<ReRating>("set_risk_matrix", { matrix }),
  listRisks: (request: ListRequest) => call<Page<Risk>>("list_risks", { request }),
  getRisk: (id: RiskId) => call<RiskDetail>("get_risk", { id }),
  createRisk: (input: RiskInput) => call<RiskDetail>("create_risk", { input }),
  updateRisk: (id: RiskId, input: RiskInput) => call<RiskDetail>("update_risk", { id, input }),
  saveRiskAction: (risk: RiskId, action: number | null, input: RiskActionInput) => call<RiskDetail>("save_risk_action", { risk, action, input }),
  riskHeatmap: (rating: RatingKind, theme: Theme) => call<Heatmap>("risk_heatmap", { rating, theme }),
  exportRiskHeatmap: (png: boolean, rating: RatingKind, theme: Theme) => call<string | null>("export_risk_heatmap", { png, rating, theme }),
  exportRisks: (format: ExportFormat, request: ListRequest) => call<ExportReport | null>("export_risks", { format, request }),
  importRisks: () => call<ImportReport | null>("import_risks"),
  pickRiskSheet: () => call<SheetPreview | null>("pick_risk_sheet"),
  importRiskSheet: (mapping: (string | null)[]) => call<ImportReport>("import_risk_sheet", { mapping }),
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
  importFramework: (name: string) => call<FrameworkId | null>("import_framework", { name }),
  frameworkRequirements: (id: FrameworkId) => call<Requirement[]>("framework_requirements", { id }),
  frameworkCoverage: (id: FrameworkId) => call<Coverage[]>("framework_coverage", { id }),
  setControlRequirements: (id: ControlId, requirements: number[]) => call<ControlDetail>("set_control_requirements", { id, requirements }),
  setApplicability: (requirement: number, applicable: boolean, justification: string) => call<void>("set_applicability", { requirement, applicable, justification }),
  exportSoa: (id: FrameworkId, format: ExportFormat) => call<ExportReport | null>("export_soa", { id, format }),
  classifyIncident: (id: IncidentId, cls: SecurityClass | null) => call<Incident>("classify_incident", { id, class: cls }),
  listProblems: (request: ListRequest) => call<Page<Problem>>("list_problems", { request }),
  getProblem: (id: ProblemId) => call<Problem>("get_problem", { id }),
  createProblem: (input: ProblemInput, incidents: number[]) => call<Problem>("create_problem", { input, incidents }),
  updateProblem: (id: ProblemId, input: ProblemInput) => call<Problem>("update_problem", { id, input }),
  transitionProblem: (id: ProblemId, to: ProblemState) => call<Problem>("transition_problem", { id, to }),
  problemCandidates: (input: DetectionInput) => call<Candidate[]>("problem_candidates", { input }),
  knownErrorsFor: (incident: IncidentId) => call<Problem[]>("known_errors_for", { incident }),
  listChanges: () => call<Change[]>("list_changes"),
  changeFigures: () => call<ChangeFigures>("change_figures"),
  problemFigures: () => call<ProblemFigures>("problem_figures"),
  getChange: (id: ChangeId) => call<ChangeDetail>("get_change", { id }),
  changeQuestionnaire: () => call<Questionnaire>("change_questionnaire"),
  setChangeQuestionnaire: (questionnaire: Questionnaire) => call<Questionnaire>("set_change_questionnaire", { questionnaire }),
  assessChange: (id: ChangeId, answers: number[]) => call<Change>("assess_change", { id, answers }),
  voteOnChange: (id: ChangeId, input: VoteInput) => call<Authorization>("vote_on_change", { id, input }),
  reviewChange: (id: ChangeId, input: ReviewInput) => call<Review>("review_change", { id, input }),
  listChangeBoards: () => call<Board[]>("list_change_boards"),
  saveChangeBoard: (id: number | null, input: BoardInput) => call<Board>("save_change_board", { id, input }),
  listChangeAuthorities: () => call<Authority[]>("list_change_authorities"),
  setChangeAuthority: (changeType: ChangeType, risk: string, boardId: number | null, approvalsNeeded: number) =>
    call<Authority[]>("set_change_authority", { change_type: changeType, risk, board_id: boardId, approvals_needed: approvalsNeeded }),
  listChangeTemplates: () => call<Template[]>("list_change_templates"),
  saveChangeTemplate: (id: number | null, input: TemplateInput) => call<Template>("save_change_template", { id, input }),
  changeCalendar: (from: string, to: string) => call<Calendar>("change_calendar", { from, to }),
  deleteChangeWindow: (id: number) => call<null>("delete_change_window", { id }),
  suggestKnownErrors: (query: KnownErrorQuery) => call<Problem[]>("suggest_known_errors", { query }),
  linkProblemIncidents: (id: ProblemId, incidents: number[]) => call<number>("link_problem_incidents", { id, incidents }),
  createChange: (input: ChangeInput) => call<Change>("create_change", { input }),
  updateChange: (id: ChangeId, input: ChangeInput) => call<Change>("update_change", { id, input }),
  transitionChange: (id: ChangeId, to: ChangeState) => call<Change>("transition_change", { id, to }),
  changeConflicts: () => call<Conflict[]>("change_conflicts"),
  listChangeWindows: () => call<ChangeWindow[]>("list_change_windows"),
  createChangeWindow: (input: WindowInput) => call<ChangeWindow>("create_change_window", { input }),
  listVulnerabilities: (request: ListRequest) => call<Page<Vulnerability>>("list_vulnerabilities", { request }),
  getVulnerability: (id: VulnerabilityId) => call<Vulnerability>("get_vulnerability", { id }),
  createVulnerability: (input: VulnerabilityInput) => call<Vulnerability>("create_vulnerability", { input }),
  updateVulnerability: (id: VulnerabilityId, input: VulnerabilityInput) => call<Vulnerability>("update_vulnerability", { id, input }),
  getVulnerabilityDueDays: () => call<DueDays>("get_vulnerability_due_days"),
  setVulnerabilityDueDays: (days: DueDays) => call<number>("set_vulnerability_due_days", { days }),
  slaCompliance: (by: ComplianceBy, from: string | null, to: string | null) => call<ComplianceRow[]>("sla_compliance", { by, from, to }),
  slaBreaches: (from: string | null, to: string | null) => call<Breach[]>("sla_breaches", { from, to }),
  slaTrend: (goalPct: number, period: TrendPeriod, theme: Theme) => call<string>("sla_trend", { goal_pct: goalPct, period, theme }),
  exportSlaTrend: (png: boolean, goalPct: number, period: TrendPeriod, theme: Theme) => call<string | null>("export_sla_trend", { png, goal_pct: goalPct, period, theme }),
};
