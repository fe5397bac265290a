// 导出: the list as it stands (filter, quick search, sort, visible columns) as an Excel workbook (typed cells, frozen
// header) or, from the button's menu, a CSV file; shown only to holders of the export right. A refusal (too many records, a right withdrawn meanwhile) comes back as a message,
// and an export above the approval threshold says that an export request (导出申请) was filed.
import { useState } from 'react';
import { App, Button, Dropdown, Space } from 'antd';
import { DownOutlined, DownloadOutlined } from '@ant-design/icons';
import { exportRecords, type ListParams } from '../api/records-api';
import { errorText } from '../common/error-text';
import { saveFile } from '../common/save-file';
import { useI18n } from '../i18n/i18n-context';

interface Props {
  entity: string;
  query: Pick<ListParams, 'filter' | 'sort' | 'fields'>;
}

export function ExportButton({ entity, query }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (format: 'xlsx' | 'csv') => {
    setBusy(true);
    try {
      const answer = await exportRecords(entity, query, format);
      if ('accepted' in answer) {
        // Above the approval threshold the server filed an export request instead: say so, and where to find it.
        const request = answer.accepted.data;
        message.info({ content: <span data-testid="export-approval-needed">{t('exportApproval.filed', { rows: request.row_count.toLocaleString('en-US'), threshold: (request.threshold ?? 0).toLocaleString('en-US') })}</span>, duration: 8 });
        return;
      }
      saveFile(answer.blob, answer.filename);
      message.success(t('list.exported', { file: answer.filename }));
    } catch (e) {
      message.error(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space.Compact>
      <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void run('xlsx')} data-testid="list-export">
        {t('list.export')}
      </Button>
      <Dropdown disabled={busy} menu={{ items: [{ key: 'csv', label: <span data-testid="list-export-csv">{t('list.exportCsv')}</span> }], onClick: () => void run('csv') }}>
        <Button icon={<DownOutlined />} aria-label={t('list.exportMore')} data-testid="list-export-more" />
      </Dropdown>
    </Space.Compact>
  );
}
