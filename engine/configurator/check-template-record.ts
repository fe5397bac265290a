// A template written through the records API (or a seed) is checked like one PUT to /api/configurator/templates/:code.
// The record's code is the series code (template-store reads it over the document's), so they need not be repeated.
import type { ErrorDetail } from '../core/index.ts';
import { registerRecordCheck } from '../data/index.ts';
import { checkTemplate } from './check-template.ts';
import { TEMPLATE_ENTITY } from './template-store.ts';

registerRecordCheck(TEMPLATE_ENTITY, (_ctx, record): ErrorDetail[] => {
  const document = { ...(record.document as object), code: record.code };
  return checkTemplate(document).map((p) => ({ path: p.pointer === '/code' ? '/code' : `/document${p.pointer}`, message: p.message }));
});
