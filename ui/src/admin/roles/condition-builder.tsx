// A record scope written as a condition: rows of "field operator value", all of which must hold, where the value is
// typed or is the signed-in user / their department. Conditions the rows cannot express stay editable as json-logic.
import { useState } from 'react';
import { Alert, Button, Input, Modal, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { FieldMeta } from '../../api/types';
import { useEntityMeta } from '../../common/use-meta';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/zh-CN';

const OPERATORS = ['==', '!=', '>', '>=', '<', '<='] as const;
type Operator = (typeof OPERATORS)[number];
const SOURCES = ['value', '$user.id', '$user.department'] as const;
type Source = (typeof SOURCES)[number];

interface Row {
  field: string;
  op: Operator;
  source: Source;
  value: string;
}

/** The rows a condition is made of, or undefined when it has another shape. */
export function rowsOf(condition: unknown): Row[] | undefined {
  const parts = condition && typeof condition === 'object' && 'and' in condition ? (condition as { and: unknown }).and : [condition];
  if (!Array.isArray(parts)) return undefined;
  const rows: Row[] = [];
  for (const part of parts) {
    if (!part || typeof part !== 'object' || Object.keys(part).length !== 1) return undefined;
    const [op, args] = Object.entries(part)[0]!;
    if (!OPERATORS.includes(op as Operator) || !Array.isArray(args) || args.length !== 2) return undefined;
    const [left, right] = args as [unknown, unknown];
    const field = (left as { var?: unknown } | null)?.var;
    if (typeof field !== 'string') return undefined;
    const source = (right as { var?: unknown } | null)?.var;
    if (source !== undefined && !SOURCES.includes(source as Source)) return undefined;
    if (source === undefined && typeof right === 'object' && right !== null) return undefined;
    rows.push({ field, op: op as Operator, source: (source as Source | undefined) ?? 'value', value: source === undefined ? String(right ?? '') : '' });
  }
  return rows;
}

function conditionOf(rows: Row[], fields: FieldMeta[]): unknown {
  const parts = rows.map((r) => {
    const type = fields.find((f) => f.name === r.field)?.type;
    const numeric = type === 'integer' || type === 'decimal' || type === 'money';
    const value = r.source !== 'value' ? { var: r.source } : numeric && r.value.trim() !== '' && !Number.isNaN(Number(r.value)) ? Number(r.value) : r.value;
    return { [r.op]: [{ var: r.field }, value] };
  });
  return parts.length === 1 ? parts[0] : { and: parts };
}

interface Props {
  entity: string;
  condition: unknown;
  onSave(condition: unknown): void;
  onClose(): void;
}

export function ConditionBuilder({ entity, condition, onSave, onClose }: Props) {
  const { t, label } = useI18n();
  const meta = useEntityMeta(entity);
  const initialRows = rowsOf(condition);
  const [rows, setRows] = useState<Row[]>(initialRows ?? [{ field: 'owner', op: '==', source: '$user.id', value: '' }]);
  const [advanced, setAdvanced] = useState(initialRows ? undefined : JSON.stringify(condition, null, 2));
  const [problem, setProblem] = useState<string>();
  const fields = meta.data?.fields ?? [];
  const set = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const save = () => {
    if (advanced === undefined) {
      if (!rows.length || rows.some((r) => !r.field)) return setProblem(t('role.condition.incomplete'));
      return onSave(conditionOf(rows, fields));
    }
    try {
      onSave(JSON.parse(advanced));
    } catch {
      setProblem(t('role.condition.badJson'));
    }
  };

  return (
    <Modal open title={t('role.condition.title')} okText={t('role.condition.apply')} onOk={save} onCancel={onClose} width={720} destroyOnHidden>
      <p className="role-hint">{t('role.condition.intro')}</p>
      {advanced === undefined ? (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="condition-rows">
          {rows.map((r, i) => (
            <Space key={i} wrap>
              <Select style={{ width: 180 }} value={r.field || undefined} placeholder={t('role.condition.field')} showSearch optionFilterProp="label" onChange={(field) => set(i, { field })} options={fields.map((f) => ({ value: f.name, label: label(f.labels, f.name) }))} />
              <Select style={{ width: 110 }} value={r.op} onChange={(op) => set(i, { op })} options={OPERATORS.map((op) => ({ value: op, label: t(`role.op.${op}` as MessageKey) }))} />
              <Select style={{ width: 150 }} value={r.source} onChange={(source) => set(i, { source })} options={SOURCES.map((s) => ({ value: s, label: t(`role.source.${s}` as MessageKey) }))} />
              {r.source === 'value' && <Input style={{ width: 160 }} value={r.value} onChange={(e) => set(i, { value: e.target.value })} placeholder={t('role.condition.value')} />}
              <Button icon={<DeleteOutlined />} aria-label={t('role.condition.remove')} onClick={() => setRows(rows.filter((_, j) => j !== i))} />
            </Space>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => setRows([...rows, { field: '', op: '==', source: 'value', value: '' }])}>
            {t('role.condition.add')}
          </Button>
        </Space>
      ) : (
        <>
          <Alert type="info" showIcon title={t('role.condition.advancedHint')} className="admin-alert" />
          <Input.TextArea rows={8} value={advanced} onChange={(e) => setAdvanced(e.target.value)} style={{ fontFamily: 'monospace' }} />
        </>
      )}
      {problem && <Alert type="error" showIcon title={problem} className="admin-alert" />}
    </Modal>
  );
}
