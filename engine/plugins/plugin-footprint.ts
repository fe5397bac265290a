// What an installed plugin put into the tenant's database, read from its recorded metadata (or, for installs older
// than snapshots, its bundle): its entities' tables and link tables, the fields it added to other entities, its
// roles and workflows. Purging removes exactly this, and the backup holds exactly this.
import type { Knex } from 'knex';
import { EngineError } from '../core/index.ts';
import { queryRows, type Tenant } from '../db/index.ts';
import { linkTableName } from '../schema/index.ts';
import { installedBundles } from './bundle-snapshot.ts';
import type { InstalledPlugin } from './tenant-layers.ts';

export interface PluginFootprint {
  /** Tables of the plugin's entities, and every link table of theirs (the admin's many-to-many fields included). */
  tables: string[];
  /** Columns the plugin added to other entities' tables, with their link tables. */
  columns: { table: string; column: string }[];
  entities: string[];
  roles: string[];
  workflows: string[];
}

type FieldDoc = { type?: string };

export async function pluginFootprint(trx: Knex, tenant: Tenant, rootDir: string, row: InstalledPlugin): Promise<PluginFootprint> {
  const { bundles, problems } = installedBundles(rootDir, [row]);
  const docs = bundles[0]?.docs;
  if (problems.length || !docs) {
    throw new EngineError('CONFLICT', `What plugin "${row.name}" installed cannot be determined: its recorded metadata is missing and plugins/${row.name} cannot be read; nothing was changed`, problems);
  }
  const json = <T>(kind: keyof typeof docs) => (docs[kind] ?? []).map((f) => f.json as T);
  const entities = json<{ name: string }>('entities').map((e) => e.name);
  const linkTables: string[] = [];
  const columns: PluginFootprint['columns'] = [];
  for (const ext of json<{ extends: string; fields?: Record<string, FieldDoc> }>('extensions')) {
    if (entities.includes(ext.extends)) continue;
    for (const [field, def] of Object.entries(ext.fields ?? {})) {
      if (def.type === 'many_to_many') linkTables.push(linkTableName(ext.extends, field));
      else if (def.type !== 'children' && def.type !== 'attachment') columns.push({ table: ext.extends, column: field });
    }
  }
  const existing = new Set(
    (await queryRows<{ name: string }>(trx, `select table_name as name from information_schema.tables where table_schema = ?`, [tenant.schema])).map((r) => r.name),
  );
  const ownLinks = [...existing].filter((t) => entities.some((e) => t.startsWith(`${e}__`)));
  const presentColumns = new Set(
    (await queryRows<{ t: string; c: string }>(trx, `select table_name as t, column_name as c from information_schema.columns where table_schema = ?`, [tenant.schema])).map((r) => `${r.t}.${r.c}`),
  );
  return {
    // Link tables first: they refer to the entity tables.
    tables: [...new Set([...ownLinks, ...linkTables, ...entities])].filter((t) => existing.has(t)),
    columns: columns.filter((c) => presentColumns.has(`${c.table}.${c.column}`)),
    entities,
    roles: json<{ code: string }>('roles').map((r) => r.code),
    workflows: json<{ name: string }>('workflows').map((w) => w.name),
  };
}
