// The shapes every part of the rule language shares: what a rule may reference, what a problem looks like.

/** The kind of value a field or variable holds, as records carry it (see README "Values"). */
export type ValueKind = 'string' | 'number' | 'boolean' | 'date' | 'datetime' | 'uuid' | 'string_array' | 'json';

export const VALUE_KINDS: readonly ValueKind[] = [
  'string',
  'number',
  'boolean',
  'date',
  'datetime',
  'uuid',
  'string_array',
  'json',
];

export interface RuleField {
  kind: ValueKind;
  /** Already-quoted SQL for the value, e.g. `"c"."amount"`; must not contain `?` (knex reads it as a placeholder). */
  column: string;
}

export interface RuleScope {
  /** The entity's fields by var name. */
  fields: ReadonlyMap<string, RuleField>;
  /** Context variables such as '$user.id' (uuid) or '$user.departments_below' (string_array). */
  variables?: ReadonlyMap<string, ValueKind>;
}

export interface RuleProblem {
  /** JSON pointer inside the rule, e.g. "/and/1/==/0/var"; "" is the whole rule. */
  pointer: string;
  message: string;
  expected?: string;
}

export interface RuleContext {
  now: Date;
  /** IANA zone for `today` and calendar arithmetic; default Asia/Shanghai. */
  timeZone?: string;
  /** Values for declared variables by full name, e.g. { '$user.id': 'u1' }. */
  variables?: Record<string, unknown>;
}

/**
 * What the rule is for. 'filter' and 'condition' must compile to SQL (list filters, permission scopes, workflow
 * guards and validation rules all may run in the database); 'formula' is evaluated in memory only.
 */
export type RulePurpose = 'filter' | 'condition' | 'formula';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
