// Form layouts from every layer: the first layer to describe an entity's form gives its tabs; later layers (a
// plugin) add tabs, namespaced like their other names. The tenant admin's form of an entity replaces its layout
// whole. Every field named must exist and appear once; fields no section places are shown by the form in its
// automatic 其他 section, so a layout never hides a field.
import type { ErrorDetail } from '../core/index.ts';
import { checkRule } from '../rules/index.ts';
import { ruleScopeOf } from './check-entity.ts';
import type { LoadedEntities } from './load-entities.ts';
import { isAdminFile, namedLikeItsFile, namespaceProblem, sourceFiles, type MetadataSource } from './metadata-source.ts';
import type { EntityDoc, FormTab } from './model-types.ts';
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
      const replaces = isAdminFile(file);
      if (replaces && !namedLikeItsFile(file, doc.entity)) problems.push({ file, pointer: '/entity', message: `the form of "${doc.entity}" must be saved under its entity's name` });
      const before = replaces ? [] : (forms.get(doc.entity) ?? []);
      const seen = replaces ? new Set<string>() : (placed.get(doc.entity) ?? new Set<string>());
      // The layer that owns the entity (or the admin, replacing it) lays out the form; others add tabs under their prefix.
      const adds = !replaces && forms.has(doc.entity);
      checkTabs(doc.tabs, { file, entity, before, seen, namespace: (id) => (adds ? namespaceProblem(source, id, 'form tab') : undefined) }, problems);
      forms.set(doc.entity, [...before, ...doc.tabs]);
      placed.set(doc.entity, seen);
    }
  }
  return forms;
}

interface TabContext {
  file: string;
  entity: EntityDoc;
  /** Tabs the form has already (from earlier layers). */
  before: readonly FormTab[];
  /** Fields already placed; filled as the tabs place more. */
  seen: Set<string>;
  namespace: (tabId: string) => string | undefined;
}

function checkTabs(tabs: readonly FormTab[], { file, entity, before, seen, namespace }: TabContext, problems: ErrorDetail[]): void {
  const ids = new Set(before.map((t) => t.id));
  const scope = ruleScopeOf(entity);
  tabs.forEach((tab, i) => {
    const p = `/tabs/${i}`;
    if (ids.has(tab.id)) problems.push({ file, pointer: `${p}/id`, message: `tab "${tab.id}" already exists on the ${entity.name} form` });
    ids.add(tab.id);
    const outside = namespace(tab.id);
    if (outside) problems.push({ file, pointer: `${p}/id`, message: outside });
    if (tab.visibleWhen !== undefined) for (const r of checkRule(tab.visibleWhen, scope, { purpose: 'formula' })) problems.push({ file, pointer: `${p}/visibleWhen${r.pointer}`, message: r.message });
    const sections = new Set<string>();
    tab.sections.forEach((section, j) => {
      const sp = `${p}/sections/${j}`;
      if (sections.has(section.id)) problems.push({ file, pointer: `${sp}/id`, message: `section "${section.id}" already exists on tab "${tab.id}"` });
      sections.add(section.id);
      if (section.visibleWhen !== undefined) for (const r of checkRule(section.visibleWhen, scope, { purpose: 'formula' })) problems.push({ file, pointer: `${sp}/visibleWhen${r.pointer}`, message: r.message });
      section.fields.forEach((field, k) => {
        if (!(field in entity.fields)) problems.push({ file, pointer: `${sp}/fields/${k}`, message: `unknown field "${field}" of "${entity.name}"` });
        else if (seen.has(field)) problems.push({ file, pointer: `${sp}/fields/${k}`, message: `field "${field}" is already placed on the form` });
        seen.add(field);
      });
    });
  });
}
