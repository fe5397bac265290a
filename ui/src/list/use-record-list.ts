// Loads a list page by page with keyset cursors ("load more"), with the exact total, restarting whenever the
// filter, sort or columns change. Expanded refs feed the name cache so cells show names at once.
import { useCallback, useEffect, useRef, useState } from 'react';
import { listRecords } from '../api/records-api';
import type { EntityMeta, EntitySummary, RecordData } from '../api/types';
import { seedRefNames } from '../common/ref-names';

export const PAGE_SIZE = 50;

interface Query {
  filter: unknown;
  sort?: string;
  fields: string[];
  expand: string[];
}

export interface RecordList {
  rows: RecordData[];
  count: number | undefined;
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  loadMore(): void;
  reload(): void;
}

export function useRecordList(meta: EntityMeta, summaries: Map<string, EntitySummary>, query: Query): RecordList {
  const [rows, setRows] = useState<RecordData[]>([]);
  const [count, setCount] = useState<number>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const [nonce, setNonce] = useState(0);
  const seq = useRef(0);
  const key = JSON.stringify(query);

  const fetchPage = useCallback(
    async (after: string | null, run: number) => {
      setLoading(true);
      try {
        const r = await listRecords(meta.name, { ...query, cursor: after, limit: PAGE_SIZE, count: after ? undefined : 'exact' });
        if (run !== seq.current) return;
        for (const name of query.expand) {
          const target = meta.fields.find((f) => f.name === name)?.target;
          const summary = target ? summaries.get(target) : undefined;
          if (target && summary) seedRefNames(target, summary.displayField, r.data.map((row) => row[name] as Record<string, unknown> | null));
        }
        setRows((prev) => (after ? [...prev, ...r.data] : r.data));
        if (!after) setCount(r.count);
        setCursor(r.next_cursor);
        setError(undefined);
      } catch (e) {
        if (run === seq.current) setError(e);
      } finally {
        if (run === seq.current) setLoading(false);
      }
    },
    // `key` stands for the query's content.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [meta, summaries, key],
  );

  useEffect(() => {
    const run = ++seq.current;
    void fetchPage(null, run);
  }, [fetchPage, nonce]);

  return {
    rows,
    count,
    loading,
    error,
    hasMore: cursor !== null,
    loadMore: () => cursor && void fetchPage(cursor, seq.current),
    reload: () => setNonce((n) => n + 1),
  };
}
