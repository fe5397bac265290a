// The side panel's editors for one state (locked, final, editable and required fields, fields set on entering) and
// one transition (labels, from and to, who may act, required fields, guard with its message, comment, whether the engine
// fires it by itself, only a person may, or it starts the approval, whom it assigns the record to, fields it sets, the
// notifications it sends). The flow's timers are edited in flow-timer-editor.tsx.
import { Checkbox, Input, Radio, Select, Space } from 'antd';
import type { ErrorDetail, FieldMeta } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { FlowAssignEditor } from './flow-assign-editor';
import { FlowCondition } from './flow-condition';
import { FlowEffectsEditor } from './flow-effects-editor';
import { FlowNotifyList } from './flow-notify-editor';
import type { FlowDirectory } from './use-flow-directory';

type Doc = Record<string, any>;
/** `who` with its condition changed; nothing left means anyone who may update the record. */
const whoWith = (who: Doc, condition: unknown): Doc | undefined => {
  const next = clean({ ...who, condition });
  return Object.keys(next).length ? next : undefined;
};
const clean = (o: Doc): Doc => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));

function FieldPicker({ fields, value, onChange, testId }: { fields: FieldMeta[]; value: string[] | undefined; onChange(v: string[]): void; testId?: string }) {
  const { t, label } = useI18n();
  return (
    <Select
      mode="multiple"
      className="flow-fields"
      placeholder={t('flows.noFields')}
      value={value ?? []}
      onChange={onChange}
      options={fields.filter((f) => !f.system).map((f) => ({ value: f.name, label: label(f.labels, f.name) }))}
      showSearch={{ optionFilterProp: 'label' }}
      data-testid={testId}
    />
  );
}

interface StateEditorProps {
  state: Doc;
  fields: FieldMeta[];
  stateField: string;
  /** The state's place in the flow document (`/states/negotiation`), for the server's problems. */
  pointer: string;
  problems: readonly ErrorDetail[];
  onChange(s: Doc): void;
}

export function FlowStateEditor({ state, fields, stateField, pointer, problems, onChange }: StateEditorProps) {
  const { t } = useI18n();
  // Without `editable` an unlocked state leaves every field editable (engine/workflow/state-guard.ts), as "*" does.
  const editable = state.locked ? 'none' : state.editable === '*' || state.editable === undefined ? 'all' : 'some';
  return (
    <div className="flow-editor" data-testid="flow-state-editor">
      <div className="flow-field-label">{t('flows.state.editable')}</div>
      <Radio.Group
        value={editable}
        onChange={(e) => onChange(clean({ ...state, locked: e.target.value === 'none' ? true : undefined, editable: e.target.value === 'all' ? '*' : e.target.value === 'some' ? (Array.isArray(state.editable) ? state.editable : []) : undefined }))}
        options={(['all', 'some', 'none'] as const).map((v) => ({ value: v, label: t(`flows.state.editable.${v}`) }))}
      />
      {editable === 'some' && <FieldPicker fields={fields} value={state.editable} onChange={(v) => onChange({ ...state, editable: v })} />}
      <div className="flow-field-label">{t('flows.state.required')}</div>
      <FieldPicker fields={fields} value={state.required} onChange={(v) => onChange(clean({ ...state, required: v }))} testId="flow-state-required" />
      <Checkbox checked={!!state.final} onChange={(e) => onChange(clean({ ...state, final: e.target.checked || undefined }))}>
        {t('flows.state.final')}
      </Checkbox>
      <div className="flow-field-label">{t('flows.effects.onEnter')}</div>
      <FlowEffectsEditor effects={state.effects} fields={fields} stateField={stateField} pointer={`${pointer}/effects`} problems={problems} onChange={(effects) => onChange(clean({ ...state, effects }))} />
    </div>
  );
}

interface TransitionEditorProps {
  transition: Doc;
  fields: FieldMeta[];
  directory: FlowDirectory;
  stateField: string;
  /** The transition's place in the flow document (`/transitions/3`), for the server's problems. */
  pointer: string;
  problems: readonly ErrorDetail[];
  /** The flow's states, for where the transition starts and leads (the server refuses an unreachable result). */
  states: { value: string; label: string }[];
  /** Whether the flow has an approval a transition may start. */
  canApprove: boolean;
  onChange(t: Doc): void;
}

export function FlowTransitionEditor({ transition, fields, directory, stateField, pointer, problems, states, canApprove, onChange }: TransitionEditorProps) {
  const { t } = useI18n();
  const roles = directory.roles;
  const toLabel = states.find((s) => s.value === transition.to)?.label ?? transition.to;
  const who = transition.who === undefined ? 'anyone' : typeof transition.who === 'string' ? transition.who : transition.who.roles ? 'roles' : 'condition';
  return (
    <div className="flow-editor" data-testid="flow-transition-editor">
      <div className="flow-field-label">{t('flows.labels')}</div>
      <Space.Compact block>
        <Input value={transition.labels?.['zh-CN'] ?? ''} placeholder={t('flows.labelZh')} onChange={(e) => onChange({ ...transition, labels: { ...transition.labels, 'zh-CN': e.target.value } })} />
        <Input value={transition.labels?.en ?? ''} placeholder={t('flows.labelEn')} onChange={(e) => onChange({ ...transition, labels: { ...transition.labels, en: e.target.value } })} />
      </Space.Compact>
      <div className="flow-field-label">{t('flows.edit.from')}</div>
      <Select mode="multiple" value={transition.from ?? []} onChange={(from: string[]) => from.length && onChange({ ...transition, from })} options={states} data-testid="flow-transition-from" />
      <div className="flow-field-label">{t('flows.edit.to')}</div>
      <Select value={transition.to} onChange={(to: string) => onChange({ ...transition, to })} options={states} data-testid="flow-transition-to" />
      <div className="flow-field-label">{t('flows.transition.who')}</div>
      <Select
        value={who}
        disabled={who === 'condition'}
        onChange={(v) => onChange(clean({ ...transition, who: v === 'anyone' ? undefined : v === 'owner' ? 'owner' : { roles: [] } }))}
        options={(['anyone', 'owner', 'roles', 'condition'] as const).map((v) => ({ value: v, label: t(`flows.who.${v}`), disabled: v === 'condition' }))}
        popupMatchSelectWidth={false}
      />
      {who === 'roles' && <Select mode="multiple" className="flow-fields" value={transition.who.roles} onChange={(r) => onChange({ ...transition, who: { ...transition.who, roles: r } })} options={roles} />}
      {typeof transition.who === 'object' && transition.who.condition !== undefined && (
        <FlowCondition fields={fields} value={transition.who.condition} onChange={(condition) => onChange(clean({ ...transition, who: whoWith(transition.who, condition) }))} testId="flow-who-condition" />
      )}
      <div className="flow-field-label">{t('flows.transition.required')}</div>
      <FieldPicker fields={fields} value={transition.required} onChange={(v) => onChange(clean({ ...transition, required: v }))} />
      <div className="flow-field-label">{t('flows.transition.guard')}</div>
      <FlowCondition fields={fields} value={transition.guard} onChange={(guard) => onChange(clean({ ...transition, guard }))} />
      {transition.guard !== undefined && (
        <Space.Compact block>
          <Input value={transition.guardMessage?.['zh-CN'] ?? ''} placeholder={t('flows.transition.guardMessage')} onChange={(e) => onChange({ ...transition, guardMessage: { en: e.target.value, ...transition.guardMessage, 'zh-CN': e.target.value } })} />
          <Input value={transition.guardMessage?.en ?? ''} placeholder={t('flows.transition.guardMessageEn')} onChange={(e) => onChange({ ...transition, guardMessage: { 'zh-CN': e.target.value, ...transition.guardMessage, en: e.target.value } })} />
        </Space.Compact>
      )}
      <Checkbox checked={transition.comment === 'required'} onChange={(e) => onChange(clean({ ...transition, comment: e.target.checked ? 'required' : undefined }))}>
        {t('flows.transition.comment')}
      </Checkbox>
      {(['auto', 'manualOnly', 'approval'] as const).map((flag) => (
        <Checkbox key={flag} checked={!!transition[flag]} disabled={flag === 'approval' && !canApprove && !transition.approval} onChange={(e) => onChange(clean({ ...transition, [flag]: e.target.checked || undefined }))} data-testid={`flow-transition-${flag}`}>
          {t(flag === 'approval' ? 'flows.edit.startsApproval' : `flows.transition.${flag}`)}
        </Checkbox>
      ))}
      <div className="flow-field-label">{t('flows.assign.label')}</div>
      <FlowAssignEditor assign={transition.assign} fields={fields} directory={directory} pointer={`${pointer}/assign`} problems={problems} onChange={(assign) => onChange(clean({ ...transition, assign }))} />
      <div className="flow-field-label">{t('flows.effects.onTransition')}</div>
      <FlowEffectsEditor effects={transition.effects} fields={fields} stateField={stateField} pointer={`${pointer}/effects`} problems={problems} onChange={(effects) => onChange(clean({ ...transition, effects }))} />
      <div className="flow-field-label">{t('flows.notify.label')}</div>
      <FlowNotifyList
        notify={transition.notify}
        fields={fields}
        directory={directory}
        pointer={`${pointer}/notify`}
        problems={problems}
        defaultTitle={{ 'zh-CN': t('flows.notify.defaultTitle', { display: '{{display}}', state: toLabel }), en: `{{display}}: ${transition.labels?.en ?? transition.action}` }}
        onChange={(notify) => onChange(clean({ ...transition, notify }))}
      />
    </div>
  );
}
