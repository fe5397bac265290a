// POST /api/configurator/configure and /decode: a configuration checked against its template's segments, parameters
// and rules, rendered as model code and spec sheet, and priced; or a 422 naming every problem and violated rule.
import { validationFailed, type ErrorDetail, type RequestContext } from '../core/index.ts';
import { checkChoices, ruleData } from './check-choices.ts';
import type { CompiledTemplate } from './compile-template.ts';
import { loadCustomerTerms } from './customer-terms.ts';
import { priceConfiguration, type Price } from './price-configuration.ts';
import { DEFAULT_SEPARATOR, type Choices } from './template-types.ts';

export const MAX_QUANTITY = 1_000_000;

export interface Configuration extends Price {
  template: string;
  choices: Choices;
  model_code: string;
  spec: { segment: string; label: string; option: string; text: string }[];
  warnings: { rule: string; message: string }[];
  template_version: number;
}

export interface ConfigureRequest {
  choices?: unknown;
  parameters?: unknown;
  quantity?: unknown;
  customer?: unknown;
}

export async function configureOrThrow(ctx: RequestContext, t: CompiledTemplate, body: ConfigureRequest, options: { fromCode?: boolean } = {}): Promise<Configuration> {
  const input = checkChoices(t, body.choices, body.parameters);
  const problems: ErrorDetail[] = [...input.problems];
  const quantity = body.quantity ?? 1;
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
    problems.push({ path: '/quantity', message: `must be a whole number from 1 to ${MAX_QUANTITY}` });
  }
  if (problems.length) throw validationFailed(problems, 'The configuration is not valid');
  const warnings: Configuration['warnings'] = [];
  const data = ruleData(t, input.choices, input.parameters);
  for (const rule of t.rules) {
    // A model code carries no parameters, so rules that read them say nothing about a decoded code.
    if (options.fromCode && rule.readsParameters) continue;
    const message = rule.message[ctx.locale === 'en' ? 'en' : 'zh-CN'];
    if (rule.kind === 'availability') {
      const chosen = input.choices[rule.segment!];
      const picked = Array.isArray(chosen) ? chosen.includes(rule.option!) : chosen === rule.option;
      if (picked && !rule.holds(data)) problems.push({ path: `/choices/${rule.segment}`, rule: rule.code, message: `${rule.code}: ${message}` });
    } else if (rule.holds(data)) {
      if (rule.kind === 'validation') problems.push({ path: rule.segment ? `/choices/${rule.segment}` : '/choices', rule: rule.code, message: `${rule.code}: ${message}` });
      else warnings.push({ rule: rule.code, message });
    }
  }
  if (problems.length) throw validationFailed(problems, 'The configuration breaks the template\'s rules');
  const modelCode = renderModelCode(t, input.choices);
  const terms = await loadCustomerTerms(ctx, body.customer, t.doc.code, modelCode);
  return {
    template: t.doc.code,
    choices: input.choices,
    model_code: modelCode,
    spec: specOf(t, input.choices, ctx.locale === 'en' ? 'en' : 'zh-CN'),
    ...priceConfiguration(t, input.choices, quantity as number, terms),
    warnings,
    template_version: t.version,
  };
}

export function renderModelCode(t: CompiledTemplate, choices: Choices): string {
  const separator = t.doc.separator ?? DEFAULT_SEPARATOR;
  let code = t.doc.code;
  for (const segment of t.doc.segments) {
    const chosen = choices[segment.code];
    if (chosen === undefined || (Array.isArray(chosen) && chosen.length === 0)) continue;
    code += (segment.prefix ?? '') + (Array.isArray(chosen) ? chosen.map((c) => separator + c).join('') : chosen);
  }
  return code;
}

function specOf(t: CompiledTemplate, choices: Choices, locale: 'zh-CN' | 'en'): Configuration['spec'] {
  return t.doc.segments.flatMap((segment) => {
    const chosen = choices[segment.code];
    const codes = chosen === undefined ? [] : Array.isArray(chosen) ? chosen : [chosen];
    return codes.map((code) => {
      const option = t.segments.get(segment.code)!.options.get(code)!.option;
      return { segment: segment.code, label: segment.labels[locale], option: code, text: option.spec ?? option.labels[locale] };
    });
  });
}
