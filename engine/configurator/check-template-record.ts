// A template written through the records API (or a seed) is checked like one PUT to /api/configurator/templates/:code.
import type { ErrorDetail } from '../core/index.ts';
import { registerRecordCheck } from '../data/index.ts';
import { checkTemplate } from './check-template.ts';
import { TEMPLATE_ENTITY } from './template-store.ts';

registerRecordCheck(TEMPLATE_ENTITY, (_ctx, record): ErrorDetail[] => {
  const problems: ErrorDetail[] = checkTemplate(record.document).map((p) => ({ path: `/document${p.pointer}`, message: p.message }));
  const code = (record.document as { code?: unknown } | null)?.code;
  if (problems.length === 0 && code !== record.code) problems.push({ path: '/document/code', message: `must equal the record's code "${String(record.code)}"` });
  return problems;
});
