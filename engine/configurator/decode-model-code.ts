// POST /api/configurator/decode: a model code read back into its series and choices, then answered like configure.
// An unreadable code is a 422 whose first detail says where (0-based character offset) and in which segment.
import { validationFailed, type RequestContext } from '../core/index.ts';
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
    throw validationFailed([{ path: '/model_code', position: 0, segment: null, message: 'a model code is required' }], 'The model code cannot be read');
  }
  const candidates = typeof body.template === 'string' ? [body.template] : (await listTemplateCodes(ctx)).filter((c) => code.startsWith(c));
  if (candidates.length === 0 || !code.startsWith(candidates[0]!)) {
    throw validationFailed([{ path: '/model_code', position: 0, segment: null, message: `no series code starts "${code}"` }], 'The model code cannot be read');
  }
  // Series codes may extend one another (3051 and 3051C): the longest that reads the whole code wins.
  candidates.sort((a, b) => b.length - a.length);
  let failure: { position: number; segment: string | null } | undefined;
  for (const series of candidates) {
    const t = await loadTemplateOrThrow(ctx, series);
    const read = readModelCode(t.doc, t.grammar, code.slice(series.length));
    if (read.ok) return configureOrThrow(ctx, t, { choices: read.choices, quantity: body.quantity, customer: body.customer }, { fromCode: true });
    failure ??= { position: series.length + read.position, segment: t.doc.segments[read.segment]?.code ?? null };
  }
  const { position, segment } = failure!;
  const where = segment === null ? 'after the last segment' : `in segment "${segment}"`;
  throw validationFailed(
    [{ path: '/model_code', position, segment, message: `"${code}" cannot be read at character ${position} (${JSON.stringify(code.slice(position, position + 8))}) ${where}` }],
    'The model code cannot be read',
  );
}
