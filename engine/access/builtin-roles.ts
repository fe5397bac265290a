// Built-in roles ship as metadata (metadata/roles/<code>.json). They are checked with the rest of the metadata at
// start-up and synced into the role table; an admin's later edit of a built-in role is kept, never overwritten.
import { createHash } from 'node:crypto';
import type { ErrorDetail, RequestContext } from '../core/index.ts';
import { createRecord, updateRecordById } from '../data/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import { namespaceProblem, sourceFiles, validateDocument, type MetadataSource, type Model } from '../metadata/index.ts';
import { checkRolePermissions } from './check-role-permissions.ts';
import type { RolePermissions } from './permission-types.ts';

export interface RoleFile {
  file: string;
  /** The plugin whose layer ships the role, if any. */
  plugin?: string;
  code: string;
  labels: { 'zh-CN': string; en: string };
  description?: string;
  permissions: RolePermissions;
}

export function loadRoleFiles(sources: readonly MetadataSource[], rootDir: string, model: Model): { roles: RoleFile[]; problems: ErrorDetail[] } {
  const roles: RoleFile[] = [];
  const problems: ErrorDetail[] = [];
  for (const source of sources) {
    const read = sourceFiles(source, 'roles', rootDir);
    problems.push(...read.problems);
    for (const { file, json } of read.files) {
      const found = validateDocument('role', file, json);
      if (found.length) {
        problems.push(...found);
        continue;
      }
      const role: RoleFile = { file, ...(json as Omit<RoleFile, 'file'>), ...(source.plugin ? { plugin: source.plugin.name } : {}) };
      const namespace = namespaceProblem(source, role.code, 'role');
      if (namespace) problems.push({ file, pointer: '/code', message: namespace });
      if (!file.endsWith(`/${role.code}.json`)) problems.push({ file, pointer: '/code', message: `role "${role.code}" must be defined in a file named ${role.code}.json` });
      const twin = roles.find((r) => r.code === role.code);
      if (twin) problems.push({ file, pointer: '/code', message: `role "${role.code}" is already defined in ${twin.file}` });
      for (const p of checkRolePermissions(model, role.permissions)) problems.push({ file, pointer: `/permissions${p.pointer}`, message: p.message, ...(p.expected ? { expected: p.expected } : {}) });
      roles.push(role);
    }
  }
  return { roles, problems };
}

/**
 * Inserts missing built-in roles and updates those nobody has edited since the last sync (their content still
 * hashes to what the engine last wrote). Returns the codes whose admin edits were kept over a changed file.
 */
export async function syncBuiltinRoles(ctx: RequestContext, roles: readonly RoleFile[]): Promise<{ kept: string[] }> {
  const kept: string[] = [];
  const settings = qualified(ctx.tenant, 'crm_setting');
  for (const role of roles) {
    const content = { code: role.code, name: role.labels['zh-CN'], name_en: role.labels.en, description: role.description ?? null, permissions: role.permissions };
    const fileHash = hashOf(content);
    const [row] = await queryRows<{ id: string; version: number } & Record<string, unknown>>(ctx.knex, `select * from ${qualified(ctx.tenant, 'role')} where code = ?`, [role.code]);
    const [synced] = await queryRows<{ value: string }>(ctx.knex, `select value from ${settings} where key = ?`, [`role_sync:${role.code}`]);
    if (!row) {
      await createRecord(ctx, 'role', content);
    } else if (synced?.value === fileHash) {
      continue;
    } else if (synced && hashOf(pick(row)) === synced.value) {
      await updateRecordById(ctx, 'role', row.id, { name: content.name, name_en: content.name_en, description: content.description, permissions: content.permissions });
    } else {
      kept.push(role.code);
      continue;
    }
    await queryRows(ctx.knex, `insert into ${settings} (key, value) values (?, ?) on conflict (key) do update set value = excluded.value`, [`role_sync:${role.code}`, fileHash]);
  }
  return { kept };
}

function pick(row: Record<string, unknown>) {
  return { code: row.code, name: row.name, name_en: row.name_en ?? null, description: row.description ?? null, permissions: row.permissions };
}

// Key order in jsonb is not the order written, so hash a canonical form.
function hashOf(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('hex');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
