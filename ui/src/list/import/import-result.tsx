// The last step of the import wizard: what happened (read, created, updated, skipped as duplicates, rejected), every
// rejected row with its reason, and the rejected rows as a file to fix and import again.
import { Alert, Button, Statistic, Space, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { ImportSummary } from '../../api/import-api';
import { saveFile } from '../../common/save-file';
import { useI18n } from '../../i18n/i18n-context';

export function ImportResult({ summary }: { summary: ImportSummary }) {
  const { t } = useI18n();
  const download = () => {
    const file = summary.error_file!;
    const bytes = Uint8Array.from(atob(file.content_base64), (c) => c.charCodeAt(0));
    saveFile(new Blob([bytes]), file.name);
  };
  const stats: [string, number][] = [
    [t('import.read'), summary.read],
    [summary.dryRun ? t('import.wouldCreate') : t('import.created'), summary.created],
    [summary.dryRun ? t('import.wouldUpdate') : t('import.updated'), summary.updated],
    [t('import.skipped'), summary.skipped],
    [t('import.rejected'), summary.rejected],
  ];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="import-result">
      <Alert
        type={summary.rejected ? 'warning' : 'success'}
        showIcon
        title={summary.dryRun ? t('import.dryRunDone') : summary.rejected ? t('import.doneWithRejects') : t('import.done')}
      />
      <Space size="large" wrap>
        {stats.map(([title, value]) => (
          <Statistic key={title} title={title} value={value} />
        ))}
      </Space>
      {summary.errors.length > 0 && (
        <>
          <Table
            size="small"
            rowKey={(e) => `${e.row}:${e.column ?? ''}:${e.message}`}
            pagination={{ pageSize: 8, hideOnSinglePage: true }}
            dataSource={summary.errors}
            columns={[
              { title: t('import.row'), dataIndex: 'row', width: 70 },
              { title: t('import.column'), dataIndex: 'column', width: 140 },
              { title: t('import.reason'), dataIndex: 'message' },
            ]}
            data-testid="import-errors"
          />
          {summary.error_file && (
            <Button icon={<DownloadOutlined />} onClick={download} data-testid="import-error-file">
              {t('import.errorFile')}
            </Button>
          )}
        </>
      )}
    </Space>
  );
}
