// Create a user (with an initial password) or edit one's name, department, position and roles. The server checks
// everything (the password policy too) and its messages are shown at the field they name.
import { useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { ApiError } from '../api/client';
import { updateRecord } from '../api/records-api';
import type { RecordData } from '../api/types';
import { createUser } from '../api/users-api';
import { errorText } from '../common/error-text';
import { RefSelect } from '../common/ref-select';
import { useI18n } from '../i18n/i18n-context';

interface Values {
  username: string;
  display_name: string;
  dept?: string;
  position?: string;
  roles?: string[];
  password?: string;
}

// Form.Item hands its child value and onChange.
function RefPicker({ target, multiple, value, onChange }: { target: string; multiple?: boolean; value?: string | string[]; onChange?(v: string | string[] | undefined): void }) {
  return <RefSelect target={target} value={value} onChange={(v) => onChange?.(v)} multiple={multiple} />;
}

const FIELDS = ['username', 'display_name', 'dept', 'position', 'roles', 'password'] as const;

/** `user` undefined: a new user, in `department` when given. */
export function UserDialog({ user, department, onClose, onSaved }: { user?: RecordData; department?: string; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const creating = !user;

  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setFailure(undefined);
    const record = { display_name: v.display_name, dept: v.dept ?? null, position: v.position ?? null, roles: v.roles ?? [] };
    try {
      if (creating) await createUser({ ...record, username: v.username }, v.password ?? '');
      else await updateRecord('app_user', user.id, record, user.version);
      onSaved();
    } catch (e) {
      const placed = e instanceof ApiError ? e.details.filter((d) => FIELDS.some((f) => d.path === `/${f}`)) : [];
      if (placed.length) {
        const byField = new Map<string, string[]>();
        for (const d of placed) byField.set(d.path!.slice(1), [...(byField.get(d.path!.slice(1)) ?? []), d.message]);
        form.setFields([...byField].map(([name, errors]) => ({ name: name as keyof Values, errors })));
      } else setFailure(e);
    } finally {
      setBusy(false);
    }
  };

  const initial: Partial<Values> = user
    ? { username: String(user.username), display_name: String(user.display_name ?? ''), dept: (user.dept as string) ?? undefined, position: (user.position as string) ?? undefined, roles: (user.roles as string[]) ?? [] }
    : { roles: [], dept: department };

  return (
    <Modal open title={creating ? t('users.create') : t('users.editTitle', { name: String(user.display_name ?? user.username) })} okText={t('users.save')} onOk={() => void save()} confirmLoading={busy} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={initial} requiredMark data-testid="user-dialog">
        <Form.Item name="username" label={t('users.col.username')} rules={[{ required: true, message: t('users.required') }]}>
          <Input disabled={!creating} autoComplete="off" data-testid="user-username" />
        </Form.Item>
        <Form.Item name="display_name" label={t('users.col.name')} rules={[{ required: true, message: t('users.required') }]}>
          <Input data-testid="user-display-name" />
        </Form.Item>
        {creating && (
          <Form.Item name="password" label={t('users.initialPassword')} extra={t('users.initialPasswordHint')} rules={[{ required: true, message: t('users.required') }]}>
            <Input.Password autoComplete="new-password" data-testid="user-password" />
          </Form.Item>
        )}
        <Form.Item name="dept" label={t('users.col.department')}>
          <RefPicker target="department" />
        </Form.Item>
        <Form.Item name="position" label={t('users.col.position')}>
          <RefPicker target="position" />
        </Form.Item>
        <Form.Item name="roles" label={t('users.col.roles')}>
          <RefPicker target="role" multiple />
        </Form.Item>
        {failure !== undefined && <Alert type="error" showIcon title={errorText(t, failure)} className="admin-alert" />}
      </Form>
    </Modal>
  );
}
