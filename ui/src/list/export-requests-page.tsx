// 导出申请: my exports above the approval threshold, each with its status (labels from the export_request entity's
// metadata; the server answers 已过期 once a request is past its period) and, once approved, a 下载 button; the server
// checks requester, state and period again.
import { useState } from 'react';
import { Alert, App, Button, Empty, Table, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { downloadExportRequest, listExportRequests, type ExportRequest } from '../api/export-requests-api';
import { EnumTag } from '../common/enum-tag';
import { errorText } from '../common/error-text';
import { saveFile } from '../common/save-file';
import { useAsync } from '../common/use-async';
import { useEntityMeta } from '../common/use-meta';
import { formatDateTime } from '../i18n/format';
import { useI18n } from '../i18n/i18n-context';

export function ExportRequestsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const requests = useAsync(() => listExportRequests(), [locale]);
  const meta = useEntityMeta('export_request');
  const [busy, setBusy] = useState<string>();
  const option = (field: string, code: string) => meta.data?.fields.find((f) => f.name === field)?.options?.find((o) => o.code === code);
  const download = async (row: ExportRequest) => {
    setBusy(row.id);
    try {
      const { blob, filename } = await downloadExportRequest(row.id);
      saveFile(blob, filename);
      message.success(t('exportApproval.downloaded', { file: filename }));
      requests.reload();
    } catch (e) {
      message.error(errorText(t, e));
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <div className="admin-page" data-testid="export-requests-page">
      <div className="admin-page-header">
        <div>
          <Typography.Title level={5}>{t('exportApproval.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('exportApproval.hint')}</Typography.Text>
        </div>
        <Button icon={<ReloadOutlined />} onClick={requests.reload}>
          {t('exportApproval.refresh')}
        </Button>
      </div>
      {requests.error !== undefined && <Alert type="error" showIcon title={errorText(t, requests.error)} />}
      <Table<ExportRequest>
        rowKey="id"
        size="middle"
        loading={requests.loading}
        dataSource={requests.data?.data ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('exportApproval.empty')} /> }}
        columns={[
          { key: 'title', title: t('exportApproval.col.title'), dataIndex: 'title' },
          { key: 'format', title: t('exportApproval.col.format'), render: (_, row) => <EnumTag option={option('format', row.format)} code={row.format} /> },
          { key: 'rows', title: t('exportApproval.col.rows'), align: 'right', render: (_, row) => row.row_count.toLocaleString('en-US') },
          {
            key: 'status',
            title: t('exportApproval.col.status'),
            render: (_, row) => (
              <span data-testid={`export-request-status-${row.id}`}>
                <EnumTag option={option('status', row.status)} code={row.status} />
                {row.downloaded_at && <Typography.Text type="secondary">{t('exportApproval.downloadedAt', { time: formatDateTime(row.downloaded_at) })}</Typography.Text>}
              </span>
            ),
          },
          { key: 'created', title: t('exportApproval.col.created'), render: (_, row) => formatDateTime(row.created_at) },
          { key: 'expires', title: t('exportApproval.col.expires'), render: (_, row) => formatDateTime(row.expires_at) },
          {
            key: 'download',
            title: '',
            render: (_, row) =>
              row.status === 'approved' ? (
                <Button type="primary" size="small" icon={<DownloadOutlined />} loading={busy === row.id} onClick={() => void download(row)} data-testid={`export-request-download-${row.id}`}>
                  {t('exportApproval.download')}
                </Button>
              ) : null,
          },
        ]}
      />
    </div>
  );
}
