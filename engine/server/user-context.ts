// A request context for a named user outside any HTTP request: operator commands that act as a person (crm import
// --user) get exactly that person's rights, never the system's.
import { randomUUID } from 'node:crypto';
import { accessVersion, handleRecordChange, orgDirectory, policyFor, RECORD_CHANGE_AUDIT } from '../access/index.ts';
import { EngineError, type RequestContext } from '../core/index.ts';
import type { Engine } from './open-engine.ts';

export async function contextForUser(engine: Engine, username: string): Promise<RequestContext> {
  const model = engine.model();
  const directory = await orgDirectory(engine.db.knex, engine.tenant, await accessVersion(engine.db.knex, engine.tenant));
  const user = directory.userByName(username);
  if (!user?.active) throw new EngineError('BAD_REQUEST', `No active user "${username}"`, [{ path: 'user', message: 'unknown or disabled user' }]);
  return {
    actor: { id: user.id, kind: 'user', name: user.username, department: user.department },
    access: policyFor(model, directory, user.id, engine.tenant),
    tenant: engine.tenant,
    model,
    knex: engine.db.knex,
    locale: 'zh-CN',
    requestId: `cli-${randomUUID()}`,
    onChange: handleRecordChange,
    changeAudit: RECORD_CHANGE_AUDIT,
  };
}
