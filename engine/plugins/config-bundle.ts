// The tenant's configuration as a metadata bundle in the plugin format, so it moves from a test system to production:
// the admin layer's documents (entities, fields, forms, menus, flows) and the roles, as one JSON document whose keys
// are the files of a plugin folder (`plugin.json`, `metadata/<kind>/<name>.json`). Importing checks the manifest as
// the installer does, every document against the whole Model the bundle makes, and shows per file create / replace /
// unchanged with the schema steps; applying goes through the admin-documents door in one transaction (the roles as
// role records, under the importer's rights), so a refused file leaves everything as it was.
import { isDeepStrictEqual } from 'node:util';
import { checkRolePermissions, type RolePermissions } from '../access/index.ts';
import { EngineError, isEngineError, type ErrorDetail, type RequestContext } from '../core/index.ts';
import { createRecord, listRecords, updateRecordById } from '../data/index.ts';
import { validateDocument, type MetadataKind } from '../metadata/index.ts';
import type { SchemaPlan } from '../schema/index.ts';
import { adminDocument, adminDocuments, adminFile, applyAdminDocuments, planAdminChange, prepareAdminDocuments, type AdminDocumentChange, type PreparedAdminChanges } from './admin-documents.ts';
import { extensionProblems } from './admin-extensions.ts';
import type { PluginHost } from './plugin-lifecycle.ts';
import { bundleDocumentPath, checkManifest, type PluginManifest } from './read-bundle.ts';
import { ENGINE_VERSION, resolvePlugins } from './resolve-plugins.ts';

/** A bundle as one JSON document: each key is a file of the plugin folder, each value that file's JSON. */
export type ConfigBundle = Record<string, unknown>;

export type ConfigAction = 'create' | 'replace' | 'unchanged';

export interface ConfigImportResult {
  applied: boolean;
  manifest: PluginManifest;
  /** Every file of the bundle with what the import does to it. */
  documents: { file: string; kind: MetadataKind; name: string; action: ConfigAction }[];
  plan: SchemaPlan;
}

/** The admin layer's document kinds, in the order a reader expects them; roles come from role records. */
const DOCUMENT_KINDS = ['entities', 'extensions', 'forms', 'menus', 'workflows'] as const satisfies readonly MetadataKind[];
const MANIFEST = 'plugin.json';
const FILE = /^metadata\/(entities|extensions|forms|menus|workflows|roles)\/([a-z][a-z0-9_]{0,62})\.json$/;

interface RoleRecord {
  id: string;
  code: string;
  name: string;
  name_en: string | null;
  description: string | null;
  permissions: RolePermissions;
}
interface RoleDocument {
  code: string;
  labels: { 'zh-CN': string; en: string };
  description?: string;
  permissions: RolePermissions;
}

// The description is read by people (the import page shows it): minutes and an explicit UTC, not an ISO string.
function exportedAt(): string {
  return `${new Date().toISOString().slice(0, 16).replace('T', ' ')} (UTC)`;
}

/** The configuration of the tenant `ctx` runs on, read under the caller's rights (roles are records they must see). */
export async function exportConfigBundle(host: PluginHost, ctx: RequestContext): Promise<ConfigBundle> {
  const { plugins } = host.assembled();
  const manifest: PluginManifest = {
    name: 'tenant-configuration',
    version: '1.0.0',
    prefix: 'cfg',
    labels: { 'zh-CN': '系统配置', en: 'System configuration' },
    description: { 'zh-CN': `${host.tenant.schema} 的配置,导出于 ${exportedAt()}`, en: `Configuration of ${host.tenant.schema}, exported at ${exportedAt()}` },
    engine: `^${ENGINE_VERSION}`,
    // The configuration was made on top of these plugins: the system it goes to needs them installed first.
    ...(plugins.length ? { dependencies: Object.fromEntries(plugins.map((b) => [b.manifest.name, `>=${b.manifest.version}`])) } : {}),
  };
  const bundle: ConfigBundle = { [MANIFEST]: manifest };
  for (const kind of DOCUMENT_KINDS) for (const { name, doc } of adminDocuments(host, kind)) bundle[bundleDocumentPath(kind, name)] = doc;
  const pluginRoles = new Set(host.assembled().roles.filter((r) => r.plugin).map((r) => r.code));
  for (const role of await roleRecords(ctx)) {
    if (pluginRoles.has(role.code)) continue;
    const doc: RoleDocument = { code: role.code, labels: { 'zh-CN': role.name, en: role.name_en || role.name }, ...(role.description ? { description: role.description } : {}), permissions: role.permissions };
    bundle[bundleDocumentPath('roles', role.code)] = doc;
  }
  return bundle;
}

/** Plans the bundle (dry run) or applies it in one transaction; a refusal names each file and JSON pointer. */
export async function importConfigBundle(host: PluginHost, ctx: RequestContext, bundle: unknown, options: { dryRun: boolean }): Promise<ConfigImportResult> {
  const { manifest, documents, roles, problems } = await readConfigBundle(host, bundle);
  const changes: AdminDocumentChange[] = [];
  const actions: ConfigImportResult['documents'] = [];
  for (const d of documents) {
    const current = adminDocument(host, d.kind, d.name);
    const action: ConfigAction = current === undefined ? 'create' : isDeepStrictEqual(current, d.doc) ? 'unchanged' : 'replace';
    actions.push({ file: d.file, kind: d.kind, name: d.name, action });
    if (action !== 'unchanged') changes.push({ kind: d.kind, name: d.name, doc: d.doc });
  }
  let prepared: PreparedAdminChanges | undefined;
  if (!problems.length) {
    try {
      prepared = await prepareAdminDocuments(host, changes);
    } catch (e) {
      if (!isEngineError(e) || (e.code !== 'METADATA_INVALID' && e.code !== 'CONFLICT')) throw e;
      const inBundle = new Map(changes.map((c) => [adminFile(c.kind, c.name), bundleDocumentPath(c.kind, c.name)]));
      problems.push(...e.details.map((d) => ({ ...d, file: (d.file && inBundle.get(d.file)) ?? d.file })));
    }
  }
  const existing = new Map((await roleRecords(ctx)).map((r) => [r.code, r]));
  const roleWrites: { file: string; role: RoleDocument; id?: string }[] = [];
  for (const { file, role } of roles) {
    if (prepared) {
      for (const p of checkRolePermissions(prepared.next.model, role.permissions)) problems.push({ file, pointer: `/permissions${p.pointer}`, message: p.message, ...(p.expected ? { expected: p.expected } : {}) });
    }
    const found = existing.get(role.code);
    const action: ConfigAction = !found ? 'create' : isDeepStrictEqual(recordContent(found), roleContent(role)) ? 'unchanged' : 'replace';
    actions.push({ file, kind: 'roles', name: role.code, action });
    if (action !== 'unchanged') roleWrites.push({ file, role, id: found?.id });
  }
  if (problems.length || !prepared) throw refused(problems);
  if (options.dryRun) return { applied: false, manifest, documents: actions, plan: await planAdminChange(host, prepared.next) };
  const plan = await applyAdminDocuments(host, prepared, ctx.actor, {
    reason: `configuration bundle ${manifest.name} ${manifest.version}`,
    requestId: ctx.requestId,
    alsoInTransaction: async (trx, model) => {
      const inTrx: RequestContext = { ...ctx, knex: trx, model };
      for (const { file, role, id } of roleWrites) {
        try {
          if (id) await updateRecordById(inTrx, 'role', id, roleContent(role));
          else await createRecord(inTrx, 'role', { code: role.code, ...roleContent(role) });
        } catch (e) {
          // The record service names the field by its path in the record; the bundle's file has it under the same name.
          if (!isEngineError(e)) throw e;
          throw new EngineError(e.code, `${file}: ${e.message}`, e.details.map((d) => ({ file, pointer: rolePointer(d.path), message: d.message })));
        }
      }
    },
  });
  return { applied: true, manifest, documents: actions, plan };
}

interface ReadBundle {
  manifest: PluginManifest;
  documents: { file: string; kind: Exclude<MetadataKind, 'roles'>; name: string; doc: unknown }[];
  roles: { file: string; role: RoleDocument }[];
  problems: ErrorDetail[];
}

/** The bundle's manifest and files, each checked where it can be alone; every problem is collected, none thrown. */
async function readConfigBundle(host: PluginHost, bundle: unknown): Promise<ReadBundle> {
  if (!bundle || typeof bundle !== 'object' || Array.isArray(bundle)) {
    throw refused([{ file: '', pointer: '', message: `a configuration bundle is a JSON object: "${MANIFEST}" and "metadata/<kind>/<name>.json" each with its document` }]);
  }
  const files = bundle as ConfigBundle;
  const problems: ErrorDetail[] = Object.hasOwn(files, MANIFEST) ? checkManifest(MANIFEST, files[MANIFEST]) : [{ file: MANIFEST, pointer: '', message: 'the bundle has no plugin.json' }];
  if (problems.length) throw refused(problems);
  const manifest = files[MANIFEST] as PluginManifest;
  // The installer's resolution: this engine within the bundle's range, the plugins it was made on installed here.
  const resolved = resolvePlugins([...host.assembled().plugins, { dir: '', manifest }], [manifest.name]);
  problems.push(...resolved.problems.map((p) => (p.file === `plugins/${manifest.name}/plugin.json` ? { ...p, file: MANIFEST } : p)));
  const read: ReadBundle = { manifest, documents: [], roles: [], problems };
  for (const [file, doc] of Object.entries(files)) {
    if (file === MANIFEST) continue;
    const match = FILE.exec(file);
    if (!match) {
      problems.push({ file, pointer: '', message: 'not a file of a configuration bundle', expected: 'metadata/<entities|extensions|forms|menus|workflows|roles>/<name>.json' });
      continue;
    }
    const kind = match[1] as MetadataKind;
    const name = match[2]!;
    if (kind === 'roles') {
      const found = checkRoleDocument(file, name, doc);
      problems.push(...found);
      if (!found.length) read.roles.push({ file, role: doc as RoleDocument });
      continue;
    }
    if (kind === 'extensions') problems.push(...(await extensionProblems(host, name, doc, file)));
    read.documents.push({ file, kind, name, doc });
  }
  return read;
}

/** A role file checked with the meta-schema of role files; it sits in a file named after its code. */
function checkRoleDocument(file: string, name: string, doc: unknown): ErrorDetail[] {
  const problems = validateDocument('role', file, doc);
  if (!problems.length && (doc as RoleDocument).code !== name) problems.push({ file, pointer: '/code', message: `role "${(doc as RoleDocument).code}" must be in a file named ${(doc as RoleDocument).code}.json` });
  return problems;
}

async function roleRecords(ctx: RequestContext): Promise<RoleRecord[]> {
  const { data } = await listRecords(ctx, 'role', { sort: 'code', limit: '500', fields: 'id,code,name,name_en,description,permissions' });
  return data as unknown as RoleRecord[];
}

const roleContent = (role: RoleDocument) => ({ name: role.labels['zh-CN'], name_en: role.labels.en, description: role.description ?? null, permissions: role.permissions });
const recordContent = (r: RoleRecord) => ({ name: r.name, name_en: r.name_en || r.name, description: r.description || null, permissions: r.permissions });

/** A role record's field path (/name_en, /permissions/…) as the pointer into its bundle file. */
function rolePointer(path: string | undefined): string {
  if (!path) return '';
  if (path === '/name') return '/labels/zh-CN';
  if (path === '/name_en') return '/labels/en';
  return path;
}

function refused(problems: ErrorDetail[]): EngineError {
  return new EngineError('METADATA_INVALID', `The configuration bundle has ${problems.length} problem(s); nothing was changed`, problems.map((p) => ({ ...p, path: p.pointer })));
}
