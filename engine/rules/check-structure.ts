// The shape checks every rule passes before anything runs it: allow-listed operators, bounded size, safe names and,
// for authored rules, known fields. Collects every problem with its JSON pointer instead of stopping at the first.
import { pointerTo } from './json-pointer.ts';
import { FORBIDDEN_NAMES, MAX_ARRAY_ITEMS, MAX_DEPTH, MAX_NODES, MAX_STRING_LENGTH } from './limits.ts';
import { DATE_ADD_UNITS, EVALUATE_ONLY_OPERATORS, RULE_OPERATORS, isKnownOperator } from './operators.ts';
import type { RuleProblem, RuleScope } from './types.ts';

/**
 * 'check': an authored rule checked against a scope (strict: one key per node, arities, literal names that exist).
 * 'evaluate': the guard in evaluateRule, which has no scope: only what keeps evaluation safe and bounded.
 */
export type StructureMode = { mode: 'check'; scope: RuleScope } | { mode: 'evaluate' };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The arguments of an operator node: json-logic allows `{"!": x}` as shorthand for `{"!": [x]}`. */
export function argumentsOf(node: Record<string, unknown>, op: string): unknown[] {
  const values = node[op];
  return Array.isArray(values) ? values : [values];
}

/** Pointer of argument i: `/op/i`, or `/op` for the unary shorthand. */
export function argumentPointer(node: Record<string, unknown>, op: string, pointer: string, i: number): string {
  const opPointer = pointerTo(pointer, op);
  return Array.isArray(node[op]) ? pointerTo(opPointer, i) : opPointer;
}

export interface StructureReport {
  problems: RuleProblem[];
  /** False when the rule broke a size or depth bound: nothing else may then walk it. */
  bounded: boolean;
}

export function checkStructure(rule: unknown, how: StructureMode): StructureReport {
  const problems: RuleProblem[] = [];
  let nodes = 0;
  let tooBig = false;
  let tooDeep = false;
  const report = (pointer: string, message: string, expected?: string) =>
    problems.push(expected === undefined ? { pointer, message } : { pointer, message, expected });

  const visit = (node: unknown, pointer: string, depth: number): void => {
    if (tooBig) return;
    if (++nodes > MAX_NODES) {
      tooBig = true;
      report(pointer, `the rule has more than ${MAX_NODES} parts`, 'a smaller rule');
      return;
    }
    if (typeof node === 'string') {
      if (node.length > MAX_STRING_LENGTH) report(pointer, `text longer than ${MAX_STRING_LENGTH} characters`);
      return;
    }
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) report(pointer, 'numbers must be finite');
      return;
    }
    if (node === null || typeof node === 'boolean') return;
    if (depth > MAX_DEPTH) {
      tooDeep = true;
      report(pointer, `the rule nests deeper than ${MAX_DEPTH} levels`, 'a flatter rule');
      return;
    }
    if (Array.isArray(node)) return visitArray(node, pointer, depth);
    if (!isPlainObject(node)) {
      report(pointer, 'only JSON values may appear in a rule');
      return;
    }
    visitObject(node, pointer, depth);
  };

  const visitArray = (items: unknown[], pointer: string, depth: number): void => {
    if (items.length > MAX_ARRAY_ITEMS) {
      report(pointer, `an array longer than ${MAX_ARRAY_ITEMS} items`);
      return;
    }
    items.forEach((item, i) => {
      const itemPointer = pointerTo(pointer, i);
      if (typeof item === 'string' && item.length > MAX_STRING_LENGTH) {
        report(itemPointer, `text longer than ${MAX_STRING_LENGTH} characters`);
      } else if (typeof item === 'object' && item !== null) {
        visit(item, itemPointer, depth + 1); // plain values in a literal array are counted with the array
      } else if (typeof item === 'number' && !Number.isFinite(item)) {
        report(itemPointer, 'numbers must be finite');
      }
    });
  };

  const visitObject = (node: Record<string, unknown>, pointer: string, depth: number): void => {
    const keys = Object.keys(node);
    const forbidden = keys.filter((k) => FORBIDDEN_NAMES.has(k));
    for (const key of forbidden) report(pointerTo(pointer, key), `"${key}" is not allowed in a rule`);
    if (forbidden.length > 0) return;
    if (keys.length !== 1) {
      // json-logic-js would return such an object as data; an authored rule never means that.
      if (how.mode === 'check') {
        report(pointer, keys.length === 0 ? 'an empty object is not a rule' : `a rule node has exactly one key, the operator; found ${keys.map((k) => `"${k}"`).join(', ')}`);
      }
      return;
    }
    const op = keys[0]!;
    if (!allowedOperator(op)) {
      report(pointerTo(pointer, op), `unknown operator "${op}"`, `one of ${Object.keys(RULE_OPERATORS).join(' ')}`);
      return;
    }
    const args = argumentsOf(node, op);
    if (args.length > MAX_ARRAY_ITEMS) {
      report(pointerTo(pointer, op), `more than ${MAX_ARRAY_ITEMS} arguments`);
      return;
    }
    const spec = RULE_OPERATORS[op];
    if (how.mode === 'check' && spec && (args.length < spec.minArgs || args.length > spec.maxArgs)) {
      report(pointerTo(pointer, op), `"${op}" takes ${arity(spec.minArgs, spec.maxArgs)}, got ${args.length}`);
    }
    const argPointer = (i: number) => argumentPointer(node, op, pointer, i);
    if (op === 'var') return checkVar(args, argPointer, depth);
    if (how.mode === 'check' && op === 'missing') return checkMissing(args, argPointer);
    if (how.mode === 'check' && op === 'missing_some') return checkMissingSome(node, args, pointer);
    if (how.mode === 'check' && op === 'date_add' && !(typeof args[2] === 'string' && DATE_ADD_UNITS.has(args[2]))) {
      report(argPointer(2), 'date_add needs a unit', [...DATE_ADD_UNITS].join(' | '));
    }
    args.forEach((arg, i) => visit(arg, argPointer(i), depth + 1));
  };

  const allowedOperator = (op: string): boolean =>
    isKnownOperator(op) || (how.mode === 'evaluate' && EVALUATE_ONLY_OPERATORS.has(op));

  const checkVar = (args: unknown[], argPointer: (i: number) => string, depth: number): void => {
    const name = args[0];
    if (args.length === 0 || name === null) {
      if (how.mode === 'check') report(argPointer(0), 'var needs a field name');
    } else if (typeof name === 'string') {
      checkName(name, argPointer(0));
    } else if (how.mode === 'check') {
      report(argPointer(0), 'var takes the name of a field or $variable as literal text');
    } else {
      visit(name, argPointer(0), depth + 1);
    }
    if (args.length > 1) visit(args[1], argPointer(1), depth + 1);
  };

  const checkName = (name: string, pointer: string): void => {
    const bad = name.split('.').find((segment) => FORBIDDEN_NAMES.has(segment));
    if (bad !== undefined) return void report(pointer, `"${bad}" is not allowed in a name`);
    if (name.length > MAX_STRING_LENGTH) return void report(pointer, `text longer than ${MAX_STRING_LENGTH} characters`);
    if (how.mode !== 'check') return;
    const { fields, variables } = how.scope;
    if (name.startsWith('$')) {
      if (!variables?.has(name)) report(pointer, `unknown variable "${name}"`, listOf(variables?.keys()));
    } else if (!fields.has(name)) {
      report(pointer, name === '' ? 'var needs a field name' : `unknown field "${name}"`, listOf(fields.keys()));
    }
  };

  const checkMissing = (args: unknown[], argPointer: (i: number) => string): void => {
    // {"missing": ["a", "b"]} or {"missing": [["a", "b"]]}; names computed by other operators can't be checked.
    const [first] = args;
    const names = args.length === 1 && Array.isArray(first) ? first : args;
    const pointerOf = (i: number) => (names === args ? argPointer(i) : pointerTo(argPointer(0), i));
    names.forEach((name, i) => {
      if (typeof name === 'string') checkName(name, pointerOf(i));
      else report(pointerOf(i), 'missing takes field names as literal text');
    });
  };

  const checkMissingSome = (node: Record<string, unknown>, args: unknown[], pointer: string): void => {
    const [need, names] = args;
    if (typeof need !== 'number') report(argumentPointer(node, 'missing_some', pointer, 0), 'missing_some needs a literal count first');
    const namesPointer = argumentPointer(node, 'missing_some', pointer, 1);
    if (!Array.isArray(names)) return void report(namesPointer, 'missing_some needs a literal array of field names second');
    names.forEach((name, i) => {
      if (typeof name === 'string') checkName(name, pointerTo(namesPointer, i));
      else report(pointerTo(namesPointer, i), 'missing_some takes field names as literal text');
    });
  };

  visit(rule, '', 1);
  return { problems, bounded: !tooBig && !tooDeep };
}

function arity(min: number, max: number): string {
  if (min === max) return `${min} argument${min === 1 ? '' : 's'}`;
  return max === Number.POSITIVE_INFINITY ? `at least ${min} argument${min === 1 ? '' : 's'}` : `${min} to ${max} arguments`;
}

function listOf(names: Iterable<string> | undefined): string {
  const all = [...(names ?? [])];
  if (all.length === 0) return 'none are declared';
  return all.slice(0, 20).join(', ') + (all.length > 20 ? ', …' : '');
}
