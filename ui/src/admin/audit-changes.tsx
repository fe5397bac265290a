// One audit entry's changes as a before / after table: an update's field-level diff, a create's or delete's record
// (after / before only), and any other shape (a metadata change's documents) field by field as JSON. Field names are
// shown with the entity's labels when the entity is known.
import { Table, Typography } from 'antd';
import type { FieldMeta } from '../api/types';
import type { AuditEntry } from '../api/users-api';
import { useI18n } from '../i18n/i18n-context';

interface Row {
  field: string;
  before: unknown;
  after: unknown;
}

function isDiff(v: unknown): v is { before?: unknown; after?: unknown } {
  return !!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).every((k) => k === 'before' || k === 'after') && Object.keys(v).length > 0;
}

export function rowsOf(entry: AuditEntry): Row[] {
  const changes = entry.changes ?? {};
  const diff = Object.values(changes).every(isDiff);
  return Object.entries(changes).map(([field, v]) => {
    if (diff && isDiff(v)) return { field, before: v.before, after: v.after };
    return entry.action === 'delete' ? { field, before: v, after: undefined } : { field, before: undefined, after: v };
  });
}

function Value({ value }: { value: unknown }) {
  if (value === undefined || value === null || value === '') return <span className="value-empty">—</span>;
  return <span className="audit-diff-value">{typeof value === 'string' ? value : JSON.stringify(value, null, 1)}</span>;
}

export function AuditChanges({ entry, fields }: { entry: AuditEntry; fields?: Map<string, FieldMeta> }) {
  const { t, label } = useI18n();
  const rows = rowsOf(entry);
  if (!rows.length) return <Typography.Text type="secondary">{t('audit.noChanges')}</Typography.Text>;
  return (
    <Table<Row>
      size="small"
      rowKey="field"
      pagination={false}
      dataSource={rows}
      tableLayout="fixed"
      data-testid="audit-diff"
      columns={[
        { key: 'f', title: t('history.field'), width: 200, render: (_, r) => (fields?.get(r.field) ? `${label(fields.get(r.field)!.labels, r.field)}` : r.field) },
        { key: 'b', title: t('history.before'), render: (_, r) => <Value value={r.before} /> },
        { key: 'a', title: t('history.after'), render: (_, r) => <Value value={r.after} /> },
      ]}
    />
  );
}
