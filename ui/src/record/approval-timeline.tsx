// The record's workflow: current state, who the running approval waits for, and the timeline of what happened
// (submitted, approved, returned…, with comments).
import { Alert, Descriptions, Empty, Tag, Timeline, Typography } from 'antd';
import type { WorkflowHistoryEntry, WorkflowView } from '../api/workflow-api';
import type { EntityMeta } from '../api/types';
import { tagColor } from '../common/enum-tag';
import { formatDateTime } from '../i18n/format';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-CN';

// Older servers sent no labels; these actions have words in our catalogue.
const KNOWN_ACTIONS = new Set(['create', 'approve', 'reject', 'return', 'withdraw', 'transfer', 'comment', 'timer']);
// The approval moving on to a step: shown as a quiet line naming the step, not as something a person did.
const STEP_EVENTS = new Set(['step_started', 'step_skipped']);
const SYSTEM_NAMES = new Set(['system']);

/** "Waiting for 张伟, 李娜" while an approval runs, shown above the form. */
export function ApprovalWaiting({ view }: { view: WorkflowView }) {
  const { t } = useI18n();
  const pending = view.approval?.tasks.filter((x) => x.status === 'pending') ?? [];
  if (!pending.length) return null;
  return <Alert className="approval-waiting" type="warning" showIcon data-testid="approval-waiting" title={t('workflow.waiting', { names: pending.map((x) => x.approver_name).join(t('app.separator')) })} />;
}

export function ApprovalTimeline({ meta, view }: { meta: EntityMeta; view: WorkflowView }) {
  const { t, label } = useI18n();
  const stateField = meta.fields.find((f) => f.name === (meta.workflows?.find((w) => w.name === view.workflow.name)?.stateField ?? 'status'));
  const stateLabel = (code: string | null) => (code ? label(stateField?.options?.find((o) => o.code === code)?.labels, code) : '');
  const actionText = (h: WorkflowHistoryEntry) =>
    h.action_labels ? label(h.action_labels, h.action) : KNOWN_ACTIONS.has(h.action) ? t(`workflow.act.${h.action}` as MessageKey) : label(view.actions.find((a) => a.action === h.action)?.labels, h.action);
  const what = (h: WorkflowHistoryEntry) => {
    const change = !h.to_state || h.from_state === h.to_state ? '' : h.from_state ? t('workflow.stateChange', { from: stateLabel(h.from_state), to: stateLabel(h.to_state) }) : stateLabel(h.to_state);
    const step = h.step_labels ? t('workflow.inStep', { step: label(h.step_labels, h.step_id ?? '') }) : '';
    return [actionText(h) + step, change].filter(Boolean).join(' · ');
  };
  const actor = (h: WorkflowHistoryEntry) => {
    const name = h.actor_display ?? h.actor_name;
    return !name || SYSTEM_NAMES.has(name) ? t('history.system') : name;
  };
  const entries = view.history;
  return (
    <div className="approval-timeline" data-testid="approval-timeline">
      <Descriptions size="small" column={{ xs: 1, md: 2 }} className="workflow-summary">
        <Descriptions.Item label={t('workflow.state')}>
          <Tag color={tagColor(view.state.color)} bordered={false}>
            {label(view.state.labels, view.state.code)}
          </Tag>
          <Typography.Text type="secondary">{label(view.workflow.labels, view.workflow.name)}</Typography.Text>
        </Descriptions.Item>
        {view.approval && (
          <Descriptions.Item label={t('workflow.tasks')}>
            {view.approval.tasks.map((task) => (
              <Tag key={task.id} color={task.status === 'pending' ? 'orange' : task.status === 'approved' ? 'green' : task.status === 'rejected' ? 'red' : undefined} bordered={false}>
                {task.approver_name} · {t(`workflow.task.${task.status}` as MessageKey)}
              </Tag>
            ))}
          </Descriptions.Item>
        )}
      </Descriptions>
      {entries.length === 0 ? (
        <Empty description={t('workflow.noHistory')} />
      ) : (
        <Timeline
          items={entries.map((h, i) =>
            STEP_EVENTS.has(h.action)
              ? {
                  key: i,
                  color: 'gray',
                  content: (
                    <div className="workflow-step-event">
                      <Typography.Text type="secondary">
                        {actionText(h)}
                        {h.step_labels ? t('workflow.stepName', { step: label(h.step_labels, h.step_id ?? '') }) : ''}
                      </Typography.Text>
                      <Typography.Text type="secondary" className="history-time">
                        {formatDateTime(h.at)}
                      </Typography.Text>
                    </div>
                  ),
                }
              : {
                  key: i,
                  color: h.action === 'reject' || h.action === 'rejected' ? 'red' : h.action === 'approve' || h.action === 'approved' ? 'green' : 'blue',
                  content: (
                    <div>
                      <Typography.Text strong>{actor(h)}</Typography.Text> {what(h)}
                      <Typography.Text type="secondary" className="history-time">
                        {formatDateTime(h.at)}
                      </Typography.Text>
                      {h.comment && <div className="workflow-comment">{h.comment}</div>}
                    </div>
                  ),
                },
          )}
        />
      )}
    </div>
  );
}
