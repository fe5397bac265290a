// POST /api/configurator/decode: a model code read back into its series and choices, then answered like configure.
// An unreadable code is a 422 whose first detail says where (0-based character offset) and in which segment, with a
// message in the caller's language naming the segment by its label (the user reads it under the decode box).
import { validationFailed, type Locale, type RequestContext } from '../core/index.ts';
import { configureOrThrow, type Configuration } from './configure.ts';
import { readModelCode } from './read-model-code.ts';
import { listTemplateCodes, loadTemplateOrThrow } from './template-store.ts';

export interface DecodeRequest {
  model_code?: unknown;
  template?: unknown;
  quantity?: unknown;
  customer?: unknown;
}

export async function decodeModelCodeOrThrow(ctx: RequestContext, body: DecodeRequest): Promise<Configuration> {
  const code = body.model_code;
  if (typeof code !== 'string' || code.trim() === '') {
    throw validationFailed([{ path: '/model_code', position: 0, segment: null, message: MESSAGES.required[ctx.locale] }], 'The model code cannot be read');
  }
  const candidates = typeof body.template === 'string' ? [body.template] : (await listTemplateCodes(ctx)).filter((c) => code.startsWith(c));
  if (candidates.length === 0 || !code.startsWith(candidates[0]!)) {
    throw validationFailed([{ path: '/model_code', position: 0, segment: null, message: MESSAGES.noSeries[ctx.locale](code) }], 'The model code cannot be read');
  }
  // Series codes may extend one another (3051 and 3051C): the longest that reads the whole code wins.
  candidates.sort((a, b) => b.length - a.length);
  let failure: { position: number; segment: string | null; label: string | null } | undefined;
  for (const series of candidates) {
    const t = await loadTemplateOrThrow(ctx, series);
    const read = readModelCode(t.doc, t.grammar, code.slice(series.length));
    if (read.ok) return configureOrThrow(ctx, t, { choices: read.choices, quantity: body.quantity, customer: body.customer }, { fromCode: true });
    const failed = t.doc.segments[read.segment];
    failure ??= { position: series.length + read.position, segment: failed?.code ?? null, label: failed ? failed.labels[ctx.locale] : null };
  }
  const { position, segment, label } = failure!;
  const message = MESSAGES.unreadable[ctx.locale](code, position, code.slice(position, position + 8), label);
  throw validationFailed([{ path: '/model_code', position, segment, message }], 'The model code cannot be read');
}

// Positions are shown counting from 1, as a user counts characters; the detail's `position` stays 0-based.
const MESSAGES = {
  required: { 'zh-CN': '请输入型号', en: 'a model code is required' },
  noSeries: {
    'zh-CN': (code: string) => `型号“${code}”不以任何产品系列代码开头`,
    en: (code: string) => `no series code starts "${code}"`,
  },
  unreadable: {
    'zh-CN': (code: string, at: number, rest: string, segment: string | null) =>
      `型号“${code}”第 ${at + 1} 位起的“${rest}”无法识别${segment === null ? ':已超出最后一段' : `,应为“${segment}”段的代码`}`,
    en: (code: string, at: number, rest: string, segment: string | null) =>
      `"${code}" cannot be read at character ${at + 1} ("${rest}") ${segment === null ? 'after the last segment' : `in segment "${segment}"`}`,
  },
} satisfies Record<string, Record<Locale, unknown>>;
