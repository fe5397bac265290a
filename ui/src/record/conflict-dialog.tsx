// Explains a 409 version conflict and offers the two ways out: take the other person's version, or write mine over it.
import { Button, Modal, Space, Typography } from 'antd';
import { useI18n } from '../i18n/i18n-context';

interface Props {
  conflict?: { mine: number; theirs: number };
  busy: boolean;
  onReload(): void;
  onKeepMine(): void;
  onCancel(): void;
}

export function ConflictDialog({ conflict, busy, onReload, onKeepMine, onCancel }: Props) {
  const { t } = useI18n();
  return (
    <Modal
      open={!!conflict}
      title={t('conflict.title')}
      onCancel={onCancel}
      footer={
        <Space wrap>
          <Button onClick={onCancel}>{t('conflict.cancel')}</Button>
          <Button onClick={onReload} data-testid="conflict-reload">
            {t('conflict.reload')}
          </Button>
          <Button type="primary" danger loading={busy} onClick={onKeepMine} data-testid="conflict-keep-mine">
            {t('conflict.keepMine')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph>{t('conflict.body', { mine: conflict?.mine ?? '', theirs: conflict?.theirs ?? '' })}</Typography.Paragraph>
    </Modal>
  );
}
