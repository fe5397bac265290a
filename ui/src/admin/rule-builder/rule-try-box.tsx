// 试一试: the rule being edited, evaluated by the server's own evaluator (POST /api/admin/rules/try) on a record the
// admin picks, with the values of the fields it reads typed over it if wanted. Shows holds / fails, the formula's
// value, or the message a save would show; a rule the server refuses shows its problems at their JSON pointers.
import { useState } from 'react';
import { Alert, Button, Card, Space, Typography } from 'antd';
import { ExperimentOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client';
import { tryRule, type RuleKind, type RuleTryAnswer } from '../../api/rule-try-api';
import type { ErrorDetail, Labels } from '../../api/types';
import { errorText } from '../../common/error-text';
import { RefSelect } from '../../common/ref-select';
import { useI18n } from '../../i18n/i18n-context';
import { ProblemList } from '../problem-list';
import type { BuilderField } from './builder-field';
import { RuleValueInput } from './rule-value-input';
import { fieldsRead } from './rule-tree';

interface Props {
  entity: string;
  fields: BuilderField[];
  logic: unknown;
  kind: RuleKind;
  /** A validation rule's message, shown as a save would show it. */
  message?: Labels;
}

type Outcome = { answer: RuleTryAnswer } | { problems: ErrorDetail[] } | { error: string };

export function RuleTryBox({ entity, fields, logic, kind, message }: Props) {
  const { t } = useI18n();
  const [record, setRecord] = useState<string>();
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const read = fieldsRead(logic).flatMap((name) => fields.filter((f) => f.name === name));
  const typed = Object.fromEntries(Object.entries(values).filter(([k, v]) => v !== undefined && read.some((f) => f.name === k)));

  const run = async () => {
    setBusy(true);
    try {
      const answer = await tryRule({ entity, logic, kind, ...(record ? { record_id: record } : {}), ...(Object.keys(typed).length ? { values: typed } : {}), ...(message && kind === 'validation' ? { message } : {}) });
      setOutcome({ answer });
    } catch (e) {
      setOutcome(e instanceof ApiError && e.status === 422 && e.details.length ? { problems: e.details } : { error: errorText(t, e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" className="rule-try" title={t('rules.try.title')} data-testid="rule-try">
      <Space direction="vertical" className="full-width">
        <Space wrap>
          <span>{t('rules.try.record')}</span>
          <RefSelect target={entity} value={record} onChange={(v) => setRecord(typeof v === 'string' ? v : undefined)} className="rule-try-record" placeholder={t('rules.try.recordPlaceholder')} />
        </Space>
        {read.length > 0 && (
          <div className="rule-try-values">
            <Typography.Text type="secondary">{t('rules.try.values')}</Typography.Text>
            {read.map((f) => (
              <div className="rule-row" key={f.name}>
                <span className="rule-try-label">{f.label}</span>
                <RuleValueInput field={f} op={f.type === 'multi_enum' ? 'in' : '=='} value={values[f.name]} onChange={(v) => setValues({ ...values, [f.name]: v })} />
              </div>
            ))}
          </div>
        )}
        <Button icon={<ExperimentOutlined />} onClick={() => void run()} loading={busy} disabled={logic === undefined || (!record && !Object.keys(typed).length)} data-testid="rule-try-run">
          {t('rules.try.run')}
        </Button>
        {!record && !Object.keys(typed).length && <Typography.Text type="secondary">{t('rules.try.needInput')}</Typography.Text>}
        {outcome && <TryOutcome outcome={outcome} kind={kind} />}
      </Space>
    </Card>
  );
}

function TryOutcome({ outcome, kind }: { outcome: Outcome; kind: RuleKind }) {
  const { t } = useI18n();
  if ('error' in outcome) return <Alert type="error" showIcon title={outcome.error} data-testid="rule-try-result" />;
  if ('problems' in outcome) return <Alert type="error" showIcon title={t('rules.try.invalid')} description={<ProblemList problems={outcome.problems} />} data-testid="rule-try-result" />;
  const { result, message } = outcome.answer;
  if (kind === 'formula') {
    const text = result === null || result === undefined || result === '' ? t('rules.try.noValue') : typeof result === 'object' ? JSON.stringify(result) : String(result);
    return <Alert type="info" showIcon title={t('rules.try.value', { value: text })} data-testid="rule-try-result" />;
  }
  if (kind === 'validation') {
    return result ? (
      <Alert type="success" showIcon title={t('rules.try.passes')} data-testid="rule-try-result" />
    ) : (
      <Alert type="warning" showIcon title={t('rules.try.blocked')} description={message} data-testid="rule-try-result" />
    );
  }
  return <Alert type={result ? 'success' : 'warning'} showIcon title={t(result ? 'rules.try.holds' : 'rules.try.fails')} data-testid="rule-try-result" />;
}
