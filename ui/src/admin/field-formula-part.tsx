// The field editor's part for a formula field (计算字段): the expression box, the type of its value (with precision
// and scale for decimals) and 试算 on a record by the server's own evaluator.
import { useMemo } from 'react';
import { Col, Form, InputNumber, Row, Select } from 'antd';
import { FORMULA_RESULT_TYPES, type FormulaResultType } from '../api/admin-api';
import type { EntityMeta } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-CN';
import { draftErrorText, formulaFieldsOf, FormulaInput, type FormulaDraft } from './formula';
import { entityBuilderFields, RuleTryBox } from './rule-builder';

interface Props {
  entity: string;
  meta: EntityMeta;
  /** The formula field itself (absent while new): a formula may not read itself. */
  name?: string;
  /** A built-in formula changed through the admin layer: only the formula itself can change, not its type. */
  overriding?: boolean;
}

export function FieldFormulaPart({ entity, meta, name, overriding }: Props) {
  const { t, label } = useI18n();
  const form = Form.useFormInstance();
  const draft = Form.useWatch('formula', form) as FormulaDraft | undefined;
  const resultType = Form.useWatch('resultType', form) as FormulaResultType | undefined;
  const fields = useMemo(() => formulaFieldsOf(meta.fields, name), [meta.fields, name]);
  const tryFields = useMemo(() => entityBuilderFields(meta.fields, label), [meta.fields, label]);
  const decimals = resultType === 'decimal' || resultType === 'money';

  return (
    <>
      <Form.Item
        name="formula"
        label={t('formula.label')}
        extra={t('formula.help')}
        required
        rules={[
          {
            validator: async (_, d: FormulaDraft | undefined) => {
              if (!d || !d.text.trim()) throw new Error(t('formula.error.empty'));
              if (d.error) throw new Error(draftErrorText(t, d.error));
            },
          },
        ]}
      >
        <FormulaInput fields={fields} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="resultType" label={t('formula.resultType')} rules={[{ required: true }]}>
            <Select disabled={overriding} data-testid="formula-result-type" options={FORMULA_RESULT_TYPES.map((rt) => ({ value: rt, label: t(`fieldType.${rt}` as MessageKey) }))} />
          </Form.Item>
        </Col>
        {decimals && !overriding && (
          <>
            <Col xs={12} md={6}>
              <Form.Item name="precision" label={t('formula.precision')} tooltip={t('formula.precisionHelp')}>
                <InputNumber className="full-width" min={1} max={38} precision={0} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="scale" label={t('formula.scale')} tooltip={t('formula.scaleHelp')}>
                <InputNumber className="full-width" min={0} max={18} precision={0} placeholder={resultType === 'money' ? '2' : undefined} />
              </Form.Item>
            </Col>
          </>
        )}
      </Row>
      <RuleTryBox entity={entity} fields={tryFields} logic={draft?.error ? undefined : draft?.logic} kind="formula" />
    </>
  );
}
