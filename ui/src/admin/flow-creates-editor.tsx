// 由明细生成记录 (a flow's `creates`): each line of a children field (a payment plan's nodes) creates one record of
// another entity, once, linked back by a unique ref field; when the line's state field names the state the record
// enters, or on the line's date; only while a condition over the record holds; its values computed from the line
// (the flow's record as $record.<field>, the day as $date, in the formula box's JSON). Checked by the server at load.
import { Button, Card, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { EntitySummary, ErrorDetail, FieldMeta } from '../api/types';
import { useEntityMeta, useEntitySummaries } from '../common/use-meta';
import { useI18n } from '../i18n/i18n-context';
import { FlowCodeInput } from './flow-code-input';
import { useReportUnfinished } from './flow-draft-errors';
import { FlowEffectsEditor } from './flow-effects-editor';
import { FlowLabelsInput } from './flow-labels-input';
import { problemsUnder } from './flow-pointers';
import { InlineProblems } from './flow-problem-list';
import { FlowRule } from './flow-rule';

type Doc = Record<string, any>;

/** The entities with a ref field to `line` (the line a record is created from), each with its first such field. */
function linkable(line: string | undefined, summaries: Map<string, EntitySummary> | undefined): { entity: string; link: string }[] {
  return [...(summaries?.values() ?? [])].flatMap((e) => {
    const ref = (e.references ?? []).find((r) => r.target === line);
    return ref ? [{ entity: e.name, link: ref.field }] : [];
  });
}

interface Props {
  creates: Doc[] | undefined;
  fields: FieldMeta[];
  problems: readonly ErrorDetail[];
  onChange(creates: Doc[] | undefined): void;
}

export function FlowCreatesEditor({ creates, fields, problems, onChange }: Props) {
  const { t } = useI18n();
  const summaries = useEntitySummaries().data;
  const list = creates ?? [];
  const set = (next: Doc[]) => onChange(next.length ? next : undefined);
  const lines = fields.filter((f) => f.type === 'children' && f.target);
  const add = () => {
    const from = lines[0]!;
    const first = linkable(from.target, summaries)[0];
    let n = list.length + 1;
    while (list.some((c) => c.id === `create_${n}`)) n++;
    set([...list, { id: `create_${n}`, from: from.name, entity: first?.entity ?? '', link: first?.link ?? '', values: {} }]);
  };
  return (
    <div className="flow-creates" data-testid="flow-creates">
      {!list.length && <Typography.Text type="secondary">{t(lines.length ? 'flows.creates.none' : 'flows.creates.noLines')}</Typography.Text>}
      {list.map((c, i) => (
        <CreateCard key={i} item={c} fields={fields} taken={list.filter((_, j) => j !== i).map((x) => x.id)} pointer={`/creates/${i}`} problems={problems} onChange={(next) => set(list.map((x, j) => (j === i ? next : x)))} onRemove={() => set(list.filter((_, j) => j !== i))} />
      ))}
      {lines.length > 0 && (
        <Button size="small" icon={<PlusOutlined />} onClick={add} data-testid="flow-create-add">
          {t('flows.creates.add')}
        </Button>
      )}
    </div>
  );
}

interface CardProps {
  item: Doc;
  fields: FieldMeta[];
  taken: string[];
  pointer: string;
  problems: readonly ErrorDetail[];
  onChange(item: Doc): void;
  onRemove(): void;
}

function CreateCard({ item, fields, taken, pointer, problems, onChange, onRemove }: CardProps) {
  const { t, label } = useI18n();
  const summaries = useEntitySummaries().data;
  const lineEntity = fields.find((f) => f.name === item.from)?.target;
  const lineFields = useEntityMeta(lineEntity).data?.fields ?? [];
  const made = useEntityMeta(item.entity || undefined).data?.fields ?? [];
  const targets = linkable(lineEntity, summaries);
  const values = item.values ?? {};
  useReportUnfinished(`${pointer}/values`, !Object.keys(values).length);
  const named = (list: FieldMeta[], pick: (f: FieldMeta) => boolean) => list.filter(pick).map((f) => ({ value: f.name, label: label(f.labels, f.name) }));
  const set = (key: string, value: unknown) => onChange({ ...item, [key]: value });
  const lineChoice = (key: 'state' | 'date', pick: (f: FieldMeta) => boolean, placeholder: string) => (
    <Select className="flow-role-select" allowClear value={item[key]} placeholder={placeholder} options={named(lineFields, pick)} onChange={(v: string | undefined) => set(key, v)} popupMatchSelectWidth={false} />
  );
  return (
    <Card size="small" className="flow-step" data-testid={`flow-create-${item.id}`} title={<FlowCodeInput value={item.id} taken={taken} pointer={`${pointer}/id`} onChange={(id) => set('id', id)} />} extra={<Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('flows.creates.remove')} onClick={onRemove} />}>
      <FlowLabelsInput value={item.labels} onChange={(labels) => set('labels', labels['zh-CN'] || labels.en ? labels : undefined)} />
      <Space wrap size={6} className="flow-gate-row">
        <span>{t('flows.creates.from')}</span>
        <Select className="flow-role-select" value={item.from} options={named(fields, (f) => f.type === 'children' && !!f.target)} onChange={(from: string) => onChange({ id: item.id, labels: item.labels, from, entity: '', link: '', values: {} })} popupMatchSelectWidth={false} />
        <span>{t('flows.creates.entity')}</span>
        <Select className="flow-role-select" value={item.entity || undefined} options={targets.map((x) => ({ value: x.entity, label: label(summaries?.get(x.entity)?.labels, x.entity) }))} onChange={(entity: string) => onChange({ ...item, entity, link: targets.find((x) => x.entity === entity)!.link, values: {} })} popupMatchSelectWidth={false} />
        <span>{t('flows.creates.link')}</span>
        <Select className="flow-role-select" value={item.link || undefined} options={named(made, (f) => f.type === 'ref' && f.target === lineEntity)} onChange={(link: string) => set('link', link)} popupMatchSelectWidth={false} />
      </Space>
      <Space wrap size={6} className="flow-gate-row">
        <span>{t('flows.creates.when')}</span>
        {lineChoice('state', (f) => f.type === 'enum', t('flows.creates.state'))}
        {lineChoice('date', (f) => f.type === 'date', t('flows.creates.date'))}
      </Space>
      <InlineProblems problems={problemsUnder(problems, pointer).filter((p) => !/\/(if|values)(\/|$)/.test(p.pointer ?? p.path ?? ''))} testId="flow-create-problems" />
      <div className="flow-field-label">{t('flows.creates.if')}</div>
      <FlowRule fields={fields} value={item.if} pointer={`${pointer}/if`} problems={problems} emptyText={t('flows.creates.always')} onChange={(rule) => set('if', rule)} />
      <div className="flow-field-label">{t('flows.creates.values')}</div>
      <FlowEffectsEditor effects={values} fields={made} formulaFields={lineFields} pointer={`${pointer}/values`} problems={problems} onChange={(v) => set('values', v ?? {})} />
      <Typography.Text type="secondary" className="flow-hint">{t('flows.creates.valuesHint', { record: '$record.<field>', date: '$date' })}</Typography.Text>
    </Card>
  );
}
