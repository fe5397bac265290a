// A report's parameter values, for the builder's live preview and for 定时发送: one box per parameter of the report, a
// date one either a fixed date or a relative period (上月的第一天…), which the server resolves from the run's day (a
// schedule's: each sending's). Values are kept as the API takes them (`"2026-12-01"` or `{"period", "edge"}`), so a
// schedule loads back into the form unchanged.
import { DatePicker, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReportDefinition } from '../api/reports-api';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-CN';

export const RELATIVE_PERIODS = ['today', 'yesterday', 'this_week', 'last_week', 'this_month', 'last_month', 'this_quarter', 'last_quarter', 'this_year', 'last_year', 'last_7_days', 'last_30_days', 'month_to_date', 'year_to_date'] as const;

type Parameter = NonNullable<ReportDefinition['parameters']>[number];
type RelativeDate = { period: string; edge: 'start' | 'end' };
type DateValue = string | RelativeDate | undefined;
const FIXED = '__fixed';

interface Props {
  parameters: Parameter[];
  /** What the relative periods count from, in this place. */
  hint: MessageKey;
  /** Test ids: `<prefix>-parameters`, `<prefix>-param-<name>`. */
  testPrefix: 'schedule' | 'report';
}

/** The form items, under `parameters.<name>` of the surrounding form; nothing when the report has no parameters. */
export function ParameterInputs({ parameters, hint, testPrefix }: Props) {
  const { t, label } = useI18n();
  if (!parameters.length) return null;
  return (
    <div data-testid={`${testPrefix}-parameters`}>
      <Typography.Text strong>{t('schedules.parameters')}</Typography.Text>
      <Typography.Paragraph type="secondary">{t(hint)}</Typography.Paragraph>
      <Space wrap align="start">
        {parameters.map((p) => (
          <Form.Item key={p.name} name={['parameters', p.name]} label={label(p.labels, p.name)} rules={p.required && p.default === undefined ? [{ required: true, message: t('schedules.parameterRequired') }] : []}>
            {p.type === 'date' ? (
              <DateParameter edge={parameters.filter((x) => x.type === 'date').indexOf(p) === 0 ? 'start' : 'end'} testId={`${testPrefix}-param-${p.name}`} />
            ) : p.type === 'number' ? (
              <InputNumber style={{ width: 160 }} data-testid={`${testPrefix}-param-${p.name}`} />
            ) : (
              <Input style={{ width: 200 }} data-testid={`${testPrefix}-param-${p.name}`} />
            )}
          </Form.Item>
        ))}
      </Space>
    </div>
  );
}

/** A fixed date, or a period and which of its days; `edge` is the first choice's day (the first date parameter starts a range). */
function DateParameter({ value, onChange, edge, testId }: { value?: DateValue; onChange?(v: DateValue): void; edge: 'start' | 'end'; testId: string }) {
  const { t } = useI18n();
  const relative = value && typeof value === 'object' ? value : undefined;
  return (
    <Space.Compact>
      <Select
        style={{ width: 170 }}
        data-testid={testId}
        value={relative?.period ?? FIXED}
        onChange={(period: string) => onChange?.(period === FIXED ? undefined : { period, edge: relative?.edge ?? edge })}
        options={[{ value: FIXED, label: t('schedules.fixedDate') }, ...RELATIVE_PERIODS.map((p) => ({ value: p, label: t(`schedules.period.${p}` as MessageKey) }))]}
      />
      {relative ? (
        <Select
          style={{ width: 110 }}
          data-testid={`${testId}-edge`}
          value={relative.edge}
          onChange={(e: 'start' | 'end') => onChange?.({ ...relative, edge: e })}
          options={[
            { value: 'start', label: t('schedules.edgeStart') },
            { value: 'end', label: t('schedules.edgeEnd') },
          ]}
        />
      ) : (
        <DatePicker value={typeof value === 'string' ? dayjs(value) : null} placeholder={t('schedules.pickDate')} onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : undefined)} />
      )}
    </Space.Compact>
  );
}

/** The values a form holds, without the boxes left empty: what the API takes. */
export function filledValues(values: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values ?? {}).filter(([, x]) => x !== undefined && x !== null && x !== ''));
}

/** The required parameters without a default that `values` leaves out: a run needs them. */
export function missingParameters(parameters: Parameter[], values: Record<string, unknown>): Parameter[] {
  return parameters.filter((p) => p.required && p.default === undefined && values[p.name] === undefined);
}

/** "开始日期 上月·第一天，结束日期 上月·最后一天" for the schedule list (a run's resolved dates read as themselves). */
export function parametersText(parameters: Parameter[], values: Record<string, unknown>, { t, label, locale }: Pick<ReturnType<typeof useI18n>, 't' | 'label' | 'locale'>): string {
  const text = (v: unknown) => {
    if (v && typeof v === 'object') {
      const r = v as RelativeDate;
      return `${t(`schedules.period.${r.period}` as MessageKey)}·${t(r.edge === 'start' ? 'schedules.edgeStart' : 'schedules.edgeEnd')}`;
    }
    return String(v);
  };
  return parameters
    .filter((p) => values[p.name] !== undefined && values[p.name] !== null)
    .map((p) => `${label(p.labels, p.name)} ${text(values[p.name])}`)
    .join(locale === 'en' ? ', ' : '，');
}
