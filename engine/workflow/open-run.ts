// Loads what a workflow action needs: the record (locked for an action), the flow that governs it, the flow's
// published version, and the org directory.
import { accessVersion, orgDirectory } from '../access/index.ts';
import { ALLOW_ALL, notFound, type RequestContext } from '../core/index.ts';
import { compiledEntity } from '../data/index.ts';
import { businessNow } from '../jobs/index.ts';
import { lockRecord, type ActionRun } from './action-run.ts';
import { computeFacts } from './compute-facts.ts';
import { publishedVersion } from './definition-versions.ts';
import { workflowFor } from './governing-workflow.ts';

/** undefined when the record is out of reach or no flow governs it. `scoped` = false reads as the engine. */
export async function openRun(tx: RequestContext, entityName: string, id: string, forUpdate = true, scoped = true): Promise<ActionRun | undefined> {
  const entity = compiledEntity(tx.model, entityName).entity;
  const record = await lockRecord(scoped ? tx : { ...tx, access: ALLOW_ALL }, entity, id, forUpdate);
  if (!record) return undefined;
  const wf = workflowFor(tx.model, entityName, record);
  if (!wf) return undefined;
  const version = await publishedVersion(tx.knex, tx.tenant, wf);
  const directory = await orgDirectory(tx.knex, tx.tenant, await accessVersion(tx.knex, tx.tenant));
  const now = await businessNow(tx.knex, tx.tenant);
  return { tx, entity, wf, version, record, directory, now, facts: await computeFacts(tx, wf, record, now) };
}

export async function openRunOrThrow(tx: RequestContext, entityName: string, id: string, forUpdate = true): Promise<ActionRun> {
  const run = await openRun(tx, entityName, id, forUpdate);
  if (!run) throw notFound(`No ${entityName} record with id ${id} under a workflow`, [{ path: 'id', message: 'not found' }]);
  return run;
}
