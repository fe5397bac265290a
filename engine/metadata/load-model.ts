// Builds the Model from metadata layers: read → validate (ajv) → cross-check → resolve. Reports every problem at once.
import { fileURLToPath } from 'node:url';
import { EngineError, type ErrorDetail } from '../core/index.ts';
import { loadEntities } from './load-entities.ts';
import { loadForms } from './load-forms.ts';
import { loadMenus } from './load-menus.ts';
import { loadReports } from './load-reports.ts';
import { loadWorkflows } from './load-workflows.ts';
import type { MetadataSource } from './metadata-source.ts';
import type { Model } from './model-types.ts';
import { resolveModel } from './resolve-model.ts';

export type { MetadataSource } from './metadata-source.ts';

export interface LoadResult {
  model?: Model;
  problems: ErrorDetail[];
}

/** The engine's own entities (org structure, users, roles): every model has them, before any other layer. */
const SYSTEM_SOURCE: MetadataSource = { dir: fileURLToPath(new URL('./system/', import.meta.url)) };

/** Layers in order: engine, then `sources` (the project's core metadata, then installed plugins). */
export function loadModel(sources: readonly MetadataSource[], rootDir: string): LoadResult {
  const problems: ErrorDetail[] = [];
  const all = [SYSTEM_SOURCE, ...sources];
  const entities = loadEntities(all, rootDir, problems);
  const menus = loadMenus(sources, rootDir, entities, problems);
  const workflows = loadWorkflows(sources, rootDir, entities, problems);
  const forms = loadForms(sources, rootDir, entities, problems);
  const reports = loadReports(sources, rootDir, problems);
  if (problems.length > 0) return { problems };
  return { model: resolveModel([...entities.entities.values()], menus, workflows, forms, reports), problems };
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
