// The designed form as a chosen role would see it: fields the role may not see are left out, read-only ones are
// marked, and fields placed nowhere show in the 其他 section as on the real form. Rights are read from the role's
// permission document the way the server reads them (an unlisted field is writable; system fields are read-only).
import { Empty, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { listRecords } from '../api/records-api';
import type { FieldMeta, FieldRight, FormTab } from '../api/types';
import { useAsync } from '../common/use-async';
import { useI18n } from '../i18n/i18n-context';

interface RolePermissions {
  entities?: Record<string, { read?: unknown; fields?: Record<string, FieldRight> }>;
}

interface Props {
  entity: string;
  entityLabel: string;
  tabs: FormTab[];
  fields: FieldMeta[];
  unplaced: string[];
}

export function FormPreview({ entity, entityLabel, tabs, fields, unplaced }: Props) {
  const { t, label } = useI18n();
  const roles = useAsync(() => listRecords('role', { limit: 200 }), []);
  const [roleId, setRoleId] = useState<string>();
  const role = roles.data?.data.find((r) => r.id === roleId);
  const grant = (role?.permissions as RolePermissions | undefined)?.entities?.[entity];
  const byName = new Map(fields.map((f) => [f.name, f]));
  const rightOf = (name: string): FieldRight => (!role ? 'write' : !grant?.read ? 'hidden' : byName.get(name)?.system ? 'read' : (grant.fields?.[name] ?? 'write'));
  const shown = [...tabs];
  if (unplaced.length) shown.push({ id: '__other', labels: { 'zh-CN': t('form.other'), en: t('form.other') }, sections: [{ id: '__other', columns: 2, fields: unplaced }] });
  return (
    <div className="designer-preview" data-testid="form-preview">
      <Space className="designer-toolbar">
        <span>{t('form.previewAs')}</span>
        <Select
          allowClear
          style={{ minWidth: 200 }}
          placeholder={t('form.previewRole')}
          value={roleId}
          onChange={setRoleId}
          options={(roles.data?.data ?? []).map((r) => ({ value: r.id, label: String(r.name ?? r.code) }))}
          data-testid="preview-role"
        />
      </Space>
      {role && !grant?.read ? (
        <Empty description={t('form.previewNoRead', { entity: entityLabel })} />
      ) : (
        <Tabs
          items={shown.map((tab) => ({
            key: tab.id,
            label: label(tab.labels, tab.id),
            children: tab.sections.map((s) => {
              const visible = s.fields.filter((f) => rightOf(f) !== 'hidden');
              if (!visible.length) return null;
              return (
                <div key={s.id} className="designer-preview-section">
                  <Typography.Text strong>{label(s.labels, '')}</Typography.Text>
                  {s.visibleWhen !== undefined && <Tag>{t('form.conditionSet')}</Tag>}
                  <div className="designer-preview-grid" style={{ gridTemplateColumns: `repeat(${s.columns ?? 2}, minmax(0, 1fr))` }}>
                    {visible.map((f) => (
                      <div key={f} className="designer-preview-field">
                        {label(byName.get(f)?.labels, f)}
                        {rightOf(f) === 'read' && <Tag className="designer-readonly">{t('form.readOnly')}</Tag>}
                      </div>
                    ))}
                  </div>
                </div>
              );
            }),
          }))}
        />
      )}
    </div>
  );
}
