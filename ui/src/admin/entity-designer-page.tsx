// 实体设计: every entity (core, plugin, the admin's own) with all its fields. Pick an entity; add a field, edit the
// admin's own fields, change a built-in field through the admin layer's override (labels, options, required,
// default), archive the admin's own fields (data kept) and restore them; create a new entity. Each save shows the
// schema plan from a dry run first, then applies; the change is live at once (open forms and lists load again).
import { useMemo, useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined, InboxOutlined, PlusOutlined, RollbackOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { fetchAdminDocuments, fetchExtensions, putAdminDocument, putExtension, type CustomFieldDef, type ExtensionDoc, type PlannedStep } from '../api/admin-api';
import { modelChanged } from '../api/meta-api';
import { errorText } from '../common/error-text';
import { tagColor } from '../common/enum-tag';
import { useAsync } from '../common/use-async';
import { useEntityMeta, useEntitySummaries } from '../common/use-meta';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-CN';
import { useTabs } from '../shell/tabs-context';
import { AdminPageHeader } from './admin-page-header';
import { designerRows, type DesignerRow } from './designer-rows';
import { EntityCreateDialog } from './entity-create-dialog';
import { EntityRulesCard } from './entity-rules-card';
import { FieldEditor } from './field-editor';
import { saveWithPlan } from './schema-plan-dialog';

type AdminEntityDoc = { name: string; fields: Record<string, CustomFieldDef> };

export function EntityDesignerPage() {
  const { t, label, locale } = useI18n();
  const { modal, message } = App.useApp();
  const tabs = useTabs();
  const summaries = useEntitySummaries();
  const extensions = useAsync(() => fetchExtensions(), []);
  const adminEntities = useAsync(() => fetchAdminDocuments<AdminEntityDoc>('entities'), []);
  const [picked, setPicked] = useState<string>();
  const [editing, setEditing] = useState<{ row?: DesignerRow }>();
  const [creating, setCreating] = useState(false);
  const [lastSaved, setLastSaved] = useState<{ entity: string; field: string }>();

  const entities = useMemo(() => [...(summaries.data?.values() ?? [])].sort((a, b) => label(a.labels, a.name).localeCompare(label(b.labels, b.name), locale)), [summaries.data, label, locale]);
  const entity = picked ?? (summaries.data?.has('customer') ? 'customer' : entities[0]?.name);
  const meta = useEntityMeta(entity ?? '');
  const doc: ExtensionDoc | undefined = extensions.data?.find((d) => d.extends === entity);
  const adminEntity = adminEntities.data?.find((d) => d.name === entity)?.doc;
  const rows = meta.data ? designerRows(meta.data, doc, adminEntity) : [];
  const entityLabel = entity ? label(summaries.data?.get(entity)?.labels, entity) : '';
  const subject = (step: PlannedStep) => {
    const e = label(summaries.data?.get(step.table)?.labels, step.table);
    const f = step.column && step.table === entity ? rows.find((r) => r.name === step.column) : undefined;
    return step.column ? `${e} · ${f ? label(f.labels, f.name) : step.column}` : e;
  };

  const reload = () => {
    // Every screen built from this entity's metadata loads it again.
    modelChanged();
    extensions.reload();
    adminEntities.reload();
  };
  const saved = (field: string) => {
    reload();
    setEditing(undefined);
    setLastSaved({ entity: entity!, field });
    message.success(t('fields.saved'));
  };

  /** Archives (true) or restores (false) one of the admin's fields: its name joins or leaves the archived list. */
  const setArchived = async (row: DesignerRow, archive: boolean) => {
    const list = ((doc?.archived as string[] | undefined) ?? []).filter((n) => n !== row.name);
    const { archived: _old, ...rest } = doc ?? { extends: entity! };
    const next: ExtensionDoc = { ...rest, extends: entity!, ...(archive ? { archived: [...list, row.name] } : list.length ? { archived: list } : {}) };
    try {
      if (await saveWithPlan(modal, t, () => putAdminDocument('extensions', entity!, next, true), () => putExtension(entity!, next), subject)) {
        reload();
        setLastSaved(undefined);
        message.success(t(archive ? 'designer.archivedDone' : 'designer.restoredDone'));
      }
    } catch (e) {
      message.error(errorText(t, e));
    }
  };
  const archive = (row: DesignerRow) =>
    modal.confirm({
      title: t('designer.confirmArchive', { field: label(row.labels, row.name) }),
      content: t('designer.archiveNote'),
      okText: t('designer.archive'),
      cancelText: t('shell.cancel'),
      onOk: () => void setArchived(row, true),
    });

  return (
    <div className="admin-page" data-testid="custom-fields-page">
      <AdminPageHeader title={t('page.entityDesigner')} intro={t('designer.intro')} onRefresh={reload} error={extensions.error ?? summaries.error ?? adminEntities.error} />
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
            <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="entity-create">
              {t('designer.newEntity')}
            </Button>
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
        <Table<DesignerRow>
          size="small"
          rowKey="name"
          loading={extensions.loading || meta.loading}
          dataSource={rows}
          pagination={false}
          tableLayout="fixed"
          rowClassName={(r) => (r.origin === 'archived' ? 'row-archived' : '')}
          onRow={(r) => ({ 'data-testid': `field-${r.name}` }) as HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'name', title: t('fields.name'), width: 170, render: (_: unknown, r: DesignerRow) => <Typography.Text code>{r.name}</Typography.Text> },
            {
              key: 'labels',
              title: t('fields.labels'),
              render: (_: unknown, r: DesignerRow) => (
                <span>
                  {r.labels['zh-CN']}
                  <Typography.Text type="secondary" className="field-label-en">
                    {r.labels.en}
                  </Typography.Text>
                </span>
              ),
            },
            { key: 'type', title: t('fields.type'), width: 100, render: (_: unknown, r: DesignerRow) => t(`fieldType.${r.type}` as MessageKey) },
            {
              key: 'origin',
              title: t('designer.origin'),
              width: 80,
              render: (_: unknown, r: DesignerRow) => (
                <Tag bordered={false} color={r.origin === 'admin' ? 'blue' : r.origin === 'archived' ? 'default' : 'geekblue'}>
                  {t(`designer.origin.${r.origin}`)}
                </Tag>
              ),
            },
            { key: 'required', title: t('fields.required'), width: 64, render: (_: unknown, r: DesignerRow) => (r.required ? t('value.yes') : t('value.no')) },
            {
              key: 'options',
              title: t('fields.optionsOrTarget'),
              render: (_: unknown, r: DesignerRow) =>
                r.type === 'ref' && r.target ? (
                  <span>{t('fields.refTo', { entity: label(summaries.data?.get(r.target)?.labels, r.target) })}</span>
                ) : r.options?.length ? (
                  <span className="tag-list">
                    {r.options.map((o) => (
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
              width: 160,
              render: (_: unknown, r: DesignerRow) =>
                r.origin === 'archived' ? (
                  <Button type="link" size="small" icon={<RollbackOutlined />} onClick={() => void setArchived(r, false)} data-testid="field-restore">
                    {t('designer.restoreField')}
                  </Button>
                ) : (
                  <Space size={0}>
                    <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ row: r })} data-testid="field-edit">
                      {t('fields.edit')}
                    </Button>
                    {r.archivable && (
                      <Button type="link" size="small" danger icon={<InboxOutlined />} onClick={() => archive(r)} data-testid="field-archive">
                        {t('designer.archive')}
                      </Button>
                    )}
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      {entity && meta.data && <EntityRulesCard entity={entity} entityLabel={entityLabel} meta={meta.data} doc={doc} subject={subject} onSaved={reload} />}
      {editing && entity && meta.data && (
        <FieldEditor
          entity={entity}
          entityLabel={entityLabel}
          meta={meta.data}
          doc={doc}
          targets={entities}
          name={editing.row?.name}
          builtin={editing.row && editing.row.origin === 'builtin' ? { field: editing.row.field!, default: meta.data.schema.properties?.[editing.row.name]?.default } : undefined}
          subject={subject}
          onClose={() => setEditing(undefined)}
          onSaved={saved}
        />
      )}
      {creating && (
        <EntityCreateDialog
          taken={new Set(entities.map((e) => e.name))}
          onClose={() => setCreating(false)}
          onCreated={(name) => {
            setCreating(false);
            reload();
            setPicked(name);
          }}
        />
      )}
    </div>
  );
}
