// Step 2 of the import wizard: which field each column fills (suggested from the headers, or a saved mapping),
// the de-duplication key, what to do with duplicates, and all-or-nothing versus valid rows only.
import { useState } from 'react';
import { Alert, Button, Form, Input, Radio, Select, Space, Table, Typography } from 'antd';
import type { ImportPreview } from '../../api/import-api';
import { useI18n } from '../../i18n/i18n-context';
import type { ColumnMapping } from './import-mappings';

export interface MappingChoice {
  columns: ColumnMapping;
  key: string[];
  onDuplicate: 'skip' | 'update' | 'create';
  mode: 'all' | 'valid';
}

interface Props {
  preview: ImportPreview;
  choice: MappingChoice;
  onChange(choice: MappingChoice): void;
  saved: string[];
  onUseSaved(name: string): void;
  onSave(name: string): void;
}

export function MappingStep({ preview, choice, onChange, saved, onUseSaved, onSave }: Props) {
  const { t, label } = useI18n();
  const [name, setName] = useState('');
  const fieldOptions = preview.fields.map((f) => ({ value: f.name, label: label(f.labels, f.name) }));
  const used = new Set(Object.values(choice.columns).filter(Boolean));
  const missing = preview.fields.filter((f) => f.required && !used.has(f.name));
  const set = (patch: Partial<MappingChoice>) => onChange({ ...choice, ...patch });
  const rows = preview.header.map((header, i) => ({ header, i }));
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="import-mapping">
      <Typography.Text type="secondary">{t('import.mappingHint', { total: preview.total })}</Typography.Text>
      <Space wrap>
        <Select
          style={{ minWidth: 200 }}
          placeholder={saved.length ? t('import.useSaved') : t('import.noSaved')}
          disabled={!saved.length}
          options={saved.map((s) => ({ value: s, label: s }))}
          onChange={onUseSaved}
          value={null}
        />
        <Input placeholder={t('import.mappingName')} value={name} onChange={(e) => setName(e.target.value)} style={{ width: 180 }} />
        <Button disabled={!name.trim()} onClick={() => (onSave(name.trim()), setName(''))}>
          {t('import.saveMapping')}
        </Button>
      </Space>
      <Table
        size="small"
        rowKey="i"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t('import.column'), dataIndex: 'header', width: 180 },
          { title: t('import.sample'), key: 'sample', ellipsis: true, render: (_, r) => preview.sample.map((s) => s[r.i]).filter(Boolean).slice(0, 2).join(' / ') },
          {
            title: t('import.field'),
            key: 'field',
            width: 220,
            render: (_, r) => (
              <Select
                style={{ width: '100%' }}
                allowClear
                placeholder={t('import.skipColumn')}
                options={fieldOptions.filter((o) => o.value === choice.columns[r.header] || !used.has(o.value))}
                value={choice.columns[r.header] ?? undefined}
                onChange={(v: string | undefined) => set({ columns: { ...choice.columns, [r.header]: v ?? null } })}
                data-testid={`import-field-${r.i}`}
              />
            ),
          },
        ]}
      />
      {missing.length > 0 && <Alert type="warning" showIcon title={t('import.requiredMissing', { fields: missing.map((f) => label(f.labels, f.name)).join(t('app.separator')) })} />}
      <Form layout="vertical">
        <Form.Item label={t('import.key')} extra={t('import.keyHint')}>
          <Select mode="multiple" allowClear options={fieldOptions} value={choice.key} onChange={(key: string[]) => set({ key })} data-testid="import-key" />
        </Form.Item>
        <Form.Item label={t('import.onDuplicate')}>
          <Radio.Group value={choice.onDuplicate} onChange={(e) => set({ onDuplicate: e.target.value })} disabled={!choice.key.length}>
            <Radio value="skip">{t('import.dupSkip')}</Radio>
            <Radio value="update">{t('import.dupUpdate')}</Radio>
            <Radio value="create">{t('import.dupCreate')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item label={t('import.mode')}>
          <Radio.Group value={choice.mode} onChange={(e) => set({ mode: e.target.value })}>
            <Radio value="valid">{t('import.modeValid')}</Radio>
            <Radio value="all">{t('import.modeAll')}</Radio>
          </Radio.Group>
        </Form.Item>
      </Form>
    </Space>
  );
}
