// Cross-checks of a timeline declaration (时间线): dates for the bars, a title, an optional grouping and progress.
import type { ErrorDetail } from '../core/index.ts';
import type { EntityDoc, FieldDoc, TimelineDoc } from './model-types.ts';
import { SYSTEM_FIELDS } from './system-fields.ts';
import { valueKindOf, type ValueKind } from './value-kind.ts';

const DATES: ReadonlySet<ValueKind> = new Set(['date', 'datetime']);
const GROUPS = new Set(['enum', 'ref', 'string', 'boolean']);

export function checkTimeline(file: string, doc: EntityDoc, timeline: TimelineDoc): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const fieldOf = (name: string): FieldDoc | undefined => doc.fields[name] ?? (SYSTEM_FIELDS as Record<string, FieldDoc>)[name];
  const kindOf = (name: string) => {
    const f = fieldOf(name);
    return f && valueKindOf({ ...f, name, system: !(name in doc.fields) });
  };
  const check = (key: keyof TimelineDoc, ok: (name: string) => boolean, expected: string) => {
    const name = timeline[key];
    if (name === undefined) return;
    if (!fieldOf(name)) problems.push({ file, pointer: `/timeline/${key}`, message: `unknown field "${name}" of "${doc.name}"` });
    else if (!ok(name)) problems.push({ file, pointer: `/timeline/${key}`, message: `"${name}" is not ${expected}`, expected });
  };
  const isDate = (name: string) => DATES.has(kindOf(name)!);
  for (const key of ['start', 'end', 'actualStart', 'actualEnd'] as const) check(key, isDate, 'a date or datetime field');
  check('label', (name) => kindOf(name) !== undefined && kindOf(name) !== 'json', 'a field with one value to show');
  check('group', (name) => GROUPS.has(fieldOf(name)!.type), 'an enum, ref, string or boolean field');
  check('progress', (name) => kindOf(name) === 'number', 'a number field (percent complete, 0–100)');
  return problems;
}
