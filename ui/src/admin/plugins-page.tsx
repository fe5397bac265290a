// 插件管理: the industry plugins on the server's disk and what this company has installed (version, status,
// problems), with install / upgrade / uninstall / purge behind a confirmation that says what the plugin is (a purge
// also needs its name typed). The change is
// live on return: menus, entities and the signed-in user's rights are read again, no reload.
import { useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Card, Checkbox, Descriptions, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { fetchPlugins, purgePlugin, runPluginAction, type PluginAction, type PluginInfo } from '../api/admin-api';
import { ApiError } from '../api/client';
import { modelChanged } from '../api/meta-api';
import { useSession } from '../auth/session-context';
import { errorText } from '../common/error-text';
import { useAsync } from '../common/use-async';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-CN';
import { AdminPageHeader } from './admin-page-header';
import { ProblemList } from './problem-list';

/** a > b for plain x.y.z versions (pre-release tags compare as their numbers only). */
export function newerVersion(a: string, b: string): boolean {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) > (pb[i] ?? 0);
  return false;
}

function actionsFor(p: PluginInfo): PluginAction[] {
  const out: PluginAction[] = [];
  const active = p.installed?.status === 'installed';
  if (!active && p.available) out.push('install');
  if (active && p.available && newerVersion(p.available, p.installed!.version)) out.push('upgrade');
  if (active) out.push('uninstall');
  if (p.installed?.status === 'disabled') out.push('purge');
  return out;
}

/** Actions that take something away: shown as danger buttons, never blocked by the bundle's problems. */
const DESTRUCTIVE = new Set<PluginAction>(['uninstall', 'purge']);

interface Pending {
  plugin: PluginInfo;
  action: PluginAction;
}

export function PluginsPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const session = useSession();
  const plugins = useAsync(() => fetchPlugins(), []);
  const [pending, setPending] = useState<Pending>();
  const [grantCore, setGrantCore] = useState(false);
  const [typedName, setTypedName] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | Error>();

  const ask = (plugin: PluginInfo, action: PluginAction) => {
    setPending({ plugin, action });
    setGrantCore(plugin.installed?.coreGrants ?? false);
    setTypedName('');
    setFailure(undefined);
  };

  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const name = label(pending.plugin.labels, pending.plugin.name);
      if (pending.action === 'purge') {
        const result = await purgePlugin(pending.plugin.name, typedName);
        message.success(t('plugins.done.purge', { name, backup: result.backup }), 8);
      } else {
        const result = await runPluginAction(pending.plugin.name, pending.action, grantCore);
        // Menus, entities, roles and my rights may all have changed.
        modelChanged();
        await session.refresh().catch(() => undefined);
        const changes = result.plan.steps.filter((s) => s.impact !== 'none').length;
        message.success(t(`plugins.done.${pending.action}` as MessageKey, { name, version: result.version, changes }));
      }
      setPending(undefined);
      plugins.reload();
    } catch (e) {
      setFailure(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };

  const status = (p: PluginInfo) => {
    if (!p.installed) return <Tag bordered={false}>{t('plugins.status.notInstalled')}</Tag>;
    if (p.installed.status === 'disabled') return <Tag bordered={false} color="default">{t('plugins.status.disabled')}</Tag>;
    return (
      <Tag bordered={false} color="green">
        {t('plugins.status.installed', { version: p.installed.version })}
      </Tag>
    );
  };

  const p = pending?.plugin;
  const action = pending?.action;
  return (
    <div className="admin-page" data-testid="plugins-page">
      <AdminPageHeader title={t('page.plugins')} intro={t('plugins.intro')} onRefresh={plugins.reload} error={plugins.error} />
      <Card size="small">
        <Table<PluginInfo>
          size="small"
          rowKey="name"
          loading={plugins.loading}
          dataSource={plugins.data ?? []}
          pagination={false}
          tableLayout="fixed"
          locale={{ emptyText: t('plugins.none') }}
          onRow={(r) => ({ 'data-testid': `plugin-${r.name}` }) as HTMLAttributes<HTMLElement>}
          columns={[
            {
              key: 'plugin',
              title: t('plugins.col.plugin'),
              render: (_: unknown, r: PluginInfo) => (
                <div className="plugin-cell">
                  <Space size={6} wrap>
                    <Typography.Text strong>{label(r.labels, r.name)}</Typography.Text>
                    <Typography.Text type="secondary" code>
                      {r.name}
                    </Typography.Text>
                  </Space>
                  {r.description && (
                    <Typography.Paragraph type="secondary" className="plugin-description" ellipsis={{ rows: 2, tooltip: label(r.description) }}>
                      {label(r.description)}
                    </Typography.Paragraph>
                  )}
                </div>
              ),
            },
            { key: 'available', title: t('plugins.col.available'), width: 84, render: (_: unknown, r: PluginInfo) => r.available ?? <span className="value-empty">{t('value.empty')}</span> },
            {
              key: 'status',
              title: t('plugins.col.status'),
              width: 140,
              render: (_: unknown, r: PluginInfo) => (
                <Space orientation="vertical" size={2}>
                  {status(r)}
                  {r.installed?.coreGrants && (
                    <Tag bordered={false} color="gold">
                      {t('plugins.coreGranted')}
                    </Tag>
                  )}
                </Space>
              ),
            },
            {
              key: 'dependencies',
              title: t('plugins.col.dependencies'),
              width: 140,
              render: (_: unknown, r: PluginInfo) =>
                r.dependencies && Object.keys(r.dependencies).length ? (
                  Object.entries(r.dependencies).map(([name, range]) => (
                    <div key={name}>
                      <Typography.Text code>{name}</Typography.Text> {range}
                    </div>
                  ))
                ) : (
                  <span className="value-empty">{t('value.empty')}</span>
                ),
            },
            {
              key: 'problems',
              title: t('plugins.col.problems'),
              width: 220,
              render: (_: unknown, r: PluginInfo) =>
                r.problems.length ? (
                  <div className="plugin-problems">
                    <Typography.Text type="danger">{t('plugins.problemCount', { count: r.problems.length })}</Typography.Text>
                    <ProblemList problems={r.problems} />
                  </div>
                ) : (
                  <Typography.Text type="secondary">{t('plugins.noProblems')}</Typography.Text>
                ),
            },
            {
              key: 'actions',
              title: t('plugins.col.actions'),
              width: 150,
              render: (_: unknown, r: PluginInfo) => (
                <Space size={4} wrap>
                  {actionsFor(r).map((a) => (
                    <Button key={a} size="small" type={DESTRUCTIVE.has(a) ? 'default' : 'primary'} danger={DESTRUCTIVE.has(a)} ghost={!DESTRUCTIVE.has(a)} disabled={!DESTRUCTIVE.has(a) && r.problems.length > 0} onClick={() => ask(r, a)} data-testid={`plugin-${a}`}>
                      {t(`plugins.action.${a}` as MessageKey)}
                    </Button>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Modal
        open={!!pending}
        title={p && action ? t(`plugins.confirm.${action}` as MessageKey, { name: label(p.labels, p.name) }) : undefined}
        onCancel={() => !busy && setPending(undefined)}
        onOk={() => void confirm()}
        okText={action ? t(`plugins.action.${action}` as MessageKey) : undefined}
        okButtonProps={{ loading: busy, danger: !!action && DESTRUCTIVE.has(action), disabled: action === 'purge' && typedName !== p?.name, 'data-testid': 'plugin-confirm' } as never}
        cancelText={t('shell.cancel')}
        width={620}
        destroyOnHidden
      >
        {p && action && (
          <div className="plugin-confirm" data-testid="plugin-dialog">
            <Descriptions size="small" column={1} bordered className="plugin-facts">
              <Descriptions.Item label={t('plugins.col.plugin')}>
                <Typography.Text strong>{label(p.labels, p.name)}</Typography.Text> <Typography.Text code>{p.name}</Typography.Text>
              </Descriptions.Item>
              {p.description && <Descriptions.Item label={t('plugins.description')}>{label(p.description)}</Descriptions.Item>}
              <Descriptions.Item label={t('plugins.version')}>
                {action === 'upgrade' ? t('plugins.versionChange', { from: p.installed?.version ?? '', to: p.available ?? '' }) : action === 'uninstall' || action === 'purge' ? p.installed?.version : p.available}
              </Descriptions.Item>
              {p.dependencies && Object.keys(p.dependencies).length > 0 && (
                <Descriptions.Item label={t('plugins.col.dependencies')}>
                  {Object.entries(p.dependencies)
                    .map(([name, range]) => `${name} ${range}`)
                    .join(t('app.separator'))}
                </Descriptions.Item>
              )}
            </Descriptions>
            {action === 'purge' ? (
              <>
                <Alert type="error" showIcon className="plugin-note" title={t('plugins.purgeNote')} />
                <Typography.Paragraph className="purge-confirm-label">{t('plugins.purgeType', { name: p.name })}</Typography.Paragraph>
                <Input value={typedName} onChange={(e) => setTypedName(e.target.value)} placeholder={p.name} autoComplete="off" data-testid="plugin-purge-name" />
              </>
            ) : action === 'uninstall' ? (
              <Alert type="warning" showIcon className="plugin-note" title={t('plugins.uninstallNote')} />
            ) : (
              <div className="grant-core">
                <Checkbox checked={grantCore} onChange={(e) => setGrantCore(e.target.checked)} data-testid="plugin-grant-core">
                  {t('plugins.grantCore')}
                </Checkbox>
                <Typography.Paragraph type="secondary" className="grant-core-help">
                  {t('plugins.grantCoreHelp')}
                </Typography.Paragraph>
              </div>
            )}
            {action === 'install' && !p.installed && <Typography.Paragraph type="secondary">{t('plugins.installNote')}</Typography.Paragraph>}
            {action === 'install' && p.installed?.status === 'disabled' && <Typography.Paragraph type="secondary">{t('plugins.reinstallNote')}</Typography.Paragraph>}
            {failure && (
              <Alert
                type="error"
                showIcon
                className="plugin-failure"
                data-testid="plugin-failure"
                title={errorText(t, failure)}
                description={
                  <>
                    {failure.message && <div className="server-message">{failure.message}</div>}
                    {failure instanceof ApiError && <ProblemList problems={failure.details} />}
                  </>
                }
              />
            )}
          </div>
        )}
      </Modal>
    </div>
  );
}
