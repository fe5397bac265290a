// Builds the Model from metadata folders: read → validate (ajv) → cross-check → resolve. Reports every problem at once.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineError, type ErrorDetail } from '../core/index.ts';
import type { EntityDoc, MenuItem, Model } from './model-types.ts';
import { readMetadataFiles } from './read-metadata-files.ts';
import { validateDocument } from './validate-documents.ts';
import { checkEntity, type LocatedEntity } from './check-entity.ts';
import { resolveModel } from './resolve-model.ts';
import { checkWorkflow } from './check-workflow.ts';
import type { WorkflowDoc } from './workflow-types.ts';

export interface MetadataSource {
  /** Folder holding `entities/`, e.g. the project's `metadata/` or a plugin's `metadata/`. */
  dir: string;
}

export interface LoadResult {
  model?: Model;
  problems: ErrorDetail[];
}

/** The engine's own entities (org structure, users, roles): every model has them, before any other layer. */
const SYSTEM_SOURCE: MetadataSource = { dir: fileURLToPath(new URL('./system/', import.meta.url)) };

export function loadModel(sources: readonly MetadataSource[], rootDir: string): LoadResult {
  const problems: ErrorDetail[] = [];
  const entities = new Map<string, LocatedEntity>();
  const invalid = new Set<string>();
  for (const source of [SYSTEM_SOURCE, ...sources]) {
    const read = readMetadataFiles(join(source.dir, 'entities'), rootDir);
    problems.push(...read.problems);
    for (const { file, json } of read.files) {
      const found = validateDocument('entity', file, json);
      problems.push(...found);
      const doc = json as EntityDoc;
      if (found.length > 0) {
        // Its name still resolves references from other files, so one typo is reported once, not once per referrer.
        if (typeof doc?.name === 'string' && !entities.has(doc.name)) invalid.add(doc.name);
        continue;
      }
      const existing = entities.get(doc.name);
      if (existing) {
        problems.push({ file, pointer: '/name', message: `entity "${doc.name}" is already defined in ${existing.file}` });
        continue;
      }
      entities.set(doc.name, { file, doc });
    }
  }
  for (const entity of entities.values()) problems.push(...checkEntity(entity, entities, invalid));
  const menus = loadMenus(sources, rootDir, entities, invalid, problems);
  const workflows = loadWorkflows(sources, rootDir, entities, invalid, problems);
  if (problems.length > 0) return { problems };
  return { model: resolveModel([...entities.values()], menus, workflows), problems };
}

/** Menus from every layer, in order; ids are unique across all of them and entity entries name real entities. */
function loadMenus(sources: readonly MetadataSource[], rootDir: string, entities: ReadonlyMap<string, LocatedEntity>, broken: ReadonlySet<string>, problems: ErrorDetail[]): MenuItem[] {
  const items: MenuItem[] = [];
  const seen = new Map<string, string>();
  for (const source of sources) {
    const read = readMetadataFiles(join(source.dir, 'menus'), rootDir);
    problems.push(...read.problems);
    for (const { file, json } of read.files) {
      const found = validateDocument('menu', file, json);
      problems.push(...found);
      if (found.length) continue;
      const walk = (item: MenuItem, pointer: string) => {
        if (seen.has(item.id)) problems.push({ file, pointer: `${pointer}/id`, message: `menu id "${item.id}" is already used in ${seen.get(item.id)}` });
        seen.set(item.id, file);
        if (item.entity && !entities.has(item.entity) && !broken.has(item.entity)) problems.push({ file, pointer: `${pointer}/entity`, message: `unknown entity "${item.entity}"` });
        if (!item.entity && !item.labels) problems.push({ file, pointer, message: 'a menu entry without an entity needs labels' });
        item.children?.forEach((c, i) => walk(c, `${pointer}/children/${i}`));
      };
      const doc = json as { items: MenuItem[] };
      doc.items.forEach((item, i) => walk(item, `/items/${i}`));
      items.push(...doc.items);
    }
  }
  return items;
}

function loadWorkflows(sources: readonly MetadataSource[], rootDir: string, entities: ReadonlyMap<string, LocatedEntity>, broken: ReadonlySet<string>, problems: ErrorDetail[]) {
  const flows: { file: string; doc: WorkflowDoc }[] = [];
  for (const source of sources) {
    const read = readMetadataFiles(join(source.dir, 'workflows'), rootDir);
    problems.push(...read.problems);
    for (const { file, json } of read.files) {
      const found = validateDocument('workflow', file, json);
      problems.push(...found);
      if (found.length) continue;
      const doc = json as WorkflowDoc;
      const twin = flows.find((f) => f.doc.name === doc.name);
      if (twin) problems.push({ file, pointer: '/name', message: `workflow "${doc.name}" is already defined in ${twin.file}` });
      // A flow touching an entity whose own file is broken is checked once that file is fixed.
      const touched = [doc.entity, ...Object.values(doc.facts ?? {}).map((f) => f.entity), ...(doc.timers ?? []).map((t) => t.unlessRelated?.entity)];
      if (!touched.some((e) => e && broken.has(e))) problems.push(...checkWorkflow(file, doc, entities));
      flows.push({ file, doc });
    }
  }
  return flows;
}

export function loadModelOrThrow(sources: readonly MetadataSource[], rootDir: string): Model {
  const { model, problems } = loadModel(sources, rootDir);
  if (!model) {
    throw new EngineError('METADATA_INVALID', `The metadata has ${problems.length} problem(s); nothing was changed`, problems);
  }
  return model;
}

/** One line per problem, for the console: "metadata/entities/x.json /fields/a/type: unknown field type (expected …)". */
export function formatProblems(problems: readonly ErrorDetail[]): string {
  return problems
    .map((p) => `  ${p.file ?? ''} ${p.pointer || '/'}: ${p.message}${p.expected ? ` (expected ${p.expected})` : ''}`)
    .join('\n');
}
