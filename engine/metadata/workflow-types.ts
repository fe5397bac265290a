// Workflow documents (metadata/workflows/*.json): a state machine over one entity's state field, with transitions,
// an optional approval of ordered steps, and timers. See schemas/workflow.schema.json for the authored form.
import type { JsonLogic, Labels, Source } from './model-types.ts';

export type ApproverKind = 'users' | 'role' | 'manager' | 'manager_chain' | 'department_head' | 'field' | 'chosen';

export interface ApproverRule {
  kind: ApproverKind;
  /** users: user names. */
  users?: string[];
  /** role: role code; withinDepartment keeps holders in the record's department (and below). */
  role?: string;
  withinDepartment?: boolean;
  /** manager, manager_chain, department_head: whose chain (default submitter). */
  of?: 'submitter' | 'owner';
  /** manager: how many levels up (1 = direct manager); department_head: 0 = own department, 1 = its parent… */
  level?: number;
  /** manager_chain: consecutive managers up to this many levels, or up to the first holder of untilRole. */
  levels?: number;
  untilRole?: string;
  /** field: a ref-to-user field on the record. */
  field?: string;
  /** chosen: the submitter picks from these. */
  from?: { role?: string; users?: string[] };
}

export interface NotificationDoc {
  to: ApproverRule[];
  title: Labels;
  body?: Labels;
}

export interface StateDoc {
  labels?: Labels;
  color?: string;
  /** Fields a user may change in this state ("*" = all the user may write otherwise). */
  editable?: '*' | string[];
  required?: string[];
  locked?: boolean;
  final?: boolean;
  effects?: Record<string, JsonLogic>;
}

export type Who = 'anyone' | 'owner' | { roles?: string[]; condition?: JsonLogic };

export interface TransitionDoc {
  action: string;
  labels?: Labels;
  from: string[];
  to: string;
  who?: Who;
  guard?: JsonLogic;
  guardMessage?: Labels;
  required?: string[];
  effects?: Record<string, JsonLogic>;
  assign?: { field: string; roundRobin: { department?: string; role?: string } };
  approval?: boolean;
  /** Fired by the engine as soon as the record enters a `from` state (and the guard holds). */
  auto?: boolean;
  comment?: 'optional' | 'required';
  notify?: NotificationDoc[];
  /** Only a person may fire it: a timer or an automatic step never does (e.g. a final acceptance on site). */
  manualOnly?: boolean;
  requires?: RequiresDoc;
}

/** What a transition needs before it fires (engine/workflow/gate-requirements.ts); a refusal lists all that is missing. */
export interface RequiresDoc {
  /** Attachment fields of the record that must hold files (`min`, default 1). */
  documents?: { field: string; min?: number }[];
  /** Records of `entity` whose `via` field points to this record: of those `where` selects, `all` must hold for
   * every one (and there must be one), or `any` for at least one. */
  records?: { entity: string; via: string; where?: JsonLogic; all?: JsonLogic; any?: JsonLogic; labels?: Labels }[];
  /** Approval steps of this workflow that must have been approved on the record (a person's sign-off). */
  signoffs?: { step: string }[];
  conditions?: { rule: JsonLogic; message: Labels }[];
}

export interface StepDoc {
  id: string;
  labels?: Labels;
  when?: JsonLogic;
  approvers: ApproverRule[];
  mode?: 'any' | 'all' | 'sequential';
}

export interface ApprovalDoc {
  steps: StepDoc[];
  fallback?: 'admin' | 'next_level' | 'skip';
  selfApproval?: boolean;
  approved: string;
  rejected: string;
  rejectTo?: string[];
  notify?: { task?: Labels; approved?: Labels; rejected?: Labels; returned?: Labels };
}

export interface TimerDoc {
  id: string;
  labels?: Labels;
  state?: string;
  since?: string;
  after: string | JsonLogic;
  if?: JsonLogic;
  unlessRelated?: { entity: string; field: string; via?: string };
  do: { notify?: NotificationDoc; escalate?: boolean; transition?: string };
}

/** Records created from the record's lines (a payment node → a receivable) on entering a state or on a date. */
export interface CreateDoc {
  id: string;
  labels?: Labels;
  from: string;
  entity: string;
  link: string;
  state?: string;
  date?: string;
  if?: JsonLogic;
  values: Record<string, JsonLogic>;
}

/** A fact about related records: a looked-up field (lookup) or a sum or count over matching records (aggregate). */
export interface FactDoc {
  entity: string;
  field?: string;
  id?: string;
  sum?: string;
  count?: boolean;
  match?: Record<string, string>;
  where?: JsonLogic;
  excludeSelf?: boolean;
}

export interface WorkflowDoc {
  name: string;
  labels: Labels;
  description?: string;
  entity: string;
  stateField: string;
  appliesWhen?: JsonLogic;
  facts?: Record<string, FactDoc>;
  states: Record<string, StateDoc>;
  creates?: CreateDoc[];
  transitions: TransitionDoc[];
  approval?: ApprovalDoc;
  timers?: TimerDoc[];
}

export interface WorkflowDef extends Readonly<WorkflowDoc> {
  readonly source: Source;
  /** Content hash: a changed definition is a new version; running instances keep the version they started on. */
  readonly hash: string;
}
