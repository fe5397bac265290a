// The field editor's part for a rollup (汇总字段): which lines field it aggregates, how (sum, count, min, max), which
// number field of the lines, and the type of the total (taken from the line field when one is picked). An entity
// without lines gets a hint to add a lines field first.
import { Alert, Col, Form, Row, Select } from 'antd';
import { ROLLUP_AGGREGATES, ROLLUP_RESULT_TYPES, type RollupAggregate } from '../api/admin-api';
import type { EntityMeta, FieldMeta } from '../api/types';
import { useEntityMeta } from '../common/use-meta';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-CN';

const NUMBERS = ['integer', 'decimal', 'money'];

/** The type a line field's numbers have: its own, or a formula's or rollup's result type. */
const numberType = (f: FieldMeta): string | undefined => {
  const type = f.type === 'formula' || f.type === 'rollup' ? f.resultType : f.type;
  return type && NUMBERS.includes(type) ? type : undefined;
};

export function FieldRollupPart({ meta, entityLabel }: { meta: EntityMeta; entityLabel: string }) {
  const { t, label } = useI18n();
  const form = Form.useFormInstance();
  const of = Form.useWatch('of', form) as string | undefined;
  const aggregate = (Form.useWatch('aggregate', form) ?? 'sum') as RollupAggregate;
  const lines = meta.fields.filter((f) => f.type === 'children');
  const child = useEntityMeta(lines.find((f) => f.name === of)?.target);
  const numbers = (child.data?.fields ?? []).filter((f) => numberType(f) !== undefined);

  if (!lines.length) return <Alert type="info" showIcon className="admin-alert" data-testid="rollup-no-lines" title={t('fields.rollup.noLines', { entity: entityLabel })} />;
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Form.Item name="of" label={t('fields.rollup.of')} rules={[{ required: true, message: t('fields.rollup.ofRequired') }]}>
          <Select data-testid="rollup-of" placeholder={t('fields.rollup.ofPlaceholder')} options={lines.map((f) => ({ value: f.name, label: label(f.labels, f.name) }))} onChange={() => form.setFieldsValue({ field: undefined })} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="aggregate" label={t('fields.rollup.aggregate')}>
          <Select data-testid="rollup-aggregate" options={ROLLUP_AGGREGATES.map((a) => ({ value: a, label: t(`fields.rollup.aggregate.${a}` as MessageKey) }))} />
        </Form.Item>
      </Col>
      {aggregate !== 'count' && (
        <>
          <Col xs={24} md={12}>
            <Form.Item name="field" label={t('fields.rollup.field')} extra={t('fields.rollup.fieldHelp')} rules={[{ required: true, message: t('fields.rollup.fieldRequired') }]}>
              <Select
                data-testid="rollup-field"
                disabled={!of}
                loading={child.loading}
                showSearch={{ optionFilterProp: 'label' }}
                options={numbers.map((f) => ({ value: f.name, label: label(f.labels, f.name) }))}
                onChange={(name: string) => form.setFieldsValue({ resultType: numberType(numbers.find((f) => f.name === name)!) })}
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
    </Row>
  );
}
