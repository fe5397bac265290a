// Opens the records behind a report segment as a filtered list tab, titled by the report and the segment.
import type { ReportDefinition, ReportResult } from '../api/reports-api';
import type { Locale } from '../api/types';
import type { TabSpec } from '../shell/tab-specs';
import { groupText } from './report-values';
import { segmentFilter } from './segment-filter';

/** The list tab for `row`, or undefined when the segment cannot be expressed as a list filter. */
export function segmentTab(title: string, def: ReportDefinition, result: ReportResult, row: Record<string, unknown>, locale: Locale, empty: string): TabSpec | undefined {
  // The run's own values (relative dates resolved by the server) fill the report's parameters in the list's filter.
  const filter = segmentFilter(def, result.columns, row, result.parameters);
  if (filter === undefined) return undefined;
  const shown = result.columns.filter((c) => c.role === 'group').map((c) => groupText(c, row, locale, empty));
  return { kind: 'list', entity: def.entity, filter, title: [title, ...shown].join(' · ') };
}
