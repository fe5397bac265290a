// The read-only part of a record: numbers and computed values (autonumber, formula, rollup) and the system fields
// (owner, department, created / changed by and when), none of which the form edits. With a form layout, the
// computed fields it places show in their sections instead; without one, workflow states show here too.
import { Descriptions } from 'antd';
import type { EntityMeta, FieldMeta, RecordData } from '../api/types';
import { isComputed } from '../common/field-types';
import { FieldValue } from '../common/field-value';
import { useI18n } from '../i18n/i18n-context';
import { placedComputed, stateFields } from './layout';

const SKIP = new Set(['id', 'version']);

export function computedFields(meta: EntityMeta): FieldMeta[] {
  const placed = placedComputed(meta);
  const states = meta.layout?.length ? new Set<string>() : stateFields(meta);
  const inForm = meta.schema.properties ?? {};
  return meta.fields.filter((f) => !f.system && !(f.name in inForm) && ((isComputed(f) && !placed.has(f.name)) || states.has(f.name)));
}

export function SystemInfo({ meta, record, part }: { meta: EntityMeta; record: RecordData; part: 'computed' | 'system' }) {
  const { t, label } = useI18n();
  const fields = part === 'computed' ? computedFields(meta) : meta.fields.filter((f) => f.system && !SKIP.has(f.name));
  if (!fields.length) return null;
  const withState = part === 'computed' && fields.some((f) => !isComputed(f));
  return (
    <Descriptions
      className={`record-${part}`}
      size="small"
      title={t(part === 'system' ? 'record.systemInfo' : withState ? 'record.stateAndComputed' : 'record.computed')}
      column={{ xs: 1, sm: 2, lg: 3, xxl: 4 }}
      items={fields.map((f) => ({ key: f.name, label: label(f.labels, f.name), children: <FieldValue field={f} value={record[f.name]} /> }))}
    />
  );
}
