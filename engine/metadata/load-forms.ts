// Form layouts from every layer: the first layer to describe an entity's form gives its tabs; later layers (a
// plugin, the admin) add tabs, namespaced like their other names. Every field named must exist and appear once.
import type { ErrorDetail } from '../core/index.ts';
import { checkRule } from '../rules/index.ts';
import { ruleScopeOf } from './check-entity.ts';
import type { LoadedEntities } from './load-entities.ts';
import { namespaceProblem, sourceFiles, type MetadataSource } from './metadata-source.ts';
import type { FormTab } from './model-types.ts';
import { validateDocument } from './validate-documents.ts';

export function loadForms(sources: readonly MetadataSource[], rootDir: string, { entities, broken }: LoadedEntities, problems: ErrorDetail[]): Map<string, FormTab[]> {
  const forms = new Map<string, FormTab[]>();
  const placed = new Map<string, Set<string>>();
  for (const source of sources) {
    const read = sourceFiles(source, 'forms', rootDir);
    problems.push(...read.problems);
    for (const { file, json } of read.files) {
      const found = validateDocument('form', file, json);
      problems.push(...found);
      if (found.length) continue;
      const doc = json as { entity: string; tabs: FormTab[] };
      const entity = entities.get(doc.entity)?.doc;
      if (!entity) {
        if (!broken.has(doc.entity)) problems.push({ file, pointer: '/entity', message: `unknown entity "${doc.entity}"` });
        continue;
      }
      const tabs = forms.get(doc.entity) ?? [];
      const seen = placed.get(doc.entity) ?? new Set<string>();
      const ids = new Set(tabs.map((t) => t.id));
      const scope = ruleScopeOf(entity);
      doc.tabs.forEach((tab, i) => {
        const p = `/tabs/${i}`;
        if (ids.has(tab.id)) problems.push({ file, pointer: `${p}/id`, message: `tab "${tab.id}" already exists on the ${doc.entity} form` });
        ids.add(tab.id);
        // The layer that owns the entity lays out its form; others add tabs under their own prefix.
        if (forms.has(doc.entity)) {
          const namespace = namespaceProblem(source, tab.id, 'form tab');
          if (namespace) problems.push({ file, pointer: `${p}/id`, message: namespace });
        }
        if (tab.visibleWhen !== undefined) for (const r of checkRule(tab.visibleWhen, scope, { purpose: 'formula' })) problems.push({ file, pointer: `${p}/visibleWhen${r.pointer}`, message: r.message });
        tab.sections.forEach((section, j) => {
          const sp = `${p}/sections/${j}`;
          if (section.visibleWhen !== undefined) for (const r of checkRule(section.visibleWhen, scope, { purpose: 'formula' })) problems.push({ file, pointer: `${sp}/visibleWhen${r.pointer}`, message: r.message });
          section.fields.forEach((field, k) => {
            if (!(field in entity.fields)) problems.push({ file, pointer: `${sp}/fields/${k}`, message: `unknown field "${field}" of "${doc.entity}"` });
            else if (seen.has(field)) problems.push({ file, pointer: `${sp}/fields/${k}`, message: `field "${field}" is already placed on the form` });
            seen.add(field);
          });
        });
      });
      forms.set(doc.entity, [...tabs, ...doc.tabs]);
      placed.set(doc.entity, seen);
    }
  }
  return forms;
}
