// The entity designer's table: every field of an entity with where it comes from (built-in: core or a plugin;
// custom: the admin's own), and the admin's archived fields, which keep their definition so they can be restored.
import type { CustomFieldDef, ExtensionDoc } from '../api/admin-api';
import type { EntityMeta, FieldMeta, Labels } from '../api/types';

export interface DesignerRow {
  name: string;
  labels: Labels;
  type: string;
  required: boolean;
  options?: CustomFieldDef['options'];
  target?: string;
  origin: 'builtin' | 'admin' | 'archived';
  /** The admin's own definition (custom and archived fields). */
  def?: CustomFieldDef;
  /** The Model's field (built-in and custom fields). */
  field?: FieldMeta;
  /** Defined by the admin layer (its fields, or any field of an entity the admin created): may be archived. */
  archivable: boolean;
}

/** `adminEntity`: the entity's own document when the admin created it. */
export function designerRows(meta: EntityMeta, doc: ExtensionDoc | undefined, adminEntity: { fields: Record<string, CustomFieldDef> } | undefined): DesignerRow[] {
  const own = doc?.fields ?? {};
  const rows: DesignerRow[] = meta.fields
    .filter((f) => !f.system)
    .map((f) => ({
      name: f.name,
      labels: f.labels,
      type: f.type,
      required: f.required === true,
      options: f.options,
      target: f.target,
      origin: own[f.name] ? 'admin' : 'builtin',
      def: own[f.name],
      field: f,
      archivable: !!own[f.name] || (!!adminEntity?.fields[f.name] && f.name !== meta.displayField),
    }));
  for (const name of (doc?.archived as string[] | undefined) ?? []) {
    const def = own[name] ?? adminEntity?.fields[name];
    if (def) rows.push({ name, labels: def.labels, type: def.type, required: def.required === true, options: def.options, target: def.target, origin: 'archived', def, archivable: false });
  }
  return rows;
}
