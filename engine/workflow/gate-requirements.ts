// A transition's gate (`requires`): documents attached, related records in the right condition, sign-offs given,
// conditions holding. Everything missing is listed at once, each item named in the reader's language, so a user
// sees the whole way to the next stage, not one obstacle per attempt. Related records are read as the engine: the
// gate is a business fact about the record, not about what the acting user may see.
import type { ErrorDetail, Locale } from '../core/index.ts';
import { compiledEntity } from '../data/index.ts';
import { qualified, queryRows, quoteIdent } from '../db/index.ts';
import { filesOf } from '../files/index.ts';
import type { Labels, RequiresDoc, TransitionDoc } from '../metadata/index.ts';
import { compileRuleToSql, isTruthy } from '../rules/index.ts';
import { evaluate, type ActionRun } from './action-run.ts';

/** Names shown of the records that fail an "all" requirement; the rest are counted. */
const SHOWN = 10;

export async function gateProblems(run: ActionRun, t: TransitionDoc): Promise<ErrorDetail[]> {
  const requires = t.requires;
  if (!requires) return [];
  const locale = run.tx.locale;
  return [
    ...(await documentProblems(run, requires.documents ?? [], locale)),
    ...(await recordProblems(run, requires.records ?? [], locale)),
    ...(await signoffProblems(run, t.action, requires.signoffs ?? [], locale)),
    ...(requires.conditions ?? []).filter((c) => !isTruthy(evaluate(run, c.rule))).map((c) => ({ path: '/', message: c.message[locale] })),
  ];
}

/**
 * Why a timer may not fire the transition: it is for people only (in the timer's definition or in the one published
 * since), or its gate is not passed. Empty when it may.
 */
export async function timerRefusal(run: ActionRun, current: ActionRun, action: string): Promise<ErrorDetail[]> {
  const t = run.wf.transitions.find((x) => x.action === action);
  if (!t) return [];
  if (t.manualOnly || current.wf.transitions.find((x) => x.action === action)?.manualOnly) {
    const name = t.labels?.[run.tx.locale] ?? action;
    return [{ path: '/action', message: run.tx.locale === 'zh-CN' ? `「${name}」只能由人工操作,定时任务不能执行` : `"${name}" may only be done by a person, never by a timer` }];
  }
  return gateProblems(run, t);
}

async function documentProblems(run: ActionRun, documents: NonNullable<RequiresDoc['documents']>, locale: Locale): Promise<ErrorDetail[]> {
  const problems: ErrorDetail[] = [];
  for (const d of documents) {
    const field = run.entity.fields.get(d.field);
    const min = d.min ?? 1;
    const held = (await filesOf(run.tx, run.entity.name, String(run.record.id), d.field)).length;
    if (held >= min) continue;
    const name = field?.labels[locale] ?? d.field;
    const message =
      min === 1
        ? locale === 'zh-CN' ? `请先上传「${name}」` : `attach the ${name} first`
        : locale === 'zh-CN' ? `「${name}」至少需要 ${min} 个文件,现有 ${held} 个` : `the ${name} needs at least ${min} files, it holds ${held}`;
    problems.push({ path: `/${d.field}`, message });
  }
  return problems;
}

async function recordProblems(run: ActionRun, records: NonNullable<RequiresDoc['records']>, locale: Locale): Promise<ErrorDetail[]> {
  const problems: ErrorDetail[] = [];
  for (const r of records) {
    const child = compiledEntity(run.tx.model, r.entity);
    const scope = child.ruleScope('c');
    const ctx = { now: run.now, timeZone: run.tx.tenant.timeZone };
    const where = [`c.${quoteIdent(r.via)} = ?`];
    const bindings: unknown[] = [run.record.id];
    if (r.where !== undefined) {
      const sql = compileRuleToSql(r.where, scope, ctx);
      where.push(`(${sql.sql})`);
      bindings.push(...sql.bindings);
    }
    const test = compileRuleToSql(r.all !== undefined ? { '!': r.all } : r.any, scope, ctx);
    const display = child.entity.fields.get(child.entity.displayField)?.stored ? `c.${quoteIdent(child.entity.displayField)}::text` : 'c.id::text';
    const [row] = await queryRows<{ total: number; hits: number; names: string[] | null }>(
      run.tx.knex,
      `select count(*)::int as total, count(*) filter (where ${test.sql})::int as hits,
              (array_agg(${display} order by c.created_at, c.id) filter (where ${test.sql}))[1:${SHOWN}] as names
         from ${qualified(run.tx.tenant, r.entity)} c where ${where.join(' and ')}`,
      [...test.bindings, ...test.bindings, ...bindings],
    );
    const total = Number(row?.total ?? 0);
    const hits = Number(row?.hits ?? 0);
    const name = labelOf(r.labels, child.entity.labels, locale);
    const path = `/${pathOf(run, r.entity, r.via)}`;
    if (r.all !== undefined) {
      if (total === 0) problems.push({ path, message: locale === 'zh-CN' ? `尚无${name}` : `there is no ${name} yet` });
      else if (hits > 0) {
        const names = (row?.names ?? []).join(locale === 'zh-CN' ? '、' : ', ') + (hits > SHOWN ? (locale === 'zh-CN' ? ` 等 ${hits} 项` : ` and ${hits - SHOWN} more`) : '');
        problems.push({ path, message: locale === 'zh-CN' ? `${name}未全部满足要求:${names}` : `not every ${name} is done yet: ${names}` });
      }
    } else if (hits === 0) {
      problems.push({ path, message: locale === 'zh-CN' ? `至少需要一条满足要求的${name}` : `at least one ${name} must be done` });
    }
  }
  return problems;
}

/**
 * A sign-off is an approval step some approver approved on this record, in an approval that ended approved, since
 * the record last took this transition: passing the gate uses the sign-off up, so a record that comes back (a flow
 * with a way back, e.g. 质保 → 验收 reopened) needs it given again. History ids order the two in time.
 */
async function signoffProblems(run: ActionRun, action: string, signoffs: NonNullable<RequiresDoc['signoffs']>, locale: Locale): Promise<ErrorDetail[]> {
  const problems: ErrorDetail[] = [];
  const t = run.tx.tenant;
  const history = qualified(t, 'crm_wf_history');
  for (const s of signoffs) {
    const rows = await queryRows(
      run.tx.knex,
      `select 1 from ${qualified(t, 'crm_wf_task')} k join ${qualified(t, 'crm_wf_instance')} i on i.id = k.instance_id
        where i.entity = ? and i.record_id = ? and i.workflow = ? and i.status = 'approved' and k.step_id = ? and k.status = 'approved'
          and exists (select 1 from ${history} h where h.instance_id = i.id
                        and h.id > coalesce((select max(p.id) from ${history} p where p.entity = i.entity and p.record_id = i.record_id and p.workflow = i.workflow and p.action = ?), 0))
        limit 1`,
      [run.entity.name, run.record.id, run.wf.name, s.step, action],
    );
    if (rows.length) continue;
    const step = run.wf.approval?.steps.find((x) => x.id === s.step);
    const name = step?.labels?.[locale] ?? s.step;
    problems.push({ path: `/signoffs/${s.step}`, message: locale === 'zh-CN' ? `需要「${name}」签字批准` : `needs the sign-off "${name}"` });
  }
  return problems;
}

/** The record's children field that holds these records, when it has one (the form shows the problem there). */
function pathOf(run: ActionRun, entity: string, via: string): string {
  for (const f of run.entity.fields.values()) if (f.type === 'children' && f.target === entity && f.foreignKey === via) return f.name;
  return entity;
}

function labelOf(own: Labels | undefined, fallback: Labels, locale: Locale): string {
  return own?.[locale] ?? fallback[locale];
}
