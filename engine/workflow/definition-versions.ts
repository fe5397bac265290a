// Published workflow versions: every distinct content of a flow is stored once with a version number; an instance
// keeps the version it started on and is driven by that document until it ends, whatever is edited meanwhile.
import type { Knex } from 'knex';
import { qualified, queryRows, type Tenant } from '../db/index.ts';
import type { WorkflowDef, WorkflowDoc } from '../metadata/index.ts';

const docs = new Map<string, WorkflowDoc>();

/** The version number of the flow's current content, publishing it when it is new. Runs inside the caller's transaction. */
export async function publishedVersion(trx: Knex, tenant: Tenant, wf: WorkflowDef): Promise<number> {
  const table = qualified(tenant, 'crm_wf_definition');
  const [known] = await queryRows<{ version: number }>(trx, `select version from ${table} where name = ? and hash = ?`, [wf.name, wf.hash]);
  if (known) return known.version;
  // Two servers publishing the same new content race on the (name, hash) key; the loser reads the winner's row.
  const [row] = await queryRows<{ version: number }>(
    trx,
    `insert into ${table} (name, version, hash, doc)
     select ?, coalesce(max(version), 0) + 1, ?, ?::jsonb from ${table} where name = ?
     on conflict (name, hash) do update set hash = excluded.hash
     returning version`,
    [wf.name, wf.hash, JSON.stringify(documentOf(wf)), wf.name],
  );
  return row!.version;
}

/** The flow as it was at `version` (what a running instance follows). */
export async function definitionAt(knex: Knex, tenant: Tenant, name: string, version: number): Promise<WorkflowDoc> {
  const key = `${tenant.schema}:${name}:${version}`;
  let doc = docs.get(key);
  if (!doc) {
    const [row] = await queryRows<{ doc: WorkflowDoc }>(knex, `select doc from ${qualified(tenant, 'crm_wf_definition')} where name = ? and version = ?`, [name, version]);
    if (!row) throw new Error(`workflow ${name} version ${version} is not published`);
    doc = row.doc;
    docs.set(key, doc);
  }
  return doc;
}

function documentOf(wf: WorkflowDef): WorkflowDoc {
  const { source: _source, hash: _hash, ...doc } = wf;
  return doc;
}
