// A record's change history from /history: who did what when, and for changes each field's label with
// before → after shown the way the field shows values.
import { useEffect, useState } from 'react';
import { Button, Empty, Spin, Table, Timeline, Typography } from 'antd';
import { fetchHistory } from '../api/records-api';
import type { EntityMeta, FieldMeta, HistoryEntry } from '../api/types';
import { errorText } from '../common/error-text';
import { FieldValue } from '../common/field-value';
import { useRefNames } from '../common/ref-names';
import { formatDateTime } from '../i18n/format';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-CN';

const ACTIONS: Record<string, MessageKey> = { create: 'history.create', update: 'history.update', delete: 'history.delete', assign: 'history.assign', handover: 'history.handover' };
// Fields every write touches; listing them under each change adds nothing.
const NOISE = new Set(['version', 'updated_at', 'updated_by']);

interface Change {
  field: FieldMeta;
  before: unknown;
  after: unknown;
}

function changesOf(entry: HistoryEntry, fields: Map<string, FieldMeta>): Change[] {
  if (entry.action === 'create' || !entry.changes) return [];
  return Object.entries(entry.changes).flatMap(([name, v]) => {
    const field = fields.get(name);
    if (!field || NOISE.has(name) || !v || typeof v !== 'object' || !('after' in v || 'before' in v)) return [];
    const c = v as { before?: unknown; after?: unknown };
    return [{ field, before: c.before, after: c.after }];
  });
}

export function HistoryTab({ meta, id, refreshKey }: { meta: EntityMeta; id: string; refreshKey: number }) {
  const { t, label } = useI18n();
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const fields = new Map(meta.fields.map((f) => [f.name, f]));
  // The audit log keeps the login name; people are shown by their display name where the user can read it.
  const userName = useRefNames('app_user', [...new Set(entries.flatMap((e) => (e.actor_id ? [e.actor_id] : [])))]);
  const actorOf = (e: HistoryEntry) => (e.actor_name === 'system' || !e.actor_name ? t('history.system') : (e.actor_id && userName(e.actor_id)) || e.actor_name);

  const load = async (after?: string | null) => {
    setLoading(true);
    try {
      const page = await fetchHistory(meta.name, id, after);
      // Views are logged for the audit trail; they are not changes.
      const shown = page.data.filter((e) => e.action !== 'view');
      setEntries((prev) => (after ? [...prev, ...shown] : shown));
      setCursor(page.next_cursor ?? null);
      setError(undefined);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [meta.name, id, refreshKey]);

  if (error) return <Typography.Text type="danger">{errorText(t, error)}</Typography.Text>;
  if (loading && !entries.length) return <Spin />;
  if (!entries.length) return <Empty description={t('history.empty')} />;
  return (
    <div className="history-tab" data-testid="history">
      <Timeline
        items={entries.map((e) => {
          const changes = changesOf(e, fields);
          return {
            key: e.seq,
            color: e.action === 'delete' ? 'red' : e.action === 'create' ? 'green' : 'blue',
            content: (
              <div className="history-entry">
                <div className="history-line">
                  <Typography.Text strong>{actorOf(e)}</Typography.Text>{' '}
                  {ACTIONS[e.action] ? t(ACTIONS[e.action]!) : t('history.other', { action: e.action })}
                  <Typography.Text type="secondary" className="history-time">
                    {formatDateTime(e.logged_at)}
                  </Typography.Text>
                </div>
                {changes.length > 0 && (
                  <Table<Change>
                    size="small"
                    className="history-changes"
                    rowKey={(c) => c.field.name}
                    pagination={false}
                    dataSource={changes}
                    tableLayout="fixed"
                    columns={[
                      { key: 'f', title: t('history.field'), width: 160, render: (_: unknown, c: Change) => label(c.field.labels, c.field.name) },
                      { key: 'b', title: t('history.before'), ellipsis: true, render: (_: unknown, c: Change) => <FieldValue field={c.field} value={c.before} /> },
                      { key: 'a', title: t('history.after'), ellipsis: true, render: (_: unknown, c: Change) => <FieldValue field={c.field} value={c.after} /> },
                    ]}
                  />
                )}
              </div>
            ),
          };
        })}
      />
      {cursor && (
        <Button onClick={() => void load(cursor)} loading={loading}>
          {t('history.more')}
        </Button>
      )}
    </div>
  );
}
