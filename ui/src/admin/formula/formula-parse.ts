// 计算字段的公式: the expression an admin types (单价 * 数量 * (1 - 折扣率 / 100), if(金额 >= 500000, "大额", "普通"))
// read into the json-logic the engine stores. Fields are named by code, zh-CN label or en label (a name with spaces
// or operators in [brackets]); numeric fields read as {"var": [code, 0]} so an empty input counts as 0 (see
// docs/metadata.md, formula). A mistake is one error with its position and a message-catalogue key.
// No imports: the units run it under node as it is (the ui's own imports carry no extensions).

/** A field a formula may read: its code, labels, and whether it is a number (read with a default of 0). */
export interface FormulaField {
  code: string;
  zh?: string;
  en?: string;
  numeric: boolean;
}

export type FormulaErrorKey =
  | 'formula.error.empty'
  | 'formula.error.badChar'
  | 'formula.error.unclosedString'
  | 'formula.error.unclosedBracket'
  | 'formula.error.emptyBracket'
  | 'formula.error.unknownName'
  | 'formula.error.unknownFunction'
  | 'formula.error.argCount'
  | 'formula.error.missingOperand'
  | 'formula.error.unclosedParen'
  | 'formula.error.unexpectedClose'
  | 'formula.error.unexpected';

export interface FormulaError {
  key: FormulaErrorKey;
  /** 0-based offset in the text. */
  at: number;
  params?: Record<string, string>;
}

export type FormulaParse = { ok: true; logic: unknown } | { ok: false; error: FormulaError };

type Token =
  | { kind: 'num'; value: number; at: number; text: string }
  | { kind: 'str'; value: string; at: number; text: string }
  | { kind: 'name'; value: string; bracketed: boolean; at: number; text: string }
  | { kind: 'op'; value: string; at: number; text: string }
  | { kind: 'end'; at: number; text: string };

const FUNCTIONS = new Set(['if', 'min', 'max']);
/** Words that are operators, not names, unless bracketed. */
const WORDS: Record<string, string> = { and: 'and', or: 'or', not: 'not', 与: 'and', 或: 'or', 非: 'not', true: 'true', false: 'false' };
// Full-width punctuation as a Chinese keyboard types it means the same.
const WIDE: Record<string, string> = { '（': '(', '）': ')', '，': ',', '＝': '=', '＋': '+', '－': '-', '＊': '*', '／': '/', '＜': '<', '＞': '>' };
const OPS = ['>=', '<=', '!=', '<>', '==', '&&', '||', '>', '<', '=', '+', '-', '*', '/', '%', '(', ')', ',', '!'];
const BAD = new Set(['^', '&', '|', ';', ':', '{', '}', '@', '#', '$', '~', '?', '`', '\\']);
const BREAK = /[\s"'[\]“”]/;

class Fail extends Error {
  constructor(readonly error: FormulaError) {
    super(error.key);
  }
}
const fail = (key: FormulaErrorKey, at: number, params?: Record<string, string>): never => {
  throw new Fail({ key, at, ...(params ? { params } : {}) });
};

function opAt(text: string, i: number): string | undefined {
  const wide = WIDE[text[i]!];
  if (wide) return wide;
  return OPS.find((o) => text.startsWith(o, i));
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '"' || c === '“') {
      const close = c === '"' ? '"' : '”';
      let j = i + 1;
      while (j < text.length && text[j] !== close) j += text[j] === '\\' && close === '"' ? 2 : 1;
      if (j >= text.length) fail('formula.error.unclosedString', start);
      const raw = text.slice(i, j + 1);
      let value: string;
      try {
        value = close === '"' ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      } catch {
        return fail('formula.error.unclosedString', start);
      }
      out.push({ kind: 'str', value, at: start, text: raw });
      i = j + 1;
    } else if (c === '[') {
      const j = text.indexOf(']', i + 1);
      if (j < 0) fail('formula.error.unclosedBracket', start);
      const name = text.slice(i + 1, j).trim();
      if (!name) fail('formula.error.emptyBracket', start);
      out.push({ kind: 'name', value: name, bracketed: true, at: start, text: text.slice(i, j + 1) });
      i = j + 1;
    } else if (/[0-9.]/.test(c) && /^(\d+\.?\d*|\.\d+)/.test(text.slice(i))) {
      const m = /^(\d+\.?\d*|\.\d+)/.exec(text.slice(i))!;
      out.push({ kind: 'num', value: Number(m[0]), at: start, text: m[0] });
      i += m[0].length;
    } else if (opAt(text, i)) {
      const op = opAt(text, i)!;
      const len = WIDE[c] ? 1 : op.length;
      out.push({ kind: 'op', value: op, at: start, text: text.slice(i, i + len) });
      i += len;
    } else if (BAD.has(c) || c === ']' || c === "'" || c === '”') {
      fail('formula.error.badChar', start, { char: c });
    } else {
      let j = i;
      while (j < text.length && !BREAK.test(text[j]!) && !opAt(text, j) && !BAD.has(text[j]!)) j++;
      const word = text.slice(i, j);
      out.push({ kind: 'name', value: word, bracketed: false, at: start, text: word });
      i = j;
    }
  }
  out.push({ kind: 'end', at: text.length, text: '' });
  return out;
}

/** The field a name stands for: a code first, then a zh-CN label, then an en label (case ignored). */
export function resolveName(name: string, fields: readonly FormulaField[]): FormulaField | undefined {
  const lower = name.toLowerCase();
  return fields.find((f) => f.code === name) ?? fields.find((f) => f.zh === name) ?? fields.find((f) => f.en?.toLowerCase() === lower);
}

const COMPARE: Record<string, string> = { '>': '>', '>=': '>=', '<': '<', '<=': '<=', '=': '==', '==': '==', '!=': '!=', '<>': '!=' };

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly fields: readonly FormulaField[],
  ) {}

  private get peek(): Token {
    return this.tokens[this.i]!;
  }
  private word(t: Token): string | undefined {
    if (t.kind === 'op') return t.value === '&&' ? 'and' : t.value === '||' ? 'or' : t.value === '!' ? 'not' : undefined;
    return t.kind === 'name' && !t.bracketed ? WORDS[t.value.toLowerCase()] : undefined;
  }
  private isOp(value: string): boolean {
    return this.peek.kind === 'op' && this.peek.value === value;
  }

  whole(): unknown {
    const logic = this.or();
    const t = this.peek;
    if (t.kind === 'end') return logic;
    if (t.kind === 'op' && t.value === ')') return fail('formula.error.unexpectedClose', t.at);
    return fail('formula.error.unexpected', t.at, { token: t.text });
  }

  private or(): unknown {
    return this.chain('or', () => this.and());
  }
  private and(): unknown {
    return this.chain('and', () => this.not());
  }
  private chain(op: 'and' | 'or', next: () => unknown): unknown {
    const first = next();
    const all = [first];
    while (this.word(this.peek) === op) {
      this.i++;
      all.push(next());
    }
    return all.length === 1 ? first : { [op]: all };
  }
  private not(): unknown {
    if (this.word(this.peek) === 'not') {
      this.i++;
      return { '!': [this.not()] };
    }
    return this.comparison();
  }
  private comparison(): unknown {
    const left = this.additive();
    const t = this.peek;
    const op = t.kind === 'op' ? COMPARE[t.value] : undefined;
    if (!op) return left;
    this.i++;
    return { [op]: [left, this.additive()] };
  }
  private additive(): unknown {
    return this.binary(['+', '-'], '+', () => this.multiplicative());
  }
  private multiplicative(): unknown {
    return this.binary(['*', '/', '%'], '*', () => this.unary());
  }
  /** Left-associative; a run of the variadic operator (+ or *) becomes one node: a + b + c → {"+": [a, b, c]}. */
  private binary(ops: string[], variadic: string, next: () => unknown): unknown {
    let left = next();
    let last: string | undefined;
    while (this.peek.kind === 'op' && ops.includes(this.peek.value)) {
      const op = this.peek.value;
      this.i++;
      const right = next();
      if (op === variadic && last === variadic) (left as Record<string, unknown[]>)[op]!.push(right);
      else left = { [op]: [left, right] };
      last = op;
    }
    return left;
  }
  private unary(): unknown {
    if (this.isOp('-')) {
      this.i++;
      const t = this.peek;
      if (t.kind === 'num') {
        this.i++;
        return -t.value;
      }
      return { '-': [this.unary()] };
    }
    if (this.isOp('+')) {
      this.i++;
      return this.unary();
    }
    return this.primary();
  }
  private primary(): unknown {
    const t = this.peek;
    if (t.kind === 'num' || t.kind === 'str') {
      this.i++;
      return t.value;
    }
    if (t.kind === 'op' && t.value === '(') {
      this.i++;
      const inner = this.or();
      if (!this.isOp(')')) return this.peek.kind === 'end' ? fail('formula.error.unclosedParen', t.at) : fail('formula.error.unexpected', this.peek.at, { token: this.peek.text });
      this.i++;
      return inner;
    }
    if (t.kind === 'name') {
      const word = this.word(t);
      if (word === 'true' || word === 'false') {
        this.i++;
        return word === 'true';
      }
      if (word) return fail('formula.error.missingOperand', t.at);
      this.i++;
      if (!t.bracketed && this.isOp('(')) return this.call(t);
      const field = resolveName(t.value, this.fields);
      if (!field) return fail('formula.error.unknownName', t.at, { name: t.value });
      return { var: field.numeric ? [field.code, 0] : field.code };
    }
    return fail('formula.error.missingOperand', t.at);
  }
  private call(name: Extract<Token, { kind: 'name' }>): unknown {
    const fn = name.value.toLowerCase();
    if (!FUNCTIONS.has(fn)) return fail('formula.error.unknownFunction', name.at, { name: name.value });
    const open = this.peek;
    this.i++;
    const args: unknown[] = [];
    if (!this.isOp(')')) {
      args.push(this.or());
      while (this.isOp(',')) {
        this.i++;
        args.push(this.or());
      }
    }
    if (!this.isOp(')')) return this.peek.kind === 'end' ? fail('formula.error.unclosedParen', open.at) : fail('formula.error.unexpected', this.peek.at, { token: this.peek.text });
    this.i++;
    // if(c, a, b) or if(c1, a, c2, b, …, otherwise); min and max take one value or more.
    const fits = fn === 'if' ? args.length >= 3 && args.length % 2 === 1 : args.length >= 1;
    if (!fits) return fail('formula.error.argCount', name.at, { name: fn });
    return { [fn]: args };
  }
}

/** Reads an expression into json-logic, or the first mistake in it. */
export function parseFormula(text: string, fields: readonly FormulaField[]): FormulaParse {
  try {
    if (!text.trim()) fail('formula.error.empty', 0);
    return { ok: true, logic: new Parser(tokenize(text), fields).whole() };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, error: e.error };
    throw e;
  }
}

/**
 * How the printer names a field: its zh-CN label when that reads back as the same field on its own, else the label
 * in [brackets], else its code.
 */
export function formulaNamer(fields: readonly FormulaField[]): (code: string) => string | undefined {
  return (code) => {
    const field = fields.find((f) => f.code === code);
    if (!field) return undefined;
    const label = field.zh?.trim();
    if (!label || resolveName(label, fields) !== field) return code;
    const tokens = (() => {
      try {
        return tokenize(label);
      } catch {
        return undefined;
      }
    })();
    const plain = tokens?.length === 2 && tokens[0]!.kind === 'name' && !WORDS[label.toLowerCase()] && !FUNCTIONS.has(label.toLowerCase());
    if (plain) return label;
    return label.includes(']') ? code : `[${label}]`;
  };
}

/** json-logic with the shorthand spelled out ({"!": x} is {"!": [x]}, {"var": ["a"]} is {"var": "a"}), to compare two formulas. */
export function canonicalLogic(logic: unknown): unknown {
  if (Array.isArray(logic)) return logic.map(canonicalLogic);
  if (!logic || typeof logic !== 'object') return logic;
  const entries = Object.entries(logic);
  if (entries.length !== 1) return Object.fromEntries(entries.map(([k, v]) => [k, canonicalLogic(v)]));
  const [op, arg] = entries[0]!;
  if (op === 'var') return { var: Array.isArray(arg) && arg.length === 1 ? arg[0] : arg };
  return { [op]: Array.isArray(arg) ? arg.map(canonicalLogic) : [canonicalLogic(arg)] };
}
