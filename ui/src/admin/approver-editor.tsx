// One approver rule of an approval step, edited by its kind: named users, a role (optionally within the record's
// department), the manager N levels up, the manager chain (N levels or up to a role), a department head, a user
// field of the record, or chosen by the submitter from a role or users.
import { Button, Checkbox, InputNumber, Select, Space } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import type { FieldMeta } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-CN';
import type { FlowDirectory } from './use-flow-directory';

export const APPROVER_KINDS = ['users', 'role', 'manager', 'manager_chain', 'department_head', 'field', 'chosen'] as const;
type Rule = Record<string, any>;

interface Props {
  rule: Rule;
  fields: FieldMeta[];
  directory: FlowDirectory;
  onChange(rule: Rule): void;
  onRemove(): void;
  /** The kinds offered (a notification has no submitter's choice); every kind by default. */
  kinds?: readonly string[];
}

/** A fresh rule of a kind, with the defaults the engine uses. */
export function newApprover(kind: string): Rule {
  switch (kind) {
    case 'manager':
      return { kind, of: 'submitter', level: 1 };
    case 'manager_chain':
      return { kind, of: 'submitter', levels: 2 };
    case 'department_head':
      return { kind, of: 'submitter', level: 0 };
    case 'users':
      return { kind, users: [] };
    case 'chosen':
      return { kind, from: {} };
    default:
      return { kind };
  }
}

export function ApproverEditor({ rule, fields, directory, onChange, onRemove, kinds = APPROVER_KINDS }: Props) {
  const { t, label } = useI18n();
  const set = (patch: Rule) => onChange(Object.fromEntries(Object.entries({ ...rule, ...patch }).filter(([, v]) => v !== undefined)));
  const roleSelect = (value: string | undefined, onPick: (v: string | undefined) => void, testId: string) => (
    <Select allowClear className="flow-role-select" placeholder={t('flows.approver.role')} value={value} onChange={onPick} options={directory.roles} showSearch={{ optionFilterProp: 'label' }} data-testid={testId} popupMatchSelectWidth={false} />
  );
  const userSelect = (value: string[] | undefined, onPick: (v: string[]) => void) => (
    <Select mode="multiple" className="flow-user-select" placeholder={t('flows.approver.users')} value={value ?? []} onChange={onPick} options={directory.users} showSearch={{ optionFilterProp: 'label' }} />
  );
  const whose = (
    <Select
      value={rule.of ?? 'submitter'}
      onChange={(of) => set({ of })}
      options={(['submitter', 'owner'] as const).map((o) => ({ value: o, label: t(`flows.approver.of.${o}`) }))}
      popupMatchSelectWidth={false}
    />
  );
  return (
    <div className="flow-approver" data-testid="flow-approver">
      <Space wrap size={6}>
        <Select
          value={rule.kind}
          onChange={(kind: string) => onChange(newApprover(kind))}
          options={kinds.map((k) => ({ value: k, label: t(`flows.approver.kind.${k}` as MessageKey) }))}
          popupMatchSelectWidth={false}
          data-testid="flow-approver-kind"
        />
        {rule.kind === 'users' && userSelect(rule.users, (users) => set({ users }))}
        {rule.kind === 'role' && (
          <>
            {roleSelect(rule.role, (role) => set({ role }), 'flow-approver-role')}
            <Checkbox checked={!!rule.withinDepartment} onChange={(e) => set({ withinDepartment: e.target.checked || undefined })}>
              {t('flows.approver.withinDepartment')}
            </Checkbox>
          </>
        )}
        {rule.kind === 'manager' && (
          <>
            {whose}
            <InputNumber min={1} max={10} value={rule.level ?? 1} onChange={(level) => set({ level: level ?? 1 })} addonAfter={t('flows.approver.levelsUp')} />
          </>
        )}
        {rule.kind === 'manager_chain' && (
          <>
            {whose}
            <InputNumber min={1} max={10} value={rule.levels} onChange={(levels) => set({ levels: levels ?? undefined, untilRole: undefined })} addonAfter={t('flows.approver.levels')} placeholder="—" />
            {roleSelect(rule.untilRole, (untilRole) => set({ untilRole, levels: untilRole ? undefined : rule.levels ?? 2 }), 'flow-approver-until')}
          </>
        )}
        {rule.kind === 'department_head' && (
          <>
            {whose}
            <Select
              value={rule.level ?? 0}
              onChange={(level) => set({ level })}
              options={[0, 1, 2, 3].map((n) => ({ value: n, label: t(n === 0 ? 'flows.approver.ownDepartment' : 'flows.approver.parentDepartment', { n }) }))}
              popupMatchSelectWidth={false}
            />
          </>
        )}
        {rule.kind === 'field' && (
          <Select
            placeholder={t('flows.approver.field')}
            value={rule.field}
            onChange={(field) => set({ field })}
            options={fields.filter((f) => f.type === 'ref' && f.target === 'app_user').map((f) => ({ value: f.name, label: label(f.labels, f.name) }))}
            popupMatchSelectWidth={false}
          />
        )}
        {rule.kind === 'chosen' && (
          <>
            {roleSelect(rule.from?.role, (role) => set({ from: { ...rule.from, role } }), 'flow-approver-chosen-role')}
            {userSelect(rule.from?.users, (users) => set({ from: { ...rule.from, users: users.length ? users : undefined } }))}
          </>
        )}
        <Button type="text" icon={<DeleteOutlined />} aria-label={t('flows.approver.remove')} onClick={onRemove} />
      </Space>
    </div>
  );
}
