// A record's related records: every readable entity with a ref to this one (a customer's contacts, activities,
// opportunities, quotes, contracts, tickets…), found in the metadata; owned lines are left out, the form shows them.
import { Button, Card, Empty, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { fetchEntityMeta } from '../api/meta-api';
import { listRecords } from '../api/records-api';
import type { EntityMeta, EntitySummary, RecordData } from '../api/types';
import { can } from '../auth/permissions';
import { useMe } from '../auth/session-context';
import { compactWidth } from '../common/field-types';
import { FieldValue } from '../common/field-value';
import { displayOf } from '../common/ref-names';
import { useAsync } from '../common/use-async';
import { useI18n } from '../i18n/i18n-context';
import { useTabs } from '../shell/tabs-context';

const LIMIT = 10;
const COLUMN_TYPES = new Set(['enum', 'money', 'date', 'datetime', 'autonumber', 'formula']);

interface Relation {
  entity: EntitySummary;
  field: string;
  /** Several refs from one entity to this one (or a ref to itself) need the field named too. */
  named: boolean;
}

export function relationsOf(meta: EntityMeta, summaries: Map<string, EntitySummary>): Relation[] {
  const owned = new Set(meta.fields.filter((f) => f.type === 'children').map((f) => f.target));
  const out: Relation[] = [];
  for (const e of summaries.values()) {
    if (owned.has(e.name)) continue;
    const refs = (e.references ?? []).filter((r) => r.target === meta.name);
    for (const r of refs) out.push({ entity: e, field: r.field, named: refs.length > 1 || e.name === meta.name });
  }
  return out;
}

function RelatedList({ relation, id }: { relation: Relation; id: string }) {
  const { t, label, locale } = useI18n();
  const me = useMe();
  const tabs = useTabs();
  const name = relation.entity.name;
  const state = useAsync(async () => {
    const meta = await fetchEntityMeta(name);
    const columns = meta.fields.filter((f) => !f.system && f.name !== meta.displayField && f.name !== relation.field && COLUMN_TYPES.has(f.type)).slice(0, 3);
    const result = await listRecords(name, { filter: { '==': [{ var: relation.field }, id] }, sort: '-created_at', limit: LIMIT, count: 'exact', fields: ['id', meta.displayField, ...columns.map((c) => c.name)] });
    return { meta, columns, result };
  }, [name, relation.field, id, locale]);
  const meta = state.data?.meta;
  const fieldLabel = meta ? label(meta.fields.find((f) => f.name === relation.field)?.labels, relation.field) : '';
  const title = `${label(relation.entity.labels, name)}${relation.named && fieldLabel ? ` · ${fieldLabel}` : ''}`;
  const count = state.data?.result.count ?? 0;
  return (
    <Card
      size="small"
      className="related-card"
      data-testid={`related-${name}-${relation.field}`}
      title={t('record.relatedCount', { entity: title, count: state.data ? count : '…' })}
      extra={
        can(me, name, 'create') && (
          <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => tabs.openNew(name, { [relation.field]: id })}>
            {t('list.new')}
          </Button>
        )
      }
    >
      <Table<RecordData>
        size="small"
        rowKey="id"
        loading={state.loading}
        dataSource={state.data?.result.data ?? []}
        pagination={false}
        tableLayout="fixed"
        locale={{ emptyText: state.error ? t('app.loadFailed') : t(can(me, name, 'create') ? 'record.relatedEmptyCreate' : 'record.relatedEmpty') }}
        columns={
          meta
            ? [
                {
                  key: 'display',
                  title: label(meta.fields.find((f) => f.name === meta.displayField)?.labels, meta.displayField),
                  ellipsis: true,
                  render: (_: unknown, r: RecordData) => <Typography.Link onClick={() => tabs.openRecord(name, r.id)}>{displayOf(r, meta.displayField) || r.id.slice(0, 8)}</Typography.Link>,
                },
                ...(state.data?.columns ?? []).map((f) => ({ key: f.name, title: label(f.labels, f.name), ellipsis: true, width: compactWidth(f), render: (_: unknown, r: RecordData) => <FieldValue field={f} value={r[f.name]} /> })),
              ]
            : []
        }
      />
      {count > LIMIT && (
        <Typography.Text type="secondary" className="related-more">
          {t('record.relatedMore', { shown: LIMIT, count })}
        </Typography.Text>
      )}
    </Card>
  );
}

export function RelatedLists({ meta, summaries, id }: { meta: EntityMeta; summaries: Map<string, EntitySummary>; id: string }) {
  const { t } = useI18n();
  const relations = relationsOf(meta, summaries);
  if (!relations.length) return <Empty description={t('record.noRelated')} />;
  return (
    <div className="related-lists">
      {relations.map((r) => (
        <RelatedList key={`${r.entity.name}.${r.field}`} relation={r} id={id} />
      ))}
    </div>
  );
}
