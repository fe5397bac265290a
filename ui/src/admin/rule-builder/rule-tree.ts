// json-logic ↔ the condition builder's tree, both ways and exactly: groups are `and` / `or`, a row is one comparison
// of a field with a literal, and any other shape is kept as a raw node holding the original json-logic, so nothing
// the builder cannot show is ever dropped or rewritten. No imports: the server-side tests run this file as it is.

export type Combinator = 'and' | 'or';

/** Row operators, named after the json-logic they stand for (`not_*` is the same operator under `!`). */
export const ROW_OPERATORS = ['==', '!=', '>', '>=', '<', '<=', 'contains', 'not_contains', 'starts_with', 'in', 'not_in', 'has', 'not_has', 'empty', 'not_empty'] as const;
export type RowOperator = (typeof ROW_OPERATORS)[number];

/** Operators that take no value. */
export const NO_VALUE_OPERATORS: ReadonlySet<RowOperator> = new Set(['empty', 'not_empty']);
/** Operators whose value is a list. */
export const LIST_OPERATORS: ReadonlySet<RowOperator> = new Set(['in', 'not_in']);

export interface RuleGroup {
  kind: 'group';
  id: string;
  combinator: Combinator;
  children: RuleNode[];
  /**
   * Whether the json-logic spells the group out. The root of a single condition is not spelled out (`{">": …}`
   * rather than `{"and": [{">": …}]}`), and stays so while it has one child.
   */
  explicit: boolean;
}

export interface RuleRow {
  kind: 'row';
  id: string;
  field: string;
  op: RowOperator;
  value?: unknown;
}

export interface RuleRaw {
  kind: 'raw';
  id: string;
  logic: unknown;
}

export type RuleNode = RuleGroup | RuleRow | RuleRaw;

let counter = 0;
export const newNodeId = (): string => `rn${(counter++).toString(36)}`;

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => !!x && typeof x === 'object' && !Array.isArray(x);
const single = (x: unknown): [string, unknown] | undefined => (isObject(x) && Object.keys(x).length === 1 ? Object.entries(x)[0] : undefined);
const isLiteral = (x: unknown): boolean => x === null || ['string', 'number', 'boolean'].includes(typeof x);
/** `{"today": []}` and `{"now": []}` stand for the day or instant a rule runs. */
export const isClockValue = (x: unknown): boolean => {
  const s = single(x);
  return !!s && (s[0] === 'today' || s[0] === 'now') && Array.isArray(s[1]) && s[1].length === 0;
};
const fieldOf = (x: unknown): string | undefined => {
  const s = single(x);
  return s && s[0] === 'var' && typeof s[1] === 'string' && s[1] !== '' && !s[1].startsWith('$') ? s[1] : undefined;
};

const COMPARISONS = new Set(['==', '!=', '>', '>=', '<', '<=']);

/** What else a row may compare a field with: context variables such as `$user.id` (a transition's "who" condition). */
export interface TreeOptions {
  variables?: readonly string[];
}

/** `{"var": "$user.id"}` when `$user.id` is one of the variables a row may compare with. */
export const isVariableValue = (x: unknown, variables: readonly string[] = []): boolean => {
  const s = single(x);
  return !!s && s[0] === 'var' && typeof s[1] === 'string' && variables.includes(s[1]);
};

/** One comparison as a row, or undefined when it has another shape. */
function rowOf(logic: unknown, options: TreeOptions): Omit<RuleRow, 'id' | 'kind'> | undefined {
  const s = single(logic);
  if (!s) return undefined;
  const [op, args] = s;
  if (op === '!') {
    // `{"!": [x]}` is the same as `{"!": x}` but would not come back spelled the same: kept raw.
    const inner = Array.isArray(args) ? undefined : rowOf(args, options);
    const negated: Partial<Record<RowOperator, RowOperator>> = { contains: 'not_contains', in: 'not_in', has: 'not_has', empty: 'not_empty' };
    const op2 = inner && negated[inner.op];
    return inner && op2 ? { ...inner, op: op2 } : undefined;
  }
  if (op === 'missing') return Array.isArray(args) && args.length === 1 && typeof args[0] === 'string' && args[0] !== '' ? { field: args[0], op: 'empty' } : undefined;
  if (!Array.isArray(args) || args.length !== 2) return undefined;
  const [left, right] = args as [unknown, unknown];
  const field = fieldOf(left);
  if (COMPARISONS.has(op)) return field && (isLiteral(right) || isClockValue(right) || isVariableValue(right, options.variables)) ? { field, op: op as RowOperator, value: right } : undefined;
  if (op === 'contains' || op === 'starts_with') return field && typeof right === 'string' ? { field, op, value: right } : undefined;
  if (op === 'in') {
    if (field && Array.isArray(right) && right.every(isLiteral)) return { field, op: 'in', value: right };
    const container = fieldOf(right);
    if (container && isLiteral(left) && left !== null) return { field: container, op: 'has', value: left };
  }
  return undefined;
}

function nodeOf(logic: unknown, options: TreeOptions): RuleNode {
  const s = single(logic);
  if (s && (s[0] === 'and' || s[0] === 'or') && Array.isArray(s[1])) {
    return { kind: 'group', id: newNodeId(), combinator: s[0], explicit: true, children: s[1].map((x) => nodeOf(x, options)) };
  }
  const row = rowOf(logic, options);
  return row ? { kind: 'row', id: newNodeId(), ...row } : { kind: 'raw', id: newNodeId(), logic };
}

/** The builder's tree of a rule: always a group at the root; absent (undefined) is an empty group. */
export function treeOf(logic: unknown, options: TreeOptions = {}): RuleGroup {
  if (logic === undefined) return { kind: 'group', id: newNodeId(), combinator: 'and', explicit: false, children: [] };
  const node = nodeOf(logic, options);
  return node.kind === 'group' ? node : { kind: 'group', id: newNodeId(), combinator: 'and', explicit: false, children: [node] };
}

const v = (field: string) => ({ var: field });

function rowLogic(row: RuleRow): unknown {
  switch (row.op) {
    case 'empty':
      return { missing: [row.field] };
    case 'not_empty':
      return { '!': { missing: [row.field] } };
    case 'not_contains':
      return { '!': { contains: [v(row.field), row.value] } };
    case 'not_in':
      return { '!': { in: [v(row.field), row.value] } };
    case 'has':
      return { in: [row.value, v(row.field)] };
    case 'not_has':
      return { '!': { in: [row.value, v(row.field)] } };
    default:
      return { [row.op]: [v(row.field), row.value] };
  }
}

export function nodeLogic(node: RuleNode): unknown {
  if (node.kind === 'raw') return node.logic;
  if (node.kind === 'row') return rowLogic(node);
  return { [node.combinator]: node.children.map(nodeLogic) };
}

/** The json-logic of a tree; undefined for an empty root ("no condition"). */
export function logicOf(root: RuleGroup): unknown {
  if (!root.explicit && root.children.length === 0) return undefined;
  if (!root.explicit && root.children.length === 1) return nodeLogic(root.children[0]!);
  return nodeLogic(root);
}

/** Whether every row names a field and has the value its operator needs. */
export function isRowComplete(row: RuleRow): boolean {
  if (!row.field) return false;
  if (NO_VALUE_OPERATORS.has(row.op)) return true;
  if (LIST_OPERATORS.has(row.op)) return Array.isArray(row.value) && row.value.length > 0;
  return row.value !== undefined && row.value !== '';
}

/** Ids of the rows that are not complete yet, depth first. */
export function incompleteRows(node: RuleNode): string[] {
  if (node.kind === 'row') return isRowComplete(node) ? [] : [node.id];
  if (node.kind === 'raw') return [];
  return node.children.flatMap(incompleteRows);
}

/** Whether the tree holds a part the rows cannot show (a raw node). */
export function hasRaw(node: RuleNode): boolean {
  return node.kind === 'raw' || (node.kind === 'group' && node.children.some(hasRaw));
}

/** The tree with the node `id` replaced by `next` (or removed when `next` is undefined). */
export function replaceNode(root: RuleGroup, id: string, next: RuleNode | undefined): RuleGroup {
  const walk = (group: RuleGroup): RuleGroup => ({
    ...group,
    children: group.children.flatMap((c) => (c.id === id ? (next ? [next] : []) : c.kind === 'group' ? [walk(c)] : [c])),
  });
  return root.id === id && next?.kind === 'group' ? next : walk(root);
}

/** The field names a rule reads (`var` and `missing`), in the order they first appear; `$variables` left out. */
export function fieldsRead(logic: unknown): string[] {
  const out = new Set<string>();
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (!isObject(x)) return;
    for (const [op, args] of Object.entries(x)) {
      if (op === 'var') {
        const name = Array.isArray(args) ? args[0] : args;
        if (typeof name === 'string' && name !== '' && !name.startsWith('$')) out.add(name.split('.')[0]!);
      } else if (op === 'missing' && Array.isArray(args)) {
        args.forEach((a) => typeof a === 'string' && out.add(a));
      } else walk(args);
    }
  };
  walk(logic);
  return [...out];
}
