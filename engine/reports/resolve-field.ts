// Resolves a report's field paths (stage, customer.region) to SQL columns, joining referenced entities under the
// viewer's own row scope for them, and collects what the viewer may not read (403) apart from what does not exist (422).
import { EngineError, type ErrorDetail, type RequestContext } from '../core/index.ts';
import { qualified, quoteIdent } from '../db/index.ts';
import { valueKindOf, type EntityDef, type FieldDef, type Labels, type ValueKind } from '../metadata/index.ts';

export interface ResolvedField {
  path: string;
  field: FieldDef;
  /** The entity the last segment belongs to. */
  entity: EntityDef;
  kind: ValueKind;
  /** Qualified column, e.g. "j0"."region". */
  column: string;
  labels: Labels;
}

interface Join {
  alias: string;
  entity: EntityDef;
  sql: string;
  bindings: unknown[];
}

/** Kinds a report can group, filter or aggregate: one comparable value per record. */
const REPORTABLE = new Set<ValueKind>(['string', 'number', 'boolean', 'date', 'datetime', 'uuid']);

export class FieldResolver {
  /** Refusals for lack of rights: the request is answered 403 naming each path. */
  readonly forbidden: ErrorDetail[] = [];
  /** Paths that do not name a reportable field. */
  readonly problems: ErrorDetail[] = [];
  private readonly joins = new Map<string, Join>();

  constructor(
    private readonly ctx: RequestContext,
    readonly base: EntityDef,
  ) {}

  entityNamed(name: string): EntityDef {
    return this.ctx.model.entities.get(name)!;
  }

  /** The LEFT JOINs the resolved paths need, in order (each carries the target's row scope in its ON clause). */
  joinSql(): { sql: string; bindings: unknown[] } {
    const joins = [...this.joins.values()];
    return { sql: joins.map((j) => ` ${j.sql}`).join(''), bindings: joins.flatMap((j) => j.bindings) };
  }

  /** Resolves `path`, recording a problem at `pointer` and answering undefined when it cannot be used. */
  resolve(path: string, pointer: string): ResolvedField | undefined {
    return this.walk(path, pointer, true);
  }

  /** Resolves without recording anything: for extras the viewer did not ask for (a group's display names). */
  tryResolve(path: string): ResolvedField | undefined {
    return this.walk(path, '', false);
  }

  private walk(path: string, pointer: string, record: boolean): ResolvedField | undefined {
    const segments = path.split('.');
    let entity = this.base;
    let alias = 'r';
    const labels: Labels[] = [];
    const fail = (list: ErrorDetail[], message: string) => {
      if (record) list.push({ path: pointer, message });
      return undefined;
    };
    for (let i = 0; i < segments.length; i++) {
      const name = segments[i]!;
      const field = entity.fields.get(name);
      const shown = segments.slice(0, i + 1).join('.');
      if (!field) return fail(this.problems, `unknown field "${shown}"`);
      if (!this.ctx.access.canReadField(entity, name)) return fail(this.forbidden, `no right to read "${shown}"`);
      labels.push(field.labels);
      if (i === segments.length - 1) {
        const kind = field.stored ? valueKindOf(field) : undefined;
        if (!kind || !REPORTABLE.has(kind)) return fail(this.problems, `"${shown}" is a ${field.type} field, which a report cannot group, filter or aggregate`);
        return { path, field, entity, kind, column: `${quoteIdent(alias)}.${quoteIdent(name)}`, labels: joinLabels(labels) };
      }
      if (field.type !== 'ref') return fail(this.problems, `"${shown}" is not a reference, so "${path}" cannot go through it`);
      const target = this.ctx.model.entities.get(field.target!)!;
      if (!this.canRead(target)) return fail(this.forbidden, `no right to read ${target.labels.en} records (through "${shown}")`);
      alias = this.join(shown, alias, name, target).alias;
      entity = target;
    }
    return undefined;
  }

  private canRead(target: EntityDef): boolean {
    try {
      this.ctx.access.assertCan(target, 'read');
      return true;
    } catch (e) {
      if (e instanceof EngineError && e.code === 'FORBIDDEN') return false;
      throw e;
    }
  }

  // The target's own row scope sits in the ON clause: a referenced record the viewer cannot read reveals nothing (its
  // fields read as NULL), while the base record still counts where the viewer may read it.
  private join(key: string, fromAlias: string, refField: string, target: EntityDef): Join {
    let join = this.joins.get(key);
    if (join) return join;
    const alias = `j${this.joins.size}`;
    const scope = this.ctx.access.rowScope(target, 'read', alias);
    join = {
      alias,
      entity: target,
      sql: `left join ${qualified(this.ctx.tenant, target.name)} ${alias} on ${alias}.id = ${quoteIdent(fromAlias)}.${quoteIdent(refField)}${scope ? ` and (${scope.sql})` : ''}`,
      bindings: scope ? [...scope.bindings] : [],
    };
    this.joins.set(key, join);
    return join;
  }
}

function joinLabels(parts: Labels[]): Labels {
  return { 'zh-CN': parts.map((l) => l['zh-CN']).join('·'), en: parts.map((l) => l.en).join(' · ') };
}
