// The fixed helper set templates may call besides if/unless/each/with: date, seq, pad, upper, lower, money.
import { Decimal } from 'decimal.js';
import type { HelperOptions } from 'handlebars';
import { isCanonicalDate, isCanonicalDateTime, wallTimeOf } from '../date-math.ts';
import { DEFAULT_TIME_ZONE } from '../types.ts';

/** Per-render facts the helpers read, passed as Handlebars private data so no template value can override them. */
export interface RenderFacts {
  now?: Date;
  timeZone?: string;
}
export const FACTS_KEY = 'crmRenderFacts';

export const VALUE_HELPERS = ['date', 'seq', 'pad', 'upper', 'lower', 'money'] as const;
export const BLOCK_HELPERS = ['if', 'unless', 'each', 'with'] as const;
/** How many arguments each helper takes (min, max): a call with any other count fails whenever it runs. */
export const HELPER_ARITY: Readonly<Record<string, readonly [number, number]>> = {
  date: [1, 2],
  seq: [1, 1],
  pad: [2, 3],
  upper: [1, 1],
  lower: [1, 1],
  money: [1, 1],
  if: [1, 1],
  unless: [1, 1],
  each: [1, 1],
  with: [1, 1],
};
/**
 * Helpers Handlebars itself registers that are not ours: a name among them resolves to the built-in, not to a value
 * (log and lookup are unregistered by compileTemplate; helperMissing and blockHelperMissing cannot be).
 */
export const HANDLEBARS_BUILT_INS: ReadonlySet<string> = new Set(['helperMissing', 'blockHelperMissing', 'log', 'lookup']);
const MAX_WIDTH = 64;

function factsOf(options: HelperOptions): RenderFacts {
  return ((options.data as Record<string, unknown> | undefined)?.[FACTS_KEY] ?? {}) as RenderFacts;
}

function rootOf(options: HelperOptions): Record<string, unknown> {
  return ((options.data as { root?: Record<string, unknown> } | undefined)?.root ?? {}) as Record<string, unknown>;
}

/** A present value: strict templates fail loudly instead of printing nothing for a missing one. */
function required(value: unknown, helper: string): unknown {
  if (value === undefined) throw new Error(`${helper}: the value is missing`);
  return value;
}

/** {{date "YYYYMMDD"}} formats now; {{date "YYYY-MM-DD" field}} formats a date or datetime value. */
function date(format: unknown, ...rest: unknown[]): string {
  const options = rest.pop() as HelperOptions;
  if (typeof format !== 'string') throw new Error('date: the first argument is the format, e.g. "YYYYMMDD"');
  const facts = factsOf(options);
  const timeZone = facts.timeZone ?? DEFAULT_TIME_ZONE;
  const value = rest.length > 0 ? required(rest[0], 'date') : (facts.now ?? rootOf(options).now ?? new Date());
  return formatWithTokens(format, wallOf(value, timeZone));
}

function wallOf(value: unknown, timeZone: string): number[] {
  if (isCanonicalDate(value)) return [...(value as string).split('-').map(Number), 0, 0, 0];
  const instant = value instanceof Date ? value : isCanonicalDateTime(value) ? new Date(value as string) : undefined;
  if (!instant || Number.isNaN(instant.getTime())) throw new Error('date: expected a date, a datetime or a Date');
  const w = wallTimeOf(instant, timeZone);
  return [w.year, w.month, w.day, w.hour, w.minute, w.second];
}

const TOKENS: Record<string, (w: number[]) => string> = {
  YYYY: (w) => String(w[0]).padStart(4, '0'),
  YY: (w) => String(w[0]).padStart(4, '0').slice(-2),
  MM: (w) => String(w[1]).padStart(2, '0'),
  DD: (w) => String(w[2]).padStart(2, '0'),
  HH: (w) => String(w[3]).padStart(2, '0'),
  mm: (w) => String(w[4]).padStart(2, '0'),
  ss: (w) => String(w[5]).padStart(2, '0'),
};
const TOKEN_RE = /YYYY|YY|MM|DD|HH|mm|ss/g;

export function formatWithTokens(format: string, wall: number[]): string {
  return format.replace(TOKEN_RE, (token) => TOKENS[token]!(wall));
}

/** {{seq 4}}: the record's sequence number (data.seq) zero-padded to 4 digits; longer numbers are kept whole. */
function seq(width: unknown, options: HelperOptions): string {
  const value = rootOf(options).seq;
  if (!(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) {
    throw new Error('seq: the data has no sequence number (seq, a non-negative integer)');
  }
  return String(value).padStart(widthOf(width, 'seq'), '0');
}

/** {{pad value 6}} or {{pad value 6 "*"}}: left-padded text. */
function pad(value: unknown, width: unknown, ...rest: unknown[]): string {
  rest.pop();
  const fill = typeof rest[0] === 'string' && rest[0].length > 0 ? rest[0] : '0';
  return String(required(value, 'pad') ?? '').padStart(widthOf(width, 'pad'), fill);
}

function widthOf(width: unknown, helper: string): number {
  if (!(typeof width === 'number' && Number.isInteger(width) && width >= 0 && width <= MAX_WIDTH)) {
    throw new Error(`${helper}: the width must be a whole number from 0 to ${MAX_WIDTH}`);
  }
  return width;
}

function upper(value: unknown): string {
  return String(required(value, 'upper') ?? '').toUpperCase();
}

function lower(value: unknown): string {
  return String(required(value, 'lower') ?? '').toLowerCase();
}

/**
 * {{money record.amount}}: an amount as people read it in a message, 228,560.00 (two decimals, half up, thousands
 * separated); nothing for an empty value. Exact: money arrives as decimal text from the database.
 */
function money(value: unknown): string {
  const v = required(value, 'money');
  if (v === null || v === '') return '';
  let amount: Decimal;
  try {
    amount = new Decimal(typeof v === 'number' || typeof v === 'string' ? v : Number.NaN);
  } catch {
    throw new Error('money: expected a number');
  }
  if (!amount.isFinite()) throw new Error('money: expected a number');
  const [whole, cents] = amount.toFixed(2, Decimal.ROUND_HALF_UP).split('.');
  return `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

export const TEMPLATE_HELPERS: Record<(typeof VALUE_HELPERS)[number], (...args: never[]) => string> = {
  date: date as never,
  seq: seq as never,
  pad: pad as never,
  upper: upper as never,
  lower: lower as never,
  money: money as never,
};
