// 表单设计: the admin's layout of an entity's form. Pick an entity, edit its tabs and sections (names, columns,
// visibility conditions), place fields and drag them into order (across sections too); fields placed nowhere show
// in the form's 其他 section. Saving shows the plan, then replaces the entity's layout for every user (PUT
// /api/admin/metadata/forms/<entity>); 恢复默认 removes the admin's layout and the shipped one applies again.
import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Input, Select, Space, Tag, Tooltip } from 'antd';
import { DeleteOutlined, FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { DndContext, PointerSensor, KeyboardSensor, closestCenter, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { arrayMove, sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { fetchAdminDoc, type FormDoc } from '../api/form-menu-api';
import type { FormSection, FormTab } from '../api/types';
import { useAsync } from '../common/use-async';
import { useEntityMeta, useEntitySummaries } from '../common/use-meta';
import { useI18n } from '../i18n/i18n-context';
import { AdminPageHeader } from './admin-page-header';
import { problemAt, problemsByPointer, restoreWithConfirm, saveWithPlan, type Problems } from './designer-save';
import { FormPreview } from './form-preview';
import { ConditionDialog, FormSectionEditor } from './form-section-editor';

const freshId = (prefix: string, taken: string[]) => {
  let n = 1;
  while (taken.includes(`${prefix}_${n}`)) n++;
  return `${prefix}_${n}`;
};

export function FormDesignerPage() {
  const { t, label, locale } = useI18n();
  const app = App.useApp();
  const summaries = useEntitySummaries();
  const [picked, setPicked] = useState<string>();
  const entities = useMemo(() => [...(summaries.data?.values() ?? [])].sort((a, b) => label(a.labels, a.name).localeCompare(label(b.labels, b.name), locale)), [summaries.data, label, locale]);
  const entity = picked ?? (summaries.data?.has('customer') ? 'customer' : entities[0]?.name) ?? '';
  const meta = useEntityMeta(entity);
  const adminDoc = useAsync(() => (entity ? fetchAdminDoc<FormDoc>('forms', entity) : Promise.resolve(undefined)), [entity]);
  const [tabs, setTabs] = useState<FormTab[]>([]);
  const [problems, setProblems] = useState<Problems>(new Map());
  const [tabCondition, setTabCondition] = useState<number>();
  useEffect(() => {
    if (meta.loading || adminDoc.loading || !meta.data) return;
    const start = adminDoc.data?.tabs ?? meta.data.layout ?? [{ id: 'basic', labels: { 'zh-CN': t('form.newTab'), en: t('form.newTab') }, sections: [{ id: 'main', columns: 2, fields: [] }] }];
    setTabs(structuredClone(start));
    setProblems(new Map());
  }, [meta.data, meta.loading, adminDoc.data, adminDoc.loading, t]);

  const fields = useMemo(() => new Map((meta.data?.fields ?? []).filter((f) => !f.system).map((f) => [f.name, f])), [meta.data]);
  const placed = new Set(tabs.flatMap((tab) => tab.sections.flatMap((s) => s.fields)));
  const unplaced = [...fields.keys()].filter((n) => !placed.has(n));
  const entityLabel = label(summaries.data?.get(entity)?.labels, entity);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));

  const setTab = (i: number, tab: FormTab) => setTabs((all) => all.map((x, k) => (k === i ? tab : x)));
  const setSection = (i: number, j: number, section: FormSection) => setTabs((all) => all.map((x, k) => (k === i ? { ...x, sections: x.sections.map((s, m) => (m === j ? section : s)) } : x)));
  const sectionIds = tabs.flatMap((x) => x.sections.map((s) => s.id));

  // Chips are `<section pointer>|<field>`; a drop on a chip places before it, on a section's empty area at its end.
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over) return;
    const [from, field] = String(active.id).split('|') as [string, string];
    const target = String(over.id);
    const [to, before] = target.startsWith('section:') ? [target.slice('section:'.length), undefined] : (target.split('|') as [string, string]);
    const at = (pointer: string) => pointer.split('/').filter((p) => /^\d+$/.test(p)).map(Number) as [number, number];
    const [ti, si] = at(from);
    const [tj, sj] = at(to);
    setTabs((all) => {
      const next = structuredClone(all);
      const source = next[ti]!.sections[si]!;
      const dest = next[tj]!.sections[sj]!;
      if (source === dest && before) {
        source.fields = arrayMove(source.fields, source.fields.indexOf(field), source.fields.indexOf(before));
        return next;
      }
      source.fields = source.fields.filter((f) => f !== field);
      const index = before ? dest.fields.indexOf(before) : dest.fields.length;
      dest.fields.splice(index < 0 ? dest.fields.length : index, 0, field);
      return next;
    });
  };

  // Sections without fields are the designer's scratch space; the document holds only what places something.
  const doc: FormDoc = { entity, tabs: tabs.map((x) => ({ ...x, sections: x.sections.filter((s) => s.fields.length) })).filter((x) => x.sections.length) };
  const save = () => saveWithPlan({ kind: 'forms', name: entity, doc, app, t, onProblems: (d) => setProblems(problemsByPointer(d)), onSaved: adminDoc.reload });

  return (
    <div className="admin-page designer-page" data-testid="form-designer">
      <AdminPageHeader title={t('page.formDesigner')} intro={t('form.intro')} onRefresh={() => (meta.reload(), adminDoc.reload())} error={summaries.error ?? meta.error ?? adminDoc.error} />
      <Space className="designer-toolbar" wrap>
        <span>{t('form.entity')}</span>
        <Select style={{ minWidth: 200 }} value={entity || undefined} showSearch={{ optionFilterProp: 'label' }} options={entities.map((e) => ({ value: e.name, label: label(e.labels, e.name) }))} onChange={setPicked} data-testid="designer-entity" />
        <Tag color={adminDoc.data ? 'blue' : undefined}>{adminDoc.data ? t('designer.custom') : t('designer.shipped')}</Tag>
        <Button icon={<PlusOutlined />} onClick={() => setTabs((all) => [...all, { id: freshId('tab', all.map((x) => x.id)), labels: { 'zh-CN': t('form.newTab'), en: t('form.newTab') }, sections: [{ id: freshId('section', sectionIds), columns: 2, fields: [] }] }])}>
          {t('form.addTab')}
        </Button>
        <Button type="primary" onClick={save} disabled={!meta.data} data-testid="designer-save">
          {t('designer.save')}
        </Button>
        {adminDoc.data && (
          <Button danger onClick={() => restoreWithConfirm('forms', entity, app, t, adminDoc.reload)} data-testid="designer-restore">
            {t('designer.restore')}
          </Button>
        )}
      </Space>
      {problemAt(problems, '', true).length > 0 && problemAt(problems, '/tabs', true).length === 0 && <div className="designer-problem">{problemAt(problems, '', true).join(';')}</div>}
      <div className="designer-columns">
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
          <div className="designer-main">
            {tabs.map((tab, i) => (
              <Card
                key={tab.id}
                size="small"
                className="designer-tab"
                data-testid={`tab-${tab.id}`}
                title={
                  <Space wrap>
                    <Input aria-label={t('designer.labelZh')} value={tab.labels['zh-CN']} onChange={(e) => setTab(i, { ...tab, labels: { ...tab.labels, 'zh-CN': e.target.value } })} status={problemAt(problems, `/tabs/${i}/labels`, true).length ? 'error' : undefined} />
                    <Input aria-label={t('designer.labelEn')} value={tab.labels.en} onChange={(e) => setTab(i, { ...tab, labels: { ...tab.labels, en: e.target.value } })} />
                    <Tooltip title={tab.visibleWhen ? JSON.stringify(tab.visibleWhen) : undefined}>
                      <Button size="small" icon={<FilterOutlined />} onClick={() => setTabCondition(i)}>
                        {tab.visibleWhen ? t('form.conditionSet') : t('form.conditionAlways')}
                      </Button>
                    </Tooltip>
                  </Space>
                }
                extra={
                  <Space>
                    <Button size="small" icon={<PlusOutlined />} onClick={() => setTab(i, { ...tab, sections: [...tab.sections, { id: freshId('section', sectionIds), labels: { 'zh-CN': t('form.newSection'), en: t('form.newSection') }, columns: 2, fields: [] }] })} data-testid="tab-add-section">
                      {t('form.addSection')}
                    </Button>
                    <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('designer.remove')} onClick={() => setTabs((all) => all.filter((_, k) => k !== i))} />
                  </Space>
                }
              >
                {[...problemAt(problems, `/tabs/${i}/id`), ...problemAt(problems, `/tabs/${i}/visibleWhen`, true)].map((m, k) => (
                  <div key={k} className="designer-problem">
                    {m}
                  </div>
                ))}
                {tab.sections.map((s, j) => (
                  <FormSectionEditor
                    key={s.id}
                    section={s}
                    pointer={`/tabs/${i}/sections/${j}`}
                    fields={fields}
                    unplaced={unplaced}
                    problems={problems}
                    onChange={(next) => setSection(i, j, next)}
                    onRemove={() => setTab(i, { ...tab, sections: tab.sections.filter((_, m) => m !== j) })}
                  />
                ))}
              </Card>
            ))}
          </div>
        </DndContext>
        <div className="designer-side">
          <Card size="small" title={t('form.unplaced')} data-testid="form-unplaced">
            {unplaced.length ? unplaced.map((n) => <Tag key={n}>{label(fields.get(n)?.labels, n)}</Tag>) : t('form.unplacedNone')}
          </Card>
          <Card size="small" title={t('form.preview')}>
            {meta.data && <FormPreview entity={entity} entityLabel={entityLabel} tabs={doc.tabs} fields={meta.data.fields} unplaced={unplaced} />}
          </Card>
        </div>
      </div>
      <ConditionDialog
        open={tabCondition !== undefined}
        fields={[...fields.values()]}
        onClose={() => setTabCondition(undefined)}
        onApply={(visibleWhen) => {
          const i = tabCondition!;
          const { visibleWhen: _old, ...rest } = tabs[i]!;
          setTab(i, visibleWhen === undefined ? rest : { ...rest, visibleWhen });
          setTabCondition(undefined);
        }}
      />
    </div>
  );
}
