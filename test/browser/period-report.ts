// A saved report with a date range as parameters (opportunities by stage whose expected close date is in it), for the
// browser suites that choose its values: in the builder's preview and in a schedule.
export const PERIOD_REPORT_DEFINITION = {
  entity: 'opportunity',
  parameters: [
    { name: 'from', type: 'date', required: true, labels: { 'zh-CN': '开始日期', en: 'From' } },
    { name: 'to', type: 'date', required: true, labels: { 'zh-CN': '结束日期', en: 'To' } },
  ],
  filter: { and: [{ '>=': [{ var: 'expected_close_date' }, { var: '$param.from' }] }, { '<=': [{ var: 'expected_close_date' }, { var: '$param.to' }] }] },
  group_by: [{ field: 'stage' }],
  measures: [{ op: 'count', as: 'count' }],
};
