// The generated list of any entity: columns from metadata and the user's settings, server-side sort, keyset
// paging, a json-logic filter builder, quick search, saved views, export and permitted bulk actions.
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Input, Segmented, Space, Spin, Table, Tag, Typography } from 'antd';
import { FilterOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { EntityMeta, EntitySummary, FieldMeta, RecordData } from '../api/types';
import { can } from '../auth/permissions';
import { useMe } from '../auth/session-context';
import { errorText } from '../common/error-text';
import { useEntityMeta, useEntitySummaries } from '../common/use-meta';
import { useI18n } from '../i18n/i18n-context';
import { useTabs } from '../shell/tabs-context';
import { TimelineView } from '../timeline';
import { BulkActions } from './bulk-actions';
import { ExportButton } from './export-button';
import { ImportButton } from './import/import-wizard';
import { ColumnSettings } from './column-settings';
import { FilterBuilder } from './filter-builder';
import { combineFilter, isComplete, type Condition } from './filter-logic';
import { listColumns } from './list-columns';
import { defaultPrefs, listableFields, loadPrefs, loadViews, savePrefs, saveViews, type ListPrefs, type SavedView } from './list-prefs';
import { ResizableHeader } from './resizable-header';
import { SavedViews } from './saved-views';
import { useRecordList } from './use-record-list';

const TEXT_TYPES = new Set(['string', 'text', 'autonumber']);

function quickSearch(meta: EntityMeta, q: string): unknown {
  const fields = (meta.searchFields?.length ? meta.searchFields : [meta.displayField]).filter((n) => TEXT_TYPES.has(meta.fields.find((f) => f.name === n)?.type ?? ''));
  if (!q.trim() || !fields.length) return undefined;
  const parts = fields.map((f) => ({ contains: [{ var: f }, q.trim()] }));
  return parts.length === 1 ? parts[0] : { or: parts };
}

/** `filter`: json-logic the list always applies on top of the user's own (a report segment's records), named by `filterTitle`. */
export function ListView({ entity, filter, filterTitle }: { entity: string; filter?: unknown; filterTitle?: string }) {
  const meta = useEntityMeta(entity);
  const summaries = useEntitySummaries();
  const { t } = useI18n();
  if (meta.error || summaries.error) return <Alert type="error" showIcon title={errorText(t, meta.error ?? summaries.error)} className="page-alert" />;
  if (!meta.data || !summaries.data) return <Spin className="tab-loading" />;
  return <LoadedList meta={meta.data} summaries={summaries.data} fixedFilter={filter} fixedTitle={filterTitle} />;
}

function withFixed(filter: unknown, fixed: unknown): unknown {
  if (fixed === undefined) return filter;
  return filter === undefined ? fixed : { and: [fixed, filter] };
}

function LoadedList({ meta, summaries, fixedFilter, fixedTitle }: { meta: EntityMeta; summaries: Map<string, EntitySummary>; fixedFilter?: unknown; fixedTitle?: string }) {
  const { t, label } = useI18n();
  const me = useMe();
  const tabs = useTabs();
  const { message } = App.useApp();
  const [prefs, setPrefsState] = useState<ListPrefs>(() => loadPrefs(me.user.id, meta, summaries));
  const [views, setViews] = useState<SavedView[]>(() => loadViews(me.user.id, meta.name));
  const [currentView, setCurrentView] = useState<string>();
  const [conditions, setConditions] = useState<Condition[]>([]);
  const [search, setSearch] = useState('');
  const [searchInput, setSearchInput] = useState('');
  const [showFilter, setShowFilter] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  // An entity that declares a timeline shows its records as a list or on the timeline (same filter and search).
  const [mode, setMode] = useState<'list' | 'timeline'>('list');

  const setPrefs = (next: ListPrefs) => {
    setPrefsState(next);
    savePrefs(me.user.id, meta.name, next);
  };
  const fields = useMemo(() => listableFields(meta), [meta]);
  const byName = useMemo(() => new Map(meta.fields.map((f) => [f.name, f])), [meta]);
  const fieldLabel = (f: FieldMeta) => label(f.labels, f.name);

  const query = useMemo(() => {
    const expand = prefs.columns.filter((c) => {
      const f = byName.get(c);
      return f?.type === 'ref' && f.target && summaries.has(f.target);
    });
    return {
      filter: withFixed(combineFilter(conditions, byName, quickSearch(meta, search)), fixedFilter),
      sort: prefs.sort ? `${prefs.sort.desc ? '-' : ''}${prefs.sort.field}` : undefined,
      fields: [...new Set(['id', meta.displayField, ...prefs.columns])],
      expand,
    };
  }, [conditions, search, prefs.columns, prefs.sort, meta, byName, summaries, fixedFilter]);
  const list = useRecordList(meta, summaries, query);
  useEffect(() => setSelected([]), [query]);

  const canCreate = can(me, meta.name, 'create');
  const canDelete = can(me, meta.name, 'delete');
  const canExport = can(me, meta.name, 'export');
  const canImport = can(me, meta.name, 'import') && canCreate;
  // Picking a new owner needs the user directory.
  const canAssign = can(me, meta.name, 'assign') && summaries.has('app_user');
  const activeConditions = conditions.filter((c) => isComplete(c, byName.get(c.field))).length;

  const columns = listColumns({
    meta,
    prefs,
    label: fieldLabel,
    onOpen: (id) => tabs.openRecord(meta.name, id),
    onResize: (name, width) => setPrefs({ ...prefs, widths: { ...prefs.widths, [name]: width } }),
  });
  const scrollX = columns.reduce((sum, c) => sum + (Number(c.width) || 150), 48);

  const applyView = (view: SavedView | undefined) => {
    setCurrentView(view?.name);
    setConditions(view?.conditions ?? []);
    setSearch(view?.search ?? '');
    setSearchInput(view?.search ?? '');
    setShowFilter(!!view?.conditions.length);
    if (view) setPrefs({ columns: view.columns, widths: view.widths, sort: view.sort });
  };
  const saveView = (name: string) => {
    const next = [...views.filter((v) => v.name !== name), { name, conditions, search, columns: prefs.columns, widths: prefs.widths, sort: prefs.sort }];
    setViews(next);
    saveViews(me.user.id, meta.name, next);
    setCurrentView(name);
    message.success(t('list.viewSaved'));
  };
  const deleteView = (name: string) => {
    const next = views.filter((v) => v.name !== name);
    setViews(next);
    saveViews(me.user.id, meta.name, next);
    if (currentView === name) setCurrentView(undefined);
  };

  return (
    <div className="list-view" data-testid={`list-${meta.name}`}>
      <div className="list-toolbar">
        <Space className="list-title" size="small">
          <Typography.Title level={5}>{label(meta.labels, meta.name)}</Typography.Title>
          {fixedFilter !== undefined && (
            <Tag color="blue" data-testid="list-report-filter">
              {t('list.reportFilter', { title: fixedTitle ?? '' })}
            </Tag>
          )}
          {list.count !== undefined && (
            <Typography.Text type="secondary" data-testid="list-total">
              {t('list.total', { count: list.count })}
            </Typography.Text>
          )}
        </Space>
        <Space wrap size="small" className="list-tools">
          {meta.timeline && (
            <Segmented
              value={mode}
              onChange={(v) => setMode(v as 'list' | 'timeline')}
              options={[
                { value: 'list', label: t('timeline.mode.list') },
                { value: 'timeline', label: <span data-testid="list-mode-timeline">{t('timeline.mode.timeline')}</span> },
              ]}
            />
          )}
          <Input.Search
            className="list-search"
            placeholder={t('list.quickSearch')}
            allowClear
            value={searchInput}
            onChange={(e) => (setSearchInput(e.target.value), e.target.value === '' && setSearch(''))}
            onSearch={setSearch}
          />
          <Button icon={<FilterOutlined />} type={showFilter ? 'primary' : 'default'} ghost={showFilter} onClick={() => setShowFilter((s) => !s)} data-testid="filter-toggle">
            {activeConditions ? t('list.filterCount', { count: activeConditions }) : t('list.filter')}
          </Button>
          <SavedViews views={views} current={currentView} onApply={applyView} onSave={saveView} onDelete={deleteView} />
          <ColumnSettings fields={fields} displayField={meta.displayField} columns={prefs.columns} onChange={(c) => setPrefs({ ...prefs, columns: c })} onReset={() => setPrefs(defaultPrefs(meta, summaries))} />
          {canImport && <ImportButton meta={meta} onImported={list.reload} />}
          {canExport && <ExportButton entity={meta.name} query={{ filter: query.filter, sort: query.sort, fields: query.fields.filter((f) => f !== 'id') }} />}
          <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('list.refresh')} />
          {canCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => tabs.openNew(meta.name)} data-testid="list-new">
              {t('list.new')}
            </Button>
          )}
        </Space>
      </div>
      {showFilter && <FilterBuilder fields={fields} conditions={conditions} onApply={(c) => (setConditions(c), setCurrentView(undefined))} />}
      <BulkActions entity={meta.name} selected={selected} canDelete={canDelete} canAssign={canAssign} onDone={list.reload} />
      {list.error !== undefined && <Alert type="error" showIcon title={errorText(t, list.error)} className="page-alert" />}
      {mode === 'timeline' && meta.timeline ? (
        <TimelineView meta={meta} filter={query.filter} narrowed={conditions.length > 0 || search.trim() !== ''} />
      ) : (
        <>
          <Table<RecordData>
            className="record-table"
            size="small"
            rowKey="id"
            columns={columns}
            dataSource={list.rows}
            loading={list.loading && list.rows.length === 0}
            pagination={false}
            tableLayout="fixed"
            scroll={{ x: scrollX }}
            components={{ header: { cell: ResizableHeader } }}
            rowSelection={canDelete || canAssign ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), columnWidth: 40 } : undefined}
            onChange={(_p, _f, sorter) => {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              const field = s?.order ? String(s.columnKey) : undefined;
              setPrefs({ ...prefs, sort: field ? { field, desc: s!.order === 'descend' } : undefined });
            }}
            locale={{ emptyText: t('list.empty') }}
          />
          <div className="list-footer">
            <Typography.Text type="secondary" data-testid="list-loaded">
              {t('list.loaded', { loaded: list.rows.length })}
              {list.count !== undefined && ` · ${t('list.total', { count: list.count })}`}
            </Typography.Text>
            {list.hasMore ? (
              <Button onClick={list.loadMore} loading={list.loading} data-testid="list-load-more">
                {t('list.loadMore')}
              </Button>
            ) : (
              list.rows.length > 0 && <Typography.Text type="secondary">{t('list.noMore')}</Typography.Text>
            )}
          </div>
        </>
      )}
    </div>
  );
}
