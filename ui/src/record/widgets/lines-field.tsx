// @rjsf field "lines": a record's owned lines (quote lines, order lines) as an editable grid with add / remove,
// read-only formula columns (the server computes them: a changed line shows "computed on save") and a totals row.
import { Button, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { FieldProps } from '@rjsf/utils';
import type { FieldMeta, JsonSchema } from '../../api/types';
import { useEntityMeta } from '../../common/use-meta';
import { formatMoney, formatNumber } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n-context';
import { sameValue } from '../form-data';
import { baseType, LineCell } from './line-cell';

type Line = Record<string, unknown>;
type Column = { name: string; title: string; schema?: JsonSchema; formula?: FieldMeta; money: boolean; summed: boolean };

export interface LinesContext {
  /** The lines as last read from the server, with their computed values, by field name. */
  savedLines: Record<string, Line[]>;
}

function widthOf(col: Column, ui?: Record<string, unknown>): number {
  if (col.formula || col.money) return 130;
  if (ui?.['ui:widget'] === 'ref') return 190;
  const s = col.schema ?? {};
  if (s.oneOf) return 130;
  const type = baseType(s);
  if (type === 'integer' || type === 'number') return col.name === 'line_no' ? 64 : 90;
  if (type === 'boolean') return 60;
  return typeof s.maxLength === 'number' && s.maxLength <= 20 ? 70 : 160;
}

export function LinesField({ schema, uiSchema, formData, onChange, errorSchema, fieldPathId, disabled, readonly, registry, name }: FieldProps) {
  const { t, locale, label } = useI18n();
  const items = (schema as JsonSchema).items ?? {};
  const itemsUi = (uiSchema?.items ?? {}) as Record<string, Record<string, unknown>>;
  const target = String((uiSchema?.['ui:options'] as Record<string, unknown> | undefined)?.target ?? '');
  const targetMeta = useEntityMeta(target).data;
  const lines = (Array.isArray(formData) ? formData : []) as Line[];
  const saved = ((registry.formContext as LinesContext | undefined)?.savedLines?.[name] ?? []) as Line[];
  const locked = !!(disabled || readonly);
  const props = items.properties ?? {};
  const order = ((itemsUi['ui:order'] as unknown as string[] | undefined) ?? Object.keys(props)).filter((n) => n in props && n !== 'id');

  const formulas = (targetMeta?.fields ?? []).filter((f) => f.type === 'formula');
  const computedAmount = formulas.some((f) => f.resultType === 'money');
  const columns: Column[] = [
    ...order.map((n) => {
      const s = props[n]!;
      const money = itemsUi[n]?.['ui:widget'] === 'money';
      // Totals for amounts and open-ended quantities, not for percentages, days or line numbers; and when the
      // line amount is computed, an entered money column is a unit price, whose sum means nothing.
      const summed = (money && !computedAmount) || (baseType(s) === 'number' && s.maximum === undefined && !money);
      return { name: n, title: s.title ?? n, schema: s, money, summed };
    }),
    ...formulas.map((f) => ({ name: f.name, title: label(f.labels, f.name), formula: f, money: f.resultType === 'money', summed: ['money', 'decimal', 'integer'].includes(f.resultType ?? 'decimal') })),
  ];

  // A computed value is shown only while the line is as the server last saw it.
  const computed = (line: Line, col: Column): number | undefined => {
    const original = saved.find((s) => s.id !== undefined && s.id === line.id);
    if (!original) return undefined;
    const unchanged = order.every((n) => sameValue(original[n], line[n]));
    const v = original[col.name];
    return unchanged && typeof v === 'number' ? v : undefined;
  };
  const show = (col: Column, v: number) => (col.money ? formatMoney(v) : formatNumber(v, locale));

  const update = (i: number, field: string, value: unknown) => onChange(lines.map((l, j) => (j === i ? { ...l, [field]: value } : l)), fieldPathId.path);
  const add = () => {
    const fresh: Line = {};
    for (const [n, s] of Object.entries(props)) if (s.default !== undefined) fresh[n] = s.default;
    if ('line_no' in props) fresh.line_no = lines.reduce((m, l) => Math.max(m, Number(l.line_no) || 0), 0) + 1;
    onChange([...lines, fresh], fieldPathId.path);
  };
  const remove = (i: number) => onChange(lines.filter((_, j) => j !== i), fieldPathId.path);
  const errs = (errorSchema ?? {}) as Record<string, Record<string, { __errors?: string[] }> & { __errors?: string[] }>;

  const tableColumns = [
    ...columns.map((col) => ({
      key: col.name,
      title: col.title,
      width: widthOf(col, itemsUi[col.name]),
      align: col.formula ? ('right' as const) : undefined,
      render: (_: unknown, line: Line, i: number) => {
        if (col.formula) {
          const v = computed(line, col);
          return v === undefined ? <Typography.Text type="secondary" className="line-pending">{t('lines.computedLater')}</Typography.Text> : show(col, v);
        }
        return <LineCell id={`${fieldPathId.$id}_${i}_${col.name}`} schema={col.schema!} ui={itemsUi[col.name] ?? {}} value={line[col.name]} onChange={(v) => update(i, col.name, v)} errors={errs[i]?.[col.name]?.__errors} disabled={locked} />;
      },
    })),
    ...(locked ? [] : [{ key: '__remove', width: 44, render: (_: unknown, __: Line, i: number) => <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('lines.remove')} onClick={() => remove(i)} /> }]),
  ];

  const total = (col: Column): string => {
    if (col.formula) {
      const values = lines.map((l) => computed(l, col));
      return values.some((v) => v === undefined) ? t('lines.computedLater') : show(col, values.reduce<number>((s, v) => s + (v ?? 0), 0));
    }
    return show(col, lines.reduce((s, l) => s + (typeof l[col.name] === 'number' ? (l[col.name] as number) : 0), 0));
  };
  const lineErrors = lines.flatMap((_, i) => (errs[i]?.__errors ?? []).map((m) => `#${i + 1}: ${m}`));

  return (
    <div className="lines-field" data-testid={`lines-${name}`}>
      <div className="lines-header">
        <Typography.Text strong>{(schema as JsonSchema).title ?? name}</Typography.Text>
        {!locked && (
          <Button size="small" icon={<PlusOutlined />} onClick={add}>
            {t('lines.add')}
          </Button>
        )}
      </div>
      <Table<Line>
        size="small"
        className="lines-table"
        rowKey={(l) => String(l.id ?? lines.indexOf(l))}
        columns={tableColumns}
        dataSource={lines}
        pagination={false}
        tableLayout="fixed"
        scroll={{ x: tableColumns.reduce((s, c) => s + c.width, 0) }}
        locale={{ emptyText: t('lines.empty') }}
        summary={() =>
          // Lines without a number column have nothing to total: no empty 合计 row.
          lines.length > 0 && columns.some((c) => c.summed) && (
            <Table.Summary.Row className="lines-total">
              {columns.map((col, i) => (
                <Table.Summary.Cell key={col.name} index={i} align={col.summed ? 'right' : undefined}>
                  {i === 0 ? t('lines.total') : col.summed ? total(col) : null}
                </Table.Summary.Cell>
              ))}
              {!locked && <Table.Summary.Cell index={columns.length} />}
            </Table.Summary.Row>
          )
        }
      />
      {lineErrors.map((m) => (
        <Typography.Text type="danger" key={m} className="lines-error">
          {m}
        </Typography.Text>
      ))}
    </div>
  );
}
