// 谁可以执行: who may run a transition, as the engine reads it (engine/workflow/run-transition.ts): anyone who may
// update the record, its owner, holders of some roles, or whoever satisfies a condition over the record and the
// signed-in user (负责人 = 当前用户, 所属部门 = 当前用户的部门); with roles, a condition must hold as well.
import { useState } from 'react';
import { Select } from 'antd';
import type { ErrorDetail, FieldMeta } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { FlowRule } from './flow-rule';

type Doc = Record<string, any>;
type Mode = 'anyone' | 'owner' | 'roles' | 'condition';

/** A new condition: the record's owner is the user acting, the usual start. */
const OWNER_IS_ME = { '==': [{ var: 'owner' }, { var: '$user.id' }] };

const modeOf = (who: unknown): Mode => (who === undefined ? 'anyone' : typeof who === 'string' ? (who as Mode) : (who as Doc).roles ? 'roles' : 'condition');

/** `who` without empty parts; nothing left means anyone who may update the record. */
function whoOf(roles: string[] | undefined, condition: unknown): Doc | undefined {
  const who: Doc = {};
  if (roles) who.roles = roles;
  if (condition !== undefined) who.condition = condition;
  return Object.keys(who).length ? who : undefined;
}

interface Props {
  who: unknown;
  fields: FieldMeta[];
  roles: { value: string; label: string }[];
  /** `/transitions/<i>/who`, for the server's problems. */
  pointer: string;
  problems: readonly ErrorDetail[];
  onChange(who: unknown): void;
}

/** Keyed by the transition: the mode picked stays while its condition is still empty. */
export function FlowWhoEditor({ who, fields, roles, pointer, problems, onChange }: Props) {
  const { t } = useI18n();
  const [mode, setMode] = useState<Mode>(modeOf(who));
  const current = typeof who === 'object' && who !== null ? (who as Doc) : {};
  const pick = (next: Mode) => {
    setMode(next);
    if (next === 'anyone' || next === 'owner') onChange(next === 'owner' ? 'owner' : undefined);
    else if (next === 'roles') onChange({ ...current, roles: current.roles ?? [] });
    else onChange(whoOf(undefined, current.condition ?? OWNER_IS_ME));
  };
  return (
    <div className="flow-who" data-testid="flow-who">
      <Select value={mode} onChange={pick} options={(['anyone', 'owner', 'roles', 'condition'] as const).map((v) => ({ value: v, label: t(`flows.who.${v}`) }))} popupMatchSelectWidth={false} data-testid="flow-who-mode" />
      {mode === 'roles' && (
        <Select mode="multiple" className="flow-fields" value={current.roles ?? []} onChange={(r: string[]) => onChange({ ...current, roles: r })} options={roles} placeholder={t('flows.who.pickRoles')} data-testid="flow-who-roles" />
      )}
      {(mode === 'condition' || (mode === 'roles' && current.condition !== undefined)) && (
        <>
          {mode === 'roles' && <div className="flow-field-label">{t('flows.who.alsoCondition')}</div>}
          <FlowRule
            fields={fields}
            value={current.condition}
            forUser
            pointer={`${pointer}/condition`}
            problems={problems}
            emptyText={t('flows.who.conditionEmpty')}
            onChange={(condition) => onChange(whoOf(current.roles, condition))}
            testId="flow-who-condition"
          />
        </>
      )}
    </div>
  );
}
