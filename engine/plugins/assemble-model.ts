// The Model a tenant runs on: the project's core metadata plus its enabled plugins, in dependency order, with the
// built-in and plugin roles checked against it. Every problem of every layer is reported at once.
import { join } from 'node:path';
import { loadRoleFiles, type RoleFile, type RolePermissions } from '../access/index.ts';
import { EngineError, type ErrorDetail } from '../core/index.ts';
import { compiledEntity } from '../data/index.ts';
import { loadModel, type MetadataSource, type Model } from '../metadata/index.ts';
import { checkSavedReports } from '../reports/index.ts';
import { checkWorkflowRoles } from '../workflow/index.ts';
import type { Bundle } from './read-bundle.ts';

export interface AssembledModel {
  model: Model;
  roles: RoleFile[];
  plugins: Bundle[];
  coreGrants: ReadonlySet<string>;
  admin?: MetadataSource;
}

export function sourcesOf(rootDir: string, plugins: readonly Bundle[]): MetadataSource[] {
  return [
    { dir: join(rootDir, 'metadata') },
    ...plugins.map((b) => {
      const plugin = { name: b.manifest.name, prefix: b.manifest.prefix };
      return b.docs ? { docs: b.docs, plugin } : { dir: join(b.dir, 'metadata'), plugin };
    }),
  ];
}

export interface AssembleOptions {
  /** Plugins whose roles the admin allowed, at install, to grant rights outside the plugin. */
  coreGrants?: ReadonlySet<string>;
  /** The tenant admin's own edits, the last layer. */
  admin?: MetadataSource;
}

export function assembleModel(rootDir: string, plugins: readonly Bundle[], options: AssembleOptions = {}): AssembledModel {
  const coreGrants = options.coreGrants ?? new Set<string>();
  const sources = [...sourcesOf(rootDir, plugins), ...(options.admin ? [options.admin] : [])];
  const { model, problems } = loadModel(sources, rootDir);
  if (!model) throw invalid(problems);
  const roles = loadRoleFiles(sources, rootDir, model);
  problems.push(...roles.problems, ...checkWorkflowRoles(model, new Set(roles.roles.map((r) => r.code))), ...checkSavedReports(model));
  for (const role of roles.roles) {
    const bundle = role.plugin ? plugins.find((b) => b.manifest.name === role.plugin) : undefined;
    if (!bundle || coreGrants.has(bundle.manifest.name)) continue;
    problems.push(...grantsOutside(role, bundle));
  }
  if (problems.length) throw invalid(problems);
  // Compiled now, so a broken definition fails here rather than on a request.
  for (const name of model.entities.keys()) compiledEntity(model, name);
  return { model, roles: roles.roles, plugins: [...plugins], coreGrants, admin: options.admin };
}

/** What belongs to the plugin: its prefixed entities, its own module and its menus. */
function ownedBy(bundle: Bundle) {
  const { name, prefix } = bundle.manifest;
  return {
    entity: (entity: string) => entity.startsWith(`${prefix}_`),
    module: (module: string) => module === name,
    menu: (id: string) => id === prefix || id.startsWith(`${prefix}.`) || id.startsWith(`${prefix}_`),
  };
}

/**
 * What a plugin role grants beyond the plugin itself: rights on other entities (or "*"), other modules or menus, and
 * any system function (managing users and roles, plugins, metadata, the audit log, handover). Each needs the admin's
 * consent at install.
 */
function grantsOutside(role: RoleFile, bundle: Bundle): ErrorDetail[] {
  const own = ownedBy(bundle);
  const consent = "install with the administrator's consent to core grants";
  const p = role.permissions;
  const problems: ErrorDetail[] = [];
  const outside = (pointer: string, what: string) => problems.push({ file: role.file, pointer, message: `grants ${what}, outside the plugin: ${consent}` });
  for (const entity of Object.keys(p.entities ?? {})) if (!own.entity(entity)) outside(`/permissions/entities/${entity}`, `rights on "${entity}"`);
  p.modules?.forEach((m, i) => !own.module(m) && outside(`/permissions/modules/${i}`, `the module "${m}"`));
  p.menus?.forEach((m, i) => !own.menu(m) && outside(`/permissions/menus/${i}`, `the menu "${m}"`));
  if (p.functions?.length) outside('/permissions/functions', `the system functions ${p.functions.map((f) => `"${f}"`).join(', ')}`);
  return problems;
}

/** The part of a plugin role that stays inside the plugin: what it grants without the admin's consent. */
export function insidePlugin(permissions: RolePermissions, bundle: Bundle): RolePermissions {
  const own = ownedBy(bundle);
  return {
    ...(permissions.modules ? { modules: permissions.modules.filter(own.module) } : {}),
    menus: (permissions.menus ?? []).filter(own.menu),
    entities: Object.fromEntries(Object.entries(permissions.entities ?? {}).filter(([entity]) => own.entity(entity))),
  };
}

function invalid(problems: ErrorDetail[]): EngineError {
  return new EngineError('METADATA_INVALID', `The metadata has ${problems.length} problem(s); nothing was changed`, problems);
}
