// The field editor's part for a rollup (汇总字段): what it aggregates — the record's own lines (`of`) or the records of
// another entity pointing at it through a ref (`from`: a customer's receivables) —, how (sum, count, min, max), which
// number field of them, the type of the total (taken from that field when one is picked), and optionally only the
// records a condition holds for (`where`, built like a rule). An entity neither with lines nor referred to gets a hint.
import { useRef } from 'react';
import { Alert, Col, Form, Radio, Row, Select } from 'antd';
import { ROLLUP_AGGREGATES, ROLLUP_RESULT_TYPES, type RollupAggregate } from '../api/admin-api';
import type { EntityMeta, EntitySummary, FieldMeta } from '../api/types';
import { useEntityMeta } from '../common/use-meta';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-CN';
import type { FieldValues, RollupSourceKind } from './field-definition';
import { ConditionBuilder, entityBuilderFields, type BuilderField, type BuilderState } from './rule-builder';

const NUMBERS = ['integer', 'decimal', 'money'];

/** The type a line field's numbers have: its own, or a formula's or rollup's result type. */
const numberType = (f: FieldMeta): string | undefined => {
  const type = f.type === 'formula' || f.type === 'rollup' ? f.resultType : f.type;
  return type && NUMBERS.includes(type) ? type : undefined;
};

interface Props {
  entity: string;
  meta: EntityMeta;
  entityLabel: string;
  /** Every entity, with its refs: those referring to this one may be aggregated with `from`. */
  targets: EntitySummary[];
}

export function FieldRollupPart({ entity, meta, entityLabel, targets }: Props) {
  const { t, label } = useI18n();
  const form = Form.useFormInstance<FieldValues>();
  const source = (Form.useWatch('rollupSource', form) ?? 'of') as RollupSourceKind;
  const of = Form.useWatch('of', form) as string | undefined;
  const fromEntity = Form.useWatch(['from', 'entity'], form) as string | undefined;
  const aggregate = (Form.useWatch('aggregate', form) ?? 'sum') as RollupAggregate;
  const whereState = useRef<BuilderState>({ complete: true, valid: true });
  const lines = meta.fields.filter((f) => f.type === 'children');
  const referring = targets.filter((e) => e.references?.some((r) => r.target === entity));
  const sourceEntity = source === 'from' ? fromEntity : lines.find((f) => f.name === of)?.target;
  const child = useEntityMeta(sourceEntity);
  const numbers = (child.data?.fields ?? []).filter((f) => numberType(f) !== undefined);
  const vias = (referring.find((e) => e.name === fromEntity)?.references ?? []).filter((r) => r.target === entity);
  const fieldLabel = (name: string) => label(child.data?.fields.find((f) => f.name === name)?.labels, name);
  // What was picked of one source means nothing for another.
  const sourceChanged = () => form.setFieldsValue({ field: undefined, where: undefined });

  if (!lines.length && !referring.length) return <Alert type="info" showIcon className="admin-alert" data-testid="rollup-no-lines" title={t('fields.rollup.noSource', { entity: entityLabel })} />;
  return (
    <Row gutter={16}>
      <Col span={24}>
        <Form.Item name="rollupSource" label={t('fields.rollup.source')}>
          <Radio.Group
            data-testid="rollup-source"
            onChange={sourceChanged}
            options={(['of', 'from'] as const).map((s) => ({ value: s, label: t(`fields.rollup.source.${s}`) }))}
          />
        </Form.Item>
      </Col>
      {source === 'of' ? (
        <Col xs={24} md={12}>
          {lines.length ? (
            <Form.Item name="of" label={t('fields.rollup.of')} rules={[{ required: true, message: t('fields.rollup.ofRequired') }]}>
              <Select data-testid="rollup-of" placeholder={t('fields.rollup.ofPlaceholder')} options={lines.map((f) => ({ value: f.name, label: label(f.labels, f.name) }))} onChange={sourceChanged} />
            </Form.Item>
          ) : (
            <Alert type="info" showIcon className="admin-alert" data-testid="rollup-no-lines" title={t('fields.rollup.noLines', { entity: entityLabel })} />
          )}
        </Col>
      ) : (
        <>
          <Col xs={24} md={12}>
            <Form.Item name={['from', 'entity']} label={t('fields.rollup.fromEntity')} extra={t('fields.rollup.fromEntityHelp', { entity: entityLabel })} rules={[{ required: true, message: t('fields.rollup.fromEntityRequired') }]}>
              <Select
                data-testid="rollup-from-entity"
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('fields.rollup.fromEntityPlaceholder')}
                notFoundContent={t('fields.rollup.noReferring', { entity: entityLabel })}
                options={referring.map((e) => ({ value: e.name, label: label(e.labels, e.name) }))}
                onChange={(name: string) => {
                  const only = referring.find((e) => e.name === name)?.references?.filter((r) => r.target === entity);
                  // One ref back is the usual case: take it.
                  form.setFieldsValue({ from: { entity: name, via: only?.length === 1 ? only[0]!.field : undefined } });
                  sourceChanged();
                }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['from', 'via']} label={t('fields.rollup.via')} extra={t('fields.rollup.viaHelp', { entity: entityLabel })} rules={[{ required: true, message: t('fields.rollup.viaRequired') }]}>
              <Select data-testid="rollup-from-via" disabled={!fromEntity} options={vias.map((r) => ({ value: r.field, label: fieldLabel(r.field) }))} />
            </Form.Item>
          </Col>
        </>
      )}
      <Col xs={24} md={12}>
        <Form.Item name="aggregate" label={t('fields.rollup.aggregate')}>
          <Select data-testid="rollup-aggregate" options={ROLLUP_AGGREGATES.map((a) => ({ value: a, label: t(`fields.rollup.aggregate.${a}` as MessageKey) }))} />
        </Form.Item>
      </Col>
      {aggregate !== 'count' && (
        <>
          <Col xs={24} md={12}>
            <Form.Item
              name="field"
              label={t(source === 'from' ? 'fields.rollup.fromField' : 'fields.rollup.field')}
              extra={t(source === 'from' ? 'fields.rollup.fromFieldHelp' : 'fields.rollup.fieldHelp')}
              rules={[{ required: true, message: t('fields.rollup.fieldRequired') }]}
            >
              <Select
                data-testid="rollup-field"
                disabled={!sourceEntity}
                loading={child.loading}
                showSearch={{ optionFilterProp: 'label' }}
                options={numbers.map((f) => ({ value: f.name, label: label(f.labels, f.name) }))}
                onChange={(name: string) => form.setFieldsValue({ resultType: numberType(numbers.find((f) => f.name === name)!) as FieldValues['resultType'] })}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="resultType" label={t('formula.resultType')}>
              <Select data-testid="rollup-result-type" options={ROLLUP_RESULT_TYPES.map((rt) => ({ value: rt, label: t(`fieldType.${rt}` as MessageKey) }))} />
            </Form.Item>
          </Col>
        </>
      )}
      {child.data && (
        <Col span={24}>
          <Form.Item
            name="where"
            label={t('fields.rollup.where')}
            extra={t('fields.rollup.whereHelp')}
            rules={[{ validator: async () => (whereState.current.complete && whereState.current.valid ? undefined : Promise.reject(new Error(t('fields.rollup.whereIncomplete')))) }]}
          >
            <WhereBuilder fields={entityBuilderFields(child.data.fields, label)} onState={(s) => (whereState.current = s)} />
          </Form.Item>
        </Col>
      )}
    </Row>
  );
}

/** The condition builder as a form control: antd passes value / onChange; how complete it is goes to the rule above. */
function WhereBuilder({ fields, value, onChange, onState }: { fields: BuilderField[]; value?: unknown; onChange?: (logic: unknown) => void; onState(s: BuilderState): void }) {
  const { t } = useI18n();
  return (
    <ConditionBuilder
      fields={fields}
      value={value}
      emptyText={t('fields.rollup.whereEmpty')}
      testId="rollup-where"
      onChange={(logic, s) => {
        onState(s);
        onChange?.(logic);
      }}
    />
  );
}
