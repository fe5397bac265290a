// The tenant's export settings (导出设置, the `metadata` function): the row count above which a list export needs an
// approval, how many days an approved export can be downloaded, and how many days a request may wait for its
// approval. Each is a crm_setting row; a change is validated whole (422 naming each field, in the caller's language,
// nothing changed) and audited with the values before and after.
import { validationFailed, type ErrorDetail, type Locale, type RequestContext } from '../core/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import { appendAudit } from '../audit/index.ts';

export interface ExportSettings {
  /** Rows; an export of more needs an approval (0: every export does). */
  threshold: number;
  /** Days from the approval during which the requester can download the file. */
  download_days: number;
  /** Days a request may wait for its approval before it expires. */
  pending_days: number;
}

const DEFAULT_EXPORT_SETTINGS: ExportSettings = { threshold: 5000, download_days: 7, pending_days: 14 };

// The threshold's key predates the others (it was the only setting): kept, so a tenant's value survives.
const KEYS: Record<keyof ExportSettings, string> = { threshold: 'export_approval_threshold', download_days: 'export_download_days', pending_days: 'export_pending_days' };
const RANGE: Record<keyof ExportSettings, [number, number]> = { threshold: [0, 100_000_000], download_days: [1, 365], pending_days: [1, 365] };
const NAMES = Object.keys(KEYS) as (keyof ExportSettings)[];

const TEXT: Record<Locale, { object: string; empty: string; unknown: string; range: Record<keyof ExportSettings, string> }> = {
  'zh-CN': {
    object: '请提交一个 JSON 对象',
    empty: `请至少提交一项设置（${NAMES.join('、')}）`,
    unknown: `未知的设置项（可用：${NAMES.join('、')}）`,
    range: {
      threshold: `审批阈值须为 0 到 ${RANGE.threshold[1].toLocaleString('en-US')} 的整数（行）`,
      download_days: `下载期限须为 1 到 ${RANGE.download_days[1]} 的整数（天）`,
      pending_days: `审批期限须为 1 到 ${RANGE.pending_days[1]} 的整数（天）`,
    },
  },
  en: {
    object: 'a JSON object is required',
    empty: `give at least one setting (${NAMES.join(', ')})`,
    unknown: `unknown setting (known: ${NAMES.join(', ')})`,
    range: {
      threshold: `must be a whole number of rows, 0 to ${RANGE.threshold[1].toLocaleString('en-US')}`,
      download_days: `must be a whole number of days, 1 to ${RANGE.download_days[1]}`,
      pending_days: `must be a whole number of days, 1 to ${RANGE.pending_days[1]}`,
    },
  },
};

export async function readExportSettings(ctx: Pick<RequestContext, 'knex' | 'tenant'>): Promise<ExportSettings> {
  const rows = await queryRows<{ key: string; value: string }>(ctx.knex, `select key, value from ${qualified(ctx.tenant, 'crm_setting')} where key in (?, ?, ?)`, Object.values(KEYS));
  const settings = { ...DEFAULT_EXPORT_SETTINGS };
  for (const name of NAMES) {
    const row = rows.find((r) => r.key === KEYS[name]);
    if (row) settings[name] = Number(row.value);
  }
  return settings;
}

/** The rows above which an export waits for an approval. */
export async function exportApprovalThreshold(ctx: Pick<RequestContext, 'knex' | 'tenant'>): Promise<number> {
  return (await readExportSettings(ctx)).threshold;
}

/** Changes the settings given (those left out keep their values); answers all of them. */
export async function saveExportSettings(ctx: RequestContext, body: unknown): Promise<ExportSettings> {
  ctx.access.assertFunction('metadata');
  const changes = readChangesOrThrow(ctx.locale, body);
  const before = await readExportSettings(ctx);
  const after = { ...before, ...changes };
  const changed = NAMES.filter((n) => before[n] !== after[n]);
  if (!changed.length) return after;
  await ctx.knex.transaction(async (trx) => {
    for (const name of changed) {
      await queryRows(trx, `insert into ${qualified(ctx.tenant, 'crm_setting')} (key, value) values (?, ?) on conflict (key) do update set value = excluded.value`, [KEYS[name], String(after[name])]);
    }
    const audited = Object.fromEntries(changed.map((n) => [KEYS[n], [before[n], after[n]]]));
    await appendAudit(trx, ctx.tenant, [{ actor: ctx.actor, action: 'metadata_change', entity: 'export_request', changes: audited, context: { request_id: ctx.requestId } }]);
  });
  return after;
}

function readChangesOrThrow(locale: Locale, body: unknown): Partial<ExportSettings> {
  const text = TEXT[locale];
  const refuse = (problems: ErrorDetail[]) => validationFailed(problems, 'The export settings are not valid');
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw refuse([{ path: '/', message: text.object }]);
  const given = body as Record<string, unknown>;
  const problems: ErrorDetail[] = [];
  const changes: Partial<ExportSettings> = {};
  for (const name of NAMES) {
    if (!(name in given)) continue;
    const v = given[name];
    const [min, max] = RANGE[name];
    if (Number.isInteger(v) && (v as number) >= min && (v as number) <= max) changes[name] = v as number;
    else problems.push({ path: `/${name}`, message: text.range[name] });
  }
  for (const k of Object.keys(given)) if (!(NAMES as string[]).includes(k)) problems.push({ path: `/${k}`, message: text.unknown, expected: NAMES.join(', ') });
  if (!problems.length && !Object.keys(changes).length) problems.push({ path: '/', message: text.empty });
  if (problems.length) throw refuse(problems);
  return changes;
}
