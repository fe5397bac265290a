// The options of an enum custom field: one row each with code, zh-CN / en labels and a tag colour.
import { Button, Col, Form, Input, Row, Select, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { tagColor } from '../common/enum-tag';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-CN';
import type { OptionRow } from './field-definition';

const CODE = /^[A-Za-z0-9_-]{1,64}$/;
// Every colour the shipped metadata uses, so an option coloured by a file shows its colour's name, never its code.
const COLORS = ['blue', 'green', 'orange', 'red', 'volcano', 'purple', 'cyan', 'lime', 'gold', 'magenta', 'geekblue', 'gray', 'default'];

export function FieldOptionsEditor() {
  const { t } = useI18n();
  const labelRule = { required: true, whitespace: true, message: t('fields.labelRequired') };
  return (
    <div className="options-editor" data-testid="field-options">
      <Typography.Text strong>{t('fields.options')}</Typography.Text>
      <Form.List
        name="options"
        rules={[
          {
            validator: async (_, rows: OptionRow[] | undefined) => {
              if (!rows?.length) throw new Error(t('fields.optionsRequired'));
              const codes = rows.map((r) => r?.code?.trim()).filter(Boolean);
              if (new Set(codes).size !== codes.length) throw new Error(t('fields.optionDuplicate'));
            },
          },
        ]}
      >
        {(rows, { add, remove }, { errors }) => (
          <>
            {rows.length > 0 && (
              <Row gutter={8} className="options-head">
                <Col span={6}>{t('fields.optionCode')}</Col>
                <Col span={6}>{t('fields.labelZh')}</Col>
                <Col span={6}>{t('fields.labelEn')}</Col>
                <Col span={5}>{t('fields.optionColor')}</Col>
              </Row>
            )}
            {rows.map((row) => (
              <Row gutter={8} key={row.key} className="option-row" data-testid="field-option">
                <Col span={6}>
                  <Form.Item name={[row.name, 'code']} rules={[{ required: true, message: t('fields.optionCodeRequired') }, { pattern: CODE, message: t('fields.optionCodePattern') }]}>
                    <Input placeholder="A" aria-label={t('fields.optionCode')} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name={[row.name, 'zh']} rules={[labelRule]}>
                    <Input aria-label={t('fields.labelZh')} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name={[row.name, 'en']} rules={[labelRule]}>
                    <Input aria-label={t('fields.labelEn')} />
                  </Form.Item>
                </Col>
                <Col span={5}>
                  <Form.Item name={[row.name, 'color']}>
                    <Select
                      allowClear
                      placeholder={t('fields.optionNoColor')}
                      options={COLORS.map((c) => ({
                        value: c,
                        label: (
                          <Tag color={tagColor(c)} bordered={false}>
                            {t(`color.${c}` as MessageKey)}
                          </Tag>
                        ),
                      }))}
                    />
                  </Form.Item>
                </Col>
                <Col span={1}>
                  <Button type="text" icon={<DeleteOutlined />} aria-label={t('fields.optionRemove')} onClick={() => remove(row.name)} />
                </Col>
              </Row>
            ))}
            <Button size="small" icon={<PlusOutlined />} onClick={() => add({})} data-testid="field-option-add">
              {t('fields.optionAdd')}
            </Button>
            <Form.ErrorList errors={errors} />
          </>
        )}
      </Form.List>
    </div>
  );
}
