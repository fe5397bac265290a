// Entities from every layer, then extensions (fields, indexes, rules added to an entity defined in another layer),
// with each layer's namespace enforced: a plugin adds only names under its prefix and never redefines a field; only
// the tenant admin's layer overrides or archives fields (field-overrides.ts).
import type { ErrorDetail } from '../core/index.ts';
import { checkEntity, type LocatedEntity } from './check-entity.ts';
import { applyFieldOverrides, type OverridingExtension } from './field-overrides.ts';
import type { EntityDoc, FieldDoc, IndexDoc, RuleDoc, TimelineDoc } from './model-types.ts';
import { namespaceProblem, sourceFiles, type MetadataSource } from './metadata-source.ts';
import { escape, validateDocument } from './validate-documents.ts';

interface ExtensionDoc extends OverridingExtension {
  extends: string;
  fields?: Record<string, FieldDoc>;
  searchFields?: string[];
  indexes?: IndexDoc[];
  rules?: RuleDoc[];
  timeline?: TimelineDoc;
}

export interface LoadedEntities {
  entities: Map<string, LocatedEntity>;
  /** Entities whose own file failed the schema: referrers are not reported again. */
  broken: Set<string>;
}

export function loadEntities(sources: readonly MetadataSource[], rootDir: string, problems: ErrorDetail[]): LoadedEntities {
  const entities = new Map<string, LocatedEntity>();
  const broken = new Set<string>();
  for (const source of sources) {
    const read = sourceFiles(source, 'entities', rootDir);
    problems.push(...read.problems);
    for (const { file, json } of read.files) {
      const found = validateDocument('entity', file, json);
      problems.push(...found);
      const doc = json as EntityDoc;
      if (found.length > 0) {
        // Its name still resolves references from other files, so one typo is reported once, not once per referrer.
        if (typeof doc?.name === 'string' && !entities.has(doc.name)) broken.add(doc.name);
        continue;
      }
      const existing = entities.get(doc.name);
      if (existing) {
        problems.push({ file, pointer: '/name', message: `entity "${doc.name}" is already defined in ${existing.file}` });
        continue;
      }
      const namespace = namespaceProblem(source, doc.name, 'entity');
      if (namespace) problems.push({ file, pointer: '/name', message: namespace });
      if (source.plugin && doc.module && doc.module !== source.plugin.name) problems.push({ file, pointer: '/module', message: `a plugin's entities belong to its own module "${source.plugin.name}"` });
      entities.set(doc.name, { file, doc: source.plugin ? { ...doc, module: source.plugin.name } : doc });
    }
  }
  // Problems in extended parts are reported at the extension file, where the author wrote them.
  const origins = new Map<string, { file: string; pointer: string }>();
  for (const source of sources) applyExtensions(source, rootDir, entities, broken, origins, problems);
  for (const entity of entities.values()) {
    for (const p of checkEntity(entity, entities, broken)) problems.push(relocate(entity.doc.name, p, origins));
  }
  return { entities, broken };
}

function applyExtensions(
  source: MetadataSource,
  rootDir: string,
  entities: Map<string, LocatedEntity>,
  broken: ReadonlySet<string>,
  origins: Map<string, { file: string; pointer: string }>,
  problems: ErrorDetail[],
): void {
  const read = sourceFiles(source, 'extensions', rootDir);
  problems.push(...read.problems);
  for (const { file, json } of read.files) {
    const found = validateDocument('extension', file, json);
    problems.push(...found);
    if (found.length) continue;
    const ext = json as ExtensionDoc;
    const target = entities.get(ext.extends);
    if (!target) {
      if (!broken.has(ext.extends) && !source.dormantExtensions) problems.push({ file, pointer: '/extends', message: `unknown entity "${ext.extends}"` });
      continue;
    }
    const doc: EntityDoc = { ...target.doc, fields: { ...target.doc.fields } };
    for (const [name, field] of Object.entries(ext.fields ?? {})) {
      const pointer = `/fields/${escape(name)}`;
      if (name in doc.fields) {
        problems.push({ file, pointer, message: `entity "${ext.extends}" already has a field "${name}"; an extension adds fields, it never redefines them` });
        continue;
      }
      const namespace = namespaceProblem(source, name, 'field');
      if (namespace) problems.push({ file, pointer, message: namespace });
      doc.fields[name] = { ...field, origin: file };
      origins.set(`${ext.extends}:${pointer}`, { file, pointer });
    }
    applyFieldOverrides(ext, { doc, entityFile: target.file }, file, source.admin === true, problems);
    for (const name of Object.keys(ext.overrides ?? {})) origins.set(`${ext.extends}:/fields/${escape(name)}`, { file, pointer: `/overrides/${escape(name)}` });
    const base = { indexes: doc.indexes?.length ?? 0, rules: doc.rules?.length ?? 0 };
    ext.indexes?.forEach((_, i) => origins.set(`${ext.extends}:/indexes/${base.indexes + i}`, { file, pointer: `/indexes/${i}` }));
    ext.rules?.forEach((_, i) => origins.set(`${ext.extends}:/rules/${base.rules + i}`, { file, pointer: `/rules/${i}` }));
    if (ext.indexes) doc.indexes = [...(doc.indexes ?? []), ...ext.indexes];
    if (ext.rules) doc.rules = [...(doc.rules ?? []), ...ext.rules];
    if (ext.timeline && doc.timeline) problems.push({ file, pointer: '/timeline', message: `entity "${ext.extends}" already declares a timeline` });
    else if (ext.timeline) {
      doc.timeline = ext.timeline;
      origins.set(`${ext.extends}:/timeline`, { file, pointer: '/timeline' });
    }
    if (ext.searchFields) doc.searchFields = [...new Set([...(doc.searchFields ?? []), ...ext.searchFields])];
    entities.set(ext.extends, { ...target, doc });
  }
}

function relocate(entity: string, problem: ErrorDetail, origins: Map<string, { file: string; pointer: string }>): ErrorDetail {
  const m = /^\/(fields\/[^/]+|indexes\/\d+|rules\/\d+|timeline)(.*)$/.exec(problem.pointer ?? '');
  const origin = m ? origins.get(`${entity}:/${m[1]}`) : undefined;
  return origin ? { ...problem, file: origin.file, pointer: `${origin.pointer}${m![2]}` } : problem;
}
