// The report builder's form: entity, groups (dates by bucket), measures, the list's filter builder, pivot, sort and
// chart type. Every change goes straight to the caller, which previews it.
import { Button, Form, Radio, Select, Space, Switch } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Bucket, MeasureOp } from '../api/reports-api';
import type { EntityMeta, EntitySummary, FieldMeta } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-CN';
import { FilterBuilder } from '../list/filter-builder';
import { DATE_TYPES, isGroupable, isNumeric, measureKey, type BuilderState } from './builder-state';

const BUCKETS: Bucket[] = ['day', 'week', 'month', 'quarter', 'year'];
const OPS: MeasureOp[] = ['count', 'sum', 'avg', 'min', 'max', 'count_distinct'];
const CHARTS = ['bar', 'line', 'pie', 'funnel', 'table'] as const;

interface Props {
  state: BuilderState;
  onChange(next: BuilderState): void;
  entities: EntitySummary[];
  meta: EntityMeta | undefined;
}

export function DefinitionEditor({ state, onChange, entities, meta }: Props) {
  const { t, label } = useI18n();
  const fields = meta?.fields ?? [];
  const set = (patch: Partial<BuilderState>) => onChange({ ...state, ...patch });
  const fieldOptions = (list: FieldMeta[]) => list.map((f) => ({ value: f.name, label: label(f.labels, f.name) }));
  const groupable = fields.filter(isGroupable);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const bucketSelect = (field: string, bucket: Bucket | undefined, onPick: (b: Bucket) => void) =>
    DATE_TYPES.has(byName.get(field)?.type ?? '') && (
      <Select className="report-bucket" value={bucket ?? 'month'} onChange={onPick} options={BUCKETS.map((b) => ({ value: b, label: t(`reports.bucket.${b}` as MessageKey) }))} />
    );
  const keys = [
    ...state.groups.filter((g) => g.field).map((g) => ({ value: g.field, label: label(byName.get(g.field)?.labels, g.field) })),
    ...state.measures.map((m) => ({ value: measureKey(m), label: measureLabel(m) })),
  ];
  function measureLabel(m: { op: MeasureOp; field?: string }): string {
    return m.op === 'count' ? t('reports.op.count') : `${t(`reports.op.${m.op}` as MessageKey)} ${label(byName.get(m.field ?? '')?.labels, m.field ?? '')}`;
  }

  return (
    <Form layout="vertical" className="report-editor" data-testid="report-editor">
      <Form.Item label={t('reports.entity')}>
        <Select
          showSearch
          optionFilterProp="label"
          data-testid="report-entity"
          placeholder={t('reports.entityPlaceholder')}
          value={state.entity}
          onChange={(entity: string) => onChange({ groups: [], measures: [{ op: 'count' }], conditions: [], chart: state.chart, entity })}
          options={entities.map((e) => ({ value: e.name, label: label(e.labels, e.name) }))}
        />
      </Form.Item>
      {meta && (
        <>
          <Form.Item label={t('reports.groups')}>
            <Space direction="vertical" className="report-rows">
              {state.groups.map((g, i) => (
                <Space key={i} wrap>
                  <Select
                    className="report-field"
                    showSearch
                    optionFilterProp="label"
                    data-testid={`report-group-${i}`}
                    value={g.field || undefined}
                    placeholder={t('reports.pickField')}
                    onChange={(field: string) => set({ groups: state.groups.map((x, j) => (j === i ? { field, ...(DATE_TYPES.has(byName.get(field)?.type ?? '') ? { bucket: 'month' as const } : {}) } : x)) })}
                    options={fieldOptions(groupable)}
                  />
                  {bucketSelect(g.field, g.bucket, (bucket) => set({ groups: state.groups.map((x, j) => (j === i ? { ...x, bucket } : x)) }))}
                  <Button icon={<DeleteOutlined />} aria-label={t('reports.remove')} onClick={() => set({ groups: state.groups.filter((_, j) => j !== i) })} />
                </Space>
              ))}
              {state.groups.length < 3 && (
                <Button icon={<PlusOutlined />} size="small" data-testid="report-add-group" onClick={() => set({ groups: [...state.groups, { field: '' }] })}>
                  {t('reports.addGroup')}
                </Button>
              )}
            </Space>
          </Form.Item>
          <Form.Item label={t('reports.measures')}>
            <Space direction="vertical" className="report-rows">
              {state.measures.map((m, i) => (
                <Space key={i} wrap>
                  <Select
                    className="report-op"
                    data-testid={`report-op-${i}`}
                    value={m.op}
                    onChange={(op: MeasureOp) => set({ measures: state.measures.map((x, j) => (j === i ? { op, ...(op !== 'count' ? { field: x.field } : {}) } : x)) })}
                    options={OPS.map((op) => ({ value: op, label: t(`reports.op.${op}` as MessageKey) }))}
                  />
                  {m.op !== 'count' && (
                    <Select
                      className="report-field"
                      showSearch
                      optionFilterProp="label"
                      data-testid={`report-measure-field-${i}`}
                      value={m.field}
                      placeholder={t('reports.pickField')}
                      onChange={(field: string) => set({ measures: state.measures.map((x, j) => (j === i ? { ...x, field } : x)) })}
                      options={fieldOptions(m.op === 'count_distinct' ? groupable : m.op === 'min' || m.op === 'max' ? fields.filter((f) => isNumeric(f) || DATE_TYPES.has(f.type)) : fields.filter(isNumeric))}
                    />
                  )}
                  {state.measures.length > 1 && <Button icon={<DeleteOutlined />} aria-label={t('reports.remove')} onClick={() => set({ measures: state.measures.filter((_, j) => j !== i) })} />}
                </Space>
              ))}
              <Button icon={<PlusOutlined />} size="small" data-testid="report-add-measure" onClick={() => set({ measures: [...state.measures, { op: 'sum' }] })}>
                {t('reports.addMeasure')}
              </Button>
            </Space>
          </Form.Item>
          <Form.Item label={t('reports.filter')} extra={state.baseFilter !== undefined ? t('reports.baseFilter') : undefined}>
            <FilterBuilder fields={fields} conditions={state.conditions} onApply={(conditions) => set({ conditions })} />
          </Form.Item>
          <Form.Item label={t('reports.pivot')}>
            <Space wrap>
              <Select
                className="report-field"
                allowClear
                showSearch
                optionFilterProp="label"
                placeholder={t('reports.noPivot')}
                value={state.pivot?.field}
                onChange={(field: string | undefined) => set({ pivot: field ? { field, ...(DATE_TYPES.has(byName.get(field)?.type ?? '') ? { bucket: 'month' as const } : {}) } : undefined })}
                options={fieldOptions(groupable)}
              />
              {state.pivot && bucketSelect(state.pivot.field, state.pivot.bucket, (bucket) => set({ pivot: { ...state.pivot!, bucket } }))}
            </Space>
          </Form.Item>
          <Form.Item label={t('reports.sort')}>
            <Space wrap>
              <Select className="report-field" allowClear placeholder={t('reports.defaultSort')} value={state.sort?.key} onChange={(key: string | undefined) => set({ sort: key ? { key, desc: state.sort?.desc ?? true } : undefined })} options={keys} />
              {state.sort && <Switch checkedChildren={t('reports.desc')} unCheckedChildren={t('reports.asc')} checked={state.sort.desc} onChange={(desc) => set({ sort: { ...state.sort!, desc } })} />}
            </Space>
          </Form.Item>
          <Form.Item label={t('reports.chart')}>
            <Radio.Group optionType="button" buttonStyle="solid" value={state.pivot ? 'table' : state.chart} disabled={!!state.pivot} onChange={(e) => set({ chart: e.target.value })} data-testid="report-chart-type">
              {CHARTS.map((c) => (
                <Radio.Button key={c} value={c}>
                  {t(`reports.chart.${c}` as MessageKey)}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
        </>
      )}
    </Form>
  );
}
