// 配置导入导出: the configuration (admin fields, entities, forms, menus, flows, roles) downloaded as one bundle file,
// and a bundle from another system imported plan first: every file with 新建 / 替换 / 不变 and the schema steps, then
// applied in one transaction. A refused bundle lists each problem with its file and JSON pointer; nothing changed.
import { useState } from 'react';
import { Alert, App, Button, Card, Space, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError } from '../api/client';
import { downloadConfigBundle, importConfigBundle, type ConfigAction, type ConfigImportResult } from '../api/config-bundle-api';
import { fetchEntitySummaries, modelChanged } from '../api/meta-api';
import type { ErrorDetail, Labels } from '../api/types';
import { useSession } from '../auth/session-context';
import { errorText } from '../common/error-text';
import { saveFile } from '../common/save-file';
import { useAsync } from '../common/use-async';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-CN';
import { AdminPageHeader } from './admin-page-header';
import { ProblemList } from './problem-list';

const ACTION_COLOR: Record<ConfigAction, string> = { create: 'green', replace: 'orange', unchanged: 'default' };
const IMPACT_COLOR: Record<string, string> = { instant: 'green', scan: 'gold', rewrite: 'orange', refused: 'red' };

interface Chosen {
  name: string;
  bundle: unknown;
}

export function ConfigBundlePage() {
  const { t, locale, label } = useI18n();
  const { message } = App.useApp();
  const entities = useAsync(fetchEntitySummaries, []);
  // A document is named by its own labels (roles, entities, flows), else by the entity it belongs to (forms).
  const shownName = (d: ConfigImportResult['documents'][number]): string => {
    const own = (chosen?.bundle as Record<string, { labels?: Labels } | undefined> | undefined)?.[d.file]?.labels;
    return label(own ?? entities.data?.get(d.name)?.labels, d.name);
  };
  const session = useSession();
  const [exporting, setExporting] = useState(false);
  const [chosen, setChosen] = useState<Chosen>();
  const [plan, setPlan] = useState<ConfigImportResult>();
  const [problems, setProblems] = useState<ErrorDetail[]>([]);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const download = async () => {
    setExporting(true);
    try {
      const { blob, filename } = await downloadConfigBundle();
      saveFile(blob, filename);
      message.success(t('configBundle.exported', { file: filename }));
    } catch (e) {
      message.error(errorText(t, e));
    } finally {
      setExporting(false);
    }
  };

  const show = (e: unknown) => {
    if (e instanceof ApiError && e.details.length) setProblems(e.details);
    else setFailure(e);
  };

  const choose = async (file: File) => {
    setPlan(undefined);
    setProblems([]);
    setFailure(undefined);
    let bundle: unknown;
    try {
      bundle = JSON.parse(await file.text());
    } catch {
      setChosen(undefined);
      setFailure(new Error(t('configBundle.notJson', { file: file.name })));
      return;
    }
    setChosen({ name: file.name, bundle });
    setBusy(true);
    try {
      setPlan(await importConfigBundle(bundle, true));
    } catch (e) {
      show(e);
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    if (!chosen) return;
    setBusy(true);
    try {
      const result = await importConfigBundle(chosen.bundle, false);
      // Menus, entities, forms, flows and my own rights may all have changed.
      modelChanged();
      await session.refresh().catch(() => undefined);
      setPlan(undefined);
      setChosen(undefined);
      message.success(t('configBundle.applied', { count: result.documents.filter((d) => d.action !== 'unchanged').length }));
    } catch (e) {
      show(e);
    } finally {
      setBusy(false);
    }
  };

  const changes = plan?.documents.filter((d) => d.action !== 'unchanged').length ?? 0;
  return (
    <div className="admin-page" data-testid="config-bundle-page">
      <AdminPageHeader title={t('page.configBundle')} intro={t('configBundle.intro')} onRefresh={() => setPlan(undefined)} />
      <Card size="small" title={t('configBundle.export.title')} style={{ marginBottom: 12 }}>
        <Space direction="vertical">
          <Typography.Text type="secondary">{t('configBundle.export.intro')}</Typography.Text>
          <Button type="primary" icon={<DownloadOutlined />} loading={exporting} onClick={() => void download()} data-testid="config-export">
            {t('configBundle.export.button')}
          </Button>
        </Space>
      </Card>
      <Card size="small" title={t('configBundle.import.title')} style={{ marginBottom: 12 }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('configBundle.import.intro')}</Typography.Text>
          <Upload accept=".json,application/json" showUploadList={false} beforeUpload={(f) => (void choose(f), false)}>
            <Button icon={<UploadOutlined />} loading={busy && !plan} data-testid="config-choose">
              {chosen ? t('configBundle.import.chooseAgain', { file: chosen.name }) : t('configBundle.import.choose')}
            </Button>
          </Upload>
          {failure !== undefined && <Alert type="error" showIcon title={errorText(t, failure)} />}
          {problems.length > 0 && (
            <Alert type="error" showIcon title={t('configBundle.refused', { count: problems.length })} description={<ProblemList problems={problems} testId="config-problems" />} />
          )}
          {plan && (
            <div data-testid="config-plan">
              {plan.manifest.description && <Typography.Paragraph type="secondary">{plan.manifest.description[locale] ?? plan.manifest.description['zh-CN']}</Typography.Paragraph>}
              <Table
                size="small"
                rowKey="file"
                pagination={false}
                dataSource={plan.documents}
                columns={[
                  { key: 'kind', title: t('configBundle.col.kind'), width: 120, render: (_: unknown, d) => t(`configBundle.kind.${d.kind}` as MessageKey) },
                  {
                    key: 'name',
                    title: t('configBundle.col.name'),
                    render: (_: unknown, d) => (
                      <Space size={6}>
                        {shownName(d)}
                        {shownName(d) !== d.name && <Typography.Text type="secondary">{d.name}</Typography.Text>}
                      </Space>
                    ),
                  },
                  { key: 'file', title: t('configBundle.col.file'), render: (_: unknown, d) => <Typography.Text type="secondary" code>{d.file}</Typography.Text> },
                  {
                    key: 'action',
                    title: t('configBundle.col.action'),
                    width: 100,
                    render: (_: unknown, d) => (
                      <Tag bordered={false} color={ACTION_COLOR[d.action]} data-testid={`config-action-${d.file}`}>
                        {t(`configBundle.action.${d.action}` as MessageKey)}
                      </Tag>
                    ),
                  },
                ]}
              />
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('configBundle.schemaSteps')}
              </Typography.Title>
              {plan.plan.steps.length ? (
                <ul className="plan-steps" data-testid="schema-plan">
                  {plan.plan.steps.map((s, i) => (
                    <li key={i}>
                      <Tag color={IMPACT_COLOR[s.impact]} bordered={false}>
                        {t(`designer.impact.${s.impact}` as MessageKey)}
                      </Tag>
                      <span>{t(`designer.action.${s.action}` as MessageKey)}</span>
                      <Typography.Text type="secondary" className="plan-subject">
                        {[s.table, s.column].filter(Boolean).join('.')}
                      </Typography.Text>
                    </li>
                  ))}
                </ul>
              ) : (
                <Typography.Paragraph type="secondary">{t('designer.plan.none')}</Typography.Paragraph>
              )}
              <Space>
                <Button type="primary" loading={busy} disabled={!changes || plan.plan.refused} onClick={() => void apply()} data-testid="config-apply">
                  {changes ? t('configBundle.apply', { count: changes }) : t('configBundle.nothingToDo')}
                </Button>
                <Button onClick={() => setPlan(undefined)}>{t('shell.cancel')}</Button>
              </Space>
            </div>
          )}
        </Space>
      </Card>
    </div>
  );
}
