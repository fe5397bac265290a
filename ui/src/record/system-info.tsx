// The read-only part of a record: numbers and computed values (autonumber, formula) and the system fields (owner,
// department, created / changed by and when), none of which the form edits.
import { Descriptions } from 'antd';
import type { EntityMeta, FieldMeta, RecordData } from '../api/types';
import { FieldValue } from '../common/field-value';
import { useI18n } from '../i18n/i18n-context';

const SKIP = new Set(['id', 'version']);

export function computedFields(meta: EntityMeta): FieldMeta[] {
  return meta.fields.filter((f) => !f.system && (f.type === 'autonumber' || f.type === 'formula') && !(f.name in (meta.schema.properties ?? {})));
}

export function SystemInfo({ meta, record, part }: { meta: EntityMeta; record: RecordData; part: 'computed' | 'system' }) {
  const { t, label } = useI18n();
  const fields = part === 'computed' ? computedFields(meta) : meta.fields.filter((f) => f.system && !SKIP.has(f.name));
  if (!fields.length) return null;
  return (
    <Descriptions
      className={`record-${part}`}
      size="small"
      title={t(part === 'computed' ? 'record.computed' : 'record.systemInfo')}
      column={{ xs: 1, sm: 2, lg: 3, xxl: 4 }}
      items={fields.map((f) => ({ key: f.name, label: label(f.labels, f.name), children: <FieldValue field={f} value={record[f.name]} /> }))}
    />
  );
}
