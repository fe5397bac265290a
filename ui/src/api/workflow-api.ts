// Workflow endpoints: a record's workflow view (state, approval, my actions, history), running an action, and my
// approval inbox.
import { apiGet, apiRequest } from './client';
import type { Labels } from './types';

export interface WorkflowTask {
  id: string;
  step_id: string;
  approver: string;
  approver_name: string;
  status: string;
  comment: string | null;
  decided_at: string | null;
}

/** An approval step whose approvers the submitter picks, with the people allowed. */
export interface ApproverChoice {
  step: string;
  labels: Labels;
  required: boolean;
  multiple: boolean;
  candidates: { id: string; name: string }[];
}

export interface WorkflowAction {
  action: string;
  labels: Labels;
  kind: 'transition' | 'approval';
  comment?: 'optional' | 'required';
  choose?: ApproverChoice[];
}

export interface WorkflowHistoryEntry {
  action: string;
  from_state: string | null;
  to_state: string | null;
  step_id: string | null;
  actor_name: string | null;
  comment: string | null;
  at: string;
  /** What was done, in the flow's own words (its transition labels, or the engine's for approvals). */
  action_labels?: Labels | null;
  /** The approval step the entry belongs to. */
  step_labels?: Labels | null;
  /** The actor's display name (the username when the user is gone). */
  actor_display?: string | null;
}

export interface WorkflowView {
  workflow: { name: string; labels: Labels; version: number };
  state: { code: string; labels: Labels; color?: string; locked: boolean };
  approval: { id: string; status: string; step: string | null; submitter: string; tasks: WorkflowTask[] } | null;
  actions: WorkflowAction[];
  history: WorkflowHistoryEntry[];
}

export interface InboxItem {
  task_id: string;
  entity: string;
  entity_labels: Labels;
  record_id: string;
  display: unknown;
  state: unknown;
  submitter_name: string | null;
  created_at: string;
}

const base = (entity: string, id: string) => `/api/records/${encodeURIComponent(entity)}/${encodeURIComponent(id)}`;

export function fetchWorkflow(entity: string, id: string): Promise<WorkflowView> {
  return apiGet<WorkflowView>(`${base(entity, id)}/workflow`);
}

export function runAction(entity: string, id: string, action: string, body: { comment?: string; to?: string; approvers?: Record<string, string[]> }): Promise<WorkflowView> {
  return apiRequest<WorkflowView>('POST', `${base(entity, id)}/actions/${encodeURIComponent(action)}`, body);
}

export async function fetchInbox(): Promise<InboxItem[]> {
  return (await apiGet<{ data: InboxItem[] }>('/api/inbox')).data;
}
