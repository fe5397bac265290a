// The form layout from metadata (tabs of sections, each a grid of 1–4 columns) as the form shows it now: tabs and
// sections whose `visibleWhen` (json-logic over the record as being edited) is false are left out, and fields no
// section places go to a final 其他 section on the first tab. The rule language is the server's; its own
// operators (contains, starts_with, today, now, date_add) are registered here in their browser form.
import jsonLogic from 'json-logic-js';
import dayjs from 'dayjs';
import type { EntityMeta, FormTab, Labels, RecordData } from '../api/types';
import { isComputed } from '../common/field-types';

export interface ShownSection {
  id: string;
  labels?: Labels;
  columns: number;
  fields: string[];
}

export interface ShownTab {
  id: string;
  labels: Labels;
  sections: ShownSection[];
}

/** Id of the section that collects the fields no section places. */
export const OTHER_SECTION = '__other';

let registered = false;

function registerOperators(): void {
  if (registered) return;
  registered = true;
  // ASCII-only case folding, as the server does (Chinese text has no case).
  const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  jsonLogic.add_operation('contains', (text: unknown, part: unknown) => typeof text === 'string' && typeof part === 'string' && fold(text).includes(fold(part)));
  jsonLogic.add_operation('starts_with', (text: unknown, prefix: unknown) => typeof text === 'string' && typeof prefix === 'string' && fold(text).startsWith(fold(prefix)));
  jsonLogic.add_operation('now', () => new Date().toISOString());
  // The business day is the company's (Asia/Shanghai), whatever the browser's zone.
  jsonLogic.add_operation('today', () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date()));
  jsonLogic.add_operation('date_add', (value: unknown, n: unknown, unit: unknown) => {
    if (typeof value !== 'string' || typeof n !== 'number' || !['day', 'week', 'month', 'year', 'hour', 'minute'].includes(String(unit))) return null;
    const d = dayjs(value);
    if (!d.isValid()) return null;
    const next = d.add(n, unit as 'day');
    return /^\d{4}-\d{2}-\d{2}$/.test(value) && unit !== 'hour' && unit !== 'minute' ? next.format('YYYY-MM-DD') : next.toISOString();
  });
}

/** True while the rule holds for the data; a rule the browser cannot evaluate shows its part rather than hide it. */
export function holds(rule: unknown, data: Record<string, unknown>): boolean {
  if (rule === undefined || rule === null) return true;
  registerOperators();
  try {
    return jsonLogic.truthy(jsonLogic.apply(rule as never, data));
  } catch {
    return true;
  }
}

const idOf = (v: unknown): unknown => (v && typeof v === 'object' && !Array.isArray(v) && 'id' in v ? (v as { id: unknown }).id : v);

/** What visibleWhen reads: the saved record (refs as ids), overlaid with the form as it is being edited. */
export function ruleData(record: RecordData | undefined, data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record ?? {})) out[k] = Array.isArray(v) ? v.map(idOf) : idOf(v);
  for (const [k, v] of Object.entries(data)) out[k] = v;
  return out;
}

/** Names of the entity's workflow state fields (read-only: they change through workflow actions). */
export function stateFields(meta: EntityMeta): Set<string> {
  return new Set((meta.workflows ?? []).map((w) => w.stateField).filter((n) => meta.fields.some((f) => f.name === n)));
}

/** Every field some section places, visible or not (a hidden section's fields are not "other"). */
export function placedFields(layout: readonly FormTab[]): Set<string> {
  return new Set(layout.flatMap((t) => t.sections.flatMap((s) => s.fields)));
}

/**
 * Fields the layout leaves out that the form must still show: form inputs, and workflow state fields (read-only).
 * Computed and system fields keep their own blocks above and below the form.
 */
export function otherFields(meta: EntityMeta, layout: readonly FormTab[]): string[] {
  const placed = placedFields(layout);
  const order = (meta.uiSchema['ui:order'] as string[] | undefined) ?? Object.keys(meta.schema.properties ?? {});
  const inputs = order.filter((n) => n in (meta.schema.properties ?? {}));
  const states = [...stateFields(meta)].filter((n) => !inputs.includes(n));
  return [...states, ...inputs].filter((n) => !placed.has(n));
}

/** Computed fields (numbers, formulas, rollups) the layout places, shown read-only in their section. */
export function placedComputed(meta: EntityMeta): Set<string> {
  const placed = meta.layout ? placedFields(meta.layout) : new Set<string>();
  return new Set(meta.fields.filter((f) => isComputed(f) && placed.has(f.name)).map((f) => f.name));
}

const clampColumns = (n: number | undefined) => Math.min(4, Math.max(1, Math.round(n ?? 2)));

/** The layout as shown for this data: visible tabs and sections, with the 其他 section at the end of the first tab. */
export function shownLayout(meta: EntityMeta, data: Record<string, unknown>, otherLabels: Labels): ShownTab[] {
  const layout = meta.layout ?? [];
  const tabs: ShownTab[] = layout
    .filter((tab) => holds(tab.visibleWhen, data))
    .map((tab) => ({
      id: tab.id,
      labels: tab.labels,
      sections: tab.sections.filter((s) => holds(s.visibleWhen, data)).map((s) => ({ id: s.id, labels: s.labels, columns: clampColumns(s.columns), fields: s.fields })),
    }))
    .filter((tab) => tab.sections.length > 0);
  const other = otherFields(meta, layout);
  if (other.length) {
    const section: ShownSection = { id: OTHER_SECTION, labels: otherLabels, columns: 2, fields: other };
    if (tabs[0]) tabs[0] = { ...tabs[0], sections: [...tabs[0].sections, section] };
    else tabs.push({ id: OTHER_SECTION, labels: otherLabels, sections: [section] });
  }
  return tabs;
}

/** A key that changes only when what is shown does (so typing does not rebuild the form's context). */
export function layoutKey(tabs: ShownTab[]): string {
  return tabs.map((t) => `${t.id}:${t.sections.map((s) => s.id).join(',')}`).join('|');
}

/** The shown tab that holds any of the fields, for bringing a refused save's first error into view. */
export function tabWith(tabs: ShownTab[], fields: string[]): string | undefined {
  return tabs.find((t) => t.sections.some((s) => s.fields.some((f) => fields.includes(f))))?.id;
}
