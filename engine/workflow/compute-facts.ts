// Facts a flow declares about related records (a customer's credit limit, its unpaid receivables, its open orders),
// computed once per action as the engine: they inform the flow's decisions, they are not shown to the user.
import type { RequestContext } from '../core/index.ts';
import { compiledEntity } from '../data/index.ts';
import { qualified, queryRows, quoteIdent } from '../db/index.ts';
import type { WorkflowDoc } from '../metadata/index.ts';
import { compileRuleToSql } from '../rules/index.ts';

export async function computeFacts(tx: RequestContext, wf: WorkflowDoc, record: Record<string, unknown>, now: Date): Promise<Record<string, unknown>> {
  const facts: Record<string, unknown> = {};
  for (const [name, fact] of Object.entries(wf.facts ?? {})) {
    const table = qualified(tx.tenant, fact.entity);
    if (fact.field !== undefined) {
      const id = record[fact.id!];
      const [row] = id ? await queryRows<{ v: unknown }>(tx.knex, `select ${quoteIdent(fact.field)} as v from ${table} where id = ?`, [id]) : [];
      facts[`$facts.${name}`] = row?.v ?? null;
      continue;
    }
    const where: string[] = [];
    const bindings: unknown[] = [];
    for (const [theirs, ours] of Object.entries(fact.match ?? {})) {
      where.push(`r.${quoteIdent(theirs)} is not distinct from ?`);
      bindings.push(record[ours] ?? null);
    }
    if (fact.excludeSelf && fact.entity === wf.entity) {
      where.push('r.id <> ?');
      bindings.push(record.id);
    }
    if (fact.where !== undefined) {
      const sql = compileRuleToSql(fact.where, compiledEntity(tx.model, fact.entity).ruleScope('r'), { now, timeZone: tx.tenant.timeZone });
      where.push(`(${sql.sql})`);
      bindings.push(...sql.bindings);
    }
    const aggregate = fact.sum ? `coalesce(sum(r.${quoteIdent(fact.sum)}), 0)` : 'count(*)';
    const [row] = await queryRows<{ v: number }>(tx.knex, `select ${aggregate} as v from ${table} r${where.length ? ` where ${where.join(' and ')}` : ''}`, bindings);
    facts[`$facts.${name}`] = Number(row?.v ?? 0);
  }
  return facts;
}
