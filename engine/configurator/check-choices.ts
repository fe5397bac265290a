// Reads a request's choices and parameters against a template: every unknown segment or option, wrong shape, missing
// required segment and out-of-range parameter, each with its path; nothing is evaluated until the input is sound.
import type { ErrorDetail } from '../core/index.ts';
import type { CompiledTemplate } from './compile-template.ts';
import type { Choices } from './template-types.ts';

export interface CheckedInput {
  choices: Choices;
  parameters: Record<string, number | string>;
  problems: ErrorDetail[];
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** `partial`: missing required segments are fine (the interactive options call). */
export function checkChoices(t: CompiledTemplate, rawChoices: unknown, rawParameters: unknown, partial = false): CheckedInput {
  const problems: ErrorDetail[] = [];
  const choices: Choices = {};
  const parameters: Record<string, number | string> = {};
  if (rawChoices !== undefined && !isObject(rawChoices)) problems.push({ path: '/choices', message: 'must be an object of segment code → option code' });
  for (const [code, value] of Object.entries(isObject(rawChoices) ? rawChoices : {})) {
    const at = `/choices/${code}`;
    const segment = t.segments.get(code);
    if (!segment) {
      problems.push({ path: at, message: `unknown segment "${code}"`, expected: `one of ${[...t.segments.keys()].join(', ')}` });
      continue;
    }
    if (segment.segment.multiple) {
      if (!Array.isArray(value)) {
        problems.push({ path: at, message: `segment "${code}" takes several options: send an array of option codes` });
        continue;
      }
      value.forEach((v, i) => {
        if (!segment.options.has(v as string)) problems.push({ path: `${at}/${i}`, message: `segment "${code}" has no option ${JSON.stringify(v)}` });
        else if (value.indexOf(v) !== i) problems.push({ path: `${at}/${i}`, message: `option "${String(v)}" is chosen twice` });
      });
      // Printed in the order the template lists them, so that a code decodes back to the same choices.
      choices[code] = [...new Set(value as string[])].filter((v) => segment.options.has(v)).sort((a, b) => segment.options.get(a)!.index - segment.options.get(b)!.index);
    } else if (value !== null) {
      // null leaves a segment unchosen; a required one is reported below with the others missing.
      if (typeof value !== 'string' || !segment.options.has(value)) {
        problems.push({ path: at, message: `segment "${code}" has no option ${JSON.stringify(value)}`, expected: `one of ${[...segment.options.keys()].join(', ')}` });
      } else choices[code] = value;
    }
  }
  if (!partial) {
    for (const [code, segment] of t.segments) {
      const chosen = isObject(rawChoices) ? rawChoices[code] : undefined;
      const missing = chosen === undefined || chosen === null || (Array.isArray(chosen) && chosen.length === 0);
      if (segment.segment.required !== false && missing) problems.push({ path: `/choices/${code}`, message: `segment "${code}" (${segment.segment.labels['zh-CN']}) is required` });
    }
  }
  if (rawParameters !== undefined && !isObject(rawParameters)) problems.push({ path: '/parameters', message: 'must be an object of parameter code → value' });
  for (const [code, value] of Object.entries(isObject(rawParameters) ? rawParameters : {})) {
    const at = `/parameters/${code}`;
    const p = t.parameters.get(code);
    if (!p) problems.push({ path: at, message: `unknown parameter "${code}"` });
    else if (value === null) continue;
    else if (p.type === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value)) problems.push({ path: at, message: 'must be a number' });
      else if ((p.min !== undefined && value < p.min) || (p.max !== undefined && value > p.max)) {
        problems.push({ path: at, message: `${value} is outside ${p.min ?? '-∞'} … ${p.max ?? '∞'}${p.unit ? ` ${p.unit}` : ''}` });
      } else parameters[code] = value;
    } else if (typeof value !== 'string' || !p.options.some((o) => o.code === value)) {
      problems.push({ path: at, message: `parameter "${code}" has no option ${JSON.stringify(value)}`, expected: `one of ${p.options.map((o) => o.code).join(', ')}` });
    } else parameters[code] = value;
  }
  return { choices, parameters, problems };
}

/** The object rules read: every segment (null or [] when not chosen) and every given parameter. */
export function ruleData(t: CompiledTemplate, choices: Choices, parameters: Record<string, number | string>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [code, s] of t.segments) data[code] = choices[code] ?? (s.segment.multiple ? [] : null);
  for (const code of t.parameters.keys()) data[code] = parameters[code] ?? null;
  return data;
}
