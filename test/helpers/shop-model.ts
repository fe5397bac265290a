// A small model exercising every field type, for API tests independent of the core CRM metadata.
import { entity, L, modelOf } from './model-builder.ts';

const opt = (code: string) => ({ code, labels: L(code, code) });

export function shopModel() {
  return modelOf([
    entity(
      'account',
      {
        grade: { type: 'enum', options: [opt('A'), opt('B'), opt('C')], default: 'B' },
        credit: { type: 'money', min: 0 },
        since: { type: 'date' },
        met_at: { type: 'datetime' },
        tags: { type: 'multi_enum', options: [opt('vip'), opt('new'), opt('export')] },
        active: { type: 'boolean', default: true },
        notes: { type: 'text' },
        rating: { type: 'integer', min: 1, max: 5 },
        extra: { type: 'json' },
        parent: { type: 'ref', target: 'account', onDelete: 'set_null' },
      },
      { searchFields: ['title'], indexes: [{ fields: ['grade'] }] },
    ),
    entity(
      'deal',
      {
        account: { type: 'ref', target: 'account', onDelete: 'restrict', required: true },
        amount: { type: 'money' },
        close_date: { type: 'date' },
        start_date: { type: 'date' },
        number: { type: 'autonumber', template: 'D-{{date "YYYYMM"}}-{{seq 4}}', reset: 'monthly' },
        lines: { type: 'children', target: 'deal_line', foreignKey: 'deal' },
        rivals: { type: 'many_to_many', target: 'account' },
        lines_total: { type: 'rollup', of: 'lines', aggregate: 'sum', field: 'amount', resultType: 'money' },
        line_count: { type: 'rollup', of: 'lines', aggregate: 'count', resultType: 'integer' },
      },
      {
        rules: [
          {
            name: 'close_after_start',
            condition: { or: [{ missing: ['close_date'] }, { missing: ['start_date'] }, { '>=': [{ var: 'close_date' }, { var: 'start_date' }] }] },
            message: L('结束日期不能早于开始日期', 'Close date must not be before start date'),
            fields: ['close_date'],
          },
        ],
      },
    ),
    entity('deal_line', {
      deal: { type: 'ref', target: 'deal', onDelete: 'cascade', required: true },
      qty: { type: 'decimal', precision: 10, scale: 2, required: true },
      price: { type: 'money', required: true },
      amount: { type: 'formula', resultType: 'money', formula: { '*': [{ var: 'qty' }, { var: 'price' }] } },
    }),
  ]);
}
