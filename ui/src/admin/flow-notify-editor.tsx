// 通知: a message a transition (or a timer) sends. Recipients are the approver rules the engine resolves along the
// org chart (engine/workflow/resolve-recipients.ts): named users, a role, a manager, a department head, a user field
// of the record such as its owner. Title and body are Handlebars templates in zh-CN and en over what the engine
// passes (engine/workflow/action-run.ts notify): the record's fields, its name, the entity's name and who acted.
import { Button, Card, Input, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ErrorDetail, FieldMeta } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-CN';
import { APPROVER_KINDS, ApproverEditor, newApprover } from './approver-editor';
import { newNotification, OWNER } from './flow-automation';
import { problemsUnder } from './flow-pointers';
import { InlineProblems } from './flow-problem-list';
import type { FlowDirectory } from './use-flow-directory';

type Doc = Record<string, any>;
type Lang = 'zh-CN' | 'en';
/** Nobody picks recipients when a message goes out, so "chosen by the submitter" is not offered. */
const RECIPIENT_KINDS = APPROVER_KINDS.filter((k) => k !== 'chosen');

interface NotificationProps {
  notification: Doc;
  fields: FieldMeta[];
  directory: FlowDirectory;
  /** Where the notification sits in the flow document (`/transitions/3/notify/0`, `/timers/1/do/notify`). */
  pointer: string;
  problems: readonly ErrorDetail[];
  /** A timer acts as the system: there is no person who acted to name. */
  byTimer?: boolean;
  onChange(n: Doc): void;
}

export function FlowNotificationEditor({ notification, fields, directory, pointer, problems, byTimer, onChange }: NotificationProps) {
  const { t } = useI18n();
  const to: Doc[] = notification.to ?? [];
  const setTo = (next: Doc[]) => onChange({ ...notification, to: next });
  // Both languages are required: the first one typed also fills the other until that is written.
  const text = (part: 'title' | 'body', lang: Lang, value: string) => {
    const labels = { [lang === 'en' ? 'zh-CN' : 'en']: value, ...notification[part], [lang]: value };
    const { [part]: _old, ...rest } = notification;
    // A body with neither language is no body; a title is required by the metadata, so it stays (the server says so).
    onChange(part === 'body' && !labels['zh-CN'] && !labels.en ? rest : { ...rest, [part]: labels });
  };
  const example = fields.find((f) => !f.system)?.name ?? 'name';
  return (
    <div className="flow-notification" data-testid="flow-notification">
      <div className="flow-field-label">{t('flows.notify.to')}</div>
      {to.map((rule, i) => (
        <ApproverEditor key={i} kinds={RECIPIENT_KINDS} rule={rule} fields={fields} directory={directory} onChange={(r) => setTo(to.map((x, j) => (j === i ? r : x)))} onRemove={() => setTo(to.filter((_, j) => j !== i))} />
      ))}
      <Space size={6}>
        <Button size="small" icon={<PlusOutlined />} onClick={() => setTo([...to, { ...OWNER }])} data-testid="flow-notify-add-owner">
          {t('flows.notify.addOwner')}
        </Button>
        <Button size="small" icon={<PlusOutlined />} onClick={() => setTo([...to, newApprover('role')])}>
          {t('flows.notify.addRecipient')}
        </Button>
      </Space>
      <InlineProblems problems={problemsUnder(problems, `${pointer}/to`)} />
      <div className="flow-field-label">{t('flows.notify.title')}</div>
      <Space.Compact block>
        <Input value={notification.title?.['zh-CN'] ?? ''} placeholder={t('flows.notify.titleZh')} onChange={(e) => text('title', 'zh-CN', e.target.value)} data-testid="flow-notify-title" />
        <Input value={notification.title?.en ?? ''} placeholder={t('flows.notify.titleEn')} onChange={(e) => text('title', 'en', e.target.value)} />
      </Space.Compact>
      <InlineProblems problems={problemsUnder(problems, `${pointer}/title`)} testId="flow-notify-problems" />
      <div className="flow-field-label">{t('flows.notify.body')}</div>
      <Input.TextArea rows={2} value={notification.body?.['zh-CN'] ?? ''} placeholder={t('flows.notify.bodyZh')} onChange={(e) => text('body', 'zh-CN', e.target.value)} data-testid="flow-notify-body" />
      <Input.TextArea rows={2} value={notification.body?.en ?? ''} placeholder={t('flows.notify.bodyEn')} onChange={(e) => text('body', 'en', e.target.value)} />
      <InlineProblems problems={problemsUnder(problems, `${pointer}/body`)} />
      <Typography.Text type="secondary" className="flow-hint">
        {t(byTimer ? 'flows.notify.variablesTimer' : 'flows.notify.variables', { display: '{{display}}', record: `{{record.${example}}}`, entity: '{{entity.zh-CN}}', actor: '{{actor}}' })}
      </Typography.Text>
    </div>
  );
}

/** Who a notification goes to, in words: 负责人、角色「服务经理」、上级… (its card's title). */
function useRecipientsText(fields: FieldMeta[], directory: FlowDirectory): (to: Doc[]) => string {
  const { t, label } = useI18n();
  const named = (list: { value: string; label: string }[], code: string) => list.find((x) => x.value === code)?.label ?? code;
  const one = (rule: Doc): string => {
    const kind = t(`flows.approver.kind.${rule.kind}` as MessageKey);
    if (rule.kind === 'field') return label(fields.find((f) => f.name === rule.field)?.labels, rule.field ?? kind);
    if (rule.kind === 'role' && rule.role) return t('flows.notify.toRole', { role: named(directory.roles, rule.role) });
    if (rule.kind === 'users' && rule.users?.length) return (rule.users as string[]).map((u) => named(directory.users, u)).join('、');
    return kind;
  };
  return (to) => (to.length ? to.map(one).join('、') : t('flows.notify.toNobody'));
}

interface ListProps extends Omit<NotificationProps, 'notification' | 'onChange' | 'byTimer'> {
  notify: Doc[] | undefined;
  /** The new notification's title, e.g. "{{display}} 已晋升到「商务谈判」". */
  defaultTitle: { 'zh-CN': string; en: string };
  onChange(notify: Doc[] | undefined): void;
}

/** A transition's notifications: each one edited in its card, added and deleted. */
export function FlowNotifyList({ notify, defaultTitle, pointer, onChange, ...rest }: ListProps) {
  const { t } = useI18n();
  const recipientsText = useRecipientsText(rest.fields, rest.directory);
  const list = notify ?? [];
  const set = (next: Doc[]) => onChange(next.length ? next : undefined);
  return (
    <div className="flow-notify" data-testid="flow-notify">
      {list.length === 0 && <Typography.Text type="secondary">{t('flows.notify.none')}</Typography.Text>}
      {list.map((n, i) => (
        <Card key={i} size="small" className="flow-step" title={<span data-testid="flow-notify-card-title">{t('flows.notify.cardTitle', { n: i + 1, to: recipientsText(n.to ?? []) })}</span>} extra={<Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('flows.notify.remove')} onClick={() => set(list.filter((_, j) => j !== i))} />}>
          <FlowNotificationEditor {...rest} notification={n} pointer={`${pointer}/${i}`} onChange={(next) => set(list.map((x, j) => (j === i ? next : x)))} />
        </Card>
      ))}
      <Button size="small" icon={<PlusOutlined />} onClick={() => set([...list, newNotification(defaultTitle)])} data-testid="flow-notify-add">
        {t('flows.notify.add')}
      </Button>
    </div>
  );
}
