// 时限与提醒: the flow's timers, each edited in full (code and names, the state it watches, how long after entering
// it or around a date field, an optional condition, and what it does: remind people, escalate to the managers, or
// run a transition from that state, unless a related record was created meanwhile), added and deleted. A duration is
// fixed (N 天 / 小时 / 分钟) or a formula over the record giving one (e.g. by priority), in the formula box.
import { useEffect, useState } from 'react';
import { Button, Card, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ErrorDetail, FieldMeta } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { durationOf, isoDuration, newNotification, newTimerId, timerAction, timerDo, timerTransitions, type Duration, type TimerAction } from './flow-automation';
import { codeProblem } from './flow-edit';
import { FlowFormula } from './flow-formula';
import { FlowNotificationEditor } from './flow-notify-editor';
import { FlowUnlessRelated } from './flow-related-editor';
import { problemsUnder } from './flow-pointers';
import { InlineProblems } from './flow-problem-list';
import { FlowRule } from './flow-rule';
import type { FlowDirectory } from './use-flow-directory';

type Doc = Record<string, any>;
/** Parts of a timer whose own controls show their problems. */
const shownInside = ['do/notify', 'unlessRelated'];

interface Props {
  doc: Doc;
  fields: FieldMeta[];
  directory: FlowDirectory;
  states: { value: string; label: string }[];
  problems: readonly ErrorDetail[];
  onChange(timers: Doc[] | undefined): void;
}

function DurationPicker({ value, allowBefore, onChange }: { value: Duration; allowBefore: boolean; onChange(d: Duration): void }) {
  const { t } = useI18n();
  return (
    <Space.Compact>
      <InputNumber<number> min={0} precision={0} value={value.amount} onChange={(n) => onChange({ ...value, amount: n ?? 0 })} className="flow-timer-amount" data-testid="flow-timer-amount" />
      <Select value={value.unit} onChange={(unit) => onChange({ ...value, unit })} options={(['days', 'hours', 'minutes'] as const).map((u) => ({ value: u, label: t(`flows.timer.unit.${u}`) }))} popupMatchSelectWidth={false} data-testid="flow-timer-unit" />
      {allowBefore && <Select value={value.before} onChange={(before) => onChange({ ...value, before })} options={[{ value: false, label: t('flows.timer.afterDate') }, { value: true, label: t('flows.timer.beforeDate') }]} popupMatchSelectWidth={false} />}
    </Space.Compact>
  );
}

/** How long: a fixed duration, or a formula over the record giving one ("PT2H" when urgent…). */
function TimerAfter({ after, fromDate, fields, pointer, onChange }: { after: unknown; fromDate: boolean; fields: FieldMeta[]; pointer: string; onChange(after: unknown): void }) {
  const { t } = useI18n();
  // A formula typed as a plain duration ("P2D") stays in the formula box while it is being typed.
  const [typing, setTyping] = useState(false);
  const duration = typing ? undefined : durationOf(after);
  const pick = (kind: string) => {
    setTyping(kind === 'formula');
    if (kind === 'fixed' && !durationOf(after)) onChange('P1D');
  };
  return (
    <>
      <Space wrap size={6}>
        <span>{t('flows.timers.after')}</span>
        <Select value={duration ? 'fixed' : 'formula'} onChange={pick} options={(['fixed', 'formula'] as const).map((k) => ({ value: k, label: t(`flows.timer.after.${k}`) }))} popupMatchSelectWidth={false} data-testid="flow-timer-after-kind" />
        {duration && <DurationPicker value={duration} allowBefore={fromDate} onChange={(d) => onChange(isoDuration(d))} />}
      </Space>
      {!duration && (
        <>
          <FlowFormula value={after} fields={fields} pointer={pointer} onChange={onChange} />
          <Typography.Text type="secondary" className="flow-hint">
            {t('flows.timer.afterFormulaHint')}
          </Typography.Text>
        </>
      )}
    </>
  );
}

export function FlowTimersEditor({ doc, fields, directory, states, problems, onChange }: Props) {
  const { t, label } = useI18n();
  const timers: Doc[] = doc.timers ?? [];
  const set = (i: number, timer: Doc) => onChange(timers.map((x, j) => (j === i ? Object.fromEntries(Object.entries(timer).filter(([, v]) => v !== undefined)) : x)));
  const reminder = () => newNotification({ 'zh-CN': t('flows.timer.defaultTitle', { display: '{{display}}' }), en: 'Reminder: {{display}}' });
  const add = () => {
    const state = states.find((s) => !doc.states[s.value]?.final)?.value ?? states[0]?.value;
    onChange([...timers, { id: newTimerId(timers), labels: { 'zh-CN': t('flows.timer.newLabel'), en: 'Reminder' }, state, after: 'P1D', do: { notify: reminder() } }]);
  };
  const dateFields = fields.filter((f) => f.type === 'date' || f.type === 'datetime');
  // A refusal brings the first timer it names into view (the panel scrolls; the list may be long).
  const firstRefused = timers.findIndex((_, i) => problemsUnder(problems, `/timers/${i}`).length > 0);
  useEffect(() => {
    if (firstRefused >= 0) document.querySelector(`[data-testid="flow-timer-${firstRefused}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [problems]); // eslint-disable-line react-hooks/exhaustive-deps
  // A timer firing a transition that moves to another state fires the first one from there, or reminds when none can.
  const retarget = (state: string | undefined): Doc => {
    const first = timerTransitions(doc, state)[0]?.action;
    return first ? { transition: first } : { notify: reminder() };
  };
  return (
    <div className="flow-editor" data-testid="flow-timers">
      {timers.length === 0 && <Typography.Text type="secondary">{t('flows.timers.none')}</Typography.Text>}
      {timers.map((timer, i) => {
        const action = timerAction(timer);
        const fromDate = !!timer.since && timer.since !== 'entered';
        const transitions = timerTransitions(doc, timer.state);
        const idProblem = codeProblem(timer.id, timers.filter((_, j) => j !== i).map((x) => x.id as string));
        return (
          <Card key={i} size="small" className="flow-step" data-testid={`flow-timer-${i}`}
            title={
              <Space.Compact>
                <Input size="small" value={timer.labels?.['zh-CN'] ?? ''} placeholder={t('flows.labelZh')} onChange={(e) => set(i, { ...timer, labels: { en: timer.labels?.en ?? timer.id, ...timer.labels, 'zh-CN': e.target.value } })} data-testid="flow-timer-label" />
                <Input size="small" value={timer.labels?.en ?? ''} placeholder={t('flows.labelEn')} onChange={(e) => set(i, { ...timer, labels: { 'zh-CN': timer.labels?.['zh-CN'] ?? timer.id, ...timer.labels, en: e.target.value } })} />
              </Space.Compact>
            }
            extra={<Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('flows.timer.remove')} onClick={() => onChange(timers.length > 1 ? timers.filter((_, j) => j !== i) : undefined)} data-testid="flow-timer-remove" />}
          >
            <div className="flow-editor">
              <Space wrap size={6}>
                <span>{t('flows.timer.id')}</span>
                <Input size="small" className="flow-timer-id" value={timer.id} status={idProblem ? 'error' : undefined} onChange={(e) => set(i, { ...timer, id: e.target.value })} />
                {idProblem && <Typography.Text type="danger">{t(idProblem)}</Typography.Text>}
              </Space>
              <Space wrap size={6}>
                <span>{t('flows.timer.state')}</span>
                <Select className="flow-role-select" allowClear={fromDate} value={timer.state} placeholder={t('flows.timer.anyState')} onChange={(state?: string) => set(i, { ...timer, state, do: action === 'transition' ? retarget(state) : timer.do })} options={states} popupMatchSelectWidth={false} data-testid="flow-timer-state" />
                <span>{t('flows.timer.since')}</span>
                <Select value={timer.since ?? 'entered'} onChange={(since: string) => set(i, { ...timer, since: since === 'entered' ? undefined : since, after: since === 'entered' && typeof timer.after === 'string' ? timer.after.replace(/^-/, '') : timer.after })} options={[{ value: 'entered', label: t('flows.timer.sinceEntered') }, ...dateFields.map((f) => ({ value: f.name, label: t('flows.timer.sinceField', { field: label(f.labels, f.name) }) }))]} popupMatchSelectWidth={false} />
              </Space>
              <TimerAfter after={timer.after} fromDate={fromDate} fields={fields} pointer={`/timers/${i}/after`} onChange={(after) => set(i, { ...timer, after })} />
              <div className="flow-field-label">{t('flows.timer.if')}</div>
              <FlowRule fields={fields} value={timer.if} pointer={`/timers/${i}/if`} problems={[]} emptyText={t('flows.condition.always')} onChange={(cond) => set(i, { ...timer, if: cond })} />
              <FlowUnlessRelated value={timer.unlessRelated} entity={doc.entity} fields={fields} pointer={`/timers/${i}/unlessRelated`} problems={problems} onChange={(unlessRelated) => set(i, { ...timer, unlessRelated })} />
              <div className="flow-field-label">{t('flows.timer.do')}</div>
              <Radio.Group
                value={action}
                onChange={(e) => set(i, { ...timer, do: timerDo(timer, e.target.value as TimerAction, { notify: reminder(), transition: transitions[0]?.action }) })}
                options={(['notify', 'escalate', 'transition'] as const).map((a) => ({ value: a, label: t(`flows.timers.${a}`), disabled: a === 'transition' && !transitions.length }))}
                data-testid="flow-timer-action"
              />
              {action === 'notify' && timer.do?.notify && (
                <FlowNotificationEditor byTimer notification={timer.do.notify} fields={fields} directory={directory} pointer={`/timers/${i}/do/notify`} problems={problems} onChange={(notify) => set(i, { ...timer, do: { notify } })} />
              )}
              {action === 'escalate' && <Typography.Text type="secondary">{t('flows.timer.escalateHint')}</Typography.Text>}
              {action === 'transition' && (
                <Select value={timer.do.transition} onChange={(transition: string) => set(i, { ...timer, do: { transition } })} options={transitions.map((tr) => ({ value: tr.action, label: label(tr.labels, tr.action) }))} popupMatchSelectWidth={false} data-testid="flow-timer-transition" />
              )}
              <InlineProblems problems={problemsUnder(problems, `/timers/${i}`).filter((p) => !shownInside.some((part) => problemsUnder([p], `/timers/${i}/${part}`).length))} testId="flow-timer-problems" />
            </div>
          </Card>
        );
      })}
      <Button icon={<PlusOutlined />} onClick={add} data-testid="flow-timer-add">
        {t('flows.timer.add')}
      </Button>
    </div>
  );
}
