// 定时发送's parameter values: one box per parameter of the report, a date one either a fixed date or a relative
// period (上月的第一天…), which the server resolves at each sending from that day. Values are kept as the API takes
// them (`"2026-12-01"` or `{"period", "edge"}`), so a schedule loads back into the form unchanged.
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

/** The form items, under `parameters.<name>`; nothing when the report has no parameters. */
export function ScheduleParameters({ parameters }: { parameters: Parameter[] }) {
  const { t, label } = useI18n();
  if (!parameters.length) return null;
  return (
    <div data-testid="schedule-parameters">
      <Typography.Text strong>{t('schedules.parameters')}</Typography.Text>
      <Typography.Paragraph type="secondary">{t('schedules.parametersHint')}</Typography.Paragraph>
      <Space wrap align="start">
        {parameters.map((p) => (
          <Form.Item key={p.name} name={['parameters', p.name]} label={label(p.labels, p.name)} rules={p.required && p.default === undefined ? [{ required: true, message: t('schedules.parameterRequired') }] : []}>
            {p.type === 'date' ? (
              <DateParameter edge={parameters.filter((x) => x.type === 'date').indexOf(p) === 0 ? 'start' : 'end'} testId={`schedule-param-${p.name}`} />
            ) : p.type === 'number' ? (
              <InputNumber style={{ width: 160 }} data-testid={`schedule-param-${p.name}`} />
            ) : (
              <Input style={{ width: 200 }} data-testid={`schedule-param-${p.name}`} />
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

/** "开始日期 上月·第一天，结束日期 上月·最后一天" for the schedule list. */
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
