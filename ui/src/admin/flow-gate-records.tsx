// A gate's related records (`requires.records`): records of another entity whose ref field points at this record
// (a children field's lines, e.g. 里程碑), which of them count (`where`), and what every one (`all`) or at least one
// (`any`) of them must satisfy, over that entity's own fields; a name for the refusal. The engine checks these in SQL.
import { useMemo } from 'react';
import { Button, Card, Radio, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ErrorDetail, FieldMeta } from '../api/types';
import { useEntityMeta, useEntitySummaries } from '../common/use-meta';
import { useI18n } from '../i18n/i18n-context';
import { useReportUnfinished } from './flow-draft-errors';
import { FlowLabelsInput } from './flow-labels-input';
import { problemsUnder } from './flow-pointers';
import { InlineProblems } from './flow-problem-list';
import { FlowRule } from './flow-rule';

type Doc = Record<string, any>;

interface Props {
  records: Doc[] | undefined;
  /** The flow's entity and its fields (its children fields name the usual related records). */
  entity: string;
  fields: FieldMeta[];
  /** `/transitions/<i>/requires/records`. */
  pointer: string;
  problems: readonly ErrorDetail[];
  onChange(records: Doc[]): void;
}

/** The entities with a ref field back to `entity`, each with those fields: the records a gate can count. */
function useReferringEntities(entity: string): Map<string, string[]> {
  const summaries = useEntitySummaries().data;
  return useMemo(() => {
    const out = new Map<string, string[]>();
    for (const e of summaries?.values() ?? []) {
      const back = (e.references ?? []).filter((r) => r.target === entity).map((r) => r.field);
      if (back.length) out.set(e.name, back);
    }
    return out;
  }, [summaries, entity]);
}

export function FlowGateRecords({ records, entity, fields, pointer, problems, onChange }: Props) {
  const { t, label } = useI18n();
  const summaries = useEntitySummaries().data;
  const referring = useReferringEntities(entity);
  const list = records ?? [];
  // A children field names its lines by the flow's words (里程碑); other entities by their own name.
  const entityLabel = (name: string) => {
    const lines = fields.find((f) => f.type === 'children' && f.target === name);
    return lines ? label(lines.labels, name) : label(summaries?.get(name)?.labels, name);
  };
  const choices = [...referring.keys()].map((name) => ({ value: name, label: entityLabel(name) }));
  const first = choices[0]?.value;
  return (
    <div className="flow-gate-records">
      {list.map((r, j) => (
        <GateRecord key={j} item={r} n={j + 1} choices={choices} vias={referring.get(r.entity) ?? []} pointer={`${pointer}/${j}`} problems={problems} onChange={(next) => onChange(list.map((x, k) => (k === j ? next : x)))} onRemove={() => onChange(list.filter((_, k) => k !== j))} onEntity={(other) => onChange(list.map((x, k) => (k === j ? { entity: other, via: referring.get(other)![0]! } : x)))} />
      ))}
      {first ? (
        <Button size="small" icon={<PlusOutlined />} onClick={() => onChange([...list, { entity: first, via: referring.get(first)![0]! }])} data-testid="flow-gate-add-records">
          {t('flows.gate.addRecords')}
        </Button>
      ) : (
        <Typography.Text type="secondary">{t('flows.gate.noRelated')}</Typography.Text>
      )}
    </div>
  );
}

interface ItemProps {
  item: Doc;
  n: number;
  choices: { value: string; label: string }[];
  vias: string[];
  pointer: string;
  problems: readonly ErrorDetail[];
  onChange(item: Doc): void;
  onEntity(entity: string): void;
  onRemove(): void;
}

function GateRecord({ item, n, choices, vias, pointer, problems, onChange, onEntity, onRemove }: ItemProps) {
  const { t, label } = useI18n();
  const theirs = useEntityMeta(item.entity).data?.fields ?? [];
  const quantifier: 'all' | 'any' = item.any !== undefined ? 'any' : 'all';
  useReportUnfinished(pointer, item[quantifier] === undefined);
  const without = (key: string) => Object.fromEntries(Object.entries(item).filter(([k]) => k !== key));
  const set = (key: string, value: unknown) => onChange(value === undefined ? without(key) : { ...item, [key]: value });
  const viaOptions = [...new Set([...vias, item.via])].map((f) => ({ value: f, label: label(theirs.find((x) => x.name === f)?.labels, f) }));
  return (
    <Card size="small" className="flow-step" data-testid="flow-gate-records" title={t('flows.gate.recordsN', { n })} extra={<Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('flows.gate.remove')} onClick={onRemove} />}>
      <Space wrap size={6}>
        <Select className="flow-role-select" value={item.entity} options={choices} onChange={onEntity} popupMatchSelectWidth={false} data-testid="flow-gate-records-entity" />
        <span>{t('flows.gate.via')}</span>
        <Select className="flow-role-select" value={item.via} options={viaOptions} onChange={(via: string) => set('via', via)} popupMatchSelectWidth={false} />
      </Space>
      <InlineProblems problems={[...problemsUnder(problems, `${pointer}/entity`), ...problemsUnder(problems, `${pointer}/via`)]} />
      <div className="flow-field-label">{t('flows.gate.where')}</div>
      <FlowRule fields={theirs} value={item.where} pointer={`${pointer}/where`} problems={problems} emptyText={t('flows.gate.whereAll')} onChange={(where) => set('where', where)} testId="flow-gate-where" />
      <Radio.Group
        value={quantifier}
        onChange={(e) => onChange({ ...without(quantifier), [e.target.value]: item[quantifier] })}
        options={(['all', 'any'] as const).map((q) => ({ value: q, label: t(`flows.gate.${q}`) }))}
      />
      <FlowRule fields={theirs} value={item[quantifier]} pointer={`${pointer}/${quantifier}`} problems={problems} emptyText={t('flows.gate.ruleNeeded')} onChange={(rule) => set(quantifier, rule)} testId="flow-gate-records-rule" />
      <InlineProblems problems={problems.filter((p) => (p.pointer ?? p.path) === pointer)} />
      <div className="flow-field-label">{t('flows.gate.recordsName')}</div>
      <FlowLabelsInput value={item.labels} placeholders={[t('flows.gate.recordsNameZh'), t('flows.gate.recordsNameEn')]} onChange={(labels) => set('labels', labels['zh-CN'] || labels.en ? labels : undefined)} />
    </Card>
  );
}
