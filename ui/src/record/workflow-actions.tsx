// The workflow actions this user may take on the record now (submit, approve, reject, return, withdraw, transfer,
// comment, sign…), as the server lists them; each opens a dialog for the comment (required where the flow says) and,
// when submitting to steps whose approvers the submitter chooses, the people to pick from.
import { useState } from 'react';
import { App, Button, Form, Input, Modal, Space, Tooltip, type ButtonProps } from 'antd';
import { ApiError } from '../api/client';
import { runAction, type WorkflowAction, type WorkflowView } from '../api/workflow-api';
import type { EntityMeta } from '../api/types';
import { errorText } from '../common/error-text';
import { RefSelect } from '../common/ref-select';
import { ApproverPickers } from './approver-pickers';
import { useI18n } from '../i18n/i18n-context';

interface Props {
  meta: EntityMeta;
  id: string;
  view: WorkflowView;
  /** Unsaved edits: acting now would leave them behind a changed record. */
  dirty: boolean;
  canPickUsers: boolean;
  onDone(): void;
}

const PRIMARY = new Set(['submit', 'approve']);
const DANGER = new Set(['reject']);

export function WorkflowActions({ meta, id, view, dirty, canPickUsers, onDone }: Props) {
  const { t, label } = useI18n();
  const { message, modal } = App.useApp();
  const [open, setOpen] = useState<WorkflowAction>();
  const [comment, setComment] = useState('');
  const [to, setTo] = useState<string>();
  const [picked, setPicked] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState(false);
  // Transferring needs someone to pick from the user directory.
  const actions = view.actions.filter((a) => a.action !== 'transfer' || canPickUsers);
  if (!actions.length) return null;

  const fieldLabel = (path?: string) => {
    const name = path?.split('/').filter(Boolean)[0];
    const f = meta.fields.find((x) => x.name === name);
    return f ? label(f.labels, f.name) : '';
  };

  const submit = async () => {
    if (!open) return;
    setBusy(true);
    try {
      await runAction(meta.name, id, open.action, { ...(comment.trim() ? { comment: comment.trim() } : {}), ...(open.action === 'transfer' && to ? { to } : {}), ...(open.choose?.length ? { approvers: picked } : {}) });
      message.success(t('workflow.done', { action: label(open.labels, open.action) }));
      setOpen(undefined);
      onDone();
    } catch (e) {
      // Entering a state may need fields filled: name them.
      // A gate lists everything still missing (fields, documents, milestones, sign-offs): shown as a list that stays.
      if (e instanceof ApiError && e.code === 'VALIDATION_FAILED' && e.details.length) {
        setOpen(undefined);
        modal.error({
          title: t('workflow.missingTitle', { action: label(open.labels, open.action) }),
          content: (
            <ul className="gate-missing" data-testid="gate-missing">
              {e.details.map((d, i) => {
                const name = fieldLabel(d.path);
                return <li key={i}>{name && !d.message.includes(name) ? `${name}:${d.message}` : d.message}</li>;
              })}
            </ul>
          ),
        });
      }
      else message.error(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const required = open?.comment === 'required';
  const unpicked = open?.choose?.some((c) => c.required && !picked[c.step]?.length) ?? false;
  return (
    <>
      <Space wrap size="small" className="workflow-actions" data-testid="workflow-actions">
        {actions.map((a) => (
          <Tooltip key={a.action} title={dirty ? t('workflow.saveFirst') : undefined}>
            <Button
              type={PRIMARY.has(a.action) ? 'primary' : 'default'}
              danger={DANGER.has(a.action)}
              ghost={PRIMARY.has(a.action)}
              disabled={dirty}
              data-testid={`action-${a.action}`}
              onClick={() => (setComment(''), setTo(undefined), setPicked({}), setOpen(a))}
            >
              {label(a.labels, a.action)}
            </Button>
          </Tooltip>
        ))}
      </Space>
      <Modal
        open={!!open}
        title={open && label(open.labels, open.action)}
        onCancel={() => setOpen(undefined)}
        onOk={() => void submit()}
        okText={t('workflow.confirm')}
        cancelText={t('shell.cancel')}
        okButtonProps={{ loading: busy, disabled: (required && !comment.trim()) || (open?.action === 'transfer' && !to) || unpicked, 'data-testid': 'action-confirm' } as ButtonProps}
      >
        <Form layout="vertical">
          {open?.action === 'transfer' && (
            <Form.Item label={t('workflow.transferTo')} required>
              <RefSelect target="app_user" value={to} onChange={(v) => setTo(typeof v === 'string' ? v : undefined)} />
            </Form.Item>
          )}
          {open?.choose && <ApproverPickers choices={open.choose} picked={picked} onChange={setPicked} />}
          <Form.Item label={t('workflow.comment')} required={required} help={required && !comment.trim() ? t('workflow.commentRequired') : undefined}>
            <Input.TextArea rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="action-comment" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
