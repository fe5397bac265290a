// The side panel's editors for one state (locked, final, editable and required fields, fields set on entering) and
// one transition (labels, from and to, who may act, required fields, guard with its message, what must be true before
// it fires (its gate), comment, whether the engine fires it by itself, only a person may, or it starts the approval,
// whom it assigns the record to, fields it sets, the notifications it sends). The flow's timers are edited in
// flow-timer-editor.tsx.
import { Checkbox, Radio, Select } from 'antd';
import type { ErrorDetail, FieldMeta } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { FlowAssignEditor } from './flow-assign-editor';
import { FlowEffectsEditor } from './flow-effects-editor';
import { FlowGatesEditor } from './flow-gates-editor';
import { FlowLabelsInput } from './flow-labels-input';
import { FlowNotifyList } from './flow-notify-editor';
import { FlowRule } from './flow-rule';
import { FlowWhoEditor } from './flow-who-editor';
import type { FlowDirectory } from './use-flow-directory';

type Doc = Record<string, any>;
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
  /** The flow's entity, for the records a gate counts. */
  entity: string;
  fields: FieldMeta[];
  directory: FlowDirectory;
  stateField: string;
  /** The transition's place in the flow document (`/transitions/3`), for the server's problems. */
  pointer: string;
  problems: readonly ErrorDetail[];
  /** The flow's states, for where the transition starts and leads (the server refuses an unreachable result). */
  states: { value: string; label: string }[];
  /** The flow's approval steps (none: the flow has no approval a transition may start or a gate may require). */
  steps: { value: string; label: string }[];
  canApprove: boolean;
  onChange(t: Doc): void;
}

export function FlowTransitionEditor({ transition, entity, fields, directory, stateField, pointer, problems, states, steps, canApprove, onChange }: TransitionEditorProps) {
  const { t } = useI18n();
  const toLabel = states.find((s) => s.value === transition.to)?.label ?? transition.to;
  return (
    <div className="flow-editor" data-testid="flow-transition-editor">
      <div className="flow-field-label">{t('flows.labels')}</div>
      <FlowLabelsInput value={transition.labels} onChange={(labels) => onChange({ ...transition, labels })} />
      <div className="flow-field-label">{t('flows.edit.from')}</div>
      <Select mode="multiple" value={transition.from ?? []} onChange={(from: string[]) => from.length && onChange({ ...transition, from })} options={states} data-testid="flow-transition-from" />
      <div className="flow-field-label">{t('flows.edit.to')}</div>
      <Select value={transition.to} onChange={(to: string) => onChange({ ...transition, to })} options={states} data-testid="flow-transition-to" />
      <div className="flow-field-label">{t('flows.transition.who')}</div>
      <FlowWhoEditor key={pointer} who={transition.who} fields={fields} roles={directory.roles} pointer={`${pointer}/who`} problems={problems} onChange={(who) => onChange(clean({ ...transition, who }))} />
      <div className="flow-field-label">{t('flows.transition.required')}</div>
      <FieldPicker fields={fields} value={transition.required} onChange={(v) => onChange(clean({ ...transition, required: v }))} />
      <div className="flow-field-label">{t('flows.transition.guard')}</div>
      <FlowRule fields={fields} value={transition.guard} pointer={`${pointer}/guard`} problems={problems} emptyText={t('flows.condition.always')} onChange={(guard) => onChange(clean({ ...transition, guard }))} testId="flow-guard" />
      {transition.guard !== undefined && (
        <FlowLabelsInput value={transition.guardMessage} placeholders={[t('flows.transition.guardMessage'), t('flows.transition.guardMessageEn')]} onChange={(guardMessage) => onChange({ ...transition, guardMessage })} />
      )}
      <div className="flow-field-label">{t('flows.gate.label')}</div>
      <FlowGatesEditor requires={transition.requires} entity={entity} fields={fields} steps={steps} pointer={`${pointer}/requires`} problems={problems} onChange={(requires) => onChange(clean({ ...transition, requires }))} />
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
