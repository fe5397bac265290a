// 业务移交: a departing user's records go to one successor or round-robin to several; open records follow their
// customer. The preview (the engine's own plan, nothing changed) shows what moves to whom before confirming; the
// handover then disables the user.
import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Space, Table } from 'antd';
import { previewHandover, runHandover, type HandoverResult } from '../api/roles-api';
import type { RecordData } from '../api/types';
import { errorText } from '../common/error-text';
import { RefValues } from '../common/field-value';
import { RefSelect } from '../common/ref-select';
import { useEntitySummaries } from '../common/use-meta';
import { useI18n } from '../i18n/i18n-context';

interface Row {
  key: string;
  entity: string;
  to: string;
  count: number;
}

const rowsOf = (result: HandoverResult): Row[] =>
  Object.entries(result.moved).flatMap(([entity, owners]) => Object.entries(owners).map(([to, count]) => ({ key: `${entity}:${to}`, entity, to, count })));

export function HandoverDialog({ user, onClose, onDone }: { user: RecordData; onClose(): void; onDone(): void }) {
  const { t, label } = useI18n();
  const summaries = useEntitySummaries();
  const [to, setTo] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [plan, setPlan] = useState<HandoverResult>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const name = String(user.display_name ?? user.username);
  const request = () => ({ from: user.id, to, ...(reason.trim() ? { reason: reason.trim() } : {}) });

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await work();
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };
  const preview = () => run(async () => setPlan(await previewHandover(request())));
  const confirm = () => run(async () => {
    await runHandover(request());
    onDone();
  });

  return (
    <Modal
      open
      width={680}
      title={t('handover.title', { name })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('handover.cancel')}</Button>
          <Button onClick={() => void preview()} loading={busy} disabled={!to.length} data-testid="handover-preview">
            {t('handover.preview')}
          </Button>
          <Button type="primary" danger onClick={() => void confirm()} loading={busy} disabled={!plan} data-testid="handover-confirm">
            {t('handover.confirm')}
          </Button>
        </Space>
      }
    >
      <Alert type="warning" showIcon title={t('handover.warning', { name })} className="admin-alert" />
      <Form layout="vertical">
        <Form.Item label={t('handover.to')} extra={t('handover.toHint')} required>
          <RefSelect target="app_user" multiple value={to} onChange={(v) => { setTo((v as string[] | undefined) ?? []); setPlan(undefined); }} />
        </Form.Item>
        <Form.Item label={t('handover.reason')}>
          <Input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} placeholder={t('handover.reasonHint')} />
        </Form.Item>
      </Form>
      {plan && (
        <Table<Row>
          size="small"
          pagination={false}
          dataSource={rowsOf(plan)}
          data-testid="handover-plan"
          locale={{ emptyText: t('handover.nothing') }}
          columns={[
            { key: 'entity', title: t('handover.col.entity'), render: (_, r) => label(summaries.data?.get(r.entity)?.labels, r.entity) },
            { key: 'to', title: t('handover.col.to'), render: (_, r) => <RefValues target="app_user" ids={[r.to]} /> },
            { key: 'count', title: t('handover.col.count'), dataIndex: 'count' },
          ]}
        />
      )}
      {failure !== undefined && <Alert type="error" showIcon title={errorText(t, failure)} className="admin-alert" />}
    </Modal>
  );
}
