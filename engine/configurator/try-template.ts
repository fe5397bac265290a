// POST /api/configurator/try: the template editor's test box. The template document being edited (not yet saved) is
// checked exactly as a save checks it, compiled without touching the cache, and configured as /configure would, so
// the editor shows the code, price or refusal the saved template will give.
import { EngineError, validationFailed, type RequestContext } from '../core/index.ts';
import { checkTemplate } from './check-template.ts';
import { compileTemplate } from './compile-template.ts';
import { configureOrThrow, type Configuration } from './configure.ts';
import { TEMPLATE_ENTITY } from './template-store.ts';
import type { TemplateDocument } from './template-types.ts';

const KEYS = ['document', 'choices', 'parameters', 'quantity', 'customer'];

export async function tryTemplateOrThrow(ctx: RequestContext, body: Record<string, unknown>): Promise<Configuration> {
  assertMayEditTemplates(ctx);
  const unknown = Object.keys(body).filter((k) => !KEYS.includes(k));
  if (unknown.length) throw validationFailed(unknown.map((k) => ({ path: `/${k}`, message: 'unknown property', expected: KEYS.join(', ') })), 'The request is not valid');
  const document = body.document;
  if (!document || typeof document !== 'object' || Array.isArray(document)) throw validationFailed([{ path: '/document', message: 'the template document (JSON object) is required' }], 'The request is not valid');
  // The server's version is not part of what is checked, as in a save.
  const { version, ...doc } = document as Record<string, unknown>;
  const problems = checkTemplate(doc).map((p) => ({ path: `/document${p.pointer}`, message: p.message }));
  if (problems.length) throw validationFailed(problems, 'The template is not valid');
  const compiled = compileTemplate('', typeof version === 'number' ? version : 0, doc as unknown as TemplateDocument, { cached: false });
  return configureOrThrow(ctx, compiled, body);
}

/** Trying a template is part of editing one: the caller needs the create or update right on templates. */
function assertMayEditTemplates(ctx: RequestContext): void {
  const entity = ctx.model.entities.get(TEMPLATE_ENTITY)!;
  try {
    ctx.access.assertCan(entity, 'update');
  } catch (e) {
    if (!(e instanceof EngineError) || e.code !== 'FORBIDDEN') throw e;
    ctx.access.assertCan(entity, 'create');
  }
}
