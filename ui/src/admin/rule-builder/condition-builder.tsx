// The condition builder: json-logic edited as nested groups (全部满足 / 任一满足) of rows "field · operator · value",
// fields picked by label and typed. What the rows cannot show stays in the tree as raw JSON with a note (never
// dropped); experts switch to the whole rule as JSON, which is parsed before it is taken.
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Input, Radio, Select, Space, Typography } from 'antd';
import { BranchesOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/zh-CN';
import { operatorsFor, type BuilderField } from './builder-field';
import { RuleValueInput } from './rule-value-input';
import { incompleteRows, isRowComplete, logicOf, newNodeId, replaceNode, treeOf, type RuleGroup, type RuleNode, type RuleRow } from './rule-tree';

export interface BuilderState {
  /** Every row names a field and has its value. */
  complete: boolean;
  /** The JSON typed in the expert view parses. */
  valid: boolean;
}

interface Props {
  fields: BuilderField[];
  value: unknown;
  onChange(logic: unknown, state: BuilderState): void;
  /** Shown when there is no condition at all (e.g. "always holds"). */
  emptyText?: string;
  testId?: string;
}

/** The context variables the fields offer as values (`$user.id` for a user field), so rows naming them read back as rows. */
const variablesOf = (fields: BuilderField[]): string[] => fields.flatMap((f) => (f.contextValues ?? []).map((c) => c.name));

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function ConditionBuilder({ fields, value, onChange, emptyText, testId }: Props) {
  const { t } = useI18n();
  const options = { variables: variablesOf(fields) };
  const [tree, setTree] = useState<RuleGroup>(() => treeOf(value, options));
  const [json, setJson] = useState<{ text: string; error?: string }>();
  const emitted = useRef<unknown>(value);
  // A new value from outside (another rule opened) replaces the tree; our own edits come back equal.
  useEffect(() => {
    if (!same(value, emitted.current)) {
      emitted.current = value;
      setTree(treeOf(value, options));
      setJson(undefined);
    }
  }, [value]);

  const update = (next: RuleGroup) => {
    setTree(next);
    const logic = logicOf(next);
    emitted.current = logic;
    onChange(logic, { complete: incompleteRows(next).length === 0, valid: true });
  };
  const typeJson = (text: string) => {
    if (text.trim() === '') {
      setJson({ text });
      return update(treeOf(undefined));
    }
    try {
      const logic: unknown = JSON.parse(text);
      setJson({ text });
      setTree(treeOf(logic, options));
      emitted.current = logic;
      onChange(logic, { complete: true, valid: true });
    } catch (e) {
      setJson({ text, error: (e as Error).message });
      onChange(emitted.current, { complete: true, valid: false });
    }
  };

  return (
    <div className="rule-builder" data-testid={testId}>
      <div className="rule-builder-bar">
        <Radio.Group
          size="small"
          optionType="button"
          value={json ? 'json' : 'rows'}
          onChange={(e) => setJson(e.target.value === 'json' ? { text: emitted.current === undefined ? '' : JSON.stringify(emitted.current, null, 2) } : undefined)}
          options={[
            { value: 'rows', label: t('rules.rows'), disabled: !!json?.error },
            { value: 'json', label: t('rules.json') },
          ]}
        />
      </div>
      {json ? (
        <>
          <Input.TextArea className="rule-json" aria-label={t('rules.json')} autoSize={{ minRows: 4, maxRows: 16 }} value={json.text} status={json.error ? 'error' : undefined} onChange={(e) => typeJson(e.target.value)} />
          {json.error && <Typography.Text type="danger">{t('rules.jsonInvalid', { reason: json.error })}</Typography.Text>}
        </>
      ) : (
        <GroupView group={tree} fields={fields} root emptyText={emptyText} onChange={(g) => update(g)} onReplace={(id, node) => update(replaceNode(tree, id, node))} />
      )}
    </div>
  );
}

interface GroupProps {
  group: RuleGroup;
  fields: BuilderField[];
  root?: boolean;
  emptyText?: string;
  onChange(group: RuleGroup): void;
  /** Replaces (or, with undefined, removes) a node anywhere below the root. */
  onReplace(id: string, node: RuleNode | undefined): void;
}

function GroupView({ group, fields, root, emptyText, onChange, onReplace }: GroupProps) {
  const { t } = useI18n();
  const first = fields[0];
  const freshRow = (): RuleRow => ({ kind: 'row', id: newNodeId(), field: first?.name ?? '', op: operatorsFor(first)[0]! });
  const add = (node: RuleNode) => onChange({ ...group, children: [...group.children, node] });
  return (
    <div className={root ? 'rule-group rule-group-root' : 'rule-group'} data-testid="rule-group">
      <Space className="rule-group-head" wrap>
        <Select
          size="small"
          aria-label={t('rules.combinator')}
          value={group.combinator}
          onChange={(combinator) => onChange({ ...group, combinator })}
          options={[
            { value: 'and', label: t('rules.all') },
            { value: 'or', label: t('rules.any') },
          ]}
          popupMatchSelectWidth={false}
        />
        <Typography.Text type="secondary">{t('rules.ofThese')}</Typography.Text>
        {!root && <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('rules.removeGroup')} onClick={() => onReplace(group.id, undefined)} />}
      </Space>
      {root && group.children.length === 0 && <div className="rule-empty">{emptyText ?? t('rules.always')}</div>}
      {group.children.map((child) =>
        child.kind === 'group' ? (
          <GroupView key={child.id} group={child} fields={fields} onChange={(g) => onReplace(child.id, g)} onReplace={onReplace} />
        ) : child.kind === 'row' ? (
          <RowView key={child.id} row={child} fields={fields} onChange={(r) => onReplace(child.id, r)} onRemove={() => onReplace(child.id, undefined)} />
        ) : (
          <Alert
            key={child.id}
            type="warning"
            className="rule-raw"
            data-testid="rule-raw"
            title={t('rules.raw')}
            description={<Typography.Text code className="rule-raw-json">{JSON.stringify(child.logic)}</Typography.Text>}
            action={<Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('rules.rawRemove')} onClick={() => onReplace(child.id, undefined)} />}
          />
        ),
      )}
      <Space className="rule-group-add">
        <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add(freshRow())} data-testid="rule-add-row">
          {t('rules.addRow')}
        </Button>
        <Button size="small" type="dashed" icon={<BranchesOutlined />} onClick={() => add({ kind: 'group', id: newNodeId(), combinator: group.combinator === 'and' ? 'or' : 'and', explicit: true, children: [freshRow()] })}>
          {t('rules.addGroup')}
        </Button>
      </Space>
    </div>
  );
}

function RowView({ row, fields, onChange, onRemove }: { row: RuleRow; fields: BuilderField[]; onChange(row: RuleRow): void; onRemove(): void }) {
  const { t } = useI18n();
  const field = fields.find((f) => f.name === row.field);
  const dated = field?.type === 'date' || field?.type === 'datetime';
  const opLabel = (op: string) => t((dated && ['<', '<=', '>', '>='].includes(op) ? `rules.op.date.${op}` : `rules.op.${op}`) as MessageKey);
  // A field the builder does not offer (archived, or not readable) still shows by name so nothing is lost.
  const options = [...fields.map((f) => ({ value: f.name, label: f.label })), ...(field || !row.field ? [] : [{ value: row.field, label: row.field }])];
  return (
    <div className={isRowComplete(row) ? 'rule-row' : 'rule-row rule-row-incomplete'} data-testid="rule-row">
      <Select
        className="rule-field"
        aria-label={t('rules.field')}
        value={row.field || undefined}
        placeholder={t('rules.field')}
        showSearch={{ optionFilterProp: 'label' }}
        options={options}
        popupMatchSelectWidth={false}
        onChange={(name: string) => {
          const next = fields.find((f) => f.name === name);
          const ops = operatorsFor(next);
          onChange({ ...row, field: name, op: ops.includes(row.op) && next?.type === field?.type ? row.op : ops[0]!, value: next?.type === field?.type ? row.value : undefined });
        }}
      />
      <Select
        className="rule-op"
        aria-label={t('rules.operator')}
        value={row.op}
        popupMatchSelectWidth={false}
        options={[...new Set([...operatorsFor(field), row.op])].map((op) => ({ value: op, label: opLabel(op) }))}
        onChange={(op) => onChange({ ...row, op, value: Array.isArray(row.value) === ['in', 'not_in'].includes(op) ? row.value : undefined })}
      />
      <RuleValueInput field={field} op={row.op} value={row.value} onChange={(value) => onChange({ ...row, value })} />
      <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('rules.removeRow')} onClick={onRemove} />
    </div>
  );
}
