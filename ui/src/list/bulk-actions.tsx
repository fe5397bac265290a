// Actions on the selected rows, each shown only when /api/me allows it: delete (one all-or-nothing bulk request)
// and assign a new owner (also one all-or-nothing bulk request).
import { useState } from 'react';
import { App, Button, Form, Modal, Space, Typography } from 'antd';
import { DeleteOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { bulkWrite } from '../api/records-api';
import { RefSelect } from '../common/ref-select';
import { errorText } from '../common/error-text';
import { useI18n } from '../i18n/i18n-context';

interface Props {
  entity: string;
  selected: string[];
  canDelete: boolean;
  canAssign: boolean;
  onDone(): void;
}

export function BulkActions({ entity, selected, canDelete, canAssign, onDone }: Props) {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const [assigning, setAssigning] = useState(false);
  const [owner, setOwner] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (!selected.length || (!canDelete && !canAssign)) return null;

  const remove = () =>
    modal.confirm({
      title: t('list.confirmDelete', { count: selected.length }),
      okButtonProps: { danger: true },
      okText: t('list.bulkDelete'),
      cancelText: t('shell.cancel'),
      onOk: async () => {
        try {
          await bulkWrite(entity, selected.map((id) => ({ op: 'delete' as const, id })));
          message.success(t('list.deleted', { count: selected.length }));
          onDone();
        } catch (e) {
          message.error(errorText(t, e));
        }
      },
    });

  const assign = async () => {
    if (!owner) return;
    setBusy(true);
    try {
      // One all-or-nothing request: a record the user may not assign refuses the whole batch.
      await bulkWrite(entity, selected.map((id) => ({ op: 'assign' as const, id, owner })));
      message.success(t('list.assigned', { count: selected.length }));
      setAssigning(false);
      onDone();
    } catch (e) {
      message.error(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space className="bulk-actions">
      <Typography.Text type="secondary">{t('list.selected', { count: selected.length })}</Typography.Text>
      {canAssign && (
        <Button icon={<UserSwitchOutlined />} onClick={() => setAssigning(true)}>
          {t('list.bulkAssign')}
        </Button>
      )}
      {canDelete && (
        <Button danger icon={<DeleteOutlined />} onClick={remove}>
          {t('list.bulkDelete')}
        </Button>
      )}
      <Modal open={assigning} title={t('list.bulkAssign')} onCancel={() => setAssigning(false)} onOk={assign} okButtonProps={{ disabled: !owner, loading: busy }} okText={t('list.bulkAssign')} cancelText={t('shell.cancel')}>
        <Form layout="vertical">
          <Form.Item label={t('list.newOwner')}>
            <RefSelect target="app_user" value={owner} onChange={(v) => setOwner(typeof v === 'string' ? v : undefined)} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
