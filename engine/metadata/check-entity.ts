// Cross-checks of one schema-valid entity against the whole set: names, references, constraints, rules, formulas.
import { checkRule, DEFAULT_TIME_ZONE, templateProblems, type RuleScope } from '../rules/index.ts';
import type { ErrorDetail } from '../core/index.ts';
import type { EntityDoc, FieldDoc } from './model-types.ts';
import { checkDerivedDate } from './check-derived-dates.ts';
import { checkTimeline } from './check-timeline.ts';
import { reservedNameProblem } from './reserved-names.ts';
import { namedLikeItsFile } from './metadata-source.ts';
import { SYSTEM_FIELDS, SYSTEM_FIELD_NAMES } from './system-fields.ts';
import { valueKindOf } from './value-kind.ts';
import { escape } from './validate-documents.ts';
import { checkDelayAlert } from './check-delay-alert.ts';
import { checkDefaultLines } from './check-default-lines.ts';

export interface LocatedEntity {
  file: string;
  doc: EntityDoc;
}

const UNIQUE_CAPABLE = new Set(['string', 'integer', 'decimal', 'date', 'autonumber', 'enum', 'ref']);
const INDEXABLE = new Set(['string', 'text', 'integer', 'decimal', 'money', 'boolean', 'date', 'datetime', 'enum', 'ref', 'autonumber', 'formula', 'rollup', 'multi_enum']);
const SEARCHABLE = new Set(['string', 'text', 'enum', 'autonumber']);

/** `broken` names entities whose files failed the schema: references to them are not reported again. */
export function checkEntity(entity: LocatedEntity, all: ReadonlyMap<string, LocatedEntity>, broken: ReadonlySet<string> = new Set()): ErrorDetail[] {
  const { file, doc } = entity;
  const problems: ErrorDetail[] = [];
  const at = (pointer: string, message: string, expected?: string) =>
    problems.push(expected ? { file, pointer, message, expected } : { file, pointer, message });

  const expectedFile = `${doc.name}.json`;
  if (!namedLikeItsFile(file, doc.name)) {
    at('/name', `entity "${doc.name}" must be defined in a file named ${expectedFile}`);
  }
  const entityNameProblem = reservedNameProblem(doc.name, 'entity');
  if (entityNameProblem) at('/name', entityNameProblem);

  for (const [name, field] of Object.entries(doc.fields)) {
    const ptr = `/fields/${escape(name)}`;
    if (SYSTEM_FIELD_NAMES.has(name)) {
      at(ptr, `"${name}" is a system field every entity already has; it cannot be declared`);
      continue;
    }
    const nameProblem = reservedNameProblem(name, 'field');
    if (nameProblem) at(ptr, nameProblem);
    checkField(doc, name, field, ptr, all, broken, at);
  }

  const fieldKind = (name: string) => doc.fields[name]?.type ?? (SYSTEM_FIELD_NAMES.has(name) ? 'system' : undefined);
  const display = fieldKind(doc.displayField);
  if (!display) at('/displayField', `unknown field "${doc.displayField}"`);
  else if (display === 'children' || display === 'many_to_many' || display === 'json' || display === 'attachment') at('/displayField', `"${doc.displayField}" cannot be shown as the record's title`);

  doc.searchFields?.forEach((name, i) => {
    const type = fieldKind(name);
    if (!type) at(`/searchFields/${i}`, `unknown field "${name}"`);
    else if (!SEARCHABLE.has(type)) at(`/searchFields/${i}`, `"${name}" is not a text field`, 'a string, text, enum or autonumber field');
  });
  doc.indexes?.forEach((index, i) =>
    index.fields.forEach((name, j) => {
      const type = fieldKind(name);
      if (!type) at(`/indexes/${i}/fields/${j}`, `unknown field "${name}"`);
      else if (type !== 'system' && !INDEXABLE.has(type)) at(`/indexes/${i}/fields/${j}`, `a ${type} field cannot be indexed`);
    }),
  );
  doc.unique?.forEach((set, i) =>
    set.forEach((name, j) => {
      const type = fieldKind(name);
      if (!type) at(`/unique/${i}/${j}`, `unknown field "${name}"`);
      else if (type !== 'system' && !UNIQUE_CAPABLE.has(type)) at(`/unique/${i}/${j}`, `a ${type} field cannot be part of a unique constraint`);
    }),
  );

  const scope = ruleScopeOf(doc);
  doc.rules?.forEach((rule, i) => {
    for (const p of checkRule(rule.condition, scope, { purpose: 'condition' })) at(`/rules/${i}/condition${p.pointer}`, p.message, p.expected);
    rule.fields?.forEach((name, j) => {
      if (!fieldKind(name)) at(`/rules/${i}/fields/${j}`, `unknown field "${name}"`);
    });
  });
  const names = new Set<string>();
  doc.rules?.forEach((rule, i) => {
    if (names.has(rule.name)) at(`/rules/${i}/name`, `duplicate rule name "${rule.name}"`);
    names.add(rule.name);
  });
  if (doc.handover) {
    const follow = doc.fields[doc.handover.follow];
    if (follow?.type !== 'ref') at('/handover/follow', `"${doc.handover.follow}" is not a ref field of "${doc.name}"`);
    if (doc.handover.openWhen !== undefined) {
      for (const p of checkRule(doc.handover.openWhen, scope, { purpose: 'condition' })) at(`/handover/openWhen${p.pointer}`, p.message, p.expected);
    }
  }
  if (doc.delayAlert) checkDelayAlert(doc, doc.delayAlert, all, at);
  if (doc.timeline) problems.push(...checkTimeline(file, doc, doc.timeline));
  problems.push(...checkFormulaCycles(entity));
  return problems;
}

type At = (pointer: string, message: string, expected?: string) => void;

function checkField(doc: EntityDoc, name: string, field: FieldDoc, ptr: string, all: ReadonlyMap<string, LocatedEntity>, broken: ReadonlySet<string>, at: At): void {
  if (field.unique && !UNIQUE_CAPABLE.has(field.type)) at(`${ptr}/unique`, `a ${field.type} field cannot be unique`);
  if (field.min !== undefined && field.max !== undefined && field.min > field.max) at(`${ptr}/min`, `min (${field.min}) is greater than max (${field.max})`);
  if (field.minLength !== undefined && field.maxLength !== undefined && field.minLength > field.maxLength) {
    at(`${ptr}/minLength`, `minLength (${field.minLength}) is greater than maxLength (${field.maxLength})`);
  }
  if (field.precision !== undefined && field.scale !== undefined && field.scale > field.precision) {
    at(`${ptr}/scale`, `scale (${field.scale}) cannot exceed precision (${field.precision})`);
  }
  if (field.pattern !== undefined) {
    try {
      new RegExp(field.pattern, 'u');
    } catch (e) {
      at(`${ptr}/pattern`, `not a valid regular expression: ${(e as Error).message}`);
    }
  }
  if (field.options) {
    const seen = new Set<string>();
    field.options.forEach((o, i) => {
      if (seen.has(o.code)) at(`${ptr}/options/${i}/code`, `duplicate option code "${o.code}"`);
      seen.add(o.code);
    });
    const defaults = field.default === undefined ? [] : Array.isArray(field.default) ? field.default : [field.default];
    for (const d of defaults) if (!seen.has(String(d))) at(`${ptr}/default`, `default "${String(d)}" is not one of the options`);
  }
  if (field.type === 'ref' || field.type === 'children' || field.type === 'many_to_many') {
    const target = all.get(field.target!);
    if (!target && broken.has(field.target!)) return;
    if (!target) {
      at(`${ptr}/target`, `unknown entity "${field.target}"`, `one of ${[...all.keys()].sort().join(', ')}`);
      return;
    }
    if (field.type === 'children') {
      checkChildren(doc, field, ptr, target, at);
      checkDefaultLines(field, ptr, target.doc, at);
    }
    if (field.type === 'many_to_many' && `${doc.name}__${name}`.length > 63) at(ptr, `the link table name "${doc.name}__${name}" is longer than 63 characters`);
  }
  if (field.type === 'autonumber') {
    // Filled in as nextNumber fills it, so a template that fails on every create is refused here.
    for (const p of templateProblems(field.template!, { seq: 1, now: new Date().toISOString(), timeZone: DEFAULT_TIME_ZONE })) at(`${ptr}/template`, p.message, p.expected);
  }
  if (field.type === 'rollup') checkRollup(doc, field, ptr, all, at);
  if (field.derive) checkDerivedDate(doc, name, field, ptr, all, at);
  if (field.type === 'formula' || (field.type === 'enum' && field.formula !== undefined)) {
    for (const p of checkRule(field.formula, ruleScopeOf(doc), { purpose: 'formula' })) at(`${ptr}/formula${p.pointer}`, p.message, p.expected);
  }
}

function checkRollup(doc: EntityDoc, field: FieldDoc, ptr: string, all: ReadonlyMap<string, LocatedEntity>, at: At): void {
  let sourceName: string | undefined;
  if ((field.of === undefined) === (field.from === undefined)) at(ptr, 'a rollup aggregates either its lines ("of") or the records pointing at it ("from")');
  else if (field.from) {
    const other = all.get(field.from.entity)?.doc;
    const via = other?.fields[field.from.via];
    if (!other) at(`${ptr}/from/entity`, `unknown entity "${field.from.entity}"`);
    else if (via?.type !== 'ref' || via.target !== doc.name) at(`${ptr}/from/via`, `"${field.from.entity}.${field.from.via}" is not a ref field pointing to "${doc.name}"`);
    else sourceName = field.from.entity;
  } else {
    const lines = doc.fields[field.of!];
    if (lines?.type !== 'children') at(`${ptr}/of`, `"${field.of}" is not a lines (children) field of "${doc.name}"`);
    else sourceName = lines.target;
  }
  const child = sourceName ? all.get(sourceName)?.doc : undefined;
  if (!child) return;
  if (field.where !== undefined) for (const p of checkRule(field.where, ruleScopeOf(child), { purpose: 'condition' })) at(`${ptr}/where${p.pointer}`, p.message, p.expected);
  if (field.aggregate === 'count') return;
  const source = field.field ? child.fields[field.field] : undefined;
  const numeric = source && (['integer', 'decimal', 'money'].includes(source.type) || (['formula', 'rollup'].includes(source.type) && ['integer', 'decimal', 'money'].includes(source.resultType ?? '')));
  if (!numeric) at(`${ptr}/field`, `"${field.field ?? ''}" is not a number field of "${sourceName}"`);
}

function checkChildren(doc: EntityDoc, field: FieldDoc, ptr: string, target: LocatedEntity, at: At): void {
  const fk = target.doc.fields[field.foreignKey!];
  if (!fk) {
    at(`${ptr}/foreignKey`, `entity "${target.doc.name}" has no field "${field.foreignKey}"`);
  } else if (fk.type !== 'ref' || fk.target !== doc.name) {
    at(`${ptr}/foreignKey`, `"${target.doc.name}.${field.foreignKey}" must be a ref to "${doc.name}"`);
  } else if ((fk.onDelete ?? 'restrict') !== 'cascade') {
    at(`${ptr}/foreignKey`, `"${target.doc.name}.${field.foreignKey}" must use onDelete "cascade": lines are owned by their parent`);
  }
}

/** What rules and formulas of this entity may reference: its own single-valued fields, system fields included. */
export function ruleScopeOf(doc: EntityDoc): RuleScope {
  const fields = new Map<string, { kind: NonNullable<ReturnType<typeof valueKindOf>>; column: string }>();
  const add = (name: string, f: FieldDoc, system: boolean) => {
    const kind = valueKindOf({ ...f, name, system });
    if (kind) fields.set(name, { kind, column: `"${name}"` });
  };
  for (const [name, f] of Object.entries(SYSTEM_FIELDS)) add(name, f, true);
  for (const [name, f] of Object.entries(doc.fields)) add(name, f, false);
  return { fields };
}

function checkFormulaCycles(entity: LocatedEntity): ErrorDetail[] {
  const formulas = new Map<string, string[]>();
  for (const [name, f] of Object.entries(entity.doc.fields)) {
    if (f.formula !== undefined) formulas.set(name, varsOf(f.formula).filter((v) => entity.doc.fields[v]?.formula !== undefined));
  }
  const problems: ErrorDetail[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      problems.push({ file: entity.file, pointer: `/fields/${escape(name)}/formula`, message: `formula cycle: ${[...path, name].join(' → ')}` });
      return;
    }
    state.set(name, 'visiting');
    for (const dep of formulas.get(name) ?? []) visit(dep, [...path, name]);
    state.set(name, 'done');
  };
  for (const name of formulas.keys()) visit(name, []);
  return problems;
}

/** Every `var` name used in a json-logic expression. */
export function varsOf(rule: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [op, arg] of Object.entries(node)) {
        if (op === 'var') {
          const name = Array.isArray(arg) ? arg[0] : arg;
          if (typeof name === 'string') out.push(name.split('.')[0]!);
        } else walk(arg);
      }
    }
  };
  walk(rule);
  return out;
}
