// Safe Handlebars: checked first, then compiled strict in an isolated environment holding only our helpers.
import Handlebars from 'handlebars';
import { EngineError } from '../../core/index.ts';
import { checkTemplate, type TemplateProblem } from './check-template.ts';
import { FACTS_KEY, TEMPLATE_HELPERS, VALUE_HELPERS, type RenderFacts } from './template-helpers.ts';

export interface TemplateOptions {
  /** Allow {{{raw}}} / {{& raw}} output; only for templates whose output is not HTML-interpreted. */
  allowTripleStash?: boolean;
  /** Plain-text output (business numbers, model codes): nothing is HTML-escaped. Default false: HTML-escaped. */
  plainText?: boolean;
}

/** What `date` uses: `now` wins over data.now, which wins over the clock; time zone default Asia/Shanghai. */
export type TemplateRenderOptions = RenderFacts;

export type CompiledTemplate = (data: object, options?: TemplateRenderOptions) => string;

// One environment for every template, separate from the global Handlebars: nothing else can register helpers on it.
const env = Handlebars.create();
env.unregisterHelper('log');
env.unregisterHelper('lookup'); // reads any property by a computed name
for (const [name, helper] of Object.entries(TEMPLATE_HELPERS)) env.registerHelper(name, helper as Handlebars.HelperDelegate);

const KNOWN_HELPERS = Object.fromEntries([...VALUE_HELPERS.map((h) => [h, true]), ['log', false], ['lookup', false]]);

/** Compiles a template or throws BAD_REQUEST listing checkTemplate's problems. */
export function compileTemplate(source: string, opts: TemplateOptions = {}): CompiledTemplate {
  const problems = checkTemplate(source, opts);
  if (problems.length > 0) {
    throw new EngineError(
      'BAD_REQUEST',
      'The template is not valid',
      problems.map((p) => ({ message: `${p.message} (line ${p.line}, column ${p.column})`, ...(p.expected ? { expected: p.expected } : {}) })),
    );
  }
  const template = env.compile(source, {
    strict: true,
    noEscape: opts.plainText === true,
    knownHelpers: KNOWN_HELPERS,
    knownHelpersOnly: true,
  });
  return (data, options = {}) => {
    try {
      return template(data, {
        data: { [FACTS_KEY]: options },
        allowProtoPropertiesByDefault: false,
        allowProtoMethodsByDefault: false,
      });
    } catch (e) {
      throw new EngineError('VALIDATION_FAILED', `The template could not be filled in: ${(e as Error).message.split('\n')[0]}`);
    }
  };
}

/**
 * checkTemplate's problems, then, if there are none, what filling it in with `sample` (data of the shape it will get
 * when it runs) fails on: a name the data never has, a helper argument out of range. For metadata checks, so a
 * template that would fail on every use is refused when it is saved.
 */
export function templateProblems(source: string, sample: object, opts: TemplateOptions = {}): TemplateProblem[] {
  const problems = checkTemplate(source, opts);
  if (problems.length > 0) return problems;
  try {
    compileTemplate(source, opts)(sample);
    return [];
  } catch (e) {
    const message = e instanceof EngineError ? e.message.replace('The template could not be filled in: ', '') : (e as Error).message;
    return [{ pointer: '', message: `fails when filled in: ${message.split('\n')[0]}`, line: 1, column: 0 }];
  }
}
