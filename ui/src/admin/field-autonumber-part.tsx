// The field editor's part for an autonumber field (自动编号): the template (Handlebars with {{date "YYYYMM"}} and
// {{seq 4}}), when the counter restarts, and the next number it would give, read live from the server.
import { Col, Form, Input, Row, Select } from 'antd';
import { AUTONUMBER_RESETS } from '../api/admin-api';
import { useI18n } from '../i18n/i18n-context';
import { AutonumberPreview } from './autonumber-preview';

export function FieldAutonumberPart({ entity, name }: { entity: string; name: string | undefined }) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const template = Form.useWatch('template', form) as string | undefined;
  const reset = Form.useWatch('reset', form) as string | undefined;
  const typed = Form.useWatch('name', form) as string | undefined;
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Form.Item name="template" label={t('designer.entity.numbering')} extra={t('fields.autonumber.templateHelp')} rules={[{ required: true, whitespace: true, message: t('fields.autonumber.templateRequired') }]}>
          <Input placeholder='HT-{{date "YYYYMM"}}-{{seq 4}}' autoComplete="off" data-testid="autonumber-template" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="reset" label={t('designer.entity.reset')}>
          <Select options={AUTONUMBER_RESETS.map((r) => ({ value: r, label: t(`designer.entity.reset.${r}`) }))} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <AutonumberPreview template={template} reset={reset} entity={entity} field={name ?? (/^[a-z][a-z0-9_]{0,62}$/.test(typed ?? '') ? typed! : 'code')} testId="field-number-preview" />
      </Col>
    </Row>
  );
}
