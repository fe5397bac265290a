// A stored formula (json-logic) printed back as the expression the admin types, with as few parentheses as the
// parser needs to read the same tree again (formula-parse.ts). Anything outside the expression language (other
// operators, null, a var with another default…) prints as undefined: the editor then shows the JSON instead.
// No imports: the units run it under node as it is (the ui's own imports carry no extensions).

/** Names a field by its code in the text (formulaNamer in formula-parse.ts); undefined for a code it does not know. */
export type FormulaNamer = (code: string) => string | undefined;

type Printed = { text: string; prec: number };

// Binding strength, loosest first; an operand printed below its slot's strength gets parentheses.
const OR = 1;
const AND = 2;
const NOT = 3;
const COMPARE = 4;
const ADD = 5;
const MUL = 6;
const UNARY = 7;
const ATOM = 8;

const COMPARISONS: Record<string, string> = { '>': '>', '>=': '>=', '<': '<', '<=': '<=', '==': '=', '!=': '!=' };

class Unprintable extends Error {}
const no = (): never => {
  throw new Unprintable();
};

function args(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function printNode(node: unknown, name: FormulaNamer): Printed {
  if (typeof node === 'number') {
    if (!Number.isFinite(node) || /e/i.test(String(node))) no();
    return { text: String(node), prec: node < 0 || Object.is(node, -0) ? UNARY : ATOM };
  }
  if (typeof node === 'string') return { text: JSON.stringify(node), prec: ATOM };
  if (typeof node === 'boolean') return { text: String(node), prec: ATOM };
  if (!node || typeof node !== 'object' || Array.isArray(node)) return no();
  const entries = Object.entries(node);
  if (entries.length !== 1) return no();
  const [op, raw] = entries[0]!;
  const xs = args(raw);
  const at = (x: unknown, min: number, sameOp?: string): string => {
    const p = printNode(x, name);
    // a nested + or * (or and / or) in the first slot would be read back as one longer run: keep its parentheses
    const nested = sameOp !== undefined && !!x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x)[0] === sameOp;
    return p.prec < min || nested ? `(${p.text})` : p.text;
  };
  switch (op) {
    case 'var': {
      const path = Array.isArray(raw) ? raw : [raw];
      if (typeof path[0] !== 'string' || path.length > 2 || (path.length === 2 && path[1] !== 0)) return no();
      const text = name(path[0]);
      return text === undefined ? no() : { text, prec: ATOM };
    }
    case 'or':
    case 'and': {
      const prec = op === 'or' ? OR : AND;
      if (xs.length < 2) return no();
      return { text: xs.map((x) => at(x, prec + 1)).join(` ${op} `), prec };
    }
    case '!':
      if (xs.length !== 1) return no();
      return { text: `not ${at(xs[0], NOT)}`, prec: NOT };
    case '+':
    case '*': {
      const prec = op === '+' ? ADD : MUL;
      if (xs.length < 2) return no();
      return { text: xs.map((x, i) => (i === 0 ? at(x, prec, op) : at(x, prec + 1))).join(` ${op} `), prec };
    }
    case '-':
      if (xs.length === 1) {
        // -(5) and not -5, which reads back as the number
        return { text: `-${typeof xs[0] === 'number' ? `(${printNode(xs[0], name).text})` : at(xs[0], UNARY)}`, prec: UNARY };
      }
      if (xs.length !== 2) return no();
      return { text: `${at(xs[0], ADD)} - ${at(xs[1], MUL)}`, prec: ADD };
    case '/':
    case '%':
      if (xs.length !== 2) return no();
      return { text: `${at(xs[0], MUL)} ${op} ${at(xs[1], UNARY)}`, prec: MUL };
    case 'if':
    case 'min':
    case 'max':
      if (op === 'if' ? xs.length < 3 || xs.length % 2 === 0 : xs.length < 1) return no();
      return { text: `${op}(${xs.map((x) => at(x, OR)).join(', ')})`, prec: ATOM };
    default: {
      const symbol = COMPARISONS[op];
      if (!symbol || xs.length !== 2) return no();
      return { text: `${at(xs[0], ADD)} ${symbol} ${at(xs[1], ADD)}`, prec: COMPARE };
    }
  }
}

/** The expression for a formula, or undefined when the language cannot say it. */
export function printFormula(logic: unknown, name: FormulaNamer): string | undefined {
  try {
    return printNode(logic, name).text;
  } catch (e) {
    if (e instanceof Unprintable) return undefined;
    throw e;
  }
}
