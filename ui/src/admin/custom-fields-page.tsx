// 自定义字段: the administrator's own fields on any entity. Pick an entity, see the fields added to it, add / edit /
// remove one with a small form; saving sends the entity's whole set (PUT /api/admin/extensions/:entity), and the
// field is live at once: open forms and lists load the entity again, no reload of page or server.
import { useMemo, useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Card, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { deleteExtension, fetchExtensions, putExtension, type CustomFieldDef, type ExtensionDoc } from '../api/admin-api';
import { modelChanged } from '../api/meta-api';
import { errorText } from '../common/error-text';
import { tagColor } from '../common/enum-tag';
import { useAsync } from '../common/use-async';
import { useEntityMeta, useEntitySummaries } from '../common/use-meta';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-CN';
import { useTabs } from '../shell/tabs-context';
import { formatDefault } from './field-definition';
import { AdminPageHeader } from './admin-page-header';
import { FieldEditor } from './field-editor';

interface Row {
  name: string;
  def: CustomFieldDef;
}

export function CustomFieldsPage() {
  const { t, label, locale } = useI18n();
  const { modal, message } = App.useApp();
  const tabs = useTabs();
  const summaries = useEntitySummaries();
  const extensions = useAsync(() => fetchExtensions(), []);
  const [picked, setPicked] = useState<string>();
  const [editing, setEditing] = useState<{ name?: string }>();
  const [lastSaved, setLastSaved] = useState<{ entity: string; field: string }>();

  const entities = useMemo(() => [...(summaries.data?.values() ?? [])].sort((a, b) => label(a.labels, a.name).localeCompare(label(b.labels, b.name), locale)), [summaries.data, label, locale]);
  const entity = picked ?? (summaries.data?.has('customer') ? 'customer' : entities[0]?.name);
  const meta = useEntityMeta(entity ?? '');
  const doc: ExtensionDoc | undefined = extensions.data?.find((d) => d.extends === entity);
  const rows: Row[] = Object.entries(doc?.fields ?? {}).map(([name, def]) => ({ name, def }));
  const entityLabel = entity ? label(summaries.data?.get(entity)?.labels, entity) : '';

  const saved = (field: string) => {
    // Every screen built from this entity's metadata loads it again.
    modelChanged();
    extensions.reload();
    setEditing(undefined);
    setLastSaved({ entity: entity!, field });
    message.success(t('fields.saved'));
  };

  const remove = (row: Row) =>
    modal.confirm({
      title: t('fields.confirmRemove', { field: label(row.def.labels, row.name) }),
      content: t('fields.removeNote'),
      okText: t('record.delete'),
      okButtonProps: { danger: true },
      cancelText: t('shell.cancel'),
      onOk: async () => {
        const rest = Object.fromEntries(Object.entries(doc?.fields ?? {}).filter(([n]) => n !== row.name));
        try {
          if (Object.keys(rest).length || Object.keys(doc ?? {}).some((k) => k !== 'extends' && k !== 'fields' && k !== '$schema')) await putExtension(entity!, { ...doc!, fields: rest });
          else await deleteExtension(entity!);
          modelChanged();
          extensions.reload();
          setLastSaved(undefined);
          message.success(t('fields.removed'));
        } catch (e) {
          message.error(errorText(t, e));
        }
      },
    });

  return (
    <div className="admin-page" data-testid="custom-fields-page">
      <AdminPageHeader title={t('page.customFields')} intro={t('fields.intro')} onRefresh={extensions.reload} error={extensions.error ?? summaries.error} />
      <Card
        size="small"
        title={
          <Space wrap>
            <span>{t('fields.entity')}</span>
            <Select
              className="entity-picker"
              value={entity}
              onChange={(v) => (setPicked(v), setLastSaved(undefined))}
              showSearch={{ optionFilterProp: 'label' }}
              options={entities.map((e) => ({ value: e.name, label: label(e.labels, e.name) }))}
              data-testid="fields-entity"
              popupMatchSelectWidth={false}
            />
            {meta.data && <Typography.Text type="secondary">{t('fields.entityFacts', { count: meta.data.fields.length })}</Typography.Text>}
          </Space>
        }
        extra={
          <Space wrap>
            {entity && (
              <Button icon={<UnorderedListOutlined />} onClick={() => tabs.open({ kind: 'list', entity })}>
                {t('fields.openList', { entity: entityLabel })}
              </Button>
            )}
            <Button type="primary" icon={<PlusOutlined />} disabled={!meta.data} onClick={() => setEditing({})} data-testid="fields-add">
              {t('fields.add')}
            </Button>
          </Space>
        }
      >
        {lastSaved && lastSaved.entity === entity && (
          <Alert
            type="success"
            showIcon
            closable={{ onClose: () => setLastSaved(undefined) }}
            className="admin-alert"
            data-testid="fields-saved"
            title={t('fields.liveNow', { entity: entityLabel })}
            action={
              <Space>
                <Button size="small" onClick={() => tabs.open({ kind: 'list', entity })}>
                  {t('fields.openList', { entity: entityLabel })}
                </Button>
                <Button size="small" type="primary" ghost onClick={() => tabs.openNew(entity!)} data-testid="fields-open-new">
                  {t('record.newTitle', { entity: entityLabel })}
                </Button>
              </Space>
            }
          />
        )}
        <Table<Row>
          size="small"
          rowKey="name"
          loading={extensions.loading}
          dataSource={rows}
          pagination={false}
          tableLayout="fixed"
          onRow={(r) => ({ 'data-testid': `field-${r.name}` }) as HTMLAttributes<HTMLElement>}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('fields.none', { entity: entityLabel })} /> }}
          columns={[
            { key: 'name', title: t('fields.name'), width: 170, render: (_: unknown, r: Row) => <Typography.Text code>{r.name}</Typography.Text> },
            {
              key: 'labels',
              title: t('fields.labels'),
              render: (_: unknown, r: Row) => (
                <span>
                  {r.def.labels['zh-CN']}
                  <Typography.Text type="secondary" className="field-label-en">
                    {r.def.labels.en}
                  </Typography.Text>
                </span>
              ),
            },
            { key: 'type', title: t('fields.type'), width: 100, render: (_: unknown, r: Row) => t(`fieldType.${r.def.type}` as MessageKey) },
            { key: 'required', title: t('fields.required'), width: 64, render: (_: unknown, r: Row) => (r.def.required ? t('value.yes') : t('value.no')) },
            { key: 'default', title: t('fields.default'), width: 120, ellipsis: true, render: (_: unknown, r: Row) => formatDefault(r.def, t, label) || <span className="value-empty">{t('value.empty')}</span> },
            {
              key: 'options',
              title: t('fields.optionsOrTarget'),
              render: (_: unknown, r: Row) =>
                r.def.type === 'ref' && r.def.target ? (
                  <span>{t('fields.refTo', { entity: label(summaries.data?.get(r.def.target)?.labels, r.def.target) })}</span>
                ) : r.def.options?.length ? (
                  <span className="tag-list">
                    {r.def.options.map((o) => (
                      <Tag key={o.code} color={tagColor(o.color)} bordered={false} className="enum-tag">
                        {label(o.labels, o.code)}
                      </Tag>
                    ))}
                  </span>
                ) : (
                  <span className="value-empty">{t('value.empty')}</span>
                ),
            },
            {
              key: 'actions',
              title: '',
              width: 150,
              render: (_: unknown, r: Row) => (
                <Space size={0}>
                  <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ name: r.name })} data-testid="field-edit">
                    {t('fields.edit')}
                  </Button>
                  <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => remove(r)} data-testid="field-remove">
                    {t('record.delete')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {editing && entity && meta.data && (
        <FieldEditor entity={entity} entityLabel={entityLabel} meta={meta.data} doc={doc} targets={entities} name={editing.name} onClose={() => setEditing(undefined)} onSaved={saved} />
      )}
    </div>
  );
}
