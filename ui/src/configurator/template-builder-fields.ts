// What a template rule's condition reads, for the condition builder: each segment (its chosen option code, or the
// list of codes of a `multiple` segment) and each parameter (a number, or a code of its list), by their labels.
import type { TemplateDocument } from '../api/configurator-api';
import type { Labels } from '../api/types';
import type { BuilderField } from '../admin/rule-builder';

export function templateBuilderFields(doc: TemplateDocument, label: (labels: Labels | undefined, fallback?: string) => string): BuilderField[] {
  const segments = doc.segments
    .filter((s) => s.code)
    .map((s): BuilderField => ({
      name: s.code,
      label: label(s.labels, s.code),
      type: s.multiple ? 'multi_enum' : 'enum',
      options: s.options.filter((o) => o.code).map((o) => ({ value: o.code, label: `${o.code} ${label(o.labels, '')}`.trim() })),
    }));
  const parameters = (doc.parameters ?? [])
    .filter((p) => p.code)
    .map((p): BuilderField =>
      p.type === 'enum'
        ? { name: p.code, label: label(p.labels, p.code), type: 'enum', options: (p.options ?? []).map((o) => ({ value: o.code, label: label(o.labels, o.code) })) }
        : { name: p.code, label: `${label(p.labels, p.code)}${p.unit ? ` (${p.unit})` : ''}`, type: 'number' },
    );
  return [...segments, ...parameters];
}
