// 校验规则 of the entity designer: the admin layer's validation rules of the picked entity (a save is refused with the
// rule's message unless its condition holds), added, edited with the condition builder and removed, each change
// planned and confirmed like a field change.
import { useMemo, useState } from 'react';
import { App, Button, Card, Space, Table, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { putAdminDocument, putExtension, type ExtensionDoc } from '../api/admin-api';
import type { EntityMeta } from '../api/types';
import { errorText } from '../common/error-text';
import { useI18n } from '../i18n/i18n-context';
import { EntityRuleEditor, rulesOf, type EntityRule } from './entity-rule-editor';
import { entityBuilderFields, fieldsRead } from './rule-builder';
import { saveWithPlan, type StepSubject } from './schema-plan-dialog';

interface Props {
  entity: string;
  entityLabel: string;
  meta: EntityMeta;
  doc: ExtensionDoc | undefined;
  subject: StepSubject;
  onSaved(): void;
}

export function EntityRulesCard({ entity, entityLabel, meta, doc, subject, onSaved }: Props) {
  const { t, label } = useI18n();
  const { modal, message } = App.useApp();
  const [editing, setEditing] = useState<{ rule?: EntityRule }>();
  const fields = useMemo(() => entityBuilderFields(meta.fields, label), [meta.fields, label]);
  const rules = rulesOf(doc);
  const fieldLabel = (name: string) => fields.find((f) => f.name === name)?.label ?? name;

  const remove = (rule: EntityRule) =>
    modal.confirm({
      title: t('rules.entity.confirmRemove', { rule: rule.name }),
      okText: t('cfged.remove'),
      cancelText: t('shell.cancel'),
      onOk: async () => {
        const { rules: _old, ...rest } = doc ?? { extends: entity };
        const left = rules.filter((r) => r.name !== rule.name);
        const next: ExtensionDoc = { ...rest, extends: entity, ...(left.length ? { rules: left } : {}) };
        try {
          if (await saveWithPlan(modal, t, () => putAdminDocument('extensions', entity, next, true), () => putExtension(entity, next), subject)) {
            message.success(t('rules.entity.removed'));
            onSaved();
          }
        } catch (e) {
          message.error(errorText(t, e));
        }
      },
    });

  return (
    <Card
      size="small"
      className="admin-card"
      title={t('rules.entity.title')}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="rules-add">
          {t('rules.entity.add')}
        </Button>
      }
      data-testid="entity-rules"
    >
      <Typography.Paragraph type="secondary">{t('rules.entity.intro')}</Typography.Paragraph>
      <Table<EntityRule>
        size="small"
        rowKey="name"
        pagination={false}
        dataSource={rules}
        locale={{ emptyText: t('rules.entity.empty') }}
        columns={[
          { key: 'name', title: t('rules.entity.name'), width: 180, render: (_: unknown, r) => <Typography.Text code>{r.name}</Typography.Text> },
          { key: 'message', title: t('rules.entity.message'), render: (_: unknown, r) => label(r.message) },
          { key: 'reads', title: t('rules.entity.reads'), render: (_: unknown, r) => fieldsRead(r.condition).map(fieldLabel).join(t('app.separator')) },
          {
            key: 'actions',
            width: 150,
            render: (_: unknown, r) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ rule: r })} data-testid="rule-edit">
                  {t('fields.edit')}
                </Button>
                <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => remove(r)} data-testid="rule-remove">
                  {t('cfged.remove')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <EntityRuleEditor
          entity={entity}
          entityLabel={entityLabel}
          doc={doc}
          fields={fields}
          rule={editing.rule}
          subject={subject}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            message.success(t('rules.entity.saved'));
            onSaved();
          }}
        />
      )}
    </Card>
  );
}
