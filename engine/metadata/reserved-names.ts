// Names an entity or field may not take: SQL reserved words (they would need quoting everywhere and confuse
// report authors), JavaScript prototype names (prototype-pollution vectors), and the engine's own prefixes.

const SQL_RESERVED = new Set(
  `all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation
  column concurrently constraint create cross current_catalog current_date current_role current_schema current_time
  current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze
  from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit
  localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references
  returning right select session_user similar some symmetric system_user table tablesample then to trailing true union
  unique user using variadic verbose when where window with`.split(/\s+/),
);

const PROTOTYPE_NAMES = new Set(['__proto__', 'constructor', 'prototype', 'hasownproperty', 'tostring', 'valueof']);

/** Returns why `name` cannot be used, or undefined when it can. */
export function reservedNameProblem(name: string, what: 'entity' | 'field'): string | undefined {
  const lower = name.toLowerCase();
  if (PROTOTYPE_NAMES.has(lower)) return `"${name}" is a reserved JavaScript name`;
  if (SQL_RESERVED.has(lower)) return `"${name}" is a reserved SQL word; choose another name (e.g. "${name}_name" or "${name}_no")`;
  if (what === 'entity' && lower.startsWith('crm_')) return `entity names starting with "crm_" are reserved for the engine's own tables`;
  if (what === 'entity' && lower.startsWith('pg_')) return `entity names starting with "pg_" are reserved by PostgreSQL`;
  if (name.includes('__')) return `"${name}" contains "__", which the engine reserves for link tables`;
  return undefined;
}
