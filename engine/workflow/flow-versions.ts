// What the flow designer shows about versions: each flow's published version now in force, every version published
// and how many approvals are still running on each, which version each running record follows, and the definition in
// force (what the designer edits).
import type { Knex } from 'knex';
import { qualified, queryRows, type Tenant } from '../db/index.ts';
import type { Model, WorkflowDef, WorkflowDoc } from '../metadata/index.ts';

export interface FlowSummary {
  name: string;
  labels: Record<string, string>;
  entity: string;
  /** Where the definition in force comes from: a shipped file (core or plugin) or the admin's edited copy. */
  origin: 'shipped' | 'admin';
  /** The published version of the definition in force (null until it is first published). */
  currentVersion: number | null;
  /** Running approvals per version, e.g. {"1": 2, "3": 1}. */
  running: Record<string, number>;
}

export interface FlowVersion {
  version: number;
  publishedAt: string;
  current: boolean;
  running: number;
}

export interface RunningRecord {
  recordId: string;
  version: number;
  startedAt: string;
  stepIndex: number;
}

const originOf = (wf: WorkflowDef): FlowSummary['origin'] => (wf.source.file.startsWith('admin:') ? 'admin' : 'shipped');

export async function listFlows(knex: Knex, tenant: Tenant, model: Model): Promise<FlowSummary[]> {
  const flows = [...model.workflows.values()];
  const [current, running] = await Promise.all([currentVersions(knex, tenant, flows), runningCounts(knex, tenant)]);
  return flows
    .map((wf) => ({ name: wf.name, labels: wf.labels, entity: wf.entity, origin: originOf(wf), currentVersion: current.get(wf.name) ?? null, running: running.get(wf.name) ?? {} }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** undefined when the Model has no flow of that name. */
export async function flowVersions(knex: Knex, tenant: Tenant, model: Model, name: string): Promise<{ flow: FlowSummary; definition: WorkflowDoc; versions: FlowVersion[]; records: RunningRecord[] } | undefined> {
  const wf = model.workflows.get(name);
  if (!wf) return undefined;
  const [flow] = (await listFlows(knex, tenant, model)).filter((f) => f.name === name);
  const published = await queryRows<{ version: number; published_at: string }>(knex, `select version, published_at from ${qualified(tenant, 'crm_wf_definition')} where name = ? order by version`, [name]);
  const records = await queryRows<{ record_id: string; workflow_version: number; started_at: string; step_index: number }>(
    knex,
    `select record_id, workflow_version, started_at, step_index from ${qualified(tenant, 'crm_wf_instance')} where workflow = ? and status = 'running' order by started_at desc limit 500`,
    [name],
  );
  const versions = published.map((p) => ({ version: p.version, publishedAt: p.published_at, current: p.version === flow!.currentVersion, running: flow!.running[String(p.version)] ?? 0 }));
  const { source: _source, hash: _hash, ...definition } = wf;
  return { flow: flow!, definition, versions, records: records.map((r) => ({ recordId: r.record_id, version: r.workflow_version, startedAt: r.started_at, stepIndex: r.step_index })) };
}

async function currentVersions(knex: Knex, tenant: Tenant, flows: readonly WorkflowDef[]): Promise<Map<string, number>> {
  if (!flows.length) return new Map();
  const rows = await queryRows<{ name: string; version: number }>(
    knex,
    `select name, version from ${qualified(tenant, 'crm_wf_definition')} where (name, hash) in (select * from unnest(?::text[], ?::text[]))`,
    [flows.map((f) => f.name), flows.map((f) => f.hash)],
  );
  return new Map(rows.map((r) => [r.name, r.version]));
}

async function runningCounts(knex: Knex, tenant: Tenant): Promise<Map<string, Record<string, number>>> {
  const rows = await queryRows<{ workflow: string; workflow_version: number; n: number }>(
    knex,
    `select workflow, workflow_version, count(*)::int as n from ${qualified(tenant, 'crm_wf_instance')} where status = 'running' group by workflow, workflow_version`,
  );
  const map = new Map<string, Record<string, number>>();
  for (const r of rows) map.set(r.workflow, { ...map.get(r.workflow), [String(r.workflow_version)]: r.n });
  return map;
}
