// A portal card listing a few records of one entity (my opportunities, my tickets…) with a total.
import { Badge, Card, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { fetchEntityMeta, fetchEntitySummaries } from '../api/meta-api';
import { listRecords } from '../api/records-api';
import type { EntityMeta, ListResult, RecordData } from '../api/types';
import { compactWidth } from '../common/field-types';
import { FieldValue } from '../common/field-value';
import { displayOf, seedRefNames } from '../common/ref-names';
import { useAsync } from '../common/use-async';
import { useI18n } from '../i18n/i18n-context';
import { useTabs } from '../shell/tabs-context';

interface Props {
  title: string;
  entity: string;
  filter: unknown;
  sort: string;
  /** Columns after the display field, in order; ones the user may not read are left out. */
  fields: string[];
  limit?: number;
  note?: string;
  /** What an empty card means to the user, said instead of a bare "no data". */
  empty: string;
  testId?: string;
}

async function load(entity: string, filter: unknown, sort: string, fields: string[], limit: number): Promise<{ meta: EntityMeta; result: ListResult }> {
  const [meta, summaries] = await Promise.all([fetchEntityMeta(entity), fetchEntitySummaries()]);
  const known = fields.filter((f) => meta.fields.some((m) => m.name === f));
  const refs = known.filter((f) => {
    const target = meta.fields.find((m) => m.name === f)?.target;
    return target && summaries.has(target);
  });
  const result = await listRecords(entity, { filter, sort, limit, fields: ['id', meta.displayField, ...known], expand: refs, count: 'exact' });
  for (const f of refs) {
    const target = meta.fields.find((m) => m.name === f)!.target!;
    seedRefNames(target, summaries.get(target)!.displayField, result.data.map((r) => r[f] as Record<string, unknown> | null));
  }
  return { meta, result };
}

export function RecordsCard({ title, entity, filter, sort, fields, limit = 6, note, empty, testId }: Props) {
  const { t, locale } = useI18n();
  const tabs = useTabs();
  const state = useAsync(() => load(entity, filter, sort, fields, limit), [entity, JSON.stringify(filter), sort, fields.join(), limit, locale]);
  const meta = state.data?.meta;
  const columns: ColumnsType<RecordData> = meta
    ? [
        {
          key: meta.displayField,
          title: meta.fields.find((f) => f.name === meta.displayField)?.labels[locale],
          ellipsis: true,
          render: (_: unknown, r: RecordData) => <Typography.Link onClick={() => tabs.openRecord(entity, r.id)}>{displayOf(r, meta.displayField) || r.id.slice(0, 8)}</Typography.Link>,
        },
        ...fields
          .map((name) => meta.fields.find((f) => f.name === name))
          .filter((f) => f !== undefined)
          .map((f) => ({ key: f.name, title: f.labels[locale], ellipsis: true, width: compactWidth(f), render: (_: unknown, r: RecordData) => <FieldValue field={f} value={r[f.name]} /> })),
      ]
    : [];
  const count = state.data?.result.count;
  return (
    <Card
      size="small"
      className="portal-card"
      data-testid={testId}
      title={
        <span>
          {title}
          {count !== undefined && <Badge count={count} showZero overflowCount={9999} color="#8c9bb0" className="card-count" />}
        </span>
      }
      extra={
        <Typography.Link onClick={() => tabs.open({ kind: 'list', entity })} className="portal-more">
          {t('portal.more')}
        </Typography.Link>
      }
    >
      {note && <Typography.Paragraph type="secondary" className="portal-note">{note}</Typography.Paragraph>}
      <Table<RecordData>
        size="small"
        rowKey="id"
        loading={state.loading}
        columns={columns}
        dataSource={state.data?.result.data ?? []}
        pagination={false}
        locale={{ emptyText: state.error ? t('app.loadFailed') : empty }}
        tableLayout="fixed"
      />
    </Card>
  );
}
