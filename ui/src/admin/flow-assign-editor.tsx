// 执行时分配: a transition that hands the record to the next person in turn (round robin) among the active users of a
// department (and the departments below it) and / or holders of a role, written into a user field of the record
// (engine/workflow/run-transition.ts). With neither a department nor a role nobody could be chosen, so publishing
// waits until one is picked.
import { Checkbox, Select, Space, Typography } from 'antd';
import type { ErrorDetail, FieldMeta } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { useReportUnfinished } from './flow-draft-errors';
import { problemsUnder } from './flow-pointers';
import { InlineProblems } from './flow-problem-list';
import type { FlowDirectory } from './use-flow-directory';

interface Assign {
  field: string;
  roundRobin: { department?: string; role?: string };
}

interface Props {
  assign: Assign | undefined;
  fields: FieldMeta[];
  directory: FlowDirectory;
  /** The transition's `assign` in the flow document (`/transitions/0/assign`). */
  pointer: string;
  problems: readonly ErrorDetail[];
  onChange(assign: Assign | undefined): void;
}

export function FlowAssignEditor({ assign, fields, directory, pointer, problems, onChange }: Props) {
  const { t, label } = useI18n();
  // The engine writes a user id into the field: the record's own user fields (the owner is given by handover).
  const userFields = fields.filter((f) => !f.system && f.type === 'ref' && f.target === 'app_user');
  const among = assign?.roundRobin ?? {};
  const nobody = !!assign && !among.department && !among.role;
  useReportUnfinished(pointer, nobody);
  const setAmong = (patch: Assign['roundRobin']) => {
    const next = Object.fromEntries(Object.entries({ ...among, ...patch }).filter(([, v]) => v !== undefined));
    onChange({ ...assign!, roundRobin: next });
  };
  return (
    <div className="flow-assign" data-testid="flow-assign">
      <Checkbox checked={!!assign} disabled={!assign && !userFields.length} onChange={(e) => onChange(e.target.checked ? { field: userFields[0]!.name, roundRobin: {} } : undefined)} data-testid="flow-assign-on">
        {t('flows.assign.enable')}
      </Checkbox>
      {!assign && !userFields.length && <Typography.Text type="secondary">{t('flows.assign.noField')}</Typography.Text>}
      {assign && (
        <Space wrap size={6}>
          <span>{t('flows.assign.field')}</span>
          <Select value={assign.field} onChange={(field: string) => onChange({ ...assign, field })} options={userFields.map((f) => ({ value: f.name, label: label(f.labels, f.name) }))} popupMatchSelectWidth={false} data-testid="flow-assign-field" />
          <span>{t('flows.assign.among')}</span>
          <Select allowClear className="flow-role-select" placeholder={t('flows.assign.department')} value={among.department} onChange={(department?: string) => setAmong({ department })} options={directory.departments} showSearch={{ optionFilterProp: 'label' }} popupMatchSelectWidth={false} data-testid="flow-assign-department" />
          <Select allowClear className="flow-role-select" placeholder={t('flows.assign.role')} value={among.role} onChange={(role?: string) => setAmong({ role })} options={directory.roles} showSearch={{ optionFilterProp: 'label' }} popupMatchSelectWidth={false} data-testid="flow-assign-role" />
        </Space>
      )}
      {assign && <Typography.Text type={nobody ? 'danger' : 'secondary'} className="flow-hint">{t(nobody ? 'flows.assign.nobody' : 'flows.assign.hint')}</Typography.Text>}
      <InlineProblems problems={problemsUnder(problems, pointer)} testId="flow-assign-problems" />
    </div>
  );
}
