// 选型模版管理: an administrator edits a configurator template as tables (segments with their options, parameters,
// rules, quantity tiers), imports a selection table (CSV / XLSX) into its segments, and saves the whole document
// (PUT /api/configurator/templates/:code): the server checks it whole and its problems show on the cells their JSON
// pointers name, and in a list.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, Form, Input, Row, Select, Space, Upload } from 'antd';
import { PlusOutlined, SaveOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError } from '../api/client';
import { fetchTemplate, importTable, putTemplate, type TemplateDocument, type TemplateRule } from '../api/configurator-api';
import { listRecords } from '../api/records-api';
import type { ErrorDetail } from '../api/types';
import { AdminPageHeader } from '../admin/admin-page-header';
import { ProblemList } from '../admin/problem-list';
import { useMe } from '../auth/session-context';
import { can } from '../auth/permissions';
import { errorText } from '../common/error-text';
import { useAsync } from '../common/use-async';
import { useI18n } from '../i18n/i18n-context';
import { EditableGrid, type Row as GridRow } from './editable-grid';
import { templateColumns } from './template-columns';
import { TemplateRuleCondition } from './template-rule-condition';
import { TemplateTestBox } from './template-test-box';

const L = { 'zh-CN': '', en: '' };
const blank = (code: string): TemplateDocument => ({ code, labels: { ...L }, base_price: '0', currency: 'CNY', segments: [] });

export function TemplateEditorPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const templates = useAsync(() => listRecords('configurator_template', { fields: ['id', 'code', 'name'], sort: 'code', limit: 200 }), []);
  const [code, setCode] = useState<string>();
  const [newCode, setNewCode] = useState('');
  const [doc, setDoc] = useState<TemplateDocument>();
  const [problems, setProblems] = useState<ErrorDetail[]>([]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const list = templates.data?.data ?? [];
  const current = code ?? (list[0]?.code as string | undefined);
  const stored = useAsync(() => (current && list.some((r) => r.code === current) ? fetchTemplate(current) : Promise.resolve(undefined)), [current, templates.data]);
  useEffect(() => {
    if (stored.data) setDoc(stored.data);
    setProblems([]);
  }, [stored.data]);
  const writable = can(me, 'configurator_template', 'update') || can(me, 'configurator_template', 'create');
  const at = new Map(problems.map((p) => [p.path ?? '', p.message]));
  const cols = templateColumns(t, doc);

  const failed = (e: unknown) => {
    setError(e instanceof ApiError && e.status === 422 ? undefined : e);
    setProblems(e instanceof ApiError && e.status === 422 ? e.details : []);
  };
  const save = async () => {
    if (!doc) return;
    setBusy(true);
    setError(undefined);
    try {
      const saved = await putTemplate(doc.code, doc);
      setDoc(saved);
      setProblems([]);
      message.success(t('cfged.saved', { version: saved.version ?? '' }));
      if (!list.some((r) => r.code === saved.code)) templates.reload();
    } catch (e) {
      failed(e);
    } finally {
      setBusy(false);
    }
  };
  const upload = async (file: File) => {
    if (!doc) return;
    setBusy(true);
    try {
      setDoc(await importTable(doc.code, file));
      setProblems([]);
      message.success(t('cfged.imported'));
    } catch (e) {
      failed(e);
    } finally {
      setBusy(false);
    }
  };
  const set = (patch: Partial<TemplateDocument>) => setDoc((d) => (d ? { ...d, ...patch } : d));
  const inStore = !!doc && list.some((r) => r.code === doc.code);

  return (
    <div className="admin-page cfg-editor" data-testid="cfg-editor">
      <AdminPageHeader title={t('page.configuratorTemplates')} intro={t('cfged.intro')} onRefresh={() => (templates.reload(), stored.reload())} error={templates.error ?? stored.error ?? error} />
      <Space wrap className="cfg-editor-bar">
        <Select className="cfg-series" value={doc?.code ?? current} placeholder={t('cfg.series')} onChange={(v: string) => setCode(v)} options={list.map((r) => ({ value: r.code as string, label: `${r.code as string} ${r.name as string}` }))} />
        {writable && (
          <Space.Compact>
            <Input placeholder={t('cfged.newCode')} value={newCode} onChange={(e) => setNewCode(e.target.value.trim())} aria-label={t('cfged.newCode')} />
            <Button icon={<PlusOutlined />} disabled={!newCode} onClick={() => (setDoc(blank(newCode)), setCode(newCode), setProblems([]), setNewCode(''))}>
              {t('cfged.create')}
            </Button>
          </Space.Compact>
        )}
        {writable && doc && (
          <Upload accept=".csv,.xlsx" showUploadList={false} beforeUpload={(f) => (void upload(f), false)} disabled={!inStore}>
            <Button icon={<UploadOutlined />} disabled={!inStore} title={inStore ? undefined : t('cfged.saveFirst')}>
              {t('cfged.import')}
            </Button>
          </Upload>
        )}
        {writable && doc && (
          <Button type="primary" icon={<SaveOutlined />} loading={busy} onClick={save} data-testid="cfg-editor-save">
            {t('record.save')}
          </Button>
        )}
      </Space>
      {problems.length > 0 && <Alert type="error" showIcon className="admin-alert" title={t('cfged.invalid')} description={<ProblemList problems={problems} testId="cfg-editor-problems" />} />}
      {!doc ? (
        !templates.loading && <Empty description={t('cfged.empty')} />
      ) : (
        <>
          <Card size="small" className="cfg-card" title={t('cfged.basics')}>
            <Form layout="vertical">
              <Row gutter={12}>
                <Col span={4}><Form.Item label={t('cfged.code')}><Input value={doc.code} disabled /></Form.Item></Col>
                <Col span={6}><Form.Item label={t('cfged.nameZh')} validateStatus={at.has('/labels/zh-CN') ? 'error' : undefined} help={at.get('/labels/zh-CN')}><Input value={doc.labels['zh-CN']} onChange={(e) => set({ labels: { ...doc.labels, 'zh-CN': e.target.value } })} /></Form.Item></Col>
                <Col span={6}><Form.Item label={t('cfged.nameEn')} validateStatus={at.has('/labels/en') ? 'error' : undefined} help={at.get('/labels/en')}><Input value={doc.labels.en} onChange={(e) => set({ labels: { ...doc.labels, en: e.target.value } })} /></Form.Item></Col>
                <Col span={3}><Form.Item label={t('cfged.basePrice')} validateStatus={at.has('/base_price') ? 'error' : undefined} help={at.get('/base_price')}><Input value={String(doc.base_price)} onChange={(e) => set({ base_price: e.target.value })} /></Form.Item></Col>
                <Col span={2}><Form.Item label={t('cfged.currency')}><Input value={doc.currency} onChange={(e) => set({ currency: e.target.value })} /></Form.Item></Col>
                <Col span={3}><Form.Item label={t('cfged.separator')}><Input value={doc.separator ?? ''} onChange={(e) => set({ separator: e.target.value || undefined })} /></Form.Item></Col>
              </Row>
            </Form>
          </Card>
          <Card size="small" className="cfg-card" title={t('cfged.segments')}>
            <EditableGrid
              testId="cfg-editor-segments"
              pointer="/segments"
              columns={cols.segment}
              rows={doc.segments as unknown as GridRow[]}
              onChange={(rows) => set({ segments: rows as unknown as TemplateDocument['segments'] })}
              problems={at}
              fresh={() => ({ code: '', labels: { ...L }, options: [] })}
              addLabel={t('cfged.addSegment')}
              expanded={(row, i) => (
                <EditableGrid
                  pointer={`/segments/${i}/options`}
                  columns={cols.option}
                  rows={(row.options as GridRow[] | undefined) ?? []}
                  onChange={(options) => set({ segments: doc.segments.map((s, j) => (j === i ? { ...s, options: options as unknown as typeof s.options } : s)) })}
                  problems={at}
                  fresh={() => ({ code: '', labels: { ...L } })}
                  addLabel={t('cfged.addOption')}
                />
              )}
            />
          </Card>
          <Card size="small" className="cfg-card" title={t('cfged.parameters')}>
            <EditableGrid pointer="/parameters" columns={cols.parameter} rows={(doc.parameters ?? []) as unknown as GridRow[]} onChange={(rows) => set({ parameters: rows as unknown as TemplateDocument['parameters'] })} problems={at} fresh={() => ({ code: '', labels: { ...L }, type: 'number' })} addLabel={t('cfged.addParameter')} />
          </Card>
          <Card size="small" className="cfg-card" title={t('cfged.rules')}>
            <EditableGrid
              testId="cfg-editor-rules"
              pointer="/rules"
              columns={cols.rule.map((c) => (c.key === 'when' ? { ...c, render: (row, i, setWhen, status) => <TemplateRuleCondition doc={doc} rule={row as Partial<TemplateRule>} index={i} status={status} onChange={setWhen} /> } : c))}
              rows={(doc.rules ?? []) as unknown as GridRow[]}
              onChange={(rows) => set({ rules: rows as unknown as TemplateDocument['rules'] })}
              problems={at}
              fresh={() => ({ code: '', kind: 'validation', when: {}, message: { ...L } })}
              addLabel={t('cfged.addRule')}
            />
          </Card>
          <Card size="small" className="cfg-card" title={t('cfged.tiers')} extra={<Select size="small" className="cfg-tier-mode" value={doc.tiers?.mode ?? 'range'} onChange={(mode) => set({ tiers: { mode, steps: doc.tiers?.steps ?? [] } })} options={[{ value: 'range', label: t('cfged.tierRange') }, { value: 'slab', label: t('cfged.tierSlab') }]} />}>
            <EditableGrid pointer="/tiers/steps" columns={cols.tier} rows={(doc.tiers?.steps ?? []) as unknown as GridRow[]} onChange={(rows) => set({ tiers: rows.length ? { mode: doc.tiers?.mode ?? 'range', steps: rows as unknown as NonNullable<TemplateDocument['tiers']>['steps'] } : undefined })} problems={at} fresh={() => ({ min: 1, percent: '0' })} addLabel={t('cfged.addTier')} />
          </Card>
          <TemplateTestBox doc={doc} onTemplateProblems={setProblems} />
        </>
      )}
      {error !== undefined && !(error instanceof ApiError) && <Alert type="error" showIcon title={errorText(t, error)} />}
    </div>
  );
}
