// The field editor's part for lines (明细): the child entity, offered only among entities with a ref back to this one,
// and that ref, which must delete its lines with the parent (onDelete cascade, checked by the server too). When no
// entity qualifies, it says what to create first instead of offering an empty list.
import { useMemo } from 'react';
import { Alert, Col, Form, Row, Select } from 'antd';
import type { EntitySummary } from '../api/types';
import { useEntityMeta } from '../common/use-meta';
import { useI18n } from '../i18n/i18n-context';

interface Props {
  entity: string;
  entityLabel: string;
  /** Every entity the admin may pick from, with its refs. */
  targets: EntitySummary[];
  /** Editing an existing lines field: its target and ref stay. */
  fixed: boolean;
}

export function FieldChildrenPart({ entity, entityLabel, targets, fixed }: Props) {
  const { t, label } = useI18n();
  const form = Form.useFormInstance();
  const target = Form.useWatch('target', form) as string | undefined;
  const children = useMemo(() => targets.filter((e) => e.references?.some((r) => r.target === entity)), [targets, entity]);
  const child = useEntityMeta(target);
  const backRefs = (child.data?.fields ?? []).filter((f) => f.type === 'ref' && f.target === entity && !f.system);

  if (!children.length) return <Alert type="info" showIcon className="admin-alert" data-testid="children-none" title={t('fields.children.none', { entity: entityLabel })} />;
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Form.Item name="target" label={t('fields.children.target')} extra={t('fields.children.targetHelp', { entity: entityLabel })} rules={[{ required: true, message: t('fields.children.targetRequired') }]}>
          <Select
            disabled={fixed}
            data-testid="children-target"
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('fields.children.targetPlaceholder')}
            options={children.map((e) => ({ value: e.name, label: label(e.labels, e.name) }))}
            onChange={() => form.setFieldsValue({ foreignKey: undefined })}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name="foreignKey"
          label={t('fields.children.foreignKey')}
          extra={t('fields.children.foreignKeyHelp')}
          rules={[{ required: true, message: t('fields.children.foreignKeyRequired') }]}
        >
          <Select
            disabled={fixed || !target}
            data-testid="children-foreign-key"
            loading={child.loading}
            options={backRefs.map((f) => ({
              value: f.name,
              disabled: f.onDelete !== 'cascade',
              label: f.onDelete === 'cascade' ? label(f.labels, f.name) : t('fields.children.notCascade', { field: label(f.labels, f.name) }),
            }))}
          />
        </Form.Item>
      </Col>
    </Row>
  );
}
