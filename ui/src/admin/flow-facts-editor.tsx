// 关联数据 (a flow's `facts`): named values about related records its guards, step conditions and effects read as
// $facts.<name>, computed by the engine when an action starts (engine/workflow/compute-facts.ts): a field of the
// record a ref field names (the customer's 信用额度), or a sum or count over another entity's records matched to this
// record's fields (the customer's unpaid receivables), narrowed by a condition, this record left out if asked.
import { Button, Card, Checkbox, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { EntitySummary, ErrorDetail, FieldMeta } from '../api/types';
import { useEntityMeta, useEntitySummaries } from '../common/use-meta';
import { useI18n } from '../i18n/i18n-context';
import { FlowCodeInput } from './flow-code-input';
import { problemsUnder } from './flow-pointers';
import { InlineProblems } from './flow-problem-list';
import { FlowRule } from './flow-rule';

type Doc = Record<string, any>;
type Kind = 'lookup' | 'sum' | 'count';
const NUMBERS = new Set(['integer', 'decimal', 'money', 'formula', 'rollup']);

const kindOf = (fact: Doc): Kind => (fact.field !== undefined ? 'lookup' : fact.sum !== undefined ? 'sum' : 'count');

interface Props {
  facts: Record<string, Doc> | undefined;
  fields: FieldMeta[];
  problems: readonly ErrorDetail[];
  onChange(facts: Record<string, Doc> | undefined): void;
}

/** A lookup through the ref field `ref`: the display field of the record it names, to start with. */
function lookupVia(ref: FieldMeta, summaries: Map<string, EntitySummary> | undefined): Doc {
  return { entity: ref.target, id: ref.name, field: summaries?.get(ref.target!)?.displayField ?? 'name' };
}

export function FlowFactsEditor({ facts, fields, problems, onChange }: Props) {
  const { t } = useI18n();
  const summaries = useEntitySummaries().data;
  const entries = Object.entries(facts ?? {});
  const set = (next: [string, Doc][]) => onChange(next.length ? Object.fromEntries(next) : undefined);
  const refs = fields.filter((f) => f.type === 'ref' && f.target);
  const add = () => {
    let n = entries.length + 1;
    while (facts?.[`fact_${n}`]) n++;
    // Every entity has ref fields (its owner at least): a new fact starts as a lookup through the first.
    if (refs[0]) set([...entries, [`fact_${n}`, lookupVia(refs[0], summaries)]]);
  };
  return (
    <div className="flow-facts" data-testid="flow-facts">
      {!entries.length && <Typography.Text type="secondary">{t('flows.facts.none')}</Typography.Text>}
      {entries.map(([name, fact], i) => (
        <Card
          key={i}
          size="small"
          className="flow-step"
          data-testid={`flow-fact-${name}`}
          title={<Space size={6}><span>$facts.</span><FlowCodeInput value={name} taken={entries.map(([n]) => n).filter((n) => n !== name)} pointer={`/facts/${i}/name`} onChange={(code) => set(entries.map(([n, f], j) => (j === i ? [code, f] : [n, f])))} /></Space>}
          extra={<Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('flows.facts.remove')} onClick={() => set(entries.filter((_, j) => j !== i))} />}
        >
          <FactBody fact={fact} fields={fields} pointer={`/facts/${name}`} problems={problems} onChange={(f) => set(entries.map(([n, x], j) => (j === i ? [n, f] : [n, x])))} />
        </Card>
      ))}
      <Button size="small" icon={<PlusOutlined />} onClick={add} data-testid="flow-fact-add">
        {t('flows.facts.add')}
      </Button>
    </div>
  );
}

function FactBody({ fact, fields, pointer, problems, onChange }: { fact: Doc; fields: FieldMeta[]; pointer: string; problems: readonly ErrorDetail[]; onChange(fact: Doc): void }) {
  const { t, label } = useI18n();
  const summaries = useEntitySummaries().data;
  const theirs = useEntityMeta(fact.entity).data?.fields ?? [];
  const kind = kindOf(fact);
  const named = (list: FieldMeta[], pick: (f: FieldMeta) => boolean) => list.filter(pick).map((f) => ({ value: f.name, label: label(f.labels, f.name) }));
  const ours = named(fields, () => true);
  const switchKind = (next: Kind) => {
    if (next === 'lookup') {
      const ref = fields.find((f) => f.type === 'ref' && f.target);
      onChange(ref ? lookupVia(ref, summaries) : fact);
    } else onChange({ entity: fact.entity, ...(next === 'sum' ? { sum: theirs.find((f) => NUMBERS.has(f.type))?.name ?? '' } : { count: true }), match: fact.match });
  };
  return (
    <>
      <Space wrap size={6}>
        <Select value={kind} onChange={switchKind} options={(['lookup', 'sum', 'count'] as const).map((k) => ({ value: k, label: t(`flows.facts.kind.${k}`) }))} popupMatchSelectWidth={false} data-testid="flow-fact-kind" />
        {kind === 'lookup' ? (
          <>
            <Select className="flow-role-select" value={fact.id} options={named(fields, (f) => f.type === 'ref' && !!f.target)} onChange={(id: string) => onChange(lookupVia(fields.find((f) => f.name === id)!, summaries))} popupMatchSelectWidth={false} />
            <span>{t('flows.facts.ofField')}</span>
            <Select className="flow-role-select" value={fact.field} options={named(theirs, () => true)} showSearch={{ optionFilterProp: 'label' }} onChange={(field: string) => onChange({ ...fact, field })} popupMatchSelectWidth={false} />
          </>
        ) : (
          <>
            <Select className="flow-role-select" value={fact.entity} options={[...(summaries?.values() ?? [])].map((e) => ({ value: e.name, label: label(e.labels, e.name) }))} showSearch={{ optionFilterProp: 'label' }} onChange={(entity: string) => onChange({ entity, ...(kind === 'sum' ? { sum: '' } : { count: true }) })} popupMatchSelectWidth={false} />
            {kind === 'sum' && <Select className="flow-role-select" value={fact.sum || undefined} placeholder={t('flows.facts.sumField')} options={named(theirs, (f) => NUMBERS.has(f.type))} onChange={(sum: string) => onChange({ ...fact, sum })} popupMatchSelectWidth={false} />}
          </>
        )}
      </Space>
      {kind !== 'lookup' && (
        <>
          <div className="flow-field-label">{t('flows.facts.match')}</div>
          {Object.entries((fact.match ?? {}) as Record<string, string>).map(([their, our], j, all) => {
            const setMatch = (rows: [string, string][]) => onChange({ ...fact, match: rows.length ? Object.fromEntries(rows) : undefined });
            return (
              <Space key={j} size={6} className="flow-gate-row">
                <Select className="flow-role-select" value={their} options={named(theirs, () => true)} onChange={(x: string) => setMatch(all.map(([a, b], k) => (k === j ? [x, b] : [a, b])))} popupMatchSelectWidth={false} />
                <span>=</span>
                <Select className="flow-role-select" value={our} options={ours} onChange={(x: string) => setMatch(all.map(([a, b], k) => (k === j ? [a, x] : [a, b])))} popupMatchSelectWidth={false} />
                <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('flows.facts.remove')} onClick={() => setMatch(all.filter((_, k) => k !== j))} />
              </Space>
            );
          })}
          <Button size="small" icon={<PlusOutlined />} onClick={() => theirs[0] && ours[0] && onChange({ ...fact, match: { ...fact.match, [theirs.find((f) => f.type === 'ref')?.name ?? theirs[0].name]: ours[0].value } })}>
            {t('flows.facts.addMatch')}
          </Button>
          <div className="flow-field-label">{t('flows.facts.where')}</div>
          <FlowRule fields={theirs} value={fact.where} pointer={`${pointer}/where`} problems={problems} emptyText={t('flows.facts.whereAll')} onChange={(where) => onChange({ ...fact, where })} />
          <Checkbox checked={!!fact.excludeSelf} onChange={(e) => onChange({ ...fact, excludeSelf: e.target.checked || undefined })}>
            {t('flows.facts.excludeSelf')}
          </Checkbox>
        </>
      )}
      <InlineProblems problems={problemsUnder(problems, pointer).filter((p) => !(p.pointer ?? p.path ?? '').startsWith(`${pointer}/where`))} testId="flow-fact-problems" />
    </>
  );
}
