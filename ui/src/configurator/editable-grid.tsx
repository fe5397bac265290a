// A small editable table for the template editor: one row per item (segment, option, parameter, rule, tier step),
// cells by column kind, add / remove / move rows, and the server's problems shown on the cell their JSON pointer names.
import type { ReactNode } from 'react';
import { Button, Input, InputNumber, Select, Space, Switch, Table } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/i18n-context';

export type Row = Record<string, unknown>;

export interface GridColumn {
  key: string;
  title: string;
  kind: 'text' | 'number' | 'switch' | 'select' | 'json';
  options?: { value: string; label: string }[];
  width?: number;
  /** A cell of its own (a rule's condition opens the condition builder) instead of the kind's input. */
  render?(row: Row, index: number, set: (value: unknown) => void, status?: 'error'): ReactNode;
}

interface Props {
  /** JSON pointer of the array, e.g. "/segments/2/options": problems under it are shown on their cells. */
  pointer: string;
  columns: GridColumn[];
  rows: Row[];
  onChange(rows: Row[]): void;
  problems: Map<string, string>;
  fresh(): Row;
  addLabel: string;
  /** A row's sub-grid (a segment's options), shown when the row is expanded. */
  expanded?(row: Row, index: number): ReactNode;
  testId?: string;
}

export function EditableGrid({ pointer, columns, rows, onChange, problems, fresh, addLabel, expanded, testId }: Props) {
  const { t } = useI18n();
  const set = (i: number, key: string, value: unknown) => onChange(rows.map((r, j) => (j === i ? withValue(r, key, value) : r)));
  const move = (i: number, by: number) => {
    const next = [...rows];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    onChange(next);
  };
  const cell = (col: GridColumn, row: Row, i: number) => {
    const error = problems.get(`${pointer}/${i}/${col.key}`);
    const status = error ? ('error' as const) : undefined;
    const value = valueAt(row, col.key);
    const aria = `${col.title} ${i + 1}`;
    let input: ReactNode;
    if (col.render) input = col.render(row, i, (v) => set(i, col.key, v), status);
    else if (col.kind === 'number') input = <InputNumber aria-label={aria} status={status} className="full-width" value={value === undefined || value === '' ? null : Number(value)} onChange={(v) => set(i, col.key, v ?? undefined)} />;
    else if (col.kind === 'switch') input = <Switch aria-label={aria} size="small" checked={value === true} onChange={(v) => set(i, col.key, v)} />;
    else if (col.kind === 'select') input = <Select aria-label={aria} status={status} className="full-width" allowClear value={(value as string | undefined) ?? undefined} options={col.options} onChange={(v) => set(i, col.key, v ?? undefined)} />;
    else if (col.kind === 'json') input = <JsonCell aria={aria} status={status} value={value} onChange={(v) => set(i, col.key, v)} />;
    else input = <Input aria-label={aria} status={status} value={value === undefined ? '' : String(value)} onChange={(e) => set(i, col.key, e.target.value === '' ? undefined : e.target.value)} />;
    return error ? (
      <div>
        {input}
        <div className="cfg-cell-message">{error}</div>
      </div>
    ) : (
      input
    );
  };
  const rowProblem = (i: number) => problems.get(`${pointer}/${i}`);
  return (
    <div data-testid={testId}>
      <Table<Row & { __i: number }>
        size="small"
        pagination={false}
        rowKey="__i"
        locale={{ emptyText: t('cfged.emptyGrid', { add: addLabel }) }}
        dataSource={rows.map((r, i) => ({ ...r, __i: i }))}
        expandable={expanded ? { expandedRowRender: (r) => expanded(rows[r.__i]!, r.__i) } : undefined}
        columns={[
          ...columns.map((col) => ({ key: col.key, title: col.title, width: col.width, render: (_: unknown, r: Row & { __i: number }) => cell(col, r, r.__i) })),
          {
            key: '__actions',
            width: 110,
            render: (_: unknown, r: Row & { __i: number }) => (
              <Space size={0}>
                <Button type="text" size="small" icon={<ArrowUpOutlined />} aria-label={t('cfged.up')} disabled={r.__i === 0} onClick={() => move(r.__i, -1)} />
                <Button type="text" size="small" icon={<ArrowDownOutlined />} aria-label={t('cfged.down')} disabled={r.__i === rows.length - 1} onClick={() => move(r.__i, 1)} />
                <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('cfged.remove')} onClick={() => onChange(rows.filter((_, j) => j !== r.__i))} />
                {rowProblem(r.__i) && <span className="cfg-cell-message">{rowProblem(r.__i)}</span>}
              </Space>
            ),
          },
        ]}
      />
      {problems.get(pointer) && <div className="cfg-cell-message">{problems.get(pointer)}</div>}
      <Button size="small" type="dashed" icon={<PlusOutlined />} className="cfg-grid-add" onClick={() => onChange([...rows, fresh()])}>
        {addLabel}
      </Button>
    </div>
  );
}

/** A condition (json-logic) or other JSON value typed as text; kept as text while it does not parse. */
function JsonCell({ aria, status, value, onChange }: { aria: string; status?: 'error'; value: unknown; onChange(v: unknown): void }) {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  return (
    <Input.TextArea
      aria-label={aria}
      status={status}
      autoSize={{ minRows: 1, maxRows: 6 }}
      className="cfg-json"
      value={text === 'null' ? '' : text}
      onChange={(e) => {
        try {
          onChange(JSON.parse(e.target.value));
        } catch {
          onChange(e.target.value);
        }
      }}
    />
  );
}

/** Keys may be paths such as "labels.zh-CN" or "price.add". */
export function valueAt(row: Row, key: string): unknown {
  return key.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Row)[k] : undefined), row);
}

function withValue(row: Row, key: string, value: unknown): Row {
  const [head, ...rest] = key.split('.');
  if (!rest.length) {
    const next = { ...row };
    if (value === undefined) delete next[head!];
    else next[head!] = value;
    return next;
  }
  return { ...row, [head!]: withValue(((row[head!] as Row | undefined) ?? {}), rest.join('.'), value) };
}
