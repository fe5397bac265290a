// Creating a user together with their first password, in one transaction: a user the UI creates can sign in at once,
// and a refused password leaves no user behind.
import { appendAudit } from '../audit/index.ts';
import { badRequest, validationFailed, type Locale, type RequestContext } from '../core/index.ts';
import { createRecord, type RecordData } from '../data/index.ts';
import { checkPasswordPolicy, setPassword } from './auth/index.ts';

export interface NewUser {
  /** The app_user record's fields (username, display_name, department, position, roles …), checked by the record service. */
  record: Record<string, unknown>;
  password: string;
  /** An administrator hands the password over: the user must replace it at their first sign-in. */
  mustChange: boolean;
}

/** Needs the users function (the operator's system actor holds every function). Returns the created record. */
export async function createUser(ctx: RequestContext, user: NewUser): Promise<RecordData> {
  ctx.access.assertFunction('users');
  // The policy first, so a weak password is refused before anything is written.
  const username = typeof user.record.username === 'string' ? user.record.username : '';
  const problems = checkPasswordPolicy(user.password, { username });
  if (problems.length) {
    throw validationFailed(problems.map((p) => ({ path: '/password', message: p.message[ctx.locale], info: { rule: p.rule } })), 'The password was not accepted');
  }
  return ctx.knex.transaction(async (trx) => {
    const tx = { ...ctx, knex: trx };
    const created = await createRecord(tx, 'app_user', user.record);
    const id = String(created.id);
    await setPassword(trx, ctx.tenant, id, user.password, { enforcePolicy: true, username: String(created.username), locale: ctx.locale, mustChange: user.mustChange });
    await appendAudit(trx, ctx.tenant, [{ actor: ctx.actor, action: 'password_change', entity: 'app_user', recordId: id, context: { request_id: ctx.requestId, reason: 'initial password set by an administrator' } }]);
    return created;
  });
}

/** The body of POST /api/users: the user record's fields plus "password". */
export function newUserFromBody(body: unknown, locale: Locale): NewUser {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Send the user as a JSON object', [{ path: '/', message: 'must be an object' }]);
  const { password, ...record } = body as Record<string, unknown>;
  if (typeof password !== 'string' || password === '') {
    throw validationFailed([{ path: '/password', message: locale === 'zh-CN' ? '请填写初始密码' : 'is required' }], 'An initial password is required');
  }
  return { record, password, mustChange: true };
}
