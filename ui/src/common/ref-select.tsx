// A searchable picker of records of one entity, showing their display names; single or multiple. Used by the
// form's ref widget, the filter builder and the owner picker.
import { useEffect, useRef, useState } from 'react';
import { Select, Spin } from 'antd';
import { fetchEntityMeta } from '../api/meta-api';
import { listRecords } from '../api/records-api';
import { useI18n } from '../i18n/i18n-context';
import { displayOf, seedRefNames, useRefNames } from './ref-names';
import { searchFilter } from './search-filter';

interface Props {
  target: string;
  value: string | string[] | null | undefined;
  onChange(value: string | string[] | undefined): void;
  multiple?: boolean;
  disabled?: boolean;
  id?: string;
  status?: 'error';
  placeholder?: string;
  onBlur?(): void;
  className?: string;
}

export function RefSelect({ target, value, onChange, multiple, disabled, id, status, placeholder, onBlur, className }: Props) {
  const { t } = useI18n();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const [query, setQuery] = useState<string | null>(null);
  const seq = useRef(0);
  const ids = value == null ? [] : Array.isArray(value) ? value : [value];
  const nameOf = useRefNames(target, ids);

  // Searches on the target's display field (and its other text search fields) as the user types.
  useEffect(() => {
    if (query === null) return;
    const run = ++seq.current;
    setLoading(true);
    const timer = setTimeout(async () => {
      try {
        const meta = await fetchEntityMeta(target);
        const q = query.trim();
        const filter = q ? await searchFilter(target, q, [meta.displayField, ...(meta.searchFields ?? [])]) : undefined;
        const r = await listRecords(target, { filter, limit: 20, fields: ['id', meta.displayField], sort: meta.displayField });
        if (run !== seq.current) return;
        seedRefNames(target, meta.displayField, r.data);
        setOptions(r.data.map((rec) => ({ value: rec.id, label: displayOf(rec, meta.displayField) || rec.id.slice(0, 8) })));
      } catch {
        if (run === seq.current) setOptions([]);
      } finally {
        if (run === seq.current) setLoading(false);
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [query, target]);

  // Selected values keep their names even when they are not among the current search results.
  const merged = [...options];
  for (const v of ids) if (!merged.some((o) => o.value === v)) merged.push({ value: v, label: nameOf(v) ?? (nameOf(v) === null ? t('value.hidden') : '…') });

  return (
    <Select<string | string[]>
      id={id}
      className={className ?? 'full-width'}
      mode={multiple ? 'multiple' : undefined}
      value={multiple ? ids : (ids[0] ?? undefined)}
      options={merged}
      disabled={disabled}
      status={status}
      allowClear
      placeholder={placeholder ?? t('ref.placeholder')}
      showSearch={{ filterOption: false, onSearch: (q: string) => setQuery(q) }}
      onOpenChange={(open) => open && query === null && setQuery('')}
      onChange={(v) => onChange(v === undefined || v === null || (Array.isArray(v) && v.length === 0) ? (multiple ? [] : undefined) : v)}
      onBlur={onBlur}
      notFoundContent={loading ? <Spin size="small" /> : t('ref.noMatch')}
    />
  );
}
