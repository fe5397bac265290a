// The fields every entity has. The engine writes them; clients never can.
import type { FieldDoc } from './model-types.ts';

const L = (zh: string, en: string) => ({ 'zh-CN': zh, en });

export const SYSTEM_FIELDS: Readonly<Record<string, FieldDoc>> = Object.freeze({
  id: { type: 'string', labels: L('编号', 'ID') },
  created_at: { type: 'datetime', labels: L('创建时间', 'Created at') },
  updated_at: { type: 'datetime', labels: L('修改时间', 'Updated at') },
  // Refs to the built-in org entities (engine/metadata/system): expandable, but without foreign keys, because
  // users are disabled rather than deleted and every table would otherwise lock against the user table.
  created_by: { type: 'ref', target: 'app_user', labels: L('创建人', 'Created by') },
  updated_by: { type: 'ref', target: 'app_user', labels: L('修改人', 'Updated by') },
  owner: { type: 'ref', target: 'app_user', labels: L('负责人', 'Owner') },
  department: { type: 'ref', target: 'department', labels: L('所属部门', 'Department') },
  version: { type: 'integer', labels: L('版本', 'Version') },
});

export const SYSTEM_FIELD_NAMES: ReadonlySet<string> = new Set(Object.keys(SYSTEM_FIELDS));
