// 菜单设计: the admin's arrangement of the side menu. Groups and entries drag into order, are renamed in Chinese and
// English, point at an entity or a page, move to another group, and are hidden or shown; new groups and entries are
// added. Saving shows the plan, then stores the whole arrangement as the admin menu `main` (docs/metadata.md,
// "Admin menu"), live for every user within their rights; 恢复默认 removes it and the shipped menu applies again.
import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Input, Select, Space, Switch, Tag } from 'antd';
import { DeleteOutlined, HolderOutlined, PlusOutlined } from '@ant-design/icons';
import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, arrayMove, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { fetchAdminDoc, fetchWholeMenu, type MenuDocItem } from '../api/form-menu-api';
import type { Labels } from '../api/types';
import { useAsync } from '../common/use-async';
import { useEntitySummaries } from '../common/use-meta';
import { useI18n } from '../i18n/i18n-context';
import { AdminPageHeader } from './admin-page-header';
import { problemAt, problemsByPointer, restoreWithConfirm, saveWithPlan, type Problems } from './designer-save';

type Draft = MenuDocItem & { isNew?: boolean };

export function MenuDesignerPage() {
  const { t, label } = useI18n();
  const app = App.useApp();
  const summaries = useEntitySummaries();
  const whole = useAsync(() => fetchWholeMenu(), []);
  const adminDoc = useAsync(() => fetchAdminDoc<{ items: MenuDocItem[] }>('menus', 'main'), []);
  const [items, setItems] = useState<Draft[]>([]);
  const [problems, setProblems] = useState<Problems>(new Map());
  useEffect(() => {
    if (whole.data) setItems(structuredClone(whole.data));
    setProblems(new Map());
  }, [whole.data]);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));

  // Pages an entry may open: those some entry of the menu opens (the server checks the same).
  const pages = useMemo(() => {
    const out = new Map<string, Labels | undefined>();
    const walk = (list: MenuDocItem[]) => list.forEach((m) => (m.page && !out.has(m.page) && out.set(m.page, m.labels), m.children && walk(m.children)));
    walk(whole.data ?? []);
    return out;
  }, [whole.data]);
  const targets = [
    { label: t('menu.entityGroup'), options: [...(summaries.data?.values() ?? [])].map((e) => ({ value: `entity:${e.name}`, label: label(e.labels, e.name) })) },
    { label: t('menu.pageGroup'), options: [...pages].map(([page, l]) => ({ value: `page:${page}`, label: label(l, page) })) },
  ];
  const shownLabels = (m: MenuDocItem): Labels | undefined => m.labels ?? (m.entity ? summaries.data?.get(m.entity)?.labels : undefined);
  const allIds = () => JSON.stringify(items).match(/"id":"[^"]+"/g)?.map((s) => s.slice(6, -1)) ?? [];
  const freshId = (prefix: string) => {
    const taken = allIds();
    let n = 1;
    while (taken.includes(`${prefix}custom_${n}`)) n++;
    return `${prefix}custom_${n}`;
  };

  const update = (id: string, patch: (m: Draft) => Draft | undefined) => {
    const walk = (list: Draft[]): Draft[] => list.flatMap((m) => (m.id === id ? [patch(m)].filter((x): x is Draft => !!x) : [m.children ? { ...m, children: walk(m.children) } : m]));
    setItems((all) => walk(all));
  };
  const moveTo = (id: string, group: string) =>
    setItems((all) => {
      const entry = all.flatMap((g) => g.children ?? []).find((c) => c.id === id);
      if (!entry) return all;
      return all.map((g) => (g.children ? { ...g, children: g.id === group ? [...g.children.filter((c) => c.id !== id), entry] : g.children.filter((c) => c.id !== id) } : g));
    });
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    setItems((all) => {
      const top = all.map((m) => m.id);
      if (top.includes(String(active.id)) && top.includes(String(over.id))) return arrayMove(all, top.indexOf(String(active.id)), top.indexOf(String(over.id)));
      return all.map((g) => {
        const kids = (g.children ?? []).map((c) => c.id);
        if (!kids.includes(String(active.id)) || !kids.includes(String(over.id))) return g;
        return { ...g, children: arrayMove(g.children!, kids.indexOf(String(active.id)), kids.indexOf(String(over.id))) };
      });
    });
  };

  const toDoc = (list: Draft[]): MenuDocItem[] =>
    list.map(({ isNew: _n, function: _f, hidden, children, ...m }) => ({ ...m, ...(hidden ? { hidden } : {}), ...(children ? { children: toDoc(children) } : {}) }));
  const save = () => saveWithPlan({ kind: 'menus', name: 'main', doc: { items: toDoc(items) }, app, t, onProblems: (d) => setProblems(problemsByPointer(d)), onSaved: () => (whole.reload(), adminDoc.reload()) });
  const groups = items.filter((g) => g.children);

  const row = (m: Draft, pointer: string, depth: number) => {
    const l = shownLabels(m) ?? { 'zh-CN': '', en: '' };
    const setLabel = (locale: 'zh-CN' | 'en', text: string) => update(m.id, (x) => ({ ...x, labels: { ...l, [locale]: text } }));
    return (
      <SortableRow key={m.id} id={m.id} hidden={!!m.hidden} problems={problemAt(problems, pointer, true).length ? [...problems].filter(([at]) => at === pointer || (at.startsWith(`${pointer}/`) && !at.startsWith(`${pointer}/children`))).flatMap(([, m]) => m) : []}>
        <Input size="small" className="menu-label" aria-label={t('designer.labelZh')} placeholder={t('designer.labelZh')} value={l['zh-CN']} onChange={(e) => setLabel('zh-CN', e.target.value)} data-testid={`menu-zh-${m.id}`} />
        <Input size="small" className="menu-label" aria-label={t('designer.labelEn')} placeholder={t('designer.labelEn')} value={l.en} onChange={(e) => setLabel('en', e.target.value)} />
        {!m.children && (
          <Select
            size="small"
            className="menu-target"
            aria-label={t('menu.opens')}
            placeholder={t('menu.opens')}
            value={m.entity ? `entity:${m.entity}` : m.page ? `page:${m.page}` : undefined}
            options={targets}
            showSearch={{ optionFilterProp: 'label' }}
            onChange={(v: string) => update(m.id, ({ entity: _e, page: _p, function: _f, ...x }) => (v.startsWith('entity:') ? { ...x, entity: v.slice(7) } : { ...x, page: v.slice(5) }))}
            data-testid={`menu-opens-${m.id}`}
          />
        )}
        {depth > 0 && (
          <Select size="small" className="menu-target" aria-label={t('menu.moveTo')} placeholder={t('menu.moveTo')} value={null} options={groups.map((g) => ({ value: g.id, label: label(shownLabels(g), g.id) }))} onChange={(g: string) => moveTo(m.id, g)} />
        )}
        <Space size={4}>
          <span>{t('menu.visible')}</span>
          <Switch size="small" checked={!m.hidden} onChange={(on) => update(m.id, (x) => ({ ...x, hidden: !on }))} data-testid={`menu-visible-${m.id}`} />
        </Space>
        {m.hidden && <Tag>{t('menu.hiddenTag')}</Tag>}
        {m.isNew && <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('designer.remove')} onClick={() => update(m.id, () => undefined)} />}
      </SortableRow>
    );
  };

  return (
    <div className="admin-page designer-page" data-testid="menu-designer">
      <AdminPageHeader title={t('page.menuDesigner')} intro={t('menu.intro')} onRefresh={() => (whole.reload(), adminDoc.reload())} error={whole.error ?? adminDoc.error} />
      <Space className="designer-toolbar" wrap>
        <Tag color={adminDoc.data ? 'blue' : undefined}>{adminDoc.data ? t('designer.custom') : t('designer.shipped')}</Tag>
        <Button icon={<PlusOutlined />} onClick={() => setItems((all) => [...all, { id: freshId(''), labels: { 'zh-CN': t('menu.newGroup'), en: t('menu.newGroup') }, children: [], isNew: true }])}>
          {t('menu.addGroup')}
        </Button>
        <Button type="primary" onClick={save} disabled={!whole.data} data-testid="designer-save">
          {t('designer.save')}
        </Button>
        {adminDoc.data && (
          <Button danger onClick={() => restoreWithConfirm('menus', 'main', app, t, () => (whole.reload(), adminDoc.reload()))} data-testid="designer-restore">
            {t('designer.restore')}
          </Button>
        )}
      </Space>
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={items.map((m) => m.id)} strategy={verticalListSortingStrategy}>
          {items.map((g, i) => (
            <Card key={g.id} size="small" className="menu-group" data-testid={`menu-group-${g.id}`}>
              {row(g, `/items/${i}`, 0)}
              {g.children && (
                <div className="menu-children">
                  <SortableContext items={g.children.map((c) => c.id)} strategy={verticalListSortingStrategy}>
                    {g.children.map((c, j) => row(c, `/items/${i}/children/${j}`, 1))}
                  </SortableContext>
                  <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => update(g.id, (x) => ({ ...x, children: [...(x.children ?? []), { id: freshId(`${g.id}.`), labels: { 'zh-CN': t('menu.newEntry'), en: t('menu.newEntry') }, isNew: true }] }))}>
                    {t('menu.addEntry')}
                  </Button>
                </div>
              )}
            </Card>
          ))}
        </SortableContext>
      </DndContext>
    </div>
  );
}

function SortableRow({ id, hidden, problems, children }: { id: string; hidden: boolean; problems: string[]; children: React.ReactNode }) {
  const { attributes, listeners, setNodeRef, transform, transition } = useSortable({ id });
  return (
    <div ref={setNodeRef} style={{ transform: CSS.Transform.toString(transform), transition }} className={`menu-row${hidden ? ' is-hidden' : ''}`} data-testid={`menu-row-${id}`}>
      <Space wrap>
        <HolderOutlined {...attributes} {...listeners} className="designer-handle" data-testid={`menu-handle-${id}`} />
        {children}
      </Space>
      {problems.map((m, i) => (
        <div key={i} className="designer-problem">
          {m}
        </div>
      ))}
    </div>
  );
}
