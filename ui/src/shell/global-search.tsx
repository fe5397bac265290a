// The top bar's search: looks in one entity's search fields (the current tab's entity, else customers) with
// `contains`, and opens the chosen record in a tab.
import { useEffect, useMemo, useRef, useState } from 'react';
import { AutoComplete, Input, Select, Space } from 'antd';
import { listRecords } from '../api/records-api';
import type { EntitySummary } from '../api/types';
import { displayOf, seedRefNames } from '../common/ref-names';
import { searchFilter } from '../common/search-filter';
import { useI18n } from '../i18n/i18n-context';
import { useTabs } from './tabs-context';

export function GlobalSearch({ entities }: { entities: Map<string, EntitySummary> }) {
  const { t, label } = useI18n();
  const tabs = useTabs();
  const activeSpec = tabs.tabs.find((x) => x.key === tabs.active)?.spec;
  const tabEntity = activeSpec && 'entity' in activeSpec && entities.has(activeSpec.entity) ? activeSpec.entity : undefined;
  const fallback = entities.has('customer') ? 'customer' : ([...entities.keys()][0] ?? '');
  const [chosen, setChosen] = useState<string | undefined>();
  const entity = chosen ?? tabEntity ?? fallback;
  const [text, setText] = useState('');
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [empty, setEmpty] = useState(false);
  const seq = useRef(0);

  // Following the active tab until the user picks an entity here.
  useEffect(() => setChosen(undefined), [tabEntity]);

  useEffect(() => {
    const q = text.trim();
    const run = ++seq.current;
    if (!q || !entity) {
      setOptions([]);
      setEmpty(false);
      return;
    }
    const timer = setTimeout(async () => {
      try {
        const summary = entities.get(entity)!;
        const r = await listRecords(entity, { filter: await searchFilter(entity, q), limit: 10, fields: ['id', summary.displayField] });
        if (run !== seq.current) return;
        seedRefNames(entity, summary.displayField, r.data);
        setOptions(r.data.map((rec) => ({ value: rec.id, label: displayOf(rec, summary.displayField) || rec.id })));
        setEmpty(r.data.length === 0);
      } catch {
        if (run === seq.current) setOptions([]);
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [text, entity, entities]);

  const entityOptions = useMemo(
    () => [...entities.values()].filter((e) => e.searchFields?.length).map((e) => ({ value: e.name, label: label(e.labels, e.name) })),
    [entities, label],
  );
  const entityLabel = label(entities.get(entity)?.labels, entity);

  return (
    <Space.Compact className="global-search">
      <Select className="global-search-entity" value={entity} options={entityOptions} onChange={setChosen} popupMatchSelectWidth={false} showSearch={{ optionFilterProp: 'label' }} />
      <AutoComplete
        className="global-search-input"
        value={text}
        options={options}
        onSearch={setText}
        onSelect={(id: string) => {
          tabs.openRecord(entity, id);
          setText('');
        }}
        notFoundContent={empty ? t('shell.search.noResult') : undefined}
      >
        <Input.Search placeholder={t('shell.search.placeholder', { entity: entityLabel })} allowClear aria-label={t('shell.search.placeholder', { entity: entityLabel })} />
      </AutoComplete>
    </Space.Compact>
  );
}
