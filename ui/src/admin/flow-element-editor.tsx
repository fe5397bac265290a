// The side panel's editors for one state (locked, final, editable and required fields) and one transition
// (labels, required fields, guard with its message, who may act, comment), and the flow's timers (SLA, reminders).
import { Checkbox, Input, Radio, Select, Space, Typography } from 'antd';
import type { FieldMeta } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { FlowCondition } from './flow-condition';

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

export function FlowStateEditor({ state, fields, onChange }: { state: Doc; fields: FieldMeta[]; onChange(s: Doc): void }) {
  const { t } = useI18n();
  const editable = state.editable === '*' ? 'all' : state.locked ? 'none' : 'some';
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
    </div>
  );
}

interface TransitionEditorProps {
  transition: Doc;
  fields: FieldMeta[];
  roles: { value: string; label: string }[];
  /** The flow's states, for where the transition starts and leads (the server refuses an unreachable result). */
  states: { value: string; label: string }[];
  onChange(t: Doc): void;
}

export function FlowTransitionEditor({ transition, fields, roles, states, onChange }: TransitionEditorProps) {
  const { t } = useI18n();
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
      {who === 'roles' && <Select mode="multiple" className="flow-fields" value={transition.who.roles} onChange={(r) => onChange({ ...transition, who: { roles: r } })} options={roles} />}
      <div className="flow-field-label">{t('flows.transition.required')}</div>
      <FieldPicker fields={fields} value={transition.required} onChange={(v) => onChange(clean({ ...transition, required: v }))} />
      <div className="flow-field-label">{t('flows.transition.guard')}</div>
      <FlowCondition fields={fields} value={transition.guard} onChange={(guard) => onChange(clean({ ...transition, guard }))} />
      {transition.guard !== undefined && (
        <Input
          value={transition.guardMessage?.['zh-CN'] ?? ''}
          placeholder={t('flows.transition.guardMessage')}
          onChange={(e) => onChange({ ...transition, guardMessage: { en: e.target.value, ...transition.guardMessage, 'zh-CN': e.target.value } })}
        />
      )}
      <Checkbox checked={transition.comment === 'required'} onChange={(e) => onChange(clean({ ...transition, comment: e.target.checked ? 'required' : undefined }))}>
        {t('flows.transition.comment')}
      </Checkbox>
      {transition.approval && <Typography.Paragraph type="secondary">{t('flows.transition.startsApproval')}</Typography.Paragraph>}
    </div>
  );
}

/** Timers: which state they watch and after how long (ISO 8601 duration, e.g. P3D, PT4H) they act. */
export function FlowTimersEditor({ timers, stateLabel, onChange }: { timers: Doc[]; stateLabel(s: string): string; onChange(timers: Doc[]): void }) {
  const { t, label } = useI18n();
  if (!timers.length) return <Typography.Text type="secondary">{t('flows.timers.none')}</Typography.Text>;
  return (
    <div className="flow-editor" data-testid="flow-timers">
      {timers.map((timer, i) => (
        <div key={timer.id} className="flow-timer">
          <Typography.Text strong>{label(timer.labels, timer.id)}</Typography.Text>
          <Typography.Text type="secondary">
            {t('flows.timers.what', { state: timer.state ? stateLabel(timer.state) : '—', action: t(timer.do.transition ? 'flows.timers.transition' : timer.do.escalate ? 'flows.timers.escalate' : 'flows.timers.notify') })}
          </Typography.Text>
          {typeof timer.after === 'string' && (
            <Input addonBefore={t('flows.timers.after')} value={timer.after} onChange={(e) => onChange(timers.map((x, j) => (j === i ? { ...x, after: e.target.value } : x)))} placeholder="P3D" />
          )}
        </div>
      ))}
    </div>
  );
}
