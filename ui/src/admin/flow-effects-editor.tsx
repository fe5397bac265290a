// 进入时自动设置: the fields a state (on entering it) or a transition sets, each to a constant typed by its field (an
// enum's options, a number, a date, yes / no, text, a record). A calculation (json-logic, e.g. "today unless already
// set") is shown read-only and can be replaced by a constant; building calculations here is not offered yet.
import { Button, DatePicker, Input, InputNumber, Select, Space, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { ErrorDetail, FieldMeta } from '../api/types';
import { RefSelect } from '../common/ref-select';
import { useI18n } from '../i18n/i18n-context';
import { effectRows, effectsOf, isConstant, type EffectRow } from './flow-automation';
import { problemsUnder } from './flow-pointers';
import { InlineProblems } from './flow-problem-list';

type Doc = Record<string, any>;

const SETTABLE = new Set(['string', 'text', 'integer', 'decimal', 'money', 'boolean', 'date', 'datetime', 'enum', 'ref']);

/** The constant a newly added effect starts with, of the field's kind. */
function startValue(field: FieldMeta): unknown {
  if (field.type === 'enum') return field.options?.[0]?.code ?? null;
  if (field.type === 'boolean') return true;
  if (field.type === 'integer' || field.type === 'decimal' || field.type === 'money') return 0;
  if (field.type === 'date') return dayjs().format('YYYY-MM-DD');
  if (field.type === 'ref') return null;
  return '';
}

function ConstantInput({ field, value, onChange }: { field: FieldMeta; value: unknown; onChange(v: unknown): void }) {
  const { t, label } = useI18n();
  switch (field.type) {
    case 'enum':
      return <Select className="flow-effect-value" value={value as string} onChange={onChange} options={(field.options ?? []).map((o) => ({ value: o.code, label: label(o.labels, o.code) }))} popupMatchSelectWidth={false} data-testid="flow-effect-value" />;
    case 'boolean':
      return <Select className="flow-effect-value" value={value === true} onChange={onChange} options={[{ value: true, label: t('value.yes') }, { value: false, label: t('value.no') }]} data-testid="flow-effect-value" />;
    case 'integer':
    case 'decimal':
    case 'money':
      return <InputNumber<number> className="flow-effect-value" value={typeof value === 'number' ? value : null} precision={field.type === 'integer' ? 0 : undefined} prefix={field.type === 'money' ? '¥' : undefined} onChange={(n) => onChange(n ?? null)} data-testid="flow-effect-value" />;
    case 'date':
    case 'datetime':
      return <DatePicker className="flow-effect-value" showTime={field.type === 'datetime'} value={typeof value === 'string' && value ? dayjs(value) : null} onChange={(d) => onChange(d ? (field.type === 'date' ? d.format('YYYY-MM-DD') : d.toISOString()) : null)} data-testid="flow-effect-value" />;
    case 'ref':
      return <RefSelect target={field.target!} value={typeof value === 'string' ? value : undefined} onChange={(v) => onChange(v ?? null)} className="flow-effect-value" />;
    default:
      return <Input className="flow-effect-value" value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} data-testid="flow-effect-value" />;
  }
}

interface Props {
  effects: Doc | undefined;
  fields: FieldMeta[];
  /** The flow's state field: only transitions change it. */
  stateField: string;
  /** Where these effects sit in the flow document (`/states/negotiation/effects`), for the server's problems. */
  pointer: string;
  problems: readonly ErrorDetail[];
  onChange(effects: Doc | undefined): void;
}

export function FlowEffectsEditor({ effects, fields, stateField, pointer, problems, onChange }: Props) {
  const { t, label } = useI18n();
  const rows = effectRows(effects);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const settable = fields.filter((f) => !f.system && f.name !== stateField && SETTABLE.has(f.type) && !rows.some((r) => r.field === f.name));
  const setRows = (next: EffectRow[]) => onChange(effectsOf(next));
  return (
    <div className="flow-effects" data-testid="flow-effects">
      {rows.length === 0 && <Typography.Text type="secondary">{t('flows.effects.none')}</Typography.Text>}
      {rows.map((row, i) => {
        const field = byName.get(row.field);
        return (
          <div key={row.field} className="flow-effect-row" data-testid={`flow-effect-${row.field}`}>
            <Space wrap size={6}>
              <Typography.Text>{field ? label(field.labels, row.field) : row.field}</Typography.Text>
              <span>=</span>
              {isConstant(row.value) && field ? (
                <ConstantInput field={field} value={row.value} onChange={(value) => setRows(rows.map((r, j) => (j === i ? { ...r, value } : r)))} />
              ) : (
                <>
                  <Typography.Text type="secondary">{t('flows.effects.computed')}</Typography.Text>
                  <Typography.Text code className="flow-condition-json">{JSON.stringify(row.value)}</Typography.Text>
                  {field && SETTABLE.has(field.type) && (
                    <Button size="small" onClick={() => setRows(rows.map((r, j) => (j === i ? { ...r, value: startValue(field) } : r)))}>
                      {t('flows.effects.toConstant')}
                    </Button>
                  )}
                </>
              )}
              <Button type="text" icon={<DeleteOutlined />} aria-label={t('flows.effects.remove')} onClick={() => setRows(rows.filter((_, j) => j !== i))} />
            </Space>
            <InlineProblems problems={problemsUnder(problems, `${pointer}/${row.field}`)} testId="flow-effect-problems" />
          </div>
        );
      })}
      <Select
        className="flow-effect-add"
        value={null}
        placeholder={t('flows.effects.add')}
        onChange={(name: string) => setRows([...rows, { field: name, value: startValue(byName.get(name)!) }])}
        options={settable.map((f) => ({ value: f.name, label: label(f.labels, f.name) }))}
        showSearch={{ optionFilterProp: 'label' }}
        popupMatchSelectWidth={false}
        data-testid="flow-effect-add"
      />
    </div>
  );
}
