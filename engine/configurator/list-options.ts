// POST /api/configurator/options: for a partial configuration, every option of every segment with whether it may be
// chosen now and, when not, the rule and its message; plus the parameters' valid ranges. A rule is only applied
// once everything it reads (besides the option being tried) is known, so nothing is disabled on a guess.
import { validationFailed, type RequestContext } from '../core/index.ts';
import type { Labels } from '../metadata/index.ts';
import { checkChoices, ruleData } from './check-choices.ts';
import { optionKey, type CompiledRule, type CompiledTemplate } from './compile-template.ts';
import type { TemplateParameter } from './template-types.ts';

export interface OptionState {
  code: string;
  labels: Labels;
  spec?: string;
  available: boolean;
  rule?: string;
  reason?: string;
}

export interface OptionsAnswer {
  template: string;
  template_version: number;
  segments: { code: string; labels: Labels; required: boolean; multiple: boolean; chosen: string | string[] | null; options: OptionState[] }[];
  parameters: TemplateParameter[];
}

export function listOptionsOrThrow(ctx: RequestContext, t: CompiledTemplate, body: { choices?: unknown; parameters?: unknown }): OptionsAnswer {
  const input = checkChoices(t, body.choices, body.parameters, true);
  if (input.problems.length) throw validationFailed(input.problems, 'The configuration is not valid');
  const known = new Set<string>([...Object.keys(input.choices), ...Object.keys(input.parameters)]);
  const base = ruleData(t, input.choices, input.parameters);
  const locale = ctx.locale === 'en' ? 'en' : 'zh-CN';
  const decided = (rule: CompiledRule, trying: string) => [...rule.reads].every((n) => n === trying || known.has(n));
  return {
    template: t.doc.code,
    template_version: t.version,
    segments: t.doc.segments.map((segment) => {
      const chosen = input.choices[segment.code];
      return {
        code: segment.code,
        labels: segment.labels,
        required: segment.required !== false,
        multiple: segment.multiple === true,
        chosen: chosen ?? null,
        options: segment.options.map((option) => {
          const data = { ...base, [segment.code]: segment.multiple ? [...new Set([...((chosen as string[] | undefined) ?? []), option.code])] : option.code };
          const refusing =
            (t.availability.get(optionKey(segment.code, option.code)) ?? []).find((r) => decided(r, segment.code) && !r.holds(data)) ??
            (t.validationsReading.get(segment.code) ?? []).find((r) => decided(r, segment.code) && r.holds(data));
          const state: OptionState = { code: option.code, labels: option.labels, ...(option.spec ? { spec: option.spec } : {}), available: !refusing };
          return refusing ? { ...state, rule: refusing.code, reason: refusing.message[locale] } : state;
        }),
      };
    }),
    parameters: t.doc.parameters ?? [],
  };
}
