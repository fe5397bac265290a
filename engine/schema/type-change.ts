// Decides whether a column's type can change without losing data: instantly, by a checked rewrite, or not at all.

export interface TypeChange {
  impact: 'instant' | 'rewrite';
  /** USING expression over the quoted column, when a plain cast is not enough. */
  using?: string;
  /** Predicate over the quoted column selecting rows that would lose data; the change is refused when any match. */
  lossPredicate?: string;
  /** Why a matching row blocks the change. */
  lossReason?: string;
}

interface Parsed {
  family: 'text' | 'int' | 'numeric' | 'other';
  base: string;
  length?: number;
  precision?: number;
  scale?: number;
  intDigits?: number;
}

function parse(type: string): Parsed {
  let m = /^varchar\((\d+)\)$/.exec(type);
  if (m) return { family: 'text', base: 'varchar', length: Number(m[1]) };
  if (type === 'text') return { family: 'text', base: 'text', length: Infinity };
  if (type === 'integer') return { family: 'int', base: type, intDigits: 9 };
  if (type === 'bigint') return { family: 'int', base: type, intDigits: 18 };
  m = /^numeric\((\d+),(\d+)\)$/.exec(type);
  if (m) return { family: 'numeric', base: 'numeric', precision: Number(m[1]), scale: Number(m[2]) };
  return { family: 'other', base: type };
}

const INT_RANGE: Record<string, [string, string]> = {
  integer: ['-2147483648', '2147483647'],
  bigint: ['-9223372036854775808', '9223372036854775807'],
};

/** `col` is the quoted column name. */
export function classifyTypeChange(col: string, from: string, to: string): TypeChange {
  const a = parse(from);
  const b = parse(to);
  if (a.family === 'text' && b.family === 'text') {
    if (b.length! >= a.length!) return { impact: 'instant' };
    return { impact: 'rewrite', lossPredicate: `length(${col}) > ${b.length}`, lossReason: `longer than ${b.length} characters` };
  }
  if (b.family === 'text') {
    // Anything has a text form; only the length can lose data.
    const using = `${col}::text`;
    if (b.length === Infinity) return { impact: 'rewrite', using };
    return { impact: 'rewrite', using, lossPredicate: `length(${col}::text) > ${b.length}`, lossReason: `longer than ${b.length} characters as text` };
  }
  if (a.family === 'int' && b.family === 'int') {
    if (b.intDigits! >= a.intDigits!) return { impact: 'rewrite' };
    const [lo, hi] = INT_RANGE[b.base]!;
    return { impact: 'rewrite', lossPredicate: `${col} not between ${lo} and ${hi}`, lossReason: `outside the range of ${b.base}` };
  }
  if (b.family === 'numeric') {
    const intDigits = b.precision! - b.scale!;
    const tooBig = `abs(${col}::numeric) >= 1e${intDigits}`;
    if (a.family === 'int') {
      if (intDigits > a.intDigits!) return { impact: 'rewrite' };
      return { impact: 'rewrite', lossPredicate: tooBig, lossReason: `too large for ${to}` };
    }
    if (a.family === 'numeric') {
      const widens = b.scale! >= a.scale! && intDigits >= a.precision! - a.scale!;
      if (widens) return { impact: b.scale === a.scale ? 'instant' : 'rewrite' };
      return {
        impact: 'rewrite',
        lossPredicate: `(${tooBig} or ${col} <> round(${col}, ${b.scale}))`,
        lossReason: `too large for ${to} or with more than ${b.scale} decimals`,
      };
    }
    if (a.family === 'text') {
      const numeric = `${col} ~ '^\\s*[-+]?[0-9]+(\\.[0-9]+)?\\s*$'`;
      return {
        impact: 'rewrite',
        using: `${col}::numeric`,
        lossPredicate: `case when ${numeric} then (abs(${col}::numeric) >= 1e${intDigits} or ${col}::numeric <> round(${col}::numeric, ${b.scale})) else true end`,
        lossReason: `not a number that fits ${to}`,
      };
    }
  }
  if (b.family === 'int') {
    const [lo, hi] = INT_RANGE[b.base]!;
    if (a.family === 'numeric') {
      return { impact: 'rewrite', lossPredicate: `(${col} <> trunc(${col}) or ${col} not between ${lo} and ${hi})`, lossReason: `not a whole number within the range of ${b.base}` };
    }
    if (a.family === 'text') {
      return {
        impact: 'rewrite',
        using: `${col}::numeric::${b.base}`,
        lossPredicate: `case when ${col} ~ '^\\s*[-+]?[0-9]{1,18}\\s*$' then ${col}::numeric not between ${lo} and ${hi} else true end`,
        lossReason: `not a whole number within the range of ${b.base}`,
      };
    }
  }
  // No safe conversion between these types: allowed only while the column holds no values at all.
  return { impact: 'rewrite', using: `null::${to}`, lossPredicate: `${col} is not null`, lossReason: `holds a value that cannot be converted from ${from} to ${to}` };
}
