// The field editor's part for an attachment field (附件): most files, the largest file (typed in MB, stored in bytes)
// and the accepted types, as extensions (.pdf) or MIME types (image/*) the file store checks (docs/metadata.md).
import { Col, Form, InputNumber, Row, Select } from 'antd';
import { useI18n } from '../i18n/i18n-context';

// The metadata's pattern for one accepted type (entity.schema.json, attachment.accept).
const ACCEPT = /^(\.[a-z0-9]{1,10}|[a-z]+\/([a-z0-9.+-]+|\*))$/;
const COMMON = ['.pdf', '.jpg', '.png', '.dwg', '.dxf', '.step', '.xlsx', '.docx', '.zip', 'image/*', 'application/pdf'];

/** What the admin typed as a type: lower case, `pdf` taken as `.pdf`. */
const normalise = (s: string) => {
  const v = s.trim().toLowerCase();
  return v && !v.startsWith('.') && !v.includes('/') ? `.${v}` : v;
};

export function FieldAttachmentPart() {
  const { t } = useI18n();
  return (
    <Row gutter={16}>
      <Col xs={12} md={6}>
        <Form.Item name="maxFiles" label={t('fields.attachment.maxFiles')}>
          <InputNumber className="full-width" min={1} max={100} precision={0} placeholder="20" />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name="maxSize" label={t('fields.attachment.maxSize')}>
          <InputNumber className="full-width" min={0.01} max={1024} placeholder="20" suffix="MB" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name="accept"
          label={t('fields.attachment.accept')}
          extra={t('fields.attachment.acceptHelp')}
          normalize={(v: string[] | undefined) => [...new Set((v ?? []).map(normalise).filter(Boolean))]}
          rules={[{ validator: async (_, v: string[] | undefined) => { const bad = (v ?? []).find((s) => !ACCEPT.test(s)); if (bad) throw new Error(t('fields.attachment.acceptBad', { type: bad })); } }]}
        >
          <Select mode="tags" tokenSeparators={[',', ' ', '，']} placeholder={t('fields.attachment.acceptAny')} options={COMMON.map((c) => ({ value: c, label: c }))} data-testid="attachment-accept" />
        </Form.Item>
      </Col>
    </Row>
  );
}
