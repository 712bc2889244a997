// Generated from the shell's Rust types by `src-tauri/src/bindings.rs`. Do not edit.
import type { Choice, Settings } from "./bindings";

export type WorkspaceInfo = { path: string, name: string, schema_version: number, settings: Settings, };

export type IdentityView = { name: string, email: string, };

export type AppStatus = { identity: IdentityView | null, workspace: WorkspaceInfo | null, 
/**
 * The file Steward starts on: `--workspace FILE` or the default workspace.
 */
start_path: string, start_exists: boolean, recent: Array<string>, };

export type CommandError = { kind: string, message: string, field: string | null, };

export type Choices = { criticality: Array<Choice>, service_status: Array<Choice>, ci_type: Array<Choice>, environment: Array<Choice>, lifecycle: Array<Choice>, link_type: Array<Choice>, date_format: Array<Choice>, incident_state: Array<Choice>, on_hold_reason: Array<Choice>, article_status: Array<Choice>, request_state: Array<Choice>, task_state: Array<Choice>, audience: Array<Choice>, comms_channel: Array<Choice>, file_format: Array<Choice>, import_phase: Array<Choice>, agreement_kind: Array<Choice>, sla_metric: Array<Choice>, clock_state: Array<Choice>, applies_to: Array<Choice>, compliance_by: Array<Choice>, treatment: Array<Choice>, risk_status: Array<Choice>, action_status: Array<Choice>, rating_kind: Array<Choice>, export_format: Array<Choice>, control_type: Array<Choice>, implementation: Array<Choice>, effectiveness: Array<Choice>, test_result: Array<Choice>, vulnerability_status: Array<Choice>, change_type: Array<Choice>, change_state: Array<Choice>, window_kind: Array<Choice>, recurrence: Array<Choice>, conflict_reason: Array<Choice>, problem_state: Array<Choice>, cluster_basis: Array<Choice>, review_outcome: Array<Choice>, vote: Array<Choice>, decision: Array<Choice>, 
/**
 * Allowed link triples as "from_kind:link_type:to_kind".
 */
allowed_links: Array<string>, };
