// The head of a 系统管理 page: title, one line on what the page does, a refresh button, and a load error if any.
import { Alert, Button, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { errorText } from '../common/error-text';
import { useI18n } from '../i18n/i18n-context';

interface Props {
  title: string;
  intro: string;
  onRefresh(): void;
  /** What failed to load; undefined when nothing did. */
  error?: unknown;
}

export function AdminPageHeader({ title, intro, onRefresh, error }: Props) {
  const { t } = useI18n();
  return (
    <>
      <div className="admin-page-header">
        <div>
          <Typography.Title level={5}>{title}</Typography.Title>
          <Typography.Text type="secondary">{intro}</Typography.Text>
        </div>
        <Button icon={<ReloadOutlined />} onClick={onRefresh}>
          {t('list.refresh')}
        </Button>
      </div>
      {error !== undefined && <Alert type="error" showIcon title={errorText(t, error)} className="admin-alert" />}
    </>
  );
}
