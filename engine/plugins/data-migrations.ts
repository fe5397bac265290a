// A plugin's data-only upgrade steps: declarative (a bundle never runs code), applied through the record service
// so every change is validated and audited, each once, in file-name order, inside the install transaction.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { ALLOW_ALL, EngineError, SYSTEM_ACTOR, type ErrorDetail } from '../core/index.ts';
import { businessClockNow } from '../jobs/index.ts';
import { checkInputOrThrow, compiledEntity, updateRecord } from '../data/index.ts';
import { qualified, queryRows, type Tenant } from '../db/index.ts';
import { readMetadataFiles, validateDocument, type Model } from '../metadata/index.ts';
import { checkRule, compileRuleToSql, evaluateRule } from '../rules/index.ts';
import { handleRecordChange } from '../access/index.ts';
import type { Bundle } from './read-bundle.ts';

interface MigrationDoc {
  entity: string;
  where?: unknown;
  set: Record<string, unknown>;
}

export async function runDataMigrations(trx: Knex.Transaction, tenant: Tenant, model: Model, bundle: Bundle): Promise<string[]> {
  const dir = join(bundle.dir, 'migrations');
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return [];
  }
  const plugin = bundle.manifest.name;
  const ran = new Set((await queryRows<{ name: string }>(trx, `select name from ${qualified(tenant, 'crm_plugin_migration')} where plugin = ?`, [plugin])).map((r) => r.name));
  const { files, problems } = readMetadataFiles(dir, join(bundle.dir, '..', '..'));
  problems.push(...files.flatMap((f) => validateDocument('migration', f.file, f.json)));
  if (problems.length) throw new EngineError('METADATA_INVALID', `The data migrations of ${plugin} are not valid`, problems);
  const done: string[] = [];
  const ctx = { actor: SYSTEM_ACTOR, access: ALLOW_ALL, tenant, model, knex: trx, locale: 'zh-CN' as const, requestId: `plugin:${plugin}`, onChange: handleRecordChange };
  for (const [i, name] of names.entries()) {
    if (ran.has(name)) continue;
    const { file, json } = files[i]!;
    const doc = json as MigrationDoc;
    const entity = model.entities.get(doc.entity);
    if (!entity) throw new EngineError('METADATA_INVALID', 'A data migration names an unknown entity', [{ file, pointer: '/entity', message: `unknown entity "${doc.entity}"` }]);
    const scope = compiledEntity(model, doc.entity).ruleScope('r');
    const ruleProblems: ErrorDetail[] = doc.where === undefined ? [] : checkRule(doc.where, scope, { purpose: 'filter' }).map((p) => ({ file, pointer: `/where${p.pointer}`, message: p.message }));
    const prefix = `${bundle.manifest.prefix}_`;
    for (const [field, rule] of Object.entries(doc.set)) {
      if (!entity.fields.get(field)?.stored) ruleProblems.push({ file, pointer: `/set/${field}`, message: `unknown field "${field}" of "${doc.entity}"` });
      // A bundle changes only its own data: its entities, and the fields it added to others.
      else if (!doc.entity.startsWith(prefix) && !field.startsWith(prefix)) {
        ruleProblems.push({ file, pointer: `/set/${field}`, message: `changes "${doc.entity}.${field}", outside the plugin: a plugin's migration may change only its own entities and the fields it added` });
      }
      ruleProblems.push(...checkRule(rule, scope, { purpose: 'formula' }).map((p) => ({ file, pointer: `/set/${field}${p.pointer}`, message: p.message })));
    }
    if (ruleProblems.length) throw new EngineError('METADATA_INVALID', `Data migration ${name} is not valid`, ruleProblems);
    const where = doc.where === undefined ? undefined : compileRuleToSql(doc.where, scope, { now: businessClockNow(tenant), timeZone: tenant.timeZone });
    const rows = await queryRows<Record<string, unknown>>(trx, `select * from ${qualified(tenant, doc.entity)} r${where ? ` where ${where.sql}` : ''}`, where?.bindings ?? []);
    for (const row of rows) {
      const values = Object.fromEntries(Object.entries(doc.set).map(([f, rule]) => [f, evaluateRule(rule, row, { now: new Date() })]));
      await updateRecord(ctx, entity, String(row.id), checkInputOrThrow(ctx, entity, values, 'update'), { now: new Date() });
    }
    await queryRows(trx, `insert into ${qualified(tenant, 'crm_plugin_migration')} (plugin, name) values (?, ?)`, [plugin, name]);
    done.push(name);
  }
  return done;
}
