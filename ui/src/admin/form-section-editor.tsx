// One section of the form designer: its names, columns and visibility condition, and its fields as chips that drag
// to reorder (and across sections: the page's DndContext moves them); server problems show at the chip or input.
import { useState } from 'react';
import { Button, Card, Input, InputNumber, Modal, Select, Space, Tag, Tooltip } from 'antd';
import { CloseOutlined, DeleteOutlined, FilterOutlined, HolderOutlined } from '@ant-design/icons';
import { useDroppable } from '@dnd-kit/core';
import { SortableContext, useSortable, rectSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { FieldMeta, FormSection } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { FilterBuilder } from '../list/filter-builder';
import { combineFilter } from '../list/filter-logic';
import { problemAt, type Problems } from './designer-save';

interface Props {
  section: FormSection;
  /** JSON pointer of the section in the document, e.g. /tabs/0/sections/1. */
  pointer: string;
  fields: Map<string, FieldMeta>;
  unplaced: string[];
  problems: Problems;
  onChange(section: FormSection): void;
  onRemove(): void;
}

export function FormSectionEditor({ section, pointer, fields, unplaced, problems, onChange, onRemove }: Props) {
  const { t, label } = useI18n();
  const [editingCondition, setEditingCondition] = useState(false);
  const { setNodeRef, isOver } = useDroppable({ id: `section:${pointer}` });
  const labels = section.labels ?? { 'zh-CN': '', en: '' };
  const setLabel = (locale: 'zh-CN' | 'en', text: string) => onChange({ ...section, labels: { ...labels, [locale]: text } });
  const sectionProblems = problemAt(problems, pointer).concat(problemAt(problems, `${pointer}/visibleWhen`, true), problemAt(problems, `${pointer}/id`));
  return (
    <Card
      size="small"
      className="designer-section"
      data-testid={`section-${section.id}`}
      title={
        <Space wrap>
          <Input size="small" style={{ width: 150 }} aria-label={t('designer.labelZh')} placeholder={t('designer.labelZh')} value={labels['zh-CN']} onChange={(e) => setLabel('zh-CN', e.target.value)} status={problemAt(problems, `${pointer}/labels`, true).length ? 'error' : undefined} />
          <Input size="small" style={{ width: 150 }} aria-label={t('designer.labelEn')} placeholder={t('designer.labelEn')} value={labels.en} onChange={(e) => setLabel('en', e.target.value)} />
          {/* The label and its number wrap as one, so 列数 never ends a line with its value on the next. */}
          <Space size={4}>
            <span>{t('form.columns')}</span>
            <InputNumber size="small" aria-label={t('form.columns')} min={1} max={4} style={{ width: 56 }} value={section.columns ?? 2} onChange={(n) => onChange({ ...section, columns: n ?? 2 })} />
          </Space>
          <Tooltip title={section.visibleWhen ? JSON.stringify(section.visibleWhen) : undefined}>
            <Button size="small" icon={<FilterOutlined />} onClick={() => setEditingCondition(true)} data-testid="section-condition">
              {section.visibleWhen ? t('form.conditionSet') : t('form.conditionAlways')}
            </Button>
          </Tooltip>
        </Space>
      }
      extra={<Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('designer.remove')} onClick={onRemove} />}
    >
      {sectionProblems.map((m, i) => (
        <div key={i} className="designer-problem">
          {m}
        </div>
      ))}
      <Select
        size="small"
        className="designer-add-field"
        aria-label={t('form.addField')}
        placeholder={t('form.addField')}
        value={null}
        showSearch={{ optionFilterProp: 'label' }}
        options={unplaced.map((n) => ({ value: n, label: label(fields.get(n)?.labels, n) }))}
        onChange={(name: string) => onChange({ ...section, fields: [...section.fields, name] })}
        data-testid="section-add-field"
      />
      <SortableContext items={section.fields.map((f) => `${pointer}|${f}`)} strategy={rectSortingStrategy}>
        <div ref={setNodeRef} className={`designer-fields${isOver ? ' is-over' : ''}`} style={{ gridTemplateColumns: `repeat(${section.columns ?? 2}, minmax(0, 1fr))` }}>
          {section.fields.map((f, k) => (
            <FieldChip key={f} id={`${pointer}|${f}`} text={label(fields.get(f)?.labels, f)} problems={problemAt(problems, `${pointer}/fields/${k}`)} onRemove={() => onChange({ ...section, fields: section.fields.filter((x) => x !== f) })} />
          ))}
          {!section.fields.length && <span className="designer-empty">{t('form.emptySection')}</span>}
        </div>
      </SortableContext>
      <ConditionDialog
        open={editingCondition}
        fields={[...fields.values()]}
        onClose={() => setEditingCondition(false)}
        onApply={(visibleWhen) => {
          const { visibleWhen: _old, ...rest } = section;
          onChange(visibleWhen === undefined ? rest : { ...rest, visibleWhen });
          setEditingCondition(false);
        }}
      />
    </Card>
  );
}

function FieldChip({ id, text, problems, onRemove }: { id: string; text: string; problems: string[]; onRemove(): void }) {
  const { t } = useI18n();
  const { attributes, listeners, setNodeRef, transform, transition } = useSortable({ id });
  return (
    <div ref={setNodeRef} style={{ transform: CSS.Transform.toString(transform), transition }} className={`designer-field${problems.length ? ' has-problem' : ''}`} data-testid={`field-${id.split('|')[1]}`}>
      <Tooltip title={problems.join(';') || undefined} open={problems.length ? undefined : false}>
        <Tag color={problems.length ? 'error' : undefined} classNames={{ content: 'designer-chip-content' }} icon={<HolderOutlined {...attributes} {...listeners} className="designer-handle" />}>
          {text}
          <CloseOutlined className="designer-chip-remove" aria-label={t('designer.remove')} onClick={onRemove} />
        </Tag>
      </Tooltip>
      {problems.map((m, i) => (
        <div key={i} className="designer-problem">
          {m}
        </div>
      ))}
    </div>
  );
}

/** The list's filter builder, reused: its conditions (all must hold) become the part's visibleWhen. */
export function ConditionDialog({ open, fields, onClose, onApply }: { open: boolean; fields: FieldMeta[]; onClose(): void; onApply(logic: unknown): void }) {
  const { t } = useI18n();
  const byName = new Map(fields.map((f) => [f.name, f]));
  return (
    <Modal open={open} title={t('form.conditionTitle')} onCancel={onClose} footer={<Button onClick={() => onApply(undefined)}>{t('form.conditionClear')}</Button>} destroyOnHidden width={720}>
      <FilterBuilder fields={fields} conditions={[]} onApply={(conditions) => onApply(combineFilter(conditions, byName))} />
    </Modal>
  );
}
